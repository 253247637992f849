/* pa_employment.c — PA employers, contracts, sickness and timesheets; see pa_store.h. Who may
 * submit and who may approve a timesheet is decided by timesheet_may_submit / timesheet_may_decide
 * (src/domain/pa_register.c); this file loads the logins around the timesheet and asks them. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/payroll/nlw.h"
#include "domain/payroll/paye.h"
#include "store/pa_store.h"
#include "store/pa_util.h"
#include "store/record_util.h"
#include "store/store.h"

/* ---- employers ------------------------------------------------------------------------------------ */

#define EMPLOYER_COLS                                                                       \
    "id, council_id, person_id, kind, contact_id, bureau_id, name, account_id, "            \
    "bureau_account_id, paye_office, paye_reference, accounts_office_ref, el_insurer, "     \
    "el_policy, el_expires_on, employment_allowance, pay_hmrc_quarterly, "                  \
    "child_under_16_in_home, created_at, updated_at, version"
#define DUP_PAYE "Another employer in this council has this PAYE reference"
#define FK_EMPLOYER_LINKS                                                                   \
    "The person, representative, bureau or login chosen is not in this council"

static const char *const employer_kinds[PA_EMPLOYER_KIND_COUNT] = {"budget_holder",
                                                                  "representative"};

static void upper_alnum(char *s)
{
    size_t n = 0;
    for (char *p = s; *p; p++)
        if (*p != ' ')
            s[n++] = (char)toupper((unsigned char)*p);
    s[n] = '\0';
}

int pa_employer_validate(struct pa_employer *m, struct err *e)
{
    int rc;
    if ((rc = rec_text(m->name, 1, 120, REC_ONE_LINE, "name", "Employer's name", e)) ||
        (rc = rec_text(m->el_insurer, 0, 120, REC_ONE_LINE, "el_insurer", "Insurer", e)) ||
        (rc = rec_text(m->el_policy, 0, 60, REC_ONE_LINE, "el_policy", "Policy number", e)))
        return rc;
    if ((unsigned)m->kind >= PA_EMPLOYER_KIND_COUNT)
        return err_set_field(e, ERR_INVALID, "kind",
                             "Choose whether the budget holder or their representative employs");
    if ((m->kind == EMPLOYER_REPRESENTATIVE) != (m->contact_id > 0))
        return err_set_field(e, ERR_INVALID, "contact_id",
                             m->kind == EMPLOYER_REPRESENTATIVE
                                 ? "Choose the representative who is the employer"
                                 : "Only a representative employer names a contact");
    if (m->bureau_account_id > 0 && m->bureau_id <= 0)
        return err_set_field(e, ERR_INVALID, "bureau_id",
                             "A bureau's login needs the bureau recorded too");
    upper_alnum(m->paye_office);
    upper_alnum(m->paye_reference);
    upper_alnum(m->accounts_office_ref);
    if (strlen(m->paye_office) != 3 || strspn(m->paye_office, "0123456789") != 3)
        return err_set_field(e, ERR_INVALID, "paye_office",
                             "Enter the 3-digit tax office number, the part of the employer PAYE "
                             "reference before the /");
    if (!m->paye_reference[0] || strlen(m->paye_reference) > 10)
        return err_set_field(e, ERR_INVALID, "paye_reference",
                             "Enter the employer PAYE reference after the /, up to 10 letters and "
                             "numbers");
    for (const char *p = m->paye_reference; *p; p++)
        if (!isalnum((unsigned char)*p))
            return err_set_field(e, ERR_INVALID, "paye_reference",
                                 "The PAYE reference has only letters and numbers after the /");
    /* Accounts Office reference: 3 digits, "P", a letter, 8 characters (digits, the last may be
     * X), 13 in all (HMRC's format, e.g. 123PA00045678). */
    if (strlen(m->accounts_office_ref) != 13 || strspn(m->accounts_office_ref, "0123456789") != 3 ||
        m->accounts_office_ref[3] != 'P' || !isalpha((unsigned char)m->accounts_office_ref[4]) ||
        strspn(m->accounts_office_ref + 5, "0123456789X") != 8)
        return err_set_field(e, ERR_INVALID, "accounts_office_ref",
                             "Enter the 13-character Accounts Office reference, like "
                             "123PA00045678");
    return 0;
}

