/* web_demo.c — demo sign-ins (see web_demo.h). */
#include "store/web_demo.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/str.h"
#include "store/records.h"
#include "store/store.h"
#include "store/web_store.h"

static void add(struct web_demo_login *out, size_t max, size_t *n, const char *username,
                enum role role, const char *who)
{
    if (*n >= max)
        return;
    snprintf(out[*n].username, sizeof out[*n].username, "%s", username);
    out[*n].role = role;
    snprintf(out[*n].who, sizeof out[*n].who, "%s", who);
    (*n)++;
}

/* The first staff member of a role (the social worker: the one with most people allocated). */
static int pick_staff(struct store_conn *c, int64_t council_id, const char *role, int64_t *id,
                      char *email, size_t emailsz, char *name, size_t namesz, int64_t *people,
                      struct err *e)
{
    struct store_stmt *s = NULL;
    int rc = store_prepare(c,
                           "SELECT s.id, s.email, s.name, (SELECT count(*) FROM people p WHERE "
                           "p.council_id = s.council_id AND p.allocated_worker_id = s.id) AS n "
                           "FROM staff s WHERE s.council_id = ? AND s.role = ? AND s.active = 1 "
                           "ORDER BY n DESC, s.id LIMIT 1",
                           &s, e);
    *id = 0;
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_text(s, 2, role);
    rc = store_step(s, e);
    if (rc == STORE_ROW) {
        *id = store_col_i64(s, 0);
        (void)store_col_copy(s, 1, email, emailsz);
        (void)store_col_copy(s, 2, name, namesz);
        *people = store_col_i64(s, 3);
        rc = 0;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* The nth person allocated to a worker (or in the council when worker is 0), by id. */
static int pick_person(struct store_conn *c, int64_t council_id, int64_t worker, int nth,
                       struct person *p, struct err *e)
{
    struct store_stmt *s = NULL;
    int64_t id = 0;
    int rc = store_prepare(c,
                           worker ? "SELECT id FROM people WHERE council_id = ? AND "
                                    "allocated_worker_id = ? ORDER BY id LIMIT 1 OFFSET ?"
                                  : "SELECT id FROM people WHERE council_id = ? AND ? = 0 ORDER "
                                    "BY id LIMIT 1 OFFSET ?",
                           &s, e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, worker);
    store_bind_i64(s, 3, nth);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0)
        return rc;
    if (!id)
        return err_set(e, ERR_NOT_FOUND, "The demo council has too few people for demo sign-ins.");
    return person_get(c, council_id, id, p, e);
}

int web_demo_seed(struct store_conn *c, int64_t council_id, int64_t now, const char *pw_hash,
                  struct web_demo_login *out, size_t max, size_t *n, struct err *e)
{
    static const struct {
        const char *role;
        enum role as;
        const char *label;
    } staff_roles[] = {
        {"social_worker", USER_SOCIAL_WORKER, "social worker"},
        {"team_manager", USER_TEAM_MANAGER, "team manager"},
        {"finance_officer", USER_FINANCE_OFFICER, "finance officer"},
        {"auditor", USER_AUDITOR, "auditor"},
    };
    int64_t worker = 0;
    day_t today = (day_t)(now / 86400);
    struct person bh, rp, org;
    struct contact ct;
    int64_t acc = 0;
    char who[400];
    int rc;

    *n = 0;
    if ((rc = store_begin(c, e)) != 0)
        return rc;
#define TRY(x)                                                                             \
    do {                                                                                   \
        if ((rc = (x)) != 0)                                                               \
            goto fail;                                                                     \
    } while (0)
    for (size_t i = 0; i < sizeof staff_roles / sizeof staff_roles[0]; i++) {
        char email[256], name[128];
        int64_t id, people = 0;
        TRY(pick_staff(c, council_id, staff_roles[i].role, &id, email, sizeof email, name,
                       sizeof name, &people, e));
        if (!id)
            continue;
        if (staff_roles[i].as == USER_SOCIAL_WORKER)
            worker = id;
        TRY(web_login_set_password(c, LOGIN_STAFF, council_id, id, pw_hash, now, e));
        if (staff_roles[i].as == USER_SOCIAL_WORKER)
            snprintf(who, sizeof who, "%s, %s with %lld people", name, staff_roles[i].label,
                     (long long)people);
        else
            snprintf(who, sizeof who, "%s, %s", name, staff_roles[i].label);
        add(out, max, n, email, staff_roles[i].as, who);
    }

