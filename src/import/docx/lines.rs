//! The body's paragraphs and tables -> the lines the text importer reads,
//! with where each came from. A month schedule table becomes month lines
//! ("二月：…。") whose owners are kept aside; a targets table becomes the
//! "主要目标：…（…）；…。" line; a signature followed by its date line becomes
//! one date line, as a text file writes it.

use super::body::{Item, Para};
use crate::import::classify::heading_marker;
use crate::import::dates::date_line;
use crate::import::lines::{ends_sentence, has_sentence_punct};
use crate::import::months::period_months;

/// Where a line of the importer's input came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The n-th paragraph of the body (1-based, table rows not counted).
    Paragraph(usize),
    /// Table t (1-based), row r (1-based, the header is row 1).
    TableRow { table: usize, row: usize },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Paragraph(n) => write!(f, "paragraph {n}"),
            Origin::TableRow { table, row } => write!(f, "table {table}, row {row}"),
        }
    }
}

/// A task row of a schedule table with an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owned {
    pub task: String,
    pub owner: String,
}

/// A targets table row with the figure reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reached {
    pub name: String,
    pub target: String,
    pub actual: String,
}

/// What the importer gets, and what the .docx adds to it.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    pub lines: Vec<String>,
    pub origins: Vec<Origin>,
    pub owners: Vec<Owned>,
    pub actuals: Vec<Reached>,
    pub empty: usize,
    pub page_numbers: usize,
}

impl Lines {
    fn push(&mut self, text: String, origin: Origin) {
        for line in text.split('\n') {
            let line = clean(line);
            if !line.is_empty() {
                self.lines.push(line);
                self.origins.push(origin);
            }
        }
    }
}

/// Control characters other than a tab would make the text look binary.
fn clean(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

pub(crate) fn lines(items: &[Item]) -> Lines {
    let mut out = Lines::default();
    let mut paragraph = 0;
    let mut table = 0;
    // The previous paragraph, while it may be a signature before a date.
    let mut signature: Option<(usize, bool)> = None;
    for item in items {
        match item {
            Item::Para(p) => {
                paragraph += 1;
                let text = p.text.trim();
                if text.is_empty() {
                    out.empty += 1;
                    continue;
                }
                if is_page_number(text) {
                    out.page_numbers += 1;
                    continue;
                }
                if let Some((at, aligned)) = signature.take()
                    && joins_signature(&out.lines[at], p, aligned)
                {
                    let joined = format!("{} {}", out.lines[at], clean(text));
                    out.lines[at] = joined;
                    continue;
                }
                out.push(p.text.clone(), Origin::Paragraph(paragraph));
                if !text.contains('\n') {
                    signature = Some((out.lines.len() - 1, set_apart(p)));
                }
            }
            Item::Table(rows) => {
                table += 1;
                signature = None;
                read_table(&mut out, table, rows);
            }
        }
    }
    out
}

/// Right-aligned or centred: how a signature stands.
fn set_apart(p: &Para) -> bool {
    matches!(p.align.as_deref(), Some("right" | "end" | "center"))
}

/// A short line with no sentence in it, then a line that is only a date:
/// the organisation's signature and the document's date, when either is set
/// apart on the page.
fn joins_signature(prev: &str, date: &Para, prev_aligned: bool) -> bool {
    let date_text = clean(&date.text);
    let Some(d) = date_line(&date_text) else {
        return false;
    };
    if d.org.is_some() || !(prev_aligned || set_apart(date)) {
        return false;
    }
    heading_marker(prev).is_none()
        && date_line(prev).is_none()
        && date_line(&format!("{prev} {date_text}")).is_some_and(|j| j.org.is_some())
}

/// "— 1 —", "- 2 -", "3", "第 4 页", "第5页 共9页": a page number typed
/// into the body of a converted document.
fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = t.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–' | '·'));
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    if digits(bare) {
        return true;
    }
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    let Some((n, rest)) = rest.split_once('页') else {
        return false;
    };
    digits(n)
        && (rest.is_empty()
            || rest
                .strip_prefix('共')
                .and_then(|r| r.strip_suffix('页'))
                .is_some_and(digits))
}

fn cell_text(cell: &[Para]) -> String {
    let mut out = String::new();
    for p in cell {
        let t = clean(&p.text.replace('\n', " "));
        if t.is_empty() {
            continue;
        }
        if !out.is_empty() && !ends_sentence(&out) {
            out.push('；');
        }
        out.push_str(&t);
    }
    out
}

