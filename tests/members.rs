//! The member registry through the `chidoan` CLI on real files: Excel lists written with
//! rust_xlsxwriter the way branches lay them out, CSV in Windows-1258, exports read back.

use std::path::Path;
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

fn chidoan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(db).args(args).env_remove("CHIDOAN_DB").output().unwrap()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn list(db: &Path, search: Option<&str>) -> Vec<Value> {
    let mut args = vec!["members", "list", "--format", "json"];
    if let Some(s) = search {
        args.extend(["--search", s]);
    }
    let Value::Array(rows) = serde_json::from_str(&ok(chidoan(db, &args))).unwrap() else { panic!("not an array") };
    rows
}

fn names(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["full_name"].as_str().unwrap()).collect()
}

/// A list as a district youth union sends it: title rows, a two-row header whose date of birth
/// is split under "Nam" and "Nữ" (merged cells), a row of column numbers, Excel dates and dates
/// typed as text, and a signature footer.
fn write_branch_list(path: &Path, extra: &[[&str; 7]]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_string(0, 0, "ĐOÀN XÃ THANH HẢI").unwrap();
    sheet.write_string(1, 0, "CHI ĐOÀN THÔN ĐỒNG QUỸ").unwrap();
    sheet.merge_range(3, 0, 3, 7, "DANH SÁCH ĐOÀN VIÊN NĂM 2026", &bold).unwrap();
    for (col, text) in [(0, "STT"), (1, "Họ và tên"), (4, "Dân tộc"), (5, "Tôn giáo"), (6, "Số thẻ đoàn viên"), (7, "Số điện thoại")] {
        sheet.merge_range(5, col, 6, col, text, &bold).unwrap();
    }
    sheet.merge_range(5, 2, 5, 3, "Ngày, tháng, năm sinh", &bold).unwrap();
    sheet.write_string_with_format(6, 2, "Nam", &bold).unwrap();
    sheet.write_string_with_format(6, 3, "Nữ", &bold).unwrap();
    for col in 0..8u16 {
        sheet.write_string(7, col, format!("({})", col + 1)).unwrap();
    }
    // Name, birth date under "Nam" (an Excel date), under "Nữ" (text), ethnicity, religion, card, phone.
    type Row<'a> = (&'a str, Option<(u16, u8, u8)>, &'a str, &'a str, &'a str, &'a str, &'a str);
    let rows: [Row; 5] = [
        ("Nguyễn Thị Thủy", None, "12/5/2000", "Kinh", "Không", "034567", "0912000111"),
        ("Lê Minh Đức", Some((1996, 11, 3)), "", "Kinh", "Phật giáo", "034568", ""),
        ("Nguyễn Thị Thư", None, "03-09-1999", "Kinh", "Không", "", "0987 654 321"),
        ("Hoàng Văn An", Some((2001, 2, 1)), "", "Tày", "Không", "034570", ""),
        ("Trần Thị An", None, "20.10.2003", "Kinh", "Công giáo", "", ""),
    ];
    let mut r = 8;
    for (i, (name, male_birth, female_birth, ethnicity, religion, card, phone)) in rows.iter().enumerate() {
        sheet.write_number(r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(r, 1, *name).unwrap();
        if let Some((y, m, d)) = male_birth {
            sheet.write_date_with_format(r, 2, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
        }
        sheet.write_string(r, 3, *female_birth).unwrap();
        sheet.write_string(r, 4, *ethnicity).unwrap();
        sheet.write_string(r, 5, *religion).unwrap();
        sheet.write_string(r, 6, *card).unwrap();
        sheet.write_string(r, 7, *phone).unwrap();
        r += 1;
    }
    for row in extra {
        for (col, text) in row.iter().enumerate() {
            sheet.write_string(r, col as u16 + 1, *text).unwrap();
        }
        r += 1;
    }
    sheet.write_string(r + 1, 5, "Người lập biểu").unwrap();
    book.save(path).unwrap();
}

#[test]
fn an_excel_list_is_imported_in_vietnamese_order_and_found_without_diacritics() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let file = dir.path().join("danh-sach.xlsx");
    write_branch_list(&file, &[]);

    assert_eq!(ok(chidoan(&db, &["members", "import", file.to_str().unwrap()])), "Đã nhập 5 đoàn viên (imported 5 members).\n");

    let rows = list(&db, None);
    // Given name, then family name, then middle names: An (Hoàng, Trần), Đức, Thủy, Thư.
    assert_eq!(names(&rows), vec!["Hoàng Văn An", "Trần Thị An", "Lê Minh Đức", "Nguyễn Thị Thủy", "Nguyễn Thị Thư"]);
    let thuy = &rows[3];
    assert_eq!(thuy["sex"], "female");
    assert_eq!(thuy["date_of_birth"], "2000-05-12");
    assert_eq!(thuy["card_number"], "034567");
    assert_eq!(thuy["phone"], "0912000111");
    assert_eq!(thuy["ethnicity"], "Kinh");
    assert_eq!(thuy["religion"], "Không");
    assert_eq!(thuy["status"], "active");
    assert_eq!(thuy["joined_on"], Value::Null);
    assert_eq!(rows[0]["sex"], "male");
    assert_eq!(rows[0]["date_of_birth"], "2001-02-01");
    assert_eq!(rows[4]["phone"], "0987654321");
    assert_eq!(rows[4]["card_number"], Value::Null);

    assert_eq!(names(&list(&db, Some("nguyen thi thu"))), vec!["Nguyễn Thị Thủy", "Nguyễn Thị Thư"]);
    assert_eq!(names(&list(&db, Some("duc"))), vec!["Lê Minh Đức"]);
    assert_eq!(names(&list(&db, Some("AN"))), vec!["Hoàng Văn An", "Trần Thị An"]);
    assert_eq!(names(&list(&db, Some("034570"))), vec!["Hoàng Văn An"]);
    assert_eq!(names(&list(&db, Some("0987"))), vec!["Nguyễn Thị Thư"]);

    // The same list again: every row is a duplicate, nothing is doubled.
    let again = chidoan(&db, &["members", "import", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert!(stderr.contains("Dòng 9 (row 9): Số thẻ đoàn 034567 đã có trong sổ (đoàn viên Nguyễn Thị Thủy)."), "{stderr}");
    assert!(stderr.contains("Dòng 11 (row 11): Nguyễn Thị Thư, sinh 03/09/1999, đã có trong sổ."), "{stderr}");
    assert_eq!(list(&db, None).len(), 5);
}

#[test]
fn one_bad_row_refuses_the_list_unless_told_to_skip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let file = dir.path().join("loi.xlsx");
    write_branch_list(
        &file,
        &[["Phạm Văn Bình", "31/02/2000", "", "Kinh", "", "", ""], ["Đỗ Thị Hà", "", "01/01/1990", "Kinh", "", "", "12ab"]],
    );

    let refused = chidoan(&db, &["members", "import", file.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(refused.stdout.is_empty());
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap(),
        "Dòng 14 (row 14): Ngày sinh “31/02/2000” không đúng dạng ngày/tháng/năm.\n\
         Dòng 15 (row 15): Số điện thoại phải gồm 9–11 chữ số (ví dụ 0912345678).\n\
         lỗi: danh sách có 2 dòng lỗi, chưa nhập dòng nào; sửa tệp hoặc dùng --skip-invalid.\n\
         error: 2 bad row(s), nothing imported\n"
    );
    assert!(list(&db, None).is_empty(), "nothing may be written");

    let skipped = chidoan(&db, &["members", "import", file.to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(ok(Output { stderr: Vec::new(), ..skipped.clone() }), "Đã nhập 5 đoàn viên (imported 5 members).\n");
    let stderr = String::from_utf8(skipped.stderr).unwrap();
    assert!(stderr.starts_with("Bỏ qua dòng 14 (skipped row 14): Ngày sinh"), "{stderr}");
    assert_eq!(list(&db, None).len(), 5);
}

#[test]
fn a_csv_from_vietnamese_excel_in_windows_1258() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let file = dir.path().join("ds.csv");
    // "Họ và tên,Ngày sinh,Giới tính" / "Nguyễn Thị Thủy,05/02/1998,Nữ" with tones as combining marks.
    let mut bytes = Vec::new();
    bytes.extend(b"Ho\xF2 va\xCC t\xEAn,Nga\xCCy sinh,Gi\xF5\xECi ti\xECnh\r\n");
    bytes.extend(b"Nguy\xEA\xDEn Thi\xF2 Thu\xD2y,05/02/1998,N\xFD\xDE\r\n");
    std::fs::write(&file, bytes).unwrap();
    ok(chidoan(&db, &["members", "import", file.to_str().unwrap()]));
    let rows = list(&db, Some("thuy"));
    assert_eq!(names(&rows), vec!["Nguyễn Thị Thủy"]);
    assert_eq!(rows[0]["sex"], "female");
}

#[test]
fn exports_read_back_the_same_members_and_stats_count_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let file = dir.path().join("danh-sach.xlsx");
    write_branch_list(&file, &[]);
    ok(chidoan(&db, &["members", "import", file.to_str().unwrap()]));
    ok(chidoan(&db, &["unit", "set", "--name", "Chi đoàn Thôn Đồng Quỹ", "--superior", "Đoàn xã Thanh Hải", "--place", "Hà Nam"]));

    let xlsx = dir.path().join("xuat.xlsx");
    let csv = dir.path().join("xuat.csv");
    assert_eq!(
        ok(chidoan(&db, &["members", "export", xlsx.to_str().unwrap()])),
        format!("Đã xuất 5 đoàn viên vào (exported to) {}\n", xlsx.display())
    );
    ok(chidoan(&db, &["members", "export", csv.to_str().unwrap()]));
    let csv_bytes = std::fs::read(&csv).unwrap();
    assert!(csv_bytes.starts_with(b"\xEF\xBB\xBFSTT,H\xE1\xBB\x8D v\xC3\xA0 t\xC3\xAAn,"));
    let text = String::from_utf8(csv_bytes).unwrap();
    assert!(text.ends_with("\r\n") && text.matches('\n').count() == text.matches("\r\n").count(), "CRLF line ends");
    // For Excel with Vietnamese regional settings, whose list separator is the semicolon.
    let vn = dir.path().join("danh-sach-vn.csv");
    ok(chidoan(&db, &["members", "export", vn.to_str().unwrap(), "--separator", "semicolon"]));
    assert!(std::fs::read(&vn).unwrap().starts_with(b"\xEF\xBB\xBFSTT;H\xE1\xBB\x8D v\xC3\xA0 t\xC3\xAAn;"));

    let original = list(&db, None);
    for exported in [&xlsx, &csv, &vn] {
        let other = dir.path().join(format!("lai-{}.sqlite3", exported.file_name().unwrap().to_str().unwrap()));
        ok(chidoan(&other, &["members", "import", exported.to_str().unwrap()]));
        let back = list(&other, None);
        let key = |r: &Value| (r["full_name"].clone(), r["sex"].clone(), r["date_of_birth"].clone(), r["card_number"].clone(), r["phone"].clone(), r["ethnicity"].clone(), r["religion"].clone());
        assert_eq!(back.iter().map(key).collect::<Vec<_>>(), original.iter().map(key).collect::<Vec<_>>(), "{}", exported.display());
    }

    let stats: Value = serde_json::from_str(&ok(chidoan(&db, &["members", "stats", "--format", "json"]))).unwrap();
    assert_eq!(stats["current"], 5);
    assert_eq!(stats["by_sex"], serde_json::json!([{"label": "Nữ", "count": 3}, {"label": "Nam", "count": 2}]));
    assert_eq!(stats["by_ethnicity"], serde_json::json!([{"label": "Kinh", "count": 4}, {"label": "Tày", "count": 1}]));
    assert_eq!(
        stats["by_religion"],
        serde_json::json!([{"label": "Không", "count": 3}, {"label": "Công giáo", "count": 1}, {"label": "Phật giáo", "count": 1}])
    );
    assert_eq!(stats["party_members"], 0);
}

mod records {
    use chidoan::db::{self, StartBackup};
    use chidoan::members::records::{self, DecisionInput, DecisionKind};
    use chidoan::members::{self, ListQuery, MemberInput, Status};
    use chrono::{Datelike, NaiveDate};

    fn member(name: &str, born: &str, joined: &str) -> MemberInput {
        MemberInput { full_name: name.into(), date_of_birth: born.into(), joined_on: joined.into(), ..MemberInput::default() }
    }

    #[test]
    fn ratings_follow_the_scheme_of_their_year() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = db::open(&dir.path().join("x.sqlite3"), StartBackup::Always).unwrap();
        let an = members::create(&mut conn, &member("Nguyễn Văn An", "05/02/1998", "26/03/2014"), &Default::default()).unwrap();
        records::set_rating(&mut conn, an.id, 2019, Some("Khá")).unwrap();
        let all = records::set_rating(&mut conn, an.id, 2024, Some("Hoàn thành tốt nhiệm vụ")).unwrap();
        assert_eq!(
            all.iter().map(|r| (r.year, r.rating.as_str())).collect::<Vec<_>>(),
            vec![(2024, "Hoàn thành tốt nhiệm vụ"), (2019, "Khá")]
        );
        let wrong = records::set_rating(&mut conn, an.id, 2024, Some("Khá")).unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "Năm 2024 xếp loại theo các mức: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ."
        );
        // The list filter by the rating of a year.
        let query = ListQuery { rating_year: Some(2024), rating: Some("Hoàn thành tốt nhiệm vụ".into()), ..ListQuery::default() };
        assert_eq!(members::list(&conn, &query, chidoan::today()).unwrap().total, 1);
        assert_eq!(records::set_rating(&mut conn, an.id, 2024, None).unwrap().len(), 1);
    }

    #[test]
    fn an_expulsion_ends_the_membership_and_cach_chuc_needs_a_cadre() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = db::open(&dir.path().join("x.sqlite3"), StartBackup::Always).unwrap();
        let binh = members::create(&mut conn, &member("Trần Thị Bình", "05/03/1999", "26/03/2015"), &Default::default()).unwrap();
        let demote = DecisionInput {
            kind: DecisionKind::Discipline,
            form: "Cách chức".into(),
            decided_on: "10/10/2025".into(),
            level: "Đoàn xã".into(),
            decision: "05-QĐ/ĐTN".into(),
            note: String::new(),
        };
        assert_eq!(
            records::add_decision(&mut conn, binh.id, &demote).unwrap_err().to_string(),
            "Cách chức chỉ áp dụng với cán bộ Đoàn (Bí thư, Phó Bí thư, Ủy viên BCH)."
        );
        let reward = DecisionInput { kind: DecisionKind::Reward, form: "Giấy khen".into(), ..demote.clone() };
        assert_eq!(records::add_decision(&mut conn, binh.id, &reward).unwrap().len(), 1);
        let expel = DecisionInput { form: "Khai trừ".into(), decided_on: "01/11/2025".into(), ..demote };
        let decisions = records::add_decision(&mut conn, binh.id, &expel).unwrap();
        assert_eq!(decisions.iter().map(|d| d.form.as_str()).collect::<Vec<_>>(), vec!["Khai trừ", "Giấy khen"]);
        assert_eq!(members::get(&conn, binh.id).unwrap().status, Status::Expelled);
        let history = members::status_history(&conn, binh.id).unwrap();
        assert_eq!(
            history.iter().map(|h| (h.status, h.since.as_deref())).collect::<Vec<_>>(),
            vec![(Status::Active, Some("2015-03-26")), (Status::Expelled, Some("2025-11-01"))]
        );
        assert_eq!(members::list(&conn, &ListQuery::default(), chidoan::today()).unwrap().total, 0);
    }

    #[test]
    fn dues_grid_counts_who_is_behind_and_reminders_name_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = db::open(&dir.path().join("x.sqlite3"), StartBackup::Always).unwrap();
        let today = chidoan::today();
        let year = today.year();
        let thirty = format!("15/06/{}", year - 30);
        let an = members::create(&mut conn, &member("Nguyễn Văn An", &thirty, &format!("26/03/{}", year - 13)), &Default::default()).unwrap();
        let salaried = MemberInput { salaried: true, ..member("Lê Thu Hà", "01/01/2000", "26/03/2016") };
        let ha = members::create(&mut conn, &salaried, &Default::default()).unwrap();
        for month in 1..today.month() {
            records::set_dues(&mut conn, ha.id, year, month, true).unwrap();
        }
        records::set_dues(&mut conn, an.id, year, 1, true).unwrap();
        records::set_dues(&mut conn, an.id, year, 1, false).unwrap();

        let grid = records::dues_grid(&conn, year, today).unwrap();
        assert_eq!((grid.rates.unsalaried, grid.rates.salaried), (2000, 5000));
        let row = |id| grid.rows.iter().find(|r| r.member_id == id).unwrap();
        assert_eq!(row(an.id).rate, 2000);
        assert_eq!(row(an.id).behind, today.month() - 1);
        assert_eq!(row(ha.id).behind, 0);
        assert_eq!(row(ha.id).months[0], if today.month() > 1 { Some(5000) } else { None });
        assert_eq!(grid.collected, 5000 * i64::from(today.month() - 1));

        let reminders = records::reminders(&conn, today).unwrap();
        let born = NaiveDate::from_ymd_opt(year, 6, 15).unwrap().format("%d/%m/%Y").to_string();
        assert_eq!(reminders.aging_out.len(), 1);
        assert_eq!(reminders.aging_out[0].full_name, "Nguyễn Văn An");
        assert_eq!(reminders.aging_out[0].detail, format!("tròn 30 tuổi ngày {born}"));
        let expected: Vec<String> =
            if today.month() > 3 { vec![format!("chưa đóng đoàn phí {} tháng", today.month() - 1)] } else { vec![] };
        assert_eq!(reminders.behind_on_dues.iter().map(|r| r.detail.clone()).collect::<Vec<_>>(), expected);
    }
}

