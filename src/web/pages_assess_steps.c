/* pages_assess_steps.c — the steps of a (supported self-) assessment, one question each, and
 * their words; see pages_assess.h. Pure: works from a loaded assessment and configuration. */
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/ras.h"
#include "web/pages_assess.h"

/* Plain-English questions for the eligibility outcomes, keyed by the domain's stable keys. The
 * regulations' own wording (elig_*_outcome()->label) is shown beside them for workers. */
struct outcome_words {
    const char *key, *question, *hint;
};

static const struct outcome_words adult_words[] = {
    {"nutrition", "Can you prepare and eat meals and drinks?",
     "For example shopping for food, cooking, and eating and drinking enough."},
    {"personal_hygiene", "Can you keep yourself clean?",
     "For example washing, bathing or showering, and brushing your teeth."},
    {"toilet_needs", "Can you use the toilet and manage continence?", NULL},
    {"clothing", "Can you get dressed in clothes that suit the weather and what you are doing?",
     NULL},
    {"home_safety", "Can you move around your home safely?",
     "For example getting in and out of bed, using the stairs, and using the kitchen and bathroom."},
    {"habitable_home", "Can you keep your home clean and safe to live in?",
     "For example cleaning, laundry, paying bills and keeping warm."},
    {"relationships", "Can you keep in touch with family and friends?", NULL},
    {"work_learning", "Can you work, study, train or volunteer if you want to?", NULL},
    {"community", "Can you get out and use local services?",
     "For example public transport, the shops, your GP and leisure activities."},
    {"child_care", "Can you look after any children you are responsible for?",
     "If you do not look after any children, choose \"This does not apply to me\"."},
};

static const struct outcome_words carer_words[] = {
    {"child_care", "As well as caring, can you look after any children you are responsible for?",
     "If you do not look after any children, choose \"This does not apply to me\"."},
    {"caring_for_others", "Can you care for anyone else you look after?",
     "If there is no one else you look after, choose \"This does not apply to me\"."},
    {"habitable_home", "Can you keep your own home clean and safe to live in?", NULL},
    {"nutrition", "Can you prepare and eat proper meals yourself?", NULL},
    {"relationships", "Can you keep in touch with your own family and friends?", NULL},
    {"work_learning", "Can you work, study, train or volunteer if you want to?", NULL},
    {"community", "Can you get out and use local services and facilities?", NULL},
    {"recreation", "Do you have time for things you enjoy, like hobbies or a break?", NULL},
};

static const struct outcome_words *words_for(enum assess_kind kind, const char *key)
{
    const struct outcome_words *w = kind == ASSESS_CARER ? carer_words : adult_words;
    size_t n = kind == ASSESS_CARER ? sizeof carer_words / sizeof carer_words[0]
                                    : sizeof adult_words / sizeof adult_words[0];
    for (size_t i = 0; i < n; i++)
        if (strcmp(w[i].key, key) == 0)
            return &w[i];
    return NULL;
}

static const struct elig_outcome_info *outcome_info(enum assess_kind kind, int i)
{
    return kind == ASSESS_CARER ? elig_carer_outcome(i) : elig_adult_outcome(i);
}

static int noutcomes(enum assess_kind kind)
{
    return kind == ASSESS_CARER ? ELIG_CARER_OUTCOMES : ELIG_ADULT_OUTCOMES;
}

/* ---- the list ------------------------------------------------------------------------------- */

struct steps_b {
    struct arena *a;
    struct astep *items;
    size_t n, cap;
    bool nomem;
};

