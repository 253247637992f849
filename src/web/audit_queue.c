/* audit_queue.c — the group-committing flusher thread for read entries (see audit_queue.h). */
#include "web/audit_queue.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "store/audit.h"
#include "store/store.h"
#include "web/app.h"
#include "web/request.h"

#define QUEUE_CAP 8192
#define BATCH_MAX 512

struct pending {
    struct audit_new n;
    char *strings; /* one malloc holding every string of n */
};

struct audit_queue {
    struct store *st;
    int flush_ms;
    pthread_mutex_t mu;
    pthread_cond_t wake;     /* the flusher: something to do */
    pthread_cond_t room;     /* producers: space freed / batch committed */
    struct pending *items;
    size_t n;
    int64_t pushed, committed, failed_batches;
    bool stopping;
    pthread_t thread;
};

static void pending_free(struct pending *p)
{
    free(p->strings);
}

static void *flusher(void *arg)
{
    struct audit_queue *q = arg;
    struct pending *batch = calloc(BATCH_MAX, sizeof *batch);
    struct audit_new *ns = calloc(BATCH_MAX, sizeof *ns);
    if (!batch || !ns) {
        free(batch);
        free(ns);
        return NULL;
    }
    pthread_mutex_lock(&q->mu);
    for (;;) {
        size_t take;
        struct store_conn *c = NULL;
        struct err e = {0};
        int rc;
        while (q->n == 0 && !q->stopping)
            pthread_cond_wait(&q->wake, &q->mu);
        if (q->n == 0 && q->stopping)
            break;
        if (!q->stopping) {
            /* Let a few milliseconds of entries gather into one commit. */
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += (long)q->flush_ms * 1000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec += until.tv_nsec / 1000000000L;
                until.tv_nsec %= 1000000000L;
            }
            while (!q->stopping && q->n < BATCH_MAX &&
                   pthread_cond_timedwait(&q->wake, &q->mu, &until) != ETIMEDOUT)
                ;
        }
        take = q->n < BATCH_MAX ? q->n : BATCH_MAX;
        memcpy(batch, q->items, take * sizeof *batch);
        pthread_mutex_unlock(&q->mu);

        for (size_t i = 0; i < take; i++)
            ns[i] = batch[i].n;
        rc = store_acquire(q->st, &c, &e);
        if (rc == 0)
            rc = audit_append_batch(c, ns, take, &e);
        store_release(c);

        pthread_mutex_lock(&q->mu);
        if (rc == 0) {
            for (size_t i = 0; i < take; i++)
                pending_free(&batch[i]);
            memmove(q->items, q->items + take, (q->n - take) * sizeof *q->items);
            q->n -= take;
            q->committed += (int64_t)take;
        } else {
            /* Keep the entries and try again shortly; never drop them. */
            struct timespec pause = {0, 50 * 1000000L};
            q->failed_batches++;
            pthread_mutex_unlock(&q->mu);
            nanosleep(&pause, NULL);
            pthread_mutex_lock(&q->mu);
            if (q->stopping && q->failed_batches > 100)
                break; /* the store is gone for good at shutdown: give up, loudly (below) */
        }
        pthread_cond_broadcast(&q->room);
    }
    pthread_mutex_unlock(&q->mu);
    free(batch);
    free(ns);
    return NULL;
}

int audit_queue_start(struct store *st, int flush_ms, struct audit_queue **out, struct err *e)
{
    struct audit_queue *q = calloc(1, sizeof *q);
    if (!q || !(q->items = calloc(QUEUE_CAP, sizeof *q->items))) {
        free(q);
        return err_set(e, ERR_NOMEM, "Out of memory starting the audit queue.");
    }
    q->st = st;
    q->flush_ms = flush_ms > 0 ? flush_ms : 5;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->wake, NULL);
    pthread_cond_init(&q->room, NULL);
    if (pthread_create(&q->thread, NULL, flusher, q) != 0) {
        free(q->items);
        free(q);
        return err_set(e, ERR_IO, "Could not start the audit queue's thread.");
    }
    *out = q;
    return 0;
}

