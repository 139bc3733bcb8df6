-- The activity log (nhật ký hoạt động) and targets (chỉ tiêu).
CREATE TABLE activity_type (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE CHECK (name <> ''),
    position INTEGER NOT NULL
) STRICT;
INSERT INTO activity_type (id, name, position) VALUES
    (1, 'Sinh hoạt chi đoàn', 1),
    (2, 'Học tập nghị quyết', 2),
    (3, 'Tình nguyện', 3),
    (4, 'Công trình, phần việc thanh niên', 4),
    (5, 'Văn hóa – thể thao', 5),
    (6, 'Hiến máu', 6),
    (7, 'Kết nạp đoàn viên', 7),
    (8, 'Khác', 8);

CREATE TABLE activity (
    id          INTEGER PRIMARY KEY,
    type_id     INTEGER NOT NULL REFERENCES activity_type (id),
    title       TEXT NOT NULL CHECK (title <> ''),
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    place       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    -- The monthly meeting's agenda (sinh hoạt chi đoàn); empty for other activities.
    agenda      TEXT NOT NULL DEFAULT '',
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE INDEX activity_by_date ON activity (starts_on);

-- Result figures: "Tiền ủng hộ: 1.232.000 đồng", "Máu: 12 đơn vị".
CREATE TABLE activity_figure (
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE activity_participant (
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
    PRIMARY KEY (activity_id, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX participant_by_member ON activity_participant (member_id);

-- Photos are kept where they are; the book holds their paths.
CREATE TABLE activity_photo (
    activity_id INTEGER NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    path        TEXT NOT NULL,
    PRIMARY KEY (activity_id, position)
) STRICT, WITHOUT ROWID;

-- Targets: 'members' = at least `share` % of current members took part in `min_count`
-- activities of the type in the period; 'branch' = the branch held `min_count` of them.
CREATE TABLE target (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('members', 'branch')),
    type_id   INTEGER NOT NULL REFERENCES activity_type (id),
    min_count INTEGER NOT NULL CHECK (min_count > 0),
    share     INTEGER NOT NULL DEFAULT 100 CHECK (share BETWEEN 1 AND 100),
    starts_on TEXT NOT NULL,
    ends_on   TEXT NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;
