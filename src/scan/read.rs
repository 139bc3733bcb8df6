//! Reading one scanned sheet: find each paper by its four corner marks, straighten it through
//! them, read its QR code there, and decide for each name whether it is kept, crossed, or unclear, by comparing the
//! ink over the name's row with the printed name alone (the paper as the app prints it,
//! rendered as a reference). Nothing is guessed: whatever is not plainly a strike through a
//! name, or plainly nothing, is unclear, for the counting committee to decide.

use super::code::BallotCode;
use super::find;
use super::geometry::Homography;
use super::layout::Layout;
use crate::documents::pdf::{self, BallotPapers};
use crate::documents::DocumentError;

/// A grey image: 0 black, 255 white, row by row.
#[derive(Debug, Clone, PartialEq)]
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
    /// The paper straightened ([`SHOWN`] pixels a millimetre), for the committee, when a name
    /// is unclear.
    pub image: Option<Grey>,
}

/// Why a paper, or a whole image, gives no reading.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub reason: String,
    /// The paper straightened, when the paper itself was found by its marks but its code could
    /// not be read: a paper of the stack all the same, which the committee reads.
    pub image: Option<Grey>,
}

impl Refusal {
    fn new(reason: impl Into<String>) -> Refusal {
        Refusal { reason: reason.into(), image: None }
    }
}

/// Pixels a millimetre of a straightened paper shown to the committee (about 100 dpi).
pub const SHOWN: f64 = 4.0;

/// Pixels per millimetre of the reference and of the grid a paper is sampled on.
const GRID: f64 = 8.0;
/// Darker than this is ink.
pub(crate) const INK: u8 = 140;
/// A line "runs over" ink within this many GRID pixels of it (0.6 mm: a wavy hand), and
/// over gaps of up to GAP pixels (0.6 mm: a ballpoint skipping).
const TOLERANCE: isize = (0.6 * GRID) as isize;
const GAP: usize = (0.6 * GRID) as usize;
/// Darker than this is something: a faint or thin stroke that may not reach INK, which must
/// never let a name pass as untouched.
const FAINT: u8 = 215;
/// A coarse scan or a photo blurs the print over up to half a millimetre either side (BLUR
/// GRID pixels), greying the paper in the letters' small counters and the narrow gaps between
/// them.
const BLUR: usize = 4;
/// Only what is darker by more than this than the print so blurred is ink added.
const MARGIN: u8 = 20;
/// A strike's line explains the ink within this many millimetres of it (a thick, wavy or
/// slanted pen).
const BESIDE: f64 = 1.2;
/// The second line of a double strike explains only a pen's width about it, no more, so that a
/// scribble's zigzag is not explained as two strokes.
const SECOND: f64 = 0.75;

