-- 0054: idempotency keys for the API calls that move money (docs/api.md, "Idempotency-Key"). A
-- client sends a key of its choosing with the request; the key, a SHA-256 of the request (method,
-- path and exact body) and the response are stored in the same transaction as the request's
-- effect, so:
--   the same key and the same request again -> the stored response, and no second effect;
--   the same key with a different request   -> refused (422), nothing done;
--   two at once with the same key            -> the UNIQUE key lets one commit; the other waits
--                                               for it (SQLite's write lock, PostgreSQL's unique
--                                               index) and then answers the stored response.
-- Keys belong to one signed-in login (actor) in one council, so two people cannot collide.
CREATE TABLE idempotency_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id INTEGER NOT NULL REFERENCES councils (id),
    actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 40),
    idem_key TEXT NOT NULL CHECK (length(idem_key) BETWEEN 1 AND 200),
    method TEXT NOT NULL CHECK (length(method) BETWEEN 1 AND 10),
    path TEXT NOT NULL CHECK (length(path) BETWEEN 1 AND 500),
    request_hash TEXT NOT NULL CHECK (length(request_hash) = 64),
    status INTEGER NOT NULL CHECK (status BETWEEN 100 AND 599),
    content_type TEXT NOT NULL DEFAULT '' CHECK (length(content_type) <= 100),
    response TEXT NOT NULL DEFAULT '' CHECK (length(response) <= 1000000),
    created_at TEXT NOT NULL,
    UNIQUE (council_id, actor, idem_key)
) STRICT;
