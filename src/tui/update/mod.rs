//! `update(&mut App, Action)`: the only place the state changes. Overlays
//! take actions first; then the view's own update.

pub mod agenda;
pub mod approval;
pub mod board;
pub mod conflicts;
pub mod finder;
pub mod history;
pub mod identity;
pub mod jobs;
pub mod overlay;
pub mod plan;
pub mod plans;
pub mod recover;
pub mod save;
pub mod transfer;

use super::Action;
use super::app::{App, View};
use super::overlay::{HelpState, Overlay};

pub fn update(app: &mut App, action: Action) {
    dispatch(app, action);
    overlay::restore_draft(app);
    // What the store did on its own during a write (a stale lock removed),
    // said on the status line rather than on stderr, under the screen.
    if let Some(said) = app.ws.take_notices().pop() {
        app.warn(said);
    }
}

fn dispatch(app: &mut App, action: Action) {
    match action {
        Action::Tick => return recover::autosave(app),
        Action::Resize => return history::resized(app),
        Action::ExternalDone(result) => return plan::external_done(app, result),
        Action::JobDone(ticket) => return jobs::done(app, ticket),
        _ => {}
    }
    if !app.overlays.is_empty() {
        return overlay::update(app, action);
    }
    app.status = None;
    app.sync_done = false;
    match action {
        Action::Help => app.overlays.push(Overlay::Help(HelpState::default())),
        Action::Quit => save::request_quit(app),
        Action::OpenFinder => finder::open(app),
        action => match app.view {
            View::Plans => plans::update(app, action),
            View::Plan(_) => plan::update(app, action),
            View::Board(_) => board::update(app, action),
            View::Agenda(_) => agenda::update(app, action),
            View::History(_) | View::Diff(_) => history::update(app, action),
            View::Conflicts(_) => conflicts::update(app, action),
        },
    }
}

/// A cursor moved by `action` within `len` items; `None` when the action
/// does not move a cursor.
pub fn moved(cursor: usize, len: usize, action: &Action, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(page),
        Action::PageDown => (cursor + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}
