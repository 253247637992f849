/* ras_answers.c — answers files in, RAS results out. See ras_answers.h. */
#include "io/ras_answers.h"

#include <jansson.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/ras.h"
#include "io/ras_config.h"

/* ---- reading ----------------------------------------------------------------------------- */

static int bad(struct err *e, const char *path, const char *what)
{
    return err_set_field(e, ERR_INVALID, path, "%s: %s", path, what);
}

static int nomem(struct err *e)
{
    return err_set(e, ERR_NOMEM, "Out of memory reading the answers.");
}

int ras_answers_parse(const char *text, size_t len, struct arena *a, struct ras_answers *out,
                      struct err *e)
{
    static const char *const fields[] = {"format",  "reference", "council_code", "assessment_date",
                                         "answers", "carer",     "adjustments",  NULL};
    static const char *const carer_fields[] = {"willing_and_able", "support", NULL};
    json_t *root = NULL, *ja, *jc, *jadj;
    const char *format, *key;
    json_t *v;
    char path[RASJ_PATH_MAX];
    bool present;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = rasj_load(text, len, "The answers file", &root, e)))
        return rc;
    if ((rc = rasj_object(root, "", fields, e)) ||
        (rc = rasj_string(root, "", "format", true, 64, a, &format, e)))
        goto done;
    if (strcmp(format, RAS_ANSWERS_FORMAT) != 0) {
        rc = bad(e, "format", "must be \"" RAS_ANSWERS_FORMAT "\"");
        goto done;
    }
    if ((rc = rasj_string(root, "", "reference", false, 200, a, &out->reference, e)) ||
        (rc = rasj_string(root, "", "council_code", false, 16, a, &out->council_code, e)) ||
        (rc = rasj_date(root, "", "assessment_date", true, &present, &out->assessment_date, e)) ||
        (rc = rasj_member(root, "", "answers", true, &ja, e)))
        goto done;

    if (!json_is_object(ja)) {
        rc = bad(e, "answers",
                 "must be an object of \"domain.question\": \"answer\" pairs, for example "
                 "{\"personal_care.washing\": \"help_every_day\"}");
        goto done;
    }
    if (json_object_size(ja) > RAS_ANSWERS_MAX) {
        rc = bad(e, "answers", "has too many entries");
        goto done;
    }
    struct ras_given *given = arena_array(a, json_object_size(ja) + 1, sizeof *given);
    if (!given) {
        rc = nomem(e);
        goto done;
    }
    json_object_foreach(ja, key, v) {
        rasj_path_key(path, "answers", key);
        if (!json_is_string(v)) {
            rc = bad(e, path, "must be the id of an answer, as a string");
            goto done;
        }
        given[out->nanswers].question = arena_strdup(a, key);
        given[out->nanswers].answer = arena_strdup(a, json_string_value(v));
        if (!given[out->nanswers].question || !given[out->nanswers].answer) {
            rc = nomem(e);
            goto done;
        }
        out->nanswers++;
    }
    out->answers = given;

    if ((rc = rasj_member(root, "", "carer", false, &jc, e)))
        goto done;
    if (jc) {
        json_t *js;
        if ((rc = rasj_object(jc, "carer", carer_fields, e)) ||
            (rc = rasj_member(jc, "carer", "willing_and_able", true, &v, e)))
            goto done;
        if (!json_is_boolean(v)) {
            rc = bad(e, "carer.willing_and_able", "must be true or false");
            goto done;
        }
        out->carer_willing_and_able = json_is_true(v);
        if ((rc = rasj_member(jc, "carer", "support", false, &js, e)))
            goto done;
        if (js) {
            if (!json_is_object(js) || json_object_size(js) > RAS_ANSWERS_MAX) {
                rc = bad(e, "carer.support",
                         "must be an object of \"domain\": \"level\" pairs, for example "
                         "{\"personal_care\": \"most\"}");
                goto done;
            }
            struct ras_carer_given *cg = arena_array(a, json_object_size(js) + 1, sizeof *cg);
            if (!cg) {
                rc = nomem(e);
                goto done;
            }
            json_object_foreach(js, key, v) {
                rasj_path_key(path, "carer.support", key);
                if (!json_is_string(v)) {
                    rc = bad(e, path, "must be the id of a carer support level, as a string");
                    goto done;
                }
                cg[out->ncarer].domain = arena_strdup(a, key);
                cg[out->ncarer].level = arena_strdup(a, json_string_value(v));
                if (!cg[out->ncarer].domain || !cg[out->ncarer].level) {
                    rc = nomem(e);
                    goto done;
                }
                out->ncarer++;
            }
            out->carer = cg;
        }
    }

    if ((rc = rasj_member(root, "", "adjustments", false, &jadj, e)))
        goto done;
    if (jadj) {
        if (!json_is_array(jadj) || json_array_size(jadj) > RAS_ANSWERS_MAX) {
            rc = bad(e, "adjustments", "must be a list of adjustment ids, for example "
                                       "[\"two_workers\"]");
            goto done;
        }
        const char **ids = arena_array(a, json_array_size(jadj) + 1, sizeof *ids);
        if (!ids) {
            rc = nomem(e);
            goto done;
        }
        for (size_t i = 0; i < json_array_size(jadj); i++) {
            v = json_array_get(jadj, i);
            rasj_path_index(path, "adjustments", i);
            if (!json_is_string(v)) {
                rc = bad(e, path, "must be the id of an adjustment, as a string");
                goto done;
            }
            ids[i] = arena_strdup(a, json_string_value(v));
            if (!ids[i]) {
                rc = nomem(e);
                goto done;
            }
        }
        out->adjustments = ids;
        out->nadjustments = json_array_size(jadj);
    }
