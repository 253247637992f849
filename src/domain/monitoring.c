/* monitoring.c — light-touch monitoring rules; see monitoring.h for each rule and threshold. */
#include "domain/monitoring.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/matching.h"
#include "io/statement.h"

const char *monitor_rule_name(enum monitor_rule r)
{
    switch (r) {
    case MON_SURPLUS: return "surplus";
    case MON_CASH: return "cash";
    case MON_UNKNOWN_PAYEE: return "unknown-payee";
    case MON_FAMILY_PAYEE: return "family-payee";
    case MON_NO_HMRC: return "no-hmrc-payment";
    case MON_NO_SPENDING: return "no-spending";
    default: return "unknown";
    }
}

const char *monitor_severity_name(enum monitor_severity s)
{
    return s == MON_HIGH ? "high" : s == MON_MEDIUM ? "medium" : "low";
}

void monitor_settings_default(struct monitor_settings *s)
{
    memset(s, 0, sizeof *s);
    s->surplus_on = true;
    s->surplus_weeks = 8;
    s->cash_on = true;
    s->cash_allowed = true;
    s->cash_daily_limit = 25000;
    s->unknown_payee_on = true;
    s->unknown_payee_min = 0;
    s->family_on = true;
    s->hmrc_on = true;
    s->no_spend_on = true;
    s->no_spend_weeks = 8;
}

void monitor_flags_init(struct monitor_flags *f) { memset(f, 0, sizeof *f); }

void monitor_flags_release(struct monitor_flags *f)
{
    free(f->v);
    monitor_flags_init(f);
}

static int add_flag(struct monitor_flags *f, const struct monitor_flag *x, struct err *e)
{
    if (!x->reason || !x->next_step)
        return err_set(e, ERR_NOMEM, "Out of memory writing a monitoring flag.");
    if (f->n == f->cap) {
        size_t ncap = f->cap ? f->cap * 2 : 16;
        struct monitor_flag *nv = realloc(f->v, ncap * sizeof *nv);
        if (!nv)
            return err_set(e, ERR_NOMEM, "Out of memory writing a monitoring flag.");
        f->v = nv;
        f->cap = ncap;
    }
    f->v[f->n++] = *x;
    return 0;
}

static const char *m(struct arena *a, int64_t p)
{
    char *s = arena_alloc(a, MONEY_FMT_SIZE);
    if (s)
        money_format(p, MONEY_FMT_POUND, s, MONEY_FMT_SIZE);
    return s ? s : "?";
}

static const char *d(struct arena *a, day_t day)
{
    char *s = arena_alloc(a, 32);
    if (s)
        date_format_long(day, s, 32);
    return s ? s : "?";
}

static const struct match_payee *payee_of(const struct monitor_account *acc, size_t i)
{
    int64_t id = acc->matches ? acc->matches[i].payee_id : 0;
    for (size_t k = 0; id && k < acc->npayees; k++)
        if (acc->payees[k].id == id)
            return &acc->payees[k];
    return NULL;
}

static bool spending(const struct statement_txn *t)
{
    return t->amount < 0 && !t->is_reversal;
}

/* --- surplus --------------------------------------------------------------------------------- */

static int rule_surplus(const struct monitor_settings *s, const struct monitor_account *acc,
                        struct arena *a, struct monitor_flags *out, struct err *e)
{
    int64_t weeks, ceiling, available, excess;
    struct monitor_flag f = {0};
    if (acc->weekly_amount <= 0 || s->surplus_weeks <= 0)
        return 0;
    if (money_mul(acc->weekly_amount, s->surplus_weeks, &weeks) != 0 ||
        money_add(weeks, acc->contingency, &ceiling) != 0 ||
        money_sub(acc->balance, acc->committed, &available) != 0)
        return err_set(e, ERR_RANGE, "The account's figures are too large to check.");
    if (available <= ceiling)
        return 0;
    excess = available - ceiling;
    f.dp_id = acc->dp_id;
    f.rule = MON_SURPLUS;
    f.severity = MON_MEDIUM;
    f.amount = excess;
    f.date = acc->balance_date;
    f.reason = arena_printf(
        a,
        "On %s the account held %s%s%s. That is more than %d weeks of payments (%d x %s = %s) "
        "plus the agreed contingency of %s, together %s, by %s.",
        d(a, acc->balance_date), m(a, acc->balance),
        acc->committed ? arena_printf(a, ", or %s after the %s of wages and invoices still to pay",
                                      m(a, available), m(a, acc->committed))
                       : "",
        "", s->surplus_weeks, s->surplus_weeks, m(a, acc->weekly_amount), m(a, weeks),
        m(a, acc->contingency), m(a, ceiling), m(a, excess));
    f.next_step = arena_printf(
        a,
        "Talk to the person first: a high balance can mean support is not being delivered, and a "
        "review may be needed. If the money is not needed for their support, propose recovering "
        "%s and tell the person why; nothing is recovered automatically.",
        m(a, excess));
    return add_flag(out, &f, e);
}

