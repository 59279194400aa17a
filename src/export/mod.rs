//! Plan -> Markdown (to read and share), plain text in the document's own
//! style (which the importer reads back as the same plan), and a .docx in the
//! official document layout (which the importer reads back too).

mod docx;
mod file;
mod markdown;
mod text;

pub use docx::{ACTUAL_HEADER, DocxOptions, SCHEDULE_HEADER, ScheduleLayout, TARGETS_HEADER, docx};
pub use file::{check_destination, write_file};
pub use markdown::markdown;
pub use text::text;

/// What can go wrong building a document (the text formats cannot fail).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write the .docx package: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("cannot write the .docx font table: {0}")]
    Xml(String),
    /// A place an export must not write: the reason says which and what to do.
    #[error("will not write {path}: {why}")]
    Refused { path: String, why: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

use chrono::{Datelike, NaiveDate};

/// 2022-03-25 → 2022年3月25日.
fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 2 → 二月.
fn month_name(month: u8) -> String {
    format!(
        "{}月",
        crate::model::numbering::chinese_numeral(u32::from(month))
    )
}
