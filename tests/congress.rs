//! The congress on real SQLite files: attendance, bodies, motions, elections counted ballot by
//! ballot with double entry, paper totals, rounds, locking, the audit log and the exchange file.

use std::path::Path;

use chidoan::congress::election::{self, BallotEntry, ElectionInput, RoundOptions, RoundState};
use chidoan::congress::{self, exchange, positions, *};
use chidoan::db::{self, Connection, StartBackup};
use chidoan::tally::{Base, Standing, Totals};

#[path = "support/dong_quy.rs"]
mod dong_quy;

fn open(path: &Path) -> Connection {
    db::open(path, StartBackup::BeforeMigration).unwrap()
}

fn new_congress(conn: &mut Connection) -> i64 {
    congress::create(conn, &dong_quy::congress()).unwrap()
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
    let id = election::create(conn, congress_id, &input("Bầu Ban Chấp hành", ElectionKind::Committee, 3, 0)).unwrap();
    let list: Vec<Candidate> = [4, 1, 0, 2].iter().map(|&i| Candidate { id: 0, attendee_id: Some(people[i]), full_name: String::new() }).collect();
    election::set_candidates(conn, id, &list).unwrap();
    let round = load(conn, congress_id).unwrap().elections[0].rounds[0].id;
    (id, round)
}

fn input(title: &str, kind: ElectionKind, seats: u32, alternates: u32) -> ElectionInput {
    ElectionInput { title: title.into(), kind, seats, alternates, base: Base::Valid, held_by: HeldBy::Congress, meeting: Meeting::default() }
}

fn motion(title: &str, votes_for: u32, votes_against: u32, votes_other: u32, present: u32) -> Motion {
    Motion { id: 0, title: title.into(), votes_for, votes_against, votes_other, present, kind: MotionKind::General, value: None }
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
    for &p in &people[1..4] {
        set_attendance(&mut conn, p, Attendance::Absent, "").unwrap();
    }
    assert!(!load(&conn, id).unwrap().headcount().quorate);

    let motion = motion("Thông qua chương trình Đại hội", 5, 1, 1, 8);
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
        "Đỗ Minh Khoa đang ở Ban Kiểm phiếu nên không thể là ứng cử viên: người kiểm phiếu không được ứng cử trong các cuộc bầu cử của Đại hội."
    );
    // The same person typed in by name is caught too.
    let typed = Candidate { id: 0, attendee_id: None, full_name: "Bùi  Văn Long".into() };
    assert!(matches!(election::set_candidates(&mut conn, election_id, &[typed]), Err(CongressError::CounterCannotStand { .. })));
    // And An, a candidate, cannot join the committee: a sentence of its own, saying so.
    let err = set_seat(&mut conn, people[0], Body::Counting, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Nguyễn Văn An đang là ứng cử viên (Bầu Ban Chấp hành) nên không thể vào Ban Kiểm phiếu: người ứng cử không được kiểm phiếu."
    );
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
    let s = election::round_state(&conn, round).unwrap();
    assert_eq!(votes(&s), [5, 4, 3, 3]);
    // The counting report must state the ballots issued: no confirmation before they are written.
    assert_eq!(s.problem.as_deref(), Some(chidoan::congress::rules::NO_ISSUED));
    assert_eq!(election::confirm(&mut conn, round, "").unwrap_err().to_string(), format!("Chưa xác nhận được kết quả: {}", chidoan::congress::rules::NO_ISSUED));
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(8) }).unwrap();

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
    election::set_options(&mut conn, revote, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(5) }).unwrap();
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
    election::set_options(&mut conn, further, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(4) }).unwrap();
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
        && a.detail == "Bầu Ban Chấp hành, vòng 1: trúng cử Nguyễn Văn An, Trần Thị Bình; bằng phiếu Lê Thị Cúc, Vũ Thu Hà; công bố lúc 10:05"));
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
    // A pass of more ballots than were issued is refused like typed ones; a BOM is no matter.
    election::undo_ballot(&mut conn, round, 2).unwrap();
    election::undo_ballot(&mut conn, round, 2).unwrap();
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: true, issued: Some(2) }).unwrap();
    let mut three: serde_json::Value = serde_json::from_str(&pass).unwrap();
    let extra = serde_json::json!({"pass": 1, "number": 3, "crossed": [1], "invalid": null, "entered_at": ""});
    three["ballots"].as_array_mut().unwrap().push(extra);
    let err = exchange::import_pass(&mut conn, round, 2, &three.to_string()).unwrap_err();
    assert_eq!(err.to_string(), "Tệp có 3 phiếu, nhiều hơn số phiếu phát ra (2).");
    assert_eq!(exchange::import_pass(&mut conn, round, 2, &format!("\u{feff}{pass}")).unwrap(), 2);
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
        let mut m = motion(title, f, a, o, 8);
        if title.starts_with("Thông qua số lượng") {
            (m.kind, m.value) = (MotionKind::CommitteeSize, Some(3));
        } else if title.starts_with("Thông qua danh sách") {
            (m.kind, m.value) = (MotionKind::CandidateList, Some(4));
        }
        save_motion(&mut conn, id, &m).unwrap();
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
        &input("Bầu Bí thư Chi đoàn", ElectionKind::Secretary, 1, 0),
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
        &input("Bầu đại biểu dự Đại hội Đoàn xã", ElectionKind::Delegates, 1, 1),
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

