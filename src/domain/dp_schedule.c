/* dp_schedule.c — the payment schedule of a direct payment; the rules are numbered in
 * dp_schedule.h and the comments here refer to them. */
#include "domain/dp_schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

#define EXPLAIN_CAP 4096
#define MAX_PERIODS 5000 /* about a century of weekly periods: bounds the work */

const char *dp_frequency_name(enum dp_frequency f)
{
    switch (f) {
    case DP_FOUR_WEEKLY: return "four-weekly";
    case DP_WEEKLY: return "weekly";
    case DP_MONTHLY: return "monthly";
    }
    return "unknown";
}

int dp_frequency_parse(const char *s, enum dp_frequency *out)
{
    if (!s)
        return ERR_INVALID;
    if (strcmp(s, "four-weekly") == 0)
        *out = DP_FOUR_WEEKLY;
    else if (strcmp(s, "weekly") == 0)
        *out = DP_WEEKLY;
    else if (strcmp(s, "monthly") == 0)
        *out = DP_MONTHLY;
    else
        return ERR_INVALID;
    return 0;
}

const char *dp_basis_name(enum dp_basis b)
{
    return b == DP_NET ? "net" : b == DP_GROSS ? "gross" : "unknown";
}

int dp_basis_parse(const char *s, enum dp_basis *out)
{
    if (s && strcmp(s, "net") == 0)
        *out = DP_NET;
    else if (s && strcmp(s, "gross") == 0)
        *out = DP_GROSS;
    else
        return ERR_INVALID;
    return 0;
}

const char *dp_line_kind_name(enum dp_line_kind k)
{
    switch (k) {
    case DP_LINE_PERIOD: return "period";
    case DP_LINE_ADJUSTMENT: return "adjustment";
    case DP_LINE_ONE_OFF: return "one-off";
    case DP_LINE_CARRIED: return "carried";
    }
    return "unknown";
}

int dp_day_rate_amount(int64_t weekly, int64_t days, int64_t *out)
{
    /* Rule 3: weekly x days / 7, nearest penny, halves up (away from zero for reductions, so a
     * reduction and the matching increase are the same size). */
    return money_muldiv(weekly, days, 7, DP_DAY_RATE_ROUNDING, out);
}

