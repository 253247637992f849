-- 0070: the outbox of reminders (issue 5). Reminders used to appear on screen only; now each one
-- becomes a notification row per recipient per event, and `selfdirect notify send` delivers the
-- due rows through a sendmail-compatible program (src/store/notify.h).
--
-- event_key names the event ("plan-due:<person>:<budget agreed on>:<reminder date>"); the UNIQUE
-- key (council, event, recipient) is what makes a reminder never go twice, however often the
-- queue is filled. A row is 'pending' until the program accepts it ('sent'); a failure counts an
-- attempt, keeps the program's words and sets the next attempt later (next_attempt_unix), which is
-- also how a sender claims a row before running the program, so two senders never both send it.
-- 'opted_out': the person asked not to get reminders (notify_opt_outs), kept so it shows why
-- nothing went.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    event_key TEXT NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
    recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('person', 'worker')),
    easy_read INTEGER NOT NULL DEFAULT 0 CHECK (easy_read IN (0, 1)),
    subject TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'opted_out')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_unix INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 500),
    sent_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (council_id, event_key, recipient),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;

CREATE INDEX notifications_due ON notifications (status, next_attempt_unix);

-- People who chose not to get reminders (by e-mail or any other way the outbox sends).
CREATE TABLE notify_opt_outs (
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (council_id, person_id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE
) STRICT;
