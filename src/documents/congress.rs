//! The congress's papers as [`Document`]s: Biên bản kiểm phiếu (one round), Biên bản Đại hội,
//! Thể lệ bầu cử, Danh sách trúng cử, and the ballot papers. Built from the stored congress and
//! the results the tally rules give; nothing here decides anything.

use rusqlite::Connection;

use super::pdf::BallotPapers;
use super::{number, Align, Block, Column, Document, Signature, Span};
use crate::congress::election::{round_state, RoundState};
use crate::congress::rules::{committee_election, placed, same_person};
use crate::congress::{self, Attendance, Attendee, Body, CongressData, CongressError, Election, ElectionKind, Round};
use crate::dates;
use crate::tally::Outcome;
use crate::unit::{self, Unit};

/// A paper of a congress, as the window asks for it and as the CLI names it (attendance-list, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Paper {
    /// Danh sách đoàn viên (đại biểu) dự Đại hội, with a column to sign.
    AttendanceList,
    /// Nghị quyết Đại hội: what the congress decided.
    Resolution,
    /// Biên bản hội nghị Ban Chấp hành lần thứ nhất: the new BCH elects its Bí thư, Phó Bí thư.
    FirstMeeting,
    /// Tờ trình đề nghị công nhận kết quả bầu cử, with the Danh sách trích ngang attached.
    ApprovalRequest,
    Minutes,
    TallyReport,
    Rules,
    Elected,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PaperRequest {
    #[ts(type = "number")]
    pub congress_id: i64,
    pub paper: Paper,
    /// The election's number in the congress (1, 2, …) or its title; for the counting report
    /// and the rules.
    #[serde(default)]
    pub election: Option<String>,
    #[serde(default)]
    pub round: Option<u32>,
}

/// Builds the paper asked for.
pub fn build(conn: &Connection, request: &PaperRequest) -> Result<Document, CongressError> {
    let election = || request.election.as_deref().ok_or(CongressError::NotFound("cuộc bầu cử"));
    match request.paper {
        Paper::AttendanceList => attendance_list(conn, request.congress_id),
        Paper::Resolution => resolution(conn, request.congress_id),
        Paper::FirstMeeting => first_meeting(conn, request.congress_id),
        Paper::ApprovalRequest => approval_request(conn, request.congress_id),
        Paper::Minutes => minutes(conn, request.congress_id),
        Paper::TallyReport => tally_report(conn, request.congress_id, election()?, request.round),
        Paper::Rules => rules(conn, request.congress_id, election()?),
        Paper::Elected => elected(conn, request.congress_id),
    }
}

/// A congress's election chosen as the CLI names it: its number in the congress (1, 2, …) or
/// its title.
pub fn find_election<'a>(data: &'a CongressData, which: &str) -> Result<&'a Election, CongressError> {
    let by_number = which.parse::<usize>().ok().and_then(|n| n.checked_sub(1)).and_then(|i| data.elections.get(i));
    by_number
        .or_else(|| data.elections.iter().find(|e| e.title == crate::text::clean(which)))
        .ok_or(CongressError::NotFound("cuộc bầu cử"))
}

/// A round of an election by its number; the last one when `None`.
pub fn find_round(election: &Election, number: Option<u32>) -> Result<&Round, CongressError> {
    match number {
        Some(n) => election.rounds.iter().find(|r| r.number == n),
        None => election.rounds.last(),
    }
    .ok_or(CongressError::NotFound("vòng bầu"))
}

struct Context {
    data: CongressData,
    unit: Unit,
    date: chrono::NaiveDate,
}

impl Context {
    fn load(conn: &Connection, congress_id: i64) -> Result<Context, CongressError> {
        let data = congress::load(conn, congress_id)?;
        let unit = super::issuing_unit(conn);
        let date = data.congress.held_on.as_deref().and_then(dates::parse).unwrap_or_else(crate::today);
        Ok(Context { data, unit, date })
    }

    /// A document of `kind` ("BB" minutes, "TL" rules, "DS" list) dated the congress's day.
    fn document(&self, kind: &str, title: &str, subtitle: Vec<String>) -> Document {
        Document::new(unit::header(&self.unit, kind, self.date), title, subtitle)
    }

    fn on(&self, body: Body) -> Vec<&Attendee> {
        let mut people: Vec<&Attendee> = self.data.attendees.iter().filter(|a| a.seat(body) > 0).collect();
        people.sort_by_key(|a| std::cmp::Reverse(a.seat(body)));
        people
    }

    fn head(&self, body: Body) -> String {
        self.on(body).first().filter(|a| a.seat(body) == 2).map(|a| a.full_name.clone()).unwrap_or_default()
    }

    fn chair_signature(&self) -> Signature {
        Signature { on_behalf: "T/M ĐOÀN CHỦ TỊCH".into(), role: String::new(), name: self.head(Body::Presidium) }
    }

    /// What those summoned are called, the same in every section: "đoàn viên" at a congress of
    /// all members, "đại biểu" at a delegates' congress.
    fn who(&self) -> &'static str {
        match self.data.congress.kind {
            crate::congress::CongressKind::Members => "đoàn viên",
            crate::congress::CongressKind::Delegates => "đại biểu",
        }
    }

    /// Who votes in `e`: those summoned to the congress, or the members of the new BCH at its
    /// first meeting.
    fn voters_of(&self, e: &Election) -> &'static str {
        match e.held_by {
            crate::congress::HeldBy::FirstMeeting => "ủy viên Ban Chấp hành",
            crate::congress::HeldBy::Congress => self.who(),
        }
    }

    /// "ngày 28 tháng 4 năm 2025"
    fn day(&self) -> String {
        unit::date_line("", self.date)
    }

    /// The elections the new BCH's first meeting holds (Bí thư, Phó Bí thư).
    fn meeting_elections(&self) -> Vec<&Election> {
        self.data.elections.iter().filter(|e| e.held_by == crate::congress::HeldBy::FirstMeeting).collect()
    }

    /// Whether the first meeting has a confirmed result to report.
    fn meeting_held(&self) -> bool {
        self.meeting_elections().iter().any(|e| e.rounds.iter().any(|r| r.confirmed_at.is_some()))
    }

    /// The first meeting's details: those of its first election that has a date.
    fn meeting(&self) -> crate::congress::Meeting {
        let elections = self.meeting_elections();
        elections.iter().find(|e| e.meeting.held_on.is_some()).or(elections.first()).map(|e| e.meeting.clone()).unwrap_or_default()
    }

    /// The day of the first meeting, when entered.
    fn meeting_date(&self) -> Option<chrono::NaiveDate> {
        self.meeting().held_on.as_deref().and_then(dates::parse)
    }

    /// "Chi đoàn …, nhiệm kỳ 2025 - 2027" (the term when entered).
    fn unit_and_term(&self) -> String {
        match self.data.congress.term.as_str() {
            "" => self.unit.name.clone(),
            term => format!("{}, nhiệm kỳ {term}", self.unit.name),
        }
    }

    /// "Ban Chấp hành Chi đoàn …, nhiệm kỳ 2025 - 2027".
    fn new_committee(&self) -> String {
        format!("Ban Chấp hành {}", self.unit_and_term())
    }
}

