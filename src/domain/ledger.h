/*
 * ledger.h — the double-entry ledger of direct-payment money. Every movement of money (a payment
 * released to a person, its arrival in their account, their spending, their own money paid in, a
 * contribution billed or paid, a surplus or overpayment recovered) is one journal: a set of lines
 * in pence, debits positive and credits negative, that sum to exactly zero. A journal is never
 * edited or deleted; a mistake is put right by a reversing journal that names the original and
 * mirrors its lines, and a journal can be reversed once only.
 *
 * Accounts. Two belong to the council as a whole (dp_id 0); the rest are kept per direct payment,
 * so each person's money can be read on its own:
 *
 *   council_dp_budget       the council's direct-payment budget. Credited when money is paid out of
 *                           it, debited when money comes back (recoveries, contributions paid).
 *   contribution_income     contributions the council has billed (gross payments only).
 *   bank_clearing           money the council's bank has sent by BACS that has not yet been seen
 *                           arriving on the person's statement.
 *   person_dp_account       the money in the person's direct-payment account (bank account, prepaid
 *                           card or managed account), as far as the council can see.
 *   person_spend            what the account has paid out for the person's support.
 *   person_funds            the person's own money paid into the account (the contribution under
 *                           net payments, or anything else that is not the council's).
 *   contribution_receivable a contribution billed and not yet paid (gross payments).
 *   recovery_receivable     money the council has asked back (a surplus an officer agreed to
 *                           recover, or an overpayment at the end) and not yet received.
 *
 * Each kind of journal has a fixed shape (which account it debits and which it credits), listed
 * with enum ledger_journal_kind; ledger_post refuses anything else, so code cannot invent a
 * movement the ledger has no words for. A payment journal names the payment batch and the line it
 * came from, and is accepted only for a batch that is recorded as approved (with the approval's
 * hash still matching the contents) and released: see ledger_record_batch and domain/batch.h.
 *
 * Import journals (receipts, spending, funds in) carry the statement transaction's fingerprint as
 * source_ref; a second journal with the same source_ref in the same council is refused, which is
 * what makes importing the same statement twice add nothing.
 *
 * ledger_verify checks the invariants over whatever is loaded (for example by
 * `selfdirect verify-ledger` from the store, where rows could have been changed behind the
 * program's back) and names every breach it finds: an unbalanced journal, an account whose stored
 * balance is not the sum of its postings, a payment released without an approved batch, a double
 * reversal, money received or kept back beyond what was asked back, and the rest of enum
 * ledger_breach_kind.
 *
 * Pure: no store, no clock; dates are passed in. Not thread-safe; one ledger per caller.
 */
#ifndef SELFDIRECT_DOMAIN_LEDGER_H
#define SELFDIRECT_DOMAIN_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct err;

enum ledger_account_kind {
    LEDGER_COUNCIL_DP_BUDGET = 1,
    LEDGER_CONTRIBUTION_INCOME,
    LEDGER_BANK_CLEARING,
    LEDGER_PERSON_DP_ACCOUNT,
    LEDGER_PERSON_SPEND,
    LEDGER_PERSON_FUNDS,
    LEDGER_CONTRIBUTION_RECEIVABLE,
    LEDGER_RECOVERY_RECEIVABLE,
    LEDGER_ACCOUNT_KIND_END
};

/* "council_dp_budget", ... (stable: stored and shown in breach messages). NULL if out of range. */
const char *ledger_account_kind_name(enum ledger_account_kind k);
int ledger_account_kind_parse(const char *s, enum ledger_account_kind *out);
/* True for the kinds held once per council (dp_id 0) rather than per direct payment. */
bool ledger_account_kind_is_council(enum ledger_account_kind k);

