//! Each congress paper rendered from the example congress (target: under 300 ms each), in both
//! formats, and the whole dossier written to disk (target: under 300 ms). Every iteration renders a different document (its number changes), so that typst's
//! memoisation cannot replay an earlier layout; loading the fonts once is absorbed by warm-up.
//!
//! `cargo bench --bench documents`

use std::path::Path;

use chidoan::congress::exchange;
use chidoan::db::{self, StartBackup};
use chidoan::documents::{self, congress as papers, pdf, Format};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("bench.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    let id = exchange::import(&mut conn, &std::fs::read_to_string(fixture).unwrap()).unwrap();

    // A fresh document number each time: "Số: 1-BB/…", "Số: 2-BB/…", …
    let mut n = 0u64;
    let mut numbered = move |mut doc: documents::Document| {
        n += 1;
        doc.header.number = format!("Số: {n}-BB/CĐ");
        doc
    };
    for format in [Format::Pdf, Format::Docx] {
        let ext = if format == Format::Pdf { "pdf" } else { "docx" };
        c.bench_function(&format!("biên bản kiểm phiếu .{ext} (build + render)"), |b| {
            b.iter(|| documents::render(&numbered(papers::tally_report(&conn, id, "1", None).unwrap()), format).unwrap())
        });
        c.bench_function(&format!("biên bản đại hội .{ext} (build + render)"), |b| {
            b.iter(|| documents::render(&numbered(papers::minutes(&conn, id).unwrap()), format).unwrap())
        });
        c.bench_function(&format!("thể lệ bầu cử .{ext} (build + render)"), |b| {
            b.iter(|| documents::render(&numbered(papers::rules(&conn, id, "1").unwrap()), format).unwrap())
        });
        c.bench_function(&format!("danh sách trúng cử .{ext} (build + render)"), |b| {
            b.iter(|| documents::render(&numbered(papers::elected(&conn, id).unwrap()), format).unwrap())
        });
    }
    // The whole dossier (10 papers, DOCX and PDF, written to files), the unit's place changed
    // each time so that every header, and so every paper, is new to typst.
    let mut round = 0u64;
    c.bench_function("hồ sơ Đại hội: 10 papers × (.docx + .pdf) written", |b| {
        b.iter(|| {
            round += 1;
            let unit = chidoan::unit::Unit {
                name: "Chi đoàn Thôn Đồng Quỹ".into(),
                superior: "Đoàn xã Thanh Hải".into(),
                place: format!("Hà Nam {round}"),
                abbrev: "CĐ".into(),
                term: String::new(),
            };
            chidoan::unit::save(&mut conn, &unit).unwrap();
            let out = dir.path().join(format!("hs-{round}"));
            let files = papers::save_dossier(&conn, id, &out, |_, _| {}).unwrap();
            assert_eq!(files.len(), 20);
        })
    });
    let mut copies = 8;
    c.bench_function("phiếu bầu .pdf, 9 to 12 papers (build + render)", |b| {
        b.iter(|| {
            let mut papers = papers::ballot_papers(&conn, id, "1", 0).unwrap();
            copies = copies % 4 + 9;
            papers.pages = copies / papers.per_page + 1;
            papers.election = format!("{} {copies}", papers.election);
            pdf::ballots(&papers).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
