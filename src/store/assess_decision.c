/* assess_decision.c — eligibility decisions made on stored assessments and kept with their
 * written reasons; see assess_store.h. */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/assess_store.h"
#include "store/assess_util.h"
#include "store/record_util.h"
#include "store/store.h"

/* What the rules were given, as JSON, so the decision can be worked again. */
static json_t *inputs_json(const struct assessment *as)
{
    json_t *doc = json_object(), *outcomes = json_object(), *wb = json_array();
    int n = as->kind == ASSESS_CARER ? ELIG_CARER_OUTCOMES : ELIG_ADULT_OUTCOMES;
    if (!doc || !outcomes || !wb) {
        json_decref(doc);
        json_decref(outcomes);
        json_decref(wb);
        return NULL;
    }
    json_object_set_new(doc, "kind", json_string(assess_kind_name(as->kind)));
    json_object_set_new(doc, as->kind == ASSESS_CARER ? "necessary_care" : "impairment",
                        json_string(assess_answer_name(as->condition1)));
    if (as->kind == ASSESS_CARER)
        json_object_set_new(doc, "health_at_risk",
                            json_string(assess_answer_name(as->health_at_risk)));
    for (int i = 0; i < n; i++) {
        const struct elig_outcome_info *info =
            as->kind == ASSESS_CARER ? elig_carer_outcome(i) : elig_adult_outcome(i);
        const struct assess_outcome *o = assess_find_outcome(as, info->key);
        json_t *reasons = json_array();
        for (unsigned bit = 1; o && bit <= ELIG_REASON_TAKES_LONGER; bit <<= 1)
            if (o->reasons & bit)
                json_array_append_new(reasons, json_string(elig_reason_key(bit)));
        json_object_set_new(outcomes, info->key,
                            json_pack("{s:s, s:o}", "status",
                                      o ? elig_status_key(o->status) : "unrecorded", "reasons",
                                      reasons ? reasons : json_array()));
    }
    json_object_set_new(doc, "outcomes", outcomes);
    json_object_set_new(doc, "significant_impact",
                        json_string(assess_answer_name(as->significant_impact)));
    for (unsigned bit = 1; bit <= ELIG_WB_CONTRIBUTION; bit <<= 1)
        if (as->wellbeing & bit)
            json_array_append_new(wb, json_string(elig_wellbeing_key(bit)));
    json_object_set_new(doc, "wellbeing", wb);
    json_object_set_new(doc, "ordinary_residence",
                        json_string(as->ordinary_residence ? as->ordinary_residence : ""));
    return doc;
}

int assess_decide(struct store_conn *c, int64_t council_id, const struct assessment *as,
                  const struct assess_actor *by, day_t today, int64_t now, struct arena *a,
                  struct assess_decision *out, struct err *e)
{
    struct elig_decision d;
    struct store_stmt *s;
    struct err le = {0};
    json_t *in_doc = NULL;
    char *in_text = NULL, *text;
    char day[DATE_ISO_SIZE];
    int rc;

