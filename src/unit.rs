//! The branch itself (đơn vị): the names every document header uses.

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::clean;

/// The unit's identity as the secretary enters it in Cài đặt.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Unit {
    /// Tên đơn vị, e.g. "Chi đoàn Sở Thông tin và Truyền thông".
    pub name: String,
    /// Cấp trên trực tiếp, e.g. "Đoàn Khối các cơ quan tỉnh".
    pub superior: String,
    /// Địa danh for the date line, e.g. "Hà Nam".
    pub place: String,
    /// Viết tắt for document numbers ("Số: 01-BB/CĐ"); may be empty.
    pub abbrev: String,
    /// Nhiệm kỳ hiện tại, normalised to "2025 - 2027"; may be empty.
    pub term: String,
}

/// A field of [`Unit`], as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum UnitField {
    Name,
    Superior,
    Place,
    Abbrev,
    Term,
}

impl UnitField {
    fn label(self) -> (&'static str, &'static str) {
        match self {
            UnitField::Name => ("Tên đơn vị", "unit name"),
            UnitField::Superior => ("Cấp trên trực tiếp", "superior body"),
            UnitField::Place => ("Địa danh", "place name"),
            UnitField::Abbrev => ("Viết tắt", "abbreviation"),
            UnitField::Term => ("Nhiệm kỳ", "term"),
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    TooLong { max: usize },
    AbbrevCharacters,
    TermFormat,
    TermYears,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: UnitField,
    pub problem: Problem,
}

impl FieldProblem {
    /// The Vietnamese sentence the UI shows beside the field.
    pub fn vietnamese(&self) -> String {
        let (label, _) = self.field.label();
        match self.problem {
            Problem::Missing => format!("{label} không được để trống."),
            Problem::TooLong { max } => format!("{label} dài quá {max} ký tự; hãy rút gọn."),
            Problem::AbbrevCharacters => format!(
                "{label} chỉ gồm chữ, số, dấu chấm hoặc gạch ngang, không có khoảng trắng hay dấu “/” (ví dụ: CĐ)."
            ),
            Problem::TermFormat => format!("{label} phải có dạng “năm bắt đầu - năm kết thúc”, ví dụ 2025 - 2027."),
            Problem::TermYears => format!(
                "{label}: năm kết thúc phải sau năm bắt đầu, không quá 5 năm, trong khoảng 1931–2100."
            ),
        }
    }

    pub fn english(&self) -> String {
        let (_, label) = self.field.label();
        match self.problem {
            Problem::Missing => format!("{label} must not be empty"),
            Problem::TooLong { max } => format!("{label} is longer than {max} characters"),
            Problem::AbbrevCharacters => {
                format!("{label} may hold only letters, digits, '.' and '-', without spaces or '/'")
            }
            Problem::TermFormat => format!("{label} must look like 2025 - 2027"),
            Problem::TermYears => {
                format!("{label}: the end year must follow the start year by 1 to 5 years, within 1931-2100")
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UnitError {
    #[error("{}", .0.iter().map(FieldProblem::vietnamese).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<FieldProblem>),
    #[error("Không đọc hoặc ghi được thông tin đơn vị trong cơ sở dữ liệu: {0}")]
    Storage(#[from] rusqlite::Error),
}

impl UnitError {
    pub fn english(&self) -> String {
        match self {
            UnitError::Invalid(problems) => {
                problems.iter().map(FieldProblem::english).collect::<Vec<_>>().join("; ")
            }
            UnitError::Storage(e) => format!("cannot read or write the unit in the database: {e}"),
        }
    }
}

const MAX_NAME: usize = 200;
const MAX_ABBREV: usize = 30;

/// Cleans and checks a unit as entered; returns the unit to store, or every problem found.
pub fn validate(input: &Unit) -> Result<Unit, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut report = |field, problem| problems.push(FieldProblem { field, problem });

    let mut required = |field, value: &str| {
        let value = clean(value);
        if value.is_empty() {
            report(field, Problem::Missing);
        } else if value.chars().count() > MAX_NAME {
            report(field, Problem::TooLong { max: MAX_NAME });
        }
        value
    };
    let name = required(UnitField::Name, &input.name);
    let superior = required(UnitField::Superior, &input.superior);
    let place = required(UnitField::Place, &input.place);

    let abbrev = clean(&input.abbrev);
    if abbrev.chars().count() > MAX_ABBREV {
        report(UnitField::Abbrev, Problem::TooLong { max: MAX_ABBREV });
    } else if !abbrev.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-') {
        report(UnitField::Abbrev, Problem::AbbrevCharacters);
    }

    let term = clean(&input.term);
    let term = if term.is_empty() {
        term
    } else {
        match parse_term(&term) {
            Ok((start, end)) => format!("{start} - {end}"),
            Err(problem) => {
                report(UnitField::Term, problem);
                term
            }
        }
    };

    if problems.is_empty() {
        Ok(Unit { name, superior, place, abbrev, term })
    } else {
        Err(problems)
    }
}

/// Reads "2025 - 2027" (hyphen, en dash or em dash, spaces optional) into its two years.
fn parse_term(text: &str) -> Result<(u16, u16), Problem> {
    let (start, end) = text.split_once(['-', '–', '—']).ok_or(Problem::TermFormat)?;
    let year = |s: &str| {
        let s = s.trim();
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u16>().map_err(|_| Problem::TermFormat)
        } else {
            Err(Problem::TermFormat)
        }
    };
    let (start, end) = (year(start)?, year(end)?);
    if start < 1931 || end > 2100 || end <= start || end - start > 5 {
        return Err(Problem::TermYears);
    }
    Ok((start, end))
}

/// The stored unit, or `None` before the secretary has set it.
pub fn get(conn: &Connection) -> Result<Option<Unit>, UnitError> {
    let unit = conn
        .query_row(
            "SELECT name, superior, place, abbrev, term FROM unit WHERE id = 1",
            [],
            |row| {
                Ok(Unit {
                    name: row.get(0)?,
                    superior: row.get(1)?,
                    place: row.get(2)?,
                    abbrev: row.get(3)?,
                    term: row.get(4)?,
                })
            },
        )
        .optional()?;
    Ok(unit)
}

/// Validates and stores the unit in one transaction; returns it as stored.
pub fn save(conn: &mut Connection, input: &Unit) -> Result<Unit, UnitError> {
    let unit = validate(input).map_err(UnitError::Invalid)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO unit (id, name, superior, place, abbrev, term, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, datetime('now'))
         ON CONFLICT (id) DO UPDATE SET name = ?1, superior = ?2, place = ?3, abbrev = ?4,
             term = ?5, updated_at = datetime('now')",
        params![unit.name, unit.superior, unit.place, unit.abbrev, unit.term],
    )?;
    tx.commit()?;
    Ok(unit)
}

/// The Union header every document of the unit opens with (left and right blocks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DocumentHeader {
    /// Left, first line: the superior body in capitals.
    pub superior: String,
    /// Left, second line (bold): the issuing unit in capitals.
    pub issuer: String,
    /// Left, under "***": "Số: …-BB/CĐ", the number filled in per document.
    pub number: String,
    /// Right, first line (bold, underlined).
    pub union: String,
    /// Right, second line (italic): "Hà Nam, ngày 05 tháng 02 năm 2026".
    pub date_line: String,
}

/// The header of a document of kind `kind` ("BB" for minutes) dated `date`, from the unit as
/// entered (cleaned, not validated: Cài đặt previews it while typing).
pub fn header(unit: &Unit, kind: &str, date: chrono::NaiveDate) -> DocumentHeader {
    let abbrev = clean(&unit.abbrev);
    let number = if abbrev.is_empty() { format!("Số: …-{kind}") } else { format!("Số: …-{kind}/{abbrev}") };
    DocumentHeader {
        superior: clean(&unit.superior).to_uppercase(),
        issuer: clean(&unit.name).to_uppercase(),
        number,
        union: "ĐOÀN TNCS HỒ CHÍ MINH".into(),
        date_line: date_line(&clean(&unit.place), date),
    }
}

/// "Hà Nam, ngày 05 tháng 02 năm 2026": days below 10 and the months 1 and 2 take a leading
/// zero, as Vietnamese official documents write them (so "tháng 1" cannot become "tháng 12").
pub fn date_line(place: &str, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let (day, month) = (date.day(), date.month());
    let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
    let text = format!("ngày {day:02} tháng {month} năm {}", date.year());
    if place.is_empty() {
        text
    } else {
        format!("{place}, {text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Unit {
        Unit {
            name: "Chi đoàn Sở Thông tin và Truyền thông".into(),
            superior: "Đoàn Khối các cơ quan tỉnh".into(),
            place: "Hà Nam".into(),
            abbrev: "CĐ".into(),
            term: "2025-2027".into(),
        }
    }

    #[test]
    fn cleans_and_normalises_term() {
        let input = Unit { name: "  Chi đoàn   Sở Thông tin và Truyền thông ".into(), term: "2025 – 2027".into(), ..sample() };
        let unit = validate(&input).unwrap();
        assert_eq!(unit.name, "Chi đoàn Sở Thông tin và Truyền thông");
        assert_eq!(unit.term, "2025 - 2027");
        assert_eq!(validate(&Unit { term: "2025—2026".into(), ..sample() }).unwrap().term, "2025 - 2026");
    }

    #[test]
    fn optional_fields_may_be_empty() {
        let unit = validate(&Unit { abbrev: " ".into(), term: String::new(), ..sample() }).unwrap();
        assert_eq!((unit.abbrev.as_str(), unit.term.as_str()), ("", ""));
    }

    #[test]
    fn reports_every_problem_in_field_order() {
        let input = Unit { name: " ".into(), superior: String::new(), place: "Hà Nam".into(), abbrev: "CĐ/HN".into(), term: "2027 - 2025".into() };
        let problems = validate(&input).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| (p.field, p.problem.clone())).collect();
        assert_eq!(
            fields,
            vec![
                (UnitField::Name, Problem::Missing),
                (UnitField::Superior, Problem::Missing),
                (UnitField::Abbrev, Problem::AbbrevCharacters),
                (UnitField::Term, Problem::TermYears),
            ]
        );
        assert_eq!(problems[0].vietnamese(), "Tên đơn vị không được để trống.");
        assert_eq!(problems[0].english(), "unit name must not be empty");
    }

    #[test]
    fn term_rules() {
        assert_eq!(parse_term("2025 - 2027"), Ok((2025, 2027)));
        assert_eq!(parse_term("2025-2030"), Ok((2025, 2030)));
        assert_eq!(parse_term("2025-2031"), Err(Problem::TermYears));
        assert_eq!(parse_term("2025-2025"), Err(Problem::TermYears));
        assert_eq!(parse_term("1930-1932"), Err(Problem::TermYears));
        assert_eq!(parse_term("2025"), Err(Problem::TermFormat));
        assert_eq!(parse_term("25-27"), Err(Problem::TermFormat));
        assert_eq!(parse_term("nhiệm kỳ 2025-2027"), Err(Problem::TermFormat));
    }

    #[test]
    fn header_in_capitals_with_number_and_date_line() {
        let date = chrono::NaiveDate::from_ymd_opt(2022, 4, 28).unwrap();
        assert_eq!(
            header(&sample(), "BB", date),
            DocumentHeader {
                superior: "ĐOÀN KHỐI CÁC CƠ QUAN TỈNH".into(),
                issuer: "CHI ĐOÀN SỞ THÔNG TIN VÀ TRUYỀN THÔNG".into(),
                number: "Số: …-BB/CĐ".into(),
                union: "ĐOÀN TNCS HỒ CHÍ MINH".into(),
                date_line: "Hà Nam, ngày 28 tháng 4 năm 2022".into(),
            }
        );
        let bare = Unit { abbrev: String::new(), place: String::new(), ..sample() };
        assert_eq!(header(&bare, "BB", date).number, "Số: …-BB");
        assert_eq!(header(&bare, "BB", date).date_line, "ngày 28 tháng 4 năm 2022");
    }

    #[test]
    fn date_line_pads_small_days_and_the_first_two_months() {
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(date_line("Hà Nam", d(2026, 2, 5)), "Hà Nam, ngày 05 tháng 02 năm 2026");
        assert_eq!(date_line("Hà Nam", d(2026, 1, 31)), "Hà Nam, ngày 31 tháng 01 năm 2026");
        assert_eq!(date_line("Hà Nam", d(2026, 3, 9)), "Hà Nam, ngày 09 tháng 3 năm 2026");
        assert_eq!(date_line("Hà Nam", d(2026, 12, 10)), "Hà Nam, ngày 10 tháng 12 năm 2026");
    }

    #[test]
    fn rejects_overlong_name() {
        let problems = validate(&Unit { name: "a".repeat(201), ..sample() }).unwrap_err();
        assert_eq!(problems[0].problem, Problem::TooLong { max: 200 });
        assert!(validate(&Unit { name: "ă".repeat(200), ..sample() }).is_ok());
    }
}
