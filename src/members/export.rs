//! The member list out of the app: an .xlsx laid out like an official list (the Union header,
//! title, header row, real Excel dates shown dd/mm/yyyy, total and signature), and a CSV with
//! a BOM that Excel opens with the right letters. Both can be imported back.

use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use super::Member;
use crate::{dates, unit::Unit};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Không ghi được tệp “{path}”: {detail}")]
    Write { path: String, detail: String },
}

const HEADERS: [&str; 14] = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Quê quán",
    "Nơi ở hiện nay",
    "Ngày vào Đoàn",
    "Số thẻ đoàn",
    "Số điện thoại",
    "Chức vụ",
    "Trạng thái",
    "Ghi chú",
];

/// The cells of one member in [`HEADERS`] order (dates as text for CSV).
fn cells(index: usize, m: &Member) -> [String; 14] {
    let date = |d: &Option<String>| d.as_deref().and_then(dates::parse).map(dates::display).unwrap_or_default();
    [
        (index + 1).to_string(),
        m.full_name.clone(),
        date(&m.date_of_birth),
        m.sex.map(|s| s.label().to_string()).unwrap_or_default(),
        m.ethnicity.clone(),
        m.religion.clone(),
        m.hometown.clone(),
        m.residence.clone(),
        date(&m.joined_on),
        m.card_number.clone().unwrap_or_default(),
        m.phone.clone(),
        m.position.label().to_string(),
        m.status.label().to_string(),
        m.notes.clone(),
    ]
}

fn write_error(path: &Path) -> impl Fn(XlsxError) -> ExportError + '_ {
    move |e| ExportError::Write { path: path.display().to_string(), detail: e.to_string() }
}

/// Writes the list as an A4 landscape workbook.
pub fn xlsx(path: &Path, unit: Option<&Unit>, members: &[Member], today: chrono::NaiveDate) -> Result<(), ExportError> {
    let err = write_error(path);
    let font = |f: Format| f.set_font_name("Times New Roman").set_font_size(12);
    let plain = font(Format::new());
    let centered = font(Format::new()).set_align(FormatAlign::Center);
    let bold_centered = centered.clone().set_bold();
    let title = font(Format::new()).set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let italic_centered = centered.clone().set_italic();
    let head = font(Format::new())
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let cell = font(Format::new()).set_border(FormatBorder::Thin);
    let cell_centered = cell.clone().set_align(FormatAlign::Center);
    let date_cell = cell_centered.clone().set_num_format("dd/mm/yyyy");

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách đoàn viên").map_err(&err)?;
    sheet.set_paper_size(9).set_landscape().set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    for (col, width) in [5.0, 26.0, 12.0, 8.0, 9.0, 10.0, 18.0, 22.0, 12.0, 12.0, 13.0, 12.0, 16.0, 14.0].iter().enumerate() {
        sheet.set_column_width(col as u16, *width).map_err(&err)?;
    }
    let last = (HEADERS.len() - 1) as u16;
    let (superior, issuer, place) = unit
        .map(|u| (u.superior.to_uppercase(), u.name.to_uppercase(), u.place.clone()))
        .unwrap_or_default();
    sheet.merge_range(0, 0, 0, 3, &superior, &centered).map_err(&err)?;
    sheet.merge_range(0, 8, 0, last, "ĐOÀN TNCS HỒ CHÍ MINH", &bold_centered).map_err(&err)?;
    sheet.merge_range(1, 0, 1, 3, &issuer, &bold_centered).map_err(&err)?;
    sheet.merge_range(1, 8, 1, last, &crate::unit::date_line(&place, today), &italic_centered).map_err(&err)?;
    sheet.merge_range(2, 0, 2, 3, "***", &centered).map_err(&err)?;
    sheet.merge_range(4, 0, 4, last, "DANH SÁCH ĐOÀN VIÊN", &title).map_err(&err)?;
    sheet
        .merge_range(5, 0, 5, last, &format!("(Tính đến ngày {})", dates::display(today)), &italic_centered)
        .map_err(&err)?;
    const HEAD_ROW: u32 = 7;
    for (col, text) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(HEAD_ROW, col as u16, *text, &head).map_err(&err)?;
    }
    sheet.set_repeat_rows(HEAD_ROW, HEAD_ROW).map_err(&err)?;
    for (i, m) in members.iter().enumerate() {
        let row = HEAD_ROW + 1 + i as u32;
        for (col, text) in cells(i, m).iter().enumerate() {
            let col = col as u16;
            let date = match col {
                2 => m.date_of_birth.as_deref(),
                8 => m.joined_on.as_deref(),
                _ => None,
            }
            .and_then(dates::parse);
            if let Some(d) = date {
                let excel = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(&err)?;
                sheet.write_date_with_format(row, col, &excel, &date_cell).map_err(&err)?;
            } else {
                let format = if matches!(col, 0 | 3 | 9 | 10) { &cell_centered } else { &cell };
                sheet.write_string_with_format(row, col, text, format).map_err(&err)?;
            }
        }
    }
    let after = HEAD_ROW + 2 + members.len() as u32;
    sheet
        .write_string_with_format(after, 1, format!("Danh sách này có {} đoàn viên.", members.len()), &plain)
        .map_err(&err)?;
    sheet.merge_range(after + 2, 8, after + 2, last, "T/M BAN CHẤP HÀNH", &bold_centered).map_err(&err)?;
    sheet.merge_range(after + 3, 8, after + 3, last, "BÍ THƯ", &bold_centered).map_err(&err)?;
    let bytes = book.save_to_buffer().map_err(&err)?;
    write(path, &bytes)
}

/// Writes a file the user chose, saying plainly when another program holds it.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::files::write(path, bytes).map_err(|detail| ExportError::Write { path: path.display().to_string(), detail })
}

/// The separator of a CSV file: Excel splits columns by the list separator of the PC's regional
/// settings, a comma with English ones, a semicolon with Vietnamese ones (where the comma is the
/// decimal mark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Separator {
    #[default]
    Comma,
    Semicolon,
}

/// Writes the list as UTF-8 CSV with a BOM (so Excel shows Vietnamese letters) and CRLF line
/// ends, with the separator of the Excel it is meant for.
pub fn csv(path: &Path, members: &[Member], separator: Separator) -> Result<(), ExportError> {
    let err = |e: &dyn std::fmt::Display| ExportError::Write { path: path.display().to_string(), detail: e.to_string() };
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(if separator == Separator::Semicolon { b';' } else { b',' })
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer.write_record(HEADERS).map_err(|e| err(&e))?;
        for (i, m) in members.iter().enumerate() {
            let row = cells(i, m);
            writer.write_record(row.iter().map(|c| as_text(c).into_owned())).map_err(|e| err(&e))?;
        }
        writer.flush().map_err(|e| err(&e))?;
    }
    write(path, &out)
}

/// A cell Excel will show as the text it is: one that starts like a formula (= + - @, a tab
/// or a carriage return) gets the usual leading apostrophe, unless it is a plain number.
pub fn as_text(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula_like = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula_like && cell.parse::<f64>().is_err() {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn formulas_stay_text_in_excel() {
        assert_eq!(as_text("=HYPERLINK(\"http://x\",\"bấm\")"), "'=HYPERLINK(\"http://x\",\"bấm\")");
        for cell in ["+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\tx", "\rx"] {
            assert_eq!(as_text(cell), format!("'{cell}"));
        }
        for cell in ["-5", "+3.5", "Nguyễn Văn An", "0912345678", ""] {
            assert_eq!(as_text(cell), cell);
        }
    }
}
