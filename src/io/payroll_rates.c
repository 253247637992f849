/* payroll_rates.c — strict loader of data/rates/payroll-YYYY-YY.json; see payroll_rates.h. */
#include "io/payroll_rates.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/payrun.h"
#include "io/json_number.h"

#define RATES_FILE_CAP (1 << 20)

struct ctx {
    const char *origin;
    json_t *sources;
    int year;
    struct err *e;
};

__attribute__((format(printf, 3, 4))) static int fail(struct ctx *c, const char *path,
                                                      const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set_field(c->e, ERR_INVALID, path, "%s: %s: %s", c->origin, path, msg);
}

/* Re-words an error from json_number (which names only the key) with the file and path. */
static int refail(struct ctx *c, const char *path, struct err *local)
{
    return err_set_field(c->e, local->code ? local->code : ERR_INVALID, path, "%s: %s", c->origin,
                         local->msg);
}

static int only_keys(struct ctx *c, json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *v;
    if (!json_is_object(obj))
        return fail(c, path, "must be an object");
    json_object_foreach(obj, key, v)
    {
        bool ok = false;
        (void)v;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, key) == 0)
                ok = true;
        if (!ok)
            return fail(c, path, "unknown key \"%s\" (a typo? every key is checked)", key);
    }
    return 0;
}

static json_t *need(struct ctx *c, json_t *obj, const char *key, const char *path)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        fail(c, path, "\"%s\" is missing", key);
    return v;
}

static int need_object(struct ctx *c, json_t *obj, const char *key, const char *path, json_t **out)
{
    *out = need(c, obj, key, path);
    if (!*out)
        return ERR_INVALID;
    if (!json_is_object(*out))
        return fail(c, path, "\"%s\" must be an object", key);
    return 0;
}

static int money_at(struct ctx *c, json_t *obj, const char *key, const char *path, int64_t *out)
{
    char p[160];
    struct err local = {0};
    json_t *v = need(c, obj, key, path);
    if (!v)
        return ERR_INVALID;
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (json_number_pence(v, JSON_NUMBER_ALLOW_STRING, out, p, &local) != 0)
        return refail(c, p, &local);
    return 0;
}

static int percent_at(struct ctx *c, json_t *obj, const char *key, const char *path, int32_t *out)
{
    char p[160];
    struct err local = {0};
    int64_t bp;
    json_t *v = need(c, obj, key, path);
    if (!v)
        return ERR_INVALID;
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (json_number_hundredths(v, JSON_NUMBER_ALLOW_STRING, &bp, p, &local) != 0)
        return refail(c, p, &local);
    if (bp > 10000)
        return fail(c, p, "a percentage above 100");
    *out = (int32_t)bp;
    return 0;
}

static int int_at(struct ctx *c, json_t *obj, const char *key, const char *path, int64_t min,
                  int64_t max, int *out)
{
    char p[160];
    struct err local = {0};
    int64_t v64;
    json_t *v = need(c, obj, key, path);
    if (!v)
        return ERR_INVALID;
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (json_number_int(v, min, max, &v64, p, &local) != 0)
        return refail(c, p, &local);
    *out = (int)v64;
    return 0;
}

static int date_at(struct ctx *c, json_t *obj, const char *key, const char *path, day_t *out)
{
    char p[160];
    struct err local = {0};
    json_t *v = need(c, obj, key, path);
    if (!v)
        return ERR_INVALID;
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (!json_is_string(v))
        return fail(c, p, "must be a date like \"2025-04-06\"");
    if (date_parse_iso(json_string_value(v), json_string_length(v), out, p, &local) != 0)
        return refail(c, p, &local);
    return 0;
}

static int string_at(struct ctx *c, json_t *obj, const char *key, const char *path, char *out,
                     size_t outsz)
{
    json_t *v = need(c, obj, key, path);
    if (!v)
        return ERR_INVALID;
    if (!json_is_string(v) || json_string_length(v) == 0)
        return fail(c, path, "\"%s\" must be a non-empty string", key);
    if (str_copy(out, outsz, json_string_value(v)) != 0)
        return fail(c, path, "\"%s\" is too long", key);
    return 0;
}