static struct astep *add(struct steps_b *b, enum astep_kind kind, const char *id, bool required,
                         const char *section)
{
    struct astep *s;
    if (b->nomem || !id) {
        b->nomem = true;
        return NULL;
    }
    if (b->n == b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        struct astep *bigger = arena_array(b->a, ncap, sizeof *bigger);
        if (!bigger) {
            b->nomem = true;
            return NULL;
        }
        if (b->n)
            memcpy(bigger, b->items, b->n * sizeof *bigger);
        b->items = bigger;
        b->cap = ncap;
    }
    s = &b->items[b->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->id = id;
    s->required = required;
    s->section = section;
    return s;
}

int assess_steps(const struct assessment *as, const struct ras_config *cfg, struct arena *a,
                 struct astep **steps, size_t *n)
{
    struct steps_b b = {a, NULL, 0, 0, false};
    const char *about = as->kind == ASSESS_CARER ? "About you and your caring" : "About you";
    const char *can = "Things you can and cannot do";
    const char *wb = "Your wellbeing";
    bool carer_kind = as->kind == ASSESS_CARER;
    struct astep *s;

    add(&b, ASTEP_WHAT_MATTERS, "what_matters", true, about);
    add(&b, ASTEP_CONDITION1, "condition1", true, about);
    if (carer_kind)
        add(&b, ASTEP_HEALTH, "health", true, about);
    for (int i = 0; i < noutcomes(as->kind); i++) {
        s = add(&b, ASTEP_OUTCOME, arena_printf(a, "outcome:%s", outcome_info(as->kind, i)->key),
                true, can);
        if (s)
            s->outcome = i;
    }
    add(&b, ASTEP_IMPACT, "impact", true, wb);
    if (as->significant_impact == ELIG_YES)
        add(&b, ASTEP_WELLBEING, "wellbeing", true, wb);
    if (cfg) {
        bool any_adjustable = false;
        for (size_t d = 0; d < cfg->ndomains; d++) {
            const struct ras_domain *dom = &cfg->domains[d];
            any_adjustable |= dom->carer_adjustable;
            for (size_t q = 0; q < dom->nquestions; q++) {
                s = add(&b, ASTEP_RAS,
                        arena_printf(a, "ras:%s.%s", dom->id, dom->questions[q].id),
                        dom->questions[q].required, dom->title);
                if (s) {
                    s->domain = d;
                    s->question = q;
                }
            }
        }
        /* The carer adjustment is about the person's own carer, so only in a needs assessment. */
        if (!carer_kind && any_adjustable && cfg->ncarer_levels) {
            const char *fam = "Help from family or friends";
            add(&b, ASTEP_CARER_HELPS, "carer_helps", true, fam);
            for (size_t d = 0; as->carer_helps == ELIG_YES && d < cfg->ndomains; d++)
                if (cfg->domains[d].carer_adjustable) {
                    s = add(&b, ASTEP_CARER_DOMAIN, arena_printf(a, "carer:%s", cfg->domains[d].id),
                            true, fam);
                    if (s)
                        s->domain = d;
                }
        }
    }
    if (b.nomem)
        return err_set(NULL, ERR_NOMEM, "Out of memory.");
    *steps = b.items;
    *n = b.n;
    return 0;
}

bool assess_step_answered(const struct assessment *as, const struct ras_config *cfg,
                          const struct astep *s)
{
    char key[2 * RAS_ID_MAX + 2];
    switch (s->kind) {
    case ASTEP_WHAT_MATTERS:
        return as->what_matters && *as->what_matters;
    case ASTEP_CONDITION1:
        return as->condition1 != ELIG_UNANSWERED;
    case ASTEP_HEALTH:
        return as->health_at_risk != ELIG_UNANSWERED;
    case ASTEP_OUTCOME:
        return assess_find_outcome(as, outcome_info(as->kind, s->outcome)->key) != NULL;
    case ASTEP_IMPACT:
        return as->significant_impact != ELIG_UNANSWERED;
    case ASTEP_WELLBEING:
        return as->wellbeing != 0;
    case ASTEP_RAS:
        if (!cfg)
            return false;
        snprintf(key, sizeof key, "%s.%s", cfg->domains[s->domain].id,
                 cfg->domains[s->domain].questions[s->question].id);
        return assess_find_answer(as, key) != NULL;
    case ASTEP_CARER_HELPS:
        return as->carer_helps != ELIG_UNANSWERED;
    case ASTEP_CARER_DOMAIN:
        return cfg && assess_find_carer(as, cfg->domains[s->domain].id) != NULL;
    }
    return false;
}

int assess_step_find(const struct astep *steps, size_t n, const char *id)
{
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(steps[i].id, id) == 0)
            return (int)i;
    return -1;
}

size_t assess_step_resume(const struct assessment *as, const struct ras_config *cfg,
                          const struct astep *steps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (steps[i].required && !assess_step_answered(as, cfg, &steps[i]))
            return i;
    return n;
}

/* ---- words ---------------------------------------------------------------------------------- */

static const char *sentence_case(struct arena *a, const char *s)
{
    char *c = arena_strdup(a, s ? s : "");
    if (c && c[0] >= 'a' && c[0] <= 'z')
        c[0] = (char)(c[0] - 'a' + 'A');
    return c ? c : "";
}

static const char *lower_first(struct arena *a, const char *s)
{
    char *c = arena_strdup(a, s ? s : "");
    if (c && c[0] >= 'A' && c[0] <= 'Z' && !(c[1] >= 'A' && c[1] <= 'Z'))
        c[0] = (char)(c[0] - 'A' + 'a');
    return c ? c : "";
}

