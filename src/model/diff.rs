//! What changed between two versions of a plan, item by item by id, and a
//! line diff of two plan files. Pure: the store finds the versions, the CLI
//! and the UI show the result.
//!
//! Text changes are diffed by character (grapheme), so a two-character edit in
//! Chinese marks exactly two characters, not the line.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};
use unicode_segmentation::UnicodeSegmentation;

use super::{Approval, ApprovalState, Plan, Section, Status, Target, Task};

/// Past this, a diff settles for a good answer instead of the best one.
const DIFF_TIME: Duration = Duration::from_millis(300);

// ---- character-level diff ---------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    Same,
    Removed,
    Added,
}

/// An old text and a new one as one run of segments: unchanged, removed, added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineDiff {
    pub segments: Vec<(SegmentKind, String)>,
}

impl InlineDiff {
    /// The segments with long unchanged stretches cut to `…`, keeping
    /// `around` characters on each side of a change.
    pub fn elided(&self, around: usize) -> Vec<(SegmentKind, String)> {
        let last = self.segments.len().saturating_sub(1);
        self.segments
            .iter()
            .enumerate()
            .map(|(i, (kind, text))| match kind {
                SegmentKind::Same => (*kind, elide(text, around, i > 0, i < last)),
                _ => (*kind, text.clone()),
            })
            .collect()
    }

    /// Diff `old` against `new` by grapheme. Small unchanged islands inside a
    /// larger rewrite are folded into it, so a rewritten phrase reads as one
    /// removal and one addition rather than confetti.
    pub fn new(old: &str, new: &str) -> InlineDiff {
        let a: Vec<&str> = old.graphemes(true).collect();
        let b: Vec<&str> = new.graphemes(true).collect();
        let ops = capture_diff_slices_deadline(
            Algorithm::Myers,
            &a,
            &b,
            Some(Instant::now() + DIFF_TIME),
        );
        let mut segments: Vec<(SegmentKind, String)> = Vec::new();
        for op in ops {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            let old_text = || a[old_range.clone()].concat();
            let new_text = || b[new_range.clone()].concat();
            match tag {
                DiffTag::Equal => push(&mut segments, SegmentKind::Same, old_text()),
                DiffTag::Delete => push(&mut segments, SegmentKind::Removed, old_text()),
                DiffTag::Insert => push(&mut segments, SegmentKind::Added, new_text()),
                DiffTag::Replace => {
                    push(&mut segments, SegmentKind::Removed, old_text());
                    push(&mut segments, SegmentKind::Added, new_text());
                }
            }
        }
        InlineDiff {
            segments: fold_small_islands(segments),
        }
    }

    /// Whether anything was removed or added.
    pub fn is_change(&self) -> bool {
        self.segments.iter().any(|(k, _)| *k != SegmentKind::Same)
    }

    pub fn old_text(&self) -> String {
        self.text_without(SegmentKind::Added)
    }

    pub fn new_text(&self) -> String {
        self.text_without(SegmentKind::Removed)
    }

    /// How many characters were removed and how many added.
    pub fn changed_chars(&self) -> (usize, usize) {
        let count = |kind| {
            self.segments
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, s)| s.chars().count())
                .sum()
        };
        (count(SegmentKind::Removed), count(SegmentKind::Added))
    }

    /// The diff cut at newlines, one entry a line (of the old and new text
    /// interleaved as the segments run), for showing a body paragraph by paragraph.
    pub fn lines(&self) -> Vec<InlineDiff> {
        let mut out = vec![InlineDiff::default()];
        for (kind, text) in &self.segments {
            let mut parts = text.split('\n').peekable();
            while let Some(part) = parts.next() {
                if let Some(line) = out.last_mut()
                    && !part.is_empty()
                {
                    push(&mut line.segments, *kind, part.to_string());
                }
                if parts.peek().is_some() {
                    out.push(InlineDiff::default());
                }
            }
        }
        out
    }

    fn text_without(&self, skip: SegmentKind) -> String {
        self.segments
            .iter()
            .filter(|(k, _)| *k != skip)
            .map(|(_, s)| s.as_str())
            .collect()
    }
}

