/* plan_budgets.c — the council's planning settings and the person's agreed budget (see
 * plan_store.h, migration 0044). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/record_util.h"
#include "store/store.h"

/* ---- settings ---------------------------------------------------------------------------------- */

static void defaults(struct plan_settings *s)
{
    memset(s, 0, sizeof *s);
    s->planning_period_days = 42;
    str_copy(s->reminder_days, sizeof s->reminder_days, "14,7,1");
    s->payment_interval_weeks = 4;
    s->net_payments = true;
    s->first_review_months = 6;
    s->review_interval_months = 12;
    s->surplus_weeks = 8;
    s->records_years = 6;
    s->response_days = 28;
    s->pa_insurance_annual = 6000;
    s->suppress_below = 5;
}

#define SET_COLS                                                                                 \
    "planning_period_days, reminder_days, dp_team_contact, out_of_hours_phone, support_service, " \
    "payment_interval_weeks, net_payments, first_review_months, review_interval_months, "        \
    "surplus_weeks, contingency, records_years, response_days, pa_insurance_annual, "            \
    "employment_allowance_claimed, suppress_below"

int plan_settings_get(struct store_conn *c, int64_t council_id, struct plan_settings *out,
                      struct err *e)
{
    struct store_stmt *s;
    int rc;
    defaults(out);
    if ((rc = store_prepare(c, "SELECT " SET_COLS ", version FROM plan_settings WHERE council_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        out->planning_period_days = (int)store_col_i64(s, 0);
        store_col_copy(s, 1, out->reminder_days, sizeof out->reminder_days);
        store_col_copy(s, 2, out->dp_team_contact, sizeof out->dp_team_contact);
        store_col_copy(s, 3, out->out_of_hours_phone, sizeof out->out_of_hours_phone);
        store_col_copy(s, 4, out->support_service, sizeof out->support_service);
        out->payment_interval_weeks = (int)store_col_i64(s, 5);
        out->net_payments = store_col_i64(s, 6) != 0;
        out->first_review_months = (int)store_col_i64(s, 7);
        out->review_interval_months = (int)store_col_i64(s, 8);
        out->surplus_weeks = (int)store_col_i64(s, 9);
        out->contingency = store_col_i64(s, 10);
        out->records_years = (int)store_col_i64(s, 11);
        out->response_days = (int)store_col_i64(s, 12);
        out->pa_insurance_annual = store_col_i64(s, 13);
        out->employment_allowance_claimed = store_col_i64(s, 14) != 0;
        out->suppress_below = (int)store_col_i64(s, 15);
        out->version = store_col_i64(s, 16);
        out->stored = true;
        rc = 0;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int plan_settings_period(const struct plan_settings *s, struct plan_period_rules *out,
                         struct err *e)
{
    memset(out, 0, sizeof *out);
    out->planning_period_days = s->planning_period_days;
    return plan_period_parse_reminders(s->reminder_days, out, e);
}

static int check_settings(const struct plan_settings *s, struct err *e)
{
    struct plan_period_rules r;
    int rc;
    if (s->planning_period_days < 7 || s->planning_period_days > 365)
        return err_set_field(e, ERR_INVALID, "planning_period_days",
                             "The planning period must be from 7 to 365 days.");
    if ((rc = plan_period_parse_reminders(s->reminder_days, &r, e)) != 0)
        return rc;
    for (size_t i = 0; i < r.nreminders; i++)
        if (r.reminder_days[i] >= s->planning_period_days)
            return err_set_field(e, ERR_INVALID, "reminder_days",
                                 "Each reminder must fall inside the planning period (fewer than "
                                 "%d days before the target date).",
                                 s->planning_period_days);
    if (s->payment_interval_weeks != 1 && s->payment_interval_weeks != 2 &&
        s->payment_interval_weeks != 4)
        return err_set_field(e, ERR_INVALID, "payment_interval_weeks",
                             "Direct payments are made every 1, 2 or 4 weeks.");
    if (s->first_review_months < 1 || s->first_review_months > 6)
        return err_set_field(e, ERR_INVALID, "first_review_months",
                             "The first review of a direct payment is within 6 months (Care and "
                             "Support (Direct Payments) Regulations 2014, reg 7).");
    if (s->review_interval_months < 1 || s->review_interval_months > 12)
        return err_set_field(e, ERR_INVALID, "review_interval_months",
                             "Reviews are at most every 12 months.");
    if (s->surplus_weeks < 1 || s->surplus_weeks > 52)
        return err_set_field(e, ERR_INVALID, "surplus_weeks", "Choose from 1 to 52 weeks.");
    if (s->contingency < 0 || s->pa_insurance_annual < 0)
        return err_set_field(e, ERR_INVALID, s->contingency < 0 ? "contingency" : "pa_insurance_annual",
                             "Amounts cannot be negative.");
    if (s->records_years < 1 || s->records_years > 10)
        return err_set_field(e, ERR_INVALID, "records_years", "Choose from 1 to 10 years.");
    if (s->response_days < 1 || s->response_days > 90)
        return err_set_field(e, ERR_INVALID, "response_days", "Choose from 1 to 90 days.");
    if (s->suppress_below < 0 || s->suppress_below > 20)
        return err_set_field(e, ERR_INVALID, "suppress_below", "Choose from 0 to 20.");
    return 0;
}

int plan_settings_put(struct store_conn *c, int64_t council_id, struct plan_settings *s,
                      const char *by, int64_t now, struct err *e)
{
    struct store_stmt *st;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc, k = 1;
    if ((rc = check_settings(s, e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if (s->stored)
        rc = store_prepare(c,
                           "UPDATE plan_settings SET planning_period_days = ?, reminder_days = ?, "
                           "dp_team_contact = ?, out_of_hours_phone = ?, support_service = ?, "
                           "payment_interval_weeks = ?, net_payments = ?, first_review_months = ?, "
                           "review_interval_months = ?, surplus_weeks = ?, contingency = ?, "
                           "records_years = ?, response_days = ?, pa_insurance_annual = ?, "
                           "employment_allowance_claimed = ?, suppress_below = ?, updated_at = ?, "
                           "updated_by = ?, version = version + 1 WHERE council_id = ? AND version "
                           "= ? RETURNING version",
                           &st, e);
    else
        rc = store_prepare(c,
                           "INSERT INTO plan_settings (" SET_COLS ", updated_at, updated_by, "
                           "council_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                           "?, ?) RETURNING version",
                           &st, e);
    if (rc != 0)
        return rc;
    store_bind_i64(st, k++, s->planning_period_days);
    store_bind_text(st, k++, s->reminder_days);
    store_bind_text(st, k++, s->dp_team_contact);
    store_bind_text(st, k++, s->out_of_hours_phone);
    store_bind_text(st, k++, s->support_service);
    store_bind_i64(st, k++, s->payment_interval_weeks);
    store_bind_i64(st, k++, s->net_payments ? 1 : 0);
    store_bind_i64(st, k++, s->first_review_months);
    store_bind_i64(st, k++, s->review_interval_months);
    store_bind_i64(st, k++, s->surplus_weeks);
    store_bind_i64(st, k++, s->contingency);
    store_bind_i64(st, k++, s->records_years);
    store_bind_i64(st, k++, s->response_days);
    store_bind_i64(st, k++, s->pa_insurance_annual);
    store_bind_i64(st, k++, s->employment_allowance_claimed ? 1 : 0);
    store_bind_i64(st, k++, s->suppress_below);
    store_bind_text(st, k++, stamp);
    store_bind_text(st, k++, by && *by ? by : "system");
    store_bind_i64(st, k++, council_id);
    if (s->stored)
        store_bind_i64(st, k, s->version);
    rc = store_step(st, &le);
    if (rc == STORE_ROW) {
        s->version = store_col_i64(st, 0);
        s->stored = true;
    }
    store_finish(st);
    if (rc == STORE_ROW)
        return 0;
    if (rc == STORE_DONE)
        return err_set(e, ERR_CONFLICT, "Someone else changed these settings since you opened them. "
                                        "Reload the page to see their change, then make yours.");
    return rec_write_error(rc, &le, "council_id", "These settings were just saved by someone "
                                                  "else. Reload the page.",
                           NULL, NULL, e);
}

/* ---- budgets ----------------------------------------------------------------------------------- */

static const char *const budget_status_ids[PLAN_BUDGET_STATUS_COUNT] = {"proposed", "agreed",
                                                                        "refused", "replaced"};

const char *plan_budget_status_id(enum plan_budget_status s)
{
    return (unsigned)s < PLAN_BUDGET_STATUS_COUNT ? budget_status_ids[s] : "unknown";
}

#define B_COLS                                                                                   \
    "b.id, b.person_id, b.annual, b.one_off_allowance, b.reasons, b.status, b.hash, "            \
    "b.proposed_by, s.name, b.proposed_on, b.agreed_by, b.agreed_on, b.plan_due_on, "            \
    "p.reference, b.created_at, b.updated_at, b.version "
#define B_FROM                                                                                   \
    "FROM plan_budgets b JOIN people p ON p.council_id = b.council_id AND p.id = b.person_id "   \
    "JOIN staff s ON s.council_id = b.council_id AND s.id = b.proposed_by "

static int read_budget(struct store_stmt *s, struct arena *a, struct plan_budget_row *out,
                       struct err *e)
{
    bool nomem = false, ok = true;
    const char *st;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->annual = store_col_i64(s, 2);
    out->one_off_allowance = store_col_i64(s, 3);
    out->reasons = pu_text(a, s, 4, &nomem);
    st = store_col_text(s, 5);
    ok = false;
    for (int i = 0; st && i < PLAN_BUDGET_STATUS_COUNT; i++)
        if (strcmp(st, budget_status_ids[i]) == 0) {
            out->status = (enum plan_budget_status)i;
            ok = true;
        }
    store_col_copy(s, 6, out->hash, sizeof out->hash);
    out->proposed_by = store_col_i64(s, 7);
    out->proposed_by_name = pu_text(a, s, 8, &nomem);
    ok &= pu_date(s, 9, &out->proposed_on);
    out->agreed_by = store_col_i64(s, 10);
    ok &= pu_date(s, 11, &out->agreed_on);
    ok &= pu_date(s, 12, &out->plan_due_on);
    out->person_ref = pu_text(a, s, 13, &nomem);
    store_col_copy(s, 14, out->created_at, sizeof out->created_at);
    store_col_copy(s, 15, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 16);
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored budget (id %" PRId64 ") could not be read.", out->id);
    return 0;
}

static int budget_one(struct store_conn *c, const char *sql, int64_t council_id, int64_t p,
                      struct arena *a, struct plan_budget_row *out, const char *none,
                      struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, p);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_budget(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "%s", none);
    store_finish(s);
    return rc;
}

int plan_budget_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                    struct plan_budget_row *out, struct err *e)
{
    return budget_one(c, "SELECT " B_COLS B_FROM "WHERE b.council_id = ? AND b.id = ?", council_id,
                      id, a, out, "There is no such budget in this council.", e);
}

int plan_budget_latest(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_budget_row *out, struct err *e)
{
    return budget_one(c, "SELECT " B_COLS B_FROM "WHERE b.council_id = ? AND b.person_id = ? "
                                                 "ORDER BY b.id DESC LIMIT 1",
                      council_id, person_id, a, out, "No budget has been proposed for this person yet.",
                      e);
}

int plan_budget_agreed(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_budget_row *out, struct err *e)
{
    return budget_one(c, "SELECT " B_COLS B_FROM "WHERE b.council_id = ? AND b.person_id = ? AND "
                                                 "b.status = 'agreed' ORDER BY b.id DESC LIMIT 1",
                      council_id, person_id, a, out,
                      "This person's budget has not been agreed yet.", e);
}

int plan_budget_propose(struct store_conn *c, int64_t council_id, struct plan_budget_row *row,
                        int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    struct plan_budget_terms t;
    char stamp[STORE_TIME_SIZE], on[DATE_ISO_SIZE], ref[40];
    int rc;

    if ((rc = pu_need_tx(c, "Proposing a budget", e)) != 0)
        return rc;
    /* The person's reference is part of what is hashed. */
    if ((rc = store_prepare(c, "SELECT reference FROM people WHERE council_id = ? AND id = ?", &s,
                            e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->person_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        store_col_copy(s, 0, ref, sizeof ref);
    store_finish(s);
    if (rc == STORE_DONE)
        return err_set(e, ERR_NOT_FOUND, "There is no such person in this council.");
    if (rc < 0)
        return rc;
    t = (struct plan_budget_terms){0, ref, row->annual, row->one_off_allowance, row->proposed_on,
                                   row->reasons};
    if ((rc = plan_budget_validate(&t, e)) != 0)
        return rc;
    store_time_format(now, stamp);
    date_format_iso(row->proposed_on, on);
    /* An earlier proposal still waiting is replaced by this one. */
    if ((rc = store_prepare(c, "UPDATE plan_budgets SET status = 'replaced', updated_at = ?, "
                               "version = version + 1 WHERE council_id = ? AND person_id = ? AND "
                               "status = 'proposed'",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, row->person_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    /* The hash includes the new id, so it is written in a second step of the same transaction. */
    if ((rc = store_prepare(c,
                            "INSERT INTO plan_budgets (council_id, person_id, annual, "
                            "one_off_allowance, reasons, status, hash, proposed_by, proposed_on, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'proposed', ?, ?, ?, ?, "
                            "?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, row->person_id);
    store_bind_i64(s, 3, row->annual);
    store_bind_i64(s, 4, row->one_off_allowance);
    store_bind_text(s, 5, row->reasons ? row->reasons : "");
    store_bind_text(s, 6, "0000000000000000000000000000000000000000000000000000000000000000");
    store_bind_i64(s, 7, row->proposed_by);
    store_bind_text(s, 8, on);
    store_bind_text(s, 9, stamp);
    store_bind_text(s, 10, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        row->id = store_col_i64(s, 0);
        row->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "proposed_by",
                               "There is no such person or member of staff in this council.", e);
    t.id = row->id;
    if ((rc = plan_budget_hash(&t, row->hash, e)) != 0)
        return rc;
    if ((rc = store_prepare(c, "UPDATE plan_budgets SET hash = ? WHERE council_id = ? AND id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, row->hash);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, row->id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    row->status = PLAN_BUDGET_PROPOSED;
    row->person_ref = NULL;
    row->agreed_by = 0;
    row->agreed_on = row->plan_due_on = 0;
    memcpy(row->created_at, stamp, sizeof stamp);
    memcpy(row->updated_at, stamp, sizeof stamp);
    return 0;
}

int plan_budget_agree(struct store_conn *c, int64_t council_id, struct plan_budget_row *row,
                      int64_t agreed_by, day_t on, day_t plan_due, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE], d1[DATE_ISO_SIZE], d2[DATE_ISO_SIZE];
    int rc;
    if ((rc = pu_need_tx(c, "Agreeing a budget", e)) != 0)
        return rc;
    store_time_format(now, stamp);
    date_format_iso(on, d1);
    date_format_iso(plan_due, d2);
    if ((rc = store_prepare(c, "UPDATE plan_budgets SET status = 'replaced', updated_at = ?, "
                               "version = version + 1 WHERE council_id = ? AND person_id = ? AND "
                               "status = 'agreed' AND id <> ?",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, row->person_id);
    store_bind_i64(s, 4, row->id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    if ((rc = store_prepare(c, "UPDATE plan_budgets SET status = 'agreed', agreed_by = ?, "
                               "agreed_on = ?, plan_due_on = ?, updated_at = ?, version = version + "
                               "1 WHERE council_id = ? AND id = ? AND version = ? AND status = "
                               "'proposed' RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, agreed_by);
    store_bind_text(s, 2, d1);
    store_bind_text(s, 3, d2);
    store_bind_text(s, 4, stamp);
    store_bind_i64(s, 5, council_id);
    store_bind_i64(s, 6, row->id);
    store_bind_i64(s, 7, row->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        row->version = store_col_i64(s, 0);
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "plan_budgets", "budget", council_id, row->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    row->status = PLAN_BUDGET_AGREED;
    row->agreed_by = agreed_by;
    row->agreed_on = on;
    row->plan_due_on = plan_due;
    memcpy(row->updated_at, stamp, sizeof stamp);
    return 0;
}

int plan_budget_refuse(struct store_conn *c, int64_t council_id, struct plan_budget_row *row,
                       int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE plan_budgets SET status = 'refused', updated_at = ?, "
                               "version = version + 1 WHERE council_id = ? AND id = ? AND version = "
                               "? AND status = 'proposed' RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, stamp);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, row->id);
    store_bind_i64(s, 4, row->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        row->version = store_col_i64(s, 0);
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "plan_budgets", "budget", council_id, row->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    row->status = PLAN_BUDGET_REFUSED;
    return 0;
}
