//! The activity log on a real database: activities with participants and figures, each
//! member's participation rate, targets and their progress, the period report in DOCX, PDF and
//! XLSX with exact figures, and the CLI's contract.

use std::path::Path;
use std::process::{Command, Output};

use chidoan::activities::report;
use chidoan::activities::targets::{self, TargetInput, TargetKind};
use chidoan::activities::{self, ActivityInput, Figure};
use chidoan::db::{self, Connection, StartBackup};
use chidoan::members::{self, MemberInput, Position, Status, StatusInput};

fn chidoan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(db).args(args).env_remove("CHIDOAN_DB").output().unwrap()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn member(conn: &mut Connection, name: &str, born: &str, joined: &str, position: Position) -> i64 {
    let input = MemberInput {
        full_name: name.into(),
        date_of_birth: born.into(),
        joined_on: joined.into(),
        position,
        ..MemberInput::default()
    };
    members::create(conn, &input, &Default::default()).unwrap().id
}

fn activity(conn: &mut Connection, type_id: i64, title: &str, on: &str, people: &[i64]) -> i64 {
    let input = ActivityInput {
        type_id,
        title: title.into(),
        starts_on: on.into(),
        ends_on: String::new(),
        place: String::new(),
        description: String::new(),
        agenda: String::new(),
        figures: vec![],
        participants: people.to_vec(),
        photos: vec![],
    };
    activities::save(conn, None, &input).unwrap().id
}

const VOLUNTEER: i64 = 3;
const PROJECT: i64 = 4;

/// Four members (one joined in 2026, one transferred out in 2026) and five 2026 activities.
fn branch(conn: &mut Connection) -> [i64; 4] {
    let an = member(conn, "Nguyễn Văn An", "12/03/1998", "26/03/2014", Position::Secretary);
    let binh = member(conn, "Trần Thị Bình", "05/07/2000", "26/03/2017", Position::Member);
    let cuc = member(conn, "Lê Thị Cúc", "20/10/2007", "15/02/2026", Position::Member);
    let dung = member(conn, "Phạm Văn Dũng", "01/01/1999", "26/03/2015", Position::Member);
    let out = StatusInput { status: Some(Status::TransferredOut), since: "30/06/2026".into(), destination: "Chi đoàn xã Thanh Tân".into(), ..StatusInput::default() };
    members::change_status(conn, dung, &out).unwrap();
    activity(conn, 1, "Sinh hoạt chi đoàn tháng 1", "10/01/2026", &[an, binh, dung]);
    let input = ActivityInput {
        type_id: VOLUNTEER,
        title: "Chủ nhật xanh".into(),
        starts_on: "15/03/2026".into(),
        ends_on: "16/03/2026".into(),
        place: "Thôn Đồng Quỹ".into(),
        description: "Dọn vệ sinh đường làng.".into(),
        agenda: String::new(),
        figures: vec![Figure { label: "Tiền ủng hộ".into(), amount: 1_232_000, unit: "đồng".into() }],
        participants: vec![binh, an, an],
        photos: vec!["/home/bt/Ảnh/chu-nhat-xanh.jpg".into()],
    };
    activities::save(conn, None, &input).unwrap();
    activity(conn, VOLUNTEER, "Tiếp sức mùa thi", "20/06/2026", &[an, cuc]);
    activity(conn, PROJECT, "Thắp sáng đường quê", "02/09/2026", &[an, binh, cuc]);
    activity(conn, 5, "Giải bóng đá thanh niên", "12/12/2025", &[an]);
    [an, binh, cuc, dung]
}

