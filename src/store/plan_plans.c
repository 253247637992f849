/* plan_plans.c — stored support plans: versions, saves under a revision, snapshots and locking
 * (see plan_store.h, migration 0042). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "io/plan_json.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/record_util.h"
#include "store/store.h"

#define PLAN_COLS                                                                                \
    "p.id, p.person_id, p.version, p.revision, p.status, p.start_date, p.review_date, "          \
    "p.planned_by, p.about_me, p.what_matters, p.outcomes_text, p.budget_use, p.who_helps, "      \
    "p.managing_money, p.contingency, p.risks, p.previous_hash, p.submitted_hash, "              \
    "p.signed_off_hash, p.signed_off_on, p.created_at, p.created_by, p.updated_at, "             \
    "p.updated_by, p.updated_by_name, pe.reference "
#define PLAN_FROM                                                                                \
    "FROM plans p JOIN people pe ON pe.council_id = p.council_id AND pe.id = p.person_id "

const char *plan_store_plan_id(struct arena *a, const char *person_reference)
{
    return arena_printf(a, "%s-plan", person_reference ? person_reference : "");
}

static int parse_status(const char *s, enum plan_status *out)
{
    for (int i = 0; s && i < PLAN_STATUS_COUNT; i++)
        if (strcmp(s, plan_status_id((enum plan_status)i)) == 0) {
            *out = (enum plan_status)i;
            return 0;
        }
    return ERR_INVALID;
}

static int read_header(struct store_stmt *s, struct arena *a, struct plan_row *out, struct err *e)
{
    struct plan *p = &out->plan;
    bool nomem = false, ok = true;
    const char *t;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    p->version = (int)store_col_i64(s, 2);
    p->revision = (int)store_col_i64(s, 3);
    ok &= parse_status(store_col_text(s, 4), &p->status) == 0;
    ok &= pu_date(s, 5, &p->start_date);
    ok &= pu_date(s, 6, &p->review_date);
    p->has_review_date = !store_col_is_null(s, 6);
    ok &= plan_helper_kind_parse(store_col_text(s, 7), &p->planned_by) == 0;
    for (int i = 0; i < PLAN_SECTION_COUNT; i++) {
        t = pu_text(a, s, 8 + i, &nomem);
        p->sections[i] = *t ? t : NULL;
    }
    t = pu_text(a, s, 16, &nomem);
    p->previous_hash = *t ? t : NULL;
    store_col_copy(s, 17, out->submitted_hash, sizeof out->submitted_hash);
    store_col_copy(s, 18, out->signed_off_hash, sizeof out->signed_off_hash);
    ok &= pu_date(s, 19, &out->signed_off_on);
    store_col_copy(s, 20, out->created_at, sizeof out->created_at);
    out->created_by = pu_text(a, s, 21, &nomem);
    store_col_copy(s, 22, out->updated_at, sizeof out->updated_at);
    out->updated_by = pu_text(a, s, 23, &nomem);
    out->updated_by_name = pu_text(a, s, 24, &nomem);
    p->person_ref = pu_text(a, s, 25, &nomem);
    p->id = plan_store_plan_id(a, p->person_ref);
    if (nomem || !p->id)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored plan (id %" PRId64 ") could not be read.", out->id);
    return 0;
}

/* Outcomes, lines and helpers of one version. */
static int load_children(struct store_conn *c, int64_t council_id, struct plan_row *row,
                         struct arena *a, struct err *e)
{
    struct plan *p = &row->plan;
    struct store_stmt *s;
    struct plan_outcome *outs = NULL;
    struct plan_line *lines = NULL;
    struct plan_helper *helpers = NULL;
    size_t nout = 0, capout = 0, nl = 0, capl = 0, nh = 0, caph = 0;
    bool nomem = false, ok = true;
    int rc;