done:
    json_decref(root);
    return rc;
}

/* ---- writing ----------------------------------------------------------------------------- */

/* A small indented JSON writer: results are written field by field in a fixed order, so the output
 * is stable for tests and diffs. Errors are sticky; check w.rc once at the end. */
#define JW_DEPTH 16

struct jw {
    struct buf *b;
    int depth;
    bool first[JW_DEPTH];
    bool after_key;
    int rc;
};

static void jw_raw(struct jw *w, const char *s)
{
    if (!w->rc)
        w->rc = buf_adds(w->b, s);
}

static void jw_item(struct jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first[w->depth])
        jw_raw(w, ",");
    w->first[w->depth] = false;
    jw_raw(w, "\n");
    for (int i = 0; i < w->depth; i++)
        jw_raw(w, "  ");
}

static void jw_escaped(struct jw *w, const char *s)
{
    jw_raw(w, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p && !w->rc; p++) {
        switch (*p) {
        case '"': jw_raw(w, "\\\""); break;
        case '\\': jw_raw(w, "\\\\"); break;
        case '\n': jw_raw(w, "\\n"); break;
        case '\r': jw_raw(w, "\\r"); break;
        case '\t': jw_raw(w, "\\t"); break;
        default:
            if (*p < 0x20)
                w->rc = buf_addf(w->b, "\\u%04x", *p);
            else
                w->rc = buf_addc(w->b, (char)*p);
        }
    }
    jw_raw(w, "\"");
}

static void jw_open(struct jw *w, const char *c)
{
    jw_item(w);
    jw_raw(w, c);
    if (w->depth + 1 >= JW_DEPTH) {
        w->rc = ERR_RANGE;
        return;
    }
    w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(struct jw *w, const char *c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        jw_raw(w, "\n");
        for (int i = 0; i < w->depth; i++)
            jw_raw(w, "  ");
    }
    jw_raw(w, c);
}

static void jw_key(struct jw *w, const char *k)
{
    jw_item(w);
    jw_escaped(w, k);
    jw_raw(w, ": ");
    w->after_key = true;
}

static void jw_str(struct jw *w, const char *s)
{
    jw_item(w);
    if (s)
        jw_escaped(w, s);
    else
        jw_raw(w, "null");
}

static void jw_int(struct jw *w, int64_t n)
{
    jw_item(w);
    if (!w->rc)
        w->rc = buf_addf(w->b, "%lld", (long long)n);
}

static void jw_bool(struct jw *w, bool v)
{
    jw_item(w);
    jw_raw(w, v ? "true" : "false");
}

static void jw_money(struct jw *w, int64_t pence)
{
    char s[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_PLAIN, s, sizeof s);
    jw_str(w, s);
}

static void jw_percent(struct jw *w, int64_t bp)
{
    char s[16];
    ras_percent_format(bp, s, sizeof s);
    jw_str(w, s);
}

static void jw_date(struct jw *w, day_t d)
{
    char s[DATE_ISO_SIZE];
    date_format_iso(d, s);
    jw_str(w, s);
}

static void kv_str(struct jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    jw_str(w, v);
}

static void kv_int(struct jw *w, const char *k, int64_t v)
{
    jw_key(w, k);
    jw_int(w, v);
}

static void kv_money(struct jw *w, const char *k, int64_t v)
{
    jw_key(w, k);
    jw_money(w, v);
}

static void kv_percent(struct jw *w, const char *k, int64_t v)
{
    jw_key(w, k);
    jw_percent(w, v);
}

static void write_strings(struct jw *w, const char *k, const char *const *v, size_t n)
{
    jw_key(w, k);
    jw_open(w, "[");
    for (size_t i = 0; i < n; i++)
        jw_str(w, v[i]);
    jw_close(w, "]");
}

