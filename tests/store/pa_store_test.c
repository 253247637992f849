/* pa_store_test.c — the PA register, employment and pay runs against the store, on SQLite and on
 * PostgreSQL: checks and accreditation through the store, the finder, reminders, concerns,
 * timesheet approval only by the employer, pay runs that never pay twice, documents from stored
 * figures, and cross-council isolation for every PA record. */
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "fixtures.h"
#include "io/fps_xml.h"
#include "io/payroll_rates.h"
#include "io/payslip_pdf.h"
#include "store/pa_store.h"
#include "store/web_store.h"

static day_t D(const char *iso)
{
    day_t d = 0;
    if (date_parse_iso(iso, strlen(iso), &d, "date", NULL) != 0)
        check_fail(__FILE__, __LINE__, "bad test date %s", iso);
    return d;
}

#define TODAY D("2025-06-15")

static const struct payrun_tables *tables(void)
{
    static struct payrun_tables *t;
    if (!t) {
        struct err e = {0};
        t = calloc(1, sizeof *t);
        if (!t || payroll_rates_load_tables(t, &e) != 0)
            check_fail(__FILE__, __LINE__, "rates: %s", e.msg);
    }
    return t;
}

static int64_t account(struct store_conn *c, int64_t council_id, const char *username,
                       enum role role, int64_t person_id)
{
    struct web_account_new a = {council_id, username, username, role, person_id, 0, "", NULL};
    struct err e = {0};
    int64_t id = 0;
    if (web_account_create(c, &a, FX_NOW, &id, &e) != 0)
        check_fail(__FILE__, __LINE__, "account %s: %s", username, e.msg);
    return id;
}

