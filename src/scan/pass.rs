//! A stack of scanned ballots read as a counting pass (lượt quét): every page of every file in
//! order, every paper on a page in stack order, nothing skipped in silence.

use super::input;
use super::read::{read_sheet, Mark, Reference};
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
#[derive(Debug, Clone, PartialEq)]
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
/// the papers read so far after every page.
pub fn read_stack(files: &[PathBuf], reference: &Reference, progress: &mut dyn FnMut(usize, usize)) -> Stack {
    let mut stack = Stack::default();
    for file in files {
        input::pages(file, &mut |page| {
            stack.pages += 1;
            match page.image {
                Err(reason) => stack.skipped.push(Skipped { source: page.source, reason }),
                Ok(image) => {
                    for result in read_sheet(&image, reference) {
                        match result {
                            Ok(reading) => stack.papers.push(Scanned {
                                source: page.source.clone(),
                                marks: reading.names.iter().map(|&m| letter(m)).collect(),
                                problem: None,
                                image: reading.image.map(|i| i.png()),
                            }),
                            // Found by its marks, its code unread: a paper of the stack, read by the committee.
                            Err(refusal) if refusal.image.is_some() => stack.papers.push(Scanned {
                                source: page.source.clone(),
                                marks: String::new(),
                                problem: Some(refusal.reason),
                                image: refusal.image.map(|i| i.png()),
                            }),
                            Err(refusal) => stack.skipped.push(Skipped { source: page.source.clone(), reason: refusal.reason }),
                        }
                    }
                }
            }
            progress(stack.pages, stack.papers.len());
        });
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

/// The files to read, as [`input::files`], with its refusal as the core's error.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, crate::Error> {
    input::files(paths).map_err(|message| crate::Error::Usage(message, "cannot read the scanned files given".into()))
}
