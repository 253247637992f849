-- 0051: payment batches under the four-eyes rule (src/domain/batch.h, docs/payments.md). A batch
-- is made by one finance officer and approved by a different finance approver; approved_hash is the
-- SHA-256 of its exact contents at approval, so a line changed afterwards (even directly in this
-- table) no longer matches and the batch cannot be released, and `selfdirect verify-ledger` names
-- any payment released from it. Lines change only while the batch is a draft (the store refuses
-- otherwise). version is the optimistic-update counter.
CREATE TABLE payment_batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'released',
        'cancelled')),
    pay_date TEXT NOT NULL CHECK (length(pay_date) = 10),
    created_by INTEGER NOT NULL,
    submitted_by INTEGER,
    approved_by INTEGER,
    released_by INTEGER,
    cancelled_by INTEGER,
    created_at INTEGER NOT NULL,
    submitted_at INTEGER,
    approved_at INTEGER,
    released_at INTEGER,
    cancelled_at INTEGER,
    approved_hash TEXT CHECK (approved_hash IS NULL OR length(approved_hash) = 64),
    note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 199),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id)
) STRICT;

CREATE INDEX payment_batches_by_state ON payment_batches (council_id, state, id);

CREATE TABLE payment_batch_lines (
    batch_id INTEGER NOT NULL REFERENCES payment_batches (id),
    line_no INTEGER NOT NULL CHECK (line_no >= 1),
    dp_id INTEGER NOT NULL CHECK (dp_id > 0),
    schedule_ref INTEGER NOT NULL,
    payee_name TEXT NOT NULL CHECK (length(payee_name) BETWEEN 1 AND 18),
    sort_code TEXT NOT NULL CHECK (length(sort_code) = 6),
    account TEXT NOT NULL CHECK (length(account) = 8),
    reference TEXT NOT NULL CHECK (length(reference) BETWEEN 1 AND 18),
    amount INTEGER NOT NULL CHECK (amount > 0),
    remittance TEXT NOT NULL DEFAULT '' CHECK (length(remittance) <= 239),
    added_by INTEGER NOT NULL,
    PRIMARY KEY (batch_id, line_no)
) STRICT;
