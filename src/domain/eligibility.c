/* eligibility.c — the three-condition tests of SI 2015/313 regs 2 and 3. See eligibility.h. */
#include "domain/eligibility.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

/* The wording follows the regulations, turned to the second person because the decision is
 * written to the person ("your home"), and kept in lower case to sit inside a sentence. */
static const struct elig_outcome_info adult_outcomes[ELIG_ADULT_OUTCOMES] = {
    {"nutrition", "(a)", "managing and maintaining nutrition", false},
    {"personal_hygiene", "(b)", "maintaining personal hygiene", false},
    {"toilet_needs", "(c)", "managing toilet needs", false},
    {"clothing", "(d)", "being appropriately clothed", false},
    {"home_safety", "(e)", "being able to make use of your home safely", false},
    {"habitable_home", "(f)", "maintaining a habitable home environment", false},
    {"relationships", "(g)", "developing and maintaining family or other personal relationships",
     false},
    {"work_learning", "(h)", "accessing and engaging in work, training, education or volunteering",
     false},
    {"community", "(i)",
     "making use of necessary facilities or services in the local community, including public "
     "transport and recreational facilities or services",
     false},
    /* Only someone with caring responsibilities for a child can be unable to carry them out. */
    {"child_care", "(j)", "carrying out any caring responsibilities you have for a child", true},
};

static const struct elig_outcome_info carer_outcomes[ELIG_CARER_OUTCOMES] = {
    {"child_care", "(i)", "carrying out any caring responsibilities you have for a child", true},
    {"caring_for_others", "(ii)", "providing care to other people you care for", true},
    {"habitable_home", "(iii)", "maintaining a habitable home environment in your home", false},
    {"nutrition", "(iv)", "managing and maintaining nutrition", false},
    {"relationships", "(v)", "developing and maintaining family or other personal relationships",
     false},
    {"work_learning", "(vi)", "engaging in work, training, education or volunteering", false},
    {"community", "(vii)",
     "making use of necessary facilities or services in the local community, including "
     "recreational facilities or services",
     false},
    {"recreation", "(viii)", "engaging in recreational activities", false},
};

struct named_bit {
    unsigned bit;
    const char *key;
    const char *label;
};

/* The reason phrases complete "…(…)" after an outcome in a sentence written to the person. */
static const struct named_bit reasons[] = {
    {ELIG_REASON_NEEDS_HELP, "needs_help", "you cannot do this without help, including prompting"},
    {ELIG_REASON_PAIN, "pain_distress_anxiety",
     "doing it causes you significant pain, distress or anxiety"},
    {ELIG_REASON_ENDANGERS, "endangers",
     "doing it puts your health or safety, or someone else's, at risk"},
    {ELIG_REASON_TAKES_LONGER, "takes_longer",
     "it takes you significantly longer than would normally be expected"},
};

static const struct named_bit wellbeing_areas[ELIG_WELLBEING_AREAS] = {
    {ELIG_WB_DIGNITY, "dignity", "personal dignity"},
    {ELIG_WB_HEALTH, "health", "physical and mental health and emotional wellbeing"},
    {ELIG_WB_PROTECTION, "protection", "protection from abuse and neglect"},
    {ELIG_WB_CONTROL, "control", "control over day-to-day life"},
    {ELIG_WB_PARTICIPATION, "participation",
     "taking part in work, education, training or recreation"},
    {ELIG_WB_SOCIAL_ECONOMIC, "social_economic", "social and economic wellbeing"},
    {ELIG_WB_RELATIONSHIPS, "relationships", "domestic, family and personal relationships"},
    {ELIG_WB_ACCOMMODATION, "accommodation", "suitability of living accommodation"},
    {ELIG_WB_CONTRIBUTION, "contribution", "contribution to society"},
};

#define NREASONS (sizeof reasons / sizeof reasons[0])

const struct elig_outcome_info *elig_adult_outcome(int i)
{
    return i >= 0 && i < ELIG_ADULT_OUTCOMES ? &adult_outcomes[i] : NULL;
}

const struct elig_outcome_info *elig_carer_outcome(int i)
{
    return i >= 0 && i < ELIG_CARER_OUTCOMES ? &carer_outcomes[i] : NULL;
}

static int outcome_find(const struct elig_outcome_info *t, int n, const char *key)
{
    if (!key)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return i;
    return -1;
}

int elig_adult_outcome_find(const char *key)
{
    return outcome_find(adult_outcomes, ELIG_ADULT_OUTCOMES, key);
}

