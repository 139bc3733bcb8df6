//! A corpus of marked ballots with known truth, for proving the scan reader: the app's own
//! papers rendered as a scanner would see them, names struck by varied pens (full and partial,
//! slanted, wavy, double, thin to thick, black or blue), ambiguous marks (ticks, circles,
//! scribbles, a stroke through two names) where the truth is "unclear", then noise, blur and
//! skew. Deterministic: the same seed gives the same corpus.

use chidoan::scan::read::{Grey, Mark, Reference};

/// A small deterministic generator (xorshift64*): no dependency, same numbers everywhere.
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Dice {
        Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [a, b).
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.range(0.0, 1.0) < p
    }
    pub fn pick(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A pen line through points (millimetres on the sheet), `width` mm wide, of grey `ink`.
pub fn line(image: &mut Grey, dpi: f64, points: &[(f64, f64)], width: f64, ink: u8) {
    let px = dpi / 25.4;
    let half = (width * px / 2.0).max(0.5);
    for pair in points.windows(2) {
        let (ax, ay, bx, by) = (pair[0].0 * px, pair[0].1 * px, pair[1].0 * px, pair[1].1 * px);
        let len2 = ((bx - ax).powi(2) + (by - ay).powi(2)).max(1e-9);
        let x0 = (ax.min(bx) - half).max(0.0) as usize;
        let x1 = ((ax.max(bx) + half) as usize).min(image.width - 1);
        let y0 = (ay.min(by) - half).max(0.0) as usize;
        let y1 = ((ay.max(by) + half) as usize).min(image.height - 1);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let t = (((x as f64 - ax) * (bx - ax) + (y as f64 - ay) * (by - ay)) / len2).clamp(0.0, 1.0);
                let d = (x as f64 - (ax + t * (bx - ax))).hypot(y as f64 - (ay + t * (by - ay)));
                if d <= half {
                    let p = &mut image.pixels[y * image.width + x];
                    *p = (*p).min(ink);
                }
            }
        }
    }
}

/// The sheet turned by `degrees` about its centre on a scanner bed `border` pixels wider all
/// round (bilinear, as a scanner's optics blend neighbouring pixels; white where nothing is).
pub fn rotated(image: &Grey, degrees: f64, border: usize) -> Grey {
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (image.width as f64 / 2.0, image.height as f64 / 2.0);
    let (width, height) = (image.width + 2 * border, image.height + 2 * border);
    let mut pixels = vec![255u8; width * height];
    for y in 0..height {
        for x in 0..width {
            let (dx, dy) = (x as f64 - border as f64 - cx, y as f64 - border as f64 - cy);
            let (sx, sy) = (c * dx + s * dy + cx, -s * dx + c * dy + cy);
            if sx >= 0.0 && sy >= 0.0 && sx + 1.0 < image.width as f64 && sy + 1.0 < image.height as f64 {
                let (x0, y0, fx, fy) = (sx as usize, sy as usize, sx.fract(), sy.fract());
                let p = |x: usize, y: usize| image.pixels[y * image.width + x] as f64;
                let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
                let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
                pixels[y * width + x] = (top * (1.0 - fy) + bottom * fy).round() as u8;
            }
        }
    }
    Grey { width, height, pixels }
}

/// Paper `paper` of a sheet cut out along its cell, as a voter held it.
pub fn cut(sheet: &Grey, layout: &chidoan::scan::layout::Layout, paper: u32, dpi: f64) -> Grey {
    let px = dpi / 25.4;
    let (ox, oy) = layout.origin(paper);
    let (x0, y0) = ((ox * px) as usize, (oy * px) as usize);
    let (width, height) = (((layout.cell.0 * px) as usize).min(sheet.width - x0), ((layout.cell.1 * px) as usize).min(sheet.height - y0));
    let pixels = (y0..y0 + height).flat_map(|y| sheet.pixels[y * sheet.width + x0..y * sheet.width + x0 + width].iter().copied()).collect();
    Grey { width, height, pixels }
}

/// Sensor noise of ± `amount` grey levels, and a 3×3 blur when `blur`.
pub fn degrade(image: &mut Grey, dice: &mut Dice, amount: f64, blur: bool) {
    if blur {
        let (w, h) = (image.width, image.height);
        let src = image.pixels.clone();
        for y in 1..h - 1 {
            for x in 1..w - 1 {
                let sum: u32 = (0..3).flat_map(|j| (0..3).map(move |i| (i, j))).map(|(i, j)| src[(y + j - 1) * w + x + i - 1] as u32).sum();
                image.pixels[y * w + x] = (sum / 9) as u8;
            }
        }
    }
    for p in image.pixels.iter_mut() {
        *p = (*p as f64 + dice.range(-amount, amount)).clamp(0.0, 255.0) as u8;
    }
}

