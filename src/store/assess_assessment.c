/* assess_assessment.c — stored assessments and their answers, saved step by step; see
 * assess_store.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/assess_store.h"
#include "store/assess_util.h"
#include "store/record_util.h"
#include "store/store.h"

static const char *const kind_names[ASSESS_KIND_COUNT] = {"needs", "carer"};
static const char *const kind_labels[ASSESS_KIND_COUNT] = {"needs assessment",
                                                           "carer's assessment"};
static const char *const status_names[ASSESS_STATUS_COUNT] = {"draft", "submitted", "completed"};

const char *assess_kind_name(enum assess_kind k)
{
    return (unsigned)k < ASSESS_KIND_COUNT ? kind_names[k] : "needs";
}

const char *assess_kind_label(enum assess_kind k)
{
    return (unsigned)k < ASSESS_KIND_COUNT ? kind_labels[k] : "assessment";
}

int assess_kind_parse(const char *s, enum assess_kind *out)
{
    for (int i = 0; i < ASSESS_KIND_COUNT; i++)
        if (s && strcmp(s, kind_names[i]) == 0) {
            *out = (enum assess_kind)i;
            return 0;
        }
    return ERR_INVALID;
}

const char *assess_status_name(enum assess_status s)
{
    return (unsigned)s < ASSESS_STATUS_COUNT ? status_names[s] : "draft";
}

int assess_status_parse(const char *s, enum assess_status *out)
{
    for (int i = 0; i < ASSESS_STATUS_COUNT; i++)
        if (s && strcmp(s, status_names[i]) == 0) {
            *out = (enum assess_status)i;
            return 0;
        }
    return ERR_INVALID;
}

/* ---- lookups in a loaded assessment ---------------------------------------------------------- */

const struct assess_outcome *assess_find_outcome(const struct assessment *as, const char *key)
{
    for (size_t i = 0; key && i < as->noutcomes; i++)
        if (strcmp(as->outcomes[i].outcome, key) == 0)
            return &as->outcomes[i];
    return NULL;
}

const char *assess_find_answer(const struct assessment *as, const char *question)
{
    for (size_t i = 0; question && i < as->nanswers; i++)
        if (strcmp(as->answers[i].question, question) == 0)
            return as->answers[i].answer;
    return NULL;
}

const char *assess_find_carer(const struct assessment *as, const char *domain)
{
    for (size_t i = 0; domain && i < as->ncarer; i++)
        if (strcmp(as->carer[i].domain, domain) == 0)
            return as->carer[i].level;
    return NULL;
}

bool assess_has_adjustment(const struct assessment *as, const char *id)
{
    size_t n = id ? strlen(id) : 0;
    const char *p = as->adjustments;
    while (n && p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && memcmp(p, id, n) == 0)
            return true;
        p += len + (comma ? 1 : 0);
    }
    return false;
}

/* ---- reading --------------------------------------------------------------------------------- */

#define AS_COLS                                                                                  \
    "id, council_id, person_id, kind, seq, supersedes_id, status, ras_config_id, what_matters, " \
    "condition1, health_at_risk, significant_impact, wellbeing, carer_helps, adjustments, "     \
    "ordinary_residence, assessment_date, started_by, started_by_name, submitted_at, "          \
    "submitted_by, submitted_by_name, completed_at, completed_by, completed_by_name, "          \
    "created_at, updated_at, version "

