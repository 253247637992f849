/* ras_config.c — the strict reader of RAS configuration files. See ras_config.h, docs/ras.md. */
#include "io/ras_config.h"

#include <jansson.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/ras.h"

/* Sizes a configuration may have: generous for any real questionnaire, small enough that a broken
 * or hostile file cannot make the calculation or its pages unreasonably large. */
#define MAX_DOMAINS 50
#define MAX_QUESTIONS 30
#define MAX_ANSWERS 30
#define MAX_POINTS 1000
#define MAX_DOMAIN_POINTS 100000
#define MAX_BANDS 100
#define MAX_CARER_LEVELS 10
#define MAX_ADJUSTMENTS 50
#define MAX_RULES 500
#define MAX_TEXT 500
#define MAX_HELP 2000

/* ---- shared strict readers --------------------------------------------------------------- */

/* Paths are bounded by the sizes a configuration may have; one that would not fit (a hostile key)
 * is cut short and marked, never overflowed. */
static void path_mark_cut(char out[RASJ_PATH_MAX], int n)
{
    if (n < 0 || n >= RASJ_PATH_MAX)
        memcpy(out + RASJ_PATH_MAX - 4, "...", 4);
}

void rasj_path_key(char out[RASJ_PATH_MAX], const char *parent, const char *key)
{
    int n;
    if (parent && *parent)
        n = snprintf(out, RASJ_PATH_MAX, "%s.%s", parent, key);
    else
        n = snprintf(out, RASJ_PATH_MAX, "%s", key);
    path_mark_cut(out, n);
}

void rasj_path_index(char out[RASJ_PATH_MAX], const char *parent, size_t i)
{
    path_mark_cut(out, snprintf(out, RASJ_PATH_MAX, "%s[%zu]", parent, i));
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "a whole number";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "true or false";
    case JSON_NULL: return "null";
    }
    return "something else";
}

static int bad(struct err *e, const char *path, const char *what)
{
    return err_set_field(e, ERR_INVALID, path, "%s: %s", path && *path ? path : "(top level)",
                         what);
}

int rasj_object(json_t *obj, const char *path, const char *const *allowed, struct err *e)
{
    const char *key;
    json_t *v;
    char msg[512], sub[RASJ_PATH_MAX];
    if (!json_is_object(obj)) {
        snprintf(msg, sizeof msg, "must be an object ({ ... }), not %s", type_name(obj));
        return bad(e, path, msg);
    }
    json_object_foreach(obj, key, v) {
        bool ok = false;
        for (size_t i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], key) == 0)
                ok = true;
        if (!ok) {
            size_t used = 0;
            used += (size_t)snprintf(msg, sizeof msg, "is not a field here; the fields are ");
            for (size_t i = 0; allowed[i] && used < sizeof msg; i++)
                used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", i ? ", " : "",
                                         allowed[i]);
            rasj_path_key(sub, path, key);
            return bad(e, sub, msg);
        }
    }
    return 0;
}

int rasj_member(json_t *obj, const char *path, const char *key, bool required, json_t **out,
                struct err *e)
{
    char sub[RASJ_PATH_MAX];
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (!required)
            return 0;
        rasj_path_key(sub, path, key);
        return bad(e, sub, "is required");
    }
    *out = v;
    return 0;
}

int rasj_string(json_t *obj, const char *path, const char *key, bool required, size_t maxlen,
                struct arena *a, const char **out, struct err *e)
{
    char sub[RASJ_PATH_MAX], msg[128];
    json_t *v;
    int rc = rasj_member(obj, path, key, required, &v, e);
    *out = NULL;
    if (rc || !v)
        return rc;
    rasj_path_key(sub, path, key);
    if (!json_is_string(v)) {
        snprintf(msg, sizeof msg, "must be a string, not %s", type_name(v));
        return bad(e, sub, msg);
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i == n)
        return bad(e, sub, "must not be empty");
    if (n > maxlen) {
        snprintf(msg, sizeof msg, "is too long: at most %zu characters", maxlen);
        return bad(e, sub, msg);
    }
    *out = arena_strndup(a, s, n);
    return *out ? 0 : err_set(e, ERR_NOMEM, "Out of memory reading %s.", sub);
}