    /* A budget holder: the social worker's first person, signing in to their own record. */
    TRY(pick_person(c, council_id, worker, 0, &bh, e));
    {
        struct web_account_new a = {council_id, "budget-holder@demo.example", "", USER_BUDGET_HOLDER,
                                    bh.id, 0, "", pw_hash};
        char name[256];
        snprintf(name, sizeof name, "%.100s %.100s", bh.given_name, bh.family_name);
        a.display_name = name;
        TRY(web_account_create(c, &a, now, &acc, e));
        snprintf(who, sizeof who, "%.120s (%.32s), their own record", name, bh.reference);
        add(out, max, n, a.username, USER_BUDGET_HOLDER, who);
    }

    /* A representative with a lasting power of attorney recorded, for the second person. */
    TRY(pick_person(c, council_id, worker, 1, &rp, e));
    memset(&ct, 0, sizeof ct);
    ct.person_id = rp.id;
    str_copy(ct.name, sizeof ct.name, "Rita Demo");
    str_copy(ct.relationship, sizeof ct.relationship, "daughter");
    ct.authority = AUTHORITY_LASTING_POWER_OF_ATTORNEY;
    ct.authority_scope = SCOPE_BOTH;
    str_copy(ct.authority_notes, sizeof ct.authority_notes, "Demo: OPG reference 7000-0000-0000");
    TRY(contact_create(c, council_id, &ct, now, e));
    {
        struct web_account_new a = {council_id, "representative@demo.example", "Rita Demo",
                                    USER_REPRESENTATIVE, 0, ct.id, "", pw_hash};
        struct web_relationship_new r = {council_id, rp.id, 0, 0, REL_REPRESENTATIVE,
                                         today - 200, REL_OPEN_END, ct.id, false, false,
                                         "Lasting power of attorney, both kinds"};
        TRY(web_account_create(c, &a, now, &acc, e));
        r.account_id = acc;
        TRY(web_relationship_add(c, &r, now, NULL, e));
        snprintf(who, sizeof who, "Rita Demo, acting for %.60s %.60s", rp.given_name,
                 rp.family_name);
        add(out, max, n, a.username, USER_REPRESENTATIVE, who);
    }

    /* A support organisation worker and an advocate for the third person, and a PA. */
    TRY(pick_person(c, council_id, worker, 2, &org, e));
    {
        static const struct {
            const char *user, *name, *org;
            enum role role;
            enum relationship_kind kind;
            const char *what;
        } others[] = {
            {"support-worker@demo.example", "Orla Demo", "Demo Centre for Independent Living",
             USER_SUPPORT_ORG_WORKER, REL_SUPPORT_ORG, "payroll support"},
            {"advocate@demo.example", "Ade Demo", "Demo Advocacy", USER_ADVOCATE, REL_ADVOCACY,
             "advocacy"},
            {"personal-assistant@demo.example", "Pat Demo", "", USER_PERSONAL_ASSISTANT, REL_PA,
             "personal assistant"},
        };
        for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
            struct web_account_new a = {council_id, others[i].user, others[i].name, others[i].role,
                                        0, 0, others[i].org, pw_hash};
            struct web_relationship_new r = {council_id, org.id, 0, 0, others[i].kind,
                                             today - 60, REL_OPEN_END, 0, true, true,
                                             "Referral accepted; consent recorded"};
            TRY(web_account_create(c, &a, now, &acc, e));
            r.account_id = acc;
            TRY(web_relationship_add(c, &r, now, NULL, e));
            snprintf(who, sizeof who, "%s, %s for %.60s %.60s", others[i].name, others[i].what,
                     org.given_name, org.family_name);
            add(out, max, n, a.username, others[i].role, who);
        }
    }
#undef TRY
    return store_commit(c, e);
fail:
    store_rollback(c);
    return rc;
}
