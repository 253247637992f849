/* Store tests of transactions and concurrency: a failure in the middle leaves nothing; commit
 * refuses after a failed step; racing writers with the same version: exactly one wins. Run on
 * both backends. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../check.h"
#include "base/err.h"
#include "base/str.h"
#include "fixtures.h"
#include "store/records.h"
#include "store/store.h"

STORE_TEST(tx_rollback_leaves_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct person p;
    int64_t cid = fx_council(c, "DEMO");
    CHECK_INT(store_begin(c, &e), 0);
    CHECK(store_in_transaction(c));
    fx_person_init(&p, "Ann", "Lee", "1950-01-01");
    CHECK_INT(person_create(c, cid, &p, FX_NOW, &e), 0);
    fx_contact(c, cid, p.id, "Tom Lee");
    store_rollback(c);
    CHECK(!store_in_transaction(c));
    CHECK_INT(fx_count(c, "people"), 0);
    CHECK_INT(fx_count(c, "person_contacts"), 0);
    /* the reference counter went back too: the next person is still number 1 */
    fx_person(c, cid, "Bea", "Lee", "1950-01-01", &p);
    CHECK_STR(p.reference, "DEMO-000001");
    store_release(c);
}

STORE_TEST(tx_failure_in_the_middle_undoes_everything_and_commit_refuses)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct person p;
    struct contact ct = {0};
    int64_t cid = fx_council(c, "DEMO");
    CHECK_INT(store_begin(c, &e), 0);
    fx_person_init(&p, "Ann", "Lee", "1950-01-01");
    CHECK_INT(person_create(c, cid, &p, FX_NOW, &e), 0);
    ct.person_id = 987654; /* no such person: the insert fails inside the transaction */
    str_copy(ct.name, sizeof ct.name, "Nobody");
    str_copy(ct.relationship, sizeof ct.relationship, "friend");
    CHECK_INT(contact_create(c, cid, &ct, FX_NOW, &e), ERR_NOT_FOUND);
    err_clear(&e);
    /* a caller that carries on regardless gets nothing saved */
    CHECK(store_exec(c, "UPDATE councils SET name = 'changed'", &e) < 0);
    err_clear(&e);
    CHECK_INT(store_commit(c, &e), ERR_IO);
    CHECK_CONTAINS(e.msg, "nothing was saved");
    CHECK(!store_in_transaction(c));
    CHECK_INT(fx_count(c, "people"), 0);
    struct council co;
    CHECK_INT(council_get(c, cid, &co, &e), 0);
    CHECK_STR(co.name, "DEMO Borough Council");
    store_release(c);
}

STORE_TEST(tx_injected_fault_at_each_step_leaves_nothing)
{
    struct store_conn *c = fx_conn(st);
    int64_t cid = fx_council(c, "DEMO");
    int completed = 0, failures = 0;
    /* A change of four statements (begin, reference, person, contact, commit): fail each in turn */
    for (int n = 1; n < 20 && !completed; n++) {
        struct person p;
        struct err fe = {0};
        int rc;
        fx_person_init(&p, "Ann", "Lee", "1950-01-01");
        store_fault_fail_nth(n);
        rc = store_begin(c, &fe);
        if (rc == 0)
            rc = person_create(c, cid, &p, FX_NOW, &fe);
        if (rc == 0) {
            struct contact ct = {0};
            ct.person_id = p.id;
            str_copy(ct.name, sizeof ct.name, "Tom");
            str_copy(ct.relationship, sizeof ct.relationship, "son");
            rc = contact_create(c, cid, &ct, FX_NOW, &fe);
        }
        if (rc == 0)
            rc = store_commit(c, &fe);
        else
            store_rollback(c);
        store_fault_fail_nth(0);
        CHECK(!store_in_transaction(c));
        if (rc == 0) {
            completed = 1;
            CHECK_INT(fx_count(c, "people"), 1);
            CHECK_INT(fx_count(c, "person_contacts"), 1);
        } else {
            failures++;
            CHECK_CONTAINS(fe.msg, "injected fault");
            CHECK_INT(fx_count(c, "people"), 0);
            CHECK_INT(fx_count(c, "person_contacts"), 0);
        }
    }
    CHECK_INT(completed, 1);
    CHECK(failures >= 4);
    store_release(c);
}

STORE_TEST(tx_release_with_open_transaction_rolls_back)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t cid = fx_council(c, "DEMO");
    CHECK_INT(store_begin(c, &e), 0);
    fx_team(c, cid, "Forgotten");
    store_release(c); /* a handler that returned early */
    c = fx_conn(st);
    CHECK(!store_in_transaction(c));
    CHECK_INT(fx_count(c, "teams"), 0);
    CHECK_INT(store_begin(c, &e), 0);
    CHECK_INT(store_begin(c, &e), ERR_INVALID); /* no nesting */
    store_rollback(c);
    store_release(c);
}

