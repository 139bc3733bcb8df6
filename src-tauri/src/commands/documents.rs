//! Commands of the congress's papers: preview (the document model, drawn by the window), save
//! as .docx or .pdf, and open the saved file with the system's program.

use std::path::PathBuf;

use chidoan::documents::congress::{self as papers, PaperRequest};
use chidoan::documents::{self, Document, Format};
use chidoan::ipc::IpcError;
use tauri::ipc::Channel;
use tauri::State;

use super::Db;

#[tauri::command]
pub async fn document_preview(db: State<'_, Db>, request: PaperRequest) -> Result<Document, IpcError> {
    db.with(|conn, _| Ok(papers::build(conn, &request)?))
}

/// Saves the paper in the format its file name ends with (.docx or .pdf).
#[tauri::command]
pub async fn document_save(db: State<'_, Db>, request: PaperRequest, path: PathBuf) -> Result<(), IpcError> {
    let format = documents::format_of(&path, &[Format::Docx, Format::Pdf])?;
    db.with(|conn, _| Ok(documents::save(&papers::build(conn, &request)?, format, &path)?))
}

/// Ballot papers of an election (its number in the congress) as PDF.
#[tauri::command]
pub async fn ballots_save(db: State<'_, Db>, congress_id: i64, election: String, spare: u32, path: PathBuf) -> Result<(), IpcError> {
    db.with(|conn, _| Ok(documents::write(&path, &documents::pdf::ballots(&papers::ballot_papers(conn, congress_id, &election, spare)?)?)?))
}

/// Opens a saved paper with the system's default program (Word, LibreOffice, a PDF reader):
/// only the kinds of file the app writes.
#[tauri::command]
pub async fn document_open(path: PathBuf) -> Result<(), IpcError> {
    let path = chidoan::files::openable(&path).map_err(|message| IpcError { message, fields: Vec::new() })?;
    tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| {
        IpcError { message: format!("Không mở được tệp “{}”: {e}", path.display()), fields: Vec::new() }
    })
}

/// The whole congress dossier into a new folder "Hồ sơ <congress>" inside `dir` (never over
/// files already there): every paper as DOCX and PDF, `progress` told (files written, files
/// in all) after each; that folder is opened when `open`. Returns its path.
#[tauri::command]
pub async fn dossier_save(
    db: State<'_, Db>,
    congress_id: i64,
    dir: PathBuf,
    open: bool,
    progress: Channel<(usize, usize)>,
) -> Result<PathBuf, IpcError> {
    let folder = db.with(|conn, _| {
        let name = chidoan::congress::load(conn, congress_id)?.congress.name;
        let folder = papers::new_folder(&dir, &format!("Hồ sơ {name}"));
        // A closed window no longer listens; the files are written all the same.
        papers::save_dossier(conn, congress_id, &folder, |done, total| drop(progress.send((done, total))))?;
        Ok(folder)
    })?;
    if open {
        tauri_plugin_opener::open_path(&folder, None::<&str>)
            .map_err(|e| IpcError { message: format!("Đã lưu, nhưng không mở được thư mục “{}”: {e}", folder.display()), fields: Vec::new() })?;
    }
    Ok(folder)
}
