//! The congress's rules over its whole record, as pure functions of [`CongressData`]: who may sit
//! on a body or stand, whom a Bí thư election may choose from, whether the counts add up, and
//! what a confirmed round's papers print (and so may not change). The window's actions, the CLI
//! and the exchange-file import all run these same checks: a file cannot carry in what the
//! window would refuse.

use super::*;
use crate::tally::{compare_passes, count, decide, judge, Ballot, Base, Outcome, Standing};

impl Body {
    pub const ALL: [Body; 3] = [Body::Presidium, Body::Secretariat, Body::Counting];
}

impl ElectionKind {
    /// "Ban Chấp hành", "Bí thư", … as the papers name the post.
    pub fn post(self) -> &'static str {
        match self {
            ElectionKind::Committee => "Ban Chấp hành",
            ElectionKind::Secretary => "Bí thư",
            ElectionKind::Deputy => "Phó Bí thư",
            ElectionKind::Delegates => "đại biểu dự Đại hội cấp trên",
        }
    }
}

/// "Bầu Ban Chấp hành (vòng 1)" for every confirmed round.
pub fn confirmed_rounds(data: &CongressData) -> Vec<String> {
    data.elections
        .iter()
        .flat_map(|e| e.rounds.iter().filter(|r| r.confirmed_at.is_some()).map(move |r| format!("{} (vòng {})", e.title, r.number)))
        .collect()
}

/// Whether two candidate records name the same person: by the summoned list when both are on
/// it, else by name.
pub fn same_person(a: &Candidate, b: &Candidate) -> bool {
    match (a.attendee_id, b.attendee_id) {
        (Some(x), Some(y)) => x == y,
        _ => a.full_name == b.full_name,
    }
}

/// The congress's own BCH election (not one held by a meeting), if it has one.
pub fn committee_election(data: &CongressData) -> Option<&Election> {
    data.elections.iter().find(|e| e.kind == ElectionKind::Committee && e.held_by == HeldBy::Congress)
}

/// Those placed (elected, then alternates) by an election's confirmed rounds, in order.
pub fn placed<'a>(data: &'a CongressData, e: &'a Election) -> (Vec<&'a Candidate>, Vec<&'a Candidate>) {
    let (mut elected, mut alternates) = (vec![], vec![]);
    for r in e.rounds.iter().filter(|r| r.confirmed_at.is_some()) {
        if let Ok(o) = outcome(data, e, r) {
            // By ballot position, not by name: two candidates may share a name.
            let mut places: Vec<(u32, usize, Standing)> =
                o.candidates.iter().enumerate().map(|(i, c)| (c.votes, i, c.result)).collect();
            places.sort_by_key(|&(votes, i, _)| (std::cmp::Reverse(votes), i));
            for (_, i, result) in places {
                let Some(c) = r.candidates.get(i).and_then(|id| e.candidates.iter().find(|c| c.id == *id)) else { continue };
                match result {
                    Standing::Elected => elected.push(c),
                    Standing::Alternate => alternates.push(c),
                    _ => {}
                }
            }
        }
    }
    (elected, alternates)
}

/// Whom an election may choose from when the rules restrict it: Bí thư and Phó Bí thư come
/// from the BCH just elected, when the congress elects one (DESIGN.md, order of elections).
pub fn eligible<'a>(data: &'a CongressData, e: &Election) -> Option<Vec<&'a Candidate>> {
    if !matches!(e.kind, ElectionKind::Secretary | ElectionKind::Deputy) {
        return None;
    }
    committee_election(data).map(|bch| placed(data, bch).0)
}

/// Who votes in an election: (summoned, present). The congress's attendance, or for the first
/// meeting of the new BCH its members elected and those of them present.
pub fn voters(data: &CongressData, e: &Election) -> (u32, u32) {
    match e.held_by {
        HeldBy::Congress => {
            let h = data.headcount();
            (h.summoned, h.present)
        }
        HeldBy::FirstMeeting => {
            let members = committee_election(data).map_or(0, |bch| placed(data, bch).0.len() as u32);
            (members, e.meeting.present.unwrap_or(members))
        }
    }
}

