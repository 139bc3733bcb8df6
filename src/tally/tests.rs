use proptest::prelude::*;

use super::input::tally;
use super::*;

fn round(seats: u32, alternates: u32, names: &[&str]) -> Round {
    Round {
        seats,
        alternates,
        base: Base::Valid,
        present: None,
        summoned: None,
        issued: None,
        candidates: names.iter().map(|s| s.to_string()).collect(),
    }
}

fn totals(collected: u32, invalid: u32, votes: &[u32]) -> Totals {
    Totals { collected, invalid, votes: votes.to_vec() }
}

fn standings(o: &Outcome) -> Vec<Standing> {
    o.candidates.iter().map(|c| c.result).collect()
}

const FIVE: [&str; 5] = ["An", "Bình", "Cúc", "Dũng", "Hà"];
use Standing::{Alternate as Alt, Elected as E, NotElected as N, Tie as T};

#[test]
fn percent_has_two_decimals_rounded_half_up_with_a_comma() {
    assert_eq!(percent(20, 21), "95,24");
    assert_eq!(percent(19, 20), "95,00");
    assert_eq!(percent(1, 3), "33,33");
    assert_eq!(percent(2, 3), "66,67");
    assert_eq!(percent(1, 800), "0,13"); // 0.125 → up
    assert_eq!(percent(1, 400), "0,25");
    assert_eq!(percent(21, 21), "100,00");
    assert_eq!(percent(0, 21), "0,00");
    assert_eq!(percent(0, 0), "0,00");
}

#[test]
fn ballot_verdicts_follow_the_rules() {
    // 5 candidates, 3 seats: keeping 3, 2 or 1 is valid; keeping 4 or 5 or none is not.
    let v = |crossed: &[usize]| judge(&Ballot::Crossed(crossed.to_vec()), 1, 5, 3).unwrap();
    assert_eq!(v(&[2, 5]), Verdict::Valid { kept: vec![1, 3, 4] });
    assert_eq!(v(&[5, 2, 1, 4]), Verdict::Valid { kept: vec![3] });
    assert_eq!(v(&[1]), Verdict::Invalid { reason: "Để lại 4 tên, nhiều hơn số cần bầu (3)".into(), automatic: true });
    assert_eq!(v(&[]), Verdict::Invalid { reason: "Để lại 5 tên, nhiều hơn số cần bầu (3)".into(), automatic: true });
    assert_eq!(v(&[1, 2, 3, 4, 5]), Verdict::Invalid { reason: "Gạch hết tên ứng cử viên".into(), automatic: true });
    // One candidate: crossing the only name is a valid "no".
    assert_eq!(judge(&Ballot::Crossed(vec![1]), 1, 1, 1).unwrap(), Verdict::Valid { kept: vec![] });
    assert_eq!(
        judge(&Ballot::Invalid("Có ký hiệu riêng".into()), 1, 5, 3).unwrap(),
        Verdict::Invalid { reason: "Có ký hiệu riêng".into(), automatic: false }
    );
    assert_eq!(
        judge(&Ballot::Crossed(vec![6]), 7, 5, 3),
        Err(TallyError::OutOfRange { ballot: 7, position: 6, candidates: 5 })
    );
    assert_eq!(judge(&Ballot::Crossed(vec![2, 2]), 3, 5, 3), Err(TallyError::Repeated { ballot: 3, position: 2 }));
}

#[test]
fn count_adds_ballots_into_totals() {
    let ballots = [
        Ballot::Crossed(vec![2, 5]),
        Ballot::Crossed(vec![4, 5]),
        Ballot::Crossed(vec![1]),              // keeps 4 of 3 seats: invalid
        Ballot::Invalid("Không có dấu".into()), // marked by the committee
        Ballot::Crossed(vec![1, 2, 3, 4]),    // keeps Hà only
    ];
    assert_eq!(count(&ballots, 5, 3).unwrap(), totals(5, 2, &[2, 1, 2, 1, 1]));
    assert_eq!(count(&[Ballot::Crossed(vec![3, 0])], 5, 3), Err(TallyError::OutOfRange { ballot: 1, position: 0, candidates: 5 }));
}

#[test]
fn more_than_half_of_the_base_is_needed() {
    // 20 valid: 11 is over half, 10 (exactly half) is not.
    let o = decide(&round(3, 0, &["An", "Bình", "Cúc"]), &totals(20, 0, &[11, 10, 20])).unwrap();
    assert_eq!(standings(&o), [E, N, E]);
    assert_eq!(o.elected, ["Cúc", "An"]);
    assert_eq!(o.unfilled, 1);
    assert_eq!(o.candidates[1].percent, "50,00");
}

