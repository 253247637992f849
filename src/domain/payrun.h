/*
 * payrun.h — one PA's pay for one pay period, and an employer's pay run totals, as pure functions
 * built on the payroll engine (src/domain/payroll/: PAYE, NI, minimum wage, automatic enrolment,
 * holiday, SSP). The store (src/store/pa_payrun.c) loads contracts, approved timesheets and the
 * year to date, calls these, and stores every figure with its explanation; payslips, the FPS,
 * P60 and P45 are then made from what was stored.
 *
 * For one PA in one period (payrun_pa):
 *   1. Minimum wage: the contract's hourly rate is checked against the rate for the PA's age on
 *      the pay date; a rate below it refuses the payslip (and so the employer's run) with a
 *      message saying what to change. Nobody is paid below the legal minimum by this program.
 *   2. Gross pay: minutes worked × hourly rate, rounded to the nearest penny (halves up); holiday
 *      taken × hourly rate (5.6 weeks basis, or from the 12.07% accrual for irregular hours); or
 *      rolled-up holiday pay at 12.07% on its own line; plus SSP for sickness in the period.
 *   3. Pension: automatic enrolment assessed on gross pay (age and State Pension age on the pay
 *      date); contributions at the contract's rates on qualifying earnings, never below the legal
 *      minimums; relief at source (the PA pays 80%, the scheme claims 20% from HMRC) or a net pay
 *      arrangement (the whole contribution comes off taxable pay).
 *   4. PAYE on taxable pay, cumulatively with this employment's year to date (and a P45's figures
 *      from this tax year), or week 1 / month 1.
 *   5. Class 1 NI on gross pay, with the category letter following the PA's age (A becomes M
 *      under 21, C at State Pension age), noted on the payslip.
 *   6. Net pay = gross − tax − employee NI − the pension contribution deducted.
 * Every step adds lines to its section of the explanation; anything the employer should act on
 * (a PA who must be enrolled but the contract names no scheme, holiday taken beyond what has
 * accrued) is a note counted in `warnings`.
 *
 * For an employer (payrun_totals_*): sums of the payslips, the Employment Allowance against the
 * run's employer NI (when claimed), and what to pay to whom: each PA their net pay, the pension
 * scheme, and HMRC (monthly by the 22nd after the tax month, or quarterly when the average
 * monthly liability is under £1,500 and the employer chose to).
 *
 * Pure: no I/O, no clock, no globals.
 */
#ifndef SELFDIRECT_DOMAIN_PAYRUN_H
#define SELFDIRECT_DOMAIN_PAYRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"
#include "domain/payroll/ssp.h"

struct buf;
struct err;

/* ---- the rates of every year, loaded once (payroll_rates_load_tables) ------------------------- */

#define PAYRUN_MAX_YEARS 12

struct payrun_tables {
    size_t nyears;
    struct payroll_rates years[PAYRUN_MAX_YEARS]; /* ascending tax year */
    size_t nnmw;
    struct nmw_rates nmw[PAYRUN_MAX_YEARS];       /* in date order */
    size_t nssp;
    struct ssp_rates ssp[PAYRUN_MAX_YEARS];
};

/* The rates of a tax year, or NULL (with ERR_UNSUPPORTED in e) when there are none. */
const struct payroll_rates *payrun_tables_year(const struct payrun_tables *t, int tax_year,
                                               struct err *e);

/* ---- the period -------------------------------------------------------------------------------- */

struct payrun_period {
    enum pay_frequency frequency;
    int tax_year;      /* 2025 = 2025-26 */
    int period;        /* HMRC period number */
    day_t first, last; /* the period's days */
    day_t pay_date;    /* inside the period; the last day when not given */
};

/* Checks and fills a period. has_pay_date false: the pay date is the period's last day. A pay
 * date outside the period is refused (HMRC numbers a payment by the period its date falls in). */
int payrun_period_make(enum pay_frequency f, int tax_year, int period, bool has_pay_date,
                       day_t pay_date, struct payrun_period *out, struct err *e);

/* ---- one PA's employment, as the pay run reads it ---------------------------------------------- */

