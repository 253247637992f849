/* plan_json.c — a support plan as JSON, both ways (see plan_json.h). */
#include "io/plan_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

static const char *const pension_ids[] = {"assess", "enrolled", "not_enrolled"};

const char *plan_json_pension_id(enum pa_pension p)
{
    return (unsigned)p < 3 ? pension_ids[p] : "assess";
}

int plan_json_pension_parse(const char *s, enum pa_pension *p)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, pension_ids[i]) == 0) {
            *p = (enum pa_pension)i;
            return 0;
        }
    return ERR_INVALID;
}

/* ---- encoding ---------------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *date_or_null(bool has, day_t d)
{
    char b[DATE_ISO_SIZE];
    if (!has)
        return json_null();
    date_format_iso(d, b);
    return json_string(b);
}

/* json_object_set_new that remembers a failure. */
static void put(json_t *o, const char *k, json_t *v, bool *bad)
{
    if (!o || !v || json_object_set_new(o, k, v) != 0)
        *bad = true;
}

json_t *plan_json_encode(const struct plan *p, unsigned flags)
{
    bool bad = false;
    json_t *o = json_object(), *secs = json_object(), *helpers = json_array(),
           *outs = json_array(), *lines = json_array();
    if (!o || !secs || !helpers || !outs || !lines) {
        json_decref(o);
        json_decref(secs);
        json_decref(helpers);
        json_decref(outs);
        json_decref(lines);
        return NULL;
    }
    if (flags & PLAN_JSON_META) {
        put(o, "version", json_integer(p->version), &bad);
        put(o, "revision", json_integer(p->revision), &bad);
        put(o, "status", json_string(plan_status_id(p->status)), &bad);
    }
    put(o, "start_date", date_or_null(true, p->start_date), &bad);
    put(o, "review_date", date_or_null(p->has_review_date, p->review_date), &bad);
    put(o, "planned_by", json_string(plan_helper_kind_id(p->planned_by)), &bad);
    for (size_t i = 0; i < p->nhelpers; i++)
        if (json_array_append_new(helpers,
                                  json_pack("{s:s, s:s}", "kind",
                                            plan_helper_kind_id(p->helpers[i].kind), "name",
                                            p->helpers[i].name ? p->helpers[i].name : "")) != 0)
            bad = true;
    put(o, "helpers", helpers, &bad);
    for (int s = 0; s < PLAN_SECTION_COUNT; s++)
        put(secs, plan_section_id((enum plan_section)s),
            json_string(p->sections[s] ? p->sections[s] : ""), &bad);
    put(o, "sections", secs, &bad);
    for (size_t i = 0; i < p->noutcomes; i++)
        if (json_array_append_new(outs, json_pack("{s:s, s:s}", "id", p->outcomes[i].id ? p->outcomes[i].id : "",
                                                  "text", p->outcomes[i].text ? p->outcomes[i].text : "")) != 0)
            bad = true;
    put(o, "outcomes", outs, &bad);
    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        char cost[MONEY_FMT_SIZE];
        json_t *lo = json_object(), *lout = json_array();
        money_format(l->unit_cost, MONEY_FMT_PLAIN, cost, sizeof cost);
        for (size_t k = 0; lout && k < l->noutcomes; k++)
            if (json_array_append_new(lout, json_string(l->outcomes[k] ? l->outcomes[k] : "")) != 0)
                bad = true;
        put(lo, "id", json_string(l->id ? l->id : ""), &bad);
        put(lo, "kind", json_string(plan_line_kind_id(l->kind)), &bad);
        put(lo, "description", json_string(l->description ? l->description : ""), &bad);
        put(lo, "frequency", json_string(plan_frequency_id(l->frequency)), &bad);
        put(lo, "quantity", json_integer(l->quantity), &bad);
        put(lo, "unit_cost", json_string(cost), &bad);
        put(lo, "outcomes", lout, &bad);
        put(lo, "managed_by", json_string(choice_option_id(l->managed_by)), &bad);
        put(lo, "provider", json_string(l->provider ? l->provider : ""), &bad);
        put(lo, "day_centre", json_boolean(l->day_centre), &bad);
        put(lo, "pa_name", str_or_null(l->kind == PLAN_LINE_PA_HOURS ? (l->pa_name ? l->pa_name : "") : NULL), &bad);
        put(lo, "pa_born", date_or_null(l->pa_born_known, l->pa_born), &bad);
        put(lo, "pa_pension", json_string(plan_json_pension_id(l->pa_pension)), &bad);
        /* Only when set: plans signed off before lines had a reference keep their hash. */
        if (l->reference && *l->reference)
            put(lo, "reference", json_string(l->reference), &bad);
        if (json_array_append_new(lines, lo) != 0)
            bad = true;
    }
    put(o, "lines", lines, &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *plan_json_encode_text(const struct plan *p, unsigned flags, struct arena *a)
{
    json_t *o = plan_json_encode(p, flags);
    char *text, *out;
    if (!o)
        return NULL;
    text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!text)
        return NULL;
    out = arena_strdup(a, text);
    free(text);
    return out;
}

