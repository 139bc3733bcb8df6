//! Members in the database: one transaction per user action, the list order and search kept
//! in derived columns (`sort_key`, `search_text`) so that a search over tens of thousands of
//! members answers in milliseconds.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{membership, validate, MemberField, MemberInput, MemberProblem, Position, Sex, Status, ValidMember};
use crate::{dates, names};

#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("{}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<MemberProblem>),
    #[error("Không tìm thấy đoàn viên số {0}.")]
    NotFound(i64),
    #[error("Lỗi cơ sở dữ liệu khi ghi sổ đoàn viên: {0}")]
    Storage(#[from] rusqlite::Error),
}

impl MemberError {
    pub fn invalid(field: MemberField, message: impl Into<String>) -> Self {
        MemberError::Invalid(vec![MemberProblem { field, message: message.into() }])
    }
}

/// A stored member, as lists, the CLI and the exchange formats give it (dates ISO).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Member {
    #[ts(type = "number")]
    pub id: i64,
    pub full_name: String,
    pub other_name: String,
    pub sex: Option<Sex>,
    pub date_of_birth: Option<String>,
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
    pub joined_on: Option<String>,
    pub joined_place: String,
    pub card_number: Option<String>,
    pub party_introduced_on: Option<String>,
    pub party_member_since: Option<String>,
    pub position: Position,
    pub salaried: bool,
    pub age_note: String,
    pub notes: String,
    pub status: Status,
}

const COLUMNS: &str = "id, full_name, other_name, sex, date_of_birth, hometown, residence, ethnicity, religion, \
    id_number, phone, email, occupation, education, qualification, political_theory, it_level, language_level, \
    joined_on, joined_place, card_number, party_introduced_on, party_member_since, position, salaried, age_note, \
    notes, status";

fn member_from_row(r: &Row) -> rusqlite::Result<Member> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    Ok(Member {
        id: r.get(0)?,
        full_name: text(1)?,
        other_name: text(2)?,
        sex: r.get::<_, Option<String>>(3)?.as_deref().and_then(Sex::parse),
        date_of_birth: r.get(4)?,
        hometown: text(5)?,
        residence: text(6)?,
        ethnicity: text(7)?,
        religion: text(8)?,
        id_number: text(9)?,
        phone: text(10)?,
        email: text(11)?,
        occupation: text(12)?,
        education: text(13)?,
        qualification: text(14)?,
        political_theory: text(15)?,
        it_level: text(16)?,
        language_level: text(17)?,
        joined_on: r.get(18)?,
        joined_place: text(19)?,
        card_number: r.get(20)?,
        party_introduced_on: r.get(21)?,
        party_member_since: r.get(22)?,
        position: Position::parse(&text(23)?).unwrap_or_default(),
        salaried: r.get(24)?,
        age_note: text(25)?,
        notes: text(26)?,
        status: Status::parse(&text(27)?).unwrap_or(Status::Active),
    })
}

