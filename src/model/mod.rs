//! The plan and everything in it: pure data, no IO.
//!
//! A plan is stored as canonical TOML (see [`file`]); numbering such as 一、 or
//! （一） is never stored but derived from position and depth ([`numbering`]).

pub mod conflict;
pub mod diff;
pub mod file;
pub mod handwritten;
pub mod id;
pub mod merge;
pub mod merge3;
pub mod numbering;
pub mod resolve;
pub mod schedule;
pub mod summary;
pub mod text;
pub mod today;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

pub use conflict::{Conflict, Field};
pub use file::{PlanError, parse_plan, write_plan};
pub use id::{PlanId, PlanIdError, new_item_id};
pub use merge::{MergeOutcome, merge};
pub use numbering::{NumberStyle, section_numbers};
pub use summary::PlanSummary;

/// The only schema version written so far.
pub const SCHEMA: u32 = 1;

/// Deepest outline level: 一、 （一） 1、 （1） ①.
pub const MAX_DEPTH: u8 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub schema: u32,
    pub title: String,
    pub year: i32,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Numbering style per depth, where the document does not use the default
    /// 一、 （一） 1、 （1） ①. Empty: the default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbering: Vec<NumberStyle>,
    /// Text before the first numbered section.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// The heading of the month-by-month schedule ("2022年政协工作分月工作计划").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub schedule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// What a sync's merge could not decide, until a person resolves it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Plan,
    Summary,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Plan => "plan",
            Kind::Summary => "summary",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub depth: u8,
    pub heading: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    pub target: String,
    /// The figure reached, filled in a year-end summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// 1..=12, in the plan's year.
    pub month: u8,
    /// How the document named the time span, when it was more than one month
    /// ("第一季度", "七、八月份", "一至三月"); the same task then stands in each month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub text: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Todo,
    Done,
    Dropped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub state: ApprovalState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalState {
    Draft,
    Submitted,
    Approved,
    Returned,
}

impl ApprovalState {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::Draft => "draft",
            ApprovalState::Submitted => "submitted",
            ApprovalState::Approved => "approved",
            ApprovalState::Returned => "returned",
        }
    }
}

/// (done, total) over the tasks that are not dropped.
pub fn progress_of(tasks: &[Task]) -> (usize, usize) {
    let live = tasks.iter().filter(|t| t.status != Status::Dropped);
    let total = live.clone().count();
    let done = live.filter(|t| t.status == Status::Done).count();
    (done, total)
}

impl Plan {
    /// An empty draft plan.
    pub fn new(title: impl Into<String>, year: i32, kind: Kind) -> Plan {
        Plan {
            schema: SCHEMA,
            title: title.into(),
            year,
            kind,
            org: None,
            date: None,
            numbering: Vec::new(),
            intro: String::new(),
            schedule: String::new(),
            approval: None,
            targets: Vec::new(),
            sections: Vec::new(),
            tasks: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    pub fn state(&self) -> ApprovalState {
        self.approval
            .as_ref()
            .map_or(ApprovalState::Draft, |a| a.state)
    }

    /// (done, total) over the tasks that are not dropped.
    pub fn progress(&self) -> (usize, usize) {
        progress_of(&self.tasks)
    }

    /// Items without an id take the id of the same item, at the same place,
    /// in `other` (the same file read before, with ids given in memory).
    pub fn adopt_ids(&mut self, other: &Plan) {
        fn adopt<T: Clone + PartialEq>(
            mine: &mut [T],
            theirs: &[T],
            id: impl Fn(&mut T) -> &mut String,
        ) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                let mut bare = t.clone();
                let their_id = std::mem::take(id(&mut bare));
                if id(m).is_empty() && *m == bare {
                    *id(m) = their_id;
                }
            }
        }
        adopt(&mut self.sections, &other.sections, |s| &mut s.id);
        adopt(&mut self.targets, &other.targets, |t| &mut t.id);
        adopt(&mut self.tasks, &other.tasks, |t| &mut t.id);
    }

    /// Give every section, target and task without an id a fresh one,
    /// unique within the plan.
    pub fn ensure_ids(&mut self) {
        let mut taken: std::collections::HashSet<String> = self
            .sections
            .iter()
            .map(|s| s.id.clone())
            .chain(self.targets.iter().map(|t| t.id.clone()))
            .chain(self.tasks.iter().map(|t| t.id.clone()))
            .filter(|id| !id.is_empty())
            .collect();
        let mut fresh = || loop {
            let id = new_item_id();
            if taken.insert(id.clone()) {
                return id;
            }
        };
        for s in self.sections.iter_mut().filter(|s| s.id.is_empty()) {
            s.id = fresh();
        }
        for t in self.targets.iter_mut().filter(|t| t.id.is_empty()) {
            t.id = fresh();
        }
        for t in self.tasks.iter_mut().filter(|t| t.id.is_empty()) {
            t.id = fresh();
        }
    }

