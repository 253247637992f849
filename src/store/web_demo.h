/*
 * web_demo.h — demo sign-ins for `selfdirect demo`: after the demo council, its staff and people
 * exist, web_demo_seed gives a few staff a password (a social worker who has people allocated,
 * their team manager, a finance officer, an auditor) and makes citizen-side accounts linked to
 * demo people: a budget holder (their own record), a representative with a lasting power of
 * attorney recorded, a support organisation worker and an advocate (referral accepted, consent
 * given), and a personal assistant. Every demo login has the password pw (already hashed in
 * pw_hash). The logins are returned for the command to print.
 */
#ifndef SELFDIRECT_STORE_WEB_DEMO_H
#define SELFDIRECT_STORE_WEB_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"

struct err;
struct store_conn;

#define WEB_DEMO_PASSWORD "demo-password"

struct web_demo_login {
    char username[256];
    enum role role;
    char who[400]; /* "Sam Worker, social worker with 12 people" */
};

/* Runs in its own transaction. */
int web_demo_seed(struct store_conn *c, int64_t council_id, int64_t now, const char *pw_hash,
                  struct web_demo_login *out, size_t max, size_t *n, struct err *e);

#endif
