/* dp_fixture.c — the direct payments of the test world (see dp_store.h, dp_fixture_seed), made
 * through the same store functions the product uses: a plan signed off, an agreement accepted, the
 * direct payment set up, a batch made, approved by a second person and released, a statement
 * imported and the monitoring rules run. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/plan.h"
#include "base/money.h"
#include "io/statement_csv.h"
#include "store/dp_store.h"
#include "store/ledger_store.h"
#include "store/plan_store.h"
#include "store/records.h"
#include "store/web_store.h"

static int staff_with_login(struct store_conn *c, int64_t council, const char *name,
                            const char *email, enum staff_role role, const char *pw_hash,
                            int64_t now, int64_t *id, struct err *e)
{
    struct staff s;
    int rc;
    memset(&s, 0, sizeof s);
    str_copy(s.name, sizeof s.name, name);
    str_copy(s.email, sizeof s.email, email);
    s.role = role;
    s.active = true;
    if ((rc = staff_create(c, council, &s, now, e)) != 0 ||
        (rc = web_login_set_password(c, LOGIN_STAFF, council, s.id, pw_hash, now, e)) != 0)
        return rc;
    *id = s.id;
    return 0;
}

static int64_t staff_id_of(struct store_conn *c, int64_t council, const char *email)
{
    struct staff s;
    struct err e = {0};
    return staff_find_email(c, council, email, &s, &e) == 0 ? s.id : 0;
}

static void hex_sha256(const char *text, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
    for (size_t i = 0; i < sizeof h; i++)
        snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* A signed-off plan with a PA and a gym membership paid by direct payment, and an accepted
 * agreement made from it, starting on `start`. */
static int plan_and_agreement(struct store_conn *c, int64_t council, int64_t person,
                              const char *person_name, int64_t worker, day_t start, int64_t now,
                              struct arena *a, struct err *e)
{
    static const struct plan_outcome outs[] = {{"o1", "Get out and about every day"}};
    static const char *const o1[] = {"o1"};
    struct plan_line lines[2];
    struct plan_row row;
    struct plan_agreement_row ag, got;
    struct dp_agreement_section sec;
    struct dp_acceptance acc;
    const struct plan_actor who = {"system", "Test fixture"};
    const char *paras[] = {"- Personal assistant: 6 hours a week",
                           "- Gym membership at the Leisure Centre",
                           "The council pays every four weeks in advance."};
    char hash[PLAN_HASH_HEX], text_hash[65];
    int rc;

    memset(lines, 0, sizeof lines);
    lines[0] = (struct plan_line){.id = "l1", .kind = PLAN_LINE_PA_HOURS,
                                  .description = "Personal assistant",
                                  .frequency = PLAN_FREQ_WEEKLY, .quantity = 600,
                                  .unit_cost = 1260, .outcomes = o1, .noutcomes = 1,
                                  .managed_by = CHOICE_DIRECT_PAYMENT, .pa_name = "Pat Assistant"};
    lines[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY,
                                  .description = "Gym membership", .frequency = PLAN_FREQ_MONTHLY,
                                  .quantity = 1, .unit_cost = 2500, .outcomes = o1,
                                  .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                                  .provider = "Leisure Centre"};
    memset(&row, 0, sizeof row);
    row.plan.start_date = start;
    row.plan.planned_by = PLAN_BY_SELF;
    row.plan.sections[PLAN_SEC_ABOUT_ME] = "I like swimming and seeing my friends.";
    row.plan.outcomes = outs;
    row.plan.noutcomes = 1;
    row.plan.lines = lines;
    row.plan.nlines = 2;
    if ((rc = plan_store_create(c, council, person, &row, &who, "fixture", now, a, e)) != 0 ||
        (rc = plan_hash(&row.plan, hash, e)) != 0 ||
        (rc = plan_store_mark_submitted(c, council, &row, hash, now, e)) != 0 ||
        (rc = plan_store_mark_signed_off(c, council, row.id, hash, start - 7, now, e)) != 0)
        return rc;

