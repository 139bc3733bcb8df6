//! `chidoan-desktop`: the Sổ Chi đoàn window over the `chidoan` core.

// No console window behind the app on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use chidoan::db::{self, StartBackup};
use chidoan::instance::{self, Claim};
use tauri::Manager;

/// The database named by `--db PATH` (or `--db=PATH`), else `CHIDOAN_DB`, else the default.
fn database_path() -> Result<PathBuf, db::DbError> {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            if let Some(path) = args.next() {
                return Ok(path.into());
            }
        } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Ok(path.into());
        }
    }
    match std::env::var_os("CHIDOAN_DB") {
        Some(path) if !path.is_empty() => Ok(path.into()),
        _ => db::default_path(),
    }
}

fn main() {
    let path = database_path();
    let instance = match &path {
        Ok(path) => match instance::claim(path) {
            Ok(Claim::First(instance)) => Some(instance),
            // The window on this database was brought forward instead.
            Ok(Claim::AlreadyRunning) => return,
            Ok(Claim::HandOffFailed(e)) => {
                rfd::MessageDialog::new()
                    .set_level(rfd::MessageLevel::Error)
                    .set_title("Sổ Chi đoàn")
                    .set_description(format!(
                        "Sổ Chi đoàn đang mở với tệp dữ liệu này nhưng không đưa được cửa sổ đó lên ({e}).\n\n\
                         Hãy tìm cửa sổ Sổ Chi đoàn trên thanh tác vụ, hoặc đóng nó rồi mở lại."
                    ))
                    .set_buttons(rfd::MessageButtons::Ok)
                    .show();
                std::process::exit(1);
            }
            Err(e) => {
                eprintln!("single-instance check skipped: {e}");
                None
            }
        },
        Err(_) => None,
    };
    let conn = match &path {
        Ok(path) => db::open(path, StartBackup::Always).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    run(path.unwrap_or_default(), conn, instance);
}

fn run(path: PathBuf, conn: Result<db::Connection, String>, instance: Option<instance::Instance>) {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(commands::Db { path, conn: Mutex::new(conn) })
        .setup(move |app| {
            if let Some(instance) = &instance {
                let handle = app.handle().clone();
                instance.serve(move || {
                    if let Some(window) = handle.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })?;
            }
            // Keep the claim on the database for as long as the app runs.
            app.manage(instance);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::unit_get,
            commands::unit_save,
            commands::unit_header,
            commands::storage_info,
            commands::backup_save,
            commands::backup_restore,
            commands::members::members_vocabulary,
            commands::members::members_list,
            commands::members::member_get,
            commands::members::member_input,
            commands::members::member_save,
            commands::members::member_status_change,
            commands::members::member_status_history,
            commands::members::member_status_remove,
            commands::members::member_position_history,
            commands::members::members_import_preview,
            commands::members::members_import,
            commands::members::members_export,
            commands::members::members_stats,
            commands::members::members_stats_export,
            commands::members::member_ratings,
            commands::members::rating_levels,
            commands::members::member_rating_set,
            commands::members::member_decisions,
            commands::members::member_decision_add,
            commands::members::dues_grid,
            commands::members::dues_set,
            commands::members::dues_rates,
            commands::members::dues_rates_set,
            commands::members::reminders,
            commands::congress::congress_list,
            commands::congress::congress_view,
            commands::congress::congress_save,
            commands::congress::congress_delete,
            commands::congress::congress_summon_members,
            commands::congress::congress_add_attendee,
            commands::congress::congress_remove_attendee,
            commands::congress::congress_set_attendance,
            commands::congress::congress_set_seat,
            commands::congress::congress_all_present,
            commands::congress::congress_add_guest,
            commands::congress::congress_remove_guest,
            commands::congress::congress_save_agenda,
            commands::congress::congress_remove_agenda,
            commands::congress::congress_save_motion,
            commands::congress::congress_remove_motion,
            commands::congress::election_save,
            commands::congress::election_delete,
            commands::congress::election_set_candidates,
            commands::congress::round_state,
            commands::congress::round_options,
            commands::congress::ballot_enter,
            commands::congress::ballot_correct,
            commands::congress::ballot_undo,
            commands::congress::round_totals,
            commands::congress::round_confirm,
            commands::congress::round_next,
            commands::congress::round_unlock,
            commands::congress::positions_plan,
            commands::congress::positions_apply,
            commands::congress::congress_export,
            commands::congress::congress_import,
            commands::congress::pass_export,
            commands::congress::pass_import,
            commands::congress::scan_read,
            commands::congress::scan_state,
            commands::congress::scan_image,
            commands::congress::scan_decide,
            commands::congress::scan_discard,
            commands::documents::document_preview,
            commands::documents::document_save,
            commands::documents::ballots_save,
            commands::documents::document_open,
            commands::documents::dossier_save,
            commands::activities::activity_types,
            commands::activities::activity_type_add,
            commands::activities::activities_list,
            commands::activities::activity_save,
            commands::activities::activity_delete,
            commands::activities::participation,
            commands::activities::year_figures,
            commands::activities::targets_progress,
            commands::activities::target_add,
            commands::activities::target_remove,
            commands::activities::branch_paper_preview,
            commands::activities::branch_paper_save,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Sổ Chi đoàn window");
}
