//! Targets (chỉ tiêu): "100 % of members with at least 2 Tình nguyện this year" (members), or
//! "at least 1 Công trình thanh niên this year" (branch), with their progress and who is short.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{current_statuses, ActivityError};
use crate::dates;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TargetKind {
    /// A share of the current members, each with at least `min_count` activities of the type.
    Members,
    /// The branch holds at least `min_count` activities of the type.
    Branch,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct TargetInput {
    pub kind: TargetKind,
    #[ts(type = "number")]
    pub type_id: i64,
    pub min_count: u32,
    /// Percent of members (members targets); 100 by default.
    #[serde(default = "all")]
    pub share: u32,
    /// dd/mm/yyyy or ISO.
    pub starts_on: String,
    pub ends_on: String,
}

fn all() -> u32 {
    100
}

/// A member still short of a members target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Short {
    #[ts(type = "number")]
    pub member_id: i64,
    pub full_name: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TargetProgress {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: TargetKind,
    /// "100% đoàn viên tham gia ít nhất 2 hoạt động Tình nguyện (01/01/2026 – 31/12/2026)"
    pub description: String,
    /// Members who qualify, or activities held.
    pub done: u32,
    /// Members (or activities) needed.
    pub needed: u32,
    /// Of the members target: the current members counted.
    pub of: u32,
    pub achieved: bool,
    /// Members still short, fewest activities first (members targets).
    pub short: Vec<Short>,
}

pub fn add(conn: &mut Connection, input: &TargetInput) -> Result<i64, ActivityError> {
    let date = |text: &str| dates::parse(text.trim());
    let (Some(from), Some(to)) = (date(&input.starts_on), date(&input.ends_on)) else {
        return Err(ActivityError::Invalid("Hãy nhập thời gian của chỉ tiêu dạng ngày/tháng/năm.".into()));
    };
    if to < from {
        return Err(ActivityError::Invalid("Ngày kết thúc của chỉ tiêu phải sau ngày bắt đầu.".into()));
    }
    if input.min_count == 0 {
        return Err(ActivityError::Invalid("Số hoạt động tối thiểu phải lớn hơn 0.".into()));
    }
    if !(1..=100).contains(&input.share) {
        return Err(ActivityError::Invalid("Tỷ lệ đoàn viên phải từ 1 đến 100%.".into()));
    }
    let kind = match input.kind {
        TargetKind::Members => "members",
        TargetKind::Branch => "branch",
    };
    conn.execute(
        "INSERT INTO target (kind, type_id, min_count, share, starts_on, ends_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![kind, input.type_id, input.min_count, input.share, dates::iso(from), dates::iso(to)],
    )
    .map_err(|_| ActivityError::Invalid("Hãy chọn loại hoạt động của chỉ tiêu.".into()))?;
    Ok(conn.last_insert_rowid())
}

pub fn remove(conn: &mut Connection, id: i64) -> Result<(), ActivityError> {
    conn.execute("DELETE FROM target WHERE id = ?1", [id])?;
    Ok(())
}

/// A target as stored (dates ISO).
struct Stored {
    id: i64,
    kind: String,
    type_id: i64,
    type_name: String,
    min_count: u32,
    share: u32,
    from: String,
    to: String,
}

/// Every target with its progress, the newest period first. Members targets count the members
/// current now.
pub fn progress(conn: &Connection) -> Result<Vec<TargetProgress>, ActivityError> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.kind, g.type_id, t.name, g.min_count, g.share, g.starts_on, g.ends_on
         FROM target g JOIN activity_type t ON t.id = g.type_id ORDER BY g.ends_on DESC, g.id",
    )?;
    let rows: Vec<Stored> = stmt
        .query_map([], |r| {
            Ok(Stored {
                id: r.get(0)?,
                kind: r.get(1)?,
                type_id: r.get(2)?,
                type_name: r.get(3)?,
                min_count: r.get(4)?,
                share: r.get(5)?,
                from: r.get(6)?,
                to: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|Stored { id, kind, type_id, type_name, min_count, share, from, to }| {
            let period = format!("{} – {}", shown(&from), shown(&to));
            if kind == "branch" {
                let done: u32 = conn.query_row(
                    "SELECT count(*) FROM activity WHERE type_id = ?1 AND starts_on BETWEEN ?2 AND ?3",
                    params![type_id, from, to],
                    |r| r.get(0),
                )?;
                return Ok(TargetProgress {
                    id,
                    kind: TargetKind::Branch,
                    description: format!("Chi đoàn tổ chức ít nhất {min_count} hoạt động {type_name} ({period})"),
                    done,
                    needed: min_count,
                    of: min_count,
                    achieved: done >= min_count,
                    short: vec![],
                });
            }
            let mut counts = conn.prepare(&format!(
                "SELECT m.id, m.full_name, (SELECT count(*) FROM activity_participant p JOIN activity a ON a.id = p.activity_id
                     WHERE p.member_id = m.id AND a.type_id = ?1 AND a.starts_on BETWEEN ?2 AND ?3) AS n
                 FROM member m WHERE m.status IN {} ORDER BY n, m.sort_key, m.id",
                current_statuses()
            ))?;
            let members: Vec<Short> = counts
                .query_map(params![type_id, from, to], |r| Ok(Short { member_id: r.get(0)?, full_name: r.get(1)?, count: r.get(2)? }))?
                .collect::<Result<_, _>>()?;
            let of = members.len() as u32;
            let done = members.iter().filter(|m| m.count >= min_count).count() as u32;
            let needed = (of * share).div_ceil(100);
            Ok(TargetProgress {
                id,
                kind: TargetKind::Members,
                description: format!("{share}% đoàn viên tham gia ít nhất {min_count} hoạt động {type_name} ({period})"),
                done,
                needed,
                of,
                achieved: of > 0 && done >= needed,
                short: members.into_iter().filter(|m| m.count < min_count).collect(),
            })
        })
        .collect()
}

fn shown(iso: &str) -> String {
    dates::parse(iso).map(dates::display).unwrap_or_default()
}

/// Targets whose period overlaps [from, to].
pub fn overlapping(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<TargetProgress>, ActivityError> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM target WHERE starts_on <= ?2 AND ends_on >= ?1")?
        .query_map(params![dates::iso(from), dates::iso(to)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(progress(conn)?.into_iter().filter(|t| ids.contains(&t.id)).collect())
}
