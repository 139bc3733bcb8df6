//! A real branch year kept as a new user would — 24 members imported from a list (two without a
//! joining date), an admission in March, a transfer in in May, one struck off in July, a
//! transfer out in August with dues paid to August, one aged out in October, ten activities, two
//! targets — and every figure of Q1–Q4 and the year checked by hand. Every period report made
//! here is checked to balance.

use chidoan::activities::report::{self, PeriodReport};
use chidoan::activities::targets::{self, TargetInput, TargetKind};
use chidoan::activities::{self, ActivityInput};
use chidoan::db::{self, Connection, StartBackup};
use chidoan::documents::{self, activities::period_report};
use chidoan::members::{self, records, stats, Joining, MemberInput, Status, StatusInput};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The 24 members of the imported list: (name, born, joined).
const LIST: [(&str, &str, &str); 24] = [
    ("Đặng Văn Lâm", "10/03/1995", "26/03/2011"),
    ("Nguyễn Văn An", "01/06/1995", "26/03/2011"),
    ("Trần Thị Bình", "20/12/1996", "26/03/2013"),
    ("Lê Văn Cường", "15/04/1998", "26/03/2014"),
    ("Phạm Thị Dung", "15/05/1999", "26/03/2015"),
    ("Hoàng Văn Đức", "15/06/2000", "26/03/2016"),
    ("Vũ Thị Giang", "15/07/2001", "26/03/2017"),
    ("Bùi Văn Hải", "15/08/2002", "26/03/2018"),
    ("Đỗ Thị Hoa", "15/09/2003", "26/03/2019"),
    ("Hồ Văn Hùng", "15/10/2004", "26/03/2020"),
    ("Ngô Thị Lan", "15/11/2005", "26/03/2022"),
    ("Dương Văn Long", "15/12/2006", "26/03/2023"),
    ("Lý Thị Mai", "15/01/1997", "26/03/2013"),
    ("Phan Văn Minh", "15/02/1998", "26/03/2014"),
    ("Trịnh Thị Nga", "15/03/1999", "26/03/2015"),
    ("Đinh Văn Nam", "15/04/2000", "26/03/2016"),
    ("Lương Thị Oanh", "15/05/2001", "26/03/2017"),
    ("Mai Văn Phúc", "15/06/2002", "26/03/2018"),
    ("Cao Thị Quỳnh", "15/07/2003", "26/03/2019"),
    ("Tạ Văn Sơn", "15/08/2004", "26/03/2020"),
    ("Hà Thị Thảo", "15/09/2005", "26/03/2021"),
    ("Chu Văn Tùng", "15/10/2006", "26/03/2022"),
    ("Kiều Thị Uyên", "15/11/2003", ""),
    ("La Văn Vinh", "15/12/2004", ""),
];

struct Year {
    conn: Connection,
    _dir: tempfile::TempDir,
    /// Members by name.
    ids: std::collections::HashMap<&'static str, i64>,
}

impl Year {
    fn id(&self, name: &str) -> i64 {
        self.ids[name]
    }
}

fn status(conn: &mut Connection, id: i64, status: Status, on: &str, paid_to: &str) {
    let input = StatusInput {
        status: Some(status),
        since: on.into(),
        destination: if status == Status::TransferredOut { "Chi đoàn Thôn Nam Sơn".into() } else { String::new() },
        dues_paid_until: paid_to.into(),
        note: String::new(),
    };
    members::change_status(conn, id, &input).unwrap();
}

fn activity(conn: &mut Connection, type_id: i64, title: &str, on: &str, people: &[i64]) {
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
    activities::save(conn, None, &input).unwrap();
}

const MEETING: i64 = 1;
const STUDY: i64 = 2;
const VOLUNTEER: i64 = 3;
const PROJECT: i64 = 4;
const SPORT: i64 = 5;
const BLOOD: i64 = 6;

