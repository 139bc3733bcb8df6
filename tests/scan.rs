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
        assert_eq!(read[0].as_ref().map(|r| r.names.clone()), Ok(vec![Kept, Kept, Crossed, Kept, Kept]), "{quarters} quarter turns");
    }
    // A page with nothing on it, and a page of print without marks: reported, not skipped.
    let blank = Grey { width: 800, height: 1100, pixels: vec![250; 800 * 1100] };
    let read = read_sheet(&blank, &reference);
    assert_eq!(read.len(), 1);
    assert!(read[0].as_ref().unwrap_err().starts_with("Không tìm thấy phiếu bầu trên ảnh này"), "{read:?}");
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
                    let mut image = corpus::cut(&sheet.image, &papers.layout, paper as u32, dpi);
                    let turn = dice.range(-5.0, 5.0);
                    if dice.chance(0.7) {
                        image = corpus::rotated(&image, turn, (12.0 * dpi / 25.4) as usize);
                    }
                    let blur = dice.chance(0.5);
                    corpus::degrade(&mut image, &mut dice, 25.0, blur);
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
                        t.wrong.push(format!("{count} names, {dpi} dpi, turned {turn:.1}°, blur {blur}, paper {paper}: read {marks:?}, truth {truth:?}"));
                    }
                }
            }
        }
    }
    t
}

/// A slice of the corpus on every test run (the whole corpus, 2,000 ballots and more, is read
/// by `cargo bench --bench scan`): every plain ballot decided right, every ambiguous one
/// surfaced for the committee, none decided wrongly.
#[test]
fn a_corpus_of_marked_skewed_noisy_ballots_is_read_without_a_wrong_decision() {
    let t = read_corpus(&[3, 5, 9, 15], &[150.0, 200.0, 300.0], 1, 7);
    assert_eq!(t.wrong, Vec::<String>::new(), "{t:?}");
    assert_eq!((t.ballots, t.ambiguous, t.unread), (42, 6, 0), "{t:?}");
    assert_eq!((t.right, t.unclear, t.unclear_and_ambiguous), (36, 6, 6), "{t:?}");
}
