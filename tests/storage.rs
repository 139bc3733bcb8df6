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
    // ('?' cannot be in a Windows file name.)
    let folder = dir.path().join(if cfg!(windows) { "Sổ đoàn #1 100%" } else { "Sổ đoàn #1 100% ?" });
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
    let (_dir, path) = temp_db();
    let mut conn = open_with_unit(&path);
    let dir = path.parent().unwrap().to_path_buf();
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

/// The database at `path` held with an exclusive lock (as another program holding it would),
/// for as long as the returned connection lives.
fn hold_exclusive(path: &Path) -> Connection {
    let holder = Connection::open(path).unwrap();
    holder.pragma_update(None, "locking_mode", "EXCLUSIVE").unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE; CREATE TABLE held (x); ").unwrap();
    holder
}

#[test]
fn a_database_another_program_holds_is_busy_not_corrupt_and_never_put_aside() {
    let (_dir, path) = temp_db();
    drop(open_with_unit(&path));
    let before = fs::read(&path).unwrap();
    let holder = hold_exclusive(&path);
    // Another process, as a second program would be.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(&path).args(["unit", "show"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(stderr.starts_with("lỗi: Cơ sở dữ liệu đang được chương trình khác sử dụng"), "{stderr}");
    // Nor does a restore move it aside: it is not refused, only busy.
    let backup = path.with_file_name("old.sqlite3");
    drop(db::open(&_dir.path().join("other.sqlite3"), StartBackup::Always).unwrap());
    fs::copy(_dir.path().join("other.sqlite3"), &backup).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(&path).arg("restore").arg(&backup).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("đang được chương trình khác sử dụng"), "{stderr}");
    drop(holder);
    assert_eq!(fs::read(&path).unwrap(), before, "the live file is exactly as it was");
    let aside = fs::read_dir(db::backup_dir(&path)).into_iter().flatten().flatten().filter(|e| e.file_name().to_string_lossy().contains("refused")).count();
    assert_eq!(aside, 0, "nothing was put aside");
}

#[test]
fn errors_are_classified_honestly() {
    let path = Path::new("/x/chidoan.sqlite3");
    let sqlite = |code: i32| rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_BUSY)), DbError::Busy));
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_LOCKED)), DbError::Busy));
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_FULL)), DbError::Full { .. }));
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_IOERR)), DbError::Unreadable { .. }));
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_CANTOPEN)), DbError::Unreadable { .. }));
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_CORRUPT)), DbError::NotADatabase { .. }));
    assert!(matches!(db::classify(path, sqlite(rusqlite::ffi::SQLITE_NOTADB)), DbError::NotADatabase { .. }));
    for e in [DbError::Busy, DbError::Full { path: path.into() }, DbError::Unreadable { path: path.into(), detail: String::new() }] {
        assert!(!e.is_refusal(), "{e} must never put the file aside");
    }
    assert_eq!(
        db::classify(path, sqlite(rusqlite::ffi::SQLITE_FULL)).to_string(),
        "Ổ đĩa đầy: không ghi được “/x/chidoan.sqlite3”. Hãy giải phóng dung lượng rồi thử lại; dữ liệu đã lưu không bị ảnh hưởng."
    );
}

#[test]
fn a_blank_sqlite_file_is_not_a_backup_and_a_failed_replacement_leaves_the_live_file() {
    let (dir, path) = temp_db();
    let blank = dir.path().join("blank.sqlite3");
    Connection::open(&blank).unwrap().execute_batch("PRAGMA user_version = 0; VACUUM;").unwrap();
    assert!(fs::metadata(&blank).unwrap().len() > 0, "a real SQLite file with a header");
    let mut conn = open_with_unit(&path);
    let err = db::restore(&mut conn, &path, &blank).unwrap_err();
    assert!(matches!(err, DbError::EmptySource { .. }), "{err}");
    assert_eq!(unit::get(&conn).unwrap().unwrap().name, "Chi đoàn Thôn Đồng Quỹ");
    drop(conn);

    // A refused (corrupt) live file stays where it is, byte for byte, when the replacement fails.
    let mut bytes = fs::read(&path).unwrap();
    bytes[100..4096].fill(0x5a);
    for suffix in ["-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", path.display()));
    }
    fs::write(&path, &bytes).unwrap();
    assert!(db::open(&path, StartBackup::BeforeMigration).unwrap_err().is_refusal());
    assert!(matches!(db::replace_refused(&path, &blank), Err(DbError::EmptySource { .. })));
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(!Path::new(&format!("{}.restoring", path.display())).exists(), "no staged copy left behind");

    // A good backup, but the swap fails after the copy was staged (the backups folder cannot be
    // made: a file stands in its place): the live file is back where it was, byte for byte.
    let good = dir.path().join("good.sqlite3");
    let other = dir.path().join("other").join("chidoan.sqlite3");
    db::backup_to(&open_with_unit(&other), &good).unwrap();
    let backups = db::backup_dir(&path);
    let _ = fs::remove_dir_all(&backups);
    fs::write(&backups, b"not a folder").unwrap();
    assert!(db::replace_refused(&path, &good).is_err());
    assert_eq!(fs::read(&path).unwrap(), bytes);
    assert!(!Path::new(&format!("{}.restoring", path.display())).exists(), "no staged copy left behind");
    fs::remove_file(&backups).unwrap();
    let aside = db::replace_refused(&path, &good).unwrap();
    assert_eq!(fs::read(&aside).unwrap(), bytes, "the refused file is kept aside intact");
    assert_eq!(unit::get(&db::open(&path, StartBackup::BeforeMigration).unwrap()).unwrap().unwrap().name, "Chi đoàn Thôn Đồng Quỹ");
}

