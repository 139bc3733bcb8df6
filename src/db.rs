//! The one SQLite file the user owns: where it lives, how it is opened, migrated, backed up and
//! restored. A file this version cannot safely use (not a database, corrupt, another program's,
//! or written by a newer version) is refused before anything writes to it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::OpenFlags;
pub use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};
use serde::Serialize;
use ts_rs::TS;

/// Written into the SQLite header (`PRAGMA application_id`) to tell our files from others ("SCĐ1").
pub const APPLICATION_ID: i32 = 0x5343_4431;
/// How many start-up backups are kept beside the database.
pub const BACKUPS_KEPT: usize = 30;
const DB_FILE_NAME: &str = "chidoan.sqlite3";
const BACKUP_DIR: &str = "backups";
const BACKUP_EXT: &str = "sqlite3";

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| {
        Migrations::new(vec![
            M::up(include_str!("migrations/001_unit.sql")),
            M::up(include_str!("migrations/002_members.sql")),
            M::up(include_str!("migrations/003_congress.sql")),
            M::up(include_str!("migrations/004_activities.sql")),
            M::up(include_str!("migrations/005_congress_rules.sql")),
            M::up(include_str!("migrations/006_membership.sql")),
            M::up(include_str!("migrations/007_scan.sql")),
        ])
    });

/// Schema version this build writes (SQLite `user_version`): the number of migrations.
pub const SCHEMA_VERSION: usize = 7;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    // The first three are refusals: the file is left exactly as it was.
    #[error("Không xác định được thư mục dữ liệu của người dùng; hãy chỉ rõ tệp dữ liệu bằng --db hoặc biến CHIDOAN_DB.")]
    NoDataDir,
    #[error("Tệp “{}” không phải là cơ sở dữ liệu hợp lệ hoặc đã bị hỏng ({detail}). Tệp được giữ nguyên, không bị ghi đè; hãy khôi phục từ một bản sao lưu.", path.display())]
    NotADatabase { path: PathBuf, detail: String },
    #[error("Tệp “{}” là cơ sở dữ liệu của một chương trình khác, không phải của Sổ Chi đoàn. Tệp được giữ nguyên.", path.display())]
    ForeignDatabase { path: PathBuf },
    #[error("Tệp “{}” do phiên bản mới hơn của Sổ Chi đoàn tạo ra (lược đồ {found}, phiên bản này chỉ đọc được đến {supported}). Tệp được giữ nguyên; hãy cài phiên bản mới của ứng dụng.", path.display())]
    NewerVersion { path: PathBuf, found: usize, supported: usize },
    #[error("Tệp sao lưu “{}” không có hoặc trống.", path.display())]
    EmptySource { path: PathBuf },
    #[error("Tệp “{}” đã có; hãy chọn tên khác để không ghi đè.", path.display())]
    TargetExists { path: PathBuf },
    #[error("Tệp “{}” vẫn mở được bình thường; hãy khôi phục từ trong ứng dụng.", path.display())]
    NotRefused { path: PathBuf },
    #[error("Cơ sở dữ liệu đang được chương trình khác sử dụng; hãy đóng chương trình đó rồi thử lại. Tệp được giữ nguyên.")]
    Busy,
    #[error("Ổ đĩa đầy: không ghi được “{}”. Hãy giải phóng dung lượng rồi thử lại; dữ liệu đã lưu không bị ảnh hưởng.", path.display())]
    Full { path: PathBuf },
    #[error("Không đọc được tệp “{}” ({detail}): có thể do quyền truy cập hoặc lỗi ổ đĩa. Tệp được giữ nguyên.", path.display())]
    Unreadable { path: PathBuf, detail: String },
    #[error("Lỗi đọc/ghi tệp “{}”: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("Không nâng cấp được cấu trúc dữ liệu: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl DbError {
    /// Whether the database file itself was refused (and left untouched) when opened.
    pub fn is_refusal(&self) -> bool {
        matches!(self, DbError::NotADatabase { .. } | DbError::ForeignDatabase { .. } | DbError::NewerVersion { .. })
    }

    pub fn english(&self) -> String {
        match self {
            DbError::NoDataDir => "cannot find the user's data directory; pass --db or set CHIDOAN_DB".into(),
            DbError::NotADatabase { path, detail } => format!(
                "{} is not a valid database or is corrupt ({detail}); it was left unchanged",
                path.display()
            ),
            DbError::ForeignDatabase { path } => {
                format!("{} is another program's database, not Sổ Chi đoàn's; it was left unchanged", path.display())
            }
            DbError::NewerVersion { path, found, supported } => format!(
                "{} was written by a newer version (schema {found}, this version reads up to {supported}); it was left unchanged",
                path.display()
            ),
            DbError::EmptySource { path } => format!("backup file {} is missing or empty", path.display()),
            DbError::TargetExists { path } => format!("{} already exists; choose another name", path.display()),
            DbError::NotRefused { path } => format!("{} opens normally; restore it from within the app", path.display()),
            DbError::Busy => "the database is in use by another program; close it and try again".into(),
            DbError::Full { path } => format!("the disk is full: cannot write {}", path.display()),
            DbError::Unreadable { path, detail } => format!("cannot read {} ({detail}); it was left unchanged", path.display()),
            DbError::Io { path, source } => format!("cannot read or write {}: {source}", path.display()),
            DbError::Sqlite(e) => format!("database error: {e}"),
            DbError::Migration(e) => format!("cannot migrate the schema: {e}"),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> DbError + '_ {
    move |source| {
        // ENOSPC (Unix 28) and ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL (Windows 112, 39).
        if source.kind() == std::io::ErrorKind::StorageFull || matches!(source.raw_os_error(), Some(28) if cfg!(unix)) {
            return DbError::Full { path: path.to_path_buf() };
        }
        DbError::Io { path: path.to_path_buf(), source }
    }
}

/// What an SQLite error on the file at `path` means for the user: busy (another program holds
/// it), full, unreadable, or corrupt. Only corrupt is a reason to put the file aside.
pub fn classify(path: &Path, e: rusqlite::Error) -> DbError {
    use rusqlite::ErrorCode::*;
    let detail = e.to_string();
    match e.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => DbError::Busy,
        Some(DiskFull) => DbError::Full { path: path.to_path_buf() },
        Some(DatabaseCorrupt | NotADatabase) => DbError::NotADatabase { path: path.to_path_buf(), detail },
        Some(SystemIoFailure | CannotOpen | PermissionDenied | ReadOnly | FileLockingProtocolFailed | NoLargeFileSupport) => {
            DbError::Unreadable { path: path.to_path_buf(), detail }
        }
        _ => DbError::Sqlite(e),
    }
}

