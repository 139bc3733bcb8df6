//! The congress's rules on records built in memory: no database.

use super::*;

fn person(id: i64, name: &str, attendance: Attendance) -> Attendee {
    Attendee {
        id,
        member_id: None,
        full_name: name.into(),
        note: String::new(),
        attendance,
        absence_reason: String::new(),
        presidium: 0,
        secretariat: 0,
        counting: 0,
    }
}

fn candidate(id: i64, attendee: i64, name: &str) -> Candidate {
    Candidate { id, attendee_id: Some(attendee), full_name: name.into() }
}

fn ballot(number: u32, crossed: &[u32]) -> BallotRecord {
    BallotRecord { pass: 1, number, crossed: crossed.to_vec(), invalid: None, entered_at: String::new() }
}

/// Five present (An, Bình, Cúc, Dũng, Hà); a BCH of 2 from An, Bình, Cúc, confirmed from 5
/// ballots of 5 issued (Cúc crossed on 4): An and Bình elected; a Bí thư election with no list.
fn congress() -> CongressData {
    let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Vũ Thu Hà"];
    let attendees = names.iter().enumerate().map(|(i, n)| person(i as i64 + 1, n, Attendance::Present)).collect();
    let bch = Election {
        id: 1,
        title: "Bầu Ban Chấp hành".into(),
        kind: ElectionKind::Committee,
        seats: 2,
        alternates: 0,
        base: Base::Valid,
        held_by: HeldBy::Congress,
        meeting: Meeting::default(),
        candidates: (1..=3).map(|i| candidate(10 + i, i, names[i as usize - 1])).collect(),
        rounds: vec![Round {
            id: 1,
            number: 1,
            kind: RoundKind::First,
            seats: 2,
            alternates: 0,
            mode: CountMode::Ballots,
            double_entry: false,
            issued: Some(5),
            candidates: vec![11, 12, 13],
            totals: None,
            ballots: vec![ballot(1, &[3]), ballot(2, &[3]), ballot(3, &[3]), ballot(4, &[3]), ballot(5, &[1])],
            present: Some(5),
            summoned: Some(5),
            read_at: "09:00".into(),
            confirmed_at: Some("2025-04-28 09:00:00".into()),
        }],
    };
    let secretary = Election {
        id: 2,
        title: "Bầu Bí thư".into(),
        kind: ElectionKind::Secretary,
        seats: 1,
        rounds: vec![],
        candidates: vec![],
        ..bch.clone()
    };
    CongressData {
        format: FORMAT.into(),
        version: FORMAT_VERSION,
        congress: Congress {
            id: 1,
            name: "Đại hội Chi đoàn".into(),
            term: String::new(),
            held_on: Some("2025-04-28".into()),
            starts_at: String::new(),
            ends_at: String::new(),
            place: "Hội trường".into(),
            kind: CongressKind::Members,
            quorum: Share { num: 2, den: 3 },
            motion_share: Share { num: 1, den: 2 },
        },
        attendees,
        guests: vec![],
        agenda: vec![],
        motions: vec![],
        elections: vec![bch, secretary],
        audit: vec![],
    }
}

#[test]
fn a_sound_record_has_no_problem_and_elects_from_its_ballots() {
    let data = congress();
    assert_eq!(problems(&data), Vec::<String>::new());
    let (elected, _) = placed(&data, &data.elections[0]);
    let names: Vec<&str> = elected.iter().map(|c| c.full_name.as_str()).collect();
    assert_eq!(names, ["Trần Thị Bình", "Nguyễn Văn An"]);
    assert_eq!(confirmed_rounds(&data), ["Bầu Ban Chấp hành (vòng 1)"]);
}

