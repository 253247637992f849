/* charging_json.c — a financial assessment as JSON in and out; see charging_json.h. */
#include "io/charging_json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

struct jctx {
    struct arena *a;
    struct err *e;
};

/* Every message starts with the path of the field at fault, so a person can find it. */
static int fail(struct jctx *j, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct jctx *j, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return err_set_field(j->e, ERR_INVALID, path, "%s: %s", path, msg);
}

static int nomem(struct jctx *j)
{
    return err_set(j->e, ERR_NOMEM, "out of memory reading the assessment");
}

static const char *type_name(const json_t *v)
{
    if (!v)
        return "nothing";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "text";
    case JSON_INTEGER: return "a whole number";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "true/false";
    case JSON_NULL: return "null";
    }
    return "something else";
}

static void join_path(char *out, size_t outsz, const char *parent, const char *key)
{
    if (parent && *parent)
        snprintf(out, outsz, "%s.%s", parent, key);
    else
        snprintf(out, outsz, "%s", key);
}

/* Refuses a key not in allowed (NULL-terminated); what names the object for the message. */
static int only_keys(struct jctx *j, json_t *obj, const char *path, const char *const *allowed,
                     const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        char p[128], list[400] = "";
        size_t n = 0;
        int known = 0;
        (void)v;
        for (size_t i = 0; allowed[i]; i++) {
            if (strcmp(key, allowed[i]) == 0)
                known = 1;
            n += (size_t)snprintf(list + n, n < sizeof list ? sizeof list - n : 0, "%s%s",
                                  i ? ", " : "", allowed[i]);
            if (n >= sizeof list)
                n = sizeof list - 1;
        }
        if (!known) {
            join_path(p, sizeof p, path, key);
            return fail(j, p, "unknown field; %s has %s", what, list);
        }
    }
    return 0;
}

/* An amount: a string in pounds and pence, or a JSON number taken through its decimal text. */
static int get_amount(struct jctx *j, json_t *v, const char *path, int64_t *out)
{
    struct err local = {0};
    char text[64];
    const char *s;
    size_t n;
    if (json_is_string(v)) {
        s = json_string_value(v);
        n = json_string_length(v);
    } else if (json_is_integer(v)) {
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
        s = text;
        n = strlen(text);
    } else if (json_is_real(v)) {
        /* The shortest text that reads back as the same double: 12.345 stays "12.345" and is then
         * refused for its third decimal, rather than being rounded by arithmetic. */
        snprintf(text, sizeof text, "%.15g", json_real_value(v));
        s = text;
        n = strlen(text);
    } else {
        return fail(j, path, "expected an amount in quotes like \"320.00\", not %s", type_name(v));
    }
    if (money_parse(s, n, 0, out, path, &local) != 0) {
        /* money_parse writes "<field> <what is wrong>"; put the colon after the field like every
         * other message here. */
        size_t pl = strlen(path);
        const char *rest = local.msg;
        if (strncmp(rest, path, pl) == 0 && rest[pl] == ' ')
            rest += pl + 1;
        return err_set_field(j->e, local.code ? local.code : ERR_INVALID, path, "%s: %s", path,
                             rest);
    }
    return 0;
}

/* A percentage: "12.5", "100", 12.5 or 100, at most two decimals, 0 to max_bp/100. */
static int get_percent(struct jctx *j, json_t *v, const char *path, int64_t max_bp, int64_t *bp)
{
    char text[64];
    const char *s;
    int64_t whole = 0, frac = 0;
    int nfrac = 0, ndig = 0;
    size_t i = 0, n;
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
        s = text;
    } else if (json_is_real(v)) {
        snprintf(text, sizeof text, "%.15g", json_real_value(v));
        s = text;
    } else {
        return fail(j, path, "expected a percentage like \"12.5\", not %s", type_name(v));
    }
    n = strlen(s);
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, ndig++) {
        if (whole > 1000000)
            return fail(j, path, "\"%s\" is too large", s);
        whole = whole * 10 + (s[i] - '0');
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, nfrac++)
            if (nfrac < 2)
                frac = frac * 10 + (s[i] - '0');
        if (nfrac == 0)
            return fail(j, path, "\"%s\" ends with a decimal point; write a percentage like 12.5", s);
        if (nfrac > 2)
            return fail(j, path, "\"%s\" has more than two decimal places", s);
        if (nfrac == 1)
            frac *= 10;
    }
    if (i != n || ndig == 0)
        return fail(j, path, "\"%s\" is not a percentage; write a number from 0 to %lld like 12.5, "
                             "without a %% sign",
                    s, (long long)(max_bp / 100));
    *bp = whole * 100 + frac;
    if (*bp > max_bp)
        return fail(j, path, "\"%s\" is more than %lld%%", s, (long long)(max_bp / 100));
    return 0;
}

