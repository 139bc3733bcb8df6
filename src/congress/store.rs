//! Congress tables: the congress, its summoned list with attendance and bodies, guests, agenda
//! and show-of-hands votes. One transaction per user action.

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use ts_rs::TS;

use super::*;
use crate::dates;
use crate::names;
use crate::text::clean;

/// A congress in the list of congresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CongressSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub held_on: Option<String>,
    pub term: String,
}

pub fn list(conn: &Connection) -> Result<Vec<CongressSummary>, CongressError> {
    let mut stmt = conn.prepare("SELECT id, name, held_on, term FROM congress ORDER BY held_on DESC, id DESC")?;
    let rows = stmt.query_map([], |r| Ok(CongressSummary { id: r.get(0)?, name: r.get(1)?, held_on: r.get(2)?, term: r.get(3)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn immediate(conn: &mut Connection) -> Result<Transaction<'_>, CongressError> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// Who did it, for the audit log: the computer's user (Linux, macOS, then Windows names).
fn actor() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(|| std::env::var("HOME").ok().and_then(|h| std::path::Path::new(&h).file_name().map(|n| n.to_string_lossy().into_owned())))
        .unwrap_or_default()
}

/// Appends one audit entry inside the caller's transaction.
/// A detail longer than the bounds of an exchange file (a list of thousands of names) is cut,
/// saying how much, so that every congress the window keeps can be exported and imported.
pub(crate) fn audit(tx: &Connection, congress_id: i64, action: &str, detail: &str) -> Result<(), CongressError> {
    let keep = crate::text::MAX_NOTES - 100;
    let n = detail.chars().count();
    let detail = if n > keep {
        format!("{}… (và {} ký tự nữa)", detail.chars().take(keep).collect::<String>(), n - keep)
    } else {
        detail.to_string()
    };
    tx.execute(
        "INSERT INTO audit (congress_id, at, actor, action, detail) VALUES (?1, strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime'), ?2, ?3, ?4)",
        params![congress_id, actor(), action, detail],
    )?;
    Ok(())
}

pub(crate) fn checked(input: &Congress) -> Result<Congress, CongressError> {
    let mut c = input.clone();
    c.name = clean(&c.name);
    c.term = clean(&c.term);
    c.place = clean(&c.place);
    if c.name.is_empty() {
        return invalid("Tên đại hội không được để trống.");
    }
    c.held_on = match c.held_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match dates::parse(text) {
            Some(d) => Some(dates::iso(d)),
            None => return invalid(format!("Ngày đại hội “{text}” không đúng dạng ngày/tháng/năm.")),
        },
    };
    for (label, time) in [("bắt đầu", &mut c.starts_at), ("kết thúc", &mut c.ends_at)] {
        *time = clean(time);
        if !time.is_empty() {
            *time = clock(time).ok_or_else(|| CongressError::Invalid(format!("Giờ {label} “{time}” không đúng dạng giờ:phút (ví dụ 7:30).")))?;
        }
    }
    for (label, share) in [("Tỷ lệ hợp lệ của đại hội", c.quorum), ("Tỷ lệ thông qua biểu quyết", c.motion_share)] {
        if share.num == 0 || share.den < share.num {
            return invalid(format!("{label} phải là một phân số từ 0 đến 1, ví dụ 2/3."));
        }
    }
    Ok(c)
}

/// "7:30", "7h30", "07.30" → "07:30".
pub fn clock(text: &str) -> Option<String> {
    let (h, m) = text.split_once([':', 'h', 'H', '.'])?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, if m.trim().is_empty() { 0 } else { m.trim().parse().ok()? });
    (h < 24 && m < 60).then(|| format!("{h:02}:{m:02}"))
}

pub fn create(conn: &mut Connection, input: &Congress) -> Result<i64, CongressError> {
    let c = checked(input)?;
    let tx = immediate(conn)?;
    let id = write_congress(&tx, None, &c)?;
    audit(&tx, id, "Tạo đại hội", &c.name)?;
    tx.commit()?;
    Ok(id)
}

/// What one action did, for the audit log: (action, detail).
pub(crate) type Done = Vec<(String, String)>;

pub(crate) fn done(action: &str, detail: impl Into<String>) -> Done {
    vec![(action.to_string(), detail.into())]
}

/// Runs one user action on a congress as one transaction. `apply` makes the change and says
/// what it did; the change is refused, and nothing written, when it would move what a confirmed
/// round's papers print or break a rule of the congress that held before (rules::check_change).
pub(crate) fn change<T>(
    conn: &mut Connection,
    congress_id: i64,
    apply: impl FnOnce(&Transaction, &CongressData) -> Result<(T, Done), CongressError>,
) -> Result<T, CongressError> {
    let tx = immediate(conn)?;
    let before = load(&tx, congress_id)?;
    let (value, entries) = apply(&tx, &before)?;
    let after = load(&tx, congress_id)?;
    rules::check_change(&before, &after)?;
    for (action, detail) in entries {
        audit(&tx, congress_id, &action, &detail)?;
    }
    tx.commit()?;
    Ok(value)
}

/// "a → b" for the audit log, or None when nothing changed.
pub(crate) fn moved(label: &str, before: &str, after: &str) -> Option<String> {
    let shown = |s: &str| if s.is_empty() { "(trống)".to_string() } else { s.to_string() };
    (before != after).then(|| format!("{label}: {} → {}", shown(before), shown(after)))
}

pub fn update(conn: &mut Connection, id: i64, input: &Congress) -> Result<(), CongressError> {
    let c = checked(input)?;
    change(conn, id, |tx, before| {
        write_congress(tx, Some(id), &c)?;
        let b = &before.congress;
        let share = |s: Share| format!("{}/{}", s.num, s.den);
        let day = |d: &Option<String>| d.as_deref().and_then(dates::parse).map(dates::display).unwrap_or_default();
        let kind = |k: CongressKind| if k == CongressKind::Delegates { "đại hội đại biểu" } else { "đại hội toàn thể" };
        let changes: Vec<String> = [
            moved("Tên", &b.name, &c.name),
            moved("Nhiệm kỳ", &b.term, &c.term),
            moved("Ngày", &day(&b.held_on), &day(&c.held_on)),
            moved("Giờ bắt đầu", &b.starts_at, &c.starts_at),
            moved("Giờ kết thúc", &b.ends_at, &c.ends_at),
            moved("Địa điểm", &b.place, &c.place),
            moved("Hình thức", kind(b.kind), kind(c.kind)),
            moved("Tỷ lệ hợp lệ", &share(b.quorum), &share(c.quorum)),
            moved("Tỷ lệ thông qua", &share(b.motion_share), &share(c.motion_share)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let entries = if changes.is_empty() { vec![] } else { done("Sửa thông tin đại hội", changes.join("; ")) };
        Ok(((), entries))
    })
}

/// Writes a checked congress: a new row when `id` is None. Returns its id.
pub(crate) fn write_congress(tx: &Connection, id: Option<i64>, c: &Congress) -> Result<i64, CongressError> {
    let values = params![
        c.name,
        c.term,
        c.held_on,
        c.starts_at,
        c.ends_at,
        c.place,
        kind_str(c.kind),
        c.quorum.num,
        c.quorum.den,
        c.motion_share.num,
        c.motion_share.den
    ];
    match id {
        None => {
            tx.execute(
                "INSERT INTO congress (name, term, held_on, starts_at, ends_at, place, kind, quorum_num, quorum_den,
                    motion_num, motion_den, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, datetime('now'))",
                values,
            )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            let changed = tx.execute(
                "UPDATE congress SET name = ?1, term = ?2, held_on = ?3, starts_at = ?4, ends_at = ?5, place = ?6,
                    kind = ?7, quorum_num = ?8, quorum_den = ?9, motion_num = ?10, motion_den = ?11 WHERE id = ?12",
                rusqlite::params_from_iter(values.iter().copied().chain([&id as &dyn rusqlite::ToSql])),
            )?;
            if changed == 0 {
                return Err(CongressError::NotFound("đại hội"));
            }
            Ok(id)
        }
    }
}

/// Deletes a congress; refused while a confirmed result stands (unlock it first).
pub fn delete(conn: &mut Connection, id: i64) -> Result<(), CongressError> {
    let rounds = rules::confirmed_rounds(&load(conn, id)?);
    if !rounds.is_empty() {
        return Err(CongressError::Confirmed { what: "(xóa) đại hội này", rounds: rounds.join(", ") });
    }
    let tx = immediate(conn)?;
    if tx.execute("DELETE FROM congress WHERE id = ?1", [id])? == 0 {
        return Err(CongressError::NotFound("đại hội"));
    }
    tx.commit()?;
    Ok(())
}

fn kind_str(kind: CongressKind) -> &'static str {
    match kind {
        CongressKind::Members => "members",
        CongressKind::Delegates => "delegates",
    }
}

pub(crate) fn attendance_str(a: Attendance) -> &'static str {
    match a {
        Attendance::Unknown => "unknown",
        Attendance::Present => "present",
        Attendance::Excused => "excused",
        Attendance::Absent => "absent",
    }
}

