//! Reading one scanned sheet: find each paper by its QR code, straighten it by its four corner
//! marks, and decide for each name whether it is kept, crossed, or unclear, by comparing the
//! ink over the name's row with the printed name alone (the paper as the app prints it,
//! rendered as a reference). Nothing is guessed: whatever is not plainly a strike through a
//! name, or plainly nothing, is unclear, for the counting committee to decide.

use super::code::BallotCode;
use super::layout::{Layout, MARK};
use crate::documents::pdf::{self, BallotPapers};
use crate::documents::DocumentError;

/// A grey image: 0 black, 255 white, row by row.
#[derive(Debug, Clone)]
pub struct Grey {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// What a name on a paper says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Kept,
    Crossed,
    /// Neither plainly: the committee decides.
    Unclear,
}

/// One paper read.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The marks' centres in the image (top left, top right, bottom left, bottom right).
    pub corners: [(f64, f64); 4],
    /// One per name, in ballot order.
    pub names: Vec<Mark>,
}

/// Pixels per millimetre of the reference and of the grid a paper is sampled on.
const GRID: f64 = 8.0;
/// Darker than this is ink.
const INK: u8 = 140;
/// A line "runs over" ink within this many GRID pixels of it (0.6 mm: a wavy hand), and
/// over gaps of up to GAP pixels (0.4 mm).
const TOLERANCE: isize = (0.6 * GRID) as isize;
const GAP: usize = (0.4 * GRID) as usize;
/// Darker than this is something: a faint or thin stroke that may not reach INK, which must
/// never let a name pass as untouched.
const FAINT: u8 = 200;

/// The round's papers as printed: their code, layout, and the printed ink of one paper.
pub struct Reference {
    pub code: BallotCode,
    pub layout: Layout,
    /// Printed ink of paper 0, on the GRID, widened by 0.375 mm so that a paper straightened a
    /// little off does not count its own print as a mark.
    printed: Vec<bool>,
    columns: usize,
    /// What the print alone shows in each name's row, worked out once for all the papers.
    names: Vec<PrintedName>,
}

/// One name's row as printed.
struct PrintedName {
    /// The row on the GRID: columns x0..x1, lines y0..y1.
    x0: usize,
    x1: usize,
    y0: usize,
    y1: usize,
    /// The name's printed extent (columns), when it has one.
    extent: Option<(usize, usize)>,
    /// The print's ink over the row (not widened).
    ink: Band,
    /// The longest dark run any line has over the print alone.
    longest: usize,
    /// The letters' body: the band's lines where the print is densest.
    body: Option<(usize, usize)>,
}

impl Reference {
    pub fn new(papers: &BallotPapers) -> Result<Reference, DocumentError> {
        let code = BallotCode::parse(&papers.code).expect("the papers' own code");
        let layout = papers.layout.clone();
        let page = printed_sheet(papers, GRID * 25.4)?;
        let (columns, rows) = ((layout.cell.0 * GRID) as usize, (layout.cell.1 * GRID) as usize);
        let origin = layout.origin(0);
        let (ox, oy) = ((origin.0 * GRID) as usize, (origin.1 * GRID) as usize);
        let dark = |x: usize, y: usize| page.at((ox + x) as f64, (oy + y) as f64) < INK;
        let reach = 3isize;
        let mut printed = vec![false; columns * rows];
        let mut ink = vec![false; columns * rows];
        for y in 0..rows {
            for x in 0..columns {
                if dark(x, y) {
                    ink[y * columns + x] = true;
                    for dy in -reach..=reach {
                        for dx in -reach..=reach {
                            let (nx, ny) = (x as isize + dx, y as isize + dy);
                            if nx >= 0 && ny >= 0 && (nx as usize) < columns && (ny as usize) < rows {
                                printed[ny as usize * columns + nx as usize] = true;
                            }
                        }
                    }
                }
            }
        }
        let at = |grid: &Vec<bool>, x: usize, y: usize| grid.get(y * columns + x).copied().unwrap_or(false);
        let names = layout
            .rows
            .iter()
            .map(|row| {
                let (x0, x1) = ((row.x * GRID) as usize, ((row.x + row.w) * GRID) as usize);
                let (y0, y1) = ((row.y * GRID) as usize, ((row.y + row.h) * GRID) as usize);
                let inked: Vec<usize> = ((row.name().x * GRID) as usize..x1).filter(|&x| (y0..y1).any(|y| at(&printed, x, y))).collect();
                let extent = inked.first().zip(inked.last()).map(|(&from, &to)| (from, to));
                let band = Band::sample(x0, x1, y0, y1, |x, y| at(&ink, x, y));
                let longest = band.best(TOLERANCE, GAP).1 .0;
                // The letters' body, not their accents or tails: where the print is densest.
                let (from, to) = extent.unwrap_or((x0, x0));
                let per_line: Vec<usize> = (y0..y1).map(|y| (from..=to).filter(|&x| at(&ink, x, y)).count()).collect();
                let densest = per_line.iter().copied().max().unwrap_or(0);
                let body: Vec<usize> = (0..per_line.len()).filter(|&y| densest > 0 && per_line[y] * 2 >= densest).collect();
                PrintedName { x0, x1, y0, y1, extent, ink: band, longest, body: body.first().zip(body.last()).map(|(&a, &b)| (a, b)) }
            })
            .collect();
        Ok(Reference { code, layout, printed, columns, names })
    }

