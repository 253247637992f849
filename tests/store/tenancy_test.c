/* Store tests of tenancy: a record of another council cannot be read, changed, linked to or
 * found, through the record API or even through SQL that forgets to check (composite foreign
 * keys). Run on both backends. */
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "fixtures.h"
#include "store/records.h"
#include "store/store.h"

struct two_councils {
    int64_t a, b;
    int64_t team_a, team_b;
    int64_t worker_a, worker_b;
    int64_t person_a, person_b;
    int64_t contact_a;
};

static void two_councils(struct store_conn *c, struct two_councils *t)
{
    t->a = fx_council(c, "AAA");
    t->b = fx_council(c, "BBB");
    t->team_a = fx_team(c, t->a, "Team");
    t->team_b = fx_team(c, t->b, "Team");
    t->worker_a = fx_staff(c, t->a, t->team_a, "worker@a.example", ROLE_SOCIAL_WORKER);
    t->worker_b = fx_staff(c, t->b, t->team_b, "worker@b.example", ROLE_SOCIAL_WORKER);
    t->person_a = fx_person(c, t->a, "Alice", "Smith", "1950-01-01", NULL);
    t->person_b = fx_person(c, t->b, "Bob", "Smith", "1950-01-01", NULL);
    t->contact_a = fx_contact(c, t->a, t->person_a, "Carol Smith");
}

