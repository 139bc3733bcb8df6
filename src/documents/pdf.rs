//! PDF through typst, as a library: a small `World` with the embedded Liberation Serif (so every
//! computer makes the same PDF) and one template per kind of paper. The data goes in as JSON
//! through `sys.inputs`; nothing is ever pasted into markup.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, IntoValue};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
pub use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

use super::{Document, DocumentError};

const DOCUMENT: &str = include_str!("document.typ");
const BALLOTS: &str = include_str!("ballots.typ");

/// Liberation Serif (SIL OFL 1.1, assets/fonts/OFL.txt): metric-compatible with Times New
/// Roman, full Vietnamese.
static FONTS: LazyLock<(Vec<Font>, LazyHash<FontBook>)> = LazyLock::new(|| {
    let files: [&'static [u8]; 4] = [
        include_bytes!("../../assets/fonts/LiberationSerif-Regular.ttf"),
        include_bytes!("../../assets/fonts/LiberationSerif-Bold.ttf"),
        include_bytes!("../../assets/fonts/LiberationSerif-Italic.ttf"),
        include_bytes!("../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
    ];
    let fonts: Vec<Font> = files.into_iter().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    let book = FontBook::from_fonts(&fonts);
    (fonts, LazyHash::new(book))
});

/// One paper to typeset: its template and its data.
struct Paper {
    library: LazyHash<Library>,
    source: Source,
}

impl World for Paper {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.1
    }
    fn main(&self) -> FileId {
        self.source.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.source.id() {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, _: FileId) -> FileResult<Bytes> {
        // The templates read no files: everything comes through sys.inputs.
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.0.get(index).cloned()
    }
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn typeset(template: &str, data: &impl Serialize) -> Result<Vec<u8>, DocumentError> {
    to_pdf(&compile(template, data)?)
}

fn compile(template: &str, data: &impl Serialize) -> Result<PagedDocument, DocumentError> {
    let json = serde_json::to_string(data).expect("document data serialises");
    let mut inputs = Dict::new();
    inputs.insert("data".into(), json.into_value());
    let paper = Paper {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        source: Source::detached(template),
    };
    typst::compile(&paper).output.map_err(|errors| {
        DocumentError::Pdf(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
    })
}

fn to_pdf(pages: &PagedDocument) -> Result<Vec<u8>, DocumentError> {
    typst_pdf::pdf(pages, &PdfOptions::default())
        .map_err(|errors| DocumentError::Pdf(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")))
}

/// A document as PDF.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocumentError> {
    typeset(DOCUMENT, doc)
}

/// Ballot papers (phiếu bầu) of one election, several to an A4 page with cut lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BallotPapers {
    /// "ĐẠI HỘI CHI ĐOÀN … LẦN THỨ X, NHIỆM KỲ 2025 - 2027" (capitals).
    pub congress: String,
    /// "BẦU BAN CHẤP HÀNH" (capitals).
    pub election: String,
    /// "Bầu 3 trong 4 người; giữ lại tên người đồng ý, gạch ngang cả họ và tên người không đồng ý."
    pub guidance: String,
    /// In ballot order.
    pub candidates: Vec<String>,
    /// 4 (A6), 2 (A5) or 1 a page, by the length of the list.
    pub per_page: u32,
    pub pages: u32,
    /// What every paper's QR code says (the same on all: no serial number), and the QR code
    /// as SVG; read back by a scan of the papers ([`crate::scan::code`]).
    pub code: String,
    pub qr: String,
    /// Where the marks and the names stand, for printing and for reading back.
    pub layout: crate::scan::layout::Layout,
}

impl BallotPapers {
    /// Papers of round `round` of election `election_id` for `copies` voters: as many to a
    /// page as the list allows.
    pub fn new(
        (congress_id, election_id, round): (i64, i64, u32),
        congress: &str,
        election: &str,
        guidance: &str,
        candidates: Vec<String>,
        copies: u32,
    ) -> BallotPapers {
        let layout = crate::scan::layout::Layout::new(candidates.len());
        let per_page = layout.per_page;
        let code = crate::scan::code::BallotCode::new(congress_id, election_id, round, &candidates, per_page);
        BallotPapers {
            congress: congress.to_uppercase(),
            election: election.to_uppercase(),
            guidance: guidance.into(),
            candidates,
            per_page,
            pages: copies.max(1).div_ceil(per_page),
            code: code.text(),
            qr: code.svg(),
            layout,
        }
    }
}

/// Ballot papers laid out, page by page: for a PDF, or rasterised as a scanner would see them.
pub fn ballot_pages(papers: &BallotPapers) -> Result<PagedDocument, DocumentError> {
    compile(BALLOTS, papers)
}

pub fn ballots(papers: &BallotPapers) -> Result<Vec<u8>, DocumentError> {
    to_pdf(&ballot_pages(papers)?)
}
