//! The input of `chidoan tally FILE.json`: one round, stateless. Documented in docs/tally.md.

use serde::Deserialize;

use super::{count, decide, Ballot, Base, Outcome, Round, TallyError, Totals};
use crate::text::clean;

#[derive(Debug, Deserialize)]
pub struct Input {
    pub seats: u32,
    #[serde(default)]
    pub alternates: u32,
    #[serde(default)]
    pub base: Base,
    pub present: Option<u32>,
    pub summoned: Option<u32>,
    pub issued: Option<u32>,
    pub candidates: Vec<String>,
    pub ballots: Option<Vec<BallotInput>>,
    pub totals: Option<Totals>,
}

#[derive(Debug, Deserialize)]
pub struct BallotInput {
    pub crossed: Option<Vec<i64>>,
    pub invalid: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("Tệp không đúng định dạng JSON của lệnh tally: {0}")]
    Json(#[from] serde_json::Error),
    #[error("Cần đúng một trong hai mục \"ballots\" hoặc \"totals\".")]
    BallotsOrTotals,
    #[error(transparent)]
    Tally(#[from] TallyError),
}

impl InputError {
    pub fn english(&self) -> String {
        match self {
            InputError::Json(e) => format!("not a valid tally input: {e}"),
            InputError::BallotsOrTotals => "give exactly one of \"ballots\" and \"totals\"".into(),
            InputError::Tally(e) => e.english(),
        }
    }
}

/// Parses and tallies one round.
pub fn tally(json: &str) -> Result<Outcome, InputError> {
    let input: Input = serde_json::from_str(json.strip_prefix('\u{feff}').unwrap_or(json))?;
    if let Some(ballots) = &input.ballots {
        super::within("phiếu", ballots.len() as u64, super::MAX_BALLOTS as u64)?;
    }
    super::within("ứng cử viên", input.candidates.len() as u64, super::MAX_CANDIDATES as u64)?;
    if let Some(name) = input.candidates.iter().find(|c| c.chars().count() > crate::text::MAX_NAME) {
        return Err(TallyError::TooMany { what: "ký tự của một tên", got: name.chars().count() as u64, max: crate::text::MAX_NAME as u64 }.into());
    }
    let round = Round {
        seats: input.seats,
        alternates: input.alternates,
        base: input.base,
        present: input.present,
        summoned: input.summoned,
        issued: input.issued,
        candidates: input.candidates.iter().map(|c| clean(c)).collect(),
    };
    let n = round.candidates.len();
    let totals = match (input.ballots, input.totals) {
        (Some(ballots), None) => {
            let ballots = ballots
                .into_iter()
                .enumerate()
                .map(|(i, b)| ballot(b, i + 1, n))
                .collect::<Result<Vec<_>, _>>()?;
            count(&ballots, n, round.keep_max())?
        }
        (None, Some(totals)) => totals,
        _ => return Err(InputError::BallotsOrTotals),
    };
    Ok(decide(&round, &totals)?)
}

fn ballot(b: BallotInput, number: usize, candidates: usize) -> Result<Ballot, TallyError> {
    match (b.crossed, b.invalid) {
        (Some(crossed), None) => crossed
            .into_iter()
            .map(|p| {
                usize::try_from(p)
                    .ok()
                    .filter(|&p| (1..=candidates).contains(&p))
                    .ok_or(TallyError::OutOfRange { ballot: number, position: p, candidates })
            })
            .collect::<Result<_, _>>()
            .map(Ballot::Crossed),
        (None, Some(reason)) => Ok(Ballot::Invalid(clean(&reason))),
        _ => Err(TallyError::BallotShape { ballot: number }),
    }
}
