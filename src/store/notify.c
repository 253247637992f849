/* notify.c — the outbox of reminders (see notify.h). */
#include "store/notify.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/notify.h"
#include "domain/plan_budget.h"
#include "io/sendmail.h"
#include "store/plan_store.h"
#include "store/plan_util.h"
#include "store/store.h"

#define CLAIM_SECONDS 600

struct due_person {
    int64_t id;
    const char *given, *ref, *email, *worker_email;
    bool easy_read, opted_out;
    day_t agreed_on;
};

/* One row, unless (council, event, recipient) is there already. *created says which. */
static int queue_one(struct store_conn *c, int64_t council_id, int64_t person_id,
                     const char *event, const char *to, const char *kind, bool easy_read,
                     const struct notify_text *t, bool opted_out, const char *stamp,
                     bool *created, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c,
                           "INSERT INTO notifications (council_id, person_id, event_key, "
                           "recipient, recipient_kind, easy_read, subject, body, status, "
                           "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
                           "(council_id, event_key, recipient) DO NOTHING",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    store_bind_text(s, 3, event);
    store_bind_text(s, 4, to);
    store_bind_text(s, 5, kind);
    store_bind_i64(s, 6, easy_read ? 1 : 0);
    store_bind_text(s, 7, t->subject);
    store_bind_text(s, 8, t->body);
    store_bind_text(s, 9, opted_out ? "opted_out" : "pending");
    store_bind_text(s, 10, stamp);
    rc = store_step(s, e);
    *created = rc == STORE_DONE && store_changes(s) == 1;
    store_finish(s);
    return rc < 0 ? rc : 0;
}