/// "ngày 28 tháng 4 năm 2025", or a line to write it on when it was not entered.
fn day_or_blank(date: Option<chrono::NaiveDate>) -> String {
    date.map_or("ngày … tháng … năm …".into(), |d| unit::date_line("", d))
}

/// "Vào lúc 11 giờ 30, " for a time entered, else "Hôm nay, ".
fn opening(time: &str) -> String {
    if time.is_empty() {
        "Hôm nay, ".into()
    } else {
        format!("Vào lúc {}, ", time.replace(':', " giờ "))
    }
}

fn people(list: &[&Attendee], head: &str) -> Vec<Block> {
    list.iter()
        .enumerate()
        .map(|(i, a)| {
            let role = if a.seat(Body::Counting) == 2 || a.seat(Body::Presidium) == 2 || a.seat(Body::Secretariat) == 2 {
                format!(" – {head}")
            } else {
                String::new()
            };
            Block::text(format!("{}. Đồng chí {}{role}", i + 1, a.full_name))
        })
        .collect()
}

/// STT, name, votes, percent and a last column (result, or a note).
fn votes_table(last: &str, rows: Vec<Vec<String>>) -> Block {
    Block::Table {
        columns: vec![
            Column::new("STT", 2, Align::Center),
            Column::new("Họ và tên", 9, Align::Left),
            Column::new("Số phiếu", 4, Align::Center),
            Column::new("Tỷ lệ", 4, Align::Center),
            Column::new(last, 6, Align::Center),
        ],
        rows,
        signing: false,
    }
}

fn percent(text: &str) -> String {
    format!("{text}%")
}

fn places(seats: u32, alternates: u32) -> String {
    if alternates > 0 {
        format!("{} chính thức, {} dự khuyết", number(seats as u64), number(alternates as u64))
    } else {
        number(seats as u64)
    }
}

/// The counts, the table of votes and who is elected, for one decided round.
fn round_body(s: &RoundState, o: &Outcome, who: &str) -> Vec<Block> {
    let n = |v: u32| number(v as u64);
    let mut blocks = vec![
        Block::item(format!("Số người cần bầu: {}.", places(s.round.seats, s.round.alternates))),
        Block::item(format!("Số người trong danh sách bầu cử: {}.", n(s.names.len() as u32))),
    ];
    if let (Some(summoned), Some(present)) = (s.round.summoned, s.round.present) {
        blocks.push(Block::item(format!("Số {who} được triệu tập: {}; có mặt: {}.", n(summoned), n(present))));
    }
    blocks.extend([
        Block::item(format!("Số phiếu phát ra: {}.", n(o.issued))),
        Block::item(format!("Số phiếu thu vào: {}.", n(o.collected))),
        Block::item(format!("Số phiếu hợp lệ: {}.", n(o.valid))),
        Block::item(format!("Số phiếu không hợp lệ: {}.", n(o.invalid))),
        Block::text(format!("Tỷ lệ phần trăm tính trên {} ({}). Kết quả số phiếu bầu cho từng người:", o.base.label_for(who), n(o.base_count))),
        votes_table(
            "Kết quả",
            o.candidates
                .iter()
                .enumerate()
                .map(|(i, c)| vec![(i + 1).to_string(), c.name.clone(), n(c.votes), percent(&c.percent), c.result.label().into()])
                .collect(),
        ),
    ]);
    let votes_of = |name: &String| o.candidates.iter().find(|c| &c.name == name).expect("a candidate");
    let listed = |names: &[String]| -> Vec<Block> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let c = votes_of(name);
                Block::text(format!("{}. Đồng chí {name}: {} phiếu, đạt {}.", i + 1, n(c.votes), percent(&c.percent)))
            })
            .collect()
    };
    let base = format!("quá một nửa {} ({})", o.base.label_for(who), n(o.base_count));
    if o.elected.is_empty() {
        blocks.push(Block::text(format!("Không có người trúng cử (không ai đạt số phiếu {base} để trúng cử chính thức).")));
    } else {
        let who = if o.elected.len() == 1 { "đồng chí" } else { "các đồng chí" };
        blocks.push(Block::spans(vec![Span::plain(format!("Căn cứ kết quả kiểm phiếu, {who} có số phiếu ")), Span::plain(base.clone()), Span::bold(" trúng cử"), Span::plain(":")]));
        blocks.extend(listed(&o.elected));
    }
    if !o.alternates.is_empty() {
        blocks.push(Block::text("Các đồng chí trúng cử đại biểu dự khuyết:"));
        blocks.extend(listed(&o.alternates));
    }
    if let Some((places, alternate)) = o.tie_places() {
        let kind = if alternate { "dự khuyết" } else { "chính thức" };
        blocks.push(Block::text(format!(
            "Các đồng chí {} có số phiếu bằng nhau; Đại hội bầu lại trong số các đồng chí này để chọn {} người {kind}.",
            o.tied.join(", "),
            n(places)
        )));
    }
    if o.unfilled > 0 {
        blocks.push(Block::text(format!("Số người trúng cử chính thức còn thiếu: {}.", n(o.unfilled))));
    }
    if o.alternates_unfilled > 0 && o.tie_places().is_none_or(|(_, alt)| !alt) {
        blocks.push(Block::text(format!("Số đại biểu dự khuyết còn thiếu: {}.", n(o.alternates_unfilled))));
    }
    blocks
}