/* Journal kinds and their shape: "Dr debit-account / Cr credit-account". */
enum ledger_journal_kind {
    LEDGER_J_PAYMENT = 1,       /* batch line released: Dr bank_clearing / Cr council_dp_budget */
    LEDGER_J_RECEIPT,           /* payment seen arriving: Dr person_dp_account / Cr bank_clearing */
    LEDGER_J_SPEND,             /* money spent: Dr person_spend / Cr person_dp_account */
    LEDGER_J_REFUND,            /* spending refunded: Dr person_dp_account / Cr person_spend */
    LEDGER_J_FUNDS_IN,          /* person's own money in: Dr person_dp_account / Cr person_funds */
    LEDGER_J_CONTRIBUTION_DUE,  /* gross: billed: Dr contribution_receivable / Cr contribution_income */
    LEDGER_J_CONTRIBUTION_PAID, /* gross: paid: Dr council_dp_budget / Cr contribution_receivable */
    LEDGER_J_RECOVERY_RAISED,   /* asked back: Dr recovery_receivable / Cr person_dp_account */
    LEDGER_J_RECOVERY_RECEIVED, /* repaid: Dr council_dp_budget / Cr recovery_receivable */
    LEDGER_J_RECOVERY_OFFSET,   /* kept back from a later payment:
                                   Dr person_dp_account / Cr recovery_receivable */
    LEDGER_J_REVERSAL,          /* mirrors the lines of the journal named in `reverses` */
    LEDGER_JOURNAL_KIND_END
};

const char *ledger_journal_kind_name(enum ledger_journal_kind k); /* "payment", "receipt", ... */
/* The account kinds a journal kind debits and credits (ERR_INVALID for reversals, which mirror
 * their original, and for unknown kinds). */
int ledger_journal_shape(enum ledger_journal_kind k, enum ledger_account_kind *debit,
                         enum ledger_account_kind *credit);
int ledger_journal_kind_parse(const char *s, enum ledger_journal_kind *out);

#define LEDGER_MAX_LINES 8
#define LEDGER_REF_SIZE 80
#define LEDGER_MEMO_SIZE 160

struct ledger_line {
    int64_t account_id;
    int64_t amount; /* pence; debit > 0, credit < 0, never 0 */
};

struct ledger_journal {
    int64_t id;          /* set by ledger_post (1, 2, 3, ...); given when loaded */
    int64_t council_id;
    int64_t dp_id;       /* the direct payment this journal is about */
    enum ledger_journal_kind kind;
    day_t date;
    int64_t reverses;    /* LEDGER_J_REVERSAL: the journal reversed; otherwise 0 */
    int64_t batch_id;    /* LEDGER_J_PAYMENT: the batch; otherwise 0 */
    int64_t batch_line;  /* LEDGER_J_PAYMENT: the line number within the batch (1-based) */
    char source_ref[LEDGER_REF_SIZE]; /* statement fingerprint, idempotency key, or "" */
    char memo[LEDGER_MEMO_SIZE];      /* a short note for people */
    size_t nlines;
    struct ledger_line lines[LEDGER_MAX_LINES];
};

struct ledger_account {
    int64_t id;
    int64_t council_id;
    int64_t dp_id; /* 0 for council accounts */
    enum ledger_account_kind kind;
    int64_t balance; /* kept by ledger_post; as stored when loaded (ledger_verify checks it) */
};

/* What the ledger needs to know of a payment batch to accept (or verify) its payments. */
struct ledger_batch_info {
    int64_t batch_id;
    int64_t council_id;
    bool approved;       /* approved by a second person ... */
    bool approval_valid; /* ... and the approval hash still matches the batch contents */
    bool released;
    int64_t total;       /* the approved total, pence */
    size_t nlines;       /* the approved number of lines */
};

