-- 0040: the record that every way of taking a personal budget was offered (src/domain/choice.h;
-- brief §2.6, §7.1). One row per recorded offer, never changed afterwards: a new conversation is a
-- new row, and the latest (by offered_on, then id) is the one that counts, so the history of what
-- was offered, by whom and when is kept. For each option (dp = direct payment, cm = council-
-- managed, isf = individual service fund): offered, or the specific reason it is not available.
-- Amounts are pence a year of the budget on each option (two or more above zero is a mix).
-- present is the names of those present, one a line.
CREATE TABLE choice_offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    person_id INTEGER NOT NULL,
    offered_by INTEGER NOT NULL,
    offered_on TEXT NOT NULL CHECK (length(offered_on) = 10),
    format TEXT NOT NULL CHECK (format IN ('standard', 'easy_read', 'large_print', 'audio',
                                           'interpreter', 'other')),
    format_other TEXT NOT NULL DEFAULT '' CHECK (length(format_other) <= 200),
    present TEXT NOT NULL CHECK (length(present) BETWEEN 1 AND 2000),
    dp_offered INTEGER NOT NULL CHECK (dp_offered IN (0, 1)),
    dp_unavailable TEXT NOT NULL CHECK (dp_unavailable IN ('available',
        'lacks_capacity_no_suitable_person', 'criminal_justice_order', 'in_prison', 'other')),
    dp_unavailable_text TEXT NOT NULL DEFAULT '' CHECK (length(dp_unavailable_text) <= 1000),
    cm_offered INTEGER NOT NULL CHECK (cm_offered IN (0, 1)),
    cm_unavailable TEXT NOT NULL CHECK (cm_unavailable IN ('available', 'other')),
    cm_unavailable_text TEXT NOT NULL DEFAULT '' CHECK (length(cm_unavailable_text) <= 1000),
    isf_offered INTEGER NOT NULL CHECK (isf_offered IN (0, 1)),
    isf_unavailable TEXT NOT NULL CHECK (isf_unavailable IN ('available', 'other')),
    isf_unavailable_text TEXT NOT NULL DEFAULT '' CHECK (length(isf_unavailable_text) <= 1000),
    chosen INTEGER NOT NULL CHECK (chosen IN (0, 1)),
    amount_dp INTEGER NOT NULL DEFAULT 0 CHECK (amount_dp >= 0),
    amount_cm INTEGER NOT NULL DEFAULT 0 CHECK (amount_cm >= 0),
    amount_isf INTEGER NOT NULL DEFAULT 0 CHECK (amount_isf >= 0),
    isf_provider TEXT NOT NULL DEFAULT '' CHECK (length(isf_provider) <= 200),
    reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 4000),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, person_id) REFERENCES people (council_id, id) ON DELETE CASCADE,
    FOREIGN KEY (council_id, offered_by) REFERENCES staff (council_id, id),
    -- an option is offered, or not available: never both
    CHECK (NOT (dp_offered = 1 AND dp_unavailable <> 'available')),
    CHECK (NOT (cm_offered = 1 AND cm_unavailable <> 'available')),
    CHECK (NOT (isf_offered = 1 AND isf_unavailable <> 'available')),
    -- amounts only with a choice, and an ISF only with its provider
    CHECK (chosen = 1 OR (amount_dp = 0 AND amount_cm = 0 AND amount_isf = 0)),
    CHECK (amount_isf = 0 OR length(isf_provider) > 0)
) STRICT;

CREATE INDEX choice_offers_by_person ON choice_offers (council_id, person_id, offered_on, id);
CREATE INDEX choice_offers_by_date ON choice_offers (council_id, offered_on);
