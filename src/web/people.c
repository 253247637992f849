/* people.c — shared by the people pages and API (see people.h). */
#include "web/people.h"

#include <jansson.h>
#include <string.h>

#include "base/date.h"
#include "base/str.h"
#include "store/audit.h"
#include "store/store.h"
#include "web/app.h"
#include "web/guard.h"
#include "web/request.h"

int64_t people_route_id(struct request *req)
{
    const char *s = request_param(req, "id");
    int64_t id = 0;
    if (!s || str_to_i64(s, strlen(s), 1, INT64_MAX, &id) != 0)
        return 0;
    return id;
}

int people_params_read(struct request *req, struct people_params *p, struct err *e)
{
    const char *q = NULL, *dob = NULL, *mine = NULL, *page = NULL;
    memset(p, 0, sizeof *p);
    p->page = 1;
    if (request_query(req, "q", &q, e) != 0 || request_query(req, "dob", &dob, e) != 0 ||
        request_query(req, "mine", &mine, e) != 0 || request_query(req, "page", &page, e) != 0)
        return ERR_INVALID;
    /* Unknown parameters are refused too: a misspelt filter must not silently return all. */
    for (size_t i = 0; i < req->nquery; i++) {
        const char *n = req->query[i].name;
        if (strcmp(n, "q") && strcmp(n, "dob") && strcmp(n, "mine") && strcmp(n, "page"))
            return err_set_field(e, ERR_INVALID, n,
                                 "'%.40s' is not a search option. Use q, dob, mine or page.", n);
    }
    p->q = q ? q : "";
    if (strlen(p->q) > 100)
        return err_set_field(e, ERR_INVALID, "q", "Enter at most 100 characters to search for.");
    p->dob = dob ? dob : "";
    if (*p->dob) {
        day_t d;
        struct err de = {0};
        if (date_parse_iso(p->dob, strlen(p->dob), &d, "dob", &de) != 0)
            return err_set_field(e, ERR_INVALID, "dob",
                                 "Date of birth must be a real date, like 1950-03-31.");
    }
    if (mine) {
        if (strcmp(mine, "true") == 0 || strcmp(mine, "1") == 0)
            p->mine = true;
        else if (strcmp(mine, "false") != 0 && strcmp(mine, "0") != 0)
            return err_set_field(e, ERR_INVALID, "mine", "mine must be true or false.");
    }
    if (page && (str_to_i64(page, strlen(page), 1, 100000, &p->page) != 0))
        return err_set_field(e, ERR_INVALID, "page", "page must be a whole number from 1.");
    return 0;
}

int people_search(struct request *req, const struct people_params *p, struct people_page *out,
                  struct err *e)
{
    struct web_people_query q = {0};
    struct store_conn *c = NULL;
    int rc;
    q.council_id = req->who->council_id;
    q.text = p->q;
    q.dob = *p->dob ? p->dob : NULL;
    if (p->mine) {
        if (req->who->role == USER_TEAM_MANAGER) {
            q.team_of = req->who->team_id;
            q.manager_id = req->who->staff_id;
        } else {
            q.worker_id = req->who->staff_id ? req->who->staff_id : -1;
        }
    }
    out->page_size = req->app->cfg.page_size;
    q.limit = out->page_size;
    q.offset = (int)((p->page - 1) * out->page_size);
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = web_people_search(c, &q, &req->arena, &out->items, &out->n, &out->total, e);
    store_release(c);
    out->page = p->page;
    out->pages = (out->total + out->page_size - 1) / out->page_size;
    return rc;
}

int people_get(struct request *req, int64_t id, struct web_person *out,
               struct web_contact **contacts, size_t *ncontacts, struct err *e)
{
    struct store_conn *c = NULL;
    const struct person_read *r = req->person_read;
    int rc;
    if (contacts && r && r->person->id == id && r->council_id == req->who->council_id) {
        /* Read by the router's guard in the same statement as the access facts. */
        *out = *r->person;
        *contacts = r->contacts;
        *ncontacts = r->ncontacts;
        return 0;
    }
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = contacts ? web_person_summary_get(c, req->who->council_id, id, &req->arena, out,
                                           contacts, ncontacts, e)
                  : web_person_get(c, req->who->council_id, id, &req->arena, out, e);
    store_release(c);
    return rc;
}

