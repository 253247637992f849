/* The panel-request relationship as the store loads it for the access rule: a member of the
 * council's funding panel, in another team, reaches the person while a sign-off request about them
 * waits at the panel, and not before or after it is decided; nobody else gets it. */
#include <string.h>

#include "../check.h"
#include "base/err.h"
#include "domain/access.h"
#include "fixtures.h"
#include "store/web_store.h"

static bool has_panel(const struct web_access_facts *f)
{
    for (size_t i = 0; i < f->nrels; i++)
        if (f->rels[i].kind == REL_PANEL_REQUEST)
            return true;
    return false;
}

static struct web_login staff_login(int64_t council, int64_t id, int64_t team, enum role role)
{
    struct web_login w;
    memset(&w, 0, sizeof w);
    w.kind = LOGIN_STAFF;
    w.id = id;
    w.council_id = council;
    w.team_id = team;
    w.role = role;
    w.active = true;
    return w;
}

static int exec_i(struct store_conn *c, const char *sql, int64_t a, int64_t b, int64_t d)
{
    struct store_stmt *s;
    struct err e = {0};
    int rc = store_prepare(c, sql, &s, &e);
    if (rc != 0)
        return rc;
    store_bind_i64(s, 1, a);
    store_bind_i64(s, 2, b);
    store_bind_i64(s, 3, d);
    rc = store_step(s, &e);
    store_finish(s);
    return rc < 0 ? rc : 0;
}

/* A pending sign-off request about the person: at the panel, or held by the worker. */
static int64_t insert_request(struct store_conn *c, int64_t council, int64_t person,
                              int64_t worker, bool at_panel)
{
    struct store_stmt *s;
    struct err e = {0};
    int64_t id = 0;
    if (store_prepare(c,
                      "INSERT INTO signoff_requests (council_id, person_id, subject, subject_id, "
                      "subject_version, hash, annual_value, raised_by, worker_id, raised_on, "
                      "status, holder_kind, holder_id, created_at, updated_at) VALUES (?, ?, "
                      "'budget', 1, 1, "
                      "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 5000000, "
                      "'person:1', ?, '2025-06-10', 'pending', ?, ?, '2025-06-10T00:00:00Z', "
                      "'2025-06-10T00:00:00Z') RETURNING id",
                      &s, &e) != 0)
        return 0;
    store_bind_i64(s, 1, council);
    store_bind_i64(s, 2, person);
    store_bind_i64(s, 3, worker);
    store_bind_text(s, 4, at_panel ? "panel" : "worker");
    store_bind_id_or_null(s, 5, at_panel ? 0 : worker);
    if (store_step(s, &e) == STORE_ROW)
        id = store_col_i64(s, 0);
    store_finish(s);
    return id;
}

STORE_TEST(plan_panel_request_relationship_lasts_while_the_request_waits_at_the_panel)
{
    struct store_conn *c = fx_conn(st);
    struct err e = {0};
    struct web_access_facts f;
    struct person p;
    int64_t council = fx_council(c, "PNL"), other = fx_council(c, "PNO");
    int64_t north = fx_team(c, council, "North"), south = fx_team(c, council, "South");
    int64_t worker = fx_staff(c, council, north, "worker@pnl.example", ROLE_SOCIAL_WORKER);
    int64_t member = fx_staff(c, council, south, "member@pnl.example", ROLE_TEAM_MANAGER);
    int64_t outsider = fx_staff(c, council, south, "outsider@pnl.example", ROLE_SOCIAL_WORKER);
    int64_t far = fx_staff(c, other, 0, "member@pno.example", ROLE_TEAM_MANAGER);
    int64_t person, req = 0;
    struct web_login m = staff_login(council, member, south, USER_TEAM_MANAGER);
    struct web_login o = staff_login(council, outsider, south, USER_SOCIAL_WORKER);
    struct web_login fm = staff_login(other, far, 0, USER_TEAM_MANAGER);
    struct access_subject who = {.role = USER_TEAM_MANAGER, .council_id = council};
    struct access_target t;
    day_t today = (day_t)(FX_NOW / 86400);
    fx_person_init(&p, "Ada", "Lovelace", "1950-01-01");
    p.allocated_worker_id = worker;
    person = fx_person(c, council, "Ada", "Lovelace", "1950-01-01", &p);
    CHECK_INT(exec_i(c, "UPDATE people SET allocated_worker_id = ? WHERE council_id = ? AND id = ?",
                     worker, council, person),
              0);
    CHECK_INT(exec_i(c, "INSERT INTO signoff_panel (council_id, staff_id, added_by, added_at) "
                        "VALUES (?, ?, ?, '2025-06-01T00:00:00Z')",
                     council, member, member),
              0);
    CHECK_INT(exec_i(c, "INSERT INTO signoff_panel (council_id, staff_id, added_by, added_at) "
                        "VALUES (?, ?, ?, '2025-06-01T00:00:00Z')",
                     other, far, far),
              0);

    /* A panel member from another team: nothing before a request reaches the panel. */
    CHECK_INT(web_access_facts_load(c, &m, person, FX_NOW, &f, &e), 0);
    CHECK(f.has_person);
    CHECK(!has_panel(&f));
    t = (struct access_target){.has_person = true, .council_id = council, .rels = f.rels,
                               .nrels = f.nrels};
    CHECK_INT(access_decide(&who, ACT_SIGNOFF_DECIDE, &t, today, FX_NOW).outcome, ACCESS_DENY_403);

    /* A request still with the worker gives the panel nothing; one at the panel does. */
    CHECK(insert_request(c, council, person, worker, false) > 0);
    CHECK_INT(web_access_facts_load(c, &m, person, FX_NOW, &f, &e), 0);
    CHECK(!has_panel(&f));
    req = insert_request(c, council, person, worker, true);
    CHECK(req > 0);
    CHECK_INT(web_access_facts_load(c, &m, person, FX_NOW, &f, &e), 0);
    CHECK(has_panel(&f));
    t = (struct access_target){.has_person = true, .council_id = council, .rels = f.rels,
                               .nrels = f.nrels};
    CHECK_INT(access_decide(&who, ACT_SIGNOFF_DECIDE, &t, today, FX_NOW).outcome, ACCESS_ALLOW);
    CHECK_INT(access_decide(&who, ACT_PLAN_READ, &t, today, FX_NOW).outcome, ACCESS_ALLOW);
    CHECK_INT(access_decide(&who, ACT_PERSON_SUMMARY, &t, today, FX_NOW).outcome, ACCESS_DENY_403);
    /* Not on the panel: nothing. Another council's panel member: no such person. */
    CHECK_INT(web_access_facts_load(c, &o, person, FX_NOW, &f, &e), 0);
    CHECK(!has_panel(&f));
    CHECK_INT(web_access_facts_load(c, &fm, person, FX_NOW, &f, &e), 0);
    CHECK(!f.has_person);
    CHECK(!has_panel(&f));

    /* Decided: the relationship ends with it. */
    CHECK_INT(exec_i(c, "UPDATE signoff_requests SET status = 'approved' WHERE council_id = ? AND "
                        "id = ? AND person_id = ?",
                     council, req, person),
              0);
    CHECK_INT(web_access_facts_load(c, &m, person, FX_NOW, &f, &e), 0);
    CHECK(!has_panel(&f));
    store_release(c);
}
