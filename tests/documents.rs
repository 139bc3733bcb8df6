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

#[path = "support/dong_quy.rs"]
mod dong_quy;

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
/// its number, counted from the first page of its paper (an annex starts again: its first page
/// opens with the Union's header). The signatures never stand alone on a paper's last page: a
/// line of the body (a sentence, ending in "." or ":") is there with them.
fn numbered(pdf: &Path) {
    let page_text = |page: u32, layout: bool| {
        let mut command = Command::new("pdftotext");
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
        if layout {
            command.arg("-layout");
        }
        String::from_utf8(command.arg(pdf).arg("-").output().unwrap().stdout).unwrap()
    };
    let holds_body = |page: u32| page_text(page, false).lines().map(str::trim).any(|l| l.ends_with('.') || l.ends_with(':'));
    let pages = pdf_pages(pdf);
    let mut page_of_paper = 0;
    for page in 1..=pages {
        let text = page_text(page, true);
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or_default().to_string();
        page_of_paper += 1;
        if page == 1 || first.parse::<u32>().is_err() {
            assert!(first.contains("ĐOÀN TNCS HỒ CHÍ MINH"), "{}: page {page} is not numbered at the top: {first:?}", pdf.display());
            // The page before ended the paper before this one.
            assert!(page_of_paper <= 2 || holds_body(page - 1), "{}: page {} holds only the signatures", pdf.display(), page - 1);
            page_of_paper = 1;
        } else {
            assert_eq!(first, page_of_paper.to_string(), "{}: page {page} carries the wrong number", pdf.display());
            let next = lines.next().unwrap_or_default();
            assert!(!next.contains("ĐOÀN TNCS HỒ CHÍ MINH"), "{}: page {page} starts a paper, yet carries a number", pdf.display());
        }
    }
    assert!(page_of_paper == 1 || holds_body(pages), "{}: the last page holds only the signatures", pdf.display());
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
    assert_eq!(text.matches("ĐẠI HỘI CHI ĐOÀN THÔN").count(), 12);
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
    assert!(printed.ends_with(&format!("Đã ghi 10 văn bản vào (wrote 10 papers to) {}\n", out.display())), "{printed}");
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
        // The Bí thư is elected by the congress itself: no first meeting; no Phó Bí thư.
        "10 Tờ trình đề nghị công nhận kết quả bầu cử",
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

/// A congress of twelve members from the registry (some details filled in, some not): four
/// count the votes, the congress elects a BCH of three, and the BCH's first meeting elects the
/// Bí thư and the Phó Bí thư. Returns the database.
fn from_registry(dir: &Path) -> PathBuf {
    use chidoan::congress::election::{self, BallotEntry, ElectionInput, RoundOptions};
    use chidoan::congress::*;
    use chidoan::db::Connection;
    use chidoan::members::{self, MemberInput, Sex};
    let db = dir.join("r.sqlite3");
    ok(chidoan(&db, &["unit", "set", "--name", "Chi đoàn Thôn Đồng Quỹ", "--superior", "Đoàn xã Thanh Hải", "--place", "Hà Nam", "--abbrev", "CĐ"]));
    let mut conn = db::open(&db, StartBackup::BeforeMigration).unwrap();
    let names = [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà", "Phạm Văn Dũng", "Đỗ Minh Khoa", "Bùi Văn Long",
        "Trịnh Văn Phúc", "Mai Thị Quỳnh", "Hoàng Thị Lan", "Hồ Văn Sơn", "Ngô Thị Mai",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut input = MemberInput { full_name: name.to_string(), date_of_birth: format!("{:02}/0{}/199{}", i + 3, i % 9 + 1, i % 10), ..Default::default() };
        match i {
            // The registry knows everything about An, a party member.
            0 => {
                input.sex = Some(Sex::Male);
                input.ethnicity = "Kinh".into();
                input.religion = "Không".into();
                input.education = "12/12".into();
                input.qualification = "Cử nhân Kinh tế".into();
                input.political_theory = "Sơ cấp".into();
                input.party_member_since = "19/05/2019".into();
                input.occupation = "Kế toán Hợp tác xã Đồng Quỹ".into();
            }
            // Of Bình, only her sex and religion; Cúc has no date of birth recorded.
            1 => {
                input.sex = Some(Sex::Female);
                input.religion = "Công giáo".into();
            }
            2 => input.date_of_birth.clear(),
            _ => {}
        }
        members::create(&mut conn, &input, &Default::default()).unwrap();
    }
    let id = create(&mut conn, &dong_quy::congress()).unwrap();
    let ids: Vec<i64> = members::list(&conn, &Default::default(), chidoan::today()).unwrap().rows.iter().map(|m| m.id).collect();
    summon_members(&mut conn, id, &ids).unwrap();
    mark_all_present(&mut conn, id).unwrap();
    let attendees = load(&conn, id).unwrap().attendees;
    let who = |name: &str| attendees.iter().find(|a| a.full_name == name).unwrap().id;
    set_attendance(&mut conn, who("Ngô Thị Mai"), Attendance::Excused, "Ốm").unwrap();
    set_seat(&mut conn, who("Hoàng Thị Lan"), Body::Presidium, 2).unwrap();
    set_seat(&mut conn, who("Hồ Văn Sơn"), Body::Secretariat, 2).unwrap();
    set_seat(&mut conn, who("Đỗ Minh Khoa"), Body::Counting, 2).unwrap();
    for counter in ["Bùi Văn Long", "Trịnh Văn Phúc", "Mai Thị Quỳnh"] {
        set_seat(&mut conn, who(counter), Body::Counting, 1).unwrap();
    }
    let crossed = |positions: &[u32]| BallotEntry { crossed: positions.to_vec(), invalid: None };
    let elect = |conn: &mut Connection, input: ElectionInput, list: &[&str], ballots: &[&[u32]], read_at: &str| {
        let e = election::create(conn, id, &input).unwrap();
        let list: Vec<Candidate> = list.iter().map(|n| Candidate { id: 0, attendee_id: Some(who(n)), full_name: String::new() }).collect();
        election::set_candidates(conn, e, &list).unwrap();
        let round = load(conn, id).unwrap().elections.iter().find(|x| x.id == e).unwrap().rounds[0].id;
        let options = RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(ballots.len() as u32) };
        election::set_options(conn, round, &options).unwrap();
        for b in ballots {
            election::enter_ballot(conn, round, 1, &crossed(b)).unwrap();
        }
        election::confirm(conn, round, read_at).unwrap();
    };
    let input = |title: &str, kind: ElectionKind| ElectionInput {
        title: title.into(),
        kind,
        seats: 1,
        alternates: 0,
        base: chidoan::tally::Base::Valid,
        held_by: HeldBy::Congress,
        meeting: Meeting::default(),
    };
    // 11 present: Hà is crossed on 8 ballots, An on 2, Cúc on 1.
    let mut bch: Vec<&[u32]> = vec![&[4]; 8];
    bch.extend([&[1][..], &[1, 4], &[3]]);
    elect(&mut conn, ElectionInput { seats: 3, ..input("Bầu Ban Chấp hành", ElectionKind::Committee) }, &["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"], &bch, "9:40");
    let meeting = Meeting { held_on: Some("28/04/2025".into()), starts_at: "11h30".into(), place: "Nhà văn hóa thôn Đồng Quỹ".into(), present: Some(3) };
    let first = |title: &str, kind: ElectionKind| ElectionInput { held_by: HeldBy::FirstMeeting, meeting: meeting.clone(), ..input(title, kind) };
    elect(&mut conn, first("Bầu Bí thư Chi đoàn", ElectionKind::Secretary), &["Nguyễn Văn An"], &[&[], &[], &[]], "11:40");
    elect(&mut conn, first("Bầu Phó Bí thư Chi đoàn", ElectionKind::Deputy), &["Trần Thị Bình"], &[&[], &[], &[1]], "11:50");
    db
}

