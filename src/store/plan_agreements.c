/* plan_agreements.c — stored direct payment agreements and acceptances (0047), and the
 * arrangements set up behind the choice gate (0048); see plan_store.h. */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/plan_records.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/record_util.h"
#include "store/store.h"

static const char *const recipient_ids[] = {"person", "nominated", "authorised"};
static const char *const account_ids[] = {"bank", "prepaid_card", "managed"};

static bool parse_in(const char *s, const char *const *ids, int n, int *out)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, ids[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

/* The sections as JSON text: [{"heading": ..., "paragraphs": [...]}]. */
static char *body_json(const struct dp_agreement *ag, struct arena *a)
{
    json_t *arr = json_array();
    char *text, *out = NULL;
    if (!arr)
        return NULL;
    for (size_t i = 0; i < ag->nsections; i++) {
        json_t *ps = json_array();
        for (size_t k = 0; ps && k < ag->sections[i].nparagraphs; k++)
            json_array_append_new(ps, json_string(ag->sections[i].paragraphs[k]));
        json_array_append_new(arr, json_pack("{s:s, s:o}", "heading", ag->sections[i].heading,
                                             "paragraphs", ps ? ps : json_array()));
    }
    text = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(arr);
    if (text) {
        out = arena_strdup(a, text);
        free(text);
    }
    return out;
}

static int body_parse(const char *text, struct arena *a, struct dp_agreement *ag, struct err *e)
{
    json_error_t je;
    json_t *arr = json_loads(text, 0, &je);
    size_t n;
    if (!arr || !json_is_array(arr)) {
        json_decref(arr);
        return err_set(e, ERR_IO, "A stored agreement's text could not be read.");
    }
    n = json_array_size(arr);
    ag->sections = arena_array(a, n ? n : 1, sizeof *ag->sections);
    if (!ag->sections) {
        json_decref(arr);
        return err_set(e, ERR_NOMEM, "Out of memory.");
    }
    for (size_t i = 0; i < n; i++) {
        json_t *sec = json_array_get(arr, i), *ps = json_object_get(sec, "paragraphs");
        struct dp_agreement_section *out = &ag->sections[i];
        size_t np = json_is_array(ps) ? json_array_size(ps) : 0;
        out->heading = arena_strdup(a, json_string_value(json_object_get(sec, "heading"))
                                           ? json_string_value(json_object_get(sec, "heading"))
                                           : "");
        out->paragraphs = arena_array(a, np ? np : 1, sizeof *out->paragraphs);
        if (!out->heading || !out->paragraphs) {
            json_decref(arr);
            return err_set(e, ERR_NOMEM, "Out of memory.");
        }
        for (size_t k = 0; k < np; k++) {
            const char *p = json_string_value(json_array_get(ps, k));
            out->paragraphs[k] = arena_strdup(a, p ? p : "");
        }
        out->nparagraphs = np;
    }
    ag->nsections = n;
    json_decref(arr);
    return 0;
}

#define AG_COLS                                                                                  \
    "g.id, g.person_id, g.plan_id, g.plan_hash, g.hash, g.title, g.body, g.recipient, "          \
    "g.recipient_name, g.account, g.account_provider, g.start_date, g.dp_annual, g.payment, "    \
    "g.first_review, g.next_review, g.status, g.created_by, g.created_at, g.version, "           \
    "x.by_name, x.capacity, x.accepted_on, x.agreement_hash, x.plan_hash, x.actor, "             \
    "p.given_name, p.family_name "
#define AG_FROM                                                                                  \
    "FROM dp_agreements g JOIN people p ON p.council_id = g.council_id AND p.id = g.person_id "  \
    "LEFT JOIN dp_acceptances x ON x.council_id = g.council_id AND x.agreement_id = g.id "

static int read_agreement(struct store_stmt *s, struct arena *a, struct plan_agreement_row *out,
                          struct err *e)
{
    struct dp_agreement *ag = &out->ag;
    bool nomem = false, ok = true;
    int v = 0;
    const char *body, *given, *family, *t;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->plan_id = store_col_i64(s, 2);
    store_col_copy(s, 3, ag->plan_hash, sizeof ag->plan_hash);
    store_col_copy(s, 4, ag->hash, sizeof ag->hash);
    ag->title = pu_text(a, s, 5, &nomem);
    body = pu_text(a, s, 6, &nomem);
    ok &= parse_in(store_col_text(s, 7), recipient_ids, 3, &v);
    ag->recipient = out->parties.recipient = (enum dp_recipient)v;
    t = pu_text(a, s, 8, &nomem);
    out->parties.recipient_name = *t ? t : NULL;
    v = 0;
    ok &= parse_in(store_col_text(s, 9), account_ids, 3, &v);
    out->parties.account = (enum dp_account)v;
    t = pu_text(a, s, 10, &nomem);
    out->parties.account_provider = *t ? t : NULL;
    ok &= pu_date(s, 11, &out->parties.start_date);
    ag->dp_annual = store_col_i64(s, 12);
    ag->payment = store_col_i64(s, 13);
    ok &= pu_date(s, 14, &ag->first_review);
    ok &= pu_date(s, 15, &ag->next_review);
    out->status = pu_text(a, s, 16, &nomem);
    out->created_by = store_col_i64(s, 17);
    store_col_copy(s, 18, out->created_at, sizeof out->created_at);
    out->version = store_col_i64(s, 19);
    if (!store_col_is_null(s, 20)) {
        out->accepted = true;
        out->acceptance.by_name = pu_text(a, s, 20, &nomem);
        v = 0;
        ok &= parse_in(store_col_text(s, 21), recipient_ids, 3, &v);
        out->acceptance.capacity = (enum dp_recipient)v;
        ok &= pu_date(s, 22, &out->acceptance.on);
        store_col_copy(s, 23, out->acceptance.agreement_hash, sizeof out->acceptance.agreement_hash);
        store_col_copy(s, 24, out->acceptance.plan_hash, sizeof out->acceptance.plan_hash);
        out->accepted_by_actor = pu_text(a, s, 25, &nomem);
    }
    given = pu_text(a, s, 26, &nomem);
    family = pu_text(a, s, 27, &nomem);
    out->parties.person_name = arena_printf(a, "%s %s", given, family);
    if (nomem || !out->parties.person_name)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored agreement (id %" PRId64 ") could not be read.",
                       out->id);
    return body_parse(body, a, ag, e);
}

