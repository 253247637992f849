/* Store tests of the ledger and payment batches, on both backends: postings and their balances,
 * duplicate imports and double reversals refused (also when racing), the four-eyes batch carried
 * through the store to payment journals, and verify-ledger naming rows changed behind the
 * program's back. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "base/date.h"
#include "base/err.h"
#include "domain/batch.h"
#include "domain/ledger.h"
#include "fixtures.h"
#include "store/ledger_store.h"
#include "store/store.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

/* Loads the council's ledger and verifies it; returns the number of breaches, and whether one of
 * kind k was among them. */
static size_t verify(struct store_conn *c, int64_t council, enum ledger_breach_kind k, bool *found)
{
    struct ledger l;
    struct ledger_breaches br;
    struct err e = {0};
    size_t total;
    ledger_init(&l);
    ledger_breaches_init(&br, 50);
    CHECK_INT(ledger_store_load(c, council, &l, &e), 0);
    CHECK(ledger_verify(&l, &br, &e) >= 0);
    if (found) {
        *found = false;
        for (size_t i = 0; i < br.n; i++)
            *found |= br.items[i].kind == k;
    }
    total = br.total;
    ledger_breaches_release(&br);
    ledger_release(&l);
    return total;
}

STORE_TEST(ledger_store_posts_and_balances)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t council = fx_council(c, "LDG"), id = 0, bal = 0;
    CHECK_INT(ledger_store_post(c, LEDGER_J_FUNDS_IN, council, 7, D(2025, 4, 7), 5000, 0, 0,
                                "fp-in-1", "contribution", "user 3", FX_NOW, &id, &e),
              0);
    CHECK(id > 0);
    CHECK_INT(ledger_store_post(c, LEDGER_J_SPEND, council, 7, D(2025, 4, 8), 1234, 0, 0,
                                "fp-sp-1", "PA wages", "user 3", FX_NOW, NULL, &e),
              0);
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_PERSON_DP_ACCOUNT, &bal, &e), 0);
    CHECK_INT(bal, 3766);
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_PERSON_FUNDS, &bal, &e), 0);
    CHECK_INT(bal, -5000);
    CHECK_INT(fx_count(c, "ledger_journals"), 2);
    CHECK_INT(fx_count(c, "ledger_lines"), 4);
    CHECK_INT(verify(c, council, 0, NULL), 0);
    /* refusals change nothing */
    CHECK_INT(ledger_store_post(c, LEDGER_J_SPEND, council, 7, D(2025, 4, 8), 0, 0, 0, NULL, NULL,
                                NULL, FX_NOW, NULL, &e),
              ERR_INVALID);
    err_clear(&e);
    CHECK_INT(ledger_store_post(c, LEDGER_J_PAYMENT, council, 7, D(2025, 4, 8), 500, 0, 0, NULL,
                                NULL, NULL, FX_NOW, NULL, &e),
              ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "approved payment batch");
    CHECK_INT(fx_count(c, "ledger_journals"), 2);
    store_release(c);
}

