//! Settling one [`Conflict`] a merge left in a plan: our side, their side,
//! or a text of the user's own goes into the field, and the conflict goes.
//! Pure, like the merge; the store commits the result (`Action: resolve`).

use chrono::NaiveDate;

use super::numbering::NumberStyle;
use super::{ApprovalState, Conflict, Field, MAX_DEPTH, Plan, Status};

/// What the user chose for a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Ours,
    Theirs,
    /// A text of one's own (for a field that is not text: its value written
    /// as the conflict shows it, e.g. `2022-03-25`, `3`, `done 2022-02-18`).
    Text(String),
}

impl Choice {
    /// `ours`, `theirs` or `text`, for commit messages and listings.
    pub fn as_str(&self) -> &'static str {
        match self {
            Choice::Ours => "ours",
            Choice::Theirs => "theirs",
            Choice::Text(_) => "text",
        }
    }
}

/// What resolving did to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    /// The plan holds the chosen value, the conflict removed.
    Kept,
    /// The chosen side had deleted the whole plan: the plan file goes.
    PlanDeleted,
}

/// Why a conflict cannot be resolved so.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("{}", no_such(.id, .existing))]
    NoSuchConflict { id: String, existing: Vec<String> },
    #[error("`{value}` is not a valid {field} ({expected})")]
    BadValue {
        field: Field,
        value: String,
        expected: &'static str,
    },
    #[error(
        "an approval conflict is settled by keeping this side's approval (--ours), or their side when it is a draft; then submit, approve or return the plan again"
    )]
    Approval,
}

fn no_such(id: &str, existing: &[String]) -> String {
    if existing.is_empty() {
        format!("there is no conflict `{id}`; this plan has no conflicts")
    } else {
        format!(
            "there is no conflict `{id}`; this plan's conflicts are: {}",
            existing.join(", ")
        )
    }
}

/// The conflict `id` of `plan`, or an error naming the ones there are.
pub fn find<'a>(plan: &'a Plan, id: &str) -> Result<&'a Conflict, ResolveError> {
    plan.conflicts
        .iter()
        .find(|c| c.id == id)
        .ok_or_else(|| ResolveError::NoSuchConflict {
            id: id.to_string(),
            existing: plan.conflicts.iter().map(|c| c.id.clone()).collect(),
        })
}

/// Put `choice` into the field conflict `id` is about and remove the conflict.
/// Nothing changes when it is refused.
pub fn resolve(plan: &mut Plan, id: &str, choice: &Choice) -> Result<Resolved, ResolveError> {
    let conflict = find(plan, id)?.clone();
    let chosen: Option<String> = match choice {
        Choice::Ours => conflict.ours.clone(),
        Choice::Theirs => conflict.theirs.clone(),
        Choice::Text(t) => Some(t.clone()),
    };
    let mut next = plan.clone();
    next.conflicts.retain(|c| c.id != id);
    let resolved = if conflict.field == Field::Deleted {
        deleted(&mut next, &conflict.item, chosen)
    } else if conflict.field == Field::Approval {
        approval(&mut next, choice, chosen.as_deref())?;
        Resolved::Kept
    } else {
        set_field(
            &mut next,
            &conflict.item,
            conflict.field,
            chosen.unwrap_or_default(),
        )?;
        Resolved::Kept
    };
    *plan = next;
    Ok(resolved)
}

/// An item (or the plan) deleted on one side: the side that deleted it
/// deletes it now; the other keeps it, a text of one's own renames it.
fn deleted(plan: &mut Plan, item: &str, chosen: Option<String>) -> Resolved {
    let Some(text) = chosen else {
        if item.is_empty() {
            return Resolved::PlanDeleted;
        }
        plan.sections.retain(|s| s.id != item);
        plan.targets.retain(|t| t.id != item);
        plan.tasks.retain(|t| t.id != item);
        // A plan file names only items it holds.
        plan.conflicts.retain(|c| c.item != item);
        let mut prev = 0u8;
        for s in &mut plan.sections {
            s.depth = s.depth.clamp(1, prev + 1);
            prev = s.depth;
        }
        return Resolved::Kept;
    };
    if item.is_empty() {
        plan.title = text;
    } else if let Some(s) = plan.sections.iter_mut().find(|s| s.id == item) {
        s.heading = text;
    } else if let Some(t) = plan.targets.iter_mut().find(|t| t.id == item) {
        t.name = text;
    } else if let Some(t) = plan.tasks.iter_mut().find(|t| t.id == item) {
        t.text = text;
    }
    Resolved::Kept
}

