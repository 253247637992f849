/* charging.c — the financial assessment for care at home; see charging.h for the rule and
 * docs/charging.md for the sources. */
#include "domain/charging/charging.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

/* ---- names -------------------------------------------------------------------------------------- */

/* How the regulations treat each kind of income. */
enum treatment {
    COUNTED,          /* counted in full */
    DISREGARD_MOBILITY, /* Schedule 1: the mobility components of DLA and PIP are disregarded */
    DISREGARD_EARNINGS, /* Schedule 1 para 1: earnings are disregarded */
    HIGHER_RATE,      /* counted, subject to the council's night-care rule against `lower` */
};

static const struct {
    const char *name;
    const char *label;
    enum treatment treatment;
    enum charging_income_kind lower; /* for HIGHER_RATE: the lower rate of the same benefit */
} kinds[CHARGING_INCOME_KIND_COUNT] = {
    [CHARGING_INCOME_UNIVERSAL_CREDIT] = {"universal_credit", "Universal Credit", COUNTED, 0},
    [CHARGING_INCOME_ESA] = {"esa", "Employment and Support Allowance", COUNTED, 0},
    [CHARGING_INCOME_STATE_PENSION] = {"state_pension", "State Pension", COUNTED, 0},
    [CHARGING_INCOME_PENSION_CREDIT] = {"pension_credit", "Pension Credit", COUNTED, 0},
    [CHARGING_INCOME_PRIVATE_PENSION] = {"private_pension", "Private or workplace pension", COUNTED, 0},
    [CHARGING_INCOME_PIP_DAILY_LIVING_STANDARD] = {"pip_daily_living_standard",
        "PIP daily living component, standard rate", COUNTED, 0},
    [CHARGING_INCOME_PIP_DAILY_LIVING_ENHANCED] = {"pip_daily_living_enhanced",
        "PIP daily living component, enhanced rate", HIGHER_RATE,
        CHARGING_INCOME_PIP_DAILY_LIVING_STANDARD},
    [CHARGING_INCOME_PIP_MOBILITY_STANDARD] = {"pip_mobility_standard",
        "PIP mobility component, standard rate", DISREGARD_MOBILITY, 0},
    [CHARGING_INCOME_PIP_MOBILITY_ENHANCED] = {"pip_mobility_enhanced",
        "PIP mobility component, enhanced rate", DISREGARD_MOBILITY, 0},
    [CHARGING_INCOME_AA_LOWER] = {"attendance_allowance_lower", "Attendance Allowance, lower rate",
        COUNTED, 0},
    [CHARGING_INCOME_AA_HIGHER] = {"attendance_allowance_higher",
        "Attendance Allowance, higher rate", HIGHER_RATE, CHARGING_INCOME_AA_LOWER},
    [CHARGING_INCOME_DLA_CARE_HIGHEST] = {"dla_care_highest", "DLA care component, highest rate",
        HIGHER_RATE, CHARGING_INCOME_DLA_CARE_MIDDLE},
    [CHARGING_INCOME_DLA_CARE_MIDDLE] = {"dla_care_middle", "DLA care component, middle rate",
        COUNTED, 0},
    [CHARGING_INCOME_DLA_CARE_LOWEST] = {"dla_care_lowest", "DLA care component, lowest rate",
        COUNTED, 0},
    [CHARGING_INCOME_DLA_MOBILITY_HIGHER] = {"dla_mobility_higher",
        "DLA mobility component, higher rate", DISREGARD_MOBILITY, 0},
    [CHARGING_INCOME_DLA_MOBILITY_LOWER] = {"dla_mobility_lower",
        "DLA mobility component, lower rate", DISREGARD_MOBILITY, 0},
    [CHARGING_INCOME_OTHER] = {"other", "Other income", COUNTED, 0},
    [CHARGING_INCOME_EARNINGS] = {"earnings", "Earnings", DISREGARD_EARNINGS, 0},
};

const char *charging_income_kind_name(enum charging_income_kind k)
{
    return (unsigned)k < CHARGING_INCOME_KIND_COUNT ? kinds[k].name : "?";
}

const char *charging_income_kind_label(enum charging_income_kind k)
{
    return (unsigned)k < CHARGING_INCOME_KIND_COUNT ? kinds[k].label : "?";
}

int charging_income_kind_parse(const char *s, enum charging_income_kind *out)
{
    for (int k = 0; s && k < CHARGING_INCOME_KIND_COUNT; k++)
        if (strcmp(s, kinds[k].name) == 0) {
            *out = (enum charging_income_kind)k;
            return 0;
        }
    return ERR_NOT_FOUND;
}

