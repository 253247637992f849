/* The traditional-support report: counts, money shares and small-number suppression. */
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/plan_mix.h"
#include "../check.h"

static struct plan_mix_row row(const char *worker, const char *team, const char *group, day_t on,
                               int64_t trad, int64_t other, int tl, int ol)
{
    struct plan_mix_row r;
    memset(&r, 0, sizeof r);
    r.person_ref = "P";
    r.worker = worker;
    r.team = team;
    r.client_group = group;
    r.signed_off_on = on;
    r.traditional = trad;
    r.other = other;
    r.traditional_lines = tl;
    r.other_lines = ol;
    return r;
}

/* amy (North, older people): 10 plans: 6 only home care (£10,000 each), 2 mixed (£5,000
 *   traditional + £5,000 other), 2 with no traditional support (£8,000 other).
 * bob (South, learning disability): 3 plans, all other support (£12,000).
 * One plan of amy's signed off outside the range. */
static size_t fixture(struct plan_mix_row *v)
{
    size_t n = 0;
    for (int i = 0; i < 6; i++)
        v[n++] = row("amy", "North", "Older people", 20000 + i, 1000000, 0, 1, 0);
    for (int i = 0; i < 2; i++)
        v[n++] = row("amy", "North", "Older people", 20010 + i, 500000, 500000, 1, 2);
    for (int i = 0; i < 2; i++)
        v[n++] = row("amy", "North", "Older people", 20020 + i, 0, 800000, 0, 3);
    for (int i = 0; i < 3; i++)
        v[n++] = row("bob", "South", "", 20030 + i, 0, 1200000, 0, 2);
    v[n++] = row("amy", "North", "Older people", 19000, 9900000, 0, 1, 0);
    return n;
}

TEST(plan_mix_counts_and_money_without_suppression)
{
    struct plan_mix_row v[20];
    size_t n = fixture(v);
    struct plan_mix_report r;
    struct err e = {0};
    struct arena a;
    char buf[80];
    arena_init(&a, 0);
    CHECK_INT(plan_mix_build(v, n, 20000, 20100, 0, &a, &r, &e), 0);
    CHECK_INT(r.total.plans, 13);
    CHECK_INT(r.total.cells[PM_ANY_TRADITIONAL].count, 8);
    CHECK_INT(r.total.cells[PM_ONLY_TRADITIONAL].count, 6);
    CHECK_INT(r.total.cells[PM_NO_TRADITIONAL].count, 5);
    /* 6 x £10,000 + 2 x £5,000 = £70,000 traditional of £70,000 + £10,000 + £16,000 + £36,000. */
    CHECK_INT(r.total.traditional, 7000000);
    CHECK_INT(r.total.total, 13200000);
    CHECK_INT(r.total.traditional_bp, 5303); /* 53.0303...% */
    CHECK_INT(r.total.cells[PM_ANY_TRADITIONAL].share_bp, 6154); /* 8/13 */
    CHECK_INT(r.by_worker.ngroups, 2);
    CHECK_STR(r.by_worker.groups[0].key, "amy");
    CHECK_INT(r.by_worker.groups[0].plans, 10);
    CHECK_INT(r.by_worker.groups[0].traditional_bp, 7292); /* 70,000 / 96,000 */
    CHECK_STR(r.by_client_group.groups[0].key, "Not recorded");
    CHECK_INT(r.by_team.groups[1].total, 3600000);
    plan_mix_money_format(&r, &r.total, buf, sizeof buf);
    CHECK_STR(buf, "£70,000.00 of £132,000.00 (53%)");
    plan_mix_cell_format(&r, &r.total, &r.total.cells[PM_ONLY_TRADITIONAL], buf, sizeof buf);
    CHECK_STR(buf, "6 (46%)");
    arena_release(&a);
}

