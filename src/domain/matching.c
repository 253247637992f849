/* matching.c — transactions to plan lines by rules, payees and references; see matching.h. */
#include "domain/matching.h"

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "io/statement.h"

const char *match_field_name(enum match_field f)
{
    switch (f) {
    case MATCH_FIELD_PAYEE: return "payee";
    case MATCH_FIELD_DESCRIPTION: return "description";
    case MATCH_FIELD_REFERENCE: return "reference";
    case MATCH_FIELD_ANY: return "payee, description or reference";
    }
    return "unknown";
}

const char *match_op_name(enum match_op o)
{
    switch (o) {
    case MATCH_EQUALS: return "equals";
    case MATCH_STARTS_WITH: return "starts with";
    case MATCH_CONTAINS: return "contains";
    }
    return "unknown";
}

static bool alnum_byte(unsigned char c)
{
    /* bytes of non-ASCII UTF-8 letters count as letters, so "JOSÉ" stays one word */
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char *match_normalise(struct arena *a, const char *s)
{
    size_t n = s ? strlen(s) : 0, k = 0;
    char *out = arena_alloc(a, n + 1);
    bool space = false;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!alnum_byte(c)) {
            space = k > 0;
            continue;
        }
        if (space) {
            out[k++] = ' ';
            space = false;
        }
        out[k++] = (char)((c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c);
    }
    out[k] = '\0';
    return out;
}

/* Whole-word containment of normalised text: needle at a word boundary on both sides. */
static bool contains_words(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl == 0)
        return false;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || p[-1] == ' ') && (p[nl] == '\0' || p[nl] == ' '))
            return true;
    return false;
}

static bool text_matches(const char *norm_text, const char *norm_pat, enum match_op op)
{
    if (!*norm_pat)
        return false;
    switch (op) {
    case MATCH_EQUALS: return strcmp(norm_text, norm_pat) == 0;
    case MATCH_STARTS_WITH: {
        size_t pl = strlen(norm_pat);
        return strncmp(norm_text, norm_pat, pl) == 0 &&
               (norm_text[pl] == '\0' || norm_text[pl] == ' ');
    }
    case MATCH_CONTAINS: return contains_words(norm_text, norm_pat);
    }
    return false;
}

bool match_rule_applies(const struct match_rule *r, const struct statement_txn *t, struct arena *a)
{
    int64_t size = t->amount < 0 ? -t->amount : t->amount;
    const char *pat;
    if ((r->min_amount && size < r->min_amount) || (r->max_amount && size > r->max_amount))
        return false;
    pat = match_normalise(a, r->pattern);
    if (!pat)
        return false;
    if (r->field == MATCH_FIELD_PAYEE || r->field == MATCH_FIELD_ANY) {
        const char *x = match_normalise(a, t->payee);
        if (x && text_matches(x, pat, r->op))
            return true;
    }
    if (r->field == MATCH_FIELD_DESCRIPTION || r->field == MATCH_FIELD_ANY) {
        const char *x = match_normalise(a, t->description);
        if (x && text_matches(x, pat, r->op))
            return true;
    }
    if (r->field == MATCH_FIELD_REFERENCE || r->field == MATCH_FIELD_ANY) {
        const char *x = match_normalise(a, t->reference);
        if (x && text_matches(x, pat, r->op))
            return true;
    }
    return false;
}

/* Ranks rules: priority, then equals before starts-with before contains, then longer pattern. */
static bool better_rule(const struct match_rule *x, const struct match_rule *y)
{
    size_t lx, ly;
    if (!y)
        return true;
    if (x->priority != y->priority)
        return x->priority > y->priority;
    if (x->op != y->op)
        return x->op < y->op;
    lx = x->pattern ? strlen(x->pattern) : 0;
    ly = y->pattern ? strlen(y->pattern) : 0;
    if (lx != ly)
        return lx > ly;
    return x->id < y->id;
}

static const char *line_name(const struct match_book *b, int64_t id)
{
    for (size_t i = 0; i < b->nlines; i++)
        if (b->lines[i].id == id)
            return b->lines[i].name ? b->lines[i].name : "a plan line";
    return "a plan line";
}

/* Whether payee p is recognised in the transaction: its name or an alias equals the payee, or
 * appears as whole words in the description. */
