/*
 * pages_pa.h — the pages of personal assistants (PAs) and their employers (issue 6).
 *
 * The router checks the role (ACT_PA_WORK for the PA, ACT_PA_EMPLOY for the employer or bureau);
 * everything the pages show is then scoped to the signed-in login by the store (pa_find_account,
 * pa_employer_list by account), and the store's own rules decide who may submit and approve a
 * timesheet. A record that is not the login's answers 404, like one that does not exist.
 */
#ifndef SELFDIRECT_WEB_PAGES_PA_H
#define SELFDIRECT_WEB_PAGES_PA_H

#include <stdbool.h>
#include <stdint.h>

#include "store/pa_store.h"
#include "web/request.h"

struct store_conn;

/* pages_pa.c: the PA's own pages */
void page_pa_home(struct request *req);
void page_pa_timesheet(struct request *req);
void page_pa_timesheet_post(struct request *req);
void page_pa_payslip_pdf(struct request *req);
void page_pa_concern(struct request *req);
void page_pa_concern_post(struct request *req);

/* pages_pa_employer.c: the employer's pages */
void page_pa_employer(struct request *req);
void page_pa_employer_decide_post(struct request *req);
void page_pa_employer_payrun_post(struct request *req);
void page_pa_employer_run(struct request *req);
void page_pa_employer_payslip_pdf(struct request *req);

/* pages_pa_contact.c: the named contact answers PAs' concerns */
void page_pa_concerns(struct request *req);
void page_pa_concern_view(struct request *req);
void page_pa_concern_respond_post(struct request *req);
void page_pa_concern_close_post(struct request *req);
/* "Resolved", "Looked into, and not upheld" ...; "" for none. */
const char *pa_web_outcome_words(enum pa_concern_outcome o);

/* pages_pa_finder.c: the PA finder */
void page_pa_finder(struct request *req);
struct pa_finder_query;
/* Reads the finder's query string; false with *why (for the person) when a value is wrong. */
bool pa_web_finder_query(struct request *req, struct pa_finder_query *q, const char **why);

/* api_pa.c: the JSON API */
void api_pa_me(struct request *req);
void api_pa_timesheet_post(struct request *req);
void api_pa_payslip(struct request *req);
void api_pa_concern_post(struct request *req);
void api_pa_employer(struct request *req);
void api_pa_timesheet_approve(struct request *req);
void api_pa_timesheet_reject(struct request *req);
void api_pa_payrun_post(struct request *req);
void api_pa_run(struct request *req);
void api_pa_finder(struct request *req);
void api_pa_contact_concerns(struct request *req);
void api_pa_contact_concern(struct request *req);
void api_pa_contact_respond(struct request *req);
void api_pa_contact_close(struct request *req);

/* A record id from a path or form field (1 .. INT64_MAX). */
int pa_web_id(const char *s, int64_t *out);
/* Parses "7", "7.5", "7:30" (hours) into minutes; ERR_INVALID otherwise. */
int pa_web_hours_parse(const char *s, int64_t *minutes);
/* Writes payslip `payslip_id`'s PDF as the response (the caller has checked it may be seen). */
void pa_web_send_payslip_pdf(struct request *req, struct store_conn *c, int64_t payslip_id);

#endif
