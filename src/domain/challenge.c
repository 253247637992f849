/* challenge.c — challenges to budget amounts and decisions: states, dates and the report. */
#include "domain/challenge.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"

static const char *const status_ids[CHALLENGE_STATUS_COUNT] = {
    "raised", "acknowledged", "under_review", "decided", "closed"};
static const char *const outcome_ids[CHALLENGE_OUTCOME_COUNT] = {
    "none", "upheld", "partly_upheld", "not_upheld", "withdrawn"};
static const char *const by_ids[CHALLENGE_BY_COUNT] = {"person", "representative", "advocate"};
static const char *const subject_ids[CHALLENGE_SUBJECT_COUNT] = {"budget_amount", "decision"};

const char *challenge_status_id(enum challenge_status s)
{
    return (unsigned)s < CHALLENGE_STATUS_COUNT ? status_ids[s] : "unknown";
}

const char *challenge_outcome_id(enum challenge_outcome o)
{
    return (unsigned)o < CHALLENGE_OUTCOME_COUNT ? outcome_ids[o] : "unknown";
}

const char *challenge_by_id(enum challenge_by b)
{
    return (unsigned)b < CHALLENGE_BY_COUNT ? by_ids[b] : "unknown";
}

const char *challenge_subject_id(enum challenge_subject s)
{
    return (unsigned)s < CHALLENGE_SUBJECT_COUNT ? subject_ids[s] : "unknown";
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

int challenge_raise(struct challenge *c, const char *id, const char *person_ref,
                    enum challenge_by by, const char *by_name, enum challenge_subject subject,
                    const char *subject_ref, const char *subject_hash, const char *original_decider,
                    int64_t amount_challenged, int64_t amount_sought, const char *reasons,
                    const char *const *evidence, size_t nevidence, day_t on, struct err *e)
{
    memset(c, 0, sizeof *c);
    if (blank(id))
        return err_set_field(e, ERR_INVALID, "id", "The challenge has no id.");
    if (blank(person_ref))
        return err_set_field(e, ERR_INVALID, "person", "Say whose budget or decision is challenged.");
    if ((unsigned)by >= CHALLENGE_BY_COUNT)
        return err_set_field(e, ERR_INVALID, "by", "Say who is making the challenge: the person, "
                                                   "their representative or their advocate.");
    if (by != CHALLENGE_BY_PERSON && blank(by_name))
        return err_set_field(e, ERR_INVALID, "by_name", "Give the name of the representative or "
                                                        "advocate making the challenge.");
    if ((unsigned)subject >= CHALLENGE_SUBJECT_COUNT)
        return err_set_field(e, ERR_INVALID, "subject", "Say whether the budget amount or a decision "
                                                        "is being challenged.");
    if (blank(subject_ref))
        return err_set_field(e, ERR_INVALID, "subject", "Say which budget or decision is challenged.");
    if (subject == CHALLENGE_BUDGET_AMOUNT) {
        if (amount_challenged < 0 || amount_challenged > MONEY_MAX_PENCE)
            return err_set_field(e, ERR_INVALID, "amount_challenged",
                                 "Give the budget amount being challenged.");
        if (amount_sought != -1 && (amount_sought < 0 || amount_sought > MONEY_MAX_PENCE))
            return err_set_field(e, ERR_INVALID, "amount_sought",
                                 "The amount the person says they need is not valid.");
    } else {
        amount_challenged = -1;
        amount_sought = -1;
    }
    if (blank(reasons))
        return err_set_field(e, ERR_INVALID, "reasons", "Say why the budget or decision is wrong, "
                                                        "in your own words.");
    if (nevidence > 0 && !evidence)
        return err_set_field(e, ERR_INVALID, "evidence", "Evidence list missing.");
    for (size_t i = 0; i < nevidence; i++)
        if (blank(evidence[i]))
            return err_set_field(e, ERR_INVALID, "evidence", "Describe each piece of evidence.");
    c->id = id;
    c->person_ref = person_ref;
    c->by = by;
    c->by_name = by_name;
    c->subject = subject;
    c->subject_ref = subject_ref;
    c->subject_hash = subject_hash;
    c->original_decider = original_decider;
    c->amount_challenged = amount_challenged;
    c->amount_sought = amount_sought;
    c->reasons = reasons;
    c->evidence = evidence;
    c->nevidence = nevidence;
    c->status = CHALLENGE_RAISED;
    c->raised_on = on;
    c->outcome = CHALLENGE_NO_OUTCOME;
    c->revised_amount = -1;
    return 0;
}

/* The date of the last step taken, which the next step may not precede. */
static day_t last_date(const struct challenge *c)
{
    switch (c->status) {
    case CHALLENGE_RAISED: return c->raised_on;
    case CHALLENGE_ACKNOWLEDGED: return c->acknowledged_on;
    case CHALLENGE_UNDER_REVIEW: return c->review_started_on;
    case CHALLENGE_DECIDED: return c->decided_on;
    case CHALLENGE_CLOSED: return c->closed_on;
    case CHALLENGE_STATUS_COUNT: break;
    }
    return c->raised_on;
}

static int step(struct challenge *c, enum challenge_status from, day_t on, const char *what,
                struct err *e)
{
    char d[DATE_ISO_SIZE];
    if (c->status != from)
        return err_set(e, ERR_CONFLICT, "The challenge is %s, so it cannot be %s now.",
                       challenge_status_id(c->status), what);
    if (on < last_date(c)) {
        date_format_iso(last_date(c), d);
        return err_set_field(e, ERR_INVALID, "date", "The date is before the challenge's last step "
                                                     "(%s).",
                             d);
    }
    return 0;
}

int challenge_acknowledge(struct challenge *c, day_t on, struct err *e)
{
    int rc = step(c, CHALLENGE_RAISED, on, "acknowledged", e);
    if (rc != 0)
        return rc;
    c->status = CHALLENGE_ACKNOWLEDGED;
    c->acknowledged_on = on;
    return 0;
}

int challenge_start_review(struct challenge *c, day_t on, struct err *e)
{
    int rc = step(c, CHALLENGE_ACKNOWLEDGED, on, "put under review", e);
    if (rc != 0)
        return rc;
    c->status = CHALLENGE_UNDER_REVIEW;
    c->review_started_on = on;
    return 0;
}

int challenge_decide(struct challenge *c, day_t on, const char *by, enum challenge_outcome outcome,
                     const char *reasons, int64_t revised_amount, struct err *e)
{
    int rc = step(c, CHALLENGE_UNDER_REVIEW, on, "decided", e);
    if (rc != 0)
        return rc;
    if (blank(by))
        return err_set_field(e, ERR_INVALID, "decided_by", "Say who decided the challenge.");
    if (c->original_decider && strcmp(by, c->original_decider) == 0)
        return err_set(e, ERR_FORBIDDEN, "The person who made the decision being challenged cannot "
                                         "decide the challenge: someone else must review it.");
    if (outcome != CHALLENGE_UPHELD && outcome != CHALLENGE_PARTLY_UPHELD &&
        outcome != CHALLENGE_NOT_UPHELD)
        return err_set_field(e, ERR_INVALID, "outcome", "The outcome is upheld, partly upheld or not "
                                                        "upheld.");
    if (blank(reasons))
        return err_set_field(e, ERR_INVALID, "reasons", "Give the reasons for the decision: the "
                                                        "person will see them.");
    if (c->subject == CHALLENGE_BUDGET_AMOUNT && outcome != CHALLENGE_NOT_UPHELD) {
        if (revised_amount <= c->amount_challenged || revised_amount > MONEY_MAX_PENCE)
            return err_set_field(e, ERR_INVALID, "revised_amount",
                                 "A budget challenge upheld in whole or part needs the revised "
                                 "budget, above the amount challenged.");
        if (c->amount_sought >= 0 && outcome == CHALLENGE_UPHELD && revised_amount < c->amount_sought)
            return err_set_field(e, ERR_INVALID, "revised_amount",
                                 "Upheld means the person gets what they asked for; the revised "
                                 "budget is less, so the outcome is 'partly upheld'.");
        if (c->amount_sought >= 0 && outcome == CHALLENGE_PARTLY_UPHELD &&
            revised_amount >= c->amount_sought)
            return err_set_field(e, ERR_INVALID, "revised_amount",
                                 "The revised budget meets what the person asked for, so the outcome "
                                 "is 'upheld', not 'partly upheld'.");
    } else if (revised_amount != -1) {
        return err_set_field(e, ERR_INVALID, "revised_amount",
                             outcome == CHALLENGE_NOT_UPHELD
                                 ? "A challenge not upheld does not change the budget."
                                 : "A challenge to a decision does not carry a revised amount; "
                                   "record the new decision separately.");
    }
    c->status = CHALLENGE_DECIDED;
    c->decided_on = on;
    c->decided_by = by;
    c->outcome = outcome;
    c->decision_reasons = reasons;
    c->revised_amount = revised_amount;
    return 0;
}

int challenge_close(struct challenge *c, day_t on, struct err *e)
{
    int rc = step(c, CHALLENGE_DECIDED, on, "closed", e);
    if (rc != 0)
        return rc;
    c->status = CHALLENGE_CLOSED;
    c->closed_on = on;
    return 0;
}

int challenge_withdraw(struct challenge *c, day_t on, const char *reasons, struct err *e)
{
    char d[DATE_ISO_SIZE];
    if (c->status == CHALLENGE_DECIDED || c->status == CHALLENGE_CLOSED)
        return err_set(e, ERR_CONFLICT, "The challenge has already been %s; it cannot be withdrawn.",
                       challenge_status_id(c->status));
    if (on < last_date(c)) {
        date_format_iso(last_date(c), d);
        return err_set_field(e, ERR_INVALID, "date", "The date is before the challenge's last step "
                                                     "(%s).",
                             d);
    }
    c->status = CHALLENGE_CLOSED;
    c->outcome = CHALLENGE_WITHDRAWN;
    c->decided_on = on; /* resolved on the day it was withdrawn */
    c->closed_on = on;
    c->decision_reasons = reasons;
    return 0;
}

bool challenge_is_open(const struct challenge *c)
{
    return c->status != CHALLENGE_DECIDED && c->status != CHALLENGE_CLOSED;
}

int challenge_days_to_resolve(const struct challenge *c)
{
    if (challenge_is_open(c))
        return -1;
    return (int)(c->decided_on - c->raised_on);
}

int challenge_days_open(const struct challenge *c, day_t today)
{
    if (!challenge_is_open(c))
        return challenge_days_to_resolve(c);
    return today >= c->raised_on ? (int)(today - c->raised_on) : 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int challenge_report(const struct challenge *const *cs, size_t n, day_t from, day_t to,
                     struct challenge_report *out, struct err *e)
{
    int *days = NULL;
    int64_t sum = 0;
    memset(out, 0, sizeof *out);
    out->from = from;
    out->to = to;
    out->days_mean = out->days_median = out->days_max = -1;
    if (to < from)
        return err_set_field(e, ERR_INVALID, "to", "The end of the date range is before its start.");
    if (n > 0 && !(days = calloc(n, sizeof *days)))
        return err_set(e, ERR_NOMEM, "Out of memory.");
    for (size_t i = 0; i < n; i++) {
        const struct challenge *c = cs[i];
        if (c->raised_on < from || c->raised_on > to)
            continue;
        out->raised++;
        if ((unsigned)c->status < CHALLENGE_STATUS_COUNT)
            out->by_status[c->status]++;
        if ((unsigned)c->outcome < CHALLENGE_OUTCOME_COUNT)
            out->by_outcome[c->outcome]++;
        if ((unsigned)c->by < CHALLENGE_BY_COUNT)
            out->by_who[c->by]++;
        if ((unsigned)c->subject < CHALLENGE_SUBJECT_COUNT)
            out->by_subject[c->subject]++;
        if (challenge_is_open(c)) {
            out->open++;
            continue;
        }
        days[out->resolved++] = challenge_days_to_resolve(c);
        sum += challenge_days_to_resolve(c);
        if (challenge_days_to_resolve(c) <= 28)
            out->within_28_days++;
        if (c->subject == CHALLENGE_BUDGET_AMOUNT &&
            (c->outcome == CHALLENGE_UPHELD || c->outcome == CHALLENGE_PARTLY_UPHELD) &&
            c->revised_amount > c->amount_challenged)
            out->extra_awarded += c->revised_amount - c->amount_challenged;
    }
    if (out->resolved > 0) {
        size_t r = out->resolved;
        qsort(days, r, sizeof *days, cmp_int);
        out->days_mean = (int)((2 * sum + (int64_t)r) / (2 * (int64_t)r)); /* half up */
        out->days_median = r % 2 ? days[r / 2] : (days[r / 2 - 1] + days[r / 2] + 1) / 2;
        out->days_max = days[r - 1];
    }
    free(days);
    return 0;
}
