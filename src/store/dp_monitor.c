/* dp_monitor.c — monitoring flags, proposed recoveries, the officer's worklist and the person's
 * money in plain terms; see dp_store.h. The rules are domain/monitoring.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "io/statement.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/ledger_store.h"
#include "store/record_util.h"

static const char *rule_id(enum monitor_rule r)
{
    switch (r) {
    case MON_SURPLUS: return "surplus";
    case MON_CASH: return "cash";
    case MON_UNKNOWN_PAYEE: return "unknown_payee";
    case MON_FAMILY_PAYEE: return "family_payee";
    case MON_NO_HMRC: return "no_hmrc";
    case MON_NO_SPENDING: return "no_spending";
    case MON_RULE_END: break;
    }
    return "surplus";
}

static enum monitor_rule rule_parse(const char *s)
{
    for (int r = MON_SURPLUS; r < MON_RULE_END; r++)
        if (s && strcmp(s, rule_id((enum monitor_rule)r)) == 0)
            return (enum monitor_rule)r;
    return MON_SURPLUS;
}

static enum monitor_severity severity_parse(const char *s)
{
    if (s && strcmp(s, "high") == 0)
        return MON_HIGH;
    if (s && strcmp(s, "medium") == 0)
        return MON_MEDIUM;
    return MON_LOW;
}

const char *dp_recovery_status_name(enum dp_recovery_status s)
{
    switch (s) {
    case DP_RECOVERY_PROPOSED: return "proposed";
    case DP_RECOVERY_AGREED: return "agreed";
    case DP_RECOVERY_DECLINED: return "declined";
    }
    return "proposed";
}

/* Spending already spoken for: the plan's weekly cost from today to the next payment. */
static int committed_until_next(struct store_conn *c, int64_t council_id, const struct dp_row *d,
                                day_t today, struct arena *a, int64_t *committed, day_t *next_due,
                                int64_t *next_amount, struct err *e)
{
    struct dp_schedule sch;
    int rc;
    *committed = 0;
    *next_due = 0;
    *next_amount = 0;
    if (d->ended && d->end < today)
        return 0;
    if ((rc = dp_schedule_for(c, council_id, d->id, today, today + 70, a, &sch, e)) != 0)
        return rc;
    /* The first payment after today (one due today is being paid now). */
    for (size_t i = 0; i < sch.npayments; i++)
        if (sch.payments[i].due > today) {
            *next_due = sch.payments[i].due;
            *next_amount = sch.payments[i].amount;
            break;
        }
    if (*next_due > today &&
        money_muldiv(d->weekly_amount, *next_due - today, 7, ROUND_HALF_UP, committed) != 0)
        *committed = 0;
    return 0;
}