static const char *category_name(enum ras_adj_category c)
{
    return c == RAS_CAT_RISK ? "risk" : c == RAS_CAT_COMPLEXITY ? "complexity" : "other";
}

static const char *rounding_name(enum ras_rounding r)
{
    return r == RAS_ROUND_POUND_UP ? "pound_up" : r == RAS_ROUND_POUND_NEAREST ? "pound_nearest"
                                                                                : "penny";
}

static void write_configuration(struct jw *w, const struct ras_config *cfg)
{
    jw_key(w, "configuration");
    jw_open(w, "{");
    kv_str(w, "council_code", cfg->council_code);
    kv_str(w, "council_name", cfg->council_name);
    kv_str(w, "version", cfg->version);
    if (cfg->title)
        kv_str(w, "title", cfg->title);
    jw_key(w, "effective_from");
    jw_date(w, cfg->effective_from);
    jw_key(w, "effective_to");
    if (cfg->has_effective_to)
        jw_date(w, cfg->effective_to);
    else
        jw_str(w, NULL);
    jw_close(w, "}");
}

static void write_answers(struct jw *w, const struct ras_result *r)
{
    const struct ras_config *cfg = r->config;
    char key[2 * RAS_ID_MAX + 2];
    jw_key(w, "answers");
    jw_open(w, "[");
    for (size_t i = 0; i < r->nanswers; i++) {
        const struct ras_answer_line *al = &r->answers[i];
        const struct ras_domain *d = &cfg->domains[al->domain];
        const struct ras_question *q = &d->questions[al->question];
        snprintf(key, sizeof key, "%s.%s", d->id, q->id);
        jw_open(w, "{");
        kv_str(w, "question", key);
        kv_str(w, "question_text", q->text);
        jw_key(w, "answered");
        jw_bool(w, al->answered);
        if (al->answered) {
            kv_str(w, "answer", q->options[al->option].id);
            kv_str(w, "answer_text", q->options[al->option].text);
        }
        kv_int(w, "points", al->points);
        /* What the answer is worth on its own at the price per point (before carer adjustment,
         * adjustments and limits): the "answer -> points -> pounds" of the derivation. Bands
         * price only the total, so there is no per-answer amount for them. */
        if (cfg->pricing == RAS_PRICE_PER_POINT)
            kv_money(w, "weekly_value", al->points * cfg->price_per_point);
        jw_close(w, "}");
    }
    jw_close(w, "]");
}

static void write_domains(struct jw *w, const struct ras_result *r)
{
    const struct ras_config *cfg = r->config;
    jw_key(w, "domains");
    jw_open(w, "[");
    for (size_t i = 0; i < r->ndomains; i++) {
        const struct ras_domain_line *dl = &r->domains[i];
        const struct ras_domain *d = &cfg->domains[dl->domain];
        jw_open(w, "{");
        kv_str(w, "domain", d->id);
        kv_str(w, "title", d->title);
        kv_int(w, "points_from_answers", dl->points_answers);
        if (d->max_points > 0) {
            kv_int(w, "max_points", d->max_points);
            kv_int(w, "points_after_cap", dl->points_capped);
        }
        jw_key(w, "carer_support");
        if (dl->carer) {
            jw_open(w, "{");
            kv_str(w, "level", dl->carer->id);
            kv_str(w, "text", dl->carer->text);
            kv_int(w, "reduction_percent", dl->carer->reduction_percent);
            kv_int(w, "points_taken_off", dl->carer_reduction);
            jw_close(w, "}");
        } else {
            jw_str(w, NULL);
        }
        kv_int(w, "points", dl->points);
        if (cfg->pricing == RAS_PRICE_PER_POINT)
            kv_money(w, "weekly_value", dl->points * cfg->price_per_point);
        jw_close(w, "}");
    }
    jw_close(w, "]");
}

static void write_adjustments(struct jw *w, const struct ras_result *r)
{
    jw_key(w, "adjustments");
    jw_open(w, "[");
    for (size_t i = 0; i < r->nadjustments; i++) {
        const struct ras_adjustment_line *al = &r->adjustments[i];
        const struct ras_adjustment *adj = al->adj;
        jw_open(w, "{");
        kv_str(w, "id", adj->id);
        kv_str(w, "title", adj->title);
        kv_str(w, "category", category_name(adj->category));
        kv_str(w, "applied", adj->automatic ? "automatically, from the answers"
                                            : "chosen by the assessor");
        switch (adj->kind) {
        case RAS_ADJ_POINTS:
            kv_str(w, "kind", "points");
            kv_int(w, "points", al->points);
            break;
        case RAS_ADJ_PERCENT:
            kv_str(w, "kind", "percent");
            kv_percent(w, "percent", adj->value);
            kv_money(w, "weekly", al->weekly);
            break;
        case RAS_ADJ_WEEKLY:
            kv_str(w, "kind", "weekly");
            kv_money(w, "weekly", al->weekly);
            break;
        }
        jw_close(w, "}");
    }
    jw_close(w, "]");
}

