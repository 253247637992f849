/* Route matching: literal and {param} segments, 404 vs 405 with Allow, HEAD as GET, and the
 * table itself: every person route takes {id}, bodies only where a method sends one. */
#include "check.h"
#include "web/request.h"
#include "web/router.h"

static void noop(struct request *req) { (void)req; }

static const struct route table[] = {
    {HTTP_GET, "/people", noop, ROUTE_PAGE, false, ACT_PEOPLE_SEARCH, 0, ""},
    {HTTP_GET, "/people/{id}", noop, ROUTE_PAGE, false, ACT_PERSON_SUMMARY, 0, ""},
    {HTTP_GET, "/people/{id}/history", noop, ROUTE_PAGE, false, ACT_PERSON_HISTORY, 0, ""},
    {HTTP_POST, "/people/{id}/emergency-access", noop, ROUTE_PAGE, false, ACT_BREAK_GLASS, 100,
     ""},
    {HTTP_GET, "/people/{id}/emergency-access", noop, ROUTE_PAGE, false, ACT_BREAK_GLASS, 0, ""},
    {HTTP_GET, "/assets/{*path}", noop, ROUTE_ASSET, true, ACT_SIGNED_IN, 0, ""},
};
#define N (sizeof table / sizeof table[0])

TEST(web_router_matches_and_captures)
{
    struct request req;
    char allow[ROUTER_ALLOW_SIZE];
    int status;
    const struct route *r;
    request_init(&req, 0);
    r = router_match(table, N, HTTP_GET, "/people/42", &req, &status, allow);
    CHECK(r == &table[1]);
    CHECK_INT(status, 200);
    CHECK_STR(request_param(&req, "id"), "42");
    r = router_match(table, N, HTTP_GET, "/people/42/history", &req, &status, allow);
    CHECK(r == &table[2]);
    r = router_match(table, N, HTTP_HEAD, "/people", &req, &status, allow);
    CHECK(r == &table[0]);
    r = router_match(table, N, HTTP_GET, "/assets/govuk/images/favicon.ico", &req, &status, allow);
    CHECK(r == &table[5]);
    CHECK_STR(request_param(&req, "path"), "govuk/images/favicon.ico");
    request_release(&req);
}

TEST(web_router_404_and_405)
{
    char allow[ROUTER_ALLOW_SIZE];
    int status;
    CHECK(router_match(table, N, HTTP_GET, "/nowhere", NULL, &status, allow) == NULL);
    CHECK_INT(status, 404);
    CHECK(router_match(table, N, HTTP_GET, "/people/", NULL, &status, allow) == NULL);
    CHECK_INT(status, 404); /* {id} needs a non-empty segment */
    CHECK(router_match(table, N, HTTP_GET, "/people//history", NULL, &status, allow) == NULL);
    CHECK_INT(status, 404);
    CHECK(router_match(table, N, HTTP_GET, "/people/1/history/x", NULL, &status, allow) == NULL);
    CHECK_INT(status, 404);
    CHECK(router_match(table, N, HTTP_GET, "/peoplex", NULL, &status, allow) == NULL);
    CHECK_INT(status, 404);
    CHECK(router_match(table, N, HTTP_DELETE, "/people/1", NULL, &status, allow) == NULL);
    CHECK_INT(status, 405);
    CHECK_STR(allow, "GET, HEAD");
    CHECK(router_match(table, N, HTTP_PUT, "/people/1/emergency-access", NULL, &status, allow) ==
          NULL);
    CHECK_INT(status, 405);
    CHECK_STR(allow, "POST, GET, HEAD");
    CHECK(router_match(table, N, HTTP_OTHER, "/people", NULL, &status, allow) == NULL);
    CHECK_INT(status, 405);
}

TEST(web_router_pattern_matches)
{
    CHECK(router_pattern_matches("/a/{x}/b", "/a/1/b"));
    CHECK(!router_pattern_matches("/a/{x}/b", "/a/1/c"));
    CHECK(!router_pattern_matches("/a/{x}", "/a/1/2"));
    CHECK(router_pattern_matches("/a", "/a"));
    CHECK(!router_pattern_matches("/a", "/a/"));
}