struct ledger {
    struct ledger_account *accounts; /* kept sorted by id */
    size_t naccounts, acap;
    struct ledger_journal *journals; /* in posting order */
    size_t njournals, jcap;
    int64_t *reversed_by;            /* per journal index: the reversing journal's id, or 0 */
    struct ledger_batch_info *batches;
    size_t nbatches, bcap;
    int64_t next_account_id, next_journal_id;
    bool journals_sorted;            /* journal ids strictly increasing in the array */
    /* source_ref index: open-addressing table of journal indexes + 1 (0 = empty slot) */
    size_t *refidx;
    size_t refcap, nrefs;
};

void ledger_init(struct ledger *l);
void ledger_release(struct ledger *l);

/* Opens an account (refused if the same council, dp and kind is already open; council kinds
 * require dp_id 0, the others a dp_id > 0). *id receives its id. */
int ledger_account_open(struct ledger *l, int64_t council_id, int64_t dp_id,
                        enum ledger_account_kind kind, int64_t *id, struct err *e);
/* Finds the account, or opens it. */
int ledger_account_ensure(struct ledger *l, int64_t council_id, int64_t dp_id,
                          enum ledger_account_kind kind, int64_t *id, struct err *e);
/* The account's id, or 0 if it is not open. */
int64_t ledger_account_find(const struct ledger *l, int64_t council_id, int64_t dp_id,
                            enum ledger_account_kind kind);
const struct ledger_account *ledger_account_get(const struct ledger *l, int64_t id);
int64_t ledger_balance(const struct ledger *l, int64_t council_id, int64_t dp_id,
                       enum ledger_account_kind kind);

/* Records (or updates) what the ledger knows about a batch. The payments of a batch are accepted
 * only once it is recorded approved, approval_valid and released. */
int ledger_record_batch(struct ledger *l, const struct ledger_batch_info *b, struct err *e);
const struct ledger_batch_info *ledger_batch_get(const struct ledger *l, int64_t batch_id);

/* Posts a journal after checking everything ledger_verify would check of it: at least two lines,
 * no zero line, lines sum to zero, every account open and of the journal's council (and, for per-
 * person accounts, of its dp), the lines have the kind's shape, a payment's batch is approved
 * and released (and the batch's total and line count are not exceeded, each line paid once), a
 * source_ref is not already used, and no recovery_receivable account is taken below zero (more
 * repaid or kept back than was asked back; this also refuses reversing a recovery that has been
 * repaid until the repayment is reversed). Nothing changes on refusal. *id (may be NULL) gets the new id. */
int ledger_post(struct ledger *l, const struct ledger_journal *j, int64_t *id, struct err *e);

/* A two-line journal of kind k for amount (> 0) between the accounts the kind's shape names for
 * this council and dp (opening them if needed), then ledger_post. For LEDGER_J_PAYMENT give
 * batch_id and batch_line; ref is the source_ref (or NULL). */
int ledger_post_simple(struct ledger *l, enum ledger_journal_kind k, int64_t council_id,
                       int64_t dp_id, day_t date, int64_t amount, int64_t batch_id,
                       int64_t batch_line, const char *ref, const char *memo, int64_t *id,
                       struct err *e);

/* Posts the reversal of journal `id`: the same lines with the signs turned, naming the original.
 * Refused for a journal that does not exist, is itself a reversal, or has been reversed already. */
int ledger_reverse(struct ledger *l, int64_t id, day_t date, const char *memo, int64_t *new_id,
                   struct err *e);

const struct ledger_journal *ledger_journal_get(const struct ledger *l, int64_t id);
/* The id of the journal that reversed `id`, or 0. */
int64_t ledger_reversed_by(const struct ledger *l, int64_t id);

/* Loading from storage: appended as given, without checks (ledger_verify does the checking). */
int ledger_load_account(struct ledger *l, const struct ledger_account *a, struct err *e);
int ledger_load_journal(struct ledger *l, const struct ledger_journal *j, struct err *e);

/* --- invariants ------------------------------------------------------------------------------ */

