/* web_fixture.c — the fixed test world (see web_fixture.h). */
#include "store/web_fixture.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "store/records.h"
#include "store/store.h"
#include "store/web_store.h"

static int staff(struct store_conn *c, int64_t council, int64_t team, int64_t manager,
                 const char *name, const char *email, enum staff_role role, const char *pw_hash,
                 int64_t now, int64_t *id, struct err *e)
{
    struct staff s = {0};
    int rc;
    str_copy(s.name, sizeof s.name, name);
    str_copy(s.email, sizeof s.email, email);
    s.team_id = team;
    s.manager_id = manager;
    s.role = role;
    s.active = true;
    if ((rc = staff_create(c, council, &s, now, e)) != 0)
        return rc;
    if ((rc = web_login_set_password(c, LOGIN_STAFF, council, s.id, pw_hash, now, e)) != 0)
        return rc;
    *id = s.id;
    return 0;
}

static int person(struct store_conn *c, int64_t council, const char *given, const char *family,
                  const char *dob, int64_t worker, enum client_group g, int64_t now, int64_t *id,
                  struct err *e)
{
    struct person p;
    int rc;
    memset(&p, 0, sizeof p);
    str_copy(p.given_name, sizeof p.given_name, given);
    str_copy(p.family_name, sizeof p.family_name, family);
    if (date_parse_iso(dob, strlen(dob), &p.date_of_birth, "date_of_birth", e) != 0)
        return ERR_INVALID;
    str_copy(p.address_line1, sizeof p.address_line1, "1 Test Street");
    str_copy(p.town, sizeof p.town, "Demoford");
    str_copy(p.postcode, sizeof p.postcode, "DM1 2AB");
    p.client_group = g;
    p.allocated_worker_id = worker;
    if ((rc = person_create(c, council, &p, now, e)) != 0)
        return rc;
    *id = p.id;
    return 0;
}

static int account(struct store_conn *c, int64_t council, const char *username, const char *name,
                   enum role role, int64_t person_id, int64_t contact_id, const char *pw_hash,
                   int64_t now, int64_t *id, struct err *e)
{
    struct web_account_new a = {council, username, name, role, person_id, contact_id,
                                "", pw_hash};
    return web_account_create(c, &a, now, id, e);
}

static int link(struct store_conn *c, int64_t council, int64_t person_id, int64_t staff_id,
                int64_t account_id, enum relationship_kind kind, day_t starts, day_t ends,
                int64_t contact_id, int64_t now, struct err *e)
{
    struct web_relationship_new r = {council,  person_id, staff_id,      account_id, kind,
                                     starts,   ends,      contact_id,    true,       true,
                                     "fixture"};
    return web_relationship_add(c, &r, now, NULL, e);
}

/* The extra people, many thousands of them: one prepared INSERT (the records layer's
 * person_create does a council update per person, which is right for people added one at a time
 * and far too slow for a benchmark's 100,000). References and name keys are made exactly as the
 * records layer makes them, and the council's next reference number is moved on at the end. */
