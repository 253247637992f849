/* ledger.c — double-entry ledger of direct-payment money; see ledger.h for the accounts, the
 * journal shapes and the invariants. */
#include "domain/ledger.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/str.h"

static const char *const account_kind_names[LEDGER_ACCOUNT_KIND_END] = {
    [LEDGER_COUNCIL_DP_BUDGET] = "council_dp_budget",
    [LEDGER_CONTRIBUTION_INCOME] = "contribution_income",
    [LEDGER_BANK_CLEARING] = "bank_clearing",
    [LEDGER_PERSON_DP_ACCOUNT] = "person_dp_account",
    [LEDGER_PERSON_SPEND] = "person_spend",
    [LEDGER_PERSON_FUNDS] = "person_funds",
    [LEDGER_CONTRIBUTION_RECEIVABLE] = "contribution_receivable",
    [LEDGER_RECOVERY_RECEIVABLE] = "recovery_receivable",
};

static const char *const journal_kind_names[LEDGER_JOURNAL_KIND_END] = {
    [LEDGER_J_PAYMENT] = "payment",
    [LEDGER_J_RECEIPT] = "receipt",
    [LEDGER_J_SPEND] = "spend",
    [LEDGER_J_REFUND] = "refund",
    [LEDGER_J_FUNDS_IN] = "funds_in",
    [LEDGER_J_CONTRIBUTION_DUE] = "contribution_due",
    [LEDGER_J_CONTRIBUTION_PAID] = "contribution_paid",
    [LEDGER_J_RECOVERY_RAISED] = "recovery_raised",
    [LEDGER_J_RECOVERY_RECEIVED] = "recovery_received",
    [LEDGER_J_RECOVERY_OFFSET] = "recovery_offset",
    [LEDGER_J_REVERSAL] = "reversal",
};

/* The one debit and one credit account kind of each journal kind (reversals mirror instead). */
static const struct {
    enum ledger_account_kind debit, credit;
} shapes[LEDGER_JOURNAL_KIND_END] = {
    [LEDGER_J_PAYMENT] = {LEDGER_BANK_CLEARING, LEDGER_COUNCIL_DP_BUDGET},
    [LEDGER_J_RECEIPT] = {LEDGER_PERSON_DP_ACCOUNT, LEDGER_BANK_CLEARING},
    [LEDGER_J_SPEND] = {LEDGER_PERSON_SPEND, LEDGER_PERSON_DP_ACCOUNT},
    [LEDGER_J_REFUND] = {LEDGER_PERSON_DP_ACCOUNT, LEDGER_PERSON_SPEND},
    [LEDGER_J_FUNDS_IN] = {LEDGER_PERSON_DP_ACCOUNT, LEDGER_PERSON_FUNDS},
    [LEDGER_J_CONTRIBUTION_DUE] = {LEDGER_CONTRIBUTION_RECEIVABLE, LEDGER_CONTRIBUTION_INCOME},
    [LEDGER_J_CONTRIBUTION_PAID] = {LEDGER_COUNCIL_DP_BUDGET, LEDGER_CONTRIBUTION_RECEIVABLE},
    [LEDGER_J_RECOVERY_RAISED] = {LEDGER_RECOVERY_RECEIVABLE, LEDGER_PERSON_DP_ACCOUNT},
    [LEDGER_J_RECOVERY_RECEIVED] = {LEDGER_COUNCIL_DP_BUDGET, LEDGER_RECOVERY_RECEIVABLE},
    [LEDGER_J_RECOVERY_OFFSET] = {LEDGER_PERSON_DP_ACCOUNT, LEDGER_RECOVERY_RECEIVABLE},
};

static const char *const breach_names[LEDGER_BREACH_KIND_END] = {
    [LEDGER_BREACH_UNBALANCED] = "unbalanced",
    [LEDGER_BREACH_TOO_FEW_LINES] = "too-few-lines",
    [LEDGER_BREACH_ZERO_LINE] = "zero-line",
    [LEDGER_BREACH_UNKNOWN_ACCOUNT] = "unknown-account",
    [LEDGER_BREACH_WRONG_OWNER] = "wrong-owner",
    [LEDGER_BREACH_WRONG_SHAPE] = "wrong-shape",
    [LEDGER_BREACH_BALANCE_MISMATCH] = "balance-mismatch",
    [LEDGER_BREACH_PAYMENT_WITHOUT_BATCH] = "payment-without-batch",
    [LEDGER_BREACH_PAYMENT_NOT_APPROVED] = "payment-not-approved",
    [LEDGER_BREACH_PAYMENT_BATCH_MISMATCH] = "payment-batch-mismatch",
    [LEDGER_BREACH_REVERSAL_MISSING] = "reversal-missing-original",
    [LEDGER_BREACH_REVERSAL_NOT_MIRROR] = "reversal-not-mirror",
    [LEDGER_BREACH_DOUBLE_REVERSAL] = "double-reversal",
    [LEDGER_BREACH_REVERSAL_OF_REVERSAL] = "reversal-of-reversal",
    [LEDGER_BREACH_DUPLICATE_ID] = "duplicate-id",
    [LEDGER_BREACH_DUPLICATE_SOURCE] = "duplicate-source",
    [LEDGER_BREACH_OVER_RECOVERED] = "over-recovered",
};

const char *ledger_account_kind_name(enum ledger_account_kind k)
{
    return (k > 0 && k < LEDGER_ACCOUNT_KIND_END) ? account_kind_names[k] : NULL;
}

int ledger_account_kind_parse(const char *s, enum ledger_account_kind *out)
{
    for (int k = 1; k < LEDGER_ACCOUNT_KIND_END; k++)
        if (s && strcmp(s, account_kind_names[k]) == 0) {
            *out = (enum ledger_account_kind)k;
            return 0;
        }
    return ERR_INVALID;
}

bool ledger_account_kind_is_council(enum ledger_account_kind k)
{
    return k == LEDGER_COUNCIL_DP_BUDGET || k == LEDGER_CONTRIBUTION_INCOME;
}

const char *ledger_journal_kind_name(enum ledger_journal_kind k)
{
    return (k > 0 && k < LEDGER_JOURNAL_KIND_END) ? journal_kind_names[k] : NULL;
}

