/* pa_concern.c — concerns raised by PAs, routed to a named contact who must respond; see
 * pa_store.h. Routing is pa_concern_route's (src/domain/pa_register.c). */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "store/pa_store.h"
#include "store/pa_util.h"
#include "store/record_util.h"
#include "store/store.h"

#define CONCERN_COLS                                                                        \
    "id, council_id, pa_id, about, employer_id, summary, raised_on, routed_to, "             \
    "organisation_id, contact_name, contact_email, respond_by, status, response, "          \
    "responded_by, responded_on, closed_on, created_at, updated_at, version, outcome, closed_by"

static const char *const statuses[CONCERN_STATUS_COUNT] = {"open", "responded", "closed"};
static const char *const outcomes[CONCERN_OUTCOME_COUNT] = {"", "resolved", "not-upheld",
                                                             "referred", "withdrawn"};

const char *pa_concern_outcome_name(enum pa_concern_outcome o)
{
    return (unsigned)o < CONCERN_OUTCOME_COUNT ? outcomes[o] : "";
}

int pa_concern_outcome_parse(const char *s, enum pa_concern_outcome *out)
{
    for (int i = 1; s && i < CONCERN_OUTCOME_COUNT; i++)
        if (strcmp(s, outcomes[i]) == 0) {
            *out = (enum pa_concern_outcome)i;
            return 0;
        }
    return ERR_INVALID;
}

const char *pa_concern_status_name(enum pa_concern_status s)
{
    return (unsigned)s < CONCERN_STATUS_COUNT ? statuses[s] : "open";
}

static void concern_read(struct store_stmt *s, struct pa_concern *cn)
{
    enum pa_concern_about about = CONCERN_OTHER;
    const char *st, *routed;
    memset(cn, 0, sizeof *cn);
    cn->id = store_col_i64(s, 0);
    cn->council_id = store_col_i64(s, 1);
    cn->pa_id = store_col_i64(s, 2);
    pa_concern_about_parse(store_col_text(s, 3), &about);
    cn->about = about;
    cn->employer_id = store_col_i64(s, 4);
    store_col_copy(s, 5, cn->summary, sizeof cn->summary);
    pa_col_date(s, 6, &cn->raised_on);
    routed = store_col_text(s, 7);
    cn->route.to_organisation = routed && strcmp(routed, "organisation") == 0;
    cn->route.organisation_id = store_col_i64(s, 8);
    store_col_copy(s, 9, cn->route.contact_name, sizeof cn->route.contact_name);
    store_col_copy(s, 10, cn->route.contact_email, sizeof cn->route.contact_email);
    pa_col_date(s, 11, &cn->route.respond_by);
    st = store_col_text(s, 12);
    for (int i = 0; i < CONCERN_STATUS_COUNT; i++)
        if (st && strcmp(st, statuses[i]) == 0)
            cn->status = (enum pa_concern_status)i;
    store_col_copy(s, 13, cn->response, sizeof cn->response);
    store_col_copy(s, 14, cn->responded_by, sizeof cn->responded_by);
    cn->has_responded = pa_col_date(s, 15, &cn->responded_on);
    cn->has_closed = pa_col_date(s, 16, &cn->closed_on);
    store_col_copy(s, 17, cn->created_at, sizeof cn->created_at);
    store_col_copy(s, 18, cn->updated_at, sizeof cn->updated_at);
    cn->version = store_col_i64(s, 19);
    cn->outcome = CONCERN_NO_OUTCOME;
    (void)pa_concern_outcome_parse(store_col_text(s, 20), &cn->outcome); /* '' stays none */
    store_col_copy(s, 21, cn->closed_by, sizeof cn->closed_by);
}

