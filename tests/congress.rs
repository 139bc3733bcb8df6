//! The congress on real SQLite files: attendance, bodies, motions, elections counted ballot by
//! ballot with double entry, paper totals, rounds, locking, the audit log and the exchange file.

use std::path::Path;

use chidoan::congress::election::{self, BallotEntry, ElectionInput, RoundOptions, RoundState};
use chidoan::congress::{self, exchange, *};
use chidoan::db::{self, Connection, StartBackup};
use chidoan::tally::{Base, Standing, Totals};

fn open(path: &Path) -> Connection {
    db::open(path, StartBackup::BeforeMigration).unwrap()
}

fn new_congress(conn: &mut Connection) -> i64 {
    congress::create(
        conn,
        &Congress {
            id: 0,
            name: "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X".into(),
            term: "2025 - 2027".into(),
            held_on: Some("28/04/2025".into()),
            starts_at: "7h30".into(),
            ends_at: "11:15".into(),
            place: "Nhà văn hóa thôn Đồng Quỹ".into(),
            kind: CongressKind::Members,
            quorum: Share { num: 2, den: 3 },
            motion_share: Share { num: 1, den: 2 },
        },
    )
    .unwrap()
}

const PEOPLE: [&str; 9] = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Thị Cúc",
    "Phạm Văn Dũng",
    "Vũ Thu Hà",
    "Đỗ Minh Khoa",
    "Hoàng Thị Lan",
    "Bùi Văn Long",
    "Ngô Thị Mai",
];

/// Nine summoned, eight present, one excused; Khoa heads the counting committee with Long.
fn summoned(conn: &mut Connection, congress_id: i64) -> Vec<i64> {
    let ids: Vec<i64> = PEOPLE.iter().map(|n| add_attendee(conn, congress_id, n, "").unwrap()).collect();
    for (i, &id) in ids.iter().enumerate() {
        let (attendance, reason) = if i == 8 { (Attendance::Excused, "Ốm") } else { (Attendance::Present, "") };
        set_attendance(conn, id, attendance, reason).unwrap();
    }
    set_seat(conn, ids[5], Body::Counting, 2).unwrap();
    set_seat(conn, ids[7], Body::Counting, 1).unwrap();
    set_seat(conn, ids[0], Body::Presidium, 2).unwrap();
    set_seat(conn, ids[6], Body::Secretariat, 2).unwrap();
    ids
}

fn bch(conn: &mut Connection, congress_id: i64, people: &[i64]) -> (i64, i64) {
    let id = election::create(
        conn,
        congress_id,
        &ElectionInput { title: "Bầu Ban Chấp hành".into(), kind: ElectionKind::Committee, seats: 3, alternates: 0, base: Base::Valid },
    )
    .unwrap();
    let list: Vec<Candidate> = [4, 1, 0, 2].iter().map(|&i| Candidate { id: 0, attendee_id: Some(people[i]), full_name: String::new() }).collect();
    election::set_candidates(conn, id, &list).unwrap();
    let round = load(conn, congress_id).unwrap().elections[0].rounds[0].id;
    (id, round)
}

fn crossed(positions: &[u32]) -> BallotEntry {
    BallotEntry { crossed: positions.to_vec(), invalid: None }
}

fn votes(s: &RoundState) -> Vec<u32> {
    s.outcome.as_ref().unwrap().candidates.iter().map(|c| c.votes).collect()
}

