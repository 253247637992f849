/* staff.c — staff users of a council; see records.h. Passwords are only ever stored as argon2id
 * hashes (libsodium); this file can make and check one, the web layer decides when. */
#include <sodium.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

_Static_assert(STAFF_HASH_SIZE >= crypto_pwhash_argon2id_STRBYTES, "hash field too small");

#define STAFF_COLS                                                                          \
    "id, council_id, team_id, manager_id, name, email, role, sign_off_limit_pence, "        \
    "password_hash, active, created_at, updated_at, version"
#define DUP_EMAIL "Another member of staff in this council already uses this email address"
#define FK_MSG "The team or manager chosen is not part of this council"

static const struct {
    const char *name, *label;
} roles[STAFF_ROLE_COUNT] = {
    [ROLE_SOCIAL_WORKER] = {"social_worker", "Social worker"},
    [ROLE_TEAM_MANAGER] = {"team_manager", "Team manager"},
    [ROLE_FINANCE_OFFICER] = {"finance_officer", "Finance officer"},
    [ROLE_FINANCE_APPROVER] = {"finance_approver", "Finance approver"},
    [ROLE_COMMISSIONER] = {"commissioner", "Commissioner"},
    [ROLE_COUNCIL_ADMIN] = {"council_admin", "Council administrator"},
    [ROLE_AUDITOR] = {"auditor", "Auditor"},
    [ROLE_DUTY] = {"duty", "Duty worker"},
};

const char *staff_role_name(enum staff_role r)
{
    return (unsigned)r < STAFF_ROLE_COUNT ? roles[r].name : "unknown";
}

const char *staff_role_label(enum staff_role r)
{
    return (unsigned)r < STAFF_ROLE_COUNT ? roles[r].label : "Unknown role";
}

int staff_role_parse(const char *s, enum staff_role *out)
{
    for (int i = 0; i < STAFF_ROLE_COUNT; i++)
        if (s && strcmp(s, roles[i].name) == 0) {
            *out = (enum staff_role)i;
            return 0;
        }
    return ERR_INVALID;
}

int staff_hash_password(const char *password, char out[STAFF_HASH_SIZE], struct err *e)
{
    size_t n = strlen(password);
    out[0] = '\0';
    if (n < 8)
        return err_set_field(e, ERR_INVALID, "password", "Password must be 8 characters or more");
    if (n > 1024)
        return err_set_field(e, ERR_INVALID, "password",
                             "Password must be 1024 characters or fewer");
    if (sodium_init() < 0)
        return err_set(e, ERR_IO, "could not start the cryptography library (libsodium)");
    if (crypto_pwhash_argon2id_str(out, password, n, crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                                   crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE) != 0)
        return err_set(e, ERR_NOMEM, "out of memory while hashing a password");
    return 0;
}

