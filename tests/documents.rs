//! The congress papers as a secretary gets them: written by the CLI from the example congress,
//! read back from the PDF with pdftotext and from the DOCX's XML, and every DOCX opened by
//! LibreOffice. Needs poppler-utils and libreoffice-writer-nogui (the README's test command
//! installs them); a missing tool fails the test.

// Reads the papers back with pdftotext and LibreOffice, which the Linux machines have.
#![cfg(target_os = "linux")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chidoan::db::{self, StartBackup};
use chidoan::documents::{self, congress as papers, Format};

fn chidoan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(db).args(args).env_remove("CHIDOAN_DB").output().unwrap()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// A database with the unit set and the example congress imported (congress 1).
fn example(dir: &Path) -> PathBuf {
    let db = dir.join("c.sqlite3");
    ok(chidoan(&db, &["unit", "set", "--name", "Chi đoàn Thôn Đồng Quỹ", "--superior", "Đoàn xã Thanh Hải", "--place", "Hà Nam", "--abbrev", "CĐ"]));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/congress-example.json");
    assert_eq!(ok(chidoan(&db, &["congress", "import", fixture.to_str().unwrap()])), "Đã nhập đại hội số 1 (imported congress 1).\n");
    db
}

/// Text with every run of white space made one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's text line by line as laid out, so that a table row reads as one line.
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().expect("pdftotext (poppler-utils) is needed");
    assert!(out.status.success());
    squeeze(&String::from_utf8(out.stdout).unwrap())
}

fn pdf_pages(path: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo (poppler-utils) is needed");
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// The text of word/document.xml: each paragraph's runs joined, paragraphs and cells spaced.
fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut styles = String::new();
    zip.by_name("word/styles.xml").unwrap().read_to_string(&mut styles).unwrap();
    // Every font slot is Times New Roman, so Word never substitutes a face for Vietnamese.
    assert!(styles.contains(
        r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" />"#
    ));
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        if tag.starts_with("w:t") && !tag.starts_with("w:tbl") && !tag.starts_with("w:tc") && !tag.starts_with("w:tr") && !tag.ends_with('/') {
            let close = rest[end..].find("</w:t>").unwrap() + end;
            text.push_str(&unescape(&rest[end + 1..close]));
            rest = &rest[close + 6..];
            continue;
        }
        if tag == "/w:p" {
            text.push(' ');
        }
        rest = &rest[end + 1..];
    }
    squeeze(&text)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Page numbers at the top centre from page 2 on, none on page 1: each page's first line is
/// its number. The signatures never stand alone on the last page: a line of the body (a
/// sentence, ending in "." or ":") is there with them.
fn numbered(pdf: &Path) {
    let pages = pdf_pages(pdf);
    let last = Command::new("pdftotext").args(["-f", &pages.to_string(), "-l", &pages.to_string()]).arg(pdf).arg("-").output().unwrap();
    let last = String::from_utf8(last.stdout).unwrap();
    assert!(
        pages == 1 || last.lines().map(str::trim).any(|l| l.ends_with('.') || l.ends_with(':')),
        "{}: the last page holds only the signatures:\n{last}",
        pdf.display()
    );
    for page in 1..=pages {
        let out = Command::new("pdftotext").args(["-f", &page.to_string(), "-l", &page.to_string(), "-layout"]).arg(pdf).arg("-").output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let first = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default().to_string();
        if page == 1 {
            assert!(first.parse::<u32>().is_err(), "{}: page 1 carries a number: {first:?}", pdf.display());
        } else {
            assert_eq!(first, page.to_string(), "{}: page {page} is not numbered at the top", pdf.display());
        }
    }
}

