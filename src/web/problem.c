/* problem.c — RFC 9457 problem+json responses (see problem.h). */
#include "web/problem.h"

#include <jansson.h>

const char *problem_slug_for(int status)
{
    switch (status) {
    case 400: return "bad-request";
    case 401: return "not-signed-in";
    case 403: return "forbidden";
    case 404: return "not-found";
    case 405: return "method-not-allowed";
    case 409: return "conflict";
    case 413: return "body-too-large";
    case 415: return "unsupported-media-type";
    case 422: return "invalid-field";
    case 429: return "too-many-requests";
    case 503: return "unavailable";
    default: return "internal-error";
    }
}

void problem_send(struct request *req, int status, const char *slug, const char *title,
                  const char *detail, const char *field)
{
    json_t *o = json_object();
    char *text = NULL;
    char type[96];
    snprintf(type, sizeof type, "/api/v1/problems/%s", slug ? slug : problem_slug_for(status));
    response_start(req, status, "application/problem+json");
    if (o) {
        json_object_set_new(o, "type", json_string(type));
        json_object_set_new(o, "title", json_string(title ? title : http_status_text(status)));
        json_object_set_new(o, "status", json_integer(status));
        if (detail && *detail)
            json_object_set_new(o, "detail", json_string(detail));
        json_object_set_new(o, "instance", json_string(req->raw_path ? req->raw_path : "/"));
        if (field && *field)
            json_object_set_new(o, "field", json_string(field));
        /* json_string refuses invalid UTF-8 (returns NULL, so the member is dropped): a detail
         * quoting hostile input can never break the document. */
        text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(o);
    }
    if (!text || buf_adds(&req->res.body, text) != 0) {
        buf_reset(&req->res.body);
        (void)buf_addf(&req->res.body,
                       "{\"type\":\"%s\",\"title\":\"Internal error\",\"status\":%d}", type,
                       status);
    }
    free(text);
}

void problem_from_err(struct request *req, const struct err *e)
{
    int status;
    const char *title;
    switch (e->code) {
    case ERR_INVALID:
    case ERR_RANGE:
        status = e->field[0] ? 422 : 400;
        title = e->field[0] ? "A field is not valid" : "The request could not be understood";
        break;
    case ERR_NOT_FOUND: status = 404; title = "Not found"; break;
    case ERR_CONFLICT: status = 409; title = "Conflict"; break;
    case ERR_FORBIDDEN: status = 403; title = "Not allowed"; break;
    case ERR_UNSUPPORTED: status = 422; title = "Not supported"; break;
    default: status = 500; title = "Sorry, there is a problem with the service"; break;
    }
    problem_send(req, status, NULL, title,
                 status == 500 ? "Try again later. Nothing was changed." : e->msg, e->field);
}