/* The latest statement transaction: its date and, when the file gave one, the balance after it. */
static int latest_statement(struct store_conn *c, int64_t council_id, int64_t dp_id,
                            bool *has, day_t *date, bool *has_balance, int64_t *balance,
                            struct err *e)
{
    struct store_stmt *s;
    int rc;
    *has = *has_balance = false;
    *date = 0;
    *balance = 0;
    if ((rc = store_prepare(c, "SELECT booked_on, balance FROM dp_txns WHERE council_id = ? AND "
                               "dp_id = ? ORDER BY booked_on DESC, id DESC LIMIT 1",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *has = true;
        *date = dp_col_date(s, 0);
        *has_balance = !store_col_is_null(s, 1);
        *balance = store_col_i64(s, 1);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- running the rules --------------------------------------------------------------------- */

static int store_flag(struct store_conn *c, int64_t council_id, const struct monitor_flag *f,
                      day_t today, int64_t now, bool *inserted, int64_t *flag_id, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], reason[2001], next[2001];
    int rc, i = 1;
    *inserted = false;
    store_time_format(now, stamp);
    snprintf(reason, sizeof reason, "%s", f->reason ? f->reason : "");
    snprintf(next, sizeof next, "%s", f->next_step ? f->next_step : "");
    if ((rc = store_prepare(c, "INSERT INTO dp_flags (council_id, dp_id, rule, severity, amount, "
                               "about_date, reason, next_step, raised_on, created_at) VALUES (?, ?, "
                               "?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (council_id, dp_id, rule, "
                               "about_date) DO NOTHING RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, f->dp_id);
    store_bind_text(s, i++, rule_id(f->rule));
    store_bind_text(s, i++, monitor_severity_name(f->severity));
    store_bind_i64(s, i++, f->amount);
    dp_bind_date(s, i++, f->date ? f->date : today);
    store_bind_text(s, i++, *reason ? reason : "Raised by the monitoring rules.");
    store_bind_text(s, i++, next);
    dp_bind_date(s, i++, today);
    store_bind_text(s, i, stamp);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *inserted = true;
        *flag_id = store_col_i64(s, 0);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int propose_recovery(struct store_conn *c, int64_t council_id, int64_t dp_id,
                            int64_t flag_id, int64_t amount, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_recoveries (council_id, dp_id, flag_id, proposed, "
                               "created_at) VALUES (?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, flag_id);
    store_bind_i64(s, 4, amount);
    store_bind_text(s, 5, stamp);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* What the rules need of one direct payment, read lean: monitoring runs over every account, and
 * its statements are most of what the store holds. */
struct mon_dp {
    day_t start, end, employing_since;
    int64_t contingency, weekly, contribution;
    bool employs_pas;
};

static int mon_dp_load(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                       struct mon_dp *out, struct err *e)
{
    struct store_stmt *s;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(c, "SELECT start_date, end_date, contingency, employs_pas, "
                               "employing_since FROM direct_payments WHERE council_id = ? AND id "
                               "= ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        out->start = dp_col_date(s, 0);
        out->end = dp_col_date(s, 1);
        out->contingency = store_col_i64(s, 2);
        out->employs_pas = store_col_i64(s, 3) != 0;
        out->employing_since = dp_col_date(s, 4);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return rec_not_found("direct payment", dp_id, e);
    {
        char day[DATE_ISO_SIZE];
        date_format_iso(today, day);
        if ((rc = store_prepare(c, "SELECT weekly_amount, weekly_contribution FROM dp_rates WHERE "
                                   "council_id = ? AND dp_id = ? AND from_date <= ? ORDER BY "
                                   "from_date DESC LIMIT 1",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, dp_id);
        store_bind_text(s, 3, day);
        rc = store_step(s, e);
        if (rc == STORE_ROW) {
            out->weekly = store_col_i64(s, 0);
            out->contribution = store_col_i64(s, 1);
        }
        store_finish(s);
    }
    return rc < 0 ? rc : 0;
}

/* The window's transactions, oldest first, with their matches; and the newest one's date and
 * running balance. */
static int mon_txns(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from,
                    day_t to, struct arena *a, struct statement_txn **txns,
                    struct match_result **matches, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0, mcap = 0;
    char f[DATE_ISO_SIZE], t[DATE_ISO_SIZE];
    int rc;
    *txns = NULL;
    *matches = NULL;
    *n = 0;
    date_format_iso(from, f);
    date_format_iso(to, t);
    if ((rc = store_prepare(c, "SELECT booked_on, amount, balance, description, payee, is_cash, "
                               "is_reversal, match_method, plan_line_id, match_rule_id, "
                               "match_payee_id FROM dp_txns WHERE council_id = ? AND dp_id = ? AND "
                               "booked_on >= ? AND booked_on <= ? ORDER BY booked_on, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_text(s, 3, f);
    store_bind_text(s, 4, t);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct statement_txn *x;
        struct match_result *m;
        const char *method;
        if ((rc = dp_grow(a, (void **)txns, &cap, *n, sizeof **txns, e)) != 0 ||
            (rc = dp_grow(a, (void **)matches, &mcap, *n, sizeof **matches, e)) != 0)
            break;
        x = &(*txns)[*n];
        m = &(*matches)[*n];
        memset(x, 0, sizeof *x);
        memset(m, 0, sizeof *m);
        x->date = dp_col_date(s, 0);
        x->amount = store_col_i64(s, 1);
        x->has_balance = !store_col_is_null(s, 2);
        x->balance = store_col_i64(s, 2);
        x->description = dp_col_text(a, s, 3);
        x->payee = dp_col_text(a, s, 4);
        x->reference = "";
        x->type = "";
        x->bank_ref = "";
        x->is_cash = store_col_i64(s, 5) != 0;
        x->is_reversal = store_col_i64(s, 6) != 0;
        method = store_col_text(s, 7);
        /* A manual match counts as matched, like a rule. */
        m->method = !method                          ? MATCH_NONE
                    : strcmp(method, "payee") == 0     ? MATCH_PAYEE
                    : strcmp(method, "reference") == 0 ? MATCH_REFERENCE
                    : strcmp(method, "none") == 0      ? MATCH_NONE
                                                       : MATCH_RULE;
        m->plan_line_id = store_col_i64(s, 8);
        m->rule_id = store_col_i64(s, 9);
        m->payee_id = store_col_i64(s, 10);
        if (!x->description || !x->payee) {
            rc = dp_nomem(e);
            break;
        }
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int monitor_one(struct store_conn *c, int64_t council_id, const struct dp_settings *set,
                       int64_t dp_id, day_t today, int64_t now, struct dp_monitor_result *out,
                       struct err *e)
{
    struct arena a;
    struct mon_dp d;
    struct match_book book;
    struct statement_txn *txns = NULL;
    struct match_result *matches = NULL;
    struct monitor_account acc;
    struct monitor_flags flags;
    size_t n = 0;
    day_t from = today - 7 * (day_t)set->monitor_weeks, first = 0, last = 0;
    int64_t held = 0, committed = 0;
    bool has_bal = false;
    day_t st_date = 0;
    int64_t st_bal = 0;
    int rc;

    arena_init(&a, 0);
    monitor_flags_init(&flags);
    if ((rc = mon_dp_load(c, council_id, dp_id, today, &d, e)) != 0 ||
        (rc = dp_book_load(c, council_id, dp_id, &a, &book, e)) != 0 ||
        (rc = mon_txns(c, council_id, dp_id, from, today, &a, &txns, &matches, &n, e)) != 0)
        goto done;
    if (n) {
        st_date = txns[n - 1].date;
        has_bal = txns[n - 1].has_balance;
        st_bal = txns[n - 1].balance;
    } else {
        bool has = false;
        if ((rc = latest_statement(c, council_id, dp_id, &has, &st_date, &has_bal, &st_bal, e)) !=
            0)
            goto done;
    }
    if (!has_bal &&
        (rc = ledger_store_balance(c, council_id, dp_id, LEDGER_PERSON_DP_ACCOUNT, &held, e)) != 0)
        goto done;
    /* Spoken for: the plan's weekly cost from today to the start of the next period, when the
     * next payment is due (payments are made in advance, on a period's first day). */
    if ((!d.end || d.end > today) && dp_period_of(&set->sched, today, &first, &last) == 0 &&
        money_muldiv(d.weekly, last + 1 - today, 7, ROUND_HALF_UP, &committed) != 0)
        committed = 0;
    memset(&acc, 0, sizeof acc);
    acc.dp_id = dp_id;
    acc.start = d.start;
    /* The bank's own running balance when the statement gave one, else the ledger's. */
    acc.balance = has_bal ? st_bal : held;
    acc.balance_date = st_date ? st_date : today;
    acc.weekly_amount = set->sched.basis == DP_NET && d.weekly > d.contribution
                            ? d.weekly - d.contribution
                        : set->sched.basis == DP_NET ? 0
                                                     : d.weekly;
    acc.contingency = d.contingency;
    acc.committed = committed;
    acc.employs_pas = d.employs_pas;
    acc.employing_since = d.employing_since ? d.employing_since : d.start;
    acc.txns = txns;
    acc.matches = matches;
    acc.ntxns = n;
    acc.payees = book.payees;
    acc.npayees = book.npayees;
    if ((rc = monitor_check(&set->mon, &acc, today, &a, &flags, e)) != 0)
        goto done;
    out->accounts++;
    for (size_t i = 0; i < flags.n; i++) {
        bool inserted = false;
        int64_t flag_id = 0;
        if ((rc = store_flag(c, council_id, &flags.v[i], today, now, &inserted, &flag_id, e)) != 0)
            goto done;
        if (!inserted) {
            out->repeated++;
            continue;
        }
        out->raised++;
        if (flags.v[i].rule == MON_SURPLUS && flags.v[i].amount > 0) {
            if ((rc = propose_recovery(c, council_id, dp_id, flag_id, flags.v[i].amount, now, e)) !=
                0)
                goto done;
            out->recoveries++;
        }
    }
done:
    monitor_flags_release(&flags);
    arena_release(&a);
    return rc;
}

int dp_monitor_run(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                   int64_t now, struct dp_monitor_result *out, struct err *e)
{
    struct dp_settings set;
    int64_t *ids = NULL;
    size_t n = 0;
    bool own;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = dp_settings_get(c, council_id, &set, e)) != 0)
        return rc;
    if (dp_id > 0) {
        if ((rc = dp_tx_begin(c, &own, e)) != 0)
            return rc;
        rc = monitor_one(c, council_id, &set, dp_id, today, now, out, e);
        return dp_tx_end(c, own, rc, e);
    }
    if ((rc = dp_active_ids(c, council_id, today, &ids, &n, e)) != 0)
        return rc;
    /* Every active direct payment; in transactions of a thousand when none is open, so a run over
     * a whole council neither holds the write lock for long nor commits for every account. */
    own = false;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!store_in_transaction(c)) {
            if ((rc = store_begin(c, e)) != 0)
                break;
            own = true;
        }
        rc = monitor_one(c, council_id, &set, ids[i], today, now, out, e);
        if (own && (rc != 0 || (i + 1) % 1000 == 0 || i + 1 == n)) {
            rc = dp_tx_end(c, true, rc, e);
            own = false;
        }
    }
    if (own)
        rc = dp_tx_end(c, true, rc, e);
    free(ids);
    return rc;
}

/* ---- flags and the worklist ------------------------------------------------------------------ */

#define FLAG_COLS                                                                                  \
    "f.id, f.dp_id, d.person_id, f.rule, f.severity, f.amount, f.about_date, f.raised_on, "       \
    "f.reason, f.next_step, f.status, COALESCE(f.resolved_by, ''), f.resolution_note, "           \
    "p.given_name || ' ' || p.family_name, p.reference, COALESCE(r.id, 0), f.version"

#define FLAG_FROM                                                                                  \
    " FROM dp_flags f JOIN direct_payments d ON d.council_id = f.council_id AND d.id = f.dp_id "  \
    "JOIN people p ON p.council_id = d.council_id AND p.id = d.person_id LEFT JOIN "              \
    "dp_recoveries r ON r.council_id = f.council_id AND r.flag_id = f.id "

#define FLAG_ORDER                                                                                 \
    " ORDER BY (CASE f.severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END) DESC, "       \
    "f.amount DESC, f.raised_on, f.id"

static int flag_from_row(struct store_stmt *s, struct arena *a, struct dp_flag_row *f)
{
    const char *status;
    memset(f, 0, sizeof *f);
    f->id = store_col_i64(s, 0);
    f->dp_id = store_col_i64(s, 1);
    f->person_id = store_col_i64(s, 2);
    f->rule = rule_parse(store_col_text(s, 3));
    f->severity = severity_parse(store_col_text(s, 4));
    f->amount = store_col_i64(s, 5);
    f->about = dp_col_date(s, 6);
    f->raised_on = dp_col_date(s, 7);
    f->reason = dp_col_text(a, s, 8);
    f->next_step = dp_col_text(a, s, 9);
    status = store_col_text(s, 10);
    f->resolved = status && strcmp(status, "resolved") == 0;
    f->resolved_by = dp_col_text(a, s, 11);
    f->resolution_note = dp_col_text(a, s, 12);
    f->person_name = dp_col_text(a, s, 13);
    f->person_ref = dp_col_text(a, s, 14);
    f->recovery_id = store_col_i64(s, 15);
    f->version = store_col_i64(s, 16);
    return (f->reason && f->next_step && f->resolved_by && f->resolution_note && f->person_name &&
            f->person_ref)
               ? 0
               : ERR_NOMEM;
}

static int flags_query(struct store_conn *c, const char *sql, const int64_t *params, int np,
                       struct arena *a, struct dp_flag_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    for (int i = 0; i < np; i++)
        store_bind_i64(s, i + 1, params[i]);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = dp_grow(a, (void **)items, &cap, *n, sizeof **items, e)) != 0)
            break;
        if (flag_from_row(s, a, &(*items)[*n]) != 0) {
            rc = dp_nomem(e);
            break;
        }
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_flags_list(struct store_conn *c, int64_t council_id, int64_t dp_id, bool open_only,
                  struct arena *a, struct dp_flag_row **items, size_t *n, struct err *e)
{
    return flags_query(c,
                       open_only ? "SELECT " FLAG_COLS FLAG_FROM
                                   "WHERE f.council_id = ? AND f.dp_id = ? AND f.status = 'open'"
                                   FLAG_ORDER
                                 : "SELECT " FLAG_COLS FLAG_FROM
                                   "WHERE f.council_id = ? AND f.dp_id = ? ORDER BY (f.status = "
                                   "'open') DESC, f.raised_on DESC, f.id DESC",
                       (int64_t[]){council_id, dp_id}, 2, a, items, n, e);
}

int dp_worklist(struct store_conn *c, int64_t council_id, int64_t worker_id, int64_t team_of,
                size_t limit, struct arena *a, struct dp_flag_row **items, size_t *n,
                struct err *e)
{
    int64_t lim = limit ? (int64_t)limit : 500;
    if (worker_id)
        return flags_query(c,
                           "SELECT " FLAG_COLS FLAG_FROM
                           "WHERE f.council_id = ? AND f.status = 'open' AND "
                           "p.allocated_worker_id = ?" FLAG_ORDER " LIMIT ?",
                           (int64_t[]){council_id, worker_id, lim}, 3, a, items, n, e);
    if (team_of)
        return flags_query(c,
                           "SELECT " FLAG_COLS FLAG_FROM
                           "JOIN staff w ON w.council_id = p.council_id AND w.id = "
                           "p.allocated_worker_id WHERE f.council_id = ? AND f.status = 'open' "
                           "AND w.team_id = ?" FLAG_ORDER " LIMIT ?",
                           (int64_t[]){council_id, team_of, lim}, 3, a, items, n, e);
    return flags_query(c,
                       "SELECT " FLAG_COLS FLAG_FROM
                       "WHERE f.council_id = ? AND f.status = 'open'" FLAG_ORDER " LIMIT ?",
                       (int64_t[]){council_id, lim}, 2, a, items, n, e);
}

static int resolve_locked(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t flag_id,
                          const char *note, const char *actor, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    int64_t pending = 0;
    int rc;
    rc = store_query_i64(c,
                         "SELECT count(*) FROM dp_recoveries WHERE council_id = ? AND dp_id = ? AND "
                         "flag_id = ? AND status = 'proposed'",
                         3, (int64_t[]){council_id, dp_id, flag_id}, &pending, e);
    if (rc != 0)
        return rc;
    if (pending)
        return err_set(e, ERR_CONFLICT,
                       "This flag proposes recovering money. Decide the proposed recovery with the "
                       "person first (agree or decline it); that resolves the flag.");
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE dp_flags SET status = 'resolved', resolved_by = ?, "
                               "resolved_at = ?, resolution_note = ?, version = version + 1 WHERE "
                               "council_id = ? AND dp_id = ? AND id = ? AND status = 'open'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, actor && *actor ? actor : "system");
    store_bind_text(s, 2, stamp);
    store_bind_text(s, 3, note);
    store_bind_i64(s, 4, council_id);
    store_bind_i64(s, 5, dp_id);
    store_bind_i64(s, 6, flag_id);
    rc = store_step(s, e);
    if (rc == STORE_DONE && store_changes(s) == 0)
        rc = 1;
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        int64_t exists = 0;
        if (store_query_i64(c, "SELECT count(*) FROM dp_flags WHERE council_id = ? AND dp_id = ? "
                               "AND id = ?",
                            3, (int64_t[]){council_id, dp_id, flag_id}, &exists, e) != 0)
            return ERR_IO;
        return exists ? err_set(e, ERR_CONFLICT, "This flag has already been resolved.")
                      : rec_not_found("flag", flag_id, e);
    }
    return 0;
}

int dp_flag_resolve(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t flag_id,
                    const char *note, const char *actor, int64_t now, struct err *e)
{
    struct arena a;
    const char *text = NULL;
    bool own;
    int rc;
    arena_init(&a, 0);
    rc = dp_text(&a, note, 5, 2000, true, "note", "The note saying how it was resolved", &text, e);
    if (rc == 0 && (rc = dp_tx_begin(c, &own, e)) == 0) {
        rc = resolve_locked(c, council_id, dp_id, flag_id, text, actor, now, e);
        rc = dp_tx_end(c, own, rc, e);
    }
    arena_release(&a);
    return rc;
}

/* ---- recoveries ------------------------------------------------------------------------------ */

int dp_recoveries_list(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                       struct dp_recovery_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT id, dp_id, flag_id, proposed, amount, status, "
                               "COALESCE(decided_by, ''), note, told_how, person_told_on, "
                               "COALESCE(journal_id, 0), version FROM dp_recoveries WHERE "
                               "council_id = ? AND dp_id = ? ORDER BY id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct dp_recovery_row *r;
        const char *st;
        if ((rc = dp_grow(a, (void **)items, &cap, *n, sizeof **items, e)) != 0)
            break;
        r = &(*items)[(*n)++];
        r->id = store_col_i64(s, 0);
        r->dp_id = store_col_i64(s, 1);
        r->flag_id = store_col_i64(s, 2);
        r->proposed = store_col_i64(s, 3);
        r->amount = store_col_i64(s, 4);
        st = store_col_text(s, 5);
        r->status = st && strcmp(st, "agreed") == 0     ? DP_RECOVERY_AGREED
                    : st && strcmp(st, "declined") == 0 ? DP_RECOVERY_DECLINED
                                                        : DP_RECOVERY_PROPOSED;
        r->decided_by = dp_col_text(a, s, 6);
        r->note = dp_col_text(a, s, 7);
        r->told_how = dp_col_text(a, s, 8);
        r->person_told_on = dp_col_date(s, 9);
        r->journal_id = store_col_i64(s, 10);
        r->version = store_col_i64(s, 11);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    return dp_recoveries_settle_fill(c, council_id, dp_id, *items, *n, e);
}

static int decide_locked(struct store_conn *c, int64_t council_id, int64_t dp_id,
                         int64_t recovery_id, bool agree, int64_t amount, const char *note,
                         day_t told_on, const char *told_how, const char *actor, day_t today,
                         int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], ref[LEDGER_REF_SIZE], memo[LEDGER_MEMO_SIZE];
    int64_t proposed = 0, flag_id = 0, journal_id = 0, version = 0;
    char status[16] = "";
    int rc;
    if ((rc = store_prepare(c, "SELECT proposed, flag_id, status, version FROM dp_recoveries WHERE "
                               "council_id = ? AND dp_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, recovery_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        proposed = store_col_i64(s, 0);
        flag_id = store_col_i64(s, 1);
        (void)store_col_copy(s, 2, status, sizeof status);
        version = store_col_i64(s, 3);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == STORE_DONE)
        return rec_not_found("proposed recovery", recovery_id, e);
    if (strcmp(status, "proposed") != 0)
        return err_set(e, ERR_CONFLICT, "This recovery has already been %s.", status);
    if (agree) {
        if (amount <= 0 || amount > proposed)
            return err_set_field(e, ERR_INVALID, "amount",
                                 "Agree an amount of more than £0 and no more than the proposal.");
        if (!told_on || told_on > today)
            return err_set_field(e, ERR_INVALID, "person_told_on",
                                 "Record the day the person was told (not a day still to come). "
                                 "Money is never recovered without telling them.");
        snprintf(ref, sizeof ref, "recovery:%lld", (long long)recovery_id);
        snprintf(memo, sizeof memo, "Surplus recovery agreed with the person (flag %lld)",
                 (long long)flag_id);
        if ((rc = ledger_store_post(c, LEDGER_J_RECOVERY_RAISED, council_id, dp_id, today, amount,
                                    0, 0, ref, memo, actor, now, &journal_id, e)) != 0)
            return rc;
    }
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE dp_recoveries SET status = ?, amount = ?, decided_by = ?, "
                               "decided_at = ?, note = ?, person_told_on = ?, told_how = ?, "
                               "journal_id = ?, version = version + 1 WHERE council_id = ? AND id "
                               "= ? AND version = ? AND status = 'proposed'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, agree ? "agreed" : "declined");
    store_bind_i64(s, 2, agree ? amount : 0);
    store_bind_text(s, 3, actor && *actor ? actor : "system");
    store_bind_text(s, 4, stamp);
    store_bind_text(s, 5, note);
    dp_bind_date(s, 6, agree ? told_on : 0);
    store_bind_text(s, 7, agree ? told_how : "");
    store_bind_id_or_null(s, 8, journal_id);
    store_bind_i64(s, 9, council_id);
    store_bind_i64(s, 10, recovery_id);
    store_bind_i64(s, 11, version);
    rc = store_step(s, e);
    if (rc == STORE_DONE && store_changes(s) == 0)
        rc = err_set(e, ERR_CONFLICT, "Someone decided this recovery at the same time.");
    store_finish(s);
    if (rc < 0)
        return rc;
    /* The decision resolves the surplus flag, with the officer's note. */
    if ((rc = store_prepare(c, "UPDATE dp_flags SET status = 'resolved', resolved_by = ?, "
                               "resolved_at = ?, resolution_note = ?, version = version + 1 WHERE "
                               "council_id = ? AND id = ? AND status = 'open'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, actor && *actor ? actor : "system");
    store_bind_text(s, 2, stamp);
    store_bind_text(s, 3, note);
    store_bind_i64(s, 4, council_id);
    store_bind_i64(s, 5, flag_id);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_recovery_decide(struct store_conn *c, int64_t council_id, int64_t dp_id,
                       int64_t recovery_id, bool agree, int64_t amount, const char *note,
                       day_t told_on, const char *told_how, const char *actor, day_t today,
                       int64_t now, struct err *e)
{
    struct arena a;
    const char *text = NULL, *how = "";
    bool own;
    int rc;
    arena_init(&a, 0);
    rc = dp_text(&a, note, 5, 2000, true, "note", "The note of what was decided and why", &text, e);
    if (rc == 0 && agree)
        rc = dp_text(&a, told_how, 3, 200, false, "told_how",
                     "How the person was told (letter, phone call, visit)", &how, e);
    if (rc == 0 && (rc = dp_tx_begin(c, &own, e)) == 0) {
        rc = decide_locked(c, council_id, dp_id, recovery_id, agree, amount, text, told_on, how,
                           actor, today, now, e);
        rc = dp_tx_end(c, own, rc, e);
    }
    arena_release(&a);
    return rc;
}

/* ---- the person's money ------------------------------------------------------------------------ */

int dp_money_summary(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                     struct arena *a, struct dp_money *out, struct err *e)
{
    struct store_stmt *s;
    struct dp_row d;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = dp_get(c, council_id, dp_id, today, a, &d, e)) != 0)
        return rc;
    if ((rc = store_prepare(c, "SELECT kind, balance FROM ledger_accounts WHERE council_id = ? AND "
                               "dp_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        enum ledger_account_kind k;
        int64_t b = store_col_i64(s, 1);
        if (ledger_account_kind_parse(store_col_text(s, 0), &k) != 0)
            continue;
        switch (k) {
        case LEDGER_BANK_CLEARING: out->ledger.in_transit = b; break;
        case LEDGER_PERSON_FUNDS: out->ledger.own_money_in = -b; break;
        case LEDGER_PERSON_SPEND: out->ledger.spent = b; break;
        case LEDGER_PERSON_DP_ACCOUNT: out->ledger.held = b; break;
        case LEDGER_RECOVERY_RECEIVABLE: out->ledger.owed_back = b; break;
        case LEDGER_CONTRIBUTION_RECEIVABLE: out->ledger.contribution_owed = b; break;
        case LEDGER_COUNCIL_DP_BUDGET:
        case LEDGER_CONTRIBUTION_INCOME:
        case LEDGER_ACCOUNT_KIND_END: break;
        }
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    /* Payments and receipts from the journals, a reversal counting against what it reverses. */
    if ((rc = store_prepare(c, "SELECT COALESCE(o.kind, j.kind), CASE WHEN j.kind = 'reversal' "
                               "THEN -1 ELSE 1 END, (SELECT sum(l.amount) FROM ledger_lines l "
                               "WHERE l.journal_id = j.id AND l.amount > 0) FROM ledger_journals j "
                               "LEFT JOIN ledger_journals o ON o.council_id = j.council_id AND "
                               "o.id = j.reverses WHERE j.council_id = ? AND j.dp_id = ? AND "
                               "(j.kind IN ('payment', 'receipt') OR o.kind IN ('payment', "
                               "'receipt'))",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *k = store_col_text(s, 0);
        int64_t amount = store_col_i64(s, 1) * store_col_i64(s, 2);
        if (k && strcmp(k, "payment") == 0)
            out->ledger.paid_by_council += amount;
        else
            out->ledger.received += amount;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if ((rc = committed_until_next(c, council_id, &d, today, a, &out->committed, &out->next_due,
                                   &out->next_amount, e)) != 0 ||
        (rc = latest_statement(c, council_id, dp_id, &out->has_statement, &out->statement_date,
                               &out->has_statement_balance, &out->statement_balance, e)) != 0 ||
        (rc = dp_recovery_totals(c, council_id, dp_id, &out->recovered, e)) != 0)
        return rc;
    out->left = out->ledger.held - out->committed;
    return 0;
}