/// LibreOffice opens and converts the DOCX without error; the pages are numbered from 2.
fn converts(docx: &Path) {
    let dir = docx.parent().unwrap().join("soffice");
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(docx)
        .env("HOME", docx.parent().unwrap())
        .output()
        .expect("soffice (libreoffice-writer-nogui) is needed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join(docx.file_stem().unwrap()).with_extension("pdf");
    assert!(pdf_pages(&pdf) >= 1, "{} did not convert", docx.display());
    numbered(&pdf);
}

/// Writes a paper in both formats with the CLI; returns the PDF's and the DOCX's text.
fn both(db: &Path, dir: &Path, name: &str, args: &[&str]) -> (String, String) {
    let pdf = dir.join(format!("{name}.pdf"));
    let docx = dir.join(format!("{name}.docx"));
    for (format, out) in [("pdf", &pdf), ("docx", &docx)] {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", format, "--out", out.to_str().unwrap()]);
        assert_eq!(ok(chidoan(db, &all)), format!("Đã ghi (written) {}\n", out.display()));
    }
    converts(&docx);
    numbered(&pdf);
    (pdf_text(&pdf), docx_text(&docx))
}

fn assert_has(text: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(text.contains(&squeeze(w)), "missing {w:?} in:\n{text}");
    }
}

const HEADER: [&str; 6] = [
    "ĐOÀN XÃ THANH HẢI",
    "CHI ĐOÀN THÔN ĐỒNG QUỸ",
    "***",
    "ĐOÀN TNCS HỒ CHÍ MINH",
    "Hà Nam, ngày 28 tháng 4 năm 2025",
    "Nguyễn Văn An", // the presidium's chair signs
];

#[test]
fn the_counting_report_says_everything_required_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let (pdf, docx) = both(&db, dir.path(), "kiem-phieu", &["congress", "tally-report", "1", "1"]);
    for text in [&pdf, &docx] {
        assert_has(text, &HEADER);
        assert_has(
            text,
            &[
                "Số: …-BB/CĐ",
                "BIÊN BẢN KIỂM PHIẾU",
                "Bầu Ban Chấp hành",
                "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X",
                "Vào lúc 10 giờ 05, ngày 28 tháng 4 năm 2025, tại Nhà văn hóa thôn Đồng Quỹ, Ban Kiểm phiếu Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X gồm các đồng chí:",
                "1. Đồng chí Đỗ Minh Khoa – Trưởng ban",
                "2. Đồng chí Bùi Văn Long",
                "- Số người cần bầu: 3.",
                "- Số người trong danh sách bầu cử: 4.",
                "- Số đoàn viên được triệu tập: 9; có mặt: 8.",
                "- Số phiếu phát ra: 8.",
                "- Số phiếu thu vào: 8.",
                "- Số phiếu hợp lệ: 7.",
                "- Số phiếu không hợp lệ: 1.",
                "Tỷ lệ phần trăm tính trên số phiếu hợp lệ (7).",
                "1 Nguyễn Văn An 7 100,00% Trúng cử",
                "2 Trần Thị Bình 6 85,71% Trúng cử",
                "3 Lê Thị Cúc 5 71,43% Trúng cử",
                "4 Vũ Thu Hà 3 42,86% Không trúng cử",
                "1. Đồng chí Nguyễn Văn An: 7 phiếu, đạt 100,00%.",
                "2. Đồng chí Trần Thị Bình: 6 phiếu, đạt 85,71%.",
                "3. Đồng chí Lê Thị Cúc: 5 phiếu, đạt 71,43%.",
                // Signed by every member of the counting committee.
                "BAN KIỂM PHIẾU",
                "TRƯỞNG BAN",
                "THÀNH VIÊN",
                "Đỗ Minh Khoa",
            ],
        );
        assert_eq!(text.matches("Bùi Văn Long").count(), 2, "listed, and signing");
        assert!(!text.contains("T/M ĐOÀN CHỦ TỊCH"), "the counting committee's own paper");
    }
}

