//! What can go wrong importing a file, each said so the user knows what to do.

/// An import that cannot go on. Lines the importer could not place are not
/// errors: they are reported with the result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty; there is nothing to import (check the file name)")]
    Empty,
    #[error(
        "the file looks binary ({reason}), not like a text plan; save the document as plain text (UTF-8 or GBK/GB18030) and import that"
    )]
    Binary { reason: String },
    #[error(
        "the year of {document} (line {line}) is a placeholder ({placeholder}); pass --year YEAR"
    )]
    PlaceholderYear {
        document: String,
        line: usize,
        placeholder: String,
    },
    #[error("no year found in «{title}» (line {line}); pass --year YEAR")]
    NoYear { title: String, line: usize },
    #[error(
        "this is {what}, which plandesk cannot read; open it in Word or WPS, save it as .docx (Word 文档), and import that"
    )]
    OldWord { what: String },
    #[error(
        "not a readable .docx: {reason}; open it in Word or WPS, save it again as .docx, and import that"
    )]
    Docx { reason: String },
    #[error("cannot read {path}: {why}")]
    Read { path: String, why: String },
}
