-- 0046: who may sign off what. Each worker's annual limit is staff.sign_off_limit_pence (0003);
-- this table keeps every change to it: who set it (their manager, or for someone at the top of a
-- chain a council administrator), from what to what, when and why, so delegated authority can be
-- audited. signoff_panel lists the members of the council's funding panel, who decide requests
-- above the limit of the top of every chain (src/domain/signoff.h).
CREATE TABLE signoff_limit_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    staff_id INTEGER NOT NULL,
    old_limit INTEGER NOT NULL CHECK (old_limit >= 0),
    new_limit INTEGER NOT NULL CHECK (new_limit >= 0),
    set_by INTEGER NOT NULL,
    reasons TEXT NOT NULL DEFAULT '' CHECK (length(reasons) <= 1000),
    set_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, set_by) REFERENCES staff (council_id, id)
) STRICT;

CREATE INDEX signoff_limit_changes_by_staff ON signoff_limit_changes (council_id, staff_id, id);

CREATE TABLE signoff_panel (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    staff_id INTEGER NOT NULL,
    added_by INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (council_id, id),
    UNIQUE (council_id, staff_id),
    FOREIGN KEY (council_id, staff_id) REFERENCES staff (council_id, id),
    FOREIGN KEY (council_id, added_by) REFERENCES staff (council_id, id)
) STRICT;
