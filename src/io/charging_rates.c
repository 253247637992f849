/* charging_rates.c — charging rates data files into struct charging_rates; see charging_rates.h. */
#include "io/charging_rates.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/asset.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

#define RATES_PREFIX "data/rates/charging-"
#define RATES_FILE_CAP (1u << 20)

struct rctx {
    const char *origin;
    struct err *e;
};

static int bad(struct rctx *r, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct rctx *r, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set_field(r->e, ERR_INVALID, path, "%s: %s: %s", r->origin, path, msg);
}

/* Refuses any key of obj not in allowed (NULL-terminated). */
static int only_keys(struct rctx *r, json_t *obj, const char *path, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        int ok = 0;
        (void)v;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(key, allowed[i]) == 0)
                ok = 1;
        if (!ok) {
            char p[160];
            snprintf(p, sizeof p, "%s.%s", path, key);
            return bad(r, p, "unknown key");
        }
    }
    return 0;
}

static int parse_figure(struct rctx *r, json_t *obj, const char *path, struct charging_figure *out)
{
    static const char *const keys[] = {"amount", "source", "status", "note", NULL};
    json_t *amount, *source, *status;
    struct err local = {0};
    const char *st;

    if (!json_is_object(obj))
        return bad(r, path, "expected an object {\"amount\", \"source\", \"status\"}");
    if (only_keys(r, obj, path, keys) != 0)
        return ERR_INVALID;
    memset(out, 0, sizeof *out);
    amount = json_object_get(obj, "amount");
    if (!amount || json_is_null(amount))
        return 0; /* no published figure: stays unknown */
    if (!json_is_string(amount))
        return bad(r, path, "amount must be a string like \"112.50\"");
    if (money_parse(json_string_value(amount), json_string_length(amount), 0, &out->pence, path,
                    &local) != 0)
        return bad(r, path, "%s", local.msg);
    source = json_object_get(obj, "source");
    if (!json_is_string(source) || json_string_length(source) == 0)
        return bad(r, path, "every figure needs its source");
    status = json_object_get(obj, "status");
    if (!json_is_string(status))
        return bad(r, path, "status must be published, derived, unverified or derived-unverified");
    st = json_string_value(status);
    if (strcmp(st, "published") == 0)
        out->status = CHARGING_FIGURE_PUBLISHED;
    else if (strcmp(st, "derived") == 0)
        out->status = CHARGING_FIGURE_DERIVED;
    else if (strcmp(st, "unverified") == 0)
        out->status = CHARGING_FIGURE_UNVERIFIED;
    else if (strcmp(st, "derived-unverified") == 0)
        out->status = CHARGING_FIGURE_DERIVED_UNVERIFIED;
    else
        return bad(r, path, "status \"%s\" is not published, derived, unverified or "
                            "derived-unverified",
                   st);
    out->known = true;
    return 0;
}

/* Parses each listed member of obj that is present. */
struct figure_slot {
    const char *key;
    struct charging_figure *dst;
};

static int parse_slots(struct rctx *r, json_t *obj, const char *path, const struct figure_slot *slots,
                       size_t n)
{
    const char *key;
    json_t *v;
    if (!json_is_object(obj))
        return bad(r, path, "expected an object");
    json_object_foreach(obj, key, v) {
        char p[160];
        size_t i;
        snprintf(p, sizeof p, "%s.%s", path, key);
        for (i = 0; i < n; i++)
            if (strcmp(key, slots[i].key) == 0)
                break;
        if (i == n)
            return bad(r, p, "unknown key");
        if (parse_figure(r, v, p, slots[i].dst) != 0)
            return ERR_INVALID;
    }
    return 0;
}

static int parse_pc_age(struct rctx *r, json_t *obj, struct charging_rates *out)
{
    static const char *const keys[] = {"min_years", "max_years", "source", "note", NULL};
    json_t *mn, *mx;
    if (!json_is_object(obj))
        return bad(r, "pension_credit_age", "expected an object");
    if (only_keys(r, obj, "pension_credit_age", keys) != 0)
        return ERR_INVALID;
    mn = json_object_get(obj, "min_years");
    mx = json_object_get(obj, "max_years");
    if (!json_is_integer(mn) || !json_is_integer(mx) || json_integer_value(mn) < 18 ||
        json_integer_value(mx) > 130 || json_integer_value(mn) > json_integer_value(mx))
        return bad(r, "pension_credit_age",
                   "min_years and max_years must be whole numbers with min <= max");
    if (!json_is_string(json_object_get(obj, "source")))
        return bad(r, "pension_credit_age", "needs its source");
    out->pension_credit_age_min = (int)json_integer_value(mn);
    out->pension_credit_age_max = (int)json_integer_value(mx);
    return 0;
}

