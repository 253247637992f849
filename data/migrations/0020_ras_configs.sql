-- 0020: each council's resource allocation system (RAS) configurations, one row a version, loaded
-- with `selfdirect ras load` (or the council administrator's API) after being read strictly by
-- src/io/ras_config.c. The JSON text is kept exactly as loaded, so any stored calculation can be
-- worked again from the same text; effective_from/effective_to repeat the file's own dates so the
-- version in force on a day is found with an index, without parsing every file. kind says which
-- assessments it prices: 'needs' (adults' needs assessments) or 'carer' (carers' assessments).
-- A version is loaded once: a changed configuration is a new version.
CREATE TABLE ras_configs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    kind TEXT NOT NULL CHECK (kind IN ('needs', 'carer')),
    version TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 32),
    title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 400),
    effective_from TEXT NOT NULL CHECK (length(effective_from) = 10),
    effective_to TEXT CHECK (effective_to IS NULL OR length(effective_to) = 10),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    config_json TEXT NOT NULL CHECK (length(config_json) BETWEEN 2 AND 4194304),
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL CHECK (length(loaded_by) BETWEEN 1 AND 120),
    loaded_by_name TEXT NOT NULL DEFAULT '' CHECK (length(loaded_by_name) <= 200),
    UNIQUE (council_id, id),
    UNIQUE (council_id, kind, version)
) STRICT;

CREATE INDEX ras_configs_in_force ON ras_configs (council_id, kind, effective_from);