static bool payee_seen(const struct match_payee *p, const char *npayee, const char *ndesc,
                       struct arena *a, const char **which)
{
    const char *names = p->aliases;
    const char *nn = match_normalise(a, p->name);
    if (nn && *nn && (strcmp(npayee, nn) == 0 || contains_words(ndesc, nn))) {
        *which = p->name;
        return true;
    }
    while (names && *names) {
        const char *bar = strchr(names, '|');
        size_t len = bar ? (size_t)(bar - names) : strlen(names);
        char *alias = arena_strndup(a, names, len);
        const char *na = alias ? match_normalise(a, alias) : NULL;
        if (na && *na && (strcmp(npayee, na) == 0 || contains_words(ndesc, na))) {
            *which = alias;
            return true;
        }
        names = bar ? bar + 1 : NULL;
    }
    return false;
}

int match_txn(const struct statement_txn *t, const struct match_book *book, struct arena *a,
              struct match_result *out, struct err *e)
{
    const struct match_rule *best = NULL;
    const char *npayee = match_normalise(a, t->payee);
    const char *ndesc = match_normalise(a, t->description);
    const char *nref = match_normalise(a, t->reference);
    char amt[MONEY_FMT_SIZE];

    memset(out, 0, sizeof *out);
    if (!npayee || !ndesc || !nref)
        return err_set(e, ERR_NOMEM, "Out of memory matching a transaction.");
    money_format(t->amount < 0 ? -t->amount : t->amount, MONEY_FMT_POUND, amt, sizeof amt);