#[test]
fn attendance_quorum_bodies_and_motions() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let data = load(&conn, id).unwrap();
    assert_eq!(data.congress.held_on.as_deref(), Some("2025-04-28"));
    assert_eq!((data.congress.starts_at.as_str(), data.congress.ends_at.as_str()), ("07:30", "11:15"));
    let h = data.headcount();
    assert_eq!((h.summoned, h.present, h.excused, h.absent, h.quorum, h.quorate), (9, 8, 1, 0, 6, true));
    // Summoned list in Vietnamese name order: An, Bình, Cúc, Dũng, Hà, Khoa, Lan, Long, Mai.
    let order: Vec<&str> = data.attendees.iter().map(|a| a.full_name.as_str()).collect();
    assert_eq!(order, PEOPLE);

    // One head a body: naming Long head makes Khoa a member.
    set_seat(&mut conn, people[7], Body::Counting, 2).unwrap();
    let seats: Vec<u8> = load(&conn, id).unwrap().attendees.iter().map(|a| a.counting).collect();
    assert_eq!(seats, [0, 0, 0, 0, 0, 1, 0, 2, 0]);

    // Three absent: 5 of 9 present is under 2/3.
    for &p in &people[..3] {
        set_attendance(&mut conn, p, Attendance::Absent, "").unwrap();
    }
    assert!(!load(&conn, id).unwrap().headcount().quorate);

    let motion = Motion { id: 0, title: "Thông qua chương trình Đại hội".into(), votes_for: 5, votes_against: 1, votes_other: 1, present: 8 };
    save_motion(&mut conn, id, &motion).unwrap();
    assert!(passes(&motion, Share { num: 1, den: 2 }));
    assert!(!passes(&Motion { votes_for: 4, ..motion.clone() }, Share { num: 1, den: 2 }), "exactly half does not pass");
    let err = save_motion(&mut conn, id, &Motion { votes_for: 7, ..motion.clone() }).unwrap_err();
    assert_eq!(err.to_string(), "Tổng số biểu quyết (9 = 7 tán thành + 1 không tán thành + 1 ý kiến khác) vượt quá 8 người có mặt.");
    let err = save_motion(&mut conn, id, &Motion { present: 10, ..motion.clone() }).unwrap_err();
    assert_eq!(err.to_string(), "Số có mặt khi biểu quyết (10) lớn hơn số được triệu tập (9).");
    assert_eq!(load(&conn, id).unwrap().motions.len(), 1, "the refused votes wrote nothing");
}

#[test]
fn a_counter_cannot_stand_and_a_candidate_cannot_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let (election_id, _) = bch(&mut conn, id, &people);
    let khoa = Candidate { id: 0, attendee_id: Some(people[5]), full_name: String::new() };
    let err = election::set_candidates(&mut conn, election_id, &[khoa]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Đỗ Minh Khoa đang ở Ban Kiểm phiếu nên không thể là ứng cử viên trong cuộc bầu cử do Ban kiểm phiếu."
    );
    // The same person typed in by name is caught too.
    let typed = Candidate { id: 0, attendee_id: None, full_name: "Bùi  Văn Long".into() };
    assert!(matches!(election::set_candidates(&mut conn, election_id, &[typed]), Err(CongressError::CounterIsCandidate { .. })));
    // And An, a candidate, cannot join the committee.
    assert!(matches!(set_seat(&mut conn, people[0], Body::Counting, 1), Err(CongressError::CounterIsCandidate { .. })));
    // The list stayed as it was, in Vietnamese order.
    let names: Vec<String> = load(&conn, id).unwrap().elections[0].candidates.iter().map(|c| c.full_name.clone()).collect();
    assert_eq!(names, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"]);
}

#[test]
fn surplus_warnings_for_a_committee_list() {
    assert_eq!(surplus_warning(ElectionKind::Committee, 3, 4), None);
    assert_eq!(
        surplus_warning(ElectionKind::Committee, 3, 3).as_deref(),
        Some("Danh sách bầu Ban Chấp hành cần có số dư: 3 ứng cử viên cho 3 người cần bầu.")
    );
    assert_eq!(
        surplus_warning(ElectionKind::Committee, 7, 11).as_deref(),
        Some("Số dư 4 người vượt quá 30% số cần bầu (7 người): nên có tối đa 10 ứng cử viên.")
    );
    assert_eq!(surplus_warning(ElectionKind::Committee, 7, 10), None); // 2.1 rounds up to 3
    assert_eq!(surplus_warning(ElectionKind::Committee, 10, 13), None);
    assert!(surplus_warning(ElectionKind::Committee, 10, 14).is_some());
    assert_eq!(surplus_warning(ElectionKind::Secretary, 1, 1), None);
}

