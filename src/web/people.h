/*
 * people.h — what the people pages and the people API share: reading the search parameters
 * (strictly: a duplicated or malformed parameter is refused, naming it) and loading a page of
 * results, one person, or one person's history, for the signed-in principal.
 */
#ifndef SELFDIRECT_WEB_PEOPLE_H
#define SELFDIRECT_WEB_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "domain/audit_chain.h"
#include "store/web_store.h"

struct request;

struct people_params {
    const char *q;   /* as typed ("" when none) */
    const char *dob; /* as typed ("" when none) */
    bool mine;       /* only people allocated to me (or my team, for managers) */
    int64_t page;    /* 1-based */
};

struct people_page {
    struct web_person *items;
    size_t n;
    int64_t total;
    int64_t page, pages;
    int page_size;
};

/* Reads q, dob, mine and page from the query string. Errors name the parameter. */
int people_params_read(struct request *req, struct people_params *p, struct err *e);
int people_search(struct request *req, const struct people_params *p, struct people_page *out,
                  struct err *e);
int people_get(struct request *req, int64_t id, struct web_person *out,
               struct web_contact **contacts, size_t *ncontacts, struct err *e);
/* A person's history, newest first, page_size entries from page. actor_names[i] is a display
 * name for items[i]'s actor. */
struct people_history {
    struct audit_entry *items;
    const char **actor_names;
    size_t n;
    int64_t total, page, pages;
};
int people_history(struct request *req, int64_t id, int64_t page, struct people_history *out,
                   struct err *e);
/* The {id} of the route (the router has already checked it). */
int64_t people_route_id(struct request *req);
/* "Older people" for "older_people". */
const char *people_client_group_label(const char *code);
/* "Lasting power of attorney (health and welfare)" for authority + scope; "" for none. */
const char *people_authority_label(struct request *req, const char *authority, const char *scope);
/* Grants emergency access for 4 hours (reason: at least 10 characters), audited with it. */
int people_break_glass(struct request *req, int64_t id, const char *reason, int64_t *expires,
                       struct err *e);

/* The people a citizen-side account is linked to (the my-support page and API). */
int my_support_load(struct request *req, struct web_link **links, size_t *n, struct err *e);
/* Sends a JSON document (takes the reference). */
struct json_t;
void json_send(struct request *req, int status, struct json_t *doc);

#define BREAK_GLASS_SECONDS (4 * 60 * 60)

#endif
