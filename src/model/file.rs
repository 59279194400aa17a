//! The plan file: canonical TOML out, spanned and validated TOML in.
//!
//! Writing is deterministic (fixed key order, one field a line, bodies as
//! multi-line strings one paragraph a line), so one edit is a small git diff
//! and loading then saving an unchanged plan gives the same bytes.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::ops::Range;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::{
    Approval, ApprovalState, Conflict, Field, Kind, MAX_DEPTH, NumberStyle, Plan, SCHEMA, Section,
    Status, Target, Task,
};

/// One thing wrong with a plan file, and where (a byte range of the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Option<Range<usize>>,
}

impl Problem {
    /// 1-based line and column (in characters) of the problem in `src`.
    pub fn line_col(&self, src: &str) -> (usize, usize) {
        line_col(src, self.span.as_ref().map_or(0, |s| s.start))
    }
}

/// Everything wrong with a plan file, all at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let msgs: Vec<&str> = self.problems.iter().map(|p| p.message.as_str()).collect();
        f.write_str(&msgs.join("; "))
    }
}

impl std::error::Error for PlanError {}

/// 1-based line and column (in characters) of byte `offset` in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

// ---- reading ----------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    schema: Option<Spanned<u32>>,
    title: Spanned<String>,
    year: Spanned<i32>,
    #[serde(default)]
    kind: Option<Kind>,
    org: Option<String>,
    date: Option<Spanned<Datetime>>,
    #[serde(default)]
    numbering: Vec<NumberStyle>,
    #[serde(default)]
    intro: String,
    #[serde(default)]
    schedule: String,
    approval: Option<RawApproval>,
    #[serde(default)]
    targets: Vec<RawTarget>,
    #[serde(default)]
    sections: Vec<RawSection>,
    #[serde(default)]
    tasks: Vec<RawTask>,
    #[serde(default)]
    conflicts: Vec<RawConflict>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConflict {
    id: Spanned<String>,
    item: Option<Spanned<String>>,
    field: Field,
    base: Option<String>,
    ours: Option<String>,
    theirs: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApproval {
    state: ApprovalState,
    by: Option<String>,
    at: Option<Spanned<Datetime>>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    id: Option<Spanned<String>>,
    name: String,
    target: String,
    actual: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Option<Spanned<String>>,
    depth: Spanned<i64>,
    heading: String,
    #[serde(default)]
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: Option<Spanned<String>>,
    month: Spanned<i64>,
    period: Option<String>,
    text: String,
    status: Spanned<Status>,
    done_on: Option<Spanned<Datetime>>,
    owner: Option<String>,
}

/// Parse and validate a plan file. Syntax errors, type errors and every
/// validation problem carry the byte range they refer to.
///
/// A file with Windows line ends (CRLF) is read as with LF ones (a body's
/// paragraphs are the same either way); problems point into `src` as given.
pub fn parse_plan(src: &str) -> Result<Plan, PlanError> {
    if !src.contains("\r\n") {
        return parse_lf(src);
    }
    let lf = src.replace("\r\n", "\n");
    // Where each dropped CR stood, as an offset into `lf` (at its LF).
    let crs: Vec<usize> = lf
        .match_indices('\n')
        .map(|(i, _)| i)
        .zip(src.match_indices('\n').map(|(i, _)| i))
        .filter(|&(_, j)| j > 0 && src.as_bytes()[j - 1] == b'\r')
        .map(|(i, _)| i)
        .collect();
    parse_lf(&lf).map_err(|mut e| {
        for p in &mut e.problems {
            if let Some(span) = &mut p.span {
                let shift = |at: usize| at + crs.partition_point(|&c| c <= at);
                *span = shift(span.start)..shift(span.end);
            }
        }
        e
    })
}

fn parse_lf(src: &str) -> Result<Plan, PlanError> {
    let raw: RawPlan = toml::from_str(src).map_err(|e| PlanError {
        problems: vec![Problem {
            message: e.message().trim().to_string(),
            span: e.span(),
        }],
    })?;
    let mut problems = Vec::new();
    let mut bad = |message: String, span: Range<usize>| {
        problems.push(Problem {
            message,
            span: Some(span),
        })
    };

    if let Some(schema) = &raw.schema
        && *schema.get_ref() != SCHEMA
    {
        bad(
            format!(
                "schema {} is not known to this plandesk (it reads schema {SCHEMA}); update plandesk",
                schema.get_ref()
            ),
            schema.span(),
        );
    }
    if raw.title.get_ref().trim().is_empty() {
        bad("the title is empty".into(), raw.title.span());
    }
    let year = *raw.year.get_ref();
    if !(1000..=9999).contains(&year) {
        bad(
            format!("year {year} is not a four-digit year"),
            raw.year.span(),
        );
    }
    let date = raw.date.as_ref().and_then(|d| to_date(d, "date", &mut bad));

    let approval = raw.approval.map(|a| Approval {
        state: a.state,
        by: a.by,
        at: a.at.as_ref().and_then(|at| to_datetime(at, &mut bad)),
        note: a.note,
    });

    let mut seen_ids: HashMap<String, Range<usize>> = HashMap::new();
    let mut check_id = |id: &Option<Spanned<String>>, bad: &mut dyn FnMut(String, Range<usize>)| {
        let Some(id) = id else {
            return String::new();
        };
        let text = id.get_ref();
        if !is_id(text) {
            bad(
                format!(
                    "id `{text}` may hold only letters a-z, digits, `-` and `_`; remove the line and an id is given on the next save"
                ),
                id.span(),
            );
        } else if let Some(first) = seen_ids.get(text) {
            let (line, _) = line_col(src, first.start);
            bad(
                format!(
                    "duplicate id `{text}` (first used on line {line}); ids must be unique within a plan, remove this one and a new id is given on the next save"
                ),
                id.span(),
            );
        } else {
            seen_ids.insert(text.clone(), id.span());
        }
        text.clone()
    };

    let mut targets = Vec::with_capacity(raw.targets.len());
    for t in raw.targets {
        targets.push(Target {
            id: check_id(&t.id, &mut bad),
            name: t.name,
            target: t.target,
            actual: t.actual,
        });
    }

    let mut sections = Vec::with_capacity(raw.sections.len());
    let mut prev_depth = 0i64;
    for (i, s) in raw.sections.into_iter().enumerate() {
        let depth = *s.depth.get_ref();
        if !(1..=i64::from(MAX_DEPTH)).contains(&depth) {
            bad(
                format!(
                    "section {} 「{}」 has depth {depth}; depth goes from 1 (一、) to {MAX_DEPTH}",
                    i + 1,
                    short(&s.heading)
                ),
                s.depth.span(),
            );
        } else if depth > prev_depth + 1 {
            bad(
                format!(
                    "section {} 「{}」 has depth {depth} right after depth {prev_depth}: a section can go at most one level deeper than the one before it",
                    i + 1,
                    short(&s.heading)
                ),
                s.depth.span(),
            );
        }
        prev_depth = depth;
        sections.push(Section {
            id: check_id(&s.id, &mut bad),
            depth: u8::try_from(depth.clamp(1, i64::from(MAX_DEPTH))).unwrap_or(1),
            heading: s.heading,
            body: s.body,
        });
    }

    let mut tasks = Vec::with_capacity(raw.tasks.len());
    for (i, t) in raw.tasks.into_iter().enumerate() {
        let month = *t.month.get_ref();
        if !(1..=12).contains(&month) {
            bad(
                format!(
                    "task {} 「{}」 has month {month}; a month is 1 to 12",
                    i + 1,
                    short(&t.text)
                ),
                t.month.span(),
            );
        }
        let status = *t.status.get_ref();
        let done_on = t
            .done_on
            .as_ref()
            .and_then(|d| to_date(d, "done_on", &mut bad));
        if status == Status::Done && t.done_on.is_none() {
            bad(
                format!(
                    "task {} 「{}」 is done but has no done_on; add `done_on = YYYY-MM-DD` below its status",
                    i + 1,
                    short(&t.text)
                ),
                t.status.span(),
            );
        }
        tasks.push(Task {
            id: check_id(&t.id, &mut bad),
            month: u8::try_from(month.clamp(1, 12)).unwrap_or(1),
            period: t.period,
            text: t.text,
            status,
            done_on,
            owner: t.owner,
        });
    }

    let mut conflicts = Vec::with_capacity(raw.conflicts.len());
    let mut conflict_ids: HashMap<String, usize> = HashMap::new();
    for (i, c) in raw.conflicts.into_iter().enumerate() {
        let id = c.id.get_ref();
        if !is_id(id) {
            bad(
                format!(
                    "conflict {} has id `{id}`; a conflict id may hold only letters a-z, digits, `-` and `_`",
                    i + 1
                ),
                c.id.span(),
            );
        } else if let Some(first) = conflict_ids.get(id) {
            bad(
                format!(
                    "conflict {} repeats the id `{id}` of conflict {first}; give it another one",
                    i + 1
                ),
                c.id.span(),
            );
        } else {
            conflict_ids.insert(id.clone(), i + 1);
        }
        let item = c.item.as_ref().map_or("", |s| s.get_ref().as_str());
        if let Some(span) = c.item.as_ref().map(Spanned::span)
            && !item.is_empty()
            && !seen_ids.contains_key(item)
        {
            bad(
                format!(
                    "conflict `{id}` is about item `{item}`, which is not in this plan; remove the conflict or restore the item"
                ),
                span,
            );
        }
        conflicts.push(Conflict {
            id: c.id.get_ref().clone(),
            item: item.to_string(),
            field: c.field,
            base: c.base,
            ours: c.ours,
            theirs: c.theirs,
        });
    }

    if !problems.is_empty() {
        return Err(PlanError { problems });
    }
    Ok(Plan {
        schema: SCHEMA,
        title: raw.title.into_inner(),
        year,
        kind: raw.kind.unwrap_or(Kind::Plan),
        org: raw.org,
        date,
        numbering: raw.numbering,
        intro: raw.intro,
        schedule: raw.schedule,
        approval,
        targets,
        sections,
        tasks,
        conflicts,
    })
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(16).collect();
    if s.chars().count() > 16 {
        out.push('…');
    }
    super::text::visible_line(&out).into_owned()
}

fn to_date(
    d: &Spanned<Datetime>,
    field: &str,
    bad: &mut dyn FnMut(String, Range<usize>),
) -> Option<NaiveDate> {
    let dt = d.get_ref();
    let date = match (&dt.date, &dt.time) {
        (Some(date), None) => {
            NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())
        }
        _ => None,
    };
    if date.is_none() {
        bad(
            format!("{field} = {dt} is not a date; write it as YYYY-MM-DD"),
            d.span(),
        );
    }
    date
}

