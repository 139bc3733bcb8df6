//! The election count (kiểm phiếu): pure rules over plain data, no I/O.
//!
//! A ballot keeps the names it approves and crosses out the others. It is invalid when it keeps
//! more names than there are places (seats + alternates), or keeps nobody while there are two or
//! more candidates. A candidate is over the threshold when 2 · votes > base (exactly half is not
//! enough); places go by descending votes, and a tie across the last place elects nobody of the
//! tie. All arithmetic is on integers: a percentage is only ever shown, never decided on.

mod compare;
pub mod input;
mod text;

pub use compare::{compare_passes, Discrepancy};
pub use text::report;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the threshold is measured against (printed in the minutes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Base {
    /// Valid ballots: the default.
    #[default]
    Valid,
    /// Ballots collected (valid and invalid).
    Collected,
    /// Delegates present.
    Present,
    /// Delegates summoned.
    Summoned,
}

impl Base {
    pub fn as_str(self) -> &'static str {
        match self {
            Base::Valid => "valid",
            Base::Collected => "collected",
            Base::Present => "present",
            Base::Summoned => "summoned",
        }
    }
    pub fn parse(text: &str) -> Option<Base> {
        [Base::Valid, Base::Collected, Base::Present, Base::Summoned].into_iter().find(|b| b.as_str() == text)
    }
    /// "số phiếu hợp lệ", as the minutes name the base.
    pub fn label(self) -> String {
        self.label_for("đại biểu")
    }
    /// The base naming those who vote as `voters` ("đoàn viên", "ủy viên Ban Chấp hành").
    pub fn label_for(self, voters: &str) -> String {
        match self {
            Base::Valid => "số phiếu hợp lệ".into(),
            Base::Collected => "số phiếu thu vào".into(),
            Base::Present => format!("số {voters} có mặt"),
            Base::Summoned => format!("số {voters} được triệu tập"),
        }
    }
}

/// One round of one election, as far as counting needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub seats: u32,
    pub alternates: u32,
    pub base: Base,
    pub present: Option<u32>,
    pub summoned: Option<u32>,
    /// Ballots issued; `None` means as many as were collected.
    pub issued: Option<u32>,
    pub candidates: Vec<String>,
}

impl Round {
    /// The most names a valid ballot may keep.
    pub fn keep_max(&self) -> usize {
        self.seats as usize + self.alternates as usize
    }
}

/// A paper ballot as the counter reads it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ballot {
    /// The 1-based positions of the crossed-out names (the others are kept).
    Crossed(Vec<usize>),
    /// Marked invalid by the counting committee, with its reason.
    Invalid(String),
}

/// What a ballot counts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    /// Valid: the 1-based positions it keeps, ascending.
    Valid { kept: Vec<u32> },
    /// Invalid; `automatic` when the rules decided it from the crossed names.
    Invalid { reason: String, automatic: bool },
}

/// The counts a round's result is decided from: counted ballot by ballot, or entered from paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Totals {
    pub collected: u32,
    pub invalid: u32,
    /// Votes of each candidate, in the round's order.
    pub votes: Vec<u32>,
}

impl Totals {
    pub fn valid(&self) -> u32 {
        self.collected.saturating_sub(self.invalid)
    }
}

/// Where a candidate ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Standing {
    Elected,
    Alternate,
    /// Tied across the last place: re-vote among the tied.
    Tie,
    NotElected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CandidateResult {
    pub name: String,
    pub votes: u32,
    /// votes / base × 100, two decimals, half up, decimal comma: "95,24".
    pub percent: String,
    pub result: Standing,
}

/// The result of a round (the `chidoan tally` JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Outcome {
    pub issued: u32,
    pub collected: u32,
    pub valid: u32,
    pub invalid: u32,
    pub base: Base,
    pub base_count: u32,
    /// In the round's order.
    pub candidates: Vec<CandidateResult>,
    /// Names by descending votes (equal votes in the round's order).
    pub elected: Vec<String>,
    pub alternates: Vec<String>,
    pub tied: Vec<String>,
    /// Official seats not filled, including those waiting for a tie re-vote.
    pub unfilled: u32,
    pub alternates_unfilled: u32,
    /// Whether [`Outcome::tied`] contend for alternate places (else official seats).
    #[serde(skip)]
    #[ts(skip)]
    pub tie_for_alternates: bool,
}