int elig_carer_outcome_find(const char *key)
{
    return outcome_find(carer_outcomes, ELIG_CARER_OUTCOMES, key);
}

static const struct named_bit *bit_find(const struct named_bit *t, size_t n, unsigned bit)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].bit == bit)
            return &t[i];
    return NULL;
}

static unsigned bit_parse(const struct named_bit *t, size_t n, const char *key)
{
    if (!key)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return t[i].bit;
    return 0;
}

const char *elig_reason_key(unsigned bit)
{
    const struct named_bit *r = bit_find(reasons, NREASONS, bit);
    return r ? r->key : NULL;
}

const char *elig_reason_label(unsigned bit)
{
    const struct named_bit *r = bit_find(reasons, NREASONS, bit);
    return r ? r->label : NULL;
}

unsigned elig_reason_parse(const char *key) { return bit_parse(reasons, NREASONS, key); }

const char *elig_wellbeing_key(unsigned bit)
{
    const struct named_bit *r = bit_find(wellbeing_areas, ELIG_WELLBEING_AREAS, bit);
    return r ? r->key : NULL;
}

const char *elig_wellbeing_label(unsigned bit)
{
    const struct named_bit *r = bit_find(wellbeing_areas, ELIG_WELLBEING_AREAS, bit);
    return r ? r->label : NULL;
}

unsigned elig_wellbeing_parse(const char *key)
{
    return bit_parse(wellbeing_areas, ELIG_WELLBEING_AREAS, key);
}

static const char *const status_keys[] = {"unrecorded", "achieved", "not_achieved",
                                          "not_applicable"};

const char *elig_status_key(enum elig_status s)
{
    return (unsigned)s < sizeof status_keys / sizeof status_keys[0] ? status_keys[s] : NULL;
}

int elig_status_parse(const char *key, enum elig_status *out)
{
    for (int i = ELIG_ACHIEVED; i <= ELIG_NOT_APPLICABLE; i++)
        if (key && strcmp(key, status_keys[i]) == 0) {
            *out = (enum elig_status)i;
            return 0;
        }
    return ERR_INVALID;
}

/* ---- checking ---------------------------------------------------------------------------- */

static int check_answer(enum elig_answer a, const char *field, const char *what, struct err *e)
{
    if (a == ELIG_YES || a == ELIG_NO)
        return 0;
    if (a == ELIG_UNANSWERED)
        return err_set_field(e, ERR_INVALID, field, "Record %s.", what);
    return err_set_field(e, ERR_INVALID, field, "%s: the answer must be yes or no.", field);
}

static int check_outcomes(const struct elig_outcome *o, const struct elig_outcome_info *info,
                          int n, unsigned allowed_reasons, bool carer, struct err *e)
{
    char field[64];
    for (int i = 0; i < n; i++) {
        snprintf(field, sizeof field, "outcomes.%s", info[i].key);
        switch (o[i].status) {
        case ELIG_UNRECORDED:
            return err_set_field(e, ERR_INVALID, field,
                                 "Outcome %s, %s, has not been recorded: mark it achieved or not "
                                 "achieved.",
                                 info[i].letter, info[i].label);
        case ELIG_ACHIEVED:
        case ELIG_NOT_APPLICABLE:
            if (o[i].status == ELIG_NOT_APPLICABLE && !info[i].may_be_not_applicable)
                return err_set_field(e, ERR_INVALID, field,
                                     "Outcome %s, %s, cannot be marked not applicable: it applies "
                                     "to everyone. Mark it achieved or not achieved.",
                                     info[i].letter, info[i].label);
            if (o[i].reasons != 0)
                return err_set_field(e, ERR_INVALID, field,
                                     "Outcome %s, %s, is marked %s but also has reasons why it "
                                     "cannot be achieved. Remove the reasons, or mark it not "
                                     "achieved.",
                                     info[i].letter, info[i].label,
                                     o[i].status == ELIG_ACHIEVED ? "achieved" : "not applicable");
            break;
        case ELIG_NOT_ACHIEVED:
            if (o[i].reasons == 0)
                return err_set_field(
                    e, ERR_INVALID, field,
                    "Outcome %s, %s, is marked not achieved but no reason is given. Choose at "
                    "least one: cannot do it without help; significant pain, distress or "
                    "anxiety; endangers health or safety%s.",
                    info[i].letter, info[i].label,
                    carer ? "" : "; takes significantly longer than normal");
            if (carer && (o[i].reasons & ELIG_REASON_TAKES_LONGER))
                return err_set_field(e, ERR_INVALID, field,
                                     "Outcome %s, %s: \"takes significantly longer than normal\" "
                                     "is not one of the reasons for carers in regulation 3(3) of "
                                     "the Eligibility Criteria Regulations 2015. Use cannot do it "
                                     "without help; significant pain, distress or anxiety; or "
                                     "endangers health or safety.",
                                     info[i].letter, info[i].label);
            if (o[i].reasons & ~allowed_reasons)
                return err_set_field(e, ERR_INVALID, field, "Outcome %s, %s, has an unknown reason.",
                                     info[i].letter, info[i].label);
            break;
        default:
            return err_set_field(e, ERR_INVALID, field, "Outcome %s, %s, has an unknown status.",
                                 info[i].letter, info[i].label);
        }
    }
    return 0;
}

