/*
 * auth.h — signing in, signing out and changing a password, shared by the sign-in page and the
 * API. Each step that changes something writes its audit entry in the same transaction.
 *
 * Sign-in refuses, in this order and without saying which applies beyond what the person needs:
 *   too many attempts from this address (rate limit: 429 with Retry-After);
 *   the typed name is locked after repeated wrong passwords (cfg.login_max_failures), for
 *   cfg.lockout_seconds, whether or not such an account exists;
 *   a wrong name or password (one message for both, with the same time spent hashing).
 */
#ifndef SELFDIRECT_WEB_AUTH_H
#define SELFDIRECT_WEB_AUTH_H

#include "base/err.h"

struct request;
struct web_app;

enum auth_result {
    AUTH_OK = 0,
    AUTH_WRONG,     /* name or password wrong */
    AUTH_LOCKED,    /* too many wrong passwords for this name */
    AUTH_RATE,      /* too many attempts from this address */
    AUTH_BUSY,      /* hashing slots all taken */
    AUTH_FAILED,    /* the store failed */
};

enum auth_result auth_sign_in(struct request *req, const char *username, const char *password,
                              int *retry_after, struct err *e);
int auth_sign_out(struct request *req, struct err *e);
/* Checks the current password, the new one's rules, stores it, ends the account's other
 * sessions. Errors name the field: current_password, new_password. */
int auth_change_password(struct request *req, const char *current, const char *next,
                         struct err *e);
/* Writes one audit entry for the request's principal in its own transaction. */
int auth_audit(struct request *req, const char *action, const char *subject_type,
               int64_t subject_id, const char *detail, struct err *e);

#endif
