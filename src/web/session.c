/* session.c — session tokens and the cookie (see session.h). */
#include "web/session.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "domain/sha256.h"
#include "store/store.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/request.h"

int session_token_new(char out[SESSION_TOKEN_CHARS + 1])
{
    unsigned char raw[SESSION_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SESSION_TOKEN_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return 0;
}

bool session_token_wellformed(const char *s)
{
    size_t n = 0;
    if (!s)
        return false;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return n == SESSION_TOKEN_CHARS;
}

void session_token_hash(const char *token, char out[SESSION_HASH_HEX + 1])
{
    /* Every signed-in request hashes its token: the fast SHA-256 (domain/sha256.h). */
    _Static_assert(SESSION_HASH_HEX == SHA256_HEX, "a session hash is a hex SHA-256");
    sha256_hex(token, strlen(token), out);
}

enum session_state session_state_at(int64_t created, int64_t last_seen, int64_t now,
                                    int idle_seconds, int absolute_seconds)
{
    if (now - created >= absolute_seconds)
        return SESSION_ABSOLUTE_EXPIRED;
    if (now - last_seen >= idle_seconds)
        return SESSION_IDLE_EXPIRED;
    return SESSION_LIVE;
}

/* A small cache of live sessions, so that reading a page does not cost two store reads before it
 * starts. An entry is trusted for SESSION_CACHE_SECONDS; sign-out and password changes in this
 * process remove entries at once, and a change made by another process (a second server, an
 * administrator's tool) takes effect within those seconds. */
#define SESSION_CACHE_SLOTS 1024
#define SESSION_CACHE_SECONDS 5

struct cached_session {
    bool used;
    char hash[SESSION_HASH_HEX + 1];
    int64_t cached_at;
    struct web_session_row row;
};

static struct cached_session cache[SESSION_CACHE_SLOTS];
static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;

static struct cached_session *slot_of(const char *hash)
{
    uint32_t h = 2166136261u;
    for (const char *p = hash; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return &cache[h % SESSION_CACHE_SLOTS];
}

static bool cache_get(const char *hash, int64_t now, struct web_session_row *out)
{
    struct cached_session *c = slot_of(hash);
    bool hit;
    pthread_mutex_lock(&cache_mu);
    hit = c->used && strcmp(c->hash, hash) == 0 && now - c->cached_at < SESSION_CACHE_SECONDS &&
          now >= c->cached_at;
    if (hit)
        *out = c->row;
    pthread_mutex_unlock(&cache_mu);
    return hit;
}

static void cache_put(const char *hash, int64_t now, const struct web_session_row *row)
{
    struct cached_session *c = slot_of(hash);
    pthread_mutex_lock(&cache_mu);
    c->used = true;
    memcpy(c->hash, hash, sizeof c->hash);
    c->cached_at = now;
    c->row = *row;
    sodium_memzero(c->row.login.password_hash, sizeof c->row.login.password_hash);
    pthread_mutex_unlock(&cache_mu);
}

static void cache_touch(const char *hash, int64_t now)
{
    struct cached_session *c = slot_of(hash);
    pthread_mutex_lock(&cache_mu);
    if (c->used && strcmp(c->hash, hash) == 0)
        c->row.last_seen = now;
    pthread_mutex_unlock(&cache_mu);
}

void session_cache_forget(const char *hash)
{
    struct cached_session *c = slot_of(hash);
    pthread_mutex_lock(&cache_mu);
    if (c->used && strcmp(c->hash, hash) == 0)
        c->used = false;
    pthread_mutex_unlock(&cache_mu);
}

void session_cache_forget_login(int kind, int64_t id)
{
    pthread_mutex_lock(&cache_mu);
    for (size_t i = 0; i < SESSION_CACHE_SLOTS; i++)
        if (cache[i].used && (int)cache[i].row.login.kind == kind && cache[i].row.login.id == id)
            cache[i].used = false;
    pthread_mutex_unlock(&cache_mu);
}

static void set_cookie(struct request *req, const char *token)
{
    const char *v =
        token ? arena_printf(&req->arena, SESSION_COOKIE "=%s; Path=/; Secure; HttpOnly; SameSite=Lax",
                             token)
              : SESSION_COOKIE "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
    if (v)
        (void)response_header(req, "Set-Cookie", v);
}

void session_resolve(struct web_app *app, struct request *req)
{
    const char *token = request_cookie(req, SESSION_COOKIE);
    char hash[SESSION_HASH_HEX + 1];
    struct store_conn *c = NULL;
    struct web_session_row row;
    struct principal *p;
    struct err e = {0};
    int rc;

    req->who = &principal_anonymous;
    if (!token || !app || !app->store)
        return;
    if (!session_token_wellformed(token)) {
        set_cookie(req, NULL);
        return;
    }
    session_token_hash(token, hash);
    if (cache_get(hash, req->now, &row)) {
        rc = 0;
    } else {
        if (store_acquire(app->store, &c, &e) != 0)
            return;
        rc = web_session_load(c, hash, &row, &e);
        if (rc == 0)
            cache_put(hash, req->now, &row);
    }
    if (rc == 0) {
        enum session_state st = session_state_at(row.created, row.last_seen, req->now,
                                                 app->cfg.session_idle_seconds,
                                                 app->cfg.session_absolute_seconds);
        if (st != SESSION_LIVE || !row.login.active) {
            session_cache_forget(hash);
            if (c || store_acquire(app->store, &c, &e) == 0)
                (void)web_session_delete(c, hash, &e);
            set_cookie(req, NULL);
            req->session_expired = true;
        } else {
            if (req->now - row.last_seen >= SESSION_TOUCH_SECONDS &&
                (c || store_acquire(app->store, &c, &e) == 0)) {
                (void)web_session_touch(c, hash, req->now, &e);
                cache_touch(hash, req->now);
            }
            p = arena_zalloc(&req->arena, sizeof *p);
            if (p) {
                const struct web_login *l = &row.login;
                p->role = l->role;
                p->login_kind = (int)l->kind;
                p->login_id = l->id;
                p->council_id = l->council_id;
                p->staff_id = l->kind == LOGIN_STAFF ? l->id : 0;
                p->account_id = l->kind == LOGIN_ACCOUNT ? l->id : 0;
                p->person_id = l->person_id;
                p->team_id = l->team_id;
                p->username = arena_strdup(&req->arena, l->username);
                p->display_name = arena_strdup(&req->arena, l->display_name);
                p->council_name = arena_strdup(&req->arena, l->council_name);
                p->session_hash = arena_strdup(&req->arena, hash);
                p->csrf_token = arena_strdup(&req->arena, row.csrf_token);
                p->session_created = row.created;
                if (p->username && p->display_name && p->council_name && p->session_hash &&
                    p->csrf_token)
                    req->who = p;
            }
        }
    } else if (rc == ERR_NOT_FOUND) {
        set_cookie(req, NULL);
        req->session_expired = true;
    }
    store_release(c);
}

int session_begin(struct web_app *app, struct request *req, const struct web_login *who,
                  struct err *e)
{
    char token[SESSION_TOKEN_CHARS + 1], hash[SESSION_HASH_HEX + 1];
    char csrf[SESSION_TOKEN_CHARS + 1];
    const char *old = request_cookie(req, SESSION_COOKIE);
    struct store_conn *c = NULL;
    int rc;

    if ((rc = store_acquire(app->store, &c, e)) != 0)
        return rc;
    if (old && session_token_wellformed(old)) {
        char oldhash[SESSION_HASH_HEX + 1];
        session_token_hash(old, oldhash);
        (void)web_session_delete(c, oldhash, e);
        err_clear(e);
    }
    session_token_new(token);
    session_token_new(csrf);
    session_token_hash(token, hash);
    rc = web_session_create(c, hash, who, csrf, req->remote_addr, req->now, e);
    store_release(c);
    if (rc == 0)
        set_cookie(req, token);
    sodium_memzero(token, sizeof token);
    return rc;
}

int session_end(struct web_app *app, struct request *req, struct err *e)
{
    struct store_conn *c = NULL;
    int rc = 0;
    set_cookie(req, NULL);
    if (!req->who->session_hash)
        return 0;
    session_cache_forget(req->who->session_hash);
    if ((rc = store_acquire(app->store, &c, e)) != 0)
        return rc;
    rc = web_session_delete(c, req->who->session_hash, e);
    store_release(c);
    return rc;
}

const char *principal_actor(struct request *req)
{
    const struct principal *p = req->who ? req->who : &principal_anonymous;
    if (p->login_kind == LOGIN_STAFF)
        return arena_printf(&req->arena, "staff:%lld", (long long)p->login_id);
    if (p->login_kind == LOGIN_ACCOUNT)
        return arena_printf(&req->arena, "account:%lld", (long long)p->login_id);
    return "anonymous";
}