/// What was done to one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Nothing,
    Struck,
    /// A tick, a circle, a scribble, or a stroke reaching the next name: the truth is unclear.
    Ambiguous,
}

impl Done {
    pub fn truth(self) -> Mark {
        match self {
            Done::Nothing => Mark::Kept,
            Done::Struck => Mark::Crossed,
            Done::Ambiguous => Mark::Unclear,
        }
    }
}

/// One marked sheet and, paper by paper in stack order, what was done to each name.
pub struct Sheet {
    pub image: Grey,
    pub truth: Vec<Vec<Done>>,
}

/// Marks one sheet of the round's papers (`reference`; its clean rendering `clean` at `dpi`):
/// each name struck with probability 0.4; each paper ambiguous somewhere with probability
/// `ambiguous`.
pub fn mark_sheet(reference: &Reference, clean: &Grey, dpi: f64, dice: &mut Dice, ambiguous: f64) -> Sheet {
    let layout = &reference.layout;
    let mut image = clean.clone();
    let mut truth = vec![];
    for paper in 0..layout.per_page {
        let (ox, oy) = layout.origin(paper);
        let mut done = vec![Done::Nothing; layout.rows.len()];
        // A pen for the whole paper: 1 to 4 px wide, black or blue ballpoint.
        let width = dice.range(1.0, 4.0) * 25.4 / dpi;
        let ink = if dice.chance(0.5) { dice.range(10.0, 40.0) } else { dice.range(45.0, 75.0) } as u8;
        for (n, row) in layout.rows.iter().enumerate() {
            if !dice.chance(0.4) {
                continue;
            }
            let r = row.name();
            // Over the name as printed: a share of its length 60 to 100 %.
            let (from, to) = reference.extent(n).expect("a printed name");
            let length = to - from;
            let (x0, mid) = (ox + from, oy + r.y + r.h / 2.0);
            let share = dice.range(0.6, 1.0);
            let start = x0 - dice.range(0.0, 2.0) + if dice.chance(0.5) { 0.0 } else { length * (1.0 - share) };
            let end = start + length * share + dice.range(0.0, 2.0);
            // Slanted up to ±10°, but never leaving the name's row.
            let rise = (dice.range(-10.0, 10.0).to_radians().tan() * (end - start)).clamp(-0.35 * r.h, 0.35 * r.h);
            let at = |t: f64, offset: f64| (start + t * (end - start), mid + offset + rise * (t - 0.5));
            let style = dice.pick(4);
            let points: Vec<(f64, f64)> = match style {
                // Wavy: a hand-drawn line wandering half a millimetre.
                2 => (0..=24).map(|i| at(i as f64 / 24.0, 0.5 * (i as f64 * 0.9).sin())).collect(),
                _ => vec![at(0.0, 0.0), at(1.0, 0.0)],
            };
            line(&mut image, dpi, &points, width, ink);
            if style == 3 {
                // Double: a second line a millimetre below.
                line(&mut image, dpi, &[at(0.0, 1.0), at(1.0, 1.0)], width, ink);
            }
            done[n] = Done::Struck;
        }
        if dice.chance(ambiguous) {
            let n = dice.pick(layout.rows.len());
            let r = layout.rows[n].name();
            let (x0, mid) = (ox + r.x, oy + r.y + r.h / 2.0);
            match dice.pick(4) {
                // A tick beside the name.
                0 => line(&mut image, dpi, &[(x0 + 3.0, mid), (x0 + 5.0, mid + 2.0), (x0 + 10.0, mid - 3.0)], width, ink),
                // A circle around it.
                1 => {
                    let points: Vec<(f64, f64)> = (0..=40)
                        .map(|i| {
                            let a = i as f64 / 40.0 * std::f64::consts::TAU;
                            (x0 + 14.0 + 16.0 * a.cos(), mid + 0.45 * r.h * a.sin())
                        })
                        .collect();
                    line(&mut image, dpi, &points, width, ink);
                }
                // Writing over it: a scribble up and down.
                2 => {
                    let points: Vec<(f64, f64)> = (0..=10).map(|i| (x0 + 2.0 + i as f64 * 1.2, mid + if i % 2 == 0 { -2.0 } else { 2.0 })).collect();
                    line(&mut image, dpi, &points, width, ink);
                }
                // One stroke from this name down through the next.
                _ => {
                    let next = if n + 1 < layout.rows.len() { n + 1 } else { n.saturating_sub(1) };
                    let r2 = layout.rows[next].name();
                    line(&mut image, dpi, &[(x0, mid), (ox + r2.x + 20.0, oy + r2.y + r2.h / 2.0)], width, ink);
                    done[next] = Done::Ambiguous;
                }
            }
            done[n] = Done::Ambiguous;
        }
        truth.push(done);
    }
    Sheet { image, truth }
}

