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
