//! Text as it enters the book: Unicode NFC, one Vietnamese Đ, single spaces.

use unicode_normalization::UnicodeNormalization;

/// Normalises user-entered text: NFC (so "ệ" typed with combining marks equals the precomposed
/// one), the look-alike Icelandic eth (Ð U+00D0, ð U+00F0) turned into Vietnamese Đ/đ, every run
/// of white space (newlines included) folded into one space, and the ends trimmed.
pub fn clean(input: &str) -> String {
    single_spaced(input.nfc().map(|c| match c {
        '\u{00D0}' => 'Đ',
        '\u{00F0}' => 'đ',
        c => c,
    }))
}

/// The characters with every run of white space (newlines included) made one space, and the
/// ends trimmed.
pub(crate) fn single_spaced(chars: impl IntoIterator<Item = char>) -> String {
    let mut out = String::new();
    for c in chars {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn composes_to_nfc() {
        // "Nguyễn" typed as base letters plus combining circumflex and tilde.
        let decomposed = "Nguye\u{0302}\u{0303}n";
        assert_eq!(clean(decomposed), "Nguyễn");
        assert_eq!(clean(decomposed).chars().count(), 6);
    }

    #[test]
    fn maps_eth_to_vietnamese_d() {
        assert_eq!(clean("\u{00D0}oàn \u{00F0}ội"), "Đoàn đội");
    }

    #[test]
    fn folds_and_trims_white_space() {
        assert_eq!(clean("  Chi đoàn\t Sở\n\nNội vụ  "), "Chi đoàn Sở Nội vụ");
        assert_eq!(clean(" \n\t "), "");
    }
}
