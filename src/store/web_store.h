/*
 * web_store.h — the tables of the web layer: accounts, sessions, relationships between accounts
 * and people, break-glass grants, and the audit log (data/migrations/0010-0019). Same rules as
 * every store module: bound parameters only, every row of personal data named by its council,
 * times passed in by the caller (seconds since the epoch), errors with messages for people.
 *
 * Accounts. One table for everyone who signs in: council staff (linked to their staff record)
 * and citizen-side accounts (budget holders linked to their own person record; representatives,
 * personal assistants, support organisation workers and advocates, linked to people through
 * relationships). Usernames are unique across the store (people sign in before we know their
 * council).
 */
#ifndef SELFDIRECT_STORE_WEB_STORE_H
#define SELFDIRECT_STORE_WEB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"

struct err;
struct store_conn;
struct arena;

#define WEB_USERNAME_MAX 64
#define WEB_NAME_MAX 128
#define WEB_PWHASH_MAX 160

struct web_account {
    int64_t id;
    int64_t council_id;
    enum role role;
    int64_t staff_id;  /* 0 unless a staff account */
    int64_t person_id; /* 0 unless a budget holder's own account */
    int64_t team_id;   /* the staff member's team (for team managers), 0 if none */
    char username[WEB_USERNAME_MAX + 1];
    char display_name[WEB_NAME_MAX + 1];
    char council_name[WEB_NAME_MAX + 1];
    char password_hash[WEB_PWHASH_MAX + 1];
    int failed_logins;
    int64_t locked_until; /* 0 when not locked */
    bool disabled;
};

int web_account_create(struct store_conn *c, const struct web_account *a, int64_t now,
                       int64_t *id, struct err *e);
/* ERR_NOT_FOUND when there is no such username. */
int web_account_by_username(struct store_conn *c, const char *username, struct web_account *out,
                            struct err *e);
int web_account_get(struct store_conn *c, int64_t council_id, int64_t id,
                    struct web_account *out, struct err *e);
/* A wrong password: counts it and locks the account (until now + lock_seconds) at max_failures. */
int web_account_login_failed(struct store_conn *c, int64_t id, int max_failures,
                             int64_t lock_seconds, int64_t now, struct err *e);
int web_account_login_ok(struct store_conn *c, int64_t id, int64_t now, struct err *e);
int web_account_set_password(struct store_conn *c, int64_t council_id, int64_t id,
                             const char *hash, int64_t now, struct err *e);

/* ---- sessions ---- */
struct web_session_row {
    int64_t created, last_seen;
    char csrf_token[48];
    struct web_account account;
};
int web_session_create(struct store_conn *c, const char *hash, int64_t account_id,
                       const char *csrf, int64_t now, struct err *e);
int web_session_load(struct store_conn *c, const char *hash, struct web_session_row *out,
                     struct err *e);
int web_session_touch(struct store_conn *c, const char *hash, int64_t now, struct err *e);
int web_session_delete(struct store_conn *c, const char *hash, struct err *e);
/* Every session of the account except keep_hash (NULL: all): after a password change. */
int web_session_delete_others(struct store_conn *c, int64_t account_id, const char *keep_hash,
                              struct err *e);

/* ---- relationships (who is linked to whom) ---- */
struct web_relationship_new {
    int64_t council_id;
    int64_t account_id; /* the account that holds the relationship */
    int64_t person_id;
    enum relationship_kind kind;
    int32_t starts, ends; /* day_t; ends = REL_OPEN_END when open */
    bool authority_recorded, referral_accepted, consent_given;
    const char *basis;    /* what the authority or referral is: "LPA for health and welfare" */
};
int web_relationship_add(struct store_conn *c, const struct web_relationship_new *r, int64_t now,
                         int64_t *id, struct err *e);

/* Everything the access rule needs about one person for one account: whether the person is in
 * the account's council, the account's relationships to them (including the team relationship
 * derived from allocation: the person's allocated worker is in the manager's team), and any live
 * break-glass grant. At most 16 relationships are returned. */
#define WEB_MAX_RELS 16
struct web_access_facts {
    bool has_person;
    struct relationship rels[WEB_MAX_RELS];
    size_t nrels;
    int64_t break_glass_expires;
};
int web_access_facts_load(struct store_conn *c, int64_t council_id, int64_t account_id,
                          int64_t staff_id, int64_t person_id, int64_t now,
                          struct web_access_facts *out, struct err *e);

/* ---- break-glass ---- */
int web_break_glass_grant(struct store_conn *c, int64_t council_id, int64_t account_id,
                          int64_t person_id, const char *reason, int64_t now, int64_t expires,
                          int64_t *id, struct err *e);

#endif