/* Every section names its sources, and every name is a listed source with a URL. */
static int sources_of(struct ctx *c, json_t *section, const char *path)
{
    json_t *list = need(c, section, "sources", path), *status, *item;
    size_t i;
    if (!list)
        return ERR_INVALID;
    if (!json_is_array(list) || json_array_size(list) == 0)
        return fail(c, path, "\"sources\" must list at least one source id");
    json_array_foreach(list, i, item)
    {
        json_t *src, *url;
        if (!json_is_string(item))
            return fail(c, path, "\"sources\" must hold source ids (strings)");
        src = json_object_get(c->sources, json_string_value(item));
        if (!src)
            return fail(c, path, "source \"%s\" is not in the file's \"sources\"",
                        json_string_value(item));
        url = json_object_get(src, "url");
        if (!json_is_string(url) || !str_has_prefix(json_string_value(url), "http"))
            return fail(c, path, "source \"%s\" has no URL", json_string_value(item));
    }
    status = need(c, section, "status", path);
    if (!status)
        return ERR_INVALID;
    if (!json_is_string(status) || (strcmp(json_string_value(status), "published") != 0 &&
                                    strcmp(json_string_value(status), "derived") != 0 &&
                                    strcmp(json_string_value(status), "unverified") != 0))
        return fail(c, path, "\"status\" must be \"published\", \"derived\" or \"unverified\"");
    return 0;
}

static const char *const freq_keys[NIC_PERIOD_KINDS] = {"weekly", "fortnightly", "four_weekly",
                                                        "monthly", "annual"};

/* {"weekly": 125, "fortnightly": 250, "four_weekly": 500, "monthly": 542, "annual": 6500} */
static int per_frequency(struct ctx *c, json_t *obj, const char *key, const char *path,
                         int64_t out[NIC_PERIOD_KINDS])
{
    static const char *const allowed[] = {"weekly", "fortnightly", "four_weekly", "monthly",
                                          "annual", NULL};
    char p[160];
    json_t *t;
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (need_object(c, obj, key, path, &t) != 0 || only_keys(c, t, p, allowed) != 0)
        return ERR_INVALID;
    for (int i = 0; i < NIC_PERIOD_KINDS; i++)
        if (money_at(c, t, freq_keys[i], p, &out[i]) != 0)
            return ERR_INVALID;
    return 0;
}

/* ---- sections -------------------------------------------------------------------------------- */

static int parse_regime(struct ctx *c, json_t *regimes, const char *key,
                        struct tax_regime_rates *rr)
{
    static const char *const allowed[] = {"build_up", "basic_band", "bands", "note", NULL};
    static const char *const band_keys[] = {"name", "up_to", "rate", NULL};
    char path[96], bp[128], basic[24];
    json_t *r, *bands, *b, *bu;
    size_t i;
    int64_t prev = 0;