fn push(segments: &mut Vec<(SegmentKind, String)>, kind: SegmentKind, text: String) {
    if text.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some((k, s)) if *k == kind => s.push_str(&text),
        _ => segments.push((kind, text)),
    }
}

/// A run of changes: what it removed and what it added.
#[derive(Default)]
struct Edit {
    removed: String,
    added: String,
}

impl Edit {
    fn weight(&self) -> usize {
        self.removed
            .graphemes(true)
            .count()
            .max(self.added.graphemes(true).count())
    }
}

/// Fold an unchanged island into the edits on both sides of it when it is no
/// longer than either of them (the rule of diff-match-patch's semantic
/// cleanup). Runs until nothing more folds.
fn fold_small_islands(segments: Vec<(SegmentKind, String)>) -> Vec<(SegmentKind, String)> {
    // Alternate: Same, Edit, Same, Edit… (either may be empty at the ends).
    let mut same: Vec<String> = vec![String::new()];
    let mut edits: Vec<Edit> = Vec::new();
    for (kind, text) in segments {
        match kind {
            SegmentKind::Same => {
                if same.len() == edits.len() {
                    same.push(text);
                } else if let Some(s) = same.last_mut() {
                    s.push_str(&text);
                }
            }
            SegmentKind::Removed | SegmentKind::Added => {
                if edits.len() < same.len() {
                    edits.push(Edit::default());
                }
                if let Some(e) = edits.last_mut() {
                    match kind {
                        SegmentKind::Removed => e.removed.push_str(&text),
                        _ => e.added.push_str(&text),
                    }
                }
            }
        }
    }
    if same.len() == edits.len() {
        same.push(String::new());
    }
    // same[i] sits between edits[i-1] and edits[i].
    let mut i = 1;
    while i < edits.len() {
        let island = same[i].graphemes(true).count();
        if island > 0 && island <= edits[i - 1].weight() && island <= edits[i].weight() {
            let next = edits.remove(i);
            let text = same.remove(i);
            let prev = &mut edits[i - 1];
            prev.removed.push_str(&text);
            prev.removed.push_str(&next.removed);
            prev.added.push_str(&text);
            prev.added.push_str(&next.added);
            i = i.saturating_sub(1).max(1);
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (i, s) in same.into_iter().enumerate() {
        push(&mut out, SegmentKind::Same, s);
        if let Some(e) = edits.get_mut(i) {
            push(
                &mut out,
                SegmentKind::Removed,
                std::mem::take(&mut e.removed),
            );
            push(&mut out, SegmentKind::Added, std::mem::take(&mut e.added));
        }
    }
    out
}

/// `Some(diff)` when the texts differ.
fn changed(old: &str, new: &str) -> Option<InlineDiff> {
    (old != new).then(|| InlineDiff::new(old, new))
}

// ---- the semantic diff ------------------------------------------------------

/// Everything that changed from one version of a plan to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanDiff {
    pub header: Vec<FieldChange>,
    /// In the order of the new outline; removed sections where they stood.
    pub sections: Vec<SectionChange>,
    pub targets: Vec<TargetChange>,
    /// By month (the new month where a task moved), then in plan order.
    pub tasks: Vec<TaskChange>,
    pub approval: Option<ApprovalChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    Title,
    Year,
    Kind,
    Org,
    Date,
    Numbering,
    Intro,
    Schedule,
}

impl HeaderField {
    pub fn as_str(self) -> &'static str {
        match self {
            HeaderField::Title => "title",
            HeaderField::Year => "year",
            HeaderField::Kind => "kind",
            HeaderField::Org => "org",
            HeaderField::Date => "date",
            HeaderField::Numbering => "numbering",
            HeaderField::Intro => "intro",
            HeaderField::Schedule => "schedule",
        }
    }
}