/// The plan keeps our approval; their side is taken only when it is a draft,
/// since an approval stands only with its own approval commit.
fn approval(plan: &mut Plan, choice: &Choice, chosen: Option<&str>) -> Result<(), ResolveError> {
    match choice {
        Choice::Ours => Ok(()),
        _ if chosen.map(str::trim) == Some(ApprovalState::Draft.as_str()) => {
            plan.approval = None;
            Ok(())
        }
        _ => Err(ResolveError::Approval),
    }
}

fn optional(text: String) -> Option<String> {
    Some(text).filter(|t| !t.is_empty())
}

fn set_field(plan: &mut Plan, item: &str, field: Field, text: String) -> Result<(), ResolveError> {
    let bad = |expected: &'static str, text: &str| ResolveError::BadValue {
        field,
        value: text.to_string(),
        expected,
    };
    match field {
        Field::Title => plan.title = text,
        Field::Org => plan.org = optional(text),
        Field::Intro => plan.intro = text,
        Field::Schedule => plan.schedule = text,
        Field::Date => {
            plan.date = match text.trim() {
                "" => None,
                d => Some(
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .map_err(|_| bad("a date YYYY-MM-DD, or nothing", &text))?,
                ),
            }
        }
        Field::Numbering => {
            plan.numbering = text
                .split_whitespace()
                .map(NumberStyle::parse)
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad("numbering styles such as `一、 （一） 1、`", &text))?;
        }
        Field::Heading | Field::Body | Field::Depth => {
            let Some(s) = plan.sections.iter_mut().find(|s| s.id == item) else {
                return Ok(());
            };
            match field {
                Field::Heading => s.heading = text,
                Field::Body => s.body = text,
                _ => {
                    s.depth = text
                        .trim()
                        .parse::<u8>()
                        .ok()
                        .filter(|d| (1..=MAX_DEPTH).contains(d))
                        .ok_or_else(|| bad("a depth from 1 to 5", &text))?;
                    let mut prev = 0u8;
                    for s in &mut plan.sections {
                        s.depth = s.depth.clamp(1, prev + 1);
                        prev = s.depth;
                    }
                }
            }
        }
        Field::Name | Field::Target | Field::Actual => {
            let Some(t) = plan.targets.iter_mut().find(|t| t.id == item) else {
                return Ok(());
            };
            match field {
                Field::Name => t.name = text,
                Field::Target => t.target = text,
                _ => t.actual = optional(text),
            }
        }
        Field::Month | Field::Period | Field::Text | Field::Status | Field::Owner => {
            let Some(t) = plan.tasks.iter_mut().find(|t| t.id == item) else {
                return Ok(());
            };
            match field {
                Field::Month => {
                    t.month = text
                        .trim()
                        .parse::<u8>()
                        .ok()
                        .filter(|m| (1..=12).contains(m))
                        .ok_or_else(|| bad("a month from 1 to 12", &text))?;
                }
                Field::Period => t.period = optional(text),
                Field::Text => t.text = text,
                Field::Owner => t.owner = optional(text),
                _ => {
                    let (status, done_on) = status(&text)
                        .ok_or_else(|| bad("`todo`, `dropped` or `done YYYY-MM-DD`", &text))?;
                    t.status = status;
                    t.done_on = done_on;
                }
            }
        }
        // Handled before: a whole item, the approval.
        Field::Deleted | Field::Approval => {}
    }
    Ok(())
}

/// `todo`, `dropped`, `done` or `done 2022-02-18`, as the merge shows a status.
fn status(text: &str) -> Option<(Status, Option<NaiveDate>)> {
    let mut words = text.split_whitespace();
    let status = match words.next()? {
        "todo" => Status::Todo,
        "done" => Status::Done,
        "dropped" => Status::Dropped,
        _ => return None,
    };
    let on = match words.next() {
        Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?),
        None => None,
    };
    if words.next().is_some() {
        return None;
    }
    Some((status, on))
}

/// Where a conflict is, as a reader knows it: which section, target or task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Plan,
    Section(String),
    Target(String),
    Task {
        month: u8,
        text: String,
    },
    /// An item the plan no longer holds.
    Gone,
}

