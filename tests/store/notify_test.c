/* The outbox of reminders (store/notify.h) with a stand-in for sendmail: a script that appends
 * each message to a file, and one that always fails. Nothing is sent twice, a failure is tried
 * again later, and a person who opted out gets nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../check.h"
#include "base/buf.h"
#include "base/err.h"
#include "fixtures.h"
#include "store/notify.h"

static int run(struct store_conn *c, const char *sql, const char *t1, int64_t i1, int64_t i2)
{
    struct store_stmt *s;
    struct err e = {0};
    int rc = store_prepare(c, sql, &s, &e);
    if (rc != 0)
        return rc;
    store_bind_text(s, 1, t1);
    store_bind_i64(s, 2, i1);
    store_bind_i64(s, 3, i2);
    rc = store_step(s, &e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* A person with an e-mail address, allocated to worker, whose budget was agreed on `agreed`. */
static int64_t person_with_budget(struct store_conn *c, int64_t council, int64_t worker,
                                  const char *given, const char *email, bool easy, day_t agreed)
{
    char on[DATE_ISO_SIZE], due[DATE_ISO_SIZE];
    int64_t p = fx_person(c, council, given, "Tester", "1960-05-01", NULL);
    date_format_iso(agreed, on);
    date_format_iso(agreed + 42, due);
    CHECK_INT(run(c, "UPDATE people SET email = ?, allocated_worker_id = ? WHERE id = ?", email,
                  worker, p),
              0);
    if (easy)
        CHECK_INT(run(c, "UPDATE people SET easy_read = 1 WHERE email = ? AND council_id = ? AND "
                         "id = ?",
                      email, council, p),
                  0);
    {
        struct store_stmt *s;
        struct err e = {0};
        CHECK_INT(store_prepare(c,
                                "INSERT INTO plan_budgets (council_id, person_id, annual, status, "
                                "hash, proposed_by, proposed_on, agreed_on, agreed_by, "
                                "plan_due_on, created_at, updated_at) VALUES (?, ?, 1000000, "
                                "'agreed', "
                                "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', "
                                "?, ?, ?, ?, ?, 'x', 'x')",
                                &s, &e),
                  0);
        store_bind_i64(s, 1, council);
        store_bind_i64(s, 2, p);
        store_bind_i64(s, 3, worker);
        store_bind_text(s, 4, on);
        store_bind_text(s, 5, on);
        store_bind_i64(s, 6, worker);
        store_bind_text(s, 7, due);
        CHECK_INT(store_step(s, &e), STORE_DONE);
        store_finish(s);
    }
    return p;
}

static void write_script(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
    CHECK_INT(chmod(path, 0700), 0);
}

static int count_in(const char *path, const char *needle)
{
    struct buf b;
    struct err e = {0};
    int n = 0;
    buf_init(&b, 1 << 20);
    if (buf_read_file(&b, path, &e) == 0)
        for (const char *p = b.data; (p = strstr(p, needle)) != NULL; p++)
            n++;
    buf_release(&b);
    return n;
}

static int64_t status_count(struct store_conn *c, const char *status)
{
    struct store_stmt *s;
    struct err e = {0};
    int64_t n = -1;
    if (store_prepare(c, "SELECT count(*) FROM notifications WHERE status = ?", &s, &e) != 0)
        return -1;
    store_bind_text(s, 1, status);
    if (store_step(s, &e) == STORE_ROW)
        n = store_col_i64(s, 0);
    store_finish(s);
    return n;
}

