//! Resolving a conflict a sync left in a plan: one commit (`Action: resolve`)
//! holding the chosen value in the plan's field, the conflict removed.

use super::Workspace;
use super::commit::{Action, Change};
use super::error::{Result, StoreError};
use crate::model::resolve::{self, Choice, Place, Resolved};
use crate::model::{Conflict, Plan, PlanId};

/// What resolving did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveOutcome {
    /// The new commit (there always is one: the conflict leaves the file).
    pub commit: Option<String>,
    /// The plan as committed; `None` when the chosen side deleted it.
    pub plan: Option<Plan>,
}

impl ResolveOutcome {
    /// The new commit's first seven hex digits, as git abbreviates.
    pub fn short_commit(&self) -> String {
        self.commit
            .as_deref()
            .unwrap_or_default()
            .chars()
            .take(7)
            .collect()
    }
}

impl Workspace {
    /// Resolve conflict `conflict` of plan `id` with `choice`, as one commit.
    pub fn resolve_conflict(
        &self,
        id: &PlanId,
        conflict: &str,
        choice: &Choice,
    ) -> Result<ResolveOutcome> {
        let now = self.load(id)?;
        let c = resolve::find(&now, conflict)?.clone();
        let deletes_plan = c.item.is_empty()
            && c.field == crate::model::Field::Deleted
            && match choice {
                Choice::Ours => c.ours.is_none(),
                Choice::Theirs => c.theirs.is_none(),
                Choice::Text(_) => false,
            };
        let summary = |plan: &Plan, c: &Conflict| commit_summary(plan, c, choice);
        if deletes_plan {
            let message = Change::new(Action::Resolve, summary(&now, &c)).message(id);
            let commit = self.commit_file(&id.rel_path(), None, &message)?;
            return Ok(ResolveOutcome {
                commit: commit.map(|c| c.to_string()),
                plan: None,
            });
        }
        let (saved, plan) = self.update_plan(id, |plan| {
            let c = resolve::find(plan, conflict)?.clone();
            let words = summary(plan, &c);
            match resolve::resolve(plan, conflict, choice)? {
                Resolved::Kept => Ok(Change::new(Action::Resolve, words)),
                // Another writer changed the conflict meanwhile.
                Resolved::PlanDeleted => Err(StoreError::Invalid(format!(
                    "conflict `{conflict}` changed meanwhile; look at it again with `plandesk conflicts {id}`"
                ))),
            }
        })?;
        Ok(ResolveOutcome {
            commit: saved.commit,
            plan: Some(plan),
        })
    }
}

/// `body of 「学习」: theirs`, for the commit's subject.
fn commit_summary(plan: &Plan, c: &Conflict, choice: &Choice) -> String {
    let place = match resolve::place(plan, c) {
        Place::Plan | Place::Gone => String::new(),
        Place::Section(h) => format!(" of 「{h}」"),
        Place::Target(n) => format!(" of 「{n}」"),
        Place::Task { text, .. } => format!(" of 「{text}」"),
    };
    let place: String = place.chars().take(40).collect();
    format!("{}{place}: {}", c.field, choice.as_str())
}