/// One field of the plan's header; absent values are empty strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: HeaderField,
    pub old: String,
    pub new: String,
    pub inline: InlineDiff,
}

/// Where a section stands in one version of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionAt {
    /// Position in the flat outline, from 0.
    pub index: usize,
    pub depth: u8,
    /// The number it shows ("三、", "（二）"), derived from position and depth.
    pub number: String,
    /// The id of the section it belongs to; `None` at the top level.
    pub parent: Option<String>,
    pub heading: String,
    pub body: String,
}

/// One section that changed: added (no `old`), removed (no `new`), or present
/// in both and moved, renumbered and/or edited. A section moved and edited in
/// one revision is one entry with both facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChange {
    pub id: String,
    pub old: Option<SectionAt>,
    pub new: Option<SectionAt>,
    /// It changed parent, or its place among its siblings.
    pub moved: bool,
    /// Not moved, but its number changed because of other changes.
    pub renumbered: bool,
    pub heading: Option<InlineDiff>,
    pub body: Option<InlineDiff>,
}

impl SectionChange {
    pub fn is_added(&self) -> bool {
        self.old.is_none()
    }
    pub fn is_removed(&self) -> bool {
        self.new.is_none()
    }
    /// Its heading or body changed.
    pub fn is_edited(&self) -> bool {
        self.heading.is_some() || self.body.is_some()
    }
}

/// One target added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetChange {
    pub id: String,
    pub old: Option<Target>,
    pub new: Option<Target>,
    pub name: Option<InlineDiff>,
    pub target: Option<InlineDiff>,
    pub actual: Option<InlineDiff>,
}

/// One task added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskChange {
    pub id: String,
    pub old: Option<Task>,
    pub new: Option<Task>,
    /// Moved from one month to another.
    pub month: Option<(u8, u8)>,
    /// Ticked, unticked, dropped or taken up again.
    pub status: Option<(Status, Status)>,
    pub text: Option<InlineDiff>,
    pub period: Option<InlineDiff>,
    pub owner: Option<InlineDiff>,
    pub done_on: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
}

impl TaskChange {
    pub fn is_added(&self) -> bool {
        self.old.is_none()
    }
    pub fn is_removed(&self) -> bool {
        self.new.is_none()
    }
    pub fn ticked(&self) -> bool {
        matches!(self.status, Some((from, Status::Done)) if from != Status::Done)
    }
    pub fn unticked(&self) -> bool {
        matches!(self.status, Some((Status::Done, Status::Todo)))
    }
    pub fn dropped(&self) -> bool {
        matches!(self.status, Some((from, Status::Dropped)) if from != Status::Dropped)
    }
    /// A dropped task taken up again.
    pub fn undropped(&self) -> bool {
        matches!(self.status, Some((Status::Dropped, Status::Todo)))
    }
    /// The month it is in now (or was in, when removed).
    pub fn month_now(&self) -> u8 {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .map_or(0, |t| t.month)
    }
}

/// The approval block changed (state, who, when or note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalChange {
    pub old: Option<Approval>,
    pub new: Option<Approval>,
}

impl ApprovalChange {
    pub fn old_state(&self) -> ApprovalState {
        self.old.as_ref().map_or(ApprovalState::Draft, |a| a.state)
    }
    pub fn new_state(&self) -> ApprovalState {
        self.new.as_ref().map_or(ApprovalState::Draft, |a| a.state)
    }
}