int ledger_journal_shape(enum ledger_journal_kind k, enum ledger_account_kind *debit,
                         enum ledger_account_kind *credit)
{
    if (k == LEDGER_J_REVERSAL || !ledger_journal_kind_name(k))
        return ERR_INVALID;
    *debit = shapes[k].debit;
    *credit = shapes[k].credit;
    return 0;
}

int ledger_journal_kind_parse(const char *s, enum ledger_journal_kind *out)
{
    for (int k = 1; k < LEDGER_JOURNAL_KIND_END; k++)
        if (s && strcmp(s, journal_kind_names[k]) == 0) {
            *out = (enum ledger_journal_kind)k;
            return 0;
        }
    return ERR_INVALID;
}

const char *ledger_breach_kind_name(enum ledger_breach_kind k)
{
    return (k > 0 && k < LEDGER_BREACH_KIND_END) ? breach_names[k] : "unknown";
}

void ledger_init(struct ledger *l)
{
    memset(l, 0, sizeof *l);
    l->next_account_id = 1;
    l->next_journal_id = 1;
    l->journals_sorted = true;
}

void ledger_release(struct ledger *l)
{
    free(l->accounts);
    free(l->journals);
    free(l->reversed_by);
    free(l->batches);
    free(l->refidx);
    ledger_init(l);
}

/* Grows an array to hold at least `need` items of `size` bytes. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t ncap;
    void *np;
    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / size)
        return ERR_NOMEM;
    np = realloc(*p, ncap * size);
    if (!np)
        return ERR_NOMEM;
    *p = np;
    *cap = ncap;
    return 0;
}

/* --- accounts -------------------------------------------------------------------------------- */

static ptrdiff_t account_index(const struct ledger *l, int64_t id)
{
    size_t lo = 0, hi = l->naccounts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->accounts[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < l->naccounts && l->accounts[lo].id == id) ? (ptrdiff_t)lo : -1;
}

const struct ledger_account *ledger_account_get(const struct ledger *l, int64_t id)
{
    ptrdiff_t i = account_index(l, id);
    return i < 0 ? NULL : &l->accounts[i];
}

int64_t ledger_account_find(const struct ledger *l, int64_t council_id, int64_t dp_id,
                            enum ledger_account_kind kind)
{
    for (size_t i = 0; i < l->naccounts; i++) {
        const struct ledger_account *a = &l->accounts[i];
        if (a->council_id == council_id && a->dp_id == dp_id && a->kind == kind)
            return a->id;
    }
    return 0;
}

int64_t ledger_balance(const struct ledger *l, int64_t council_id, int64_t dp_id,
                       enum ledger_account_kind kind)
{
    const struct ledger_account *a =
        ledger_account_get(l, ledger_account_find(l, council_id, dp_id, kind));
    return a ? a->balance : 0;
}

/* Inserts keeping the array sorted by id (ids from ledger_account_open only grow, so that is an
 * append; loaded accounts may come in any order). */
static int account_insert(struct ledger *l, const struct ledger_account *a)
{
    size_t pos;
    if (grow((void **)&l->accounts, &l->acap, l->naccounts + 1, sizeof *l->accounts) != 0)
        return ERR_NOMEM;
    pos = l->naccounts;
    while (pos > 0 && l->accounts[pos - 1].id > a->id)
        pos--;
    memmove(&l->accounts[pos + 1], &l->accounts[pos],
            (l->naccounts - pos) * sizeof *l->accounts);
    l->accounts[pos] = *a;
    l->naccounts++;
    if (a->id >= l->next_account_id)
        l->next_account_id = a->id + 1;
    return 0;
}

