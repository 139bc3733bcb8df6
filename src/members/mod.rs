//! The member registry (sổ đoàn viên): records, their validation, status history, ratings,
//! rewards and discipline, dues, and the list with its Vietnamese order and search.

pub mod export;
pub mod import;
pub mod membership;
pub mod positions;
pub mod records;
pub mod stats;
mod store;

pub use store::*;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dates;
use crate::text::clean;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }
    pub fn parse(text: &str) -> Option<Sex> {
        match text {
            "male" => Some(Sex::Male),
            "female" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Where a member stands; the history of changes is kept in [`StatusChange`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    Active,
    TransferredIn,
    TransferredOut,
    Residence,
    AgedOut,
    StruckOff,
    Expelled,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Active,
        Status::TransferredIn,
        Status::TransferredOut,
        Status::Residence,
        Status::AgedOut,
        Status::StruckOff,
        Status::Expelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::TransferredIn => "transferred_in",
            Status::TransferredOut => "transferred_out",
            Status::Residence => "residence",
            Status::AgedOut => "aged_out",
            Status::StruckOff => "struck_off",
            Status::Expelled => "expelled",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "Đang sinh hoạt",
            Status::TransferredIn => "Chuyển đến",
            Status::TransferredOut => "Chuyển đi",
            Status::Residence => "Sinh hoạt nơi cư trú",
            Status::AgedOut => "Trưởng thành Đoàn",
            Status::StruckOff => "Xóa tên",
            Status::Expelled => "Khai trừ",
        }
    }

    /// Whether a member with this status belongs to the branch now (the default list).
    pub fn is_current(self) -> bool {
        matches!(self, Status::Active | Status::TransferredIn | Status::Residence)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Position {
    Secretary,
    DeputySecretary,
    Committee,
    #[default]
    Member,
}

impl Position {
    pub const ALL: [Position; 4] = [Position::Secretary, Position::DeputySecretary, Position::Committee, Position::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Position::Secretary => "secretary",
            Position::DeputySecretary => "deputy_secretary",
            Position::Committee => "committee",
            Position::Member => "member",
        }
    }
    pub fn parse(text: &str) -> Option<Position> {
        Position::ALL.into_iter().find(|p| p.as_str() == text)
    }
    pub fn label(self) -> &'static str {
        match self {
            Position::Secretary => "Bí thư",
            Position::DeputySecretary => "Phó Bí thư",
            Position::Committee => "Ủy viên BCH",
            Position::Member => "Đoàn viên",
        }
    }
}

/// A choice and its Vietnamese label, for the UI's lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

/// Every closed list of the Đoàn viên page with its labels, so the UI shows the same words as
/// the documents and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Vocabulary {
    pub statuses: Vec<Choice<Status>>,
    pub positions: Vec<Choice<Position>>,
    pub age_bands: Vec<Choice<AgeBand>>,
    pub import_fields: Vec<Choice<import::ImportField>>,
}

pub fn vocabulary() -> Vocabulary {
    fn choices<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<Choice<T>> {
        all.iter().map(|&value| Choice { value, label: label(value).to_string() }).collect()
    }
    Vocabulary {
        statuses: choices(&Status::ALL, Status::label),
        positions: choices(&Position::ALL, Position::label),
        age_bands: choices(&AgeBand::ALL, AgeBand::label),
        import_fields: choices(&import::ImportField::ALL, import::ImportField::label),
    }
}

/// A member record as the form (or an import row) gives it: dates as typed, "dd/mm/yyyy".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberInput {
    pub full_name: String,
    pub other_name: String,
    pub sex: Option<Sex>,
    pub date_of_birth: String,
    pub hometown: String,
    pub residence: String,
    pub ethnicity: String,
    pub religion: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub occupation: String,
    pub education: String,
    pub qualification: String,
    pub political_theory: String,
    pub it_level: String,
    pub language_level: String,
    pub joined_on: String,
    pub joined_place: String,
    pub card_number: String,
    pub party_introduced_on: String,
    pub party_member_since: String,
    pub position: Position,
    pub salaried: bool,
    /// Why a member joined outside the ages 16–30 (required in that case).
    pub age_note: String,
    pub notes: String,
}

