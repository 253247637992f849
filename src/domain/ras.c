/* ras.c — answers to points to an indicative weekly budget, with its derivation. See ras.h. */
#include "domain/ras.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

/* ---- lookups ----------------------------------------------------------------------------- */

bool ras_config_in_force(const struct ras_config *cfg, day_t day)
{
    if (day < cfg->effective_from)
        return false;
    return !cfg->has_effective_to || day <= cfg->effective_to;
}

int ras_find_domain(const struct ras_config *cfg, const char *id)
{
    for (size_t i = 0; id && i < cfg->ndomains; i++)
        if (strcmp(cfg->domains[i].id, id) == 0)
            return (int)i;
    return -1;
}

int ras_find_question(const struct ras_config *cfg, const char *key, size_t *domain,
                      size_t *question)
{
    const char *dot = key ? strchr(key, '.') : NULL;
    if (!dot)
        return -1;
    size_t dlen = (size_t)(dot - key);
    for (size_t d = 0; d < cfg->ndomains; d++) {
        const struct ras_domain *dom = &cfg->domains[d];
        if (strlen(dom->id) != dlen || memcmp(dom->id, key, dlen) != 0)
            continue;
        for (size_t q = 0; q < dom->nquestions; q++) {
            if (strcmp(dom->questions[q].id, dot + 1) == 0) {
                *domain = d;
                *question = q;
                return 0;
            }
        }
        return -1;
    }
    return -1;
}

int ras_find_option(const struct ras_question *q, const char *id)
{
    for (size_t i = 0; id && i < q->noptions; i++)
        if (strcmp(q->options[i].id, id) == 0)
            return (int)i;
    return -1;
}

int ras_find_carer_level(const struct ras_config *cfg, const char *id)
{
    for (size_t i = 0; id && i < cfg->ncarer_levels; i++)
        if (strcmp(cfg->carer_levels[i].id, id) == 0)
            return (int)i;
    return -1;
}

int ras_find_adjustment(const struct ras_config *cfg, const char *id)
{
    for (size_t i = 0; id && i < cfg->nadjustments; i++)
        if (strcmp(cfg->adjustments[i].id, id) == 0)
            return (int)i;
    return -1;
}

int64_t ras_max_points(const struct ras_config *cfg)
{
    int64_t total = 0;
    for (size_t d = 0; d < cfg->ndomains; d++) {
        const struct ras_domain *dom = &cfg->domains[d];
        int64_t sum = 0;
        for (size_t q = 0; q < dom->nquestions; q++) {
            int64_t best = 0;
            for (size_t o = 0; o < dom->questions[q].noptions; o++)
                if (dom->questions[q].options[o].points > best)
                    best = dom->questions[q].options[o].points;
            sum += best;
        }
        if (dom->max_points > 0 && sum > dom->max_points)
            sum = dom->max_points;
        total += sum;
    }
    return total;
}

int ras_price_points(const struct ras_config *cfg, int64_t points, int64_t *weekly,
                     const struct ras_band **band, struct err *e)
{
    *band = NULL;
    /* Points adjustments can be negative; a negative total prices as zero points. */
    if (points < 0)
        points = 0;
    if (cfg->pricing == RAS_PRICE_PER_POINT) {
        if (money_mul(points, cfg->price_per_point, weekly) != 0)
            return err_set(e, ERR_RANGE, "%lld points at the configured price overflow.",
                           (long long)points);
        return 0;
    }
    for (size_t i = 0; i < cfg->nbands; i++) {
        const struct ras_band *b = &cfg->bands[i];
        if (points >= b->from_points && (b->to_points < 0 || points <= b->to_points)) {
            *band = b;
            *weekly = b->weekly;
            return 0;
        }
    }
    return err_set(e, ERR_INVALID,
                   "The configuration has no band for %lld points: its bands must cover every "
                   "total from 0 up.",
                   (long long)points);
}

size_t ras_percent_format(int64_t bp, char *out, size_t outsz)
{
    const char *sign = bp < 0 ? "-" : "";
    int64_t a = bp < 0 ? -bp : bp;
    int n;
    if (a % 100 == 0)
        n = snprintf(out, outsz, "%s%lld", sign, (long long)(a / 100));
    else if (a % 10 == 0)
        n = snprintf(out, outsz, "%s%lld.%lld", sign, (long long)(a / 100),
                     (long long)(a % 100 / 10));
    else
        n = snprintf(out, outsz, "%s%lld.%02lld", sign, (long long)(a / 100),
                     (long long)(a % 100));
    return n < 0 ? 0 : (size_t)n;
}