impl Member {
    /// The record as the edit form shows it (dates dd/mm/yyyy).
    pub fn to_input(&self) -> MemberInput {
        let shown = |d: &Option<String>| d.as_deref().and_then(dates::parse).map(dates::display).unwrap_or_default();
        MemberInput {
            full_name: self.full_name.clone(),
            other_name: self.other_name.clone(),
            sex: self.sex,
            date_of_birth: shown(&self.date_of_birth),
            hometown: self.hometown.clone(),
            residence: self.residence.clone(),
            ethnicity: self.ethnicity.clone(),
            religion: self.religion.clone(),
            id_number: self.id_number.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            occupation: self.occupation.clone(),
            education: self.education.clone(),
            qualification: self.qualification.clone(),
            political_theory: self.political_theory.clone(),
            it_level: self.it_level.clone(),
            language_level: self.language_level.clone(),
            joined_on: shown(&self.joined_on),
            joined_place: self.joined_place.clone(),
            card_number: self.card_number.clone().unwrap_or_default(),
            party_introduced_on: shown(&self.party_introduced_on),
            party_member_since: shown(&self.party_member_since),
            position: self.position,
            salaried: self.salaried,
            age_note: self.age_note.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// What the search box looks through: the name, other name, card number and phone, folded.
fn search_text(m: &MemberInput) -> String {
    names::fold(&format!("{} {} {} {}", m.full_name, m.other_name, m.card_number, m.phone))
}

fn iso(d: Option<NaiveDate>) -> Option<String> {
    d.map(dates::iso)
}

/// Refuses a card number that another member already holds.
fn check_card_free(conn: &Connection, card: Option<&str>, except: Option<i64>) -> Result<(), MemberError> {
    let Some(card) = card else { return Ok(()) };
    let holder: Option<(i64, String)> = conn
        .query_row("SELECT id, full_name FROM member WHERE card_number = ?1", [card], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match holder {
        Some((id, name)) if Some(id) != except => Err(MemberError::invalid(
            MemberField::CardNumber,
            format!("Số thẻ đoàn {card} đã cấp cho đoàn viên {name}."),
        )),
        _ => Ok(()),
    }
}

/// Writes a validated member (new when `id` is None) inside the caller's transaction.
pub(crate) fn write(conn: &Connection, id: Option<i64>, v: &ValidMember) -> Result<i64, MemberError> {
    check_card_free(conn, v.card_number.as_deref(), id)?;
    let m = &v.input;
    let dob = iso(v.date_of_birth);
    let values = params![
        m.full_name,
        m.other_name,
        m.sex.map(Sex::as_str),
        dob,
        m.hometown,
        m.residence,
        m.ethnicity,
        m.religion,
        m.id_number,
        m.phone,
        m.email,
        m.occupation,
        m.education,
        m.qualification,
        m.political_theory,
        m.it_level,
        m.language_level,
        iso(v.joined_on),
        m.joined_place,
        v.card_number,
        iso(v.party_introduced_on),
        iso(v.party_member_since),
        m.position.as_str(),
        m.salaried,
        m.age_note,
        m.notes,
        names::sort_key(&m.full_name, dob.as_deref()),
        search_text(m),
    ];
    match id {
        None => {
            conn.execute(
                "INSERT INTO member (full_name, other_name, sex, date_of_birth, hometown, residence, ethnicity,
                    religion, id_number, phone, email, occupation, education, qualification, political_theory,
                    it_level, language_level, joined_on, joined_place, card_number, party_introduced_on,
                    party_member_since, position, salaried, age_note, notes, sort_key, search_text,
                    status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, 'active', datetime('now'), datetime('now'))",
                values,
            )?;
            let id = conn.last_insert_rowid();
            // Here from before: since joining, or before any period when that is unknown.
            let since = iso(v.joined_on);
            conn.execute(
                "INSERT INTO member_status (member_id, status, since, recorded_at) VALUES (?1, 'active', ?2, datetime('now'))",
                params![id, since],
            )?;
            Ok(id)
        }
        Some(id) => {
            let changed = conn.execute(
                "UPDATE member SET full_name = ?1, other_name = ?2, sex = ?3, date_of_birth = ?4, hometown = ?5,
                    residence = ?6, ethnicity = ?7, religion = ?8, id_number = ?9, phone = ?10, email = ?11,
                    occupation = ?12, education = ?13, qualification = ?14, political_theory = ?15,
                    it_level = ?16, language_level = ?17, joined_on = ?18, joined_place = ?19,
                    card_number = ?20, party_introduced_on = ?21, party_member_since = ?22, position = ?23,
                    salaried = ?24, age_note = ?25, notes = ?26, sort_key = ?27, search_text = ?28,
                    updated_at = datetime('now')
                 WHERE id = ?29",
                rusqlite::params_from_iter(values.iter().copied().chain([&id as &dyn rusqlite::ToSql])),
            )?;
            if changed == 0 {
                return Err(MemberError::NotFound(id));
            }
            Ok(id)
        }
    }
}

/// How a member added by hand came to the branch.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Joining {
    /// Here from before: since the joining date when known, else before any period.
    #[default]
    Existing,
    /// Kết nạp mới: admitted here on the joining date (required).
    Admitted,
    /// Chuyển đến: transferred in on `on` (dd/mm/yyyy), having joined elsewhere.
    Arrived { on: String },
}

/// Adds a member; one transaction. Their time in the branch starts as `joining` says.
pub fn create(conn: &mut Connection, input: &MemberInput, joining: &Joining) -> Result<Member, MemberError> {
    let today = crate::today();
    let valid = validate(input, today).map_err(MemberError::Invalid)?;
    let start = match joining {
        Joining::Existing => None,
        Joining::Admitted => {
            let on = valid.joined_on.ok_or_else(|| {
                MemberError::invalid(MemberField::JoinedOn, "Kết nạp mới: hãy nhập ngày vào Đoàn (ngày kết nạp).")
            })?;
            Some((Status::Active, on))
        }
        Joining::Arrived { on } => {
            let day = dates::parse(on).ok_or_else(|| {
                MemberError::invalid(MemberField::Other, format!("Ngày chuyển đến “{}” không đúng dạng ngày/tháng/năm.", on.trim()))
            })?;
            if day > today {
                return Err(MemberError::invalid(MemberField::Other, format!("Ngày chuyển đến {} ở sau ngày hôm nay.", dates::display(day))));
            }
            if let Some(joined) = valid.joined_on.filter(|j| *j > day) {
                return Err(MemberError::invalid(
                    MemberField::JoinedOn,
                    format!("Ngày vào Đoàn {} ở sau ngày chuyển đến {}.", dates::display(joined), dates::display(day)),
                ));
            }
            Some((Status::TransferredIn, day))
        }
    };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let id = write(&tx, None, &valid)?;
    if let Some((status, on)) = start {
        tx.execute("UPDATE member_status SET status = ?1, since = ?2 WHERE member_id = ?3", params![status.as_str(), dates::iso(on), id])?;
        tx.execute("UPDATE member SET status = ?1 WHERE id = ?2", params![status.as_str(), id])?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Replaces a member's record; one transaction.
pub fn update(conn: &mut Connection, id: i64, input: &MemberInput) -> Result<Member, MemberError> {
    let valid = validate(input, crate::today()).map_err(MemberError::Invalid)?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = get(&tx, id)?;
    write(&tx, Some(id), &valid)?;
    // A position changed by hand starts (and ends) today, in the position history.
    super::positions::move_to(&tx, id, before.position, valid.input.position, &dates::iso(crate::today()), "Sửa hồ sơ")?;
    // A member here since joining (or admitted here) is here since the corrected joining date.
    if before.joined_on != iso(valid.joined_on) {
        let problems = membership::problems(&entries(&tx, id)?);
        tx.execute(
            "UPDATE member_status SET since = ?1 WHERE id = (SELECT min(id) FROM member_status WHERE member_id = ?2)
                 AND status = 'active' AND since IS ?3",
            params![iso(valid.joined_on), id, before.joined_on],
        )?;
        settle(&tx, id, problems)?;
    }
    tx.commit()?;
    get(conn, id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Member, MemberError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM member WHERE id = ?1"), [id], member_from_row)
        .optional()?
        .ok_or(MemberError::NotFound(id))
}

/// Age bands of the statistics and the list filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AgeBand {
    From16To18,
    From19To22,
    From23To25,
    From26To30,
    Over30,
}

impl AgeBand {
    pub const ALL: [AgeBand; 5] =
        [AgeBand::From16To18, AgeBand::From19To22, AgeBand::From23To25, AgeBand::From26To30, AgeBand::Over30];

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::From16To18 => "16–18",
            AgeBand::From19To22 => "19–22",
            AgeBand::From23To25 => "23–25",
            AgeBand::From26To30 => "26–30",
            AgeBand::Over30 => "Trên 30",
        }
    }

    /// The youngest and oldest ages in the band.
    fn ages(self) -> (i32, Option<i32>) {
        match self {
            AgeBand::From16To18 => (16, Some(18)),
            AgeBand::From19To22 => (19, Some(22)),
            AgeBand::From23To25 => (23, Some(25)),
            AgeBand::From26To30 => (26, Some(30)),
            AgeBand::Over30 => (31, None),
        }
    }

    pub fn of_age(age: i32) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| {
            let (lo, hi) = b.ages();
            age >= lo && hi.is_none_or(|hi| age <= hi)
        })
    }

