/* assess_finance.c — councils' charging settings, financial assessments and the net personal
 * budget; see assess_store.h. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "domain/ras.h"
#include "io/charging_json.h"
#include "io/charging_rates.h"
#include "store/assess_store.h"
#include "store/assess_util.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

#define FINANCE_INPUT_MAX (1u << 20)

/* ---- charging settings ----------------------------------------------------------------------- */

static const char *uplift_name(enum charging_mig_uplift k)
{
    switch (k) {
    case CHARGING_UPLIFT_PERCENT:
        return "percent";
    case CHARGING_UPLIFT_FLAT:
        return "weekly";
    case CHARGING_UPLIFT_NONE:
        break;
    }
    return "none";
}

static int uplift_parse(const char *s, enum charging_mig_uplift *out)
{
    if (s && strcmp(s, "none") == 0)
        *out = CHARGING_UPLIFT_NONE;
    else if (s && strcmp(s, "percent") == 0)
        *out = CHARGING_UPLIFT_PERCENT;
    else if (s && strcmp(s, "weekly") == 0)
        *out = CHARGING_UPLIFT_FLAT;
    else
        return -1;
    return 0;
}

int assess_charging_settings_add(struct store_conn *c, int64_t council_id,
                                 struct assess_charging_settings *row,
                                 const struct assess_actor *by, int64_t now, struct err *e)
{
    const struct charging_settings *s = &row->s;
    struct store_stmt *st;
    char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
    int rc;

    if (!by || !by->id || !*by->id)
        return err_set(e, ERR_INVALID, "Who set the charging settings must be recorded.");
    if (s->has_end && s->effective_to < s->effective_from)
        return err_set_field(e, ERR_INVALID, "effective_to",
                             "The settings cannot end before they start.");
    if (!charging_night_care_rule_name(s->night_care) ||
        (unsigned)s->night_care > CHARGING_NIGHT_CARE_WHOLE_ENHANCED)
        return err_set_field(e, ERR_INVALID, "night_care_rule", "Choose a night-care rule.");
    if (s->mig_uplift < 0 || (s->uplift_kind == CHARGING_UPLIFT_NONE && s->mig_uplift != 0) ||
        (s->uplift_kind == CHARGING_UPLIFT_PERCENT && s->mig_uplift > 10000))
        return err_set_field(e, ERR_INVALID, "mig_uplift",
                             "A Minimum Income Guarantee uplift is a percentage from 0 to 100, or "
                             "a weekly amount.");
    if (s->share_of_disposable_bp < 0 || s->share_of_disposable_bp > 10000)
        return err_set_field(e, ERR_INVALID, "percent_of_disposable_income",
                             "The share of disposable income taken is from 0 to 100 percent.");
    if (s->minimum_charge < 0 || s->dre_standard_allowance < 0 || s->capital_lower < 0 ||
        s->capital_upper < 0)
        return err_set(e, ERR_INVALID, "Amounts cannot be negative.");
    if (s->capital_lower && s->capital_upper && s->capital_lower > s->capital_upper)
        return err_set_field(e, ERR_INVALID, "capital_lower_limit",
                             "The lower capital limit cannot be above the upper one.");
    date_format_iso(s->effective_from, from);
    if (s->has_end)
        date_format_iso(s->effective_to, to);
    store_time_format(now, row->created_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO charging_settings (council_id, effective_from, "
                            "effective_to, night_care_rule, mig_uplift_kind, mig_uplift, "
                            "minimum_charge, share_of_disposable_bp, capital_lower, capital_upper, "
                            "dre_standard_allowance, monthly_nearest_penny, created_by, "
                            "created_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?, ?) RETURNING id",
                            &st, e)) != 0)
        return rc;
    store_bind_i64(st, 1, council_id);
    store_bind_text(st, 2, from);
    if (s->has_end)
        store_bind_text(st, 3, to);
    else
        store_bind_null(st, 3);
    store_bind_text(st, 4, charging_night_care_rule_name(s->night_care));
    store_bind_text(st, 5, uplift_name(s->uplift_kind));
    store_bind_i64(st, 6, s->mig_uplift);
    store_bind_i64(st, 7, s->minimum_charge);
    store_bind_i64(st, 8, s->share_of_disposable_bp);
    store_bind_i64(st, 9, s->capital_lower);
    store_bind_i64(st, 10, s->capital_upper);
    store_bind_i64(st, 11, s->dre_standard_allowance);
    store_bind_i64(st, 12, s->monthly_nearest_penny);
    store_bind_text(st, 13, by->id);
    store_bind_text(st, 14, by->name ? by->name : "");
    store_bind_text(st, 15, row->created_at);
    rc = store_step(st, e);
    if (rc == STORE_ROW)
        row->id = store_col_i64(st, 0);
    store_finish(st);
    return rc < 0 ? rc : 0;
}

