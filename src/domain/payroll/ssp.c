/* ssp.c — Statutory Sick Pay for a pay period; see ssp.h for the rules. */
#include "domain/payroll/ssp.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"

/* The longest pay period SSP is worked out for in one call (a month is 31 days; a little room for
 * a five-week month of a four-weekly payroll and corrections). */
#define SSP_MAX_PERIOD_DAYS 400

static const struct ssp_rates *set_on(const struct ssp_rates *sets, size_t n, day_t day)
{
    const struct ssp_rates *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (sets[i].from <= day && (!best || sets[i].from > best->from))
            best = &sets[i];
    return best;
}

/* For days before every set (sickness long ago that only matters for linking). */
static const struct ssp_rates *set_or_earliest(const struct ssp_rates *sets, size_t n, day_t day)
{
    const struct ssp_rates *s = set_on(sets, n, day), *first = NULL;
    if (s)
        return s;
    for (size_t i = 0; i < n; i++)
        if (!first || sets[i].from < first->from)
            first = &sets[i];
    return first;
}

static int popcount7(unsigned bits)
{
    int n = 0;
    for (int i = 0; i < 7; i++)
        n += (bits >> i) & 1u;
    return n;
}

static int64_t overlap(day_t a1, day_t a2, day_t b1, day_t b2)
{
    day_t lo = a1 > b1 ? a1 : b1, hi = a2 < b2 ? a2 : b2;
    return hi >= lo ? (int64_t)(hi - lo) + 1 : 0;
}

/* The weekly rate on a day: the flat rate, or from 6 April 2026 the lower of it and 80% of AWE. */
static int64_t weekly_rate(const struct ssp_rates *s, int64_t awe)
{
    int64_t cap;
    if (s->awe_cap_bp == 0)
        return s->weekly_rate;
    /* Rounded up to the penny: an assumption in the employee's favour (docs/payroll.md). */
    if (money_muldiv(awe, s->awe_cap_bp, 10000, ROUND_UP, &cap) != 0)
        return s->weekly_rate;
    return cap < s->weekly_rate ? cap : s->weekly_rate;
}

struct paid_day {
    day_t week;     /* the Sunday the SSP week starts on */
    int64_t rate;   /* the weekly rate that day */
};

int ssp_period(const struct ssp_rates *sets, size_t nsets, const struct ssp_input *in,
               struct ssp_result *out, struct err *e)
{
    struct ssp_spell runs[SSP_MAX_SPELLS];
    size_t nruns = 0;
    struct paid_day paid[SSP_MAX_PERIOD_DAYS];
    int npaid = 0, qds_week;
    char a[MONEY_FMT_SIZE];

    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    if (nsets == 0)
        return err_set(e, ERR_UNSUPPORTED, "there are no SSP rates");
    if ((in->qualifying_days & 0x7fu) == 0 || (in->qualifying_days & ~0x7fu) != 0)
        return err_set_field(e, ERR_INVALID, "qualifying_days",
                             "give the days of the week the employee normally works (at least "
                             "one): they are the qualifying days for SSP");
    if (in->to < in->from || in->to - in->from >= SSP_MAX_PERIOD_DAYS)
        return err_set_field(e, ERR_INVALID, "period",
                             "the pay period must end on or after its start and be under %d days",
                             SSP_MAX_PERIOD_DAYS);
    if (in->average_weekly_earnings < 0 || in->average_weekly_earnings > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "average_weekly_earnings",
                             "average weekly earnings must be £0 or more");
    if (in->nspells > SSP_MAX_SPELLS)
        return err_set_field(e, ERR_RANGE, "spells", "at most %d spells of sickness at once",
                             SSP_MAX_SPELLS);
    for (day_t d = in->from; d <= in->to; d++)
        if (!set_on(sets, nsets, d)) {
            char ds[DATE_ISO_SIZE];
            date_format_iso(d, ds);
            return err_set_field(e, ERR_UNSUPPORTED, "period", "there are no SSP rates for %s",
                                 ds);
        }
    qds_week = popcount7(in->qualifying_days);