#[test]
fn the_first_meeting_and_the_approval_request_come_from_the_results_and_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let db = from_registry(dir.path());

    let (pdf, docx) = both(&db, dir.path(), "hoi-nghi-bch", &["congress", "paper", "1", "first-meeting"]);
    for text in [&pdf, &docx] {
        assert_has(
            text,
            &[
                "Số: …-BB/CĐ",
                "BIÊN BẢN HỘI NGHỊ BAN CHẤP HÀNH LẦN THỨ NHẤT",
                "Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027",
                // The meeting's own time, as entered ("11h30").
                "Vào lúc 11 giờ 30, ngày 28 tháng 4 năm 2025, tại Nhà văn hóa thôn Đồng Quỹ, Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027, họp hội nghị lần thứ nhất, sau khi được Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X bầu ra.",
                "- Tổng số ủy viên Ban Chấp hành: 3.",
                "- Số ủy viên có mặt: 3; vắng mặt: 0.",
                "1. Đồng chí Trần Thị Bình",
                "3. Đồng chí Nguyễn Văn An",
                "Hội nghị tiến hành bầu Bí thư, Phó Bí thư theo Điều lệ Đoàn, bằng hình thức bỏ phiếu kín.",
                "Bầu Bí thư Chi đoàn",
                "- Số ủy viên Ban Chấp hành được triệu tập: 3; có mặt: 3.",
                "Tỷ lệ phần trăm tính trên số phiếu hợp lệ (3).",
                "Căn cứ kết quả kiểm phiếu, đồng chí có số phiếu quá một nửa số phiếu hợp lệ (3) trúng cử:",
                "1. Đồng chí Nguyễn Văn An: 3 phiếu, đạt 100,00%.",
                "Bầu Phó Bí thư Chi đoàn",
                "1. Đồng chí Trần Thị Bình: 2 phiếu, đạt 66,67%.",
                "Biên bản được thông qua tại hội nghị.",
                "CHỦ TRÌ HỘI NGHỊ",
                "THƯ KÝ HỘI NGHỊ",
            ],
        );
        assert!(!text.contains("đoàn viên được triệu tập"), "the BCH votes at its first meeting, not the members");
    }

    let (pdf, docx) = both(&db, dir.path(), "to-trinh", &["congress", "paper", "1", "approval-request"]);
    for text in [&pdf, &docx] {
        assert_has(
            text,
            &[
                "Số: …-TTr/CĐ",
                "TỜ TRÌNH",
                "Về việc đề nghị công nhận kết quả bầu Ban Chấp hành, Bí thư, Phó Bí thư Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027",
                "Kính gửi: Ban Thường vụ Đoàn xã Thanh Hải.",
                "Căn cứ kết quả Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X ngày 28/04/2025 và Hội nghị Ban Chấp hành lần thứ nhất ngày 28/04/2025;",
                "Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027, kính trình Ban Thường vụ Đoàn xã Thanh Hải xem xét, công nhận kết quả bầu cử như sau:",
                "1. Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027, gồm 3 đồng chí: Trần Thị Bình, Lê Thị Cúc, Nguyễn Văn An.",
                "2. Bí thư: đồng chí Nguyễn Văn An.",
                "3. Phó Bí thư: đồng chí Trần Thị Bình.",
                "(Có danh sách trích ngang kèm theo.)",
                "Kính đề nghị Ban Thường vụ Đoàn xã Thanh Hải xem xét, công nhận.",
                "Nơi nhận:",
                "- Như kính gửi;",
                "T/M BAN CHẤP HÀNH",
                "BÍ THƯ",
                "DANH SÁCH TRÍCH NGANG",
                "(Kèm theo Tờ trình số …-TTr/CĐ ngày 28/04/2025 của Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027)",
                "Danh sách có 3 đồng chí.",
            ],
        );
    }
    // Each row as the registry has it, blank where it has nothing: never invented.
    let docx_rows = [
        "1 Nguyễn Văn An 03/01/1990 Nam Kinh Không 12/12 Cử nhân Kinh tế Sơ cấp 19/05/2019 Kế toán Hợp tác xã Đồng Quỹ Bí thư",
        "2 Trần Thị Bình 04/02/1991 Nữ Công giáo Phó Bí thư",
        "3 Lê Thị Cúc Ủy viên Ban Chấp hành",
    ];
    assert_has(&docx, &docx_rows);
    // The PDF wraps long cells onto a second line of their row.
    assert_has(&pdf, &["1 Nguyễn Văn An 03/01/1990 Nam Kinh Không 12/12 Sơ cấp 19/05/2019", "2 Trần Thị Bình 04/02/1991 Nữ Công giáo Phó Bí thư", "3 Lê Thị Cúc Chấp hành"]);
    // The Tờ trình on an upright page, its list on one turned sideways, in the PDF and in the
    // DOCX as LibreOffice lays it out.
    let size = |pdf: &Path, page: u32| {
        let out = Command::new("pdfinfo").args(["-f", &page.to_string(), "-l", &page.to_string()]).arg(pdf).output().unwrap();
        let info = String::from_utf8(out.stdout).unwrap();
        let line = info.lines().find(|l| l.starts_with(&format!("Page    {page} size:"))).unwrap().to_string();
        let mm = |pt: &str| (pt.parse::<f64>().unwrap() * 25.4 / 72.0).round() as u32;
        let words: Vec<&str> = line.split_whitespace().collect();
        (mm(words[3]), mm(words[5]))
    };
    for pdf in [dir.path().join("to-trinh.pdf"), dir.path().join("soffice/to-trinh.pdf")] {
        assert_eq!(pdf_pages(&pdf), 2, "{}", pdf.display());
        assert_eq!((size(&pdf, 1), size(&pdf, 2)), ((210, 297), (297, 210)), "{}", pdf.display());
    }

    // The counting report is signed by all four counters, their head first.
    let (pdf, docx) = both(&db, dir.path(), "kiem-phieu", &["congress", "tally-report", "1", "1"]);
    for text in [&pdf, &docx] {
        assert_has(text, &["BAN KIỂM PHIẾU", "TRƯỞNG BAN", "Đỗ Minh Khoa", "THÀNH VIÊN", "Bùi Văn Long", "Trịnh Văn Phúc", "Mai Thị Quỳnh"]);
        assert_eq!(text.matches("THÀNH VIÊN").count(), 3);
    }

    // The dossier holds both, in filing order.
    let out = dir.path().join("hs");
    let printed = ok(chidoan(&db, &["congress", "dossier", "1", "--out", out.to_str().unwrap()]));
    assert!(printed.ends_with(&format!("Đã ghi 12 văn bản vào (wrote 12 papers to) {}\n", out.display())), "{printed}");
    let mut stems: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|f| f.strip_suffix(".pdf").map(str::to_string))
        .collect();
    stems.sort();
    assert_eq!(
        stems,
        [
            "01 Danh sách đoàn viên dự Đại hội",
            "02 Biên bản Đại hội",
            "03 Thể lệ bầu cử - Bầu Ban Chấp hành",
            "04 Biên bản kiểm phiếu - Bầu Ban Chấp hành",
            "05 Thể lệ bầu cử - Bầu Bí thư Chi đoàn",
            "06 Biên bản kiểm phiếu - Bầu Bí thư Chi đoàn",
            "07 Thể lệ bầu cử - Bầu Phó Bí thư Chi đoàn",
            "08 Biên bản kiểm phiếu - Bầu Phó Bí thư Chi đoàn",
            "09 Biên bản hội nghị Ban Chấp hành lần thứ nhất",
            "10 Danh sách trúng cử",
            "11 Nghị quyết Đại hội",
            "12 Tờ trình đề nghị công nhận kết quả bầu cử",
        ]
    );
    // Every paper of the dossier: numbered, never a signature block alone; every DOCX opens.
    for stem in &stems {
        numbered(&out.join(format!("{stem}.pdf")));
        converts(&out.join(format!("{stem}.docx")));
    }
}