int rasj_id(json_t *obj, const char *path, const char *key, struct arena *a, const char **out,
            struct err *e)
{
    char sub[RASJ_PATH_MAX];
    int rc = rasj_string(obj, path, key, true, RAS_ID_MAX, a, out, e);
    if (rc)
        return rc;
    const char *s = *out;
    bool ok = s[0] >= 'a' && s[0] <= 'z';
    for (size_t i = 0; ok && s[i]; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
    if (!ok) {
        rasj_path_key(sub, path, key);
        return bad(e, sub,
                   "must be an id: lower-case letters, digits and _, starting with a letter "
                   "(for example \"personal_care\")");
    }
    return 0;
}

int rasj_int(json_t *obj, const char *path, const char *key, bool required, int64_t min,
             int64_t max, int64_t dflt, int64_t *out, struct err *e)
{
    char sub[RASJ_PATH_MAX], msg[128];
    json_t *v;
    int rc = rasj_member(obj, path, key, required, &v, e);
    *out = dflt;
    if (rc || !v)
        return rc;
    rasj_path_key(sub, path, key);
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        snprintf(msg, sizeof msg, "must be a whole number from %lld to %lld", (long long)min,
                 (long long)max);
        return bad(e, sub, msg);
    }
    *out = json_integer_value(v);
    return 0;
}

int rasj_bool(json_t *obj, const char *path, const char *key, bool dflt, bool *out, struct err *e)
{
    char sub[RASJ_PATH_MAX];
    json_t *v;
    int rc = rasj_member(obj, path, key, false, &v, e);
    *out = dflt;
    if (rc || !v)
        return rc;
    if (!json_is_boolean(v)) {
        rasj_path_key(sub, path, key);
        return bad(e, sub, "must be true or false");
    }
    *out = json_is_true(v);
    return 0;
}

int rasj_money(json_t *obj, const char *path, const char *key, bool required, bool allow_negative,
               int64_t dflt, int64_t *out, struct err *e)
{
    char sub[RASJ_PATH_MAX], msg[600];
    struct err pe = {0};
    json_t *v;
    int rc = rasj_member(obj, path, key, required, &v, e);
    *out = dflt;
    if (rc || !v)
        return rc;
    rasj_path_key(sub, path, key);
    if (!json_is_string(v))
        return bad(e, sub,
                   "must be an amount in pounds written as a string, for example \"2.45\" (so "
                   "it is never rounded through a floating-point number)");
    if (money_parse(json_string_value(v), json_string_length(v),
                    allow_negative ? MONEY_ALLOW_NEGATIVE : 0, out, sub, &pe) != 0) {
        snprintf(msg, sizeof msg, "is not an amount of money: %s", pe.msg);
        return bad(e, sub, msg);
    }
    return 0;
}

/* "12", "2.5", "-10", "12.75": at most three whole digits and two decimals. */
static int parse_percent(const char *s, size_t n, int64_t *bp)
{
    size_t i = 0;
    int64_t whole = 0, frac = 0;
    int sign = 1, wd = 0, fd = 0;
    if (i < n && s[i] == '-') {
        sign = -1;
        i++;
    }
    while (i < n && s[i] >= '0' && s[i] <= '9' && wd < 3) {
        whole = whole * 10 + (s[i++] - '0');
        wd++;
    }
    if (wd == 0)
        return ERR_INVALID;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9' && fd < 2) {
            frac = frac * 10 + (s[i++] - '0');
            fd++;
        }
        if (fd == 0)
            return ERR_INVALID;
        if (fd == 1)
            frac *= 10;
    }
    if (i != n)
        return ERR_INVALID;
    *bp = sign * (whole * 100 + frac);
    return 0;
}

int rasj_percent(json_t *obj, const char *path, const char *key, bool required, int64_t min_bp,
                 int64_t max_bp, int64_t dflt, int64_t *out, struct err *e)
{
    char sub[RASJ_PATH_MAX], msg[200], lo[16], hi[16];
    json_t *v;
    int64_t bp;
    int rc = rasj_member(obj, path, key, required, &v, e);
    *out = dflt;
    if (rc || !v)
        return rc;
    rasj_path_key(sub, path, key);
    ras_percent_format(min_bp, lo, sizeof lo);
    ras_percent_format(max_bp, hi, sizeof hi);
    if (!json_is_string(v) ||
        parse_percent(json_string_value(v), json_string_length(v), &bp) != 0 || bp < min_bp ||
        bp > max_bp) {
        snprintf(msg, sizeof msg,
                 "must be a percentage from %s to %s written as a string with at most two "
                 "decimals, for example \"2.5\"",
                 lo, hi);
        return bad(e, sub, msg);
    }
    *out = bp;
    return 0;
}

