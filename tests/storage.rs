//! The database file on real temporary SQLite files: creation and migration, start-up backups,
//! refusal of files this version must not touch, backup and restore.

use std::fs;
use std::path::{Path, PathBuf};

use chidoan::db::{self, DbError, StartBackup, APPLICATION_ID, BACKUPS_KEPT, SCHEMA_VERSION};
use chidoan::unit::{self, Unit};
use rusqlite::Connection;

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    // A folder name with what users write and URIs reserve: diacritics, spaces, '#', '%', '?'.
    let folder = dir.path().join("Sổ đoàn #1 100% ?");
    fs::create_dir(&folder).unwrap();
    (dir, folder.join("chidoan.sqlite3"))
}

fn unit_named(name: &str) -> Unit {
    Unit {
        name: name.into(),
        superior: "Đoàn xã Thanh Hải".into(),
        place: "Hà Nam".into(),
        abbrev: "CĐ".into(),
        term: "2025-2027".into(),
    }
}

/// Opens (creating) the database at `path` and stores the unit "Chi đoàn Thôn Đồng Quỹ".
fn open_with_unit(path: &Path) -> Connection {
    let mut conn = db::open(path, StartBackup::Always).unwrap();
    unit::save(&mut conn, &unit_named("Chi đoàn Thôn Đồng Quỹ")).unwrap();
    conn
}

fn pragma_i64(conn: &Connection, name: &str) -> i64 {
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).unwrap()
}

fn backup_count(db_path: &Path) -> usize {
    db::list_backups(db_path).unwrap().len()
}

#[test]
fn a_new_database_is_created_migrated_and_configured() {
    let (_dir, path) = temp_db();
    let conn = db::open(&path, StartBackup::Always).unwrap();

    assert_eq!(pragma_i64(&conn, "user_version"), SCHEMA_VERSION as i64);
    assert_eq!(pragma_i64(&conn, "application_id"), APPLICATION_ID as i64);
    assert_eq!(pragma_i64(&conn, "foreign_keys"), 1);
    assert_eq!(pragma_i64(&conn, "synchronous"), 2, "synchronous must be FULL");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(unit::get(&conn).unwrap(), None);
    // Nothing to back up on the very first start.
    assert_eq!(backup_count(&path), 0);
}

#[test]
fn the_unit_survives_reopening() {
    let (_dir, path) = temp_db();
    let mut conn = db::open(&path, StartBackup::Always).unwrap();
    let saved = unit::save(&mut conn, &unit_named("Chi đoàn Thôn Đồng Quỹ")).unwrap();
    assert_eq!(saved.term, "2025 - 2027");
    drop(conn);

    let conn = db::open(&path, StartBackup::Always).unwrap();
    assert_eq!(unit::get(&conn).unwrap(), Some(saved));
}

