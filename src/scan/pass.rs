//! A stack of scanned ballots read as a counting pass (lượt quét): every page of every file in
//! order, every paper on a page in stack order, nothing skipped in silence.

use super::input;
use super::read::{read_sheet, Mark, Reading, Reference, Refusal};
use std::path::PathBuf;

/// One paper of the stack as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned {
    /// The file (and page) it is on.
    pub source: String,
    /// One letter a name: K kept, G crossed, ? unclear; empty when the paper's code was not read.
    pub marks: String,
    /// Why the paper could not be read, when it could not.
    pub problem: Option<String>,
    /// The paper straightened (PNG), when the committee must look at it.
    pub image: Option<Vec<u8>>,
}

impl Scanned {
    /// Whether the committee must decide it: a name unclear, or the paper unread.
    pub fn pending(&self) -> bool {
        self.marks.is_empty() || self.marks.contains('?')
    }
}

/// A page, or a paper on it, that is no ballot of the round, and why: another round's paper, a
/// page where no paper was found, a file that would not open.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Skipped {
    pub source: String,
    pub reason: String,
}

/// The stack read.
#[derive(Debug, Default)]
pub struct Stack {
    pub papers: Vec<Scanned>,
    pub skipped: Vec<Skipped>,
    pub pages: usize,
}

pub fn letter(mark: Mark) -> char {
    match mark {
        Mark::Kept => 'K',
        Mark::Crossed => 'G',
        Mark::Unclear => '?',
    }
}

/// Reads `files` (in order) as one stack of the round's ballots; `progress` hears the pages and
/// the papers read so far after every page. Pages are read on every core while the next ones
/// are opened, a few at a time (memory stays that of a few pages); the stack keeps file and page
/// order whatever order they finish in.
pub fn read_stack(files: &[PathBuf], reference: &Reference, progress: &mut dyn FnMut(usize, usize)) -> Stack {
    use std::sync::{mpsc, Mutex};
    type Done = (usize, String, Result<Vec<Result<Reading, Refusal>>, String>);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    let (to_read, pages) = mpsc::sync_channel::<(usize, input::Page)>(workers);
    let pages = Mutex::new(pages);
    let (read, done) = mpsc::channel::<Done>();
    let mut finished: Vec<Done> = vec![];
    let mut papers = 0;
    let mut heard = |item: Done, finished: &mut Vec<Done>| {
        papers += item.2.as_ref().map_or(0, Vec::len);
        finished.push(item);
        progress(finished.len(), papers);
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let read = read.clone();
            let pages = &pages;
            scope.spawn(move || loop {
                // The lock is held only to take the next page, not to read it.
                let next = pages.lock().map(|p| p.recv());
                let Ok(Ok((index, page))) = next else { break };
                // A page the reader stumbles on is told as such; the other pages are read.
                let result = page.image.and_then(|image| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheet(&image, reference)))
                        .map_err(|_| "Không đọc được trang này (lỗi không lường trước).".to_string())
                });
                if read.send((index, page.source, result)).is_err() {
                    break;
                }
            });
        }
        drop(read);
        let mut index = 0;
        for file in files {
            input::pages(file, &mut |page| {
                // Waits while every worker is busy and a page waits for each already.
                let _ = to_read.send((index, page));
                index += 1;
                while let Ok(item) = done.try_recv() {
                    heard(item, &mut finished);
                }
            });
        }
        drop(to_read);
        for item in done.iter() {
            heard(item, &mut finished);
        }
    });
    finished.sort_by_key(|item| item.0);
    let mut stack = Stack { pages: finished.len(), ..Stack::default() };
    for (_, source, result) in finished {
        let results = match result {
            Err(reason) => {
                stack.skipped.push(Skipped { source, reason });
                continue;
            }
            Ok(results) => results,
        };
        for result in results {
            match result {
                Ok(reading) => stack.papers.push(Scanned {
                    source: source.clone(),
                    marks: reading.names.iter().map(|&m| letter(m)).collect(),
                    problem: None,
                    image: reading.image.map(|i| i.png()),
                }),
                // Found by its marks, its code unread: a paper of the stack, read by the committee.
                Err(refusal) if refusal.image.is_some() => stack.papers.push(Scanned {
                    source: source.clone(),
                    marks: String::new(),
                    problem: Some(refusal.reason),
                    image: refusal.image.map(|i| i.png()),
                }),
                Err(refusal) => stack.skipped.push(Skipped { source: source.clone(), reason: refusal.reason }),
            }
        }
    }
    stack
}

/// The round a scan is read into, and its papers as they were printed.
pub struct Target {
    pub round_id: i64,
    pub reference: Reference,
}

/// The target for round `round` (the last when `None`) of `election` (its number in the congress
/// or its title).
pub fn target(conn: &rusqlite::Connection, congress_id: i64, election: &str, round: Option<u32>) -> Result<Target, crate::Error> {
    use crate::documents::congress::{find_election, find_round, round_papers};
    let papers = round_papers(conn, congress_id, election, round, 0)?;
    let data = crate::congress::load(conn, congress_id)?;
    let round_id = find_round(find_election(&data, election)?, round)?.id;
    Ok(Target { round_id, reference: Reference::new(&papers)? })
}

/// The target for the round `round_id`.
pub fn target_of_round(conn: &rusqlite::Connection, round_id: i64) -> Result<Target, crate::Error> {
    let (congress_id, election_id, number): (i64, i64, u32) = conn
        .query_row("SELECT e.congress_id, e.id, r.number FROM election_round r JOIN election e ON e.id = r.election_id WHERE r.id = ?1", [round_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(|_| crate::congress::CongressError::NotFound("vòng bầu"))?;
    let data = crate::congress::load(conn, congress_id)?;
    let position = data.elections.iter().position(|e| e.id == election_id).ok_or(crate::congress::CongressError::NotFound("cuộc bầu cử"))?;
    target(conn, congress_id, &(position + 1).to_string(), Some(number))
}

/// What a scan read into a pass: the pass, and the pages left aside.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ScanRead {
    pub state: crate::congress::scanned::ScanState,
    pub skipped: Vec<Skipped>,
}

/// The files to read, as [`input::files`], with its refusal as the core's error.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, crate::Error> {
    input::files(paths).map_err(|message| crate::Error::Usage(message, "cannot read the scanned files given".into()))
}
