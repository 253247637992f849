/* pa_payrun.c — pay runs and payslips; see pa_store.h.
 *
 * A run reads everything it needs for the period in a handful of set queries (contracts with the
 * PA's date of birth, approved unpaid timesheets, sickness, each contract's latest payslip for the
 * year to date, the employers and the runs already made), works out each employer's payslips with
 * the pure payrun_pa, and writes each employer's run, payslips and the "paid by" mark on its
 * timesheets together. Employers are written `chunk` to a transaction, so a council-wide run of
 * 125,000 PAs is a few dozen commits, not 60,000; a failure rolls back only the chunk it is in,
 * and running again finds the committed runs already made. The UNIQUE (employer, frequency, tax
 * year, period) key on pa_pay_runs is what makes paying twice impossible, whatever the caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "store/pa_store.h"
#include "store/pa_util.h"
#include "store/record_util.h"
#include "store/store.h"

#define DEFAULT_CHUNK 2000
#define SICKNESS_LOOKBACK_DAYS 1100 /* linked PIWs reach back at most three years */
#define EXPLAIN_CAP (64 * 1024)

/* ---- reading runs and payslips --------------------------------------------------------------------- */

#define RUN_COLS                                                                            \
    "id, council_id, employer_id, frequency, tax_year, period, pay_date, period_start, "     \
    "period_end, payslips, gross, tax, employee_ni, employer_ni, allowance_offset, "        \
    "employee_pension, employer_pension, net_pay, hmrc_due, pension_due, employer_cost, "   \
    "warnings, run_by, created_at"

static void run_read(struct store_stmt *s, struct pa_pay_run *r)
{
    struct payrun_totals *t = &r->totals;
    memset(r, 0, sizeof *r);
    r->id = store_col_i64(s, 0);
    r->council_id = store_col_i64(s, 1);
    r->employer_id = store_col_i64(s, 2);
    pay_frequency_parse(store_col_text(s, 3), &r->period.frequency);
    r->period.tax_year = (int)store_col_i64(s, 4);
    r->period.period = (int)store_col_i64(s, 5);
    pa_col_date(s, 6, &r->period.pay_date);
    pa_col_date(s, 7, &r->period.first);
    pa_col_date(s, 8, &r->period.last);
    t->payslips = (int)store_col_i64(s, 9);
    t->gross = store_col_i64(s, 10);
    t->tax = store_col_i64(s, 11);
    t->employee_ni = store_col_i64(s, 12);
    t->employer_ni = store_col_i64(s, 13);
    t->allowance_offset = store_col_i64(s, 14);
    t->employee_pension = store_col_i64(s, 15);
    t->employer_pension = store_col_i64(s, 16);
    t->net_pay = store_col_i64(s, 17);
    t->hmrc_due = store_col_i64(s, 18);
    t->pension_due = store_col_i64(s, 19);
    t->employer_cost = store_col_i64(s, 20);
    t->warnings = (int)store_col_i64(s, 21);
    t->employee_pension_deducted = t->pension_due - t->employer_pension;
    store_col_copy(s, 22, r->run_by, sizeof r->run_by);
    store_col_copy(s, 23, r->created_at, sizeof r->created_at);
}

static int run_get_where(struct store_conn *c, const char *sql, const int64_t *keys, int nkeys,
                         const char *text, struct pa_pay_run *out, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e), i;
    if (rc != 0)
        return rc;
    for (i = 0; i < nkeys; i++)
        store_bind_i64(s, i + 1, keys[i]);
    if (text)
        store_bind_text(s, i + 1, text);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        run_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_NOT_FOUND, "There is no such pay run in this council");
    }
    store_finish(s);
    return rc;
}

int pa_payrun_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_pay_run *out,
                  struct err *e)
{
    int64_t keys[2] = {council_id, id};
    return run_get_where(c, "SELECT " RUN_COLS " FROM pa_pay_runs WHERE council_id = ? AND id = ?",
                         keys, 2, NULL, out, e);
}

int pa_payrun_find(struct store_conn *c, int64_t council_id, int64_t employer_id,
                   enum pay_frequency f, int tax_year, int period, struct pa_pay_run *out,
                   struct err *e)
{
    int64_t keys[4] = {council_id, employer_id, tax_year, period};
    return run_get_where(c,
                         "SELECT " RUN_COLS " FROM pa_pay_runs WHERE council_id = ? AND "
                         "employer_id = ? AND tax_year = ? AND period = ? AND frequency = ?",
                         keys, 4, pay_frequency_name(f), out, e);
}

