-- 0031: the checks behind a PA's "checked" status. A DBS certificate (basic, standard, enhanced,
-- or enhanced with the adults' barred list, which personal care as regulated activity is eligible
-- for) with its 12-digit number, issue date, whether the PA subscribes to the DBS Update Service
-- (and when its status was last looked at online), and who saw the certificate and when. Right to
-- work: the document seen, when, by whom, and the end of any time-limited permission.
CREATE TABLE pa_dbs_checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('basic', 'standard', 'enhanced', 'enhanced_adults_barred')),
    certificate_number TEXT NOT NULL CHECK (length(certificate_number) = 12),
    issued_on TEXT NOT NULL CHECK (length(issued_on) = 10),
    update_service INTEGER NOT NULL DEFAULT 0 CHECK (update_service IN (0, 1)),
    update_checked_on TEXT CHECK (update_checked_on IS NULL OR length(update_checked_on) = 10),
    information_disclosed INTEGER NOT NULL DEFAULT 0 CHECK (information_disclosed IN (0, 1)),
    seen_by TEXT NOT NULL CHECK (length(seen_by) BETWEEN 1 AND 120),
    seen_on TEXT NOT NULL CHECK (length(seen_on) = 10),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, pa_id, certificate_number),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE,
    CHECK (seen_on >= issued_on)
) STRICT;

CREATE INDEX pa_dbs_checks_by_pa ON pa_dbs_checks (council_id, pa_id, issued_on);

CREATE TABLE pa_right_to_work (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    pa_id INTEGER NOT NULL,
    document TEXT NOT NULL CHECK (document IN ('uk_passport', 'birth_certificate_and_ni',
                                               'share_code', 'biometric_residence_permit', 'other')),
    checked_on TEXT NOT NULL CHECK (length(checked_on) = 10),
    checked_by TEXT NOT NULL CHECK (length(checked_by) BETWEEN 1 AND 120),
    expires_on TEXT CHECK (expires_on IS NULL OR length(expires_on) = 10),
    notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, pa_id) REFERENCES pas (council_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX pa_right_to_work_by_pa ON pa_right_to_work (council_id, pa_id, checked_on);