int ras_result_json(const struct ras_result *r, struct buf *out)
{
    const struct ras_config *cfg = r->config;
    struct jw w = {.b = out};

    jw_open(&w, "{");
    kv_str(&w, "status", r->refused ? "refused" : r->overridden ? "overridden" : "calculated");
    write_configuration(&w, cfg);
    jw_key(&w, "assessment_date");
    jw_date(&w, r->assessment_date);

    if (r->refused) {
        jw_key(&w, "flags");
        jw_open(&w, "[");
        for (size_t i = 0; i < r->nflags; i++) {
            jw_open(&w, "{");
            kv_str(&w, "kind", ras_flag_kind_name(r->flags[i].kind));
            kv_str(&w, "subject", r->flags[i].subject);
            kv_str(&w, "message", r->flags[i].message);
            jw_close(&w, "}");
        }
        jw_close(&w, "]");
        jw_close(&w, "}");
        jw_raw(&w, "\n");
        return w.rc;
    }

    write_answers(&w, r);
    write_domains(&w, r);

    jw_key(&w, "points");
    jw_open(&w, "{");
    kv_int(&w, "from_answers", r->points_answers);
    kv_int(&w, "lost_to_domain_caps", r->points_capped);
    kv_int(&w, "carer_reduction", r->points_carer);
    kv_int(&w, "adjustments", r->points_adjustments);
    kv_int(&w, "total", r->points_total);
    jw_close(&w, "}");

    jw_key(&w, "pricing");
    jw_open(&w, "{");
    if (cfg->pricing == RAS_PRICE_PER_POINT) {
        kv_str(&w, "method", "price_per_point");
        kv_money(&w, "price_per_point", cfg->price_per_point);
    } else {
        kv_str(&w, "method", "bands");
        jw_key(&w, "band");
        jw_open(&w, "{");
        kv_int(&w, "from_points", r->band->from_points);
        jw_key(&w, "to_points");
        if (r->band->to_points >= 0)
            jw_int(&w, r->band->to_points);
        else
            jw_str(&w, NULL);
        kv_money(&w, "weekly", r->band->weekly);
        jw_close(&w, "}");
    }
    kv_money(&w, "weekly", r->weekly_priced);
    jw_close(&w, "}");

    write_adjustments(&w, r);
    kv_money(&w, "weekly_after_adjustments", r->weekly_priced + r->weekly_adjustments);

    jw_key(&w, "contingency");
    jw_open(&w, "{");
    kv_percent(&w, "percent", cfg->contingency_bp);
    kv_money(&w, "weekly", r->contingency);
    jw_close(&w, "}");

    jw_key(&w, "rounding");
    jw_open(&w, "{");
    kv_str(&w, "rule", rounding_name(cfg->rounding));
    kv_money(&w, "weekly", r->rounding);
    jw_close(&w, "}");

    kv_money(&w, "weekly_before_limits", r->weekly_before_limits);
    jw_key(&w, "limits");
    jw_open(&w, "{");
    kv_money(&w, "weekly_minimum", cfg->weekly_minimum);
    kv_money(&w, "weekly_maximum", cfg->weekly_maximum);
    kv_str(&w, "applied", r->limit == RAS_LIMIT_MINIMUM   ? "minimum"
                          : r->limit == RAS_LIMIT_MAXIMUM ? "maximum"
                                                          : "none");
    jw_close(&w, "}");

    kv_money(&w, "weekly_calculated", r->weekly_calculated);
    kv_money(&w, "annual_calculated", r->annual_calculated);
    if (r->overridden) {
        jw_key(&w, "override");
        jw_open(&w, "{");
        kv_money(&w, "weekly", r->weekly_override);
        kv_money(&w, "annual", r->annual_override);
        kv_str(&w, "reason", r->override_reason);
        kv_str(&w, "by", r->override_by);
        jw_close(&w, "}");
    }
    kv_money(&w, "weekly", r->weekly);
    kv_money(&w, "annual", r->annual);
    kv_str(&w, "annual_rule", "weekly x 52");
    write_strings(&w, "derivation", r->derivation, r->nderivation);
    write_strings(&w, "warnings", r->warnings, r->nwarnings);
    jw_close(&w, "}");
    jw_raw(&w, "\n");
    return w.rc;
}