    if ((rc = assess_need_tx(c, "Deciding eligibility", e)) != 0)
        return rc;
    if (!by || !by->id || !*by->id)
        return err_set(e, ERR_INVALID, "Who made the decision must be recorded.");
    /* Decide on what is stored now, whatever the caller's copy holds. */
    {
        struct assessment *fresh = arena_zalloc(a, sizeof *fresh);
        if (!fresh)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        if ((rc = assess_get(c, council_id, as->id, a, fresh, e)) != 0)
            return rc;
        as = fresh;
    }
    if (!as->ordinary_residence || (strcmp(as->ordinary_residence, "confirmed") != 0 &&
                                    strcmp(as->ordinary_residence, "not_confirmed") != 0))
        return err_set_field(e, ERR_INVALID, "ordinary_residence",
                             "Record whether the person is ordinarily resident in the council's "
                             "area (Care Act s.39) before deciding.");
    if (as->kind == ASSESS_CARER) {
        struct elig_carer_input in;
        assess_elig_carer_input(as, &in);
        rc = elig_carer_decide(&in, a, &d, e);
    } else {
        struct elig_adult_input in;
        assess_elig_adult_input(as, &in);
        rc = elig_adult_decide(&in, a, &d, e);
    }
    if (rc != 0)
        return rc;
    if (!(text = elig_decision_text(&d, a)))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!(in_doc = inputs_json(as)) || !(in_text = json_dumps(in_doc, JSON_COMPACT))) {
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
        goto done;
    }
    date_format_iso(today, day);
    memset(out, 0, sizeof *out);
    store_time_format(now, out->created_at);
    if ((rc = store_prepare(c,
                            "INSERT INTO eligibility_decisions (council_id, person_id, "
                            "assessment_id, kind, eligible, condition1, condition2, condition3, "
                            "unable_count, ordinary_residence, inputs_json, decision_text, "
                            "decided_on, decided_by, decided_by_name, created_at) VALUES (?, ?, ?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, as->person_id);
    store_bind_i64(s, 3, as->id);
    store_bind_text(s, 4, assess_kind_name(as->kind));
    store_bind_i64(s, 5, d.eligible);
    store_bind_i64(s, 6, d.condition[0]);
    store_bind_i64(s, 7, d.condition[1]);
    store_bind_i64(s, 8, d.condition[2]);
    store_bind_i64(s, 9, d.unable_count);
    store_bind_text(s, 10, as->ordinary_residence);
    store_bind_text(s, 11, in_text);
    store_bind_text(s, 12, text);
    store_bind_text(s, 13, day);
    store_bind_text(s, 14, by->id);
    store_bind_text(s, 15, by->name ? by->name : "");
    store_bind_text(s, 16, out->created_at);
    rc = store_step(s, &le);
    if (rc == STORE_ROW)
        out->id = store_col_i64(s, 0);
    store_finish(s);
    if (rc < 0) {
        rc = rec_write_error(rc, &le, "assessment_id",
                             "A decision has already been made on this assessment.", NULL, NULL,
                             e);
        goto done;
    }
    rc = 0;
    out->person_id = as->person_id;
    out->assessment_id = as->id;
    out->kind = as->kind;
    out->eligible = d.eligible;
    memcpy(out->condition, d.condition, sizeof out->condition);
    out->unable_count = d.unable_count;
    out->ordinary_residence = arena_strdup(a, as->ordinary_residence);
    out->inputs_json = arena_strdup(a, in_text);
    out->decision_text = text;
    out->decided_on = today;
    out->decided_by = arena_strdup(a, by->id);
    out->decided_by_name = arena_strdup(a, by->name ? by->name : "");
    if (!out->ordinary_residence || !out->inputs_json || !out->decided_by || !out->decided_by_name)
        rc = err_set(e, ERR_NOMEM, "Out of memory.");
done:
    free(in_text);
    json_decref(in_doc);
    return rc;
}

int assess_decision_get(struct store_conn *c, int64_t council_id, int64_t assessment_id,
                        struct arena *a, struct assess_decision *out, struct err *e)
{
    struct store_stmt *s;
    bool nomem = false, ok = true;
    int rc;
    const char *t;
    if ((rc = store_prepare(c,
                            "SELECT id, person_id, assessment_id, kind, eligible, condition1, "
                            "condition2, condition3, unable_count, ordinary_residence, "
                            "inputs_json, decision_text, decided_on, decided_by, decided_by_name, "
                            "created_at FROM eligibility_decisions WHERE council_id = ? AND "
                            "assessment_id = ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, assessment_id);
    rc = store_step(s, e);
    if (rc == STORE_DONE) {
        store_finish(s);
        return err_set(e, ERR_NOT_FOUND, "No eligibility decision has been made on this "
                                         "assessment yet.");
    }
    if (rc < 0) {
        store_finish(s);
        return rc;
    }
    memset(out, 0, sizeof *out);
    out->id = store_col_i64(s, 0);
    out->person_id = store_col_i64(s, 1);
    out->assessment_id = store_col_i64(s, 2);
    ok &= assess_kind_parse(store_col_text(s, 3), &out->kind) == 0;
    out->eligible = store_col_i64(s, 4) != 0;
    for (int i = 0; i < 3; i++)
        out->condition[i] = store_col_i64(s, 5 + i) != 0;
    out->unable_count = (int)store_col_i64(s, 8);
    out->ordinary_residence = assess_col_dup(s, 9, a, &nomem);
    out->inputs_json = assess_col_dup(s, 10, a, &nomem);
    out->decision_text = assess_col_dup(s, 11, a, &nomem);
    t = store_col_text(s, 12);
    ok &= t && date_parse_iso(t, strlen(t), &out->decided_on, "decided_on", NULL) == 0;
    out->decided_by = assess_col_dup(s, 13, a, &nomem);
    out->decided_by_name = assess_col_dup(s, 14, a, &nomem);
    store_col_copy(s, 15, out->created_at, sizeof out->created_at);
    store_finish(s);
    if (nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (!ok)
        return err_set(e, ERR_IO, "A stored eligibility decision could not be read.");
    return 0;
}
