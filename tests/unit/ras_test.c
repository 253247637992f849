/*
 * The resource allocation system: configurations with results worked out by hand (in the comment
 * beside each case), the strict configuration and answers readers, inconsistent answers, the
 * override, and the demo council's shipped configuration.
 */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "../check.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "io/ras_config.h"

/* ---- a small configuration, varied per test -------------------------------------------- */

/* Three domains: personal care (carer adjustable: washing 0/10/25, dressing 0/7/15), toileting
 * (0/8/20, not carer adjustable), night (optional; 0/20/40, capped at 30 points). One rule:
 * washing "none" with toilet "every_time" is inconsistent. Adjustments: two_workers +10% (chosen),
 * waking_night +£100.00 a week (automatic on night = waking), high_risk +5 points (chosen). */
#define DOMAINS                                                                                    \
    "\"domains\": ["                                                                               \
    "{\"id\": \"personal_care\", \"title\": \"Personal care\", \"carer_adjustable\": true,"        \
    " \"questions\": ["                                                                            \
    "  {\"id\": \"washing\", \"text\": \"Washing\", \"answers\": ["                                \
    "    {\"id\": \"none\", \"text\": \"no help to wash\", \"points\": 0},"                         \
    "    {\"id\": \"some\", \"text\": \"some help to wash\", \"points\": 10},"                      \
    "    {\"id\": \"daily\", \"text\": \"help to wash every day\", \"points\": 25}]},"              \
    "  {\"id\": \"dressing\", \"text\": \"Dressing\", \"answers\": ["                              \
    "    {\"id\": \"none\", \"text\": \"no help to dress\", \"points\": 0},"                        \
    "    {\"id\": \"some\", \"text\": \"some help to dress\", \"points\": 7},"                      \
    "    {\"id\": \"full\", \"text\": \"full help to dress\", \"points\": 15}]}]},"                 \
    "{\"id\": \"toileting\", \"title\": \"Toileting\", \"questions\": ["                           \
    "  {\"id\": \"toilet\", \"text\": \"Using the toilet\", \"answers\": ["                        \
    "    {\"id\": \"none\", \"text\": \"no help\", \"points\": 0},"                                 \
    "    {\"id\": \"sometimes\", \"text\": \"help sometimes\", \"points\": 8},"                     \
    "    {\"id\": \"every_time\", \"text\": \"help every time\", \"points\": 20}]}]},"              \
    "{\"id\": \"night\", \"title\": \"Night\", \"max_points\": 30, \"questions\": ["               \
    "  {\"id\": \"night\", \"text\": \"Help at night\", \"required\": false, \"answers\": ["       \
    "    {\"id\": \"none\", \"text\": \"no help at night\", \"points\": 0},"                        \
    "    {\"id\": \"sleep_in\", \"text\": \"sleeping-in help\", \"points\": 20},"                   \
    "    {\"id\": \"waking\", \"text\": \"a waking night\", \"points\": 40}]}]}]"

#define EXTRAS                                                                                     \
    "\"carer_adjustment\": {\"levels\": ["                                                         \
    "  {\"id\": \"some\", \"text\": \"some of the help\", \"reduction_percent\": 25},"             \
    "  {\"id\": \"most\", \"text\": \"most of the help\", \"reduction_percent\": 50}]},"           \
    "\"adjustments\": ["                                                                           \
    "  {\"id\": \"two_workers\", \"title\": \"Two workers\", \"category\": \"complexity\","        \
    "   \"percent\": \"10\"},"                                                                     \
    "  {\"id\": \"waking_night\", \"title\": \"Waking night\", \"category\": \"complexity\","      \
    "   \"weekly\": \"100.00\", \"when\": {\"question\": \"night.night\", \"answers\": [\"waking\"]}},"\
    "  {\"id\": \"high_risk\", \"title\": \"High risk\", \"category\": \"risk\", \"points\": 5}],"  \
    "\"consistency_rules\": [{\"id\": \"wash_vs_toilet\","                                         \
    "  \"message\": \"Washing needs no help but the toilet needs help every time.\","              \
    "  \"if\": {\"question\": \"personal_care.washing\", \"answers\": [\"none\"]},"                \
    "  \"then_not\": {\"question\": \"toileting.toilet\", \"answers\": [\"every_time\"]}}],"

#define HEAD                                                                                       \
    "{\"format\": \"selfdirect-ras/1\", \"council_code\": \"TEST\", \"council_name\": \"Test "     \
    "Council\", \"version\": \"t1\", \"effective_from\": \"2025-04-01\", \"effective_to\": "       \
    "\"2026-03-31\","

/* Price per point £3.00, limits £50.00 to £400.00, no contingency, penny rounding. */
#define PPP_PRICING                                                                                \
    "\"pricing\": {\"method\": \"price_per_point\", \"price_per_point\": \"3.00\"},"               \
    "\"limits\": {\"weekly_minimum\": \"50.00\", \"weekly_maximum\": \"400.00\"},"

/* Bands: 0-10 £40, 11-30 £120, 31-60 £260, 61+ £420; limits £0 to £1,000; contingency 2.5%,
 * rounded to the nearest pound. */
#define BAND_PRICING                                                                               \
    "\"pricing\": {\"method\": \"bands\", \"bands\": ["                                            \
    "  {\"from_points\": 0, \"to_points\": 10, \"weekly\": \"40.00\"},"                            \
    "  {\"from_points\": 11, \"to_points\": 30, \"weekly\": \"120.00\"},"                          \
    "  {\"from_points\": 31, \"to_points\": 60, \"weekly\": \"260.00\"},"                          \
    "  {\"from_points\": 61, \"weekly\": \"420.00\"}]},"                                           \
    "\"limits\": {\"weekly_minimum\": \"0.00\", \"weekly_maximum\": \"1000.00\"},"                 \
    "\"contingency_percent\": \"2.5\", \"rounding\": \"pound_nearest\","

/* £1.37 a point, contingency 3%, rounded up to the pound, limits £0 to £1,000. */
#define ODD_PRICING                                                                                \
    "\"pricing\": {\"method\": \"price_per_point\", \"price_per_point\": \"1.37\"},"               \
    "\"limits\": {\"weekly_minimum\": \"0.00\", \"weekly_maximum\": \"1000.00\"},"                 \
    "\"contingency_percent\": \"3\", \"rounding\": \"pound_up\","

static const char ppp_config[] = HEAD PPP_PRICING EXTRAS DOMAINS "}";
static const char band_config[] = HEAD BAND_PRICING EXTRAS DOMAINS "}";
static const char odd_config[] = HEAD ODD_PRICING EXTRAS DOMAINS "}";

