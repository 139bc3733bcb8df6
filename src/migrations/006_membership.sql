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

-- The row written when a member was created is the member's first by id. Earlier versions could
-- only record an arrival as a change after it: when the first change recorded is a transfer in,
-- the time here starts at the arrival, and the creation row goes.
DELETE FROM member_status WHERE id IN (
    SELECT c.id FROM member_status c
    WHERE c.status = 'active' AND c.note = ''
      AND c.id = (SELECT min(id) FROM member_status WHERE member_id = c.member_id)
      AND (SELECT n.status FROM member_status n WHERE n.member_id = c.member_id AND n.id > c.id ORDER BY n.id LIMIT 1)
          = 'transferred_in'
);

-- Otherwise the creation row was dated the joining date, or the day the member was typed in
-- when that was unknown (and a joining date filled in later never reached it): a member here
-- from before is here since joining, or before any period.
UPDATE member_status SET since = (SELECT m.joined_on FROM member m WHERE m.id = member_status.member_id)
WHERE status = 'active' AND note = ''
  AND id = (SELECT min(id) FROM member_status s WHERE s.member_id = member_status.member_id);

-- A member's status is the latest change by date (earlier versions took the latest recorded).
UPDATE member SET status = coalesce(
    (SELECT s.status FROM member_status s WHERE s.member_id = member.id ORDER BY s.since IS NULL, s.since DESC, s.id DESC LIMIT 1),
    status
);