static int64_t org(struct store_conn *c, int64_t council_id, const char *name)
{
    struct support_org o;
    struct err e = {0};
    memset(&o, 0, sizeof o);
    str_copy(o.name, sizeof o.name, name);
    str_copy(o.contact_name, sizeof o.contact_name, "Priya Contact");
    str_copy(o.contact_email, sizeof o.contact_email, "priya@org.example");
    o.runs_pa_register = true;
    if (support_org_create(c, council_id, &o, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "org %s: %s", name, e.msg);
    return o.id;
}

static int64_t pa(struct store_conn *c, int64_t council_id, const char *given, const char *dob,
                  int64_t org_id, int64_t account_id, struct pa_record *out)
{
    struct pa_record p;
    struct err e = {0};
    memset(&p, 0, sizeof p);
    str_copy(p.given_name, sizeof p.given_name, given);
    str_copy(p.family_name, sizeof p.family_name, "Assistant");
    p.date_of_birth = D(dob);
    p.organisation_id = org_id;
    p.account_id = account_id;
    p.gender = 'F';
    str_copy(p.address_line1, sizeof p.address_line1, "2 Care Road");
    str_copy(p.town, sizeof p.town, "Demoford");
    str_copy(p.postcode, sizeof p.postcode, "dm1 3cd");
    p.listed = true;
    if (pa_create(c, council_id, &p, TODAY, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "pa %s: %s", given, e.msg);
    if (out)
        *out = p;
    return p.id;
}

static int64_t employer(struct store_conn *c, int64_t council_id, int64_t person_id,
                        int64_t account_id, const char *paye_ref)
{
    struct pa_employer m;
    struct err e = {0};
    memset(&m, 0, sizeof m);
    m.person_id = person_id;
    m.kind = EMPLOYER_BUDGET_HOLDER;
    str_copy(m.name, sizeof m.name, "Mary Okafor");
    m.account_id = account_id;
    str_copy(m.paye_office, sizeof m.paye_office, "123");
    str_copy(m.paye_reference, sizeof m.paye_reference, paye_ref);
    str_copy(m.accounts_office_ref, sizeof m.accounts_office_ref, "123PA00045678");
    m.has_el_expiry = true;
    m.el_expires_on = D("2025-07-01");
    m.employment_allowance = true;
    if (pa_employer_create(c, council_id, &m, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "employer: %s", e.msg);
    return m.id;
}

static int64_t contract(struct store_conn *c, int64_t council_id, int64_t employer_id,
                        int64_t pa_id, const char *payroll_id, int64_t hourly,
                        enum pay_frequency f)
{
    struct pa_contract k;
    struct err e = {0};
    pa_contract_init(&k);
    k.employer_id = employer_id;
    k.pa_id = pa_id;
    str_copy(k.payroll_id, sizeof k.payroll_id, payroll_id);
    k.starts_on = D("2025-04-06");
    k.hours_week_minutes = 20 * 60;
    k.hourly_rate = hourly;
    k.frequency = f;
    str_copy(k.pension_scheme, sizeof k.pension_scheme, "NEST");
    if (pa_contract_create(c, council_id, &k, tables(), TODAY, FX_NOW, &e) != 0)
        check_fail(__FILE__, __LINE__, "contract %s: %s", payroll_id, e.msg);
    return k.id;
}

static int64_t timesheet(struct store_conn *c, int64_t council_id, int64_t contract_id,
                         const char *from, const char *to, int64_t hours, int64_t pa_account,
                         int64_t employer_account)
{
    struct pa_timesheet t;
    struct err e = {0};
    memset(&t, 0, sizeof t);
    t.contract_id = contract_id;
    t.period_start = D(from);
    t.period_end = D(to);
    t.worked_minutes = hours * 60;
    if (pa_timesheet_submit(c, council_id, &t, pa_account, FX_NOW, &e) != 0 ||
        (employer_account && pa_timesheet_approve(c, council_id, &t, employer_account, FX_NOW, &e)))
        check_fail(__FILE__, __LINE__, "timesheet %s: %s", from, e.msg);
    return t.id;
}

/* A council with one employer and one PA (both with logins) on a monthly contract at £13.00. */
struct world {
    int64_t council, person, org, pa, pa_account, emp_account, employer, contract;
};

static void world(struct store_conn *c, const char *code, struct world *w)
{
    char user[64];
    memset(w, 0, sizeof w[0]);
    w->council = fx_council(c, code);
    w->person = fx_person(c, w->council, "Mary", "Okafor", "1960-03-01", NULL);
    w->org = org(c, w->council, "Demo PA Register");
    snprintf(user, sizeof user, "pa@%s.example", code);
    w->pa_account = account(c, w->council, user, USER_PERSONAL_ASSISTANT, 0);
    snprintf(user, sizeof user, "mary@%s.example", code);
    w->emp_account = account(c, w->council, user, USER_BUDGET_HOLDER, w->person);
    w->pa = pa(c, w->council, "Ann", "1990-02-03", w->org, w->pa_account, NULL);
    w->employer = employer(c, w->council, w->person, w->emp_account, "A45678");
    w->contract = contract(c, w->council, w->employer, w->pa, "PA1", 1300, PAY_MONTHLY);
}

static struct pa_payrun_request request(int64_t employer_id, enum pay_frequency f, int year,
                                        int period)
{
    struct pa_payrun_request rq;
    struct err e = {0};
    memset(&rq, 0, sizeof rq);
    rq.employer_id = employer_id;
    rq.run_by = "test";
    if (payrun_period_make(f, year, period, false, 0, &rq.period, &e) != 0)
        check_fail(__FILE__, __LINE__, "period: %s", e.msg);
    return rq;
}

STORE_TEST(pa_timesheet_approved_only_by_the_employer)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_timesheet t;
    struct err e = {0};
    int64_t stranger;
    world(c, "TSA", &w);
    stranger = account(c, w.council, "stranger@tsa.example", USER_BUDGET_HOLDER, w.person);
    memset(&t, 0, sizeof t);
    t.contract_id = w.contract;
    t.period_start = D("2025-06-06");
    t.period_end = D("2025-06-30");
    t.worked_minutes = 60 * 60;
    /* The employer cannot submit the PA's timesheet for them. */
    CHECK_INT(pa_timesheet_submit(c, w.council, &t, w.emp_account, FX_NOW, &e), ERR_FORBIDDEN);
    err_clear(&e);
    CHECK_INT(pa_timesheet_submit(c, w.council, &t, w.pa_account, FX_NOW, &e), 0);
    CHECK_INT(t.status, TIMESHEET_SUBMITTED);
    /* The PA cannot approve it; nor can someone unconnected. */
    CHECK_INT(pa_timesheet_approve(c, w.council, &t, w.pa_account, FX_NOW, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "cannot approve their own timesheet");
    CHECK_INT(pa_timesheet_approve(c, w.council, &t, stranger, FX_NOW, NULL), ERR_FORBIDDEN);
    CHECK_INT(pa_timesheet_approve(c, w.council, &t, 0, FX_NOW, NULL), ERR_FORBIDDEN);
    {
        struct pa_timesheet cur;
        CHECK_INT(pa_timesheet_get(c, w.council, t.id, &cur, NULL), 0);
        CHECK_INT(cur.status, TIMESHEET_SUBMITTED);
    }
    {
        struct arena pa_arena;
        struct pa_timesheet *pending;
        size_t np;
        arena_init(&pa_arena, 0);
        CHECK_INT(pa_timesheet_list_pending(c, w.council, w.employer, &pa_arena, &pending, &np,
                                            NULL), 0);
        CHECK_INT(np, 1);
        arena_release(&pa_arena);
    }
    CHECK_INT(pa_timesheet_approve(c, w.council, &t, w.emp_account, FX_NOW, NULL), 0);
    CHECK_INT(t.status, TIMESHEET_APPROVED);
    CHECK_INT(t.decided_by_account, w.emp_account);
    /* Decided once only; and a second claim for the same days is refused. */
    CHECK_INT(pa_timesheet_reject(c, w.council, &t, w.emp_account, "wrong", FX_NOW, NULL),
              ERR_CONFLICT);
    {
        struct pa_timesheet again = t;
        again.id = 0;
        again.period_start = D("2025-06-20");
        again.period_end = D("2025-06-21");
        again.worked_minutes = 600;
        CHECK_INT(pa_timesheet_submit(c, w.council, &again, w.pa_account, FX_NOW, NULL),
                  ERR_CONFLICT);
    }
    /* A rejection needs a reason and frees the days for a corrected timesheet. */
    {
        struct pa_timesheet t2;
        memset(&t2, 0, sizeof t2);
        t2.contract_id = w.contract;
        t2.period_start = D("2025-07-06");
        t2.period_end = D("2025-07-12");
        t2.worked_minutes = 600;
        CHECK_INT(pa_timesheet_submit(c, w.council, &t2, w.pa_account, FX_NOW, NULL), 0);
        CHECK_INT(pa_timesheet_reject(c, w.council, &t2, w.emp_account, "", FX_NOW, NULL),
                  ERR_INVALID);
        CHECK_INT(pa_timesheet_reject(c, w.council, &t2, w.emp_account, "Hours too high",
                                      FX_NOW, NULL), 0);
        CHECK_INT(t2.status, TIMESHEET_REJECTED);
        t2.id = 0;
        CHECK_INT(pa_timesheet_submit(c, w.council, &t2, w.pa_account, FX_NOW, NULL), 0);
    }
    store_release(c);
}

STORE_TEST(pa_payrun_never_pays_twice)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_payrun_request rq;
    struct pa_payrun_outcome *out = calloc(1, sizeof *out), *again = calloc(1, sizeof *again);
    struct err e = {0};
    struct arena a;
    struct pa_payslip *slips;
    size_t n;
    world(c, "RUN", &w);
    timesheet(c, w.council, w.contract, "2025-06-06", "2025-06-30", 80, w.pa_account,
              w.emp_account);
    rq = request(w.employer, PAY_MONTHLY, 2025, 3);
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW, out, &e), 0);
    CHECK_INT(out->employers_paid, 1);
    CHECK_INT(out->payslips, 1);
    CHECK(!out->already);
    CHECK_INT(out->run.totals.gross, 80 * 1300);
    CHECK_INT(fx_count(c, "pa_payslips"), 1);
    CHECK_INT(fx_count(c, "pa_pay_runs"), 1);

    /* The same period again: the stored result, nothing paid again. */
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW + 60, again, &e), 0);
    CHECK(again->already);
    CHECK_INT(again->employers_paid, 0);
    CHECK_INT(again->employers_already, 1);
    CHECK_INT(again->run.id, out->run.id);
    CHECK_INT(again->run.totals.gross, out->run.totals.gross);
    CHECK_INT(again->run.totals.net_pay, out->run.totals.net_pay);
    CHECK_INT(again->run.totals.hmrc_due, out->run.totals.hmrc_due);
    CHECK_INT(fx_count(c, "pa_payslips"), 1);

    /* A council-wide run of the same period finds it made too. */
    rq.employer_id = 0;
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW + 120, again, &e), 0);
    CHECK_INT(again->employers_paid, 0);
    CHECK_INT(again->employers_already, 1);
    CHECK_INT(fx_count(c, "pa_payslips"), 1);

    /* The timesheet is marked paid by the run; a late one waits for the next period. */
    {
        struct pa_timesheet t;
        struct arena ta;
        struct pa_timesheet *items;
        size_t nt;
        arena_init(&ta, 0);
        CHECK_INT(pa_timesheet_list(c, w.council, w.contract, &ta, &items, &nt, NULL), 0);
        CHECK_INT(nt, 1);
        CHECK_INT(items[0].pay_run_id, out->run.id);
        arena_release(&ta);
        memset(&t, 0, sizeof t);
        timesheet(c, w.council, w.contract, "2025-07-06", "2025-07-31", 10, w.pa_account,
                  w.emp_account);
        rq = request(w.employer, PAY_MONTHLY, 2025, 3);
        CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW, again, NULL), 0);
        CHECK(again->already); /* month 3 is done; July's hours are not in it */
        rq = request(w.employer, PAY_MONTHLY, 2025, 4);
        CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW, again, NULL), 0);
        CHECK_INT(again->payslips, 1);
        CHECK_INT(again->run.totals.gross, 10 * 1300);
    }

    /* Year to date carries into month 4's payslip. */
    arena_init(&a, 0);
    CHECK_INT(pa_payslip_list_pa(c, w.council, w.pa, &a, &slips, &n, NULL), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(slips[0].period, 4);
        CHECK_INT(slips[0].calc.ytd.gross, 90 * 1300);
        CHECK_INT(slips[0].calc.ytd.tax, slips[0].calc.tax + slips[1].calc.tax);
        CHECK(slips[0].calc.explain[SLIP_TAX].n > 3); /* the explanation came back */
    }
    arena_release(&a);
    free(out);
    free(again);
    store_release(c);
}