impl Outcome {
    /// The places a re-vote among [`Outcome::tied`] decides: `(places, alternates?)`.
    pub fn tie_places(&self) -> Option<(u32, bool)> {
        match (self.tied.is_empty(), self.tie_for_alternates) {
            (true, _) => None,
            (false, false) => Some((self.unfilled, false)),
            (false, true) => Some((self.alternates_unfilled, true)),
        }
    }
}

/// Why a count cannot be decided. `Display` is the Vietnamese sentence shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    #[error("Số người cần bầu phải lớn hơn 0.")]
    NoSeats,
    #[error("Chưa có ứng cử viên nào.")]
    NoCandidates,
    #[error("Phiếu số {ballot}: không có ứng cử viên số {position} (danh sách có {candidates} người).")]
    OutOfRange { ballot: usize, position: i64, candidates: usize },
    #[error("Phiếu số {ballot}: tên số {position} bị gạch hai lần.")]
    Repeated { ballot: usize, position: usize },
    #[error("Phiếu số {ballot}: cần ghi hoặc các tên bị gạch, hoặc lý do phiếu không hợp lệ.")]
    BallotShape { ballot: usize },
    #[error("Có {got} số phiếu bầu nhưng có {expected} ứng cử viên.")]
    VotesLength { expected: usize, got: usize },
    #[error("Số phiếu thu vào ({collected}) lớn hơn số phiếu phát ra ({issued}).")]
    CollectedOverIssued { collected: u32, issued: u32 },
    #[error("Số phiếu phát ra ({issued}) lớn hơn số đại biểu có mặt ({present}).")]
    IssuedOverPresent { issued: u32, present: u32 },
    #[error("Số đại biểu có mặt ({present}) lớn hơn số được triệu tập ({summoned}).")]
    PresentOverSummoned { present: u32, summoned: u32 },
    #[error("Số phiếu không hợp lệ ({invalid}) lớn hơn số phiếu thu vào ({collected}).")]
    InvalidOverCollected { invalid: u32, collected: u32 },
    #[error("{name} có {votes} phiếu, nhiều hơn số phiếu hợp lệ ({valid}).")]
    VotesOverValid { name: String, votes: u32, valid: u32 },
    #[error("Tổng số phiếu của các ứng cử viên ({sum}) vượt quá {valid} phiếu hợp lệ × {keep} tên được để lại.")]
    VotesOverKept { sum: u64, valid: u32, keep: usize },
    #[error("Tổng số phiếu của các ứng cử viên ({sum}) ít hơn số phiếu hợp lệ ({valid}): mỗi phiếu hợp lệ phải để lại ít nhất một tên.")]
    VotesUnderValid { sum: u64, valid: u32 },
    #[error("Cách tính tỷ lệ theo {} nhưng chưa nhập con số này.", .0.label())]
    BaseMissing(Base),
    #[error("Số {what} ({got}) vượt quá giới hạn {max} của một vòng bầu.")]
    TooMany { what: &'static str, got: u64, max: u64 },
}

/// Bounds of one round, far above any congress (a đại hội đại biểu has a few hundred delegates):
/// what lies beyond them is a broken or hostile file, refused before any arithmetic.
pub const MAX_SEATS: u32 = 500;
pub const MAX_CANDIDATES: usize = 1_000;
pub const MAX_BALLOTS: usize = 100_000;

/// `n` when it is at most `max`.
pub fn within<T: Into<u64> + Copy>(what: &'static str, n: T, max: T) -> Result<T, TallyError> {
    if n.into() > max.into() {
        return Err(TallyError::TooMany { what, got: n.into(), max: max.into() });
    }
    Ok(n)
}

