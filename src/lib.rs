//! Sổ Chi đoàn core: the branch's data, its rules and its documents. No GUI dependency:
//! the desktop shell (`src-tauri`) and the `chidoan` CLI are thin layers over these modules.

pub mod db;
pub mod error;
pub mod instance;
pub mod ipc;
pub mod text;
pub mod unit;

pub use error::Error;

/// Reverse-domain identifier of the application; names the per-user data folder.
pub const APP_IDENTIFIER: &str = "vn.sochidoan.desktop";