/// "" for a first round, " – lần 2 (bầu lại khi bằng phiếu)" after.
fn round_name(s: &RoundState) -> String {
    match (s.round.number, s.round.kind) {
        (1, _) => String::new(),
        (n, crate::congress::RoundKind::Revote) => format!(" – lần {n} (bầu lại khi bằng phiếu)"),
        (n, _) => format!(" – lần {n} (bầu bổ sung)"),
    }
}

fn decided(conn: &Connection, round: &Round) -> Result<(RoundState, Outcome), CongressError> {
    let s = round_state(conn, round.id)?;
    match s.outcome.clone() {
        Some(o) => Ok((s, o)),
        None => Err(CongressError::NotConfirmable(s.problem.unwrap_or_default())),
    }
}

/// An election's title and the result of each of its confirmed rounds, as minutes give them.
fn results(conn: &Connection, ctx: &Context, e: &Election) -> Result<Vec<Block>, CongressError> {
    let mut b = vec![Block::Paragraph { spans: vec![Span::bold(e.title.clone())], indent: true }];
    let confirmed: Vec<&Round> = e.rounds.iter().filter(|r| r.confirmed_at.is_some()).collect();
    for r in &confirmed {
        let (s, o) = decided(conn, r)?;
        if confirmed.len() > 1 {
            let name = if s.round.number == 1 { " – lần 1".to_string() } else { round_name(&s) };
            b.push(Block::Paragraph { spans: vec![Span::italic(format!("Kết quả bầu{name}:"))], indent: true });
        }
        b.extend(round_body(&s, &o, ctx.voters_of(e)));
    }
    if confirmed.is_empty() {
        b.push(Block::text("(Chưa có kết quả được xác nhận.)"));
    }
    Ok(b)
}

/// Biên bản kiểm phiếu of one round (the last when `round` is None).
pub fn tally_report(conn: &Connection, congress_id: i64, election: &str, round: Option<u32>) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let e = find_election(&ctx.data, election)?;
    let (s, o) = decided(conn, find_round(e, round)?)?;
    let c = &ctx.data.congress;
    let mut doc = ctx.document("BB", "BIÊN BẢN KIỂM PHIẾU", vec![format!("{}{}", e.title, round_name(&s)), c.name.clone()]);
    doc.blocks.push(Block::text(format!("{}{}{}, Ban Kiểm phiếu {} gồm các đồng chí:", opening(&s.round.read_at), ctx.day(), at_place(&c.place), c.name)));
    doc.blocks.extend(people(&ctx.on(Body::Counting), "Trưởng ban"));
    doc.blocks.push(Block::text(format!("đã tiến hành kiểm phiếu {} với kết quả như sau:", lower_first(&e.title))));
    doc.blocks.extend(round_body(&s, &o, ctx.voters_of(e)));
    if s.round.confirmed_at.is_none() {
        doc.blocks.push(Block::spans(vec![Span::italic("(Kết quả chưa được xác nhận.)")]));
    }
    doc.blocks.push(Block::text("Biên bản được lập và công bố trước Đại hội."));
    // Signed by every member of the counting committee, its head first.
    doc.signatures = ctx
        .on(Body::Counting)
        .iter()
        .map(|a| match a.seat(Body::Counting) {
            2 => Signature { on_behalf: "BAN KIỂM PHIẾU".into(), role: "TRƯỞNG BAN".into(), name: a.full_name.clone() },
            _ => Signature { on_behalf: String::new(), role: "THÀNH VIÊN".into(), name: a.full_name.clone() },
        })
        .collect();
    if !doc.signatures.iter().any(|s| s.role == "TRƯỞNG BAN") {
        // No head recorded: the place for one still stands.
        doc.signatures.insert(0, Signature { on_behalf: "BAN KIỂM PHIẾU".into(), role: "TRƯỞNG BAN".into(), name: String::new() });
    }
    Ok(doc)
}

