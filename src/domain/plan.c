/* plan.c — support plans: validation, costing against the budget, warnings, versions. */
#include "domain/plan.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/payroll/nlw.h"

#define PLAN_MAX_QUANTITY INT64_C(1000000000)

static const char *const section_ids[PLAN_SECTION_COUNT] = {
    "about_me", "what_matters", "outcomes", "budget_use",
    "who_helps", "managing_money", "contingency", "risks"};
static const char *const section_titles[PLAN_SECTION_COUNT] = {
    "About me", "What matters to me", "The outcomes I want", "How I will use my budget",
    "Who will help me", "How I will manage my money", "What happens if things go wrong",
    "Risks and how I will manage them"};
static const char *const kind_ids[PLAN_LINE_KIND_COUNT] = {
    "pa_hours", "agency_hours", "day_opportunity", "activity", "equipment",
    "transport", "respite", "community_free", "other"};
static const char *const kind_titles[PLAN_LINE_KIND_COUNT] = {
    "PA hours", "Agency hours", "Day opportunity", "Activity or membership",
    "Equipment or one-off purchase", "Transport", "Respite", "Community group (no cost)", "Other"};
static const char *const freq_ids[PLAN_FREQUENCY_COUNT] = {
    "weekly", "four_weekly", "monthly", "yearly", "one_off"};
static const char *const freq_titles[PLAN_FREQUENCY_COUNT] = {
    "every week", "every 4 weeks", "every month", "every year", "once"};
static const char *const helper_ids[PLAN_HELPER_KIND_COUNT] = {
    "self", "family", "ulo", "other_org", "worker"};
static const char *const helper_titles[PLAN_HELPER_KIND_COUNT] = {
    "The person themselves", "Family or friends", "A user-led organisation",
    "Another organisation", "A council worker"};
static const char *const status_ids[PLAN_STATUS_COUNT] = {
    "draft", "submitted", "signed_off", "superseded"};

static int parse_id(const char *s, const char *const *ids, int n)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, ids[i]) == 0)
            return i;
    return -1;
}

#define NAME_FN(fn, type, arr, count, unknown)                                                     \
    const char *fn(type v) { return (unsigned)v < (count) ? arr[v] : (unknown); }
NAME_FN(plan_section_id, enum plan_section, section_ids, PLAN_SECTION_COUNT, "unknown")
NAME_FN(plan_section_title, enum plan_section, section_titles, PLAN_SECTION_COUNT, "Unknown")
NAME_FN(plan_line_kind_id, enum plan_line_kind, kind_ids, PLAN_LINE_KIND_COUNT, "unknown")
NAME_FN(plan_line_kind_title, enum plan_line_kind, kind_titles, PLAN_LINE_KIND_COUNT, "Unknown")
NAME_FN(plan_frequency_id, enum plan_frequency, freq_ids, PLAN_FREQUENCY_COUNT, "unknown")
NAME_FN(plan_frequency_title, enum plan_frequency, freq_titles, PLAN_FREQUENCY_COUNT, "unknown")
NAME_FN(plan_helper_kind_id, enum plan_helper_kind, helper_ids, PLAN_HELPER_KIND_COUNT, "unknown")
NAME_FN(plan_helper_kind_title, enum plan_helper_kind, helper_titles, PLAN_HELPER_KIND_COUNT,
        "Unknown")
NAME_FN(plan_status_id, enum plan_status, status_ids, PLAN_STATUS_COUNT, "unknown")

int plan_line_kind_parse(const char *s, enum plan_line_kind *k)
{
    int i = parse_id(s, kind_ids, PLAN_LINE_KIND_COUNT);
    if (i < 0)
        return ERR_INVALID;
    *k = (enum plan_line_kind)i;
    return 0;
}

int plan_frequency_parse(const char *s, enum plan_frequency *f)
{
    int i = parse_id(s, freq_ids, PLAN_FREQUENCY_COUNT);
    if (i < 0)
        return ERR_INVALID;
    *f = (enum plan_frequency)i;
    return 0;
}

int plan_helper_kind_parse(const char *s, enum plan_helper_kind *k)
{
    int i = parse_id(s, helper_ids, PLAN_HELPER_KIND_COUNT);
    if (i < 0)
        return ERR_INVALID;
    *k = (enum plan_helper_kind)i;
    return 0;
}

bool plan_line_is_hours(enum plan_line_kind k)
{
    return k == PLAN_LINE_PA_HOURS || k == PLAN_LINE_AGENCY_HOURS;
}