/// A field of the member form, as the UI names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MemberField {
    FullName,
    DateOfBirth,
    IdNumber,
    Phone,
    Email,
    JoinedOn,
    CardNumber,
    PartyIntroducedOn,
    PartyMemberSince,
    AgeNote,
    Other,
}

/// One thing wrong with a member record, in Vietnamese, and the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MemberProblem {
    pub field: MemberField,
    pub message: String,
}

/// A record that passed validation: text cleaned, dates read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMember {
    pub input: MemberInput,
    pub date_of_birth: Option<NaiveDate>,
    pub joined_on: Option<NaiveDate>,
    pub party_introduced_on: Option<NaiveDate>,
    pub party_member_since: Option<NaiveDate>,
    pub card_number: Option<String>,
}

/// Admission ages (Điều lệ Đoàn).
pub const MIN_JOIN_AGE: i32 = 16;
pub const MAX_JOIN_AGE: i32 = 30;

/// Cleans and checks a record; `today` bounds the dates. Every problem is reported at once.
/// A joining age outside 16–30 is history, not an error: when no note explains it, the note
/// "Vào Đoàn năm 15 tuổi (ghi nhận ngày …)" is written, to stay visible until reviewed.
pub fn validate(input: &MemberInput, today: NaiveDate) -> Result<ValidMember, Vec<MemberProblem>> {
    validate_noting(input, today, &format!("ghi nhận ngày {}", dates::display(today)))
}

