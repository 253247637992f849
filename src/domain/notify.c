/* notify.c — reminder texts and the outbox's rules (see notify.h). */
#include "domain/notify.h"

#include <string.h>

#include "base/arena.h"
#include "base/err.h"

static const char *long_date(struct arena *a, day_t d)
{
    static const char *const months[] = {"January", "February", "March",     "April",
                                         "May",     "June",     "July",      "August",
                                         "September", "October", "November", "December"};
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return arena_printf(a, "%d %s %d", dd, months[(m - 1) % 12], y);
}

static const char *when(struct arena *a, int days_left)
{
    if (days_left <= 0)
        return "today";
    if (days_left == 1)
        return "tomorrow";
    return arena_printf(a, "in %d days", days_left);
}

int notify_plan_due_text(enum notify_audience to, bool easy_read, const char *given_name,
                         const char *person_ref, day_t due, int days_left, const char *service,
                         struct arena *a, struct notify_text *out, struct err *e)
{
    const char *date = long_date(a, due), *w = when(a, days_left);
    const char *help = service && *service ? service : NULL;
    if (!date || !w)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (to == NOTIFY_WORKER) {
        out->subject = arena_printf(a, "Support plan due %s for %s", w, person_ref);
        out->body = arena_printf(
            a,
            "The support plan of the person with reference %s is due on %s (%s).\n\n"
            "It has not been sent for sign-off yet. Check whether they need help to finish it.\n\n"
            "Their budget was agreed first so that they can plan; the date comes from the "
            "council's planning period.\n",
            person_ref, date, w);
    } else if (easy_read) {
        out->subject = arena_printf(a, "Your support plan is due %s", w);
        out->body = arena_printf(
            a,
            "Hello %s.\n\n"
            "You have your budget.\n"
            "Now you can make your support plan.\n"
            "Your plan is due on %s.\n"
            "That is %s.\n\n"
            "You can ask for help.\n"
            "You can ask your family, a friend or your worker.\n"
            "%s%s%s"
            "\n"
            "You can stop these messages.\n"
            "Tell your worker you do not want them.\n",
            given_name, date, w, help ? "You can ask " : "", help ? help : "", help ? ".\n" : "");
    } else {
        out->subject = arena_printf(a, "Your support plan is due %s", w);
        out->body = arena_printf(
            a,
            "Dear %s,\n\n"
            "Your personal budget has been agreed, and your support plan is due on %s (%s). "
            "You can write it yourself, or with anyone you choose to help you%s%s%s. Sign in to "
            "carry on with your plan, or contact your worker if you need more time.\n\n"
            "If you would rather not get these reminders, tell your worker and we will stop "
            "them.\n",
            given_name, date, w, help ? ", including " : "", help ? help : "", help ? "" : "");
    }
    if (!out->subject || !out->body)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

int notify_agreement_text(enum notify_audience to, bool easy_read, const char *given_name,
                          const char *person_ref, day_t offered_on, int days_waiting,
                          struct arena *a, struct notify_text *out, struct err *e)
{
    const char *date = long_date(a, offered_on);
    if (!date)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if (to == NOTIFY_WORKER) {
        out->subject = arena_printf(a, "Direct payment agreement not accepted yet for %s",
                                    person_ref);
        out->body = arena_printf(
            a,
            "The direct payment agreement offered to the person with reference %s on %s has "
            "not been accepted after %d days.\n\n"
            "The direct payment cannot start until it is. Check whether they have questions "
            "about it or need help to accept it.\n",
            person_ref, date, days_waiting);
    } else if (easy_read) {
        out->subject = arena_printf(a, "Your direct payment agreement is waiting for you");
        out->body = arena_printf(
            a,
            "Hello %s.\n\n"
            "We sent you your direct payment agreement.\n"
            "We sent it on %s.\n"
            "You have not said yes to it yet.\n"
            "Your direct payment starts when you say yes.\n\n"
            "You can read it when you sign in.\n"
            "You can ask your worker about it.\n\n"
            "You can stop these messages.\n"
            "Tell your worker you do not want them.\n",
            given_name, date);
    } else {
        out->subject = arena_printf(a, "Your direct payment agreement is waiting for you");
        out->body = arena_printf(
            a,
            "Dear %s,\n\n"
            "We sent you your direct payment agreement on %s and you have not accepted it yet. "
            "Your direct payment can start once you have. Sign in to read and accept it, or "
            "contact your worker if you have questions about it.\n\n"
            "If you would rather not get these reminders, tell your worker and we will stop "
            "them.\n",
            given_name, date);
    }
    if (!out->subject || !out->body)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

bool notify_address_ok(const char *addr)
{
    const char *at;
    size_t n;
    if (!addr)
        return false;
    n = strlen(addr);
    if (n < 3 || n > 254 || addr[0] == '-')
        return false; /* a leading '-' would read as an option to the program */
    for (const char *p = addr; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch <= ' ' || ch >= 127 || strchr("\"(),:;<>[\\]", ch))
            return false;
    }
    at = strchr(addr, '@');
    return at && at != addr && at[1] && !strchr(at + 1, '@') && strchr(at + 1, '.');
}

int notify_message(const char *from, const char *to, const struct notify_text *t,
                   struct arena *a, const char **out, struct err *e)
{
    if (!notify_address_ok(from))
        return err_set_field(e, ERR_INVALID, "from", "The sender's address is not one plain "
                                                     "e-mail address.");
    if (!notify_address_ok(to))
        return err_set_field(e, ERR_INVALID, "to", "The recipient's address is not one plain "
                                                   "e-mail address.");
    if (!t->subject || strpbrk(t->subject, "\r\n") || !t->body)
        return err_set_field(e, ERR_INVALID, "subject", "The subject has a line break in it.");
    *out = arena_printf(a,
                        "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\n"
                        "Content-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n"
                        "\r\n%s",
                        from, to, t->subject, t->body);
    if (!*out)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    return 0;
}

int64_t notify_retry_after(int attempts)
{
    int64_t s = 900;
    for (int i = 1; i < attempts && s < 86400; i++)
        s *= 2;
    return s < 86400 ? s : 86400;
}