int dp_full_period_amount(enum dp_frequency f, int64_t weekly, int64_t *out)
{
    switch (f) {
    case DP_WEEKLY: *out = weekly; return 0;
    case DP_FOUR_WEEKLY: return money_mul(weekly, 4, out);
    case DP_MONTHLY: return money_muldiv(weekly, 52, 12, DP_MONTHLY_ROUNDING, out);
    }
    return ERR_INVALID;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

int dp_period_of(const struct dp_schedule_settings *s, day_t day, day_t *first, day_t *last)
{
    if (s->frequency == DP_WEEKLY || s->frequency == DP_FOUR_WEEKLY) {
        int64_t len = s->frequency == DP_WEEKLY ? 7 : 28;
        int64_t k = floor_div((int64_t)day - s->cycle_anchor, len);
        *first = (day_t)(s->cycle_anchor + k * len);
        *last = (day_t)(*first + len - 1);
        return 0;
    }
    if (s->frequency == DP_MONTHLY) {
        int y, m, d;
        day_t f;
        if (s->month_day < 1 || s->month_day > 28)
            return ERR_INVALID;
        date_to_ymd(day, &y, &m, &d);
        if (date_from_ymd(y, m, s->month_day, &f) != 0)
            return ERR_INVALID;
        if (d < s->month_day)
            f = date_add_months(f, -1);
        *first = f;
        *last = date_add_months(f, 1) - 1;
        return 0;
    }
    return ERR_INVALID;
}

/* --- the rates in force on a day ------------------------------------------------------------- */

struct ctx {
    const struct dp_schedule_input *in;
    struct arena *a;
    struct err *e;
};

static const struct dp_rate *rate_on(const struct dp_schedule_input *in, day_t d)
{
    const struct dp_rate *r = NULL;
    for (size_t i = 0; i < in->nrates; i++)
        if (in->rates[i].from <= d)
            r = &in->rates[i];
    return r;
}

static bool suspended_on(const struct dp_schedule_input *in, day_t d)
{
    for (size_t i = 0; i < in->nsuspensions; i++) {
        const struct dp_suspension *s = &in->suspensions[i];
        if (d >= s->from && (s->to == 0 || d <= s->to))
            return true;
    }
    return false;
}

static bool covered(const struct dp_schedule_input *in, day_t d)
{
    return d >= in->start && (in->end == 0 || d <= in->end);
}

enum which { PAYABLE, CONTRIBUTION };

/* The weekly rate that applies on a day: what the council pays (rule: net or gross), or under
 * gross the contribution it bills; 0 on a suspended or uncovered day. */
static int64_t weekly_on(const struct dp_schedule_input *in, day_t d, enum which w)
{
    const struct dp_rate *r;
    if (!covered(in, d) || suspended_on(in, d))
        return 0;
    r = rate_on(in, d);
    if (!r)
        return 0;
    if (w == CONTRIBUTION) {
        if (in->settings.basis != DP_GROSS)
            return 0;
        /* A contribution is never more than the cost of care. */
        return r->weekly_contribution < r->weekly_amount ? r->weekly_contribution
                                                         : r->weekly_amount;
    }
    if (in->settings.basis == DP_GROSS)
        return r->weekly_amount;
    return r->weekly_amount > r->weekly_contribution ? r->weekly_amount - r->weekly_contribution
                                                     : 0;
}

/* --- words ------------------------------------------------------------------------------------ */

static const char *fmt_money(char *out, int64_t p)
{
    money_format(p, MONEY_FMT_POUND, out, MONEY_FMT_SIZE);
    return out;
}

static const char *fmt_day(char *out, day_t d)
{
    date_format_long(d, out, 32);
    return out;
}

/* How the weekly figure was reached, for the period line: net or gross, with the contribution. */
static void explain_rate(struct buf *b, const struct dp_schedule_input *in, day_t d)
{
    const struct dp_rate *r = rate_on(in, d);
    char m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE];
    if (!r || r->weekly_contribution == 0)
        return;
    if (in->settings.basis == DP_NET)
        buf_addf(b, " (%s a week less your assessed contribution of %s a week, which you pay "
                    "into the account)",
                 fmt_money(m1, r->weekly_amount), fmt_money(m2, r->weekly_contribution));
    else
        buf_addf(b, " (the full %s a week; your contribution of %s a week is billed separately)",
                 fmt_money(m1, r->weekly_amount),
                 fmt_money(m2, r->weekly_contribution < r->weekly_amount ? r->weekly_contribution
                                                                         : r->weekly_amount));
}

/* --- what a period is due (rules 2-4) --------------------------------------------------------- */

