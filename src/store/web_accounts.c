/* web_accounts.c — who can sign in: staff logins, citizen-side accounts, the sign-in throttle
 * (see web_store.h). */
#include <ctype.h>
#include <string.h>

#include "base/err.h"
#include "store/store.h"
#include "store/web_store.h"

int web_staff_role(const char *r, enum role *out)
{
    static const struct {
        const char *staff;
        enum role role;
    } map[] = {
        {"social_worker", USER_SOCIAL_WORKER},     {"duty", USER_SOCIAL_WORKER},
        {"team_manager", USER_TEAM_MANAGER},       {"finance_officer", USER_FINANCE_OFFICER},
        {"finance_approver", USER_FINANCE_OFFICER}, {"commissioner", USER_COMMISSIONER},
        {"council_admin", USER_COUNCIL_ADMIN},     {"auditor", USER_AUDITOR},
    };
    for (size_t i = 0; r && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(r, map[i].staff) == 0) {
            *out = map[i].role;
            return 0;
        }
    return ERR_INVALID;
}

void web_fold_username(const char *in, char *out, size_t outsz)
{
    size_t j = 0;
    const char *end;
    if (!outsz)
        return;
    while (in && isspace((unsigned char)*in))
        in++;
    end = in ? in + strlen(in) : NULL;
    while (end && end > in && isspace((unsigned char)end[-1]))
        end--;
    for (const char *p = in; p && p < end && j + 1 < outsz; p++)
        out[j++] = (char)tolower((unsigned char)*p);
    out[j] = '\0';
}

#define STAFF_COLS                                                                         \
    "SELECT s.id, s.council_id, s.role, 0, s.team_id, s.email, s.name, c.name, "          \
    "s.password_hash, s.active FROM staff s JOIN councils c ON c.id = s.council_id "
#define ACCOUNT_COLS                                                                       \
    "SELECT a.id, a.council_id, a.role, a.person_id, 0, a.username, a.display_name, c.name, " \
    "a.password_hash, a.active FROM web_accounts a JOIN councils c ON c.id = a.council_id "

static int read_login(struct store_stmt *s, enum login_kind kind, struct web_login *l,
                      struct err *e)
{
    const char *role = store_col_text(s, 2);
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->id = store_col_i64(s, 0);
    l->council_id = store_col_i64(s, 1);
    if (kind == LOGIN_STAFF) {
        if (web_staff_role(role, &l->role) != 0)
            return err_set(e, ERR_INVALID, "Staff member %lld has an unknown role '%s'.",
                           (long long)l->id, role ? role : "");
    } else if (role_parse(role, &l->role) != 0 || role_is_staff(l->role)) {
        return err_set(e, ERR_INVALID, "Account %lld has an unknown role '%s'.",
                       (long long)l->id, role ? role : "");
    }
    l->person_id = store_col_i64(s, 3);
    l->team_id = store_col_i64(s, 4);
    (void)store_col_copy(s, 5, l->username, sizeof l->username);
    (void)store_col_copy(s, 6, l->display_name, sizeof l->display_name);
    (void)store_col_copy(s, 7, l->council_name, sizeof l->council_name);
    (void)store_col_copy(s, 8, l->password_hash, sizeof l->password_hash);
    l->active = store_col_i64(s, 9) != 0;
    return 0;
}