    memset(&ag, 0, sizeof ag);
    sec = (struct dp_agreement_section){"What the money is for", paras, 3};
    ag.person_id = person;
    ag.plan_id = row.id;
    ag.created_by = worker;
    ag.ag.title = arena_printf(a, "Direct payment agreement: %s", person_name);
    ag.ag.sections = &sec;
    ag.ag.nsections = 1;
    memcpy(ag.ag.plan_hash, hash, sizeof ag.ag.plan_hash);
    hex_sha256(ag.ag.title, text_hash);
    memcpy(ag.ag.hash, text_hash, sizeof ag.ag.hash);
    ag.ag.dp_annual = 1300000;
    ag.ag.payment = 100000;
    ag.ag.first_review = start + 180;
    ag.ag.next_review = start + 365;
    ag.parties.person_name = person_name;
    ag.parties.recipient = DP_RECIPIENT_PERSON;
    ag.parties.account = DP_ACCOUNT_BANK;
    ag.parties.start_date = start;
    if ((rc = plan_agreement_create(c, council, &ag, now, e)) != 0 ||
        (rc = plan_agreement_get(c, council, ag.id, a, &got, e)) != 0)
        return rc;
    memset(&acc, 0, sizeof acc);
    acc.by_name = person_name;
    acc.capacity = DP_RECIPIENT_PERSON;
    acc.on = start - 3;
    memcpy(acc.agreement_hash, got.ag.hash, sizeof acc.agreement_hash);
    memcpy(acc.plan_hash, got.ag.plan_hash, sizeof acc.plan_hash);
    return plan_agreement_accept(c, council, &got, &acc, "system", now, e);
}

/* A statement in the generic layout: the council's payment arrives, wages, the gym, a cash
 * withdrawal over the daily limit and a payment to someone the plan does not know. */
static int import_statement(struct store_conn *c, int64_t council, int64_t dp_id, day_t from,
                            int64_t arrived, day_t today, int64_t now, struct arena *a,
                            struct err *e)
{
    struct {
        int day;
        const char *desc;
        int64_t amount;
        const char *ref, *payee;
    } rows[] = {
        {1, "Direct payment", arrived, "TESTA DP", "Testshire Council"},
        {3, "Wages", -30240, "WAGES", "Pat Assistant"},
        {5, "Gym membership", -2500, "MEMBER 4411", "Leisure Centre"},
        {8, "CASH WITHDRAWAL ATM", -30000, "", ""},
        {9, "Card payment", -8999, "ORDER 77", "Acme Gadgets"},
        {10, "Wages", -30240, "WAGES", "Pat Assistant"},
    };
    char csv[2048];
    size_t len = 0;
    int64_t bal = 0;
    struct statement st;
    struct statement_csv_options o = {from - 1, today};
    struct dp_import_result r;
    int rc;
    len += (size_t)snprintf(csv + len, sizeof csv - len,
                            "Date,Description,Amount,Balance,Reference,Payee\n");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char d[DATE_ISO_SIZE], amt[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];
        day_t day = from + rows[i].day;
        if (day > today)
            day = today;
        bal += rows[i].amount;
        date_format_iso(day, d);
        money_format(rows[i].amount, MONEY_FMT_PLAIN, amt, sizeof amt);
        money_format(bal, MONEY_FMT_PLAIN, b, sizeof b);
        len += (size_t)snprintf(csv + len, sizeof csv - len, "%s,%s,%s,%s,%s,%s\n", d,
                                rows[i].desc, amt, b, rows[i].ref, rows[i].payee);
    }
    if ((rc = statement_csv_parse(csv, len, statement_csv_layout("generic"), &o, a, &st, e)) != 0)
        return rc;
    return dp_import(c, council, dp_id, &st, "system", now, &r, e);
}