/// Loads a whole congress, ballots and audit log included.
pub fn load(conn: &Connection, id: i64) -> Result<CongressData, CongressError> {
    let congress = conn
        .query_row(
            "SELECT id, name, term, held_on, starts_at, ends_at, place, kind, quorum_num, quorum_den, motion_num, motion_den
             FROM congress WHERE id = ?1",
            [id],
            |r| {
                Ok(Congress {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    term: r.get(2)?,
                    held_on: r.get(3)?,
                    starts_at: r.get(4)?,
                    ends_at: r.get(5)?,
                    place: r.get(6)?,
                    kind: if r.get::<_, String>(7)? == "delegates" { CongressKind::Delegates } else { CongressKind::Members },
                    quorum: Share { num: r.get(8)?, den: r.get(9)? },
                    motion_share: Share { num: r.get(10)?, den: r.get(11)? },
                })
            },
        )
        .optional()?
        .ok_or(CongressError::NotFound("đại hội"))?;
    let attendees = query(
        conn,
        "SELECT id, member_id, full_name, note, attendance, absence_reason, presidium, secretariat, counting
         FROM attendee WHERE congress_id = ?1 ORDER BY sort_key, id",
        id,
        |r| {
            Ok(Attendee {
                id: r.get(0)?,
                member_id: r.get(1)?,
                full_name: r.get(2)?,
                note: r.get(3)?,
                attendance: match r.get::<_, String>(4)?.as_str() {
                    "present" => Attendance::Present,
                    "excused" => Attendance::Excused,
                    "absent" => Attendance::Absent,
                    _ => Attendance::Unknown,
                },
                absence_reason: r.get(5)?,
                presidium: r.get(6)?,
                secretariat: r.get(7)?,
                counting: r.get(8)?,
            })
        },
    )?;
    let guests = query(conn, "SELECT id, name, title FROM guest WHERE congress_id = ?1 ORDER BY id", id, |r| {
        Ok(Guest { id: r.get(0)?, name: r.get(1)?, title: r.get(2)? })
    })?;
    let agenda = query(conn, "SELECT id, title, notes FROM agenda_item WHERE congress_id = ?1 ORDER BY id", id, |r| {
        Ok(AgendaItem { id: r.get(0)?, title: r.get(1)?, notes: r.get(2)? })
    })?;
    let motions = query(
        conn,
        "SELECT id, title, votes_for, votes_against, votes_other, present, kind, value FROM motion WHERE congress_id = ?1 ORDER BY id",
        id,
        |r| {
            Ok(Motion {
                id: r.get(0)?,
                title: r.get(1)?,
                votes_for: r.get(2)?,
                votes_against: r.get(3)?,
                votes_other: r.get(4)?,
                present: r.get(5)?,
                kind: MotionKind::parse(&r.get::<_, String>(6)?),
                value: r.get(7)?,
            })
        },
    )?;
    let elections = election::load_all(conn, id)?;
    let audit = query(conn, "SELECT at, actor, action, detail FROM audit WHERE congress_id = ?1 ORDER BY id", id, |r| {
        Ok(AuditEntry { at: r.get(0)?, actor: r.get(1)?, action: r.get(2)?, detail: r.get(3)? })
    })?;
    Ok(CongressData {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        congress,
        attendees,
        guests,
        agenda,
        motions,
        elections,
        audit,
    })
}

