/* pages_assess_flow.c — what the assessment pages and API share: loading the person, their
 * assessment and RAS configuration; starting, sending and completing an assessment in one
 * transaction each with their audit entries; see pages_assess.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/ras.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/web_store.h"
#include "web/app.h"
#include "web/audit_queue.h"
#include "web/guard.h"
#include "web/pages_assess.h"
#include "web/people.h"

day_t assess_web_today(struct request *req)
{
    return guard_today(req->now);
}

struct assess_actor assess_web_actor(struct request *req)
{
    return (struct assess_actor){principal_actor(req), req->who->display_name};
}

bool assess_web_may(struct request *req, enum access_action action, int64_t person_id)
{
    struct access_decision d;
    struct err e = {0};
    if (!access_action_needs_person(action))
        return access_decide(&(struct access_subject){req->who->role, req->who->council_id},
                             action, NULL, 0, req->now)
                   .outcome == ACCESS_ALLOW;
    if (guard_person(req->app, req, action, person_id, &d, &e) != 0)
        return false;
    return d.outcome == ACCESS_ALLOW;
}

int assess_web_audit(struct request *req, struct store_conn *c, int64_t person_id,
                     const char *action, const char *detail, struct err *e)
{
    struct audit_new an = {0};
    an.at = req->now;
    an.council_id = req->who->council_id;
    an.actor = principal_actor(req);
    an.actor_role = role_name(req->who->role);
    an.action = action;
    an.subject_type = "person";
    an.subject_id = person_id;
    an.remote_addr = req->remote_addr;
    an.detail = detail ? detail : "";
    return audit_append(c, &an, e);
}

/* The configuration the questions come from: the one the assessment started with when it can
 * still be read, else the one in force today for its kind. */
static void load_config(struct store_conn *c, struct request *req, struct assess_ctx *ctx)
{
    struct err e = {0};
    enum assess_kind kind = ctx->has_assessment ? ctx->as.kind : ASSESS_NEEDS;
    int rc;
    if (ctx->has_assessment && ctx->as.ras_config_id)
        rc = assess_ras_config_get(c, req->who->council_id, ctx->as.ras_config_id, &req->arena,
                                   &ctx->cfg_row, &e);
    else
        rc = assess_ras_config_in_force(c, req->who->council_id, kind, assess_web_today(req),
                                        &req->arena, &ctx->cfg_row, &e);
    if (rc == 0 && assess_ras_config_parse(&ctx->cfg_row, &req->arena, &ctx->cfg, &e) == 0)
        ctx->has_config = true;
    else
        ctx->cfg = NULL;
}

int assess_web_load(struct request *req, bool want_param, struct assess_ctx *ctx, struct err *e)
{
    struct store_conn *c = NULL;
    struct web_person p;
    const char *param = NULL;
    int64_t want = 0;
    int rc;

    memset(ctx, 0, sizeof *ctx);
    if (want_param) {
        if ((rc = request_query(req, "assessment", &param, e)) != 0)
            return rc;
        if (param && str_to_i64(param, strlen(param), 1, INT64_MAX, &want) != 0)
            return err_set_field(e, ERR_INVALID, "assessment",
                                 "assessment must be the number of one of the person's "
                                 "assessments.");
    }
    ctx->person_id = people_route_id(req);
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    if ((rc = web_person_get(c, req->who->council_id, ctx->person_id, &req->arena, &p, e)) != 0)
        goto done;
    ctx->person_name = arena_printf(&req->arena, "%s %s", p.given_name, p.family_name);
    ctx->person_reference = p.reference;
    ctx->self = req->who->role == USER_BUDGET_HOLDER && req->who->person_id == ctx->person_id;
    if (want)
        rc = assess_get(c, req->who->council_id, want, &req->arena, &ctx->as, e);
    else
        rc = assess_current(c, req->who->council_id, ctx->person_id, &req->arena, &ctx->as, e);
    if (rc == 0 && ctx->as.person_id != ctx->person_id)
        rc = err_set(e, ERR_NOT_FOUND, "There is no such assessment for this person.");
    if (rc == 0)
        ctx->has_assessment = true;
    else if (rc == ERR_NOT_FOUND && !want) {
        err_clear(e);
        rc = 0;
    } else
        goto done;
    load_config(c, req, ctx);
done:
    store_release(c);
    return rc;
}

int assess_web_flags(struct request *req, const struct assess_ctx *ctx,
                     const struct ras_flag **flags, size_t *n, struct err *e)
{
    struct ras_answers ans;
    int rc;
    *flags = NULL;
    *n = 0;
    if (!ctx->has_config || !ctx->has_assessment)
        return 0;
    if ((rc = assess_ras_answers(&ctx->as, NULL, assess_web_today(req), &req->arena, &ans, e)) != 0)
        return rc;
    return ras_check_answers(ctx->cfg, &ans, &req->arena, flags, n, e);
}

/* "287.00", or "none" when there is no figure. */
static const char *amount(struct request *req, int64_t pence)
{
    char m[MONEY_FMT_SIZE];
    if (pence < 0)
        return "none";
    money_format(pence, MONEY_FMT_PLAIN, m, sizeof m);
    return arena_strdup(&req->arena, m);
}

