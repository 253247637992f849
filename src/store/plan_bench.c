/* plan_bench.c — planning data in bulk for the managers' reports (see plan_bench.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "store/plan_bench.h"
#include "store/records.h"
#include "store/store.h"

#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static const char *const groups[] = {"older_people",  "learning_disability", "mental_health",
                                     "physical_disability", "autism", "sensory_impairment",
                                     "other"};
static const char *const teams[] = {"North", "South", "East", "West"};

/* One prepared INSERT with arguments given as a format: 'i' an int64, 'o' an id (0 binds NULL),
 * 't' a string, 'n' NULL. The
 * id of the new row (RETURNING id) goes to *id when id is not NULL. */
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
        else if (*f == 'o')
            store_bind_id_or_null(s, k, va_arg(ap, int64_t));
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
    return rc < 0 ? rc : 0;
}

/* A deterministic pseudo-random number for (seed, i, k). */
static uint32_t mix(uint32_t seed, int64_t i, int k)
{
    uint64_t x = ((uint64_t)i + 1) * UINT64_C(0x9E3779B97F4A7C15) ^
                 ((uint64_t)k + 1) * UINT64_C(0xBF58476D1CE4E5B9) ^ (uint64_t)seed << 17;
    x ^= x >> 31;
    x *= UINT64_C(0x94D049BB133111EB);
    x ^= x >> 29;
    return (uint32_t)x;
}

static int add_budget(struct store_conn *c, int64_t council, int64_t person, int64_t worker,
                      int64_t annual, day_t agreed, const char *status, const char *stamp,
                      struct err *e)
{
    char on[DATE_ISO_SIZE], due[DATE_ISO_SIZE];
    date_format_iso(agreed, on);
    date_format_iso(agreed + 42, due);
    return insert(c,
                  "INSERT INTO plan_budgets (council_id, person_id, annual, status, hash, "
                  "proposed_by, proposed_on, agreed_on, agreed_by, plan_due_on, created_at, "
                  "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  "iiittittittt", NULL, e, council, person, annual, status, HASH_A, worker, on, on,
                  worker, due, stamp, stamp);
}

/* An offer: r picks the pattern (all offered; a direct payment not available; a mix chosen). */
static int add_offer(struct store_conn *c, int64_t council, int64_t person, int64_t worker,
                     day_t on, uint32_t r, int64_t annual, const char *stamp, struct err *e)
{
    char d[DATE_ISO_SIZE];
    bool dp_out = r % 5 == 1, chosen = r % 7 != 3;
    int64_t dp = 0, cm = 0, isf = 0;
    date_format_iso(on, d);
    if (chosen) {
        switch (r % 4) {
        case 0: cm = annual; break;
        case 1: isf = annual; break;
        case 2: cm = annual / 2; isf = annual - cm; break;
        default:
            if (dp_out)
                cm = annual;
            else
                dp = annual;
        }
        if (!dp_out && r % 11 == 5) {
            dp = annual / 3;
            cm = annual - dp;
            isf = 0;
        }
    }
    return insert(c,
                  "INSERT INTO choice_offers (council_id, person_id, offered_by, offered_on, "
                  "format, present, dp_offered, dp_unavailable, dp_unavailable_text, cm_offered, "
                  "cm_unavailable, isf_offered, isf_unavailable, chosen, amount_dp, amount_cm, "
                  "amount_isf, isf_provider, reasons, created_at) VALUES (?, ?, ?, ?, ?, "
                  "'The person', ?, ?, ?, 1, 'available', ?, 'available', ?, ?, ?, ?, ?, "
                  "'Fictional', ?) RETURNING id",
                  "iiittittiiiiitt", NULL, e, council, person, worker, d,
                  r % 3 == 0 ? "easy_read" : "standard", (int64_t)(dp_out ? 0 : 1),
                  dp_out ? "lacks_capacity_no_suitable_person" : "available", "",
                  (int64_t)(r % 13 == 4 ? 0 : 1), (int64_t)(chosen ? 1 : 0), dp, cm, isf,
                  isf > 0 ? "Fictional Care Ltd" : "", stamp);
}

static int add_line(struct store_conn *c, int64_t council, int64_t plan, int ord,
                    const char *kind, const char *desc, const char *freq, int64_t qty,
                    int64_t unit, int64_t day_centre, struct err *e)
{
    char key[8];
    snprintf(key, sizeof key, "l%d", ord + 1);
    return insert(c,
                  "INSERT INTO plan_lines (council_id, plan_id, ord, line_key, kind, description, "
                  "frequency, quantity, unit_cost, outcomes, managed_by, day_centre) VALUES (?, ?, "
                  "?, ?, ?, ?, ?, ?, ?, 'o1', 'council_managed', ?) RETURNING id",
                  "iiittttiii", NULL, e, council, plan, (int64_t)ord, key, kind, desc, freq, qty,
                  unit, day_centre);
}

