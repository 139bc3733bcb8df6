/// The app's own commands: each gets an `allow-…` permission, granted in capabilities/.
const COMMANDS: &[&str] = &["startup", "unit_get", "unit_save", "unit_header", "storage_info", "backup_save", "backup_restore",
    "members_vocabulary", "members_list", "member_get", "member_input", "member_save", "member_status_change", "member_status_history", "member_status_remove", "member_position_history", "members_import_preview", "members_import", "members_export", "members_stats", "members_stats_export",
    "member_ratings", "rating_levels", "member_rating_set", "member_decisions", "member_decision_add", "dues_grid", "dues_set", "dues_rates", "dues_rates_set", "reminders",
    "congress_list", "congress_view", "congress_save", "congress_delete", "congress_summon_members", "congress_add_attendee", "congress_remove_attendee", "congress_set_attendance", "congress_set_seat", "congress_all_present", "congress_add_guest", "congress_remove_guest", "congress_save_agenda", "congress_remove_agenda", "congress_save_motion", "congress_remove_motion", "election_save", "election_delete", "election_set_candidates", "round_state", "round_options", "ballot_enter", "ballot_correct", "ballot_undo", "round_totals", "round_confirm", "round_next", "round_unlock", "positions_plan", "positions_apply", "congress_export", "congress_import", "pass_export", "pass_import", "scan_read", "scan_state", "scan_image", "scan_decide", "scan_discard",
    "document_preview", "document_save", "ballots_save", "document_open", "dossier_save",
    "activity_types", "activity_type_add", "activities_list", "activity_save", "activity_delete", "participation", "year_figures", "targets_progress", "target_add", "target_remove", "branch_paper_preview", "branch_paper_save"];

fn main() {
    // The window embeds ui/dist; new files there do not trigger a rebuild by themselves.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
