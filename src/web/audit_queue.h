/*
 * audit_queue.h — read-access audit entries, group-committed.
 *
 * Every read of a person's record is audited, but writing one transaction per page view would
 * make reading as slow as writing. So the router queues read entries here and a flusher thread
 * appends whatever is waiting, every few milliseconds, in one transaction (audit_append_batch).
 * A clean shutdown (SIGINT/SIGTERM → audit_queue_stop) flushes what is left. If the queue grows
 * past its cap (the store is down or slow), readers wait for room: we never drop an entry and
 * never show a record without its entry being on the way.
 *
 * Entries of changes do NOT come here: they are appended in the change's own transaction.
 */
#ifndef SELFDIRECT_WEB_AUDIT_QUEUE_H
#define SELFDIRECT_WEB_AUDIT_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct request;
struct web_app;
struct store;
struct audit_new;

struct audit_queue;

int audit_queue_start(struct store *st, int flush_ms, struct audit_queue **out, struct err *e);
/* Flushes every waiting entry and stops the thread. NULL is ok. */
void audit_queue_stop(struct audit_queue *q);
/* Waits until everything queued so far is committed (tests; verify-audit after a run). */
int audit_queue_flush(struct audit_queue *q);
/* Copies n and queues it. */
int audit_queue_push(struct audit_queue *q, const struct audit_new *n);
/* Queues "this principal read this part of this person's record". */
void audit_queue_read(struct web_app *app, struct request *req, int64_t person_id,
                      const char *what, bool break_glass);
/* Entries committed and failed batches so far (for /healthz and tests). */
void audit_queue_stats(struct audit_queue *q, int64_t *committed, int64_t *failed_batches);

#endif