static int load_due_people(struct store_conn *c, int64_t council_id, struct arena *a,
                           struct due_person **out, size_t *n, struct err *e)
{
    struct store_stmt *s;
    struct due_person *v = NULL;
    size_t cap = 0, count = 0;
    bool nomem = false, ok = true;
    int rc;
    /* Agreed budgets whose person has not sent a plan for sign-off (no plan, or the latest
     * version still a draft). */
    if ((rc = store_prepare(c,
                            "SELECT p.id, p.given_name, p.reference, p.email, p.easy_read, "
                            "coalesce(w.email, ''), b.agreed_on, CASE WHEN EXISTS (SELECT 1 FROM "
                            "notify_opt_outs o WHERE o.council_id = p.council_id AND o.person_id "
                            "= p.id) THEN 1 ELSE 0 END, (SELECT pl.status FROM plans pl WHERE pl.council_id = "
                            "p.council_id AND pl.person_id = p.id ORDER BY pl.version DESC LIMIT "
                            "1) FROM plan_budgets b JOIN people p ON p.council_id = b.council_id "
                            "AND p.id = b.person_id LEFT JOIN staff w ON w.council_id = "
                            "p.council_id AND w.id = p.allocated_worker_id AND w.active = 1 "
                            "WHERE b.council_id = ? AND b.status = 'agreed' ORDER BY p.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        const char *st = store_col_text(s, 8);
        struct due_person *d;
        if (st && strcmp(st, "draft") != 0)
            continue;
        if ((rc = pu_grow(a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        d = &v[count++];
        d->id = store_col_i64(s, 0);
        d->given = pu_text(a, s, 1, &nomem);
        d->ref = pu_text(a, s, 2, &nomem);
        d->email = pu_text(a, s, 3, &nomem);
        d->easy_read = store_col_i64(s, 4) != 0;
        d->worker_email = pu_text(a, s, 5, &nomem);
        ok &= pu_date(s, 6, &d->agreed_on);
        d->opted_out = store_col_i64(s, 7) != 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored budget date could not be read.");
    *out = v;
    *n = count;
    return 0;
}

int notify_queue_plan_reminders(struct store_conn *c, int64_t council_id, day_t today,
                                int64_t now, struct notify_counts *counts, struct err *e)
{
    struct plan_settings st;
    struct plan_period_rules rules;
    struct due_person *people = NULL;
    struct arena a;
    char stamp[STORE_TIME_SIZE];
    size_t n = 0;
    int rc;
    arena_init(&a, 0);
    store_time_format(now, stamp);
    if ((rc = store_begin(c, e)) != 0)
        goto out;
    if ((rc = plan_settings_get(c, council_id, &st, e)) != 0 ||
        (rc = plan_settings_period(&st, &rules, e)) != 0 ||
        (rc = load_due_people(c, council_id, &a, &people, &n, e)) != 0)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const struct due_person *d = &people[i];
        struct plan_period_status ps;
        struct notify_text t;
        char agreed[DATE_ISO_SIZE], rem[DATE_ISO_SIZE];
        const char *event;
        bool created;
        if ((rc = plan_period_status(&rules, d->agreed_on, false, today, &a, &ps, e)) != 0)
            goto fail;
        /* Only while the period is running and a reminder date has come: one event per date. */
        if (ps.last_reminder == 0 ||
            (ps.state != PLAN_PERIOD_DUE_SOON && ps.state != PLAN_PERIOD_DUE_TODAY))
            continue;
        date_format_iso(d->agreed_on, agreed);
        date_format_iso(ps.last_reminder, rem);
        event = arena_printf(&a, "plan-due:%" PRId64 ":%s:%s", d->id, agreed, rem);
        if (!event) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            goto fail;
        }
        if (notify_address_ok(d->email)) {
            if ((rc = notify_plan_due_text(NOTIFY_PERSON, d->easy_read, d->given, d->ref, ps.due,
                                           (int)(ps.due - ps.last_reminder), st.support_service,
                                           &a, &t, e)) != 0 ||
                (rc = queue_one(c, council_id, d->id, event, d->email, "person", d->easy_read, &t,
                                d->opted_out, stamp, &created, e)) != 0)
                goto fail;
            if (created) {
                if (d->opted_out)
                    counts->opted_out++;
                else
                    counts->queued++;
            }
        }
        if (notify_address_ok(d->worker_email)) {
            if ((rc = notify_plan_due_text(NOTIFY_WORKER, false, d->given, d->ref, ps.due,
                                           (int)(ps.due - ps.last_reminder), st.support_service,
                                           &a, &t, e)) != 0 ||
                (rc = queue_one(c, council_id, d->id, event, d->worker_email, "worker", false, &t,
                                false, stamp, &created, e)) != 0)
                goto fail;
            counts->queued += created;
        }
    }
    rc = store_commit(c, e);
    goto out;
fail:
    store_rollback(c);
out:
    arena_release(&a);
    return rc;
}

#define AGREEMENT_EVERY_DAYS 7 /* a reminder a week after the offer ... */
#define AGREEMENT_MAX_WEEKS 4  /* ... for four weeks; after that it is the worker's casework */

int notify_queue_agreement_reminders(struct store_conn *c, int64_t council_id, day_t today,
                                     int64_t now, struct notify_counts *counts, struct err *e)
{
    struct store_stmt *s;
    struct arena a;
    char stamp[STORE_TIME_SIZE];
    struct row {
        int64_t agreement, person;
        const char *given, *ref, *email, *worker_email;
        bool easy_read, opted_out;
        day_t offered;
    } *v = NULL;
    size_t cap = 0, n = 0;
    bool nomem = false, ok = true;
    int rc;
    arena_init(&a, 0);
    store_time_format(now, stamp);
    if ((rc = store_begin(c, e)) != 0)
        goto out;
    if ((rc = store_prepare(c,
                            "SELECT a.id, substr(a.created_at, 1, 10), p.id, p.given_name, "
                            "p.reference, p.email, p.easy_read, coalesce(w.email, ''), CASE WHEN "
                            "EXISTS (SELECT 1 FROM notify_opt_outs o WHERE o.council_id = "
                            "p.council_id AND o.person_id = p.id) THEN 1 ELSE 0 END FROM "
                            "dp_agreements a JOIN people p ON p.council_id = a.council_id AND "
                            "p.id = a.person_id LEFT JOIN staff w ON w.council_id = p.council_id "
                            "AND w.id = p.allocated_worker_id AND w.active = 1 WHERE "
                            "a.council_id = ? AND a.status = 'offered' ORDER BY a.id",
                            &s, e)) != 0)
        goto fail;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct row *r;
        if ((rc = pu_grow(&a, (void **)&v, &cap, n, sizeof *v, e)) != 0)
            break;
        r = &v[n++];
        r->agreement = store_col_i64(s, 0);
        ok &= pu_date(s, 1, &r->offered);
        r->person = store_col_i64(s, 2);
        r->given = pu_text(&a, s, 3, &nomem);
        r->ref = pu_text(&a, s, 4, &nomem);
        r->email = pu_text(&a, s, 5, &nomem);
        r->easy_read = store_col_i64(s, 6) != 0;
        r->worker_email = pu_text(&a, s, 7, &nomem);
        r->opted_out = store_col_i64(s, 8) != 0;
    }
    store_finish(s);
    if (rc < 0)
        goto fail;
    if (nomem || !ok) {
        rc = err_set(e, nomem ? ERR_NOMEM : ERR_IO,
                     nomem ? "Out of memory." : "A stored agreement date could not be read.");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &v[i];
        int64_t waited = (int64_t)today - (int64_t)r->offered;
        int64_t week = waited / AGREEMENT_EVERY_DAYS;
        struct notify_text t;
        const char *event;
        bool created;
        if (week < 1 || week > AGREEMENT_MAX_WEEKS)
            continue;
        /* One event per week waited: the latest week only, so a sender that was down does not
         * send the missed weeks all at once. */
        event = arena_printf(&a, "agreement:%" PRId64 ":week-%" PRId64, r->agreement, week);
        if (!event) {
            rc = err_set(e, ERR_NOMEM, "Out of memory.");
            goto fail;
        }
        if (notify_address_ok(r->email)) {
            if ((rc = notify_agreement_text(NOTIFY_PERSON, r->easy_read, r->given, r->ref,
                                            r->offered, (int)waited, &a, &t, e)) != 0 ||
                (rc = queue_one(c, council_id, r->person, event, r->email, "person", r->easy_read,
                                &t, r->opted_out, stamp, &created, e)) != 0)
                goto fail;
            if (created) {
                if (r->opted_out)
                    counts->opted_out++;
                else
                    counts->queued++;
            }
        }
        if (notify_address_ok(r->worker_email)) {
            if ((rc = notify_agreement_text(NOTIFY_WORKER, false, r->given, r->ref, r->offered,
                                            (int)waited, &a, &t, e)) != 0 ||
                (rc = queue_one(c, council_id, r->person, event, r->worker_email, "worker", false,
                                &t, false, stamp, &created, e)) != 0)
                goto fail;
            counts->queued += created;
        }
    }
    rc = store_commit(c, e);
    goto out;
fail:
    store_rollback(c);
out:
    arena_release(&a);
    return rc;
}

int notify_queue_reminders(struct store_conn *c, int64_t council_id, day_t today, int64_t now,
                           struct notify_counts *counts, struct err *e)
{
    int rc = notify_queue_plan_reminders(c, council_id, today, now, counts, e);
    if (rc == 0)
        rc = notify_queue_agreement_reminders(c, council_id, today, now, counts, e);
    return rc;
}

struct due_row {
    int64_t id, attempts;
    const char *to, *subject, *body;
    bool person, opted_out;
};


/* Runs an UPDATE (or INSERT) with int64 ('i') and text ('t') arguments; *changed (may be NULL)
 * gets the rows it changed. */
static int update(struct store_conn *c, const char *sql, const char *fmt, int64_t *changed,
                  struct err *e, ...)
{
    struct store_stmt *s;
    va_list ap;
    int rc, k = 1;
    if ((rc = store_prepare(c, sql, &s, e)) != 0)
        return rc;
    va_start(ap, e);
    for (const char *f = fmt; *f; f++, k++) {
        if (*f == 'i')
            store_bind_i64(s, k, va_arg(ap, int64_t));
        else
            store_bind_text(s, k, va_arg(ap, const char *));
    }
    va_end(ap);
    rc = store_step(s, e);
    if (changed)
        *changed = rc == STORE_DONE ? store_changes(s) : 0;
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int notify_send_due(struct store_conn *c, const char *program, const char *from, int64_t now,
                    int max, struct notify_counts *counts, struct err *e)
{
    struct store_stmt *s;
    struct due_row *v = NULL;
    struct arena a;
    size_t cap = 0, count = 0;
    bool nomem = false;
    char stamp[STORE_TIME_SIZE];
    int rc;
    arena_init(&a, 0);
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "SELECT n.id, n.attempts, n.recipient, n.subject, n.body, "
                            "n.recipient_kind, CASE WHEN EXISTS (SELECT 1 FROM notify_opt_outs o "
                            "WHERE o.council_id = n.council_id AND o.person_id = n.person_id) "
                            "THEN 1 ELSE 0 END FROM "
                            "notifications n WHERE n.status = 'pending' AND n.next_attempt_unix "
                            "<= ? ORDER BY n.next_attempt_unix, n.id LIMIT ?",
                            &s, e)) != 0)
        goto out;
    store_bind_i64(s, 1, now);
    store_bind_i64(s, 2, max > 0 ? max : 1000);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct due_row *d;
        const char *kind;
        if ((rc = pu_grow(&a, (void **)&v, &cap, count, sizeof *v, e)) != 0)
            break;
        d = &v[count++];
        d->id = store_col_i64(s, 0);
        d->attempts = store_col_i64(s, 1);
        d->to = pu_text(&a, s, 2, &nomem);
        d->subject = pu_text(&a, s, 3, &nomem);
        d->body = pu_text(&a, s, 4, &nomem);
        kind = store_col_text(s, 5);
        d->person = kind && strcmp(kind, "person") == 0;
        d->opted_out = store_col_i64(s, 6) != 0;
    }
    store_finish(s);
    if (rc < 0)
        goto out;
    if (nomem) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto out;
    }
    for (size_t i = 0; i < count; i++) {
        const struct due_row *d = &v[i];
        struct notify_text t = {d->subject, d->body};
        struct err se = {0};
        const char *msg = NULL;
        int64_t changed = 0;
        if (d->person && d->opted_out) {
            /* Queued before the person opted out: it does not go. */
            if ((rc = update(c, "UPDATE notifications SET status = 'opted_out' WHERE id = ? AND "
                                "status = 'pending'",
                             "i", NULL, e, d->id)) != 0)
                goto out;
            continue;
        }
        /* Claim it: only one sender moves the next attempt on from a time that has come. */
        if ((rc = update(c, "UPDATE notifications SET next_attempt_unix = ? WHERE id = ? AND "
                            "status = 'pending' AND next_attempt_unix <= ?",
                         "iii", &changed, e, now + CLAIM_SECONDS, d->id, now)) != 0)
            goto out;
        if (changed != 1)
            continue;
        if (notify_message(from, d->to, &t, &a, &msg, &se) == 0 &&
            sendmail_run(program, d->to, msg, &se) == 0) {
            if ((rc = update(c, "UPDATE notifications SET status = 'sent', sent_at = ?, attempts "
                                "= attempts + 1, last_error = '' WHERE id = ?",
                             "ti", NULL, e, stamp, d->id)) != 0)
                goto out;
            counts->sent++;
        } else {
            char why[500];
            snprintf(why, sizeof why, "%.480s", se.msg);
            if ((rc = update(c, "UPDATE notifications SET attempts = attempts + 1, "
                                "next_attempt_unix = ?, last_error = ? WHERE id = ?",
                             "iti", NULL, e, now + notify_retry_after((int)d->attempts + 1), why,
                             d->id)) != 0)
                goto out;
            counts->failed++;
        }
    }
    rc = 0;
