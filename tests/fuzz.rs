//! Property tests over everything a file can carry in: arbitrary CSV and spreadsheet bytes,
//! congress and pass files with arbitrary numbers and text, tally inputs. Whatever comes in is
//! read or refused with a sentence, never a panic; and what a congress import accepts breaks no
//! rule of the window. Bounded in cases so that CI runs them in seconds.

use std::path::Path;

use chidoan::congress::{self, exchange, rules};
use chidoan::db::{self, StartBackup};
use chidoan::members::import;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 160, failure_persistence: None, ..ProptestConfig::default() }
}

fn example() -> serde_json::Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every number and string leaf of a JSON value, as paths.
fn leaves(value: &serde_json::Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, [at.clone(), vec![k.clone()]].concat(), out)),
        serde_json::Value::Array(list) => list.iter().enumerate().for_each(|(i, v)| leaves(v, [at.clone(), vec![i.to_string()]].concat(), out)),
        serde_json::Value::Number(_) | serde_json::Value::String(_) | serde_json::Value::Null | serde_json::Value::Bool(_) => out.push(at),
    }
}

fn set(value: &mut serde_json::Value, path: &[String], new: serde_json::Value) {
    let mut here = value;
    for key in path {
        here = match here {
            serde_json::Value::Object(map) => map.get_mut(key).unwrap(),
            serde_json::Value::Array(list) => &mut list[key.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    *here = new;
}

fn hostile_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        any::<u32>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (0u32..20).prop_map(serde_json::Value::from),
        "\\PC{0,40}".prop_map(serde_json::Value::from),
        Just(serde_json::Value::Null),
        Just(serde_json::Value::Bool(true)),
        Just(serde_json::json!([])),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_bytes_are_read_or_refused_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2_000)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(sheet) = import::read_file(&path) {
            if let Ok(layout) = import::detect(&sheet) {
                let _ = import::read_rows(&sheet, layout.data_start, &layout.columns);
            }
        }
    }

    #[test]
    fn typed_lists_with_separators_quotes_and_controls_never_panic(text in "[\\PC\\t;,\"\\n\\r\\u{0}\\u{1b}]{0,400}") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, format!("STT,Họ và tên,Ngày sinh,Giới tính\n{text}")).unwrap();
        let sheet = import::read_file(&path).unwrap();
        if let Ok(layout) = import::detect(&sheet) {
            let _ = import::read_rows(&sheet, layout.data_start, &layout.columns);
        }
    }

    #[test]
    fn broken_spreadsheet_bytes_are_refused_never_a_panic(cut in 0usize..4_000, flips in proptest::collection::vec((0usize..4_000, any::<u8>()), 0..8)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in [["STT", "Họ và tên", "Ngày sinh"], ["1", "Nguyễn Văn An", "12/03/1998"]].iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
        let mut bytes = book.save_to_buffer().unwrap();
        for (at, byte) in flips {
            let n = bytes.len();
            bytes[at % n] = byte;
        }
        bytes.truncate(bytes.len().saturating_sub(cut % 64));
        std::fs::write(&path, &bytes).unwrap();
        let _ = import::read_file(&path);
    }

    #[test]
    fn a_congress_file_is_imported_sound_or_refused_whole(changes in proptest::collection::vec((any::<prop::sample::Index>(), hostile_value()), 1..4)) {
        let mut json = example();
        let mut paths = vec![];
        leaves(&json, vec![], &mut paths);
        for (index, value) in changes {
            let path = paths[index.index(paths.len())].clone();
            set(&mut json, &path, value);
        }
        let dir = tempfile::tempdir().unwrap();
        let mut conn = db::open(&dir.path().join("c.sqlite3"), StartBackup::BeforeMigration).unwrap();
        match exchange::import(&mut conn, &json.to_string()) {
            Ok(id) => {
                let data = congress::load(&conn, id).unwrap();
                prop_assert_eq!(rules::problems(&data), Vec::<String>::new());
                // Every paper of an accepted congress can be built.
                let _ = chidoan::documents::congress::minutes(&conn, id).unwrap();
            }
            Err(_) => prop_assert!(congress::list(&conn).unwrap().is_empty(), "nothing written"),
        }
    }

    #[test]
    fn a_tally_input_is_decided_or_refused_never_a_panic(
        seats in any::<u32>(), alternates in prop_oneof![Just(0u32), any::<u32>()], n in 0usize..6,
        crossed in proptest::collection::vec(proptest::collection::vec(any::<i64>(), 0..4), 0..20),
        issued in proptest::option::of(any::<u32>()), present in proptest::option::of(any::<u32>()),
    ) {
        let candidates: Vec<String> = (0..n).map(|i| format!("Người {i}")).collect();
        let ballots: Vec<serde_json::Value> = crossed.iter().map(|c| serde_json::json!({"crossed": c})).collect();
        let input = serde_json::json!({"seats": seats, "alternates": alternates, "issued": issued, "present": present,
            "summoned": present, "candidates": candidates, "ballots": ballots});
        let _ = chidoan::tally::input::tally(&input.to_string());
    }
}