static int read_row(struct store_stmt *s, struct arena *a, struct assessment *out, struct err *e)
{
    bool nomem = false, ok = true;
    const char *t;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->council_id = store_col_i64(s, 1);
    out->person_id = store_col_i64(s, 2);
    ok &= assess_kind_parse(store_col_text(s, 3), &out->kind) == 0;
    out->seq = store_col_i64(s, 4);
    out->supersedes_id = store_col_i64(s, 5);
    ok &= assess_status_parse(store_col_text(s, 6), &out->status) == 0;
    out->ras_config_id = store_col_i64(s, 7);
    out->what_matters = assess_col_dup(s, 8, a, &nomem);
    ok &= assess_answer_parse(store_col_text(s, 9), &out->condition1) == 0;
    ok &= assess_answer_parse(store_col_text(s, 10), &out->health_at_risk) == 0;
    ok &= assess_answer_parse(store_col_text(s, 11), &out->significant_impact) == 0;
    ok &= assess_bits_parse(store_col_text(s, 12), elig_wellbeing_parse, &out->wellbeing) == 0;
    ok &= assess_answer_parse(store_col_text(s, 13), &out->carer_helps) == 0;
    out->adjustments = assess_col_dup(s, 14, a, &nomem);
    out->ordinary_residence = assess_col_dup(s, 15, a, &nomem);
    if ((t = store_col_text(s, 16)) != NULL) {
        out->has_assessment_date = true;
        ok &= date_parse_iso(t, strlen(t), &out->assessment_date, "assessment_date", NULL) == 0;
    }
    out->started_by = assess_col_dup(s, 17, a, &nomem);
    out->started_by_name = assess_col_dup(s, 18, a, &nomem);
    out->submitted_at = assess_col_dup(s, 19, a, &nomem);
    out->submitted_by = assess_col_dup(s, 20, a, &nomem);
    out->submitted_by_name = assess_col_dup(s, 21, a, &nomem);
    out->completed_at = assess_col_dup(s, 22, a, &nomem);
    out->completed_by = assess_col_dup(s, 23, a, &nomem);
    out->completed_by_name = assess_col_dup(s, 24, a, &nomem);
    store_col_copy(s, 25, out->created_at, sizeof out->created_at);
    store_col_copy(s, 26, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 27);
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored assessment (id %" PRId64 ") could not be read.",
                       out->id);
    return 0;
}

/* Runs a query whose rows are assessments; *items grows in a. max 0 = no limit. */
static int query_rows(struct store_stmt *s, struct arena *a, struct assessment **items, size_t *n,
                      struct err *e)
{
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct assessment *room = rec_grow(a, *items, *n, &cap, 8, sizeof *room);
        if (!room)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        *items = room;
        if ((rc = read_row(s, a, &(*items)[*n], e)) != 0)
            return rc;
        (*n)++;
    }
    return rc < 0 ? rc : 0;
}

static int load_answers(struct store_conn *c, int64_t council_id, struct assessment *as,
                        struct arena *a, struct err *e)
{
    struct store_stmt *s;
    int rc;
    bool nomem = false;
    size_t cap;