static struct ras_config *parse_config(struct arena *a, const char *json)
{
    struct err e = {0};
    struct ras_config *cfg = NULL;
    if (ras_config_parse(json, strlen(json), a, &cfg, &e) != 0)
        check_fail(__FILE__, __LINE__, "config refused: %s", e.msg);
    return cfg;
}

/* Answers for the test configuration. washing/dressing/toilet/night NULL = unanswered. */
struct given {
    const char *washing, *dressing, *toilet, *night;
};

static void make_answers(struct ras_answers *ans, struct ras_given store[4], struct given g,
                         const char *date)
{
    struct err e = {0};
    memset(ans, 0, sizeof *ans);
    CHECK_INT(date_parse_iso(date, strlen(date), &ans->assessment_date, "date", &e), 0);
    size_t n = 0;
    if (g.washing)
        store[n++] = (struct ras_given){"personal_care.washing", g.washing};
    if (g.dressing)
        store[n++] = (struct ras_given){"personal_care.dressing", g.dressing};
    if (g.toilet)
        store[n++] = (struct ras_given){"toileting.toilet", g.toilet};
    if (g.night)
        store[n++] = (struct ras_given){"night.night", g.night};
    ans->answers = store;
    ans->nanswers = n;
}

static struct ras_result *calc(struct arena *a, const struct ras_config *cfg,
                               const struct ras_answers *ans)
{
    struct err e = {0};
    struct ras_result *r = NULL;
    int rc = ras_calculate(cfg, ans, a, &r, &e);
    if (rc != 0)
        check_fail(__FILE__, __LINE__, "calculation refused: %s", e.msg);
    return rc == 0 ? r : NULL;
}

static bool has_flag(const struct ras_result *r, enum ras_flag_kind k, const char *subject)
{
    for (size_t i = 0; r && i < r->nflags; i++)
        if (r->flags[i].kind == k && (!subject || strcmp(r->flags[i].subject, subject) == 0))
            return true;
    return false;
}

static bool derivation_has(const struct ras_result *r, const char *needle)
{
    for (size_t i = 0; r && i < r->nderivation; i++)
        if (strstr(r->derivation[i], needle))
            return true;
    return false;
}

static bool warning_has(const struct ras_result *r, const char *needle)
{
    for (size_t i = 0; r && i < r->nwarnings; i++)
        if (strstr(r->warnings[i], needle))
            return true;
    return false;
}

/* ---- price per point ------------------------------------------------------------------- */

TEST(ras_ppp_simple)
{
    /* washing some 10 + dressing some 7 + toilet sometimes 8 = 25 points; x £3.00 = £75.00;
     * annual £75.00 x 52 = £3,900.00. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK(!r->refused);
        CHECK_INT(r->points_answers, 25);
        CHECK_INT(r->points_total, 25);
        CHECK_INT(r->weekly_priced, 7500);
        CHECK_INT(r->weekly_calculated, 7500);
        CHECK_INT(r->annual_calculated, 390000);
        CHECK_INT(r->weekly, 7500);
        CHECK_INT(r->annual, 390000);
        CHECK_INT(r->limit, RAS_LIMIT_NONE);
        CHECK_INT(r->ndomains, 3);
        CHECK_INT(r->domains[0].points, 17);
        CHECK_INT(r->domains[1].points, 8);
        CHECK_INT(r->domains[2].points, 0);
        CHECK_INT(r->nanswers, 4);
        CHECK(r->answers[0].answered);
        CHECK_INT(r->answers[0].points, 10);
        CHECK(!r->answers[3].answered);
        CHECK(derivation_has(r, "At £3.00 a point, 25 points come to £75.00 a week."));
        CHECK(derivation_has(r, "£75.00 a week, which is £3,900.00 a year (52 weeks)"));
        CHECK(derivation_has(r, "some help to wash (10 points)"));
        CHECK(derivation_has(r, "indicative budget: a starting point"));
        /* The optional night question was not answered: a warning, not a flag. */
        CHECK(warning_has(r, "1 optional question was not answered"));
    }
    arena_release(&a);
}

TEST(ras_floor_applies)
{
    /* washing none 0 + dressing some 7 + toilet none 0 = 7 points = £21.00, below the £50.00
     * minimum: raised to £50.00, annual £2,600.00. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"none", "some", "none", "none"}, "2025-06-10");
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(r->weekly_priced, 2100);
        CHECK_INT(r->weekly_before_limits, 2100);
        CHECK_INT(r->limit, RAS_LIMIT_MINIMUM);
        CHECK_INT(r->weekly_calculated, 5000);
        CHECK_INT(r->annual_calculated, 260000);
        CHECK(warning_has(r, "below the lower limit of £50.00"));
        CHECK(derivation_has(r, "raised to £50.00"));
    }
    arena_release(&a);
}

TEST(ras_cap_applies)
{
    /* daily 25 + full 15 + every_time 20 + waking 40 (capped at 30) = 90 points; high_risk +5 =
     * 95 points = £285.00; two_workers 10% = £28.50; waking_night +£100.00 = £413.50, above the
     * £400.00 maximum: capped at £400.00, annual £20,800.00. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    static const char *const adj[] = {"two_workers", "high_risk"};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"daily", "full", "every_time", "waking"}, "2025-06-10");
    ans.adjustments = adj;
    ans.nadjustments = 2;
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(r->points_answers, 100);
        CHECK_INT(r->points_capped, 10);
        CHECK_INT(r->domains[2].points_answers, 40);
        CHECK_INT(r->domains[2].points, 30);
        CHECK_INT(r->points_adjustments, 5);
        CHECK_INT(r->points_total, 95);
        CHECK_INT(r->weekly_priced, 28500);
        CHECK_INT(r->nadjustments, 3);
        CHECK_INT(r->weekly_adjustments, 2850 + 10000);
        CHECK_INT(r->weekly_before_limits, 41350);
        CHECK_INT(r->limit, RAS_LIMIT_MAXIMUM);
        CHECK_INT(r->weekly_calculated, 40000);
        CHECK_INT(r->annual_calculated, 2080000);
        CHECK(warning_has(r, "above the upper limit of £400.00"));
        CHECK(derivation_has(r, "The most this area can count is 30 points"));
        CHECK(derivation_has(r, "Two workers: 10% of £285.00 is £28.50 a week"));
        CHECK(derivation_has(r, "Waking night: £100.00 a week"));
        CHECK(derivation_has(r, "High risk: adds 5 points"));
    }
    arena_release(&a);
}

TEST(ras_automatic_adjustment_only_when_answered)
{
    /* sleep_in 20 does not trigger waking_night: daily 25 + none 0 + none 0 + 20 = 45 points =
     * £135.00, no adjustments. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"daily", "none", "none", "sleep_in"}, "2025-06-10");
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(r->nadjustments, 0);
        CHECK_INT(r->weekly_calculated, 13500);
    }
    arena_release(&a);
}

/* ---- carer adjustment ------------------------------------------------------------------ */

static void carer_case(const char *level, struct given g, int64_t reduction, int64_t points,
                       int64_t weekly)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_carer_given cg = {"personal_care", level};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, g, "2025-06-10");
    ans.carer_willing_and_able = true;
    ans.carer = &cg;
    ans.ncarer = 1;
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(r->domains[0].carer_reduction, reduction);
        CHECK_INT(r->points_carer, reduction);
        CHECK_INT(r->points_total, points);
        CHECK_INT(r->weekly_calculated, weekly);
        CHECK(r->domains[0].carer != NULL);
        CHECK(r->domains[1].carer == NULL);
        CHECK(derivation_has(r, "willing and able"));
    }
    arena_release(&a);
}