/// The counting rules of a round: attendance frozen at confirmation, else as it is now.
pub fn tally_round(base: Base, r: &Round, names: Vec<String>, (summoned, present): (u32, u32)) -> tally::Round {
    tally::Round {
        seats: r.seats,
        alternates: r.alternates,
        base,
        present: Some(r.present.unwrap_or(present)),
        summoned: Some(r.summoned.unwrap_or(summoned)),
        issued: r.issued,
        candidates: names,
    }
}

/// Candidate names of a round in ballot order.
pub fn round_names(e: &Election, r: &Round) -> Result<Vec<String>, String> {
    r.candidates
        .iter()
        .map(|id| {
            e.candidates
                .iter()
                .find(|c| c.id == *id)
                .map(|c| c.full_name.clone())
                .ok_or_else(|| format!("{}, vòng {}: ứng cử viên số {id} không có trong danh sách", e.title, r.number))
        })
        .collect()
}

/// A round's result from its ballots (first pass) or paper totals, or why there is none.
pub fn outcome(data: &CongressData, e: &Election, r: &Round) -> Result<Outcome, String> {
    let names = round_names(e, r)?;
    let rules = tally_round(e.base, r, names, voters(data, e));
    let totals = match r.mode {
        CountMode::Totals => r.totals.clone().ok_or("chưa có tổng số phiếu")?,
        CountMode::Ballots => {
            let stack: Vec<Ballot> = r.ballots.iter().filter(|b| b.pass == 1).map(BallotRecord::ballot).collect();
            count(&stack, rules.candidates.len(), rules.keep_max()).map_err(|e| e.to_string())?
        }
    };
    decide(&rules, &totals).map_err(|e| e.to_string())
}

/// Whether a candidate is this summoned person: by the summoned list when the candidate is on
/// it, else (someone typed in) by name.
pub fn stands(c: &Candidate, a: &Attendee) -> bool {
    c.attendee_id.map_or(c.full_name == a.full_name, |id| id == a.id)
}

/// The congress's own election in which this person stands, if any.
pub fn standing_in<'a>(data: &'a CongressData, a: &Attendee) -> Option<&'a Election> {
    data.elections.iter().filter(|e| e.held_by == HeldBy::Congress).find(|e| e.candidates.iter().any(|c| stands(c, a)))
}

/// Each counting-committee member who stands, with the election: (name, election title).
pub fn counters_standing(data: &CongressData) -> Vec<(String, String)> {
    let mut found = vec![];
    for a in data.attendees.iter().filter(|a| a.counting > 0) {
        for e in data.elections.iter().filter(|e| e.held_by == HeldBy::Congress) {
            if e.candidates.iter().any(|c| stands(c, a)) {
                found.push((a.full_name.clone(), e.title.clone()));
            }
        }
    }
    found
}

fn absent(a: &Attendee) -> bool {
    matches!(a.attendance, Attendance::Excused | Attendance::Absent)
}

/// The most people summoned (or guests) a congress file may carry: a đại hội đại biểu has a few
/// hundred.
pub const MAX_ATTENDEES: usize = 10_000;