/* --- cash ------------------------------------------------------------------------------------ */

static int rule_cash(const struct monitor_settings *s, const struct monitor_account *acc,
                     struct arena *a, struct monitor_flags *out, struct err *e)
{
    /* Days are handled in date order whatever order the statement is in. */
    for (size_t i = 0; i < acc->ntxns; i++) {
        const struct statement_txn *t = &acc->txns[i];
        int64_t total = 0;
        size_t count = 0;
        bool first = true;
        struct monitor_flag f = {0};
        int rc;
        if (!t->is_cash || !spending(t))
            continue;
        for (size_t k = 0; k < acc->ntxns; k++) {
            const struct statement_txn *u = &acc->txns[k];
            if (!u->is_cash || !spending(u) || u->date != t->date)
                continue;
            if (k < i)
                first = false; /* this day was handled at its first withdrawal */
            total += -u->amount;
            count++;
        }
        if (!first)
            continue;
        if (s->cash_allowed && total <= s->cash_daily_limit)
            continue;
        f.dp_id = acc->dp_id;
        f.rule = MON_CASH;
        f.severity = MON_MEDIUM;
        f.amount = total;
        f.date = t->date;
        if (!s->cash_allowed)
            f.reason = arena_printf(a, "%s in cash was taken out on %s (%zu withdrawal%s). Cash "
                                       "withdrawals are not part of this council's direct-payment "
                                       "agreements unless agreed in the plan.",
                                    m(a, total), d(a, t->date), count, count == 1 ? "" : "s");
        else
            f.reason = arena_printf(a, "%s in cash was taken out on %s (%zu withdrawal%s), more "
                                       "than the %s a day the council allows.",
                                    m(a, total), d(a, t->date), count, count == 1 ? "" : "s",
                                    m(a, s->cash_daily_limit));
        f.next_step = arena_printf(a, "Ask the person what the cash paid for (receipts or a note "
                                      "are enough); it may be an agreed use such as paying a PA "
                                      "in cash for a one-off.");
        if ((rc = add_flag(out, &f, e)) != 0)
            return rc;
    }
    return 0;
}

/* --- payees ---------------------------------------------------------------------------------- */

/* The name to group a payment under: its payee, or else its description. */
static const char *who(const struct statement_txn *t)
{
    return t->payee && *t->payee ? t->payee : t->description;
}

static int rule_unknown(const struct monitor_settings *s, const struct monitor_account *acc,
                        struct arena *a, struct monitor_flags *out, struct err *e)
{
    for (size_t i = 0; i < acc->ntxns; i++) {
        const struct statement_txn *t = &acc->txns[i];
        const char *key;
        int64_t total = 0;
        size_t count = 0;
        bool first = true;
        struct monitor_flag f = {0};
        int rc;
        if (!spending(t) || t->is_cash || -t->amount <= s->unknown_payee_min)
            continue;
        if (acc->matches && (acc->matches[i].method != MATCH_NONE || acc->matches[i].payee_id))
            continue;
        key = match_normalise(a, who(t));
        if (!key)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        for (size_t k = 0; k < acc->ntxns; k++) {
            const struct statement_txn *u = &acc->txns[k];
            const char *uk;
            if (!spending(u) || u->is_cash || -u->amount <= s->unknown_payee_min)
                continue;
            if (acc->matches && (acc->matches[k].method != MATCH_NONE || acc->matches[k].payee_id))
                continue;
            uk = match_normalise(a, who(u));
            if (!uk || strcmp(uk, key) != 0)
                continue;
            if (k < i)
                first = false;
            total += -u->amount;
            count++;
        }
        if (!first)
            continue;
        f.dp_id = acc->dp_id;
        f.rule = MON_UNKNOWN_PAYEE;
        f.severity = MON_LOW;
        f.amount = total;
        f.date = t->date;
        f.reason = arena_printf(a, "%zu payment%s totalling %s went to \"%s\", who is not one of "
                                   "the plan's payees and matched no rule or reference.",
                                count, count == 1 ? "" : "s", m(a, total),
                                *who(t) ? who(t) : "(no name given)");
        f.next_step = arena_printf(a, "Ask the person what it was for. If it is part of their "
                                      "support, add the payee or a matching rule so it is not "
                                      "raised again.");
        if ((rc = add_flag(out, &f, e)) != 0)
            return rc;
    }
    return 0;
}