/// The congress of the issue: 18 members in the registry, all summoned; 16 present (Mai excused,
/// Yến absent); Khoa heads the counting committee with Long and Phúc; a BCH of 3 from An, Bình,
/// Cúc, Hà counted from 16 ballots of 16 issued and confirmed (Hà not elected).
struct Eighteen {
    conn: Connection,
    id: i64,
    /// Attendee ids by name.
    people: std::collections::HashMap<&'static str, i64>,
    bch: i64,
    round: i64,
    _dir: tempfile::TempDir,
}

const EIGHTEEN: [&str; 18] = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Vũ Thu Hà", "Đỗ Minh Khoa", "Hoàng Thị Lan",
    "Bùi Văn Long", "Ngô Thị Mai", "Đặng Văn Nam", "Lý Thị Oanh", "Trịnh Văn Phúc", "Mai Thị Quỳnh", "Hồ Văn Sơn",
    "Đinh Thị Thảo", "Cao Văn Uy", "Lương Thị Vân", "Tạ Thị Yến",
];

fn eighteen() -> Eighteen {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    for (i, name) in EIGHTEEN.iter().enumerate() {
        let born = format!("{:02}/0{}/199{}", i + 1, i % 9 + 1, i % 10);
        let input = chidoan::members::MemberInput { full_name: name.to_string(), date_of_birth: born, ..Default::default() };
        chidoan::members::create(&mut conn, &input, &Default::default()).unwrap();
    }
    let id = new_congress(&mut conn);
    let members: Vec<i64> = chidoan::members::list(&conn, &Default::default(), chidoan::today()).unwrap().rows.iter().map(|m| m.id).collect();
    assert_eq!(summon_members(&mut conn, id, &members).unwrap(), 18);
    let people: std::collections::HashMap<&'static str, i64> = EIGHTEEN
        .iter()
        .map(|&n| (n, load(&conn, id).unwrap().attendees.iter().find(|a| a.full_name == n).unwrap().id))
        .collect();
    assert_eq!(mark_all_present(&mut conn, id).unwrap(), 18);
    set_attendance(&mut conn, people["Ngô Thị Mai"], Attendance::Excused, "Đi công tác").unwrap();
    set_attendance(&mut conn, people["Tạ Thị Yến"], Attendance::Absent, "").unwrap();
    set_seat(&mut conn, people["Hoàng Thị Lan"], Body::Presidium, 2).unwrap();
    set_seat(&mut conn, people["Hồ Văn Sơn"], Body::Secretariat, 2).unwrap();
    set_seat(&mut conn, people["Đỗ Minh Khoa"], Body::Counting, 2).unwrap();
    set_seat(&mut conn, people["Bùi Văn Long"], Body::Counting, 1).unwrap();
    set_seat(&mut conn, people["Trịnh Văn Phúc"], Body::Counting, 1).unwrap();
    let bch = election::create(&mut conn, id, &input("Bầu Ban Chấp hành", ElectionKind::Committee, 3, 0)).unwrap();
    let list: Vec<Candidate> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"]
        .iter()
        .map(|n| Candidate { id: 0, attendee_id: Some(people[n]), full_name: String::new() })
        .collect();
    election::set_candidates(&mut conn, bch, &list).unwrap();
    let round = load(&conn, id).unwrap().elections[0].rounds[0].id;
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(16) }).unwrap();
    // Ballot order: 1 An, 2 Bình, 3 Cúc, 4 Hà. Hà is crossed on 12 ballots.
    for i in 0..16 {
        let b: &[u32] = if i % 4 == 3 { &[1] } else { &[4] };
        election::enter_ballot(&mut conn, round, 1, &crossed(b)).unwrap();
    }
    let s = election::confirm(&mut conn, round, "9:40").unwrap();
    assert_eq!(s.outcome.unwrap().elected, ["Trần Thị Bình", "Lê Thị Cúc", "Nguyễn Văn An"]);
    Eighteen { conn, id, people, bch, round, _dir: dir }
}

