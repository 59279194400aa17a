//! The finder overlay's state: the query being typed and the rows the
//! finder's job last sent for it.

use crate::search::Found;

use super::editor::Editor;

/// Rows the finder asks for (more than a screen, for paging).
pub const ROWS: usize = 200;

pub struct FinderState {
    pub editor: Editor,
    /// The query last sent to the job.
    pub asked: String,
    /// The query `rows` answer (`None` before the first answer).
    pub answered: Option<String>,
    pub rows: Vec<Found>,
    /// All matches, of which `rows` are the best.
    pub total: usize,
    pub cursor: usize,
    /// The index could not be read or built.
    pub error: Option<String>,
    /// Enter was pressed before the rows of the query typed came: go to
    /// the first of them when they come, not to a row of an older query.
    pub accept_pending: bool,
}

impl FinderState {
    pub fn new() -> FinderState {
        FinderState {
            editor: Editor::single_line(""),
            asked: String::new(),
            answered: None,
            rows: Vec::new(),
            total: 0,
            cursor: 0,
            error: None,
            accept_pending: false,
        }
    }

    pub fn selected(&self) -> Option<&Found> {
        self.rows.get(self.cursor)
    }

    /// The rows shown are for an older query than the one typed.
    pub fn behind(&self) -> bool {
        self.answered.as_deref() != Some(self.asked.as_str())
    }
}

impl Default for FinderState {
    fn default() -> FinderState {
        FinderState::new()
    }
}