static int bulk_people(struct store_conn *c, int64_t council, const char *code, int64_t count,
                       int64_t sw, int64_t sw2, int64_t now, json_t *spare, struct err *e)
{
    static const char *const given[] = {"Amira", "Ben",   "Chloe", "Dev",   "Ellen", "Faisal",
                                        "Grace", "Harry", "Isla",  "Jonah", "Kiran", "Leah"};
    static const char *const family[] = {"Adams",  "Begum", "Clarke", "Davies", "Evans",
                                         "Fisher", "Green", "Hughes", "Iqbal",  "Jones",
                                         "Khan",   "Lewis", "Morgan", "Nolan",  "Owens"};
    static const char *const groups[] = {"older_people", "physical_disability",
                                         "sensory_impairment", "learning_disability", "autism",
                                         "mental_health", "other"};
    char at[STORE_TIME_SIZE];
    int64_t next = 0;
    int rc;
    store_time_format(now, at);
    if ((rc = store_query_i64(c, "SELECT next_person_number FROM councils WHERE id = ?", 1,
                              &council, &next, e)) != 0)
        return rc;
    for (int64_t i = 0; i < count; i++) {
        struct store_stmt *s = NULL;
        char ref[40], dob[DATE_ISO_SIZE], gkey[64], fkey[64], fam[64];
        int64_t worker = i % 50 == 0 ? sw : i % 2 ? sw2 : 0;
        const char *g = given[i % 12];
        snprintf(fam, sizeof fam, "%s", family[(i / 12) % 15]);
        snprintf(ref, sizeof ref, "%s-%06lld", code, (long long)(next + i));
        date_format_iso((day_t)(-7300 + (i * 37) % 18000), dob);
        person_name_key(g, gkey, sizeof gkey);
        person_name_key(fam, fkey, sizeof fkey);
        rc = store_prepare(c,
                           "INSERT INTO people (council_id, reference, given_name, family_name, "
                           "given_key, family_key, date_of_birth, address_line1, town, postcode, "
                           "client_group, allocated_worker_id, created_at, updated_at) VALUES (?, "
                           "?, ?, ?, ?, ?, ?, '1 Test Street', 'Demoford', 'DM1 2AB', ?, ?, ?, ?) "
                           "RETURNING id",
                           &s, e);
        if (rc != 0)
            return rc;
        store_bind_i64(s, 1, council);
        store_bind_text(s, 2, ref);
        store_bind_text(s, 3, g);
        store_bind_text(s, 4, fam);
        store_bind_text(s, 5, gkey);
        store_bind_text(s, 6, fkey);
        store_bind_text(s, 7, dob);
        store_bind_text(s, 8, groups[i % 7]);
        store_bind_id_or_null(s, 9, worker);
        store_bind_text(s, 10, at);
        store_bind_text(s, 11, at);
        rc = store_step(s, e);
        if (rc == STORE_ROW && worker == sw2 && json_array_size(spare) < 8)
            json_array_append_new(spare, json_integer(store_col_i64(s, 0)));
        store_finish(s);
        if (rc < 0)
            return rc;
        /* Commit in batches so a 100,000-person store does not hold one giant transaction. */
        if (i % 5000 == 4999) {
            if ((rc = store_commit(c, e)) != 0 || (rc = store_begin(c, e)) != 0)
                return rc;
        }
    }
    {
        struct store_stmt *s = NULL;
        rc = store_prepare(c, "UPDATE councils SET next_person_number = ? WHERE id = ?", &s, e);
        if (rc != 0)
            return rc;
        store_bind_i64(s, 1, next + count);
        store_bind_i64(s, 2, council);
        rc = store_step(s, e);
        store_finish(s);
    }
    return rc < 0 ? rc : 0;
}

