/* Matching statement transactions to plan lines: officer rules (with priority, specificity and
 * amount limits), known payees and aliases, references, and learning a rule from a manual match. */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "check.h"
#include "domain/matching.h"
#include "io/statement.h"

static struct statement_txn txn(int64_t amount, const char *payee, const char *desc,
                                const char *ref)
{
    struct statement_txn t;
    memset(&t, 0, sizeof t);
    t.amount = amount;
    t.payee = payee;
    t.description = desc;
    t.reference = ref;
    t.type = "";
    t.bank_ref = "";
    return t;
}

static const struct match_plan_line lines[] = {
    {1, "Personal assistant wages", NULL},
    {2, "Agency care", "ACC-778812"},
    {3, "Shopping support", NULL},
    {4, "PAYE and National Insurance", NULL},
};

static const struct match_payee payees[] = {
    {10, "Bright Care Ltd", "BRIGHTCARE|B CARE LTD", 2, PAYEE_AGENCY},
    {11, "Anna Jones", NULL, 1, PAYEE_PA},
    {12, "HMRC", "HM REVENUE & CUSTOMS", 4, PAYEE_HMRC},
    {13, "Window Cleaner Bob", NULL, 0, 0},
};

static struct match_book book_with(const struct match_rule *rules, size_t n)
{
    struct match_book b = {rules, n, payees, sizeof payees / sizeof *payees, lines,
                           sizeof lines / sizeof *lines};
    return b;
}

TEST(match_normalise_text)
{
    struct arena a;
    arena_init(&a, 0);
    CHECK_STR(match_normalise(&a, "Bright-Care Ltd."), "BRIGHT CARE LTD");
    CHECK_STR(match_normalise(&a, "  tesco   stores  2345 "), "TESCO STORES 2345");
    CHECK_STR(match_normalise(&a, "José's café"), "JOS\xc3\xa9 S CAF\xc3\xa9"); /* only ASCII is upper-cased */
    CHECK_STR(match_normalise(&a, ""), "");
    CHECK_STR(match_normalise(&a, NULL), "");
    arena_release(&a);
}

TEST(match_rule_payee_equals)
{
    struct match_rule r[] = {{1, MATCH_FIELD_PAYEE, MATCH_EQUALS, "bright care ltd", 0, 0, 2, 0, 0}};
    struct match_book b = book_with(r, 1);
    struct statement_txn t = txn(-40000, "BRIGHT CARE LTD.", "INV 4411", "");
    struct match_result m;
    struct arena a;
    struct err e = {0};
    arena_init(&a, 0);
    CHECK_INT(match_txn(&t, &b, &a, &m, &e), 0);
    CHECK_INT(m.method, MATCH_RULE);
    CHECK_INT(m.plan_line_id, 2);
    CHECK_INT(m.rule_id, 1);
    CHECK_INT(m.payee_id, 10); /* the payee is recognised as well */
    CHECK_CONTAINS(m.why, "£400.00 matched the rule \"payee equals bright care ltd\"");
    CHECK_CONTAINS(m.why, "\"Agency care\"");
    arena_release(&a);
}

TEST(match_rule_contains_whole_words_only)
{
    struct match_rule r[] = {{1, MATCH_FIELD_DESCRIPTION, MATCH_CONTAINS, "TESCO", 0, 0, 3, 0, 0}};
    struct match_book b = book_with(r, 1);
    struct statement_txn yes = txn(-2340, "", "CARD PAYMENT TO TESCO STORES 2345", "");
    struct statement_txn no = txn(-2340, "", "TESCOS CAFE", "");
    struct match_result m;
    struct arena a;
    struct err e = {0};
    arena_init(&a, 0);
    match_txn(&yes, &b, &a, &m, &e);
    CHECK_INT(m.plan_line_id, 3);
    match_txn(&no, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_NONE);
    CHECK_INT(m.plan_line_id, 0);
    CHECK_CONTAINS(m.why, "was not matched to any line of the plan");
    arena_release(&a);
}