/// A LibreOffice Calc list (.ods): a zip holding content.xml, with a real date cell.
#[test]
fn an_ods_list_from_libreoffice() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let file = dir.path().join("ds.ods");
    let cell = |t: &str| format!(r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#);
    let date = |d: &str| format!(r#"<table:table-cell office:value-type="date" office:date-value="{d}"><text:p>{d}</text:p></table:table-cell>"#);
    let row = |cells: Vec<String>| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="DS">{}{}{}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        row(vec![cell("DANH SÁCH ĐOÀN VIÊN")]),
        row(vec![cell("Họ và tên"), cell("Ngày, tháng, năm sinh"), cell("Giới tính")]),
        row(vec![cell("Phạm Thu Hà"), date("2002-07-30"), cell("Nữ")]),
    );
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.finish().unwrap();

    assert_eq!(ok(chidoan(&db, &["members", "import", file.to_str().unwrap()])), "Đã nhập 1 đoàn viên (imported 1 members).\n");
    let rows = list(&db, None);
    assert_eq!((rows[0]["full_name"].as_str(), rows[0]["date_of_birth"].as_str(), rows[0]["sex"].as_str()), (Some("Phạm Thu Hà"), Some("2002-07-30"), Some("female")));
}

/// A list typed the way branches keep them: a member who joined at 15, one without a joining
/// date, then a count line, the place-and-date line, "Người lập biểu", "T/M BAN CHẤP HÀNH",
/// "BÍ THƯ" and the signers' names, in columns of their own.
const REAL_LIST: [&[&str]; 14] = [
    &["DANH SÁCH ĐOÀN VIÊN CHI ĐOÀN THÔN ĐỒNG QUỸ"],
    &[],
    &["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đoàn", "Số thẻ đoàn viên", "Ghi chú"],
    &["1", "Nguyễn Văn An", "12/03/1998", "Nam", "26/03/2013", "012345", ""],
    &["2", "Trần Thị Bình", "05/07/2000", "Nữ", "26/03/2019", "012346", "Chuyển từ xã Thanh Hà"],
    &["3", "Lê Thị Cúc", "20/10/2003", "Nữ", "", "", ""],
    &[],
    &["", "Danh sách có 3 đoàn viên."],
    &["", "", "", "", "Hà Nam, ngày 22 tháng 11 năm 2026"],
    &["", "Người lập biểu", "", "", "T/M BAN CHẤP HÀNH"],
    &["", "", "", "", "BÍ THƯ"],
    &[],
    &["", "Phạm Văn Dũng", "", "", "Hoàng Thị Lan"],
    &["", "", "", "", ""],
];