/// ", tại …" for a place entered.
fn at_place(place: &str) -> String {
    if place.is_empty() {
        String::new()
    } else {
        format!(", tại {place}")
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Danh sách đoàn viên (đại biểu) dự Đại hội: everyone summoned, in the list's order, with the
/// position the registry gives (or the note of someone not in it) and a column to sign.
pub fn attendance_list(conn: &Connection, congress_id: i64) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let who = ctx.who();
    let mut doc = ctx.document("DS", &format!("DANH SÁCH {} DỰ ĐẠI HỘI", who.to_uppercase()), vec![ctx.data.congress.name.clone()]);
    // The position held on the day of the congress (its history), not today's.
    let day = dates::iso(ctx.date);
    let position = |a: &Attendee| {
        let Some(m) = a.member_id.and_then(|id| crate::members::get(conn, id).ok()) else { return a.note.clone() };
        let spells = crate::members::positions::history(conn, m.id).unwrap_or_default();
        if spells.is_empty() {
            return m.position.label().to_string();
        }
        let held = spells.iter().find(|s| s.since.as_deref().is_none_or(|f| f <= day.as_str()) && s.until.as_deref().is_none_or(|u| u > day.as_str()));
        held.map_or(crate::members::Position::Member, |s| s.position).label().to_string()
    };
    doc.blocks.push(Block::Table {
        columns: vec![
            Column::new("STT", 3, Align::Center),
            Column::new("Họ và tên", 10, Align::Left),
            Column::new("Chức vụ", 8, Align::Left),
            Column::new("Ký tên", 6, Align::Center),
        ],
        signing: true,
        rows: ctx
            .data
            .attendees
            .iter()
            .enumerate()
            .map(|(i, a)| vec![(i + 1).to_string(), a.full_name.clone(), position(a), String::new()])
            .collect(),
    });
    doc.blocks.push(Block::text(format!("Danh sách có {} {who}.", number(ctx.data.attendees.len() as u64))));
    doc.signatures = vec![ctx.chair_signature()];
    Ok(doc)
}

/// The elected (and alternates) of an election's confirmed rounds, in order.
fn elected_of(conn: &Connection, e: &Election) -> Result<(Vec<String>, Vec<String>), CongressError> {
    let (mut elected, mut alternates) = (Vec::new(), Vec::new());
    for r in e.rounds.iter().filter(|r| r.confirmed_at.is_some()) {
        let (_, o) = decided(conn, r)?;
        elected.extend(o.elected.iter().cloned());
        alternates.extend(o.alternates.iter().cloned());
    }
    Ok((elected, alternates))
}

/// Nghị quyết Đại hội, on one page: the congress's decisions as numbered items — the motions it
/// passed (the number of BCH members among them), and who its elections elected — then the
/// charge to the new committee.
pub fn resolution(conn: &Connection, congress_id: i64) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let c = &ctx.data.congress;
    let term = if c.term.is_empty() || c.name.to_lowercase().contains("nhiệm kỳ") { String::new() } else { format!(", nhiệm kỳ {}", c.term) };
    let mut doc = ctx.document("NQ", "NGHỊ QUYẾT", vec![format!("{}{term}", c.name).to_uppercase()]);
    let h = ctx.data.headcount();
    let place = at_place(&c.place);
    let b = &mut doc.blocks;
    b.push(Block::text(format!(
        "{} họp {}{place}, với {}/{} {} được triệu tập có mặt.",
        c.name,
        ctx.day(),
        number(h.present as u64),
        number(h.summoned as u64),
        ctx.who()
    )));
    b.push(Block::Paragraph { spans: vec![Span::bold("QUYẾT NGHỊ:")], indent: false });
    let mut items: Vec<String> = Vec::new();
    // The vote adopting this resolution is not one of its items; it says so at the end.
    let adopts = |m: &crate::congress::Motion| m.title.to_lowercase().starts_with("thông qua nghị quyết");
    for m in ctx.data.motions.iter().filter(|m| crate::congress::passes(m, c.motion_share)) {
        // The candidate list is a step of the election.
        if m.kind == crate::congress::MotionKind::CandidateList || adopts(m) {
            continue;
        }
        items.push(format!("{}.", m.title.trim_end_matches('.')));
    }
    // The congress's own elections (the new BCH's first meeting elects on its own minutes).
    for e in ctx.data.elections.iter().filter(|e| e.held_by == crate::congress::HeldBy::Congress) {
        let (elected, alternates) = elected_of(conn, e)?;
        if elected.is_empty() {
            continue;
        }
        let who = if elected.len() == 1 { "đồng chí" } else { "các đồng chí" };
        let mut line = format!("Kết quả {}: {who} {} trúng cử", lower_first(&e.title), elected.join(", "));
        if !alternates.is_empty() {
            line.push_str(&format!("; đại biểu dự khuyết: {}", alternates.join(", ")));
        }
        items.push(format!("{line}."));
    }
    items.push(format!(
        "Giao Ban Chấp hành {} khóa mới xây dựng chương trình hành động, lãnh đạo đoàn viên, thanh niên thực hiện thắng lợi Nghị quyết Đại hội.",
        ctx.unit.name
    ));
    b.extend(items.iter().enumerate().map(|(i, item)| Block::text(format!("{}. {item}", i + 1))));
    if ctx.data.motions.iter().any(|m| adopts(m) && crate::congress::passes(m, c.motion_share)) {
        b.push(Block::text(format!("Nghị quyết này được {} thông qua toàn văn ngày {}.", c.name, dates::display(ctx.date))));
    }
    doc.signatures = vec![ctx.chair_signature()];
    Ok(doc)
}

/// Biên bản hội nghị Ban Chấp hành lần thứ nhất: the new BCH meets (when, where, how many of
/// its members) and elects its Bí thư and Phó Bí thư, each with its counting result.
pub fn first_meeting(conn: &Connection, congress_id: i64) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let elections = ctx.meeting_elections();
    if elections.is_empty() {
        return Err(CongressError::Invalid(
            "Đại hội chưa có cuộc bầu nào do Hội nghị Ban Chấp hành lần thứ nhất tiến hành (thẻ “Bầu cử”: “Hội nghị BCH lần thứ nhất bầu”).".into(),
        ));
    }
    let members: Vec<String> = committee_election(&ctx.data).map(|e| placed(&ctx.data, e).0.iter().map(|c| c.full_name.clone()).collect()).unwrap_or_default();
    if members.is_empty() {
        return Err(CongressError::Invalid("Chưa có kết quả bầu Ban Chấp hành được xác nhận: Hội nghị Ban Chấp hành lần thứ nhất là của Ban Chấp hành vừa trúng cử.".into()));
    }
    let meeting = ctx.meeting();
    let committee = ctx.new_committee();
    // Dated the day of the meeting; the congress's when that was not entered.
    let mut doc = Document::new(unit::header(&ctx.unit, "BB", ctx.meeting_date().unwrap_or(ctx.date)), "BIÊN BẢN HỘI NGHỊ BAN CHẤP HÀNH LẦN THỨ NHẤT", vec![committee.clone()]);
    let n = |v: usize| number(v as u64);
    // The attendance frozen with its first confirmed result, else as entered (all of the BCH
    // when not entered: crate::congress::Meeting).
    let frozen = elections.iter().flat_map(|e| &e.rounds).find(|r| r.confirmed_at.is_some()).and_then(|r| r.present);
    let (_, entered) = crate::congress::rules::voters(&ctx.data, elections[0]);
    let present = frozen.unwrap_or(entered) as usize;
    let b = &mut doc.blocks;
    b.push(Block::heading("I. THỜI GIAN, ĐỊA ĐIỂM"));
    b.push(Block::text(format!(
        "{}{}{}, {committee}, họp hội nghị lần thứ nhất, sau khi được {} bầu ra.",
        opening(&meeting.starts_at),
        day_or_blank(ctx.meeting_date()),
        at_place(&meeting.place),
        ctx.data.congress.name
    )));
    b.push(Block::heading("II. THÀNH PHẦN"));
    b.push(Block::item(format!("Tổng số ủy viên Ban Chấp hành: {}.", n(members.len()))));
    b.push(Block::item(format!("Số ủy viên có mặt: {}; vắng mặt: {}.", n(present), n(members.len().saturating_sub(present)))));
    b.push(Block::text("Ban Chấp hành gồm các đồng chí:"));
    b.extend(members.iter().enumerate().map(|(i, name)| Block::text(format!("{}. Đồng chí {name}", i + 1))));
    b.push(Block::heading("III. NỘI DUNG"));
    let mut posts: Vec<&str> = elections.iter().map(|e| e.kind.post()).collect();
    posts.dedup();
    b.push(Block::text(format!("Hội nghị tiến hành bầu {} theo Điều lệ Đoàn, bằng hình thức bỏ phiếu kín.", posts.join(", "))));
    for e in &elections {
        b.extend(results(conn, &ctx, e)?);
    }
    b.push(Block::text("Biên bản được thông qua tại hội nghị."));
    // Who chaired and wrote the meeting is not recorded: they sign and write their names.
    doc.signatures = vec![
        Signature { on_behalf: String::new(), role: "CHỦ TRÌ HỘI NGHỊ".into(), name: String::new() },
        Signature { on_behalf: String::new(), role: "THƯ KÝ HỘI NGHỊ".into(), name: String::new() },
    ];
    Ok(doc)
}

