//! Ballots that can be read back: the papers the app prints, rasterised as a scanner would see
//! them (typst-render), carry a QR code that names their round and list — the same on every
//! paper — and four corner marks.

use chidoan::congress::exchange;
use chidoan::db::{self, StartBackup};
use chidoan::documents::congress as papers;
use chidoan::documents::pdf::BallotPapers;
use chidoan::scan::code::BallotCode;
use chidoan::scan::read::{printed_sheet, read_sheet, Grey, Mark, Reference};

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/dong_quy.rs"]
mod dong_quy;

/// The texts of every QR code found on the page.
fn codes(sheet: &Grey) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(sheet.width, sheet.height, |x, y| sheet.pixels[y * sheet.width + x]);
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
    let found = codes(&sheet(&ballots, 150.0));
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
            let found = codes(&sheet(&papers, dpi));
            assert_eq!(found.len(), per_page as usize, "{count} names at {dpi} dpi");
            assert!(found.iter().all(|c| *c == papers.code), "{found:?}");
        }
    }
}


/// A scanned sheet: page 0 of the papers at `dpi`.
fn sheet(papers: &BallotPapers, dpi: f64) -> Grey {
    printed_sheet(papers, dpi).unwrap()
}

/// A pen stroke from `a` to `b` (millimetres on the sheet), `width` mm wide, of grey `ink`.
fn stroke(image: &mut Grey, dpi: f64, a: (f64, f64), b: (f64, f64), width: f64, ink: u8) {
    corpus::line(image, dpi, &[a, b], width, ink);
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
        // Paper 4: "Vũ Thu Hà" underlined, not struck (a mark of its own); the rest untouched.
        let (a, b, y) = at(3, 3);
        stroke(&mut image, dpi, (a, y + 2.6), (b - 8.0, y + 2.6), 0.4, 20);
        let image = if turn == 0.0 { image } else { corpus::rotated(&image, turn, (15.0 * dpi / 25.4) as usize) };
        let read: Vec<Vec<Mark>> = read_sheet(&image, &reference).into_iter().map(|r| r.unwrap().names).collect();
        use Mark::*;
        assert_eq!(
            read,
            [vec![Kept, Crossed, Kept, Kept], vec![Kept, Kept, Crossed, Crossed], vec![Unclear, Kept, Kept, Kept], vec![Kept, Kept, Kept, Unclear]],
            "{dpi} dpi, turned {turn}°"
        );
    }
}

/// Name `n` of paper `p` on the sheet, in mm: where its print starts and ends, and its middle
/// height.
fn printed_at(reference: &Reference, p: u32, n: usize) -> (f64, f64, f64) {
    let (ox, oy) = reference.layout.origin(p);
    let (from, to) = reference.extent(n).unwrap();
    let r = reference.layout.rows[n];
    (ox + from, ox + to, oy + r.y + r.h / 2.0)
}

#[test]
fn faint_or_small_marks_among_the_letters_never_pass_for_an_untouched_name() {
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"].map(String::from).to_vec();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Chi đoàn", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&papers).unwrap();
    let at = |p: u32, n: usize| printed_at(&reference, p, n);
    for dpi in [150.0, 200.0, 300.0] {
        let mut image = sheet(&papers, dpi);
        // Paper 1: "Lê Thị Cúc" struck in pencil (grey 190), never leaving the letters.
        let (a, b, y) = at(0, 2);
        stroke(&mut image, dpi, (a + 0.5, y), (b - 0.5, y), 0.3, 190);
        // Paper 2: a small tick over the letters of "Trần Thị Bình", 3 mm across.
        let (a, _, y) = at(1, 1);
        stroke(&mut image, dpi, (a + 6.0, y), (a + 7.0, y + 1.0), 0.3, 60);
        stroke(&mut image, dpi, (a + 7.0, y + 1.0), (a + 9.0, y - 1.5), 0.3, 60);
        // Paper 3: a faint blue stroke over half of "Vũ Thu Hà", inside it.
        let (a, b, y) = at(2, 3);
        stroke(&mut image, dpi, (a + 1.0, y - 0.3), (a + 0.5 * (b - a), y + 0.3), 0.25, 170);
        let read: Vec<Vec<Mark>> = read_sheet(&image, &reference).into_iter().map(|r| r.unwrap().names).collect();
        use Mark::*;
        assert_eq!(read, [vec![Kept, Kept, Crossed, Kept], vec![Kept, Unclear, Kept, Kept], vec![Kept, Kept, Kept, Crossed], vec![Kept; 4]], "{dpi} dpi");
    }
}

