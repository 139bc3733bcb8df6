-- The member registry (sổ đoàn viên). Dates are ISO text; "" means not entered.
CREATE TABLE member (
    id                  INTEGER PRIMARY KEY,
    full_name           TEXT NOT NULL CHECK (full_name <> ''),
    other_name          TEXT NOT NULL DEFAULT '',
    sex                 TEXT CHECK (sex IN ('male', 'female')),
    date_of_birth       TEXT,
    hometown            TEXT NOT NULL DEFAULT '',
    residence           TEXT NOT NULL DEFAULT '',
    ethnicity           TEXT NOT NULL DEFAULT '',
    religion            TEXT NOT NULL DEFAULT '',
    id_number           TEXT NOT NULL DEFAULT '',
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    occupation          TEXT NOT NULL DEFAULT '',
    education           TEXT NOT NULL DEFAULT '',
    qualification       TEXT NOT NULL DEFAULT '',
    political_theory    TEXT NOT NULL DEFAULT '',
    it_level            TEXT NOT NULL DEFAULT '',
    language_level      TEXT NOT NULL DEFAULT '',
    joined_on           TEXT,
    joined_place        TEXT NOT NULL DEFAULT '',
    card_number         TEXT UNIQUE,
    party_introduced_on TEXT,
    party_member_since  TEXT,
    position            TEXT NOT NULL DEFAULT 'member'
                        CHECK (position IN ('secretary', 'deputy_secretary', 'committee', 'member')),
    salaried            INTEGER NOT NULL DEFAULT 0 CHECK (salaried IN (0, 1)),
    age_note            TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'active',
    -- Derived: the list order (names::sort_key) and the search text (names::fold).
    sort_key            BLOB NOT NULL,
    search_text         TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
-- Covers the list: walking it in order filters by status and search text without the table.
CREATE INDEX member_by_sort_key ON member (sort_key, status, search_text);

-- Every change of status, with its date; member.status is the latest.
CREATE TABLE member_status (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('active', 'transferred_in', 'transferred_out', 'residence',
                                                'aged_out', 'struck_off', 'expelled')),
    since       TEXT NOT NULL,
    destination TEXT NOT NULL DEFAULT '',
    dues_paid_until TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX member_status_by_member ON member_status (member_id, since);

CREATE TABLE member_rating (
    member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    year      INTEGER NOT NULL,
    rating    TEXT NOT NULL,
    PRIMARY KEY (member_id, year)
) STRICT;

-- Rewards (khen thưởng) and discipline (kỷ luật).
CREATE TABLE member_decision (
    id        INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('reward', 'discipline')),
    form      TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    level     TEXT NOT NULL DEFAULT '',
    decision  TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX member_decision_by_member ON member_decision (member_id);

-- Dues (đoàn phí) paid, one row per member and month "YYYY-MM".
CREATE TABLE dues_payment (
    member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    month     TEXT NOT NULL,
    amount    INTEGER NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (member_id, month)
) STRICT;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO setting (key, value) VALUES
    ('dues_unsalaried', '2000'),
    ('dues_salaried', '5000'),
    ('sort_key_version', '1');
