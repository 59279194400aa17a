//! Plan -> Markdown / text.
