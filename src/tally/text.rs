//! The result as plain text (`chidoan tally --format text`).

use std::fmt::Write;

use super::{Outcome, Standing};

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Elected => "Trúng cử",
            Standing::Alternate => "Dự khuyết",
            Standing::Tie => "Bằng phiếu",
            Standing::NotElected => "Không trúng cử",
        }
    }
}

pub fn report(o: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Phiếu phát ra: {}  Thu vào: {}  Hợp lệ: {}  Không hợp lệ: {}",
        o.issued, o.collected, o.valid, o.invalid
    );
    let _ = writeln!(out, "Tỷ lệ tính trên {}: {}", o.base.label(), o.base_count);
    let width = o.candidates.iter().map(|c| c.name.chars().count()).max().unwrap_or(0).max(9);
    let _ = writeln!(out, "{:>3}  {:<width$}  {:>8}  {:>8}  Kết quả", "STT", "Họ và tên", "Số phiếu", "Tỷ lệ");
    for (i, c) in o.candidates.iter().enumerate() {
        let _ = writeln!(
            out,
            "{:>3}  {:<width$}  {:>8}  {:>7}%  {}",
            i + 1,
            c.name,
            c.votes,
            c.percent,
            c.result.label()
        );
    }
    let list = |names: &[String]| if names.is_empty() { "không có".to_string() } else { names.join(", ") };
    let _ = writeln!(out, "Trúng cử: {}", list(&o.elected));
    if !o.alternates.is_empty() || o.alternates_unfilled > 0 {
        let _ = writeln!(out, "Dự khuyết: {}", list(&o.alternates));
    }
    if let Some((places, alternates)) = o.tie_places() {
        let kind = if alternates { "dự khuyết" } else { "chính thức" };
        let _ = writeln!(out, "Bằng phiếu, bầu lại {places} chỗ {kind} trong số: {}", list(&o.tied));
    }
    if o.unfilled > 0 {
        let _ = writeln!(out, "Còn thiếu {} người chính thức.", o.unfilled);
    }
    if o.alternates_unfilled > 0 {
        let _ = writeln!(out, "Còn thiếu {} người dự khuyết.", o.alternates_unfilled);
    }
    out
}