/// The image turned by `quarters` quarter turns clockwise: a paper fed sideways or upside down.
pub fn quarter_turned(image: &Grey, quarters: u32) -> Grey {
    let mut image = image.clone();
    for _ in 0..quarters % 4 {
        let (w, h) = (image.width, image.height);
        // Clockwise: the new row y is the old column y, read from the bottom up.
        let pixels = (0..w).flat_map(|y| (0..h).map(move |x| (x, y))).map(|(x, y)| image.pixels[(h - 1 - x) * w + y]).collect();
        image = Grey { width: h, height: w, pixels };
    }
    image
}

/// Light falling unevenly, as on a desk under a window: the image darkened towards one corner
/// to `darkest` of its brightness.
pub fn shaded(image: &mut Grey, darkest: f64) {
    let (w, h) = (image.width as f64, image.height as f64);
    for y in 0..image.height {
        for x in 0..image.width {
            let t = (x as f64 / w + y as f64 / h) / 2.0;
            let p = &mut image.pixels[y * image.width + x];
            *p = (*p as f64 * (1.0 - (1.0 - darkest) * t)) as u8;
        }
    }
}

/// The image as a scanner's JPEG file at `quality` (artefacts and all).
pub fn jpeg(image: &Grey, quality: u8) -> Vec<u8> {
    let mut out = vec![];
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode(&image.pixels, image.width as u32, image.height as u32, image::ExtendedColorType::L8)
        .unwrap();
    out
}

/// The images as one multi-page TIFF, as a scanner's feeder writes it.
pub fn tiff(pages: &[Grey]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(vec![]);
    let mut encoder = tiff::encoder::TiffEncoder::new(&mut out).unwrap();
    for page in pages {
        encoder.write_image::<tiff::encoder::colortype::Gray8>(page.width as u32, page.height as u32, &page.pixels).unwrap();
    }
    out.into_inner()
}

/// The images as a scanner's PDF: a page each, the size of the paper at `dpi`, holding the
/// image as a JPEG of `quality`.
pub fn scanner_pdf(pages: &[Grey], dpi: f64, quality: u8) -> Vec<u8> {
    use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref};
    let mut pdf = Pdf::new();
    let (catalog, tree) = (Ref::new(1), Ref::new(2));
    pdf.catalog(catalog).pages(tree);
    let ids: Vec<(Ref, Ref, Ref)> = (0..pages.len() as i32).map(|i| (Ref::new(3 + 3 * i), Ref::new(4 + 3 * i), Ref::new(5 + 3 * i))).collect();
    pdf.pages(tree).kids(ids.iter().map(|i| i.0)).count(pages.len() as i32);
    for (page, &(page_id, image_id, content_id)) in pages.iter().zip(&ids) {
        let (w, h) = ((page.width as f64 * 72.0 / dpi) as f32, (page.height as f64 * 72.0 / dpi) as f32);
        let mut p = pdf.page(page_id);
        p.media_box(Rect::new(0.0, 0.0, w, h)).parent(tree).contents(content_id);
        p.resources().x_objects().pair(Name(b"Im0"), image_id);
        p.finish();
        let data = jpeg(page, quality);
        let mut image = pdf.image_xobject(image_id, &data);
        image.filter(Filter::DctDecode);
        image.width(page.width as i32).height(page.height as i32).bits_per_component(8);
        image.color_space().device_gray();
        image.finish();
        let mut content = Content::new();
        content.save_state().transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(Name(b"Im0")).restore_state();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}

/// The image saved as a JPEG of `quality` and opened again: a scanner's or a phone's artefacts.
pub fn jpeg_artefacts(image: &Grey, quality: u8) -> Grey {
    let decoded = image::load_from_memory(&jpeg(image, quality)).unwrap().into_luma8();
    Grey { width: decoded.width() as usize, height: decoded.height() as usize, pixels: decoded.into_raw() }
}

