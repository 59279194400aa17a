//! The state of the history view and the diff view. The history keeps the
//! ids its jobs walked so far and the details of the rows near the cursor;
//! both views keep the view they were opened from, to go back to.

use std::collections::{HashMap, HashSet};

use crate::jobs::Ticket;
use crate::model::PlanId;
use crate::store::{Comparison, HistoryWalker, Revision, RevisionId};

use super::app::View;

/// More ids are asked for when the cursor comes this close to the last one.
pub const MORE_AHEAD: usize = 40;

pub struct HistoryState {
    /// `None`: the whole workspace.
    pub plan: Option<PlanId>,
    /// Commit ids, newest first, as far as the walk got.
    pub ids: Vec<RevisionId>,
    pub details: HashMap<RevisionId, Revision>,
    /// Ids whose details were asked for (answered or not).
    pub asked: HashSet<RevisionId>,
    /// The walk reached the first commit.
    pub done: bool,
    /// A batch of ids is on its way.
    pub walking: bool,
    pub cursor: usize,
    /// The commit marked to compare another one with.
    pub marked: Option<RevisionId>,
    /// Why the walk stopped, when it failed.
    pub error: Option<String>,
    /// The first step of this walk: details asked before it are of an older walk.
    pub started: Option<Ticket>,
    /// The step of the walk on its way; an outcome of any other is stale.
    pub step: Option<Ticket>,
    /// Where the walk stands between steps.
    pub walker: Option<Box<HistoryWalker>>,
    /// The last request for details and its ids: while it waits, a newer
    /// request replaces it, so it takes these ids along.
    pub details_asked: Option<(Ticket, Vec<RevisionId>)>,
    pub prev: View,
}

impl HistoryState {
    pub fn new(plan: Option<PlanId>, prev: View) -> HistoryState {
        HistoryState {
            plan,
            ids: Vec::new(),
            details: HashMap::new(),
            asked: HashSet::new(),
            done: false,
            walking: false,
            cursor: 0,
            marked: None,
            error: None,
            started: None,
            step: None,
            walker: None,
            details_asked: None,
            prev,
        }
    }

    pub fn selected(&self) -> Option<&Revision> {
        self.ids
            .get(self.cursor)
            .and_then(|id| self.details.get(id))
    }

    /// The ids on screen (`rows` of them, scrolled as the view scrolls) and
    /// on the next screen down, whose details were not asked for yet.
    pub fn unasked_window(&self, rows: usize) -> Vec<RevisionId> {
        let rows = rows.max(1);
        let from = crate::tui::views::scroll_for(self.cursor, rows);
        let to = (from + 2 * rows).min(self.ids.len());
        self.ids[from.min(to)..to]
            .iter()
            .filter(|id| !self.asked.contains(id))
            .copied()
            .collect()
    }

    /// The cursor is near the end of the ids walked so far, and more may come.
    pub fn wants_more(&self) -> bool {
        self.walker.is_some()
            && !self.done
            && !self.walking
            && self.error.is_none()
            && self.cursor + MORE_AHEAD >= self.ids.len()
    }
}

/// Two versions of a plan compared.
pub struct DiffState {
    pub cmp: Comparison,
    /// The old side and the new side, as the title names them.
    pub from_label: String,
    pub to_label: String,
    /// The raw TOML diff instead of the item-by-item one.
    pub raw: bool,
    pub scroll: usize,
    pub prev: View,
}
