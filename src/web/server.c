/* server.c — the libmicrohttpd adapter (see server.h). The only file that includes microhttpd.h. */
#include "web/server.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "base/str.h"
#include "web/app.h"
#include "web/request.h"
#include "web/router.h"

struct server {
    struct MHD_Daemon *d;
    struct web_app *app;
    int port;
};

/* What we keep per request between libmicrohttpd's calls. */
struct conn_state {
    struct request req;
    int match_status;
    char allow[ROUTER_ALLOW_SIZE];
    bool too_large;
    bool answered;
    size_t discarded;
    struct timespec started;
};

int server_parse_listen(const char *s, char *host, size_t hostsz, int *port, struct err *e)
{
    const char *colon;
    int64_t p;
    size_t hn;
    if (!s || !*s)
        return err_set(e, ERR_INVALID, "--listen needs HOST:PORT, like 127.0.0.1:8080.");
    if (s[0] == '[') {
        const char *close = strchr(s, ']');
        if (!close || close[1] != ':')
            return err_set(e, ERR_INVALID, "--listen '%s': write IPv6 as [::1]:8080.", s);
        hn = (size_t)(close - s - 1);
        if (hn + 1 > hostsz)
            return err_set(e, ERR_INVALID, "--listen '%s': the host is too long.", s);
        memcpy(host, s + 1, hn);
        host[hn] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return err_set(e, ERR_INVALID, "--listen '%s' has no port: write HOST:PORT.", s);
        hn = (size_t)(colon - s);
        if (hn + 1 > hostsz)
            return err_set(e, ERR_INVALID, "--listen '%s': the host is too long.", s);
        memcpy(host, s, hn);
        host[hn] = '\0';
    }
    if (str_to_i64(colon + 1, strlen(colon + 1), 0, 65535, &p) != 0)
        return err_set(e, ERR_INVALID, "--listen '%s': the port must be a number 0-65535.", s);
    *port = (int)p;
    return 0;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    struct request *req = cls;
    (void)kind;
    return request_add_header(req, key, value) == 0 ? MHD_YES : MHD_NO;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    struct request *req = cls;
    (void)kind;
    return request_add_query(req, key, value ? value : "") == 0 ? MHD_YES : MHD_NO;
}

static void remote_address(struct MHD_Connection *conn, struct request *req)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(req->remote_addr, sizeof req->remote_addr, "unknown");
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)ci->client_addr;
        inet_ntop(AF_INET, &in->sin_addr, req->remote_addr, sizeof req->remote_addr);
    } else if (ci->client_addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 =
            (const struct sockaddr_in6 *)(const void *)ci->client_addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, req->remote_addr, sizeof req->remote_addr);
    }
}

/* nginx in front passes the client's address; trust it only from loopback (where nginx is). */
static void forwarded_for(struct request *req)
{
    const char *xff = request_header(req, "X-Real-IP");
    if (!xff)
        return;
    if (strcmp(req->remote_addr, "127.0.0.1") != 0 && strcmp(req->remote_addr, "::1") != 0)
        return;
    if (strlen(xff) < sizeof req->remote_addr && strspn(xff, "0123456789abcdefABCDEF.:") ==
                                                     strlen(xff))
        snprintf(req->remote_addr, sizeof req->remote_addr, "%s", xff);
}

static enum MHD_Result send_response(struct server *srv, struct MHD_Connection *conn, struct conn_state *cs)
{
    struct request *req = &cs->req;
    struct response *res = &req->res;
    struct MHD_Response *r;
    const struct http_pair *fixed;
    size_t nfixed;
    enum MHD_Result ok;