STORE_TEST(pa_payrun_refuses_below_minimum_wage_and_stores_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_contract k;
    struct pa_payrun_request rq;
    struct pa_payrun_outcome *out = calloc(1, sizeof *out);
    struct err e = {0};
    world(c, "NLW", &w);
    /* The contract was above the minimum when made; force a rate below it, as an old contract
     * left unchanged over 1 April would be. */
    CHECK_INT(pa_contract_get(c, w.council, w.contract, &k, NULL), 0);
    {
        int64_t params[2] = {1000, k.id};
        struct store_stmt *s;
        CHECK_INT(store_prepare(c, "UPDATE pa_contracts SET hourly_rate = ? WHERE id = ?", &s,
                                NULL), 0);
        store_bind_i64(s, 1, params[0]);
        store_bind_i64(s, 2, params[1]);
        CHECK_INT(store_step(s, NULL), STORE_DONE);
        store_finish(s);
    }
    timesheet(c, w.council, w.contract, "2025-06-06", "2025-06-30", 40, w.pa_account,
              w.emp_account);
    rq = request(w.employer, PAY_MONTHLY, 2025, 3);
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW, out, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "below the legal minimum");
    CHECK_INT(fx_count(c, "pa_pay_runs"), 0);
    CHECK_INT(fx_count(c, "pa_payslips"), 0);
    /* Council-wide: the employer is refused and listed; nothing stored for it. */
    rq.employer_id = 0;
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW, out, NULL), 0);
    CHECK_INT(out->employers_failed, 1);
    CHECK_INT(out->nfailures, 1);
    CHECK_CONTAINS(out->failures[0].err.msg, "below the legal minimum");
    CHECK_INT(fx_count(c, "pa_payslips"), 0);
    /* New contracts below the minimum are refused at once. */
    {
        struct pa_contract k2;
        pa_contract_init(&k2);
        k2.employer_id = w.employer;
        k2.pa_id = w.pa;
        str_copy(k2.payroll_id, sizeof k2.payroll_id, "PA2");
        k2.starts_on = D("2025-06-01");
        k2.hourly_rate = 1100;
        err_clear(&e);
        CHECK_INT(pa_contract_create(c, w.council, &k2, tables(), TODAY, FX_NOW, &e), ERR_INVALID);
        CHECK_CONTAINS(e.msg, "£12.21");
    }
    free(out);
    store_release(c);
}

STORE_TEST(pa_payrun_documents_from_stored_figures)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_payrun_request rq;
    struct pa_payrun_outcome *out = calloc(1, sizeof *out);
    struct arena a;
    struct pa_payslip *slips;
    struct pa_record p;
    struct pa_employer m;
    struct pa_contract k;
    struct pa_doc_employer de;
    struct pa_doc_employee dw;
    struct fps_employee fe[2];
    struct fps_submission sub;
    struct buf b;
    size_t n;
    int pages = 0;
    int64_t pa2, k2, pa2_acct;
    world(c, "DOC", &w);
    pa2_acct = account(c, w.council, "pa2@doc.example", USER_PERSONAL_ASSISTANT, 0);
    pa2 = pa(c, w.council, "Bea", "1985-09-09", w.org, pa2_acct, NULL);
    k2 = contract(c, w.council, w.employer, pa2, "PA2", 1450, PAY_MONTHLY);
    timesheet(c, w.council, w.contract, "2025-06-06", "2025-06-30", 80, w.pa_account,
              w.emp_account);
    timesheet(c, w.council, k2, "2025-06-06", "2025-06-30", 120, pa2_acct, w.emp_account);
    rq = request(w.employer, PAY_MONTHLY, 2025, 3);
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW, out, NULL), 0);
    CHECK_INT(out->payslips, 2);
    arena_init(&a, 0);
    buf_init(&b, 8 << 20);
    CHECK_INT(pa_payslip_list_run(c, w.council, out->run.id, &a, &slips, &n, NULL), 0);
    CHECK_INT(n, 2);
    CHECK_INT(pa_employer_get(c, w.council, w.employer, &m, NULL), 0);
    de = (struct pa_doc_employer){m.name, m.paye_office, m.paye_reference, m.accounts_office_ref};
    for (size_t i = 0; i < n && i < 2; i++) {
        CHECK_INT(pa_get(c, w.council, slips[i].pa_id, &p, NULL), 0);
        CHECK_INT(pa_contract_get(c, w.council, slips[i].contract_id, &k, NULL), 0);
        memset(&fe[i], 0, sizeof fe[i]);
        /* Each needs its own employee record: keep copies in the arena. */
        struct pa_record *pp = arena_alloc(&a, sizeof *pp);
        struct pa_contract *kk = arena_alloc(&a, sizeof *kk);
        struct pa_doc_employee *ww = arena_zalloc(&a, sizeof *ww);
        *pp = p;
        *kk = k;
        ww->given_name = pp->given_name;
        ww->family_name = pp->family_name;
        ww->payroll_id = kk->payroll_id;
        ww->date_of_birth = pp->date_of_birth;
        ww->gender = pp->gender;
        ww->starts_on = kk->starts_on;
        fe[i].who = ww;
        fe[i].slip = &slips[i].calc;
        fe[i].starter = true;
        if (i == 0)
            dw = *ww;
    }
    /* The payslip PDF. */
    {
        struct payslip_doc d = {&de, &dw, &out->run.period, &slips[0].calc, "Payslip"};
        CHECK_INT(payslip_pdf(&d, PAYSLIP_PDF_DEFAULT, &b, &pages, NULL), 0);
        CHECK(memcmp(b.data, "%PDF-", 5) == 0);
        CHECK(pages >= 1);
    }
    /* The FPS: well-formed, and its figures add up to the run's. */
    buf_reset(&b);
    sub = (struct fps_submission){&de, &out->run.period, fe, n, false};
    CHECK_INT(fps_xml_write(&sub, &b, NULL), 0);
    {
        xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "fps.xml", NULL, XML_PARSE_NONET);
        CHECK(doc != NULL);
        xmlFreeDoc(doc);
    }
    {
        int64_t tax = 0, ee = 0, gross = 0;
        for (size_t i = 0; i < n; i++) {
            tax += slips[i].calc.tax;
            ee += slips[i].calc.employee_ni;
            gross += slips[i].calc.gross;
        }
        CHECK_INT(tax, out->run.totals.tax);
        CHECK_INT(ee, out->run.totals.employee_ni);
        CHECK_INT(gross, out->run.totals.gross);
        CHECK_INT(gross, 80 * 1300 + 120 * 1450);
    }
    /* The P60 from the last payslip of the year. */
    {
        struct pa_payslip last;
        struct p60_doc d;
        CHECK_INT(pa_payslip_latest(c, w.council, w.contract, 2025, &last, NULL), 0);
        d = (struct p60_doc){&de, &dw, 2025, &last.calc, 0, 0};
        buf_reset(&b);
        CHECK_INT(p60_pdf(&d, PAYSLIP_PDF_DEFAULT, &b, &pages, NULL), 0);
        CHECK_INT(pa_payslip_latest(c, w.council, w.contract, 2024, &last, NULL), ERR_NOT_FOUND);
    }
    /* HMRC this month: the run's liability, by tax month. */
    {
        int64_t months[12];
        CHECK_INT(pa_payrun_hmrc_months(c, w.council, w.employer, 2025, months, NULL), 0);
        CHECK_INT(months[2], out->run.totals.hmrc_due);
        CHECK_INT(months[3], 0);
    }
    buf_release(&b);
    arena_release(&a);
    free(out);
    store_release(c);
}

