//! A counting pass read from scanned ballots (lượt quét): the papers stored as read, in stack
//! order; the counting committee's decisions on those the reader left unclear (audited); and
//! the pass's ballots, written from the papers once every one is decided, so that the pass is
//! compared with a keyed pass ballot by ballot like any other.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::election::{round_names, check_pass, insert_ballot, load_round, open_round, positions_text, round_state, RoundState};
use super::store::{audit, immediate};
use super::*;
use crate::scan::layout::{Layout, Row};
use crate::scan::pass::Stack;
use crate::scan::read::SHOWN;
use crate::tally::judge;

/// One scanned paper, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ScannedPaper {
    /// Its place in the stack.
    pub number: u32,
    /// The file (and page) it is on.
    pub source: String,
    /// One letter a name: K kept, G crossed, ? unclear; empty when its code was not read.
    pub marks: String,
    pub problem: Option<String>,
    /// The committee's decision: K or G a name, "*" and the reason for an invalid ballot, or
    /// "-" when it is no ballot of the round.
    pub decided: Option<String>,
    /// Whether its straightened image is kept (for the papers the committee must look at).
    pub has_image: bool,
}

impl ScannedPaper {
    fn pending(&self) -> bool {
        self.decided.is_none() && (self.marks.is_empty() || self.marks.contains('?'))
    }
}

/// A scanned pass: its papers and what is left for the committee.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScanState {
    #[ts(type = "number")]
    pub round_id: i64,
    pub pass: u8,
    pub papers: Vec<ScannedPaper>,
    /// Papers still waiting for the committee's decision.
    pub pending: u32,
    /// Whether the pass's ballots are written (every paper decided).
    pub written: bool,
    /// The round's names in ballot order, and the most a valid ballot keeps.
    pub names: Vec<String>,
    pub keep: u32,
    /// Where the names stand on a straightened paper (mm), its size, and its pixels a
    /// millimetre: to outline the names on the image.
    pub rows: Vec<Row>,
    pub cell: (f64, f64),
    pub shown: f64,
}

/// The scanned papers of a pass, in stack order (none when it was keyed).
fn papers(conn: &Connection, round_id: i64, pass: u8) -> Result<Vec<ScannedPaper>, CongressError> {
    let mut stmt = conn.prepare(
        "SELECT number, source, marks, problem, decided, image IS NOT NULL FROM scanned_paper WHERE round_id = ?1 AND pass = ?2 ORDER BY number",
    )?;
    let papers = stmt
        .query_map(params![round_id, pass], |r| {
            Ok(ScannedPaper { number: r.get(0)?, source: r.get(1)?, marks: r.get(2)?, problem: r.get(3)?, decided: r.get(4)?, has_image: r.get(5)? })
        })?
        .collect::<Result<_, _>>()?;
    Ok(papers)
}

/// Reads the scanned papers of a pass (none when it was keyed).
pub fn state(conn: &Connection, round_id: i64, pass: u8) -> Result<ScanState, CongressError> {
    let papers = papers(conn, round_id, pass)?;
    let pending = papers.iter().filter(|p| p.pending()).count() as u32;
    let round = load_round(conn, round_id)?;
    let names = round_names(conn, round_id)?;
    let layout = Layout::new(names.len());
    Ok(ScanState {
        round_id,
        pass,
        written: !papers.is_empty() && pending == 0,
        pending,
        papers,
        names,
        keep: round.keep() as u32,
        rows: layout.rows,
        cell: layout.cell,
        shown: SHOWN,
    })
}

/// How many papers were scanned into each pass (1, 2) of the round.
pub(crate) fn scanned_papers(conn: &Connection, round_id: i64) -> Result<[u32; 2], CongressError> {
    let count = |pass: u8| -> Result<u32, CongressError> {
        Ok(conn.query_row("SELECT count(*) FROM scanned_paper WHERE round_id = ?1 AND pass = ?2", params![round_id, pass], |r| r.get(0))?)
    };
    Ok([count(1)?, count(2)?])
}

