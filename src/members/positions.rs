//! Positions held in the branch (Bí thư, Phó Bí thư, Ủy viên BCH) with their dates; the
//! member's `position` is the current one. A spell's `since` is empty for a position held from
//! before the history was kept.

use rusqlite::{params, Connection};
use serde::Serialize;
use ts_rs::TS;

use super::{MemberError, Position};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PositionSpell {
    pub position: Position,
    /// "YYYY-MM-DD", or None when held from before the history.
    pub since: Option<String>,
    pub until: Option<String>,
    /// What made the change: "Đại hội …", "Sửa hồ sơ".
    pub source: String,
}

/// A member's positions, oldest first.
pub fn history(conn: &Connection, member_id: i64) -> Result<Vec<PositionSpell>, MemberError> {
    let mut stmt = conn.prepare_cached(
        "SELECT position, since, until, source FROM member_position WHERE member_id = ?1 ORDER BY coalesce(since, ''), id",
    )?;
    let rows = stmt.query_map([member_id], |r| {
        Ok(PositionSpell {
            position: Position::parse(&r.get::<_, String>(0)?).unwrap_or_default(),
            since: r.get(1)?,
            until: r.get(2)?,
            source: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Moves a member from one position to another on `on` ("YYYY-MM-DD") inside the caller's
/// transaction: the open spell of the old position ends that day (one is written when the old
/// position had no history), and a spell of the new one starts.
pub(crate) fn move_to(tx: &Connection, member_id: i64, from: Position, to: Position, on: &str, source: &str) -> rusqlite::Result<()> {
    if from == to {
        return Ok(());
    }
    if from != Position::Member {
        let closed = tx.execute("UPDATE member_position SET until = ?1 WHERE member_id = ?2 AND until IS NULL", params![on, member_id])?;
        if closed == 0 {
            tx.execute(
                "INSERT INTO member_position (member_id, position, since, until, source) VALUES (?1, ?2, NULL, ?3, ?4)",
                params![member_id, from.as_str(), on, source],
            )?;
        }
    }
    if to != Position::Member {
        tx.execute(
            "INSERT INTO member_position (member_id, position, since, source) VALUES (?1, ?2, ?3, ?4)",
            params![member_id, to.as_str(), on, source],
        )?;
    }
    tx.execute("UPDATE member SET position = ?1 WHERE id = ?2", params![to.as_str(), member_id])?;
    Ok(())
}