static void employer_read(struct store_stmt *s, struct pa_employer *m)
{
    const char *k;
    memset(m, 0, sizeof *m);
    m->id = store_col_i64(s, 0);
    m->council_id = store_col_i64(s, 1);
    m->person_id = store_col_i64(s, 2);
    k = store_col_text(s, 3);
    m->kind = k && strcmp(k, "representative") == 0 ? EMPLOYER_REPRESENTATIVE
                                                     : EMPLOYER_BUDGET_HOLDER;
    m->contact_id = store_col_i64(s, 4);
    m->bureau_id = store_col_i64(s, 5);
    store_col_copy(s, 6, m->name, sizeof m->name);
    m->account_id = store_col_i64(s, 7);
    m->bureau_account_id = store_col_i64(s, 8);
    store_col_copy(s, 9, m->paye_office, sizeof m->paye_office);
    store_col_copy(s, 10, m->paye_reference, sizeof m->paye_reference);
    store_col_copy(s, 11, m->accounts_office_ref, sizeof m->accounts_office_ref);
    store_col_copy(s, 12, m->el_insurer, sizeof m->el_insurer);
    store_col_copy(s, 13, m->el_policy, sizeof m->el_policy);
    m->has_el_expiry = pa_col_date(s, 14, &m->el_expires_on);
    m->employment_allowance = store_col_i64(s, 15) != 0;
    m->pay_hmrc_quarterly = store_col_i64(s, 16) != 0;
    m->child_under_16_in_home = store_col_i64(s, 17) != 0;
    store_col_copy(s, 18, m->created_at, sizeof m->created_at);
    store_col_copy(s, 19, m->updated_at, sizeof m->updated_at);
    m->version = store_col_i64(s, 20);
}

static int employer_bind(struct store_stmt *s, int i, const struct pa_employer *m)
{
    store_bind_i64(s, i++, m->person_id);
    store_bind_text(s, i++, employer_kinds[m->kind]);
    store_bind_id_or_null(s, i++, m->contact_id);
    store_bind_id_or_null(s, i++, m->bureau_id);
    store_bind_text(s, i++, m->name);
    store_bind_id_or_null(s, i++, m->account_id);
    store_bind_id_or_null(s, i++, m->bureau_account_id);
    store_bind_text(s, i++, m->paye_office);
    store_bind_text(s, i++, m->paye_reference);
    store_bind_text(s, i++, m->accounts_office_ref);
    store_bind_text(s, i++, m->el_insurer);
    store_bind_text(s, i++, m->el_policy);
    pa_bind_date_opt(s, i++, m->has_el_expiry, m->el_expires_on);
    store_bind_i64(s, i++, m->employment_allowance);
    store_bind_i64(s, i++, m->pay_hmrc_quarterly);
    store_bind_i64(s, i++, m->child_under_16_in_home);
    return i;
}

int pa_employer_create(struct store_conn *c, int64_t council_id, struct pa_employer *m,
                       int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = pa_employer_validate(m, e), i;
    if (rc != 0)
        return rc;
    m->council_id = council_id;
    store_time_format(now, m->created_at);
    memcpy(m->updated_at, m->created_at, sizeof m->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_employers (person_id, kind, contact_id, bureau_id, "
                            "name, account_id, bureau_account_id, paye_office, paye_reference, "
                            "accounts_office_ref, el_insurer, el_policy, el_expires_on, "
                            "employment_allowance, pay_hmrc_quarterly, child_under_16_in_home, "
                            "council_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    i = employer_bind(s, 1, m);
    store_bind_i64(s, i++, council_id);
    store_bind_text(s, i++, m->created_at);
    store_bind_text(s, i, m->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        m->id = store_col_i64(s, 0);
        m->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "paye_reference", DUP_PAYE, "person_id", FK_EMPLOYER_LINKS,
                               e);
    return 0;
}

int pa_employer_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_employer *out,
                    struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " EMPLOYER_COLS " FROM pa_employers "
                              "WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        employer_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("employer", id, e);
    }
    store_finish(s);
    return rc;
}

