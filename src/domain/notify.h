/*
 * notify.h — the words of reminders that leave the system, and the rules of the outbox that
 * sends them (issue 5: reminders used to be shown on screen only).
 *
 *   - notify_plan_due_text: the planning-period reminder for the person (plain English, or easy
 *     read: short sentences, one idea a line) or for their worker; notify_agreement_text: the
 *     direct payment agreement offered and not yet accepted;
 *   - notify_message: the whole message a sendmail-compatible program is given on its standard
 *     input (RFC 5322 headers, UTF-8 text). Addresses and subjects with a line break, or an
 *     address that is not one plain mailbox, are refused: nothing typed into a record can add a
 *     header or a recipient;
 *   - notify_retry_after: how long to wait after the n-th failed attempt (15 minutes, doubling,
 *     at most a day), so a program that is down is retried without being hammered.
 *
 * Pure: no store, no clock (dates come in), no processes. Strings live in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_NOTIFY_H
#define SELFDIRECT_DOMAIN_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

struct arena;
struct err;

enum notify_audience { NOTIFY_PERSON = 0, NOTIFY_WORKER };

struct notify_text {
    const char *subject;
    const char *body;
};

/* The reminder that a plan is due on `due` (days_left days from the reminder date; 0: today). For
 * the person: addressed to given_name, easy read when easy_read; for the worker: names the person
 * and their reference. service names the council's planning support ("" when none is set). */
int notify_plan_due_text(enum notify_audience to, bool easy_read, const char *given_name,
                         const char *person_ref, day_t due, int days_left, const char *service,
                         struct arena *a, struct notify_text *out, struct err *e);

/* The reminder that the direct payment agreement offered on `offered_on` has not been accepted
 * (days_waiting days later). Same audiences and forms as above. */
int notify_agreement_text(enum notify_audience to, bool easy_read, const char *given_name,
                          const char *person_ref, day_t offered_on, int days_waiting,
                          struct arena *a, struct notify_text *out, struct err *e);

/* Is this one plain mailbox (local@domain, printable ASCII, no spaces, quotes, commas, angle
 * brackets or line breaks, at most 254 bytes)? */
bool notify_address_ok(const char *addr);

/* The message for the program's standard input. ERR_INVALID for a bad address or a subject with a
 * line break. */
int notify_message(const char *from, const char *to, const struct notify_text *t,
                   struct arena *a, const char **out, struct err *e);

/* Seconds to wait after `attempts` failed attempts (1: 900, 2: 1800, ... capped at 86400). */
int64_t notify_retry_after(int attempts);

#endif