STORE_TEST(pa_accreditation_through_the_store)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_record p;
    struct err e = {0};
    int64_t other_org;
    world(c, "ACC", &w);
    other_org = org(c, w.council, "Another Organisation");
    CHECK_INT(pa_get(c, w.council, w.pa, &p, NULL), 0);
    CHECK_INT(p.accreditation, PA_REGISTERED);
    /* Not yet: no evidence. */
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_CHECKED, w.org, "Priya", "", TODAY, FX_NOW,
                                   &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "two satisfactory references");
    {
        struct pa_dbs_record d;
        struct pa_rtw_record r;
        struct pa_reference_record ref;
        struct pa_training_record t;
        memset(&d, 0, sizeof d);
        d.pa_id = w.pa;
        d.check.level = DBS_ENHANCED_ADULTS_BARRED;
        d.check.issued_on = D("2025-01-10");
        str_copy(d.certificate_number, sizeof d.certificate_number, "0012 3456 7890");
        str_copy(d.seen_by, sizeof d.seen_by, "Priya");
        d.seen_on = D("2025-01-20");
        {
            struct err de = {0};
            CHECK_INT(pa_dbs_add(c, w.council, &d, TODAY, FX_NOW, &de), 0);
            if (de.code)
                check_fail(__FILE__, __LINE__, "dbs: %s", de.msg);
        }
        CHECK_INT(pa_dbs_add(c, w.council, &d, TODAY, FX_NOW, NULL), ERR_CONFLICT);
        memset(&r, 0, sizeof r);
        r.pa_id = w.pa;
        str_copy(r.document, sizeof r.document, "uk_passport");
        r.check.checked_on = D("2025-01-20");
        str_copy(r.checked_by, sizeof r.checked_by, "Priya");
        CHECK_INT(pa_rtw_add(c, w.council, &r, TODAY, FX_NOW, NULL), 0);
        for (int i = 0; i < 2; i++) {
            memset(&ref, 0, sizeof ref);
            ref.pa_id = w.pa;
            str_copy(ref.referee_name, sizeof ref.referee_name, i ? "Ref Two" : "Ref One");
            str_copy(ref.relationship, sizeof ref.relationship, "Former employer");
            CHECK_INT(pa_reference_add(c, w.council, &ref, FX_NOW, NULL), 0);
            ref.outcome = REF_SATISFACTORY;
            CHECK_INT(pa_reference_update(c, w.council, &ref, FX_NOW, NULL), ERR_INVALID);
            ref.has_received = true;
            ref.received_on = D("2025-02-01");
            str_copy(ref.checked_by, sizeof ref.checked_by, "Priya");
            {
                struct err re = {0};
                CHECK_INT(pa_reference_update(c, w.council, &ref, FX_NOW, &re), 0);
                if (re.code)
                    check_fail(__FILE__, __LINE__, "ref: %s", re.msg);
            }
        }
        memset(&t, 0, sizeof t);
        t.pa_id = w.pa;
        str_copy(t.name, sizeof t.name, "Care Certificate");
        t.has_completed = true;
        t.completed_on = D("2025-03-01");
        t.evidence_seen = true;
        CHECK_INT(pa_training_add(c, w.council, &t, FX_NOW, NULL), 0);
    }
    /* Only the register's organisation may move it. */
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_CHECKED, other_org, "Someone", "",
                                   TODAY, FX_NOW, NULL), ERR_FORBIDDEN);
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_ACCREDITED, w.org, "Priya", "", TODAY,
                                   FX_NOW, NULL), ERR_CONFLICT);
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_CHECKED, w.org, "Priya", "", TODAY,
                                   FX_NOW, NULL), 0);
    CHECK_INT(p.accreditation, PA_CHECKED);
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_ACCREDITED, w.org, "Priya", "", TODAY,
                                   FX_NOW, NULL), 0);
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_REGISTERED, w.org, "Priya", "",
                                   TODAY, FX_NOW, NULL), ERR_INVALID);
    CHECK_INT(pa_accreditation_set(c, w.council, &p, PA_REGISTERED, w.org, "Priya",
                                   "Stopped working as a PA", TODAY, FX_NOW, NULL), 0);
    CHECK_INT(fx_count(c, "pa_accreditation_log"), 3);
    /* pa_update never changes the accreditation. */
    p.accreditation = PA_ACCREDITED;
    CHECK_INT(pa_update(c, w.council, &p, TODAY, FX_NOW, NULL), 0);
    CHECK_INT(p.accreditation, PA_REGISTERED);
    store_release(c);
}

