//! The activity log (nhật ký hoạt động): what the branch did, when, where, with whom and with
//! what result; each member's participation; targets (chỉ tiêu) and the period report.

pub mod report;
pub mod targets;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::members::{membership, Status};
use crate::text::clean;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ActivityType {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

/// The type of the monthly branch meeting, whose minutes the app writes.
pub const MEETING: i64 = 1;

/// A result figure: "Tiền ủng hộ: 1.232.000 đồng".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Figure {
    pub label: String,
    #[ts(type = "number")]
    pub amount: i64,
    #[serde(default)]
    pub unit: String,
}

impl Figure {
    /// "Tiền ủng hộ: 1.232.000 đồng"
    pub fn shown(&self) -> String {
        let sign = if self.amount < 0 { "-" } else { "" };
        let unit = if self.unit.is_empty() { String::new() } else { format!(" {}", self.unit) };
        format!("{}: {sign}{}{unit}", self.label, crate::documents::number(self.amount.unsigned_abs()))
    }
}

/// An activity as entered: dates dd/mm/yyyy (or ISO), `ends_on` empty for a one-day activity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct ActivityInput {
    #[ts(type = "number")]
    pub type_id: i64,
    pub title: String,
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub figures: Vec<Figure>,
    #[serde(default)]
    #[ts(type = "Array<number>")]
    pub participants: Vec<i64>,
    #[serde(default)]
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Participant {
    #[ts(type = "number")]
    pub id: i64,
    pub full_name: String,
}