TEST(ras_carer_most)
{
    /* personal care daily 25 + full 15 = 40; carer "most" 50% takes 20 off -> 20; toilet
     * sometimes 8 -> 28 points = £84.00. */
    carer_case("most", (struct given){"daily", "full", "sometimes", NULL}, 20, 28, 8400);
}

TEST(ras_carer_reduction_rounds_down)
{
    /* personal care some 10 + some 7 = 17; "some" 25% = 4.25 -> 4 points off (rounded down, in
     * the person's favour) -> 13; toilet sometimes 8 -> 21 points = £63.00. */
    carer_case("some", (struct given){"some", "some", "sometimes", NULL}, 4, 21, 6300);
}

TEST(ras_carer_not_willing_is_flagged)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_carer_given cg = {"personal_care", "most"};
    struct ras_result *r = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"daily", "full", "sometimes", NULL}, "2025-06-10");
    ans.carer_willing_and_able = false;
    ans.carer = &cg;
    ans.ncarer = 1;
    if (cfg) {
        CHECK_INT(ras_calculate(cfg, &ans, &a, &r, &e), ERR_INVALID);
        CHECK(r && r->refused);
        CHECK(has_flag(r, RAS_FLAG_CARER_NOT_WILLING, "personal_care"));
        CHECK_CONTAINS(e.msg, "1 problem with the answers");
    }
    arena_release(&a);
}

TEST(ras_carer_on_fixed_domain_is_flagged)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_carer_given cg[] = {{"toileting", "some"}, {"garden", "some"},
                                   {"personal_care", "all"}};
    struct ras_result *r = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"daily", "full", "sometimes", NULL}, "2025-06-10");
    ans.carer_willing_and_able = true;
    ans.carer = cg;
    ans.ncarer = 3;
    if (cfg) {
        CHECK_INT(ras_calculate(cfg, &ans, &a, &r, &e), ERR_INVALID);
        CHECK(has_flag(r, RAS_FLAG_CARER_NOT_ADJUSTABLE, "toileting"));
        CHECK(has_flag(r, RAS_FLAG_CARER_UNKNOWN_DOMAIN, "garden"));
        CHECK(has_flag(r, RAS_FLAG_CARER_UNKNOWN_LEVEL, "personal_care"));
        CHECK_INT(r ? r->nflags : 0, 3);
    }
    arena_release(&a);
}

/* ---- bands, contingency, rounding ------------------------------------------------------ */

static struct ras_result *band_calc(struct arena *a, const char *cfgjson, struct given g)
{
    struct ras_answers ans;
    static struct ras_given st[4];
    struct ras_config *cfg = parse_config(a, cfgjson);
    make_answers(&ans, st, g, "2025-06-10");
    return cfg ? calc(a, cfg, &ans) : NULL;
}

TEST(ras_band_middle)
{
    /* 10 + 7 + 8 = 25 points: band 11-30, £120.00; contingency 2.5% = £3.00 -> £123.00; nearest
     * pound: £123.00. Annual £6,396.00. */
    struct arena a;
    arena_init(&a, 0);
    struct ras_result *r = band_calc(&a, band_config, (struct given){"some", "some", "sometimes", NULL});
    if (r) {
        CHECK(r->band != NULL);
        CHECK_INT(r->band ? r->band->from_points : -1, 11);
        CHECK_INT(r->weekly_priced, 12000);
        CHECK_INT(r->contingency, 300);
        CHECK_INT(r->rounding, 0);
        CHECK_INT(r->weekly_calculated, 12300);
        CHECK_INT(r->annual_calculated, 639600);
        CHECK(derivation_has(r, "25 points is in the band from 11 to 30 points, which gives £120.00"));
        CHECK(derivation_has(r, "A contingency of 2.5% is added"));
    }
    arena_release(&a);
}

TEST(ras_band_boundaries)
{
    /* some 10 + none 0 + every_time 20 = 30 points: still the band 11-30, £120.00. */
    struct arena a;
    arena_init(&a, 0);
    struct ras_result *r = band_calc(&a, band_config, (struct given){"some", "none", "every_time", NULL});
    if (r) {
        CHECK_INT(r->points_total, 30);
        CHECK_INT(r->weekly_priced, 12000);
    }
    /* 10 + 15 + 8 = 33 points: band 31-60, £260.00; 2.5% = £6.50 -> £266.50; nearest pound,
     * an exact half rounds up: £267.00 (rounding +£0.50). */
    r = band_calc(&a, band_config, (struct given){"some", "full", "sometimes", NULL});
    if (r) {
        CHECK_INT(r->points_total, 33);
        CHECK_INT(r->weekly_priced, 26000);
        CHECK_INT(r->contingency, 650);
        CHECK_INT(r->rounding, 50);
        CHECK_INT(r->weekly_calculated, 26700);
        CHECK(derivation_has(r, "Rounded to the nearest whole pound: £267.00"));
    }
    /* 25 + 15 + 20 + 40 (capped 30) = 90: the open top band "61 and over", £420.00 + £100.00
     * waking night = £520.00; 2.5% = £13.00 -> £533.00. */
    r = band_calc(&a, band_config, (struct given){"daily", "full", "every_time", "waking"});
    if (r) {
        CHECK_INT(r->points_total, 90);
        CHECK(r->band && r->band->to_points == -1);
        CHECK_INT(r->weekly_priced, 42000);
        CHECK_INT(r->weekly_calculated, 53300);
        CHECK(derivation_has(r, "the top band, 61 points and over"));
    }
    arena_release(&a);
}

