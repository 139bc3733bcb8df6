//! Commands of the Đoàn viên page: each calls one core function of `chidoan::members`.

use std::path::PathBuf;

use chidoan::ipc::IpcError;
use chidoan::members::import::{self, ColumnMap, ImportOutcome, ImportPreview};
use chidoan::members::records::{self, Decision, DecisionInput, DuesGrid, DuesRates, Rating, Reminders};
use chidoan::members::stats::{self, Stats};
use chidoan::members::{self, export, ListPage, ListQuery, Member, MemberInput, StatusChange, StatusInput};
use chidoan::unit;
use tauri::State;

use super::Db;

#[tauri::command]
pub async fn members_vocabulary() -> members::Vocabulary {
    members::vocabulary()
}

#[tauri::command]
pub async fn members_list(db: State<'_, Db>, query: ListQuery) -> Result<ListPage, IpcError> {
    db.with(|conn, _| Ok(members::list(conn, &query, chidoan::today())?))
}

#[tauri::command]
pub async fn member_get(db: State<'_, Db>, id: i64) -> Result<Member, IpcError> {
    db.with(|conn, _| Ok(members::get(conn, id)?))
}

#[tauri::command]
pub async fn member_input(db: State<'_, Db>, id: i64) -> Result<MemberInput, IpcError> {
    db.with(|conn, _| Ok(members::get(conn, id)?.to_input()))
}

#[tauri::command]
pub async fn member_save(
    db: State<'_, Db>,
    id: Option<i64>,
    input: MemberInput,
    joining: Option<members::Joining>,
) -> Result<Member, IpcError> {
    db.with(|conn, _| {
        Ok(match id {
            Some(id) => members::update(conn, id, &input)?,
            None => members::create(conn, &input, &joining.unwrap_or_default())?,
        })
    })
}

#[tauri::command]
pub async fn member_status_change(db: State<'_, Db>, id: i64, input: StatusInput) -> Result<Member, IpcError> {
    db.with(|conn, _| Ok(members::change_status(conn, id, &input)?))
}

#[tauri::command]
pub async fn member_status_remove(db: State<'_, Db>, id: i64, status_id: i64) -> Result<Member, IpcError> {
    db.with(|conn, _| Ok(members::remove_status(conn, id, status_id)?))
}

#[tauri::command]
pub async fn member_status_history(db: State<'_, Db>, id: i64) -> Result<Vec<StatusChange>, IpcError> {
    db.with(|conn, _| Ok(members::status_history(conn, id)?))
}

#[tauri::command]
pub async fn member_position_history(db: State<'_, Db>, id: i64) -> Result<Vec<members::positions::PositionSpell>, IpcError> {
    db.with(|conn, _| Ok(members::positions::history(conn, id)?))
}

#[tauri::command]
pub async fn members_import_preview(
    db: State<'_, Db>,
    path: PathBuf,
    columns: Option<Vec<ColumnMap>>,
) -> Result<ImportPreview, IpcError> {
    db.with(|conn, _| Ok(import::preview(conn, &path, columns)?))
}

#[tauri::command]
pub async fn members_import(
    db: State<'_, Db>,
    path: PathBuf,
    columns: Option<Vec<ColumnMap>>,
    skip_invalid: bool,
) -> Result<ImportOutcome, IpcError> {
    db.with(|conn, _| Ok(import::import(conn, &path, columns, skip_invalid)?))
}

/// Writes the list the query selects (every row of it) to .xlsx or .csv.
#[tauri::command]
pub async fn members_export(db: State<'_, Db>, path: PathBuf, query: ListQuery, separator: Option<export::Separator>) -> Result<u32, IpcError> {
    db.with(|conn, _| {
        let today = chidoan::today();
        let rows = members::list(conn, &ListQuery { offset: 0, limit: 0, ..query }, today)?.rows;
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
            export::csv(&path, &rows, separator.unwrap_or_default())?;
        } else {
            export::xlsx(&path, unit::get(conn)?.as_ref(), &rows, today)?;
        }
        Ok(rows.len() as u32)
    })
}

#[tauri::command]
pub async fn members_stats(db: State<'_, Db>) -> Result<Stats, IpcError> {
    db.with(|conn, _| Ok(stats::stats(conn, chidoan::today())?))
}

#[tauri::command]
pub async fn members_stats_export(db: State<'_, Db>, path: PathBuf) -> Result<(), IpcError> {
    db.with(|conn, _| Ok(stats::xlsx(&path, &stats::stats(conn, chidoan::today())?)?))
}

#[tauri::command]
pub async fn member_ratings(db: State<'_, Db>, id: i64) -> Result<Vec<Rating>, IpcError> {
    db.with(|conn, _| Ok(records::ratings(conn, id)?))
}

/// The rating levels of a year (they changed in 2020).
#[tauri::command]
pub async fn rating_levels(year: i32) -> Vec<String> {
    records::rating_levels(year).iter().map(|s| s.to_string()).collect()
}

#[tauri::command]
pub async fn member_rating_set(db: State<'_, Db>, id: i64, year: i32, rating: Option<String>) -> Result<Vec<Rating>, IpcError> {
    db.with(|conn, _| Ok(records::set_rating(conn, id, year, rating.as_deref())?))
}

#[tauri::command]
pub async fn member_decisions(db: State<'_, Db>, id: i64) -> Result<Vec<Decision>, IpcError> {
    db.with(|conn, _| Ok(records::decisions(conn, id)?))
}

#[tauri::command]
pub async fn member_decision_add(db: State<'_, Db>, id: i64, input: DecisionInput) -> Result<Vec<Decision>, IpcError> {
    db.with(|conn, _| Ok(records::add_decision(conn, id, &input)?))
}

#[tauri::command]
pub async fn dues_grid(db: State<'_, Db>, year: i32) -> Result<DuesGrid, IpcError> {
    db.with(|conn, _| Ok(records::dues_grid(conn, year, chidoan::today())?))
}

#[tauri::command]
pub async fn dues_set(db: State<'_, Db>, id: i64, year: i32, month: u32, paid: bool) -> Result<(), IpcError> {
    db.with(|conn, _| Ok(records::set_dues(conn, id, year, month, paid)?))
}

#[tauri::command]
pub async fn dues_rates(db: State<'_, Db>) -> Result<DuesRates, IpcError> {
    db.with(|conn, _| Ok(records::dues_rates(conn)?))
}

#[tauri::command]
pub async fn dues_rates_set(db: State<'_, Db>, rates: DuesRates) -> Result<DuesRates, IpcError> {
    db.with(|conn, _| Ok(records::set_dues_rates(conn, rates)?))
}

#[tauri::command]
pub async fn reminders(db: State<'_, Db>) -> Result<Reminders, IpcError> {
    db.with(|conn, _| Ok(records::reminders(conn, chidoan::today())?))
}
