/* dp_match.c — known payees, officer rules, manual matches and the transaction list of a direct
 * payment; see dp_store.h. The matching itself is domain/matching.c's. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "io/statement.h"
#include "store/dp_store.h"
#include "store/dp_util.h"
#include "store/record_util.h"

static const char *field_id(enum match_field f)
{
    switch (f) {
    case MATCH_FIELD_PAYEE: return "payee";
    case MATCH_FIELD_DESCRIPTION: return "description";
    case MATCH_FIELD_REFERENCE: return "reference";
    case MATCH_FIELD_ANY: return "any";
    }
    return "any";
}

static enum match_field field_parse(const char *s)
{
    if (s && strcmp(s, "payee") == 0)
        return MATCH_FIELD_PAYEE;
    if (s && strcmp(s, "description") == 0)
        return MATCH_FIELD_DESCRIPTION;
    if (s && strcmp(s, "reference") == 0)
        return MATCH_FIELD_REFERENCE;
    return MATCH_FIELD_ANY;
}

static const char *op_id(enum match_op o)
{
    return o == MATCH_EQUALS ? "equals" : o == MATCH_STARTS_WITH ? "starts_with" : "contains";
}

static enum match_op op_parse(const char *s)
{
    if (s && strcmp(s, "equals") == 0)
        return MATCH_EQUALS;
    if (s && strcmp(s, "starts_with") == 0)
        return MATCH_STARTS_WITH;
    return MATCH_CONTAINS;
}

static const char *method_id(enum match_method m)
{
    switch (m) {
    case MATCH_RULE: return "rule";
    case MATCH_PAYEE: return "payee";
    case MATCH_REFERENCE: return "reference";
    case MATCH_NONE: break;
    }
    return "none";
}

int dp_book_load(struct store_conn *c, int64_t council_id, int64_t dp_id, struct arena *a,
                 struct match_book *out, struct err *e)
{
    struct store_stmt *s;
    struct match_rule *rules = NULL;
    struct match_payee *payees = NULL;
    struct match_plan_line *lines = NULL;
    size_t cap = 0;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(c, "SELECT id, field, op, pattern, min_amount, max_amount, "
                               "plan_line_id, priority, learned FROM dp_match_rules WHERE "
                               "council_id = ? AND dp_id = ? AND active = 1 ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct match_rule *r;
        if ((rc = dp_grow(a, (void **)&rules, &cap, out->nrules, sizeof *r, e)) != 0)
            break;
        r = &rules[out->nrules++];
        r->id = store_col_i64(s, 0);
        r->field = field_parse(store_col_text(s, 1));
        r->op = op_parse(store_col_text(s, 2));
        r->pattern = dp_col_text(a, s, 3);
        r->min_amount = store_col_i64(s, 4);
        r->max_amount = store_col_i64(s, 5);
        r->plan_line_id = store_col_i64(s, 6);
        r->priority = (int)store_col_i64(s, 7);
        r->learned = store_col_i64(s, 8) != 0;
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    out->rules = rules;
    cap = 0;
    if ((rc = store_prepare(c, "SELECT id, name, aliases, plan_line_id, is_pa, is_agency, is_hmrc, "
                               "family_same_household, authorised FROM dp_payees WHERE council_id "
                               "= ? AND dp_id = ? ORDER BY id",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct match_payee *p;
        const char *aliases;
        if ((rc = dp_grow(a, (void **)&payees, &cap, out->npayees, sizeof *p, e)) != 0)
            break;
        p = &payees[out->npayees++];
        p->id = store_col_i64(s, 0);
        p->name = dp_col_text(a, s, 1);
        aliases = dp_col_text(a, s, 2);
        p->aliases = aliases && *aliases ? aliases : NULL;
        p->plan_line_id = store_col_i64(s, 3);
        p->flags = (store_col_i64(s, 4) ? PAYEE_PA : 0u) | (store_col_i64(s, 5) ? PAYEE_AGENCY : 0u) |
                   (store_col_i64(s, 6) ? PAYEE_HMRC : 0u) |
                   (store_col_i64(s, 7) ? PAYEE_FAMILY_SAME_HOUSEHOLD : 0u) |
                   (store_col_i64(s, 8) ? PAYEE_AUTHORISED : 0u);
    }
    store_finish(s);
    if (rc < 0)
        return rc;
    out->payees = payees;
    cap = 0;
    if ((rc = store_prepare(c, "SELECT l.id, l.description, l.reference FROM plan_lines l JOIN "
                               "direct_payments d ON d.council_id = l.council_id AND d.plan_id = "
                               "l.plan_id WHERE d.council_id = ? AND d.id = ? AND l.managed_by = "
                               "'direct_payment' ORDER BY l.ord",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct match_plan_line *l;
        if ((rc = dp_grow(a, (void **)&lines, &cap, out->nlines, sizeof *l, e)) != 0)
            break;
        l = &lines[out->nlines++];
        l->id = store_col_i64(s, 0);
        l->name = dp_col_text(a, s, 1);
        /* The plan line's reference (0060), matched against the statement's (MATCH_REFERENCE). */
        l->reference = dp_col_text(a, s, 2);
        if (l->reference && !*l->reference)
            l->reference = NULL;
    }
    store_finish(s);
    out->lines = lines;
    return rc < 0 ? rc : 0;
}