const char *charging_income_kind_list(void)
{
    /* Written out so it is constant data (no lazily built buffer shared between threads); the
     * test charging_income_kind_list_matches_table keeps it in step with the table above. */
    return "universal_credit, esa, state_pension, pension_credit, private_pension, "
           "pip_daily_living_standard, pip_daily_living_enhanced, pip_mobility_standard, "
           "pip_mobility_enhanced, attendance_allowance_lower, attendance_allowance_higher, "
           "dla_care_highest, dla_care_middle, dla_care_lowest, dla_mobility_higher, "
           "dla_mobility_lower, other, earnings";
}

static const char *const category_names[CHARGING_CATEGORY_COUNT] = {"single", "lone_parent",
                                                                     "couple"};

const char *charging_category_name(enum charging_category c)
{
    return (unsigned)c < CHARGING_CATEGORY_COUNT ? category_names[c] : "?";
}

int charging_category_parse(const char *s, enum charging_category *out)
{
    for (int i = 0; s && i < CHARGING_CATEGORY_COUNT; i++)
        if (strcmp(s, category_names[i]) == 0) {
            *out = (enum charging_category)i;
            return 0;
        }
    return ERR_NOT_FOUND;
}

static const char *const premium_names[CHARGING_PREMIUM_COUNT] = {
    "disability", "enhanced_disability", "carer", "disabled_child"};
static const char *const premium_labels[CHARGING_PREMIUM_COUNT] = {
    "Disability premium", "Enhanced disability premium", "Carer premium",
    "Disabled child premium"};

const char *charging_premium_name(enum charging_premium p)
{
    return (unsigned)p < CHARGING_PREMIUM_COUNT ? premium_names[p] : "?";
}

int charging_premium_parse(const char *s, enum charging_premium *out)
{
    for (int i = 0; s && i < CHARGING_PREMIUM_COUNT; i++)
        if (strcmp(s, premium_names[i]) == 0) {
            *out = (enum charging_premium)i;
            return 0;
        }
    return ERR_NOT_FOUND;
}

static const char *const night_care_names[] = {"none", "higher_minus_lower_if_no_night_care",
                                               "whole_enhanced"};

const char *charging_night_care_rule_name(enum charging_night_care_rule r)
{
    return (unsigned)r < 3 ? night_care_names[r] : "?";
}

int charging_night_care_rule_parse(const char *s, enum charging_night_care_rule *out)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, night_care_names[i]) == 0) {
            *out = (enum charging_night_care_rule)i;
            return 0;
        }
    return ERR_NOT_FOUND;
}

/* ---- rates, settings, input --------------------------------------------------------------------- */

void charging_rates_init(struct charging_rates *r, int tax_year)
{
    memset(r, 0, sizeof *r);
    r->tax_year = tax_year;
}

void charging_settings_init(struct charging_settings *s)
{
    memset(s, 0, sizeof *s);
    s->night_care = CHARGING_NIGHT_CARE_NONE;
    s->uplift_kind = CHARGING_UPLIFT_NONE;
    s->share_of_disposable_bp = 10000;
}

const struct charging_settings *charging_settings_in_force(const struct charging_settings *list,
                                                           size_t n, day_t on)
{
    const struct charging_settings *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct charging_settings *s = &list[i];
        if (s->effective_from > on || (s->has_end && s->effective_to < on))
            continue;
        if (!best || s->effective_from > best->effective_from)
            best = s;
    }
    return best;
}

void charging_input_init(struct charging_input *in)
{
    memset(in, 0, sizeof *in);
    in->pension_credit_age_reached = CHARGING_UNSAID;
    in->receives_night_care = CHARGING_UNSAID;
    in->category = CHARGING_SINGLE;
    charging_settings_init(&in->settings);
}

/* ---- the assessment ----------------------------------------------------------------------------- */

struct ctx {
    const struct charging_rates *rates;
    const struct charging_input *in;
    struct arena *a;
    struct charging_result *out;
    struct err *e;
    size_t cap_lines, cap_warnings;
    char year[8];
};

static void fmt_money(int64_t pence, char out[MONEY_FMT_SIZE])
{
    money_format(pence, MONEY_FMT_POUND, out, MONEY_FMT_SIZE);
}

/* "£14,250" for a whole number of pounds, "£14,250.50" otherwise: limits and steps read as people
 * write them. */
static void fmt_limit(int64_t pence, char out[MONEY_FMT_SIZE])
{
    size_t n = money_format(pence, MONEY_FMT_POUND, out, MONEY_FMT_SIZE);
    if (pence % 100 == 0 && n >= 3 && n < MONEY_FMT_SIZE)
        out[n - 3] = '\0';
}

/* Basis points as a percentage without trailing zeros: 1000 -> "10", 1250 -> "12.5". */
static void fmt_percent(int64_t bp, char out[32])
{
    int64_t whole = bp / 100, frac = bp % 100;
    if (frac == 0)
        snprintf(out, 32, "%lld", (long long)whole);
    else if (frac % 10 == 0)
        snprintf(out, 32, "%lld.%lld", (long long)whole, (long long)(frac / 10));
    else
        snprintf(out, 32, "%lld.%02lld", (long long)whole, (long long)frac);
}

