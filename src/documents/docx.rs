//! DOCX through docx-rs: A4, margins 20/20/30/20 mm, Times New Roman in all four font slots
//! (so Word never falls back to another face for Vietnamese), the header and the signatures in
//! borderless tables. Sizes are half-points; page sizes and margins twips.

use docx_rs::{
    AlignmentType, Docx, Header, HeightRule, LineSpacing, PageMargin, PageNum, PageNumType, PageOrientationType, PageSize, Paragraph,
    Run, RunFonts, Section, SpecialIndentType, Table, TableCell, TableRow, VAlignType, WidthType,
};

use super::{Align, Block, Document, DocumentError, Signature, Span};

const FONT: &str = "Times New Roman";
/// 13 pt body text.
const BODY: usize = 26;
/// A4 in twips, short and long side.
const A4: (u32, u32) = (11906, 16838);
/// The left and right margins, 30 + 20 mm.
const MARGINS: usize = 1701 + 1134;

fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

fn run(text: &str) -> Run {
    Run::new().add_text(text).size(BODY)
}

fn centred(run: Run) -> Paragraph {
    Paragraph::new().add_run(run).align(AlignmentType::Center)
}

fn span(s: &Span) -> Run {
    let mut r = run(&s.text);
    if s.bold {
        r = r.bold();
    }
    if s.italic {
        r = r.italic();
    }
    r
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs.into_iter().fold(TableCell::new(), TableCell::add_paragraph).width(width, WidthType::Dxa)
}

/// Columns of a borderless layout table, side by side.
fn layout(columns: Vec<(Vec<Paragraph>, usize)>, width: usize) -> Table {
    let widths: Vec<usize> = columns.iter().map(|(_, w)| *w).collect();
    let cells = columns.into_iter().map(|(p, w)| cell(p, w)).collect();
    Table::without_borders(vec![TableRow::new(cells).cant_split()]).set_grid(widths).width(width, WidthType::Dxa)
}

/// The width between the margins, in twips.
fn text_width(doc: &Document) -> usize {
    (if doc.landscape { A4.1 } else { A4.0 }) as usize - MARGINS
}

fn header(doc: &Document) -> Table {
    let h = &doc.header;
    let left = vec![
        centred(run(&h.superior).size(28)),
        centred(run(&h.issuer).size(28).bold()),
        centred(run("***")),
        centred(run(&h.number)),
    ];
    let right = vec![centred(run(&h.union).size(30).bold().underline("single")), centred(run(&h.date_line).italic())];
    let width = text_width(doc);
    layout(vec![(left, width / 2), (right, width - width / 2)], width)
}

/// The signatures side by side, at most three to a row, "Nơi nhận" first (bottom left) when
/// the paper has one.
fn signatures(list: &[Signature], recipients: &[String], text_width: usize) -> Table {
    let mut blocks = Vec::new();
    if !recipients.is_empty() {
        let mut p = vec![Paragraph::new().add_run(run(super::RECIPIENTS).size(24).bold().italic())];
        p.extend(recipients.iter().map(|r| Paragraph::new().add_run(run(r).size(22))));
        blocks.push(p);
    }
    let titles = |s: &Signature| [s.on_behalf.clone(), s.role.clone()].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>();
    // As many title lines in every block, so that the signers' names stand on one line.
    let most = list.iter().map(|s| titles(s).len()).max().unwrap_or(0);
    blocks.extend(list.iter().map(|s| {
        let titles = titles(s);
        let mut p: Vec<Paragraph> = titles.iter().map(|t| centred(run(t).bold())).collect();
        // Room to sign and stamp.
        p.extend((0..4 + most - titles.len()).map(|_| Paragraph::new()));
        p.push(centred(run(&s.name).bold()));
        p
    }));
    let per_row = blocks.len().clamp(1, 3);
    let width = text_width / per_row;
    // A second row stands clear of the names above it.
    let blocks: Vec<Vec<Paragraph>> = blocks
        .into_iter()
        .enumerate()
        .map(|(i, p)| if i >= per_row { std::iter::once(Paragraph::new()).chain(p).collect() } else { p })
        .collect();
    // Rows of signatures stay on one page together.
    let rows_count = blocks.len().div_ceil(per_row);
    let blocks: Vec<Vec<Paragraph>> = blocks
        .into_iter()
        .enumerate()
        .map(|(i, p)| if i / per_row + 1 < rows_count { p.into_iter().map(|p| p.keep_next(true)).collect() } else { p })
        .collect();
    let mut blocks = blocks.into_iter();
    let mut rows = Vec::new();
    loop {
        let row: Vec<TableCell> = blocks.by_ref().take(per_row).map(|p| cell(p, width)).collect();
        if row.is_empty() {
            break;
        }
        let missing = per_row - row.len();
        let cells = row.into_iter().chain((0..missing).map(|_| cell(vec![Paragraph::new()], width))).collect();
        rows.push(TableRow::new(cells).cant_split());
    }
    Table::without_borders(rows).set_grid(vec![width; per_row]).width(text_width, WidthType::Dxa)
}

