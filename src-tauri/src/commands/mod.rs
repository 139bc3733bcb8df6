//! The window's commands: each calls one core function and turns its error into an
//! [`IpcError`] the UI can show. No rules live here.

pub mod activities;
pub mod congress;
pub mod documents;
pub mod members;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chidoan::db::{self, Connection, StartBackup};
use chidoan::ipc::{IpcError, Startup, StorageInfo};
use chidoan::unit::{self, DocumentHeader, Unit};
use tauri::State;

/// The database this window works on. `conn` holds the reason when the file was refused at
/// start; the UI then shows that reason instead of the pages.
pub struct Db {
    pub path: PathBuf,
    pub conn: Mutex<Result<Connection, String>>,
}

impl Db {
    fn conn(&self) -> Result<MutexGuard<'_, Result<Connection, String>>, IpcError> {
        // A panic in another command cannot leave the connection half-used: SQLite rolls back.
        let guard = self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*guard {
            Ok(_) => Ok(guard),
            Err(reason) => Err(IpcError { message: reason.clone(), fields: Vec::new() }),
        }
    }

    /// Runs one command on the database. Commands are `async`, so this runs off the window's
    /// thread; a panic becomes a message instead of a dead window, and SQLite rolls back the
    /// transaction it interrupted.
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Connection, &Path) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let mut guard = self.conn()?;
        let conn = guard.as_mut().expect("checked by conn()");
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(conn, &self.path))).unwrap_or_else(|_| Err(unexpected()))
    }
}

/// What the window says when a command failed in a way nobody foresaw (a panic).
fn unexpected() -> IpcError {
    IpcError {
        message: "Đã xảy ra lỗi không lường trước; thao tác vừa rồi không được ghi và dữ liệu đã lưu không bị ảnh hưởng. Hãy thử lại hoặc khởi động lại ứng dụng.".into(),
        fields: Vec::new(),
    }
}

#[tauri::command]
pub async fn startup(db: State<'_, Db>) -> Result<Startup, IpcError> {
    let error = db.conn.lock().unwrap_or_else(|p| p.into_inner()).as_ref().err().cloned();
    Ok(Startup {
        database: db.path.display().to_string(),
        backup_dir: db::backup_dir(&db.path).display().to_string(),
        error,
    })
}

#[tauri::command]
pub async fn unit_get(db: State<'_, Db>) -> Result<Option<Unit>, IpcError> {
    db.with(|conn, _| Ok(unit::get(conn)?))
}

#[tauri::command]
pub async fn unit_save(db: State<'_, Db>, unit: Unit) -> Result<Unit, IpcError> {
    db.with(|conn, _| Ok(unit::save(conn, &unit)?))
}

/// The document header as the unit being typed would give it today (Cài đặt's preview).
#[tauri::command]
pub async fn unit_header(unit: Unit) -> DocumentHeader {
    unit::header(&unit, "BB", chidoan::today())
}

#[tauri::command]
pub async fn storage_info(db: State<'_, Db>) -> Result<StorageInfo, IpcError> {
    db.with(|_, path| Ok(StorageInfo::of(path)?))
}

#[tauri::command]
pub async fn backup_save(db: State<'_, Db>, target: PathBuf) -> Result<(), IpcError> {
    db.with(|conn, _| Ok(db::backup_to(conn, &target)?))
}

/// Restores a backup over the open database, or in place of one that was refused at start
/// (which is moved aside, never deleted); the window then works on the restored data.
#[tauri::command]
pub async fn backup_restore(db: State<'_, Db>, source: PathBuf) -> Result<StorageInfo, IpcError> {
    let mut guard = db.conn.lock().unwrap_or_else(|p| p.into_inner());
    let restored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<(), IpcError> {
        match &mut *guard {
            Ok(conn) => {
                db::restore(conn, &db.path, &source)?;
            }
            Err(_) => {
                db::replace_refused(&db.path, &source)?;
                *guard = Ok(db::open(&db.path, StartBackup::BeforeMigration)?);
            }
        }
        Ok(())
    }));
    restored.unwrap_or_else(|_| Err(unexpected()))?;
    Ok(StorageInfo::of(&db.path)?)
}