fn counting_report(conn: &Connection, id: i64) -> String {
    let doc = chidoan::documents::congress::tally_report(conn, id, "1", Some(1)).unwrap();
    format!("{doc:?}")
}

#[test]
fn a_confirmed_round_locks_what_its_papers_print_until_unlocked_with_a_reason() {
    let mut c = eighteen();
    let (conn, id) = (&mut c.conn, c.id);
    let report = counting_report(conn, id);
    let minutes = format!("{:?}", chidoan::documents::congress::minutes(conn, id).unwrap());
    assert!(report.contains("Đỗ Minh Khoa"), "the head of the counting committee is on the report");
    let khoa = c.people["Đỗ Minh Khoa"];

    let locked = |what: &str| {
        format!(
            "Không thể thay đổi {what}: kết quả Bầu Ban Chấp hành (vòng 1) đã được xác nhận và in trong biên bản. Muốn thay đổi, hãy “Mở khóa” vòng bầu đó (ghi rõ lý do) rồi xác nhận lại."
        )
    };
    assert_eq!(remove_attendee(conn, khoa).unwrap_err().to_string(), locked("danh sách triệu tập"));
    assert_eq!(add_attendee(conn, id, "Người Đến Muộn", "").unwrap_err().to_string(), locked("danh sách triệu tập"));
    assert_eq!(set_attendance(conn, c.people["Cao Văn Uy"], Attendance::Absent, "").unwrap_err().to_string(), locked("điểm danh"));
    assert_eq!(set_seat(conn, khoa, Body::Counting, 0).unwrap_err().to_string(), locked("Đoàn Chủ tịch, Đoàn Thư ký hay Ban Kiểm phiếu"));
    let mut renamed = load(conn, id).unwrap().congress;
    renamed.place = "Hội trường UBND xã".into();
    assert_eq!(update(conn, id, &renamed).unwrap_err().to_string(), locked("tên, nhiệm kỳ, ngày giờ, địa điểm hay hình thức của Đại hội"));
    // What the round's papers do not print may still change: the closing time, a guest.
    let mut closing = load(conn, id).unwrap().congress;
    closing.ends_at = "11:30".into();
    update(conn, id, &closing).unwrap();
    add_guest(conn, id, "Đồng chí Trần Văn Tâm", "Bí thư Đoàn xã").unwrap();
    assert_eq!(counting_report(conn, id), report, "the counting report did not move");
    let now = format!("{:?}", chidoan::documents::congress::minutes(conn, id).unwrap());
    assert_ne!(now, minutes, "the minutes show the new guest and closing time");
    assert_eq!(load(conn, id).unwrap().headcount().summoned, 18);

    // Mở khóa: a reason is required; then the round is open again and the change is possible.
    assert_eq!(election::unlock(conn, c.round, " ").unwrap_err().to_string(), "Hãy ghi rõ lý do mở khóa (ít nhất 5 ký tự): lý do được lưu vào nhật ký.");
    let s = election::unlock(conn, c.round, "Ghi nhầm người vắng mặt").unwrap();
    assert_eq!((s.round.confirmed_at.as_deref(), s.round.present, s.round.read_at.as_str()), (None, None, ""));
    assert!(s.can_confirm);
    set_seat(conn, khoa, Body::Counting, 1).unwrap();
    set_seat(conn, c.people["Bùi Văn Long"], Body::Counting, 2).unwrap();
    let audit = load(conn, id).unwrap().audit;
    let unlock = audit.iter().find(|a| a.action == "Mở khóa kết quả").unwrap();
    assert_eq!(unlock.detail, "Bầu Ban Chấp hành, vòng 1. Lý do: Ghi nhầm người vắng mặt");
    assert_eq!(unlock.at.len(), "2026-11-22 21:40:05.123".len());
    let seats: Vec<&str> = audit.iter().filter(|a| a.action == "Ban Kiểm phiếu").map(|a| a.detail.as_str()).collect();
    assert_eq!(seats[seats.len() - 2..], ["Đỗ Minh Khoa: trưởng ban → thành viên", "Bùi Văn Long: thành viên → trưởng ban"]);
    // Confirmed again, the report names the new head.
    election::confirm(conn, c.round, "").unwrap();
    let report = counting_report(conn, id);
    assert!(report.contains("Bùi Văn Long – Trưởng ban"), "{report}");
    let last = load(conn, id).unwrap().audit.pop().unwrap();
    assert_eq!(last.action, "Xác nhận kết quả");
    assert!(last.detail.starts_with("Bầu Ban Chấp hành, vòng 1: trúng cử Trần Thị Bình, Lê Thị Cúc, Nguyễn Văn An; công bố lúc "), "{}", last.detail);
}

