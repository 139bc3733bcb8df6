//! A document as an Excel sheet, for the reports the level above collects in Excel: the header,
//! the title, each paragraph on a row, each table as cells with borders, the signatures.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::{Align, Block, Document, DocumentError};

pub fn render(doc: &Document) -> Result<Vec<u8>, DocumentError> {
    let fail = |e: rust_xlsxwriter::XlsxError| DocumentError::Xlsx(e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Báo cáo").map_err(fail)?;
    let base = Format::new().set_font_name("Times New Roman").set_font_size(12);
    let bold = base.clone().set_bold();
    let centred = bold.clone().set_align(FormatAlign::Center);
    let italic = base.clone().set_italic().set_align(FormatAlign::Center);
    let cell = base.clone().set_border(FormatBorder::Thin);
    let head = bold.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::Center).set_text_wrap();
    let widths = [6.0, 34.0, 16.0, 16.0, 20.0, 16.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(fail)?;
    }
    let last = (widths.len() - 1) as u16;
    let h = &doc.header;
    let mut row: u32 = 0;
    for (left, right, left_format) in [
        (h.superior.as_str(), h.union.as_str(), &base),
        (h.issuer.as_str(), h.date_line.as_str(), &bold),
        ("***", "", &base),
        (h.number.as_str(), "", &base),
    ] {
        sheet.merge_range(row, 0, row, 1, left, &left_format.clone().set_align(FormatAlign::Center)).map_err(fail)?;
        let right_format = if row == 0 { centred.clone().set_underline(rust_xlsxwriter::FormatUnderline::Single) } else { italic.clone() };
        sheet.merge_range(row, 2, row, last, right, &right_format).map_err(fail)?;
        row += 1;
    }
    row += 1;
    for line in std::iter::once(&doc.title).chain(&doc.subtitle) {
        sheet.merge_range(row, 0, row, last, line, &centred).map_err(fail)?;
        row += 1;
    }
    row += 1;
    for block in &doc.blocks {
        match block {
            Block::Heading { text } => {
                sheet.write_string_with_format(row, 0, text, &bold).map_err(fail)?;
                row += 1;
            }
            Block::Paragraph { spans, .. } => {
                let text: String = spans.iter().map(|s| s.text.as_str()).collect();
                sheet.write_string_with_format(row, 0, &text, &base).map_err(fail)?;
                row += 1;
            }
            Block::Figure { label, value, detail, .. } => {
                sheet.merge_range(row, 0, row, 1, label, &base).map_err(fail)?;
                sheet.write_number_with_format(row, 2, *value as f64, &base.clone().set_align(FormatAlign::Center)).map_err(fail)?;
                sheet.write_string_with_format(row, 3, detail, &base).map_err(fail)?;
                row += 1;
            }
            Block::Table { columns, rows, .. } => {
                for (c, col) in columns.iter().enumerate() {
                    sheet.write_string_with_format(row, c as u16, &col.title, &head).map_err(fail)?;
                }
                row += 1;
                for cells in rows {
                    for (c, (text, col)) in cells.iter().zip(columns).enumerate() {
                        let format = match col.align {
                            Align::Left => cell.clone(),
                            Align::Center => cell.clone().set_align(FormatAlign::Center),
                            Align::Right => cell.clone().set_align(FormatAlign::Right),
                        };
                        // Counts stay numbers, so that Excel can add them up.
                        match text.replace('.', "").parse::<f64>() {
                            Ok(v) if !text.contains(',') && col.align != Align::Left => {
                                sheet.write_number_with_format(row, c as u16, v, &format).map_err(fail)?
                            }
                            _ => sheet.write_string_with_format(row, c as u16, text, &format).map_err(fail)?,
                        };
                    }
                    row += 1;
                }
                row += 1;
            }
        }
    }
    row += 1;
    for (i, s) in doc.signatures.iter().enumerate() {
        let col = if doc.signatures.len() == 1 { 2 } else { (i as u16) * 3 };
        for (k, line) in [&s.on_behalf, &s.role].into_iter().filter(|l| !l.is_empty()).enumerate() {
            sheet.write_string_with_format(row + k as u32, col, line, &bold).map_err(fail)?;
        }
        sheet.write_string_with_format(row + 5, col, &s.name, &bold).map_err(fail)?;
    }
    if !doc.recipients.is_empty() {
        row += 7;
        sheet.write_string_with_format(row, 0, super::RECIPIENTS, &bold.clone().set_italic()).map_err(fail)?;
        for (i, line) in doc.recipients.iter().enumerate() {
            sheet.write_string_with_format(row + 1 + i as u32, 0, line, &base).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}
