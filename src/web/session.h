/*
 * session.h — server-side sessions.
 *
 * A session is a 256-bit random token, given to the browser in a cookie
 *   __Host-sd_session=<43 base64url chars>; Path=/; Secure; HttpOnly; SameSite=Lax
 * and stored only as its SHA-256 (hex), so a copy of the database does not let anyone sign in.
 * (Browsers accept Secure cookies on http://localhost, so the demo works without TLS; in
 * production nginx terminates TLS in front.) Each session has its own random CSRF form token.
 *
 * A session ends after cfg.session_idle_seconds without a request, cfg.session_absolute_seconds
 * after sign-in whatever happens, at sign-out, and (all of an account's other sessions) when the
 * password changes. Last-seen is written at most once a minute, so reading stays read-only.
 */
#ifndef SELFDIRECT_WEB_SESSION_H
#define SELFDIRECT_WEB_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"

struct request;
struct web_app;
struct web_login;

#define SESSION_COOKIE "__Host-sd_session"
#define SESSION_TOKEN_BYTES 32
#define SESSION_TOKEN_CHARS 43 /* base64url, no padding */
#define SESSION_HASH_HEX 64
#define SESSION_TOUCH_SECONDS 60

/* A fresh random token (also used for CSRF tokens): 43 chars + NUL. */
int session_token_new(char out[SESSION_TOKEN_CHARS + 1]);
bool session_token_wellformed(const char *s);
/* Hex SHA-256 of the token: what the store keeps. */
void session_token_hash(const char *token, char out[SESSION_HASH_HEX + 1]);

enum session_state {
    SESSION_LIVE = 0,
    SESSION_IDLE_EXPIRED,
    SESSION_ABSOLUTE_EXPIRED,
};
/* Pure: is a session created at `created` and last used at `last_seen` still live at `now`? */
enum session_state session_state_at(int64_t created, int64_t last_seen, int64_t now,
                                    int idle_seconds, int absolute_seconds);

/* Sets req->who from the session cookie (anonymous when none, unknown or expired; an expired
 * session is deleted and its cookie cleared). Touches last-seen when due. */
void session_resolve(struct web_app *app, struct request *req);
/* Starts a session for an account that has just proved who it is: replaces any session this
 * browser had (so a planted session id cannot be upgraded), sets the cookie. */
int session_begin(struct web_app *app, struct request *req, const struct web_login *who,
                  struct err *e);
/* Drops a session (or every session of a login) from this process's cache of live sessions:
 * after sign-out, a password change, an account being disabled. */
void session_cache_forget(const char *hash);
void session_cache_forget_login(int login_kind, int64_t login_id);
/* Ends the request's session (sign out) and clears the cookie. */
int session_end(struct web_app *app, struct request *req, struct err *e);

#endif
