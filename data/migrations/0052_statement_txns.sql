-- 0052: imported bank and card statements (src/io/statement.h). Each import is recorded with what
-- it added; each transaction is kept once per direct payment, keyed by its fingerprint, so
-- importing the same statement (or an overlapping one) again adds nothing. journal_id is the ledger
-- journal the transaction was posted as. A refused file is never recorded at all.
CREATE TABLE statement_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL CHECK (dp_id > 0),
    format TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 60),
    account TEXT NOT NULL DEFAULT '' CHECK (length(account) <= 100),
    transactions INTEGER NOT NULL CHECK (transactions >= 0),
    added INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
    already INTEGER NOT NULL DEFAULT 0 CHECK (already >= 0),
    actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 120),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id)
) STRICT;

CREATE TABLE statement_txns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL CHECK (dp_id > 0),
    import_id INTEGER NOT NULL REFERENCES statement_imports (id),
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
    journal_id INTEGER REFERENCES ledger_journals (id),
    UNIQUE (council_id, dp_id, fingerprint)
) STRICT;

CREATE INDEX statement_txns_by_dp ON statement_txns (council_id, dp_id, booked_on);
