//! Submit, approve, return: each one commit that changes the plan's
//! `[approval]` block. Approval commits carry `Approved-by: Name <email>`.
//!
//! ```text
//! draft | returned ──submit──▶ submitted ──approve──▶ approved
//!                   (draft ──approve──▶ approved)
//! submitted | approved ──return──▶ returned
//! ```

use chrono::{DateTime, FixedOffset, Local, Timelike as _};

use super::Workspace;
use super::commit::{Action, Change};
use super::error::Result;
use super::history::RevisionId;
use super::settings::{SETTINGS_FILE, Settings};
use crate::model::{Approval, ApprovalState, PlanId};

/// Why an approval step is refused.
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    #[error("{id} cannot be {verb}: {why}")]
    Transition {
        id: PlanId,
        verb: &'static str,
        why: String,
    },
    #[error(
        "{email} may not {verb} plans in this workspace: {SETTINGS_FILE} lists the approvers as {}.\nAsk one of them, or have {SETTINGS_FILE} changed (and committed) to list you under approvers.",
        .approvers.join(", ")
    )]
    NotAnApprover {
        email: String,
        verb: &'static str,
        approvers: Vec<String>,
    },
    #[error("returning {0} needs a note saying why: plandesk return {0} -m \"…\"")]
    NoteRequired(PlanId),
    #[error(
        "{SETTINGS_FILE} in the last commit cannot be read, so plandesk cannot tell who may approve:\n{0}"
    )]
    Settings(String),
}

/// What an approval step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalOutcome {
    pub commit: RevisionId,
    /// The plan's approval block as committed.
    pub approval: Approval,
}

impl Workspace {
    /// draft | returned → submitted, for an approver to look at.
    pub fn submit(&self, id: &PlanId, note: Option<&str>) -> Result<ApprovalOutcome> {
        self.step(id, Action::Submit, note)
    }

    /// submitted | draft → approved, recording who (the current git identity,
    /// which must be among the approvers when `plandesk.toml` lists any),
    /// when and the note.
    pub fn approve(&self, id: &PlanId, note: Option<&str>) -> Result<ApprovalOutcome> {
        self.step(id, Action::Approve, note)
    }

    /// submitted | approved → returned, with a note saying why. Only approvers
    /// may return a plan, as only they may approve it.
    pub fn return_plan(&self, id: &PlanId, note: &str) -> Result<ApprovalOutcome> {
        self.step(id, Action::Return, Some(note))
    }

    fn step(&self, id: &PlanId, action: Action, note: Option<&str>) -> Result<ApprovalOutcome> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if action == Action::Return && note.is_none() {
            return Err(ApprovalError::NoteRequired(id.clone()).into());
        }
        self.load(id)?;
        self.ensure_committed(id)?;
        let (state, verb) = match action {
            Action::Submit => (ApprovalState::Submitted, "submitted"),
            Action::Approve => (ApprovalState::Approved, "approved"),
            _ => (ApprovalState::Returned, "returned"),
        };
        let (name, email) = self.identity()?;
        if action != Action::Submit {
            let settings = self.committed_settings()?;
            if !settings.may_approve(&email) {
                return Err(ApprovalError::NotAnApprover {
                    email,
                    verb: if action == Action::Approve {
                        "approve"
                    } else {
                        "return"
                    },
                    approvers: settings.approvers,
                }
                .into());
            }
        }
        let person: String = format!("{name} <{email}>")
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let approval = Approval {
            state,
            by: Some(person.clone()),
            at: Some(now()),
            note: note.map(str::to_string),
        };
        // Checked against the plan as committed, again if another writer
        // commits meanwhile.
        let (saved, _) = self.update_plan(id, |plan| {
            if let Some(why) = refusal(&plan.approval, action) {
                return Err(ApprovalError::Transition {
                    id: id.clone(),
                    verb,
                    why,
                }
                .into());
            }
            if action == Action::Approve && !plan.conflicts.is_empty() {
                let n = plan.conflicts.len();
                return Err(ApprovalError::Transition {
                    id: id.clone(),
                    verb,
                    why: format!(
                        "{n} conflict{} from a sync still to resolve (see `plandesk show {id}`)",
                        if n == 1 { "" } else { "s" }
                    ),
                }
                .into());
            }
            plan.approval = Some(approval.clone());
            let summary = note.map_or_else(|| plan.title.clone(), str::to_string);
            let mut change = Change::new(action, summary);
            if action == Action::Approve {
                change.trailers.push(("Approved-by".into(), person.clone()));
            }
            Ok(change)
        })?;
        let commit = saved
            .commit
            .as_deref()
            .and_then(RevisionId::from_hex)
            .ok_or_else(|| super::StoreError::Invalid("the approval made no commit".into()))?;
        Ok(ApprovalOutcome { commit, approval })
    }

    /// Whether the current git identity may approve and return plans here
    /// (`None` while git knows no identity: the write will ask for one).
    pub fn may_approve(&self) -> Result<Option<bool>> {
        let email = match self.identity() {
            Ok((_, email)) => email,
            Err(e) if e.is_no_identity() => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(Some(self.committed_settings()?.may_approve(&email)))
    }

    /// `plandesk.toml` as committed at HEAD (what `plandesk verify` will check
    /// this approval against), else as in the working tree.
    fn committed_settings(&self) -> Result<Settings> {
        match self.file_at(SETTINGS_FILE, "HEAD") {
            Ok(Some(text)) => {
                Settings::parse(&text).map_err(|e| ApprovalError::Settings(e.to_string()).into())
            }
            _ => self.settings(),
        }
    }
}

