//! Member lists as branches keep them (Excel .xlsx/.xls/.ods, CSV in UTF-8 or Windows-1258),
//! read into member records: the header row found below any title rows, two-row headers with
//! merged cells, the date of birth under a "Nam" or "Nữ" sub-column, header variants, and dates
//! written every common way. Nothing is written until the whole list is checked.

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader, Sheets};
use chrono::NaiveDate;
use rusqlite::{Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{validate_noting, MemberError, MemberInput, Position, Sex};
use crate::{dates, names, text::clean};

/// One cell as read from the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => dates::display(*d),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// The first sheet of a file that has anything in it; `rows[0]` is the sheet's row 1.
pub type Sheet = Vec<Vec<Cell>>;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Không đọc được tệp “{path}”: {detail}")]
    Read { path: String, detail: String },
    #[error("Tệp “{0}” không phải danh sách Excel (.xlsx, .xls, .ods) hay CSV.")]
    UnknownKind(String),
    #[error("Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong 30 dòng đầu của tệp.")]
    NoHeader,
    #[error("{0}")]
    BadMapping(String),
    #[error("Danh sách có {} dòng lỗi, chưa nhập dòng nào: {}", .0.len(), .0.iter().map(|p| format!("dòng {}: {}", p.row, p.message)).collect::<Vec<_>>().join("; "))]
    Refused(Vec<RowProblem>),
    #[error(transparent)]
    Member(#[from] MemberError),
    #[error("Lỗi cơ sở dữ liệu khi nhập danh sách: {0}")]
    Storage(#[from] rusqlite::Error),
}

/// Bounds of a list read for import: far above any branch's list, low enough that a file built
/// to exhaust memory is refused with a sentence instead of taking the app down.
pub const MAX_ROWS: u32 = 100_000;
pub const MAX_COLUMNS: u32 = 200;
/// Cells held in memory (each row as long as its last filled cell).
const MAX_CELLS: usize = 4_000_000;
/// What a zipped workbook (.xlsx, .xlsb, .ods) may unpack to, and a file's size on disk.
const MAX_UNPACKED: u64 = 256 << 20;
const MAX_FILE: u64 = 64 << 20;
/// Excel's own limit of a cell's text.
const MAX_CELL_CHARS: usize = 32_767;

/// Reads the first non-empty sheet of an .xlsx/.xls/.ods/.csv file, within the bounds above.
pub fn read_file(path: &Path) -> Result<Sheet, ImportError> {
    let shown = path.display().to_string();
    let read_error = |detail: String| ImportError::Read { path: shown.clone(), detail };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let size = std::fs::metadata(path).map_err(|e| read_error(e.to_string()))?.len();
    if size > MAX_FILE {
        return Err(read_error(format!("tệp lớn {} MB, quá giới hạn {} MB của một danh sách", size >> 20, MAX_FILE >> 20)));
    }
    match ext.as_str() {
        "csv" | "txt" => bounded(read_csv(&std::fs::read(path).map_err(|e| read_error(e.to_string()))?)).map_err(read_error),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            // By what the file is, not what it is called: any zip is counted unpacked first.
            let mut magic = [0u8; 4];
            let is_zip = std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic)).is_ok() && &magic == b"PK\x03\x04";
            if is_zip || ext != "xls" {
                unpacked_size(path).map_err(&read_error)?;
            }
            // calamine lays legacy .xls and .ods sheets out densely when it opens them: their far
            // corners are checked first.
            match (is_zip, ext.as_str()) {
                (false, _) => xls_extent(path).map_err(&read_error)?,
                (true, "ods") => ods_extent(path).map_err(&read_error)?,
                _ => {}
            }
            // A malformed file must never take the app down, even through a fault in the reader.
            let read = std::panic::catch_unwind(|| read_workbook(path))
                .unwrap_or_else(|_| Err("tệp hỏng hoặc không đúng định dạng bảng tính".to_string()));
            read.map_err(read_error)
        }
        _ => Err(ImportError::UnknownKind(shown)),
    }
}

/// The first non-empty sheet of a workbook, within the bounds.
fn read_workbook(path: &Path) -> Result<Sheet, String> {
    let mut book = open_workbook_auto(path).map_err(|e| e.to_string())?;
    for name in book.sheet_names() {
        let sheet = match &mut book {
            Sheets::Xlsx(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(|e| e.to_string())?;
                streamed(|| cells.next_cell().map_err(|e| e.to_string()))
            }
            Sheets::Xlsb(x) => {
                let mut cells = x.worksheet_cells_reader(&name).map_err(|e| e.to_string())?;
                streamed(|| cells.next_cell().map_err(|e| e.to_string()))
            }
            book => {
                let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
                from_range(&range)
            }
        }?;
        if sheet.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            return Ok(sheet);
        }
    }
    Ok(Vec::new())
}

