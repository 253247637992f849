/*
 * server.h — the HTTP server. server.c is the only file in the program that includes
 * microhttpd.h: it turns libmicrohttpd's callbacks into struct request (request.h), hands them to
 * the router, and sends the struct response back with the security headers. Replacing the HTTP
 * library would mean rewriting server.c and nothing else.
 *
 * libmicrohttpd runs with its own threads: a pool (one per core by default), each with epoll.
 * Per-route body limits are enforced while the body arrives (a Content-Length over the limit is
 * refused before a byte of body is read; a chunked body is cut off when it passes the limit).
 * Idle connections time out. Each request's arena is freed when its response has been sent.
 */
#ifndef SELFDIRECT_WEB_SERVER_H
#define SELFDIRECT_WEB_SERVER_H

#include <stdint.h>

#include "base/err.h"

struct web_app;
struct server;

struct server_options {
    const char *listen;     /* "127.0.0.1:8080"; port 0 picks a free one (tests) */
    int threads;            /* 0: 2 */
    int timeout_seconds;    /* idle connection timeout; 0: 30 */
    int max_connections;    /* 0: 1000 */
};

int server_start(struct web_app *app, const struct server_options *o, struct server **out,
                 struct err *e);
/* The port actually listened on. */
int server_port(const struct server *s);
/* Stops accepting, finishes requests in flight, frees s. NULL is ok. */
void server_stop(struct server *s);

/* Parses "HOST:PORT" (IPv4 dotted quad, "localhost" or "[::1]"). */
int server_parse_listen(const char *s, char *host, size_t hostsz, int *port, struct err *e);

#endif
