/* The summary read's one statement (web_person_read_load) against the two reads it replaces
 * (web_access_facts_load, web_person_summary_get), and read entries appended in chunks, on both
 * backends. */
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "domain/audit_chain.h"
#include "fixtures.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/web_store.h"

/* The facts and the summary read both ways must agree, field by field. */
static void check_same(struct store_conn *c, const struct web_login *who, int64_t person,
                       int64_t now, size_t want_rels, size_t want_contacts)
{
    struct err e = {0};
    struct arena a;
    struct web_access_facts one, two;
    struct web_person p1, p2;
    struct web_contact *c1 = NULL, *c2 = NULL;
    size_t n1 = 0, n2 = 0;
    bool found = false;

    arena_init(&a, 0);
    CHECK_INT(web_person_read_load(c, who, person, now, &a, &one, &found, &p1, &c1, &n1, &e), 0);
    CHECK_INT(web_access_facts_load(c, who, person, now, &two, &e), 0);
    CHECK(found);
    CHECK(one.has_person && two.has_person);
    CHECK_INT(one.nrels, want_rels);
    CHECK_INT(two.nrels, want_rels);
    for (size_t i = 0; i < one.nrels && i < two.nrels; i++) {
        CHECK_INT(one.rels[i].kind, two.rels[i].kind);
        CHECK_INT(one.rels[i].starts, two.rels[i].starts);
        CHECK_INT(one.rels[i].ends, two.rels[i].ends);
    }
    CHECK_INT(one.break_glass_expires, two.break_glass_expires);

    CHECK_INT(web_person_summary_get(c, who->council_id, person, &a, &p2, &c2, &n2, &e), 0);
    CHECK_INT(p1.id, p2.id);
    CHECK_STR(p1.reference, p2.reference);
    CHECK_STR(p1.family_name, p2.family_name);
    CHECK_STR(p1.allocated_worker_name, p2.allocated_worker_name);
    CHECK_STR(p1.team_name, p2.team_name);
    CHECK_INT(p1.version, p2.version);
    CHECK_INT(n1, want_contacts); /* each contact once, however many relationships */
    CHECK_INT(n2, want_contacts);
    for (size_t i = 0; i < n1 && i < n2; i++) {
        CHECK_STR(c1[i].name, c2[i].name);
        CHECK_STR(c1[i].authority, c2[i].authority);
    }
    arena_release(&a);
}