/// Unpacks every part of a zipped workbook into nothing, counting: refuses one that unpacks to
/// more than [`MAX_UNPACKED`] (a "zip bomb" of shared strings), whatever sizes it declares.
fn unpacked_size(path: &Path) -> Result<u64, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| format!("không phải tệp bảng tính hợp lệ ({e})"))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| e.to_string())?;
        let left = MAX_UNPACKED - total;
        total += std::io::copy(&mut std::io::Read::take(entry, left + 1), &mut std::io::sink()).map_err(|e| e.to_string())?;
        if total > MAX_UNPACKED {
            return Err(format!("tệp giải nén ra hơn {} MB, quá lớn cho một danh sách đoàn viên", MAX_UNPACKED >> 20));
        }
    }
    Ok(total)
}

/// The message for data at (row, column) beyond the bounds, if it is.
fn beyond((row, col): (u32, u32)) -> Result<(), String> {
    if row >= MAX_ROWS || col >= MAX_COLUMNS {
        return Err(format!(
            "có dữ liệu ở ô {}{}, ngoài giới hạn {MAX_COLUMNS} cột và {} dòng của một danh sách; hãy xóa ô đó hoặc chép danh sách sang bảng tính mới",
            column_name(col),
            row as u64 + 1,
            number(MAX_ROWS)
        ));
    }
    Ok(())
}

/// Scans the cell records of a legacy .xls (BIFF in a compound file) for data beyond the
/// bounds. A file it cannot parse is left to calamine, which then refuses it or reads it.
fn xls_extent(path: &Path) -> Result<(), String> {
    let Ok(mut book) = cfb::open(path) else { return Ok(()) };
    let stream = ["/Workbook", "/Book"].into_iter().find_map(|name| book.open_stream(name).ok());
    let Some(stream) = stream else { return Ok(()) };
    let mut bytes = vec![];
    std::io::Read::read_to_end(&mut std::io::Read::take(stream, MAX_UNPACKED), &mut bytes).map_err(|e| e.to_string())?;
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let kind = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        let len = u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]) as usize;
        let data = &bytes[(at + 4).min(bytes.len())..(at + 4 + len).min(bytes.len())];
        let word = |i: usize| data.get(i..i + 2).map(|w| u16::from_le_bytes([w[0], w[1]]) as u32);
        // Every cell record (values, blanks, runs of them) starts with its row and column; a
        // run (MULRK, MULBLANK) ends with its last column.
        if matches!(kind, 0x0006 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00BD | 0x00BE) {
            if let (Some(row), Some(col)) = (word(0), word(2)) {
                let last = if matches!(kind, 0x00BD | 0x00BE) { word(len.saturating_sub(2)).unwrap_or(col) } else { col };
                beyond((row, col.max(last)))?;
            }
        }
        at += 4 + len;
    }
    Ok(())
}

/// Scans an .ods's content.xml for cells (or runs of repeated rows and cells) beyond the bounds.
fn ods_extent(path: &Path) -> Result<(), String> {
    use quick_xml::events::Event;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| e.to_string())?;
    let Ok(content) = zip.by_name("content.xml") else { return Ok(()) };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(std::io::Read::take(content, MAX_UNPACKED)));
    let repeat = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.try_get_attribute(name).ok().flatten().and_then(|a| a.value.parse().ok()).unwrap_or(1)
    };
    let (mut row, mut col, mut rows_here) = (0u64, 0u64, 1u64);
    let mut buf = vec![];
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| e.to_string())?;
        let (e, open) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row += rows_here;
                buf.clear();
                continue;
            }
            Event::Eof => return Ok(()),
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" => row = 0,
            "table:table-row" => {
                rows_here = repeat(e, "table:number-rows-repeated");
                col = 0;
                if !open {
                    row += rows_here;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let cols_here = repeat(e, "table:number-columns-repeated");
                let filled = open || e.try_get_attribute("office:value-type").ok().flatten().is_some();
                if filled {
                    let last = |start: u64, n: u64| (start + n - 1).min(u32::MAX as u64) as u32;
                    beyond((last(row, rows_here), last(col, cols_here)))?;
                }
                col = col.saturating_add(cols_here);
            }
            _ => {}
        }
        buf.clear();
    }
}

/// Places one cell read at (row, column) into the sheet, within the bounds.
fn place(sheet: &mut Sheet, held: &mut usize, (row, col): (u32, u32), cell: Cell) -> Result<(), String> {
    if cell.is_empty() {
        return Ok(());
    }
    beyond((row, col))?;
    if let Cell::Text(t) = &cell {
        if t.chars().count() > MAX_CELL_CHARS {
            return Err(format!("ô {}{} dài quá {MAX_CELL_CHARS} ký tự", column_name(col), row + 1));
        }
    }
    let (row, col) = (row as usize, col as usize);
    if sheet.len() <= row {
        sheet.resize_with(row + 1, Vec::new);
    }
    let cells = &mut sheet[row];
    if cells.len() <= col {
        *held += col + 1 - cells.len();
        if *held > MAX_CELLS {
            return Err(format!("bảng tính có quá nhiều ô (hơn {}), quá lớn cho một danh sách đoàn viên", number(MAX_CELLS as u32)));
        }
        cells.resize(col + 1, Cell::Empty);
    }
    cells[col] = cell;
    Ok(())
}

