/* plan_budget.c — the budget's content hash, the planning period and its reminders (see
 * plan_budget.h). */
#include "domain/plan_budget.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

int plan_budget_validate(const struct plan_budget_terms *t, struct err *e)
{
    if (!t->person_ref || !*t->person_ref)
        return err_set_field(e, ERR_INVALID, "person", "Say whose budget this is.");
    if (t->annual <= 0)
        return err_set_field(e, ERR_INVALID, "annual",
                             "Enter the budget: an amount a year above £0, like 18500.00.");
    if (t->annual > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "annual", "The budget is larger than the system allows.");
    if (t->one_off_allowance < 0 || t->one_off_allowance > MONEY_MAX_PENCE)
        return err_set_field(e, ERR_INVALID, "one_off_allowance",
                             "The one-off allowance must be £0 or more.");
    if (t->reasons && strlen(t->reasons) > 4000)
        return err_set_field(e, ERR_INVALID, "reasons",
                             "Keep the reasons to 4,000 characters or fewer.");
    return 0;
}

static void h_str(struct signoff_hasher *h, const char *tag, const char *s)
{
    char hdr[96];
    int n = s ? snprintf(hdr, sizeof hdr, "%s:%zu:", tag, strlen(s))
              : snprintf(hdr, sizeof hdr, "%s:-:", tag);
    signoff_hasher_add(h, hdr, (size_t)n);
    if (s)
        signoff_hasher_add(h, s, strlen(s));
    signoff_hasher_add(h, "\n", 1);
}

static void h_int(struct signoff_hasher *h, const char *tag, int64_t v)
{
    char b[96];
    int n = snprintf(b, sizeof b, "%s=%" PRId64 "\n", tag, v);
    signoff_hasher_add(h, b, (size_t)n);
}

int plan_budget_hash(const struct plan_budget_terms *t, char out[SIGNOFF_HASH_HEX], struct err *e)
{
    struct signoff_hasher h;
    int rc;
    if ((rc = plan_budget_validate(t, e)) != 0)
        return rc;
    signoff_hasher_init(&h);
    h_str(&h, "selfdirect-budget", "1"); /* the format of this serialisation */
    h_int(&h, "id", t->id);
    h_str(&h, "person", t->person_ref);
    h_int(&h, "annual", t->annual);
    h_int(&h, "one_off_allowance", t->one_off_allowance);
    h_int(&h, "proposed_on", t->proposed_on);
    h_str(&h, "reasons", t->reasons ? t->reasons : "");
    signoff_hasher_finish(&h, out);
    return 0;
}

int plan_period_parse_reminders(const char *text, struct plan_period_rules *rules, struct err *e)
{
    const char *p = text ? text : "";
    rules->nreminders = 0;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    for (;;) {
        int64_t v = 0;
        int digits = 0;
        while (*p == ' ')
            p++;
        while (*p >= '0' && *p <= '9' && digits < 4) {
            v = v * 10 + (*p - '0');
            p++;
            digits++;
        }
        while (*p == ' ')
            p++;
        if (digits == 0 || (*p && *p != ',') || v > 365)
            return err_set_field(e, ERR_INVALID, "reminder_days",
                                 "Write the reminder days as whole numbers of days before the "
                                 "target date, separated by commas, like 14,7,1 (each 365 or "
                                 "fewer).");
        if (rules->nreminders == PLAN_MAX_REMINDERS)
            return err_set_field(e, ERR_INVALID, "reminder_days",
                                 "Choose at most %d reminders.", PLAN_MAX_REMINDERS);
        for (size_t i = 0; i < rules->nreminders; i++)
            if (rules->reminder_days[i] == (int)v)
                return err_set_field(e, ERR_INVALID, "reminder_days",
                                     "The reminder %d days before is listed twice.", (int)v);
        rules->reminder_days[rules->nreminders++] = (int)v;
        if (!*p)
            break;
        p++; /* the comma */
    }
    /* Largest first: the earliest reminder comes first in time. */
    for (size_t i = 1; i < rules->nreminders; i++)
        for (size_t j = i; j > 0 && rules->reminder_days[j] > rules->reminder_days[j - 1]; j--) {
            int t = rules->reminder_days[j];
            rules->reminder_days[j] = rules->reminder_days[j - 1];
            rules->reminder_days[j - 1] = t;
        }
    return 0;
}

size_t plan_period_format_reminders(const struct plan_period_rules *rules, char *out, size_t outsz)
{
    size_t len = 0;
    if (outsz)
        out[0] = '\0';
    for (size_t i = 0; i < rules->nreminders && len < outsz; i++) {
        int n = snprintf(out + len, outsz - len, "%s%d", i ? "," : "", rules->reminder_days[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
    return len < outsz ? len : (outsz ? outsz - 1 : 0);
}

day_t plan_period_due(const struct plan_period_rules *rules, day_t agreed_on)
{
    return agreed_on + rules->planning_period_days;
}

static const char *long_date(struct arena *a, day_t d)
{
    char b[40];
    date_format_long(d, b, sizeof b);
    return arena_strdup(a, b);
}

int plan_period_status(const struct plan_period_rules *rules, day_t agreed_on, bool plan_sent,
                       day_t today, struct arena *a, struct plan_period_status *out,
                       struct err *e)
{
    const char *due_words;
    memset(out, 0, sizeof *out);
    if (rules->planning_period_days < 1 || rules->planning_period_days > 365)
        return err_set_field(e, ERR_INVALID, "planning_period_days",
                             "The planning period must be from 1 to 365 days.");
    out->due = plan_period_due(rules, agreed_on);
    out->days_left = (int)(out->due - today);
    /* Reminders earliest first; one that would fall before the budget was agreed is dropped. */
    for (size_t i = 0; i < rules->nreminders; i++) {
        day_t r = out->due - rules->reminder_days[i];
        if (r < agreed_on)
            continue;
        out->reminders[out->nreminders++] = r;
        if (r <= today)
            out->last_reminder = r;
        else if (!out->next_reminder)
            out->next_reminder = r;
    }
    due_words = long_date(a, out->due);
    if (!due_words)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (plan_sent) {
        out->state = PLAN_PERIOD_DONE;
        out->message = arena_printf(a, "The plan has been sent for sign-off (the target date was "
                                       "%s).", due_words);
    } else if (out->days_left < 0) {
        out->state = PLAN_PERIOD_OVERDUE;
        out->message = arena_printf(a, "The plan was due by %s (%d day%s ago). The worker will get "
                                       "in touch to see what help is needed; the budget stays "
                                       "agreed.",
                                    due_words, -out->days_left, out->days_left == -1 ? "" : "s");
    } else if (out->days_left == 0) {
        out->state = PLAN_PERIOD_DUE_TODAY;
        out->message = arena_printf(a, "The plan is due today (%s). If you need more time or "
                                       "help, say so: the budget stays agreed.",
                                    due_words);
    } else {
        out->state = out->last_reminder ? PLAN_PERIOD_DUE_SOON : PLAN_PERIOD_PLANNING;
        out->message = arena_printf(
            a, "The budget is agreed. The plan is due by %s (in %d day%s).%s%s", due_words,
            out->days_left, out->days_left == 1 ? "" : "s",
            out->next_reminder ? " A reminder will be shown on " : "",
            out->next_reminder ? arena_printf(a, "%s.", long_date(a, out->next_reminder)) : "");
    }
    if (!out->message)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}
