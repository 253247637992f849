/* explain.c — payroll explanation lines; see explain.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain/payroll/explain.h"

#include "base/money.h"

void payroll_explain_init(struct payroll_explain *x)
{
    /* Only the count: a line is always written before it is counted, and nothing reads past n.
     * (Clearing all 3 KB for every result was a twentieth of a pay run's calculation.) */
    x->n = 0;
    x->truncated = false;
}

__attribute__((format(printf, 4, 0))) static void add_v(struct payroll_explain *x,
                                                       enum payroll_unit unit, int64_t amount,
                                                       const char *fmt, va_list ap)
{
    struct payroll_line *l;
    if (x->n >= PAYROLL_EXPLAIN_MAX) {
        x->truncated = true;
        return;
    }
    l = &x->lines[x->n++];
    vsnprintf(l->label, sizeof l->label, fmt, ap);
    l->amount = amount;
    l->unit = unit;
}

void payroll_explain_money(struct payroll_explain *x, int64_t pence, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(x, PAYROLL_UNIT_PENCE, pence, fmt, ap);
    va_end(ap);
}

void payroll_explain_add(struct payroll_explain *x, enum payroll_unit unit, int64_t amount,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_v(x, unit, amount, fmt, ap);
    va_end(ap);
}

void payroll_explain_amount(const struct payroll_line *l, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    switch (l->unit) {
    case PAYROLL_UNIT_PENCE:
        money_format(l->amount, MONEY_FMT_POUND, out, outsz);
        break;
    case PAYROLL_UNIT_COUNT:
        snprintf(out, outsz, "%lld", (long long)l->amount);
        break;
    case PAYROLL_UNIT_HUNDREDTHS: {
        int64_t a = l->amount < 0 ? -l->amount : l->amount;
        snprintf(out, outsz, "%s%lld.%02lld", l->amount < 0 ? "-" : "", (long long)(a / 100),
                 (long long)(a % 100));
        break;
    }
    case PAYROLL_UNIT_NONE:
    default:
        out[0] = '\0';
        break;
    }
}
