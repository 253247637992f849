/* demo_records.c — the demo council; see demo_records.h. */
#include "store/demo_records.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "store/records.h"
#include "store/store.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const team_names[] = {
    "Older People and Sensory Team",
    "Learning Disability and Autism Team",
    "Physical Disability Team",
    "Mental Health Team",
};

/* Which team works with each client group (index into team_names). */
static int team_for(enum client_group g)
{
    switch (g) {
    case CLIENT_OLDER_PEOPLE:
    case CLIENT_SENSORY_IMPAIRMENT:
        return 0;
    case CLIENT_LEARNING_DISABILITY:
    case CLIENT_AUTISM:
        return 1;
    case CLIENT_MENTAL_HEALTH:
        return 3;
    case CLIENT_PHYSICAL_DISABILITY:
    case CLIENT_OTHER:
    default:
        return 2;
    }
}

/* Fixed, so that documentation and browser tests can name them. Managers come first: the social
 * workers of a team report to its manager. Sign-off limits are a year's cost of support. */
static const struct {
    const char *name, *email;
    enum staff_role role;
    int team; /* -1: none */
    int64_t limit_pence;
} demo_staff[] = {
    {"Helen Carter", "helen.carter@demo.example", ROLE_TEAM_MANAGER, 0, 5000000},
    {"Marcus Reid", "marcus.reid@demo.example", ROLE_TEAM_MANAGER, 1, 5000000},
    {"Joanna Price", "joanna.price@demo.example", ROLE_TEAM_MANAGER, 2, 5000000},
    {"Femi Adebayo", "femi.adebayo@demo.example", ROLE_TEAM_MANAGER, 3, 5000000},
    {"Priya Shah", "priya.shah@demo.example", ROLE_SOCIAL_WORKER, 0, 1500000},
    {"Tom Walsh", "tom.walsh@demo.example", ROLE_SOCIAL_WORKER, 0, 1500000},
    {"Sam Okoro", "sam.okoro@demo.example", ROLE_SOCIAL_WORKER, 1, 1500000},
    {"Laura Bennett", "laura.bennett@demo.example", ROLE_SOCIAL_WORKER, 1, 1500000},
    {"Daniel Hughes", "daniel.hughes@demo.example", ROLE_SOCIAL_WORKER, 2, 1500000},
    {"Aisha Rahman", "aisha.rahman@demo.example", ROLE_SOCIAL_WORKER, 2, 1500000},
    {"Ciara Doyle", "ciara.doyle@demo.example", ROLE_SOCIAL_WORKER, 3, 1500000},
    {"Ben Foster", "ben.foster@demo.example", ROLE_SOCIAL_WORKER, 3, 1500000},
    {"Grace Liu", "grace.liu@demo.example", ROLE_FINANCE_OFFICER, -1, 0},
    {"Robert Hale", "robert.hale@demo.example", ROLE_FINANCE_APPROVER, -1, 25000000},
    {"Nadia Kowalska", "nadia.kowalska@demo.example", ROLE_COMMISSIONER, -1, 0},
    {"Owen Fletcher", "owen.fletcher@demo.example", ROLE_COUNCIL_ADMIN, -1, 0},
    {"Ruth Ellis", "ruth.ellis@demo.example", ROLE_AUDITOR, -1, 0},
    {"Kwame Mensah", "kwame.mensah@demo.example", ROLE_DUTY, -1, 0},
};

int demo_person_record(const struct demo_person *d, struct person *p)
{
    enum client_group g;
    memset(p, 0, sizeof *p);
    if (client_group_parse(d->client_group, &g) != 0)
        return ERR_INVALID;
    if (str_copy(p->given_name, sizeof p->given_name, d->given_name) ||
        str_copy(p->family_name, sizeof p->family_name, d->family_name) ||
        str_copy(p->preferred_name, sizeof p->preferred_name, d->preferred_name) ||
        str_copy(p->nhs_number, sizeof p->nhs_number, d->nhs_number) ||
        str_copy(p->address_line1, sizeof p->address_line1, d->address_line1) ||
        str_copy(p->address_line2, sizeof p->address_line2, d->address_line2) ||
        str_copy(p->town, sizeof p->town, d->town) ||
        str_copy(p->postcode, sizeof p->postcode, d->postcode) ||
        str_copy(p->phone, sizeof p->phone, d->phone) ||
        str_copy(p->email, sizeof p->email, d->email) ||
        str_copy(p->communication_needs, sizeof p->communication_needs, d->communication_needs))
        return ERR_INVALID;
    p->date_of_birth = d->date_of_birth;
    p->client_group = g;
    p->easy_read = d->easy_read;
    return 0;
}

int demo_contact_record(const struct demo_contact *d, int64_t person_id, struct contact *ct)
{
    enum contact_authority a;
    enum authority_scope s;
    memset(ct, 0, sizeof *ct);
    if (contact_authority_parse(d->authority, &a) != 0 ||
        authority_scope_parse(d->authority_scope, &s) != 0)
        return ERR_INVALID;
    if (str_copy(ct->name, sizeof ct->name, d->name) ||
        str_copy(ct->relationship, sizeof ct->relationship, d->relationship) ||
        str_copy(ct->phone, sizeof ct->phone, d->phone) ||
        str_copy(ct->email, sizeof ct->email, d->email) ||
        str_copy(ct->authority_notes, sizeof ct->authority_notes, d->authority_notes))
        return ERR_INVALID;
    ct->person_id = person_id;
    ct->authority = a;
    ct->authority_scope = s;
    ct->emergency_contact = d->emergency_contact;
    return 0;
}