fn year() -> Year {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("so.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let csv: String = std::iter::once("STT,Họ và tên,Ngày sinh,Ngày vào Đoàn\n".to_string())
        .chain(LIST.iter().enumerate().map(|(i, (name, born, joined))| format!("{},{name},{born},{joined}\n", i + 1)))
        .collect();
    let file = dir.path().join("danh-sach.csv");
    std::fs::write(&file, csv).unwrap();
    let outcome = members::import::import(&mut conn, &file, None, false).unwrap();
    assert_eq!(outcome.imported, 24);
    let mut ids: std::collections::HashMap<&'static str, i64> = std::collections::HashMap::new();
    for m in members::list(&conn, &Default::default(), d(2026, 1, 1)).unwrap().rows {
        let name = LIST.iter().find(|(n, ..)| *n == m.full_name).unwrap().0;
        ids.insert(name, m.id);
    }
    let yen = MemberInput { full_name: "Nguyễn Thị Yến".into(), date_of_birth: "02/09/2008".into(), joined_on: "26/03/2026".into(), ..Default::default() };
    ids.insert("Nguyễn Thị Yến", members::create(&mut conn, &yen, &Joining::Admitted).unwrap().id);
    let khoi = MemberInput { full_name: "Trần Văn Khôi".into(), date_of_birth: "10/10/1998".into(), joined_on: "26/03/2014".into(), ..Default::default() };
    ids.insert("Trần Văn Khôi", members::create(&mut conn, &khoi, &Joining::Arrived { on: "15/05/2026".into() }).unwrap().id);
    status(&mut conn, ids["Phạm Thị Dung"], Status::StruckOff, "10/07/2026", "");
    status(&mut conn, ids["Bùi Văn Hải"], Status::TransferredOut, "20/08/2026", "08/2026");
    status(&mut conn, ids["Đặng Văn Lâm"], Status::AgedOut, "15/10/2026", "");

    let [an, binh, cuong, hai, yen, khoi] =
        ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Bùi Văn Hải", "Nguyễn Thị Yến", "Trần Văn Khôi"].map(|n| ids[n]);
    activity(&mut conn, MEETING, "Sinh hoạt chi đoàn tháng 1", "15/01/2026", &[an, binh, cuong]);
    activity(&mut conn, STUDY, "Học tập Nghị quyết Đại hội Đoàn", "20/02/2026", &[an]);
    activity(&mut conn, VOLUNTEER, "Chủ nhật xanh", "22/03/2026", &[an, binh, hai]);
    activity(&mut conn, MEETING, "Sinh hoạt chi đoàn tháng 5", "20/05/2026", &[an, yen, khoi]);
    activity(&mut conn, BLOOD, "Ngày hội hiến máu", "25/05/2026", &[khoi, an]);
    activity(&mut conn, VOLUNTEER, "Tiếp sức mùa thi", "15/06/2026", &[khoi, an, yen]);
    activity(&mut conn, MEETING, "Sinh hoạt chi đoàn tháng 7", "05/07/2026", &[khoi]);
    activity(&mut conn, SPORT, "Giải bóng chuyền thanh niên", "15/08/2026", &[khoi, hai]);
    activity(&mut conn, PROJECT, "Thắp sáng đường quê", "10/09/2026", &[khoi, an]);
    activity(&mut conn, VOLUNTEER, "Dọn vệ sinh kênh mương", "25/10/2026", &[khoi, yen, an]);

    let year = |kind, type_id, min_count| TargetInput { kind, type_id, min_count, share: 100, starts_on: "01/01/2026".into(), ends_on: "31/12/2026".into() };
    targets::add(&mut conn, &year(TargetKind::Members, VOLUNTEER, 2)).unwrap();
    targets::add(&mut conn, &year(TargetKind::Branch, PROJECT, 1)).unwrap();
    Year { conn, _dir: dir, ids }
}

/// A period report, checked to balance.
fn period(conn: &Connection, from: NaiveDate, to: NaiveDate) -> PeriodReport {
    let r = report::period(conn, from, to).unwrap();
    assert!(
        r.balances(),
        "{} + {} + {} − {} − {} − {} ≠ {}",
        r.members_at_start,
        r.admissions.len(),
        r.transferred_in.len(),
        r.transferred_out.len(),
        r.aged_out.len(),
        r.removed.len(),
        r.members_at_end
    );
    r
}

fn named(list: &[report::Named]) -> Vec<(&str, &str)> {
    list.iter().map(|n| (n.full_name.as_str(), n.on.as_str())).collect()
}

/// (start, admitted, in, out, aged out, removed, end) with names and dates.
type Movements<'a> = (u32, Vec<(&'a str, &'a str)>, Vec<(&'a str, &'a str)>, Vec<(&'a str, &'a str)>, Vec<(&'a str, &'a str)>, Vec<(&'a str, &'a str)>, u32);

fn movements(r: &PeriodReport) -> Movements<'_> {
    (
        r.members_at_start,
        named(&r.admissions),
        named(&r.transferred_in),
        named(&r.transferred_out),
        named(&r.aged_out),
        named(&r.removed),
        r.members_at_end,
    )
}