#define SET_COLS                                                                                 \
    "id, effective_from, effective_to, night_care_rule, mig_uplift_kind, mig_uplift, "          \
    "minimum_charge, share_of_disposable_bp, capital_lower, capital_upper, "                    \
    "dre_standard_allowance, monthly_nearest_penny, created_by, created_by_name, created_at "

static int read_settings(struct store_stmt *st, struct arena *a, struct assess_charging_settings *out,
                         struct err *e)
{
    struct charging_settings *s = &out->s;
    bool nomem = false, ok = true;
    const char *t;
    memset(out, 0, sizeof *out);
    charging_settings_init(s);
    out->id = store_col_i64(st, 0);
    t = store_col_text(st, 1);
    ok &= t && date_parse_iso(t, strlen(t), &s->effective_from, "effective_from", NULL) == 0;
    if ((t = store_col_text(st, 2)) != NULL) {
        s->has_end = true;
        ok &= date_parse_iso(t, strlen(t), &s->effective_to, "effective_to", NULL) == 0;
    }
    ok &= charging_night_care_rule_parse(store_col_text(st, 3), &s->night_care) == 0;
    ok &= uplift_parse(store_col_text(st, 4), &s->uplift_kind) == 0;
    s->mig_uplift = store_col_i64(st, 5);
    s->minimum_charge = store_col_i64(st, 6);
    s->share_of_disposable_bp = store_col_i64(st, 7);
    s->capital_lower = store_col_i64(st, 8);
    s->capital_upper = store_col_i64(st, 9);
    s->dre_standard_allowance = store_col_i64(st, 10);
    s->monthly_nearest_penny = store_col_i64(st, 11) != 0;
    out->created_by = assess_col_dup(st, 12, a, &nomem);
    out->created_by_name = assess_col_dup(st, 13, a, &nomem);
    store_col_copy(st, 14, out->created_at, sizeof out->created_at);
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "Stored charging settings (id %" PRId64 ") could not be read.",
                       out->id);
    return 0;
}

int assess_charging_settings_list(struct store_conn *c, int64_t council_id, struct arena *a,
                                  struct assess_charging_settings **items, size_t *n,
                                  struct err *e)
{
    struct store_stmt *st;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT " SET_COLS "FROM charging_settings WHERE council_id = ? ORDER BY "
                            "effective_from DESC, id DESC",
                            &st, e)) != 0)
        return rc;
    store_bind_i64(st, 1, council_id);
    while ((rc = store_step(st, e)) == STORE_ROW) {
        struct assess_charging_settings *room = rec_grow(a, *items, *n, &cap, 8, sizeof *room);
        if (!room) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            break;
        }
        *items = room;
        if ((rc = read_settings(st, a, &(*items)[*n], e)) != 0)
            break;
        (*n)++;
    }
    store_finish(st);
    return rc < 0 ? rc : 0;
}

int assess_charging_settings_in_force(struct store_conn *c, int64_t council_id, day_t day,
                                      struct arena *a, struct assess_charging_settings *out,
                                      struct err *e)
{
    struct store_stmt *st;
    char d[DATE_ISO_SIZE];
    int rc;
    date_format_iso(day, d);
    /* The latest start not after the day; if that one has ended, nothing is in force (an ended
     * row is not silently replaced by an older one). */
    if ((rc = store_prepare(c,
                            "SELECT " SET_COLS "FROM charging_settings WHERE council_id = ? AND "
                            "effective_from <= ? ORDER BY effective_from DESC, id DESC LIMIT 1",
                            &st, e)) != 0)
        return rc;
    store_bind_i64(st, 1, council_id);
    store_bind_text(st, 2, d);
    rc = store_step(st, e);
    if (rc == STORE_ROW)
        rc = read_settings(st, a, out, e);
    else if (rc == STORE_DONE)
        rc = ERR_NOT_FOUND;
    store_finish(st);
    if (rc == 0 && out->s.has_end && out->s.effective_to < day)
        rc = ERR_NOT_FOUND;
    if (rc == ERR_NOT_FOUND)
        return err_set(e, ERR_NOT_FOUND, "The council has no charging settings in force on %s: "
                                         "the statutory rules apply.", d);
    return rc;
}