fn to_datetime(
    d: &Spanned<Datetime>,
    bad: &mut dyn FnMut(String, Range<usize>),
) -> Option<DateTime<FixedOffset>> {
    let parsed = DateTime::parse_from_rfc3339(&d.get_ref().to_string()).ok();
    if parsed.is_none() {
        bad(
            format!(
                "at = {} needs a date, a time and a UTC offset, like 2022-03-26T09:00:00+08:00",
                d.get_ref()
            ),
            d.span(),
        );
    }
    parsed
}

// ---- writing ----------------------------------------------------------------

/// The canonical text of a plan.
pub fn write_plan(plan: &Plan) -> String {
    let mut w = Writer::default();
    w.int("schema", i64::from(plan.schema));
    w.str("title", &plan.title);
    w.int("year", i64::from(plan.year));
    w.str("kind", plan.kind.as_str());
    w.opt_str("org", plan.org.as_deref());
    if let Some(d) = plan.date {
        w.date("date", d);
    }
    if !plan.numbering.is_empty() {
        let items: Vec<String> = plan
            .numbering
            .iter()
            .map(|s| basic_string(s.as_str()))
            .collect();
        w.raw("numbering", &format!("[{}]", items.join(", ")));
    }
    if !plan.intro.is_empty() {
        w.str("intro", &plan.intro);
    }
    if !plan.schedule.is_empty() {
        w.str("schedule", &plan.schedule);
    }
    if let Some(a) = &plan.approval {
        w.table("approval");
        w.str("state", a.state.as_str());
        w.opt_str("by", a.by.as_deref());
        if let Some(at) = a.at {
            w.raw("at", &at.to_rfc3339_opts(SecondsFormat::AutoSi, false));
        }
        w.opt_str("note", a.note.as_deref());
    }
    for t in &plan.targets {
        w.array_table("targets");
        w.opt_str("id", non_empty(&t.id));
        w.str("name", &t.name);
        w.str("target", &t.target);
        w.opt_str("actual", t.actual.as_deref());
    }
    for s in &plan.sections {
        w.array_table("sections");
        w.opt_str("id", non_empty(&s.id));
        w.int("depth", i64::from(s.depth));
        w.str("heading", &s.heading);
        if !s.body.is_empty() {
            w.str("body", &s.body);
        }
    }
    for t in &plan.tasks {
        w.array_table("tasks");
        w.opt_str("id", non_empty(&t.id));
        w.int("month", i64::from(t.month));
        w.opt_str("period", t.period.as_deref());
        w.str("text", &t.text);
        w.str("status", t.status.as_str());
        if let Some(d) = t.done_on {
            w.date("done_on", d);
        }
        w.opt_str("owner", t.owner.as_deref());
    }
    for c in &plan.conflicts {
        w.array_table("conflicts");
        w.str("id", &c.id);
        w.opt_str("item", non_empty(&c.item));
        w.str("field", c.field.as_str());
        w.opt_str("base", c.base.as_deref());
        w.opt_str("ours", c.ours.as_deref());
        w.opt_str("theirs", c.theirs.as_deref());
    }
    w.out
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn raw(&mut self, key: &str, value: &str) {
        let _ = writeln!(self.out, "{key} = {value}");
    }
    fn int(&mut self, key: &str, v: i64) {
        self.raw(key, &v.to_string());
    }
    fn date(&mut self, key: &str, d: NaiveDate) {
        self.raw(key, &d.format("%Y-%m-%d").to_string());
    }
    fn str(&mut self, key: &str, v: &str) {
        let value = if v.contains('\n') {
            multiline_string(v)
        } else {
            basic_string(v)
        };
        self.raw(key, &value);
    }
    fn opt_str(&mut self, key: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(key, v);
        }
    }
    fn table(&mut self, name: &str) {
        let _ = write!(self.out, "\n[{name}]\n");
    }
    fn array_table(&mut self, name: &str) {
        let _ = write!(self.out, "\n[[{name}]]\n");
    }
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        '\n' => out.push_str("\\n"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04X}", c as u32);
        }
        c => out.push(c),
    }
}

fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// `"""` then a newline (which TOML drops), the text one line a paragraph, and
/// `"""` right after the last character so no newline is added.
fn multiline_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    for c in s.chars() {
        if c == '\n' {
            out.push('\n');
        } else {
            push_escaped(&mut out, c);
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"schema = 1
title = "汪场镇政协联络处2022年工作计划"
year = 2022
kind = "plan"
org = "汪场镇政协联络处"
date = 2022-03-25

[approval]
state = "approved"
by = "王主席 <wang@example.org>"
at = 2022-03-26T09:00:00+08:00
note = "同意"

[[targets]]
id = "k3f9qa"
name = "地区生产总值"
target = "增长10%"

[[sections]]
id = "p2x8mc"
depth = 1
heading = "强化学习，提高履职能力和水平"
body = """
第一段
第二段，带“引号”和\\反斜杠"""

[[tasks]]
id = "t7hw2e"
month = 2
text = "开展一次献爱心活动"
status = "done"
done_on = 2022-02-18
owner = "张三"
"#;

    #[test]
    fn canonical_text_round_trips_byte_identical() {
        let plan = parse_plan(SAMPLE).expect("parses");
        assert_eq!(plan.sections[0].body, "第一段\n第二段，带“引号”和\\反斜杠");
        assert_eq!(plan.state(), ApprovalState::Approved);
        assert_eq!(write_plan(&plan), SAMPLE);
    }

    #[test]
    fn awkward_strings_survive_a_round_trip() {
        let mut plan = Plan::new("t", 2024, Kind::Plan);
        for body in [
            "ends with a quote\"",
            "\"\"\" three quotes \"\"\"",
            "trailing newline\n",
            "\nleading newline",
            "tab\tand\u{1b}[31mescape\r\n",
            "'''",
            "\\\n\\",
        ] {
            plan.sections.push(Section {
                id: String::new(),
                depth: 1,
                heading: body.replace('\n', " "),
                body: body.into(),
            });
        }
        let text = write_plan(&plan);
        let back = parse_plan(&text).expect("parses");
        assert_eq!(back, plan);
        assert_eq!(write_plan(&back), text);
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn a_hand_written_plan_without_ids_loads() {
        let plan = parse_plan(
            "title = \"计划\"\nyear = 2024\n[[sections]]\ndepth = 1\nheading = \"总则\"\n[[tasks]]\nmonth = 3\ntext = \"学习\"\nstatus = \"todo\"\n",
        )
        .expect("parses");
        assert_eq!(plan.kind, Kind::Plan);
        assert!(plan.sections[0].id.is_empty());
        assert!(plan.tasks[0].id.is_empty());
    }

    fn problems(src: &str) -> Vec<(usize, usize, String)> {
        let err = parse_plan(src).expect_err("should be refused");
        err.problems
            .iter()
            .map(|p| {
                let (l, c) = p.line_col(src);
                (l, c, p.message.clone())
            })
            .collect()
    }

    #[test]
    fn a_depth_jump_is_named_with_its_line() {
        let src = "title = \"t\"\nyear = 2024\n[[sections]]\ndepth = 1\nheading = \"一\"\n[[sections]]\ndepth = 3\nheading = \"跳级\"\n";
        let p = problems(src);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].0, p[0].1), (7, 9));
        assert!(p[0].2.contains("depth 3 right after depth 1"), "{}", p[0].2);
        assert!(p[0].2.contains("跳级"));
    }

    #[test]
    fn month_out_of_range_unknown_status_duplicate_id_and_missing_done_on() {
        let src =
            "title = \"t\"\nyear = 2024\n[[tasks]]\nmonth = 13\ntext = \"a\"\nstatus = \"todo\"\n";
        let p = problems(src);
        assert_eq!((p[0].0, p[0].1), (4, 9));
        assert!(p[0].2.contains("month 13"));

        let src = "title = \"t\"\nyear = 2024\n[[tasks]]\nmonth = 1\ntext = \"a\"\nstatus = \"finished\"\n";
        let p = problems(src);
        assert_eq!(p[0].0, 6);
        assert!(p[0].2.contains("finished"), "{}", p[0].2);
        assert!(p[0].2.contains("todo"), "{}", p[0].2);

        let src = "title = \"t\"\nyear = 2024\n[[sections]]\nid = \"aa\"\ndepth = 1\nheading = \"x\"\n[[tasks]]\nid = \"aa\"\nmonth = 1\ntext = \"a\"\nstatus = \"todo\"\n";
        let p = problems(src);
        assert_eq!(p[0].0, 8);
        assert!(p[0].2.contains("duplicate id `aa` (first used on line 4)"));

        let src =
            "title = \"t\"\nyear = 2024\n[[tasks]]\nmonth = 1\ntext = \"a\"\nstatus = \"done\"\n";
        let p = problems(src);
        assert_eq!(p[0].0, 6);
        assert!(p[0].2.contains("no done_on"));
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let src = "title = \"t\"\nyear = 2024\n[[sections]]\ndepth = 2\nheading = \"a\"\n[[tasks]]\nmonth = 0\ntext = \"a\"\nstatus = \"todo\"\n";
        assert_eq!(problems(src).len(), 2);
    }

    #[test]
    fn a_syntax_error_has_line_and_column() {
        let src = "title = \"t\"\nyear = 2024\nkind = plan\n";
        let p = problems(src);
        assert_eq!(p[0].0, 3);
        let src = "title = \"t\"\nyear = 2024\ntitel = \"typo\"\n";
        let p = problems(src);
        assert_eq!(p[0].0, 3);
        assert!(p[0].2.contains("titel"), "{}", p[0].2);
    }

    #[test]
    fn random_text_always_reads_back_as_written() {
        // A small xorshift generator: reproducible, no dependency.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet: Vec<char> =
            "一二三，。：“”\"'\\\n\r\t\u{1b}\u{0}\u{7f}\u{85}\u{202e}a Z🦀你好#[]=\u{feff}"
                .chars()
                .collect();
        for round in 0..300 {
            let mut text = || -> String {
                let len = (next() % 24) as usize;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            };
            let mut plan = Plan::new(text() + "t", 2024, Kind::Plan);
            plan.intro = text();
            plan.org = Some(text());
            plan.sections.push(Section {
                id: format!("s{round}"),
                depth: 1,
                heading: text(),
                body: text(),
            });
            plan.targets.push(Target {
                id: format!("g{round}"),
                name: text(),
                target: text(),
                actual: Some(text()),
            });
            let written = write_plan(&plan);
            let back = parse_plan(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
            assert_eq!(back, plan, "round {round}:\n{written}");
            assert_eq!(write_plan(&back), written);
        }
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        assert_eq!(line_col("标题\n汉字x", "标题\n汉字".len()), (2, 3));
    }
}

