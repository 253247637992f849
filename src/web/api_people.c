/* api_people.c — the JSON API for sessions, people, history, emergency access and my support.
 * Errors are problem+json (problem.h); inputs are read strictly (json_in.h, people.h). */
#include <inttypes.h>
#include <jansson.h>

#include "base/date.h"
#include "base/str.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/auth.h"
#include "web/guard.h"
#include "web/json_in.h"
#include "web/json_out.h"
#include "web/pages.h"
#include "web/people.h"
#include "web/problem.h"
#include "web/router.h"

void json_send(struct request *req, int status, json_t *doc)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(doc);
    if (!text) {
        problem_send(req, 500, NULL, "Internal error", "The answer could not be written.", NULL);
        return;
    }
    response_start(req, status, "application/json");
    if (buf_adds(&req->res.body, text) != 0)
        problem_send(req, 500, NULL, "Internal error", "The answer is too large.", NULL);
    free(text);
}

static json_t *str(const char *s)
{
    json_t *j = json_string(s ? s : "");
    return j ? j : json_string("");
}

static json_t *me_json(struct request *req)
{
    const struct principal *w = req->who;
    return json_pack("{s:o, s:o, s:s, s:I, s:o, s:o, s:s}", "username", str(w->username),
                     "display_name", str(w->display_name), "role", role_name(w->role),
                     "council_id", (json_int_t)w->council_id, "council_name",
                     str(w->council_name),
                     "person_id", w->person_id ? json_integer(w->person_id) : json_null(),
                     "csrf_token", w->csrf_token ? w->csrf_token : "");
}

void api_session_get(struct request *req)
{
    json_send(req, 200, me_json(req));
}

void api_session_post(struct request *req)
{
    const char *username = NULL, *password = NULL;
    struct json_in_field f[] = {
        {.name = "username", .type = JIN_STRING, .required = true, .out = &username,
         .max_len = 254},
        {.name = "password", .type = JIN_STRING, .required = true, .out = &password,
         .max_len = 1024},
    };
    struct err e = {0};
    int retry = 0;
    enum auth_result r;
    if (json_in_request(req, f, 2, &e) != 0) {
        if (e.code == ERR_UNSUPPORTED)
            problem_send(req, 415, NULL, "Send JSON", e.msg, NULL);
        else
            problem_from_err(req, &e);
        return;
    }
    r = auth_sign_in(req, username, password, &retry, &e);
    switch (r) {
    case AUTH_OK:
        /* req->who is still anonymous: read back the session just made to answer with it. */
        response_start(req, 201, "application/json");
        (void)buf_adds(&req->res.body, "{\"signed_in\":true}");
        return;
    case AUTH_WRONG:
        problem_send(req, 401, "sign-in-failed", "Sign-in failed",
                     "The username or password is not right.", NULL);
        return;
    case AUTH_LOCKED:
        problem_send(req, 429, "account-locked", "Too many wrong passwords",
                     "This account is locked for a while after too many wrong passwords. Try "
                     "again later.",
                     NULL);
        break;
    case AUTH_RATE:
        problem_send(req, 429, NULL, "Too many attempts",
                     "Too many sign-in attempts from this address. Wait, then try again.", NULL);
        break;
    case AUTH_BUSY:
        problem_send(req, 503, NULL, "Busy", "Try again in a moment.", NULL);
        return;
    case AUTH_FAILED:
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    if (retry > 0)
        (void)response_header(req, "Retry-After", arena_printf(&req->arena, "%d", retry));
}

void api_session_delete(struct request *req)
{
    struct err e = {0};
    if (auth_sign_out(req, &e) != 0) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    response_start(req, 204, NULL);
}

static json_t *person_brief(const struct web_person *p)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id, "reference",
                     str(p->reference), "given_name", str(p->given_name), "family_name",
                     str(p->family_name), "date_of_birth", str(p->date_of_birth),
                     "allocated_worker", str(p->allocated_worker_name));
}

void api_people(struct request *req)
{
    struct people_params p;
    struct people_page pg = {0};
    struct err e = {0};
    json_t *items;
    if (people_params_read(req, &p, &e) != 0) {
        problem_from_err(req, &e);
        return;
    }
    if (people_search(req, &p, &pg, &e) != 0) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < pg.n; i++)
        json_array_append_new(items, person_brief(&pg.items[i]));
    json_send(req, 200,
              json_pack("{s:o, s:I, s:I, s:i, s:I}", "items", items, "total",
                        (json_int_t)pg.total, "page", (json_int_t)pg.page, "page_size",
                        pg.page_size, "pages", (json_int_t)pg.pages));
}

/* The key and value of one member. */
static void kstr(struct json_out *j, const char *k, const char *v)
{
    json_out_key(j, k);
    json_out_str(j, v);
}

/* A person's summary: the most-read answer, written straight into the response (json_out.h:
 * byte for byte what jansson wrote, without building a tree first). */
