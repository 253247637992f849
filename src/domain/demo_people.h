/*
 * demo_people.h — fictional people for the demo and for tests: a pure, seeded generator (the same
 * seed and index always give the same person, on any machine). People get realistic English names
 * of their generation (with the mix of heritages an English town has), an age that fits their
 * client group, an address in the fictional Demo borough (postcode area "DM", which does not
 * exist), phone numbers from Ofcom's ranges reserved for drama (07700 900xxx, 01632 960xxx), e-mail
 * addresses at example.org, NHS numbers from the 999 range the NHS reserves for testing, and family
 * or representative contacts, some with a lasting power of attorney or deputyship recorded.
 * Nothing here touches a store: src/cli/cmd_demo.c turns these into records.
 */
#ifndef SELFDIRECT_DOMAIN_DEMO_PEOPLE_H
#define SELFDIRECT_DOMAIN_DEMO_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"

/* splitmix64: tiny, fast, and good enough to make names; not for anything secret. */
struct demo_rng {
    uint64_t state;
};

void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n); n > 0. */
uint64_t demo_rng_below(struct demo_rng *r, uint64_t n);

struct demo_contact {
    char name[121];
    char relationship[61];
    char phone[31];
    char email[255];
    const char *authority;       /* "none", "lasting_power_of_attorney", "deputy",
                                    "nominated_person" (records.h names) */
    const char *authority_scope; /* "", "property_and_financial_affairs", "health_and_welfare",
                                    "both" */
    char authority_notes[301];
    bool emergency_contact;
};

struct demo_person {
    char given_name[64];
    char family_name[64];
    char preferred_name[64];
    day_t date_of_birth;
    char nhs_number[11]; /* "" for about one in ten: not every record has one */
    char address_line1[121];
    char address_line2[121];
    char town[61];
    char postcode[9];
    char phone[31];
    char email[255];
    const char *client_group; /* records.h names: "older_people", "learning_disability", ... */
    char communication_needs[501];
    bool easy_read;
    int ncontacts;
    struct demo_contact contacts[2];
};

/* Person number `index` (0, 1, 2, ...) of the demo: index makes the NHS number unique (up to a
 * million people); the rest comes from r. today fixes ages. */
void demo_person_generate(struct demo_rng *r, day_t today, uint32_t index, struct demo_person *out);

#endif