out:
    arena_release(&a);
    return rc;
}

int notify_opt_out_set(struct store_conn *c, int64_t council_id, int64_t person_id, bool out,
                       int64_t now, struct err *e)
{
    char stamp[STORE_TIME_SIZE];
    store_time_format(now, stamp);
    if (out)
        return update(c, "INSERT INTO notify_opt_outs (council_id, person_id, created_at) VALUES "
                         "(?, ?, ?) ON CONFLICT (council_id, person_id) DO NOTHING",
                      "iit", NULL, e, council_id, person_id, stamp);
    return update(c, "DELETE FROM notify_opt_outs WHERE council_id = ? AND person_id = ?", "ii",
                  NULL, e, council_id, person_id);
}

int notify_queue_all(struct store_conn *c, day_t today, int64_t now, struct notify_counts *counts,
                     struct err *e)
{
    struct store_stmt *s;
    int64_t ids[4096];
    size_t n = 0;
    int rc;
    if ((rc = store_prepare(c, "SELECT id FROM councils ORDER BY id", &s, e)) != 0)
        return rc;
    while ((rc = store_step(s, e)) == STORE_ROW && n < sizeof ids / sizeof ids[0])
        ids[n++] = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        if ((rc = notify_queue_reminders(c, ids[i], today, now, counts, e)) != 0)
            return rc;
    return 0;
}

int notify_opted_out(struct store_conn *c, int64_t council_id, int64_t person_id, bool *out,
                     struct err *e)
{
    int64_t p[2] = {council_id, person_id}, n = 0;
    int rc = store_query_i64(c, "SELECT count(*) FROM notify_opt_outs WHERE council_id = ? AND "
                                "person_id = ?",
                             2, p, &n, e);
    *out = rc == 0 && n > 0;
    return rc;
}