#[test]
fn hairlines_close_double_strikes_and_strikes_stopped_short_read_as_crossed_a_zigzag_as_unclear() {
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng Minh"].map(String::from).to_vec();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Chi đoàn", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&papers).unwrap();
    let at = |p: u32, n: usize| printed_at(&reference, p, n);
    for dpi in [300.0, 200.0, 150.0] {
        let mut image = sheet(&papers, dpi);
        // Paper 1: "Trần Thị Bình" struck with a hairline (one pixel of the scan, blue), which
        // at 300 dpi falls between the points one nearest pixel a GRID point would read.
        let (a, b, y) = at(0, 1);
        stroke(&mut image, dpi, (a - 1.0, y), (b + 1.0, y), 25.4 / dpi, 70);
        // Paper 2: "Phạm Văn Dũng Minh" struck twice, a millimetre apart, thick and slanted
        // (6°): the two strokes run as one band 1.7 mm high.
        let (a, b, y) = at(1, 3);
        let rise = 6f64.to_radians().tan() * (b - a);
        stroke(&mut image, dpi, (a, y + rise / 2.0 - 0.5), (b, y - rise / 2.0 - 0.5), 0.68, 30);
        stroke(&mut image, dpi, (a, y + rise / 2.0 + 0.5), (b, y - rise / 2.0 + 0.5), 0.68, 30);
        // Paper 3: "Lê Thị Cúc" struck over its last two words only, the first left untouched,
        // its letters running on dark along the line.
        let (a, b, y) = at(2, 2);
        stroke(&mut image, dpi, (a + 0.35 * (b - a), y), (b + 1.0, y), 0.5, 20);
        // Paper 4: a zigzag of writing over "Nguyễn Văn An", thick and close (a scribble looks
        // like two strokes with legs between them).
        let (a, _, y) = at(3, 0);
        let zigzag: Vec<(f64, f64)> = (0..=10).map(|i| (a + 1.0 + i as f64 * 1.2, y + if i % 2 == 0 { -2.0 } else { 2.0 })).collect();
        corpus::line(&mut image, dpi, &zigzag, 0.68, 20);
        // Fed a little askew: the scanner blends each hairline over two rows of pixels.
        let image = corpus::rotated(&image, 0.8, (10.0 * dpi / 25.4) as usize);
        let read: Vec<Vec<Mark>> = read_sheet(&image, &reference).into_iter().map(|r| r.unwrap().names).collect();
        use Mark::*;
        assert_eq!(
            read,
            [vec![Kept, Crossed, Kept, Kept], vec![Kept, Kept, Kept, Crossed], vec![Kept, Kept, Crossed, Kept], vec![Unclear, Kept, Kept, Kept]],
            "{dpi} dpi"
        );
    }
}