TEST(ras_band_zero_points_warns)
{
    /* 0 points: band 0-10, £40.00; 2.5% = £1.00 -> £41.00, with a warning. */
    struct arena a;
    arena_init(&a, 0);
    struct ras_result *r = band_calc(&a, band_config, (struct given){"none", "none", "none", NULL});
    if (r) {
        CHECK_INT(r->points_total, 0);
        CHECK_INT(r->weekly_calculated, 4100);
        CHECK(warning_has(r, "No points were scored"));
    }
    arena_release(&a);
}

TEST(ras_contingency_rounding_pound_up)
{
    /* 25 points x £1.37 = £34.25; 3% = £1.0275 -> £1.03 (nearest penny); £35.28; up to the
     * pound: £36.00 (rounding +£0.72); annual £1,872.00. */
    struct arena a;
    arena_init(&a, 0);
    struct ras_result *r = band_calc(&a, odd_config, (struct given){"some", "some", "sometimes", NULL});
    if (r) {
        CHECK_INT(r->weekly_priced, 3425);
        CHECK_INT(r->contingency, 103);
        CHECK_INT(r->rounding, 72);
        CHECK_INT(r->weekly_before_limits, 3600);
        CHECK_INT(r->weekly_calculated, 3600);
        CHECK_INT(r->annual_calculated, 187200);
        CHECK(derivation_has(r, "Rounded up to the next whole pound: £36.00"));
    }
    arena_release(&a);
}

TEST(ras_percent_rounds_half_up)
{
    /* £1.37 a point, 15 points (dressing full) = £20.55; two_workers 10% = £2.055 -> £2.06 (half
     * up); £22.61; 3% = £0.6783 -> £0.68; £23.29; up to £24.00. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    static const char *const adj[] = {"two_workers"};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, odd_config);
    make_answers(&ans, st, (struct given){"none", "full", "none", NULL}, "2025-06-10");
    ans.adjustments = adj;
    ans.nadjustments = 1;
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(r->weekly_priced, 2055);
        CHECK_INT(r->nadjustments, 1);
        CHECK_INT(r->adjustments[0].weekly, 206);
        CHECK_INT(r->contingency, 68);
        CHECK_INT(r->weekly_calculated, 2400);
    }
    arena_release(&a);
}

/* ---- effective dates ------------------------------------------------------------------- */

static void date_refused(const char *date, const char *needle)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_result *r = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, date);
    if (cfg) {
        CHECK_INT(ras_calculate(cfg, &ans, &a, &r, &e), ERR_INVALID);
        CHECK(r == NULL);
        CHECK_STR(e.field, "assessment_date");
        CHECK_CONTAINS(e.msg, needle);
        CHECK_CONTAINS(e.msg, "version t1");
    }
    arena_release(&a);
}

TEST(ras_date_after_effective_to_refused)
{
    date_refused("2026-04-01", "1 April 2026");
}

TEST(ras_date_before_effective_from_refused)
{
    date_refused("2025-03-31", "outside the dates");
}

TEST(ras_date_edges_accepted)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-04-01");
    CHECK(cfg && calc(&a, cfg, &ans) != NULL);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2026-03-31");
    CHECK(cfg && calc(&a, cfg, &ans) != NULL);
    arena_release(&a);
}

/* ---- inconsistent answers -------------------------------------------------------------- */

static struct ras_result *refused(struct arena *a, struct ras_answers *ans)
{
    struct ras_result *r = NULL;
    struct err e = {0};
    struct ras_config *cfg = parse_config(a, ppp_config);
    if (!cfg)
        return NULL;
    CHECK_INT(ras_calculate(cfg, ans, a, &r, &e), ERR_INVALID);
    CHECK(r != NULL && r->refused);
    CHECK(r == NULL || r->nderivation == 0);
    CHECK_CONTAINS(e.msg, "must be put right before the budget can be worked out");
    return r;
}

TEST(ras_consistency_rule_flags)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"none", "some", "every_time", NULL}, "2025-06-10");
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_INCONSISTENT, "wash_vs_toilet"));
    if (r && r->nflags) {
        CHECK_CONTAINS(r->flags[0].message, "Washing needs no help but the toilet needs help");
        CHECK_CONTAINS(r->flags[0].message, "\"no help to wash\"");
    }
    arena_release(&a);
}

TEST(ras_consistency_rule_not_triggered)
{
    /* Washing "some" with toilet every_time is fine. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "every_time", NULL}, "2025-06-10");
    CHECK(cfg && calc(&a, cfg, &ans) != NULL);
    arena_release(&a);
}

TEST(ras_required_unanswered_flags)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"some", NULL, NULL, NULL}, "2025-06-10");
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_UNANSWERED, "personal_care.dressing"));
    CHECK(has_flag(r, RAS_FLAG_UNANSWERED, "toileting.toilet"));
    CHECK(!has_flag(r, RAS_FLAG_UNANSWERED, "night.night")); /* optional */
    CHECK_INT(r ? r->nflags : 0, 2);
    arena_release(&a);
}

TEST(ras_answer_not_in_configuration_flags)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"sometimes", "some", "sometimes", NULL}, "2025-06-10");
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_UNKNOWN_ANSWER, "personal_care.washing"));
    /* Not also flagged as unanswered. */
    CHECK_INT(r ? r->nflags : 0, 1);
    if (r && r->nflags)
        CHECK_CONTAINS(r->flags[0].message, "\"none\", \"some\" or \"daily\"");
    arena_release(&a);
}

TEST(ras_unknown_question_and_duplicate_flag)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[6] = {
        {"personal_care.washing", "some"},  {"personal_care.dressing", "some"},
        {"toileting.toilet", "none"},       {"toileting.toilet", "sometimes"},
        {"garden.lawn", "mowing"},          {"nodot", "x"},
    };
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){0}, "2025-06-10");
    ans.answers = st;
    ans.nanswers = 6;
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_DUPLICATE, "toileting.toilet"));
    CHECK(has_flag(r, RAS_FLAG_UNKNOWN_QUESTION, "garden.lawn"));
    CHECK(has_flag(r, RAS_FLAG_UNKNOWN_QUESTION, "nodot"));
    arena_release(&a);
}

TEST(ras_adjustment_choices_flag)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    static const char *const adj[] = {"waking_night", "golden_parachute", "high_risk",
                                      "high_risk"};
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    ans.adjustments = adj;
    ans.nadjustments = 4;
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_AUTOMATIC_ADJUSTMENT, "waking_night"));
    CHECK(has_flag(r, RAS_FLAG_UNKNOWN_ADJUSTMENT, "golden_parachute"));
    CHECK(has_flag(r, RAS_FLAG_DUPLICATE, "high_risk"));
    arena_release(&a);
}

