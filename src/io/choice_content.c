/* choice_content.c — strict reader of the option explanations (see choice_content.h). */
#include "io/choice_content.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/asset.h"
#include "base/err.h"

static const char *const option_ids[CHOICE_CONTENT_OPTIONS] = {
    "direct_payment", "council_managed", "isf", "mix"};

static int only_keys(json_t *obj, const char *const *keys, size_t n, const char *origin,
                     const char *where, struct err *e)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        size_t i;
        (void)v;
        for (i = 0; i < n; i++)
            if (strcmp(k, keys[i]) == 0)
                break;
        if (i == n)
            return err_set(e, ERR_INVALID, "%s: %s has an unknown key \"%s\".", origin, where, k);
    }
    return 0;
}

static int get_string(json_t *obj, const char *key, const char *origin, const char *where,
                      struct arena *a, const char **out, struct err *e)
{
    json_t *v = json_object_get(obj, key);
    const char *s;
    if (!json_is_string(v) || !(s = json_string_value(v)) || !*s)
        return err_set(e, ERR_INVALID, "%s: %s needs \"%s\", a non-empty string.", origin, where, key);
    if (!(*out = arena_strdup(a, s)))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

static int get_lines(json_t *obj, const char *key, const char *origin, const char *where,
                     struct arena *a, struct choice_content_lines *out, struct err *e)
{
    json_t *arr = json_object_get(obj, key), *v;
    size_t i;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return err_set(e, ERR_INVALID, "%s: %s needs \"%s\", a list of at least one line.", origin,
                       where, key);
    out->n = json_array_size(arr);
    out->lines = arena_array(a, out->n, sizeof *out->lines);
    if (!out->lines)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    json_array_foreach(arr, i, v) {
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!s || !*s)
            return err_set(e, ERR_INVALID, "%s: %s, \"%s\" line %zu is not a non-empty string.",
                           origin, where, key, i + 1);
        if (!(out->lines[i] = arena_strdup(a, s)))
            return err_set(e, ERR_NOMEM, "Out of memory.");
    }
    return 0;
}

int choice_content_parse(const char *json, size_t len, const char *origin, struct arena *a,
                         struct choice_content *out, struct err *e)
{
    static const char *const top_keys[] = {"format", "language", "style", "title", "intro", "options"};
    static const char *const opt_keys[] = {"id", "title", "summary", "what_you_do", "good_to_know",
                                           "help"};
    json_error_t je;
    json_t *root, *opts, *o;
    const char *s = NULL;
    bool seen[CHOICE_CONTENT_OPTIONS] = {false};
    size_t i;
    int rc = 0;

    memset(out, 0, sizeof *out);
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return err_set(e, ERR_INVALID, "%s: not valid JSON at line %d: %s.", origin, je.line, je.text);
    if (!json_is_object(root)) {
        rc = err_set(e, ERR_INVALID, "%s: the top level must be an object.", origin);
        goto done;
    }
    if ((rc = only_keys(root, top_keys, 6, origin, "the file", e)) != 0)
        goto done;
    if ((rc = get_string(root, "format", origin, "the file", a, &s, e)) != 0)
        goto done;
    if (strcmp(s, "selfdirect-options/1") != 0) {
        rc = err_set(e, ERR_UNSUPPORTED, "%s: format \"%s\" is not one this program reads.", origin, s);
        goto done;
    }
    if ((rc = get_string(root, "style", origin, "the file", a, &s, e)) != 0)
        goto done;
    if (strcmp(s, "standard") == 0)
        out->style = CHOICE_CONTENT_STANDARD;
    else if (strcmp(s, "easy_read") == 0)
        out->style = CHOICE_CONTENT_EASY_READ;
    else {
        rc = err_set(e, ERR_INVALID, "%s: style must be \"standard\" or \"easy_read\".", origin);
        goto done;
    }
    if ((rc = get_string(root, "language", origin, "the file", a, &out->language, e)) != 0 ||
        (rc = get_string(root, "title", origin, "the file", a, &out->title, e)) != 0 ||
        (rc = get_lines(root, "intro", origin, "the file", a, &out->intro, e)) != 0)
        goto done;
    opts = json_object_get(root, "options");
    if (!json_is_array(opts)) {
        rc = err_set(e, ERR_INVALID, "%s: \"options\" must be a list.", origin);
        goto done;
    }
    json_array_foreach(opts, i, o) {
        const char *id = NULL;
        char where[64];
        size_t k;
        snprintf(where, sizeof where, "option %zu", i + 1);
        if (!json_is_object(o)) {
            rc = err_set(e, ERR_INVALID, "%s: %s is not an object.", origin, where);
            goto done;
        }
        if ((rc = only_keys(o, opt_keys, 6, origin, where, e)) != 0 ||
            (rc = get_string(o, "id", origin, where, a, &id, e)) != 0)
            goto done;
        for (k = 0; k < CHOICE_CONTENT_OPTIONS; k++)
            if (strcmp(id, option_ids[k]) == 0)
                break;
        if (k == CHOICE_CONTENT_OPTIONS) {
            rc = err_set(e, ERR_INVALID, "%s: %s has an unknown id \"%s\".", origin, where, id);
            goto done;
        }
        if (seen[k]) {
            rc = err_set(e, ERR_INVALID, "%s: \"%s\" appears twice.", origin, id);
            goto done;
        }
        seen[k] = true;
        out->options[k].id = option_ids[k];
        if ((rc = get_string(o, "title", origin, where, a, &out->options[k].title, e)) != 0 ||
            (rc = get_lines(o, "summary", origin, where, a, &out->options[k].summary, e)) != 0 ||
            (rc = get_lines(o, "what_you_do", origin, where, a, &out->options[k].what_you_do, e)) != 0 ||
            (rc = get_lines(o, "good_to_know", origin, where, a, &out->options[k].good_to_know, e)) != 0 ||
            (rc = get_lines(o, "help", origin, where, a, &out->options[k].help, e)) != 0)
            goto done;
    }
    for (i = 0; i < CHOICE_CONTENT_OPTIONS; i++)
        if (!seen[i]) {
            rc = err_set(e, ERR_INVALID, "%s: the explanation of \"%s\" is missing; every option "
                                         "must be explained.",
                         origin, option_ids[i]);
            goto done;
        }
done:
    json_decref(root);
    return rc;
}

int choice_content_load(enum choice_content_style style, struct arena *a,
                        struct choice_content *out, struct err *e)
{
    const char *path = style == CHOICE_CONTENT_EASY_READ ? "data/content/options-easyread.json"
                                                         : "data/content/options-en.json";
    const struct asset *as = asset_find(path);
    int rc;
    if (!as)
        return err_set(e, ERR_NOT_FOUND, "The built-in file %s is missing.", path);
    if ((rc = choice_content_parse((const char *)as->data, as->len, path, a, out, e)) != 0)
        return rc;
    if (out->style != style)
        return err_set(e, ERR_INVALID, "%s: its style is not the one asked for.", path);
    return 0;
}

const struct choice_content_option *choice_content_find(const struct choice_content *c,
                                                        const char *id)
{
    for (size_t i = 0; id && i < CHOICE_CONTENT_OPTIONS; i++)
        if (c->options[i].id && strcmp(c->options[i].id, id) == 0)
            return &c->options[i];
    return NULL;
}