/* ---- decoding ---------------------------------------------------------------------------------- */

/* Every member of obj must be one of names (NULL-terminated). */
static int only(const json_t *obj, const char *const *names, const char *path, struct err *e)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        bool known = false;
        (void)v;
        for (size_t i = 0; names[i]; i++)
            if (strcmp(key, names[i]) == 0)
                known = true;
        if (!known) {
            char f[128];
            snprintf(f, sizeof f, "%s%s%.60s", path, *path ? "." : "", key);
            return err_set_field(e, ERR_INVALID, f, "Unknown field '%.60s'%s%s.", key,
                                 *path ? " in " : "", path);
        }
    }
    return 0;
}

static int get_string(const json_t *obj, const char *key, const char *path, bool required,
                      size_t max, bool nullable, struct arena *a, const char **out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    char f[128];
    snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
    if (!v || (nullable && json_is_null(v))) {
        if (required && !v)
            return err_set_field(e, ERR_INVALID, f, "%s is required.", f);
        return 0;
    }
    if (!json_is_string(v))
        return err_set_field(e, ERR_INVALID, f, "%s must be text.", f);
    if (json_string_length(v) > max)
        return err_set_field(e, ERR_INVALID, f, "%s is too long (at most %zu characters).", f, max);
    if (strlen(json_string_value(v)) != json_string_length(v))
        return err_set_field(e, ERR_INVALID, f, "%s contains a NUL character.", f);
    *out = arena_strdup(a, json_string_value(v));
    if (!*out)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

static int get_date(const json_t *obj, const char *key, const char *path, bool required,
                    bool *has, day_t *out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    char f[128];
    snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
    if (has)
        *has = false;
    if (!v || json_is_null(v)) {
        if (required)
            return err_set_field(e, ERR_INVALID, f, "%s is required: a date like 2025-07-01.", f);
        return 0;
    }
    if (!json_is_string(v) ||
        date_parse_iso(json_string_value(v), json_string_length(v), out, f, NULL) != 0)
        return err_set_field(e, ERR_INVALID, f, "%s must be a real date like 2025-07-01.", f);
    if (has)
        *has = true;
    return 0;
}

static int get_enum(const json_t *obj, const char *key, const char *path, bool required,
                    int (*parse)(const char *, int *), int *out, const char *choices,
                    struct err *e)
{
    json_t *v = json_object_get(obj, key);
    char f[128];
    snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
    if (!v) {
        if (required)
            return err_set_field(e, ERR_INVALID, f, "%s is required: one of %s.", f, choices);
        return 0;
    }
    if (!json_is_string(v) || parse(json_string_value(v), out) != 0)
        return err_set_field(e, ERR_INVALID, f, "%s must be one of %s.", f, choices);
    return 0;
}

/* Parsers with one signature for get_enum. */
static int p_helper(const char *s, int *o)
{
    enum plan_helper_kind k;
    int rc = plan_helper_kind_parse(s, &k);
    *o = (int)k;
    return rc;
}
static int p_kind(const char *s, int *o)
{
    enum plan_line_kind k;
    int rc = plan_line_kind_parse(s, &k);
    *o = (int)k;
    return rc;
}
static int p_freq(const char *s, int *o)
{
    enum plan_frequency f;
    int rc = plan_frequency_parse(s, &f);
    *o = (int)f;
    return rc;
}
static int p_option(const char *s, int *o)
{
    enum choice_option c;
    int rc = choice_option_parse(s, &c);
    *o = (int)c;
    return rc;
}
static int p_pension(const char *s, int *o)
{
    enum pa_pension pp = 0;
    int rc = plan_json_pension_parse(s, &pp);
    *o = rc == 0 ? (int)pp : 0;
    return rc;
}
static int p_status(const char *s, int *o)
{
    for (int i = 0; s && i < PLAN_STATUS_COUNT; i++)
        if (strcmp(s, plan_status_id((enum plan_status)i)) == 0) {
            *o = i;
            return 0;
        }
    return ERR_INVALID;
}

static int get_array(const json_t *obj, const char *key, size_t max, json_t **out,
                     struct err *e)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v)
        return 0;
    if (!json_is_array(v))
        return err_set_field(e, ERR_INVALID, key, "%s must be a list.", key);
    if (json_array_size(v) > max)
        return err_set_field(e, ERR_INVALID, key, "%s has too many items (at most %zu).", key, max);
    *out = v;
    return 0;
}