    snprintf(path, sizeof path, "income_tax.regimes.%s", key);
    if (need_object(c, regimes, key, "income_tax.regimes", &r) != 0 ||
        only_keys(c, r, path, allowed) != 0)
        return ERR_INVALID;
    bu = need(c, r, "build_up", path);
    if (!bu)
        return ERR_INVALID;
    if (json_is_string(bu) && strcmp(json_string_value(bu), "cumulative") == 0)
        rr->build_up = TAX_BUILD_CUMULATIVE;
    else if (json_is_string(bu) && strcmp(json_string_value(bu), "band_by_band") == 0)
        rr->build_up = TAX_BUILD_BAND_BY_BAND;
    else
        return fail(c, path, "\"build_up\" must be \"cumulative\" or \"band_by_band\"");
    if (string_at(c, r, "basic_band", path, basic, sizeof basic) != 0)
        return ERR_INVALID;
    bands = need(c, r, "bands", path);
    if (!bands)
        return ERR_INVALID;
    if (!json_is_array(bands) || json_array_size(bands) < 1 ||
        json_array_size(bands) > PAYE_MAX_BANDS)
        return fail(c, path, "\"bands\" must list 1 to %d bands", PAYE_MAX_BANDS);
    rr->nbands = (int)json_array_size(bands);
    rr->basic_band = -1;
    json_array_foreach(bands, i, b)
    {
        struct tax_band *tb = &rr->bands[i];
        json_t *up;
        snprintf(bp, sizeof bp, "%s.bands[%zu]", path, i);
        if (only_keys(c, b, bp, band_keys) != 0 ||
            string_at(c, b, "name", bp, tb->name, sizeof tb->name) != 0 ||
            percent_at(c, b, "rate", bp, &tb->rate_bp) != 0)
            return ERR_INVALID;
        up = need(c, b, "up_to", bp);
        if (!up)
            return ERR_INVALID;
        if (json_is_null(up)) {
            if (i + 1 != json_array_size(bands))
                return fail(c, bp, "only the last band may have no upper limit (\"up_to\": null)");
            tb->upper_pounds = 0;
        } else {
            int64_t pence;
            if (money_at(c, b, "up_to", bp, &pence) != 0)
                return ERR_INVALID;
            if (pence % 100 != 0 || pence <= prev * 100)
                return fail(c, bp, "\"up_to\" must be whole pounds, above the band below");
            if (i + 1 == json_array_size(bands))
                return fail(c, bp, "the last band must have \"up_to\": null (no upper limit)");
            tb->upper_pounds = pence / 100;
            prev = tb->upper_pounds;
        }
        if (strcmp(tb->name, basic) == 0)
            rr->basic_band = (int)i;
    }
    if (rr->basic_band < 0)
        return fail(c, path, "\"basic_band\" \"%s\" is not one of the bands", basic);
    return 0;
}

static int parse_income_tax(struct ctx *c, json_t *root, struct paye_rates *p)
{
    static const char *const allowed[] = {"sources", "status", "note", "personal_allowance",
                                          "emergency_code", "regimes", NULL};
    static const char *const regime_keys[] = {"rest_of_uk", "scotland", "wales", NULL};
    json_t *it, *regimes;
    if (need_object(c, root, "income_tax", "(file)", &it) != 0 ||
        only_keys(c, it, "income_tax", allowed) != 0 || sources_of(c, it, "income_tax") != 0 ||
        money_at(c, it, "personal_allowance", "income_tax", &p->personal_allowance) != 0 ||
        string_at(c, it, "emergency_code", "income_tax", p->emergency_code,
                  sizeof p->emergency_code) != 0 ||
        need_object(c, it, "regimes", "income_tax", &regimes) != 0 ||
        only_keys(c, regimes, "income_tax.regimes", regime_keys) != 0 ||
        parse_regime(c, regimes, "rest_of_uk", &p->regime[TAX_REGIME_RUK]) != 0 ||
        parse_regime(c, regimes, "scotland", &p->regime[TAX_REGIME_SCOTLAND]) != 0 ||
        parse_regime(c, regimes, "wales", &p->regime[TAX_REGIME_WALES]) != 0)
        return ERR_INVALID;
    p->year = c->year;
    return 0;
}

static const char *const threshold_keys[NIC_THRESHOLD_COUNT] = {
    "LEL", "PT", "ST", "UEL", "UST", "AUST", "VUST", "FUST", "IZUST"};

