/* audit.c — appending to and reading the hash-chained audit log (see audit.h). */
#include "store/audit.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

/* Reads the chain's tip, locked until commit. SQLite's BEGIN IMMEDIATE already holds the write
 * lock; PostgreSQL needs the row lock. */
static int head_read(struct store_conn *c, int64_t *seq, char prev[AUDIT_HASH_HEX + 1],
                     struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c,
                           store_backend_of(store_of(c)) == STORE_POSTGRES
                               ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                               : "SELECT seq, hash FROM audit_head WHERE id = 1",
                           &s, e);
    if (rc != 0)
        return rc;
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *seq = store_col_i64(s, 0);
        (void)store_col_copy(s, 1, prev, AUDIT_HASH_HEX + 1);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_IO, "The audit log has no head row: the store is damaged.");
    }
    store_finish(s);
    return rc;
}

static int head_write(struct store_conn *c, int64_t seq, const char *hash, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, seq);
    store_bind_text(s, 2, hash);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* Fills a with entry seq of n linked to prev (in place: prev becomes this entry's hash). at is
 * the entry's time stamp's storage. */
static void link_entry(const struct audit_new *n, int64_t seq, char prev[AUDIT_HASH_HEX + 1],
                       const char *at, struct audit_entry *a)
{
    memset(a, 0, sizeof *a);
    a->seq = seq;
    a->at = at;
    a->council_id = n->council_id;
    a->actor = n->actor ? n->actor : "system";
    a->actor_role = n->actor_role ? n->actor_role : "";
    a->action = n->action ? n->action : "";
    a->subject_type = n->subject_type ? n->subject_type : "";
    a->subject_id = n->subject_id;
    a->remote_addr = n->remote_addr ? n->remote_addr : "";
    a->detail = n->detail ? n->detail : "";
    audit_chain_link(a, prev);
    memcpy(prev, a->hash, AUDIT_HASH_HEX + 1);
}

/* A batch of read entries is inserted up to 16 rows to a statement: one statement start, cursor
 * open and halt for 16 rows instead of one for each (the statements are cached like any other). */
#define INSERT_HEAD                                                                          \
    "INSERT INTO audit_log (seq, at, council_id, actor, actor_role, action, subject_type, "  \
    "subject_id, remote_addr, detail, prev_hash, hash) VALUES "
#define ROW1 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define ROW4 ROW1 ", " ROW1 ", " ROW1 ", " ROW1
#define ROW16 ROW4 ", " ROW4 ", " ROW4 ", " ROW4
#define INSERT_MAX_ROWS 16

/* Inserts k (1, 4 or 16) linked entries in one statement. */
static int insert_rows(struct store_conn *c, const struct audit_entry *a, size_t k, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c,
                           k == 16  ? INSERT_HEAD ROW16
                           : k == 4 ? INSERT_HEAD ROW4
                                    : INSERT_HEAD ROW1,
                           &s, e);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < k; i++) {
        int b = (int)(i * 12);
        store_bind_i64(s, b + 1, a[i].seq);
        store_bind_text(s, b + 2, a[i].at);
        store_bind_i64(s, b + 3, a[i].council_id);
        store_bind_text(s, b + 4, a[i].actor);
        store_bind_text(s, b + 5, a[i].actor_role);
        store_bind_text(s, b + 6, a[i].action);
        store_bind_text(s, b + 7, a[i].subject_type);
        store_bind_i64(s, b + 8, a[i].subject_id);
        store_bind_text(s, b + 9, a[i].remote_addr);
        store_bind_text(s, b + 10, a[i].detail);
        store_bind_text(s, b + 11, a[i].prev_hash);
        store_bind_text(s, b + 12, a[i].hash);
    }
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* Inserts entries first_seq.. of items[0..n) linked from prev, chunk by chunk. */
static int insert_linked(struct store_conn *c, const struct audit_new *items, size_t n,
                         int64_t first_seq, char prev[AUDIT_HASH_HEX + 1], struct err *e)
{
    struct audit_entry a[INSERT_MAX_ROWS];
    char at[INSERT_MAX_ROWS][STORE_TIME_SIZE];
    size_t done = 0;
    while (done < n) {
        size_t left = n - done;
        size_t k = left >= 16 ? 16 : left >= 4 ? 4 : 1;
        int rc;
        for (size_t i = 0; i < k; i++) {
            const struct audit_new *it = &items[done + i];
            /* A batch's entries mostly share their second: format it once. */
            if (i > 0 && it->at == items[done + i - 1].at)
                memcpy(at[i], at[i - 1], sizeof at[i]);
            else
                store_time_format(it->at, at[i]);
            link_entry(it, first_seq + (int64_t)(done + i), prev, at[i], &a[i]);
        }
        if ((rc = insert_rows(c, a, k, e)) != 0)
            return rc;
        done += k;
    }
    return 0;
}

