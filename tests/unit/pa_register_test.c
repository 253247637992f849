/* pa_register_test.c — the PA register's pure rules: DBS status and reminders, accreditation
 * moves, the finder's filter, concern routing, and who may submit or approve a timesheet. */
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "domain/pa_register.h"
#include "io/pa_content.h"
#include "store/pa_store.h"

static day_t D(const char *iso)
{
    day_t d = 0;
    if (date_parse_iso(iso, strlen(iso), &d, "date", NULL) != 0)
        check_fail(__FILE__, __LINE__, "bad test date %s", iso);
    return d;
}

static struct dbs_check enhanced(const char *issued)
{
    struct dbs_check c;
    memset(&c, 0, sizeof c);
    c.level = DBS_ENHANCED_ADULTS_BARRED;
    c.issued_on = D(issued);
    return c;
}

static struct pa_check_result status(const struct dbs_check *c, size_t n, const char *today)
{
    struct pa_policy p;
    struct pa_check_result r;
    struct err e = {0};
    pa_policy_default(&p);
    CHECK_INT(pa_dbs_status(c, n, &p, D(today), &r, &e), 0);
    return r;
}

TEST(pa_dbs_none_and_wrong_level)
{
    struct dbs_check basic = enhanced("2024-01-10");
    struct pa_check_result r = status(NULL, 0, "2025-06-15");
    CHECK_INT(r.status, PA_CHECK_NONE);
    CHECK_INT(r.best, -1);
    basic.level = DBS_ENHANCED; /* enhanced, but without the adults' barred list */
    r = status(&basic, 1, "2025-06-15");
    CHECK_INT(r.status, PA_CHECK_WRONG_LEVEL);
    CHECK_CONTAINS(r.summary, "not the enhanced check with the adults' barred list");
}

TEST(pa_dbs_valid_for_three_years_then_expired)
{
    struct dbs_check c = enhanced("2022-06-20");
    struct pa_check_result r = status(&c, 1, "2025-03-01");
    CHECK_INT(r.status, PA_CHECK_VALID);
    CHECK_INT(r.valid_until, D("2025-06-19"));
    r = status(&c, 1, "2025-06-19"); /* the last valid day: due, 0 days left */
    CHECK_INT(r.status, PA_CHECK_DUE_SOON);
    CHECK_INT(r.days_left, 0);
    r = status(&c, 1, "2025-06-20");
    CHECK_INT(r.status, PA_CHECK_EXPIRED);
    CHECK_INT(r.days_left, -1);
    CHECK_CONTAINS(r.summary, "expired after 19 June 2025");
}

TEST(pa_dbs_due_soon_inside_the_reminder_window)
{
    struct dbs_check c = enhanced("2022-08-01");
    struct pa_check_result r = status(&c, 1, "2025-05-31"); /* 61 days before 31 July */
    CHECK_INT(r.status, PA_CHECK_VALID);
    r = status(&c, 1, "2025-06-01"); /* 60 days */
    CHECK_INT(r.status, PA_CHECK_DUE_SOON);
    CHECK_INT(r.days_left, 60);
}

TEST(pa_dbs_update_service_check_renews_validity)
{
    struct dbs_check c = enhanced("2020-01-10");
    struct pa_check_result r;
    c.update_service = true;
    c.has_update_checked = true;
    c.update_checked_on = D("2024-11-01");
    r = status(&c, 1, "2025-06-15");
    CHECK_INT(r.status, PA_CHECK_VALID);
    CHECK(r.via_update_service);
    CHECK_INT(r.valid_until, D("2027-10-31"));
    /* Without a subscription, the online check date means nothing. */
    c.update_service = false;
    r = status(&c, 1, "2025-06-15");
    CHECK_INT(r.status, PA_CHECK_EXPIRED);
}