#[test]
fn what_a_confirmed_round_prints_cannot_move() {
    let before = congress();
    let refused = |edit: &dyn Fn(&mut CongressData)| {
        let mut after = before.clone();
        edit(&mut after);
        match check_change(&before, &after) {
            Err(CongressError::Confirmed { what, rounds }) => {
                assert_eq!(rounds, "Bầu Ban Chấp hành (vòng 1)");
                what
            }
            other => panic!("not refused as locked: {other:?}"),
        }
    };
    assert_eq!(refused(&|d| d.attendees.pop().map(drop).unwrap_or(())), "danh sách triệu tập");
    assert_eq!(refused(&|d| d.attendees[4].attendance = Attendance::Absent), "điểm danh");
    assert_eq!(refused(&|d| d.attendees[3].counting = 2), "Đoàn Chủ tịch, Đoàn Thư ký hay Ban Kiểm phiếu");
    assert_eq!(refused(&|d| d.congress.held_on = Some("2025-04-29".into())), "tên, nhiệm kỳ, ngày giờ, địa điểm hay hình thức của Đại hội");
    assert_eq!(refused(&|d| d.elections[0].candidates.pop().map(drop).unwrap_or(())), "danh sách ứng cử");
    // Free to change: the closing time, guests, the agenda, another election's list.
    let mut after = before.clone();
    after.congress.ends_at = "11:00".into();
    after.elections[1].candidates.push(candidate(20, 1, "Nguyễn Văn An"));
    assert!(check_change(&before, &after).is_ok());
    // With the round unlocked, the same changes pass.
    let mut open = before.clone();
    open.elections[0].rounds[0].confirmed_at = None;
    let mut after = open.clone();
    after.attendees[4].attendance = Attendance::Absent;
    assert!(check_change(&open, &after).is_ok());
}

#[test]
fn only_new_problems_refuse_a_change() {
    let mut before = congress();
    before.elections[0].rounds[0].confirmed_at = None;
    before.attendees[4].attendance = Attendance::Absent;
    before.attendees[4].secretariat = 1; // an old record already breaks a rule
    let mut after = before.clone();
    after.guests.push(Guest { id: 1, name: "Đồng chí Tâm".into(), title: String::new() });
    assert!(check_change(&before, &after).is_ok(), "an unrelated change is not blocked by an old problem");
    after.attendees[3].attendance = Attendance::Excused;
    after.attendees[3].presidium = 1;
    let err = check_change(&before, &after).unwrap_err();
    assert_eq!(err.to_string(), "Phạm Văn Dũng vắng mặt nên không thể ở Đoàn Chủ tịch.");
}

#[test]
fn each_rule_names_what_breaks_it() {
    let check = |edit: &dyn Fn(&mut CongressData)| {
        let mut data = congress();
        edit(&mut data);
        problems(&data)
    };
    assert_eq!(check(&|d| d.attendees[3].counting = 1), Vec::<String>::new(), "a counter who does not stand");
    assert_eq!(
        check(&|d| d.attendees[0].counting = 1),
        ["Nguyễn Văn An vừa ở Ban Kiểm phiếu vừa là ứng cử viên (Bầu Ban Chấp hành): người kiểm phiếu không được ứng cử."]
    );
    assert_eq!(
        check(&|d| d.elections[1].candidates.push(candidate(20, 3, "Lê Thị Cúc"))),
        ["Lê Thị Cúc không trúng cử Ban Chấp hành khóa mới nên không thể là ứng cử viên Bí thư: Bí thư được bầu trong số Ban Chấp hành vừa trúng cử."]
    );
    assert_eq!(check(&|d| d.elections[1].candidates.push(candidate(20, 2, "Trần Thị Bình"))), Vec::<String>::new());
    assert_eq!(
        check(&|d| {
            d.elections[0].rounds[0].confirmed_at = None;
            d.elections[1].candidates.push(candidate(20, 2, "Trần Thị Bình"));
        }),
        ["Bầu Bí thư: chưa có kết quả bầu Ban Chấp hành được xác nhận, mà Bí thư phải được bầu trong số Ban Chấp hành vừa trúng cử."]
    );
    assert_eq!(
        check(&|d| d.elections[0].rounds[0].issued = Some(4)),
        [
            "Bầu Ban Chấp hành, vòng 1, lượt 1: số phiếu thu vào (5) lớn hơn số phiếu phát ra (4).",
            "Bầu Ban Chấp hành, vòng 1 đã xác nhận nhưng không có kết quả hợp lệ: Số phiếu thu vào (5) lớn hơn số phiếu phát ra (4).",
        ]
    );
    assert_eq!(
        check(&|d| d.elections[0].rounds[0].issued = None),
        [format!("Bầu Ban Chấp hành, vòng 1 đã xác nhận nhưng không có kết quả hợp lệ: {NO_ISSUED}")]
    );
    assert_eq!(
        check(&|d| d.elections[0].rounds[0].ballots[4].number = 7),
        ["Bầu Ban Chấp hành, vòng 1, lượt 1: phiếu thứ 5 mang số 7; số phiếu phải liên tục từ 1."]
    );
    assert_eq!(
        check(&|d| {
            d.attendees[0].presidium = 2;
            d.attendees[1].presidium = 2;
        }),
        ["Đoàn Chủ tịch có 2 người đứng đầu (Nguyễn Văn An, Trần Thị Bình); chỉ được một."]
    );
}