STORE_TEST(tenancy_reads_of_another_council_are_not_found)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct two_councils t;
    struct person p;
    struct team tm;
    struct staff s;
    struct contact ct;
    two_councils(c, &t);
    CHECK_INT(person_get(c, t.b, t.person_a, &p, &e), ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "no person with id");
    err_clear(&e);
    CHECK_INT(team_get(c, t.b, t.team_a, &tm, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(staff_get(c, t.b, t.worker_a, &s, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(staff_find_email(c, t.b, "worker@a.example", &s, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(contact_get(c, t.b, t.contact_a, &ct, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(person_find_reference(c, t.b, "AAA-000001", &p, &e), ERR_NOT_FOUND);
    /* and the owners still see them */
    CHECK_INT(person_get(c, t.a, t.person_a, &p, &e), 0);
    CHECK_INT(contact_get(c, t.a, t.contact_a, &ct, &e), 0);
    store_release(c);
}

STORE_TEST(tenancy_writes_to_another_council_are_not_found_and_change_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct two_councils t;
    struct person p, check;
    struct contact ct;
    struct staff s;
    struct team tm;
    two_councils(c, &t);
    CHECK_INT(person_get(c, t.a, t.person_a, &p, &e), 0);
    str_copy(p.family_name, sizeof p.family_name, "Hijacked");
    CHECK_INT(person_update(c, t.b, &p, FX_NOW, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(person_get(c, t.a, t.person_a, &check, &e), 0);
    CHECK_STR(check.family_name, "Smith");
    CHECK_INT(check.version, 1);

    CHECK_INT(contact_get(c, t.a, t.contact_a, &ct, &e), 0);
    CHECK_INT(contact_update(c, t.b, &ct, FX_NOW, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(contact_delete(c, t.b, t.contact_a, ct.version, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(contact_get(c, t.a, t.contact_a, &ct, &e), 0);

    CHECK_INT(staff_get(c, t.a, t.worker_a, &s, &e), 0);
    s.role = ROLE_COUNCIL_ADMIN;
    CHECK_INT(staff_update(c, t.b, &s, FX_NOW, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(staff_set_password_hash(c, t.b, &s, FX_NOW, &e), ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(team_get(c, t.a, t.team_a, &tm, &e), 0);
    CHECK_INT(team_update(c, t.b, &tm, FX_NOW, &e), ERR_NOT_FOUND);
    store_release(c);
}

STORE_TEST(tenancy_links_across_councils_refused_by_the_record_api)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct two_councils t;
    struct contact ct = {0};
    struct staff s = {0};
    struct person p;
    two_councils(c, &t);
    /* a contact in council B for council A's person */
    ct.person_id = t.person_a;
    str_copy(ct.name, sizeof ct.name, "Mallory");
    str_copy(ct.relationship, sizeof ct.relationship, "friend");
    CHECK_INT(contact_create(c, t.b, &ct, FX_NOW, &e), ERR_NOT_FOUND);
    CHECK_STR(e.field, "person_id");
    CHECK_CONTAINS(e.msg, "no such person in this council");
    err_clear(&e);
    /* a staff member of B in A's team, or managed by A's worker */
    str_copy(s.name, sizeof s.name, "Eve");
    str_copy(s.email, sizeof s.email, "eve@b.example");
    s.team_id = t.team_a;
    CHECK_INT(staff_create(c, t.b, &s, FX_NOW, &e), ERR_NOT_FOUND);
    CHECK_CONTAINS(e.msg, "not part of this council");
    err_clear(&e);
    s.team_id = 0;
    s.manager_id = t.worker_a;
    CHECK_INT(staff_create(c, t.b, &s, FX_NOW, &e), ERR_NOT_FOUND);
    err_clear(&e);
    /* B's person allocated to A's worker */
    CHECK_INT(person_get(c, t.b, t.person_b, &p, &e), 0);
    p.allocated_worker_id = t.worker_a;
    CHECK_INT(person_update(c, t.b, &p, FX_NOW, &e), ERR_NOT_FOUND);
    CHECK_STR(e.field, "allocated_worker_id");
    err_clear(&e);
    fx_person_init(&p, "New", "Person", "1970-01-01");
    p.allocated_worker_id = t.worker_a;
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(person_create(c, t.b, &p, FX_NOW, &e), ERR_NOT_FOUND);
    store_rollback(c);
    CHECK_INT(fx_count(c, "people"), 2);
    CHECK_INT(fx_count(c, "person_contacts"), 1);
    CHECK_INT(fx_count(c, "staff"), 2);
    store_release(c);
}

STORE_TEST(tenancy_cross_council_foreign_keys_impossible_in_sql)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct two_councils t;
    char sql[512];
    two_councils(c, &t);
    /* SQL that names council B but points at council A's person: the composite key refuses */
    snprintf(sql, sizeof sql,
             "INSERT INTO person_contacts (council_id, person_id, name, relationship, created_at, "
             "updated_at) VALUES (%lld, %lld, 'X', 'friend', 'now', 'now')",
             (long long)t.b, (long long)t.person_a);
    CHECK_INT(store_exec(c, sql, &e), ERR_NOT_FOUND);
    err_clear(&e);
    snprintf(sql, sizeof sql, "UPDATE person_contacts SET council_id = %lld WHERE id = %lld",
             (long long)t.b, (long long)t.contact_a);
    CHECK_INT(store_exec(c, sql, &e), ERR_NOT_FOUND);
    err_clear(&e);
    snprintf(sql, sizeof sql, "UPDATE people SET allocated_worker_id = %lld WHERE id = %lld",
             (long long)t.worker_a, (long long)t.person_b);
    CHECK_INT(store_exec(c, sql, &e), ERR_NOT_FOUND);
    err_clear(&e);
    snprintf(sql, sizeof sql, "UPDATE staff SET team_id = %lld WHERE id = %lld",
             (long long)t.team_a, (long long)t.worker_b);
    CHECK_INT(store_exec(c, sql, &e), ERR_NOT_FOUND);
    err_clear(&e);
    /* moving a person to another council while their contact stays behind is refused too */
    snprintf(sql, sizeof sql, "UPDATE people SET council_id = %lld WHERE id = %lld",
             (long long)t.b, (long long)t.person_a);
    CHECK(store_exec(c, sql, &e) < 0);
    err_clear(&e);
    /* council_id is required on every personal row */
    CHECK_INT(store_exec(c, "INSERT INTO people (reference, given_name, family_name, given_key, "
                            "family_key, date_of_birth, client_group, created_at, updated_at) "
                            "VALUES ('X-1', 'A', 'B', 'a', 'b', '1950-01-01', 'other', 'n', 'n')",
                         &e),
              ERR_INVALID);
    store_release(c);
}

STORE_TEST(tenancy_search_and_lists_never_cross_councils)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct two_councils t;
    struct arena a;
    struct person_page page;
    struct person_query q = {.name = "smith"};
    struct staff *staff = NULL;
    struct team *teams = NULL;
    struct contact *contacts = NULL;
    size_t n = 0;
    arena_init(&a, 0);
    two_councils(c, &t);
    CHECK_INT(person_search(c, t.b, &q, &a, &page, &e), 0);
    CHECK_INT(page.total, 1);
    CHECK_INT(page.n, 1);
    if (page.n == 1)
        CHECK_STR(page.items[0].given_name, "Bob");
    CHECK_INT(staff_list(c, t.b, 0, &a, &staff, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(staff_list(c, t.b, t.team_a, &a, &staff, &n, &e), 0);
    CHECK_INT(n, 0);
    CHECK_INT(team_list(c, t.b, &a, &teams, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(contact_list(c, t.b, t.person_a, &a, &contacts, &n, &e), 0);
    CHECK_INT(n, 0);
    CHECK_INT(person_count(c, t.b, &e), 1);
    arena_release(&a);
    store_release(c);
}