/// A phone photo of the paper: seen at a slant (each corner moved by up to `slant` of the
/// paper's size), lying on a darker desk that fills the frame around it.
pub fn photographed(paper: &Grey, dice: &mut Dice, slant: f64) -> Grey {
    use chidoan::scan::geometry::Homography;
    let (w, h) = (paper.width as f64, paper.height as f64);
    let (margin_x, margin_y) = (0.12 * w, 0.12 * h);
    let (width, height) = ((w + 2.0 * margin_x) as usize, (h + 2.0 * margin_y) as usize);
    let mut jitter = |x: f64, y: f64| (x + dice.range(-slant, slant) * w, y + dice.range(-slant, slant) * h);
    let seen = [jitter(margin_x, margin_y), jitter(margin_x + w, margin_y), jitter(margin_x, margin_y + h), jitter(margin_x + w, margin_y + h)];
    // From the photo's pixels back to the paper's.
    let back = Homography::through(seen, [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)]).unwrap();
    let desk = dice.range(60.0, 120.0);
    let mut pixels = vec![0u8; width * height];
    for y in 0..height {
        for x in 0..width {
            let (u, v) = back.map((x as f64, y as f64));
            pixels[y * width + x] = if u >= 0.0 && v >= 0.0 && u + 1.0 < w && v + 1.0 < h {
                let (x0, y0, fx, fy) = (u as usize, v as usize, u.fract(), v.fract());
                let p = |x: usize, y: usize| paper.pixels[y * paper.width + x] as f64;
                let top = p(x0, y0) * (1.0 - fx) + p(x0 + 1, y0) * fx;
                let bottom = p(x0, y0 + 1) * (1.0 - fx) + p(x0 + 1, y0 + 1) * fx;
                (top * (1.0 - fy) + bottom * fy) as u8
            } else {
                // Wood grain, more or less.
                (desk + 15.0 * ((x as f64 * 0.05 + (y as f64 * 0.013).sin() * 3.0).sin())) as u8
            };
        }
    }
    Grey { width, height, pixels }
}

/// A stray mark away from the names (a pen resting above the list): the names' truth is
/// unchanged. `origin` is the paper's top-left corner on the image, in mm.
pub fn stray(image: &mut Grey, layout: &chidoan::scan::layout::Layout, (ox, oy): (f64, f64), dpi: f64, dice: &mut Dice) {
    let top = layout.rows.first().map_or(40.0, |r| r.y);
    let (x, y) = (ox + dice.range(30.0, layout.cell.0 - 30.0), oy + dice.range(top - 12.0, top - 4.0));
    line(image, dpi, &[(x, y), (x + dice.range(1.0, 6.0), y + dice.range(-1.0, 1.0))], 0.4, 40);
}

/// Paper `paper` of a marked sheet as a scanner's feeder or a phone sees it: cut out, sometimes
/// with a stray mark above the list; then either scanned (turned up to ±5°, noise, blur, JPEG)
/// or photographed (perspective, a desk around it, shading, JPEG). Says which.
pub fn captured(sheet: &Grey, layout: &chidoan::scan::layout::Layout, paper: u32, dpi: f64, dice: &mut Dice) -> (Grey, String) {
    let mut image = cut(sheet, layout, paper, dpi);
    if dice.chance(0.2) {
        stray(&mut image, layout, (0.0, 0.0), dpi, dice);
    }
    let how;
    if dice.chance(0.3) {
        image = photographed(&image, dice, 0.03);
        shaded(&mut image, dice.range(0.5, 0.9));
        let blur = dice.chance(0.5);
        degrade(&mut image, dice, 12.0, blur);
        image = jpeg_artefacts(&image, 70);
        how = "photo".to_string();
    } else {
        let turn = dice.range(-5.0, 5.0);
        image = rotated(&image, turn, (10.0 * dpi / 25.4) as usize);
        let blur = dice.chance(0.5);
        let noise = dice.range(5.0, 25.0);
        degrade(&mut image, dice, noise, blur);
        let quality = dice.chance(0.5).then(|| dice.range(60.0, 90.0) as u8);
        if let Some(q) = quality {
            image = jpeg_artefacts(&image, q);
        }
        how = format!("scan turned {turn:.1}°, blur {blur}, jpeg {quality:?}");
    }
    (image, how)
}