#[test]
fn every_quarter_and_the_year_add_up() {
    let y = year();
    let c = &y.conn;
    let none = Vec::<(&str, &str)>::new;
    assert_eq!(movements(&period(c, d(2026, 1, 1), d(2026, 3, 31))), (24, vec![("Nguyễn Thị Yến", "26/03/2026")], none(), none(), none(), none(), 25));
    assert_eq!(movements(&period(c, d(2026, 4, 1), d(2026, 6, 30))), (25, none(), vec![("Trần Văn Khôi", "15/05/2026")], none(), none(), none(), 26));
    assert_eq!(
        movements(&period(c, d(2026, 7, 1), d(2026, 9, 30))),
        (26, none(), none(), vec![("Bùi Văn Hải", "20/08/2026")], none(), vec![("Phạm Thị Dung", "10/07/2026")], 24)
    );
    assert_eq!(movements(&period(c, d(2026, 10, 1), d(2026, 12, 31))), (24, none(), none(), none(), vec![("Đặng Văn Lâm", "15/10/2026")], none(), 23));
    let whole = period(c, d(2026, 1, 1), d(2026, 12, 31));
    assert_eq!(
        movements(&whole),
        (
            24,
            vec![("Nguyễn Thị Yến", "26/03/2026")],
            vec![("Trần Văn Khôi", "15/05/2026")],
            vec![("Bùi Văn Hải", "20/08/2026")],
            vec![("Đặng Văn Lâm", "15/10/2026")],
            vec![("Phạm Thị Dung", "10/07/2026")],
            23
        )
    );
    // Before the members were entered, nobody was counted twice or lost: the two without a
    // joining date were here before any period.
    assert_eq!(movements(&period(c, d(2025, 1, 1), d(2025, 12, 31))), (24, none(), none(), none(), none(), none(), 24));
    // Activities per quarter: 3, 3, 3, 1.
    let counts: Vec<u32> = [(1, 3), (4, 6), (7, 9), (10, 12)]
        .iter()
        .map(|&(a, b)| period(c, d(2026, a, 1), NaiveDate::from_ymd_opt(2026, b + 1, 1).unwrap_or(d(2027, 1, 1)).pred_opt().unwrap()).total_activities)
        .collect();
    assert_eq!(counts, [3, 3, 3, 1]);
    assert_eq!((whole.total_activities, whole.total_participations), (10, 23));
}