static int period_due(const struct ctx *c, day_t pf, day_t pt, enum which w, int64_t *out,
                      struct buf *why)
{
    const struct dp_schedule_input *in = c->in;
    char d1[32], d2[32], m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE], m3[MONEY_FMT_SIZE],
        m4[MONEY_FMT_SIZE];
    bool whole = covered(in, pf) && covered(in, pt);
    int64_t total = 0, part;
    int rc;

    if (whole) {
        /* Rules 2 and 4: the full amount at the first day's rate, then each later stretch at
         * another rate adjusts by the difference, pro rata. */
        int64_t base = weekly_on(in, pf, w);
        int weeks = in->settings.frequency == DP_WEEKLY ? 1 : 4;
        if ((rc = dp_full_period_amount(in->settings.frequency, base, &total)) != 0)
            return rc;
        if (in->settings.frequency == DP_MONTHLY)
            buf_addf(why, "The month %s to %s at %s a week: %s x 52 / 12 = %s", fmt_day(d1, pf),
                     fmt_day(d2, pt), fmt_money(m1, base), fmt_money(m2, base),
                     fmt_money(m3, total));
        else
            buf_addf(why, "%d week%s, %s to %s, at %s a week: %s", weeks, weeks == 1 ? "" : "s",
                     fmt_day(d1, pf), fmt_day(d2, pt), fmt_money(m1, base), fmt_money(m2, total));
        if (suspended_on(in, pf))
            buf_adds(why, " (suspended)");
        else if (w == PAYABLE)
            explain_rate(why, in, pf);
        for (day_t d = pf + 1; d <= pt;) {
            int64_t r = weekly_on(in, d, w);
            day_t s = d;
            if (r == base) {
                d++;
                continue;
            }
            while (d + 1 <= pt && weekly_on(in, d + 1, w) == r)
                d++;
            if ((rc = dp_day_rate_amount(r - base, (int64_t)(d - s + 1), &part)) != 0 ||
                (rc = money_add(total, part, &total)) != 0)
                return rc;
            if (suspended_on(in, s))
                buf_addf(why, "; suspended %s to %s (%d day%s): -%s x %d / 7 = %s",
                         fmt_day(d1, s), fmt_day(d2, d), (int)(d - s + 1), d == s ? "" : "s",
                         fmt_money(m1, base), (int)(d - s + 1), fmt_money(m2, part));
            else {
                buf_addf(why, "; from %s to %s (%d day%s) at %s a week: (%s - %s) x %d / 7 = %s",
                         fmt_day(d1, s), fmt_day(d2, d), (int)(d - s + 1), d == s ? "" : "s",
                         fmt_money(m1, r), fmt_money(m2, r), fmt_money(m3, base),
                         (int)(d - s + 1), fmt_money(m4, part));
                if (w == PAYABLE)
                    explain_rate(why, in, s);
            }
            d++;
        }
        if (total < 0)
            total = 0; /* a stretch cannot take a period below nothing */
        buf_addf(why, ". Total %s.", fmt_money(m1, total));
        *out = total;
        return 0;
    }
    /* Rule 3: part period, each stretch of covered days at the day rate. */
    buf_adds(why, "Part period");
    for (day_t d = pf; d <= pt;) {
        int64_t r;
        day_t s = d;
        if (!covered(in, d)) {
            d++;
            continue;
        }
        r = weekly_on(in, d, w);
        while (d + 1 <= pt && covered(in, d + 1) && weekly_on(in, d + 1, w) == r &&
               suspended_on(in, d + 1) == suspended_on(in, s))
            d++;
        if ((rc = dp_day_rate_amount(r, (int64_t)(d - s + 1), &part)) != 0 ||
            (rc = money_add(total, part, &total)) != 0)
            return rc;
        if (suspended_on(in, s))
            buf_addf(why, "; %s to %s (%d day%s): suspended, nothing due", fmt_day(d1, s),
                     fmt_day(d2, d), (int)(d - s + 1), d == s ? "" : "s");
        else {
            buf_addf(why, "; %s to %s (%d day%s) at %s a week: %s x %d / 7 = %s", fmt_day(d1, s),
                     fmt_day(d2, d), (int)(d - s + 1), d == s ? "" : "s", fmt_money(m1, r),
                     fmt_money(m2, r), (int)(d - s + 1), fmt_money(m3, part));
            if (w == PAYABLE)
                explain_rate(why, in, s);
        }
        d++;
    }
    if (in->end && in->end >= pf && in->end < pt)
        buf_addf(why, "; the direct payment ends on %s", fmt_day(d1, in->end));
    buf_addf(why, ". Total %s.", fmt_money(m1, total));
    *out = total;
    return 0;
}

/* --- building -------------------------------------------------------------------------------- */

struct pending {
    day_t due;
    struct dp_line line;
    size_t seq; /* keeps the order lines were made in, for a stable sort */
};

struct plist {
    struct pending *v;
    size_t n, cap;
};

static int plist_add(struct plist *p, day_t due, const struct dp_line *ln)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 32;
        struct pending *nv = realloc(p->v, ncap * sizeof *nv);
        if (!nv)
            return ERR_NOMEM;
        p->v = nv;
        p->cap = ncap;
    }
    p->v[p->n].due = due;
    p->v[p->n].line = *ln;
    p->v[p->n].seq = p->n;
    p->n++;
    return 0;
}