#[test]
fn ballots_are_entered_undone_corrected_confirmed_and_locked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.sqlite3");
    let mut conn = open(&path);
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let (_, round) = bch(&mut conn, id, &people);
    // Ballot order: 1 An, 2 Bình, 3 Cúc, 4 Hà. Three seats.
    for b in [&[4][..], &[2], &[3], &[], &[1, 2, 3, 4], &[3], &[2], &[1]] {
        election::enter_ballot(&mut conn, round, 1, &crossed(b)).unwrap();
    }
    let s = election::undo_ballot(&mut conn, round, 1).unwrap();
    assert_eq!(s.passes[0].ballots.len(), 7);
    election::enter_ballot(&mut conn, round, 1, &BallotEntry { crossed: vec![], invalid: Some("Không có dấu".into()) }).unwrap();
    let s = election::correct_ballot(&mut conn, round, 1, 2, &crossed(&[4])).unwrap();
    // Ballot 4 keeps all four (invalid), ballot 5 keeps none (invalid), ballot 8 marked invalid.
    assert_eq!(s.passes[0].totals, Totals { collected: 8, invalid: 3, votes: vec![5, 4, 3, 3] });
    let o = s.outcome.as_ref().unwrap();
    assert_eq!(o.elected, ["Nguyễn Văn An", "Trần Thị Bình"]);
    assert_eq!(o.tied, ["Lê Thị Cúc", "Vũ Thu Hà"]);
    assert_eq!(o.candidates[1].percent, "80,00");

    // Reopening the file finds every ballot: each was committed as it was entered.
    drop(conn);
    let mut conn = open(&path);
    assert_eq!(votes(&election::round_state(&conn, round).unwrap()), [5, 4, 3, 3]);

    let s = election::confirm(&mut conn, round, "10h05").unwrap();
    assert_eq!(s.round.read_at, "10:05");
    assert_eq!((s.round.present, s.round.summoned), (Some(8), Some(9)));
    assert_eq!(s.next, [RoundKind::Revote]);
    assert!(matches!(election::enter_ballot(&mut conn, round, 1, &crossed(&[1])), Err(CongressError::Locked)));
    assert!(matches!(election::correct_ballot(&mut conn, round, 1, 1, &crossed(&[1])), Err(CongressError::Locked)));
    assert!(matches!(election::undo_ballot(&mut conn, round, 1), Err(CongressError::Locked)));
    assert!(election::next_round(&mut conn, s.election_id, RoundKind::Further).is_err(), "a tie is settled by a re-vote");

    // The re-vote is among the tied, for the one seat their tie held up; 2 of 4 is not enough.
    let election_id = s.election_id;
    let revote = election::next_round(&mut conn, election_id, RoundKind::Revote).unwrap();
    let s = election::round_state(&conn, revote).unwrap();
    assert_eq!(s.names, ["Lê Thị Cúc", "Vũ Thu Hà"]);
    assert_eq!((s.round.number, s.round.seats, s.round.alternates), (2, 1, 0));
    for b in [&[2][..], &[1], &[2], &[1], &[1, 2]] {
        election::enter_ballot(&mut conn, revote, 1, &crossed(b)).unwrap();
    }
    let s = election::confirm(&mut conn, revote, "").unwrap();
    let o = s.outcome.as_ref().unwrap();
    assert_eq!((o.valid, o.invalid, o.unfilled), (4, 1, 1));
    assert!(o.elected.is_empty());
    assert_eq!(o.candidates[0].percent, "50,00");

    // One further round among the remaining candidates for the seat left, and none after it.
    assert_eq!(s.next, [RoundKind::Further]);
    let further = election::next_round(&mut conn, election_id, RoundKind::Further).unwrap();
    let s = election::round_state(&conn, further).unwrap();
    assert_eq!((s.names.clone(), s.round.seats), (vec!["Lê Thị Cúc".to_string(), "Vũ Thu Hà".to_string()], 1));
    for b in [&[1][..], &[2], &[1], &[2]] {
        election::enter_ballot(&mut conn, further, 1, &crossed(b)).unwrap();
    }
    let s = election::confirm(&mut conn, further, "").unwrap();
    assert_eq!(s.outcome.as_ref().unwrap().unfilled, 1);
    assert!(s.next.is_empty(), "no third attempt");
    let err = election::next_round(&mut conn, election_id, RoundKind::Further).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Không được bầu thêm vòng nữa: chỉ bầu thêm một vòng khi vòng trước đã xác nhận và còn thiếu người."
    );

    let audit = load(&conn, id).unwrap().audit;
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "Nhập phiếu").count(), 8 + 1 + 5 + 4);
    assert!(audit.iter().any(|a| a.action == "Hoàn tác phiếu" && a.detail == "Bầu Ban Chấp hành, vòng 1, lượt 1, phiếu số 8: gạch 1"));
    assert!(audit.iter().any(|a| a.action == "Sửa phiếu" && a.detail == "Bầu Ban Chấp hành, vòng 1, lượt 1, phiếu số 2: gạch 2 → gạch 4"));
    assert!(audit.iter().any(|a| a.action == "Xác nhận kết quả"
        && a.detail == "Bầu Ban Chấp hành, vòng 1: trúng cử Nguyễn Văn An, Trần Thị Bình; bằng phiếu Lê Thị Cúc, Vũ Thu Hà"));
}

