/* The managers' reports over bulk data (plan_bench_seed): the set-based choice report gives the
 * figures the per-person reads gave, person by person and cell by cell, on both backends. */
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "domain/choice_report.h"
#include "domain/plan_mix.h"
#include "fixtures.h"
#include "store/plan_bench.h"
#include "store/plan_records.h"
#include "store/plan_store.h"

static day_t ymd(int y, int m, int d)
{
    day_t v = 0;
    date_from_ymd(y, m, d, &v);
    return v;
}

/* The person's id from their reference (the report rows carry the reference only). */
static int64_t person_id_of(struct store_conn *c, int64_t council, const char *ref)
{
    struct store_stmt *s;
    struct err e = {0};
    int64_t id = 0;
    if (store_prepare(c, "SELECT id FROM people WHERE council_id = ? AND reference = ?", &s, &e) != 0)
        return 0;
    store_bind_i64(s, 1, council);
    store_bind_text(s, 2, ref);
    if (store_step(s, &e) == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    return id;
}

static bool same_record(const struct choice_record *a, const struct choice_record *b)
{
    if (a->offered_on != b->offered_on || a->chosen != b->chosen || a->format != b->format)
        return false;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        if (a->offers[o].offered != b->offers[o].offered ||
            a->offers[o].unavailable != b->offers[o].unavailable ||
            a->amounts[o] != b->amounts[o])
            return false;
    return strcmp(a->offered_by, b->offered_by) == 0;
}

static void check_same_table(const struct choice_report_table *x, const struct choice_report_table *y)
{
    CHECK_INT(x->ngroups, y->ngroups);
    for (size_t g = 0; g < x->ngroups && g < y->ngroups; g++) {
        CHECK_STR(x->groups[g].key, y->groups[g].key);
        CHECK_INT(x->groups[g].people, y->groups[g].people);
        for (int m = 0; m < CR_MEASURE_COUNT; m++) {
            CHECK_INT(x->groups[g].cells[m].count, y->groups[g].cells[m].count);
            CHECK_INT(x->groups[g].cells[m].suppressed, y->groups[g].cells[m].suppressed);
            CHECK_INT(x->groups[g].cells[m].share_bp, y->groups[g].cells[m].share_bp);
        }
    }
}

STORE_TEST(plan_report_choice_set_based_matches_per_person_reads)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct plan_bench_counts k;
    struct choice_report_row *rows, *old;
    size_t n = 0, with = 0, without = 0, twice = 0;
    struct choice_report now_rep, old_rep;
    int64_t council = fx_council(c, "PB");
    day_t from = ymd(2024, 4, 1), to = ymd(2025, 3, 31);
    arena_init(&a, 0);
    if (plan_bench_seed(c, council, 700, from, 11, FX_NOW, &k, &e) != 0)
        check_fail(__FILE__, __LINE__, "plan_bench_seed: %s", e.msg);
    CHECK_INT(k.people, 700);
    CHECK(k.budgets > 700);
    CHECK(k.offers > 500);
    /* Another council's records never show. */
    {
        int64_t other = fx_council(c, "PB2");
        CHECK_INT(plan_bench_seed(c, other, 50, from, 12, FX_NOW, &k, &e), 0);
    }
    CHECK_INT(plan_report_choice_rows(c, council, from, to, &a, &rows, &n, &e), 0);
    CHECK_INT(n, 700);
    /* What each person's own read (the report's old way, one query each) says. */
    old = arena_array(&a, n, sizeof *old);
    CHECK(old != NULL);
    for (size_t i = 0; i < n; i++) {
        struct plan_choice_row *one = arena_alloc(&a, sizeof *one);
        struct plan_choice_row *hist;
        size_t nh = 0;
        struct err ne = {0};
        int rc = plan_choice_latest(c, council, person_id_of(c, council, rows[i].person_ref), &a, one, &ne);
        old[i] = rows[i];
        old[i].choice = rc == 0 ? &one->rec : NULL;
        CHECK(rc == 0 || rc == ERR_NOT_FOUND);
        CHECK_INT(rows[i].choice != NULL, old[i].choice != NULL);
        if (rows[i].choice && old[i].choice && !same_record(rows[i].choice, old[i].choice))
            check_fail(__FILE__, __LINE__, "person %s: a different offer record",
                       rows[i].person_ref);
        if (rows[i].choice) {
            with++;
            CHECK_INT(plan_choice_history(c, council, person_id_of(c, council, rows[i].person_ref), &a, &hist, &nh, &e), 0);
            twice += nh > 1;
        } else
            without++;
    }
    /* The seeded shape exercises what the single statement must get right. */
    CHECK(without > 50);
    CHECK(with > 400);
    CHECK(twice > 50);
    for (int s = 0; s <= 5; s += 5) {
        CHECK_INT(choice_report_build(rows, n, from, to, s, &a, &now_rep, &e), 0);
        CHECK_INT(choice_report_build(old, n, from, to, s, &a, &old_rep, &e), 0);
        CHECK_INT(now_rep.total.people, old_rep.total.people);
        for (int m = 0; m < CR_MEASURE_COUNT; m++)
            CHECK_INT(now_rep.total.cells[m].count, old_rep.total.cells[m].count);
        check_same_table(&now_rep.by_worker, &old_rep.by_worker);
        check_same_table(&now_rep.by_team, &old_rep.by_team);
        check_same_table(&now_rep.by_client_group, &old_rep.by_client_group);
    }
    /* A shorter period: the budgets agreed in it, and only their offers. */
    CHECK_INT(plan_report_choice_rows(c, council, ymd(2024, 6, 1), ymd(2024, 6, 30), &a, &rows, &n, &e), 0);
    CHECK(n > 20 && n < 120);
    for (size_t i = 0; i < n; i++) {
        struct plan_choice_row one;
        struct err ne = {0};
        int rc = plan_choice_latest(c, council, person_id_of(c, council, rows[i].person_ref), &a, &one, &ne);
        CHECK_INT(rows[i].choice != NULL, rc == 0);
        CHECK(rows[i].budget_agreed_on >= ymd(2024, 6, 1) && rows[i].budget_agreed_on <= ymd(2024, 6, 30));
    }
    arena_release(&a);
    store_release(c);
}

