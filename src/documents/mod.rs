//! Documents: one model, two renderers. The congress papers (minutes, counting reports, election
//! rules, the list of the elected) are built as a [`Document`] from the congress's data; [`docx`]
//! writes it for Word, [`pdf`] through typst with embedded Liberation Serif. Both print the same
//! words. Ballot papers are PDF only ([`pdf::ballots`]).

pub mod activities;
pub mod congress;
pub mod docx;
pub mod pdf;
pub mod xlsx;

use serde::Serialize;
use ts_rs::TS;

use crate::unit::DocumentHeader;

/// A paper with the Union header, a title, a body and signatures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Document {
    pub header: DocumentHeader,
    /// "BIÊN BẢN KIỂM PHIẾU", centred, bold.
    pub title: String,
    /// Bold lines under the title.
    pub subtitle: Vec<String>,
    pub blocks: Vec<Block>,
    /// Side by side at the end, left to right.
    pub signatures: Vec<Signature>,
    /// "Nơi nhận" at the bottom left, one line each ("- Đoàn … (để báo cáo);"); may be empty.
    pub recipients: Vec<String>,
    /// Printed across an A4 page turned sideways (a list with many columns).
    pub landscape: bool,
    /// Papers attached after this one in the same file, each from a new page with its own
    /// header and page numbers (the Danh sách trích ngang of a Tờ trình).
    pub annexes: Vec<Document>,
}

/// A run of text; paragraphs are made of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: false }
    }
    pub fn bold(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: true, italic: false }
    }
    pub fn italic(text: impl Into<String>) -> Span {
        Span { text: text.into(), bold: false, italic: true }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub width: u32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: u32, align: Align) -> Column {
        Column { title: title.into(), width, align }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Block {
    /// A section heading such as "I. THỜI GIAN, ĐỊA ĐIỂM" (bold).
    Heading { text: String },
    /// Justified text; `indent` gives the first line the official indent.
    Paragraph { spans: Vec<Span>, indent: bool },
    /// A ruled table with a bold header row; with `signing`, its rows are 1 cm tall, room to
    /// sign in (an attendance list).
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
        #[serde(default)]
        signing: bool,
    },
    /// A figure of a report on a line of its own, `text` being the whole line ("- Kết nạp đoàn
    /// viên mới: 1 (Nguyễn Thị Yến, 26/03/2026)."); a spreadsheet puts the label, the number
    /// and the detail in cells of their own.
    Figure {
        label: String,
        #[ts(type = "number")]
        value: u64,
        detail: String,
        text: String,
    },
}

impl Block {
    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading { text: text.into() }
    }
    pub fn text(text: impl Into<String>) -> Block {
        Block::Paragraph { spans: vec![Span::plain(text)], indent: true }
    }
    pub fn spans(spans: Vec<Span>) -> Block {
        Block::Paragraph { spans, indent: true }
    }
    /// "- label: value (detail)."
    pub fn figure(label: impl Into<String>, value: u64, detail: impl Into<String>) -> Block {
        let (label, detail) = (label.into(), detail.into());
        let shown = if detail.is_empty() { String::new() } else { format!(" ({detail})") };
        let text = format!("- {label}: {}{shown}.", number(value));
        Block::Figure { label, value, detail, text }
    }
    /// A list item "- …" (no first-line indent of its own).
    pub fn item(text: impl Into<String>) -> Block {
        Block::Paragraph { spans: vec![Span::plain(format!("- {}", text.into()))], indent: true }
    }
}

/// The heading of [`Document::recipients`].
pub const RECIPIENTS: &str = "Nơi nhận:";

/// A signature block: "T/M ĐOÀN CHỦ TỊCH" above the role, room to sign, the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Signature {
    /// "T/M ĐOÀN CHỦ TỊCH", or empty.
    pub on_behalf: String,
    /// "CHỦ TỊCH ĐOÀN", "TRƯỞNG BAN", "THƯ KÝ".
    pub role: String,
    pub name: String,
}

impl Document {
    /// A portrait paper with nothing in its body yet.
    pub fn new(header: DocumentHeader, title: impl Into<String>, subtitle: Vec<String>) -> Document {
        Document {
            header,
            title: title.into(),
            subtitle,
            blocks: vec![],
            signatures: vec![],
            recipients: vec![],
            landscape: false,
            annexes: vec![],
        }
    }

