/* Bulk matching (match_txn_quick, used by statement imports) must reach exactly the same decision as
 * match_txn: the same method, plan line, rule and known payee, for rules of every field, operator,
 * priority and amount limit, payees with aliases, and plan-line references, over many generated
 * transactions. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "check.h"
#include "domain/matching.h"
#include "io/statement.h"

static const struct match_plan_line lines[] = {
    {1, "Personal assistant wages", NULL},
    {2, "Agency care", "ACC-778812"},
    {3, "Shopping support", NULL},
    {4, "PAYE and National Insurance", "123PA0001"},
};

static const struct match_payee payees[] = {
    {10, "Bright Care Ltd", "BRIGHTCARE|B CARE LTD", 2, PAYEE_AGENCY},
    {11, "Anna Jones", NULL, 1, PAYEE_PA},
    {12, "HMRC", "HM REVENUE & CUSTOMS", 4, PAYEE_HMRC},
    {13, "Window Cleaner Bob", NULL, 0, 0},
};

static const struct match_rule rules[] = {
    {1, MATCH_FIELD_DESCRIPTION, MATCH_CONTAINS, "tesco", 0, 4000, 3, 0, 0},
    {2, MATCH_FIELD_PAYEE, MATCH_EQUALS, "anna jones", 0, 0, 3, 5, 1},
    {3, MATCH_FIELD_ANY, MATCH_STARTS_WITH, "bright", 1000, 0, 2, 0, 0},
    {4, MATCH_FIELD_REFERENCE, MATCH_CONTAINS, "inv 44", 0, 0, 2, 0, 0},
    {5, MATCH_FIELD_DESCRIPTION, MATCH_CONTAINS, "tesco stores", 0, 0, 1, 0, 0},
};

static const char *const payee_texts[] = {"", "ANNA JONES", "Anna  Jones", "bright care ltd",
                                          "Brightcare", "HMRC", "Someone Else", "window cleaner bob",
                                          "B-Care Ltd"};
static const char *const desc_texts[] = {"", "CARD PAYMENT TO TESCO STORES 2231", "tesco",
                                         "DD HM REVENUE & CUSTOMS 123PA", "FPO BRIGHTCARE INV 4470",
                                         "Wages", "TESCOS", "Payment to Anna Jones"};
static const char *const ref_texts[] = {"", "INV 4470", "ACC 778812 APRIL", "123PA0001",
                                        "acc-77881", "WAGES"};
static const int64_t amounts[] = {-500, -3999, -4000, -4001, -1000, -999, 2500};

TEST(match_quick_agrees_with_match_txn)
{
    struct arena a, scratch;
    struct err e = {0};
    struct match_quick q;
    size_t compared = 0;
    arena_init(&a, 0);
    arena_init(&scratch, 0);
    for (size_t nr = 0; nr <= sizeof rules / sizeof *rules; nr++) {
        struct match_book b = {rules, nr, payees, sizeof payees / sizeof *payees, lines,
                               sizeof lines / sizeof *lines};
        CHECK_INT(match_quick_prepare(&b, &a, &q, &e), 0);
        for (size_t p = 0; p < sizeof payee_texts / sizeof *payee_texts; p++)
            for (size_t d = 0; d < sizeof desc_texts / sizeof *desc_texts; d++)
                for (size_t r = 0; r < sizeof ref_texts / sizeof *ref_texts; r++)
                    for (size_t m = 0; m < sizeof amounts / sizeof *amounts; m++) {
                        struct statement_txn t;
                        struct match_result slow, quick;
                        memset(&t, 0, sizeof t);
                        t.amount = amounts[m];
                        t.payee = payee_texts[p];
                        t.description = desc_texts[d];
                        t.reference = ref_texts[r];
                        t.type = "";
                        t.bank_ref = "";
                        CHECK_INT(match_txn(&t, &b, &scratch, &slow, &e), 0);
                        match_txn_quick(&t, &q, &quick);
                        if (slow.method != quick.method || slow.plan_line_id != quick.plan_line_id ||
                            slow.rule_id != quick.rule_id || slow.payee_id != quick.payee_id)
                            check_fail(__FILE__, __LINE__,
                                       "rules %zu, payee \"%s\", description \"%s\", reference "
                                       "\"%s\", %lld: quick %d/%lld/%lld/%lld, full %d/%lld/%lld/%lld",
                                       nr, t.payee, t.description, t.reference,
                                       (long long)t.amount, quick.method,
                                       (long long)quick.plan_line_id, (long long)quick.rule_id,
                                       (long long)quick.payee_id, slow.method,
                                       (long long)slow.plan_line_id, (long long)slow.rule_id,
                                       (long long)slow.payee_id);
                        CHECK(quick.why == NULL);
                        compared++;
                        arena_release(&scratch);
                    }
    }
    CHECK(compared > 10000);
    arena_release(&scratch);
    arena_release(&a);
}
