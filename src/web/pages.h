/*
 * pages.h — the handlers behind the route table (routes.c): HTML pages (pages_*.c) and the JSON
 * API (api_*.c). A handler may assume the router has already checked the session, CSRF and the
 * route's access policy; it does the work and fills req->res. Handlers never decide access.
 */
#ifndef SELFDIRECT_WEB_PAGES_H
#define SELFDIRECT_WEB_PAGES_H

#include "web/request.h"

/* A refusal or error as a full page (404, 403, 500 ...), used by the router. */
void page_refusal(struct request *req, int status, const char *title, const char *detail);

/* pages_misc.c */
void page_home(struct request *req);
void page_accessibility(struct request *req);
void page_privacy(struct request *req);
void api_healthz(struct request *req);

/* pages_auth.c */
void page_sign_in(struct request *req);
void page_sign_in_post(struct request *req);
void page_sign_out_post(struct request *req);
void page_password(struct request *req);
void page_password_post(struct request *req);

/* pages_people.c */
void page_people(struct request *req);
void page_person(struct request *req);
void page_person_history(struct request *req);
void page_break_glass(struct request *req);
void page_break_glass_post(struct request *req);
void page_break_glass_report(struct request *req);

/* pages_citizen.c */
void page_my_support(struct request *req);

/* pages_council.c: the council administrator's settings */
void page_council_settings(struct request *req);
void page_charging_settings_new(struct request *req);
void page_charging_settings_new_post(struct request *req);

/* api_*.c */
void api_openapi(struct request *req);
void api_session_get(struct request *req);
void api_session_post(struct request *req);
void api_session_delete(struct request *req);
void api_people(struct request *req);
void api_person(struct request *req);
void api_person_history(struct request *req);
void api_break_glass_post(struct request *req);
void api_my_support(struct request *req);

/* static.c */
void static_serve(struct request *req);

#endif
