/* dp_bench.c — the world of bench/monitoring (see dp_store.h): a council with many direct payments
 * ready for statements, made with bulk INSERTs (making 120,000 plans and agreements one by one
 * through the planning store would take longer than the benchmark itself, and is not what it
 * measures), and each account's synthetic statement. What the benchmark measures is the product's
 * own path: statement_csv_parse, dp_import (matching and storing), dp_monitor_run. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "store/dp_store.h"
#include "store/records.h"
#include "store/store.h"

#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define STATEMENT_DAYS 84 /* twelve weeks of statements, inside the 13 weeks monitoring reads */

static const char *const given[] = {"Amira", "Ben",   "Chloe", "Dev",   "Ellen", "Faisal",
                                    "Grace", "Harry", "Isla",  "Jonah", "Kiran", "Leah"};
static const char *const family[] = {"ADAMS",  "BEGUM", "CLARKE", "DAVIES", "EVANS",
                                     "FISHER", "GREEN", "HUGHES", "IQBAL",  "JONES",
                                     "KHAN",   "LEWIS", "MORGAN", "NOLAN",  "OWENS"};

/* Runs one prepared INSERT ... RETURNING id with text/integer arguments given as a format: 'i'
 * an int64, 't' a string, 'n' NULL. */
static int insert(struct store_conn *c, const char *sql, const char *fmt, int64_t *id,
                  struct err *e, ...)
{
    struct store_stmt *s;
    va_list ap;
    int rc, k = 1;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    va_start(ap, e);
    for (const char *f = fmt; *f; f++, k++) {
        if (*f == 'i')
            store_bind_i64(s, k, va_arg(ap, int64_t));
        else if (*f == 't')
            store_bind_text(s, k, va_arg(ap, const char *));
        else
            store_bind_null(s, k);
    }
    va_end(ap);
    rc = store_step(s, e);
    if (rc == STORE_ROW && id)
        *id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    return 0;
}

static const char *pa_name(size_t i, char *out, size_t n)
{
    snprintf(out, n, "%s %s", given[(i * 7) % 12], family[(i / 3) % 15]);
    return out;
}