/// The default database, `chidoan.sqlite3` in [`data_folder`]. A database an earlier version
/// kept elsewhere is moved there first; when it cannot be (that version still running, a file
/// refused as corrupt or newer), the old file is the one opened, so that the usual flows apply
/// to it: the running window brought forward, the refusal with its restore.
pub fn default_path() -> Result<PathBuf, DbError> {
    let path = data_folder()?.join(DB_FILE_NAME);
    let Some(old) = legacy_path() else { return Ok(path) };
    match move_from(&old, &path) {
        Ok(_) => Ok(path),
        Err(e) if !path.exists() => {
            eprintln!("the database stays where an earlier version kept it: {e}");
            Ok(old)
        }
        Err(e) => {
            eprintln!("the database was moved, but setting the old file aside failed: {e}");
            Ok(path)
        }
    }
}

/// The folder of the database and its backups. On Windows `%LOCALAPPDATA%\SoChiDoan`: not
/// roaming AppData (folder redirection can put that on a network share, where SQLite's WAL is
/// not safe), and not a folder named after the bundle identifier, which the uninstaller's
/// "delete application data" box removes. Elsewhere the user's data folder (XDG, macOS).
pub fn data_folder() -> Result<PathBuf, DbError> {
    #[cfg(windows)]
    let dir = dirs::data_local_dir().map(|d| d.join("SoChiDoan"));
    #[cfg(not(windows))]
    let dir = dirs::data_dir().map(|d| d.join(crate::APP_IDENTIFIER));
    dir.ok_or(DbError::NoDataDir)
}