pub(crate) fn query<T>(
    conn: &Connection,
    sql: &str,
    id: i64,
    map: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>, CongressError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], map)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn congress_of_attendee(conn: &Connection, attendee_id: i64) -> Result<i64, CongressError> {
    conn.query_row("SELECT congress_id FROM attendee WHERE id = ?1", [attendee_id], |r| r.get(0))
        .optional()?
        .ok_or(CongressError::NotFound("người dự"))
}

fn congress_of(conn: &Connection, table: &str, id: i64, what: &'static str) -> Result<i64, CongressError> {
    conn.query_row(&format!("SELECT congress_id FROM {table} WHERE id = ?1"), [id], |r| r.get(0))
        .optional()?
        .ok_or(CongressError::NotFound(what))
}

fn attendee(data: &CongressData, attendee_id: i64) -> Result<&Attendee, CongressError> {
    data.attendees.iter().find(|a| a.id == attendee_id).ok_or(CongressError::NotFound("người dự"))
}

/// Summons members from the registry (those already on the list are skipped); returns how many
/// were added.
pub fn summon_members(conn: &mut Connection, congress_id: i64, member_ids: &[i64]) -> Result<usize, CongressError> {
    change(conn, congress_id, |tx, before| {
        let (mut added, mut ids) = (vec![], vec![]);
        for &member in member_ids {
            let row: Option<(String, Option<String>)> = tx
                .query_row("SELECT full_name, date_of_birth FROM member WHERE id = ?1", [member], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((name, dob)) = row else { return Err(CongressError::NotFound("đoàn viên")) };
            if !before.attendees.iter().any(|a| a.member_id == Some(member)) && !ids.contains(&member) {
                tx.execute(
                    "INSERT INTO attendee (congress_id, member_id, full_name, sort_key) VALUES (?1, ?2, ?3, ?4)",
                    params![congress_id, member, name, names::sort_key(&name, dob.as_deref())],
                )?;
                added.push(name);
                ids.push(member);
            }
        }
        let entries = if added.is_empty() { vec![] } else { done("Triệu tập", added.join(", ")) };
        Ok((added.len(), entries))
    })
}

/// Adds someone typed in (not in the registry).
pub fn add_attendee(conn: &mut Connection, congress_id: i64, full_name: &str, note: &str) -> Result<i64, CongressError> {
    let name = clean(full_name);
    if name.is_empty() {
        return invalid("Họ và tên người dự không được để trống.");
    }
    let note = clean(note);
    change(conn, congress_id, |tx, _| {
        let id = insert_attendee(tx, congress_id, &Attendee {
            id: 0,
            member_id: None,
            full_name: name.clone(),
            note: note.clone(),
            attendance: Attendance::Unknown,
            absence_reason: String::new(),
            presidium: 0,
            secretariat: 0,
            counting: 0,
        })?;
        let detail = if note.is_empty() { name.clone() } else { format!("{name} ({note})") };
        Ok((id, done("Triệu tập", detail)))
    })
}

pub(crate) fn insert_attendee(tx: &Connection, congress_id: i64, a: &Attendee) -> Result<i64, CongressError> {
    tx.execute(
        "INSERT INTO attendee (congress_id, member_id, full_name, note, attendance, absence_reason, presidium,
            secretariat, counting, sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            congress_id,
            a.member_id,
            a.full_name,
            a.note,
            attendance_str(a.attendance),
            a.absence_reason,
            a.presidium,
            a.secretariat,
            a.counting,
            names::sort_key(&a.full_name, None)
        ],
    )
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            CongressError::Invalid(format!("Dữ liệu người dự “{}” không hợp lệ.", a.full_name))
        }
        e => e.into(),
    })?;
    Ok(tx.last_insert_rowid())
}