/// Tờ trình đề nghị công nhận kết quả bầu Ban Chấp hành, Bí thư, Phó Bí thư, to the body above
/// (Cài đặt), from the confirmed results; the Danh sách trích ngang of those elected attached,
/// from the member registry (blank where it has nothing).
pub fn approval_request(conn: &Connection, congress_id: i64) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let data = &ctx.data;
    let committee = committee_election(data).map(|e| placed(data, e).0).unwrap_or_default();
    if committee.is_empty() {
        return Err(CongressError::Invalid("Chưa có kết quả bầu Ban Chấp hành được xác nhận: tờ trình đề nghị công nhận cần kết quả đó.".into()));
    }
    let of_kind = |kind: ElectionKind| -> Vec<&crate::congress::Candidate> {
        data.elections.iter().filter(|e| e.kind == kind).flat_map(|e| placed(data, e).0).collect()
    };
    let (secretaries, deputies) = (of_kind(ElectionKind::Secretary), of_kind(ElectionKind::Deputy));
    // Each one elected Bí thư or Phó Bí thư is a member of the BCH just elected (the rules see to
    // it): found by the summoned list, or by a name no other member of the BCH bears.
    let in_committee = |c: &crate::congress::Candidate| -> Result<usize, CongressError> {
        let matches: Vec<usize> = (0..committee.len()).filter(|&i| same_person(committee[i], c)).collect();
        match matches[..] {
            [i] => Ok(i),
            _ => Err(CongressError::Invalid(format!(
                "Không xác định được đồng chí {} trong Ban Chấp hành vừa trúng cử (trùng tên hoặc không có tên): hãy chọn người từ danh sách triệu tập.",
                c.full_name
            ))),
        }
    };
    let mut post = vec!["Ủy viên Ban Chấp hành"; committee.len()];
    for (list, name) in [(&deputies, "Phó Bí thư"), (&secretaries, "Bí thư")] {
        for c in list.iter() {
            post[in_committee(c)?] = name;
        }
    }
    let mut posts = vec!["Ban Chấp hành"];
    posts.extend([(!secretaries.is_empty()).then_some("Bí thư"), (!deputies.is_empty()).then_some("Phó Bí thư")].into_iter().flatten());
    // Written once the results are in: the day of the first meeting, if it met later.
    let held = ctx.meeting_date().filter(|_| ctx.meeting_held()).map_or(ctx.date, |d| d.max(ctx.date));
    let c = &data.congress;
    let superior = format!("Ban Thường vụ {}", ctx.unit.superior);
    let committee_name = ctx.new_committee();
    let mut doc = Document::new(
        unit::header(&ctx.unit, "TTr", held),
        "TỜ TRÌNH",
        vec![format!("Về việc đề nghị công nhận kết quả bầu {} {}", posts.join(", "), ctx.unit_and_term())],
    );
    let names = |list: &[&crate::congress::Candidate]| list.iter().map(|c| c.full_name.as_str()).collect::<Vec<_>>().join(", ");
    let comrade = |list: &[&crate::congress::Candidate]| if list.len() == 1 { "đồng chí" } else { "các đồng chí" };
    let b = &mut doc.blocks;
    b.push(Block::spans(vec![Span::bold("Kính gửi: "), Span::plain(format!("{superior}."))]));
    b.push(Block::text("Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh và Hướng dẫn thực hiện Điều lệ Đoàn;"));
    let meeting = match (ctx.meeting_held(), ctx.meeting_date()) {
        (false, _) => String::new(),
        (true, Some(day)) => format!(" và Hội nghị Ban Chấp hành lần thứ nhất ngày {}", dates::display(day)),
        (true, None) => " và Hội nghị Ban Chấp hành lần thứ nhất ngày …".into(),
    };
    b.push(Block::text(format!("Căn cứ kết quả {} ngày {}{meeting};", c.name, dates::display(ctx.date))));
    b.push(Block::text(format!("{committee_name}, kính trình {superior} xem xét, công nhận kết quả bầu cử như sau:")));
    let mut items = vec![format!("{committee_name}, gồm {} đồng chí: {}.", number(committee.len() as u64), names(&committee))];
    if !secretaries.is_empty() {
        items.push(format!("Bí thư: {} {}.", comrade(&secretaries), names(&secretaries)));
    }
    if !deputies.is_empty() {
        items.push(format!("Phó Bí thư: {} {}.", comrade(&deputies), names(&deputies)));
    }
    b.extend(items.iter().enumerate().map(|(i, item)| Block::text(format!("{}. {item}", i + 1))));
    b.push(Block::spans(vec![Span::italic("(Có danh sách trích ngang kèm theo.)")]));
    b.push(Block::text(format!("Kính đề nghị {superior} xem xét, công nhận.")));
    let signature = Signature {
        on_behalf: "T/M BAN CHẤP HÀNH".into(),
        role: "BÍ THƯ".into(),
        name: secretaries.first().map(|c| c.full_name.clone()).unwrap_or_default(),
    };
    doc.signatures = vec![signature.clone()];
    doc.recipients = vec!["- Như kính gửi;".into(), "- Lưu hồ sơ chi đoàn.".into()];

    // Danh sách trích ngang: the Bí thư, the Phó Bí thư, then the other members by their votes.
    let rank = |p: &str| ["Bí thư", "Phó Bí thư"].iter().position(|q| *q == p).unwrap_or(2);
    let mut rows: Vec<(&crate::congress::Candidate, &str)> = committee.iter().copied().zip(post.iter().copied()).collect();
    rows.sort_by_key(|(_, p)| rank(p));
    let shown = |date: &Option<String>| date.as_deref().and_then(dates::parse).map(dates::display).unwrap_or_default();
    let member_of = |c: &crate::congress::Candidate| {
        let attendee = c.attendee_id.and_then(|id| data.attendees.iter().find(|a| a.id == id));
        attendee.and_then(|a| a.member_id).and_then(|id| crate::members::get(conn, id).ok())
    };
    let number_line = doc.header.number.trim_start_matches("Số: ").to_string();
    let mut list = Document::new(unit::header(&ctx.unit, "DS", held), "DANH SÁCH TRÍCH NGANG", vec![committee_name.clone()]);
    list.landscape = true;
    list.blocks.push(Block::Paragraph {
        spans: vec![Span::italic(format!("(Kèm theo Tờ trình số {number_line} ngày {} của {committee_name})", dates::display(held)))],
        indent: false,
    });
    list.blocks.push(Block::Table {
        columns: vec![
            Column::new("STT", 3, Align::Center),
            Column::new("Họ và tên", 8, Align::Left),
            Column::new("Ngày sinh", 6, Align::Center),
            Column::new("Giới tính", 3, Align::Center),
            Column::new("Dân tộc", 3, Align::Center),
            Column::new("Tôn giáo", 5, Align::Center),
            Column::new("Trình độ học vấn", 4, Align::Center),
            Column::new("Chuyên môn", 5, Align::Left),
            Column::new("Lý luận chính trị", 5, Align::Left),
            Column::new("Đảng viên (ngày vào Đảng)", 6, Align::Center),
            Column::new("Nghề nghiệp, chức vụ công tác", 7, Align::Left),
            Column::new("Chức danh được bầu", 6, Align::Left),
        ],
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, (c, post))| {
                let mut row = vec![(i + 1).to_string(), c.full_name.clone()];
                row.extend(match member_of(c) {
                    Some(m) => vec![
                        shown(&m.date_of_birth),
                        m.sex.map(|s| s.label().to_string()).unwrap_or_default(),
                        m.ethnicity,
                        m.religion,
                        m.education,
                        m.qualification,
                        m.political_theory,
                        shown(&m.party_member_since),
                        m.occupation,
                    ],
                    // Typed in, not in the registry: nothing is known, nothing is invented.
                    None => vec![String::new(); 9],
                });
                row.push(post.to_string());
                row
            })
            .collect(),
        signing: false,
    });
    list.blocks.push(Block::text(format!("Danh sách có {} đồng chí.", number(rows.len() as u64))));
    list.signatures = vec![signature];
    doc.annexes = vec![list];
    Ok(doc)
}