int assess_web_start(struct request *req, int64_t person_id, enum assess_kind kind,
                     struct assessment *out, struct err *e)
{
    struct store_conn *c = NULL;
    struct assess_ras_config_row row;
    struct assess_actor by = assess_web_actor(req);
    struct err ce = {0};
    int64_t cfg_id = 0;
    int rc;
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    if (assess_ras_config_in_force(c, req->who->council_id, kind, assess_web_today(req),
                                   &req->arena, &row, &ce) == 0)
        cfg_id = row.id;
    if ((rc = store_begin(c, e)) == 0 &&
        (rc = assess_start(c, req->who->council_id, person_id, kind, cfg_id, &by, req->now,
                           &req->arena, out, e)) == 0 &&
        (rc = assess_web_audit(req, c, person_id, "assessment.start",
                               arena_printf(&req->arena,
                                            "{\"assessment_id\":%" PRId64 ",\"kind\":\"%s\"}",
                                            out->id, assess_kind_name(kind)),
                               e)) == 0)
        rc = store_commit(c, e);
    if (rc != 0)
        store_rollback(c);
    store_release(c);
    return rc;
}

int assess_web_submit(struct request *req, struct assess_ctx *ctx, struct assess_calc *calc_out,
                      bool *calculated, struct err *e)
{
    struct store_conn *c = NULL;
    struct assess_actor by = assess_web_actor(req);
    struct assess_calc calc;
    struct err ce = {0};
    day_t today = assess_web_today(req);
    int rc, crc;

    *calculated = false;
    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    if ((rc = store_begin(c, e)) != 0 ||
        (rc = assess_submit(c, req->who->council_id, &ctx->as, &by, today, req->now, e)) != 0)
        goto done;
    crc = assess_budget_calculate(c, req->who->council_id, &ctx->as, &by, today, req->now,
                                  &req->arena, &calc, NULL, &ce);
    if (crc == 0 && calc.status == ASSESS_CALC_REFUSED) {
        rc = err_set(e, ERR_CONFLICT,
                     "Some answers need checking before the budget can be worked out.");
        goto done;
    }
    if (crc == 0)
        *calculated = true;
    else if (crc != ERR_NOT_FOUND) {
        rc = err_set(e, crc, "%s", ce.msg);
        goto done;
    }
    if ((rc = assess_web_audit(req, c, ctx->person_id, "assessment.submit",
                               arena_printf(&req->arena, "{\"assessment_id\":%" PRId64 "}",
                                            ctx->as.id),
                               e)) != 0)
        goto done;
    if (*calculated &&
        (rc = assess_web_audit(req, c, ctx->person_id, "budget.calculate",
                               arena_printf(&req->arena,
                                            "{\"assessment_id\":%" PRId64
                                            ",\"calculation_id\":%" PRId64 ",\"weekly\":\"%s\"}",
                                            ctx->as.id, calc.id, amount(req, calc.weekly)),
                               e)) != 0)
        goto done;
    rc = store_commit(c, e);
    if (rc == 0 && calc_out && *calculated)
        *calc_out = calc;
done:
    if (rc != 0) {
        store_rollback(c);
        *calculated = false;
    }
    store_release(c);
    return rc;
}

int assess_web_complete(struct request *req, struct assess_ctx *ctx, struct assess_decision *dec,
                        struct err *e)
{
    struct store_conn *c = NULL;
    struct assess_actor by = assess_web_actor(req);
    struct assess_calc calc;
    struct err ce = {0};
    day_t today = assess_web_today(req);
    bool calculated = false;
    int rc, crc;

    if ((rc = store_acquire(req->app->store, &c, e)) != 0)
        return rc;
    if ((rc = store_begin(c, e)) != 0 ||
        (rc = assess_update_facts(c, req->who->council_id, &ctx->as, req->now, e)) != 0 ||
        (rc = assess_mark_completed(c, req->who->council_id, &ctx->as, &by, today, req->now, e)) !=
            0 ||
        (rc = assess_decide(c, req->who->council_id, &ctx->as, &by, today, req->now, &req->arena,
                            dec, e)) != 0)
        goto done;
    /* A personal budget is for eligible needs (Care Act s.26): none is worked out otherwise. */
    crc = dec->eligible ? assess_budget_calculate(c, req->who->council_id, &ctx->as, &by, today,
                                                  req->now, &req->arena, &calc, NULL, &ce)
                        : ERR_NOT_FOUND;
    if (crc == 0 && calc.status == ASSESS_CALC_REFUSED) {
        rc = err_set(e, ERR_CONFLICT,
                     "Some answers need checking before the budget can be worked out.");
        goto done;
    }
    if (crc == 0)
        calculated = true;
    else if (crc != ERR_NOT_FOUND) {
        rc = err_set(e, crc, "%s", ce.msg);
        goto done;
    }
    if ((rc = assess_web_audit(
             req, c, ctx->person_id, "assessment.complete",
             arena_printf(&req->arena,
                          "{\"assessment_id\":%" PRId64 ",\"decision_id\":%" PRId64
                          ",\"eligible\":%s,\"weekly\":\"%s\"}",
                          ctx->as.id, dec->id, dec->eligible ? "true" : "false",
                          calculated ? amount(req, calc.weekly) : "none"),
             e)) != 0)
        goto done;
    rc = store_commit(c, e);
done:
    if (rc != 0)
        store_rollback(c);
    store_release(c);
    return rc;
}
