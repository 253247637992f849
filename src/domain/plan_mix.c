/* plan_mix.c — traditional and other support in signed-off plans, by group (see plan_mix.h). */
#include "domain/plan_mix.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/buf.h"
#include "base/money.h"

static const char *const measure_ids[PM_MEASURE_COUNT] = {"any_traditional", "only_traditional",
                                                          "no_traditional"};
static const char *const measure_titles[PM_MEASURE_COUNT] = {
    "Plans with any traditional support", "Plans with only traditional support",
    "Plans with no traditional support"};

const char *plan_mix_measure_id(enum plan_mix_measure m)
{
    return (unsigned)m < PM_MEASURE_COUNT ? measure_ids[m] : "unknown";
}

const char *plan_mix_measure_title(enum plan_mix_measure m)
{
    return (unsigned)m < PM_MEASURE_COUNT ? measure_titles[m] : "Unknown";
}

static const char *key_or(const char *k)
{
    return k && *k ? k : "Not recorded";
}

static int count_row(struct plan_mix_group *g, const struct plan_mix_row *r)
{
    g->plans++;
    if (r->traditional_lines > 0)
        g->cells[PM_ANY_TRADITIONAL].count++;
    else
        g->cells[PM_NO_TRADITIONAL].count++;
    if (r->traditional_lines > 0 && r->other_lines == 0)
        g->cells[PM_ONLY_TRADITIONAL].count++;
    if (money_add(g->traditional, r->traditional, &g->traditional) != 0 ||
        money_add(g->total, r->traditional, &g->total) != 0 ||
        money_add(g->total, r->other, &g->total) != 0)
        return ERR_RANGE;
    return 0;
}

static bool small(size_t v, int below)
{
    return below > 0 && v >= 1 && v < (size_t)below;
}

static void finish(struct plan_mix_group *g, int below)
{
    g->suppressed = below > 0 && g->plans < (size_t)below;
    for (int m = 0; m < PM_MEASURE_COUNT; m++) {
        struct plan_mix_cell *c = &g->cells[m];
        c->share_bp = 0;
        if (g->plans > 0 &&
            money_muldiv((int64_t)c->count, 10000, (int64_t)g->plans, ROUND_HALF_UP, &c->share_bp) != 0)
            c->share_bp = 0; /* cannot overflow for counts that fit in memory */
        c->suppressed = g->suppressed || small(c->count, below) || small(g->plans - c->count, below);
    }
    g->traditional_bp = 0;
    if (g->total > 0 &&
        money_muldiv(g->traditional, 10000, g->total, ROUND_HALF_UP, &g->traditional_bp) != 0)
        g->traditional_bp = 0; /* traditional <= total: the quotient fits */
}