static const char *const flag_names[] = {
    [RAS_FLAG_UNKNOWN_QUESTION] = "unknown_question",
    [RAS_FLAG_UNKNOWN_ANSWER] = "answer_not_in_configuration",
    [RAS_FLAG_DUPLICATE] = "duplicate",
    [RAS_FLAG_UNANSWERED] = "required_question_unanswered",
    [RAS_FLAG_INCONSISTENT] = "inconsistent_answers",
    [RAS_FLAG_CARER_UNKNOWN_DOMAIN] = "carer_unknown_domain",
    [RAS_FLAG_CARER_NOT_ADJUSTABLE] = "carer_domain_not_adjustable",
    [RAS_FLAG_CARER_UNKNOWN_LEVEL] = "carer_unknown_level",
    [RAS_FLAG_CARER_NOT_WILLING] = "carer_not_willing_and_able",
    [RAS_FLAG_UNKNOWN_ADJUSTMENT] = "unknown_adjustment",
    [RAS_FLAG_AUTOMATIC_ADJUSTMENT] = "adjustment_is_automatic",
    [RAS_FLAG_COUNCIL_MISMATCH] = "council_mismatch",
};

const char *ras_flag_kind_name(enum ras_flag_kind k)
{
    if ((size_t)k < sizeof flag_names / sizeof flag_names[0] && flag_names[k])
        return flag_names[k];
    return "unknown";
}

/* ---- growable arena lists ---------------------------------------------------------------- */

struct list {
    struct arena *a;
    void *v;
    size_t n, cap, size;
    int rc;
};

static void *list_push(struct list *l)
{
    if (l->rc)
        return NULL;
    if (l->n == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 16;
        void *nv = arena_array(l->a, ncap, l->size);
        if (!nv) {
            l->rc = ERR_NOMEM;
            return NULL;
        }
        if (l->n)
            memcpy(nv, l->v, l->n * l->size);
        l->v = nv;
        l->cap = ncap;
    }
    return (char *)l->v + l->size * l->n++;
}

static void list_str(struct list *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void list_str(struct list *l, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    const char **slot;
    if (l->rc)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        l->rc = ERR_INVALID;
        return;
    }
    /* Long sentences (a domain with many answers) are built in the arena directly. */
    char *s;
    if ((size_t)n < sizeof tmp) {
        s = arena_strdup(l->a, tmp);
    } else {
        s = arena_alloc(l->a, (size_t)n + 1);
        if (s) {
            va_start(ap, fmt);
            vsnprintf(s, (size_t)n + 1, fmt, ap);
            va_end(ap);
        }
    }
    slot = s ? list_push(l) : NULL;
    if (!slot) {
        l->rc = ERR_NOMEM;
        return;
    }
    *slot = s;
}

static void add_flag(struct list *l, enum ras_flag_kind kind, const char *subject, const char *fmt,
                     ...) __attribute__((format(printf, 4, 5)));
static void add_flag(struct list *l, enum ras_flag_kind kind, const char *subject, const char *fmt,
                     ...)
{
    /* Long enough for any message about a configuration within its limits; an answers file's own
     * over-long text (an answer id of a megabyte) is cut short here, safely. */
    char tmp[4096];
    va_list ap;
    struct ras_flag *f;
    if (l->rc)
        return;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    f = list_push(l);
    if (!f)
        return;
    f->kind = kind;
    f->subject = arena_strdup(l->a, subject ? subject : "");
    f->message = arena_strdup(l->a, tmp);
    if (!f->subject || !f->message)
        l->rc = ERR_NOMEM;
}

static const char *pounds(char buf[MONEY_FMT_SIZE], int64_t pence)
{
    money_format(pence, MONEY_FMT_POUND, buf, MONEY_FMT_SIZE);
    return buf;
}

/* "a, b or c": the answers a question accepts, for a flag's message. */
static void option_list(const struct ras_question *q, char *out, size_t outsz)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < q->noptions && used < outsz; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == q->noptions ? " or " : ", ");
        int n = snprintf(out + used, outsz - used, "%s\"%s\"", sep, q->options[i].id);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* ---- checking answers -------------------------------------------------------------------- */

/* Flat index of each question: offsets[d] + q. */
struct qindex {
    size_t *offsets;
    size_t total;
    long *chosen; /* option index per question, -1 unanswered */
};

static int qindex_init(struct qindex *qi, const struct ras_config *cfg, struct arena *a)
{
    qi->total = 0;
    qi->offsets = arena_array(a, cfg->ndomains ? cfg->ndomains : 1, sizeof *qi->offsets);
    if (!qi->offsets)
        return ERR_NOMEM;
    for (size_t d = 0; d < cfg->ndomains; d++) {
        qi->offsets[d] = qi->total;
        qi->total += cfg->domains[d].nquestions;
    }
    qi->chosen = arena_array(a, qi->total ? qi->total : 1, sizeof *qi->chosen);
    if (!qi->chosen)
        return ERR_NOMEM;
    for (size_t i = 0; i < qi->total; i++)
        qi->chosen[i] = -1;
    return 0;
}