impl TallyError {
    pub fn english(&self) -> String {
        match self {
            TallyError::NoSeats => "seats must be at least 1".into(),
            TallyError::TooMany { what, got, max } => format!("too many {what}: {got}, at most {max}"),
            TallyError::NoCandidates => "no candidates".into(),
            TallyError::OutOfRange { ballot, position, candidates } => {
                format!("ballot {ballot}: position {position} is out of range 1..={candidates}")
            }
            TallyError::Repeated { ballot, position } => format!("ballot {ballot}: position {position} is repeated"),
            TallyError::BallotShape { ballot } => format!("ballot {ballot}: needs either \"crossed\" or \"invalid\""),
            TallyError::VotesLength { expected, got } => format!("{got} vote counts for {expected} candidates"),
            TallyError::CollectedOverIssued { collected, issued } => format!("collected {collected} is over issued {issued}"),
            TallyError::IssuedOverPresent { issued, present } => format!("issued {issued} is over present {present}"),
            TallyError::PresentOverSummoned { present, summoned } => format!("present {present} is over summoned {summoned}"),
            TallyError::InvalidOverCollected { invalid, collected } => {
                format!("inconsistent totals: invalid {invalid} is over collected {collected}")
            }
            TallyError::VotesOverValid { name, votes, valid } => format!("votes of {name} ({votes}) are over valid ({valid})"),
            TallyError::VotesOverKept { sum, valid, keep } => {
                format!("inconsistent totals: {sum} votes in all, over {valid} valid ballots × {keep} names kept")
            }
            TallyError::VotesUnderValid { sum, valid } => {
                format!("inconsistent totals: {sum} votes in all, under {valid} valid ballots (each keeps a name)")
            }
            TallyError::BaseMissing(base) => format!("base \"{}\" needs the \"{}\" count", base.as_str(), base.as_str()),
        }
    }
}

/// Reads one ballot. `number` (1-based) names it in errors.
pub fn judge(ballot: &Ballot, number: usize, candidates: usize, keep_max: usize) -> Result<Verdict, TallyError> {
    let crossed = match ballot {
        Ballot::Invalid(reason) => return Ok(Verdict::Invalid { reason: reason.clone(), automatic: false }),
        Ballot::Crossed(crossed) => crossed,
    };
    let mut kept = vec![true; candidates];
    for &position in crossed {
        if position == 0 || position > candidates {
            return Err(TallyError::OutOfRange { ballot: number, position: position as i64, candidates });
        }
        if !std::mem::replace(&mut kept[position - 1], false) {
            return Err(TallyError::Repeated { ballot: number, position });
        }
    }
    let kept: Vec<u32> = (1..=candidates as u32).filter(|&p| kept[p as usize - 1]).collect();
    Ok(if kept.len() > keep_max {
        Verdict::Invalid { reason: format!("Để lại {} tên, nhiều hơn số cần bầu ({keep_max})", kept.len()), automatic: true }
    } else if kept.is_empty() && candidates >= 2 {
        Verdict::Invalid { reason: "Gạch hết tên ứng cử viên".into(), automatic: true }
    } else {
        Verdict::Valid { kept }
    })
}

/// Counts a stack of ballots into totals.
pub fn count(ballots: &[Ballot], candidates: usize, keep_max: usize) -> Result<Totals, TallyError> {
    let mut totals = Totals { collected: 0, invalid: 0, votes: vec![0; candidates] };
    // Reused between ballots: `seen[p] == n` when ballot n crossed p. Avoids an allocation a ballot.
    let mut seen = vec![0usize; candidates + 1];
    for (i, ballot) in ballots.iter().enumerate() {
        let number = i + 1;
        totals.collected += 1;
        let crossed = match ballot {
            Ballot::Invalid(_) => {
                totals.invalid += 1;
                continue;
            }
            Ballot::Crossed(crossed) => crossed,
        };
        for &p in crossed {
            if p == 0 || p > candidates {
                return Err(TallyError::OutOfRange { ballot: number, position: p as i64, candidates });
            }
            if seen[p] == number {
                return Err(TallyError::Repeated { ballot: number, position: p });
            }
            seen[p] = number;
        }
        let kept = candidates - crossed.len();
        if kept > keep_max || (kept == 0 && candidates >= 2) {
            totals.invalid += 1;
            continue;
        }
        for (p, votes) in totals.votes.iter_mut().enumerate() {
            if seen[p + 1] != number {
                *votes += 1;
            }
        }
    }
    Ok(totals)
}