static int parse_relief(struct ctx *c, json_t *v, const char *path, const struct nic_rates *n,
                        enum nic_relief *out)
{
    static const struct {
        const char *name;
        enum nic_relief relief;
        enum nic_threshold th;
    } map[] = {{"UST", NIC_RELIEF_UST, NIC_UST},       {"AUST", NIC_RELIEF_AUST, NIC_AUST},
               {"VUST", NIC_RELIEF_VUST, NIC_VUST},    {"FUST", NIC_RELIEF_FUST, NIC_FUST},
               {"IZUST", NIC_RELIEF_IZUST, NIC_IZUST}};
    if (!v)
        return fail(c, path, "\"employer_relief\" is missing (null when there is none)");
    if (json_is_null(v)) {
        *out = NIC_RELIEF_NONE;
        return 0;
    }
    for (size_t i = 0; json_is_string(v) && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(json_string_value(v), map[i].name) == 0) {
            if (n->thresholds[PAY_WEEKLY][map[i].th] == 0)
                return fail(c, path, "relief %s has no thresholds in this file", map[i].name);
            *out = map[i].relief;
            return 0;
        }
    return fail(c, path, "\"employer_relief\" must be null, UST, AUST, VUST, FUST or IZUST");
}

static int parse_ni(struct ctx *c, json_t *root, struct nic_rates *n)
{
    static const char *const allowed[] = {"sources", "status", "note", "thresholds", "rates", NULL};
    static const char *const set_keys[] = {"from", "categories", NULL};
    static const char *const cat_keys[] = {"employee", "employee_above_uel", "employer",
                                           "employer_relief", NULL};
    json_t *ni, *th, *rates, *set;
    size_t i;
    const char *key;
    json_t *v;

    if (need_object(c, root, "national_insurance", "(file)", &ni) != 0 ||
        only_keys(c, ni, "national_insurance", allowed) != 0 ||
        sources_of(c, ni, "national_insurance") != 0 ||
        need_object(c, ni, "thresholds", "national_insurance", &th) != 0)
        return ERR_INVALID;
    n->year = c->year;
    json_object_foreach(th, key, v)
    {
        bool known = false;
        for (int t = 0; t < NIC_THRESHOLD_COUNT; t++)
            if (strcmp(key, threshold_keys[t]) == 0)
                known = true;
        if (!known)
            return fail(c, "national_insurance.thresholds", "unknown threshold \"%s\"", key);
    }
    for (int t = 0; t < NIC_THRESHOLD_COUNT; t++) {
        int64_t vals[NIC_PERIOD_KINDS];
        if (t == NIC_IZUST && !json_object_get(th, "IZUST"))
            continue; /* investment zones start in 2024-25 */
        if (per_frequency(c, th, threshold_keys[t], "national_insurance.thresholds", vals) != 0)
            return ERR_INVALID;
        for (int f = 0; f < NIC_PERIOD_KINDS; f++)
            n->thresholds[f][t] = vals[f];
    }
    for (int f = 0; f < NIC_PERIOD_KINDS; f++) {
        const int64_t *x = n->thresholds[f];
        if (!(x[NIC_LEL] < x[NIC_PT] && x[NIC_PT] < x[NIC_UEL] && x[NIC_ST] < x[NIC_UEL]))
            return fail(c, "national_insurance.thresholds",
                        "the %s thresholds are out of order (LEL < PT < UEL and ST < UEL)",
                        freq_keys[f]);
    }
    rates = need(c, ni, "rates", "national_insurance");
    if (!rates)
        return ERR_INVALID;
    if (!json_is_array(rates) || json_array_size(rates) < 1 ||
        json_array_size(rates) > NIC_MAX_RATE_SETS)
        return fail(c, "national_insurance.rates", "must list 1 to %d rate sets",
                    NIC_MAX_RATE_SETS);
    json_array_foreach(rates, i, set)
    {
        struct nic_rate_set *rs = &n->sets[i];
        char sp[64], cp[96];
        json_t *cats;
        snprintf(sp, sizeof sp, "national_insurance.rates[%zu]", i);
        if (only_keys(c, set, sp, set_keys) != 0 || date_at(c, set, "from", sp, &rs->from) != 0 ||
            need_object(c, set, "categories", sp, &cats) != 0)
            return ERR_INVALID;
        if (i == 0 && rs->from != taxyear_start(c->year))
            return fail(c, sp, "the first rate set must start on 6 April %d", c->year);
        if (i > 0 && (rs->from <= n->sets[i - 1].from || rs->from > taxyear_end(c->year)))
            return fail(c, sp, "rate sets must be in date order, within the tax year");
        json_object_foreach(cats, key, v)
        {
            struct nic_category *nc;
            if (strlen(key) != 1 || key[0] < 'A' || key[0] > 'Z')
                return fail(c, sp, "category \"%s\" is not a capital letter", key);
            if (rs->ncategories >= NIC_MAX_CATEGORIES)
                return fail(c, sp, "too many categories");
            nc = &rs->categories[rs->ncategories++];
            snprintf(cp, sizeof cp, "%s.categories.%s", sp, key);
            nc->letter = key[0];
            if (only_keys(c, v, cp, cat_keys) != 0 ||
                percent_at(c, v, "employee", cp, &nc->employee_bp) != 0 ||
                percent_at(c, v, "employee_above_uel", cp, &nc->employee_above_bp) != 0 ||
                percent_at(c, v, "employer", cp, &nc->employer_bp) != 0 ||
                parse_relief(c, json_object_get(v, "employer_relief"), cp, n, &nc->relief) != 0)
                return ERR_INVALID;
        }
        if (rs->ncategories == 0)
            return fail(c, sp, "no categories");
    }
    n->nsets = (int)json_array_size(rates);
    return 0;
}