int pa_concern_raise(struct store_conn *c, int64_t council_id, struct pa_concern *cn, day_t today,
                     int64_t now, struct err *e)
{
    struct pa_record pa;
    struct pa_settings st;
    struct support_org org;
    struct store_stmt *s;
    struct err le = {0};
    int rc;

    if ((unsigned)cn->about >= CONCERN_ABOUT_COUNT)
        return err_set_field(e, ERR_INVALID, "about",
                             "Choose what the concern is about: pay, safety, your employer, or "
                             "something else");
    if ((rc = rec_text(cn->summary, 1, 4000, REC_MULTI_LINE, "summary",
                       "What the concern is", e)) != 0)
        return rc;
    if ((rc = pa_get(c, council_id, cn->pa_id, &pa, e)) != 0 ||
        (rc = pa_settings_get(c, council_id, &st, e)) != 0)
        return rc;
    if (cn->employer_id > 0) {
        int64_t params[3] = {council_id, cn->employer_id, cn->pa_id}, count = 0;
        if ((rc = store_query_i64(c,
                                  "SELECT count(*) FROM pa_contracts WHERE council_id = ? AND "
                                  "employer_id = ? AND pa_id = ?",
                                  3, params, &count, e)) != 0)
            return rc;
        if (count == 0)
            return err_set_field(e, ERR_INVALID, "employer_id",
                                 "Choose one of your own employers, or none");
    }
    memset(&org, 0, sizeof org);
    if (pa.organisation_id > 0 &&
        (rc = support_org_get(c, council_id, pa.organisation_id, &org, e)) != 0)
        return rc;
    pa_concern_route(pa.organisation_id, org.contact_name, org.contact_email,
                     st.concern_contact_name, st.concern_contact_email, st.concern_response_days,
                     today, &cn->route);
    cn->council_id = council_id;
    cn->raised_on = today;
    cn->status = CONCERN_OPEN;
    cn->has_responded = cn->has_closed = false;
    cn->response[0] = cn->responded_by[0] = '\0';
    store_time_format(now, cn->created_at);
    memcpy(cn->updated_at, cn->created_at, sizeof cn->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_concerns (council_id, pa_id, about, employer_id, "
                            "summary, raised_on, routed_to, organisation_id, contact_name, "
                            "contact_email, respond_by, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, cn->pa_id);
    store_bind_text(s, 3, pa_concern_about_name(cn->about));
    store_bind_id_or_null(s, 4, cn->employer_id);
    store_bind_text(s, 5, cn->summary);
    pa_bind_date(s, 6, today);
    store_bind_text(s, 7, cn->route.to_organisation ? "organisation" : "council");
    store_bind_id_or_null(s, 8, cn->route.to_organisation ? cn->route.organisation_id : 0);
    store_bind_text(s, 9, cn->route.contact_name);
    store_bind_text(s, 10, cn->route.contact_email);
    pa_bind_date(s, 11, cn->route.respond_by);
    store_bind_text(s, 12, cn->created_at);
    store_bind_text(s, 13, cn->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        cn->id = store_col_i64(s, 0);
        cn->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "pa_id",
                               "There is no such PA or employer in this council", e);
    return 0;
}

int pa_concern_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_concern *out,
                   struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " CONCERN_COLS " FROM pa_concerns "
                              "WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        concern_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("concern", id, e);
    }
    store_finish(s);
    return rc;
}

/* Applies a state change under the version rule and re-reads the concern into *cn. */
static int concern_change(struct store_conn *c, int64_t council_id, struct pa_concern *cn,
                          const char *sql, const char *text, const char *by, day_t today,
                          int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc, i = 1;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    if (text)
        store_bind_text(s, i++, text);
    if (by)
        store_bind_text(s, i++, by);
    pa_bind_date(s, i++, today);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, cn->id);
    store_bind_i64(s, i, cn->version);
    rc = store_step(s, e);
    int64_t changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return rec_stale_or_missing(c, "pa_concerns", "concern", council_id, cn->id, e);
    return pa_concern_get(c, council_id, cn->id, cn, e);
}

int pa_concern_respond(struct store_conn *c, int64_t council_id, struct pa_concern *cn,
                       const char *by, const char *response, day_t today, int64_t now,
                       struct err *e)
{
    char who[121], text[4001];
    int rc;
    if (str_copy(who, sizeof who, by ? by : "") != 0)
        return err_set_field(e, ERR_INVALID, "responded_by", "The name is too long");
    if (str_copy(text, sizeof text, response ? response : "") != 0)
        return err_set_field(e, ERR_INVALID, "response",
                             "The response must be 4,000 characters or fewer");
    if ((rc = rec_text(who, 1, 120, REC_ONE_LINE, "responded_by", "Who is responding", e)) ||
        (rc = rec_text(text, 1, 4000, REC_MULTI_LINE, "response", "The response", e)))
        return rc;
    if (cn->status == CONCERN_CLOSED)
        return err_set(e, ERR_CONFLICT, "This concern is closed");
    return concern_change(c, council_id, cn,
                          "UPDATE pa_concerns SET response = ?, responded_by = ?, "
                          "responded_on = ?, status = 'responded', updated_at = ?, "
                          "version = version + 1 "
                          "WHERE council_id = ? AND id = ? AND version = ? AND status <> 'closed'",
                          text, who, today, now, e);
}