#[test]
fn a_quarter_reports_targets_as_of_its_end_and_names_who_is_short() {
    let y = year();
    let c = &y.conn;
    let q1 = period(c, d(2026, 1, 1), d(2026, 3, 31));
    let (members_target, project) = (&q1.targets[0], &q1.targets[1]);
    assert_eq!(project.description, "Chi đoàn tổ chức ít nhất 1 hoạt động Công trình, phần việc thanh niên (01/01/2026 – 31/12/2026, tính đến ngày 31/03/2026)");
    assert_eq!((project.done, project.achieved), (0, false), "the September project is not done in Q1");
    // In Q1: the 24 and Yến; An, Bình and Hải volunteered once.
    assert_eq!((members_target.done, members_target.needed, members_target.of), (0, 25, 25));
    let last: Vec<(&str, u32)> = members_target.short[22..].iter().map(|s| (s.full_name.as_str(), s.count)).collect();
    assert_eq!(last, [("Nguyễn Văn An", 1), ("Trần Thị Bình", 1), ("Bùi Văn Hải", 1)]);
    assert_eq!(members_target.short[0].full_name, "Lê Văn Cường", "no activity yet, first in list order");

    let q3 = period(c, d(2026, 7, 1), d(2026, 9, 30));
    assert_eq!((q3.targets[1].done, q3.targets[1].achieved), (1, true));
    // The year: 26 members were here at some time; An (3), Khôi (2) and Yến (2) reached two.
    let whole = period(c, d(2026, 1, 1), d(2026, 12, 31));
    let t = &whole.targets[0];
    assert_eq!((t.done, t.needed, t.of, t.achieved), (3, 26, 26, false));
    assert_eq!(t.description, "100% đoàn viên tham gia ít nhất 2 hoạt động Tình nguyện (01/01/2026 – 31/12/2026)");

    // The paper says so, one colon a line, with the names.
    let lines = period_report(c, &q1).unwrap().lines();
    for wanted in [
        "- Số đoàn viên đầu kỳ: 24.",
        "- Kết nạp đoàn viên mới: 1 (Nguyễn Thị Yến, 26/03/2026).",
        "- Chuyển đến: 0.",
        "- Số đoàn viên cuối kỳ: 25.",
        "- Chi đoàn tổ chức ít nhất 1 hoạt động Công trình, phần việc thanh niên (01/01/2026 – 31/12/2026, tính đến ngày 31/03/2026) — đã tổ chức 0/1 — Chưa đạt.",
        "Nơi nhận:",
        "- Lưu hồ sơ chi đoàn.",
    ] {
        assert!(lines.iter().any(|l| l == wanted), "{wanted:?} not in {lines:#?}");
    }
    let short = lines.iter().find(|l| l.starts_with("Đoàn viên chưa đạt")).unwrap();
    assert!(short.starts_with("Đoàn viên chưa đạt (số hoạt động đã tham gia): Lê Văn Cường (0), "), "{short}");
    assert!(short.ends_with("Nguyễn Văn An (1), Trần Thị Bình (1), Bùi Văn Hải (1)."), "{short}");
    let colons = |l: &&String| l.matches(':').count() > 1;
    assert_eq!(lines.iter().filter(colons).count(), 0, "one colon a line: {lines:#?}");
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs pdftotext (poppler-utils), which the Linux runners have")]
fn the_year_report_prints_every_movement_with_names_and_dates() {
    let y = year();
    let whole = period(&y.conn, d(2026, 1, 1), d(2026, 12, 31));
    let doc = period_report(&y.conn, &whole).unwrap();
    let lines = doc.lines();
    for wanted in [
        "- Số đoàn viên đầu kỳ: 24.",
        "- Kết nạp đoàn viên mới: 1 (Nguyễn Thị Yến, 26/03/2026).",
        "- Chuyển đến: 1 (Trần Văn Khôi, 15/05/2026).",
        "- Chuyển đi: 1 (Bùi Văn Hải, 20/08/2026).",
        "- Trưởng thành Đoàn: 1 (Đặng Văn Lâm, 15/10/2026).",
        "- Xóa tên, khai trừ: 1 (Phạm Thị Dung, 10/07/2026).",
        "- Số đoàn viên cuối kỳ: 23.",
        "Trong kỳ, chi đoàn tổ chức 10 hoạt động với 23 lượt đoàn viên tham gia.",
    ] {
        assert!(lines.iter().any(|l| l == wanted), "{wanted:?} not in {lines:#?}");
    }
    // The same words in the PDF.
    let pdf = documents::pdf::render(&doc).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao-nam.pdf");
    std::fs::write(&path, pdf).unwrap();
    let text = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().expect("pdftotext");
    let text = String::from_utf8(text.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("- Chuyển đến: 1 (Trần Văn Khôi, 15/05/2026)."), "{text}");
    assert!(text.contains("Nơi nhận:"), "{text}");

    // CHIDOAN_PAPERS=DIR keeps the year's and the quarters' papers there, to look at.
    if let Some(out) = std::env::var_os("CHIDOAN_PAPERS") {
        let out = std::path::Path::new(&out);
        std::fs::create_dir_all(out).unwrap();
        for (name, from, to) in [("nam", d(2026, 1, 1), d(2026, 12, 31)), ("quy-1", d(2026, 1, 1), d(2026, 3, 31)), ("quy-3", d(2026, 7, 1), d(2026, 9, 30))] {
            let doc = period_report(&y.conn, &period(&y.conn, from, to)).unwrap();
            for format in [documents::Format::Pdf, documents::Format::Docx, documents::Format::Xlsx] {
                let ext = match format {
                    documents::Format::Pdf => "pdf",
                    documents::Format::Docx => "docx",
                    documents::Format::Xlsx => "xlsx",
                };
                documents::save(&doc, format, &out.join(format!("bao-cao-{name}.{ext}"))).unwrap();
            }
        }
    }
}

#[test]
fn participation_counts_the_activities_held_while_the_member_was_here() {
    let y = year();
    let c = &y.conn;
    let rate = |name: &str| {
        let p = activities::participation(c, y.id(name), 2026).unwrap();
        (p.attended, p.held, p.rate, p.top_level_rate)
    };
    // Khôi arrived on 15/05: seven activities since, he took part in all seven.
    assert_eq!(rate("Trần Văn Khôi"), (7, 7, "100,00".into(), true));
    // Yến, admitted 26/03: three of the seven held since.
    assert_eq!(rate("Nguyễn Thị Yến"), (3, 7, "42,86".into(), false));
    // Hải left on 20/08: eight held before, two attended.
    assert_eq!(rate("Bùi Văn Hải"), (2, 8, "25,00".into(), false));
    // An was here all year: eight of the ten.
    assert_eq!(rate("Nguyễn Văn An"), (8, 10, "80,00".into(), false));
}

#[test]
fn dues_are_owed_only_while_here_and_departed_members_stay_in_the_grid() {
    let mut y = year();
    let (khoi, hai, an, dung, lam, yen) =
        (y.id("Trần Văn Khôi"), y.id("Bùi Văn Hải"), y.id("Nguyễn Văn An"), y.id("Phạm Thị Dung"), y.id("Đặng Văn Lâm"), y.id("Nguyễn Thị Yến"));
    let c = &mut y.conn;
    let months = |list: std::ops::RangeInclusive<u32>| list.map(|m| d(2026, m, 1)).collect::<Vec<_>>();
    records::pay_months(c, khoi, &months(5..=10)).unwrap();
    records::pay_months(c, hai, &months(1..=6)).unwrap();
    records::pay_months(c, an, &months(1..=10)).unwrap();
    // Months before his arrival are not his to pay here; nothing is written.
    let refused = records::pay_months(c, khoi, &months(4..=5)).unwrap_err();
    assert_eq!(refused.to_string(), "Tháng 04/2026: Trần Văn Khôi không sinh hoạt tại chi đoàn trong tháng này.");

    let today = d(2026, 11, 22);
    let dues = records::member_dues(c, khoi, 2026, today).unwrap();
    let ym = |r: std::ops::RangeInclusive<u32>| r.map(|m| format!("2026-{m:02}")).collect::<Vec<_>>();
    assert_eq!((dues.owed_months, dues.paid_months, dues.behind), (ym(5..=10), ym(5..=10), 0));
    // Hải paid to June and left on 20/08 with dues paid to August: settled.
    let dues = records::member_dues(c, hai, 2026, today).unwrap();
    assert_eq!((dues.owed_months, dues.paid_months, dues.behind), (ym(1..=8), ym(1..=6), 0));
    let dues = records::member_dues(c, dung, 2026, today).unwrap();
    assert_eq!((dues.owed_months, dues.behind), (ym(1..=7), 7));

    let grid = records::dues_grid(c, 2026, today).unwrap();
    assert_eq!(grid.rows.len(), 26, "the 24, Yến and Khôi: those who left stay in their year's grid");
    let row = |id| grid.rows.iter().find(|r| r.member_id == id).unwrap();
    assert_eq!(row(hai).left.as_deref(), Some("Chuyển đi ngày 20/08/2026"));
    assert_eq!(row(dung).left.as_deref(), Some("Xóa tên ngày 10/07/2026"));
    assert_eq!(row(lam).left.as_deref(), Some("Trưởng thành Đoàn ngày 15/10/2026"));
    assert_eq!(row(khoi).left, None);
    assert_eq!(row(khoi).here, [false, false, false, false, true, true, true, true, true, true, true, true]);
    assert_eq!(row(hai).here, [true, true, true, true, true, true, true, true, false, false, false, false]);
    assert_eq!((row(khoi).behind, row(yen).behind), (0, 8));
    assert_eq!(grid.collected, 2000 * (6 + 6 + 10), "Hải's payments stay in the total");
    assert_eq!(records::dues_grid(c, 2025, today).unwrap().rows.len(), 24);

    let reminders = records::reminders(c, today).unwrap();
    let late: Vec<(&str, &str)> = reminders.behind_on_dues.iter().map(|r| (r.full_name.as_str(), r.detail.as_str())).collect();
    // 23 here today; An and Khôi are up to date; the 21 others owe January–October, Yến from March.
    assert_eq!(late.len(), 21);
    assert_eq!(late.last(), Some(&("Nguyễn Thị Yến", "chưa đóng đoàn phí 8 tháng")));
    assert!(late.iter().all(|(name, _)| !["Phạm Thị Dung", "Bùi Văn Hải", "Đặng Văn Lâm"].contains(name)));
    let aging: Vec<(&str, &str)> = reminders.aging_out.iter().map(|r| (r.full_name.as_str(), r.detail.as_str())).collect();
    assert_eq!(aging, [("Nguyễn Văn An", "31 tuổi (sinh 01/06/1995)"), ("Trần Thị Bình", "tròn 30 tuổi ngày 20/12/2026")]);
}

#[test]
fn a_years_ratings_count_the_members_here_that_year() {
    let mut y = year();
    let ids = [y.id("Nguyễn Văn An"), y.id("Trần Văn Khôi"), y.id("Phạm Thị Dung"), y.id("Nguyễn Thị Yến")];
    let c = &mut y.conn;
    let [an, khoi, dung, yen] = ids;
    let (excellent, good, done) = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ");
    records::set_rating(c, an, 2025, Some(excellent)).unwrap();
    records::set_rating(c, dung, 2025, Some(done)).unwrap();
    // Khôi's 2025 rating came from his old branch, Yến's 2025 was at school.
    records::set_rating(c, khoi, 2025, Some(good)).unwrap();
    records::set_rating(c, yen, 2025, Some(good)).unwrap();
    records::set_rating(c, khoi, 2026, Some(excellent)).unwrap();
    records::set_rating(c, an, 2026, Some(excellent)).unwrap();
    let counts: Vec<(i32, String, u32)> =
        stats::stats(c, d(2026, 12, 31)).unwrap().by_rating.into_iter().map(|r| (r.year, r.rating, r.count)).collect();
    assert_eq!(counts, [(2026, excellent.into(), 2), (2025, excellent.into(), 1), (2025, done.into(), 1)]);
}

/// A small branch for the edges: leaving on the first day of a quarter and coming back on the
/// last day of another; struck off on the last day of a quarter.
#[test]
fn leaving_on_the_first_day_and_coming_back_on_the_last_day_of_a_quarter() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("so.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let add = |conn: &mut Connection, name: &str| {
        let input = MemberInput { full_name: name.into(), date_of_birth: "01/01/2000".into(), joined_on: "26/03/2016".into(), ..Default::default() };
        members::create(conn, &input, &Joining::Existing).unwrap().id
    };
    let (e1, e2, _e3) = (add(&mut conn, "Nguyễn Văn Một"), add(&mut conn, "Nguyễn Văn Hai"), add(&mut conn, "Nguyễn Văn Ba"));
    status(&mut conn, e2, Status::StruckOff, "31/03/2026", "");
    status(&mut conn, e1, Status::TransferredOut, "01/04/2026", "");
    // Coming back is a transfer in.
    let back = StatusInput { status: Some(Status::TransferredIn), since: "30/09/2026".into(), ..Default::default() };
    members::change_status(&mut conn, e1, &back).unwrap();
    activity(&mut conn, MEETING, "Sinh hoạt đầu quý II", "01/04/2026", &[]);
    activity(&mut conn, MEETING, "Sinh hoạt cuối quý III", "30/09/2026", &[e1]);

    let none = Vec::<(&str, &str)>::new;
    let c = &conn;
    assert_eq!(movements(&period(c, d(2026, 1, 1), d(2026, 3, 31))), (3, none(), none(), none(), none(), vec![("Nguyễn Văn Hai", "31/03/2026")], 2));
    assert_eq!(movements(&period(c, d(2026, 4, 1), d(2026, 6, 30))), (2, none(), none(), vec![("Nguyễn Văn Một", "01/04/2026")], none(), none(), 1));
    assert_eq!(movements(&period(c, d(2026, 7, 1), d(2026, 9, 30))), (1, none(), vec![("Nguyễn Văn Một", "30/09/2026")], none(), none(), none(), 2));
    assert_eq!(movements(&period(c, d(2026, 10, 1), d(2026, 12, 31))), (2, none(), none(), none(), none(), none(), 2));
    assert_eq!(
        movements(&period(c, d(2026, 1, 1), d(2026, 12, 31))),
        (3, none(), vec![("Nguyễn Văn Một", "30/09/2026")], vec![("Nguyễn Văn Một", "01/04/2026")], none(), vec![("Nguyễn Văn Hai", "31/03/2026")], 2)
    );
    // Away from 01/04 to 29/09: no dues for April–August, none owed for the meeting he missed.
    let dues = records::member_dues(c, e1, 2026, d(2027, 1, 5)).unwrap();
    assert_eq!(dues.owed_months, ["2026-01", "2026-02", "2026-03", "2026-09", "2026-10", "2026-11", "2026-12"]);
    let p = activities::participation(c, e1, 2026).unwrap();
    assert_eq!((p.attended, p.held), (1, 1));
}

