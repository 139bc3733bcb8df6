//! Files that carry a congress between computers (docs/congress-exchange.md): the whole
//! congress, and one entry pass of one round for double entry on a second PC.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::election::{self, mode_str, round_state};
use super::store::{audit, checked, immediate, insert_attendee, write_congress, write_motion};
use super::*;
use crate::tally::judge;
use crate::text::clean;

/// The congress as its exchange file's JSON.
pub fn export(conn: &Connection, congress_id: i64) -> Result<String, CongressError> {
    Ok(serde_json::to_string_pretty(&load(conn, congress_id)?).expect("congress serialises"))
}

/// Writes an exchange or pass file.
pub fn write_file(path: &Path, json: &str) -> Result<(), CongressError> {
    crate::files::write(path, format!("{json}\n").as_bytes()).map_err(|e| bad(format!("không ghi được “{}”: {e}", path.display())))
}

/// Reads an exchange or pass file: UTF-8, with or without a BOM, at most [`MAX_FILE`] bytes.
pub fn read_file(path: &Path) -> Result<String, CongressError> {
    let size = std::fs::metadata(path).map_err(|e| bad(format!("không đọc được “{}”: {e}", path.display())))?.len();
    if size > MAX_FILE {
        return Err(bad(format!("tệp “{}” lớn {} MB, quá giới hạn {} MB của một tệp đại hội", path.display(), size >> 20, MAX_FILE >> 20)));
    }
    let text = std::fs::read_to_string(path).map_err(|e| bad(format!("không đọc được “{}”: {e}", path.display())))?;
    Ok(without_bom(&text).to_string())
}

/// The largest congress or pass file read: a congress of 300 delegates with every ballot of
/// several rounds in two passes is a few MB.
pub const MAX_FILE: u64 = 64 << 20;

/// The text without a UTF-8 byte-order mark, as Notepad writes one.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn bad(message: impl Into<String>) -> CongressError {
    CongressError::File(message.into())
}

/// Reads a congress file into a new congress, in one transaction; returns its id.
pub fn import(conn: &mut Connection, json: &str) -> Result<i64, CongressError> {
    let data: CongressData = serde_json::from_str(without_bom(json)).map_err(|e| bad(e.to_string()))?;
    if data.format != FORMAT {
        return Err(bad(format!("không phải tệp đại hội (format “{}”)", data.format)));
    }
    if data.version > FORMAT_VERSION {
        return Err(bad(format!("tệp phiên bản {} mới hơn phiên bản ứng dụng đọc được ({FORMAT_VERSION})", data.version)));
    }
    let out_of_bounds = rules::bounds(&data);
    if !out_of_bounds.is_empty() {
        return Err(CongressError::Refused(out_of_bounds.join(" ")));
    }
    let congress = checked(&data.congress)?;
    let tx = immediate(conn)?;
    let congress_id = write_congress(&tx, None, &congress)?;
    let mut attendees = HashMap::new();
    for a in &data.attendees {
        // A registry link holds only when this database has that member under that name.
        let member_id = match a.member_id {
            Some(id) => tx
                .query_row("SELECT id FROM member WHERE id = ?1 AND full_name = ?2", params![id, a.full_name], |r| r.get(0))
                .optional()?,
            None => None,
        };
        let a = Attendee { member_id, full_name: clean(&a.full_name), note: clean(&a.note), absence_reason: clean(&a.absence_reason), ..a.clone() };
        let new = insert_attendee(&tx, congress_id, &a)?;
        attendees.insert(a.id, new);
    }
    for g in &data.guests {
        tx.execute("INSERT INTO guest (congress_id, name, title) VALUES (?1, ?2, ?3)", params![congress_id, clean(&g.name), clean(&g.title)])?;
    }
    for item in &data.agenda {
        tx.execute(
            "INSERT INTO agenda_item (congress_id, title, notes) VALUES (?1, ?2, ?3)",
            params![congress_id, clean(&item.title), crate::text::clean_lines(&item.notes)],
        )?;
    }
    for m in &data.motions {
        check_motion(m)?;
        write_motion(&tx, congress_id, None, &Motion { title: clean(&m.title), ..m.clone() })?;
    }
    for e in &data.elections {
        import_election(&tx, congress_id, e, &attendees)?;
    }
    for a in &data.audit {
        tx.execute(
            "INSERT INTO audit (congress_id, at, actor, action, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![congress_id, a.at, a.actor, a.action, a.detail],
        )?;
    }
    // The same rules as the window: a file carries in nothing the window would refuse.
    let problems = rules::problems(&load(&tx, congress_id)?);
    if !problems.is_empty() {
        return Err(CongressError::Refused(problems.join(" ")));
    }
    audit(&tx, congress_id, "Nhập đại hội từ tệp", &data.congress.name)?;
    tx.commit()?;
    Ok(congress_id)
}

