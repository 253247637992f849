/* pa_people.c — the PA register: support organisations, the council's PA settings, PAs and their
 * checks, training, references, areas and availability, accreditation, the finder and reminders;
 * see pa_store.h. The rules are src/domain/pa_register.c's; this file loads and stores. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "store/pa_store.h"
#include "store/pa_util.h"
#include "store/record_util.h"
#include "store/store.h"

#define FK_ORG "There is no such support organisation in this council"
#define FK_PA "There is no such PA in this council"

/* ---- support organisations ------------------------------------------------------------------- */

#define ORG_COLS                                                                            \
    "id, council_id, name, runs_pa_register, payroll_bureau, contact_name, contact_email, "  \
    "contact_phone, created_at, updated_at, version"

static int org_validate(struct support_org *o, struct err *e)
{
    int rc;
    if ((rc = rec_text(o->name, 1, 200, REC_ONE_LINE, "name", "Organisation name", e)) ||
        (rc = rec_text(o->contact_name, 1, 120, REC_ONE_LINE, "contact_name",
                       "Named contact for PA concerns", e)) ||
        (rc = rec_email(o->contact_email, false, "contact_email", e)) ||
        (rc = rec_phone(o->contact_phone, "contact_phone", e)))
        return rc;
    return 0;
}

static void org_read(struct store_stmt *s, struct support_org *o)
{
    memset(o, 0, sizeof *o);
    o->id = store_col_i64(s, 0);
    o->council_id = store_col_i64(s, 1);
    store_col_copy(s, 2, o->name, sizeof o->name);
    o->runs_pa_register = store_col_i64(s, 3) != 0;
    o->payroll_bureau = store_col_i64(s, 4) != 0;
    store_col_copy(s, 5, o->contact_name, sizeof o->contact_name);
    store_col_copy(s, 6, o->contact_email, sizeof o->contact_email);
    store_col_copy(s, 7, o->contact_phone, sizeof o->contact_phone);
    store_col_copy(s, 8, o->created_at, sizeof o->created_at);
    store_col_copy(s, 9, o->updated_at, sizeof o->updated_at);
    o->version = store_col_i64(s, 10);
}

