/*
 * web_store.h — the web layer's tables (data/migrations/0010-0013) and the reads of core records
 * its screens need. Same rules as every store module: bound parameters only, every row of
 * personal data read or written with its council named, times passed in by the caller, errors
 * with messages for people.
 *
 * Who signs in. Council staff sign in with their staff record (table staff: e-mail and password
 * hash); everyone else with a citizen-side account (web_accounts). A "login" is either, told apart
 * by kind. Sign-in is the one place a lookup is not scoped by council (nobody is signed in yet):
 * it finds the candidates for a typed name in every council, and the password decides.
 */
#ifndef SELFDIRECT_STORE_WEB_STORE_H
#define SELFDIRECT_STORE_WEB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/access.h"

struct err;
struct store_conn;
struct store_stmt;
struct arena;

#define WEB_NAME_MAX 128
#define WEB_PWHASH_MAX 160

enum login_kind { LOGIN_STAFF = 1, LOGIN_ACCOUNT = 2 };

struct web_login {
    enum login_kind kind;
    int64_t id;         /* staff.id or web_accounts.id */
    int64_t council_id;
    enum role role;
    int64_t person_id;  /* budget holder's own record */
    int64_t team_id;    /* staff: their team, 0 if none */
    char username[256];
    char display_name[WEB_NAME_MAX + 1];
    char council_name[WEB_NAME_MAX + 1];
    char password_hash[WEB_PWHASH_MAX + 1]; /* "" when none is set */
    bool active;
};

/* Staff roles in the staff table map onto access roles ('duty' workers are social workers). */
int web_staff_role(const char *staff_role, enum role *out);
/* Lower-cases ASCII and trims: how usernames are compared. */
void web_fold_username(const char *in, char *out, size_t outsz);

/* Up to max logins whose username (or staff e-mail) is `username` (already folded). */
int web_login_candidates(struct store_conn *c, const char *username, struct web_login *out,
                         size_t max, size_t *n, struct err *e);
int web_login_get(struct store_conn *c, enum login_kind kind, int64_t council_id, int64_t id,
                  struct web_login *out, struct err *e);
int web_login_set_password(struct store_conn *c, enum login_kind kind, int64_t council_id,
                           int64_t id, const char *hash, int64_t now, struct err *e);

/* Throttle by typed username: *locked_until > now means refuse without checking the password. */
int web_throttle_get(struct store_conn *c, const char *username, int *failures,
                     int64_t *locked_until, struct err *e);
/* Counts a failure; at max_failures locks until now + lock_seconds (and starts counting again). */
int web_throttle_fail(struct store_conn *c, const char *username, int max_failures,
                      int64_t lock_seconds, int64_t now, struct err *e);
int web_throttle_clear(struct store_conn *c, const char *username, struct err *e);

/* ---- citizen-side accounts ---- */
struct web_account_new {
    int64_t council_id;
    const char *username; /* folded */
    const char *display_name;
    enum role role;       /* a citizen-side role */
    int64_t person_id;    /* budget holders: required */
    int64_t contact_id;   /* representatives: their person_contacts row */
    const char *organisation;
    const char *password_hash; /* NULL: none yet */
};
int web_account_create(struct store_conn *c, const struct web_account_new *a, int64_t now,
                       int64_t *id, struct err *e);

/* ---- sessions ---- */
struct web_session_row {
    int64_t created, last_seen;
    char csrf_token[48];
    struct web_login login;
};
int web_session_create(struct store_conn *c, const char *hash, const struct web_login *who,
                       const char *csrf, const char *remote_addr, int64_t now, struct err *e);
/* ERR_NOT_FOUND when there is no such session. */
int web_session_load(struct store_conn *c, const char *hash, struct web_session_row *out,
                     struct err *e);
int web_session_touch(struct store_conn *c, const char *hash, int64_t now, struct err *e);
int web_session_delete(struct store_conn *c, const char *hash, struct err *e);
/* Every session of the login except keep_hash (NULL: all): after a password change. */
int web_session_delete_others(struct store_conn *c, enum login_kind kind, int64_t id,
                              const char *keep_hash, struct err *e);

/* ---- relationships ---- */
struct web_relationship_new {
    int64_t council_id;
    int64_t person_id;
    int64_t staff_id;   /* allocated-worker rows */
    int64_t account_id; /* every other kind */
    enum relationship_kind kind;
    int32_t starts, ends; /* day_t; ends = REL_OPEN_END when open */
    int64_t contact_id;   /* representatives */
    bool referral_accepted, consent_given;
    const char *basis;
};
int web_relationship_add(struct store_conn *c, const struct web_relationship_new *r, int64_t now,
                         int64_t *id, struct err *e);