/// Takes someone off the summoned list; refused while they stand, sit on a body, or a confirmed
/// round's papers print the list.
pub fn remove_attendee(conn: &mut Connection, attendee_id: i64) -> Result<(), CongressError> {
    let congress_id = congress_of_attendee(conn, attendee_id)?;
    change(conn, congress_id, |tx, before| {
        let a = attendee(before, attendee_id)?;
        if let Some(e) = before.elections.iter().find(|e| e.candidates.iter().any(|c| c.attendee_id == Some(attendee_id))) {
            return invalid(format!("{} đang là ứng cử viên ({}); hãy bỏ khỏi danh sách ứng cử trước.", a.full_name, e.title));
        }
        tx.execute("DELETE FROM attendee WHERE id = ?1", [attendee_id])?;
        Ok(((), done("Bỏ khỏi danh sách triệu tập", a.full_name.clone())))
    })
}

fn attendance_label(a: Attendance) -> &'static str {
    match a {
        Attendance::Unknown => "chưa điểm danh",
        Attendance::Present => "có mặt",
        Attendance::Excused => "vắng có lý do",
        Attendance::Absent => "vắng không lý do",
    }
}

fn describe_attendance(a: Attendance, reason: &str) -> String {
    if reason.is_empty() { attendance_label(a).into() } else { format!("{} ({reason})", attendance_label(a)) }
}