int audit_append(struct store_conn *c, const struct audit_new *n, struct err *e)
{
    char prev[AUDIT_HASH_HEX + 1];
    int64_t seq = 0;
    int rc;
    if (!store_in_transaction(c))
        return err_set(e, ERR_INVALID,
                       "internal: an audit entry must be written in the change's transaction");
    if ((rc = head_read(c, &seq, prev, e)) != 0 ||
        (rc = insert_linked(c, n, 1, seq + 1, prev, e)) != 0)
        return rc;
    return head_write(c, seq + 1, prev, e);
}

int audit_append_batch(struct store_conn *c, const struct audit_new *items, size_t n,
                       struct err *e)
{
    char prev[AUDIT_HASH_HEX + 1];
    int64_t seq = 0;
    int rc;
    if ((rc = store_begin(c, e)) != 0)
        return rc;
    /* The head is read and written once for the whole batch. */
    if ((rc = head_read(c, &seq, prev, e)) != 0 ||
        (rc = insert_linked(c, items, n, seq + 1, prev, e)) != 0 ||
        (rc = head_write(c, seq + (int64_t)n, prev, e)) != 0) {
        store_rollback(c);
        return rc;
    }
    return store_commit(c, e);
}

#define AUDIT_COLS                                                                         \
    "SELECT seq, at, council_id, actor, actor_role, action, subject_type, subject_id, "   \
    "remote_addr, detail, prev_hash, hash FROM audit_log "

static const char *keep(struct arena *ar, const char *t)
{
    const char *copy;
    if (!t)
        t = "";
    if (!ar)
        return t;
    copy = arena_strdup(ar, t);
    return copy ? copy : "";
}

/* Reads the current row; strings are valid until the next step unless copied into ar. */
static void read_entry(struct store_stmt *s, struct audit_entry *a, struct arena *ar)
{
    a->seq = store_col_i64(s, 0);
    a->at = keep(ar, store_col_text(s, 1));
    a->council_id = store_col_i64(s, 2);
    a->actor = keep(ar, store_col_text(s, 3));
    a->actor_role = keep(ar, store_col_text(s, 4));
    a->action = keep(ar, store_col_text(s, 5));
    a->subject_type = keep(ar, store_col_text(s, 6));
    a->subject_id = store_col_i64(s, 7);
    a->remote_addr = keep(ar, store_col_text(s, 8));
    a->detail = keep(ar, store_col_text(s, 9));
    (void)store_col_copy(s, 10, a->prev_hash, sizeof a->prev_hash);
    (void)store_col_copy(s, 11, a->hash, sizeof a->hash);
}

int audit_scan(struct store_conn *c, audit_scan_cb cb, void *ctx, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, AUDIT_COLS "ORDER BY seq", &s, e);
    if (rc != 0)
        return rc;
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct audit_entry a;
        read_entry(s, &a, NULL);
        if ((rc = cb(ctx, &a)) != 0)
            break;
    }
    store_finish(s);
    return rc < 0 ? rc : rc == STORE_DONE ? 0 : rc;
}

int audit_history(struct store_conn *c, int64_t council_id, const char *subject_type,
                  int64_t subject_id, int limit, int offset, struct arena *a,
                  struct audit_entry **out, size_t *n, int64_t *total, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc;
    *n = 0;
    *out = arena_array(a, (size_t)(limit > 0 ? limit : 1), sizeof **out);
    if (!*out)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = store_prepare(c,
                       "SELECT count(*) FROM audit_log WHERE council_id = ? AND subject_type = ? "
                       "AND subject_id = ?",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, subject_type);
    store_bind_i64(s, 3, subject_id);
    rc = store_step(s, e);
    *total = rc == STORE_ROW ? store_col_i64(s, 0) : 0;
    store_finish(s);
    if (rc < 0)
        return rc;
    rc = store_prepare(c,
                       AUDIT_COLS "WHERE council_id = ? AND subject_type = ? AND subject_id = ? "
                                  "ORDER BY seq DESC LIMIT ? OFFSET ?",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, subject_type);
    store_bind_i64(s, 3, subject_id);
    store_bind_i64(s, 4, limit);
    store_bind_i64(s, 5, offset);
    while ((rc = store_step(s, e)) == STORE_ROW && *n < (size_t)limit)
        read_entry(s, &(*out)[(*n)++], a);
    store_finish(s);
    return rc < 0 ? rc : 0;
}