bool plan_line_is_traditional(const struct plan_line *l)
{
    return l->kind == PLAN_LINE_AGENCY_HOURS || (l->kind == PLAN_LINE_DAY_OPPORTUNITY && l->day_centre);
}

int plan_frequency_per_year(enum plan_frequency f)
{
    switch (f) {
    case PLAN_FREQ_WEEKLY: return 52;
    case PLAN_FREQ_FOUR_WEEKLY: return 13;
    case PLAN_FREQ_MONTHLY: return 12;
    case PLAN_FREQ_YEARLY: return 1;
    case PLAN_FREQ_ONE_OFF:
    case PLAN_FREQUENCY_COUNT: break;
    }
    return 0;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static bool same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int find_outcome(const struct plan *p, const char *id)
{
    for (size_t i = 0; i < p->noutcomes; i++)
        if (same(p->outcomes[i].id, id))
            return (int)i;
    return -1;
}

/* ---- validation -------------------------------------------------------------------------------- */

int plan_validate(const struct plan *p, struct err *e)
{
    char f[64];
    if (!p)
        return err_set(e, ERR_INVALID, "No plan.");
    if (blank(p->id))
        return err_set_field(e, ERR_INVALID, "id", "The plan has no id.");
    if (blank(p->person_ref))
        return err_set_field(e, ERR_INVALID, "person", "Say whose plan this is.");
    if (p->version < 1)
        return err_set_field(e, ERR_INVALID, "version", "Plan versions start at 1.");
    if ((unsigned)p->planned_by >= PLAN_HELPER_KIND_COUNT)
        return err_set_field(e, ERR_INVALID, "planned_by", "Say who led the planning.");
    if (p->has_review_date && p->review_date < p->start_date)
        return err_set_field(e, ERR_INVALID, "review_date",
                             "The review date is before the plan starts.");
    for (size_t i = 0; i < p->nhelpers; i++) {
        snprintf(f, sizeof f, "helpers[%zu]", i);
        if ((unsigned)p->helpers[i].kind >= PLAN_HELPER_KIND_COUNT)
            return err_set_field(e, ERR_INVALID, f, "Say what kind of help this was.");
    }
    for (size_t i = 0; i < p->noutcomes; i++) {
        snprintf(f, sizeof f, "outcomes[%zu]", i);
        if (blank(p->outcomes[i].id))
            return err_set_field(e, ERR_INVALID, f, "Outcome %zu has no id.", i + 1);
        if (blank(p->outcomes[i].text))
            return err_set_field(e, ERR_INVALID, f, "Outcome %zu is blank: say what you want to "
                                                    "achieve, in your own words.", i + 1);
        for (size_t j = 0; j < i; j++)
            if (same(p->outcomes[j].id, p->outcomes[i].id))
                return err_set_field(e, ERR_INVALID, f, "Two outcomes have the id '%s'.",
                                     p->outcomes[i].id);
    }
    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        size_t n = i + 1;
        if (blank(l->id)) {
            snprintf(f, sizeof f, "lines[%zu].id", i);
            return err_set_field(e, ERR_INVALID, f, "Line %zu has no id.", n);
        }
        for (size_t j = 0; j < i; j++)
            if (same(p->lines[j].id, l->id)) {
                snprintf(f, sizeof f, "lines[%zu].id", i);
                return err_set_field(e, ERR_INVALID, f, "Two lines have the id '%s'.", l->id);
            }
        if ((unsigned)l->kind >= PLAN_LINE_KIND_COUNT) {
            snprintf(f, sizeof f, "lines[%zu].kind", i);
            return err_set_field(e, ERR_INVALID, f, "Line %zu: choose what kind of support it is.", n);
        }
        if (blank(l->description)) {
            snprintf(f, sizeof f, "lines[%zu].description", i);
            return err_set_field(e, ERR_INVALID, f, "Line %zu: say what it is.", n);
        }
        if ((unsigned)l->frequency >= PLAN_FREQUENCY_COUNT) {
            snprintf(f, sizeof f, "lines[%zu].frequency", i);
            return err_set_field(e, ERR_INVALID, f, "Line %zu: say how often.", n);
        }
        if (l->quantity < 0 || l->quantity > PLAN_MAX_QUANTITY) {
            snprintf(f, sizeof f, "lines[%zu].quantity", i);
            return err_set_field(e, ERR_INVALID, f, "%s: the %s must be a positive number.",
                                 l->description, plan_line_is_hours(l->kind) ? "hours" : "quantity");
        }
        if (l->unit_cost < 0 || l->unit_cost > MONEY_MAX_PENCE) {
            snprintf(f, sizeof f, "lines[%zu].unit_cost", i);
            return err_set_field(e, ERR_INVALID, f, "%s: the cost cannot be negative.",
                                 l->description);
        }
        if (l->kind == PLAN_LINE_COMMUNITY_FREE && l->unit_cost != 0) {
            snprintf(f, sizeof f, "lines[%zu].unit_cost", i);
            return err_set_field(e, ERR_INVALID, f, "%s: a community group at no cost has no cost. "
                                 "If it charges, make it an activity or membership.",
                                 l->description);
        }
        if ((unsigned)l->managed_by >= CHOICE_OPTION_COUNT) {
            snprintf(f, sizeof f, "lines[%zu].managed_by", i);
            return err_set_field(e, ERR_INVALID, f, "%s: say how this part of the budget is managed.",
                                 l->description);
        }
        if (l->noutcomes > 0 && !l->outcomes) {
            snprintf(f, sizeof f, "lines[%zu].outcomes", i);
            return err_set_field(e, ERR_INVALID, f, "Line %zu: outcome list missing.", n);
        }
        for (size_t k = 0; k < l->noutcomes; k++)
            if (find_outcome(p, l->outcomes[k]) < 0) {
                snprintf(f, sizeof f, "lines[%zu].outcomes", i);
                return err_set_field(e, ERR_INVALID, f, "%s is linked to an outcome ('%s') that is "
                                     "not in the plan.",
                                     l->description, l->outcomes[k] ? l->outcomes[k] : "");
            }
        if (l->kind == PLAN_LINE_PA_HOURS) {
            if (l->frequency == PLAN_FREQ_ONE_OFF) {
                snprintf(f, sizeof f, "lines[%zu].frequency", i);
                return err_set_field(e, ERR_INVALID, f, "%s: PA hours are regular (a week, 4 weeks, "
                                     "a month or a year), because a PA is an employee.",
                                     l->description);
            }
            if (!blank(l->pa_name))
                for (size_t j = 0; j < i; j++)
                    if (p->lines[j].kind == PLAN_LINE_PA_HOURS && same(p->lines[j].pa_name, l->pa_name)) {
                        snprintf(f, sizeof f, "lines[%zu].pa_name", i);
                        return err_set_field(e, ERR_INVALID, f,
                                             "Two lines are for the same PA (%s). Put all their hours "
                                             "on one line, so National Insurance and pension are "
                                             "worked out on their whole pay.",
                                             l->pa_name);
                    }
        }
    }
    return 0;
}

