//! Reading one scanned sheet: find each paper by its QR code, straighten it by its four corner
//! marks, and decide for each name whether it is kept, crossed, or unclear, by comparing the
//! ink over the name's row with the printed name alone (the paper as the app prints it,
//! rendered as a reference). Nothing is guessed: whatever is not plainly a strike through a
//! name, or plainly nothing, is unclear, for the counting committee to decide.

use super::code::BallotCode;
use super::layout::{Layout, Row, MARK};
use crate::documents::pdf::{self, BallotPapers};
use crate::documents::DocumentError;

/// A grey image: 0 black, 255 white, row by row.
#[derive(Debug, Clone)]
pub struct Grey {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Grey {
    fn at(&self, x: f64, y: f64) -> u8 {
        // Nearest pixel; outside the image is white paper.
        let (x, y) = (x.round(), y.round());
        if x < 0.0 || y < 0.0 || x >= self.width as f64 || y >= self.height as f64 {
            return 255;
        }
        self.pixels[y as usize * self.width + x as usize]
    }
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

/// The round's papers as printed: their code, layout, and the printed ink of one paper.
pub struct Reference {
    pub code: BallotCode,
    pub layout: Layout,
    /// Printed ink of paper 0, on the GRID, widened by 0.25 mm so that a paper straightened a
    /// little off does not count its own print as a mark.
    printed: Vec<bool>,
    columns: usize,
}

impl Reference {
    pub fn new(papers: &BallotPapers) -> Result<Reference, DocumentError> {
        let code = BallotCode::parse(&papers.code).expect("the papers' own code");
        let layout = papers.layout.clone();
        let pages = pdf::ballot_pages(papers)?;
        let options = typst_render::RenderOptions { pixel_per_pt: typst::utils::Scalar::new(GRID * 25.4 / 72.0), render_bleed: false };
        let page = typst_render::render(&pages.pages()[0], &options);
        let (columns, rows) = ((layout.cell.0 * GRID) as usize, (layout.cell.1 * GRID) as usize);
        let origin = layout.origin(0);
        let (ox, oy) = ((origin.0 * GRID) as usize, (origin.1 * GRID) as usize);
        let dark = |x: usize, y: usize| {
            let p = page.pixel((ox + x) as u32, (oy + y) as u32).map_or(255, |p| p.red().min(p.green()).min(p.blue()));
            p < INK
        };
        let reach = 2isize;
        let mut printed = vec![false; columns * rows];
        for y in 0..rows {
            for x in 0..columns {
                if dark(x, y) {
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
        Ok(Reference { code, layout, printed, columns })
    }

    fn printed(&self, x: usize, y: usize) -> bool {
        self.printed.get(y * self.columns + x).copied().unwrap_or(false)
    }
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
    let (fx1, fy1) = ((x1 + side as usize).min(image.width - 1), (y1 + side as usize).min(image.height - 1));
    let mut seen = std::collections::HashSet::from([start]);
    let mut todo = vec![start];
    let (mut sx, mut sy) = (0.0, 0.0);
    while let Some((x, y)) = todo.pop() {
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

/// Reads every paper on a scanned sheet. Papers whose code does not match the reference are
/// returned as refusals (the reason), in the order found.
pub fn read_sheet(image: &Grey, reference: &Reference) -> Vec<Result<Reading, String>> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(image.width, image.height, |x, y| image.pixels[y * image.width + x]);
    let mut found: Vec<(f64, Result<Reading, String>)> = vec![];
    for grid in prepared.detect_grids() {
        let corners = grid.bounds.map(|p| (p.x as f64, p.y as f64));
        let modules = rqrr::BitGrid::size(&grid.grid);
        // Stack order: top to bottom, then left to right, by where the code is.
        let key = (corners[0].1 / 200.0).round() * 1e6 + corners[0].0;
        let result = match grid.decode() {
            Err(_) => Err("Không đọc được mã của phiếu.".to_string()),
            Ok((_, text)) => match BallotCode::parse(&text) {
                None => Err("Mã trên phiếu không phải của Sổ Chi đoàn.".to_string()),
                Some(code) => match code.refusal(&reference.code) {
                    Some(reason) => Err(reason),
                    None => read_paper(image, reference, corners, modules),
                },
            },
        };
        found.push((key, result));
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
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
    let names = layout.rows.iter().map(|row| decide(image, reference, &exact, row)).collect();
    Ok(Reading { corners, names })
}

/// Kept, crossed or unclear, from the ink the paper has over one name's row and the print
/// does not.
fn decide(image: &Grey, reference: &Reference, to_image: &Homography, row: &Row) -> Mark {
    let name = row.name();
    let (x0, x1) = ((row.x * GRID) as usize, ((row.x + row.w) * GRID) as usize);
    let (y0, y1) = ((row.y * GRID) as usize, ((row.y + row.h) * GRID) as usize);
    // The printed name's extent along the row.
    let inked: Vec<usize> = ((name.x * GRID) as usize..x1).filter(|&x| (y0..y1).any(|y| reference.printed(x, y))).collect();
    let (Some(&from), Some(&to)) = (inked.first(), inked.last()) else { return Mark::Unclear };
    let extra = |x: usize, y: usize| !reference.printed(x, y) && image.at_mm(to_image, x, y) < INK;
    let (mut covered, mut spread, mut count) = (vec![], 0usize, 0usize);
    for x in x0..x1 {
        let ys: Vec<usize> = (y0..y1).filter(|&y| extra(x, y)).collect();
        count += ys.len();
        if let (true, Some(a), Some(b)) = ((from..=to).contains(&x), ys.first(), ys.last()) {
            covered.push(x);
            spread += b - a + 1;
        }
    }
    // Specks of dust or toner: under half a square millimetre in all.
    if (count as f64) < 0.5 * GRID * GRID {
        return Mark::Kept;
    }
    // A strike runs along at least half the name, thin (one line, or two close ones, or a
    // wavy one), not a circle around it or writing over it. Where it crosses a letter the
    // print hides it: gaps up to a letter's width (3 mm) are bridged.
    let bridge = (3.0 * GRID) as usize;
    let mut along = 0;
    for pair in covered.windows(2) {
        let gap = pair[1] - pair[0];
        along += if gap <= bridge { gap } else { 1 };
    }
    let coverage = (along + usize::from(!covered.is_empty())) as f64 / (to - from + 1) as f64;
    let thin = !covered.is_empty() && (spread as f64 / covered.len() as f64) < 0.45 * (y1 - y0) as f64;
    if coverage >= 0.5 && thin {
        Mark::Crossed
    } else {
        Mark::Unclear
    }
}

impl Grey {
    /// The image's grey at GRID point (x, y) of the paper.
    fn at_mm(&self, to_image: &Homography, x: usize, y: usize) -> u8 {
        let (u, v) = to_image.map((x as f64 / GRID, y as f64 / GRID));
        self.at(u, v)
    }
}