    for (size_t i = 0; i < book->nrules; i++)
        if (match_rule_applies(&book->rules[i], t, a) && better_rule(&book->rules[i], best))
            best = &book->rules[i];
    /* The payee is recognised whatever else matches: monitoring needs to know who was paid. */
    for (size_t i = 0; i < book->npayees; i++) {
        const char *which = NULL;
        if (payee_seen(&book->payees[i], npayee, ndesc, a, &which)) {
            out->payee_id = book->payees[i].id;
            if (!best && book->payees[i].plan_line_id) {
                out->method = MATCH_PAYEE;
                out->plan_line_id = book->payees[i].plan_line_id;
                out->why = arena_printf(a, "%s to %s, who is paid from \"%s\" in the plan.", amt,
                                        which, line_name(book, out->plan_line_id));
                return out->why ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
            }
            break;
        }
    }
    if (best) {
        out->method = MATCH_RULE;
        out->plan_line_id = best->plan_line_id;
        out->rule_id = best->id;
        out->why = arena_printf(a, "%s matched the rule \"%s %s %s\"%s, so it counts against \"%s\".",
                                amt, match_field_name(best->field), match_op_name(best->op),
                                best->pattern, best->learned ? " (learned from an earlier match)"
                                                             : "",
                                line_name(book, best->plan_line_id));
        return out->why ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
    }
    for (size_t i = 0; i < book->nlines; i++) {
        const char *r = book->lines[i].reference;
        const char *nr;
        if (!r || strlen(r) < 4)
            continue;
        nr = match_normalise(a, r);
        if (nr && strlen(nr) >= 4 && (contains_words(nref, nr) || contains_words(ndesc, nr))) {
            out->method = MATCH_REFERENCE;
            out->plan_line_id = book->lines[i].id;
            out->why = arena_printf(a, "%s carries the reference %s, which belongs to \"%s\".", amt,
                                    r, line_name(book, book->lines[i].id));
            return out->why ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
        }
    }
    out->method = MATCH_NONE;
    out->why = arena_printf(a, "%s was not matched to any line of the plan%s.", amt,
                            out->payee_id ? " (the payee is known, but not tied to a plan line)"
                                          : "");
    return out->why ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

/* Words banks put around the part of a description that names the other party. */
static const char *const noise[] = {
    "CARD", "PAYMENT", "PAYMENTS", "TO", "FROM", "ON", "AT", "REF", "REFERENCE", "DD", "SO", "FPO",
    "FPI", "BGC", "BP", "CR", "DR", "DEB", "VIS", "VISA", "POS", "CONTACTLESS", "PURCHASE", "TFR",
    "TRANSFER", "FASTER", "STO", "STANDING", "ORDER", "DIRECT", "DEBIT", "CREDIT", "BILL", "VIA",
    "MOBILE", "ONLINE", "BANKING", "GBP", "UK", "LTD", "LIMITED", "PLC", "THE", "AND", "JAN",
    "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "CD", "CPT",
};

static bool is_noise(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof noise / sizeof *noise; i++)
        if (strlen(noise[i]) == n && strncmp(noise[i], w, n) == 0)
            return true;
    for (size_t i = 0; i < n; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return true; /* dates, card numbers, store numbers change every time */
    return n < 2;
}

/* The distinctive words of a normalised description. */
static char *distinctive(struct arena *a, const char *norm)
{
    size_t n = strlen(norm), k = 0;
    char *out = arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    for (const char *p = norm; *p;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (!is_noise(p, len)) {
            if (k)
                out[k++] = ' ';
            memcpy(out + k, p, len);
            k += len;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    out[k] = '\0';
    return out;
}

int match_propose_rule(const struct statement_txn *t, int64_t plan_line_id,
                       const struct match_book *book, struct arena *a, struct match_proposal *out,
                       struct err *e)
{
    const char *np = match_normalise(a, t->payee);
    const char *nd = match_normalise(a, t->description);
    memset(out, 0, sizeof *out);
    if (!np || !nd)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (plan_line_id <= 0)
        return err_set_field(e, ERR_INVALID, "plan_line_id", "Choose the plan line it was for.");
    out->rule.plan_line_id = plan_line_id;
    out->rule.learned = true;
    if (*np) {
        out->rule.field = MATCH_FIELD_PAYEE;
        out->rule.op = MATCH_EQUALS;
        out->rule.pattern = np;
    } else {
        char *core = distinctive(a, nd);
        if (!core)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        if (!*core)
            return err_set(e, ERR_INVALID,
                           "The transaction's description (\"%.80s\") has nothing distinctive to "
                           "make a rule from; match such transactions by hand, or write a rule.",
                           t->description);
        out->rule.field = MATCH_FIELD_DESCRIPTION;
        out->rule.op = MATCH_CONTAINS;
        out->rule.pattern = core;
    }
    for (size_t i = 0; i < book->nrules; i++) {
        const struct match_rule *r = &book->rules[i];
        const char *rp = match_normalise(a, r->pattern);
        if (rp && r->field == out->rule.field && r->op == out->rule.op &&
            strcmp(rp, out->rule.pattern) == 0 && r->plan_line_id == plan_line_id &&
            !r->min_amount && !r->max_amount)
            return err_set(e, ERR_CONFLICT, "Rule %lld already matches these to \"%s\".",
                           (long long)r->id, line_name(book, plan_line_id));
    }
    for (size_t i = 0; i < book->nrules; i++)
        if (book->rules[i].plan_line_id != plan_line_id &&
            match_rule_applies(&book->rules[i], t, a)) {
            out->conflicts_with = book->rules[i].id;
            break;
        }
    out->why = arena_printf(
        a, "From now on, transactions whose %s %s \"%s\" would count against \"%s\"%s.",
        match_field_name(out->rule.field), match_op_name(out->rule.op), out->rule.pattern,
        line_name(book, plan_line_id),
        out->conflicts_with ? arena_printf(a, " (rule %lld sends this transaction elsewhere now; "
                                              "accepting this rule should replace or narrow it)",
                                           (long long)out->conflicts_with)
                            : "");
    return out->why ? 0 : err_set(e, ERR_NOMEM, "Out of memory.");
}

/* ---- bulk matching ------------------------------------------------------------------------- */

int match_quick_prepare(const struct match_book *book, struct arena *a, struct match_quick *out,
                        struct err *e)
{
    memset(out, 0, sizeof *out);
    out->book = book;
    out->rules = arena_array(a, book->nrules ? book->nrules : 1, sizeof *out->rules);
    out->payees = arena_array(a, book->npayees ? book->npayees : 1, sizeof *out->payees);
    out->refs = arena_array(a, book->nlines ? book->nlines : 1, sizeof *out->refs);
    if (!out->rules || !out->payees || !out->refs)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    for (size_t i = 0; i < book->nrules; i++) {
        out->rules[i].rule = &book->rules[i];
        out->rules[i].pattern = match_normalise(a, book->rules[i].pattern);
        if (!out->rules[i].pattern)
            return err_set(e, ERR_NOMEM, "Out of memory.");
    }
    out->nrules = book->nrules;
    for (size_t i = 0; i < book->npayees; i++) {
        struct match_quick_payee *q = &out->payees[i];
        const char *names = book->payees[i].aliases;
        size_t count = 0;
        q->payee = &book->payees[i];
        q->name = match_normalise(a, book->payees[i].name);
        for (const char *p = names; p && *p; p++)
            count += *p == '|';
        q->aliases = arena_array(a, count + 1, sizeof *q->aliases);
        if (!q->name || !q->aliases)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        while (names && *names) {
            const char *bar = strchr(names, '|');
            size_t len = bar ? (size_t)(bar - names) : strlen(names);
            char *alias = arena_strndup(a, names, len);
            const char *na = alias ? match_normalise(a, alias) : NULL;
            if (!na)
                return err_set(e, ERR_NOMEM, "Out of memory.");
            q->aliases[q->naliases++] = na;
            names = bar ? bar + 1 : NULL;
        }
    }
    out->npayees = book->npayees;
    for (size_t i = 0; i < book->nlines; i++) {
        const char *r = book->lines[i].reference;
        const char *nr = r && strlen(r) >= 4 ? match_normalise(a, r) : NULL;
        out->refs[i] = nr && strlen(nr) >= 4 ? nr : NULL;
    }
    return 0;
}

/* match_normalise into a caller's buffer (statement text is at most STATEMENT_MAX_TEXT bytes). */
static void normalise_into(const char *s, char *out, size_t outsz)
{
    size_t k = 0;
    bool space = false;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && k + 2 < outsz; p++) {
        if (!alnum_byte(*p)) {
            space = k > 0;
            continue;
        }
        if (space) {
            out[k++] = ' ';
            space = false;
        }
        out[k++] = (char)((*p >= 'a' && *p <= 'z') ? *p - 'a' + 'A' : *p);
    }
    out[k] = '\0';
}

void match_txn_quick(const struct statement_txn *t, const struct match_quick *q,
                     struct match_result *out)
{
    char npayee[4 * STATEMENT_MAX_TEXT + 2], ndesc[4 * STATEMENT_MAX_TEXT + 2],
        nref[4 * STATEMENT_MAX_TEXT + 2];
    const struct match_rule *best = NULL;
    int64_t size = t->amount < 0 ? -t->amount : t->amount;
    memset(out, 0, sizeof *out);
    normalise_into(t->payee, npayee, sizeof npayee);
    normalise_into(t->description, ndesc, sizeof ndesc);
    normalise_into(t->reference, nref, sizeof nref);
    for (size_t i = 0; i < q->nrules; i++) {
        const struct match_rule *r = q->rules[i].rule;
        const char *pat = q->rules[i].pattern;
        bool hit = false;
        if ((r->min_amount && size < r->min_amount) || (r->max_amount && size > r->max_amount))
            continue;
        if (r->field == MATCH_FIELD_PAYEE || r->field == MATCH_FIELD_ANY)
            hit = text_matches(npayee, pat, r->op);
        if (!hit && (r->field == MATCH_FIELD_DESCRIPTION || r->field == MATCH_FIELD_ANY))
            hit = text_matches(ndesc, pat, r->op);
        if (!hit && (r->field == MATCH_FIELD_REFERENCE || r->field == MATCH_FIELD_ANY))
            hit = text_matches(nref, pat, r->op);
        if (hit && better_rule(r, best))
            best = r;
    }
    for (size_t i = 0; i < q->npayees; i++) {
        const struct match_quick_payee *p = &q->payees[i];
        bool seen = *p->name && (strcmp(npayee, p->name) == 0 || contains_words(ndesc, p->name));
        for (size_t k = 0; !seen && k < p->naliases; k++)
            seen = *p->aliases[k] &&
                   (strcmp(npayee, p->aliases[k]) == 0 || contains_words(ndesc, p->aliases[k]));
        if (!seen)
            continue;
        out->payee_id = p->payee->id;
        if (!best && p->payee->plan_line_id) {
            out->method = MATCH_PAYEE;
            out->plan_line_id = p->payee->plan_line_id;
            return;
        }
        break;
    }
    if (best) {
        out->method = MATCH_RULE;
        out->plan_line_id = best->plan_line_id;
        out->rule_id = best->id;
        return;
    }
    for (size_t i = 0; i < q->book->nlines; i++)
        if (q->refs[i] && (contains_words(nref, q->refs[i]) || contains_words(ndesc, q->refs[i]))) {
            out->method = MATCH_REFERENCE;
            out->plan_line_id = q->book->lines[i].id;
            return;
        }
    out->method = MATCH_NONE;
}
