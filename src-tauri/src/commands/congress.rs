//! Commands of the Đại hội page: each calls one core function of `chidoan::congress`.

use std::path::PathBuf;

use chidoan::congress::election::{self, BallotEntry, ElectionInput, RoundOptions, RoundState};
use chidoan::congress::positions::{self, PositionPlan};
use chidoan::congress::{
    self, exchange, AgendaItem, Attendance, Body, Candidate, Congress, CongressSummary, CongressView, Motion, RoundKind,
};
use chidoan::congress::scanned::{self, ScanState};
use chidoan::ipc::IpcError;
use chidoan::scan;
use chidoan::tally::Totals;
use tauri::State;

use super::Db;

type Reply<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn congress_list(db: State<'_, Db>) -> Reply<Vec<CongressSummary>> {
    db.with(|conn, _| Ok(congress::list(conn)?))
}

#[tauri::command]
pub async fn congress_view(db: State<'_, Db>, id: i64) -> Reply<CongressView> {
    db.with(|conn, _| Ok(congress::load(conn, id)?.into()))
}

#[tauri::command]
pub async fn congress_save(db: State<'_, Db>, congress: Congress) -> Reply<i64> {
    db.with(|conn, _| {
        Ok(match congress.id {
            0 => congress::create(conn, &congress)?,
            id => congress::update(conn, id, &congress).map(|()| id)?,
        })
    })
}

#[tauri::command]
pub async fn congress_delete(db: State<'_, Db>, id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(congress::delete(conn, id)?))
}

#[tauri::command]
pub async fn congress_summon_members(db: State<'_, Db>, id: i64, member_ids: Vec<i64>) -> Reply<usize> {
    db.with(|conn, _| Ok(congress::summon_members(conn, id, &member_ids)?))
}

#[tauri::command]
pub async fn congress_add_attendee(db: State<'_, Db>, id: i64, full_name: String, note: String) -> Reply<i64> {
    db.with(|conn, _| Ok(congress::add_attendee(conn, id, &full_name, &note)?))
}

#[tauri::command]
pub async fn congress_remove_attendee(db: State<'_, Db>, attendee_id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(congress::remove_attendee(conn, attendee_id)?))
}

#[tauri::command]
pub async fn congress_set_attendance(db: State<'_, Db>, attendee_id: i64, attendance: Attendance, reason: String) -> Reply<()> {
    db.with(|conn, _| Ok(congress::set_attendance(conn, attendee_id, attendance, &reason)?))
}

#[tauri::command]
pub async fn congress_all_present(db: State<'_, Db>, id: i64) -> Reply<usize> {
    db.with(|conn, _| Ok(congress::mark_all_present(conn, id)?))
}

#[tauri::command]
pub async fn congress_set_seat(db: State<'_, Db>, attendee_id: i64, body: Body, seat: u8) -> Reply<()> {
    db.with(|conn, _| Ok(congress::set_seat(conn, attendee_id, body, seat)?))
}

#[tauri::command]
pub async fn congress_add_guest(db: State<'_, Db>, id: i64, name: String, title: String) -> Reply<i64> {
    db.with(|conn, _| Ok(congress::add_guest(conn, id, &name, &title)?))
}

#[tauri::command]
pub async fn congress_remove_guest(db: State<'_, Db>, guest_id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(congress::remove_guest(conn, guest_id)?))
}

#[tauri::command]
pub async fn congress_save_agenda(db: State<'_, Db>, id: i64, item: AgendaItem) -> Reply<i64> {
    db.with(|conn, _| Ok(congress::save_agenda_item(conn, id, &item)?))
}

#[tauri::command]
pub async fn congress_remove_agenda(db: State<'_, Db>, item_id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(congress::remove_agenda_item(conn, item_id)?))
}

#[tauri::command]
pub async fn congress_save_motion(db: State<'_, Db>, id: i64, motion: Motion) -> Reply<i64> {
    db.with(|conn, _| Ok(congress::save_motion(conn, id, &motion)?))
}

#[tauri::command]
pub async fn congress_remove_motion(db: State<'_, Db>, motion_id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(congress::remove_motion(conn, motion_id)?))
}

#[tauri::command]
pub async fn election_save(db: State<'_, Db>, congress_id: i64, election_id: Option<i64>, input: ElectionInput) -> Reply<i64> {
    db.with(|conn, _| {
        Ok(match election_id {
            None => election::create(conn, congress_id, &input)?,
            Some(id) => election::update(conn, id, &input).map(|()| id)?,
        })
    })
}

#[tauri::command]
pub async fn election_delete(db: State<'_, Db>, election_id: i64) -> Reply<()> {
    db.with(|conn, _| Ok(election::delete(conn, election_id)?))
}

#[tauri::command]
pub async fn election_set_candidates(db: State<'_, Db>, election_id: i64, candidates: Vec<Candidate>) -> Reply<Vec<String>> {
    db.with(|conn, _| Ok(election::set_candidates(conn, election_id, &candidates)?))
}

#[tauri::command]
pub async fn round_state(db: State<'_, Db>, round_id: i64) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::round_state(conn, round_id)?))
}

#[tauri::command]
pub async fn round_options(db: State<'_, Db>, round_id: i64, options: RoundOptions) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::set_options(conn, round_id, &options)?))
}

#[tauri::command]
pub async fn ballot_enter(db: State<'_, Db>, round_id: i64, pass: u8, entry: BallotEntry) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::enter_ballot(conn, round_id, pass, &entry)?))
}