/* The traditional-support rows: every plan signed off in the period, costed as its page costs it,
 * and the traditional total equal to one worked out independently in SQL from the lines (the
 * bulk data's traditional lines are weekly: agency minutes at an hourly rate, each week to the
 * penny halves up, x52; day-centre places x unit cost x52). */
STORE_TEST(plan_report_mix_rows_cost_every_plan_signed_off_in_the_period)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct plan_bench_counts k;
    struct plan_mix_row *rows;
    struct plan_mix_report rep;
    size_t n = 0;
    int64_t council = fx_council(c, "PM"), expect = 0, sum_trad = 0, sum_other = 0;
    int64_t p[1];
    day_t from = ymd(2024, 4, 1), to = ymd(2025, 3, 31);
    arena_init(&a, 0);
    if (plan_bench_seed(c, council, 300, from, 5, FX_NOW, &k, &e) != 0)
        check_fail(__FILE__, __LINE__, "plan_bench_seed: %s", e.msg);
    CHECK_INT(plan_bench_seed(c, fx_council(c, "PM2"), 40, from, 6, FX_NOW, &k, &e), 0);
    CHECK_INT(plan_report_mix_rows(c, council, from, to, &a, &rows, &n, &e), 0);
    p[0] = council;
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM plans WHERE council_id = ? AND status = "
                                 "'signed_off' AND signed_off_on >= '2024-04-01' AND "
                                 "signed_off_on <= '2025-03-31'",
                              1, p, &expect, &e),
              0);
    CHECK_INT((int64_t)n, expect);
    CHECK(n > 200);
    for (size_t i = 0; i < n; i++) {
        sum_trad += rows[i].traditional;
        sum_other += rows[i].other;
        CHECK(rows[i].signed_off_on >= from && rows[i].signed_off_on <= to);
    }
    CHECK_INT(store_query_i64(c,
                              "SELECT sum(CASE WHEN l.kind = 'agency_hours' THEN ((l.unit_cost * "
                              "l.quantity * 2 + 60) / 120) * 52 ELSE l.unit_cost * l.quantity * "
                              "52 END) FROM plan_lines l JOIN plans pl ON pl.council_id = "
                              "l.council_id AND pl.id = l.plan_id WHERE pl.council_id = ? AND "
                              "pl.status = 'signed_off' AND pl.signed_off_on >= '2024-04-01' AND "
                              "pl.signed_off_on <= '2025-03-31' AND (l.kind = 'agency_hours' OR "
                              "(l.kind = 'day_opportunity' AND l.day_centre = 1))",
                              1, p, &expect, &e),
              0);
    CHECK_INT(sum_trad, expect);
    CHECK(sum_other > 0);
    /* The same figures as each plan's own costing, plan by plan (the first 60). */
    for (size_t i = 0; i < n && i < 60; i++) {
        struct plan_row pr;
        struct plan_costing_input in;
        struct plan_costing out;
        CHECK_INT(plan_store_get(c, council, rows[i].plan_id, &a, &pr, &e), 0);
        memset(&in, 0, sizeof in);
        in.on = pr.plan.start_date;
        CHECK_INT(plan_cost(&pr.plan, &in, &a, &out, &e), 0);
        CHECK_INT(rows[i].traditional, out.traditional);
        CHECK_INT(rows[i].other, out.other);
    }
    CHECK_INT(plan_mix_build(rows, n, from, to, 5, &a, &rep, &e), 0);
    CHECK_INT(rep.total.plans, n);
    CHECK_INT(rep.total.traditional, sum_trad);
    CHECK_INT(rep.total.total, sum_trad + sum_other);
    /* Three workers (so three of the four teams), and people with no worker, shown as such. */
    CHECK_INT(rep.by_team.ngroups, 4);
    CHECK_STR(rep.by_team.groups[rep.by_team.ngroups - 1].key, "Not recorded");
    CHECK(rep.total.cells[PM_ONLY_TRADITIONAL].count > 0);
    CHECK(rep.total.cells[PM_NO_TRADITIONAL].count > 0);
    CHECK_INT(plan_report_mix_rows(c, council, to, from, &a, &rows, &n, &e), ERR_INVALID);
    arena_release(&a);
    store_release(c);
}