STORE_TEST(notify_outbox_sends_once_retries_failures_and_respects_opt_out)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct notify_counts k;
    char dir[] = "/tmp/selfdirect-notify-XXXXXX", ok[128], bad[128], out[128], script[512];
    int64_t council = fx_council(c, "NTF");
    int64_t worker = fx_staff(c, council, 0, "worker@ntf.example", ROLE_SOCIAL_WORKER);
    day_t today = (day_t)(FX_NOW / 86400), agreed = today - 35; /* 7 days before the target */
    int64_t ann, bob, cat;
    int64_t now = FX_NOW;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(ok, sizeof ok, "%s/ok.sh", dir);
    snprintf(bad, sizeof bad, "%s/fail.sh", dir);
    snprintf(out, sizeof out, "%s/sent.txt", dir);
    snprintf(script, sizeof script,
             "#!/bin/sh\n[ \"$1\" = -i ] && [ \"$2\" = -- ] || exit 64\n"
             "{ echo \"RCPT $3\"; cat; echo; echo \"--END--\"; } >> '%s'\n",
             out);
    write_script(ok, script);
    write_script(bad, "#!/bin/sh\ncat >/dev/null\nexit 75\n");
    ann = person_with_budget(c, council, worker, "Ann", "ann@people.example", false, agreed);
    bob = person_with_budget(c, council, worker, "Bob", "bob@people.example", true, agreed);
    /* Not due yet: agreed yesterday (the first reminder is 14 days before the target). */
    person_with_budget(c, council, worker, "Dan", "dan@people.example", false, today - 1);
    (void)ann;
    (void)bob;

    /* Ann and Bob: one row each, and one each to their worker: four. Again: none. */
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_queue_plan_reminders(c, council, today, now, &k, &e), 0);
    CHECK_INT(k.queued, 4);
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_queue_plan_reminders(c, council, today, now + 60, &k, &e), 0);
    CHECK_INT(k.queued, 0);

    /* The program fails: nothing is marked sent; each is tried again later, not at once. */
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_send_due(c, bad, "council@ntf.example", now, 100, &k, &e), 0);
    CHECK_INT(k.failed, 4);
    CHECK_INT(k.sent, 0);
    CHECK_INT(status_count(c, "pending"), 4);
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_send_due(c, ok, "council@ntf.example", now + 60, 100, &k, &e), 0);
    CHECK_INT(k.sent + k.failed, 0);
    CHECK_INT(count_in(out, "--END--"), 0);

    /* After the wait the working program gets each once. */
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_send_due(c, ok, "council@ntf.example", now + 900, 100, &k, &e), 0);
    CHECK_INT(k.sent, 4);
    CHECK_INT(status_count(c, "sent"), 4);
    CHECK_INT(count_in(out, "--END--"), 4);
    CHECK_INT(count_in(out, "RCPT ann@people.example"), 1);
    CHECK_INT(count_in(out, "RCPT worker@ntf.example"), 2);
    CHECK_INT(count_in(out, "Subject: Your support plan is due in 7 days"), 2);
    CHECK_INT(count_in(out, "Now you can make your support plan."), 1); /* Bob: easy read */
    CHECK_INT(count_in(out, "Dear Ann,"), 1);
    /* Never twice: sending and queueing again add nothing. */
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_send_due(c, ok, "council@ntf.example", now + 200000, 100, &k, &e), 0);
    CHECK_INT(notify_queue_plan_reminders(c, council, today, now + 200000, &k, &e), 0);
    CHECK_INT(k.sent + k.queued, 0);
    CHECK_INT(count_in(out, "--END--"), 4);

    /* Cat opted out before her reminder: her row is kept as opted out; her worker's goes. */
    cat = person_with_budget(c, council, worker, "Cat", "cat@people.example", false, agreed - 6);
    CHECK_INT(notify_opt_out_set(c, council, cat, true, now, &e), 0);
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_queue_plan_reminders(c, council, today, now + 300000, &k, &e), 0);
    CHECK_INT(k.queued, 1);
    CHECK_INT(k.opted_out, 1);
    /* Opting in again does not send what was held back for the opt-out. */
    CHECK_INT(notify_opt_out_set(c, council, cat, false, now, &e), 0);
    CHECK_INT(notify_opt_out_set(c, council, cat, true, now, &e), 0);
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_send_due(c, ok, "council@ntf.example", now + 300000, 100, &k, &e), 0);
    CHECK_INT(k.sent, 1);
    CHECK_INT(count_in(out, "RCPT cat@people.example"), 0);
    CHECK_INT(status_count(c, "opted_out"), 1);

    unlink(ok);
    unlink(bad);
    unlink(out);
    rmdir(dir);
    store_release(c);
}