#[tauri::command]
pub async fn ballot_correct(db: State<'_, Db>, round_id: i64, pass: u8, number: u32, entry: BallotEntry) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::correct_ballot(conn, round_id, pass, number, &entry)?))
}

#[tauri::command]
pub async fn ballot_undo(db: State<'_, Db>, round_id: i64, pass: u8) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::undo_ballot(conn, round_id, pass)?))
}

#[tauri::command]
pub async fn round_totals(db: State<'_, Db>, round_id: i64, totals: Totals) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::set_totals(conn, round_id, &totals)?))
}

#[tauri::command]
pub async fn round_confirm(db: State<'_, Db>, round_id: i64, read_at: String) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::confirm(conn, round_id, &read_at)?))
}

#[tauri::command]
pub async fn round_unlock(db: State<'_, Db>, round_id: i64, reason: String) -> Reply<RoundState> {
    db.with(|conn, _| Ok(election::unlock(conn, round_id, &reason)?))
}

#[tauri::command]
pub async fn positions_plan(db: State<'_, Db>, id: i64) -> Reply<PositionPlan> {
    db.with(|conn, _| Ok(positions::plan(conn, id)?))
}

#[tauri::command]
pub async fn positions_apply(db: State<'_, Db>, id: i64) -> Reply<PositionPlan> {
    db.with(|conn, _| Ok(positions::apply(conn, id)?))
}

#[tauri::command]
pub async fn round_next(db: State<'_, Db>, election_id: i64, kind: RoundKind) -> Reply<i64> {
    db.with(|conn, _| Ok(election::next_round(conn, election_id, kind)?))
}

#[tauri::command]
pub async fn congress_export(db: State<'_, Db>, id: i64, path: PathBuf) -> Reply<()> {
    db.with(|conn, _| Ok(exchange::write_file(&path, &exchange::export(conn, id)?)?))
}

#[tauri::command]
pub async fn congress_import(db: State<'_, Db>, path: PathBuf) -> Reply<i64> {
    db.with(|conn, _| Ok(exchange::import(conn, &exchange::read_file(&path)?)?))
}

#[tauri::command]
pub async fn pass_export(db: State<'_, Db>, round_id: i64, pass: u8, path: PathBuf) -> Reply<()> {
    db.with(|conn, _| Ok(exchange::write_file(&path, &exchange::export_pass(conn, round_id, pass)?)?))
}

#[tauri::command]
pub async fn pass_import(db: State<'_, Db>, round_id: i64, pass: u8, path: PathBuf) -> Reply<usize> {
    db.with(|conn, _| Ok(exchange::import_pass(conn, round_id, pass, &exchange::read_file(&path)?)?))
}

/// Quét phiếu: reads the scanned files and folders into `pass` of the round, `progress` told
/// (pages read, papers found) after every page. The reading runs off the database, which other
/// commands keep using meanwhile; the pass is stored in one transaction at the end.
#[tauri::command]
pub async fn scan_read(
    db: State<'_, Db>,
    round_id: i64,
    pass: u8,
    paths: Vec<PathBuf>,
    progress: tauri::ipc::Channel<(usize, usize)>,
) -> Reply<scan::pass::ScanRead> {
    // A pass that cannot take a scan is refused before the reading, not after it.
    let target = db.with(|conn, _| {
        scanned::ready(conn, round_id, pass)?;
        Ok(scan::pass::target_of_round(conn, round_id)?)
    })?;
    let files = scan::pass::files(&paths)?;
    let stack = tauri::async_runtime::spawn_blocking(move || {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // A closed window no longer listens; the stack is read all the same.
            scan::pass::read_stack(&files, &target.reference, &mut |pages, papers| drop(progress.send((pages, papers))))
        }))
    })
    .await
    .ok()
    .and_then(Result::ok)
    .ok_or_else(|| IpcError { message: "Đọc ảnh quét bị lỗi không lường trước; chưa có gì được ghi. Hãy thử lại với ít tệp hơn.".into(), fields: Vec::new() })?;
    let state = db.with(|conn, _| Ok(scanned::store(conn, round_id, pass, &stack)?))?;
    Ok(scan::pass::ScanRead { state, skipped: stack.skipped })
}

#[tauri::command]
pub async fn scan_state(db: State<'_, Db>, round_id: i64, pass: u8) -> Reply<ScanState> {
    db.with(|conn, _| Ok(scanned::state(conn, round_id, pass)?))
}

/// The straightened image of a scanned paper, as PNG bytes.
#[tauri::command]
pub async fn scan_image(db: State<'_, Db>, round_id: i64, pass: u8, number: u32) -> Reply<tauri::ipc::Response> {
    db.with(|conn, _| Ok(tauri::ipc::Response::new(scanned::image(conn, round_id, pass, number)?)))
}

#[tauri::command]
pub async fn scan_decide(db: State<'_, Db>, round_id: i64, pass: u8, number: u32, decision: String) -> Reply<ScanState> {
    db.with(|conn, _| Ok(scanned::decide(conn, round_id, pass, number, &decision)?))
}

#[tauri::command]
pub async fn scan_discard(db: State<'_, Db>, round_id: i64, pass: u8) -> Reply<RoundState> {
    db.with(|conn, _| Ok(scanned::discard(conn, round_id, pass)?))
}