enum holiday_basis { HOLIDAY_WEEKS = 0, HOLIDAY_ACCRUAL, HOLIDAY_BASIS_COUNT };
enum pension_status { PENSION_ASSESS = 0, PENSION_OPTED_OUT, PENSION_OPTED_IN, PENSION_STATUS_COUNT };
enum pension_relief { RELIEF_AT_SOURCE = 0, RELIEF_NET_PAY, PENSION_RELIEF_COUNT };

const char *holiday_basis_name(enum holiday_basis b);   /* "weeks", "accrual" */
int holiday_basis_parse(const char *s, enum holiday_basis *out);
const char *pension_status_name(enum pension_status s); /* "assess", "opted_out", "opted_in" */
int pension_status_parse(const char *s, enum pension_status *out);
const char *pension_relief_name(enum pension_relief r); /* "relief_at_source", "net_pay" */
int pension_relief_parse(const char *s, enum pension_relief *out);

struct payrun_contract {
    int64_t contract_id;
    int64_t pa_id;
    day_t born;
    bool apprentice;
    day_t apprenticeship_start;
    day_t starts_on;
    int64_t hourly_rate;          /* pence */
    int64_t hours_week_minutes;   /* normal hours a week, for SSP's weekly earnings */
    enum pay_frequency frequency;
    enum holiday_basis holiday;
    bool rolled_up;               /* accrual basis: paid as rolled-up holiday pay */
    unsigned qualifying_days;     /* SSP_* bits */
    bool has_pension_scheme;
    enum pension_status pension;
    int32_t pension_employer_bp;
    int32_t pension_employee_bp;
    enum pension_relief relief;
    char tax_code[24];
    bool week1_month1;
    char ni_category;
    int64_t previous_pay;         /* a P45's pay and tax to date, for previous_tax_year */
    int64_t previous_tax;
    int previous_tax_year;
};

/* This employment's totals before the period: this tax year's, plus the holiday balance. */
struct payrun_ytd {
    int64_t gross, taxable, tax, niable, employee_ni, employer_ni;
    int64_t at_lel, lel_to_pt, pt_to_uel;
    int64_t employee_pension, employer_pension, ssp;
    int64_t holiday_balance_minutes; /* accrual basis: accrued and not yet taken (any year) */
};

struct payrun_pa_input {
    const struct payrun_tables *tables;
    const struct payrun_contract *contract;
    const struct payrun_period *period;
    int64_t worked_minutes;     /* from the approved timesheets being paid */
    int64_t holiday_minutes;
    int ntimesheets;
    struct payrun_ytd ytd;
    const struct ssp_spell *spells; /* sickness that may link into the period, in date order */
    size_t nspells;
    int64_t awe;                /* average weekly earnings for SSP; 0: from the contract */
    const struct payroll_explain *awe_explain; /* how awe was worked out (ssp_awe_from_pay), or
                                                * NULL; shown with the SSP lines */
};

enum payslip_section { SLIP_PAY = 0, SLIP_TAX, SLIP_NI, SLIP_PENSION, SLIP_NOTES, SLIP_SECTION_COUNT };

const char *payslip_section_title(enum payslip_section s); /* "Your pay", "Income tax", ... */

struct payslip_calc {
    int64_t worked_minutes, holiday_minutes, hourly_rate;
    int64_t basic_pay, holiday_pay, rolled_up_holiday, ssp, gross;
    int64_t taxable_pay, tax;
    char tax_code[40];
    bool week1_month1;
    char ni_category;
    int64_t employee_ni, employer_ni;
    int64_t at_lel, lel_to_pt, pt_to_uel, above_uel;
    char pension_category[48];     /* ae_category_name */
    int64_t employee_pension;      /* the PA's contribution (gross of relief at source) */
    int64_t employee_pension_deducted; /* what came off their pay */
    int64_t employer_pension;
    int64_t net_pay;
    int64_t holiday_accrued_minutes;
    int age;
    int64_t minimum_hourly;
    int warnings;
    struct payrun_ytd ytd;         /* after this period */
    struct payroll_explain explain[SLIP_SECTION_COUNT];
};