TEST(ras_council_mismatch_flags)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    ans.council_code = "OTHER";
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_COUNCIL_MISMATCH, "OTHER"));
    arena_release(&a);
}

TEST(ras_all_flags_listed_together)
{
    /* Several different problems come back in one refusal, not one at a time. */
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    static const char *const adj[] = {"nope"};
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"none", "sideways", "every_time", NULL}, "2025-06-10");
    ans.adjustments = adj;
    ans.nadjustments = 1;
    struct ras_result *r = refused(&a, &ans);
    CHECK(has_flag(r, RAS_FLAG_UNKNOWN_ANSWER, "personal_care.dressing"));
    CHECK(has_flag(r, RAS_FLAG_INCONSISTENT, "wash_vs_toilet"));
    CHECK(has_flag(r, RAS_FLAG_UNKNOWN_ADJUSTMENT, "nope"));
    CHECK_INT(r ? r->nflags : 0, 3);
    arena_release(&a);
}

/* ---- override -------------------------------------------------------------------------- */

TEST(ras_override_keeps_calculated)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_result *o = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(ras_override(r, 9250, "  Needs a second visit each evening for medication.  ",
                               "Sam Worker", &a, &o, &e),
                  0);
        CHECK(o != NULL);
        if (o) {
            CHECK(o->overridden);
            CHECK_INT(o->weekly_calculated, 7500);
            CHECK_INT(o->annual_calculated, 390000);
            CHECK_INT(o->weekly_override, 9250);
            CHECK_INT(o->annual_override, 481000);
            CHECK_INT(o->weekly, 9250);
            CHECK_INT(o->annual, 481000);
            CHECK_STR(o->override_reason, "Needs a second visit each evening for medication.");
            CHECK_STR(o->override_by, "Sam Worker");
            CHECK(derivation_has(o, "Sam Worker changed the indicative budget from the calculated "
                                    "£75.00 a week (£3,900.00 a year) to £92.50 a week"));
            CHECK(derivation_has(o, "Needs a second visit"));
            CHECK_INT(o->nderivation, r->nderivation + 1);
        }
        /* The calculated result is untouched. */
        CHECK(!r->overridden);
        CHECK_INT(r->weekly, 7500);
    }
    arena_release(&a);
}

TEST(ras_override_needs_reason)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_result *o = NULL;
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        struct err e = {0};
        CHECK_INT(ras_override(r, 9000, "", NULL, &a, &o, &e), ERR_INVALID);
        CHECK_STR(e.field, "reason");
        CHECK(o == NULL);
        err_clear(&e);
        CHECK_INT(ras_override(r, 9000, " \t\n ", NULL, &a, &o, &e), ERR_INVALID);
        err_clear(&e);
        CHECK_INT(ras_override(r, 9000, NULL, NULL, &a, &o, &e), ERR_INVALID);
        err_clear(&e);
        CHECK_INT(ras_override(r, -1, "reason", NULL, &a, &o, &e), ERR_INVALID);
        CHECK_STR(e.field, "weekly");
    }
    arena_release(&a);
}

TEST(ras_override_above_cap_warns)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_result *o = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(ras_override(r, 45000, "Exceptional needs agreed at panel", NULL, &a, &o, &e), 0);
        CHECK(warning_has(o, "above the upper limit of £400.00"));
        CHECK(derivation_has(o, "A worker changed"));
        /* An override of an override would lose the calculated figure: refused. */
        struct ras_result *o2 = NULL;
        err_clear(&e);
        CHECK_INT(ras_override(o, 1000, "again", NULL, &a, &o2, &e), ERR_CONFLICT);
    }
    arena_release(&a);
}

TEST(ras_override_of_refused_is_refused)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct ras_result *o = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    make_answers(&ans, st, (struct given){"none", "some", "every_time", NULL}, "2025-06-10");
    struct ras_result *r = refused(&a, &ans);
    if (r) {
        CHECK_INT(ras_override(r, 9000, "reason", NULL, &a, &o, &e), ERR_CONFLICT);
        CHECK(o == NULL);
    }
    arena_release(&a);
}

/* ---- result JSON ----------------------------------------------------------------------- */

TEST(ras_result_json_shape)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4];
    struct buf b;
    static const char *const adj[] = {"two_workers"};
    arena_init(&a, 0);
    buf_init(&b, 1 << 20);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){"some", "some", "sometimes", NULL}, "2025-06-10");
    ans.adjustments = adj;
    ans.nadjustments = 1;
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        /* 25 points = £75.00; +10% £7.50 = £82.50; annual £4,290.00. */
        CHECK_INT(ras_result_json(r, &b), 0);
        CHECK_CONTAINS(b.data, "\"status\": \"calculated\"");
        CHECK_CONTAINS(b.data, "\"question\": \"personal_care.washing\"");
        CHECK_CONTAINS(b.data, "\"points\": 10,\n      \"weekly_value\": \"30.00\"");
        CHECK_CONTAINS(b.data, "\"price_per_point\": \"3.00\"");
        CHECK_CONTAINS(b.data, "\"percent\": \"10\",\n      \"weekly\": \"7.50\"");
        CHECK_CONTAINS(b.data, "\"weekly\": \"82.50\"");
        CHECK_CONTAINS(b.data, "\"annual\": \"4290.00\"");
        CHECK_CONTAINS(b.data, "\"applied\": \"none\"");
        CHECK_CONTAINS(b.data, "\"effective_to\": \"2026-03-31\"");
        CHECK_CONTAINS(b.data, "\"derivation\": [");
    }
    arena_release(&a);
    buf_release(&b);
}

TEST(ras_result_json_refused_and_escaping)
{
    struct arena a;
    struct ras_answers ans;
    struct ras_given st[4] = {{"personal_care.washing", "say \"hi\"\n"}};
    struct buf b;
    struct ras_result *r = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    buf_init(&b, 1 << 20);
    struct ras_config *cfg = parse_config(&a, ppp_config);
    make_answers(&ans, st, (struct given){0}, "2025-06-10");
    ans.answers = st;
    ans.nanswers = 1;
    if (cfg) {
        CHECK_INT(ras_calculate(cfg, &ans, &a, &r, &e), ERR_INVALID);
        CHECK_INT(ras_result_json(r, &b), 0);
        CHECK_CONTAINS(b.data, "\"status\": \"refused\"");
        CHECK_CONTAINS(b.data, "\"kind\": \"answer_not_in_configuration\"");
        CHECK_CONTAINS(b.data, "\\\"say \\\"hi\\\"\\n\\\" is not one of the answers");
        CHECK(strstr(b.data, "\"weekly\"") == NULL);
    }
    arena_release(&a);
    buf_release(&b);
}