/* The direct payment itself, a first batch paid and a statement imported. */
static int seed_dp(struct store_conn *c, int64_t council, int64_t person, const char *name,
                   const char *reference, int64_t worker, int64_t officer, int64_t approver,
                   day_t today, int64_t now, struct arena *a, int64_t *dp_id, int64_t *batch_id,
                   struct err *e)
{
    struct dp_new in;
    struct batch b;
    struct batch_actor by_officer = {officer, council, BATCH_ROLE_OFFICER};
    struct batch_actor by_approver = {approver, council, BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER};
    /* Paid a week ahead, so the BACS file can still be made for it (processing day 1 is two
     * working days before the money arrives). */
    day_t start = today - 42, pay = today + 7;
    size_t added = 0;
    int rc;
    while (date_weekday(pay) >= 5)
        pay++;
    if ((rc = plan_and_agreement(c, council, person, name, worker, start, now, a, e)) != 0)
        return rc;
    memset(&in, 0, sizeof in);
    in.person_id = person;
    in.weekly_amount = 25000;
    in.weekly_contribution = 2000;
    in.payee_name = name;
    in.sort_code = "12-34-56";
    in.account_number = "12345678";
    in.bacs_reference = reference;
    in.contingency = 20000;
    if ((rc = dp_create(c, council, &in, "system", today, now, a, dp_id, e)) != 0)
        return rc;
    if ((rc = payment_batch_create(c, council, pay, &by_officer, now, &b, e)) != 0)
        return rc;
    *batch_id = b.id;
    batch_release(&b);
    if ((rc = dp_batch_add_due(c, council, *batch_id, &by_officer, *dp_id, pay, now, &added, e)) !=
        0)
        return rc;
    if ((rc = payment_batch_load(c, council, *batch_id, &b, e)) == 0 &&
        (rc = batch_submit(&b, &by_officer, now, e)) == 0 &&
        (rc = batch_approve(&b, &by_approver, now, e)) == 0)
        rc = payment_batch_save(c, &b, e);
    batch_release(&b);
    if (rc != 0)
        return rc;
    if ((rc = dp_batch_release(c, council, *batch_id, &by_officer, pay, now, e)) != 0)
        return rc;
    {
        int64_t paid = 0;
        if ((rc = store_query_i64(c, "SELECT COALESCE(sum(amount), 0) FROM payment_batch_lines WHERE "
                                     "batch_id = ?",
                                  1, batch_id, &paid, e)) != 0)
            return rc;
        return import_statement(c, council, *dp_id, start, paid, today, now, a, e);
    }
}

int dp_fixture_seed(struct store_conn *c, json_t *fixture, const char *pw_hash, int64_t now,
                    struct err *e)
{
    struct arena a;
    struct dp_settings set;
    struct dp_monitor_result mon;
    struct batch b;
    day_t today = (day_t)(now / 86400);
    int64_t ca, cb, linked, other, sw, swb, fo, ap1 = 0, ap2 = 0, fob = 0, apb = 0;
    int64_t dp_a = 0, dp_b = 0, batch_a = 0, batch_b = 0, draft_b = 0;
    json_t *councils, *people, *dp;
    int rc;

    councils = json_object_get(fixture, "councils");
    people = json_object_get(fixture, "people");
    ca = json_integer_value(json_object_get(councils, "a"));
    cb = json_integer_value(json_object_get(councils, "b"));
    linked = json_integer_value(json_object_get(people, "linked"));
    other = json_integer_value(json_object_get(people, "other"));
    if (!ca || !cb || !linked || !other)
        return err_set(e, ERR_INVALID, "The direct payment fixture needs the web fixture first.");
    sw = staff_id_of(c, ca, "social-worker@testa.example");
    fo = staff_id_of(c, ca, "finance-officer@testa.example");
    swb = staff_id_of(c, cb, "social-worker@testb.example");