    /* Spells in order, merged when they touch: a PIW counts days in a row. */
    for (size_t i = 0; i < in->nspells; i++) {
        const struct ssp_spell *s = &in->spells[i];
        if (s->last < s->first)
            return err_set_field(e, ERR_INVALID, "spells",
                                 "a spell of sickness ends before it starts");
        if (i > 0 && s->first <= in->spells[i - 1].last)
            return err_set_field(e, ERR_INVALID, "spells",
                                 "spells of sickness must be in date order and not overlap");
        if (nruns > 0 && s->first == runs[nruns - 1].last + 1)
            runs[nruns - 1].last = s->last;
        else
            runs[nruns++] = *s;
    }

    /* Walk the PIWs in order, linking them, and judge every qualifying day. */
    bool have_group = false;
    day_t group_last = 0;
    int waiting_served = 0, paid_in_group = 0;
    int64_t group_lel = 0;
    for (size_t i = 0; i < nruns; i++) {
        const struct ssp_rates *start_set = set_or_earliest(sets, nsets, runs[i].first);
        int64_t len = (int64_t)(runs[i].last - runs[i].first) + 1;
        int64_t in_period = overlap(runs[i].first, runs[i].last, in->from, in->to);
        out->sick_days += (int)in_period;
        if (len < start_set->piw_min_days)
            continue; /* not a period of incapacity for work */
        out->piw_days += (int)in_period;
        if (!have_group || runs[i].first - group_last - 1 > start_set->link_days) {
            /* A new linked PIW: waiting days and the 28 weeks start again. */
            have_group = true;
            waiting_served = 0;
            paid_in_group = 0;
            group_lel = start_set->lower_earnings_limit;
        }
        group_last = runs[i].last;
        for (day_t d = runs[i].first; d <= runs[i].last; d++) {
            const struct ssp_rates *s;
            bool counted = d >= in->from && d <= in->to;
            if (!(in->qualifying_days & (1u << date_weekday(d))))
                continue;
            s = set_or_earliest(sets, nsets, d);
            if (counted)
                out->qualifying_days++;
            /* The earnings test is the one at the start of the linked PIW; from 6 April 2026
             * there is none. */
            if (s->lower_earnings_limit > 0 && group_lel > 0 &&
                in->average_weekly_earnings < group_lel) {
                if (counted)
                    out->not_eligible_days++;
                continue;
            }
            if (waiting_served < s->waiting_days) {
                waiting_served++;
                if (counted)
                    out->waiting_days++;
                continue;
            }
            if (paid_in_group >= s->max_weeks * qds_week) {
                if (counted)
                    out->not_eligible_days++;
                continue;
            }
            paid_in_group++;
            if (counted && npaid < SSP_MAX_PERIOD_DAYS) {
                paid[npaid].week = d - (day_t)((date_weekday(d) + 1) % 7);
                paid[npaid].rate = weekly_rate(s, in->average_weekly_earnings);
                npaid++;
            }
        }
    }
    out->paid_days = npaid;

    /* Pay by SSP week (Sunday to Saturday) and rate: rate × days ÷ QDs a week, rounded up. */
    for (int i = 0; i < npaid;) {
        int j = i;
        int64_t part;
        while (j < npaid && paid[j].week == paid[i].week && paid[j].rate == paid[i].rate)
            j++;
        if (money_muldiv(paid[i].rate, j - i, qds_week, ROUND_UP, &part) != 0)
            return err_set(e, ERR_RANGE, "SSP is out of range");
        out->amount += part;
        char wk[DATE_ISO_SIZE];
        date_format_iso(paid[i].week, wk);
        payroll_money_text(paid[i].rate, a, sizeof a);
        payroll_explain_money(&out->explain, part,
                              "SSP for the week from Sunday %s: %d of %d qualifying days at %s a "
                              "week",
                              wk, j - i, qds_week, a);
        i = j;
    }
    payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, out->sick_days,
                        "Days of sickness in this pay period");
    payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, out->qualifying_days,
                        "Qualifying days in a period of incapacity (4 or more days in a row)");
    if (out->waiting_days)
        payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, out->waiting_days,
                            "Waiting days (the first qualifying days of a linked period are "
                            "unpaid before 6 April 2026)");
    if (out->not_eligible_days)
        payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, out->not_eligible_days,
                            "Qualifying days without SSP (earnings below the lower earnings "
                            "limit, or 28 weeks already paid)");
    payroll_explain_add(&out->explain, PAYROLL_UNIT_COUNT, out->paid_days, "Days SSP is paid for");
    payroll_explain_money(&out->explain, out->amount, "Statutory Sick Pay this period");
    return 0;
}

