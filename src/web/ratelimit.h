/*
 * ratelimit.h — token buckets keyed by a string (a client address, a username), in a fixed-size
 * table, so an attacker cycling keys cannot grow memory: when the table is full the stalest bucket
 * is reused. Thread-safe. Time is passed in (milliseconds), so tests need no clock.
 *
 * Used for sign-in: each client address may try `burst` times at once and then `per_minute`
 * times a minute. (Account lockout after repeated wrong passwords is separate, in the store, so it
 * survives restarts and holds across addresses.)
 */
#ifndef SELFDIRECT_WEB_RATELIMIT_H
#define SELFDIRECT_WEB_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit;

struct ratelimit *ratelimit_new(int burst, int per_minute, int slots);
void ratelimit_free(struct ratelimit *rl);
/* Takes one token for key at time now_ms. false: refused, and *retry_after_s says when to come
 * back (whole seconds, at least 1). */
bool ratelimit_take(struct ratelimit *rl, const char *key, int64_t now_ms, int *retry_after_s);

#endif