/// The whole dossier of a congress (hồ sơ Đại hội), in the order it is filed: each paper with
/// the file name it is saved under (Vietnamese, without the characters Windows forbids).
pub fn dossier(conn: &Connection, congress_id: i64) -> Result<Vec<(String, Document)>, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let mut papers = vec![
        (format!("Danh sách {} dự Đại hội", ctx.who()), attendance_list(conn, congress_id)?),
        ("Biên bản Đại hội".to_string(), minutes(conn, congress_id)?),
    ];
    for (i, e) in ctx.data.elections.iter().enumerate() {
        let which = (i + 1).to_string();
        papers.push((format!("Thể lệ bầu cử - {}", e.title), rules(conn, congress_id, &which)?));
        // The counting reports of the confirmed rounds: the dossier goes to the level above.
        for r in e.rounds.iter().filter(|r| r.confirmed_at.is_some()) {
            if decided(conn, r).is_ok() {
                let round = if r.number > 1 { format!(" - lần {}", r.number) } else { String::new() };
                papers.push((format!("Biên bản kiểm phiếu - {}{round}", e.title), tally_report(conn, congress_id, &which, Some(r.number))?));
            }
        }
    }
    let committee = committee_election(&ctx.data).is_some_and(|e| !placed(&ctx.data, e).0.is_empty());
    if ctx.meeting_held() && committee {
        papers.push(("Biên bản hội nghị Ban Chấp hành lần thứ nhất".to_string(), first_meeting(conn, congress_id)?));
    }
    papers.push(("Danh sách trúng cử".to_string(), elected(conn, congress_id)?));
    papers.push(("Nghị quyết Đại hội".to_string(), resolution(conn, congress_id)?));
    // Asked of the level above once the BCH is elected.
    if committee {
        papers.push(("Tờ trình đề nghị công nhận kết quả bầu cử".to_string(), approval_request(conn, congress_id)?));
    }
    Ok(papers
        .into_iter()
        .enumerate()
        .map(|(i, (name, doc))| (format!("{:02} {}", i + 1, file_name(&name)), doc))
        .collect())
}

