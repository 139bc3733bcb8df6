//! Where everything stands on a ballot paper, in millimetres from the top-left corner of the
//! paper's cell on the A4 sheet: the four corner marks and the row of each name. The template
//! (documents/ballots.typ) places the names where this says, and a scan reads them there: one
//! geometry for printing and reading.

use serde::Serialize;

/// A4, and the sheet's margin around the cells.
pub const SHEET: (f64, f64) = (210.0, 297.0);
pub const MARGIN: f64 = 6.0;
/// The corner marks: squares of this side, their outer edges this far inside the cell.
pub const MARK: f64 = 4.0;
pub const MARK_INSET: f64 = 2.0;
/// The top marks stand this far down the cell, not in its corners: a round stamp of 36 mm on
/// the stamp box (top right) must not cover one.
pub const MARK_TOP: f64 = 38.0;
/// The paper's own margins inside its cell (left/right, top/bottom).
pub const INSET: (f64, f64) = (7.0, 6.0);
/// The names start this far below the cell's top, under the header, title and guidance: lower
/// on a narrow A6 paper, where the header wraps.
pub const LIST_TOP: (f64, f64) = (64.0, 50.0);
/// The QR code's side, at the paper's top-left inside corner (the template's first column).
pub const QR: f64 = 14.0;
/// Room for the number ("12.") before a name.
pub const NUMBER: f64 = 9.0;

/// Papers printed by one layout are read by the same: any change to where [`Layout::new`]
/// puts things must raise this, and so changes the code printed on the papers
/// ([`crate::scan::code::list_hash`]).
pub const VERSION: u32 = 2;

/// The band where one name is printed: its number at `x`, the name from `x + NUMBER`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Row {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Row {
    /// The part of the row the name itself takes (the number left out).
    pub fn name(&self) -> Row {
        Row { x: self.x + NUMBER, w: self.w - NUMBER, ..*self }
    }
}

/// A paper's geometry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// 4 (A6), 2 (A5) or 1 to a sheet.
    pub per_page: u32,
    /// The cell's width and height.
    pub cell: (f64, f64),
    /// Centres of the marks: top left, top right, bottom left, bottom right.
    pub marks: [(f64, f64); 4],
    /// One per name, in ballot order: down the first column, then the second.
    pub rows: Vec<Row>,
    /// The names' type size, in points: smaller when the rows are tight.
    pub size: f64,
    /// The constants above, for the template.
    pub margin: f64,
    pub inset: (f64, f64),
    pub mark: f64,
    pub mark_inset: f64,
    pub mark_top: f64,
    pub number: f64,
    pub qr: f64,
}

impl Layout {
    /// The layout for `names` names: as many papers to a sheet as the list allows, the names
    /// in one column, or two when one would make the rows too tight.
    pub fn new(names: usize) -> Layout {
        let per_page: u32 = match names {
            0..=9 => 4,
            10..=24 => 2,
            _ => 1,
        };
        let (columns, rows) = match per_page {
            4 => (2, 2),
            2 => (1, 2),
            _ => (1, 1),
        };
        let cell = ((SHEET.0 - 2.0 * MARGIN) / columns as f64, (SHEET.1 - 2.0 * MARGIN) / rows as f64);
        let centre = MARK_INSET + MARK / 2.0;
        let top = MARK_TOP + MARK / 2.0;
        let marks = [(centre, top), (cell.0 - centre, top), (centre, cell.1 - centre), (cell.0 - centre, cell.1 - centre)];
        // The list between its top and the bottom marks.
        let list_top = if per_page == 4 { LIST_TOP.0 } else { LIST_TOP.1 };
        let height = cell.1 - list_top - INSET.1 - MARK;
        let width = cell.0 - 2.0 * INSET.0;
        let one_column = (height / names.max(1) as f64).min(10.0);
        let name_columns = if one_column >= 6.5 || per_page == 4 { 1 } else { 2 };
        let per_column = names.div_ceil(name_columns).max(1);
        let pitch = (height / per_column as f64).min(10.0);
        let column_width = width / name_columns as f64;
        let rows = (0..names)
            .map(|i| Row { x: INSET.0 + (i / per_column) as f64 * column_width, y: list_top + (i % per_column) as f64 * pitch, w: column_width, h: pitch })
            .collect();
        // The type about 60 % of the row's height (1 mm = 2.83 pt): 7 mm rows take 11 pt.
        let size = (pitch * 1.6).clamp(8.0, 14.0);
        Layout { per_page, cell, marks, rows, size, margin: MARGIN, inset: INSET, mark: MARK, mark_inset: MARK_INSET, mark_top: MARK_TOP, number: NUMBER, qr: QR }
    }

    /// The top-left corner of paper `i` (0-based, across then down) on its sheet.
    pub fn origin(&self, i: u32) -> (f64, f64) {
        let across = (SHEET.0 - 2.0 * MARGIN) / self.cell.0;
        let column = (i as f64 % across).floor();
        let row = (i as f64 / across).floor();
        (MARGIN + column * self.cell.0, MARGIN + row * self.cell.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_have_rows_inside_the_paper_and_clear_of_each_other() {
        for names in 1..=60 {
            let l = Layout::new(names);
            assert_eq!(l.rows.len(), names);
            for (i, r) in l.rows.iter().enumerate() {
                assert!(r.x >= INSET.0 && r.x + r.w <= l.cell.0 - INSET.0 + 1e-9, "{names} names, row {i}: {r:?}");
                assert!(r.y >= LIST_TOP.1 && r.y + r.h <= l.cell.1 - INSET.1 - MARK + 1e-9, "{names} names, row {i}: {r:?}");
                assert!(r.h >= 5.0, "{names} names: rows {} mm tall", r.h);
                for other in &l.rows[i + 1..] {
                    let apart = other.x >= r.x + r.w - 1e-9 || other.y >= r.y + r.h - 1e-9;
                    assert!(apart, "{names} names: rows overlap");
                }
            }
        }
        let four = Layout::new(4);
        assert_eq!((four.per_page, four.cell, four.rows[1].y, four.rows[1].h), (4, (99.0, 142.5), 74.0, 10.0));
        assert_eq!((four.marks[0], four.marks[1], four.marks[3]), ((4.0, 40.0), (95.0, 40.0), (95.0, 138.5)));
        // The stamp box (24 × 18 mm at the top right inside the margins, ballots.typ): a round
        // stamp of 36 mm centred on it stays clear of the top-right mark.
        let stamp = (four.cell.0 - INSET.0 - 12.0, INSET.1 + 9.0);
        assert!((four.marks[1].0 - stamp.0).hypot(four.marks[1].1 - stamp.1) > 18.0 + MARK, "{stamp:?}");
        assert_eq!((four.origin(0), four.origin(1), four.origin(3)), ((6.0, 6.0), (105.0, 6.0), (105.0, 148.5)));
        // 24 names: two to a sheet, in two columns of 12.
        let many = Layout::new(24);
        assert_eq!((many.per_page, many.rows[12].x, many.rows[12].y), (2, 7.0 + (198.0 - 14.0) / 2.0, LIST_TOP.1));
        assert!(many.size >= 10.0, "names in {} pt", many.size);
    }
}