int support_org_create(struct store_conn *c, int64_t council_id, struct support_org *o, int64_t now,
                       struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = org_validate(o, e);
    if (rc != 0)
        return rc;
    o->council_id = council_id;
    store_time_format(now, o->created_at);
    memcpy(o->updated_at, o->created_at, sizeof o->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO support_organisations (council_id, name, runs_pa_register, "
                            "payroll_bureau, contact_name, contact_email, contact_phone, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, o->name);
    store_bind_i64(s, 3, o->runs_pa_register);
    store_bind_i64(s, 4, o->payroll_bureau);
    store_bind_text(s, 5, o->contact_name);
    store_bind_text(s, 6, o->contact_email);
    store_bind_text(s, 7, o->contact_phone);
    store_bind_text(s, 8, o->created_at);
    store_bind_text(s, 9, o->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        o->id = store_col_i64(s, 0);
        o->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "name",
                               "Another organisation in this council already has this name", NULL,
                               NULL, e);
    return 0;
}

int support_org_get(struct store_conn *c, int64_t council_id, int64_t id, struct support_org *out,
                    struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "SELECT " ORG_COLS " FROM support_organisations "
                              "WHERE council_id = ? AND id = ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        org_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found("support organisation", id, e);
    }
    store_finish(s);
    return rc;
}

int support_org_update(struct store_conn *c, int64_t council_id, struct support_org *o, int64_t now,
                       struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = org_validate(o, e);
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE support_organisations SET name = ?, runs_pa_register = ?, "
                            "payroll_bureau = ?, contact_name = ?, contact_email = ?, "
                            "contact_phone = ?, updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, o->name);
    store_bind_i64(s, 2, o->runs_pa_register);
    store_bind_i64(s, 3, o->payroll_bureau);
    store_bind_text(s, 4, o->contact_name);
    store_bind_text(s, 5, o->contact_email);
    store_bind_text(s, 6, o->contact_phone);
    store_bind_text(s, 7, stamp);
    store_bind_i64(s, 8, council_id);
    store_bind_i64(s, 9, o->id);
    store_bind_i64(s, 10, o->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        o->version = store_col_i64(s, 0);
        o->council_id = council_id;
        memcpy(o->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "support_organisations", "support organisation",
                                    council_id, o->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, "name",
                               "Another organisation in this council already has this name", NULL,
                               NULL, e);
    return 0;
}

int support_org_list(struct store_conn *c, int64_t council_id, struct arena *a,
                     struct support_org **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " ORG_COLS " FROM support_organisations "
                               "WHERE council_id = ? ORDER BY name, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct support_org *o = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!o) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        org_read(s, o);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- settings ---------------------------------------------------------------------------------- */

int pa_settings_get(struct store_conn *c, int64_t council_id, struct pa_settings *out,
                    struct err *e)
{
    struct store_stmt *s;
    int rc;
    memset(out, 0, sizeof *out);
    out->council_id = council_id;
    pa_policy_default(&out->policy);
    out->concern_response_days = 10;
    if ((rc = store_prepare(c,
                            "SELECT dbs_valid_years, dbs_remind_days, dbs_mandatory_child_under_16, "
                            "concern_contact_name, concern_contact_email, concern_response_days, "
                            "updated_at, version FROM pa_settings WHERE council_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        out->policy.dbs_valid_years = (int)store_col_i64(s, 0);
        out->policy.dbs_remind_days = (int)store_col_i64(s, 1);
        out->policy.dbs_mandatory_child_under_16 = store_col_i64(s, 2) != 0;
        store_col_copy(s, 3, out->concern_contact_name, sizeof out->concern_contact_name);
        store_col_copy(s, 4, out->concern_contact_email, sizeof out->concern_contact_email);
        out->concern_response_days = (int)store_col_i64(s, 5);
        store_col_copy(s, 6, out->updated_at, sizeof out->updated_at);
        out->version = store_col_i64(s, 7);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = 0;
    }
    store_finish(s);
    return rc;
}

int pa_settings_save(struct store_conn *c, int64_t council_id, struct pa_settings *st, int64_t now,
                     struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc;
    if (st->policy.dbs_valid_years < 1 || st->policy.dbs_valid_years > 10)
        return err_set_field(e, ERR_INVALID, "dbs_valid_years",
                             "Enter how many years a DBS check counts for, from 1 to 10");
    if (st->policy.dbs_remind_days < 1 || st->policy.dbs_remind_days > 365)
        return err_set_field(e, ERR_INVALID, "dbs_remind_days",
                             "Enter how many days before expiry to remind, from 1 to 365");
    if (st->concern_response_days < 1 || st->concern_response_days > 90)
        return err_set_field(e, ERR_INVALID, "concern_response_days",
                             "Enter how many days a concern must be answered in, from 1 to 90");
    if ((rc = rec_text(st->concern_contact_name, 0, 120, REC_ONE_LINE, "concern_contact_name",
                       "Named contact for PA concerns", e)) ||
        (rc = rec_email(st->concern_contact_email, false, "concern_contact_email", e)))
        return rc;
    store_time_format(now, stamp);
    if (st->version == 0)
        rc = store_prepare(c,
                           "INSERT INTO pa_settings (dbs_valid_years, dbs_remind_days, "
                           "dbs_mandatory_child_under_16, concern_contact_name, "
                           "concern_contact_email, concern_response_days, updated_at, council_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING version",
                           &s, e);
    else
        rc = store_prepare(c,
                           "UPDATE pa_settings SET dbs_valid_years = ?, dbs_remind_days = ?, "
                           "dbs_mandatory_child_under_16 = ?, concern_contact_name = ?, "
                           "concern_contact_email = ?, concern_response_days = ?, updated_at = ?, "
                           "version = version + 1 WHERE council_id = ? AND version = ? "
                           "RETURNING version",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, st->policy.dbs_valid_years);
    store_bind_i64(s, 2, st->policy.dbs_remind_days);
    store_bind_i64(s, 3, st->policy.dbs_mandatory_child_under_16);
    store_bind_text(s, 4, st->concern_contact_name);
    store_bind_text(s, 5, st->concern_contact_email);
    store_bind_i64(s, 6, st->concern_response_days);
    store_bind_text(s, 7, stamp);
    store_bind_i64(s, 8, council_id);
    if (st->version != 0)
        store_bind_i64(s, 9, st->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        st->version = store_col_i64(s, 0);
        st->council_id = council_id;
        memcpy(st->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return err_set(e, ERR_CONFLICT,
                       "The PA settings were changed by someone else: reload and try again");
    if (rc < 0)
        return rec_write_error(rc, &le, "council_id",
                               "The PA settings were saved by someone else: reload and try again",
                               "council_id", "There is no such council", e);
    return 0;
}

/* ---- PAs ----------------------------------------------------------------------------------------- */

#define PA_COLS                                                                             \
    "id, council_id, organisation_id, account_id, title, given_name, family_name, "          \
    "date_of_birth, gender, ni_number, address_line1, address_line2, town, postcode, phone, " \
    "email, about, listed, accreditation, accreditation_on, created_at, updated_at, version"
#define DUP_NI "Another PA in this council already has this National Insurance number"
#define DUP_ACCOUNT "This login already belongs to another PA"

int pa_ni_number_normalise(char *ni, struct err *e)
{
    char v[16];
    size_t n = 0;
    static const char *const bad_prefixes[] = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"};
    for (const char *p = ni; *p; p++) {
        if (*p == ' ')
            continue;
        if (n + 1 >= sizeof v)
            goto bad;
        v[n++] = (char)toupper((unsigned char)*p);
    }
    v[n] = '\0';
    if (n == 0) {
        ni[0] = '\0';
        return 0;
    }
    if (n != 9 || !isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]) ||
        strchr("DFIQUV", v[0]) || strchr("DFIQUVO", v[1]) || v[8] < 'A' || v[8] > 'D')
        goto bad;
    for (int i = 2; i < 8; i++)
        if (!isdigit((unsigned char)v[i]))
            goto bad;
    for (size_t i = 0; i < sizeof bad_prefixes / sizeof *bad_prefixes; i++)
        if (strncmp(v, bad_prefixes[i], 2) == 0)
            goto bad;
    memcpy(ni, v, n + 1);
    return 0;
bad:
    return err_set_field(e, ERR_INVALID, "ni_number",
                         "Enter a National Insurance number in the right format, like QQ 12 34 "
                         "56 C");
}

int pa_validate(struct pa_record *p, day_t today, struct err *e)
{
    int rc;
    day_t earliest;
    date_from_ymd(1900, 1, 1, &earliest);
    if ((rc = rec_text(p->title, 0, 35, REC_ONE_LINE, "title", "Title", e)) ||
        (rc = rec_text(p->given_name, 1, 100, REC_ONE_LINE, "given_name", "Given name", e)) ||
        (rc = rec_text(p->family_name, 1, 100, REC_ONE_LINE, "family_name", "Family name", e)) ||
        (rc = rec_text(p->address_line1, 0, 120, REC_ONE_LINE, "address_line1",
                       "Address line 1", e)) ||
        (rc = rec_text(p->address_line2, 0, 120, REC_ONE_LINE, "address_line2",
                       "Address line 2", e)) ||
        (rc = rec_text(p->town, 0, 60, REC_ONE_LINE, "town", "Town", e)) ||
        (rc = rec_postcode(p->postcode, "postcode", e)) || (rc = rec_phone(p->phone, "phone", e)) ||
        (rc = rec_email(p->email, false, "email", e)) ||
        (rc = rec_text(p->about, 0, 2000, REC_MULTI_LINE, "about", "About the PA", e)) ||
        (rc = pa_ni_number_normalise(p->ni_number, e)))
        return rc;
    if (p->gender != 0 && p->gender != 'F' && p->gender != 'M')
        return err_set_field(e, ERR_INVALID, "gender",
                             "Gender, as HMRC records it, is F or M, or leave it blank");
    if (p->date_of_birth < earliest || p->date_of_birth > today ||
        date_age_on(p->date_of_birth, today) < 13)
        return err_set_field(e, ERR_INVALID, "date_of_birth",
                             "Enter a real date of birth: a PA is at least 13 years old");
    if ((unsigned)p->accreditation >= PA_ACCREDITATION_COUNT)
        p->accreditation = PA_REGISTERED;
    return 0;
}

static void pa_read(struct store_stmt *s, struct pa_record *p)
{
    const char *g;
    enum pa_accreditation acc = PA_REGISTERED;
    memset(p, 0, sizeof *p);
    p->id = store_col_i64(s, 0);
    p->council_id = store_col_i64(s, 1);
    p->organisation_id = store_col_i64(s, 2);
    p->account_id = store_col_i64(s, 3);
    store_col_copy(s, 4, p->title, sizeof p->title);
    store_col_copy(s, 5, p->given_name, sizeof p->given_name);
    store_col_copy(s, 6, p->family_name, sizeof p->family_name);
    pa_col_date(s, 7, &p->date_of_birth);
    g = store_col_text(s, 8);
    p->gender = g && g[0] ? g[0] : 0;
    store_col_copy(s, 9, p->ni_number, sizeof p->ni_number);
    store_col_copy(s, 10, p->address_line1, sizeof p->address_line1);
    store_col_copy(s, 11, p->address_line2, sizeof p->address_line2);
    store_col_copy(s, 12, p->town, sizeof p->town);
    store_col_copy(s, 13, p->postcode, sizeof p->postcode);
    store_col_copy(s, 14, p->phone, sizeof p->phone);
    store_col_copy(s, 15, p->email, sizeof p->email);
    store_col_copy(s, 16, p->about, sizeof p->about);
    p->listed = store_col_i64(s, 17) != 0;
    pa_accreditation_parse(store_col_text(s, 18), &acc);
    p->accreditation = acc;
    pa_col_date(s, 19, &p->accreditation_on);
    store_col_copy(s, 20, p->created_at, sizeof p->created_at);
    store_col_copy(s, 21, p->updated_at, sizeof p->updated_at);
    p->version = store_col_i64(s, 22);
}

/* Binds the fields a PA's owner may change, from index i; returns the next index. */
static int pa_bind(struct store_stmt *s, int i, const struct pa_record *p)
{
    char g[2] = {p->gender, 0};
    store_bind_id_or_null(s, i++, p->organisation_id);
    store_bind_id_or_null(s, i++, p->account_id);
    store_bind_text(s, i++, p->title);
    store_bind_text(s, i++, p->given_name);
    store_bind_text(s, i++, p->family_name);
    pa_bind_date(s, i++, p->date_of_birth);
    store_bind_text(s, i++, g);
    if (p->ni_number[0])
        store_bind_text(s, i++, p->ni_number);
    else
        store_bind_null(s, i++);
    store_bind_text(s, i++, p->address_line1);
    store_bind_text(s, i++, p->address_line2);
    store_bind_text(s, i++, p->town);
    store_bind_text(s, i++, p->postcode);
    store_bind_text(s, i++, p->phone);
    store_bind_text(s, i++, p->email);
    store_bind_text(s, i++, p->about);
    store_bind_i64(s, i++, p->listed ? 1 : 0);
    return i;
}

static int pa_write_error(int rc, const struct err *le, struct err *e)
{
    if (rc == ERR_CONFLICT && strstr(le->msg, "account"))
        return err_set_field(e, ERR_CONFLICT, "account_id", DUP_ACCOUNT);
    return rec_write_error(rc, le, "ni_number", DUP_NI, "organisation_id",
                           "The organisation or login chosen is not in this council", e);
}

int pa_create(struct store_conn *c, int64_t council_id, struct pa_record *p, day_t today,
              int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = pa_validate(p, today, e), i;
    if (rc != 0)
        return rc;
    p->council_id = council_id;
    p->accreditation = PA_REGISTERED;
    p->accreditation_on = today;
    store_time_format(now, p->created_at);
    memcpy(p->updated_at, p->created_at, sizeof p->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pas (organisation_id, account_id, title, given_name, "
                            "family_name, date_of_birth, gender, ni_number, address_line1, "
                            "address_line2, town, postcode, phone, email, about, listed, "
                            "council_id, accreditation, accreditation_on, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                            "'registered', ?, ?, ?) RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    i = pa_bind(s, 1, p);
    store_bind_i64(s, i++, council_id);
    pa_bind_date(s, i++, today);
    store_bind_text(s, i++, p->created_at);
    store_bind_text(s, i, p->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        p->id = store_col_i64(s, 0);
        p->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return pa_write_error(rc, &le, e);
    return 0;
}

static int pa_get_where(struct store_conn *c, const char *sql, int64_t council_id, int64_t key,
                        struct pa_record *out, const char *what, struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, sql, &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, key);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        pa_read(s, out);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = rec_not_found(what, key, e);
    }
    store_finish(s);
    return rc;
}

int pa_get(struct store_conn *c, int64_t council_id, int64_t id, struct pa_record *out,
           struct err *e)
{
    return pa_get_where(c, "SELECT " PA_COLS " FROM pas WHERE council_id = ? AND id = ?",
                        council_id, id, out, "PA", e);
}

int pa_find_account(struct store_conn *c, int64_t council_id, int64_t account_id,
                    struct pa_record *out, struct err *e)
{
    return pa_get_where(c, "SELECT " PA_COLS " FROM pas WHERE council_id = ? AND account_id = ?",
                        council_id, account_id, out, "PA with login", e);
}

int pa_update(struct store_conn *c, int64_t council_id, struct pa_record *p, day_t today,
              int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = pa_validate(p, today, e), i;
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE pas SET organisation_id = ?, account_id = ?, title = ?, "
                            "given_name = ?, family_name = ?, date_of_birth = ?, gender = ?, "
                            "ni_number = ?, address_line1 = ?, address_line2 = ?, town = ?, "
                            "postcode = ?, phone = ?, email = ?, about = ?, listed = ?, "
                            "updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? "
                            "RETURNING version, accreditation, accreditation_on",
                            &s, e)) != 0)
        return rc;
    i = pa_bind(s, 1, p);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, p->id);
    store_bind_i64(s, i, p->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        enum pa_accreditation acc = PA_REGISTERED;
        p->version = store_col_i64(s, 0);
        pa_accreditation_parse(store_col_text(s, 1), &acc);
        p->accreditation = acc;
        pa_col_date(s, 2, &p->accreditation_on);
        p->council_id = council_id;
        memcpy(p->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "pas", "PA", council_id, p->id, e);
    if (rc < 0)
        return pa_write_error(rc, &le, e);
    return 0;
}

/* ---- DBS ------------------------------------------------------------------------------------------ */

#define DBS_COLS                                                                            \
    "id, council_id, pa_id, level, certificate_number, issued_on, update_service, "         \
    "update_checked_on, information_disclosed, seen_by, seen_on, created_at"

static void dbs_read(struct store_stmt *s, struct pa_dbs_record *d)
{
    enum dbs_level l = DBS_BASIC;
    memset(d, 0, sizeof *d);
    d->id = store_col_i64(s, 0);
    d->council_id = store_col_i64(s, 1);
    d->pa_id = store_col_i64(s, 2);
    dbs_level_parse(store_col_text(s, 3), &l);
    d->check.id = d->id;
    d->check.level = l;
    store_col_copy(s, 4, d->certificate_number, sizeof d->certificate_number);
    pa_col_date(s, 5, &d->check.issued_on);
    d->check.update_service = store_col_i64(s, 6) != 0;
    d->check.has_update_checked = pa_col_date(s, 7, &d->check.update_checked_on);
    d->check.information_disclosed = store_col_i64(s, 8) != 0;
    store_col_copy(s, 9, d->seen_by, sizeof d->seen_by);
    pa_col_date(s, 10, &d->seen_on);
    store_col_copy(s, 11, d->created_at, sizeof d->created_at);
}

int pa_dbs_add(struct store_conn *c, int64_t council_id, struct pa_dbs_record *d, day_t today,
               int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char cert[16];
    size_t n = 0;
    int rc;
    for (const char *p = d->certificate_number; *p && n < sizeof cert - 1; p++)
        if (*p != ' ')
            cert[n++] = *p;
    cert[n] = '\0';
    if (n != 12 || strspn(cert, "0123456789") != 12)
        return err_set_field(e, ERR_INVALID, "certificate_number",
                             "Enter the 12-digit number printed on the DBS certificate");
    memcpy(d->certificate_number, cert, n + 1);
    if ((unsigned)d->check.level >= DBS_LEVEL_COUNT)
        return err_set_field(e, ERR_INVALID, "level", "Choose the level of the DBS check");
    if (d->check.issued_on > today)
        return err_set_field(e, ERR_INVALID, "issued_on",
                             "The certificate's issue date cannot be in the future");
    if (d->seen_on < d->check.issued_on || d->seen_on > today)
        return err_set_field(e, ERR_INVALID, "seen_on",
                             "Enter the day the certificate was seen: on or after it was issued, "
                             "and not in the future");
    if (d->check.has_update_checked &&
        (d->check.update_checked_on > today || !d->check.update_service))
        return err_set_field(e, ERR_INVALID, "update_checked_on",
                             "An online status check needs an Update Service subscription, and "
                             "cannot be in the future");
    if ((rc = rec_text(d->seen_by, 1, 120, REC_ONE_LINE, "seen_by",
                       "Who saw the certificate", e)) != 0)
        return rc;
    d->council_id = council_id;
    store_time_format(now, d->created_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_dbs_checks (council_id, pa_id, level, "
                            "certificate_number, issued_on, update_service, update_checked_on, "
                            "information_disclosed, seen_by, seen_on, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, d->pa_id);
    store_bind_text(s, 3, dbs_level_name(d->check.level));
    store_bind_text(s, 4, d->certificate_number);
    pa_bind_date(s, 5, d->check.issued_on);
    store_bind_i64(s, 6, d->check.update_service);
    pa_bind_date_opt(s, 7, d->check.has_update_checked, d->check.update_checked_on);
    store_bind_i64(s, 8, d->check.information_disclosed);
    store_bind_text(s, 9, d->seen_by);
    pa_bind_date(s, 10, d->seen_on);
    store_bind_text(s, 11, d->created_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        d->id = d->check.id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, "certificate_number",
                               "This certificate is already recorded for the PA", "pa_id", FK_PA,
                               e);
    return 0;
}

int pa_dbs_update_checked(struct store_conn *c, int64_t council_id, int64_t id, day_t on,
                          struct err *e)
{
    struct store_stmt *s;
    int rc = store_prepare(c, "UPDATE pa_dbs_checks SET update_checked_on = ? "
                              "WHERE council_id = ? AND id = ? AND update_service = 1",
                           &s, e);
    if (rc != 0)
        return rc;
    pa_bind_date(s, 1, on);
    store_bind_i64(s, 2, council_id);
    store_bind_i64(s, 3, id);
    rc = store_step(s, e);
    int64_t changed = store_changes(s);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return err_set_field(e, ERR_NOT_FOUND, "id",
                             "There is no DBS certificate %lld on the Update Service in this "
                             "council",
                             (long long)id);
    return 0;
}

int pa_dbs_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                struct pa_dbs_record **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " DBS_COLS " FROM pa_dbs_checks "
                               "WHERE council_id = ? AND pa_id = ? ORDER BY issued_on DESC, id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_dbs_record *d = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!d) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        dbs_read(s, d);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int pa_dbs_status_of(struct store_conn *c, int64_t council_id, int64_t pa_id,
                     const struct pa_policy *policy, day_t today, struct pa_check_result *out,
                     struct err *e)
{
    struct arena a;
    struct pa_dbs_record *items;
    struct dbs_check *checks = NULL;
    size_t n;
    int rc;
    arena_init(&a, 0);
    rc = pa_dbs_list(c, council_id, pa_id, &a, &items, &n, e);
    if (rc == 0 && n > 0 && !(checks = arena_array(&a, n, sizeof *checks)))
        rc = err_set(e, ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        checks[i] = items[i].check;
    if (rc == 0)
        rc = pa_dbs_status(checks, n, policy, today, out, e);
    arena_release(&a);
    return rc;
}

/* ---- right to work ---------------------------------------------------------------------------- */

static const char *const rtw_documents[] = {"uk_passport", "birth_certificate_and_ni", "share_code",
                                            "biometric_residence_permit", "other"};

int pa_rtw_add(struct store_conn *c, int64_t council_id, struct pa_rtw_record *r, day_t today,
               int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    bool known = false;
    int rc;
    for (size_t i = 0; i < sizeof rtw_documents / sizeof *rtw_documents; i++)
        if (strcmp(r->document, rtw_documents[i]) == 0)
            known = true;
    if (!known)
        return err_set_field(e, ERR_INVALID, "document",
                             "Choose the document seen: UK passport, birth certificate with NI "
                             "number, share code, biometric residence permit, or other");
    if (r->check.checked_on > today)
        return err_set_field(e, ERR_INVALID, "checked_on", "The check cannot be in the future");
    if (r->check.has_expiry && r->check.expires_on < r->check.checked_on)
        return err_set_field(e, ERR_INVALID, "expires_on",
                             "The permission cannot end before it was checked");
    if ((rc = rec_text(r->checked_by, 1, 120, REC_ONE_LINE, "checked_by", "Who checked it", e)) ||
        (rc = rec_text(r->notes, 0, 500, REC_MULTI_LINE, "notes", "Notes", e)))
        return rc;
    r->council_id = council_id;
    store_time_format(now, r->created_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_right_to_work (council_id, pa_id, document, "
                            "checked_on, checked_by, expires_on, notes, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, r->pa_id);
    store_bind_text(s, 3, r->document);
    pa_bind_date(s, 4, r->check.checked_on);
    store_bind_text(s, 5, r->checked_by);
    pa_bind_date_opt(s, 6, r->check.has_expiry, r->check.expires_on);
    store_bind_text(s, 7, r->notes);
    store_bind_text(s, 8, r->created_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        r->id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "pa_id", FK_PA, e);
    return 0;
}

int pa_rtw_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                struct pa_rtw_record **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT id, council_id, pa_id, document, checked_on, checked_by, "
                            "expires_on, notes, created_at FROM pa_right_to_work "
                            "WHERE council_id = ? AND pa_id = ? ORDER BY checked_on DESC, id DESC",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_rtw_record *r = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = store_col_i64(s, 0);
        r->council_id = store_col_i64(s, 1);
        r->pa_id = store_col_i64(s, 2);
        store_col_copy(s, 3, r->document, sizeof r->document);
        pa_col_date(s, 4, &r->check.checked_on);
        store_col_copy(s, 5, r->checked_by, sizeof r->checked_by);
        r->check.has_expiry = pa_col_date(s, 6, &r->check.expires_on);
        store_col_copy(s, 7, r->notes, sizeof r->notes);
        store_col_copy(s, 8, r->created_at, sizeof r->created_at);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- training and skills ------------------------------------------------------------------------ */

/* Lower-case ASCII letters and digits of a name, for finder searches ("Moving & handling" ->
 * "movinghandling"). */
static void name_key(const char *name, char *out, size_t outsz)
{
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < outsz; p++)
        if (isalnum((unsigned char)*p))
            out[n++] = (char)tolower((unsigned char)*p);
    out[n] = '\0';
}

int pa_training_add(struct store_conn *c, int64_t council_id, struct pa_training_record *t,
                    int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char key[256];
    int rc;
    if ((rc = rec_text(t->name, 1, 120, REC_ONE_LINE, "name",
                       t->is_skill ? "Skill" : "Training course", e)) != 0)
        return rc;
    if (t->has_expiry && t->has_completed && t->expires_on < t->completed_on)
        return err_set_field(e, ERR_INVALID, "expires_on",
                             "Training cannot expire before it was completed");
    name_key(t->name, key, sizeof key);
    if (!key[0])
        return err_set_field(e, ERR_INVALID, "name", "Enter a name with letters or numbers");
    t->council_id = council_id;
    store_time_format(now, t->created_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_training (council_id, pa_id, kind, name, name_key, "
                            "completed_on, expires_on, evidence_seen, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, t->pa_id);
    store_bind_text(s, 3, t->is_skill ? "skill" : "training");
    store_bind_text(s, 4, t->name);
    store_bind_text(s, 5, key);
    pa_bind_date_opt(s, 6, t->has_completed, t->completed_on);
    pa_bind_date_opt(s, 7, t->has_expiry, t->expires_on);
    store_bind_i64(s, 8, t->evidence_seen);
    store_bind_text(s, 9, t->created_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        t->id = store_col_i64(s, 0);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "pa_id", FK_PA, e);
    return 0;
}

int pa_training_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                     struct pa_training_record **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT id, council_id, pa_id, kind, name, completed_on, expires_on, "
                            "evidence_seen, created_at FROM pa_training "
                            "WHERE council_id = ? AND pa_id = ? ORDER BY kind, name, id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_training_record *t = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        const char *k;
        if (!t) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        t->id = store_col_i64(s, 0);
        t->council_id = store_col_i64(s, 1);
        t->pa_id = store_col_i64(s, 2);
        k = store_col_text(s, 3);
        t->is_skill = k && strcmp(k, "skill") == 0;
        store_col_copy(s, 4, t->name, sizeof t->name);
        t->has_completed = pa_col_date(s, 5, &t->completed_on);
        t->has_expiry = pa_col_date(s, 6, &t->expires_on);
        t->evidence_seen = store_col_i64(s, 7) != 0;
        store_col_copy(s, 8, t->created_at, sizeof t->created_at);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- references --------------------------------------------------------------------------------- */

static const char *const ref_outcomes[REF_OUTCOME_COUNT] = {"requested", "satisfactory",
                                                           "unsatisfactory"};

static int ref_validate(struct pa_reference_record *r, struct err *e)
{
    int rc;
    if ((rc = rec_text(r->referee_name, 1, 120, REC_ONE_LINE, "referee_name", "Referee's name",
                       e)) ||
        (rc = rec_text(r->relationship, 1, 120, REC_ONE_LINE, "relationship",
                       "How the referee knows the PA", e)) ||
        (rc = rec_text(r->contact, 0, 254, REC_ONE_LINE, "contact", "Referee's contact", e)) ||
        (rc = rec_text(r->checked_by, 0, 120, REC_ONE_LINE, "checked_by", "Checked by", e)))
        return rc;
    if ((unsigned)r->outcome >= REF_OUTCOME_COUNT)
        return err_set_field(e, ERR_INVALID, "outcome", "Choose the reference's outcome");
    if (r->outcome != REF_REQUESTED && (!r->has_received || !r->checked_by[0]))
        return err_set_field(e, ERR_INVALID, "received_on",
                             "Say when the reference arrived and who read it");
    return 0;
}

static void ref_bind(struct store_stmt *s, int *i, const struct pa_reference_record *r)
{
    store_bind_text(s, (*i)++, r->referee_name);
    store_bind_text(s, (*i)++, r->relationship);
    store_bind_text(s, (*i)++, r->contact);
    store_bind_text(s, (*i)++, ref_outcomes[r->outcome]);
    pa_bind_date_opt(s, (*i)++, r->has_received, r->received_on);
    store_bind_text(s, (*i)++, r->checked_by);
}

int pa_reference_add(struct store_conn *c, int64_t council_id, struct pa_reference_record *r,
                     int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    int rc = ref_validate(r, e), i = 1;
    if (rc != 0)
        return rc;
    r->council_id = council_id;
    store_time_format(now, r->created_at);
    memcpy(r->updated_at, r->created_at, sizeof r->updated_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_references (referee_name, relationship, contact, "
                            "outcome, received_on, checked_by, council_id, pa_id, created_at, "
                            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "RETURNING id, version",
                            &s, e)) != 0)
        return rc;
    ref_bind(s, &i, r);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, r->pa_id);
    store_bind_text(s, i++, r->created_at);
    store_bind_text(s, i, r->updated_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        r->id = store_col_i64(s, 0);
        r->version = store_col_i64(s, 1);
        rc = 0;
    }
    store_finish(s);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, "pa_id", FK_PA, e);
    return 0;
}

int pa_reference_update(struct store_conn *c, int64_t council_id, struct pa_reference_record *r,
                        int64_t now, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    char stamp[STORE_TIME_SIZE];
    int rc = ref_validate(r, e), i = 1;
    if (rc != 0)
        return rc;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE pa_references SET referee_name = ?, relationship = ?, "
                            "contact = ?, outcome = ?, received_on = ?, checked_by = ?, "
                            "updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? "
                            "RETURNING version, pa_id",
                            &s, e)) != 0)
        return rc;
    ref_bind(s, &i, r);
    store_bind_text(s, i++, stamp);
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, r->id);
    store_bind_i64(s, i, r->version);
    rc = store_step(s, &le);
    if (rc == STORE_ROW) {
        r->version = store_col_i64(s, 0);
        r->pa_id = store_col_i64(s, 1);
        r->council_id = council_id;
        memcpy(r->updated_at, stamp, sizeof stamp);
    }
    store_finish(s);
    if (rc == STORE_DONE)
        return rec_stale_or_missing(c, "pa_references", "reference", council_id, r->id, e);
    if (rc < 0)
        return rec_write_error(rc, &le, NULL, NULL, NULL, NULL, e);
    return 0;
}