fn write_real_list(path: &Path, separator: &str, utf16: bool) {
    let text: String = REAL_LIST.iter().map(|row| row.join(separator) + "\r\n").collect();
    if utf16 {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(path, bytes).unwrap();
    } else {
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn a_real_list_goes_in_whole_with_warnings_and_without_its_signature_block() {
    for (name, separator, utf16) in [("ds.csv", ",", false), ("ds-vn.csv", ";", false), ("ds-tab.csv", "\t", false), ("unicode.txt", "\t", true)] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.sqlite3");
        let file = dir.path().join(name);
        write_real_list(&file, separator, utf16);
        let out = chidoan(&db, &["members", "import", file.to_str().unwrap()]);
        let stderr = String::from_utf8(out.stderr.clone()).unwrap();
        assert_eq!(ok(out), "Đã nhập 3 đoàn viên (imported 3 members).\n", "{name}");
        let today = chidoan::dates::display(chidoan::today());
        assert_eq!(
            stderr,
            "Lưu ý dòng 4 (warning, row 4): Vào Đoàn năm 15 tuổi, ngoài độ tuổi 16–30; đã ghi vào “Ghi chú tuổi”.\n\
             Lưu ý dòng 6 (warning, row 6): Chưa có ngày vào Đoàn: tính là sinh hoạt tại chi đoàn từ trước mọi kỳ báo cáo.\n\
             Lưu ý dòng 6 (warning, row 6): Chưa có số thẻ đoàn viên.\n",
            "{name}"
        );
        let rows = list(&db, None);
        assert_eq!(names(&rows), ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"], "{name}: no signer is a member");
        assert_eq!(rows[0]["age_note"], format!("Vào Đoàn năm 15 tuổi (theo danh sách nhập ngày {today})"));
        assert_eq!(rows[1]["notes"], "Chuyển từ xã Thanh Hà");
    }
}

/// The CLI contract of membership: `members add` (kết nạp mới, chuyển đến, from before),
/// `members status`, `members dues`, `members dues-pay`.
#[test]
fn members_are_added_moved_and_pay_their_dues_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.sqlite3");
    let add = |args: &[&str]| -> i64 {
        let mut all = vec!["members", "add"];
        all.extend(args);
        ok(chidoan(&db, &all)).trim().parse().expect("the new member's id")
    };
    let khoi = add(&["--name", "Trần Văn Khôi", "--born", "1998-10-10", "--sex", "male", "--joined", "2014-03-26", "--arrived", "2026-05-15"]);
    let yen = add(&["--name", "Nguyễn Thị Yến", "--born", "2008-09-02", "--sex", "female", "--admitted", "2026-03-26"]);
    let hai = add(&["--name", "Bùi Văn Hải", "--born", "2002-08-15", "--sex", "male"]);
    let listed = list(&db, None);
    let by_name = |name: &str| listed.iter().find(|m| m["full_name"] == name).unwrap().clone();
    assert_eq!(by_name("Trần Văn Khôi")["id"], khoi);
    assert_eq!(by_name("Trần Văn Khôi")["status"], "transferred_in");
    assert_eq!(by_name("Nguyễn Thị Yến")["joined_on"], "2026-03-26");
    assert_eq!(by_name("Nguyễn Thị Yến")["sex"], "female");
    assert_eq!(by_name("Bùi Văn Hải")["joined_on"], Value::Null);

    ok(chidoan(&db, &["members", "dues-pay", &khoi.to_string(), "--months", "2026-05,2026-06"]));
    let dues = |id: i64, year: &str| -> Value {
        serde_json::from_str(&ok(chidoan(&db, &["members", "dues", &id.to_string(), "--year", year, "--format", "json"]))).unwrap()
    };
    assert_eq!(
        dues(khoi, "2025"),
        serde_json::json!({"owed_months": [], "paid_months": [], "behind": 0})
    );
    let months = |v: &Value| v.as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect::<Vec<_>>();
    let k = dues(khoi, "2026");
    assert_eq!(months(&k["paid_months"]), ["2026-05", "2026-06"]);
    assert_eq!(months(&k["owed_months"]).first().map(String::as_str), Some("2026-05"), "owed from his arrival");
    assert_eq!(k["behind"], months(&k["owed_months"]).len() as u64 - 2);
    // Yến owes from March, her admission.
    assert_eq!(months(&dues(yen, "2026")["owed_months"]).first().map(String::as_str), Some("2026-03"));

    // Hải, here from before any period, leaves in August with dues paid to August.
    ok(chidoan(&db, &["members", "dues-pay", &hai.to_string(), "--months", "2026-01,2026-02"]));
    let out = chidoan(&db, &["members", "status", &hai.to_string(), "transferred_out", "--on", "2026-08-20", "--note", "Chi đoàn Thôn Nam Sơn", "--paid-to", "2026-08"]);
    assert_eq!(ok(out), "Bùi Văn Hải: Chuyển đi (transferred_out)\n");
    assert_eq!(
        dues(hai, "2026"),
        serde_json::json!({
            "owed_months": ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"],
            "paid_months": ["2026-01", "2026-02"],
            "behind": 0
        })
    );
    assert!(list(&db, None).iter().all(|m| m["full_name"] != "Bùi Văn Hải"), "no longer a current member");

    // Refusals say what is wrong, in both languages, and change nothing.
    let refused = chidoan(&db, &["members", "dues-pay", &khoi.to_string(), "--months", "2026-04"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap(),
        "lỗi: Tháng 04/2026: Trần Văn Khôi không sinh hoạt tại chi đoàn trong tháng này.\nerror: 1 problem(s) in the member record\n"
    );
    let refused = chidoan(&db, &["members", "status", &hai.to_string(), "struck_off", "--on", "2026-09-01"]);
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap().lines().next().unwrap(),
        "lỗi: “Xóa tên” ngày 01/09/2026: đoàn viên không sinh hoạt tại chi đoàn vào ngày đó."
    );
    let refused = chidoan(&db, &["members", "dues-pay", &khoi.to_string(), "--months", "05/2026x"]);
    assert_eq!(String::from_utf8(refused.stderr).unwrap(), "lỗi: Tháng “05/2026x” phải có dạng YYYY-MM.\nerror: month “05/2026x” must be YYYY-MM\n");
    // Coming back: active again (re-admitted) or residing here.
    ok(chidoan(&db, &["members", "status", &hai.to_string(), "residing", "--on", "2026-10-01"]));
    assert_eq!(list(&db, Some("hai")).len(), 1);
}