/* ---- costing ----------------------------------------------------------------------------------- */

static const char *pounds(struct arena *a, int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, b, sizeof b);
    return arena_strdup(a, b);
}

static const char *percent(struct arena *a, int64_t bp)
{
    int64_t whole = bp / 100, frac = bp % 100;
    if (frac == 0)
        return arena_printf(a, "%" PRId64 "%%", whole);
    if (frac % 10 == 0)
        return arena_printf(a, "%" PRId64 ".%" PRId64 "%%", whole, frac / 10);
    return arena_printf(a, "%" PRId64 ".%02" PRId64 "%%", whole, frac);
}

static const char *mins(struct arena *a, int64_t m)
{
    char b[64];
    pa_cost_format_minutes(m, b, sizeof b);
    return arena_strdup(a, b);
}

struct costing_ctx {
    struct arena *a;
    struct plan_costing *out;
    size_t wcap, xcap;
};

static int warn(struct costing_ctx *c, enum plan_warning_kind k, int line, int outcome,
                const char *msg)
{
    struct plan_costing *o = c->out;
    if (!msg)
        return ERR_NOMEM;
    if (o->nwarnings == c->wcap) {
        size_t ncap = c->wcap ? c->wcap * 2 : 8;
        struct plan_warning *w = arena_array(c->a, ncap, sizeof *w);
        if (!w)
            return ERR_NOMEM;
        if (o->nwarnings)
            memcpy(w, o->warnings, o->nwarnings * sizeof *w);
        o->warnings = w;
        c->wcap = ncap;
    }
    o->warnings[o->nwarnings++] = (struct plan_warning){k, line, outcome, msg};
    return 0;
}