static int parse_ea(struct ctx *c, json_t *root, int64_t *out)
{
    static const char *const allowed[] = {"sources", "status", "note", "amount", NULL};
    json_t *s;
    if (need_object(c, root, "employment_allowance", "(file)", &s) != 0 ||
        only_keys(c, s, "employment_allowance", allowed) != 0 ||
        sources_of(c, s, "employment_allowance") != 0 ||
        money_at(c, s, "amount", "employment_allowance", out) != 0)
        return ERR_INVALID;
    return 0;
}

static int parse_nmw(struct ctx *c, json_t *root, struct nmw_rates *m)
{
    static const char *const allowed[] = {"sources", "status", "note", "from", "bands",
                                          "apprentice_hourly", NULL};
    static const char *const band_keys[] = {"name", "min_age", "hourly", NULL};
    json_t *s, *bands, *b;
    size_t i;
    if (need_object(c, root, "minimum_wage", "(file)", &s) != 0 ||
        only_keys(c, s, "minimum_wage", allowed) != 0 || sources_of(c, s, "minimum_wage") != 0 ||
        date_at(c, s, "from", "minimum_wage", &m->from) != 0 ||
        money_at(c, s, "apprentice_hourly", "minimum_wage", &m->apprentice_hourly) != 0)
        return ERR_INVALID;
    bands = need(c, s, "bands", "minimum_wage");
    if (!bands)
        return ERR_INVALID;
    if (!json_is_array(bands) || json_array_size(bands) < 1 ||
        json_array_size(bands) > NMW_MAX_BANDS)
        return fail(c, "minimum_wage.bands", "must list 1 to %d bands", NMW_MAX_BANDS);
    json_array_foreach(bands, i, b)
    {
        char bp[64];
        struct nmw_band *nb = &m->bands[i];
        snprintf(bp, sizeof bp, "minimum_wage.bands[%zu]", i);
        if (only_keys(c, b, bp, band_keys) != 0 ||
            string_at(c, b, "name", bp, nb->name, sizeof nb->name) != 0 ||
            int_at(c, b, "min_age", bp, 0, 120, &nb->min_age) != 0 ||
            money_at(c, b, "hourly", bp, &nb->hourly) != 0)
            return ERR_INVALID;
        if (i > 0 && (nb->min_age >= m->bands[i - 1].min_age || nb->hourly > m->bands[i - 1].hourly))
            return fail(c, bp, "bands must go from the oldest to the youngest, rates not rising");
    }
    m->nbands = (int)json_array_size(bands);
    return 0;
}

