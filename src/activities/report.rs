//! The period report (báo cáo quý, năm): the figures the level above asks for. Computed here;
//! laid out as a document by `documents::activities`.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::targets::{self, TargetProgress};
use super::{list, types, ActivityError};
use crate::dates;
use crate::members::membership::{self, Start};
use crate::members::Status;

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
    /// Members in the branch the day before the period starts, and on its last day.
    pub members_at_start: u32,
    pub members_at_end: u32,
    /// Admitted in the period (kết nạp), or here from the day they joined.
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

/// The membership side of a period: who was here the day before it and on its last day, and
/// every spell that started or ended in it.
struct Movements {
    at_start: u32,
    at_end: u32,
    admissions: Vec<Named>,
    transferred_in: Vec<Named>,
    transferred_out: Vec<Named>,
    aged_out: Vec<Named>,
    removed: Vec<Named>,
}

fn movements(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Movements, ActivityError> {
    let spells = crate::members::all_spells(conn)?;
    let members: Vec<(i64, String)> = conn
        .prepare("SELECT id, full_name FROM member ORDER BY sort_key, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let day_before = from.pred_opt().unwrap_or(from);
    let inside = |day: Option<NaiveDate>| day.filter(|d| (from..=to).contains(d));
    let (mut at_start, mut at_end) = (0, 0);
    // (date, list position, name) per kind, sorted by date and then list order.
    let mut dated: [Vec<(NaiveDate, usize, &str)>; 5] = Default::default();
    for (position, (id, name)) in members.iter().enumerate() {
        let Some(own) = spells.get(id) else { continue };
        at_start += u32::from(membership::holds(own, day_before));
        at_end += u32::from(membership::holds(own, to));
        for s in own {
            if let Some(day) = inside(s.from) {
                let kind = if s.start == Start::Admitted { 0 } else { 1 };
                dated[kind].push((day, position, name));
            }
            if let (Some(day), Some(end)) = (inside(s.until), s.end) {
                let kind = match end {
                    Status::TransferredOut => 2,
                    Status::AgedOut => 3,
                    _ => 4,
                };
                dated[kind].push((day, position, name));
            }
        }
    }
    let [admissions, transferred_in, transferred_out, aged_out, removed] = dated.map(|mut list| {
        list.sort();
        list.into_iter().map(|(day, _, name)| Named { full_name: name.to_string(), on: dates::display(day) }).collect()
    });
    Ok(Movements { at_start, at_end, admissions, transferred_in, transferred_out, aged_out, removed })
}

impl PeriodReport {
    /// Start + admitted + transferred in − transferred out − aged out − struck off/expelled = end.
    pub fn balances(&self) -> bool {
        let count = |l: &Vec<Named>| l.len() as i64;
        i64::from(self.members_at_start) + count(&self.admissions) + count(&self.transferred_in)
            - count(&self.transferred_out)
            - count(&self.aged_out)
            - count(&self.removed)
            == i64::from(self.members_at_end)
    }
}

pub fn period(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<PeriodReport, ActivityError> {
    if to < from {
        return Err(ActivityError::Invalid("Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ.".into()));
    }
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
    let m = movements(conn, from, to)?;
    let report = PeriodReport {
        from,
        to,
        members_at_start: m.at_start,
        members_at_end: m.at_end,
        admissions: m.admissions,
        transferred_in: m.transferred_in,
        transferred_out: m.transferred_out,
        aged_out: m.aged_out,
        removed: m.removed,
        total_activities: done.len() as u32,
        total_participations: activities.iter().map(|l| l.participations).sum(),
        activities,
        targets: targets::overlapping(conn, from, to)?,
    };
    // Spells make this hold by construction; every debug build (so every test) checks it.
    debug_assert!(report.balances(), "the report does not balance: {report:?}");
    Ok(report)
}