#[test]
fn a_strike_over_the_last_word_alone_is_left_to_the_committee() {
    let names: Vec<String> = ["Nguyễn Văn An", "Phạm Văn Dũng Minh"].map(String::from).to_vec();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Chi đoàn", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&papers).unwrap();
    let at = |p: u32, n: usize| printed_at(&reference, p, n);
    for dpi in [150.0, 200.0, 300.0] {
        let mut image = sheet(&papers, dpi);
        // Paper 1: only "Minh" of "Phạm Văn Dũng Minh" struck (a quarter of it), running on
        // 2.5 mm past its end: the strike's run past the name and the gaps between its letters
        // must not stretch it over "Dũng".
        let (_, b, y) = at(0, 1);
        stroke(&mut image, dpi, (b - 9.0, y), (b + 2.5, y), 0.4, 20);
        // Fed a little askew and blurred, as a coarse scan greys the gaps between letters.
        let mut image = corpus::rotated(&image, -0.6, (10.0 * dpi / 25.4) as usize);
        corpus::degrade(&mut image, &mut corpus::Dice::new(3), 8.0, true);
        let read: Vec<Vec<Mark>> = read_sheet(&image, &reference).into_iter().map(|r| r.unwrap().names).collect();
        use Mark::*;
        assert_eq!(read, [vec![Kept, Unclear], vec![Kept, Kept], vec![Kept, Kept], vec![Kept, Kept]], "{dpi} dpi");
    }
}

#[test]
fn a_paper_photographed_at_a_steep_slant_is_found_by_its_marks() {
    // Seen from below: the paper's bottom edge 11 % wider than its top on the photo. From its top
    // marks alone, its bottom marks stand a tenth of the paper's height away.
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"].map(String::from).to_vec();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Chi đoàn", "Bầu Ban Chấp hành", "", names, 1);
    let reference = Reference::new(&papers).unwrap();
    let dpi = 150.0;
    let mut paper = corpus::cut(&sheet(&papers, dpi), &reference.layout, 0, dpi);
    let (a, b, y) = {
        let (from, to) = reference.extent(1).unwrap();
        let r = reference.layout.rows[1];
        (from, to, r.y + r.h / 2.0)
    };
    stroke(&mut paper, dpi, (a - 1.0, y), (b + 1.0, y), 0.5, 20);
    let (w, h) = (paper.width as f64, paper.height as f64);
    let (width, height) = ((1.3 * w) as usize, (1.2 * h) as usize);
    let seen = [(0.2 * w, 0.05 * h), (1.1 * w, 0.05 * h), (0.15 * w, 1.05 * h), (1.15 * w, 1.05 * h)];
    let back = chidoan::scan::geometry::Homography::through(seen, [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)]).unwrap();
    let pixels = (0..width * height)
        .map(|i| {
            let (u, v) = back.map(((i % width) as f64, (i / width) as f64));
            if u >= 0.0 && v >= 0.0 && u < w && v < h {
                paper.pixels[v as usize * paper.width + u as usize]
            } else {
                90
            }
        })
        .collect();
    let photo = Grey { width, height, pixels };
    let read: Vec<Vec<Mark>> = read_sheet(&photo, &reference).into_iter().map(|r| r.map(|r| r.names).map_err(|e| e.reason)).collect::<Result<_, _>>().unwrap();
    assert_eq!(read, [vec![Mark::Kept, Mark::Crossed, Mark::Kept]]);
}

#[test]
fn a_sheet_of_another_round_or_an_older_list_is_refused_paper_by_paper() {
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"].map(String::from).to_vec();
    let round = |round: u32, names: Vec<String>| BallotPapers::new((1, 1, round), "Đại hội", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&round(2, names.clone())).unwrap();
    let refusals: Vec<String> = read_sheet(&sheet(&round(1, names.clone()), 200.0), &reference).into_iter().map(|r| r.unwrap_err().reason).collect();
    assert_eq!(refusals, vec!["Phiếu của cuộc bầu hoặc vòng bầu khác (đại hội 1, cuộc bầu 1, vòng 1), không phải vòng đang kiểm.".to_string(); 4]);
    let mut changed = names.clone();
    changed.swap(0, 1);
    let refusals = read_sheet(&sheet(&round(2, changed), 200.0), &reference);
    assert_eq!(refusals.len(), 4);
    assert!(refusals.iter().all(|r| r.as_ref().unwrap_err().reason.starts_with("Phiếu in theo danh sách bầu cử cũ")));
    // The round's own papers, untouched: every name kept.
    let read = read_sheet(&sheet(&round(2, names), 200.0), &reference);
    assert!(read.iter().all(|r| r.as_ref().unwrap().names == [Mark::Kept; 3]), "{read:?}");
}

