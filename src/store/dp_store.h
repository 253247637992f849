/*
 * dp_store.h — direct payments in the store (issue 7; migrations 0053-0058): the direct payment
 * itself and its payment schedule, its place in payment batches, idempotency keys for the calls
 * that move money, statement imports matched to the plan, monitoring flags and proposed surplus
 * recoveries, and what the person and the officer see. The rules are the pure domain's
 * (dp_schedule.h, batch.h, ledger.h, matching.h, monitoring.h); each function here loads what a
 * rule needs, calls it, and writes the result in one transaction.
 *
 * A direct payment starts only from a signed-off plan and an accepted agreement (dp_create checks
 * both in the planning store, store/plan_store.h). Its id is the dp_id of the ledger's accounts
 * and of every statement transaction.
 *
 * Same rules as records.h: every function takes council_id and a record of another council is
 * ERR_NOT_FOUND; input is checked before anything is written (ERR_INVALID naming the field); the
 * clock (`now`, seconds since the epoch, and `today`) is passed in; strings read back live in the
 * caller's arena. Actors are "staff:N" / "account:N" as in the audit log. Write functions use the
 * caller's transaction when one is open on c, else their own.
 *
 * Files: dp_settings.c (settings, council CSV layouts), dp_records.c (direct payments, rates,
 * suspensions, one-offs, the schedule), dp_batches.c (batches: adding what is due, release,
 * BACS file, remittances), dp_idem.c (idempotency keys), ledger_import.c (statements), dp_match.c
 * (payees, rules, manual matches), dp_monitor.c (flags, recoveries, the worklist, the person's
 * money), dp_recovery.c (settling agreed recoveries), dp_fixture.c (the test world's direct
 * payment), dp_bench.c (bench/monitoring).
 */
#ifndef SELFDIRECT_STORE_DP_STORE_H
#define SELFDIRECT_STORE_DP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/batch.h"
#include "domain/dp_agreement.h"
#include "domain/dp_recovery.h"
#include "domain/dp_schedule.h"
#include "domain/ledger.h"
#include "domain/matching.h"
#include "domain/monitoring.h"
#include "io/statement_csv.h"
#include "store/store.h"

struct arena;
struct buf;
struct err;
struct statement;

/* ---- council settings ------------------------------------------------------------------------ */

struct dp_settings {
    struct dp_schedule_settings sched; /* frequency, net/gross, the cycle */
    struct monitor_settings mon;       /* every monitoring rule and its threshold */
    int monitor_weeks;                 /* how far back the rules look at statements */
    char bacs_sun[7];                  /* service user number, "" until set */
    char bacs_sort_code[7];
    char bacs_account[9];
    char bacs_name[19];
    bool stored;                       /* false: the defaults */
    int64_t version;
};
/* The council's settings, or the defaults (stored false). */
int dp_settings_get(struct store_conn *c, int64_t council_id, struct dp_settings *out,
                    struct err *e);
/* Checks (BACS details put into BACS form) and stores them: insert, or update at s->version. */
int dp_settings_put(struct store_conn *c, int64_t council_id, struct dp_settings *s,
                    const char *actor, int64_t now, struct err *e);

/* A council's own CSV layout by name, else the built-in one (statement_csv_layout); ERR_NOT_FOUND
 * naming the layouts there are. The layout's strings live in a. */
int dp_layout_find(struct store_conn *c, int64_t council_id, const char *name, struct arena *a,
                   struct statement_layout *out, struct err *e);
/* Stores a council layout after statement_csv_layout_check (ERR_CONFLICT: the name is taken,
 * also by a built-in layout). */
int dp_layout_put(struct store_conn *c, int64_t council_id, const struct statement_layout *l,
                  const char *actor, int64_t now, struct err *e);
/* The council's own layouts, by name. */
int dp_layout_list(struct store_conn *c, int64_t council_id, struct arena *a,
                   struct statement_layout **items, size_t *n, struct err *e);

/* ---- direct payments ------------------------------------------------------------------------- */

struct dp_row {
    int64_t id, person_id, plan_id, agreement_id;
    bool ended;
    day_t start, end;         /* end 0 while it continues */
    enum dp_account account_kind;
    const char *provider;     /* card or managed-account provider, or "" */
    char payee_name[19], sort_code[7], account_number[9], bacs_reference[19];
    int64_t contingency;      /* the agreed buffer the account may keep */
    char csv_layout[41];
    bool employs_pas;
    day_t employing_since;    /* 0 when not known */
    const char *person_name, *person_ref;
    int64_t weekly_amount, weekly_contribution; /* the rate in force today (dp_get's `today`) */
    const char *created_by;
    char created_at[STORE_TIME_SIZE];
    int64_t version;
};