    arena_init(&a, 0);
    if ((rc = store_begin(c, e)) != 0)
        goto out;
#define TRY(x)                                                                                     \
    do {                                                                                           \
        if ((rc = (x)) != 0)                                                                       \
            goto fail;                                                                             \
    } while (0)
    TRY(staff_with_login(c, ca, "Alex Approver", "finance-approver@testa.example",
                         ROLE_FINANCE_APPROVER, pw_hash, now, &ap1, e));
    TRY(staff_with_login(c, ca, "Abi Approver", "finance-approver-2@testa.example",
                         ROLE_FINANCE_APPROVER, pw_hash, now, &ap2, e));
    TRY(staff_with_login(c, cb, "Bea Banker", "finance-officer@testb.example",
                         ROLE_FINANCE_OFFICER, pw_hash, now, &fob, e));
    TRY(staff_with_login(c, cb, "Ben Approver", "finance-approver@testb.example",
                         ROLE_FINANCE_APPROVER, pw_hash, now, &apb, e));
    /* The councils' BACS originators, so payment files can be made. */
    TRY(dp_settings_get(c, ca, &set, e));
    str_copy(set.bacs_sun, sizeof set.bacs_sun, "123456");
    str_copy(set.bacs_sort_code, sizeof set.bacs_sort_code, "401122");
    str_copy(set.bacs_account, sizeof set.bacs_account, "87654321");
    str_copy(set.bacs_name, sizeof set.bacs_name, "TESTSHIRE COUNCIL");
    TRY(dp_settings_put(c, ca, &set, "system", now, e));
    TRY(dp_settings_get(c, cb, &set, e));
    str_copy(set.bacs_sun, sizeof set.bacs_sun, "654321");
    str_copy(set.bacs_sort_code, sizeof set.bacs_sort_code, "203344");
    str_copy(set.bacs_account, sizeof set.bacs_account, "11223344");
    str_copy(set.bacs_name, sizeof set.bacs_name, "OTHERBOROUGH");
    TRY(dp_settings_put(c, cb, &set, "system", now, e));

    TRY(seed_dp(c, ca, linked, "Linda Linked", "TESTA DP LINKED", sw, fo, ap1, today, now, &a,
                &dp_a, &batch_a, e));
    TRY(seed_dp(c, cb, other, "Olive Other", "TESTB DP OTHER", swb, fob, apb, today, now, &a,
                &dp_b, &batch_b, e));
    /* A draft in the other council, for "acting on another council's batch". */
    TRY(payment_batch_create(c, cb, today + 14,
                             &(struct batch_actor){fob, cb, BATCH_ROLE_OFFICER}, now, &b, e));
    draft_b = b.id;
    batch_release(&b);
    TRY(dp_monitor_run(c, ca, 0, today, now, &mon, e));
    TRY(store_commit(c, e));
#undef TRY
    dp = json_pack("{s:I, s:I, s:I, s:I, s:I, s:{s:s, s:s, s:s, s:s}, s:{s:I, s:I, s:I, s:I}}",
                   "linked_dp", (json_int_t)dp_a, "other_dp", (json_int_t)dp_b,
                   "released_batch", (json_int_t)batch_a, "other_council_batch",
                   (json_int_t)draft_b, "other_council_released_batch", (json_int_t)batch_b,
                   "logins", "finance-approver", "finance-approver@testa.example",
                   "finance-approver-2", "finance-approver-2@testa.example",
                   "other-council-finance-officer", "finance-officer@testb.example",
                   "other-council-finance-approver", "finance-approver@testb.example", "staff",
                   "finance-officer", (json_int_t)fo, "finance-approver", (json_int_t)ap1,
                   "finance-approver-2", (json_int_t)ap2, "flags", (json_int_t)mon.raised);
    if (!dp || json_object_set_new(fixture, "dp", dp) != 0) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto out;
    }
    rc = 0;
    goto out;
fail:
    store_rollback(c);
out:
    arena_release(&a);
    return rc;
}