/// A sheet from its cells as a streaming reader gives them.
fn streamed<'a>(mut next: impl FnMut() -> Result<Option<calamine::Cell<calamine::DataRef<'a>>>, String>) -> Result<Sheet, String> {
    let (mut sheet, mut held) = (Sheet::new(), 0);
    while let Some(c) = next()? {
        place(&mut sheet, &mut held, c.get_position(), cell_of(&Data::from(c.get_value().clone())))?;
    }
    Ok(sheet)
}

/// A sheet from a range calamine built (.xls, .ods).
fn from_range(range: &calamine::Range<Data>) -> Result<Sheet, String> {
    let (mut sheet, mut held) = (Sheet::new(), 0);
    for (row, col, data) in range.used_cells() {
        let (top, left) = range.start().unwrap_or_default();
        place(&mut sheet, &mut held, (top + row as u32, left + col as u32), cell_of(data))?;
    }
    Ok(sheet)
}

/// A CSV read in full, held to the same bounds.
fn bounded(csv: Sheet) -> Result<Sheet, String> {
    let (mut sheet, mut held) = (Sheet::new(), 0);
    for (r, row) in csv.into_iter().enumerate() {
        for (c, cell) in row.into_iter().enumerate() {
            place(&mut sheet, &mut held, (r.min(u32::MAX as usize) as u32, c.min(u32::MAX as usize) as u32), cell)?;
        }
        if sheet.len() <= r && r < MAX_ROWS as usize {
            sheet.resize_with(r + 1, Vec::new);
        }
    }
    Ok(sheet)
}

/// "A", "Z", "AA", … "XFD".
fn column_name(mut col: u32) -> String {
    let mut name = String::new();
    loop {
        name.insert(0, (b'A' + (col % 26) as u8) as char);
        if col < 26 {
            return name;
        }
        col = col / 26 - 1;
    }
}

/// "100.000".
fn number(n: u32) -> String {
    crate::documents::number(n as u64)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "x".into() } else { String::new() }),
        Data::DateTime(dt) => dates::from_excel(dt.as_f64()).map(Cell::Date).unwrap_or(Cell::Empty),
        Data::DateTimeIso(s) => s.get(..10).and_then(dates::parse).map(Cell::Date).unwrap_or(Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// Decodes CSV or text bytes: UTF-16 with its BOM (Excel's "Unicode Text (*.txt)"), UTF-8 (a
/// BOM is dropped) or, when not valid UTF-8, Windows-1258 (what Vietnamese Excel writes for
/// "CSV (Comma delimited)"). The separator is the one of tab, semicolon and comma that the
/// first lines hold most of.
pub fn read_csv(bytes: &[u8]) -> Sheet {
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes).filter(|(e, _)| *e != encoding_rs::UTF_8) {
        encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned()
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(_) => encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned(),
        }
    };
    let head: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
    let delimiter = [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|&d| (head.matches(d as char).count(), d == b','))
        .unwrap_or(b',');
    // A blank line is a row too (the CSV reader would skip it), so rows keep Excel's numbers;
    // not inside a quoted cell, where it is part of the text.
    let mut marked = String::with_capacity(text.len());
    let mut quoted = false;
    for line in text.split_inclusive('\n') {
        if !quoted && line.trim().is_empty() {
            marked.push(delimiter as char);
        }
        marked.push_str(line);
        quoted ^= line.matches('"').count() % 2 == 1;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(marked.as_bytes());
    // One past the bounds is kept, so that `bounded` names what is too far.
    reader
        .records()
        .filter_map(Result::ok)
        .take(MAX_ROWS as usize + 1)
        .map(|record| record.iter().take(MAX_COLUMNS as usize + 1).map(csv_cell).collect())
        .collect()
}

/// A CSV field: empty, or its text without the apostrophe Excel (and our export) puts before a
/// text that would read as a formula.
fn csv_cell(field: &str) -> Cell {
    if field.trim().is_empty() {
        return Cell::Empty;
    }
    let text = field.strip_prefix('\'').filter(|rest| rest.starts_with(['=', '+', '-', '@'])).unwrap_or(field);
    Cell::Text(text.to_string())
}

/// What a column of the list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportField {
    FullName,
    /// "Họ và tên đệm" when the given name has its own column.
    FamilyAndMiddle,
    GivenName,
    OtherName,
    Sex,
    DateOfBirth,
    /// A date of birth written under "Nam": also gives the sex.
    BirthIfMale,
    BirthIfFemale,
    Hometown,
    Residence,
    Ethnicity,
    Religion,
    IdNumber,
    Phone,
    Email,
    Occupation,
    Education,
    Qualification,
    PoliticalTheory,
    ItLevel,
    LanguageLevel,
    JoinedOn,
    JoinedPlace,
    CardNumber,
    PartyIntroducedOn,
    PartyMemberSince,
    Position,
    /// Why a member joined outside the ages 16–30 ("Ghi chú tuổi").
    AgeNote,
    /// "Có lương" (higher dues).
    Salaried,
    Notes,
}

