//! Counts of the registry for the statistics page, the CLI and the .xlsx report.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{membership, AgeBand, MemberError, Status};
use crate::dates;

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Count {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RatingCount {
    pub year: i32,
    pub rating: String,
    pub count: u32,
}

/// The registry in figures. Everything but `by_status` and `by_rating` counts the current
/// members; a year's ratings count the members who were in the branch that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Stats {
    /// "YYYY-MM-DD": ages are counted on this day.
    pub on: String,
    pub current: u32,
    pub by_status: Vec<Count>,
    pub by_sex: Vec<Count>,
    pub by_age_band: Vec<Count>,
    pub by_ethnicity: Vec<Count>,
    pub by_religion: Vec<Count>,
    pub by_education: Vec<Count>,
    pub by_political_theory: Vec<Count>,
    pub party_members: u32,
    pub by_rating: Vec<RatingCount>,
}

const NOT_ENTERED: &str = "Chưa nhập";

/// Counts by a text, most frequent first (equal counts by label), blanks as "Chưa nhập".
fn tally<'a>(values: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for v in values {
        let label = if v.trim().is_empty() { NOT_ENTERED } else { v };
        *counts.entry(label.to_string()).or_default() += 1;
    }
    let mut out: Vec<Count> = counts.into_iter().map(|(label, count)| Count { label, count }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| crate::names::compare(&a.label, &b.label)));
    out
}

pub fn stats(conn: &Connection, today: NaiveDate) -> Result<Stats, MemberError> {
    struct Row {
        status: Status,
        sex: Option<String>,
        dob: Option<String>,
        ethnicity: String,
        religion: String,
        education: String,
        theory: String,
        party: bool,
    }
    let mut stmt = conn.prepare(
        "SELECT status, sex, date_of_birth, ethnicity, religion, education, political_theory,
                party_member_since IS NOT NULL FROM member",
    )?;
    let all = stmt
        .query_map([], |r| {
            Ok(Row {
                status: Status::parse(&r.get::<_, String>(0)?).unwrap_or(Status::Active),
                sex: r.get(1)?,
                dob: r.get(2)?,
                ethnicity: r.get(3)?,
                religion: r.get(4)?,
                education: r.get(5)?,
                theory: r.get(6)?,
                party: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let current: Vec<&Row> = all.iter().filter(|r| r.status.is_current()).collect();

    let by_status = Status::ALL
        .into_iter()
        .map(|s| Count { label: s.label().into(), count: all.iter().filter(|r| r.status == s).count() as u32 })
        .collect();
    let by_sex = tally(current.iter().map(|r| match r.sex.as_deref() {
        Some("male") => "Nam",
        Some("female") => "Nữ",
        _ => "",
    }));
    let mut bands: Vec<Count> = AgeBand::ALL.iter().map(|b| Count { label: b.label().into(), count: 0 }).collect();
    let mut unknown_age = 0;
    for r in &current {
        let band = r.dob.as_deref().and_then(dates::parse).and_then(|d| AgeBand::of_age(dates::age_on(d, today)));
        match band.and_then(|b| AgeBand::ALL.iter().position(|x| *x == b)) {
            Some(i) => bands[i].count += 1,
            None => unknown_age += 1,
        }
    }
    if unknown_age > 0 {
        bands.push(Count { label: "Dưới 16 hoặc chưa nhập".into(), count: unknown_age });
    }
    // A year's ratings: those given here, to the members who were in the branch that year.
    let spells = super::all_spells(conn)?;
    let mut counts: BTreeMap<(std::cmp::Reverse<i32>, String), u32> = BTreeMap::new();
    let mut stmt = conn.prepare("SELECT member_id, year, rating FROM member_rating")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i32>(1)?, r.get::<_, String>(2)?)))? {
        let (id, year, rating) = row?;
        let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) else { continue };
        if spells.get(&id).is_some_and(|s| membership::meets(s, first, last)) {
            *counts.entry((std::cmp::Reverse(year), rating)).or_default() += 1;
        }
    }
    let mut by_rating: Vec<RatingCount> =
        counts.into_iter().map(|((year, rating), count)| RatingCount { year: year.0, rating, count }).collect();
    // Newest year first, then the levels in their own order.
    let level = |r: &RatingCount| super::records::rating_levels(r.year).iter().position(|l| *l == r.rating).unwrap_or(usize::MAX);
    by_rating.sort_by(|a, b| b.year.cmp(&a.year).then(level(a).cmp(&level(b))));
    Ok(Stats {
        on: dates::iso(today),
        current: current.len() as u32,
        by_status,
        by_sex,
        by_age_band: bands,
        by_ethnicity: tally(current.iter().map(|r| r.ethnicity.as_str())),
        by_religion: tally(current.iter().map(|r| r.religion.as_str())),
        by_education: tally(current.iter().map(|r| r.education.as_str())),
        by_political_theory: tally(current.iter().map(|r| r.theory.as_str())),
        party_members: current.iter().filter(|r| r.party).count() as u32,
        by_rating,
    })
}

/// Writes the figures to a workbook: one table per breakdown, under a title.
pub fn xlsx(path: &std::path::Path, stats: &Stats) -> Result<(), super::export::ExportError> {
    use rust_xlsxwriter::{Format, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| super::export::ExportError::Write {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let title = font(Format::new()).set_bold().set_font_size(14);
    let head = font(Format::new()).set_bold().set_border(FormatBorder::Thin);
    let cell = font(Format::new()).set_border(FormatBorder::Thin);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Thống kê đoàn viên").map_err(err)?;
    sheet.set_column_width(0, 34).map_err(err)?;
    sheet.set_column_width(1, 12).map_err(err)?;
    let on = dates::parse(&stats.on).map(dates::display).unwrap_or_default();
    sheet.write_string_with_format(0, 0, format!("THỐNG KÊ ĐOÀN VIÊN (tính đến ngày {on})"), &title).map_err(err)?;
    sheet
        .write_string(1, 0, format!("Đang sinh hoạt: {} đoàn viên; đảng viên: {}", stats.current, stats.party_members))
        .map_err(err)?;
    let ratings: Vec<Count> =
        stats.by_rating.iter().map(|r| Count { label: format!("{}: {}", r.year, r.rating), count: r.count }).collect();
    let mut row = 3;
    for (heading, counts) in [
        ("Trạng thái", &stats.by_status),
        ("Giới tính", &stats.by_sex),
        ("Độ tuổi", &stats.by_age_band),
        ("Dân tộc", &stats.by_ethnicity),
        ("Tôn giáo", &stats.by_religion),
        ("Trình độ văn hóa", &stats.by_education),
        ("Lý luận chính trị", &stats.by_political_theory),
        ("Xếp loại", &ratings),
    ] {
        sheet.write_string_with_format(row, 0, heading, &head).map_err(err)?;
        sheet.write_string_with_format(row, 1, "Số lượng", &head).map_err(err)?;
        for c in counts {
            row += 1;
            sheet.write_string_with_format(row, 0, &c.label, &cell).map_err(err)?;
            sheet.write_number_with_format(row, 1, c.count, &cell).map_err(err)?;
        }
        row += 2;
    }
    super::export::write(path, &book.save_to_buffer().map_err(err)?)
}
