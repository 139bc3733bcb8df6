//! The period report (báo cáo quý, năm): the figures the level above asks for. Computed here;
//! laid out as a document by `documents::activities`.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::targets::{self, TargetProgress};
use super::{current_statuses, list, types, ActivityError};
use crate::dates;

/// A member named in the report, with the day it happened (dd/mm/yyyy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub full_name: String,
    pub on: String,
}

/// Activities of one type in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeLine {
    pub type_name: String,
    pub activities: u32,
    /// Participations (one member at two activities counts twice).
    pub participations: u32,
    /// Different members who took part.
    pub participants: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Current members the day before the period starts, and on its last day.
    pub members_at_start: u32,
    pub members_at_end: u32,
    /// Joined the Union in the period (kết nạp).
    pub admissions: Vec<Named>,
    pub transferred_in: Vec<Named>,
    pub transferred_out: Vec<Named>,
    pub aged_out: Vec<Named>,
    /// Struck off or expelled.
    pub removed: Vec<Named>,
    /// Every type, in the type list's order, even with no activity.
    pub activities: Vec<TypeLine>,
    pub total_activities: u32,
    pub total_participations: u32,
    pub targets: Vec<TargetProgress>,
}

/// Current members as of `day` (by the dated status history).
fn members_on(conn: &Connection, day: &str) -> Result<u32, ActivityError> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM member m WHERE (SELECT s.status FROM member_status s WHERE s.member_id = m.id AND s.since <= ?1
                 ORDER BY s.since DESC, s.id DESC LIMIT 1) IN {}",
            current_statuses()
        ),
        [day],
        |r| r.get(0),
    )?)
}

fn named(conn: &Connection, sql: &str, from: &str, to: &str) -> Result<Vec<Named>, ActivityError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params![from, to], |r| {
        let on: String = r.get(1)?;
        Ok(Named { full_name: r.get(0)?, on: dates::parse(&on).map(dates::display).unwrap_or(on) })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn changed_to(conn: &Connection, statuses: &str, from: &str, to: &str) -> Result<Vec<Named>, ActivityError> {
    named(
        conn,
        &format!(
            "SELECT m.full_name, s.since FROM member_status s JOIN member m ON m.id = s.member_id
             WHERE s.status IN {statuses} AND s.since BETWEEN ?1 AND ?2 ORDER BY s.since, m.sort_key"
        ),
        from,
        to,
    )
}

pub fn period(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<PeriodReport, ActivityError> {
    if to < from {
        return Err(ActivityError::Invalid("Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ.".into()));
    }
    let (f, t) = (dates::iso(from), dates::iso(to));
    let day_before = dates::iso(from.pred_opt().unwrap_or(from));
    let done = list(conn, Some(from), Some(to))?;
    let activities: Vec<TypeLine> = types(conn)?
        .into_iter()
        .map(|ty| {
            let of_type: Vec<_> = done.iter().filter(|a| a.type_id == ty.id).collect();
            let mut people: Vec<i64> = of_type.iter().flat_map(|a| a.participants.iter().map(|p| p.id)).collect();
            let participations = people.len() as u32;
            people.sort_unstable();
            people.dedup();
            TypeLine { type_name: ty.name, activities: of_type.len() as u32, participations, participants: people.len() as u32 }
        })
        .collect();
    Ok(PeriodReport {
        from,
        to,
        members_at_start: members_on(conn, &day_before)?,
        members_at_end: members_on(conn, &t)?,
        admissions: named(
            conn,
            "SELECT full_name, joined_on FROM member WHERE joined_on BETWEEN ?1 AND ?2 ORDER BY joined_on, sort_key",
            &f,
            &t,
        )?,
        transferred_in: changed_to(conn, "('transferred_in')", &f, &t)?,
        transferred_out: changed_to(conn, "('transferred_out')", &f, &t)?,
        aged_out: changed_to(conn, "('aged_out')", &f, &t)?,
        removed: changed_to(conn, "('struck_off', 'expelled')", &f, &t)?,
        total_activities: done.len() as u32,
        total_participations: activities.iter().map(|l| l.participations).sum(),
        activities,
        targets: targets::overlapping(conn, from, to)?,
    })
}