void api_person(struct request *req)
{
    struct web_person p;
    struct web_contact *contacts = NULL;
    size_t n = 0;
    struct err e = {0};
    struct json_out j;
    int rc = people_get(req, people_route_id(req), &p, &contacts, &n, &e);
    if (rc != 0) {
        if (rc == ERR_NOT_FOUND)
            problem_send(req, 404, NULL, "Not found", "There is no such record.", NULL);
        else
            problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    response_start(req, 200, "application/json");
    json_out_init(&j, &req->res.body);
    json_out_begin_object(&j);
    json_out_key(&j, "id");
    json_out_int(&j, p.id);
    kstr(&j, "reference", p.reference);
    kstr(&j, "given_name", p.given_name);
    kstr(&j, "family_name", p.family_name);
    kstr(&j, "preferred_name", p.preferred_name);
    kstr(&j, "date_of_birth", p.date_of_birth);
    json_out_key(&j, "nhs_number");
    if (p.nhs_number && *p.nhs_number)
        json_out_str(&j, p.nhs_number);
    else
        json_out_null(&j);
    json_out_key(&j, "address");
    json_out_begin_object(&j);
    kstr(&j, "line1", p.address_line1);
    kstr(&j, "line2", p.address_line2);
    kstr(&j, "town", p.town);
    kstr(&j, "postcode", p.postcode);
    json_out_end_object(&j);
    kstr(&j, "phone", p.phone);
    kstr(&j, "email", p.email);
    kstr(&j, "client_group", p.client_group);
    kstr(&j, "communication_needs", p.communication_needs);
    json_out_key(&j, "easy_read");
    json_out_bool(&j, p.easy_read);
    json_out_key(&j, "allocated_worker");
    json_out_begin_object(&j);
    kstr(&j, "name", p.allocated_worker_name);
    kstr(&j, "team", p.team_name);
    json_out_end_object(&j);
    json_out_key(&j, "contacts");
    json_out_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        json_out_begin_object(&j);
        kstr(&j, "name", contacts[i].name);
        kstr(&j, "relationship", contacts[i].relationship);
        kstr(&j, "authority", contacts[i].authority);
        kstr(&j, "authority_scope", contacts[i].authority_scope);
        json_out_key(&j, "emergency_contact");
        json_out_bool(&j, contacts[i].emergency);
        json_out_end_object(&j);
    }
    json_out_end_array(&j);
    json_out_key(&j, "version");
    json_out_int(&j, p.version);
    json_out_end_object(&j);
    if (json_out_finish(&j) != 0)
        problem_send(req, 500, NULL, "Internal error", "The answer could not be written.", NULL);
}

void api_person_history(struct request *req)
{
    int64_t page = 1;
    const char *pg = NULL;
    struct people_history hist;
    struct err e = {0};
    json_t *items;
    if (request_query(req, "page", &pg, &e) != 0 ||
        (pg && str_to_i64(pg, strlen(pg), 1, 100000, &page) != 0)) {
        problem_send(req, 422, NULL, "A field is not valid", "page must be a whole number from 1.",
                     "page");
        return;
    }
    if (people_history(req, people_route_id(req), page, &hist, &e) != 0) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < hist.n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "seq",
                             (json_int_t)hist.items[i].seq, "at", str(hist.items[i].at), "actor",
                             str(hist.actor_names[i]), "actor_role",
                             str(hist.items[i].actor_role), "action", str(hist.items[i].action),
                             "from", str(hist.items[i].remote_addr), "detail",
                             str(hist.items[i].detail)));
    json_send(req, 200,
              json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)hist.total,
                        "page", (json_int_t)hist.page, "pages", (json_int_t)hist.pages));
}

void api_break_glass_post(struct request *req)
{
    const char *reason = NULL;
    struct json_in_field f[] = {
        {.name = "reason", .type = JIN_STRING, .required = true, .out = &reason, .max_len = 1000},
    };
    struct err e = {0};
    int64_t expires = 0;
    if (json_in_request(req, f, 1, &e) != 0) {
        if (e.code == ERR_UNSUPPORTED)
            problem_send(req, 415, NULL, "Send JSON", e.msg, NULL);
        else
            problem_from_err(req, &e);
        return;
    }
    if (people_break_glass(req, people_route_id(req), reason, &expires, &e) != 0) {
        problem_from_err(req, &e);
        return;
    }
    json_send(req, 201, json_pack("{s:b, s:I}", "granted", 1, "expires_unix", (json_int_t)expires));
}

void api_my_support(struct request *req)
{
    struct web_link *links = NULL;
    size_t n = 0;
    struct err e = {0};
    json_t *items;
    if (my_support_load(req, &links, &n, &e) != 0) {
        problem_send(req, 503, NULL, "Unavailable", "Try again later.", NULL);
        return;
    }
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:I, s:o, s:o, s:s, s:b}", "person_id",
                                        (json_int_t)links[i].person_id, "name",
                                        str(links[i].person_name), "reference",
                                        str(links[i].reference), "relationship",
                                        relationship_kind_name(links[i].kind), "live",
                                        links[i].live));
    json_send(req, 200,
              json_pack("{s:o, s:o, s:o}", "me", me_json(req), "own_record",
                        req->who->person_id ? json_integer(req->who->person_id) : json_null(),
                        "linked_people", items));
}
