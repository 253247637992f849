/* pa_demo.c — the demo PA, their employer and contract, and a timesheet waiting (pa_demo.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "io/payroll_rates.h"
#include "store/pa_demo.h"
#include "store/pa_store.h"
#include "store/store.h"
#include "store/web_store.h"

/* A citizen-side login by username; council_id 0: any council (the first found). */
static int account_of(struct store_conn *c, int64_t council_id, const char *username,
                      struct web_login *out, struct err *e)
{
    struct web_login found[4];
    size_t n = 0;
    int rc = web_login_candidates(c, username, found, 4, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (found[i].kind == LOGIN_ACCOUNT && (council_id == 0 || found[i].council_id == council_id)) {
            *out = found[i];
            return 0;
        }
    return ERR_NOT_FOUND;
}

/* A staff login by e-mail in the council. */
static int staff_of(struct store_conn *c, int64_t council_id, const char *username,
                    struct web_login *out, struct err *e)
{
    struct web_login found[4];
    size_t n = 0;
    int rc = web_login_candidates(c, username, found, 4, &n, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (found[i].kind == LOGIN_STAFF && found[i].council_id == council_id) {
            *out = found[i];
            return 0;
        }
    return ERR_NOT_FOUND;
}

/* The named contacts who answer concerns: the support organisation worker of the same demo
 * domain as the PA's login answers for the organisation, the team manager for the council. Either
 * may be missing from a world; then that link is left out. */
static int link_contacts(struct store_conn *c, int64_t council_id, int64_t org_id,
                         const char *pa_username, int64_t now, struct err *e)
{
    const char *domain = strchr(pa_username, '@');
    char user[300];
    struct web_login *l = calloc(1, sizeof *l);
    struct pa_settings st;
    struct err none = {0};
    int rc = 0;
    if (!l)
        return err_set(e, ERR_NOMEM, "Out of memory making the demo personal assistant.");
    if (!domain)
        goto out;
    snprintf(user, sizeof user, "support-organisation-worker%s", domain);
    if (account_of(c, council_id, user, l, &none) == 0 &&
        (rc = pa_concern_handler_add(c, council_id, org_id, 0, l->id, now, e)) != 0)
        goto out;
    snprintf(user, sizeof user, "team-manager%s", domain);
    if (staff_of(c, council_id, user, l, &none) == 0) {
        if ((rc = pa_concern_handler_add(c, council_id, 0, l->id, 0, now, e)) != 0 ||
            (rc = pa_settings_get(c, council_id, &st, e)) != 0)
            goto out;
        if (!st.concern_contact_name[0]) {
            str_copy(st.concern_contact_name, sizeof st.concern_contact_name, l->display_name);
            str_copy(st.concern_contact_email, sizeof st.concern_contact_email, l->username);
            rc = pa_settings_save(c, council_id, &st, now, e);
        }
    }
out:
    free(l);
    return rc;
}

int pa_demo_seed(struct store_conn *c, const char *pa_username, const char *employer_username,
                 int64_t now, struct err *e)
{
    int64_t council_id = 0;
    struct web_login *pa_login = calloc(1, sizeof *pa_login), *bh = calloc(1, sizeof *bh);
    struct payrun_tables *tables = malloc(sizeof *tables);
    struct pa_record *p = calloc(1, sizeof *p), *existing = calloc(1, sizeof *existing);
    struct pa_employer *m = calloc(1, sizeof *m);
    struct pa_contract *k = calloc(1, sizeof *k);
    struct pa_timesheet *t = calloc(1, sizeof *t);
    struct support_org *o = calloc(1, sizeof *o);
    day_t today = (day_t)(now / 86400);
    struct err none = {0};
    int rc = 0;
    if (!pa_login || !bh || !tables || !p || !existing || !m || !k || !t || !o) {
        rc = err_set(e, ERR_NOMEM, "Out of memory making the demo personal assistant.");
        goto out;
    }
    if (account_of(c, 0, pa_username, pa_login, &none) != 0 ||
        (council_id = pa_login->council_id,
         account_of(c, council_id, employer_username, bh, &none) != 0) ||
        pa_find_account(c, council_id, pa_login->id, existing, &none) == 0)
        goto out; /* nothing to link to, or done already */
    if ((rc = payroll_rates_load_tables(tables, e)) != 0 || (rc = store_begin(c, e)) != 0)
        goto out;

    /* The support organisation running the register: where a PA's concern goes. */
    str_copy(o->name, sizeof o->name, "Demo Centre for Independent Living");
    str_copy(o->contact_name, sizeof o->contact_name, "Priya Demo");
    str_copy(o->contact_email, sizeof o->contact_email, "pa-concerns@demo.example");
    o->runs_pa_register = true;
    if ((rc = support_org_create(c, council_id, o, now, e)) != 0 ||
        (rc = link_contacts(c, council_id, o->id, pa_username, now, e)) != 0)
        goto fail;

    str_copy(p->title, sizeof p->title, "Ms");
    str_copy(p->given_name, sizeof p->given_name, "Pat");
    str_copy(p->family_name, sizeof p->family_name, "Demo");
    p->date_of_birth = today - 30 * 365; /* an adult on the adult minimum wage */
    p->gender = 'F';
    str_copy(p->address_line1, sizeof p->address_line1, "2 Care Road");
    str_copy(p->town, sizeof p->town, "Demoford");
    str_copy(p->postcode, sizeof p->postcode, "DM1 3CD");
    str_copy(p->about, sizeof p->about, "Personal care, cooking and getting out and about.");
    p->organisation_id = o->id;
    p->account_id = pa_login->id;
    p->listed = true;
    if ((rc = pa_create(c, council_id, p, today, now, e)) != 0)
        goto fail;

    m->person_id = bh->person_id;
    m->kind = EMPLOYER_BUDGET_HOLDER;
    str_copy(m->name, sizeof m->name, bh->display_name[0] ? bh->display_name : "Demo employer");
    m->account_id = bh->id;
    str_copy(m->paye_office, sizeof m->paye_office, "123");
    str_copy(m->paye_reference, sizeof m->paye_reference, "DM45678");
    str_copy(m->accounts_office_ref, sizeof m->accounts_office_ref, "123PA00045678");
    str_copy(m->el_insurer, sizeof m->el_insurer, "Demo Mutual");
    str_copy(m->el_policy, sizeof m->el_policy, "EL-0001");
    m->has_el_expiry = true;
    m->el_expires_on = today + 300;
    m->employment_allowance = true;
    if ((rc = pa_employer_create(c, council_id, m, now, e)) != 0)
        goto fail;

    pa_contract_init(k);
    k->employer_id = m->id;
    k->pa_id = p->id;
    str_copy(k->payroll_id, sizeof k->payroll_id, "DEMO-PA-1");
    k->starts_on = today - 90;
    k->hours_week_minutes = 20 * 60;
    k->hourly_rate = 1500; /* £15.00, above the adult minimum wage of every supported year */
    k->frequency = PAY_MONTHLY;
    str_copy(k->pension_scheme, sizeof k->pension_scheme, "NEST");
    if ((rc = pa_contract_create(c, council_id, k, tables, today, now, e)) != 0)
        goto fail;

    /* Last week's hours, sent by the PA and waiting for the budget holder to approve. */
    t->contract_id = k->id;
    t->period_start = today - 8;
    t->period_end = today - 2;
    t->worked_minutes = 20 * 60;
    str_copy(t->notes, sizeof t->notes, "Usual hours.");
    if ((rc = pa_timesheet_submit(c, council_id, t, pa_login->id, now, e)) != 0)
        goto fail;
    rc = store_commit(c, e);
    goto out;
fail:
    store_rollback(c);
out:
    free(pa_login);
    free(bh);
    free(tables);
    free(p);
    free(existing);
    free(m);
    free(k);
    free(t);
    free(o);
    return rc;
}
