//! The plan list: years newest first, the plans of the selected year; open,
//! make and delete plans.

use chrono::Datelike;

use crate::model::{Kind, Plan, PlanId};
use crate::store::{Action as Commit, FileState};

use super::super::Action;
use super::super::app::{App, PlanState, View};
use super::super::labels::L;
use super::super::overlay::{Ask, Choice, Confirm, Overlay, Prompt, Purpose};
use super::recover;

pub fn update(app: &mut App, action: Action) {
    let len = app.plans.entries().len();
    if let Some(c) = super::moved(app.plans.cursor, len, &action, 10) {
        app.plans.cursor = c;
        return;
    }
    match action {
        Action::YearNewer => {
            app.plans.year = app.plans.year.saturating_sub(1);
            app.plans.cursor = 0;
        }
        Action::YearOlder => {
            app.plans.year = (app.plans.year + 1).min(app.plans.years.len().saturating_sub(1));
            app.plans.cursor = 0;
        }
        Action::OpenPlan => open_selected(app),
        Action::NewPlan => {
            let p = Prompt::new(
                app.t(L::TitleNewPlan),
                app.t(L::PromptSlug),
                "",
                Ask::NewPlanSlug,
            );
            app.overlays.push(Overlay::Prompt(Box::new(p)));
        }
        Action::DeletePlan => ask_delete(app),
        Action::OpenHistory => super::history::open(app, None),
        Action::Reload => {
            reload(app);
            app.info(app.t(L::Reloaded));
        }
        _ => {}
    }
}

/// Read the plan list again, keeping the selected year and plan where they still are.
pub fn reload(app: &mut App) {
    let year = app.plans.selected_year();
    let selected = app.plans.selected().map(|e| e.id.clone());
    match app.ws.list_plans() {
        Ok(listing) => {
            let mut years: Vec<i32> = listing.plans.iter().map(|e| e.id.year()).collect();
            years.sort_unstable_by(|a, b| b.cmp(a));
            years.dedup();
            app.plans.listing = listing;
            app.plans.years = years;
            app.plans.error = None;
        }
        Err(e) => app.plans.error = Some(e.to_string()),
    }
    app.plans.workspace = app.ws.settings().ok().and_then(|s| s.name);
    app.plans.year = year
        .and_then(|y| app.plans.years.iter().position(|x| *x == y))
        .unwrap_or(0);
    app.plans.cursor = selected
        .and_then(|id| app.plans.entries().iter().position(|e| e.id == id))
        .unwrap_or(0)
        .min(app.plans.entries().len().saturating_sub(1));
}

/// Select `id` in the list (its year, then the plan).
pub fn select(app: &mut App, id: &PlanId) {
    if let Some(y) = app.plans.years.iter().position(|y| *y == id.year()) {
        app.plans.year = y;
    }
    if let Some(c) = app.plans.entries().iter().position(|e| &e.id == id) {
        app.plans.cursor = c;
    }
}

fn open_selected(app: &mut App) {
    let Some(entry) = app.plans.selected() else {
        app.warn(app.t(L::NoPlan));
        return;
    };
    match &entry.plan {
        Ok(_) => {
            let id = entry.id.clone();
            open(app, &id);
        }
        Err(e) => {
            let msg = e.to_string();
            app.error(app.labels.fmt(L::CannotOpen, &[&entry.id]));
            app.overlays.push(Overlay::message(
                app.t(L::TitleError),
                msg.lines().map(String::from).collect(),
            ));
        }
    }
}

/// Open the plan view on `id`; offers its recovery file first when there is one.
pub fn open(app: &mut App, id: &PlanId) -> bool {
    let plan = match app.ws.load(id) {
        Ok(p) => p,
        Err(e) => {
            app.error(app.labels.fmt(L::CannotOpen, &[&id]));
            let lines = e.to_string().lines().map(String::from).collect();
            app.overlays
                .push(Overlay::message(app.t(L::TitleError), lines));
            return false;
        }
    };
    let state = file_state(app, id);
    app.view = View::Plan(Box::new(PlanState::new(id.clone(), plan, state)));
    if app.recovery.exists(id) {
        recover::offer(app, id, false);
    }
    true
}

/// How the plan's file stands against HEAD now.
pub fn file_state(app: &App, id: &PlanId) -> FileState {
    app.ws
        .changed_plans()
        .ok()
        .and_then(|v| v.into_iter().find(|(i, _)| i == id))
        .map_or(FileState::Clean, |(_, s)| s)
}

fn ask_delete(app: &mut App) {
    let Some(entry) = app.plans.selected() else {
        app.warn(app.t(L::NoPlan));
        return;
    };
    let title = entry
        .plan
        .as_ref()
        .map(|p| p.title.clone())
        .unwrap_or_default();
    let id = entry.id.clone();
    let line = app.labels.fmt(L::AskDeletePlan, &[&title, &id]);
    let c = Confirm::new(
        app.t(L::TitleConfirm),
        vec![line],
        vec![Choice::Delete, Choice::Cancel],
        Purpose::DeletePlan(id),
    )
    .selecting(Choice::Cancel);
    app.overlays.push(Overlay::Confirm(c));
}

pub fn delete(app: &mut App, id: &PlanId) {
    match app.ws.delete(id) {
        Ok(_) => {
            let _ = app.recovery.remove(id);
            reload(app);
            app.info(app.labels.fmt(L::Deleted, &[&id]));
        }
        Err(e) => show_error(app, &e.to_string()),
    }
}

/// The last answer of the new-plan prompts: make the plan as a commit and open it.
pub fn create(app: &mut App, slug: &str, title: &str, year_text: &str) -> Result<(), String> {
    let year: i32 = year_text
        .trim()
        .parse()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
        .ok_or_else(|| app.t(L::ErrYear).to_string())?;
    let id = PlanId::new(year, slug).map_err(|e| e.to_string())?;
    if app.ws.exists(&id) {
        return Err(app.labels.fmt(L::ErrExists, &[&id]));
    }
    let mut plan = Plan::new(title.trim(), year, Kind::Plan);
    match app.ws.create(&id, &mut plan, Commit::New, None) {
        Ok(_) => {
            reload(app);
            select(app, &id);
            open(app, &id);
            app.info(app.labels.fmt(L::Created, &[&id]));
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The year a new plan gets by default: the selected one, else this one.
pub fn default_year(app: &App) -> i32 {
    app.plans
        .selected_year()
        .unwrap_or_else(|| chrono::Local::now().year())
}

pub fn show_error(app: &mut App, msg: &str) {
    app.error(msg.lines().next().unwrap_or_default().to_string());
    app.overlays.push(Overlay::message(
        app.t(L::TitleError),
        msg.lines().map(String::from).collect(),
    ));
}