impl PlanDiff {
    /// What changed from `old` to `new`, matching sections, targets and tasks
    /// by id. Items without ids (a hand-written file) are matched in order.
    pub fn between(old: &Plan, new: &Plan) -> PlanDiff {
        PlanDiff {
            header: header_changes(old, new),
            sections: section_changes(old, new),
            targets: target_changes(&old.targets, &new.targets),
            tasks: task_changes(&old.tasks, &new.tasks),
            approval: (old.approval != new.approval).then(|| ApprovalChange {
                old: old.approval.clone(),
                new: new.approval.clone(),
            }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.header.is_empty()
            && self.sections.is_empty()
            && self.targets.is_empty()
            && self.tasks.is_empty()
            && self.approval.is_none()
    }
}

fn header_changes(old: &Plan, new: &Plan) -> Vec<FieldChange> {
    let numbering = |p: &Plan| {
        p.numbering
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let fields = [
        (HeaderField::Title, old.title.clone(), new.title.clone()),
        (
            HeaderField::Year,
            old.year.to_string(),
            new.year.to_string(),
        ),
        (
            HeaderField::Kind,
            old.kind.as_str().to_string(),
            new.kind.as_str().to_string(),
        ),
        (
            HeaderField::Org,
            old.org.clone().unwrap_or_default(),
            new.org.clone().unwrap_or_default(),
        ),
        (
            HeaderField::Date,
            old.date.map(|d| d.to_string()).unwrap_or_default(),
            new.date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (HeaderField::Numbering, numbering(old), numbering(new)),
        (HeaderField::Intro, old.intro.clone(), new.intro.clone()),
        (
            HeaderField::Schedule,
            old.schedule.clone(),
            new.schedule.clone(),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, o, n)| o != n)
        .map(|(field, old, new)| FieldChange {
            field,
            inline: InlineDiff::new(&old, &new),
            old,
            new,
        })
        .collect()
}

/// The keys items are matched by: their ids, or `@n` for the n-th item
/// without one.
fn keys<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut anonymous = 0;
    ids.map(|id| {
        if id.is_empty() {
            anonymous += 1;
            format!("@{anonymous}")
        } else {
            id.to_string()
        }
    })
    .collect()
}

fn outline(plan: &Plan) -> (Vec<String>, Vec<SectionAt>) {
    let keys = keys(plan.sections.iter().map(|s| s.id.as_str()));
    let numbers = plan.numbers();
    // The open sections by depth: the nearest shallower one is the parent.
    let mut open: Vec<(u8, usize)> = Vec::new();
    let mut at = Vec::with_capacity(plan.sections.len());
    for (i, s) in plan.sections.iter().enumerate() {
        while open.last().is_some_and(|(d, _)| *d >= s.depth) {
            open.pop();
        }
        at.push(section_at(
            i,
            s,
            numbers.get(i).cloned().unwrap_or_default(),
            open.last().map(|(_, p)| keys[*p].clone()),
        ));
        open.push((s.depth, i));
    }
    (keys, at)
}

fn section_at(index: usize, s: &Section, number: String, parent: Option<String>) -> SectionAt {
    SectionAt {
        index,
        depth: s.depth,
        number,
        parent,
        heading: s.heading.clone(),
        body: s.body.clone(),
    }
}

fn section_changes(old: &Plan, new: &Plan) -> Vec<SectionChange> {
    let (old_keys, old_at) = outline(old);
    let (new_keys, new_at) = outline(new);
    let old_by_key: HashMap<&str, usize> = old_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let new_by_key: HashMap<&str, usize> = new_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();

    // Moved among siblings: of the sections that kept their parent, those
    // outside the longest common order of each sibling group.
    let kept_parent = |k: &str| {
        let (Some(&o), Some(&n)) = (old_by_key.get(k), new_by_key.get(k)) else {
            return false;
        };
        old_at[o].parent == new_at[n].parent
    };
    let mut groups: HashMap<Option<&str>, (Vec<&str>, Vec<&str>)> = HashMap::new();
    for (k, at) in old_keys.iter().zip(&old_at) {
        if kept_parent(k) {
            groups.entry(at.parent.as_deref()).or_default().0.push(k);
        }
    }
    for (k, at) in new_keys.iter().zip(&new_at) {
        if kept_parent(k) {
            groups.entry(at.parent.as_deref()).or_default().1.push(k);
        }
    }
    let mut in_order: HashSet<&str> = HashSet::new();
    for (a, b) in groups.values() {
        let ops =
            capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(Instant::now() + DIFF_TIME));
        for op in ops {
            if op.tag() == DiffTag::Equal {
                in_order.extend(&a[op.old_range()]);
            }
        }
    }

    // (position in the new outline, removed-after flag, old index) → change.
    let mut out: Vec<((i64, u8, usize), SectionChange)> = Vec::new();
    for (n, key) in new_keys.iter().enumerate() {
        let new = &new_at[n];
        let Some(&o) = old_by_key.get(key.as_str()) else {
            out.push((
                (n as i64, 0, 0),
                SectionChange {
                    id: key.clone(),
                    old: None,
                    new: Some(new.clone()),
                    moved: false,
                    renumbered: false,
                    heading: None,
                    body: None,
                },
            ));
            continue;
        };
        let old = &old_at[o];
        let moved = old.parent != new.parent || !in_order.contains(key.as_str());
        let change = SectionChange {
            id: key.clone(),
            moved,
            renumbered: !moved && old.number != new.number,
            heading: changed(&old.heading, &new.heading),
            body: changed(&old.body, &new.body),
            old: Some(old.clone()),
            new: Some(new.clone()),
        };
        if change.moved || change.renumbered || change.is_edited() {
            out.push(((n as i64, 0, 0), change));
        }
    }
    for (o, key) in old_keys.iter().enumerate() {
        if new_by_key.contains_key(key.as_str()) {
            continue;
        }
        // After the nearest earlier section that is still there.
        let anchor = old_keys[..o]
            .iter()
            .rev()
            .find_map(|k| new_by_key.get(k.as_str()))
            .map_or(-1, |&n| n as i64);
        out.push((
            (anchor, 1, o),
            SectionChange {
                id: key.clone(),
                old: Some(old_at[o].clone()),
                new: None,
                moved: false,
                renumbered: false,
                heading: None,
                body: None,
            },
        ));
    }
    out.sort_by_key(|(k, _)| *k);
    out.into_iter().map(|(_, c)| c).collect()
}

fn target_changes(old: &[Target], new: &[Target]) -> Vec<TargetChange> {
    let old_keys = keys(old.iter().map(|t| t.id.as_str()));
    let new_keys = keys(new.iter().map(|t| t.id.as_str()));
    let old_by: HashMap<&str, &Target> = old_keys.iter().map(String::as_str).zip(old).collect();
    let new_set: HashSet<&str> = new_keys.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for (key, t) in new_keys.iter().zip(new) {
        match old_by.get(key.as_str()) {
            None => out.push(TargetChange {
                id: key.clone(),
                old: None,
                new: Some(t.clone()),
                name: None,
                target: None,
                actual: None,
            }),
            Some(&o) if o != t => out.push(TargetChange {
                id: key.clone(),
                old: Some(o.clone()),
                new: Some(t.clone()),
                name: changed(&o.name, &t.name),
                target: changed(&o.target, &t.target),
                actual: changed(
                    o.actual.as_deref().unwrap_or_default(),
                    t.actual.as_deref().unwrap_or_default(),
                ),
            }),
            Some(_) => {}
        }
    }
    for (key, t) in old_keys.iter().zip(old) {
        if !new_set.contains(key.as_str()) {
            out.push(TargetChange {
                id: key.clone(),
                old: Some(t.clone()),
                new: None,
                name: None,
                target: None,
                actual: None,
            });
        }
    }
    out
}

fn task_changes(old: &[Task], new: &[Task]) -> Vec<TaskChange> {
    let old_keys = keys(old.iter().map(|t| t.id.as_str()));
    let new_keys = keys(new.iter().map(|t| t.id.as_str()));
    let old_by: HashMap<&str, &Task> = old_keys.iter().map(String::as_str).zip(old).collect();
    let new_set: HashSet<&str> = new_keys.iter().map(String::as_str).collect();
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let blank = |id: &str, old: Option<&Task>, new: Option<&Task>| TaskChange {
        id: id.to_string(),
        old: old.cloned(),
        new: new.cloned(),
        month: None,
        status: None,
        text: None,
        period: None,
        owner: None,
        done_on: None,
    };
    let mut out = Vec::new();
    for (key, t) in new_keys.iter().zip(new) {
        match old_by.get(key.as_str()) {
            None => out.push(blank(key, None, Some(t))),
            Some(&o) if o != t => out.push(TaskChange {
                month: (o.month != t.month).then_some((o.month, t.month)),
                status: (o.status != t.status).then_some((o.status, t.status)),
                text: changed(&o.text, &t.text),
                period: changed(&opt(&o.period), &opt(&t.period)),
                owner: changed(&opt(&o.owner), &opt(&t.owner)),
                done_on: (o.done_on != t.done_on).then_some((o.done_on, t.done_on)),
                ..blank(key, Some(o), Some(t))
            }),
            Some(_) => {}
        }
    }
    for (key, t) in old_keys.iter().zip(old) {
        if !new_set.contains(key.as_str()) {
            out.push(blank(key, Some(t), None));
        }
    }
    // Stable: plan order within a month.
    out.sort_by_key(TaskChange::month_now);
    out
}

// ---- line diff of two files -------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    Context,
    Added,
    Removed,
}

/// One line of a hunk, with its 1-based number in the old and/or new file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: LineKind,
    pub old_no: Option<usize>,
    pub new_no: Option<usize>,
    /// The line without its newline.
    pub text: String,
}