/* ---- malformed configurations ---------------------------------------------------------- */

/* Replaces the first occurrence of `from` in the test configuration with `to`, parses it, and
 * checks it is refused with a message containing `needle`. */
static void config_refused(const char *base, const char *from, const char *to, const char *needle)
{
    struct arena a;
    struct ras_config *cfg = NULL;
    struct err e = {0};
    char text[16384];
    const char *at = strstr(base, from);
    if (!at) {
        check_fail(__FILE__, __LINE__, "test setup: \"%s\" not in the configuration", from);
        return;
    }
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    arena_init(&a, 0);
    CHECK_INT(ras_config_parse(text, strlen(text), &a, &cfg, &e), ERR_INVALID);
    CHECK(cfg == NULL);
    CHECK_CONTAINS(e.msg, needle);
    arena_release(&a);
}

TEST(ras_config_valid_variants_parse)
{
    struct arena a;
    arena_init(&a, 0);
    struct ras_config *c1 = parse_config(&a, ppp_config);
    struct ras_config *c2 = parse_config(&a, band_config);
    struct ras_config *c3 = parse_config(&a, odd_config);
    CHECK(c1 && c2 && c3);
    if (c1) {
        CHECK_STR(c1->council_code, "TEST");
        CHECK_INT(c1->ndomains, 3);
        CHECK_INT(c1->nadjustments, 3);
        CHECK(c1->adjustments[1].automatic);
        CHECK(!c1->adjustments[0].automatic);
        CHECK_INT(c1->adjustments[0].value, 1000);
        CHECK_INT(c1->adjustments[1].value, 10000);
        CHECK_INT(ras_max_points(c1), 25 + 15 + 20 + 30);
        CHECK(!c1->domains[2].questions[0].required);
        CHECK(c1->domains[0].questions[0].required);
    }
    if (c2) {
        CHECK_INT(c2->nbands, 4);
        CHECK_INT(c2->contingency_bp, 250);
        CHECK_INT(c2->rounding, RAS_ROUND_POUND_NEAREST);
    }
    arena_release(&a);
}

TEST(ras_config_points_out_of_range)
{
    config_refused(ppp_config, "\"points\": 10}", "\"points\": 1001}",
                   "domains[0].questions[0].answers[1].points: must be a whole number from 0 to "
                   "1000");
    config_refused(ppp_config, "\"points\": 10}", "\"points\": 10.5}",
                   "domains[0].questions[0].answers[1].points: must be a whole number");
    config_refused(ppp_config, "\"points\": 10}", "\"points\": \"10\"}",
                   "domains[0].questions[0].answers[1].points: must be a whole number");
    config_refused(ppp_config, "\"points\": 10}", "\"points\": -1}",
                   "domains[0].questions[0].answers[1].points");
}

TEST(ras_config_unknown_fields_refused)
{
    config_refused(ppp_config, "\"council_code\"", "\"colour\": \"red\", \"council_code\"",
                   "colour: is not a field here");
    config_refused(ppp_config, "\"points\": 8}", "\"points\": 8, \"pointz\": 1}",
                   "domains[1].questions[0].answers[1].pointz: is not a field here");
    config_refused(ppp_config, "\"max_points\": 30", "\"max_point\": 30",
                   "domains[2].max_point: is not a field here");
}

TEST(ras_config_json_errors_refused)
{
    config_refused(ppp_config, "{\"format\"", "[{\"format\"", "not valid JSON");
    config_refused(ppp_config, "\"version\": \"t1\"", "\"version\": \"t1\", \"version\": \"t2\"",
                   "not valid JSON");
    config_refused(ppp_config, "\"selfdirect-ras/1\"", "\"selfdirect-ras/2\"",
                   "format: must be \"selfdirect-ras/1\"");
}

TEST(ras_config_money_and_percent_strings)
{
    config_refused(ppp_config, "\"price_per_point\": \"3.00\"", "\"price_per_point\": 3.0",
                   "pricing.price_per_point: must be an amount in pounds written as a string");
    config_refused(ppp_config, "\"price_per_point\": \"3.00\"", "\"price_per_point\": \"3.001\"",
                   "pricing.price_per_point: is not an amount of money");
    config_refused(ppp_config, "\"price_per_point\": \"3.00\"", "\"price_per_point\": \"0.00\"",
                   "pricing.price_per_point: must be more than zero");
    config_refused(band_config, "\"contingency_percent\": \"2.5\"",
                   "\"contingency_percent\": \"2.555\"", "contingency_percent: must be a percentage");
    config_refused(band_config, "\"contingency_percent\": \"2.5\"",
                   "\"contingency_percent\": 2.5", "contingency_percent: must be a percentage");
    config_refused(band_config, "\"contingency_percent\": \"2.5\"",
                   "\"contingency_percent\": \"51\"", "from 0 to 50");
    config_refused(ppp_config, "\"percent\": \"10\"", "\"percent\": \"1e1\"",
                   "adjustments[0].percent: must be a percentage");
}

TEST(ras_config_ids_and_duplicates)
{
    config_refused(ppp_config, "\"id\": \"toileting\"", "\"id\": \"personal_care\"",
                   "domains[1].id: \"personal_care\" is used twice");
    config_refused(ppp_config, "\"id\": \"toileting\"", "\"id\": \"Toileting\"",
                   "domains[1].id: must be an id");
    config_refused(ppp_config, "{\"id\": \"some\", \"text\": \"some help to wash\"",
                   "{\"id\": \"none\", \"text\": \"some help to wash\"",
                   "domains[0].questions[0].answers[1].id: \"none\" is used twice");
    config_refused(ppp_config, "\"id\": \"dressing\"", "\"id\": \"washing\"",
                   "domains[0].questions[1].id: \"washing\" is used twice");
    config_refused(ppp_config, "\"id\": \"high_risk\"", "\"id\": \"two_workers\"",
                   "adjustments[2].id: \"two_workers\" is used twice");
}