/// Writes the dossier into `dir` (created when missing): each paper as DOCX and PDF, telling
/// `progress` (files written, files in all) after each. Returns the files, in filing order.
pub fn save_dossier(
    conn: &Connection,
    congress_id: i64,
    dir: &std::path::Path,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<std::path::PathBuf>, crate::Error> {
    let dossier = dossier(conn, congress_id)?;
    std::fs::create_dir_all(dir).map_err(|e| super::DocumentError::Write { path: dir.display().to_string(), detail: e.to_string() })?;
    let total = dossier.len() * 2;
    let mut written = Vec::new();
    for (name, doc) in &dossier {
        for (format, ext) in [(super::Format::Docx, "docx"), (super::Format::Pdf, "pdf")] {
            let file = dir.join(format!("{name}.{ext}"));
            super::save(doc, format, &file)?;
            written.push(file);
            progress(written.len(), total);
        }
    }
    Ok(written)
}

/// A file name Windows accepts: no \ / : * ? " < > | or control characters, no trailing dot
/// or space, at most 120 characters.
pub fn file_name(text: &str) -> String {
    let kept: String = text.chars().map(|c| if c.is_control() || r#"\/:*?"<>|"#.contains(c) { ' ' } else { c }).take(120).collect();
    let name = kept.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(['.', ' ']).to_string();
    // Names Windows keeps for devices, and nothing at all, get a word in front.
    let stem = name.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || (stem.len() == 4 && (stem.starts_with("COM") || stem.starts_with("LPT")) && stem.as_bytes()[3].is_ascii_digit());
    if name.is_empty() || reserved {
        format!("Văn bản {name}").trim_end().to_string()
    } else {
        name
    }
}

/// A folder named `name` (made safe by [`file_name`]) inside `dir` that does not exist yet:
/// "Hồ sơ …", then "Hồ sơ … (2)", …
pub fn new_folder(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let base = file_name(name);
    (1..)
        .map(|n| dir.join(if n == 1 { base.clone() } else { format!("{base} ({n})") }))
        .find(|p| !p.exists())
        .expect("a free name")
}

/// Biên bản Đại hội: the whole congress.
pub fn minutes(conn: &Connection, congress_id: i64) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let data = &ctx.data;
    let c = &data.congress;
    let h = data.headcount();
    let mut subtitle = vec![c.name.to_uppercase()];
    if !c.term.is_empty() {
        subtitle.push(format!("Nhiệm kỳ {}", c.term));
    }
    let mut doc = ctx.document("BB", "BIÊN BẢN ĐẠI HỘI", subtitle);
    let b = &mut doc.blocks;
    let n = |v: u32| number(v as u64);

    b.push(Block::heading("I. THỜI GIAN, ĐỊA ĐIỂM"));
    b.push(Block::text(format!("{}{}{}, {} được tiến hành.", opening(&c.starts_at), ctx.day(), at_place(&c.place), c.name)));

    b.push(Block::heading("II. THÀNH PHẦN"));
    let kind = ctx.who();
    b.push(Block::item(format!("Tổng số {kind} được triệu tập: {}.", n(h.summoned))));
    b.push(Block::item(format!("Số {kind} có mặt: {}.", n(h.present))));
    let absent = |a: Attendance| -> Vec<String> {
        data.attendees
            .iter()
            .filter(|p| p.attendance == a)
            .map(|p| if p.absence_reason.is_empty() { p.full_name.clone() } else { format!("{} ({})", p.full_name, p.absence_reason) })
            .collect()
    };
    let listed = |names: Vec<String>| if names.is_empty() { String::new() } else { format!(": {}", names.join("; ")) };
    b.push(Block::item(format!("Số vắng mặt có lý do: {}{}.", n(h.excused), listed(absent(Attendance::Excused)))));
    b.push(Block::item(format!("Số vắng mặt không có lý do: {}{}.", n(h.absent), listed(absent(Attendance::Absent)))));
    let share = crate::tally::percent(h.present, h.summoned);
    b.push(Block::text(if h.quorate {
        format!("Số {kind} có mặt đạt {share}% số được triệu tập (cần ít nhất {}/{}): Đại hội đủ điều kiện tiến hành.", c.quorum.num, c.quorum.den)
    } else {
        format!("Số {kind} có mặt đạt {share}% số được triệu tập, chưa đủ {}/{} theo quy định.", c.quorum.num, c.quorum.den)
    }));
    if !data.guests.is_empty() {
        b.push(Block::text("Khách mời:"));
        for g in &data.guests {
            b.push(Block::item(if g.title.is_empty() { g.name.clone() } else { format!("{}, {}", g.name, g.title) }));
        }
    }

    b.push(Block::heading("III. ĐOÀN CHỦ TỊCH, ĐOÀN THƯ KÝ, BAN KIỂM PHIẾU"));
    for (body, head) in [(Body::Presidium, "Chủ trì"), (Body::Secretariat, "Trưởng đoàn"), (Body::Counting, "Trưởng ban")] {
        let list = ctx.on(body);
        b.push(Block::Paragraph { spans: vec![Span::bold(format!("{}:", body.label()))], indent: true });
        if list.is_empty() {
            b.push(Block::text("(chưa ghi)"));
        }
        b.extend(people(&list, head));
    }

    b.push(Block::heading("IV. NỘI DUNG ĐẠI HỘI"));
    for (i, item) in data.agenda.iter().enumerate() {
        b.push(Block::Paragraph { spans: vec![Span::bold(format!("{}. {}", i + 1, item.title))], indent: true });
        for line in item.notes.lines().map(str::trim).filter(|l| !l.is_empty()) {
            b.push(Block::text(line));
        }
    }

    b.push(Block::heading("V. BIỂU QUYẾT"));
    if data.motions.is_empty() {
        b.push(Block::text("(Không có biểu quyết nào được ghi.)"));
    }
    for m in &data.motions {
        let passed = crate::congress::passes(m, c.motion_share);
        b.push(Block::item(format!(
            "{}: {} tán thành ({}%), {} không tán thành, {} ý kiến khác trên {} có mặt. {}.",
            m.title,
            n(m.votes_for),
            crate::tally::percent(m.votes_for, m.present),
            n(m.votes_against),
            n(m.votes_other),
            n(m.present),
            if passed { "Thông qua" } else { "Không thông qua" }
        )));
    }

    b.push(Block::heading("VI. BẦU CỬ"));
    // The new BCH's first meeting elects on minutes of its own.
    for e in data.elections.iter().filter(|e| e.held_by == crate::congress::HeldBy::Congress) {
        b.extend(results(conn, &ctx, e)?);
    }

    let end = if c.ends_at.is_empty() { "Đại hội bế mạc cùng ngày.".to_string() } else { format!("Đại hội bế mạc vào lúc {} cùng ngày.", c.ends_at.replace(':', " giờ ")) };
    b.push(Block::text(end));
    doc.signatures = vec![
        ctx.chair_signature(),
        Signature { on_behalf: String::new(), role: "THƯ KÝ ĐẠI HỘI".into(), name: ctx.head(Body::Secretariat) },
    ];
    Ok(doc)
}

/// Thể lệ bầu cử of one election, filled with its seats, base and invalid-ballot rules.
pub fn rules(conn: &Connection, congress_id: i64, election: &str) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let e = find_election(&ctx.data, election)?;
    let mut doc = ctx.document("TL", "THỂ LỆ BẦU CỬ", vec![e.title.clone(), ctx.data.congress.name.clone()]);
    let keep = e.seats.saturating_add(e.alternates);
    let b = &mut doc.blocks;
    b.push(Block::heading("1. Nguyên tắc bầu cử"));
    b.push(Block::text("Việc bầu cử thực hiện theo nguyên tắc tập trung dân chủ, bỏ phiếu kín, theo Điều lệ Đoàn và hướng dẫn thi hành Điều lệ Đoàn."));
    b.push(Block::heading("2. Số lượng bầu"));
    b.push(Block::text(match e.kind {
        ElectionKind::Delegates => format!("Đại hội bầu {} đại biểu chính thức{}.", number(e.seats as u64), if e.alternates > 0 { format!(" và {} đại biểu dự khuyết", number(e.alternates as u64)) } else { String::new() }),
        _ => format!("Đại hội bầu {} đồng chí.", number(e.seats as u64)),
    }));
    if !e.candidates.is_empty() {
        b.push(Block::text(format!("Danh sách bầu cử gồm {} đồng chí, xếp theo thứ tự tên:", number(e.candidates.len() as u64))));
        for (i, c) in e.candidates.iter().enumerate() {
            b.push(Block::text(format!("{}. {}", i + 1, c.full_name)));
        }
    }
    b.push(Block::heading("3. Cách bầu"));
    b.push(Block::text("Đồng ý người nào thì để nguyên họ tên người đó; không đồng ý người nào thì gạch ngang cả họ và tên người đó. Không ghi thêm tên người ngoài danh sách, không ký tên hay đánh dấu riêng vào phiếu."));
    b.push(Block::heading("4. Phiếu hợp lệ và phiếu không hợp lệ"));
    b.push(Block::text(format!("Phiếu hợp lệ là phiếu do Ban Kiểm phiếu phát ra, có dấu của Đại hội, để lại không quá {} tên. Phiếu để lại ít hơn số cần bầu vẫn hợp lệ.", number(keep as u64))));
    b.push(Block::text("Phiếu không hợp lệ là:"));
    for rule in [
        "Phiếu không do Ban Kiểm phiếu phát ra, không có dấu của Đại hội;".to_string(),
        format!("Phiếu để lại nhiều hơn số lượng cần bầu ({});", number(keep as u64)),
        "Phiếu gạch hết tên trong danh sách (khi danh sách có từ hai người trở lên);".into(),
        "Phiếu ghi thêm tên người ngoài danh sách bầu cử;".into(),
        "Phiếu gạch không rõ ràng, không xác định được ý người bầu;".into(),
        "Phiếu có ký hiệu riêng hoặc chữ ký.".into(),
    ] {
        b.push(Block::item(rule));
    }
    b.push(Block::heading("5. Nguyên tắc trúng cử"));
    let base = format!("tổng {}", e.base.label_for(ctx.voters_of(e)));
    b.push(Block::text(format!("Người trúng cử phải có số phiếu bầu quá một nửa (trên 50%) so với {base}. Trường hợp bằng đúng một nửa thì không trúng cử.")));
    b.push(Block::text("Nếu số người đạt quá một nửa nhiều hơn số lượng cần bầu thì lấy người có số phiếu cao hơn. Nếu nhiều người có số phiếu bằng nhau ở vị trí cuối cùng thì Đại hội bầu lại trong số những người này."));
    if e.alternates > 0 {
        b.push(Block::text("Đại biểu dự khuyết là những người tiếp theo, cũng phải có số phiếu quá một nửa, lấy theo thứ tự số phiếu từ cao xuống thấp."));
    }
    b.push(Block::text("Nếu số người trúng cử chưa đủ số lượng cần bầu thì Đại hội có thể bầu tiếp trong số những người còn lại; sau lần bầu thứ hai vẫn chưa đủ thì không bầu nữa."));
    b.push(Block::heading("6. Ban Kiểm phiếu"));
    b.push(Block::text("Ban Kiểm phiếu do Đại hội biểu quyết; thành viên Ban Kiểm phiếu không phải là người có tên trong danh sách bầu cử. Ban Kiểm phiếu kiểm tra thùng phiếu, phát phiếu, kiểm phiếu, lập biên bản kiểm phiếu và công bố kết quả trước Đại hội."));
    doc.signatures = vec![ctx.chair_signature()];
    Ok(doc)
}

