/* choice_report.c — offer and choice rates by worker, team and client group, with suppression. */
#include "domain/choice_report.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

static const char *const measure_ids[CR_MEASURE_COUNT] = {
    "offered_all", "not_available", "no_record", "chose_direct_payment",
    "chose_council_managed", "chose_isf", "chose_mix", "undecided"};
static const char *const measure_titles[CR_MEASURE_COUNT] = {
    "Offered every option",  "An option recorded as not available", "No offer recorded",
    "Chose a direct payment", "Chose a council-managed budget", "Chose an individual service fund",
    "Chose a mix", "Offered, not yet chosen"};

const char *choice_report_measure_id(enum choice_report_measure m)
{
    return (unsigned)m < CR_MEASURE_COUNT ? measure_ids[m] : "unknown";
}

const char *choice_report_measure_title(enum choice_report_measure m)
{
    return (unsigned)m < CR_MEASURE_COUNT ? measure_titles[m] : "Unknown";
}

#define NOT_RECORDED "Not recorded"

static const char *key_or(const char *k)
{
    return k && *k ? k : NOT_RECORDED;
}

/* Adds one row's measures to a group. */
static void count_row(struct choice_report_group *g, const struct choice_record *c)
{
    g->people++;
    if (!c) {
        g->cells[CR_NO_RECORD].count++;
        return;
    }
    if (choice_all_offered(c))
        g->cells[CR_OFFERED_ALL].count++;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        if (c->offers[o].unavailable != CHOICE_AVAILABLE) {
            g->cells[CR_NOT_AVAILABLE].count++;
            break;
        }
    if (!c->chosen) {
        g->cells[CR_UNDECIDED].count++;
        return;
    }
    if (c->amounts[CHOICE_DIRECT_PAYMENT] > 0)
        g->cells[CR_CHOSE_DP].count++;
    if (c->amounts[CHOICE_COUNCIL_MANAGED] > 0)
        g->cells[CR_CHOSE_COUNCIL_MANAGED].count++;
    if (c->amounts[CHOICE_ISF] > 0)
        g->cells[CR_CHOSE_ISF].count++;
    if (choice_is_mix(c))
        g->cells[CR_CHOSE_MIX].count++;
}

static bool small(size_t v, int below)
{
    return below > 0 && v >= 1 && v < (size_t)below;
}

static void finish(struct choice_report_group *g, int below)
{
    g->suppressed = below > 0 && g->people < (size_t)below;
    for (int m = 0; m < CR_MEASURE_COUNT; m++) {
        struct choice_report_cell *c = &g->cells[m];
        c->share_bp = 0;
        if (g->people > 0 &&
            money_muldiv((int64_t)c->count, 10000, (int64_t)g->people, ROUND_HALF_UP, &c->share_bp) != 0)
            c->share_bp = 0; /* cannot overflow for counts that fit in memory */
        c->suppressed = g->suppressed || small(c->count, below) || small(g->people - c->count, below);
    }
}

static struct choice_report_group *find_or_add(struct choice_report_table *t, size_t *cap,
                                               const char *key, struct arena *a)
{
    for (size_t i = 0; i < t->ngroups; i++)
        if (strcmp(t->groups[i].key, key) == 0)
            return &t->groups[i];
    if (t->ngroups == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        struct choice_report_group *g = arena_array(a, ncap, sizeof *g);
        if (!g)
            return NULL;
        if (t->ngroups)
            memcpy(g, t->groups, t->ngroups * sizeof *g);
        t->groups = g;
        *cap = ncap;
    }
    memset(&t->groups[t->ngroups], 0, sizeof t->groups[0]);
    t->groups[t->ngroups].key = key;
    return &t->groups[t->ngroups++];
}

static void sort_table(struct choice_report_table *t)
{
    /* Insertion sort: groups are workers or teams, tens to hundreds. */
    for (size_t i = 1; i < t->ngroups; i++) {
        struct choice_report_group g = t->groups[i];
        size_t j = i;
        while (j > 0 && strcmp(t->groups[j - 1].key, g.key) > 0) {
            t->groups[j] = t->groups[j - 1];
            j--;
        }
        t->groups[j] = g;
    }
}

int choice_report_build(const struct choice_report_row *rows, size_t n, day_t from, day_t to,
                        int suppress_below, struct arena *a, struct choice_report *out,
                        struct err *e)
{
    size_t cw = 0, ct = 0, cg = 0;
    memset(out, 0, sizeof *out);
    if (to < from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the date range is before its start.");
    if (suppress_below < 0)
        return err_set_field(e, ERR_INVALID, "suppress_below", "The small-number threshold cannot "
                                                               "be negative.");
    out->from = from;
    out->to = to;
    out->suppress_below = suppress_below;
    out->total.key = "All";
    for (size_t i = 0; i < n; i++) {
        const struct choice_report_row *r = &rows[i];
        struct choice_report_group *gw, *gt, *gg;
        if (r->budget_agreed_on < from || r->budget_agreed_on > to)
            continue;
        gw = find_or_add(&out->by_worker, &cw, key_or(r->worker), a);
        gt = find_or_add(&out->by_team, &ct, key_or(r->team), a);
        gg = find_or_add(&out->by_client_group, &cg, key_or(r->client_group), a);
        if (!gw || !gt || !gg)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        count_row(&out->total, r->choice);
        count_row(gw, r->choice);
        count_row(gt, r->choice);
        count_row(gg, r->choice);
    }
    finish(&out->total, suppress_below);
    struct choice_report_table *tables[3] = {&out->by_worker, &out->by_team, &out->by_client_group};
    for (int t = 0; t < 3; t++) {
        sort_table(tables[t]);
        for (size_t i = 0; i < tables[t]->ngroups; i++)
            finish(&tables[t]->groups[i], suppress_below);
    }
    return 0;
}

size_t choice_report_cell_format(const struct choice_report *r, const struct choice_report_group *g,
                                 const struct choice_report_cell *c, char *out, size_t outsz)
{
    int n;
    size_t below = r->suppress_below > 0 ? (size_t)r->suppress_below : 0;
    if (g->suppressed)
        n = snprintf(out, outsz, "fewer than %zu people", below);
    else if (c->suppressed && c->count < below)
        n = snprintf(out, outsz, "fewer than %zu", below);
    else if (c->suppressed)
        /* The complement is small: give a bound that cannot be subtracted back to it. */
        n = snprintf(out, outsz, "more than %zu", g->people - below);
    else
        n = snprintf(out, outsz, "%zu (%" PRId64 "%%)", c->count, (c->share_bp + 50) / 100);
    if (n < 0)
        return 0;
    return (size_t)n < outsz ? (size_t)n : (outsz ? outsz - 1 : 0);
}
