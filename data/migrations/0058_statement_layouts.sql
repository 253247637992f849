-- 0058: a council's own CSV statement layouts (src/io/statement_csv.h), for banks and card or
-- managed-account providers whose export differs from the built-in layouts. Columns are named by
-- header text when the file has a header row, or by 1-based position (written as digits) when it
-- has not; '' means the file has no such column. statement_csv_layout_check is run before a layout
-- is stored.
CREATE TABLE statement_layouts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    delimiter TEXT NOT NULL DEFAULT ',' CHECK (delimiter IN (',', ';', 'tab', '|')),
    has_header INTEGER NOT NULL DEFAULT 1 CHECK (has_header IN (0, 1)),
    max_preamble_rows INTEGER NOT NULL DEFAULT 0 CHECK (max_preamble_rows BETWEEN 0 AND 20),
    date_format TEXT NOT NULL DEFAULT 'dmy' CHECK (date_format IN ('dmy', 'iso')),
    amount_style TEXT NOT NULL DEFAULT 'signed' CHECK (amount_style IN ('signed', 'out_positive',
                                                                          'split')),
    check_balances INTEGER NOT NULL DEFAULT 0 CHECK (check_balances IN (0, 1)),
    col_date TEXT NOT NULL CHECK (length(col_date) BETWEEN 1 AND 60),
    col_description TEXT NOT NULL DEFAULT '' CHECK (length(col_description) <= 60),
    col_amount TEXT NOT NULL DEFAULT '' CHECK (length(col_amount) <= 60),
    col_paid_in TEXT NOT NULL DEFAULT '' CHECK (length(col_paid_in) <= 60),
    col_paid_out TEXT NOT NULL DEFAULT '' CHECK (length(col_paid_out) <= 60),
    col_balance TEXT NOT NULL DEFAULT '' CHECK (length(col_balance) <= 60),
    col_reference TEXT NOT NULL DEFAULT '' CHECK (length(col_reference) <= 60),
    col_payee TEXT NOT NULL DEFAULT '' CHECK (length(col_payee) <= 60),
    col_type TEXT NOT NULL DEFAULT '' CHECK (length(col_type) <= 60),
    col_id TEXT NOT NULL DEFAULT '' CHECK (length(col_id) <= 60),
    col_currency TEXT NOT NULL DEFAULT '' CHECK (length(col_currency) <= 60),
    created_by TEXT NOT NULL CHECK (length(created_by) BETWEEN 1 AND 40),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, name)
) STRICT;
