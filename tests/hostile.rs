//! Files built to hurt: sparse sheets, zip bombs, absurd numbers, control characters. Each is
//! refused within bounds (or read safely), never a crash, a freeze or a lost database.

use std::io::Write;
use std::path::Path;

use chidoan::members::import::{read_file, ImportError};

/// An .xlsx with one cell at A1 and one at XFD1048576: a dense reader would ask for 512 GiB.
#[test]
fn a_sheet_with_a_cell_at_its_far_corner_is_refused_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("thua.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Họ và tên").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let err = read_file(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Không đọc được tệp “{}”: có dữ liệu ở ô XFD1048576, ngoài giới hạn 200 cột và 100.000 dòng của một danh sách; hãy xóa ô đó hoặc chép danh sách sang bảng tính mới",
            path.display()
        )
    );
}

/// Rewrites the .xlsx at `path` with its shared strings replaced by `size` bytes of one string.
fn with_huge_shared_strings(path: &Path, size: usize) {
    let bytes = std::fs::read(path).unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        out.start_file(&name, options).unwrap();
        if name == "xl/sharedStrings.xml" {
            out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
            let chunk = vec![b'A'; 1 << 20];
            for _ in 0..size >> 20 {
                out.write_all(&chunk).unwrap();
            }
            out.write_all(b"</t></si></sst>").unwrap();
        } else {
            std::io::copy(&mut entry, &mut out).unwrap();
        }
    }
    out.finish().unwrap();
}

#[test]
fn a_shared_strings_bomb_is_refused_before_it_is_unpacked_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().write_string(0, 0, "Họ và tên").unwrap();
    book.save(&path).unwrap();
    with_huge_shared_strings(&path, 260 << 20);
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20, "a small file on disk");
    let err = read_file(&path).unwrap_err();
    assert!(matches!(err, ImportError::Read { .. }));
    assert!(err.to_string().ends_with("tệp giải nén ra hơn 256 MB, quá lớn cho một danh sách đoàn viên"), "{err}");
    // Renamed to look like an old .xls, it is still a zip, and still counted.
    let renamed = dir.path().join("BOM.XLS");
    std::fs::rename(&path, &renamed).unwrap();
    let err = read_file(&renamed).unwrap_err();
    assert!(err.to_string().ends_with("tệp giải nén ra hơn 256 MB, quá lớn cho một danh sách đoàn viên"), "{err}");
}

#[test]
fn a_list_longer_than_any_branch_is_refused_with_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dai.csv");
    let mut text = String::from("Họ và tên,Ngày sinh\n");
    for i in 0..100_000 {
        text.push_str(&format!("Đoàn viên {i},01/01/2000\n"));
    }
    std::fs::write(&path, text).unwrap();
    let err = read_file(&path).unwrap_err().to_string();
    assert!(err.contains("có dữ liệu ở ô A100001, ngoài giới hạn 200 cột và 100.000 dòng"), "{err}");
}

/// The example congress file, changed by `edit`.
fn example(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    let mut json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    edit(&mut json);
    json.to_string()
}

#[test]
fn control_characters_never_reach_the_record_the_papers_or_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let json = example(|j| {
        j["attendees"][0]["full_name"] = "Nguyễn\u{7} Văn\u{1b}[2J An\u{0}".into();
        j["elections"][0]["candidates"][0]["full_name"] = "Nguyễn\u{7} Văn\u{1b}[2J An\u{0}".into();
        j["elections"][1]["candidates"][0]["full_name"] = "Nguyễn Văn\u{9b}[2J An".into();
        j["guests"][0]["name"] = "Đồng chí\u{85} Trần Văn Tâm\u{c}".into();
        j["agenda"][0]["notes"] = "Dòng một\u{b}\nDòng hai\u{1}".into();
    });
    let file = dir.path().join("bẩn.json");
    std::fs::write(&file, format!("\u{feff}{json}")).unwrap();
    let run = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(&db).args(args).output().unwrap();
    let out = run(&["congress", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let conn = chidoan::db::open(&db, chidoan::db::StartBackup::BeforeMigration).unwrap();
    let data = chidoan::congress::load(&conn, 1).unwrap();
    assert_eq!(data.attendees[0].full_name, "Nguyễn Văn[2J An");
    assert_eq!(data.elections[0].candidates[0].full_name, "Nguyễn Văn[2J An");
    assert_eq!(data.guests[0].name, "Đồng chí Trần Văn Tâm");
    assert_eq!(data.agenda[0].notes, "Dòng một\nDòng hai");
    // The minutes as Word: well-formed XML throughout, with the cleaned name in it.
    let docx = dir.path().join("bien-ban.docx");
    assert!(run(&["congress", "minutes", "1", "--format", "docx", "--out", docx.to_str().unwrap()]).status.success());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(!xml.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')), "no control character in the XML");
    assert!(xml.contains("Nguyễn Văn[2J An"));
    let listed = run(&["congress", "list"]);
    assert!(!String::from_utf8(listed.stdout).unwrap().contains('\u{1b}'));
}

/// A legacy .xls (a compound file holding a BIFF "Workbook" stream) with a number at A1 and one
/// at IV65536: calamine would lay out every cell between them when it opens the file.
#[test]
fn a_legacy_xls_with_a_far_cell_is_refused_before_it_is_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cu.xls");
    let mut book = cfb::create(&path).unwrap();
    let mut stream = book.create_stream("/Workbook").unwrap();
    let record = |kind: u16, data: &[u8]| [&kind.to_le_bytes()[..], &(data.len() as u16).to_le_bytes(), data].concat();
    let number = |row: u16, col: u16| [&row.to_le_bytes()[..], &col.to_le_bytes(), &0u16.to_le_bytes(), &1.0f64.to_le_bytes()].concat();
    stream.write_all(&record(0x0809, &[0; 16])).unwrap();
    stream.write_all(&record(0x0203, &number(0, 0))).unwrap();
    stream.write_all(&record(0x0203, &number(65535, 255))).unwrap();
    stream.write_all(&record(0x000A, &[])).unwrap();
    drop(stream);
    book.flush().unwrap();
    drop(book);
    let err = read_file(&path).unwrap_err().to_string();
    assert!(err.contains("có dữ liệu ở ô IV65536, ngoài giới hạn 200 cột và 100.000 dòng"), "{err}");
}

/// An .ods whose one row holding a value is repeated 200,000 times.
#[test]
fn an_ods_with_a_value_repeated_down_200_000_rows_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lap.ods");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("mimetype", options).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("content.xml", options).unwrap();
    zip.write_all(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="DS"><table:table-row><table:table-cell office:value-type="string"><text:p>Họ và tên</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="200000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
            .as_bytes(),
    )
    .unwrap();
    zip.finish().unwrap();
    let err = read_file(&path).unwrap_err().to_string();
    assert!(err.contains("có dữ liệu ở ô A200001, ngoài giới hạn 200 cột và 100.000 dòng"), "{err}");
}