fn import_election(tx: &Connection, congress_id: i64, e: &Election, attendees: &HashMap<i64, i64>) -> Result<(), CongressError> {
    let input = election::check_input(&e.clone().into()).map_err(|err| CongressError::Refused(format!("{}: {err}", e.title)))?;
    let election_id = election::insert_election(tx, congress_id, &input)?;
    let mut candidates = HashMap::new();
    for c in &e.candidates {
        let attendee_id = match c.attendee_id {
            None => None,
            Some(a) => Some(attendees.get(&a).copied().ok_or_else(|| {
                CongressError::Refused(format!("{}: ứng cử viên {} trỏ tới người dự số {a} không có trong tệp.", e.title, c.full_name))
            })?),
        };
        tx.execute(
            "INSERT INTO candidate (election_id, attendee_id, full_name, sort_key) VALUES (?1, ?2, ?3, ?4)",
            params![election_id, attendee_id, clean(&c.full_name), crate::names::sort_key(&clean(&c.full_name), None)],
        )?;
        candidates.insert(c.id, tx.last_insert_rowid());
    }
    for r in &e.rounds {
        let (collected, invalid, votes) = match &r.totals {
            Some(t) => (Some(t.collected), Some(t.invalid), Some(serde_json::to_string(&t.votes).expect("numbers"))),
            None => (None, None, None),
        };
        tx.execute(
            "INSERT INTO election_round (election_id, number, kind, seats, alternates, mode, double_entry, issued,
                collected, invalid, votes, present, summoned, read_at, confirmed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                election_id,
                r.number,
                r.kind.as_str(),
                r.seats,
                r.alternates,
                mode_str(r.mode),
                r.double_entry,
                r.issued,
                collected,
                invalid,
                votes,
                r.present,
                r.summoned,
                r.read_at,
                r.confirmed_at
            ],
        )?;
        let round_id = tx.last_insert_rowid();
        let ids = r
            .candidates
            .iter()
            .map(|c| candidates.get(c).copied().ok_or_else(|| bad(format!("{}, vòng {}: ứng cử viên số {c} không có trong danh sách", e.title, r.number))))
            .collect::<Result<Vec<_>, _>>()?;
        election::write_round_candidates(tx, round_id, &ids)?;
        for b in &r.ballots {
            judge(&b.ballot(), b.number as usize, r.candidates.len(), r.keep())?;
            let b = &BallotRecord { invalid: b.invalid.as_deref().map(clean), ..b.clone() };
            election::insert_ballot(tx, round_id, b).map_err(|_| bad(format!("{}, vòng {}: phiếu số {} lượt {} bị trùng hoặc sai", e.title, r.number, b.number, b.pass)))?;
        }
    }
    Ok(())
}

pub const PASS_FORMAT: &str = "chidoan-ballots";

/// One entry pass of one round, entered on another computer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PassFile {
    pub format: String,
    pub version: u32,
    pub congress: String,
    pub election: String,
    pub round: u32,
    /// Candidate names in ballot order: the file fits a round only with the same list.
    pub candidates: Vec<String>,
    pub ballots: Vec<BallotRecord>,
}

/// The ballots of one pass as a file for the other computer.
pub fn export_pass(conn: &Connection, round_id: i64, pass: u8) -> Result<String, CongressError> {
    let s = round_state(conn, round_id)?;
    let congress: String = conn.query_row("SELECT name FROM congress WHERE id = ?1", [s.congress_id], |r| r.get(0))?;
    let file = PassFile {
        format: PASS_FORMAT.into(),
        version: FORMAT_VERSION,
        congress,
        election: s.election_title,
        round: s.round.number,
        candidates: s.names,
        ballots: s.round.ballots.into_iter().filter(|b| b.pass == pass).collect(),
    };
    Ok(serde_json::to_string_pretty(&file).expect("pass serialises"))
}

/// Reads a pass file into `pass` of an open round whose pass is still empty; returns how many
/// ballots were read.
pub fn import_pass(conn: &mut Connection, round_id: i64, pass: u8, json: &str) -> Result<usize, CongressError> {
    let file: PassFile = serde_json::from_str(without_bom(json)).map_err(|e| bad(e.to_string()))?;
    if file.format != PASS_FORMAT {
        return Err(bad("không phải tệp lượt nhập phiếu"));
    }
    let tx = immediate(conn)?;
    let s = round_state(&tx, round_id)?;
    if s.round.confirmed_at.is_some() {
        return Err(CongressError::Locked);
    }
    if s.round.mode == CountMode::Totals {
        return invalid("Vòng này kiểm bằng tổng số trên giấy; chuyển sang kiểm từng phiếu để nhập phiếu.");
    }
    if !(1..=2).contains(&pass) || pass == 2 && !s.round.double_entry {
        return invalid("Vòng này chưa bật nhập hai lượt.");
    }
    if file.ballots.len() > crate::tally::MAX_BALLOTS {
        return Err(bad(format!("tệp có {} phiếu, quá giới hạn {}", file.ballots.len(), crate::tally::MAX_BALLOTS)));
    }
    if let Some(issued) = s.round.issued.filter(|&n| file.ballots.len() > n as usize) {
        return invalid(format!("Tệp có {} phiếu, nhiều hơn số phiếu phát ra ({issued}).", file.ballots.len()));
    }
    if file.candidates != s.names {
        return invalid("Danh sách ứng cử viên trong tệp khác với vòng bầu này; hãy chọn đúng vòng.");
    }
    if s.round.ballots.iter().any(|b| b.pass == pass) || !super::scanned::state(&tx, round_id, pass)?.papers.is_empty() {
        return invalid(format!("Lượt {pass} đã có phiếu; chỉ nhập tệp vào lượt còn trống."));
    }
    let keep = s.round.keep();
    for (i, b) in file.ballots.iter().enumerate() {
        if b.number as usize != i + 1 {
            return Err(bad(format!("phiếu thứ {} mang số {}: số phiếu phải liên tục từ 1", i + 1, b.number)));
        }
        judge(&b.ballot(), i + 1, s.names.len(), keep)?;
        election::insert_ballot(&tx, round_id, &BallotRecord { pass, invalid: b.invalid.as_deref().map(clean), ..b.clone() })?;
    }
    audit(
        &tx,
        s.congress_id,
        "Nhập lượt phiếu từ tệp",
        &format!("{}, vòng {}, lượt {pass}: {} phiếu", s.election_title, s.round.number, file.ballots.len()),
    )?;
    tx.commit()?;
    Ok(file.ballots.len())
}
