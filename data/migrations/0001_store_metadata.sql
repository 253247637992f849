-- 0001: what makes a database a selfdirect store. selfdirect_meta marks it as ours (a database
-- with tables but without this is refused, untouched); schema_migrations lists every migration
-- applied, each inserted in the same transaction as the migration itself.
CREATE TABLE selfdirect_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

INSERT INTO selfdirect_meta (key, value) VALUES ('application', 'selfdirect');

CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;
