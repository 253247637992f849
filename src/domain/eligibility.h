/*
 * eligibility.h — the national eligibility criteria of the Care Act 2014 s.13, as set out in the
 * Care and Support (Eligibility Criteria) Regulations 2015 (SI 2015/313): regulation 2 for adults
 * who need care and support, regulation 3 for carers. Pure functions over plain structs: no store,
 * no clock, no globals. Pages, the API and the store call elig_adult_decide / elig_carer_decide
 * with what the assessment recorded and keep the decision (and its sentences) with it.
 *
 * What is computed and what is recorded (brief §2.3):
 *   - condition 1 (the needs arise from an impairment or illness; for a carer, from providing
 *     necessary care) is a recorded fact;
 *   - condition 2 is computed from the outcomes: an adult must be unable to achieve two or more of
 *     the ten outcomes (reg 2(1)(b)); a carer's health must be deteriorating or at risk, OR the
 *     carer must be unable to achieve at least one of the eight outcomes (reg 3(1)(b));
 *   - condition 3 (a significant impact on wellbeing) is a recorded professional judgement with the
 *     wellbeing areas (Care Act s.1(2)) it affects. It is never computed.
 * All three must hold for the needs to be eligible.
 *
 * "Unable to achieve" an outcome means one or more of the reasons in reg 2(3) (adults: four) or
 * reg 3(3) (carers: three — "takes significantly longer than normal" is not a carer's reason in the
 * regulations, so it is refused for carers rather than silently counted).
 *
 * Input is checked before anything is decided, and inconsistent input is refused with a message
 * naming the field: every outcome must be recorded; "not achieved" needs at least one reason;
 * "achieved" (or "not applicable") must have none; a significant impact needs at least one
 * wellbeing area. "Not applicable" is only accepted for the outcomes that depend on the person's
 * circumstances (caring for a child; a carer's care of other people) and counts as achieved.
 *
 * The decision's sentences are written to the person ("You are unable to achieve ...") in plain
 * English, and are allocated in the arena the caller passes in.
 */
#ifndef SELFDIRECT_DOMAIN_ELIGIBILITY_H
#define SELFDIRECT_DOMAIN_ELIGIBILITY_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct err;

#define ELIG_ADULT_OUTCOMES 10 /* reg 2(2)(a)-(j) */
#define ELIG_CARER_OUTCOMES 8  /* reg 3(2)(a)-(h), numbered (i)-(viii) in the brief */

enum elig_status {
    ELIG_UNRECORDED = 0,  /* refused: the decision needs every outcome recorded */
    ELIG_ACHIEVED,
    ELIG_NOT_ACHIEVED,
    ELIG_NOT_APPLICABLE,  /* e.g. no caring responsibilities for a child: counts as achieved */
};

/* The reasons an outcome cannot be achieved: a bit set. */
enum elig_reason {
    ELIG_REASON_NEEDS_HELP = 1 << 0,   /* unable without assistance (including prompting) */
    ELIG_REASON_PAIN = 1 << 1,         /* significant pain, distress or anxiety */
    ELIG_REASON_ENDANGERS = 1 << 2,    /* endangers the health or safety of self or others */
    ELIG_REASON_TAKES_LONGER = 1 << 3, /* significantly longer than normal (adults only) */
};
#define ELIG_REASONS_ADULT 0xFu
#define ELIG_REASONS_CARER 0x7u

/* A yes/no fact or judgement, with "not yet recorded" as the zero value so a forgotten field is
 * refused rather than read as "no". */
enum elig_answer {
    ELIG_UNANSWERED = 0,
    ELIG_YES,
    ELIG_NO,
};