#[test]
fn seats_go_by_descending_votes_and_equal_votes_keep_the_list_order() {
    let o = decide(&round(3, 0, &FIVE), &totals(21, 1, &[12, 16, 12, 4, 16])).unwrap();
    assert_eq!(o.valid, 20);
    // 16, 16 then 12, 12 for one seat: the 12s straddle the last seat.
    assert_eq!(standings(&o), [T, E, T, N, E]);
    assert_eq!(o.elected, ["Bình", "Hà"]);
    assert_eq!(o.tied, ["An", "Cúc"]);
    assert_eq!((o.unfilled, o.tie_places()), (1, Some((1, false))));

    let o = decide(&round(4, 0, &FIVE), &totals(21, 1, &[15, 19, 15, 11, 19])).unwrap();
    assert_eq!(standings(&o), [E, E, E, N, E]);
    assert_eq!(o.elected, ["Bình", "Hà", "An", "Cúc"]);
    assert_eq!(o.unfilled, 0);
}

#[test]
fn alternates_follow_the_official_seats() {
    let o = decide(&round(2, 2, &FIVE), &totals(30, 0, &[28, 25, 20, 16, 10])).unwrap();
    assert_eq!(standings(&o), [E, E, Alt, Alt, N]);
    assert_eq!(o.alternates, ["Cúc", "Dũng"]);
    assert_eq!((o.unfilled, o.alternates_unfilled), (0, 0));

    // A tie on the last alternate place.
    let o = decide(&round(2, 1, &FIVE), &totals(30, 0, &[26, 24, 20, 20, 0])).unwrap();
    assert_eq!(standings(&o), [E, E, T, T, N]);
    assert_eq!((o.unfilled, o.alternates_unfilled, o.tie_places()), (0, 1, Some((1, true))));

    // A tie on the last official seat holds up the alternates.
    let o = decide(&round(2, 1, &FIVE), &totals(30, 0, &[25, 22, 22, 20, 1])).unwrap();
    assert_eq!(standings(&o), [E, T, T, N, N]);
    assert!(o.alternates.is_empty());
    assert_eq!((o.unfilled, o.alternates_unfilled, o.tie_places()), (1, 1, Some((1, false))));
}

#[test]
fn too_few_over_the_threshold_leaves_seats_unfilled() {
    let o = decide(&round(3, 1, &FIVE), &totals(40, 0, &[30, 20, 19, 35, 21])).unwrap();
    assert_eq!(standings(&o), [E, N, N, E, E]);
    assert_eq!(o.elected, ["Dũng", "An", "Hà"]);
    assert_eq!((o.unfilled, o.alternates_unfilled), (0, 1));

    let o = decide(&round(3, 0, &FIVE), &totals(40, 0, &[30, 20, 19, 35, 16])).unwrap();
    assert_eq!((o.elected.len(), o.unfilled), (2, 1));
}

#[test]
fn the_base_can_be_collected_present_or_summoned() {
    let mut r = round(1, 0, &["An", "Bình"]);
    r.present = Some(23);
    r.summoned = Some(30);
    // 22 collected, 2 invalid: An has 11 of 20 valid, of 22 collected, of 23 present, of 30 summoned.
    let t = totals(22, 2, &[11, 9]);
    let elected = |base: Base, r: &mut Round| {
        r.base = base;
        let o = decide(r, &t).unwrap();
        (o.base_count, o.candidates[0].percent.clone(), o.candidates[0].result)
    };
    assert_eq!(elected(Base::Valid, &mut r), (20, "55,00".into(), E));
    assert_eq!(elected(Base::Collected, &mut r), (22, "50,00".into(), N));
    assert_eq!(elected(Base::Present, &mut r), (23, "47,83".into(), N));
    assert_eq!(elected(Base::Summoned, &mut r), (30, "36,67".into(), N));
    r.present = None;
    r.base = Base::Present;
    assert_eq!(decide(&r, &t), Err(TallyError::BaseMissing(Base::Present)));
}

