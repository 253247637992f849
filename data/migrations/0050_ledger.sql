-- 0050: the double-entry ledger of direct-payment money (src/domain/ledger.h, docs/payments.md).
-- Accounts are per council (dp_id 0: the DP budget, contribution income) or per direct payment;
-- balance is kept by the store as postings are written and checked against the postings by
-- `selfdirect verify-ledger`. Journals and their lines are written once and never changed: a
-- correction is a reversing journal naming the original. The UNIQUE keys are a second line of
-- defence behind the domain checks: one reversal per journal, one journal per imported
-- transaction (source_ref), one payment per batch line. NULLs do not collide in a UNIQUE key on
-- either backend, so journals without a reference, reversal or batch line are unconstrained.
CREATE TABLE ledger_accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL CHECK (dp_id >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('council_dp_budget', 'contribution_income',
        'bank_clearing', 'person_dp_account', 'person_spend', 'person_funds',
        'contribution_receivable', 'recovery_receivable')),
    balance INTEGER NOT NULL DEFAULT 0,
    UNIQUE (council_id, id),
    UNIQUE (council_id, dp_id, kind)
) STRICT;

CREATE TABLE ledger_journals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    dp_id INTEGER NOT NULL CHECK (dp_id >= 0),
    kind TEXT NOT NULL CHECK (kind IN ('payment', 'receipt', 'spend', 'refund', 'funds_in',
        'contribution_due', 'contribution_paid', 'recovery_raised', 'recovery_received',
        'recovery_offset', 'reversal')),
    posted_on TEXT NOT NULL CHECK (length(posted_on) = 10),
    reverses INTEGER,
    batch_id INTEGER,
    batch_line INTEGER,
    source_ref TEXT CHECK (source_ref IS NULL OR length(source_ref) BETWEEN 1 AND 79),
    memo TEXT NOT NULL DEFAULT '' CHECK (length(memo) <= 159),
    actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 120),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, reverses),
    UNIQUE (council_id, source_ref),
    UNIQUE (council_id, batch_id, batch_line)
) STRICT;

CREATE INDEX ledger_journals_by_dp ON ledger_journals (council_id, dp_id, id);

CREATE TABLE ledger_lines (
    journal_id INTEGER NOT NULL REFERENCES ledger_journals (id),
    line_no INTEGER NOT NULL CHECK (line_no BETWEEN 1 AND 8),
    account_id INTEGER NOT NULL REFERENCES ledger_accounts (id),
    amount INTEGER NOT NULL CHECK (amount <> 0),
    PRIMARY KEY (journal_id, line_no)
) STRICT;

CREATE INDEX ledger_lines_by_account ON ledger_lines (account_id);
