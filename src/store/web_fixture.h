/*
 * web_fixture.h — a small, fixed world for the web tests, the browser tests and the benchmark,
 * made through the store's record functions on an empty store (`selfdirect serve --seed-fixture`):
 *
 *   council TESTA: teams North and South; staff of every role (social worker, second social
 *   worker in the other team, team manager of North, finance officer, commissioner, council
 *   administrator, auditor); people "linked" (allocated to the social worker, in North), "unlinked"
 *   (allocated to the second worker, in South) and "ended" (every relationship to it ended
 *   yesterday); citizen accounts: budget holder (the linked person's own), representative (LPA
 *   recorded), personal assistant, support organisation worker and advocate (referral accepted,
 *   consent given), each linked to "linked" and formerly to "ended";
 *   council TESTB: one social worker and one person ("other").
 *   extra_people more people in TESTA (for the benchmark: 100,000), named from fixed lists.
 *
 * Every account has the password hashed in pw_hash. Returns a JSON object naming the ids and
 * usernames, written by the caller for the tests to read.
 */
#ifndef SELFDIRECT_STORE_WEB_FIXTURE_H
#define SELFDIRECT_STORE_WEB_FIXTURE_H

#include <stdint.h>

struct err;
struct store_conn;
struct json_t;

int web_fixture_seed(struct store_conn *c, int64_t now, int64_t extra_people, const char *pw_hash,
                     struct json_t **out, struct err *e);

#endif
