//! The branch congress (đại hội): who was summoned and who came, the presidium, secretariat and
//! counting committee, the agenda, show-of-hands votes and the elections with their rounds and
//! ballots. Every user action is one transaction; every change to an election is audited.
//!
//! The whole congress is one [`CongressData`]: what the window shows, and, serialised, the
//! exchange file (docs/congress-exchange.md).

pub mod election;
pub mod exchange;
pub mod positions;
pub mod rules;
pub mod scanned;
mod store;

pub use store::*;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::tally::{self, Base, TallyError, Totals};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CongressKind {
    /// Đại hội toàn thể: every member is summoned.
    #[default]
    Members,
    /// Đại hội đại biểu.
    Delegates,
}

/// A share such as 2/3 (quorum) or 1/2 (a motion passes with more than it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Share {
    pub num: u32,
    pub den: u32,
}

/// The congress itself, as entered (dates dd/mm/yyyy in the window; ISO here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Congress {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub term: String,
    /// "YYYY-MM-DD".
    #[serde(default)]
    pub held_on: Option<String>,
    /// "HH:MM".
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub kind: CongressKind,
    /// Present must reach this share of the summoned (default 2/3).
    #[serde(default = "two_thirds")]
    pub quorum: Share,
    /// A motion passes with more than this share of those present (default 1/2).
    #[serde(default = "half")]
    pub motion_share: Share,
}

fn two_thirds() -> Share {
    Share { num: 2, den: 3 }
}
fn half() -> Share {
    Share { num: 1, den: 2 }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Attendance {
    /// Not checked in yet.
    #[default]
    Unknown,
    Present,
    /// Absent with a reason (vắng có lý do).
    Excused,
    /// Absent without a reason.
    Absent,
}

/// A congress body an attendee may sit on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Body {
    /// Đoàn chủ tịch.
    Presidium,
    /// Đoàn thư ký.
    Secretariat,
    /// Ban kiểm phiếu.
    Counting,
}

impl Body {
    pub fn label(self) -> &'static str {
        match self {
            Body::Presidium => "Đoàn Chủ tịch",
            Body::Secretariat => "Đoàn Thư ký",
            Body::Counting => "Ban Kiểm phiếu",
        }
    }
}

/// Someone summoned: from the registry (`member_id`) or typed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attendee {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    pub full_name: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub attendance: Attendance,
    #[serde(default)]
    pub absence_reason: String,
    /// Seat on each body: 0 none, 1 member, 2 head.
    #[serde(default)]
    pub presidium: u8,
    #[serde(default)]
    pub secretariat: u8,
    #[serde(default)]
    pub counting: u8,
}

impl Attendee {
    pub fn seat(&self, body: Body) -> u8 {
        match body {
            Body::Presidium => self.presidium,
            Body::Secretariat => self.secretariat,
            Body::Counting => self.counting,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guest {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub title: String,
}

/// An agenda item with free-text notes for the minutes (reports, discussion, speeches).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaItem {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    #[serde(default)]
    pub notes: String,
}

/// What a show-of-hands vote decides, when an election depends on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MotionKind {
    /// Anything else: the agenda, the reports, the resolution, the bodies.
    #[default]
    General,
    /// The number of BCH members (`value`): the committee election's seats.
    CommitteeSize,
    /// The BCH candidate list, of `value` names.
    CandidateList,
}

impl MotionKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MotionKind::General => "general",
            MotionKind::CommitteeSize => "committee_size",
            MotionKind::CandidateList => "candidate_list",
        }
    }
    pub(crate) fn parse(text: &str) -> MotionKind {
        match text {
            "committee_size" => MotionKind::CommitteeSize,
            "candidate_list" => MotionKind::CandidateList,
            _ => MotionKind::General,
        }
    }
}

/// A show-of-hands vote (biểu quyết).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Motion {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub votes_for: u32,
    pub votes_against: u32,
    /// Abstaining or other.
    pub votes_other: u32,
    /// Present when the vote was taken.
    pub present: u32,
    #[serde(default)]
    pub kind: MotionKind,
    /// The number voted on (seats, or names on the list) for the kinds that carry one.
    #[serde(default)]
    pub value: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ElectionKind {
    /// Ban Chấp hành.
    Committee,
    /// Bí thư.
    Secretary,
    /// Phó Bí thư.
    Deputy,
    /// Đại biểu dự đại hội cấp trên (official and alternates).
    Delegates,
}

/// Who elects: the congress itself, or the new BCH at its first meeting (Bí thư, Phó Bí thư).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HeldBy {
    #[default]
    Congress,
    /// Hội nghị Ban Chấp hành lần thứ nhất.
    FirstMeeting,
}

