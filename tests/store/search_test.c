/* Store tests of the person search: name prefixes (folded), date of birth, reference, worker,
 * stable paging with a total. Run on both backends: the order is the same on each. */
#include <stdio.h>
#include <string.h>

#include "../check.h"
#include "base/arena.h"
#include "base/err.h"
#include "base/str.h"
#include "fixtures.h"
#include "store/records.h"
#include "store/store.h"

static const char *const people[][3] = {
    {"John", "Smith", "1940-01-01"},     {"Jane", "Smith", "1941-02-02"},
    {"Joan", "Smithson", "1942-03-03"},  {"Sam", "Smyth", "1943-04-04"},
    {"Mary", "Jones", "1950-05-05"},     {"Zoë", "Smith-Jones", "1960-06-06"},
    {"Siobhán", "O'Brien", "1970-07-07"}, {"Ahmed", "Khan", "1980-08-08"},
    {"Amir", "Khan", "1980-08-08"},      {"Smith", "Taylor", "1955-09-09"},
};
#define NPEOPLE (sizeof people / sizeof people[0])

static int64_t seed(struct store_conn *c, int64_t *worker)
{
    int64_t cid = fx_council(c, "DEMO");
    *worker = fx_staff(c, cid, 0, "sw@demo.example", ROLE_SOCIAL_WORKER);
    for (size_t i = 0; i < NPEOPLE; i++) {
        struct person p;
        struct err e = {0};
        fx_person_init(&p, people[i][0], people[i][1], people[i][2]);
        if (i % 2 == 0)
            p.allocated_worker_id = *worker;
        if (store_begin(c, &e) != 0 || person_create(c, cid, &p, FX_NOW, &e) != 0 ||
            store_commit(c, &e) != 0)
            check_fail(__FILE__, __LINE__, "seed %s: %s", people[i][0], e.msg);
    }
    return cid;
}

/* "given family" of each result, joined by commas */
static void names_of(const struct person_page *pg, char *out, size_t outsz)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < pg->n; i++)
        n += (size_t)snprintf(out + n, n < outsz ? outsz - n : 0, "%s%s %s", i ? ", " : "",
                              pg->items[i].given_name, pg->items[i].family_name);
}

STORE_TEST(search_by_name_prefix_family_or_given)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct person_page pg;
    int64_t worker, cid = seed(c, &worker);
    char names[1024];
    arena_init(&a, 0);
    struct person_query q = {.name = "smi"};
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    names_of(&pg, names, sizeof names);
    /* family names first by key, then given: "Smith Taylor" matches on the given name */
    CHECK_STR(names, "Jane Smith, John Smith, Zoë Smith-Jones, Joan Smithson, Smith Taylor");
    CHECK_INT(pg.total, 5);
    q.name = "  JO   smi ";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    names_of(&pg, names, sizeof names);
    CHECK_STR(names, "John Smith, Joan Smithson"); /* "jo" begins neither of Zoë Smith-Jones's */
    q.name = "zoe";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    CHECK_INT(pg.total, 1);
    q.name = "obri";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    names_of(&pg, names, sizeof names);
    CHECK_STR(names, "Siobhán O'Brien");
    q.name = "O'Bri";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    CHECK_INT(pg.total, 1);
    q.name = "xyz";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    CHECK_INT(pg.total, 0);
    CHECK_INT(pg.n, 0);
    q.name = "%";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    CHECK_INT(pg.total, 0);
    q.name = "a b c d";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), ERR_INVALID);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(search_by_birth_date_reference_and_worker)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    struct person_page pg;
    int64_t worker, cid = seed(c, &worker);
    char names[1024];
    arena_init(&a, 0);
    struct person_query q = {.has_birth_date = true};
    CHECK_INT(date_parse_iso("1980-08-08", 10, &q.date_of_birth, NULL, NULL), 0);
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    names_of(&pg, names, sizeof names);
    CHECK_STR(names, "Ahmed Khan, Amir Khan");
    q.name = "am";
    CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
    names_of(&pg, names, sizeof names);
    CHECK_STR(names, "Amir Khan");
    struct person_query r = {.reference = " demo-000005 "};
    CHECK_INT(person_search(c, cid, &r, &a, &pg, &e), 0);
    names_of(&pg, names, sizeof names);
    CHECK_STR(names, "Mary Jones");
    struct person_query w = {.allocated_worker_id = worker, .limit = 200};
    CHECK_INT(person_search(c, cid, &w, &a, &pg, &e), 0);
    CHECK_INT(pg.total, 5);
    for (size_t i = 0; i < pg.n; i++)
        CHECK_INT(pg.items[i].allocated_worker_id, worker);
    arena_release(&a);
    store_release(c);
}

STORE_TEST(search_pages_are_stable_complete_and_counted)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct arena a;
    int64_t cid = fx_council(c, "DEMO");
    arena_init(&a, 0);
    /* 23 people with the same family name: the order falls to given name, then id */
    for (int i = 0; i < 23; i++) {
        char given[16];
        snprintf(given, sizeof given, "Person%02d", (i * 7) % 23);
        fx_person(c, cid, given, "Same", "1950-01-01", NULL);
    }
    fx_person(c, cid, "Person05", "Same", "1951-01-01", NULL); /* a namesake: id breaks the tie */
    int64_t seen_ids[32];
    int seen = 0;
    char prev_given[64] = "";
    int64_t prev_id = 0;
    for (int64_t off = 0; off < 30; off += 5) {
        struct person_page pg;
        struct person_query q = {.name = "same", .limit = 5, .offset = off};
        CHECK_INT(person_search(c, cid, &q, &a, &pg, &e), 0);
        CHECK_INT(pg.total, 24);
        CHECK_INT(pg.n, off + 5 <= 24 ? 5 : (off < 24 ? 24 - off : 0));
        for (size_t i = 0; i < pg.n; i++) {
            int cmp = strcmp(prev_given, pg.items[i].given_name);
            CHECK(cmp < 0 || (cmp == 0 && prev_id < pg.items[i].id));
            str_copy(prev_given, sizeof prev_given, pg.items[i].given_name);
            prev_id = pg.items[i].id;
            for (int k = 0; k < seen; k++)
                CHECK(seen_ids[k] != pg.items[i].id);
            if (seen < 32)
                seen_ids[seen++] = pg.items[i].id;
        }
    }
    CHECK_INT(seen, 24);
    struct person_page pg;
    struct person_query bad = {.limit = 201};
    CHECK_INT(person_search(c, cid, &bad, &a, &pg, &e), ERR_INVALID);
    CHECK_STR(e.field, "limit");
    err_clear(&e);
    struct person_query neg = {.offset = -1};
    CHECK_INT(person_search(c, cid, &neg, &a, &pg, &e), ERR_INVALID);
    struct person_query all = {0};
    err_clear(&e);
    CHECK_INT(person_search(c, cid, &all, &a, &pg, &e), 0);
    CHECK_INT(pg.total, 24);
    CHECK_INT(pg.n, 24 < 25 ? 24 : 25);
    arena_release(&a);
    store_release(c);
}