#[cfg(unix)]
#[test]
fn the_database_and_its_backups_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, chosen) = temp_db();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A folder the user chose (as with --db /tmp/x.sqlite3) keeps its permissions.
    fs::set_permissions(chosen.parent().unwrap(), fs::Permissions::from_mode(0o755)).unwrap();
    drop(open_with_unit(&chosen));
    assert_eq!(mode(chosen.parent().unwrap()), 0o755);
    assert_eq!(mode(&chosen), 0o600);
    // A file of an older version, readable by all, becomes the owner's on the next start.
    fs::set_permissions(&chosen, fs::Permissions::from_mode(0o644)).unwrap();
    drop(db::open(&chosen, StartBackup::BeforeMigration).unwrap());
    assert_eq!(mode(&chosen), 0o600);
    // The data folder the app creates is the owner's only.
    let path = dir.path().join("vn.sochidoan.desktop").join("chidoan.sqlite3");
    let conn = open_with_unit(&path);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(Path::new(&format!("{}-wal", path.display()))), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    let backup = db::backup_into_dir(&conn, &path).unwrap();
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(mode(&db::backup_dir(&path)), 0o700);
    let saved = path.with_file_name("ra-ngoai.sqlite3");
    db::backup_to(&conn, &saved).unwrap();
    assert_eq!(mode(&saved), 0o600);
}

/// A database where an earlier version kept it (roaming AppData on Windows) is moved to the
/// new data folder on the first start: copied through SQLite, checked, the old file kept aside.
#[test]
fn a_database_in_the_old_place_is_moved_and_the_old_file_kept() {
    let old_dir = tempfile::tempdir().unwrap();
    let new_dir = tempfile::tempdir().unwrap();
    let old = old_dir.path().join("vn.sochidoan.desktop").join("chidoan.sqlite3");
    let new = new_dir.path().join("SoChiDoan").join("chidoan.sqlite3");
    fs::create_dir_all(old.parent().unwrap()).unwrap();
    drop(open_with_unit(&old));
    // The second start backs the book up beside it.
    let mut conn = db::open(&old, StartBackup::Always).unwrap();
    let old_backup = db::list_backups(&old).unwrap().remove(0);
    unit::save(&mut conn, &unit_named("Chi đoàn Thôn Đông")).unwrap();
    // Not closed cleanly: the last write is still in the -wal, which the move must carry. (Unix
    // lets an open file be renamed; on Windows an open book is a running old app, which holds
    // the lock the move waits for.)
    assert!(old.with_file_name("chidoan.sqlite3-wal").exists());
    let still_open = (!cfg!(windows)).then_some(conn);
    assert!(db::move_from(&old, &new).unwrap());
    drop(still_open);
    let copied: Vec<String> = db::list_backups(&new).unwrap().into_iter().map(|b| b.file_name).collect();
    assert_eq!(copied, [old_backup.file_name], "the old backups came along");
    let moved = db::open(&new, StartBackup::BeforeMigration).unwrap();
    assert_eq!(unit::get(&moved).unwrap().unwrap().name, "Chi đoàn Thôn Đông");
    assert!(!old.exists());
    let aside = old.with_file_name(format!("chidoan.sqlite3{}", db::MOVED_SUFFIX));
    assert_eq!(unit::get(&db::open(&aside, StartBackup::BeforeMigration).unwrap()).unwrap().unwrap().name, "Chi đoàn Thôn Đông");
    // Done once: the new place is never overwritten. A move stopped before setting the old file
    // aside is finished, under a name not yet taken.
    fs::copy(&aside, &old).unwrap();
    assert!(!db::move_from(&old, &new).unwrap());
    assert_eq!(unit::get(&moved).unwrap().unwrap().name, "Chi đoàn Thôn Đông");
    assert!(!old.exists() && aside.exists());
    let asides = fs::read_dir(old.parent().unwrap()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with("chidoan.sqlite3.moved")).count();
    assert_eq!(asides, 2);
    // A file that is not ours is not moved.
    let stranger = old_dir.path().join("la.sqlite3");
    Connection::open(&stranger).unwrap().execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;").unwrap();
    assert!(db::move_from(&stranger, &new_dir.path().join("khac").join("chidoan.sqlite3")).is_err());
    assert!(stranger.exists());
}
