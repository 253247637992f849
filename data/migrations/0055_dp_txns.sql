-- 0055: statement transactions, kept compactly enough for a whole country's direct payments
-- (bench/monitoring: 10 million transactions for 120,000 accounts). Replaces statement_txns (0052),
-- whose rows are copied here; statement_txns stays, empty, so 0052 still reads as applied.
--   - The duplicate check is a UNIQUE key on the first 60 bits of the fingerprint (fp_key, an
--     integer) instead of its 64 hex digits; the whole fingerprint is kept beside it, and the
--     importer compares it when a key is already there, so a (vanishingly unlikely) clash of keys
--     is refused with a message rather than taken for the same transaction.
--   - Each transaction names the ledger journal it was posted in: an import posts one journal per
--     kind (spending, refunds, receipts, the person's own money) with all of that import's new
--     transactions of that kind, instead of one journal per transaction (docs/payments.md §8).
--   - Matching to the plan is kept with the transaction: the plan line, how it was matched (rule,
--     payee, reference, by hand, or not at all), the rule and the known payee.
-- No index by date: a direct payment's transactions are read through the UNIQUE key's
-- (council_id, dp_id) prefix and are a few hundred rows.
CREATE TABLE dp_txns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL CHECK (dp_id > 0),
    import_id INTEGER NOT NULL,
    fp_key INTEGER NOT NULL,
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
    booked_on TEXT NOT NULL CHECK (length(booked_on) = 10),
    amount INTEGER NOT NULL CHECK (amount <> 0),
    balance INTEGER,
    description TEXT NOT NULL DEFAULT '',
    reference TEXT NOT NULL DEFAULT '',
    payee TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL DEFAULT '',
    bank_ref TEXT NOT NULL DEFAULT '',
    is_cash INTEGER NOT NULL CHECK (is_cash IN (0, 1)),
    is_reversal INTEGER NOT NULL CHECK (is_reversal IN (0, 1)),
    journal_id INTEGER,
    -- Written as ORs, not IN (...): SQLite builds a temporary index for an IN list each time the
    -- CHECK runs, which made this one check cost more than the rest of the row (bench/monitoring).
    match_method TEXT NOT NULL DEFAULT 'none' CHECK (match_method = 'none' OR match_method = 'rule'
        OR match_method = 'payee' OR match_method = 'reference' OR match_method = 'manual'),
    plan_line_id INTEGER,
    match_rule_id INTEGER,
    match_payee_id INTEGER,
    matched_by TEXT NOT NULL DEFAULT '' CHECK (length(matched_by) <= 40),
    UNIQUE (council_id, dp_id, fp_key)
) STRICT;

-- @sqlite
INSERT INTO dp_txns (id, council_id, dp_id, import_id, fp_key, fingerprint, booked_on, amount,
    balance, description, reference, payee, type, bank_ref, is_cash, is_reversal, journal_id)
SELECT id, council_id, dp_id, import_id,
    ((instr('0123456789abcdef', substr(fingerprint, 1, 1)) - 1) << 56) |
    ((instr('0123456789abcdef', substr(fingerprint, 2, 1)) - 1) << 52) |
    ((instr('0123456789abcdef', substr(fingerprint, 3, 1)) - 1) << 48) |
    ((instr('0123456789abcdef', substr(fingerprint, 4, 1)) - 1) << 44) |
    ((instr('0123456789abcdef', substr(fingerprint, 5, 1)) - 1) << 40) |
    ((instr('0123456789abcdef', substr(fingerprint, 6, 1)) - 1) << 36) |
    ((instr('0123456789abcdef', substr(fingerprint, 7, 1)) - 1) << 32) |
    ((instr('0123456789abcdef', substr(fingerprint, 8, 1)) - 1) << 28) |
    ((instr('0123456789abcdef', substr(fingerprint, 9, 1)) - 1) << 24) |
    ((instr('0123456789abcdef', substr(fingerprint, 10, 1)) - 1) << 20) |
    ((instr('0123456789abcdef', substr(fingerprint, 11, 1)) - 1) << 16) |
    ((instr('0123456789abcdef', substr(fingerprint, 12, 1)) - 1) << 12) |
    ((instr('0123456789abcdef', substr(fingerprint, 13, 1)) - 1) << 8) |
    ((instr('0123456789abcdef', substr(fingerprint, 14, 1)) - 1) << 4) |
    (instr('0123456789abcdef', substr(fingerprint, 15, 1)) - 1),
    fingerprint, booked_on, amount, balance, description, reference, payee, type, bank_ref,
    is_cash, is_reversal, journal_id
FROM statement_txns ORDER BY id;
-- @postgres
INSERT INTO dp_txns (id, council_id, dp_id, import_id, fp_key, fingerprint, booked_on, amount,
    balance, description, reference, payee, type, bank_ref, is_cash, is_reversal, journal_id)
SELECT id, council_id, dp_id, import_id,
    ('x' || lpad(substr(fingerprint, 1, 15), 16, '0'))::bit(64)::bigint,
    fingerprint, booked_on, amount, balance, description, reference, payee, type, bank_ref,
    is_cash, is_reversal, journal_id
FROM statement_txns ORDER BY id;
SELECT setval(pg_get_serial_sequence('dp_txns', 'id'), GREATEST((SELECT max(id) FROM dp_txns), 1));
-- @both
DELETE FROM statement_txns;
