-- The branch itself: one row, the names every document header uses.
CREATE TABLE unit (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL,
    superior   TEXT NOT NULL,
    place      TEXT NOT NULL,
    abbrev     TEXT NOT NULL DEFAULT '',
    term       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;