const char *dp_account_kind_name(enum dp_account k); /* "bank", "prepaid_card", "managed" */
int dp_account_kind_parse(const char *s, enum dp_account *out);

struct dp_new {
    int64_t person_id;
    day_t start;                 /* 0: the agreement's start date (never earlier) */
    int64_t weekly_amount;       /* < 0: the agreement's annual amount / 52, to the penny */
    int64_t weekly_contribution; /* the assessed weekly contribution */
    const char *payee_name, *sort_code, *account_number, *bacs_reference;
    int64_t contingency;
    const char *csv_layout;      /* NULL: "generic" (prepaid_card for card accounts) */
    bool employs_pas;
    day_t employing_since;
};
/* Sets up the person's direct payment. The gate, here so nothing can bypass it: the person's
 * current agreement must be accepted (ERR_CONFLICT otherwise, saying what is missing) and made from
 * a plan version that was signed off with the hash the agreement names; a second direct payment
 * for the same agreement is ERR_CONFLICT. The account kind comes from the agreement. Known payees
 * are made from the plan's direct-payment lines (providers and PAs). In a transaction. */
int dp_create(struct store_conn *c, int64_t council_id, const struct dp_new *in, const char *actor,
              day_t today, int64_t now, struct arena *a, int64_t *id, struct err *e);
int dp_get(struct store_conn *c, int64_t council_id, int64_t id, day_t today, struct arena *a,
           struct dp_row *out, struct err *e);
/* The person's newest direct payment; ERR_NOT_FOUND when they have none. */
int dp_of_person(struct store_conn *c, int64_t council_id, int64_t person_id, day_t today,
                 struct arena *a, struct dp_row *out, struct err *e);
/* Ids of the council's direct payments that are active on `on` (started, not ended before). */
int dp_active_ids(struct store_conn *c, int64_t council_id, day_t on, int64_t **ids, size_t *n,
                  struct err *e);

/* Changes, each from its date (rules 5-8 of dp_schedule.h put right what was already paid). */
int dp_rate_add(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from,
                int64_t weekly_amount, int64_t weekly_contribution, const char *reason,
                const char *actor, int64_t now, struct err *e);
int dp_suspend(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from, day_t to,
               const char *reason, const char *actor, int64_t now, struct err *e);
int dp_oneoff_add(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t due,
                  int64_t amount, const char *what, const char *actor, int64_t now, int64_t *id,
                  struct err *e);
/* Ends the direct payment after `end` (its last day). */
int dp_end(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t end, const char *actor,
           int64_t now, struct err *e);

/* The schedule up to `until` as dp_schedule_build works it out from everything stored (what is in
 * a batch that is not cancelled counts as paid). */
int dp_schedule_for(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                    day_t until, struct arena *a, struct dp_schedule *out, struct err *e);

struct dp_rate_row {
    day_t from;
    int64_t weekly_amount, weekly_contribution;
    const char *reason, *created_by;
};
struct dp_suspension_row {
    int64_t id;
    day_t from, to;
    const char *reason;
};
struct dp_oneoff_row {
    int64_t id;
    day_t due;
    int64_t amount;
    const char *what;
    bool paid;
};
struct dp_history {
    struct dp_rate_row *rates;
    size_t nrates;
    struct dp_suspension_row *suspensions;
    size_t nsuspensions;
    struct dp_oneoff_row *oneoffs;
    size_t noneoffs;
};
int dp_history_load(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                    struct dp_history *out, struct err *e);

/* ---- payment batches ------------------------------------------------------------------------- */

/* Adds to a draft batch one line per direct payment with something due by the batch's pay date
 * (every active one, or only dp_id when > 0): every scheduled payment due by then, combined, with
 * the schedule's lines kept as the remittance advice. The payment is recorded as scheduled, so it
 * is not added twice; *added counts the lines (0 when nothing is due). The batch rules apply
 * (a finance officer, only while a draft). In a transaction. */
int dp_batch_add_due(struct store_conn *c, int64_t council_id, int64_t batch_id,
                     const struct batch_actor *by, int64_t dp_id, day_t today, int64_t now,
                     size_t *added, struct err *e);
/* Removes line `line_no` (1-based) from a draft batch and frees what it scheduled. */
int dp_batch_remove_line(struct store_conn *c, int64_t council_id, int64_t batch_id,
                         size_t line_no, const struct batch_actor *by, struct err *e);
/* Releases the batch (payment_batch_release: the four-eyes checks, one payment journal per line)
 * and, for gross payments, bills each line's contribution (contribution_due). In a transaction. */