static int decode_line(const json_t *lo, size_t i, struct arena *a, struct plan_line *l,
                       struct err *e)
{
    static const char *const names[] = {"id", "kind", "description", "frequency", "quantity",
                                        "unit_cost", "outcomes", "managed_by", "provider",
                                        "day_centre", "pa_name", "pa_born", "pa_pension",
                                        "reference", NULL};
    char path[32], f[64];
    json_t *v;
    int iv = 0, rc;
    snprintf(path, sizeof path, "lines[%zu]", i);
    if (!json_is_object(lo))
        return err_set_field(e, ERR_INVALID, path, "%s must be an object.", path);
    if ((rc = only(lo, names, path, e)) != 0)
        return rc;
    memset(l, 0, sizeof *l);
    if ((rc = get_string(lo, "id", path, true, 40, false, a, &l->id, e)) != 0 ||
        (rc = get_enum(lo, "kind", path, true, p_kind, &iv, "pa_hours, agency_hours, "
                       "day_opportunity, activity, equipment, transport, respite, community_free, other", e)) != 0)
        return rc;
    l->kind = (enum plan_line_kind)iv;
    if ((rc = get_string(lo, "description", path, true, 300, false, a, &l->description, e)) != 0)
        return rc;
    iv = 0;
    if ((rc = get_enum(lo, "frequency", path, true, p_freq, &iv,
                       "weekly, four_weekly, monthly, yearly, one_off", e)) != 0)
        return rc;
    l->frequency = (enum plan_frequency)iv;
    snprintf(f, sizeof f, "%s.quantity", path);
    v = json_object_get(lo, "quantity");
    if (!v || !json_is_integer(v) || json_integer_value(v) < 0 ||
        json_integer_value(v) > 1000000)
        return err_set_field(e, ERR_INVALID, f, "%s must be a whole number from 0 (minutes for "
                             "hours, otherwise how many).", f);
    l->quantity = json_integer_value(v);
    snprintf(f, sizeof f, "%s.unit_cost", path);
    v = json_object_get(lo, "unit_cost");
    if (!v || !json_is_string(v) ||
        money_parse(json_string_value(v), json_string_length(v), 0, &l->unit_cost, f, NULL) != 0)
        return err_set_field(e, ERR_INVALID, f, "%s must be an amount in pounds written as text, "
                             "like \"12.60\".", f);
    snprintf(f, sizeof f, "%s.outcomes", path);
    v = json_object_get(lo, "outcomes");
    if (v) {
        const char **ids;
        if (!json_is_array(v) || json_array_size(v) > PLAN_JSON_MAX_OUTCOMES)
            return err_set_field(e, ERR_INVALID, f, "%s must be a list of outcome ids.", f);
        ids = arena_array(a, json_array_size(v) ? json_array_size(v) : 1, sizeof *ids);
        if (!ids)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        for (size_t k = 0; k < json_array_size(v); k++) {
            json_t *s = json_array_get(v, k);
            if (!json_is_string(s) || json_string_length(s) == 0 || json_string_length(s) > 40)
                return err_set_field(e, ERR_INVALID, f, "%s must be a list of outcome ids.", f);
            ids[k] = arena_strdup(a, json_string_value(s));
            if (!ids[k])
                return err_set(e, ERR_NOMEM, "Out of memory.");
        }
        l->outcomes = ids;
        l->noutcomes = json_array_size(v);
    }
    iv = 0;
    if ((rc = get_enum(lo, "managed_by", path, true, p_option, &iv,
                       "direct_payment, council_managed, isf", e)) != 0)
        return rc;
    l->managed_by = (enum choice_option)iv;
    if ((rc = get_string(lo, "provider", path, false, 200, true, a, &l->provider, e)) != 0)
        return rc;
    if (l->provider && !*l->provider)
        l->provider = NULL; /* one form for "none", so the content hash does not depend on it */
    if ((rc = get_string(lo, "reference", path, false, 60, true, a, &l->reference, e)) != 0)
        return rc;
    if (l->reference && !*l->reference)
        l->reference = NULL;
    v = json_object_get(lo, "day_centre");
    if (v && !json_is_boolean(v)) {
        snprintf(f, sizeof f, "%s.day_centre", path);
        return err_set_field(e, ERR_INVALID, f, "%s must be true or false.", f);
    }
    l->day_centre = v && json_is_true(v);
    if ((rc = get_string(lo, "pa_name", path, false, 120, true, a, &l->pa_name, e)) != 0 ||
        (rc = get_date(lo, "pa_born", path, false, &l->pa_born_known, &l->pa_born, e)) != 0)
        return rc;
    if (l->pa_name && !*l->pa_name)
        l->pa_name = NULL;
    iv = 0;
    if ((rc = get_enum(lo, "pa_pension", path, false, p_pension, &iv,
                       "assess, enrolled, not_enrolled", e)) != 0)
        return rc;
    l->pa_pension = (enum pa_pension)iv;
    return 0;
}