#[cfg(test)]
mod every_field {
    //! A plan with every field of the format set, `[[conflicts]]` included:
    //! written, parsed and written again byte for byte, and read back field by field.
    use super::*;

    const FULL: &str = r#"schema = 1
title = "汪场镇政协联络处2022年工作总结"
year = 2022
kind = "summary"
org = "汪场镇政协联络处"
date = 2022-12-28
numbering = ["一、", "1、"]
intro = """
2022年，在镇党委的坚强领导下，
联络处围绕中心、服务大局。"""
schedule = "2022年政协工作分月工作计划"

[approval]
state = "returned"
by = "王主席 <wang@example.org>"
at = 2022-12-29T09:30:00+08:00
note = "请补充第二季度数字"

[[targets]]
id = "k3f9qa"
name = "地区生产总值"
target = "增长10%"
actual = "增长10.4%"

[[sections]]
id = "p2x8mc"
depth = 1
heading = "强化学习，提高履职能力和水平"
body = """
第一段，带“引号”
第二段"""

[[sections]]
id = "q5z1rd"
depth = 2
heading = "组织委员学习"

[[tasks]]
id = "t7hw2e"
month = 7
period = "七、八月份"
text = "开展一次献爱心活动"
status = "done"
done_on = 2022-07-18
owner = "张三"

[[tasks]]
id = "u8jx3f"
month = 9
text = "组织视察"
status = "dropped"

[[conflicts]]
id = "c4m2kd"
item = "p2x8mc"
field = "body"
base = "原来的一段"
ours = """
我们改的一段
第二行"""
theirs = "他们改的一段"

[[conflicts]]
id = "c9n5pe"
item = "u8jx3f"
field = "deleted"
base = "组织视察"
theirs = "组织视察活动"

[[conflicts]]
id = "c0a1b2"
field = "title"
ours = "我们的标题"
theirs = "他们的标题"
"#;