TEST(ras_config_structure_refused)
{
    config_refused(ppp_config, DOMAINS, "\"domains\": []", "domains: must have from 1 to 50");
    config_refused(ppp_config, "\"title\": \"Toileting\", ", "",
                   "domains[1].title: is required");
    config_refused(ppp_config, "\"text\": \"Using the toilet\"", "\"text\": \"  \"",
                   "domains[1].questions[0].text: must not be empty");
    config_refused(ppp_config,
                   "{\"id\": \"none\", \"text\": \"no help at night\", \"points\": 0},    "
                   "{\"id\": \"sleep_in\", \"text\": \"sleeping-in help\", \"points\": 20},",
                   "",
                   "domains[2].questions[0].answers: must have from 2 to 30 entries");
    config_refused(ppp_config, "\"effective_to\": \"2026-03-31\"",
                   "\"effective_to\": \"2025-03-31\"", "effective_to: must not be before");
    config_refused(ppp_config, "\"effective_from\": \"2025-04-01\"",
                   "\"effective_from\": \"2025-02-30\"", "effective_from: is not a date");
    config_refused(ppp_config, "\"weekly_minimum\": \"50.00\"", "\"weekly_minimum\": \"500.00\"",
                   "limits.weekly_maximum: must be more than zero and not less than");
    config_refused(ppp_config, "\"carer_adjustable\": true,", "\"carer_adjustable\": \"yes\",",
                   "domains[0].carer_adjustable: must be true or false");
    config_refused(ppp_config, "\"method\": \"price_per_point\"", "\"method\": \"hourly\"",
                   "pricing.method: must be");
}

TEST(ras_config_bands_refused)
{
    config_refused(band_config, "{\"from_points\": 0,", "{\"from_points\": 1,",
                   "pricing.bands[0].from_points: the first band must start at 0");
    config_refused(band_config, "{\"from_points\": 11,", "{\"from_points\": 12,",
                   "pricing.bands[1].from_points: must be 11");
    config_refused(band_config, "{\"from_points\": 61, \"weekly\"",
                   "{\"from_points\": 61, \"to_points\": 100, \"weekly\"",
                   "pricing.bands[3].to_points: the last band has no to_points");
    config_refused(band_config, "\"weekly\": \"260.00\"", "\"weekly\": \"100.00\"",
                   "pricing.bands[2].weekly: must not be less than the previous band");
    config_refused(band_config, "\"to_points\": 30,", "",
                   "pricing.bands[1].to_points: is required");
    config_refused(ppp_config, "\"price_per_point\": \"3.00\"",
                   "\"price_per_point\": \"3.00\", \"bands\": []",
                   "pricing.bands: is only for");
}

TEST(ras_config_references_refused)
{
    config_refused(ppp_config, "\"question\": \"toileting.toilet\"",
                   "\"question\": \"toileting.bath\"",
                   "consistency_rules[0].then_not.question: there is no question "
                   "\"toileting.bath\"");
    config_refused(ppp_config, "\"answers\": [\"every_time\"]", "\"answers\": [\"always\"]",
                   "consistency_rules[0].then_not.answers[0]: \"always\" is not an answer to "
                   "toileting.toilet");
    config_refused(ppp_config,
                   "\"then_not\": {\"question\": \"toileting.toilet\", \"answers\": "
                   "[\"every_time\"]}",
                   "\"then_not\": {\"question\": \"personal_care.washing\", \"answers\": "
                   "[\"daily\"]}",
                   "then_not.question: must be a different question");
    config_refused(ppp_config, "\"then_not\"", "\"then_only\": {\"question\": "
                   "\"toileting.toilet\", \"answers\": [\"none\"]}, \"then_not\"",
                   "consistency_rules[0]: must have exactly one of");
    config_refused(ppp_config, "\"answers\": [\"waking\"]", "\"answers\": [\"waking\", \"waking\"]",
                   "adjustments[1].when.answers[1]: is listed twice");
}

TEST(ras_config_adjustments_refused)
{
    config_refused(ppp_config, "\"percent\": \"10\"", "\"percent\": \"10\", \"points\": 3",
                   "adjustments[0]: must have exactly one of");
    config_refused(ppp_config, "\"points\": 5}", "\"points\": 0}",
                   "adjustments[2].points: must not be zero");
    config_refused(ppp_config, "\"category\": \"risk\"", "\"category\": \"danger\"",
                   "adjustments[2].category: must be");
    config_refused(ppp_config, "\"reduction_percent\": 50", "\"reduction_percent\": 150",
                   "carer_adjustment.levels[1].reduction_percent: must be a whole number from 0 "
                   "to 100");
}