static int agreement_one(struct store_conn *c, const char *sql, int64_t council_id, int64_t p,
                         struct arena *a, struct plan_agreement_row *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, p);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_agreement(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "No direct payment agreement has been made for this person.");
    store_finish(s);
    return rc;
}

int plan_agreement_current(struct store_conn *c, int64_t council_id, int64_t person_id,
                           struct arena *a, struct plan_agreement_row *out, struct err *e)
{
    return agreement_one(c, "SELECT " AG_COLS AG_FROM "WHERE g.council_id = ? AND g.person_id = ? "
                                                      "ORDER BY g.id DESC LIMIT 1",
                         council_id, person_id, a, out, e);
}

int plan_agreement_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                       struct plan_agreement_row *out, struct err *e)
{
    return agreement_one(c, "SELECT " AG_COLS AG_FROM "WHERE g.council_id = ? AND g.id = ?",
                         council_id, id, a, out, e);
}

int plan_agreement_create(struct store_conn *c, int64_t council_id, struct plan_agreement_row *row,
                          int64_t now, struct err *e)
{
    struct arena a;
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], start[DATE_ISO_SIZE], r1[DATE_ISO_SIZE], r2[DATE_ISO_SIZE];
    const char *body;
    int rc, k = 1;
    if ((rc = pu_need_tx(c, "Making an agreement", e)) != 0)
        return rc;
    if (strlen(row->ag.hash) != 64 || strlen(row->ag.plan_hash) != 64)
        return err_set(e, ERR_INVALID, "An agreement is stored with its hashes.");
    arena_init(&a, 0);
    body = body_json(&row->ag, &a);
    if (!body) {
        arena_release(&a);
        return err_set(e, ERR_NOMEM, "Out of memory.");
    }
    store_time_format(now, stamp);
    date_format_iso(row->parties.start_date, start);
    date_format_iso(row->ag.first_review, r1);
    date_format_iso(row->ag.next_review, r2);
    if ((rc = store_prepare(c, "UPDATE dp_agreements SET status = 'replaced', updated_at = ?, "
                               "version = version + 1 WHERE council_id = ? AND person_id = ? AND "
                               "status = 'offered'",
                            &s, e)) != 0)
        goto done;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, row->person_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        goto done;
    if ((rc = store_prepare(c,
                            "INSERT INTO dp_agreements (council_id, person_id, plan_id, plan_hash, "
                            "hash, title, body, recipient, recipient_name, account, "
                            "account_provider, start_date, dp_annual, payment, first_review, "
                            "next_review, status, created_by, created_at, updated_at) VALUES (?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'offered', ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, k++, council_id);
    store_bind_i64(s, k++, row->person_id);
    store_bind_i64(s, k++, row->plan_id);
    store_bind_text(s, k++, row->ag.plan_hash);
    store_bind_text(s, k++, row->ag.hash);
    store_bind_text(s, k++, row->ag.title);
    store_bind_text(s, k++, body);
    store_bind_text(s, k++, recipient_ids[(unsigned)row->parties.recipient < 3 ? row->parties.recipient : 0]);
    store_bind_text(s, k++, row->parties.recipient_name ? row->parties.recipient_name : "");
    store_bind_text(s, k++, account_ids[(unsigned)row->parties.account < 3 ? row->parties.account : 0]);
    store_bind_text(s, k++, row->parties.account_provider ? row->parties.account_provider : "");
    store_bind_text(s, k++, start);
    store_bind_i64(s, k++, row->ag.dp_annual);
    store_bind_i64(s, k++, row->ag.payment);
    store_bind_text(s, k++, r1);
    store_bind_text(s, k++, r2);
    store_bind_i64(s, k++, row->created_by);
    store_bind_text(s, k++, stamp);
    store_bind_text(s, k, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        row->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        rc = rec_write_error(rc, &le, NULL, NULL, "plan_id",
                             "There is no such plan or member of staff in this council.", e);
    row->status = "offered";
    memcpy(row->created_at, stamp, sizeof stamp);
done:
    arena_release(&a);
    return rc;
}

int plan_agreement_accept(struct store_conn *c, int64_t council_id, struct plan_agreement_row *row,
                          const struct dp_acceptance *acc, const char *actor, int64_t now,
                          struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], on[DATE_ISO_SIZE];
    int rc;
    if ((rc = pu_need_tx(c, "Accepting an agreement", e)) != 0)
        return rc;
    if (!acc->by_name || !*acc->by_name || strlen(acc->by_name) > 200)
        return err_set_field(e, ERR_INVALID, "name", "Type your full name to accept.");
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE dp_agreements SET status = 'accepted', updated_at = ?, "
                               "version = version + 1 WHERE council_id = ? AND id = ? AND version = "
                               "? AND status = 'offered' RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, row->id);
    store_bind_i64(s, 4, row->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        row->version = store_col_i64(s, 0);
    store_finish(s);
    if (rc == STORE_DONE)
        return err_set(e, ERR_CONFLICT, "This agreement has already been accepted or replaced by a "
                                        "newer one. Reload the page.");
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    date_format_iso(acc->on, on);
    if ((rc = store_prepare(c, "INSERT INTO dp_acceptances (council_id, agreement_id, by_name, "
                               "capacity, accepted_on, agreement_hash, plan_hash, actor, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->id);
    store_bind_text(s, 3, acc->by_name);
    store_bind_text(s, 4, recipient_ids[(unsigned)acc->capacity < 3 ? acc->capacity : 0]);
    store_bind_text(s, 5, on);
    store_bind_text(s, 6, acc->agreement_hash);
    store_bind_text(s, 7, acc->plan_hash);
    store_bind_text(s, 8, actor ? actor : "");
    store_bind_text(s, 9, stamp);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    row->status = "accepted";
    row->accepted = true;
    row->acceptance = *acc;
    row->accepted_by_actor = actor;
    return 0;
}

/* ---- arrangements ------------------------------------------------------------------------------ */

int plan_arrangement_set_up(struct store_conn *c, int64_t council_id,
                            struct plan_arrangement_row *row, day_t today, int64_t now,
                            struct arena *a, struct err *e)
{
    struct plan_budget_row budget;
    struct plan_choice_row offer;
    const struct choice_record *rec = NULL;
    struct store_stmt *s;
    struct err le = {0}, ne = {0};
    char stamp[STORE_TIME_SIZE], start[DATE_ISO_SIZE];
    int rc;

    if ((rc = pu_need_tx(c, "Setting up an arrangement", e)) != 0)
        return rc;
    if ((unsigned)row->kind >= CHOICE_OPTION_COUNT)
        return err_set_field(e, ERR_INVALID, "kind", "Choose the kind of arrangement.");
    if ((rc = plan_budget_agreed(c, council_id, row->person_id, a, &budget, &ne)) != 0) {
        if (rc == ERR_NOT_FOUND)
            return err_set(e, ERR_CONFLICT, "The person's budget has not been agreed yet, so there "
                                            "is nothing to set up. Agree the budget first.");
        *e = ne;
        return rc;
    }
    rc = plan_choice_latest(c, council_id, row->person_id, a, &offer, &ne);
    if (rc == 0)
        rec = &offer.rec;
    else if (rc != ERR_NOT_FOUND) {
        *e = ne;
        return rc;
    }
    /* The gate: no arrangement without a recorded offer of every way of taking the budget. */
    if ((rc = choice_can_set_up_arrangement(rec, budget.annual, row->kind, today, e)) != 0)
        return rc;
    row->annual = rec->amounts[row->kind];
    row->provider = row->kind == CHOICE_ISF ? rec->isf_provider : (row->provider ? row->provider : "");
    row->choice_offer_id = offer.id;
    row->budget_id = budget.id;
    if (row->start_date == 0)
        row->start_date = today;
    if (row->provider && strlen(row->provider) > 200)
        return err_set_field(e, ERR_INVALID, "provider", "The provider's name is too long.");
    store_time_format(now, stamp);
    date_format_iso(row->start_date, start);
    if ((rc = store_prepare(c,
                            "INSERT INTO support_arrangements (council_id, person_id, kind, annual, "
                            "provider, start_date, choice_offer_id, budget_id, set_up_by, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->person_id);
    store_bind_text(s, 3, choice_option_id(row->kind));
    store_bind_i64(s, 4, row->annual);
    store_bind_text(s, 5, row->provider ? row->provider : "");
    store_bind_text(s, 6, start);
    store_bind_i64(s, 7, row->choice_offer_id);
    store_bind_i64(s, 8, row->budget_id);
    store_bind_i64(s, 9, row->set_up_by);
    store_bind_text(s, 10, stamp);
    store_bind_text(s, 11, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        row->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "set_up_by",
                               "There is no such member of staff in this council.", e);
    row->status = "active";
    memcpy(row->created_at, stamp, sizeof stamp);
    return 0;
}

int plan_arrangement_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                          struct arena *a, struct plan_arrangement_row **items, size_t *n,
                          struct err *e)
{
    struct store_stmt *s;
    struct plan_arrangement_row *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false, ok = true;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT r.id, r.person_id, r.kind, r.annual, r.provider, r.start_date, "
                            "r.choice_offer_id, r.budget_id, r.set_up_by, s.name, r.status, "
                            "r.created_at, r.version FROM support_arrangements r JOIN staff s ON "
                            "s.council_id = r.council_id AND s.id = r.set_up_by WHERE r.council_id "
                            "= ? AND r.person_id = ? ORDER BY r.id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct plan_arrangement_row *r;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        r = &v[count++];
        memset(r, 0, sizeof *r);
        r->id = store_col_i64(s, 0);
        r->person_id = store_col_i64(s, 1);
        ok &= choice_option_parse(store_col_text(s, 2), &r->kind) == 0;
        r->annual = store_col_i64(s, 3);
        r->provider = pu_text(a, s, 4, &nomem);
        ok &= pu_date(s, 5, &r->start_date);
        r->choice_offer_id = store_col_i64(s, 6);
        r->budget_id = store_col_i64(s, 7);
        r->set_up_by = store_col_i64(s, 8);
        r->set_up_by_name = pu_text(a, s, 9, &nomem);
        r->status = pu_text(a, s, 10, &nomem);
        store_col_copy(s, 11, r->created_at, sizeof r->created_at);
        r->version = store_col_i64(s, 12);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored arrangement could not be read.");
    *items = v;
    *n = count;
    return 0;
}
