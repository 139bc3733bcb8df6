//! Plain data that crosses the boundary to the web UI; TypeScript types are generated from
//! these by ts-rs (`cargo test` writes them to ui/src/lib/bindings).

use serde::Serialize;
use ts_rs::TS;

use std::path::Path;

use crate::congress::CongressError;
use crate::db::{self, BackupFile, DbError};
use crate::members::export::ExportError;
use crate::members::import::ImportError;
use crate::members::MemberError;
use crate::unit::UnitError;
use crate::Error;

/// An error as the UI shows it: one Vietnamese sentence, plus the form fields it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct IpcError {
    pub message: String,
    pub fields: Vec<FieldMessage>,
}

/// A message for one field of a form; `field` is the field's name in the form's type
/// (a [`crate::unit::UnitField`] or a [`crate::members::MemberField`], as serialised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

fn field_name(field: impl Serialize) -> String {
    serde_json::to_value(field).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

impl From<Error> for IpcError {
    fn from(error: Error) -> Self {
        let fields = match &error {
            Error::Unit(UnitError::Invalid(problems)) => problems
                .iter()
                .map(|p| FieldMessage { field: field_name(p.field), message: p.vietnamese() })
                .collect(),
            Error::Member(MemberError::Invalid(problems)) => problems
                .iter()
                .map(|p| FieldMessage { field: field_name(p.field), message: p.message.clone() })
                .collect(),
            _ => Vec::new(),
        };
        IpcError { message: error.to_string(), fields }
    }
}

impl From<CongressError> for IpcError {
    fn from(error: CongressError) -> Self {
        Error::from(error).into()
    }
}

impl From<crate::documents::DocumentError> for IpcError {
    fn from(error: crate::documents::DocumentError) -> Self {
        Error::from(error).into()
    }
}

impl From<crate::activities::ActivityError> for IpcError {
    fn from(error: crate::activities::ActivityError) -> Self {
        Error::from(error).into()
    }
}

impl From<MemberError> for IpcError {
    fn from(error: MemberError) -> Self {
        Error::from(error).into()
    }
}

impl From<ImportError> for IpcError {
    fn from(error: ImportError) -> Self {
        Error::from(error).into()
    }
}

impl From<ExportError> for IpcError {
    fn from(error: ExportError) -> Self {
        Error::from(error).into()
    }
}

impl From<DbError> for IpcError {
    fn from(error: DbError) -> Self {
        Error::from(error).into()
    }
}

impl From<UnitError> for IpcError {
    fn from(error: UnitError) -> Self {
        Error::from(error).into()
    }
}

/// Where the data lives, as Cài đặt shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StorageInfo {
    pub database: String,
    pub backup_dir: String,
    pub backups: Vec<BackupFile>,
}

impl StorageInfo {
    pub fn of(db_path: &Path) -> Result<Self, DbError> {
        Ok(StorageInfo {
            database: db_path.display().to_string(),
            backup_dir: db::backup_dir(db_path).display().to_string(),
            backups: db::list_backups(db_path)?,
        })
    }
}

/// What the window shows first: the data is ready, or why it could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Startup {
    pub database: String,
    /// Where the automatic backups are, to restore one when the database was refused.
    pub backup_dir: String,
    /// `None` when the database opened; otherwise the Vietnamese reason it was refused.
    pub error: Option<String>,
}