TEST(pa_dbs_best_certificate_counts_and_policy_years)
{
    struct dbs_check c[3] = {enhanced("2021-01-01"), enhanced("2024-02-29"), enhanced("2023-01-01")};
    struct pa_policy p;
    struct pa_check_result r;
    struct err e = {0};
    c[2].level = DBS_BASIC;
    r = status(c, 3, "2025-06-15");
    CHECK_INT(r.best, 1);
    CHECK_INT(r.valid_until, D("2027-02-27")); /* 29 Feb + 3 years = 28 Feb, less a day */
    pa_policy_default(&p);
    p.dbs_valid_years = 1;
    CHECK_INT(pa_dbs_status(c, 3, &p, D("2025-06-15"), &r, &e), 0);
    CHECK_INT(r.status, PA_CHECK_EXPIRED);
    p.dbs_valid_years = 0;
    CHECK_INT(pa_dbs_status(c, 3, &p, D("2025-06-15"), &r, &e), ERR_INVALID);
}

TEST(pa_dbs_mandatory_for_a_home_with_a_child_under_16)
{
    struct pa_policy p;
    struct dbs_check c = enhanced("2020-01-01");
    struct pa_check_result expired = status(&c, 1, "2025-06-15"), none = status(NULL, 0, "2025-06-15");
    struct dbs_check fresh = enhanced("2025-01-01");
    struct pa_check_result ok = status(&fresh, 1, "2025-06-15");
    struct err e = {0};
    pa_policy_default(&p);
    CHECK_INT(pa_dbs_required(&p, true, &expired, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "child under 16");
    CHECK_INT(pa_dbs_required(&p, true, &none, NULL), ERR_FORBIDDEN);
    CHECK_INT(pa_dbs_required(&p, true, &ok, NULL), 0);
    CHECK_INT(pa_dbs_required(&p, false, &none, NULL), 0);
    p.dbs_mandatory_child_under_16 = false; /* the council's setting, not law */
    CHECK_INT(pa_dbs_required(&p, true, &none, NULL), 0);
}

TEST(pa_dbs_reminders_by_status)
{
    struct pa_policy p;
    struct pa_reminder r;
    struct dbs_check old = enhanced("2022-01-01"), soon = enhanced("2022-07-01"),
                     fresh = enhanced("2025-01-01");
    struct pa_check_result s_old = status(&old, 1, "2025-06-15"),
                           s_soon = status(&soon, 1, "2025-06-15"),
                           s_fresh = status(&fresh, 1, "2025-06-15"),
                           s_none = status(NULL, 0, "2025-06-15");
    pa_policy_default(&p);
    CHECK(pa_dbs_reminder(&s_old, &p, false, 7, "Ann Lee", D("2025-06-15"), &r));
    CHECK_INT(r.kind, PA_REMIND_DBS_EXPIRED);
    CHECK_INT(r.subject_id, 7);
    CHECK_CONTAINS(r.message, "Ann Lee's DBS check is older than the council's 3 years");
    CHECK(pa_dbs_reminder(&s_soon, &p, false, 7, "Ann Lee", D("2025-06-15"), &r));
    CHECK_INT(r.kind, PA_REMIND_DBS_DUE);
    CHECK_INT(r.due, D("2025-06-30"));
    CHECK_CONTAINS(r.message, "15 days");
    CHECK(!pa_dbs_reminder(&s_fresh, &p, true, 7, "Ann Lee", D("2025-06-15"), &r));
    CHECK(pa_dbs_reminder(&s_none, &p, false, 7, "Ann Lee", D("2025-06-15"), &r));
    CHECK_INT(r.kind, PA_REMIND_DBS_MISSING);
    CHECK(pa_dbs_reminder(&s_old, &p, true, 7, "Ann Lee", D("2025-06-15"), &r));
    CHECK_INT(r.kind, PA_REMIND_DBS_MANDATORY);
}

TEST(pa_expiry_reminder_window)
{
    struct pa_reminder r;
    CHECK(!pa_expiry_reminder(PA_REMIND_INSURANCE, 3, "Insurance", D("2025-08-15"), 60,
                              D("2025-06-15"), &r));
    CHECK(pa_expiry_reminder(PA_REMIND_INSURANCE, 3, "Insurance", D("2025-08-14"), 60,
                             D("2025-06-15"), &r));
    CHECK_INT(r.days_left, 60);
    CHECK(pa_expiry_reminder(PA_REMIND_INSURANCE, 3, "Insurance", D("2025-06-01"), 60,
                             D("2025-06-15"), &r));
    CHECK_CONTAINS(r.message, "ended on 1 June 2025");
}

TEST(pa_right_to_work_time_limited)
{
    struct pa_right_to_work c = {D("2024-01-01"), true, D("2025-06-14")};
    CHECK(!pa_right_to_work_ok(&c, 1, D("2025-06-15")));
    CHECK(pa_right_to_work_ok(&c, 1, D("2025-06-14")));
    c.has_expiry = false;
    CHECK(pa_right_to_work_ok(&c, 1, D("2030-01-01")));
    CHECK(!pa_right_to_work_ok(&c, 0, D("2025-06-15")));
}

static struct pa_evidence full_evidence(void)
{
    struct pa_evidence ev;
    struct dbs_check c = enhanced("2025-01-01");
    memset(&ev, 0, sizeof ev);
    ev.dbs = status(&c, 1, "2025-06-15");
    ev.right_to_work = true;
    ev.references_satisfactory = 2;
    ev.training_current = 1;
    return ev;
}

TEST(pa_accreditation_moves_up_one_step_with_evidence)
{
    struct pa_evidence ev = full_evidence();
    struct err e = {0};
    CHECK_INT(pa_accreditation_check(PA_REGISTERED, PA_CHECKED, &ev, 5, 5, false, &e), 0);
    CHECK_INT(pa_accreditation_check(PA_CHECKED, PA_ACCREDITED, &ev, 5, 5, false, &e), 0);
    CHECK_INT(pa_accreditation_check(PA_REGISTERED, PA_ACCREDITED, &ev, 5, 5, false, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "checked first");
}

TEST(pa_accreditation_lists_everything_missing)
{
    struct pa_evidence ev;
    struct err e = {0};
    memset(&ev, 0, sizeof ev);
    ev.dbs = status(NULL, 0, "2025-06-15");
    ev.references_satisfactory = 1;
    CHECK_INT(pa_accreditation_check(PA_REGISTERED, PA_CHECKED, &ev, 5, 5, false, &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "DBS");
    CHECK_CONTAINS(e.msg, "right to work");
    CHECK_CONTAINS(e.msg, "two satisfactory references");
    ev = full_evidence();
    ev.training_current = 0;
    err_clear(&e);
    CHECK_INT(pa_accreditation_check(PA_CHECKED, PA_ACCREDITED, &ev, 5, 5, false, &e),
              ERR_INVALID);
    CHECK_CONTAINS(e.msg, "training");
    /* A lapsed check stops a checked PA becoming accredited. */
    ev = full_evidence();
    {
        struct dbs_check old = enhanced("2020-01-01");
        ev.dbs = status(&old, 1, "2025-06-15");
    }
    CHECK_INT(pa_accreditation_check(PA_CHECKED, PA_ACCREDITED, &ev, 5, 5, false, NULL),
              ERR_INVALID);
}

TEST(pa_accreditation_only_by_the_register_organisation)
{
    struct pa_evidence ev = full_evidence();
    struct err e = {0};
    CHECK_INT(pa_accreditation_check(PA_REGISTERED, PA_CHECKED, &ev, 6, 5, false, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Only the support organisation");
    CHECK_INT(pa_accreditation_check(PA_REGISTERED, PA_CHECKED, &ev, 0, 5, false, NULL),
              ERR_FORBIDDEN);
    CHECK_INT(pa_accreditation_check(PA_REGISTERED, PA_CHECKED, &ev, 5, 0, false, NULL),
              ERR_FORBIDDEN);
}

TEST(pa_accreditation_down_needs_a_reason_and_same_is_refused)
{
    struct pa_evidence ev;
    memset(&ev, 0, sizeof ev); /* evidence is not needed to step down */
    CHECK_INT(pa_accreditation_check(PA_ACCREDITED, PA_REGISTERED, &ev, 5, 5, false, NULL),
              ERR_INVALID);
    CHECK_INT(pa_accreditation_check(PA_ACCREDITED, PA_REGISTERED, &ev, 5, 5, true, NULL), 0);
    CHECK_INT(pa_accreditation_check(PA_ACCREDITED, PA_CHECKED, &ev, 5, 5, true, NULL), 0);
    CHECK_INT(pa_accreditation_check(PA_CHECKED, PA_CHECKED, &ev, 5, 5, true, NULL), ERR_CONFLICT);
}

TEST(pa_accreditation_names_round_trip)
{
    for (int i = 0; i < PA_ACCREDITATION_COUNT; i++) {
        enum pa_accreditation a;
        CHECK_INT(pa_accreditation_parse(pa_accreditation_name((enum pa_accreditation)i), &a), 0);
        CHECK_INT(a, i);
    }
    CHECK_INT(pa_accreditation_parse("approved", &(enum pa_accreditation){0}), ERR_INVALID);
}

TEST(pa_finder_shows_only_checked_unless_chosen)
{
    struct dbs_check fresh = enhanced("2025-01-01"), old = enhanced("2020-01-01");
    struct pa_check_result ok = status(&fresh, 1, "2025-06-15"), lapsed = status(&old, 1, "2025-06-15");
    char text[400];
    CHECK(!pa_finder_shows(PA_REGISTERED, &ok, false));
    CHECK(pa_finder_shows(PA_REGISTERED, &ok, true));
    CHECK(pa_finder_shows(PA_CHECKED, &ok, false));
    CHECK(pa_finder_shows(PA_ACCREDITED, &ok, false));
    CHECK(!pa_finder_shows(PA_ACCREDITED, &lapsed, false));
    pa_finder_status_text(PA_ACCREDITED, &lapsed, text, sizeof text);
    CHECK_CONTAINS(text, "Accredited, but the check has lapsed");
    pa_finder_status_text(PA_REGISTERED, &ok, text, sizeof text);
    CHECK_CONTAINS(text, "not checked by the register");
    pa_finder_status_text(PA_CHECKED, &ok, text, sizeof text);
    CHECK_CONTAINS(text, "Checked. Enhanced DBS with adults' barred list, valid until");
}

TEST(pa_concern_routes_to_a_named_contact)
{
    struct pa_concern_route r;
    pa_concern_route(9, "Sam Org", "sam@org.example", "Cath Council", "cath@council.example", 10,
                     D("2025-06-15"), &r);
    CHECK(r.to_organisation);
    CHECK_INT(r.organisation_id, 9);
    CHECK_STR(r.contact_name, "Sam Org");
    CHECK_INT(r.respond_by, D("2025-06-25"));
    pa_concern_route(9, "", "", "Cath Council", "cath@council.example", 5, D("2025-06-15"), &r);
    CHECK(!r.to_organisation);
    CHECK_STR(r.contact_name, "Cath Council");
    CHECK_INT(r.respond_by, D("2025-06-20"));
    pa_concern_route(0, NULL, NULL, "", "", 5, D("2025-06-15"), &r);
    CHECK_CONTAINS(r.contact_name, "no named contact set");
    CHECK(!pa_concern_overdue(true, D("2025-06-20"), D("2025-06-20")));
    CHECK(pa_concern_overdue(true, D("2025-06-20"), D("2025-06-21")));
    CHECK(!pa_concern_overdue(false, D("2025-06-20"), D("2025-06-21")));
}

TEST(pa_timesheet_approved_by_employer_never_by_the_pa)
{
    struct timesheet_parties p = {.pa_account_id = 10, .employer_account_id = 20,
                                  .bureau_account_id = 30};
    struct err e = {0};
    CHECK_INT(timesheet_may_decide(&p, 20, NULL), 0);
    CHECK_INT(timesheet_may_decide(&p, 30, NULL), 0);
    CHECK_INT(timesheet_may_decide(&p, 10, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "cannot approve their own timesheet");
    CHECK_INT(timesheet_may_decide(&p, 40, NULL), ERR_FORBIDDEN);
    CHECK_INT(timesheet_may_decide(&p, 0, NULL), ERR_FORBIDDEN);
    /* A PA whose login is (wrongly) also the employer's still cannot approve. */
    p.employer_account_id = 10;
    CHECK_INT(timesheet_may_decide(&p, 10, NULL), ERR_FORBIDDEN);
}

TEST(pa_timesheet_submitted_by_the_pa)
{
    struct timesheet_parties p = {.pa_account_id = 10, .employer_account_id = 20};
    CHECK_INT(timesheet_may_submit(&p, 10, NULL), 0);
    CHECK_INT(timesheet_may_submit(&p, 20, NULL), ERR_FORBIDDEN);
    p.pa_account_id = 0; /* a PA without a login cannot submit for themselves */
    CHECK_INT(timesheet_may_submit(&p, 0, NULL), ERR_FORBIDDEN);
}

TEST(pa_timesheet_figures)
{
    struct err e = {0};
    CHECK_INT(timesheet_validate(D("2025-06-01"), D("2025-06-07"), 40 * 60, 8 * 60, NULL), 0);
    CHECK_INT(timesheet_validate(D("2025-06-07"), D("2025-06-01"), 60, 0, &e), ERR_INVALID);
    CHECK_INT(timesheet_validate(D("2025-06-01"), D("2025-07-02"), 60, 0, NULL), ERR_INVALID);
    CHECK_INT(timesheet_validate(D("2025-06-01"), D("2025-06-01"), 24 * 60, 1, NULL), ERR_INVALID);
    CHECK_INT(timesheet_validate(D("2025-06-01"), D("2025-06-01"), 24 * 60, 0, NULL), 0);
}

TEST(pa_ni_number_format)
{
    char ok[16] = "ab 12 34 56 c", bad1[16] = "QQ123456C", bad2[16] = "GB123456A",
         bad3[16] = "AB123456E", empty[16] = "";
    CHECK_INT(pa_ni_number_normalise(ok, NULL), 0);
    CHECK_STR(ok, "AB123456C");
    CHECK_INT(pa_ni_number_normalise(bad1, NULL), ERR_INVALID);
    CHECK_INT(pa_ni_number_normalise(bad2, NULL), ERR_INVALID);
    CHECK_INT(pa_ni_number_normalise(bad3, NULL), ERR_INVALID);
    CHECK_INT(pa_ni_number_normalise(empty, NULL), 0);
}

TEST(pa_checks_content_built_in_and_strict)
{
    struct arena a;
    struct pa_checks_content c;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(pa_checks_content_load(&a, &c, &e), 0);
    CHECK_STR(c.title, "Why checks on personal assistants matter");
    CHECK(c.nwhy >= 3);
    CHECK(c.nhow >= 3);
    CHECK(c.nsources >= 1);
    CHECK_CONTAINS(c.why[1], "adults' barred list");
    {
        const char *bad = "{\"format\":\"selfdirect-pa-checks/1\",\"title\":\"T\",\"why\":[\"a\"],"
                          "\"how_to_request\":[\"\"],\"sources\":[{\"title\":\"s\",\"url\":"
                          "\"https://x\"}]}";
        CHECK_INT(pa_checks_content_parse(bad, strlen(bad), &a, &c, NULL), ERR_INVALID);
    }
    {
        const char *bad = "{\"format\":\"selfdirect-pa-checks/1\",\"title\":\"T\",\"why\":[\"a\"],"
                          "\"how_to_request\":[\"b\"],\"sources\":[{\"title\":\"s\",\"url\":"
                          "\"http://x\"}]}";
        CHECK_INT(pa_checks_content_parse(bad, strlen(bad), &a, &c, NULL), ERR_INVALID);
    }
    {
        const char *bad = "{\"format\":\"selfdirect-pa-checks/1\",\"title\":\"T\",\"extra\":1}";
        CHECK_INT(pa_checks_content_parse(bad, strlen(bad), &a, &c, NULL), ERR_INVALID);
    }
    arena_release(&a);
}