STORE_TEST(pa_finder_shows_checked_pas_with_status)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_finder_query q;
    struct pa_finder_page page;
    struct arena a;
    const char *areas[] = {"dm1", "Demoford"};
    struct pa_slot slots[] = {{0, PART_MORNING}, {2, PART_EVENING}};
    int64_t checked;
    world(c, "FND", &w);
    checked = pa(c, w.council, "Cara", "1980-05-05", w.org, 0, NULL);
    CHECK_INT(pa_areas_set(c, w.council, w.pa, areas, 2, NULL), 0);
    CHECK_INT(pa_areas_set(c, w.council, checked, areas, 1, NULL), 0);
    CHECK_INT(pa_availability_set(c, w.council, checked, slots, 2, NULL), 0);
    {
        struct pa_training_record t;
        memset(&t, 0, sizeof t);
        t.pa_id = checked;
        t.is_skill = true;
        str_copy(t.name, sizeof t.name, "Moving and handling");
        CHECK_INT(pa_training_add(c, w.council, &t, FX_NOW, NULL), 0);
    }
    /* Mark Cara checked directly (the accreditation path is tested above) with a valid DBS. */
    {
        struct pa_dbs_record d;
        struct store_stmt *s;
        memset(&d, 0, sizeof d);
        d.pa_id = checked;
        d.check.level = DBS_ENHANCED_ADULTS_BARRED;
        d.check.issued_on = D("2025-01-10");
        str_copy(d.certificate_number, sizeof d.certificate_number, "001234567891");
        str_copy(d.seen_by, sizeof d.seen_by, "Priya");
        d.seen_on = D("2025-01-20");
        CHECK_INT(pa_dbs_add(c, w.council, &d, TODAY, FX_NOW, NULL), 0);
        CHECK_INT(store_prepare(c, "UPDATE pas SET accreditation = 'checked' WHERE id = ?", &s,
                                NULL), 0);
        store_bind_i64(s, 1, checked);
        CHECK_INT(store_step(s, NULL), STORE_DONE);
        store_finish(s);
    }
    arena_init(&a, 0);
    memset(&q, 0, sizeof q);
    q.area = "DM1";
    q.weekday = -1;
    q.part = -1;
    CHECK_INT(pa_finder(c, w.council, &q, TODAY, &a, &page, NULL), 0);
    CHECK_INT(page.total, 1);
    CHECK_INT(page.hidden_unchecked, 1);
    if (page.n == 1) {
        CHECK_INT(page.items[0].pa.id, checked);
        CHECK_CONTAINS(page.items[0].status_text, "Checked. Enhanced DBS");
    }
    q.include_unchecked = true;
    CHECK_INT(pa_finder(c, w.council, &q, TODAY, &a, &page, NULL), 0);
    CHECK_INT(page.total, 2);
    CHECK_INT(page.hidden_unchecked, 0);
    q.include_unchecked = false;
    q.skill = "moving";
    q.weekday = 2;
    q.part = PART_EVENING;
    CHECK_INT(pa_finder(c, w.council, &q, TODAY, &a, &page, NULL), 0);
    CHECK_INT(page.total, 1);
    q.weekday = 3;
    CHECK_INT(pa_finder(c, w.council, &q, TODAY, &a, &page, NULL), 0);
    CHECK_INT(page.total, 0);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(pa_reminders_dbs_and_insurance)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct arena a;
    struct pa_reminder *items;
    size_t n;
    bool dbs = false, insurance = false;
    world(c, "REM", &w);
    arena_init(&a, 0);
    CHECK_INT(pa_reminders(c, w.council, TODAY, &a, &items, &n, NULL), 0);
    for (size_t i = 0; i < n; i++) {
        if (items[i].kind == PA_REMIND_DBS_MISSING && items[i].subject_id == w.pa)
            dbs = true;
        if (items[i].kind == PA_REMIND_INSURANCE && items[i].subject_id == w.employer) {
            insurance = true;
            CHECK_CONTAINS(items[i].message, "ends on 1 July 2025");
        }
    }
    CHECK(dbs);
    CHECK(insurance);
    /* The council's own policy: a 1-year validity makes a 2024 certificate expired. */
    {
        struct pa_settings s;
        struct pa_dbs_record d;
        CHECK_INT(pa_settings_get(c, w.council, &s, NULL), 0);
        CHECK_INT(s.version, 0);
        CHECK_INT(s.policy.dbs_valid_years, 3);
        s.policy.dbs_valid_years = 1;
        str_copy(s.concern_contact_name, sizeof s.concern_contact_name, "Cath Council");
        {
            struct err se = {0};
            CHECK_INT(pa_settings_save(c, w.council, &s, FX_NOW, &se), 0);
            if (se.code)
                check_fail(__FILE__, __LINE__, "settings: %s", se.msg);
        }
        CHECK_INT(s.version, 1);
        memset(&d, 0, sizeof d);
        d.pa_id = w.pa;
        d.check.level = DBS_ENHANCED_ADULTS_BARRED;
        d.check.issued_on = D("2024-03-01");
        str_copy(d.certificate_number, sizeof d.certificate_number, "001234567892");
        str_copy(d.seen_by, sizeof d.seen_by, "Priya");
        d.seen_on = D("2024-03-02");
        CHECK_INT(pa_dbs_add(c, w.council, &d, TODAY, FX_NOW, NULL), 0);
    }
    CHECK_INT(pa_reminders(c, w.council, TODAY, &a, &items, &n, NULL), 0);
    dbs = false;
    for (size_t i = 0; i < n; i++)
        if (items[i].kind == PA_REMIND_DBS_EXPIRED && items[i].subject_id == w.pa)
            dbs = true;
    CHECK(dbs);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(pa_dbs_mandatory_when_a_child_lives_in_the_home)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_employer m;
    struct pa_contract k;
    struct err e = {0};
    world(c, "KID", &w);
    CHECK_INT(pa_employer_get(c, w.council, w.employer, &m, NULL), 0);
    m.child_under_16_in_home = true;
    CHECK_INT(pa_employer_update(c, w.council, &m, FX_NOW, NULL), 0);
    pa_contract_init(&k);
    k.employer_id = w.employer;
    k.pa_id = w.pa;
    str_copy(k.payroll_id, sizeof k.payroll_id, "PA9");
    k.starts_on = D("2025-06-01");
    k.hourly_rate = 1300;
    CHECK_INT(pa_contract_create(c, w.council, &k, tables(), TODAY, FX_NOW, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "child under 16");
    store_release(c);
}