    /// Dates of birth in the band on `today`, as ISO bounds: (born after, born on or before).
    fn birth_range(self, today: NaiveDate) -> (Option<String>, String) {
        let (youngest, oldest) = self.ages();
        let years_ago = |n: i32| today.with_year(today.year() - n).unwrap_or(today - chrono::Days::new(1));
        let latest = dates::iso(years_ago(youngest));
        let after = oldest.map(|o| dates::iso(years_ago(o + 1)));
        (after, latest)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortColumn {
    #[default]
    Name,
    DateOfBirth,
    JoinedOn,
    CardNumber,
    Status,
}

/// What the list shows: the search text, filters, order and the window of rows wanted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ListQuery {
    pub search: String,
    /// Empty: the current members (đang sinh hoạt, chuyển đến, sinh hoạt nơi cư trú).
    pub statuses: Vec<Status>,
    pub sex: Option<Sex>,
    pub position: Option<Position>,
    pub party_member: Option<bool>,
    pub age_band: Option<AgeBand>,
    pub rating_year: Option<i32>,
    pub rating: Option<String>,
    pub sort: SortColumn,
    pub descending: bool,
    pub offset: u32,
    /// 0: every row.
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ListPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<Member>,
}

/// The members the query selects, in the requested order, with the total count.
pub fn list(conn: &Connection, query: &ListQuery, today: NaiveDate) -> Result<ListPage, MemberError> {
    let mut wheres: Vec<String> = Vec::new();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let statuses: Vec<Status> = if query.statuses.is_empty() {
        Status::ALL.into_iter().filter(|s| s.is_current()).collect()
    } else {
        query.statuses.clone()
    };
    wheres.push(format!(
        "status IN ({})",
        statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
    ));
    for word in names::fold(&query.search).split(' ').filter(|w| !w.is_empty()) {
        args.push(Box::new(word.to_string()));
        wheres.push(format!("instr(search_text, ?{}) > 0", args.len()));
    }
    if let Some(sex) = query.sex {
        wheres.push(format!("sex = '{}'", sex.as_str()));
    }
    if let Some(position) = query.position {
        wheres.push(format!("position = '{}'", position.as_str()));
    }
    match query.party_member {
        Some(true) => wheres.push("party_member_since IS NOT NULL".into()),
        Some(false) => wheres.push("party_member_since IS NULL".into()),
        None => {}
    }
    if let Some(band) = query.age_band {
        let (after, latest) = band.birth_range(today);
        args.push(Box::new(latest));
        wheres.push(format!("date_of_birth <= ?{}", args.len()));
        if let Some(after) = after {
            args.push(Box::new(after));
            wheres.push(format!("date_of_birth > ?{}", args.len()));
        }
    }
    if let Some(year) = query.rating_year {
        args.push(Box::new(year));
        let year_arg = args.len();
        match &query.rating {
            Some(rating) => {
                args.push(Box::new(rating.clone()));
                wheres.push(format!(
                    "EXISTS (SELECT 1 FROM member_rating r WHERE r.member_id = member.id AND r.year = ?{year_arg} AND r.rating = ?{})",
                    args.len()
                ));
            }
            None => wheres.push(format!(
                "EXISTS (SELECT 1 FROM member_rating r WHERE r.member_id = member.id AND r.year = ?{year_arg})"
            )),
        }
    }
    let filter = wheres.join(" AND ");
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) FROM member WHERE {filter}"),
        params_from_iter(args.iter()),
        |r| r.get(0),
    )?;
    let direction = if query.descending { "DESC" } else { "ASC" };
    let order = match query.sort {
        SortColumn::Name => format!("sort_key {direction}"),
        SortColumn::DateOfBirth => format!("date_of_birth IS NULL, date_of_birth {direction}, sort_key"),
        SortColumn::JoinedOn => format!("joined_on IS NULL, joined_on {direction}, sort_key"),
        SortColumn::CardNumber => format!("card_number IS NULL, length(card_number) {direction}, card_number {direction}, sort_key"),
        SortColumn::Status => format!("status {direction}, sort_key"),
    };
    let limit = if query.limit == 0 { -1 } else { i64::from(query.limit) };
    let sql = format!("SELECT {COLUMNS} FROM member WHERE {filter} ORDER BY {order} LIMIT {limit} OFFSET {}", query.offset);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args.iter()), member_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(ListPage { total, offset: query.offset, rows })
}

