/*
 * record_util.h — private to src/store/: what every record file (council.c, team.c, staff.c,
 * person.c, contact.c) does the same way: checking text fields, stamps, telling a stale version
 * from a missing record, and turning constraint failures into messages that name the field.
 */
#ifndef SELFDIRECT_STORE_RECORD_UTIL_H
#define SELFDIRECT_STORE_RECORD_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct store_conn;

enum rec_text_flags {
    REC_ONE_LINE = 0,
    REC_MULTI_LINE = 1 << 0, /* newlines and tabs allowed (notes) */
};

/* Trims value in place (ASCII whitespace at both ends) and checks it is valid UTF-8 without
 * control characters, with between min and max characters. label is the field as a person reads
 * it ("Family name"); field the name the API uses ("family_name"). */
int rec_text(char *value, size_t min, size_t max, unsigned flags, const char *field,
             const char *label, struct err *e);
/* Optional e-mail: "" allowed; otherwise one @, a dot in the domain, no spaces; lower-cased. */
int rec_email(char *value, bool required, const char *field, struct err *e);
/* Optional phone number: digits, spaces, + ( ) -, with 6 to 15 digits. */
int rec_phone(char *value, const char *field, struct err *e);
/* Optional UK postcode, normalised to upper case with one space: "dm1 2ab" -> "DM1 2AB". */
int rec_postcode(char *value, const char *field, struct err *e);

/* After an UPDATE ... WHERE council_id = ? AND id = ? AND version = ? changed no row: ERR_CONFLICT
 * if the record exists in this council (someone changed it), else ERR_NOT_FOUND. what is the
 * record as a person says it ("person", "team"); table its table. */
int rec_stale_or_missing(struct store_conn *c, const char *table, const char *what,
                         int64_t council_id, int64_t id, struct err *e);
/* ERR_NOT_FOUND "there is no <what> <id> in this council". */
int rec_not_found(const char *what, int64_t id, struct err *e);
/* Copies a store error (le) into e, replacing a duplicate-key message with dup_msg (naming
 * dup_field) and a foreign-key message with fk_msg (naming fk_field), when given. */
int rec_write_error(int rc, const struct err *le, const char *dup_field, const char *dup_msg,
                    const char *fk_field, const char *fk_msg, struct err *e);

/* Room for one more item in an arena array being filled by a read loop: items holds n of them
 * in a capacity of *cap. Returns items itself while there is room; else a copy in twice the
 * capacity (first, at the start), updating *cap; NULL when out of memory (items is unchanged). */
void *rec_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t first, size_t size);

#endif
