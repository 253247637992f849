/* problem+json: RFC 9457 members, statuses from errors, hostile details stay valid JSON; strict
 * JSON input refuses what it does not know. */
#include <jansson.h>

#include "check.h"
#include "web/json_in.h"
#include "web/problem.h"
#include "web/request.h"

TEST(web_problem_members)
{
    struct request req;
    json_t *j;
    json_error_t je;
    request_init(&req, 0);
    req.raw_path = "/api/v1/people";
    problem_send(&req, 422, NULL, "A field is not valid", "dob must be a date.", "dob");
    CHECK_INT(req.res.status, 422);
    CHECK_STR(req.res.content_type, "application/problem+json");
    j = json_loads(req.res.body.data, 0, &je);
    CHECK(j != NULL);
    CHECK_STR(json_string_value(json_object_get(j, "type")), "/api/v1/problems/invalid-field");
    CHECK_STR(json_string_value(json_object_get(j, "title")), "A field is not valid");
    CHECK_INT(json_integer_value(json_object_get(j, "status")), 422);
    CHECK_STR(json_string_value(json_object_get(j, "detail")), "dob must be a date.");
    CHECK_STR(json_string_value(json_object_get(j, "instance")), "/api/v1/people");
    CHECK_STR(json_string_value(json_object_get(j, "field")), "dob");
    json_decref(j);
    request_release(&req);
}

TEST(web_problem_from_err_statuses)
{
    static const struct {
        int code;
        const char *field;
        int status;
    } cases[] = {
        {ERR_INVALID, "x", 422}, {ERR_INVALID, "", 400},   {ERR_NOT_FOUND, "", 404},
        {ERR_CONFLICT, "", 409}, {ERR_FORBIDDEN, "", 403}, {ERR_IO, "", 500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct request req;
        struct err e = {0};
        request_init(&req, 0);
        err_set_field(&e, cases[i].code, cases[i].field, "message %zu", i);
        problem_from_err(&req, &e);
        CHECK_INT(req.res.status, cases[i].status);
        if (cases[i].status != 500)
            CHECK_CONTAINS(req.res.body.data, "message");
        else
            CHECK(strstr(req.res.body.data, "message") == NULL); /* no internals leak */
        request_release(&req);
    }
}

TEST(web_problem_hostile_detail_stays_json)
{
    struct request req;
    json_t *j;
    json_error_t je;
    request_init(&req, 0);
    problem_send(&req, 400, NULL, "Bad", "\"},\"status\":200,\"x\":\"<script>\xff\xfe", NULL);
    j = json_loads(req.res.body.data, 0, &je);
    CHECK(j != NULL);
    CHECK_INT(json_integer_value(json_object_get(j, "status")), 400);
    CHECK(strstr(req.res.body.data, "<script>") == NULL || json_object_get(j, "detail") == NULL);
    json_decref(j);
    request_release(&req);
}

TEST(web_json_in_strict)
{
    struct arena a;
    const char *name = NULL;
    int64_t n = 0, pence = 0;
    bool flag = false;
    day_t d = 0;
    struct json_in_field f[] = {
        {.name = "name", .type = JIN_STRING, .required = true, .out = &name, .max_len = 10},
        {.name = "n", .type = JIN_INT, .out = &n, .min = 1, .max = 100},
        {.name = "flag", .type = JIN_BOOL, .out = &flag},
        {.name = "dob", .type = JIN_DATE, .out = &d},
        {.name = "amount", .type = JIN_MONEY, .out = &pence},
    };
    static const struct {
        const char *body, *field, *words;
    } bad[] = {
        {"not json", "", "not valid JSON"},
        {"[1,2]", "", "JSON object"},
        {"{\"name\":\"a\",\"name\":\"b\"}", "", "not valid JSON"},
        {"{\"name\":\"a\",\"nmae\":\"b\"}", "nmae", "not a field"},
        {"{\"n\":5}", "name", "required"},
        {"{\"name\":5}", "name", "must be a string"},
        {"{\"name\":\"abcdefghijk\"}", "name", "too long"},
        {"{\"name\":\"a\",\"n\":\"5\"}", "n", "whole number"},
        {"{\"name\":\"a\",\"n\":5.5}", "n", "whole number"},
        {"{\"name\":\"a\",\"n\":101}", "n", "between"},
        {"{\"name\":\"a\",\"flag\":1}", "flag", "true or false"},
        {"{\"name\":\"a\",\"dob\":\"1950-02-30\"}", "dob", ""},
        {"{\"name\":\"a\",\"amount\":12.5}", "amount", "amount string"},
        {"{\"name\":\"a\",\"amount\":\"12.505\"}", "amount", ""},
        {"{\"name\":\"a\\u0000b\"}", "", "not valid JSON"}, /* jansson refuses NUL */
        {"{\"name\":\"a\"} trailing", "", "not valid JSON"},
    };
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct err e = {0};
        CHECK_INT(json_in_parse(bad[i].body, strlen(bad[i].body), f, 5, &a, &e), ERR_INVALID);
        CHECK_STR(e.field, bad[i].field);
        CHECK_CONTAINS(e.msg, bad[i].words);
    }
    {
        struct err e = {0};
        const char *ok = "{\"name\":\"Jane\",\"n\":7,\"flag\":true,\"dob\":\"1950-03-31\","
                         "\"amount\":\"1,234.50\"}";
        CHECK_INT(json_in_parse(ok, strlen(ok), f, 5, &a, &e), 0);
        CHECK_STR(name, "Jane");
        CHECK_INT(n, 7);
        CHECK(flag);
        CHECK_INT(pence, 123450);
    }
    arena_release(&a);
}