static int get_int(struct jctx *j, json_t *v, const char *path, long long min, long long max,
                   const char *example, int *out)
{
    long long x;
    if (!json_is_integer(v))
        return fail(j, path, "expected a whole number like %s, not %s", example, type_name(v));
    x = json_integer_value(v);
    if (x < min || x > max)
        return fail(j, path, "%lld is outside %lld to %lld", x, min, max);
    *out = (int)x;
    return 0;
}

static int get_bool(struct jctx *j, json_t *v, const char *path, bool *out)
{
    if (!json_is_boolean(v))
        return fail(j, path, "expected true or false, not %s", type_name(v));
    *out = json_is_true(v);
    return 0;
}

/* A free label: non-empty text without control characters, copied into the arena. */
static int get_label(struct jctx *j, json_t *v, const char *path, const char **out)
{
    const char *s;
    size_t n;
    if (!json_is_string(v))
        return fail(j, path, "expected text, not %s", type_name(v));
    s = json_string_value(v);
    n = json_string_length(v);
    if (n == 0)
        return fail(j, path, "is empty; say what it is, for example \"council_tax\"");
    if (n > CHARGING_JSON_MAX_LABEL)
        return fail(j, path, "is %zu bytes long; the most is %d", n, CHARGING_JSON_MAX_LABEL);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return fail(j, path, "contains a control character");
    *out = arena_strndup(j->a, s, n);
    return *out ? 0 : nomem(j);
}

/* Optional members: absent and null both mean "not given". */
static json_t *opt(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return v && !json_is_null(v) ? v : NULL;
}

static json_t *req(struct jctx *j, json_t *obj, const char *parent, const char *key,
                   const char *hint)
{
    json_t *v = json_object_get(obj, key);
    char p[128];
    if (v && !json_is_null(v))
        return v;
    join_path(p, sizeof p, parent, key);
    fail(j, p, "missing; %s", hint);
    return NULL;
}

static int get_list(struct jctx *j, json_t *v, const char *path, size_t *n)
{
    if (!json_is_array(v))
        return fail(j, path, "expected a list [...], not %s", type_name(v));
    *n = json_array_size(v);
    if (*n > CHARGING_JSON_MAX_ITEMS)
        return fail(j, path, "has %zu items; the most is %d", *n, CHARGING_JSON_MAX_ITEMS);
    return 0;
}

/* "weekly" or "monthly", exactly one. */
static int get_period_amount(struct jctx *j, json_t *item, const char *path, int64_t *amount,
                             bool *monthly)
{
    json_t *w = opt(item, "weekly"), *m = opt(item, "monthly");
    char p[128];
    if (w && m)
        return fail(j, path, "give weekly or monthly, not both");
    if (!w && !m) {
        join_path(p, sizeof p, path, "weekly");
        return fail(j, p, "missing; give the weekly amount, like \"12.50\" (or a monthly one)");
    }
    *monthly = m != NULL;
    join_path(p, sizeof p, path, m ? "monthly" : "weekly");
    return get_amount(j, m ? m : w, p, amount);
}

static int parse_income(struct jctx *j, json_t *list, struct charging_input *in)
{
    static const char *const keys[] = {"kind", "weekly", "monthly", "joint", "description", NULL};
    struct charging_income *items;
    size_t n;
    if (get_list(j, list, "income", &n) != 0)
        return ERR_INVALID;
    items = arena_array(j->a, n ? n : 1, sizeof *items);
    if (!items)
        return nomem(j);
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i), *v;
        char path[64], p[96];
        snprintf(path, sizeof path, "income[%zu]", i);
        if (!json_is_object(item))
            return fail(j, path, "expected an object like {\"kind\": \"esa\", \"weekly\": "
                                 "\"140.55\"}, not %s",
                        type_name(item));
        if (only_keys(j, item, path, keys, "an income item") != 0)
            return ERR_INVALID;
        if (!(v = req(j, item, path, "kind", "say which income this is, for example \"esa\"")))
            return ERR_INVALID;
        join_path(p, sizeof p, path, "kind");
        if (!json_is_string(v))
            return fail(j, p, "expected text, not %s", type_name(v));
        if (charging_income_kind_parse(json_string_value(v), &items[i].kind) != 0)
            return fail(j, p, "\"%.40s\" is not an income kind; the kinds are %s",
                        json_string_value(v), charging_income_kind_list());
        if (get_period_amount(j, item, path, &items[i].amount, &items[i].monthly) != 0)
            return ERR_INVALID;
        if ((v = opt(item, "joint"))) {
            join_path(p, sizeof p, path, "joint");
            if (get_bool(j, v, p, &items[i].joint) != 0)
                return ERR_INVALID;
        }
        if ((v = opt(item, "description"))) {
            join_path(p, sizeof p, path, "description");
            if (get_label(j, v, p, &items[i].description) != 0)
                return ERR_INVALID;
        }
    }
    in->income = items;
    in->nincome = n;
    return 0;
}