int dp_batch_release(struct store_conn *c, int64_t council_id, int64_t batch_id,
                     const struct batch_actor *by, day_t date, int64_t now, struct err *e);
/* The BACS Standard 18 file of a released batch, with the council's originator settings; the
 * volume serial and file number come from the batch id. */
int dp_batch_bacs(struct store_conn *c, int64_t council_id, int64_t batch_id, day_t today,
                  struct buf *out, struct err *e);

struct dp_batch_summary {
    int64_t id;
    enum batch_state state;
    day_t pay_date;
    size_t nlines;
    int64_t total;
    int64_t created_by, approved_by;
};
int dp_batch_list(struct store_conn *c, int64_t council_id, struct arena *a,
                  struct dp_batch_summary **items, size_t *n, struct err *e);

struct dp_remittance {
    int64_t batch_id;
    day_t pay_date;
    int64_t amount;
    const char *reference;
    const char *text;     /* batch_remittance: plain words, one line per schedule line */
};
/* Remittance advice of the direct payment's released payments, newest first. */
int dp_remittances(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                   struct dp_remittance **items, size_t *n, struct err *e);

/* ---- idempotency keys ------------------------------------------------------------------------ */

struct dp_idem {
    bool found;        /* the key was used before */
    bool same_request; /* ... for exactly this request */
    int status;
    const char *content_type, *response;
};
/* Inside the caller's transaction: looks the key up and, when it is new, claims it (a row that
 * dp_idem_store completes before commit). A second caller with the same key waits for the first
 * one's transaction; if that commits, the claim fails with ERR_CONFLICT and the caller rolls back
 * and reads the stored response with dp_idem_lookup. */
int dp_idem_claim(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                  const char *method, const char *path, const char *request_hash, int64_t now,
                  struct arena *a, struct dp_idem *out, struct err *e);
int dp_idem_store(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                  int status, const char *content_type, const char *response, struct err *e);
int dp_idem_lookup(struct store_conn *c, int64_t council_id, const char *actor, const char *key,
                   const char *request_hash, struct arena *a, struct dp_idem *out, struct err *e);

/* ---- statements and matching ----------------------------------------------------------------- */

struct dp_import_result {
    int64_t import_id;
    size_t added;        /* new transactions, stored and posted */
    size_t already;      /* imported before: nothing added */
    size_t matched;      /* of the added, matched to a plan line */
    int64_t money_in, money_out; /* of the added, pence (money_out positive) */
};
/* Imports a parsed statement for a direct payment (the parsers refuse bad files whole, so nothing
 * of one gets here): new transactions are matched (dp_book_load), stored, and posted to the ledger
 * in at most four journals (spending, refunds, receipts of the council's payment, the person's own
 * money), each naming the import; transactions seen before are counted and skipped. ledger_store.h
 * says how money in is told apart. */
int dp_import(struct store_conn *c, int64_t council_id, int64_t dp_id, const struct statement *st,
              const char *actor, int64_t now, struct dp_import_result *out, struct err *e);

/* The direct payment's matching book: active rules, known payees and its plan's direct-payment
 * lines (ids are plan_lines ids), in a. */
int dp_book_load(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                 struct match_book *out, struct err *e);

struct dp_payee_new {
    const char *name;
    const char *aliases;   /* '|'-separated, or NULL */
    int64_t plan_line_id;  /* 0: none */
    unsigned flags;        /* enum match_payee_flags */
    const char *authorised_note;
};
int dp_payee_add(struct store_conn *c, int64_t council_id, int64_t dp_id,
                 const struct dp_payee_new *p, const char *actor, int64_t now, int64_t *id,
                 struct err *e);
/* Adds an officer's rule (r->id ignored; learned_from names the transaction a learned rule came
 * from, or 0) and matches the direct payment's transactions again (manual matches stay). */
int dp_rule_add(struct store_conn *c, int64_t council_id, int64_t dp_id,
                const struct match_rule *r, int64_t learned_from, const char *actor, int64_t now,
                int64_t *id, size_t *rematched, struct err *e);
int dp_rule_disable(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t rule_id,
                    struct err *e);

struct dp_txn_row {
    int64_t id;
    struct statement_txn t;    /* date, amount, texts, flags, fingerprint */
    enum match_method method;  /* MATCH_NONE .. MATCH_REFERENCE; manual matches read MATCH_RULE */
    bool manual;
    int64_t plan_line_id, rule_id, payee_id;
    const char *plan_line;     /* the line's description, or "" */
};
/* The direct payment's transactions booked in [from, to], newest first (at most limit; 0: all). */
int dp_txns_list(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from, day_t to,
                 size_t limit, struct arena *a, struct dp_txn_row **items, size_t *n,
                 struct err *e);
