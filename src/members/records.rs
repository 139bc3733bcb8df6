//! What the member book keeps beside the record: the yearly rating (xếp loại), rewards and
//! discipline, dues (đoàn phí) month by month, and the reminders Tổng quan shows.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{get, membership, MemberError, MemberField, Position};
use crate::{dates, text::clean};

/// Rating levels from 2020 on (HD 25-HD/TWĐTN-BTC) and before.
pub const RATINGS_FROM_2020: [&str; 4] = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
];
pub const RATINGS_BEFORE_2020: [&str; 4] = ["Xuất sắc", "Khá", "Trung bình", "Yếu kém"];

/// The rating levels of a year.
pub fn rating_levels(year: i32) -> &'static [&'static str; 4] {
    if year >= 2020 {
        &RATINGS_FROM_2020
    } else {
        &RATINGS_BEFORE_2020
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rating {
    pub year: i32,
    pub rating: String,
}

fn other(message: String) -> MemberError {
    MemberError::invalid(MemberField::Other, message)
}

/// Sets (or, with `None`, clears) a member's rating for a year; one transaction.
pub fn set_rating(conn: &mut Connection, member_id: i64, year: i32, rating: Option<&str>) -> Result<Vec<Rating>, MemberError> {
    let this_year = crate::today().year();
    if !(1990..=this_year).contains(&year) {
        return Err(other(format!("Năm xếp loại {year} phải từ 1990 đến {this_year}.")));
    }
    get(conn, member_id)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    match rating {
        Some(rating) => {
            let levels = rating_levels(year);
            if !levels.contains(&rating) {
                return Err(other(format!("Năm {year} xếp loại theo các mức: {}.", levels.join(", "))));
            }
            tx.execute(
                "INSERT INTO member_rating (member_id, year, rating) VALUES (?1, ?2, ?3)
                 ON CONFLICT (member_id, year) DO UPDATE SET rating = ?3",
                params![member_id, year, rating],
            )?;
        }
        None => {
            tx.execute("DELETE FROM member_rating WHERE member_id = ?1 AND year = ?2", params![member_id, year])?;
        }
    }
    tx.commit()?;
    ratings(conn, member_id)
}

/// A member's ratings, newest year first.
pub fn ratings(conn: &Connection, member_id: i64) -> Result<Vec<Rating>, MemberError> {
    let mut stmt = conn.prepare("SELECT year, rating FROM member_rating WHERE member_id = ?1 ORDER BY year DESC")?;
    let rows = stmt.query_map([member_id], |r| Ok(Rating { year: r.get(0)?, rating: r.get(1)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionKind {
    Reward,
    Discipline,
}

/// Forms of discipline (Điều lệ Đoàn); "Cách chức" applies to cadres only, "Khai trừ" ends
/// the membership.
pub const DISCIPLINE_FORMS: [&str; 4] = ["Khiển trách", "Cảnh cáo", "Cách chức", "Khai trừ"];

/// A reward or a discipline as entered: date "dd/mm/yyyy".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionInput {
    pub kind: DecisionKind,
    /// "Giấy khen", "Bằng khen", … or one of [`DISCIPLINE_FORMS`].
    pub form: String,
    pub decided_on: String,
    /// Who decided: "Huyện đoàn", "Tỉnh đoàn", …
    pub level: String,
    /// Decision number, "125-QĐ/HĐTN".
    pub decision: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Decision {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: DecisionKind,
    pub form: String,
    /// ISO date.
    pub decided_on: String,
    pub level: String,
    pub decision: String,
    pub note: String,
}

/// Records a reward or a discipline; an expulsion also ends the membership (status "Khai trừ"
/// from that date). One transaction.
pub fn add_decision(conn: &mut Connection, member_id: i64, input: &DecisionInput) -> Result<Vec<Decision>, MemberError> {
    let member = get(conn, member_id)?;
    let form = clean(&input.form);
    let date = dates::parse(&input.decided_on)
        .ok_or_else(|| other(format!("Ngày quyết định “{}” không đúng dạng ngày/tháng/năm.", input.decided_on.trim())))?;
    if form.is_empty() {
        return Err(other("Hãy ghi hình thức khen thưởng hoặc kỷ luật.".into()));
    }
    if input.kind == DecisionKind::Discipline {
        if !DISCIPLINE_FORMS.contains(&form.as_str()) {
            return Err(other(format!("Hình thức kỷ luật phải là một trong: {}.", DISCIPLINE_FORMS.join(", "))));
        }
        if form == "Cách chức" && member.position == Position::Member {
            return Err(other("Cách chức chỉ áp dụng với cán bộ Đoàn (Bí thư, Phó Bí thư, Ủy viên BCH).".into()));
        }
    }
    let kind = match input.kind {
        DecisionKind::Reward => "reward",
        DecisionKind::Discipline => "discipline",
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO member_decision (member_id, kind, form, decided_on, level, decision, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![member_id, kind, form, dates::iso(date), clean(&input.level), clean(&input.decision), clean(&input.note)],
    )?;
    if form == "Khai trừ" {
        super::store::record_status(&tx, member_id, super::Status::Expelled, date, "", None, &clean(&input.decision))?;
    }
    tx.commit()?;
    decisions(conn, member_id)
}

/// A member's rewards and discipline, newest first.
pub fn decisions(conn: &Connection, member_id: i64) -> Result<Vec<Decision>, MemberError> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, form, decided_on, level, decision, note FROM member_decision
         WHERE member_id = ?1 ORDER BY decided_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([member_id], |r| {
        Ok(Decision {
            id: r.get(0)?,
            kind: if r.get::<_, String>(1)? == "reward" { DecisionKind::Reward } else { DecisionKind::Discipline },
            form: r.get(2)?,
            decided_on: r.get(3)?,
            level: r.get(4)?,
            decision: r.get(5)?,
            note: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Monthly dues in đồng (NQ 07-NQ/TWĐTN defaults: 2.000 without salary, 5.000 with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DuesRates {
    #[ts(type = "number")]
    pub unsalaried: i64,
    #[ts(type = "number")]
    pub salaried: i64,
}

pub fn dues_rates(conn: &Connection) -> Result<DuesRates, MemberError> {
    let read = |key: &str| -> Result<i64, MemberError> {
        let value: Option<String> =
            conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        Ok(value.and_then(|v| v.parse().ok()).unwrap_or(0))
    };
    Ok(DuesRates { unsalaried: read("dues_unsalaried")?, salaried: read("dues_salaried")? })
}

pub fn set_dues_rates(conn: &mut Connection, rates: DuesRates) -> Result<DuesRates, MemberError> {
    for amount in [rates.unsalaried, rates.salaried] {
        if !(0..=1_000_000).contains(&amount) {
            return Err(other(format!("Mức đoàn phí {amount} đồng không hợp lý (0–1.000.000 đồng một tháng).")));
        }
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for (key, amount) in [("dues_unsalaried", rates.unsalaried), ("dues_salaried", rates.salaried)] {
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![key, amount.to_string()],
        )?;
    }
    tx.commit()?;
    dues_rates(conn)
}

/// One member's line of the dues grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DuesRow {
    #[ts(type = "number")]
    pub member_id: i64,
    pub full_name: String,
    #[ts(type = "number")]
    pub rate: i64,
    /// January to December: the amount paid, or null.
    #[ts(type = "Array<number | null>")]
    pub months: Vec<Option<i64>>,
    /// January to December: whether the month is the member's to pay here (in the branch, and
    /// not after a transfer out's "paid to").
    pub here: Vec<bool>,
    /// Months owed so far (in the branch, up to last month), not paid and not settled.
    pub behind: u32,
    /// Set when the member is no longer in the branch: "Chuyển đi ngày 20/08/2026".
    pub left: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DuesGrid {
    pub year: i32,
    pub rates: DuesRates,
    pub rows: Vec<DuesRow>,
    /// Every payment of the year, whoever made it.
    #[ts(type = "number")]
    pub collected: i64,
}

/// The months of `year` a member paid: (month 1–12, amount).
fn paid_in(conn: &Connection, member_id: i64, year: i32) -> Result<Vec<(u32, i64)>, MemberError> {
    let mut stmt = conn.prepare_cached("SELECT month, amount FROM dues_payment WHERE member_id = ?1 AND month LIKE ?2 ORDER BY month")?;
    let rows = stmt.query_map(params![member_id, format!("{year}-%")], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut paid = Vec::new();
    for row in rows {
        let (month, amount) = row?;
        if let Some(m) = month.get(5..7).and_then(|m| m.parse::<u32>().ok()).filter(|m| (1..=12).contains(m)) {
            paid.push((m, amount));
        }
    }
    Ok(paid)
}

fn check_year(year: i32) -> Result<(), MemberError> {
    if membership::YEARS.contains(&year) {
        Ok(())
    } else {
        Err(other(format!("Năm {year} không hợp lệ (từ {} đến {}).", membership::YEARS.start(), membership::YEARS.end())))
    }
}

fn behind(owed: &membership::DuesOwed, paid: &[(u32, i64)]) -> u32 {
    owed.months.iter().filter(|m| !owed.settled.contains(m) && !paid.iter().any(|(p, _)| p == *m)).count() as u32
}

/// "Chuyển đi ngày 20/08/2026": how the last spell before `day` ended.
fn left(spells: &[membership::Spell], day: NaiveDate) -> Option<String> {
    if membership::holds(spells, day) {
        return None;
    }
    let last = spells.iter().rev().find(|s| s.until.is_some_and(|u| u <= day))?;
    Some(format!("{} ngày {}", last.end?.label(), dates::display(last.until?)))
}

/// Dues of a year, in list order: everyone who was in the branch that year (those who left
/// greyed, with their payments) and anyone who paid in it.
pub fn dues_grid(conn: &Connection, year: i32, today: NaiveDate) -> Result<DuesGrid, MemberError> {
    check_year(year)?;
    let rates = dues_rates(conn)?;
    let spells = super::all_spells(conn)?;
    let (first, last) = (membership::month(year, 1), membership::month_end(membership::month(year, 12)));
    let payers: std::collections::HashSet<i64> = conn
        .prepare("SELECT DISTINCT member_id FROM dues_payment WHERE month LIKE ?1")?
        .query_map([format!("{year}-%")], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare("SELECT id, full_name, salaried FROM member ORDER BY sort_key, id")?;
    let members = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::new();
    for (id, full_name, salaried) in members {
        let own = spells.get(&id).map(Vec::as_slice).unwrap_or_default();
        if !membership::meets(own, first, last) && !payers.contains(&id) {
            continue;
        }
        let paid = paid_in(conn, id, year)?;
        let mut months = vec![None; 12];
        for (m, amount) in &paid {
            months[*m as usize - 1] = Some(*amount);
        }
        let here = (1..=12).map(|m| membership::owes(own, membership::month(year, m))).collect();
        let owed = membership::dues_owed(own, year, today);
        rows.push(DuesRow {
            member_id: id,
            full_name,
            rate: if salaried { rates.salaried } else { rates.unsalaried },
            months,
            here,
            behind: behind(&owed, &paid),
            left: left(own, today.min(last)),
        });
    }
    let collected: i64 = conn.query_row(
        "SELECT coalesce(sum(amount), 0) FROM dues_payment WHERE month LIKE ?1",
        [format!("{year}-%")],
        |r| r.get(0),
    )?;
    Ok(DuesGrid { year, rates, rows, collected })
}

/// One member's dues in a year, as the CLI gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDues {
    /// "YYYY-MM", in order.
    pub owed_months: Vec<String>,
    pub paid_months: Vec<String>,
    pub behind: u32,
}

pub fn member_dues(conn: &Connection, member_id: i64, year: i32, today: NaiveDate) -> Result<MemberDues, MemberError> {
    check_year(year)?;
    get(conn, member_id)?;
    let owed = membership::dues_owed(&super::spells_of(conn, member_id)?, year, today);
    let paid = paid_in(conn, member_id, year)?;
    Ok(MemberDues {
        owed_months: owed.months.iter().map(|m| format!("{year}-{m:02}")).collect(),
        paid_months: paid.iter().map(|(m, _)| format!("{year}-{m:02}")).collect(),
        behind: behind(&owed, &paid),
    })
}

/// Marks one month of a member's dues paid (at the member's rate) or unpaid; one transaction.
pub fn set_dues(conn: &mut Connection, member_id: i64, year: i32, month: u32, paid: bool) -> Result<(), MemberError> {
    if !(1..=12).contains(&month) {
        return Err(other(format!("Tháng {month}/{year} không hợp lệ.")));
    }
    check_year(year)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if paid {
        pay(&tx, member_id, &[membership::month(year, month)])?;
    } else {
        tx.execute("DELETE FROM dues_payment WHERE member_id = ?1 AND month = ?2", params![member_id, format!("{year}-{month:02}")])?;
    }
    tx.commit()?;
    Ok(())
}

/// Records months paid (at the member's rate); one transaction. Every month must be one the
/// member was in the branch.
pub fn pay_months(conn: &mut Connection, member_id: i64, months: &[NaiveDate]) -> Result<(), MemberError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    pay(&tx, member_id, months)?;
    tx.commit()?;
    Ok(())
}

fn pay(tx: &Connection, member_id: i64, months: &[NaiveDate]) -> Result<(), MemberError> {
    let member = get(tx, member_id)?;
    let spells = super::spells_of(tx, member_id)?;
    let rates = dues_rates(tx)?;
    let amount = if member.salaried { rates.salaried } else { rates.unsalaried };
    for &first in months {
        check_year(first.year())?;
        if !membership::owes(&spells, first) {
            return Err(other(format!(
                "Tháng {}: {} không sinh hoạt tại chi đoàn trong tháng này.",
                first.format("%m/%Y"),
                member.full_name
            )));
        }
        tx.execute(
            "INSERT INTO dues_payment (member_id, month, amount) VALUES (?1, ?2, ?3)
             ON CONFLICT (member_id, month) DO UPDATE SET amount = ?3",
            params![member_id, first.format("%Y-%m").to_string(), amount],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminder {
    #[ts(type = "number")]
    pub member_id: i64,
    pub full_name: String,
    /// What to do, in Vietnamese: "31 tuổi (sinh 05/02/1995)", "chưa đóng đoàn phí 4 tháng".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminders {
    /// Members in the branch who are over 30 or turn 30 this year: trưởng thành Đoàn. Oldest first.
    pub aging_out: Vec<Reminder>,
    /// Members in the branch 3 or more months behind on this year's dues; most behind first.
    pub behind_on_dues: Vec<Reminder>,
}

pub fn reminders(conn: &Connection, today: NaiveDate) -> Result<Reminders, MemberError> {
    let year = today.year();
    let spells = super::all_spells(conn)?;
    let mut stmt = conn.prepare("SELECT id, full_name, date_of_birth FROM member WHERE date_of_birth <= ?1 ORDER BY date_of_birth, sort_key")?;
    let born_by = format!("{}-12-31", year - 30);
    let mut aging_out = Vec::new();
    for row in stmt.query_map([born_by], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))? {
        let (member_id, full_name, born) = row?;
        let (Some(born), true) = (dates::parse(&born), spells.get(&member_id).is_some_and(|s| membership::holds(s, today))) else {
            continue;
        };
        let age = dates::age_on(born, today);
        let detail = if born.year() == year - 30 {
            // 29/02 in a year without it: the day after 28/02.
            let birthday = born.with_year(year).or_else(|| NaiveDate::from_ymd_opt(year, 3, 1)).unwrap_or(born);
            format!("tròn 30 tuổi ngày {}", dates::display(birthday))
        } else {
            format!("{age} tuổi (sinh {})", dates::display(born))
        };
        aging_out.push(Reminder { member_id, full_name, detail });
    }
    let mut late: Vec<DuesRow> =
        dues_grid(conn, year, today)?.rows.into_iter().filter(|r| r.left.is_none() && r.behind >= 3).collect();
    // Most months behind first; the list order among equals.
    late.sort_by_key(|r| std::cmp::Reverse(r.behind));
    let behind_on_dues = late
        .into_iter()
        .map(|r| Reminder { member_id: r.member_id, full_name: r.full_name, detail: format!("chưa đóng đoàn phí {} tháng", r.behind) })
        .collect();
    Ok(Reminders { aging_out, behind_on_dues })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_levels_change_in_2020() {
        assert_eq!(rating_levels(2020)[0], "Hoàn thành xuất sắc nhiệm vụ");
        assert_eq!(rating_levels(2019)[1], "Khá");
    }
}
