/*
 * pa_demo.h — demo data for the personal assistants' pages: a PA sign-in made a registered,
 * listed PA employed by a budget holder's sign-in (who approves the timesheets) on a monthly
 * contract at £15.00 an hour, with one submitted timesheet (last week) waiting for approval, and
 * a support organisation as the named contact for concerns.
 *
 *   demo:    pa_demo_seed(c, "personal-assistant@demo.example", "budget-holder@demo.example", ...)
 *            after web_demo_seed made those sign-ins;
 *   tests:   pa_demo_seed(c, "personal-assistant@testa.example", "budget-holder@testa.example", ...)
 *            after web_fixture_seed.
 */
#ifndef SELFDIRECT_STORE_PA_DEMO_H
#define SELFDIRECT_STORE_PA_DEMO_H

#include <stdint.h>

struct store_conn;
struct err;

/* In its own transaction, in the PA sign-in's council. Does nothing (returns 0) when either sign-in
 * does not exist, or when the PA sign-in already has a PA record (running it twice adds nothing). */
int pa_demo_seed(struct store_conn *c, const char *pa_username, const char *employer_username,
                 int64_t now, struct err *e);

#endif
