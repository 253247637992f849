/* dp_recovery.c — the rules for settling an agreed recovery; see dp_recovery.h. */
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "domain/dp_recovery.h"

int64_t dp_recovery_outstanding(const struct dp_recovery_state *s)
{
    int64_t left = s->amount - s->received - s->kept_back - s->waiting;
    return left > 0 ? left : 0;
}

int64_t dp_recovery_owed(const struct dp_recovery_state *s)
{
    int64_t left = s->amount - s->received - s->kept_back;
    return left > 0 ? left : 0;
}

static int check_open(const struct dp_recovery_state *s, struct err *e)
{
    if (!s->agreed)
        return err_set(e, ERR_CONFLICT,
                       "This recovery has not been agreed with the person, so nothing can be "
                       "recorded against it.");
    if (dp_recovery_outstanding(s) == 0)
        return err_set(e, ERR_CONFLICT, "Nothing is left to settle on this recovery.");
    return 0;
}

static int check_amount(const struct dp_recovery_state *s, int64_t amount, struct err *e)
{
    char left[MONEY_FMT_SIZE];
    if (amount <= 0)
        return err_set_field(e, ERR_INVALID, "amount", "Enter an amount of more than £0.");
    if (amount > dp_recovery_outstanding(s)) {
        money_format(dp_recovery_outstanding(s), MONEY_FMT_POUND, left, sizeof left);
        return err_set_field(e, ERR_INVALID, "amount",
                             "Enter no more than what is left to settle (%s): more than was "
                             "agreed is never taken back.",
                             left);
    }
    return 0;
}

int dp_recovery_check_receive(const struct dp_recovery_state *s, int64_t amount, day_t on,
                              day_t today, struct err *e)
{
    int rc;
    if ((rc = check_open(s, e)) != 0 || (rc = check_amount(s, amount, e)) != 0)
        return rc;
    if (on <= 0 || on > today)
        return err_set_field(e, ERR_INVALID, "received_on",
                             "Enter the day the money arrived (not a day still to come).");
    if (s->agreed_on && on < s->agreed_on)
        return err_set_field(e, ERR_INVALID, "received_on",
                             "The money cannot have been paid back before the recovery was "
                             "agreed.");
    return 0;
}

int dp_recovery_check_offset(const struct dp_recovery_state *s, int64_t amount, struct err *e)
{
    int rc;
    if ((rc = check_open(s, e)) != 0 || (rc = check_amount(s, amount, e)) != 0)
        return rc;
    return 0;
}

int64_t dp_recovery_offsets_take(int64_t payment, const int64_t *offsets, size_t n, bool *take)
{
    int64_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        take[i] = false;
        /* Whole offsets only, and the payment stays above £0 (a BACS line of £0 cannot be sent,
         * and a person is never left with no payment by a set-off). */
        if (offsets[i] > 0 && payment - kept - offsets[i] > 0) {
            take[i] = true;
            kept += offsets[i];
        }
    }
    return kept;
}

void dp_recovery_words(const struct dp_recovery_state *s, char *out, size_t outsz)
{
    char amount[MONEY_FMT_SIZE], paid[MONEY_FMT_SIZE], owed[MONEY_FMT_SIZE],
        waiting[MONEY_FMT_SIZE];
    int64_t back = s->received + s->kept_back, left = dp_recovery_owed(s);
    size_t used;
    if (!outsz)
        return;
    out[0] = '\0';
    if (!s->agreed)
        return;
    money_format(s->amount, MONEY_FMT_POUND, amount, sizeof amount);
    money_format(back, MONEY_FMT_POUND, paid, sizeof paid);
    money_format(left, MONEY_FMT_POUND, owed, sizeof owed);
    money_format(s->waiting, MONEY_FMT_POUND, waiting, sizeof waiting);
    if (left == 0) {
        snprintf(out, outsz, "You agreed to pay back %s, and it has all been paid back. Thank you.",
                 amount);
        return;
    }
    if (back > 0)
        snprintf(out, outsz, "You agreed to pay back %s. %s has been paid back so far; %s is still "
                             "to pay.",
                 amount, paid, owed);
    else
        snprintf(out, outsz, "You agreed to pay back %s. Nothing has been paid back yet.", amount);
    used = strlen(out);
    if (s->waiting > 0 && used < outsz)
        snprintf(out + used, outsz - used,
                 " %s of it will be kept back from your next payment, so you do not need to pay "
                 "that part yourself.",
                 waiting);
}