static int rule_family(const struct monitor_account *acc, struct arena *a,
                       struct monitor_flags *out, struct err *e)
{
    for (size_t k = 0; k < acc->npayees; k++) {
        const struct match_payee *p = &acc->payees[k];
        int64_t total = 0;
        size_t count = 0;
        day_t last = 0;
        struct monitor_flag f = {0};
        int rc;
        if (!(p->flags & PAYEE_FAMILY_SAME_HOUSEHOLD) || (p->flags & PAYEE_AUTHORISED))
            continue;
        for (size_t i = 0; i < acc->ntxns; i++) {
            const struct statement_txn *t = &acc->txns[i];
            if (!spending(t) || payee_of(acc, i) != p)
                continue;
            total += -t->amount;
            count++;
            if (t->date > last)
                last = t->date;
        }
        if (!count)
            continue;
        f.dp_id = acc->dp_id;
        f.rule = MON_FAMILY_PAYEE;
        f.severity = MON_HIGH;
        f.amount = total;
        f.date = last;
        f.reason = arena_printf(
            a,
            "%zu payment%s totalling %s went to %s, a close relative who lives in the same "
            "household, and no decision allowing this is recorded. A direct payment may pay such "
            "a relative only where the council has decided it is necessary (Care and Support "
            "(Direct Payments) Regulations 2014, regulation 3).",
            count, count == 1 ? "" : "s", m(a, total), p->name);
        f.next_step = arena_printf(a, "Find out whether an exception was agreed and not recorded; "
                                      "if so, record the decision, who made it and why. If not, "
                                      "discuss other arrangements with the person.");
        if ((rc = add_flag(out, &f, e)) != 0)
            return rc;
    }
    return 0;
}

/* --- HMRC ------------------------------------------------------------------------------------ */

void monitor_paye_quarter(day_t day, day_t *first, day_t *last)
{
    int y = taxyear_of(day);
    day_t s = taxyear_start(y);
    for (int q = 0; q < 4; q++) {
        day_t qs = date_add_months(s, 3 * q), qe = date_add_months(s, 3 * (q + 1)) - 1;
        if (day >= qs && day <= qe) {
            *first = qs;
            *last = qe;
            return;
        }
    }
    *first = s;
    *last = taxyear_end(y);
}

static bool paid_hmrc(const struct monitor_account *acc, size_t i, struct arena *a)
{
    const struct statement_txn *t = &acc->txns[i];
    const struct match_payee *p = payee_of(acc, i);
    const char *nd, *np;
    if (!spending(t))
        return false;
    if (p && (p->flags & PAYEE_HMRC))
        return true;
    nd = match_normalise(a, t->description);
    np = match_normalise(a, t->payee);
    return (nd && strstr(nd, "HMRC")) || (np && strstr(np, "HMRC"));
}