/* An officer matches a transaction to a plan line by hand. *proposal gets the rule the system
 * proposes to learn (has_proposal false when there is nothing distinctive, or a rule already does
 * exactly this); nothing is learned until the officer adds it with dp_rule_add. */
int dp_txn_match(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t txn_id,
                 int64_t plan_line_id, const char *actor, struct arena *a,
                 struct match_proposal *proposal, bool *has_proposal, struct err *e);

/* ---- monitoring ------------------------------------------------------------------------------ */

struct dp_monitor_result {
    size_t accounts;   /* direct payments checked */
    size_t raised;     /* new flags */
    size_t repeated;   /* flags found again (already stored): nothing added */
    size_t recoveries; /* new proposed recoveries (one per new surplus flag) */
};
/* Runs every switched-on rule (dp_settings) for one direct payment (dp_id > 0) or every active one
 * (0), over the statements of the last monitor_weeks, and stores what is new. In a transaction per
 * direct payment when none is open. */
int dp_monitor_run(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                   int64_t now, struct dp_monitor_result *out, struct err *e);

struct dp_flag_row {
    int64_t id, dp_id, person_id;
    enum monitor_rule rule;
    enum monitor_severity severity;
    int64_t amount;
    day_t about, raised_on;
    const char *reason, *next_step;
    bool resolved;
    const char *resolved_by, *resolution_note, *person_name, *person_ref;
    int64_t recovery_id;      /* a proposed or decided recovery, or 0 */
    int64_t version;
};
int dp_flags_list(struct store_conn *c, int64_t council_id, int64_t dp_id, bool open_only,
                  struct arena *a, struct dp_flag_row **items, size_t *n, struct err *e);
/* Resolves an open flag of the direct payment with the officer's note (at least a few words). */
int dp_flag_resolve(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t flag_id,
                    const char *note, const char *actor, int64_t now, struct err *e);

/* The officer's worklist: open flags ordered by what matters (severity, money, then oldest), for
 * the whole council (worker_id 0 and team_of 0), the people allocated to a worker, or a team. */
int dp_worklist(struct store_conn *c, int64_t council_id, int64_t worker_id, int64_t team_of,
                size_t limit, struct arena *a, struct dp_flag_row **items, size_t *n,
                struct err *e);

enum dp_recovery_status { DP_RECOVERY_PROPOSED = 1, DP_RECOVERY_AGREED, DP_RECOVERY_DECLINED };
const char *dp_recovery_status_name(enum dp_recovery_status s);

struct dp_recovery_row {
    int64_t id, dp_id, flag_id;
    int64_t proposed, amount;
    enum dp_recovery_status status;
    const char *decided_by, *note, *told_how;
    day_t person_told_on;
    int64_t journal_id;
    int64_t version;
    /* How an agreed recovery is being settled (dp_recovery_settlements, 0059). */
    struct dp_recovery_state settle;
};
int dp_recoveries_list(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                       struct dp_recovery_row **items, size_t *n, struct err *e);
/* An officer decides a proposed recovery after reviewing it with the person: agree (amount 1p up
 * to the proposal, when and how the person was told; the recovery is then raised in the ledger,
 * dated today) or decline (a note why). Decided once (ERR_CONFLICT after). In a transaction. */
int dp_recovery_decide(struct store_conn *c, int64_t council_id, int64_t dp_id,
                       int64_t recovery_id, bool agree, int64_t amount, const char *note,
                       day_t told_on, const char *told_how, const char *actor, day_t today,
                       int64_t now, struct err *e);

/* Settling an agreed recovery (domain/dp_recovery.h). Money the person paid back, received on
 * `received_on`: posted at once (recovery_received, dated that day). In a transaction; the
 * recovery's row is locked first so two officers recording at once cannot pass the agreed
 * amount. *id (may be NULL) gets the settlement's id. */
int dp_recovery_receive(struct store_conn *c, int64_t council_id, int64_t dp_id,
                        int64_t recovery_id, int64_t amount, day_t received_on, const char *note,
                        const char *actor, day_t today, int64_t now, int64_t *id, struct err *e);
/* Money to keep back from the person's next payment instead: waits until a batch is drafted
 * (dp_batch_add_due keeps it back from the next payment larger than it) and is posted
 * (recovery_offset) when that batch is released. */
int dp_recovery_offset(struct store_conn *c, int64_t council_id, int64_t dp_id,
                       int64_t recovery_id, int64_t amount, const char *note, const char *actor,
                       int64_t now, int64_t *id, struct err *e);