#[test]
fn ballots_issued_bound_the_ballots_collected() {
    let mut c = eighteen();
    let (conn, round) = (&mut c.conn, c.round);
    election::unlock(conn, round, "Kiểm tra số phiếu phát ra").unwrap();
    let err = election::set_options(conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(15) }).unwrap_err();
    assert_eq!(err.to_string(), "Số phiếu phát ra (15) ít hơn số phiếu đã thu vào (16); phiếu thu vào không thể nhiều hơn phiếu phát ra.");
    let err = election::set_options(conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(17) }).unwrap_err();
    assert_eq!(err.to_string(), "Số phiếu phát ra (17) lớn hơn số người bầu có mặt (16).");
    let err = election::enter_ballot(conn, round, 1, &crossed(&[4])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Đã nhập đủ 16 phiếu, bằng số phiếu phát ra: phiếu thu vào không thể nhiều hơn phiếu phát ra. Nếu thật sự còn phiếu, hãy kiểm tra lại số phiếu phát ra."
    );
    let s = election::round_state(conn, round).unwrap();
    assert_eq!((s.round.issued, s.passes[0].ballots.len()), (Some(16), 16));
    election::confirm(conn, round, "").unwrap();
    let report = counting_report(conn, c.id);
    assert!(report.contains("Số phiếu phát ra: 16.") && report.contains("Số phiếu thu vào: 16."), "{report}");
}

#[test]
fn bi_thu_candidates_come_from_the_bch_just_elected() {
    let mut c = eighteen();
    let (conn, id) = (&mut c.conn, c.id);
    let secretary = election::create(conn, id, &input("Bầu Bí thư Chi đoàn", ElectionKind::Secretary, 1, 0)).unwrap();
    let who = |name: &str| Candidate { id: 0, attendee_id: Some(c.people[name]), full_name: String::new() };
    let err = election::set_candidates(conn, secretary, &[who("Vũ Thu Hà")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Vũ Thu Hà không trúng cử Ban Chấp hành khóa mới nên không thể là ứng cử viên Bí thư: Bí thư được bầu trong số Ban Chấp hành vừa trúng cử."
    );
    let typed = Candidate { id: 0, attendee_id: None, full_name: "Phạm Văn Dũng".into() };
    assert!(election::set_candidates(conn, secretary, &[who("Nguyễn Văn An"), typed]).unwrap_err().to_string().starts_with("Phạm Văn Dũng không trúng cử"));
    assert!(load(conn, id).unwrap().elections[1].candidates.is_empty(), "nothing written");
    election::set_candidates(conn, secretary, &[who("Nguyễn Văn An")]).unwrap();
    let view = CongressView::from(load(conn, id).unwrap());
    let mut eligible = view.eligible[1].clone().unwrap();
    eligible.sort();
    let mut bch = vec![c.people["Nguyễn Văn An"], c.people["Trần Thị Bình"], c.people["Lê Thị Cúc"]];
    bch.sort();
    assert_eq!(eligible, bch);
    assert_eq!(view.eligible[0], None, "anyone summoned may stand for the BCH");

    // Unlocking the BCH while the Bí thư election has ballots is refused: its list depends on it.
    let round = load(conn, id).unwrap().elections[1].rounds[0].id;
    election::set_options(conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(16) }).unwrap();
    election::enter_ballot(conn, round, 1, &crossed(&[])).unwrap();
    let err = election::unlock(conn, c.round, "Sửa điểm danh").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Bầu Bí thư Chi đoàn đã chọn ứng cử viên trong số Ban Chấp hành vừa trúng cử; hãy xóa phiếu và danh sách ứng cử của cuộc bầu đó trước (mở khóa nếu đã xác nhận)."
    );

    // At the BCH's first meeting the voters are the three elected.
    let meeting = ElectionInput {
        held_by: HeldBy::FirstMeeting,
        meeting: Meeting { held_on: Some("28/04/2025".into()), starts_at: "11h30".into(), place: "Nhà văn hóa".into(), present: Some(3) },
        ..input("Bầu Phó Bí thư Chi đoàn", ElectionKind::Deputy, 1, 0)
    };
    let deputy = election::create(conn, id, &meeting).unwrap();
    election::set_candidates(conn, deputy, &[who("Trần Thị Bình")]).unwrap();
    let round = load(conn, id).unwrap().elections[2].rounds[0].id;
    let err = election::set_options(conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(4) }).unwrap_err();
    assert_eq!(err.to_string(), "Số phiếu phát ra (4) lớn hơn số người bầu có mặt (3).");
    election::set_options(conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(3) }).unwrap();
    for _ in 0..3 {
        election::enter_ballot(conn, round, 1, &crossed(&[])).unwrap();
    }
    let s = election::confirm(conn, round, "11:45").unwrap();
    assert_eq!((s.round.summoned, s.round.present), (Some(3), Some(3)));
    assert_eq!(s.outcome.unwrap().elected, ["Trần Thị Bình"]);
    let e = &load(conn, id).unwrap().elections[2];
    assert_eq!((e.held_by, e.meeting.held_on.as_deref(), e.meeting.starts_at.as_str()), (HeldBy::FirstMeeting, Some("2025-04-28"), "11:30"));
}