/// Where earlier versions kept the database: roaming AppData on Windows.
fn legacy_path() -> Option<PathBuf> {
    if cfg!(windows) {
        dirs::data_dir().map(|d| d.join(crate::APP_IDENTIFIER).join(DB_FILE_NAME))
    } else {
        None
    }
}

/// Suffix of a database left where an earlier version kept it, once copied to its new place.
pub const MOVED_SUFFIX: &str = ".moved";

/// Moves the database an earlier version kept at `old` to `new`. Holds the old version's
/// instance lock meanwhile (that version running, or another start doing this very move, makes
/// it wait, then give up with [`DbError::Busy`]). The old backups are copied first, then the
/// database through SQLite's backup (a `-wal` folded in), checked, and only then does `new`
/// appear; last, the old file is renamed aside with [`MOVED_SUFFIX`] — kept, never deleted. A
/// move that stopped before that last step is finished on the next start. Returns whether it
/// copied the database.
pub fn move_from(old: &Path, new: &Path) -> Result<bool, DbError> {
    if !old.exists() {
        return Ok(false);
    }
    let _lock = lock_old(old)?;
    if new.exists() {
        set_aside(old)?;
        return Ok(false);
    }
    if let Some(dir) = new.parent() {
        private_dir(dir)?;
    }
    // The old backups come along, so that an uninstaller clearing the old folder takes none.
    if let Ok(old_backups) = fs::read_dir(backup_dir(old)) {
        let new_backups = backup_dir(new);
        private_dir(&new_backups)?;
        for entry in old_backups.flatten() {
            let target = new_backups.join(entry.file_name());
            if entry.path().is_file() && !target.exists() {
                fs::copy(entry.path(), &target).map_err(io_error(&target))?;
            }
        }
    }
    {
        let conn = open_untouched(old).map_err(|e| classify(old, e))?;
        let mut staged = new.as_os_str().to_owned();
        staged.push(".moving");
        let staged = PathBuf::from(staged);
        let _ = fs::remove_file(&staged);
        backup_to(&conn, &staged)?;
        if let Err(e) = check_backup(&staged) {
            let _ = fs::remove_file(&staged);
            return Err(e);
        }
        fs::rename(&staged, new).map_err(io_error(new))?;
    }
    set_aside(old)?;
    Ok(true)
}

/// Takes the instance lock of the database at `old`, waiting up to 20 seconds.
fn lock_old(old: &Path) -> Result<fs::File, DbError> {
    let mut name = old.as_os_str().to_owned();
    name.push(".lock");
    let lock = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&name).map_err(io_error(old))?;
    for _ in 0..200 {
        match lock.try_lock() {
            Ok(()) => return Ok(lock),
            Err(fs::TryLockError::WouldBlock) => std::thread::sleep(std::time::Duration::from_millis(100)),
            Err(fs::TryLockError::Error(e)) => return Err(DbError::Io { path: old.to_path_buf(), source: e }),
        }
    }
    Err(DbError::Busy)
}

/// Renames the database at `old` (and its `-wal`, `-shm`) aside, to a name not yet taken.
fn set_aside(old: &Path) -> Result<(), DbError> {
    let mut suffix = MOVED_SUFFIX.to_string();
    let taken = |suffix: &str| {
        let mut name = old.as_os_str().to_owned();
        name.push(suffix);
        Path::new(&name).exists()
    };
    if taken(&suffix) {
        suffix = format!("{MOVED_SUFFIX}-{}", chrono::Local::now().format("%Y%m%d-%H%M%S"));
    }
    // The log of an old file not closed cleanly goes with it.
    for ext in ["", "-wal", "-shm"] {
        let (mut from, mut to) = (old.as_os_str().to_owned(), old.as_os_str().to_owned());
        from.push(ext);
        to.push(format!("{suffix}{ext}"));
        if Path::new(&from).exists() {
            fs::rename(&from, &to).map_err(io_error(old))?;
        }
    }
    Ok(())
}

/// The folder holding the backups of the database at `db_path`.
pub fn backup_dir(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join(BACKUP_DIR)
}