/* An agreement offered on `offered` and not accepted, for a person with an e-mail address. */
static int64_t offered_agreement(struct store_conn *c, int64_t council, int64_t worker,
                                 day_t offered)
{
    struct store_stmt *s;
    struct err e = {0};
    char at[DATE_ISO_SIZE + 12], day[DATE_ISO_SIZE];
    int64_t person = fx_person(c, council, "Eve", "Tester", "1970-03-01", NULL), plan = 0, ag = 0;
    date_format_iso(offered, day);
    snprintf(at, sizeof at, "%sT10:00:00Z", day);
    CHECK_INT(run(c, "UPDATE people SET email = ?, allocated_worker_id = ? WHERE id = ?",
                  "eve@people.example", worker, person),
              0);
    CHECK_INT(store_prepare(c,
                            "INSERT INTO plans (council_id, person_id, version, status, start_date, "
                            "planned_by, submitted_hash, signed_off_hash, signed_off_on, created_at, "
                            "created_by, updated_at, updated_by) VALUES (?, ?, 1, 'signed_off', ?, "
                            "'self', "
                            "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', "
                            "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', ?, "
                            "'x', 'system', 'x', 'system') RETURNING id",
                            &s, &e),
              0);
    store_bind_i64(s, 1, council);
    store_bind_i64(s, 2, person);
    store_bind_text(s, 3, day);
    store_bind_text(s, 4, day);
    if (store_step(s, &e) == STORE_ROW)
        plan = store_col_i64(s, 0);
    store_finish(s);
    CHECK_INT(store_prepare(c,
                            "INSERT INTO dp_agreements (council_id, person_id, plan_id, plan_hash, "
                            "hash, title, body, recipient, account, start_date, dp_annual, "
                            "payment, first_review, next_review, status, created_by, created_at, "
                            "updated_at) VALUES (?, ?, ?, "
                            "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', "
                            "'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc', "
                            "'Direct payment agreement', '[]', 'person', 'bank', ?, 1300000, "
                            "100000, ?, ?, 'offered', ?, ?, ?) RETURNING id",
                            &s, &e),
              0);
    store_bind_i64(s, 1, council);
    store_bind_i64(s, 2, person);
    store_bind_i64(s, 3, plan);
    store_bind_text(s, 4, day);
    store_bind_text(s, 5, day);
    store_bind_text(s, 6, day);
    store_bind_i64(s, 7, worker);
    store_bind_text(s, 8, at);
    store_bind_text(s, 9, at);
    if (store_step(s, &e) == STORE_ROW)
        ag = store_col_i64(s, 0);
    store_finish(s);
    CHECK(ag > 0);
    return ag;
}

STORE_TEST(notify_agreement_not_accepted_is_reminded_weekly_for_four_weeks)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct notify_counts k;
    int64_t council = fx_council(c, "NTA");
    int64_t worker = fx_staff(c, council, 0, "worker@nta.example", ROLE_SOCIAL_WORKER);
    day_t today = (day_t)(FX_NOW / 86400);
    int64_t ag = offered_agreement(c, council, worker, today - 3);
    /* Three days: nothing yet. A week: the person and the worker, once. */
    memset(&k, 0, sizeof k);
    CHECK_INT(notify_queue_reminders(c, council, today, FX_NOW, &k, &e), 0);
    CHECK_INT(k.queued, 0);
    CHECK_INT(notify_queue_reminders(c, council, today + 4, FX_NOW, &k, &e), 0);
    CHECK_INT(k.queued, 2);
    CHECK_INT(notify_queue_reminders(c, council, today + 6, FX_NOW, &k, &e), 0);
    CHECK_INT(k.queued, 2);
    /* The second week: two more; after four weeks: no more. */
    CHECK_INT(notify_queue_reminders(c, council, today + 11, FX_NOW, &k, &e), 0);
    CHECK_INT(k.queued, 4);
    CHECK_INT(notify_queue_reminders(c, council, today + 40, FX_NOW, &k, &e), 0);
    CHECK_INT(k.queued, 4);
    /* Accepted: no more reminders (week 3 would have been due). */
    CHECK_INT(run(c, "UPDATE dp_agreements SET status = 'accepted' WHERE status = ? AND "
                     "council_id = ? AND id = ?",
                  "offered", council, ag),
              0);
    CHECK_INT(notify_queue_reminders(c, council, today + 18, FX_NOW, &k, &e), 0);
    CHECK_INT(k.queued, 4);
    {
        int64_t p[1] = {council}, n = 0;
        CHECK_INT(store_query_i64(c, "SELECT count(*) FROM notifications WHERE council_id = ? AND "
                                     "subject = 'Your direct payment agreement is waiting for you'",
                                  1, p, &n, &e),
                  0);
        CHECK_INT(n, 2);
    }
    store_release(c);
}
