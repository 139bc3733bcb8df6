//! Ballots that can be read back: the papers the app prints, rasterised as a scanner would see
//! them (typst-render), carry a QR code that names their round and list — the same on every
//! paper — and four corner marks.

use chidoan::congress::exchange;
use chidoan::db::{self, StartBackup};
use chidoan::documents::congress as papers;
use chidoan::documents::pdf::{self, BallotPapers};
use chidoan::scan::code::BallotCode;

/// Page `page` of the papers at `dpi`, as grey levels (0 black, 255 white).
fn scanned(papers: &BallotPapers, page: usize, dpi: f64) -> (usize, usize, Vec<u8>) {
    let pages = pdf::ballot_pages(papers).unwrap();
    let options = typst_render::RenderOptions { pixel_per_pt: typst::utils::Scalar::new(dpi / 72.0), render_bleed: false };
    let pixmap = typst_render::render(&pages.pages()[page], &options);
    let grey = pixmap.pixels().iter().map(|p| ((p.red() as u32 * 299 + p.green() as u32 * 587 + p.blue() as u32 * 114) / 1000) as u8).collect();
    (pixmap.width() as usize, pixmap.height() as usize, grey)
}

/// The texts of every QR code found on the page.
fn codes((w, h, grey): &(usize, usize, Vec<u8>)) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(*w, *h, |x, y| grey[y * w + x]);
    image.detect_grids().iter().map(|g| g.decode().expect("a readable code").1).collect()
}

fn names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("Nguyễn Văn Ứng Cử Viên Số {i}")).collect()
}

#[test]
fn every_paper_of_a_round_carries_the_same_code_readable_at_150_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = db::open(&dir.path().join("c.sqlite3"), StartBackup::BeforeMigration).unwrap();
    let fixture = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/congress-example.json")).unwrap();
    let id = exchange::import(&mut conn, &fixture).unwrap();
    let data = chidoan::congress::load(&conn, id).unwrap();
    let bch = &data.elections[0];
    let ballots = papers::ballot_papers(&conn, id, "1", 0).unwrap();
    let printed = BallotCode::new(id, bch.id, 1, &["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"].map(String::from), 4);
    assert_eq!(ballots.code, printed.text());
    // Four papers on the page, four codes, all the same: nothing tells one voter's paper from another's.
    let found = codes(&scanned(&ballots, 0, 150.0));
    assert_eq!(found, vec![printed.text(); 4]);
    let read = BallotCode::parse(&found[0]).unwrap();
    assert_eq!(read.refusal(&printed), None);
    // Read into the Bí thư election, or after the list changed, the paper is refused.
    let other = papers::ballot_papers(&conn, id, "2", 0).unwrap();
    let other = BallotCode::parse(&other.code).unwrap();
    assert!(read.refusal(&other).unwrap().starts_with("Phiếu của cuộc bầu hoặc vòng bầu khác"));
}

#[test]
fn the_code_reads_on_every_layout_and_resolution() {
    // Four, two and one paper to an A4 page.
    for (count, per_page) in [(9, 4), (15, 2), (30, 1)] {
        let one_page = per_page;
        let papers = BallotPapers::new((7, 21, 2), "Đại hội Đoàn cơ sở", "Bầu Ban Chấp hành", "", names(count), one_page);
        assert_eq!(papers.per_page, per_page);
        for dpi in [150.0, 200.0, 300.0] {
            let found = codes(&scanned(&papers, 0, dpi));
            assert_eq!(found.len(), per_page as usize, "{count} names at {dpi} dpi");
            assert!(found.iter().all(|c| *c == papers.code), "{found:?}");
        }
    }
}

use chidoan::scan::read::{read_sheet, Grey, Mark, Reference};

/// A scanned sheet: page 0 of the papers at `dpi`.
fn sheet(papers: &BallotPapers, dpi: f64) -> Grey {
    let (width, height, pixels) = scanned(papers, 0, dpi);
    Grey { width, height, pixels }
}

/// A pen stroke from `a` to `b` (millimetres on the sheet), `width` mm wide, of grey `ink`.
fn stroke(image: &mut Grey, dpi: f64, a: (f64, f64), b: (f64, f64), width: f64, ink: u8) {
    let px = dpi / 25.4;
    let (ax, ay, bx, by) = (a.0 * px, a.1 * px, b.0 * px, b.1 * px);
    let half = width * px / 2.0;
    let (len2, w) = ((bx - ax).powi(2) + (by - ay).powi(2), image.width);
    for y in (ay.min(by) - half).max(0.0) as usize..=((ay.max(by) + half) as usize).min(image.height - 1) {
        for x in (ax.min(bx) - half).max(0.0) as usize..=((ax.max(bx) + half) as usize).min(w - 1) {
            let t = (((x as f64 - ax) * (bx - ax) + (y as f64 - ay) * (by - ay)) / len2).clamp(0.0, 1.0);
            let d = (x as f64 - (ax + t * (bx - ax))).hypot(y as f64 - (ay + t * (by - ay)));
            if d <= half {
                image.pixels[y * w + x] = image.pixels[y * w + x].min(ink);
            }
        }
    }
}

