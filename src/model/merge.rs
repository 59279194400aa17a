//! The semantic three-way merge of a plan: our version and theirs against
//! their common ancestor, item by item by id, field by field. What one side
//! changed is taken; what both changed alike is taken once; text both
//! changed is merged line by line, then by character ([`merge3`]); what
//! still collides keeps our value in the plan and both sides (and the base)
//! as a [`Conflict`]. Nothing either side wrote is dropped.
//!
//! Pure: the store finds the three versions; the CLI and the UI show the result.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::merge3::{Chunk, diff3, matches, merge_text};
use super::{
    Approval, ApprovalState, Conflict, Field, Plan, Section, Status, Target, Task, new_item_id,
};

/// What a merge of one plan gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The merged plan; `None` when it is deleted (on one side, unchanged on
    /// the other, or on both).
    pub plan: Option<Plan>,
    /// The conflicts this merge added (they are in `plan.conflicts` too).
    pub conflicts: Vec<Conflict>,
    /// The plan was approved on a side, and the merge changed what that
    /// approval covered, so it went back to draft.
    pub approval_reset: bool,
}

/// Merge `ours` and `theirs` against `base`; `None` is a plan that does not
/// exist in that version (not yet created, or deleted).
pub fn merge(base: Option<&Plan>, ours: Option<&Plan>, theirs: Option<&Plan>) -> MergeOutcome {
    let unchanged = |plan: Option<&Plan>| MergeOutcome {
        plan: plan.cloned(),
        conflicts: Vec::new(),
        approval_reset: false,
    };
    match (base, ours, theirs) {
        (_, None, None) => unchanged(None),
        (None, Some(one), None) | (None, None, Some(one)) => unchanged(Some(one)),
        (Some(b), None, Some(kept)) | (Some(b), Some(kept), None) => {
            if kept == b {
                return unchanged(None);
            }
            // Deleted on one side, edited on the other: kept, with a conflict.
            let ours_deleted = ours.is_none();
            let mut plan = kept.clone();
            let conflict = Conflict {
                id: fresh_conflict_id(&plan.conflicts),
                item: String::new(),
                field: Field::Deleted,
                base: Some(b.title.clone()),
                ours: (!ours_deleted).then(|| kept.title.clone()),
                theirs: ours_deleted.then(|| kept.title.clone()),
            };
            plan.conflicts.push(conflict.clone());
            MergeOutcome {
                plan: Some(plan),
                conflicts: vec![conflict],
                approval_reset: false,
            }
        }
        (None, Some(o), Some(t)) => {
            // Created on both sides with the same id: merged against an empty plan.
            let mut empty = Plan::new("", o.year, o.kind);
            empty.schema = o.schema;
            let mut outcome = merge_plans(&empty, o, t);
            // Header fields collided with no base at all, not with an empty one.
            let header = |c: &mut Conflict| {
                if c.item.is_empty() && c.base.as_deref() == Some("") {
                    c.base = None;
                }
            };
            outcome.conflicts.iter_mut().for_each(header);
            if let Some(p) = &mut outcome.plan {
                p.conflicts.iter_mut().for_each(header);
            }
            outcome
        }
        (Some(b), Some(o), Some(t)) => merge_plans(b, o, t),
    }
}

fn fresh_conflict_id(taken: &[Conflict]) -> String {
    loop {
        let id = new_item_id();
        if !taken.iter().any(|c| c.id == id) {
            return id;
        }
    }
}

/// Collects the conflicts of one plan's merge.
struct Merger {
    conflicts: Vec<Conflict>,
    /// Ids of conflicts already in any version, never reused.
    taken: HashSet<String>,
}

impl Merger {
    fn conflict(
        &mut self,
        item: &str,
        field: Field,
        base: Option<String>,
        ours: Option<String>,
        theirs: Option<String>,
    ) {
        let id = loop {
            let id = new_item_id();
            if self.taken.insert(id.clone()) {
                break id;
            }
        };
        self.conflicts.push(Conflict {
            id,
            item: item.to_string(),
            field,
            base,
            ours,
            theirs,
        });
    }

    /// A value merged whole: one side's change is taken; two different
    /// changes keep ours, with a conflict.
    fn value<V: PartialEq + Clone>(
        &mut self,
        item: &str,
        field: Field,
        base: Option<&V>,
        ours: &V,
        theirs: &V,
        show: impl Fn(&V) -> String,
    ) -> V {
        if ours == theirs || base == Some(theirs) {
            return ours.clone();
        }
        if base == Some(ours) {
            return theirs.clone();
        }
        self.conflict(
            item,
            field,
            base.map(&show),
            Some(show(ours)),
            Some(show(theirs)),
        );
        ours.clone()
    }