    /// Every line of text the document prints, in order: what tests compare with the PDF's
    /// and the DOCX's text.
    pub fn lines(&self) -> Vec<String> {
        let h = &self.header;
        let mut lines = vec![h.superior.clone(), h.issuer.clone(), "***".into(), h.number.clone(), h.union.clone(), h.date_line.clone()];
        lines.push(self.title.clone());
        lines.extend(self.subtitle.iter().cloned());
        for block in &self.blocks {
            match block {
                Block::Heading { text } => lines.push(text.clone()),
                Block::Paragraph { spans, .. } => lines.push(spans.iter().map(|s| s.text.as_str()).collect()),
                Block::Figure { text, .. } => lines.push(text.clone()),
                Block::Table { columns, rows, .. } => {
                    lines.extend(columns.iter().map(|c| c.title.clone()));
                    lines.extend(rows.iter().flatten().cloned());
                }
            }
        }
        if !self.recipients.is_empty() {
            lines.push(RECIPIENTS.into());
            lines.extend(self.recipients.iter().cloned());
        }
        for s in &self.signatures {
            lines.extend([s.on_behalf.clone(), s.role.clone(), s.name.clone()].into_iter().filter(|l| !l.is_empty()));
        }
        for annex in &self.annexes {
            lines.extend(annex.lines());
        }
        lines
    }
}

/// The unit for a paper's header; "…" where nothing is set yet, so the paper still prints.
pub(crate) fn issuing_unit(conn: &rusqlite::Connection) -> crate::unit::Unit {
    crate::unit::get(conn).ok().flatten().unwrap_or(crate::unit::Unit {
        name: "…".into(),
        superior: "…".into(),
        ..Default::default()
    })
}

/// An integer the Vietnamese way: "1.232".
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("Không tạo được tệp PDF: {0}")]
    Pdf(String),
    #[error("Không tạo được tệp Word: {0}")]
    Docx(String),
    #[error("Không tạo được tệp Excel: {0}")]
    Xlsx(String),
    #[error("Không ghi được tệp “{path}”: {detail}")]
    Write { path: String, detail: String },
}

impl DocumentError {
    pub fn english(&self) -> String {
        match self {
            DocumentError::Pdf(m) => format!("PDF rendering failed: {m}"),
            DocumentError::Docx(m) => format!("DOCX writing failed: {m}"),
            DocumentError::Xlsx(m) => format!("XLSX writing failed: {m}"),
            DocumentError::Write { path, detail } => format!("cannot write {path}: {detail}"),
        }
    }
}

/// The two formats of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    /// For reports collected in Excel.
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => ".docx",
            Format::Pdf => ".pdf",
            Format::Xlsx => ".xlsx",
        }
    }

    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// The format a file name asks for, among those allowed; a clear refusal otherwise.
pub fn format_of(path: &std::path::Path, allowed: &[Format]) -> Result<Format, DocumentError> {
    Format::of_path(path).filter(|f| allowed.contains(f)).ok_or_else(|| {
        let names: Vec<&str> = allowed.iter().map(|f| f.extension()).collect();
        DocumentError::Write { path: path.display().to_string(), detail: format!("tên tệp phải kết thúc bằng {}", names.join(", ")) }
    })
}

/// Renders `doc` in `format`.
pub fn render(doc: &Document, format: Format) -> Result<Vec<u8>, DocumentError> {
    match format {
        Format::Docx => docx::render(doc),
        Format::Pdf => pdf::render(doc),
        Format::Xlsx => xlsx::render(doc),
    }
}

/// Renders and writes a document to `path`.
pub fn save(doc: &Document, format: Format, path: &std::path::Path) -> Result<(), DocumentError> {
    write(path, &render(doc, format)?)
}

pub fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), DocumentError> {
    crate::files::write(path, bytes).map_err(|detail| DocumentError::Write { path: path.display().to_string(), detail })
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_group_thousands_with_dots() {
        assert_eq!(super::number(0), "0");
        assert_eq!(super::number(999), "999");
        assert_eq!(super::number(1232), "1.232");
        assert_eq!(super::number(1_232_000), "1.232.000");
    }

    #[test]
    fn the_file_name_chooses_the_format_among_those_allowed() {
        use super::{format_of, Format};
        use std::path::Path;
        assert_eq!(format_of(Path::new("/tmp/Biên bản.PDF"), &[Format::Docx, Format::Pdf]).unwrap(), Format::Pdf);
        let refused = format_of(Path::new("/tmp/bb.xlsx"), &[Format::Docx, Format::Pdf]).unwrap_err();
        assert_eq!(refused.to_string(), "Không ghi được tệp “/tmp/bb.xlsx”: tên tệp phải kết thúc bằng .docx, .pdf");
    }
}