STORE_TEST(pa_concern_routed_and_response_tracked)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_concern cn;
    struct arena a;
    struct pa_concern *items;
    size_t n;
    struct err e = {0};
    world(c, "CON", &w);
    memset(&cn, 0, sizeof cn);
    cn.pa_id = w.pa;
    cn.about = CONCERN_PAY;
    cn.employer_id = w.employer;
    str_copy(cn.summary, sizeof cn.summary, "I was not paid for my holiday in May.");
    CHECK_INT(pa_concern_raise(c, w.council, &cn, TODAY, FX_NOW, &e), 0);
    CHECK(cn.route.to_organisation);
    CHECK_STR(cn.route.contact_name, "Priya Contact");
    CHECK_INT(cn.route.respond_by, D("2025-06-25"));
    arena_init(&a, 0);
    CHECK_INT(pa_concern_list(c, w.council, 0, true, D("2025-06-25"), &a, &items, &n, NULL), 0);
    CHECK_INT(n, 0);
    CHECK_INT(pa_concern_list(c, w.council, 0, true, D("2025-06-26"), &a, &items, &n, NULL), 0);
    CHECK_INT(n, 1);
    CHECK_INT(pa_concern_close(c, w.council, &cn, CONCERN_RESOLVED, "Priya Contact", TODAY,
                               FX_NOW, &e), ERR_CONFLICT);
    CHECK_INT(pa_concern_respond(c, w.council, &cn, "Priya Contact", "", TODAY, FX_NOW, NULL),
              ERR_INVALID);
    CHECK_INT(pa_concern_respond(c, w.council, &cn, "Priya Contact",
                                 "We have spoken to your employer; holiday pay is in June's "
                                 "payslip.",
                                 D("2025-06-20"), FX_NOW, NULL), 0);
    CHECK_INT(cn.status, CONCERN_RESPONDED);
    CHECK_INT(cn.responded_on, D("2025-06-20"));
    CHECK_INT(pa_concern_list(c, w.council, 0, true, D("2025-07-30"), &a, &items, &n, NULL), 0);
    CHECK_INT(n, 0);
    /* Closing needs an outcome and who closed it. */
    CHECK_INT(pa_concern_close(c, w.council, &cn, CONCERN_NO_OUTCOME, "Priya Contact",
                               D("2025-06-21"), FX_NOW, NULL), ERR_INVALID);
    CHECK_INT(pa_concern_close(c, w.council, &cn, CONCERN_RESOLVED, "", D("2025-06-21"), FX_NOW,
                               NULL), ERR_INVALID);
    CHECK_INT(pa_concern_close(c, w.council, &cn, CONCERN_RESOLVED, "Priya Contact",
                               D("2025-06-21"), FX_NOW, NULL), 0);
    CHECK_INT(cn.status, CONCERN_CLOSED);
    CHECK_INT(cn.outcome, CONCERN_RESOLVED);
    CHECK_STR(cn.closed_by, "Priya Contact");
    CHECK_INT(cn.closed_on, D("2025-06-21"));
    CHECK_INT(pa_concern_close(c, w.council, &cn, CONCERN_RESOLVED, "Priya Contact",
                               D("2025-06-22"), FX_NOW, &e), ERR_CONFLICT);
    CHECK_INT(pa_concern_respond(c, w.council, &cn, "Priya Contact", "Again", D("2025-06-22"),
                                 FX_NOW, NULL), ERR_CONFLICT);
    /* A concern about someone who does not employ the PA is refused. */
    {
        struct pa_concern bad = cn;
        int64_t other_person = fx_person(c, w.council, "Olu", "Other", "1970-01-01", NULL);
        bad.employer_id = employer(c, w.council, other_person, 0, "B99");
        CHECK_INT(pa_concern_raise(c, w.council, &bad, TODAY, FX_NOW, NULL), ERR_INVALID);
    }
    /* No organisation: the council's named contact. */
    {
        struct pa_settings s;
        struct pa_concern c2;
        int64_t lone = pa(c, w.council, "Lone", "1988-01-01", 0, 0, NULL);
        CHECK_INT(pa_settings_get(c, w.council, &s, NULL), 0);
        str_copy(s.concern_contact_name, sizeof s.concern_contact_name, "Cath Council");
        s.concern_response_days = 5;
        CHECK_INT(pa_settings_save(c, w.council, &s, FX_NOW, NULL), 0);
        memset(&c2, 0, sizeof c2);
        c2.pa_id = lone;
        c2.about = CONCERN_SAFETY;
        str_copy(c2.summary, sizeof c2.summary, "The hoist is broken.");
        CHECK_INT(pa_concern_raise(c, w.council, &c2, TODAY, FX_NOW, NULL), 0);
        CHECK(!c2.route.to_organisation);
        CHECK_STR(c2.route.contact_name, "Cath Council");
        CHECK_INT(c2.route.respond_by, D("2025-06-20"));
    }
    arena_release(&a);
    store_release(c);
}

/* The named contacts answer: an organisation worker's account linked to the organisation sees the
 * concerns routed there (and not the council's), a staff member linked as the council's contact
 * sees the council's; links of the wrong kind are refused; another council's logins see nothing. */