#[test]
fn inconsistent_counts_are_refused_with_the_reason() {
    let r = round(2, 0, &["An", "Bình", "Cúc"]);
    let refused = |r: &Round, t: Totals| decide(r, &t).unwrap_err();
    assert_eq!(
        refused(&Round { issued: Some(20), ..r.clone() }, totals(21, 0, &[15, 15, 12])),
        TallyError::CollectedOverIssued { collected: 21, issued: 20 }
    );
    assert_eq!(refused(&r, totals(20, 21, &[0, 0, 0])), TallyError::InvalidOverCollected { invalid: 21, collected: 20 });
    assert_eq!(
        refused(&r, totals(20, 1, &[20, 3, 3])),
        TallyError::VotesOverValid { name: "An".into(), votes: 20, valid: 19 }
    );
    assert_eq!(refused(&r, totals(10, 0, &[10, 10, 1])), TallyError::VotesOverKept { sum: 21, valid: 10, keep: 2 });
    assert_eq!(refused(&r, totals(10, 0, &[3, 3, 3])), TallyError::VotesUnderValid { sum: 9, valid: 10 });
    assert_eq!(refused(&r, totals(10, 0, &[3, 3])), TallyError::VotesLength { expected: 3, got: 2 });
    assert_eq!(refused(&round(0, 0, &["An"]), totals(1, 0, &[1])), TallyError::NoSeats);
    assert_eq!(
        refused(&Round { present: Some(19), issued: Some(20), ..r.clone() }, totals(20, 0, &[15, 15, 12])),
        TallyError::IssuedOverPresent { issued: 20, present: 19 }
    );
}

#[test]
fn cli_input_with_ballots() {
    let json = r#"{"seats": 3, "alternates": 0, "base": "valid", "present": 21, "summoned": 23, "issued": 21,
        "candidates": ["Nguye\u0302\u0303n Văn An", "Trần Thị Bình", "Lê Cúc", "Phạm Dũng", "Vũ Hà"],
        "ballots": [{"crossed": [2, 5]}, {"crossed": []}, {"invalid": "Phiếu có ký hiệu riêng"}, {"crossed": [1, 2]}]}"#;
    let o = tally(json).unwrap();
    assert_eq!((o.issued, o.collected, o.valid, o.invalid, o.base_count), (21, 4, 2, 2, 2));
    assert_eq!(o.candidates[0].name, "Nguyễn Văn An");
    let votes: Vec<u32> = o.candidates.iter().map(|c| c.votes).collect();
    assert_eq!(votes, [1, 0, 2, 2, 1]);
    assert_eq!(o.elected, ["Lê Cúc", "Phạm Dũng"]);
    assert_eq!(o.unfilled, 1);
    let json_out = serde_json::to_value(&o).unwrap();
    assert_eq!(json_out["candidates"][2], serde_json::json!({"name": "Lê Cúc", "votes": 2, "percent": "100,00", "result": "elected"}));
    assert_eq!(json_out.as_object().unwrap().len(), 12, "exactly the documented keys");
}