#[test]
fn a_paper_fed_upside_down_or_sideways_in_uneven_light_reads_the_same() {
    let names: Vec<String> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà", "Phạm Văn Dũng"].map(String::from).to_vec();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Chi đoàn", "Bầu Ban Chấp hành", "", names, 4);
    let reference = Reference::new(&papers).unwrap();
    let dpi = 200.0;
    let mut image = sheet(&papers, dpi);
    // "Lê Thị Cúc" struck on the first paper.
    let (ox, oy) = reference.layout.origin(0);
    let (from, to) = reference.extent(2).unwrap();
    let row = reference.layout.rows[2];
    stroke(&mut image, dpi, (ox + from - 1.0, oy + row.y + row.h / 2.0), (ox + to + 1.0, oy + row.y + row.h / 2.0), 0.5, 30);
    let paper = corpus::cut(&image, &reference.layout, 0, dpi);
    use Mark::*;
    for quarters in 0..4 {
        let mut turned = corpus::rotated(&corpus::quarter_turned(&paper, quarters), 2.0, 40);
        // Darker by half towards the far corner: the paper there is greyer than the ink is
        // dark in the light.
        corpus::shaded(&mut turned, 0.5);
        let read = read_sheet(&turned, &reference);
        assert_eq!(read.len(), 1, "{quarters} quarter turns: {read:?}");
        assert_eq!(read[0].as_ref().map(|r| r.names.clone()).ok(), Some(vec![Kept, Kept, Crossed, Kept, Kept]), "{quarters} quarter turns");
    }
    // A page with nothing on it, and a page of print without marks: reported, not skipped.
    let blank = Grey { width: 800, height: 1100, pixels: vec![250; 800 * 1100] };
    let read = read_sheet(&blank, &reference);
    assert_eq!(read.len(), 1);
    assert!(read[0].as_ref().unwrap_err().reason.starts_with("Không tìm thấy phiếu bầu trên ảnh này"), "{read:?}");
}

#[test]
fn a_name_in_the_left_column_ends_where_its_print_ends_not_at_the_right_column() {
    // 15 names stand in two columns, the right column's numbers just after the left column's
    // rows: "1. Nguyễn Văn An" shares its line with "9. …", which is not part of it.
    let list = |n: usize| (0..n).map(|i| ["Nguyễn Văn An", "Trần Thị Bình Minh", "Lê Thị Cúc"][i % 3].to_string()).collect::<Vec<_>>();
    let two_columns = Reference::new(&BallotPapers::new((1, 1, 1), "Đại hội Đoàn cơ sở", "Bầu Ban Chấp hành", "", list(15), 1)).unwrap();
    let one_column = Reference::new(&BallotPapers::new((1, 1, 1), "Đại hội Đoàn cơ sở", "Bầu Ban Chấp hành", "", list(3), 1)).unwrap();
    assert!(two_columns.layout.rows[8].x > two_columns.layout.rows[0].x + 80.0, "{:?}", two_columns.layout.rows[8]);
    for n in 0..3 {
        assert_eq!(two_columns.extent(n), one_column.extent(n), "name {n}");
        let (from, to) = two_columns.extent(n).unwrap();
        assert!(from > 15.0 && to < 65.0, "name {n}: {from}–{to} mm");
    }
}