struct dp_settlement_row {
    int64_t id, recovery_id;
    bool offset;          /* kept back from a payment; else money received */
    int64_t amount;
    day_t on_date;        /* received: the day it arrived; offset: the day it was recorded */
    const char *note, *recorded_by;
    int64_t payment_id;   /* offset: the payment it is kept back from (0 while waiting) */
    day_t payment_due;    /* ... and that payment's due date */
    bool posted;          /* in the ledger (offset: its batch was released) */
};
int dp_settlements_list(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                        struct dp_settlement_row **items, size_t *n, struct err *e);

/* For dp_batches.c: the offsets waiting for this direct payment that a payment of `total` can
 * bear are attached to payment_id; *kept gets what is kept back from it. */
int dp_offsets_attach(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t payment_id,
                      int64_t total, int64_t *kept, struct err *e);
/* For dp_batches.c: a payment taken out of a batch leaves its offsets waiting again. */
int dp_offsets_detach(struct store_conn *c, int64_t council_id, int64_t payment_id,
                      struct err *e);
/* Every recovery of a direct payment together: received, kept back, waiting (amount and agreed
 * are left 0). */
int dp_recovery_totals(struct store_conn *c, int64_t council_id, int64_t dp_id,
                       struct dp_recovery_state *sum, struct err *e);
/* For verify-ledger: each breach of the settlements' own invariants, in words (a posted settlement
 * names a journal of its kind, direct payment and amount; an offset is posted only with its
 * released payment; nothing is settled on a recovery not agreed, or beyond what was agreed).
 * council_id 0 checks every council. */
int dp_settlements_verify(struct store_conn *c, int64_t council_id, struct arena *a,
                          const char ***msgs, size_t *n, struct err *e);
/* For dp_recoveries_list: each row's settle state from its settlements. */
int dp_recoveries_settle_fill(struct store_conn *c, int64_t council_id, int64_t dp_id,
                              struct dp_recovery_row *rows, size_t n, struct err *e);
/* For dp_batches.c: a released batch posts the recovery_offset journal of each offset kept back
 * from its payments, dated the release. */
int dp_offsets_post(struct store_conn *c, int64_t council_id, int64_t batch_id, day_t date,
                    const char *actor, int64_t now, struct err *e);

/* ---- what the person sees -------------------------------------------------------------------- */

struct dp_money {
    struct ledger_dp_summary ledger; /* paid, in transit, received, own money, spent, held ... */
    int64_t committed;      /* the plan's support from today to the next payment (a week's rate
                               x days / 7): money in the account that is already spoken for */
    int64_t left;           /* held less committed (may be negative) */
    day_t next_due;         /* the next scheduled payment, 0 if none */
    int64_t next_amount;
    bool has_statement;
    day_t statement_date;   /* the latest transaction imported */
    int64_t statement_balance;
    bool has_statement_balance;
    struct dp_recovery_state recovered; /* paid back, kept back, waiting to be kept back */
};
int dp_money_summary(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t today,
                     struct arena *a, struct dp_money *out, struct err *e);

/* ---- tests and benchmarks -------------------------------------------------------------------- */

struct json_t;
/* After web_fixture_seed: gives the "linked" person a signed-off plan, an accepted agreement and
 * an active direct payment with a statement imported; adds a finance approver to TESTA and a
 * finance officer and a person with a direct payment to TESTB; writes what the API and browser
 * tests need under "dp" in *fixture (ids and usernames). */
int dp_fixture_seed(struct store_conn *c, struct json_t *fixture, const char *pw_hash,
                    int64_t now, struct err *e);

/* bench/monitoring: a council with `accounts` direct payments (people, signed-off plans with four
 * direct-payment lines, accepted agreements, rates, payees and a matching rule), made with bulk
 * INSERTs in transactions of 5,000; then each account's synthetic statement (generic CSV layout,
 * twelve weeks to `today`, `rows` transactions: council payments, wages, agency invoices, the gym,
 * shopping matched by rule, cash, HMRC, and here and there a relative at home, an unknown payee, a
 * surplus or a stop in spending, so every monitoring rule has work). */
struct dp_bench_world {
    int64_t council_id;
    int64_t *ids; /* the direct payments, account i at ids[i] */
    size_t n;
    day_t today;
};
int dp_bench_seed(struct store_conn *c, size_t accounts, day_t today, int64_t now,
                  struct dp_bench_world *w, struct err *e);
int dp_bench_statement(const struct dp_bench_world *w, size_t i, size_t rows, struct buf *out,
                       struct err *e);
void dp_bench_world_release(struct dp_bench_world *w);

#endif