/// A stored activity (dates ISO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Activity {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub type_id: i64,
    #[serde(rename = "type")]
    pub type_name: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub place: String,
    pub description: String,
    pub agenda: String,
    pub figures: Vec<Figure>,
    /// In list order (Vietnamese names).
    pub participants: Vec<Participant>,
    pub photos: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ActivityError {
    #[error("{0}")]
    Invalid(String),
    #[error("Không tìm thấy {0}.")]
    NotFound(&'static str),
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Storage(#[from] rusqlite::Error),
}

impl ActivityError {
    pub fn english(&self) -> String {
        match self {
            ActivityError::Invalid(m) => format!("invalid: {m}"),
            ActivityError::NotFound(what) => format!("not found: {what}"),
            ActivityError::Storage(e) => format!("database error: {e}"),
        }
    }
}

fn invalid<T>(message: impl Into<String>) -> Result<T, ActivityError> {
    Err(ActivityError::Invalid(message.into()))
}

/// The SQL list of the statuses that make a current member: "('active', …)".
pub(crate) fn current_statuses() -> String {
    let list: Vec<String> = Status::ALL.into_iter().filter(|s| s.is_current()).map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", list.join(", "))
}

pub fn types(conn: &Connection) -> Result<Vec<ActivityType>, ActivityError> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM activity_type ORDER BY position, id")?;
    let rows = stmt.query_map([], |r| Ok(ActivityType { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Adds a type of activity (the list is extendable); returns its id.
pub fn add_type(conn: &mut Connection, name: &str) -> Result<i64, ActivityError> {
    let name = clean(name);
    if name.is_empty() {
        return invalid("Tên loại hoạt động không được để trống.");
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if tx.query_row("SELECT 1 FROM activity_type WHERE name = ?1", [&name], |_| Ok(())).optional()?.is_some() {
        return invalid(format!("Đã có loại hoạt động “{name}”."));
    }
    tx.execute("INSERT INTO activity_type (name, position) VALUES (?1, (SELECT max(position) + 1 FROM activity_type))", [&name])?;
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(id)
}

struct Checked {
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    input: ActivityInput,
}

fn check(conn: &Connection, input: &ActivityInput) -> Result<Checked, ActivityError> {
    let mut a = input.clone();
    a.title = clean(&a.title);
    a.place = clean(&a.place);
    a.description = crate::text::clean_lines(&a.description);
    a.agenda = crate::text::clean_lines(&a.agenda);
    if a.title.is_empty() {
        return invalid("Tên hoạt động không được để trống.");
    }
    let date = |text: &str, what: &str| {
        dates::parse(text.trim()).ok_or_else(|| ActivityError::Invalid(format!("{what} “{}” không đúng dạng ngày/tháng/năm.", text.trim())))
    };
    if a.starts_on.trim().is_empty() {
        return invalid("Hãy nhập ngày của hoạt động.");
    }
    let starts_on = date(&a.starts_on, "Ngày bắt đầu")?;
    let ends_on = match a.ends_on.trim() {
        "" => None,
        text => Some(date(text, "Ngày kết thúc")?),
    };
    if ends_on.is_some_and(|e| e < starts_on) {
        return invalid("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.");
    }
    if conn.query_row("SELECT 1 FROM activity_type WHERE id = ?1", [a.type_id], |_| Ok(())).optional()?.is_none() {
        return invalid("Hãy chọn loại hoạt động.");
    }
    for f in &mut a.figures {
        f.label = clean(&f.label);
        f.unit = clean(&f.unit);
        if f.label.is_empty() {
            return invalid("Mỗi kết quả cần có tên, ví dụ “Tiền ủng hộ”.");
        }
    }
    a.photos = a.photos.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    a.participants.sort_unstable();
    a.participants.dedup();
    Ok(Checked { starts_on, ends_on, input: a })
}

fn write(tx: &Connection, id: Option<i64>, c: &Checked) -> Result<i64, ActivityError> {
    let a = &c.input;
    let values = params![a.type_id, a.title, dates::iso(c.starts_on), c.ends_on.map(dates::iso), a.place, a.description, a.agenda];
    let id = match id {
        None => {
            tx.execute(
                "INSERT INTO activity (type_id, title, starts_on, ends_on, place, description, agenda) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                values,
            )?;
            tx.last_insert_rowid()
        }
        Some(id) => {
            let n = tx.execute(
                "UPDATE activity SET type_id = ?1, title = ?2, starts_on = ?3, ends_on = ?4, place = ?5, description = ?6,
                    agenda = ?7 WHERE id = ?8",
                rusqlite::params_from_iter(values.iter().copied().chain([&id as &dyn rusqlite::ToSql])),
            )?;
            if n == 0 {
                return Err(ActivityError::NotFound("hoạt động"));
            }
            for table in ["activity_figure", "activity_participant", "activity_photo"] {
                tx.execute(&format!("DELETE FROM {table} WHERE activity_id = ?1"), [id])?;
            }
            id
        }
    };
    for (i, f) in a.figures.iter().enumerate() {
        tx.execute(
            "INSERT INTO activity_figure (activity_id, position, label, amount, unit) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, i as i64, f.label, f.amount, f.unit],
        )?;
    }
    for m in &a.participants {
        tx.execute("INSERT INTO activity_participant (activity_id, member_id) VALUES (?1, ?2)", params![id, m])
            .map_err(|_| ActivityError::Invalid(format!("Không có đoàn viên số {m} trong sổ.")))?;
    }
    for (i, p) in a.photos.iter().enumerate() {
        tx.execute("INSERT INTO activity_photo (activity_id, position, path) VALUES (?1, ?2, ?3)", params![id, i as i64, p])?;
    }
    Ok(id)
}

/// Logs an activity (new when `id` is None, else replaces it); one transaction.
pub fn save(conn: &mut Connection, id: Option<i64>, input: &ActivityInput) -> Result<Activity, ActivityError> {
    let checked = check(conn, input)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = write(&tx, id, &checked)?;
    tx.commit()?;
    get(conn, id)
}

pub fn delete(conn: &mut Connection, id: i64) -> Result<(), ActivityError> {
    if conn.execute("DELETE FROM activity WHERE id = ?1", [id])? == 0 {
        return Err(ActivityError::NotFound("hoạt động"));
    }
    Ok(())
}

pub fn get(conn: &Connection, id: i64) -> Result<Activity, ActivityError> {
    let mut list = load(conn, "WHERE a.id = ?1", params![id])?;
    list.pop().ok_or(ActivityError::NotFound("hoạt động"))
}

/// Activities that took place (started) between `from` and `to`, newest first; all when None.
pub fn list(conn: &Connection, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Activity>, ActivityError> {
    let from = from.map(dates::iso).unwrap_or_else(|| "0000-01-01".into());
    let to = to.map(dates::iso).unwrap_or_else(|| "9999-12-31".into());
    load(conn, "WHERE a.starts_on BETWEEN ?1 AND ?2", params![from, to])
}

fn load(conn: &Connection, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Activity>, ActivityError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.type_id, t.name, a.title, a.starts_on, a.ends_on, a.place, a.description, a.agenda
         FROM activity a JOIN activity_type t ON t.id = a.type_id {filter} ORDER BY a.starts_on DESC, a.id DESC"
    ))?;
    let mut list = stmt
        .query_map(args, |r| {
            Ok(Activity {
                id: r.get(0)?,
                type_id: r.get(1)?,
                type_name: r.get(2)?,
                title: r.get(3)?,
                starts_on: r.get(4)?,
                ends_on: r.get(5)?,
                place: r.get(6)?,
                description: r.get(7)?,
                agenda: r.get(8)?,
                figures: vec![],
                participants: vec![],
                photos: vec![],
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut figures = conn.prepare_cached("SELECT label, amount, unit FROM activity_figure WHERE activity_id = ?1 ORDER BY position")?;
    let mut people = conn.prepare_cached(
        "SELECT m.id, m.full_name FROM activity_participant p JOIN member m ON m.id = p.member_id
         WHERE p.activity_id = ?1 ORDER BY m.sort_key, m.id",
    )?;
    let mut photos = conn.prepare_cached("SELECT path FROM activity_photo WHERE activity_id = ?1 ORDER BY position")?;
    for a in &mut list {
        a.figures = figures
            .query_map([a.id], |r| Ok(Figure { label: r.get(0)?, amount: r.get(1)?, unit: r.get(2)? }))?
            .collect::<Result<_, _>>()?;
        a.participants = people.query_map([a.id], |r| Ok(Participant { id: r.get(0)?, full_name: r.get(1)? }))?.collect::<Result<_, _>>()?;
        a.photos = photos.query_map([a.id], |r| r.get(0))?.collect::<Result<_, _>>()?;
    }
    Ok(list)
}

/// One member's part in the branch's life over a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Participation {
    pub year: i32,
    /// Activities the member took part in, newest first: (date ISO, type, title).
    pub history: Vec<(String, String, String)>,
    /// (type, count) of the activities counted in `attended`, in the type list's order, only
    /// types with a count.
    pub by_type: Vec<(String, u32)>,
    /// Activities the branch held in the year while the member was in it.
    pub held: u32,
    /// Of those, the ones the member took part in.
    pub attended: u32,
    /// attended / held × 100, "92,31"; "0,00" when nothing was held.
    pub rate: String,
    /// Whether the rate reaches 90 %, a criterion of the top rating.
    pub top_level_rate: bool,
}

pub fn participation(conn: &Connection, member_id: i64, year: i32) -> Result<Participation, ActivityError> {
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let spells = crate::members::spells_of(conn, member_id)?;
    let here = |day: &str| dates::parse(day).is_some_and(|d| membership::holds(&spells, d));
    let mut stmt = conn.prepare_cached(
        "SELECT a.starts_on, t.name, a.title, EXISTS (SELECT 1 FROM activity_participant p WHERE p.activity_id = a.id AND p.member_id = ?1)
         FROM activity a JOIN activity_type t ON t.id = a.type_id
         WHERE a.starts_on BETWEEN ?2 AND ?3 ORDER BY a.starts_on DESC, a.id DESC",
    )?;
    let year_list: Vec<(String, String, String, bool)> =
        stmt.query_map(params![member_id, from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<Result<_, _>>()?;
    let held = year_list.iter().filter(|a| here(&a.0)).count() as u32;
    let counted: Vec<&(String, String, String, bool)> = year_list.iter().filter(|a| a.3 && here(&a.0)).collect();
    let attended = counted.len() as u32;
    // By type: what the rate counts (the history also lists what was attended while away).
    let by_type = types(conn)?
        .into_iter()
        .map(|t| {
            let n = counted.iter().filter(|h| h.1 == t.name).count() as u32;
            (t.name, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let history: Vec<(String, String, String)> =
        year_list.into_iter().filter(|a| a.3).map(|(day, ty, title, _)| (day, ty, title)).collect();
    Ok(Participation {
        year,
        history,
        by_type,
        held,
        attended,
        rate: crate::tally::percent(attended, held),
        top_level_rate: held > 0 && attended * 10 >= held * 9,
    })
}

/// This year's figures for Tổng quan: activities by month and by type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct YearFigures {
    pub year: i32,
    pub current_members: u32,
    pub activities: u32,
    /// Twelve counts, January first.
    pub by_month: Vec<u32>,
    pub by_type: Vec<(String, u32)>,
    /// Participations in all (a member at two activities counts twice).
    pub participations: u32,
}

pub fn year_figures(conn: &Connection, today: NaiveDate) -> Result<YearFigures, ActivityError> {
    let year = today.year();
    let list = list(conn, NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))?;
    let mut by_month = vec![0; 12];
    for a in &list {
        if let Some(d) = dates::parse(&a.starts_on) {
            by_month[d.month0() as usize] += 1;
        }
    }
    let by_type = types(conn)?
        .into_iter()
        .map(|t| (t.name.clone(), list.iter().filter(|a| a.type_id == t.id).count() as u32))
        .filter(|(_, n)| *n > 0)
        .collect();
    let current_members: u32 =
        conn.query_row(&format!("SELECT count(*) FROM member WHERE status IN {}", current_statuses()), [], |r| r.get(0))?;
    Ok(YearFigures {
        year,
        current_members,
        activities: list.len() as u32,
        by_month,
        by_type,
        participations: list.iter().map(|a| a.participants.len() as u32).sum(),
    })
}

#[cfg(test)]
mod tests {
    use super::Figure;

    #[test]
    fn figures_read_the_vietnamese_way() {
        let f = |amount, unit: &str| Figure { label: "Tiền ủng hộ".into(), amount, unit: unit.into() }.shown();
        assert_eq!(f(1_232_000, "đồng"), "Tiền ủng hộ: 1.232.000 đồng");
        assert_eq!(f(12, ""), "Tiền ủng hộ: 12");
    }
}
