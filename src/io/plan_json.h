/*
 * plan_json.h — a support plan (src/domain/plan.h) as JSON: the API's representation and the
 * snapshot kept for every save (table plan_revisions). One format for both, so what the API shows
 * is what the history keeps.
 *
 *   {"start_date": "2025-07-01", "review_date": null | "2026-07-01", "planned_by": "self",
 *    "helpers": [{"kind": "family", "name": "my sister Ann"}],
 *    "sections": {"about_me": "...", "what_matters": "...", ...},   (plan_section_id names)
 *    "outcomes": [{"id": "o1", "text": "Get out to see friends"}],
 *    "lines": [{"id": "l1", "kind": "pa_hours", "description": "Personal assistant",
 *               "frequency": "weekly", "quantity": 1200, "unit_cost": "12.60",
 *               "outcomes": ["o1"], "managed_by": "direct_payment", "provider": "",
 *               "day_centre": false, "pa_name": "Jo", "pa_born": "1995-03-01" | null,
 *               "pa_pension": "assess" | "enrolled" | "not_enrolled"}]}
 *
 * quantity is minutes for PA and agency hours (1200 = 20 hours) and a count of units otherwise;
 * unit_cost is pence written as pounds in a string ("12.60"), never a JSON number, so no amount
 * passes through floating point. With PLAN_JSON_META the encoder adds version, revision and status,
 * and the decoder accepts (and reads) them; without it they are refused as unknown.
 *
 * The decoder is strict, as every input the API takes: unknown members, wrong types, strings over
 * their limits, bad dates and amounts are refused with the path of the member at fault
 * ("lines[2].unit_cost"). It checks form only; plan_validate checks the plan's own rules.
 * Optional texts given empty (provider, pa_name, a helper's name, a section) are read as NULL: one
 * form for "none", so a plan's content hash does not depend on how "none" was written.
 */
#ifndef SELFDIRECT_IO_PLAN_JSON_H
#define SELFDIRECT_IO_PLAN_JSON_H

#include <stddef.h>

#include "domain/plan.h"

struct arena;
struct err;
struct json_t;

enum plan_json_flags {
    PLAN_JSON_CONTENT = 0,
    PLAN_JSON_META = 1 << 0, /* version, revision, status */
};

#define PLAN_JSON_MAX_OUTCOMES 50
#define PLAN_JSON_MAX_LINES 200
#define PLAN_JSON_MAX_HELPERS 20
#define PLAN_JSON_SECTION_MAX 8000

const char *plan_json_pension_id(enum pa_pension p); /* "assess", "enrolled", "not_enrolled" */
int plan_json_pension_parse(const char *s, enum pa_pension *p);

/* A new JSON object (caller owns the reference), or NULL when out of memory. */
struct json_t *plan_json_encode(const struct plan *p, unsigned flags);
/* The same as compact text, allocated in a. */
char *plan_json_encode_text(const struct plan *p, unsigned flags, struct arena *a);

/* Reads a plan's content from a JSON object into *p (strings and arrays in a). Fields the JSON
 * does not carry (id, person_ref, previous_hash, and without PLAN_JSON_META version, revision and
 * status) are left as the caller set them. */
int plan_json_decode(const struct json_t *obj, unsigned flags, struct arena *a, struct plan *p,
                     struct err *e);
/* From text. */
int plan_json_decode_text(const char *text, size_t len, unsigned flags, struct arena *a,
                          struct plan *p, struct err *e);

#endif