TEST(plan_mix_suppresses_small_counts_their_complements_and_small_groups)
{
    struct plan_mix_row v[20];
    size_t n = fixture(v);
    struct plan_mix_report r;
    struct err e = {0};
    struct arena a;
    char buf[80];
    const struct plan_mix_group *amy, *bob;
    arena_init(&a, 0);
    CHECK_INT(plan_mix_build(v, n, 20000, 20100, 5, &a, &r, &e), 0);
    amy = &r.by_worker.groups[0];
    bob = &r.by_worker.groups[1];
    /* amy: 8 of 10 with traditional support: its complement (2) is small, so shown as a bound. */
    CHECK(amy->cells[PM_ANY_TRADITIONAL].suppressed);
    plan_mix_cell_format(&r, amy, &amy->cells[PM_ANY_TRADITIONAL], buf, sizeof buf);
    CHECK_STR(buf, "more than 5");
    CHECK(amy->cells[PM_NO_TRADITIONAL].suppressed);
    plan_mix_cell_format(&r, amy, &amy->cells[PM_NO_TRADITIONAL], buf, sizeof buf);
    CHECK_STR(buf, "fewer than 5");
    CHECK(amy->cells[PM_ONLY_TRADITIONAL].suppressed); /* 6 of 10: the other 4 are few */
    /* bob has 3 plans: nothing but that is shown, money included. */
    CHECK(bob->suppressed);
    plan_mix_money_format(&r, bob, buf, sizeof buf);
    CHECK_STR(buf, "fewer than 5 plans");
    plan_mix_cell_format(&r, bob, &bob->cells[PM_NO_TRADITIONAL], buf, sizeof buf);
    CHECK_STR(buf, "fewer than 5 plans");
    /* The council: 5 of 13 and 6 of 13 are shown. */
    CHECK(!r.total.cells[PM_ONLY_TRADITIONAL].suppressed);
    plan_mix_cell_format(&r, &r.total, &r.total.cells[PM_NO_TRADITIONAL], buf, sizeof buf);
    CHECK_STR(buf, "5 (38%)");
    arena_release(&a);
}

TEST(plan_mix_refuses_bad_ranges_and_thresholds)
{
    struct plan_mix_report r;
    struct err e = {0};
    struct arena a;
    arena_init(&a, 0);
    CHECK_INT(plan_mix_build(NULL, 0, 20, 10, 5, &a, &r, &e), ERR_INVALID);
    CHECK_INT(plan_mix_build(NULL, 0, 10, 20, -1, &a, &r, &e), ERR_INVALID);
    CHECK_INT(plan_mix_build(NULL, 0, 10, 20, 5, &a, &r, &e), 0);
    CHECK_INT(r.total.plans, 0);
    CHECK_INT(r.total.traditional_bp, 0);
    arena_release(&a);
}

TEST(plan_mix_csv_has_the_page_words_for_hidden_figures_and_defuses_formulas)
{
    struct plan_mix_row v[20];
    size_t n = fixture(v);
    struct plan_mix_report r;
    struct err e = {0};
    struct arena a;
    struct buf b;
    arena_init(&a, 0);
    buf_init(&b, 1 << 16);
    v[0].team = "=HYPERLINK(\"x\")";
    CHECK_INT(plan_mix_build(v, n, 20000, 20100, 5, &a, &r, &e), 0);
    CHECK_INT(plan_mix_csv(&r, &b, &e), 0);
    CHECK(buf_addc(&b, '\0') == 0);
    CHECK_CONTAINS(b.data, "\"grouping\",\"group\",\"plans signed off\"");
    CHECK_CONTAINS(b.data, "\"council\",\"All\",\"13\",\"8 (62%)\",\"6 (46%)\",\"5 (38%)\",\"70000.00\",\"132000.00\",\"53.03\"\r\n");
    CHECK_CONTAINS(b.data, "\"worker\",\"bob\",\"fewer than 5\",\"fewer than 5 plans\"");
    CHECK_CONTAINS(b.data, "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(strstr(b.data, "\"3\"") == NULL); /* bob's 3 plans are never written as a number */
    buf_release(&b);
    arena_release(&a);
}