    if ((rc = store_prepare(c, "SELECT outcome_key, outcome_text FROM plan_outcomes WHERE "
                               "council_id = ? AND plan_id = ? ORDER BY ord",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&outs, &capout, nout, sizeof *outs, e)) != 0)
            break;
        outs[nout].id = pu_text(a, s, 0, &nomem);
        outs[nout].text = pu_text(a, s, 1, &nomem);
        nout++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    if ((rc = store_prepare(c,
                            "SELECT line_key, kind, description, frequency, quantity, unit_cost, "
                            "outcomes, managed_by, provider, day_centre, pa_name, pa_born, "
                            "pa_pension, reference FROM plan_lines WHERE council_id = ? AND "
                            "plan_id = ? ORDER BY ord",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct plan_line *l;
        const char *t;
        if ((rc = pu_grow(a, (void **)&lines, &capl, nl, sizeof *lines, e)) != 0)
            break;
        l = &lines[nl++];
        memset(l, 0, sizeof *l);
        l->id = pu_text(a, s, 0, &nomem);
        ok &= plan_line_kind_parse(store_col_text(s, 1), &l->kind) == 0;
        l->description = pu_text(a, s, 2, &nomem);
        ok &= plan_frequency_parse(store_col_text(s, 3), &l->frequency) == 0;
        l->quantity = store_col_i64(s, 4);
        l->unit_cost = store_col_i64(s, 5);
        t = pu_text(a, s, 6, &nomem);
        if ((rc = pu_lines(a, t, (const char ***)&l->outcomes, &l->noutcomes, e)) != 0)
            break;
        ok &= choice_option_parse(store_col_text(s, 7), &l->managed_by) == 0;
        t = pu_text(a, s, 8, &nomem);
        l->provider = *t ? t : NULL;
        l->day_centre = store_col_i64(s, 9) != 0;
        t = pu_text(a, s, 10, &nomem);
        l->pa_name = *t ? t : NULL;
        l->pa_born_known = !store_col_is_null(s, 11);
        ok &= pu_date(s, 11, &l->pa_born);
        ok &= plan_json_pension_parse(store_col_text(s, 12), &l->pa_pension) == 0;
        t = pu_text(a, s, 13, &nomem);
        l->reference = *t ? t : NULL;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    if ((rc = store_prepare(c, "SELECT kind, name FROM plan_helpers WHERE council_id = ? AND "
                               "plan_id = ? ORDER BY ord",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&helpers, &caph, nh, sizeof *helpers, e)) != 0)
            break;
        ok &= plan_helper_kind_parse(store_col_text(s, 0), &helpers[nh].kind) == 0;
        helpers[nh].name = pu_text(a, s, 1, &nomem);
        if (!*helpers[nh].name)
            helpers[nh].name = NULL; /* "none" has one form, as in plan_json */
        nh++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored plan (id %" PRId64 ") has a line that could not be "
                                  "read.",
                       row->id);
    p->outcomes = outs;
    p->noutcomes = nout;
    p->lines = lines;
    p->nlines = nl;
    p->helpers = helpers;
    p->nhelpers = nh;
    return 0;
}

/* One row by a WHERE clause with two int64 parameters. */
static int load_one(struct store_conn *c, int64_t council_id, const char *sql, int64_t p1,
                    int64_t p2, struct arena *a, struct plan_row *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, p1);
    if (p2 >= 0)
        store_bind_i64(s, 3, p2);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_header(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "There is no such plan for this person in this council.");
    store_finish(s);
    if (rc != 0)
        return rc;
    return load_children(c, council_id, out, a, e);
}

int plan_store_current(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_row *out, struct err *e)
{
    return load_one(c, council_id,
                    "SELECT " PLAN_COLS PLAN_FROM "WHERE p.council_id = ? AND p.person_id = ? "
                    "ORDER BY p.version DESC LIMIT 1",
                    person_id, -1, a, out, e);
}

int plan_store_version(struct store_conn *c, int64_t council_id, int64_t person_id, int version,
                       struct arena *a, struct plan_row *out, struct err *e)
{
    return load_one(c, council_id,
                    "SELECT " PLAN_COLS PLAN_FROM "WHERE p.council_id = ? AND p.person_id = ? "
                    "AND p.version = ?",
                    person_id, version, a, out, e);
}

int plan_store_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                   struct plan_row *out, struct err *e)
{
    return load_one(c, council_id, "SELECT " PLAN_COLS PLAN_FROM "WHERE p.council_id = ? AND p.id = ?",
                    id, -1, a, out, e);
}

