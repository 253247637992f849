/* The manager report of offer and choice rates, with small-number suppression. */
#include "base/arena.h"
#include "base/err.h"
#include "domain/choice_report.h"
#include "../check.h"

static const char *const present[] = {"the person"};

static struct choice_record rec(bool all_offered, int chosen_option, bool mix)
{
    struct choice_record r = {.person_ref = "P", .offered_by = "w", .offered_on = 20000,
                              .present = present, .npresent = 1, .reasons = "because"};
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        r.offers[o].offered = true;
    if (!all_offered) {
        r.offers[CHOICE_COUNCIL_MANAGED].offered = false;
        r.offers[CHOICE_COUNCIL_MANAGED].unavailable = CHOICE_NA_OTHER;
        r.offers[CHOICE_COUNCIL_MANAGED].unavailable_text = "none";
    }
    if (chosen_option >= 0) {
        r.chosen = true;
        r.amounts[chosen_option] = 100000;
        if (mix)
            r.amounts[chosen_option == CHOICE_ISF ? CHOICE_DIRECT_PAYMENT : CHOICE_ISF] = 50000;
    }
    return r;
}

/* Worker "amy" (team North, learning disability): 20 people, all offered everything;
 *   12 chose a DP, 6 council-managed, 2 an ISF; 2 of the DP choosers made a mix with an ISF.
 * Worker "bob" (team North, older people): 10 people; 7 offered everything; 3 had the council-
 *   managed budget recorded "not available"; 8 chose a DP, 2 have no record at all.
 * One more of bob's people is outside the date range. */
struct fixture {
    struct choice_record recs[40];
    struct choice_report_row rows[40];
    size_t n;
};

static void add(struct fixture *f, const char *worker, const char *team, const char *group,
                day_t on, const struct choice_record *r)
{
    if (r)
        f->recs[f->n] = *r;
    f->rows[f->n] = (struct choice_report_row){"P", worker, team, group, on, r ? &f->recs[f->n] : NULL};
    f->n++;
}

static void build_fixture(struct fixture *f)
{
    struct choice_record r;
    f->n = 0;
    for (int i = 0; i < 20; i++) {
        int opt = i < 12 ? CHOICE_DIRECT_PAYMENT : i < 18 ? CHOICE_COUNCIL_MANAGED : CHOICE_ISF;
        r = rec(true, opt, i < 2);
        add(f, "amy", "North", "learning disability", 20000 + i, &r);
    }
    for (int i = 0; i < 8; i++) {
        r = rec(i >= 3, CHOICE_DIRECT_PAYMENT, false);
        add(f, "bob", "North", "older people", 20000 + i, &r);
    }
    add(f, "bob", "North", "older people", 20010, NULL);
    add(f, "bob", "North", "older people", 20011, NULL);
    r = rec(false, CHOICE_DIRECT_PAYMENT, false);
    add(f, "bob", "North", "older people", 19000, &r); /* outside the range */
}

static const struct choice_report_group missing_group = {.key = "(missing)"};

static const struct choice_report_group *group(const struct choice_report_table *t, const char *key)
{
    for (size_t i = 0; i < t->ngroups; i++)
        if (strcmp(t->groups[i].key, key) == 0)
            return &t->groups[i];
    return &missing_group; /* never NULL: a missing group fails the checks that read it */
}

TEST(choice_report_counts_without_suppression)
{
    struct arena a;
    struct err e = {0};
    static struct fixture f;
    struct choice_report r;
    const struct choice_report_group *amy, *bob;
    build_fixture(&f);
    arena_init(&a, 0);
    CHECK_INT(choice_report_build(f.rows, f.n, 20000, 20100, 0, &a, &r, &e), 0);
    CHECK_INT(r.total.people, 30);
    CHECK_INT(r.total.cells[CR_OFFERED_ALL].count, 25);
    CHECK_INT(r.total.cells[CR_OFFERED_ALL].share_bp, 8333); /* 25 / 30, half up */
    CHECK_INT(r.total.cells[CR_NO_RECORD].count, 2);
    CHECK_INT(r.total.cells[CR_NOT_AVAILABLE].count, 3);
    CHECK_INT(r.total.cells[CR_CHOSE_DP].count, 20);
    CHECK_INT(r.total.cells[CR_CHOSE_ISF].count, 4); /* 2 ISF alone + 2 in a mix */
    CHECK_INT(r.total.cells[CR_CHOSE_MIX].count, 2);
    CHECK_INT(r.by_worker.ngroups, 2);
    CHECK_STR(r.by_worker.groups[0].key, "amy"); /* sorted */
    amy = group(&r.by_worker, "amy");
    bob = group(&r.by_worker, "bob");
    CHECK_STR(amy->key, "amy");
    CHECK_STR(bob->key, "bob");
    CHECK_INT(amy->people, 20);
    CHECK_INT(amy->cells[CR_OFFERED_ALL].share_bp, 10000);
    CHECK_INT(amy->cells[CR_CHOSE_COUNCIL_MANAGED].count, 6);
    CHECK_INT(amy->cells[CR_CHOSE_COUNCIL_MANAGED].share_bp, 3000);
    CHECK_INT(bob->people, 10);
    CHECK_INT(bob->cells[CR_OFFERED_ALL].count, 5);
    CHECK_INT(bob->cells[CR_OFFERED_ALL].share_bp, 5000);
    CHECK_INT(bob->cells[CR_CHOSE_COUNCIL_MANAGED].count, 0);
    CHECK_INT(r.by_team.ngroups, 1);
    CHECK_INT(r.by_team.groups[0].people, 30);
    CHECK_INT(r.by_client_group.ngroups, 2);
    CHECK(!amy->cells[CR_NO_RECORD].suppressed);
    arena_release(&a);
}