/// [`validate`], saying where an unexplained joining age was found (`source`, e.g. "theo
/// danh sách nhập ngày 22/11/2026").
pub fn validate_noting(input: &MemberInput, today: NaiveDate, source: &str) -> Result<ValidMember, Vec<MemberProblem>> {
    let mut problems = Vec::new();
    let mut problem = |field, message: String| problems.push(MemberProblem { field, message });
    let c = |s: &str| clean(s);
    let mut m = MemberInput {
        full_name: c(&input.full_name),
        other_name: c(&input.other_name),
        sex: input.sex,
        date_of_birth: c(&input.date_of_birth),
        hometown: c(&input.hometown),
        residence: c(&input.residence),
        ethnicity: c(&input.ethnicity),
        religion: c(&input.religion),
        id_number: c(&input.id_number).replace(' ', ""),
        phone: c(&input.phone),
        email: c(&input.email),
        occupation: c(&input.occupation),
        education: c(&input.education),
        qualification: c(&input.qualification),
        political_theory: c(&input.political_theory),
        it_level: c(&input.it_level),
        language_level: c(&input.language_level),
        joined_on: c(&input.joined_on),
        joined_place: c(&input.joined_place),
        card_number: c(&input.card_number).replace(' ', ""),
        party_introduced_on: c(&input.party_introduced_on),
        party_member_since: c(&input.party_member_since),
        position: input.position,
        salaried: input.salaried,
        age_note: c(&input.age_note),
        notes: crate::text::clean_lines(&input.notes),
    };

    if m.full_name.is_empty() {
        problem(MemberField::FullName, "Họ và tên không được để trống.".into());
    } else if m.full_name.chars().count() > 100 {
        problem(MemberField::FullName, "Họ và tên dài quá 100 ký tự.".into());
    } else if m.full_name.chars().any(|ch| ch.is_ascii_digit()) {
        problem(MemberField::FullName, format!("Họ và tên “{}” có chữ số.", m.full_name));
    }

    let mut date = |field, label: &str, text: &str| -> Option<NaiveDate> {
        if text.is_empty() {
            return None;
        }
        match dates::parse(text) {
            Some(d) if d > today => {
                problem(field, format!("{label} {} ở sau ngày hôm nay.", dates::display(d)));
                None
            }
            Some(d) if d.year_ce().1 < 1900 => {
                problem(field, format!("{label} {} quá xa.", dates::display(d)));
                None
            }
            Some(d) => Some(d),
            None => {
                problem(field, format!("{label} “{text}” không đúng dạng ngày/tháng/năm (ví dụ 05/02/1998)."));
                None
            }
        }
    };
    let date_of_birth = date(MemberField::DateOfBirth, "Ngày sinh", &m.date_of_birth);
    let joined_on = date(MemberField::JoinedOn, "Ngày vào Đoàn", &m.joined_on);
    let party_introduced_on = date(MemberField::PartyIntroducedOn, "Ngày giới thiệu vào Đảng", &m.party_introduced_on);
    let party_member_since = date(MemberField::PartyMemberSince, "Ngày vào Đảng", &m.party_member_since);

    if let (Some(birth), Some(joined)) = (date_of_birth, joined_on) {
        let age = dates::age_on(birth, joined);
        if !(MIN_JOIN_AGE..=MAX_JOIN_AGE).contains(&age) && m.age_note.is_empty() {
            m.age_note = format!("Vào Đoàn năm {age} tuổi ({source})");
        }
    }

    if !m.phone.is_empty() {
        let digits: String = m.phone.chars().filter(|ch| !matches!(ch, ' ' | '.' | '-')).collect();
        let digits = digits.strip_prefix("+84").map(|rest| format!("0{rest}")).unwrap_or(digits);
        if digits.len() < 9 || digits.len() > 11 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(MemberProblem {
                field: MemberField::Phone,
                message: "Số điện thoại phải gồm 9–11 chữ số (ví dụ 0912345678).".into(),
            });
        } else {
            m.phone = digits;
        }
    }
    let id_ok = m.id_number.bytes().all(|b| b.is_ascii_digit()) && [9, 12].contains(&m.id_number.len());
    if !m.id_number.is_empty() && !id_ok {
        problems.push(MemberProblem {
            field: MemberField::IdNumber,
            message: format!("Số CCCD/CMND phải gồm 12 (hoặc 9) chữ số; ô này có {} ký tự.", m.id_number.chars().count()),
        });
    }
    if !m.email.is_empty() && !m.email.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.')) {
        problems.push(MemberProblem { field: MemberField::Email, message: format!("Email “{}” không hợp lệ.", m.email) });
    }
    if m.card_number.chars().count() > 20 {
        problems.push(MemberProblem { field: MemberField::CardNumber, message: "Số thẻ đoàn dài quá 20 ký tự.".into() });
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    // Dates are kept in one written form.
    for (text, date) in [
        (&mut m.date_of_birth, date_of_birth),
        (&mut m.joined_on, joined_on),
        (&mut m.party_introduced_on, party_introduced_on),
        (&mut m.party_member_since, party_member_since),
    ] {
        if let Some(d) = date {
            *text = dates::display(d);
        }
    }
    let card_number = (!m.card_number.is_empty()).then(|| m.card_number.clone());
    Ok(ValidMember { input: m, date_of_birth, joined_on, party_introduced_on, party_member_since, card_number })
}

/// What is unusual but real about a record (a warning, never a refusal): a joining age
/// outside 16–30, no joining date, over the Union's age, no card number.
pub fn warnings(v: &ValidMember, today: NaiveDate) -> Vec<String> {
    let mut found = vec![];
    match (v.date_of_birth, v.joined_on) {
        (Some(birth), Some(joined)) => {
            let age = dates::age_on(birth, joined);
            if !(MIN_JOIN_AGE..=MAX_JOIN_AGE).contains(&age) {
                found.push(format!("Vào Đoàn năm {age} tuổi, ngoài độ tuổi {MIN_JOIN_AGE}–{MAX_JOIN_AGE}; đã ghi vào “Ghi chú tuổi”."));
            }
        }
        (_, None) => found.push("Chưa có ngày vào Đoàn: tính là sinh hoạt tại chi đoàn từ trước mọi kỳ báo cáo.".into()),
        _ => {}
    }
    if let Some(birth) = v.date_of_birth {
        let age = dates::age_on(birth, today);
        if age > MAX_JOIN_AGE {
            found.push(format!("Đã {age} tuổi, quá {MAX_JOIN_AGE}: xem xét trưởng thành Đoàn."));
        }
    }
    if v.card_number.is_none() {
        found.push("Chưa có số thẻ đoàn viên.".into());
    }
    found
}

#[cfg(test)]
mod tests;