static int collect(struct store_conn *c, const char *sql, enum login_kind kind,
                   const char *username, struct web_login *out, size_t max, size_t *n,
                   struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    store_bind_text(s, 1, username);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if (*n < max && read_login(s, kind, &out[*n], e) == 0)
            (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_login_candidates(struct store_conn *c, const char *username, struct web_login *out,
                         size_t max, size_t *n, struct err *e)
{
    int rc;
    *n = 0;
    rc = collect(c, STAFF_COLS "WHERE s.email = ? ORDER BY s.id LIMIT 8", LOGIN_STAFF, username,
                 out, max, n, e);
    if (rc == 0)
        rc = collect(c, ACCOUNT_COLS "WHERE a.username = ? ORDER BY a.id LIMIT 8", LOGIN_ACCOUNT,
                     username, out, max, n, e);
    return rc;
}

int web_login_get(struct store_conn *c, enum login_kind kind, int64_t council_id, int64_t id,
                  struct web_login *out, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c,
                           kind == LOGIN_STAFF
                               ? STAFF_COLS "WHERE s.council_id = ? AND s.id = ?"
                               : ACCOUNT_COLS "WHERE a.council_id = ? AND a.id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = read_login(s, kind, out, e);
    else if (rc == STORE_DONE)
        rc = err_set(e, ERR_NOT_FOUND, "There is no such account.");
    store_finish(s);
    return rc;
}

static int exec_bound(struct store_conn *c, const char *sql, struct err *e,
                      void (*bind)(struct store_stmt *, const void *), const void *ctx)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    bind(s, ctx);
    rc = store_step(s, e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

struct pw_ctx {
    int64_t council_id, id;
    const char *hash;
    char at[STORE_TIME_SIZE];
};

static void bind_pw(struct store_stmt *s, const void *p)
{
    const struct pw_ctx *x = p;
    store_bind_text(s, 1, x->hash);
    store_bind_text(s, 2, x->at);
    store_bind_i64(s, 3, x->council_id);
    store_bind_i64(s, 4, x->id);
}

int web_login_set_password(struct store_conn *c, enum login_kind kind, int64_t council_id,
                           int64_t id, const char *hash, int64_t now, struct err *e)
{
    struct pw_ctx x = {council_id, id, hash, {0}};
    store_time_format(now, x.at);
    return exec_bound(c,
                      kind == LOGIN_STAFF
                          ? "UPDATE staff SET password_hash = ?, updated_at = ?, version = version "
                            "+ 1 WHERE council_id = ? AND id = ?"
                          : "UPDATE web_accounts SET password_hash = ?, updated_at = ?, version = "
                            "version + 1 WHERE council_id = ? AND id = ?",
                      e, bind_pw, &x);
}

int web_throttle_get(struct store_conn *c, const char *username, int *failures,
                     int64_t *locked_until, struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(
        c, "SELECT failures, locked_until FROM web_login_throttle WHERE username = ?", &s, e);
    *failures = 0;
    *locked_until = 0;
    if (rc != 0)
        return rc;
    store_bind_text(s, 1, username);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *failures = (int)store_col_i64(s, 0);
        *locked_until = store_col_i64(s, 1);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int web_throttle_fail(struct store_conn *c, const char *username, int max_failures,
                      int64_t lock_seconds, int64_t now, struct err *e)
{
    struct store_stmt *s = NULL;
    char at[STORE_TIME_SIZE];
    int failures = 0, rc;
    int64_t locked = 0;
    store_time_format(now, at);
    if ((rc = store_begin(c, e)) != 0)
        return rc;
    if ((rc = web_throttle_get(c, username, &failures, &locked, e)) != 0)
        goto fail;
    failures++;
    locked = 0;
    if (failures >= max_failures) {
        locked = now + lock_seconds;
        failures = 0; /* after the lock, a fresh run of attempts */
    }
    rc = store_prepare(c,
                       "INSERT INTO web_login_throttle (username, failures, locked_until, "
                       "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET "
                       "failures = excluded.failures, locked_until = excluded.locked_until, "
                       "updated_at = excluded.updated_at",
                       &s, e);
    if (rc != 0)
        goto fail;
    store_bind_text(s, 1, username);
    store_bind_i64(s, 2, failures);
    store_bind_i64(s, 3, locked);
    store_bind_text(s, 4, at);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        goto fail;
    return store_commit(c, e);
fail:
    store_rollback(c);
    return rc;
}

static void bind_name(struct store_stmt *s, const void *p)
{
    store_bind_text(s, 1, p);
}

int web_throttle_clear(struct store_conn *c, const char *username, struct err *e)
{
    return exec_bound(c, "DELETE FROM web_login_throttle WHERE username = ?", e, bind_name,
                      username);
}

int web_account_create(struct store_conn *c, const struct web_account_new *a, int64_t now,
                       int64_t *id, struct err *e)
{
    struct store_stmt *s = NULL;
    char at[STORE_TIME_SIZE];
    int rc;
    if (role_is_staff(a->role) || a->role == USER_NONE)
        return err_set_field(e, ERR_INVALID, "role",
                             "Citizen accounts are for budget holders, representatives, personal "
                             "assistants, support organisation workers and advocates.");
    store_time_format(now, at);
    rc = store_prepare(c,
                       "INSERT INTO web_accounts (council_id, username, display_name, role, "
                       "person_id, contact_id, organisation, password_hash, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                       &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, a->council_id);
    store_bind_text(s, 2, a->username);
    store_bind_text(s, 3, a->display_name);
    store_bind_text(s, 4, role_name(a->role));
    store_bind_id_or_null(s, 5, a->person_id);
    store_bind_id_or_null(s, 6, a->contact_id);
    store_bind_text(s, 7, a->organisation ? a->organisation : "");
    store_bind_text(s, 8, a->password_hash);
    store_bind_text(s, 9, at);
    store_bind_text(s, 10, at);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        if (id)
            *id = store_col_i64(s, 0);
        rc = 0;
    } else if (rc == ERR_CONFLICT) {
        err_clear(e);
        rc = err_set_field(e, ERR_CONFLICT, "username",
                           "There is already an account with the username %s.", a->username);
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_IO, "The account was not created.");
    }
    store_finish(s);
    return rc;
}