STORE_TEST(tx_uncommitted_change_invisible_to_other_connections)
{
    struct store_conn *a = fx_conn(st), *b = fx_conn(st);
    struct err e = {0};
    int64_t cid = fx_council(a, "DEMO");
    CHECK_INT(store_begin(a, &e), 0);
    fx_team(a, cid, "Pending");
    CHECK_INT(fx_count(b, "teams"), 0);
    CHECK_INT(store_commit(a, &e), 0);
    CHECK_INT(fx_count(b, "teams"), 1);
    store_release(a);
    store_release(b);
}

struct racer {
    struct store *st;
    int64_t council_id;
    struct person seen; /* everyone saw version 1 */
    int index;
    int rc;
    pthread_barrier_t *start;
};

static void *race_update(void *arg)
{
    struct racer *r = arg;
    struct store_conn *c = NULL;
    struct err e = {0};
    r->rc = store_acquire(r->st, &c, &e);
    pthread_barrier_wait(r->start);
    if (r->rc != 0)
        return NULL;
    snprintf(r->seen.phone, sizeof r->seen.phone, "01632 960 %03d", r->index);
    r->rc = store_begin(c, &e);
    if (r->rc == 0)
        r->rc = person_update(c, r->council_id, &r->seen, FX_NOW + r->index, &e);
    if (r->rc == 0)
        r->rc = store_commit(c, &e);
    else
        store_rollback(c);
    store_release(c);
    return NULL;
}

STORE_TEST(concurrency_same_version_exactly_one_writer_wins)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct person p;
    int64_t cid = fx_council(c, "DEMO");
    fx_person(c, cid, "Ann", "Lee", "1950-01-01", &p);
    store_release(c);
    enum { N = 4 }; /* the pool's size: every racer holds a connection at the start line */
    struct racer r[N];
    pthread_t th[N];
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, N);
    for (int i = 0; i < N; i++) {
        r[i] = (struct racer){st, cid, p, i + 1, -99, &start};
        pthread_create(&th[i], NULL, race_update, &r[i]);
    }
    int wins = 0, conflicts = 0, winner = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        if (r[i].rc == 0) {
            wins++;
            winner = r[i].index;
        } else if (r[i].rc == ERR_CONFLICT) {
            conflicts++;
        } else {
            check_fail(__FILE__, __LINE__, "racer %d: unexpected result %d", i, r[i].rc);
        }
    }
    pthread_barrier_destroy(&start);
    CHECK_INT(wins, 1);
    CHECK_INT(conflicts, N - 1);
    c = fx_conn(st);
    struct person got;
    char want[32];
    snprintf(want, sizeof want, "01632 960 %03d", winner);
    CHECK_INT(person_get(c, cid, p.id, &got, &e), 0);
    CHECK_INT(got.version, 2);
    CHECK_STR(got.phone, want);
    store_release(c);
}

struct creator {
    struct store *st;
    int64_t council_id;
    int index;
    int failures;
};

static void *create_many(void *arg)
{
    struct creator *cr = arg;
    struct store_conn *c = NULL;
    struct err e = {0};
    if (store_acquire(cr->st, &c, &e) != 0) {
        cr->failures = 100;
        return NULL;
    }
    for (int i = 0; i < 10; i++) {
        struct person p;
        char given[32];
        snprintf(given, sizeof given, "T%dP%d", cr->index, i);
        fx_person_init(&p, given, "Parallel", "1970-01-01");
        err_clear(&e);
        if (store_begin(c, &e) != 0 || person_create(c, cr->council_id, &p, FX_NOW, &e) != 0 ||
            store_commit(c, &e) != 0) {
            store_rollback(c);
            cr->failures++;
        }
    }
    store_release(c);
    return NULL;
}

STORE_TEST(concurrency_parallel_creates_get_distinct_references)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t cid = fx_council(c, "DEMO");
    store_release(c);
    struct creator cr[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        cr[i] = (struct creator){st, cid, i, 0};
        pthread_create(&th[i], NULL, create_many, &cr[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(cr[i].failures, 0);
    }
    c = fx_conn(st);
    int64_t n = -1, distinct = -1, maxref = -1;
    CHECK_INT(store_query_i64(c, "SELECT count(*) FROM people", 0, NULL, &n, &e), 0);
    CHECK_INT(store_query_i64(c, "SELECT count(DISTINCT reference) FROM people", 0, NULL,
                              &distinct, &e),
              0);
    CHECK_INT(store_query_i64(c, "SELECT next_person_number FROM councils", 0, NULL, &maxref, &e),
              0);
    CHECK_INT(n, 40);
    CHECK_INT(distinct, 40);
    CHECK_INT(maxref, 41);
    store_release(c);
}

static void *release_later(void *arg)
{
    usleep(200 * 1000);
    store_release(arg);
    return NULL;
}

STORE_TEST(pool_waits_for_a_released_connection)
{
    struct store_conn *held[4], *got = NULL;
    struct err e = {0};
    pthread_t th;
    for (int i = 0; i < 4; i++)
        held[i] = fx_conn(st);
    /* all four lent: the next acquire waits until another thread gives one back */
    pthread_create(&th, NULL, release_later, held[2]);
    CHECK_INT(store_acquire(st, &got, &e), 0);
    CHECK(got == held[2]);
    pthread_join(th, NULL);
    store_release(got);
    store_release(held[0]);
    store_release(held[1]);
    store_release(held[3]);
}