static int parse_costs(struct jctx *j, json_t *list, const char *name,
                       const struct charging_cost **out, size_t *nout)
{
    static const char *const keys[] = {"kind", "weekly", "monthly", NULL};
    struct charging_cost *items;
    size_t n;
    if (get_list(j, list, name, &n) != 0)
        return ERR_INVALID;
    items = arena_array(j->a, n ? n : 1, sizeof *items);
    if (!items)
        return nomem(j);
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_array_get(list, i), *v;
        char path[80], p[112];
        snprintf(path, sizeof path, "%s[%zu]", name, i);
        if (!json_is_object(item))
            return fail(j, path, "expected an object like {\"kind\": \"rent\", \"weekly\": "
                                 "\"95.00\"}, not %s",
                        type_name(item));
        if (only_keys(j, item, path, keys, "an item") != 0)
            return ERR_INVALID;
        if (!(v = req(j, item, path, "kind", "say what this cost is, for example \"rent\"")))
            return ERR_INVALID;
        join_path(p, sizeof p, path, "kind");
        if (get_label(j, v, p, &items[i].kind) != 0)
            return ERR_INVALID;
        if (get_period_amount(j, item, path, &items[i].amount, &items[i].monthly) != 0)
            return ERR_INVALID;
    }
    *out = items;
    *nout = n;
    return 0;
}

static int parse_premiums(struct jctx *j, json_t *list, struct charging_input *in)
{
    enum charging_premium *items;
    size_t n;
    if (get_list(j, list, "premiums", &n) != 0)
        return ERR_INVALID;
    items = arena_array(j->a, n ? n : 1, sizeof *items);
    if (!items)
        return nomem(j);
    for (size_t i = 0; i < n; i++) {
        json_t *v = json_array_get(list, i);
        char p[48];
        snprintf(p, sizeof p, "premiums[%zu]", i);
        if (!json_is_string(v))
            return fail(j, p, "expected text like \"disability\", not %s", type_name(v));
        if (charging_premium_parse(json_string_value(v), &items[i]) != 0)
            return fail(j, p, "\"%.40s\" is not a premium; the premiums are disability, "
                              "enhanced_disability, carer, disabled_child",
                        json_string_value(v));
    }
    in->premiums = items;
    in->npremiums = n;
    return 0;
}

