//! Time in this branch: each member's dated spells, read from the status history. A spell starts
//! at an admission (kết nạp), at a transfer in, or — for a member entered from an existing list —
//! at the joining date, or before any period when that is unknown; it ends at a transfer out,
//! aging out, striking off or expulsion, and another may start later. Every figure that speaks
//! of a date (period reports, dues, participation, ratings, targets) is computed from these.
//! Pure: storage reads the history, these functions read it.

use chrono::{Datelike, NaiveDate};

use super::Status;
use crate::dates;

/// One change of the status history, read. `since` None: before any period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub status: Status,
    pub since: Option<NaiveDate>,
    /// At a transfer out: dues settled up to this month (its first day).
    pub paid_to: Option<NaiveDate>,
}

/// How a spell began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// Admitted to the Union here, or here from the day they joined.
    Admitted,
    /// Transferred in (or came to live here and joined our meetings).
    Arrived,
}

/// A stretch of time in the branch: in it from `from` (None: before any period) up to the day
/// before `until` (None: still here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spell {
    pub from: Option<NaiveDate>,
    pub start: Start,
    pub until: Option<NaiveDate>,
    /// The status that ended it: transferred out, aged out, struck off or expelled.
    pub end: Option<Status>,
    /// A transfer out's "đã đóng đoàn phí hết tháng …".
    pub paid_to: Option<NaiveDate>,
}

impl Spell {
    /// In the branch on `day`.
    pub fn holds(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }

    /// In the branch on some day of `from..=to`.
    pub fn meets(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let first = self.from.map_or(from, |f| f.max(from));
        first <= to && self.until.is_none_or(|u| first < u)
    }

    /// Whether the month starting on `first` is this spell's to pay: a day of it here, and not
    /// after a transfer out's "paid to" (the next branch collects from then on).
    pub fn owes(&self, first: NaiveDate) -> bool {
        self.meets(first, month_end(first)) && self.paid_to.is_none_or(|p| first <= p)
    }
}

/// Whether the month starting on `first` is the member's to pay here.
pub fn owes(spells: &[Spell], first: NaiveDate) -> bool {
    spells.iter().any(|s| s.owes(first))
}

/// Years the dues and reports speak of.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// In the branch on `day`.
pub fn holds(spells: &[Spell], day: NaiveDate) -> bool {
    spells.iter().any(|s| s.holds(day))
}

/// In the branch on some day of `from..=to`.
pub fn meets(spells: &[Spell], from: NaiveDate, to: NaiveDate) -> bool {
    spells.iter().any(|s| s.meets(from, to))
}

/// Whether a status ends the time in the branch.
pub fn ends(status: Status) -> bool {
    !status.is_current()
}

/// The spells of a history in date order (entries of one day in the order recorded). Incoherent
/// entries of older data (a departure while away, an arrival while here) change nothing; the
/// window refuses them ([`problems`]).
pub fn spells(history: &[Entry]) -> Vec<Spell> {
    let mut out: Vec<Spell> = Vec::new();
    let mut open: Option<Spell> = None;
    for e in history {
        match (open.take(), ends(e.status)) {
            (None, false) => {
                let start = if e.status == Status::Active { Start::Admitted } else { Start::Arrived };
                open = Some(Spell { from: e.since, start, until: None, end: None, paid_to: None });
            }
            (Some(spell), false) => open = Some(spell),
            (Some(mut spell), true) => {
                // An end dated before any period (older data) still ends the spell, which then
                // holds no day; an end is never before its start.
                let end = e.since.unwrap_or(NaiveDate::MIN);
                spell.until = Some(spell.from.map_or(end, |f| end.max(f)));
                spell.end = Some(e.status);
                spell.paid_to = e.paid_to;
                out.push(spell);
            }
            (None, true) => {}
        }
    }
    out.extend(open);
    out
}

fn on(day: Option<NaiveDate>) -> String {
    day.map(dates::display).map(|d| format!("ngày {d}")).unwrap_or_else(|| "từ trước".into())
}

/// What makes a history incoherent, in Vietnamese: a departure while not in the branch, an
/// arrival while in it.
pub fn problems(history: &[Entry]) -> Vec<String> {
    let mut found = Vec::new();
    let mut here = false;
    for e in history {
        let label = e.status.label();
        match (here, ends(e.status)) {
            (false, true) => found.push(format!("“{label}” {}: đoàn viên không sinh hoạt tại chi đoàn vào ngày đó.", on(e.since))),
            (true, false) if e.status == Status::TransferredIn => {
                found.push(format!("“{label}” {}: đoàn viên đang sinh hoạt tại chi đoàn vào ngày đó.", on(e.since)))
            }
            _ => {}
        }
        here = !ends(e.status);
    }
    found
}

/// The first day of a month.
pub fn month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("a month of the calendar")
}

/// The last day of the month starting on `first`.
pub fn month_end(first: NaiveDate) -> NaiveDate {
    first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first)
}

/// A member's dues in one year: which months are owed, and which of those a transfer out
/// settled (paid to the branch before, "đã đóng hết tháng …").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DuesOwed {
    /// Months 1–12 owed by `today`: a day of the month in the branch, up to last month (this
    /// month's dues are not yet late). After a transfer out that settled the dues to a month,
    /// the next branch collects: months after it are not owed here.
    pub months: Vec<u32>,
    pub settled: Vec<u32>,
}