int rasj_date(json_t *obj, const char *path, const char *key, bool required, bool *present,
              day_t *out, struct err *e)
{
    char sub[RASJ_PATH_MAX], msg[600];
    struct err pe = {0};
    json_t *v;
    int rc = rasj_member(obj, path, key, required, &v, e);
    *present = false;
    if (rc || !v)
        return rc;
    rasj_path_key(sub, path, key);
    if (!json_is_string(v))
        return bad(e, sub, "must be a date written as a string \"YYYY-MM-DD\"");
    if (date_parse_iso(json_string_value(v), json_string_length(v), out, sub, &pe) != 0) {
        snprintf(msg, sizeof msg, "is not a date: %s", pe.msg);
        return bad(e, sub, msg);
    }
    *present = true;
    return 0;
}

int rasj_load(const char *text, size_t len, const char *what, json_t **out, struct err *e)
{
    json_error_t je;
    *out = NULL;
    if (len > RAS_CONFIG_MAX_BYTES)
        return err_set(e, ERR_INVALID, "%s is too large (more than %u bytes).", what,
                       RAS_CONFIG_MAX_BYTES);
    *out = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!*out)
        return err_set(e, ERR_INVALID, "%s is not valid JSON: line %d, column %d: %s.", what,
                       je.line, je.column, je.text);
    return 0;
}

/* ---- the configuration ------------------------------------------------------------------- */

struct parser {
    struct arena *a;
    struct err *e;
    struct ras_config *cfg;
};

static int nomem(struct parser *p)
{
    return err_set(p->e, ERR_NOMEM, "Out of memory reading the configuration.");
}

/* A list member: required non-empty up to max entries (or optional when min is 0). */
static int get_array(struct parser *p, json_t *obj, const char *path, const char *key, size_t min,
                     size_t max, json_t **out)
{
    char sub[RASJ_PATH_MAX], msg[160];
    int rc = rasj_member(obj, path, key, min > 0, out, p->e);
    if (rc || !*out)
        return rc;
    rasj_path_key(sub, path, key);
    if (!json_is_array(*out)) {
        snprintf(msg, sizeof msg, "must be a list ([ ... ]), not %s", type_name(*out));
        return bad(p->e, sub, msg);
    }
    if (json_array_size(*out) < min || json_array_size(*out) > max) {
        snprintf(msg, sizeof msg, "must have from %zu to %zu entries, not %zu", min, max,
                 json_array_size(*out));
        return bad(p->e, sub, msg);
    }
    return 0;
}

static int duplicate_id(struct parser *p, const char *path, const char *id)
{
    char sub[RASJ_PATH_MAX], msg[160];
    rasj_path_key(sub, path, "id");
    snprintf(msg, sizeof msg, "\"%s\" is used twice; ids must be unique here", id);
    return bad(p->e, sub, msg);
}

static int parse_question(struct parser *p, json_t *jq, const char *path, struct ras_question *q)
{
    static const char *const fields[] = {"id", "text", "help", "required", "answers", NULL};
    char sub[RASJ_PATH_MAX], apath[RASJ_PATH_MAX];
    json_t *ja;
    int rc;
    if ((rc = rasj_object(jq, path, fields, p->e)) || (rc = rasj_id(jq, path, "id", p->a, &q->id, p->e)) ||
        (rc = rasj_string(jq, path, "text", true, MAX_TEXT, p->a, &q->text, p->e)) ||
        (rc = rasj_string(jq, path, "help", false, MAX_HELP, p->a, &q->help, p->e)) ||
        (rc = rasj_bool(jq, path, "required", true, &q->required, p->e)) ||
        (rc = get_array(p, jq, path, "answers", 2, MAX_ANSWERS, &ja)))
        return rc;
    q->noptions = json_array_size(ja);
    q->options = arena_array(p->a, q->noptions, sizeof *q->options);
    if (!q->options)
        return nomem(p);
    rasj_path_key(sub, path, "answers");
    for (size_t i = 0; i < q->noptions; i++) {
        static const char *const afields[] = {"id", "text", "points", NULL};
        struct ras_option *o = &q->options[i];
        json_t *jo = json_array_get(ja, i);
        rasj_path_index(apath, sub, i);
        if ((rc = rasj_object(jo, apath, afields, p->e)) ||
            (rc = rasj_id(jo, apath, "id", p->a, &o->id, p->e)) ||
            (rc = rasj_string(jo, apath, "text", true, MAX_TEXT, p->a, &o->text, p->e)) ||
            (rc = rasj_int(jo, apath, "points", true, 0, MAX_POINTS, 0, &o->points, p->e)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(q->options[j].id, o->id) == 0)
                return duplicate_id(p, apath, o->id);
    }
    return 0;
}

static int parse_domain(struct parser *p, json_t *jd, const char *path, struct ras_domain *d)
{
    static const char *const fields[] = {"id", "title", "help", "carer_adjustable", "max_points",
                                         "questions", NULL};
    char sub[RASJ_PATH_MAX], qpath[RASJ_PATH_MAX];
    json_t *jqs;
    int rc;
    if ((rc = rasj_object(jd, path, fields, p->e)) ||
        (rc = rasj_id(jd, path, "id", p->a, &d->id, p->e)) ||
        (rc = rasj_string(jd, path, "title", true, MAX_TEXT, p->a, &d->title, p->e)) ||
        (rc = rasj_string(jd, path, "help", false, MAX_HELP, p->a, &d->help, p->e)) ||
        (rc = rasj_bool(jd, path, "carer_adjustable", false, &d->carer_adjustable, p->e)) ||
        (rc = rasj_int(jd, path, "max_points", false, 1, MAX_DOMAIN_POINTS, 0, &d->max_points,
                       p->e)) ||
        (rc = get_array(p, jd, path, "questions", 1, MAX_QUESTIONS, &jqs)))
        return rc;
    d->nquestions = json_array_size(jqs);
    d->questions = arena_array(p->a, d->nquestions, sizeof *d->questions);
    if (!d->questions)
        return nomem(p);
    rasj_path_key(sub, path, "questions");
    for (size_t i = 0; i < d->nquestions; i++) {
        rasj_path_index(qpath, sub, i);
        if ((rc = parse_question(p, json_array_get(jqs, i), qpath, &d->questions[i])))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(d->questions[j].id, d->questions[i].id) == 0)
                return duplicate_id(p, qpath, d->questions[i].id);
    }
    return 0;
}