int pa_concern_close(struct store_conn *c, int64_t council_id, struct pa_concern *cn,
                     enum pa_concern_outcome outcome, const char *by, day_t today, int64_t now,
                     struct err *e)
{
    struct pa_concern cur;
    char who[121];
    int rc;
    if (outcome <= CONCERN_NO_OUTCOME || outcome >= CONCERN_OUTCOME_COUNT)
        return err_set_field(e, ERR_INVALID, "outcome",
                             "Choose how the concern ended: resolved, not upheld, referred on, "
                             "or withdrawn by the PA");
    if (str_copy(who, sizeof who, by ? by : "") != 0)
        return err_set_field(e, ERR_INVALID, "closed_by", "The name is too long");
    if ((rc = rec_text(who, 1, 120, REC_ONE_LINE, "closed_by", "Who is closing it", e)) != 0)
        return rc;
    if ((rc = pa_concern_get(c, council_id, cn->id, &cur, e)) != 0)
        return rc;
    if (cur.status != CONCERN_RESPONDED)
        return err_set(e, ERR_CONFLICT,
                       cur.status == CONCERN_OPEN
                           ? "A concern is closed only after the named contact has responded"
                           : "This concern is already closed");
    return concern_change(c, council_id, cn,
                          "UPDATE pa_concerns SET outcome = ?, closed_by = ?, closed_on = ?, "
                          "status = 'closed', updated_at = ?, version = version + 1 "
                          "WHERE council_id = ? AND id = ? AND version = ? AND status = 'responded'",
                          pa_concern_outcome_name(outcome), who, today, now, e);
}

int pa_concern_list(struct store_conn *c, int64_t council_id, int64_t pa_id, bool overdue_only,
                    day_t today, struct arena *a, struct pa_concern **items, size_t *n,
                    struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    char iso[DATE_ISO_SIZE];
    int rc, i = 1;
    *items = NULL;
    *n = 0;
    date_format_iso(today, iso);
    if (overdue_only)
        rc = store_prepare(c,
                           pa_id > 0 ? "SELECT " CONCERN_COLS " FROM pa_concerns WHERE "
                                       "council_id = ? AND pa_id = ? AND status = 'open' AND "
                                       "respond_by < ? ORDER BY respond_by, id"
                                     : "SELECT " CONCERN_COLS " FROM pa_concerns WHERE "
                                       "council_id = ? AND status = 'open' AND respond_by < ? "
                                       "ORDER BY respond_by, id",
                           &s, e);
    else
        rc = store_prepare(c,
                           pa_id > 0 ? "SELECT " CONCERN_COLS " FROM pa_concerns WHERE "
                                       "council_id = ? AND pa_id = ? ORDER BY raised_on, id"
                                     : "SELECT " CONCERN_COLS " FROM pa_concerns WHERE "
                                       "council_id = ? ORDER BY raised_on, id",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, i++, council_id);
    if (pa_id > 0)
        store_bind_i64(s, i++, pa_id);
    if (overdue_only)
        store_bind_text(s, i, iso);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_concern *cn = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!cn) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        concern_read(s, cn);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- who answers ----------------------------------------------------------------------------------- */

