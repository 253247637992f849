/* contact.c — a person's family, representatives and other contacts; see records.h. A contact
 * always belongs to a person of the same council: the composite foreign key
 * (council_id, person_id) -> people (council_id, id) makes any other link impossible. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/record_util.h"
#include "store/records.h"
#include "store/store.h"

#define CONTACT_COLS                                                                        \
    "id, council_id, person_id, name, relationship, phone, email, address, authority, "     \
    "authority_scope, authority_notes, emergency_contact, created_at, updated_at, version"
#define FK_PERSON "There is no such person in this council"

static const struct {
    const char *name, *label;
} authorities[CONTACT_AUTHORITY_COUNT] = {
    [AUTHORITY_NONE] = {"none", "No authority to act"},
    [AUTHORITY_LASTING_POWER_OF_ATTORNEY] = {"lasting_power_of_attorney",
                                             "Lasting power of attorney"},
    [AUTHORITY_DEPUTY] = {"deputy", "Deputy (Court of Protection)"},
    [AUTHORITY_NOMINATED_PERSON] = {"nominated_person", "Nominated person"},
};

static const char *const scopes[AUTHORITY_SCOPE_COUNT] = {
    [SCOPE_NONE] = "",
    [SCOPE_PROPERTY_AND_FINANCIAL_AFFAIRS] = "property_and_financial_affairs",
    [SCOPE_HEALTH_AND_WELFARE] = "health_and_welfare",
    [SCOPE_BOTH] = "both",
};

const char *contact_authority_name(enum contact_authority a)
{
    return (unsigned)a < CONTACT_AUTHORITY_COUNT ? authorities[a].name : "none";
}

const char *contact_authority_label(enum contact_authority a)
{
    return (unsigned)a < CONTACT_AUTHORITY_COUNT ? authorities[a].label : "Unknown";
}

int contact_authority_parse(const char *s, enum contact_authority *out)
{
    for (int i = 0; i < CONTACT_AUTHORITY_COUNT; i++)
        if (s && strcmp(s, authorities[i].name) == 0) {
            *out = (enum contact_authority)i;
            return 0;
        }
    return ERR_INVALID;
}

const char *authority_scope_name(enum authority_scope s)
{
    return (unsigned)s < AUTHORITY_SCOPE_COUNT ? scopes[s] : "";
}

int authority_scope_parse(const char *s, enum authority_scope *out)
{
    for (int i = 0; i < AUTHORITY_SCOPE_COUNT; i++)
        if (s && strcmp(s, scopes[i]) == 0) {
            *out = (enum authority_scope)i;
            return 0;
        }
    return ERR_INVALID;
}

int contact_validate(struct contact *ct, struct err *e)
{
    int rc;
    if ((rc = rec_text(ct->name, 1, 120, REC_ONE_LINE, "name", "Name", e)) ||
        (rc = rec_text(ct->relationship, 1, 60, REC_ONE_LINE, "relationship",
                       "Relationship to the person", e)) ||
        (rc = rec_phone(ct->phone, "phone", e)) || (rc = rec_email(ct->email, false, "email", e)) ||
        (rc = rec_text(ct->address, 0, 240, REC_MULTI_LINE, "address", "Address", e)) ||
        (rc = rec_text(ct->authority_notes, 0, 300, REC_MULTI_LINE, "authority_notes",
                       "Notes about their authority", e)))
        return rc;
    if ((unsigned)ct->authority >= CONTACT_AUTHORITY_COUNT)
        return err_set_field(e, ERR_INVALID, "authority", "Choose what authority they have");
    if ((unsigned)ct->authority_scope >= AUTHORITY_SCOPE_COUNT)
        return err_set_field(e, ERR_INVALID, "authority_scope", "Choose what the authority covers");
    bool needs_scope = ct->authority == AUTHORITY_LASTING_POWER_OF_ATTORNEY ||
                       ct->authority == AUTHORITY_DEPUTY;
    if (needs_scope && ct->authority_scope == SCOPE_NONE)
        return err_set_field(e, ERR_INVALID, "authority_scope",
                             "Say whether the %s covers property and financial affairs, health "
                             "and welfare, or both",
                             ct->authority == AUTHORITY_DEPUTY ? "deputyship"
                                                               : "lasting power of attorney");
    if (!needs_scope && ct->authority_scope != SCOPE_NONE)
        return err_set_field(e, ERR_INVALID, "authority_scope",
                             "Only an attorney or a deputy has a scope of authority");
    return 0;
}

static void read_row(struct store_stmt *s, struct contact *out)
{
    enum contact_authority a = AUTHORITY_NONE;
    enum authority_scope sc = SCOPE_NONE;
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->council_id = store_col_i64(s, 1);
    out->person_id = store_col_i64(s, 2);
    store_col_copy(s, 3, out->name, sizeof out->name);
    store_col_copy(s, 4, out->relationship, sizeof out->relationship);
    store_col_copy(s, 5, out->phone, sizeof out->phone);
    store_col_copy(s, 6, out->email, sizeof out->email);
    store_col_copy(s, 7, out->address, sizeof out->address);
    contact_authority_parse(store_col_text(s, 8), &a);
    authority_scope_parse(store_col_text(s, 9), &sc);
    out->authority = a;
    out->authority_scope = sc;
    store_col_copy(s, 10, out->authority_notes, sizeof out->authority_notes);
    out->emergency_contact = store_col_i64(s, 11) != 0;
    store_col_copy(s, 12, out->created_at, sizeof out->created_at);
    store_col_copy(s, 13, out->updated_at, sizeof out->updated_at);
    out->version = store_col_i64(s, 14);
}

static int bind_fields(struct store_stmt *s, int i, const struct contact *ct)
{
    store_bind_text(s, i++, ct->name);
    store_bind_text(s, i++, ct->relationship);
    store_bind_text(s, i++, ct->phone);
    store_bind_text(s, i++, ct->email);
    store_bind_text(s, i++, ct->address);
    store_bind_text(s, i++, contact_authority_name(ct->authority));
    store_bind_text(s, i++, authority_scope_name(ct->authority_scope));
    store_bind_text(s, i++, ct->authority_notes);
    store_bind_i64(s, i++, ct->emergency_contact ? 1 : 0);
    return i;
}

int contact_create(struct store_conn *c, int64_t council_id, struct contact *ct, int64_t now,
                   struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = contact_validate(ct, e);
    if (rc != 0)
        return rc;
    ct->council_id = council_id;
    store_time_format(now, ct->created_at);
    memcpy(ct->updated_at, ct->created_at, sizeof ct->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO person_contacts (council_id, person_id, name, "
                            "relationship, phone, email, address, authority, authority_scope, "
                            "authority_notes, emergency_contact, created_at, updated_at) VALUES "
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, ct->person_id);
    int i = bind_fields(s, 3, ct);
    store_bind_text(s, i++, ct->created_at);
    store_bind_text(s, i, ct->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        ct->id = store_col_i64(s, 0);
        ct->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "person_id", FK_PERSON, e);
    return 0;
}

int contact_get(struct store_conn *c, int64_t council_id, int64_t id, struct contact *out,
                struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " CONTACT_COLS " FROM person_contacts "
                              "WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        read_row(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("contact", id, e);
    }
    store_finish(s);
    return rc;
}

int contact_update(struct store_conn *c, int64_t council_id, struct contact *ct, int64_t now,
                   struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = contact_validate(ct, e);
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE person_contacts SET name = ?, relationship = ?, phone = ?, "
                            "email = ?, address = ?, authority = ?, authority_scope = ?, "
                            "authority_notes = ?, emergency_contact = ?, updated_at = ?, "
                            "version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? "
                            "RETURNING version, person_id",
                            &s, e)) != 0)
        return rc;
    int i = bind_fields(s, 1, ct);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, ct->id);
    store_bind_i64(s, i, ct->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        ct->version = store_col_i64(s, 0);
        ct->person_id = store_col_i64(s, 1);
        ct->council_id = council_id;
        memcpy(ct->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "person_contacts", "contact", council_id, ct->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    return 0;
}

int contact_delete(struct store_conn *c, int64_t council_id, int64_t id, int64_t version,
                   struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "DELETE FROM person_contacts "
                              "WHERE council_id = ? AND id = ? AND version = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    store_bind_i64(s, 3, version);
    rc = store_step(s, e);
    int64_t changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return rec_stale_or_missing(c, "person_contacts", "contact", council_id, id, e);
    return 0;
}

int contact_list(struct store_conn *c, int64_t council_id, int64_t person_id, struct arena *a,
                 struct contact **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 8, count = 0;
    struct contact *v = arena_array(a, cap, sizeof *v);
    int rc;
    *items = NULL;
    *n = 0;
    if (!v)
        return err_set(e, ERR_NOMEM, "out of memory");
    if ((rc = store_prepare(c, "SELECT " CONTACT_COLS " FROM person_contacts "
                               "WHERE council_id = ? AND person_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, person_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct contact *room = rec_grow(a, v, count, &cap, 8, sizeof *room);
        if (!room) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        v = room;
        read_row(s, &v[count++]);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    *items = v;
    *n = count;
    return 0;
}