/* {"question": "domain.question", "answers": ["a", "b"]} resolved against the domains. */
static int parse_answer_set(struct parser *p, json_t *js, const char *path,
                            struct ras_answer_set *set)
{
    static const char *const fields[] = {"question", "answers", NULL};
    char sub[RASJ_PATH_MAX], apath[RASJ_PATH_MAX], msg[300];
    const char *qkey;
    json_t *ja;
    int rc;
    if ((rc = rasj_object(js, path, fields, p->e)) ||
        (rc = rasj_string(js, path, "question", true, 2 * RAS_ID_MAX + 1, p->a, &qkey, p->e)))
        return rc;
    if (ras_find_question(p->cfg, qkey, &set->domain, &set->question) != 0) {
        rasj_path_key(sub, path, "question");
        snprintf(msg, sizeof msg,
                 "there is no question \"%s\" in this configuration (write domain.question, for "
                 "example \"%s.%s\")",
                 qkey, p->cfg->domains[0].id, p->cfg->domains[0].questions[0].id);
        return bad(p->e, sub, msg);
    }
    const struct ras_question *q = &p->cfg->domains[set->domain].questions[set->question];
    if ((rc = get_array(p, js, path, "answers", 1, MAX_ANSWERS, &ja)))
        return rc;
    set->noptions = json_array_size(ja);
    set->options = arena_array(p->a, set->noptions, sizeof *set->options);
    if (!set->options)
        return nomem(p);
    rasj_path_key(sub, path, "answers");
    for (size_t i = 0; i < set->noptions; i++) {
        json_t *v = json_array_get(ja, i);
        int o;
        rasj_path_index(apath, sub, i);
        if (!json_is_string(v))
            return bad(p->e, apath, "must be an answer id (a string)");
        o = ras_find_option(q, json_string_value(v));
        if (o < 0) {
            snprintf(msg, sizeof msg, "\"%s\" is not an answer to %s", json_string_value(v), qkey);
            return bad(p->e, apath, msg);
        }
        for (size_t j = 0; j < i; j++)
            if (set->options[j] == (size_t)o)
                return bad(p->e, apath, "is listed twice");
        set->options[i] = (size_t)o;
    }
    return 0;
}