static int parse_ae(struct ctx *c, json_t *root, struct ae_rates *a)
{
    static const char *const allowed[] = {"sources",          "status",         "note",
                                          "lower",            "trigger",        "upper",
                                          "employer_minimum", "total_minimum",  "eligible_min_age",
                                          "worker_min_age",   "worker_max_age", NULL};
    json_t *s;
    if (need_object(c, root, "auto_enrolment", "(file)", &s) != 0 ||
        only_keys(c, s, "auto_enrolment", allowed) != 0 ||
        sources_of(c, s, "auto_enrolment") != 0 ||
        per_frequency(c, s, "lower", "auto_enrolment", a->lower) != 0 ||
        per_frequency(c, s, "trigger", "auto_enrolment", a->trigger) != 0 ||
        per_frequency(c, s, "upper", "auto_enrolment", a->upper) != 0 ||
        percent_at(c, s, "employer_minimum", "auto_enrolment", &a->employer_min_bp) != 0 ||
        percent_at(c, s, "total_minimum", "auto_enrolment", &a->total_min_bp) != 0 ||
        int_at(c, s, "eligible_min_age", "auto_enrolment", 16, 100, &a->min_age_eligible) != 0 ||
        int_at(c, s, "worker_min_age", "auto_enrolment", 0, 100, &a->min_age_worker) != 0 ||
        int_at(c, s, "worker_max_age", "auto_enrolment", 16, 120, &a->max_age_worker) != 0)
        return ERR_INVALID;
    for (int f = 0; f < NIC_PERIOD_KINDS; f++)
        if (!(a->lower[f] < a->trigger[f] && a->trigger[f] < a->upper[f]))
            return fail(c, "auto_enrolment", "the %s thresholds must rise: lower < trigger < upper",
                        freq_keys[f]);
    if (a->total_min_bp < a->employer_min_bp)
        return fail(c, "auto_enrolment", "total_minimum is below employer_minimum");
    return 0;
}

static int parse_ssp(struct ctx *c, json_t *root, struct ssp_rates *s)
{
    static const char *const allowed[] = {"sources",      "status",          "note",
                                          "from",         "weekly_rate",     "lower_earnings_limit",
                                          "waiting_days", "average_earnings_cap",
                                          "max_weeks",    "piw_min_days",    "link_days",
                                          NULL};
    json_t *o, *v;
    if (need_object(c, root, "statutory_sick_pay", "(file)", &o) != 0 ||
        only_keys(c, o, "statutory_sick_pay", allowed) != 0 ||
        sources_of(c, o, "statutory_sick_pay") != 0 ||
        date_at(c, o, "from", "statutory_sick_pay", &s->from) != 0 ||
        money_at(c, o, "weekly_rate", "statutory_sick_pay", &s->weekly_rate) != 0 ||
        int_at(c, o, "waiting_days", "statutory_sick_pay", 0, 7, &s->waiting_days) != 0 ||
        int_at(c, o, "max_weeks", "statutory_sick_pay", 1, 52, &s->max_weeks) != 0 ||
        int_at(c, o, "piw_min_days", "statutory_sick_pay", 1, 14, &s->piw_min_days) != 0 ||
        int_at(c, o, "link_days", "statutory_sick_pay", 0, 365, &s->link_days) != 0)
        return ERR_INVALID;
    v = need(c, o, "lower_earnings_limit", "statutory_sick_pay");
    if (!v)
        return ERR_INVALID;
    s->lower_earnings_limit = 0;
    if (!json_is_null(v) &&
        money_at(c, o, "lower_earnings_limit", "statutory_sick_pay", &s->lower_earnings_limit) != 0)
        return ERR_INVALID;
    v = need(c, o, "average_earnings_cap", "statutory_sick_pay");
    if (!v)
        return ERR_INVALID;
    s->awe_cap_bp = 0;
    if (!json_is_null(v) &&
        percent_at(c, o, "average_earnings_cap", "statutory_sick_pay", &s->awe_cap_bp) != 0)
        return ERR_INVALID;
    return 0;
}