/// The new BCH's first meeting, for an election it holds: its voters are the BCH just elected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Meeting {
    /// "YYYY-MM-DD".
    #[serde(default)]
    pub held_on: Option<String>,
    /// "HH:MM".
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub place: String,
    /// BCH members present; all of them when not entered.
    #[serde(default)]
    pub present: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Candidate {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub attendee_id: Option<i64>,
    pub full_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RoundKind {
    First,
    /// Among the remaining candidates, for seats left unfilled.
    Further,
    /// Among tied candidates, for the places the tie held up.
    Revote,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CountMode {
    /// Ballot by ballot.
    #[default]
    Ballots,
    /// Totals from a paper count.
    Totals,
}

/// One stored ballot of one entry pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BallotRecord {
    pub pass: u8,
    pub number: u32,
    /// 1-based positions crossed out; empty when `invalid` is set.
    #[serde(default)]
    pub crossed: Vec<u32>,
    #[serde(default)]
    pub invalid: Option<String>,
    #[serde(default)]
    pub entered_at: String,
}

impl Round {
    /// The most names a valid ballot of this round may keep.
    pub fn keep(&self) -> usize {
        self.seats as usize + self.alternates as usize
    }
}

impl BallotRecord {
    pub fn ballot(&self) -> tally::Ballot {
        match &self.invalid {
            Some(reason) => tally::Ballot::Invalid(reason.clone()),
            None => tally::Ballot::Crossed(self.crossed.iter().map(|&p| p as usize).collect()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Round {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
    pub number: u32,
    pub kind: RoundKind,
    pub seats: u32,
    pub alternates: u32,
    #[serde(default)]
    pub mode: CountMode,
    #[serde(default)]
    pub double_entry: bool,
    #[serde(default)]
    pub issued: Option<u32>,
    /// Candidate ids in ballot order.
    #[ts(type = "Array<number>")]
    pub candidates: Vec<i64>,
    /// Paper totals (mode `totals`).
    #[serde(default)]
    pub totals: Option<Totals>,
    #[serde(default)]
    pub ballots: Vec<BallotRecord>,
    /// Attendance frozen at confirmation.
    #[serde(default)]
    pub present: Option<u32>,
    #[serde(default)]
    pub summoned: Option<u32>,
    /// When the result was read out ("HH:MM").
    #[serde(default)]
    pub read_at: String,
    #[serde(default)]
    pub confirmed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Election {
    #[serde(default)]
    #[ts(type = "number")]
    pub id: i64,
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
    /// In Vietnamese name order.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    #[serde(default)]
    pub rounds: Vec<Round>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditEntry {
    pub at: String,
    #[serde(default)]
    pub actor: String,
    pub action: String,
    #[serde(default)]
    pub detail: String,
}

/// A whole congress: the window's model and the exchange file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CongressData {
    pub format: String,
    pub version: u32,
    pub congress: Congress,
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    #[serde(default)]
    pub guests: Vec<Guest>,
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    #[serde(default)]
    pub motions: Vec<Motion>,
    #[serde(default)]
    pub elections: Vec<Election>,
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

pub const FORMAT: &str = "chidoan-congress";
pub const FORMAT_VERSION: u32 = 1;

/// Live attendance figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Headcount {
    pub summoned: u32,
    pub present: u32,
    pub excused: u32,
    pub absent: u32,
    pub unknown: u32,
    /// The fewest present for a valid congress.
    pub quorum: u32,
    pub quorate: bool,
}

impl CongressData {
    pub fn headcount(&self) -> Headcount {
        let n = |a: Attendance| self.attendees.iter().filter(|p| p.attendance == a).count() as u32;
        let summoned = self.attendees.len() as u32;
        let present = n(Attendance::Present);
        let quorum = at_least(summoned, self.congress.quorum);
        Headcount {
            summoned,
            present,
            excused: n(Attendance::Excused),
            absent: n(Attendance::Absent),
            unknown: n(Attendance::Unknown),
            quorum,
            quorate: summoned > 0 && present >= quorum,
        }
    }
}

/// A congress as the window shows it: the data, the live headcount, whether each motion passed,
/// each election's warnings (surplus, a mismatch with what the congress voted), the rounds
/// whose confirmation locks the summoned list, and who may stand in each election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CongressView {
    pub data: CongressData,
    pub headcount: Headcount,
    pub passed: Vec<bool>,
    pub warnings: Vec<Vec<String>>,
    /// "Bầu Ban Chấp hành (vòng 1)" for every confirmed round: while any is, what its papers
    /// print cannot change.
    pub confirmed: Vec<String>,
    /// Per election: the attendee ids who may stand, when the rules restrict it (Bí thư and
    /// Phó Bí thư come from the BCH just elected).
    #[ts(type = "Array<Array<number> | null>")]
    pub eligible: Vec<Option<Vec<i64>>>,
}

impl From<CongressData> for CongressView {
    fn from(data: CongressData) -> Self {
        CongressView {
            headcount: data.headcount(),
            passed: data.motions.iter().map(|m| passes(m, data.congress.motion_share)).collect(),
            warnings: data.elections.iter().map(|e| rules::warnings(&data, e)).collect(),
            confirmed: rules::confirmed_rounds(&data),
            eligible: data
                .elections
                .iter()
                .map(|e| rules::eligible(&data, e).map(|list| list.iter().filter_map(|c| c.attendee_id).collect()))
                .collect(),
            data,
        }
    }
}

/// The smallest count reaching `share` of `total` (ceil(total · num / den)).
pub fn at_least(total: u32, share: Share) -> u32 {
    ((total as u64 * share.num as u64).div_ceil(share.den.max(1) as u64)) as u32
}

/// Whether a motion passes: more than `share` of those present voted for it.
pub fn passes(motion: &Motion, share: Share) -> bool {
    motion.votes_for as u64 * share.den as u64 > motion.present as u64 * share.num as u64
}

/// A candidate list's surplus (số dư) for a committee: warn, never block. The 30 % ceiling is
/// rounded up, or a committee of 3 could have no surplus at all (0.9 of a person).
pub fn surplus_warning(kind: ElectionKind, seats: u32, candidates: usize) -> Option<String> {
    if kind != ElectionKind::Committee || candidates == 0 {
        return None;
    }
    let surplus = candidates as i64 - seats as i64;
    let most = (3 * seats as i64 + 9) / 10;
    if surplus <= 0 {
        Some(format!("Danh sách bầu Ban Chấp hành cần có số dư: {candidates} ứng cử viên cho {seats} người cần bầu."))
    } else if surplus > most {
        Some(format!(
            "Số dư {surplus} người vượt quá 30% số cần bầu ({seats} người): nên có tối đa {} ứng cử viên.",
            seats as i64 + most
        ))
    } else {
        None
    }
}

/// Why a congress action is refused; `Display` is the sentence the window shows.
#[derive(Debug, thiserror::Error)]
pub enum CongressError {
    #[error("{0}")]
    Invalid(String),
    #[error("Không tìm thấy {0}.")]
    NotFound(&'static str),
    #[error("{name} đang ở Ban Kiểm phiếu nên không thể là ứng cử viên: người kiểm phiếu không được ứng cử trong các cuộc bầu cử của Đại hội.")]
    CounterCannotStand { name: String },
    #[error("{name} đang là ứng cử viên ({election}) nên không thể vào Ban Kiểm phiếu: người ứng cử không được kiểm phiếu.")]
    CandidateCannotCount { name: String, election: String },
    #[error("Vòng bầu này đã được xác nhận và khóa; không thể sửa. Muốn sửa, hãy “Mở khóa” vòng này và ghi rõ lý do.")]
    Locked,
    #[error("Không thể thay đổi {what}: kết quả {rounds} đã được xác nhận và in trong biên bản. Muốn thay đổi, hãy “Mở khóa” vòng bầu đó (ghi rõ lý do) rồi xác nhận lại.")]
    Confirmed { what: &'static str, rounds: String },
    #[error("Chưa xác nhận được kết quả: {0}")]
    NotConfirmable(String),
    #[error(transparent)]
    Tally(#[from] TallyError),
    #[error("Tệp đại hội không đọc được: {0}")]
    File(String),
    #[error("Tệp đại hội không được nhập vì có điều Sổ Chi đoàn không chấp nhận: {0} Không có gì được ghi.")]
    Refused(String),
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Storage(#[from] rusqlite::Error),
}

impl CongressError {
    pub fn english(&self) -> String {
        match self {
            CongressError::Invalid(m) => format!("invalid: {m}"),
            CongressError::NotFound(what) => format!("not found: {what}"),
            CongressError::CounterCannotStand { name } => {
                format!("{name} is on the counting committee and cannot be a candidate")
            }
            CongressError::CandidateCannotCount { name, election } => {
                format!("{name} is a candidate ({election}) and cannot join the counting committee")
            }
            CongressError::Locked => "the round is confirmed and locked; unlock it with a reason first".into(),
            CongressError::Confirmed { rounds, .. } => {
                format!("refused: the result of {rounds} is confirmed; unlock that round with a reason first")
            }
            CongressError::NotConfirmable(m) => format!("cannot confirm: {m}"),
            CongressError::Tally(e) => e.english(),
            CongressError::File(m) => format!("bad congress file: {m}"),
            CongressError::Refused(m) => format!("congress file refused, nothing written: {m}"),
            CongressError::Storage(e) => format!("database error: {e}"),
        }
    }
}

pub(crate) fn invalid<T>(message: impl Into<String>) -> Result<T, CongressError> {
    Err(CongressError::Invalid(message.into()))
}

#[cfg(test)]
mod tests;
