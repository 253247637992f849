/* Tests of the demo: the pure generator (deterministic, valid, varied) and demo_populate on both
 * backends (what it reports is what it made; all or nothing). */
#include <string.h>

#include "../check.h"
#include "base/err.h"
#include "domain/demo_people.h"
#include "domain/nhs_number.h"
#include "fixtures.h"
#include "store/demo_records.h"
#include "store/records.h"
#include "store/store.h"

#define TODAY ((day_t)(FX_NOW / 86400))

TEST(demo_people_same_seed_same_people)
{
    struct demo_rng a, b;
    demo_rng_seed(&a, 42);
    demo_rng_seed(&b, 42);
    for (uint32_t i = 0; i < 50; i++) {
        struct demo_person x, y;
        demo_person_generate(&a, TODAY, i, &x);
        demo_person_generate(&b, TODAY, i, &y);
        CHECK(memcmp(&x, &y, sizeof x) == 0);
    }
    demo_rng_seed(&b, 43);
    struct demo_person x, y;
    demo_person_generate(&a, TODAY, 0, &x);
    demo_person_generate(&b, TODAY, 0, &y);
    CHECK(strcmp(x.given_name, y.given_name) != 0 || strcmp(x.family_name, y.family_name) != 0 ||
          x.date_of_birth != y.date_of_birth);
}

TEST(demo_people_are_valid_records_with_unique_test_nhs_numbers)
{
    enum { COUNT = 3000 };
    static char seen[COUNT][11];
    struct demo_rng r;
    int with_nhs = 0, contacts = 0, lpa = 0, deputy = 0, nominated = 0, preferred = 0;
    int by_group[CLIENT_GROUP_COUNT] = {0};
    demo_rng_seed(&r, 2025);
    for (uint32_t i = 0; i < COUNT; i++) {
        struct demo_person d;
        struct person p;
        struct err e = {0};
        demo_person_generate(&r, TODAY, i, &d);
        CHECK_INT(demo_person_record(&d, &p), 0);
        if (person_validate(&p, TODAY, &e) != 0)
            check_fail(__FILE__, __LINE__, "person %u (%s %s): %s", i, d.given_name,
                       d.family_name, e.msg);
        int age = date_age_on(d.date_of_birth, TODAY);
        CHECK(age >= 18 && age <= 101);
        if (p.client_group == CLIENT_OLDER_PEOPLE)
            CHECK(age >= 65);
        by_group[p.client_group]++;
        if (d.preferred_name[0])
            preferred++;
        memcpy(seen[i], d.nhs_number, 11);
        if (d.nhs_number[0]) {
            with_nhs++;
            CHECK(nhs_number_valid(d.nhs_number));
            CHECK(strncmp(d.nhs_number, "999", 3) == 0);
        }
        CHECK(strncmp(d.postcode, "DM", 2) == 0);
        for (int k = 0; k < d.ncontacts; k++) {
            struct contact ct;
            err_clear(&e);
            CHECK_INT(demo_contact_record(&d.contacts[k], 1, &ct), 0);
            if (contact_validate(&ct, &e) != 0)
                check_fail(__FILE__, __LINE__, "contact of %u: %s", i, e.msg);
            contacts++;
            lpa += ct.authority == AUTHORITY_LASTING_POWER_OF_ATTORNEY;
            deputy += ct.authority == AUTHORITY_DEPUTY;
            nominated += ct.authority == AUTHORITY_NOMINATED_PERSON;
        }
    }
    /* NHS numbers never repeat */
    int dups = 0;
    for (int i = 0; i < COUNT; i++)
        for (int j = i + 1; seen[i][0] && j < COUNT; j++)
            if (strcmp(seen[i], seen[j]) == 0)
                dups++;
    CHECK_INT(dups, 0);
    CHECK(with_nhs > COUNT * 8 / 10 && with_nhs < COUNT);
    /* a believable mix: every group, older people the largest, representatives of each kind */
    for (int g = 0; g < CLIENT_GROUP_COUNT; g++)
        CHECK(by_group[g] > 0);
    CHECK(by_group[CLIENT_OLDER_PEOPLE] > COUNT * 4 / 10);
    CHECK(by_group[CLIENT_OLDER_PEOPLE] < COUNT * 65 / 100);
    CHECK(contacts > COUNT / 2);
    CHECK(lpa > 50 && deputy > 20 && nominated > 20);
    CHECK(preferred > 50);
}

STORE_TEST(demo_populate_reports_what_it_made)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct demo_summary sum;
    struct demo_options o = {.seed = 7, .people = 60, .now = FX_NOW, .password = "demo-password"};
    CHECK_INT(demo_populate(c, &o, &sum, &e), 0);
    CHECK_STR(sum.council_code, "DEMO");
    CHECK_INT(sum.teams, 4);
    CHECK_INT(sum.staff, 18);
    CHECK_INT(sum.people, 60);
    CHECK_INT(fx_count(c, "councils"), 1);
    CHECK_INT(fx_count(c, "teams"), 4);
    CHECK_INT(fx_count(c, "staff"), 18);
    CHECK_INT(fx_count(c, "people"), 60);
    CHECK_INT(fx_count(c, "person_contacts"), sum.contacts);
    int64_t allocated = -1, wrong_team = -1;
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM people WHERE allocated_worker_id IS NOT NULL",
                              0, NULL, &allocated, &e),
              0);
    CHECK_INT(allocated, sum.allocated);
    CHECK(allocated > 30 && allocated < 60);
    /* people are allocated to social workers only */
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM people p JOIN staff s ON "
                                 "s.council_id = p.council_id AND s.id = p.allocated_worker_id "
                                 "WHERE s.role <> 'social_worker'",
                              0, NULL, &wrong_team, &e),
              0);
    CHECK_INT(wrong_team, 0);
    /* every role has someone, and their password is the demo password */
    bool role_seen[STAFF_ROLE_COUNT] = {0};
    for (int i = 0; i < sum.nlogins; i++)
        role_seen[sum.logins[i].role] = true;
    for (int r = 0; r < STAFF_ROLE_COUNT; r++)
        CHECK(role_seen[r]);
    struct staff s;
    CHECK_INT(staff_find_email(c, sum.council_id, "priya.shah@demo.example", &s, &e), 0);
    CHECK(staff_password_matches(s.password_hash, "demo-password"));
    CHECK(s.manager_id != 0);
    struct staff other;
    CHECK_INT(staff_find_email(c, sum.council_id, "ruth.ellis@demo.example", &other, &e), 0);
    CHECK(strcmp(s.password_hash, other.password_hash) != 0); /* salted one by one */
    store_release(c);
}

STORE_TEST(demo_populate_failure_leaves_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct demo_summary sum;
    struct demo_options o = {.seed = 7, .people = 40, .now = FX_NOW, .password = "demo-password"};
    store_fault_fail_nth(60); /* somewhere among the people */
    CHECK(demo_populate(c, &o, &sum, &e) < 0);
    store_fault_fail_nth(0);
    CHECK_CONTAINS(e.msg, "injected fault");
    CHECK_INT(fx_count(c, "councils"), 0);
    CHECK_INT(fx_count(c, "staff"), 0);
    CHECK_INT(fx_count(c, "people"), 0);
    store_release(c);
}
