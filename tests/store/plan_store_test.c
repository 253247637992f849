/* Stored offers of the ways to take a budget, and stored challenges: round trips, the latest offer
 * counting, refusals, tenancy and versions, on SQLite and PostgreSQL. */
#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "fixtures.h"
#include "store/plan_records.h"

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

static const char *const present[] = {"Ann Smith (the person)", "Bill Smith (brother)"};

static struct choice_record mix_record(const char *offered_by, day_t on)
{
    struct choice_record r = {
        .person_ref = "P", .offered_by = offered_by, .offered_on = on,
        .format = CHOICE_FORMAT_EASY_READ, .present = present, .npresent = 2, .chosen = true,
        .isf_provider = "Good Lives Ltd", .reasons = "I want to choose my own PA.",
    };
    r.offers[CHOICE_DIRECT_PAYMENT].offered = true;
    r.offers[CHOICE_COUNCIL_MANAGED].offered = true;
    r.offers[CHOICE_ISF].offered = true;
    r.amounts[CHOICE_DIRECT_PAYMENT] = 1000000;
    r.amounts[CHOICE_ISF] = 600000;
    return r;
}

struct fx {
    struct store_conn *c;
    int64_t council, team, worker, person;
    struct person p;
};

static void setup(struct store *st, struct fx *f)
{
    f->c = fx_conn(st);
    f->council = fx_council(f->c, "PLAN");
    f->team = fx_team(f->c, f->council, "North");
    f->worker = fx_staff(f->c, f->council, f->team, "sam@example.org", ROLE_SOCIAL_WORKER);
    f->person = fx_person(f->c, f->council, "Ann", "Smith", "1960-02-03", &f->p);
}