int pa_concern_handler_add(struct store_conn *c, int64_t council_id, int64_t organisation_id,
                           int64_t staff_id, int64_t account_id, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int64_t found = 0;
    int rc;
    if ((staff_id > 0) == (account_id > 0))
        return err_set(e, ERR_INVALID, "Give either a staff member or an account, not both");
    if (organisation_id > 0 && staff_id > 0)
        return err_set_field(e, ERR_INVALID, "staff_id",
                             "A support organisation's named contact signs in with one of the "
                             "organisation's accounts, not a council staff login");
    if (organisation_id <= 0 && account_id > 0)
        return err_set_field(e, ERR_INVALID, "account_id",
                             "The council's named contact is a member of staff");
    if (account_id > 0) {
        int64_t params[2] = {council_id, account_id};
        if ((rc = store_query_i64(c,
                                  "SELECT count(*) FROM web_accounts WHERE council_id = ? AND id = ? "
                                  "AND role = 'support-organisation-worker'",
                                  2, params, &found, e)) != 0)
            return rc;
        if (found == 0)
            return err_set_field(e, ERR_INVALID, "account_id",
                                 "Only a support organisation worker's account can answer for "
                                 "an organisation");
    }
    /* Already linked: nothing to do (the unique indexes would refuse a second row anyway). */
    if ((rc = store_prepare(c,
                            staff_id > 0
                                ? "SELECT count(*) FROM pa_concern_handlers WHERE council_id = ? "
                                  "AND staff_id = ? AND organisation_id IS NULL"
                                : "SELECT count(*) FROM pa_concern_handlers WHERE council_id = ? "
                                  "AND account_id = ? AND organisation_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, staff_id > 0 ? staff_id : account_id);
    if (staff_id <= 0)
        store_bind_i64(s, 3, organisation_id);
    rc = store_step(s, e);
    found = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
    store_finish(s);
    if (rc < 0)
        return rc;
    if (found > 0)
        return 0;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_concern_handlers (council_id, organisation_id, "
                            "staff_id, account_id, created_at) VALUES (?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_id_or_null(s, 2, organisation_id);
    store_bind_id_or_null(s, 3, staff_id);
    store_bind_id_or_null(s, 4, account_id);
    store_bind_text(s, 5, stamp);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "organisation_id",
                               "There is no such organisation, staff member or account in this "
                               "council",
                               e);
    return 0;
}

int pa_concern_scope_get(struct store_conn *c, int64_t council_id, int64_t staff_id,
                         int64_t account_id, struct pa_concern_scope *out, struct err *e)
{
    struct store_stmt *s;
    int rc;
    memset(out, 0, sizeof *out);
    if (staff_id <= 0 && account_id <= 0)
        return 0;
    if ((rc = store_prepare(c,
                            staff_id > 0
                                ? "SELECT organisation_id FROM pa_concern_handlers "
                                  "WHERE council_id = ? AND staff_id = ? ORDER BY id"
                                : "SELECT organisation_id FROM pa_concern_handlers "
                                  "WHERE council_id = ? AND account_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, staff_id > 0 ? staff_id : account_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        int64_t org = store_col_i64(s, 0);
        if (org <= 0)
            out->council = true;
        else if (out->norgs < PA_CONCERN_SCOPE_MAX)
            out->orgs[out->norgs++] = org;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

bool pa_concern_scope_empty(const struct pa_concern_scope *sc)
{
    return !sc->council && sc->norgs == 0;
}

bool pa_concern_in_scope(const struct pa_concern_scope *sc, const struct pa_concern *cn)
{
    if (!cn->route.to_organisation)
        return sc->council;
    for (size_t i = 0; i < sc->norgs; i++)
        if (sc->orgs[i] == cn->route.organisation_id)
            return true;
    return false;
}

int pa_concern_list_scope(struct store_conn *c, int64_t council_id,
                          const struct pa_concern_scope *sc, bool open_only, struct arena *a,
                          struct pa_concern **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if (pa_concern_scope_empty(sc))
        return 0;
    /* One statement for the whole scope; the few organisation ids are filtered here, which keeps
     * the SQL fixed (no IN list to build) and a login rarely answers for more than one. */
    if ((rc = store_prepare(c,
                            open_only ? "SELECT " CONCERN_COLS " FROM pa_concerns WHERE "
                                        "council_id = ? AND status <> 'closed' "
                                        "ORDER BY respond_by, id"
                                      : "SELECT " CONCERN_COLS " FROM pa_concerns WHERE "
                                        "council_id = ? ORDER BY raised_on DESC, id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_concern *cn = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!cn) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        concern_read(s, cn);
        if (!pa_concern_in_scope(sc, cn))
            (*n)--;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}