int plan_json_decode(const json_t *obj, unsigned flags, struct arena *a, struct plan *p,
                     struct err *e)
{
    static const char *const content[] = {"start_date", "review_date", "planned_by", "helpers",
                                          "sections", "outcomes", "lines", NULL};
    static const char *const with_meta[] = {"start_date", "review_date", "planned_by", "helpers",
                                            "sections", "outcomes", "lines", "version",
                                            "revision", "status", NULL};
    const char *sec_names[PLAN_SECTION_COUNT + 1];
    json_t *helpers, *outs, *lines, *secs;
    int iv = 0, rc;

    if (!json_is_object(obj))
        return err_set(e, ERR_INVALID, "The plan must be a JSON object.");
    if ((rc = only(obj, (flags & PLAN_JSON_META) ? with_meta : content, "", e)) != 0)
        return rc;
    if (flags & PLAN_JSON_META) {
        json_t *v = json_object_get(obj, "version"), *r = json_object_get(obj, "revision");
        if (!v || !json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100000 ||
            !r || !json_is_integer(r) || json_integer_value(r) < 0 || json_integer_value(r) > 1000000000)
            return err_set_field(e, ERR_INVALID, "version", "version and revision must be whole numbers.");
        p->version = (int)json_integer_value(v);
        p->revision = (int)json_integer_value(r);
        if ((rc = get_enum(obj, "status", "", true, p_status, &iv,
                           "draft, submitted, signed_off, superseded", e)) != 0)
            return rc;
        p->status = (enum plan_status)iv;
    }
    if ((rc = get_date(obj, "start_date", "", true, NULL, &p->start_date, e)) != 0 ||
        (rc = get_date(obj, "review_date", "", false, &p->has_review_date, &p->review_date, e)) != 0)
        return rc;
    iv = 0;
    if ((rc = get_enum(obj, "planned_by", "", true, p_helper, &iv,
                       "self, family, ulo, other_org, worker", e)) != 0)
        return rc;
    p->planned_by = (enum plan_helper_kind)iv;

