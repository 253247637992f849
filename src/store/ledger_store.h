/*
 * ledger_store.h — the stored ledger and payment batches (migrations 0050, 0051). The rules are the
 * pure domain's (src/domain/ledger.h, src/domain/batch.h): each function here loads what the rule
 * needs into the domain structs, calls the rule, and writes the result, all in one transaction, so
 * the rules hold whatever calls them (web, CLI, tests). The database's UNIQUE keys (one reversal
 * per journal, one journal per source reference, one payment per batch line) catch the races the
 * domain checks cannot see, so two concurrent duplicates give one effect and one ERR_CONFLICT.
 *
 * Every function takes council_id; another council's journal or batch behaves as one that does not
 * exist (ERR_NOT_FOUND). `now` is the caller's clock (seconds since the epoch); `actor` names who
 * did it in the journal (a user id or "selfdirect").
 *
 * Each write function uses the caller's transaction if one is open on c, else its own.
 *
 * Split by file: ledger_store.c (journals, accounts, loading for verification), ledger_import.c
 * (statements) and payment_batch.c (batches, their lines, release with its payment journals).
 */
#ifndef SELFDIRECT_STORE_LEDGER_STORE_H
#define SELFDIRECT_STORE_LEDGER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/batch.h"
#include "domain/ledger.h"

struct err;
struct store_conn;

/* Posts a two-line journal of kind k (as ledger_post_simple), opening the accounts it needs. A
 * payment must name a released batch of this council with a valid approval, and a line of it not
 * yet paid. A source_ref already used in the council is ERR_CONFLICT and adds nothing. */
int ledger_store_post(struct store_conn *c, enum ledger_journal_kind k, int64_t council_id,
                      int64_t dp_id, day_t date, int64_t amount, int64_t batch_id,
                      int64_t batch_line, const char *source_ref, const char *memo,
                      const char *actor, int64_t now, int64_t *id, struct err *e);
/* Several two-line journals of one direct payment at once (a statement import): the accounts are
 * read once, each journal is checked by the pure ledger (ledger_post_simple) in order, and each
 * account's balance is written once with its net change. Not for payments or reversals. The
 * source references must be new: the UNIQUE key refuses a repeat (ERR_CONFLICT, nothing kept).
 * reqs[i].id receives each journal's id. */
struct ledger_post_req {
    enum ledger_journal_kind kind;
    day_t date;
    int64_t amount;
    const char *source_ref;
    const char *memo;
    int64_t id;
};
int ledger_store_post_batch(struct store_conn *c, int64_t council_id, int64_t dp_id,
                            struct ledger_post_req *reqs, size_t n, const char *actor,
                            int64_t now, struct err *e);
/* Posts the reversal of journal `id` (refused for a reversal, or a journal reversed already). */
int ledger_store_reverse(struct store_conn *c, int64_t council_id, int64_t id, day_t date,
                         const char *memo, const char *actor, int64_t now, int64_t *new_id,
                         struct err *e);
/* An account's stored balance (0 if it has never been opened). */
int ledger_store_balance(struct store_conn *c, int64_t council_id, int64_t dp_id,
                         enum ledger_account_kind kind, int64_t *out, struct err *e);
/* Loads accounts (with their stored balances), journals with their lines, and every batch with
 * what the ledger needs to know of it (approval hash recomputed from the stored lines), for
 * ledger_verify. council_id 0 loads every council. l must be initialised. */
int ledger_store_load(struct store_conn *c, int64_t council_id, struct ledger *l, struct err *e);

/* ---- statements ------------------------------------------------------------------------------ */

struct statement;

struct ledger_import_result {
    int64_t import_id;
    size_t added;   /* transactions new to this direct payment, posted to the ledger */
    size_t already; /* transactions imported before (same fingerprint): nothing added */
};

/* Records a parsed statement (from statement_csv_parse or camt053_parse, which refuse bad files
 * whole, so a bad file never gets here) for one direct payment, in one transaction: each
 * transaction not seen before (by its fingerprint) is stored in dp_txns, matched to the plan, and
 * posted to the ledger in one journal per kind of movement for the whole import (source reference
 * "import:<id>:<kind>"); those seen before are counted and skipped. How each is classed: money out
 * is spending; money in marked as a bank reversal is a refund; other money in is a receipt of the
 * council's payment while money sent by BACS is still in transit (bank_clearing) and covers it,
 * else the person's own money (funds_in). An officer can reverse a journal and re-post what this
 * gets wrong. The same as dp_import (store/dp_store.h), which also says what was matched. */
int ledger_store_import(struct store_conn *c, int64_t council_id, int64_t dp_id,
                        const struct statement *st, const char *actor, int64_t now,
                        struct ledger_import_result *out, struct err *e);

/* ---- payment batches ------------------------------------------------------------------------- */

/* Starts a draft batch (batch_create's rules); b receives it with its id. */
int payment_batch_create(struct store_conn *c, int64_t council_id, day_t pay_date,
                         const struct batch_actor *by, int64_t now, struct batch *b,
                         struct err *e);
/* Loads a batch with its lines into b (which is initialised here; batch_release it after). */
int payment_batch_load(struct store_conn *c, int64_t council_id, int64_t id, struct batch *b,
                       struct err *e);
/* Stores b after a batch_* transition: the header always, the lines only while it is a draft.
 * ERR_CONFLICT if the stored batch changed since b was loaded (b->version). */
int payment_batch_save(struct store_conn *c, struct batch *b, struct err *e);
/* Releases a batch and records its payments, in one transaction: loads it, applies
 * batch_release_payments for `by`, saves it, and posts one payment journal per line dated `date`.
 * Any refusal changes nothing. */
int payment_batch_release(struct store_conn *c, int64_t council_id, int64_t id,
                          const struct batch_actor *by, day_t date, int64_t now, struct err *e);
/* The ids of a council's batches (every council when council_id is 0), oldest first, into a
 * malloc'd array the caller frees. */
int payment_batch_ids(struct store_conn *c, int64_t council_id, int64_t **ids, int64_t **councils,
                      size_t *n, struct err *e);

#endif