#[test]
fn absent_people_sit_on_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    // Mai is excused: she cannot be seated; Lan, secretary, cannot be marked absent.
    let err = set_seat(&mut conn, people[8], Body::Secretariat, 1).unwrap_err();
    assert_eq!(err.to_string(), "Ngô Thị Mai vắng có lý do nên không thể ở Đoàn Thư ký.");
    let err = set_attendance(&mut conn, people[6], Attendance::Absent, "").unwrap_err();
    assert_eq!(err.to_string(), "Hoàng Thị Lan đang ở Đoàn Thư ký nên không thể ghi vắng mặt; hãy bỏ khỏi Đoàn Thư ký trước.");
    let data = load(&conn, id).unwrap();
    assert_eq!((data.attendees[8].secretariat, data.attendees[6].attendance), (0, Attendance::Present));
}

#[test]
fn the_vote_on_the_number_of_bch_members_sets_the_seats_and_a_mismatch_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    let (bch_id, round) = bch(&mut conn, id, &people);
    let size = Motion { kind: MotionKind::CommitteeSize, value: Some(5), ..motion("Thông qua số lượng Ban Chấp hành: 5 đồng chí", 8, 0, 0, 8) };
    assert_eq!(check_motion(&Motion { value: None, ..size.clone() }).unwrap_err().to_string(), "Biểu quyết số lượng Ban Chấp hành cần ghi số người (lớn hơn 0).");
    save_motion(&mut conn, id, &size).unwrap();
    let data = load(&conn, id).unwrap();
    assert_eq!((data.elections[0].seats, data.elections[0].rounds[0].seats), (5, 5), "the election takes the voted number");
    let audit = data.audit.last().unwrap();
    assert_eq!((audit.action.as_str(), audit.detail.as_str()), ("Sửa cuộc bầu cử", "Bầu Ban Chấp hành: số người cần bầu 3 → 5, theo biểu quyết của Đại hội"));
    // Changed back by hand, the mismatch is shown on the election and before counting starts.
    election::update(&mut conn, bch_id, &input("Bầu Ban Chấp hành", ElectionKind::Committee, 3, 0)).unwrap();
    let want = "Đại hội đã biểu quyết số lượng Ban Chấp hành là 5 người, nhưng cuộc bầu cử này bầu 3 người.";
    assert_eq!(CongressView::from(load(&conn, id).unwrap()).warnings[0], [want]);
    assert_eq!(election::round_state(&conn, round).unwrap().warnings, [want]);
    let list = Motion { kind: MotionKind::CandidateList, value: Some(5), ..motion("Thông qua danh sách bầu cử", 8, 0, 0, 8) };
    save_motion(&mut conn, id, &list).unwrap();
    assert_eq!(
        CongressView::from(load(&conn, id).unwrap()).warnings[0][1],
        "Đại hội đã biểu quyết danh sách bầu cử có 5 người, nhưng danh sách ứng cử hiện có 4 người."
    );
}

