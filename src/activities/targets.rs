//! Targets (chỉ tiêu): "100 % of members with at least 2 Tình nguyện this year" (members), or
//! "at least 1 Công trình thanh niên this year" (branch), with their progress and who is short.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ActivityError;
use crate::dates;
use crate::members::membership::{self, Spell};

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
    /// Of the members target: the members counted (in the branch at some time of the period).
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

/// A target as stored.
struct Stored {
    id: i64,
    kind: String,
    type_id: i64,
    type_name: String,
    min_count: u32,
    share: u32,
    from: NaiveDate,
    to: NaiveDate,
}

/// Every target with its progress as of `day`, the newest period first: the activities from
/// the target's start up to `day` (or its end), and the members who were in the branch at some
/// time in between.
pub fn progress(conn: &Connection, day: NaiveDate) -> Result<Vec<TargetProgress>, ActivityError> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.kind, g.type_id, t.name, g.min_count, g.share, g.starts_on, g.ends_on
         FROM target g JOIN activity_type t ON t.id = g.type_id ORDER BY g.ends_on DESC, g.id",
    )?;
    let rows: Vec<Stored> = stmt
        .query_map([], |r| {
            let date = |i: usize| r.get::<_, String>(i).map(|t| dates::parse(&t).unwrap_or_default());
            Ok(Stored {
                id: r.get(0)?,
                kind: r.get(1)?,
                type_id: r.get(2)?,
                type_name: r.get(3)?,
                min_count: r.get(4)?,
                share: r.get(5)?,
                from: date(6)?,
                to: date(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let spells = crate::members::all_spells(conn)?;
    let members: Vec<(i64, String)> = conn
        .prepare("SELECT id, full_name FROM member ORDER BY sort_key, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter().map(|t| measure(conn, t, day, &members, &spells)).collect()
}

fn measure(
    conn: &Connection,
    t: Stored,
    day: NaiveDate,
    members: &[(i64, String)],
    spells: &HashMap<i64, Vec<Spell>>,
) -> Result<TargetProgress, ActivityError> {
    let Stored { id, kind, type_id, type_name, min_count, share, from, to } = t;
    let until = to.min(day.max(from));
    let mut period = format!("{} – {}", dates::display(from), dates::display(to));
    if until < to {
        period.push_str(&format!(", tính đến ngày {}", dates::display(until)));
    }
    let (f, u) = (dates::iso(from), dates::iso(until));
    if kind == "branch" {
        let done: u32 = conn.query_row(
            "SELECT count(*) FROM activity WHERE type_id = ?1 AND starts_on BETWEEN ?2 AND ?3",
            params![type_id, f, u],
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
    let counts: HashMap<i64, u32> = conn
        .prepare_cached(
            "SELECT p.member_id, count(*) FROM activity_participant p JOIN activity a ON a.id = p.activity_id
             WHERE a.type_id = ?1 AND a.starts_on BETWEEN ?2 AND ?3 GROUP BY p.member_id",
        )?
        .query_map(params![type_id, f, u], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut counted: Vec<Short> = members
        .iter()
        .filter(|(id, _)| spells.get(id).is_some_and(|s| membership::meets(s, from, until)))
        .map(|(id, name)| Short { member_id: *id, full_name: name.clone(), count: counts.get(id).copied().unwrap_or(0) })
        .collect();
    // Fewest first; the list order among equals (the sort is stable).
    counted.sort_by_key(|m| m.count);
    let of = counted.len() as u32;
    let done = counted.iter().filter(|m| m.count >= min_count).count() as u32;
    let needed = (of * share).div_ceil(100);
    Ok(TargetProgress {
        id,
        kind: TargetKind::Members,
        description: format!("{share}% đoàn viên tham gia ít nhất {min_count} hoạt động {type_name} ({period})"),
        done,
        needed,
        of,
        achieved: of > 0 && done >= needed,
        short: counted.into_iter().filter(|m| m.count < min_count).collect(),
    })
}

/// Targets whose period overlaps [from, to], with their progress as of `to`.
pub fn overlapping(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<TargetProgress>, ActivityError> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM target WHERE starts_on <= ?2 AND ends_on >= ?1")?
        .query_map(params![dates::iso(from), dates::iso(to)], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(progress(conn, to)?.into_iter().filter(|t| ids.contains(&t.id)).collect())
}
