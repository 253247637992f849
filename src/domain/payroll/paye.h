/*
 * paye.h — PAYE income tax for one pay period, by HMRC's tax table method, as the Specification
 * for PAYE Tax Table Routines describes and HMRC's payroll test data checks (all 314 income tax
 * cases of 2023-24 and 2025-26 pass: `selfdirect payroll conformance`).
 *
 * The method, for a code with an allowance (1257L, S1257L, C45L, 0T) or a K code:
 *   1. Pay adjustment from the code number (HMRC Tables A). The number is split into a remainder
 *      r (1..500) and a quotient q of 500s; the adjustment for one week is (r×10 + 9) / 52 rounded
 *      UP to the penny plus q × £96.16 (£5,000/52 rounded up); for one month (r×10 + 9) / 12
 *      rounded up plus q × £416.67. Free pay to date is that times the number of weeks or months
 *      so far; a K code's figure is additional pay, added instead of taken away.
 *   2. Taxable pay to date = pay to date − free pay (or + additional pay), rounded DOWN to whole
 *      pounds; never below 0.
 *   3. The annual band limits and the tax on the complete lower bands are scaled by n/52 or n/12
 *      (n = weeks or months so far) and truncated to 4 decimal places of a pound; the pay in the
 *      top band is taxed at its rate exactly; the total is truncated to the penny. England, NI and
 *      Wales scale the lower bands' tax together, Scotland band by band (rates.h, tax_build_up).
 *   4. Cumulative codes: tax this period = tax due to date − tax already deducted (a refund when
 *      negative). Week 1 / month 1 codes: steps 1-3 on this period's pay alone, n = 1.
 *   5. The regulatory limit: the tax deducted in a period may not exceed 50% of that period's
 *      taxable pay (it bites on K codes). What is not deducted is not carried forward here: a
 *      cumulative code collects it in later periods by itself.
 * BR taxes all pay at the basic rate (of the code's regime: 20% in each part of the UK); D0, D1,
 * D2, D3 at the rates of the bands above it (rUK D0 40%, D1 45%; Scotland SD0 21% intermediate,
 * SD1 42% higher, SD2 45% advanced, SD3 48% top — what exists depends on the year's bands), on
 * pay rounded down to whole pounds, cumulatively unless week 1 / month 1. NT: no tax (a
 * cumulative NT code refunds what was deducted earlier in the year).
 *
 * Frequencies: weekly and monthly as above. Fortnightly and four-weekly pay uses HMRC's rule of
 * multiplying the weekly figures: period n of a 2-weekly payroll uses the week 2n figures (week 2
 * figures on a week 1 basis), a 4-weekly payroll the week 4n figures. Week 53 (and the fortnightly
 * 27th and four-weekly 14th periods that contain it) is taxed on a week 1 basis, as HMRC directs.
 *
 * Pure functions: no I/O, no clock, no globals. Rates come from rates.h.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_PAYE_H
#define SELFDIRECT_DOMAIN_PAYROLL_PAYE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payroll/explain.h"
#include "domain/payroll/rates.h"

struct err;

enum tax_code_kind {
    TAX_CODE_ALLOWANCE = 0, /* 1257L, 45M, 1100N, 0T: free pay from the number */
    TAX_CODE_K,             /* K475: additional pay from the number */
    TAX_CODE_BR,            /* all pay at the basic rate */
    TAX_CODE_D,             /* D0, D1, ...: all pay at a higher band's rate */
    TAX_CODE_NT,            /* no tax */
};

struct tax_code {
    enum tax_regime regime;  /* S prefix Scotland, C prefix Wales, otherwise rUK */
    enum tax_code_kind kind;
    int number;              /* the code number (1257 in 1257L, 475 in K475), or n in Dn */
    char suffix;             /* 'L', 'M', 'N' or 'T' for allowance codes; 0 otherwise */
    bool non_cumulative;     /* operated week 1 / month 1 ("W1", "M1", "W1/M1" or "X" after it) */
    char text[40];           /* normalised, for payslips: "S1257L", "K475 W1/M1" */
};

/* Parses a tax code as HMRC writes them, case-insensitively, spaces ignored: "1257L", "s1257l",
 * "C45L", "K475", "SK630", "BR", "SBR", "D0", "SD3", "NT", "0T", "1257L W1", "1257L M1",
 * "1257L W1/M1", "1257LX". ERR_INVALID with a message saying what is wrong otherwise. */
int paye_tax_code_parse(const char *code, struct tax_code *out, struct err *e);

struct paye_input {
    struct tax_code code;
    enum pay_frequency frequency;
    int period;             /* HMRC period number: 1..53 weekly, 1..27 fortnightly, 1..14
                               four-weekly, 1..12 monthly (the last weekly-based ones: week 53) */
    bool week1_month1;      /* operate on a week 1 / month 1 basis (also set by the code's W1/M1) */
    int64_t pay;            /* taxable pay this period, pence, >= 0 */
    int64_t pay_to_date;    /* taxable pay of earlier periods this tax year (with a P45's), pence */
    int64_t tax_to_date;    /* tax deducted in those periods, net of refunds, pence */
};

struct paye_result {
    int64_t tax;                /* to deduct this period, pence; negative is a refund */
    int64_t tax_to_date;        /* tax_to_date + tax */
    int64_t tax_due;            /* what the tables give: to date (cumulative) or this period (W1) */
    int64_t pay_adjustment;     /* free pay used (negative: a K code's additional pay) */
    int64_t taxable_pounds;     /* taxable pay used, whole pounds (in pence), 0 for NT */
    int64_t not_deducted;       /* tax held back by the 50% regulatory limit this period */
    bool non_cumulative;
    int periods_elapsed;        /* n: weeks or months the figures were scaled to */
    struct payroll_explain explain;
};

int paye_period_tax(const struct paye_rates *r, const struct paye_input *in,
                    struct paye_result *out, struct err *e);

/* Free pay (positive) or additional pay (negative) for one week or month of a code number, pence:
 * HMRC Tables A. monthly selects the month table. */
int64_t paye_pay_adjustment_unit(int number, bool k_code, bool monthly);

/* The regime's name for people: "England and Northern Ireland", "Scotland", "Wales". */
const char *paye_regime_name(enum tax_regime regime);

#endif