void audit_queue_stop(struct audit_queue *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->stopping = true;
    pthread_cond_broadcast(&q->wake);
    pthread_mutex_unlock(&q->mu);
    pthread_join(q->thread, NULL);
    if (q->n)
        fprintf(stderr, "selfdirect: %zu audit entries could not be written at shutdown\n", q->n);
    for (size_t i = 0; i < q->n; i++)
        pending_free(&q->items[i]);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->wake);
    pthread_cond_destroy(&q->room);
    free(q->items);
    free(q);
}

int audit_queue_flush(struct audit_queue *q)
{
    int64_t target;
    if (!q)
        return 0;
    pthread_mutex_lock(&q->mu);
    target = q->pushed;
    pthread_cond_broadcast(&q->wake);
    while (q->committed < target && !q->stopping)
        pthread_cond_wait(&q->room, &q->mu);
    pthread_mutex_unlock(&q->mu);
    return 0;
}

static char *pack(char **p, const char *s)
{
    size_t n = strlen(s ? s : "") + 1;
    char *out = *p;
    memcpy(out, s ? s : "", n);
    *p += n;
    return out;
}

int audit_queue_push(struct audit_queue *q, const struct audit_new *n)
{
    size_t need = 0;
    struct pending p;
    char *w;
    const char *fields[6] = {n->actor_role, n->action, n->subject_type, n->remote_addr, n->detail,
                             n->actor};
    for (int i = 0; i < 6; i++)
        need += strlen(fields[i] ? fields[i] : "") + 1;
    p.n = *n;
    p.strings = malloc(need);
    if (!p.strings)
        return ERR_NOMEM;
    w = p.strings;
    p.n.actor_role = pack(&w, n->actor_role);
    p.n.action = pack(&w, n->action);
    p.n.subject_type = pack(&w, n->subject_type);
    p.n.remote_addr = pack(&w, n->remote_addr);
    p.n.detail = pack(&w, n->detail);
    p.n.actor = pack(&w, n->actor);

    pthread_mutex_lock(&q->mu);
    while (q->n == QUEUE_CAP && !q->stopping)
        pthread_cond_wait(&q->room, &q->mu);
    if (q->n == QUEUE_CAP) {
        pthread_mutex_unlock(&q->mu);
        free(p.strings);
        return ERR_IO;
    }
    q->items[q->n++] = p;
    q->pushed++;
    /* Wake the flusher only when it has something new to decide: the first entry after an empty
     * queue (it sleeps until one comes) or a full batch (it stops gathering early). Waking it on
     * every entry cost a context switch per read while it was gathering a batch anyway. */
    if (q->n == 1 || q->n == BATCH_MAX)
        pthread_cond_signal(&q->wake);
    pthread_mutex_unlock(&q->mu);
    return 0;
}

void audit_queue_read(struct web_app *app, struct request *req, int64_t person_id,
                      const char *what, bool break_glass)
{
    struct audit_new n = {0};
    char action[64];
    if (!app || !app->audit)
        return;
    snprintf(action, sizeof action, "%s.read", what);
    n.at = req->now;
    n.council_id = req->who->council_id;
    n.actor = principal_actor(req);
    n.actor_role = role_name(req->who->role);
    n.action = action;
    n.subject_type = "person";
    n.subject_id = person_id;
    n.remote_addr = req->remote_addr;
    n.detail = break_glass ? "{\"break_glass\":true}" : "";
    if (audit_queue_push(app->audit, &n) != 0)
        fprintf(stderr, "selfdirect: could not queue an audit entry for person %lld\n",
                (long long)person_id);
}

void audit_queue_stats(struct audit_queue *q, int64_t *committed, int64_t *failed_batches)
{
    pthread_mutex_lock(&q->mu);
    *committed = q->committed;
    *failed_batches = q->failed_batches;
    pthread_mutex_unlock(&q->mu);
}
