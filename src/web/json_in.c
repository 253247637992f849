/* json_in.c — strict JSON input (see json_in.h). */
#include "web/json_in.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/money.h"
#include "web/request.h"

static const char *type_words(enum json_in_type t)
{
    switch (t) {
    case JIN_STRING: return "a string";
    case JIN_INT: return "a whole number";
    case JIN_BOOL: return "true or false";
    case JIN_DATE: return "a date string like \"1950-03-31\"";
    case JIN_MONEY: return "an amount string like \"1234.50\"";
    }
    return "a value";
}

static int read_member(const struct json_in_field *f, json_t *v, struct arena *a, struct err *e)
{
    switch (f->type) {
    case JIN_STRING: {
        size_t max = f->max_len ? f->max_len : 1000;
        const char *s;
        size_t n;
        char *copy;
        if (!json_is_string(v))
            break;
        s = json_string_value(v);
        n = json_string_length(v);
        if (memchr(s, '\0', n))
            return err_set_field(e, ERR_INVALID, f->name, "%s must not contain a NUL character.",
                                 f->name);
        if (n > max)
            return err_set_field(e, ERR_INVALID, f->name,
                                 "%s is too long: at most %zu characters.", f->name, max);
        copy = arena_strndup(a, s, n);
        if (!copy)
            return err_set(e, ERR_NOMEM, "Out of memory reading %s.", f->name);
        *(const char **)f->out = copy;
        return 0;
    }
    case JIN_INT: {
        json_int_t i;
        if (!json_is_integer(v))
            break;
        i = json_integer_value(v);
        if (i < f->min || i > f->max)
            return err_set_field(e, ERR_INVALID, f->name,
                                 "%s must be between %lld and %lld.", f->name, (long long)f->min,
                                 (long long)f->max);
        *(int64_t *)f->out = (int64_t)i;
        return 0;
    }
    case JIN_BOOL:
        if (!json_is_boolean(v))
            break;
        *(bool *)f->out = json_is_true(v);
        return 0;
    case JIN_DATE:
        if (!json_is_string(v))
            break;
        return date_parse_iso(json_string_value(v), json_string_length(v), (day_t *)f->out,
                              f->name, e);
    case JIN_MONEY:
        if (!json_is_string(v))
            break;
        return money_parse(json_string_value(v), json_string_length(v), 0, (int64_t *)f->out,
                           f->name, e);
    }
    return err_set_field(e, ERR_INVALID, f->name, "%s must be %s.", f->name, type_words(f->type));
}

int json_in_parse(const char *body, size_t len, const struct json_in_field *fields,
                  size_t nfields, struct arena *a, struct err *e)
{
    json_error_t je;
    json_t *root, *v;
    const char *key;
    int rc = 0;

    root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return err_set(e, ERR_INVALID,
                       "The body is not valid JSON (line %d, column %d: %s). Send one JSON object.",
                       je.line, je.column, je.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return err_set(e, ERR_INVALID, "The body must be a JSON object ({...}).");
    }
    json_object_foreach(root, key, v) {
        bool known = false;
        for (size_t i = 0; i < nfields; i++)
            if (strcmp(key, fields[i].name) == 0)
                known = true;
        if (!known) {
            rc = err_set_field(e, ERR_INVALID, key,
                               "'%.60s' is not a field this request takes. Remove it, or check "
                               "the spelling against the API documentation.",
                               key);
            goto done;
        }
    }
    for (size_t i = 0; i < nfields; i++) {
        const struct json_in_field *f = &fields[i];
        v = json_object_get(root, f->name);
        if (f->present)
            *f->present = v != NULL;
        if (!v || json_is_null(v)) {
            if (f->required) {
                rc = err_set_field(e, ERR_INVALID, f->name, "%s is required.", f->name);
                goto done;
            }
            continue;
        }
        if ((rc = read_member(f, v, a, e)) != 0)
            goto done;
    }
done:
    json_decref(root);
    return rc;
}

int json_in_request(struct request *req, const struct json_in_field *fields, size_t nfields,
                    struct err *e)
{
    const char *ct = request_header(req, "Content-Type");
    const char *mt = request_media_type(req);
    if (strcmp(mt, "application/json") != 0)
        return err_set(e, ERR_UNSUPPORTED,
                       "Send the body as JSON, with the header Content-Type: application/json.");
    /* A charset other than UTF-8 would mean we read the bytes wrongly: refuse it. */
    if (ct && strchr(ct, ';')) {
        const char *params = strchr(ct, ';') + 1;
        while (*params == ' ')
            params++;
        if (strcasecmp(params, "charset=utf-8") != 0)
            return err_set(e, ERR_UNSUPPORTED,
                           "JSON bodies must be UTF-8 (Content-Type: application/json; "
                           "charset=utf-8).");
    }
    return json_in_parse(req->body.data, req->body.len, fields, nfields, &req->arena, e);
}