    fn printed(&self, x: usize, y: usize) -> bool {
        self.printed.get(y * self.columns + x).copied().unwrap_or(false)
    }
}

/// The first sheet of `papers` as printed, at `dpi`, in grey: what a perfect scanner would
/// see.
pub fn printed_sheet(papers: &BallotPapers, dpi: f64) -> Result<Grey, DocumentError> {
    let pages = pdf::ballot_pages(papers)?;
    let options = typst_render::RenderOptions { pixel_per_pt: typst::utils::Scalar::new(dpi / 72.0), render_bleed: false };
    let pixmap = typst_render::render(&pages.pages()[0], &options);
    let pixels = pixmap.pixels().iter().map(|p| ((p.red() as u32 * 299 + p.green() as u32 * 587 + p.blue() as u32 * 114) / 1000) as u8).collect();
    Ok(Grey { width: pixmap.width() as usize, height: pixmap.height() as usize, pixels })
}

/// A plane projective map, from a paper's millimetres to the image's pixels.
#[derive(Debug, Clone, Copy)]
struct Homography([f64; 9]);

impl Homography {
    /// The map taking each `from` point to its `to` point (four pairs, no three in a line).
    fn through(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Option<Homography> {
        // Eight equations in h0..h7 (h8 = 1), solved by Gaussian elimination.
        let mut a = [[0.0f64; 9]; 8];
        for (i, ((x, y), (u, v))) in from.iter().zip(to.iter()).enumerate() {
            a[2 * i] = [*x, *y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, *u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, *x, *y, 1.0, -v * x, -v * y, *v];
        }
        for col in 0..8 {
            let pivot = (col..8).max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))?;
            if a[pivot][col].abs() < 1e-12 {
                return None;
            }
            a.swap(col, pivot);
            let pivot_row = a[col];
            for (r, row) in a.iter_mut().enumerate() {
                if r != col {
                    let f = row[col] / pivot_row[col];
                    for (v, p) in row.iter_mut().zip(pivot_row).skip(col) {
                        *v -= f * p;
                    }
                }
            }
        }
        let h: Vec<f64> = (0..8).map(|i| a[i][8] / a[i][i]).collect();
        Some(Homography([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1.0]))
    }

    fn map(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let h = &self.0;
        let w = h[6] * x + h[7] * y + h[8];
        ((h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w)
    }
}

/// Where rqrr's corners of a QR code of `modules` modules a side stand on its paper, in
/// millimetres from the cell's corner (top left, top right, bottom right, bottom left): from
/// the symbol's top-left corner, one module further than its side.
fn qr_corners(layout: &Layout, modules: usize) -> [(f64, f64); 4] {
    let (x, y) = layout.inset;
    let side = layout.qr * (modules as f64 + 1.0) / modules as f64;
    [(x, y), (x + side, y), (x + side, y + side), (x, y + side)]
}

