/* assess_ras.c — each council's RAS configurations and every indicative budget worked out with
 * them (calculations, refusals and workers' overrides); see assess_store.h. */
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/ras.h"
#include "io/ras_answers.h"
#include "io/ras_config.h"
#include "store/assess_store.h"
#include "store/assess_util.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

#define RESULT_CAP (4u << 20)

/* ---- configurations -------------------------------------------------------------------------- */

#define CFG_COLS                                                                                 \
    "id, council_id, kind, version, title, effective_from, effective_to, sha256, loaded_at, "    \
    "loaded_by, loaded_by_name "

static int read_config(struct store_stmt *s, bool with_json, struct arena *a,
                       struct assess_ras_config_row *out, struct err *e)
{
    bool nomem = false, ok = true;
    const char *t;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->council_id = store_col_i64(s, 1);
    ok &= assess_kind_parse(store_col_text(s, 2), &out->kind) == 0;
    out->version = assess_col_dup(s, 3, a, &nomem);
    out->title = assess_col_dup(s, 4, a, &nomem);
    t = store_col_text(s, 5);
    ok &= t && date_parse_iso(t, strlen(t), &out->effective_from, "effective_from", NULL) == 0;
    if ((t = store_col_text(s, 6)) != NULL) {
        out->has_effective_to = true;
        ok &= date_parse_iso(t, strlen(t), &out->effective_to, "effective_to", NULL) == 0;
    }
    out->sha256 = assess_col_dup(s, 7, a, &nomem);
    out->loaded_at = assess_col_dup(s, 8, a, &nomem);
    out->loaded_by = assess_col_dup(s, 9, a, &nomem);
    out->loaded_by_name = assess_col_dup(s, 10, a, &nomem);
    out->config_json = with_json ? assess_col_dup(s, 11, a, &nomem) : "";
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored RAS configuration (id %" PRId64 ") could not be read.",
                       out->id);
    return 0;
}

int assess_ras_config_load(struct store_conn *c, int64_t council_id, enum assess_kind kind,
                           const char *text, size_t len, const struct assess_actor *by,
                           int64_t now, struct arena *a, struct assess_ras_config_row *out,
                           struct err *e)
{
    struct arena tmp;
    struct ras_config *cfg = NULL;
    struct council co;
    struct store_stmt *s;
    struct err le = {0};
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1], from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
    char stamp[STORE_TIME_SIZE];
    char *copy = NULL;
    int64_t id = 0;
    int rc;

    if (!by || !by->id || !*by->id)
        return err_set(e, ERR_INVALID, "Who loaded the configuration must be recorded.");
    if ((unsigned)kind >= ASSESS_KIND_COUNT)
        return err_set_field(e, ERR_INVALID, "kind", "kind must be needs or carer.");
    if (len > RAS_CONFIG_MAX_BYTES)
        return err_set(e, ERR_INVALID, "The configuration is larger than %u bytes.",
                       RAS_CONFIG_MAX_BYTES);
    if (memchr(text, '\0', len))
        return err_set(e, ERR_INVALID, "The configuration contains a NUL byte: it must be JSON text.");
    arena_init(&tmp, 0);
    if ((rc = ras_config_parse(text, len, &tmp, &cfg, e)) != 0)
        goto done;
    if ((rc = council_get(c, council_id, &co, e)) != 0)
        goto done;
    if (strcmp(cfg->council_code, co.code) != 0) {
        rc = err_set_field(e, ERR_INVALID, "council_code",
                           "This configuration is for council %s, not %s (%s). Check the file, or "
                           "load it into the right council.",
                           cfg->council_code, co.code, co.name);
        goto done;
    }
    if (!(copy = arena_strndup(&tmp, text, len))) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    crypto_hash_sha256(hash, (const unsigned char *)text, len);
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    date_format_iso(cfg->effective_from, from);
    if (cfg->has_effective_to)
        date_format_iso(cfg->effective_to, to);
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "INSERT INTO ras_configs (council_id, kind, version, title, "
                            "effective_from, effective_to, sha256, config_json, loaded_at, "
                            "loaded_by, loaded_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, assess_kind_name(kind));
    store_bind_text(s, 3, cfg->version);
    store_bind_text(s, 4, cfg->title ? cfg->title : "");
    store_bind_text(s, 5, from);
    if (cfg->has_effective_to)
        store_bind_text(s, 6, to);
    else
        store_bind_null(s, 6);
    store_bind_text(s, 7, hex);
    store_bind_text(s, 8, copy);
    store_bind_text(s, 9, stamp);
    store_bind_text(s, 10, by->id);
    store_bind_text(s, 11, by->name ? by->name : "");
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0) {
        if (le.code == ERR_CONFLICT)
            rc = err_set_field(e, ERR_CONFLICT, "version",
                               "Version %s of the %s configuration is already loaded: give a "
                               "changed configuration a new version.",
                               cfg->version, assess_kind_name(kind));
        else
            rc = rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
        goto done;
    }
    rc = out ? assess_ras_config_get(c, council_id, id, a, out, e) : 0;