#[test]
fn the_minutes_record_the_whole_congress() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let (pdf, docx) = both(&db, dir.path(), "bien-ban", &["congress", "minutes", "1"]);
    for text in [&pdf, &docx] {
        assert_has(text, &HEADER);
        assert_has(
            text,
            &[
                "BIÊN BẢN ĐẠI HỘI",
                "ĐẠI HỘI CHI ĐOÀN THÔN ĐỒNG QUỸ LẦN THỨ X",
                "Nhiệm kỳ 2025 - 2027",
                "Vào lúc 07 giờ 30, ngày 28 tháng 4 năm 2025, tại Nhà văn hóa thôn Đồng Quỹ",
                "- Tổng số đoàn viên được triệu tập: 9.",
                "- Số đoàn viên có mặt: 8.",
                "- Số vắng mặt có lý do: 1: Ngô Thị Mai (Ốm).",
                "- Số vắng mặt không có lý do: 0.",
                "Số đoàn viên có mặt đạt 88,89% số được triệu tập (cần ít nhất 2/3): Đại hội đủ điều kiện tiến hành.",
                "- Đồng chí Trần Văn Tâm, Bí thư Đoàn xã Thanh Hải",
                "Đoàn Chủ tịch: 1. Đồng chí Nguyễn Văn An – Chủ trì",
                "Đoàn Thư ký: 1. Đồng chí Hoàng Thị Lan – Trưởng đoàn",
                "1. Báo cáo kết quả nhiệm kỳ 2022 - 2025, phương hướng nhiệm kỳ 2025 - 2027",
                "Chi đoàn hoàn thành 12/12 chỉ tiêu.",
                "- Thông qua số lượng Ban Chấp hành nhiệm kỳ 2025 - 2027: 3 đồng chí: 7 tán thành (87,50%), 1 không tán thành, 0 ý kiến khác trên 8 có mặt. Thông qua.",
                "- Thông qua Nghị quyết Đại hội: 8 tán thành (100,00%), 0 không tán thành, 0 ý kiến khác trên 8 có mặt. Thông qua.",
                "1 Nguyễn Văn An 7 100,00% Trúng cử",
                "Bầu Bí thư Chi đoàn",
                "1. Đồng chí Nguyễn Văn An: 8 phiếu, đạt 100,00%.",
                "Bầu đại biểu dự Đại hội Đoàn xã (Chưa có kết quả được xác nhận.)",
                "Đại hội bế mạc vào lúc 11 giờ 15 cùng ngày.",
                "THƯ KÝ ĐẠI HỘI",
                "Hoàng Thị Lan",
            ],
        );
    }
}

#[test]
fn the_rules_and_the_list_of_the_elected() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let (pdf, docx) = both(&db, dir.path(), "the-le", &["congress", "rules", "1", "1"]);
    for text in [&pdf, &docx] {
        assert_has(text, &HEADER);
        assert_has(
            text,
            &[
                "Số: …-TL/CĐ",
                "THỂ LỆ BẦU CỬ",
                "Đại hội bầu 3 đồng chí.",
                "Danh sách bầu cử gồm 4 đồng chí, xếp theo thứ tự tên: 1. Nguyễn Văn An 2. Trần Thị Bình 3. Lê Thị Cúc 4. Vũ Thu Hà",
                "- Phiếu để lại nhiều hơn số lượng cần bầu (3);",
                "Người trúng cử phải có số phiếu bầu quá một nửa (trên 50%) so với tổng số phiếu hợp lệ.",
            ],
        );
    }
    let (pdf, docx) = both(&db, dir.path(), "trung-cu", &["congress", "elected", "1"]);
    for text in [&pdf, &docx] {
        assert_has(
            text,
            &[
                "Số: …-DS/CĐ",
                "DANH SÁCH TRÚNG CỬ",
                "Bầu Ban Chấp hành STT Họ và tên Số phiếu Tỷ lệ Ghi chú 1 Nguyễn Văn An 7 100,00% 2 Trần Thị Bình 6 85,71% 3 Lê Thị Cúc 5 71,43%",
                "Bầu Bí thư Chi đoàn STT Họ và tên Số phiếu Tỷ lệ Ghi chú 1 Nguyễn Văn An 8 100,00%",
                "Bầu đại biểu dự Đại hội Đoàn xã (Chưa có người trúng cử.)",
            ],
        );
    }
}