const char *assess_step_question(struct arena *a, const struct assessment *as,
                                 const struct ras_config *cfg, const struct astep *s,
                                 const char **hint)
{
    bool carer = as->kind == ASSESS_CARER;
    *hint = NULL;
    switch (s->kind) {
    case ASTEP_WHAT_MATTERS:
        *hint = "In your own words: what you would like to be able to do, what is going well and "
                "what is hard. This helps everyone plan your support around you.";
        return "What matters most to you?";
    case ASTEP_CONDITION1:
        if (carer) {
            *hint = "For example because of their illness, disability, age or mental health.";
            return "Do you care for an adult who could not manage without the care you give?";
        }
        *hint = "For example a long-term illness, a disability, dementia, a learning disability, "
                "a brain injury or a mental health condition.";
        return "Are your care needs caused by a physical or mental health condition, illness or "
               "disability?";
    case ASTEP_HEALTH:
        return "Is your own physical or mental health getting worse, or at risk, because of "
               "caring?";
    case ASTEP_OUTCOME: {
        const struct elig_outcome_info *info = outcome_info(as->kind, s->outcome);
        const struct outcome_words *w = words_for(as->kind, info->key);
        *hint = w ? w->hint : NULL;
        return w ? w->question : sentence_case(a, info->label);
    }
    case ASTEP_IMPACT:
        *hint = "Wellbeing means things like your health, your safety, your independence, your "
                "relationships and being treated with dignity.";
        return carer ? "Does caring have a big effect on your wellbeing?"
                     : "Do these difficulties have a big effect on your wellbeing?";
    case ASTEP_WELLBEING:
        *hint = "Select all that apply.";
        return "Which parts of your life are affected?";
    case ASTEP_RAS: {
        const struct ras_question *q = &cfg->domains[s->domain].questions[s->question];
        *hint = q->help;
        return q->text;
    }
    case ASTEP_CARER_HELPS:
        *hint = "Do not count paid care workers. Your needs are assessed as if no one was "
                "helping: this is only used to work out your budget.";
        return "Does a family member or friend help you without being paid, and are they willing "
               "and able to keep helping?";
    case ASTEP_CARER_DOMAIN:
        *hint = "Think about the help they give now and will keep giving.";
        return arena_printf(a, "How much of the help you need with %s does your family member or "
                               "friend give?",
                            lower_first(a, cfg->domains[s->domain].title));
    }
    return "";
}

static const char *yes_no(enum elig_answer v)
{
    return v == ELIG_YES ? "Yes" : v == ELIG_NO ? "No" : "";
}

const char *assess_step_answer_text(struct arena *a, const struct assessment *as,
                                    const struct ras_config *cfg, const struct astep *s)
{
    switch (s->kind) {
    case ASTEP_WHAT_MATTERS:
        return as->what_matters ? as->what_matters : "";
    case ASTEP_CONDITION1:
        return yes_no(as->condition1);
    case ASTEP_HEALTH:
        return yes_no(as->health_at_risk);
    case ASTEP_IMPACT:
        return yes_no(as->significant_impact);
    case ASTEP_OUTCOME: {
        const struct assess_outcome *o =
            assess_find_outcome(as, outcome_info(as->kind, s->outcome)->key);
        const char *t;
        if (!o)
            return "";
        if (o->status == ELIG_ACHIEVED)
            return "Yes, without difficulty";
        if (o->status == ELIG_NOT_APPLICABLE)
            return "Does not apply";
        t = "No, or only with difficulty:";
        for (unsigned bit = 1; bit <= ELIG_REASON_TAKES_LONGER; bit <<= 1)
            if (o->reasons & bit)
                t = arena_printf(a, "%s %s;", t, elig_reason_label(bit));
        if (t && o->notes && *o->notes)
            t = arena_printf(a, "%s \"%s\"", t, o->notes);
        return t ? t : "";
    }
    case ASTEP_WELLBEING: {
        const char *t = "";
        for (unsigned bit = 1; bit <= ELIG_WB_CONTRIBUTION; bit <<= 1)
            if (as->wellbeing & bit)
                t = arena_printf(a, "%s%s%s", t ? t : "", t && *t ? "; " : "",
                                 elig_wellbeing_label(bit));
        return t ? sentence_case(a, t) : "";
    }
    case ASTEP_RAS: {
        const struct ras_question *q;
        char key[2 * RAS_ID_MAX + 2];
        const char *ans;
        int opt;
        if (!cfg)
            return "";
        q = &cfg->domains[s->domain].questions[s->question];
        snprintf(key, sizeof key, "%s.%s", cfg->domains[s->domain].id, q->id);
        if (!(ans = assess_find_answer(as, key)))
            return "";
        opt = ras_find_option(q, ans);
        return opt >= 0 ? q->options[opt].text : ans;
    }
    case ASTEP_CARER_HELPS:
        return yes_no(as->carer_helps);
    case ASTEP_CARER_DOMAIN: {
        const char *lvl = cfg ? assess_find_carer(as, cfg->domains[s->domain].id) : NULL;
        int i;
        if (!lvl)
            return "";
        if (strcmp(lvl, ASSESS_CARER_NONE) == 0)
            return "None of it";
        i = ras_find_carer_level(cfg, lvl);
        return i >= 0 ? sentence_case(a, cfg->carer_levels[i].text) : lvl;
    }
    }
    return "";
}