/// The centre of the dark blob nearest `guess` within `reach` pixels, when it is about the
/// size of a corner mark (`side` pixels).
fn mark_near(image: &Grey, guess: (f64, f64), reach: f64, side: f64) -> Option<(f64, f64)> {
    let (x0, y0) = ((guess.0 - reach).max(0.0) as usize, (guess.1 - reach).max(0.0) as usize);
    let (x1, y1) = (((guess.0 + reach) as usize).min(image.width.saturating_sub(1)), ((guess.1 + reach) as usize).min(image.height.saturating_sub(1)));
    let dark = |x: usize, y: usize| image.pixels[y * image.width + x] < INK;
    // The dark pixel nearest the guess, then its connected blob inside the window.
    let start = (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| (x, y)))
        .filter(|&(x, y)| dark(x, y))
        .min_by(|a, b| {
            let d = |p: &(usize, usize)| (p.0 as f64 - guess.0).powi(2) + (p.1 as f64 - guess.1).powi(2);
            d(a).total_cmp(&d(b))
        })?;
    // The whole blob, even where it runs past the window (a guess a little off).
    let (fx0, fy0) = (x0.saturating_sub(side as usize), y0.saturating_sub(side as usize));
    let (fx1, fy1) = ((x1 + side as usize).min(image.width.saturating_sub(1)), (y1 + side as usize).min(image.height.saturating_sub(1)));
    let most = (1.8 * side * side) as usize;
    let mut seen = std::collections::HashSet::from([start]);
    let mut todo = vec![start];
    let (mut sx, mut sy) = (0.0, 0.0);
    while let Some((x, y)) = todo.pop() {
        if seen.len() > most {
            // A stamp, a smear or a neighbour's print: not a mark.
            return None;
        }
        sx += x as f64;
        sy += y as f64;
        for (nx, ny) in [(x.wrapping_sub(1), y), (x + 1, y), (x, y.wrapping_sub(1)), (x, y + 1)] {
            if (fx0..=fx1).contains(&nx) && (fy0..=fy1).contains(&ny) && dark(nx, ny) && seen.insert((nx, ny)) {
                todo.push((nx, ny));
            }
        }
    }
    let area = seen.len() as f64;
    (area > 0.4 * side * side && area < 1.8 * side * side).then(|| (sx / area, sy / area))
}

/// A paper found on a sheet: where its code is (top, row height, left), and what it reads.
type Found = ((f64, f64, f64), Result<Reading, String>);

/// Reads every paper on a scanned sheet. Papers whose code does not match the reference are
/// returned as refusals (the reason), in the order found.
pub fn read_sheet(image: &Grey, reference: &Reference) -> Vec<Result<Reading, String>> {
    if image.width < 16 || image.height < 16 || image.pixels.len() != image.width * image.height {
        return vec![Err("Ảnh hỏng hoặc quá nhỏ để đọc phiếu.".into())];
    }
    // rqrr can stop on an assertion with some images (its issue 54): that image is reported,
    // the others are read.
    let detect = |image: &Grey| {
        std::panic::catch_unwind(|| {
            let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(image.width, image.height, |x, y| image.pixels[y * image.width + x]);
            prepared
                .detect_grids()
                .into_iter()
                .map(|grid| (grid.bounds.map(|p| (p.x as f64, p.y as f64)), rqrr::BitGrid::size(&grid.grid), grid.decode().map(|(_, text)| text)))
                .collect::<Vec<_>>()
        })
    };
    let Ok(mut grids) = detect(image) else { return vec![Err("Không đọc được mã QR trên ảnh này.".into())] };
    // A grainy scan: the codes again from the image smoothed (a 3 × 3 median).
    if grids.is_empty() || grids.iter().any(|g| g.2.is_err()) {
        if let Ok(again) = detect(&image.median()) {
            if again.iter().filter(|g| g.2.is_ok()).count() > grids.iter().filter(|g| g.2.is_ok()).count() {
                grids = again;
            }
        }
    }
    let mut found: Vec<Found> = vec![];
    for (corners, modules, text) in grids {
        let side = (corners[1].0 - corners[0].0).hypot(corners[1].1 - corners[0].1).max(1.0);
        let key = (corners[0].1, 5.0 * side, corners[0].0);
        let result = match text {
            Err(_) => Err("Không đọc được mã của phiếu.".to_string()),
            Ok(text) => match BallotCode::parse(&text) {
                None => Err("Mã trên phiếu không phải của Sổ Chi đoàn.".to_string()),
                Some(code) => match code.refusal(&reference.code) {
                    Some(reason) => Err(reason),
                    None => read_paper(image, reference, corners, modules),
                },
            },
        };
        found.push((key, result));
    }
    // Stack order on a sheet: rows of papers (codes less than five code-sides apart in height
    // share a row, however the sheet is turned), then left to right.
    found.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
    let mut rows: Vec<Vec<Found>> = vec![];
    for paper in found {
        match rows.last_mut() {
            Some(row) if paper.0 .0 - row[0].0 .0 < paper.0 .1 => row.push(paper),
            _ => rows.push(vec![paper]),
        }
    }
    let mut found: Vec<Found> = vec![];
    for mut row in rows {
        row.sort_by(|a, b| a.0 .2.total_cmp(&b.0 .2));
        found.extend(row);
    }
    if found.is_empty() {
        // Never a paper skipped in silence: the committee looks at this image.
        return vec![Err("Không tìm thấy mã QR của phiếu trên ảnh này (ảnh mờ, phiếu bị che hoặc không phải phiếu bầu).".into())];
    }
    found.into_iter().map(|(_, r)| r).collect()
}

