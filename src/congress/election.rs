//! Elections: candidates, rounds, ballot entry (one committed transaction a ballot), double
//! entry, paper totals, confirmation (which locks the round) and further rounds.
//!
//! A round moves Open → Confirmed. While open, each entry pass is a stack of ballots numbered
//! 1, 2, …; with double entry the round may be confirmed only when both passes agree ballot by
//! ballot. Every change is written to the congress's audit log in the same transaction.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::store::{audit, change, done, immediate, query};
use super::rules::{self, tally_round};
use super::*;
use crate::names;
use crate::tally::{compare_passes, decide, judge, Ballot, Discrepancy, Outcome, Verdict};
use crate::text::clean;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct ElectionInput {
    pub title: String,
    pub kind: ElectionKind,
    pub seats: u32,
    #[serde(default)]
    pub alternates: u32,
    #[serde(default)]
    pub base: Base,
    #[serde(default)]
    pub held_by: HeldBy,
    #[serde(default)]
    pub meeting: Meeting,
}

impl From<Election> for ElectionInput {
    fn from(e: Election) -> Self {
        ElectionInput { title: e.title, kind: e.kind, seats: e.seats, alternates: e.alternates, base: e.base, held_by: e.held_by, meeting: e.meeting }
    }
}

impl ElectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionKind::Committee => "committee",
            ElectionKind::Secretary => "secretary",
            ElectionKind::Deputy => "deputy",
            ElectionKind::Delegates => "delegates",
        }
    }
    fn parse(text: &str) -> ElectionKind {
        match text {
            "secretary" => ElectionKind::Secretary,
            "deputy" => ElectionKind::Deputy,
            "delegates" => ElectionKind::Delegates,
            _ => ElectionKind::Committee,
        }
    }
}

impl RoundKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RoundKind::First => "first",
            RoundKind::Further => "further",
            RoundKind::Revote => "revote",
        }
    }
    fn parse(text: &str) -> RoundKind {
        match text {
            "further" => RoundKind::Further,
            "revote" => RoundKind::Revote,
            _ => RoundKind::First,
        }
    }
}

pub(crate) fn mode_str(mode: CountMode) -> &'static str {
    match mode {
        CountMode::Ballots => "ballots",
        CountMode::Totals => "totals",
    }
}

pub(crate) fn check_input(input: &ElectionInput) -> Result<ElectionInput, CongressError> {
    let title = clean(&input.title);
    if title.is_empty() {
        return invalid("Tên cuộc bầu cử không được để trống.");
    }
    if input.seats == 0 {
        return invalid("Số người cần bầu phải lớn hơn 0.");
    }
    if input.seats > tally::MAX_SEATS || input.alternates > tally::MAX_SEATS {
        return invalid(format!("Số người cần bầu tối đa là {}.", tally::MAX_SEATS));
    }
    let title = crate::text::within("Tên cuộc bầu cử", title, crate::text::MAX_LINE).map_err(CongressError::Invalid)?;
    if input.alternates > 0 && input.kind != ElectionKind::Delegates {
        return invalid("Chỉ bầu đại biểu dự đại hội cấp trên mới có đại biểu dự khuyết.");
    }
    if matches!(input.kind, ElectionKind::Secretary) && input.seats != 1 {
        return invalid("Bầu Bí thư chỉ bầu 1 người.");
    }
    let mut meeting = Meeting::default();
    if input.held_by == HeldBy::FirstMeeting {
        if !matches!(input.kind, ElectionKind::Secretary | ElectionKind::Deputy) {
            return invalid("Hội nghị Ban Chấp hành lần thứ nhất chỉ bầu Bí thư và Phó Bí thư.");
        }
        let m = &input.meeting;
        meeting.held_on = match m.held_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => Some(
                crate::dates::parse(text)
                    .map(crate::dates::iso)
                    .ok_or_else(|| CongressError::Invalid(format!("Ngày hội nghị “{text}” không đúng dạng ngày/tháng/năm.")))?,
            ),
        };
        meeting.starts_at = match clean(&m.starts_at).as_str() {
            "" => String::new(),
            text => super::clock(text).ok_or_else(|| CongressError::Invalid(format!("Giờ hội nghị “{text}” không đúng dạng giờ:phút.")))?,
        };
        meeting.place = clean(&m.place);
        meeting.present = m.present;
    }
    Ok(ElectionInput { title, meeting, ..input.clone() })
}

/// Creates an election and its first round.
pub fn create(conn: &mut Connection, congress_id: i64, input: &ElectionInput) -> Result<i64, CongressError> {
    let e = check_input(input)?;
    change(conn, congress_id, |tx, _| {
        let id = insert_election(tx, congress_id, &e)?;
        tx.execute(
            "INSERT INTO election_round (election_id, number, kind, seats, alternates) VALUES (?1, 1, 'first', ?2, ?3)",
            params![id, e.seats, e.alternates],
        )?;
        Ok((id, done("Tạo cuộc bầu cử", describe(&e))))
    })
}

fn describe(e: &ElectionInput) -> String {
    let alternates = if e.alternates > 0 { format!(", {} dự khuyết", e.alternates) } else { String::new() };
    let by = if e.held_by == HeldBy::FirstMeeting { ", tại hội nghị Ban Chấp hành lần thứ nhất" } else { "" };
    format!("{}: {} người{alternates}, tỷ lệ trên {}{by}", e.title, e.seats, e.base.label())
}

fn held_by_str(h: HeldBy) -> &'static str {
    match h {
        HeldBy::Congress => "congress",
        HeldBy::FirstMeeting => "first_meeting",
    }
}

