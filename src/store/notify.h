/*
 * notify.h — the outbox: reminders become notification rows, one per recipient per event, and are
 * delivered through a sendmail-compatible program (src/io/sendmail.h). Tables:
 * data/migrations/0070_notifications.sql.
 *
 * Rules:
 *   - never twice: a row is keyed by (council, event, recipient) and filling the queue again adds
 *     nothing; a sender claims a row (moves its next attempt 10 minutes on, only if nobody else
 *     did) before running the program, so two senders running at once do not both send it;
 *   - sent only when the program accepts it (exit status 0); otherwise the attempt is counted,
 *     the reason kept and the next attempt set later (notify_retry_after); a sender that dies
 *     between the program accepting and the row being marked leaves the claim to expire, and the
 *     message may then go again (at least once, never silently lost);
 *   - a person who opted out gets nothing: their rows are stored as 'opted_out' (so it shows
 *     why), and a row queued before they opted out is not sent either. Their worker's reminder
 *     still goes (it is the council's own work).
 *
 * Events so far: the planning period ending (plan-due), at each of the council's reminder days
 * before the plan's target date while no plan has been sent for sign-off; the direct payment
 * agreement offered and not accepted (agreement, weekly for four weeks). Each goes to the person
 * (easy read when their record says so) when they have an e-mail address, and to their allocated
 * worker.
 */
#ifndef SELFDIRECT_STORE_NOTIFY_H
#define SELFDIRECT_STORE_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct err;
struct store_conn;

struct notify_counts {
    int64_t queued;    /* new rows to send */
    int64_t opted_out; /* new rows not sent because the person opted out */
    int64_t sent;
    int64_t failed;    /* attempts that failed (retried later) */
};

/* Adds the reminders due on `today` for the council's people (nothing already queued is added
 * again). Runs in a transaction of its own. */
int notify_queue_plan_reminders(struct store_conn *c, int64_t council_id, day_t today,
                                int64_t now, struct notify_counts *counts, struct err *e);

/* The direct payment agreement offered and not accepted: a reminder a week after the offer, and
 * each week after, for four weeks. */
int notify_queue_agreement_reminders(struct store_conn *c, int64_t council_id, day_t today,
                                     int64_t now, struct notify_counts *counts, struct err *e);
/* Both of the above. */
int notify_queue_reminders(struct store_conn *c, int64_t council_id, day_t today, int64_t now,
                           struct notify_counts *counts, struct err *e);

/* Every event above for every council in the store (the nightly job). */
int notify_queue_all(struct store_conn *c, day_t today, int64_t now, struct notify_counts *counts,
                     struct err *e);

/* Delivers up to max rows due at `now` (every council) through program, from the address from.
 * A failure to deliver one row is counted, not returned; errors of the store are returned. */
int notify_send_due(struct store_conn *c, const char *program, const char *from, int64_t now,
                    int max, struct notify_counts *counts, struct err *e);

/* The person chooses not to get reminders (out true) or to get them again (out false). */
int notify_opt_out_set(struct store_conn *c, int64_t council_id, int64_t person_id, bool out,
                       int64_t now, struct err *e);

/* Has the person opted out? */
int notify_opted_out(struct store_conn *c, int64_t council_id, int64_t person_id, bool *out,
                     struct err *e);

#endif