impl ImportField {
    pub const ALL: [ImportField; 30] = [
        ImportField::FullName,
        ImportField::FamilyAndMiddle,
        ImportField::GivenName,
        ImportField::OtherName,
        ImportField::Sex,
        ImportField::DateOfBirth,
        ImportField::BirthIfMale,
        ImportField::BirthIfFemale,
        ImportField::Hometown,
        ImportField::Residence,
        ImportField::Ethnicity,
        ImportField::Religion,
        ImportField::IdNumber,
        ImportField::Phone,
        ImportField::Email,
        ImportField::Occupation,
        ImportField::Education,
        ImportField::Qualification,
        ImportField::PoliticalTheory,
        ImportField::ItLevel,
        ImportField::LanguageLevel,
        ImportField::JoinedOn,
        ImportField::JoinedPlace,
        ImportField::CardNumber,
        ImportField::PartyIntroducedOn,
        ImportField::PartyMemberSince,
        ImportField::Position,
        ImportField::AgeNote,
        ImportField::Salaried,
        ImportField::Notes,
    ];

    pub fn label(self) -> &'static str {
        use ImportField as F;
        match self {
            F::FullName => "Họ và tên",
            F::FamilyAndMiddle => "Họ và tên đệm",
            F::GivenName => "Tên",
            F::OtherName => "Tên gọi khác",
            F::Sex => "Giới tính",
            F::DateOfBirth => "Ngày sinh",
            F::BirthIfMale => "Ngày sinh (cột Nam)",
            F::BirthIfFemale => "Ngày sinh (cột Nữ)",
            F::Hometown => "Quê quán",
            F::Residence => "Nơi ở hiện nay",
            F::Ethnicity => "Dân tộc",
            F::Religion => "Tôn giáo",
            F::IdNumber => "Số CCCD",
            F::Phone => "Số điện thoại",
            F::Email => "Email",
            F::Occupation => "Nghề nghiệp, nơi làm việc",
            F::Education => "Trình độ văn hóa",
            F::Qualification => "Trình độ chuyên môn",
            F::PoliticalTheory => "Lý luận chính trị",
            F::ItLevel => "Tin học",
            F::LanguageLevel => "Ngoại ngữ",
            F::JoinedOn => "Ngày vào Đoàn",
            F::JoinedPlace => "Nơi vào Đoàn",
            F::CardNumber => "Số thẻ đoàn",
            F::PartyIntroducedOn => "Ngày giới thiệu vào Đảng",
            F::PartyMemberSince => "Ngày vào Đảng",
            F::Position => "Chức vụ",
            F::AgeNote => "Ghi chú tuổi",
            F::Salaried => "Có lương",
            F::Notes => "Ghi chú",
        }
    }
}

/// Header texts (folded: no marks, lower case, letters and digits only) and their fields.
const ALIASES: &[(&str, ImportField)] = &[
    ("hovaten", ImportField::FullName),
    ("hoten", ImportField::FullName),
    ("hovatendoanvien", ImportField::FullName),
    ("hotendoanvien", ImportField::FullName),
    ("hovatenkhaisinh", ImportField::FullName),
    ("hovatendem", ImportField::FamilyAndMiddle),
    ("hodem", ImportField::FamilyAndMiddle),
    ("hovadem", ImportField::FamilyAndMiddle),
    ("ten", ImportField::GivenName),
    ("tengoikhac", ImportField::OtherName),
    ("tenkhac", ImportField::OtherName),
    ("gioitinh", ImportField::Sex),
    ("gioi", ImportField::Sex),
    ("namnu", ImportField::Sex),
    ("ngaysinh", ImportField::DateOfBirth),
    ("ngaythangnamsinh", ImportField::DateOfBirth),
    ("sinhngay", ImportField::DateOfBirth),
    ("namsinh", ImportField::DateOfBirth),
    ("quequan", ImportField::Hometown),
    ("nguyenquan", ImportField::Hometown),
    ("noiohiennay", ImportField::Residence),
    ("chohiennay", ImportField::Residence),
    ("noio", ImportField::Residence),
    ("diachi", ImportField::Residence),
    ("thuongtru", ImportField::Residence),
    ("noithuongtru", ImportField::Residence),
    ("dantoc", ImportField::Ethnicity),
    ("tongiao", ImportField::Religion),
    ("socccd", ImportField::IdNumber),
    ("cccd", ImportField::IdNumber),
    ("socmnd", ImportField::IdNumber),
    ("cmnd", ImportField::IdNumber),
    ("socmndcccd", ImportField::IdNumber),
    ("cmndcccd", ImportField::IdNumber),
    ("sodinhdanh", ImportField::IdNumber),
    ("sodienthoai", ImportField::Phone),
    ("dienthoai", ImportField::Phone),
    ("sdt", ImportField::Phone),
    ("dt", ImportField::Phone),
    ("email", ImportField::Email),
    ("thudientu", ImportField::Email),
    ("nghenghiep", ImportField::Occupation),
    ("noilamviec", ImportField::Occupation),
    ("donvicongtac", ImportField::Occupation),
    ("congviec", ImportField::Occupation),
    ("nghenghiepnoilamviec", ImportField::Occupation),
    ("trinhdovanhoa", ImportField::Education),
    ("vanhoa", ImportField::Education),
    ("hocvan", ImportField::Education),
    ("trinhdohocvan", ImportField::Education),
    ("trinhdochuyenmon", ImportField::Qualification),
    ("chuyenmon", ImportField::Qualification),
    ("lyluanchinhtri", ImportField::PoliticalTheory),
    ("trinhdolyluanchinhtri", ImportField::PoliticalTheory),
    ("llct", ImportField::PoliticalTheory),
    ("tinhoc", ImportField::ItLevel),
    ("trinhdotinhoc", ImportField::ItLevel),
    ("ngoaingu", ImportField::LanguageLevel),
    ("trinhdongoaingu", ImportField::LanguageLevel),
    ("ngayvaodoan", ImportField::JoinedOn),
    ("ngayketnap", ImportField::JoinedOn),
    ("ngayketnapdoan", ImportField::JoinedOn),
    ("ngaythangnamvaodoan", ImportField::JoinedOn),
    ("noivaodoan", ImportField::JoinedPlace),
    ("noiketnap", ImportField::JoinedPlace),
    ("sothedoan", ImportField::CardNumber),
    ("sothedoanvien", ImportField::CardNumber),
    ("sothe", ImportField::CardNumber),
    ("ngaygioithieuvaodang", ImportField::PartyIntroducedOn),
    ("ngayvaodang", ImportField::PartyMemberSince),
    ("ngayketnapdang", ImportField::PartyMemberSince),
    ("chucvu", ImportField::Position),
    ("chucvudoan", ImportField::Position),
    ("ghichutuoi", ImportField::AgeNote),
    ("coluong", ImportField::Salaried),
    ("huongluong", ImportField::Salaried),
    ("ghichu", ImportField::Notes),
];