static int explain(struct costing_ctx *c, const char *s)
{
    struct plan_costing *o = c->out;
    if (!s)
        return ERR_NOMEM;
    if (o->nexplanation == c->xcap) {
        size_t ncap = c->xcap ? c->xcap * 2 : 16;
        const char **x = arena_array(c->a, ncap, sizeof *x);
        if (!x)
            return ERR_NOMEM;
        if (o->nexplanation)
            memcpy(x, o->explanation, o->nexplanation * sizeof *x);
        o->explanation = x;
        c->xcap = ncap;
    }
    o->explanation[o->nexplanation++] = s;
    return 0;
}

static int cost_pa_line(const struct plan_line *l, const struct plan_costing_input *in, int idx,
                        bool first_pa, int64_t *ea_used, struct costing_ctx *c,
                        struct plan_line_cost *lc, struct err *e)
{
    struct pa_cost_result *r;
    struct pa_cost_input pin;
    int per_year = plan_frequency_per_year(l->frequency);
    int age = -1, rc;
    const char *who = blank(l->pa_name) ? "the PA" : l->pa_name;

    if (!in->pa_rates)
        return err_set(e, ERR_INVALID, "This plan has PA hours, but no PA employment rates were "
                                       "given, so their true cost cannot be worked out.");
    r = arena_zalloc(c->a, sizeof *r);
    if (!r)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (l->pa_born_known)
        age = date_age_on(l->pa_born, in->on);
    memset(&pin, 0, sizeof pin);
    pin.hourly_rate = l->unit_cost;
    if (money_mul(l->quantity, per_year, &pin.minutes_per_year) != 0)
        return err_set(e, ERR_RANGE, "%s: too many hours.", l->description);
    pin.age = age;
    pin.pension = l->pa_pension;
    pin.employment_allowance_used = *ea_used;
    pin.include_liability_insurance = first_pa;
    if ((rc = pa_cost_calculate(in->pa_rates, &pin, c->a, r, e)) != 0)
        return rc;
    *ea_used += r->employment_allowance;
    lc->pa = r;
    lc->annual = r->total;
    if (money_muldiv(r->total, 1, per_year, ROUND_HALF_UP, &lc->occurrence) != 0)
        return err_set(e, ERR_RANGE, "%s: the cost is too large.", l->description);

    /* The legal minimum for the PA's age on the date (payroll's tables: src/domain/payroll/nlw.h);
     * the National Living Wage, the top band, when the age is not known. */
    lc->min_wage = -1;
    if (in->nnmw == 0) {
        if ((rc = warn(c, PLAN_WARN_MIN_WAGE_UNCHECKED, idx, -1,
                       arena_printf(c->a, "%s: %s's pay could not be checked against the National "
                                          "Living Wage (no minimum wage rates for the date).",
                                    l->description, who))) != 0)
            return err_set(e, rc, "Out of memory.");
    } else {
        int64_t mw = -1;
        bool entitled = true;
        const char *why_unchecked = NULL;
        if (l->pa_born_known) {
            struct nmw_worker w = {.born = l->pa_born};
            struct nmw_result res;
            struct err tmp;
            err_clear(&tmp);
            if (nmw_rate_for(in->nmw, in->nnmw, &w, in->on, &res, &tmp) != 0)
                why_unchecked = arena_strdup(c->a, tmp.msg);
            else if (!res.entitled)
                entitled = false;
            else
                mw = res.hourly;
        } else {
            const struct nmw_rates *t = nmw_rates_on(in->nmw, in->nnmw, in->on);
            if (!t || t->nbands < 1)
                why_unchecked = "there are no minimum wage rates for the date";
            else
                mw = t->bands[0].hourly; /* highest min_age first: the National Living Wage */
        }
        lc->min_wage = entitled ? mw : 0;
        if (why_unchecked) {
            if ((rc = warn(c, PLAN_WARN_MIN_WAGE_UNCHECKED, idx, -1,
                           arena_printf(c->a, "%s: %s's pay could not be checked against the "
                                              "minimum wage (%s); check it is lawful.",
                                        l->description, who, why_unchecked))) != 0)
                return err_set(e, rc, "Out of memory.");
        } else if (entitled && l->unit_cost < mw) {
            const char *msg =
                age >= 0
                    ? arena_printf(c->a, "%s: %s an hour is below the legal minimum of %s an hour "
                                         "for a PA aged %d. Pay at least %s.",
                                   l->description, pounds(c->a, l->unit_cost), pounds(c->a, mw),
                                   age, pounds(c->a, mw))
                    : arena_printf(c->a, "%s: %s an hour is below the National Living Wage of %s "
                                         "an hour. Pay at least that (the PA's age is not known; "
                                         "lower rates apply only to PAs under 21).",
                                   l->description, pounds(c->a, l->unit_cost), pounds(c->a, mw));
            if ((rc = warn(c, PLAN_WARN_BELOW_MIN_WAGE, idx, -1, msg)) != 0)
                return err_set(e, rc, "Out of memory.");
        }
    }
    lc->explanation = arena_printf(c->a, "%s: %s %s at %s an hour for %s. The true employer cost "
                                         "(wages, holiday pay, employer National Insurance, "
                                         "pension%s) is %s a year.",
                                   l->description, mins(c->a, l->quantity),
                                   plan_frequency_title(l->frequency), pounds(c->a, l->unit_cost),
                                   who, first_pa ? ", liability insurance" : "",
                                   pounds(c->a, r->total));
    return 0;
}