#[test]
fn cli_input_refusals_name_the_problem() {
    let err = |json: &str| tally(json).unwrap_err().to_string();
    let base = r#""seats": 1, "candidates": ["An", "Bình"]"#;
    assert_eq!(err(&format!("{{{base}, \"ballots\": [{{\"crossed\": [1]}}, {{\"crossed\": [3]}}]}}")),
        "Phiếu số 2: không có ứng cử viên số 3 (danh sách có 2 người).");
    assert_eq!(err(&format!("{{{base}, \"ballots\": [{{\"crossed\": [-1]}}]}}")),
        "Phiếu số 1: không có ứng cử viên số -1 (danh sách có 2 người).");
    assert_eq!(err(&format!("{{{base}, \"ballots\": [{{\"crossed\": [1, 1]}}]}}")), "Phiếu số 1: tên số 1 bị gạch hai lần.");
    assert_eq!(err(&format!("{{{base}}}")), "Cần đúng một trong hai mục \"ballots\" hoặc \"totals\".");
    assert_eq!(
        err(&format!("{{{base}, \"base\": \"summoned\", \"totals\": {{\"collected\": 3, \"invalid\": 0, \"votes\": [2, 1]}}}}")),
        "Cách tính tỷ lệ theo số đại biểu được triệu tập nhưng chưa nhập con số này."
    );
    assert!(err(r#"{"candidates": ["An"], "ballots": []}"#).contains("seats"));
}

#[test]
fn passes_are_compared_ballot_by_ballot() {
    let valid = |kept: &[u32]| Verdict::Valid { kept: kept.to_vec() };
    let invalid = |reason: &str| Verdict::Invalid { reason: reason.into(), automatic: false };
    let first = [valid(&[1, 2]), invalid("Không có dấu"), valid(&[3]), valid(&[1])];
    let second = [valid(&[1, 2]), invalid("Thiếu dấu"), valid(&[2, 3])];
    assert_eq!(
        compare_passes(&first, &second),
        [
            Discrepancy { number: 3, first: Some(valid(&[3])), second: Some(valid(&[2, 3])) },
            Discrepancy { number: 4, first: Some(valid(&[1])), second: None },
        ]
    );
    assert!(compare_passes(&first, &first).is_empty());
}

/// Ballots over `n` candidates: each crosses a random subset, or is marked invalid.
fn ballots(n: usize) -> impl Strategy<Value = Vec<Ballot>> {
    let one = prop_oneof![
        9 => proptest::sample::subsequence((1..=n).collect::<Vec<_>>(), 0..=n).prop_shuffle().prop_map(Ballot::Crossed),
        1 => Just(Ballot::Invalid("Không có dấu".into())),
    ];
    proptest::collection::vec(one, 0..60)
}

fn case() -> impl Strategy<Value = (Round, Vec<Ballot>)> {
    (1usize..8).prop_flat_map(|n| {
        (1..=n as u32, 0..3u32, ballots(n)).prop_map(move |(seats, alternates, ballots)| {
            let names: Vec<String> = (1..=n).map(|i| format!("Ứng cử viên {i}")).collect();
            (Round { candidates: names, ..round(seats, alternates, &[]) }, ballots)
        })
    })
}

proptest! {
    #[test]
    fn counts_add_up((round, ballots) in case()) {
        let n = round.candidates.len();
        let t = count(&ballots, n, round.keep_max()).unwrap();
        let verdicts: Vec<Verdict> = ballots.iter().map(|b| judge(b, 1, n, round.keep_max()).unwrap()).collect();
        let kept: Vec<&Vec<u32>> = verdicts.iter().filter_map(|v| match v { Verdict::Valid { kept } => Some(kept), _ => None }).collect();
        prop_assert_eq!(t.collected as usize, ballots.len());
        prop_assert_eq!(t.valid() as usize, kept.len());
        for p in 1..=n as u32 {
            prop_assert_eq!(t.votes[p as usize - 1] as usize, kept.iter().filter(|k| k.contains(&p)).count());
        }
        let o = decide(&round, &t).unwrap();
        prop_assert_eq!(o.valid + o.invalid, o.collected);
        prop_assert_eq!(o.elected.len() as u32 + o.unfilled, round.seats);
        prop_assert_eq!(o.alternates.len() as u32 + o.alternates_unfilled, round.alternates);
        for c in o.candidates.iter().filter(|c| c.result != Standing::NotElected) {
            prop_assert!(2 * c.votes > o.base_count, "{:?} is placed under the threshold", c);
        }
        if let Some((places, _)) = o.tie_places() {
            prop_assert!(o.tied.len() > places as usize);
        }
    }

    #[test]
    fn ballot_order_never_matters((round, ballots) in case(), seed in any::<u64>()) {
        let n = round.candidates.len();
        let mut shuffled = ballots.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        let a = decide(&round, &count(&ballots, n, round.keep_max()).unwrap()).unwrap();
        let b = decide(&round, &count(&shuffled, n, round.keep_max()).unwrap()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn adding_a_vote_never_unelects((round, ballots) in case()) {
        let n = round.candidates.len();
        let keep_max = round.keep_max();
        let before = decide(&round, &count(&ballots, n, keep_max).unwrap()).unwrap();
        for c in 0..n {
            if before.candidates[c].result != Standing::Elected { continue; }
            // Un-cross candidate c on the first valid ballot that crossed it and stays valid.
            let Some(i) = ballots.iter().position(|b| matches!(b, Ballot::Crossed(x) if x.contains(&(c + 1)) && n - x.len() < keep_max && n - x.len() > 0)) else { continue };
            let mut more = ballots.clone();
            if let Ballot::Crossed(x) = &mut more[i] { x.retain(|&p| p != c + 1); }
            let after = decide(&round, &count(&more, n, keep_max).unwrap()).unwrap();
            prop_assert_eq!(after.candidates[c].votes, before.candidates[c].votes + 1);
            prop_assert_eq!(after.candidates[c].result, Standing::Elected);
        }
    }
}