/// Header text in the form [`ALIASES`] uses.
fn header_key(text: &str) -> String {
    names::fold(text).chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

fn field_of(header: &str) -> Option<ImportField> {
    let key = header_key(header);
    ALIASES.iter().find(|(alias, _)| *alias == key).map(|&(_, f)| f)
}

/// One column of the list: where it is, what its header says, and what it is read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnMap {
    /// 0-based column ("A" is 0).
    pub index: u32,
    /// "A", "B", …
    pub letter: String,
    pub header: String,
    pub field: Option<ImportField>,
}

fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Where the header is and how the columns map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// 0-based index of the first data row candidate (after the header rows).
    pub data_start: usize,
    /// 1-based sheet row of the (first) header row.
    pub header_row: usize,
    pub columns: Vec<ColumnMap>,
}

fn is_sex_word(text: &str) -> Option<Sex> {
    match header_key(text).as_str() {
        "nam" => Some(Sex::Male),
        "nu" => Some(Sex::Female),
        _ => None,
    }
}

/// Finds the header row (the first of the first 30 rows naming a name column and at least one
/// other known column), a second header row below it, and maps every column.
pub fn detect(sheet: &Sheet) -> Result<Layout, ImportError> {
    let is_name = |f: ImportField| matches!(f, ImportField::FullName | ImportField::GivenName | ImportField::FamilyAndMiddle);
    let top = (0..sheet.len().min(30))
        .find(|&r| {
            let fields: Vec<ImportField> = sheet[r].iter().filter_map(|c| field_of(&c.text())).collect();
            fields.iter().any(|&f| is_name(f)) && fields.len() >= 2
        })
        .ok_or(ImportError::NoHeader)?;
    let width = sheet.iter().skip(top).take(50).map(Vec::len).max().unwrap_or(0);
    let head = |r: usize, c: usize| sheet.get(r).and_then(|row| row.get(c)).map(Cell::text).unwrap_or_default();

    // A second header row holds sub-headers ("Nam" / "Nữ", or names of known columns) and no data.
    let below = top + 1;
    let name_columns: Vec<usize> = (0..width).filter(|&c| field_of(&head(top, c)).is_some_and(is_name)).collect();
    let second = below < sheet.len()
        && name_columns.iter().all(|&c| head(below, c).trim().is_empty())
        && (0..width).any(|c| {
            let t = head(below, c);
            is_sex_word(&t).is_some() || (field_of(&t).is_some() && head(top, c).trim().is_empty())
        })
        && (0..width).all(|c| !matches!(sheet[below].get(c), Some(Cell::Date(_))));

    let mut columns = Vec::new();
    let mut carried = String::new();
    for c in 0..width {
        let upper = clean(&head(top, c));
        let lower = if second { clean(&head(below, c)) } else { String::new() };
        // A header merged across columns has its text in the first cell only.
        let upper = if upper.is_empty() && !lower.is_empty() { carried.clone() } else { upper };
        if !upper.is_empty() {
            carried = upper.clone();
        }
        let upper_field = field_of(&upper);
        let field = match (is_sex_word(&lower), upper_field) {
            (Some(Sex::Male), Some(ImportField::DateOfBirth)) => Some(ImportField::BirthIfMale),
            (Some(Sex::Female), Some(ImportField::DateOfBirth)) => Some(ImportField::BirthIfFemale),
            _ => field_of(&lower).or(upper_field),
        };
        let header = match (upper.is_empty(), lower.is_empty()) {
            (false, false) => format!("{upper} / {lower}"),
            (false, true) => upper,
            (true, _) => lower,
        };
        columns.push(ColumnMap { index: c as u32, letter: column_letter(c), header, field });
    }
    // The first column of each field wins; a later duplicate is left unmapped.
    let mut seen = std::collections::HashSet::new();
    for col in &mut columns {
        if let Some(f) = col.field {
            if !seen.insert(f) {
                col.field = None;
            }
        }
    }
    Ok(Layout { data_start: top + 1 + usize::from(second), header_row: top + 1, columns })
}

