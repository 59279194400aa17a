//! keymap.toml -> (context, key) -> Action.