#[test]
fn positions_follow_the_congress_with_dated_history() {
    let mut c = eighteen();
    let (conn, id) = (&mut c.conn, c.id);
    let member = |conn: &Connection, name: &str| {
        chidoan::members::list(conn, &Default::default(), chidoan::today()).unwrap().rows.into_iter().find(|m| m.full_name == name).unwrap()
    };
    // The outgoing Bí thư, Dũng, was entered with his position before any history.
    let dung = member(conn, "Phạm Văn Dũng");
    let mut edit = chidoan::members::get(conn, dung.id).unwrap().to_input();
    edit.position = chidoan::members::Position::Secretary;
    chidoan::members::update(conn, dung.id, &edit).unwrap();
    let secretary = election::create(conn, id, &input("Bầu Bí thư Chi đoàn", ElectionKind::Secretary, 1, 0)).unwrap();
    election::set_candidates(conn, secretary, &[Candidate { id: 0, attendee_id: Some(c.people["Trần Thị Bình"]), full_name: String::new() }]).unwrap();
    let round = load(conn, id).unwrap().elections[1].rounds[0].id;
    let err = positions::plan(conn, id).unwrap_err();
    assert_eq!(err.to_string(), "Bầu Bí thư Chi đoàn chưa có kết quả được xác nhận.");
    election::set_options(conn, round, &RoundOptions { mode: CountMode::Totals, double_entry: false, issued: Some(16) }).unwrap();
    election::set_totals(conn, round, &Totals { collected: 16, invalid: 0, votes: vec![15] }).unwrap();
    election::confirm(conn, round, "10:30").unwrap();

    let plan = positions::apply(conn, id).unwrap();
    let changes: Vec<(String, &str, &str)> = plan.changes.iter().map(|ch| (ch.name.clone(), ch.before.label(), ch.after.label())).collect();
    assert_eq!(
        changes,
        [
            ("Nguyễn Văn An".to_string(), "Đoàn viên", "Ủy viên BCH"),
            ("Trần Thị Bình".to_string(), "Đoàn viên", "Bí thư"),
            ("Lê Thị Cúc".to_string(), "Đoàn viên", "Ủy viên BCH"),
            ("Phạm Văn Dũng".to_string(), "Bí thư", "Đoàn viên"),
        ]
    );
    assert_eq!(plan.on, "2025-04-28");
    assert_eq!(member(conn, "Trần Thị Bình").position, chidoan::members::Position::Secretary);
    assert_eq!(member(conn, "Phạm Văn Dũng").position, chidoan::members::Position::Member);
    let binh = chidoan::members::positions::history(conn, member(conn, "Trần Thị Bình").id).unwrap();
    assert_eq!(binh.len(), 1);
    assert_eq!((binh[0].since.as_deref(), binh[0].until.as_deref(), binh[0].source.as_str()), (Some("2025-04-28"), None, "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X"));
    let dung = chidoan::members::positions::history(conn, dung.id).unwrap();
    assert_eq!(dung.len(), 1, "his spell from the edit ends on the congress's day");
    assert_eq!((dung[0].position, dung[0].until.as_deref()), (chidoan::members::Position::Secretary, Some("2025-04-28")));
    // Applying again changes nothing.
    assert!(positions::plan(conn, id).unwrap().changes.is_empty());
    let _ = c.bch;
}

