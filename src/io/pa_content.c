/* pa_content.c — the "why checks matter" text; see pa_content.h. */
#include "io/pa_content.h"

#include <jansson.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/err.h"
#include "base/str.h"

#define CONTENT_PATH "data/content/pa-checks-en.json"
#define MAX_LINES 40

static int lines(json_t *root, const char *key, struct arena *a, const char ***out, size_t *n,
                 struct err *e)
{
    json_t *arr = json_object_get(root, key), *v;
    size_t i;
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > MAX_LINES)
        return err_set_field(e, ERR_INVALID, key, "%s: \"%s\" must be a list of 1 to %d lines",
                             CONTENT_PATH, key, MAX_LINES);
    if (!(*out = arena_array(a, json_array_size(arr), sizeof **out)))
        return err_set(e, ERR_NOMEM, "out of memory");
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        if (!s || !s[0])
            return err_set_field(e, ERR_INVALID, key, "%s: line %zu of \"%s\" is empty",
                                 CONTENT_PATH, i + 1, key);
        if (!((*out)[i] = arena_strdup(a, s)))
            return err_set(e, ERR_NOMEM, "out of memory");
    }
    *n = json_array_size(arr);
    return 0;
}

int pa_checks_content_parse(const char *json, size_t len, struct arena *a,
                            struct pa_checks_content *out, struct err *e)
{
    static const char *const keys[] = {"format", "language", "title", "why", "how_to_request",
                                       "sources"};
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je), *v, *src;
    const char *key;
    size_t i;
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return err_set(e, ERR_INVALID, "%s: not a JSON object (%s, line %d)", CONTENT_PATH,
                       je.text, je.line);
    }
    json_object_foreach(root, key, v) {
        bool known = false;
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            known |= strcmp(key, keys[k]) == 0;
        if (!known) {
            rc = err_set_field(e, ERR_INVALID, key, "%s: unknown key \"%s\"", CONTENT_PATH, key);
            goto done;
        }
    }
    if (!json_is_string(json_object_get(root, "format")) ||
        strcmp(json_string_value(json_object_get(root, "format")), "selfdirect-pa-checks/1") != 0) {
        rc = err_set_field(e, ERR_INVALID, "format", "%s: format must be selfdirect-pa-checks/1",
                           CONTENT_PATH);
        goto done;
    }
    if (!json_string_value(json_object_get(root, "title")) ||
        !json_string_value(json_object_get(root, "title"))[0] ||
        !(out->title = arena_strdup(a, json_string_value(json_object_get(root, "title"))))) {
        rc = err_set_field(e, ERR_INVALID, "title", "%s: a title is needed", CONTENT_PATH);
        goto done;
    }
    if ((rc = lines(root, "why", a, &out->why, &out->nwhy, e)) != 0 ||
        (rc = lines(root, "how_to_request", a, &out->how_to_request, &out->nhow, e)) != 0)
        goto done;
    src = json_object_get(root, "sources");
    if (!json_is_array(src) || json_array_size(src) == 0) {
        rc = err_set_field(e, ERR_INVALID, "sources", "%s: the text must name its sources",
                           CONTENT_PATH);
        goto done;
    }
    if (!(out->sources = arena_array(a, json_array_size(src), sizeof *out->sources))) {
        rc = err_set(e, ERR_NOMEM, "out of memory");
        goto done;
    }
    json_array_foreach(src, i, v) {
        const char *t = json_string_value(json_object_get(v, "title"));
        const char *u = json_string_value(json_object_get(v, "url"));
        if (!json_is_object(v) || json_object_size(v) != 2 || !t || !t[0] || !u ||
            !str_has_prefix(u, "https://")) {
            rc = err_set_field(e, ERR_INVALID, "sources",
                               "%s: source %zu needs just a title and an https URL", CONTENT_PATH,
                               i + 1);
            goto done;
        }
        out->sources[i].title = arena_strdup(a, t);
        out->sources[i].url = arena_strdup(a, u);
        if (!out->sources[i].title || !out->sources[i].url) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            goto done;
        }
    }
    out->nsources = json_array_size(src);
done:
    json_decref(root);
    return rc;
}

int pa_checks_content_load(struct arena *a, struct pa_checks_content *out, struct err *e)
{
    const struct asset *as = asset_find(CONTENT_PATH);
    if (!as)
        return err_set(e, ERR_UNSUPPORTED, "internal error: %s is not built in", CONTENT_PATH);
    return pa_checks_content_parse((const char *)as->data, as->len, a, out, e);
}