/// A run of changed lines with the unchanged lines around them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old_start: usize,
    pub old_lines: usize,
    pub new_start: usize,
    pub new_lines: usize,
    pub lines: Vec<DiffLine>,
}

impl Hunk {
    /// The header as git writes it: `@@ -3,7 +3,8 @@`.
    pub fn header(&self) -> String {
        format!(
            "@@ -{},{} +{},{} @@",
            self.old_start, self.old_lines, self.new_start, self.new_lines
        )
    }
}

/// The changed lines of `new` against `old`, with `context` unchanged lines
/// around each change, as git's unified diff groups them.
pub fn line_diff(old: &str, new: &str, context: usize) -> Vec<Hunk> {
    let diff = similar::TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(DIFF_TIME)
        .diff_lines(old, new);
    let mut hunks = Vec::new();
    for group in diff.grouped_ops(context) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        // git numbers an empty side by the line before it.
        let start = |r: &std::ops::Range<usize>| if r.is_empty() { r.start } else { r.start + 1 };
        let mut lines = Vec::new();
        for op in &group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    similar::ChangeTag::Equal => LineKind::Context,
                    similar::ChangeTag::Delete => LineKind::Removed,
                    similar::ChangeTag::Insert => LineKind::Added,
                };
                let text = change.value();
                lines.push(DiffLine {
                    kind,
                    old_no: change.old_index().map(|i| i + 1),
                    new_no: change.new_index().map(|i| i + 1),
                    text: text.strip_suffix('\n').unwrap_or(text).to_string(),
                });
            }
        }
        hunks.push(Hunk {
            old_start: start(&old_range),
            old_lines: old_range.len(),
            new_start: start(&new_range),
            new_lines: new_range.len(),
            lines,
        });
    }
    hunks
}