STORE_TEST(web_person_read_is_the_two_reads_in_one)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t a = fx_council(c, "RDA"), b = fx_council(c, "RDB");
    int64_t north = fx_team(c, a, "North");
    int64_t sw = fx_staff(c, a, north, "sw@rda.example", ROLE_SOCIAL_WORKER);
    int64_t sw2 = fx_staff(c, a, 0, "sw2@rda.example", ROLE_SOCIAL_WORKER);
    struct web_login who = {LOGIN_STAFF, sw, a, USER_SOCIAL_WORKER, 0, north, "", "", "", "", true};
    day_t today = (day_t)(FX_NOW / 86400);
    struct person p;
    int64_t mine, theirs, bare, other;

    fx_person_init(&p, "Mary", "Mine", "1950-01-01");
    p.allocated_worker_id = sw;
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(person_create(c, a, &p, FX_NOW, &e), 0);
    CHECK_INT(store_commit(c, &e), 0);
    mine = p.id;
    theirs = fx_person(c, a, "Tess", "Theirs", "1951-01-01", NULL);
    bare = fx_person(c, a, "Bea", "Bare", "1953-01-01", NULL);
    other = fx_person(c, b, "Olga", "Other", "1952-01-01", NULL);
    fx_contact(c, a, mine, "Ann Contact");
    fx_contact(c, a, mine, "Bob Contact");
    fx_contact(c, a, theirs, "Cat Contact");
    fx_contact(c, a, theirs, "Dan Contact");
    fx_contact(c, a, theirs, "Eve Contact");

    /* The allocation from the person's row, no relationship rows, two contacts. */
    check_same(c, &who, mine, FX_NOW, 1, 2);
    /* Two dated relationship rows (an ended one, a live one) and three contacts: six joined
     * rows, read as two relationships and three contacts. */
    {
        struct web_relationship_new r = {a, theirs, sw, 0, REL_ALLOCATED_WORKER, today - 30,
                                         today - 10, 0, false, false, "past allocation"};
        CHECK_INT(web_relationship_add(c, &r, FX_NOW, NULL, &e), 0);
        r.starts = today - 2;
        r.ends = REL_OPEN_END;
        r.basis = "back again";
        CHECK_INT(web_relationship_add(c, &r, FX_NOW, NULL, &e), 0);
    }
    check_same(c, &who, theirs, FX_NOW, 2, 3);
    /* Nothing but the person. */
    check_same(c, &who, bare, FX_NOW, 0, 0);
    /* Break-glass for the other worker. */
    who.id = sw2;
    who.team_id = 0;
    CHECK_INT(web_break_glass_grant(c, a, sw2, bare, "duty call about Bea", FX_NOW, FX_NOW + 60,
                                    NULL, &e),
              0);
    check_same(c, &who, bare, FX_NOW, 0, 0);
    {
        struct arena ar;
        struct web_access_facts f;
        struct web_person q;
        struct web_contact *cs = NULL;
        size_t n = 0;
        bool found = true;
        arena_init(&ar, 0);
        CHECK_INT(web_person_read_load(c, &who, bare, FX_NOW, &ar, &f, &found, &q, &cs, &n, &e),
                  0);
        CHECK_INT(f.break_glass_expires, FX_NOW + 60);
        /* Another council's person: nothing, as if there were no such record. */
        CHECK_INT(web_person_read_load(c, &who, other, FX_NOW, &ar, &f, &found, &q, &cs, &n, &e),
                  0);
        CHECK(!found);
        CHECK(!f.has_person);
        CHECK_INT(f.nrels, 0);
        CHECK_INT(n, 0);
        arena_release(&ar);
    }
    store_release(c);
}

struct chain_check {
    struct audit_verify v;
    struct err problem;
};

static int verify_one(void *ctx, const struct audit_entry *a)
{
    struct chain_check *k = ctx;
    return audit_verify_next(&k->v, a, &k->problem) != 0;
}

/* A batch is inserted 16, 4 and 1 rows to a statement: 21 entries take all three, in order,
 * with one chain and the head at the last. */
STORE_TEST(web_audit_batch_in_chunks_keeps_one_chain)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct audit_new items[21];
    struct chain_check k = {0};
    int64_t council = fx_council(c, "CHK");
    struct arena a;
    struct audit_entry *hist = NULL;
    size_t n = 0;
    int64_t total = 0;

    for (int i = 0; i < 21; i++)
        items[i] = (struct audit_new){FX_NOW + i / 8, council, "staff:1", "social-worker",
                                      "person-summary.read", "person", 100 + i, "127.0.0.1", ""};
    CHECK_INT(audit_append_batch(c, items, 21, &e), 0);
    CHECK_INT(audit_append_batch(c, items, 5, &e), 0);
    audit_verify_init(&k.v);
    CHECK_INT(audit_scan(c, verify_one, &k, &e), 0);
    CHECK_INT(k.v.checked, 26);
    CHECK_INT(fx_count(c, "audit_log"), 26);
    arena_init(&a, 0);
    /* Entry 20 of the first batch (the one inserted alone) is about subject 120, at its second. */
    CHECK_INT(audit_history(c, council, "person", 120, 5, 0, &a, &hist, &n, &total, &e), 0);
    CHECK_INT(n, 1);
    CHECK_INT(hist[0].seq, 21);
    {
        char want[STORE_TIME_SIZE];
        store_time_format(FX_NOW + 2, want); /* not the stamp of the entries before it */
        CHECK_STR(hist[0].at, want);
    }
    CHECK_INT(audit_history(c, council, "person", 104, 5, 0, &a, &hist, &n, &total, &e), 0);
    CHECK_INT(n, 2); /* seq 5 and seq 26 */
    CHECK_INT(hist[0].seq, 26);
    CHECK_INT(hist[1].seq, 5);
    arena_release(&a);
    store_release(c);
}