#[test]
fn the_history_refuses_what_cannot_have_happened() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("so.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let input = MemberInput { full_name: "Lê Văn Tư".into(), date_of_birth: "01/01/2000".into(), joined_on: "26/03/2016".into(), ..Default::default() };
    let id = members::create(&mut conn, &input, &Joining::Existing).unwrap().id;
    let change = |conn: &mut Connection, status, since: &str, paid: &str| {
        let input = StatusInput {
            status: Some(status),
            since: since.into(),
            destination: "Chi đoàn khác".into(),
            dues_paid_until: paid.into(),
            note: String::new(),
        };
        members::change_status(conn, id, &input).map_err(|e| e.to_string())
    };
    assert_eq!(
        change(&mut conn, Status::TransferredIn, "01/05/2026", "").unwrap_err(),
        "“Chuyển đến” ngày 01/05/2026: đoàn viên đang sinh hoạt tại chi đoàn vào ngày đó."
    );
    assert_eq!(change(&mut conn, Status::AgedOut, "01/05/2026", "05/2026").unwrap_err(), "Chỉ ghi tháng đã đóng đoàn phí khi chuyển đi.");
    let tomorrow = chidoan::today().succ_opt().unwrap().format("%d/%m/%Y").to_string();
    assert_eq!(change(&mut conn, Status::StruckOff, &tomorrow, "").unwrap_err(), format!("Ngày {tomorrow} ở sau ngày hôm nay."));
    change(&mut conn, Status::TransferredOut, "01/05/2026", "04/2026").unwrap();
    assert_eq!(
        change(&mut conn, Status::StruckOff, "01/06/2026", "").unwrap_err(),
        "“Xóa tên” ngày 01/06/2026: đoàn viên không sinh hoạt tại chi đoàn vào ngày đó."
    );
    // A departure dated before the one recorded would leave that one in the air.
    assert_eq!(
        change(&mut conn, Status::StruckOff, "01/03/2026", "").unwrap_err(),
        "“Chuyển đi” ngày 01/05/2026: đoàn viên không sinh hoạt tại chi đoàn vào ngày đó."
    );
    let history = members::status_history(&conn, id).unwrap();
    let shown: Vec<(Status, Option<&str>, &str)> = history.iter().map(|h| (h.status, h.since.as_deref(), h.dues_paid_until.as_str())).collect();
    assert_eq!(shown, [(Status::Active, Some("2016-03-26"), ""), (Status::TransferredOut, Some("2026-05-01"), "04/2026")]);
    assert_eq!(members::get(&conn, id).unwrap().status, Status::TransferredOut);

    // New members: an admission needs its date, an arrival cannot precede joining.
    let admitted = MemberInput { joined_on: String::new(), ..input.clone() };
    assert_eq!(
        members::create(&mut conn, &admitted, &Joining::Admitted).unwrap_err().to_string(),
        "Kết nạp mới: hãy nhập ngày vào Đoàn (ngày kết nạp)."
    );
    assert_eq!(
        members::create(&mut conn, &input, &Joining::Arrived { on: "01/01/2015".into() }).unwrap_err().to_string(),
        "Ngày vào Đoàn 26/03/2016 ở sau ngày chuyển đến 01/01/2015."
    );
    let without_date = MemberInput { joined_on: String::new(), full_name: "Lê Văn Năm".into(), ..input };
    let id = members::create(&mut conn, &without_date, &Joining::Existing).unwrap().id;
    assert_eq!(members::status_history(&conn, id).unwrap()[0].since, None, "here from before any period");
}

