-- The branch congress (đại hội): attendance, bodies, agenda, show-of-hands votes, elections
-- counted ballot by ballot, and the audit log of every change to an election.
CREATE TABLE congress (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (name <> ''),
    term        TEXT NOT NULL DEFAULT '',
    held_on     TEXT,
    starts_at   TEXT NOT NULL DEFAULT '',
    ends_at     TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL DEFAULT 'members' CHECK (kind IN ('members', 'delegates')),
    -- Quorum: present ≥ num/den of summoned. Motions pass with more than num/den of present.
    quorum_num  INTEGER NOT NULL DEFAULT 2 CHECK (quorum_num > 0),
    quorum_den  INTEGER NOT NULL DEFAULT 3 CHECK (quorum_den >= quorum_num),
    motion_num  INTEGER NOT NULL DEFAULT 1 CHECK (motion_num > 0),
    motion_den  INTEGER NOT NULL DEFAULT 2 CHECK (motion_den >= motion_num),
    created_at  TEXT NOT NULL
) STRICT;

-- The summoned list: members from the registry or people typed in.
CREATE TABLE attendee (
    id             INTEGER PRIMARY KEY,
    congress_id    INTEGER NOT NULL REFERENCES congress (id) ON DELETE CASCADE,
    member_id      INTEGER REFERENCES member (id) ON DELETE SET NULL,
    full_name      TEXT NOT NULL CHECK (full_name <> ''),
    note           TEXT NOT NULL DEFAULT '',
    attendance     TEXT NOT NULL DEFAULT 'unknown'
                   CHECK (attendance IN ('unknown', 'present', 'excused', 'absent')),
    absence_reason TEXT NOT NULL DEFAULT '',
    -- Presidium, secretariat, counting committee: 0 not in it, 1 member, 2 its head.
    presidium      INTEGER NOT NULL DEFAULT 0 CHECK (presidium IN (0, 1, 2)),
    secretariat    INTEGER NOT NULL DEFAULT 0 CHECK (secretariat IN (0, 1, 2)),
    counting       INTEGER NOT NULL DEFAULT 0 CHECK (counting IN (0, 1, 2)),
    sort_key       BLOB NOT NULL
) STRICT;
CREATE INDEX attendee_by_congress ON attendee (congress_id, sort_key);

CREATE TABLE guest (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES congress (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (name <> ''),
    title       TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE agenda_item (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES congress (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (title <> ''),
    notes       TEXT NOT NULL DEFAULT ''
) STRICT;

-- Show-of-hands votes (biểu quyết); `present` is the count present when it was taken.
CREATE TABLE motion (
    id            INTEGER PRIMARY KEY,
    congress_id   INTEGER NOT NULL REFERENCES congress (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (title <> ''),
    votes_for     INTEGER NOT NULL CHECK (votes_for >= 0),
    votes_against INTEGER NOT NULL CHECK (votes_against >= 0),
    votes_other   INTEGER NOT NULL CHECK (votes_other >= 0),
    present       INTEGER NOT NULL CHECK (present >= votes_for + votes_against + votes_other)
) STRICT;

CREATE TABLE election (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES congress (id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (title <> ''),
    kind        TEXT NOT NULL CHECK (kind IN ('committee', 'secretary', 'deputy', 'delegates')),
    seats       INTEGER NOT NULL CHECK (seats > 0),
    alternates  INTEGER NOT NULL DEFAULT 0 CHECK (alternates >= 0),
    base        TEXT NOT NULL DEFAULT 'valid' CHECK (base IN ('valid', 'collected', 'present', 'summoned'))
) STRICT;

CREATE TABLE candidate (
    id          INTEGER PRIMARY KEY,
    election_id INTEGER NOT NULL REFERENCES election (id) ON DELETE CASCADE,
    attendee_id INTEGER REFERENCES attendee (id) ON DELETE SET NULL,
    full_name   TEXT NOT NULL CHECK (full_name <> ''),
    sort_key    BLOB NOT NULL
) STRICT;

-- A round of an election: the first, a further one for seats left unfilled, or a re-vote
-- among tied candidates. Confirmed rounds are locked.
CREATE TABLE election_round (
    id           INTEGER PRIMARY KEY,
    election_id  INTEGER NOT NULL REFERENCES election (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number > 0),
    kind         TEXT NOT NULL CHECK (kind IN ('first', 'further', 'revote')),
    seats        INTEGER NOT NULL CHECK (seats >= 0),
    alternates   INTEGER NOT NULL CHECK (alternates >= 0),
    mode         TEXT NOT NULL DEFAULT 'ballots' CHECK (mode IN ('ballots', 'totals')),
    double_entry INTEGER NOT NULL DEFAULT 0 CHECK (double_entry IN (0, 1)),
    issued       INTEGER CHECK (issued >= 0),
    -- Paper totals (mode 'totals'): collected, invalid, and a JSON array of votes.
    collected    INTEGER,
    invalid      INTEGER,
    votes        TEXT,
    -- Attendance frozen when the round is confirmed.
    present      INTEGER,
    summoned     INTEGER,
    read_at      TEXT NOT NULL DEFAULT '',
    confirmed_at TEXT,
    UNIQUE (election_id, number)
) STRICT;

CREATE TABLE round_candidate (
    round_id     INTEGER NOT NULL REFERENCES election_round (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position > 0),
    candidate_id INTEGER NOT NULL REFERENCES candidate (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, position)
) STRICT, WITHOUT ROWID;

-- One ballot of one entry pass: `crossed` holds the crossed-out positions ("2 5"); `invalid`
-- the committee's reason when it marked the ballot invalid.
CREATE TABLE ballot (
    round_id   INTEGER NOT NULL REFERENCES election_round (id) ON DELETE CASCADE,
    pass       INTEGER NOT NULL CHECK (pass IN (1, 2)),
    number     INTEGER NOT NULL CHECK (number > 0),
    crossed    TEXT NOT NULL DEFAULT '',
    invalid    TEXT,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (round_id, pass, number)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    congress_id INTEGER NOT NULL REFERENCES congress (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_by_congress ON audit (congress_id, id);