    /// A text: both sides' changes merged where they do not collide.
    fn text(
        &mut self,
        item: &str,
        field: Field,
        base: Option<&str>,
        ours: &str,
        theirs: &str,
    ) -> String {
        if let Some(merged) = merge_text(base.unwrap_or(""), ours, theirs) {
            return merged;
        }
        self.conflict(
            item,
            field,
            base.map(str::to_string),
            Some(ours.to_string()),
            Some(theirs.to_string()),
        );
        ours.to_string()
    }

    /// An optional text (org, owner, period, actual): merged as text when
    /// present on all sides that have one, else as a value.
    fn opt_text(
        &mut self,
        item: &str,
        field: Field,
        base: Option<&Option<String>>,
        ours: &Option<String>,
        theirs: &Option<String>,
    ) -> Option<String> {
        if ours == theirs || base == Some(theirs) {
            return ours.clone();
        }
        if base == Some(ours) {
            return theirs.clone();
        }
        match (ours, theirs) {
            (Some(o), Some(t)) => {
                let b = base.and_then(|b| b.as_deref());
                Some(self.text(item, field, b, o, t))
            }
            _ => self.value(item, field, base, ours, theirs, |v| {
                v.clone().unwrap_or_default()
            }),
        }
    }
}

fn merge_plans(b: &Plan, o: &Plan, t: &Plan) -> MergeOutcome {
    let mut m = Merger {
        conflicts: Vec::new(),
        taken: [b, o, t]
            .iter()
            .flat_map(|p| p.conflicts.iter().map(|c| c.id.clone()))
            .collect(),
    };
    let show_date = |d: &Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut plan = Plan {
        schema: o.schema.max(t.schema),
        title: m.text("", Field::Title, Some(&b.title), &o.title, &t.title),
        year: o.year,
        kind: o.kind,
        org: m.opt_text("", Field::Org, Some(&b.org), &o.org, &t.org),
        date: m.value("", Field::Date, Some(&b.date), &o.date, &t.date, show_date),
        numbering: m.value(
            "",
            Field::Numbering,
            Some(&b.numbering),
            &o.numbering,
            &t.numbering,
            |n| n.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" "),
        ),
        intro: m.text("", Field::Intro, Some(&b.intro), &o.intro, &t.intro),
        schedule: m.text(
            "",
            Field::Schedule,
            Some(&b.schedule),
            &o.schedule,
            &t.schedule,
        ),
        approval: m.value(
            "",
            Field::Approval,
            Some(&b.approval),
            &o.approval,
            &t.approval,
            show_approval,
        ),
        targets: merge_items(&mut m, &b.targets, &o.targets, &t.targets, &TARGETS),
        sections: merge_items(&mut m, &b.sections, &o.sections, &t.sections, &SECTIONS),
        tasks: merge_items(&mut m, &b.tasks, &o.tasks, &t.tasks, &TASKS),
        conflicts: Vec::new(),
    };
    fix_depths(&mut plan.sections);

    // Conflicts already recorded: one side resolving one removes it.
    let mut conflicts = merge_conflicts(&b.conflicts, &o.conflicts, &t.conflicts);
    let ids: HashSet<&str> = plan
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .chain(plan.targets.iter().map(|t| t.id.as_str()))
        .chain(plan.tasks.iter().map(|t| t.id.as_str()))
        .collect();
    conflicts.retain(|c| c.item.is_empty() || ids.contains(c.item.as_str()));
    let new: Vec<Conflict> = m
        .conflicts
        .into_iter()
        .filter(|c| c.item.is_empty() || ids.contains(c.item.as_str()))
        .collect();
    conflicts.extend(new.iter().cloned());
    plan.conflicts = conflicts;

    // An approval stands only on the content it approved.
    let approval_reset = plan.state() == ApprovalState::Approved
        && ![o, t]
            .iter()
            .any(|side| side.approval == plan.approval && side.same_content(&plan));
    if approval_reset {
        plan.approval = None;
    }
    MergeOutcome {
        plan: Some(plan),
        conflicts: new,
        approval_reset,
    }
}