/// Danh sách trúng cử: the elected of every election, from confirmed rounds.
pub fn elected(conn: &Connection, congress_id: i64) -> Result<Document, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let mut doc = ctx.document("DS", "DANH SÁCH TRÚNG CỬ", vec![ctx.data.congress.name.clone()]);
    for e in &ctx.data.elections {
        doc.blocks.push(Block::heading(e.title.clone()));
        let mut rows = Vec::new();
        for r in e.rounds.iter().filter(|r| r.confirmed_at.is_some()) {
            let (_, o) = decided(conn, r)?;
            for (names, note) in [(&o.elected, ""), (&o.alternates, "Dự khuyết")] {
                for name in names {
                    let c = o.candidates.iter().find(|c| &c.name == name).expect("a candidate");
                    let note = match (note, r.number) {
                        ("", 1) => String::new(),
                        ("", n) => format!("Bầu lần {n}"),
                        (note, 1) => note.into(),
                        (note, n) => format!("{note}, bầu lần {n}"),
                    };
                    rows.push(vec![(rows.len() + 1).to_string(), name.clone(), number(c.votes as u64), percent(&c.percent), note]);
                }
            }
        }
        if rows.is_empty() {
            doc.blocks.push(Block::text("(Chưa có người trúng cử.)"));
        } else {
            doc.blocks.push(votes_table("Ghi chú", rows));
        }
    }
    doc.signatures = vec![ctx.chair_signature()];
    Ok(doc)
}

/// Ballot papers for an election's last round: one per person summoned (at least one page).
pub fn ballot_papers(conn: &Connection, congress_id: i64, election: &str, spare: u32) -> Result<BallotPapers, CongressError> {
    round_papers(conn, congress_id, election, None, spare)
}

/// Ballot papers for round `round` (the last when `None`) of an election: as printed for it,
/// and as a scan of them is read.
pub fn round_papers(conn: &Connection, congress_id: i64, election: &str, round: Option<u32>, spare: u32) -> Result<BallotPapers, CongressError> {
    let ctx = Context::load(conn, congress_id)?;
    let e = find_election(&ctx.data, election)?;
    let round = find_round(e, round)?;
    let state = round_state(conn, round.id)?;
    // One for each voter present (the summoned while nobody is checked in), and the spare asked.
    let (summoned, present) = crate::congress::rules::voters(&ctx.data, e);
    let voters = if present > 0 { present } else { summoned };
    let keep = (state.round.seats + state.round.alternates).min(state.names.len() as u32);
    let guidance = format!(
        "Bầu {} trong {} người; giữ lại tên người đồng ý, gạch ngang cả họ và tên người không đồng ý.",
        number(keep as u64),
        number(state.names.len() as u64)
    );
    let copies = voters.saturating_add(spare.min(1000));
    Ok(BallotPapers::new((congress_id, e.id, round.number), &ctx.data.congress.name, &e.title, &guidance, state.names, copies))
}
