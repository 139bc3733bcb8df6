//! DOCX through docx-rs: A4, margins 20/20/30/20 mm, Times New Roman in all four font slots
//! (so Word never falls back to another face for Vietnamese), the header and the signatures in
//! borderless tables. Sizes are half-points; page sizes and margins twips.

use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, PageNum, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell,
    TableRow, WidthType,
};

use super::{Align, Block, Document, DocumentError, Signature, Span};

const FONT: &str = "Times New Roman";
/// 13 pt body text.
const BODY: usize = 26;
/// Text width: A4 (11906 twips) less 30 + 20 mm margins.
const TEXT_WIDTH: usize = 11906 - 1701 - 1134;

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
fn layout(columns: Vec<(Vec<Paragraph>, usize)>) -> Table {
    let widths: Vec<usize> = columns.iter().map(|(_, w)| *w).collect();
    let cells = columns.into_iter().map(|(p, w)| cell(p, w)).collect();
    Table::without_borders(vec![TableRow::new(cells).cant_split()]).set_grid(widths).width(TEXT_WIDTH, WidthType::Dxa)
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
    let left_width = TEXT_WIDTH / 2;
    layout(vec![(left, left_width), (right, TEXT_WIDTH - left_width)])
}

/// The signatures side by side, at most three to a row, "Nơi nhận" first (bottom left) when
/// the paper has one.
fn signatures(list: &[Signature], recipients: &[String]) -> Table {
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
    let width = TEXT_WIDTH / per_row;
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
    Table::without_borders(rows).set_grid(vec![width; per_row]).width(TEXT_WIDTH, WidthType::Dxa)
}

fn table(columns: &[super::Column], rows: &[Vec<String>]) -> Table {
    let total: u32 = columns.iter().map(|c| c.width).sum::<u32>().max(1);
    let widths: Vec<usize> = columns.iter().map(|c| TEXT_WIDTH * c.width as usize / total as usize).collect();
    let align = |a: Align| match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    };
    let head = TableRow::new(
        columns.iter().zip(&widths).map(|(c, &w)| cell(vec![centred(run(&c.title).bold())], w)).collect(),
    );
    let body = rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .zip(columns.iter().zip(&widths))
                .map(|(text, (c, &w))| cell(vec![Paragraph::new().add_run(run(text)).align(align(c.align))], w))
                .collect(),
        )
    });
    Table::new(std::iter::once(head).chain(body).collect()).set_grid(widths).width(TEXT_WIDTH, WidthType::Dxa)
}

/// The document as a .docx file's bytes.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocumentError> {
    let fonts = RunFonts::new().ascii(FONT).hi_ansi(FONT).east_asia(FONT).cs(FONT);
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(docx_rs::PageMargin::new().top(mm(20.0)).bottom(mm(20.0)).left(mm(30.0)).right(mm(20.0)).header(mm(10.0)))
        // Page numbers at the top centre from page 2 on (the format of official papers); the
        // first page's header is empty.
        .header(Header::new().add_paragraph(Paragraph::new().add_page_num(PageNum::new()).align(AlignmentType::Center)))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .default_fonts(fonts)
        .default_size(BODY)
        .add_table(header(doc))
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred(run(&doc.title).size(28).bold()));
    for line in &doc.subtitle {
        docx = docx.add_paragraph(centred(run(line).bold()));
    }
    docx = docx.add_paragraph(Paragraph::new());
    let spacing = LineSpacing::new().before(0).after(60);
    let signed = !doc.signatures.is_empty() || !doc.recipients.is_empty();
    for (i, block) in doc.blocks.iter().enumerate() {
        // The last lines of the body keep with the signatures: a signature block is never
        // alone on a page.
        let keep = signed && i + 1 == doc.blocks.len();
        docx = match block {
            Block::Heading { text } => {
                docx.add_paragraph(Paragraph::new().add_run(run(text).bold()).keep_next(true).line_spacing(spacing.clone()))
            }
            Block::Paragraph { spans, indent } => {
                let mut p = spans.iter().fold(Paragraph::new(), |p, s| p.add_run(span(s))).align(AlignmentType::Both);
                if *indent {
                    p = p.indent(None, Some(SpecialIndentType::FirstLine(mm(10.0))), None, None);
                }
                docx.add_paragraph(p.line_spacing(spacing.clone()).keep_next(keep).keep_lines(keep))
            }
            Block::Figure { text, .. } => docx.add_paragraph(
                Paragraph::new()
                    .add_run(run(text))
                    .align(AlignmentType::Both)
                    .indent(None, Some(SpecialIndentType::FirstLine(mm(10.0))), None, None)
                    .line_spacing(spacing.clone())
                    .keep_next(keep)
                    .keep_lines(keep),
            ),
            Block::Table { columns, rows } => docx.add_table(table(columns, rows)).add_paragraph(Paragraph::new().keep_next(keep)),
        };
    }
    if signed {
        docx = docx.add_paragraph(Paragraph::new().keep_next(true)).add_table(signatures(&doc.signatures, &doc.recipients));
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| DocumentError::Docx(e.to_string()))?;
    Ok(bytes.into_inner())
}