/// One paper, found by its QR code's corners in the image.
fn read_paper(image: &Grey, reference: &Reference, qr: [(f64, f64); 4], modules: usize) -> Result<Reading, String> {
    let layout = &reference.layout;
    // The code's corners are known to a pixel or two only: the best turn, scale and shift
    // through all four (not a perspective, which would carry their errors far away).
    let printed = qr_corners(layout, modules);
    let mean = |ps: &[(f64, f64); 4]| (ps.iter().map(|p| p.0).sum::<f64>() / 4.0, ps.iter().map(|p| p.1).sum::<f64>() / 4.0);
    let (pm, qm) = (mean(&printed), mean(&qr));
    let (mut re, mut im, mut norm) = (0.0, 0.0, 0.0);
    for (p, q) in printed.iter().zip(&qr) {
        let (px, py, qx, qy) = (p.0 - pm.0, p.1 - pm.1, q.0 - qm.0, q.1 - qm.1);
        re += px * qx + py * qy;
        im += px * qy - py * qx;
        norm += px * px + py * py;
    }
    let (a, b) = (re / norm, im / norm);
    let rough = |m: (f64, f64)| (qm.0 + a * (m.0 - pm.0) - b * (m.1 - pm.1), qm.1 + b * (m.0 - pm.0) + a * (m.1 - pm.1));
    // Pixels per millimetre, for the size of a mark.
    let scale = a.hypot(b);
    let missing = "Không thấy đủ bốn ô đen ở góc phiếu: phiếu bị che, rách hoặc quét thiếu.";
    let find = |guess: (f64, f64)| mark_near(image, guess, 3.5 * scale, MARK * scale).ok_or(missing);
    // The top marks first, guessed from the small code; the bottom ones then from the line
    // between the top two, a long and so exact base.
    let [tl, tr, bl, br] = layout.marks;
    let (top_left, top_right) = (find(rough(tl))?, find(rough(tr))?);
    let along = ((top_right.0 - top_left.0) / (tr.0 - tl.0), (top_right.1 - top_left.1) / (tr.0 - tl.0));
    // Down the paper is along the top edge turned a quarter (image y points down).
    let below = |m: (f64, f64)| (top_left.0 + along.0 * (m.0 - tl.0) - along.1 * (m.1 - tl.1), top_left.1 + along.1 * (m.0 - tl.0) + along.0 * (m.1 - tl.1));
    let corners = [top_left, top_right, find(below(bl))?, find(below(br))?];
    let exact = Homography::through(layout.marks, corners).ok_or("Bốn ô đen ở góc phiếu không tạo thành một tờ phiếu.")?;
    let names = reference.names.iter().map(|print| decide(image, reference, &exact, print)).collect();
    Ok(Reading { corners, names })
}

