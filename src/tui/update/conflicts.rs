//! The conflict view: take our side, their side, or a text of one's own
//! for each conflict a sync left in the open plan; each choice is one
//! commit (`Action: resolve`) through the store.

use crate::model::resolve::Choice;

use super::super::Action;
use super::super::app::{App, View};
use super::super::conflicts::ConflictsState;
use super::super::editor::Editor;
use super::super::labels::L;
use super::{moved, plans};

/// Open the conflict view over the plan (or its board); only with
/// everything saved, since resolving commits the plan as it is.
pub fn open(app: &mut App) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    p.finish_editing();
    if p.base.conflicts.is_empty() {
        app.info(app.t(L::ConflictsNone));
        return;
    }
    if p.dirty() {
        super::save::say_save_first(app);
        return;
    }
    let prev = std::mem::replace(&mut app.view, View::Plans);
    app.view = View::Conflicts(Box::new(ConflictsState::new(prev)));
}

fn state(app: &mut App) -> Option<&mut ConflictsState> {
    match &mut app.view {
        View::Conflicts(c) => Some(c),
        _ => None,
    }
}

pub fn update(app: &mut App, action: Action) {
    let count = app.plan().map_or(0, |p| p.base.conflicts.len());
    let rows = usize::from(app.screen_rows.max(2));
    let Some(c) = state(app) else {
        return;
    };
    if c.editing.is_some() {
        match action {
            // Done: the text resolves the conflict (unchanged, it does nothing).
            Action::EditDone | Action::Back | Action::Save => {
                if let Some(editor) = c.editing.take()
                    && editor.changed()
                {
                    resolve(app, Choice::Text(editor.text()));
                }
            }
            action => {
                if let Some(editor) = c.editing.as_mut() {
                    editor.apply(&action);
                }
            }
        }
        return;
    }
    if let Some(to) = moved(c.cursor, count, &action, rows / 2) {
        c.cursor = to;
        return;
    }
    match action {
        Action::Back => close(app),
        Action::TakeOurs => resolve(app, Choice::Ours),
        Action::TakeTheirs => resolve(app, Choice::Theirs),
        Action::EditConflict => {
            let cursor = c.cursor;
            let start = app
                .plan()
                .and_then(|p| p.base.conflicts.get(cursor))
                .and_then(|k| k.ours.clone().or_else(|| k.theirs.clone()))
                .unwrap_or_default();
            if let Some(c) = state(app) {
                c.editing = Some(Editor::multi_line(&start));
            }
        }
        _ => {}
    }
}

/// Back to the plan or board it was opened from.
fn close(app: &mut App) {
    let view = std::mem::replace(&mut app.view, View::Plans);
    app.view = match view {
        View::Conflicts(c) => c.prev,
        other => other,
    };
}

fn resolve(app: &mut App, choice: Choice) {
    let Some(p) = app.plan() else {
        return;
    };
    let cursor = match &app.view {
        View::Conflicts(c) => c.cursor,
        _ => 0,
    };
    let Some(conflict) = p.base.conflicts.get(cursor).map(|c| c.id.clone()) else {
        return;
    };
    let id = p.id.clone();
    let how = app.t(match choice {
        Choice::Ours => L::ConflictOurs1,
        Choice::Theirs => L::ConflictTheirs1,
        Choice::Text(_) => L::ConflictText1,
    });
    match app.ws.resolve_conflict(&id, &conflict, &choice) {
        Ok(outcome) => {
            let commit = outcome.short_commit();
            let Some(plan) = outcome.plan else {
                app.view = View::Plans;
                plans::reload(app);
                app.info(app.labels.fmt(L::ConflictPlanDeleted, &[&commit]));
                return;
            };
            let left = plan.conflicts.len();
            super::history::reload_plan(app, &id);
            plans::reload(app);
            let mut said = app
                .labels
                .fmt(L::ConflictResolved, &[&conflict, &how, &commit, &left]);
            if left == 0 {
                close(app);
                said = format!("{said} · {}", app.t(L::ConflictsAllResolved));
            } else if let Some(c) = state(app) {
                c.cursor = c.cursor.min(left - 1);
            }
            app.info(said);
        }
        Err(e) => super::identity::failed(app, &e, move |app| resolve(app, choice)),
    }
}
