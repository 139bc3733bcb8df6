//! `chidoan tally FILE.json`: the stateless count of one round, run as a script runs it.

use std::process::{Command, Output};

fn tally(json: &str, format: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("round.json");
    std::fs::write(&file, json).unwrap();
    Command::new(env!("CARGO_BIN_EXE_chidoan"))
        .args(["tally", file.to_str().unwrap(), "--format", format])
        // Stateless: a database path that must never be created.
        .env("CHIDOAN_DB", dir.path().join("never.sqlite3"))
        .output()
        .unwrap()
}

/// 21 ballots for 3 of 5: 20 valid, 1 invalid.
fn twenty_one_ballots() -> String {
    let mut ballots: Vec<String> = Vec::new();
    ballots.extend(std::iter::repeat_n(r#"{"crossed": [4, 5]}"#.to_string(), 12)); // An, Bình, Cúc
    ballots.extend(std::iter::repeat_n(r#"{"crossed": [3, 5]}"#.to_string(), 5)); // An, Bình, Dũng
    ballots.extend(std::iter::repeat_n(r#"{"crossed": [2, 3, 4, 5]}"#.to_string(), 2)); // An only
    ballots.push(r#"{"crossed": [1, 2, 3, 4]}"#.into()); // Hà only
    ballots.push(r#"{"invalid": "Phiếu có ký hiệu riêng"}"#.into());
    format!(
        r#"{{"seats": 3, "alternates": 0, "base": "valid", "present": 21, "summoned": 23, "issued": 21,
        "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Vũ Thu Hà"],
        "ballots": [{}]}}"#,
        ballots.join(", ")
    )
}

#[test]
fn json_result_of_a_ballot_by_ballot_count() {
    let out = tally(&twenty_one_ballots(), "json");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want = serde_json::json!({
        "issued": 21, "collected": 21, "valid": 20, "invalid": 1, "base": "valid", "base_count": 20,
        "candidates": [
            {"name": "Nguyễn Văn An", "votes": 19, "percent": "95,00", "result": "elected"},
            {"name": "Trần Thị Bình", "votes": 17, "percent": "85,00", "result": "elected"},
            {"name": "Lê Thị Cúc", "votes": 12, "percent": "60,00", "result": "elected"},
            {"name": "Phạm Văn Dũng", "votes": 5, "percent": "25,00", "result": "not_elected"},
            {"name": "Vũ Thu Hà", "votes": 1, "percent": "5,00", "result": "not_elected"}
        ],
        "elected": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"], "alternates": [], "tied": [],
        "unfilled": 0, "alternates_unfilled": 0
    });
    assert_eq!(got, want);
}

#[test]
fn totals_with_a_tie_on_the_last_seat_and_alternates_held_up() {
    let json = r#"{"seats": 2, "alternates": 1, "base": "collected", "issued": 45,
        "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng"],
        "totals": {"collected": 44, "invalid": 2, "votes": [40, 30, 30, 23]}}"#;
    let out = tally(json, "json");
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["base_count"], 44);
    assert_eq!(got["valid"], 42);
    assert_eq!(got["elected"], serde_json::json!(["Nguyễn Văn An"]));
    assert_eq!(got["tied"], serde_json::json!(["Trần Thị Bình", "Lê Thị Cúc"]));
    assert_eq!(got["alternates"], serde_json::json!([]));
    assert_eq!((got["unfilled"].as_u64(), got["alternates_unfilled"].as_u64()), (Some(1), Some(1)));
    assert_eq!(got["candidates"][1]["percent"], "68,18");
    assert_eq!(got["candidates"][3]["result"], "not_elected"); // 23 of 44 is over half, but held up

    let text = String::from_utf8(tally(json, "text").stdout).unwrap();
    assert!(text.contains("Bằng phiếu, bầu lại 1 chỗ chính thức trong số: Trần Thị Bình, Lê Thị Cúc\n"), "{text}");
    assert!(text.starts_with("Phiếu phát ra: 45  Thu vào: 44  Hợp lệ: 42  Không hợp lệ: 2\nTỷ lệ tính trên số phiếu thu vào: 44\n"), "{text}");
}

#[test]
fn bad_input_exits_non_zero_naming_the_problem_and_prints_no_json() {
    let cases = [
        (r#"{"seats": 1, "candidates": ["An", "Bình"], "ballots": [{"crossed": [1]}, {"crossed": [3]}]}"#,
            "ballot 2: position 3 is out of range 1..=2"),
        (r#"{"seats": 1, "candidates": ["An", "Bình"], "ballots": [{"crossed": [2, 2]}]}"#,
            "ballot 1: position 2 is repeated"),
        (r#"{"seats": 1, "candidates": ["An", "Bình"], "totals": {"collected": 10, "invalid": 1, "votes": [10, 0]}}"#,
            "votes of An (10) are over valid (9)"),
        (r#"{"seats": 1, "issued": 9, "candidates": ["An", "Bình"], "totals": {"collected": 10, "invalid": 0, "votes": [6, 4]}}"#,
            "collected 10 is over issued 9"),
        (r#"{"seats": 1, "base": "present", "candidates": ["An", "Bình"], "totals": {"collected": 10, "invalid": 0, "votes": [6, 4]}}"#,
            "base \"present\" needs the \"present\" count"),
        (r#"{"seats": 1, "candidates": ["An", "Bình"], "totals": {"collected": 10, "invalid": 11, "votes": [0, 0]}}"#,
            "inconsistent totals: invalid 11 is over collected 10"),
    ];
    for (json, english) in cases {
        let out = tally(json, "json");
        assert_eq!(out.status.code(), Some(1), "{json}");
        assert!(out.stdout.is_empty(), "{json}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.ends_with(&format!("error: {english}\n")), "{json}: {stderr}");
        assert!(stderr.starts_with("lỗi: "), "{stderr}");
    }
}

#[test]
fn absurd_numbers_are_refused_without_a_panic_and_a_bom_is_no_matter() {
    let absurd = r#"{"seats": 4294967295, "alternates": 4294967295, "candidates": ["An", "Bình"], "totals": {"collected": 1, "invalid": 0, "votes": [1, 0]}}"#;
    let out = tally(absurd, "json");
    assert_eq!(out.status.code(), Some(1), "a refusal, not a crash");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "lỗi: Số người cần bầu (4294967295) vượt quá giới hạn 500 của một vòng bầu.\nerror: too many người cần bầu: 4294967295, at most 500\n"
    );
    let long = format!(r#"{{"seats": 1, "candidates": ["{}"], "totals": {{"collected": 1, "invalid": 0, "votes": [1]}}}}"#, "A".repeat(101));
    assert!(String::from_utf8(tally(&long, "json").stderr).unwrap().starts_with("lỗi: Số ký tự của một tên (101) vượt quá giới hạn 100"));
    let with_bom = format!("\u{feff}{}", twenty_one_ballots());
    assert!(tally(&with_bom, "json").status.success());
}