STORE_TEST(ledger_store_same_import_adds_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t council = fx_council(c, "LDG");
    CHECK_INT(ledger_store_post(c, LEDGER_J_SPEND, council, 7, D(2025, 4, 8), 1234, 0, 0,
                                "fp-dup", NULL, NULL, FX_NOW, NULL, &e),
              0);
    CHECK_INT(ledger_store_post(c, LEDGER_J_SPEND, council, 7, D(2025, 4, 8), 1234, 0, 0,
                                "fp-dup", NULL, NULL, FX_NOW, NULL, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been recorded");
    CHECK_INT(fx_count(c, "ledger_journals"), 1);
    store_release(c);
}

STORE_TEST(ledger_store_reversal_once_and_only_in_council)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    int64_t council = fx_council(c, "LDG"), other = fx_council(c, "OTH"), id = 0, rid = 0, bal;
    ledger_store_post(c, LEDGER_J_FUNDS_IN, council, 7, D(2025, 4, 7), 9000, 0, 0, "a", NULL, NULL,
                      FX_NOW, NULL, &e);
    ledger_store_post(c, LEDGER_J_SPEND, council, 7, D(2025, 4, 8), 2500, 0, 0, "b", NULL, NULL,
                      FX_NOW, &id, &e);
    CHECK_INT(ledger_store_reverse(c, other, id, D(2025, 4, 9), "wrong", "user 4", FX_NOW, &rid,
                                   &e),
              ERR_NOT_FOUND);
    err_clear(&e);
    CHECK_INT(ledger_store_reverse(c, council, id, D(2025, 4, 9), "keyed wrongly", "user 4",
                                   FX_NOW, &rid, &e),
              0);
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_PERSON_DP_ACCOUNT, &bal, &e), 0);
    CHECK_INT(bal, 9000);
    CHECK_INT(ledger_store_reverse(c, council, id, D(2025, 4, 9), NULL, NULL, FX_NOW, NULL, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been reversed");
    err_clear(&e);
    CHECK_INT(ledger_store_reverse(c, council, rid, D(2025, 4, 9), NULL, NULL, FX_NOW, NULL, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "itself a reversal");
    CHECK_INT(verify(c, council, 0, NULL), 0);
    store_release(c);
}

/* A released batch of two lines in `council`, through the store. */
static int64_t released_batch(struct store_conn *c, int64_t council)
{
    struct batch b;
    struct err e = {0};
    struct batch_actor officer = {10, council, BATCH_ROLE_OFFICER};
    struct batch_actor approver = {20, council, BATCH_ROLE_APPROVER};
    struct batch_line ln;
    int64_t id;
    CHECK_INT(payment_batch_create(c, council, D(2025, 4, 10), &officer, FX_NOW, &b, &e), 0);
    for (int i = 0; i < 2; i++) {
        memset(&ln, 0, sizeof ln);
        ln.dp_id = 7 + i;
        ln.schedule_ref = 1;
        snprintf(ln.payee_name, sizeof ln.payee_name, "Person %d", i);
        snprintf(ln.sort_code, sizeof ln.sort_code, "20-00-00");
        snprintf(ln.account, sizeof ln.account, "55779911");
        snprintf(ln.reference, sizeof ln.reference, "DP%d APR", 7 + i);
        snprintf(ln.remittance, sizeof ln.remittance, "Four weeks from 7 April 2025");
        ln.amount = 100000 + i;
        CHECK_INT(batch_add_line(&b, &ln, &officer, &e), 0);
    }
    CHECK_INT(payment_batch_save(c, &b, &e), 0);
    CHECK_INT(batch_submit(&b, &officer, FX_NOW, &e), 0);
    CHECK_INT(payment_batch_save(c, &b, &e), 0);
    id = b.id;
    batch_release(&b);
    /* the approver works on what is stored */
    CHECK_INT(payment_batch_load(c, council, id, &b, &e), 0);
    CHECK_INT(b.nlines, 2);
    CHECK_INT(batch_approve(&b, &approver, FX_NOW, &e), 0);
    CHECK_INT(payment_batch_save(c, &b, &e), 0);
    batch_release(&b);
    CHECK_INT(payment_batch_release(c, council, id, &officer, D(2025, 4, 8), FX_NOW, &e), 0);
    CHECK_STR(e.msg, "");
    return id;
}

STORE_TEST(ledger_store_batch_four_eyes_to_payments)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct batch b;
    struct batch_actor officer = {10, 0, BATCH_ROLE_OFFICER};
    int64_t council = fx_council(c, "LDG"), id, bal = 0;
    officer.council_id = council;
    id = released_batch(c, council);
    CHECK_INT(fx_count(c, "ledger_journals"), 2);
    CHECK_INT(ledger_store_balance(c, council, 8, LEDGER_BANK_CLEARING, &bal, &e), 0);
    CHECK_INT(bal, 100001);
    CHECK_INT(ledger_store_balance(c, council, 0, LEDGER_COUNCIL_DP_BUDGET, &bal, &e), 0);
    CHECK_INT(bal, -200001);
    CHECK_INT(payment_batch_load(c, council, id, &b, &e), 0);
    CHECK_INT(b.state, BATCH_RELEASED);
    CHECK(batch_approval_valid(&b));
    batch_release(&b);
    /* releasing twice is refused and pays nothing */
    CHECK_INT(payment_batch_release(c, council, id, &officer, D(2025, 4, 8), FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "already been released");
    CHECK_INT(fx_count(c, "ledger_journals"), 2);
    /* a line paid again by hand is refused */
    err_clear(&e);
    CHECK_INT(ledger_store_post(c, LEDGER_J_PAYMENT, council, 7, D(2025, 4, 8), 100000, id, 1,
                                NULL, NULL, NULL, FX_NOW, NULL, &e),
              ERR_CONFLICT);
    CHECK_INT(verify(c, council, 0, NULL), 0);
    store_release(c);
}

STORE_TEST(ledger_store_release_of_unapproved_batch_changes_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct batch b;
    struct batch_line ln;
    int64_t council = fx_council(c, "LDG");
    struct batch_actor officer = {10, council, BATCH_ROLE_OFFICER};
    CHECK_INT(payment_batch_create(c, council, D(2025, 4, 10), &officer, FX_NOW, &b, &e), 0);
    memset(&ln, 0, sizeof ln);
    ln.dp_id = 7;
    snprintf(ln.payee_name, sizeof ln.payee_name, "A PERSON");
    snprintf(ln.sort_code, sizeof ln.sort_code, "200000");
    snprintf(ln.account, sizeof ln.account, "55779911");
    snprintf(ln.reference, sizeof ln.reference, "DP7");
    ln.amount = 5000;
    CHECK_INT(batch_add_line(&b, &ln, &officer, &e), 0);
    CHECK_INT(batch_submit(&b, &officer, FX_NOW, &e), 0);
    CHECK_INT(payment_batch_save(c, &b, &e), 0);
    CHECK_INT(payment_batch_release(c, council, b.id, &officer, D(2025, 4, 8), FX_NOW, &e),
              ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "has not been approved");
    CHECK_INT(fx_count(c, "ledger_journals"), 0);
    {
        int64_t id = b.id;
        batch_release(&b);
        CHECK_INT(payment_batch_load(c, council, id, &b, &e), 0);
    }
    CHECK_INT(b.state, BATCH_SUBMITTED);
    CHECK_INT(b.nlines, 1);
    batch_release(&b);
    store_release(c);
}

STORE_TEST(ledger_store_stale_batch_save_refused)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct batch b1, b2;
    int64_t council = fx_council(c, "LDG");
    struct batch_actor officer = {10, council, BATCH_ROLE_OFFICER};
    CHECK_INT(payment_batch_create(c, council, D(2025, 4, 10), &officer, FX_NOW, &b1, &e), 0);
    CHECK_INT(payment_batch_load(c, council, b1.id, &b2, &e), 0);
    CHECK_INT(batch_cancel(&b1, &officer, "duplicate", FX_NOW, &e), 0);
    CHECK_INT(payment_batch_save(c, &b1, &e), 0);
    snprintf(b2.note, sizeof b2.note, "edited meanwhile");
    CHECK_INT(payment_batch_save(c, &b2, &e), ERR_CONFLICT);
    batch_release(&b1);
    batch_release(&b2);
    store_release(c);
}

STORE_TEST(ledger_store_verify_names_tampering)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    bool found = false;
    int64_t council = fx_council(c, "LDG"), id;
    char sql[200];
    id = released_batch(c, council);
    ledger_store_post(c, LEDGER_J_RECEIPT, council, 7, D(2025, 4, 10), 100000, 0, 0, "rc-7", NULL,
                      NULL, FX_NOW, NULL, &e);
    CHECK_INT(verify(c, council, 0, NULL), 0);

    /* a balance edited by hand */
    CHECK_INT(store_exec(c, "UPDATE ledger_accounts SET balance = balance + 1 WHERE kind = "
                            "'person_dp_account'",
                         &e),
              0);
    CHECK_INT(verify(c, council, LEDGER_BREACH_BALANCE_MISMATCH, &found), 1);
    CHECK(found);
    CHECK_INT(store_exec(c, "UPDATE ledger_accounts SET balance = balance - 1 WHERE kind = "
                            "'person_dp_account'",
                         &e),
              0);
    CHECK_INT(verify(c, council, 0, NULL), 0);

    /* one side of a journal edited */
    CHECK_INT(store_exec(c, "UPDATE ledger_lines SET amount = amount + 100 WHERE line_no = 1 AND "
                            "journal_id = (SELECT max(id) FROM ledger_journals)",
                         &e),
              0);
    CHECK(verify(c, council, LEDGER_BREACH_UNBALANCED, &found) >= 1);
    CHECK(found);
    CHECK_INT(store_exec(c, "UPDATE ledger_lines SET amount = amount - 100 WHERE line_no = 1 AND "
                            "journal_id = (SELECT max(id) FROM ledger_journals)",
                         &e),
              0);

    /* a batch line's amount changed after approval and release */
    snprintf(sql, sizeof sql,
             "UPDATE payment_batch_lines SET amount = amount + 5000 WHERE batch_id = %lld AND "
             "line_no = 2",
             (long long)id);
    CHECK_INT(store_exec(c, sql, &e), 0);
    CHECK(verify(c, council, LEDGER_BREACH_PAYMENT_NOT_APPROVED, &found) >= 2);
    CHECK(found);
    store_release(c);
}

