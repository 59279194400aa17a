//! The finder: every plan, section, target and task of every year, matched
//! by Chinese, pinyin (full or initials) and filters typed into the query,
//! and section bodies by phrase.
//!
//! A background job calls [`refresh`] with the plans' blob ids (from the
//! store) to get an [`Index`], keeps a [`Finder`] over it, and calls
//! [`Finder::search`] per keystroke; [`Finder::found`] gives the path with
//! highlight positions for the rows shown. [`Openings::record`] notes an
//! item the user jumped to.

mod disk;
mod index;
mod matcher;
mod openings;
mod query;
mod record;
mod symbols;
mod term;

use std::path::PathBuf;

pub use disk::{INDEX_FILE, PlanSource, Refresh, index_of, refresh};
pub use index::{Index, SEPARATOR};
pub use matcher::{BODY_MIN, Finder, Found, Hit, Matches, Snippet};
pub use openings::{ItemRef, OPENINGS_FILE, Openings};
pub use query::{Filters, Query};
pub use record::ItemKind;

/// A finder kept between keystrokes by the finder's job (so that a query
/// extending the previous one searches only its matches), with the
/// generation of the refresh that built it. The UI only holds it.
pub type SharedFinder = std::sync::Arc<std::sync::Mutex<Kept>>;

#[derive(Default)]
pub struct Kept {
    pub finder: Option<Finder>,
    /// Which refresh built `finder` (0: none yet).
    pub fresh: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the finder index is damaged ({0}); it is rebuilt from the plans")]
    Damaged(String),
    #[error("cannot write the finder index {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Found {
    /// Where the UI jumps to.
    pub fn item_ref(&self) -> ItemRef {
        ItemRef {
            plan: self.plan.clone(),
            kind: self.kind,
            item: self.item.clone(),
        }
    }
}
