//! Double entry: two counters enter the same stack independently; the passes must agree ballot
//! by ballot before a result may be confirmed.

use serde::Serialize;
use ts_rs::TS;

use super::Verdict;

/// A ballot the two passes read differently (or that only one pass has).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Discrepancy {
    /// 1-based ballot number in the stack.
    pub number: u32,
    pub first: Option<Verdict>,
    pub second: Option<Verdict>,
}

/// Every ballot on which the passes disagree. Two invalid readings agree whatever their reasons
/// (the count is the same); two valid ones agree when they keep the same names.
pub fn compare_passes(first: &[Verdict], second: &[Verdict]) -> Vec<Discrepancy> {
    let agree = |a: &Verdict, b: &Verdict| match (a, b) {
        (Verdict::Invalid { .. }, Verdict::Invalid { .. }) => true,
        (a, b) => a == b,
    };
    (0..first.len().max(second.len()))
        .filter_map(|i| {
            let (a, b) = (first.get(i), second.get(i));
            match (a, b) {
                (Some(a), Some(b)) if agree(a, b) => None,
                _ => Some(Discrepancy { number: i as u32 + 1, first: a.cloned(), second: b.cloned() }),
            }
        })
        .collect()
}