bool staff_password_matches(const char *hash, const char *password)
{
    if (!hash || !*hash || !password || sodium_init() < 0)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static int staff_validate(struct staff *s, struct err *e)
{
    int rc;
    if ((rc = rec_text(s->name, 1, 120, REC_ONE_LINE, "name", "Name", e)) != 0)
        return rc;
    if ((rc = rec_email(s->email, true, "email", e)) != 0)
        return rc;
    if ((unsigned)s->role >= STAFF_ROLE_COUNT)
        return err_set_field(e, ERR_INVALID, "role", "Choose a role");
    if (s->sign_off_limit_pence < 0 || s->sign_off_limit_pence > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "sign_off_limit",
                             "The sign-off limit must be £0 or more");
    if (s->team_id < 0 || s->manager_id < 0)
        return err_set(e, ERR_INVALID, "internal error: negative id");
    if (s->manager_id != 0 && s->manager_id == s->id)
        return err_set_field(e, ERR_INVALID, "manager_id", "Someone cannot be their own manager");
    if (s->password_hash[0] && strncmp(s->password_hash, "$argon2id$", 10) != 0)
        return err_set(e, ERR_INVALID, "internal error: a password hash must be argon2id");
    return 0;
}

static void read_row(struct store_stmt *st, struct staff *out)
{
    enum staff_role r = ROLE_SOCIAL_WORKER;
    out->id = store_col_i64(st, 0);
    out->council_id = store_col_i64(st, 1);
    out->team_id = store_col_i64(st, 2);
    out->manager_id = store_col_i64(st, 3);
    store_col_copy(st, 4, out->name, sizeof out->name);
    store_col_copy(st, 5, out->email, sizeof out->email);
    staff_role_parse(store_col_text(st, 6), &r); /* the schema's CHECK allows only known roles */
    out->role = r;
    out->sign_off_limit_pence = store_col_i64(st, 7);
    store_col_copy(st, 8, out->password_hash, sizeof out->password_hash);
    out->active = store_col_i64(st, 9) != 0;
    store_col_copy(st, 10, out->created_at, sizeof out->created_at);
    store_col_copy(st, 11, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(st, 12);
}

int staff_create(struct store_conn *c, int64_t council_id, struct staff *s, int64_t now,
                 struct err *e)
{
    struct store_stmt *st;
    struct err le = {0};
    int rc;
    s->id = 0;
    if ((rc = staff_validate(s, e)) != 0)
        return rc;
    s->council_id = council_id;
    store_time_format(now, s->created_at);
    memcpy(s->updated_at, s->created_at, sizeof s->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO staff (council_id, team_id, manager_id, name, email, "
                            "role, sign_off_limit_pence, password_hash, active, created_at, "
                            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &st, e)) != 0)
        return rc;
    store_bind_i64(st, 1, council_id);
    store_bind_id_or_null(st, 2, s->team_id);
    store_bind_id_or_null(st, 3, s->manager_id);
    store_bind_text(st, 4, s->name);
    store_bind_text(st, 5, s->email);
    store_bind_text(st, 6, staff_role_name(s->role));
    store_bind_i64(st, 7, s->sign_off_limit_pence);
    store_bind_text(st, 8, s->password_hash[0] ? s->password_hash : NULL);
    store_bind_i64(st, 9, s->active ? 1 : 0);
    store_bind_text(st, 10, s->created_at);
    store_bind_text(st, 11, s->updated_at);
    rc = store_step(st, &le);
    if (rc == STORE_ROW) {
        s->id = store_col_i64(st, 0);
        s->version = store_col_i64(st, 1);
        rc = 0;
    }
    store_finish(st);
    if (rc < 0)
        return rec_write_error(rc, &le, "email", DUP_EMAIL, "team_id", FK_MSG, e);
    return 0;
}

static int get_one(struct store_conn *c, const char *sql, int64_t council_id, int64_t id,
                   const char *email, struct staff *out, struct err *e)
{
    struct store_stmt *st;
    int rc = store_prepare(c, sql, &st, e);
    if (rc != 0)
        return rc;
    store_bind_i64(st, 1, council_id);
    if (email)
        store_bind_text(st, 2, email);
    else
        store_bind_i64(st, 2, id);
    rc = store_step(st, e);
    if (rc == STORE_ROW) {
        read_row(st, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = email ? err_set(e, ERR_NOT_FOUND, "There is no member of staff with that email "
                                               "address in this council")
                   : rec_not_found("member of staff", id, e);
    }
    store_finish(st);
    return rc;
}

int staff_get(struct store_conn *c, int64_t council_id, int64_t id, struct staff *out,
              struct err *e)
{
    return get_one(c, "SELECT " STAFF_COLS " FROM staff WHERE council_id = ? AND id = ?",
                   council_id, id, NULL, out, e);
}

int staff_find_email(struct store_conn *c, int64_t council_id, const char *email,
                     struct staff *out, struct err *e)
{
    char lower[255];
    size_t n = strlen(email);
    if (n == 0 || n >= sizeof lower)
        return err_set(e, ERR_NOT_FOUND,
                       "There is no member of staff with that email address in this council");
    for (size_t i = 0; i <= n; i++)
        lower[i] = (char)((email[i] >= 'A' && email[i] <= 'Z') ? email[i] + 32 : email[i]);
    return get_one(c, "SELECT " STAFF_COLS " FROM staff WHERE council_id = ? AND email = ?",
                   council_id, 0, lower, out, e);
}

int staff_update(struct store_conn *c, int64_t council_id, struct staff *s, int64_t now,
                 struct err *e)
{
    struct store_stmt *st;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = staff_validate(s, e);
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE staff SET team_id = ?, manager_id = ?, name = ?, email = ?, "
                            "role = ?, sign_off_limit_pence = ?, active = ?, updated_at = ?, "
                            "version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &st, e)) != 0)
        return rc;
    store_bind_id_or_null(st, 1, s->team_id);
    store_bind_id_or_null(st, 2, s->manager_id);
    store_bind_text(st, 3, s->name);
    store_bind_text(st, 4, s->email);
    store_bind_text(st, 5, staff_role_name(s->role));
    store_bind_i64(st, 6, s->sign_off_limit_pence);
    store_bind_i64(st, 7, s->active ? 1 : 0);
    store_bind_text(st, 8, stamp);
    store_bind_i64(st, 9, council_id);
    store_bind_i64(st, 10, s->id);
    store_bind_i64(st, 11, s->version);
    rc = store_step(st, &le);
    if (rc == STORE_ROW) {
        s->version = store_col_i64(st, 0);
        s->council_id = council_id;
        memcpy(s->updated_at, stamp, sizeof stamp);
    }
    store_finish(st);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "staff", "member of staff", council_id, s->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, "email", DUP_EMAIL, "team_id", FK_MSG, e);
    return 0;
}

int staff_set_password_hash(struct store_conn *c, int64_t council_id, struct staff *s, int64_t now,
                            struct err *e)
{
    struct store_stmt *st;
    char stamp[STORE_TIME_SIZE];
    int rc;
    if (s->password_hash[0] && strncmp(s->password_hash, "$argon2id$", 10) != 0)
        return err_set(e, ERR_INVALID, "internal error: a password hash must be argon2id");
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "UPDATE staff SET password_hash = ?, updated_at = ?, "
                               "version = version + 1 "
                               "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &st, e)) != 0)
        return rc;
    store_bind_text(st, 1, s->password_hash[0] ? s->password_hash : NULL);
    store_bind_text(st, 2, stamp);
    store_bind_i64(st, 3, council_id);
    store_bind_i64(st, 4, s->id);
    store_bind_i64(st, 5, s->version);
    rc = store_step(st, e);
    if (rc == STORE_ROW) {
        s->version = store_col_i64(st, 0);
        memcpy(s->updated_at, stamp, sizeof stamp);
    }
    store_finish(st);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "staff", "member of staff", council_id, s->id, e);
    return rc < 0 ? rc : 0;
}

int staff_list(struct store_conn *c, int64_t council_id, int64_t team_id, struct arena *a,
               struct staff **items, size_t *n, struct err *e)
{
    struct store_stmt *st;
    size_t cap = 16, count = 0;
    struct staff *v = arena_array(a, cap, sizeof *v);
    int rc;
    *items = NULL;
    *n = 0;
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    rc = team_id > 0 ? store_prepare(c, "SELECT " STAFF_COLS " FROM staff WHERE council_id = ? "
                                        "AND team_id = ? ORDER BY name, id",
                                     &st, e)
                     : store_prepare(c, "SELECT " STAFF_COLS " FROM staff WHERE council_id = ? "
                                        "ORDER BY name, id",
                                     &st, e);
    if (rc != 0)
        return rc;
    store_bind_i64(st, 1, council_id);
    if (team_id > 0)
        store_bind_i64(st, 2, team_id);
    while ((rc = store_step(st, e)) == STORE_ROW) {
        if (count == cap) {
            struct staff *nv = arena_array(a, cap * 2, sizeof *nv);
            if (!nv) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            memcpy(nv, v, count * sizeof *v);
            v = nv;
            cap *= 2;
        }
        read_row(st, &v[count++]);
    }
    store_finish(st);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}