static struct plan_mix_group *find_or_add(struct plan_mix_table *t, size_t *cap, const char *key,
                                          struct arena *a)
{
    for (size_t i = 0; i < t->ngroups; i++)
        if (strcmp(t->groups[i].key, key) == 0)
            return &t->groups[i];
    if (t->ngroups == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        struct plan_mix_group *g = arena_array(a, ncap, sizeof *g);
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

static void sort_table(struct plan_mix_table *t)
{
    /* Insertion sort: groups are workers, teams or client groups, tens to hundreds. */
    for (size_t i = 1; i < t->ngroups; i++) {
        struct plan_mix_group g = t->groups[i];
        size_t j = i;
        while (j > 0 && strcmp(t->groups[j - 1].key, g.key) > 0) {
            t->groups[j] = t->groups[j - 1];
            j--;
        }
        t->groups[j] = g;
    }
}

int plan_mix_build(const struct plan_mix_row *rows, size_t n, day_t from, day_t to,
                   int suppress_below, struct arena *a, struct plan_mix_report *out,
                   struct err *e)
{
    size_t cw = 0, ct = 0, cg = 0;
    struct plan_mix_table *tables[3];
    memset(out, 0, sizeof *out);
    if (to < from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the date range is before its start.");
    if (suppress_below < 0)
        return err_set_field(e, ERR_INVALID, "suppress_below",
                             "The small-number threshold cannot be negative.");
    out->from = from;
    out->to = to;
    out->suppress_below = suppress_below;
    out->total.key = "All";
    for (size_t i = 0; i < n; i++) {
        const struct plan_mix_row *r = &rows[i];
        struct plan_mix_group *gw, *gt, *gg;
        if (r->signed_off_on < from || r->signed_off_on > to)
            continue;
        if (r->traditional < 0 || r->other < 0)
            return err_set(e, ERR_INVALID, "A plan's costing is negative (plan %s).",
                           key_or(r->person_ref));
        gw = find_or_add(&out->by_worker, &cw, key_or(r->worker), a);
        gt = find_or_add(&out->by_team, &ct, key_or(r->team), a);
        gg = find_or_add(&out->by_client_group, &cg, key_or(r->client_group), a);
        if (!gw || !gt || !gg)
            return err_set(e, ERR_NOMEM, "Out of memory.");
        if (count_row(&out->total, r) != 0 || count_row(gw, r) != 0 || count_row(gt, r) != 0 ||
            count_row(gg, r) != 0)
            return err_set(e, ERR_RANGE, "The planned spending is too large to add up.");
    }
    finish(&out->total, suppress_below);
    tables[0] = &out->by_worker;
    tables[1] = &out->by_team;
    tables[2] = &out->by_client_group;
    for (int t = 0; t < 3; t++) {
        sort_table(tables[t]);
        for (size_t i = 0; i < tables[t]->ngroups; i++)
            finish(&tables[t]->groups[i], suppress_below);
    }
    return 0;
}

static size_t clamp(int n, size_t outsz)
{
    if (n < 0)
        return 0;
    return (size_t)n < outsz ? (size_t)n : (outsz ? outsz - 1 : 0);
}

size_t plan_mix_cell_format(const struct plan_mix_report *r, const struct plan_mix_group *g,
                            const struct plan_mix_cell *c, char *out, size_t outsz)
{
    size_t below = r->suppress_below > 0 ? (size_t)r->suppress_below : 0;
    if (g->suppressed)
        return clamp(snprintf(out, outsz, "fewer than %zu plans", below), outsz);
    if (c->suppressed && c->count < below)
        return clamp(snprintf(out, outsz, "fewer than %zu", below), outsz);
    if (c->suppressed)
        /* The complement is small: a bound that cannot be subtracted back to it. */
        return clamp(snprintf(out, outsz, "more than %zu", g->plans - below), outsz);
    return clamp(snprintf(out, outsz, "%zu (%" PRId64 "%%)", c->count, (c->share_bp + 50) / 100),
                 outsz);
}

size_t plan_mix_money_format(const struct plan_mix_report *r, const struct plan_mix_group *g,
                             char *out, size_t outsz)
{
    char t[MONEY_FMT_SIZE], all[MONEY_FMT_SIZE];
    size_t below = r->suppress_below > 0 ? (size_t)r->suppress_below : 0;
    if (g->suppressed)
        return clamp(snprintf(out, outsz, "fewer than %zu plans", below), outsz);
    money_format(g->traditional, MONEY_FMT_POUND, t, sizeof t);
    money_format(g->total, MONEY_FMT_POUND, all, sizeof all);
    return clamp(snprintf(out, outsz, "%s of %s (%" PRId64 "%%)", t, all,
                          (g->traditional_bp + 50) / 100),
                 outsz);
}

/* One CSV field, always quoted, with formula-looking text defused. */
static int csv_field(struct buf *b, const char *s, bool last)
{
    int rc = buf_addc(b, '"');
    if (rc == 0 && s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
        rc = buf_addc(b, '\'');
    for (const char *p = s ? s : ""; rc == 0 && *p; p++)
        rc = *p == '"' ? buf_adds(b, "\"\"") : buf_addc(b, *p);
    if (rc == 0)
        rc = buf_addc(b, '"');
    if (rc == 0)
        rc = last ? buf_adds(b, "\r\n") : buf_addc(b, ',');
    return rc;
}

static int csv_group(struct buf *b, const struct plan_mix_report *r, const char *grouping,
                     const struct plan_mix_group *g)
{
    char text[96], num[32], t[MONEY_FMT_SIZE], all[MONEY_FMT_SIZE], pct[48];
    size_t below = r->suppress_below > 0 ? (size_t)r->suppress_below : 0;
    int rc = csv_field(b, grouping, false);
    if (rc == 0)
        rc = csv_field(b, g->key, false);
    if (g->suppressed)
        snprintf(num, sizeof num, "fewer than %zu", below);
    else
        snprintf(num, sizeof num, "%zu", g->plans);
    if (rc == 0)
        rc = csv_field(b, num, false);
    for (int m = 0; rc == 0 && m < PM_MEASURE_COUNT; m++) {
        plan_mix_cell_format(r, g, &g->cells[m], text, sizeof text);
        rc = csv_field(b, text, false);
    }
    if (g->suppressed) {
        snprintf(text, sizeof text, "fewer than %zu plans", below);
        for (int k = 0; rc == 0 && k < 3; k++)
            rc = csv_field(b, text, k == 2);
        return rc;
    }
    money_format(g->traditional, MONEY_FMT_PLAIN, t, sizeof t);
    money_format(g->total, MONEY_FMT_PLAIN, all, sizeof all);
    snprintf(pct, sizeof pct, "%" PRId64 ".%02" PRId64, g->traditional_bp / 100, g->traditional_bp % 100);
    if (rc == 0)
        rc = csv_field(b, t, false);
    if (rc == 0)
        rc = csv_field(b, all, false);
    if (rc == 0)
        rc = csv_field(b, pct, true);
    return rc;
}

int plan_mix_csv(const struct plan_mix_report *r, struct buf *out, struct err *e)
{
    static const char *const head[] = {
        "grouping", "group", "plans signed off", "plans with any traditional support",
        "plans with only traditional support", "plans with no traditional support",
        "traditional spending a year (GBP)", "all planned spending a year (GBP)",
        "traditional share of spending (%)"};
    const struct plan_mix_table *tables[3] = {&r->by_worker, &r->by_team, &r->by_client_group};
    static const char *const names[3] = {"worker", "team", "client group"};
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof head / sizeof head[0]; i++)
        rc = csv_field(out, head[i], i + 1 == sizeof head / sizeof head[0]);
    if (rc == 0)
        rc = csv_group(out, r, "council", &r->total);
    for (int t = 0; t < 3; t++)
        for (size_t i = 0; rc == 0 && i < tables[t]->ngroups; i++)
            rc = csv_group(out, r, names[t], &tables[t]->groups[i]);
    if (rc != 0)
        return err_set(e, ERR_RANGE, "The report is too large to download.");
    return 0;
}
