//! The count's speed: tallying 200,000 ballots of 15 candidates (target: under 1 s), and one
//! ballot committed to the database with the live totals recomputed (target: under 20 ms).
//!
//! `cargo bench --bench tally`

use chidoan::congress::election::{self, BallotEntry, ElectionInput};
use chidoan::congress::{self, Candidate, Congress, CongressKind, ElectionKind, Share};
use chidoan::db::{self, StartBackup};
use chidoan::tally::{count, decide, Ballot, Base, Round};
use criterion::{criterion_group, criterion_main, Criterion};

/// Ballot `i` crosses a spread of names out of 15, so that 7 to 10 are kept (some invalid).
fn ballot(i: usize) -> Vec<usize> {
    let crossed = 5 + i % 4;
    (0..crossed).map(|k| (i * 7 + k * 11) % 15 + 1).collect::<std::collections::BTreeSet<_>>().into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let names: Vec<String> = (1..=15).map(|i| format!("Ứng cử viên {i}")).collect();
    let round = Round {
        seats: 9,
        alternates: 0,
        base: Base::Valid,
        present: None,
        summoned: None,
        issued: None,
        candidates: names.clone(),
    };
    let ballots: Vec<Ballot> = (0..200_000).map(|i| Ballot::Crossed(ballot(i))).collect();
    c.bench_function("tally 200000 ballots of 15 candidates (count + decide)", |b| {
        b.iter(|| decide(&round, &count(&ballots, 15, 9).unwrap()).unwrap())
    });

    // A congress of 300 present with 300 ballots already entered in the round.
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("bench.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let congress = congress::create(
        &mut conn,
        &Congress {
            id: 0,
            name: "Đại hội đại biểu".into(),
            term: String::new(),
            held_on: None,
            starts_at: String::new(),
            ends_at: String::new(),
            place: String::new(),
            kind: CongressKind::Delegates,
            quorum: Share { num: 2, den: 3 },
            motion_share: Share { num: 1, den: 2 },
        },
    )
    .unwrap();
    for i in 0..300 {
        let id = congress::add_attendee(&mut conn, congress, &format!("Đại biểu số {i}"), "").unwrap();
        congress::set_attendance(&mut conn, id, congress::Attendance::Present, "").unwrap();
    }
    let election = election::create(
        &mut conn,
        congress,
        &ElectionInput {
            title: "Bầu Ban Chấp hành".into(),
            kind: ElectionKind::Committee,
            seats: 9,
            alternates: 0,
            base: Base::Valid,
            held_by: Default::default(),
            meeting: Default::default(),
        },
    )
    .unwrap();
    let list: Vec<Candidate> = names.iter().map(|n| Candidate { id: 0, attendee_id: None, full_name: n.clone() }).collect();
    election::set_candidates(&mut conn, election, &list).unwrap();
    let round_id = congress::load(&conn, congress).unwrap().elections[0].rounds[0].id;
    let entry = |i: usize| BallotEntry { crossed: ballot(i).into_iter().map(|p| p as u32).collect(), invalid: None };
    for i in 0..300 {
        election::enter_ballot(&mut conn, round_id, 1, &entry(i)).unwrap();
    }
    let mut i = 300;
    c.bench_function("enter one ballot (committed, synchronous=FULL) and recompute the live result, 300 to ~3,500 ballots in the round", |b| {
        b.iter(|| {
            i += 1;
            election::enter_ballot(&mut conn, round_id, 1, &entry(i)).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
