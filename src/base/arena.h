/*
 * arena.h — a region allocator. Everything one request, one command or one calculation allocates
 * comes from one arena and is freed at once with arena_release, so handlers never free piecemeal
 * and cannot leak. Allocation failure returns NULL (callers return ERR_NOMEM); an optional cap
 * bounds what outside input can make us allocate.
 */
#ifndef SELFDIRECT_BASE_ARENA_H
#define SELFDIRECT_BASE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t used_total;  /* bytes handed out so far */
    size_t cap;         /* 0 = no cap; otherwise allocations past this fail */
};

void arena_init(struct arena *a, size_t cap);
void *arena_alloc(struct arena *a, size_t n);          /* 16-byte aligned, uninitialised */
void *arena_zalloc(struct arena *a, size_t n);         /* zeroed */
void *arena_array(struct arena *a, size_t count, size_t size); /* zeroed; checks count*size */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_release(struct arena *a); /* frees everything; the arena can be used again */

#endif
