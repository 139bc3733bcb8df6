//! One instance per database: a second start on the same file signals the first.

use std::sync::mpsc;
use std::time::Duration;

use chidoan::instance::{self, Claim};

#[test]
fn a_second_start_on_the_same_database_asks_the_first_to_show_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chidoan.sqlite3");

    let Claim::First(first) = instance::claim(&db).unwrap() else { panic!("the first start must own the database") };
    let (shown, show_requests) = mpsc::channel();
    first.serve(move || shown.send(()).unwrap()).unwrap();

    assert!(matches!(instance::claim(&db).unwrap(), Claim::AlreadyRunning));
    show_requests.recv_timeout(Duration::from_secs(5)).expect("the first instance was not asked to show");

    // Another database is independent of this one.
    let other = dir.path().join("khac.sqlite3");
    assert!(matches!(instance::claim(&other).unwrap(), Claim::First(_)));

    // Once the first instance is gone, the next start owns the database.
    drop(first);
    assert!(matches!(instance::claim(&db).unwrap(), Claim::First(_)));
}

/// The first process holds the lock but cannot be reached (it hangs, or its port file is gone):
/// the second start is told so, and must not open a second window.
#[test]
fn a_hand_off_that_fails_is_reported_not_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chidoan.sqlite3");
    let Claim::First(first) = instance::claim(&db).unwrap() else { panic!("the first start must own the database") };
    std::fs::remove_file(dir.path().join("chidoan.sqlite3.instance")).unwrap();
    assert!(matches!(instance::claim(&db).unwrap(), Claim::HandOffFailed(_)));
    drop(first);
}