static int seed_one(struct store_conn *c, int64_t council, int64_t staff, size_t i, day_t today,
                    const char *stamp, int64_t *dp_id, struct err *e)
{
    char ref[40], dob[DATE_ISO_SIZE], start_s[DATE_ISO_SIZE], signed_s[DATE_ISO_SIZE],
        review1[DATE_ISO_SIZE], review2[DATE_ISO_SIZE], gkey[64], fkey[64], pa[80], payee[19],
        bacs_ref[19], fam[80];
    const char *g = given[i % 12], *f = family[(i / 12) % 15];
    int64_t person = 0, plan = 0, l1 = 0, l2 = 0, l3 = 0, l4 = 0, ag = 0, dp = 0;
    day_t start = today - 200 - (day_t)(i % 300);
    int rc;
    snprintf(ref, sizeof ref, "BENCH-%07zu", i + 1);
    date_format_iso((day_t)(-7300 + (int64_t)(i * 37) % 18000), dob);
    date_format_iso(start, start_s);
    date_format_iso(start - 7, signed_s);
    date_format_iso(start + 180, review1);
    date_format_iso(start + 365, review2);
    person_name_key(g, gkey, sizeof gkey);
    person_name_key(f, fkey, sizeof fkey);
    pa_name(i, pa, sizeof pa);
    snprintf(payee, sizeof payee, "%.6s %.11s", g, f);
    snprintf(bacs_ref, sizeof bacs_ref, "DP%07u", (unsigned)((i + 1) % 10000000));
    snprintf(fam, sizeof fam, "MARY %s", f);
    if ((rc = insert(c,
                     "INSERT INTO people (council_id, reference, given_name, family_name, "
                     "given_key, family_key, date_of_birth, client_group, allocated_worker_id, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'older_people', ?, ?, "
                     "?) RETURNING id",
                     "ittttttitt", &person, e, council, ref, g, f, gkey, fkey, dob, staff, stamp,
                     stamp)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO plans (council_id, person_id, version, revision, status, "
                     "start_date, planned_by, submitted_hash, signed_off_hash, signed_off_on, "
                     "created_at, created_by, updated_at, updated_by) VALUES (?, ?, 1, 0, "
                     "'signed_off', ?, 'self', ?, ?, ?, ?, 'system', ?, 'system') RETURNING id",
                     "iittttt" "t", &plan, e, council, person, start_s, HASH_A, HASH_A, signed_s,
                     stamp, stamp)) != 0)
        return rc;
    if ((rc = insert(c,
                     "INSERT INTO plan_lines (council_id, plan_id, ord, line_key, kind, "
                     "description, frequency, quantity, unit_cost, managed_by, pa_name) VALUES (?, "
                     "?, 0, 'l1', 'pa_hours', 'Personal assistant', 'weekly', 600, 1260, "
                     "'direct_payment', ?) RETURNING id",
                     "iit", &l1, e, council, plan, pa)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO plan_lines (council_id, plan_id, ord, line_key, kind, "
                     "description, frequency, quantity, unit_cost, managed_by, provider) VALUES "
                     "(?, ?, 1, 'l2', 'agency_hours', 'Agency care', 'weekly', 120, 2400, "
                     "'direct_payment', 'BRIGHT CARE LTD') RETURNING id",
                     "ii", &l2, e, council, plan)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO plan_lines (council_id, plan_id, ord, line_key, kind, "
                     "description, frequency, quantity, unit_cost, managed_by, provider) VALUES "
                     "(?, ?, 2, 'l3', 'activity', 'Gym membership', 'monthly', 1, 2500, "
                     "'direct_payment', 'LEISURE CENTRE') RETURNING id",
                     "ii", &l3, e, council, plan)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO plan_lines (council_id, plan_id, ord, line_key, kind, "
                     "description, frequency, quantity, unit_cost, managed_by) VALUES (?, ?, 3, "
                     "'l4', 'other', 'Help with shopping', 'weekly', 1, 3000, 'direct_payment') "
                     "RETURNING id",
                     "ii", &l4, e, council, plan)) != 0)
        return rc;
    if ((rc = insert(c,
                     "INSERT INTO dp_agreements (council_id, person_id, plan_id, plan_hash, hash, "
                     "title, body, recipient, account, start_date, dp_annual, payment, "
                     "first_review, next_review, status, created_by, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, 'Direct payment agreement', '[]', 'person', 'bank', "
                     "?, 1300000, 92000, ?, ?, 'accepted', ?, ?, ?) RETURNING id",
                     "iiitttttitt", &ag, e, council, person, plan, HASH_A, HASH_B, start_s,
                     review1, review2, staff, stamp, stamp)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO dp_acceptances (council_id, agreement_id, by_name, capacity, "
                     "accepted_on, agreement_hash, plan_hash, actor, created_at) VALUES (?, ?, ?, "
                     "'person', ?, ?, ?, 'system', ?) RETURNING id",
                     "iittttt", NULL, e, council, ag, g, signed_s, HASH_B, HASH_A, stamp)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO direct_payments (council_id, person_id, plan_id, agreement_id, "
                     "start_date, account_kind, payee_name, sort_code, account_number, "
                     "bacs_reference, contingency, employs_pas, employing_since, created_by, "
                     "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'bank', ?, '123456', "
                     "'12345678', ?, 20000, 1, ?, 'system', ?, ?) RETURNING id",
                     "iiiitttttt", &dp, e, council, person, plan, ag, start_s, payee, bacs_ref,
                     start_s, stamp, stamp)) != 0 ||
        (rc = insert(c,
                     "INSERT INTO dp_rates (council_id, dp_id, from_date, weekly_amount, "
                     "weekly_contribution, reason, created_by, created_at) VALUES (?, ?, ?, 25000, "
                     "2000, 'Agreed', 'system', ?) RETURNING id",
                     "iitt", NULL, e, council, dp, start_s, stamp)) != 0)
        return rc;
    {
        static const char *const sql =
            "INSERT INTO dp_payees (council_id, dp_id, name, aliases, plan_line_id, is_pa, "
            "is_agency, is_hmrc, family_same_household, created_by, created_at) VALUES (?, ?, ?, "
            "?, ?, ?, ?, ?, ?, 'system', ?) RETURNING id";
        if ((rc = insert(c, sql, "iittiiiiit", NULL, e, council, dp, pa, "", l1, (int64_t)1,
                         (int64_t)0, (int64_t)0, (int64_t)0, stamp)) != 0 ||
            (rc = insert(c, sql, "iittiiiiit", NULL, e, council, dp, "BRIGHT CARE LTD", "",
                         l2, (int64_t)0, (int64_t)1, (int64_t)0, (int64_t)0, stamp)) != 0 ||
            (rc = insert(c, sql, "iittiiiiit", NULL, e, council, dp, "LEISURE CENTRE",
                         "LEISURE CTR", l3, (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)0,
                         stamp)) != 0 ||
            (rc = insert(c, sql, "iittiiiiit", NULL, e, council, dp, "HMRC",
                         "HMRC PAYE|HMRC CUMBERNAULD", l1, (int64_t)0, (int64_t)0, (int64_t)1,
                         (int64_t)0, stamp)) != 0)
            return rc;
        /* One account in twenty pays a relative at home, with no authorisation recorded. */
        if (i % 20 == 7 && (rc = insert(c, sql, "iittniiiit", NULL, e, council, dp, fam, "",
                                        (int64_t)0, (int64_t)0, (int64_t)0, (int64_t)1,
                                        stamp)) != 0)
            return rc;
    }
    if ((rc = insert(c,
                     "INSERT INTO dp_match_rules (council_id, dp_id, field, op, pattern, "
                     "plan_line_id, created_by, created_at) VALUES (?, ?, 'description', "
                     "'contains', 'TESCO', ?, 'system', ?) RETURNING id",
                     "iiit", NULL, e, council, dp, l4, stamp)) != 0)
        return rc;
    *dp_id = dp;
    return 0;
}