/// The database file of the previous version (schema 5, tests/fixtures/schema-5.sqlite3, made
/// with its migrations) opens in this build, backed up first and migrated: a member entered
/// without a joining date was here before any period; an arrival recorded after the creation row
/// starts the member's time here; a departure recorded later but dated earlier ends it.
#[test]
fn an_older_book_is_read_with_the_time_in_the_branch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cu.sqlite3");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-5.sqlite3"), &path).unwrap();
    let conn = db::open(&path, StartBackup::BeforeMigration).unwrap();
    assert_eq!(chidoan::db::list_backups(&path).unwrap().len(), 1, "backed up before the migration");
    let since = |id| members::status_history(&conn, id).unwrap().into_iter().map(|h| (h.status, h.since)).collect::<Vec<_>>();
    assert_eq!(since(1), [(Status::Active, None)]);
    assert_eq!(since(2), [(Status::TransferredIn, Some("2026-05-15".into()))]);
    assert_eq!(since(3), [(Status::Active, Some("2026-02-15".into()))]);
    // Entered on 01/09 from a list, struck off on 10/07 (recorded later): gone since 10/07.
    assert_eq!(since(4), [(Status::Active, None), (Status::StruckOff, Some("2026-07-10".into()))]);
    assert_eq!(members::get(&conn, 4).unwrap().status, Status::StruckOff);
    // Entered without a joining date, filled in later: here since joining.
    assert_eq!(since(5), [(Status::Active, Some("2015-03-26".into()))]);
    let r = period(&conn, d(2026, 1, 1), d(2026, 12, 31));
    assert_eq!(
        movements(&r),
        (3, vec![("Lê Thị Cúc", "15/02/2026")], vec![("Trần Văn Khôi", "15/05/2026")], vec![], vec![], vec![("Phạm Văn Dũng", "10/07/2026")], 4)
    );
}

