/* Reminder texts and the outbox's rules (domain/notify.h). */
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/notify.h"
#include "../check.h"

TEST(notify_addresses_are_one_plain_mailbox)
{
    CHECK(notify_address_ok("ann@example.org"));
    CHECK(notify_address_ok("a.b+c@mail.example.co.uk"));
    CHECK(!notify_address_ok(""));
    CHECK(!notify_address_ok("ann"));
    CHECK(!notify_address_ok("ann@localhost"));
    CHECK(!notify_address_ok("ann@example.org\r\nBcc: x@evil.example"));
    CHECK(!notify_address_ok("ann@example.org, bob@example.org"));
    CHECK(!notify_address_ok("Ann <ann@example.org>"));
    CHECK(!notify_address_ok("-oQ/tmp@example.org")); /* would read as an option */
    CHECK(!notify_address_ok("a@b@example.org"));
    CHECK(!notify_address_ok(NULL));
}

TEST(notify_message_refuses_header_injection_and_is_utf8_text)
{
    struct arena a;
    struct err e = {0};
    const char *msg = NULL;
    struct notify_text t = {"Your plan", "Hello Zoë.\n"};
    arena_init(&a, 0);
    CHECK_INT(notify_message("council@example.org", "ann@example.org", &t, &a, &msg, &e), 0);
    CHECK_CONTAINS(msg, "From: council@example.org\r\nTo: ann@example.org\r\nSubject: Your plan\r\n");
    CHECK_CONTAINS(msg, "Content-Type: text/plain; charset=utf-8\r\n");
    CHECK_CONTAINS(msg, "\r\n\r\nHello Zoë.\n");
    t.subject = "Your plan\r\nBcc: x@evil.example";
    CHECK_INT(notify_message("council@example.org", "ann@example.org", &t, &a, &msg, &e), ERR_INVALID);
    err_clear(&e);
    t.subject = "ok";
    CHECK_INT(notify_message("council@example.org", "ann@example.org\nBcc: x@e.example", &t, &a, &msg, &e),
              ERR_INVALID);
    arena_release(&a);
}

TEST(notify_retries_back_off_to_a_day)
{
    CHECK_INT(notify_retry_after(1), 900);
    CHECK_INT(notify_retry_after(2), 1800);
    CHECK_INT(notify_retry_after(3), 3600);
    CHECK_INT(notify_retry_after(8), 86400);
    CHECK_INT(notify_retry_after(100), 86400);
}

TEST(notify_plan_due_texts_plain_easy_read_and_worker)
{
    struct arena a;
    struct err e = {0};
    struct notify_text t;
    day_t due = 0;
    arena_init(&a, 0);
    CHECK_INT(date_from_ymd(2025, 7, 27, &due), 0);
    CHECK_INT(notify_plan_due_text(NOTIFY_PERSON, false, "Ann", "DEMO-000001", due, 7,
                                   "Disability Action North", &a, &t, &e), 0);
    CHECK_STR(t.subject, "Your support plan is due in 7 days");
    CHECK_CONTAINS(t.body, "Dear Ann,");
    CHECK_CONTAINS(t.body, "due on 27 July 2025 (in 7 days)");
    CHECK_CONTAINS(t.body, "including Disability Action North");
    CHECK_CONTAINS(t.body, "rather not get these reminders");
    CHECK_INT(notify_plan_due_text(NOTIFY_PERSON, true, "Ann", "DEMO-000001", due, 1, "", &a, &t, &e), 0);
    CHECK_STR(t.subject, "Your support plan is due tomorrow");
    CHECK_CONTAINS(t.body, "You have your budget.\nNow you can make your support plan.\n");
    CHECK_CONTAINS(t.body, "You can stop these messages.\n");
    CHECK(strstr(t.body, "You can ask .") == NULL);
    CHECK_INT(notify_plan_due_text(NOTIFY_WORKER, false, "Ann", "DEMO-000001", due, 0, "", &a, &t, &e), 0);
    CHECK_STR(t.subject, "Support plan due today for DEMO-000001");
    CHECK(strstr(t.body, "Ann") == NULL); /* the reference, not the name, in a worker's e-mail */
    arena_release(&a);
}

TEST(notify_agreement_texts_plain_easy_read_and_worker)
{
    struct arena a;
    struct err e = {0};
    struct notify_text t;
    day_t on = 0;
    arena_init(&a, 0);
    CHECK_INT(date_from_ymd(2025, 6, 2, &on), 0);
    CHECK_INT(notify_agreement_text(NOTIFY_PERSON, false, "Eve", "DEMO-000009", on, 8, &a, &t, &e), 0);
    CHECK_CONTAINS(t.body, "on 2 June 2025 and you have not accepted it yet");
    CHECK_INT(notify_agreement_text(NOTIFY_PERSON, true, "Eve", "DEMO-000009", on, 8, &a, &t, &e), 0);
    CHECK_CONTAINS(t.body, "You have not said yes to it yet.\n");
    CHECK_INT(notify_agreement_text(NOTIFY_WORKER, false, "Eve", "DEMO-000009", on, 8, &a, &t, &e), 0);
    CHECK_STR(t.subject, "Direct payment agreement not accepted yet for DEMO-000009");
    CHECK_CONTAINS(t.body, "after 8 days");
    CHECK(strstr(t.body, "Eve") == NULL);
    arena_release(&a);
}
