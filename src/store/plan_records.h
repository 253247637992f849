/*
 * plan_records.h — storage for the records of issue 5 that the domain (src/domain/choice.h,
 * challenge.h) defines: the record that every option was offered, and challenges to a budget or
 * decision. Tables: data/migrations/0040_choice_offers.sql, 0041_budget_challenges.sql.
 *
 * Same rules as records.h: every function takes council_id and a record of another council is
 * ERR_NOT_FOUND; the domain validates before anything is written (ERR_INVALID naming the field);
 * stamps come from the `now` the caller passes.
 *
 * Offers are written once and never changed: a new conversation is a new row, the latest (by
 * offered_on, then id) is the one that counts, and the history stays. Challenges are moved through
 * their states by the domain (challenge_acknowledge, ...); plan_challenge_update stores the new
 * state under an optimistic version (ERR_CONFLICT when someone else moved it first).
 *
 * Strings in records read back live in the caller's arena.
 */
#ifndef SELFDIRECT_STORE_PLAN_RECORDS_H
#define SELFDIRECT_STORE_PLAN_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/challenge.h"
#include "domain/choice.h"
#include "store/store.h"

struct arena;
struct err;

/* ---- offers of the ways to take the budget ------------------------------------------------------ */

struct plan_choice_row {
    int64_t id;
    int64_t person_id;
    int64_t offered_by;     /* staff id */
    char created_at[STORE_TIME_SIZE];
    struct choice_record rec; /* person_ref = the person's reference; offered_by = the staff id in
                                 decimal; offered_by_name = the staff member's name */
};

/* Stores a new offer record for person_id, explained by staff member offered_by (rec->offered_by
 * must be set too, for the domain's validation; the staff id is what is stored). Names of those
 * present may not contain line breaks. *id_out (may be NULL) gets the new row's id. */
int plan_choice_save(struct store_conn *c, int64_t council_id, int64_t person_id, int64_t offered_by,
                     const struct choice_record *rec, int64_t now, int64_t *id_out, struct err *e);

/* The offer that counts now: ERR_NOT_FOUND ("no record that the options were offered") when there
 * is none, which is exactly the case choice_can_set_up_arrangement refuses. */
int plan_choice_latest(struct store_conn *c, int64_t council_id, int64_t person_id,
                       struct arena *a, struct plan_choice_row *out, struct err *e);

/* The offer that counts of every person with a budget agreed in [from, to], in one statement
 * (the managers' choice report over a year of a large council), ordered by person_id; people
 * with no offer have no row. The same record plan_choice_latest gives each of them. */
int plan_choice_latest_for_budgets(struct store_conn *c, int64_t council_id, day_t from, day_t to,
                                   struct arena *a, struct plan_choice_row **items, size_t *n,
                                   struct err *e);

/* Every offer recorded for the person, newest first. */
int plan_choice_history(struct store_conn *c, int64_t council_id, int64_t person_id,
                        struct arena *a, struct plan_choice_row **items, size_t *n, struct err *e);

/* ---- challenges ------------------------------------------------------------------------------- */

struct plan_challenge_row {
    int64_t id;
    int64_t person_id;
    int64_t version;
    char created_at[STORE_TIME_SIZE];
    char updated_at[STORE_TIME_SIZE];
    struct challenge ch; /* ch.id = the row id in decimal; ch.person_ref = the person's reference */
};

/* Stores a challenge made with challenge_raise (status raised) for row->person_id. Fills row->id,
 * version and stamps (row->ch.id is left as it was; read the row back for the stored id as text).
 * Dates of steps not taken are 0 in the domain and NULL in the table. */
int plan_challenge_create(struct store_conn *c, int64_t council_id, struct plan_challenge_row *row,
                          int64_t now, struct err *e);
int plan_challenge_get(struct store_conn *c, int64_t council_id, int64_t id, struct arena *a,
                       struct plan_challenge_row *out, struct err *e);
/* Stores row->ch's state, dates, outcome and decision if the row is still at row->version; then
 * row->version is the new version. The facts of the challenge (who, what, reasons, evidence) are
 * not changed after it is raised. */
int plan_challenge_update(struct store_conn *c, int64_t council_id, struct plan_challenge_row *row,
                          int64_t now, struct err *e);
/* The council's challenges raised in [from, to] (person_id > 0: that person's only), oldest
 * first, for the person's record and for challenge_report. */
int plan_challenge_list(struct store_conn *c, int64_t council_id, int64_t person_id, day_t from,
                        day_t to, struct arena *a, struct plan_challenge_row **items, size_t *n,
                        struct err *e);

#endif
