use super::*;

#[test]
fn quorum_is_the_smallest_count_reaching_the_share() {
    let two_thirds = Share { num: 2, den: 3 };
    assert_eq!(at_least(9, two_thirds), 6);
    assert_eq!(at_least(10, two_thirds), 7); // 6.67 → 7
    assert_eq!(at_least(23, two_thirds), 16); // 15.33 → 16
    assert_eq!(at_least(0, two_thirds), 0);
}

#[test]
fn times_are_read_as_a_secretary_writes_them() {
    assert_eq!(clock("7h30").as_deref(), Some("07:30"));
    assert_eq!(clock("7:30").as_deref(), Some("07:30"));
    assert_eq!(clock("14.05").as_deref(), Some("14:05"));
    assert_eq!(clock("8h").as_deref(), Some("08:00"));
    assert_eq!(clock("25:00"), None);
    assert_eq!(clock("sáng"), None);
}