static int cost_other_line(const struct plan_line *l, struct costing_ctx *c,
                           struct plan_line_cost *lc, struct err *e)
{
    int per_year = plan_frequency_per_year(l->frequency);
    int rc;
    if (plan_line_is_hours(l->kind))
        /* Minutes at an hourly rate: to the penny, halves up, per occurrence. */
        rc = money_muldiv(l->unit_cost, l->quantity, 60, ROUND_HALF_UP, &lc->occurrence);
    else
        rc = money_mul(l->unit_cost, l->quantity, &lc->occurrence);
    if (rc != 0)
        return err_set(e, ERR_RANGE, "%s: the cost is too large.", l->description);
    if (l->frequency == PLAN_FREQ_ONE_OFF)
        lc->one_off = lc->occurrence;
    else if (money_mul(lc->occurrence, per_year, &lc->annual) != 0)
        return err_set(e, ERR_RANGE, "%s: the cost is too large.", l->description);
    lc->min_wage = -1;

    if (l->kind == PLAN_LINE_COMMUNITY_FREE || l->unit_cost == 0)
        lc->explanation = arena_printf(c->a, "%s: no cost.", l->description);
    else if (plan_line_is_hours(l->kind))
        lc->explanation =
            l->frequency == PLAN_FREQ_ONE_OFF
                ? arena_printf(c->a, "%s: %s once at %s an hour = %s (one-off).", l->description,
                               mins(c->a, l->quantity), pounds(c->a, l->unit_cost),
                               pounds(c->a, lc->occurrence))
                : arena_printf(c->a, "%s: %s %s at %s an hour = %s %s, %s a year.", l->description,
                               mins(c->a, l->quantity), plan_frequency_title(l->frequency),
                               pounds(c->a, l->unit_cost), pounds(c->a, lc->occurrence),
                               plan_frequency_title(l->frequency), pounds(c->a, lc->annual));
    else
        lc->explanation =
            l->frequency == PLAN_FREQ_ONE_OFF
                ? arena_printf(c->a, "%s: %" PRId64 " x %s = %s (one-off).", l->description,
                               l->quantity, pounds(c->a, l->unit_cost), pounds(c->a, lc->occurrence))
                : arena_printf(c->a, "%s: %" PRId64 " x %s %s = %s %s, %s a year.", l->description,
                               l->quantity, pounds(c->a, l->unit_cost),
                               plan_frequency_title(l->frequency), pounds(c->a, lc->occurrence),
                               plan_frequency_title(l->frequency), pounds(c->a, lc->annual));
    return 0;
}

