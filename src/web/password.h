/*
 * password.h — password hashing with argon2id (libsodium crypto_pwhash_str), with a cap on how
 * many hashes run at once. Each hash deliberately costs tens of megabytes and tens of
 * milliseconds; without the cap a burst of sign-ins (or an attacker) could exhaust memory on a
 * two-core machine. Callers beyond the cap wait up to a few seconds, then get ERR_IO ("busy") and
 * the sign-in page says to try again.
 *
 * Passwords: at least 10 characters, at most 128 bytes (argon2 would take more, but nothing
 * longer is a password someone types), not all the same character.
 */
#ifndef SELFDIRECT_WEB_PASSWORD_H
#define SELFDIRECT_WEB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_LEN 10
#define PASSWORD_MAX_LEN 128

enum password_cost {
    PASSWORD_COST_INTERACTIVE = 0, /* production: libsodium's interactive limits (64 MiB) */
    PASSWORD_COST_TEST,            /* tests and the demo's bulk accounts: the minimum limits */
};

/* Once per process, before any thread hashes. max_concurrent >= 1. */
int password_init(enum password_cost cost, int max_concurrent, struct err *e);
/* Checks the password's rules; the message names the field "password". */
int password_check_rules(const char *pw, struct err *e);
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX], struct err *e);
/* 0 when pw matches; ERR_FORBIDDEN when it does not; ERR_IO when busy. */
int password_verify(const char *hash, const char *pw, struct err *e);
/* Spends the same time as a verify, for unknown usernames (so timing does not reveal them). */
void password_verify_dummy(const char *pw);
/* Does this stored hash use weaker limits than the current ones (rehash at next sign-in)? */
bool password_needs_rehash(const char *hash);

#endif