static int parse_pricing(struct parser *p, json_t *root)
{
    static const char *const fields[] = {"method", "price_per_point", "bands", NULL};
    struct ras_config *cfg = p->cfg;
    const char *method;
    json_t *jp, *jb;
    char bpath[RASJ_PATH_MAX], msg[200];
    int rc;
    if ((rc = rasj_member(root, "", "pricing", true, &jp, p->e)) ||
        (rc = rasj_object(jp, "pricing", fields, p->e)) ||
        (rc = rasj_string(jp, "pricing", "method", true, 32, p->a, &method, p->e)))
        return rc;
    if (strcmp(method, "price_per_point") == 0) {
        cfg->pricing = RAS_PRICE_PER_POINT;
        if (json_object_get(jp, "bands"))
            return bad(p->e, "pricing.bands", "is only for \"method\": \"bands\"");
        if ((rc = rasj_money(jp, "pricing", "price_per_point", true, false, 0,
                             &cfg->price_per_point, p->e)))
            return rc;
        /* The cap keeps points x price far inside int64 for any configuration we accept. */
        if (cfg->price_per_point <= 0 || cfg->price_per_point > 1000000)
            return bad(p->e, "pricing.price_per_point", "must be more than zero and at most "
                                                        "10000.00");
        return 0;
    }
    if (strcmp(method, "bands") != 0)
        return bad(p->e, "pricing.method", "must be \"price_per_point\" or \"bands\"");
    cfg->pricing = RAS_PRICE_BANDS;
    if (json_object_get(jp, "price_per_point"))
        return bad(p->e, "pricing.price_per_point", "is only for \"method\": \"price_per_point\"");
    if ((rc = get_array(p, jp, "pricing", "bands", 1, MAX_BANDS, &jb)))
        return rc;
    cfg->nbands = json_array_size(jb);
    cfg->bands = arena_array(p->a, cfg->nbands, sizeof *cfg->bands);
    if (!cfg->bands)
        return nomem(p);
    for (size_t i = 0; i < cfg->nbands; i++) {
        static const char *const bfields[] = {"from_points", "to_points", "weekly", NULL};
        struct ras_band *b = &cfg->bands[i];
        json_t *jband = json_array_get(jb, i);
        bool last = i + 1 == cfg->nbands;
        rasj_path_index(bpath, "pricing.bands", i);
        if ((rc = rasj_object(jband, bpath, bfields, p->e)) ||
            (rc = rasj_int(jband, bpath, "from_points", true, 0, INT32_MAX, 0, &b->from_points,
                           p->e)) ||
            (rc = rasj_int(jband, bpath, "to_points", !last, 0, INT32_MAX, -1, &b->to_points,
                           p->e)) ||
            (rc = rasj_money(jband, bpath, "weekly", true, false, 0, &b->weekly, p->e)))
            return rc;
        /* Bands must cover every total from 0 without gaps or overlaps, and the last band is
         * open-ended, so every total has exactly one band. */
        if (i == 0 && b->from_points != 0) {
            char sub[RASJ_PATH_MAX];
            rasj_path_key(sub, bpath, "from_points");
            return bad(p->e, sub, "the first band must start at 0 points");
        }
        if (i > 0 && b->from_points != cfg->bands[i - 1].to_points + 1) {
            char sub[RASJ_PATH_MAX];
            rasj_path_key(sub, bpath, "from_points");
            snprintf(msg, sizeof msg,
                     "must be %lld, one more than the previous band's to_points, so there is no "
                     "gap or overlap",
                     (long long)(cfg->bands[i - 1].to_points + 1));
            return bad(p->e, sub, msg);
        }
        if (last && b->to_points >= 0) {
            char sub[RASJ_PATH_MAX];
            rasj_path_key(sub, bpath, "to_points");
            return bad(p->e, sub,
                       "the last band has no to_points: it covers every total from its "
                       "from_points up");
        }
        if (!last && b->to_points < b->from_points) {
            char sub[RASJ_PATH_MAX];
            rasj_path_key(sub, bpath, "to_points");
            return bad(p->e, sub, "must not be less than from_points");
        }
        if (i > 0 && b->weekly < cfg->bands[i - 1].weekly) {
            char sub[RASJ_PATH_MAX];
            rasj_path_key(sub, bpath, "weekly");
            return bad(p->e, sub,
                       "must not be less than the previous band's: more points never means "
                       "less money");
        }
    }
    return 0;
}