/// Checks a mapping chosen in the preview: a name column, and no field twice.
pub fn check_mapping(columns: &[ColumnMap]) -> Result<(), ImportError> {
    let has = |f| columns.iter().any(|c| c.field == Some(f));
    let has_name = has(ImportField::FullName) || (has(ImportField::GivenName) && has(ImportField::FamilyAndMiddle));
    if !has_name {
        return Err(ImportError::BadMapping(
            "Hãy chọn cột “Họ và tên” (hoặc hai cột “Họ và tên đệm” và “Tên”).".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for c in columns {
        if let Some(f) = c.field {
            if !seen.insert(f) {
                return Err(ImportError::BadMapping(format!("Cột {} và một cột khác cùng được đọc là một thông tin.", c.letter)));
            }
        }
    }
    Ok(())
}

/// A row that is a caption, a footer or column numbers, not a member.
fn is_decoration(row: &[Cell]) -> bool {
    let texts: Vec<String> = row.iter().filter(|c| !c.is_empty()).map(Cell::text).collect();
    texts.is_empty()
        || texts.iter().all(|t| {
            let t = t.trim().trim_start_matches('(').trim_end_matches(')');
            !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Where the table ends: a totals line, a count of the list, the place-and-date line, or a
/// signature block ("Người lập biểu", "T/M Ban Chấp hành", "Bí thư"), in whatever column they
/// stand. Everything below (the signers' names) is not a member either.
fn is_footer(row: &[Cell]) -> bool {
    const FOOTERS: [&str; 11] = [
        "nguoi lap",
        "tm.",
        "t/m",
        "tm ",
        "xac nhan",
        "tong cong",
        "tong so",
        "cong:",
        "danh sach nay co",
        "danh sach co",
        "ky ten",
    ];
    // Titles that sign a list; alone on their row (a member's position stands beside a name).
    const SIGNERS: [&str; 5] = ["bi thu", "pho bi thu", "thu truong", "chu tich", "nguoi lap bieu"];
    let texts: Vec<String> = row.iter().filter(|c| !c.is_empty()).map(|c| names::fold(&c.text())).collect();
    let place_and_date = |t: &String| t.contains(", ngay ") && t.contains(" thang ") && t.contains(" nam ");
    texts.iter().take(3).any(|t| FOOTERS.iter().any(|f| t.starts_with(f)) || place_and_date(t))
        || !texts.is_empty() && texts.len() <= 2 && texts.iter().all(|t| SIGNERS.iter().any(|s| t.trim_end_matches(['.', ':']) == *s))
}

/// A data row read into a member record, with what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    /// 1-based row number in the sheet, as the user sees it in Excel.
    pub row: u32,
    pub input: MemberInput,
    pub problems: Vec<String>,
}

fn read_date(cell: &Cell, label: &str, problems: &mut Vec<String>) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Date(d) => dates::display(*d),
        Cell::Number(n) if *n >= 3000.0 => dates::from_excel(*n).map(dates::display).unwrap_or_default(),
        Cell::Number(n) => {
            problems.push(format!("{label} chỉ có “{n}”, cần đủ ngày/tháng/năm."));
            String::new()
        }
        Cell::Text(t) => {
            let t = t.trim();
            if !t.is_empty() && dates::parse(t).is_none() {
                problems.push(format!("{label} “{t}” không đúng dạng ngày/tháng/năm."));
                return String::new();
            }
            t.to_string()
        }
    }
}

/// Reads the data rows under the header.
pub fn read_rows(sheet: &Sheet, data_start: usize, columns: &[ColumnMap]) -> Vec<ReadRow> {
    let mut out = Vec::new();
    for (r, row) in sheet.iter().enumerate().skip(data_start) {
        if is_footer(row) {
            break;
        }
        if is_decoration(row) {
            continue;
        }
        let mut input = MemberInput::default();
        let mut problems = Vec::new();
        let mut family_middle = String::new();
        let mut given = String::new();
        for col in columns {
            let Some(field) = col.field else { continue };
            let cell = row.get(col.index as usize).unwrap_or(&Cell::Empty);
            let text = clean(&cell.text());
            use ImportField as F;
            match field {
                F::FullName => input.full_name = text,
                F::FamilyAndMiddle => family_middle = text,
                F::GivenName => given = text,
                F::OtherName => input.other_name = text,
                F::Sex => {
                    input.sex = match header_key(&text).as_str() {
                        "" => input.sex,
                        "nam" | "m" | "male" => Some(Sex::Male),
                        "nu" | "f" | "female" => Some(Sex::Female),
                        _ => {
                            problems.push(format!("Giới tính “{text}” phải là Nam hoặc Nữ."));
                            None
                        }
                    }
                }
                F::DateOfBirth | F::BirthIfMale | F::BirthIfFemale => {
                    let date = read_date(cell, "Ngày sinh", &mut problems);
                    if date.is_empty() {
                        continue;
                    }
                    if !input.date_of_birth.is_empty() {
                        problems.push("Ngày sinh ghi ở cả cột Nam và cột Nữ.".into());
                    }
                    input.date_of_birth = date;
                    match field {
                        F::BirthIfMale => input.sex = Some(Sex::Male),
                        F::BirthIfFemale => input.sex = Some(Sex::Female),
                        _ => {}
                    }
                }
                F::Hometown => input.hometown = text,
                F::Residence => input.residence = text,
                F::Ethnicity => input.ethnicity = text,
                F::Religion => input.religion = text,
                F::IdNumber => input.id_number = text,
                F::Phone => {
                    // Excel drops the leading 0 of a phone number typed as a number.
                    input.phone = match cell {
                        Cell::Number(_) if text.len() == 9 && !text.starts_with('0') => format!("0{text}"),
                        _ => text,
                    }
                }
                F::Email => input.email = text,
                F::Occupation => input.occupation = text,
                F::Education => input.education = text,
                F::Qualification => input.qualification = text,
                F::PoliticalTheory => input.political_theory = text,
                F::ItLevel => input.it_level = text,
                F::LanguageLevel => input.language_level = text,
                F::JoinedOn => input.joined_on = read_date(cell, "Ngày vào Đoàn", &mut problems),
                F::JoinedPlace => input.joined_place = text,
                F::CardNumber => input.card_number = text,
                F::PartyIntroducedOn => {
                    input.party_introduced_on = read_date(cell, "Ngày giới thiệu vào Đảng", &mut problems)
                }
                F::PartyMemberSince => input.party_member_since = read_date(cell, "Ngày vào Đảng", &mut problems),
                F::Position => {
                    input.position = match header_key(&text).as_str() {
                        "bithu" => Position::Secretary,
                        "phobithu" => Position::DeputySecretary,
                        "uyvienbch" | "uvbch" | "uyvien" | "bch" => Position::Committee,
                        _ => Position::Member,
                    }
                }
                F::AgeNote => input.age_note = text,
                F::Salaried => {
                    let key = header_key(&text);
                    input.salaried = !(key.is_empty() || key.starts_with("khong") || matches!(key.as_str(), "0" | "no"));
                }
                F::Notes => input.notes = crate::text::clean_lines(&cell.text()),
            }
        }
        if input.full_name.is_empty() {
            input.full_name = clean(&format!("{family_middle} {given}"));
        }
        let has_data = [&input.date_of_birth, &input.card_number, &input.phone, &input.joined_on]
            .iter()
            .any(|s| !s.is_empty());
        if input.full_name.is_empty() && !has_data && problems.is_empty() {
            continue; // A row with nothing of a member in it.
        }
        out.push(ReadRow { row: r as u32 + 1, input, problems });
    }
    out
}

/// A problem of one row, by its sheet row number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RowProblem {
    pub row: u32,
    pub message: String,
    /// The row repeats a member of the list or of the registry.
    pub duplicate: bool,
}

/// A row of the preview table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    pub row: u32,
    pub full_name: String,
    pub sex: Option<Sex>,
    pub date_of_birth: String,
    pub card_number: String,
    pub phone: String,
    pub ok: bool,
    /// Unusual but real facts: the row is imported, the warning shown.
    pub warnings: Vec<String>,
}

/// Everything the import dialog shows before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportPreview {
    pub file: String,
    pub header_row: u32,
    pub columns: Vec<ColumnMap>,
    pub rows: Vec<PreviewRow>,
    pub valid: u32,
    pub problems: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
}

