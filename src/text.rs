//! Text as it enters the book: Unicode NFC, one Vietnamese Đ, single spaces, no control
//! characters.

use unicode_normalization::UnicodeNormalization;

/// The longest name (of a person, a guest, a candidate) the book takes, in characters.
pub const MAX_NAME: usize = 100;
/// The longest one-line text (a title, a place, a reason).
pub const MAX_LINE: usize = 500;
/// The longest text of several lines (notes for the minutes, a description).
pub const MAX_NOTES: usize = 20_000;

/// NFC, the look-alike Icelandic eth (Ð U+00D0, ð U+00F0) made Vietnamese Đ/đ, and control
/// characters (C0 and C1, DEL) dropped, so that every document written is well-formed XML and no
/// terminal escape reaches the CLI's output; white space is left to the caller.
fn normalised(input: &str) -> impl Iterator<Item = char> + '_ {
    input
        .nfc()
        .map(|c| match c {
            '\u{00D0}' => 'Đ',
            '\u{00F0}' => 'đ',
            c => c,
        })
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
}

/// Normalises user-entered text of one line: [`normalised`], every run of white space (newlines
/// included) folded into one space, and the ends trimmed.
pub fn clean(input: &str) -> String {
    single_spaced(normalised(input))
}

/// Normalises text that keeps its lines (notes, descriptions): [`normalised`], line breaks as
/// "\n", trailing spaces of each line and blank ends trimmed.
pub fn clean_lines(input: &str) -> String {
    let text: String = normalised(input).collect::<String>().replace("\r\n", "\n").replace('\r', "\n");
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_string()
}

/// `text` when it has at most `max` characters; else the sentence saying what is too long.
pub fn within(label: &str, text: String, max: usize) -> Result<String, String> {
    let n = text.chars().count();
    if n > max {
        return Err(format!("{label} dài {n} ký tự, quá giới hạn {max} ký tự."));
    }
    Ok(text)
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
    use super::{clean, clean_lines, within};

    #[test]
    fn drops_control_characters() {
        assert_eq!(clean("Nguyễn\u{0}Văn\u{1b}[31m An\u{7f}\u{85}"), "NguyễnVăn[31m An");
        assert_eq!(clean("An\u{8}\u{c}"), "An");
        assert_eq!(clean_lines("Dòng 1  \r\nDòng\u{7} 2\n\n\u{1}"), "Dòng 1\nDòng 2");
        assert_eq!(clean_lines("\tThụt đầu dòng"), "Thụt đầu dòng");
    }

    #[test]
    fn bounds_lengths_with_a_sentence() {
        assert_eq!(within("Tên", "Bình".into(), 4), Ok("Bình".to_string()));
        assert_eq!(within("Tên", "Bình!".into(), 4), Err("Tên dài 5 ký tự, quá giới hạn 4 ký tự.".to_string()));
    }

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