int dp_bench_seed(struct store_conn *c, size_t accounts, day_t today, int64_t now,
                  struct dp_bench_world *w, struct err *e)
{
    struct council co;
    struct staff s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    memset(w, 0, sizeof *w);
    w->today = today;
    w->ids = calloc(accounts ? accounts : 1, sizeof *w->ids);
    if (!w->ids)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    store_time_format(now, stamp);
    /* SQLite's default page cache is 2 MiB; a bulk import of millions of rows keeps the growing
     * tables' and indexes' upper pages hot with more (256 MiB here, well inside the benchmark's
     * memory budget). */
    if (store_backend_of(store_of(c)) == STORE_SQLITE &&
        (rc = store_exec(c, "PRAGMA cache_size = -262144", e)) != 0)
        return rc;
    memset(&co, 0, sizeof co);
    str_copy(co.code, sizeof co.code, "BENCH");
    str_copy(co.name, sizeof co.name, "Benchmark Council");
    if ((rc = store_begin(c, e)) != 0)
        return rc;
    if ((rc = council_create(c, &co, now, e)) != 0)
        goto fail;
    memset(&s, 0, sizeof s);
    str_copy(s.name, sizeof s.name, "Sam Worker");
    str_copy(s.email, sizeof s.email, "worker@bench.example");
    s.role = ROLE_SOCIAL_WORKER;
    s.active = true;
    if ((rc = staff_create(c, co.id, &s, now, e)) != 0)
        goto fail;
    w->council_id = co.id;
    for (size_t i = 0; i < accounts; i++) {
        if ((rc = seed_one(c, co.id, s.id, i, today, stamp, &w->ids[i], e)) != 0)
            goto fail;
        w->n++;
        if (i % 5000 == 4999 && ((rc = store_commit(c, e)) != 0 || (rc = store_begin(c, e)) != 0))
            goto fail;
    }
    if ((rc = store_commit(c, e)) != 0)
        goto fail;
    return store_exec(c, "ANALYZE", e);
fail:
    store_rollback(c);
    return rc;
}