TEST(ras_config_carer_without_levels_refused)
{
    /* A domain marked carer_adjustable with no carer_adjustment at all would never adjust. */
    config_refused(ppp_config, "\"carer_adjustment\"", "\"unused\"",
                   "unused: is not a field here");
    static const char no_levels[] = HEAD PPP_PRICING DOMAINS "}";
    struct arena a;
    struct ras_config *cfg = NULL;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(ras_config_parse(no_levels, strlen(no_levels), &a, &cfg, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "domains[0].carer_adjustable: is true but there is no");
    CHECK_STR(e.field, "domains[0].carer_adjustable");
    arena_release(&a);
}

/* ---- answers files --------------------------------------------------------------------- */

static int parse_answers(struct arena *a, const char *json, struct ras_answers *ans, struct err *e)
{
    return ras_answers_parse(json, strlen(json), a, ans, e);
}

TEST(ras_answers_parse_ok)
{
    struct arena a;
    struct ras_answers ans;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(parse_answers(&a,
                            "{\"format\": \"selfdirect-ras-answers/1\", \"reference\": \"case 1\","
                            " \"assessment_date\": \"2025-06-10\", \"answers\": "
                            "{\"personal_care.washing\": \"some\", \"toileting.toilet\": \"none\"},"
                            " \"carer\": {\"willing_and_able\": true, \"support\": "
                            "{\"personal_care\": \"most\"}}, \"adjustments\": [\"two_workers\"]}",
                            &ans, &e),
              0);
    CHECK_INT(ans.nanswers, 2);
    CHECK_STR(ans.answers[1].question, "toileting.toilet");
    CHECK_STR(ans.answers[1].answer, "none");
    CHECK_STR(ans.reference, "case 1");
    CHECK(ans.carer_willing_and_able);
    CHECK_INT(ans.ncarer, 1);
    CHECK_STR(ans.carer[0].level, "most");
    CHECK_INT(ans.nadjustments, 1);
    CHECK_STR(ans.adjustments[0], "two_workers");
    arena_release(&a);
}

static void answers_refused(const char *json, const char *needle)
{
    struct arena a;
    struct ras_answers ans;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(parse_answers(&a, json, &ans, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, needle);
    arena_release(&a);
}

#define AHEAD "{\"format\": \"selfdirect-ras-answers/1\", \"assessment_date\": \"2025-06-10\", "

TEST(ras_answers_parse_refused)
{
    answers_refused(AHEAD "\"answers\": {}, \"notes\": 1}", "notes: is not a field here");
    answers_refused(AHEAD "\"answers\": []}", "answers: must be an object");
    answers_refused(AHEAD "\"answers\": {\"a.b\": 3}}", "answers.a.b: must be the id of an answer");
    answers_refused("{\"format\": \"selfdirect-ras-answers/1\", \"answers\": {}}",
                    "assessment_date: is required");
    answers_refused("{\"format\": \"selfdirect-ras-answers/1\", \"assessment_date\": \"10/06/2025\","
                    " \"answers\": {}}",
                    "assessment_date: is not a date");
    answers_refused(AHEAD "\"answers\": {}, \"carer\": {\"support\": {}}}",
                    "carer.willing_and_able: is required");
    answers_refused(AHEAD "\"answers\": {}, \"carer\": {\"willing_and_able\": true, \"support\": "
                          "{\"personal_care\": 50}}}",
                    "carer.support.personal_care: must be the id of a carer support level");
    answers_refused(AHEAD "\"answers\": {}, \"adjustments\": [1]}", "adjustments[0]: must be the id");
    answers_refused(AHEAD "\"answers\": {\"a.b\": \"x\", \"a.b\": \"y\"}}", "not valid JSON");
    answers_refused("{\"format\": \"other\", \"assessment_date\": \"2025-06-10\", \"answers\": {}}",
                    "format: must be");
}

/* ---- the demo council's configuration -------------------------------------------------- */

static struct ras_config *demo_config(struct arena *a)
{
    const struct asset *as = asset_find("data/ras/demo-council-ras-v1.json");
    struct ras_config *cfg = NULL;
    struct err e = {0};
    CHECK(as != NULL);
    if (!as)
        return NULL;
    CHECK_INT(ras_config_parse((const char *)as->data, as->len, a, &cfg, &e), 0);
    if (e.msg[0])
        check_fail(__FILE__, __LINE__, "demo configuration refused: %s", e.msg);
    return cfg;
}

TEST(ras_demo_config_is_valid_and_complete)
{
    struct arena a;
    arena_init(&a, 0);
    struct ras_config *cfg = demo_config(&a);
    if (cfg) {
        CHECK_STR(cfg->council_code, "DEMO");
        CHECK(cfg->ndomains >= 8 && cfg->ndomains <= 12);
        for (size_t d = 0; d < cfg->ndomains; d++)
            CHECK(cfg->domains[d].nquestions >= 1 && cfg->domains[d].nquestions <= 3);
        CHECK(cfg->ncarer_levels > 0);
        CHECK(cfg->nadjustments > 0);
        CHECK(cfg->nrules > 0);
        CHECK(cfg->contingency_bp > 0);
        CHECK(!cfg->has_effective_to);
        CHECK_INT(cfg->price_per_point, 420);
        /* 30+20+22+10+34+14+8+10+20+12+30 (health capped from 40)+24 */
        CHECK_INT(ras_max_points(cfg), 234);
    }
    arena_release(&a);
}

/* The answers of tests/data/ras/demo-moderate-answers.json, worked by hand:
 *   eating 8+0, personal care 14+3 = 17, toileting 6+2 = 8, dressing 6, home safety 2+6 = 8,
 *   keeping home 6+2 = 8, relationships 4, work 0, community 5+3 = 8, child 0, health 4+0, night 0
 *   = 71 points. Carer (willing and able): personal care "some" 25% of 17 = 4.25 -> 4 off; keeping
 *   home "most" 50% of 8 = 4 off: 63 points. 63 x £4.20 = £264.60. Rural +5% = £13.23 -> £277.83.
 *   Contingency 3% = £8.3349 -> £8.33 -> £286.16. Up to the pound: £287.00 (+£0.84).
 *   Annual £287.00 x 52 = £14,924.00. */
TEST(ras_demo_moderate_hand_computed)
{
    static const struct ras_given given[] = {
        {"eating_drinking.meals", "some_help"},   {"eating_drinking.eating", "independent"},
        {"personal_care.washing", "daily_help"},  {"personal_care.grooming", "some_help"},
        {"toileting.toilet", "occasional"},       {"toileting.continence", "manages_own"},
        {"dressing.dressing", "some_help"},       {"home_safety.mobility", "aids"},
        {"home_safety.risk", "some"},             {"keeping_home.housework", "most_help"},
        {"keeping_home.shopping_bills", "some_help"}, {"relationships.contact", "some_help"},
        {"work_learning.activity", "not_wanted"}, {"community.getting_out", "some_help"},
        {"community.frequency", "weekly"},        {"caring_for_child.parenting", "not_applicable"},
        {"health_behaviour.health", "medication"}, {"health_behaviour.behaviour", "none"},
        {"night_time.night", "none"},
    };
    static const struct ras_carer_given carer[] = {{"personal_care", "some"},
                                                   {"keeping_home", "most"}};
    static const char *const adj[] = {"rural"};
    struct arena a;
    struct ras_answers ans = {0};
    struct err e = {0};
    arena_init(&a, 0);
    struct ras_config *cfg = demo_config(&a);
    CHECK_INT(date_parse_iso("2026-05-12", 10, &ans.assessment_date, "d", &e), 0);
    ans.answers = given;
    ans.nanswers = sizeof given / sizeof given[0];
    ans.carer_willing_and_able = true;
    ans.carer = carer;
    ans.ncarer = 2;
    ans.adjustments = adj;
    ans.nadjustments = 1;
    struct ras_result *r = cfg ? calc(&a, cfg, &ans) : NULL;
    if (r) {
        CHECK_INT(r->points_answers, 71);
        CHECK_INT(r->points_carer, 8);
        CHECK_INT(r->points_total, 63);
        CHECK_INT(r->weekly_priced, 26460);
        CHECK_INT(r->weekly_adjustments, 1323);
        CHECK_INT(r->contingency, 833);
        CHECK_INT(r->rounding, 84);
        CHECK_INT(r->weekly_calculated, 28700);
        CHECK_INT(r->annual_calculated, 1492400);
        CHECK_INT(r->limit, RAS_LIMIT_NONE);
    }
    arena_release(&a);
}

TEST(ras_percent_format_cases)
{
    char s[16];
    ras_percent_format(500, s, sizeof s);
    CHECK_STR(s, "5");
    ras_percent_format(250, s, sizeof s);
    CHECK_STR(s, "2.5");
    ras_percent_format(1275, s, sizeof s);
    CHECK_STR(s, "12.75");
    ras_percent_format(-1000, s, sizeof s);
    CHECK_STR(s, "-10");
    ras_percent_format(5, s, sizeof s);
    CHECK_STR(s, "0.05");
    ras_percent_format(0, s, sizeof s);
    CHECK_STR(s, "0");
}