#[test]
fn the_first_meeting_votes_among_the_bch_elected() {
    let mut data = congress();
    data.elections[1].held_by = HeldBy::FirstMeeting;
    assert_eq!(voters(&data, &data.elections[1]), (2, 2));
    data.elections[1].meeting.present = Some(3);
    assert_eq!(
        problems(&data),
        ["Bầu Bí thư: số ủy viên Ban Chấp hành có mặt (3) lớn hơn số ủy viên vừa trúng cử (2)."]
    );
}

#[test]
fn the_voted_number_of_seats_and_list_warn_on_a_mismatch() {
    let mut data = congress();
    let vote = |kind, value, votes_for| Motion {
        id: 0,
        title: "Thông qua".into(),
        votes_for,
        votes_against: 0,
        votes_other: 0,
        present: 5,
        kind,
        value: Some(value),
    };
    data.motions.push(vote(MotionKind::CommitteeSize, 2, 5));
    data.motions.push(vote(MotionKind::CandidateList, 3, 5));
    assert_eq!(warnings(&data, &data.elections[0]), Vec::<String>::new());
    assert_eq!(voted_seats(&data), Some(2));
    data.motions.push(vote(MotionKind::CommitteeSize, 3, 5));
    data.motions.push(vote(MotionKind::CandidateList, 4, 2));
    assert_eq!(
        warnings(&data, &data.elections[0]),
        [
            "Đại hội đã biểu quyết số lượng Ban Chấp hành là 3 người, nhưng cuộc bầu cử này bầu 2 người.",
            "Biểu quyết danh sách bầu cử Ban Chấp hành (4 người) chưa được thông qua.",
        ]
    );
}

#[test]
fn two_people_of_one_name_are_told_apart() {
    let mut data = congress();
    // Cúc's namesake (attendee 4 renamed) counts; the candidate Cúc is attendee 3.
    data.attendees[3].full_name = "Lê Thị Cúc".into();
    data.attendees[3].counting = 1;
    assert_eq!(counters_standing(&data), Vec::<(String, String)>::new());
    // Bình's namesake stands too and is not elected: the elected Bình is attendee 2.
    data.attendees[4].full_name = "Trần Thị Bình".into();
    let bch = &mut data.elections[0];
    bch.candidates[2] = candidate(13, 5, "Trần Thị Bình");
    let eligible: Vec<Option<i64>> = eligible(&data, &data.elections[1]).unwrap().iter().map(|c| c.attendee_id).collect();
    assert_eq!(eligible, [Some(2), Some(1)]);
}