pub(crate) fn insert_election(tx: &Connection, congress_id: i64, e: &ElectionInput) -> Result<i64, CongressError> {
    tx.execute("INSERT INTO election (congress_id, title, kind, seats) VALUES (?1, '-', 'committee', 1)", [congress_id])?;
    let id = tx.last_insert_rowid();
    write_election(tx, id, e)?;
    Ok(id)
}

/// Writes a checked election's own fields, and its first round's places.
pub(crate) fn write_election(tx: &Connection, election_id: i64, e: &ElectionInput) -> Result<(), CongressError> {
    let m = &e.meeting;
    tx.execute(
        "UPDATE election SET title = ?1, kind = ?2, seats = ?3, alternates = ?4, base = ?5, held_by = ?6, meeting_on = ?7,
            meeting_at = ?8, meeting_place = ?9, meeting_present = ?10 WHERE id = ?11",
        params![
            e.title,
            e.kind.as_str(),
            e.seats,
            e.alternates,
            e.base.as_str(),
            held_by_str(e.held_by),
            m.held_on,
            m.starts_at,
            m.place,
            m.present,
            election_id
        ],
    )?;
    tx.execute(
        "UPDATE election_round SET seats = ?1, alternates = ?2 WHERE election_id = ?3 AND number = 1",
        params![e.seats, e.alternates, election_id],
    )?;
    Ok(())
}

fn congress_of_election(conn: &Connection, election_id: i64) -> Result<i64, CongressError> {
    conn.query_row("SELECT congress_id FROM election WHERE id = ?1", [election_id], |r| r.get(0))
        .optional()?
        .ok_or(CongressError::NotFound("cuộc bầu cử"))
}

/// Whether any round of the election holds counts (ballots or totals) or is confirmed.
pub(crate) fn counted(e: &Election) -> bool {
    e.rounds.iter().any(|r| r.confirmed_at.is_some() || r.totals.is_some() || !r.ballots.is_empty())
}

fn election(data: &CongressData, election_id: i64) -> Result<&Election, CongressError> {
    data.elections.iter().find(|e| e.id == election_id).ok_or(CongressError::NotFound("cuộc bầu cử"))
}

/// Changes an election before any counting started.
pub fn update(conn: &mut Connection, election_id: i64, input: &ElectionInput) -> Result<(), CongressError> {
    let e = check_input(input)?;
    let congress_id = congress_of_election(conn, election_id)?;
    change(conn, congress_id, |tx, before| {
        let old = election(before, election_id)?;
        if counted(old) {
            return invalid("Đã bắt đầu kiểm phiếu nên không sửa được số người cần bầu hay cách tính tỷ lệ.");
        }
        write_election(tx, election_id, &e)?;
        Ok(((), done("Sửa cuộc bầu cử", format!("{} → {}", describe(&old.clone().into()), describe(&e)))))
    })
}

pub fn delete(conn: &mut Connection, election_id: i64) -> Result<(), CongressError> {
    let congress_id = congress_of_election(conn, election_id)?;
    change(conn, congress_id, |tx, before| {
        let e = election(before, election_id)?;
        if counted(e) {
            return invalid("Cuộc bầu cử đã có phiếu nên không xóa được.");
        }
        tx.execute("DELETE FROM election WHERE id = ?1", [election_id])?;
        Ok(((), done("Xóa cuộc bầu cử", e.title.clone())))
    })
}

/// Replaces the candidate list (before counting), in Vietnamese name order; returns the
/// election's warnings (surplus, a mismatch with the list the congress voted). Refuses a member
/// of the counting committee, and for Bí thư and Phó Bí thư anyone outside the BCH just elected.
pub fn set_candidates(conn: &mut Connection, election_id: i64, list: &[Candidate]) -> Result<Vec<String>, CongressError> {
    let congress_id = congress_of_election(conn, election_id)?;
    change(conn, congress_id, |tx, before| {
        let e = election(before, election_id)?;
        if counted(e) || super::scanned::scanned_in_election(tx, election_id)? {
            return invalid("Đã bắt đầu kiểm phiếu nên không sửa được danh sách ứng cử viên.");
        }
        let mut cleaned: Vec<Candidate> = Vec::with_capacity(list.len());
        for c in list {
            let mut c = Candidate { id: 0, attendee_id: c.attendee_id, full_name: clean(&c.full_name) };
            if let Some(attendee) = c.attendee_id {
                let a = before.attendees.iter().find(|a| a.id == attendee).ok_or(CongressError::NotFound("người dự"))?;
                c.full_name = a.full_name.clone();
            }
            if c.full_name.is_empty() {
                return invalid("Tên ứng cử viên không được để trống.");
            }
            if cleaned.iter().any(|o| o.full_name == c.full_name && o.attendee_id == c.attendee_id) {
                return invalid(format!("{} có hai lần trong danh sách ứng cử.", c.full_name));
            }
            let counter = before.attendees.iter().find(|a| a.counting > 0 && rules::stands(&c, a));
            if let (Some(a), HeldBy::Congress) = (counter, e.held_by) {
                return Err(CongressError::CounterCannotStand { name: a.full_name.clone() });
            }
            cleaned.push(c);
        }
        let ids = write_candidates(tx, election_id, &cleaned)?;
        let first: i64 =
            tx.query_row("SELECT id FROM election_round WHERE election_id = ?1 AND number = 1", [election_id], |r| r.get(0))?;
        tx.execute("DELETE FROM round_candidate WHERE round_id = ?1", [first])?;
        write_round_candidates(tx, first, &ids)?;
        let names: Vec<String> = sorted_names(tx, election_id)?;
        let old: Vec<&str> = e.candidates.iter().map(|c| c.full_name.as_str()).collect();
        let list = |l: String| if l.is_empty() { "(trống)".to_string() } else { l };
        Ok(((), done("Danh sách ứng cử viên", format!("{}: {} → {}", e.title, list(old.join(", ")), list(names.join(", "))))))
    })?;
    let data = load(conn, congress_id)?;
    Ok(rules::warnings(&data, election(&data, election_id)?))
}

