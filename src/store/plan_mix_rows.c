/* plan_mix_rows.c — the rows of the traditional-support report (see plan_store.h): every plan
 * version signed off in a period, costed exactly as its page costs it (plan_cost), in two
 * statements for the whole period (the plans with their people, then all their lines). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/pa_cost.h"
#include "domain/payroll/rates.h"
#include "domain/plan.h"
#include "domain/plan_mix.h"
#include "io/payroll_rates.h"
#include "io/plan_json.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/records.h"
#include "store/store.h"

#define SIGNED_IN_RANGE                                                                          \
    "pl.council_id = ? AND pl.status IN ('signed_off', 'superseded') AND pl.signed_off_on >= ? " \
    "AND pl.signed_off_on <= ?"

struct mix_plan {
    int64_t id;
    day_t start;
    struct plan_line *lines;
    size_t nlines, cap;
};

/* PA rates by tax year, loaded once per year the plans start in (a year's report needs two). */
struct rate_cache {
    int year[8];
    struct pa_cost_rates rates[8];
    size_t n;
};

static int rates_for(struct rate_cache *rc, day_t start, const struct plan_settings *st,
                     struct payroll_rates *pr, const struct pa_cost_rates **out, struct err *e)
{
    int year = taxyear_of(start), want = year, rcode;
    day_t on = start;
    struct err ne = {0};
    for (size_t i = 0; i < rc->n; i++)
        if (rc->year[i] == want) {
            *out = &rc->rates[i];
            return 0;
        }
    if (rc->n == 8)
        return err_set(e, ERR_UNSUPPORTED, "Plans start in too many tax years for one report.");
    /* As the plan page does: a year not loaded yet is costed at the nearest year we have. */
    if (payroll_rates_load(year, pr, &ne) != 0) {
        int years[32];
        size_t ny = payroll_rates_years(years, 32);
        if (ny == 0)
            return err_set(e, ERR_UNSUPPORTED, "There are no payroll rates to cost PA hours with.");
        year = years[ny - 1] < year ? years[ny - 1] : years[0];
        on = on < taxyear_start(year) ? taxyear_start(year) : taxyear_end(year);
        if ((rcode = payroll_rates_load(year, pr, e)) != 0)
            return rcode;
    }
    if ((rcode = pa_cost_rates_from_payroll(pr, PAY_WEEKLY, on, st->employment_allowance_claimed,
                                            st->pa_insurance_annual, 66, &rc->rates[rc->n],
                                            e)) != 0)
        return rcode;
    rc->year[rc->n] = want;
    *out = &rc->rates[rc->n++];
    return 0;
}

