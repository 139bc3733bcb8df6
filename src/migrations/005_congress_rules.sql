-- What a congress decides by show of hands feeds its elections, and elections may be held by the
-- new executive committee's first meeting; positions in the branch get a dated history.

-- A show-of-hands vote on the number of BCH seats or on a candidate list carries that number.
ALTER TABLE motion ADD COLUMN kind TEXT NOT NULL DEFAULT 'general'
    CHECK (kind IN ('general', 'committee_size', 'candidate_list'));
ALTER TABLE motion ADD COLUMN value INTEGER CHECK (value >= 0);

-- Bí thư and Phó Bí thư are elected by the congress itself or by the new BCH at its first
-- meeting (hội nghị BCH lần thứ nhất); the meeting's own date, time, place and attendance.
ALTER TABLE election ADD COLUMN held_by TEXT NOT NULL DEFAULT 'congress'
    CHECK (held_by IN ('congress', 'first_meeting'));
ALTER TABLE election ADD COLUMN meeting_on TEXT;
ALTER TABLE election ADD COLUMN meeting_at TEXT NOT NULL DEFAULT '';
ALTER TABLE election ADD COLUMN meeting_place TEXT NOT NULL DEFAULT '';
ALTER TABLE election ADD COLUMN meeting_present INTEGER CHECK (meeting_present >= 0);

-- Positions held in the branch (Bí thư, Phó Bí thư, Ủy viên BCH), with their dates; member.position
-- is the current one. `since` is NULL for a position held from before the history was kept.
CREATE TABLE member_position (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    position   TEXT NOT NULL CHECK (position IN ('secretary', 'deputy_secretary', 'committee')),
    since      TEXT,
    until      TEXT,
    source     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX member_position_by_member ON member_position (member_id, since);
