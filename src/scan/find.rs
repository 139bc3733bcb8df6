//! Finding the papers on a scanned image by their four black marks, whatever the resolution,
//! however a paper lies (turned a little, upside down or sideways) and under uneven light.

use super::geometry::misfit;
use super::read::{Grey, INK};

/// A solid dark square: a corner mark, perhaps.
#[derive(Debug, Clone, Copy)]
pub struct Blob {
    pub centre: (f64, f64),
    /// The side of a square of its area, in pixels.
    pub side: f64,
}

/// Four blobs standing as a paper's marks stand, in the paper's order (top left, top right,
/// bottom left, bottom right), and how far they are from the printed shape
/// ([`misfit`]).
#[derive(Debug, Clone)]
pub struct Candidate {
    pub blobs: [usize; 4],
    pub corners: [(f64, f64); 4],
    pub misfit: f64,
}

/// Four marks further from the printed shape than this are not one paper's: a photo's
/// perspective stays well inside, two neighbouring papers' marks do not.
pub const MISFIT: f64 = 0.06;

impl Grey {
    /// The image with the paper made white everywhere: each pixel divided by the paper's
    /// white around it (the brightest block within a twelfth of the image), so that a photo's
    /// shading or a scanner's grey paper reads like a clean scan.
    pub fn flattened(&self) -> Grey {
        let (w, h) = (self.width, self.height);
        let block = (w.min(h) / 64).max(1);
        let (bw, bh) = (w.div_ceil(block), h.div_ceil(block));
        let mut sums = vec![(0u64, 0u64); bw * bh];
        for y in 0..h {
            let row = &self.pixels[y * w..(y + 1) * w];
            for (x, &p) in row.iter().enumerate() {
                let s = &mut sums[(y / block) * bw + x / block];
                s.0 += p as u64;
                s.1 += 1;
            }
        }
        let means: Vec<f64> = sums.iter().map(|&(s, n)| s as f64 / n.max(1) as f64).collect();
        let around = |grid: &[f64], bx: usize, by: usize, reach: usize, pick: fn(f64, f64) -> f64, start: f64| {
            let mut v = start;
            for y in by.saturating_sub(reach)..=(by + reach).min(bh - 1) {
                for x in bx.saturating_sub(reach)..=(bx + reach).min(bw - 1) {
                    v = pick(v, grid[y * bw + x]);
                }
            }
            v
        };
        let brightest: Vec<f64> = (0..bw * bh).map(|i| around(&means, i % bw, i / bw, 2, f64::max, 0.0)).collect();
        // Smoothed, so that neighbouring blocks do not step; never below a dark grey, so that a
        // black image is not turned into noise.
        let white: Vec<f64> = (0..bw * bh)
            .map(|i| {
                let (bx, by) = (i % bw, i / bw);
                let n = ((bx + 1).min(bw - 1) - bx.saturating_sub(1) + 1) * ((by + 1).min(bh - 1) - by.saturating_sub(1) + 1);
                (around(&brightest, bx, by, 1, |a, b| a + b, 0.0) / n as f64).max(64.0)
            })
            .collect();
        let mut pixels = Vec::with_capacity(w * h);
        for y in 0..h {
            for x in 0..w {
                let p = self.pixels[y * w + x] as f64 * 255.0 / white[(y / block) * bw + x / block];
                pixels.push(p.min(255.0) as u8);
            }
        }
        Grey { width: w, height: h, pixels }
    }
}