int pa_reference_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                      struct pa_reference_record **items, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c,
                            "SELECT id, council_id, pa_id, referee_name, relationship, contact, "
                            "outcome, received_on, checked_by, created_at, updated_at, version "
                            "FROM pa_references WHERE council_id = ? AND pa_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_reference_record *r = pa_grow(a, (void **)items, n, &cap, sizeof **items);
        const char *o;
        if (!r) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        r->id = store_col_i64(s, 0);
        r->council_id = store_col_i64(s, 1);
        r->pa_id = store_col_i64(s, 2);
        store_col_copy(s, 3, r->referee_name, sizeof r->referee_name);
        store_col_copy(s, 4, r->relationship, sizeof r->relationship);
        store_col_copy(s, 5, r->contact, sizeof r->contact);
        o = store_col_text(s, 6);
        for (int k = 0; k < REF_OUTCOME_COUNT; k++)
            if (o && strcmp(o, ref_outcomes[k]) == 0)
                r->outcome = (enum pa_reference_outcome)k;
        r->has_received = pa_col_date(s, 7, &r->received_on);
        store_col_copy(s, 8, r->checked_by, sizeof r->checked_by);
        store_col_copy(s, 9, r->created_at, sizeof r->created_at);
        store_col_copy(s, 10, r->updated_at, sizeof r->updated_at);
        r->version = store_col_i64(s, 11);
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- areas and availability ------------------------------------------------------------------- */

