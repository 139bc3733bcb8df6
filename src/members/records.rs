//! What the member book keeps beside the record: the yearly rating (xếp loại), rewards and
//! discipline, dues (đoàn phí) month by month, and the reminders Tổng quan shows.

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{get, MemberError, MemberField, Position};
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
        tx.execute("UPDATE member SET status = 'expelled', updated_at = datetime('now') WHERE id = ?1", [member_id])?;
        tx.execute(
            "INSERT INTO member_status (member_id, status, since, note, recorded_at)
             VALUES (?1, 'expelled', ?2, ?3, datetime('now'))",
            params![member_id, dates::iso(date), clean(&input.decision)],
        )?;
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
    /// Months due so far this year (from joining, up to last month) not paid.
    pub behind: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DuesGrid {
    pub year: i32,
    pub rates: DuesRates,
    pub rows: Vec<DuesRow>,
    #[ts(type = "number")]
    pub collected: i64,
}

/// The months of `year` a member owes by `today`: from January (or the month they joined) up
/// to the month before `today` (the current month is not yet late).
fn months_due(year: i32, joined: Option<NaiveDate>, today: NaiveDate) -> std::ops::Range<u32> {
    let first = match joined {
        Some(j) if j.year() == year => j.month(),
        Some(j) if j.year() > year => 13,
        _ => 1,
    };
    let end = match year.cmp(&today.year()) {
        std::cmp::Ordering::Less => 13,
        std::cmp::Ordering::Equal => today.month(),
        std::cmp::Ordering::Greater => 1,
    };
    first..end.max(first)
}

/// Dues of the current members for a year, in list order.
pub fn dues_grid(conn: &Connection, year: i32, today: NaiveDate) -> Result<DuesGrid, MemberError> {
    let rates = dues_rates(conn)?;
    let mut stmt = conn.prepare(
        "SELECT id, full_name, salaried, joined_on FROM member
         WHERE status IN ('active', 'transferred_in', 'residence') ORDER BY sort_key",
    )?;
    let members = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?, r.get::<_, Option<String>>(3)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut paid = conn.prepare("SELECT month, amount FROM dues_payment WHERE member_id = ?1 AND month LIKE ?2")?;
    let mut rows = Vec::with_capacity(members.len());
    let mut collected = 0;
    for (id, full_name, salaried, joined) in members {
        let mut months = vec![None; 12];
        for p in paid.query_map(params![id, format!("{year}-%")], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (month, amount) = p?;
            if let Some(m) = month.get(5..7).and_then(|m| m.parse::<usize>().ok()).filter(|m| (1..=12).contains(m)) {
                months[m - 1] = Some(amount);
                collected += amount;
            }
        }
        let due = months_due(year, joined.as_deref().and_then(dates::parse), today);
        let behind = due.filter(|m| months[*m as usize - 1].is_none()).count() as u32;
        let rate = if salaried { rates.salaried } else { rates.unsalaried };
        rows.push(DuesRow { member_id: id, full_name, rate, months, behind });
    }
    Ok(DuesGrid { year, rates, rows, collected })
}

/// Marks one month of a member's dues paid (at the member's rate) or unpaid; one transaction.
pub fn set_dues(conn: &mut Connection, member_id: i64, year: i32, month: u32, paid: bool) -> Result<(), MemberError> {
    if !(1..=12).contains(&month) || !(1990..=2100).contains(&year) {
        return Err(other(format!("Tháng {month}/{year} không hợp lệ.")));
    }
    let member = get(conn, member_id)?;
    let key = format!("{year}-{month:02}");
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if paid {
        let rates = dues_rates(&tx)?;
        let amount = if member.salaried { rates.salaried } else { rates.unsalaried };
        tx.execute(
            "INSERT INTO dues_payment (member_id, month, amount) VALUES (?1, ?2, ?3)
             ON CONFLICT (member_id, month) DO UPDATE SET amount = ?3",
            params![member_id, key, amount],
        )?;
    } else {
        tx.execute("DELETE FROM dues_payment WHERE member_id = ?1 AND month = ?2", params![member_id, key])?;
    }
    tx.commit()?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminder {
    #[ts(type = "number")]
    pub member_id: i64,
    pub full_name: String,
    /// What to do, in Vietnamese: "tròn 30 tuổi ngày 05/02/2026", "chưa đóng đoàn phí 4 tháng".
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Reminders {
    /// Current members turning 30 this year: prepare their trưởng thành Đoàn.
    pub turning_30: Vec<Reminder>,
    /// Current members 3 or more months behind on this year's dues.
    pub behind_on_dues: Vec<Reminder>,
}

pub fn reminders(conn: &Connection, today: NaiveDate) -> Result<Reminders, MemberError> {
    let year = today.year();
    let mut stmt = conn.prepare(
        "SELECT id, full_name, date_of_birth FROM member
         WHERE status IN ('active', 'transferred_in', 'residence') AND substr(date_of_birth, 1, 4) = ?1
         ORDER BY date_of_birth",
    )?;
    let turning_30 = stmt
        .query_map([(year - 30).to_string()], |r| {
            let born: String = r.get(2)?;
            let birthday = dates::parse(&born).and_then(|d| d.with_year(year)).map(dates::display).unwrap_or_default();
            Ok(Reminder { member_id: r.get(0)?, full_name: r.get(1)?, detail: format!("tròn 30 tuổi ngày {birthday}") })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut late: Vec<DuesRow> = dues_grid(conn, year, today)?.rows.into_iter().filter(|r| r.behind >= 3).collect();
    // Most months behind first; the list order among equals.
    late.sort_by_key(|r| std::cmp::Reverse(r.behind));
    let behind_on_dues = late
        .into_iter()
        .map(|r| Reminder { member_id: r.member_id, full_name: r.full_name, detail: format!("chưa đóng đoàn phí {} tháng", r.behind) })
        .collect();
    Ok(Reminders { turning_30, behind_on_dues })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rating_levels_change_in_2020() {
        assert_eq!(rating_levels(2020)[0], "Hoàn thành xuất sắc nhiệm vụ");
        assert_eq!(rating_levels(2019)[1], "Khá");
    }

    #[test]
    fn months_due_run_from_joining_to_last_month() {
        let today = d(2026, 11, 22);
        assert_eq!(months_due(2026, None, today), 1..11);
        assert_eq!(months_due(2026, Some(d(2026, 4, 26)), today), 4..11);
        assert_eq!(months_due(2025, Some(d(2020, 3, 26)), today), 1..13);
        assert_eq!(months_due(2025, Some(d(2026, 3, 26)), today).count(), 0);
        assert_eq!(months_due(2027, None, today).count(), 0);
        assert_eq!(months_due(2026, None, d(2026, 1, 15)).count(), 0, "January's dues are not late in January");
    }
}
