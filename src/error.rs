//! The core's error: one variant per module's typed error. `Display` is the Vietnamese sentence
//! the UI shows; [`Error::english`] is the CLI's second line.

use crate::members::export::ExportError;
use crate::members::import::ImportError;
use crate::members::MemberError;
use crate::activities::ActivityError;
use crate::congress::CongressError;
use crate::documents::DocumentError;
use crate::tally::input::InputError;
use crate::{db::DbError, unit::UnitError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Member(#[from] MemberError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error(transparent)]
    Tally(#[from] InputError),
    #[error(transparent)]
    Congress(#[from] CongressError),
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error(transparent)]
    Activity(#[from] ActivityError),
    #[error("Không đọc được tệp {path}: {detail}")]
    Read { path: String, detail: String },
    /// A command line that cannot be carried out: (Vietnamese, English).
    #[error("{0}")]
    Usage(String, String),
}

impl Error {
    pub fn english(&self) -> String {
        match self {
            Error::Db(e) => e.english(),
            Error::Unit(e) => e.english(),
            Error::Member(e) | Error::Import(ImportError::Member(e)) => member_english(e),
            Error::Import(ImportError::Read { path, detail }) => format!("cannot read {path}: {detail}"),
            Error::Import(ImportError::UnknownKind(path)) => format!("{path} is not an .xlsx, .xls, .ods or .csv list"),
            Error::Import(ImportError::NoHeader) => "no header row with a name column in the first 30 rows".into(),
            Error::Import(ImportError::BadMapping(_)) => "the column mapping needs a name column and no field twice".into(),
            Error::Import(ImportError::Refused(rows)) => format!(
                "{} bad row(s), nothing imported: rows {}",
                rows.len(),
                rows.iter().map(|p| p.row.to_string()).collect::<Vec<_>>().join(", ")
            ),
            Error::Import(ImportError::Storage(e)) => format!("database error: {e}"),
            Error::Export(ExportError::Write { path, detail }) => format!("cannot write {path}: {detail}"),
            Error::Tally(e) => e.english(),
            Error::Congress(e) => e.english(),
            Error::Document(e) => e.english(),
            Error::Activity(e) => e.english(),
            Error::Read { path, detail } => format!("cannot read {path}: {detail}"),
            Error::Usage(_, english) => english.clone(),
        }
    }
}

fn member_english(e: &MemberError) -> String {
    match e {
        MemberError::Invalid(problems) => format!("{} problem(s) in the member record", problems.len()),
        MemberError::NotFound(id) => format!("no member with id {id}"),
        MemberError::Storage(e) => format!("database error: {e}"),
    }
}