STORE_TEST(pa_concern_handlers_see_only_their_concerns)
{
    struct store_conn *c = fx_conn(st);
    struct world w, other;
    struct pa_concern to_org, to_council, *items = NULL;
    struct pa_concern_scope org_scope, staff_scope, none;
    struct arena a;
    size_t n = 0;
    int64_t worker, staff, lone, stranger;
    world(c, "CHA", &w);
    world(c, "CHB", &other);
    worker = account(c, w.council, "worker@cha.example", USER_SUPPORT_ORG_WORKER, 0);
    stranger = account(c, other.council, "worker@chb.example", USER_SUPPORT_ORG_WORKER, 0);
    staff = fx_staff(c, w.council, 0, "contact@cha.example", ROLE_TEAM_MANAGER);
    lone = pa(c, w.council, "Lone", "1988-01-01", 0, 0, NULL);

    /* Wrong kinds of link. */
    CHECK_INT(pa_concern_handler_add(c, w.council, w.org, staff, 0, FX_NOW, NULL), ERR_INVALID);
    CHECK_INT(pa_concern_handler_add(c, w.council, 0, 0, worker, FX_NOW, NULL), ERR_INVALID);
    CHECK_INT(pa_concern_handler_add(c, w.council, w.org, 0, w.pa_account, FX_NOW, NULL),
              ERR_INVALID);
    CHECK_INT(pa_concern_handler_add(c, w.council, w.org, 0, stranger, FX_NOW, NULL),
              ERR_INVALID);
    /* Right ones, twice each (the second is a no-op). */
    for (int i = 0; i < 2; i++) {
        CHECK_INT(pa_concern_handler_add(c, w.council, w.org, 0, worker, FX_NOW, NULL), 0);
        CHECK_INT(pa_concern_handler_add(c, w.council, 0, staff, 0, FX_NOW, NULL), 0);
    }
    CHECK_INT(fx_count(c, "pa_concern_handlers"), 2);

    memset(&to_org, 0, sizeof to_org);
    to_org.pa_id = w.pa;
    to_org.about = CONCERN_PAY;
    str_copy(to_org.summary, sizeof to_org.summary, "Short paid.");
    CHECK_INT(pa_concern_raise(c, w.council, &to_org, TODAY, FX_NOW, NULL), 0);
    memset(&to_council, 0, sizeof to_council);
    to_council.pa_id = lone;
    to_council.about = CONCERN_SAFETY;
    str_copy(to_council.summary, sizeof to_council.summary, "The hoist is broken.");
    CHECK_INT(pa_concern_raise(c, w.council, &to_council, TODAY, FX_NOW, NULL), 0);

    CHECK_INT(pa_concern_scope_get(c, w.council, 0, worker, &org_scope, NULL), 0);
    CHECK(!org_scope.council);
    CHECK_INT(org_scope.norgs, 1);
    CHECK(pa_concern_in_scope(&org_scope, &to_org));
    CHECK(!pa_concern_in_scope(&org_scope, &to_council));
    CHECK_INT(pa_concern_scope_get(c, w.council, staff, 0, &staff_scope, NULL), 0);
    CHECK(staff_scope.council);
    CHECK_INT(staff_scope.norgs, 0);
    CHECK(!pa_concern_in_scope(&staff_scope, &to_org));
    CHECK(pa_concern_in_scope(&staff_scope, &to_council));
    /* The PA's own account, and the same worker id looked up in another council, answer nothing. */
    CHECK_INT(pa_concern_scope_get(c, w.council, 0, w.pa_account, &none, NULL), 0);
    CHECK(pa_concern_scope_empty(&none));
    CHECK_INT(pa_concern_scope_get(c, other.council, 0, worker, &none, NULL), 0);
    CHECK(pa_concern_scope_empty(&none));

    arena_init(&a, 0);
    CHECK_INT(pa_concern_list_scope(c, w.council, &org_scope, true, &a, &items, &n, NULL), 0);
    CHECK_INT(n, 1);
    CHECK(n == 1 && items[0].id == to_org.id);
    CHECK_INT(pa_concern_list_scope(c, w.council, &staff_scope, true, &a, &items, &n, NULL), 0);
    CHECK_INT(n, 1);
    CHECK(n == 1 && items[0].id == to_council.id);
    CHECK_INT(pa_concern_list_scope(c, w.council, &none, false, &a, &items, &n, NULL), 0);
    CHECK_INT(n, 0);
    /* Once closed it leaves the open list but stays in the full one, with its outcome. */
    CHECK_INT(pa_concern_respond(c, w.council, &to_council, "Contact", "Fixed today.", TODAY,
                                 FX_NOW, NULL), 0);
    CHECK_INT(pa_concern_list_scope(c, w.council, &staff_scope, true, &a, &items, &n, NULL), 0);
    CHECK_INT(n, 1); /* responded, not yet closed: still on the worklist */
    CHECK_INT(pa_concern_close(c, w.council, &to_council, CONCERN_REFERRED, "Contact", TODAY,
                               FX_NOW, NULL), 0);
    CHECK_INT(pa_concern_list_scope(c, w.council, &staff_scope, true, &a, &items, &n, NULL), 0);
    CHECK_INT(n, 0);
    CHECK_INT(pa_concern_list_scope(c, w.council, &staff_scope, false, &a, &items, &n, NULL), 0);
    CHECK_INT(n, 1);
    CHECK(n == 1 && items[0].outcome == CONCERN_REFERRED);
    CHECK_STR(pa_concern_outcome_name(CONCERN_REFERRED), "referred");
    arena_release(&a);
    store_release(c);
}

/* SSP's average weekly earnings come from the PA's own payslips by HMRC's rule when the sickness
 * has none recorded (SSP (General) Regulations 1982 reg. 19). A monthly contract of 5 hours a
 * week at £13.00 is £65 a week on paper, under the 2025-26 lower earnings limit (£125), so the
 * contract alone gives no SSP. The PA was paid on 5 May (£1,040), 5 June (£1,300) and 5 July
 * (£1,170); sick 14-25 July. The last payday before the PIW is 5 July; the last at least 56 days
 * before that is 5 May; so the relevant period 6 May - 5 July holds 2 monthly paydays, £2,470:
 * × 12 ÷ 2 ÷ 52 = £285.00 a week, over the limit, and SSP is paid. */
STORE_TEST(pa_ssp_average_weekly_earnings_from_payslips)
{
    struct store_conn *c = fx_conn(st);
    struct world w;
    struct pa_contract k;
    struct pa_sickness sick;
    struct pa_payrun_request rq;
    struct pa_payrun_outcome *out = calloc(1, sizeof *out);
    struct pa_payslip *slips = NULL;
    struct arena a;
    struct err e = {0};
    size_t n = 0;
    static const char *const months[3][2] = {
        {"2025-04-06", "2025-05-05"}, {"2025-05-06", "2025-06-05"}, {"2025-06-06", "2025-07-05"}};
    static const int64_t hours[3] = {80, 100, 90};
    world(c, "AWE", &w);
    pa_contract_init(&k);
    k.employer_id = w.employer;
    k.pa_id = w.pa;
    str_copy(k.payroll_id, sizeof k.payroll_id, "PA-AWE");
    k.starts_on = D("2025-04-06");
    k.hours_week_minutes = 5 * 60;
    k.hourly_rate = 1300;
    k.frequency = PAY_MONTHLY;
    CHECK_INT(pa_contract_create(c, w.council, &k, tables(), TODAY, FX_NOW, &e), 0);
    for (int m = 0; m < 3; m++) {
        timesheet(c, w.council, k.id, months[m][0], months[m][1], hours[m], w.pa_account,
                  w.emp_account);
        rq = request(w.employer, PAY_MONTHLY, 2025, m + 1);
        CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW + m, out, &e), 0);
    }
    memset(&sick, 0, sizeof sick);
    sick.contract_id = k.id;
    sick.first_day = D("2025-07-14");
    sick.last_day = D("2025-07-25");
    CHECK_INT(pa_sickness_add(c, w.council, &sick, FX_NOW, &e), 0);
    rq = request(w.employer, PAY_MONTHLY, 2025, 4);
    CHECK_INT(pa_payrun_run(c, w.council, tables(), &rq, FX_NOW + 9, out, &e), 0);
    arena_init(&a, 0);
    CHECK_INT(pa_payslip_list_run(c, w.council, out->run.id, &a, &slips, &n, &e), 0);
    {
        const struct pa_payslip *slip = NULL;
        bool awe_line = false;
        for (size_t i = 0; i < n; i++)
            if (slips[i].contract_id == k.id)
                slip = &slips[i];
        CHECK(slip != NULL);
        if (slip) {
            /* 14-25 July, Monday to Friday qualifying days: 10 QDs, 3 waiting days, 7 paid at
             * £118.75 a week: 7 × £23.75 = £166.25. */
            CHECK_INT(slip->calc.ssp, 16625);
            for (int i = 0; i < slip->calc.explain[SLIP_PAY].n; i++) {
                const struct payroll_line *l = &slip->calc.explain[SLIP_PAY].lines[i];
                if (strstr(l->label, "Average weekly earnings") && l->amount == 28500)
                    awe_line = true;
            }
            CHECK(awe_line);
        }
    }
    arena_release(&a);
    free(out);
    store_release(c);
}