static int add_line(struct ctx *c, int64_t weekly, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int add_line(struct ctx *c, int64_t weekly, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    char *label;
    if (c->out->nlines == c->cap_lines)
        return err_set(c->e, ERR_RANGE, "the assessment has more lines than expected (a bug)");
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    label = arena_strdup(c->a, text);
    if (!label)
        return err_set(c->e, ERR_NOMEM, "out of memory writing the assessment");
    c->out->lines[c->out->nlines].label = label;
    c->out->lines[c->out->nlines].weekly = weekly;
    c->out->nlines++;
    return 0;
}

static int add_warning(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int add_warning(struct ctx *c, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    char *w;
    if (c->out->nwarnings == c->cap_warnings)
        return 0; /* more warnings than lines cannot happen; never fail a charge over a warning */
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    w = arena_strdup(c->a, text);
    if (!w)
        return err_set(c->e, ERR_NOMEM, "out of memory writing the assessment");
    c->out->warnings[c->out->nwarnings++] = w;
    return 0;
}

/* Takes a figure from the rates: refuses when it is unknown (what, field and hint say what it is and
 * how to go on), warns when the data marks it derived or unverified. */
static int use_figure(struct ctx *c, const struct charging_figure *f, const char *what,
                      const char *field, const char *hint, int64_t *out)
{
    char m[MONEY_FMT_SIZE];
    static const char *const status_text[] = {
        "", "derived from other published figures", "not confirmed against a published source",
        "derived and not confirmed against a published source"};
    if (!f->known)
        return err_set_field(c->e, ERR_UNSUPPORTED, field,
                             "%s: the %s for %s is not in the rates data (no published figure was "
                             "found)%s%s",
                             field, what, c->year, hint ? "; " : "", hint ? hint : "");
    *out = f->pence;
    if (f->status != CHARGING_FIGURE_PUBLISHED && (unsigned)f->status < 4) {
        fmt_money(f->pence, m);
        return add_warning(c, "The %s %s used (%s) is %s in the rates data: check it before relying "
                              "on this contribution.",
                           c->year, what, m, status_text[f->status]);
    }
    return 0;
}

#define TRY(x)                                                                                 \
    do {                                                                                       \
        int rc_ = (x);                                                                         \
        if (rc_ != 0)                                                                          \
            return rc_;                                                                        \
    } while (0)

static int overflow(struct ctx *c)
{
    return err_set(c->e, ERR_RANGE,
                   "the amounts are too large to add up: check them for a misplaced decimal point");
}

#define ADD(acc, v)                                                                            \
    do {                                                                                       \
        if (money_add((acc), (v), &(acc)) != 0)                                                \
            return overflow(c);                                                                \
    } while (0)

int charging_tariff_income(int64_t capital, int64_t lower, int64_t step, int64_t per_step,
                           int64_t *out)
{
    int64_t above, steps, tariff;
    if (step <= 0 || per_step < 0)
        return ERR_INVALID;
    if (capital <= lower) {
        *out = 0;
        return 0;
    }
    above = capital - lower;
    /* "or part of £250": any part of a step counts as a whole step (reg 25). */
    steps = above / step + (above % step != 0);
    if (money_mul(per_step, steps, &tariff) != 0)
        return ERR_RANGE;
    *out = tariff;
    return 0;
}

/* Monthly to weekly: x 12 / 52, the fraction of a penny in the person's favour (reg 11): income
 * down, a deduction up; or to the nearest penny where the council converts that way. */
static int to_weekly(struct ctx *c, int64_t amount, bool monthly, bool is_income, int64_t *out)
{
    enum money_round r = is_income ? ROUND_DOWN : ROUND_UP;
    if (!monthly) {
        *out = amount;
        return 0;
    }
    if (c->in->settings.monthly_nearest_penny)
        r = ROUND_HALF_UP;
    if (money_muldiv(amount, 12, 52, r, out) != 0)
        return overflow(c);
    return 0;
}

/* A free label from the input as people read it: "council_tax" -> "council tax". */
static const char *humanise(struct ctx *c, const char *kind)
{
    char *s = arena_strdup(c->a, kind ? kind : "");
    if (!s)
        return "";
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
    return s;
}

static int check_input(struct ctx *c)
{
    const struct charging_input *in = c->in;
    const struct charging_settings *s = &in->settings;
    if (c->rates->tax_year != in->tax_year)
        return err_set_field(c->e, ERR_INVALID, "tax_year",
                             "tax_year: the rates given are for another year (a bug in the caller)");
    if (in->age < 18 || in->age > 130)
        return err_set_field(c->e, ERR_INVALID, "age",
                             "age: %d is outside 18 to 130; charging for adult care and support "
                             "applies from 18",
                             in->age);
    if (in->weekly_cost_of_care < 0 || in->capital < 0 || in->joint_capital < 0 ||
        (in->has_mig_weekly && in->mig_weekly < 0))
        return err_set(c->e, ERR_INVALID, "amounts must be 0 or more");
    if (in->children < 0 || in->children > 20)
        return err_set_field(c->e, ERR_INVALID, "children",
                             "children: %d is outside 0 to 20", in->children);
    if ((unsigned)in->category >= CHARGING_CATEGORY_COUNT)
        return err_set_field(c->e, ERR_INVALID, "category", "category: not a known category");
    if (s->share_of_disposable_bp < 0 || s->share_of_disposable_bp > 10000)
        return err_set_field(c->e, ERR_INVALID, "policy.percent_of_disposable_income",
                             "policy.percent_of_disposable_income: must be from 0 to 100");
    if (s->mig_uplift < 0 || s->minimum_charge < 0 || s->capital_lower < 0 ||
        s->capital_upper < 0 || s->dre_standard_allowance < 0)
        return err_set_field(c->e, ERR_INVALID, "policy", "policy: amounts must be 0 or more");
    for (size_t i = 0; i < in->nincome; i++)
        if ((unsigned)in->income[i].kind >= CHARGING_INCOME_KIND_COUNT || in->income[i].amount < 0)
            return err_set_field(c->e, ERR_INVALID, "income", "income[%zu]: not a valid item", i);
    for (size_t i = 0; i < in->nhousing; i++)
        if (in->housing[i].amount < 0)
            return err_set_field(c->e, ERR_INVALID, "housing_costs",
                                 "housing_costs[%zu]: must be 0 or more", i);
    for (size_t i = 0; i < in->ndre; i++)
        if (in->dre[i].amount < 0)
            return err_set_field(c->e, ERR_INVALID, "disability_related_expenditure",
                                 "disability_related_expenditure[%zu]: must be 0 or more", i);
    return 0;
}

/* The capital limits in force: statutory, or a council's higher local limit. */
static int capital_limits(struct ctx *c, int64_t *lower, int64_t *upper)
{
    const struct charging_settings *s = &c->in->settings;
    int64_t stat_lower = 0, stat_upper = 0;
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];
    /* The statutory limits are needed unless the council sets both limits itself. */
    if (!(s->capital_lower && s->capital_upper) ||
        (c->rates->capital_lower.known && c->rates->capital_upper.known)) {
        TRY(use_figure(c, &c->rates->capital_lower, "lower capital limit", "capital", NULL,
                       &stat_lower));
        TRY(use_figure(c, &c->rates->capital_upper, "upper capital limit", "capital", NULL,
                       &stat_upper));
    }
    *lower = s->capital_lower ? s->capital_lower : stat_lower;
    *upper = s->capital_upper ? s->capital_upper : stat_upper;
    /* Councils may set higher limits for care at home, never lower ones (brief 3.1, "Capital"). */
    if (s->capital_lower && s->capital_lower < stat_lower) {
        fmt_limit(s->capital_lower, a);
        fmt_limit(stat_lower, b);
        return err_set_field(c->e, ERR_INVALID, "policy.capital_lower_limit",
                             "policy.capital_lower_limit: %s is below the statutory lower limit of "
                             "%s; a council may only set a higher one",
                             a, b);
    }
    if (s->capital_upper && s->capital_upper < stat_upper) {
        fmt_limit(s->capital_upper, a);
        fmt_limit(stat_upper, b);
        return err_set_field(c->e, ERR_INVALID, "policy.capital_upper_limit",
                             "policy.capital_upper_limit: %s is below the statutory upper limit of "
                             "%s; a council may only set a higher one",
                             a, b);
    }
    if (*lower >= *upper) {
        fmt_limit(*lower, a);
        fmt_limit(*upper, b);
        return err_set_field(c->e, ERR_INVALID, "policy.capital_lower_limit",
                             "policy.capital_lower_limit: the lower limit %s must be below the "
                             "upper limit %s",
                             a, b);
    }
    return 0;
}

/* One income item: its counted weekly amount and its line. */
static int assess_income(struct ctx *c, size_t i, int64_t *counted_out)
{
    const struct charging_income *it = &c->in->income[i];
    const char *label = kinds[it->kind].label;
    char described[256];
    char given[MONEY_FMT_SIZE], weekly_s[MONEY_FMT_SIZE], how[320] = "", joint[96] = "";
    char field[48];
    int64_t weekly, counted;

    snprintf(field, sizeof field, "income[%zu]", i);
    if (it->description && *it->description) {
        snprintf(described, sizeof described, "%s (%s)", label, it->description);
        label = described;
    }
    TRY(to_weekly(c, it->amount, it->monthly, true, &weekly));
    fmt_money(it->amount, given);
    fmt_money(weekly, weekly_s);
    /* A disability benefit is paid at a published rate: a different weekly amount is usually a
     * typo or last year's rate, so say so (but go on: arrears and part-weeks are real). */
    if (!it->monthly && c->rates->benefit[it->kind].known &&
        c->rates->benefit[it->kind].pence != it->amount) {
        char pub[MONEY_FMT_SIZE];
        fmt_money(c->rates->benefit[it->kind].pence, pub);
        TRY(add_warning(c, "%s: %s is not the published %s weekly rate of %s (%s): check it.",
                        field, given, c->year, kinds[it->kind].label, pub));
    }
    if (it->monthly)
        snprintf(how, sizeof how, " (%s a month x 12 / 52)", given);

    switch (kinds[it->kind].treatment) {
    case DISREGARD_EARNINGS:
        *counted_out = 0;
        return add_line(c, 0, "%s of %s%s: disregarded (earnings are not counted)", label,
                        weekly_s, how);
    case DISREGARD_MOBILITY:
        *counted_out = 0;
        return add_line(c, 0, "%s of %s%s: disregarded (mobility components are not counted)",
                        label, weekly_s, how);
    case COUNTED:
    case HIGHER_RATE:
        break;
    }

    counted = weekly;
    if (kinds[it->kind].treatment == HIGHER_RATE &&
        c->in->settings.night_care != CHARGING_NIGHT_CARE_NONE) {
        enum charging_night_care_rule rule = c->in->settings.night_care;
        enum charging_income_kind lower_kind = kinds[it->kind].lower;
        const char *reason;
        int64_t higher_rate, lower_rate, diff;
        char d[MONEY_FMT_SIZE], h[MONEY_FMT_SIZE], l[MONEY_FMT_SIZE], what[320];

        if (rule == CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE &&
            c->in->receives_night_care == CHARGING_UNSAID)
            return err_set_field(c->e, ERR_INVALID, "receives_night_care",
                                 "receives_night_care: say true or false; the council disregards "
                                 "part of the %s when it funds no night care",
                                 label);
        if (rule == CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE &&
            c->in->receives_night_care == CHARGING_YES)
            goto counted;
        reason = rule == CHARGING_NIGHT_CARE_WHOLE_ENHANCED
                     ? "the council disregards the higher-rate element"
                     : "no night care is provided";
        snprintf(what, sizeof what, "published weekly rate of %s", label);
        TRY(use_figure(c, &c->rates->benefit[it->kind], what, field,
                       "the night-care disregard cannot be worked out without it", &higher_rate));
        snprintf(what, sizeof what, "published weekly rate of %s", kinds[lower_kind].label);
        TRY(use_figure(c, &c->rates->benefit[lower_kind], what, field,
                       "the night-care disregard cannot be worked out without it", &lower_rate));
        diff = higher_rate - lower_rate;
        if (diff < 0)
            diff = 0;
        if (diff > counted)
            diff = counted;
        counted -= diff;
        fmt_money(diff, d);
        fmt_money(higher_rate, h);
        fmt_money(lower_rate, l);
        if (it->joint) {
            int64_t half;
            TRY(money_muldiv(counted, 1, 2, ROUND_DOWN, &half) == 0 ? 0 : overflow(c));
            snprintf(joint, sizeof joint, "; half counted, as it is received jointly");
            counted = half;
        }
        *counted_out = counted;
        return add_line(c, counted,
                        "%s: %s%s less %s disregarded (the higher rate %s minus the lower rate %s, "
                        "because %s)%s",
                        label, weekly_s, how, d, h, l, reason, joint);
    }
counted:
    if (it->joint) {
        int64_t half;
        char full[MONEY_FMT_SIZE];
        if (money_muldiv(weekly, 1, 2, ROUND_DOWN, &half) != 0)
            return overflow(c);
        fmt_money(weekly, full);
        *counted_out = half;
        return add_line(c, half, "%s (half of %s%s, as it is received jointly)", label, full, how);
    }
    *counted_out = counted;
    return add_line(c, counted, "%s%s", label, how);
}

/* Whether the person has reached pension credit qualifying age in this tax year. */
static int pension_credit_age(struct ctx *c, bool *reached)
{
    const struct charging_rates *r = c->rates;
    enum charging_tristate said = c->in->pension_credit_age_reached;
    int age = c->in->age;
    if (r->pension_credit_age_min <= 0 || r->pension_credit_age_max <= 0) {
        if (said == CHARGING_UNSAID)
            return err_set_field(c->e, ERR_UNSUPPORTED, "pension_credit_age_reached",
                                 "pension_credit_age_reached: the pension credit qualifying age "
                                 "for %s is not in the rates data; say true or false",
                                 c->year);
        *reached = said == CHARGING_YES;
        return 0;
    }
    if (age < r->pension_credit_age_min) {
        if (said == CHARGING_YES)
            return err_set_field(c->e, ERR_INVALID, "pension_credit_age_reached",
                                 "pension_credit_age_reached: true does not fit age %d; pension "
                                 "credit qualifying age in %s is at least %d",
                                 age, c->year, r->pension_credit_age_min);
        *reached = false;
        return 0;
    }
    if (age >= r->pension_credit_age_max) {
        if (said == CHARGING_NO)
            return err_set_field(c->e, ERR_INVALID, "pension_credit_age_reached",
                                 "pension_credit_age_reached: false does not fit age %d; everyone "
                                 "aged %d or over has reached pension credit qualifying age in %s",
                                 age, r->pension_credit_age_max, c->year);
        *reached = true;
        return 0;
    }
    if (said == CHARGING_UNSAID)
        return err_set_field(c->e, ERR_INVALID, "pension_credit_age_reached",
                             "pension_credit_age_reached: in %s pension credit qualifying age "
                             "depends on the date of birth for someone aged %d; say true or false",
                             c->year, age);
    *reached = said == CHARGING_YES;
    return 0;
}

/* The Minimum Income Guarantee (reg 7): base amount + children + premiums, plus a council uplift. */
static int assess_mig(struct ctx *c, int64_t *mig_out)
{
    const struct charging_input *in = c->in;
    const struct charging_rates *r = c->rates;
    const struct charging_settings *s = &in->settings;
    const struct charging_figure *base;
    const char *who;
    const char *hint = "give the figure as mig_weekly instead";
    bool pc = false;
    int64_t mig = 0, amount;
    char m[MONEY_FMT_SIZE], p[32];
    bool seen[CHARGING_PREMIUM_COUNT] = {false};

    if (in->has_mig_weekly) {
        if (in->npremiums > 0)
            return err_set_field(c->e, ERR_INVALID, "premiums",
                                 "premiums: leave these out when mig_weekly is given (it is the "
                                 "whole MIG), or leave mig_weekly out to work the MIG out");
        if (in->children > 0)
            return err_set_field(c->e, ERR_INVALID, "children",
                                 "children: leave this out when mig_weekly is given (it is the "
                                 "whole MIG), or leave mig_weekly out to work the MIG out");
        if (s->uplift_kind != CHARGING_UPLIFT_NONE)
            return err_set_field(c->e, ERR_INVALID, "policy.mig_uplift_percent",
                                 "policy: a MIG uplift cannot be applied to a mig_weekly given "
                                 "outright; include the uplift in mig_weekly, or leave it out");
        *mig_out = in->mig_weekly;
        return add_line(c, -in->mig_weekly, "Minimum Income Guarantee, as given");
    }

    TRY(pension_credit_age(c, &pc));
    switch (in->category) {
    case CHARGING_LONE_PARENT:
        if (pc)
            return err_set_field(c->e, ERR_UNSUPPORTED, "category",
                                 "category: the rates data has no Minimum Income Guarantee for a "
                                 "lone parent of pension credit age; %s",
                                 hint);
        base = &r->mig_lone_parent_18_plus;
        who = "lone parent aged 18 or over";
        break;
    case CHARGING_COUPLE:
        base = pc ? &r->mig_couple_pc_age_each : &r->mig_couple_18_plus_each;
        who = pc ? "member of a couple, pension credit age" : "member of a couple aged 18 or over";
        break;
    case CHARGING_SINGLE:
    default:
        if (pc) {
            base = &r->mig_single_pc_age;
            who = "single person of pension credit age";
        } else if (in->age < 25) {
            base = &r->mig_single_18_24;
            who = "single person aged 18 to 24";
        } else {
            base = &r->mig_single_25_to_pc_age;
            who = "single person aged 25 to pension credit age";
        }
        break;
    }
    {
        char what[160];
        snprintf(what, sizeof what, "Minimum Income Guarantee for a %s", who);
        TRY(use_figure(c, base, what, in->category == CHARGING_SINGLE ? "age" : "category", hint,
                       &amount));
        ADD(mig, amount);
        TRY(add_line(c, -amount, "Minimum Income Guarantee: %s (%s)", who, c->year));
    }

    if (in->children > 0) {
        int64_t each, all;
        TRY(use_figure(c, &r->per_child, "Minimum Income Guarantee amount for each child",
                       "children", hint, &each));
        if (money_mul(each, in->children, &all) != 0)
            return overflow(c);
        ADD(mig, all);
        fmt_money(each, m);
        TRY(add_line(c, -all, "Minimum Income Guarantee for dependent children: %d x %s",
                     in->children, m));
    }

    for (size_t i = 0; i < in->npremiums; i++) {
        enum charging_premium pr = in->premiums[i];
        char field[32], what[160];
        const struct charging_figure *f;
        snprintf(field, sizeof field, "premiums[%zu]", i);
        if ((unsigned)pr >= CHARGING_PREMIUM_COUNT)
            return err_set_field(c->e, ERR_INVALID, field, "%s: not a known premium", field);
        /* Each disabled child brings its own premium; the others are once per person. */
        if (seen[pr] && pr != CHARGING_PREMIUM_DISABLED_CHILD)
            return err_set_field(c->e, ERR_INVALID, field, "%s: %s is listed twice", field,
                                 premium_names[pr]);
        seen[pr] = true;
        /* The disability premiums follow income support, which stops at pension credit age; the
         * pension-age MIG is already set higher (Annex C). */
        if (pc && (pr == CHARGING_PREMIUM_DISABILITY || pr == CHARGING_PREMIUM_ENHANCED_DISABILITY))
            return err_set_field(c->e, ERR_INVALID, field,
                                 "%s: the %s premium is for people under pension credit age",
                                 field, pr == CHARGING_PREMIUM_DISABILITY ? "disability"
                                                                          : "enhanced disability");
        f = in->category == CHARGING_COUPLE ? &r->premium_couple[pr] : &r->premium_single[pr];
        snprintf(what, sizeof what, "%s (%s)", premium_labels[pr],
                 in->category == CHARGING_COUPLE ? "couple" : "single");
        TRY(use_figure(c, f, what, field, hint, &amount));
        ADD(mig, amount);
        TRY(add_line(c, -amount, "%s", premium_labels[pr]));
    }

    if (s->uplift_kind == CHARGING_UPLIFT_PERCENT && s->mig_uplift > 0) {
        /* Rounded up: the uplift is the council's choice to leave people more. */
        if (money_muldiv(mig, s->mig_uplift, 10000, ROUND_UP, &amount) != 0)
            return overflow(c);
        ADD(mig, amount);
        fmt_percent(s->mig_uplift, p);
        TRY(add_line(c, -amount, "Council's uplift of %s%% on the Minimum Income Guarantee", p));
    } else if (s->uplift_kind == CHARGING_UPLIFT_FLAT && s->mig_uplift > 0) {
        ADD(mig, s->mig_uplift);
        TRY(add_line(c, -s->mig_uplift, "Council's uplift on the Minimum Income Guarantee"));
    }
    *mig_out = mig;
    return 0;
}

/* The end of every path: floor, cap, minimum charge, and the contribution line. */
static int finish(struct ctx *c, int64_t charge)
{
    const struct charging_settings *s = &c->in->settings;
    char m[MONEY_FMT_SIZE];
    if (charge < 0) {
        charge = 0;
        TRY(add_line(c, 0, "Nothing to pay from income: it is below what the person must keep"));
    }
    if (charge > c->in->weekly_cost_of_care) {
        charge = c->in->weekly_cost_of_care;
        fmt_money(charge, m);
        TRY(add_line(c, charge, "Capped at the weekly cost of care of %s: a contribution is never "
                                "more than the care costs",
                     m));
    }
    if (charge > 0 && charge < s->minimum_charge) {
        fmt_money(s->minimum_charge, m);
        charge = 0;
        TRY(add_line(c, 0, "Below the council's minimum charge of %s, so nothing to pay", m));
    }
    c->out->weekly_contribution = charge;
    return add_line(c, charge, "Weekly contribution");
}

int charging_assess(const struct charging_rates *rates, const struct charging_input *in,
                    struct arena *a, struct charging_result *out, struct err *e)
{
    struct ctx cx = {rates, in, a, out, e, 0, 0, ""}, *c = &cx;
    int64_t lower, upper, half_joint = 0, counted_capital, income = 0, housing = 0, dre = 0;
    int64_t tariff = 0, step, per_step, mig = 0, disposable, charge;
    char cap_s[MONEY_FMT_SIZE], lim[MONEY_FMT_SIZE], step_s[MONEY_FMT_SIZE],
        per_s[MONEY_FMT_SIZE], capital_desc[256];

    memset(out, 0, sizeof *out);
    taxyear_format(in->tax_year, c->year);
    TRY(check_input(c));
    c->cap_lines = in->nincome + in->nhousing + in->ndre + in->npremiums + 24;
    c->cap_warnings = c->cap_lines;
    out->lines = arena_array(a, c->cap_lines, sizeof *out->lines);
    out->warnings = arena_array(a, c->cap_warnings, sizeof *out->warnings);
    if (!out->lines || !out->warnings)
        return err_set(e, ERR_NOMEM, "out of memory working out the contribution");

    /* Capital (regs 21-25): half of jointly held capital is the person's. */
    TRY(capital_limits(c, &lower, &upper));
    if (money_muldiv(in->joint_capital, 1, 2, ROUND_DOWN, &half_joint) != 0)
        return overflow(c);
    counted_capital = in->capital;
    ADD(counted_capital, half_joint);
    out->capital_counted = counted_capital;
    fmt_money(counted_capital, cap_s);
    if (in->joint_capital > 0) {
        char own[MONEY_FMT_SIZE], joint[MONEY_FMT_SIZE];
        fmt_money(in->capital, own);
        fmt_money(in->joint_capital, joint);
        snprintf(capital_desc, sizeof capital_desc, "%s (%s of your own and half of %s held jointly)",
                 cap_s, own, joint);
    } else {
        snprintf(capital_desc, sizeof capital_desc, "%s", cap_s);
    }

    if (counted_capital > upper) {
        /* Above the upper limit the person pays the full cost (reg 12 / s.14(7)): no income test. */
        out->full_cost = true;
        fmt_limit(upper, lim);
        TRY(add_line(c, in->weekly_cost_of_care,
                     "Capital of %s is above the upper limit of %s: the full weekly cost of care "
                     "is payable",
                     capital_desc, lim));
        return finish(c, in->weekly_cost_of_care);
    }

    for (size_t i = 0; i < in->nincome; i++) {
        int64_t counted = 0;
        TRY(assess_income(c, i, &counted));
        ADD(income, counted);
    }

    /* Tariff income (reg 25). */
    fmt_limit(lower, lim);
    if (counted_capital > lower) {
        TRY(use_figure(c, &rates->tariff_step, "tariff income step", "capital", NULL, &step));
        TRY(use_figure(c, &rates->tariff_per_step, "tariff income per step", "capital", NULL,
                       &per_step));
        if (charging_tariff_income(counted_capital, lower, step, per_step, &tariff) != 0)
            return overflow(c);
        fmt_limit(step, step_s);
        fmt_limit(per_step, per_s);
        TRY(add_line(c, tariff,
                     "Tariff income from capital of %s (%s for every %s or part of %s above %s)",
                     capital_desc, per_s, step_s, step_s, lim));
    } else {
        TRY(add_line(c, 0, "Capital of %s is not above the lower limit of %s: no tariff income",
                     capital_desc, lim));
    }
    out->tariff_income = tariff;
    ADD(income, tariff);
    out->income_counted = income;
    TRY(add_line(c, income, "Total income counted, with tariff income"));

    TRY(assess_mig(c, &mig));
    out->mig = mig;

    for (size_t i = 0; i < in->nhousing; i++) {
        const struct charging_cost *h = &in->housing[i];
        int64_t w;
        char given[MONEY_FMT_SIZE];
        TRY(to_weekly(c, h->amount, h->monthly, false, &w));
        fmt_money(h->amount, given);
        if (h->monthly)
            TRY(add_line(c, -w, "Housing cost: %s (%s a month x 12 / 52)", humanise(c, h->kind),
                         given));
        else
            TRY(add_line(c, -w, "Housing cost: %s", humanise(c, h->kind)));
        ADD(housing, w);
    }
    out->housing = housing;

    for (size_t i = 0; i < in->ndre; i++) {
        const struct charging_cost *d = &in->dre[i];
        int64_t w;
        char given[MONEY_FMT_SIZE];
        TRY(to_weekly(c, d->amount, d->monthly, false, &w));
        fmt_money(d->amount, given);
        if (d->monthly)
            TRY(add_line(c, -w, "Disability-related expenditure: %s (%s a month x 12 / 52)",
                         humanise(c, d->kind), given));
        else
            TRY(add_line(c, -w, "Disability-related expenditure: %s", humanise(c, d->kind)));
        ADD(dre, w);
    }
    if (in->ndre == 0 && in->settings.dre_standard_allowance > 0) {
        dre = in->settings.dre_standard_allowance;
        TRY(add_line(c, -dre, "Disability-related expenditure: the council's standard allowance"));
    }
    out->dre = dre;

    disposable = income;
    if (money_sub(disposable, mig, &disposable) != 0 ||
        money_sub(disposable, housing, &disposable) != 0 ||
        money_sub(disposable, dre, &disposable) != 0)
        return overflow(c);
    out->disposable_income = disposable;
    TRY(add_line(c, disposable,
                 "Disposable income: income counted less the Minimum Income Guarantee, housing "
                 "costs and disability-related expenditure"));

    charge = disposable;
    if (in->settings.share_of_disposable_bp != 10000 && disposable > 0) {
        char p[32];
        /* Rounded down: the share is what the council may take, never a penny more. */
        if (money_muldiv(disposable, in->settings.share_of_disposable_bp, 10000, ROUND_DOWN,
                         &charge) != 0)
            return overflow(c);
        fmt_percent(in->settings.share_of_disposable_bp, p);
        TRY(add_line(c, charge, "The council takes %s%% of disposable income", p));
    }
    return finish(c, charge);
}