struct race {
    struct store *st;
    int64_t council;
    int rc;
};

static void *post_same(void *arg)
{
    struct race *r = arg;
    struct store_conn *c = NULL;
    struct err e = {0};
    if (store_acquire(r->st, &c, &e) != 0) {
        r->rc = -100;
        return NULL;
    }
    r->rc = ledger_store_post(c, LEDGER_J_SPEND, r->council, 7, D(2025, 4, 8), 777, 0, 0,
                              "same-line-of-the-same-statement", NULL, "race", FX_NOW, NULL, &e);
    store_release(c);
    return NULL;
}

STORE_TEST(ledger_store_concurrent_duplicates_give_one_effect)
{
    struct store_conn *c = fx_conn(st);
    int64_t council = fx_council(c, "LDG"), bal = 0;
    struct race r[4];
    pthread_t t[4];
    struct err e = {0};
    int ok = 0, conflict = 0;
    store_release(c);
    for (int i = 0; i < 4; i++) {
        r[i].st = st;
        r[i].council = council;
        r[i].rc = -99;
        pthread_create(&t[i], NULL, post_same, &r[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        ok += r[i].rc == 0;
        conflict += r[i].rc == ERR_CONFLICT;
    }
    CHECK_INT(ok, 1);
    CHECK_INT(conflict, 3);
    c = fx_conn(st);
    CHECK_INT(fx_count(c, "ledger_journals"), 1);
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_PERSON_SPEND, &bal, &e), 0);
    CHECK_INT(bal, 777);
    CHECK_INT(verify(c, council, 0, NULL), 0);
    store_release(c);
}

