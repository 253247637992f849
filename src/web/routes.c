/* routes.c — the route table: every address the server answers, with who may use it and how
 * big a body it takes. The router enforces each row's policy before calling the handler, the
 * OpenAPI document (api_openapi.c) lists every /api/ row (a test checks both ways), and the access
 * matrix test (tests/api/access-matrix.json) must have an expected outcome for every row. */
#include "web/pages.h"
#include "web/router.h"

#define PUBLIC true, ACT_SIGNED_IN
#define NEEDS(action) false, action
#define FORM_LIMIT (16u << 10) /* forms are a few fields; 16 KiB is generous */
#define JSON_LIMIT (64u << 10)

const struct route web_routes[] = {
    /* pages */
    {HTTP_GET, "/", page_home, ROUTE_PAGE, PUBLIC, 0, "Home: sends you to your start page"},
    {HTTP_GET, "/sign-in", page_sign_in, ROUTE_PAGE, PUBLIC, 0, "Sign in"},
    {HTTP_POST, "/sign-in", page_sign_in_post, ROUTE_PAGE, PUBLIC, FORM_LIMIT, "Sign in"},
    {HTTP_POST, "/sign-out", page_sign_out_post, ROUTE_PAGE, NEEDS(ACT_SIGNED_IN), FORM_LIMIT,
     "Sign out"},
    {HTTP_GET, "/account/password", page_password, ROUTE_PAGE, NEEDS(ACT_SIGNED_IN), 0,
     "Change your password"},
    {HTTP_POST, "/account/password", page_password_post, ROUTE_PAGE, NEEDS(ACT_SIGNED_IN),
     FORM_LIMIT, "Change your password"},
    {HTTP_GET, "/people", page_people, ROUTE_PAGE, NEEDS(ACT_PEOPLE_SEARCH), 0,
     "Your people, and search"},
    {HTTP_GET, "/people/{id}", page_person, ROUTE_PAGE, NEEDS(ACT_PERSON_SUMMARY), 0,
     "A person's summary"},
    {HTTP_GET, "/people/{id}/history", page_person_history, ROUTE_PAGE,
     NEEDS(ACT_PERSON_HISTORY), 0, "Who has seen and changed a person's record"},
    {HTTP_GET, "/people/{id}/emergency-access", page_break_glass, ROUTE_PAGE,
     NEEDS(ACT_BREAK_GLASS), 0, "Ask for emergency access to a record"},
    {HTTP_POST, "/people/{id}/emergency-access", page_break_glass_post, ROUTE_PAGE,
     NEEDS(ACT_BREAK_GLASS), FORM_LIMIT, "Ask for emergency access to a record"},
    {HTTP_GET, "/reports/emergency-access", page_break_glass_report, ROUTE_PAGE,
     NEEDS(ACT_BREAK_GLASS_REPORT), 0, "Every use of emergency access"},
    {HTTP_GET, "/my-support", page_my_support, ROUTE_PAGE, NEEDS(ACT_MY_SUPPORT), 0,
     "My support"},
    {HTTP_GET, "/accessibility", page_accessibility, ROUTE_PAGE, PUBLIC, 0,
     "Accessibility statement"},
    {HTTP_GET, "/privacy", page_privacy, ROUTE_PAGE, PUBLIC, 0, "Privacy notice"},
    {HTTP_GET, "/assets/{*path}", static_serve, ROUTE_ASSET, PUBLIC, 0, "Styles, scripts, images"},
    {HTTP_GET, "/healthz", api_healthz, ROUTE_API, PUBLIC, 0, "Is the server up"},

    /* JSON API */
    {HTTP_GET, "/api/v1/openapi.json", api_openapi, ROUTE_API, PUBLIC, 0,
     "This API's OpenAPI 3 description"},
    {HTTP_GET, "/api/v1/session", api_session_get, ROUTE_API, NEEDS(ACT_SIGNED_IN), 0,
     "Who is signed in, and the CSRF token for changes"},
    {HTTP_POST, "/api/v1/session", api_session_post, ROUTE_API, PUBLIC, JSON_LIMIT, "Sign in"},
    {HTTP_DELETE, "/api/v1/session", api_session_delete, ROUTE_API, NEEDS(ACT_SIGNED_IN), 0,
     "Sign out"},
    {HTTP_GET, "/api/v1/people", api_people, ROUTE_API, NEEDS(ACT_PEOPLE_SEARCH), 0,
     "Search people, or list your own (mine=true), a page at a time"},
    {HTTP_GET, "/api/v1/people/{id}", api_person, ROUTE_API, NEEDS(ACT_PERSON_SUMMARY), 0,
     "A person's summary"},
    {HTTP_GET, "/api/v1/people/{id}/history", api_person_history, ROUTE_API,
     NEEDS(ACT_PERSON_HISTORY), 0, "A person's audit history, newest first"},
    {HTTP_POST, "/api/v1/people/{id}/emergency-access", api_break_glass_post, ROUTE_API,
     NEEDS(ACT_BREAK_GLASS), JSON_LIMIT, "Emergency access to a record, with a reason"},
    {HTTP_GET, "/api/v1/me/support", api_my_support, ROUTE_API, NEEDS(ACT_MY_SUPPORT), 0,
     "The people a citizen account is linked to"},
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