/// Writes candidates sorted in Vietnamese name order; returns their ids in that order.
pub(crate) fn write_candidates(tx: &Connection, election_id: i64, list: &[Candidate]) -> Result<Vec<i64>, CongressError> {
    tx.execute("DELETE FROM candidate WHERE election_id = ?1", [election_id])?;
    let mut sorted: Vec<(Vec<u8>, &Candidate)> = list.iter().map(|c| (names::sort_key(&c.full_name, None), c)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut ids = Vec::with_capacity(sorted.len());
    for (key, c) in sorted {
        tx.execute(
            "INSERT INTO candidate (election_id, attendee_id, full_name, sort_key) VALUES (?1, ?2, ?3, ?4)",
            params![election_id, c.attendee_id, c.full_name, key],
        )?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

/// The ballot order of a round: position 1, 2, … for the candidate ids given.
pub(crate) fn write_round_candidates(tx: &Connection, round_id: i64, candidate_ids: &[i64]) -> Result<(), CongressError> {
    for (i, id) in candidate_ids.iter().enumerate() {
        tx.execute(
            "INSERT INTO round_candidate (round_id, position, candidate_id) VALUES (?1, ?2, ?3)",
            params![round_id, i as i64 + 1, id],
        )?;
    }
    Ok(())
}

fn sorted_names(conn: &Connection, election_id: i64) -> Result<Vec<String>, CongressError> {
    query(conn, "SELECT full_name FROM candidate WHERE election_id = ?1 ORDER BY sort_key, id", election_id, |r| r.get(0))
}

/// Every election of a congress with its candidates and rounds (ballots included).
pub fn load_all(conn: &Connection, congress_id: i64) -> Result<Vec<Election>, CongressError> {
    let mut elections = query(
        conn,
        "SELECT id, title, kind, seats, alternates, base, held_by, meeting_on, meeting_at, meeting_place, meeting_present
         FROM election WHERE congress_id = ?1 ORDER BY id",
        congress_id,
        |r| {
            Ok(Election {
                id: r.get(0)?,
                title: r.get(1)?,
                kind: ElectionKind::parse(&r.get::<_, String>(2)?),
                seats: r.get(3)?,
                alternates: r.get(4)?,
                base: Base::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                held_by: if r.get::<_, String>(6)? == "first_meeting" { HeldBy::FirstMeeting } else { HeldBy::Congress },
                meeting: Meeting { held_on: r.get(7)?, starts_at: r.get(8)?, place: r.get(9)?, present: r.get(10)? },
                candidates: vec![],
                rounds: vec![],
            })
        },
    )?;
    for e in &mut elections {
        e.candidates = query(
            conn,
            "SELECT id, attendee_id, full_name FROM candidate WHERE election_id = ?1 ORDER BY sort_key, id",
            e.id,
            |r| Ok(Candidate { id: r.get(0)?, attendee_id: r.get(1)?, full_name: r.get(2)? }),
        )?;
        let ids: Vec<i64> = query(conn, "SELECT id FROM election_round WHERE election_id = ?1 ORDER BY number", e.id, |r| r.get(0))?;
        e.rounds = ids.into_iter().map(|id| load_round(conn, id)).collect::<Result<_, _>>()?;
    }
    Ok(elections)
}

pub fn load_round(conn: &Connection, round_id: i64) -> Result<Round, CongressError> {
    let mut round = conn
        .query_row(
            "SELECT id, number, kind, seats, alternates, mode, double_entry, issued, collected, invalid, votes,
                present, summoned, read_at, confirmed_at
             FROM election_round WHERE id = ?1",
            [round_id],
            |r| {
                let totals = match (r.get::<_, Option<u32>>(8)?, r.get::<_, Option<u32>>(9)?, r.get::<_, Option<String>>(10)?) {
                    (Some(collected), Some(invalid), Some(votes)) => {
                        Some(Totals { collected, invalid, votes: serde_json::from_str(&votes).unwrap_or_default() })
                    }
                    _ => None,
                };
                Ok(Round {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    kind: RoundKind::parse(&r.get::<_, String>(2)?),
                    seats: r.get(3)?,
                    alternates: r.get(4)?,
                    mode: if r.get::<_, String>(5)? == "totals" { CountMode::Totals } else { CountMode::Ballots },
                    double_entry: r.get(6)?,
                    issued: r.get(7)?,
                    candidates: vec![],
                    totals,
                    ballots: vec![],
                    present: r.get(11)?,
                    summoned: r.get(12)?,
                    read_at: r.get(13)?,
                    confirmed_at: r.get(14)?,
                })
            },
        )
        .optional()?
        .ok_or(CongressError::NotFound("vòng bầu"))?;
    round.candidates =
        query(conn, "SELECT candidate_id FROM round_candidate WHERE round_id = ?1 ORDER BY position", round_id, |r| r.get(0))?;
    round.ballots = query(
        conn,
        "SELECT pass, number, crossed, invalid, entered_at FROM ballot WHERE round_id = ?1 ORDER BY pass, number",
        round_id,
        |r| {
            Ok(BallotRecord {
                pass: r.get(0)?,
                number: r.get(1)?,
                crossed: positions(&r.get::<_, String>(2)?),
                invalid: r.get(3)?,
                entered_at: r.get(4)?,
            })
        },
    )?;
    Ok(round)
}

fn positions(text: &str) -> Vec<u32> {
    text.split_whitespace().filter_map(|p| p.parse().ok()).collect()
}

pub(crate) fn positions_text(crossed: &[u32]) -> String {
    crossed.iter().map(u32::to_string).collect::<Vec<_>>().join(" ")
}

/// One entry pass as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PassState {
    pub pass: u8,
    pub ballots: Vec<BallotRecord>,
    pub verdicts: Vec<Verdict>,
    pub totals: Totals,
}

/// A round with everything the counting screen needs: the passes, the live result or the reason
/// there is none, the discrepancies between passes, and what may happen next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RoundState {
    #[ts(type = "number")]
    pub congress_id: i64,
    #[ts(type = "number")]
    pub election_id: i64,
    pub election_title: String,
    pub election_kind: ElectionKind,
    pub base: Base,
    pub round: Round,
    /// Candidate names in ballot order.
    pub names: Vec<String>,
    pub passes: Vec<PassState>,
    pub outcome: Option<Outcome>,
    /// Why there is no result yet, or why it cannot be confirmed.
    pub problem: Option<String>,
    pub discrepancies: Vec<Discrepancy>,
    pub can_confirm: bool,
    /// Further rounds that may be opened from this (confirmed) one.
    pub next: Vec<RoundKind>,
    /// The election's warnings while counting has not been confirmed (a mismatch with what the
    /// congress voted, the surplus).
    pub warnings: Vec<String>,
    /// Rounds opened after this one, and the ballots they hold: what unlocking this one voids.
    pub later_rounds: u32,
    pub later_ballots: u32,
}

/// The round's counting state, computed from what is stored.
pub fn round_state(conn: &Connection, round_id: i64) -> Result<RoundState, CongressError> {
    let mut state = evaluate(conn, round_id)?;
    if let (Some(o), Some(_)) = (&state.outcome, &state.round.confirmed_at) {
        state.next = allowed_next(conn, state.election_id, &state.round, o)?;
        (state.later_rounds, state.later_ballots) = conn.query_row(
            "SELECT count(DISTINCT r.id), count(b.number) FROM election_round r LEFT JOIN ballot b ON b.round_id = r.id
             WHERE r.election_id = ?1 AND r.number > ?2",
            params![state.election_id, state.round.number],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    }
    // Shown before counting starts; not recomputed for every ballot.
    if state.round.ballots.is_empty() && state.round.totals.is_none() {
        let data = load(conn, state.congress_id)?;
        state.warnings = rules::warnings(&data, election(&data, state.election_id)?);
    }
    Ok(state)
}

/// The candidates' names of a round, in ballot order.
pub(crate) fn round_names(conn: &Connection, round_id: i64) -> Result<Vec<String>, CongressError> {
    query(
        conn,
        "SELECT c.full_name FROM round_candidate rc JOIN candidate c ON c.id = rc.candidate_id
         WHERE rc.round_id = ?1 ORDER BY rc.position",
        round_id,
        |r| r.get(0),
    )
}

/// [`round_state`] without the rounds that may follow.
fn evaluate(conn: &Connection, round_id: i64) -> Result<RoundState, CongressError> {
    let round = load_round(conn, round_id)?;
    let (election_id, congress_id, title, kind, base, held_by): (i64, i64, String, String, String, String) = conn.query_row(
        "SELECT e.id, e.congress_id, e.title, e.kind, e.base, e.held_by FROM election e JOIN election_round r ON r.election_id = e.id
         WHERE r.id = ?1",
        [round_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    let names = round_names(conn, round_id)?;
    let base = Base::parse(&base).unwrap_or_default();
    let rules = tally_round(base, &round, names.clone(), voters(conn, congress_id, election_id, &held_by)?);
    let keep_max = rules.keep_max();
    let passes: Vec<PassState> = (1..=if round.double_entry { 2 } else { 1 })
        .map(|pass| {
            let ballots: Vec<BallotRecord> = round.ballots.iter().filter(|b| b.pass == pass).cloned().collect();
            let stack: Vec<Ballot> = ballots.iter().map(BallotRecord::ballot).collect();
            let verdicts = stack
                .iter()
                .enumerate()
                .map(|(i, b)| judge(b, i + 1, names.len(), keep_max))
                .collect::<Result<Vec<_>, _>>()?;
            let totals = tally::count(&stack, names.len(), keep_max)?;
            Ok(PassState { pass, ballots, verdicts, totals })
        })
        .collect::<Result<_, TallyError>>()?;
    let discrepancies = match passes.as_slice() {
        [a, b] => compare_passes(&a.verdicts, &b.verdicts),
        _ => vec![],
    };
    let totals = match round.mode {
        CountMode::Totals => round.totals.clone(),
        CountMode::Ballots => passes.first().map(|p| p.totals.clone()).filter(|t| t.collected > 0),
    };
    let (outcome, mut problem) = match &totals {
        None => (None, Some("Chưa có phiếu nào.".to_string())),
        Some(t) => match decide(&rules, t) {
            Ok(o) => (Some(o), None),
            Err(e) => (None, Some(e.to_string())),
        },
    };
    if problem.is_none() && round.mode == CountMode::Ballots && round.double_entry {
        let (first, second) = (passes[0].ballots.len(), passes[1].ballots.len());
        if !discrepancies.is_empty() {
            let numbers: Vec<String> = discrepancies.iter().map(|d| d.number.to_string()).collect();
            problem = Some(format!(
                "Hai lượt nhập chưa khớp ({first} và {second} phiếu); khác nhau ở phiếu số {}.",
                numbers.join(", ")
            ));
        }
    }
    if problem.is_none() && round.issued.is_none() {
        problem = Some(rules::NO_ISSUED.into());
    }
    let confirmed = round.confirmed_at.is_some();
    Ok(RoundState {
        congress_id,
        election_id,
        election_title: title,
        election_kind: ElectionKind::parse(&kind),
        base,
        can_confirm: !confirmed && problem.is_none(),
        round,
        names,
        passes,
        outcome,
        problem,
        discrepancies,
        next: vec![],
        warnings: vec![],
        later_rounds: 0,
        later_ballots: 0,
    })
}

/// Who votes in an election now: (summoned, present). For the congress, a quick count; for
/// the first meeting of the new BCH, from the whole record (rules::voters).
fn voters(conn: &Connection, congress_id: i64, election_id: i64, held_by: &str) -> Result<(u32, u32), CongressError> {
    if held_by == "first_meeting" {
        let data = load(conn, congress_id)?;
        return Ok(rules::voters(&data, election(&data, election_id)?));
    }
    Ok(conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE attendance = 'present') FROM attendee WHERE congress_id = ?1",
        [congress_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// A round that may follow a confirmed one: a re-vote while a tie holds places up; a further
/// round for seats left unfilled, at most once an election (DESIGN.md: no third attempt).
fn allowed_next(conn: &Connection, election_id: i64, round: &Round, o: &Outcome) -> Result<Vec<RoundKind>, CongressError> {
    let last: u32 = conn.query_row("SELECT max(number) FROM election_round WHERE election_id = ?1", [election_id], |r| r.get(0))?;
    if round.number != last {
        return Ok(vec![]);
    }
    if !o.tied.is_empty() {
        return Ok(vec![RoundKind::Revote]);
    }
    let further_done: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM election_round WHERE election_id = ?1 AND kind = 'further')",
        [election_id],
        |r| r.get(0),
    )?;
    let (seats_left, alternates_left, remaining) = left_over(conn, election_id)?;
    Ok(if !further_done && seats_left + alternates_left > 0 && !remaining.is_empty() { vec![RoundKind::Further] } else { vec![] })
}

/// Candidates placed (elected or alternate) in confirmed rounds, by round.
fn placed(conn: &Connection, election_id: i64) -> Result<(Vec<String>, Vec<String>), CongressError> {
    let ids: Vec<i64> = query(
        conn,
        "SELECT id FROM election_round WHERE election_id = ?1 AND confirmed_at IS NOT NULL ORDER BY number",
        election_id,
        |r| r.get(0),
    )?;
    let (mut elected, mut alternates) = (vec![], vec![]);
    for id in ids {
        if let Some(o) = evaluate(conn, id)?.outcome {
            elected.extend(o.elected);
            alternates.extend(o.alternates);
        }
    }
    Ok((elected, alternates))
}

/// What a further round would be for: (seats left, alternate places left, candidates not yet
/// placed in ballot order), from the confirmed rounds.
fn left_over(conn: &Connection, election_id: i64) -> Result<(u32, u32, Vec<i64>), CongressError> {
    let (seats, alternates): (u32, u32) =
        conn.query_row("SELECT seats, alternates FROM election WHERE id = ?1", [election_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (elected, alt) = placed(conn, election_id)?;
    let all: Vec<(i64, String)> =
        query(conn, "SELECT id, full_name FROM candidate WHERE election_id = ?1 ORDER BY sort_key, id", election_id, |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let remaining = all.into_iter().filter(|(_, n)| !elected.contains(n) && !alt.contains(n)).map(|(id, _)| id).collect();
    Ok((seats.saturating_sub(elected.len() as u32), alternates.saturating_sub(alt.len() as u32), remaining))
}

/// Opens the round that follows the last, confirmed one: a re-vote among the tied for the
/// places their tie held up, or a further round among the remaining candidates.
pub fn next_round(conn: &mut Connection, election_id: i64, kind: RoundKind) -> Result<i64, CongressError> {
    let tx = immediate(conn)?;
    let congress_id = congress_of_election(&tx, election_id)?;
    let last: i64 = tx.query_row(
        "SELECT id FROM election_round WHERE election_id = ?1 ORDER BY number DESC LIMIT 1",
        [election_id],
        |r| r.get(0),
    )?;
    let state = round_state(&tx, last)?;
    if !state.next.contains(&kind) {
        return invalid(match kind {
            RoundKind::Revote => "Chỉ bầu lại khi vòng trước đã xác nhận và có người bằng phiếu.",
            _ => "Không được bầu thêm vòng nữa: chỉ bầu thêm một vòng khi vòng trước đã xác nhận và còn thiếu người.",
        });
    }
    let outcome = state.outcome.expect("a confirmed round has a result");
    let (candidates, seats, alternates) = match kind {
        RoundKind::Revote => {
            let ids: Vec<i64> = state
                .round
                .candidates
                .iter()
                .zip(&outcome.candidates)
                .filter(|(_, c)| c.result == tally::Standing::Tie)
                .map(|(&id, _)| id)
                .collect();
            let (places, alternate) = outcome.tie_places().expect("a tie");
            if alternate { (ids, 0, places) } else { (ids, places, 0) }
        }
        _ => {
            let (seats, alternates, remaining) = left_over(&tx, election_id)?;
            (remaining, seats, alternates)
        }
    };
    let number = state.round.number + 1;
    tx.execute(
        "INSERT INTO election_round (election_id, number, kind, seats, alternates) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![election_id, number, kind.as_str(), seats, alternates],
    )?;
    let id = tx.last_insert_rowid();
    write_round_candidates(&tx, id, &candidates)?;
    let what = if kind == RoundKind::Revote { "Mở vòng bầu lại" } else { "Mở vòng bầu thêm" };
    audit(&tx, congress_id, what, &format!("{}, vòng {number}: {seats} chính thức, {alternates} dự khuyết", state.election_title))?;
    tx.commit()?;
    Ok(id)
}

/// Ids of an open round: refuses a confirmed one.
pub(crate) fn open_round(conn: &Connection, round_id: i64) -> Result<(i64, String, u32), CongressError> {
    let (confirmed, congress_id, title, number): (Option<String>, i64, String, u32) = conn
        .query_row(
            "SELECT r.confirmed_at, e.congress_id, e.title, r.number FROM election_round r JOIN election e ON e.id = r.election_id
             WHERE r.id = ?1",
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or(CongressError::NotFound("vòng bầu"))?;
    if confirmed.is_some() {
        return Err(CongressError::Locked);
    }
    Ok((congress_id, title, number))
}

/// How a round is counted: mode, double entry, ballots issued.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct RoundOptions {
    pub mode: CountMode,
    pub double_entry: bool,
    pub issued: Option<u32>,
}

pub fn set_options(conn: &mut Connection, round_id: i64, options: &RoundOptions) -> Result<RoundState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, number) = open_round(&tx, round_id)?;
    let current = load_round(&tx, round_id)?;
    let scanned = super::scanned::scanned_papers(&tx, round_id)?;
    if current.mode != options.mode && (!current.ballots.is_empty() || current.totals.is_some() || scanned.iter().any(|&n| n > 0)) {
        return invalid("Vòng này đã có số liệu theo cách kiểm hiện tại; không đổi cách kiểm được.");
    }
    if current.double_entry && !options.double_entry && scanned[1] > 0 {
        return invalid("Lượt nhập thứ hai đã có phiếu; không bỏ nhập hai lượt được.");
    }
    if current.double_entry && !options.double_entry && current.ballots.iter().any(|b| b.pass == 2) {
        return invalid("Lượt nhập thứ hai đã có phiếu; không bỏ nhập hai lượt được.");
    }
    if let Some(issued) = options.issued {
        let entered = (1..=2).map(|p| (current.ballots.iter().filter(|b| b.pass == p).count() as u32).max(scanned[p as usize - 1])).max().unwrap_or(0);
        let collected = current.totals.as_ref().map_or(entered, |t| t.collected.max(entered));
        if issued < collected {
            return invalid(format!("Số phiếu phát ra ({issued}) ít hơn số phiếu đã thu vào ({collected}); phiếu thu vào không thể nhiều hơn phiếu phát ra."));
        }
        let (election_id, held_by): (i64, String) = tx.query_row(
            "SELECT e.id, e.held_by FROM election e JOIN election_round r ON r.election_id = e.id WHERE r.id = ?1",
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (_, present) = voters(&tx, congress_id, election_id, &held_by)?;
        if issued > present {
            return invalid(format!("Số phiếu phát ra ({issued}) lớn hơn số người bầu có mặt ({present})."));
        }
    }
    tx.execute(
        "UPDATE election_round SET mode = ?1, double_entry = ?2, issued = ?3 WHERE id = ?4",
        params![mode_str(options.mode), options.double_entry, options.issued, round_id],
    )?;
    let shown = |mode: CountMode, double: bool, issued: Option<u32>| {
        let issued = issued.map(|n| format!(", phát ra {n} phiếu")).unwrap_or_default();
        let mode = if mode == CountMode::Totals { "nhập tổng số" } else { "kiểm từng phiếu" };
        format!("{mode}{}{issued}", if double { ", nhập hai lượt" } else { "" })
    };
    let (from, to) = (shown(current.mode, current.double_entry, current.issued), shown(options.mode, options.double_entry, options.issued));
    audit(&tx, congress_id, "Cách kiểm phiếu", &format!("{title}, vòng {number}: {from} → {to}"))?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// A ballot as typed: the crossed positions, or the reason it is invalid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct BallotEntry {
    #[serde(default)]
    pub crossed: Vec<u32>,
    #[serde(default)]
    pub invalid: Option<String>,
}

impl BallotEntry {
    fn record(&self, pass: u8, number: u32) -> BallotRecord {
        match self.invalid.as_deref().map(clean) {
            Some(reason) => BallotRecord {
                pass,
                number,
                crossed: vec![],
                invalid: Some(if reason.is_empty() { "Không hợp lệ".into() } else { reason }),
                entered_at: String::new(),
            },
            None => {
                let mut crossed = self.crossed.clone();
                crossed.sort_unstable();
                BallotRecord { pass, number, crossed, invalid: None, entered_at: String::new() }
            }
        }
    }
}

fn describe_ballot(b: &BallotRecord) -> String {
    match &b.invalid {
        Some(reason) => format!("không hợp lệ: {reason}"),
        None if b.crossed.is_empty() => "không gạch tên nào".into(),
        None => format!("gạch {}", positions_text(&b.crossed)),
    }
}

pub(crate) fn check_pass(round: &Round, pass: u8) -> Result<(), CongressError> {
    if round.mode == CountMode::Totals {
        return invalid("Vòng này kiểm bằng tổng số trên giấy; chuyển sang kiểm từng phiếu để nhập phiếu.");
    }
    if pass == 2 && !round.double_entry || !(1..=2).contains(&pass) {
        return invalid("Lượt nhập không hợp lệ (chỉ có lượt 1, và lượt 2 khi nhập hai lượt).");
    }
    Ok(())
}

/// Validates a ballot against the round (positions in range, none twice).
fn checked_ballot(round: &Round, entry: &BallotEntry, pass: u8, number: u32) -> Result<BallotRecord, CongressError> {
    check_pass(round, pass)?;
    let record = entry.record(pass, number);
    judge(&record.ballot(), number as usize, round.candidates.len(), round.keep())?;
    Ok(record)
}

/// Stores a new ballot. `entered_at` is kept when the record carries one (imports), else now.
pub(crate) fn insert_ballot(tx: &Connection, round_id: i64, b: &BallotRecord) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO ballot (round_id, pass, number, crossed, invalid, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, coalesce(nullif(?6, ''), strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')))",
        params![round_id, b.pass, b.number, positions_text(&b.crossed), b.invalid, b.entered_at],
    )?;
    Ok(())
}

/// Records the next ballot of a pass; committed before this returns.
pub fn enter_ballot(conn: &mut Connection, round_id: i64, pass: u8, entry: &BallotEntry) -> Result<RoundState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let round = load_round(&tx, round_id)?;
    if super::scanned::awaiting(&tx, round_id, pass)? {
        return invalid(format!("Lượt {pass} là lượt quét đang chờ Ban kiểm phiếu quyết định các phiếu chưa rõ; không nhập thêm phiếu vào lượt này."));
    }
    let number = round.ballots.iter().filter(|b| b.pass == pass).count() as u32 + 1;
    let record = checked_ballot(&round, entry, pass, number)?;
    if let Some(issued) = round.issued.filter(|&n| number > n) {
        return invalid(format!(
            "Đã nhập đủ {issued} phiếu, bằng số phiếu phát ra: phiếu thu vào không thể nhiều hơn phiếu phát ra. Nếu thật sự còn phiếu, hãy kiểm tra lại số phiếu phát ra."
        ));
    }
    insert_ballot(&tx, round_id, &record)?;
    audit(&tx, congress_id, "Nhập phiếu", &format!("{title}, vòng {round_number}, lượt {pass}, phiếu số {number}: {}", describe_ballot(&record)))?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// Corrects ballot `number` of a pass.
pub fn correct_ballot(
    conn: &mut Connection,
    round_id: i64,
    pass: u8,
    number: u32,
    entry: &BallotEntry,
) -> Result<RoundState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let round = load_round(&tx, round_id)?;
    let Some(before) = round.ballots.iter().find(|b| b.pass == pass && b.number == number) else {
        return Err(CongressError::NotFound("phiếu"));
    };
    let record = checked_ballot(&round, entry, pass, number)?;
    tx.execute(
        "UPDATE ballot SET crossed = ?1, invalid = ?2, entered_at = strftime('%Y-%m-%d %H:%M:%f', 'now', 'localtime')
         WHERE round_id = ?3 AND pass = ?4 AND number = ?5",
        params![positions_text(&record.crossed), record.invalid, round_id, pass, number],
    )?;
    audit(
        &tx,
        congress_id,
        "Sửa phiếu",
        &format!(
            "{title}, vòng {round_number}, lượt {pass}, phiếu số {number}: {} → {}",
            describe_ballot(before),
            describe_ballot(&record)
        ),
    )?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// Removes the last ballot of a pass.
pub fn undo_ballot(conn: &mut Connection, round_id: i64, pass: u8) -> Result<RoundState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let round = load_round(&tx, round_id)?;
    let Some(last) = round.ballots.iter().rfind(|b| b.pass == pass) else {
        return invalid("Chưa có phiếu nào để hoàn tác.");
    };
    tx.execute("DELETE FROM ballot WHERE round_id = ?1 AND pass = ?2 AND number = ?3", params![round_id, pass, last.number])?;
    audit(
        &tx,
        congress_id,
        "Hoàn tác phiếu",
        &format!("{title}, vòng {round_number}, lượt {pass}, phiếu số {}: {}", last.number, describe_ballot(last)),
    )?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// Enters the totals of a paper count; inconsistent totals are refused with the reason.
pub fn set_totals(conn: &mut Connection, round_id: i64, totals: &Totals) -> Result<RoundState, CongressError> {
    let tx = immediate(conn)?;
    let (congress_id, title, round_number) = open_round(&tx, round_id)?;
    let s = round_state(&tx, round_id)?;
    if s.round.mode != CountMode::Totals {
        return invalid("Vòng này kiểm từng phiếu; chuyển sang nhập tổng số trước.");
    }
    let held_by: String = tx.query_row("SELECT held_by FROM election WHERE id = ?1", [s.election_id], |r| r.get(0))?;
    decide(&tally_round(s.base, &s.round, s.names, voters(&tx, congress_id, s.election_id, &held_by)?), totals)?;
    tx.execute(
        "UPDATE election_round SET collected = ?1, invalid = ?2, votes = ?3 WHERE id = ?4",
        params![totals.collected, totals.invalid, serde_json::to_string(&totals.votes).expect("numbers"), round_id],
    )?;
    audit(
        &tx,
        congress_id,
        "Nhập tổng số phiếu",
        &format!(
            "{title}, vòng {round_number}: thu vào {}, không hợp lệ {}, số phiếu {}",
            totals.collected,
            totals.invalid,
            positions_text(&totals.votes)
        ),
    )?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// Confirms a round's result and locks it; attendance is frozen into it. The result is read out
/// at `read_at` ("HH:MM"), or now when that is left empty.
pub fn confirm(conn: &mut Connection, round_id: i64, read_at: &str) -> Result<RoundState, CongressError> {
    let read_at = match clean(read_at).as_str() {
        "" => chrono::Local::now().format("%H:%M").to_string(),
        text => super::clock(text).ok_or_else(|| CongressError::Invalid(format!("Giờ công bố “{text}” không đúng dạng giờ:phút.")))?,
    };
    let tx = immediate(conn)?;
    let (congress_id, title, number) = open_round(&tx, round_id)?;
    let state = round_state(&tx, round_id)?;
    if let Some(problem) = state.problem {
        return Err(CongressError::NotConfirmable(problem));
    }
    // The election's own rules hold at the moment of confirmation (a Bí thư from the BCH…).
    let data = load(&tx, congress_id)?;
    if let Some(problem) = rules::election_problems(&data, election(&data, state.election_id)?).into_iter().next() {
        return Err(CongressError::NotConfirmable(problem));
    }
    let outcome = state.outcome.expect("no problem means a result");
    let held_by: String = tx.query_row("SELECT held_by FROM election WHERE id = ?1", [state.election_id], |r| r.get(0))?;
    let (summoned, present) = voters(&tx, congress_id, state.election_id, &held_by)?;
    tx.execute(
        "UPDATE election_round SET present = ?1, summoned = ?2, read_at = ?3,
            confirmed_at = strftime('%Y-%m-%d %H:%M:%S', 'now', 'localtime') WHERE id = ?4",
        params![present, summoned, read_at, round_id],
    )?;
    let mut summary = format!("{title}, vòng {number}: trúng cử {}", list_or_none(&outcome.elected));
    if !outcome.alternates.is_empty() {
        summary += &format!("; dự khuyết {}", outcome.alternates.join(", "));
    }
    if !outcome.tied.is_empty() {
        summary += &format!("; bằng phiếu {}", outcome.tied.join(", "));
    }
    summary += &format!("; công bố lúc {read_at}");
    audit(&tx, congress_id, "Xác nhận kết quả", &summary)?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

/// "Mở khóa": puts a confirmed round back to counting, for a reason written in the audit log.
/// Later rounds of the election that were opened from it are voided (each audited); a round a
/// later confirmed result depends on (a later round, or the BCH a Bí thư election chose from)
/// must be unlocked first. The round must then be confirmed again.
pub fn unlock(conn: &mut Connection, round_id: i64, reason: &str) -> Result<RoundState, CongressError> {
    let reason = clean(reason);
    if reason.chars().count() < 5 {
        return invalid("Hãy ghi rõ lý do mở khóa (ít nhất 5 ký tự): lý do được lưu vào nhật ký.");
    }
    let tx = immediate(conn)?;
    let (election_id, congress_id): (i64, i64) = tx
        .query_row(
            "SELECT e.id, e.congress_id FROM election e JOIN election_round r ON r.election_id = e.id WHERE r.id = ?1",
            [round_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(CongressError::NotFound("vòng bầu"))?;
    let data = load(&tx, congress_id)?;
    let e = election(&data, election_id)?;
    let r = e.rounds.iter().find(|r| r.id == round_id).ok_or(CongressError::NotFound("vòng bầu"))?;
    if r.confirmed_at.is_none() {
        return invalid("Vòng này chưa được xác nhận nên không cần mở khóa.");
    }
    if let Some(later) = e.rounds.iter().find(|l| l.number > r.number && l.confirmed_at.is_some()) {
        return invalid(format!("Kết quả vòng {} dựa trên vòng này; hãy mở khóa vòng {} trước.", later.number, later.number));
    }
    if rules::committee_election(&data).is_some_and(|bch| bch.id == election_id) {
        let dependent = data.elections.iter().filter(|o| rules::eligible(&data, o).is_some()).find(|o| counted(o) || !o.candidates.is_empty());
        if let Some(o) = dependent {
            return invalid(format!(
                "{} đã chọn ứng cử viên trong số Ban Chấp hành vừa trúng cử; hãy xóa phiếu và danh sách ứng cử của cuộc bầu đó trước (mở khóa nếu đã xác nhận).",
                o.title
            ));
        }
    }
    for later in e.rounds.iter().filter(|l| l.number > r.number) {
        let ballots = later.ballots.len();
        tx.execute("DELETE FROM election_round WHERE id = ?1", [later.id])?;
        audit(&tx, congress_id, "Hủy vòng bầu", &format!("{}, vòng {}: hủy vì mở khóa vòng {} ({ballots} phiếu đã nhập bị hủy)", e.title, later.number, r.number))?;
    }
    tx.execute("UPDATE election_round SET confirmed_at = NULL, present = NULL, summoned = NULL, read_at = '' WHERE id = ?1", [round_id])?;
    audit(&tx, congress_id, "Mở khóa kết quả", &format!("{}, vòng {}. Lý do: {reason}", e.title, r.number))?;
    let state = round_state(&tx, round_id)?;
    tx.commit()?;
    Ok(state)
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() { "không có".into() } else { names.join(", ") }
}
