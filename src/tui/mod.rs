//! The terminal UI: state, actions, update, views.

pub mod action;
pub mod labels;

pub use action::Action;
