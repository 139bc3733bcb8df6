//! The core's error: one variant per module's typed error. `Display` is the Vietnamese sentence
//! the UI shows; [`Error::english`] is the CLI's second line.

use crate::{db::DbError, unit::UnitError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Unit(#[from] UnitError),
}

impl Error {
    pub fn english(&self) -> String {
        match self {
            Error::Db(e) => e.english(),
            Error::Unit(e) => e.english(),
        }
    }
}