#[test]
fn double_entry_lists_discrepancies_and_blocks_confirmation_until_the_passes_agree() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let (_, round) = bch(&mut conn, id, &people);
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: true, issued: Some(8) }).unwrap();
    let stack: [&[u32]; 5] = [&[4], &[3], &[2], &[4], &[1]];
    for b in stack {
        election::enter_ballot(&mut conn, round, 1, &crossed(b)).unwrap();
    }
    // The second counter misreads ballot 3 and has not reached ballot 5.
    for b in [&[4][..], &[3], &[2, 3], &[4]] {
        election::enter_ballot(&mut conn, round, 2, &crossed(b)).unwrap();
    }
    let s = election::round_state(&conn, round).unwrap();
    let numbers: Vec<u32> = s.discrepancies.iter().map(|d| d.number).collect();
    assert_eq!(numbers, [3, 5]);
    assert_eq!(s.problem.as_deref(), Some("Hai lượt nhập chưa khớp (5 và 4 phiếu); khác nhau ở phiếu số 3, 5."));
    let err = election::confirm(&mut conn, round, "").unwrap_err();
    assert_eq!(err.to_string(), "Chưa xác nhận được kết quả: Hai lượt nhập chưa khớp (5 và 4 phiếu); khác nhau ở phiếu số 3, 5.");

    election::correct_ballot(&mut conn, round, 2, 3, &crossed(&[2])).unwrap();
    let s = election::enter_ballot(&mut conn, round, 2, &crossed(&[1])).unwrap();
    assert!(s.discrepancies.is_empty());
    assert!(s.can_confirm);
    let s = election::confirm(&mut conn, round, "").unwrap();
    assert_eq!(votes(&s), [4, 4, 4, 3]);
    assert_eq!(s.outcome.as_ref().unwrap().elected, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"]);
}

#[test]
fn a_pass_file_fills_the_second_pass() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("a.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let (_, round) = bch(&mut conn, id, &people);
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: true, issued: None }).unwrap();
    let file = exchange::export(&conn, id).unwrap();
    for b in [&[4][..], &[3]] {
        election::enter_ballot(&mut conn, round, 1, &crossed(b)).unwrap();
    }
    // The second PC imports the congress and enters the stack as its own first pass.
    let mut other = open(&dir.path().join("b.sqlite3"));
    let copy = exchange::import(&mut other, &file).unwrap();
    let other_round = load(&other, copy).unwrap().elections[0].rounds[0].id;
    for b in [&[4][..], &[2]] {
        election::enter_ballot(&mut other, other_round, 1, &crossed(b)).unwrap();
    }
    let pass = exchange::export_pass(&other, other_round, 1).unwrap();
    assert_eq!(exchange::import_pass(&mut conn, round, 2, &pass).unwrap(), 2);
    let s = election::round_state(&conn, round).unwrap();
    assert_eq!(s.discrepancies.len(), 1);
    assert_eq!(s.discrepancies[0].number, 2);
    let err = exchange::import_pass(&mut conn, round, 2, &pass).unwrap_err();
    assert_eq!(err.to_string(), "Lượt 2 đã có phiếu; chỉ nhập tệp vào lượt còn trống.");
}

#[test]
fn paper_totals_are_checked_like_ballots() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let (_, round) = bch(&mut conn, id, &people);
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Totals, double_entry: false, issued: Some(8) }).unwrap();
    let err = election::set_totals(&mut conn, round, &Totals { collected: 9, invalid: 0, votes: vec![8, 8, 8, 3] }).unwrap_err();
    assert_eq!(err.to_string(), "Số phiếu thu vào (9) lớn hơn số phiếu phát ra (8).");
    assert!(election::round_state(&conn, round).unwrap().round.totals.is_none(), "nothing written");
    let s = election::set_totals(&mut conn, round, &Totals { collected: 8, invalid: 1, votes: vec![7, 6, 4, 3] }).unwrap();
    let o = s.outcome.unwrap();
    assert_eq!(o.elected, ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"]);
    assert_eq!(o.candidates.iter().map(|c| c.result).collect::<Vec<_>>(), [Standing::Elected, Standing::Elected, Standing::Elected, Standing::NotElected]);
    assert!(election::enter_ballot(&mut conn, round, 1, &crossed(&[1])).is_err());
}

