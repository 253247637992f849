/* plan_diff.c — the changes between two saves of a plan, in words (see plan_diff.h). */
#include "domain/plan_diff.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

static bool same(const char *a, const char *b)
{
    return strcmp(nz(a), nz(b)) == 0;
}

static const char *outcome_text(const struct plan *p, const char *id)
{
    for (size_t i = 0; i < p->noutcomes; i++)
        if (same(p->outcomes[i].id, id))
            return p->outcomes[i].text;
    return id;
}

static const char *pension_words(enum pa_pension pp)
{
    switch (pp) {
    case PA_PENSION_ENROLLED: return "in the workplace pension";
    case PA_PENSION_NOT_ENROLLED: return "not in the workplace pension";
    case PA_PENSION_ASSESS: break;
    }
    return "";
}

const char *plan_line_words(const struct plan *p, const struct plan_line *l, struct arena *a)
{
    struct buf b;
    char money[MONEY_FMT_SIZE], qty[64];
    const char *out;
    buf_init(&b, 4000);
    money_format(l->unit_cost, MONEY_FMT_POUND, money, sizeof money);
    (void)buf_addf(&b, "%s: %s", plan_line_kind_title(l->kind), nz(l->description));
    if (l->kind == PLAN_LINE_PA_HOURS && l->pa_name && *l->pa_name)
        (void)buf_addf(&b, " (%s)", l->pa_name);
    if (l->provider && *l->provider)
        (void)buf_addf(&b, ", from %s", l->provider);
    if (l->reference && *l->reference)
        (void)buf_addf(&b, " (reference %s)", l->reference);
    if (plan_line_is_hours(l->kind)) {
        pa_cost_format_minutes(l->quantity, qty, sizeof qty);
        (void)buf_addf(&b, ", %s %s at %s an hour", qty, plan_frequency_title(l->frequency), money);
    } else if (l->kind == PLAN_LINE_COMMUNITY_FREE) {
        (void)buf_addf(&b, ", %s, at no cost", plan_frequency_title(l->frequency));
    } else {
        (void)buf_addf(&b, ", %" PRId64 " %s at %s each", l->quantity,
                       plan_frequency_title(l->frequency), money);
    }
    (void)buf_addf(&b, ", %s", choice_option_title(l->managed_by));
    if (l->day_centre)
        (void)buf_adds(&b, ", a day-centre place");
    if (l->kind == PLAN_LINE_PA_HOURS && *pension_words(l->pa_pension))
        (void)buf_addf(&b, ", %s", pension_words(l->pa_pension));
    if (l->noutcomes) {
        (void)buf_adds(&b, "; meets: ");
        for (size_t k = 0; k < l->noutcomes; k++)
            (void)buf_addf(&b, "%s%s", k ? "; " : "", outcome_text(p, l->outcomes[k]));
    } else {
        (void)buf_adds(&b, "; meets no outcome yet");
    }
    out = arena_strdup(a, b.data ? b.data : "");
    buf_release(&b);
    return out;
}

struct diff_ctx {
    struct arena *a;
    struct plan_change *items;
    size_t n, cap;
    bool nomem;
};

static void add(struct diff_ctx *d, const char *what, const char *before, const char *after)
{
    if (d->nomem)
        return;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        struct plan_change *v = arena_array(d->a, cap, sizeof *v);
        if (!v || !what) {
            d->nomem = true;
            return;
        }
        if (d->n)
            memcpy(v, d->items, d->n * sizeof *v);
        d->items = v;
        d->cap = cap;
    }
    d->items[d->n++] = (struct plan_change){what, nz(before), nz(after)};
}

static const char *date_words(struct arena *a, bool has, day_t d)
{
    char b[40];
    if (!has)
        return "none";
    date_format_long(d, b, sizeof b);
    return arena_strdup(a, b);
}