#[test]
fn every_change_to_a_congress_is_audited_with_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let id = new_congress(&mut conn);
    let people = summoned(&mut conn, id);
    set_attendance(&mut conn, people[2], Attendance::Excused, "Ốm").unwrap();
    let mut c = load(&conn, id).unwrap().congress;
    c.place = "Hội trường thôn".into();
    update(&mut conn, id, &c).unwrap();
    save_motion(&mut conn, id, &motion("Thông qua chương trình", 7, 0, 0, 7)).unwrap();
    let item = save_agenda_item(&mut conn, id, &AgendaItem { id: 0, title: "Khai mạc".into(), notes: String::new() }).unwrap();
    save_agenda_item(&mut conn, id, &AgendaItem { id: item, title: "Khai mạc".into(), notes: "Chào cờ".into() }).unwrap();
    let audit = load(&conn, id).unwrap().audit;
    let entries: Vec<(&str, &str)> = audit.iter().map(|a| (a.action.as_str(), a.detail.as_str())).collect();
    for want in [
        ("Triệu tập", "Nguyễn Văn An"),
        ("Điểm danh", "Nguyễn Văn An: chưa điểm danh → có mặt"),
        ("Điểm danh", "Lê Thị Cúc: có mặt → vắng có lý do (Ốm)"),
        ("Ban Kiểm phiếu", "Đỗ Minh Khoa: không → trưởng ban"),
        ("Đoàn Chủ tịch", "Nguyễn Văn An: không → chủ trì"),
        ("Sửa thông tin đại hội", "Địa điểm: Nhà văn hóa thôn Đồng Quỹ → Hội trường thôn"),
        ("Biểu quyết", "Thông qua chương trình: có mặt 7, tán thành 7, không tán thành 0, ý kiến khác 0"),
        ("Thêm mục chương trình", "Khai mạc"),
        ("Sửa mục chương trình", "ghi chép của mục “Khai mạc”: 0 → 7 ký tự"),
    ] {
        assert!(entries.contains(&want), "{want:?} not in {entries:#?}");
    }
}

/// The example file with one change made by `edit`.
fn example_with(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    edit(&mut json);
    json.to_string()
}

/// Files carrying what the window refuses, each with the sentence of its refusal.
pub fn broken_examples() -> Vec<(String, &'static str)> {
    vec![
        (
            // The Bí thư candidate becomes Hà, who was not elected to the BCH.
            example_with(|j| {
                let ha = j["elections"][0]["candidates"].as_array().unwrap().iter().find(|c| c["full_name"] == "Vũ Thu Hà").unwrap().clone();
                j["elections"][1]["candidates"][0]["attendee_id"] = ha["attendee_id"].clone();
                j["elections"][1]["candidates"][0]["full_name"] = ha["full_name"].clone();
            }),
            "Vũ Thu Hà không trúng cử Ban Chấp hành khóa mới nên không thể là ứng cử viên Bí thư",
        ),
        (example_with(|j| j["elections"][0]["rounds"][0]["issued"] = 7.into()), "lượt 1: số phiếu thu vào (8) lớn hơn số phiếu phát ra (7)."),
        (
            example_with(|j| {
                let lan = j["attendees"].as_array_mut().unwrap().iter_mut().find(|a| a["secretariat"] == 2).unwrap();
                lan["attendance"] = "absent".into();
            }),
            "Hoàng Thị Lan vắng mặt nên không thể ở Đoàn Thư ký.",
        ),
        (
            example_with(|j| {
                let an = j["attendees"].as_array_mut().unwrap().iter_mut().find(|a| a["full_name"] == "Nguyễn Văn An").unwrap();
                an["counting"] = 1.into();
            }),
            "Nguyễn Văn An vừa ở Ban Kiểm phiếu vừa là ứng cử viên (Bầu Ban Chấp hành): người kiểm phiếu không được ứng cử.",
        ),
        (
            example_with(|j| j["elections"][1]["rounds"][0]["totals"]["votes"][0] = 9.into()),
            "Bầu Bí thư Chi đoàn, vòng 1 đã xác nhận nhưng không có kết quả hợp lệ:",
        ),
        (
            example_with(|j| j["elections"][0]["rounds"][0]["present"] = 100.into()),
            "Bầu Ban Chấp hành, vòng 1: số triệu tập, có mặt ghi khi xác nhận (9, 100) khác với điểm danh (9, 8).",
        ),
        (example_with(|j| j["elections"][0]["seats"] = 4294967295u32.into()), "Bầu Ban Chấp hành: số người cần bầu (4294967295, 0 dự khuyết) quá giới hạn 500."),
        (example_with(|j| j["attendees"][0]["full_name"] = "A".repeat(101).into()), "Họ và tên người dự dài 101 ký tự, quá giới hạn 100 ký tự."),
        (
            example_with(|j| j["elections"][0]["candidates"][0]["attendee_id"] = 999.into()),
            "Bầu Ban Chấp hành: ứng cử viên Nguyễn Văn An trỏ tới người dự số 999 không có trong tệp.",
        ),
    ]
}