enum ledger_breach_kind {
    LEDGER_BREACH_UNBALANCED = 1,        /* lines do not sum to zero */
    LEDGER_BREACH_TOO_FEW_LINES,         /* fewer than two lines, or more than the maximum */
    LEDGER_BREACH_ZERO_LINE,             /* a line of 0p */
    LEDGER_BREACH_UNKNOWN_ACCOUNT,       /* a line names an account that does not exist */
    LEDGER_BREACH_WRONG_OWNER,           /* an account of another council or direct payment */
    LEDGER_BREACH_WRONG_SHAPE,           /* the lines are not the kind's debit and credit */
    LEDGER_BREACH_BALANCE_MISMATCH,      /* account balance differs from the sum of postings */
    LEDGER_BREACH_PAYMENT_WITHOUT_BATCH, /* a payment names no batch, or a batch not recorded */
    LEDGER_BREACH_PAYMENT_NOT_APPROVED,  /* its batch is not approved, approval no longer valid,
                                            or not released */
    LEDGER_BREACH_PAYMENT_BATCH_MISMATCH,/* payments of a batch exceed or differ from its total or
                                            line count, a line paid twice, another council's batch */
    LEDGER_BREACH_REVERSAL_MISSING,      /* a reversal of a journal that does not exist */
    LEDGER_BREACH_REVERSAL_NOT_MIRROR,   /* a reversal whose lines are not the original's, negated */
    LEDGER_BREACH_DOUBLE_REVERSAL,       /* a journal reversed more than once */
    LEDGER_BREACH_REVERSAL_OF_REVERSAL,  /* a reversal reversed */
    LEDGER_BREACH_DUPLICATE_ID,          /* two journals (or accounts) with one id */
    LEDGER_BREACH_DUPLICATE_SOURCE,      /* two journals with one source_ref in a council */
    LEDGER_BREACH_OVER_RECOVERED,        /* more received or kept back than was asked back: a
                                            recovery_receivable account below zero */
    LEDGER_BREACH_KIND_END
};

const char *ledger_breach_kind_name(enum ledger_breach_kind k); /* "unbalanced", ... */

struct ledger_breach {
    enum ledger_breach_kind kind;
    int64_t journal_id; /* 0 if not about a journal */
    int64_t account_id; /* 0 if not about an account */
    int64_t batch_id;   /* 0 if not about a batch */
    char msg[256];      /* names the journal/account/batch and what is wrong, in plain words */
};

struct ledger_breaches {
    struct ledger_breach *items;
    size_t n;      /* kept (at most `cap`) */
    size_t cap;
    size_t total;  /* found, including any beyond cap */
};

void ledger_breaches_init(struct ledger_breaches *b, size_t cap);
void ledger_breaches_release(struct ledger_breaches *b);

/* Checks every invariant over all loaded or posted data; fills out (from empty) and returns the
 * number of breaches found (>= 0), or a negative error (ERR_NOMEM). A ledger built only through
 * ledger_post and ledger_reverse always verifies clean; that is what the simulation tests check. */
int ledger_verify(const struct ledger *l, struct ledger_breaches *out, struct err *e);

/* --- what the person sees --------------------------------------------------------------------- */

/* Money for one direct payment, in plain terms. */
struct ledger_dp_summary {
    int64_t paid_by_council;   /* payments released (net of reversals) */
    int64_t in_transit;        /* sent, not yet seen on the statement (bank_clearing) */
    int64_t received;          /* council payments seen arriving */
    int64_t own_money_in;      /* the person's own money paid in (person_funds) */
    int64_t spent;             /* spending less refunds (person_spend) */
    int64_t held;              /* in the account now (person_dp_account) */
    int64_t owed_back;         /* asked back and not yet repaid (recovery_receivable) */
    int64_t contribution_owed; /* contributions billed and not yet paid (gross) */
};
void ledger_dp_summary(const struct ledger *l, int64_t council_id, int64_t dp_id,
                       struct ledger_dp_summary *out);

#endif