/* A signed-off plan (version 1), and for one in ten a newer draft (version 2) beside it. The
 * lines are chosen by r: agency hours and day-centre places (traditional), day opportunities
 * that are not a day centre, activities, transport, one-off equipment; no PA lines, so the
 * figures do not depend on which payroll years are loaded. */
static int add_plan(struct store_conn *c, int64_t council, int64_t person, day_t signed_on,
                    uint32_t r, int version, const char *stamp, struct plan_bench_counts *k,
                    struct err *e)
{
    char start[DATE_ISO_SIZE], so[DATE_ISO_SIZE];
    int64_t plan = 0;
    int rc, ord = 0;
    bool draft = version > 1;
    date_format_iso(signed_on + 7, start);
    date_format_iso(signed_on, so);
    if ((rc = draft ? insert(c,
                             "INSERT INTO plans (council_id, person_id, version, status, "
                             "start_date, planned_by, created_at, created_by, updated_at, "
                             "updated_by) VALUES (?, ?, ?, 'draft', ?, 'self', ?, 'system', ?, "
                             "'system') RETURNING id",
                             "iiittt", &plan, e, council, person, (int64_t)version, start, stamp,
                             stamp)
                    : insert(c,
                             "INSERT INTO plans (council_id, person_id, version, status, "
                             "start_date, planned_by, submitted_hash, signed_off_hash, "
                             "signed_off_on, created_at, created_by, updated_at, updated_by) "
                             "VALUES (?, ?, ?, 'signed_off', ?, ?, ?, ?, ?, ?, 'system', ?, "
                             "'system') RETURNING id",
                             "iiittttttt", &plan, e, council, person, (int64_t)version, start,
                             r % 3 == 0 ? "worker" : r % 3 == 1 ? "self" : "family", HASH_B,
                             HASH_B, so, stamp, stamp)) != 0)
        return rc;
    if ((rc = insert(c,
                     "INSERT INTO plan_outcomes (council_id, plan_id, ord, outcome_key, "
                     "outcome_text) VALUES (?, ?, 0, 'o1', 'Live well at home') RETURNING id",
                     "ii", NULL, e, council, plan)) != 0)
        return rc;
    if (r % 4 != 3 &&
        (rc = add_line(c, council, plan, ord++, "agency_hours", "Home care", "weekly",
                       (int64_t)(60 * (1 + r % 14)), 2350 + (int64_t)(r % 5) * 25, 0, e)) != 0)
        return rc;
    if (r % 3 == 0 &&
        (rc = add_line(c, council, plan, ord++, "day_opportunity", "Day centre", "weekly",
                       (int64_t)(1 + r % 3), 4500, 1, e)) != 0)
        return rc;
    if (r % 5 >= 2 &&
        (rc = add_line(c, council, plan, ord++, "day_opportunity", "Allotment group", "weekly",
                       1, 1800, 0, e)) != 0)
        return rc;
    if (r % 2 == 0 &&
        (rc = add_line(c, council, plan, ord++, "activity", "Gym membership", "monthly", 1,
                       2500 + (int64_t)(r % 7) * 100, 0, e)) != 0)
        return rc;
    if (r % 7 == 2 &&
        (rc = add_line(c, council, plan, ord++, "transport", "Taxi to the class",
                       "four_weekly", 4, 1200, 0, e)) != 0)
        return rc;
    if (r % 9 == 4 &&
        (rc = add_line(c, council, plan, ord++, "equipment", "Tablet", "one_off", 1, 19900, 0,
                       e)) != 0)
        return rc;
    if (ord == 0 &&
        (rc = add_line(c, council, plan, ord++, "community_free", "Walking group", "weekly", 1,
                       0, 0, e)) != 0)
        return rc;
    k->plans++;
    k->lines += ord;
    return 0;
}

