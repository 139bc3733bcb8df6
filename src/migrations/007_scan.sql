-- The papers of a counting pass read from scanned images (lượt quét), in stack order: what the
-- reader saw on each and, where it saw something unclear or could not read the paper's code,
-- the counting committee's decision. Once every paper is decided, the pass's ballots are
-- written from them into `ballot`, numbered in stack order.
CREATE TABLE scanned_paper (
    round_id   INTEGER NOT NULL REFERENCES election_round (id) ON DELETE CASCADE,
    pass       INTEGER NOT NULL CHECK (pass IN (1, 2)),
    number     INTEGER NOT NULL CHECK (number > 0),
    source     TEXT NOT NULL,
    -- One letter a name: K kept, G crossed, ? unclear; empty when the paper's code was not read.
    marks      TEXT NOT NULL,
    problem    TEXT,
    -- The paper straightened (PNG), kept only for the papers the committee must look at.
    image      BLOB,
    -- The committee's decision: K or G a name, or '-' for a paper that is not a ballot of the round.
    decided    TEXT,
    PRIMARY KEY (round_id, pass, number)
) STRICT, WITHOUT ROWID;
