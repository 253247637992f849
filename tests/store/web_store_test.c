/* The web layer's tables on both backends: the audit chain as the store writes it (and the
 * triggers that refuse changing it), sessions, the facts the access rule reads, demo sign-ins. */
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "domain/audit_chain.h"
#include "fixtures.h"
#include "store/audit.h"
#include "store/web_demo.h"
#include "store/web_store.h"

static struct audit_new entry(int64_t council, int64_t subject, const char *action)
{
    return (struct audit_new){FX_NOW, council, "staff:1", "social-worker", action, "person",
                              subject, "127.0.0.1", ""};
}

struct collect {
    struct audit_verify v;
    struct err problem;
    int64_t n;
};

static int collect_one(void *ctx, const struct audit_entry *a)
{
    struct collect *c = ctx;
    c->n++;
    return audit_verify_next(&c->v, a, &c->problem) != 0;
}

STORE_TEST(web_audit_chain_appends_and_verifies)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct audit_new items[3];
    struct collect col = {0};
    int64_t council = fx_council(c, "AUD");
    struct audit_new one = entry(council, 7, "person.change");
    struct arena a;
    struct audit_entry *hist = NULL;
    size_t n = 0;
    int64_t total = 0;

    for (int i = 0; i < 3; i++)
        items[i] = entry(council, 7, "person-summary.read");
    CHECK_INT(audit_append_batch(c, items, 3, &e), 0);
    /* A change's entry must be in the change's transaction. */
    CHECK_INT(audit_append(c, &one, &e), ERR_INVALID);
    err_clear(&e);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(audit_append(c, &one, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    /* Rolled back with its change: no entry, no gap. */
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(audit_append(c, &one, &e), 0);
    store_rollback(c);

    audit_verify_init(&col.v);
    CHECK_INT(audit_scan(c, collect_one, &col, &e), 0);
    CHECK_INT(col.n, 4);
    CHECK_INT(col.v.checked, 4);

    arena_init(&a, 0);
    CHECK_INT(audit_history(c, council, "person", 7, 2, 0, &a, &hist, &n, &total, &e), 0);
    CHECK_INT(total, 4);
    CHECK_INT(n, 2);
    CHECK_INT(hist[0].seq, 4); /* newest first */
    CHECK_STR(hist[0].action, "person.change");
    arena_release(&a);

    /* The store refuses to change or delete entries. */
    CHECK(store_exec(c, "UPDATE audit_log SET detail = 'x' WHERE seq = 1", &e) != 0);
    CHECK_CONTAINS(e.msg, "append-only");
    err_clear(&e);
    CHECK(store_exec(c, "DELETE FROM audit_log WHERE seq = 1", &e) != 0);
    err_clear(&e);
    CHECK_INT(fx_count(c, "audit_log"), 4);
    store_release(c);
}

STORE_TEST(web_sessions_round_trip)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t council = fx_council(c, "SES");
    int64_t sw = fx_staff(c, council, 0, "sw@ses.example", ROLE_SOCIAL_WORKER);
    struct web_login who = {0}, cands[4];
    struct web_session_row row;
    const char *hash = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    size_t n = 0;

    CHECK_INT(web_login_set_password(c, LOGIN_STAFF, council, sw, "$argon2id$fake", FX_NOW, &e), 0);
    CHECK_INT(web_login_candidates(c, "sw@ses.example", cands, 4, &n, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(cands[0].role, USER_SOCIAL_WORKER);
    CHECK_STR(cands[0].password_hash, "$argon2id$fake");
    who = cands[0];
    CHECK_INT(web_session_create(c, hash, &who, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
                                 "127.0.0.1", FX_NOW, &e),
              0);
    CHECK_INT(web_session_load(c, hash, &row, &e), 0);
    CHECK_INT(row.login.id, sw);
    CHECK_INT(row.created, FX_NOW);
    CHECK_STR(row.csrf_token, "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    CHECK_INT(web_session_touch(c, hash, FX_NOW + 90, &e), 0);
    CHECK_INT(web_session_load(c, hash, &row, &e), 0);
    CHECK_INT(row.last_seen, FX_NOW + 90);
    CHECK_INT(web_session_delete_others(c, LOGIN_STAFF, sw, NULL, &e), 0);
    CHECK_INT(web_session_load(c, hash, &row, &e), ERR_NOT_FOUND);

    /* Throttle: locks at the limit, then counts afresh. */
    {
        int f = 0;
        int64_t until = 0;
        for (int i = 0; i < 3; i++)
            CHECK_INT(web_throttle_fail(c, "x@y", 3, 600, FX_NOW, &e), 0);
        CHECK_INT(web_throttle_get(c, "x@y", &f, &until, &e), 0);
        CHECK_INT(until, FX_NOW + 600);
        CHECK_INT(web_throttle_clear(c, "x@y", &e), 0);
        CHECK_INT(web_throttle_get(c, "x@y", &f, &until, &e), 0);
        CHECK_INT(until, 0);
    }
    store_release(c);
}

STORE_TEST(web_access_facts_from_the_store)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t a = fx_council(c, "ACA"), b = fx_council(c, "ACB");
    int64_t north = fx_team(c, a, "North");
    int64_t sw = fx_staff(c, a, north, "sw@aca.example", ROLE_SOCIAL_WORKER);
    int64_t tm = fx_staff(c, a, north, "tm@aca.example", ROLE_TEAM_MANAGER);
    int64_t sw2 = fx_staff(c, a, 0, "sw2@aca.example", ROLE_SOCIAL_WORKER);
    struct person p;
    int64_t mine, theirs, other;
    struct web_access_facts f;
    struct web_login who = {LOGIN_STAFF, sw, a, USER_SOCIAL_WORKER, 0, north, "", "", "", "", true};
    day_t today = (day_t)(FX_NOW / 86400);

    fx_person_init(&p, "Mary", "Mine", "1950-01-01");
    p.allocated_worker_id = sw;
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(person_create(c, a, &p, FX_NOW, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    mine = p.id;
    theirs = fx_person(c, a, "Tess", "Theirs", "1951-01-01", NULL);
    other = fx_person(c, b, "Olga", "Other", "1952-01-01", NULL);

    CHECK_INT(web_access_facts_load(c, &who, mine, FX_NOW, &f, &e), 0);
    CHECK(f.has_person);
    CHECK_INT(f.nrels, 1);
    CHECK_INT(f.rels[0].kind, REL_ALLOCATED_WORKER);
    CHECK_INT(web_access_facts_load(c, &who, other, FX_NOW, &f, &e), 0);
    CHECK(!f.has_person); /* another council's person is invisible */

    /* An ended allocation is returned with its dates (the rule decides it does not count). */
    {
        struct web_relationship_new r = {a, theirs, sw, 0, REL_ALLOCATED_WORKER, today - 30,
                                         today - 1, 0, false, false, "past allocation"};
        CHECK_INT(web_relationship_add(c, &r, FX_NOW, NULL, &e), 0);
        CHECK_INT(web_access_facts_load(c, &who, theirs, FX_NOW, &f, &e), 0);
        CHECK_INT(f.nrels, 1);
        CHECK_INT(f.rels[0].ends, today - 1);
        CHECK(!relationship_live(&f.rels[0], today));
    }
    /* The team manager of the allocated worker's team. */
    who.id = tm;
    who.role = USER_TEAM_MANAGER;
    CHECK_INT(web_access_facts_load(c, &who, mine, FX_NOW, &f, &e), 0);
    CHECK_INT(f.nrels, 1);
    CHECK_INT(f.rels[0].kind, REL_TEAM);
    /* Break-glass: live until it expires. */
    who.id = sw2;
    who.role = USER_SOCIAL_WORKER;
    who.team_id = 0;
    CHECK_INT(web_break_glass_grant(c, a, sw2, theirs, "duty call about Tess", FX_NOW, FX_NOW + 60,
                                    NULL, &e),
              0);
    CHECK_INT(web_access_facts_load(c, &who, theirs, FX_NOW, &f, &e), 0);
    CHECK_INT(f.break_glass_expires, FX_NOW + 60);
    CHECK_INT(web_access_facts_load(c, &who, theirs, FX_NOW + 61, &f, &e), 0);
    CHECK_INT(f.break_glass_expires, 0);
    store_release(c);
}

STORE_TEST(web_demo_sign_ins)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t council = fx_council(c, "DEMOW");
    int64_t team = fx_team(c, council, "Team");
    int64_t sw = fx_staff(c, council, team, "sw@demo.example", ROLE_SOCIAL_WORKER);
    struct web_demo_login logins[16];
    struct web_login cands[4];
    size_t n = 0, nc = 0;
    (void)fx_staff(c, council, team, "tm@demo.example", ROLE_TEAM_MANAGER);
    for (int i = 0; i < 4; i++) {
        struct person p;
        char given[16];
        snprintf(given, sizeof given, "Demo%c", 'A' + i);
        fx_person_init(&p, given, "Person", "1950-01-01");
        p.allocated_worker_id = sw;
        CHECK_INT(store_begin(c, &e), 0);
        CHECK_INT(person_create(c, council, &p, FX_NOW, &e), 0);
        CHECK_INT(store_commit(c, &e), 0);
    }
    CHECK_INT(web_demo_seed(c, council, FX_NOW, "$argon2id$demo", logins, 16, &n, &e), 0);
    CHECK_INT(n, 7); /* social worker, team manager, budget holder, representative, 3 more */
    CHECK_STR(logins[0].username, "sw@demo.example");
    CHECK_CONTAINS(logins[0].who, "with 4 people");
    CHECK_INT(web_login_candidates(c, "representative@demo.example", cands, 4, &nc, &e), 0);
    CHECK_INT(nc, 1);
    CHECK_INT(cands[0].role, USER_REPRESENTATIVE);
    store_release(c);
}