#include "base/arena.h"
#include "base/buf.h"
#include "io/camt053.h"
#include "io/statement_csv.h"

static int parse_sample(const char *file, const char *layout, struct arena *a,
                        struct statement *s)
{
    struct buf b;
    struct err e = {0};
    struct statement_csv_options o = {0, 0};
    int rc;
    buf_init(&b, 1 << 20);
    arena_init(a, 0);
    if (buf_read_file(&b, file, &e) != 0) {
        check_fail(__FILE__, __LINE__, "%s", e.msg);
        buf_release(&b);
        return -1;
    }
    rc = layout ? statement_csv_parse(b.data, b.len, statement_csv_layout(layout), &o, a, s, &e)
                : camt053_parse(b.data, b.len, NULL, a, s, &e);
    buf_release(&b);
    return rc;
}

STORE_TEST(ledger_store_statement_imported_twice_adds_nothing)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct statement s;
    struct ledger_import_result r;
    int64_t council = fx_council(c, "LDG"), bal = 0;
    CHECK_INT(parse_sample("tests/data/statements/barclays.csv", "barclays", &a, &s), 0);
    CHECK_INT(ledger_store_import(c, council, 7, &s, "user 3", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 6);
    CHECK_INT(r.already, 0);
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_PERSON_DP_ACCOUNT, &bal, &e), 0);
    CHECK_INT(bal, 5000 + 100000 - 6000 - 40000 - 2340 - 2340);
    CHECK_INT(ledger_store_import(c, council, 7, &s, "user 3", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 0);
    CHECK_INT(r.already, 6);
    CHECK_INT(fx_count(c, "dp_txns"), 6);
    CHECK_INT(fx_count(c, "statement_txns"), 0); /* superseded by dp_txns (0055) */
    /* One journal per kind of movement in an import: the spending and the money paid in. */
    CHECK_INT(fx_count(c, "ledger_journals"), 2);
    CHECK_INT(fx_count(c, "statement_imports"), 2);
    /* the same file for another person is that person's statement */
    CHECK_INT(ledger_store_import(c, council, 8, &s, "user 3", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 6);
    CHECK_INT(verify(c, council, 0, NULL), 0);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(ledger_store_payment_arrives_as_receipt)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct statement s;
    struct ledger_import_result r;
    int64_t council = fx_council(c, "LDG"), bal = 0;
    released_batch(c, council); /* £1,000.00 in transit to dp 7 */
    CHECK_INT(parse_sample("tests/data/statements/camt053_basic.xml", NULL, &a, &s), 0);
    CHECK_INT(ledger_store_import(c, council, 7, &s, "user 3", FX_NOW, &r, &e), 0);
    CHECK_INT(r.added, 4);
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_BANK_CLEARING, &bal, &e), 0);
    CHECK_INT(bal, 0); /* the council's £1,000 arrived */
    CHECK_INT(ledger_store_balance(c, council, 7, LEDGER_PERSON_SPEND, &bal, &e), 0);
    CHECK_INT(bal, 40000 + 6000 - 40000); /* care invoice and cash, less the returned payment */
    CHECK_INT(verify(c, council, 0, NULL), 0);
    arena_release(&a);
    store_release(c);
}
