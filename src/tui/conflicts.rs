//! The state of the conflict view: the open plan's conflicts from a sync,
//! one at a time, over the view it was opened from (the plan or its board).

use super::app::View;
use super::editor::Editor;

pub struct ConflictsState {
    /// The conflict shown, by position in the plan's `conflicts`.
    pub cursor: usize,
    /// A text of the user's own being written for it.
    pub editing: Option<Editor>,
    pub prev: View,
}

impl ConflictsState {
    pub fn new(prev: View) -> ConflictsState {
        ConflictsState {
            cursor: 0,
            editing: None,
            prev,
        }
    }
}