/// What is out of bounds in a record (lengths and counts no congress reaches), checked before
/// anything else: a file beyond them is refused before it is written or counted.
pub fn bounds(data: &CongressData) -> Vec<String> {
    use crate::tally::{MAX_BALLOTS, MAX_CANDIDATES, MAX_SEATS};
    use crate::text::{MAX_LINE, MAX_NAME, MAX_NOTES};
    let mut found = vec![];
    fn text(found: &mut Vec<String>, label: &str, value: &str, max: usize) {
        if let Err(problem) = crate::text::within(label, value.to_string(), max) {
            found.push(problem);
        }
    }
    for (what, n, max) in [
        ("người được triệu tập", data.attendees.len(), MAX_ATTENDEES),
        ("khách mời", data.guests.len(), MAX_ATTENDEES),
        ("mục chương trình", data.agenda.len(), 1_000),
        ("biểu quyết", data.motions.len(), 1_000),
        ("cuộc bầu cử", data.elections.len(), 100),
        ("dòng nhật ký", data.audit.len(), 1_000_000),
    ] {
        if n > max {
            found.push(format!("Có {n} {what}, quá giới hạn {max}."));
        }
    }
    if !found.is_empty() {
        return found;
    }
    for a in &data.audit {
        text(&mut found, "Nhật ký", &a.detail, MAX_NOTES);
        text(&mut found, "Nhật ký", &a.action, MAX_LINE);
        text(&mut found, "Nhật ký", &a.actor, MAX_LINE);
        text(&mut found, "Nhật ký", &a.at, MAX_NAME);
    }
    let c = &data.congress;
    for (label, value) in [("Tên đại hội", &c.name), ("Nhiệm kỳ", &c.term), ("Địa điểm", &c.place)] {
        text(&mut found, label, value, MAX_LINE);
    }
    for a in &data.attendees {
        text(&mut found, "Họ và tên người dự", &a.full_name, MAX_NAME);
        text(&mut found, "Ghi chú người dự", &a.note, MAX_LINE);
        text(&mut found, "Lý do vắng", &a.absence_reason, MAX_LINE);
    }
    for g in &data.guests {
        text(&mut found, "Tên khách mời", &g.name, MAX_NAME);
        text(&mut found, "Chức vụ khách mời", &g.title, MAX_LINE);
    }
    for item in &data.agenda {
        text(&mut found, "Tên mục chương trình", &item.title, MAX_LINE);
        text(&mut found, "Ghi chép", &item.notes, MAX_NOTES);
    }
    for m in &data.motions {
        text(&mut found, "Nội dung biểu quyết", &m.title, MAX_LINE);
    }
    for e in &data.elections {
        text(&mut found, "Tên cuộc bầu cử", &e.title, MAX_LINE);
        for c in &e.candidates {
            text(&mut found, "Họ và tên ứng cử viên", &c.full_name, MAX_NAME);
        }
        if e.candidates.len() > MAX_CANDIDATES {
            found.push(format!("{}: {} ứng cử viên, quá giới hạn {MAX_CANDIDATES}.", e.title, e.candidates.len()));
        }
        for r in std::iter::once((e.seats, e.alternates)).chain(e.rounds.iter().map(|r| (r.seats, r.alternates))) {
            if r.0 > MAX_SEATS || r.1 > MAX_SEATS {
                found.push(format!("{}: số người cần bầu ({}, {} dự khuyết) quá giới hạn {MAX_SEATS}.", e.title, r.0, r.1));
            }
        }
        if e.rounds.len() > 20 {
            found.push(format!("{}: {} vòng bầu, quá giới hạn 20.", e.title, e.rounds.len()));
        }
        for r in &e.rounds {
            let mut ids = r.candidates.clone();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() != r.candidates.len() || r.candidates.len() > e.candidates.len() {
                found.push(format!("{}, vòng {}: danh sách trên phiếu có người lặp lại hoặc ngoài danh sách ứng cử.", e.title, r.number));
            }
            if r.ballots.len() > 2 * MAX_BALLOTS || r.issued.is_some_and(|n| n as usize > MAX_BALLOTS) {
                found.push(format!("{}, vòng {}: số phiếu quá giới hạn {MAX_BALLOTS} phiếu một lượt.", e.title, r.number));
            }
            for b in &r.ballots {
                if b.crossed.len() > MAX_CANDIDATES
                    || b.invalid.as_ref().is_some_and(|s| s.chars().count() > MAX_LINE)
                    || b.entered_at.chars().count() > MAX_NAME
                {
                    found.push(format!("{}, vòng {}, phiếu số {}: quá dài.", e.title, r.number, b.number));
                    break;
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Everything in the record that breaks a rule, each as the sentence the user reads. Empty for
/// a record the window could have produced.
pub fn problems(data: &CongressData) -> Vec<String> {
    let mut found = bounds(data);
    if !found.is_empty() {
        return found;
    }
    for a in &data.attendees {
        for body in Body::ALL.into_iter().filter(|&b| a.seat(b) > 0) {
            if absent(a) {
                found.push(format!("{} vắng mặt nên không thể ở {}.", a.full_name, body.label()));
            }
        }
    }
    for body in Body::ALL {
        let heads: Vec<&str> = data.attendees.iter().filter(|a| a.seat(body) == 2).map(|a| a.full_name.as_str()).collect();
        if heads.len() > 1 {
            found.push(format!("{} có {} người đứng đầu ({}); chỉ được một.", body.label(), heads.len(), heads.join(", ")));
        }
    }
    for (name, election) in counters_standing(data) {
        found.push(format!("{name} vừa ở Ban Kiểm phiếu vừa là ứng cử viên ({election}): người kiểm phiếu không được ứng cử."));
    }
    let summoned = data.attendees.len() as u32;
    for m in &data.motions {
        if let Err(e) = check_motion(m) {
            found.push(e.to_string());
        }
        if summoned > 0 && m.present > summoned {
            found.push(format!("Biểu quyết “{}”: số có mặt ({}) lớn hơn số được triệu tập ({summoned}).", m.title, m.present));
        }
    }
    for e in &data.elections {
        found.extend(election_problems(data, e));
    }
    found
}

/// The problems of one election (part of [`problems`]).
pub fn election_problems(data: &CongressData, e: &Election) -> Vec<String> {
    let mut found = vec![];
    if let Err(err) = super::election::check_input(&e.clone().into()) {
        found.push(format!("{}: {err}", e.title));
    }
    if let Some(eligible) = eligible(data, e) {
        if eligible.is_empty() && !e.candidates.is_empty() {
            found.push(format!(
                "{}: chưa có kết quả bầu Ban Chấp hành được xác nhận, mà {} phải được bầu trong số Ban Chấp hành vừa trúng cử.",
                e.title,
                e.kind.post()
            ));
        } else {
            for c in e.candidates.iter().filter(|c| !eligible.iter().any(|b| same_person(c, b))) {
                found.push(format!(
                    "{} không trúng cử Ban Chấp hành khóa mới nên không thể là ứng cử viên {}: {} được bầu trong số Ban Chấp hành vừa trúng cử.",
                    c.full_name,
                    e.kind.post(),
                    e.kind.post()
                ));
            }
        }
    }
    if e.held_by == HeldBy::FirstMeeting {
        let (members, present) = voters(data, e);
        if present > members {
            found.push(format!("{}: số ủy viên Ban Chấp hành có mặt ({present}) lớn hơn số ủy viên vừa trúng cử ({members}).", e.title));
        }
    }
    for c in &e.candidates {
        if let Some(id) = c.attendee_id {
            match data.attendees.iter().find(|a| a.id == id) {
                Some(a) if a.full_name == c.full_name => {}
                _ => found.push(format!("{}: ứng cử viên {} không khớp với người trong danh sách triệu tập.", e.title, c.full_name)),
            }
        }
    }
    for (i, r) in e.rounds.iter().enumerate() {
        let at = format!("{}, vòng {}", e.title, r.number);
        if r.number as usize != i + 1 || (r.number == 1) != (r.kind == RoundKind::First) {
            found.push(format!("{at}: các vòng phải đánh số 1, 2, … và chỉ vòng 1 là vòng đầu."));
        }
        if r.number == 1 && (r.seats, r.alternates) != (e.seats, e.alternates) {
            found.push(format!("{at}: số người cần bầu khác với cuộc bầu cử ({} người).", e.seats));
        }
        if i > 0 && e.rounds[i - 1].confirmed_at.is_none() {
            found.push(format!("{at}: vòng trước chưa được xác nhận."));
        }
        if !r.read_at.is_empty() && super::clock(&r.read_at).as_deref() != Some(r.read_at.as_str()) {
            found.push(format!("{at}: giờ công bố “{}” không đúng dạng giờ:phút.", r.read_at));
        }
        if r.confirmed_at.is_some() {
            let (summoned, present) = voters(data, e);
            if (r.summoned, r.present) != (Some(summoned), Some(present)) {
                found.push(format!(
                    "{at}: số triệu tập, có mặt ghi khi xác nhận ({}, {}) khác với điểm danh ({summoned}, {present}).",
                    r.summoned.map_or("—".into(), |n| n.to_string()),
                    r.present.map_or("—".into(), |n| n.to_string())
                ));
            }
        }
        let names = match round_names(e, r) {
            Ok(names) => names,
            Err(problem) => {
                found.push(problem);
                continue;
            }
        };
        let keep = r.keep();
        for pass in 1..=2u8 {
            let ballots: Vec<&BallotRecord> = r.ballots.iter().filter(|b| b.pass == pass).collect();
            if pass == 2 && !r.double_entry && !ballots.is_empty() {
                found.push(format!("{at}: có phiếu ở lượt 2 nhưng vòng này không nhập hai lượt."));
            }
            for (i, b) in ballots.iter().enumerate() {
                if b.number as usize != i + 1 {
                    found.push(format!("{at}, lượt {pass}: phiếu thứ {} mang số {}; số phiếu phải liên tục từ 1.", i + 1, b.number));
                    break;
                }
                if let Err(err) = judge(&b.ballot(), i + 1, names.len(), keep) {
                    found.push(format!("{at}, lượt {pass}: {err}"));
                }
            }
            if let Some(issued) = r.issued.filter(|&n| ballots.len() as u64 > n as u64) {
                found.push(format!("{at}, lượt {pass}: số phiếu thu vào ({}) lớn hơn số phiếu phát ra ({issued}).", ballots.len()));
            }
        }
        if r.mode == CountMode::Totals && !r.ballots.is_empty() {
            found.push(format!("{at}: vòng nhập tổng số không có phiếu từng tờ."));
        }
        if r.confirmed_at.is_some() {
            if let Some(reason) = unconfirmable(data, e, r) {
                found.push(format!("{at} đã xác nhận nhưng không có kết quả hợp lệ: {reason}"));
            }
        } else if let (CountMode::Totals, Some(_)) = (r.mode, &r.totals) {
            if let Err(reason) = outcome(data, e, r) {
                found.push(format!("{at}: {reason}"));
            }
        }
    }
    found
}

/// Why a round cannot be confirmed (as it is now), or None when it can.
pub fn unconfirmable(data: &CongressData, e: &Election, r: &Round) -> Option<String> {
    if let Err(reason) = outcome(data, e, r) {
        return Some(reason);
    }
    if r.mode == CountMode::Ballots && r.double_entry {
        let (candidates, keep) = (r.candidates.len(), r.keep());
        let verdicts = |pass: u8| {
            r.ballots.iter().filter(|b| b.pass == pass).enumerate().map(|(i, b)| judge(&b.ballot(), i + 1, candidates, keep)).collect::<Result<Vec<_>, _>>()
        };
        match (verdicts(1), verdicts(2)) {
            (Ok(a), Ok(b)) if compare_passes(&a, &b).is_empty() => {}
            _ => return Some("hai lượt nhập chưa khớp.".into()),
        }
    }
    if r.issued.is_none() {
        return Some(NO_ISSUED.into());
    }
    None
}

/// Why a round without the ballots issued cannot be confirmed.
pub const NO_ISSUED: &str = "Chưa ghi số phiếu phát ra (mục “Cách kiểm phiếu”); biên bản kiểm phiếu phải có số này.";

/// Warnings shown with an election, never blocking: the candidate list's surplus, and a
/// mismatch with what the congress voted by show of hands (seats, the list).
pub fn warnings(data: &CongressData, e: &Election) -> Vec<String> {
    let mut found: Vec<String> = surplus_warning(e.kind, e.seats, e.candidates.len()).into_iter().collect();
    if e.kind != ElectionKind::Committee || e.held_by != HeldBy::Congress {
        return found;
    }
    let voted = |kind: MotionKind| data.motions.iter().rev().find(|m| m.kind == kind && m.value.is_some());
    if let Some(m) = voted(MotionKind::CommitteeSize) {
        let value = m.value.unwrap_or_default();
        if !passes(m, data.congress.motion_share) {
            found.push(format!("Biểu quyết số lượng Ban Chấp hành ({value} người) chưa được thông qua."));
        } else if value != e.seats {
            found.push(format!("Đại hội đã biểu quyết số lượng Ban Chấp hành là {value} người, nhưng cuộc bầu cử này bầu {} người.", e.seats));
        }
    }
    if let Some(m) = voted(MotionKind::CandidateList) {
        let value = m.value.unwrap_or_default();
        if !passes(m, data.congress.motion_share) {
            found.push(format!("Biểu quyết danh sách bầu cử Ban Chấp hành ({value} người) chưa được thông qua."));
        } else if value as usize != e.candidates.len() {
            found.push(format!(
                "Đại hội đã biểu quyết danh sách bầu cử có {value} người, nhưng danh sách ứng cử hiện có {} người.",
                e.candidates.len()
            ));
        }
    }
    found
}

/// The seats of the BCH as the congress voted them, when a vote on the number passed.
pub fn voted_seats(data: &CongressData) -> Option<u32> {
    data.motions
        .iter()
        .rev()
        .find(|m| m.kind == MotionKind::CommitteeSize && m.value.is_some())
        .filter(|m| passes(m, data.congress.motion_share))
        .and_then(|m| m.value)
}

/// What the papers of the confirmed rounds print, part by part (not the registry links, the
/// guests, the agenda, the show-of-hands votes or the closing time, which may still change:
/// the minutes are written after the elections).
#[derive(PartialEq)]
struct Printed<'a> {
    identity: (&'a str, &'a str, &'a Option<String>, &'a str, &'a str, CongressKind, Share),
    summoned: Vec<(i64, &'a str, &'a str)>,
    attendance: Vec<(Attendance, &'a str)>,
    bodies: Vec<(u8, u8, u8)>,
    candidates: Vec<&'a [Candidate]>,
}

fn printed(data: &CongressData) -> Printed<'_> {
    let c = &data.congress;
    Printed {
        identity: (&c.name, &c.term, &c.held_on, &c.starts_at, &c.place, c.kind, c.quorum),
        summoned: data.attendees.iter().map(|a| (a.id, a.full_name.as_str(), a.note.as_str())).collect(),
        attendance: data.attendees.iter().map(|a| (a.attendance, a.absence_reason.as_str())).collect(),
        bodies: data.attendees.iter().map(|a| (a.presidium, a.secretariat, a.counting)).collect(),
        candidates: data
            .elections
            .iter()
            .filter(|e| e.rounds.iter().any(|r| r.confirmed_at.is_some()))
            .map(|e| e.candidates.as_slice())
            .collect(),
    }
}

/// Whether a change from `before` to `after` may be kept: nothing a confirmed round's papers
/// print moved, and no rule that held before is broken now.
pub fn check_change(before: &CongressData, after: &CongressData) -> Result<(), CongressError> {
    let rounds = confirmed_rounds(before);
    if !rounds.is_empty() {
        let (b, a) = (printed(before), printed(after));
        let what = if b.identity != a.identity {
            Some("tên, nhiệm kỳ, ngày giờ, địa điểm hay hình thức của Đại hội")
        } else if b.summoned != a.summoned {
            Some("danh sách triệu tập")
        } else if b.attendance != a.attendance {
            Some("điểm danh")
        } else if b.bodies != a.bodies {
            Some("Đoàn Chủ tịch, Đoàn Thư ký hay Ban Kiểm phiếu")
        } else if b.candidates != a.candidates {
            Some("danh sách ứng cử")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(CongressError::Confirmed { what, rounds: rounds.join(", ") });
        }
    }
    let old = problems(before);
    match problems(after).into_iter().find(|p| !old.contains(p)) {
        Some(problem) => Err(CongressError::Invalid(problem)),
        None => Ok(()),
    }
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