int plan_cost(const struct plan *p, const struct plan_costing_input *in, struct arena *a,
              struct plan_costing *out, struct err *e)
{
    struct costing_ctx c = {a, out, 0, 0};
    int64_t ea_used = 0, everything;
    bool first_pa = true, only_traditional = p && p->nlines > 0;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = plan_validate(p, e)) != 0)
        return rc;
    if (in->budget_annual < 0 || in->one_off_allowance < 0)
        return err_set_field(e, ERR_INVALID, "budget", "The budget cannot be negative.");
    out->lines = arena_array(a, p->nlines ? p->nlines : 1, sizeof *out->lines);
    if (!out->lines)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    out->nlines = p->nlines;

    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        struct plan_line_cost *lc = &out->lines[i];
        int64_t line_total;
        lc->line = l;
        lc->traditional = plan_line_is_traditional(l);
        if (!lc->traditional)
            only_traditional = false;
        if (l->kind == PLAN_LINE_PA_HOURS) {
            rc = cost_pa_line(l, in, (int)i, first_pa, &ea_used, &c, lc, e);
            first_pa = false;
        } else {
            rc = cost_other_line(l, &c, lc, e);
        }
        if (rc != 0)
            return rc;
        if (!lc->explanation)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        if (money_muldiv(lc->annual, 1, 52, ROUND_HALF_UP, &lc->weekly) != 0 ||
            money_muldiv(lc->annual, 1, 13, ROUND_HALF_UP, &lc->four_weekly) != 0 ||
            money_add(out->annual, lc->annual, &out->annual) != 0 ||
            money_add(out->one_off, lc->one_off, &out->one_off) != 0 ||
            money_add(lc->annual, lc->one_off, &line_total) != 0 ||
            money_add(out->by_option[l->managed_by], line_total, &out->by_option[l->managed_by]) != 0 ||
            money_add(lc->traditional ? out->traditional : out->other, line_total,
                      lc->traditional ? &out->traditional : &out->other) != 0)
            return err_set(e, ERR_RANGE, "The plan's total is too large to work out.");
        if ((rc = explain(&c, lc->explanation)) != 0)
            return err_set(e, rc, "Out of memory.");
        if (l->noutcomes == 0 &&
            (rc = warn(&c, PLAN_WARN_NO_OUTCOME, (int)i, -1,
                       arena_printf(a, "%s does not say which outcome it helps with. Link it to "
                                       "at least one of your outcomes.",
                                    l->description))) != 0)
            return err_set(e, rc, "Out of memory.");
    }

    /* Totals and the budget. */
    out->budget_annual = in->budget_annual;
    if (money_muldiv(out->annual, 1, 52, ROUND_HALF_UP, &out->weekly) != 0 ||
        money_muldiv(out->annual, 1, 13, ROUND_HALF_UP, &out->four_weekly) != 0 ||
        money_muldiv(in->budget_annual, 1, 52, ROUND_HALF_UP, &out->budget_weekly) != 0 ||
        money_muldiv(in->budget_annual, 1, 13, ROUND_HALF_UP, &out->budget_four_weekly) != 0)
        return err_set(e, ERR_RANGE, "The plan's total is too large to work out.");
    out->one_off_from_budget = out->one_off > in->one_off_allowance ? out->one_off - in->one_off_allowance : 0;
    if (money_add(out->annual, out->one_off_from_budget, &out->spend) != 0 ||
        money_sub(in->budget_annual, out->spend, &out->headroom) != 0 ||
        money_add(out->annual, out->one_off, &everything) != 0)
        return err_set(e, ERR_RANGE, "The plan's total is too large to work out.");
    out->over_budget = out->headroom < 0;
    if (everything > 0 &&
        money_muldiv(out->traditional, 10000, everything, ROUND_HALF_UP, &out->traditional_bp) != 0)
        return err_set(e, ERR_RANGE, "The plan's total is too large to work out.");

    if ((rc = explain(&c, arena_printf(a, "Running cost: %s a year (%s a week, %s every 4 weeks).",
                                       pounds(a, out->annual), pounds(a, out->weekly),
                                       pounds(a, out->four_weekly)))) != 0)
        goto nomem;
    if (out->one_off > 0 &&
        (rc = explain(&c, arena_printf(a, "One-off costs: %s; %s is met from the one-off allowance "
                                          "of %s and %s from the budget.",
                                       pounds(a, out->one_off),
                                       pounds(a, out->one_off - out->one_off_from_budget),
                                       pounds(a, in->one_off_allowance),
                                       pounds(a, out->one_off_from_budget)))) != 0)
        goto nomem;
    if ((rc = explain(&c, out->over_budget
                              ? arena_printf(a, "Budget: %s a year (%s a week). The plan comes to "
                                                "%s: %s over the budget.",
                                             pounds(a, in->budget_annual), pounds(a, out->budget_weekly),
                                             pounds(a, out->spend), pounds(a, -out->headroom))
                              : arena_printf(a, "Budget: %s a year (%s a week). The plan comes to "
                                                "%s, leaving %s.",
                                             pounds(a, in->budget_annual), pounds(a, out->budget_weekly),
                                             pounds(a, out->spend), pounds(a, out->headroom)))) != 0)
        goto nomem;
    if ((rc = explain(&c, arena_printf(a, "Traditional services (agency hours and day-centre "
                                          "places): %s, %s of spending; other ways: %s.",
                                       pounds(a, out->traditional), percent(a, out->traditional_bp),
                                       pounds(a, out->other)))) != 0)
        goto nomem;

    /* Plan-wide warnings. */
    if (out->over_budget &&
        (rc = warn(&c, PLAN_WARN_OVER_BUDGET, -1, -1,
                   arena_printf(a, "The plan comes to %s a year, which is %s more than the budget "
                                   "of %s a year. Change some lines, or talk to your worker about "
                                   "the budget.",
                                pounds(a, out->spend), pounds(a, -out->headroom),
                                pounds(a, in->budget_annual)))) != 0)
        goto nomem;
    for (size_t k = 0; k < p->noutcomes; k++) {
        bool met = false;
        for (size_t i = 0; i < p->nlines && !met; i++)
            for (size_t j = 0; j < p->lines[i].noutcomes && !met; j++)
                met = same(p->lines[i].outcomes[j], p->outcomes[k].id);
        if (!met && (rc = warn(&c, PLAN_WARN_OUTCOME_UNMET, -1, (int)k,
                               arena_printf(a, "No line of the plan helps with \"%s\" yet.",
                                            p->outcomes[k].text))) != 0)
            goto nomem;
    }
    if (only_traditional &&
        (rc = warn(&c, PLAN_WARN_ONLY_TRADITIONAL, -1, -1,
                   arena_strdup(a, "This plan is made only of agency hours and day-centre places. "
                                   "That is fine if it is what the person wants, but a budget can "
                                   "pay for anything lawful that meets an outcome: a PA, an "
                                   "activity or class, equipment, transport, a community group. "
                                   "Check the person knows this."))) != 0)
        goto nomem;
    if (in->has_split)
        for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
            if (out->by_option[o] > in->split[o] &&
                (rc = warn(&c, PLAN_WARN_OVER_SPLIT, -1, -1,
                           arena_printf(a, "The plan puts %s on the %s, but %s was chosen for it. "
                                           "Move lines to another way of managing the money, or "
                                           "change the choice.",
                                        pounds(a, out->by_option[o]),
                                        o == CHOICE_DIRECT_PAYMENT    ? "direct payment"
                                        : o == CHOICE_COUNCIL_MANAGED ? "council-managed budget"
                                                                      : "individual service fund",
                                        pounds(a, in->split[o])))) != 0)
                goto nomem;
    if (blank(p->sections[PLAN_SEC_CONTINGENCY]) &&
        (rc = warn(&c, PLAN_WARN_NO_CONTINGENCY, -1, -1,
                   arena_strdup(a, "The plan does not yet say what happens if things go wrong (for "
                                   "example if a PA is ill or on holiday)."))) != 0)
        goto nomem;
    return 0;