/// Now, in the local UTC offset, to the second.
fn now() -> DateTime<FixedOffset> {
    let now = Local::now().fixed_offset();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Whether `action` may follow a plan's approval in `state`: the
/// transitions drawn at the top of this file, and no others.
pub fn allows(state: ApprovalState, action: Action) -> bool {
    use ApprovalState::*;
    matches!(
        (action, state),
        (Action::Submit, Draft | Returned)
            | (Action::Approve, Draft | Submitted)
            | (Action::Return, Submitted | Approved)
    )
}

/// Why `action` cannot follow the current approval; `None` when it can.
fn refusal(current: &Option<Approval>, action: Action) -> Option<String> {
    let state = current.as_ref().map_or(ApprovalState::Draft, |a| a.state);
    let since = || {
        let a = current.as_ref()?;
        let mut s = String::new();
        if let Some(by) = &a.by {
            s.push_str(&format!(" by {by}"));
        }
        if let Some(at) = a.at {
            s.push_str(&format!(" on {}", at.format("%Y-%m-%d %H:%M")));
        }
        Some(s)
    };
    let since = since().unwrap_or_default();
    use ApprovalState::*;
    match (action, state) {
        (Action::Submit, Draft | Returned) => None,
        (Action::Submit, Submitted) => Some(format!(
            "it is submitted already{since}; it waits for an approver to approve or return it"
        )),
        (Action::Submit, Approved) => Some(format!(
            "it is approved already{since}; a content edit sets it back to draft, then it can be submitted again"
        )),
        (Action::Approve, Draft | Submitted) => None,
        (Action::Approve, Approved) => Some(format!("it is approved already{since}")),
        (Action::Approve, Returned) => Some(format!(
            "it was returned{since}; it must be submitted again (plandesk submit) before it can be approved"
        )),
        (Action::Return, Submitted | Approved) => None,
        (Action::Return, Draft) => Some(
            "it is a draft that was never submitted; only a submitted or approved plan can be returned"
                .to_string(),
        ),
        (Action::Return, Returned) => Some(format!("it was returned already{since}")),
        _ => Some("that is not an approval step".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transitions_of_design_md_and_no_others() {
        let at = |state| {
            Some(Approval {
                state,
                by: Some("王主席 <wang@example.org>".into()),
                at: None,
                note: None,
            })
        };
        use ApprovalState::*;
        let allowed = |action, current: Option<Approval>| {
            let state = current.as_ref().map_or(Draft, |a| a.state);
            assert_eq!(allows(state, action), refusal(&current, action).is_none());
            refusal(&current, action).is_none()
        };
        assert!(allowed(Action::Submit, None));
        assert!(allowed(Action::Submit, at(Returned)));
        assert!(!allowed(Action::Submit, at(Submitted)));
        assert!(!allowed(Action::Submit, at(Approved)));
        assert!(allowed(Action::Approve, None));
        assert!(allowed(Action::Approve, at(Submitted)));
        assert!(!allowed(Action::Approve, at(Approved)));
        assert!(!allowed(Action::Approve, at(Returned)));
        assert!(allowed(Action::Return, at(Submitted)));
        assert!(allowed(Action::Return, at(Approved)));
        assert!(!allowed(Action::Return, None));
        assert!(!allowed(Action::Return, at(Returned)));
        let why = refusal(&at(Approved), Action::Approve).expect("refused");
        assert!(why.contains("by 王主席 <wang@example.org>"), "{why}");
    }
}
