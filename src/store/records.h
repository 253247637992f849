/*
 * records.h — the core records every later feature stands on: councils, teams, staff users, people
 * (the adults who receive care and support) and their contacts (family and representatives).
 *
 * Tenancy: every record below a council belongs to exactly one council, and every function that
 * reads or writes one takes council_id as a parameter. A record of another council behaves exactly
 * as one that does not exist (ERR_NOT_FOUND), and the schema's composite foreign keys make a link
 * across councils impossible even for SQL that forgets to check.
 *
 * Concurrency: each record carries `version` (1 when created, +1 on every change). An update names
 * the version the caller saw (the struct's version field); if the record has changed since, the
 * update is refused with ERR_CONFLICT and nothing is written. On success the struct is refreshed
 * (version, updated_at). Stamps are UTC ISO-8601 text made from the `now` the caller passes.
 *
 * Validation: the create/update functions check and normalise their input first (trimmed text,
 * lower-case e-mails, upper-case postcodes, NHS numbers without spaces and with a valid check
 * digit) and refuse with ERR_INVALID naming the field. Strings are fixed-size fields; a value that
 * does not fit is refused, never truncated.
 *
 * All functions take a connection: call them inside store_begin/store_commit to group changes.
 * person_create draws the next reference number from the council row, so it must run inside a
 * transaction (it refuses otherwise) to keep references unique and gap-free per attempt.
 */
#ifndef SELFDIRECT_STORE_RECORDS_H
#define SELFDIRECT_STORE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "store/store.h"

struct arena;
struct err;

/* ---- councils -------------------------------------------------------------------------------- */