static bool line_in_book(const struct match_book *b, int64_t id)
{
    for (size_t i = 0; i < b->nlines; i++)
        if (b->lines[i].id == id)
            return true;
    return false;
}

int dp_payee_add(struct store_conn *c, int64_t council_id, int64_t dp_id,
                 const struct dp_payee_new *p, const char *actor, int64_t now, int64_t *id,
                 struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    struct arena a;
    char stamp[STORE_TIME_SIZE];
    const char *name = NULL, *aliases = NULL, *note = NULL;
    int rc, i = 1;
    arena_init(&a, 0);
    if ((rc = dp_text(&a, p->name, 1, 120, false, "name", "The payee's name", &name, e)) != 0 ||
        (rc = dp_text(&a, p->aliases, 0, 500, false, "aliases", "Other names", &aliases, e)) != 0 ||
        (rc = dp_text(&a, p->authorised_note, 0, 500, true, "authorised_note",
                      "The note about the authorisation", &note, e)) != 0)
        goto done;
    if (p->plan_line_id) {
        struct match_book book;
        if ((rc = dp_book_load(c, council_id, dp_id, &a, &book, e)) != 0)
            goto done;
        if (!line_in_book(&book, p->plan_line_id)) {
            rc = err_set_field(e, ERR_INVALID, "plan_line_id",
                               "That is not a direct-payment line of this person's plan.");
            goto done;
        }
    }
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_payees (council_id, dp_id, name, aliases, "
                               "plan_line_id, is_pa, is_agency, is_hmrc, family_same_household, "
                               "authorised, authorised_note, created_by, created_at) VALUES (?, ?, "
                               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, dp_id);
    store_bind_text(s, i++, name);
    store_bind_text(s, i++, aliases);
    store_bind_id_or_null(s, i++, p->plan_line_id);
    store_bind_i64(s, i++, (p->flags & PAYEE_PA) != 0);
    store_bind_i64(s, i++, (p->flags & PAYEE_AGENCY) != 0);
    store_bind_i64(s, i++, (p->flags & PAYEE_HMRC) != 0);
    store_bind_i64(s, i++, (p->flags & PAYEE_FAMILY_SAME_HOUSEHOLD) != 0);
    store_bind_i64(s, i++, (p->flags & PAYEE_AUTHORISED) != 0);
    store_bind_text(s, i++, note);
    store_bind_text(s, i++, actor && *actor ? actor : "system");
    store_bind_text(s, i, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW && id)
        *id = store_col_i64(s, 0);
    store_finish(s);
    if (rc == STORE_ROW)
        rc = 0;
    else
        rc = rec_write_error(rc < 0 ? rc : ERR_IO, &le, NULL, NULL, "dp_id",
                             "There is no such direct payment in this council.", e);
done:
    arena_release(&a);
    return rc;
}