/// Checks the counts and decides the round.
pub fn decide(round: &Round, totals: &Totals) -> Result<Outcome, TallyError> {
    within("người cần bầu", round.seats, MAX_SEATS)?;
    within("đại biểu dự khuyết", round.alternates, MAX_SEATS)?;
    within("ứng cử viên", round.candidates.len() as u64, MAX_CANDIDATES as u64)?;
    within("phiếu thu vào", totals.collected as u64, MAX_BALLOTS as u64)?;
    if round.seats + round.alternates == 0 {
        return Err(TallyError::NoSeats);
    }
    let n = round.candidates.len();
    if n == 0 {
        return Err(TallyError::NoCandidates);
    }
    if totals.votes.len() != n {
        return Err(TallyError::VotesLength { expected: n, got: totals.votes.len() });
    }
    let collected = totals.collected;
    let issued = round.issued.unwrap_or(collected);
    if collected > issued {
        return Err(TallyError::CollectedOverIssued { collected, issued });
    }
    if let Some(present) = round.present {
        if issued > present {
            return Err(TallyError::IssuedOverPresent { issued, present });
        }
        if let Some(summoned) = round.summoned.filter(|&s| present > s) {
            return Err(TallyError::PresentOverSummoned { present, summoned });
        }
    }
    if totals.invalid > collected {
        return Err(TallyError::InvalidOverCollected { invalid: totals.invalid, collected });
    }
    let valid = totals.valid();
    for (name, &votes) in round.candidates.iter().zip(&totals.votes) {
        if votes > valid {
            return Err(TallyError::VotesOverValid { name: name.clone(), votes, valid });
        }
    }
    let sum: u64 = totals.votes.iter().map(|&v| v as u64).sum();
    let keep = round.keep_max();
    if sum > valid as u64 * keep as u64 {
        return Err(TallyError::VotesOverKept { sum, valid, keep });
    }
    if n >= 2 && sum < valid as u64 {
        return Err(TallyError::VotesUnderValid { sum, valid });
    }
    let base_count = match round.base {
        Base::Valid => valid,
        Base::Collected => collected,
        Base::Present => round.present.ok_or(TallyError::BaseMissing(Base::Present))?,
        Base::Summoned => round.summoned.ok_or(TallyError::BaseMissing(Base::Summoned))?,
    };

    let mut standing = vec![Standing::NotElected; n];
    // Over the threshold, by descending votes; equal votes keep the round's order.
    let mut over: Vec<usize> = (0..n).filter(|&i| 2 * totals.votes[i] as u64 > base_count as u64).collect();
    over.sort_by_key(|&i| std::cmp::Reverse(totals.votes[i]));
    // Official seats first, then alternate places.
    let mut places = [(round.seats, Standing::Elected), (round.alternates, Standing::Alternate)];
    let (mut tier, mut tie_tier) = (0, None);
    for group in over.chunk_by(|&a, &b| totals.votes[a] == totals.votes[b]) {
        while tier < places.len() && places[tier].0 == 0 {
            tier += 1;
        }
        let Some((left, placed)) = places.get_mut(tier) else { break };
        if group.len() as u32 <= *left {
            *left -= group.len() as u32;
            group.iter().for_each(|&i| standing[i] = *placed);
        } else {
            // A tie holds up every place after it until the re-vote settles it.
            group.iter().for_each(|&i| standing[i] = Standing::Tie);
            tie_tier = Some(tier);
            break;
        }
    }
    let [(seats_left, _), (alternates_left, _)] = places;

    let names_with = |wanted: Standing| -> Vec<String> {
        over.iter().filter(|&&i| standing[i] == wanted).map(|&i| round.candidates[i].clone()).collect()
    };
    Ok(Outcome {
        issued,
        collected,
        valid,
        invalid: totals.invalid,
        base: round.base,
        base_count,
        candidates: (0..n)
            .map(|i| CandidateResult {
                name: round.candidates[i].clone(),
                votes: totals.votes[i],
                percent: percent(totals.votes[i], base_count),
                result: standing[i],
            })
            .collect(),
        elected: names_with(Standing::Elected),
        alternates: names_with(Standing::Alternate),
        tied: names_with(Standing::Tie),
        unfilled: seats_left,
        alternates_unfilled: alternates_left,
        tie_for_alternates: tie_tier == Some(1),
    })
}

/// votes / base × 100 with two decimals, rounded half up, decimal comma ("95,24").
/// A zero base shows "0,00".
pub fn percent(votes: u32, base: u32) -> String {
    if base == 0 {
        return "0,00".into();
    }
    let (votes, base) = (votes as u64, base as u64);
    let hundredths = (votes * 20_000 + base) / (2 * base);
    format!("{},{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests;