void dp_bench_world_release(struct dp_bench_world *w)
{
    free(w->ids);
    memset(w, 0, sizeof *w);
}

/* A deterministic pseudo-random number for row k of account i. */
static uint32_t mix(size_t i, size_t k)
{
    uint64_t x = (uint64_t)i * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)k * UINT64_C(0xBF58476D1CE4E5B9);
    x ^= x >> 31;
    x *= UINT64_C(0x94D049BB133111EB);
    x ^= x >> 29;
    return (uint32_t)x;
}

int dp_bench_statement(const struct dp_bench_world *w, size_t i, size_t rows, struct buf *out,
                       struct err *e)
{
    day_t first = w->today - STATEMENT_DAYS;
    int64_t bal = 0;
    char pa[80], fam[80];
    bool quiet = i % 100 == 1;   /* stopped spending early: a check-in */
    bool surplus = i % 30 == 11; /* savings moved in: a surplus to review */
    int rc = 0;
    pa_name(i, pa, sizeof pa);
    snprintf(fam, sizeof fam, "MARY %s", family[(i / 12) % 15]);
    rc |= buf_adds(out, "Date,Description,Amount,Balance,Reference,Payee\n");
    for (size_t k = 0; k < rows; k++) {
        day_t day = first + (day_t)((k * STATEMENT_DAYS) / (rows ? rows : 1));
        uint32_t r = mix(i, k);
        const char *desc, *payee = "", *ref = "";
        char refbuf[24], descbuf[64], d[DATE_ISO_SIZE], a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];
        int64_t amount;
        if (k % 28 == 0) {
            desc = "Direct payment";
            payee = "BENCHMARK COUNCIL";
            ref = "DP PAYMENT";
            amount = k == 0 ? 142000 : 92000;
        } else if (surplus && k == 5) {
            desc = "Savings moved in";
            payee = "OWN ACCOUNT";
            amount = 500000;
        } else if (quiet && k > rows / 4) {
            desc = "Interest";
            amount = 1 + (int64_t)(r % 50);
        } else {
            switch (r % 16) {
            case 0: case 1: case 2: case 3:
                desc = "Wages";
                payee = pa;
                ref = "WAGES";
                amount = -6048;
                break;
            case 4: case 5:
                desc = "Invoice";
                payee = "BRIGHT CARE LTD";
                snprintf(refbuf, sizeof refbuf, "INV %u", 1000 + r % 9000);
                ref = refbuf;
                amount = -4800;
                break;
            case 6:
                desc = "Membership";
                payee = "LEISURE CENTRE";
                ref = "MEMBER";
                amount = -2500;
                break;
            case 7: case 8: case 9: case 10:
                snprintf(descbuf, sizeof descbuf, "CARD PAYMENT TO TESCO STORES %u", 1000 + r % 9000);
                desc = descbuf;
                amount = -(int64_t)(500 + r % 4000);
                break;
            case 11:
                desc = "CASH WITHDRAWAL ATM";
                amount = i % 50 == 3 && k < 40 ? -30000 : -2000;
                break;
            case 12:
                desc = "HMRC PAYE";
                payee = "HMRC";
                ref = "120PA00012345";
                amount = -1200;
                break;
            case 13:
                if (i % 20 == 7) {
                    desc = "Transfer";
                    payee = fam;
                    amount = -2500;
                    break;
                }
                desc = "Card payment";
                payee = i % 7 == 0 ? "CORNER CAFE" : "LEISURE CENTRE";
                amount = -850;
                break;
            default:
                desc = "Wages";
                payee = pa;
                ref = "WAGES";
                amount = -3024;
                break;
            }
        }
        bal += amount;
        date_format_iso(day, d);
        money_format(amount, MONEY_FMT_PLAIN, a, sizeof a);
        money_format(bal, MONEY_FMT_PLAIN, b, sizeof b);
        rc |= buf_addf(out, "%s,%s,%s,%s,%s,%s\n", d, desc, a, b, ref, payee);
    }
    return rc ? err_set(e, ERR_RANGE, "The statement does not fit.") : 0;
}
