-- 0059: settling an agreed recovery (src/domain/dp_recovery.h). An agreed recovery is raised in the
-- ledger (0057, recovery_raised); this records how the money comes back, in parts if need be:
--
--   received   the person (or their support organisation) paid it back. Posted at once as
--              recovery_received (journal_id), dated the day the money arrived.
--   offset     kept back from the person's next payment instead. Waits (payment_id NULL) until a
--              batch is drafted; then the next payment that can bear it names it (payment_id) and
--              its batch line is paid that much less. The ledger posting (recovery_offset) is made
--              when that batch is released; a removed line or a cancelled batch leaves it waiting
--              again.
--
-- Never edited after the fact and never deleted once posted: a mistake is a reversing journal.
-- The sum of what is received and kept back never passes the agreed amount (checked by the domain
-- rule under the recovery's row lock, and by verify-ledger on the ledger's side).
CREATE TABLE dp_recovery_settlements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL,
    recovery_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('received', 'offset')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    on_date TEXT NOT NULL CHECK (length(on_date) = 10),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    recorded_by TEXT NOT NULL CHECK (length(recorded_by) BETWEEN 1 AND 40),
    payment_id INTEGER,
    journal_id INTEGER,
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, dp_id) REFERENCES direct_payments (council_id, id),
    FOREIGN KEY (council_id, recovery_id) REFERENCES dp_recoveries (council_id, id),
    FOREIGN KEY (council_id, payment_id) REFERENCES dp_payments (council_id, id),
    CHECK (kind = 'offset' OR (journal_id IS NOT NULL AND payment_id IS NULL)),
    CHECK (journal_id IS NULL OR kind = 'received' OR payment_id IS NOT NULL)
) STRICT;

CREATE INDEX dp_recovery_settlements_by_recovery ON dp_recovery_settlements (council_id,
                                                                            recovery_id);
CREATE INDEX dp_recovery_settlements_by_payment ON dp_recovery_settlements (council_id, payment_id);
