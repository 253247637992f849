/* Store tests of direct payments (issue 7), on both backends: the gate (an accepted agreement from
 * a signed-off plan), the schedule into four-eyes batches and out as payments with remittances and
 * a BACS file, changes from a date corrected in the next payment, idempotency keys (also racing),
 * statements matched and re-imported, manual matches learned only when accepted, monitoring flags
 * resolved with a note, proposed recoveries decided by an officer, the worklist and the person's
 * money. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/plan.h"
#include "fixtures.h"
#include "io/statement_csv.h"
#include "store/dp_store.h"
#include "store/ledger_store.h"
#include "store/plan_store.h"
#include "store/store.h"

#define TODAY ((day_t)(FX_NOW / 86400)) /* Sunday 15 June 2025 */

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

struct world {
    struct store_conn *c;
    int64_t council, other, worker, officer, approver, approver2, other_officer, person,
        other_person, dp;
    struct arena a;
};

static int tx(struct store_conn *c)
{
    struct err e = {0};
    return store_begin(c, &e);
}

static void commit(struct store_conn *c)
{
    struct err e = {0};
    if (store_commit(c, &e) != 0)
        check_fail(__FILE__, __LINE__, "commit: %s", e.msg);
}

/* A plan signed off on `start - 7` and an agreement made from it; accepted when `accept`. */
static void plan_agreement(struct world *w, int64_t council, int64_t person, day_t start,
                           bool accept)
{
    static const struct plan_outcome outs[] = {{"o1", "Get out every day"}};
    static const char *const o1[] = {"o1"};
    static struct plan_line lines[2];
    static const char *paras[] = {"- Personal assistant", "- Gym"};
    struct plan_row row;
    struct plan_agreement_row ag, got;
    struct dp_agreement_section sec = {"What the money is for", paras, 2};
    struct dp_acceptance acc;
    const struct plan_actor who = {"staff:1", "Sam Worker"};
    char hash[PLAN_HASH_HEX];
    struct err e = {0};
    lines[0] = (struct plan_line){.id = "l1", .kind = PLAN_LINE_PA_HOURS,
                                  .description = "Personal assistant",
                                  .frequency = PLAN_FREQ_WEEKLY, .quantity = 600,
                                  .unit_cost = 1260, .outcomes = o1, .noutcomes = 1,
                                  .managed_by = CHOICE_DIRECT_PAYMENT, .pa_name = "Jo Helper"};
    lines[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY,
                                  .description = "Gym membership", .frequency = PLAN_FREQ_MONTHLY,
                                  .quantity = 1, .unit_cost = 2500, .outcomes = o1,
                                  .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                                  .provider = "Leisure Centre", .reference = "GYM-7788"};
    memset(&row, 0, sizeof row);
    row.plan.start_date = start;
    row.plan.planned_by = PLAN_BY_SELF;
    row.plan.sections[PLAN_SEC_ABOUT_ME] = "I like swimming.";
    row.plan.outcomes = outs;
    row.plan.noutcomes = 1;
    row.plan.lines = lines;
    row.plan.nlines = 2;
    CHECK_INT(tx(w->c), 0);
    CHECK_INT(plan_store_create(w->c, council, person, &row, &who, "test", FX_NOW, &w->a, &e), 0);
    CHECK_INT(plan_hash(&row.plan, hash, &e), 0);
    CHECK_INT(plan_store_mark_submitted(w->c, council, &row, hash, FX_NOW, &e), 0);
    CHECK_INT(plan_store_mark_signed_off(w->c, council, row.id, hash, start - 7, FX_NOW, &e), 0);
    memset(&ag, 0, sizeof ag);
    ag.person_id = person;
    ag.plan_id = row.id;
    ag.created_by = council == w->council ? w->worker : w->other_officer;
    ag.ag.title = "Direct payment agreement";
    ag.ag.sections = &sec;
    ag.ag.nsections = 1;
    memcpy(ag.ag.plan_hash, hash, sizeof ag.ag.plan_hash);
    memset(ag.ag.hash, 'a', 64);
    ag.ag.dp_annual = 1300000;
    ag.ag.payment = 100000;
    ag.ag.first_review = start + 180;
    ag.ag.next_review = start + 365;
    ag.parties.recipient = DP_RECIPIENT_PERSON;
    ag.parties.account = DP_ACCOUNT_BANK;
    ag.parties.start_date = start;
    CHECK_INT(plan_agreement_create(w->c, council, &ag, FX_NOW, &e), 0);
    if (accept) {
        CHECK_INT(plan_agreement_get(w->c, council, ag.id, &w->a, &got, &e), 0);
        memset(&acc, 0, sizeof acc);
        acc.by_name = "Ann Person";
        acc.capacity = DP_RECIPIENT_PERSON;
        acc.on = start - 3;
        memcpy(acc.agreement_hash, got.ag.hash, sizeof acc.agreement_hash);
        memcpy(acc.plan_hash, got.ag.plan_hash, sizeof acc.plan_hash);
        CHECK_INT(plan_agreement_accept(w->c, council, &got, &acc, "account:1", FX_NOW, &e), 0);
    }
    commit(w->c);
}

static struct dp_new dp_in(int64_t person)
{
    struct dp_new in;
    memset(&in, 0, sizeof in);
    in.person_id = person;
    in.weekly_amount = 25000;
    in.weekly_contribution = 2000;
    in.payee_name = "Ann Person";
    in.sort_code = "12-34-56";
    in.account_number = "1234567";
    in.bacs_reference = "dp ann person";
    in.contingency = 10000;
    return in;
}

static void setup(struct store *st, struct world *w, bool with_dp)
{
    struct err e = {0};
    memset(w, 0, sizeof *w);
    arena_init(&w->a, 0);
    w->c = fx_conn(st);
    w->council = fx_council(w->c, "DPA");
    w->other = fx_council(w->c, "DPB");
    w->worker = fx_staff(w->c, w->council, 0, "sam@example.org", ROLE_SOCIAL_WORKER);
    w->officer = fx_staff(w->c, w->council, 0, "fran@example.org", ROLE_FINANCE_OFFICER);
    w->approver = fx_staff(w->c, w->council, 0, "alex@example.org", ROLE_FINANCE_APPROVER);
    w->approver2 = fx_staff(w->c, w->council, 0, "abi@example.org", ROLE_FINANCE_APPROVER);
    w->other_officer = fx_staff(w->c, w->other, 0, "bea@example.org", ROLE_FINANCE_OFFICER);
    w->person = fx_person(w->c, w->council, "Ann", "Person", "1950-01-02", NULL);
    w->other_person = fx_person(w->c, w->other, "Olive", "Other", "1955-01-20", NULL);
    if (with_dp) {
        struct dp_new in = dp_in(w->person);
        plan_agreement(w, w->council, w->person, D(2025, 4, 14), true);
        CHECK_INT(dp_create(w->c, w->council, &in, "staff:1", TODAY, FX_NOW, &w->a, &w->dp, &e),
                  0);
    }
}