#[test]
fn the_example_exchange_file_imports_and_exports_back_unchanged() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    let json = std::fs::read_to_string(&fixture).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = exchange::import(&mut conn, &json).unwrap();
    let mut again: serde_json::Value = serde_json::from_str(&exchange::export(&conn, id).unwrap()).unwrap();
    let added = again["audit"].as_array_mut().unwrap().pop().unwrap();
    assert_eq!(added["action"], "Nhập đại hội từ tệp");
    let original: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(again, original);

    // What the example holds, read back through the rules.
    let data = load(&conn, id).unwrap();
    assert_eq!(data.headcount().present, 8);
    let round = &data.elections[0].rounds[0];
    let s = election::round_state(&conn, round.id).unwrap();
    assert!(s.round.confirmed_at.is_some());
    assert_eq!(s.outcome.unwrap().elected.len(), 3);
}

/// Builds the example congress of tests/fixtures/congress-example.json. Run with
/// `CHIDOAN_WRITE_EXAMPLE=FILE cargo test --test congress write_example`, then import FILE and
/// export it again with the CLI so that ids are in file order (docs/congress-exchange.md).
#[test]
fn write_example() {
    let Ok(out) = std::env::var("CHIDOAN_WRITE_EXAMPLE") else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    add_guest(&mut conn, id, "Đồng chí Trần Văn Tâm", "Bí thư Đoàn xã Thanh Hải").unwrap();
    add_guest(&mut conn, id, "Đồng chí Lê Thị Hoa", "Bí thư Chi bộ thôn Đồng Quỹ").unwrap();
    for (title, notes) in [
        ("Báo cáo kết quả nhiệm kỳ 2022 - 2025, phương hướng nhiệm kỳ 2025 - 2027", "Đồng chí Nguyễn Văn An trình bày báo cáo.\nChi đoàn hoàn thành 12/12 chỉ tiêu."),
        ("Thảo luận", "Có 3 ý kiến phát biểu về công tác tình nguyện và hiến máu."),
        ("Phát biểu của đại biểu cấp trên", "Đồng chí Trần Văn Tâm ghi nhận kết quả và giao nhiệm vụ."),
    ] {
        save_agenda_item(&mut conn, id, &AgendaItem { id: 0, title: title.into(), notes: notes.into() }).unwrap();
    }
    for (title, f, a, o) in [
        ("Thông qua chương trình Đại hội", 8, 0, 0),
        ("Thông qua số lượng Ban Chấp hành nhiệm kỳ 2025 - 2027: 3 đồng chí", 7, 1, 0),
        ("Thông qua danh sách bầu cử Ban Chấp hành", 8, 0, 0),
        ("Thông qua Nghị quyết Đại hội", 8, 0, 0),
    ] {
        save_motion(&mut conn, id, &Motion { id: 0, title: title.into(), votes_for: f, votes_against: a, votes_other: o, present: 8 }).unwrap();
    }
    let (_, round) = bch(&mut conn, id, &people);
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: true, issued: Some(8) }).unwrap();
    let stack: [&[u32]; 8] = [&[4], &[4], &[3], &[2], &[4], &[], &[3], &[4]];
    for pass in [1, 2] {
        for b in stack {
            election::enter_ballot(&mut conn, round, pass, &crossed(b)).unwrap();
        }
    }
    election::confirm(&mut conn, round, "10:05").unwrap();

    let secretary = election::create(
        &mut conn,
        id,
        &ElectionInput { title: "Bầu Bí thư Chi đoàn".into(), kind: ElectionKind::Secretary, seats: 1, alternates: 0, base: Base::Valid },
    )
    .unwrap();
    election::set_candidates(&mut conn, secretary, &[Candidate { id: 0, attendee_id: Some(people[0]), full_name: String::new() }]).unwrap();
    let round = load(&conn, id).unwrap().elections[1].rounds[0].id;
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Totals, double_entry: false, issued: Some(8) }).unwrap();
    election::set_totals(&mut conn, round, &Totals { collected: 8, invalid: 0, votes: vec![8] }).unwrap();
    election::confirm(&mut conn, round, "10:40").unwrap();

    let delegates = election::create(
        &mut conn,
        id,
        &ElectionInput { title: "Bầu đại biểu dự Đại hội Đoàn xã".into(), kind: ElectionKind::Delegates, seats: 1, alternates: 1, base: Base::Valid },
    )
    .unwrap();
    let list: Vec<Candidate> = [1, 3, 6].iter().map(|&i| Candidate { id: 0, attendee_id: Some(people[i]), full_name: String::new() }).collect();
    election::set_candidates(&mut conn, delegates, &list).unwrap();
    let round = load(&conn, id).unwrap().elections[2].rounds[0].id;
    for b in [&[3][..], &[1, 3], &[2]] {
        election::enter_ballot(&mut conn, round, 1, &crossed(b)).unwrap();
    }
    std::fs::write(out, exchange::export(&conn, id).unwrap()).unwrap();
}