int ledger_account_open(struct ledger *l, int64_t council_id, int64_t dp_id,
                        enum ledger_account_kind kind, int64_t *id, struct err *e)
{
    struct ledger_account a = {0};
    if (!ledger_account_kind_name(kind))
        return err_set(e, ERR_INVALID, "There is no ledger account kind %d.", (int)kind);
    if (council_id <= 0)
        return err_set(e, ERR_INVALID, "A ledger account needs a council.");
    if (ledger_account_kind_is_council(kind) ? dp_id != 0 : dp_id <= 0)
        return err_set(e, ERR_INVALID,
                       "The %s account is held %s, so it %s a direct payment.",
                       account_kind_names[kind],
                       ledger_account_kind_is_council(kind) ? "once per council" : "per person",
                       ledger_account_kind_is_council(kind) ? "cannot belong to" : "must name");
    if (ledger_account_find(l, council_id, dp_id, kind) != 0)
        return err_set(e, ERR_CONFLICT,
                       "The %s account of council %lld, direct payment %lld is already open.",
                       account_kind_names[kind], (long long)council_id, (long long)dp_id);
    a.id = l->next_account_id;
    a.council_id = council_id;
    a.dp_id = dp_id;
    a.kind = kind;
    if (account_insert(l, &a) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory opening a ledger account.");
    if (id)
        *id = a.id;
    return 0;
}

int ledger_account_ensure(struct ledger *l, int64_t council_id, int64_t dp_id,
                          enum ledger_account_kind kind, int64_t *id, struct err *e)
{
    int64_t found = ledger_account_find(l, council_id, dp_id, kind);
    if (found) {
        if (id)
            *id = found;
        return 0;
    }
    return ledger_account_open(l, council_id, dp_id, kind, id, e);
}

int ledger_load_account(struct ledger *l, const struct ledger_account *a, struct err *e)
{
    if (account_insert(l, a) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory loading the ledger.");
    return 0;
}

/* --- batches --------------------------------------------------------------------------------- */

static struct ledger_batch_info *batch_find(const struct ledger *l, int64_t batch_id)
{
    for (size_t i = 0; i < l->nbatches; i++)
        if (l->batches[i].batch_id == batch_id)
            return &l->batches[i];
    return NULL;
}

const struct ledger_batch_info *ledger_batch_get(const struct ledger *l, int64_t batch_id)
{
    return batch_find(l, batch_id);
}

int ledger_record_batch(struct ledger *l, const struct ledger_batch_info *b, struct err *e)
{
    struct ledger_batch_info *have;
    if (b->batch_id <= 0)
        return err_set(e, ERR_INVALID, "A batch recorded in the ledger needs an id.");
    have = batch_find(l, b->batch_id);
    if (have) {
        if (have->council_id != b->council_id)
            return err_set(e, ERR_CONFLICT,
                           "Batch %lld is already recorded for another council.",
                           (long long)b->batch_id);
        *have = *b;
        return 0;
    }
    if (grow((void **)&l->batches, &l->bcap, l->nbatches + 1, sizeof *l->batches) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory recording a batch.");
    l->batches[l->nbatches++] = *b;
    return 0;
}

/* --- journal indexes ------------------------------------------------------------------------- */

static ptrdiff_t journal_index(const struct ledger *l, int64_t id)
{
    if (l->journals_sorted) {
        size_t lo = 0, hi = l->njournals;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (l->journals[mid].id < id)
                lo = mid + 1;
            else
                hi = mid;
        }
        return (lo < l->njournals && l->journals[lo].id == id) ? (ptrdiff_t)lo : -1;
    }
    for (size_t i = 0; i < l->njournals; i++)
        if (l->journals[i].id == id)
            return (ptrdiff_t)i;
    return -1;
}

const struct ledger_journal *ledger_journal_get(const struct ledger *l, int64_t id)
{
    ptrdiff_t i = journal_index(l, id);
    return i < 0 ? NULL : &l->journals[i];
}

int64_t ledger_reversed_by(const struct ledger *l, int64_t id)
{
    ptrdiff_t i = journal_index(l, id);
    return i < 0 ? 0 : l->reversed_by[i];
}

/* FNV-1a over the council and source_ref: the key of the duplicate-import index. */
static uint64_t ref_hash(int64_t council_id, const char *ref)
{
    uint64_t h = 1469598103934665603ULL;
    for (int i = 0; i < 8; i++) {
        h ^= (uint64_t)(council_id >> (i * 8)) & 0xff;
        h *= 1099511628211ULL;
    }
    for (const unsigned char *p = (const unsigned char *)ref; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

static ptrdiff_t ref_lookup(const struct ledger *l, int64_t council_id, const char *ref)
{
    size_t mask, i;
    if (!l->refcap)
        return -1;
    mask = l->refcap - 1;
    for (i = ref_hash(council_id, ref) & mask; l->refidx[i]; i = (i + 1) & mask) {
        const struct ledger_journal *j = &l->journals[l->refidx[i] - 1];
        if (j->council_id == council_id && strcmp(j->source_ref, ref) == 0)
            return (ptrdiff_t)(l->refidx[i] - 1);
    }
    return -1;
}

static void ref_put(struct ledger *l, size_t jidx)
{
    size_t mask = l->refcap - 1, i;
    const struct ledger_journal *j = &l->journals[jidx];
    for (i = ref_hash(j->council_id, j->source_ref) & mask; l->refidx[i]; i = (i + 1) & mask)
        ;
    l->refidx[i] = jidx + 1;
}

/* Keeps the table at most half full, rebuilding it when it grows. */
static int ref_reserve(struct ledger *l, size_t entries)
{
    size_t ncap = l->refcap ? l->refcap : 64;
    size_t *old = l->refidx, oldcap = l->refcap;
    if (entries * 2 <= l->refcap)
        return 0;
    while (ncap < entries * 2)
        ncap *= 2;
    l->refidx = calloc(ncap, sizeof *l->refidx);
    if (!l->refidx) {
        l->refidx = old;
        return ERR_NOMEM;
    }
    l->refcap = ncap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i])
            ref_put(l, old[i] - 1);
    free(old);
    return 0;
}

static int journal_append(struct ledger *l, const struct ledger_journal *j)
{
    if (grow((void **)&l->journals, &l->jcap, l->njournals + 1, sizeof *l->journals) != 0)
        return ERR_NOMEM;
    {
        /* reversed_by grows with journals; its capacity is jcap */
        int64_t *rb = realloc(l->reversed_by, l->jcap * sizeof *rb);
        if (!rb)
            return ERR_NOMEM;
        l->reversed_by = rb;
    }
    if (j->source_ref[0] && ref_reserve(l, l->nrefs + 1) != 0)
        return ERR_NOMEM;
    if (l->njournals && l->journals[l->njournals - 1].id >= j->id)
        l->journals_sorted = false;
    l->journals[l->njournals] = *j;
    l->reversed_by[l->njournals] = 0;
    l->njournals++;
    if (j->source_ref[0]) {
        ref_put(l, l->njournals - 1);
        l->nrefs++;
    }
    if (j->id >= l->next_journal_id)
        l->next_journal_id = j->id + 1;
    return 0;
}

int ledger_load_journal(struct ledger *l, const struct ledger_journal *j, struct err *e)
{
    struct ledger_journal copy = *j;
    /* Loaded rows are not trusted: keep the strings terminated whatever the store held. */
    copy.source_ref[sizeof copy.source_ref - 1] = '\0';
    copy.memo[sizeof copy.memo - 1] = '\0';
    if (copy.nlines > LEDGER_MAX_LINES)
        copy.nlines = LEDGER_MAX_LINES;
    if (journal_append(l, &copy) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory loading the ledger.");
    if (copy.kind == LEDGER_J_REVERSAL && copy.reverses) {
        ptrdiff_t o = journal_index(l, copy.reverses);
        if (o >= 0 && l->reversed_by[o] == 0)
            l->reversed_by[o] = copy.id;
    }
    return 0;
}

/* --- checking one journal -------------------------------------------------------------------- */

/* Describes a journal for messages: "journal 12 (payment, 2025-04-07)". */
static void jname(const struct ledger_journal *j, char *out, size_t outsz)
{
    char d[DATE_ISO_SIZE];
    date_format_iso(j->date, d);
    snprintf(out, outsz, "journal %lld (%s, %s)", (long long)j->id,
             ledger_journal_kind_name(j->kind) ? ledger_journal_kind_name(j->kind) : "unknown kind",
             d);
}

/* The checks that need only the journal and the accounts: lines, balance, owners, shape. For a
 * reversal, `orig` is the journal it reverses (NULL if missing). Returns 0 or a breach kind, with
 * the message in msg. */
static enum ledger_breach_kind check_journal(const struct ledger *l, const struct ledger_journal *j,
                                             const struct ledger_journal *orig, int64_t *bad_account,
                                             char *msg, size_t msgsz)
{
    char name[96], amt[MONEY_FMT_SIZE];
    const char *nm = NULL; /* the journal's name, formatted only when there is something to say */
    __int128 sum = 0;
#define NAME (nm ? nm : (jname(j, name, sizeof name), nm = name))
    *bad_account = 0;
    if (!ledger_journal_kind_name(j->kind)) {
        snprintf(msg, msgsz, "%s has an unknown kind (%d).", NAME, (int)j->kind);
        return LEDGER_BREACH_WRONG_SHAPE;
    }
    if (j->nlines < 2 || j->nlines > LEDGER_MAX_LINES) {
        snprintf(msg, msgsz, "%s has %zu lines; a journal has between 2 and %d.", NAME, j->nlines,
                 LEDGER_MAX_LINES);
        return LEDGER_BREACH_TOO_FEW_LINES;
    }
    for (size_t i = 0; i < j->nlines; i++) {
        const struct ledger_line *ln = &j->lines[i];
        const struct ledger_account *a = ledger_account_get(l, ln->account_id);
        if (ln->amount == 0) {
            snprintf(msg, msgsz, "%s line %zu is for 0p; every line moves money.", NAME, i + 1);
            return LEDGER_BREACH_ZERO_LINE;
        }
        if (ln->amount > MONEY_MAX_PENCE || ln->amount < -MONEY_MAX_PENCE) {
            snprintf(msg, msgsz, "%s line %zu is larger than any amount the system allows.", NAME,
                     i + 1);
            return LEDGER_BREACH_UNBALANCED;
        }
        sum += ln->amount;
        if (!a) {
            *bad_account = ln->account_id;
            snprintf(msg, msgsz, "%s line %zu posts to account %lld, which does not exist.", NAME,
                     i + 1, (long long)ln->account_id);
            return LEDGER_BREACH_UNKNOWN_ACCOUNT;
        }
        if (a->council_id != j->council_id ||
            (!ledger_account_kind_is_council(a->kind) && a->dp_id != j->dp_id)) {
            *bad_account = a->id;
            snprintf(msg, msgsz,
                     "%s (council %lld, direct payment %lld) line %zu posts to account %lld, the "
                     "%s account of council %lld, direct payment %lld.",
                     NAME, (long long)j->council_id, (long long)j->dp_id, i + 1, (long long)a->id,
                     ledger_account_kind_name(a->kind), (long long)a->council_id,
                     (long long)a->dp_id);
            return LEDGER_BREACH_WRONG_OWNER;
        }
    }
    if (sum != 0) {
        money_format(sum > 0 ? (int64_t)sum : (int64_t)-sum, MONEY_FMT_POUND, amt, sizeof amt);
        snprintf(msg, msgsz, "%s does not balance: its debits exceed its credits by %s%s.", NAME,
                 sum < 0 ? "-" : "", amt);
        return LEDGER_BREACH_UNBALANCED;
    }
    if (j->kind == LEDGER_J_REVERSAL) {
        if (!orig)
            return 0; /* reported by the caller as a missing original */
        if (orig->nlines != j->nlines || orig->council_id != j->council_id ||
            orig->dp_id != j->dp_id) {
            snprintf(msg, msgsz, "%s does not mirror journal %lld, which it says it reverses.",
                     NAME, (long long)orig->id);
            return LEDGER_BREACH_REVERSAL_NOT_MIRROR;
        }
        for (size_t i = 0; i < j->nlines; i++)
            if (j->lines[i].account_id != orig->lines[i].account_id ||
                j->lines[i].amount != -orig->lines[i].amount) {
                snprintf(msg, msgsz,
                         "%s line %zu does not mirror line %zu of journal %lld, which it says it "
                         "reverses.",
                         NAME, i + 1, i + 1, (long long)orig->id);
                return LEDGER_BREACH_REVERSAL_NOT_MIRROR;
            }
        return 0;
    }
    for (size_t i = 0; i < j->nlines; i++) {
        const struct ledger_account *a = ledger_account_get(l, j->lines[i].account_id);
        enum ledger_account_kind want =
            j->lines[i].amount > 0 ? shapes[j->kind].debit : shapes[j->kind].credit;
        if (a->kind != want) {
            *bad_account = a->id;
            snprintf(msg, msgsz, "%s %s the %s account; a %s journal %s the %s account.", NAME,
                     j->lines[i].amount > 0 ? "debits" : "credits",
                     ledger_account_kind_name(a->kind), ledger_journal_kind_name(j->kind),
                     j->lines[i].amount > 0 ? "debits" : "credits",
                     ledger_account_kind_name(want));
            return LEDGER_BREACH_WRONG_SHAPE;
        }
    }
    return 0;
#undef NAME
}

static int64_t journal_debits(const struct ledger_journal *j)
{
    int64_t d = 0;
    for (size_t i = 0; i < j->nlines; i++)
        if (j->lines[i].amount > 0)
            d += j->lines[i].amount;
    return d;
}

/* --- posting --------------------------------------------------------------------------------- */

static int check_payment(const struct ledger *l, const struct ledger_journal *j, struct err *e)
{
    const struct ledger_batch_info *b;
    int64_t paid = 0, amount = journal_debits(j);
    size_t count = 0;
    if (j->batch_id <= 0)
        return err_set(e, ERR_FORBIDDEN,
                       "A payment must come from an approved payment batch; this one names none.");
    b = batch_find(l, j->batch_id);
    if (!b)
        return err_set(e, ERR_FORBIDDEN,
                       "Batch %lld has not been approved and released, so nothing can be paid "
                       "from it.",
                       (long long)j->batch_id);
    if (b->council_id != j->council_id)
        return err_set(e, ERR_FORBIDDEN, "Batch %lld belongs to another council.",
                       (long long)j->batch_id);
    if (!b->approved || !b->approval_valid)
        return err_set(e, ERR_FORBIDDEN,
                       "Batch %lld %s, so nothing can be paid from it.", (long long)j->batch_id,
                       b->approved ? "was changed after it was approved" : "is not approved");
    if (!b->released)
        return err_set(e, ERR_FORBIDDEN, "Batch %lld has not been released.",
                       (long long)j->batch_id);
    if (j->batch_line < 1 || (size_t)j->batch_line > b->nlines)
        return err_set(e, ERR_INVALID, "Batch %lld has no line %lld.", (long long)j->batch_id,
                       (long long)j->batch_line);
    for (size_t i = 0; i < l->njournals; i++) {
        const struct ledger_journal *o = &l->journals[i];
        if (o->kind != LEDGER_J_PAYMENT || o->batch_id != j->batch_id)
            continue;
        if (o->batch_line == j->batch_line)
            return err_set(e, ERR_CONFLICT, "Line %lld of batch %lld has already been paid "
                                            "(journal %lld).",
                           (long long)j->batch_line, (long long)j->batch_id, (long long)o->id);
        paid += journal_debits(o);
        count++;
    }
    if (count + 1 > b->nlines || paid + amount > b->total)
        return err_set(e, ERR_CONFLICT,
                       "Paying this line would take batch %lld past its approved total.",
                       (long long)j->batch_id);
    return 0;
}

int ledger_post(struct ledger *l, const struct ledger_journal *j, int64_t *id, struct err *e)
{
    struct ledger_journal c = *j;
    const struct ledger_journal *orig = NULL;
    ptrdiff_t oidx = -1;
    enum ledger_breach_kind bk;
    int64_t bad;
    char msg[256];
    int64_t newbal[LEDGER_MAX_LINES];
    ptrdiff_t aidx[LEDGER_MAX_LINES];
    int rc;

    c.id = l->next_journal_id;
    c.source_ref[sizeof c.source_ref - 1] = '\0';
    c.memo[sizeof c.memo - 1] = '\0';
    if (c.kind == LEDGER_J_REVERSAL) {
        oidx = journal_index(l, c.reverses);
        if (oidx < 0)
            return err_set(e, ERR_NOT_FOUND, "There is no journal %lld to reverse.",
                           (long long)c.reverses);
        orig = &l->journals[oidx];
        if (orig->kind == LEDGER_J_REVERSAL)
            return err_set(e, ERR_CONFLICT,
                           "Journal %lld is itself a reversal and cannot be reversed; post the "
                           "original movement again instead.",
                           (long long)orig->id);
        if (l->reversed_by[oidx])
            return err_set(e, ERR_CONFLICT, "Journal %lld has already been reversed by journal %lld.",
                           (long long)orig->id, (long long)l->reversed_by[oidx]);
    } else if (c.reverses != 0) {
        return err_set(e, ERR_INVALID, "Only a reversal journal can name a journal it reverses.");
    }
    if (c.kind != LEDGER_J_PAYMENT && (c.batch_id || c.batch_line))
        return err_set(e, ERR_INVALID, "Only a payment journal names a batch.");
    bk = check_journal(l, &c, orig, &bad, msg, sizeof msg);
    if (bk)
        return err_set(e, bk == LEDGER_BREACH_UNKNOWN_ACCOUNT ? ERR_NOT_FOUND : ERR_INVALID, "%s",
                       msg);
    if (c.kind == LEDGER_J_PAYMENT && (rc = check_payment(l, &c, e)) != 0)
        return rc;
    if (c.source_ref[0]) {
        ptrdiff_t dup = ref_lookup(l, c.council_id, c.source_ref);
        if (dup >= 0)
            return err_set(e, ERR_CONFLICT,
                           "This has already been recorded (journal %lld has the same source "
                           "reference), so it is not added again.",
                           (long long)l->journals[dup].id);
    }
    /* Work out every new balance first, so an overflow leaves nothing half-posted. */
    for (size_t i = 0; i < c.nlines; i++) {
        aidx[i] = account_index(l, c.lines[i].account_id);
        newbal[i] = l->accounts[aidx[i]].balance;
        for (size_t k = 0; k < i; k++)
            if (aidx[k] == aidx[i])
                newbal[i] = newbal[k];
        if (money_add(newbal[i], c.lines[i].amount, &newbal[i]) != 0 ||
            newbal[i] > MONEY_MAX_PENCE || newbal[i] < -MONEY_MAX_PENCE)
            return err_set(e, ERR_RANGE, "Posting this would take an account balance beyond what "
                                         "the system can hold.");
        for (size_t k = 0; k < i; k++)
            if (aidx[k] == aidx[i])
                newbal[k] = newbal[i];
    }
    /* Nothing is taken back beyond what was asked back (ledger_verify's over-recovered). */
    for (size_t i = 0; i < c.nlines; i++)
        if (l->accounts[aidx[i]].kind == LEDGER_RECOVERY_RECEIVABLE && c.lines[i].amount < 0 &&
            newbal[i] < 0)
            return err_set(e, ERR_CONFLICT,
                           "This would record more money paid back or kept back than was asked "
                           "back for direct payment %lld.",
                           (long long)c.dp_id);
    if (journal_append(l, &c) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory posting a journal.");
    for (size_t i = 0; i < c.nlines; i++)
        l->accounts[aidx[i]].balance = newbal[i];
    if (oidx >= 0)
        l->reversed_by[oidx] = c.id;
    if (id)
        *id = c.id;
    return 0;
}

/* Copies a memo, cutting a long one at a character boundary so it stays valid UTF-8. */
static void copy_memo(char *dst, size_t dstsz, const char *src)
{
    size_t n = strlen(src);
    if (n >= dstsz) {
        n = dstsz - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--; /* src[n] is the first byte not kept: never split the character it starts */
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int ledger_post_simple(struct ledger *l, enum ledger_journal_kind k, int64_t council_id,
                       int64_t dp_id, day_t date, int64_t amount, int64_t batch_id,
                       int64_t batch_line, const char *ref, const char *memo, int64_t *id,
                       struct err *e)
{
    struct ledger_journal j;
    int64_t dr, cr;
    int rc;
    if (k == LEDGER_J_REVERSAL || !ledger_journal_kind_name(k))
        return err_set(e, ERR_INVALID, "ledger_post_simple cannot post a journal of kind %d.",
                       (int)k);
    if (amount <= 0)
        return err_set(e, ERR_INVALID, "A %s must be for more than 0p.", journal_kind_names[k]);
    if ((rc = ledger_account_ensure(l, council_id,
                                    ledger_account_kind_is_council(shapes[k].debit) ? 0 : dp_id,
                                    shapes[k].debit, &dr, e)) != 0 ||
        (rc = ledger_account_ensure(l, council_id,
                                    ledger_account_kind_is_council(shapes[k].credit) ? 0 : dp_id,
                                    shapes[k].credit, &cr, e)) != 0)
        return rc;
    memset(&j, 0, sizeof j);
    j.council_id = council_id;
    j.dp_id = dp_id;
    j.kind = k;
    j.date = date;
    j.batch_id = batch_id;
    j.batch_line = batch_line;
    if (ref && str_copy(j.source_ref, sizeof j.source_ref, ref) != 0)
        return err_set(e, ERR_INVALID, "The source reference is longer than %d characters.",
                       LEDGER_REF_SIZE - 1);
    if (memo)
        copy_memo(j.memo, sizeof j.memo, memo); /* a memo is cut, not refused */
    j.nlines = 2;
    j.lines[0] = (struct ledger_line){dr, amount};
    j.lines[1] = (struct ledger_line){cr, -amount};
    return ledger_post(l, &j, id, e);
}

int ledger_reverse(struct ledger *l, int64_t id, day_t date, const char *memo, int64_t *new_id,
                   struct err *e)
{
    struct ledger_journal r;
    const struct ledger_journal *o = ledger_journal_get(l, id);
    if (!o)
        return err_set(e, ERR_NOT_FOUND, "There is no journal %lld to reverse.", (long long)id);
    memset(&r, 0, sizeof r);
    r.council_id = o->council_id;
    r.dp_id = o->dp_id;
    r.kind = LEDGER_J_REVERSAL;
    r.date = date;
    r.reverses = id;
    if (memo)
        copy_memo(r.memo, sizeof r.memo, memo);
    r.nlines = o->nlines;
    for (size_t i = 0; i < o->nlines && i < LEDGER_MAX_LINES; i++) {
        r.lines[i].account_id = o->lines[i].account_id;
        r.lines[i].amount = -o->lines[i].amount;
    }
    return ledger_post(l, &r, new_id, e);
}

/* --- verification ---------------------------------------------------------------------------- */

void ledger_breaches_init(struct ledger_breaches *b, size_t cap)
{
    b->items = NULL;
    b->n = 0;
    b->cap = cap;
    b->total = 0;
}

void ledger_breaches_release(struct ledger_breaches *b)
{
    free(b->items);
    b->items = NULL;
    b->n = 0;
    b->total = 0;
}

__attribute__((format(printf, 6, 7))) static int breach(struct ledger_breaches *out,
                                                      enum ledger_breach_kind k, int64_t journal,
                                                      int64_t account, int64_t batch,
                                                      const char *fmt, ...)
{
    va_list ap;
    struct ledger_breach *b;
    out->total++;
    if (out->n >= out->cap)
        return 0;
    if (!out->items) {
        out->items = calloc(out->cap, sizeof *out->items);
        if (!out->items)
            return ERR_NOMEM;
    }
    b = &out->items[out->n++];
    b->kind = k;
    b->journal_id = journal;
    b->account_id = account;
    b->batch_id = batch;
    va_start(ap, fmt);
    vsnprintf(b->msg, sizeof b->msg, fmt, ap);
    va_end(ap);
    return 0;
}

static const struct ledger *sort_ledger; /* qsort has no context argument in C11 */

static int cmp_journal_id(const void *a, const void *b)
{
    int64_t x = sort_ledger->journals[*(const size_t *)a].id;
    int64_t y = sort_ledger->journals[*(const size_t *)b].id;
    return (x > y) - (x < y);
}

static int cmp_payment(const void *a, const void *b)
{
    const struct ledger_journal *x = &sort_ledger->journals[*(const size_t *)a];
    const struct ledger_journal *y = &sort_ledger->journals[*(const size_t *)b];
    if (x->batch_id != y->batch_id)
        return (x->batch_id > y->batch_id) - (x->batch_id < y->batch_id);
    return (x->batch_line > y->batch_line) - (x->batch_line < y->batch_line);
}

/* Finds a journal by id through the id-sorted index. */
static ptrdiff_t find_sorted(const struct ledger *l, const size_t *byid, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->journals[byid[mid]].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < n && l->journals[byid[lo]].id == id) ? (ptrdiff_t)lo : -1;
}

static int cmp_batch_id(const void *a, const void *b)
{
    int64_t x = sort_ledger->batches[*(const size_t *)a].batch_id;
    int64_t y = sort_ledger->batches[*(const size_t *)b].batch_id;
    return (x > y) - (x < y);
}

/* Finds a batch through the id-sorted index; its position in that index goes to *pos. */
static const struct ledger_batch_info *find_batch_sorted(const struct ledger *l, const size_t *bs,
                                                         int64_t id, size_t *pos)
{
    size_t lo = 0, hi = l->nbatches;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->batches[bs[mid]].batch_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < l->nbatches && l->batches[bs[lo]].batch_id == id) {
        if (pos)
            *pos = lo;
        return &l->batches[bs[lo]];
    }
    return NULL;
}

int ledger_verify(const struct ledger *l, struct ledger_breaches *out, struct err *e)
{
    size_t n = l->njournals;
    size_t *byid = NULL, *pays = NULL, *refs = NULL, npays = 0, nrefs = 0;
    unsigned *revcount = NULL;
    size_t *bsorted = NULL;
    bool *bseen = NULL;
    __int128 *sums = NULL;
    int rc = 0;
    char msg[256], a1[MONEY_FMT_SIZE], a2[MONEY_FMT_SIZE];

    out->n = 0;
    out->total = 0;
    byid = malloc((n ? n : 1) * sizeof *byid);
    pays = malloc((n ? n : 1) * sizeof *pays);
    refs = malloc((n ? n : 1) * sizeof *refs);
    revcount = calloc(n ? n : 1, sizeof *revcount);
    sums = calloc(l->naccounts ? l->naccounts : 1, sizeof *sums);
    bsorted = malloc((l->nbatches ? l->nbatches : 1) * sizeof *bsorted);
    bseen = calloc(l->nbatches ? l->nbatches : 1, sizeof *bseen);
    if (!byid || !pays || !refs || !revcount || !sums || !bsorted || !bseen) {
        rc = err_set(e, ERR_NOMEM, "Out of memory checking the ledger.");
        goto done;
    }
#define BREACH(...)                                                                           \
    do {                                                                                      \
        if (breach(out, __VA_ARGS__) != 0) {                                                  \
            rc = err_set(e, ERR_NOMEM, "Out of memory checking the ledger.");                 \
            goto done;                                                                        \
        }                                                                                     \
    } while (0)

    for (size_t i = 1; i < l->naccounts; i++)
        if (l->accounts[i].id == l->accounts[i - 1].id)
            BREACH(LEDGER_BREACH_DUPLICATE_ID, 0, l->accounts[i].id, 0,
                   "Two accounts have the id %lld.", (long long)l->accounts[i].id);

    for (size_t i = 0; i < n; i++)
        byid[i] = i;
    sort_ledger = l;
    for (size_t i = 0; i < l->nbatches; i++)
        bsorted[i] = i;
    qsort(bsorted, l->nbatches, sizeof *bsorted, cmp_batch_id);
    if (!l->journals_sorted) /* posted journals are already in id order */
        qsort(byid, n, sizeof *byid, cmp_journal_id);
    for (size_t i = 1; i < n; i++)
        if (l->journals[byid[i]].id == l->journals[byid[i - 1]].id)
            BREACH(LEDGER_BREACH_DUPLICATE_ID, l->journals[byid[i]].id, 0, 0,
                   "Two journals have the id %lld.", (long long)l->journals[byid[i]].id);

    for (size_t i = 0; i < n; i++) {
        const struct ledger_journal *j = &l->journals[i];
        const struct ledger_journal *orig = NULL;
        enum ledger_breach_kind bk;
        int64_t bad;
        char name[96];
        const char *nm = NULL;
#define NAME (nm ? nm : (jname(j, name, sizeof name), nm = name))

        /* Balances are recomputed from the postings as stored, whatever else is wrong. */
        for (size_t k = 0; k < j->nlines && k < LEDGER_MAX_LINES; k++) {
            ptrdiff_t a = account_index(l, j->lines[k].account_id);
            if (a >= 0)
                sums[a] += j->lines[k].amount;
        }
        if (j->kind == LEDGER_J_REVERSAL) {
            ptrdiff_t o = find_sorted(l, byid, n, j->reverses);
            if (o < 0) {
                BREACH(LEDGER_BREACH_REVERSAL_MISSING, j->id, 0, 0,
                       "%s says it reverses journal %lld, which does not exist.", NAME,
                       (long long)j->reverses);
            } else {
                orig = &l->journals[byid[o]];
                revcount[o]++;
                if (orig->kind == LEDGER_J_REVERSAL)
                    BREACH(LEDGER_BREACH_REVERSAL_OF_REVERSAL, j->id, 0, 0,
                           "%s reverses journal %lld, which is itself a reversal.", NAME,
                           (long long)orig->id);
                else if (revcount[o] == 2)
                    BREACH(LEDGER_BREACH_DOUBLE_REVERSAL, orig->id, 0, 0,
                           "Journal %lld has been reversed more than once (again by journal "
                           "%lld).",
                           (long long)orig->id, (long long)j->id);
            }
        }
        bk = check_journal(l, j, orig, &bad, msg, sizeof msg);
        if (bk)
            BREACH(bk, j->id, bad, 0, "%s", msg);
        if (j->kind == LEDGER_J_PAYMENT) {
            const struct ledger_batch_info *b =
                j->batch_id ? find_batch_sorted(l, bsorted, j->batch_id, NULL) : NULL;
            if (!b && j->batch_id)
                BREACH(LEDGER_BREACH_PAYMENT_WITHOUT_BATCH, j->id, 0, j->batch_id,
                       "%s was released from batch %lld, which is not on record.", NAME,
                       (long long)j->batch_id);
            else if (!b)
                BREACH(LEDGER_BREACH_PAYMENT_WITHOUT_BATCH, j->id, 0, 0,
                       "%s was released without a payment batch.", NAME);
            else if (b->council_id != j->council_id)
                BREACH(LEDGER_BREACH_PAYMENT_BATCH_MISMATCH, j->id, 0, b->batch_id,
                       "%s is in batch %lld, which belongs to another council.", NAME,
                       (long long)b->batch_id);
            else if (!b->approved || !b->approval_valid || !b->released)
                BREACH(LEDGER_BREACH_PAYMENT_NOT_APPROVED, j->id, 0, b->batch_id,
                       "%s was paid from batch %lld, which %s.", NAME, (long long)b->batch_id,
                       !b->approved         ? "was never approved"
                       : !b->approval_valid ? "was changed after it was approved"
                                            : "has not been released");
            else
                pays[npays++] = i;
        } else if (j->batch_id) {
            BREACH(LEDGER_BREACH_WRONG_SHAPE, j->id, 0, j->batch_id,
                   "%s names batch %lld, but only payments belong to batches.", NAME,
                   (long long)j->batch_id);
        }
        if (j->source_ref[0])
            refs[nrefs++] = i;
#undef NAME
    }

    /* Payments against their batches: each line paid once; totals and counts as approved. */
    qsort(pays, npays, sizeof *pays, cmp_payment);
    for (size_t i = 0; i < npays;) {
        const struct ledger_journal *first = &l->journals[pays[i]];
        size_t bpos = 0;
        const struct ledger_batch_info *b = find_batch_sorted(l, bsorted, first->batch_id, &bpos);
        int64_t total = 0;
        size_t count = 0, k = i;
        for (; k < npays && l->journals[pays[k]].batch_id == first->batch_id; k++) {
            const struct ledger_journal *p = &l->journals[pays[k]];
            total += journal_debits(p);
            count++;
            if (p->batch_line < 1 || (size_t)p->batch_line > b->nlines)
                BREACH(LEDGER_BREACH_PAYMENT_BATCH_MISMATCH, p->id, 0, b->batch_id,
                       "Journal %lld pays line %lld of batch %lld, which has %zu lines.",
                       (long long)p->id, (long long)p->batch_line, (long long)b->batch_id,
                       b->nlines);
            if (k > i && l->journals[pays[k - 1]].batch_line == p->batch_line)
                BREACH(LEDGER_BREACH_PAYMENT_BATCH_MISMATCH, p->id, 0, b->batch_id,
                       "Line %lld of batch %lld was paid twice (journals %lld and %lld).",
                       (long long)p->batch_line, (long long)b->batch_id,
                       (long long)l->journals[pays[k - 1]].id, (long long)p->id);
        }
        bseen[bpos] = true;
        if (total != b->total || count != b->nlines) {
            money_format(total, MONEY_FMT_POUND, a1, sizeof a1);
            money_format(b->total, MONEY_FMT_POUND, a2, sizeof a2);
            BREACH(LEDGER_BREACH_PAYMENT_BATCH_MISMATCH, 0, 0, b->batch_id,
                   "Batch %lld was approved for %zu payments totalling %s, but the ledger holds "
                   "%zu payments totalling %s.",
                   (long long)b->batch_id, b->nlines, a2, count, a1);
        }
        i = k;
    }
    /* A released batch with no payment journals at all is also a mismatch. */
    for (size_t i = 0; i < l->nbatches; i++) {
        const struct ledger_batch_info *b = &l->batches[bsorted[i]];
        if (!b->released || b->nlines == 0 || bseen[i] || !b->approved || !b->approval_valid)
            continue;
        money_format(b->total, MONEY_FMT_POUND, a2, sizeof a2);
        BREACH(LEDGER_BREACH_PAYMENT_BATCH_MISMATCH, 0, 0, b->batch_id,
               "Batch %lld was released for %zu payments totalling %s, but the ledger holds none "
               "of them.",
               (long long)b->batch_id, b->nlines, a2);
    }

    /* Duplicate sources through the index every journal is entered in (loaded ones too): a
     * journal whose lookup finds an earlier journal is the second of a pair. */
    for (size_t i = 0; i < nrefs; i++) {
        const struct ledger_journal *j = &l->journals[refs[i]];
        ptrdiff_t first = ref_lookup(l, j->council_id, j->source_ref);
        if (first >= 0 && (size_t)first != refs[i])
            BREACH(LEDGER_BREACH_DUPLICATE_SOURCE, j->id, 0, 0,
                   "Journals %lld and %lld record the same thing (source reference \"%.60s\"); "
                   "it has been counted twice.",
                   (long long)l->journals[first].id, (long long)j->id, j->source_ref);
    }

    for (size_t i = 0; i < l->naccounts; i++) {
        const struct ledger_account *a = &l->accounts[i];
        if ((__int128)a->balance != sums[i]) {
            bool fits = sums[i] <= MONEY_MAX_PENCE && sums[i] >= -MONEY_MAX_PENCE;
            money_format(a->balance, MONEY_FMT_POUND, a1, sizeof a1);
            money_format(fits ? (int64_t)sums[i] : 0, MONEY_FMT_POUND, a2, sizeof a2);
            BREACH(LEDGER_BREACH_BALANCE_MISMATCH, 0, a->id, 0,
                   "Account %lld (%s, council %lld, direct payment %lld) shows a balance of %s but "
                   "its postings add up to %s.",
                   (long long)a->id,
                   ledger_account_kind_name(a->kind) ? ledger_account_kind_name(a->kind)
                                                     : "unknown kind",
                   (long long)a->council_id, (long long)a->dp_id, a1,
                   fits ? a2 : "more than the system can hold");
        }
        if (a->kind == LEDGER_RECOVERY_RECEIVABLE && sums[i] < 0) {
            bool fits = sums[i] >= -MONEY_MAX_PENCE;
            money_format(fits ? (int64_t)-sums[i] : 0, MONEY_FMT_POUND, a1, sizeof a1);
            BREACH(LEDGER_BREACH_OVER_RECOVERED, 0, a->id, 0,
                   "Account %lld (recovery_receivable, council %lld, direct payment %lld): %s more "
                   "has been received or kept back than was asked back.",
                   (long long)a->id, (long long)a->council_id, (long long)a->dp_id,
                   fits ? a1 : "more than the system can hold");
        }
    }
#undef BREACH
    rc = (int)(out->total > INT32_MAX ? INT32_MAX : out->total);
done:
    free(byid);
    free(pays);
    free(refs);
    free(revcount);
    free(sums);
    free(bsorted);
    free(bseen);
    return rc;
}

/* --- summary --------------------------------------------------------------------------------- */

void ledger_dp_summary(const struct ledger *l, int64_t council_id, int64_t dp_id,
                       struct ledger_dp_summary *out)
{
    memset(out, 0, sizeof *out);
    /* Payments and receipts are counted from the journals (reversals subtract), because the
     * budget account they come from is the council's, not the person's. */
    for (size_t i = 0; i < l->njournals; i++) {
        const struct ledger_journal *j = &l->journals[i];
        enum ledger_journal_kind k = j->kind;
        int64_t amount = journal_debits(j);
        if (j->council_id != council_id || j->dp_id != dp_id)
            continue;
        if (k == LEDGER_J_REVERSAL) {
            const struct ledger_journal *o = ledger_journal_get(l, j->reverses);
            if (!o)
                continue;
            k = o->kind;
            amount = -amount;
        }
        if (k == LEDGER_J_PAYMENT)
            out->paid_by_council += amount;
        else if (k == LEDGER_J_RECEIPT)
            out->received += amount;
    }
    out->in_transit = ledger_balance(l, council_id, dp_id, LEDGER_BANK_CLEARING);
    out->own_money_in = -ledger_balance(l, council_id, dp_id, LEDGER_PERSON_FUNDS);
    out->spent = ledger_balance(l, council_id, dp_id, LEDGER_PERSON_SPEND);
    out->held = ledger_balance(l, council_id, dp_id, LEDGER_PERSON_DP_ACCOUNT);
    out->owed_back = ledger_balance(l, council_id, dp_id, LEDGER_RECOVERY_RECEIVABLE);
    out->contribution_owed = ledger_balance(l, council_id, dp_id, LEDGER_CONTRIBUTION_RECEIVABLE);
}