static void teardown(struct world *w)
{
    arena_release(&w->a);
    store_release(w->c);
}

STORE_TEST(dp_starts_only_from_an_accepted_agreement_and_signed_off_plan)
{
    struct world w;
    struct err e = {0};
    struct dp_new in;
    struct dp_row d;
    int64_t id = 0;
    setup(st, &w, false);
    in = dp_in(w.person);
    /* No agreement at all. */
    CHECK_INT(dp_create(w.c, w.council, &in, "staff:1", TODAY, FX_NOW, &w.a, &id, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "accepted direct payment agreement");
    /* Offered, not accepted. */
    plan_agreement(&w, w.council, w.person, D(2025, 4, 14), false);
    err_clear(&e);
    CHECK_INT(dp_create(w.c, w.council, &in, "staff:1", TODAY, FX_NOW, &w.a, &id, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "not been accepted");
    /* Accepted: set up, with the BACS details in BACS form and payees from the plan. */
    plan_agreement(&w, w.council, w.person, D(2025, 4, 14), true);
    err_clear(&e);
    CHECK_INT(dp_create(w.c, w.council, &in, "staff:1", TODAY, FX_NOW, &w.a, &id, &e), 0);
    CHECK_INT(dp_get(w.c, w.council, id, TODAY, &w.a, &d, &e), 0);
    CHECK_STR(d.sort_code, "123456");
    CHECK_STR(d.account_number, "01234567");
    CHECK_STR(d.bacs_reference, "DP ANN PERSON");
    CHECK_INT(d.start, D(2025, 4, 14));
    CHECK_INT(d.weekly_amount, 25000);
    CHECK(d.employs_pas);
    CHECK_INT(fx_count(w.c, "dp_payees"), 3); /* the PA, the Leisure Centre and HMRC */
    /* A second direct payment from the same agreement: refused. */
    CHECK_INT(dp_create(w.c, w.council, &in, "staff:1", TODAY, FX_NOW, &w.a, &id, &e),
              ERR_CONFLICT);
    /* Bad bank details are refused before anything is written. */
    in.sort_code = "12-34";
    CHECK_INT(dp_create(w.c, w.council, &in, "staff:1", TODAY, FX_NOW, &w.a, &id, &e),
              ERR_INVALID);
    /* Another council sees nothing. */
    CHECK_INT(dp_get(w.c, w.other, d.id, TODAY, &w.a, &d, &e), ERR_NOT_FOUND);
    CHECK_INT(dp_of_person(w.c, w.council, w.person, TODAY, &w.a, &d, &e), 0);
    teardown(&w);
}

static int64_t new_batch(struct world *w, int64_t council, int64_t by, day_t pay)
{
    struct batch b;
    struct err e = {0};
    int64_t id = 0;
    CHECK_INT(payment_batch_create(w->c, council, pay, &(struct batch_actor){by, council,
                                                                             BATCH_ROLE_OFFICER},
                                   FX_NOW, &b, &e),
              0);
    id = b.id;
    batch_release(&b);
    return id;
}

static int transition(struct world *w, int64_t council, int64_t id, int64_t who, unsigned roles,
                      int (*fn)(struct batch *, const struct batch_actor *, int64_t, struct err *),
                      struct err *e)
{
    struct batch b;
    struct batch_actor by = {who, council, roles};
    int rc = payment_batch_load(w->c, council, id, &b, e);
    if (rc == 0)
        rc = fn(&b, &by, FX_NOW, e);
    if (rc == 0)
        rc = payment_batch_save(w->c, &b, e);
    batch_release(&b);
    return rc;
}

#define OFFICER BATCH_ROLE_OFFICER
#define APPROVER (BATCH_ROLE_OFFICER | BATCH_ROLE_APPROVER)

STORE_TEST(dp_batches_pay_what_is_due_under_four_eyes)
{
    struct world w;
    struct err e = {0};
    struct batch b;
    struct buf bacs;
    struct dp_remittance *rem = NULL;
    struct ledger l;
    struct ledger_breaches br;
    size_t added = 0, n = 0;
    int64_t id, bal = 0;
    struct batch_actor officer = {0, 0, OFFICER};
    setup(st, &w, true);
    officer = (struct batch_actor){w.officer, w.council, OFFICER};
    /* Four eyes. An approver who made a batch cannot approve it; cancelled, what it held is due
     * again. */
    {
        int64_t own = new_batch(&w, w.council, w.approver, D(2025, 6, 16));
        struct batch_actor as_approver = {w.approver, w.council, APPROVER};
        CHECK_INT(dp_batch_add_due(w.c, w.council, own, &as_approver, 0, TODAY, FX_NOW, &added,
                                   &e),
                  0);
        CHECK_INT(added, 1);
        CHECK_INT(transition(&w, w.council, own, w.approver, APPROVER, batch_submit, &e), 0);
        CHECK_INT(transition(&w, w.council, own, w.approver, APPROVER, batch_approve, &e),
                  ERR_FORBIDDEN);
        CHECK_CONTAINS(e.msg, "four-eyes");
        err_clear(&e);
        CHECK_INT(payment_batch_load(w.c, w.council, own, &b, &e), 0);
        CHECK_INT(batch_cancel(&b, &as_approver, "made by the wrong person", FX_NOW, &e), 0);
        CHECK_INT(payment_batch_save(w.c, &b, &e), 0);
        batch_release(&b);
    }
    id = new_batch(&w, w.council, w.officer, D(2025, 6, 16));
    CHECK_INT(dp_batch_add_due(w.c, w.council, id, &officer, 0, TODAY, FX_NOW, &added, &e), 0);
    CHECK_INT(added, 1);
    CHECK_INT(payment_batch_load(w.c, w.council, id, &b, &e), 0);
    CHECK_INT(b.nlines, 1);
    /* 14 April to 15 June: the part period 14 April - 4 May (three weeks) and the periods of 5 May
     * and 2 June (four weeks each), at £230 a week net: 11 weeks. */
    CHECK_INT(b.lines[0].amount, 11 * 23000);
    CHECK_STR(b.lines[0].reference, "DP ANN PERSON");
    batch_release(&b);
    /* Nothing is added twice. */
    CHECK_INT(dp_batch_add_due(w.c, w.council, id, &officer, 0, TODAY, FX_NOW, &added, &e), 0);
    CHECK_INT(added, 0);

    CHECK_INT(transition(&w, w.council, id, w.officer, OFFICER, batch_submit, &e), 0);
    /* Editing after submission: refused. */
    CHECK_INT(dp_batch_add_due(w.c, w.council, id, &officer, 0, TODAY, FX_NOW, &added, &e),
              ERR_CONFLICT);
    /* The officer cannot approve; another council's approver finds no batch. */
    CHECK_INT(transition(&w, w.council, id, w.officer, OFFICER, batch_approve, &e), ERR_FORBIDDEN);
    CHECK_INT(transition(&w, w.other, id, w.other_officer, APPROVER, batch_approve, &e),
              ERR_NOT_FOUND);
    /* Released before approval: refused. */
    CHECK_INT(dp_batch_release(w.c, w.council, id, &officer, D(2025, 6, 16), FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_INT(transition(&w, w.council, id, w.approver, APPROVER, batch_approve, &e), 0);
    /* Approving twice, and editing after approval: refused. */
    CHECK_INT(transition(&w, w.council, id, w.approver2, APPROVER, batch_approve, &e), ERR_CONFLICT);
    CHECK_INT(dp_batch_add_due(w.c, w.council, id, &officer, 0, TODAY, FX_NOW, &added, &e),
              ERR_CONFLICT);
    CHECK_INT(dp_batch_remove_line(w.c, w.council, id, 1, &officer, &e), ERR_CONFLICT);
    /* No file before release. */
    buf_init(&bacs, 1 << 20);
    CHECK(dp_batch_bacs(w.c, w.council, id, TODAY, &bacs, &e) != 0);
    CHECK_INT(dp_batch_release(w.c, w.council, id, &officer, D(2025, 6, 16), FX_NOW, &e), 0);
    /* Releasing twice: refused, and nothing paid twice. */
    CHECK_INT(dp_batch_release(w.c, w.council, id, &officer, D(2025, 6, 16), FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_INT(ledger_store_balance(w.c, w.council, w.dp, LEDGER_BANK_CLEARING, &bal, &e), 0);
    CHECK_INT(bal, 11 * 23000);
    /* The BACS file: no settings yet, then with them. */
    CHECK_INT(dp_batch_bacs(w.c, w.council, id, D(2025, 6, 11), &bacs, &e), ERR_CONFLICT);
    {
        struct dp_settings set;
        CHECK_INT(dp_settings_get(w.c, w.council, &set, &e), 0);
        CHECK(!set.stored);
        snprintf(set.bacs_sun, sizeof set.bacs_sun, "123456");
        snprintf(set.bacs_sort_code, sizeof set.bacs_sort_code, "401122");
        snprintf(set.bacs_account, sizeof set.bacs_account, "87654321");
        snprintf(set.bacs_name, sizeof set.bacs_name, "DPA COUNCIL");
        CHECK_INT(dp_settings_put(w.c, w.council, &set, "staff:1", FX_NOW, &e), 0);
    }
    CHECK_INT(dp_batch_bacs(w.c, w.council, id, D(2025, 6, 11), &bacs, &e), 0);
    CHECK(strncmp(bacs.data, "VOL1", 4) == 0);
    CHECK_CONTAINS(bacs.data, "12345601234567099");
    CHECK_CONTAINS(bacs.data, "DP ANN PERSON");
    buf_release(&bacs);
    /* The person's remittance advice. */
    CHECK_INT(dp_remittances(w.c, w.council, w.dp, &w.a, &rem, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(rem[0].amount, 11 * 23000);
    CHECK_CONTAINS(rem[0].text, "Direct payment of £2,530.00");
    CHECK_CONTAINS(rem[0].text, "at £230.00 a week");
    CHECK_INT(dp_remittances(w.c, w.other, w.dp, &w.a, &rem, &n, &e), 0);
    CHECK_INT(n, 0);
    /* The ledger verifies whole. */
    ledger_init(&l);
    ledger_breaches_init(&br, 10);
    CHECK_INT(ledger_store_load(w.c, w.council, &l, &e), 0);
    CHECK_INT(ledger_verify(&l, &br, &e), 0);
    ledger_breaches_release(&br);
    ledger_release(&l);
    teardown(&w);
}

STORE_TEST(dp_changes_from_a_date_correct_the_next_payment)
{
    struct world w;
    struct err e = {0};
    struct batch b;
    struct dp_schedule sch;
    size_t added = 0;
    struct batch_actor officer;
    int64_t id, id2;
    setup(st, &w, true);
    officer = (struct batch_actor){w.officer, w.council, OFFICER};
    id = new_batch(&w, w.council, w.officer, D(2025, 6, 16));
    CHECK_INT(dp_batch_add_due(w.c, w.council, id, &officer, 0, TODAY, FX_NOW, &added, &e), 0);
    CHECK_INT(transition(&w, w.council, id, w.officer, OFFICER, batch_submit, &e), 0);
    CHECK_INT(transition(&w, w.council, id, w.approver, APPROVER, batch_approve, &e), 0);
    CHECK_INT(dp_batch_release(w.c, w.council, id, &officer, D(2025, 6, 16), FX_NOW, &e), 0);
    /* £250 -> £300 a week from Monday 9 June, inside the period of 2 June already paid: the next
     * payment adds (£280 - £230) x 21 / 7 = £150. */
    CHECK_INT(dp_rate_add(w.c, w.council, w.dp, D(2025, 6, 9), 30000, 2000, "Reviewed", "staff:1",
                          FX_NOW, &e),
              0);
    CHECK_INT(dp_rate_add(w.c, w.council, w.dp, D(2025, 6, 9), 30000, 2000, "Again", "staff:1",
                          FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_INT(dp_rate_add(w.c, w.council, w.dp, D(2025, 1, 1), 30000, 2000, "Too early",
                          "staff:1", FX_NOW, &e),
              ERR_INVALID);
    CHECK_INT(dp_schedule_for(w.c, w.council, w.dp, TODAY, D(2025, 7, 1), &w.a, &sch, &e), 0);
    CHECK(sch.npayments >= 1);
    CHECK_INT(sch.payments[0].due, D(2025, 6, 30));
    CHECK_INT(sch.payments[0].amount, 4 * 28000 + 15000);
    /* A one-off payment for equipment, and a suspension, are scheduled too. */
    CHECK_INT(dp_oneoff_add(w.c, w.council, w.dp, D(2025, 6, 30), 45000, "Shower chair",
                            "staff:1", FX_NOW, NULL, &e),
              0);
    id2 = new_batch(&w, w.council, w.officer, D(2025, 6, 30));
    CHECK_INT(dp_batch_add_due(w.c, w.council, id2, &officer, 0, TODAY, FX_NOW, &added, &e), 0);
    CHECK_INT(payment_batch_load(w.c, w.council, id2, &b, &e), 0);
    CHECK_INT(b.lines[0].amount, 4 * 28000 + 15000 + 45000);
    CHECK_CONTAINS(b.lines[0].remittance, "one-off");
    batch_release(&b);
    /* Cancelled: what it scheduled is due again. */
    CHECK_INT(transition(&w, w.council, id2, w.approver, APPROVER, batch_submit, &e), 0);
    {
        struct batch cb;
        struct batch_actor by = {w.officer, w.council, OFFICER};
        CHECK_INT(payment_batch_load(w.c, w.council, id2, &cb, &e), 0);
        CHECK_INT(batch_cancel(&cb, &by, "wrong date", FX_NOW, &e), 0);
        CHECK_INT(payment_batch_save(w.c, &cb, &e), 0);
        batch_release(&cb);
    }
    CHECK_INT(dp_schedule_for(w.c, w.council, w.dp, TODAY, D(2025, 7, 1), &w.a, &sch, &e), 0);
    CHECK_INT(sch.payments[0].amount, 4 * 28000 + 15000 + 45000);
    /* Suspended for the first week of the next period, and ended at the end of July. */
    CHECK_INT(dp_suspend(w.c, w.council, w.dp, D(2025, 6, 30), D(2025, 7, 6), "In hospital",
                         "staff:1", FX_NOW, &e),
              0);
    CHECK_INT(dp_end(w.c, w.council, w.dp, D(2025, 7, 27), "staff:1", FX_NOW, &e), 0);
    CHECK_INT(dp_end(w.c, w.council, w.dp, D(2025, 7, 27), "staff:1", FX_NOW, &e), ERR_CONFLICT);
    CHECK_INT(dp_schedule_for(w.c, w.council, w.dp, TODAY, D(2025, 8, 30), &w.a, &sch, &e), 0);
    CHECK_INT(sch.npayments, 1);
    CHECK_INT(sch.payments[0].amount, 3 * 28000 + 15000 + 45000);
    teardown(&w);
}

/* ---- idempotency ------------------------------------------------------------------------------ */

STORE_TEST(dp_idempotency_keys_answer_once)
{
    struct world w;
    struct err e = {0};
    struct dp_idem r;
    const char *h1 = "1111111111111111111111111111111111111111111111111111111111111111";
    const char *h2 = "2222222222222222222222222222222222222222222222222222222222222222";
    setup(st, &w, false);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(dp_idem_claim(w.c, w.council, "staff:4", "key-1", "POST", "/x", h1, FX_NOW, &w.a, &r,
                            &e),
              0);
    CHECK(!r.found);
    CHECK_INT(dp_idem_store(w.c, w.council, "staff:4", "key-1", 201, "application/json",
                            "{\"id\":1}", &e),
              0);
    commit(w.c);
    CHECK_INT(tx(w.c), 0);
    CHECK_INT(dp_idem_claim(w.c, w.council, "staff:4", "key-1", "POST", "/x", h1, FX_NOW, &w.a, &r,
                            &e),
              0);
    CHECK(r.found && r.same_request);
    CHECK_INT(r.status, 201);
    CHECK_STR(r.response, "{\"id\":1}");
    CHECK_INT(dp_idem_claim(w.c, w.council, "staff:4", "key-1", "POST", "/x", h2, FX_NOW, &w.a, &r,
                            &e),
              0);
    CHECK(r.found && !r.same_request);
    /* The same key for someone else, or in another council, is theirs. */
    CHECK_INT(dp_idem_claim(w.c, w.council, "staff:5", "key-1", "POST", "/x", h2, FX_NOW, &w.a, &r,
                            &e),
              0);
    CHECK(!r.found);
    store_rollback(w.c);
    CHECK_INT(dp_idem_claim(w.c, w.council, "staff:4", "", "POST", "/x", h1, FX_NOW, &w.a, &r, &e),
              ERR_INVALID);
    CHECK_INT(dp_idem_claim(w.c, w.council, "staff:4", "a key", "POST", "/x", h1, FX_NOW, &w.a, &r,
                            &e),
              ERR_INVALID);
    teardown(&w);
}

struct racer {
    struct store *st;
    int64_t council, dp;
    int outcome; /* 1 did it, 2 answered the stored response, -1 failed */
    char msg[200];
};

/* One request: claim the key, record a one-off (the effect) and the answer, commit; on a claim that
 * lost the race, read the stored answer. */
static void *race(void *arg)
{
    struct racer *r = arg;
    struct store_conn *c = NULL;
    struct arena a;
    struct dp_idem id;
    struct err e = {0};
    const char *h = "3333333333333333333333333333333333333333333333333333333333333333";
    int rc;
    arena_init(&a, 0);
    r->outcome = -1;
    if (store_acquire(r->st, &c, &e) != 0)
        goto out;
    if ((rc = store_begin(c, &e)) == 0 &&
        (rc = dp_idem_claim(c, r->council, "staff:4", "race-key", "POST", "/oneoff", h, FX_NOW, &a,
                            &id, &e)) == 0) {
        if (id.found) {
            r->outcome = 2;
            store_rollback(c);
            goto out;
        }
        if ((rc = dp_oneoff_add(c, r->council, r->dp, D(2025, 6, 30), 1000, "Race item",
                                "staff:4", FX_NOW, NULL, &e)) == 0 &&
            (rc = dp_idem_store(c, r->council, "staff:4", "race-key", 201, "application/json",
                                "{}", &e)) == 0 &&
            (rc = store_commit(c, &e)) == 0) {
            r->outcome = 1;
            goto out;
        }
    }
    store_rollback(c);
    if (rc == ERR_CONFLICT || e.code == ERR_CONFLICT) {
        err_clear(&e);
        if (dp_idem_lookup(c, r->council, "staff:4", "race-key", h, &a, &id, &e) == 0 && id.found)
            r->outcome = 2;
    }
out:
    snprintf(r->msg, sizeof r->msg, "%.190s", e.msg);
    store_release(c);
    arena_release(&a);
    return NULL;
}

STORE_TEST(dp_idempotency_concurrent_duplicates_have_one_effect)
{
    struct world w;
    struct racer rs[4];
    pthread_t th[4];
    int done = 0, answered = 0;
    setup(st, &w, true);
    for (int i = 0; i < 4; i++) {
        rs[i] = (struct racer){st, w.council, w.dp, 0, ""};
        pthread_create(&th[i], NULL, race, &rs[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        done += rs[i].outcome == 1;
        answered += rs[i].outcome == 2;
        if (rs[i].outcome < 0)
            check_fail(__FILE__, __LINE__, "racer %d failed: %s", i, rs[i].msg);
    }
    CHECK_INT(done, 1);
    CHECK_INT(answered, 3);
    CHECK_INT(fx_count(w.c, "dp_oneoffs"), 1);
    teardown(&w);
}

/* ---- statements, matching, monitoring --------------------------------------------------------- */

static const char *const STATEMENT =
    "Date,Description,Amount,Balance,Reference,Payee\n"
    "2025-05-02,Direct payment,2530.00,2530.00,DP,Council\n"
    "2025-05-06,Wages,-302.40,2227.60,WAGES,Jo Helper\n"
    "2025-05-09,Gym,-25.00,2202.60,MEMBER,Leisure Centre\n"
    "2025-05-12,CASH WITHDRAWAL ATM,-300.00,1902.60,,\n"
    "2025-05-14,Card payment,-89.99,1812.61,ORDER 77,Acme Gadgets\n"
    "2025-05-15,Card payment,-12.00,1800.61,ORDER 78,Acme Gadgets\n"
    "2025-05-20,TAXI 1234 15MAY,-18.50,1782.11,,\n";

static void parse(struct world *w, const char *csv, struct statement *s)
{
    struct err e = {0};
    struct statement_csv_options o = {D(2025, 4, 1), TODAY};
    CHECK_INT(statement_csv_parse(csv, strlen(csv), statement_csv_layout("generic"), &o, &w->a, s,
                                  &e),
              0);
}

STORE_TEST(dp_statements_match_and_import_once)
{
    struct world w;
    struct err e = {0};
    struct statement s;
    struct dp_import_result r;
    struct dp_txn_row *rows = NULL;
    struct match_book book;
    struct match_proposal prop;
    bool has = false;
    size_t n = 0, rematched = 0;
    int64_t taxi = 0, gym_line = 0, rule = 0;
    setup(st, &w, true);
    parse(&w, STATEMENT, &s);
    CHECK_INT(dp_import(w.c, w.council, w.dp, &s, "staff:4", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 7);
    CHECK_INT(r.already, 0);
    CHECK_INT(r.matched, 2); /* the PA's wages and the gym, by payee */
    CHECK_INT(r.money_in, 253000);
    /* The same statement again adds nothing; an overlapping later one adds only what is new. */
    CHECK_INT(dp_import(w.c, w.council, w.dp, &s, "staff:4", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 0);
    CHECK_INT(r.already, 7);
    parse(&w,
          "Date,Description,Amount,Balance,Reference,Payee\n"
          "2025-05-20,TAXI 1234 15MAY,-18.50,1782.11,,\n"
          "2025-05-27,Wages,-302.40,1479.71,WAGES,Jo Helper\n",
          &s);
    CHECK_INT(dp_import(w.c, w.council, w.dp, &s, "staff:4", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 1);
    CHECK_INT(r.already, 1);
    CHECK_INT(fx_count(w.c, "dp_txns"), 8);

    /* An officer matches the taxi by hand: a rule is proposed, not learned. */
    CHECK_INT(dp_txns_list(w.c, w.council, w.dp, 0, TODAY, 0, &w.a, &rows, &n, &e), 0);
    CHECK_INT(n, 8);
    for (size_t i = 0; i < n; i++)
        if (strstr(rows[i].t.description, "TAXI"))
            taxi = rows[i].id;
    CHECK_INT(dp_book_load(w.c, w.council, w.dp, &w.a, &book, &e), 0);
    CHECK_INT(book.nlines, 2);
    gym_line = book.lines[1].id;
    CHECK_INT(dp_txn_match(w.c, w.council, w.dp, taxi, gym_line, "staff:4", &w.a, &prop, &has, &e),
              0);
    CHECK(has);
    CHECK_CONTAINS(prop.why, "TAXI");
    CHECK_INT(fx_count(w.c, "dp_match_rules"), 0);
    CHECK_INT(dp_txn_match(w.c, w.other, w.dp, taxi, gym_line, "staff:4", &w.a, &prop, &has, &e),
              ERR_INVALID);
    CHECK_INT(dp_txn_match(w.c, w.council, w.dp, taxi, 999999, "staff:4", &w.a, &prop, &has, &e),
              ERR_INVALID);
    /* The officer accepts a rule for Acme: the two earlier payments are matched again. */
    CHECK_INT(dp_rule_add(w.c, w.council, w.dp,
                          &(struct match_rule){.field = MATCH_FIELD_PAYEE, .op = MATCH_EQUALS,
                                               .pattern = "Acme Gadgets",
                                               .plan_line_id = gym_line},
                          0, "staff:4", FX_NOW, &rule, &rematched, &e),
              0);
    CHECK_INT(rematched, 2);
    CHECK_INT(dp_rule_add(w.c, w.council, w.dp,
                          &(struct match_rule){.field = MATCH_FIELD_PAYEE, .op = MATCH_EQUALS,
                                               .pattern = "  ", .plan_line_id = gym_line},
                          0, "staff:4", FX_NOW, &rule, &rematched, &e),
              ERR_INVALID);
    /* Manual matches stay when the rules change. */
    CHECK_INT(dp_rule_disable(w.c, w.council, w.dp, rule, &e), 0);
    CHECK_INT(dp_txns_list(w.c, w.council, w.dp, 0, TODAY, 0, &w.a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].id == taxi) {
            CHECK(rows[i].manual);
            CHECK_INT(rows[i].plan_line_id, gym_line);
        }
        if (strcmp(rows[i].t.payee, "Acme Gadgets") == 0)
            CHECK_INT(rows[i].plan_line_id, 0);
    }
    teardown(&w);
}

STORE_TEST(dp_monitoring_flags_resolve_and_recoveries_are_decided_by_an_officer)
{
    struct world w;
    struct err e = {0};
    struct statement s;
    struct dp_import_result r;
    struct dp_monitor_result m;
    struct dp_flag_row *flags = NULL;
    struct dp_recovery_row *recs = NULL;
    struct dp_money money;
    size_t n = 0, nr = 0;
    int64_t cash = 0, surplus = 0, bal = 0;
    setup(st, &w, true);
    /* A big balance: £8,000 in, so more than 8 weeks of £230 plus £100 contingency is held. */
    parse(&w,
          "Date,Description,Amount,Balance,Reference,Payee\n"
          "2025-05-02,Savings moved in,8000.00,8000.00,,Ann Person\n"
          "2025-05-12,CASH WITHDRAWAL ATM,-300.00,7700.00,,\n"
          "2025-05-14,Card payment,-89.99,7610.01,ORDER 77,Acme Gadgets\n",
          &s);
    CHECK_INT(dp_import(w.c, w.council, w.dp, &s, "staff:4", FX_NOW, &r, &e), 0);
    CHECK_INT(dp_monitor_run(w.c, w.council, 0, TODAY, FX_NOW, &m, &e), 0);
    CHECK_INT(m.accounts, 1);
    CHECK_INT(m.raised, 3); /* surplus, cash, unknown payee */
    CHECK_INT(m.recoveries, 1);
    /* Running again raises nothing new. */
    CHECK_INT(dp_monitor_run(w.c, w.council, w.dp, TODAY, FX_NOW, &m, &e), 0);
    CHECK_INT(m.raised, 0);
    CHECK_INT(m.repeated, 3);
    /* The worklist: medium before low, more money first. */
    CHECK_INT(dp_worklist(w.c, w.council, 0, 0, 0, &w.a, &flags, &n, &e), 0);
    CHECK_INT(n, 3);
    CHECK_INT(flags[0].rule, MON_SURPLUS);
    CHECK_INT(flags[1].rule, MON_CASH);
    CHECK_INT(flags[2].rule, MON_UNKNOWN_PAYEE);
    CHECK_CONTAINS(flags[0].reason, "more than 8 weeks of payments");
    CHECK_CONTAINS(flags[0].next_step, "nothing is recovered automatically");
    CHECK_STR(flags[0].person_ref, "DPA-000001");
    surplus = flags[0].id;
    cash = flags[1].id;
    CHECK_INT(dp_worklist(w.c, w.other, 0, 0, 0, &w.a, &flags, &n, &e), 0);
    CHECK_INT(n, 0);
    /* Resolved with a note; not twice; not without words. */
    CHECK_INT(dp_flag_resolve(w.c, w.council, w.dp, cash, "ok", "staff:4", FX_NOW, &e), ERR_INVALID);
    CHECK_INT(dp_flag_resolve(w.c, w.council, w.dp, cash, "Receipts seen: paid a PA in cash.",
                              "staff:4", FX_NOW, &e),
              0);
    CHECK_INT(dp_flag_resolve(w.c, w.council, w.dp, cash, "Again, to be sure.", "staff:4", FX_NOW,
                              &e),
              ERR_CONFLICT);
    CHECK_INT(dp_flag_resolve(w.c, w.other, w.dp, cash, "Not mine to resolve.", "staff:4", FX_NOW,
                              &e),
              ERR_NOT_FOUND);
    /* The surplus flag waits for the recovery decision. */
    CHECK_INT(dp_flag_resolve(w.c, w.council, w.dp, surplus, "Resolving it directly.", "staff:4",
                              FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_INT(dp_recoveries_list(w.c, w.council, w.dp, &w.a, &recs, &nr, &e), 0);
    CHECK_INT(nr, 1);
    CHECK_INT(recs[0].status, DP_RECOVERY_PROPOSED);
    CHECK(recs[0].proposed > 0);
    /* Agreeing needs the day the person was told; then the recovery is raised in the ledger. */
    CHECK_INT(dp_recovery_decide(w.c, w.council, w.dp, recs[0].id, true, 100000,
                                 "Agreed at the review.", 0, "Phone call", "staff:4", TODAY,
                                 FX_NOW, &e),
              ERR_INVALID);
    CHECK_INT(dp_recovery_decide(w.c, w.council, w.dp, recs[0].id, true, recs[0].proposed + 1,
                                 "Agreed at the review.", TODAY, "Phone call", "staff:4", TODAY,
                                 FX_NOW, &e),
              ERR_INVALID);
    CHECK_INT(dp_recovery_decide(w.c, w.council, w.dp, recs[0].id, true, 100000,
                                 "Agreed at the review: the savings were moved in by mistake.",
                                 TODAY - 1, "Phone call and letter", "staff:4", TODAY, FX_NOW, &e),
              0);
    CHECK_INT(dp_recovery_decide(w.c, w.council, w.dp, recs[0].id, false, 0, "Changed my mind.",
                                 0, "", "staff:4", TODAY, FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_INT(ledger_store_balance(w.c, w.council, w.dp, LEDGER_RECOVERY_RECEIVABLE, &bal, &e), 0);
    CHECK_INT(bal, 100000);
    CHECK_INT(dp_flags_list(w.c, w.council, w.dp, true, &w.a, &flags, &n, &e), 0);
    CHECK_INT(n, 1); /* only the unknown payee is still open */
    /* The person's money in plain terms. */
    CHECK_INT(dp_money_summary(w.c, w.council, w.dp, TODAY, &w.a, &money, &e), 0);
    CHECK_INT(money.ledger.own_money_in, 800000);
    CHECK_INT(money.ledger.spent, 30000 + 8999);
    CHECK_INT(money.ledger.held, 800000 - 30000 - 8999 - 100000);
    CHECK_INT(money.ledger.owed_back, 100000);
    CHECK(money.has_statement && money.has_statement_balance);
    CHECK_INT(money.statement_balance, 761001);
    CHECK_INT(money.next_due, D(2025, 6, 30));
    CHECK_INT(money.committed, 53571); /* £250 x 15 / 7 = £535.714... -> £535.71 */
    teardown(&w);
}

STORE_TEST(dp_council_layouts_and_settings)
{
    struct world w;
    struct err e = {0};
    struct statement_layout l, got, *all = NULL;
    struct dp_settings set;
    size_t n = 0;
    setup(st, &w, false);
    memset(&l, 0, sizeof l);
    l.name = "coop";
    l.label = "Co-operative Bank";
    l.delimiter = ',';
    l.has_header = true;
    l.date_format = STATEMENT_DATE_DMY;
    l.amount_style = STATEMENT_AMOUNT_SPLIT;
    l.date = (struct statement_col){"Date", 0};
    l.description = (struct statement_col){"Details", 0};
    l.paid_in = (struct statement_col){"Money In", 0};
    l.paid_out = (struct statement_col){"Money Out", 0};
    CHECK_INT(dp_layout_put(w.c, w.council, &l, "staff:1", FX_NOW, &e), 0);
    CHECK_INT(dp_layout_put(w.c, w.council, &l, "staff:1", FX_NOW, &e), ERR_CONFLICT);
    l.name = "barclays";
    CHECK_INT(dp_layout_put(w.c, w.council, &l, "staff:1", FX_NOW, &e), ERR_CONFLICT);
    l.name = "BAD NAME";
    CHECK_INT(dp_layout_put(w.c, w.council, &l, "staff:1", FX_NOW, &e), ERR_INVALID);
    CHECK_INT(dp_layout_find(w.c, w.council, "coop", &w.a, &got, &e), 0);
    CHECK_STR(got.paid_out.header, "Money Out");
    CHECK_INT(got.amount_style, STATEMENT_AMOUNT_SPLIT);
    err_clear(&e);
    CHECK_INT(dp_layout_find(w.c, w.other, "coop", &w.a, &got, &e), ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "lloyds");
    CHECK_INT(dp_layout_find(w.c, w.other, "lloyds", &w.a, &got, &e), 0);
    CHECK_INT(dp_layout_list(w.c, w.council, &w.a, &all, &n, &e), 0);
    CHECK_INT(n, 1);
    /* Settings: defaults, then stored with a version. */
    CHECK_INT(dp_settings_get(w.c, w.council, &set, &e), 0);
    CHECK_INT(set.sched.frequency, DP_FOUR_WEEKLY);
    CHECK_INT(set.mon.surplus_weeks, 8);
    set.sched.frequency = DP_MONTHLY;
    set.mon.cash_daily_limit = 10000;
    CHECK_INT(dp_settings_put(w.c, w.council, &set, "staff:1", FX_NOW, &e), 0);
    CHECK_INT(set.version, 1);
    {
        struct dp_settings stale = set;
        stale.version = 0;
        stale.stored = true;
        CHECK_INT(dp_settings_put(w.c, w.council, &stale, "staff:1", FX_NOW, &e), ERR_CONFLICT);
    }
    snprintf(set.bacs_sun, sizeof set.bacs_sun, "12ab");
    CHECK_INT(dp_settings_put(w.c, w.council, &set, "staff:1", FX_NOW, &e), ERR_INVALID);
    CHECK_INT(dp_settings_get(w.c, w.council, &set, &e), 0);
    CHECK_INT(set.sched.frequency, DP_MONTHLY);
    CHECK_INT(set.mon.cash_daily_limit, 10000);
    teardown(&w);
}

/* An agreed recovery of £1,000 for the test world's direct payment (as the monitoring test). */
static int64_t agreed_recovery(struct world *w)
{
    struct err e = {0};
    struct statement s;
    struct dp_import_result r;
    struct dp_monitor_result m;
    struct dp_recovery_row *recs = NULL;
    size_t nr = 0;
    parse(w,
          "Date,Description,Amount,Balance,Reference,Payee\n"
          "2025-05-02,Savings moved in,8000.00,8000.00,,Ann Person\n",
          &s);
    CHECK_INT(dp_import(w->c, w->council, w->dp, &s, "staff:4", FX_NOW, &r, &e), 0);
    CHECK_INT(dp_monitor_run(w->c, w->council, w->dp, TODAY, FX_NOW, &m, &e), 0);
    CHECK_INT(dp_recoveries_list(w->c, w->council, w->dp, &w->a, &recs, &nr, &e), 0);
    CHECK_INT(nr, 1);
    if (nr != 1)
        return 0;
    /* Not agreed yet: nothing can be recorded against it. */
    CHECK_INT(dp_recovery_receive(w->c, w->council, w->dp, recs[0].id, 100, TODAY, "", "staff:4",
                                  TODAY, FX_NOW, NULL, &e),
              ERR_CONFLICT);
    err_clear(&e);
    CHECK_INT(dp_recovery_decide(w->c, w->council, w->dp, recs[0].id, true, 100000,
                                 "Agreed at the review: the savings were moved in by mistake.",
                                 TODAY - 1, "Phone call and letter", "staff:4", TODAY - 1, FX_NOW,
                                 &e),
              0);
    return recs[0].id;
}

STORE_TEST(dp_recovery_paid_back_and_kept_back_from_the_next_payment)
{
    struct world w;
    struct err e = {0};
    struct dp_recovery_row *recs = NULL;
    struct dp_settlement_row *sets = NULL;
    struct dp_remittance *rem = NULL;
    struct dp_money money;
    struct batch b;
    struct ledger l;
    struct ledger_breaches br;
    struct batch_actor officer;
    size_t nr = 0, ns = 0, added = 0, n = 0;
    int64_t rec, bal = 0, id = 0, batch;
    setup(st, &w, true);
    officer = (struct batch_actor){w.officer, w.council, OFFICER};
    rec = agreed_recovery(&w);
    CHECK(rec > 0);
    /* Paid back in part: posted at once, dated the day it arrived. */
    CHECK_INT(dp_recovery_receive(w.c, w.council, w.dp, rec, 30000, TODAY - 1, "Bank transfer",
                                  "staff:4", TODAY, FX_NOW, &id, &e),
              0);
    CHECK(id > 0);
    CHECK_INT(ledger_store_balance(w.c, w.council, w.dp, LEDGER_RECOVERY_RECEIVABLE, &bal, &e), 0);
    CHECK_INT(bal, 70000);
    /* Refused: more than is left, a day still to come, before it was agreed, another council. */
    CHECK_INT(dp_recovery_receive(w.c, w.council, w.dp, rec, 70001, TODAY, "", "staff:4", TODAY,
                                  FX_NOW, NULL, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(dp_recovery_receive(w.c, w.council, w.dp, rec, 100, TODAY + 1, "", "staff:4", TODAY,
                                  FX_NOW, NULL, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(dp_recovery_receive(w.c, w.council, w.dp, rec, 100, TODAY - 2, "", "staff:4", TODAY,
                                  FX_NOW, NULL, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(dp_recovery_receive(w.c, w.other, w.dp, rec, 100, TODAY, "", "staff:4", TODAY,
                                  FX_NOW, NULL, &e),
              ERR_NOT_FOUND);
    err_clear(&e);
    /* £500 to keep back from the next payment: nothing posted yet. */
    CHECK_INT(dp_recovery_offset(w.c, w.council, w.dp, rec, 50000, "Agreed with Ann", "staff:4",
                                 FX_NOW, NULL, &e),
              0);
    CHECK_INT(dp_recovery_offset(w.c, w.council, w.dp, rec, 20001, "", "staff:4", FX_NOW, NULL, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(dp_recoveries_list(w.c, w.council, w.dp, &w.a, &recs, &nr, &e), 0);
    CHECK_INT(nr, 1);
    CHECK_INT(recs[0].settle.received, 30000);
    CHECK_INT(recs[0].settle.waiting, 50000);
    CHECK_INT(recs[0].settle.kept_back, 0);
    CHECK_INT(dp_recovery_outstanding(&recs[0].settle), 20000);
    CHECK_INT(dp_money_summary(w.c, w.council, w.dp, TODAY, &w.a, &money, &e), 0);
    CHECK_INT(money.ledger.owed_back, 70000);
    CHECK_INT(money.recovered.waiting, 50000);
    /* The next batch pays £500 less; taken out of the batch, the offset waits again. */
    batch = new_batch(&w, w.council, w.officer, D(2025, 6, 16));
    CHECK_INT(dp_batch_add_due(w.c, w.council, batch, &officer, 0, TODAY, FX_NOW, &added, &e), 0);
    CHECK_INT(added, 1);
    CHECK_INT(payment_batch_load(w.c, w.council, batch, &b, &e), 0);
    CHECK_INT(b.lines[0].amount, 11 * 23000 - 50000);
    CHECK_CONTAINS(b.lines[0].remittance, "£500.00 is kept back");
    batch_release(&b);
    CHECK_INT(dp_batch_remove_line(w.c, w.council, batch, 1, &officer, &e), 0);
    CHECK_INT(dp_settlements_list(w.c, w.council, w.dp, &w.a, &sets, &ns, &e), 0);
    CHECK_INT(ns, 2);
    CHECK(sets[1].offset && sets[1].payment_id == 0 && !sets[1].posted);
    CHECK_INT(dp_batch_add_due(w.c, w.council, batch, &officer, 0, TODAY, FX_NOW, &added, &e), 0);
    CHECK_INT(payment_batch_load(w.c, w.council, batch, &b, &e), 0);
    CHECK_INT(b.nlines, 1);
    CHECK_INT(b.lines[0].amount, 11 * 23000 - 50000);
    batch_release(&b);
    /* Four eyes, release: the payment and the offset are posted together. */
    CHECK_INT(transition(&w, w.council, batch, w.officer, OFFICER, batch_submit, &e), 0);
    CHECK_INT(transition(&w, w.council, batch, w.approver, APPROVER, batch_approve, &e), 0);
    CHECK_INT(dp_batch_release(w.c, w.council, batch, &officer, D(2025, 6, 16), FX_NOW, &e), 0);
    CHECK_INT(ledger_store_balance(w.c, w.council, w.dp, LEDGER_BANK_CLEARING, &bal, &e), 0);
    CHECK_INT(bal, 11 * 23000 - 50000);
    CHECK_INT(ledger_store_balance(w.c, w.council, w.dp, LEDGER_RECOVERY_RECEIVABLE, &bal, &e), 0);
    CHECK_INT(bal, 20000);
    CHECK_INT(dp_recoveries_list(w.c, w.council, w.dp, &w.a, &recs, &nr, &e), 0);
    CHECK_INT(recs[0].settle.kept_back, 50000);
    CHECK_INT(recs[0].settle.waiting, 0);
    CHECK_INT(dp_settlements_list(w.c, w.council, w.dp, &w.a, &sets, &ns, &e), 0);
    CHECK(sets[1].posted && sets[1].payment_id > 0);
    CHECK_INT(dp_remittances(w.c, w.council, w.dp, &w.a, &rem, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_CONTAINS(rem[0].text, "£500.00 was kept back from this payment");
    /* The rest paid back settles it; nothing more can be recorded. */
    CHECK_INT(dp_recovery_receive(w.c, w.council, w.dp, rec, 20000, TODAY, "", "staff:4", TODAY,
                                  FX_NOW, NULL, &e),
              0);
    CHECK_INT(dp_recovery_offset(w.c, w.council, w.dp, rec, 1, "", "staff:4", FX_NOW, NULL, &e),
              ERR_CONFLICT);
    err_clear(&e);
    CHECK_INT(ledger_store_balance(w.c, w.council, w.dp, LEDGER_RECOVERY_RECEIVABLE, &bal, &e), 0);
    CHECK_INT(bal, 0);
    CHECK_INT(dp_money_summary(w.c, w.council, w.dp, TODAY, &w.a, &money, &e), 0);
    CHECK_INT(money.recovered.received, 50000);
    CHECK_INT(money.recovered.kept_back, 50000);
    CHECK_INT(money.ledger.owed_back, 0);
    /* The ledger verifies whole. */
    ledger_init(&l);
    ledger_breaches_init(&br, 10);
    CHECK_INT(ledger_store_load(w.c, w.council, &l, &e), 0);
    CHECK_INT(ledger_verify(&l, &br, &e), 0);
    for (size_t i = 0; i < br.n; i++)
        check_fail(__FILE__, __LINE__, "breach: %s", br.items[i].msg);
    ledger_breaches_release(&br);
    ledger_release(&l);
    /* verify-ledger's check of the settlements: clean, then a settlement changed behind the
     * program's back no longer matches its journal, and more than was agreed is recorded. */
    {
        const char **msgs = NULL;
        size_t nm = 0;
        CHECK_INT(dp_settlements_verify(w.c, 0, &w.a, &msgs, &nm, &e), 0);
        CHECK_INT(nm, 0);
        CHECK_INT(store_exec(w.c, "UPDATE dp_recovery_settlements SET amount = amount + 1 WHERE "
                                  "kind = 'received'",
                             &e),
                  0);
        CHECK_INT(dp_settlements_verify(w.c, w.council, &w.a, &msgs, &nm, &e), 0);
        CHECK_INT(nm, 3); /* two receipts off their journals, and the recovery over its amount */
        if (nm == 3) {
            CHECK_CONTAINS(msgs[0], "does not match its journal");
            CHECK_CONTAINS(msgs[2], "100000 pence agreed) has 100002 pence");
        }
    }
    teardown(&w);
}

STORE_TEST(dp_plan_line_reference_is_stored_and_matches_statements)
{
    struct world w;
    struct err e = {0};
    struct match_book book;
    struct statement s;
    struct dp_import_result r;
    struct dp_txn_row *rows = NULL;
    size_t n = 0;
    int64_t gym = 0;
    bool found = false;
    setup(st, &w, true);
    /* The plan line's reference (0060) reaches the matching book. */
    CHECK_INT(dp_book_load(w.c, w.council, w.dp, &w.a, &book, &e), 0);
    CHECK_INT(book.nlines, 2);
    CHECK(book.lines[0].reference == NULL);
    CHECK_STR(book.lines[1].reference ? book.lines[1].reference : "", "GYM-7788");
    gym = book.lines[1].id;
    /* A payment to a name the plan does not know, carrying the line's reference: matched to it. */
    parse(&w,
          "Date,Description,Amount,Balance,Reference,Payee\n"
          "2025-05-02,Card payment,-25.00,975.00,GYM-7788 MAY,LC Online Ltd\n",
          &s);
    CHECK_INT(dp_import(w.c, w.council, w.dp, &s, "staff:4", FX_NOW, &r, &e), 0);
    CHECK_INT(dp_txns_list(w.c, w.council, w.dp, 0, TODAY, 0, &w.a, &rows, &n, &e), 0);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].t.payee, "LC Online Ltd") == 0) {
            found = true;
            CHECK_INT(rows[i].method, MATCH_REFERENCE);
            CHECK_INT(rows[i].plan_line_id, gym);
        }
    CHECK(found);
    teardown(&w);
}