static int parse_holiday(struct ctx *c, json_t *root, struct holiday_rates *h)
{
    static const char *const allowed[] = {"sources",  "status",           "note",
                                          "weeks",    "cap_days",         "irregular_accrual",
                                          "irregular_from", NULL};
    json_t *o;
    int64_t weeks, cap;
    if (need_object(c, root, "holiday", "(file)", &o) != 0 ||
        only_keys(c, o, "holiday", allowed) != 0 || sources_of(c, o, "holiday") != 0 ||
        money_at(c, o, "weeks", "holiday", &weeks) != 0 ||
        money_at(c, o, "cap_days", "holiday", &cap) != 0 ||
        percent_at(c, o, "irregular_accrual", "holiday", &h->irregular_accrual_bp) != 0 ||
        date_at(c, o, "irregular_from", "holiday", &h->irregular_from) != 0)
        return ERR_INVALID;
    if (weeks <= 0 || weeks > 5200 || cap <= 0 || cap > 36600)
        return fail(c, "holiday", "weeks and cap_days are out of range");
    h->weeks_hundredths = (int32_t)weeks;
    h->cap_days_hundredths = (int32_t)cap;
    return 0;
}

int payroll_rates_parse(const char *json, size_t len, const char *origin,
                        struct payroll_rates *out, struct err *e)
{
    static const char *const allowed[] = {
        "title",          "tax_year",     "notes",          "sources",
        "income_tax",     "national_insurance", "employment_allowance", "minimum_wage",
        "auto_enrolment", "statutory_sick_pay", "holiday",        NULL};
    struct ctx c = {.origin = origin ? origin : "rates file", .e = e};
    json_error_t je;
    json_t *root, *ty, *src;
    const char *key;
    int rc = ERR_INVALID;

    memset(out, 0, sizeof *out);
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return err_set(e, ERR_INVALID, "%s: not valid JSON at line %d: %s", c.origin, je.line,
                       je.text);
    if (only_keys(&c, root, "(file)", allowed) != 0)
        goto done;
    ty = need(&c, root, "tax_year", "(file)");
    if (!ty)
        goto done;
    if (!json_is_string(ty) || taxyear_parse(json_string_value(ty), &c.year, NULL) != 0) {
        fail(&c, "tax_year", "must be a tax year like \"2025-26\"");
        goto done;
    }
    if (need_object(&c, root, "sources", "(file)", &c.sources) != 0)
        goto done;
    json_object_foreach(c.sources, key, src)
    {
        static const char *const skeys[] = {"url", "title", NULL};
        char sp[96];
        snprintf(sp, sizeof sp, "sources.%s", key);
        if (only_keys(&c, src, sp, skeys) != 0)
            goto done;
    }
    out->year = c.year;
    if (parse_income_tax(&c, root, &out->paye) != 0 || parse_ni(&c, root, &out->nic) != 0 ||
        parse_ea(&c, root, &out->employment_allowance) != 0 ||
        parse_nmw(&c, root, &out->nmw) != 0 || parse_ae(&c, root, &out->ae) != 0 ||
        parse_ssp(&c, root, &out->ssp) != 0 || parse_holiday(&c, root, &out->holiday) != 0)
        goto done;
    rc = 0;
done:
    json_decref(root);
    if (rc != 0 && e && e->code == 0)
        err_set(e, ERR_INVALID, "%s: the rates file is not valid", c.origin);
    return rc;
}