/// What the check of one row found: errors (the row cannot be imported) and warnings (it is, and
/// the warning is shown).
struct RowCheck {
    problems: Vec<RowProblem>,
    warnings: Vec<RowProblem>,
}

/// Where an unexplained joining age came from, for the note kept on the member.
fn source(today: chrono::NaiveDate) -> String {
    format!("theo danh sách nhập ngày {}", dates::display(today))
}

/// Checks every row: the record rules, and duplicates within the list (same card number, or
/// same name and date of birth) and against the registry. Unusual facts are warnings.
fn check(conn: &Connection, rows: &[ReadRow]) -> Result<Vec<RowCheck>, ImportError> {
    let today = crate::today();
    let mut existing_cards: HashMap<String, String> = HashMap::new();
    let mut existing_people: HashMap<(String, String), String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT full_name, date_of_birth, card_number FROM member")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let name: String = r.get(0)?;
            if let Some(card) = r.get::<_, Option<String>>(2)? {
                existing_cards.insert(card, name.clone());
            }
            if let Some(dob) = r.get::<_, Option<String>>(1)? {
                existing_people.insert((names::fold(&name), dob), name);
            }
        }
    }
    let mut seen_cards: HashMap<String, u32> = HashMap::new();
    let mut seen_people: HashMap<(String, String), u32> = HashMap::new();
    let mut all = Vec::with_capacity(rows.len());
    for row in rows {
        let mut problems: Vec<RowProblem> =
            row.problems.iter().map(|m| RowProblem { row: row.row, message: m.clone(), duplicate: false }).collect();
        let mut warnings = vec![];
        let mut duplicate = |message: String| problems.push(RowProblem { row: row.row, message, duplicate: true });
        match validate_noting(&row.input, today, &source(today)) {
            Err(found) => {
                problems.extend(found.into_iter().map(|p| RowProblem { row: row.row, message: p.message, duplicate: false }))
            }
            Ok(v) => {
                warnings = super::warnings(&v, today).into_iter().map(|message| RowProblem { row: row.row, message, duplicate: false }).collect();
                if let Some(card) = &v.card_number {
                    if let Some(name) = existing_cards.get(card) {
                        duplicate(format!("Số thẻ đoàn {card} đã có trong sổ (đoàn viên {name})."));
                    } else if let Some(first) = seen_cards.insert(card.clone(), row.row) {
                        duplicate(format!("Số thẻ đoàn {card} trùng với dòng {first}."));
                    }
                }
                if let Some(dob) = v.date_of_birth.map(dates::iso) {
                    let key = (names::fold(&v.input.full_name), dob);
                    if let Some(name) = existing_people.get(&key) {
                        duplicate(format!("{name}, sinh {}, đã có trong sổ.", v.input.date_of_birth));
                    } else if let Some(first) = seen_people.insert(key, row.row) {
                        duplicate(format!("{}, sinh {}, trùng với dòng {first}.", v.input.full_name, v.input.date_of_birth));
                    }
                }
            }
        }
        all.push(RowCheck { problems, warnings });
    }
    Ok(all)
}