/// When [`open`] copies the database aside before touching it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartBackup {
    /// Every start of the app.
    Always,
    /// Only when a migration is about to change the schema (CLI commands).
    BeforeMigration,
}

/// What a read-only look at an existing file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Inspection {
    version: usize,
    /// Marked as Sổ Chi đoàn's (a blank SQLite file is not).
    ours: bool,
}

/// Looks at a file without writing to it: `None` when it is absent or empty (a new database),
/// otherwise its schema version, after checking that it is an intact database of ours that this
/// version can read.
fn inspect(path: &Path) -> Result<Option<Inspection>, DbError> {
    match fs::metadata(path) {
        Ok(meta) if meta.len() == 0 => return Ok(None),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path)(e)),
    }
    let not_a_db = |e: rusqlite::Error| classify(path, e);
    let conn = open_untouched(path).map_err(not_a_db)?;
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(not_a_db)?;
    if check != "ok" {
        return Err(DbError::NotADatabase { path: path.to_path_buf(), detail: check });
    }
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(not_a_db)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_a_db)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0)).map_err(not_a_db)?;
    if app_id != APPLICATION_ID && (app_id != 0 || tables > 0) {
        return Err(DbError::ForeignDatabase { path: path.to_path_buf() });
    }
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    if version > SCHEMA_VERSION {
        return Err(DbError::NewerVersion { path: path.to_path_buf(), found: version, supported: SCHEMA_VERSION });
    }
    Ok(Some(Inspection { version, ours: app_id == APPLICATION_ID }))
}

/// Opens `path` for reading without creating anything beside it. A WAL database opened read-only
/// would get `-wal` and `-shm` files, so a file closed cleanly (no `-wal` left) is opened as
/// immutable; one with a `-wal` (not closed cleanly) needs that log to be read correctly.
fn open_untouched(path: &Path) -> rusqlite::Result<Connection> {
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        return Connection::open_with_flags(path, read_only);
    }
    Connection::open_with_flags(format!("{}?immutable=1", file_uri(path)), read_only | OpenFlags::SQLITE_OPEN_URI)
}

/// `path` as an SQLite `file:` URI, escaping what a URI reserves.
fn file_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut uri = String::from(if text.starts_with('/') { "file://" } else { "file:///" });
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => uri.push(byte as char),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// Opens (creating if needed) the database at `path`: refuses a file it cannot safely use,
/// backs it up as `backup` says, then sets WAL, foreign keys and synchronous=FULL and migrates.
pub fn open(path: &Path, backup: StartBackup) -> Result<Connection, DbError> {
    if let Some(found) = inspect(path)? {
        // Files of an older version may be readable by others: ours are the owner's only.
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            if Path::new(&file).exists() {
                owner_only(Path::new(&file))?;
            }
        }
        if backup == StartBackup::Always || found.version < SCHEMA_VERSION {
            let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| classify(path, e))?;
            conn.busy_timeout(BUSY_WAIT).map_err(|e| classify(path, e))?;
            backup_into_dir(&conn, path)?;
        }
    } else {
        if let Some(dir) = path.parent() {
            private_dir(dir)?;
        }
        // Created owner-only: SQLite gives its -wal and -shm the main file's permissions.
        private_file(path)?;
    }
    let mut conn = Connection::open(path).map_err(|e| classify(path, e))?;
    prepare(&mut conn).map_err(|e| match e {
        DbError::Sqlite(e) => classify(path, e),
        e => e,
    })?;
    Ok(conn)
}

/// How long an action waits for another connection to let go of the file before it is "busy".
const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// A folder only its owner may enter (Unix 0700): it holds CCCD and phone numbers. Only a folder
/// created here is restricted: a folder the user chose for `--db` (their home, /tmp) is left as
/// it is. On Windows the data lives in the user's own profile folder.
fn private_dir(dir: &Path) -> Result<(), DbError> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(io_error(dir))?;
    }
    #[cfg(not(unix))]
    fs::create_dir_all(dir).map_err(io_error(dir))?;
    Ok(())
}