fn show_approval(a: &Option<Approval>) -> String {
    match a {
        None => ApprovalState::Draft.as_str().to_string(),
        Some(a) => {
            let mut s = a.state.as_str().to_string();
            if let Some(by) = &a.by {
                s.push(' ');
                s.push_str(by);
            }
            if let Some(at) = a.at {
                s.push(' ');
                s.push_str(&at.to_rfc3339());
            }
            if let Some(note) = &a.note {
                s.push_str(": ");
                s.push_str(note);
            }
            s
        }
    }
}

/// How one kind of item is merged.
struct Items<T> {
    id: fn(&T) -> &str,
    /// The text a reader knows the item by, kept in a conflict when it was deleted.
    label: fn(&T) -> String,
    /// Field by field; `None` base: created on both sides.
    fields: fn(&mut Merger, Option<&T>, &T, &T) -> T,
}

const SECTIONS: Items<Section> = Items {
    id: |s| s.id.as_str(),
    label: |s| s.heading.clone(),
    fields: |m, b, o, t| Section {
        id: o.id.clone(),
        depth: m.value(
            &o.id,
            Field::Depth,
            b.map(|b| &b.depth),
            &o.depth,
            &t.depth,
            u8::to_string,
        ),
        heading: m.text(
            &o.id,
            Field::Heading,
            b.map(|b| b.heading.as_str()),
            &o.heading,
            &t.heading,
        ),
        body: m.text(
            &o.id,
            Field::Body,
            b.map(|b| b.body.as_str()),
            &o.body,
            &t.body,
        ),
    },
};

const TARGETS: Items<Target> = Items {
    id: |t| t.id.as_str(),
    label: |t| t.name.clone(),
    fields: |m, b, o, t| Target {
        id: o.id.clone(),
        name: m.text(
            &o.id,
            Field::Name,
            b.map(|b| b.name.as_str()),
            &o.name,
            &t.name,
        ),
        target: m.text(
            &o.id,
            Field::Target,
            b.map(|b| b.target.as_str()),
            &o.target,
            &t.target,
        ),
        actual: m.opt_text(
            &o.id,
            Field::Actual,
            b.map(|b| &b.actual),
            &o.actual,
            &t.actual,
        ),
    },
};

const TASKS: Items<Task> = Items {
    id: |t| t.id.as_str(),
    label: |t| t.text.clone(),
    fields: |m, b, o, t| {
        let progress = |t: &Task| (t.status, t.done_on);
        let base_progress = b.map(progress);
        let (status, done_on) = match (progress(o), progress(t)) {
            // Ticked on both sides on different days: the first counts.
            ((Status::Done, Some(a)), (Status::Done, Some(c)))
                if base_progress != Some(progress(o)) && base_progress != Some(progress(t)) =>
            {
                (Status::Done, Some(a.min(c)))
            }
            (po, pt) => m.value(
                &o.id,
                Field::Status,
                base_progress.as_ref(),
                &po,
                &pt,
                |(s, d)| match d {
                    Some(d) => format!("{} {d}", s.as_str()),
                    None => s.as_str().to_string(),
                },
            ),
        };
        Task {
            id: o.id.clone(),
            month: m.value(
                &o.id,
                Field::Month,
                b.map(|b| &b.month),
                &o.month,
                &t.month,
                u8::to_string,
            ),
            period: m.opt_text(
                &o.id,
                Field::Period,
                b.map(|b| &b.period),
                &o.period,
                &t.period,
            ),
            text: m.text(
                &o.id,
                Field::Text,
                b.map(|b| b.text.as_str()),
                &o.text,
                &t.text,
            ),
            status,
            done_on,
            owner: m.opt_text(&o.id, Field::Owner, b.map(|b| &b.owner), &o.owner, &t.owner),
        }
    },
};

/// The key an item is followed by: its id, or for an item without one (a
/// hand-written file) its whole content and how many alike came before, so
/// that an unchanged item matches itself and an edited one is kept whole.
fn keys<T: std::fmt::Debug>(items: &[T], id: fn(&T) -> &str) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let id = id(item);
            if !id.is_empty() {
                return id.to_string();
            }
            let content = format!("{item:?}");
            let n = seen.entry(content.clone()).or_default();
            *n += 1;
            format!("\u{0}{n}\u{0}{content}")
        })
        .collect()
}

