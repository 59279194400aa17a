//! The terminal UI: state, actions, update, views.