/* Wellbeing areas, Care Act 2014 s.1(2)(a)-(i): a bit set. */
enum elig_wellbeing {
    ELIG_WB_DIGNITY = 1 << 0,        /* personal dignity (including being treated with respect) */
    ELIG_WB_HEALTH = 1 << 1,         /* physical and mental health and emotional wellbeing */
    ELIG_WB_PROTECTION = 1 << 2,     /* protection from abuse and neglect */
    ELIG_WB_CONTROL = 1 << 3,        /* control over day-to-day life */
    ELIG_WB_PARTICIPATION = 1 << 4,  /* participation in work, education, training or recreation */
    ELIG_WB_SOCIAL_ECONOMIC = 1 << 5,/* social and economic wellbeing */
    ELIG_WB_RELATIONSHIPS = 1 << 6,  /* domestic, family and personal relationships */
    ELIG_WB_ACCOMMODATION = 1 << 7,  /* suitability of living accommodation */
    ELIG_WB_CONTRIBUTION = 1 << 8,   /* contribution to society */
};
#define ELIG_WELLBEING_AREAS 9
#define ELIG_WB_ALL 0x1FFu

struct elig_outcome {
    enum elig_status status;
    unsigned reasons; /* enum elig_reason bits; non-zero exactly when status is NOT_ACHIEVED */
};

struct elig_adult_input {
    enum elig_answer impairment;         /* condition 1: needs arise from impairment or illness */
    struct elig_outcome outcomes[ELIG_ADULT_OUTCOMES]; /* index 0 = (a) ... 9 = (j) */
    enum elig_answer significant_impact; /* condition 3: the assessor's recorded judgement */
    unsigned wellbeing;                  /* enum elig_wellbeing bits: the areas affected */
};

struct elig_carer_input {
    enum elig_answer necessary_care;     /* condition 1: needs arise from providing necessary care */
    enum elig_answer health_at_risk;     /* part of condition 2: health deteriorating or at risk */
    struct elig_outcome outcomes[ELIG_CARER_OUTCOMES]; /* index 0 = (i) ... 7 = (viii) */
    enum elig_answer significant_impact; /* condition 3 */
    unsigned wellbeing;
};

struct elig_decision {
    bool eligible;
    bool condition[3];        /* condition[0] is condition 1, and so on */
    int unable_count;         /* outcomes not achieved */
    unsigned unable_mask;     /* bit i set when outcome i is not achieved */
    /* Plain-English sentences in reading order (arena strings): one per condition, then what the
     * decision means. A page shows them as paragraphs; elig_decision_text joins them. */
    const char **sentences;
    size_t nsentences;
};

/* The outcomes, in the regulations' order, for pages and field names. `key` is a stable field name
 * ("nutrition"); `label` is the regulation's wording in lower case, for use inside a sentence;
 * `letter` is "(a)" or "(i)". */
struct elig_outcome_info {
    const char *key;
    const char *letter;
    const char *label;
    bool may_be_not_applicable;
};
const struct elig_outcome_info *elig_adult_outcome(int i); /* NULL outside 0..9 */
const struct elig_outcome_info *elig_carer_outcome(int i); /* NULL outside 0..7 */
/* Index of the outcome with this key, or -1. */
int elig_adult_outcome_find(const char *key);
int elig_carer_outcome_find(const char *key);

/* Stable names for the reasons and wellbeing areas ("needs_help", "dignity") and their words for a
 * person. Parse returns the bit, or 0 for an unknown name. */
const char *elig_reason_key(unsigned bit);
const char *elig_reason_label(unsigned bit);
unsigned elig_reason_parse(const char *key);
const char *elig_wellbeing_key(unsigned bit);
const char *elig_wellbeing_label(unsigned bit);
unsigned elig_wellbeing_parse(const char *key);
const char *elig_status_key(enum elig_status s); /* "achieved", "not_achieved", ... */
int elig_status_parse(const char *key, enum elig_status *out);

/* Checks the input (see the top of this file) without deciding. ERR_INVALID with the field at fault
 * ("outcomes.toilet_needs", "significant_impact", ...). */
int elig_adult_check(const struct elig_adult_input *in, struct err *e);
int elig_carer_check(const struct elig_carer_input *in, struct err *e);

/* Checks, then decides. On success fills *out (sentences in arena a). */
int elig_adult_decide(const struct elig_adult_input *in, struct arena *a, struct elig_decision *out,
                      struct err *e);
int elig_carer_decide(const struct elig_carer_input *in, struct arena *a, struct elig_decision *out,
                      struct err *e);

/* The sentences joined with a blank line between them (arena string), or NULL when out of memory. */
char *elig_decision_text(const struct elig_decision *d, struct arena *a);

#endif