static int check_impact(enum elig_answer impact, unsigned wellbeing, struct err *e)
{
    int rc = check_answer(impact, "significant_impact",
                          "the assessor's judgement of whether there is, or is likely to be, a "
                          "significant impact on wellbeing (condition 3)",
                          e);
    if (rc)
        return rc;
    if (wellbeing & ~ELIG_WB_ALL)
        return err_set_field(e, ERR_INVALID, "wellbeing", "An unknown wellbeing area is recorded.");
    if (impact == ELIG_YES && wellbeing == 0)
        return err_set_field(e, ERR_INVALID, "wellbeing",
                             "A significant impact on wellbeing is recorded but no wellbeing area "
                             "is named. Choose the areas of wellbeing that are affected.");
    return 0;
}

int elig_adult_check(const struct elig_adult_input *in, struct err *e)
{
    int rc = check_answer(in->impairment, "impairment",
                          "whether the needs arise from, or are related to, a physical or mental "
                          "impairment or illness (condition 1)",
                          e);
    if (rc)
        return rc;
    rc = check_outcomes(in->outcomes, adult_outcomes, ELIG_ADULT_OUTCOMES, ELIG_REASONS_ADULT,
                        false, e);
    if (rc)
        return rc;
    return check_impact(in->significant_impact, in->wellbeing, e);
}

int elig_carer_check(const struct elig_carer_input *in, struct err *e)
{
    int rc = check_answer(in->necessary_care, "necessary_care",
                          "whether the carer's needs arise from providing necessary care to an "
                          "adult (condition 1)",
                          e);
    if (rc)
        return rc;
    rc = check_answer(in->health_at_risk, "health_at_risk",
                      "whether the carer's physical or mental health is deteriorating, or at risk "
                      "of deteriorating (condition 2)",
                      e);
    if (rc)
        return rc;
    rc = check_outcomes(in->outcomes, carer_outcomes, ELIG_CARER_OUTCOMES, ELIG_REASONS_CARER, true,
                        e);
    if (rc)
        return rc;
    return check_impact(in->significant_impact, in->wellbeing, e);
}

/* ---- deciding ---------------------------------------------------------------------------- */

/* A decision has at most five sentences (three conditions, the result, what it means). */
#define MAX_SENTENCES 6
#define SENTENCE_CAP 8192

struct writer {
    struct arena *a;
    struct buf b;
    const char *s[MAX_SENTENCES];
    size_t n;
    int rc;
};

static void emit(struct writer *w)
{
    char *s;
    if (w->rc)
        return;
    s = arena_strndup(w->a, w->b.data, w->b.len);
    if (!s || w->n >= MAX_SENTENCES) {
        w->rc = ERR_NOMEM;
        return;
    }
    w->s[w->n++] = s;
    buf_reset(&w->b);
}

static void add(struct writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct writer *w, const char *fmt, ...)
{
    va_list ap;
    if (w->rc)
        return;
    va_start(ap, fmt);
    w->rc = buf_vaddf(&w->b, fmt, ap);
    va_end(ap);
}

/* "a; b; c" list of the outcomes not achieved, each with its reasons in brackets. */
static void add_unable_list(struct writer *w, const struct elig_outcome *o,
                            const struct elig_outcome_info *info, int n)
{
    bool first = true;
    for (int i = 0; i < n; i++) {
        if (o[i].status != ELIG_NOT_ACHIEVED)
            continue;
        add(w, "%s%s (", first ? "" : "; ", info[i].label);
        first = false;
        bool firstr = true;
        for (size_t r = 0; r < NREASONS; r++) {
            if (o[i].reasons & reasons[r].bit) {
                add(w, "%s%s", firstr ? "" : ", and ", reasons[r].label);
                firstr = false;
            }
        }
        add(w, ")");
    }
}