/// Every solid dark square of the image big enough to be a corner mark (its side at least
/// 0.6 % of the image's longer side: the marks are 4 mm on papers of at most 297 mm, while an
/// accent's dot is half a millimetre).
pub fn blobs(image: &Grey) -> Vec<Blob> {
    let (w, h) = (image.width, image.height);
    let smallest = (w.max(h) as f64 * 0.006).max(4.0);
    let largest = w.min(h) as f64 / 6.0;
    let mut seen = vec![false; w * h];
    let mut found = vec![];
    let mut todo = vec![];
    for start in 0..w * h {
        if seen[start] || image.pixels[start] >= INK {
            continue;
        }
        seen[start] = true;
        todo.push(start);
        let (mut count, mut sx, mut sy) = (0usize, 0.0, 0.0);
        let (mut x0, mut x1, mut y0, mut y1) = (usize::MAX, 0, usize::MAX, 0);
        while let Some(i) = todo.pop() {
            let (x, y) = (i % w, i / w);
            count += 1;
            sx += x as f64;
            sy += y as f64;
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
            let mut visit = |j: usize| {
                if !seen[j] && image.pixels[j] < INK {
                    seen[j] = true;
                    todo.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        let (bw, bh) = ((x1 - x0 + 1) as f64, (y1 - y0 + 1) as f64);
        let side = (count as f64).sqrt();
        // Square (a turn of 5° widens the box by a tenth) and solid (not a ring, a letter or a line).
        let square = bw.max(bh) <= 1.4 * bw.min(bh) && count as f64 >= 0.7 * bw * bh;
        if square && side >= smallest && side <= largest {
            found.push(Blob { centre: (sx / count as f64, sy / count as f64), side });
        }
    }
    found
}

/// Every way four of `blobs` stand as a paper's `marks` (millimetres, in the paper's order;
/// squares of `mark` mm) stand, within [`MISFIT`], best first. The same four blobs come once for
/// each way the paper could lie (upside down, and sideways when the marks stand nearly in a
/// square): the paper's code tells which is right.
pub fn candidates(blobs: &[Blob], marks: &[(f64, f64); 4], mark: f64) -> Vec<Candidate> {
    let [tl, tr, bl, br] = *marks;
    let top = (tr.0 - tl.0).hypot(tr.1 - tl.1);
    let like = |a: f64, b: f64, by: f64| a <= by * b && b <= by * a;
    let mut found = vec![];
    for (i, a) in blobs.iter().enumerate() {
        for (j, b) in blobs.iter().enumerate() {
            if i == j || !like(a.side, b.side, 1.4) {
                continue;
            }
            let d = (b.centre.0 - a.centre.0).hypot(b.centre.1 - a.centre.1);
            // Pixels per millimetre, from the two marks' distance and from their size.
            let scale = d / top;
            if !like(scale, (a.side + b.side) / 2.0 / mark, 1.5) {
                continue;
            }
            let along = ((b.centre.0 - a.centre.0) / d, (b.centre.1 - a.centre.1) / d);
            // Down the paper is along the top edge turned a quarter (image y points down).
            let at = |m: (f64, f64)| {
                let (dx, dy) = ((m.0 - tl.0) * scale, (m.1 - tl.1) * scale);
                (a.centre.0 + dx * along.0 - dy * along.1, a.centre.1 + dx * along.1 + dy * along.0)
            };
            // Placed from the top edge alone, the bottom marks of a paper photographed at a slant
            // stand up to a tenth of the paper's height further off or nearer: look within 15 %.
            let reach = 0.15 * scale * (bl.0 - tl.0).hypot(bl.1 - tl.1);
            let near = |p: (f64, f64)| {
                blobs
                    .iter()
                    .enumerate()
                    .filter(|(k, c)| *k != i && *k != j && like(c.side, a.side, 1.4))
                    .map(|(k, c)| (k, (c.centre.0 - p.0).hypot(c.centre.1 - p.1)))
                    .filter(|&(_, dist)| dist <= reach)
                    .min_by(|x, y| x.1.total_cmp(&y.1))
                    .map(|(k, _)| k)
            };
            let (Some(k), Some(l)) = (near(at(bl)), near(at(br))) else { continue };
            if k == l {
                continue;
            }
            let corners = [a.centre, b.centre, blobs[k].centre, blobs[l].centre];
            let misfit = misfit(marks, &corners);
            if misfit <= MISFIT {
                found.push(Candidate { blobs: [i, j, k, l], corners, misfit });
            }
        }
    }
    found.sort_by(|a, b| a.misfit.total_cmp(&b.misfit));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(image: &mut Grey, centre: (f64, f64), side: f64) {
        for y in 0..image.height {
            for x in 0..image.width {
                if (x as f64 - centre.0).abs() <= side / 2.0 && (y as f64 - centre.1).abs() <= side / 2.0 {
                    image.pixels[y * image.width + x] = 20;
                }
            }
        }
    }

    #[test]
    fn four_marks_are_found_as_a_paper_every_way_it_can_lie() {
        let marks = [(4.0, 40.0), (95.0, 40.0), (4.0, 138.5), (95.0, 138.5)];
        // A paper at 4 px/mm, upright, on a grey background lit unevenly.
        let (w, h) = (420, 600);
        let pixels = (0..w * h).map(|i| (150.0 + 80.0 * (i % w) as f64 / w as f64) as u8).collect();
        let mut image = Grey { width: w, height: h, pixels };
        for m in marks {
            square(&mut image, (10.0 + 4.0 * m.0, 10.0 + 4.0 * m.1), 16.0);
        }
        // A dot of an accent and a long line: not marks.
        square(&mut image, (200.0, 300.0), 3.0);
        for x in 100..300 {
            image.pixels[450 * w + x] = 20;
        }
        let flat = image.flattened();
        assert!(flat.pixels[5 * w + 5] > 240 && flat.pixels[5 * w + 400] > 240, "paper white everywhere");
        let found = blobs(&flat);
        assert_eq!(found.len(), 4, "{found:?}");
        let papers = candidates(&found, &marks, 4.0);
        // Upright and upside down: the same four blobs, both fitting exactly, first; then the
        // two ways sideways (the marks stand 91 mm by 98.5 mm, nearly a square), fitting worse:
        // the paper's code tells which is right.
        assert_eq!(papers.len(), 4, "{papers:?}");
        assert!(papers[..2].iter().all(|c| c.misfit < 0.01) && papers[2..].iter().all(|c| c.misfit > 0.03), "{papers:?}");
        let upright = papers.iter().find(|c| (c.corners[0].0 - 26.0).abs() < 1.0 && (c.corners[0].1 - 170.0).abs() < 1.0).unwrap();
        assert!((upright.corners[3].0 - 390.0).abs() < 1.0 && (upright.corners[3].1 - 564.0).abs() < 1.0, "{upright:?}");
    }
}