json_t *assess_charging_policy_json(const struct charging_settings *s)
{
    json_t *p = json_object();
    char m[MONEY_FMT_SIZE], pc[32];
    if (!p)
        return NULL;
    json_object_set_new(p, "night_care_rule", json_string(charging_night_care_rule_name(s->night_care)));
    if (s->uplift_kind == CHARGING_UPLIFT_PERCENT) {
        ras_percent_format(s->mig_uplift, pc, sizeof pc);
        json_object_set_new(p, "mig_uplift_percent", json_string(pc));
    } else if (s->uplift_kind == CHARGING_UPLIFT_FLAT) {
        money_format(s->mig_uplift, MONEY_FMT_PLAIN, m, sizeof m);
        json_object_set_new(p, "mig_uplift_weekly", json_string(m));
    }
    if (s->minimum_charge) {
        money_format(s->minimum_charge, MONEY_FMT_PLAIN, m, sizeof m);
        json_object_set_new(p, "minimum_charge", json_string(m));
    }
    ras_percent_format(s->share_of_disposable_bp, pc, sizeof pc);
    json_object_set_new(p, "percent_of_disposable_income", json_string(pc));
    if (s->capital_lower) {
        money_format(s->capital_lower, MONEY_FMT_PLAIN, m, sizeof m);
        json_object_set_new(p, "capital_lower_limit", json_string(m));
    }
    if (s->capital_upper) {
        money_format(s->capital_upper, MONEY_FMT_PLAIN, m, sizeof m);
        json_object_set_new(p, "capital_upper_limit", json_string(m));
    }
    if (s->dre_standard_allowance) {
        money_format(s->dre_standard_allowance, MONEY_FMT_PLAIN, m, sizeof m);
        json_object_set_new(p, "dre_standard_allowance", json_string(m));
    }
    json_object_set_new(p, "monthly_to_weekly_rounding",
                        json_string(s->monthly_nearest_penny ? "nearest_penny"
                                                             : "in_persons_favour"));
    return p;
}

/* ---- financial assessments ------------------------------------------------------------------ */

#define FIN_COLS                                                                                 \
    "id, person_id, effective_from, tax_year, settings_id, weekly_contribution, "               \
    "weekly_cost_of_care, full_cost, assessed_by, assessed_by_name, created_at, inputs_json, "   \
    "result_json "

static int read_finance(struct store_stmt *s, struct arena *a, struct assess_finance *out,
                        struct err *e)
{
    bool nomem = false, ok = true;
    const char *t;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    t = store_col_text(s, 2);
    ok &= t && date_parse_iso(t, strlen(t), &out->effective_from, "effective_from", NULL) == 0;
    out->tax_year = (int)store_col_i64(s, 3);
    out->settings_id = store_col_i64(s, 4);
    out->weekly_contribution = store_col_i64(s, 5);
    out->weekly_cost_of_care = store_col_i64(s, 6);
    out->full_cost = store_col_i64(s, 7) != 0;
    out->assessed_by = assess_col_dup(s, 8, a, &nomem);
    out->assessed_by_name = assess_col_dup(s, 9, a, &nomem);
    store_col_copy(s, 10, out->created_at, sizeof out->created_at);
    out->inputs_json = assess_col_dup(s, 11, a, &nomem);
    out->result_json = assess_col_dup(s, 12, a, &nomem);
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored financial assessment could not be read.");
    return 0;
}