/// Makes an existing file or folder of ours the owner's only (Unix 0600 / 0700), when others
/// may read it. Best effort: a disk that cannot say (FAT, a read-only medium, a file of another
/// user) must not keep a healthy book from opening.
fn owner_only(path: &Path) -> Result<(), DbError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o700 } else { 0o600 };
        if fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
            let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes `path` a file only its owner may read (Unix 0600), creating it empty when missing.
fn private_file(path: &Path) -> Result<(), DbError> {
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options.open(path).map_err(io_error(path))?;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    options.open(path).map_err(io_error(path))?;
    Ok(())
}

/// Connection settings and schema: run on every open and after a restore.
fn prepare(conn: &mut Connection) -> Result<(), DbError> {
    conn.busy_timeout(BUSY_WAIT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    MIGRATIONS.to_latest(conn)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    crate::members::refresh_derived(conn)?;
    Ok(())
}

/// Copies the live database into a new file at `target` (refused if it exists), atomically:
/// the copy is written under a temporary name and renamed when complete.
pub fn backup_to(conn: &Connection, target: &Path) -> Result<(), DbError> {
    if target.exists() {
        return Err(DbError::TargetExists { path: target.to_path_buf() });
    }
    let mut partial = target.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    private_file(&partial)?;
    let result = conn
        .backup(rusqlite::MAIN_DB, &partial, None)
        .and_then(|()| {
            // A backup is one self-contained file: no -wal or -shm beside it when it is read.
            Connection::open(&partial)?.pragma_update(None, "journal_mode", "DELETE")
        })
        .map_err(|e| classify(&partial, e))
        .and_then(|()| fs::rename(&partial, target).map_err(io_error(target)));
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Writes a timestamped backup into `backups/` beside the database and keeps the newest
/// [`BACKUPS_KEPT`]. Returns the new file.
pub fn backup_into_dir(conn: &Connection, db_path: &Path) -> Result<PathBuf, DbError> {
    let dir = backup_dir(db_path);
    private_dir(&dir)?;
    owner_only(&dir)?;
    let stem = db_stem(db_path);
    // Names sort by time; two backups within one millisecond wait for the next one.
    let target = loop {
        let now = chrono::Local::now().format("%Y%m%d-%H%M%S-%3f");
        let target = dir.join(format!("{stem}-{now}.{BACKUP_EXT}"));
        if !target.exists() {
            break target;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    backup_to(conn, &target)?;
    prune_backups(db_path, BACKUPS_KEPT)?;
    Ok(target)
}

fn db_stem(db_path: &Path) -> String {
    db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "chidoan".into())
}

/// A backup file as Cài đặt lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    /// "dd/mm/yyyy HH:MM:SS", read from the file name.
    pub taken_at: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// The backups of the database at `db_path`, newest first.
pub fn list_backups(db_path: &Path) -> Result<Vec<BackupFile>, DbError> {
    let dir = backup_dir(db_path);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir)(e)),
    };
    let prefix = format!("{}-", db_stem(db_path));
    let mut backups = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(&dir))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(stamp) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&format!(".{BACKUP_EXT}")))
        else {
            continue;
        };
        let Some(Ok(taken)) =
            stamp.get(..15).map(|s| chrono::NaiveDateTime::parse_from_str(s, "%Y%m%d-%H%M%S"))
        else {
            continue;
        };
        let size_bytes = entry.metadata().map_err(io_error(&entry.path()))?.len();
        backups.push(BackupFile {
            path: entry.path().to_string_lossy().into_owned(),
            file_name,
            taken_at: taken.format("%d/%m/%Y %H:%M:%S").to_string(),
            size_bytes,
        });
    }
    // Time stamps sort as text; the newest comes first.
    backups.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(backups)
}

fn prune_backups(db_path: &Path, keep: usize) -> Result<(), DbError> {
    for old in list_backups(db_path)?.into_iter().skip(keep) {
        fs::remove_file(&old.path).map_err(io_error(Path::new(&old.path)))?;
    }
    Ok(())
}