fn normalised(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Which column holds what, judged from the header row.
enum Shape {
    Schedule {
        month: usize,
        task: usize,
        owner: Option<usize>,
    },
    Targets {
        name: usize,
        target: usize,
        actual: Option<usize>,
    },
    Other,
}

fn shape(header: &[String]) -> Shape {
    let find = |words: &[&str]| {
        header
            .iter()
            .position(|h| words.iter().any(|w| normalised(h).contains(w)))
    };
    let month = find(&["月份", "时间", "月"]);
    let task = find(&["任务", "工作内容", "内容", "事项", "工作安排"]);
    let owner = find(&["责任", "负责", "牵头"]);
    if let (Some(month), Some(task)) = (month, task)
        && month != task
    {
        return Shape::Schedule {
            month,
            task,
            owner: owner.filter(|&o| o != month && o != task),
        };
    }
    let name = find(&["指标", "项目", "名称"]);
    let target = header
        .iter()
        .enumerate()
        .find(|(i, h)| Some(*i) != name && normalised(h).contains("目标"))
        .map(|(i, _)| i);
    let actual = find(&["完成", "实际", "达到"]);
    if let (Some(name), Some(target)) = (name, target)
        && name != target
    {
        return Shape::Targets {
            name,
            target,
            actual: actual.filter(|&a| a != name && a != target),
        };
    }
    Shape::Other
}

fn read_table(out: &mut Lines, table: usize, rows: &[Vec<Vec<Para>>]) {
    let texts: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cell_text(c)).collect())
        .collect();
    let Some(header) = texts.first() else {
        return;
    };
    let origin = |row: usize| Origin::TableRow {
        table,
        row: row + 1,
    };
    let get = |row: &[String], i: usize| row.get(i).cloned().unwrap_or_default();
    match shape(header) {
        Shape::Schedule { month, task, owner } => {
            let mut label = String::new();
            for (i, row) in texts.iter().enumerate().skip(1) {
                let m = normalised(&get(row, month));
                // A merged month cell reads empty in the rows below its first.
                if !m.is_empty() {
                    label = m;
                }
                let task_text = get(row, task);
                if task_text.is_empty() {
                    continue;
                }
                if label.is_empty() || period_months(&label).is_none() {
                    // Not a month the importer knows: the row reads as text.
                    out.push(row_text(row), origin(i));
                    continue;
                }
                let stop = if ends_sentence(&task_text) { "" } else { "。" };
                out.push(format!("{label}：{task_text}{stop}"), origin(i));
                if let Some(o) = owner.map(|o| get(row, o)).filter(|o| !o.is_empty()) {
                    out.owners.push(Owned {
                        task: task_text,
                        owner: o,
                    });
                }
            }
        }
        Shape::Targets {
            name,
            target,
            actual,
        } => {
            let mut items = Vec::new();
            for row in texts.iter().skip(1) {
                let (n, t) = (get(row, name), get(row, target));
                if n.is_empty() || t.is_empty() || has_sentence_punct(&n) {
                    continue;
                }
                items.push(format!("{n}（{t}）"));
                if let Some(a) = actual.map(|a| get(row, a)).filter(|a| !a.is_empty()) {
                    out.actuals.push(Reached {
                        name: n,
                        target: t,
                        actual: a,
                    });
                }
            }
            if !items.is_empty() {
                out.push(format!("主要目标：{}。", items.join("；")), origin(1));
            }
            // Rows that are not a name and a figure still read as text.
            for (i, row) in texts.iter().enumerate().skip(1) {
                let (n, t) = (get(row, name), get(row, target));
                if n.is_empty() || t.is_empty() || has_sentence_punct(&n) {
                    out.push(row_text(row), origin(i));
                }
            }
        }
        Shape::Other => {
            for (i, row) in rows.iter().enumerate() {
                let filled: Vec<&Vec<Para>> = row
                    .iter()
                    .filter(|c| c.iter().any(|p| !p.text.trim().is_empty()))
                    .collect();
                if let [only] = filled.as_slice() {
                    // A one-cell row is a frame around paragraphs.
                    for p in only.iter() {
                        out.push(p.text.clone(), origin(i));
                    }
                } else {
                    out.push(row_text(&texts[i]), origin(i));
                }
            }
        }
    }
}

fn row_text(row: &[String]) -> String {
    row.iter()
        .filter(|c| !c.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("　")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_typed_into_the_body() {
        for t in ["— 1 —", "- 12 -", "3", "第 4 页", "第5页共9页", "－2－"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["一、学习", "2022", "第5页的内容", "12345", "三月：学习。"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
