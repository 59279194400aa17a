//! Saving a plan as a commit, and leaving it: the questions asked first
//! (changed outside plandesk? approved?), and unsaved changes on the way out.

use crate::model::{Plan, merge};
use crate::store::{Action as Commit, Change, FileState, SaveOutcome, StoreError};

use super::super::app::{App, View};
use super::super::labels::L;
use super::super::overlay::{Choice, Confirm, Overlay, Purpose, SaveFlow};
use super::super::summary::summarize;
use super::plans;

pub use super::super::overlay::After;

pub fn request_save(app: &mut App, then: After) {
    save_flow(app, SaveFlow::new(then));
}

/// Save, asking what has not been asked yet; then do what `flow.then` says.
pub fn save_flow(app: &mut App, flow: SaveFlow) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    p.commit_editor();
    if !p.dirty() {
        app.info(app.t(L::SavedNoChange));
        return finish(app, flow.then);
    }
    let at_risk = p.approval_at_risk();
    if !flow.outside_ok && changed_outside(app) {
        return ask_outside(app, flow);
    }
    if !flow.approval_ok && at_risk {
        let c = Confirm::new(
            app.t(L::TitleConfirm),
            vec![
                app.t(match app.plan().map(|p| p.base.state()) {
                    Some(crate::model::ApprovalState::Submitted) => L::AskSubmitted,
                    _ => L::AskApproved,
                })
                .to_string(),
            ],
            vec![Choice::Save, Choice::Cancel],
            Purpose::SaveApproved(flow),
        );
        app.overlays.push(Overlay::Confirm(c));
        return;
    }
    if save_now(app, flow) {
        finish(app, flow.then);
    }
}

/// Whether the file differs from HEAD (an edit not committed), cannot be
/// read, or the edits were recovered from an older version of it. A file
/// another writer committed while it was open is merged, not asked about.
fn changed_outside(app: &App) -> bool {
    let Some(p) = app.plan() else {
        return false;
    };
    p.recovered_from_older
        || plans::file_state(app, &p.id) != FileState::Clean
        || app.ws.load(&p.id).is_err()
}

/// Another writer committed the file since plandesk read it.
fn committed_meanwhile(app: &App) -> bool {
    let Some(p) = app.plan() else {
        return false;
    };
    app.ws.load(&p.id).is_ok_and(|disk| disk != p.on_disk)
}

/// The commit itself. `true` when it is done; without a git identity the
/// save waits for one and `flow` runs again after.
fn save_now(app: &mut App, flow: SaveFlow) -> bool {
    let Some(p) = app.plan_mut() else {
        return false;
    };
    let summary = summarize(&p.base, &p.working);
    let mut plan = p.working.clone();
    let id = p.id.clone();
    // Once the user said to save over changes made outside, over whatever HEAD is now.
    let base = if flow.outside_ok {
        None
    } else {
        p.head.clone()
    };
    if !flow.outside_ok && committed_meanwhile(app) {
        return save_merged(app, flow, MERGE_ATTEMPTS);
    }
    let change = Change::new(Commit::Edit, summary.clone());
    match app
        .ws
        .save_based_on(&id, &mut plan, &change, base.as_deref())
    {
        Ok(outcome) => {
            saved(app, plan, &outcome);
            let commit = short(&outcome);
            let mut msg = app.labels.fmt(L::Saved, &[&commit, &summary]);
            if outcome.approval_reset {
                msg = format!("{msg}; {}", app.t(L::ApprovalReset));
            }
            app.info(msg);
            true
        }
        // Another writer committed the file between the read and the commit.
        Err(StoreError::ChangedMeanwhile { .. }) if !flow.outside_ok => {
            save_merged(app, flow, MERGE_ATTEMPTS)
        }
        Err(e) => {
            super::identity::failed(app, &e, move |app| save_flow(app, flow));
            false
        }
    }
}

/// How often a merged save is tried again when yet another commit lands meanwhile.
const MERGE_ATTEMPTS: usize = 3;