int people_history(struct request *req, int64_t id, int64_t page, struct people_history *out,
                   struct err *e)
{
    struct store_conn *c = NULL;
    int size = req->app->cfg.page_size;
    int rc;
    memset(out, 0, sizeof *out);
    out->page = page;
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = audit_history(c, req->who->council_id, "person", id, size, (int)((page - 1) * size),
                       &req->arena, &out->items, &out->n, &out->total, e);
    out->actor_names = arena_array(&req->arena, out->n ? out->n : 1, sizeof *out->actor_names);
    for (size_t i = 0; rc == 0 && out->actor_names && i < out->n; i++) {
        const char *a = out->items[i].actor;
        struct web_login l;
        int64_t who = 0;
        enum login_kind kind = LOGIN_STAFF;
        const char *num = NULL;
        if (str_has_prefix(a, "staff:"))
            num = a + 6;
        else if (str_has_prefix(a, "account:")) {
            num = a + 8;
            kind = LOGIN_ACCOUNT;
        }
        out->actor_names[i] = a;
        if (num && str_to_i64(num, strlen(num), 1, INT64_MAX, &who) == 0) {
            struct err ignored = {0};
            if (web_login_get(c, kind, req->who->council_id, who, &l, &ignored) == 0)
                out->actor_names[i] = arena_strdup(&req->arena, l.display_name);
        }
        if (!out->actor_names[i])
            out->actor_names[i] = "";
    }
    store_release(c);
    out->pages = (out->total + size - 1) / size;
    return rc;
}

const char *people_client_group_label(const char *code)
{
    static const char *const map[][2] = {
        {"older_people", "Older people"},
        {"physical_disability", "Physical disability"},
        {"sensory_impairment", "Sensory impairment"},
        {"learning_disability", "Learning disability"},
        {"autism", "Autism"},
        {"mental_health", "Mental health"},
        {"other", "Other"},
    };
    for (size_t i = 0; code && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(code, map[i][0]) == 0)
            return map[i][1];
    return code ? code : "";
}

const char *people_authority_label(struct request *req, const char *authority, const char *scope)
{
    const char *a = "", *s = "";
    if (!authority || strcmp(authority, "none") == 0)
        return "";
    if (strcmp(authority, "lasting_power_of_attorney") == 0)
        a = "Lasting power of attorney";
    else if (strcmp(authority, "deputy") == 0)
        a = "Court of Protection deputy";
    else if (strcmp(authority, "nominated_person") == 0)
        a = "Nominated person for direct payments";
    if (scope && strcmp(scope, "property_and_financial_affairs") == 0)
        s = " (property and financial affairs)";
    else if (scope && strcmp(scope, "health_and_welfare") == 0)
        s = " (health and welfare)";
    else if (scope && strcmp(scope, "both") == 0)
        s = " (property and finance, health and welfare)";
    return arena_printf(&req->arena, "%s%s", a, s);
}

int people_break_glass(struct request *req, int64_t id, const char *reason, int64_t *expires,
                       struct err *e)
{
    struct store_conn *c = NULL;
    struct audit_new an = {0};
    json_t *d;
    char *detail;
    struct slice r = slice_trim(slice_of(reason));
    int rc;

    if (r.n < 10)
        return err_set_field(e, ERR_INVALID, "reason",
                             "Enter the reason you need to see this record now (at least 10 "
                             "characters), for example who called and what has happened.");
    if (r.n > 1000)
        return err_set_field(e, ERR_INVALID, "reason", "Enter a reason of at most 1000 characters.");
    reason = arena_strndup(&req->arena, r.p, r.n);
    *expires = req->now + BREAK_GLASS_SECONDS;
    d = json_pack("{s:s, s:I}", "reason", reason, "expires", (json_int_t)*expires);
    detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    if (!reason || !detail) {
        free(detail);
        return err_set_field(e, ERR_INVALID, "reason",
                             "The reason could not be read: use ordinary text.");
    }
    an.at = req->now;
    an.council_id = req->who->council_id;
    an.actor = principal_actor(req);
    an.actor_role = role_name(req->who->role);
    an.action = "break-glass.grant";
    an.subject_type = "person";
    an.subject_id = id;
    an.remote_addr = req->remote_addr;
    an.detail = detail;
    if ((rc = store_acquire(req->app->store, &c, e)) == 0) {
        if ((rc = store_begin(c, e)) == 0 &&
            (rc = web_break_glass_grant(c, req->who->council_id, req->who->staff_id, id, reason,
                                        req->now, *expires, NULL, e)) == 0 &&
            (rc = audit_append(c, &an, e)) == 0)
            rc = store_commit(c, e);
        if (rc != 0)
            store_rollback(c);
        store_release(c);
    }
    free(detail);
    return rc;
}