/// Checks that `source` is a backup worth restoring: an intact database of ours, of this
/// version or older, with the schema in it (a blank SQLite file is not a backup).
fn check_backup(source: &Path) -> Result<(), DbError> {
    match inspect(source)? {
        Some(found) if found.version > 0 && found.ours => Ok(()),
        _ => Err(DbError::EmptySource { path: source.to_path_buf() }),
    }
}

/// Replaces the live database with the backup at `source`, after checking the backup and
/// copying the current database into `backups/`. The copy into the live database is one step
/// of SQLite's backup API inside one write transaction, so a failure leaves the current data in
/// place. Returns the safety backup of what was replaced.
pub fn restore(conn: &mut Connection, db_path: &Path, source: &Path) -> Result<PathBuf, DbError> {
    check_backup(source)?;
    let safety = backup_into_dir(conn, db_path)?;
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| classify(source, e))?;
    {
        let backup = Backup::new(&src, conn).map_err(|e| classify(db_path, e))?;
        if backup.step(-1).map_err(|e| classify(db_path, e))? != StepResult::Done {
            return Err(DbError::Busy);
        }
    }
    prepare(conn)?;
    Ok(safety)
}

/// Puts the backup at `source` in place of a database that [`open`] refuses as unreadable
/// (corrupt, foreign or newer). The restored copy is written beside the live file, flushed to
/// disk and checked before anything moves; only then is the refused file moved, with any
/// `-wal` and `-shm` beside it, into `backups/` as `<name>.refused-<time>.sqlite3` (outside the
/// rotation of [`BACKUPS_KEPT`]), and the copy renamed into place. If any step fails the live
/// file is exactly as before. Returns where the refused file went. The caller then [`open`]s it.
pub fn replace_refused(db_path: &Path, source: &Path) -> Result<PathBuf, DbError> {
    check_backup(source)?;
    match inspect(db_path) {
        Err(e) if e.is_refusal() => {}
        Err(e) => return Err(e),
        Ok(_) => return Err(DbError::NotRefused { path: db_path.to_path_buf() }),
    }
    let mut staged = db_path.as_os_str().to_owned();
    staged.push(".restoring");
    let staged = PathBuf::from(staged);
    let _ = fs::remove_file(&staged);
    let written = (|| {
        private_file(&staged)?;
        let src = open_untouched(source).map_err(|e| classify(source, e))?;
        src.backup(rusqlite::MAIN_DB, &staged, None).map_err(|e| classify(&staged, e))?;
        Connection::open(&staged).and_then(|c| c.pragma_update(None, "journal_mode", "DELETE")).map_err(|e| classify(&staged, e))?;
        // Windows flushes only through a handle open for writing.
        fs::OpenOptions::new().write(true).open(&staged).and_then(|f| f.sync_all()).map_err(io_error(&staged))?;
        check_backup(&staged)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&staged);
        return Err(e);
    }
    let dir = backup_dir(db_path);
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S-%3f");
    let aside = dir.join(format!("{}.refused-{now}.{BACKUP_EXT}", db_stem(db_path)));
    let with = |base: &Path, suffix: &str| {
        let mut p = base.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p)
    };
    // Moves the refused file and its logs aside, then the copy into place; on any failure,
    // what was moved goes back, so the live file is as it was.
    let mut moved: Vec<&str> = vec![];
    let swapped = (|| {
        private_dir(&dir)?;
        for suffix in ["", "-wal", "-shm"] {
            match fs::rename(with(db_path, suffix), with(&aside, suffix)) {
                Ok(()) => moved.push(suffix),
                Err(e) if !suffix.is_empty() && e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&with(db_path, suffix))(e)),
            }
        }
        fs::rename(&staged, db_path).map_err(io_error(db_path))
    })();
    if let Err(e) = swapped {
        for suffix in moved {
            let _ = fs::rename(with(&aside, suffix), with(db_path, suffix));
        }
        let _ = fs::remove_file(&staged);
        return Err(e);
    }
    if let Some(parent) = db_path.parent() {
        // The renames themselves reach the disk (Unix; Windows cannot open a folder this way).
        let _ = fs::File::open(parent).and_then(|d| d.sync_all());
    }
    Ok(aside)
}
