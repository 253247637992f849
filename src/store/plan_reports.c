/* plan_reports.c — the rows behind the managers' choice report and the plans-due worklist (see
 * plan_store.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/choice_report.h"
#include "store/plan_records.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/records.h"
#include "store/store.h"

int plan_report_choice_rows(struct store_conn *c, int64_t council_id, day_t from, day_t to,
                            struct arena *a, struct choice_report_row **rows, size_t *n,
                            struct err *e)
{
    struct store_stmt *s;
    struct choice_report_row *v = NULL;
    int64_t *ids = NULL;
    size_t cap = 0, count = 0, idcap = 0;
    bool nomem = false, ok = true;
    char df[DATE_ISO_SIZE], dt[DATE_ISO_SIZE];
    int rc;
    *rows = NULL;
    *n = 0;
    if (to < from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the period is before its start.");
    date_format_iso(from, df);
    date_format_iso(to, dt);
    /* The latest budget agreed in the period, per person (a budget later replaced still counts:
     * it was agreed in the period). */
    if ((rc = store_prepare(c,
                            "SELECT p.id, p.reference, p.client_group, s.name, t.name, b.agreed_on "
                            "FROM plan_budgets b JOIN people p ON p.council_id = b.council_id AND "
                            "p.id = b.person_id LEFT JOIN staff s ON s.council_id = p.council_id "
                            "AND s.id = p.allocated_worker_id LEFT JOIN teams t ON t.council_id = "
                            "s.council_id AND t.id = s.team_id WHERE b.council_id = ? AND "
                            "b.agreed_on >= ? AND b.agreed_on <= ? AND b.id = (SELECT max(b2.id) "
                            "FROM plan_budgets b2 WHERE b2.council_id = b.council_id AND "
                            "b2.person_id = b.person_id AND b2.agreed_on >= ? AND b2.agreed_on <= "
                            "?) ORDER BY p.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, df);
    store_bind_text(s, 3, dt);
    store_bind_text(s, 4, df);
    store_bind_text(s, 5, dt);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct choice_report_row *r;
        enum client_group g = CLIENT_OTHER;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0 ||
            (rc = pu_grow(a, (void **)&ids, &idcap, count, sizeof *ids, e)) != 0)
            break;
        r = &v[count];
        memset(r, 0, sizeof *r);
        ids[count] = store_col_i64(s, 0);
        r->person_ref = pu_text(a, s, 1, &nomem);
        (void)client_group_parse(store_col_text(s, 2), &g);
        r->client_group = client_group_label(g);
        r->worker = pu_text(a, s, 3, &nomem);
        r->team = pu_text(a, s, 4, &nomem);
        ok &= pu_date(s, 5, &r->budget_agreed_on);
        count++;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored budget date could not be read.");
    /* Every person's latest offer in one statement, matched to the budget rows by person id
     * (both ordered by it; one row per person on each side). This was a query per person, which
     * dominated a year's report of a large council. */
    {
        struct plan_choice_row *offers;
        size_t noffers, j = 0;
        if ((rc = plan_choice_latest_for_budgets(c, council_id, from, to, a, &offers, &noffers,
                                                 e)) != 0)
            return rc;
        for (size_t i = 0; i < count && j < noffers; i++) {
            while (j < noffers && offers[j].person_id < ids[i])
                j++;
            if (j < noffers && offers[j].person_id == ids[i])
                v[i].choice = &offers[j++].rec;
        }
    }
    *rows = v;
    *n = count;
    return 0;
}

int plan_report_due(struct store_conn *c, int64_t council_id, int64_t worker_id, int64_t team_of,
                    struct arena *a, struct plan_due_row **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    struct plan_due_row *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false, ok = true;
    int rc, k = 1;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            worker_id > 0
                                ? "SELECT p.id, p.given_name, p.family_name, p.reference, "
                                  "b.agreed_on, b.plan_due_on, (SELECT pl.status FROM plans pl "
                                  "WHERE pl.council_id = p.council_id AND pl.person_id = p.id "
                                  "ORDER BY pl.version DESC LIMIT 1) FROM plan_budgets b JOIN "
                                  "people p ON p.council_id = b.council_id AND p.id = b.person_id "
                                  "WHERE b.council_id = ? AND b.status = 'agreed' AND "
                                  "p.allocated_worker_id = ? ORDER BY b.plan_due_on, p.id"
                            : team_of > 0
                                ? "SELECT p.id, p.given_name, p.family_name, p.reference, "
                                  "b.agreed_on, b.plan_due_on, (SELECT pl.status FROM plans pl "
                                  "WHERE pl.council_id = p.council_id AND pl.person_id = p.id "
                                  "ORDER BY pl.version DESC LIMIT 1) FROM plan_budgets b JOIN "
                                  "people p ON p.council_id = b.council_id AND p.id = b.person_id "
                                  "JOIN staff s ON s.council_id = p.council_id AND s.id = "
                                  "p.allocated_worker_id WHERE b.council_id = ? AND b.status = "
                                  "'agreed' AND s.team_id = ? ORDER BY b.plan_due_on, p.id"
                                : "SELECT p.id, p.given_name, p.family_name, p.reference, "
                                  "b.agreed_on, b.plan_due_on, (SELECT pl.status FROM plans pl "
                                  "WHERE pl.council_id = p.council_id AND pl.person_id = p.id "
                                  "ORDER BY pl.version DESC LIMIT 1) FROM plan_budgets b JOIN "
                                  "people p ON p.council_id = b.council_id AND p.id = b.person_id "
                                  "WHERE b.council_id = ? AND b.status = 'agreed' ORDER BY "
                                  "b.plan_due_on, p.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, k++, council_id);
    if (worker_id > 0)
        store_bind_i64(s, k, worker_id);
    else if (team_of > 0)
        store_bind_i64(s, k, team_of);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *st = store_col_text(s, 6);
        struct plan_due_row *r;
        const char *given, *family;
        /* Only people whose plan has not been sent for sign-off yet. */
        if (st && strcmp(st, "draft") != 0)
            continue;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        r = &v[count++];
        r->person_id = store_col_i64(s, 0);
        given = pu_text(a, s, 1, &nomem);
        family = pu_text(a, s, 2, &nomem);
        r->person_name = arena_printf(a, "%s %s", given, family);
        r->reference = pu_text(a, s, 3, &nomem);
        ok &= pu_date(s, 4, &r->agreed_on);
        ok &= pu_date(s, 5, &r->plan_due_on);
        r->plan_status = st ? "draft" : "none";
        if (!r->person_name)
            nomem = true;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored budget date could not be read.");
    *items = v;
    *n = count;
    return 0;
}