TEST(match_rule_starts_with_and_reference_field)
{
    struct match_rule r[] = {{1, MATCH_FIELD_REFERENCE, MATCH_STARTS_WITH, "WAGES", 0, 0, 1, 0, 0}};
    struct match_book b = book_with(r, 1);
    struct statement_txn yes = txn(-41250, "Someone", "", "WAGES WK 3");
    struct statement_txn no = txn(-41250, "Someone", "WAGES WK 3", "BACK WAGES");
    struct match_result m;
    struct arena a;
    struct err e = {0};
    arena_init(&a, 0);
    match_txn(&yes, &b, &a, &m, &e);
    CHECK_INT(m.plan_line_id, 1);
    match_txn(&no, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_NONE);
    arena_release(&a);
}

TEST(match_rule_amount_limits_at_and_around)
{
    struct match_rule r[] = {
        {1, MATCH_FIELD_DESCRIPTION, MATCH_CONTAINS, "TESCO", 500, 4000, 3, 0, 0}};
    struct match_book b = book_with(r, 1);
    struct match_result m;
    struct arena a;
    struct err e = {0};
    static const struct {
        int64_t amount;
        bool match;
    } cases[] = {{-499, false}, {-500, true}, {-4000, true}, {-4001, false}, {4000, true}};
    arena_init(&a, 0);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct statement_txn t = txn(cases[i].amount, "", "TESCO STORES", "");
        match_txn(&t, &b, &a, &m, &e);
        CHECK_INT(m.method == MATCH_RULE, cases[i].match);
    }
    arena_release(&a);
}

TEST(match_rule_ranking)
{
    struct match_rule r[] = {
        {1, MATCH_FIELD_DESCRIPTION, MATCH_CONTAINS, "TESCO", 0, 0, 3, 0, 0},
        {2, MATCH_FIELD_DESCRIPTION, MATCH_CONTAINS, "TESCO STORES", 0, 0, 1, 0, 0},
        {3, MATCH_FIELD_DESCRIPTION, MATCH_EQUALS, "TESCO STORES 2345", 0, 0, 4, 0, 0},
        {4, MATCH_FIELD_ANY, MATCH_CONTAINS, "TESCO", 0, 0, 2, 5, 0},
    };
    struct statement_txn t = txn(-2340, "", "TESCO STORES 2345", "");
    struct match_result m;
    struct arena a;
    struct err e = {0};
    struct match_book b;
    arena_init(&a, 0);
    b = book_with(r, 4);
    match_txn(&t, &b, &a, &m, &e);
    CHECK_INT(m.rule_id, 4); /* highest priority */
    b = book_with(r, 3);
    match_txn(&t, &b, &a, &m, &e);
    CHECK_INT(m.rule_id, 3); /* equals beats contains */
    b = book_with(r, 2);
    match_txn(&t, &b, &a, &m, &e);
    CHECK_INT(m.rule_id, 2); /* the longer pattern */
    arena_release(&a);
}

TEST(match_known_payees_and_aliases)
{
    struct match_book b = book_with(NULL, 0);
    struct match_result m;
    struct arena a;
    struct err e = {0};
    struct statement_txn by_name = txn(-41250, "ANNA JONES", "", "");
    struct statement_txn by_alias = txn(-12000, "", "DD HM REVENUE & CUSTOMS 123PA", "");
    struct statement_txn in_desc = txn(-40000, "", "FPO BRIGHTCARE INV 4470", "");
    struct statement_txn no_line = txn(-2500, "Window Cleaner Bob", "", "");
    arena_init(&a, 0);
    match_txn(&by_name, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_PAYEE);
    CHECK_INT(m.plan_line_id, 1);
    CHECK_CONTAINS(m.why, "to Anna Jones, who is paid from \"Personal assistant wages\"");
    match_txn(&by_alias, &b, &a, &m, &e);
    CHECK_INT(m.plan_line_id, 4);
    CHECK_INT(m.payee_id, 12);
    match_txn(&in_desc, &b, &a, &m, &e);
    CHECK_INT(m.plan_line_id, 2);
    match_txn(&no_line, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_NONE);
    CHECK_INT(m.payee_id, 13);
    CHECK_CONTAINS(m.why, "the payee is known");
    arena_release(&a);
}