/// The round's papers as printed: their code, layout, and the printed ink of one paper.
pub struct Reference {
    pub code: BallotCode,
    pub layout: Layout,
    /// Printed ink of paper 0, on the GRID, widened by 1, 2 and 3 GRID pixels (up to 0.375
    /// mm): so that a paper straightened a little off, or blurred by a coarse scan, does not
    /// count its own print as a mark, while a thin dark stroke between letters still shows.
    printed: [Vec<bool>; 3],
    /// The grey the print alone leaves on a blurred scan: 255 less the share of ink within
    /// BLUR of each point.
    blurred: Vec<u8>,
    columns: usize,
    /// What the print alone shows in each name's row, worked out once for all the papers.
    names: Vec<PrintedName>,
    /// The side of the round's QR code, in modules.
    modules: usize,
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
        let mut printed = [vec![false; columns * rows], vec![false; columns * rows], vec![false; columns * rows]];
        let mut ink = vec![false; columns * rows];
        for y in 0..rows {
            for x in 0..columns {
                if dark(x, y) {
                    ink[y * columns + x] = true;
                    for (reach, widened) in printed.iter_mut().enumerate() {
                        let reach = reach as isize + 1;
                        for dy in -reach..=reach {
                            for dx in -reach..=reach {
                                let (nx, ny) = (x as isize + dx, y as isize + dy);
                                if nx >= 0 && ny >= 0 && (nx as usize) < columns && (ny as usize) < rows {
                                    widened[ny as usize * columns + nx as usize] = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        let blurred = blurred(&ink, columns, rows);
        let at = |grid: &Vec<bool>, x: usize, y: usize| grid.get(y * columns + x).copied().unwrap_or(false);
        let names = layout
            .rows
            .iter()
            .map(|row| {
                let (x0, x1) = ((row.x * GRID) as usize, ((row.x + row.w) * GRID) as usize);
                let (y0, y1) = ((row.y * GRID) as usize, ((row.y + row.h) * GRID) as usize);
                // The name's own print, not widened: widened, the next column's number, which
                // stands at the row's end, reaches into the row.
                let inked: Vec<usize> = ((row.name().x * GRID) as usize..x1).filter(|&x| (y0..y1).any(|y| at(&ink, x, y))).collect();
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
        let modules = qrcode::QrCode::with_error_correction_level(code.text().as_bytes(), qrcode::EcLevel::M).map_or(25, |c| c.width());
        Ok(Reference { code, layout, printed, blurred, columns, names, modules })
    }

    /// Where name `n` is printed, left to right, in millimetres from the paper's left edge.
    pub fn extent(&self, n: usize) -> Option<(f64, f64)> {
        self.names.get(n)?.extent.map(|(from, to)| (from as f64 / GRID, (to + 1) as f64 / GRID))
    }

    /// The grey the print alone leaves at (x, y) on a blurred scan.
    fn blurred(&self, x: usize, y: usize) -> u8 {
        self.blurred.get(y * self.columns + x).copied().unwrap_or(255)
    }

    /// Whether the print, widened by `reach` (1 to 3) GRID pixels, covers (x, y).
    fn printed(&self, x: usize, y: usize, reach: usize) -> bool {
        self.printed[reach.clamp(1, 3) - 1].get(y * self.columns + x).copied().unwrap_or(false)
    }
}

/// 255 less the share of `ink` in the square of BLUR pixels either side of each point.
fn blurred(ink: &[bool], columns: usize, rows: usize) -> Vec<u8> {
    // Summed areas: sums[y][x] is the ink above and left of (x, y).
    let mut sums = vec![0u32; (columns + 1) * (rows + 1)];
    for y in 0..rows {
        for x in 0..columns {
            sums[(y + 1) * (columns + 1) + x + 1] = u32::from(ink[y * columns + x]) + sums[y * (columns + 1) + x + 1] + sums[(y + 1) * (columns + 1) + x] - sums[y * (columns + 1) + x];
        }
    }
    let side = (2 * BLUR + 1) * (2 * BLUR + 1);
    (0..rows)
        .flat_map(|y| (0..columns).map(move |x| (x, y)))
        .map(|(x, y)| {
            let (xa, xb, ya, yb) = (x.saturating_sub(BLUR), (x + BLUR + 1).min(columns), y.saturating_sub(BLUR), (y + BLUR + 1).min(rows));
            let inked = sums[yb * (columns + 1) + xb] + sums[ya * (columns + 1) + xa] - sums[ya * (columns + 1) + xb] - sums[yb * (columns + 1) + xa];
            (255 - 255 * inked as usize / side) as u8
        })
        .collect()
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

/// A QR code's modules as sampled from the image: what rqrr's decoder reads.
struct Modules {
    side: usize,
    dark: Vec<bool>,
}

impl rqrr::BitGrid for Modules {
    fn size(&self) -> usize {
        self.side
    }
    fn bit(&self, y: usize, x: usize) -> bool {
        self.dark[y * self.side + x]
    }
}

/// The text of the paper's QR code, sampled through the map from the paper to the image
/// (its marks, found first, place the code far more exactly than the code's own small finder
/// patterns in a grainy scan) and decoded with its error correction. `modules` is the side the
/// round's own code has; another round's may be larger.
fn read_code(image: &Grey, layout: &Layout, to_image: &Homography, modules: usize) -> Option<String> {
    let sides = std::iter::once(modules).chain([21, 25, 29, 33].into_iter().filter(|&m| m != modules));
    for side in sides {
        let pitch = layout.qr / side as f64;
        // Each module's grey: the mean of nine points over its middle half.
        let grey = |mx: f64, my: f64| {
            let mut sum = 0.0;
            for (dx, dy) in [-0.25, 0.0, 0.25].into_iter().flat_map(|dx| [-0.25, 0.0, 0.25].map(|dy| (dx, dy))) {
                let p = to_image.map((layout.inset.0 + (mx + 0.5 + dx) * pitch, layout.inset.1 + (my + 0.5 + dy) * pitch));
                sum += image.at(p.0, p.1) as f64;
            }
            sum / 9.0
        };
        // A small error in the map moves the far modules most: try the grid a little shifted.
        for (sx, sy) in [(0.0, 0.0), (0.2, 0.0), (-0.2, 0.0), (0.0, 0.2), (0.0, -0.2), (0.2, 0.2), (-0.2, -0.2), (0.2, -0.2), (-0.2, 0.2)] {
            let values: Vec<f64> = (0..side * side).map(|i| grey((i % side) as f64 + sx, (i / side) as f64 + sy)).collect();
            // Dark from light by the finder patterns, whose modules are known: the top-left one's
            // ring and centre are dark, the ring between them light.
            let (mut dark, mut light) = ((0.0, 0.0), (0.0, 0.0));
            for y in 0..7 {
                for x in 0..7 {
                    let v = values[y * side + x];
                    if (x as i32 - 3).abs().max((y as i32 - 3).abs()) == 2 {
                        light = (light.0 + v, light.1 + 1.0);
                    } else {
                        dark = (dark.0 + v, dark.1 + 1.0);
                    }
                }
            }
            let (dark, light) = (dark.0 / dark.1, light.0 / light.1);
            if light - dark < 40.0 {
                continue;
            }
            let cut = (dark + light) / 2.0;
            let grid = rqrr::Grid::new(Modules { side, dark: values.iter().map(|&v| v < cut).collect() });
            if let Ok(Ok((_, text))) = std::panic::catch_unwind(|| grid.decode()) {
                return Some(text);
            }
        }
    }
    None
}

/// Reads every paper on a scanned sheet, in stack order (rows of papers from the top, each
/// from the left). A paper of another round or list is a refusal (the reason); so is a paper
/// whose code cannot be read, and an image where no paper is found: never skipped in silence.
pub fn read_sheet(image: &Grey, reference: &Reference) -> Vec<Result<Reading, Refusal>> {
    if image.width < 16 || image.height < 16 || image.pixels.len() != image.width * image.height {
        return vec![Err(Refusal::new("Ảnh hỏng hoặc quá nhỏ để đọc phiếu."))];
    }
    let image = image.flattened();
    let layout = &reference.layout;
    let blobs = find::blobs(&image);
    let candidates = find::candidates(&blobs, &layout.marks, layout.mark);
    // Best fits first: four blobs are one paper, read the way its code reads. Two neighbouring
    // papers' marks fit worse than either paper's own, so they come too late to take a blob.
    let mut used = vec![false; blobs.len()];
    let mut found: Vec<Found> = vec![];
    let mut unread: Vec<&find::Candidate> = vec![];
    for candidate in &candidates {
        if candidate.blobs.iter().any(|&b| used[b]) {
            continue;
        }
        let Some(to_image) = Homography::through(layout.marks, candidate.corners) else { continue };
        let Some(text) = read_code(&image, layout, &to_image, reference.modules) else {
            unread.push(candidate);
            continue;
        };
        for &b in &candidate.blobs {
            used[b] = true;
        }
        let result = match BallotCode::parse(&text) {
            None => Err(Refusal::new("Mã trên phiếu không phải của Sổ Chi đoàn.")),
            Some(code) => match code.refusal(&reference.code) {
                Some(reason) => Err(Refusal::new(reason)),
                None => {
                    // The print widened by a pixel and a half of the scan (a coarse scan blurs and
                    // places it less exactly), and never less than 0.25 mm (a photo's JPEG rings
                    // around the letters), on the GRID.
                    let (a, b) = (candidate.corners[0], candidate.corners[1]);
                    let per_mm = (b.0 - a.0).hypot(b.1 - a.1) / (layout.marks[1].0 - layout.marks[0].0);
                    let reach = ((1.5 * GRID / per_mm).ceil() as usize).clamp(2, 3);
                    let placed = Placed { image: &image, to_image: &to_image, footprint: per_mm / GRID / 2.0 };
                    let names: Vec<Mark> = reference.names.iter().map(|print| decide(&placed, reference, reach, print)).collect();
                    let shown = names.contains(&Mark::Unclear).then(|| straightened(&image, layout, &to_image));
                    Ok(Reading { corners: candidate.corners, names, image: shown })
                }
            },
        };
        found.push((centre(&candidate.corners), result));
    }
    // Four marks standing exactly as a paper's, whose code reads no way round: a paper all the
    // same, for the committee.
    for candidate in unread {
        if candidate.misfit < 0.02 && candidate.blobs.iter().all(|&b| !used[b]) {
            for &b in &candidate.blobs {
                used[b] = true;
            }
            let shown = Homography::through(layout.marks, candidate.corners).map(|to_image| straightened(&image, layout, &to_image));
            found.push((centre(&candidate.corners), Err(Refusal { reason: "Không đọc được mã QR của phiếu (mờ, bẩn hoặc bị che).".into(), image: shown })));
        }
    }
    if found.is_empty() {
        return vec![Err(Refusal::new(
            "Không tìm thấy phiếu bầu trên ảnh này: không thấy đủ bốn ô đen ở góc phiếu (ảnh mờ, phiếu bị che, rách hoặc không phải phiếu bầu).",
        ))];
    }
    // Stack order on a sheet: papers whose centres are less than half a paper apart in height
    // share a row.
    let height = layout.cell.1 * blobs.first().map_or(1.0, |b| b.side / layout.mark);
    found.sort_by(|a, b| a.0 .1.total_cmp(&b.0 .1));
    let mut rows: Vec<Vec<Found>> = vec![];
    for paper in found {
        match rows.last_mut() {
            Some(row) if paper.0 .1 - row[0].0 .1 < height / 2.0 => row.push(paper),
            _ => rows.push(vec![paper]),
        }
    }
    rows.into_iter()
        .flat_map(|mut row| {
            row.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0));
            row.into_iter().map(|(_, r)| r)
        })
        .collect()
}

/// A paper read (or refused) and where its centre is in the image.
type Found = ((f64, f64), Result<Reading, Refusal>);

/// A paper found on the image, sampled on the GRID.
struct Placed<'a> {
    image: &'a Grey,
    to_image: &'a Homography,
    /// Half a GRID pixel's side, in image pixels.
    footprint: f64,
}

impl Placed<'_> {
    /// The darkest image pixel about GRID point (x + dx, y + dy) of the paper: at over 203 dpi
    /// a GRID pixel spans more than one of the image's, and a hairline between the pixels one
    /// nearest point would read must still show. The pixels nearest the footprint's corners
    /// and all between are read (2 or 3 a side at 300 dpi): the print, a little thickened, is
    /// widened more than that anyway.
    fn at(&self, x: usize, y: usize, dx: f64, dy: f64) -> u8 {
        let (u, v) = self.to_image.map(((x as f64 + dx) / GRID, (y as f64 + dy) / GRID));
        if self.footprint <= 0.5 || !(u.is_finite() && v.is_finite()) {
            return self.image.at(u, v);
        }
        let nearest = |p: f64| (p - self.footprint).round() as i64..=(p + self.footprint).round() as i64;
        nearest(v).flat_map(|y| nearest(u).map(move |x| (x, y))).map(|(x, y)| self.image.at(x as f64, y as f64)).min().unwrap_or(255)
    }
}

/// The paper's cell as it was printed, at [`SHOWN`] pixels a millimetre.
fn straightened(image: &Grey, layout: &Layout, to_image: &Homography) -> Grey {
    let (width, height) = ((layout.cell.0 * SHOWN) as usize, (layout.cell.1 * SHOWN) as usize);
    let pixels = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .map(|(x, y)| {
            let (u, v) = to_image.map(((x as f64 + 0.5) / SHOWN, (y as f64 + 0.5) / SHOWN));
            image.at(u, v)
        })
        .collect();
    Grey { width, height, pixels }
}

impl Grey {
    /// The image as a grey PNG.
    pub fn png(&self) -> Vec<u8> {
        let mut out = vec![];
        let encoder = image::codecs::png::PngEncoder::new(&mut out);
        image::ImageEncoder::write_image(encoder, &self.pixels, self.width as u32, self.height as u32, image::ExtendedColorType::L8).expect("a grey image encodes");
        out
    }
}

fn centre(corners: &[(f64, f64); 4]) -> (f64, f64) {
    (corners.iter().map(|p| p.0).sum::<f64>() / 4.0, corners.iter().map(|p| p.1).sum::<f64>() / 4.0)
}

/// The longest window `i..j` of `filled`, starting and ending filled, in which the share
/// filled is `part / whole` at least.
fn densest(filled: &[bool], part: i64, whole: i64) -> Option<(usize, usize)> {
    // Prefix sums of whole·filled − part: a window qualifies when its sum is not negative.
    let mut prefix = vec![0i64];
    for &f in filled {
        prefix.push(prefix.last().unwrap() + if f { whole - part } else { -part });
    }
    // Starts (filled) whose prefix is lower than every earlier start's: no other start can be
    // better than one of these.
    let mut starts: Vec<usize> = vec![];
    for i in (0..filled.len()).filter(|&i| filled[i]) {
        if starts.last().is_none_or(|&s| prefix[i] < prefix[s]) {
            starts.push(i);
        }
    }
    // Each start's best end is the last filled one that keeps the share: try ends from the
    // right, so that the first to fit a start is its best.
    let mut best: Option<(usize, usize)> = None;
    for j in (1..=filled.len()).rev().filter(|&j| filled[j - 1]) {
        while let Some(&i) = starts.last() {
            if i >= j {
                starts.pop();
                continue;
            }
            if prefix[j] < prefix[i] {
                break;
            }
            if best.is_none_or(|(a, b)| j - i > b - a) {
                best = Some((i, j));
            }
            starts.pop();
        }
    }
    best
}

/// How many quarter-millimetre squares of the GRID the points touch, counting only squares
/// next to another touched one: a line or a blot, not scattered grain.
fn spread(points: impl Iterator<Item = (usize, usize)>) -> usize {
    let cell = (GRID / 4.0) as usize;
    let mut cells: Vec<(usize, usize)> = points.map(|(x, y)| (x / cell, y / cell)).collect();
    cells.sort_unstable();
    cells.dedup();
    let touched = |x: usize, y: usize| cells.binary_search(&(x, y)).is_ok();
    cells
        .iter()
        .filter(|&&(x, y)| {
            (x.saturating_sub(1)..=x + 1).any(|nx| (y.saturating_sub(1)..=y + 1).any(|ny| (nx, ny) != (x, y) && touched(nx, ny)))
        })
        .count()
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

impl Band {
    /// The line, within ±12° across the band, along which most columns have ink within
    /// `tolerance`, and among those the one the ink follows most closely: on the ink the print
    /// does not explain, the stroke a voter drew, however slanted, and not a line through the
    /// printed letters.
    fn covering(&self, tolerance: isize) -> (Line, Line) {
        let score = |line: Line| {
            let (mut wide, mut close) = (0, 0);
            for x in 0..self.width {
                if self.near(line, x, tolerance) {
                    wide += 1;
                    close += usize::from(self.near(line, x, 2));
                }
            }
            (wide, close)
        };
        // The line reaching the most columns, the ink following it most closely among those;
        // and, among the lines reaching nearly as many (within a millimetre), the one the ink
        // follows most closely: a line slanting from one stroke of a double strike to the other
        // can reach a few more columns than either stroke, but follows neither.
        let pick = |scored: &[(Line, (usize, usize))], slack: usize| {
            let widest = scored.iter().map(|s| s.1 .0).max().unwrap_or(0);
            scored.iter().filter(|s| s.1 .0 + slack >= widest).max_by_key(|s| (s.1 .1, s.1 .0)).map_or(Line { offset: 0.0, slope: 0.0 }, |s| s.0)
        };
        let scored = |degrees: Vec<f64>, offsets: Vec<f64>| -> Vec<(Line, (usize, usize))> {
            degrees
                .into_iter()
                .flat_map(|d| offsets.iter().map(move |&offset| Line { offset, slope: d.to_radians().tan() }))
                .map(|l| (l, score(l)))
                .collect()
        };
        let half = self.height as isize / 2;
        // Every line within ±12° scored once, then each choice refined around itself.
        let coarse = scored((-6..=6).map(|d| d as f64 * 2.0).collect(), (-half..=half).step_by(2).map(|o| o as f64).collect());
        let refined = |slack: usize| {
            let best = pick(&coarse, slack);
            let degrees = best.slope.atan().to_degrees();
            pick(&scored((-4..=4).map(|d| degrees + d as f64 * 0.5).collect(), (-2..=2).map(|o| best.offset + o as f64).collect()), slack)
        };
        (refined(0), refined(GRID as usize))
    }

    /// The line through the middle of the ink within `tolerance` of `line` (least squares): a
    /// thick or wavy stroke's own middle, not one of its edges.
    fn centred(&self, line: Line, tolerance: isize) -> Line {
        let (mut n, mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for x in 0..self.width {
            let at = line.y_at(x as f64, self.width, self.height).round() as isize;
            for y in (at - tolerance).max(0)..=(at + tolerance).min(self.height as isize - 1) {
                if self.dark[y as usize * self.width + x] {
                    let (x, y) = (x as f64 - self.width as f64 / 2.0, y as f64 - self.height as f64 / 2.0);
                    (n, sx, sy, sxx, sxy) = (n + 1.0, sx + x, sy + y, sxx + x * x, sxy + x * y);
                }
            }
        }
        let spread = n * sxx - sx * sx;
        if n < 2.0 || spread.abs() < 1e-9 {
            return line;
        }
        let slope = (n * sxy - sx * sy) / spread;
        Line { offset: (sy - slope * sx) / n, slope }
    }
}

/// Kept, crossed or unclear, from the ink the paper has over one name's row and the print
/// does not. A strike is a line (straight within half a millimetre, so a wavy one too) that
/// runs dark along 40 % of the name at least, clearly longer than any run the printed name has
/// alone, with nothing else added but a second line beside it (a double strike). Anything else
/// added — a tick, a circle, writing, a stroke from another row — is unclear. Ink "added" is
/// what is darker than paper away from the print, and darker than the print blurred would
/// leave the paper there.
fn decide(placed: &Placed, reference: &Reference, reach: usize, print: &PrintedName) -> Mark {
    let PrintedName { x0, x1, y0, y1, .. } = *print;
    let Some((from, to)) = print.extent else { return Mark::Unclear };
    // The row's own small misplacement (a scan's marks place it within a few tenths of a
    // millimetre): the shift, within a fifth of a millimetre, that lays the print of the
    // name's number darkest. (Not the name's: a strike through it would draw the print to it.)
    let number: Vec<(usize, usize)> =
        (y0..y1).flat_map(|y| (x0..from.saturating_sub((2.0 * GRID) as usize)).map(move |x| (x, y))).filter(|&(x, y)| print.ink.dark[(y - y0) * (x1 - x0) + x - x0]).collect();
    let darkness = |dx: f64, dy: f64| number.iter().map(|&(x, y)| u64::from(placed.at(x, y, dx, dy))).sum::<u64>();
    let mut shift = (0.0, 0.0);
    for step in [1.0, 0.5] {
        let around = shift;
        // Among equally dark, the smallest shift (none, when the number has no print).
        let offsets = [(0.0, 0.0), (-1.0, 0.0), (1.0, 0.0), (0.0, -1.0), (0.0, 1.0), (-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)];
        shift = offsets.map(|(i, j)| (around.0 + i * step, around.1 + j * step)).into_iter().min_by_key(|&(dx, dy)| darkness(dx, dy)).unwrap_or(around);
    }
    let sample = |(dx, dy): (f64, f64)| -> Vec<u8> { (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).map(|(x, y)| placed.at(x, y, dx, dy)).collect() };
    // Ink the print does not explain: darker than paper, away from the print, and darker (by
    // MARGIN) than the print blurred leaves the paper there.
    let unexplained_ink = |grey: u8, x: usize, y: usize| grey < FAINT && !reference.printed(x, y, reach) && grey.saturating_add(MARGIN) < reference.blurred(x, y);
    let extra_of = |grey: &[u8]| -> Vec<(usize, usize)> {
        (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| unexplained_ink(grey[(y - y0) * (x1 - x0) + x - x0], x, y)).collect()
    };
    // Specks of dust or toner: under half a square millimetre in all, measured by the
    // quarter-millimetre squares it touches, so that a thin stroke counts by its length as a
    // blot does by its area: under 8 (half a square millimetre, or 2 mm of line). Judged on the
    // row laid by its number, so that the letters' edges, a little off, are not taken for ink.
    let laid = sample(shift);
    let laid_extra = extra_of(&laid);
    if spread(laid_extra.iter().copied()) < 8 {
        return Mark::Kept;
    }
    // Anything more is judged where the marks place it: a stroke or a tick is not moved to suit.
    let (grey, extra) = if shift == (0.0, 0.0) {
        (laid, laid_extra)
    } else {
        let grey = sample((0.0, 0.0));
        let extra = extra_of(&grey);
        (grey, extra)
    };
    let at = |x: usize, y: usize| grey[(y - y0) * (x1 - x0) + x - x0];
    let scan = Band::sample(x0, x1, y0, y1, |x, y| at(x, y) < FAINT);
    let added = |x: usize, y: usize| unexplained_ink(at(x, y), x, y);
    let added_band = Band::sample(x0, x1, y0, y1, added);
    // The stroke is looked for in the dark ink added first: the faint grey a scan leaves along
    // the letters' edges runs the name's length too, and must not pass for the stroke.
    let dark_band = Band::sample(x0, x1, y0, y1, |x, y| added(x, y) && at(x, y) < INK);
    let dark_lines = dark_band.covering(TOLERANCE);
    let (line, closest) = if (0..dark_band.width).filter(|&x| dark_band.near(dark_lines.0, x, TOLERANCE)).count() as f64 >= 2.0 * GRID {
        dark_lines
    } else {
        added_band.covering(TOLERANCE)
    };
    // What a line strikes: of its longest dark run, the longest stretch over which, where the
    // print leaves the line white (between letters and words), the line runs dark at 85 % of
    // such columns at least, over 2 mm of them at least. A strike is dark there all along; a
    // scribble or a circle crossing the line is not; and the letters beyond a strike's end,
    // dark along any line, are not struck. The stretch reaches over the letters at its ends up
    // to the first gap left white, a millimetre at most. Returned with the whole run's length.
    let stretch = |dark: &Band, line: Line| -> Option<(usize, usize, usize)> {
        let (length, start, end) = dark.run(line, TOLERANCE, GAP);
        let white: Vec<usize> = (start..=end).filter(|&x| !print.ink.near(line, x, TOLERANCE)).collect();
        let filled: Vec<bool> = white.iter().map(|&x| dark.near(line, x, TOLERANCE)).collect();
        let (i, j) = densest(&filled, 17, 20)?;
        let over = GRID as usize;
        let first = if i == 0 { start } else { white[i - 1] + 1 }.max(white[i].saturating_sub(over));
        let last = if j == white.len() { end } else { white[j] - 1 }.min(white[j - 1] + over);
        (j - i >= (2.0 * GRID) as usize).then_some((length, first, last))
    };
    let name_length = to - from + 1;
    let Some((length, start, end)) = stretch(&scan, line) else { return Mark::Unclear };
    let over_name = (end + x0).min(to).saturating_sub((start + x0).max(from));
    // Through the letters' body at the name's middle, not under or over them (an underline is
    // not a strike).
    let through = print.body.is_some_and(|(top, bottom)| {
        // At the middle of the stretch struck, so that a slanted stroke over part of the name
        // is judged where it is.
        let middle = ((start + x0).max(from) + (end + x0).min(to)) / 2;
        let y = line.y_at(middle.saturating_sub(x0) as f64, scan.width, scan.height);
        (top as f64 - 1.0..=bottom as f64 + 1.0).contains(&y)
    });
    // Over 40 % of the name at least: a strike stopped short of half the name is still one.
    let struck = over_name * 5 >= name_length * 2 && length >= print.longest + (3.0 * GRID) as usize && through;
    if !struck {
        return Mark::Unclear;
    }
    // What the strike (and a second line beside it) does not explain must be next to nothing;
    // a pen's own width around the line it follows is explained.
    let within = |l: Line, x: usize, y: usize, reach: f64| ((y - y0) as f64 - l.y_at((x - x0) as f64, scan.width, scan.height)).abs() <= reach * GRID;
    let on = |l: Line, x: usize, y: usize| within(l, x, y, BESIDE);
    let on_second = |l: Line, x: usize, y: usize| within(l, x, y, SECOND);
    // The line found, the one the ink follows most closely, the middle of the ink along either
    // (a thick or wavy stroke's own middle), or the middle of all the ink within a millimetre
    // (a double strike's two close lines, thick, run as one): whichever explains more.
    let unexplained = [line, added_band.centred(line, TOLERANCE), closest, added_band.centred(closest, TOLERANCE), added_band.centred(added_band.centred(line, 2 * TOLERANCE), 2 * TOLERANCE)]
        .into_iter()
        .map(|line| {
            let left: Vec<(usize, usize)> = extra.iter().copied().filter(|&(x, y)| !on(line, x, y)).collect();
            let explains = |l: Line| left.iter().filter(|&&(x, y)| on_second(l, x, y)).count();
            // A double strike: the parallel line, half a millimetre to 3 mm away, or the middle
            // of the ink along it (a second stroke drawn a little less slanted), that explains
            // most of what is left; itself struck along half the name at least, as the strike
            // must be (a scribble's zigzag far from the strike crosses such a line only here and
            // there).
            let mut parallels: Vec<(usize, Line)> = (-(3.0 * GRID) as isize..=(3.0 * GRID) as isize)
                .filter(|d| d.unsigned_abs() as f64 > GRID / 2.0)
                .map(|d| Line { offset: line.offset + d as f64, ..line })
                .map(|l| (explains(l), l))
                .collect();
            // Most explained first; only those are worth asking whether they strike.
            parallels.sort_by_key(|p| std::cmp::Reverse(p.0));
            let second = parallels
                .into_iter()
                .map(|p| p.1)
                .find(|&l| stretch(&scan, l).is_some_and(|(_, start, end)| (end - start + 1) * 2 >= name_length))
                .map(|l| [l, added_band.centred(l, 3)].into_iter().max_by_key(|&l| explains(l)).unwrap_or(l));
            spread(left.iter().copied().filter(|&(x, y)| second.is_none_or(|l| !on_second(l, x, y))))
        })
        .min()
        .unwrap_or(usize::MAX);
    // Anything beyond a speck (6 quarter-millimetre squares: 1.5 mm of line) is a mark of its
    // own: a tick, a letter, a second stroke.
    if unexplained < 6 {
        Mark::Crossed
    } else {
        Mark::Unclear
    }
}

impl Grey {
    pub(crate) fn at(&self, x: f64, y: f64) -> u8 {
        // Nearest pixel; outside the image is white paper.
        let (x, y) = (x.round(), y.round());
        // (Written so that a NaN, from a degenerate map, is outside too.)
        if !(x >= 0.0 && y >= 0.0 && x < self.width as f64 && y < self.height as f64) {
            return 255;
        }
        self.pixels[y as usize * self.width + x as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::densest;

    #[test]
    fn the_longest_stretch_filled_at_85_percent_ends_where_the_gaps_begin() {
        let parse = |s: &str| s.chars().map(|c| c == '#').collect::<Vec<bool>>();
        // A strike stopped after seven columns: the letters' gaps beyond it are not struck.
        assert_eq!(densest(&parse(".######....##"), 17, 20), Some((1, 7)));
        // One gap missed in eighteen is a ballpoint skipping; three running are the strike's end.
        assert_eq!(densest(&parse("#######.##########...###"), 17, 20), Some((0, 18)));
        assert_eq!(densest(&parse("##########"), 17, 20), Some((0, 10)));
        assert_eq!(densest(&parse("..."), 17, 20), None);
        assert_eq!(densest(&[], 17, 20), None);
        // Against every window of every pattern of 12 columns.
        for bits in 0u32..1 << 12 {
            let filled: Vec<bool> = (0..12).map(|k| bits >> k & 1 == 1).collect();
            let longest = (0..12)
                .flat_map(|i| (i + 1..=12).map(move |j| (i, j)))
                .filter(|&(i, j)| filled[i] && filled[j - 1] && filled[i..j].iter().filter(|&&f| f).count() * 20 >= (j - i) * 17)
                .map(|(i, j)| j - i)
                .max();
            let found = densest(&filled, 17, 20);
            assert_eq!(found.map(|(i, j)| j - i), longest, "{filled:?}");
            if let Some((i, j)) = found {
                assert!(filled[i] && filled[j - 1] && filled[i..j].iter().filter(|&&f| f).count() * 20 >= (j - i) * 17, "{filled:?}");
            }
        }
    }
}
