//! The `chidoan` command line, run as a user runs it, on real database files.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn chidoan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chidoan"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CHIDOAN_DB")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

const DONG_QUY: [&str; 8] = [
    "unit",
    "set",
    "--name",
    "Chi đoàn Thôn Đồng Quỹ",
    "--superior",
    "Đoàn xã Thanh Hải",
    "--place",
    "Hà Nam",
];

const DONG_QUY_SHOWN: &str = "Tên đơn vị: Chi đoàn Thôn Đồng Quỹ\nCấp trên trực tiếp: Đoàn xã Thanh Hải\nĐịa danh: Hà Nam\nViết tắt: \nNhiệm kỳ: \n";

#[test]
fn unit_set_then_show_prints_the_unit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");

    assert_eq!(
        stdout(&chidoan(&db, &["unit", "show"])),
        "Chưa thiết lập đơn vị (unit not set). Dùng: chidoan unit set --name … --superior … --place …\n"
    );
    assert_eq!(stdout(&chidoan(&db, &DONG_QUY)), format!("Đã lưu (saved).\n{DONG_QUY_SHOWN}"));
    assert_eq!(stdout(&chidoan(&db, &["unit", "show"])), DONG_QUY_SHOWN);

    // Abbreviation and term are optional; the term is written the one standard way.
    let mut full = DONG_QUY.to_vec();
    full.extend(["--abbrev", "CĐ", "--term", "2025–2027"]);
    stdout(&chidoan(&db, &full));
    assert_eq!(
        stdout(&chidoan(&db, &["unit", "show"])),
        "Tên đơn vị: Chi đoàn Thôn Đồng Quỹ\nCấp trên trực tiếp: Đoàn xã Thanh Hải\nĐịa danh: Hà Nam\nViết tắt: CĐ\nNhiệm kỳ: 2025 - 2027\n"
    );
}

#[test]
fn the_environment_variable_chooses_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chidoan")).args(args).env("CHIDOAN_DB", &db).output().unwrap()
    };
    stdout(&run(&DONG_QUY));
    assert_eq!(stdout(&run(&["unit", "show"])), DONG_QUY_SHOWN);
    assert_eq!(stdout(&chidoan(&db, &["unit", "show"])), DONG_QUY_SHOWN);
}

#[test]
fn invalid_input_fails_with_both_languages_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    stdout(&chidoan(&db, &DONG_QUY));

    let output = chidoan(
        &db,
        &["unit", "set", "--name", "  ", "--superior", "Đoàn xã Thanh Hải", "--place", "Hà Nam", "--term", "2027-2025"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "lỗi: Tên đơn vị không được để trống. Nhiệm kỳ: năm kết thúc phải sau năm bắt đầu, không quá 5 năm, trong khoảng 1931–2100.\n\
         error: unit name must not be empty; term: the end year must follow the start year by 1 to 5 years, within 1931-2100\n"
    );
    assert_eq!(stdout(&chidoan(&db, &["unit", "show"])), DONG_QUY_SHOWN);
}

#[test]
fn a_newer_or_corrupt_database_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.sqlite3");
    stdout(&chidoan(&newer, &DONG_QUY));
    let conn = rusqlite::Connection::open(&newer).unwrap();
    let newer_version = chidoan::db::SCHEMA_VERSION as i64 + 1;
    conn.pragma_update(None, "user_version", newer_version).unwrap();
    drop(conn);
    let before = fs::read(&newer).unwrap();
    let output = chidoan(&newer, &DONG_QUY);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.starts_with("lỗi: Tệp “"), "{stderr}");
    assert!(stderr.contains(&format!("do phiên bản mới hơn của Sổ Chi đoàn tạo ra (lược đồ {newer_version}")), "{stderr}");
    assert!(stderr.contains("error: ") && stderr.contains("was written by a newer version"), "{stderr}");
    assert_eq!(fs::read(&newer).unwrap(), before);

    let corrupt = dir.path().join("corrupt.sqlite3");
    fs::write(&corrupt, "SQLite format 3\0 but nothing else that makes sense".repeat(100)).unwrap();
    let before = fs::read(&corrupt).unwrap();
    let output = chidoan(&corrupt, &["unit", "show"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("không phải là cơ sở dữ liệu hợp lệ hoặc đã bị hỏng"), "{stderr}");
    assert!(stderr.contains("is not a valid database or is corrupt"), "{stderr}");
    assert_eq!(fs::read(&corrupt).unwrap(), before);
}

#[test]
fn backup_and_restore_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let copy = dir.path().join("sao-luu.sqlite3");
    stdout(&chidoan(&db, &DONG_QUY));
    assert_eq!(
        stdout(&chidoan(&db, &["backup", copy.to_str().unwrap()])),
        format!("Đã sao lưu vào (backed up to) {}\n", copy.display())
    );

    // Refuses to overwrite an existing file.
    let output = chidoan(&db, &["backup", copy.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8(output.stderr).unwrap().contains("đã có; hãy chọn tên khác"));

    let mut other = DONG_QUY.to_vec();
    other[3] = "Chi đoàn Giáo viên";
    stdout(&chidoan(&db, &other));
    let restored = stdout(&chidoan(&db, &["restore", copy.to_str().unwrap()]));
    assert!(restored.starts_with(&format!("Đã khôi phục từ (restored from) {}\n", copy.display())), "{restored}");
    assert_eq!(stdout(&chidoan(&db, &["unit", "show"])), DONG_QUY_SHOWN);

    // The replaced data was kept in backups/.
    let backups: Vec<_> = fs::read_dir(dir.path().join("backups")).unwrap().collect();
    assert_eq!(backups.len(), 1);
}

#[test]
fn restore_replaces_a_corrupt_database_and_keeps_it_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let copy = dir.path().join("sao-luu.sqlite3");
    stdout(&chidoan(&db, &DONG_QUY));
    stdout(&chidoan(&db, &["backup", copy.to_str().unwrap()]));
    fs::write(&db, "SQLite format 3\0 then a broken disk".repeat(200)).unwrap();
    assert_eq!(chidoan(&db, &["unit", "show"]).status.code(), Some(1));

    let restored = stdout(&chidoan(&db, &["restore", copy.to_str().unwrap()]));
    let kept = restored.lines().nth(1).unwrap();
    let kept = kept.strip_prefix("Dữ liệu trước đó được giữ ở (previous data kept as): ").unwrap();
    assert_eq!(fs::read(kept).unwrap(), "SQLite format 3\0 then a broken disk".repeat(200).into_bytes());
    assert_eq!(stdout(&chidoan(&db, &["unit", "show"])), DONG_QUY_SHOWN);
}