int plan_store_versions(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct plan_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    struct plan_row *v = NULL;
    size_t cap = 0, count = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " PLAN_COLS PLAN_FROM "WHERE p.council_id = ? AND "
                                                            "p.person_id = ? ORDER BY p.version DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0 ||
            (rc = read_header(s, a, &v[count], e)) != 0)
            break;
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < count; i++)
        if ((rc = load_children(c, council_id, &v[i], a, e)) != 0)
            return rc;
    *items = v;
    *n = count;
    return 0;
}

/* ---- writing ----------------------------------------------------------------------------------- */

/* Sizes the tables allow, checked first so the message names the field. */
static int check_sizes(const struct plan *p, struct err *e)
{
    char f[64];
    for (int i = 0; i < PLAN_SECTION_COUNT; i++)
        if (p->sections[i] && strlen(p->sections[i]) > 8000)
            return err_set_field(e, ERR_INVALID, plan_section_id((enum plan_section)i),
                                 "%s is too long: keep it to 8,000 characters or fewer.",
                                 plan_section_title((enum plan_section)i));
    if (p->noutcomes > 50 || p->nlines > 200 || p->nhelpers > 20)
        return err_set(e, ERR_INVALID, "The plan has too many outcomes, lines or helpers (at most "
                                       "50, 200 and 20).");
    for (size_t i = 0; i < p->noutcomes; i++) {
        snprintf(f, sizeof f, "outcomes[%zu]", i);
        if (strlen(p->outcomes[i].id) > 40 || strlen(p->outcomes[i].text) > 1000)
            return err_set_field(e, ERR_INVALID, f, "Outcome %zu is too long (1,000 characters at "
                                                    "most).",
                                 i + 1);
    }
    for (size_t i = 0; i < p->nhelpers; i++) {
        snprintf(f, sizeof f, "helpers[%zu]", i);
        if (p->helpers[i].name && strlen(p->helpers[i].name) > 200)
            return err_set_field(e, ERR_INVALID, f, "A helper's name is too long.");
    }
    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        size_t olen = 0;
        snprintf(f, sizeof f, "lines[%zu]", i);
        if (strlen(l->id) > 40 || strlen(l->description) > 300)
            return err_set_field(e, ERR_INVALID, f, "%.60s: the description is too long (300 "
                                                    "characters at most).",
                                 l->description);
        if ((l->provider && strlen(l->provider) > 200) || (l->pa_name && strlen(l->pa_name) > 120) ||
            (l->reference && strlen(l->reference) > 60))
            return err_set_field(e, ERR_INVALID, f, "%.60s: a name is too long.", l->description);
        for (size_t k = 0; k < l->noutcomes; k++) {
            if (strchr(l->outcomes[k], '\n'))
                return err_set_field(e, ERR_INVALID, f, "An outcome id has a line break in it.");
            olen += strlen(l->outcomes[k]) + 1;
        }
        if (olen > 2000)
            return err_set_field(e, ERR_INVALID, f, "%.60s is linked to too many outcomes.",
                                 l->description);
    }
    return 0;
}