static int load_lines(struct store_conn *c, int64_t council_id, const char *df, const char *dt,
                      struct mix_plan *plans, size_t nplans, struct arena *a, struct err *e)
{
    struct store_stmt *s;
    size_t j = 0;
    bool nomem = false, ok = true;
    int rc;
    if ((rc = store_prepare(c,
                            "SELECT l.plan_id, l.line_key, l.kind, l.frequency, l.quantity, "
                            "l.unit_cost, l.managed_by, l.day_centre, l.pa_name, l.pa_born, "
                            "l.pa_pension FROM plan_lines l JOIN plans pl ON pl.council_id = "
                            "l.council_id AND pl.id = l.plan_id WHERE " SIGNED_IN_RANGE
                            " ORDER BY l.plan_id, l.ord",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, df);
    store_bind_text(s, 3, dt);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        int64_t pid = store_col_i64(s, 0);
        struct mix_plan *mp;
        struct plan_line *l;
        const char *t;
        while (j < nplans && plans[j].id < pid)
            j++;
        if (j == nplans || plans[j].id != pid)
            continue; /* a plan signed off between the two statements: counted next time */
        mp = &plans[j];
        if ((rc = pu_grow(a, (void **)&mp->lines, &mp->cap, mp->nlines, sizeof *mp->lines, e)) != 0)
            break;
        l = &mp->lines[mp->nlines++];
        memset(l, 0, sizeof *l);
        l->id = pu_text(a, s, 1, &nomem);
        ok &= plan_line_kind_parse(store_col_text(s, 2), &l->kind) == 0;
        l->description = "line"; /* not part of the cost; the costing only needs it present */
        ok &= plan_frequency_parse(store_col_text(s, 3), &l->frequency) == 0;
        l->quantity = store_col_i64(s, 4);
        l->unit_cost = store_col_i64(s, 5);
        ok &= choice_option_parse(store_col_text(s, 6), &l->managed_by) == 0;
        l->day_centre = store_col_i64(s, 7) != 0;
        t = pu_text(a, s, 8, &nomem);
        l->pa_name = t && *t ? t : NULL;
        l->pa_born_known = !store_col_is_null(s, 9);
        ok &= pu_date(s, 9, &l->pa_born);
        ok &= plan_json_pension_parse(store_col_text(s, 10), &l->pa_pension) == 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored plan line could not be read.");
    return 0;
}

int plan_report_mix_rows(struct store_conn *c, int64_t council_id, day_t from, day_t to,
                         struct arena *a, struct plan_mix_row **rows, size_t *n, struct err *e)
{
    struct store_stmt *s;
    struct plan_mix_row *v = NULL;
    struct mix_plan *plans = NULL;
    struct plan_settings st;
    struct rate_cache *cache = NULL;
    struct payroll_rates *pr = NULL;
    struct arena scratch;
    size_t cap = 0, pcap = 0, count = 0;
    bool nomem = false, ok = true;
    char df[DATE_ISO_SIZE], dt[DATE_ISO_SIZE];
    int rc;
    *rows = NULL;
    *n = 0;
    if (to < from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the period is before its start.");
    if ((rc = plan_settings_get(c, council_id, &st, e)) != 0)
        return rc;
    date_format_iso(from, df);
    date_format_iso(to, dt);
    if ((rc = store_prepare(c,
                            "SELECT pl.id, pl.start_date, pl.signed_off_on, p.reference, "
                            "p.client_group, s.name, t.name FROM plans pl JOIN people p ON "
                            "p.council_id = pl.council_id AND p.id = pl.person_id LEFT JOIN staff "
                            "s ON s.council_id = p.council_id AND s.id = p.allocated_worker_id "
                            "LEFT JOIN teams t ON t.council_id = s.council_id AND t.id = "
                            "s.team_id WHERE " SIGNED_IN_RANGE " ORDER BY pl.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, df);
    store_bind_text(s, 3, dt);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct plan_mix_row *r;
        enum client_group g = CLIENT_OTHER;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0 ||
            (rc = pu_grow(a, (void **)&plans, &pcap, count, sizeof *plans, e)) != 0)
            break;
        r = &v[count];
        memset(r, 0, sizeof *r);
        memset(&plans[count], 0, sizeof plans[count]);
        plans[count].id = r->plan_id = store_col_i64(s, 0);
        ok &= pu_date(s, 1, &plans[count].start);
        ok &= pu_date(s, 2, &r->signed_off_on);
        r->person_ref = pu_text(a, s, 3, &nomem);
        (void)client_group_parse(store_col_text(s, 4), &g);
        r->client_group = client_group_label(g);
        r->worker = pu_text(a, s, 5, &nomem);
        r->team = pu_text(a, s, 6, &nomem);
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored plan date could not be read.");
    if ((rc = load_lines(c, council_id, df, dt, plans, count, a, e)) != 0)
        return rc;

    /* Each plan costed as its page costs it, in a scratch arena emptied after each plan: the
     * working (explanations, warnings) is a few kilobytes a plan, too much to keep for 100,000. */
    arena_init(&scratch, 0);
    cache = calloc(1, sizeof *cache);
    pr = malloc(sizeof *pr);
    if (!cache || !pr) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        struct plan p;
        struct plan_costing_input in;
        struct plan_costing out;
        bool has_pa = false;
        memset(&p, 0, sizeof p);
        memset(&in, 0, sizeof in);
        p.id = "report";
        p.person_ref = v[i].person_ref && *v[i].person_ref ? v[i].person_ref : "-";
        p.version = 1;
        p.status = PLAN_SIGNED_OFF;
        p.start_date = plans[i].start;
        p.lines = plans[i].lines;
        p.nlines = plans[i].nlines;
        for (size_t k = 0; k < p.nlines; k++) {
            has_pa |= p.lines[k].kind == PLAN_LINE_PA_HOURS;
            if (plan_line_is_traditional(&p.lines[k]))
                v[i].traditional_lines++;
            else
                v[i].other_lines++;
        }
        in.on = p.start_date;
        if (has_pa && (rc = rates_for(cache, p.start_date, &st, pr, &in.pa_rates, e)) != 0)
            goto done;
        rc = plan_cost(&p, &in, &scratch, &out, e);
        if (rc != 0) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            err_clear(e);
            rc = err_set(e, rc, "The plan of %s (plan id %" PRId64 ") could not be costed: %s",
                         p.person_ref, plans[i].id, msg);
            goto done;
        }
        v[i].traditional = out.traditional;
        v[i].other = out.other;
        arena_release(&scratch);
    }
    *rows = v;
    *n = count;
    rc = 0;
done:
    arena_release(&scratch);
    free(cache);
    free(pr);
    return rc;
}