    /* Outcomes. */
    if ((rc = store_prepare(c,
                            "SELECT outcome, status, reasons, notes FROM assessment_outcomes "
                            "WHERE council_id = ? AND assessment_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    cap = 0;
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct assess_outcome *o;
        struct assess_outcome *room = rec_grow(a, as->outcomes, as->noutcomes,
                                               &cap, 16, sizeof *room);
        if (!room) {
            nomem = true;
            break;
        }
        as->outcomes = room;
        o = &as->outcomes[as->noutcomes++];
        o->outcome = assess_col_dup(s, 0, a, &nomem);
        if (elig_status_parse(store_col_text(s, 1), &o->status) != 0 ||
            assess_bits_parse(store_col_text(s, 2), elig_reason_parse, &o->reasons) != 0) {
            store_finish(s);
            return err_set(e, ERR_IO, "A stored answer of assessment %" PRId64 " could not be read.",
                           as->id);
        }
        o->notes = assess_col_dup(s, 3, a, &nomem);
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* RAS answers, in the order they were first given. */
    if ((rc = store_prepare(c,
                            "SELECT question, answer FROM assessment_ras_answers WHERE "
                            "council_id = ? AND assessment_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    cap = 0;
    while (!nomem && (rc = store_step(s, e)) == STORE_ROW) {
        struct assess_ras_answer *room = rec_grow(a, as->answers, as->nanswers,
                                                  &cap, 32, sizeof *room);
        if (!room) {
            nomem = true;
            break;
        }
        as->answers = room;
        as->answers[as->nanswers].question = assess_col_dup(s, 0, a, &nomem);
        as->answers[as->nanswers].answer = assess_col_dup(s, 1, a, &nomem);
        as->nanswers++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* Carer support. */
    if ((rc = store_prepare(c,
                            "SELECT domain, level FROM assessment_carer_support WHERE "
                            "council_id = ? AND assessment_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    cap = 0;
    while (!nomem && (rc = store_step(s, e)) == STORE_ROW) {
        struct assess_carer_support *room = rec_grow(a, as->carer, as->ncarer,
                                                     &cap, 16, sizeof *room);
        if (!room) {
            nomem = true;
            break;
        }
        as->carer = room;
        as->carer[as->ncarer].domain = assess_col_dup(s, 0, a, &nomem);
        as->carer[as->ncarer].level = assess_col_dup(s, 1, a, &nomem);
        as->ncarer++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    return nomem ? err_set(e, ERR_NOMEM, "Out of memory.") : 0;
}

/* One assessment from a query with up to three int64 parameters, with its answers. */
static int get_one(struct store_conn *c, const char *sql, int64_t council_id, int64_t p2,
                   int64_t p3, bool with_p3, struct arena *a, struct assessment *out,
                   const char *missing, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, p2);
    if (with_p3)
        store_bind_i64(s, 3, p3);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_row(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "%s", missing);
    store_finish(s);
    if (rc != 0)
        return rc;
    return load_answers(c, council_id, out, a, e);
}

int assess_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
               struct assessment *out, struct err *e)
{
    return get_one(c, "SELECT " AS_COLS "FROM assessments WHERE council_id = ? AND id = ?",
                   council_id, id, 0, false, a, out,
                   "There is no such assessment in this council.", e);
}

int assess_current(struct store_conn *c, int64_t council_id, int64_t person_id, struct arena *a,
                   struct assessment *out, struct err *e)
{
    return get_one(c,
                   "SELECT " AS_COLS "FROM assessments WHERE council_id = ? AND person_id = ? "
                   "ORDER BY seq DESC LIMIT 1",
                   council_id, person_id, 0, false, a, out,
                   "This person has not had an assessment yet.", e);
}

int assess_latest_completed(struct store_conn *c, int64_t council_id, int64_t person_id,
                            struct arena *a, struct assessment *out, struct err *e)
{
    return get_one(c,
                   "SELECT " AS_COLS "FROM assessments WHERE council_id = ? AND person_id = ? "
                   "AND status = 'completed' ORDER BY seq DESC LIMIT 1",
                   council_id, person_id, 0, false, a, out,
                   "This person has no completed assessment yet.", e);
}

int assess_list(struct store_conn *c, int64_t council_id, int64_t person_id, struct arena *a,
                struct assessment **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c,
                            "SELECT " AS_COLS "FROM assessments WHERE council_id = ? AND "
                            "person_id = ? ORDER BY seq DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    rc = query_rows(s, a, items, n, e);
    store_finish(s);
    return rc;
}

/* ---- writing --------------------------------------------------------------------------------- */

static int check_actor(const struct assess_actor *by, struct err *e)
{
    if (!by || !by->id || !*by->id || strlen(by->id) > 120 || (by->name && strlen(by->name) > 200))
        return err_set(e, ERR_INVALID, "Who made the change must be recorded.");
    return 0;
}

int assess_start(struct store_conn *c, int64_t council_id, int64_t person_id, enum assess_kind kind,
                 int64_t ras_config_id, const struct assess_actor *by, int64_t now,
                 struct arena *a, struct assessment *out, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int64_t open = 0, seq = 0, last_id = 0;
    int rc;
    char stamp[STORE_TIME_SIZE];

    if ((rc = assess_need_tx(c, "Starting an assessment", e)) != 0 ||
        (rc = check_actor(by, e)) != 0)
        return rc;
    if ((unsigned)kind >= ASSESS_KIND_COUNT)
        return err_set_field(e, ERR_INVALID, "kind", "Choose a needs assessment or a carer's "
                                                     "assessment.");
    if ((rc = store_query_i64(c,
                              "SELECT count(*) FROM assessments WHERE council_id = ? AND "
                              "person_id = ? AND status <> 'completed'",
                              2, (int64_t[]){council_id, person_id}, &open, e)) != 0)
        return rc;
    if (open > 0)
        return err_set(e, ERR_CONFLICT,
                       "An assessment is already in progress for this person: finish it (or ask "
                       "the worker to complete it) before starting another.");
    if ((rc = store_prepare(c,
                            "SELECT id, seq FROM assessments WHERE council_id = ? AND "
                            "person_id = ? ORDER BY seq DESC LIMIT 1",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    if ((rc = store_step(s, e)) == STORE_ROW) {
        last_id = store_col_i64(s, 0);
        seq = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "INSERT INTO assessments (council_id, person_id, kind, seq, "
                            "supersedes_id, status, ras_config_id, started_by, started_by_name, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?) "
                            "RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    store_bind_text(s, 3, assess_kind_name(kind));
    store_bind_i64(s, 4, seq + 1);
    store_bind_id_or_null(s, 5, last_id);
    store_bind_id_or_null(s, 6, ras_config_id);
    store_bind_text(s, 7, by->id);
    store_bind_text(s, 8, by->name ? by->name : "");
    store_bind_text(s, 9, stamp);
    store_bind_text(s, 10, stamp);
    rc = store_step(s, &le);
    int64_t id = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "seq",
                               "Someone else started an assessment for this person at the same "
                               "moment. Reload the page.",
                               "person_id", "There is no such person in this council", e);
    return assess_get(c, council_id, id, a, out, e);
}

/* Bumps the version of an assessment that is still open to changes. */
static int touch(struct store_conn *c, int64_t council_id, struct assessment *as, int64_t now,
                 struct err *e)
{
    struct store_stmt *s;
    int rc;
    int64_t changed;
    char stamp[STORE_TIME_SIZE];
    if (as->status == ASSESS_COMPLETED)
        return err_set(e, ERR_CONFLICT,
                       "This assessment has been completed and cannot be changed. Start a "
                       "reassessment to record changes.");
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE assessments SET version = version + 1, updated_at = ? WHERE "
                            "council_id = ? AND id = ? AND version = ? AND status <> 'completed'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, as->id);
    store_bind_i64(s, 4, as->version);
    rc = store_step(s, e);
    changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return rec_stale_or_missing(c, "assessments", "assessment", council_id, as->id, e);
    as->version++;
    memcpy(as->updated_at, stamp, sizeof stamp);
    return 0;
}

/* Copies and checks a free text answer into a (trimmed). */
static int text_field(const char *in, size_t max, const char *field, const char *label,
                      struct arena *a, const char **out, struct err *e)
{
    char *copy = arena_strdup(a, in ? in : "");
    int rc;
    if (!copy)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if ((rc = rec_text(copy, 0, max, REC_MULTI_LINE, field, label, e)) != 0)
        return rc;
    *out = copy;
    return 0;
}

int assess_update_facts(struct store_conn *c, int64_t council_id, struct assessment *as,
                        int64_t now, struct err *e)
{
    struct arena tmp;
    struct store_stmt *s;
    const char *what = "", *wb;
    int rc;

    if ((rc = assess_need_tx(c, "Changing an assessment", e)) != 0)
        return rc;
    if ((as->wellbeing & ~ELIG_WB_ALL) != 0)
        return err_set_field(e, ERR_INVALID, "wellbeing", "An unknown wellbeing area was given.");
    if (as->kind != ASSESS_CARER && as->health_at_risk != ELIG_UNANSWERED)
        return err_set_field(e, ERR_INVALID, "health_at_risk",
                             "Whether health is at risk is asked in a carer's assessment only.");
    if (as->ordinary_residence && *as->ordinary_residence &&
        strcmp(as->ordinary_residence, "confirmed") != 0 &&
        strcmp(as->ordinary_residence, "not_confirmed") != 0)
        return err_set_field(e, ERR_INVALID, "ordinary_residence",
                             "Ordinary residence must be confirmed or not_confirmed.");
    /* The assessor's adjustments: ids separated by commas. */
    for (const char *p = as->adjustments; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char id[48];
        if (n == 0 || n >= sizeof id)
            return err_set_field(e, ERR_INVALID, "adjustments", "An adjustment id is not valid.");
        memcpy(id, p, n);
        id[n] = '\0';
        if (!assess_id_ok(id))
            return err_set_field(e, ERR_INVALID, "adjustments",
                                 "Adjustment \"%s\" is not a valid id.", id);
        p += n + (comma ? 1 : 0);
    }
    if (as->adjustments && strlen(as->adjustments) > 2000)
        return err_set_field(e, ERR_INVALID, "adjustments", "Too many adjustments were chosen.");

    arena_init(&tmp, 0);
    if ((rc = text_field(as->what_matters, ASSESS_WHAT_MATTERS_MAX, "what_matters",
                         "What matters to you", &tmp, &what, e)) != 0)
        goto done;
    if (!(wb = assess_bits_text(as->wellbeing, elig_wellbeing_key, &tmp))) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    if ((rc = touch(c, council_id, as, now, e)) != 0)
        goto done;
    if ((rc = store_prepare(c,
                            "UPDATE assessments SET what_matters = ?, condition1 = ?, "
                            "health_at_risk = ?, significant_impact = ?, wellbeing = ?, "
                            "carer_helps = ?, adjustments = ?, ordinary_residence = ? WHERE "
                            "council_id = ? AND id = ?",
                            &s, e)) != 0)
        goto done;
    store_bind_text(s, 1, what);
    store_bind_text(s, 2, assess_answer_name(as->condition1));
    store_bind_text(s, 3, assess_answer_name(as->health_at_risk));
    store_bind_text(s, 4, assess_answer_name(as->significant_impact));
    store_bind_text(s, 5, wb);
    store_bind_text(s, 6, assess_answer_name(as->carer_helps));
    store_bind_text(s, 7, as->adjustments ? as->adjustments : "");
    store_bind_text(s, 8, as->ordinary_residence ? as->ordinary_residence : "");
    store_bind_i64(s, 9, council_id);
    store_bind_i64(s, 10, as->id);
    rc = store_step(s, e);
    store_finish(s);
    rc = rc < 0 ? rc : 0;
done:
    arena_release(&tmp);
    return rc;
}

int assess_set_outcome(struct store_conn *c, int64_t council_id, struct assessment *as,
                       const char *outcome, enum elig_status status, unsigned reasons,
                       const char *notes, int64_t now, struct err *e)
{
    const struct elig_outcome_info *info;
    int idx = as->kind == ASSESS_CARER ? elig_carer_outcome_find(outcome)
                                       : elig_adult_outcome_find(outcome);
    unsigned allowed = as->kind == ASSESS_CARER ? ELIG_REASONS_CARER : ELIG_REASONS_ADULT;
    struct arena tmp;
    struct store_stmt *s;
    const char *why = "", *reason_text;
    char field[64], stamp[STORE_TIME_SIZE];
    int rc;

    if ((rc = assess_need_tx(c, "Changing an assessment", e)) != 0)
        return rc;
    if (idx < 0)
        return err_set_field(e, ERR_INVALID, "outcome", "There is no outcome \"%s\" in a %s.",
                             outcome ? outcome : "", assess_kind_label(as->kind));
    info = as->kind == ASSESS_CARER ? elig_carer_outcome(idx) : elig_adult_outcome(idx);
    snprintf(field, sizeof field, "outcomes.%s", info->key);
    if (status != ELIG_ACHIEVED && status != ELIG_NOT_ACHIEVED && status != ELIG_NOT_APPLICABLE)
        return err_set_field(e, ERR_INVALID, field, "Say whether %s is achieved or not.",
                             info->label);
    if (status == ELIG_NOT_APPLICABLE && !info->may_be_not_applicable)
        return err_set_field(e, ERR_INVALID, field,
                             "Outcome %s, %s, applies to everyone: say whether it is achieved.",
                             info->letter, info->label);
    if (status == ELIG_NOT_ACHIEVED && reasons == 0)
        return err_set_field(e, ERR_INVALID, field,
                             "Say why %s cannot be achieved: choose at least one reason.",
                             info->label);
    if (status != ELIG_NOT_ACHIEVED && reasons != 0)
        return err_set_field(e, ERR_INVALID, field,
                             "%s is marked %s, so it cannot have reasons why it is not achieved.",
                             info->label, elig_status_key(status));
    if ((reasons & ~allowed) != 0)
        return err_set_field(e, ERR_INVALID, field,
                             as->kind == ASSESS_CARER
                                 ? "Taking significantly longer than normal is not one of the "
                                   "reasons for a carer in the regulations (reg 3(3))."
                                 : "An unknown reason was given.");
    arena_init(&tmp, 0);
    if ((rc = text_field(notes, ASSESS_NOTES_MAX, field, "What you told us", &tmp, &why, e)) != 0)
        goto done;
    if (!(reason_text = assess_bits_text(reasons, elig_reason_key, &tmp))) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    if ((rc = touch(c, council_id, as, now, e)) != 0)
        goto done;
    store_time_format(now, stamp);
    /* Upsert: one row per outcome. Delete then insert keeps the SQL the same on both backends. */
    if ((rc = store_prepare(c,
                            "DELETE FROM assessment_outcomes WHERE council_id = ? AND "
                            "assessment_id = ? AND outcome = ?",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    store_bind_text(s, 3, info->key);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        goto done;
    if ((rc = store_prepare(c,
                            "INSERT INTO assessment_outcomes (council_id, assessment_id, outcome, "
                            "status, reasons, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    store_bind_text(s, 3, info->key);
    store_bind_text(s, 4, elig_status_key(status));
    store_bind_text(s, 5, reason_text);
    store_bind_text(s, 6, why);
    store_bind_text(s, 7, stamp);
    rc = store_step(s, e);
    store_finish(s);
    rc = rc < 0 ? rc : 0;
done:
    arena_release(&tmp);
    return rc;
}

/* Shared by RAS answers and carer support: (key, value) rows of one assessment. */
static int set_pair(struct store_conn *c, int64_t council_id, struct assessment *as,
                    const char *table_delete, const char *table_insert, const char *key,
                    const char *value, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    if ((rc = touch(c, council_id, as, now, e)) != 0)
        return rc;
    if ((rc = store_prepare(c, table_delete, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    store_bind_text(s, 3, key);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0 || !value)
        return rc < 0 ? rc : 0;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, table_insert, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->id);
    store_bind_text(s, 3, key);
    store_bind_text(s, 4, value);
    store_bind_text(s, 5, stamp);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int assess_set_ras_answer(struct store_conn *c, int64_t council_id, struct assessment *as,
                          const char *question, const char *answer, int64_t now, struct err *e)
{
    const char *dot = question ? strchr(question, '.') : NULL;
    char dom[48];
    int rc;
    if ((rc = assess_need_tx(c, "Changing an assessment", e)) != 0)
        return rc;
    if (!dot || (size_t)(dot - question) >= sizeof dom)
        return err_set_field(e, ERR_INVALID, "question",
                             "A question is named like \"personal_care.washing\".");
    memcpy(dom, question, (size_t)(dot - question));
    dom[dot - question] = '\0';
    if (!assess_id_ok(dom) || !assess_id_ok(dot + 1))
        return err_set_field(e, ERR_INVALID, "question",
                             "A question is named like \"personal_care.washing\".");
    if (answer && !assess_id_ok(answer))
        return err_set_field(e, ERR_INVALID, "answer", "The answer given is not one of the "
                                                       "choices.");
    return set_pair(c, council_id, as,
                    "DELETE FROM assessment_ras_answers WHERE council_id = ? AND assessment_id = ? "
                    "AND question = ?",
                    "INSERT INTO assessment_ras_answers (council_id, assessment_id, question, "
                    "answer, updated_at) VALUES (?, ?, ?, ?, ?)",
                    question, answer, now, e);
}

int assess_set_carer_support(struct store_conn *c, int64_t council_id, struct assessment *as,
                             const char *domain, const char *level, int64_t now, struct err *e)
{
    int rc;
    if ((rc = assess_need_tx(c, "Changing an assessment", e)) != 0)
        return rc;
    if (!assess_id_ok(domain))
        return err_set_field(e, ERR_INVALID, "domain", "The area of support is not valid.");
    if (level && !assess_id_ok(level))
        return err_set_field(e, ERR_INVALID, "level", "The amount of help given is not one of "
                                                      "the choices.");
    return set_pair(c, council_id, as,
                    "DELETE FROM assessment_carer_support WHERE council_id = ? AND "
                    "assessment_id = ? AND domain = ?",
                    "INSERT INTO assessment_carer_support (council_id, assessment_id, domain, "
                    "level, updated_at) VALUES (?, ?, ?, ?, ?)",
                    domain, level, now, e);
}

/* Moves the status on, stamping who and when; `from` lists the statuses allowed before. */
static int move(struct store_conn *c, int64_t council_id, struct assessment *as,
                enum assess_status to, const struct assess_actor *by, day_t today, int64_t now,
                struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], day[DATE_ISO_SIZE];
    int rc;
    int64_t changed;
    bool set_date = !as->has_assessment_date;

    if ((rc = assess_need_tx(c, "Changing an assessment", e)) != 0 ||
        (rc = check_actor(by, e)) != 0)
        return rc;
    if (to == ASSESS_SUBMITTED && as->status != ASSESS_DRAFT)
        return err_set(e, ERR_CONFLICT, "This assessment has already been sent.");
    if (to == ASSESS_COMPLETED && as->status == ASSESS_COMPLETED)
        return err_set(e, ERR_CONFLICT, "This assessment has already been completed.");
    store_time_format(now, stamp);
    date_format_iso(today, day);
    if ((rc = store_prepare(c,
                            to == ASSESS_SUBMITTED
                                ? "UPDATE assessments SET status = 'submitted', submitted_at = ?, "
                                  "submitted_by = ?, submitted_by_name = ?, assessment_date = "
                                  "coalesce(assessment_date, ?), version = version + 1, "
                                  "updated_at = ? WHERE council_id = ? AND id = ? AND version = ? "
                                  "AND status = 'draft'"
                                : "UPDATE assessments SET status = 'completed', completed_at = ?, "
                                  "completed_by = ?, completed_by_name = ?, assessment_date = "
                                  "coalesce(assessment_date, ?), version = version + 1, "
                                  "updated_at = ? WHERE council_id = ? AND id = ? AND version = ? "
                                  "AND status <> 'completed'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_text(s, 2, by->id);
    store_bind_text(s, 3, by->name ? by->name : "");
    store_bind_text(s, 4, day);
    store_bind_text(s, 5, stamp);
    store_bind_i64(s, 6, council_id);
    store_bind_i64(s, 7, as->id);
    store_bind_i64(s, 8, as->version);
    rc = store_step(s, e);
    changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return rec_stale_or_missing(c, "assessments", "assessment", council_id, as->id, e);
    as->status = to;
    as->version++;
    memcpy(as->updated_at, stamp, sizeof stamp);
    if (set_date) {
        as->has_assessment_date = true;
        as->assessment_date = today;
    }
    return 0;
}

int assess_submit(struct store_conn *c, int64_t council_id, struct assessment *as,
                  const struct assess_actor *by, day_t today, int64_t now, struct err *e)
{
    return move(c, council_id, as, ASSESS_SUBMITTED, by, today, now, e);
}

int assess_mark_completed(struct store_conn *c, int64_t council_id, struct assessment *as,
                          const struct assess_actor *by, day_t today, int64_t now, struct err *e)
{
    return move(c, council_id, as, ASSESS_COMPLETED, by, today, now, e);
}

/* ---- the domain's input --------------------------------------------------------------------- */

void assess_elig_adult_input(const struct assessment *as, struct elig_adult_input *in)
{
    memset(in, 0, sizeof *in);
    in->impairment = as->condition1;
    in->significant_impact = as->significant_impact;
    in->wellbeing = as->wellbeing;
    for (int i = 0; i < ELIG_ADULT_OUTCOMES; i++) {
        const struct assess_outcome *o = assess_find_outcome(as, elig_adult_outcome(i)->key);
        if (o) {
            in->outcomes[i].status = o->status;
            in->outcomes[i].reasons = o->reasons;
        }
    }
}

void assess_elig_carer_input(const struct assessment *as, struct elig_carer_input *in)
{
    memset(in, 0, sizeof *in);
    in->necessary_care = as->condition1;
    in->health_at_risk = as->health_at_risk;
    in->significant_impact = as->significant_impact;
    in->wellbeing = as->wellbeing;
    for (int i = 0; i < ELIG_CARER_OUTCOMES; i++) {
        const struct assess_outcome *o = assess_find_outcome(as, elig_carer_outcome(i)->key);
        if (o) {
            in->outcomes[i].status = o->status;
            in->outcomes[i].reasons = o->reasons;
        }
    }
}