static int rule_hmrc(const struct monitor_account *acc, day_t today, struct arena *a,
                     struct monitor_flags *out, struct err *e)
{
    day_t qf, ql, due, from, covered = acc->balance_date;
    struct monitor_flag f = {0};
    if (!acc->employs_pas)
        return 0;
    for (size_t i = 0; i < acc->ntxns; i++)
        if (acc->txns[i].date > covered)
            covered = acc->txns[i].date;
    /* The latest quarter whose payment date (the 22nd of the month it ends in) has passed. */
    monitor_paye_quarter(today, &qf, &ql);
    monitor_paye_quarter(qf - 1, &qf, &ql);
    due = ql + 17;
    if (due > today) {
        monitor_paye_quarter(qf - 1, &qf, &ql);
        due = ql + 17;
    }
    if (acc->employing_since > qf || covered < due)
        return 0; /* not employing all quarter, or statements do not reach the payment date */
    from = qf + 17; /* after the previous quarter's payment date */
    for (size_t i = 0; i < acc->ntxns; i++)
        if (acc->txns[i].date >= from && acc->txns[i].date <= due && paid_hmrc(acc, i, a))
            return 0;
    f.dp_id = acc->dp_id;
    f.rule = MON_NO_HMRC;
    f.severity = MON_MEDIUM;
    f.amount = 0;
    f.date = due;
    f.reason = arena_printf(a, "The person employs personal assistants, but no payment to HMRC "
                               "shows between %s and %s for the PAYE quarter %s to %s (payment "
                               "was due by %s).",
                            d(a, from), d(a, due), d(a, qf), d(a, ql), d(a, due));
    f.next_step = arena_printf(a, "Check with the person or their payroll service. Nothing may "
                                  "be due if wages are below the tax and National Insurance "
                                  "thresholds; if something is due, help them pay it to avoid "
                                  "penalties.");
    return add_flag(out, &f, e);
}

/* --- no spending ----------------------------------------------------------------------------- */

static int rule_no_spending(const struct monitor_settings *s, const struct monitor_account *acc,
                            day_t today, struct arena *a, struct monitor_flags *out,
                            struct err *e)
{
    day_t last = 0;
    int64_t days = (int64_t)s->no_spend_weeks * 7;
    struct monitor_flag f = {0};
    if (s->no_spend_weeks <= 0 || today - acc->start < days)
        return 0;
    for (size_t i = 0; i < acc->ntxns; i++)
        if (spending(&acc->txns[i]) && acc->txns[i].date > last)
            last = acc->txns[i].date;
    if (last && today - last < days)
        return 0;
    f.dp_id = acc->dp_id;
    f.rule = MON_NO_SPENDING;
    f.severity = MON_LOW;
    f.amount = acc->balance;
    f.date = last ? last : acc->start;
    f.reason = last ? arena_printf(a, "Nothing has been spent from the account since %s, %d "
                                      "weeks or more ago.",
                                   d(a, last), s->no_spend_weeks)
                    : arena_printf(a, "Nothing has been spent from the account since the direct "
                                      "payment started on %s, %d weeks or more ago.",
                                   d(a, acc->start), s->no_spend_weeks);
    f.next_step = arena_printf(a, "Get in touch for a check-in: the arrangement may have stopped "
                                  "working (a personal assistant may have left, or support may "
                                  "be hard to find). This is not a sign of misuse.");
    return add_flag(out, &f, e);
}

int monitor_check(const struct monitor_settings *s, const struct monitor_account *acc,
                  day_t today, struct arena *a, struct monitor_flags *out, struct err *e)
{
    int rc = 0;
    if (s->surplus_on && (rc = rule_surplus(s, acc, a, out, e)) != 0)
        return rc;
    if (s->cash_on && (rc = rule_cash(s, acc, a, out, e)) != 0)
        return rc;
    if (s->unknown_payee_on && (rc = rule_unknown(s, acc, a, out, e)) != 0)
        return rc;
    if (s->family_on && (rc = rule_family(acc, a, out, e)) != 0)
        return rc;
    if (s->hmrc_on && (rc = rule_hmrc(acc, today, a, out, e)) != 0)
        return rc;
    if (s->no_spend_on && (rc = rule_no_spending(s, acc, today, a, out, e)) != 0)
        return rc;
    return 0;
}

static int cmp_flag(const void *x, const void *y)
{
    const struct monitor_flag *a = x, *b = y;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->amount != b->amount)
        return a->amount > b->amount ? -1 : 1;
    if (a->dp_id != b->dp_id)
        return a->dp_id < b->dp_id ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return (a->date > b->date) - (a->date < b->date);
}

void monitor_sort_worklist(struct monitor_flags *f)
{
    if (f->n > 1)
        qsort(f->v, f->n, sizeof *f->v, cmp_flag);
}