static int parse_carer(struct parser *p, json_t *root)
{
    static const char *const fields[] = {"levels", NULL};
    struct ras_config *cfg = p->cfg;
    json_t *jc, *jl;
    char lpath[RASJ_PATH_MAX];
    int rc;
    if ((rc = rasj_member(root, "", "carer_adjustment", false, &jc, p->e)))
        return rc;
    if (!jc) {
        for (size_t d = 0; d < cfg->ndomains; d++) {
            if (cfg->domains[d].carer_adjustable) {
                char sub[RASJ_PATH_MAX], dpath[RASJ_PATH_MAX];
                rasj_path_index(dpath, "domains", d);
                rasj_path_key(sub, dpath, "carer_adjustable");
                return bad(p->e, sub,
                           "is true but there is no \"carer_adjustment\" with levels, so it "
                           "would never apply");
            }
        }
        return 0;
    }
    if ((rc = rasj_object(jc, "carer_adjustment", fields, p->e)) ||
        (rc = get_array(p, jc, "carer_adjustment", "levels", 1, MAX_CARER_LEVELS, &jl)))
        return rc;
    cfg->ncarer_levels = json_array_size(jl);
    cfg->carer_levels = arena_array(p->a, cfg->ncarer_levels, sizeof *cfg->carer_levels);
    if (!cfg->carer_levels)
        return nomem(p);
    for (size_t i = 0; i < cfg->ncarer_levels; i++) {
        static const char *const lfields[] = {"id", "text", "reduction_percent", NULL};
        struct ras_carer_level *l = &cfg->carer_levels[i];
        json_t *jlev = json_array_get(jl, i);
        rasj_path_index(lpath, "carer_adjustment.levels", i);
        if ((rc = rasj_object(jlev, lpath, lfields, p->e)) ||
            (rc = rasj_id(jlev, lpath, "id", p->a, &l->id, p->e)) ||
            (rc = rasj_string(jlev, lpath, "text", true, MAX_TEXT, p->a, &l->text, p->e)) ||
            (rc = rasj_int(jlev, lpath, "reduction_percent", true, 0, 100, 0,
                           &l->reduction_percent, p->e)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->carer_levels[j].id, l->id) == 0)
                return duplicate_id(p, lpath, l->id);
    }
    bool any = false;
    for (size_t d = 0; d < cfg->ndomains; d++)
        any |= cfg->domains[d].carer_adjustable;
    if (!any)
        return bad(p->e, "carer_adjustment",
                   "has levels but no domain is marked \"carer_adjustable\": true, so it would "
                   "never apply");
    return 0;
}

static int parse_adjustments(struct parser *p, json_t *root)
{
    static const char *const fields[] = {"id",      "title",  "explanation", "category",
                                         "points",  "percent", "weekly",     "when", NULL};
    struct ras_config *cfg = p->cfg;
    json_t *ja;
    char apath[RASJ_PATH_MAX], sub[RASJ_PATH_MAX];
    int rc;
    if ((rc = get_array(p, root, "", "adjustments", 0, MAX_ADJUSTMENTS, &ja)) || !ja)
        return rc;
    cfg->nadjustments = json_array_size(ja);
    cfg->adjustments = arena_array(p->a, cfg->nadjustments ? cfg->nadjustments : 1,
                                   sizeof *cfg->adjustments);
    if (!cfg->adjustments)
        return nomem(p);
    for (size_t i = 0; i < cfg->nadjustments; i++) {
        struct ras_adjustment *adj = &cfg->adjustments[i];
        json_t *jadj = json_array_get(ja, i), *jwhen;
        const char *category;
        int nvalues = 0;
        rasj_path_index(apath, "adjustments", i);
        if ((rc = rasj_object(jadj, apath, fields, p->e)) ||
            (rc = rasj_id(jadj, apath, "id", p->a, &adj->id, p->e)) ||
            (rc = rasj_string(jadj, apath, "title", true, MAX_TEXT, p->a, &adj->title, p->e)) ||
            (rc = rasj_string(jadj, apath, "explanation", false, MAX_HELP, p->a,
                              &adj->explanation, p->e)) ||
            (rc = rasj_string(jadj, apath, "category", true, 32, p->a, &category, p->e)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->adjustments[j].id, adj->id) == 0)
                return duplicate_id(p, apath, adj->id);
        if (strcmp(category, "risk") == 0)
            adj->category = RAS_CAT_RISK;
        else if (strcmp(category, "complexity") == 0)
            adj->category = RAS_CAT_COMPLEXITY;
        else if (strcmp(category, "other") == 0)
            adj->category = RAS_CAT_OTHER;
        else {
            rasj_path_key(sub, apath, "category");
            return bad(p->e, sub, "must be \"risk\", \"complexity\" or \"other\"");
        }
        if (json_object_get(jadj, "points")) {
            nvalues++;
            adj->kind = RAS_ADJ_POINTS;
            rc = rasj_int(jadj, apath, "points", true, -MAX_POINTS, MAX_POINTS, 0, &adj->value,
                          p->e);
        }
        if (json_object_get(jadj, "percent")) {
            nvalues++;
            adj->kind = RAS_ADJ_PERCENT;
            rc = rc ? rc
                    : rasj_percent(jadj, apath, "percent", true, -10000, 50000, 0, &adj->value,
                                   p->e);
        }
        if (json_object_get(jadj, "weekly")) {
            nvalues++;
            adj->kind = RAS_ADJ_WEEKLY;
            rc = rc ? rc : rasj_money(jadj, apath, "weekly", true, true, 0, &adj->value, p->e);
        }
        if (rc)
            return rc;
        if (nvalues != 1)
            return bad(p->e, apath,
                       "must have exactly one of \"points\" (whole points), \"percent\" (of the "
                       "priced weekly amount) or \"weekly\" (pounds a week)");
        if (adj->value == 0) {
            rasj_path_key(sub, apath,
                          adj->kind == RAS_ADJ_POINTS    ? "points"
                          : adj->kind == RAS_ADJ_PERCENT ? "percent"
                                                         : "weekly");
            return bad(p->e, sub, "must not be zero: an adjustment that changes nothing is a "
                                  "mistake");
        }
        if ((rc = rasj_member(jadj, apath, "when", false, &jwhen, p->e)))
            return rc;
        if (jwhen) {
            rasj_path_key(sub, apath, "when");
            adj->automatic = true;
            if ((rc = parse_answer_set(p, jwhen, sub, &adj->when)))
                return rc;
        }
    }
    return 0;
}