/// A change of status as entered: date "dd/mm/yyyy"; a transfer out names its destination and
/// the last month of dues paid ("mm/yyyy").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct StatusInput {
    pub status: Option<Status>,
    pub since: String,
    pub destination: String,
    pub dues_paid_until: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StatusChange {
    #[ts(type = "number")]
    pub id: i64,
    pub status: Status,
    /// ISO date; null: before any period (a member from an existing list, joining date unknown).
    pub since: Option<String>,
    pub destination: String,
    /// "mm/yyyy" or "".
    pub dues_paid_until: String,
    pub note: String,
}

/// Records a change of status; one transaction. Refused when it makes the history incoherent
/// (leaving while not in the branch, arriving while in it) or is dated after today.
pub fn change_status(conn: &mut Connection, id: i64, input: &StatusInput) -> Result<Member, MemberError> {
    let status = input.status.ok_or_else(|| MemberError::invalid(MemberField::Other, "Hãy chọn trạng thái mới."))?;
    let since = dates::parse(&input.since).ok_or_else(|| {
        MemberError::invalid(MemberField::Other, format!("Ngày “{}” không đúng dạng ngày/tháng/năm.", input.since.trim()))
    })?;
    let destination = crate::text::clean(&input.destination);
    let paid_text = crate::text::clean(&input.dues_paid_until);
    let paid_to = match paid_text.as_str() {
        "" => None,
        text => Some(membership::parse_month(text).ok_or_else(|| {
            MemberError::invalid(
                MemberField::Other,
                format!("Tháng đã đóng đoàn phí “{text}” phải có dạng tháng/năm, ví dụ 08/2026."),
            )
        })?),
    };
    if paid_to.is_some() && status != Status::TransferredOut {
        return Err(MemberError::invalid(MemberField::Other, "Chỉ ghi tháng đã đóng đoàn phí khi chuyển đi."));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    record_status(&tx, id, status, since, &destination, paid_to, &crate::text::clean(&input.note))?;
    tx.commit()?;
    get(conn, id)
}

/// Writes a change of status inside the caller's transaction, with the rules of the history
/// ([`membership::problems`]), and makes the latest one the member's status.
pub(crate) fn record_status(
    tx: &Connection,
    id: i64,
    status: Status,
    since: NaiveDate,
    destination: &str,
    paid_to: Option<NaiveDate>,
    note: &str,
) -> Result<(), MemberError> {
    if since > crate::today() {
        return Err(MemberError::invalid(MemberField::Other, format!("Ngày {} ở sau ngày hôm nay.", dates::display(since))));
    }
    get(tx, id)?;
    let before = membership::problems(&entries(tx, id)?);
    tx.execute(
        "INSERT INTO member_status (member_id, status, since, destination, dues_paid_until, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, datetime('now'))",
        params![id, status.as_str(), dates::iso(since), destination, paid_to.map(|p| p.format("%Y-%m").to_string()).unwrap_or_default(), note],
    )?;
    settle(tx, id, before)
}

/// After a change of a member's history: refuses it when it made a problem the history did
/// not have (`before`), else makes the latest change by date the member's status.
fn settle(tx: &Connection, id: i64, mut before: Vec<String>) -> Result<(), MemberError> {
    let after = entries(tx, id)?;
    for problem in membership::problems(&after) {
        match before.iter().position(|p| *p == problem) {
            Some(i) => {
                before.swap_remove(i);
            }
            None => return Err(MemberError::invalid(MemberField::Other, problem)),
        }
    }
    if let Some(latest) = after.last() {
        tx.execute("UPDATE member SET status = ?1, updated_at = datetime('now') WHERE id = ?2", params![latest.status.as_str(), id])?;
    }
    Ok(())
}

/// Removes a change of status recorded by mistake; one transaction. The first one (how the
/// member came) stays, and the history must still hold together.
pub fn remove_status(conn: &mut Connection, member_id: i64, status_id: i64) -> Result<Member, MemberError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let first: Option<i64> = tx.query_row("SELECT min(id) FROM member_status WHERE member_id = ?1", [member_id], |r| r.get(0))?;
    if first == Some(status_id) {
        return Err(MemberError::invalid(MemberField::Other, "Không xóa được dòng đầu tiên: đó là lúc đoàn viên bắt đầu sinh hoạt tại chi đoàn."));
    }
    let before = membership::problems(&entries(&tx, member_id)?);
    if tx.execute("DELETE FROM member_status WHERE id = ?1 AND member_id = ?2", params![status_id, member_id])? == 0 {
        return Err(MemberError::invalid(MemberField::Other, "Không tìm thấy dòng trạng thái này."));
    }
    settle(&tx, member_id, before)?;
    tx.commit()?;
    get(conn, member_id)
}

