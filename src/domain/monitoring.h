/*
 * monitoring.h — light-touch monitoring of direct-payment accounts (brief §2.10, §3.2). Councils
 * must check that public money meets the agreed outcomes without "checking up on" people
 * (statutory guidance 12.35: no unreasonable restriction), so each rule is a council setting that
 * can be switched off, each flag says in plain words why it was raised and what to do next, and
 * nothing here takes money back or stops a payment: flags go to an officer's worklist.
 *
 * The rules, with what counts as crossing each threshold (strictly above, or at least, as stated):
 *   surplus     balance less committed spending (unpaid wages and invoices) is MORE than
 *               surplus_weeks x the weekly payment plus the agreed contingency: proposes recovering
 *               the excess, for an officer to review with the person (never automatic); a high
 *               balance may also mean support is not being delivered (St Helens, Durham, Sefton).
 *   cash        cash withdrawn on one day totalling MORE than cash_daily_limit (prepaid cards
 *               commonly allow up to £250 a day); or any cash where the council does not allow it.
 *   unknown     money paid to someone who is neither a known payee nor matched to the plan by a
 *               rule or reference, per payee; payments at or below unknown_payee_min are ignored.
 *   family      money paid to a close relative living in the same household without a recorded
 *               authorisation (Care and Support (Direct Payments) Regulations 2014, reg. 3).
 *   hmrc        the person employs personal assistants but no payment to HMRC appears for the
 *               latest PAYE quarter whose payment date (the 22nd after the quarter ends on the 5th)
 *               has passed, when statements cover that date and they employed for the whole
 *               quarter (nothing may be due if wages are under the thresholds: the flag asks).
 *   no_spending nothing spent for AT LEAST no_spend_weeks weeks (and the payment has run that
 *               long): the arrangement may have failed, so it asks for a check-in, and says it is
 *               not a sign of misuse.
 * Severity orders the worklist: high (family), medium (surplus, cash, hmrc), low (unknown, no
 * spending); within a severity, more money first.
 *
 * Pure: `today` is passed in; flags' text lives in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_MONITORING_H
#define SELFDIRECT_DOMAIN_MONITORING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;
struct match_payee;
struct match_result;
struct statement_txn;

enum monitor_rule {
    MON_SURPLUS = 1,
    MON_CASH,
    MON_UNKNOWN_PAYEE,
    MON_FAMILY_PAYEE,
    MON_NO_HMRC,
    MON_NO_SPENDING,
    MON_RULE_END
};
const char *monitor_rule_name(enum monitor_rule r); /* "surplus", "cash", ... */

enum monitor_severity {
    MON_LOW = 1,
    MON_MEDIUM,
    MON_HIGH,
};
const char *monitor_severity_name(enum monitor_severity s);

struct monitor_settings {
    bool surplus_on;
    int surplus_weeks;         /* N weeks of payments the account may hold (plus contingency) */
    bool cash_on;
    bool cash_allowed;         /* false: any cash withdrawal is flagged */
    int64_t cash_daily_limit;  /* pence */
    bool unknown_payee_on;
    int64_t unknown_payee_min; /* pence; payments at or below are not flagged */
    bool family_on;
    bool hmrc_on;
    bool no_spend_on;
    int no_spend_weeks;
};

/* Reasonable defaults drawn from the councils in the brief: 8 weeks, £250 a day cash, 8 weeks
 * without spending. */
void monitor_settings_default(struct monitor_settings *s);

struct monitor_account {
    int64_t dp_id;
    day_t start;            /* when the direct payment started */
    int64_t balance;        /* the account balance now */
    day_t balance_date;     /* the date of that balance (statement end) */
    int64_t weekly_amount;  /* the council's regular payment, per week */
    int64_t contingency;    /* the agreed contingency allowance kept in the account */
    int64_t committed;      /* wages and invoices due but not yet paid */
    bool employs_pas;
    day_t employing_since;
    const struct statement_txn *txns; /* the period being monitored */
    const struct match_result *matches; /* one per txn (may be NULL: nothing matched) */
    size_t ntxns;
    const struct match_payee *payees;
    size_t npayees;
};

struct monitor_flag {
    int64_t dp_id;
    enum monitor_rule rule;
    enum monitor_severity severity;
    int64_t amount;          /* the money concerned (proposed recovery, cash total, ...) */
    day_t date;              /* the day it is about */
    const char *reason;      /* why it was raised, in plain words */
    const char *next_step;   /* what the officer should do */
};

struct monitor_flags {
    struct monitor_flag *v;
    size_t n, cap;
};

void monitor_flags_init(struct monitor_flags *f);
void monitor_flags_release(struct monitor_flags *f);

/* Runs every switched-on rule for one account, appending its flags. */
int monitor_check(const struct monitor_settings *s, const struct monitor_account *acc,
                  day_t today, struct arena *a, struct monitor_flags *out, struct err *e);

/* Orders an officer's worklist: severity, then money, then direct payment, then rule. */
void monitor_sort_worklist(struct monitor_flags *f);

/* The PAYE quarter (6 Apr-5 Jul, 6 Jul-5 Oct, 6 Oct-5 Jan, 6 Jan-5 Apr) containing day. */
void monitor_paye_quarter(day_t day, day_t *first, day_t *last);

#endif
