//! Plan -> Markdown (to read and share) and plain text in the document's own
//! style (which the importer reads back as the same plan).

mod markdown;
mod text;

pub use markdown::markdown;
pub use text::text;

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