int pa_payrun_list(struct store_conn *c, int64_t council_id, int64_t employer_id, int tax_year,
                   struct arena *a, struct pa_pay_run **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " RUN_COLS " FROM pa_pay_runs WHERE council_id = ? AND "
                               "employer_id = ? AND tax_year = ? ORDER BY pay_date, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, employer_id);
    store_bind_i64(s, 3, tax_year);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_pay_run *r = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        run_read(s, r);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int pa_payrun_hmrc_months(struct store_conn *c, int64_t council_id, int64_t employer_id,
                          int tax_year, int64_t due[12], struct err *e)
{
    struct store_stmt *s;
    int rc;
    memset(due, 0, 12 * sizeof *due);
    if ((rc = store_prepare(c, "SELECT pay_date, hmrc_due FROM pa_pay_runs WHERE council_id = ? "
                               "AND employer_id = ? AND tax_year = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, employer_id);
    store_bind_i64(s, 3, tax_year);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        day_t d;
        if (pa_col_date(s, 0, &d))
            due[tax_month(d) - 1] += store_col_i64(s, 1);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

#define SLIP_COLS                                                                           \
    "id, council_id, pay_run_id, contract_id, pa_id, tax_year, period, pay_date, "          \
    "worked_minutes, holiday_minutes, hourly_rate, basic_pay, holiday_pay, "                \
    "rolled_up_holiday, ssp, gross, taxable_pay, tax, tax_code, week1_month1, ni_category, " \
    "employee_ni, employer_ni, at_lel, lel_to_pt, pt_to_uel, above_uel, pension_category, "  \
    "employee_pension, employee_pension_deducted, employer_pension, net_pay, "              \
    "holiday_accrued_minutes, holiday_balance_minutes, age, minimum_hourly, gross_ytd, "    \
    "taxable_ytd, tax_ytd, niable_ytd, employee_ni_ytd, employer_ni_ytd, at_lel_ytd, "      \
    "lel_to_pt_ytd, pt_to_uel_ytd, employee_pension_ytd, employer_pension_ytd, ssp_ytd, "   \
    "warnings, explanation, created_at"

static int slip_read(struct store_stmt *s, struct pa_payslip *p, struct err *e)
{
    struct payslip_calc *k = &p->calc;
    const char *t;
    int i = 0;
    memset(p, 0, sizeof *p);
    p->id = store_col_i64(s, i++);
    p->council_id = store_col_i64(s, i++);
    p->pay_run_id = store_col_i64(s, i++);
    p->contract_id = store_col_i64(s, i++);
    p->pa_id = store_col_i64(s, i++);
    p->tax_year = (int)store_col_i64(s, i++);
    p->period = (int)store_col_i64(s, i++);
    pa_col_date(s, i++, &p->pay_date);
    k->worked_minutes = store_col_i64(s, i++);
    k->holiday_minutes = store_col_i64(s, i++);
    k->hourly_rate = store_col_i64(s, i++);
    k->basic_pay = store_col_i64(s, i++);
    k->holiday_pay = store_col_i64(s, i++);
    k->rolled_up_holiday = store_col_i64(s, i++);
    k->ssp = store_col_i64(s, i++);
    k->gross = store_col_i64(s, i++);
    k->taxable_pay = store_col_i64(s, i++);
    k->tax = store_col_i64(s, i++);
    store_col_copy(s, i++, k->tax_code, sizeof k->tax_code);
    k->week1_month1 = store_col_i64(s, i++) != 0;
    t = store_col_text(s, i++);
    k->ni_category = t && t[0] ? t[0] : 'A';
    k->employee_ni = store_col_i64(s, i++);
    k->employer_ni = store_col_i64(s, i++);
    k->at_lel = store_col_i64(s, i++);
    k->lel_to_pt = store_col_i64(s, i++);
    k->pt_to_uel = store_col_i64(s, i++);
    k->above_uel = store_col_i64(s, i++);
    store_col_copy(s, i++, k->pension_category, sizeof k->pension_category);
    k->employee_pension = store_col_i64(s, i++);
    k->employee_pension_deducted = store_col_i64(s, i++);
    k->employer_pension = store_col_i64(s, i++);
    k->net_pay = store_col_i64(s, i++);
    k->holiday_accrued_minutes = store_col_i64(s, i++);
    k->ytd.holiday_balance_minutes = store_col_i64(s, i++);
    k->age = (int)store_col_i64(s, i++);
    k->minimum_hourly = store_col_i64(s, i++);
    k->ytd.gross = store_col_i64(s, i++);
    k->ytd.taxable = store_col_i64(s, i++);
    k->ytd.tax = store_col_i64(s, i++);
    k->ytd.niable = store_col_i64(s, i++);
    k->ytd.employee_ni = store_col_i64(s, i++);
    k->ytd.employer_ni = store_col_i64(s, i++);
    k->ytd.at_lel = store_col_i64(s, i++);
    k->ytd.lel_to_pt = store_col_i64(s, i++);
    k->ytd.pt_to_uel = store_col_i64(s, i++);
    k->ytd.employee_pension = store_col_i64(s, i++);
    k->ytd.employer_pension = store_col_i64(s, i++);
    k->ytd.ssp = store_col_i64(s, i++);
    k->warnings = (int)store_col_i64(s, i++);
    if (payslip_explain_parse(store_col_text(s, i++), k->explain, e) != 0)
        return ERR_INVALID;
    store_col_copy(s, i, p->created_at, sizeof p->created_at);
    return 0;
}

static int slips_where(struct store_conn *c, const char *sql, int64_t council_id, int64_t key,
                       int64_t key2, bool two, struct arena *a, struct pa_payslip **items,
                       size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, key);
    if (two)
        store_bind_i64(s, 3, key2);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_payslip *p = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!p) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        if ((rc = slip_read(s, p, e)) != 0)
            break;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int pa_payslip_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_payslip *out,
                   struct err *e)
{
    struct arena a;
    struct pa_payslip *items;
    size_t n;
    int rc;
    arena_init(&a, 0);
    rc = slips_where(c, "SELECT " SLIP_COLS " FROM pa_payslips WHERE council_id = ? AND id = ?",
                     council_id, id, 0, false, &a, &items, &n, e);
    if (rc == 0 && n == 0)
        rc = rec_not_found("payslip", id, e);
    if (rc == 0)
        *out = items[0];
    arena_release(&a);
    return rc;
}

int pa_payslip_list_run(struct store_conn *c, int64_t council_id, int64_t pay_run_id,
                        struct arena *a, struct pa_payslip **items, size_t *n, struct err *e)
{
    return slips_where(c, "SELECT " SLIP_COLS " FROM pa_payslips WHERE council_id = ? AND "
                          "pay_run_id = ? ORDER BY contract_id",
                       council_id, pay_run_id, 0, false, a, items, n, e);
}

int pa_payslip_list_pa(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                       struct pa_payslip **items, size_t *n, struct err *e)
{
    return slips_where(c, "SELECT " SLIP_COLS " FROM pa_payslips WHERE council_id = ? AND "
                          "pa_id = ? ORDER BY pay_date DESC, id DESC",
                       council_id, pa_id, 0, false, a, items, n, e);
}

int pa_payslip_latest(struct store_conn *c, int64_t council_id, int64_t contract_id, int tax_year,
                      struct pa_payslip *out, struct err *e)
{
    struct arena a;
    struct pa_payslip *items;
    size_t n;
    int rc;
    arena_init(&a, 0);
    rc = slips_where(c, "SELECT " SLIP_COLS " FROM pa_payslips WHERE council_id = ? AND "
                        "contract_id = ? AND tax_year = ? ORDER BY period DESC, id DESC LIMIT 1",
                     council_id, contract_id, tax_year, true, &a, &items, &n, e);
    if (rc == 0 && n == 0) {
        char y[8];
        taxyear_format(tax_year, y);
        rc = err_set(e, ERR_NOT_FOUND, "Contract %lld has no payslips in %s",
                     (long long)contract_id, y);
    }
    if (rc == 0)
        *out = items[0];
    arena_release(&a);
    return rc;
}

/* ---- the run: what is read for a period ------------------------------------------------------------ */

struct ts_sum {
    int64_t contract_id;
    int64_t worked, holiday, max_id;
    int count;
};

struct sick_row {
    int64_t contract_id;
    struct ssp_spell spell;
    int64_t awe;
};

struct ytd_row {
    int64_t contract_id;
    int tax_year;
    struct payrun_ytd ytd;
};

struct emp_row {
    int64_t id;
    bool allowance;
    int64_t allowance_used;   /* this tax year, before this run */
};

struct contract_row {
    int64_t employer_id;
    struct payrun_contract k;
    day_t starts_on;
    bool has_end;
    day_t ends_on;
};

struct period_data {
    struct contract_row *contracts;
    size_t ncontracts, ccap;
    struct ts_sum *ts;
    size_t nts, tcap;
    struct sick_row *sick;
    size_t nsick, scap;
    struct ytd_row *ytd;
    size_t nytd, ycap;
    struct emp_row *emps;
    size_t nemps, ecap;
    int64_t *already;
    size_t nalready, acap;
};

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Each of these row types starts with its int64 key, so one comparison finds them all. */
static void *find_key(void *base, size_t n, size_t size, int64_t key)
{
    if (n == 0 || !base)
        return NULL;
    return bsearch(&key, base, n, size, cmp_i64);
}

/* The SQL for one of the reads, with or without the single-employer filter. */
static int prepare_filtered(struct store_conn *c, const char *all, const char *one, bool single,
                            struct store_stmt **s, struct err *e)
{
    return store_prepare(c, single ? one : all, s, e);
}

#define EMP_FILTER " AND k.employer_id = ?"

static int read_period(struct store_conn *c, int64_t council_id, const struct pa_payrun_request *rq,
                       struct arena *a, struct period_data *d, struct err *e)
{
    const struct payrun_period *p = &rq->period;
    const char *freq = pay_frequency_name(p->frequency);
    bool single = rq->employer_id > 0;
    char last[DATE_ISO_SIZE], back[DATE_ISO_SIZE];
    struct store_stmt *s;
    int rc, i;

    date_format_iso(p->last, last);
    date_format_iso(p->first - SICKNESS_LOOKBACK_DAYS, back);

    /* Runs already made for this period. */
    if ((rc = store_prepare(c,
                            single ? "SELECT employer_id FROM pa_pay_runs WHERE council_id = ? AND "
                                     "frequency = ? AND tax_year = ? AND period = ? AND "
                                     "employer_id = ?"
                                   : "SELECT employer_id FROM pa_pay_runs WHERE council_id = ? AND "
                                     "frequency = ? AND tax_year = ? AND period = ? "
                                     "ORDER BY employer_id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, freq);
    store_bind_i64(s, 3, p->tax_year);
    store_bind_i64(s, 4, p->period);
    if (single)
        store_bind_i64(s, 5, rq->employer_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        int64_t *v = pa_grow(a, (void **)&d->already, &d->nalready, &d->acap, sizeof *v);
        if (!v) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        *v = store_col_i64(s, 0);
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* Employers, with the Employment Allowance they have used this tax year. */
    if ((rc = store_prepare(c,
                            single ? "SELECT m.id, m.employment_allowance, (SELECT "
                                     "coalesce(sum(r.allowance_offset), 0) FROM pa_pay_runs r "
                                     "WHERE r.council_id = m.council_id AND r.employer_id = m.id "
                                     "AND r.tax_year = ?) FROM pa_employers m WHERE "
                                     "m.council_id = ? AND m.id = ?"
                                   : "SELECT m.id, m.employment_allowance, coalesce(u.used, 0) "
                                     "FROM pa_employers m LEFT JOIN (SELECT employer_id, "
                                     "sum(allowance_offset) AS used FROM pa_pay_runs WHERE "
                                     "council_id = ? AND tax_year = ? GROUP BY employer_id) u "
                                     "ON u.employer_id = m.id WHERE m.council_id = ? "
                                     "ORDER BY m.id",
                            &s, e)) != 0)
        return rc;
    if (single) {
        store_bind_i64(s, 1, p->tax_year);
        store_bind_i64(s, 2, council_id);
        store_bind_i64(s, 3, rq->employer_id);
    } else {
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, p->tax_year);
        store_bind_i64(s, 3, council_id);
    }
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct emp_row *m = pa_grow(a, (void **)&d->emps, &d->nemps, &d->ecap, sizeof *m);
        if (!m) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        m->id = store_col_i64(s, 0);
        m->allowance = store_col_i64(s, 1) != 0;
        m->allowance_used = store_col_i64(s, 2);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (single && d->nemps == 0)
        return rec_not_found("employer", rq->employer_id, e);

    /* Contracts paid at this frequency, with what the pay rules need of the PA. */
#define CONTRACT_SQL                                                                        \
    "SELECT k.employer_id, k.id, k.pa_id, p.date_of_birth, k.apprentice, "                  \
    "k.apprenticeship_starts_on, k.starts_on, k.ends_on, k.hourly_rate, "                   \
    "k.hours_week_minutes, k.holiday_basis, k.rolled_up_holiday, k.qualifying_days, "       \
    "k.pension_scheme, k.pension_status, k.pension_employer_bp, k.pension_employee_bp, "    \
    "k.pension_relief, k.tax_code, k.week1_month1, k.ni_category, k.previous_pay, "         \
    "k.previous_tax, k.previous_tax_year FROM pa_contracts k JOIN pas p ON "                \
    "p.council_id = k.council_id AND p.id = k.pa_id WHERE k.council_id = ? AND "            \
    "k.frequency = ?"
    if ((rc = prepare_filtered(c, CONTRACT_SQL " ORDER BY k.employer_id, k.id",
                               CONTRACT_SQL EMP_FILTER " ORDER BY k.employer_id, k.id", single, &s,
                               e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, freq);
    if (single)
        store_bind_i64(s, 3, rq->employer_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct contract_row *r = pa_grow(a, (void **)&d->contracts, &d->ncontracts, &d->ccap,
                                         sizeof *r);
        struct payrun_contract *k;
        const char *t;
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        k = &r->k;
        i = 0;
        r->employer_id = store_col_i64(s, i++);
        k->contract_id = store_col_i64(s, i++);
        k->pa_id = store_col_i64(s, i++);
        pa_col_date(s, i++, &k->born);
        k->apprentice = store_col_i64(s, i++) != 0;
        pa_col_date(s, i++, &k->apprenticeship_start);
        pa_col_date(s, i++, &k->starts_on);
        r->starts_on = k->starts_on;
        r->has_end = pa_col_date(s, i++, &r->ends_on);
        k->hourly_rate = store_col_i64(s, i++);
        k->hours_week_minutes = store_col_i64(s, i++);
        holiday_basis_parse(store_col_text(s, i++), &k->holiday);
        k->rolled_up = store_col_i64(s, i++) != 0;
        k->qualifying_days = (unsigned)store_col_i64(s, i++);
        t = store_col_text(s, i++);
        k->has_pension_scheme = t && t[0];
        pension_status_parse(store_col_text(s, i++), &k->pension);
        k->pension_employer_bp = (int32_t)store_col_i64(s, i++);
        k->pension_employee_bp = (int32_t)store_col_i64(s, i++);
        pension_relief_parse(store_col_text(s, i++), &k->relief);
        store_col_copy(s, i++, k->tax_code, sizeof k->tax_code);
        k->week1_month1 = store_col_i64(s, i++) != 0;
        t = store_col_text(s, i++);
        k->ni_category = t && t[0] ? t[0] : 'A';
        k->previous_pay = store_col_i64(s, i++);
        k->previous_tax = store_col_i64(s, i++);
        k->previous_tax_year = (int)store_col_i64(s, i++);
        k->frequency = p->frequency;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* Approved timesheets not yet paid, ending by the period's last day. */
#define TS_SQL                                                                              \
    "SELECT t.contract_id, t.id, t.worked_minutes, t.holiday_minutes FROM pa_timesheets t "  \
    "JOIN pa_contracts k ON k.council_id = t.council_id AND k.id = t.contract_id WHERE "     \
    "t.council_id = ? AND t.status = 'approved' AND t.pay_run_id IS NULL AND "               \
    "t.period_end <= ? AND k.frequency = ?"
    if ((rc = prepare_filtered(c, TS_SQL " ORDER BY t.contract_id, t.id",
                               TS_SQL EMP_FILTER " ORDER BY t.contract_id, t.id", single, &s,
                               e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, last);
    store_bind_text(s, 3, freq);
    if (single)
        store_bind_i64(s, 4, rq->employer_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        int64_t cid = store_col_i64(s, 0);
        struct ts_sum *t = d->nts ? &d->ts[d->nts - 1] : NULL;
        if (!t || t->contract_id != cid) {
            if (!(t = pa_grow(a, (void **)&d->ts, &d->nts, &d->tcap, sizeof *t))) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            t->contract_id = cid;
        }
        t->max_id = store_col_i64(s, 1);
        t->worked += store_col_i64(s, 2);
        t->holiday += store_col_i64(s, 3);
        t->count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* Sickness that can reach into the period (with earlier spells it may link to). */
#define SICK_SQL                                                                            \
    "SELECT s.contract_id, s.first_day, s.last_day, s.awe FROM pa_sickness s JOIN "          \
    "pa_contracts k ON k.council_id = s.council_id AND k.id = s.contract_id WHERE "          \
    "s.council_id = ? AND k.frequency = ? AND s.last_day >= ? AND s.first_day <= ?"
    if ((rc = prepare_filtered(c, SICK_SQL " ORDER BY s.contract_id, s.first_day",
                               SICK_SQL EMP_FILTER " ORDER BY s.contract_id, s.first_day", single,
                               &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, freq);
    store_bind_text(s, 3, back);
    store_bind_text(s, 4, last);
    if (single)
        store_bind_i64(s, 5, rq->employer_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct sick_row *r = pa_grow(a, (void **)&d->sick, &d->nsick, &d->scap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->contract_id = store_col_i64(s, 0);
        pa_col_date(s, 1, &r->spell.first);
        pa_col_date(s, 2, &r->spell.last);
        r->awe = store_col_i64(s, 3);
    }
    store_finish(s);
    if (rc < 0)
        return rc;

    /* Each contract's latest payslip: this year's totals so far, and the holiday balance. */
#define YTD_SQL                                                                             \
    "SELECT s.contract_id, s.tax_year, s.gross_ytd, s.taxable_ytd, s.tax_ytd, s.niable_ytd, " \
    "s.employee_ni_ytd, s.employer_ni_ytd, s.at_lel_ytd, s.lel_to_pt_ytd, s.pt_to_uel_ytd, " \
    "s.employee_pension_ytd, s.employer_pension_ytd, s.ssp_ytd, s.holiday_balance_minutes "  \
    "FROM pa_payslips s WHERE s.id IN (SELECT max(x.id) FROM pa_payslips x JOIN "            \
    "pa_contracts k ON k.council_id = x.council_id AND k.id = x.contract_id WHERE "          \
    "x.council_id = ? AND k.frequency = ?"
    if ((rc = prepare_filtered(c, YTD_SQL " GROUP BY x.contract_id) ORDER BY s.contract_id",
                               YTD_SQL EMP_FILTER " GROUP BY x.contract_id) ORDER BY s.contract_id",
                               single, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, freq);
    if (single)
        store_bind_i64(s, 3, rq->employer_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct ytd_row *r = pa_grow(a, (void **)&d->ytd, &d->nytd, &d->ycap, sizeof *r);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        i = 0;
        r->contract_id = store_col_i64(s, i++);
        r->tax_year = (int)store_col_i64(s, i++);
        r->ytd.gross = store_col_i64(s, i++);
        r->ytd.taxable = store_col_i64(s, i++);
        r->ytd.tax = store_col_i64(s, i++);
        r->ytd.niable = store_col_i64(s, i++);
        r->ytd.employee_ni = store_col_i64(s, i++);
        r->ytd.employer_ni = store_col_i64(s, i++);
        r->ytd.at_lel = store_col_i64(s, i++);
        r->ytd.lel_to_pt = store_col_i64(s, i++);
        r->ytd.pt_to_uel = store_col_i64(s, i++);
        r->ytd.employee_pension = store_col_i64(s, i++);
        r->ytd.employer_pension = store_col_i64(s, i++);
        r->ytd.ssp = store_col_i64(s, i++);
        r->ytd.holiday_balance_minutes = store_col_i64(s, i++);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- the run: writing ------------------------------------------------------------------------ */

/* The payslip columns, in the order every insert binds them. */
#define SLIP_INSERT_COLS                                                                     \
    "council_id, pay_run_id, contract_id, pa_id, tax_year, period, pay_date, "               \
    "worked_minutes, holiday_minutes, hourly_rate, basic_pay, holiday_pay, "                 \
    "rolled_up_holiday, ssp, gross, taxable_pay, tax, tax_code, week1_month1, ni_category, "  \
    "employee_ni, employer_ni, at_lel, lel_to_pt, pt_to_uel, above_uel, pension_category, "   \
    "employee_pension, employee_pension_deducted, employer_pension, net_pay, "               \
    "holiday_accrued_minutes, holiday_balance_minutes, age, minimum_hourly, gross_ytd, "     \
    "taxable_ytd, tax_ytd, niable_ytd, employee_ni_ytd, employer_ni_ytd, at_lel_ytd, "       \
    "lel_to_pt_ytd, pt_to_uel_ytd, employee_pension_ytd, employer_pension_ytd, ssp_ytd, "    \
    "warnings, explanation, created_at"
#define SLIP_NCOLS 50
/* Payslips go in this many to a statement: one statement's overhead (and SQLite's statement
 * journal) shared by many rows, well inside both backends' limits on parameters. */
#define SLIP_BATCH 32

/* A payslip waiting to be inserted: its figures, and its explanation in the chunk's text. */
struct pending_slip {
    int64_t run_id, contract_id, pa_id;
    struct payslip_calc_figures {
        int64_t worked_minutes, holiday_minutes, hourly_rate, basic_pay, holiday_pay,
            rolled_up_holiday, ssp, gross, taxable_pay, tax, employee_ni, employer_ni, at_lel,
            lel_to_pt, pt_to_uel, above_uel, employee_pension, employee_pension_deducted,
            employer_pension, net_pay, holiday_accrued_minutes, age, minimum_hourly, warnings;
        bool week1_month1;
        char ni_category;
        char tax_code[40];
        char pension_category[48];
        struct payrun_ytd ytd;
    } f;
    size_t text_at, text_len;
};

/* An employer's pay run waiting to be inserted. Sorted by employer (contracts are read in
 * employer order), so the ids a batch's RETURNING gives back, in whatever order, are matched to
 * their runs by employer. */
struct pending_run {
    int64_t employer_id; /* first: find_key's key */
    int64_t id;          /* 0 until inserted */
    int64_t payslips, gross, tax, employee_ni, employer_ni, allowance_offset, employee_pension,
        employer_pension, net_pay, hmrc_due, pension_due, employer_cost, warnings;
};

#define RUN_INSERT_COLS                                                                      \
    "council_id, employer_id, frequency, tax_year, period, pay_date, period_start, "           \
    "period_end, payslips, gross, tax, employee_ni, employer_ni, allowance_offset, "          \
    "employee_pension, employer_pension, net_pay, hmrc_due, pension_due, employer_cost, "     \
    "warnings, run_by, created_at"
#define RUN_NCOLS 23
/* Pay runs go in this many to a statement: a statement a run was a quarter of a stored pay run's
 * instructions (callgrind); 32 to a statement, half that. */
#define RUN_BATCH 32

struct chunk {
    struct pending_slip *slips;  /* run_id holds the index of its pending run until flushed */
    size_t n, cap;
    struct pending_run *runs;
    size_t nruns, rcap;
    struct buf text;          /* every pending explanation, one after another */
    int64_t first_run_id;     /* the chunk's pay runs, for marking timesheets paid */
    int64_t last_run_id;
    int64_t timesheets;       /* how many timesheets the chunk pays */
    int64_t max_timesheet_id; /* the newest timesheet read for the period */
    char multi_sql[8192];     /* the SLIP_BATCH-row insert */
    char runs_sql[8192];      /* the RUN_BATCH-row insert */
};

static void chunk_reset(struct chunk *k)
{
    k->n = 0;
    k->nruns = 0;
    buf_reset(&k->text);
    k->first_run_id = k->last_run_id = 0;
    k->timesheets = 0;
}

static int queue_slip(struct chunk *k, int64_t run_id, const struct payrun_contract *kc,
                      const struct payslip_calc *q, struct err *e)
{
    struct pending_slip *p;
    size_t at = k->text.len;
    int rc;
    if (k->n == k->cap) {
        size_t ncap = k->cap ? k->cap * 2 : 1024;
        struct pending_slip *ns = realloc(k->slips, ncap * sizeof *ns);
        if (!ns)
            return err_set(e, ERR_NOMEM, "out of memory");
        k->slips = ns;
        k->cap = ncap;
    }
    if ((rc = payslip_explain_format(q->explain, &k->text)) != 0)
        return err_set(e, rc, "The payslip explanations are too long to store");
    p = &k->slips[k->n++];
    p->run_id = run_id;
    p->contract_id = kc->contract_id;
    p->pa_id = kc->pa_id;
    p->text_at = at;
    p->text_len = k->text.len - at;
    p->f.worked_minutes = q->worked_minutes;
    p->f.holiday_minutes = q->holiday_minutes;
    p->f.hourly_rate = q->hourly_rate;
    p->f.basic_pay = q->basic_pay;
    p->f.holiday_pay = q->holiday_pay;
    p->f.rolled_up_holiday = q->rolled_up_holiday;
    p->f.ssp = q->ssp;
    p->f.gross = q->gross;
    p->f.taxable_pay = q->taxable_pay;
    p->f.tax = q->tax;
    p->f.employee_ni = q->employee_ni;
    p->f.employer_ni = q->employer_ni;
    p->f.at_lel = q->at_lel;
    p->f.lel_to_pt = q->lel_to_pt;
    p->f.pt_to_uel = q->pt_to_uel;
    p->f.above_uel = q->above_uel;
    p->f.employee_pension = q->employee_pension;
    p->f.employee_pension_deducted = q->employee_pension_deducted;
    p->f.employer_pension = q->employer_pension;
    p->f.net_pay = q->net_pay;
    p->f.holiday_accrued_minutes = q->holiday_accrued_minutes;
    p->f.age = q->age;
    p->f.minimum_hourly = q->minimum_hourly;
    p->f.warnings = q->warnings;
    p->f.week1_month1 = q->week1_month1;
    p->f.ni_category = q->ni_category;
    memcpy(p->f.tax_code, q->tax_code, sizeof p->f.tax_code);
    memcpy(p->f.pension_category, q->pension_category, sizeof p->f.pension_category);
    p->f.ytd = q->ytd;
    return 0;
}

/* Binds one pending payslip's SLIP_NCOLS values from index i. */
static void bind_slip(struct store_stmt *s, int i, int64_t council_id,
                      const struct pa_payrun_request *rq, const char *pay_date, const char *stamp,
                      const struct chunk *k, const struct pending_slip *p)
{
    const struct payslip_calc_figures *q = &p->f;
    char letter[2] = {q->ni_category, 0};
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, p->run_id);
    store_bind_i64(s, i++, p->contract_id);
    store_bind_i64(s, i++, p->pa_id);
    store_bind_i64(s, i++, rq->period.tax_year);
    store_bind_i64(s, i++, rq->period.period);
    store_bind_text(s, i++, pay_date);
    store_bind_i64(s, i++, q->worked_minutes);
    store_bind_i64(s, i++, q->holiday_minutes);
    store_bind_i64(s, i++, q->hourly_rate);
    store_bind_i64(s, i++, q->basic_pay);
    store_bind_i64(s, i++, q->holiday_pay);
    store_bind_i64(s, i++, q->rolled_up_holiday);
    store_bind_i64(s, i++, q->ssp);
    store_bind_i64(s, i++, q->gross);
    store_bind_i64(s, i++, q->taxable_pay);
    store_bind_i64(s, i++, q->tax);
    store_bind_text(s, i++, q->tax_code);
    store_bind_i64(s, i++, q->week1_month1);
    store_bind_text(s, i++, letter);
    store_bind_i64(s, i++, q->employee_ni);
    store_bind_i64(s, i++, q->employer_ni);
    store_bind_i64(s, i++, q->at_lel);
    store_bind_i64(s, i++, q->lel_to_pt);
    store_bind_i64(s, i++, q->pt_to_uel);
    store_bind_i64(s, i++, q->above_uel);
    store_bind_text(s, i++, q->pension_category);
    store_bind_i64(s, i++, q->employee_pension);
    store_bind_i64(s, i++, q->employee_pension_deducted);
    store_bind_i64(s, i++, q->employer_pension);
    store_bind_i64(s, i++, q->net_pay);
    store_bind_i64(s, i++, q->holiday_accrued_minutes);
    store_bind_i64(s, i++, q->ytd.holiday_balance_minutes);
    store_bind_i64(s, i++, q->age);
    store_bind_i64(s, i++, q->minimum_hourly);
    store_bind_i64(s, i++, q->ytd.gross);
    store_bind_i64(s, i++, q->ytd.taxable);
    store_bind_i64(s, i++, q->ytd.tax);
    store_bind_i64(s, i++, q->ytd.niable);
    store_bind_i64(s, i++, q->ytd.employee_ni);
    store_bind_i64(s, i++, q->ytd.employer_ni);
    store_bind_i64(s, i++, q->ytd.at_lel);
    store_bind_i64(s, i++, q->ytd.lel_to_pt);
    store_bind_i64(s, i++, q->ytd.pt_to_uel);
    store_bind_i64(s, i++, q->ytd.employee_pension);
    store_bind_i64(s, i++, q->ytd.employer_pension);
    store_bind_i64(s, i++, q->ytd.ssp);
    store_bind_i64(s, i++, q->warnings);
    store_bind_textn(s, i++, k->text.data + p->text_at, p->text_len);
    store_bind_text(s, i, stamp);
}

static const char *slip_sql_one(void)
{
    return "INSERT INTO pa_payslips (" SLIP_INSERT_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
}

static void build_multi_sql(struct chunk *k)
{
    size_t n = (size_t)snprintf(k->multi_sql, sizeof k->multi_sql,
                                "INSERT INTO pa_payslips (" SLIP_INSERT_COLS ") VALUES ");
    for (int r = 0; r < SLIP_BATCH && n < sizeof k->multi_sql; r++) {
        n += (size_t)snprintf(k->multi_sql + n, sizeof k->multi_sql - n, "%s(", r ? ", " : "");
        for (int col = 0; col < SLIP_NCOLS && n < sizeof k->multi_sql; col++)
            n += (size_t)snprintf(k->multi_sql + n, sizeof k->multi_sql - n, "%s?",
                                  col ? ", " : "");
        if (n < sizeof k->multi_sql)
            n += (size_t)snprintf(k->multi_sql + n, sizeof k->multi_sql - n, ")");
    }
}

/* Inserts the chunk's pending payslips, SLIP_BATCH to a statement, the rest one by one. */
static int flush_slips(struct store_conn *c, int64_t council_id,
                       const struct pa_payrun_request *rq, const char *stamp, struct chunk *k,
                       struct err *e)
{
    char pay_date[DATE_ISO_SIZE];
    struct store_stmt *s;
    struct err le = {0};
    size_t i = 0;
    int rc;
    date_format_iso(rq->period.pay_date, pay_date);
    while (i < k->n) {
        size_t rows = k->n - i >= SLIP_BATCH ? SLIP_BATCH : 1;
        if ((rc = store_prepare(c, rows == 1 ? slip_sql_one() : k->multi_sql, &s, e)) != 0)
            return rc;
        for (size_t r = 0; r < rows; r++)
            bind_slip(s, (int)(r * SLIP_NCOLS) + 1, council_id, rq, pay_date, stamp, k,
                      &k->slips[i + r]);
        rc = store_step(s, &le);
        store_finish(s);
        if (rc < 0)
            return rec_write_error(rc, &le, "contract_id",
                                   "A contract has already been paid for this period", NULL, NULL,
                                   e);
        i += rows;
    }
    return 0;
}

/* Marks every timesheet the chunk's payslips paid, by the run that paid it: one statement. The
 * count must be exactly what was read, or someone changed the timesheets meanwhile and the chunk
 * is undone. */
static int mark_timesheets(struct store_conn *c, int64_t council_id,
                           const struct pa_payrun_request *rq, const char *stamp,
                           const struct chunk *k, struct err *e)
{
    char last[DATE_ISO_SIZE];
    struct store_stmt *s;
    int64_t changed;
    int rc;
    if (k->timesheets == 0)
        return 0;
    date_format_iso(rq->period.last, last);
    /* UPDATE ... FROM (SQLite 3.33 and PostgreSQL): driven by the chunk's payslips (a range of
     * run ids on their index), each finding its contract's timesheets by index. The unary pluses
     * keep SQLite's planner (which has no statistics) off two worse indexes: scanning every
     * payslip of the council, or every timesheet up to the newest id. */
    if ((rc = store_prepare(c,
                            "UPDATE pa_timesheets SET pay_run_id = p.pay_run_id, updated_at = ?, "
                            "version = version + 1 FROM pa_payslips p WHERE +p.council_id = ? AND "
                            "p.pay_run_id >= ? AND p.pay_run_id <= ? AND "
                            "pa_timesheets.council_id = p.council_id AND "
                            "pa_timesheets.contract_id = p.contract_id AND "
                            "pa_timesheets.status = 'approved' AND "
                            "pa_timesheets.pay_run_id IS NULL AND pa_timesheets.period_end <= ? "
                            "AND +pa_timesheets.id <= ?",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, k->first_run_id);
    store_bind_i64(s, 4, k->last_run_id);
    store_bind_text(s, 5, last);
    store_bind_i64(s, 6, k->max_timesheet_id);
    rc = store_step(s, e);
    changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed != k->timesheets)
        return err_set(e, ERR_CONFLICT,
                       "Timesheets changed while the pay run was running: run it again");
    return 0;
}

struct employer_work {
    int64_t employer_id;
    struct payslip_calc *slips;
    const struct contract_row **rows;
    const struct ts_sum **ts;
    size_t n, cap;
    struct payrun_totals totals;
};

/* Queues one employer's pay run and its payslips in the chunk (written by flush_chunk). */
static int queue_run(struct chunk *k, const struct employer_work *w, struct err *e)
{
    const struct payrun_totals *t = &w->totals;
    struct pending_run *r;
    int rc;
    if (k->nruns == k->rcap) {
        size_t ncap = k->rcap ? k->rcap * 2 : 1024;
        struct pending_run *nr = realloc(k->runs, ncap * sizeof *nr);
        if (!nr)
            return err_set(e, ERR_NOMEM, "out of memory");
        k->runs = nr;
        k->rcap = ncap;
    }
    r = &k->runs[k->nruns];
    r->employer_id = w->employer_id;
    r->id = 0;
    r->payslips = t->payslips;
    r->gross = t->gross;
    r->tax = t->tax;
    r->employee_ni = t->employee_ni;
    r->employer_ni = t->employer_ni;
    r->allowance_offset = t->allowance_offset;
    r->employee_pension = t->employee_pension;
    r->employer_pension = t->employer_pension;
    r->net_pay = t->net_pay;
    r->hmrc_due = t->hmrc_due;
    r->pension_due = t->pension_due;
    r->employer_cost = t->employer_cost;
    r->warnings = t->warnings;
    for (size_t j = 0; j < w->n; j++) {
        if ((rc = queue_slip(k, (int64_t)k->nruns, &w->rows[j]->k, &w->slips[j], e)) != 0)
            return rc;
        if (w->ts[j])
            k->timesheets += w->ts[j]->count;
    }
    k->nruns++;
    return 0;
}

static void bind_run(struct store_stmt *s, int i, int64_t council_id,
                     const struct pa_payrun_request *rq, const char *const dates[3],
                     const char *stamp, const struct pending_run *r)
{
    const struct payrun_period *p = &rq->period;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, r->employer_id);
    store_bind_text(s, i++, pay_frequency_name(p->frequency));
    store_bind_i64(s, i++, p->tax_year);
    store_bind_i64(s, i++, p->period);
    store_bind_text(s, i++, dates[0]);
    store_bind_text(s, i++, dates[1]);
    store_bind_text(s, i++, dates[2]);
    store_bind_i64(s, i++, r->payslips);
    store_bind_i64(s, i++, r->gross);
    store_bind_i64(s, i++, r->tax);
    store_bind_i64(s, i++, r->employee_ni);
    store_bind_i64(s, i++, r->employer_ni);
    store_bind_i64(s, i++, r->allowance_offset);
    store_bind_i64(s, i++, r->employee_pension);
    store_bind_i64(s, i++, r->employer_pension);
    store_bind_i64(s, i++, r->net_pay);
    store_bind_i64(s, i++, r->hmrc_due);
    store_bind_i64(s, i++, r->pension_due);
    store_bind_i64(s, i++, r->employer_cost);
    store_bind_i64(s, i++, r->warnings);
    store_bind_text(s, i++, rq->run_by && rq->run_by[0] ? rq->run_by : "selfdirect");
    store_bind_text(s, i, stamp);
}

static void build_runs_sql(struct chunk *k)
{
    size_t n = (size_t)snprintf(k->runs_sql, sizeof k->runs_sql,
                                "INSERT INTO pa_pay_runs (" RUN_INSERT_COLS ") VALUES ");
    for (int r = 0; r < RUN_BATCH && n < sizeof k->runs_sql; r++) {
        n += (size_t)snprintf(k->runs_sql + n, sizeof k->runs_sql - n, "%s(", r ? ", " : "");
        for (int col = 0; col < RUN_NCOLS && n < sizeof k->runs_sql; col++)
            n += (size_t)snprintf(k->runs_sql + n, sizeof k->runs_sql - n, "%s?", col ? ", " : "");
        if (n < sizeof k->runs_sql)
            n += (size_t)snprintf(k->runs_sql + n, sizeof k->runs_sql - n, ")");
    }
    if (n < sizeof k->runs_sql)
        snprintf(k->runs_sql + n, sizeof k->runs_sql - n, " RETURNING id, employer_id");
}

/* Inserts the chunk's pay runs, RUN_BATCH to a statement, the rest one by one; gives every run
 * its id and every pending payslip its run's id. */
static int flush_runs(struct store_conn *c, int64_t council_id,
                      const struct pa_payrun_request *rq, const char *stamp, struct chunk *k,
                      struct err *e)
{
    const struct payrun_period *p = &rq->period;
    char pay_date[DATE_ISO_SIZE], first[DATE_ISO_SIZE], last[DATE_ISO_SIZE];
    const char *dates[3] = {pay_date, first, last};
    struct store_stmt *s;
    size_t i = 0;
    int rc;

    date_format_iso(p->pay_date, pay_date);
    date_format_iso(p->first, first);
    date_format_iso(p->last, last);
    while (i < k->nruns) {
        size_t rows = k->nruns - i >= RUN_BATCH ? RUN_BATCH : 1;
        struct err le = {0};
        if ((rc = store_prepare(c,
                                rows == 1 ? "INSERT INTO pa_pay_runs (" RUN_INSERT_COLS
                                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                            "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, employer_id"
                                          : k->runs_sql,
                                &s, e)) != 0)
            return rc;
        for (size_t r = 0; r < rows; r++)
            bind_run(s, (int)(r * RUN_NCOLS) + 1, council_id, rq, dates, stamp, &k->runs[i + r]);
        while ((rc = store_step(s, &le)) == STORE_ROW) {
            struct pending_run *r = find_key(k->runs + i, rows, sizeof *k->runs,
                                             store_col_i64(s, 1));
            if (r)
                r->id = store_col_i64(s, 0);
        }
        store_finish(s);
        if (rc < 0)
            return rec_write_error(rc, &le, "period",
                                   "This period has just been run by someone else: run it again "
                                   "to see the stored result",
                                   NULL, NULL, e);
        i += rows;
    }
    for (i = 0; i < k->nruns; i++) {
        int64_t id = k->runs[i].id;
        if (id <= 0)
            return err_set(e, ERR_IO, "internal error: a pay run's id did not come back");
        if (!k->first_run_id || id < k->first_run_id)
            k->first_run_id = id;
        if (id > k->last_run_id)
            k->last_run_id = id;
    }
    for (i = 0; i < k->n; i++)
        k->slips[i].run_id = k->runs[k->slips[i].run_id].id;
    return 0;
}

/* Writes the chunk's payslips and marks its timesheets; the caller commits. */
static int flush_chunk(struct store_conn *c, int64_t council_id,
                       const struct pa_payrun_request *rq, const char *stamp, struct chunk *k,
                       struct err *e)
{
    int rc;
    if ((rc = flush_runs(c, council_id, rq, stamp, k, e)) != 0 ||
        (rc = flush_slips(c, council_id, rq, stamp, k, e)) != 0 ||
        (rc = mark_timesheets(c, council_id, rq, stamp, k, e)) != 0)
        return rc;
    return 0;
}

/* HMRC's average weekly earnings for a PIW starting on piw_first, from the gross pay of the
 * contract's own payslips before it (ssp_awe_from_pay). Read only for contracts sick in the
 * period, so a council-wide run reads nothing more for everyone else. */
static int awe_from_payslips(struct store_conn *c, int64_t council_id,
                             const struct payrun_contract *k, day_t piw_first, struct ssp_awe *out,
                             struct err *e)
{
    struct ssp_payment pays[128];
    struct store_stmt *s;
    char before[DATE_ISO_SIZE];
    size_t n = 0;
    int rc;
    date_format_iso(piw_first, before);
    /* Newest first, so that the 128 kept are the latest: about 2 years of weekly pay, far more
     * than the 8 weeks and one payday the rule looks back. */
    if ((rc = store_prepare(c,
                            "SELECT pay_date, gross FROM pa_payslips WHERE council_id = ? AND "
                            "contract_id = ? AND pay_date < ? ORDER BY pay_date DESC, id DESC "
                            "LIMIT 128",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, k->contract_id);
    store_bind_text(s, 3, before);
    while ((rc = store_step(s, e)) == STORE_ROW && n < sizeof pays / sizeof pays[0]) {
        pa_col_date(s, 0, &pays[n].pay_date);
        pays[n].earnings = store_col_i64(s, 1);
        n++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n / 2; i++) { /* into date order */
        struct ssp_payment t = pays[i];
        pays[i] = pays[n - 1 - i];
        pays[n - 1 - i] = t;
    }
    return ssp_awe_from_pay(k->frequency, pays, n, piw_first, out, e);
}

static void add_failure(struct pa_payrun_outcome *out, int64_t employer_id, int64_t contract_id,
                        const struct err *le)
{
    out->employers_failed++;
    if (out->nfailures < PA_PAYRUN_MAX_FAILURES) {
        struct pa_payrun_failure *f = &out->failures[out->nfailures++];
        f->employer_id = employer_id;
        f->contract_id = contract_id;
        f->err = *le;
    }
}

int pa_payrun_run(struct store_conn *c, int64_t council_id, const struct payrun_tables *tables,
                  const struct pa_payrun_request *rq, int64_t now, struct pa_payrun_outcome *out,
                  struct err *e)
{
    const struct payrun_period *p = &rq->period;
    const struct payroll_rates *rates;
    struct arena a;
    struct period_data d;
    struct employer_work w;
    struct ssp_awe awe_w;
    struct chunk *ck = calloc(1, sizeof *ck);
    char stamp[STORE_TIME_SIZE];
    int chunk = rq->chunk > 0 ? rq->chunk : DEFAULT_CHUNK, in_chunk = 0, rc = 0;
    int chunk_paid = 0;
    int64_t chunk_slips = 0, chunk_warnings = 0;
    bool single = rq->employer_id > 0;
    size_t i = 0;

    memset(out, 0, sizeof *out);
    if (store_in_transaction(c))
        return err_set(e, ERR_INVALID, "internal error: a pay run makes its own transactions");
    if (!(rates = payrun_tables_year(tables, p->tax_year, e)))
        return ERR_UNSUPPORTED;
    store_time_format(now, stamp);
    arena_init(&a, 0);
    memset(&d, 0, sizeof d);
    memset(&w, 0, sizeof w);
    if (!ck) {
        arena_release(&a);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    buf_init(&ck->text, (size_t)256 << 20); /* a chunk of 2,000 employers needs about 8 MB */
    build_multi_sql(ck);
    build_runs_sql(ck);
    /* A council-wide run touches every payslip index page many times; SQLite's default 2 MB
     * page cache makes each index insert a read from the file. 64 MB for this connection. */
    if (!single && store_backend_of(store_of(c)) == STORE_SQLITE &&
        (rc = store_exec(c, "PRAGMA cache_size = -65536", e)) != 0)
        goto done;
    if ((rc = read_period(c, council_id, rq, &a, &d, e)) != 0)
        goto done;
    for (size_t t = 0; t < d.nts; t++)
        if (d.ts[t].max_id > ck->max_timesheet_id)
            ck->max_timesheet_id = d.ts[t].max_id;

    while (i < d.ncontracts) {
        int64_t emp = d.contracts[i].employer_id;
        size_t end = i;
        struct emp_row *m;
        struct err le = {0};
        int64_t failed_contract = 0;
        while (end < d.ncontracts && d.contracts[end].employer_id == emp)
            end++;
        if (find_key(d.already, d.nalready, sizeof *d.already, emp)) {
            out->employers_already++;
            i = end;
            continue;
        }
        m = find_key(d.emps, d.nemps, sizeof *d.emps, emp);
        w.employer_id = emp;
        w.n = 0;
        payrun_totals_init(&w.totals);
        for (; i < end && le.code == 0; i++) {
            const struct contract_row *row = &d.contracts[i];
            const struct ts_sum *ts = find_key(d.ts, d.nts, sizeof *d.ts, row->k.contract_id);
            const struct ytd_row *y = find_key(d.ytd, d.nytd, sizeof *d.ytd, row->k.contract_id);
            struct ssp_spell spells[SSP_MAX_SPELLS];
            struct payrun_pa_input in;
            size_t nsp = 0;
            int64_t awe = 0;
            bool sick_in_period = false;

            /* Sickness rows are sorted by contract: find this contract's run of them. */
            const struct sick_row *hit = find_key(d.sick, d.nsick, sizeof *d.sick,
                                                  row->k.contract_id);
            size_t first_sick = hit ? (size_t)(hit - d.sick) : d.nsick;
            while (first_sick > 0 && first_sick < d.nsick &&
                   d.sick[first_sick - 1].contract_id == row->k.contract_id)
                first_sick--;
            for (size_t s = first_sick; s < d.nsick; s++) {
                if (d.sick[s].contract_id != row->k.contract_id)
                    break;
                if (nsp < SSP_MAX_SPELLS) {
                    spells[nsp++] = d.sick[s].spell;
                    if (d.sick[s].awe > 0)
                        awe = d.sick[s].awe;
                    if (d.sick[s].spell.last >= p->first && d.sick[s].spell.first <= p->last)
                        sick_in_period = true;
                }
            }
            if (!ts && !sick_in_period)
                continue;
            memset(&in, 0, sizeof in);
            in.tables = tables;
            in.contract = &row->k;
            in.period = p;
            if (ts) {
                in.worked_minutes = ts->worked;
                in.holiday_minutes = ts->holiday;
                in.ntimesheets = ts->count;
            }
            if (y) {
                /* A new tax year starts the totals again; the holiday balance carries on. */
                if (y->tax_year == p->tax_year)
                    in.ytd = y->ytd;
                in.ytd.holiday_balance_minutes = y->ytd.holiday_balance_minutes;
            }
            if (sick_in_period) {
                in.spells = spells;
                in.nspells = nsp;
                in.awe = awe;
                /* No AWE recorded on the sickness: HMRC's rule, from this employment's own
                 * payslips before the (first linked) PIW; else payrun_pa takes the contract's. */
                if (awe <= 0) {
                    day_t piw = ssp_linked_piw_first(spells, nsp, p->last);
                    if (piw > 0 && (rc = awe_from_payslips(c, council_id, &row->k, piw, &awe_w,
                                                           e)) != 0) {
                        if (in_chunk > 0)
                            store_rollback(c);
                        goto done;
                    }
                    if (piw > 0 && awe_w.known) {
                        in.awe = awe_w.awe;
                        in.awe_explain = &awe_w.explain;
                    }
                }
            }
            if (w.n == w.cap) {
                size_t ncap = w.cap ? w.cap * 2 : 4;
                struct payslip_calc *ns = realloc(w.slips, ncap * sizeof *ns);
                const struct contract_row **nr = ns ? realloc(w.rows, ncap * sizeof *nr) : NULL;
                const struct ts_sum **nt = nr ? realloc(w.ts, ncap * sizeof *nt) : NULL;
                if (ns)
                    w.slips = ns;
                if (nr)
                    w.rows = nr;
                if (nt)
                    w.ts = nt;
                if (!ns || !nr || !nt) {
                    rc = err_set(e, ERR_NOMEM, "out of memory");
                    goto done;
                }
                w.cap = ncap;
            }
            if (payrun_pa(&in, &w.slips[w.n], &le) != 0) {
                failed_contract = row->k.contract_id;
                break;
            }
            if (payrun_totals_add(&w.totals, &w.slips[w.n], &le) != 0) {
                failed_contract = row->k.contract_id;
                break;
            }
            w.rows[w.n] = row;
            w.ts[w.n] = ts;
            w.n++;
        }
        i = end;
        if (le.code == 0 && w.n == 0) {
            out->employers_nothing++;
            continue;
        }
        if (le.code == 0)
            payrun_totals_finish(&w.totals, m && m->allowance, rates->employment_allowance,
                                 m ? m->allowance_used : 0, &le);
        if (le.code != 0) {
            if (single) {
                if (e && e->code == 0)
                    *e = le;
                rc = le.code;
                goto done;
            }
            add_failure(out, emp, failed_contract, &le);
            continue;
        }
        if (rq->dry_run) {
            out->employers_paid++;
            out->payslips += (int64_t)w.n;
            out->warnings += w.totals.warnings;
            if (single) {
                out->run.employer_id = emp;
                out->run.period = *p;
                out->run.totals = w.totals;
            }
            continue;
        }
        if (in_chunk == 0) {
            if ((rc = store_begin(c, e)) != 0)
                goto done;
            chunk_reset(ck);
        }
        if ((rc = queue_run(ck, &w, e)) != 0) {
            store_rollback(c);
            goto done;
        }
        in_chunk++;
        chunk_paid++;
        chunk_slips += w.n;
        chunk_warnings += w.totals.warnings;
        if (single) {
            out->run.council_id = council_id;
            out->run.employer_id = emp;
            out->run.period = *p;
            out->run.totals = w.totals;
            str_copy(out->run.run_by, sizeof out->run.run_by,
                     rq->run_by && rq->run_by[0] ? rq->run_by : "selfdirect");
            memcpy(out->run.created_at, stamp, sizeof stamp);
        }
        if (in_chunk >= chunk) {
            if ((rc = flush_chunk(c, council_id, rq, stamp, ck, e)) != 0) {
                store_rollback(c);
                goto done;
            }
            if (single && ck->nruns > 0)
                out->run.id = ck->runs[0].id;
            if ((rc = store_commit(c, e)) != 0)
                goto done;
            out->employers_paid += chunk_paid;
            out->payslips += chunk_slips;
            out->warnings += chunk_warnings;
            in_chunk = chunk_paid = 0;
            chunk_slips = chunk_warnings = 0;
        }
    }
    if (in_chunk > 0) {
        if ((rc = flush_chunk(c, council_id, rq, stamp, ck, e)) != 0) {
            store_rollback(c);
            goto done;
        }
        if (single && ck->nruns > 0)
            out->run.id = ck->runs[0].id;
        if ((rc = store_commit(c, e)) != 0)
            goto done;
        out->employers_paid += chunk_paid;
        out->payslips += chunk_slips;
        out->warnings += chunk_warnings;
    }
    if (single && out->employers_already > 0) {
        out->already = true;
        rc = pa_payrun_find(c, council_id, rq->employer_id, p->frequency, p->tax_year, p->period,
                            &out->run, e);
    } else if (single && out->employers_paid == 0 && out->employers_nothing == 0) {
        /* The employer has no contracts at this frequency. */
        out->employers_nothing = 1;
    }
done:
    free(w.slips);
    free(w.rows);
    free(w.ts);
    if (ck) {
        free(ck->slips);
        free(ck->runs);
        buf_release(&ck->text);
        free(ck);
    }
    arena_release(&a);
    return rc;
}