/// Whether any paper of the election was scanned: its list is then printed on them.
pub(crate) fn scanned_in_election(conn: &Connection, election_id: i64) -> Result<bool, CongressError> {
    let n: u32 = conn.query_row(
        "SELECT count(*) FROM scanned_paper p JOIN election_round r ON r.id = p.round_id WHERE r.election_id = ?1",
        [election_id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Refuses, before a long reading, a pass a scan cannot go into: a confirmed round, a round
/// counted by totals, a pass that does not exist or already has ballots or papers.
pub fn ready(conn: &Connection, round_id: i64, pass: u8) -> Result<(), CongressError> {
    open_round(conn, round_id)?;
    let round = load_round(conn, round_id)?;
    check_pass(&round, pass)?;
    if round.ballots.iter().any(|b| b.pass == pass) || !papers(conn, round_id, pass)?.is_empty() {
        return invalid(format!("Lượt {pass} đã có phiếu; chỉ quét vào lượt còn trống."));
    }
    Ok(())
}

/// Whether `pass` of the round waits for the committee: no ballot may be keyed into it then.
pub(crate) fn awaiting(conn: &Connection, round_id: i64, pass: u8) -> Result<bool, CongressError> {
    Ok(papers(conn, round_id, pass)?.iter().any(ScannedPaper::pending))
}

/// The straightened image (PNG) of scanned paper `number`.
pub fn image(conn: &Connection, round_id: i64, pass: u8, number: u32) -> Result<Vec<u8>, CongressError> {
    conn.query_row(
        "SELECT image FROM scanned_paper WHERE round_id = ?1 AND pass = ?2 AND number = ?3 AND image IS NOT NULL",
        params![round_id, pass, number],
        |r| r.get(0),
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => CongressError::NotFound("ảnh phiếu quét"),
        e => e.into(),
    })
}

/// Stores a stack read into `pass` of an open round whose pass is empty; when no paper needs
/// the committee, the pass's ballots are written at once.
pub fn store(conn: &mut Connection, round_id: i64, pass: u8, stack: &Stack) -> Result<ScanState, CongressError> {
    let tx = immediate(conn)?;
    ready(&tx, round_id, pass)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let round = load_round(&tx, round_id)?;
    let names = round.candidates.len();
    if stack.papers.is_empty() {
        let why: Vec<String> = stack.skipped.iter().take(5).map(|s| format!("{}: {}", s.source, s.reason)).collect();
        let more = if stack.skipped.len() > 5 { format!(" (và {} trang khác)", stack.skipped.len() - 5) } else { String::new() };
        return invalid(format!("Không có phiếu nào của vòng này trong các tệp đã chọn. {}{more}", why.join("; ")).trim_end().to_string());
    }
    if let Some(issued) = round.issued.filter(|&n| stack.papers.len() > n as usize) {
        return invalid(format!("Đã quét {} tờ phiếu, nhiều hơn số phiếu phát ra ({issued}); hãy xem lại các tệp đã chọn.", stack.papers.len()));
    }
    for (i, paper) in stack.papers.iter().enumerate() {
        if !paper.marks.is_empty() && paper.marks.chars().count() != names {
            return invalid("Phiếu quét không khớp danh sách của vòng bầu này.");
        }
        // A plainly read paper keeps no image: only what the committee must look at is stored.
        let image = paper.pending().then_some(paper.image.as_deref()).flatten();
        tx.execute(
            "INSERT INTO scanned_paper (round_id, pass, number, source, marks, problem, image) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![round_id, pass, i as u32 + 1, paper.source, paper.marks, paper.problem, image],
        )?;
    }
    let pending = stack.papers.iter().filter(|p| p.pending()).count();
    let skipped: Vec<String> = stack.skipped.iter().map(|s| format!("{} ({})", s.source, s.reason)).collect();
    let mut detail = format!("{title}, vòng {round_number}, lượt {pass}: {} phiếu từ {} trang ảnh, {pending} phiếu chờ Ban kiểm phiếu", stack.papers.len(), stack.pages);
    if !skipped.is_empty() {
        detail += &format!("; bỏ qua: {}", skipped.join("; "));
    }
    audit(&tx, congress_id, "Quét phiếu", &detail)?;
    if pending == 0 {
        write_pass(&tx, (congress_id, &title, round_number), round_id, pass)?;
    }
    let s = state(&tx, round_id, pass)?;
    tx.commit()?;
    Ok(s)
}

/// The committee's decision on scanned paper `number`: "K"/"G" a name, "*" and a reason for an
/// invalid ballot, or "-" when it is no ballot of the round. Recorded as the committee's in the audit log; the last decision writes
/// the pass.
pub fn decide(conn: &mut Connection, round_id: i64, pass: u8, number: u32, decision: &str) -> Result<ScanState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let before = state(&tx, round_id, pass)?;
    if before.written {
        return invalid("Lượt quét này đã ghi xong phiếu; sửa phiếu như một phiếu đã nhập.");
    }
    let Some(paper) = before.papers.iter().find(|p| p.number == number) else { return Err(CongressError::NotFound("phiếu quét")) };
    let names = load_round(&tx, round_id)?.candidates.len();
    // "*" and a reason: the committee finds the ballot invalid ("Phiếu gạch không rõ ràng" when
    // no reason is given).
    let decision = match decision.trim().strip_prefix('*') {
        Some(reason) => format!("*{}", if reason.trim().is_empty() { "Phiếu gạch không rõ ràng" } else { reason.trim() }),
        None => decision.trim().to_uppercase(),
    };
    let well_formed = decision == "-" || decision.starts_with('*') || decision.chars().count() == names && decision.chars().all(|c| c == 'K' || c == 'G');
    if !well_formed {
        return invalid(format!(
            "Quyết định phải là K (giữ) hoặc G (gạch) cho từng người trong {names} người, “*” và lý do nếu phiếu không hợp lệ, hoặc “-” nếu tờ này không phải phiếu của vòng bầu."
        ));
    }
    tx.execute(
        "UPDATE scanned_paper SET decided = ?1 WHERE round_id = ?2 AND pass = ?3 AND number = ?4",
        params![decision, round_id, pass, number],
    )?;
    let read = if paper.marks.is_empty() { format!("máy không đọc được ({})", paper.problem.as_deref().unwrap_or("")) } else { format!("máy đọc {}", describe(&paper.marks)) };
    let decided = match decision.strip_prefix('*') {
        _ if decision == "-" => "không phải phiếu của vòng này".to_string(),
        Some(reason) => format!("không hợp lệ: {reason}"),
        None => describe(&decision),
    };
    audit(
        &tx,
        congress_id,
        "Ban kiểm phiếu quyết định phiếu quét",
        &format!("{title}, vòng {round_number}, lượt {pass}, tờ quét số {number} ({}): {read} → Ban kiểm phiếu: {decided}", paper.source),
    )?;
    if !awaiting(&tx, round_id, pass)? {
        write_pass(&tx, (congress_id, &title, round_number), round_id, pass)?;
    }
    let s = state(&tx, round_id, pass)?;
    tx.commit()?;
    Ok(s)
}

/// Removes a scanned pass: its papers and the ballots written from them (after the question in
/// the window; audited).
pub fn discard(conn: &mut Connection, round_id: i64, pass: u8) -> Result<RoundState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let s = state(&tx, round_id, pass)?;
    if s.papers.is_empty() {
        return invalid(format!("Lượt {pass} không phải lượt quét."));
    }
    let ballots = tx.execute("DELETE FROM ballot WHERE round_id = ?1 AND pass = ?2", params![round_id, pass])?;
    tx.execute("DELETE FROM scanned_paper WHERE round_id = ?1 AND pass = ?2", params![round_id, pass])?;
    audit(&tx, congress_id, "Bỏ lượt quét", &format!("{title}, vòng {round_number}, lượt {pass}: {} tờ quét, {ballots} phiếu đã ghi", s.papers.len()))?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// "gạch 2, 5; chưa rõ 3" for a paper's letters.
fn describe(marks: &str) -> String {
    let at = |letter: char| -> Vec<u32> { marks.chars().enumerate().filter(|&(_, c)| c == letter).map(|(i, _)| i as u32 + 1).collect() };
    let mut parts = vec![];
    for (letter, label) in [('G', "gạch"), ('?', "chưa rõ")] {
        let positions = at(letter);
        if !positions.is_empty() {
            parts.push(format!("{label} {}", positions_text(&positions).replace(' ', ", ")));
        }
    }
    if parts.is_empty() {
        "không gạch tên nào".into()
    } else {
        parts.join("; ")
    }
}

/// Writes the pass's ballots from its papers, in stack order, each judged as a keyed ballot is.
fn write_pass(tx: &Connection, (congress_id, title, round_number): (i64, &str, u32), round_id: i64, pass: u8) -> Result<(), CongressError> {
    let round = load_round(tx, round_id)?;
    // The round as it was scanned (the list and the way of counting cannot change meanwhile;
    // checked again all the same, so that no letter ever lands on another name).
    check_pass(&round, pass)?;
    let s = state(tx, round_id, pass)?;
    let mut number = 0;
    for paper in &s.papers {
        let letters = paper.decided.as_deref().unwrap_or(&paper.marks);
        if letters == "-" {
            continue;
        }
        number += 1;
        let record = match letters.strip_prefix('*') {
            Some(reason) => BallotRecord { pass, number, crossed: vec![], invalid: Some(reason.to_string()), entered_at: String::new() },
            None => {
                if letters.chars().count() != round.candidates.len() {
                    return invalid("Danh sách ứng cử viên đã đổi sau khi quét; hãy bỏ lượt quét và quét lại.");
                }
                let crossed: Vec<u32> = letters.chars().enumerate().filter(|&(_, c)| c == 'G').map(|(i, _)| i as u32 + 1).collect();
                BallotRecord { pass, number, crossed, invalid: None, entered_at: String::new() }
            }
        };
        judge(&record.ballot(), number as usize, round.candidates.len(), round.keep())?;
        insert_ballot(tx, round_id, &record)?;
    }
    if let Some(issued) = round.issued.filter(|&n| number > n) {
        return invalid(format!("Lượt quét có {number} phiếu, nhiều hơn số phiếu phát ra ({issued})."));
    }
    audit(tx, congress_id, "Ghi lượt quét", &format!("{title}, vòng {round_number}, lượt {pass}: {number} phiếu"))?;
    Ok(())
}