static int cmp_pending(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;
    if (x->due != y->due)
        return (x->due > y->due) - (x->due < y->due);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int validate(const struct dp_schedule_input *in, struct err *e)
{
    const struct dp_schedule_settings *s = &in->settings;
    if (s->frequency != DP_WEEKLY && s->frequency != DP_FOUR_WEEKLY && s->frequency != DP_MONTHLY)
        return err_set_field(e, ERR_INVALID, "frequency",
                             "The payment frequency must be weekly, four-weekly or monthly.");
    if (s->basis != DP_NET && s->basis != DP_GROSS)
        return err_set_field(e, ERR_INVALID, "basis", "Payments must be net or gross.");
    if (s->frequency == DP_MONTHLY && (s->month_day < 1 || s->month_day > 28))
        return err_set_field(e, ERR_INVALID, "month_day",
                             "Monthly payments need a day of the month from 1 to 28.");
    if (in->end && in->end < in->start)
        return err_set_field(e, ERR_INVALID, "end", "The end date is before the start date.");
    if (in->nrates == 0 || in->rates[0].from > in->start)
        return err_set_field(e, ERR_INVALID, "rates",
                             "There must be an amount in force from the start date.");
    for (size_t i = 0; i < in->nrates; i++) {
        if (in->rates[i].weekly_amount < 0 || in->rates[i].weekly_contribution < 0 ||
            in->rates[i].weekly_amount > MONEY_MAX_PENCE / 1000 ||
            in->rates[i].weekly_contribution > MONEY_MAX_PENCE / 1000)
            return err_set_field(e, ERR_INVALID, "rates",
                                 "Weekly amounts and contributions must be 0 or more (and "
                                 "realistic).");
        if (i && in->rates[i].from <= in->rates[i - 1].from)
            return err_set_field(e, ERR_INVALID, "rates",
                                 "Changes must be in date order, one per date.");
    }
    for (size_t i = 0; i < in->nsuspensions; i++)
        if (in->suspensions[i].to && in->suspensions[i].to < in->suspensions[i].from)
            return err_set_field(e, ERR_INVALID, "suspensions",
                                 "A suspension ends before it starts.");
    for (size_t i = 0; i < in->noneoffs; i++) {
        if (in->oneoffs[i].amount <= 0 || in->oneoffs[i].amount > MONEY_MAX_PENCE)
            return err_set_field(e, ERR_INVALID, "oneoffs",
                                 "A one-off payment must be for more than 0p.");
        if (in->oneoffs[i].ref <= 0)
            return err_set_field(e, ERR_INVALID, "oneoffs", "Each one-off payment needs a reference.");
    }
    for (size_t i = 0; i < in->npaid; i++)
        if (in->paid[i].amount < -MONEY_MAX_PENCE || in->paid[i].amount > MONEY_MAX_PENCE)
            return err_set_field(e, ERR_INVALID, "paid", "A recorded payment is out of range.");
    if (in->until < in->start)
        return err_set_field(e, ERR_INVALID, "until", "The schedule must run to at least the "
                                                      "start date.");
    return 0;
}

static char *keep(const struct ctx *c, struct buf *b)
{
    char *s = arena_strdup(c->a, b->data);
    buf_reset(b);
    return s;
}

int dp_schedule_build(const struct dp_schedule_input *in, struct arena *a, struct dp_schedule *out,
                      struct err *e)
{
    struct ctx c = {in, a, e};
    struct plist pl = {0};
    struct buf why, tmp;
    bool *paid_used = NULL;
    day_t pf, pt, last_needed, next_regular = 0;
    bool have_next = false;
    size_t nper = 0;
    int64_t carry = 0;
    char d1[32], d2[32], m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE], m3[MONEY_FMT_SIZE];
    int rc;

    memset(out, 0, sizeof *out);
    buf_init(&why, EXPLAIN_CAP);
    buf_init(&tmp, EXPLAIN_CAP);
    if ((rc = validate(in, e)) != 0)
        return rc;
    paid_used = calloc(in->npaid ? in->npaid : 1, sizeof *paid_used);
    if (!paid_used)
        return err_set(e, ERR_NOMEM, "Out of memory building the schedule.");

    /* Periods up to the horizon (or the end), and at least up to the last period paid. */
    last_needed = in->until;
    for (size_t i = 0; i < in->npaid; i++)
        if (in->paid[i].period_from > last_needed)
            last_needed = in->paid[i].period_from;
    if (in->end && in->end < last_needed)
        last_needed = in->end;

    /* First pass: every unpaid period's line (rule 1), to know when the next payment is. Second
     * pass: adjustments for paid periods (rule 5). */
    for (int pass = 0; pass < 2; pass++) {
        nper = 0;
        if ((rc = dp_period_of(&in->settings, in->start, &pf, &pt)) != 0) {
            err_set(e, ERR_INVALID, "The payment cycle is not set up correctly.");
            goto fail;
        }
        for (; pf <= last_needed; rc = dp_period_of(&in->settings, pt + 1, &pf, &pt)) {
            int64_t due_amt = 0, due_con = 0, paid = 0, paid_con = 0;
            bool any_paid = false;
            struct dp_line ln;
            if (rc != 0 || ++nper > MAX_PERIODS) {
                err_set(e, ERR_RANGE, "The schedule covers too many periods.");
                rc = ERR_RANGE;
                goto fail;
            }
            for (size_t i = 0; i < in->npaid; i++)
                if (in->paid[i].period_from == pf || (pf < in->start && in->paid[i].period_from ==
                                                                            in->start)) {
                    any_paid = true;
                    paid_used[i] = true;
                    paid += in->paid[i].amount;
                    paid_con += in->paid[i].contribution;
                }
            if ((any_paid ? 1 : 0) != pass)
                continue;
            buf_reset(&why);
            if ((rc = period_due(&c, pf, pt, PAYABLE, &due_amt, &why)) != 0)
                goto range;
            if (in->settings.basis == DP_GROSS) {
                if ((rc = period_due(&c, pf, pt, CONTRIBUTION, &due_con, &tmp)) != 0)
                    goto range;
                buf_reset(&tmp);
            }
            memset(&ln, 0, sizeof ln);
            ln.period_from = pf < in->start ? in->start : pf;
            ln.period_to = (in->end && in->end < pt) ? in->end : pt;
            if (!any_paid) {
                day_t due = ln.period_from < in->today ? in->today : ln.period_from;
                if (due_amt == 0 && due_con == 0)
                    continue;
                if (in->settings.basis == DP_GROSS && due_con)
                    buf_addf(&why, " Your contribution for this period, billed separately: %s.",
                             fmt_money(m1, due_con));
                if (ln.period_from < in->today)
                    buf_addf(&why, " This was due on %s and is paid now.",
                             fmt_day(d1, ln.period_from));
                ln.kind = DP_LINE_PERIOD;
                ln.amount = due_amt;
                ln.contribution = due_con;
                if (!(ln.explanation = keep(&c, &why)) || plist_add(&pl, due, &ln) != 0)
                    goto nomem;
                if (!have_next || due < next_regular) {
                    next_regular = due;
                    have_next = true;
                }
            } else {
                int64_t diff, dcon;
                if (money_sub(due_amt, paid, &diff) != 0 || money_sub(due_con, paid_con, &dcon) != 0)
                    goto range;
                if (diff == 0 && dcon == 0)
                    continue;
                buf_addf(&tmp, "Correction for %s to %s, which was paid %s in advance: it is now "
                               "due %s, so %s %s. Why: %s",
                         fmt_day(d1, ln.period_from), fmt_day(d2, ln.period_to),
                         fmt_money(m1, paid), fmt_money(m2, due_amt),
                         fmt_money(m3, diff < 0 ? -diff : diff),
                         diff > 0 ? "more is paid now" : diff < 0 ? "less is due" : "no change",
                         why.data);
                if (dcon)
                    buf_addf(&tmp, " Your contribution for the period changes by %s.",
                             fmt_money(m1, dcon));
                ln.kind = DP_LINE_ADJUSTMENT;
                ln.amount = diff;
                ln.contribution = dcon;
                buf_reset(&why);
                if (!(ln.explanation = keep(&c, &tmp)) ||
                    plist_add(&pl, have_next ? next_regular : in->today, &ln) != 0)
                    goto nomem;
            }
        }
    }
    /* Rule 6: anything paid for a period after the end (or otherwise outside the schedule). */
    for (size_t i = 0; i < in->npaid; i++) {
        struct dp_line ln;
        if (paid_used[i] || in->paid[i].amount == 0)
            continue;
        if (!(in->end && in->paid[i].period_from > in->end)) {
            fmt_day(d1, in->paid[i].period_from);
            err_set_field(e, ERR_INVALID, "paid",
                          "A payment is recorded for the period starting %s, which is not a period "
                          "of this schedule.",
                          d1);
            rc = ERR_INVALID;
            goto fail;
        }
        memset(&ln, 0, sizeof ln);
        ln.kind = DP_LINE_ADJUSTMENT;
        ln.period_from = in->paid[i].period_from;
        ln.period_to = in->paid[i].period_from;
        ln.amount = -in->paid[i].amount;
        ln.contribution = -in->paid[i].contribution;
        buf_addf(&tmp, "%s was paid for the period starting %s, after the direct payment ended on "
                       "%s, so it is not due.",
                 fmt_money(m1, in->paid[i].amount), fmt_day(d1, in->paid[i].period_from),
                 fmt_day(d2, in->end));
        if (!(ln.explanation = keep(&c, &tmp)) ||
            plist_add(&pl, have_next ? next_regular : in->today, &ln) != 0)
            goto nomem;
    }
    /* Rule 8: one-offs. */
    for (size_t i = 0; i < in->noneoffs; i++) {
        const struct dp_oneoff *o = &in->oneoffs[i];
        struct dp_line ln;
        bool done = false;
        for (size_t k = 0; k < in->noneoffs_paid; k++)
            done |= in->oneoffs_paid[k] == o->ref;
        if (done)
            continue;
        memset(&ln, 0, sizeof ln);
        ln.kind = DP_LINE_ONE_OFF;
        ln.period_from = ln.period_to = o->due;
        ln.amount = o->amount;
        ln.oneoff_ref = o->ref;
        buf_addf(&tmp, "One-off payment: %s, %s.", o->what && *o->what ? o->what : "as agreed in "
                                                                                   "your plan",
                 fmt_money(m1, o->amount));
        if (!(ln.explanation = keep(&c, &tmp)) ||
            plist_add(&pl, o->due < in->today ? in->today : o->due, &ln) != 0)
            goto nomem;
    }

    /* Group by due date into payments; rule 7 for negative totals. */
    if (pl.n > 1)
        qsort(pl.v, pl.n, sizeof *pl.v, cmp_pending);
    {
        size_t np = 0;
        for (size_t i = 0; i < pl.n; i++)
            if (i == 0 || pl.v[i].due != pl.v[i - 1].due)
                np++;
        out->payments = arena_array(a, np ? np : 1, sizeof *out->payments);
        if (!out->payments)
            goto nomem;
        for (size_t i = 0; i < pl.n;) {
            size_t k = i, n;
            struct dp_payment *p = &out->payments[out->npayments];
            int64_t total = carry;
            bool positive = false;
            while (k < pl.n && pl.v[k].due == pl.v[i].due)
                k++;
            n = k - i + 2; /* room for carried lines in and out */
            p->lines = arena_array(a, n, sizeof *p->lines);
            if (!p->lines)
                goto nomem;
            p->due = pl.v[i].due;
            if (carry < 0) {
                struct dp_line *cl = &p->lines[p->nlines++];
                cl->kind = DP_LINE_CARRIED;
                cl->period_from = cl->period_to = p->due;
                cl->amount = carry;
                buf_addf(&tmp, "%s taken back: the rest of an earlier reduction that was more than "
                               "the payment it was taken from.",
                         fmt_money(m1, -carry));
                if (!(cl->explanation = keep(&c, &tmp)))
                    goto nomem;
            }
            for (; i < k; i++) {
                p->lines[p->nlines++] = pl.v[i].line;
                positive |= pl.v[i].line.amount > 0;
                if (money_add(total, pl.v[i].line.amount, &total) != 0)
                    goto range;
            }
            carry = 0;
            if (total < 0) {
                struct dp_line *cl = &p->lines[p->nlines++];
                carry = total;
                cl->kind = DP_LINE_CARRIED;
                cl->period_from = cl->period_to = p->due;
                cl->amount = -total;
                buf_addf(&tmp, "The reductions come to %s more than this payment, so nothing is "
                               "paid now and the %s is taken from the next payment.",
                         fmt_money(m1, -total), fmt_money(m2, -total));
                if (!(cl->explanation = keep(&c, &tmp)))
                    goto nomem;
                total = 0;
            }
            p->amount = total;
            /* A "payment" made only of reductions pays nothing: keep it only if something in it
             * was to be paid, so the person is not shown a £0 payment for no reason. */
            if (positive || carry == 0)
                out->npayments++;
        }
    }
    if (carry < 0) {
        bool ended = in->end && in->end <= in->until;
        buf_reset(&tmp);
        for (size_t i = 0; i < pl.n; i++)
            if (pl.v[i].line.amount < 0)
                buf_addf(&tmp, "%s%s", tmp.len ? " " : "", pl.v[i].line.explanation);
        if (ended) {
            out->recovery = -carry;
            buf_addf(&why, "%s was paid in advance for days after the direct payment ended (or "
                           "before a reduction), and there are no payments left to take it from: "
                           "it is to be recovered. %s",
                     fmt_money(m1, -carry), tmp.data);
            if (!(out->recovery_explanation = keep(&c, &why)))
                goto nomem;
        } else {
            out->carried_beyond = -carry;
        }
        buf_reset(&tmp);
    }
    rc = 0;
    goto done;
range:
    err_set(e, ERR_RANGE, "The schedule's amounts are larger than the system can hold.");
    rc = ERR_RANGE;
    goto fail;
nomem:
    err_set(e, ERR_NOMEM, "Out of memory building the schedule.");
    rc = ERR_NOMEM;
fail:
    memset(out, 0, sizeof *out);
done:
    free(pl.v);
    free(paid_used);
    buf_release(&why);
    buf_release(&tmp);
    return rc;
}
