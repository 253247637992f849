/* dp_records.c — direct payments, their rates, suspensions and one-off payments, and the schedule
 * worked out from them; see dp_store.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "io/bacs18.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/plan_store.h"
#include "store/record_util.h"

const char *dp_account_kind_name(enum dp_account k)
{
    switch (k) {
    case DP_ACCOUNT_BANK: return "bank";
    case DP_ACCOUNT_PREPAID_CARD: return "prepaid_card";
    case DP_ACCOUNT_MANAGED: return "managed";
    }
    return "bank";
}

int dp_account_kind_parse(const char *s, enum dp_account *out)
{
    if (s && strcmp(s, "bank") == 0)
        *out = DP_ACCOUNT_BANK;
    else if (s && strcmp(s, "prepaid_card") == 0)
        *out = DP_ACCOUNT_PREPAID_CARD;
    else if (s && strcmp(s, "managed") == 0)
        *out = DP_ACCOUNT_MANAGED;
    else
        return ERR_INVALID;
    return 0;
}

/* ---- reading --------------------------------------------------------------------------------- */

#define DP_COLS                                                                                    \
    "d.id, d.person_id, d.plan_id, d.agreement_id, d.status, d.start_date, d.end_date, "          \
    "d.account_kind, d.provider, d.payee_name, d.sort_code, d.account_number, d.bacs_reference, " \
    "d.contingency, d.csv_layout, d.employs_pas, d.employing_since, d.created_by, d.created_at, " \
    "d.version, p.given_name, p.family_name, p.reference"

static int dp_from_row(struct store_stmt *s, struct arena *a, struct dp_row *d, struct err *e)
{
    const char *status, *given, *family;
    memset(d, 0, sizeof *d);
    d->id = store_col_i64(s, 0);
    d->person_id = store_col_i64(s, 1);
    d->plan_id = store_col_i64(s, 2);
    d->agreement_id = store_col_i64(s, 3);
    status = store_col_text(s, 4);
    d->ended = status && strcmp(status, "ended") == 0;
    d->start = dp_col_date(s, 5);
    d->end = dp_col_date(s, 6);
    if (dp_account_kind_parse(store_col_text(s, 7), &d->account_kind) != 0)
        d->account_kind = DP_ACCOUNT_BANK;
    d->provider = dp_col_text(a, s, 8);
    (void)store_col_copy(s, 9, d->payee_name, sizeof d->payee_name);
    (void)store_col_copy(s, 10, d->sort_code, sizeof d->sort_code);
    (void)store_col_copy(s, 11, d->account_number, sizeof d->account_number);
    (void)store_col_copy(s, 12, d->bacs_reference, sizeof d->bacs_reference);
    d->contingency = store_col_i64(s, 13);
    (void)store_col_copy(s, 14, d->csv_layout, sizeof d->csv_layout);
    d->employs_pas = store_col_i64(s, 15) != 0;
    d->employing_since = dp_col_date(s, 16);
    d->created_by = dp_col_text(a, s, 17);
    (void)store_col_copy(s, 18, d->created_at, sizeof d->created_at);
    d->version = store_col_i64(s, 19);
    given = store_col_text(s, 20);
    family = store_col_text(s, 21);
    d->person_name = arena_printf(a, "%s %s", given ? given : "", family ? family : "");
    d->person_ref = dp_col_text(a, s, 22);
    if (!d->provider || !d->created_by || !d->person_name || !d->person_ref)
        return dp_nomem(e);
    return 0;
}

