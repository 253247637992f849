/*
 * dp_recovery.h — settling an agreed recovery: money the person pays back, and money kept back
 * from a later payment instead (issue 7). An officer agrees a recovery with the person (it is then
 * raised in the ledger: recovery_raised); this module decides what may be recorded against it and
 * says where it stands in plain words.
 *
 * Invariants kept by these rules (the store applies them under the recovery's row lock):
 *   - only an agreed recovery can be settled;
 *   - received + kept back (taken or still waiting) never passes the agreed amount, so the
 *     ledger's recovery_receivable never goes below zero (verify-ledger checks that too);
 *   - money received is dated on or before today and not before the recovery was agreed;
 *   - an offset is kept back whole from one payment, and only from a payment larger than it, so
 *     every BACS line stays above £0 and the person is never left with no payment at all. An
 *     offset that no payment can bear waits for a later one (it is never split silently).
 *
 * Pure: no store, no clock (today is passed in).
 */
#ifndef SELFDIRECT_DOMAIN_DP_RECOVERY_H
#define SELFDIRECT_DOMAIN_DP_RECOVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct err;

/* Where one agreed recovery stands, in pence. */
struct dp_recovery_state {
    bool agreed;       /* decided and raised in the ledger */
    day_t agreed_on;   /* the day it was raised (0 if not known) */
    int64_t amount;    /* agreed */
    int64_t received;  /* paid back by the person */
    int64_t kept_back; /* kept back from payments made (their batch released, posted) */
    int64_t waiting;   /* to be kept back from the next payment (not yet released) */
};

/* What is left to settle: amount - received - kept_back - waiting (never below 0 when the state
 * came through these rules). */
int64_t dp_recovery_outstanding(const struct dp_recovery_state *s);
/* Still owed by the person as far as the ledger goes: amount - received - kept_back. */
int64_t dp_recovery_owed(const struct dp_recovery_state *s);

/* May `amount` received on `on` be recorded? 0, or ERR_INVALID / ERR_CONFLICT with a message for
 * the officer naming the field ("amount", "received_on"). */
int dp_recovery_check_receive(const struct dp_recovery_state *s, int64_t amount, day_t on,
                              day_t today, struct err *e);
/* May `amount` be kept back from the next payment? 0, or ERR_INVALID / ERR_CONFLICT. */
int dp_recovery_check_offset(const struct dp_recovery_state *s, int64_t amount, struct err *e);

/* Which waiting offsets a payment of `payment` pence can bear, oldest first: take[i] is set true
 * for each offset kept back whole from it, while what is paid stays above £0. Returns the total
 * kept back (0 .. payment - 1). */
int64_t dp_recovery_offsets_take(int64_t payment, const int64_t *offsets, size_t n, bool *take);

/* One or two sentences for the person about this recovery ("You agreed to pay back £1,000.00. You
 * have paid back £400.00; £600.00 is still to pay, and £600.00 of it will be kept back from your
 * next payment."), written into out (always terminated). */
void dp_recovery_words(const struct dp_recovery_state *s, char *out, size_t outsz);

#endif
