/* auth.c — sign-in, sign-out, password change (see auth.h). */
#include "web/auth.h"

#include <string.h>

#include "store/audit.h"
#include "store/store.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/password.h"
#include "web/ratelimit.h"
#include "web/request.h"
#include "web/session.h"

static void fill_audit(struct request *req, struct audit_new *n, const char *action,
                       const char *subject_type, int64_t subject_id, const char *detail)
{
    memset(n, 0, sizeof *n);
    n->at = req->now;
    n->council_id = req->who->council_id;
    n->actor = principal_actor(req);
    n->actor_role = role_name(req->who->role);
    n->action = action;
    n->subject_type = subject_type;
    n->subject_id = subject_id;
    n->remote_addr = req->remote_addr;
    n->detail = detail ? detail : "";
}

int auth_audit(struct request *req, const char *action, const char *subject_type,
               int64_t subject_id, const char *detail, struct err *e)
{
    struct store_conn *c = NULL;
    struct audit_new n;
    int rc;
    fill_audit(req, &n, action, subject_type, subject_id, detail);
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = audit_append_batch(c, &n, 1, e);
    store_release(c);
    return rc;
}

enum auth_result auth_sign_in(struct request *req, const char *username, const char *password,
                              int *retry_after, struct err *e)
{
    struct web_app *app = req->app;
    char name[256];
    struct web_login cands[4];
    size_t n = 0;
    int failures = 0;
    int64_t locked_until = 0;
    struct store_conn *c = NULL;
    const struct web_login *match = NULL;
    struct audit_new an;
    struct principal who = principal_anonymous;

    *retry_after = 0;
    if (app->login_limit &&
        !ratelimit_take(app->login_limit, req->remote_addr, req->now * 1000, retry_after))
        return AUTH_RATE;
    web_fold_username(username, name, sizeof name);
    if (!name[0] || !password || !*password)
        return AUTH_WRONG;
    if (store_acquire(app->store, &c, e) != 0)
        return AUTH_FAILED;
    if (web_throttle_get(c, name, &failures, &locked_until, e) != 0)
        goto failed;
    if (locked_until > req->now) {
        *retry_after = (int)(locked_until - req->now);
        store_release(c);
        return AUTH_LOCKED;
    }
    if (web_login_candidates(c, name, cands, 4, &n, e) != 0)
        goto failed;
    /* The connection goes back while we hash: hashing is slow and must not hold the pool. */
    store_release(c);
    c = NULL;
    if (n == 0)
        password_verify_dummy(password);
    for (size_t i = 0; i < n && !match; i++) {
        int rc;
        if (!cands[i].active || !cands[i].password_hash[0]) {
            password_verify_dummy(password);
            continue;
        }
        rc = password_verify(cands[i].password_hash, password, e);
        if (rc == ERR_IO)
            return AUTH_BUSY;
        if (rc == 0)
            match = &cands[i];
    }
    if (store_acquire(app->store, &c, e) != 0)
        return AUTH_FAILED;
    if (!match) {
        if (web_throttle_fail(c, name, app->cfg.login_max_failures, app->cfg.lockout_seconds,
                              req->now, e) != 0)
            goto failed;
        store_release(c);
        return AUTH_WRONG;
    }
    if (web_throttle_clear(c, name, e) != 0)
        goto failed;
    if (password_needs_rehash(match->password_hash)) {
        char fresh[PASSWORD_HASH_MAX];
        if (password_hash(password, fresh, e) == 0)
            (void)web_login_set_password(c, match->kind, match->council_id, match->id, fresh,
                                         req->now, e);
        err_clear(e);
    }
    store_release(c);
    c = NULL;
    if (session_begin(app, req, match, e) != 0)
        return AUTH_FAILED;

    /* The audit entry names the person who signed in. */
    who.role = match->role;
    who.login_kind = (int)match->kind;
    who.login_id = match->id;
    who.council_id = match->council_id;
    req->who = &who;
    fill_audit(req, &an, "session.sign-in", match->kind == LOGIN_STAFF ? "staff" : "account",
               match->id, "");
    req->who = &principal_anonymous;
    if (store_acquire(app->store, &c, e) != 0)
        return AUTH_FAILED;
    if (audit_append_batch(c, &an, 1, e) != 0)
        goto failed;
    store_release(c);
    return AUTH_OK;
failed:
    store_release(c);
    return AUTH_FAILED;
}

int auth_sign_out(struct request *req, struct err *e)
{
    int rc = auth_audit(req, "session.sign-out",
                        req->who->login_kind == LOGIN_STAFF ? "staff" : "account",
                        req->who->login_id, "", e);
    if (rc != 0)
        return rc;
    return session_end(req->app, req, e);
}

int auth_change_password(struct request *req, const char *current, const char *next,
                         struct err *e)
{
    struct store_conn *c = NULL;
    struct web_login me;
    char fresh[PASSWORD_HASH_MAX];
    struct audit_new an;
    int rc;

    if (!current || !*current)
        return err_set_field(e, ERR_INVALID, "current_password", "Enter your current password.");
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    rc = web_login_get(c, (enum login_kind)req->who->login_kind, req->who->council_id,
                       req->who->login_id, &me, e);
    store_release(c);
    c = NULL;
    if (rc != 0)
        return rc;
    rc = me.password_hash[0] ? password_verify(me.password_hash, current, e) : ERR_FORBIDDEN;
    if (rc == ERR_FORBIDDEN)
        return err_set_field(e, ERR_INVALID, "current_password",
                             "Your current password is not right. Enter it again.");
    if (rc != 0)
        return rc;
    if (password_check_rules(next, NULL) != 0) {
        struct err r = {0};
        (void)password_check_rules(next, &r);
        return err_set_field(e, ERR_INVALID, "new_password", "%s", r.msg);
    }
    if (strcmp(current, next) == 0)
        return err_set_field(e, ERR_INVALID, "new_password",
                             "Enter a new password that is different from your current one.");
    if ((rc = password_hash(next, fresh, e)) != 0)
        return rc;

    fill_audit(req, &an, "account.password-change",
               req->who->login_kind == LOGIN_STAFF ? "staff" : "account", req->who->login_id, "");
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    if ((rc = store_begin(c, e)) == 0 &&
        (rc = web_login_set_password(c, me.kind, me.council_id, me.id, fresh, req->now, e)) == 0 &&
        (rc = web_session_delete_others(c, me.kind, me.id, req->who->session_hash, e)) == 0 &&
        (rc = audit_append(c, &an, e)) == 0)
        rc = store_commit(c, e);
    if (rc != 0)
        store_rollback(c);
    store_release(c);
    if (rc == 0)
        session_cache_forget_login((int)me.kind, me.id);
    return rc;
}