/* The application's own table follows the rules the router relies on. */
TEST(web_routes_table_is_consistent)
{
    for (size_t i = 0; i < web_nroutes; i++) {
        const struct route *r = &web_routes[i];
        bool has_id = strstr(r->pattern, "{id}") != NULL;
        CHECK(r->pattern[0] == '/');
        CHECK(r->handler != NULL);
        CHECK(r->summary && *r->summary);
        if (!r->public_route && access_action_needs_person(r->action))
            CHECK(has_id);
        if (http_method_is_safe(r->method))
            CHECK_INT(r->body_limit, 0);
        else
            CHECK(r->body_limit > 0 || r->method == HTTP_DELETE);
        if (strncmp(r->pattern, "/api/", 5) == 0)
            CHECK_INT(r->kind, ROUTE_API);
        /* No two rows for the same method and pattern. */
        for (size_t j = 0; j < i; j++)
            CHECK(!(web_routes[j].method == r->method &&
                    strcmp(web_routes[j].pattern, r->pattern) == 0));
    }
}

TEST(web_request_query_duplicates_refused)
{
    struct request req;
    struct err e = {0};
    const char *v = NULL;
    request_init(&req, 0);
    CHECK_INT(request_add_query(&req, "q", "smith"), 0);
    CHECK_INT(request_add_query(&req, "page", "2"), 0);
    CHECK_INT(request_add_query(&req, "q", "jones"), 0);
    CHECK_INT(request_query(&req, "page", &v, &e), 0);
    CHECK_STR(v, "2");
    CHECK_INT(request_query(&req, "q", &v, &e), ERR_INVALID);
    CHECK_STR(e.field, "q");
    CHECK_CONTAINS(e.msg, "more than once");
    CHECK_INT(request_query(&req, "absent", &v, &e), 0);
    CHECK(v == NULL);
    request_release(&req);
}

TEST(web_request_form_and_cookies)
{
    struct request req;
    struct err e = {0};
    const char *v = NULL;
    request_init(&req, 1024);
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
    request_add_header(&req, "Cookie", "a=1; __Host-sd_session=abc; b=2");
    buf_adds(&req.body, "name=Jane+Smith&note=%3Cb%3E&empty=&flag&dup=1&dup=2");
    CHECK_INT(request_form(&req, "name", &v, &e), 0);
    CHECK_STR(v, "Jane Smith");
    CHECK_INT(request_form(&req, "note", &v, &e), 0);
    CHECK_STR(v, "<b>");
    CHECK_INT(request_form(&req, "empty", &v, &e), 0);
    CHECK_STR(v, "");
    CHECK_INT(request_form(&req, "flag", &v, &e), 0);
    CHECK_STR(v, "");
    CHECK_INT(request_form(&req, "dup", &v, &e), ERR_INVALID);
    CHECK_STR(request_cookie(&req, "__Host-sd_session"), "abc");
    CHECK_STR(request_cookie(&req, "b"), "2");
    CHECK(request_cookie(&req, "c") == NULL);
    CHECK(request_cookie(&req, "__Host-sd") == NULL);
    request_release(&req);
}

TEST(web_request_bad_escapes_refused)
{
    struct request req;
    struct err e = {0};
    const char *v = NULL;
    char *out;
    request_init(&req, 1024);
    CHECK_INT(url_decode(&req.arena, "%zz", 3, true, &out), ERR_INVALID);
    CHECK_INT(url_decode(&req.arena, "%4", 2, true, &out), ERR_INVALID);
    CHECK_INT(url_decode(&req.arena, "a%00b", 5, true, &out), ERR_INVALID);
    CHECK_INT(url_decode(&req.arena, "%41%62", 6, true, &out), 0);
    CHECK_STR(out, "Ab");
    request_add_header(&req, "Content-Type", "application/x-www-form-urlencoded");
    buf_adds(&req.body, "a=%G1");
    CHECK_INT(request_form(&req, "a", &v, &e), ERR_INVALID);
    CHECK_INT(request_set_target(&req, "/people/1%2F..%2F2"), ERR_INVALID);
    CHECK_INT(request_set_target(&req, "/people/%31?x=1"), 0);
    CHECK_STR(req.path, "/people/1");
    request_release(&req);
}

TEST(web_request_form_needs_form_type)
{
    struct request req;
    struct err e = {0};
    const char *v = NULL;
    request_init(&req, 1024);
    request_add_header(&req, "Content-Type", "application/json");
    buf_adds(&req.body, "{\"a\":1}");
    CHECK_INT(request_form(&req, "a", &v, &e), ERR_INVALID);
    request_release(&req);
}