/* ---- average weekly earnings ------------------------------------------------------------------- */

int ssp_awe_from_pay(enum pay_frequency f, const struct ssp_payment *pays, size_t n,
                     day_t piw_first, struct ssp_awe *out, struct err *e)
{
    char a[MONEY_FMT_SIZE], d1[40], d2[40];
    size_t last = n, earlier = n;
    memset(out, 0, sizeof *out);
    payroll_explain_init(&out->explain);
    for (size_t i = 1; i < n; i++)
        if (pays[i].pay_date < pays[i - 1].pay_date)
            return err_set(e, ERR_INVALID, "Payments for average weekly earnings are out of order");
    /* The last normal payday before the PIW's first day. */
    for (size_t i = 0; i < n; i++)
        if (pays[i].pay_date < piw_first)
            last = i;
    if (last == n) {
        payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0,
                            "No payday before the sickness began: average weekly earnings "
                            "cannot be worked out from pay");
        return 0;
    }
    out->last_payday = pays[last].pay_date;
    /* The last normal payday at least 8 weeks (56 days) before that one. */
    for (size_t i = 0; i < n; i++)
        if (pays[i].pay_date <= out->last_payday - 56)
            earlier = i;
    if (earlier == n) {
        payroll_explain_add(&out->explain, PAYROLL_UNIT_NONE, 0,
                            "Paid for less than 8 weeks before the sickness: average weekly "
                            "earnings cannot be worked out from pay");
        return 0;
    }
    out->earlier_payday = pays[earlier].pay_date;
    out->days = (int)(out->last_payday - out->earlier_payday);
    for (size_t i = earlier + 1; i < n && pays[i].pay_date <= out->last_payday; i++) {
        if (pays[i].pay_date != pays[i - 1].pay_date || i == earlier + 1)
            out->months++;
        if (out->total > INT64_MAX - pays[i].earnings)
            return err_set(e, ERR_RANGE, "Earnings are too large");
        out->total += pays[i].earnings;
    }
    if (f == PAY_MONTHLY) {
        /* total × 12 ÷ months ÷ 52, in one division so that only the result is rounded. */
        if (out->months <= 0 ||
            money_muldiv(out->total, 12, (int64_t)out->months * 52, ROUND_HALF_UP, &out->awe) != 0)
            return err_set(e, ERR_RANGE, "Average weekly earnings cannot be worked out");
    } else if (money_muldiv(out->total, 7, out->days, ROUND_HALF_UP, &out->awe) != 0) {
        return err_set(e, ERR_RANGE, "Average weekly earnings cannot be worked out");
    }
    out->known = true;
    date_format_long(out->earlier_payday + 1, d1, sizeof d1);
    date_format_long(out->last_payday, d2, sizeof d2);
    payroll_explain_money(&out->explain, out->total, "Earnings paid from %s to %s", d1, d2);
    if (f == PAY_MONTHLY)
        payroll_explain_money(&out->explain, out->awe,
                              "Average weekly earnings: × 12 ÷ %d month%s ÷ 52", out->months,
                              out->months == 1 ? "" : "s");
    else {
        payroll_money_text(out->total, a, sizeof a);
        payroll_explain_money(&out->explain, out->awe,
                              "Average weekly earnings: %s ÷ %d days × 7", a, out->days);
    }
    return 0;
}

day_t ssp_linked_piw_first(const struct ssp_spell *spells, size_t n, day_t day)
{
    day_t series = 0, prev_last = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ssp_spell *s = &spells[i];
        if (s->last - s->first + 1 < 4)
            continue; /* not a PIW */
        if (s->first > day)
            break;
        if (series == 0 || s->first - prev_last - 1 > 56)
            series = s->first;
        prev_last = s->last;
    }
    return series;
}