    #[test]
    fn a_plan_with_every_field_set_round_trips_byte_for_byte() {
        let plan = parse_plan(FULL).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(write_plan(&plan), FULL);
        let again = parse_plan(&write_plan(&plan)).expect("parses again");
        assert_eq!(again, plan);

        // Every key the model has is set here: a field added to the model
        // and not to this test (or dropped by the writer) fails.
        let json = serde_json::to_value(&plan).expect("json");
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut top = keys(&json);
        top.sort();
        assert_eq!(
            top,
            [
                "approval",
                "conflicts",
                "date",
                "intro",
                "kind",
                "numbering",
                "org",
                "schedule",
                "schema",
                "sections",
                "targets",
                "tasks",
                "title",
                "year"
            ]
        );
        let sorted = |v: &serde_json::Value| {
            let mut k = keys(v);
            k.sort();
            k
        };
        assert_eq!(sorted(&json["approval"]), ["at", "by", "note", "state"]);
        assert_eq!(
            sorted(&json["targets"][0]),
            ["actual", "id", "name", "target"]
        );
        assert_eq!(
            sorted(&json["sections"][0]),
            ["body", "depth", "heading", "id"]
        );
        assert_eq!(
            sorted(&json["tasks"][0]),
            [
                "done_on", "id", "month", "owner", "period", "status", "text"
            ]
        );
        assert_eq!(
            sorted(&json["conflicts"][0]),
            ["base", "field", "id", "item", "ours", "theirs"]
        );
    }