static int parse_policy(struct jctx *j, json_t *pol, struct charging_settings *s)
{
    static const char *const keys[] = {
        "disregard_night_care_element", "night_care_rule", "mig_uplift_percent",
        "mig_uplift_weekly", "minimum_charge", "percent_of_disposable_income",
        "capital_lower_limit", "capital_upper_limit", "dre_standard_allowance",
        "monthly_to_weekly_rounding", NULL};
    json_t *v, *rule;
    if (!json_is_object(pol))
        return fail(j, "policy", "expected an object, not %s", type_name(pol));
    if (only_keys(j, pol, "policy", keys, "policy") != 0)
        return ERR_INVALID;

    v = opt(pol, "disregard_night_care_element");
    rule = opt(pol, "night_care_rule");
    if (v && rule)
        return fail(j, "policy.night_care_rule",
                    "give night_care_rule or disregard_night_care_element, not both");
    if (v) {
        bool b = false;
        if (get_bool(j, v, "policy.disregard_night_care_element", &b) != 0)
            return ERR_INVALID;
        s->night_care = b ? CHARGING_NIGHT_CARE_HIGHER_MINUS_LOWER_IF_NO_NIGHT_CARE
                          : CHARGING_NIGHT_CARE_NONE;
    }
    if (rule) {
        if (!json_is_string(rule) ||
            charging_night_care_rule_parse(json_string_value(rule), &s->night_care) != 0)
            return fail(j, "policy.night_care_rule",
                        "must be \"none\", \"higher_minus_lower_if_no_night_care\" or "
                        "\"whole_enhanced\"");
    }

    v = opt(pol, "mig_uplift_percent");
    if (v && opt(pol, "mig_uplift_weekly"))
        return fail(j, "policy.mig_uplift_weekly",
                    "give mig_uplift_percent or mig_uplift_weekly, not both");
    if (v) {
        if (get_percent(j, v, "policy.mig_uplift_percent", 10000, &s->mig_uplift) != 0)
            return ERR_INVALID;
        s->uplift_kind = CHARGING_UPLIFT_PERCENT;
    }
    if ((v = opt(pol, "mig_uplift_weekly"))) {
        if (get_amount(j, v, "policy.mig_uplift_weekly", &s->mig_uplift) != 0)
            return ERR_INVALID;
        s->uplift_kind = CHARGING_UPLIFT_FLAT;
    }
    if ((v = opt(pol, "minimum_charge")) &&
        get_amount(j, v, "policy.minimum_charge", &s->minimum_charge) != 0)
        return ERR_INVALID;
    if ((v = opt(pol, "percent_of_disposable_income")) &&
        get_percent(j, v, "policy.percent_of_disposable_income", 10000,
                    &s->share_of_disposable_bp) != 0)
        return ERR_INVALID;
    if ((v = opt(pol, "capital_lower_limit")) &&
        get_amount(j, v, "policy.capital_lower_limit", &s->capital_lower) != 0)
        return ERR_INVALID;
    if ((v = opt(pol, "capital_upper_limit")) &&
        get_amount(j, v, "policy.capital_upper_limit", &s->capital_upper) != 0)
        return ERR_INVALID;
    if ((v = opt(pol, "dre_standard_allowance")) &&
        get_amount(j, v, "policy.dre_standard_allowance", &s->dre_standard_allowance) != 0)
        return ERR_INVALID;
    if ((v = opt(pol, "monthly_to_weekly_rounding"))) {
        const char *r = json_is_string(v) ? json_string_value(v) : "";
        if (strcmp(r, "in_persons_favour") == 0)
            s->monthly_nearest_penny = false;
        else if (strcmp(r, "nearest_penny") == 0)
            s->monthly_nearest_penny = true;
        else
            return fail(j, "policy.monthly_to_weekly_rounding",
                        "must be \"in_persons_favour\" or \"nearest_penny\"");
    }
    return 0;
}

static int parse_root(struct jctx *j, json_t *root, struct charging_input *in)
{
    static const char *const keys[] = {
        "tax_year", "age", "pension_credit_age_reached", "category", "children",
        "weekly_cost_of_care", "capital", "joint_capital", "income", "housing_costs",
        "disability_related_expenditure", "receives_night_care", "policy", "mig_weekly",
        "premiums", NULL};
    json_t *v;
    bool b = false;
    struct err local = {0};

    if (!json_is_object(root))
        return fail(j, "(top)", "expected an object {...} with the assessment, not %s",
                    type_name(root));
    if (only_keys(j, root, "", keys, "an assessment") != 0)
        return ERR_INVALID;

    if (!(v = req(j, root, "", "tax_year", "give the tax year, like \"2025-26\"")))
        return ERR_INVALID;
    if (!json_is_string(v))
        return fail(j, "tax_year", "expected text like \"2025-26\", not %s", type_name(v));
    if (taxyear_parse(json_string_value(v), &in->tax_year, &local) != 0)
        return fail(j, "tax_year", "%s", local.msg);

    if (!(v = req(j, root, "", "age", "give the person's age in whole years, like 45")) ||
        get_int(j, v, "age", 18, 130, "45", &in->age) != 0)
        return ERR_INVALID;
    if ((v = opt(root, "pension_credit_age_reached"))) {
        if (get_bool(j, v, "pension_credit_age_reached", &b) != 0)
            return ERR_INVALID;
        in->pension_credit_age_reached = b ? CHARGING_YES : CHARGING_NO;
    }
    if ((v = opt(root, "category"))) {
        if (!json_is_string(v) || charging_category_parse(json_string_value(v), &in->category) != 0)
            return fail(j, "category", "must be \"single\", \"lone_parent\" or \"couple\"");
    }
    if ((v = opt(root, "children")) && get_int(j, v, "children", 0, 20, "2", &in->children) != 0)
        return ERR_INVALID;

    if (!(v = req(j, root, "", "weekly_cost_of_care",
                  "give the weekly cost of the care, like \"320.00\"")) ||
        get_amount(j, v, "weekly_cost_of_care", &in->weekly_cost_of_care) != 0)
        return ERR_INVALID;
    if (!(v = req(j, root, "", "capital", "give the capital counted, like \"16100.00\" (or \"0\")")) ||
        get_amount(j, v, "capital", &in->capital) != 0)
        return ERR_INVALID;
    if ((v = opt(root, "joint_capital")) && get_amount(j, v, "joint_capital", &in->joint_capital) != 0)
        return ERR_INVALID;

    if (!(v = req(j, root, "", "income", "give the income as a list (it may be empty: [])")) ||
        parse_income(j, v, in) != 0)
        return ERR_INVALID;
    if ((v = opt(root, "housing_costs")) &&
        parse_costs(j, v, "housing_costs", &in->housing, &in->nhousing) != 0)
        return ERR_INVALID;
    if ((v = opt(root, "disability_related_expenditure")) &&
        parse_costs(j, v, "disability_related_expenditure", &in->dre, &in->ndre) != 0)
        return ERR_INVALID;
    if ((v = opt(root, "receives_night_care"))) {
        if (get_bool(j, v, "receives_night_care", &b) != 0)
            return ERR_INVALID;
        in->receives_night_care = b ? CHARGING_YES : CHARGING_NO;
    }
    if ((v = opt(root, "policy")) && parse_policy(j, v, &in->settings) != 0)
        return ERR_INVALID;
    if ((v = opt(root, "mig_weekly"))) {
        if (get_amount(j, v, "mig_weekly", &in->mig_weekly) != 0)
            return ERR_INVALID;
        in->has_mig_weekly = true;
    }
    if ((v = opt(root, "premiums")) && parse_premiums(j, v, in) != 0)
        return ERR_INVALID;
    return 0;
}