int pa_employer_update(struct store_conn *c, int64_t council_id, struct pa_employer *m,
                       int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = pa_employer_validate(m, e), i;
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE pa_employers SET person_id = ?, kind = ?, contact_id = ?, "
                            "bureau_id = ?, name = ?, account_id = ?, bureau_account_id = ?, "
                            "paye_office = ?, paye_reference = ?, accounts_office_ref = ?, "
                            "el_insurer = ?, el_policy = ?, el_expires_on = ?, "
                            "employment_allowance = ?, pay_hmrc_quarterly = ?, "
                            "child_under_16_in_home = ?, updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    i = employer_bind(s, 1, m);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, m->id);
    store_bind_i64(s, i, m->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        m->version = store_col_i64(s, 0);
        m->council_id = council_id;
        memcpy(m->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "pa_employers", "employer", council_id, m->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, "paye_reference", DUP_PAYE, "person_id", FK_EMPLOYER_LINKS,
                               e);
    return 0;
}

int pa_employer_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                     int64_t account_id, struct arena *a, struct pa_employer **items, size_t *n,
                     struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT " EMPLOYER_COLS " FROM pa_employers WHERE council_id = ? "
                            "AND (? = 0 OR person_id = ?) AND (? = 0 OR account_id = ? OR "
                            "bureau_account_id = ?) ORDER BY name, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    store_bind_i64(s, 3, person_id);
    store_bind_i64(s, 4, account_id);
    store_bind_i64(s, 5, account_id);
    store_bind_i64(s, 6, account_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_employer *m = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!m) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        employer_read(s, m);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- contracts ------------------------------------------------------------------------------------ */

#define CONTRACT_COLS                                                                       \
    "id, council_id, employer_id, pa_id, payroll_id, job_title, starts_on, ends_on, "       \
    "hours_week_minutes, days_week_hundredths, hourly_rate, frequency, holiday_basis, "     \
    "rolled_up_holiday, qualifying_days, pension_scheme, pension_status, "                  \
    "pension_employer_bp, pension_employee_bp, pension_relief, tax_code, week1_month1, "    \
    "ni_category, starter_declaration, previous_pay, previous_tax, previous_tax_year, "     \
    "apprentice, apprenticeship_starts_on, created_at, updated_at, version"

void pa_contract_init(struct pa_contract *k)
{
    memset(k, 0, sizeof *k);
    str_copy(k->job_title, sizeof k->job_title, "Personal assistant");
    k->days_week_hundredths = 500;
    k->frequency = PAY_MONTHLY;
    k->holiday = HOLIDAY_WEEKS;
    k->qualifying_days = SSP_MON_FRI;
    k->pension = PENSION_ASSESS;
    k->pension_employer_bp = 300;
    k->pension_employee_bp = 500;
    k->relief = RELIEF_AT_SOURCE;
    str_copy(k->tax_code, sizeof k->tax_code, "1257L");
    k->ni_category = 'A';
}

int pa_contract_validate(struct pa_contract *k, struct err *e)
{
    struct tax_code code;
    int rc;
    if ((rc = rec_text(k->payroll_id, 1, 35, REC_ONE_LINE, "payroll_id", "Payroll ID", e)) ||
        (rc = rec_text(k->job_title, 0, 120, REC_ONE_LINE, "job_title", "Job title", e)) ||
        (rc = rec_text(k->pension_scheme, 0, 120, REC_ONE_LINE, "pension_scheme",
                       "Pension scheme", e)))
        return rc;
    if (k->has_end && k->ends_on < k->starts_on)
        return err_set_field(e, ERR_INVALID, "ends_on", "The contract cannot end before it starts");
    if (k->hours_week_minutes < 0 || k->hours_week_minutes > 96 * 60)
        return err_set_field(e, ERR_INVALID, "hours_week_minutes",
                             "Enter the normal hours a week, from 0 to 96 (0 for irregular hours)");
    if (k->days_week_hundredths < 0 || k->days_week_hundredths > 700)
        return err_set_field(e, ERR_INVALID, "days_week", "Enter the days a week, from 0 to 7");
    if (k->hourly_rate <= 0 || k->hourly_rate > 100000)
        return err_set_field(e, ERR_INVALID, "hourly_rate",
                             "Enter the hourly rate in pounds and pence, more than £0");
    if ((unsigned)k->frequency >= PAY_FREQUENCY_COUNT)
        return err_set_field(e, ERR_INVALID, "frequency",
                             "Choose weekly, fortnightly, four-weekly or monthly pay");
    if ((unsigned)k->holiday >= HOLIDAY_BASIS_COUNT)
        return err_set_field(e, ERR_INVALID, "holiday_basis",
                             "Choose 5.6 weeks a year, or 12.07%% of hours for irregular hours");
    if (k->rolled_up && k->holiday != HOLIDAY_ACCRUAL)
        return err_set_field(e, ERR_INVALID, "rolled_up_holiday",
                             "Rolled-up holiday pay is only for irregular-hours workers on the "
                             "12.07%% accrual");
    if (k->qualifying_days == 0 || k->qualifying_days > 127)
        return err_set_field(e, ERR_INVALID, "qualifying_days",
                             "Choose the days of the week the PA normally works");
    if ((unsigned)k->pension >= PENSION_STATUS_COUNT || (unsigned)k->relief >= PENSION_RELIEF_COUNT)
        return err_set_field(e, ERR_INVALID, "pension_status", "Choose the pension status");
    if (k->pension_employer_bp < 0 || k->pension_employer_bp > 10000 ||
        k->pension_employee_bp < 0 || k->pension_employee_bp > 10000)
        return err_set_field(e, ERR_INVALID, "pension_employer_bp",
                             "Pension contribution rates are 0%% to 100%%");
    if ((rc = paye_tax_code_parse(k->tax_code, &code, e)) != 0)
        return rc;
    if (code.non_cumulative) {
        /* "1257L M1" is stored as the code with the basis flag, as an FPS reports it. */
        char *sp = strchr(code.text, ' ');
        k->week1_month1 = true;
        if (sp)
            *sp = '\0';
    }
    if (str_copy(k->tax_code, sizeof k->tax_code, code.text) != 0)
        return err_set_field(e, ERR_INVALID, "tax_code", "The tax code is too long");
    k->ni_category = (char)toupper((unsigned char)k->ni_category);
    if (!k->ni_category || !strchr("ABCDEFHIJKLMNSVXZ", k->ni_category))
        return err_set_field(e, ERR_INVALID, "ni_category",
                             "Enter the National Insurance category letter, like A");
    if (k->starter_declaration && !strchr("ABC", k->starter_declaration))
        return err_set_field(e, ERR_INVALID, "starter_declaration",
                             "The starter checklist statement is A, B or C");
    if (k->previous_pay < 0 || k->previous_pay > MONEY_MAX_PENCE ||
        k->previous_tax < -MONEY_MAX_PENCE || k->previous_tax > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "previous_pay",
                             "Enter the pay and tax to date from the P45");
    if ((k->previous_pay || k->previous_tax) && k->previous_tax_year < 2000)
        return err_set_field(e, ERR_INVALID, "previous_tax_year",
                             "Say which tax year the P45 figures are for");
    if (k->apprentice && k->apprenticeship_starts_on > k->starts_on + 3660)
        return err_set_field(e, ERR_INVALID, "apprenticeship_starts_on",
                             "Enter when the apprenticeship started");
    return 0;
}

static void contract_read(struct store_stmt *s, struct pa_contract *k)
{
    const char *t;
    memset(k, 0, sizeof *k);
    k->id = store_col_i64(s, 0);
    k->council_id = store_col_i64(s, 1);
    k->employer_id = store_col_i64(s, 2);
    k->pa_id = store_col_i64(s, 3);
    store_col_copy(s, 4, k->payroll_id, sizeof k->payroll_id);
    store_col_copy(s, 5, k->job_title, sizeof k->job_title);
    pa_col_date(s, 6, &k->starts_on);
    k->has_end = pa_col_date(s, 7, &k->ends_on);
    k->hours_week_minutes = store_col_i64(s, 8);
    k->days_week_hundredths = (int32_t)store_col_i64(s, 9);
    k->hourly_rate = store_col_i64(s, 10);
    pay_frequency_parse(store_col_text(s, 11), &k->frequency);
    holiday_basis_parse(store_col_text(s, 12), &k->holiday);
    k->rolled_up = store_col_i64(s, 13) != 0;
    k->qualifying_days = (unsigned)store_col_i64(s, 14);
    store_col_copy(s, 15, k->pension_scheme, sizeof k->pension_scheme);
    pension_status_parse(store_col_text(s, 16), &k->pension);
    k->pension_employer_bp = (int32_t)store_col_i64(s, 17);
    k->pension_employee_bp = (int32_t)store_col_i64(s, 18);
    pension_relief_parse(store_col_text(s, 19), &k->relief);
    store_col_copy(s, 20, k->tax_code, sizeof k->tax_code);
    k->week1_month1 = store_col_i64(s, 21) != 0;
    t = store_col_text(s, 22);
    k->ni_category = t && t[0] ? t[0] : 'A';
    t = store_col_text(s, 23);
    k->starter_declaration = t && t[0] ? t[0] : 0;
    k->previous_pay = store_col_i64(s, 24);
    k->previous_tax = store_col_i64(s, 25);
    k->previous_tax_year = (int)store_col_i64(s, 26);
    k->apprentice = store_col_i64(s, 27) != 0;
    pa_col_date(s, 28, &k->apprenticeship_starts_on);
    store_col_copy(s, 29, k->created_at, sizeof k->created_at);
    store_col_copy(s, 30, k->updated_at, sizeof k->updated_at);
    k->version = store_col_i64(s, 31);
}

static int contract_bind(struct store_stmt *s, int i, const struct pa_contract *k)
{
    char letter[2] = {k->ni_category, 0}, decl[2] = {k->starter_declaration, 0};
    store_bind_text(s, i++, k->payroll_id);
    store_bind_text(s, i++, k->job_title);
    pa_bind_date(s, i++, k->starts_on);
    pa_bind_date_opt(s, i++, k->has_end, k->ends_on);
    store_bind_i64(s, i++, k->hours_week_minutes);
    store_bind_i64(s, i++, k->days_week_hundredths);
    store_bind_i64(s, i++, k->hourly_rate);
    store_bind_text(s, i++, pay_frequency_name(k->frequency));
    store_bind_text(s, i++, holiday_basis_name(k->holiday));
    store_bind_i64(s, i++, k->rolled_up);
    store_bind_i64(s, i++, k->qualifying_days);
    store_bind_text(s, i++, k->pension_scheme);
    store_bind_text(s, i++, pension_status_name(k->pension));
    store_bind_i64(s, i++, k->pension_employer_bp);
    store_bind_i64(s, i++, k->pension_employee_bp);
    store_bind_text(s, i++, pension_relief_name(k->relief));
    store_bind_text(s, i++, k->tax_code);
    store_bind_i64(s, i++, k->week1_month1);
    store_bind_text(s, i++, letter);
    store_bind_text(s, i++, decl);
    store_bind_i64(s, i++, k->previous_pay);
    store_bind_i64(s, i++, k->previous_tax);
    store_bind_i64(s, i++, k->previous_tax_year);
    store_bind_i64(s, i++, k->apprentice);
    pa_bind_date_opt(s, i++, k->apprentice, k->apprenticeship_starts_on);
    return i;
}

/* The minimum wage and (for a home with a child under 16) DBS rules, as of the later of the start
 * date and today. */
static int contract_rules(struct store_conn *c, int64_t council_id, const struct pa_contract *k,
                          const struct payrun_tables *tables, day_t today, struct err *e)
{
    struct pa_record pa;
    struct pa_employer m;
    struct pa_settings st;
    struct pa_check_result dbs;
    struct nmw_worker w;
    struct nmw_check chk;
    day_t on = k->starts_on > today ? k->starts_on : today;
    int rc;
    if ((rc = pa_get(c, council_id, k->pa_id, &pa, e)) != 0 ||
        (rc = pa_employer_get(c, council_id, k->employer_id, &m, e)) != 0)
        return rc;
    memset(&w, 0, sizeof w);
    w.born = pa.date_of_birth;
    w.apprentice = k->apprentice;
    w.apprenticeship_start = k->apprenticeship_starts_on;
    if ((rc = nmw_check_hourly(tables->nmw, tables->nnmw, &w, on, k->hourly_rate, &chk, e)) != 0)
        return rc;
    if (chk.below)
        return err_set_field(e, ERR_INVALID, "hourly_rate", "%s", chk.message);
    if ((rc = pa_settings_get(c, council_id, &st, e)) != 0 ||
        (rc = pa_dbs_status_of(c, council_id, k->pa_id, &st.policy, today, &dbs, e)) != 0)
        return rc;
    return pa_dbs_required(&st.policy, m.child_under_16_in_home, &dbs, e);
}

int pa_contract_create(struct store_conn *c, int64_t council_id, struct pa_contract *k,
                       const struct payrun_tables *tables, day_t today, int64_t now,
                       struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc, i;
    if (!k->tax_code[0] && k->starter_declaration) {
        const struct payroll_rates *r = NULL;
        int year = taxyear_of(k->starts_on > today ? k->starts_on : today);
        for (size_t y = 0; y < tables->nyears; y++)
            if (tables->years[y].year <= year)
                r = &tables->years[y];
        if ((rc = payrun_starter_code(k->starter_declaration,
                                      r ? r->paye.emergency_code : "1257L", k->tax_code,
                                      sizeof k->tax_code, &k->week1_month1, e)) != 0)
            return rc;
    }
    if ((rc = pa_contract_validate(k, e)) != 0 ||
        (rc = contract_rules(c, council_id, k, tables, today, e)) != 0)
        return rc;
    k->council_id = council_id;
    store_time_format(now, k->created_at);
    memcpy(k->updated_at, k->created_at, sizeof k->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_contracts (payroll_id, job_title, starts_on, ends_on, "
                            "hours_week_minutes, days_week_hundredths, hourly_rate, frequency, "
                            "holiday_basis, rolled_up_holiday, qualifying_days, pension_scheme, "
                            "pension_status, pension_employer_bp, pension_employee_bp, "
                            "pension_relief, tax_code, week1_month1, ni_category, "
                            "starter_declaration, previous_pay, previous_tax, previous_tax_year, "
                            "apprentice, apprenticeship_starts_on, council_id, employer_id, "
                            "pa_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    i = contract_bind(s, 1, k);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, k->employer_id);
    store_bind_i64(s, i++, k->pa_id);
    store_bind_text(s, i++, k->created_at);
    store_bind_text(s, i, k->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        k->id = store_col_i64(s, 0);
        k->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "payroll_id",
                               "This employer already has a PA with this payroll ID", "employer_id",
                               "There is no such employer or PA in this council", e);
    return 0;
}

int pa_contract_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_contract *out,
                    struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " CONTRACT_COLS " FROM pa_contracts "
                              "WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        contract_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("contract", id, e);
    }
    store_finish(s);
    return rc;
}

int pa_contract_update(struct store_conn *c, int64_t council_id, struct pa_contract *k,
                       const struct payrun_tables *tables, day_t today, int64_t now,
                       struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    struct pa_contract cur;
    char stamp[STORE_TIME_SIZE];
    int rc, i;
    if ((rc = pa_contract_get(c, council_id, k->id, &cur, e)) != 0)
        return rc;
    k->employer_id = cur.employer_id;
    k->pa_id = cur.pa_id;
    if ((rc = pa_contract_validate(k, e)) != 0)
        return rc;
    /* Only a change of rate is re-checked against the minimum wage here (a leaver's contract
     * keeps the rate it was paid at); the pay run checks every payment anyway. */
    if (k->hourly_rate != cur.hourly_rate &&
        (rc = contract_rules(c, council_id, k, tables, today, e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE pa_contracts SET payroll_id = ?, job_title = ?, starts_on = ?, "
                            "ends_on = ?, hours_week_minutes = ?, days_week_hundredths = ?, "
                            "hourly_rate = ?, frequency = ?, holiday_basis = ?, "
                            "rolled_up_holiday = ?, qualifying_days = ?, pension_scheme = ?, "
                            "pension_status = ?, pension_employer_bp = ?, pension_employee_bp = ?, "
                            "pension_relief = ?, tax_code = ?, week1_month1 = ?, ni_category = ?, "
                            "starter_declaration = ?, previous_pay = ?, previous_tax = ?, "
                            "previous_tax_year = ?, apprentice = ?, apprenticeship_starts_on = ?, "
                            "updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    i = contract_bind(s, 1, k);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, k->id);
    store_bind_i64(s, i, k->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        k->version = store_col_i64(s, 0);
        k->council_id = council_id;
        memcpy(k->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "pa_contracts", "contract", council_id, k->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, "payroll_id",
                               "This employer already has a PA with this payroll ID", NULL, NULL, e);
    return 0;
}

int pa_contract_list(struct store_conn *c, int64_t council_id, int64_t employer_id, int64_t pa_id,
                     struct arena *a, struct pa_contract **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT " CONTRACT_COLS " FROM pa_contracts WHERE council_id = ? "
                            "AND (? = 0 OR employer_id = ?) AND (? = 0 OR pa_id = ?) "
                            "ORDER BY starts_on, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, employer_id);
    store_bind_i64(s, 3, employer_id);
    store_bind_i64(s, 4, pa_id);
    store_bind_i64(s, 5, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_contract *k = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!k) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        contract_read(s, k);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- sickness ------------------------------------------------------------------------------------- */

int pa_sickness_add(struct store_conn *c, int64_t council_id, struct pa_sickness *sk, int64_t now,
                    struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];
    int64_t overlap = 0;
    int rc;
    if (sk->last_day < sk->first_day)
        return err_set_field(e, ERR_INVALID, "last_day", "The last day off sick is before the first");
    if (sk->last_day - sk->first_day > 366)
        return err_set_field(e, ERR_INVALID, "last_day",
                             "Record a long absence in spells of a year or less");
    if (sk->awe < 0 || sk->awe > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "awe", "Average weekly earnings must be £0 or more");
    date_format_iso(sk->first_day, a);
    date_format_iso(sk->last_day, b);
    if ((rc = store_prepare(c,
                            "SELECT count(*) FROM pa_sickness WHERE council_id = ? AND "
                            "contract_id = ? AND first_day <= ? AND last_day >= ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, sk->contract_id);
    store_bind_text(s, 3, b);
    store_bind_text(s, 4, a);
    if ((rc = store_step(s, e)) == STORE_ROW) {
        overlap = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (overlap)
        return err_set_field(e, ERR_CONFLICT, "first_day",
                             "These days overlap sickness already recorded for this contract");
    sk->council_id = council_id;
    store_time_format(now, sk->created_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_sickness (council_id, contract_id, first_day, "
                            "last_day, awe, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, sk->contract_id);
    store_bind_text(s, 3, a);
    store_bind_text(s, 4, b);
    if (sk->awe > 0)
        store_bind_i64(s, 5, sk->awe);
    else
        store_bind_null(s, 5);
    store_bind_text(s, 6, sk->created_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        sk->id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "contract_id",
                               "There is no such contract in this council", e);
    return 0;
}

int pa_sickness_list(struct store_conn *c, int64_t council_id, int64_t contract_id,
                     struct arena *a, struct pa_sickness **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT id, council_id, contract_id, first_day, last_day, awe, "
                            "created_at FROM pa_sickness WHERE council_id = ? AND contract_id = ? "
                            "ORDER BY first_day",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, contract_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_sickness *sk = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!sk) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        sk->id = store_col_i64(s, 0);
        sk->council_id = store_col_i64(s, 1);
        sk->contract_id = store_col_i64(s, 2);
        pa_col_date(s, 3, &sk->first_day);
        pa_col_date(s, 4, &sk->last_day);
        sk->awe = store_col_i64(s, 5);
        store_col_copy(s, 6, sk->created_at, sizeof sk->created_at);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- timesheets ----------------------------------------------------------------------------------- */

#define TIMESHEET_COLS                                                                      \
    "id, council_id, contract_id, period_start, period_end, worked_minutes, "               \
    "holiday_minutes, notes, status, submitted_by_account, submitted_at, "                  \
    "decided_by_account, decided_at, reject_reason, pay_run_id, created_at, updated_at, "   \
    "version"

static const char *const ts_statuses[TIMESHEET_STATUS_COUNT] = {"submitted", "approved",
                                                               "rejected"};

const char *pa_timesheet_status_name(enum pa_timesheet_status s)
{
    return (unsigned)s < TIMESHEET_STATUS_COUNT ? ts_statuses[s] : "submitted";
}

static void timesheet_read(struct store_stmt *s, struct pa_timesheet *t)
{
    const char *st;
    memset(t, 0, sizeof *t);
    t->id = store_col_i64(s, 0);
    t->council_id = store_col_i64(s, 1);
    t->contract_id = store_col_i64(s, 2);
    pa_col_date(s, 3, &t->period_start);
    pa_col_date(s, 4, &t->period_end);
    t->worked_minutes = store_col_i64(s, 5);
    t->holiday_minutes = store_col_i64(s, 6);
    store_col_copy(s, 7, t->notes, sizeof t->notes);
    st = store_col_text(s, 8);
    for (int i = 0; i < TIMESHEET_STATUS_COUNT; i++)
        if (st && strcmp(st, ts_statuses[i]) == 0)
            t->status = (enum pa_timesheet_status)i;
    t->submitted_by_account = store_col_i64(s, 9);
    store_col_copy(s, 10, t->submitted_at, sizeof t->submitted_at);
    t->decided_by_account = store_col_i64(s, 11);
    store_col_copy(s, 12, t->decided_at, sizeof t->decided_at);
    store_col_copy(s, 13, t->reject_reason, sizeof t->reject_reason);
    t->pay_run_id = store_col_i64(s, 14);
    store_col_copy(s, 15, t->created_at, sizeof t->created_at);
    store_col_copy(s, 16, t->updated_at, sizeof t->updated_at);
    t->version = store_col_i64(s, 17);
}

/* The logins around a contract: the PA's own, the employer's and their bureau's. */
static int parties_of(struct store_conn *c, int64_t council_id, int64_t contract_id,
                      struct pa_contract *k, struct timesheet_parties *p, struct err *e)
{
    struct pa_record pa;
    struct pa_employer m;
    int rc;
    if ((rc = pa_contract_get(c, council_id, contract_id, k, e)) != 0 ||
        (rc = pa_get(c, council_id, k->pa_id, &pa, e)) != 0 ||
        (rc = pa_employer_get(c, council_id, k->employer_id, &m, e)) != 0)
        return rc;
    p->pa_account_id = pa.account_id;
    p->employer_account_id = m.account_id;
    p->bureau_account_id = m.bureau_account_id;
    return 0;
}

int pa_timesheet_submit(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                        int64_t account_id, int64_t now, struct err *e)
{
    struct pa_contract k;
    struct timesheet_parties parties;
    struct store_stmt *s;
    struct err le = {0};
    char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];
    int64_t overlap = 0;
    int rc;

    if ((rc = parties_of(c, council_id, t->contract_id, &k, &parties, e)) != 0 ||
        (rc = timesheet_may_submit(&parties, account_id, e)) != 0 ||
        (rc = timesheet_validate(t->period_start, t->period_end, t->worked_minutes,
                                 t->holiday_minutes, e)) != 0 ||
        (rc = rec_text(t->notes, 0, 1000, REC_MULTI_LINE, "notes", "Notes", e)) != 0)
        return rc;
    if (t->period_start < k.starts_on || (k.has_end && t->period_end > k.ends_on))
        return err_set_field(e, ERR_INVALID, "period_start",
                             "The timesheet must fall within the contract's dates");
    date_format_iso(t->period_start, a);
    date_format_iso(t->period_end, b);
    /* One claim for each day: a timesheet overlapping another (not rejected) is refused. */
    if ((rc = store_prepare(c,
                            "SELECT count(*) FROM pa_timesheets WHERE council_id = ? AND "
                            "contract_id = ? AND status <> 'rejected' AND period_start <= ? AND "
                            "period_end >= ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, t->contract_id);
    store_bind_text(s, 3, b);
    store_bind_text(s, 4, a);
    if ((rc = store_step(s, e)) == STORE_ROW) {
        overlap = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (overlap)
        return err_set_field(e, ERR_CONFLICT, "period_start",
                             "A timesheet for some of these days has already been sent");
    t->council_id = council_id;
    t->status = TIMESHEET_SUBMITTED;
    t->submitted_by_account = account_id;
    t->decided_by_account = 0;
    t->decided_at[0] = t->reject_reason[0] = '\0';
    t->pay_run_id = 0;
    store_time_format(now, t->created_at);
    memcpy(t->updated_at, t->created_at, sizeof t->updated_at);
    memcpy(t->submitted_at, t->created_at, sizeof t->submitted_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_timesheets (council_id, contract_id, period_start, "
                            "period_end, worked_minutes, holiday_minutes, notes, status, "
                            "submitted_by_account, submitted_at, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, t->contract_id);
    store_bind_text(s, 3, a);
    store_bind_text(s, 4, b);
    store_bind_i64(s, 5, t->worked_minutes);
    store_bind_i64(s, 6, t->holiday_minutes);
    store_bind_text(s, 7, t->notes);
    store_bind_i64(s, 8, account_id);
    store_bind_text(s, 9, t->submitted_at);
    store_bind_text(s, 10, t->created_at);
    store_bind_text(s, 11, t->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        t->id = store_col_i64(s, 0);
        t->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "contract_id",
                               "There is no such contract in this council", e);
    return 0;
}

int pa_timesheet_get(struct store_conn *c, int64_t council_id, int64_t id,
                     struct pa_timesheet *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " TIMESHEET_COLS " FROM pa_timesheets "
                              "WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        timesheet_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("timesheet", id, e);
    }
    store_finish(s);
    return rc;
}

static int timesheet_decide(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                            int64_t account_id, bool approve, const char *reason, int64_t now,
                            struct err *e)
{
    struct pa_timesheet cur;
    struct pa_contract k;
    struct timesheet_parties parties;
    struct store_stmt *s;
    char why[501] = "", stamp[STORE_TIME_SIZE];
    int rc;

    if ((rc = pa_timesheet_get(c, council_id, t->id, &cur, e)) != 0 ||
        (rc = parties_of(c, council_id, cur.contract_id, &k, &parties, e)) != 0 ||
        (rc = timesheet_may_decide(&parties, account_id, e)) != 0)
        return rc;
    if (cur.status != TIMESHEET_SUBMITTED)
        return err_set(e, ERR_CONFLICT, "This timesheet has already been %s",
                       pa_timesheet_status_name(cur.status));
    if (!approve) {
        if (str_copy(why, sizeof why, reason ? reason : "") != 0)
            return err_set_field(e, ERR_INVALID, "reject_reason",
                                 "The reason must be 500 characters or fewer");
        if ((rc = rec_text(why, 1, 500, REC_MULTI_LINE, "reject_reason",
                           "Why the timesheet is not approved", e)) != 0)
            return rc;
    }
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE pa_timesheets SET status = ?, decided_by_account = ?, "
                            "decided_at = ?, reject_reason = ?, updated_at = ?, "
                            "version = version + 1 WHERE council_id = ? AND id = ? AND "
                            "version = ? AND status = 'submitted'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, approve ? "approved" : "rejected");
    store_bind_i64(s, 2, account_id);
    store_bind_text(s, 3, stamp);
    store_bind_text(s, 4, why);
    store_bind_text(s, 5, stamp);
    store_bind_i64(s, 6, council_id);
    store_bind_i64(s, 7, t->id);
    store_bind_i64(s, 8, t->version);
    rc = store_step(s, e);
    int64_t changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return err_set(e, ERR_CONFLICT, "This timesheet was changed by someone else: reload it");
    return pa_timesheet_get(c, council_id, t->id, t, e);
}

int pa_timesheet_approve(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                         int64_t account_id, int64_t now, struct err *e)
{
    return timesheet_decide(c, council_id, t, account_id, true, NULL, now, e);
}

int pa_timesheet_reject(struct store_conn *c, int64_t council_id, struct pa_timesheet *t,
                        int64_t account_id, const char *reason, int64_t now, struct err *e)
{
    return timesheet_decide(c, council_id, t, account_id, false, reason, now, e);
}

int pa_timesheet_list(struct store_conn *c, int64_t council_id, int64_t contract_id,
                      struct arena *a, struct pa_timesheet **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " TIMESHEET_COLS " FROM pa_timesheets "
                               "WHERE council_id = ? AND contract_id = ? "
                               "ORDER BY period_start DESC, id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, contract_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_timesheet *t = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        timesheet_read(s, t);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int pa_timesheet_list_pending(struct store_conn *c, int64_t council_id, int64_t employer_id,
                              struct arena *a, struct pa_timesheet **items, size_t *n,
                              struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT t.id, t.council_id, t.contract_id, t.period_start, "
                            "t.period_end, t.worked_minutes, t.holiday_minutes, t.notes, t.status, "
                            "t.submitted_by_account, t.submitted_at, t.decided_by_account, "
                            "t.decided_at, t.reject_reason, t.pay_run_id, t.created_at, "
                            "t.updated_at, t.version FROM pa_timesheets t JOIN pa_contracts k ON "
                            "k.council_id = t.council_id AND k.id = t.contract_id "
                            "WHERE t.council_id = ? AND k.employer_id = ? AND t.status = "
                            "'submitted' ORDER BY t.period_start, t.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, employer_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_timesheet *t = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        timesheet_read(s, t);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}
