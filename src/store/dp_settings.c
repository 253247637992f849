/* dp_settings.c — a council's direct-payment settings and its own CSV statement layouts; see
 * dp_store.h. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "io/bacs18.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/record_util.h"

#define SETTINGS_COLS                                                                              \
    "frequency, basis, cycle_anchor, month_day, bacs_sun, bacs_sort_code, bacs_account, "         \
    "bacs_name, surplus_on, surplus_weeks, cash_on, cash_allowed, cash_daily_limit, "             \
    "unknown_payee_on, unknown_payee_min, family_on, hmrc_on, no_spend_on, no_spend_weeks, "      \
    "monitor_weeks, version"

static void defaults(struct dp_settings *s)
{
    memset(s, 0, sizeof *s);
    s->sched.frequency = DP_FOUR_WEEKLY;
    s->sched.basis = DP_NET;
    (void)date_from_ymd(2025, 4, 7, &s->sched.cycle_anchor); /* a Monday */
    s->sched.month_day = 1;
    monitor_settings_default(&s->mon);
    s->monitor_weeks = 13;
}

int dp_settings_get(struct store_conn *c, int64_t council_id, struct dp_settings *out,
                    struct err *e)
{
    struct store_stmt *s;
    int rc;
    defaults(out);
    if ((rc = store_prepare(c, "SELECT " SETTINGS_COLS " FROM dp_settings WHERE council_id = ?", &s,
                            e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        int i = 0;
        if (dp_frequency_parse(store_col_text(s, i++), &out->sched.frequency) != 0)
            out->sched.frequency = DP_FOUR_WEEKLY;
        if (dp_basis_parse(store_col_text(s, i++), &out->sched.basis) != 0)
            out->sched.basis = DP_NET;
        out->sched.cycle_anchor = dp_col_date(s, i++);
        out->sched.month_day = (int)store_col_i64(s, i++);
        (void)store_col_copy(s, i++, out->bacs_sun, sizeof out->bacs_sun);
        (void)store_col_copy(s, i++, out->bacs_sort_code, sizeof out->bacs_sort_code);
        (void)store_col_copy(s, i++, out->bacs_account, sizeof out->bacs_account);
        (void)store_col_copy(s, i++, out->bacs_name, sizeof out->bacs_name);
        out->mon.surplus_on = store_col_i64(s, i++) != 0;
        out->mon.surplus_weeks = (int)store_col_i64(s, i++);
        out->mon.cash_on = store_col_i64(s, i++) != 0;
        out->mon.cash_allowed = store_col_i64(s, i++) != 0;
        out->mon.cash_daily_limit = store_col_i64(s, i++);
        out->mon.unknown_payee_on = store_col_i64(s, i++) != 0;
        out->mon.unknown_payee_min = store_col_i64(s, i++);
        out->mon.family_on = store_col_i64(s, i++) != 0;
        out->mon.hmrc_on = store_col_i64(s, i++) != 0;
        out->mon.no_spend_on = store_col_i64(s, i++) != 0;
        out->mon.no_spend_weeks = (int)store_col_i64(s, i++);
        out->monitor_weeks = (int)store_col_i64(s, i++);
        out->version = store_col_i64(s, i);
        out->stored = true;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* Checks the settings a council gives, putting the BACS details into BACS form. */
static int settings_check(struct dp_settings *s, struct err *e)
{
    char sun[8];
    if (s->sched.frequency != DP_FOUR_WEEKLY && s->sched.frequency != DP_WEEKLY &&
        s->sched.frequency != DP_MONTHLY)
        return err_set_field(e, ERR_INVALID, "frequency",
                             "Payments are made weekly, four-weekly or monthly.");
    if (s->sched.basis != DP_NET && s->sched.basis != DP_GROSS)
        return err_set_field(e, ERR_INVALID, "basis", "Payments are made net or gross.");
    if (s->sched.cycle_anchor <= 0)
        return err_set_field(e, ERR_INVALID, "cycle_anchor",
                             "Give a date on which a payment period starts.");
    if (s->sched.month_day < 1 || s->sched.month_day > 28)
        return err_set_field(e, ERR_INVALID, "month_day",
                             "Monthly payments start on a day from 1 to 28.");
    if (s->mon.surplus_weeks < 1 || s->mon.surplus_weeks > 52)
        return err_set_field(e, ERR_INVALID, "surplus_weeks",
                             "The surplus allowance is 1 to 52 weeks of payments.");
    if (s->mon.no_spend_weeks < 1 || s->mon.no_spend_weeks > 52)
        return err_set_field(e, ERR_INVALID, "no_spend_weeks",
                             "The no-spending check is 1 to 52 weeks.");
    if (s->monitor_weeks < 1 || s->monitor_weeks > 104)
        return err_set_field(e, ERR_INVALID, "monitor_weeks",
                             "Monitoring looks back 1 to 104 weeks.");
    if (s->mon.cash_daily_limit < 0 || s->mon.unknown_payee_min < 0)
        return err_set_field(e, ERR_INVALID, "cash_daily_limit", "Amounts cannot be negative.");
    /* The BACS originator is set together or not at all. */
    snprintf(sun, sizeof sun, "%s", s->bacs_sun);
    if (*s->bacs_sun || *s->bacs_sort_code || *s->bacs_account || *s->bacs_name) {
        char sc[BACS18_SORT_CODE_SIZE], ac[BACS18_ACCOUNT_SIZE], nm[BACS18_TEXT_SIZE];
        int rc;
        if (strlen(sun) != 6 || strspn(sun, "0123456789") != 6)
            return err_set_field(e, ERR_INVALID, "bacs_sun",
                                 "The service user number is the 6 digits Bacs gave the council.");
        if ((rc = bacs18_sort_code(s->bacs_sort_code, sc, "bacs_sort_code", e)) != 0 ||
            (rc = bacs18_account(s->bacs_account, ac, "bacs_account", e)) != 0 ||
            (rc = bacs18_text(s->bacs_name, nm, "bacs_name", e)) != 0)
            return rc;
        memcpy(s->bacs_sort_code, sc, sizeof sc);
        memcpy(s->bacs_account, ac, sizeof ac);
        memcpy(s->bacs_name, nm, sizeof nm);
    }
    return 0;
}

int dp_settings_put(struct store_conn *c, int64_t council_id, struct dp_settings *s,
                    const char *actor, int64_t now, struct err *e)
{
    struct store_stmt *st;
    char stamp[STORE_TIME_SIZE];
    int rc, i = 1;
    if ((rc = settings_check(s, e)) != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(
             c,
             s->stored
                 ? "UPDATE dp_settings SET frequency = ?, basis = ?, cycle_anchor = ?, month_day = ?, "
                   "bacs_sun = ?, bacs_sort_code = ?, bacs_account = ?, bacs_name = ?, surplus_on = ?, "
                   "surplus_weeks = ?, cash_on = ?, cash_allowed = ?, cash_daily_limit = ?, "
                   "unknown_payee_on = ?, unknown_payee_min = ?, family_on = ?, hmrc_on = ?, "
                   "no_spend_on = ?, no_spend_weeks = ?, monitor_weeks = ?, updated_at = ?, "
                   "updated_by = ?, version = version + 1 WHERE council_id = ? AND version = ?"
                 : "INSERT INTO dp_settings (frequency, basis, cycle_anchor, month_day, bacs_sun, "
                   "bacs_sort_code, bacs_account, bacs_name, surplus_on, surplus_weeks, cash_on, "
                   "cash_allowed, cash_daily_limit, unknown_payee_on, unknown_payee_min, "
                   "family_on, hmrc_on, no_spend_on, no_spend_weeks, monitor_weeks, updated_at, "
                   "updated_by, council_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?)",
             &st, e)) != 0)
        return rc;
    store_bind_text(st, i++, dp_frequency_name(s->sched.frequency));
    store_bind_text(st, i++, dp_basis_name(s->sched.basis));
    dp_bind_date(st, i++, s->sched.cycle_anchor);
    store_bind_i64(st, i++, s->sched.month_day);
    store_bind_text(st, i++, s->bacs_sun);
    store_bind_text(st, i++, s->bacs_sort_code);
    store_bind_text(st, i++, s->bacs_account);
    store_bind_text(st, i++, s->bacs_name);
    store_bind_i64(st, i++, s->mon.surplus_on);
    store_bind_i64(st, i++, s->mon.surplus_weeks);
    store_bind_i64(st, i++, s->mon.cash_on);
    store_bind_i64(st, i++, s->mon.cash_allowed);
    store_bind_i64(st, i++, s->mon.cash_daily_limit);
    store_bind_i64(st, i++, s->mon.unknown_payee_on);
    store_bind_i64(st, i++, s->mon.unknown_payee_min);
    store_bind_i64(st, i++, s->mon.family_on);
    store_bind_i64(st, i++, s->mon.hmrc_on);
    store_bind_i64(st, i++, s->mon.no_spend_on);
    store_bind_i64(st, i++, s->mon.no_spend_weeks);
    store_bind_i64(st, i++, s->monitor_weeks);
    store_bind_text(st, i++, stamp);
    store_bind_text(st, i++, actor && *actor ? actor : "system");
    store_bind_i64(st, i++, council_id);
    if (s->stored)
        store_bind_i64(st, i, s->version);
    rc = store_step(st, e);
    if (rc == STORE_DONE && store_changes(st) == 0)
        rc = 1;
    store_finish(st);
    if (rc < 0)
        return rc == ERR_CONFLICT
                   ? err_set(e, ERR_CONFLICT,
                             "Someone saved the settings at the same time; look again and save.")
                   : rc;
    if (rc == 1)
        return err_set(e, ERR_CONFLICT,
                       "Someone changed the settings since you opened them; look again and save.");
    s->version = s->stored ? s->version + 1 : 1;
    s->stored = true;
    return 0;
}

/* ---- CSV layouts ----------------------------------------------------------------------------- */

#define LAYOUT_COLS                                                                                \
    "name, label, delimiter, has_header, max_preamble_rows, date_format, amount_style, "          \
    "check_balances, col_date, col_description, col_amount, col_paid_in, col_paid_out, "         \
    "col_balance, col_reference, col_payee, col_type, col_id, col_currency"

/* The column as stored: header text, or the position as digits for files without a header. */
static const char *col_text(struct arena *a, const struct statement_layout *l,
                            const struct statement_col *col)
{
    if (l->has_header)
        return col->header ? col->header : "";
    return col->index > 0 ? arena_printf(a, "%d", col->index) : "";
}

static int layout_from_row(struct store_stmt *s, struct arena *a, struct statement_layout *l,
                           struct err *e)
{
    const char *delim, *df, *as;
    struct statement_col *cols[11] = {&l->date,     &l->description, &l->amount, &l->paid_in,
                                      &l->paid_out, &l->balance,     &l->reference, &l->payee,
                                      &l->type,     &l->id,          &l->currency};
    memset(l, 0, sizeof *l);
    l->name = dp_col_text(a, s, 0);
    l->label = dp_col_text(a, s, 1);
    delim = store_col_text(s, 2);
    l->delimiter = !delim ? ',' : strcmp(delim, "tab") == 0 ? '\t' : delim[0];
    l->has_header = store_col_i64(s, 3) != 0;
    l->max_preamble_rows = (int)store_col_i64(s, 4);
    df = store_col_text(s, 5);
    l->date_format = df && strcmp(df, "iso") == 0 ? STATEMENT_DATE_ISO : STATEMENT_DATE_DMY;
    as = store_col_text(s, 6);
    l->amount_style = !as || strcmp(as, "signed") == 0 ? STATEMENT_AMOUNT_SIGNED
                      : strcmp(as, "split") == 0       ? STATEMENT_AMOUNT_SPLIT
                                                       : STATEMENT_AMOUNT_OUT_POSITIVE;
    l->check_balances = store_col_i64(s, 7) != 0;
    for (int k = 0; k < 11; k++) {
        const char *t = dp_col_text(a, s, 8 + k);
        if (!t)
            return dp_nomem(e);
        if (!*t)
            continue;
        if (l->has_header) {
            cols[k]->header = t;
        } else {
            int64_t pos = 0;
            if (str_to_i64(t, strlen(t), 1, 200, &pos) == 0)
                cols[k]->index = (int)pos;
        }
    }
    if (!l->name || !l->label)
        return dp_nomem(e);
    return 0;
}

int dp_layout_find(struct store_conn *c, int64_t council_id, const char *name, struct arena *a,
                   struct statement_layout *out, struct err *e)
{
    struct store_stmt *s;
    const struct statement_layout *builtin;
    int rc;
    if (!name || !*name)
        return err_set_field(e, ERR_INVALID, "layout", "Say which statement layout the file has.");
    if ((rc = store_prepare(c, "SELECT " LAYOUT_COLS " FROM statement_layouts WHERE council_id = ? "
                               "AND name = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, name);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = layout_from_row(s, a, out, e);
    else if (rc == STORE_DONE)
        rc = 1;
    store_finish(s);
    if (rc <= 0)
        return rc;
    builtin = statement_csv_layout(name);
    if (builtin) {
        *out = *builtin;
        return 0;
    }
    {
        size_t n = 0;
        const struct statement_layout *all = statement_csv_layouts(&n);
        char names[400] = "";
        size_t len = 0;
        for (size_t i = 0; i < n && len + 45 < sizeof names; i++)
            len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "",
                                    all[i].name);
        return err_set_field(e, ERR_NOT_FOUND, "layout",
                             "There is no statement layout called '%.40s'. The built-in ones are %s; "
                             "a council can describe its own.",
                             name, names);
    }
}

int dp_layout_put(struct store_conn *c, int64_t council_id, const struct statement_layout *l,
                  const char *actor, int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    struct arena a;
    char stamp[STORE_TIME_SIZE], delim[4];
    const struct statement_col *cols[11] = {&l->date,     &l->description, &l->amount, &l->paid_in,
                                            &l->paid_out, &l->balance,     &l->reference, &l->payee,
                                            &l->type,     &l->id,          &l->currency};
    int rc, i = 1;
    if ((rc = statement_csv_layout_check(l, e)) != 0)
        return rc;
    if (statement_csv_layout(l->name))
        return err_set_field(e, ERR_CONFLICT, "name",
                             "'%s' is the name of a built-in layout; choose another name.", l->name);
    if (!l->label || !*l->label || strlen(l->label) > 200)
        return err_set_field(e, ERR_INVALID, "label",
                             "Give the layout a label people recognise (up to 200 characters).");
    for (int k = 0; k < 11; k++)
        if (cols[k]->header && strlen(cols[k]->header) > 60)
            return err_set_field(e, ERR_INVALID, "columns",
                                 "Column headings are at most 60 characters.");
    if (l->delimiter == '\t')
        snprintf(delim, sizeof delim, "tab");
    else
        snprintf(delim, sizeof delim, "%c", l->delimiter);
    store_time_format(now, stamp);
    arena_init(&a, 0);
    if ((rc = store_prepare(c, "INSERT INTO statement_layouts (council_id, " LAYOUT_COLS
                               ", created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, i++, council_id);
    store_bind_text(s, i++, l->name);
    store_bind_text(s, i++, l->label);
    store_bind_text(s, i++, delim);
    store_bind_i64(s, i++, l->has_header);
    store_bind_i64(s, i++, l->max_preamble_rows);
    store_bind_text(s, i++, l->date_format == STATEMENT_DATE_ISO ? "iso" : "dmy");
    store_bind_text(s, i++, l->amount_style == STATEMENT_AMOUNT_SIGNED  ? "signed"
                            : l->amount_style == STATEMENT_AMOUNT_SPLIT ? "split"
                                                                        : "out_positive");
    store_bind_i64(s, i++, l->check_balances);
    for (int k = 0; k < 11; k++)
        store_bind_text(s, i++, col_text(&a, l, cols[k]));
    store_bind_text(s, i++, actor && *actor ? actor : "system");
    store_bind_text(s, i, stamp);
    rc = store_step(s, &le);
    store_finish(s);
    if (rc < 0)
        rc = rec_write_error(rc, &le, "name", "The council already has a layout with this name.",
                             NULL, NULL, e);
    else
        rc = 0;
done:
    arena_release(&a);
    return rc;
}

int dp_layout_list(struct store_conn *c, int64_t council_id, struct arena *a,
                   struct statement_layout **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " LAYOUT_COLS " FROM statement_layouts WHERE council_id = ? "
                               "ORDER BY name",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = dp_grow(a, (void **)items, &cap, *n, sizeof **items, e)) != 0 ||
            (rc = layout_from_row(s, a, &(*items)[*n], e)) != 0)
            break;
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}