int charging_rates_parse(const char *json, size_t len, const char *origin,
                         struct charging_rates *out, struct err *e)
{
    static const char *const top_keys[] = {"title", "tax_year", "notes", "capital",
                                           "pension_credit_age", "mig", "premiums",
                                           "benefit_rates", NULL};
    struct rctx r = {origin ? origin : "rates", e};
    json_error_t jerr;
    json_t *root, *v;
    int year, rc = ERR_INVALID;
    struct err local = {0};

    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return err_set(e, ERR_INVALID, "%s: not valid JSON at line %d: %s", r.origin, jerr.line,
                       jerr.text);
    if (!json_is_object(root)) {
        bad(&r, "(top)", "expected an object");
        goto out;
    }
    if (only_keys(&r, root, "(top)", top_keys) != 0)
        goto out;
    v = json_object_get(root, "tax_year");
    if (!json_is_string(v) || taxyear_parse(json_string_value(v), &year, &local) != 0) {
        bad(&r, "tax_year", "must be a tax year like \"2025-26\"");
        goto out;
    }
    charging_rates_init(out, year);

    {
        const struct figure_slot slots[] = {
            {"lower_limit", &out->capital_lower},
            {"upper_limit", &out->capital_upper},
            {"tariff_step", &out->tariff_step},
            {"tariff_per_step", &out->tariff_per_step},
        };
        if ((v = json_object_get(root, "capital")) &&
            parse_slots(&r, v, "capital", slots, sizeof slots / sizeof slots[0]) != 0)
            goto out;
    }
    if ((v = json_object_get(root, "pension_credit_age")) && parse_pc_age(&r, v, out) != 0)
        goto out;
    {
        const struct figure_slot slots[] = {
            {"single_18_24", &out->mig_single_18_24},
            {"single_25_to_pension_credit_age", &out->mig_single_25_to_pc_age},
            {"single_pension_credit_age", &out->mig_single_pc_age},
            {"lone_parent_18_plus", &out->mig_lone_parent_18_plus},
            {"couple_18_plus_each", &out->mig_couple_18_plus_each},
            {"couple_pension_credit_age_each", &out->mig_couple_pc_age_each},
            {"per_child", &out->per_child},
        };
        if ((v = json_object_get(root, "mig")) &&
            parse_slots(&r, v, "mig", slots, sizeof slots / sizeof slots[0]) != 0)
            goto out;
    }
    {
        struct figure_slot slots[2 * CHARGING_PREMIUM_COUNT];
        char names[2 * CHARGING_PREMIUM_COUNT][48];
        for (int p = 0; p < CHARGING_PREMIUM_COUNT; p++) {
            snprintf(names[2 * p], sizeof names[0], "%s_single",
                     charging_premium_name((enum charging_premium)p));
            snprintf(names[2 * p + 1], sizeof names[0], "%s_couple",
                     charging_premium_name((enum charging_premium)p));
            slots[2 * p] = (struct figure_slot){names[2 * p], &out->premium_single[p]};
            slots[2 * p + 1] = (struct figure_slot){names[2 * p + 1], &out->premium_couple[p]};
        }
        if ((v = json_object_get(root, "premiums")) &&
            parse_slots(&r, v, "premiums", slots, sizeof slots / sizeof slots[0]) != 0)
            goto out;
    }
    {
        struct figure_slot slots[CHARGING_INCOME_KIND_COUNT];
        for (int k = 0; k < CHARGING_INCOME_KIND_COUNT; k++)
            slots[k] = (struct figure_slot){
                charging_income_kind_name((enum charging_income_kind)k), &out->benefit[k]};
        if ((v = json_object_get(root, "benefit_rates")) &&
            parse_slots(&r, v, "benefit_rates", slots, CHARGING_INCOME_KIND_COUNT) != 0)
            goto out;
    }
    rc = 0;
out:
    json_decref(root);
    return rc;
}

/* "2023-24, 2024-25, ..." from the built-in files, for the message when a year is missing. */
static void years_available(char *out, size_t outsz)
{
    size_t j = 0, plen = strlen(RATES_PREFIX);
    out[0] = '\0';
    for (size_t i = 0; i < asset_count(); i++) {
        const struct asset *as = asset_at(i);
        size_t n = strlen(as->path);
        int w;
        if (strncmp(as->path, RATES_PREFIX, plen) != 0 || n != plen + 7 + 5)
            continue;
        w = snprintf(out + j, outsz - j, "%s%.7s", j ? ", " : "", as->path + plen);
        if (w < 0 || (size_t)w >= outsz - j)
            break;
        j += (size_t)w;
    }
}

int charging_rates_load(int tax_year, struct charging_rates *out, struct err *e)
{
    char path[64], year[8], avail[256];
    const struct asset *as;
    taxyear_format(tax_year, year);
    snprintf(path, sizeof path, RATES_PREFIX "%s.json", year);
    as = asset_find(path);
    if (!as) {
        years_available(avail, sizeof avail);
        return err_set_field(e, ERR_UNSUPPORTED, "tax_year",
                             "tax_year: there are no charging rates for %s; the years with rates "
                             "are %s",
                             year, avail[0] ? avail : "(none)");
    }
    if (charging_rates_parse((const char *)as->data, as->len, path, out, e) != 0)
        return e ? e->code : ERR_INVALID;
    if (out->tax_year != tax_year)
        return err_set(e, ERR_INVALID, "%s says it is for another tax year", path);
    return 0;
}

int charging_rates_load_file(const char *path, struct charging_rates *out, struct err *e)
{
    struct buf b;
    int rc;
    buf_init(&b, RATES_FILE_CAP);
    rc = buf_read_file(&b, path, e);
    if (rc == 0)
        rc = charging_rates_parse(b.data, b.len, path, out, e);
    buf_release(&b);
    return rc;
}
