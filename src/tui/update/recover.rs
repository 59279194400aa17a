//! Autosave of unsaved edits, and offering them back after a crash.

use crate::model::{Plan, PlanId, write_plan};

use super::super::app::{App, PlanState, View};
use super::super::labels::L;
use super::super::overlay::{Choice, Confirm, Overlay, Purpose};
use super::super::summary::summarize;
use super::plans;

/// At start: offer every recovery file left by a crash.
pub fn offer_all(app: &mut App) {
    for found in app.recovery.all() {
        match found {
            Ok(r) => offer(app, &r.id, true),
            Err(why) => plans::show_error(app, &why),
        }
    }
}

/// Offer the recovery file of `id`; `later` lets the user keep it for another time.
pub fn offer(app: &mut App, id: &PlanId, later: bool) {
    let Some(Ok(r)) = app.recovery.read(id) else {
        return;
    };
    let title = crate::model::text::visible_line(&r.plan.title).into_owned();
    let mut lines = vec![app.labels.fmt(L::AskRecover, &[&title, &id, &r.written])];
    if let Some(since) = changed_since(app, id, r.base.as_deref()) {
        let since = crate::model::text::visible_line(&since).into_owned();
        lines.push(app.labels.fmt(L::RecoverChangedSince, &[&since]));
    }
    let mut choices = vec![Choice::Restore, Choice::Discard];
    if later {
        choices.push(Choice::Later);
    }
    let c = Confirm::new(
        app.t(L::TitleRecover),
        lines,
        choices,
        Purpose::Recover(id.clone()),
    );
    app.overlays.push(Overlay::Confirm(c));
}

/// The plan as committed when the recovered edits were made, when newer
/// commits changed it since.
fn plan_then(app: &App, id: &PlanId, base: Option<&str>) -> Option<Plan> {
    let base = base?;
    if app.ws.head().as_deref() == Some(base) {
        return None;
    }
    let then = app.ws.plan_at(id, base).ok()?;
    let now = app.ws.load(id).ok()?;
    (then != now).then_some(then)
}

/// What newer commits changed in the plan since the recovered edits were made.
fn changed_since(app: &App, id: &PlanId, base: Option<&str>) -> Option<String> {
    let then = plan_then(app, id, base)?;
    let now = app.ws.load(id).ok()?;
    let said = summarize(&then, &now);
    Some(if said.is_empty() {
        app.t(L::RecoverSomeChange).to_string()
    } else {
        said
    })
}

/// Open the plan with the recovered edits as unsaved changes.
pub fn restore(app: &mut App, id: &PlanId) {
    let recovered = match app.recovery.read(id) {
        Some(Ok(r)) => r,
        Some(Err(why)) => return plans::show_error(app, &why),
        None => return,
    };
    let base = match app.ws.load(id) {
        Ok(p) => p,
        Err(e) => {
            let path = app.recovery.path(id).display().to_string();
            return plans::show_error(app, &format!("{e}\n{path}"));
        }
    };
    let state = plans::file_state(app, id);
    let then = plan_then(app, id, recovered.base.as_deref());
    let mut p = PlanState::new(id.clone(), base, state);
    p.head = app.ws.head();
    if let Some(then) = then {
        // Made on an older version: saving asks first, as for any change
        // made outside since the plan was read.
        p.on_disk = then;
        p.head = recovered.base.clone();
        p.recovered_from_older = true;
    }
    let mut working = recovered.plan;
    working.ensure_ids();
    if working != p.working {
        p.undo.push(p.working.clone());
        p.working = working;
    }
    plans::select(app, id);
    app.view = View::Plan(Box::new(p));
}

pub fn discard(app: &mut App, id: &PlanId) {
    let _ = app.recovery.remove(id);
    app.info(app.t(L::RecoveryDiscarded));
}

/// Every few seconds: write the unsaved state of the open plan, when it changed.
pub fn autosave(app: &mut App) {
    let Some(p) = app.plan() else {
        return;
    };
    let id = p.id.clone();
    if !p.dirty() {
        if p.autosaved.is_some() {
            let _ = app.recovery.remove(&id);
            if let Some(p) = app.plan_mut() {
                p.autosaved = None;
            }
        }
        return;
    }
    let plan = p.effective().into_owned();
    let text = write_plan(&plan);
    if p.autosaved.as_deref() == Some(text.as_str()) {
        return;
    }
    match app.recovery.write(&id, &plan, p.head.as_deref()) {
        Ok(()) => {
            if let Some(p) = app.plan_mut() {
                p.autosaved = Some(text);
            }
        }
        Err(e) => app.warn(app.labels.fmt(L::RecoveryFailed, &[&e])),
    }
}

/// Nothing is unsaved any more (an undo back to the saved plan): the
/// recovery file goes at once, not at the next autosave.
pub fn settle(app: &mut App) {
    let Some(p) = app.plan() else {
        return;
    };
    if p.autosaved.is_some() && !p.dirty() {
        let id = p.id.clone();
        let _ = app.recovery.remove(&id);
        if let Some(p) = app.plan_mut() {
            p.autosaved = None;
        }
    }
}

/// Leaving without a clean quit (a signal, an error, a panic): keep what is unsaved.
pub fn keep_unsaved(app: &App) {
    if let Some(p) = app.plan()
        && p.dirty()
    {
        let _ = app.recovery.write(&p.id, &p.effective(), p.head.as_deref());
    }
}