static int make_staff(struct store_conn *c, const struct demo_options *o, const int64_t *team_ids,
                      struct demo_summary *out, int64_t *ids, struct err *e)
{
    int64_t manager_of_team[N(team_names)] = {0};
    char hash[STAFF_HASH_SIZE];
    for (size_t i = 0; i < N(demo_staff); i++) {
        struct staff s = {0};
        int rc;
        str_copy(s.name, sizeof s.name, demo_staff[i].name);
        str_copy(s.email, sizeof s.email, demo_staff[i].email);
        s.role = demo_staff[i].role;
        s.sign_off_limit_pence = demo_staff[i].limit_pence;
        s.active = true;
        if (demo_staff[i].team >= 0) {
            s.team_id = team_ids[demo_staff[i].team];
            if (s.role == ROLE_SOCIAL_WORKER)
                s.manager_id = manager_of_team[demo_staff[i].team];
        }
        /* each its own salt: the same password never gives the same hash */
        if ((rc = staff_hash_password(o->password, hash, e)) != 0)
            return rc;
        str_copy(s.password_hash, sizeof s.password_hash, hash);
        if ((rc = staff_create(c, out->council_id, &s, o->now, e)) != 0)
            return rc;
        ids[i] = s.id;
        if (s.role == ROLE_TEAM_MANAGER)
            manager_of_team[demo_staff[i].team] = s.id;
        out->staff++;
        if (out->nlogins < DEMO_MAX_LOGINS) {
            struct demo_login *l = &out->logins[out->nlogins++];
            str_copy(l->email, sizeof l->email, s.email);
            str_copy(l->name, sizeof l->name, s.name);
            l->role = s.role;
            str_copy(l->team, sizeof l->team,
                     demo_staff[i].team >= 0 ? team_names[demo_staff[i].team] : "");
        }
    }
    return 0;
}

int demo_populate(struct store_conn *c, const struct demo_options *o, struct demo_summary *out,
                  struct err *e)
{
    struct council co = {0};
    int64_t team_ids[N(team_names)], staff_ids[N(demo_staff)];
    struct demo_rng rng;
    day_t today = (day_t)(o->now / 86400);
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = store_begin(c, e)) != 0)
        return rc;
    str_copy(co.code, sizeof co.code, "DEMO");
    str_copy(co.name, sizeof co.name, "Demo Borough Council");
    if ((rc = council_create(c, &co, o->now, e)) != 0)
        goto fail;
    out->council_id = co.id;
    str_copy(out->council_code, sizeof out->council_code, co.code);
    str_copy(out->council_name, sizeof out->council_name, co.name);
    for (size_t i = 0; i < N(team_names); i++) {
        struct team t = {0};
        str_copy(t.name, sizeof t.name, team_names[i]);
        if ((rc = team_create(c, co.id, &t, o->now, e)) != 0)
            goto fail;
        team_ids[i] = t.id;
        out->teams++;
    }
    if ((rc = make_staff(c, o, team_ids, out, staff_ids, e)) != 0)
        goto fail;

    demo_rng_seed(&rng, o->seed);
    for (uint32_t i = 0; i < o->people; i++) {
        struct demo_person d;
        struct person p;
        demo_person_generate(&rng, today, i, &d);
        if (demo_person_record(&d, &p) != 0) {
            rc = err_set(e, ERR_INVALID, "internal error: demo person %u does not fit a record", i);
            goto fail;
        }
        /* one in seven waits for allocation; the rest go to a social worker of their team */
        if (demo_rng_below(&rng, 7) != 0) {
            int team = team_for(p.client_group);
            size_t k = 0, pick = demo_rng_below(&rng, 2);
            for (size_t j = 0; j < N(demo_staff); j++)
                if (demo_staff[j].role == ROLE_SOCIAL_WORKER && demo_staff[j].team == team &&
                    k++ == pick)
                    p.allocated_worker_id = staff_ids[j];
        }
        if ((rc = person_create(c, co.id, &p, o->now, e)) != 0)
            goto fail;
        out->people++;
        out->by_group[p.client_group]++;
        if (p.allocated_worker_id)
            out->allocated++;
        for (int k = 0; k < d.ncontacts; k++) {
            struct contact ct;
            if (demo_contact_record(&d.contacts[k], p.id, &ct) != 0) {
                rc = err_set(e, ERR_INVALID,
                             "internal error: a contact of demo person %u does not fit a record", i);
                goto fail;
            }
            if ((rc = contact_create(c, co.id, &ct, o->now, e)) != 0)
                goto fail;
            out->contacts++;
            if (ct.authority == AUTHORITY_LASTING_POWER_OF_ATTORNEY ||
                ct.authority == AUTHORITY_DEPUTY)
                out->attorneys_and_deputies++;
            else if (ct.authority == AUTHORITY_NOMINATED_PERSON)
                out->nominated_persons++;
        }
    }
    return store_commit(c, e);
fail:
    store_rollback(c);
    return rc;
}
