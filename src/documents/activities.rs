//! The branch's own papers: the minutes of a monthly meeting (biên bản sinh hoạt chi đoàn) and
//! the period report (báo cáo), as [`Document`]s.

use chrono::Datelike;
use rusqlite::Connection;

use super::{number, Align, Block, Column, Document, Signature, Span};
use crate::activities::report::{Named, PeriodReport};
use crate::activities::{self, current_statuses, ActivityError};
use crate::members::Position;
use crate::{dates, unit};

/// The member holding `position`, for signatures.
fn holder(conn: &Connection, position: Position) -> String {
    conn.query_row(
        &format!("SELECT full_name FROM member WHERE position = ?1 AND status IN {} ORDER BY sort_key LIMIT 1", current_statuses()),
        [position.as_str()],
        |r| r.get(0),
    )
    .unwrap_or_default()
}

fn lines(text: &str) -> impl Iterator<Item = Block> + '_ {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(Block::text)
}

/// Biên bản sinh hoạt chi đoàn of one meeting.
pub fn meeting_minutes(conn: &Connection, activity_id: i64) -> Result<Document, ActivityError> {
    let a = activities::get(conn, activity_id)?;
    let day = dates::parse(&a.starts_on).expect("stored ISO");
    let unit = super::issuing_unit(conn);
    let mut doc = Document::new(
        unit::header(&unit, "BB", day),
        "BIÊN BẢN SINH HOẠT CHI ĐOÀN",
        vec![format!("Tháng {} năm {}", day.month(), day.year()), a.title.clone()],
    );
    // The members of the branch on the day of the meeting.
    let spells = crate::members::all_spells(conn)?;
    let current: Vec<(i64, String)> = conn
        .prepare("SELECT id, full_name FROM member ORDER BY sort_key, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .filter(|m| m.as_ref().map_or(true, |(id, _)| spells.get(id).is_some_and(|s| crate::members::membership::holds(s, day))))
        .collect::<Result<_, _>>()?;
    let present: Vec<&String> = current.iter().filter(|(id, _)| a.participants.iter().any(|p| p.id == *id)).map(|(_, n)| n).collect();
    let absent: Vec<&str> =
        current.iter().filter(|(id, _)| !a.participants.iter().any(|p| p.id == *id)).map(|(_, n)| n.as_str()).collect();
    let b = &mut doc.blocks;
    b.push(Block::heading("I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"));
    let place = if a.place.is_empty() { String::new() } else { format!(", tại {}", a.place) };
    b.push(Block::text(format!("Hôm nay, {}{place}, {} tiến hành sinh hoạt.", unit::date_line("", day), unit.name)));
    b.push(Block::item(format!("Tổng số đoàn viên: {}.", number(current.len() as u64))));
    b.push(Block::item(format!("Có mặt: {}.", number(present.len() as u64))));
    let absent_list = if absent.is_empty() { String::new() } else { format!(" ({})", absent.join(", ")) };
    b.push(Block::item(format!("Vắng: {}{absent_list}.", number(absent.len() as u64))));
    if !a.agenda.is_empty() {
        b.push(Block::heading("II. NỘI DUNG SINH HOẠT"));
        b.extend(lines(&a.agenda));
    }
    b.push(Block::heading(if a.agenda.is_empty() { "II. DIỄN BIẾN VÀ KẾT QUẢ" } else { "III. DIỄN BIẾN VÀ KẾT QUẢ" }));
    b.extend(lines(&a.description));
    for f in &a.figures {
        b.push(Block::item(format!("{}.", f.shown())));
    }
    b.push(Block::text("Buổi sinh hoạt kết thúc cùng ngày."));
    doc.signatures = vec![
        Signature { on_behalf: String::new(), role: "THƯ KÝ".into(), name: String::new() },
        Signature { on_behalf: "T/M BAN CHẤP HÀNH".into(), role: "BÍ THƯ".into(), name: holder(conn, Position::Secretary) },
    ];
    Ok(doc)
}

/// "Nguyễn Thị Yến, 26/03/2026; Trần Văn Bình, 15/05/2026".
fn people(names: &[Named]) -> String {
    names.iter().map(|n| format!("{}, {}", n.full_name, n.on)).collect::<Vec<_>>().join("; ")
}

/// The period report as a document.
pub fn period_report(conn: &Connection, r: &PeriodReport) -> Result<Document, ActivityError> {
    let unit = super::issuing_unit(conn);
    let n = |v: u32| number(v as u64);
    let mut doc = Document::new(
        unit::header(&unit, "BC", crate::today()),
        "BÁO CÁO",
        vec![
            format!("Kết quả công tác Đoàn và phong trào thanh niên của {}", unit.name),
            format!("từ ngày {} đến ngày {}", dates::display(r.from), dates::display(r.to)),
        ],
    );
    doc.recipients = vec![format!("- {} (để báo cáo);", unit.superior), "- Lưu hồ sơ chi đoàn.".into()];
    let b = &mut doc.blocks;
    b.push(Block::heading("I. CÔNG TÁC XÂY DỰNG TỔ CHỨC ĐOÀN"));
    b.push(Block::figure("Số đoàn viên đầu kỳ", r.members_at_start.into(), ""));
    for (label, names) in [
        ("Kết nạp đoàn viên mới", &r.admissions),
        ("Chuyển đến", &r.transferred_in),
        ("Chuyển đi", &r.transferred_out),
        ("Trưởng thành Đoàn", &r.aged_out),
        ("Xóa tên, khai trừ", &r.removed),
    ] {
        b.push(Block::figure(label, names.len() as u64, people(names)));
    }
    b.push(Block::figure("Số đoàn viên cuối kỳ", r.members_at_end.into(), ""));
    b.push(Block::heading("II. HOẠT ĐỘNG"));
    b.push(Block::text(format!(
        "Trong kỳ, chi đoàn tổ chức {} hoạt động với {} lượt đoàn viên tham gia.",
        n(r.total_activities),
        n(r.total_participations)
    )));
    b.push(Block::Table {
        columns: vec![
            Column::new("STT", 2, Align::Center),
            Column::new("Loại hoạt động", 14, Align::Left),
            Column::new("Số hoạt động", 4, Align::Center),
            Column::new("Lượt tham gia", 4, Align::Center),
            Column::new("Số đoàn viên tham gia", 5, Align::Center),
        ],
        rows: r
            .activities
            .iter()
            .enumerate()
            .map(|(i, l)| vec![(i + 1).to_string(), l.type_name.clone(), n(l.activities), n(l.participations), n(l.participants)])
            .collect(),
        signing: false,
    });
    b.push(Block::heading("III. THỰC HIỆN CHỈ TIÊU"));
    if r.targets.is_empty() {
        b.push(Block::text("(Chưa đặt chỉ tiêu cho kỳ này.)"));
    }
    for t in &r.targets {
        let what = match t.kind {
            activities::targets::TargetKind::Members => format!("{}/{} đoàn viên đạt (cần {})", n(t.done), n(t.of), n(t.needed)),
            activities::targets::TargetKind::Branch => format!("đã tổ chức {}/{}", n(t.done), n(t.needed)),
        };
        b.push(Block::spans(vec![
            Span::plain(format!("- {} — {what} — ", t.description)),
            Span::bold(if t.achieved { "Đạt" } else { "Chưa đạt" }),
            Span::plain("."),
        ]));
        if !t.short.is_empty() {
            let names: Vec<String> = t.short.iter().map(|s| format!("{} ({})", s.full_name, n(s.count))).collect();
            b.push(Block::text(format!("Đoàn viên chưa đạt (số hoạt động đã tham gia): {}.", names.join(", "))));
        }
    }
    doc.signatures = vec![Signature { on_behalf: "T/M BAN CHẤP HÀNH".into(), role: "BÍ THƯ".into(), name: holder(conn, Position::Secretary) }];
    Ok(doc)
}

/// A paper of the branch, as the window asks for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum BranchPaper {
    /// Biên bản sinh hoạt chi đoàn of a meeting.
    Minutes {
        #[ts(type = "number")]
        activity_id: i64,
    },
    /// The period report; dates dd/mm/yyyy or ISO.
    Report { from: String, to: String },
}

pub fn build(conn: &Connection, paper: &BranchPaper) -> Result<Document, ActivityError> {
    match paper {
        BranchPaper::Minutes { activity_id } => meeting_minutes(conn, *activity_id),
        BranchPaper::Report { from, to } => {
            let day = |t: &str| dates::parse(t).ok_or_else(|| ActivityError::Invalid(format!("Ngày “{t}” không đúng dạng ngày/tháng/năm.")));
            period_report(conn, &crate::activities::report::period(conn, day(from)?, day(to)?)?)
        }
    }
}