STORE_TEST(pa_records_isolated_between_councils)
{
    struct store_conn *c = fx_conn(st);
    struct world a, b;
    struct pa_payrun_request rq;
    struct pa_payrun_outcome *out = calloc(1, sizeof *out);
    struct arena ar;
    int64_t ts, dbs_id = 0, concern_id = 0;
    world(c, "ISA", &a);
    world(c, "ISB", &b);
    ts = timesheet(c, a.council, a.contract, "2025-06-06", "2025-06-30", 40, a.pa_account,
                   a.emp_account);
    {
        struct pa_dbs_record d;
        struct pa_concern cn;
        memset(&d, 0, sizeof d);
        d.pa_id = a.pa;
        d.check.level = DBS_ENHANCED_ADULTS_BARRED;
        d.check.issued_on = D("2025-01-10");
        str_copy(d.certificate_number, sizeof d.certificate_number, "001234567893");
        str_copy(d.seen_by, sizeof d.seen_by, "Priya");
        d.seen_on = D("2025-01-20");
        CHECK_INT(pa_dbs_add(c, a.council, &d, TODAY, FX_NOW, NULL), 0);
        dbs_id = d.id;
        memset(&cn, 0, sizeof cn);
        cn.pa_id = a.pa;
        cn.about = CONCERN_OTHER;
        str_copy(cn.summary, sizeof cn.summary, "A question.");
        CHECK_INT(pa_concern_raise(c, a.council, &cn, TODAY, FX_NOW, NULL), 0);
        concern_id = cn.id;
    }
    rq = request(a.employer, PAY_MONTHLY, 2025, 3);
    CHECK_INT(pa_payrun_run(c, a.council, tables(), &rq, FX_NOW, out, NULL), 0);
    CHECK_INT(out->payslips, 1);

    /* Council B sees none of council A's records. */
    {
        struct support_org o;
        struct pa_record p;
        struct pa_employer m;
        struct pa_contract k;
        struct pa_timesheet t;
        struct pa_concern cn;
        struct pa_pay_run r;
        struct pa_payslip *ps = malloc(sizeof *ps);
        struct pa_dbs_record *dl;
        struct pa_payslip *sl;
        size_t n;
        CHECK_INT(support_org_get(c, b.council, a.org, &o, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_get(c, b.council, a.pa, &p, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_find_account(c, b.council, a.pa_account, &p, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_employer_get(c, b.council, a.employer, &m, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_contract_get(c, b.council, a.contract, &k, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_timesheet_get(c, b.council, ts, &t, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_concern_get(c, b.council, concern_id, &cn, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_payrun_get(c, b.council, out->run.id, &r, NULL), ERR_NOT_FOUND);
        arena_init(&ar, 0);
        CHECK_INT(pa_payslip_list_run(c, a.council, out->run.id, &ar, &sl, &n, NULL), 0);
        CHECK_INT(n, 1);
        if (n == 1) {
            CHECK_INT(pa_payslip_get(c, a.council, sl[0].id, ps, NULL), 0);
            CHECK_INT(pa_payslip_get(c, b.council, sl[0].id, ps, NULL), ERR_NOT_FOUND);
        }
        CHECK_INT(pa_payslip_list_run(c, b.council, out->run.id, &ar, &sl, &n, NULL), 0);
        CHECK_INT(n, 0);
        CHECK_INT(pa_dbs_list(c, b.council, a.pa, &ar, &dl, &n, NULL), 0);
        CHECK_INT(n, 0);
        CHECK_INT(pa_payslip_list_pa(c, b.council, a.pa, &ar, &sl, &n, NULL), 0);
        CHECK_INT(n, 0);
        CHECK_INT(pa_dbs_update_checked(c, b.council, dbs_id, TODAY, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_areas_set(c, b.council, a.pa, NULL, 0, NULL), ERR_NOT_FOUND);
        arena_release(&ar);
        free(ps);
        /* Updates with the right version but the wrong council change nothing. */
        CHECK_INT(pa_get(c, a.council, a.pa, &p, NULL), 0);
        CHECK_INT(pa_update(c, b.council, &p, TODAY, FX_NOW, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_employer_get(c, a.council, a.employer, &m, NULL), 0);
        CHECK_INT(pa_employer_update(c, b.council, &m, FX_NOW, NULL), ERR_NOT_FOUND);
        CHECK_INT(pa_timesheet_get(c, a.council, ts, &t, NULL), 0);
        CHECK_INT(pa_timesheet_approve(c, b.council, &t, b.emp_account, FX_NOW, NULL),
                  ERR_NOT_FOUND);
    }
    /* Links across councils are impossible: council B's employer with council A's PA, a
     * timesheet on council A's contract submitted in B, A's PA's login reused in B. */
    {
        struct pa_contract k;
        struct pa_timesheet t;
        struct err e = {0};
        pa_contract_init(&k);
        k.employer_id = b.employer;
        k.pa_id = a.pa;
        str_copy(k.payroll_id, sizeof k.payroll_id, "X1");
        k.starts_on = D("2025-04-06");
        k.hourly_rate = 1300;
        CHECK_INT(pa_contract_create(c, b.council, &k, tables(), TODAY, FX_NOW, &e),
                  ERR_NOT_FOUND);
        memset(&t, 0, sizeof t);
        t.contract_id = a.contract;
        t.period_start = D("2025-07-06");
        t.period_end = D("2025-07-10");
        t.worked_minutes = 60;
        CHECK_INT(pa_timesheet_submit(c, b.council, &t, a.pa_account, FX_NOW, NULL),
                  ERR_NOT_FOUND);
        {
            struct pa_record p;
            memset(&p, 0, sizeof p);
            str_copy(p.given_name, sizeof p.given_name, "Dup");
            str_copy(p.family_name, sizeof p.family_name, "Login");
            p.date_of_birth = D("1990-01-01");
            p.account_id = a.pa_account;
            CHECK(pa_create(c, b.council, &p, TODAY, FX_NOW, NULL) != 0);
        }
    }
    /* A council-wide run in B pays only B's (nothing: no timesheets there). */
    rq = request(0, PAY_MONTHLY, 2025, 3);
    CHECK_INT(pa_payrun_run(c, b.council, tables(), &rq, FX_NOW, out, NULL), 0);
    CHECK_INT(out->employers_paid, 0);
    CHECK_INT(out->employers_already, 0);
    CHECK_INT(fx_count(c, "pa_payslips"), 1);
    free(out);
    store_release(c);
}
