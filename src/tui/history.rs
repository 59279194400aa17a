//! The state of the history view and the diff view. The history keeps the
//! ids the worker walked so far and the details of the rows near the
//! cursor; both views keep the view they were opened from, to go back to.

use std::collections::{HashMap, HashSet};

use crate::model::PlanId;
use crate::store::{Comparison, Revision, RevisionId};

use super::app::View;
use super::history_worker::HistoryWorker;

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
    /// The walk the replies must belong to.
    pub generation: u64,
    pub worker: Option<HistoryWorker>,
    pub prev: View,
}

impl HistoryState {
    pub fn new(plan: Option<PlanId>, worker: Option<HistoryWorker>, prev: View) -> HistoryState {
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
            generation: 0,
            worker,
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
        !self.done
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