STORE_TEST(plan_store_choice_round_trip)
{
    struct fx f;
    struct arena a;
    struct err e = {0};
    struct choice_record r;
    struct plan_choice_row row;
    int64_t id = 0;
    setup(st, &f);
    arena_init(&a, 0);
    r = mix_record("sam", ymd(2025, 6, 10));
    r.offers[CHOICE_COUNCIL_MANAGED].offered = false;
    r.offers[CHOICE_COUNCIL_MANAGED].unavailable = CHOICE_NA_OTHER;
    r.offers[CHOICE_COUNCIL_MANAGED].unavailable_text = "Council framework closed to new people";
    CHECK_INT(plan_choice_save(f.c, f.council, f.person, f.worker, &r, FX_NOW, &id, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK(id > 0);
    CHECK_INT(plan_choice_latest(f.c, f.council, f.person, &a, &row, &e), 0);
    CHECK_INT(row.id, id);
    CHECK_INT(row.person_id, f.person);
    CHECK_INT(row.offered_by, f.worker);
    CHECK_STR(row.rec.person_ref, f.p.reference);
    CHECK_STR(row.rec.offered_by_name, "Staff sam@example.org"); /* fx_staff's name */
    CHECK_INT(row.rec.offered_on, ymd(2025, 6, 10));
    CHECK_INT(row.rec.format, CHOICE_FORMAT_EASY_READ);
    CHECK_INT(row.rec.npresent, 2);
    CHECK_STR(row.rec.present[1], "Bill Smith (brother)");
    CHECK(row.rec.offers[CHOICE_DIRECT_PAYMENT].offered);
    CHECK(!row.rec.offers[CHOICE_COUNCIL_MANAGED].offered);
    CHECK_INT(row.rec.offers[CHOICE_COUNCIL_MANAGED].unavailable, CHOICE_NA_OTHER);
    CHECK_STR(row.rec.offers[CHOICE_COUNCIL_MANAGED].unavailable_text, "Council framework closed to new people");
    CHECK(row.rec.chosen);
    CHECK_INT(row.rec.amounts[CHOICE_DIRECT_PAYMENT], 1000000);
    CHECK_INT(row.rec.amounts[CHOICE_ISF], 600000);
    CHECK_STR(row.rec.isf_provider, "Good Lives Ltd");
    CHECK_STR(row.rec.reasons, "I want to choose my own PA.");
    /* The gate works on what was stored. */
    CHECK_INT(choice_validate(&row.rec, &e), 0);
    CHECK_INT(choice_can_set_up_arrangement(&row.rec, 1600000, CHOICE_DIRECT_PAYMENT, ymd(2025, 6, 11), &e), 0);
    arena_release(&a);
    store_release(f.c);
}

/* No record: the store says so, and the gate refuses. The latest offer (by date) is the one that
 * counts, whatever order they were written in; the history keeps both. */
STORE_TEST(plan_store_choice_latest_counts)
{
    struct fx f;
    struct arena a;
    struct err e = {0};
    struct choice_record r1, r2;
    struct plan_choice_row row, *hist;
    size_t n = 0;
    setup(st, &f);
    arena_init(&a, 0);
    CHECK_INT(plan_choice_latest(f.c, f.council, f.person, &a, &row, &e), ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "no record that this person was offered");
    err_clear(&e);
    CHECK_INT(choice_can_set_up_arrangement(NULL, 1600000, CHOICE_DIRECT_PAYMENT, ymd(2025, 6, 11), &e), ERR_FORBIDDEN);
    err_clear(&e);
    r2 = mix_record("sam", ymd(2025, 6, 20)); /* the later conversation, written first */
    r2.amounts[CHOICE_ISF] = 0;
    r2.amounts[CHOICE_DIRECT_PAYMENT] = 1600000;
    r1 = mix_record("sam", ymd(2025, 6, 1));
    CHECK_INT(plan_choice_save(f.c, f.council, f.person, f.worker, &r2, FX_NOW, NULL, &e), 0);
    CHECK_INT(plan_choice_save(f.c, f.council, f.person, f.worker, &r1, FX_NOW, NULL, &e), 0);
    CHECK_INT(plan_choice_latest(f.c, f.council, f.person, &a, &row, &e), 0);
    CHECK_INT(row.rec.offered_on, ymd(2025, 6, 20));
    CHECK(!choice_is_mix(&row.rec));
    CHECK_INT(plan_choice_history(f.c, f.council, f.person, &a, &hist, &n, &e), 0);
    CHECK_INT(n, 2);
    CHECK_INT(hist[1].rec.offered_on, ymd(2025, 6, 1));
    arena_release(&a);
    store_release(f.c);
}

STORE_TEST(plan_store_choice_refusals_and_tenancy)
{
    struct fx f;
    struct arena a;
    struct err e = {0};
    struct choice_record r;
    struct plan_choice_row row;
    int64_t other;
    setup(st, &f);
    arena_init(&a, 0);
    r = mix_record("sam", ymd(2025, 6, 10));
    r.offers[CHOICE_ISF].unavailable = CHOICE_NA_OTHER; /* offered and unavailable at once */
    r.offers[CHOICE_ISF].unavailable_text = "x";
    CHECK_INT(plan_choice_save(f.c, f.council, f.person, f.worker, &r, FX_NOW, NULL, &e), ERR_INVALID);
    CHECK_INT(fx_count(f.c, "choice_offers"), 0);
    err_clear(&e);
    r = mix_record("sam", ymd(2025, 6, 10));
    {
        static const char *const bad[] = {"Ann\nSmith"};
        r.present = bad;
        r.npresent = 1;
    }
    CHECK_INT(plan_choice_save(f.c, f.council, f.person, f.worker, &r, FX_NOW, NULL, &e), ERR_INVALID);
    CHECK_STR(e.field, "present");
    err_clear(&e);
    /* Another council's person is not there for this council. */
    other = fx_council(f.c, "OTHR");
    r = mix_record("sam", ymd(2025, 6, 10));
    CHECK_INT(plan_choice_save(f.c, other, f.person, f.worker, &r, FX_NOW, NULL, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(plan_choice_save(f.c, f.council, f.person, f.worker, &r, FX_NOW, NULL, &e), 0);
    CHECK_INT(plan_choice_latest(f.c, other, f.person, &a, &row, &e), ERR_NOT_FOUND);
    arena_release(&a);
    store_release(f.c);
}

static const char *const evidence[] = {"OT report, 3 May", "Carer's diary of night-time help"};

STORE_TEST(plan_store_challenge_lifecycle)
{
    struct fx f;
    struct arena a;
    struct err e = {0};
    struct plan_challenge_row row, got, stale, *list;
    const struct challenge *ptrs[4];
    struct challenge_report rep;
    size_t n = 0;
    char hash[65];
    setup(st, &f);
    arena_init(&a, 0);
    memset(hash, 'a', 64);
    hash[64] = '\0';
    memset(&row, 0, sizeof row);
    row.person_id = f.person;
    CHECK_INT(challenge_raise(&row.ch, "new", f.p.reference, CHALLENGE_BY_ADVOCATE, "Pat Advocate",
                              CHALLENGE_BUDGET_AMOUNT, "budget-7", hash, "sam", 1500000, 1900000,
                              "The budget leaves no help at night.", evidence, 2, ymd(2025, 6, 1), &e), 0);
    CHECK_INT(plan_challenge_create(f.c, f.council, &row, FX_NOW, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK(row.id > 0);
    CHECK_INT(row.version, 1);

    CHECK_INT(plan_challenge_get(f.c, f.council, row.id, &a, &got, &e), 0);
    CHECK_INT(got.ch.status, CHALLENGE_RAISED);
    CHECK_INT(got.ch.by, CHALLENGE_BY_ADVOCATE);
    CHECK_STR(got.ch.by_name, "Pat Advocate");
    CHECK_STR(got.ch.subject_hash, hash);
    CHECK_INT(got.ch.amount_challenged, 1500000);
    CHECK_INT(got.ch.amount_sought, 1900000);
    CHECK_INT(got.ch.nevidence, 2);
    CHECK_STR(got.ch.evidence[1], "Carer's diary of night-time help");
    CHECK_INT(got.ch.raised_on, ymd(2025, 6, 1));
    CHECK_INT(got.ch.acknowledged_on, 0);
    CHECK_INT(got.ch.revised_amount, -1);
    CHECK_STR(got.ch.person_ref, f.p.reference);

    /* Two people open it; one acknowledges; the other's change is refused. */
    stale = got;
    CHECK_INT(challenge_acknowledge(&got.ch, ymd(2025, 6, 2), &e), 0);
    CHECK_INT(plan_challenge_update(f.c, f.council, &got, FX_NOW, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(got.version, 2);
    CHECK_INT(challenge_acknowledge(&stale.ch, ymd(2025, 6, 3), &e), 0);
    CHECK_INT(plan_challenge_update(f.c, f.council, &stale, FX_NOW, &e), ERR_CONFLICT);
    err_clear(&e);

    CHECK_INT(challenge_start_review(&got.ch, ymd(2025, 6, 4), &e), 0);
    CHECK_INT(plan_challenge_update(f.c, f.council, &got, FX_NOW, &e), 0);
    CHECK_INT(challenge_decide(&got.ch, ymd(2025, 6, 22), "priya", CHALLENGE_PARTLY_UPHELD,
                               "Night help two nights a week.", 1700000, &e), 0);
    CHECK_INT(plan_challenge_update(f.c, f.council, &got, FX_NOW, &e), 0);

    CHECK_INT(plan_challenge_get(f.c, f.council, row.id, &a, &got, &e), 0);
    CHECK_INT(got.ch.status, CHALLENGE_DECIDED);
    CHECK_INT(got.ch.outcome, CHALLENGE_PARTLY_UPHELD);
    CHECK_INT(got.ch.acknowledged_on, ymd(2025, 6, 2));
    CHECK_INT(got.ch.review_started_on, ymd(2025, 6, 4));
    CHECK_INT(got.ch.decided_on, ymd(2025, 6, 22));
    CHECK_STR(got.ch.decided_by, "priya");
    CHECK_INT(got.ch.revised_amount, 1700000);
    CHECK_INT(challenge_days_to_resolve(&got.ch), 21);

    /* The report from what is stored. */
    CHECK_INT(plan_challenge_list(f.c, f.council, 0, ymd(2025, 6, 1), ymd(2025, 6, 30), &a, &list, &n, &e), 0);
    CHECK_INT(n, 1);
    ptrs[0] = &list[0].ch;
    CHECK_INT(challenge_report(ptrs, n, ymd(2025, 6, 1), ymd(2025, 6, 30), &rep, &e), 0);
    CHECK_INT(rep.raised, 1);
    CHECK_INT(rep.by_outcome[CHALLENGE_PARTLY_UPHELD], 1);
    CHECK_INT(rep.days_mean, 21);
    CHECK_INT(rep.extra_awarded, 200000);
    CHECK_INT(plan_challenge_list(f.c, f.council, f.person, ymd(2025, 7, 1), ymd(2025, 7, 30), &a, &list, &n, &e), 0);
    CHECK_INT(n, 0);
    /* Another council sees nothing. */
    CHECK_INT(plan_challenge_get(f.c, fx_council(f.c, "OTHR"), row.id, &a, &got, &e), ERR_NOT_FOUND);
    arena_release(&a);
    store_release(f.c);
}

/* A challenge withdrawn before acknowledgement keeps no acknowledgement date. */
STORE_TEST(plan_store_challenge_withdrawn)
{
    struct fx f;
    struct arena a;
    struct err e = {0};
    struct plan_challenge_row row, got;
    setup(st, &f);
    arena_init(&a, 0);
    memset(&row, 0, sizeof row);
    row.person_id = f.person;
    CHECK_INT(challenge_raise(&row.ch, "new", f.p.reference, CHALLENGE_BY_PERSON, NULL,
                              CHALLENGE_DECISION, "decision-3", NULL, NULL, -1, -1,
                              "I was told I could not pay my neighbour.", NULL, 0, ymd(2025, 6, 1), &e), 0);
    CHECK_INT(plan_challenge_create(f.c, f.council, &row, FX_NOW, &e), 0);
    CHECK_INT(challenge_withdraw(&row.ch, ymd(2025, 6, 5), "Sorted out.", &e), 0);
    CHECK_INT(plan_challenge_update(f.c, f.council, &row, FX_NOW, &e), 0);
    CHECK_INT(plan_challenge_get(f.c, f.council, row.id, &a, &got, &e), 0);
    CHECK_INT(got.ch.status, CHALLENGE_CLOSED);
    CHECK_INT(got.ch.outcome, CHALLENGE_WITHDRAWN);
    CHECK_INT(got.ch.acknowledged_on, 0);
    CHECK_INT(got.ch.closed_on, ymd(2025, 6, 5));
    CHECK_INT(got.ch.amount_challenged, -1);
    CHECK_INT(got.ch.nevidence, 0);
    arena_release(&a);
    store_release(f.c);
}
