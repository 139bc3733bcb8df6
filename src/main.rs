//! `chidoan`: the branch book from the command line, on the same core functions as the window.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chidoan::db::{self, StartBackup};
use chidoan::unit::{self, Unit};
use chidoan::Error;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "chidoan", version, about = "Sổ Chi đoàn — sổ tay của bí thư chi đoàn (branch secretary's book)")]
struct Cli {
    /// Database file (default: the app's database in the user's data directory).
    #[arg(long, global = true, env = "CHIDOAN_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The unit's identity used in every document header.
    Unit {
        #[command(subcommand)]
        action: UnitAction,
    },
    /// Copy the database into FILE (refused if FILE exists).
    Backup { file: PathBuf },
    /// Replace the database with the backup FILE (the current one is backed up first).
    Restore { file: PathBuf },
}

#[derive(Subcommand)]
enum UnitAction {
    /// Print the unit.
    Show,
    /// Set the unit (all of it, in one transaction).
    Set {
        /// Tên đơn vị, e.g. "Chi đoàn Sở Thông tin và Truyền thông".
        #[arg(long)]
        name: String,
        /// Cấp trên trực tiếp, e.g. "Đoàn Khối các cơ quan tỉnh".
        #[arg(long)]
        superior: String,
        /// Địa danh for the date line, e.g. "Hà Nam".
        #[arg(long)]
        place: String,
        /// Viết tắt for document numbers, e.g. "CĐ".
        #[arg(long, default_value = "")]
        abbrev: String,
        /// Nhiệm kỳ, e.g. "2025 - 2027".
        #[arg(long, default_value = "")]
        term: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lỗi: {e}\nerror: {}", e.english());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let path = match cli.db {
        Some(path) => path,
        None => db::default_path()?,
    };
    // A restore must also work when the current file is refused (corrupt or newer).
    if let Command::Restore { file } = &cli.command {
        return restore(&path, file);
    }
    let mut conn = db::open(&path, StartBackup::BeforeMigration)?;
    match cli.command {
        Command::Unit { action: UnitAction::Show } => match unit::get(&conn)? {
            Some(u) => print!("{}", describe(&u)),
            None => println!("Chưa thiết lập đơn vị (unit not set). Dùng: chidoan unit set --name … --superior … --place …"),
        },
        Command::Unit { action: UnitAction::Set { name, superior, place, abbrev, term } } => {
            let saved = unit::save(&mut conn, &Unit { name, superior, place, abbrev, term })?;
            print!("Đã lưu (saved).\n{}", describe(&saved));
        }
        Command::Backup { file } => {
            db::backup_to(&conn, &file)?;
            println!("Đã sao lưu vào (backed up to) {}", file.display());
        }
        Command::Restore { .. } => unreachable!("handled above"),
    }
    Ok(())
}

fn restore(path: &Path, file: &Path) -> Result<(), Error> {
    let kept = match db::open(path, StartBackup::BeforeMigration) {
        Ok(mut conn) => db::restore(&mut conn, path, file)?,
        Err(e) if e.is_refusal() => {
            let aside = db::replace_refused(path, file)?;
            db::open(path, StartBackup::BeforeMigration)?;
            aside
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "Đã khôi phục từ (restored from) {}\nDữ liệu trước đó được giữ ở (previous data kept as): {}",
        file.display(),
        kept.display()
    );
    Ok(())
}

fn describe(u: &Unit) -> String {
    format!(
        "Tên đơn vị: {}\nCấp trên trực tiếp: {}\nĐịa danh: {}\nViết tắt: {}\nNhiệm kỳ: {}\n",
        u.name, u.superior, u.place, u.abbrev, u.term
    )
}
