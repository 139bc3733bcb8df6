//! Sổ Chi đoàn core: the branch's data, its rules and its documents. No GUI dependency:
//! the desktop shell (`src-tauri`) and the `chidoan` CLI are thin layers over these modules.

pub mod dates;
pub mod db;
pub mod documents;
pub mod error;
pub mod files;
pub mod instance;
pub mod ipc;
pub mod activities;
pub mod congress;
pub mod members;
pub mod names;
pub mod scan;
pub mod tally;
pub mod text;
pub mod unit;

pub use error::Error;

/// Reverse-domain identifier of the application; names the per-user data folder.
pub const APP_IDENTIFIER: &str = "vn.sochidoan.desktop";

/// Today's date on this computer's clock, as documents are dated.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
