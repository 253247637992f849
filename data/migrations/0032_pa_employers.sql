-- 0032: PA employers. The legal employer is the budget holder (person_id) or their
-- representative (contact_id, a person_contacts row); a payroll bureau (a support organisation)
-- may act for them, but the employer stays responsible. account_id / bureau_account_id are the
-- logins that may approve timesheets (never the PA's). PAYE: the tax office number and reference
-- ("123/A45678") and the Accounts Office reference; employer's liability insurance (compulsory,
-- with its expiry); whether Employment Allowance is claimed; whether HMRC is paid quarterly.
CREATE TABLE pa_employers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('budget_holder', 'representative')),
    contact_id INTEGER,
    bureau_id INTEGER,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    account_id INTEGER,
    bureau_account_id INTEGER,
    paye_office TEXT NOT NULL CHECK (length(paye_office) = 3),
    paye_reference TEXT NOT NULL CHECK (length(paye_reference) BETWEEN 1 AND 10),
    accounts_office_ref TEXT NOT NULL CHECK (length(accounts_office_ref) = 13),
    el_insurer TEXT NOT NULL DEFAULT '' CHECK (length(el_insurer) <= 120),
    el_policy TEXT NOT NULL DEFAULT '' CHECK (length(el_policy) <= 60),
    el_expires_on TEXT CHECK (el_expires_on IS NULL OR length(el_expires_on) = 10),
    employment_allowance INTEGER NOT NULL DEFAULT 1 CHECK (employment_allowance IN (0, 1)),
    pay_hmrc_quarterly INTEGER NOT NULL DEFAULT 0 CHECK (pay_hmrc_quarterly IN (0, 1)),
    child_under_16_in_home INTEGER NOT NULL DEFAULT 0 CHECK (child_under_16_in_home IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (council_id, id),
    UNIQUE (council_id, paye_office, paye_reference),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id),
    FOREIGN KEY (council_id, contact_id) REFERENCES person_contacts (council_id, id),
    FOREIGN KEY (council_id, bureau_id) REFERENCES support_organisations (council_id, id),
    FOREIGN KEY (council_id, account_id) REFERENCES web_accounts (council_id, id),
    FOREIGN KEY (council_id, bureau_account_id) REFERENCES web_accounts (council_id, id),
    CHECK ((kind = 'representative') = (contact_id IS NOT NULL)),
    CHECK (bureau_account_id IS NULL OR bureau_id IS NOT NULL)
) STRICT;

CREATE INDEX pa_employers_by_person ON pa_employers (council_id, person_id);