/* The rate in force on `on` (the latest from on or before it; the first when none yet). */
static int rate_on(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t on,
                   int64_t *weekly, int64_t *contribution, struct err *e)
{
    struct store_stmt *s;
    char day[DATE_ISO_SIZE];
    int rc;
    *weekly = *contribution = 0;
    date_format_iso(on, day);
    if ((rc = store_prepare(c, "SELECT weekly_amount, weekly_contribution FROM dp_rates WHERE "
                               "council_id = ? AND dp_id = ? ORDER BY (CASE WHEN from_date <= ? "
                               "THEN 0 ELSE 1 END), (CASE WHEN from_date <= ? THEN from_date END) "
                               "DESC, from_date LIMIT 1",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_text(s, 3, day);
    store_bind_text(s, 4, day);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *weekly = store_col_i64(s, 0);
        *contribution = store_col_i64(s, 1);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int dp_read(struct store_conn *c, int64_t council_id, const char *where, int64_t key,
                   day_t today, struct arena *a, struct dp_row *out, struct err *e)
{
    struct store_stmt *s;
    char sql[600];
    int rc;
    snprintf(sql, sizeof sql,
             "SELECT " DP_COLS " FROM direct_payments d JOIN people p ON p.council_id = "
             "d.council_id AND p.id = d.person_id WHERE d.council_id = ? AND %s ORDER BY d.id DESC "
             "LIMIT 1",
             where);
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, key);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = dp_from_row(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = 1;
    store_finish(s);
    if (rc < 0)
        return rc;
    if (rc == 1)
        return strcmp(where, "d.id = ?") == 0
                   ? rec_not_found("direct payment", key, e)
                   : err_set(e, ERR_NOT_FOUND, "This person has no direct payment set up.");
    return rate_on(c, council_id, out->id, today, &out->weekly_amount, &out->weekly_contribution,
                   e);
}

int dp_get(struct store_conn *c, int64_t council_id, int64_t id, day_t today, struct arena *a,
           struct dp_row *out, struct err *e)
{
    return dp_read(c, council_id, "d.id = ?", id, today, a, out, e);
}

int dp_of_person(struct store_conn *c, int64_t council_id, int64_t person_id, day_t today,
                 struct arena *a, struct dp_row *out, struct err *e)
{
    return dp_read(c, council_id, "d.person_id = ?", person_id, today, a, out, e);
}

int dp_active_ids(struct store_conn *c, int64_t council_id, day_t on, int64_t **ids, size_t *n,
                  struct err *e)
{
    struct store_stmt *s;
    char day[DATE_ISO_SIZE];
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    date_format_iso(on, day);
    if ((rc = store_prepare(c, "SELECT id FROM direct_payments WHERE council_id = ? AND start_date "
                               "<= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, day);
    store_bind_text(s, 3, day);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int64_t *nv = realloc(*ids, ncap * sizeof *nv);
            if (!nv) {
                rc = dp_nomem(e);
                break;
            }
            *ids = nv;
            cap = ncap;
        }
        (*ids)[(*n)++] = store_col_i64(s, 0);
    }
    store_finish(s);
    if (rc < 0) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    return 0;
}

/* ---- setting up ------------------------------------------------------------------------------ */

/* Known payees from the plan's direct-payment lines: each PA and each provider, tied to its line;
 * HMRC too when the plan employs PAs (the monitoring rule looks for payments to it). */
static int payees_from_plan(struct store_conn *c, int64_t council_id, int64_t dp_id,
                            int64_t plan_id, const char *actor, int64_t now, bool *employs,
                            struct err *e)
{
    struct store_stmt *s;
    struct arena a;
    struct line {
        int64_t id;
        const char *kind, *provider, *pa_name;
    } *lines = NULL;
    size_t n = 0, cap = 0;
    int64_t pa_line = 0;
    int rc;
    *employs = false;
    arena_init(&a, 0);
    if ((rc = store_prepare(c, "SELECT id, kind, provider, pa_name FROM plan_lines WHERE council_id "
                               "= ? AND plan_id = ? AND managed_by = 'direct_payment' ORDER BY ord",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, plan_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = dp_grow(&a, (void **)&lines, &cap, n, sizeof *lines, e)) != 0)
            break;
        lines[n].id = store_col_i64(s, 0);
        lines[n].kind = dp_col_text(&a, s, 1);
        lines[n].provider = dp_col_text(&a, s, 2);
        lines[n].pa_name = dp_col_text(&a, s, 3);
        if (!lines[n].kind || !lines[n].provider || !lines[n].pa_name) {
            rc = dp_nomem(e);
            break;
        }
        n++;
    }
    store_finish(s);
    if (rc < 0)
        goto done;
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        bool pa = strcmp(lines[i].kind, "pa_hours") == 0;
        if (pa && !pa_line)
            pa_line = lines[i].id;
        *employs |= pa;
        if (pa && *lines[i].pa_name)
            rc = dp_payee_add(c, council_id, dp_id,
                              &(struct dp_payee_new){.name = lines[i].pa_name,
                                                     .plan_line_id = lines[i].id,
                                                     .flags = PAYEE_PA},
                              actor, now, NULL, e);
        if (rc == 0 && *lines[i].provider)
            rc = dp_payee_add(
                c, council_id, dp_id,
                &(struct dp_payee_new){.name = lines[i].provider, .plan_line_id = lines[i].id,
                                       .flags = strcmp(lines[i].kind, "agency_hours") == 0
                                                    ? PAYEE_AGENCY
                                                    : 0u},
                actor, now, NULL, e);
    }
    if (rc == 0 && *employs)
        rc = dp_payee_add(c, council_id, dp_id,
                          &(struct dp_payee_new){.name = "HMRC",
                                                 .aliases = "HM REVENUE & CUSTOMS|HMRC PAYE|"
                                                            "HMRC CUMBERNAULD|HMRC SHIPLEY|"
                                                            "HMRC NDDS",
                                                 .plan_line_id = pa_line,
                                                 .flags = PAYEE_HMRC},
                          actor, now, NULL, e);
done:
    arena_release(&a);
    return rc;
}

static int create_locked(struct store_conn *c, int64_t council_id, const struct dp_new *in,
                         const char *actor, day_t today, int64_t now, struct arena *a, int64_t *id,
                         struct err *e)
{
    struct plan_agreement_row ag;
    struct plan_row plan;
    struct statement_layout layout;
    struct store_stmt *s;
    struct err le = {0};
    char sc[BACS18_SORT_CODE_SIZE], acct[BACS18_ACCOUNT_SIZE], payee[BACS18_TEXT_SIZE],
        ref[BACS18_TEXT_SIZE], stamp[STORE_TIME_SIZE];
    const char *layout_name;
    int64_t weekly = in->weekly_amount, new_id = 0;
    day_t start;
    bool employs = false;
    int rc, i = 1;

    (void)today;
    /* The gate: an accepted agreement made from a signed-off plan. */
    rc = plan_agreement_current(c, council_id, in->person_id, a, &ag, e);
    if (rc == ERR_NOT_FOUND) {
        err_clear(e); /* said again, with what to do */
        return err_set(e, ERR_CONFLICT,
                       "A direct payment starts from an accepted direct payment agreement, and "
                       "this person has none yet. Sign off their plan and offer the agreement "
                       "first.");
    }
    if (rc != 0)
        return rc;
    if (!ag.accepted)
        return err_set(e, ERR_CONFLICT,
                       "The direct payment agreement has not been accepted yet. The person (or "
                       "their representative) accepts it first; then the payments can start.");
    if ((rc = plan_store_get(c, council_id, ag.plan_id, a, &plan, e)) != 0)
        return rc;
    if ((plan.plan.status != PLAN_SIGNED_OFF && plan.plan.status != PLAN_SUPERSEDED) ||
        strcmp(plan.signed_off_hash, ag.ag.plan_hash) != 0)
        return err_set(e, ERR_CONFLICT,
                       "The agreement was not made from the signed-off plan, so the payments "
                       "cannot start from it. Make the agreement again from the signed-off plan.");

    start = in->start ? in->start : ag.parties.start_date;
    if (start < ag.parties.start_date)
        return err_set_field(e, ERR_INVALID, "start",
                             "The direct payment cannot start before the agreement does.");
    if (weekly < 0 &&
        (rc = money_muldiv(ag.ag.dp_annual, 1, 52, ROUND_HALF_UP, &weekly)) != 0)
        return err_set_field(e, ERR_INVALID, "weekly_amount", "The weekly amount is too large.");
    if (weekly <= 0 || weekly > INT64_C(100000000))
        return err_set_field(e, ERR_INVALID, "weekly_amount",
                             "Give the weekly amount of the direct payment (more than 0).");
    if (in->weekly_contribution < 0 || in->weekly_contribution > weekly * 10)
        return err_set_field(e, ERR_INVALID, "weekly_contribution",
                             "The weekly contribution cannot be negative.");
    if (in->contingency < 0 || in->contingency > INT64_C(10000000))
        return err_set_field(e, ERR_INVALID, "contingency",
                             "The contingency allowance cannot be negative.");
    if ((rc = bacs18_text(in->payee_name, payee, "payee_name", e)) != 0 ||
        (rc = bacs18_sort_code(in->sort_code, sc, "sort_code", e)) != 0 ||
        (rc = bacs18_account(in->account_number, acct, "account_number", e)) != 0 ||
        (rc = bacs18_text(in->bacs_reference, ref, "bacs_reference", e)) != 0)
        return rc;
    layout_name = in->csv_layout && *in->csv_layout
                      ? in->csv_layout
                      : ag.parties.account == DP_ACCOUNT_PREPAID_CARD ? "prepaid_card" : "generic";
    if ((rc = dp_layout_find(c, council_id, layout_name, a, &layout, e)) != 0)
        return rc;

    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO direct_payments (council_id, person_id, plan_id, "
                               "agreement_id, start_date, account_kind, provider, payee_name, "
                               "sort_code, account_number, bacs_reference, contingency, csv_layout, "
                               "employs_pas, employing_since, created_by, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                               "RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, in->person_id);
    store_bind_i64(s, i++, ag.plan_id);
    store_bind_i64(s, i++, ag.id);
    dp_bind_date(s, i++, start);
    store_bind_text(s, i++, dp_account_kind_name(ag.parties.account));
    store_bind_text(s, i++, ag.parties.account_provider ? ag.parties.account_provider : "");
    store_bind_text(s, i++, payee);
    store_bind_text(s, i++, sc);
    store_bind_text(s, i++, acct);
    store_bind_text(s, i++, ref);
    store_bind_i64(s, i++, in->contingency);
    store_bind_text(s, i++, layout_name);
    store_bind_i64(s, i++, in->employs_pas);
    dp_bind_date(s, i++, in->employing_since);
    store_bind_text(s, i++, actor && *actor ? actor : "system");
    store_bind_text(s, i++, stamp);
    store_bind_text(s, i, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        new_id = store_col_i64(s, 0);
    store_finish(s);
    if (rc != STORE_ROW)
        return rec_write_error(rc < 0 ? rc : ERR_IO, &le, "agreement_id",
                               "A direct payment has already been set up from this agreement.",
                               "person_id", "There is no such person in this council.", e);
    if ((rc = dp_rate_add(c, council_id, new_id, start, weekly, in->weekly_contribution,
                          "The amount in the direct payment agreement.", actor, now, e)) != 0)
        return rc;
    if ((rc = payees_from_plan(c, council_id, new_id, ag.plan_id, actor, now, &employs, e)) != 0)
        return rc;
    if (employs && !in->employs_pas) {
        if ((rc = store_prepare(c, "UPDATE direct_payments SET employs_pas = 1, employing_since = "
                                   "COALESCE(employing_since, start_date) WHERE council_id = ? AND "
                                   "id = ?",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, new_id);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    *id = new_id;
    return 0;
}

int dp_create(struct store_conn *c, int64_t council_id, const struct dp_new *in, const char *actor,
              day_t today, int64_t now, struct arena *a, int64_t *id, struct err *e)
{
    bool own;
    int rc;
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    rc = create_locked(c, council_id, in, actor, today, now, a, id, e);
    return dp_tx_end(c, own, rc, e);
}

/* ---- changes --------------------------------------------------------------------------------- */

/* The direct payment's dates, to check a change against (ERR_NOT_FOUND for another council). */
static int dp_dates(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t *start,
                    day_t *end, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if ((rc = store_prepare(c, "SELECT start_date, end_date FROM direct_payments WHERE council_id "
                               "= ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *start = dp_col_date(s, 0);
        *end = dp_col_date(s, 1);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    return rc == STORE_DONE ? rec_not_found("direct payment", dp_id, e) : 0;
}

static int within(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from,
                  const char *field, struct err *e)
{
    day_t start = 0, end = 0;
    int rc = dp_dates(c, council_id, dp_id, &start, &end, e);
    if (rc != 0)
        return rc;
    if (from < start)
        return err_set_field(e, ERR_INVALID, field,
                             "The change must be on or after the day the direct payment started.");
    if (end && from > end)
        return err_set_field(e, ERR_INVALID, field,
                             "The direct payment has ended; nothing can change after its end.");
    return 0;
}

static int why_text(const char *in, size_t min, const char *field, char *out, size_t outsz,
                    struct err *e)
{
    if (str_copy(out, outsz, in ? in : "") != 0)
        return err_set_field(e, ERR_INVALID, field, "The reason is too long (at most %zu "
                                                    "characters).", outsz - 1);
    return rec_text(out, min, outsz - 1, REC_MULTI_LINE, field, "The reason", e);
}

int dp_rate_add(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from,
                int64_t weekly_amount, int64_t weekly_contribution, const char *reason,
                const char *actor, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], why[501];
    int rc;
    if (weekly_amount < 0 || weekly_amount > INT64_C(100000000))
        return err_set_field(e, ERR_INVALID, "weekly_amount",
                             "The weekly amount must be from £0 to £1,000,000.");
    if (weekly_contribution < 0 || weekly_contribution > INT64_C(100000000))
        return err_set_field(e, ERR_INVALID, "weekly_contribution",
                             "The weekly contribution cannot be negative.");
    if ((rc = why_text(reason, 0, "reason", why, sizeof why, e)) != 0 ||
        (rc = within(c, council_id, dp_id, from, "from", e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_rates (council_id, dp_id, from_date, weekly_amount, "
                               "weekly_contribution, reason, created_by, created_at) VALUES (?, ?, "
                               "?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    dp_bind_date(s, 3, from);
    store_bind_i64(s, 4, weekly_amount);
    store_bind_i64(s, 5, weekly_contribution);
    store_bind_text(s, 6, why);
    store_bind_text(s, 7, actor && *actor ? actor : "system");
    store_bind_text(s, 8, stamp);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "from",
                               "A change from this date is already recorded; record the new "
                               "amounts from another date.",
                               NULL, NULL, e);
    return 0;
}

int dp_suspend(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from, day_t to,
               const char *reason, const char *actor, int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], why[501];
    int rc;
    if (to && to < from)
        return err_set_field(e, ERR_INVALID, "to", "A suspension cannot end before it starts.");
    if ((rc = why_text(reason, 3, "reason", why, sizeof why, e)) != 0 ||
        (rc = within(c, council_id, dp_id, from, "from", e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_suspensions (council_id, dp_id, from_date, to_date, "
                               "reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    dp_bind_date(s, 3, from);
    dp_bind_date(s, 4, to);
    store_bind_text(s, 5, why);
    store_bind_text(s, 6, actor && *actor ? actor : "system");
    store_bind_text(s, 7, stamp);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_oneoff_add(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t due,
                  int64_t amount, const char *what, const char *actor, int64_t now, int64_t *id,
                  struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], text[201];
    int rc;
    if (amount <= 0 || amount > INT64_C(100000000))
        return err_set_field(e, ERR_INVALID, "amount",
                             "A one-off payment is more than £0 and at most £1,000,000.");
    if (str_copy(text, sizeof text, what ? what : "") != 0)
        return err_set_field(e, ERR_INVALID, "what", "Say what it is for in at most 200 "
                                                     "characters.");
    if ((rc = rec_text(text, 3, 200, REC_ONE_LINE, "what", "What the payment is for", e)) != 0 ||
        (rc = within(c, council_id, dp_id, due, "due", e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_oneoffs (council_id, dp_id, due, amount, what, "
                               "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    dp_bind_date(s, 3, due);
    store_bind_i64(s, 4, amount);
    store_bind_text(s, 5, text);
    store_bind_text(s, 6, actor && *actor ? actor : "system");
    store_bind_text(s, 7, stamp);
    rc = store_step(s, e);
    if (rc == STORE_ROW && id)
        *id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    return rc == STORE_ROW ? 0 : err_set(e, ERR_IO, "The one-off payment was not recorded.");
}

int dp_end(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t end, const char *actor,
           int64_t now, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    day_t start = 0, old_end = 0;
    int rc;
    (void)actor;
    if ((rc = dp_dates(c, council_id, dp_id, &start, &old_end, e)) != 0)
        return rc;
    if (old_end)
        return err_set(e, ERR_CONFLICT, "This direct payment has already ended.");
    if (end < start)
        return err_set_field(e, ERR_INVALID, "end",
                             "A direct payment cannot end before the day it started.");
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE direct_payments SET status = 'ended', end_date = ?, "
                               "updated_at = ?, version = version + 1 WHERE council_id = ? AND id "
                               "= ? AND end_date IS NULL",
                            &s, e)) != 0)
        return rc;
    dp_bind_date(s, 1, end);
    store_bind_text(s, 2, stamp);
    store_bind_i64(s, 3, council_id);
    store_bind_i64(s, 4, dp_id);
    rc = store_step(s, e);
    if (rc == STORE_DONE && store_changes(s) == 0)
        rc = 1;
    store_finish(s);
    if (rc < 0)
        return rc;
    return rc == 1 ? err_set(e, ERR_CONFLICT, "This direct payment has already ended.") : 0;
}

/* ---- history and schedule -------------------------------------------------------------------- */

int dp_history_load(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                    struct dp_history *out, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(c, "SELECT from_date, weekly_amount, weekly_contribution, reason, "
                               "created_by FROM dp_rates WHERE council_id = ? AND dp_id = ? ORDER "
                               "BY from_date",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct dp_rate_row *r;
        if ((rc = dp_grow(a, (void **)&out->rates, &cap, out->nrates, sizeof *r, e)) != 0)
            break;
        r = &out->rates[out->nrates++];
        r->from = dp_col_date(s, 0);
        r->weekly_amount = store_col_i64(s, 1);
        r->weekly_contribution = store_col_i64(s, 2);
        r->reason = dp_col_text(a, s, 3);
        r->created_by = dp_col_text(a, s, 4);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    cap = 0;
    if ((rc = store_prepare(c, "SELECT id, from_date, to_date, reason FROM dp_suspensions WHERE "
                               "council_id = ? AND dp_id = ? ORDER BY from_date, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct dp_suspension_row *r;
        if ((rc = dp_grow(a, (void **)&out->suspensions, &cap, out->nsuspensions, sizeof *r, e)) !=
            0)
            break;
        r = &out->suspensions[out->nsuspensions++];
        r->id = store_col_i64(s, 0);
        r->from = dp_col_date(s, 1);
        r->to = dp_col_date(s, 2);
        r->reason = dp_col_text(a, s, 3);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    cap = 0;
    if ((rc = store_prepare(c, "SELECT o.id, o.due, o.amount, o.what, (SELECT count(*) FROM "
                               "dp_payment_lines l JOIN dp_payments p ON p.id = l.payment_id JOIN "
                               "payment_batches b ON b.id = p.batch_id WHERE p.council_id = "
                               "o.council_id AND p.dp_id = o.dp_id AND l.kind = 'one-off' AND "
                               "l.oneoff_ref = o.id AND b.state <> 'cancelled') FROM dp_oneoffs o "
                               "WHERE o.council_id = ? AND o.dp_id = ? ORDER BY o.due, o.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct dp_oneoff_row *r;
        if ((rc = dp_grow(a, (void **)&out->oneoffs, &cap, out->noneoffs, sizeof *r, e)) != 0)
            break;
        r = &out->oneoffs[out->noneoffs++];
        r->id = store_col_i64(s, 0);
        r->due = dp_col_date(s, 1);
        r->amount = store_col_i64(s, 2);
        r->what = dp_col_text(a, s, 3);
        r->paid = store_col_i64(s, 4) > 0;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* What has gone into batches that are not cancelled: period and adjustment lines summed per
 * period (carried lines net out across the payments they join), and the one-offs paid. */
static int paid_load(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                     struct dp_paid **paid, size_t *npaid, int64_t **oneoffs, size_t *noneoffs,
                     struct err *e)
{
    struct store_stmt *s;
    size_t pcap = 0, ocap = 0;
    int rc;
    *paid = NULL;
    *oneoffs = NULL;
    *npaid = *noneoffs = 0;
    if ((rc = store_prepare(c, "SELECT l.kind, l.period_from, sum(l.amount), sum(l.contribution), "
                               "l.oneoff_ref FROM dp_payment_lines l JOIN dp_payments p ON p.id = "
                               "l.payment_id JOIN payment_batches b ON b.id = p.batch_id WHERE "
                               "p.council_id = ? AND p.dp_id = ? AND b.state <> 'cancelled' AND "
                               "l.kind <> 'carried' GROUP BY l.kind, l.period_from, l.oneoff_ref "
                               "ORDER BY l.period_from",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *kind = store_col_text(s, 0);
        if (kind && strcmp(kind, "one-off") == 0) {
            if ((rc = dp_grow(a, (void **)oneoffs, &ocap, *noneoffs, sizeof **oneoffs, e)) != 0)
                break;
            (*oneoffs)[(*noneoffs)++] = store_col_i64(s, 4);
            continue;
        }
        {
            day_t from = dp_col_date(s, 1);
            size_t k;
            for (k = 0; k < *npaid && (*paid)[k].period_from != from; k++)
                ;
            if (k == *npaid) {
                if ((rc = dp_grow(a, (void **)paid, &pcap, *npaid, sizeof **paid, e)) != 0)
                    break;
                memset(&(*paid)[k], 0, sizeof **paid);
                (*paid)[k].period_from = from;
                (*npaid)++;
            }
            (*paid)[k].amount += store_col_i64(s, 2);
            (*paid)[k].contribution += store_col_i64(s, 3);
        }
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_schedule_for(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                    day_t until, struct arena *a, struct dp_schedule *out, struct err *e)
{
    struct dp_settings set;
    struct dp_history h;
    struct dp_schedule_input in;
    struct dp_rate *rates;
    struct dp_suspension *sus;
    struct dp_oneoff *oneoffs;
    day_t start = 0, end = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = dp_dates(c, council_id, dp_id, &start, &end, e)) != 0 ||
        (rc = dp_settings_get(c, council_id, &set, e)) != 0 ||
        (rc = dp_history_load(c, council_id, dp_id, a, &h, e)) != 0)
        return rc;
    memset(&in, 0, sizeof in);
    in.settings = set.sched;
    in.start = start;
    in.end = end;
    rates = arena_array(a, h.nrates ? h.nrates : 1, sizeof *rates);
    sus = arena_array(a, h.nsuspensions ? h.nsuspensions : 1, sizeof *sus);
    oneoffs = arena_array(a, h.noneoffs ? h.noneoffs : 1, sizeof *oneoffs);
    if (!rates || !sus || !oneoffs)
        return dp_nomem(e);
    for (size_t i = 0; i < h.nrates; i++)
        rates[i] = (struct dp_rate){h.rates[i].from, h.rates[i].weekly_amount,
                                    h.rates[i].weekly_contribution};
    for (size_t i = 0; i < h.nsuspensions; i++)
        sus[i] = (struct dp_suspension){h.suspensions[i].from, h.suspensions[i].to};
    for (size_t i = 0; i < h.noneoffs; i++)
        oneoffs[i] = (struct dp_oneoff){h.oneoffs[i].id, h.oneoffs[i].due, h.oneoffs[i].amount,
                                        h.oneoffs[i].what};
    in.rates = rates;
    in.nrates = h.nrates;
    in.suspensions = sus;
    in.nsuspensions = h.nsuspensions;
    in.oneoffs = oneoffs;
    in.noneoffs = h.noneoffs;
    {
        struct dp_paid *paid;
        int64_t *op;
        size_t np, nop;
        if ((rc = paid_load(c, council_id, dp_id, a, &paid, &np, &op, &nop, e)) != 0)
            return rc;
        in.paid = paid;
        in.npaid = np;
        in.oneoffs_paid = op;
        in.noneoffs_paid = nop;
    }
    in.today = today;
    in.until = until;
    if (h.nrates == 0)
        return err_set(e, ERR_CONFLICT, "This direct payment has no amount recorded.");
    return dp_schedule_build(&in, a, out, e);
}