/// A save that raced another writer's commit of the same plan: merged
/// three-way (base: the plan as plandesk last read or wrote the file; ours: the editor's;
/// theirs: the plan at HEAD now) and committed. What collides is kept as
/// `[[conflicts]]` in the plan, as a sync keeps it, and said on the status
/// line. Where no merge can be made (the plan is gone or unreadable at
/// HEAD, or its file gave items no ids), the question about changes made
/// outside is asked instead.
fn save_merged(app: &mut App, flow: SaveFlow, attempts: usize) -> bool {
    let Some(p) = app.plan() else {
        return false;
    };
    // Items the file named without ids got ids of ours when it was opened,
    // and other ones in the other writer's commit: a merge could not follow them.
    let ids_of_ours = p.on_disk.sections.iter().any(|s| s.id.is_empty())
        || p.on_disk.targets.iter().any(|t| t.id.is_empty())
        || p.on_disk.tasks.iter().any(|t| t.id.is_empty());
    if ids_of_ours {
        ask_outside(app, flow);
        return false;
    }
    let id = p.id.clone();
    let summary = summarize(&p.base, &p.working);
    let head = app.ws.head();
    let theirs = head.as_deref().and_then(|h| app.ws.plan_at(&id, h).ok());
    let merged = theirs
        .as_ref()
        .map(|t| merge(Some(&p.on_disk), Some(&p.working), Some(t)));
    let Some((Some(mut plan), added, reset)) =
        merged.map(|m| (m.plan, m.conflicts.len(), m.approval_reset))
    else {
        ask_outside(app, flow);
        return false;
    };
    let change = Change::new(Commit::Edit, summary.clone());
    match app
        .ws
        .save_based_on(&id, &mut plan, &change, head.as_deref())
    {
        Ok(outcome) => {
            let conflicts = added;
            saved(app, plan, &outcome);
            // The editor holds only our text of a field the merge may have
            // joined with theirs: editing goes on from the merged plan.
            if let Some(p) = app.plan_mut() {
                p.editing = None;
            }
            let commit = short(&outcome);
            let mut msg = if conflicts > 0 {
                let key = app
                    .key_hint(&super::super::Action::OpenConflicts)
                    .unwrap_or_default();
                app.labels
                    .fmt(L::SavedMergedConflicts, &[&commit, &conflicts, &key])
            } else {
                app.labels.fmt(L::SavedMerged, &[&commit, &summary])
            };
            if outcome.approval_reset || reset {
                msg = format!("{msg}; {}", app.t(L::ApprovalReset));
            }
            if conflicts > 0 {
                app.warn(msg);
            } else {
                app.info(msg);
            }
            true
        }
        Err(StoreError::ChangedMeanwhile { .. }) if attempts > 1 => {
            save_merged(app, flow, attempts - 1)
        }
        Err(StoreError::ChangedMeanwhile { .. }) => {
            ask_outside(app, flow);
            false
        }
        Err(e) => {
            super::identity::failed(app, &e, move |app| save_flow(app, flow));
            false
        }
    }
}

/// What needs the plan as committed refuses while it has unsaved edits,
/// naming the key that saves.
pub fn say_save_first(app: &mut App) {
    let key = app
        .key_hint(&super::super::Action::Save)
        .unwrap_or_else(|| "ctrl-s".into());
    app.warn(app.labels.fmt(L::SaveFirst, &[&key]));
}

fn ask_outside(app: &mut App, flow: SaveFlow) {
    let c = Confirm::new(
        app.t(L::TitleConfirm),
        vec![app.t(L::AskOutside).to_string()],
        vec![Choice::Save, Choice::Cancel],
        Purpose::SaveOutside(flow),
    )
    .selecting(Choice::Cancel);
    app.overlays.push(Overlay::Confirm(c));
}

/// The open plan is what was committed now.
fn saved(app: &mut App, plan: Plan, outcome: &SaveOutcome) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    let id = p.id.clone();
    p.working = plan.clone();
    p.base = plan.clone();
    p.on_disk = plan;
    // The undo history outlives the save: an undo after it is a new
    // unsaved change.
    p.file_state = FileState::Clean;
    p.autosaved = None;
    p.recovered_from_older = false;
    p.head = outcome.commit.clone().or(p.head.take());
    if let Some(e) = p.editing.as_mut() {
        e.editor.mark_saved();
    }
    let _ = app.recovery.remove(&id);
}

fn short(outcome: &SaveOutcome) -> String {
    outcome
        .commit
        .as_deref()
        .unwrap_or_default()
        .chars()
        .take(7)
        .collect()
}

fn finish(app: &mut App, then: After) {
    match then {
        After::Stay => {}
        After::Close => close(app),
        After::Quit => quit(app),
    }
}

/// Back to the plan list; asks first when something is unsaved.
pub fn request_close(app: &mut App) {
    ask_unsaved_or(app, After::Close);
}

/// Quit plandesk; asks first when something is unsaved.
pub fn request_quit(app: &mut App) {
    ask_unsaved_or(app, After::Quit);
}

fn ask_unsaved_or(app: &mut App, then: After) {
    let Some(p) = app.plan_mut() else {
        return finish(app, then);
    };
    p.finish_editing();
    if !p.dirty() {
        return finish(app, then);
    }
    let title = crate::model::text::visible_line(&p.working.title).into_owned();
    let c = Confirm::new(
        app.t(L::TitleUnsaved),
        vec![app.labels.fmt(L::AskUnsaved, &[&title])],
        vec![Choice::Save, Choice::Discard, Choice::Cancel],
        Purpose::Unsaved(then),
    );
    app.overlays.push(Overlay::Confirm(c));
}

/// Drop the unsaved changes, then do what was asked.
pub fn discard(app: &mut App, then: After) {
    if let Some(p) = app.plan_mut() {
        p.editing = None;
        p.working = p.base.clone();
        p.undo.clear();
        p.redo.clear();
    }
    finish(app, then);
}

fn close(app: &mut App) {
    let id = app.plan().map(|p| p.id.clone());
    forget_recovery(app);
    let view = std::mem::replace(&mut app.view, View::Plans);
    if let View::Board(b) = view
        && let Some(agenda) = b.from_agenda
    {
        // A board opened from the agenda goes back to it; the list a job
        // reads brings its tasks up to date.
        app.view = View::Agenda(agenda);
        plans::reload(app);
        return;
    }
    plans::reload(app);
    if let Some(id) = id {
        plans::select(app, &id);
    }
}

fn quit(app: &mut App) {
    forget_recovery(app);
    app.quit = true;
}

/// Nothing unsaved is left: the recovery file of the open plan goes.
fn forget_recovery(app: &mut App) {
    if let Some(p) = app.plan()
        && !p.dirty()
    {
        let _ = app.recovery.remove(&p.id);
    }
}
