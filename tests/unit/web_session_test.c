/* Session tokens, timeouts, the login rate limiter, and the OpenAPI document's agreement with
 * the route table. */
#include <jansson.h>

#include "base/asset.h"
#include "check.h"
#include "web/password.h"
#include "web/ratelimit.h"
#include "web/router.h"
#include "web/session.h"

TEST(web_session_tokens)
{
    char a[SESSION_TOKEN_CHARS + 1], b[SESSION_TOKEN_CHARS + 1], h[SESSION_HASH_HEX + 1];
    session_token_new(a);
    session_token_new(b);
    CHECK_INT(strlen(a), 43);
    CHECK(strcmp(a, b) != 0);
    CHECK(session_token_wellformed(a));
    CHECK(!session_token_wellformed("short"));
    CHECK(!session_token_wellformed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    CHECK(!session_token_wellformed(NULL));
    session_token_hash(a, h);
    CHECK_INT(strlen(h), 64);
    session_token_hash("abc", h);
    CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(web_session_timeouts)
{
    /* idle 30 min, absolute 12 h */
    CHECK_INT(session_state_at(0, 0, 1799, 1800, 43200), SESSION_LIVE);
    CHECK_INT(session_state_at(0, 0, 1800, 1800, 43200), SESSION_IDLE_EXPIRED);
    CHECK_INT(session_state_at(0, 43000, 43199, 1800, 43200), SESSION_LIVE);
    CHECK_INT(session_state_at(0, 43199, 43200, 1800, 43200), SESSION_ABSOLUTE_EXPIRED);
}

TEST(web_ratelimit_buckets)
{
    struct ratelimit *rl = ratelimit_new(3, 60, 16); /* 3 at once, then 1 a second */
    int retry = 0;
    CHECK(ratelimit_take(rl, "1.2.3.4", 0, &retry));
    CHECK(ratelimit_take(rl, "1.2.3.4", 0, &retry));
    CHECK(ratelimit_take(rl, "1.2.3.4", 0, &retry));
    CHECK(!ratelimit_take(rl, "1.2.3.4", 0, &retry));
    CHECK_INT(retry, 1);
    CHECK(ratelimit_take(rl, "5.6.7.8", 0, &retry)); /* another address is separate */
    CHECK(ratelimit_take(rl, "1.2.3.4", 1000, &retry)); /* refilled one */
    CHECK(!ratelimit_take(rl, "1.2.3.4", 1000, &retry));
    /* Many keys cannot grow memory: the table stays its size and still answers. */
    for (int i = 0; i < 1000; i++) {
        char key[32];
        snprintf(key, sizeof key, "10.0.%d.%d", i / 256, i % 256);
        (void)ratelimit_take(rl, key, 2000, &retry);
    }
    CHECK(ratelimit_take(rl, "fresh", 3000, &retry));
    ratelimit_free(rl);
}

TEST(web_password_rules_and_hashing)
{
    struct err e = {0};
    char hash[PASSWORD_HASH_MAX];
    CHECK_INT(password_init(PASSWORD_COST_TEST, 2, &e), 0);
    CHECK_INT(password_check_rules("short", &e), ERR_INVALID);
    CHECK_STR(e.field, "password");
    err_clear(&e);
    CHECK_INT(password_check_rules("aaaaaaaaaaaa", &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(password_check_rules("correct horse battery", &e), 0);
    CHECK_INT(password_hash("correct horse battery", hash, &e), 0);
    CHECK(strncmp(hash, "$argon2id$", 10) == 0);
    CHECK_INT(password_verify(hash, "correct horse battery", &e), 0);
    CHECK_INT(password_verify(hash, "correct horse batterY", &e), ERR_FORBIDDEN);
}

/* The OpenAPI document lists exactly the API routes of the table, with their methods. */
TEST(web_openapi_matches_routes)
{
    const struct asset *a = asset_find("assets/api/openapi.json");
    json_t *doc, *paths, *ops;
    json_error_t je;
    const char *path, *method;
    CHECK(a != NULL);
    if (!a)
        return;
    doc = json_loadb((const char *)a->data, a->len, JSON_REJECT_DUPLICATES, &je);
    CHECK(doc != NULL);
    if (!doc)
        return;
    CHECK_STR(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    paths = json_object_get(doc, "paths");
    for (size_t i = 0; i < web_nroutes; i++) {
        const struct route *r = &web_routes[i];
        json_t *item = json_object_get(paths, r->pattern);
        char m[16];
        if (r->kind != ROUTE_API)
            continue;
        snprintf(m, sizeof m, "%s", http_method_name(r->method));
        for (char *p = m; *p; p++)
            *p = (char)(*p - 'A' + 'a');
        if (!item || !json_object_get(item, m))
            check_fail(__FILE__, __LINE__, "route %s %s is not in openapi.json",
                       http_method_name(r->method), r->pattern);
    }
    json_object_foreach(paths, path, ops) {
        json_t *op;
        json_object_foreach(ops, method, op) {
            bool found = false;
            for (size_t i = 0; i < web_nroutes; i++) {
                char m[16];
                snprintf(m, sizeof m, "%s", http_method_name(web_routes[i].method));
                for (char *p = m; *p; p++)
                    *p = (char)(*p - 'A' + 'a');
                if (web_routes[i].kind == ROUTE_API && strcmp(web_routes[i].pattern, path) == 0 &&
                    strcmp(m, method) == 0)
                    found = true;
            }
            if (!found)
                check_fail(__FILE__, __LINE__, "openapi.json has %s %s, which is not a route",
                           method, path);
        }
    }
    json_decref(doc);
}
