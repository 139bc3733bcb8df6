//! The registry's speed on a big branch: a search over 50,000 members (target: under 50 ms in
//! the core) and importing a 10,000-row Excel list (target: under 2 s).
//!
//! `cargo bench --bench members`

use std::path::Path;
use std::time::Duration;

use chidoan::db::{self, StartBackup};
use chidoan::members::{self, import, ListQuery};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rust_xlsxwriter::Workbook;

const FAMILIES: [&str; 16] =
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLES: [&str; 11] = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Quốc", "Hữu", "Thị Thu", "Văn Minh"];
const GIVENS: [&str; 36] = [
    "An", "Bình", "Châu", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh", "Lan", "Linh",
    "Long", "Mai", "Nam", "Ngọc", "Nhung", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thư", "Thủy",
    "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến",
];

/// Row `i` of a generated list: a distinct name and date of birth, a card number, a phone.
fn person(i: usize) -> [String; 5] {
    let name = format!("{} {} {}", FAMILIES[i % 16], MIDDLES[(i / 16) % 11], GIVENS[(i / 176) % 36]);
    let born = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new((i * 7919 % 12000) as u64);
    let sex = if MIDDLES[(i / 16) % 11].starts_with("Thị") { "Nữ" } else { "Nam" };
    [name, born.format("%d/%m/%Y").to_string(), sex.into(), format!("{i:06}"), format!("09{:08}", i)]
}

fn write_xlsx(path: &Path, rows: usize) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Họ và tên", "Ngày sinh", "Giới tính", "Số thẻ đoàn", "Số điện thoại"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        for (c, v) in person(i).iter().enumerate() {
            sheet.write_string(i as u32 + 1, c as u16, v).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let today = chidoan::today();

    let big = dir.path().join("50000.xlsx");
    write_xlsx(&big, 50_000);
    let db_path = dir.path().join("big.sqlite3");
    let mut conn = db::open(&db_path, StartBackup::BeforeMigration).unwrap();
    let outcome = import::import(&mut conn, &big, None, false).unwrap();
    assert_eq!(outcome.imported, 50_000);

    let mut group = c.benchmark_group("search 50000 members");
    for search in ["nguyen thi thu", "duc", "0900012345", ""] {
        let query = ListQuery { search: search.into(), limit: 100, ..ListQuery::default() };
        group.bench_function(format!("{search:?} (count + first 100 rows)"), |b| {
            b.iter(|| members::list(&conn, &query, today).unwrap())
        });
    }
    group.finish();

    let list = dir.path().join("10000.xlsx");
    write_xlsx(&list, 10_000);
    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut n = 0;
    group.bench_function("10000-row .xlsx into an empty registry", |b| {
        b.iter_batched(
            || {
                n += 1;
                db::open(&dir.path().join(format!("import-{n}.sqlite3")), StartBackup::BeforeMigration).unwrap()
            },
            |mut conn| assert_eq!(import::import(&mut conn, &list, None, false).unwrap().imported, 10_000),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
