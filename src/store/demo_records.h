/*
 * demo_records.h — fills an empty store with the demo: one council (DEMO, "Demo Borough Council"),
 * four teams, staff of every role with a known password, and N fictional people
 * (src/domain/demo_people.h) with their contacts, allocated to the social workers of the team for
 * their client group (about one in seven waits unallocated, as in life). Everything is made in one
 * transaction: a failure leaves the store as it was. `selfdirect demo` (src/cli/cmd_demo.c) calls
 * this after making a fresh store; tests call it to get a realistic council.
 */
#ifndef SELFDIRECT_STORE_DEMO_RECORDS_H
#define SELFDIRECT_STORE_DEMO_RECORDS_H

#include <stdint.h>

#include "domain/demo_people.h"
#include "store/records.h"

struct err;
struct store_conn;

struct demo_options {
    uint64_t seed;
    uint32_t people;
    int64_t now;            /* the clock, for stamps and ages */
    const char *password;   /* every demo staff member's password */
};

struct demo_login {
    char email[255];
    char name[121];
    enum staff_role role;
    char team[121];         /* "" when not in a team */
};

#define DEMO_MAX_LOGINS 32

struct demo_summary {
    int64_t council_id;
    char council_code[17];
    char council_name[201];
    int teams;
    int staff;
    int64_t people;
    int64_t allocated;
    int64_t contacts;
    int64_t attorneys_and_deputies;
    int64_t nominated_persons;
    int64_t by_group[CLIENT_GROUP_COUNT];
    struct demo_login logins[DEMO_MAX_LOGINS];
    int nlogins;
};

int demo_populate(struct store_conn *c, const struct demo_options *o, struct demo_summary *out,
                  struct err *e);

/* The records a generated person and contact become (pure). ERR_INVALID if a generated value
 * does not fit a record, which would be a bug in the generator. */
int demo_person_record(const struct demo_person *d, struct person *p);
int demo_contact_record(const struct demo_contact *d, int64_t person_id, struct contact *ct);

#endif