#[test]
fn ballot_papers_four_to_a_page_one_for_each_person_present_and_the_spare() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let out = dir.path().join("phieu-bau.pdf");
    ok(chidoan(&db, &["congress", "ballots", "1", "Bầu Ban Chấp hành", "--out", out.to_str().unwrap()]));
    // Eight present: two pages of four.
    assert_eq!(pdf_pages(&out), 2);
    ok(chidoan(&db, &["congress", "ballots", "1", "Bầu Ban Chấp hành", "--spare", "4", "--out", out.to_str().unwrap()]));
    // And four spare: three pages.
    assert_eq!(pdf_pages(&out), 3);
    let text = pdf_text(&out);
    assert_eq!(text.matches("PHIẾU BẦU CỬ").count(), 12);
    // Side-by-side ballots share lines: count each numbered name.
    for name in ["1. Nguyễn Văn An", "2. Trần Thị Bình", "3. Lê Thị Cúc", "4. Vũ Thu Hà"] {
        assert_eq!(text.matches(name).count(), 12, "{name}");
    }
    assert_eq!(text.matches("Dấu của Đại hội").count(), 12);
    // The congress's name wraps inside the narrow header; its start is on every ballot.
    assert_eq!(text.matches("ĐẠI HỘI CHI ĐOÀN THÔN ĐỒNG").count(), 12);
    assert_eq!(text.matches("BẦU BAN CHẤP HÀNH").count(), 12);
    // How to vote, on every ballot: 3 to elect from 4.
    assert_eq!(text.matches("Bầu 3 trong 4 người;").count(), 12, "{text}");
    assert_eq!(text.matches("người không đồng ý.").count(), 12, "{text}");
}

#[test]
fn every_line_of_the_model_is_in_both_renderings() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let conn = db::open(&db, StartBackup::BeforeMigration).unwrap();
    for doc in [papers::minutes(&conn, 1).unwrap(), papers::tally_report(&conn, 1, "1", None).unwrap()] {
        let pdf = dir.path().join("doc.pdf");
        let docx = dir.path().join("doc.docx");
        documents::save(&doc, Format::Pdf, &pdf).unwrap();
        documents::save(&doc, Format::Docx, &docx).unwrap();
        let (pdf, docx) = (pdf_text(&pdf), docx_text(&docx));
        for line in doc.lines().iter().map(|l| squeeze(l)).filter(|l| !l.is_empty()) {
            assert!(pdf.contains(&line), "PDF lacks {line:?}");
            assert!(docx.contains(&line), "DOCX lacks {line:?}");
        }
    }
}

