//! One window per database. The first process to start on a database holds an exclusive lock
//! on `<db>.lock` and listens on a loopback port written to `<db>.instance`; a second process
//! finds the lock taken, asks the first (through that port) to bring its window forward, and
//! exits. Different databases may be open side by side.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SHOW: &str = "chidoan:show";

/// The outcome of trying to become the database's instance.
#[derive(Debug)]
pub enum Claim {
    /// This process owns the database until the [`Instance`] is dropped.
    First(Instance),
    /// Another process owns it and was asked to show its window.
    AlreadyRunning,
    /// Another process owns it but could not be reached: this one must not open a second
    /// window on the same database.
    HandOffFailed(std::io::Error),
}

/// Held by the process that owns the database; releases the lock when dropped.
#[derive(Debug)]
pub struct Instance {
    _lock: File,
    listener: TcpListener,
}

fn sibling(db_path: &Path, ext: &str) -> PathBuf {
    let mut name = db_path.as_os_str().to_owned();
    name.push(ext);
    PathBuf::from(name)
}

/// Claims the database at `db_path` for this process, or signals the process that has it.
pub fn claim(db_path: &Path) -> std::io::Result<Claim> {
    if let Some(dir) = db_path.parent() {
        fs::create_dir_all(dir)?;
    }
    let lock = OpenOptions::new().create(true).truncate(false).write(true).open(sibling(db_path, ".lock"))?;
    match lock.try_lock() {
        Ok(()) => {
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
            fs::write(sibling(db_path, ".instance"), listener.local_addr()?.port().to_string())?;
            Ok(Claim::First(Instance { _lock: lock, listener }))
        }
        Err(TryLockError::WouldBlock) => match signal_first(db_path) {
            Ok(()) => Ok(Claim::AlreadyRunning),
            Err(e) => Ok(Claim::HandOffFailed(e)),
        },
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Tells the owning process to show itself. It may still be starting (lock taken, port not yet
/// written), so this retries for a few seconds.
fn signal_first(db_path: &Path) -> std::io::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let attempt = fs::read_to_string(sibling(db_path, ".instance"))
            .and_then(|port| port.trim().parse::<u16>().map_err(std::io::Error::other))
            .and_then(|port| TcpStream::connect((Ipv4Addr::LOCALHOST, port)))
            .and_then(|mut stream| writeln!(stream, "{SHOW}"));
        match attempt {
            Ok(()) => return Ok(()),
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

impl Instance {
    /// Calls `show` on a background thread each time a later start asks for the window.
    pub fn serve(&self, show: impl Fn() + Send + 'static) -> std::io::Result<()> {
        let listener = self.listener.try_clone()?;
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut line = String::new();
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                if BufReader::new(stream).read_line(&mut line).is_ok() && line.trim_end() == SHOW {
                    show();
                }
            }
        });
        Ok(())
    }
}
