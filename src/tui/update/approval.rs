//! Submit, approve and return the open plan: checked first (unsaved
//! edits, the plan's state, who may approve), then a note asked, then one
//! commit through the store. Refusals are said in the UI's language; one
//! the store finds at commit time keeps the note typed.

use super::super::Action;
use super::super::app::App;
use super::super::labels::L;
use super::super::overlay::{Ask, Overlay, Prompt};
use super::plans;
use crate::model::ApprovalState;
use crate::store::{Action as Commit, ApprovalError, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Approve,
    Return,
}

impl Step {
    fn commit(self) -> Commit {
        match self {
            Step::Submit => Commit::Submit,
            Step::Approve => Commit::Approve,
            Step::Return => Commit::Return,
        }
    }

    fn verb(self, app: &App) -> &'static str {
        app.t(super::super::views::history::action_label(self.commit()))
    }
}

/// Why `step` cannot be taken now, in the UI's language; `None` when it can.
fn refusal(app: &App, step: Step) -> Option<String> {
    let p = app.plan()?;
    let state = p.base.state();
    if !crate::store::allows(state, step.commit()) {
        use ApprovalState::*;
        let why = match (step, state) {
            (Step::Submit, Submitted) => L::WhySubmittedAlready,
            (Step::Submit, _) => L::WhyApprovedSubmit,
            (Step::Approve, Approved) => L::WhyApprovedAlready,
            (Step::Approve, _) => L::WhyReturnedApprove,
            (Step::Return, Returned) => L::WhyReturnedAlready,
            (Step::Return, _) => L::WhyDraftReturn,
        };
        return Some(
            app.labels
                .fmt(L::CannotStep, &[&step.verb(app), &p.id, &app.t(why)]),
        );
    }
    if step == Step::Approve && !p.base.conflicts.is_empty() {
        let key = app.key_hint(&Action::OpenConflicts).unwrap_or_default();
        let why = app
            .labels
            .fmt(L::WhyConflicts, &[&p.base.conflicts.len(), &key]);
        return Some(
            app.labels
                .fmt(L::CannotStep, &[&step.verb(app), &p.id, &why]),
        );
    }
    if step != Step::Submit && app.ws.may_approve().ok().flatten() == Some(false) {
        return not_an_approver(app, step);
    }
    None
}

fn not_an_approver(app: &App, step: Step) -> Option<String> {
    let (_, email) = app.ws.identity().ok()?;
    let approvers = app
        .ws
        .settings()
        .map(|s| s.approvers.join(", "))
        .ok()
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| app.t(L::NoApprovers).to_string());
    Some(
        app.labels
            .fmt(L::NotAnApprover, &[&email, &step.verb(app), &approvers]),
    )
}

/// A refusal the store found at commit time, said in the UI's language
/// where the UI knows the words.
fn store_refusal(app: &App, step: Step, e: &StoreError) -> String {
    match e {
        StoreError::Approval(ApprovalError::Transition { .. }) => refusal(app, step),
        StoreError::Approval(ApprovalError::NotAnApprover { .. }) => not_an_approver(app, step),
        _ => None,
    }
    .unwrap_or_else(|| e.to_string())
}

/// Ask for the note (a return needs one); unsaved edits must be saved first,
/// since an approval covers what is committed.
pub fn request(app: &mut App, step: Step) {
    let Some(p) = app.plan() else {
        return;
    };
    if p.dirty() {
        super::save::say_save_first(app);
        return;
    }
    if let Some(why) = refusal(app, step) {
        plans::show_error(app, &why);
        return;
    }
    ask_note(app, step, "", None);
}

/// The prompt for the note, holding `text` (and why it was not taken).
fn ask_note(app: &mut App, step: Step, text: &str, error: Option<String>) {
    let Some(p) = app.plan() else {
        return;
    };
    let (title, label) = match step {
        Step::Submit => (L::TitleSubmit, L::PromptNoteOptional),
        Step::Approve => (L::TitleApprove, L::PromptNoteOptional),
        Step::Return => (L::TitleReturn, L::PromptNoteReturn),
    };
    let title = app.labels.fmt(title, &[&p.id]);
    let mut prompt = Prompt::new(&title, app.t(label), text, Ask::ApprovalNote(step));
    prompt.error = error;
    app.overlays.push(Overlay::Prompt(Box::new(prompt)));
}

/// The note is in: make the commit, or show why not. An `Err` keeps the
/// prompt open (a return without a note).
pub fn answer(app: &mut App, step: Step, note: &str) -> Result<(), String> {
    let Some(id) = app.plan().map(|p| p.id.clone()) else {
        return Ok(());
    };
    let note = note.trim();
    if step == Step::Return && note.is_empty() {
        return Err(app.t(L::ErrEmpty).to_string());
    }
    let optional = Some(note).filter(|n| !n.is_empty());
    let (done, result) = match step {
        Step::Submit => (L::DidSubmit, app.ws.submit(&id, optional)),
        Step::Approve => (L::DidApprove, app.ws.approve(&id, optional)),
        Step::Return => (L::DidReturn, app.ws.return_plan(&id, note)),
    };
    match result {
        Ok(outcome) => {
            super::history::reload_plan(app, &id);
            plans::reload(app);
            app.info(app.labels.fmt(done, &[&id, &outcome.commit.short()]));
        }
        Err(e) if e.is_no_identity() => {
            let note = note.to_string();
            super::identity::failed(app, &e, move |app| {
                if let Err(why) = answer(app, step, &note) {
                    ask_note(app, step, &note, Some(why));
                }
            });
        }
        // The prompt stays open with the note typed, and says why.
        Err(e) => return Err(store_refusal(app, step, &e)),
    }
    Ok(())
}