size_t payroll_rates_years(int *years, size_t max)
{
    static const char prefix[] = "data/rates/payroll-";
    size_t n = 0, kept;
    for (size_t i = 0; i < asset_count(); i++) {
        const struct asset *a = asset_at(i);
        int y;
        char ty[8];
        if (!str_has_prefix(a->path, prefix) || strlen(a->path) != strlen(prefix) + 12 ||
            strcmp(a->path + strlen(prefix) + 7, ".json") != 0)
            continue;
        memcpy(ty, a->path + strlen(prefix), 7);
        ty[7] = '\0';
        if (taxyear_parse(ty, &y, NULL) != 0)
            continue;
        if (years && n < max)
            years[n] = y;
        n++;
    }
    kept = n < max ? n : max;
    for (size_t i = 1; years && i < kept; i++) /* insertion sort: a handful of years */
        for (size_t j = i; j > 0 && years[j - 1] > years[j]; j--) {
            int t = years[j];
            years[j] = years[j - 1];
            years[j - 1] = t;
        }
    return n;
}

int payroll_rates_load(int tax_year, struct payroll_rates *out, struct err *e)
{
    char path[64], ty[8];
    const struct asset *a;
    taxyear_format(tax_year, ty);
    snprintf(path, sizeof path, "data/rates/payroll-%s.json", ty);
    a = asset_find(path);
    if (!a) {
        int years[32];
        size_t n = payroll_rates_years(years, 32);
        char list[200] = "";
        size_t used = 0;
        for (size_t i = 0; i < n && i < 32; i++) {
            char y[8];
            taxyear_format(years[i], y);
            int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", y);
            if (w < 0 || (size_t)w >= sizeof list - used)
                break;
            used += (size_t)w;
        }
        memset(out, 0, sizeof *out);
        return err_set_field(e, ERR_UNSUPPORTED, "tax_year",
                             "there are no payroll rates for %s in this version: there are rates "
                             "for %s (docs/payroll.md says how to add a year)",
                             ty, n ? list : "no year");
    }
    return payroll_rates_parse((const char *)a->data, a->len, path, out, e);
}

int payroll_rates_load_file(const char *path, struct payroll_rates *out, struct err *e)
{
    struct buf b;
    int rc;
    buf_init(&b, RATES_FILE_CAP);
    rc = buf_read_file(&b, path, e);
    if (rc == 0)
        rc = payroll_rates_parse(b.data, b.len, path, out, e);
    else
        memset(out, 0, sizeof *out);
    buf_release(&b);
    return rc;
}

int payroll_rates_load_nmw_all(struct nmw_rates *out, size_t max, size_t *n, struct err *e)
{
    int years[32];
    size_t ny = payroll_rates_years(years, 32);
    struct payroll_rates *r;
    *n = 0;
    if (ny > 32)
        ny = 32;
    r = malloc(sizeof *r);
    if (!r)
        return err_set(e, ERR_NOMEM, "out of memory loading the minimum wage tables");
    for (size_t i = 0; i < ny && *n < max; i++) {
        if (payroll_rates_load(years[i], r, e) != 0) {
            free(r);
            return e ? e->code : ERR_INVALID;
        }
        out[(*n)++] = r->nmw;
    }
    free(r);
    return 0;
}

int payroll_rates_load_tables(struct payrun_tables *out, struct err *e)
{
    int years[PAYRUN_MAX_YEARS];
    size_t ny = payroll_rates_years(years, PAYRUN_MAX_YEARS);
    memset(out, 0, sizeof *out);
    if (ny > PAYRUN_MAX_YEARS)
        return err_set(e, ERR_RANGE, "internal error: more than %d years of payroll rates",
                       PAYRUN_MAX_YEARS);
    for (size_t i = 0; i < ny; i++) {
        struct payroll_rates *r = &out->years[out->nyears];
        int rc = payroll_rates_load(years[i], r, e);
        if (rc != 0)
            return rc;
        out->nyears++;
        out->nmw[out->nnmw++] = r->nmw;
        out->ssp[out->nssp++] = r->ssp;
    }
    return 0;
}