static int seed_person(struct store_conn *c, int64_t council, const int64_t *workers,
                       size_t nworkers, int i, day_t from, uint32_t seed, const char *stamp,
                       struct plan_bench_counts *k, struct err *e)
{
    char ref[32], dob[DATE_ISO_SIZE], gkey[64], fkey[64];
    uint32_t r = mix(seed, i, 0), r2 = mix(seed, i, 1);
    int64_t person = 0, worker = workers[r % nworkers];
    int64_t annual = 520000 + (int64_t)(r2 % 2000) * 1000;
    day_t agreed = from + (day_t)(r2 % 365);
    int rc;
    snprintf(ref, sizeof ref, "PB-%07d", i + 1);
    snprintf(gkey, sizeof gkey, "PERSON");
    snprintf(fkey, sizeof fkey, "PB%07d", i + 1);
    date_format_iso((day_t)(-9000 + (int64_t)(r % 20000)), dob);
    if ((rc = insert(c,
                     "INSERT INTO people (council_id, reference, given_name, family_name, "
                     "given_key, family_key, date_of_birth, client_group, allocated_worker_id, "
                     "created_at, updated_at) VALUES (?, ?, 'Person', ?, ?, ?, ?, ?, ?, ?, ?) "
                     "RETURNING id",
                     "ittttttott", &person, e, council, ref, fkey, gkey, fkey, dob,
                     groups[(r >> 8) % 7], (int64_t)(r % 29 == 0 ? 0 : worker), stamp,
                     stamp)) != 0)
        return rc;
    k->people++;
    /* One in eight had an earlier budget (before the period for half of them) later replaced. */
    if (r % 8 == 1) {
        if ((rc = add_budget(c, council, person, worker, annual - 50000,
                             agreed - (r2 % 2 ? 400 : 10), "replaced", stamp, e)) != 0)
            return rc;
        k->budgets++;
    }
    if ((rc = add_budget(c, council, person, worker, annual, agreed, "agreed", stamp, e)) != 0)
        return rc;
    k->budgets++;
    /* Offers: one in six none; one in five two (on the same day for some: the later id
     * counts); an offer after the budget for some. */
    if (r % 6 != 0) {
        day_t on = agreed - (day_t)(r2 % 20);
        if ((rc = add_offer(c, council, person, worker, on, r2, annual, stamp, e)) != 0)
            return rc;
        k->offers++;
        if (r % 5 == 2) {
            if ((rc = add_offer(c, council, person, worker, on + (day_t)(r % 2 ? 0 : 3),
                                mix(seed, i, 2), annual, stamp, e)) != 0)
                return rc;
            k->offers++;
        }
    }
    /* Plans: one in ten none; signed off some days after the budget (some after the period). */
    if (r % 10 != 0) {
        if ((rc = add_plan(c, council, person, agreed + (day_t)(r2 % 30), mix(seed, i, 3), 1,
                           stamp, k, e)) != 0)
            return rc;
        if (r % 10 == 7 &&
            (rc = add_plan(c, council, person, agreed + 60, mix(seed, i, 4), 2, stamp, k,
                           e)) != 0)
            return rc;
    }
    return 0;
}

int plan_bench_seed(struct store_conn *c, int64_t council_id, int n, day_t from, uint32_t seed,
                    int64_t now, struct plan_bench_counts *out, struct err *e)
{
    char stamp[STORE_TIME_SIZE];
    int64_t team_ids[4], workers[256];
    size_t nworkers = (size_t)(n / 400 + 3);
    int rc;
    memset(out, 0, sizeof *out);
    if (n < 0)
        return err_set(e, ERR_INVALID, "The number of people cannot be negative.");
    if (nworkers > 256)
        nworkers = 256;
    store_time_format(now, stamp);
    if ((rc = store_begin(c, e)) != 0)
        return rc;
    for (int t = 0; t < 4; t++) {
        struct team tm;
        memset(&tm, 0, sizeof tm);
        snprintf(tm.name, sizeof tm.name, "Bench %s", teams[t]);
        if ((rc = team_create(c, council_id, &tm, now, e)) != 0)
            goto fail;
        team_ids[t] = tm.id;
    }
    for (size_t w = 0; w < nworkers; w++) {
        struct staff s;
        memset(&s, 0, sizeof s);
        snprintf(s.name, sizeof s.name, "Bench worker %zu", w + 1);
        snprintf(s.email, sizeof s.email, "bench-worker-%zu@bench.example", w + 1);
        s.role = ROLE_SOCIAL_WORKER;
        s.team_id = team_ids[w % 4];
        s.active = true;
        if ((rc = staff_create(c, council_id, &s, now, e)) != 0)
            goto fail;
        workers[w] = s.id;
    }
    for (int i = 0; i < n; i++) {
        if ((rc = seed_person(c, council_id, workers, nworkers, i, from, seed, stamp, out, e)) != 0)
            goto fail;
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
