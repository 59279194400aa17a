//! plandesk: annual work plans and summaries kept as TOML in a git repository.
//!
//! Dependency direction: `tui -> jobs -> store, search, keymap, export, import -> model`.

pub mod export;
pub mod import;
pub mod jobs;
pub mod keymap;
pub mod model;
pub mod search;
pub mod store;
pub mod tui;