int charging_json_parse(const char *json, size_t len, struct arena *a, struct charging_input *out,
                        struct err *e)
{
    struct jctx j = {a, e};
    json_error_t jerr;
    json_t *root;
    int rc;

    charging_input_init(out);
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return err_set(e, ERR_INVALID, "the input is not valid JSON (line %d, column %d): %s",
                       jerr.line, jerr.column, jerr.text);
    rc = parse_root(&j, root, out);
    json_decref(root);
    if (rc != 0 && e && e->code == 0)
        rc = err_set(e, ERR_INVALID, "the assessment could not be read");
    return rc;
}

static json_t *money_json(int64_t pence)
{
    char s[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_PLAIN, s, sizeof s);
    return json_string(s);
}

static int dump_into(json_t *doc, struct buf *out, struct err *e)
{
    char *text = json_dumps(doc, JSON_INDENT(2));
    int rc;
    if (!text)
        return err_set(e, ERR_NOMEM, "out of memory writing the result");
    rc = buf_adds(out, text);
    if (rc == 0)
        rc = buf_addc(out, '\n');
    free(text);
    if (rc != 0)
        return err_set(e, rc, "the result is too large to write");
    return 0;
}

int charging_json_result(const struct charging_result *r, struct buf *out, struct err *e)
{
    json_t *doc = json_object(), *lines = json_array(), *warnings = NULL;
    int rc = ERR_NOMEM;
    if (!doc || !lines)
        goto done;
    if (json_object_set_new(doc, "weekly_contribution", money_json(r->weekly_contribution)) != 0)
        goto done;
    for (size_t i = 0; i < r->nlines; i++) {
        json_t *line = json_object();
        if (!line || json_object_set_new(line, "label", json_string(r->lines[i].label)) != 0 ||
            json_object_set_new(line, "weekly", money_json(r->lines[i].weekly)) != 0 ||
            json_array_append_new(lines, line) != 0) {
            json_decref(line);
            goto done;
        }
    }
    if (json_object_set(doc, "lines", lines) != 0)
        goto done;
    if (r->nwarnings > 0) {
        warnings = json_array();
        if (!warnings)
            goto done;
        for (size_t i = 0; i < r->nwarnings; i++)
            if (json_array_append_new(warnings, json_string(r->warnings[i])) != 0)
                goto done;
        if (json_object_set(doc, "warnings", warnings) != 0)
            goto done;
    }
    rc = dump_into(doc, out, e);
done:
    if (rc == ERR_NOMEM && (!e || e->code == 0))
        err_set(e, ERR_NOMEM, "out of memory writing the result");
    json_decref(warnings);
    json_decref(lines);
    json_decref(doc);
    return rc;
}

int charging_json_problem(const struct err *err, struct buf *out)
{
    json_t *doc = json_object();
    int rc = ERR_NOMEM;
    if (!doc)
        return rc;
    if (json_object_set_new(doc, "type", json_string(err_code_name(err->code))) != 0 ||
        json_object_set_new(doc, "title",
                            json_string("The contribution could not be worked out")) != 0 ||
        (err->field[0] && json_object_set_new(doc, "field", json_string(err->field)) != 0) ||
        json_object_set_new(doc, "detail", json_string(err->msg)) != 0)
        goto done;
    rc = dump_into(doc, out, NULL);
done:
    json_decref(doc);
    return rc;
}