/* What the access rule needs about one person for one login (see access.h): is the person in
 * the login's council, the login's relationships to them (the current allocation from
 * people.allocated_worker_id, dated rows of web_relationships, and for team managers the team
 * relationship: the allocated worker is in their team or reports to them), and the latest
 * break-glass grant's expiry. */
#define WEB_MAX_RELS 16
struct web_access_facts {
    bool has_person;
    struct relationship rels[WEB_MAX_RELS];
    size_t nrels;
    int64_t break_glass_expires;
};
int web_access_facts_load(struct store_conn *c, const struct web_login *who, int64_t person_id,
                          int64_t now, struct web_access_facts *out, struct err *e);
/* The pieces of the loader above, for queries that read the facts along with other things
 * (web_person_read_load): the person's own facts (their allocated worker, the worker's team and
 * manager, the latest live break-glass expiry), then one relationship from the current row's
 * columns col.. col+5 (kind, starts, ends, referral accepted, consent given, the contact's
 * authority; a NULL kind is no relationship). */
void web_access_facts_person(struct web_access_facts *out, const struct web_login *who,
                             int64_t person_id, int64_t worker, int64_t team, int64_t manager,
                             int64_t break_glass_expires);
void web_access_facts_rel(struct web_access_facts *out, struct store_stmt *s, int col);

/* ---- break-glass ---- */
int web_break_glass_grant(struct store_conn *c, int64_t council_id, int64_t staff_id,
                          int64_t person_id, const char *reason, int64_t now, int64_t expires,
                          int64_t *id, struct err *e);
struct web_break_glass_row {
    int64_t id, person_id, staff_id, granted, expires;
    const char *staff_name, *person_name, *person_reference, *reason;
};
int web_break_glass_report(struct store_conn *c, int64_t council_id, int64_t since, int limit,
                           struct arena *a, struct web_break_glass_row **out, size_t *n,
                           struct err *e);

/* ---- people, as the screens show them ---- */
struct web_person {
    int64_t id;
    const char *reference, *given_name, *family_name, *preferred_name, *date_of_birth;
    const char *nhs_number, *address_line1, *address_line2, *town, *postcode, *phone, *email;
    const char *client_group, *communication_needs, *allocated_worker_name, *team_name;
    int64_t allocated_worker_id;
    bool easy_read;
    int64_t version;
};

struct web_people_query {
    int64_t council_id;
    const char *text;       /* name (family, given, "given family") or reference; "" for none */
    const char *dob;        /* "YYYY-MM-DD" or NULL */
    int64_t worker_id;      /* only people allocated to this staff member (0: any) */
    int64_t team_of;        /* only people whose allocated worker is in this team (0: any) */
    int64_t manager_id;     /* ... or reports to this manager (with team_of) */
    int limit, offset;
};
/* A page of people in name order, and how many match in all. */
int web_people_search(struct store_conn *c, const struct web_people_query *q, struct arena *a,
                      struct web_person **out, size_t *n, int64_t *total, struct err *e);
int web_person_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                   struct web_person *out, struct err *e);

/* The people a citizen-side account is linked to, with the kind of link and whether it is live
 * today (for the "my support" page). */
struct web_link {
    int64_t person_id;
    const char *person_name, *reference;
    enum relationship_kind kind;
    bool live;
    const char *basis;
};
int web_links_of_account(struct store_conn *c, int64_t council_id, int64_t account_id,
                         int32_t today, struct arena *a, struct web_link **out, size_t *n,
                         struct err *e);
/* Contacts of a person (representatives and family), for the summary. */
struct web_contact {
    const char *name, *relationship, *authority, *authority_scope;
    bool emergency;
};
int web_person_contacts(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct web_contact **out, size_t *n, struct err *e);
/* web_person_get and web_person_contacts in one statement (a person's summary is read far more
 * than anything else, and each statement outside a transaction is a read transaction of its
 * own). ERR_NOT_FOUND when there is no such person in this council. */
int web_person_summary_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                           struct web_person *out, struct web_contact **contacts, size_t *n,
                           struct err *e);
/* The summary read's whole store work in one statement: the access facts (as
 * web_access_facts_load) and, when the person is in the login's council, their summary and
 * contacts (as web_person_summary_get). *found is false, and *facts says no person, when there
 * is no such person in the council. The caller must ask the access rule before showing any of
 * it. */
int web_person_read_load(struct store_conn *c, const struct web_login *who, int64_t person_id,
                         int64_t now, struct arena *a, struct web_access_facts *facts,
                         bool *found, struct web_person *out, struct web_contact **contacts,
                         size_t *n, struct err *e);

#endif