/// Check-in: present, absent with a reason, absent without one, or not yet known. Someone
/// sitting on a body cannot be marked absent.
pub fn set_attendance(conn: &mut Connection, attendee_id: i64, attendance: Attendance, reason: &str) -> Result<(), CongressError> {
    let reason = if attendance == Attendance::Excused { clean(reason) } else { String::new() };
    let congress_id = congress_of_attendee(conn, attendee_id)?;
    change(conn, congress_id, |tx, before| {
        let a = attendee(before, attendee_id)?;
        if matches!(attendance, Attendance::Excused | Attendance::Absent) {
            if let Some(body) = Body::ALL.into_iter().find(|&b| a.seat(b) > 0) {
                return invalid(format!("{} đang ở {} nên không thể ghi vắng mặt; hãy bỏ khỏi {} trước.", a.full_name, body.label(), body.label()));
            }
        }
        tx.execute(
            "UPDATE attendee SET attendance = ?1, absence_reason = ?2 WHERE id = ?3",
            params![attendance_str(attendance), reason, attendee_id],
        )?;
        let (from, to) = (describe_attendance(a.attendance, &a.absence_reason), describe_attendance(attendance, &reason));
        let entries = match moved(&a.full_name, &from, &to) {
            Some(detail) => done("Điểm danh", detail),
            None => vec![],
        };
        Ok(((), entries))
    })
}

/// "Tất cả có mặt": everyone not yet checked in is marked present; returns how many.
pub fn mark_all_present(conn: &mut Connection, congress_id: i64) -> Result<usize, CongressError> {
    change(conn, congress_id, |tx, before| {
        let n = tx.execute("UPDATE attendee SET attendance = 'present' WHERE congress_id = ?1 AND attendance = 'unknown'", [congress_id])?;
        let names: Vec<&str> = before.attendees.iter().filter(|a| a.attendance == Attendance::Unknown).map(|a| a.full_name.as_str()).collect();
        let entries = if n == 0 { vec![] } else { done("Điểm danh", format!("chưa điểm danh → có mặt ({n} người): {}", names.join(", "))) };
        Ok((n, entries))
    })
}

fn seat_label(body: Body, seat: u8) -> &'static str {
    match (body, seat) {
        (_, 0) => "không",
        (_, 1) => "thành viên",
        (Body::Presidium, _) => "chủ trì",
        (Body::Secretariat, _) => "trưởng đoàn",
        (Body::Counting, _) => "trưởng ban",
    }
}

/// Seats an attendee on a body (0 none, 1 member, 2 head; one head a body). Only someone
/// present may sit on a body; a candidate may not count.
pub fn set_seat(conn: &mut Connection, attendee_id: i64, body: Body, seat: u8) -> Result<(), CongressError> {
    if seat > 2 {
        return invalid("Vị trí trong ban không hợp lệ.");
    }
    let congress_id = congress_of_attendee(conn, attendee_id)?;
    change(conn, congress_id, |tx, before| {
        let a = attendee(before, attendee_id)?;
        if seat > 0 && matches!(a.attendance, Attendance::Excused | Attendance::Absent) {
            return invalid(format!("{} {} nên không thể ở {}.", a.full_name, attendance_label(a.attendance), body.label()));
        }
        if body == Body::Counting && seat > 0 {
            if let Some(e) = rules::standing_in(before, a) {
                return Err(CongressError::CandidateCannotCount { name: a.full_name.clone(), election: e.title.clone() });
            }
        }
        let column = match body {
            Body::Presidium => "presidium",
            Body::Secretariat => "secretariat",
            Body::Counting => "counting",
        };
        let mut entries = vec![];
        if seat == 2 {
            // One head: the previous one becomes a member.
            if let Some(head) = before.attendees.iter().find(|o| o.seat(body) == 2 && o.id != attendee_id) {
                tx.execute(&format!("UPDATE attendee SET {column} = 1 WHERE id = ?1"), [head.id])?;
                entries.push((body.label().to_string(), format!("{}: {} → {}", head.full_name, seat_label(body, 2), seat_label(body, 1))));
            }
        }
        tx.execute(&format!("UPDATE attendee SET {column} = ?1 WHERE id = ?2"), params![seat, attendee_id])?;
        if let Some(detail) = moved(&a.full_name, seat_label(body, a.seat(body)), seat_label(body, seat)) {
            entries.push((body.label().to_string(), detail));
        }
        Ok(((), entries))
    })
}