static bool set_has(const struct ras_answer_set *s, long option)
{
    for (size_t i = 0; i < s->noptions; i++)
        if ((long)s->options[i] == option)
            return true;
    return false;
}

static const char *option_text(const struct ras_config *cfg, const struct ras_answer_set *s,
                               long option)
{
    return cfg->domains[s->domain].questions[s->question].options[option].text;
}

/* Fills qi->chosen from the answers and flags what does not fit. */
static void check_into(const struct ras_config *cfg, const struct ras_answers *ans,
                       struct qindex *qi, struct list *flags)
{
    char opts[2048];

    if (ans->council_code && strcmp(ans->council_code, cfg->council_code) != 0)
        add_flag(flags, RAS_FLAG_COUNCIL_MISMATCH, ans->council_code,
                 "These answers are for council %s, but this configuration is %s's (%s). Use the "
                 "configuration of the council doing the assessment.",
                 ans->council_code, cfg->council_code, cfg->council_name);

    for (size_t i = 0; i < ans->nanswers; i++) {
        const struct ras_given *g = &ans->answers[i];
        size_t d, q;
        if (ras_find_question(cfg, g->question, &d, &q) != 0) {
            add_flag(flags, RAS_FLAG_UNKNOWN_QUESTION, g->question,
                     "There is no question \"%s\" in this configuration (%s version %s). "
                     "Questions are named domain.question, for example \"%s.%s\".",
                     g->question ? g->question : "", cfg->council_code, cfg->version,
                     cfg->ndomains ? cfg->domains[0].id : "domain",
                     cfg->ndomains && cfg->domains[0].nquestions ? cfg->domains[0].questions[0].id
                                                                 : "question");
            continue;
        }
        const struct ras_question *qq = &cfg->domains[d].questions[q];
        size_t flat = qi->offsets[d] + q;
        if (qi->chosen[flat] >= 0) {
            add_flag(flags, RAS_FLAG_DUPLICATE, g->question,
                     "The question \"%s\" (%s) is answered more than once. Keep one answer.",
                     g->question, qq->text);
            continue;
        }
        int o = ras_find_option(qq, g->answer);
        if (o < 0) {
            option_list(qq, opts, sizeof opts);
            add_flag(flags, RAS_FLAG_UNKNOWN_ANSWER, g->question,
                     "\"%s\" is not one of the answers to \"%s\" (%s). The answers are %s.",
                     g->answer ? g->answer : "", g->question, qq->text, opts);
            /* Mark it answered so a required question is not flagged a second time. */
            qi->chosen[flat] = -2;
            continue;
        }
        qi->chosen[flat] = o;
    }

    for (size_t d = 0; d < cfg->ndomains; d++) {
        const struct ras_domain *dom = &cfg->domains[d];
        for (size_t q = 0; q < dom->nquestions; q++) {
            char key[2 * RAS_ID_MAX + 2];
            if (!dom->questions[q].required || qi->chosen[qi->offsets[d] + q] != -1)
                continue;
            snprintf(key, sizeof key, "%s.%s", dom->id, dom->questions[q].id);
            add_flag(flags, RAS_FLAG_UNANSWERED, key,
                     "The question \"%s\" (%s) must be answered before the budget can be worked "
                     "out.",
                     key, dom->questions[q].text);
        }
    }

    for (size_t r = 0; r < cfg->nrules; r++) {
        const struct ras_rule *rule = &cfg->rules[r];
        long a1 = qi->chosen[qi->offsets[rule->if_answers.domain] + rule->if_answers.question];
        long a2 = qi->chosen[qi->offsets[rule->then_answers.domain] + rule->then_answers.question];
        if (a1 < 0 || a2 < 0 || !set_has(&rule->if_answers, a1))
            continue;
        bool in = set_has(&rule->then_answers, a2);
        if ((rule->kind == RAS_RULE_THEN_NOT && in) || (rule->kind == RAS_RULE_THEN_ONLY && !in)) {
            add_flag(flags, RAS_FLAG_INCONSISTENT, rule->id,
                     "%s (The answers given: \"%s\" and \"%s\".)", rule->message, option_text(cfg, &rule->if_answers, a1),
                     option_text(cfg, &rule->then_answers, a2));
        }
    }