#[test]
fn activities_are_logged_with_participants_figures_and_photos() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("a.sqlite3"), StartBackup::BeforeMigration).unwrap();
    branch(&mut conn);
    let all = activities::list(&conn, None, None).unwrap();
    let titles: Vec<&str> = all.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Thắp sáng đường quê", "Tiếp sức mùa thi", "Chủ nhật xanh", "Sinh hoạt chi đoàn tháng 1", "Giải bóng đá thanh niên"]);
    let green = &all[2];
    assert_eq!((green.starts_on.as_str(), green.ends_on.as_deref()), ("2026-03-15", Some("2026-03-16")));
    let names: Vec<&str> = green.participants.iter().map(|p| p.full_name.as_str()).collect();
    assert_eq!(names, ["Nguyễn Văn An", "Trần Thị Bình"], "list order, each once");
    assert_eq!(green.figures[0].shown(), "Tiền ủng hộ: 1.232.000 đồng");

    let bad = ActivityInput { ends_on: "14/03/2026".into(), ..activity_input(&all[2]) };
    let err = activities::save(&mut conn, None, &bad).unwrap_err();
    assert_eq!(err.to_string(), "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.");
    assert_eq!(activities::list(&conn, None, None).unwrap().len(), 5, "nothing written");

    // The list of types is extendable.
    let id = activities::add_type(&mut conn, "Chuyển đổi số").unwrap();
    assert_eq!(activities::types(&conn).unwrap().last().unwrap().name, "Chuyển đổi số");
    assert_eq!(id, 9);
}

fn activity_input(a: &activities::Activity) -> ActivityInput {
    ActivityInput {
        type_id: a.type_id,
        title: a.title.clone(),
        starts_on: a.starts_on.clone(),
        ends_on: a.ends_on.clone().unwrap_or_default(),
        place: a.place.clone(),
        description: a.description.clone(),
        agenda: a.agenda.clone(),
        figures: a.figures.clone(),
        participants: a.participants.iter().map(|p| p.id).collect(),
        photos: a.photos.clone(),
    }
}

#[test]
fn a_members_participation_rate_over_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("a.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let [an, binh, ..] = branch(&mut conn);
    let p = activities::participation(&conn, an, 2026).unwrap();
    assert_eq!((p.held, p.attended, p.rate.as_str(), p.top_level_rate), (4, 4, "100,00", true));
    assert_eq!(p.by_type, [("Sinh hoạt chi đoàn".to_string(), 1), ("Tình nguyện".into(), 2), ("Công trình, phần việc thanh niên".into(), 1)]);
    let p = activities::participation(&conn, binh, 2026).unwrap();
    assert_eq!((p.attended, p.rate.as_str(), p.top_level_rate), (3, "75,00", false));
    assert_eq!(p.history[0], ("2026-09-02".to_string(), "Công trình, phần việc thanh niên".to_string(), "Thắp sáng đường quê".to_string()));
}

#[test]
fn targets_show_progress_and_who_is_short() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("a.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let [_, binh, cuc, _] = branch(&mut conn);
    let year = |kind, type_id, min_count, share| TargetInput { kind, type_id, min_count, share, starts_on: "01/01/2026".into(), ends_on: "31/12/2026".into() };
    targets::add(&mut conn, &year(TargetKind::Members, VOLUNTEER, 2, 75)).unwrap();
    targets::add(&mut conn, &year(TargetKind::Branch, PROJECT, 1, 100)).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let all = targets::progress(&conn, end).unwrap();
    // Members of the year: An, Bình, Cúc and Dũng (in the branch until 30/06). Only An has two
    // volunteering days; three of four are needed.
    let members = &all[0];
    assert_eq!(members.description, "75% đoàn viên tham gia ít nhất 2 hoạt động Tình nguyện (01/01/2026 – 31/12/2026)");
    assert_eq!((members.done, members.needed, members.of, members.achieved), (1, 3, 4, false));
    let short: Vec<(&str, u32)> = members.short.iter().map(|s| (s.full_name.as_str(), s.count)).collect();
    assert_eq!(short, [("Phạm Văn Dũng", 0), ("Trần Thị Bình", 1), ("Lê Thị Cúc", 1)]);
    let branch_target = &all[1];
    assert_eq!(branch_target.description, "Chi đoàn tổ chức ít nhất 1 hoạt động Công trình, phần việc thanh niên (01/01/2026 – 31/12/2026)");
    assert_eq!((branch_target.done, branch_target.needed, branch_target.achieved), (1, 1, true));

    // As of 30/06 the September project is not yet done, and the period says so.
    let june = &targets::progress(&conn, chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()).unwrap()[1];
    assert_eq!(june.description, "Chi đoàn tổ chức ít nhất 1 hoạt động Công trình, phần việc thanh niên (01/01/2026 – 31/12/2026, tính đến ngày 30/06/2026)");
    assert_eq!((june.done, june.achieved), (0, false));

    // One more volunteering day for Bình and Cúc meets the members target.
    activity(&mut conn, VOLUNTEER, "Hiến máu nhân đạo hỗ trợ", "01/10/2026", &[binh, cuc]);
    let members = &targets::progress(&conn, end).unwrap()[0];
    assert_eq!((members.done, members.achieved), (3, true));
    assert_eq!(members.short.iter().map(|s| s.full_name.as_str()).collect::<Vec<_>>(), ["Phạm Văn Dũng"]);
    assert!(targets::add(&mut conn, &TargetInput { share: 0, ..year(TargetKind::Members, VOLUNTEER, 2, 100) }).is_err());
}