#[test]
fn an_unknown_election_or_an_undecided_round_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let out = dir.path().join("x.pdf");
    let refused = chidoan(&db, &["congress", "tally-report", "1", "7", "--format", "pdf", "--out", out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(String::from_utf8(refused.stderr).unwrap(), "lỗi: Không tìm thấy cuộc bầu cử.\nerror: not found: cuộc bầu cử\n");
    assert!(!out.exists());
}

#[test]
fn the_attendance_list_and_the_whole_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let (pdf, docx) = both(&db, dir.path(), "danh-sach", &["congress", "paper", "1", "attendance-list"]);
    for text in [&pdf, &docx] {
        assert_has(
            text,
            &[
                "Số: …-DS/CĐ",
                "DANH SÁCH ĐOÀN VIÊN DỰ ĐẠI HỘI",
                "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X",
                "STT Họ và tên Chức vụ Ký tên",
                "1 Nguyễn Văn An",
                "9 Ngô Thị Mai",
                "Danh sách có 9 đoàn viên.",
                "T/M ĐOÀN CHỦ TỊCH",
            ],
        );
    }
    // The dossier: every paper in both formats, named in Vietnamese, in filing order.
    let out = dir.path().join("Hồ sơ Đại hội");
    let printed = ok(chidoan(&db, &["congress", "dossier", "1", "--out", out.to_str().unwrap()]));
    assert!(printed.ends_with(&format!("Đã ghi 9 văn bản vào (wrote 9 papers to) {}\n", out.display())), "{printed}");
    let mut files: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    files.sort();
    let stems = [
        "01 Danh sách đoàn viên dự Đại hội",
        "02 Biên bản Đại hội",
        "03 Thể lệ bầu cử - Bầu Ban Chấp hành",
        "04 Biên bản kiểm phiếu - Bầu Ban Chấp hành",
        "05 Thể lệ bầu cử - Bầu Bí thư Chi đoàn",
        "06 Biên bản kiểm phiếu - Bầu Bí thư Chi đoàn",
        // The delegates' round is not confirmed: its rules, no counting report.
        "07 Thể lệ bầu cử - Bầu đại biểu dự Đại hội Đoàn xã",
        "08 Danh sách trúng cử",
        "09 Nghị quyết Đại hội",
    ];
    let mut want: Vec<String> = stems.iter().flat_map(|s| [format!("{s}.docx"), format!("{s}.pdf")]).collect();
    want.sort();
    assert_eq!(files, want);
    assert!(pdf_text(&out.join("04 Biên bản kiểm phiếu - Bầu Ban Chấp hành.pdf")).contains("BIÊN BẢN KIỂM PHIẾU"));
    assert_eq!(papers::file_name("Bầu: BCH / Bí thư? \"mới\"."), "Bầu BCH Bí thư mới");
    assert_eq!(papers::file_name("con"), "Văn bản con", "a name Windows keeps for a device");
    assert_eq!(papers::file_name("COM1.txt"), "Văn bản COM1.txt");
    assert_eq!(papers::file_name(" ?? "), "Văn bản");
    // The window's export goes into a folder of its own, never over an earlier one.
    assert_eq!(papers::new_folder(dir.path(), "Hồ sơ: Đại hội lần X?"), dir.path().join("Hồ sơ Đại hội lần X"));
    assert_eq!(papers::new_folder(dir.path(), "Hồ sơ Đại hội"), dir.path().join("Hồ sơ Đại hội (2)"), "the folder written above stays");
}

#[test]
fn the_resolution_states_what_the_congress_decided() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let (pdf, docx) = both(&db, dir.path(), "nghi-quyet", &["congress", "paper", "1", "resolution"]);
    for text in [&pdf, &docx] {
        assert_has(
            text,
            &[
                "Số: …-NQ/CĐ",
                "NGHỊ QUYẾT",
                "ĐẠI HỘI CHI ĐOÀN THÔN ĐỒNG QUỸ LẦN THỨ X, NHIỆM KỲ 2025 - 2027",
                "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X họp ngày 28 tháng 4 năm 2025, tại Nhà văn hóa thôn Đồng Quỹ, với 8/9 đoàn viên được triệu tập có mặt.",
                "QUYẾT NGHỊ:",
                "1. Thông qua chương trình Đại hội.",
                "2. Thông qua số lượng Ban Chấp hành nhiệm kỳ 2025 - 2027: 3 đồng chí.",
                "3. Kết quả bầu Ban Chấp hành: các đồng chí Nguyễn Văn An, Trần Thị Bình, Lê Thị Cúc trúng cử.",
                "4. Kết quả bầu Bí thư Chi đoàn: đồng chí Nguyễn Văn An trúng cử.",
                "5. Giao Ban Chấp hành Chi đoàn Thôn Đồng Quỹ khóa mới xây dựng chương trình hành động, lãnh đạo đoàn viên, thanh niên thực hiện thắng lợi Nghị quyết Đại hội.",
                "Nghị quyết này được Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X thông qua toàn văn ngày 28/04/2025.",
                "T/M ĐOÀN CHỦ TỊCH",
            ],
        );
        // The term once in the title; the candidate list and the vote on the resolution itself are
        // not decisions of it; the unconfirmed delegates' round elects nobody yet.
        assert_eq!(text.matches("NHIỆM KỲ 2025 - 2027").count(), 1);
        assert!(!text.contains("danh sách bầu cử") && !text.contains("Thông qua Nghị quyết") && !text.contains("Đoàn xã:"));
    }
    assert_eq!(pdf_pages(&dir.path().join("nghi-quyet.pdf")), 1, "one page");
}