static int finance_query(struct store_conn *c, const char *sql, int64_t council_id,
                         int64_t person_id, const char *day, int64_t id, struct arena *a,
                         struct assess_finance **items, size_t *n, size_t max, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    if (day)
        store_bind_text(s, 3, day);
    else if (id)
        store_bind_i64(s, 3, id);
    while ((max == 0 || *n < max) && (rc = store_step(s, e)) == STORE_ROW) {
        struct assess_finance *room = rec_grow(a, *items, *n, &cap, 4, sizeof *room);
        if (!room) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            break;
        }
        *items = room;
        if ((rc = read_finance(s, a, &(*items)[*n], e)) != 0)
            break;
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int assess_finance_in_force(struct store_conn *c, int64_t council_id, int64_t person_id, day_t day,
                            struct arena *a, struct assess_finance *out, struct err *e)
{
    struct assess_finance *items;
    size_t n;
    char d[DATE_ISO_SIZE];
    int rc;
    date_format_iso(day, d);
    if ((rc = finance_query(c,
                            "SELECT " FIN_COLS "FROM financial_assessments WHERE council_id = ? "
                            "AND person_id = ? AND effective_from <= ? ORDER BY effective_from "
                            "DESC, id DESC LIMIT 1",
                            council_id, person_id, d, 0, a, &items, &n, 1, e)) != 0)
        return rc;
    if (n == 0)
        return err_set(e, ERR_NOT_FOUND, "No financial assessment is in force for this person.");
    *out = items[0];
    return 0;
}

int assess_finance_list(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct assess_finance **items, size_t *n, struct err *e)
{
    return finance_query(c,
                         "SELECT " FIN_COLS "FROM financial_assessments WHERE council_id = ? AND "
                         "person_id = ? ORDER BY effective_from DESC, id DESC",
                         council_id, person_id, NULL, 0, a, items, n, 0, e);
}

int assess_finance_run(struct store_conn *c, int64_t council_id, int64_t person_id,
                       day_t effective_from, const char *input, size_t len,
                       const struct assess_actor *by, int64_t now, struct arena *a,
                       struct assess_finance *out, struct err *e)
{
    struct person p;
    struct assess_charging_settings set;
    struct charging_input in;
    struct charging_rates rates;
    struct charging_result res;
    struct store_stmt *s;
    struct err le = {0};
    struct buf result;
    json_t *doc = NULL, *v, *policy = NULL;
    json_error_t jerr;
    char *text = NULL, ty[8], day[DATE_ISO_SIZE], stamp[STORE_TIME_SIZE];
    bool have_settings = false;
    int64_t id = 0;
    int rc, age, year;

    buf_init(&result, FINANCE_INPUT_MAX);
    if ((rc = assess_need_tx(c, "A financial assessment", e)) != 0)
        goto done;
    if (!by || !by->id || !*by->id) {
        rc = err_set(e, ERR_INVALID, "Who made the financial assessment must be recorded.");
        goto done;
    }
    if (len > FINANCE_INPUT_MAX) {
        rc = err_set(e, ERR_INVALID, "The financial assessment is larger than 1 MiB.");
        goto done;
    }
    if ((rc = person_get(c, council_id, person_id, &p, e)) != 0)
        goto done;
    if (!(doc = json_loadb(input, len, JSON_REJECT_DUPLICATES, &jerr)) || !json_is_object(doc)) {
        rc = err_set(e, ERR_INVALID, "The financial assessment must be a JSON object%s%s.",
                     doc ? "" : ": ", doc ? "" : jerr.text);
        goto done;
    }
    if (json_object_get(doc, "policy")) {
        rc = err_set_field(e, ERR_INVALID, "policy",
                           "policy: the council's own charging settings in force on the effective "
                           "date apply; leave \"policy\" out (a council administrator changes "
                           "them).");
        goto done;
    }
    date_format_iso(effective_from, day);
    year = taxyear_of(effective_from);
    taxyear_format(year, ty);
    age = date_age_on(p.date_of_birth, effective_from);
    if ((v = json_object_get(doc, "tax_year")) != NULL &&
        !(json_is_string(v) && strcmp(json_string_value(v), ty) == 0)) {
        rc = err_set_field(e, ERR_INVALID, "tax_year",
                           "tax_year: the effective date %s is in tax year %s; leave tax_year out "
                           "or give that one.",
                           day, ty);
        goto done;
    }
    if ((v = json_object_get(doc, "age")) != NULL &&
        !(json_is_integer(v) && json_integer_value(v) == age)) {
        rc = err_set_field(e, ERR_INVALID, "age",
                           "age: the person is %d on the effective date (from their date of "
                           "birth); leave age out or give that.",
                           age);
        goto done;
    }
    json_object_set_new(doc, "tax_year", json_string(ty));
    json_object_set_new(doc, "age", json_integer(age));
    {
        struct err se = {0};
        int src = assess_charging_settings_in_force(c, council_id, effective_from, a, &set, &se);
        if (src == 0)
            have_settings = true;
        else if (src != ERR_NOT_FOUND) {
            rc = err_set(e, src, "%s", se.msg);
            goto done;
        }
    }
    if (have_settings) {
        if (!(policy = assess_charging_policy_json(&set.s))) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            goto done;
        }
        json_object_set_new(doc, "policy", policy);
    }
    if (!(text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER))) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    if ((rc = charging_json_parse(text, strlen(text), a, &in, e)) != 0 ||
        (rc = charging_rates_load(in.tax_year, &rates, e)) != 0 ||
        (rc = charging_assess(&rates, &in, a, &res, e)) != 0 ||
        (rc = charging_json_result(&res, &result, e)) != 0)
        goto done;

    date_format_iso(effective_from, day);
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "INSERT INTO financial_assessments (council_id, person_id, "
                            "effective_from, tax_year, settings_id, inputs_json, result_json, "
                            "weekly_contribution, weekly_cost_of_care, full_cost, assessed_by, "
                            "assessed_by_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    store_bind_text(s, 3, day);
    store_bind_i64(s, 4, year);
    store_bind_id_or_null(s, 5, have_settings ? set.id : 0);
    store_bind_text(s, 6, text);
    store_bind_text(s, 7, result.data);
    store_bind_i64(s, 8, res.weekly_contribution);
    store_bind_i64(s, 9, in.weekly_cost_of_care);
    store_bind_i64(s, 10, res.full_cost);
    store_bind_text(s, 11, by->id);
    store_bind_text(s, 12, by->name ? by->name : "");
    store_bind_text(s, 13, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0) {
        rc = rec_write_error(rc, &le, NULL, NULL, "person_id",
                             "There is no such person in this council", e);
        goto done;
    }
    {
        struct assess_finance *items;
        size_t n;
        rc = finance_query(c,
                           "SELECT " FIN_COLS "FROM financial_assessments WHERE council_id = ? AND "
                           "person_id = ? AND id = ?",
                           council_id, person_id, NULL, id, a, &items, &n, 1, e);
        if (rc == 0 && n == 1)
            *out = items[0];
    }