static const char *const day_parts[PA_DAY_PART_COUNT] = {"morning", "afternoon", "evening", "night"};

const char *pa_day_part_name(enum pa_day_part p)
{
    return (unsigned)p < PA_DAY_PART_COUNT ? day_parts[p] : "morning";
}

int pa_day_part_parse(const char *s, enum pa_day_part *out)
{
    for (int i = 0; i < PA_DAY_PART_COUNT; i++)
        if (s && strcmp(s, day_parts[i]) == 0) {
            *out = (enum pa_day_part)i;
            return 0;
        }
    return ERR_INVALID;
}

/* A PA of this council, or ERR_NOT_FOUND: the child tables' primary keys are (pa_id, ...), so the
 * council is checked before their rows are replaced. */
static int pa_exists(struct store_conn *c, int64_t council_id, int64_t pa_id, struct err *e)
{
    int64_t params[2] = {council_id, pa_id}, count = 0;
    int rc = store_query_i64(c, "SELECT count(*) FROM pas WHERE council_id = ? AND id = ?", 2,
                             params, &count, e);
    if (rc != 0)
        return rc;
    return count ? 0 : rec_not_found("PA", pa_id, e);
}

static void area_normalise(const char *in, char *out, size_t outsz)
{
    size_t n = 0;
    bool space = false;
    while (*in == ' ')
        in++;
    for (; *in && n + 1 < outsz; in++) {
        if (*in == ' ') {
            space = true;
            continue;
        }
        if (space && n > 0 && n + 2 < outsz)
            out[n++] = ' ';
        space = false;
        out[n++] = (char)toupper((unsigned char)*in);
    }
    out[n] = '\0';
}