#[test]
fn papers_without_their_results_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = example(dir.path());
    let out = dir.path().join("x.pdf");
    // The example elects its Bí thư at the congress itself: there is no first meeting.
    let refused = chidoan(&db, &["congress", "paper", "1", "first-meeting", "--format", "pdf", "--out", out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8(refused.stderr).unwrap().starts_with("lỗi: Đại hội chưa có cuộc bầu nào do Hội nghị Ban Chấp hành lần thứ nhất tiến hành"));
    assert!(!out.exists());
}

#[test]
fn a_first_meeting_without_a_confirmed_result_is_left_out_of_the_dossier_and_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = from_registry(dir.path());
    let mut conn = db::open(&db, StartBackup::BeforeMigration).unwrap();
    // The Bí thư and Phó Bí thư results are unlocked again: the meeting has nothing to report.
    for e in &chidoan::congress::load(&conn, 1).unwrap().elections[1..] {
        chidoan::congress::election::unlock(&mut conn, e.rounds[0].id, "Nhập lại phiếu").unwrap();
    }
    let names: Vec<String> = papers::dossier(&conn, 1).unwrap().into_iter().map(|(name, _)| name).collect();
    // Neither their counting reports nor the meeting's minutes: 12 papers less 3.
    assert_eq!(names.len(), 9);
    assert!(!names.iter().any(|n| n.contains("hội nghị") || n.contains("Biên bản kiểm phiếu - Bầu Bí thư")), "{names:?}");
    assert_eq!(names[8], "09 Tờ trình đề nghị công nhận kết quả bầu cử");
    let request = papers::approval_request(&conn, 1).unwrap().lines();
    assert!(request.contains(&"Về việc đề nghị công nhận kết quả bầu Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027".to_string()));
    assert!(request.contains(&"Căn cứ kết quả Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X ngày 28/04/2025;".to_string()));
    assert!(!request.iter().any(|l| l.contains("Bí thư: ") || l.contains("lần thứ nhất")), "{request:?}");
    // Every member of the BCH an Ủy viên, in the order of their votes; nobody to sign yet.
    let list = papers::approval_request(&conn, 1).unwrap().annexes.remove(0);
    let Some(documents::Block::Table { rows, .. }) = list.blocks.get(1) else { panic!("the list") };
    let posts: Vec<(&str, &str)> = rows.iter().map(|r| (r[1].as_str(), r[11].as_str())).collect();
    assert_eq!(posts, [("Trần Thị Bình", "Ủy viên Ban Chấp hành"), ("Lê Thị Cúc", "Ủy viên Ban Chấp hành"), ("Nguyễn Văn An", "Ủy viên Ban Chấp hành")]);
    assert_eq!(list.signatures[0].name, "");
    // The meeting's own minutes still say that nothing is confirmed.
    let minutes = papers::first_meeting(&conn, 1).unwrap().lines();
    assert_eq!(minutes.iter().filter(|l| *l == "(Chưa có kết quả được xác nhận.)").count(), 2);
}
