//! Commands of the Hoạt động page: each calls one core function of `chidoan::activities`.

use std::path::PathBuf;

use chidoan::activities::targets::{self, TargetInput, TargetProgress};
use chidoan::activities::{self, Activity, ActivityInput, ActivityType, Participation, YearFigures};
use chidoan::documents::activities::{self as branch, BranchPaper};
use chidoan::documents::{self, Document, Format};
use chidoan::ipc::IpcError;
use tauri::State;

use super::Db;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn activity_types(db: State<'_, Db>) -> Reply<Vec<ActivityType>> {
    db.with(|conn, _| Ok(activities::types(conn)?))
}

#[tauri::command]
pub async fn activity_type_add(db: State<'_, Db>, name: String) -> Reply<i64> {
    db.with(|conn, _| Ok(activities::add_type(conn, &name)?))
}

#[tauri::command]
pub async fn activities_list(db: State<'_, Db>) -> Reply<Vec<Activity>> {
    db.with(|conn, _| Ok(activities::list(conn, None, None)?))
}

#[tauri::command]
pub async fn activity_save(db: State<'_, Db>, id: Option<i64>, input: ActivityInput) -> Reply<Activity> {
    db.with(|conn, _| Ok(activities::save(conn, id, &input)?))
}

#[tauri::command]
pub async fn activity_delete(db: State<'_, Db>, id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(activities::delete(conn, id)?))
}

#[tauri::command]
pub async fn participation(db: State<'_, Db>, member_id: i64, year: i32) -> Reply<Participation> {
    db.with(|conn, _| Ok(activities::participation(conn, member_id, year)?))
}

#[tauri::command]
pub async fn year_figures(db: State<'_, Db>) -> Reply<YearFigures> {
    db.with(|conn, _| Ok(activities::year_figures(conn, chidoan::today())?))
}

#[tauri::command]
pub async fn targets_progress(db: State<'_, Db>) -> Reply<Vec<TargetProgress>> {
    db.with(|conn, _| Ok(targets::progress(conn, chidoan::today())?))
}

#[tauri::command]
pub async fn target_add(db: State<'_, Db>, input: TargetInput) -> Reply<i64> {
    db.with(|conn, _| Ok(targets::add(conn, &input)?))
}

#[tauri::command]
pub async fn target_remove(db: State<'_, Db>, id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(targets::remove(conn, id)?))
}

#[tauri::command]
pub async fn branch_paper_preview(db: State<'_, Db>, paper: BranchPaper) -> Reply<Document> {
    db.with(|conn, _| Ok(branch::build(conn, &paper)?))
}

/// Saves in the format the file name ends with (.docx, .pdf, or .xlsx for the report).
#[tauri::command]
pub async fn branch_paper_save(db: State<'_, Db>, paper: BranchPaper, path: PathBuf) -> Reply<()> {
    let format = documents::format_of(&path, &[Format::Docx, Format::Pdf, Format::Xlsx])?;
    db.with(|conn, _| Ok(documents::save(&branch::build(conn, &paper)?, format, &path)?))
}
