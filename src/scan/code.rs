//! The code printed on every ballot paper of a round, as a QR code: the congress, the election,
//! the round, and a hash of the candidate list and the paper's layout. Every ballot of a round
//! carries the same code, never a serial number: the vote is secret. A scanned paper is checked
//! against the round it is read into, so that a paper of another round or of a list changed
//! since printing is refused.

/// What a ballot's QR code says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotCode {
    pub congress_id: i64,
    pub election_id: i64,
    pub round: u32,
    /// [`list_hash`] of the names as printed, in order, and the papers to a page.
    pub list: u64,
}

/// The code's text starts with this, then "-" and its fields; upper case, digits and "-" only,
/// so that it fits the QR code's alphanumeric mode (a small code, easy to read).
const PREFIX: &str = "SCD1";

impl BallotCode {
    pub fn new(congress_id: i64, election_id: i64, round: u32, names: &[String], per_page: u32) -> BallotCode {
        BallotCode { congress_id, election_id, round, list: list_hash(names, per_page) }
    }

    /// "SCD1-1-3-1-0F3A…": the text the QR code holds.
    pub fn text(&self) -> String {
        format!("{PREFIX}-{}-{}-{}-{:016X}", self.congress_id, self.election_id, self.round, self.list)
    }

    /// The code in a QR code's text; `None` for anything else.
    pub fn parse(text: &str) -> Option<BallotCode> {
        let mut fields = text.trim().split('-');
        if fields.next()? != PREFIX {
            return None;
        }
        let code = BallotCode {
            congress_id: fields.next()?.parse().ok()?,
            election_id: fields.next()?.parse().ok()?,
            round: fields.next()?.parse().ok()?,
            list: u64::from_str_radix(fields.next()?, 16).ok()?,
        };
        fields.next().is_none().then_some(code)
    }

    /// Why a paper with this code cannot be read into the round `expected` is, if it cannot.
    pub fn refusal(&self, expected: &BallotCode) -> Option<String> {
        if (self.congress_id, self.election_id, self.round) != (expected.congress_id, expected.election_id, expected.round) {
            Some(format!(
                "Phiếu của cuộc bầu hoặc vòng bầu khác (đại hội {}, cuộc bầu {}, vòng {}), không phải vòng đang kiểm.",
                self.congress_id, self.election_id, self.round
            ))
        } else if self.list != expected.list {
            Some("Phiếu in theo danh sách bầu cử cũ (danh sách hoặc cách in đã thay đổi sau khi in phiếu): không đọc được phiếu này.".into())
        } else {
            None
        }
    }

    /// The QR code as an SVG picture (black modules on white, without the quiet zone: the paper
    /// leaves white around it), error correction M: a fold or a stray mark does not stop it
    /// being read.
    pub fn svg(&self) -> String {
        let code = qrcode::QrCode::with_error_correction_level(self.text().as_bytes(), qrcode::EcLevel::M).expect("a short code fits a QR code");
        code.render::<qrcode::render::svg::Color<'_>>().quiet_zone(false).build()
    }
}

/// FNV-1a over the names (each ended by a line break), the papers to a page and the layout's
/// version: stable across machines, unlike std's hasher; a paper printed by another layout is
/// not read at the wrong places.
pub fn list_hash(names: &[String], per_page: u32) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for name in names {
        eat(name.as_bytes());
        eat(b"\n");
    }
    eat(&per_page.to_le_bytes());
    eat(&super::layout::VERSION.to_le_bytes());
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_code_reads_back_and_names_its_round_and_list() {
        let code = BallotCode::new(1, 3, 2, &names(&["Nguyễn Văn An", "Trần Thị Bình"]), 4);
        let text = code.text();
        assert!(text.starts_with("SCD1-1-3-2-") && text.len() == 27, "{text}");
        assert!(text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'), "alphanumeric mode: {text}");
        assert_eq!(BallotCode::parse(&text), Some(code.clone()));
        for bad in ["", "SCD1-1-3-2", "SCD2-1-3-2-00", "SCD1-1-3-2-XYZ", "SCD1-1-3-2-00-7", "https://example.com"] {
            assert_eq!(BallotCode::parse(bad), None, "{bad:?}");
        }
        assert_eq!(code.refusal(&code), None);
    }

    #[test]
    fn a_paper_of_another_round_or_an_older_list_is_refused() {
        let printed = BallotCode::new(1, 3, 1, &names(&["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"]), 4);
        let revote = BallotCode { round: 2, ..printed.clone() };
        assert_eq!(
            printed.refusal(&revote).unwrap(),
            "Phiếu của cuộc bầu hoặc vòng bầu khác (đại hội 1, cuộc bầu 3, vòng 1), không phải vòng đang kiểm."
        );
        // The same names in another order, a name changed, another layout: another list.
        for changed in [
            BallotCode::new(1, 3, 1, &names(&["Trần Thị Bình", "Nguyễn Văn An", "Lê Thị Cúc"]), 4),
            BallotCode::new(1, 3, 1, &names(&["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúcc"]), 4),
            BallotCode::new(1, 3, 1, &names(&["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc"]), 2),
            BallotCode::new(1, 3, 1, &names(&["Nguyễn Văn An", "Trần Thị Bình Lê Thị Cúc"]), 4),
        ] {
            assert!(changed.refusal(&printed).unwrap().starts_with("Phiếu in theo danh sách bầu cử cũ"));
        }
        // The hash is fixed: papers printed by one version are read by the next.
        // (FNV-1a 64 of b"A\n", 1u32 and the layout version 2u32 little-endian, computed apart
        // with Python.)
        assert_eq!(list_hash(&names(&["A"]), 1), 0xE4FD_9670_5491_6C11);
    }
}