static const char *helpers_words(const struct plan *p, struct arena *a)
{
    struct buf b;
    const char *out;
    buf_init(&b, 4000);
    for (size_t i = 0; i < p->nhelpers; i++)
        (void)buf_addf(&b, "%s%s%s%s%s", i ? "; " : "", plan_helper_kind_title(p->helpers[i].kind),
                       p->helpers[i].name && *p->helpers[i].name ? " (" : "",
                       nz(p->helpers[i].name),
                       p->helpers[i].name && *p->helpers[i].name ? ")" : "");
    out = arena_strdup(a, p->nhelpers ? (b.data ? b.data : "") : "nobody");
    buf_release(&b);
    return out;
}

static const struct plan_line *find_line(const struct plan *p, const char *id)
{
    for (size_t i = 0; i < p->nlines; i++)
        if (same(p->lines[i].id, id))
            return &p->lines[i];
    return NULL;
}

static const struct plan_outcome *find_outcome(const struct plan *p, const char *id)
{
    for (size_t i = 0; i < p->noutcomes; i++)
        if (same(p->outcomes[i].id, id))
            return &p->outcomes[i];
    return NULL;
}

int plan_diff(const struct plan *before, const struct plan *after, struct arena *a,
              struct plan_change **out, size_t *n, struct err *e)
{
    struct diff_ctx d = {.a = a};
    const char *hb, *ha;
    *out = NULL;
    *n = 0;
    if (before->start_date != after->start_date)
        add(&d, "When the plan starts", date_words(a, true, before->start_date),
            date_words(a, true, after->start_date));
    if (before->has_review_date != after->has_review_date ||
        (after->has_review_date && before->review_date != after->review_date))
        add(&d, "Review date", date_words(a, before->has_review_date, before->review_date),
            date_words(a, after->has_review_date, after->review_date));
    for (int s = 0; s < PLAN_SECTION_COUNT; s++)
        if (!same(before->sections[s], after->sections[s]))
            add(&d, plan_section_title((enum plan_section)s), before->sections[s],
                after->sections[s]);
    if (before->planned_by != after->planned_by)
        add(&d, "Who led the planning", plan_helper_kind_title(before->planned_by),
            plan_helper_kind_title(after->planned_by));
    hb = helpers_words(before, a);
    ha = helpers_words(after, a);
    if (hb && ha && strcmp(hb, ha) != 0)
        add(&d, "Who helped", hb, ha);

    for (size_t i = 0; i < after->noutcomes; i++) {
        const struct plan_outcome *o = &after->outcomes[i];
        const struct plan_outcome *was = find_outcome(before, o->id);
        if (!was)
            add(&d, arena_printf(a, "Outcome %zu (added)", i + 1), "", o->text);
        else if (!same(was->text, o->text))
            add(&d, arena_printf(a, "Outcome %zu", i + 1), was->text, o->text);
    }
    for (size_t i = 0; i < before->noutcomes; i++)
        if (!find_outcome(after, before->outcomes[i].id))
            add(&d, "Outcome (removed)", before->outcomes[i].text, "");

    for (size_t i = 0; i < after->nlines; i++) {
        const struct plan_line *l = &after->lines[i];
        const struct plan_line *was = find_line(before, l->id);
        const char *now = plan_line_words(after, l, a);
        if (!was) {
            add(&d, arena_printf(a, "Support added: %s", nz(l->description)), "", now);
        } else {
            const char *then = plan_line_words(before, was, a);
            if (now && then && strcmp(now, then) != 0)
                add(&d, arena_printf(a, "Support changed: %s", nz(l->description)), then, now);
        }
    }
    for (size_t i = 0; i < before->nlines; i++)
        if (!find_line(after, before->lines[i].id))
            add(&d, arena_printf(a, "Support removed: %s", nz(before->lines[i].description)),
                plan_line_words(before, &before->lines[i], a), "");

    if (d.nomem)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    *out = d.items;
    *n = d.n;
    return 0;
}
