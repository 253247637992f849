/*
 * batch.h — payment batches and the four-eyes rule. Direct payments leave the council only in a
 * batch that one finance officer made and a different finance approver approved:
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──release──▶ released
 *     ▲                   │                     │
 *     └──────return───────┘         (draft, submitted, approved) ──cancel──▶ cancelled
 *
 *  - A finance officer creates the batch, adds and removes lines while it is a draft, and submits
 *    it. Lines can be changed only in draft.
 *  - A finance approver of the same council approves it. Nobody may approve a batch they created,
 *    submitted or added a line to. The approval records a SHA-256 hash (libsodium) of the batch's
 *    exact contents (council, id, pay date and every line: direct payment, schedule reference,
 *    payee, sort code, account, reference, amount, remittance text), so any change afterwards —
 *    through this API, which refuses it, or behind its back in storage — shows as an approval that
 *    no longer matches, and the batch cannot be released.
 *  - Release (by any finance officer or approver of the council) needs a valid approval; a batch is
 *    released once. batch_post_payments then records one payment journal per line in the ledger,
 *    and batch_write_bacs produces the BACS Standard 18 file for the bank.
 *  - Everything is refused with a message that says why and what to do: self-approval, editing
 *    after approval, approving twice, releasing twice, releasing before approval, acting on another
 *    council's batch (ERR_FORBIDDEN for rule breaches, ERR_CONFLICT for wrong state).
 *
 * Times are passed in (seconds since the epoch, for the record only); no clock is read. Pure apart
 * from memory; one batch per caller.
 */
#ifndef SELFDIRECT_DOMAIN_BATCH_H
#define SELFDIRECT_DOMAIN_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "io/bacs18.h"

struct buf;
struct err;
struct ledger;
struct ledger_batch_info;

enum batch_state {
    BATCH_DRAFT = 1,
    BATCH_SUBMITTED,
    BATCH_APPROVED,
    BATCH_RELEASED,
    BATCH_CANCELLED,
    BATCH_STATE_END
};
const char *batch_state_name(enum batch_state s); /* "draft", "submitted", ... */
int batch_state_parse(const char *s, enum batch_state *out);

enum batch_role {
    BATCH_ROLE_OFFICER = 1 << 0,  /* finance officer: makes batches */
    BATCH_ROLE_APPROVER = 1 << 1, /* finance approver: approves other people's batches */
};

struct batch_actor {
    int64_t user_id;
    int64_t council_id;
    unsigned roles; /* enum batch_role bits */
};

#define BATCH_REMITTANCE_SIZE 240
#define BATCH_HASH_SIZE 32
#define BATCH_TEXT_SIZE 48

struct batch_line {
    int64_t dp_id;
    int64_t schedule_ref;   /* the scheduled payment this line pays (dp_schedule), unique per batch */
    /* As typed when given to batch_add_line ("12-34-56", "Jane Smith"); held in BACS form (6 and 8
     * digits, upper case, at most 18 characters) once added. */
    char payee_name[BATCH_TEXT_SIZE];
    char sort_code[BATCH_TEXT_SIZE];
    char account[BATCH_TEXT_SIZE];
    char reference[BATCH_TEXT_SIZE];
    int64_t amount;         /* pence, > 0 */
    char remittance[BATCH_REMITTANCE_SIZE]; /* what the payment is for, for the person */
    int64_t added_by;       /* set by batch_add_line */
};

struct batch {
    int64_t id;
    int64_t council_id;
    enum batch_state state;
    day_t pay_date;
    int64_t created_by, submitted_by, approved_by, released_by, cancelled_by;
    int64_t created_at, submitted_at, approved_at, released_at, cancelled_at;
    unsigned char approved_hash[BATCH_HASH_SIZE]; /* valid when state is approved or released */
    char note[200];     /* why it was returned to draft or cancelled */
    int64_t version;    /* the store's optimistic-update counter (0 until stored) */
    struct batch_line *lines;
    size_t nlines, cap;
};

void batch_init(struct batch *b);
void batch_release(struct batch *b); /* frees the lines (memory; not the "release" transition) */

/* Starts a draft batch. by must be a finance officer of the council. */
int batch_create(struct batch *b, int64_t id, int64_t council_id, day_t pay_date,
                 const struct batch_actor *by, int64_t now, struct err *e);
/* Adds a line to a draft. The bank details are put into BACS form (bacs18_sort_code, ...), and
 * refused if they cannot be; remittance text is kept as given (up to its size). */
int batch_add_line(struct batch *b, const struct batch_line *line, const struct batch_actor *by,
                   struct err *e);
int batch_remove_line(struct batch *b, size_t index, const struct batch_actor *by, struct err *e);
int batch_submit(struct batch *b, const struct batch_actor *by, int64_t now, struct err *e);
/* An approver sends a submitted batch back to draft, saying why. */
int batch_return(struct batch *b, const struct batch_actor *by, const char *why, int64_t now,
                 struct err *e);
int batch_approve(struct batch *b, const struct batch_actor *by, int64_t now, struct err *e);
int batch_release_payments(struct batch *b, const struct batch_actor *by, int64_t now,
                           struct err *e);
int batch_cancel(struct batch *b, const struct batch_actor *by, const char *why, int64_t now,
                 struct err *e);

/* SHA-256 of the contents the approval is bound to. */
int batch_hash(const struct batch *b, unsigned char out[BATCH_HASH_SIZE]);
/* Lower-case hex of a hash (65 bytes with the NUL). */
void batch_hash_hex(const unsigned char h[BATCH_HASH_SIZE], char out[2 * BATCH_HASH_SIZE + 1]);
/* Approved or released, and the contents still hash to what was approved. */
bool batch_approval_valid(const struct batch *b);
int64_t batch_total(const struct batch *b);

/* What the ledger needs to know to accept this batch's payments. */
void batch_ledger_info(const struct batch *b, struct ledger_batch_info *out);
/* Records the (released) batch in the ledger and posts one payment journal per line, dated
 * `date`. Refused unless released with a valid approval. */
int batch_post_payments(const struct batch *b, struct ledger *l, day_t date, struct err *e);
/* The BACS Standard 18 file for a released batch (bacs18_write with the batch's lines and
 * p->processing taken from the pay date's BACS processing day, two working days before). */
int batch_write_bacs(const struct batch *b, const struct bacs18_params *p, struct buf *out,
                     struct err *e);
/* Plain-words remittance advice for line `index`, for the person to see. */
int batch_remittance(const struct batch *b, size_t index, struct buf *out, struct err *e);

#endif