static int write_children(struct store_conn *c, int64_t council_id, int64_t plan_id,
                          const struct plan *p, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc;
    static const char *const del[] = {
        "DELETE FROM plan_outcomes WHERE council_id = ? AND plan_id = ?",
        "DELETE FROM plan_lines WHERE council_id = ? AND plan_id = ?",
        "DELETE FROM plan_helpers WHERE council_id = ? AND plan_id = ?"};
    for (size_t i = 0; i < 3; i++) {
        if ((rc = store_prepare(c, del[i], &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, plan_id);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < p->noutcomes; i++) {
        if ((rc = store_prepare(c, "INSERT INTO plan_outcomes (council_id, plan_id, ord, "
                                   "outcome_key, outcome_text) VALUES (?, ?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, plan_id);
        store_bind_i64(s, 3, (int64_t)i);
        store_bind_text(s, 4, p->outcomes[i].id);
        store_bind_text(s, 5, p->outcomes[i].text);
        rc = store_step(s, &le);
        store_finish(s);
        if (rc < 0)
            return rec_write_error(rc, &le, "outcomes", "Two outcomes have the same id.", NULL,
                                   NULL, e);
    }
    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        struct buf outs;
        char born[DATE_ISO_SIZE];
        int k = 1;
        buf_init(&outs, 2100);
        for (size_t o = 0; o < l->noutcomes; o++)
            (void)buf_addf(&outs, "%s%s", o ? "\n" : "", l->outcomes[o]);
        if ((rc = store_prepare(c,
                                "INSERT INTO plan_lines (council_id, plan_id, ord, line_key, kind, "
                                "description, frequency, quantity, unit_cost, outcomes, managed_by, "
                                "provider, day_centre, pa_name, pa_born, pa_pension, reference) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                &s, e)) != 0) {
            buf_release(&outs);
            return rc;
        }
        store_bind_i64(s, k++, council_id);
        store_bind_i64(s, k++, plan_id);
        store_bind_i64(s, k++, (int64_t)i);
        store_bind_text(s, k++, l->id);
        store_bind_text(s, k++, plan_line_kind_id(l->kind));
        store_bind_text(s, k++, l->description);
        store_bind_text(s, k++, plan_frequency_id(l->frequency));
        store_bind_i64(s, k++, l->quantity);
        store_bind_i64(s, k++, l->unit_cost);
        store_bind_text(s, k++, outs.data ? outs.data : "");
        store_bind_text(s, k++, choice_option_id(l->managed_by));
        store_bind_text(s, k++, l->provider ? l->provider : "");
        store_bind_i64(s, k++, l->day_centre ? 1 : 0);
        store_bind_text(s, k++, l->kind == PLAN_LINE_PA_HOURS && l->pa_name ? l->pa_name : "");
        if (l->kind == PLAN_LINE_PA_HOURS && l->pa_born_known) {
            date_format_iso(l->pa_born, born);
            store_bind_text(s, k++, born);
        } else {
            store_bind_null(s, k++);
        }
        store_bind_text(s, k++, plan_json_pension_id(l->pa_pension));
        store_bind_text(s, k, l->reference ? l->reference : "");
        rc = store_step(s, &le);
        store_finish(s);
        buf_release(&outs);
        if (rc < 0)
            return rec_write_error(rc, &le, "lines", "Two lines have the same id.", NULL, NULL, e);
    }
    for (size_t i = 0; i < p->nhelpers; i++) {
        if ((rc = store_prepare(c, "INSERT INTO plan_helpers (council_id, plan_id, ord, kind, "
                                   "name) VALUES (?, ?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, plan_id);
        store_bind_i64(s, 3, (int64_t)i);
        store_bind_text(s, 4, plan_helper_kind_id(p->helpers[i].kind));
        store_bind_text(s, 5, p->helpers[i].name ? p->helpers[i].name : "");
        rc = store_step(s, &le);
        store_finish(s);
        if (rc < 0)
            return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    }
    return 0;
}

static int write_snapshot(struct store_conn *c, int64_t council_id, int64_t plan_id,
                          const struct plan *p, const struct plan_actor *by, const char *step,
                          const char *stamp, struct err *e)
{
    struct arena a;
    struct store_stmt *s;
    struct err le = {0};
    const char *json;
    int rc;
    arena_init(&a, 0);
    json = plan_json_encode_text(p, PLAN_JSON_META, &a);
    if (!json) {
        arena_release(&a);
        return err_set(e, ERR_NOMEM, "Out of memory.");
    }
    rc = store_prepare(c,
                       "INSERT INTO plan_revisions (council_id, plan_id, revision, step, saved_by, "
                       "saved_by_name, saved_at, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       &s, e);
    if (rc == 0) {
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, plan_id);
        store_bind_i64(s, 3, p->revision);
        store_bind_text(s, 4, step && *step ? step : "save");
        store_bind_text(s, 5, by->id);
        store_bind_text(s, 6, by->name ? by->name : "");
        store_bind_text(s, 7, stamp);
        store_bind_text(s, 8, json);
        rc = store_step(s, &le);
        store_finish(s);
        if (rc < 0)
            rc = rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    }
    arena_release(&a);
    return rc < 0 ? rc : 0;
}

static void bind_sections(struct store_stmt *s, int *k, const struct plan *p)
{
    for (int i = 0; i < PLAN_SECTION_COUNT; i++)
        store_bind_text(s, (*k)++, p->sections[i] ? p->sections[i] : "");
}

int plan_store_create(struct store_conn *c, int64_t council_id, int64_t person_id,
                      struct plan_row *row, const struct plan_actor *by, const char *step,
                      int64_t now, struct arena *a, struct err *e)
{
    struct plan_row latest;
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], start[DATE_ISO_SIZE], review[DATE_ISO_SIZE];
    const char *ref = NULL;
    int rc, k = 1;
    struct err ne = {0};

    if ((rc = pu_need_tx(c, "Starting a plan", e)) != 0)
        return rc;
    rc = plan_store_current(c, council_id, person_id, a, &latest, &ne);
    if (rc == 0) {
        struct plan *next;
        if (latest.plan.status != PLAN_SIGNED_OFF)
            return err_set(e, ERR_CONFLICT,
                           "This person already has a plan that is not signed off yet (version "
                           "%d, %s). Change that one instead of starting another.",
                           latest.plan.version, plan_status_id(latest.plan.status));
        if ((rc = plan_new_version(&latest.plan, a, &next, e)) != 0)
            return rc;
        row->plan.version = next->version;
        row->plan.previous_hash = next->previous_hash;
        ref = latest.plan.person_ref;
    } else if (rc == ERR_NOT_FOUND) {
        struct store_stmt *q;
        row->plan.version = 1;
        row->plan.previous_hash = NULL;
        if ((rc = store_prepare(c, "SELECT reference FROM people WHERE council_id = ? AND id = ?",
                                &q, e)) != 0)
            return rc;
        store_bind_i64(q, 1, council_id);
        store_bind_i64(q, 2, person_id);
        rc = store_step(q, e);
        if (rc == STORE_ROW)
            ref = arena_strdup(a, store_col_text(q, 0) ? store_col_text(q, 0) : "");
        store_finish(q);
        if (rc == STORE_DONE)
            return err_set(e, ERR_NOT_FOUND, "There is no such person in this council.");
        if (rc < 0)
            return rc;
    } else {
        *e = ne;
        return rc;
    }
    if (!ref)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    row->person_id = person_id;
    row->plan.person_ref = ref;
    row->plan.id = plan_store_plan_id(a, ref);
    row->plan.revision = 0;
    row->plan.status = PLAN_DRAFT;
    if (!row->plan.id)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if ((rc = plan_validate(&row->plan, e)) != 0 || (rc = check_sizes(&row->plan, e)) != 0)
        return rc;
    store_time_format(now, stamp);
    date_format_iso(row->plan.start_date, start);
    if ((rc = store_prepare(c,
                            "INSERT INTO plans (council_id, person_id, version, revision, status, "
                            "start_date, review_date, planned_by, about_me, what_matters, "
                            "outcomes_text, budget_use, who_helps, managing_money, contingency, "
                            "risks, previous_hash, created_at, created_by, updated_at, updated_by, "
                            "updated_by_name) VALUES (?, ?, ?, 0, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, k++, council_id);
    store_bind_i64(s, k++, person_id);
    store_bind_i64(s, k++, row->plan.version);
    store_bind_text(s, k++, start);
    if (row->plan.has_review_date) {
        date_format_iso(row->plan.review_date, review);
        store_bind_text(s, k++, review);
    } else {
        store_bind_null(s, k++);
    }
    store_bind_text(s, k++, plan_helper_kind_id(row->plan.planned_by));
    bind_sections(s, &k, &row->plan);
    store_bind_text(s, k++, row->plan.previous_hash ? row->plan.previous_hash : "");
    store_bind_text(s, k++, stamp);
    store_bind_text(s, k++, by->id);
    store_bind_text(s, k++, stamp);
    store_bind_text(s, k++, by->id);
    store_bind_text(s, k, by->name ? by->name : "");
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "version", "Someone else started a plan for this person "
                                                   "at the same moment. Reload the page.",
                               "person_id", "There is no such person in this council.", e);
    memcpy(row->created_at, stamp, sizeof stamp);
    memcpy(row->updated_at, stamp, sizeof stamp);
    row->created_by = row->updated_by = by->id;
    row->updated_by_name = by->name ? by->name : "";
    row->submitted_hash[0] = row->signed_off_hash[0] = '\0';
    row->signed_off_on = 0;
    if ((rc = write_children(c, council_id, row->id, &row->plan, e)) != 0)
        return rc;
    return write_snapshot(c, council_id, row->id, &row->plan, by, step, stamp, e);
}

int plan_store_save(struct store_conn *c, int64_t council_id, struct plan_row *row,
                    int base_revision, const struct plan_actor *by, const char *step, int64_t now,
                    struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], start[DATE_ISO_SIZE], review[DATE_ISO_SIZE];
    int rc, k = 1;

    if ((rc = pu_need_tx(c, "Saving a plan", e)) != 0)
        return rc;
    if ((rc = plan_validate(&row->plan, e)) != 0 || (rc = check_sizes(&row->plan, e)) != 0)
        return rc;
    store_time_format(now, stamp);
    date_format_iso(row->plan.start_date, start);
    if ((rc = store_prepare(c,
                            "UPDATE plans SET revision = revision + 1, status = 'draft', "
                            "submitted_hash = '', start_date = ?, review_date = ?, planned_by = ?, "
                            "about_me = ?, what_matters = ?, outcomes_text = ?, budget_use = ?, "
                            "who_helps = ?, managing_money = ?, contingency = ?, risks = ?, "
                            "updated_at = ?, updated_by = ?, updated_by_name = ? WHERE council_id = "
                            "? AND id = ? AND revision = ? AND status IN ('draft', 'submitted') "
                            "RETURNING revision",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, k++, start);
    if (row->plan.has_review_date) {
        date_format_iso(row->plan.review_date, review);
        store_bind_text(s, k++, review);
    } else {
        store_bind_null(s, k++);
    }
    store_bind_text(s, k++, plan_helper_kind_id(row->plan.planned_by));
    bind_sections(s, &k, &row->plan);
    store_bind_text(s, k++, stamp);
    store_bind_text(s, k++, by->id);
    store_bind_text(s, k++, by->name ? by->name : "");
    store_bind_i64(s, k++, council_id);
    store_bind_i64(s, k++, row->id);
    store_bind_i64(s, k, base_revision);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        row->plan.revision = (int)store_col_i64(s, 0);
    store_finish(s);
    if (rc == STORE_DONE) {
        /* Nothing changed: say why, in the domain's words (locked, or someone saved first). */
        struct arena a;
        struct plan_row now_row;
        arena_init(&a, 0);
        rc = plan_store_get(c, council_id, row->id, &a, &now_row, e);
        if (rc == 0) {
            rc = plan_check_editable(&now_row.plan, base_revision, e);
            if (rc == 0) /* cannot happen: the update would have matched */
                rc = err_set(e, ERR_CONFLICT, "The plan changed while it was being saved. Reload it.");
        }
        arena_release(&a);
        return rc;
    }
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    row->plan.status = PLAN_DRAFT;
    row->submitted_hash[0] = '\0';
    memcpy(row->updated_at, stamp, sizeof stamp);
    row->updated_by = by->id;
    row->updated_by_name = by->name ? by->name : "";
    if ((rc = write_children(c, council_id, row->id, &row->plan, e)) != 0)
        return rc;
    return write_snapshot(c, council_id, row->id, &row->plan, by, step, stamp, e);
}

/* Runs an UPDATE ... RETURNING id that must change exactly one row. */
static int update_one(struct store_stmt *s, const char *why, struct err *e)
{
    struct err le = {0};
    int rc = store_step(s, &le);
    store_finish(s);
    if (rc == STORE_ROW)
        return 0;
    if (rc == STORE_DONE)
        return err_set(e, ERR_CONFLICT, "%s", why);
    return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
}

int plan_store_mark_submitted(struct store_conn *c, int64_t council_id, struct plan_row *row,
                              const char *hash, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    if (!hash || strlen(hash) != 64)
        return err_set(e, ERR_INVALID, "A plan is submitted with its content hash.");
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE plans SET status = 'submitted', submitted_hash = ?, "
                               "updated_at = ? WHERE council_id = ? AND id = ? AND revision = ? AND "
                               "status IN ('draft', 'submitted') RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, hash);
    store_bind_text(s, 2, stamp);
    store_bind_i64(s, 3, council_id);
    store_bind_i64(s, 4, row->id);
    store_bind_i64(s, 5, row->plan.revision);
    if ((rc = update_one(s, "Someone saved the plan after you opened it, or it is locked. Reload "
                            "it, check it, then send it for sign-off again.",
                         e)) != 0)
        return rc;
    row->plan.status = PLAN_SUBMITTED;
    snprintf(row->submitted_hash, sizeof row->submitted_hash, "%s", hash);
    memcpy(row->updated_at, stamp, sizeof stamp);
    return 0;
}

int plan_store_mark_signed_off(struct store_conn *c, int64_t council_id, int64_t plan_id,
                               const char *hash, day_t on, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], day[DATE_ISO_SIZE];
    int rc;
    if ((rc = pu_need_tx(c, "Signing off a plan", e)) != 0)
        return rc;
    store_time_format(now, stamp);
    date_format_iso(on, day);
    /* Earlier signed-off versions of the same person are now history. */
    if ((rc = store_prepare(c, "UPDATE plans SET status = 'superseded', updated_at = ? WHERE "
                               "council_id = ? AND status = 'signed_off' AND person_id = (SELECT "
                               "person_id FROM plans WHERE council_id = ? AND id = ?) AND id <> ?",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, council_id);
    store_bind_i64(s, 4, plan_id);
    store_bind_i64(s, 5, plan_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    if ((rc = store_prepare(c, "UPDATE plans SET status = 'signed_off', signed_off_hash = ?, "
                               "signed_off_on = ?, updated_at = ? WHERE council_id = ? AND id = ? "
                               "AND status = 'submitted' AND submitted_hash = ? RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, hash);
    store_bind_text(s, 2, day);
    store_bind_text(s, 3, stamp);
    store_bind_i64(s, 4, council_id);
    store_bind_i64(s, 5, plan_id);
    store_bind_text(s, 6, hash);
    return update_one(s, "The plan has changed since it was sent for sign-off, so this approval "
                         "does not cover it. It needs a new approval.",
                      e);
}

int plan_store_mark_draft(struct store_conn *c, int64_t council_id, int64_t plan_id,
                          const char *hash, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE plans SET status = 'draft', submitted_hash = '', "
                               "updated_at = ? WHERE council_id = ? AND id = ? AND status = "
                               "'submitted' AND submitted_hash = ? RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, plan_id);
    store_bind_text(s, 4, hash);
    rc = update_one(s, "changed", e);
    /* Already changed by its writer (and so already a draft): nothing to undo. */
    if (rc == ERR_CONFLICT) {
        err_clear(e);
        return 0;
    }
    return rc;
}

int plan_store_revisions(struct store_conn *c, int64_t council_id, int64_t plan_id,
                         struct arena *a, struct plan_revision_row **items, size_t *n,
                         struct err *e)
{
    struct store_stmt *s;
    struct plan_revision_row *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT revision, step, saved_by, saved_by_name, saved_at FROM "
                               "plan_revisions WHERE council_id = ? AND plan_id = ? ORDER BY "
                               "revision DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, plan_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        v[count].revision = (int)store_col_i64(s, 0);
        v[count].step = pu_text(a, s, 1, &nomem);
        v[count].saved_by = pu_text(a, s, 2, &nomem);
        v[count].saved_by_name = pu_text(a, s, 3, &nomem);
        store_col_copy(s, 4, v[count].saved_at, sizeof v[count].saved_at);
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    *items = v;
    *n = count;
    return 0;
}

int plan_store_revision_plan(struct store_conn *c, int64_t council_id, int64_t plan_id,
                             int revision, const struct plan *current, struct arena *a,
                             struct plan *out, struct plan_revision_row *who, struct err *e)
{
    struct store_stmt *s;
    const char *json = NULL;
    bool nomem = false;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(c, "SELECT content, step, saved_by, saved_by_name, saved_at FROM "
                               "plan_revisions WHERE council_id = ? AND plan_id = ? AND revision = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, plan_id);
    store_bind_i64(s, 3, revision);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        json = pu_text(a, s, 0, &nomem);
        if (who) {
            who->revision = revision;
            who->step = pu_text(a, s, 1, &nomem);
            who->saved_by = pu_text(a, s, 2, &nomem);
            who->saved_by_name = pu_text(a, s, 3, &nomem);
            store_col_copy(s, 4, who->saved_at, sizeof who->saved_at);
        }
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_NOT_FOUND, "There is no save %d of this plan.", revision);
    }
    store_finish(s);
    if (rc != 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    out->id = current->id;
    out->person_ref = current->person_ref;
    out->previous_hash = current->previous_hash;
    return plan_json_decode_text(json, strlen(json), PLAN_JSON_META, a, out, e);
}
