//! Dates as Vietnamese lists write them: "05/02/1998", "5/2/1998", "05-02-1998", "05.02.1998",
//! or Excel date numbers. Stored and exchanged as ISO "1998-02-05".

use chrono::{Datelike, NaiveDate};

/// Reads a date as a secretary types it (day first) or as ISO.
pub fn parse(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    let mut parts = text.split(['/', '-', '.']).map(str::trim);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The date of an Excel date number (days since 30/12/1899, the 1900 date system).
pub fn from_excel(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// "05/02/1998".
pub fn display(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// "1998-02-05".
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_the_common_ways_of_writing_a_date() {
        for text in ["05/02/1998", "5/2/1998", "05-02-1998", "05.02.1998", " 5 / 2 / 1998 ", "1998-02-05"] {
            assert_eq!(parse(text), Some(d(1998, 2, 5)), "{text}");
        }
        for bad in ["31/02/1998", "05/02/98", "1998", "05/02", "", "a/b/cccc", "123/1/1998"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn reads_excel_date_numbers() {
        assert_eq!(from_excel(35831.0), Some(d(1998, 2, 5)));
        assert_eq!(from_excel(45000.75), Some(d(2023, 3, 15)));
        assert_eq!(from_excel(0.0), None);
    }

    #[test]
    fn writes_and_counts() {
        assert_eq!(display(d(1998, 2, 5)), "05/02/1998");
        assert_eq!(iso(d(1998, 2, 5)), "1998-02-05");
        assert_eq!(age_on(d(1996, 11, 22), d(2026, 11, 21)), 29);
        assert_eq!(age_on(d(1996, 11, 22), d(2026, 11, 22)), 30);
    }
}