pub fn place(plan: &Plan, conflict: &Conflict) -> Place {
    let item = conflict.item.as_str();
    if item.is_empty() {
        return Place::Plan;
    }
    if let Some(s) = plan.sections.iter().find(|s| s.id == item) {
        return Place::Section(s.heading.clone());
    }
    if let Some(t) = plan.targets.iter().find(|t| t.id == item) {
        return Place::Target(t.name.clone());
    }
    if let Some(t) = plan.tasks.iter().find(|t| t.id == item) {
        return Place::Task {
            month: t.month,
            text: t.text.clone(),
        };
    }
    Place::Gone
}

/// How many conflicts are about the item with this id.
pub fn count_on(plan: &Plan, item: &str) -> usize {
    plan.conflicts
        .iter()
        .filter(|c| !item.is_empty() && c.item == item)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Section, Task, parse_plan, write_plan};

    fn plan() -> Plan {
        let mut p = Plan::new("计划", 2022, Kind::Plan);
        p.sections = vec![
            Section {
                id: "s1".into(),
                depth: 1,
                heading: "学习".into(),
                body: "我们的。".into(),
            },
            Section {
                id: "s2".into(),
                depth: 2,
                heading: "调研".into(),
                body: String::new(),
            },
        ];
        p.tasks = vec![Task {
            id: "t1".into(),
            month: 2,
            period: None,
            text: "献爱心".into(),
            status: crate::model::Status::Todo,
            done_on: None,
            owner: None,
        }];
        p.conflicts = vec![
            Conflict {
                id: "c1".into(),
                item: "s1".into(),
                field: Field::Body,
                base: Some("原来的。".into()),
                ours: Some("我们的。".into()),
                theirs: Some("他们的。".into()),
            },
            Conflict {
                id: "c2".into(),
                item: "t1".into(),
                field: Field::Status,
                base: Some("todo".into()),
                ours: Some("todo".into()),
                theirs: Some("done 2022-02-18".into()),
            },
            Conflict {
                id: "c3".into(),
                item: "s1".into(),
                field: Field::Deleted,
                base: Some("学习".into()),
                ours: Some("学习".into()),
                theirs: None,
            },
        ];
        p
    }

    #[test]
    fn theirs_ours_and_a_text_go_into_the_field_and_the_conflict_goes() {
        let mut p = plan();
        assert_eq!(resolve(&mut p, "c1", &Choice::Theirs), Ok(Resolved::Kept));
        assert_eq!(p.sections[0].body, "他们的。");
        assert!(p.conflicts.iter().all(|c| c.id != "c1"));
        let mut p = plan();
        resolve(&mut p, "c1", &Choice::Text("都不是。".into())).expect("resolved");
        assert_eq!(p.sections[0].body, "都不是。");
        let mut p = plan();
        resolve(&mut p, "c2", &Choice::Theirs).expect("resolved");
        assert_eq!(p.tasks[0].status, crate::model::Status::Done);
        assert_eq!(p.tasks[0].done_on, NaiveDate::from_ymd_opt(2022, 2, 18));
        assert_eq!(parse_plan(&write_plan(&p)).as_ref(), Ok(&p));
    }

    #[test]
    fn taking_the_side_that_deleted_an_item_deletes_it_with_its_conflicts() {
        let mut p = plan();
        resolve(&mut p, "c3", &Choice::Theirs).expect("resolved");
        assert_eq!(p.sections.len(), 1);
        assert_eq!(
            p.sections[0].depth, 1,
            "the child is no deeper than allowed"
        );
        assert_eq!(p.conflicts.len(), 1, "{:?}", p.conflicts);
        assert_eq!(parse_plan(&write_plan(&p)).as_ref(), Ok(&p));
    }

    #[test]
    fn a_bad_value_or_an_unknown_id_changes_nothing_and_says_what_exists() {
        let mut p = plan();
        let before = p.clone();
        let e = resolve(&mut p, "c2", &Choice::Text("finished".into())).expect_err("refused");
        assert!(e.to_string().contains("done YYYY-MM-DD"), "{e}");
        let e = resolve(&mut p, "zz", &Choice::Ours).expect_err("refused");
        assert_eq!(
            e.to_string(),
            "there is no conflict `zz`; this plan's conflicts are: c1, c2, c3"
        );
        assert_eq!(p, before);
    }
}