    #[test]
    fn a_plan_with_every_field_set_reads_back_field_by_field() {
        let p = parse_plan(FULL).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.schema, 1);
        assert_eq!(p.title, "汪场镇政协联络处2022年工作总结");
        assert_eq!(p.year, 2022);
        assert_eq!(p.kind, Kind::Summary);
        assert_eq!(p.org.as_deref(), Some("汪场镇政协联络处"));
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2022, 12, 28));
        assert_eq!(p.numbering, [NumberStyle::Chinese, NumberStyle::Arabic]);
        assert_eq!(
            p.intro,
            "2022年，在镇党委的坚强领导下，\n联络处围绕中心、服务大局。"
        );
        assert_eq!(p.schedule, "2022年政协工作分月工作计划");

        let a = p.approval.as_ref().expect("approval");
        assert_eq!(a.state, ApprovalState::Returned);
        assert_eq!(a.by.as_deref(), Some("王主席 <wang@example.org>"));
        assert_eq!(
            a.at.map(|t| t.to_rfc3339()),
            Some("2022-12-29T09:30:00+08:00".to_string())
        );
        assert_eq!(a.note.as_deref(), Some("请补充第二季度数字"));

        let t = &p.targets[0];
        assert_eq!(
            (t.id.as_str(), t.name.as_str(), t.target.as_str()),
            ("k3f9qa", "地区生产总值", "增长10%")
        );
        assert_eq!(t.actual.as_deref(), Some("增长10.4%"));

        assert_eq!(p.sections.len(), 2);
        let s = &p.sections[0];
        assert_eq!((s.id.as_str(), s.depth), ("p2x8mc", 1));
        assert_eq!(s.heading, "强化学习，提高履职能力和水平");
        assert_eq!(s.body, "第一段，带“引号”\n第二段");
        assert_eq!((p.sections[1].depth, p.sections[1].body.as_str()), (2, ""));

        let k = &p.tasks[0];
        assert_eq!((k.id.as_str(), k.month), ("t7hw2e", 7));
        assert_eq!(k.period.as_deref(), Some("七、八月份"));
        assert_eq!(k.text, "开展一次献爱心活动");
        assert_eq!(k.status, Status::Done);
        assert_eq!(k.done_on, NaiveDate::from_ymd_opt(2022, 7, 18));
        assert_eq!(k.owner.as_deref(), Some("张三"));
        assert_eq!(p.tasks[1].status, Status::Dropped);
        assert_eq!(p.tasks[1].period, None);

        assert_eq!(p.conflicts.len(), 3);
        let c = &p.conflicts[0];
        assert_eq!((c.id.as_str(), c.item.as_str()), ("c4m2kd", "p2x8mc"));
        assert_eq!(c.field, Field::Body);
        assert_eq!(c.base.as_deref(), Some("原来的一段"));
        assert_eq!(c.ours.as_deref(), Some("我们改的一段\n第二行"));
        assert_eq!(c.theirs.as_deref(), Some("他们改的一段"));
        let d = &p.conflicts[1];
        assert_eq!((d.field, d.ours.as_deref()), (Field::Deleted, None));
        assert_eq!(d.theirs.as_deref(), Some("组织视察活动"));
        let e = &p.conflicts[2];
        assert_eq!(
            (e.item.as_str(), e.field, e.base.as_deref()),
            ("", Field::Title, None)
        );
    }

    #[test]
    fn a_conflict_about_a_missing_item_or_with_a_bad_id_is_located() {
        let src = format!(
            "{FULL}\n[[conflicts]]\nid = \"c4m2kd\"\nitem = \"nosuch\"\nfield = \"text\"\n"
        );
        let err = parse_plan(&src).expect_err("refused");
        let lines: Vec<(usize, String)> = err
            .problems
            .iter()
            .map(|p| (p.line_col(&src).0, p.message.clone()))
            .collect();
        let base = FULL.lines().count();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, base + 3);
        assert!(
            lines[0].1.contains("repeats the id `c4m2kd`"),
            "{}",
            lines[0].1
        );
        assert_eq!(lines[1].0, base + 4);
        assert!(lines[1].1.contains("item `nosuch`"), "{}", lines[1].1);

        let src = format!("{FULL}\n[[conflicts]]\nid = \"c1\"\nfield = \"colour\"\n");
        let err = parse_plan(&src).expect_err("refused");
        assert!(err.to_string().contains("colour"), "{err}");
    }
}
