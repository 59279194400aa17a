//! .docx -> Plan: the document's paragraphs, as they read on the page, go
//! through the text importer, so every form it knows works here too.
//!
//! docx-rs writes plandesk's .docx, but its reader keeps a numbering level's
//! `lvlText` and `start` in private fields (0.4), so this side reads
//! word/document.xml, word/numbering.xml and word/styles.xml itself, with
//! zip and quick-xml (both already under docx-rs).
//!
//! One step a file: the `xml` reader; Word's automatic `numbering`; the
//! `body` (paragraphs and tables); the importer's `lines` (tables made into
//! month and target lines, a signature joined to its date).

mod body;
mod lines;
mod numbering;
mod xml;

use std::io::{Cursor, Read};

pub use lines::Origin;

use super::{ImportError, ImportOptions, ImportResult, import_bytes};

/// The most a part of the package may unpack to: a plan is a few hundred
/// kilobytes; this stops a zip bomb, not a long document.
const MAX_PART: u64 = 64 << 20;

/// An imported file, and how to say where a line of it came from.
#[derive(Debug)]
pub struct Imported {
    pub result: ImportResult,
    pub source: Source,
}

#[derive(Debug)]
pub enum Source {
    Text,
    Docx {
        /// Where each line the importer saw came from (index: line - 1).
        origins: Vec<Origin>,
        /// Empty paragraphs and page numbers typed into the body, left out.
        empty_paragraphs: usize,
        page_numbers: usize,
    },
}

impl Imported {
    /// "line 12" for a text file; "paragraph 12" or "table 2, row 3" for a .docx.
    pub fn locate(&self, line: usize) -> String {
        match &self.source {
            Source::Text => format!("line {line}"),
            Source::Docx { origins, .. } => line
                .checked_sub(1)
                .and_then(|i| origins.get(i))
                .map_or_else(|| format!("line {line}"), Origin::to_string),
        }
    }
}

/// Import a file's bytes: a .docx by its zip signature, an old binary Word
/// or WPS file refused with what to do, anything else as text.
/// `name` is the file's name, for its extension.
pub fn import_file(
    bytes: &[u8],
    name: &str,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK\x03\x04") {
        return import_docx(bytes, opts);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(ImportError::OldWord {
            what: "an old binary Word (.doc) or WPS (.wps) document, or a password-protected one"
                .into(),
        });
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(ImportError::OldWord {
            what: "an RTF document".into(),
        });
    }
    match ext.as_str() {
        "doc" | "wps" | "dot" | "wpt" => Err(ImportError::OldWord {
            what: format!("a .{ext} file"),
        }),
        "docx" | "docm" | "dotx" => Err(ImportError::Docx {
            reason: "it is not a zip package, as a .docx is".into(),
        }),
        _ => Ok(Imported {
            result: import_bytes(bytes, opts)?,
            source: Source::Text,
        }),
    }
}

/// Import a .docx: one plan per document in it, as for a text file.
pub fn import_docx(bytes: &[u8], opts: &ImportOptions) -> Result<Imported, ImportError> {
    let broken = |reason: String| ImportError::Docx { reason };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| broken(format!("cannot open the zip package: {e}")))?;
    let document = part(&mut zip, "word/document.xml")?.ok_or_else(|| {
        broken("it has no word/document.xml, so it is not a Word document".into())
    })?;
    let numbering_xml = part(&mut zip, "word/numbering.xml")?;
    let styles_xml = part(&mut zip, "word/styles.xml")?;
    let mut numbering =
        numbering::Numbering::parse(numbering_xml.as_deref(), styles_xml.as_deref())
            .map_err(|e| broken(format!("word/numbering.xml or word/styles.xml: {e}")))?;
    let items = body::read(&document, &mut numbering)
        .map_err(|e| broken(format!("word/document.xml: {e}")))?;
    let lines = lines::lines(&items);
    let text = lines.lines.join("\n");
    let mut result = import_bytes(text.as_bytes(), opts)?;
    for imported in &mut result.plans {
        give_owners(&mut imported.plan, &lines.owners);
        give_actuals(&mut imported.plan, &lines.actuals);
    }
    Ok(Imported {
        result,
        source: Source::Docx {
            origins: lines.origins,
            empty_paragraphs: lines.empty,
            page_numbers: lines.page_numbers,
        },
    })
}

/// A part of the package, unpacked, if it is there.
fn part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, ImportError> {
    let broken = |reason: String| ImportError::Docx { reason };
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(broken(format!("cannot read {name}: {e}"))),
    };
    if file.size() > MAX_PART {
        return Err(broken(format!(
            "{name} unpacks to {} MB, more than the {} MB a plan may have",
            file.size() >> 20,
            MAX_PART >> 20
        )));
    }
    let mut out = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut out)
        .map_err(|e| broken(format!("cannot unpack {name}: {e}")))?;
    if out.len() as u64 > MAX_PART {
        return Err(broken(format!(
            "{name} unpacks to more than {} MB",
            MAX_PART >> 20
        )));
    }
    Ok(Some(out))
}

/// Owners from a schedule table, given to the tasks its rows became.
fn give_owners(plan: &mut crate::model::Plan, owners: &[lines::Owned]) {
    let bare = |s: &str| {
        s.trim_end_matches(['。', '；', ';', '.', '，', ','])
            .trim()
            .to_owned()
    };
    for t in plan.tasks.iter_mut().filter(|t| t.owner.is_none()) {
        let found = owners
            .iter()
            .find(|o| bare(&o.task) == t.text)
            .or_else(|| owners.iter().find(|o| o.task.contains(t.text.as_str())));
        t.owner = found.map(|o| o.owner.clone());
    }
}

/// Figures reached from a summary's targets table.
fn give_actuals(plan: &mut crate::model::Plan, actuals: &[lines::Reached]) {
    for t in plan.targets.iter_mut().filter(|t| t.actual.is_none()) {
        t.actual = actuals
            .iter()
            .find(|a| a.name == t.name && a.target == t.target)
            .map(|a| a.actual.clone());
    }
}