int web_fixture_seed(struct store_conn *c, int64_t now, int64_t extra_people, const char *pw_hash,
                     json_t **out, struct err *e)
{
    struct council ca = {0}, cb = {0};
    struct team north = {0}, south = {0};
    int64_t tm, sw, sw2, fo, co, ad, au, swb;
    int64_t p_linked, p_unlinked, p_ended, p_other;
    int64_t bh, rep, pa, org, adv, contact_linked, contact_ended;
    day_t today = (day_t)(now / 86400);
    struct contact ct;
    int rc;
    int64_t n = 0;
    json_t *spare = json_array();

    if ((rc = store_query_i64(c, "SELECT count(*) FROM councils", 0, NULL, &n, e)) != 0)
        return rc;
    if (n != 0)
        return err_set(e, ERR_CONFLICT,
                       "The test fixture goes only into an empty store (this one has %lld "
                       "councils).",
                       (long long)n);
    if ((rc = store_begin(c, e)) != 0)
        return rc;
#define TRY(x)                                                                             \
    do {                                                                                   \
        if ((rc = (x)) != 0)                                                               \
            goto fail;                                                                     \
    } while (0)
    str_copy(ca.code, sizeof ca.code, "TESTA");
    str_copy(ca.name, sizeof ca.name, "Testshire Council");
    TRY(council_create(c, &ca, now, e));
    str_copy(cb.code, sizeof cb.code, "TESTB");
    str_copy(cb.name, sizeof cb.name, "Otherborough Council");
    TRY(council_create(c, &cb, now, e));
    str_copy(north.name, sizeof north.name, "North team");
    TRY(team_create(c, ca.id, &north, now, e));
    str_copy(south.name, sizeof south.name, "South team");
    TRY(team_create(c, ca.id, &south, now, e));

    TRY(staff(c, ca.id, north.id, 0, "Tom Manager", "team-manager@testa.example",
              ROLE_TEAM_MANAGER, pw_hash, now, &tm, e));
    TRY(staff(c, ca.id, north.id, tm, "Sam Worker", "social-worker@testa.example",
              ROLE_SOCIAL_WORKER, pw_hash, now, &sw, e));
    TRY(staff(c, ca.id, south.id, 0, "Sue Southworker", "social-worker-2@testa.example",
              ROLE_SOCIAL_WORKER, pw_hash, now, &sw2, e));
    TRY(staff(c, ca.id, 0, 0, "Fran Finance", "finance-officer@testa.example",
              ROLE_FINANCE_OFFICER, pw_hash, now, &fo, e));
    TRY(staff(c, ca.id, 0, 0, "Cal Commissioner", "commissioner@testa.example",
              ROLE_COMMISSIONER, pw_hash, now, &co, e));
    TRY(staff(c, ca.id, 0, 0, "Ada Admin", "council-administrator@testa.example",
              ROLE_COUNCIL_ADMIN, pw_hash, now, &ad, e));
    TRY(staff(c, ca.id, 0, 0, "Aud Itor", "auditor@testa.example", ROLE_AUDITOR, pw_hash, now,
              &au, e));
    TRY(staff(c, cb.id, 0, 0, "Bob Otherworker", "social-worker@testb.example",
              ROLE_SOCIAL_WORKER, pw_hash, now, &swb, e));

    TRY(person(c, ca.id, "Linda", "Linked", "1950-03-31", sw, CLIENT_OLDER_PEOPLE, now,
               &p_linked, e));
    TRY(person(c, ca.id, "Ursula", "Unlinked", "1961-07-14", sw2, CLIENT_PHYSICAL_DISABILITY, now,
               &p_unlinked, e));
    TRY(person(c, ca.id, "Edna", "Ended", "1948-11-02", sw2, CLIENT_LEARNING_DISABILITY, now,
               &p_ended, e));
    TRY(person(c, cb.id, "Olive", "Other", "1955-01-20", swb, CLIENT_OLDER_PEOPLE, now, &p_other,
               e));

    memset(&ct, 0, sizeof ct);
    ct.person_id = p_linked;
    str_copy(ct.name, sizeof ct.name, "Rita Representative");
    str_copy(ct.relationship, sizeof ct.relationship, "daughter");
    ct.authority = AUTHORITY_LASTING_POWER_OF_ATTORNEY;
    ct.authority_scope = SCOPE_BOTH;
    TRY(contact_create(c, ca.id, &ct, now, e));
    contact_linked = ct.id;
    memset(&ct, 0, sizeof ct);
    ct.person_id = p_ended;
    str_copy(ct.name, sizeof ct.name, "Rita Representative");
    str_copy(ct.relationship, sizeof ct.relationship, "niece");
    ct.authority = AUTHORITY_NOMINATED_PERSON;
    TRY(contact_create(c, ca.id, &ct, now, e));
    contact_ended = ct.id;

    TRY(account(c, ca.id, "budget-holder@testa.example", "Linda Linked", USER_BUDGET_HOLDER,
                p_linked, 0, pw_hash, now, &bh, e));
    TRY(account(c, ca.id, "representative@testa.example", "Rita Representative",
                USER_REPRESENTATIVE, 0, contact_linked, pw_hash, now, &rep, e));
    TRY(account(c, ca.id, "personal-assistant@testa.example", "Pat Assistant",
                USER_PERSONAL_ASSISTANT, 0, 0, pw_hash, now, &pa, e));
    TRY(account(c, ca.id, "support-organisation-worker@testa.example", "Orla Organisation",
                USER_SUPPORT_ORG_WORKER, 0, 0, pw_hash, now, &org, e));
    TRY(account(c, ca.id, "advocate@testa.example", "Ade Advocate", USER_ADVOCATE, 0, 0, pw_hash,
                now, &adv, e));

    /* Live links to "linked"; links to "ended" that ended yesterday. */
    TRY(link(c, ca.id, p_linked, 0, rep, REL_REPRESENTATIVE, today - 100, REL_OPEN_END,
             contact_linked, now, e));
    TRY(link(c, ca.id, p_linked, 0, pa, REL_PA, today - 100, REL_OPEN_END, 0, now, e));
    TRY(link(c, ca.id, p_linked, 0, org, REL_SUPPORT_ORG, today - 100, REL_OPEN_END, 0, now, e));
    TRY(link(c, ca.id, p_linked, 0, adv, REL_ADVOCACY, today - 100, REL_OPEN_END, 0, now, e));
    TRY(link(c, ca.id, p_ended, sw, 0, REL_ALLOCATED_WORKER, today - 400, today - 1, 0, now, e));
    TRY(link(c, ca.id, p_ended, 0, rep, REL_REPRESENTATIVE, today - 400, today - 1,
             contact_ended, now, e));
    TRY(link(c, ca.id, p_ended, 0, pa, REL_PA, today - 400, today - 1, 0, now, e));
    TRY(link(c, ca.id, p_ended, 0, org, REL_SUPPORT_ORG, today - 400, today - 1, 0, now, e));
    TRY(link(c, ca.id, p_ended, 0, adv, REL_ADVOCACY, today - 400, today - 1, 0, now, e));

    if (extra_people > 0)
        TRY(bulk_people(c, ca.id, ca.code, extra_people, sw, sw2, now, spare, e));
    TRY(store_commit(c, e));
#undef TRY
    /* Fresh statistics, so the planners see 100,000 people as they are. */
    if ((rc = store_exec(c, "ANALYZE", e)) != 0)
        goto fail;

    *out = json_pack(
        "{s:s, s:{s:I, s:I}, s:{s:I, s:I, s:I, s:I}, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
        "s:s, s:s, s:s, s:s}, s:I}",
        "password", "fixture-password-1", "councils", "a", (json_int_t)ca.id, "b",
        (json_int_t)cb.id, "people", "linked", (json_int_t)p_linked, "unlinked",
        (json_int_t)p_unlinked, "ended", (json_int_t)p_ended, "other", (json_int_t)p_other,
        "logins", "social-worker", "social-worker@testa.example", "team-manager",
        "team-manager@testa.example", "finance-officer", "finance-officer@testa.example",
        "commissioner", "commissioner@testa.example", "council-administrator",
        "council-administrator@testa.example", "auditor", "auditor@testa.example",
        "budget-holder", "budget-holder@testa.example", "representative",
        "representative@testa.example", "personal-assistant", "personal-assistant@testa.example",
        "support-organisation-worker", "support-organisation-worker@testa.example", "advocate",
        "advocate@testa.example", "other-council-social-worker", "social-worker@testb.example",
        "extra_people", (json_int_t)extra_people);
    if (*out)
        json_object_set_new(*out, "spare_unlinked", spare);
    else
        json_decref(spare);
    (void)co;
    (void)ad;
    (void)au;
    (void)fo;
    (void)bh;
    return *out ? 0 : err_set(e, ERR_NOMEM, "out of memory");
fail:
    json_decref(spare);
    store_rollback(c);
    return rc;
}
