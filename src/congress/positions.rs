//! "Cập nhật chức vụ theo kết quả Đại hội": the new BCH, Bí thư and Phó Bí thư become the
//! members' positions from the congress's date; the old committee's positions end that day.

use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::rules::{committee_election, placed};
use super::store::{audit, immediate};
use super::*;
use crate::members::positions::move_to;
use crate::members::Position;

/// One member's position before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PositionChange {
    #[ts(type = "number")]
    pub member_id: i64,
    pub name: String,
    pub before: Position,
    pub after: Position,
}

/// What updating the positions does, or why it cannot yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PositionPlan {
    /// The congress's date, "YYYY-MM-DD": the day the positions change.
    pub on: String,
    pub changes: Vec<PositionChange>,
    /// Those elected who are not in the member registry (typed in): left out.
    pub not_in_registry: Vec<String>,
}

/// The positions the congress's confirmed results give, from its summoned list: each elected
/// person's attendee id with the post.
fn elected_posts(data: &CongressData) -> Result<Vec<(Option<i64>, String, Position)>, CongressError> {
    let mut posts: Vec<(Option<i64>, String, Position)> = vec![];
    let mut give = |e: &Election, position: Position| -> Result<(), CongressError> {
        if e.rounds.last().is_none_or(|r| r.confirmed_at.is_none()) {
            return invalid(format!("{} chưa có kết quả được xác nhận.", e.title));
        }
        for c in placed(data, e).0 {
            posts.retain(|(id, name, _)| !(*id == c.attendee_id && name == &c.full_name));
            posts.push((c.attendee_id, c.full_name.clone(), position));
        }
        Ok(())
    };
    let bch = committee_election(data);
    if let Some(e) = bch {
        give(e, Position::Committee)?;
    }
    for (kind, position) in [(ElectionKind::Deputy, Position::DeputySecretary), (ElectionKind::Secretary, Position::Secretary)] {
        for e in data.elections.iter().filter(|e| e.kind == kind) {
            give(e, position)?;
        }
    }
    if posts.is_empty() {
        return invalid("Đại hội chưa bầu Ban Chấp hành, Bí thư hay Phó Bí thư nên không có chức vụ nào để cập nhật.");
    }
    Ok(posts)
}

/// What "Cập nhật chức vụ" would change, computed without writing.
pub fn plan(conn: &Connection, congress_id: i64) -> Result<PositionPlan, CongressError> {
    let data = load(conn, congress_id)?;
    let on = data.congress.held_on.clone().ok_or_else(|| {
        CongressError::Invalid("Chưa ghi ngày Đại hội (thẻ “Thông tin”): chức vụ mới tính từ ngày đó.".into())
    })?;
    let posts = elected_posts(&data)?;
    let mut wanted: Vec<(i64, String, Position)> = vec![];
    let mut not_in_registry = vec![];
    for (attendee_id, name, position) in posts {
        match attendee_id.and_then(|id| data.attendees.iter().find(|a| a.id == id)).and_then(|a| a.member_id) {
            Some(member_id) => wanted.push((member_id, name, position)),
            None => not_in_registry.push(name),
        }
    }
    let mut changes = vec![];
    let mut stmt = conn.prepare("SELECT id, full_name, position FROM member ORDER BY sort_key")?;
    let members = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    for member in members {
        let (member_id, name, current) = member?;
        let before = Position::parse(&current).unwrap_or_default();
        let after = wanted.iter().find(|(id, ..)| *id == member_id).map_or(Position::Member, |w| w.2);
        if before != after {
            changes.push(PositionChange { member_id, name, before, after });
        }
    }
    Ok(PositionPlan { on, changes, not_in_registry })
}

/// Applies [`plan`] in one transaction, with the dated history and one audit entry.
pub fn apply(conn: &mut Connection, congress_id: i64) -> Result<PositionPlan, CongressError> {
    let tx = immediate(conn)?;
    let plan = plan(&tx, congress_id)?;
    let name: String = tx.query_row("SELECT name FROM congress WHERE id = ?1", [congress_id], |r| r.get(0))?;
    for c in &plan.changes {
        move_to(&tx, c.member_id, c.before, c.after, &plan.on, &name)?;
    }
    let detail: Vec<String> = plan.changes.iter().map(|c| format!("{}: {} → {}", c.name, c.before.label(), c.after.label())).collect();
    let detail = if detail.is_empty() { "không có gì thay đổi".to_string() } else { detail.join("; ") };
    audit(&tx, congress_id, "Cập nhật chức vụ theo kết quả Đại hội", &detail)?;
    tx.commit()?;
    Ok(plan)
}