/// A straight line across a name's row, on the GRID: through (x_mid, y_mid + offset), rising
/// `slope` pixels a pixel.
#[derive(Debug, Clone, Copy)]
struct Line {
    offset: f64,
    slope: f64,
}

impl Line {
    /// Its height at column `x` of a band `width` × `height`.
    fn y_at(&self, x: f64, width: usize, height: usize) -> f64 {
        height as f64 / 2.0 + self.offset + self.slope * (x - width as f64 / 2.0)
    }
}

/// A row's band sampled on the GRID: `dark[y][x]`.
struct Band {
    width: usize,
    height: usize,
    dark: Vec<bool>,
}

impl Band {
    fn sample(x0: usize, x1: usize, y0: usize, y1: usize, dark: impl Fn(usize, usize) -> bool) -> Band {
        let (width, height) = (x1 - x0, y1 - y0);
        let dark = (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).map(|(x, y)| dark(x, y)).collect();
        Band { width, height, dark }
    }

    /// Whether anything dark lies within `tolerance` pixels of `line` at column `x`.
    fn near(&self, line: Line, x: usize, tolerance: isize) -> bool {
        let y = line.y_at(x as f64, self.width, self.height).round() as isize;
        (y - tolerance..=y + tolerance).any(|y| y >= 0 && (y as usize) < self.height && self.dark[y as usize * self.width + x])
    }

    /// The longest stretch of `line` (in GRID pixels, gaps of up to `gap` bridged) that runs
    /// over dark pixels, with where it starts and ends (band columns).
    fn run(&self, line: Line, tolerance: isize, gap: usize) -> (usize, usize, usize) {
        let (mut best, mut start, mut last) = ((0, 0, 0), None::<usize>, 0usize);
        for x in 0..self.width {
            if !self.near(line, x, tolerance) {
                continue;
            }
            match start {
                Some(s) if x - last <= gap + 1 => {
                    if x - s + 1 > best.0 {
                        best = (x - s + 1, s, x);
                    }
                }
                _ => {
                    start = Some(x);
                    if best.0 == 0 {
                        best = (1, x, x);
                    }
                }
            }
            last = x;
        }
        best
    }

    /// The line, among those within ±12° across the band, with the longest dark run; among
    /// lines nearly as long, the one that follows the ink most closely (a line slanting
    /// from one stroke of a double strike to the other runs as long as either stroke).
    fn best(&self, tolerance: isize, gap: usize) -> (Line, (usize, usize, usize)) {
        let mut lines = vec![];
        for degrees in (-12..=12).step_by(2) {
            let slope = (degrees as f64).to_radians().tan();
            for offset in (-(self.height as isize) / 2..=self.height as isize / 2).step_by(2) {
                let line = Line { offset: offset as f64, slope };
                lines.push((line, self.run(line, tolerance, gap)));
            }
        }
        let longest = lines.iter().map(|l| l.1 .0).max().unwrap_or(0);
        let close = |l: &(Line, (usize, usize, usize))| (l.1 .1..=l.1 .2).filter(|&x| self.near(l.0, x, 2)).count();
        lines
            .into_iter()
            .filter(|l| l.1 .0 + GRID as usize >= longest)
            .max_by_key(close)
            .unwrap_or((Line { offset: 0.0, slope: 0.0 }, (0, 0, 0)))
    }
}