done:
    free(text);
    json_decref(doc);
    buf_release(&result);
    return rc;
}

/* ---- the net personal budget ---------------------------------------------------------------- */

int assess_net_budget(struct store_conn *c, int64_t council_id, int64_t person_id, day_t day,
                      struct assess_net_budget *out, struct err *e)
{
    struct arena a;
    struct assessment as;
    struct assess_calc calc;
    struct assess_finance fin;
    struct err le = {0};
    int rc;

    memset(out, 0, sizeof *out);
    arena_init(&a, 0);
    rc = assess_latest_completed(c, council_id, person_id, &a, &as, &le);
    /* A personal budget is for eligible needs (Care Act s.26): none when the decision says
     * they are not. */
    if (rc == 0) {
        struct assess_decision d;
        rc = assess_decision_get(c, council_id, as.id, &a, &d, &le);
        if (rc == 0 && !d.eligible)
            rc = ERR_NOT_FOUND;
    }
    if (rc == 0)
        rc = assess_budget_standing(c, council_id, as.id, &a, &calc, &le);
    if (rc == 0) {
        out->has_budget = true;
        out->assessment_id = as.id;
        out->calculation_id = calc.id;
        out->budget_weekly = calc.weekly;
        out->budget_annual = calc.annual;
    } else if (rc != ERR_NOT_FOUND) {
        if (e)
            *e = le;
        goto done;
    }
    err_clear(&le);
    rc = assess_finance_in_force(c, council_id, person_id, day, &a, &fin, &le);
    if (rc == 0) {
        out->has_contribution = true;
        out->financial_assessment_id = fin.id;
        out->contribution_weekly = fin.weekly_contribution;
        out->full_cost = fin.full_cost;
    } else if (rc != ERR_NOT_FOUND) {
        if (e)
            *e = le;
        goto done;
    }
    rc = 0;
    out->net_weekly = out->budget_weekly - out->contribution_weekly;
    if (out->net_weekly < 0)
        out->net_weekly = 0;
    out->net_annual = out->net_weekly * RAS_ANNUAL_WEEKS;
done:
    arena_release(&a);
    return rc;
}