#[test]
fn untouched_papers_photographed_coarse_blurred_and_compressed_read_as_kept() {
    // A phone photo at 150 dpi, blurred and saved as JPEG, greys the paper in the letters'
    // small counters and between close letters: the print blurred explains it, no name is
    // left to the committee for it.
    let names: Vec<String> = (0..15).map(|i| ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Hoàng Minh Khoa", "Phạm Văn Dũng"][i % 5].to_string() + &" Minh".repeat(i % 3)).collect();
    let papers = BallotPapers::new((1, 1, 1), "Đại hội Đoàn cơ sở", "Bầu Ban Chấp hành", "", names, 1);
    let reference = Reference::new(&papers).unwrap();
    let dpi = 150.0;
    let clean = sheet(&papers, dpi);
    let mut dice = corpus::Dice::new(5);
    for photo in 0..5 {
        let mut image = corpus::photographed(&corpus::cut(&clean, &reference.layout, photo % 2, dpi), &mut dice, 0.03);
        corpus::shaded(&mut image, 0.8);
        corpus::degrade(&mut image, &mut dice, 12.0, true);
        let image = corpus::jpeg_artefacts(&image, 70);
        let read: Vec<Vec<Mark>> = read_sheet(&image, &reference).into_iter().map(|r| r.unwrap().names).collect();
        assert_eq!(read, [vec![Mark::Kept; 15]], "photo {photo}");
    }
}

/// How a corpus reads: ballots decided right, surfaced as unclear (and of those, how many the
/// truth calls ambiguous), decided wrong.
#[derive(Debug, Default, PartialEq)]
struct Tally {
    ballots: usize,
    right: usize,
    unclear: usize,
    unclear_and_ambiguous: usize,
    /// Papers not read at all (the code or the marks not found): reported to the committee,
    /// never skipped; counted among the unclear.
    unread: usize,
    ambiguous: usize,
    wrong: Vec<String>,
}

fn read_corpus(lists: &[usize], dpis: &[f64], sheets: usize, seed: u64) -> Tally {
    let mut dice = corpus::Dice::new(seed);
    let mut t = Tally::default();
    for &count in lists {
        let names: Vec<String> = (0..count).map(|i| ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà", "Phạm Văn Dũng"][i % 5].to_string() + &" Minh".repeat(i % 3)).collect();
        let papers = BallotPapers::new((1, 1, 1), "Đại hội Đoàn cơ sở", "Bầu Ban Chấp hành", "", names, 1);
        let reference = Reference::new(&papers).unwrap();
        for &dpi in dpis {
            let clean = sheet(&papers, dpi);
            for _ in 0..sheets {
                let sheet = corpus::mark_sheet(&reference, &clean, dpi, &mut dice, 0.15);
                // Cut apart, as the voters got them; each fed through the scanner on its own.
                for (paper, truth) in sheet.truth.iter().enumerate() {
                    let (image, how) = corpus::captured(&sheet.image, &papers.layout, paper as u32, dpi, &mut dice);
                    let read = read_sheet(&image, &reference);
                    assert_eq!(read.len(), 1, "{count} names at {dpi} dpi: one paper an image");
                    t.ballots += 1;
                    let ambiguous = truth.contains(&corpus::Done::Ambiguous);
                    t.ambiguous += usize::from(ambiguous);
                    let marks = match read.into_iter().next().unwrap() {
                        Ok(r) => r.names,
                        Err(_) => {
                            t.unread += 1;
                            vec![]
                        }
                    };
                    if marks.is_empty() || marks.contains(&Mark::Unclear) {
                        t.unclear += 1;
                        t.unclear_and_ambiguous += usize::from(ambiguous);
                    } else if marks.iter().zip(truth).all(|(m, d)| *m == d.truth()) {
                        t.right += 1;
                    } else {
                        t.wrong.push(format!("{count} names, {dpi} dpi, {how}, paper {paper}: read {marks:?}, truth {truth:?}"));
                    }
                }
            }
        }
    }
    t
}

/// A slice of the corpus on every test run (scanned and photographed, `corpus::captured`; the
/// whole corpus of 2,400 ballots is read by `cargo bench --bench scan`): none decided wrongly,
/// every ambiguous one surfaced for the committee, and all 36 plain ones decided without it.
#[test]
fn a_corpus_of_marked_skewed_noisy_ballots_is_read_without_a_wrong_decision() {
    let t = read_corpus(&[3, 5, 9, 15], &[150.0, 200.0, 300.0], 1, 7);
    assert_eq!(t.wrong, Vec::<String>::new(), "{t:?}");
    assert_eq!((t.ballots, t.ambiguous, t.unread), (42, 6, 0), "{t:?}");
    assert_eq!((t.right, t.unclear, t.unclear_and_ambiguous), (36, 6, 6), "{t:?}");
}

/// Runs the `chidoan` command line on `db`.
fn chidoan(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_chidoan")).arg("--db").arg(db).args(args).env_remove("CHIDOAN_DB").output().unwrap()
}

#[test]
fn a_stack_scanned_from_files_is_a_pass_checked_against_the_keyed_one() {
    use chidoan::congress::election::{self, BallotEntry, ElectionInput, RoundOptions};
    use chidoan::congress::{self, scanned, Attendance, Candidate, CountMode, ElectionKind, HeldBy, Meeting};
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("c.sqlite3");
    let mut conn = db::open(&db_path, StartBackup::BeforeMigration).unwrap();
    let id = congress::create(&mut conn, &dong_quy::congress()).unwrap();
    let people: Vec<i64> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà", "Phạm Văn Dũng", "Đỗ Minh Khoa", "Hoàng Thị Lan", "Bùi Văn Long"]
        .iter()
        .map(|n| congress::add_attendee(&mut conn, id, n, "").unwrap())
        .collect();
    for &p in &people {
        congress::set_attendance(&mut conn, p, Attendance::Present, "").unwrap();
    }
    let input = ElectionInput { title: "Bầu Ban Chấp hành".into(), kind: ElectionKind::Committee, seats: 3, alternates: 0, base: chidoan::tally::Base::Valid, held_by: HeldBy::Congress, meeting: Meeting::default() };
    let election_id = election::create(&mut conn, id, &input).unwrap();
    let list: Vec<Candidate> = people[..4].iter().map(|&p| Candidate { id: 0, attendee_id: Some(p), full_name: String::new() }).collect();
    election::set_candidates(&mut conn, election_id, &list).unwrap();
    let round = congress::load(&conn, id).unwrap().elections[0].rounds[0].id;
    election::set_options(&mut conn, round, &RoundOptions { mode: CountMode::Ballots, double_entry: true, issued: Some(8) }).unwrap();
    // The stack as the counters read it: six ballots; the keyer typed ballot 5 wrong (3 for 2).
    let truth: [&[u32]; 6] = [&[4], &[3], &[2], &[], &[2], &[1, 4]];
    for (i, crossed) in truth.iter().enumerate() {
        let typed = if i == 4 { vec![3] } else { crossed.to_vec() };
        election::enter_ballot(&mut conn, round, 1, &BallotEntry { crossed: typed, invalid: None }).unwrap();
    }

    // The papers as printed for the round (the CLI's PDF is the same papers), marked, cut, and
    // scanned into PNG, JPEG, a two-page TIFF and a scanner's two-page PDF.
    let printed = papers::round_papers(&conn, id, "1", None, 0).unwrap();
    let reference = Reference::new(&printed).unwrap();
    let dpi = 200.0;
    let clean = sheet(&printed, dpi);
    let layout = &reference.layout;
    let strike = |image: &mut Grey, n: usize| {
        let (from, to) = reference.extent(n).unwrap();
        let row = layout.rows[n];
        stroke(image, dpi, (from - 1.0, row.y + row.h / 2.0 + 0.3), (to + 1.0, row.y + row.h / 2.0 - 0.3), 0.5, 35);
    };
    let mut scans: Vec<Grey> = truth
        .iter()
        .enumerate()
        .map(|(i, crossed)| {
            let mut paper = corpus::cut(&clean, layout, (i % 4) as u32, dpi);
            for &c in *crossed {
                strike(&mut paper, c as usize - 1);
            }
            paper
        })
        .collect();
    // Ballot 3 also has a tick by "Vũ Thu Hà": unclear, for the committee.
    let row = layout.rows[3];
    let (from, _) = reference.extent(3).unwrap();
    corpus::line(&mut scans[2], dpi, &[(from + 30.0, row.y + 5.0), (from + 32.0, row.y + 7.0), (from + 37.0, row.y + 2.0)], 0.5, 30);
    let turned: Vec<Grey> = scans.iter().enumerate().map(|(i, s)| corpus::rotated(s, [1.5, -2.0, 0.7, 3.0, -1.0, 2.2][i], 30)).collect();
    let folder = dir.path().join("quét");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("phieu 1.png"), turned[0].png()).unwrap();
    std::fs::write(folder.join("phieu 2.jpg"), corpus::jpeg(&turned[1], 80)).unwrap();
    std::fs::write(folder.join("phieu 3.tif"), corpus::tiff(&turned[2..4])).unwrap();
    std::fs::write(folder.join("phieu 10.pdf"), corpus::scanner_pdf(&turned[4..6], dpi, 75)).unwrap();
    std::fs::write(folder.join("ghi chú.txt"), "not a scan").unwrap();
    drop(conn);

    let db = db_path.as_path();
    // Broken files: refused with the reason for each, nothing written, no crash.
    let broken = dir.path().join("hỏng");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("anh.png"), "not a picture").unwrap();
    std::fs::write(broken.join("quet.tif"), b"II*\0garbage").unwrap();
    std::fs::write(broken.join("quet.pdf"), &corpus::scanner_pdf(&scans[..1], dpi, 75)[..400]).unwrap();
    let out = chidoan(db, &["congress", "scan", &id.to_string(), "1", broken.to_str().unwrap(), "--pass", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("lỗi: Không có phiếu nào của vòng này trong các tệp đã chọn. anh.png: Không mở được ảnh"), "{stderr}");
    assert!(stderr.contains("quet.tif: Không mở được ảnh TIFF"), "{stderr}");
    assert!(scanned::state(&db::open(db, StartBackup::BeforeMigration).unwrap(), round, 2).unwrap().papers.is_empty());
    let out = chidoan(db, &["congress", "scan", &id.to_string(), "1", "1", folder.to_str().unwrap(), "--pass", "2", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ballots = json["ballots"].as_array().unwrap();
    let read: Vec<String> = ballots.iter().map(|b| if b["unclear"] == true { "unclear".into() } else { b["kept"].to_string() }).collect();
    assert_eq!(read, ["[1,2,3]", "[1,2,4]", "unclear", "[1,2,3,4]", "[1,3,4]", "[2,3]"]);
    let sources: Vec<&str> = ballots.iter().map(|b| b["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["phieu 1.png", "phieu 2.jpg", "phieu 3.tif, trang 1", "phieu 3.tif, trang 2", "phieu 10.pdf, trang 1", "phieu 10.pdf, trang 2"]);
    // Ballot 4 keeps all four for three seats: invalid by the same rule as a keyed ballot.
    assert_eq!((ballots[3]["valid"].clone(), ballots[0]["valid"].clone()), (serde_json::json!(false), serde_json::json!(true)));
    assert_eq!(json["totals"], serde_json::json!({ "pages": 6, "papers": 6, "valid": 4, "invalid": 1, "unclear": 1, "votes": [3, 3, 3, 2] }));
    assert_eq!(json["written"], false);

    // While the committee has not decided, nothing is written and nothing can be keyed into the pass.
    let mut conn = db::open(db, StartBackup::BeforeMigration).unwrap();
    let s = scanned::state(&conn, round, 2).unwrap();
    assert_eq!((s.pending, s.written, s.papers[2].marks.as_str(), s.papers[2].has_image, s.papers[0].has_image), (1, false, "KGK?", true, false));
    let image = scanned::image(&conn, round, 2, 3).unwrap();
    assert_eq!(&image[1..4], b"PNG");
    assert!(election::round_state(&conn, round).unwrap().round.ballots.iter().all(|b| b.pass == 1));
    let refused = election::enter_ballot(&mut conn, round, 2, &BallotEntry { crossed: vec![], invalid: None }).unwrap_err();
    assert!(refused.to_string().starts_with("Lượt 2 là lượt quét đang chờ Ban kiểm phiếu"), "{refused}");
    // Nor can the list printed on the papers, or the way the round is counted, change under them.
    let refused = election::set_candidates(&mut conn, election_id, &list).unwrap_err();
    assert_eq!(refused.to_string(), "Đã bắt đầu kiểm phiếu nên không sửa được danh sách ứng cử viên.");
    let single = RoundOptions { mode: CountMode::Ballots, double_entry: false, issued: Some(8) };
    assert_eq!(election::set_options(&mut conn, round, &single).unwrap_err().to_string(), "Lượt nhập thứ hai đã có phiếu; không bỏ nhập hai lượt được.");
    let fewer = RoundOptions { mode: CountMode::Ballots, double_entry: true, issued: Some(5) };
    assert!(election::set_options(&mut conn, round, &fewer).unwrap_err().to_string().starts_with("Số phiếu phát ra (5) ít hơn số phiếu đã thu vào (6)"));
    drop(conn);

    // The committee looks at ballot 3: "Trần Thị Bình" struck, the tick by Hà no strike.
    let out = chidoan(db, &["congress", "scan-decide", &id.to_string(), "1", "1", "--pass", "2", "--paper", "3", "--marks", "KGKK"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Đã ghi lượt quét 2"));
    let mut conn = db::open(db, StartBackup::BeforeMigration).unwrap();
    // The same discrepancy screen as two keyed passes: the keyer's slip at ballot 5.
    let s = election::round_state(&conn, round).unwrap();
    assert_eq!(s.discrepancies.iter().map(|d| d.number).collect::<Vec<_>>(), [5]);
    election::correct_ballot(&mut conn, round, 1, 5, &BallotEntry { crossed: vec![2], invalid: None }).unwrap();
    let s = election::round_state(&conn, round).unwrap();
    assert!(s.discrepancies.is_empty() && s.can_confirm, "{:?}", s.problem);
    let audit: Vec<String> = congress::load(&conn, id).unwrap().audit.iter().map(|a| format!("{}: {}", a.action, a.detail)).collect();
    assert!(audit.contains(&"Ban kiểm phiếu quyết định phiếu quét: Bầu Ban Chấp hành, vòng 1, lượt 2, tờ quét số 3 (phieu 3.tif, trang 1): máy đọc gạch 2; chưa rõ 4 → Ban kiểm phiếu: gạch 2".to_string()), "{audit:#?}");
    assert!(audit.iter().any(|a| a.starts_with("Quét phiếu: Bầu Ban Chấp hành, vòng 1, lượt 2: 6 phiếu từ 6 trang ảnh, 1 phiếu chờ Ban kiểm phiếu")), "{audit:#?}");
    assert!(audit.contains(&"Ghi lượt quét: Bầu Ban Chấp hành, vòng 1, lượt 2: 6 phiếu".to_string()), "{audit:#?}");
    drop(conn);

    // The pass is full: scanning into it again is refused and changes nothing.
    let out = chidoan(db, &["congress", "scan", &id.to_string(), "1", folder.to_str().unwrap(), "--pass", "2"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Lượt 2 đã có phiếu; chỉ quét vào lượt còn trống."), "{}", String::from_utf8_lossy(&out.stderr));
}
