//! Submit, approve and return the open plan: a note first, then one commit
//! through the store. Refusals (not an approver, the wrong state, changes
//! not committed) come back as the store words them.

use super::super::Action;
use super::super::app::App;
use super::super::labels::L;
use super::super::overlay::{Ask, Overlay, Prompt};
use super::plans;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Submit,
    Approve,
    Return,
}

/// Ask for the note (a return needs one); unsaved edits must be saved first,
/// since an approval covers what is committed.
pub fn request(app: &mut App, step: Step) {
    let Some(p) = app.plan() else {
        return;
    };
    if p.dirty() {
        let key = app
            .key_hint(&Action::Save)
            .unwrap_or_else(|| "ctrl-s".into());
        app.warn(app.labels.fmt(L::SaveFirst, &[&key]));
        return;
    }
    let (title, label) = match step {
        Step::Submit => (L::TitleSubmit, L::PromptNoteOptional),
        Step::Approve => (L::TitleApprove, L::PromptNoteOptional),
        Step::Return => (L::TitleReturn, L::PromptNoteReturn),
    };
    let title = app.labels.fmt(title, &[&p.id]);
    app.overlays.push(Overlay::Prompt(Box::new(Prompt::new(
        &title,
        app.t(label),
        "",
        Ask::ApprovalNote(step),
    ))));
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
        Err(e) => {
            let note = note.to_string();
            super::identity::failed(app, &e, move |app| {
                let _ = answer(app, step, &note);
            });
        }
    }
    Ok(())
}