pub fn add_guest(conn: &mut Connection, congress_id: i64, name: &str, title: &str) -> Result<i64, CongressError> {
    let name = clean(name);
    if name.is_empty() {
        return invalid("Tên khách mời không được để trống.");
    }
    let title = clean(title);
    change(conn, congress_id, |tx, _| {
        tx.execute("INSERT INTO guest (congress_id, name, title) VALUES (?1, ?2, ?3)", params![congress_id, name, title])?;
        let detail = if title.is_empty() { name.clone() } else { format!("{name} — {title}") };
        Ok((tx.last_insert_rowid(), done("Thêm khách mời", detail)))
    })
}

pub fn remove_guest(conn: &mut Connection, guest_id: i64) -> Result<(), CongressError> {
    let congress_id = congress_of(conn, "guest", guest_id, "khách mời")?;
    change(conn, congress_id, |tx, before| {
        let name = before.guests.iter().find(|g| g.id == guest_id).map(|g| g.name.clone()).unwrap_or_default();
        tx.execute("DELETE FROM guest WHERE id = ?1", [guest_id])?;
        Ok(((), done("Bỏ khách mời", name)))
    })
}

/// Adds (`id` 0) or replaces an agenda item.
pub fn save_agenda_item(conn: &mut Connection, congress_id: i64, item: &AgendaItem) -> Result<i64, CongressError> {
    let title = clean(&item.title);
    if title.is_empty() {
        return invalid("Tên mục chương trình không được để trống.");
    }
    let title = crate::text::within("Tên mục chương trình", title, crate::text::MAX_LINE).map_err(CongressError::Invalid)?;
    // Notes keep their line breaks: they are paragraphs of the minutes.
    let notes = crate::text::within("Ghi chép", crate::text::clean_lines(&item.notes), crate::text::MAX_NOTES).map_err(CongressError::Invalid)?;
    change(conn, congress_id, |tx, before| {
        if item.id == 0 {
            tx.execute("INSERT INTO agenda_item (congress_id, title, notes) VALUES (?1, ?2, ?3)", params![congress_id, title, notes])?;
            return Ok((tx.last_insert_rowid(), done("Thêm mục chương trình", title.clone())));
        }
        let old = before.agenda.iter().find(|a| a.id == item.id).ok_or(CongressError::NotFound("mục chương trình"))?;
        tx.execute("UPDATE agenda_item SET title = ?1, notes = ?2 WHERE id = ?3", params![title, notes, item.id])?;
        let mut changes: Vec<String> = moved("Tên mục", &old.title, &title).into_iter().collect();
        if old.notes != notes {
            changes.push(format!("ghi chép của mục “{title}”: {} → {} ký tự", old.notes.chars().count(), notes.chars().count()));
        }
        let entries = if changes.is_empty() { vec![] } else { done("Sửa mục chương trình", changes.join("; ")) };
        Ok((item.id, entries))
    })
}

pub fn remove_agenda_item(conn: &mut Connection, id: i64) -> Result<(), CongressError> {
    let congress_id = congress_of(conn, "agenda_item", id, "mục chương trình")?;
    change(conn, congress_id, |tx, before| {
        let title = before.agenda.iter().find(|a| a.id == id).map(|a| a.title.clone()).unwrap_or_default();
        tx.execute("DELETE FROM agenda_item WHERE id = ?1", [id])?;
        Ok(((), done("Xóa mục chương trình", title)))
    })
}