/* One PA's payslip figures. ERR_INVALID when the hourly rate is below the minimum wage, the tax
 * code or NI letter is wrong, or the contract's frequency is not the period's; ERR_UNSUPPORTED
 * when there are no rates for the date. */
int payrun_pa(const struct payrun_pa_input *in, struct payslip_calc *out, struct err *e);

/* State Pension date for a date of birth, under the Pensions Acts 1995-2014: 66th birthday for
 * those born before 6 April 1960, 66 and 1 to 11 months for 6 April 1960 - 5 March 1961, 67th
 * birthday to 5 April 1977, and 68th birthday from 6 April 1978. Those born 6 April 1977 - 5
 * April 1978 reach it between their 67th and 68th birthdays in steps the Act sets by date; this
 * takes 67 years and one month for each month after April 1977 of their birth (docs/pa.md). */
day_t payrun_state_pension_date(day_t born);

/* The NI category to use: A (or M) becomes M under 21 and A from 21; A or M becomes C from State
 * Pension age. Other letters are kept as set. */
char payrun_ni_category(char contract_letter, int age, bool over_state_pension_age);

/* The tax code and basis a new starter's checklist statement gives, with no P45: A (first job
 * since 6 April) the emergency code cumulatively; B (only job now) the emergency code week 1 /
 * month 1; C (another job or pension) BR. ERR_INVALID for any other statement. */
int payrun_starter_code(char statement, const char *emergency_code, char *code, size_t codesz,
                        bool *week1_month1, struct err *e);

/* The explanation as stored text: a line "section<TAB>unit<TAB>amount<TAB>label\n" each (tabs and
 * newlines in labels become spaces), and back. */
int payslip_explain_format(const struct payroll_explain explain[SLIP_SECTION_COUNT], struct buf *out);
int payslip_explain_parse(const char *text, struct payroll_explain explain[SLIP_SECTION_COUNT],
                          struct err *e);

/* ---- the employer's pay run ---------------------------------------------------------------------- */

struct payrun_totals {
    int payslips;
    int64_t gross, tax, employee_ni, employer_ni;
    int64_t allowance_offset;      /* Employment Allowance set against employer NI this run */
    int64_t employee_pension, employee_pension_deducted, employer_pension;
    int64_t net_pay;
    int64_t hmrc_due;              /* tax + employee NI + employer NI − allowance */
    int64_t pension_due;           /* to the scheme: deducted + employer contributions */
    int64_t employer_cost;         /* gross + employer NI − allowance + employer pension */
    int warnings;
    struct payroll_explain explain;
};

void payrun_totals_init(struct payrun_totals *t);
/* Adds one payslip (checked arithmetic). */
int payrun_totals_add(struct payrun_totals *t, const struct payslip_calc *p, struct err *e);
/* Sets the Employment Allowance (when claimed: the year's amount less what earlier runs this tax
 * year used) against the run's employer NI, and works out what is due to whom. */
int payrun_totals_finish(struct payrun_totals *t, bool allowance_claimed, int64_t year_allowance,
                         int64_t allowance_used_before, struct err *e);

/* When the employer pays HMRC for a payment made on pay_date. Quarterly is allowed when the
 * average monthly liability (tax, NI, less the allowance) is under £1,500; an employer who chose
 * quarterly above that pays monthly, and the explanation says so. Electronic payment is due by the
 * 22nd after the tax month (or quarter) ends on the 5th. */
struct hmrc_payment {
    bool quarterly;
    int tax_month;             /* 1..12 */
    int quarter;               /* 1..4 */
    day_t period_end;          /* the 5th the month or quarter ends on */
    day_t due;                 /* the 22nd */
    char label[120];           /* "tax month 3 (6 June to 5 July 2025)" */
    struct payroll_explain explain;
};

#define HMRC_QUARTERLY_LIMIT INT64_C(150000) /* £1,500 a month on average */

int payrun_hmrc_payment(day_t pay_date, bool quarterly_chosen, int64_t average_monthly_liability,
                        struct hmrc_payment *out, struct err *e);

#endif