fn merge_items<T: Clone + PartialEq + std::fmt::Debug>(
    m: &mut Merger,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    how: &Items<T>,
) -> Vec<T> {
    let (kb, ko, kt) = (keys(base, how.id), keys(ours, how.id), keys(theirs, how.id));
    let index = |keys: &[String]| -> HashMap<String, usize> {
        keys.iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect()
    };
    let (ib, io, it) = (index(&kb), index(&ko), index(&kt));
    let mut merged: HashMap<String, T> = HashMap::new();
    let all: Vec<&String> = ko.iter().chain(&kt).chain(&kb).collect();
    for key in all {
        if merged.contains_key(key) {
            continue;
        }
        let b = ib.get(key).map(|&i| &base[i]);
        let o = io.get(key).map(|&i| &ours[i]);
        let t = it.get(key).map(|&i| &theirs[i]);
        let item = match (b, o, t) {
            (_, Some(o), Some(t)) => Some((how.fields)(m, b, o, t)),
            (None, Some(one), None) | (None, None, Some(one)) => Some(one.clone()),
            (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
                if kept == b {
                    None
                } else {
                    let ours_kept = o.is_some();
                    m.conflict(
                        (how.id)(kept),
                        Field::Deleted,
                        Some((how.label)(b)),
                        ours_kept.then(|| (how.label)(kept)),
                        (!ours_kept).then(|| (how.label)(kept)),
                    );
                    Some(kept.clone())
                }
            }
            (Some(_), None, None) | (None, None, None) => None,
        };
        if let Some(item) = item {
            merged.insert(key.clone(), item);
        }
    }
    let order = merge_order(&kb, &ko, &kt, &merged);
    order
        .into_iter()
        .filter_map(|k| merged.remove(&k))
        .collect()
}

/// The items of `base` that `side` moved: those it kept that are not in
/// the longest run it kept in the base's order.
fn moved(base: &[String], side: &[String]) -> HashSet<String> {
    let in_side: HashSet<&String> = side.iter().collect();
    let in_base: HashSet<&String> = base.iter().collect();
    let b: Vec<&String> = base.iter().filter(|k| in_side.contains(k)).collect();
    let s: Vec<&String> = side.iter().filter(|k| in_base.contains(k)).collect();
    b.iter()
        .zip(matches(&b, &s))
        .filter(|(_, m)| m.is_none())
        .map(|(k, _)| (*k).clone())
        .collect()
}

/// The order of the merged items: both sides' insertions, deletions and
/// moves applied to the base order; where both inserted at one place, or
/// moved one item to different places, ours first. An item that one side
/// deleted and the other kept goes back after the item it followed.
fn merge_order<T>(
    base: &[String],
    ours: &[String],
    theirs: &[String],
    keep: &HashMap<String, T>,
) -> Vec<String> {
    // A move is the item taken out where it was and put in where the side
    // put it; a side that did not move it follows the one that did (ours
    // when both did), so one side's move never undoes the other's.
    let (moved_ours, moved_theirs) = (moved(base, ours), moved(base, theirs));
    let without = |items: &[String], gone: &dyn Fn(&String) -> bool| -> Vec<String> {
        items.iter().filter(|k| !gone(k)).cloned().collect()
    };
    let base_left = without(base, &|k| {
        moved_ours.contains(k) || moved_theirs.contains(k)
    });
    let ours_left = without(ours, &|k| {
        moved_theirs.contains(k) && !moved_ours.contains(k)
    });
    let theirs_left = without(theirs, &|k| moved_ours.contains(k));
    let mut out: Vec<String> = Vec::with_capacity(keep.len());
    let mut placed: HashSet<String> = HashSet::new();
    let mut place = |out: &mut Vec<String>, k: &String| {
        if keep.contains_key(k) && placed.insert(k.clone()) {
            out.push(k.clone());
        }
    };
    for chunk in diff3(&base_left, &ours_left, &theirs_left) {
        match chunk {
            Chunk::Clean(v) => v.iter().for_each(|k| place(&mut out, k)),
            Chunk::Conflict { ours, theirs, .. } => {
                ours.iter().chain(&theirs).for_each(|k| place(&mut out, k));
            }
        }
    }
    for side in [ours, theirs, base] {
        for (i, k) in side.iter().enumerate() {
            if !keep.contains_key(k) || out.contains(k) {
                continue;
            }
            let after = side[..i]
                .iter()
                .rev()
                .find_map(|p| out.iter().position(|q| q == p));
            out.insert(after.map_or(0, |p| p + 1), k.clone());
        }
    }
    out
}

/// A section can go at most one level deeper than the one before it: a
/// merge that put a child after another parent's deletion lifts it.
fn fix_depths(sections: &mut [Section]) {
    let mut prev = 0u8;
    for s in sections {
        s.depth = s.depth.clamp(1, prev + 1);
        prev = s.depth;
    }
}