#[test]
fn congress_import_refuses_what_the_window_would_refuse_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    for (json, reason) in broken_examples() {
        let err = exchange::import(&mut conn, &json).unwrap_err();
        assert!(matches!(err, CongressError::Refused(_)), "{err}");
        assert!(err.to_string().contains(reason), "{reason:?} not in {err}");
        assert!(err.to_string().ends_with("Không có gì được ghi."), "{err}");
        assert!(list(&conn).unwrap().is_empty(), "nothing written");
    }
}

fn cli(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(db).args(args).env_remove("CHIDOAN_DB").output().unwrap()
}

#[test]
fn the_cli_refuses_each_broken_congress_file_unlocks_and_updates_positions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    for (i, (json, reason)) in broken_examples().into_iter().enumerate() {
        let file = dir.path().join(format!("broken-{i}.json"));
        std::fs::write(&file, json).unwrap();
        let out = cli(&db, &["congress", "import", file.to_str().unwrap()]);
        assert!(!out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("lỗi: Tệp đại hội không được nhập vì có điều Sổ Chi đoàn không chấp nhận:"), "{stderr}");
        assert!(stderr.contains(reason) && stderr.contains("\nerror: congress file refused, nothing written: "), "{stderr}");
        assert_eq!(String::from_utf8(cli(&db, &["congress", "list"]).stdout).unwrap(), "", "nothing written");
    }
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    assert!(cli(&db, &["congress", "import", fixture.to_str().unwrap()]).status.success());
    let out = cli(&db, &["congress", "unlock", "1", "1", "1", "--reason", "Sửa danh sách triệu tập"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("Bầu Bí thư Chi đoàn đã chọn ứng cử viên trong số Ban Chấp hành vừa trúng cử"), "{stderr}");
    let out = cli(&db, &["congress", "unlock", "1", "2", "1", "--reason", "Kiểm lại"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Đã mở khóa vòng 1 (unlocked round 1); hãy xác nhận lại sau khi sửa.\n");
    let conn = open(&db);
    let audit = load(&conn, 1).unwrap().audit;
    assert_eq!(audit.last().unwrap().detail, "Bầu Bí thư Chi đoàn, vòng 1. Lý do: Kiểm lại");
    drop(conn);
    // The example's elected are typed in (no registry): nothing to change, and they are named.
    let out = cli(&db, &["congress", "positions", "1", "--dry-run"]);
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "lỗi: Bầu Bí thư Chi đoàn chưa có kết quả được xác nhận.\nerror: invalid: Bầu Bí thư Chi đoàn chưa có kết quả được xác nhận.\n");
}

#[test]
fn a_congress_of_two_thousand_summoned_is_audited_and_exported_and_imported_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = open(&dir.path().join("c.sqlite3"));
    let list = dir.path().join("ds.csv");
    let (families, middles, givens) = (
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Mai", "Đinh", "Cao", "Tạ", "Lương", "Trịnh", "Hà"],
        ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Đức", "Kim"],
        ["An", "Bình", "Cúc", "Dũng", "Hà", "Khoa", "Lan", "Long", "Mai", "Nam"],
    );
    let rows: String = (0..2_000).map(|i| format!("{},{} {} {},01/01/2000\n", i + 1, families[i / 100], middles[i / 10 % 10], givens[i % 10])).collect();
    std::fs::write(&list, format!("STT,Họ và tên,Ngày sinh\n{rows}")).unwrap();
    assert_eq!(chidoan::members::import::import(&mut conn, &list, None, false).unwrap().imported, 2_000);
    let id = new_congress(&mut conn);
    let members: Vec<i64> = chidoan::members::list(&conn, &Default::default(), chidoan::today()).unwrap().rows.iter().map(|m| m.id).collect();
    assert_eq!(summon_members(&mut conn, id, &members).unwrap(), 2_000);
    assert_eq!(mark_all_present(&mut conn, id).unwrap(), 2_000);
    let detail = load(&conn, id).unwrap().audit.pop().unwrap().detail;
    assert!(detail.ends_with(" ký tự nữa)") && detail.chars().count() < chidoan::text::MAX_NOTES, "a long detail is cut");
    let json = exchange::export(&conn, id).unwrap();
    let mut other = open(&dir.path().join("d.sqlite3"));
    let copy = exchange::import(&mut other, &json).unwrap();
    assert_eq!(load(&other, copy).unwrap().headcount().present, 2_000);
}