static void add_wellbeing_list(struct writer *w, unsigned wellbeing)
{
    bool first = true;
    for (int i = 0; i < ELIG_WELLBEING_AREAS; i++) {
        if (wellbeing & wellbeing_areas[i].bit) {
            add(w, "%s%s", first ? "" : "; ", wellbeing_areas[i].label);
            first = false;
        }
    }
}

static void count_unable(const struct elig_outcome *o, int n, struct elig_decision *d)
{
    d->unable_count = 0;
    d->unable_mask = 0;
    for (int i = 0; i < n; i++) {
        if (o[i].status == ELIG_NOT_ACHIEVED) {
            d->unable_count++;
            d->unable_mask |= 1u << i;
        }
    }
}

static void add_impact(struct writer *w, const struct elig_decision *d, enum elig_answer impact,
                       unsigned wellbeing, bool carer)
{
    /* Regulation 2(1)(c) and 3(1)(c) ask for the impact "as a consequence" of condition 2; when
     * condition 2 is not met the judgement is still shown, with why it is not enough alone. */
    if (impact == ELIG_YES) {
        if (d->condition[1])
            add(w, "Because of this there is, or is likely to be, a significant impact on your "
                   "wellbeing, in these areas: ");
        else
            add(w, "Your assessment records that there is, or is likely to be, a significant "
                   "impact on your wellbeing, in these areas: ");
        add_wellbeing_list(w, wellbeing);
        add(w, ". So condition 3 is met.");
    } else {
        add(w, "The judgement in your assessment is that %s does not have, and is not likely to "
               "have, a significant impact on your wellbeing",
            carer ? "your caring role" : "your needs");
        if (wellbeing) {
            add(w, " (some effect was noted on ");
            add_wellbeing_list(w, wellbeing);
            add(w, ", but it was not judged significant)");
        }
        add(w, ". So condition 3 is not met.");
    }
    emit(w);
}

static void add_conclusion(struct writer *w, const struct elig_decision *d, bool carer)
{
    if (d->eligible) {
        if (carer)
            add(w, "All three conditions are met, so you have eligible needs for support as a "
                   "carer under the Care Act 2014. The next step is to agree a support plan with "
                   "you, with a personal budget showing the money available to meet these needs.");
        else
            add(w, "All three conditions are met, so you have eligible needs for care and support "
                   "under the Care Act 2014. The next step is to agree a care and support plan "
                   "with you, with a personal budget showing the money available to meet these "
                   "needs.");
        emit(w);
        return;
    }

    int failed[3], nfailed = 0;
    for (int c = 0; c < 3; c++)
        if (!d->condition[c])
            failed[nfailed++] = c + 1;
    if (nfailed == 1)
        add(w, "Condition %d is not met", failed[0]);
    else if (nfailed == 2)
        add(w, "Conditions %d and %d are not met", failed[0], failed[1]);
    else
        add(w, "Conditions 1, 2 and 3 are not met");
    add(w, ", so your needs %s not eligible under the national eligibility criteria (the Care and "
           "Support (Eligibility Criteria) Regulations 2015): all three conditions must be met.",
        carer ? "as a carer are" : "are");
    emit(w);

    add(w, "This does not mean there is no help for you. You are still entitled to information "
           "and advice about support in your area, and to support that can prevent or delay %s "
           "(preventative support). The council can also choose to meet needs that are not "
           "eligible. You will be given a written record of this decision and the reasons for it, "
           "and you can ask for a new assessment if things change.",
        carer ? "your needs as a carer growing" : "your needs growing");
    if (carer)
        add(w, " The person you care for may have eligible needs of their own, whatever this "
               "decision.");
    emit(w);
}

static int finish(struct writer *w, struct elig_decision *out, struct err *e)
{
    buf_release(&w->b);
    if (w->rc) {
        if (w->rc == ERR_NOMEM)
            return err_set(e, ERR_NOMEM, "Out of memory writing the eligibility decision.");
        return err_set(e, w->rc, "The eligibility decision is too long to write.");
    }
    const char **s = arena_array(w->a, w->n, sizeof *s);
    if (!s)
        return err_set(e, ERR_NOMEM, "Out of memory writing the eligibility decision.");
    memcpy(s, w->s, w->n * sizeof *s);
    out->sentences = s;
    out->nsentences = w->n;
    return 0;
}