/* With the threshold at 5: bob's 2 with no record and 3 "not available" are suppressed, and so is
 * his 8 of 10 choosing a DP, because the 2 who did not could be worked out from it. */
TEST(choice_report_suppresses_small_counts)
{
    struct arena a;
    struct err e = {0};
    static struct fixture f;
    struct choice_report r;
    const struct choice_report_group *amy, *bob;
    char s[64];
    build_fixture(&f);
    arena_init(&a, 0);
    CHECK_INT(choice_report_build(f.rows, f.n, 20000, 20100, 5, &a, &r, &e), 0);
    amy = group(&r.by_worker, "amy");
    bob = group(&r.by_worker, "bob");
    CHECK(!bob->suppressed);
    CHECK(bob->cells[CR_NO_RECORD].suppressed);      /* 2 */
    CHECK(bob->cells[CR_NOT_AVAILABLE].suppressed);  /* 3 */
    CHECK(!bob->cells[CR_OFFERED_ALL].suppressed);   /* 5 of 10 */
    CHECK(bob->cells[CR_CHOSE_DP].suppressed);       /* 8 of 10: the 2 who did not are small */
    CHECK(!bob->cells[CR_CHOSE_ISF].suppressed);     /* 0 of 10 */
    CHECK(!amy->cells[CR_OFFERED_ALL].suppressed);   /* 20 of 20: complement 0 */
    CHECK(amy->cells[CR_CHOSE_MIX].suppressed);      /* 2 */
    CHECK(!amy->cells[CR_CHOSE_DP].suppressed);      /* 12 of 20 */
    choice_report_cell_format(&r, bob, &bob->cells[CR_NO_RECORD], s, sizeof s);
    CHECK_STR(s, "fewer than 5");
    choice_report_cell_format(&r, bob, &bob->cells[CR_CHOSE_DP], s, sizeof s);
    CHECK_STR(s, "more than 5");
    choice_report_cell_format(&r, bob, &bob->cells[CR_OFFERED_ALL], s, sizeof s);
    CHECK_STR(s, "5 (50%)");
    choice_report_cell_format(&r, amy, &amy->cells[CR_CHOSE_COUNCIL_MANAGED], s, sizeof s);
    CHECK_STR(s, "6 (30%)");
    choice_report_cell_format(&r, bob, &bob->cells[CR_CHOSE_ISF], s, sizeof s);
    CHECK_STR(s, "0 (0%)");
    arena_release(&a);
}

/* A group under the threshold shows nothing but that it is small. */
TEST(choice_report_small_group_suppressed)
{
    struct arena a;
    struct err e = {0};
    static struct fixture f;
    struct choice_report r;
    const struct choice_report_group *g;
    struct choice_record one = rec(true, CHOICE_DIRECT_PAYMENT, false);
    char s[64];
    build_fixture(&f);
    add(&f, "cat", "South", "mental health", 20050, &one);
    add(&f, "cat", "South", "mental health", 20051, &one);
    arena_init(&a, 0);
    CHECK_INT(choice_report_build(f.rows, f.n, 20000, 20100, 5, &a, &r, &e), 0);
    g = group(&r.by_team, "South");
    CHECK_STR(g->key, "South");
    CHECK(g->suppressed);
    for (int m = 0; m < CR_MEASURE_COUNT; m++)
        CHECK(g->cells[m].suppressed);
    choice_report_cell_format(&r, g, &g->cells[CR_OFFERED_ALL], s, sizeof s);
    CHECK_STR(s, "fewer than 5 people");
    CHECK_INT(r.by_team.ngroups, 2);
    CHECK_STR(r.by_team.groups[0].key, "North");
    arena_release(&a);
}

TEST(choice_report_date_range_and_blank_keys)
{
    struct arena a;
    struct err e = {0};
    static struct fixture f;
    struct choice_report r;
    struct choice_record one = rec(true, CHOICE_ISF, false);
    build_fixture(&f);
    add(&f, NULL, "", "older people", 20005, &one);
    arena_init(&a, 0);
    /* 20000..20004: amy's first 5 and bob's first 5, plus nothing else. */
    CHECK_INT(choice_report_build(f.rows, f.n, 20000, 20004, 0, &a, &r, &e), 0);
    CHECK_INT(r.total.people, 10);
    CHECK_INT(choice_report_build(f.rows, f.n, 20005, 20005, 0, &a, &r, &e), 0);
    CHECK_STR(group(&r.by_worker, "Not recorded")->key, "Not recorded");
    CHECK_STR(group(&r.by_team, "Not recorded")->key, "Not recorded");
    CHECK_INT(choice_report_build(f.rows, f.n, 20005, 20004, 0, &a, &r, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(choice_report_build(f.rows, f.n, 20000, 20004, -1, &a, &r, &e), ERR_INVALID);
    arena_release(&a);
}

TEST(choice_report_undecided_counted)
{
    struct arena a;
    struct err e = {0};
    struct choice_record open = rec(true, -1, false);
    struct choice_report_row row = {"P", "amy", "North", "autism", 20000, &open};
    struct choice_report r;
    arena_init(&a, 0);
    CHECK_INT(choice_report_build(&row, 1, 20000, 20000, 0, &a, &r, &e), 0);
    CHECK_INT(r.total.cells[CR_UNDECIDED].count, 1);
    CHECK_INT(r.total.cells[CR_OFFERED_ALL].count, 1);
    CHECK_INT(r.total.cells[CR_CHOSE_DP].count, 0);
    CHECK_STR(choice_report_measure_id(CR_CHOSE_MIX), "chose_mix");
    arena_release(&a);
}