/// Recorded conflicts, kept unless one side resolved (removed) them.
fn merge_conflicts(base: &[Conflict], ours: &[Conflict], theirs: &[Conflict]) -> Vec<Conflict> {
    let in_base: HashSet<&str> = base.iter().map(|c| c.id.as_str()).collect();
    let in_ours: HashSet<&str> = ours.iter().map(|c| c.id.as_str()).collect();
    let in_theirs: HashSet<&str> = theirs.iter().map(|c| c.id.as_str()).collect();
    let mut out: Vec<Conflict> = ours
        .iter()
        .filter(|c| !in_base.contains(c.id.as_str()) || in_theirs.contains(c.id.as_str()))
        .cloned()
        .collect();
    out.extend(
        theirs
            .iter()
            .filter(|c| !in_base.contains(c.id.as_str()) && !in_ours.contains(c.id.as_str()))
            .cloned(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, parse_plan, write_plan};

    fn section(id: &str, depth: u8, heading: &str, body: &str) -> Section {
        Section {
            id: id.into(),
            depth,
            heading: heading.into(),
            body: body.into(),
        }
    }

    fn task(id: &str, month: u8, text: &str) -> Task {
        Task {
            id: id.into(),
            month,
            period: None,
            text: text.into(),
            status: Status::Todo,
            done_on: None,
            owner: None,
        }
    }

    /// 汪场镇's plan, cut down: four sections, two targets, four tasks.
    fn base() -> Plan {
        let mut p = Plan::new("汪场镇政协联络处2022年工作计划", 2022, Kind::Plan);
        p.org = Some("汪场镇政协联络处".into());
        p.intro = "2022年，联络处在镇党委的领导下开展工作。".into();
        p.sections = vec![
            section(
                "s1",
                1,
                "强化学习，提高履职能力和水平",
                "组织委员学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。",
            ),
            section("s2", 2, "加强理论学习", "认真学习政协章程。"),
            section("s3", 1, "围绕中心，积极建言献策", "围绕乡村振兴开展调研。"),
            section("s4", 1, "加强自身建设", ""),
        ];
        p.targets = vec![
            Target {
                id: "g1".into(),
                name: "地区生产总值".into(),
                target: "增长10%".into(),
                actual: None,
            },
            Target {
                id: "g2".into(),
                name: "提案办结率".into(),
                target: "100%".into(),
                actual: None,
            },
        ];
        p.tasks = vec![
            task("t1", 2, "开展一次献爱心活动"),
            task("t2", 3, "组织委员视察春耕生产"),
            task("t3", 7, "开展民主监督"),
            task("t4", 11, "年终总结"),
        ];
        p
    }

    fn merged(b: &Plan, o: &Plan, t: &Plan) -> MergeOutcome {
        merge(Some(b), Some(o), Some(t))
    }

    fn plan_of(out: &MergeOutcome) -> &Plan {
        out.plan.as_ref().expect("a plan")
    }

    #[test]
    fn edits_of_different_tasks_and_sections_both_arrive() {
        let b = base();
        let mut o = b.clone();
        o.tasks[0].status = Status::Done;
        o.tasks[0].done_on = NaiveDate::from_ymd_opt(2022, 2, 18);
        o.sections[2].heading = "围绕中心，积极建言献策，服务大局".into();
        let mut t = b.clone();
        t.tasks[1].text = "组织委员视察春耕备耕生产".into();
        t.targets[0].actual = Some("增长10.4%".into());
        let out = merged(&b, &o, &t);
        let p = plan_of(&out);
        assert!(out.conflicts.is_empty(), "{:?}", out.conflicts);
        assert_eq!(p.tasks[0].status, Status::Done);
        assert_eq!(p.tasks[1].text, "组织委员视察春耕备耕生产");
        assert_eq!(p.sections[2].heading, "围绕中心，积极建言献策，服务大局");
        assert_eq!(p.targets[0].actual.as_deref(), Some("增长10.4%"));
    }

    #[test]
    fn one_body_edited_on_different_lines_merges_and_the_same_sentence_conflicts() {
        let b = base();
        let mut o = b.clone();
        o.sections[0].body =
            "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。"
                .into();
        let mut t = b.clone();
        t.sections[0].body =
            "组织委员学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流座谈会。"
                .into();
        let out = merged(&b, &o, &t);
        assert!(out.conflicts.is_empty());
        assert_eq!(
            plan_of(&out).sections[0].body,
            "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流座谈会。"
        );

        let mut t = b.clone();
        t.sections[0].body =
            "组织委员深入学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。"
                .into();
        let out = merged(&b, &o, &t);
        let p = plan_of(&out);
        assert_eq!(out.conflicts.len(), 1);
        let c = &out.conflicts[0];
        assert_eq!((c.item.as_str(), c.field), ("s1", Field::Body));
        assert_eq!(c.base.as_deref(), Some(b.sections[0].body.as_str()));
        assert_eq!(c.ours.as_deref(), Some(o.sections[0].body.as_str()));
        assert_eq!(c.theirs.as_deref(), Some(t.sections[0].body.as_str()));
        // The plan keeps ours until someone resolves it, and holds the conflict.
        assert_eq!(p.sections[0].body, o.sections[0].body);
        assert_eq!(p.conflicts, out.conflicts);
        // It is a valid plan file.
        assert_eq!(parse_plan(&write_plan(p)).as_ref(), Ok(p));
    }

    #[test]
    fn a_section_deleted_on_one_side_and_edited_on_the_other_is_kept_with_a_conflict() {
        let b = base();
        let mut o = b.clone();
        o.sections.remove(2);
        let mut t = b.clone();
        t.sections[2].body = "围绕乡村振兴和基层治理开展调研。".into();
        let out = merged(&b, &o, &t);
        let p = plan_of(&out);
        assert_eq!(p.sections.len(), 4);
        assert_eq!(p.sections[2].body, "围绕乡村振兴和基层治理开展调研。");
        let c = &out.conflicts[0];
        assert_eq!((c.item.as_str(), c.field), ("s3", Field::Deleted));
        assert_eq!(c.ours, None);
        assert_eq!(c.theirs.as_deref(), Some("围绕中心，积极建言献策"));
        // Deleted on one side and untouched on the other: gone, no conflict.
        let out = merged(&b, &o, &b);
        assert_eq!(plan_of(&out).sections.len(), 3);
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn tasks_added_on_both_sides_in_one_month_are_all_kept() {
        let b = base();
        let mut o = b.clone();
        o.tasks.insert(2, task("n1", 3, "召开委员座谈会"));
        let mut t = b.clone();
        t.tasks.insert(2, task("n2", 3, "走访困难群众"));
        let out = merged(&b, &o, &t);
        let texts: Vec<&str> = plan_of(&out)
            .tasks
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(
            texts,
            [
                "开展一次献爱心活动",
                "组织委员视察春耕生产",
                "召开委员座谈会",
                "走访困难群众",
                "开展民主监督",
                "年终总结"
            ]
        );
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn a_move_on_one_side_and_an_edit_on_the_other_both_hold() {
        let b = base();
        let mut o = b.clone();
        let moved = o.sections.remove(3);
        o.sections.insert(0, moved);
        let mut t = b.clone();
        t.sections[3].body = "健全学习制度。".into();
        let out = merged(&b, &o, &t);
        let p = plan_of(&out);
        let ids: Vec<&str> = p.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s4", "s1", "s2", "s3"]);
        assert_eq!(p.sections[0].body, "健全学习制度。");
    }

    #[test]
    fn moves_on_both_sides_both_hold_and_one_item_moved_twice_goes_where_ours_put_it() {
        let b = base();
        let ids = |p: &Plan| -> Vec<String> { p.sections.iter().map(|s| s.id.clone()).collect() };
        let reorder = |order: [usize; 4]| {
            let mut p = b.clone();
            p.sections = order.iter().map(|&i| b.sections[i].clone()).collect();
            p
        };
        // Ours sends the first to the end, theirs brings the last to the top.
        let out = merged(&b, &reorder([1, 2, 3, 0]), &reorder([3, 0, 1, 2]));
        assert_eq!(ids(plan_of(&out)), ["s4", "s2", "s3", "s1"]);
        // Each swaps a different pair.
        let out = merged(&b, &reorder([1, 0, 2, 3]), &reorder([0, 1, 3, 2]));
        assert_eq!(ids(plan_of(&out)), ["s2", "s1", "s4", "s3"]);
        // Both move s1, to different places: ours wins, and it is there once.
        let out = merged(&b, &reorder([1, 2, 0, 3]), &reorder([1, 2, 3, 0]));
        assert_eq!(ids(plan_of(&out)), ["s2", "s3", "s1", "s4"]);
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn a_tick_and_an_edit_of_one_task_both_hold_and_a_double_tick_keeps_the_first_day() {
        let b = base();
        let mut o = b.clone();
        o.tasks[0].status = Status::Done;
        o.tasks[0].done_on = NaiveDate::from_ymd_opt(2022, 2, 20);
        let mut t = b.clone();
        t.tasks[0].text = "开展一次献爱心捐助活动".into();
        let out = merged(&b, &o, &t);
        let k = &plan_of(&out).tasks[0];
        assert_eq!(
            (k.status, k.text.as_str()),
            (Status::Done, "开展一次献爱心捐助活动")
        );
        let mut t = b.clone();
        t.tasks[0].status = Status::Done;
        t.tasks[0].done_on = NaiveDate::from_ymd_opt(2022, 2, 18);
        let out = merged(&b, &o, &t);
        assert_eq!(
            plan_of(&out).tasks[0].done_on,
            NaiveDate::from_ymd_opt(2022, 2, 18)
        );
        assert!(out.conflicts.is_empty());
    }

    #[test]
    fn plans_created_on_both_sides_merge_against_nothing() {
        let b = base();
        let mut t = b.clone();
        t.title = "汪场镇政协联络处2022年工作要点".into();
        t.tasks.push(task("n9", 12, "评先评优"));
        let out = merge(None, Some(&b), Some(&t));
        let p = plan_of(&out);
        assert_eq!(p.tasks.len(), 5);
        assert_eq!(out.conflicts.len(), 1);
        let c = &out.conflicts[0];
        assert_eq!((c.field, c.base.as_deref()), (Field::Title, None));
        assert_eq!(c.theirs.as_deref(), Some("汪场镇政协联络处2022年工作要点"));
    }

    #[test]
    fn a_plan_deleted_on_one_side_and_edited_on_the_other_is_kept() {
        let b = base();
        let mut t = b.clone();
        t.tasks[3].text = "年终总结表彰".into();
        let out = merge(Some(&b), None, Some(&t));
        let p = plan_of(&out);
        assert_eq!(p.tasks[3].text, "年终总结表彰");
        assert_eq!(out.conflicts[0].field, Field::Deleted);
        assert_eq!(out.conflicts[0].ours, None);
        assert_eq!(merge(Some(&b), None, Some(&b)).plan, None);
        assert_eq!(merge(Some(&b), Some(&b), None).plan, None);
    }

    #[test]
    fn a_merge_that_changes_an_approved_plan_resets_it_and_a_tick_keeps_it() {
        let b = base();
        let mut o = b.clone();
        o.approval = Some(Approval {
            state: ApprovalState::Approved,
            by: Some("王主席 <wang@example.org>".into()),
            at: None,
            note: None,
        });
        let mut t = b.clone();
        t.tasks[2].status = Status::Done;
        t.tasks[2].done_on = NaiveDate::from_ymd_opt(2022, 7, 1);
        let out = merged(&b, &o, &t);
        assert!(!out.approval_reset);
        assert_eq!(plan_of(&out).state(), ApprovalState::Approved);

        t.tasks[2].text = "开展专项民主监督".into();
        let out = merged(&b, &o, &t);
        assert!(out.approval_reset);
        assert_eq!(plan_of(&out).state(), ApprovalState::Draft);
        assert_eq!(plan_of(&out).tasks[2].text, "开展专项民主监督");
    }

    #[test]
    fn a_conflict_resolved_on_one_side_is_gone_after_the_merge() {
        let mut b = base();
        b.conflicts.push(Conflict {
            id: "c1".into(),
            item: "s1".into(),
            field: Field::Body,
            base: Some("甲".into()),
            ours: Some("乙".into()),
            theirs: Some("丙".into()),
        });
        let mut o = b.clone();
        o.conflicts.clear();
        let mut t = b.clone();
        t.tasks[0].owner = Some("张三".into());
        let out = merged(&b, &o, &t);
        assert!(plan_of(&out).conflicts.is_empty());
        assert_eq!(plan_of(&out).tasks[0].owner.as_deref(), Some("张三"));
    }

    #[test]
    fn items_without_ids_are_kept_whole() {
        let mut b = base();
        for s in &mut b.sections {
            s.id.clear();
        }
        let mut o = b.clone();
        o.sections[3].body = "我们写的。".into();
        let mut t = b.clone();
        t.sections[3].body = "他们写的。".into();
        let out = merged(&b, &o, &t);
        let bodies: Vec<&str> = plan_of(&out)
            .sections
            .iter()
            .map(|s| s.body.as_str())
            .collect();
        assert!(
            bodies.contains(&"我们写的。") && bodies.contains(&"他们写的。"),
            "{bodies:?}"
        );
    }

    // ---- properties -----------------------------------------------------------

    /// A small xorshift generator: reproducible, no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// `plan` with a few random edits of every kind a user makes.
    fn edited(plan: &Plan, rng: &mut Rng) -> Plan {
        let words = ["学习", "调研", "。", "\n", "监督", "委员", "🦀", "a"];
        let mut p = plan.clone();
        for _ in 0..1 + rng.below(4) {
            match rng.below(9) {
                0 => p.title.push_str(words[rng.below(words.len())]),
                1 if !p.sections.is_empty() => {
                    let i = rng.below(p.sections.len());
                    let body = &mut p.sections[i].body;
                    let at = body
                        .char_indices()
                        .map(|(i, _)| i)
                        .nth(rng.below(body.chars().count() + 1))
                        .unwrap_or(body.len());
                    body.insert_str(at, words[rng.below(words.len())]);
                }
                2 if !p.sections.is_empty() => {
                    let i = rng.below(p.sections.len());
                    p.sections.remove(i);
                }
                3 => {
                    let at = rng.below(p.tasks.len() + 1);
                    p.tasks
                        .insert(at, task(&new_item_id(), 1 + rng.below(12) as u8, "新任务"));
                }
                4 if !p.tasks.is_empty() => {
                    let i = rng.below(p.tasks.len());
                    p.tasks[i].status = Status::Done;
                    p.tasks[i].done_on = NaiveDate::from_ymd_opt(2022, 5, 1);
                }
                5 if p.sections.len() > 1 => {
                    let s = p.sections.remove(rng.below(p.sections.len()));
                    let at = rng.below(p.sections.len() + 1);
                    p.sections.insert(at, s);
                }
                6 if !p.targets.is_empty() => {
                    let i = rng.below(p.targets.len());
                    p.targets[i].actual = Some(format!("{}%", rng.below(100)));
                }
                7 => {
                    p.approval = Some(Approval {
                        state: ApprovalState::Submitted,
                        by: None,
                        at: None,
                        note: Some("请审批".into()),
                    })
                }
                _ => p.intro.push_str("。补充"),
            }
        }
        fix_depths(&mut p.sections);
        p
    }

    #[test]
    fn merging_a_side_with_itself_or_with_the_base_gives_that_side() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..300 {
            let b = edited(&base(), &mut rng);
            let x = edited(&b, &mut rng);
            for (o, t) in [(&x, &x), (&b, &x), (&x, &b)] {
                let out = merged(&b, o, t);
                assert_eq!(out.plan.as_ref(), Some(&x), "round {round}");
                assert!(out.conflicts.is_empty(), "round {round}");
            }
        }
    }

    #[test]
    fn random_edits_on_both_sides_lose_no_item_and_give_a_valid_plan() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for round in 0..300 {
            let b = edited(&base(), &mut rng);
            let o = edited(&b, &mut rng);
            let t = edited(&b, &mut rng);
            let out = merged(&b, &o, &t);
            let p = plan_of(&out);
            let text = write_plan(p);
            assert_eq!(parse_plan(&text).as_ref(), Ok(p), "round {round}:\n{text}");
            // Every task either side added or still has is there (deletes
            // come only from a side that deleted an untouched item).
            for side in [&o, &t] {
                for k in side
                    .tasks
                    .iter()
                    .filter(|k| !b.tasks.iter().any(|bk| bk.id == k.id))
                {
                    assert!(
                        p.tasks.iter().any(|pk| pk.id == k.id),
                        "round {round}: {k:?}"
                    );
                }
            }
            // Bodies only grow in these edits: a merged body holds all
            // that either side wrote, in order; a conflict keeps ours whole.
            for s in &p.sections {
                let side_body = |side: &Plan| {
                    side.sections
                        .iter()
                        .find(|x| x.id == s.id)
                        .map(|x| x.body.clone())
                };
                let conflicted = p.conflicts.iter().any(|c| c.item == s.id);
                for (side, body) in [("ours", side_body(&o)), ("theirs", side_body(&t))] {
                    if let Some(body) = body
                        && !(conflicted && side == "theirs")
                    {
                        assert!(
                            is_subsequence(&body, &s.body),
                            "round {round}: {side} 「{body}」 not in 「{}」",
                            s.body
                        );
                    }
                }
            }
        }
    }

    fn is_subsequence(small: &str, big: &str) -> bool {
        let mut big = big.chars();
        small.chars().all(|c| big.any(|b| b == c))
    }
}