const HISTORY: &str = "SELECT member_id, status, since, destination, dues_paid_until, note, id FROM member_status";

fn change_from_row(r: &Row) -> rusqlite::Result<(i64, StatusChange)> {
    Ok((
        r.get(0)?,
        StatusChange {
            status: Status::parse(&r.get::<_, String>(1)?).unwrap_or(Status::Active),
            since: r.get(2)?,
            destination: r.get(3)?,
            dues_paid_until: r.get(4)?,
            note: r.get(5)?,
            id: r.get(6)?,
        },
    ))
}

impl StatusChange {
    fn entry(&self) -> membership::Entry {
        membership::Entry {
            status: self.status,
            since: self.since.as_deref().and_then(dates::parse),
            paid_to: membership::parse_month(&self.dues_paid_until),
        }
    }
}

/// The member's statuses, oldest first (those from before any period first of all).
pub fn status_history(conn: &Connection, id: i64) -> Result<Vec<StatusChange>, MemberError> {
    let mut stmt = conn.prepare_cached(&format!("{HISTORY} WHERE member_id = ?1 ORDER BY since, id"))?;
    let rows = stmt.query_map([id], change_from_row)?.map(|r| r.map(|(_, mut c)| {
        c.dues_paid_until = membership::parse_month(&c.dues_paid_until).map(|m| m.format("%m/%Y").to_string()).unwrap_or(c.dues_paid_until);
        c
    }));
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn entries(conn: &Connection, id: i64) -> rusqlite::Result<Vec<membership::Entry>> {
    let mut stmt = conn.prepare_cached(&format!("{HISTORY} WHERE member_id = ?1 ORDER BY since, id"))?;
    let rows = stmt.query_map([id], change_from_row)?.map(|r| r.map(|(_, c)| c.entry()));
    rows.collect()
}

/// One member's spells in the branch.
pub fn spells_of(conn: &Connection, id: i64) -> rusqlite::Result<Vec<membership::Spell>> {
    Ok(membership::spells(&entries(conn, id)?))
}

/// Every member's spells in the branch, by member id (one read of the history).
pub fn all_spells(conn: &Connection) -> Result<HashMap<i64, Vec<membership::Spell>>, rusqlite::Error> {
    let mut stmt = conn.prepare_cached(&format!("{HISTORY} ORDER BY member_id, since, id"))?;
    let mut histories: HashMap<i64, Vec<membership::Entry>> = HashMap::new();
    for row in stmt.query_map([], change_from_row)? {
        let (id, change) = row?;
        histories.entry(id).or_default().push(change.entry());
    }
    Ok(histories.into_iter().map(|(id, h)| (id, membership::spells(&h))).collect())
}

/// Recomputes the derived columns when the way they are computed changed (a newer collation).
pub fn refresh_derived(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    let stored: i64 = conn.query_row("SELECT value FROM setting WHERE key = 'sort_key_version'", [], |r| {
        r.get::<_, String>(0).map(|v| v.parse().unwrap_or(0))
    })?;
    if stored == names::SORT_KEY_VERSION {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut read = tx.prepare("SELECT id, full_name, date_of_birth FROM member")?;
        let mut write = tx.prepare("UPDATE member SET sort_key = ?1 WHERE id = ?2")?;
        let rows = read
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        for (id, name, dob) in rows {
            write.execute(params![names::sort_key(&name, dob.as_deref()), id])?;
        }
    }
    tx.execute("UPDATE setting SET value = ?1 WHERE key = 'sort_key_version'", [names::SORT_KEY_VERSION.to_string()])?;
    tx.commit()
}
