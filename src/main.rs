//! `chidoan`: the branch book from the command line, on the same core functions as the window.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chidoan::congress::exchange;
use chidoan::dates;
use chidoan::documents::{self, congress as papers};
use chidoan::db::{self, StartBackup};
use chidoan::members::import::ImportError;
use chidoan::members::{self, ListQuery};
use chidoan::scan;
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
    /// The member registry (sổ đoàn viên).
    Members {
        #[command(subcommand)]
        action: MembersAction,
    },
    /// Congresses (đại hội) and their exchange files.
    Congress {
        #[command(subcommand)]
        action: CongressAction,
    },
    /// The activity log (nhật ký hoạt động).
    Activities {
        #[command(subcommand)]
        action: ActivitiesAction,
    },
    /// The period report (báo cáo) from FROM to TO: members, admissions, transfers, activities by
    /// type, targets.
    Report {
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: String,
        #[arg(long, value_enum)]
        format: ReportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Count one election round from FILE.json (no database): ballots or paper totals in, the
    /// result out. Format: docs/tally.md.
    Tally {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Copy the database into FILE (refused if FILE exists).
    Backup { file: PathBuf },
    /// Replace the database with the backup FILE (the current one is backed up first).
    Restore { file: PathBuf },
}

#[derive(Subcommand)]
enum MembersAction {
    /// Import a list (.xlsx, .xls, .ods, .csv). Any bad or duplicate row refuses the whole list
    /// unless --skip-invalid.
    Import {
        file: PathBuf,
        /// Import the good rows and report the others.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// The current members in list order.
    List {
        /// Search name, card number and phone, without caring for case or diacritics.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the current members to FILE.xlsx (an official list) or FILE.csv.
    Export {
        file: PathBuf,
        /// For a .csv: the separator of the Excel it is for (semicolon: Vietnamese regional settings).
        #[arg(long, value_enum, default_value_t = CsvSeparator::Comma)]
        separator: CsvSeparator,
    },
    /// Counts by status, sex, age band, ethnicity, religion, education, political theory, rating.
    Stats {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Add a member; prints the new member's id. Without --admitted or --arrived: a member here
    /// from before, since --joined when given, else since before any period.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        born: String,
        #[arg(long, value_enum)]
        sex: SexArg,
        /// Joined the Union (elsewhere, for --arrived).
        #[arg(long, value_name = "YYYY-MM-DD")]
        joined: Option<String>,
        /// Admitted to the Union here on that date (kết nạp mới).
        #[arg(long, value_name = "YYYY-MM-DD", conflicts_with = "arrived")]
        admitted: Option<String>,
        /// Transferred in on that date (chuyển đến).
        #[arg(long, value_name = "YYYY-MM-DD")]
        arrived: Option<String>,
    },
    /// Record a change of status of member ID (its id in `members list --format json`).
    Status {
        id: i64,
        #[arg(value_enum)]
        status: StatusArg,
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: String,
        #[arg(long)]
        note: Option<String>,
        /// At a transfer out: dues paid up to this month.
        #[arg(long, value_name = "YYYY-MM")]
        paid_to: Option<String>,
    },
    /// Dues of member ID in a year: months owed and paid, months behind.
    Dues {
        id: i64,
        #[arg(long)]
        year: i32,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Record months of dues paid by member ID, at the member's rate.
    DuesPay {
        id: i64,
        /// YYYY-MM[,YYYY-MM…]
        #[arg(long, value_delimiter = ',', required = true)]
        months: Vec<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SexArg {
    Male,
    Female,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
enum StatusArg {
    TransferredOut,
    AgedOut,
    StruckOff,
    Expelled,
    Residing,
    Active,
}

#[derive(Subcommand)]
enum ActivitiesAction {
    /// Every activity, newest first.
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Biên bản sinh hoạt chi đoàn of the meeting ID.
    Minutes {
        id: i64,
        #[command(flatten)]
        paper: PaperOut,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Docx,
    Pdf,
    Xlsx,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CsvSeparator {
    Comma,
    Semicolon,
}

#[derive(Subcommand)]
enum CongressAction {
    /// Import a whole congress from its exchange file (docs/congress-exchange.md).
    Import { file: PathBuf },
    /// The congresses in the database.
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write congress ID to its exchange file FILE.json.
    Export { id: i64, file: PathBuf },
    /// One paper of congress ID: KIND is attendance-list, resolution, first-meeting,
    /// approval-request, minutes, tally-report (of ELECTION's last round), rules (of ELECTION) or
    /// elected; ELECTION is its number in the congress or its title.
    Paper {
        id: i64,
        #[arg(value_enum)]
        kind: papers::Paper,
        election: Option<String>,
        #[command(flatten)]
        paper: PaperOut,
    },
    /// Every paper of congress ID (the dossier, hồ sơ Đại hội) as DOCX and PDF into DIR, created
    /// when missing.
    Dossier {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Biên bản Đại hội: the minutes of the whole congress.
    Minutes {
        id: i64,
        #[command(flatten)]
        paper: PaperOut,
    },
    /// Biên bản kiểm phiếu of one round of ELECTION (its number in the congress, 1, 2, …, or its
    /// title); ROUND defaults to the last round.
    TallyReport {
        id: i64,
        election: String,
        round: Option<u32>,
        #[command(flatten)]
        paper: PaperOut,
    },
    /// Thể lệ bầu cử of ELECTION, filled with its seats, base and invalid-ballot rules.
    Rules {
        id: i64,
        election: String,
        #[command(flatten)]
        paper: PaperOut,
    },
    /// Danh sách trúng cử: the elected of every election.
    Elected {
        id: i64,
        #[command(flatten)]
        paper: PaperOut,
    },
    /// Mở khóa: put the confirmed ROUND of ELECTION back to counting, for REASON (audited).
    Unlock {
        id: i64,
        election: String,
        round: u32,
        #[arg(long)]
        reason: String,
    },
    /// Cập nhật chức vụ: make the congress's results the members' positions (from its date);
    /// with --dry-run, only show what would change.
    Positions {
        id: i64,
        #[arg(long)]
        dry_run: bool,
    },
    /// Quét phiếu: read scanned ballots (PNG, JPEG, TIFF or a scanner's PDF; folders file by file
    /// in name order) into pass N of ROUND of ELECTION (the last round when ROUND is left out).
    /// Prints each ballot's kept positions, or that it is unclear, and the totals; unclear
    /// ballots wait for the committee (scan-decide).
    Scan {
        id: i64,
        election: String,
        /// [ROUND] FILE|DIR...
        #[arg(required = true, num_args = 1.., value_name = "[ROUND] FILE|DIR")]
        inputs: Vec<String>,
        #[arg(long)]
        pass: u8,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// The counting committee's decision on scanned paper PAPER of pass N: --marks with K (giữ)
    /// or G (gạch) for each name in ballot order, "*" and a reason when the ballot is invalid,
    /// or "-" when it is no ballot of the round.
    ScanDecide {
        id: i64,
        election: String,
        round: u32,
        #[arg(long)]
        pass: u8,
        #[arg(long)]
        paper: u32,
        #[arg(long)]
        marks: String,
    },
    /// Ballot papers (phiếu bầu) of ELECTION, several to an A4 page, as PDF.
    Ballots {
        id: i64,
        election: String,
        #[arg(long)]
        out: PathBuf,
        /// Ballots beyond one for each voter present.
        #[arg(long, default_value_t = 0)]
        spare: u32,
    },
}

/// Where and in which format a paper is written.
#[derive(clap::Args)]
struct PaperOut {
    #[arg(long, value_enum)]
    format: Paper,
    #[arg(long)]
    out: PathBuf,
}

/// The two formats of a document.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Paper {
    Docx,
    Pdf,
}

impl From<Paper> for documents::Format {
    fn from(p: Paper) -> Self {
        match p {
            Paper::Docx => documents::Format::Docx,
            Paper::Pdf => documents::Format::Pdf,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Text,
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
        Err(Error::Import(ImportError::Refused(rows))) => {
            for p in &rows {
                eprintln!("Dòng {} (row {}): {}", p.row, p.row, p.message);
            }
            eprintln!(
                "lỗi: danh sách có {} dòng lỗi, chưa nhập dòng nào; sửa tệp hoặc dùng --skip-invalid.\nerror: {} bad row(s), nothing imported",
                rows.len(),
                rows.len()
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("lỗi: {e}\nerror: {}", e.english());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    if let Command::Tally { file, format } = &cli.command {
        return tally(file, *format);
    }
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
        Command::Members { action } => members(&mut conn, action)?,
        Command::Congress { action } => congress(&mut conn, action)?,
        Command::Activities { action } => activities(&conn, action)?,
        Command::Report { from, to, format, out } => {
            let report = documents::activities::build(&conn, &documents::activities::BranchPaper::Report { from, to })?;
            let format = match format {
                ReportFormat::Docx => documents::Format::Docx,
                ReportFormat::Pdf => documents::Format::Pdf,
                ReportFormat::Xlsx => documents::Format::Xlsx,
            };
            documents::save(&report, format, &out)?;
            println!("Đã ghi (written) {}", out.display());
        }
        Command::Backup { file } => {
            db::backup_to(&conn, &file)?;
            println!("Đã sao lưu vào (backed up to) {}", file.display());
        }
        Command::Restore { .. } | Command::Tally { .. } => unreachable!("handled above"),
    }
    Ok(())
}

fn members(conn: &mut db::Connection, action: MembersAction) -> Result<(), Error> {
    let today = chidoan::today();
    let current = |search: String| {
        let query = ListQuery { search, ..ListQuery::default() };
        members::list(conn, &query, today).map(|page| page.rows)
    };
    match action {
        MembersAction::Import { file, skip_invalid } => {
            let outcome = members::import::import(conn, &file, None, skip_invalid)?;
            for p in &outcome.skipped {
                eprintln!("Bỏ qua dòng {} (skipped row {}): {}", p.row, p.row, p.message);
            }
            for p in &outcome.warnings {
                eprintln!("Lưu ý dòng {} (warning, row {}): {}", p.row, p.row, p.message);
            }
            println!("Đã nhập {n} đoàn viên (imported {n} members).", n = outcome.imported);
        }
        MembersAction::List { search, format } => {
            let rows = current(search.unwrap_or_default())?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&rows).expect("members serialise")),
                Format::Text => {
                    for (i, m) in rows.iter().enumerate() {
                        let born = m.date_of_birth.as_deref().and_then(dates::parse).map(dates::display).unwrap_or_default();
                        println!("{:>5}  {:<32} {:<10}  {}", i + 1, m.full_name, born, m.card_number.as_deref().unwrap_or(""));
                    }
                }
            }
        }
        MembersAction::Export { file, separator } => {
            let rows = current(String::new())?;
            let is_csv = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if is_csv {
                let separator = match separator {
                    CsvSeparator::Comma => members::export::Separator::Comma,
                    CsvSeparator::Semicolon => members::export::Separator::Semicolon,
                };
                members::export::csv(&file, &rows, separator)?;
            } else {
                members::export::xlsx(&file, unit::get(conn)?.as_ref(), &rows, today)?;
            }
            println!("Đã xuất {} đoàn viên vào (exported to) {}", rows.len(), file.display());
        }
        MembersAction::Add { name, born, sex, joined, admitted, arrived } => {
            let joining = match (&admitted, arrived) {
                (Some(_), _) => members::Joining::Admitted,
                (None, Some(on)) => members::Joining::Arrived { on },
                (None, None) => members::Joining::Existing,
            };
            if let (Some(a), Some(j)) = (&admitted, &joined) {
                if dates::parse(a) != dates::parse(j) {
                    return Err(Error::Usage(
                        format!("--admitted {a} và --joined {j} khác nhau: ngày kết nạp là ngày vào Đoàn."),
                        "--admitted and --joined differ: the admission date is the joining date".into(),
                    ));
                }
            }
            let input = members::MemberInput {
                full_name: name,
                sex: Some(match sex {
                    SexArg::Male => members::Sex::Male,
                    SexArg::Female => members::Sex::Female,
                }),
                date_of_birth: born,
                joined_on: admitted.or(joined).unwrap_or_default(),
                ..Default::default()
            };
            println!("{}", members::create(conn, &input, &joining)?.id);
        }
        MembersAction::Status { id, status, on, note, paid_to } => {
            let status = match status {
                StatusArg::TransferredOut => members::Status::TransferredOut,
                StatusArg::AgedOut => members::Status::AgedOut,
                StatusArg::StruckOff => members::Status::StruckOff,
                StatusArg::Expelled => members::Status::Expelled,
                StatusArg::Residing => members::Status::Residence,
                StatusArg::Active => members::Status::Active,
            };
            let input = members::StatusInput {
                status: Some(status),
                since: on,
                dues_paid_until: paid_to.unwrap_or_default(),
                note: note.unwrap_or_default(),
                ..Default::default()
            };
            let m = members::change_status(conn, id, &input)?;
            println!("{}: {} ({})", m.full_name, status.label(), status.as_str());
        }
        MembersAction::Dues { id, year, format } => {
            let dues = members::records::member_dues(conn, id, year, today)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&dues).expect("dues serialise")),
                Format::Text => {
                    println!("Phải đóng (owed): {}", dues.owed_months.join(", "));
                    println!("Đã đóng (paid): {}", dues.paid_months.join(", "));
                    println!("Chưa đóng (behind): {} tháng (months)", dues.behind);
                }
            }
        }
        MembersAction::DuesPay { id, months } => {
            let parsed = months
                .iter()
                .map(|m| {
                    members::membership::parse_month(m)
                        .ok_or_else(|| Error::Usage(format!("Tháng “{m}” phải có dạng YYYY-MM."), format!("month “{m}” must be YYYY-MM")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            members::records::pay_months(conn, id, &parsed)?;
            println!("Đã ghi {} tháng đoàn phí (recorded {} months of dues).", parsed.len(), parsed.len());
        }
        MembersAction::Stats { format } => {
            let stats = members::stats::stats(conn, today)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&stats).expect("stats serialise")),
                Format::Text => {
                    println!("Đoàn viên đang sinh hoạt: {}  Đảng viên: {}", stats.current, stats.party_members);
                    for (title, counts) in [
                        ("Trạng thái", &stats.by_status),
                        ("Giới tính", &stats.by_sex),
                        ("Độ tuổi", &stats.by_age_band),
                        ("Dân tộc", &stats.by_ethnicity),
                        ("Tôn giáo", &stats.by_religion),
                    ] {
                        let parts: Vec<String> = counts.iter().map(|c| format!("{} {}", c.label, c.count)).collect();
                        println!("{title}: {}", parts.join(", "));
                    }
                }
            }
        }
    }
    Ok(())
}

fn congress(conn: &mut db::Connection, action: CongressAction) -> Result<(), Error> {
    match action {
        CongressAction::Import { file } => {
            let id = exchange::import(conn, &exchange::read_file(&file)?)?;
            println!("Đã nhập đại hội số {id} (imported congress {id}).");
        }
        CongressAction::List { format } => {
            let list = chidoan::congress::list(conn)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list).expect("list serialises")),
                Format::Text => {
                    for c in list {
                        let day = c.held_on.as_deref().and_then(dates::parse).map(dates::display).unwrap_or_default();
                        println!("{:>4}  {:<10}  {}", c.id, day, c.name);
                    }
                }
            }
        }
        CongressAction::Export { id, file } => {
            exchange::write_file(&file, &exchange::export(conn, id)?)?;
            println!("Đã xuất đại hội vào (exported to) {}", file.display());
        }
        CongressAction::Paper { id, kind: paper, election, paper: to } => {
            let request = papers::PaperRequest { congress_id: id, paper, election, round: None };
            write_paper(&papers::build(conn, &request)?, &to)?
        }
        CongressAction::Dossier { id, out } => {
            let written = papers::save_dossier(conn, id, &out, |_, _| {})?;
            for file in &written {
                println!("{}", file.display());
            }
            let n = written.len() / 2;
            println!("Đã ghi {n} văn bản vào (wrote {n} papers to) {}", out.display());
        }
        CongressAction::Minutes { id, paper: to } => write_paper(&papers::minutes(conn, id)?, &to)?,
        CongressAction::TallyReport { id, election, round, paper: to } => {
            write_paper(&papers::tally_report(conn, id, &election, round)?, &to)?
        }
        CongressAction::Rules { id, election, paper: to } => write_paper(&papers::rules(conn, id, &election)?, &to)?,
        CongressAction::Elected { id, paper: to } => write_paper(&papers::elected(conn, id)?, &to)?,
        CongressAction::Unlock { id, election, round, reason } => {
            let data = chidoan::congress::load(conn, id)?;
            let r = papers::find_round(papers::find_election(&data, &election)?, Some(round))?;
            chidoan::congress::election::unlock(conn, r.id, &reason)?;
            println!("Đã mở khóa vòng {round} (unlocked round {round}); hãy xác nhận lại sau khi sửa.");
        }
        CongressAction::Positions { id, dry_run } => {
            use chidoan::congress::positions;
            let plan = if dry_run { positions::plan(conn, id)? } else { positions::apply(conn, id)? };
            for c in &plan.changes {
                println!("{}: {} → {}", c.name, c.before.label(), c.after.label());
            }
            for name in &plan.not_in_registry {
                println!("{name}: không có trong sổ đoàn viên (not in the registry)");
            }
            let day = dates::parse(&plan.on).map(dates::display).unwrap_or_default();
            match (dry_run, plan.changes.len()) {
                (true, n) => println!("Sẽ thay đổi {n} chức vụ từ ngày {day} (dry run: {n} changes)."),
                (false, n) => println!("Đã cập nhật {n} chức vụ từ ngày {day} ({n} positions updated)."),
            }
        }
        CongressAction::Scan { id, election, inputs, pass, format } => {
            // A first argument of digits that names no file is the round.
            let round = inputs.first().filter(|a| inputs.len() > 1 && !Path::new(a.as_str()).exists()).and_then(|a| a.parse::<u32>().ok());
            let paths: Vec<PathBuf> = inputs.iter().skip(usize::from(round.is_some())).map(PathBuf::from).collect();
            let target = scan::pass::target(conn, id, &election, round)?;
            chidoan::congress::scanned::ready(conn, target.round_id, pass)?;
            let files = scan::pass::files(&paths)?;
            let stack = scan::pass::read_stack(&files, &target.reference, &mut |_, _| {});
            let state = chidoan::congress::scanned::store(conn, target.round_id, pass, &stack)?;
            print_scan(&stack, &state, format);
        }
        CongressAction::ScanDecide { id, election, round, pass, paper, marks } => {
            let data = chidoan::congress::load(conn, id)?;
            let r = papers::find_round(papers::find_election(&data, &election)?, Some(round))?;
            let state = chidoan::congress::scanned::decide(conn, r.id, pass, paper, &marks)?;
            if state.written {
                println!("Đã ghi lượt quét {pass} (pass {pass} written): mọi phiếu đã được quyết định.");
            } else {
                println!("Còn {} phiếu chờ Ban kiểm phiếu ({} papers still to decide).", state.pending, state.pending);
            }
        }
        CongressAction::Ballots { id, election, out, spare } => {
            let ballots = papers::ballot_papers(conn, id, &election, spare)?;
            documents::write(&out, &documents::pdf::ballots(&ballots)?)?;
            println!("Đã ghi (written) {}", out.display());
        }
    }
    Ok(())
}

fn activities(conn: &db::Connection, action: ActivitiesAction) -> Result<(), Error> {
    match action {
        ActivitiesAction::List { format } => {
            let list = chidoan::activities::list(conn, None, None)?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&list).expect("activities serialise")),
                Format::Text => {
                    for a in list {
                        let day = dates::parse(&a.starts_on).map(dates::display).unwrap_or_default();
                        println!("{:>4}  {day}  {:<28} {}  ({} người)", a.id, a.type_name, a.title, a.participants.len());
                    }
                }
            }
        }
        ActivitiesAction::Minutes { id, paper: to } => write_paper(&documents::activities::meeting_minutes(conn, id)?, &to)?,
    }
    Ok(())
}

/// A scan's papers (number, kept positions or "unclear"), the pages left aside, and the totals.
fn print_scan(stack: &scan::pass::Stack, state: &chidoan::congress::scanned::ScanState, format: Format) {
    use chidoan::tally::{judge, Ballot, Verdict};
    // Each plainly read paper judged as a keyed ballot is.
    let verdict = |marks: &str| {
        let crossed = marks.chars().enumerate().filter(|&(_, c)| c == 'G').map(|(i, _)| i + 1).collect();
        judge(&Ballot::Crossed(crossed), 1, state.names.len(), state.keep as usize).ok()
    };
    let mut votes = vec![0u32; state.names.len()];
    let (mut valid, mut invalid) = (0, 0);
    for paper in stack.papers.iter().filter(|p| !p.pending()) {
        match verdict(&paper.marks) {
            Some(Verdict::Valid { kept }) => {
                valid += 1;
                kept.iter().for_each(|&k| votes[k as usize - 1] += 1);
            }
            _ => invalid += 1,
        }
    }
    let unclear = stack.papers.iter().filter(|p| p.pending()).count();
    let kept = |marks: &str| -> Vec<u32> { marks.chars().enumerate().filter(|&(_, c)| c == 'K').map(|(i, _)| i as u32 + 1).collect() };
    match format {
        Format::Json => {
            let ballots: Vec<serde_json::Value> = state
                .papers
                .iter()
                .zip(&stack.papers)
                .map(|(stored, paper)| match verdict(&paper.marks).filter(|_| !paper.pending()) {
                    None => serde_json::json!({ "number": stored.number, "source": paper.source, "unclear": true, "marks": paper.marks, "problem": paper.problem }),
                    Some(Verdict::Valid { .. }) => serde_json::json!({ "number": stored.number, "source": paper.source, "kept": kept(&paper.marks), "valid": true }),
                    Some(Verdict::Invalid { reason, .. }) => {
                        serde_json::json!({ "number": stored.number, "source": paper.source, "kept": kept(&paper.marks), "valid": false, "reason": reason })
                    }
                })
                .collect();
            let skipped: Vec<serde_json::Value> = stack.skipped.iter().map(|s| serde_json::json!({ "source": s.source, "reason": s.reason })).collect();
            let totals = serde_json::json!({ "pages": stack.pages, "papers": stack.papers.len(), "valid": valid, "invalid": invalid, "unclear": unclear, "votes": votes });
            let out = serde_json::json!({ "ballots": ballots, "skipped": skipped, "totals": totals, "written": state.written });
            println!("{}", serde_json::to_string_pretty(&out).expect("json"));
        }
        Format::Text => {
            for (stored, paper) in state.papers.iter().zip(&stack.papers) {
                match verdict(&paper.marks).filter(|_| !paper.pending()) {
                    None => {
                        let why = paper.problem.clone().unwrap_or_else(|| format!("chưa rõ: {}", paper.marks));
                        println!("{:>4}  unclear  ({why}) [{}]", stored.number, paper.source);
                    }
                    Some(v) => {
                        let k: Vec<String> = kept(&paper.marks).iter().map(u32::to_string).collect();
                        let shown = if k.is_empty() { "—".to_string() } else { k.join(" ") };
                        let invalid = if let Verdict::Invalid { reason, .. } = v { format!("  không hợp lệ (invalid): {reason}") } else { String::new() };
                        println!("{:>4}  giữ (kept) {shown}{invalid}  [{}]", stored.number, paper.source);
                    }
                }
            }
            for s in &stack.skipped {
                println!("   -  bỏ qua (skipped) [{}]: {}", s.source, s.reason);
            }
            println!(
                "Tổng (totals): {} trang (pages), {} phiếu (papers): {valid} hợp lệ (valid), {invalid} không hợp lệ (invalid), {unclear} chưa rõ (unclear)",
                stack.pages,
                stack.papers.len()
            );
            for (name, v) in state.names.iter().zip(&votes) {
                println!("  {name}: {v}");
            }
            if state.written {
                println!("Đã ghi lượt {} (pass written).", state.pass);
            } else {
                println!("{unclear} phiếu chờ Ban kiểm phiếu quyết định (scan-decide) trước khi lượt {} được ghi.", state.pass);
            }
        }
    }
}

fn write_paper(doc: &documents::Document, to: &PaperOut) -> Result<(), Error> {
    documents::save(doc, to.format.into(), &to.out)?;
    println!("Đã ghi (written) {}", to.out.display());
    Ok(())
}

/// Reads a round for `chidoan tally`, at most the size of a congress file.
fn read(file: &Path) -> Result<String, Error> {
    let err = |detail: String| Error::Read { path: file.display().to_string(), detail };
    let size = std::fs::metadata(file).map_err(|e| err(e.to_string()))?.len();
    if size > exchange::MAX_FILE {
        return Err(err(format!("tệp lớn {} MB, quá giới hạn {} MB (file too large)", size >> 20, exchange::MAX_FILE >> 20)));
    }
    std::fs::read_to_string(file).map_err(|e| err(e.to_string()))
}

/// Stateless: never opens (or creates) a database.
fn tally(file: &Path, format: Format) -> Result<(), Error> {
    let outcome = chidoan::tally::input::tally(&read(file)?)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&outcome).expect("outcome serialises")),
        Format::Text => print!("{}", chidoan::tally::report(&outcome)),
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