    for (size_t i = 0; i < ans->ncarer; i++) {
        const struct ras_carer_given *c = &ans->carer[i];
        int d = ras_find_domain(cfg, c->domain);
        if (d < 0) {
            add_flag(flags, RAS_FLAG_CARER_UNKNOWN_DOMAIN, c->domain,
                     "Carer support is recorded for \"%s\", which is not an area of this "
                     "assessment.",
                     c->domain ? c->domain : "");
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (ans->carer[j].domain && strcmp(ans->carer[j].domain, c->domain) == 0)
                add_flag(flags, RAS_FLAG_DUPLICATE, c->domain,
                         "Carer support for %s is recorded more than once. Keep one.",
                         cfg->domains[d].title);
        if (!cfg->domains[d].carer_adjustable)
            add_flag(flags, RAS_FLAG_CARER_NOT_ADJUSTABLE, c->domain,
                     "Carer support is recorded for %s, but this council does not reduce the "
                     "points for %s when a carer helps. Remove it.",
                     cfg->domains[d].title, cfg->domains[d].title);
        if (ras_find_carer_level(cfg, c->level) < 0) {
            char levels[512];
            size_t used = 0;
            levels[0] = '\0';
            for (size_t l = 0; l < cfg->ncarer_levels && used < sizeof levels; l++) {
                int n = snprintf(levels + used, sizeof levels - used, "%s\"%s\"",
                                 l ? ", " : "", cfg->carer_levels[l].id);
                if (n < 0)
                    break;
                used += (size_t)n;
            }
            if (cfg->ncarer_levels)
                add_flag(flags, RAS_FLAG_CARER_UNKNOWN_LEVEL, c->domain,
                         "\"%s\" is not a level of carer support in this configuration. The "
                         "levels are %s.",
                         c->level ? c->level : "", levels);
            else
                add_flag(flags, RAS_FLAG_CARER_UNKNOWN_LEVEL, c->domain,
                         "This configuration has no carer adjustment, so carer support (\"%s\" "
                         "for %s) cannot be applied.",
                         c->level ? c->level : "", cfg->domains[d].title);
        }
        if (!ans->carer_willing_and_able)
            add_flag(flags, RAS_FLAG_CARER_NOT_WILLING, c->domain,
                     "Carer support is recorded for %s, but the carer is not recorded as willing "
                     "and able to keep giving it. Needs are assessed as if no carer were helping; "
                     "points are only reduced for help a carer is willing and able to give.",
                     cfg->domains[d].title);
    }

    for (size_t i = 0; i < ans->nadjustments; i++) {
        const char *id = ans->adjustments[i];
        int k = ras_find_adjustment(cfg, id);
        if (k < 0) {
            add_flag(flags, RAS_FLAG_UNKNOWN_ADJUSTMENT, id,
                     "There is no adjustment \"%s\" in this configuration.", id ? id : "");
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (ans->adjustments[j] && strcmp(ans->adjustments[j], id) == 0)
                add_flag(flags, RAS_FLAG_DUPLICATE, id,
                         "The adjustment \"%s\" is chosen more than once.", id);
        if (cfg->adjustments[k].automatic)
            add_flag(flags, RAS_FLAG_AUTOMATIC_ADJUSTMENT, id,
                     "The adjustment \"%s\" (%s) is applied automatically from the answers; it "
                     "cannot be chosen by hand.",
                     id, cfg->adjustments[k].title);
    }
}

int ras_check_answers(const struct ras_config *cfg, const struct ras_answers *ans, struct arena *a,
                      const struct ras_flag **flags, size_t *nflags, struct err *e)
{
    struct qindex qi;
    struct list fl = {.a = a, .size = sizeof(struct ras_flag)};
    if (qindex_init(&qi, cfg, a) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory checking the answers.");
    check_into(cfg, ans, &qi, &fl);
    if (fl.rc)
        return err_set(e, ERR_NOMEM, "Out of memory checking the answers.");
    *flags = fl.v;
    *nflags = fl.n;
    return 0;
}

/* ---- calculating ------------------------------------------------------------------------- */

static bool adjustment_applies(const struct ras_config *cfg, const struct ras_answers *ans,
                               const struct qindex *qi, size_t k)
{
    const struct ras_adjustment *adj = &cfg->adjustments[k];
    if (adj->automatic) {
        long o = qi->chosen[qi->offsets[adj->when.domain] + adj->when.question];
        return o >= 0 && set_has(&adj->when, o);
    }
    for (size_t i = 0; i < ans->nadjustments; i++)
        if (ans->adjustments[i] && strcmp(ans->adjustments[i], adj->id) == 0)
            return true;
    return false;
}

static const struct ras_carer_level *carer_for(const struct ras_config *cfg,
                                               const struct ras_answers *ans, const char *domain)
{
    if (!ans->carer_willing_and_able)
        return NULL;
    for (size_t i = 0; i < ans->ncarer; i++) {
        if (ans->carer[i].domain && strcmp(ans->carer[i].domain, domain) == 0) {
            int l = ras_find_carer_level(cfg, ans->carer[i].level);
            return l >= 0 ? &cfg->carer_levels[l] : NULL;
        }
    }
    return NULL;
}

#define OVERFLOW(e) err_set(e, ERR_RANGE, "The budget figures overflow: check the configuration's amounts.")

static int calc_points(const struct ras_config *cfg, const struct ras_answers *ans,
                       const struct qindex *qi, struct ras_result *r, struct list *derivation,
                       struct list *warnings, struct arena *a)
{
    struct ras_answer_line *lines = arena_array(a, qi->total ? qi->total : 1, sizeof *lines);
    struct ras_domain_line *doms = arena_array(a, cfg->ndomains ? cfg->ndomains : 1, sizeof *doms);
    size_t unanswered_optional = 0;
    if (!lines || !doms)
        return ERR_NOMEM;

    for (size_t d = 0; d < cfg->ndomains; d++) {
        const struct ras_domain *dom = &cfg->domains[d];
        struct ras_domain_line *dl = &doms[d];
        /* Room for every answer of a domain at the configuration's limits (30 questions, answer
         * texts of at most 500 bytes), so the derivation never silently drops one. */
        char sentence[16384];
        size_t used = 0;
        int n;
        dl->domain = d;
        for (size_t q = 0; q < dom->nquestions; q++) {
            size_t flat = qi->offsets[d] + q;
            struct ras_answer_line *al = &lines[flat];
            al->domain = d;
            al->question = q;
            if (qi->chosen[flat] >= 0) {
                const struct ras_option *opt = &dom->questions[q].options[qi->chosen[flat]];
                al->answered = true;
                al->option = (size_t)qi->chosen[flat];
                al->points = opt->points;
                dl->points_answers += opt->points;
                n = snprintf(sentence + used, sizeof sentence - used, "%s%s (%lld point%s)",
                             used ? "; " : "", opt->text, (long long)opt->points,
                             opt->points == 1 ? "" : "s");
                if (n > 0 && (size_t)n < sizeof sentence - used)
                    used += (size_t)n;
            } else {
                unanswered_optional++;
            }
        }
        dl->points_capped = dl->points_answers;
        if (dom->max_points > 0 && dl->points_capped > dom->max_points)
            dl->points_capped = dom->max_points;
        dl->points = dl->points_capped;
        if (dom->carer_adjustable) {
            dl->carer = carer_for(cfg, ans, dom->id);
            if (dl->carer) {
                /* Rounded down: the person never loses a point to rounding. */
                dl->carer_reduction = dl->points_capped * dl->carer->reduction_percent / 100;
                dl->points = dl->points_capped - dl->carer_reduction;
            }
        }
        r->points_answers += dl->points_answers;
        r->points_capped += dl->points_answers - dl->points_capped;
        r->points_carer += dl->carer_reduction;

        if (used == 0) {
            list_str(derivation, "%s: no answers here score points (0 points).", dom->title);
            continue;
        }
        char tail[1024] = "";
        size_t tused = 0;
        if (dl->points_capped != dl->points_answers) {
            n = snprintf(tail + tused, sizeof tail - tused,
                         " The most this area can count is %lld points, so it counts as %lld.",
                         (long long)dom->max_points, (long long)dl->points_capped);
            if (n > 0 && (size_t)n < sizeof tail - tused)
                tused += (size_t)n;
        }
        if (dl->carer) {
            n = snprintf(tail + tused, sizeof tail - tused,
                         " A carer who is willing and able to carry on helping gives %s here, "
                         "so %lld%% of these points %s taken off (%lld point%s%s), leaving %lld.",
                         dl->carer->text, (long long)dl->carer->reduction_percent,
                         dl->points_capped == 1 ? "is" : "are", (long long)dl->carer_reduction,
                         dl->carer_reduction == 1 ? "" : "s",
                         dl->points_capped * dl->carer->reduction_percent % 100 ? ", rounded down"
                                                                                : "",
                         (long long)dl->points);
            if (n > 0 && (size_t)n < sizeof tail - tused)
                tused += (size_t)n;
        }
        list_str(derivation, "%s, %lld point%s: %s.%s", dom->title,
                 (long long)dl->points_answers, dl->points_answers == 1 ? "" : "s", sentence,
                 tail);
    }
    r->answers = lines;
    r->nanswers = qi->total;
    r->domains = doms;
    r->ndomains = cfg->ndomains;
    if (unanswered_optional)
        list_str(warnings, "%zu optional question%s %s not answered and scored no points.",
                 unanswered_optional, unanswered_optional == 1 ? "" : "s",
                 unanswered_optional == 1 ? "was" : "were");
    return 0;
}

int ras_calculate(const struct ras_config *cfg, const struct ras_answers *ans, struct arena *a,
                  struct ras_result **out, struct err *e)
{
    char p1[MONEY_FMT_SIZE], p2[MONEY_FMT_SIZE], pct[16];
    char d1[DATE_ISO_SIZE + 16], d2[DATE_ISO_SIZE + 16], d3[DATE_ISO_SIZE + 16];
    struct qindex qi;
    struct list flags = {.a = a, .size = sizeof(struct ras_flag)};
    struct list der = {.a = a, .size = sizeof(const char *)};
    struct list warn = {.a = a, .size = sizeof(const char *)};
    struct list adjs = {.a = a, .size = sizeof(struct ras_adjustment_line)};
    struct ras_result *r;
    int rc;

    *out = NULL;
    if (!ras_config_in_force(cfg, ans->assessment_date)) {
        date_format_long(ans->assessment_date, d1, sizeof d1);
        date_format_long(cfg->effective_from, d2, sizeof d2);
        if (cfg->has_effective_to) {
            date_format_long(cfg->effective_to, d3, sizeof d3);
            return err_set_field(e, ERR_INVALID, "assessment_date",
                                 "The assessment date, %s, is outside the dates of %s's resource "
                                 "allocation system version %s (%s to %s). Use the version in "
                                 "force on the assessment date.",
                                 d1, cfg->council_name, cfg->version, d2, d3);
        }
        return err_set_field(e, ERR_INVALID, "assessment_date",
                             "The assessment date, %s, is before %s's resource allocation system "
                             "version %s came into force (%s). Use the version in force on the "
                             "assessment date.",
                             d1, cfg->council_name, cfg->version, d2);
    }

    r = arena_zalloc(a, sizeof *r);
    if (!r || qindex_init(&qi, cfg, a) != 0)
        return err_set(e, ERR_NOMEM, "Out of memory working out the budget.");
    r->config = cfg;
    r->assessment_date = ans->assessment_date;

    check_into(cfg, ans, &qi, &flags);
    if (flags.rc)
        return err_set(e, ERR_NOMEM, "Out of memory checking the answers.");
    if (flags.n > 0) {
        r->refused = true;
        r->flags = flags.v;
        r->nflags = flags.n;
        *out = r;
        return err_set(e, ERR_INVALID,
                       "%zu problem%s with the answers must be put right before the budget can be "
                       "worked out: %s",
                       flags.n, flags.n == 1 ? "" : "s", r->flags[0].message);
    }

    date_format_long(ans->assessment_date, d1, sizeof d1);
    list_str(&der,
             "Your indicative budget is worked out with %s's resource allocation system (version "
             "%s), from the answers in your assessment of %s.",
             cfg->council_name, cfg->version, d1);

    /* Steps 1-2: answers, domains, carers. */
    rc = calc_points(cfg, ans, &qi, r, &der, &warn, a);
    if (rc)
        return err_set(e, ERR_NOMEM, "Out of memory working out the budget.");
    int64_t points = r->points_answers - r->points_capped - r->points_carer;
    if (r->points_carer > 0)
        list_str(&der,
                 "In all your answers score %lld points; %lld %s taken off for the help your "
                 "carer gives, leaving %lld.",
                 (long long)(r->points_answers - r->points_capped), (long long)r->points_carer,
                 r->points_carer == 1 ? "is" : "are", (long long)points);
    else
        list_str(&der, "In all your answers score %lld points.", (long long)points);

    /* Step 3: points adjustments, and collect the others in configuration order. */
    for (size_t k = 0; k < cfg->nadjustments; k++) {
        const struct ras_adjustment *adj = &cfg->adjustments[k];
        if (!adjustment_applies(cfg, ans, &qi, k))
            continue;
        struct ras_adjustment_line *al = list_push(&adjs);
        if (!al)
            return err_set(e, ERR_NOMEM, "Out of memory working out the budget.");
        al->adj = adj;
        if (adj->kind == RAS_ADJ_POINTS) {
            al->points = adj->value;
            r->points_adjustments += adj->value;
            list_str(&der, "%s: %s %lld point%s%s%s.", adj->title,
                     adj->value < 0 ? "takes off" : "adds",
                     (long long)(adj->value < 0 ? -adj->value : adj->value),
                     adj->value == 1 || adj->value == -1 ? "" : "s",
                     adj->explanation ? " — " : "", adj->explanation ? adj->explanation : "");
        }
    }
    points += r->points_adjustments;
    r->points_total = points;
    if (r->points_adjustments != 0)
        list_str(&der, "Total: %lld points.", (long long)points);
    if (points <= 0)
        list_str(&warn, "No points were scored. Check the answers: someone with eligible needs "
                        "usually scores points in at least one area.");

    /* Step 4: pricing. */
    rc = ras_price_points(cfg, points, &r->weekly_priced, &r->band, e);
    if (rc)
        return rc;
    if (cfg->pricing == RAS_PRICE_PER_POINT) {
        list_str(&der, "At %s a point, %lld points come to %s a week.",
                 pounds(p1, cfg->price_per_point), (long long)(points > 0 ? points : 0),
                 pounds(p2, r->weekly_priced));
    } else if (r->band->to_points < 0) {
        list_str(&der, "%lld points is in the top band, %lld points and over, which gives %s a "
                       "week.",
                 (long long)(points > 0 ? points : 0), (long long)r->band->from_points,
                 pounds(p1, r->weekly_priced));
    } else {
        list_str(&der, "%lld points is in the band from %lld to %lld points, which gives %s a "
                       "week.",
                 (long long)(points > 0 ? points : 0), (long long)r->band->from_points,
                 (long long)r->band->to_points, pounds(p1, r->weekly_priced));
    }

    /* Step 5: money adjustments, each on the priced amount. */
    int64_t weekly = r->weekly_priced;
    for (size_t i = 0; i < adjs.n; i++) {
        struct ras_adjustment_line *al = (struct ras_adjustment_line *)adjs.v + i;
        const struct ras_adjustment *adj = al->adj;
        if (adj->kind == RAS_ADJ_PERCENT) {
            /* Nearest penny, exact halves up (away from zero). */
            if (money_muldiv(r->weekly_priced, adj->value, 10000, ROUND_HALF_UP, &al->weekly))
                return OVERFLOW(e);
            ras_percent_format(adj->value, pct, sizeof pct);
            list_str(&der, "%s: %s%% of %s is %s a week%s%s.", adj->title, pct,
                     pounds(p1, r->weekly_priced), pounds(p2, al->weekly),
                     adj->explanation ? " — " : "", adj->explanation ? adj->explanation : "");
        } else if (adj->kind == RAS_ADJ_WEEKLY) {
            al->weekly = adj->value;
            list_str(&der, "%s: %s a week%s%s.", adj->title, pounds(p1, al->weekly),
                     adj->explanation ? " — " : "", adj->explanation ? adj->explanation : "");
        } else {
            continue;
        }
        if (money_add(r->weekly_adjustments, al->weekly, &r->weekly_adjustments))
            return OVERFLOW(e);
    }
    if (money_add(weekly, r->weekly_adjustments, &weekly))
        return OVERFLOW(e);
    if (r->weekly_adjustments != 0)
        list_str(&der, "With these adjustments: %s a week.", pounds(p1, weekly));

    /* Step 6: contingency. */
    if (cfg->contingency_bp != 0) {
        if (money_muldiv(weekly, cfg->contingency_bp, 10000, ROUND_HALF_UP, &r->contingency) ||
            money_add(weekly, r->contingency, &weekly))
            return OVERFLOW(e);
        ras_percent_format(cfg->contingency_bp, pct, sizeof pct);
        list_str(&der,
                 "A contingency of %s%% is added for unexpected changes: %s, making %s a week.",
                 pct, pounds(p1, r->contingency), pounds(p2, weekly));
    }

    /* Step 7: rounding of the weekly figure. */
    if (cfg->rounding != RAS_ROUND_PENNY) {
        int64_t whole;
        enum money_round mode = cfg->rounding == RAS_ROUND_POUND_UP ? ROUND_UP : ROUND_HALF_UP;
        if (money_muldiv(weekly, 1, 100, mode, &whole) || money_mul(whole, 100, &whole))
            return OVERFLOW(e);
        r->rounding = whole - weekly;
        if (r->rounding != 0)
            list_str(&der, "Rounded %s whole pound: %s a week.",
                     cfg->rounding == RAS_ROUND_POUND_UP ? "up to the next" : "to the nearest",
                     pounds(p1, whole));
        weekly = whole;
    }
    r->weekly_before_limits = weekly;

    /* Step 8: floor and cap. */
    if (weekly < cfg->weekly_minimum || weekly < 0) {
        r->limit = RAS_LIMIT_MINIMUM;
        weekly = cfg->weekly_minimum;
        list_str(&der, "The council's lowest indicative budget is %s a week, so the amount is "
                       "raised to %s.",
                 pounds(p1, cfg->weekly_minimum), pounds(p2, weekly));
        list_str(&warn, "The calculated amount, %s a week, is below the lower limit of %s and has "
                        "been raised to it.",
                 pounds(p1, r->weekly_before_limits), pounds(p2, cfg->weekly_minimum));
    } else if (weekly > cfg->weekly_maximum) {
        r->limit = RAS_LIMIT_MAXIMUM;
        weekly = cfg->weekly_maximum;
        list_str(&der, "The council's upper limit for an indicative budget is %s a week, so the "
                       "amount is capped at %s. Needs that cost more than this are looked at "
                       "individually: the final budget can be higher.",
                 pounds(p1, cfg->weekly_maximum), pounds(p2, weekly));
        list_str(&warn, "The calculated amount, %s a week, is above the upper limit of %s and "
                        "has been capped. Refer to the council's exceptional-needs route (funding "
                        "panel) if the needs cannot be met within the limit.",
                 pounds(p1, r->weekly_before_limits), pounds(p2, cfg->weekly_maximum));
    }
    r->weekly_calculated = weekly;

    /* Step 9: the year. */
    if (money_mul(weekly, RAS_ANNUAL_WEEKS, &r->annual_calculated))
        return OVERFLOW(e);
    r->weekly = r->weekly_calculated;
    r->annual = r->annual_calculated;
    list_str(&der, "Your indicative budget is %s a week, which is %s a year (%d weeks).",
             pounds(p1, r->weekly), pounds(p2, r->annual), RAS_ANNUAL_WEEKS);
    list_str(&der, "This is an indicative budget: a starting point to plan with, not the final "
                   "amount. The amount agreed with your support plan may be higher or lower, and "
                   "you can ask for it to be looked at again if you think it is not enough to "
                   "meet your needs.");

    if (der.rc || warn.rc || adjs.rc)
        return err_set(e, ERR_NOMEM, "Out of memory working out the budget.");
    r->adjustments = adjs.v;
    r->nadjustments = adjs.n;
    r->derivation = der.v;
    r->nderivation = der.n;
    r->warnings = warn.v;
    r->nwarnings = warn.n;
    *out = r;
    return 0;
}

/* ---- override ---------------------------------------------------------------------------- */

#define REASON_MAX 2000

int ras_override(const struct ras_result *calc, int64_t weekly, const char *reason,
                 const char *by, struct arena *a, struct ras_result **out, struct err *e)
{
    char p1[MONEY_FMT_SIZE], p2[MONEY_FMT_SIZE], p3[MONEY_FMT_SIZE], p4[MONEY_FMT_SIZE];
    struct list der = {.a = a, .size = sizeof(const char *)};
    struct list warn = {.a = a, .size = sizeof(const char *)};
    struct ras_result *r;
    const char *s, *end;

    *out = NULL;
    if (calc->refused)
        return err_set(e, ERR_CONFLICT,
                       "This calculation was refused because of problems with the answers; put "
                       "them right and calculate again before overriding.");
    if (calc->overridden)
        return err_set(e, ERR_CONFLICT,
                       "This result is already an override; override the calculated result "
                       "instead, so the calculated figure is kept.");
    /* A reason of spaces is no reason: the person must be told why. */
    s = reason ? reason : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    if (end == s)
        return err_set_field(e, ERR_INVALID, "reason",
                             "Give the reason for overriding the calculated budget: it is shown "
                             "to the person.");
    if ((size_t)(end - s) > REASON_MAX)
        return err_set_field(e, ERR_INVALID, "reason",
                             "The reason is too long: keep it under %d characters.", REASON_MAX);
    if (weekly < 0)
        return err_set_field(e, ERR_INVALID, "weekly", "The overriding amount cannot be negative.");
    if (weekly > MONEY_MAX_PENCE / RAS_ANNUAL_WEEKS)
        return err_set_field(e, ERR_RANGE, "weekly", "The overriding amount is too large.");

    r = arena_alloc(a, sizeof *r);
    if (!r)
        return err_set(e, ERR_NOMEM, "Out of memory recording the override.");
    *r = *calc;
    r->overridden = true;
    r->weekly_override = weekly;
    r->annual_override = weekly * RAS_ANNUAL_WEEKS;
    r->override_reason = arena_strndup(a, s, (size_t)(end - s));
    r->override_by = by ? arena_strdup(a, by) : NULL;
    r->weekly = r->weekly_override;
    r->annual = r->annual_override;
    if (!r->override_reason || (by && !r->override_by))
        return err_set(e, ERR_NOMEM, "Out of memory recording the override.");

    /* The calculated derivation is kept, with the override added at the end: the person sees
     * both figures and the reason. */
    for (size_t i = 0; i < calc->nderivation; i++) {
        const char **slot = list_push(&der);
        if (slot)
            *slot = calc->derivation[i];
    }
    for (size_t i = 0; i < calc->nwarnings; i++) {
        const char **slot = list_push(&warn);
        if (slot)
            *slot = calc->warnings[i];
    }
    list_str(&der,
             "%s changed the indicative budget from the calculated %s a week (%s a year) to %s a "
             "week (%s a year). The reason given: \"%s\"",
             by && *by ? by : "A worker", pounds(p1, calc->weekly_calculated),
             pounds(p2, calc->annual_calculated), pounds(p3, r->weekly), pounds(p4, r->annual),
             r->override_reason);
    if (weekly > calc->config->weekly_maximum)
        list_str(&warn,
                 "The override, %s a week, is above the upper limit of %s: it needs approval "
                 "under the council's delegated authority or by its funding panel.",
                 pounds(p1, weekly), pounds(p2, calc->config->weekly_maximum));
    if (der.rc || warn.rc)
        return err_set(e, ERR_NOMEM, "Out of memory recording the override.");
    r->derivation = der.v;
    r->nderivation = der.n;
    r->warnings = warn.v;
    r->nwarnings = warn.n;
    *out = r;
    return 0;
}