int elig_adult_decide(const struct elig_adult_input *in, struct arena *a, struct elig_decision *out,
                      struct err *e)
{
    struct writer w = {.a = a};
    int rc = elig_adult_check(in, e);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    count_unable(in->outcomes, ELIG_ADULT_OUTCOMES, out);
    out->condition[0] = in->impairment == ELIG_YES;
    out->condition[1] = out->unable_count >= 2; /* reg 2(1)(b): "two or more" */
    out->condition[2] = in->significant_impact == ELIG_YES;
    out->eligible = out->condition[0] && out->condition[1] && out->condition[2];
    buf_init(&w.b, SENTENCE_CAP);

    if (out->condition[0])
        add(&w, "Your needs arise from, or are related to, a physical or mental impairment or "
                "illness. So condition 1 is met.");
    else
        add(&w, "Your needs do not arise from, and are not related to, a physical or mental "
                "impairment or illness. So condition 1 is not met.");
    emit(&w);

    if (out->unable_count == 0) {
        add(&w, "You are able to achieve all 10 of the outcomes in the regulations. Condition 2 "
                "needs you to be unable to achieve two or more of them, so it is not met.");
    } else {
        add(&w, "You are unable to achieve %d of the 10 outcomes in the regulations: ",
            out->unable_count);
        add_unable_list(&w, in->outcomes, adult_outcomes, ELIG_ADULT_OUTCOMES);
        if (out->condition[1])
            add(&w, ". Being unable to achieve two or more outcomes meets condition 2.");
        else
            add(&w, ". Condition 2 needs you to be unable to achieve two or more, so it is not "
                    "met.");
    }
    emit(&w);

    add_impact(&w, out, in->significant_impact, in->wellbeing, false);
    add_conclusion(&w, out, false);
    return finish(&w, out, e);
}

int elig_carer_decide(const struct elig_carer_input *in, struct arena *a, struct elig_decision *out,
                      struct err *e)
{
    struct writer w = {.a = a};
    int rc = elig_carer_check(in, e);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    count_unable(in->outcomes, ELIG_CARER_OUTCOMES, out);
    bool health = in->health_at_risk == ELIG_YES;
    out->condition[0] = in->necessary_care == ELIG_YES;
    out->condition[1] = health || out->unable_count >= 1; /* reg 3(1)(b): either is enough */
    out->condition[2] = in->significant_impact == ELIG_YES;
    out->eligible = out->condition[0] && out->condition[1] && out->condition[2];
    buf_init(&w.b, SENTENCE_CAP);

    if (out->condition[0])
        add(&w, "Your needs for support arise because you provide necessary care to an adult. "
                "So condition 1 is met.");
    else
        add(&w, "Your needs for support do not arise from providing necessary care to an adult. "
                "So condition 1 is not met.");
    emit(&w);

    if (health)
        add(&w, "Your physical or mental health is deteriorating, or is at risk of "
                "deteriorating");
    else
        add(&w, "Your physical and mental health are not deteriorating or at risk of "
                "deteriorating");
    if (out->unable_count > 0) {
        add(&w, ", and you are unable to achieve %d of the 8 outcomes for carers in the "
                "regulations: ",
            out->unable_count);
        add_unable_list(&w, in->outcomes, carer_outcomes, ELIG_CARER_OUTCOMES);
    } else {
        add(&w, ", and you are able to achieve all 8 of the outcomes for carers in the "
                "regulations");
    }
    if (out->condition[1])
        add(&w, ". Either of these is enough to meet condition 2, so it is met.");
    else
        add(&w, ". Condition 2 needs one or the other, so it is not met.");
    emit(&w);

    add_impact(&w, out, in->significant_impact, in->wellbeing, true);
    add_conclusion(&w, out, true);
    return finish(&w, out, e);
}

char *elig_decision_text(const struct elig_decision *d, struct arena *a)
{
    size_t len = 0;
    for (size_t i = 0; i < d->nsentences; i++)
        len += strlen(d->sentences[i]) + 2;
    char *s = arena_alloc(a, len + 1), *p = s;
    if (!s)
        return NULL;
    for (size_t i = 0; i < d->nsentences; i++) {
        size_t n = strlen(d->sentences[i]);
        if (i > 0) {
            *p++ = '\n';
            *p++ = '\n';
        }
        memcpy(p, d->sentences[i], n);
        p += n;
    }
    *p = '\0';
    return s;
}