done:
    arena_release(&tmp);
    return rc;
}

int assess_ras_config_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                          struct assess_ras_config_row *out, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c,
                            "SELECT " CFG_COLS ", config_json FROM ras_configs WHERE council_id = ? "
                            "AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_config(s, true, a, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "There is no such RAS configuration in this council.");
    store_finish(s);
    return rc;
}

int assess_ras_config_in_force(struct store_conn *c, int64_t council_id, enum assess_kind kind,
                               day_t day, struct arena *a, struct assess_ras_config_row *out,
                               struct err *e)
{
    struct store_stmt *s;
    char d[DATE_ISO_SIZE], words[40];
    int rc;
    date_format_iso(day, d);
    if ((rc = store_prepare(c,
                            "SELECT " CFG_COLS ", config_json FROM ras_configs WHERE council_id = ? "
                            "AND kind = ? AND effective_from <= ? AND (effective_to IS NULL OR "
                            "effective_to >= ?) ORDER BY effective_from DESC, id DESC LIMIT 1",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, assess_kind_name(kind));
    store_bind_text(s, 3, d);
    store_bind_text(s, 4, d);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_config(s, true, a, out, e);
    else if (rc == STORE_DONE) {
        date_format_long(day, words, sizeof words);
        rc = err_set(e, ERR_NOT_FOUND,
                     "The council has no resource allocation system for %ss in force on %s, so an "
                     "indicative budget cannot be worked out yet.",
                     assess_kind_label(kind), words);
    }
    store_finish(s);
    return rc;
}

int assess_ras_config_list(struct store_conn *c, int64_t council_id, struct arena *a,
                           struct assess_ras_config_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT " CFG_COLS "FROM ras_configs WHERE council_id = ? ORDER BY "
                            "effective_from DESC, id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct assess_ras_config_row *room = rec_grow(a, *items, *n, &cap, 8, sizeof *room);
        if (!room) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            break;
        }
        *items = room;
        if ((rc = read_config(s, false, a, &(*items)[*n], e)) != 0)
            break;
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int assess_ras_config_parse(const struct assess_ras_config_row *row, struct arena *a,
                            struct ras_config **out, struct err *e)
{
    return ras_config_parse(row->config_json, strlen(row->config_json), a, out, e);
}

/* ---- answers -------------------------------------------------------------------------------- */

int assess_ras_answers(const struct assessment *as, const char *council_code, day_t date,
                       struct arena *a, struct ras_answers *out, struct err *e)
{
    struct ras_given *given = NULL;
    struct ras_carer_given *carer = NULL;
    const char **adj = NULL;
    size_t ncarer = 0, nadj = 0, nids = 0;
    memset(out, 0, sizeof *out);
    out->reference = arena_printf(a, "assessment %" PRId64, as->id);
    out->council_code = council_code;
    out->assessment_date = date;
    if (as->nanswers && !(given = arena_array(a, as->nanswers, sizeof *given)))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    for (size_t i = 0; i < as->nanswers; i++) {
        given[i].question = as->answers[i].question;
        given[i].answer = as->answers[i].answer;
    }
    out->answers = given;
    out->nanswers = as->nanswers;
    out->carer_willing_and_able = as->carer_helps == ELIG_YES;
    /* Carer support counts only while the carer is willing and able; "none" is no support. */
    if (out->carer_willing_and_able && as->ncarer &&
        !(carer = arena_array(a, as->ncarer, sizeof *carer)))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    for (size_t i = 0; out->carer_willing_and_able && i < as->ncarer; i++)
        if (strcmp(as->carer[i].level, ASSESS_CARER_NONE) != 0) {
            carer[ncarer].domain = as->carer[i].domain;
            carer[ncarer].level = as->carer[i].level;
            ncarer++;
        }
    out->carer = carer;
    out->ncarer = ncarer;
    for (const char *p = as->adjustments; p && *p; p++)
        nids += *p == ',';
    if (as->adjustments && *as->adjustments) {
        char *copy = arena_strdup(a, as->adjustments), *p, *save = NULL;
        if (!copy || !(adj = arena_array(a, nids + 1, sizeof *adj)))
            return err_set(e, ERR_NOMEM, "Out of memory.");
        for (p = strtok_r(copy, ",", &save); p && nadj <= nids; p = strtok_r(NULL, ",", &save))
            adj[nadj++] = p;
    }
    out->adjustments = adj;
    out->nadjustments = nadj;
    if (!out->reference)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

int assess_ras_answers_json(const struct ras_answers *ans, struct arena *a, const char **out,
                            struct err *e)
{
    json_t *doc = json_object(), *answers = json_object(), *support = json_object(),
           *adj = json_array();
    char day[DATE_ISO_SIZE], *text = NULL;
    int rc = 0;
    if (!doc || !answers || !support || !adj) {
        json_decref(answers);
        json_decref(support);
        json_decref(adj);
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    date_format_iso(ans->assessment_date, day);
    json_object_set_new(doc, "format", json_string(RAS_ANSWERS_FORMAT));
    if (ans->reference)
        json_object_set_new(doc, "reference", json_string(ans->reference));
    if (ans->council_code)
        json_object_set_new(doc, "council_code", json_string(ans->council_code));
    json_object_set_new(doc, "assessment_date", json_string(day));
    for (size_t i = 0; i < ans->nanswers; i++)
        json_object_set_new(answers, ans->answers[i].question, json_string(ans->answers[i].answer));
    json_object_set_new(doc, "answers", answers);
    for (size_t i = 0; i < ans->ncarer; i++)
        json_object_set_new(support, ans->carer[i].domain, json_string(ans->carer[i].level));
    json_object_set_new(doc, "carer",
                        json_pack("{s:b, s:o}", "willing_and_able", ans->carer_willing_and_able,
                                  "support", support));
    for (size_t i = 0; i < ans->nadjustments; i++)
        json_array_append_new(adj, json_string(ans->adjustments[i]));
    json_object_set_new(doc, "adjustments", adj);
    if (!(text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ||
        !(*out = arena_strdup(a, text)))
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
done:
    free(text);
    json_decref(doc);
    return rc;
}

/* ---- calculations ---------------------------------------------------------------------------- */

static const char *const calc_status_names[] = {"calculated", "refused", "overridden"};

const char *assess_calc_status_name(enum assess_calc_status s)
{
    return (unsigned)s <= ASSESS_CALC_OVERRIDDEN ? calc_status_names[s] : "calculated";
}

#define CALC_COLS                                                                                \
    "id, person_id, assessment_id, ras_config_id, config_version, status, base_id, "            \
    "assessment_date, weekly, annual, weekly_calculated, override_reason, asked_by, "           \
    "asked_by_name, asked_at "

static int read_calc(struct store_stmt *s, bool with_json, struct arena *a,
                     struct assess_calc *out, struct err *e)
{
    bool nomem = false, ok = false;
    const char *t;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->assessment_id = store_col_i64(s, 2);
    out->ras_config_id = store_col_i64(s, 3);
    out->config_version = assess_col_dup(s, 4, a, &nomem);
    t = store_col_text(s, 5);
    for (int i = 0; t && i <= ASSESS_CALC_OVERRIDDEN; i++)
        if (strcmp(t, calc_status_names[i]) == 0) {
            out->status = (enum assess_calc_status)i;
            ok = true;
        }
    out->base_id = store_col_i64(s, 6);
    t = store_col_text(s, 7);
    ok &= t && date_parse_iso(t, strlen(t), &out->assessment_date, "assessment_date", NULL) == 0;
    out->weekly = store_col_i64(s, 8);
    out->annual = store_col_i64(s, 9);
    out->weekly_calculated = store_col_i64(s, 10);
    out->override_reason = assess_col_dup(s, 11, a, &nomem);
    out->asked_by = assess_col_dup(s, 12, a, &nomem);
    out->asked_by_name = assess_col_dup(s, 13, a, &nomem);
    out->asked_at = assess_col_dup(s, 14, a, &nomem);
    out->inputs_json = with_json ? assess_col_dup(s, 15, a, &nomem) : "";
    out->result_json = with_json ? assess_col_dup(s, 16, a, &nomem) : "";
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored budget calculation (id %" PRId64 ") could not be read.",
                       out->id);
    return 0;
}

static int calc_one(struct store_conn *c, const char *sql, int64_t council_id, int64_t id,
                    struct arena *a, struct assess_calc *out, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_calc(s, true, a, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "No indicative budget has been worked out for this "
                                       "assessment yet.");
    store_finish(s);
    return rc;
}

int assess_budget_standing(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                           struct arena *a, struct assess_calc *out, struct err *e)
{
    return calc_one(c,
                    "SELECT " CALC_COLS ", inputs_json, result_json FROM ras_calculations WHERE "
                    "council_id = ? AND assessment_id = ? AND status <> 'refused' ORDER BY id DESC "
                    "LIMIT 1",
                    council_id, assessment_id, a, out, e);
}

int assess_budget_latest(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                         struct arena *a, struct assess_calc *out, struct err *e)
{
    return calc_one(c,
                    "SELECT " CALC_COLS ", inputs_json, result_json FROM ras_calculations WHERE "
                    "council_id = ? AND assessment_id = ? ORDER BY id DESC LIMIT 1",
                    council_id, assessment_id, a, out, e);
}

int assess_budget_history(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                          struct arena *a, struct assess_calc **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT " CALC_COLS "FROM ras_calculations WHERE council_id = ? AND "
                            "assessment_id = ? ORDER BY id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, assessment_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct assess_calc *room = rec_grow(a, *items, *n, &cap, 8, sizeof *room);
        if (!room) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            break;
        }
        *items = room;
        if ((rc = read_calc(s, false, a, &(*items)[*n], e)) != 0)
            break;
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

struct calc_new {
    const struct assessment *as;
    const struct assess_ras_config_row *cfg;
    enum assess_calc_status status;
    int64_t base_id;
    day_t date;
    const char *inputs, *result;
    int64_t weekly, annual, weekly_calculated;
    const char *reason;
    const struct assess_actor *by;
};

static int insert_calc(struct store_conn *c, int64_t council_id, const struct calc_new *n,
                       int64_t now, struct arena *a, struct assess_calc *out, struct err *e)
{
    struct store_stmt *s;
    char day[DATE_ISO_SIZE], stamp[STORE_TIME_SIZE];
    int64_t id = 0;
    int rc;
    date_format_iso(n->date, day);
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "INSERT INTO ras_calculations (council_id, person_id, assessment_id, "
                            "ras_config_id, config_version, status, base_id, assessment_date, "
                            "inputs_json, result_json, weekly, annual, weekly_calculated, "
                            "override_reason, asked_by, asked_by_name, asked_at) VALUES (?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, n->as->person_id);
    store_bind_i64(s, 3, n->as->id);
    store_bind_i64(s, 4, n->cfg->id);
    store_bind_text(s, 5, n->cfg->version);
    store_bind_text(s, 6, assess_calc_status_name(n->status));
    store_bind_id_or_null(s, 7, n->base_id);
    store_bind_text(s, 8, day);
    store_bind_text(s, 9, n->inputs);
    store_bind_text(s, 10, n->result);
    store_bind_i64(s, 11, n->weekly);
    store_bind_i64(s, 12, n->annual);
    store_bind_i64(s, 13, n->weekly_calculated);
    store_bind_text(s, 14, n->reason ? n->reason : "");
    store_bind_text(s, 15, n->by->id);
    store_bind_text(s, 16, n->by->name ? n->by->name : "");
    store_bind_text(s, 17, stamp);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    return calc_one(c,
                    "SELECT " CALC_COLS ", inputs_json, result_json FROM ras_calculations WHERE "
                    "council_id = ? AND id = ?",
                    council_id, id, a, out, e);
}

static int result_text(const struct ras_result *r, struct arena *a, const char **out,
                       struct err *e)
{
    struct buf b;
    int rc;
    buf_init(&b, RESULT_CAP);
    if ((rc = ras_result_json(r, &b)) != 0)
        rc = err_set(e, rc, "The calculation is too large to keep.");
    else if (!(*out = arena_strdup(a, b.data)))
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
    buf_release(&b);
    return rc;
}

int assess_budget_calculate(struct store_conn *c, int64_t council_id, const struct assessment *as,
                            const struct assess_actor *by, day_t today, int64_t now,
                            struct arena *a, struct assess_calc *out,
                            const struct ras_result **result, struct err *e)
{
    struct assess_ras_config_row row;
    struct ras_config *cfg = NULL;
    struct ras_answers ans;
    struct ras_result *r = NULL;
    struct err ce = {0};
    struct calc_new n = {0};
    struct assessment *fresh;
    day_t date;
    int rc;

    if ((rc = assess_need_tx(c, "Working out a budget", e)) != 0)
        return rc;
    if (!by || !by->id || !*by->id)
        return err_set(e, ERR_INVALID, "Who asked for the calculation must be recorded.");
    /* Always the answers as stored now, whatever the caller's copy holds. */
    if (!(fresh = arena_zalloc(a, sizeof *fresh)))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if ((rc = assess_get(c, council_id, as->id, a, fresh, e)) != 0)
        return rc;
    as = fresh;
    date = as->has_assessment_date ? as->assessment_date : today;
    if ((rc = assess_ras_config_in_force(c, council_id, as->kind, date, a, &row, e)) != 0 ||
        (rc = assess_ras_config_parse(&row, a, &cfg, e)) != 0 ||
        (rc = assess_ras_answers(as, cfg->council_code, date, a, &ans, e)) != 0)
        return rc;
    rc = ras_calculate(cfg, &ans, a, &r, &ce);
    if (rc != 0 && !(rc == ERR_INVALID && r && r->refused)) {
        if (e)
            *e = ce;
        return rc;
    }
    n.as = as;
    n.cfg = &row;
    n.date = date;
    n.by = by;
    n.status = r->refused ? ASSESS_CALC_REFUSED : ASSESS_CALC_CALCULATED;
    n.weekly = r->refused ? -1 : r->weekly;
    n.annual = r->refused ? -1 : r->annual;
    n.weekly_calculated = r->refused ? -1 : r->weekly_calculated;
    if ((rc = assess_ras_answers_json(&ans, a, &n.inputs, e)) != 0 ||
        (rc = result_text(r, a, &n.result, e)) != 0)
        return rc;
    if ((rc = insert_calc(c, council_id, &n, now, a, out, e)) != 0)
        return rc;
    if (result)
        *result = r;
    return 0;
}

int assess_budget_override(struct store_conn *c, int64_t council_id, const struct assessment *as,
                           int64_t weekly, const char *reason, const struct assess_actor *by,
                           int64_t now, struct arena *a, struct assess_calc *out, struct err *e)
{
    struct store_stmt *s;
    struct assess_calc base;
    struct assess_ras_config_row row;
    struct ras_config *cfg = NULL;
    struct ras_answers ans;
    struct ras_result *r = NULL, *ov = NULL;
    struct calc_new n = {0};
    char *why;
    int rc;

    if ((rc = assess_need_tx(c, "Overriding a budget", e)) != 0)
        return rc;
    if (!by || !by->id || !*by->id)
        return err_set(e, ERR_INVALID, "Who overrode the budget must be recorded.");
    if (as->status != ASSESS_COMPLETED)
        return err_set(e, ERR_CONFLICT, "Complete the assessment before changing its budget.");
    if (weekly < 0 || weekly > MONEY_MAX_PENCE / 60)
        return err_set_field(e, ERR_INVALID, "weekly", "Enter a weekly amount of £0 or more.");
    if (!(why = arena_strdup(a, reason ? reason : "")))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if ((rc = rec_text(why, 1, 2000, REC_MULTI_LINE, "reason", "The reason for the change", e)) !=
        0)
        return rc;

    /* The calculated figure being overridden: the latest calculation proper (an override is
     * never overridden; the calculation is overridden again instead). */
    if ((rc = store_prepare(c,
                            "SELECT " CALC_COLS ", inputs_json, result_json FROM ras_calculations "
                            "WHERE council_id = ? AND assessment_id = ? AND status = 'calculated' "
                            "ORDER BY id DESC LIMIT 1",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_calc(s, true, a, &base, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_CONFLICT, "There is no calculated budget to change yet: the answers "
                                      "must be calculated first.");
    store_finish(s);
    if (rc != 0)
        return rc;
    if ((rc = assess_ras_config_get(c, council_id, base.ras_config_id, a, &row, e)) != 0 ||
        (rc = assess_ras_config_parse(&row, a, &cfg, e)) != 0 ||
        (rc = ras_answers_parse(base.inputs_json, strlen(base.inputs_json), a, &ans, e)) != 0 ||
        (rc = ras_calculate(cfg, &ans, a, &r, e)) != 0 ||
        (rc = ras_override(r, weekly, why, by->name && *by->name ? by->name : by->id, a, &ov, e)) !=
            0)
        return rc;
    n.as = as;
    n.cfg = &row;
    n.status = ASSESS_CALC_OVERRIDDEN;
    n.base_id = base.id;
    n.date = base.assessment_date;
    n.inputs = base.inputs_json;
    n.weekly = ov->weekly;
    n.annual = ov->annual;
    n.weekly_calculated = ov->weekly_calculated;
    n.reason = why;
    n.by = by;
    if ((rc = result_text(ov, a, &n.result, e)) != 0)
        return rc;
    return insert_calc(c, council_id, &n, now, a, out, e);
}
