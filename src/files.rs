//! The files a user saves (papers, lists, reports) and opens: one place that writes them, says
//! in plain words why a save failed, and decides what may be handed to the system to open.

use std::io;
use std::path::{Path, PathBuf};

/// A file open in Word, Excel or a PDF reader cannot be replaced on Windows.
pub const IN_USE: &str = "Tệp đang mở trong chương trình khác; hãy đóng tệp rồi lưu lại.";

/// The kinds of file the app writes, the only ones "Mở tệp" hands to the system.
pub const OPENABLE: [&str; 4] = ["docx", "pdf", "xlsx", "csv"];

/// Whether a write failed because another program holds the file: Windows' sharing and lock
/// violations and a file mapped by another program (errors 32, 33, 1224), a busy file elsewhere
/// (EBUSY 16, ETXTBSY 26).
pub fn in_use(e: &io::Error) -> bool {
    match e.raw_os_error() {
        Some(code) if cfg!(windows) => matches!(code, 32 | 33 | 1224),
        Some(code) => code == 16 || code == 26,
        None => false,
    }
}

/// Why a write failed, for the user.
pub fn failure(e: &io::Error) -> String {
    if in_use(e) {
        IN_USE.into()
    } else {
        e.to_string()
    }
}

/// Writes a whole file; the error is [`failure`]'s sentence.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| failure(&e))
}

/// The file at `path` if the app may open it: an existing regular file whose name, and the name
/// of what it leads to, end in one of [`OPENABLE`] — never a program or a shortcut. The path is
/// given back as it came (Windows' canonical `\\?\` form is one Word cannot open).
pub fn openable(path: &Path) -> Result<PathBuf, String> {
    let allowed = |p: &Path| {
        p.extension().and_then(|e| e.to_str()).is_some_and(|e| OPENABLE.iter().any(|o| o.eq_ignore_ascii_case(e)))
    };
    let refused = || format!("Chỉ mở được tệp Word, PDF, Excel hoặc CSV do ứng dụng ghi ra; “{}” không phải.", path.display());
    if !allowed(path) {
        return Err(refused());
    }
    let real = path.canonicalize().map_err(|e| format!("Không mở được tệp “{}”: {e}", path.display()))?;
    if !allowed(&real) || !real.is_file() {
        return Err(refused());
    }
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_held_by_another_program_is_said_in_plain_words() {
        let held: &[i32] = if cfg!(windows) { &[32, 33, 1224] } else { &[16, 26] };
        for &code in held {
            assert_eq!(failure(&io::Error::from_raw_os_error(code)), IN_USE);
        }
        assert_ne!(failure(&io::Error::from_raw_os_error(2)), IN_USE, "not found is not in use");
    }

    #[test]
    fn only_the_documents_the_app_writes_are_opened() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["bien-ban.docx", "BAO-CAO.PDF", "ds.xlsx", "ds.csv"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
            assert!(openable(&dir.path().join(name)).is_ok(), "{name}");
        }
        for name in ["setup.exe", "Word.lnk", "run.bat", "script.sh", "noext"] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
            assert!(openable(&dir.path().join(name)).unwrap_err().starts_with("Chỉ mở được tệp"), "{name}");
        }
        assert!(openable(&dir.path().join("missing.pdf")).is_err());
        // A folder named like a document is not one.
        std::fs::create_dir(dir.path().join("thu-muc.pdf")).unwrap();
        assert!(openable(&dir.path().join("thu-muc.pdf")).is_err());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("setup.exe"), dir.path().join("trap.pdf")).unwrap();
            assert!(openable(&dir.path().join("trap.pdf")).unwrap_err().starts_with("Chỉ mở được tệp"), "a link to a program");
        }
    }
}
