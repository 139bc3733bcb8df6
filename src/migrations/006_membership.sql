-- Time in the branch is read from the status history (members::membership). A member entered
-- from an existing list without a joining date has been here since before any period: `since`
-- becomes nullable, NULL meaning exactly that.
CREATE TABLE member_status_new (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('active', 'transferred_in', 'transferred_out', 'residence',
                                                'aged_out', 'struck_off', 'expelled')),
    since       TEXT,
    destination TEXT NOT NULL DEFAULT '',
    -- At a transfer out: dues settled up to this month, "YYYY-MM" (older rows: "mm/yyyy").
    dues_paid_until TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
) STRICT;
INSERT INTO member_status_new SELECT * FROM member_status;
DROP TABLE member_status;
ALTER TABLE member_status_new RENAME TO member_status;
CREATE INDEX member_status_by_member ON member_status (member_id, since);

-- Earlier versions could only record an arrival as a change after the "active" row written when
-- the member was created: the time here starts at the arrival, so that first row goes.
WITH ranked AS (
    SELECT id, member_id, status, row_number() OVER (PARTITION BY member_id ORDER BY since, id) AS n
    FROM member_status
)
DELETE FROM member_status WHERE id IN (
    SELECT a.id FROM ranked a JOIN ranked b ON b.member_id = a.member_id AND b.n = 2 AND b.status = 'transferred_in'
    WHERE a.n = 1 AND a.status = 'active' AND a.id IN (SELECT id FROM member_status WHERE note = '')
);

-- Members created without a joining date were dated the day they were entered.
UPDATE member_status SET since = NULL WHERE id IN (
    SELECT s.id FROM member_status s JOIN member m ON m.id = s.member_id
    WHERE m.joined_on IS NULL AND s.status = 'active' AND s.note = ''
      AND NOT EXISTS (SELECT 1 FROM member_status e WHERE e.member_id = s.member_id
                      AND (e.since < s.since OR (e.since = s.since AND e.id < s.id)))
);