/// Kept, crossed or unclear, from the ink the paper has over one name's row and the print
/// does not. A strike is a line (straight within half a millimetre, so a wavy one too) that
/// runs dark along at least half the name, clearly longer than any run the printed name has
/// alone, with nothing else added but a second line beside it (a double strike). Anything else
/// added — a tick, a circle, writing, a stroke from another row — is unclear.
fn decide(image: &Grey, reference: &Reference, to_image: &Homography, print: &PrintedName) -> Mark {
    let PrintedName { x0, x1, y0, y1, .. } = *print;
    let Some((from, to)) = print.extent else { return Mark::Unclear };
    // Every pixel darker than paper (a thin or blue stroke, blurred by the scanner, may stay
    // lighter than INK), and what of it the print does not explain.
    let scan = Band::sample(x0, x1, y0, y1, |x, y| image.at_mm(to_image, x, y) < FAINT);
    let added = |x: usize, y: usize| scan.dark[(y - y0) * scan.width + x - x0] && !reference.printed(x, y);
    let extra: Vec<(usize, usize)> = (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| added(x, y)).collect();
    // Specks of dust or toner: under half a square millimetre in all.
    if (extra.len() as f64) < 0.5 * GRID * GRID {
        return Mark::Kept;
    }
    let (line, (length, start, end)) = scan.best(TOLERANCE, GAP);
    let name_length = to - from + 1;
    let over_name = (end + x0).min(to).saturating_sub((start + x0).max(from));
    // Where the print leaves the line white (between letters and words), a strike is there;
    // a scribble or a circle crossing the line is not.
    let white: Vec<usize> = (start..=end).filter(|&x| !print.ink.near(line, x, TOLERANCE)).collect();
    let filled = white.iter().filter(|&&x| scan.near(line, x, TOLERANCE)).count();
    let continuous = white.len() as f64 >= 2.0 * GRID && filled as f64 >= 0.85 * white.len() as f64;
    // Through the letters' body at the name's middle, not under or over them (an underline is
    // not a strike).
    let through = print.body.is_some_and(|(top, bottom)| {
        let y = line.y_at(((from + to) / 2 - x0) as f64, scan.width, scan.height);
        (top as f64 - 1.0..=bottom as f64 + 1.0).contains(&y)
    });
    let struck = over_name * 2 >= name_length && length >= print.longest + (3.0 * GRID) as usize && continuous && through;
    if !struck {
        return Mark::Unclear;
    }
    // What the strike (and a second line beside it) does not explain must be next to nothing;
    // a pen's own width around the line it follows is explained.
    let on = |l: Line, x: usize, y: usize| ((y - y0) as f64 - l.y_at((x - x0) as f64, scan.width, scan.height)).abs() <= 1.2 * GRID;
    let left: Vec<(usize, usize)> = extra.iter().copied().filter(|&(x, y)| !on(line, x, y)).collect();
    // A double strike: the parallel line, within 3 mm, that explains most of what is left,
    // itself running along half the name at least.
    let second = (-(3.0 * GRID) as isize..=(3.0 * GRID) as isize)
        .map(|d| Line { offset: line.offset + d as f64, ..line })
        .filter(|l| (l.offset - line.offset).abs() > GRID && scan.run(*l, TOLERANCE, GAP).0 * 2 >= name_length)
        .max_by_key(|l| left.iter().filter(|&&(x, y)| on(*l, x, y)).count());
    let unexplained = left.iter().filter(|&&(x, y)| second.is_none_or(|l| !on(l, x, y))).count();
    // Anything beyond a speck (0.4 mm²) is a mark of its own: a tick, a letter, a second stroke.
    if (unexplained as f64) < 0.4 * GRID * GRID {
        Mark::Crossed
    } else {
        Mark::Unclear
    }
}

impl Grey {
    fn at(&self, x: f64, y: f64) -> u8 {
        // Nearest pixel; outside the image is white paper.
        let (x, y) = (x.round(), y.round());
        // (Written so that a NaN, from a degenerate map, is outside too.)
        if !(x >= 0.0 && y >= 0.0 && x < self.width as f64 && y < self.height as f64) {
            return 255;
        }
        self.pixels[y as usize * self.width + x as usize]
    }

    /// The image with each pixel the median of its 3 × 3 neighbourhood: grain gone, edges kept.
    fn median(&self) -> Grey {
        let (w, h) = (self.width, self.height);
        let mut pixels = self.pixels.clone();
        for y in 1..h - 1 {
            for x in 1..w - 1 {
                let mut around = [0u8; 9];
                for (i, v) in around.iter_mut().enumerate() {
                    *v = self.pixels[(y + i / 3 - 1) * w + x + i % 3 - 1];
                }
                around.sort_unstable();
                pixels[y * w + x] = around[4];
            }
        }
        Grey { width: w, height: h, pixels }
    }

    /// The image's grey at GRID point (x, y) of the paper.
    fn at_mm(&self, to_image: &Homography, x: usize, y: usize) -> u8 {
        let (u, v) = to_image.map((x as f64 / GRID, y as f64 / GRID));
        self.at(u, v)
    }
}