    router_finish(srv->app, req);
    if (res->static_body)
        r = MHD_create_response_from_buffer(res->static_len, (void *)(uintptr_t)res->static_body,
                                            MHD_RESPMEM_PERSISTENT);
    else
        r = MHD_create_response_from_buffer(res->body.len, res->body.data,
                                            MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    fixed = web_fixed_headers(&nfixed);
    for (size_t i = 0; i < nfixed; i++)
        MHD_add_response_header(r, fixed[i].name, fixed[i].value);
    MHD_add_response_header(r, "Cache-Control", web_cache_control(res->cache));
    if (res->etag)
        MHD_add_response_header(r, "ETag", res->etag);
    if (res->content_type)
        MHD_add_response_header(r, "Content-Type", res->content_type);
    for (size_t i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
    if (cs->too_large)
        MHD_add_response_header(r, "Connection", "close");
    ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    cs->answered = true;
    return ok;
}

static void refuse_too_large(struct conn_state *cs)
{
    char detail[160];
    cs->too_large = true;
    snprintf(detail, sizeof detail,
             "The body is larger than this address accepts (%zu bytes at most).",
             cs->req.route ? cs->req.route->body_limit : (size_t)0);
    router_refuse(&cs->req, 413, "The request is too large", detail);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct server *srv = cls;
    struct conn_state *cs = *con_cls;
    (void)version;

    if (!cs) {
        const char *cl;
        struct request *req;
        cs = calloc(1, sizeof *cs);
        if (!cs)
            return MHD_NO;
        *con_cls = cs;
        clock_gettime(CLOCK_MONOTONIC, &cs->started);
        req = &cs->req;
        request_init(req, 0);
        req->now = (int64_t)time(NULL);
        req->method = http_method_parse(method);
        req->method_name = arena_strdup(&req->arena, method);
        remote_address(conn, req);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_header, req);
        MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, req);
        forwarded_for(req);
        /* libmicrohttpd has already percent-decoded the path. */
        req->path = arena_strdup(&req->arena, url && url[0] == '/' ? url : "/");
        req->raw_path = req->path;
        req->app = srv->app;
        req->route = router_match(srv->app->routes, srv->app->nroutes, req->method, req->path,
                                  req, &cs->match_status, cs->allow);
        /* The body's cap is the route's limit: refuse a declared length over it before reading. */
        buf_release(&req->body);
        buf_init(&req->body, req->route ? req->route->body_limit : 0);
        cl = request_header(req, "Content-Length");
        if (cl && req->route) {
            int64_t n;
            if (str_to_i64(cl, strlen(cl), 0, INT64_MAX, &n) != 0 ||
                (uint64_t)n > (uint64_t)req->route->body_limit) {
                /* Answered now, before any of the body is read; the connection then closes. */
                refuse_too_large(cs);
                return send_response(srv, conn, cs);
            }
        }
        return MHD_YES;
    }

    if (*upload_size) {
        if (!cs->req.route) { /* 404 or 405 whatever the body: it is not read */
            *upload_size = 0;
            return MHD_YES;
        }
        if (!cs->too_large && buf_add(&cs->req.body, upload_data, *upload_size) != 0)
            refuse_too_large(cs);
        if (cs->too_large) {
            /* A body without a declared length (chunked) went past the limit: what is left is
             * read and dropped so the client can be told 413, up to 1 MiB; past that the
             * connection is simply closed. Nothing of it is kept. */
            cs->discarded += *upload_size;
            if (cs->discarded > ((size_t)1 << 20))
                return MHD_NO;
        }
        *upload_size = 0;
        return MHD_YES;
    }

    if (cs->answered)
        return MHD_YES;
    if (!cs->too_large)
        router_dispatch(srv->app, &cs->req, cs->match_status, cs->allow);
    return send_response(srv, conn, cs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct server *srv = cls;
    struct conn_state *cs = *con_cls;
    (void)conn;
    (void)toe;
    if (!cs)
        return;
    if (!srv->app->quiet) {
        struct timespec end;
        long us;
        clock_gettime(CLOCK_MONOTONIC, &end);
        us = (end.tv_sec - cs->started.tv_sec) * 1000000L +
             (end.tv_nsec - cs->started.tv_nsec) / 1000L;
        /* No query string: searches contain names and dates of birth. */
        fprintf(stdout, "%s %s %s %d %ldus %s\n", cs->req.remote_addr,
                cs->req.method_name ? cs->req.method_name : "?", cs->req.path, cs->req.res.status,
                us, cs->req.who ? principal_actor(&cs->req) : "anonymous");
        fflush(stdout);
    }
    request_release(&cs->req);
    free(cs);
    *con_cls = NULL;
}

int server_start(struct web_app *app, const struct server_options *o, struct server **out,
                 struct err *e)
{
    char host[64];
    int port, rc;
    struct sockaddr_storage ss;
    struct server *srv;
    const union MHD_DaemonInfo *info;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;

    if ((rc = server_parse_listen(o->listen, host, sizeof host, &port, e)) != 0)
        return rc;
    memset(&ss, 0, sizeof ss);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    if (strchr(host, ':')) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
            return err_set(e, ERR_INVALID, "--listen: '%s' is not an IPv6 address.", host);
        flags |= MHD_USE_IPv6;
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host, &in->sin_addr) != 1)
            return err_set(e, ERR_INVALID,
                           "--listen: '%s' is not an IPv4 address (use 127.0.0.1, or a name "
                           "nginx can reach).",
                           host);
    }
    srv = calloc(1, sizeof *srv);
    if (!srv)
        return err_set(e, ERR_NOMEM, "Out of memory starting the server.");
    srv->app = app;
    srv->d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(o->threads > 0 ? o->threads : 2), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(o->timeout_seconds > 0 ? o->timeout_seconds : 30),
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(o->max_connections > 0 ? o->max_connections : 1000),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16 * 1024, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->d) {
        free(srv);
        return err_set(e, ERR_IO,
                       "Could not listen on %s: the address may be in use, or not this "
                       "machine's.",
                       o->listen);
    }
    info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : port;
    *out = srv;
    return 0;
}

int server_port(const struct server *s)
{
    return s->port;
}

void server_stop(struct server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->d);
    free(s);
}