/* Matches the direct payment's transactions again with the current book (manual matches stay). */
static int rematch(struct store_conn *c, int64_t council_id, int64_t dp_id, size_t *changed,
                   struct err *e)
{
    struct store_stmt *s;
    struct arena a;
    struct match_book book;
    struct row {
        int64_t id, plan_line_id, rule_id, payee_id;
        struct statement_txn t;
        struct match_result m;
    } *rows = NULL;
    size_t n = 0, cap = 0;
    int rc;
    *changed = 0;
    arena_init(&a, 0);
    if ((rc = dp_book_load(c, council_id, dp_id, &a, &book, e)) != 0)
        goto done;
    if ((rc = store_prepare(c, "SELECT id, amount, description, reference, payee, type, "
                               "plan_line_id, match_rule_id, match_payee_id FROM dp_txns WHERE "
                               "council_id = ? AND dp_id = ? AND match_method <> 'manual'",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    while ((rc = store_step(s, e)) == STORE_ROW) {
        struct row *r;
        if ((rc = dp_grow(&a, (void **)&rows, &cap, n, sizeof *r, e)) != 0)
            break;
        r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->id = store_col_i64(s, 0);
        r->t.amount = store_col_i64(s, 1);
        r->t.description = dp_col_text(&a, s, 2);
        r->t.reference = dp_col_text(&a, s, 3);
        r->t.payee = dp_col_text(&a, s, 4);
        r->t.type = dp_col_text(&a, s, 5);
        r->plan_line_id = store_col_i64(s, 6);
        r->rule_id = store_col_i64(s, 7);
        r->payee_id = store_col_i64(s, 8);
    }
    store_finish(s);
    if (rc < 0)
        goto done;
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct row *r = &rows[i];
        if ((rc = match_txn(&r->t, &book, &a, &r->m, e)) != 0)
            break;
        if (r->m.plan_line_id == r->plan_line_id && r->m.rule_id == r->rule_id &&
            r->m.payee_id == r->payee_id)
            continue;
        if ((rc = store_prepare(c, "UPDATE dp_txns SET match_method = ?, plan_line_id = ?, "
                                   "match_rule_id = ?, match_payee_id = ? WHERE council_id = ? AND "
                                   "id = ?",
                                &s, e)) != 0)
            break;
        store_bind_text(s, 1, method_id(r->m.method));
        store_bind_id_or_null(s, 2, r->m.plan_line_id);
        store_bind_id_or_null(s, 3, r->m.rule_id);
        store_bind_id_or_null(s, 4, r->m.payee_id);
        store_bind_i64(s, 5, council_id);
        store_bind_i64(s, 6, r->id);
        rc = store_step(s, e);
        store_finish(s);
        if (rc < 0)
            break;
        rc = 0;
        (*changed)++;
    }
done:
    arena_release(&a);
    return rc;
}

int dp_rule_add(struct store_conn *c, int64_t council_id, int64_t dp_id,
                const struct match_rule *r, int64_t learned_from, const char *actor, int64_t now,
                int64_t *id, size_t *rematched, struct err *e)
{
    struct store_stmt *s;
    struct err le = {0};
    struct arena a;
    struct match_book book;
    char stamp[STORE_TIME_SIZE];
    const char *pattern = NULL;
    bool own;
    int rc, i = 1;
    if (rematched)
        *rematched = 0;
    arena_init(&a, 0);
    if ((rc = dp_tx_begin(c, &own, e)) != 0) {
        arena_release(&a);
        return rc;
    }
    if (r->field < MATCH_FIELD_PAYEE || r->field > MATCH_FIELD_ANY) {
        rc = err_set_field(e, ERR_INVALID, "field",
                           "Say what the rule looks at: payee, description, reference or any.");
        goto done;
    }
    if (r->op < MATCH_EQUALS || r->op > MATCH_CONTAINS) {
        rc = err_set_field(e, ERR_INVALID, "op",
                           "Say how it compares: equals, starts_with or contains.");
        goto done;
    }
    if ((rc = dp_text(&a, r->pattern, 1, 120, false, "pattern", "The text to look for", &pattern,
                      e)) != 0)
        goto done;
    if (!*match_normalise(&a, pattern)) {
        rc = err_set_field(e, ERR_INVALID, "pattern",
                           "The text to look for needs letters or digits.");
        goto done;
    }
    if (r->min_amount < 0 || r->max_amount < 0 ||
        (r->max_amount && r->min_amount > r->max_amount)) {
        rc = err_set_field(e, ERR_INVALID, "max_amount",
                           "The amounts are from a minimum to a maximum, both 0 or more.");
        goto done;
    }
    if (r->priority < -1000 || r->priority > 1000) {
        rc = err_set_field(e, ERR_INVALID, "priority", "Priority is from -1000 to 1000.");
        goto done;
    }
    if ((rc = dp_book_load(c, council_id, dp_id, &a, &book, e)) != 0)
        goto done;
    if (!line_in_book(&book, r->plan_line_id)) {
        rc = err_set_field(e, ERR_INVALID, "plan_line_id",
                           "That is not a direct-payment line of this person's plan.");
        goto done;
    }
    store_time_format(now, stamp);
    if ((rc = store_prepare(c, "INSERT INTO dp_match_rules (council_id, dp_id, field, op, pattern, "
                               "min_amount, max_amount, plan_line_id, priority, learned, "
                               "learned_from, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                               "?, ?, ?, ?, ?, ?) RETURNING id",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, i++, council_id);
    store_bind_i64(s, i++, dp_id);
    store_bind_text(s, i++, field_id(r->field));
    store_bind_text(s, i++, op_id(r->op));
    store_bind_text(s, i++, pattern);
    store_bind_i64(s, i++, r->min_amount);
    store_bind_i64(s, i++, r->max_amount);
    store_bind_i64(s, i++, r->plan_line_id);
    store_bind_i64(s, i++, r->priority);
    store_bind_i64(s, i++, learned_from > 0 || r->learned);
    store_bind_id_or_null(s, i++, learned_from);
    store_bind_text(s, i++, actor && *actor ? actor : "system");
    store_bind_text(s, i, stamp);
    rc = store_step(s, &le);
    if (rc == STORE_ROW && id)
        *id = store_col_i64(s, 0);
    store_finish(s);
    if (rc != STORE_ROW) {
        rc = rec_write_error(rc < 0 ? rc : ERR_IO, &le, NULL, NULL, "dp_id",
                             "There is no such direct payment in this council.", e);
        goto done;
    }
    {
        size_t changed = 0;
        rc = rematch(c, council_id, dp_id, &changed, e);
        if (rematched)
            *rematched = changed;
    }
done:
    arena_release(&a);
    return dp_tx_end(c, own, rc, e);
}

int dp_rule_disable(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t rule_id,
                    struct err *e)
{
    struct store_stmt *s;
    size_t changed = 0;
    bool own;
    int rc;
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    if ((rc = store_prepare(c, "UPDATE dp_match_rules SET active = 0 WHERE council_id = ? AND "
                               "dp_id = ? AND id = ? AND active = 1",
                            &s, e)) != 0)
        return dp_tx_end(c, own, rc, e);
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, rule_id);
    rc = store_step(s, e);
    if (rc == STORE_DONE && store_changes(s) == 0)
        rc = rec_not_found("active rule", rule_id, e);
    store_finish(s);
    if (rc == 0)
        rc = rematch(c, council_id, dp_id, &changed, e);
    return dp_tx_end(c, own, rc < 0 ? rc : 0, e);
}

#define TXN_COLS                                                                                   \
    "t.id, t.booked_on, t.amount, t.balance, t.description, t.reference, t.payee, t.type, "       \
    "t.bank_ref, t.is_cash, t.is_reversal, t.fingerprint, t.match_method, t.plan_line_id, "       \
    "t.match_rule_id, t.match_payee_id, COALESCE((SELECT l.description FROM plan_lines l WHERE "  \
    "l.council_id = t.council_id AND l.id = t.plan_line_id), '')"

static int txn_from_row(struct store_stmt *s, struct arena *a, struct dp_txn_row *r)
{
    const char *m;
    memset(r, 0, sizeof *r);
    r->id = store_col_i64(s, 0);
    r->t.date = dp_col_date(s, 1);
    r->t.amount = store_col_i64(s, 2);
    r->t.has_balance = !store_col_is_null(s, 3);
    r->t.balance = store_col_i64(s, 3);
    r->t.description = dp_col_text(a, s, 4);
    r->t.reference = dp_col_text(a, s, 5);
    r->t.payee = dp_col_text(a, s, 6);
    r->t.type = dp_col_text(a, s, 7);
    r->t.bank_ref = dp_col_text(a, s, 8);
    r->t.is_cash = store_col_i64(s, 9) != 0;
    r->t.is_reversal = store_col_i64(s, 10) != 0;
    (void)store_col_copy(s, 11, r->t.fingerprint, sizeof r->t.fingerprint);
    m = store_col_text(s, 12);
    r->manual = m && strcmp(m, "manual") == 0;
    r->method = !m                           ? MATCH_NONE
                : strcmp(m, "rule") == 0      ? MATCH_RULE
                : strcmp(m, "payee") == 0     ? MATCH_PAYEE
                : strcmp(m, "reference") == 0 ? MATCH_REFERENCE
                : r->manual                   ? MATCH_RULE
                                              : MATCH_NONE;
    r->plan_line_id = store_col_i64(s, 13);
    r->rule_id = store_col_i64(s, 14);
    r->payee_id = store_col_i64(s, 15);
    r->plan_line = dp_col_text(a, s, 16);
    return (r->t.description && r->t.reference && r->t.payee && r->t.type && r->t.bank_ref &&
            r->plan_line)
               ? 0
               : ERR_NOMEM;
}

int dp_txns_list(struct store_conn *c, int64_t council_id, int64_t dp_id, day_t from, day_t to,
                 size_t limit, struct arena *a, struct dp_txn_row **items, size_t *n,
                 struct err *e)
{
    struct store_stmt *s;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if ((rc = store_prepare(c, "SELECT " TXN_COLS " FROM dp_txns t WHERE t.council_id = ? AND "
                               "t.dp_id = ? AND t.booked_on >= ? AND t.booked_on <= ? ORDER BY "
                               "t.booked_on DESC, t.id DESC LIMIT ?",
                            &s, e)) != 0)
        return rc;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    dp_bind_date(s, 3, from > 0 ? from : 1);
    dp_bind_date(s, 4, to);
    store_bind_i64(s, 5, limit ? (int64_t)limit : INT64_C(1000000000));
    while ((rc = store_step(s, e)) == STORE_ROW) {
        if ((rc = dp_grow(a, (void **)items, &cap, *n, sizeof **items, e)) != 0)
            break;
        if (txn_from_row(s, a, &(*items)[*n]) != 0) {
            rc = dp_nomem(e);
            break;
        }
        (*n)++;
    }
    store_finish(s);
    return rc < 0 ? rc : 0;
}

int dp_txn_match(struct store_conn *c, int64_t council_id, int64_t dp_id, int64_t txn_id,
                 int64_t plan_line_id, const char *actor, struct arena *a,
                 struct match_proposal *proposal, bool *has_proposal, struct err *e)
{
    struct store_stmt *s;
    struct match_book book;
    struct dp_txn_row row;
    struct err pe = {0};
    bool own;
    int rc;
    *has_proposal = false;
    memset(proposal, 0, sizeof *proposal);
    if ((rc = dp_tx_begin(c, &own, e)) != 0)
        return rc;
    if ((rc = dp_book_load(c, council_id, dp_id, a, &book, e)) != 0)
        goto done;
    if (!line_in_book(&book, plan_line_id)) {
        rc = err_set_field(e, ERR_INVALID, "plan_line_id",
                           "That is not a direct-payment line of this person's plan.");
        goto done;
    }
    if ((rc = store_prepare(c, "SELECT " TXN_COLS " FROM dp_txns t WHERE t.council_id = ? AND "
                               "t.dp_id = ? AND t.id = ?",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, council_id);
    store_bind_i64(s, 2, dp_id);
    store_bind_i64(s, 3, txn_id);
    rc = store_step(s, e);
    if (rc == STORE_ROW)
        rc = txn_from_row(s, a, &row) == 0 ? 0 : dp_nomem(e);
    else if (rc == STORE_DONE)
        rc = rec_not_found("transaction", txn_id, e);
    store_finish(s);
    if (rc != 0)
        goto done;
    if ((rc = store_prepare(c, "UPDATE dp_txns SET match_method = 'manual', plan_line_id = ?, "
                               "match_rule_id = NULL, matched_by = ? WHERE council_id = ? AND "
                               "dp_id = ? AND id = ?",
                            &s, e)) != 0)
        goto done;
    store_bind_i64(s, 1, plan_line_id);
    store_bind_text(s, 2, actor && *actor ? actor : "system");
    store_bind_i64(s, 3, council_id);
    store_bind_i64(s, 4, dp_id);
    store_bind_i64(s, 5, txn_id);
    rc = store_step(s, e);
    store_finish(s);
    if (rc < 0)
        goto done;
    rc = 0;
    /* What could be learned from it: proposed, never applied without the officer. */
    if (match_propose_rule(&row.t, plan_line_id, &book, a, proposal, &pe) == 0)
        *has_proposal = true;
done:
    return dp_tx_end(c, own, rc, e);
}