/// The sheet turned by `degrees` about its centre on a scanner bed `border` pixels wider all
/// round, as a skewed scan (white where nothing is).
fn rotated(image: &Grey, degrees: f64, border: usize) -> Grey {
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (image.width as f64 / 2.0, image.height as f64 / 2.0);
    let (width, height) = (image.width + 2 * border, image.height + 2 * border);
    let mut pixels = vec![255u8; width * height];
    for y in 0..height {
        for x in 0..width {
            let (dx, dy) = (x as f64 - border as f64 - cx, y as f64 - border as f64 - cy);
            // Bilinear, as a scanner's optics blend neighbouring pixels.
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

#[test]
fn strikes_are_read_as_crossed_ticks_as_unclear_and_untouched_names_as_kept() {
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"].map(String::from).to_vec();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&papers).unwrap();
    let layout = &reference.layout;
    // Where name `n` of paper `p` is printed, on the sheet, in mm: its left end, right end and middle height.
    let at = |p: u32, n: usize| {
        let (ox, oy) = layout.origin(p);
        let r = layout.rows[n].name();
        (ox + r.x, ox + r.x + 30.0, oy + r.y + r.h / 2.0)
    };
    for (dpi, turn) in [(200.0, 0.0), (150.0, 3.0), (300.0, -4.5)] {
        let mut image = sheet(&papers, dpi);
        // Paper 1: "Trần Thị Bình" struck through, in black ballpoint.
        let (a, b, y) = at(0, 1);
        stroke(&mut image, dpi, (a - 1.0, y), (b + 2.0, y + 0.5), 0.5, 20);
        // Paper 2: "Vũ Thu Hà" struck over 70 % of it, slanted, in blue (grey 60); "Lê Thị Cúc" struck twice.
        let (a, b, y) = at(1, 3);
        stroke(&mut image, dpi, (a, y + 1.0), (a + 0.7 * (b - a) * 0.75, y - 1.0), 0.4, 60);
        let (a, b, y) = at(1, 2);
        stroke(&mut image, dpi, (a - 1.0, y - 0.6), (b, y - 0.6), 0.3, 40);
        stroke(&mut image, dpi, (a - 1.0, y + 0.6), (b, y + 0.6), 0.3, 40);
        // Paper 3: a tick beside "Nguyễn Văn An".
        let (a, _, y) = at(2, 0);
        stroke(&mut image, dpi, (a + 2.0, y), (a + 4.0, y + 2.0), 0.5, 20);
        stroke(&mut image, dpi, (a + 4.0, y + 2.0), (a + 9.0, y - 4.0), 0.5, 20);
        // Paper 4: untouched.
        let image = if turn == 0.0 { image } else { rotated(&image, turn, (15.0 * dpi / 25.4) as usize) };
        let read: Vec<Vec<Mark>> = read_sheet(&image, &reference).into_iter().map(|r| r.unwrap().names).collect();
        use Mark::*;
        assert_eq!(
            read,
            [vec![Kept, Crossed, Kept, Kept], vec![Kept, Kept, Crossed, Crossed], vec![Unclear, Kept, Kept, Kept], vec![Kept, Kept, Kept, Kept]],
            "{dpi} dpi, turned {turn}°"
        );
    }
}

#[test]
fn a_sheet_of_another_round_or_an_older_list_is_refused_paper_by_paper() {
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"].map(String::from).to_vec();
    let round = |round: u32, names: Vec<String>| BallotPapers::new((1, 1, round), "Đại hội", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&round(2, names.clone())).unwrap();
    let refusals: Vec<String> = read_sheet(&sheet(&round(1, names.clone()), 200.0), &reference).into_iter().map(|r| r.unwrap_err()).collect();
    assert_eq!(refusals, vec!["Phiếu của cuộc bầu hoặc vòng bầu khác (đại hội 1, cuộc bầu 1, vòng 1), không phải vòng đang kiểm.".to_string(); 4]);
    let mut changed = names.clone();
    changed.swap(0, 1);
    let refusals = read_sheet(&sheet(&round(2, changed), 200.0), &reference);
    assert_eq!(refusals.len(), 4);
    assert!(refusals.iter().all(|r| r.as_ref().unwrap_err().starts_with("Phiếu in theo danh sách bầu cử cũ")));
    // The round's own papers, untouched: every name kept.
    let read = read_sheet(&sheet(&round(2, names), 200.0), &reference);
    assert!(read.iter().all(|r| r.as_ref().unwrap().names == [Mark::Kept; 3]), "{read:?}");
}