    if ((rc = get_array(obj, "helpers", PLAN_JSON_MAX_HELPERS, &helpers, e)) != 0 ||
        (rc = get_array(obj, "outcomes", PLAN_JSON_MAX_OUTCOMES, &outs, e)) != 0 ||
        (rc = get_array(obj, "lines", PLAN_JSON_MAX_LINES, &lines, e)) != 0)
        return rc;

    p->helpers = NULL;
    p->nhelpers = 0;
    if (helpers && json_array_size(helpers)) {
        static const char *const hn[] = {"kind", "name", NULL};
        struct plan_helper *hs = arena_array(a, json_array_size(helpers), sizeof *hs);
        if (!hs)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        for (size_t i = 0; i < json_array_size(helpers); i++) {
            json_t *h = json_array_get(helpers, i);
            char path[32];
            snprintf(path, sizeof path, "helpers[%zu]", i);
            if (!json_is_object(h))
                return err_set_field(e, ERR_INVALID, path, "%s must be an object.", path);
            iv = 0;
            if ((rc = only(h, hn, path, e)) != 0 ||
                (rc = get_enum(h, "kind", path, true, p_helper, &iv,
                               "self, family, ulo, other_org, worker", e)) != 0 ||
                (rc = get_string(h, "name", path, false, 200, true, a, &hs[i].name, e)) != 0)
                return rc;
            hs[i].kind = (enum plan_helper_kind)iv;
            if (hs[i].name && !*hs[i].name)
                hs[i].name = NULL;
        }
        p->helpers = hs;
        p->nhelpers = json_array_size(helpers);
    }

    secs = json_object_get(obj, "sections");
    for (int s = 0; s < PLAN_SECTION_COUNT; s++) {
        sec_names[s] = plan_section_id((enum plan_section)s);
        p->sections[s] = NULL;
    }
    sec_names[PLAN_SECTION_COUNT] = NULL;
    if (secs) {
        if (!json_is_object(secs))
            return err_set_field(e, ERR_INVALID, "sections", "sections must be an object.");
        if ((rc = only(secs, sec_names, "sections", e)) != 0)
            return rc;
        for (int s = 0; s < PLAN_SECTION_COUNT; s++) {
            const char *t = NULL;
            if ((rc = get_string(secs, sec_names[s], "sections", false, PLAN_JSON_SECTION_MAX, true,
                                 a, &t, e)) != 0)
                return rc;
            p->sections[s] = t && *t ? t : NULL;
        }
    }

    p->outcomes = NULL;
    p->noutcomes = 0;
    if (outs && json_array_size(outs)) {
        static const char *const on[] = {"id", "text", NULL};
        struct plan_outcome *os = arena_array(a, json_array_size(outs), sizeof *os);
        if (!os)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        for (size_t i = 0; i < json_array_size(outs); i++) {
            json_t *o = json_array_get(outs, i);
            char path[32];
            snprintf(path, sizeof path, "outcomes[%zu]", i);
            if (!json_is_object(o))
                return err_set_field(e, ERR_INVALID, path, "%s must be an object.", path);
            if ((rc = only(o, on, path, e)) != 0 ||
                (rc = get_string(o, "id", path, true, 40, false, a, &os[i].id, e)) != 0 ||
                (rc = get_string(o, "text", path, true, 1000, false, a, &os[i].text, e)) != 0)
                return rc;
        }
        p->outcomes = os;
        p->noutcomes = json_array_size(outs);
    }

    p->lines = NULL;
    p->nlines = 0;
    if (lines && json_array_size(lines)) {
        struct plan_line *ls = arena_array(a, json_array_size(lines), sizeof *ls);
        if (!ls)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        for (size_t i = 0; i < json_array_size(lines); i++)
            if ((rc = decode_line(json_array_get(lines, i), i, a, &ls[i], e)) != 0)
                return rc;
        p->lines = ls;
        p->nlines = json_array_size(lines);
    }
    return 0;
}

int plan_json_decode_text(const char *text, size_t len, unsigned flags, struct arena *a,
                          struct plan *p, struct err *e)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    int rc;
    if (!root)
        return err_set(e, ERR_INVALID, "The plan is not valid JSON (line %d: %.200s).", je.line,
                       je.text);
    rc = plan_json_decode(root, flags, a, p, e);
    json_decref(root);
    return rc;
}