/// `text` with its middle cut to `…`, keeping what borders a change.
fn elide(text: &str, around: usize, keep_start: bool, keep_end: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let keep = around * (usize::from(keep_start) + usize::from(keep_end));
    if chars.len() <= keep + 1 {
        return text.to_string();
    }
    let head: String = if keep_start {
        chars[..around].iter().collect()
    } else {
        String::new()
    };
    let tail: String = if keep_end {
        chars[chars.len() - around..].iter().collect()
    } else {
        String::new()
    };
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(d: &InlineDiff) -> String {
        d.segments
            .iter()
            .map(|(k, s)| match k {
                SegmentKind::Same => s.clone(),
                SegmentKind::Removed => format!("[-{s}-]"),
                SegmentKind::Added => format!("{{+{s}+}}"),
            })
            .collect()
    }

    #[test]
    fn a_one_character_chinese_edit_marks_one_character() {
        let d = InlineDiff::new("全年学习四次", "全年学习六次");
        assert_eq!(marked(&d), "全年学习[-四-]{+六+}次");
        assert_eq!(d.changed_chars(), (1, 1));
        assert_eq!(d.old_text(), "全年学习四次");
        assert_eq!(d.new_text(), "全年学习六次");
    }

    #[test]
    fn emoji_and_combining_marks_stay_whole() {
        let d = InlineDiff::new("进度👍🏽完成", "进度👍🏿完成");
        assert_eq!(marked(&d), "进度[-👍🏽-]{+👍🏿+}完成");
    }

    #[test]
    fn a_rewrite_is_one_removal_and_one_addition() {
        let d = InlineDiff::new("组织委员视察", "开展委员培训");
        // 委员 is longer than neither edit around it? It is as long as both: folded.
        assert_eq!(marked(&d), "[-组织委员视察-]{+开展委员培训+}");
        let d = InlineDiff::new("强化学习，提高履职能力", "强化培训，提高履职水平");
        assert_eq!(marked(&d), "强化[-学习-]{+培训+}，提高履职[-能力-]{+水平+}");
    }

    #[test]
    fn folding_never_changes_either_text() {
        let pairs = [
            ("", "新增"),
            ("删除", ""),
            (
                "加强理论学习和形势教育，全年四次",
                "强化理论武装，全年集中学习六次以上",
            ),
            ("a的b的c的d", "x的y的z的w"),
            ("一\n二\n三", "一\n贰\n三\n四"),
            ("🦀你好", "你好🦀"),
        ];
        for (old, new) in pairs {
            let d = InlineDiff::new(old, new);
            assert_eq!(d.old_text(), old, "{d:?}");
            assert_eq!(d.new_text(), new, "{d:?}");
            assert_eq!(d.is_change(), old != new);
        }
        assert_eq!(
            marked(&InlineDiff::new("a的b的c的d", "x的y的z的w")),
            "[-a的b的c的d-]{+x的y的z的w+}"
        );
    }

    #[test]
    fn lines_split_at_newlines() {
        let d = InlineDiff::new("第一段\n第二段旧", "第一段\n第二段新");
        let lines = d.lines();
        assert_eq!(lines.len(), 2);
        assert!(!lines[0].is_change());
        assert_eq!(marked(&lines[1]), "第二段[-旧-]{+新+}");
    }

    #[test]
    fn line_diff_numbers_lines_like_git() {
        let hunks = line_diff("a\nb\nc\n", "a\nB\nc\nd\n", 1);
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].header(), "@@ -1,3 +1,4 @@");
        let kinds: Vec<(LineKind, Option<usize>, Option<usize>, &str)> = hunks[0]
            .lines
            .iter()
            .map(|l| (l.kind, l.old_no, l.new_no, l.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (LineKind::Context, Some(1), Some(1), "a"),
                (LineKind::Removed, Some(2), None, "b"),
                (LineKind::Added, None, Some(2), "B"),
                (LineKind::Context, Some(3), Some(3), "c"),
                (LineKind::Added, None, Some(4), "d"),
            ]
        );
        assert!(line_diff("same\n", "same\n", 3).is_empty());
        assert_eq!(line_diff("", "x\n", 3)[0].header(), "@@ -0,0 +1,1 @@");
    }
}
