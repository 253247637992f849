/*
 * matching.h — which line of the person's support plan a statement transaction paid for, so the
 * person and the officer can see spending against the plan. Three ways, tried in this order:
 *
 *   1. Officer rules: "payee equals BRIGHT CARE LTD -> plan line 3", "description contains
 *      TESCO -> plan line 7 (up to £40)". Higher priority first; at equal priority the more
 *      specific (equals, then starts-with, then contains; then the longer pattern) wins.
 *   2. Known payees: the people and organisations the plan pays (PAs, agencies, HMRC, a payroll
 *      service), by name or alias, matched against the transaction's payee, or found as whole words
 *      in its description.
 *   3. References: a plan line's reference (an invoice or customer number the provider uses, at
 *      least 4 characters) found in the transaction's reference or description.
 *
 * Text is compared normalised: ASCII letters upper-cased, every run of anything that is not a
 * letter or digit made one space, trimmed. Each result says how it was reached, in words.
 *
 * Learning from manual matches: when an officer matches a transaction by hand, match_propose_rule
 * suggests the rule that would have matched it (payee equals ..., or description contains the
 * distinctive words, with dates, numbers and bank noise words such as CARD PAYMENT TO removed),
 * and says if an existing rule sends such transactions elsewhere. The officer accepts or edits
 * it; nothing is learned silently.
 *
 * Pure; results live in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_MATCHING_H
#define SELFDIRECT_DOMAIN_MATCHING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct err;
struct statement_txn;

enum match_field {
    MATCH_FIELD_PAYEE = 1,
    MATCH_FIELD_DESCRIPTION,
    MATCH_FIELD_REFERENCE,
    MATCH_FIELD_ANY, /* payee, description or reference */
};

enum match_op {
    MATCH_EQUALS = 1,
    MATCH_STARTS_WITH,
    MATCH_CONTAINS, /* as whole words */
};

const char *match_field_name(enum match_field f); /* "payee", "description", ... */
const char *match_op_name(enum match_op o);       /* "equals", "starts with", "contains" */

struct match_rule {
    int64_t id;
    enum match_field field;
    enum match_op op;
    const char *pattern;   /* normalised when compared */
    int64_t min_amount;    /* pence of the transaction's size (either direction); 0 = no minimum */
    int64_t max_amount;    /* 0 = no maximum */
    int64_t plan_line_id;
    int priority;          /* higher first */
    bool learned;          /* came from a proposal an officer accepted */
};

enum match_payee_flags {
    PAYEE_PA = 1 << 0,                     /* a personal assistant the person employs */
    PAYEE_AGENCY = 1 << 1,                 /* a care provider or agency */
    PAYEE_HMRC = 1 << 2,                   /* HM Revenue & Customs (PAYE, NI) */
    PAYEE_FAMILY_SAME_HOUSEHOLD = 1 << 3,  /* a close relative living in the same household */
    PAYEE_AUTHORISED = 1 << 4,             /* the council recorded that paying them is allowed */
};

struct match_payee {
    int64_t id;
    const char *name;     /* as it appears on statements */
    const char *aliases;  /* further names separated by '|', or NULL */
    int64_t plan_line_id; /* the plan line it is paid from, or 0 */
    unsigned flags;       /* enum match_payee_flags */
};

struct match_plan_line {
    int64_t id;
    const char *name;      /* "Personal assistant wages" */
    const char *reference; /* the provider's reference for this line, or NULL */
};

struct match_book {
    const struct match_rule *rules;
    size_t nrules;
    const struct match_payee *payees;
    size_t npayees;
    const struct match_plan_line *lines;
    size_t nlines;
};

enum match_method {
    MATCH_NONE = 0,
    MATCH_RULE,
    MATCH_PAYEE,
    MATCH_REFERENCE,
};

struct match_result {
    enum match_method method;
    int64_t plan_line_id; /* 0 when none */
    int64_t rule_id;      /* the rule that matched, or 0 */
    int64_t payee_id;     /* the known payee recognised (even without a plan line), or 0 */
    const char *why;      /* plain words */
};

/* Bulk matching (statement imports of thousands of transactions): the book's patterns, names,
 * aliases and references normalised once, so each transaction costs only its own three fields.
 * match_txn_quick gives exactly match_txn's method, plan line, rule and known payee, without the
 * `why` text (NULL): callers that show a reason call match_txn for that one transaction. */
struct match_quick_rule {
    const struct match_rule *rule;
    const char *pattern; /* normalised */
};
struct match_quick_payee {
    const struct match_payee *payee;
    const char *name;      /* normalised */
    const char **aliases;  /* normalised */
    size_t naliases;
};
struct match_quick {
    const struct match_book *book;
    struct match_quick_rule *rules;
    size_t nrules;
    struct match_quick_payee *payees;
    size_t npayees;
    const char **refs; /* per plan line: its normalised reference of 4 or more, or NULL */
};
int match_quick_prepare(const struct match_book *book, struct arena *a, struct match_quick *out,
                        struct err *e);
void match_txn_quick(const struct statement_txn *t, const struct match_quick *q,
                     struct match_result *out);

/* Normalises s into the arena (see above). */
char *match_normalise(struct arena *a, const char *s);

int match_txn(const struct statement_txn *t, const struct match_book *book, struct arena *a,
              struct match_result *out, struct err *e);
/* Whether one rule matches a transaction. */
bool match_rule_applies(const struct match_rule *r, const struct statement_txn *t,
                        struct arena *a);

struct match_proposal {
    struct match_rule rule;  /* id 0: not yet saved */
    int64_t conflicts_with;  /* an existing rule that would send this elsewhere, or 0 */
    const char *why;         /* what is proposed and why, for the officer */
};

/* Proposes a rule from a manual match of t to plan_line_id. ERR_CONFLICT if an existing rule
 * already does exactly this; ERR_INVALID if the transaction has nothing distinctive to learn. */
int match_propose_rule(const struct statement_txn *t, int64_t plan_line_id,
                       const struct match_book *book, struct arena *a, struct match_proposal *out,
                       struct err *e);

#endif