static int parse_rules(struct parser *p, json_t *root)
{
    static const char *const fields[] = {"id", "message", "if", "then_not", "then_only", NULL};
    struct ras_config *cfg = p->cfg;
    json_t *jr;
    char rpath[RASJ_PATH_MAX], sub[RASJ_PATH_MAX];
    int rc;
    if ((rc = get_array(p, root, "", "consistency_rules", 0, MAX_RULES, &jr)) || !jr)
        return rc;
    cfg->nrules = json_array_size(jr);
    cfg->rules = arena_array(p->a, cfg->nrules ? cfg->nrules : 1, sizeof *cfg->rules);
    if (!cfg->rules)
        return nomem(p);
    for (size_t i = 0; i < cfg->nrules; i++) {
        struct ras_rule *rule = &cfg->rules[i];
        json_t *jrule = json_array_get(jr, i), *jif, *jnot, *jonly;
        rasj_path_index(rpath, "consistency_rules", i);
        if ((rc = rasj_object(jrule, rpath, fields, p->e)) ||
            (rc = rasj_id(jrule, rpath, "id", p->a, &rule->id, p->e)) ||
            (rc = rasj_string(jrule, rpath, "message", true, MAX_TEXT, p->a, &rule->message,
                              p->e)) ||
            (rc = rasj_member(jrule, rpath, "if", true, &jif, p->e)) ||
            (rc = rasj_member(jrule, rpath, "then_not", false, &jnot, p->e)) ||
            (rc = rasj_member(jrule, rpath, "then_only", false, &jonly, p->e)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->rules[j].id, rule->id) == 0)
                return duplicate_id(p, rpath, rule->id);
        if (!!jnot == !!jonly)
            return bad(p->e, rpath, "must have exactly one of \"then_not\" or \"then_only\"");
        rasj_path_key(sub, rpath, "if");
        if ((rc = parse_answer_set(p, jif, sub, &rule->if_answers)))
            return rc;
        rule->kind = jnot ? RAS_RULE_THEN_NOT : RAS_RULE_THEN_ONLY;
        rasj_path_key(sub, rpath, jnot ? "then_not" : "then_only");
        if ((rc = parse_answer_set(p, jnot ? jnot : jonly, sub, &rule->then_answers)))
            return rc;
        if (rule->if_answers.domain == rule->then_answers.domain &&
            rule->if_answers.question == rule->then_answers.question) {
            char q[RASJ_PATH_MAX];
            rasj_path_key(q, sub, "question");
            return bad(p->e, q, "must be a different question from the one in \"if\"");
        }
    }
    return 0;
}

int ras_config_parse(const char *text, size_t len, struct arena *a, struct ras_config **out,
                     struct err *e)
{
    static const char *const fields[] = {
        "format",     "council_code", "council_name",        "version",
        "title",      "notes",        "effective_from",      "effective_to",
        "pricing",    "limits",       "contingency_percent", "rounding",
        "carer_adjustment", "adjustments", "domains",        "consistency_rules",
        NULL};
    static const char *const limit_fields[] = {"weekly_minimum", "weekly_maximum", NULL};
    struct parser p = {.a = a, .e = e};
    json_t *root = NULL, *jd, *jl;
    const char *format, *notes, *rounding;
    char dpath[RASJ_PATH_MAX];
    int rc;