#[test]
fn every_start_backs_up_first_and_keeps_the_newest_thirty() {
    let (_dir, path) = temp_db();
    let conn = open_with_unit(&path);
    drop(conn);

    let first = db::open(&path, StartBackup::Always).unwrap();
    drop(first);
    let backups = db::list_backups(&path).unwrap();
    assert_eq!(backups.len(), 1);
    // The backup is a complete database on its own, holding the unit as it was at start.
    let copy = Connection::open(&backups[0].path).unwrap();
    let name: String = copy.query_row("SELECT name FROM unit", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Chi đoàn Thôn Đồng Quỹ");
    assert!(backups[0].file_name.starts_with("chidoan-") && backups[0].file_name.ends_with(".sqlite3"));

    for _ in 0..BACKUPS_KEPT + 1 {
        drop(db::open(&path, StartBackup::Always).unwrap());
    }
    let backups = db::list_backups(&path).unwrap();
    assert_eq!(backups.len(), BACKUPS_KEPT);
    let mut names: Vec<_> = backups.iter().map(|b| b.file_name.clone()).collect();
    let newest_first = names.clone();
    names.sort_by(|a, b| b.cmp(a));
    assert_eq!(names, newest_first);
    // Nothing else (such as half-written copies) is left in the folder.
    assert_eq!(fs::read_dir(db::backup_dir(&path)).unwrap().count(), BACKUPS_KEPT);
}

#[test]
fn the_cli_mode_backs_up_only_before_a_migration() {
    let (_dir, path) = temp_db();
    drop(db::open(&path, StartBackup::BeforeMigration).unwrap());
    drop(db::open(&path, StartBackup::BeforeMigration).unwrap());
    assert_eq!(backup_count(&path), 0);

    // An older schema (here: version 0 of a file of ours) is copied aside before it is migrated.
    let (_dir2, old) = temp_db();
    let conn = Connection::open(&old).unwrap();
    conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
    conn.execute_batch("CREATE TABLE legacy (x INTEGER);").unwrap();
    drop(conn);
    drop(db::open(&old, StartBackup::BeforeMigration).unwrap());
    assert_eq!(backup_count(&old), 1);
}

/// Asserts that opening `path` fails as `expected` says, leaving the file byte-for-byte as it
/// was and writing no backup and no journal beside it.
fn assert_refused(path: &Path, expected: impl Fn(&DbError) -> bool) {
    let before = fs::read(path).unwrap();
    let error = db::open(path, StartBackup::Always).unwrap_err();
    assert!(expected(&error), "unexpected error: {error:?}");
    assert_eq!(fs::read(path).unwrap(), before, "the refused file was modified");
    assert!(!db::backup_dir(path).exists());
    let siblings: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(siblings, vec![path.file_name().unwrap().to_owned()]);
    // The message tells the user, in Vietnamese, that the file was left alone.
    assert!(error.to_string().contains("Tệp được giữ nguyên"), "{error}");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_unchanged() {
    let (_dir, path) = temp_db();
    let conn = open_with_unit(&path);
    // Left in WAL mode, as a newer app closing cleanly would leave it.
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    fs::remove_dir_all(db::backup_dir(&path)).ok();

    assert_refused(&path, |e| matches!(e, DbError::NewerVersion { found: 99, supported: SCHEMA_VERSION, .. }));
    let message = db::open(&path, StartBackup::Always).unwrap_err().to_string();
    assert!(message.contains("phiên bản mới hơn"), "{message}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_unchanged() {
    let (_dir, path) = temp_db();
    fs::write(&path, "Danh sách đoàn viên — không phải cơ sở dữ liệu\n".repeat(200)).unwrap();
    assert_refused(&path, |e| matches!(e, DbError::NotADatabase { .. }));
}

#[test]
fn a_corrupt_database_is_refused_and_unchanged() {
    let (_dir, path) = temp_db();
    let conn = open_with_unit(&path);
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    // Overwrite the second page (the unit table) with garbage, as a bad disk sector would.
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() >= 8192);
    bytes[4096..8192].fill(0xA5);
    fs::write(&path, &bytes).unwrap();
    assert_refused(&path, |e| matches!(e, DbError::NotADatabase { .. }));
}

#[test]
fn another_programs_database_is_refused_and_unchanged() {
    let (_dir, path) = temp_db();
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);")
        .unwrap();
    drop(conn);
    assert_refused(&path, |e| matches!(e, DbError::ForeignDatabase { .. }));
}

#[test]
fn backup_then_restore_brings_the_data_back_and_keeps_what_it_replaced() {
    let (dir, path) = temp_db();
    let mut conn = open_with_unit(&path);
    let dir = dir.path().join("Sổ đoàn #1 100% ?");
    let copy = dir.join("ban-sao.sqlite3");
    db::backup_to(&conn, &copy).unwrap();
    // The copy stands alone: no WAL files beside it.
    assert!(!dir.join("ban-sao.sqlite3-wal").exists());

    // A second backup to the same file is refused and the first is kept.
    let before = fs::read(&copy).unwrap();
    assert!(matches!(db::backup_to(&conn, &copy), Err(DbError::TargetExists { .. })));
    assert_eq!(fs::read(&copy).unwrap(), before);

    unit::save(&mut conn, &unit_named("Chi đoàn Giáo viên")).unwrap();
    let safety = db::restore(&mut conn, &path, &copy).unwrap();
    assert_eq!(unit::get(&conn).unwrap().unwrap().name, "Chi đoàn Thôn Đồng Quỹ");
    // The data that the restore replaced is in the safety backup.
    let replaced = Connection::open(&safety).unwrap();
    let name: String = replaced.query_row("SELECT name FROM unit", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "Chi đoàn Giáo viên");
    assert_eq!(safety.parent().unwrap(), db::backup_dir(&path));

    // The restored database is in working order and still there after reopening.
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let conn = db::open(&path, StartBackup::Always).unwrap();
    assert_eq!(unit::get(&conn).unwrap().unwrap().name, "Chi đoàn Thôn Đồng Quỹ");
}

#[test]
fn restoring_a_bad_file_is_refused_and_the_data_stays() {
    let (dir, path) = temp_db();
    let mut conn = open_with_unit(&path);

    let garbage = dir.path().join("hong.sqlite3");
    fs::write(&garbage, b"not a database at all, just text".repeat(100)).unwrap();
    assert!(matches!(db::restore(&mut conn, &path, &garbage), Err(DbError::NotADatabase { .. })));

    let missing = dir.path().join("khong-co.sqlite3");
    assert!(matches!(db::restore(&mut conn, &path, &missing), Err(DbError::EmptySource { .. })));

    let newer = dir.path().join("moi-hon.sqlite3");
    let other = Connection::open(&newer).unwrap();
    other.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
    other.pragma_update(None, "user_version", 99).unwrap();
    other.execute_batch("CREATE TABLE unit (x);").unwrap();
    drop(other);
    assert!(matches!(db::restore(&mut conn, &path, &newer), Err(DbError::NewerVersion { .. })));

    assert_eq!(unit::get(&conn).unwrap().unwrap().name, "Chi đoàn Thôn Đồng Quỹ");
    assert_eq!(backup_count(&path), 0, "a refused restore takes no safety backup");
}

#[test]
fn a_refused_database_is_replaced_by_a_backup_and_kept_aside_intact() {
    let (dir, path) = temp_db();
    let conn = open_with_unit(&path);
    let copy = dir.path().join("ban-sao.sqlite3");
    db::backup_to(&conn, &copy).unwrap();

    // A healthy database is restored through the app, not replaced.
    assert!(matches!(db::replace_refused(&path, &copy), Err(DbError::NotRefused { .. })));
    drop(conn);

    let corrupt = "hỏng ".repeat(2000).into_bytes();
    fs::write(&path, &corrupt).unwrap();
    assert!(db::open(&path, StartBackup::Always).unwrap_err().is_refusal());

    // A bad backup changes nothing.
    let garbage = dir.path().join("rac.sqlite3");
    fs::write(&garbage, b"garbage".repeat(600)).unwrap();
    assert!(matches!(db::replace_refused(&path, &garbage), Err(DbError::NotADatabase { .. })));
    assert_eq!(fs::read(&path).unwrap(), corrupt);

    let aside = db::replace_refused(&path, &copy).unwrap();
    assert_eq!(fs::read(&aside).unwrap(), corrupt, "the refused file is kept byte for byte");
    assert_eq!(aside.parent().unwrap(), db::backup_dir(&path));
    assert!(aside.file_name().unwrap().to_str().unwrap().starts_with("chidoan.refused-"));
    // It is not one of the rotating start-up backups, so it is never pruned.
    assert!(db::list_backups(&path).unwrap().iter().all(|b| Path::new(&b.path) != aside));

    let conn = db::open(&path, StartBackup::Always).unwrap();
    assert_eq!(unit::get(&conn).unwrap().unwrap().name, "Chi đoàn Thôn Đồng Quỹ");
}