TEST(match_by_plan_line_reference)
{
    struct match_book b = book_with(NULL, 0);
    struct match_result m;
    struct arena a;
    struct err e = {0};
    struct statement_txn t = txn(-40000, "SOME AGENCY", "", "ACC 778812 APRIL");
    struct statement_txn short_ref = txn(-40000, "SOME AGENCY", "", "ACC 77881");
    arena_init(&a, 0);
    match_txn(&t, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_REFERENCE);
    CHECK_INT(m.plan_line_id, 2);
    CHECK_CONTAINS(m.why, "carries the reference ACC-778812");
    match_txn(&short_ref, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_NONE);
    arena_release(&a);
}

TEST(match_learns_a_rule_from_a_manual_match)
{
    struct match_book b = book_with(NULL, 0);
    struct match_proposal p;
    struct match_result m;
    struct arena a;
    struct err e = {0};
    struct statement_txn first = txn(-2340, "", "CARD PAYMENT TO TESCO STORES 2345 ON 06/04", "");
    struct statement_txn later = txn(-1810, "", "CARD PAYMENT TO TESCO STORES 9876 ON 12/05", "");
    struct match_rule saved;
    arena_init(&a, 0);
    CHECK_INT(match_propose_rule(&first, 3, &b, &a, &p, &e), 0);
    CHECK_INT(p.rule.field, MATCH_FIELD_DESCRIPTION);
    CHECK_INT(p.rule.op, MATCH_CONTAINS);
    CHECK_STR(p.rule.pattern, "TESCO STORES");
    CHECK(p.rule.learned);
    CHECK_CONTAINS(p.why, "description contains \"TESCO STORES\" would count against \"Shopping support\"");
    /* accepted by the officer, it matches next month's shopping */
    saved = p.rule;
    saved.id = 50;
    b = book_with(&saved, 1);
    match_txn(&later, &b, &a, &m, &e);
    CHECK_INT(m.method, MATCH_RULE);
    CHECK_INT(m.plan_line_id, 3);
    CHECK_CONTAINS(m.why, "learned from an earlier match");
    /* proposing it again is refused: it exists */
    CHECK_INT(match_propose_rule(&first, 3, &b, &a, &p, &e), ERR_CONFLICT);
    CHECK_CONTAINS(e.msg, "Rule 50 already matches");
    err_clear(&e);
    /* matching it elsewhere by hand: the proposal says which rule disagrees */
    CHECK_INT(match_propose_rule(&later, 1, &b, &a, &p, &e), 0);
    CHECK_INT(p.conflicts_with, 50);
    CHECK_CONTAINS(p.why, "rule 50 sends this transaction elsewhere");
    arena_release(&a);
}

TEST(match_learning_prefers_the_payee_and_needs_something_distinctive)
{
    struct match_book b = book_with(NULL, 0);
    struct match_proposal p;
    struct arena a;
    struct err e = {0};
    struct statement_txn named = txn(-5000, "Garden Help Co", "CARD PAYMENT", "");
    struct statement_txn bland = txn(-5000, "", "CARD PAYMENT 1234 ON 06/04", "");
    arena_init(&a, 0);
    CHECK_INT(match_propose_rule(&named, 3, &b, &a, &p, &e), 0);
    CHECK_INT(p.rule.field, MATCH_FIELD_PAYEE);
    CHECK_INT(p.rule.op, MATCH_EQUALS);
    CHECK_STR(p.rule.pattern, "GARDEN HELP CO");
    CHECK_INT(match_propose_rule(&bland, 3, &b, &a, &p, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "nothing distinctive");
    err_clear(&e);
    CHECK_INT(match_propose_rule(&named, 0, &b, &a, &p, &e), ERR_INVALID);
    arena_release(&a);
}