#[test]
fn reminders_name_members_over_30_with_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("so.sqlite3"), StartBackup::BeforeMigration).unwrap();
    for (name, born) in [("Nguyễn Văn Ba", "20/12/1995"), ("Trần Thị Bốn", "29/02/1996"), ("Lê Văn Năm", "01/01/1994"), ("Phạm Thị Sáu", "01/01/1997")] {
        let input = MemberInput { full_name: name.into(), date_of_birth: born.into(), ..Default::default() };
        members::create(&mut conn, &input, &Joining::Existing).unwrap();
    }
    let aging: Vec<(String, String)> =
        records::reminders(&conn, d(2026, 11, 22)).unwrap().aging_out.into_iter().map(|r| (r.full_name, r.detail)).collect();
    let expected = [
        ("Lê Văn Năm", "32 tuổi (sinh 01/01/1994)"),
        // 30 until December, turned 30 last year: not "turning 30 this year".
        ("Nguyễn Văn Ba", "30 tuổi (sinh 20/12/1995)"),
        // 29 February in a year without it.
        ("Trần Thị Bốn", "tròn 30 tuổi ngày 01/03/2026"),
    ];
    assert_eq!(aging, expected.map(|(n, t)| (n.to_string(), t.to_string())));
}

#[test]
fn a_change_recorded_by_mistake_is_removed_and_a_corrected_joining_date_moves_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("so.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let input = MemberInput { full_name: "Lê Văn Tư".into(), date_of_birth: "01/01/2000".into(), joined_on: "26/03/2026".into(), ..Default::default() };
    let id = members::create(&mut conn, &input, &Joining::Admitted).unwrap().id;
    status(&mut conn, id, Status::TransferredOut, "01/05/2026", "");
    let history = members::status_history(&conn, id).unwrap();
    assert_eq!(
        members::remove_status(&mut conn, id, history[0].id).unwrap_err().to_string(),
        "Không xóa được dòng đầu tiên: đó là lúc đoàn viên bắt đầu sinh hoạt tại chi đoàn."
    );
    // The transfer out was a mistake: removing it puts him back, with no admission counted twice.
    assert_eq!(members::remove_status(&mut conn, id, history[1].id).unwrap().status, Status::Active);
    let r = period(&conn, d(2026, 1, 1), d(2026, 12, 31));
    assert_eq!(movements(&r), (0, vec![("Lê Văn Tư", "26/03/2026")], vec![], vec![], vec![], vec![], 1));
    // The admission was on 26/02, not 26/03: the time here moves with the corrected date.
    members::update(&mut conn, id, &MemberInput { joined_on: "26/02/2026".into(), ..input.clone() }).unwrap();
    let r = period(&conn, d(2026, 1, 1), d(2026, 12, 31));
    assert_eq!(r.admissions[0].on, "26/02/2026");
    // A joining date after a departure cannot be.
    status(&mut conn, id, Status::AgedOut, "10/06/2026", "");
    let err = members::update(&mut conn, id, &MemberInput { joined_on: "01/07/2026".into(), ..input }).unwrap_err();
    assert_eq!(err.to_string(), "“Trưởng thành Đoàn” ngày 10/06/2026: đoàn viên không sinh hoạt tại chi đoàn vào ngày đó.");
    assert_eq!(members::get(&conn, id).unwrap().joined_on.as_deref(), Some("2026-02-26"), "nothing written");
}

#[test]
fn months_after_a_transfer_outs_paid_to_month_and_impossible_years_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("so.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let input = MemberInput { full_name: "Lê Văn Tư".into(), date_of_birth: "01/01/2000".into(), ..Default::default() };
    let id = members::create(&mut conn, &input, &Joining::Existing).unwrap().id;
    status(&mut conn, id, Status::TransferredOut, "20/08/2026", "06/2026");
    records::pay_months(&mut conn, id, &[d(2026, 6, 1)]).unwrap();
    assert_eq!(
        records::pay_months(&mut conn, id, &[d(2026, 7, 1)]).unwrap_err().to_string(),
        "Tháng 07/2026: Lê Văn Tư không sinh hoạt tại chi đoàn trong tháng này."
    );
    let row = records::dues_grid(&conn, 2026, d(2026, 11, 22)).unwrap().rows.remove(0);
    assert_eq!(row.here.iter().filter(|h| **h).count(), 6, "January–June are his to pay here");
    assert_eq!(records::member_dues(&conn, id, -300_000, d(2026, 11, 22)).unwrap_err().to_string(), "Năm -300000 không hợp lệ (từ 1900 đến 2100).");
    assert!(records::dues_grid(&conn, 99_999, d(2026, 11, 22)).is_err());
}