struct council {
    int64_t id;
    char code[17];   /* "DEMO": 2-16 of A-Z 0-9; the prefix of person references */
    char name[201];
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

int council_create(struct store_conn *c, struct council *co, int64_t now, struct err *e);
int council_get(struct store_conn *c, int64_t id, struct council *out, struct err *e);
int council_find_code(struct store_conn *c, const char *code, struct council *out, struct err *e);
/* Renames (the code is fixed once people have references made from it). */
int council_update(struct store_conn *c, struct council *co, int64_t now, struct err *e);

/* ---- teams ----------------------------------------------------------------------------------- */

struct team {
    int64_t id;
    int64_t council_id;
    char name[121];
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

int team_create(struct store_conn *c, int64_t council_id, struct team *t, int64_t now,
                struct err *e);
int team_get(struct store_conn *c, int64_t council_id, int64_t id, struct team *out,
             struct err *e);
int team_update(struct store_conn *c, int64_t council_id, struct team *t, int64_t now,
                struct err *e);
/* All the council's teams by name, in *items (allocated from a). */
int team_list(struct store_conn *c, int64_t council_id, struct arena *a, struct team **items,
              size_t *n, struct err *e);

/* ---- staff users ----------------------------------------------------------------------------- */

enum staff_role {
    ROLE_SOCIAL_WORKER = 0,
    ROLE_TEAM_MANAGER,
    ROLE_FINANCE_OFFICER,
    ROLE_FINANCE_APPROVER,
    ROLE_COMMISSIONER,
    ROLE_COUNCIL_ADMIN,
    ROLE_AUDITOR,
    ROLE_DUTY,
    STAFF_ROLE_COUNT
};

const char *staff_role_name(enum staff_role r);  /* "social_worker": stored and in the API */
const char *staff_role_label(enum staff_role r); /* "Social worker": for people */
int staff_role_parse(const char *s, enum staff_role *out); /* ERR_INVALID if unknown */

/* libsodium's crypto_pwhash_STRBYTES: an argon2id hash string fits in this with its NUL. */
#define STAFF_HASH_SIZE 128

struct staff {
    int64_t id;
    int64_t council_id;
    int64_t team_id;     /* 0 = no team */
    int64_t manager_id;  /* 0 = none */
    char name[121];
    char email[255];     /* stored lower-case; the login, unique within the council */
    enum staff_role role;
    int64_t sign_off_limit_pence; /* the most this person may approve in a year */
    char password_hash[STAFF_HASH_SIZE]; /* "" = no password set: cannot sign in */
    bool active;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

/* Hashes a password with argon2id at libsodium's interactive limits (crypto_pwhash_str). Slow on
 * purpose (tens of milliseconds, 64 MiB); callers cap how many run at once. */
int staff_hash_password(const char *password, char out[STAFF_HASH_SIZE], struct err *e);
/* true if password matches a stored hash (constant time; false for an empty hash). */
bool staff_password_matches(const char *hash, const char *password);

int staff_create(struct store_conn *c, int64_t council_id, struct staff *s, int64_t now,
                 struct err *e);
int staff_get(struct store_conn *c, int64_t council_id, int64_t id, struct staff *out,
              struct err *e);
/* By login e-mail (any case). */
int staff_find_email(struct store_conn *c, int64_t council_id, const char *email,
                     struct staff *out, struct err *e);
/* Changes everything except the password hash (see staff_set_password_hash). */
int staff_update(struct store_conn *c, int64_t council_id, struct staff *s, int64_t now,
                 struct err *e);
/* Stores s->password_hash (already hashed) under the same version rule. */
int staff_set_password_hash(struct store_conn *c, int64_t council_id, struct staff *s, int64_t now,
                            struct err *e);
/* The council's staff by name; team_id > 0 limits to one team. */
int staff_list(struct store_conn *c, int64_t council_id, int64_t team_id, struct arena *a,
               struct staff **items, size_t *n, struct err *e);

/* ---- people ---------------------------------------------------------------------------------- */

enum client_group {
    CLIENT_OLDER_PEOPLE = 0,
    CLIENT_PHYSICAL_DISABILITY,
    CLIENT_SENSORY_IMPAIRMENT,
    CLIENT_LEARNING_DISABILITY,
    CLIENT_AUTISM,
    CLIENT_MENTAL_HEALTH,
    CLIENT_OTHER,
    CLIENT_GROUP_COUNT
};

const char *client_group_name(enum client_group g);  /* "learning_disability" */
const char *client_group_label(enum client_group g); /* "Learning disability" */
int client_group_parse(const char *s, enum client_group *out);

struct person {
    int64_t id;
    int64_t council_id;
    char reference[33];        /* "DEMO-000123", made by person_create; fixed after */
    /* Names are up to 100 characters; the buffers allow 4 bytes a character (UTF-8). */
    char given_name[401];
    char family_name[401];
    char preferred_name[401];  /* "" = none */
    day_t date_of_birth;
    char nhs_number[16];       /* 10 digits once validated (typed forms such as "943 476 5919"
                                  are accepted and normalised), or "" when not known */
    char address_line1[121];
    char address_line2[121];
    char town[61];
    char postcode[9];          /* "DM1 2AB", or "" */
    char phone[31];
    char email[255];
    enum client_group client_group;
    int64_t allocated_worker_id; /* staff id, 0 = not allocated */
    char communication_needs[501];
    bool easy_read;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

/* Checks and normalises p in place (pure: no database). today bounds the date of birth. */
int person_validate(struct person *p, day_t today, struct err *e);
/* Lower-case ASCII search key for a name: letters and digits kept, accents folded (é -> e),
 * spaces, hyphens and apostrophes dropped ("O'Brien-Smith" -> "obriensmith"). */
void person_name_key(const char *name, char *out, size_t outsz);

/* Must run inside a transaction. Assigns id, reference, version 1 and the stamps. */
int person_create(struct store_conn *c, int64_t council_id, struct person *p, int64_t now,
                  struct err *e);
int person_get(struct store_conn *c, int64_t council_id, int64_t id, struct person *out,
               struct err *e);
int person_find_reference(struct store_conn *c, int64_t council_id, const char *reference,
                          struct person *out, struct err *e);
int person_update(struct store_conn *c, int64_t council_id, struct person *p, int64_t now,
                  struct err *e);

struct person_query {
    /* Each word must begin the family name or the given name ("smi", "jo smi"); NULL = any.
     * Up to 3 words. */
    const char *name;
    bool has_birth_date;
    day_t date_of_birth;
    const char *reference;       /* exact, any case; NULL = any */
    int64_t allocated_worker_id; /* 0 = any */
    int64_t limit;               /* 1..200; 0 means 25 */
    int64_t offset;
};

struct person_page {
    struct person *items; /* allocated from the arena given to person_search */
    size_t n;
    int64_t total;        /* all matches, for "page 2 of 7" */
};

/* Ordered by family name, given name, then id, so pages are stable. */
int person_search(struct store_conn *c, int64_t council_id, const struct person_query *q,
                  struct arena *a, struct person_page *out, struct err *e);
int64_t person_count(struct store_conn *c, int64_t council_id, struct err *e);

/* ---- contacts: family and representatives ----------------------------------------------------- */

enum contact_authority {
    AUTHORITY_NONE = 0,
    AUTHORITY_LASTING_POWER_OF_ATTORNEY,
    AUTHORITY_DEPUTY,            /* appointed by the Court of Protection */
    AUTHORITY_NOMINATED_PERSON,  /* receives direct payments for an adult with capacity (s.32) */
    CONTACT_AUTHORITY_COUNT
};

enum authority_scope {
    SCOPE_NONE = 0,              /* for AUTHORITY_NONE and AUTHORITY_NOMINATED_PERSON */
    SCOPE_PROPERTY_AND_FINANCIAL_AFFAIRS,
    SCOPE_HEALTH_AND_WELFARE,
    SCOPE_BOTH,
    AUTHORITY_SCOPE_COUNT
};

const char *contact_authority_name(enum contact_authority a); /* "lasting_power_of_attorney" */
const char *contact_authority_label(enum contact_authority a); /* "Lasting power of attorney" */
int contact_authority_parse(const char *s, enum contact_authority *out);
const char *authority_scope_name(enum authority_scope s);      /* "" for SCOPE_NONE */
int authority_scope_parse(const char *s, enum authority_scope *out);

struct contact {
    int64_t id;
    int64_t council_id;
    int64_t person_id;
    char name[121];
    char relationship[61];     /* "daughter", "friend", "advocate", ... */
    char phone[31];
    char email[255];
    char address[241];
    enum contact_authority authority;
    enum authority_scope authority_scope; /* required for an attorney or deputy, else none */
    char authority_notes[301]; /* e.g. the OPG registration reference */
    bool emergency_contact;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    int64_t version;
};

int contact_validate(struct contact *ct, struct err *e);
/* ct->person_id must be a person of this council (else ERR_NOT_FOUND). */
int contact_create(struct store_conn *c, int64_t council_id, struct contact *ct, int64_t now,
                   struct err *e);
int contact_get(struct store_conn *c, int64_t council_id, int64_t id, struct contact *out,
                struct err *e);
/* The person a contact belongs to cannot change. */
int contact_update(struct store_conn *c, int64_t council_id, struct contact *ct, int64_t now,
                   struct err *e);
int contact_delete(struct store_conn *c, int64_t council_id, int64_t id, int64_t version,
                   struct err *e);
int contact_list(struct store_conn *c, int64_t council_id, int64_t person_id, struct arena *a,
                 struct contact **items, size_t *n, struct err *e);

#endif
