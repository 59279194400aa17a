//! Plain text -> Plan: work plans, summaries and 工作要点 as people write them.
//!
//! The pipeline, one file a step: `decode` bytes into text; split it into
//! `lines`; set aside a web page's `clutter`; find the documents of a
//! collection (`split`); put headings swallowed into a line on their own
//! (`runs`); `classify` each line (heading number, `months` line, `dates`
//! line…); build the `outline` with page breaks repaired; decide the `kind`
//! and cut a 总结及计划 in two (`document`); find the `targets`; suggest a
//! `slug`. [`dry_run_report`] says what came out.
//!
//! Imported plans have no ids: the store gives them on save.

mod classify;
mod clutter;
mod dates;
mod decode;
mod document;
mod docx;
mod error;
mod file;
mod kind;
mod lines;
mod months;
mod outline;
mod report;
mod runs;
mod slug;
mod split;
mod targets;

pub use docx::{Imported, Origin, Source, import_docx, import_file};
pub use error::ImportError;
pub use file::{MAX_FILE, files_under, read_file};
pub use report::dry_run_report;

use crate::model::Plan;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The year of documents whose text names none (`--year`).
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportResult {
    pub plans: Vec<ImportedPlan>,
    /// Lines outside any document, such as a collection's preface.
    pub unplaced: Vec<Unplaced>,
    /// The line before the first document of a collection
    /// ("2023年乡镇政协工作总结及计划(精选5篇)").
    pub collection_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPlan {
    pub plan: Plan,
    /// A suggested slug: `[a-z0-9-]`, no year.
    pub slug: String,
    /// Lines of this document the importer could not place.
    pub unplaced: Vec<Unplaced>,
    /// 1-based line of the document's title in the input.
    pub source_title_line: usize,
    /// Where the plan's year came from.
    pub year_from: YearSource,
}

/// A line the importer kept out of every plan, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// 1-based in the input.
    pub line: usize,
    pub text: String,
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSource {
    /// "（2023年）" under the title, as the text export writes it.
    YearLine,
    Title,
    /// The first 19xx年/20xx年 in the document.
    Text,
    Date,
    /// `--year`.
    Option,
    /// The collection's title, for documents that name no year.
    Collection,
    /// The plan part of a 总结及计划 that speaks of 明年.
    FollowingYear,
}

impl YearSource {
    pub fn describe(self) -> &'static str {
        match self {
            YearSource::YearLine => "from the year line under the title",
            YearSource::Title => "from the title",
            YearSource::Text => "from the text",
            YearSource::Date => "from the date line",
            YearSource::Option => "from --year",
            YearSource::Collection => "from the collection title",
            YearSource::FollowingYear => "the year after the summary's (明年)",
        }
    }
}

/// Import a plain-text file: one plan per document (two for a 总结及计划
/// whose plan part is numbered afresh).
pub fn import_bytes(bytes: &[u8], opts: &ImportOptions) -> Result<ImportResult, ImportError> {
    let text = decode::decode(bytes)?;
    import_lines(&lines::split_lines(&text), opts)
}

/// Import a document given as its paragraphs, one a line (a .docx
/// document's paragraphs, say). Line numbers in the result count from 1
/// over `paragraphs`, blank ones included.
pub fn import_paragraphs<S: AsRef<str>>(
    paragraphs: &[S],
    opts: &ImportOptions,
) -> Result<ImportResult, ImportError> {
    let lines: Vec<lines::Line> = paragraphs
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let text = p.as_ref().trim();
            (!text.is_empty()).then(|| lines::Line {
                no: i + 1,
                text: text.to_owned(),
            })
        })
        .collect();
    if lines.is_empty() {
        return Err(ImportError::Empty);
    }
    import_lines(&lines, opts)
}

fn import_lines(lines: &[lines::Line], opts: &ImportOptions) -> Result<ImportResult, ImportError> {
    let (lines, clutter) = clutter::strip(lines);
    let collection = split::documents(&lines);
    let ctx = document::Context {
        multi: collection.documents.len() > 1,
        year_option: opts.year,
        collection_year: collection.title.and_then(|t| dates::first_year(&t.text)),
    };
    let mut plans = Vec::new();
    for doc in &collection.documents {
        plans.extend(document::import_document(doc, &ctx)?);
    }
    let mut unplaced: Vec<Unplaced> = clutter;
    unplaced.extend(collection.preface.iter().map(|l| Unplaced {
        line: l.no,
        text: l.text.clone(),
        why: "before the first document (the collection's preface)".into(),
    }));
    unplaced.sort_by_key(|u| u.line);
    Ok(ImportResult {
        plans,
        unplaced,
        collection_title: collection.title.map(|t| t.text.clone()),
    })
}

// What the text export needs to know to write a document this importer
// reads back as the same plan.
pub(crate) use dates::first_year;
pub use dates::{typed_date, typed_year};
pub use months::typed_month;

/// A file name proposed for a plan with this title: the pinyin initials of
/// its words, as an import proposes ("汪场镇2024年工作计划" → "wczgzjh").
pub fn suggest_slug(title: &str, kind: crate::model::Kind) -> String {
    slug::suggest(title, None, kind)
}
pub(crate) use targets::find_targets;