    /// The style in which sections of `depth` are numbered: the plan's
    /// `numbering`, and past its end the standard order 一、 > （一） > 1、 >
    /// （1） > ① continued below the deepest style already used
    /// (numbering = ["一、", "1、"] gives depth 3 the （1）, never the （一）
    /// that ranks above 1、), skipping styles a shallower depth uses.
    pub fn style_for(&self, depth: u8) -> NumberStyle {
        let depth = depth.max(1);
        let mut used: Vec<NumberStyle> = Vec::with_capacity(usize::from(depth));
        for d in 1..=depth {
            let style = self
                .numbering
                .get(usize::from(d - 1))
                .copied()
                .unwrap_or_else(|| {
                    let below = used.iter().map(|s| s.rank()).max().map_or(d, |r| r + 1);
                    (below..=MAX_DEPTH)
                        .map(NumberStyle::default_for)
                        .chain(NumberStyle::all().iter().copied())
                        .find(|s| !used.contains(s))
                        .unwrap_or_else(|| NumberStyle::default_for(d))
                });
            used.push(style);
        }
        used.last()
            .copied()
            .unwrap_or_else(|| NumberStyle::default_for(depth))
    }

    /// The displayed number of every section ("一、", "（二）"…), by position and depth.
    pub fn numbers(&self) -> Vec<String> {
        section_numbers(&self.sections, |d| self.style_for(d))
    }

    /// Whether `other` differs from `self` in what an approval covers: the
    /// title, header, sections, targets, tasks (text, month, owner). Progress
    /// (status, done dates, the figures reached) and the approval itself are not.
    pub fn same_content(&self, other: &Plan) -> bool {
        fn strip(p: &Plan) -> Plan {
            let mut p = p.clone();
            p.approval = None;
            // Ids are identity, not content: giving a hand-written file its
            // ids (on the first save, a tick say) keeps the approval.
            for s in &mut p.sections {
                s.id.clear();
            }
            for t in &mut p.tasks {
                t.status = Status::Todo;
                t.done_on = None;
                t.id.clear();
            }
            for t in &mut p.targets {
                t.actual = None;
                t.id.clear();
            }
            p
        }
        strip(self) == strip(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_leaves_dropped_tasks_out() {
        let mut p = Plan::new("计划", 2024, Kind::Plan);
        for (i, status) in [Status::Done, Status::Todo, Status::Dropped]
            .into_iter()
            .enumerate()
        {
            p.tasks.push(Task {
                id: format!("t{i}"),
                month: 3,
                period: None,
                text: "任务".into(),
                status,
                done_on: None,
                owner: None,
            });
        }
        assert_eq!(p.progress(), (1, 2));
    }

    #[test]
    fn ensure_ids_fills_only_missing_ones_and_keeps_them_unique() {
        let mut p = Plan::new("计划", 2024, Kind::Plan);
        for i in 0..50 {
            p.sections.push(Section {
                id: if i == 0 {
                    "keepme".into()
                } else {
                    String::new()
                },
                depth: 1,
                heading: format!("第{i}节"),
                body: String::new(),
            });
        }
        p.ensure_ids();
        assert_eq!(p.sections[0].id, "keepme");
        let ids: std::collections::HashSet<_> = p.sections.iter().map(|s| &s.id).collect();
        assert_eq!(ids.len(), 50);
        assert!(p.sections.iter().all(|s| !s.id.is_empty()));
    }

    #[test]
    fn levels_past_the_documents_styles_continue_the_standard_order() {
        let mut p = Plan::new("计划", 2022, Kind::Plan);
        let styles = |p: &Plan| (1..=5).map(|d| p.style_for(d).as_str()).collect::<Vec<_>>();
        assert_eq!(styles(&p), ["一、", "（一）", "1、", "（1）", "①"]);
        // A child of 1、 is （1）, never the （一） that ranks above 1、.
        p.numbering = vec![NumberStyle::Chinese, NumberStyle::Arabic];
        assert_eq!(styles(&p), ["一、", "1、", "（1）", "①", "（一）"]);
        // A document whose top level is （一）: its children are 1、.
        p.numbering = vec![NumberStyle::ChineseParen];
        assert_eq!(styles(&p)[..3], ["（一）", "1、", "（1）"]);
        // 一是 counts as the 1、 level.
        p.numbering = vec![NumberStyle::Chinese, NumberStyle::Enumerated];
        assert_eq!(styles(&p)[..3], ["一、", "一是", "（1）"]);
    }

    #[test]
    fn ticking_is_not_a_content_change_but_a_heading_edit_is() {
        let mut a = Plan::new("计划", 2024, Kind::Plan);
        a.tasks.push(Task {
            id: "t1".into(),
            month: 2,
            period: None,
            text: "开展一次献爱心活动".into(),
            status: Status::Todo,
            done_on: None,
            owner: None,
        });
        let mut ticked = a.clone();
        ticked.tasks[0].status = Status::Done;
        ticked.tasks[0].done_on = NaiveDate::from_ymd_opt(2024, 2, 18);
        assert!(a.same_content(&ticked));
        let mut dropped = a.clone();
        dropped.tasks[0].status = Status::Dropped;
        assert!(a.same_content(&dropped));
        let mut moved = a.clone();
        moved.tasks[0].month = 3;
        assert!(!a.same_content(&moved));
        let mut owned = a.clone();
        owned.tasks[0].owner = Some("李四".into());
        assert!(!a.same_content(&owned));
        // A hand-written file gets its ids on the first save: not a content change.
        let mut no_ids = ticked.clone();
        no_ids.tasks[0].id.clear();
        assert!(a.same_content(&no_ids));
    }
}