nomem:
    return err_set(e, ERR_NOMEM, "Out of memory.");
}

/* ---- hashing, versions, locking ---------------------------------------------------------------- */

static void h_str(struct signoff_hasher *h, const char *tag, const char *s)
{
    char hdr[96];
    int n = s ? snprintf(hdr, sizeof hdr, "%s:%zu:", tag, strlen(s)) : snprintf(hdr, sizeof hdr, "%s:-:", tag);
    signoff_hasher_add(h, hdr, (size_t)n);
    if (s)
        signoff_hasher_add(h, s, strlen(s));
    signoff_hasher_add(h, "\n", 1);
}

static void h_int(struct signoff_hasher *h, const char *tag, int64_t v)
{
    char b[96];
    int n = snprintf(b, sizeof b, "%s=%" PRId64 "\n", tag, v);
    signoff_hasher_add(h, b, (size_t)n);
}

int plan_hash(const struct plan *p, char out[PLAN_HASH_HEX], struct err *e)
{
    struct signoff_hasher h;
    int rc;
    if ((rc = plan_validate(p, e)) != 0)
        return rc;
    signoff_hasher_init(&h);
    h_str(&h, "selfdirect-plan", "1"); /* the format of this serialisation */
    h_str(&h, "id", p->id);
    h_str(&h, "person", p->person_ref);
    h_int(&h, "version", p->version);
    h_int(&h, "start", p->start_date);
    h_int(&h, "review", p->has_review_date ? p->review_date : -1);
    h_str(&h, "previous", p->previous_hash);
    for (int s = 0; s < PLAN_SECTION_COUNT; s++)
        h_str(&h, section_ids[s], p->sections[s]);
    h_int(&h, "planned_by", p->planned_by);
    h_int(&h, "helpers", (int64_t)p->nhelpers);
    for (size_t i = 0; i < p->nhelpers; i++) {
        h_int(&h, "helper.kind", p->helpers[i].kind);
        h_str(&h, "helper.name", p->helpers[i].name);
    }
    h_int(&h, "outcomes", (int64_t)p->noutcomes);
    for (size_t i = 0; i < p->noutcomes; i++) {
        h_str(&h, "outcome.id", p->outcomes[i].id);
        h_str(&h, "outcome.text", p->outcomes[i].text);
    }
    h_int(&h, "lines", (int64_t)p->nlines);
    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        h_str(&h, "line.id", l->id);
        h_int(&h, "line.kind", l->kind);
        h_str(&h, "line.description", l->description);
        h_int(&h, "line.frequency", l->frequency);
        h_int(&h, "line.quantity", l->quantity);
        h_int(&h, "line.unit_cost", l->unit_cost);
        h_int(&h, "line.outcomes", (int64_t)l->noutcomes);
        for (size_t k = 0; k < l->noutcomes; k++)
            h_str(&h, "line.outcome", l->outcomes[k]);
        h_int(&h, "line.managed_by", l->managed_by);
        h_str(&h, "line.provider", l->provider);
        h_int(&h, "line.day_centre", l->day_centre);
        h_str(&h, "line.pa_name", l->pa_name);
        h_int(&h, "line.pa_born", l->pa_born_known ? l->pa_born : INT64_MIN);
        h_int(&h, "line.pa_pension", l->pa_pension);
        /* Only when set, so plans signed off before lines had a reference keep their hash. */
        if (l->reference && *l->reference)
            h_str(&h, "line.reference", l->reference);
    }
    signoff_hasher_finish(&h, out);
    return 0;
}