/// Every report these tests make must balance.
fn balanced(r: report::PeriodReport) -> report::PeriodReport {
    assert!(r.balances(), "{r:?}");
    r
}

#[test]
fn the_period_report_counts_members_and_activities() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("a.sqlite3"), StartBackup::BeforeMigration).unwrap();
    branch(&mut conn);
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let r = balanced(report::period(&conn, d(2026, 1, 1), d(2026, 12, 31)).unwrap());
    // At the start: An, Bình, Dũng. At the end: An, Bình, Cúc.
    assert_eq!((r.members_at_start, r.members_at_end), (3, 3));
    assert_eq!(r.admissions.iter().map(|n| (n.full_name.as_str(), n.on.as_str())).collect::<Vec<_>>(), [("Lê Thị Cúc", "15/02/2026")]);
    assert_eq!(r.transferred_out.iter().map(|n| (n.full_name.as_str(), n.on.as_str())).collect::<Vec<_>>(), [("Phạm Văn Dũng", "30/06/2026")]);
    assert!(r.transferred_in.is_empty() && r.aged_out.is_empty() && r.removed.is_empty());
    assert_eq!((r.total_activities, r.total_participations), (4, 10));
    let volunteering = &r.activities[2];
    assert_eq!((volunteering.type_name.as_str(), volunteering.activities, volunteering.participations, volunteering.participants), ("Tình nguyện", 2, 4, 3));

    // A quarter: only January's meeting.
    let q1 = balanced(report::period(&conn, d(2026, 1, 1), d(2026, 3, 31)).unwrap());
    assert_eq!((q1.total_activities, q1.members_at_end), (2, 4));
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs pdftotext (poppler-utils), which the Linux runners have")]
fn the_cli_lists_activities_and_writes_the_report_in_three_formats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    {
        let mut conn = db::open(&path, StartBackup::BeforeMigration).unwrap();
        branch(&mut conn);
    }
    ok(chidoan(&path, &["unit", "set", "--name", "Chi đoàn Thôn Đồng Quỹ", "--superior", "Đoàn xã Thanh Hải", "--place", "Hà Nam"]));
    let list: serde_json::Value = serde_json::from_str(&ok(chidoan(&path, &["activities", "list", "--format", "json"]))).unwrap();
    let green = &list[2];
    assert_eq!(green["title"], "Chủ nhật xanh");
    assert_eq!(green["type"], "Tình nguyện");
    assert_eq!(green["starts_on"], "2026-03-15");
    assert_eq!(green["ends_on"], "2026-03-16");
    assert_eq!(green["figures"], serde_json::json!([{"label": "Tiền ủng hộ", "amount": 1232000, "unit": "đồng"}]));
    assert_eq!(green["participants"][0]["full_name"], "Nguyễn Văn An");
    assert_eq!(list.as_array().unwrap().len(), 5);

    for format in ["docx", "pdf", "xlsx"] {
        let out = dir.path().join(format!("bao-cao.{format}"));
        let args = ["report", "--from", "2026-01-01", "--to", "2026-12-31", "--format", format, "--out", out.to_str().unwrap()];
        assert_eq!(ok(chidoan(&path, &args)), format!("Đã ghi (written) {}\n", out.display()));
        assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    }
    let text = Command::new("pdftotext").arg("-layout").arg(dir.path().join("bao-cao.pdf")).arg("-").output().expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "BÁO CÁO",
        "từ ngày 01/01/2026 đến ngày 31/12/2026",
        "- Số đoàn viên đầu kỳ: 3.",
        "- Số đoàn viên cuối kỳ: 3.",
        "- Kết nạp đoàn viên mới: 1 (Lê Thị Cúc, 15/02/2026).",
        "- Chuyển đi: 1 (Phạm Văn Dũng, 30/06/2026).",
        "- Chuyển đến: 0.",
        "Nơi nhận:",
        "- Đoàn xã Thanh Hải (để báo cáo);",
        "Trong kỳ, chi đoàn tổ chức 4 hoạt động với 10 lượt đoàn viên tham gia.",
        "3 Tình nguyện 2 4 3",
        "4 Công trình, phần việc thanh niên 1 3 3",
        "BÍ THƯ",
        "Nguyễn Văn An",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in {text}");
    }
    // The workbook holds the same figures, counts as numbers.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("bao-cao.xlsx")).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Báo cáo").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert!(rows.iter().any(|r| r[..5] == ["3", "Tình nguyện", "2", "4", "3"]), "{rows:?}");
    // Each figure in a cell of its own, as a number.
    let (at, _, _) = sheet.cells().find(|(_, _, c)| *c == "Kết nạp đoàn viên mới").unwrap();
    assert_eq!(sheet.get((at, 2)), Some(&calamine::Data::Float(1.0)));
    assert_eq!(sheet.get((at, 3)).map(|c| c.to_string()), Some("Lê Thị Cúc, 15/02/2026".into()));
    assert!(rows.iter().any(|r| r[0] == "Số đoàn viên cuối kỳ" && r[2] == "3"), "{rows:?}");

    let refused = chidoan(&path, &["report", "--from", "2026-12-31", "--to", "2026-01-01", "--format", "pdf", "--out", "x.pdf"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(String::from_utf8(refused.stderr).unwrap(), "lỗi: Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ.\nerror: invalid: Ngày cuối kỳ báo cáo phải sau ngày đầu kỳ.\n");
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs pdftotext (poppler-utils), which the Linux runners have")]
fn the_monthly_meeting_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let meeting = {
        let mut conn = db::open(&path, StartBackup::BeforeMigration).unwrap();
        let [an, binh, ..] = branch(&mut conn);
        let input = ActivityInput {
            type_id: 1,
            title: "Sinh hoạt chi đoàn tháng 10".into(),
            starts_on: "05/10/2026".into(),
            ends_on: String::new(),
            place: "Nhà văn hóa thôn".into(),
            description: "Đánh giá hoạt động tháng 9.\nTriển khai kế hoạch tháng 10.".into(),
            agenda: "1. Đánh giá tháng 9\n2. Kế hoạch tháng 10".into(),
            figures: vec![],
            participants: vec![an, binh],
            photos: vec![],
        };
        activities::save(&mut conn, None, &input).unwrap().id
    };
    let out = dir.path().join("bb.pdf");
    ok(chidoan(&path, &["activities", "minutes", &meeting.to_string(), "--format", "pdf", "--out", out.to_str().unwrap()]));
    let text = Command::new("pdftotext").arg("-layout").arg(&out).arg("-").output().expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "BIÊN BẢN SINH HOẠT CHI ĐOÀN",
        "Tháng 10 năm 2026",
        "Hôm nay, ngày 05 tháng 10 năm 2026, tại Nhà văn hóa thôn",
        "- Tổng số đoàn viên: 3.",
        "- Có mặt: 2.",
        "- Vắng: 1 (Lê Thị Cúc).",
        "1. Đánh giá tháng 9",
        "Triển khai kế hoạch tháng 10.",
        "T/M BAN CHẤP HÀNH",
    ] {
        assert!(text.contains(wanted), "{wanted:?} not in {text}");
    }
}
