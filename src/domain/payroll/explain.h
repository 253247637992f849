/*
 * explain.h — the line-by-line explanation every payroll result carries, so a payslip (and the
 * person reading it) can see how a figure was reached: "Free pay to date from code 1257L (month 3)
 * £3,144.75", "Tax at 40% on £20,864 above the basic rate band £8,345.60".
 *
 * An explanation is a fixed array inside the result struct (no allocation, so the domain stays
 * pure and a result can be copied). Lines past PAYROLL_EXPLAIN_MAX are dropped and `truncated` is
 * set; a label longer than PAYROLL_LABEL_MAX is cut. Neither can change a computed figure: the
 * explanation only describes it.
 */
#ifndef SELFDIRECT_DOMAIN_PAYROLL_EXPLAIN_H
#define SELFDIRECT_DOMAIN_PAYROLL_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAYROLL_EXPLAIN_MAX 24
#define PAYROLL_LABEL_MAX 128

/* What a line's amount counts. */
enum payroll_unit {
    PAYROLL_UNIT_PENCE = 0,   /* money: shown as £1,234.56 */
    PAYROLL_UNIT_NONE,        /* a statement with no figure */
    PAYROLL_UNIT_COUNT,       /* a count: days, periods */
    PAYROLL_UNIT_HUNDREDTHS,  /* a quantity in hundredths: 16.80 days, 12.50 hours */
};

struct payroll_line {
    char label[PAYROLL_LABEL_MAX];
    int64_t amount;
    enum payroll_unit unit;
};

struct payroll_explain {
    int n;
    bool truncated;
    struct payroll_line lines[PAYROLL_EXPLAIN_MAX];
};

/* Empties x (lines past n are never read, so they are not cleared). */
void payroll_explain_init(struct payroll_explain *x);
/* Adds a line (amount in pence). */
void payroll_explain_money(struct payroll_explain *x, int64_t pence, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Adds a line with another unit. */
void payroll_explain_add(struct payroll_explain *x, enum payroll_unit unit, int64_t amount,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Exactly money_format(pence, MONEY_FMT_POUND, out, outsz) ("£1,234.56", "-£3.20"), written
 * without printf: labels quote amounts in nearly every line, and snprintf's set-up was a tenth of
 * a pay run's instructions. Truncated like snprintf when outsz is short. */
void payroll_money_text(int64_t pence, char *out, size_t outsz);
/* snprintf for labels: the conversions labels use (%s %c %d %lld %0Nd %0Nlld %%) without stdio, any
 * other through vsnprintf; the same bytes either way. Exposed so tests can hold it to snprintf. */
void payroll_label_format(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Formats one line's amount for people ("£1,234.56", "3", "16.80", ""). */
void payroll_explain_amount(const struct payroll_line *l, char *out, size_t outsz);

#endif
