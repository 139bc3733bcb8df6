//! The Đồng Quỹ branch's congress as the tests create it (times typed as a secretary types
//! them: "7h30").

use chidoan::congress::{Congress, CongressKind, Share};

pub fn congress() -> Congress {
    Congress {
        id: 0,
        name: "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X".into(),
        term: "2025 - 2027".into(),
        held_on: Some("28/04/2025".into()),
        starts_at: "7h30".into(),
        ends_at: "11:15".into(),
        place: "Nhà văn hóa thôn Đồng Quỹ".into(),
        kind: CongressKind::Members,
        quorum: Share { num: 2, den: 3 },
        motion_share: Share { num: 1, den: 2 },
    }
}