int pa_areas_set(struct store_conn *c, int64_t council_id, int64_t pa_id,
                 const char *const *areas, size_t n, struct err *e)
{
    struct store_stmt *s;
    int rc;
    if (n > 50)
        return err_set_field(e, ERR_INVALID, "areas", "Choose at most 50 areas");
    if ((rc = pa_exists(c, council_id, pa_id, e)) != 0)
        return rc;
    if ((rc = store_prepare(c, "DELETE FROM pa_areas WHERE council_id = ? AND pa_id = ?", &s,
                            e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        char area[64];
        bool dup = false;
        area_normalise(areas[i] ? areas[i] : "", area, sizeof area);
        if ((rc = rec_text(area, 1, 60, REC_ONE_LINE, "areas", "Area", e)) != 0)
            return rc;
        for (size_t j = 0; j < i; j++) {
            char other[64];
            area_normalise(areas[j] ? areas[j] : "", other, sizeof other);
            if (strcmp(other, area) == 0)
                dup = true;
        }
        if (dup)
            continue;
        if ((rc = store_prepare(c, "INSERT INTO pa_areas (council_id, pa_id, area) "
                                   "VALUES (?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, pa_id);
        store_bind_text(s, 3, area);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int pa_areas_list(struct store_conn *c, int64_t council_id, int64_t pa_id, struct arena *a,
                  char ***areas, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *areas = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT area FROM pa_areas WHERE council_id = ? AND pa_id = ? "
                               "ORDER BY area",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        char **slot = pa_grow(a, (void **)areas, n, &cap, sizeof **areas);
        if (!slot || !(*slot = arena_strdup(a, store_col_text(s, 0)))) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int pa_availability_set(struct store_conn *c, int64_t council_id, int64_t pa_id,
                        const struct pa_slot *slots, size_t n, struct err *e)
{
    struct store_stmt *s;
    bool seen[7][PA_DAY_PART_COUNT] = {{false}};
    int rc;
    for (size_t i = 0; i < n; i++)
        if (slots[i].weekday < 0 || slots[i].weekday > 6 ||
            (unsigned)slots[i].part >= PA_DAY_PART_COUNT)
            return err_set_field(e, ERR_INVALID, "availability",
                                 "Choose days Monday to Sunday and morning, afternoon, evening "
                                 "or night");
    if ((rc = pa_exists(c, council_id, pa_id, e)) != 0)
        return rc;
    if ((rc = store_prepare(c, "DELETE FROM pa_availability WHERE council_id = ? AND pa_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (seen[slots[i].weekday][slots[i].part])
            continue;
        seen[slots[i].weekday][slots[i].part] = true;
        if ((rc = store_prepare(c, "INSERT INTO pa_availability (council_id, pa_id, weekday, "
                                   "part) VALUES (?, ?, ?, ?)",
                                &s, e)) != 0)
            return rc;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, pa_id);
        store_bind_i64(s, 3, slots[i].weekday);
        store_bind_text(s, 4, pa_day_part_name(slots[i].part));
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int pa_availability_list(struct store_conn *c, int64_t council_id, int64_t pa_id,
                         struct arena *a, struct pa_slot **slots, size_t *n, struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *slots = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT weekday, part FROM pa_availability "
                               "WHERE council_id = ? AND pa_id = ? ORDER BY weekday, part",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, pa_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_slot *sl = pa_grow(a, (void **)slots, n, &cap, sizeof **slots);
        enum pa_day_part p = PART_MORNING;
        if (!sl) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        sl->weekday = (int)store_col_i64(s, 0);
        pa_day_part_parse(store_col_text(s, 1), &p);
        sl->part = p;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* ---- evidence and accreditation ------------------------------------------------------------------ */

int pa_evidence_load(struct store_conn *c, int64_t council_id, int64_t pa_id,
                     const struct pa_policy *policy, day_t today, struct pa_evidence *out,
                     struct err *e)
{
    struct arena a;
    struct pa_rtw_record *rtw;
    struct pa_training_record *tr;
    struct pa_reference_record *refs;
    size_t nrtw, ntr, nrefs;
    int rc;
    memset(out, 0, sizeof *out);
    arena_init(&a, 0);
    if ((rc = pa_exists(c, council_id, pa_id, e)) != 0 ||
        (rc = pa_dbs_status_of(c, council_id, pa_id, policy, today, &out->dbs, e)) != 0 ||
        (rc = pa_rtw_list(c, council_id, pa_id, &a, &rtw, &nrtw, e)) != 0 ||
        (rc = pa_training_list(c, council_id, pa_id, &a, &tr, &ntr, e)) != 0 ||
        (rc = pa_reference_list(c, council_id, pa_id, &a, &refs, &nrefs, e)) != 0)
        goto done;
    for (size_t i = 0; i < nrtw; i++)
        if (pa_right_to_work_ok(&rtw[i].check, 1, today))
            out->right_to_work = true;
    for (size_t i = 0; i < ntr; i++)
        if (!tr[i].is_skill && tr[i].has_completed && tr[i].completed_on <= today &&
            tr[i].evidence_seen && (!tr[i].has_expiry || tr[i].expires_on >= today))
            out->training_current++;
    for (size_t i = 0; i < nrefs; i++)
        if (refs[i].outcome == REF_SATISFACTORY)
            out->references_satisfactory++;
done:
    arena_release(&a);
    return rc;
}

int pa_accreditation_set(struct store_conn *c, int64_t council_id, struct pa_record *p,
                         enum pa_accreditation to, int64_t actor_org_id, const char *by_name,
                         const char *reason, day_t today, int64_t now, struct err *e)
{
    struct pa_settings st;
    struct pa_evidence ev;
    struct pa_record cur;
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE], by[121], why[1001];
    bool own_tx = !store_in_transaction(c);
    int rc;

    if (str_copy(by, sizeof by, by_name ? by_name : "") != 0 ||
        str_copy(why, sizeof why, reason ? reason : "") != 0)
        return err_set_field(e, ERR_INVALID, "reason", "The name or reason is too long");
    if ((rc = rec_text(by, 1, 120, REC_ONE_LINE, "by_name", "Who is making the change", e)) ||
        (rc = rec_text(why, 0, 1000, REC_MULTI_LINE, "reason", "Reason", e)))
        return rc;
    if (own_tx && (rc = store_begin(c, e)) != 0)
        return rc;
    if ((rc = pa_get(c, council_id, p->id, &cur, e)) != 0)
        goto fail;
    if (cur.version != p->version) {
        rc = err_set(e, ERR_CONFLICT, "This PA's record was changed by someone else: reload it");
        goto fail;
    }
    if ((rc = pa_settings_get(c, council_id, &st, e)) != 0 ||
        (rc = pa_evidence_load(c, council_id, p->id, &st.policy, today, &ev, e)) != 0 ||
        (rc = pa_accreditation_check(cur.accreditation, to, &ev, actor_org_id,
                                     cur.organisation_id, why[0] != '\0', e)) != 0)
        goto fail;
    store_time_format(now, stamp);
    if ((rc = store_prepare(c,
                            "UPDATE pas SET accreditation = ?, accreditation_on = ?, "
                            "updated_at = ?, version = version + 1 "
                            "WHERE council_id = ? AND id = ? AND version = ? RETURNING version",
                            &s, e)) != 0)
        goto fail;
    store_bind_text(s, 1, pa_accreditation_name(to));
    pa_bind_date(s, 2, today);
    store_bind_text(s, 3, stamp);
    store_bind_i64(s, 4, council_id);
    store_bind_i64(s, 5, p->id);
    store_bind_i64(s, 6, p->version);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        cur.version = store_col_i64(s, 0);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = err_set(e, ERR_CONFLICT, "This PA's record was changed by someone else: reload it");
    }
    store_finish(s);
    if (rc != 0)
        goto fail;
    if ((rc = store_prepare(c,
                            "INSERT INTO pa_accreditation_log (council_id, pa_id, from_state, "
                            "to_state, organisation_id, by_name, reason, on_date, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            &s, e)) != 0)
        goto fail;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, p->id);
    store_bind_text(s, 3, pa_accreditation_name(cur.accreditation));
    store_bind_text(s, 4, pa_accreditation_name(to));
    store_bind_i64(s, 5, actor_org_id);
    store_bind_text(s, 6, by);
    store_bind_text(s, 7, why);
    pa_bind_date(s, 8, today);
    store_bind_text(s, 9, stamp);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        goto fail;
    if (own_tx && (rc = store_commit(c, e)) != 0)
        return rc;
    cur.accreditation = to;
    cur.accreditation_on = today;
    memcpy(cur.updated_at, stamp, sizeof stamp);
    *p = cur;
    return 0;
fail:
    if (own_tx)
        store_rollback(c);
    return rc;
}

/* ---- finder ------------------------------------------------------------------------------------ */

int pa_finder(struct store_conn *c, int64_t council_id, const struct pa_finder_query *q,
              day_t today, struct arena *a, struct pa_finder_page *out, struct err *e)
{
    struct pa_settings st;
    struct store_stmt *s;
    struct buf sql;
    char area[64] = "", skill[256] = "", skill_hi[260];
    int limit = q->limit > 0 ? q->limit : 25, rc, arg = 1;
    size_t cap = 0;
    int64_t matched = 0;

    memset(out, 0, sizeof *out);
    if (limit > 100)
        limit = 100;
    if (q->offset < 0)
        return err_set_field(e, ERR_INVALID, "offset", "The page cannot be before the first");
    if (q->weekday < -1 || q->weekday > 6 || q->part < -1 || q->part >= PA_DAY_PART_COUNT)
        return err_set_field(e, ERR_INVALID, "availability", "Choose a day and a part of the day");
    if (q->area)
        area_normalise(q->area, area, sizeof area);
    if (q->skill)
        name_key(q->skill, skill, sizeof skill);
    /* A prefix range on the folded key: "moving" matches "movingandhandling". */
    snprintf(skill_hi, sizeof skill_hi, "%s\x7f", skill);
    if ((rc = pa_settings_get(c, council_id, &st, e)) != 0)
        return rc;

    buf_init(&sql, 4096);
    buf_adds(&sql, "SELECT " PA_COLS " FROM pas p WHERE council_id = ? AND listed = 1");
    if (area[0])
        buf_adds(&sql, " AND EXISTS (SELECT 1 FROM pa_areas x WHERE x.council_id = p.council_id "
                       "AND x.pa_id = p.id AND x.area = ?)");
    if (skill[0])
        buf_adds(&sql, " AND EXISTS (SELECT 1 FROM pa_training t WHERE t.council_id = "
                       "p.council_id AND t.pa_id = p.id AND t.name_key >= ? AND t.name_key < ?)");
    if (q->weekday >= 0 || q->part >= 0) {
        buf_adds(&sql, " AND EXISTS (SELECT 1 FROM pa_availability v WHERE v.council_id = "
                       "p.council_id AND v.pa_id = p.id");
        if (q->weekday >= 0)
            buf_adds(&sql, " AND v.weekday = ?");
        if (q->part >= 0)
            buf_adds(&sql, " AND v.part = ?");
        buf_adds(&sql, ")");
    }
    if (buf_adds(&sql, " ORDER BY family_name, given_name, id") != 0) {
        buf_release(&sql);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    rc = store_prepare(c, sql.data, &s, e);
    buf_release(&sql);
    if (rc != 0)
        return rc;
    store_bind_i64(s, arg++, council_id);
    if (area[0])
        store_bind_text(s, arg++, area);
    if (skill[0]) {
        store_bind_text(s, arg++, skill);
        store_bind_text(s, arg++, skill_hi);
    }
    if (q->weekday >= 0)
        store_bind_i64(s, arg++, q->weekday);
    if (q->part >= 0)
        store_bind_text(s, arg++, pa_day_part_name((enum pa_day_part)q->part));
    /* The check filter needs each PA's certificates, so it runs here rather than in SQL; the
     * matches are read into an arena first because a second statement cannot run on some
     * connections while the first is open. */
    struct pa_record *all = NULL;
    size_t nall = 0, acap = 0;
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_record *p = pa_grow(a, (void **)&all, &nall, &acap, sizeof *all);
        if (!p) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        pa_read(s, p);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < nall; i++) {
        struct pa_check_result dbs;
        if ((rc = pa_dbs_status_of(c, council_id, all[i].id, &st.policy, today, &dbs, e)) != 0)
            return rc;
        if (!pa_finder_shows(all[i].accreditation, &dbs, q->include_unchecked)) {
            out->hidden_unchecked++;
            continue;
        }
        if (matched++ < q->offset || out->n >= (size_t)limit)
            continue;
        struct pa_finder_item *it = pa_grow(a, (void **)&out->items, &out->n, &cap,
                                            sizeof *out->items);
        if (!it)
            return err_set(e, ERR_NOMEM, "out of memory");
        it->pa = all[i];
        it->dbs = dbs;
        pa_finder_status_text(all[i].accreditation, &dbs, it->status_text, sizeof it->status_text);
    }
    out->total = matched;
    return 0;
}

/* ---- reminders ------------------------------------------------------------------------------------ */

int pa_reminders(struct store_conn *c, int64_t council_id, day_t today, struct arena *a,
                 struct pa_reminder **items, size_t *n, struct err *e)
{
    struct pa_settings st;
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    struct who {
        int64_t id;
        char name[300];
        bool child_home;
    } *pas = NULL;
    size_t npas = 0, pcap = 0;
    char iso[DATE_ISO_SIZE];

    *items = NULL;
    *n = 0;
    if ((rc = pa_settings_get(c, council_id, &st, e)) != 0)
        return rc;
    date_format_iso(today, iso);
    /* PAs working now (a contract not ended) or offering themselves in the finder. */
    if ((rc = store_prepare(c,
                            "SELECT p.id, p.given_name, p.family_name, "
                            "(SELECT count(*) FROM pa_contracts k JOIN pa_employers m "
                            "ON m.council_id = k.council_id AND m.id = k.employer_id "
                            "WHERE k.council_id = p.council_id AND k.pa_id = p.id "
                            "AND (k.ends_on IS NULL OR k.ends_on >= ?) "
                            "AND m.child_under_16_in_home = 1) "
                            "FROM pas p WHERE p.council_id = ? AND (p.listed = 1 OR EXISTS "
                            "(SELECT 1 FROM pa_contracts k WHERE k.council_id = p.council_id "
                            "AND k.pa_id = p.id AND (k.ends_on IS NULL OR k.ends_on >= ?))) "
                            "ORDER BY p.family_name, p.given_name, p.id",
                            &s, e)) != 0)
        return rc;
    store_bind_text(s, 1, iso);
    store_bind_i64(s, 2, council_id);
    store_bind_text(s, 3, iso);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct who *w = pa_grow(a, (void **)&pas, &npas, &pcap, sizeof *pas);
        if (!w) {
            rc = err_set(e, ERR_NOMEM, "out of memory");
            break;
        }
        w->id = store_col_i64(s, 0);
        snprintf(w->name, sizeof w->name, "%s %s", store_col_text(s, 1), store_col_text(s, 2));
        w->child_home = store_col_i64(s, 3) > 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < npas; i++) {
        struct pa_check_result dbs;
        struct pa_reminder r;
        struct arena tmp;
        struct pa_rtw_record *rtw;
        size_t nrtw;
        if ((rc = pa_dbs_status_of(c, council_id, pas[i].id, &st.policy, today, &dbs, e)) != 0)
            return rc;
        if (pa_dbs_reminder(&dbs, &st.policy, pas[i].child_home, pas[i].id, pas[i].name, today,
                            &r)) {
            struct pa_reminder *slot = pa_grow(a, (void **)items, n, &cap, sizeof **items);
            if (!slot)
                return err_set(e, ERR_NOMEM, "out of memory");
            *slot = r;
        }
        /* Right to work: only the latest check matters; a time-limited one nearing its end. */
        arena_init(&tmp, 0);
        rc = pa_rtw_list(c, council_id, pas[i].id, &tmp, &rtw, &nrtw, e);
        if (rc == 0 && nrtw > 0 && rtw[0].check.has_expiry) {
            char what[400];
            snprintf(what, sizeof what, "%s's permission to work in the UK", pas[i].name);
            if (pa_expiry_reminder(PA_REMIND_RIGHT_TO_WORK, pas[i].id, what,
                                   rtw[0].check.expires_on, st.policy.dbs_remind_days, today, &r)) {
                struct pa_reminder *slot = pa_grow(a, (void **)items, n, &cap, sizeof **items);
                if (!slot)
                    rc = err_set(e, ERR_NOMEM, "out of memory");
                else
                    *slot = r;
            }
        }
        arena_release(&tmp);
        if (rc != 0)
            return rc;
    }
    /* Employers' liability insurance, for employers with a contract not ended. */
    if ((rc = store_prepare(c,
                            "SELECT m.id, m.name, m.el_expires_on FROM pa_employers m "
                            "WHERE m.council_id = ? AND EXISTS (SELECT 1 FROM pa_contracts k "
                            "WHERE k.council_id = m.council_id AND k.employer_id = m.id "
                            "AND (k.ends_on IS NULL OR k.ends_on >= ?)) ORDER BY m.name, m.id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, iso);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct pa_reminder r;
        char what[300];
        day_t until;
        bool has = pa_col_date(s, 2, &until);
        snprintf(what, sizeof what, "Employer's liability insurance for %s", store_col_text(s, 1));
        if (!has) {
            struct pa_reminder *slot = pa_grow(a, (void **)items, n, &cap, sizeof **items);
            if (!slot) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            slot->kind = PA_REMIND_INSURANCE;
            slot->subject_id = store_col_i64(s, 0);
            snprintf(slot->message, sizeof slot->message,
                     "%.180s is not recorded: it is compulsory for an employer. Record the policy "
                     "and its end date.",
                     what);
        } else if (pa_expiry_reminder(PA_REMIND_INSURANCE, store_col_i64(s, 0), what, until,
                                      st.policy.dbs_remind_days, today, &r)) {
            struct pa_reminder *slot = pa_grow(a, (void **)items, n, &cap, sizeof **items);
            if (!slot) {
                rc = err_set(e, ERR_NOMEM, "out of memory");
                break;
            }
            *slot = r;
        }
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}