int plan_check_editable(const struct plan *p, int base_revision, struct err *e)
{
    if (p->status == PLAN_SIGNED_OFF)
        return err_set(e, ERR_CONFLICT, "This plan (version %d) has been signed off and is locked. "
                                        "Start a new version to change it; the signed-off version "
                                        "stays in the history.",
                       p->version);
    if (p->status == PLAN_SUPERSEDED)
        return err_set(e, ERR_CONFLICT, "This is an old version of the plan (version %d), kept for "
                                        "the history. Change the current version instead.",
                       p->version);
    if (base_revision != p->revision)
        return err_set(e, ERR_CONFLICT, "Someone else saved this plan after you opened it (it is now "
                                        "at save %d; you started from save %d). Your changes have not "
                                        "been saved: reload the plan to see theirs, then make yours "
                                        "again.",
                       p->revision, base_revision);
    return 0;
}

int plan_submit(struct plan *p, char hash_out[PLAN_HASH_HEX], struct err *e)
{
    int rc;
    if (p->status != PLAN_DRAFT && p->status != PLAN_SUBMITTED)
        return err_set(e, ERR_CONFLICT, "Only a draft plan can be sent for sign-off; this one is %s.",
                       p->status == PLAN_SIGNED_OFF ? "already signed off" : "an old version");
    if ((rc = plan_hash(p, hash_out, e)) != 0)
        return rc;
    p->status = PLAN_SUBMITTED;
    return 0;
}

int plan_sign_off(struct plan *p, const struct signoff_state *approval, struct err *e)
{
    char h[PLAN_HASH_HEX];
    int rc;
    if (p->status != PLAN_SUBMITTED)
        return err_set(e, ERR_CONFLICT, "Only a plan sent for sign-off can be signed off; this one "
                                        "is %s.",
                       plan_status_id(p->status));
    if ((rc = plan_hash(p, h, e)) != 0)
        return rc;
    if ((rc = signoff_check_current(approval, h, e)) != 0)
        return rc;
    p->status = PLAN_SIGNED_OFF;
    return 0;
}

int plan_new_version(const struct plan *signed_off, struct arena *a, struct plan **out,
                     struct err *e)
{
    char h[PLAN_HASH_HEX];
    struct plan *n;
    int rc;
    *out = NULL;
    if (signed_off->status != PLAN_SIGNED_OFF)
        return err_set(e, ERR_CONFLICT, "A new version is made from the signed-off plan; this one "
                                        "is %s, so change it directly.",
                       plan_status_id(signed_off->status));
    if ((rc = plan_hash(signed_off, h, e)) != 0)
        return rc;
    n = arena_alloc(a, sizeof *n);
    if (!n)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    *n = *signed_off;
    n->version = signed_off->version + 1;
    n->revision = 0;
    n->status = PLAN_DRAFT;
    n->previous_hash = arena_strdup(a, h);
    if (!n->previous_hash)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    *out = n;
    return 0;
}