pub fn dues_owed(spells: &[Spell], year: i32, today: NaiveDate) -> DuesOwed {
    if !YEARS.contains(&year) {
        return DuesOwed::default();
    }
    let last = match year.cmp(&today.year()) {
        std::cmp::Ordering::Less => 12,
        std::cmp::Ordering::Equal => today.month() - 1,
        std::cmp::Ordering::Greater => 0,
    };
    let mut owed = DuesOwed::default();
    for m in 1..=last {
        let first = month(year, m);
        let spell = spells.iter().find(|s| s.owes(first));
        if let Some(s) = spell {
            owed.months.push(m);
            if s.paid_to.is_some() {
                owed.settled.push(m);
            }
        }
    }
    owed
}

/// Reads a month as stored or typed: "2026-08", "08/2026", "8/2026".
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let (y, m) = match text.split_once('-') {
        Some((y, m)) if y.len() == 4 => (y, m),
        _ => text.split_once(['/', '-', '.']).map(|(m, y)| (y, m))?,
    };
    if y.len() != 4 || m.is_empty() || m.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.trim().parse().ok()?, m.trim().parse().ok()?, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn e(status: Status, since: Option<NaiveDate>) -> Entry {
        Entry { status, since, paid_to: None }
    }

    #[test]
    fn a_spell_runs_from_arrival_to_the_day_before_leaving() {
        let history = [e(Status::TransferredIn, Some(d(2026, 5, 15))), e(Status::TransferredOut, Some(d(2026, 8, 20)))];
        let s = spells(&history);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].start, s[0].end), (Start::Arrived, Some(Status::TransferredOut)));
        assert!(!holds(&s, d(2026, 5, 14)));
        assert!(holds(&s, d(2026, 5, 15)));
        assert!(holds(&s, d(2026, 8, 19)));
        assert!(!holds(&s, d(2026, 8, 20)));
        assert!(meets(&s, d(2026, 1, 1), d(2026, 5, 15)));
        assert!(!meets(&s, d(2026, 8, 20), d(2026, 12, 31)));
        assert!(!meets(&s, d(2026, 1, 1), d(2026, 5, 14)));
    }

    #[test]
    fn members_from_before_any_period_leave_and_come_back() {
        let history = [
            e(Status::Active, None),
            e(Status::StruckOff, Some(d(2025, 7, 1))),
            e(Status::TransferredOut, Some(d(2025, 8, 1))), // older data: changes nothing
            e(Status::Active, Some(d(2026, 3, 26))),
            e(Status::Residence, Some(d(2026, 6, 1))),
        ];
        let s = spells(&history);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].from, s[0].until, s[0].end), (None, Some(d(2025, 7, 1)), Some(Status::StruckOff)));
        assert_eq!((s[1].from, s[1].start, s[1].until), (Some(d(2026, 3, 26)), Start::Admitted, None));
        assert!(holds(&s, d(1990, 1, 1)));
        assert!(!holds(&s, d(2026, 1, 1)));
        assert_eq!(problems(&history), ["“Chuyển đi” ngày 01/08/2025: đoàn viên không sinh hoạt tại chi đoàn vào ngày đó."]);
    }

    #[test]
    fn an_arrival_while_here_is_a_problem() {
        let history = [e(Status::Active, Some(d(2014, 3, 26))), e(Status::TransferredIn, Some(d(2026, 5, 15)))];
        assert_eq!(problems(&history), ["“Chuyển đến” ngày 15/05/2026: đoàn viên đang sinh hoạt tại chi đoàn vào ngày đó."]);
        assert!(problems(&history[..1]).is_empty());
    }

    #[test]
    fn dues_are_owed_inside_the_spells_up_to_last_month() {
        let today = d(2026, 11, 22);
        let arrived = spells(&[e(Status::TransferredIn, Some(d(2026, 5, 15)))]);
        assert_eq!(dues_owed(&arrived, 2026, today).months, (5..=10).collect::<Vec<_>>());
        assert!(dues_owed(&arrived, 2025, today).months.is_empty());
        let always = spells(&[e(Status::Active, None)]);
        assert_eq!(dues_owed(&always, 2025, today).months, (1..=12).collect::<Vec<_>>());
        assert!(dues_owed(&always, 2027, today).months.is_empty());
        assert!(dues_owed(&always, 2026, d(2026, 1, 31)).months.is_empty(), "January is not late in January");
        // Left on the first of a month: that month is not owed.
        let left = spells(&[e(Status::Active, None), e(Status::AgedOut, Some(d(2026, 10, 1)))]);
        assert_eq!(dues_owed(&left, 2026, today).months, (1..=9).collect::<Vec<_>>());
    }

    #[test]
    fn a_transfer_out_settles_the_dues_up_to_the_month_paid() {
        let today = d(2026, 11, 22);
        let out = |paid_to| {
            spells(&[
                e(Status::Active, None),
                Entry { status: Status::TransferredOut, since: Some(d(2026, 8, 20)), paid_to },
            ])
        };
        let paid_august = dues_owed(&out(Some(month(2026, 8))), 2026, today);
        assert_eq!(paid_august.months, (1..=8).collect::<Vec<_>>());
        assert_eq!(paid_august.settled, paid_august.months);
        // Paid to June: the next branch collects from July.
        assert_eq!(dues_owed(&out(Some(month(2026, 6))), 2026, today).months, (1..=6).collect::<Vec<_>>());
        let unpaid = dues_owed(&out(None), 2026, today);
        assert_eq!((unpaid.months.len(), unpaid.settled.len()), (8, 0));
    }

    #[test]
    fn months_read_the_ways_they_are_written() {
        for text in ["2026-08", "08/2026", "8/2026", " 8-2026 "] {
            assert_eq!(parse_month(text), Some(d(2026, 8, 1)), "{text}");
        }
        for bad in ["", "2026", "13/2026", "08/26", "2026-8-1"] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }
}