/// Checks a show-of-hands count against those present, and the number a vote on the BCH's
/// size or candidate list carries.
pub fn check_motion(m: &Motion) -> Result<(), CongressError> {
    if clean(&m.title).is_empty() {
        return invalid("Nội dung biểu quyết không được để trống.");
    }
    let total = m.votes_for as u64 + m.votes_against as u64 + m.votes_other as u64;
    if total > m.present as u64 {
        return invalid(format!(
            "Tổng số biểu quyết ({total} = {} tán thành + {} không tán thành + {} ý kiến khác) vượt quá {} người có mặt.",
            m.votes_for, m.votes_against, m.votes_other, m.present
        ));
    }
    match (m.kind, m.value) {
        (MotionKind::CommitteeSize, None | Some(0)) => invalid("Biểu quyết số lượng Ban Chấp hành cần ghi số người (lớn hơn 0)."),
        (MotionKind::CandidateList, None | Some(0)) => invalid("Biểu quyết danh sách bầu cử cần ghi số người trong danh sách (lớn hơn 0)."),
        _ => Ok(()),
    }
}

/// Writes a checked vote: a new row when `id` is None. Returns its id.
pub(crate) fn write_motion(tx: &Connection, congress_id: i64, id: Option<i64>, m: &Motion) -> Result<i64, CongressError> {
    let values = params![m.title, m.votes_for, m.votes_against, m.votes_other, m.present, m.kind.as_str(), m.value];
    let row = id.unwrap_or(congress_id);
    let chained = rusqlite::params_from_iter(values.iter().copied().chain([&row as &dyn rusqlite::ToSql]));
    match id {
        None => {
            tx.execute(
                "INSERT INTO motion (title, votes_for, votes_against, votes_other, present, kind, value, congress_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                chained,
            )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            tx.execute(
                "UPDATE motion SET title = ?1, votes_for = ?2, votes_against = ?3, votes_other = ?4, present = ?5, kind = ?6,
                    value = ?7 WHERE id = ?8",
                chained,
            )?;
            Ok(id)
        }
    }
}

fn describe_motion(m: &Motion) -> String {
    format!("{}: có mặt {}, tán thành {}, không tán thành {}, ý kiến khác {}", m.title, m.present, m.votes_for, m.votes_against, m.votes_other)
}

/// Records (`id` 0) or corrects a show-of-hands vote. A vote that passes on the number of BCH
/// members sets the seats of the BCH election while its counting has not started.
pub fn save_motion(conn: &mut Connection, congress_id: i64, motion: &Motion) -> Result<i64, CongressError> {
    check_motion(motion)?;
    let motion = Motion { title: clean(&motion.title), value: motion.value.filter(|_| motion.kind != MotionKind::General), ..motion.clone() };
    change(conn, congress_id, |tx, before| {
        let summoned = before.attendees.len() as u32;
        if summoned > 0 && motion.present > summoned {
            return invalid(format!("Số có mặt khi biểu quyết ({}) lớn hơn số được triệu tập ({summoned}).", motion.present));
        }
        let (id, mut entries) = match before.motions.iter().find(|m| m.id == motion.id && motion.id != 0) {
            None if motion.id != 0 => return Err(CongressError::NotFound("biểu quyết")),
            None => (write_motion(tx, congress_id, None, &motion)?, done("Biểu quyết", describe_motion(&motion))),
            Some(old) => (
                write_motion(tx, congress_id, Some(motion.id), &motion)?,
                done("Sửa biểu quyết", format!("{} → {}", describe_motion(old), describe_motion(&motion))),
            ),
        };
        if let (MotionKind::CommitteeSize, Some(seats), true) = (motion.kind, motion.value, passes(&motion, before.congress.motion_share)) {
            if let Some(bch) = rules::committee_election(before).filter(|e| e.seats != seats && !election::counted(e)) {
                let input = election::ElectionInput { seats, ..bch.clone().into() };
                election::write_election(tx, bch.id, &input)?;
                entries.push(("Sửa cuộc bầu cử".into(), format!("{}: số người cần bầu {} → {seats}, theo biểu quyết của Đại hội", bch.title, bch.seats)));
            }
        }
        Ok((id, entries))
    })
}

pub fn remove_motion(conn: &mut Connection, id: i64) -> Result<(), CongressError> {
    let congress_id = congress_of(conn, "motion", id, "biểu quyết")?;
    change(conn, congress_id, |tx, before| {
        let detail = before.motions.iter().find(|m| m.id == id).map(describe_motion).unwrap_or_default();
        tx.execute("DELETE FROM motion WHERE id = ?1", [id])?;
        Ok(((), done("Xóa biểu quyết", detail)))
    })
}
