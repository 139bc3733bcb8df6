//! Vietnamese personal names: their parts, their dictionary order and their search form.
//!
//! A name is written family name first, given name last ("Nguyễn Thị Thu Hà": family Nguyễn,
//! middle Thị Thu, given Hà). Lists are ordered by given name, then family name, then middle
//! names, then date of birth, with Vietnamese collation (a ă â b … d đ …; tones after letters).

use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use unicode_normalization::UnicodeNormalization;

/// The parts of a name. A one-word name is a given name alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts<'a> {
    pub family: &'a str,
    pub middle: &'a str,
    pub given: &'a str,
}

/// Splits a cleaned name (single spaces) into its parts.
pub fn parts(full_name: &str) -> NameParts<'_> {
    let name = full_name.trim();
    match (name.find(' '), name.rfind(' ')) {
        (Some(first), Some(last)) => NameParts {
            family: &name[..first],
            middle: name[first..last].trim(),
            given: &name[last + 1..],
        },
        _ => NameParts { family: "", middle: "", given: name },
    }
}

static VIETNAMESE: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let locale = icu_locale_core::locale!("vi");
    Collator::try_new(locale.into(), CollatorOptions::default()).expect("Vietnamese collation data is compiled in")
});

/// Bumped whenever [`sort_key`] changes, so that stored keys are recomputed.
pub const SORT_KEY_VERSION: i64 = 1;

/// A byte string whose plain byte order is the list order of members: given name, family name,
/// middle names (each by Vietnamese collation), then date of birth ("YYYY-MM-DD", earlier
/// first; unknown last).
pub fn sort_key(full_name: &str, date_of_birth: Option<&str>) -> Vec<u8> {
    let p = parts(full_name);
    let mut key = Vec::with_capacity(64);
    for part in [p.given, p.family, p.middle] {
        let Ok(()) = VIETNAMESE.write_sort_key_to(part, &mut key);
        // ICU sort keys hold no zero byte, so 0 ends a part: a shorter name sorts first.
        key.push(0);
    }
    key.extend_from_slice(date_of_birth.unwrap_or("9999-99-99").as_bytes());
    key
}

/// Compares two names as a list orders them.
pub fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    sort_key(a, None).cmp(&sort_key(b, None))
}

/// The search form of text: lower case, without tone or vowel marks, đ as d, single spaces.
/// "Nguyễn Thị Thủy" becomes "nguyen thi thuy"; a search for "duc" finds "Đức".
pub fn fold(text: &str) -> String {
    crate::text::single_spaced(text.nfd().filter(|c| !('\u{0300}'..='\u{036F}').contains(c)).flat_map(|c| match c {
        'đ' | 'Đ' | '\u{00D0}' | '\u{00F0}' => 'd'.to_lowercase(),
        c => c.to_lowercase(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_family_middle_given() {
        assert_eq!(parts("Nguyễn Thị Thu Hà"), NameParts { family: "Nguyễn", middle: "Thị Thu", given: "Hà" });
        assert_eq!(parts("Lê Na"), NameParts { family: "Lê", middle: "", given: "Na" });
        assert_eq!(parts("Hằng"), NameParts { family: "", middle: "", given: "Hằng" });
    }

    #[test]
    fn folds_case_tones_and_d() {
        assert_eq!(fold("Nguyễn Thị Thủy"), "nguyen thi thuy");
        assert_eq!(fold("ĐỨC  Đặng"), "duc dang");
        assert_eq!(fold("Ðoàn"), "doan");
        // Decomposed input folds the same as precomposed.
        assert_eq!(fold("Nguye\u{0302}\u{0303}n"), "nguyen");
    }

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn orders_by_given_then_family_then_middle() {
        assert_eq!(
            sorted(&["Trần Văn Bình", "Nguyễn Văn An", "Lê Thị An", "Nguyễn Thị An", "Phạm Bình"]),
            vec!["Lê Thị An", "Nguyễn Thị An", "Nguyễn Văn An", "Phạm Bình", "Trần Văn Bình"]
        );
    }

    #[test]
    fn vietnamese_letters_follow_their_base_letters() {
        // a < ă < â, d < đ, o < ô < ơ, u < ư, and every form of a letter before the next letter.
        assert_eq!(
            sorted(&["Lê Đức", "Lê Dũng", "Lê Ân", "Lê Ăn", "Lê An", "Lê Bảo", "Lê Ơn", "Lê Ôn", "Lê On", "Lê Ư", "Lê Uy"]),
            vec!["Lê An", "Lê Ăn", "Lê Ân", "Lê Bảo", "Lê Dũng", "Lê Đức", "Lê On", "Lê Ôn", "Lê Ơn", "Lê Uy", "Lê Ư"]
        );
    }

    #[test]
    fn tones_order_within_a_letter() {
        // no tone, huyền, hỏi, ngã, sắc, nặng
        assert_eq!(
            sorted(&["Lê Ma", "Lê Mạ", "Lê Má", "Lê Mã", "Lê Mả", "Lê Mà"]),
            vec!["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"]
        );
    }

    #[test]
    fn equal_names_order_by_date_of_birth() {
        let older = sort_key("Nguyễn Văn An", Some("1995-03-02"));
        let younger = sort_key("Nguyễn Văn An", Some("2001-12-30"));
        let unknown = sort_key("Nguyễn Văn An", None);
        assert!(older < younger && younger < unknown);
        // A short given name comes before a longer one that starts the same.
        assert!(sort_key("Trần An", None) < sort_key("Lê Anh", None));
    }
}