    *out = NULL;
    if ((rc = rasj_load(text, len, "The configuration", &root, e)))
        return rc;
    p.cfg = arena_zalloc(a, sizeof *p.cfg);
    if (!p.cfg) {
        rc = nomem(&p);
        goto done;
    }
    struct ras_config *cfg = p.cfg;
    bool has_from;
    if ((rc = rasj_object(root, "", fields, e)) ||
        (rc = rasj_string(root, "", "format", true, 64, a, &format, e)))
        goto done;
    if (strcmp(format, RAS_CONFIG_FORMAT) != 0) {
        rc = bad(e, "format", "must be \"" RAS_CONFIG_FORMAT "\" (this version of selfdirect reads "
                              "no other)");
        goto done;
    }
    if ((rc = rasj_string(root, "", "council_code", true, 16, a, &cfg->council_code, e)) ||
        (rc = rasj_string(root, "", "council_name", true, MAX_TEXT, a, &cfg->council_name, e)) ||
        (rc = rasj_string(root, "", "version", true, 32, a, &cfg->version, e)) ||
        (rc = rasj_string(root, "", "title", false, MAX_TEXT, a, &cfg->title, e)) ||
        (rc = rasj_string(root, "", "notes", false, 20000, a, &notes, e)) ||
        (rc = rasj_date(root, "", "effective_from", true, &has_from, &cfg->effective_from, e)) ||
        (rc = rasj_date(root, "", "effective_to", false, &cfg->has_effective_to,
                        &cfg->effective_to, e)))
        goto done;
    for (const char *s = cfg->version; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '-' || *s == '_')) {
            rc = bad(e, "version", "may use only letters, digits, '.', '-' and '_'");
            goto done;
        }
    }
    for (const char *s = cfg->council_code; *s; s++) {
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_')) {
            rc = bad(e, "council_code",
                     "may use only capital letters, digits, '-' and '_' (for example \"DEMO\")");
            goto done;
        }
    }
    if (cfg->has_effective_to && cfg->effective_to < cfg->effective_from) {
        rc = bad(e, "effective_to", "must not be before effective_from");
        goto done;
    }

    /* Domains first: the rules and adjustments refer to their questions. */
    if ((rc = get_array(&p, root, "", "domains", 1, MAX_DOMAINS, &jd)))
        goto done;
    cfg->ndomains = json_array_size(jd);
    cfg->domains = arena_array(a, cfg->ndomains, sizeof *cfg->domains);
    if (!cfg->domains) {
        rc = nomem(&p);
        goto done;
    }
    for (size_t i = 0; i < cfg->ndomains; i++) {
        rasj_path_index(dpath, "domains", i);
        if ((rc = parse_domain(&p, json_array_get(jd, i), dpath, &cfg->domains[i])))
            goto done;
        for (size_t j = 0; j < i; j++)
            if (strcmp(cfg->domains[j].id, cfg->domains[i].id) == 0) {
                rc = duplicate_id(&p, dpath, cfg->domains[i].id);
                goto done;
            }
    }

    if ((rc = parse_pricing(&p, root)) || (rc = rasj_member(root, "", "limits", true, &jl, e)) ||
        (rc = rasj_object(jl, "limits", limit_fields, e)) ||
        (rc = rasj_money(jl, "limits", "weekly_minimum", true, false, 0, &cfg->weekly_minimum, e)) ||
        (rc = rasj_money(jl, "limits", "weekly_maximum", true, false, 0, &cfg->weekly_maximum, e)))
        goto done;
    if (cfg->weekly_maximum <= 0 || cfg->weekly_maximum < cfg->weekly_minimum) {
        rc = bad(e, "limits.weekly_maximum",
                 "must be more than zero and not less than weekly_minimum");
        goto done;
    }
    if (cfg->weekly_maximum > MONEY_MAX_PENCE / 1000) {
        rc = bad(e, "limits.weekly_maximum", "is implausibly large");
        goto done;
    }
    if ((rc = rasj_percent(root, "", "contingency_percent", false, 0, 5000, 0,
                           &cfg->contingency_bp, e)) ||
        (rc = rasj_string(root, "", "rounding", false, 32, a, &rounding, e)))
        goto done;
    if (!rounding || strcmp(rounding, "penny") == 0)
        cfg->rounding = RAS_ROUND_PENNY;
    else if (strcmp(rounding, "pound_up") == 0)
        cfg->rounding = RAS_ROUND_POUND_UP;
    else if (strcmp(rounding, "pound_nearest") == 0)
        cfg->rounding = RAS_ROUND_POUND_NEAREST;
    else {
        rc = bad(e, "rounding", "must be \"penny\", \"pound_up\" or \"pound_nearest\"");
        goto done;
    }
    if ((rc = parse_carer(&p, root)) || (rc = parse_adjustments(&p, root)) ||
        (rc = parse_rules(&p, root)))
        goto done;
    (void)notes;
    *out = cfg;
done:
    json_decref(root);
    return rc;
}