/// A ruled table; `size` in half-points; rows 1 cm tall at least when `signing`.
fn table(columns: &[super::Column], rows: &[Vec<String>], signing: bool, text_width: usize, size: usize) -> Table {
    let total: u32 = columns.iter().map(|c| c.width).sum::<u32>().max(1);
    let widths: Vec<usize> = columns.iter().map(|c| text_width * c.width as usize / total as usize).collect();
    let align = |a: Align| match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    };
    let head = TableRow::new(
        columns.iter().zip(&widths).map(|(c, &w)| cell(vec![centred(run(&c.title).size(size).bold())], w)).collect(),
    );
    let body = rows.iter().map(|row| {
        let cells = row
            .iter()
            .zip(columns.iter().zip(&widths))
            .map(|(text, (c, &w))| cell(vec![Paragraph::new().add_run(run(text).size(size)).align(align(c.align))], w).vertical_align(VAlignType::Center))
            .collect();
        let row = TableRow::new(cells);
        if signing {
            row.row_height(mm(10.0) as f32).height_rule(HeightRule::AtLeast)
        } else {
            row
        }
    });
    Table::new(std::iter::once(head).chain(body).collect()).set_grid(widths).width(text_width, WidthType::Dxa)
}

/// What a page holds, in order.
// A short-lived list, each part moved once into the document: no gain in boxing.
#[allow(clippy::large_enum_variant)]
enum Part {
    Paragraph(Paragraph),
    Table(Table),
}

/// One paper's content: header, title, body, signatures.
fn parts(doc: &Document) -> Vec<Part> {
    use Part::{Paragraph as P, Table as T};
    let width = text_width(doc);
    // A sideways list has many narrow columns: its cells take 11 pt.
    let cell_size = if doc.landscape { 22 } else { BODY };
    let mut parts = vec![T(header(doc)), P(Paragraph::new()), P(centred(run(&doc.title).size(28).bold()))];
    parts.extend(doc.subtitle.iter().map(|line| P(centred(run(line).bold()))));
    parts.push(P(Paragraph::new()));
    let spacing = LineSpacing::new().before(0).after(60);
    let signed = !doc.signatures.is_empty() || !doc.recipients.is_empty();
    for (i, block) in doc.blocks.iter().enumerate() {
        // The last lines of the body keep with the signatures: a signature block is never
        // alone on a page.
        let keep = signed && i + 1 == doc.blocks.len();
        let indented = |p: Paragraph| p.indent(None, Some(SpecialIndentType::FirstLine(mm(10.0))), None, None);
        match block {
            Block::Heading { text } => parts.push(P(Paragraph::new().add_run(run(text).bold()).keep_next(true).line_spacing(spacing.clone()))),
            Block::Paragraph { spans, indent } => {
                let mut p = spans.iter().fold(Paragraph::new(), |p, s| p.add_run(span(s))).align(AlignmentType::Both);
                if *indent {
                    p = indented(p);
                }
                parts.push(P(p.line_spacing(spacing.clone()).keep_next(keep).keep_lines(keep)));
            }
            Block::Figure { text, .. } => parts.push(P(indented(Paragraph::new().add_run(run(text)).align(AlignmentType::Both))
                .line_spacing(spacing.clone())
                .keep_next(keep)
                .keep_lines(keep))),
            Block::Table { columns, rows, signing } => {
                parts.push(T(table(columns, rows, *signing, width, cell_size)));
                parts.push(P(Paragraph::new().keep_next(keep)));
            }
        }
    }
    if signed {
        parts.push(P(Paragraph::new().keep_next(true)));
        parts.push(T(signatures(&doc.signatures, &doc.recipients, width)));
    }
    parts
}

fn page_size(doc: &Document) -> PageSize {
    match doc.landscape {
        true => PageSize::new().size(A4.1, A4.0).orient(PageOrientationType::Landscape),
        false => PageSize::new().size(A4.0, A4.1),
    }
}

fn margins() -> PageMargin {
    PageMargin::new().top(mm(20.0)).bottom(mm(20.0)).left(mm(30.0)).right(mm(20.0)).header(mm(10.0))
}

/// The page number at the top centre.
fn page_number() -> Header {
    Header::new().add_paragraph(Paragraph::new().add_page_num(PageNum::new()).align(AlignmentType::Center))
}

/// The document as a .docx file's bytes. Each annex is a section of its own: a new page, turned
/// as it needs, numbered again from 1.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocumentError> {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT);
    let mut docx = Docx::new().default_fonts(fonts).default_size(BODY);
    let papers: Vec<&Document> = std::iter::once(doc).chain(&doc.annexes).collect();
    let (last, earlier) = papers.split_last().expect("the document itself");
    for (i, paper) in earlier.iter().enumerate() {
        // Page numbers at the top centre from page 2 on (the format of official papers): a
        // title page without a first-page header of its own has an empty one. (No
        // `first_header` here: docx-rs 0.4.22's `add_section` drops it when a default header
        // is set too.)
        let mut section = Section::new().page_size(page_size(paper)).page_margin(margins()).header(page_number()).title_pg();
        if i > 0 {
            section = section.page_num_type(PageNumType::new().start(1));
        }
        for part in parts(paper) {
            section = match part {
                Part::Paragraph(p) => section.add_paragraph(p),
                Part::Table(t) => section.add_table(t),
            };
        }
        docx = docx.add_section(section);
    }
    docx = docx
        .page_margin(margins())
        .header(page_number())
        .first_header(Header::new().add_paragraph(Paragraph::new()));
    docx.document = docx.document.page_size(page_size(last));
    if !earlier.is_empty() {
        docx = docx.page_num_type(PageNumType::new().start(1));
    }
    for part in parts(last) {
        docx = match part {
            Part::Paragraph(p) => docx.add_paragraph(p),
            Part::Table(t) => docx.add_table(t),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| DocumentError::Docx(e.to_string()))?;
    Ok(bytes.into_inner())
}