/// Reads and checks a list without writing anything. `columns` replaces the detected mapping.
pub fn preview(conn: &Connection, path: &Path, columns: Option<Vec<ColumnMap>>) -> Result<ImportPreview, ImportError> {
    let sheet = read_file(path)?;
    let layout = detect(&sheet)?;
    let columns = columns.unwrap_or(layout.columns);
    check_mapping(&columns)?;
    let rows = read_rows(&sheet, layout.data_start, &columns);
    let checked = check(conn, &rows)?;
    let preview_rows = rows
        .iter()
        .zip(&checked)
        .map(|(r, p)| PreviewRow {
            row: r.row,
            full_name: r.input.full_name.clone(),
            sex: r.input.sex,
            date_of_birth: r.input.date_of_birth.clone(),
            card_number: r.input.card_number.clone(),
            phone: r.input.phone.clone(),
            ok: p.problems.is_empty(),
            warnings: p.warnings.iter().map(|w| w.message.clone()).collect(),
        })
        .collect::<Vec<_>>();
    Ok(ImportPreview {
        file: path.display().to_string(),
        header_row: layout.header_row as u32,
        columns,
        valid: preview_rows.iter().filter(|r| r.ok).count() as u32,
        rows: preview_rows,
        warnings: checked.iter().flat_map(|c| c.warnings.clone()).collect(),
        problems: checked.into_iter().flat_map(|c| c.problems).collect(),
    })
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportOutcome {
    pub imported: u32,
    /// Rows left out (with `skip_invalid`), with their problems.
    pub skipped: Vec<RowProblem>,
    /// Rows imported with something unusual about them.
    pub warnings: Vec<RowProblem>,
}

/// Imports a list in one transaction. Without `skip_invalid`, any bad or duplicate row refuses
/// the whole list; with it, only the good rows are written and the others are reported.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    columns: Option<Vec<ColumnMap>>,
    skip_invalid: bool,
) -> Result<ImportOutcome, ImportError> {
    let sheet = read_file(path)?;
    let layout = detect(&sheet)?;
    let columns = columns.unwrap_or(layout.columns);
    check_mapping(&columns)?;
    let rows = read_rows(&sheet, layout.data_start, &columns);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let checked = check(&tx, &rows)?;
    let skipped: Vec<RowProblem> = checked.iter().flat_map(|c| c.problems.clone()).collect();
    if !skipped.is_empty() && !skip_invalid {
        return Err(ImportError::Refused(skipped));
    }
    let today = crate::today();
    let (mut imported, mut warnings) = (0, vec![]);
    for (row, check) in rows.iter().zip(checked) {
        if check.problems.is_empty() {
            let valid = validate_noting(&row.input, today, &source(today)).map_err(MemberError::Invalid)?;
            super::store::write(&tx, None, &valid)?;
            imported += 1;
            warnings.extend(check.warnings);
        }
    }
    tx.commit()?;
    Ok(ImportOutcome { imported, skipped, warnings })
}

#[cfg(test)]
mod tests;
