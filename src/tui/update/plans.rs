//! The plan list: years newest first, the plans of the selected year; open,
//! make and delete plans.

use chrono::Datelike;

use crate::jobs::Job;
use crate::model::text::visible_line;
use crate::model::{Kind, Plan, PlanId, PlanSummary};
use crate::store::{self, Action as Commit, Change, FileState, Settings, Summaries};

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
        Action::YearJump => {
            let p = Prompt::new(
                app.t(L::TitleYearJump),
                app.t(L::PromptYearJump),
                "",
                Ask::YearJump,
            );
            app.overlays.push(Overlay::Prompt(Box::new(p)));
        }
        Action::OpenPlan => open_selected(app),
        Action::NewPlan => {
            let p = Prompt::new(
                app.t(L::TitleNewPlan),
                app.t(L::PromptYear),
                &default_year(app).to_string(),
                Ask::NewPlanYear,
            );
            app.overlays.push(Overlay::Prompt(Box::new(p)));
        }
        Action::DeletePlan => ask_delete(app),
        Action::OpenAgenda => super::agenda::open(app),
        Action::CarryOver | Action::SummaryDraft => {
            let Some(id) = app.plans.selected().map(|e| e.id.clone()) else {
                return app.warn(app.t(L::NoSourcePlan));
            };
            new_from(app, &id, action == Action::CarryOver);
        }
        Action::OpenHistory => super::history::open(app, None),
        Action::ExportPlan => match app.plans.selected().map(|e| e.id.clone()) {
            Some(id) => super::transfer::ask_export(app, &id),
            None => app.warn(app.t(L::NoPlan)),
        },
        Action::ImportPlans => super::transfer::ask_import(app),
        Action::Sync => sync(app),
        Action::Reload => {
            app.status = None;
            // A warning found while reading (a broken plandesk.toml) stays in view.
            app.on_listing.say_reloaded = true;
            reload(app);
        }
        _ => {}
    }
}

/// Sync with the default remote on a job; [`synced`] says how it went.
pub fn sync(app: &mut App) {
    app.status = None;
    app.sync_watch = crate::jobs::SyncWatch::default();
    app.sync_credentials = crate::jobs::CredentialDesk::default();
    app.sync_done = false;
    app.jobs.request(Job::Sync {
        remote: None,
        progress: std::sync::Arc::clone(&app.sync_watch),
        credentials: app.sync_credentials.clone(),
    });
}

/// The user name for the running sync: the password comes next.
pub fn sync_user(app: &mut App, user: &str) -> Result<(), String> {
    if user.is_empty() {
        return Err(app.t(L::ErrEmpty).to_string());
    }
    let title = match app.overlays.last() {
        Some(Overlay::Prompt(p)) => p.title.clone(),
        _ => String::new(),
    };
    let prompt = Prompt::new(
        &title,
        &app.labels
            .fmt(L::PromptSyncPassword, &[&visible_line(user)]),
        "",
        Ask::SyncPassword {
            user: user.to_string(),
        },
    )
    .masked();
    app.overlays.push(Overlay::Prompt(Box::new(prompt)));
    Ok(())
}

/// The password for the running sync: handed to its job, kept nowhere else.
pub fn sync_password(app: &mut App, user: String, password: String) {
    app.sync_credentials.answer(Some(store::UserPass {
        username: user,
        password,
    }));
}

/// The running sync asks for a user name and password: a prompt for each
/// (the password masked). Whether one opened.
pub fn credentials_asked(app: &mut App) -> bool {
    let Some(request) = app.sync_credentials.take_request() else {
        return false;
    };
    let title = app.labels.fmt(L::TitleSyncLogin, &[&request.url]);
    let prompt = match request.username {
        Some(user) => Prompt::new(
            &title,
            &app.labels
                .fmt(L::PromptSyncPassword, &[&visible_line(&user)]),
            "",
            Ask::SyncPassword { user },
        )
        .masked(),
        None => Prompt::new(&title, app.t(L::PromptSyncUser), "", Ask::SyncUser),
    };
    app.overlays.push(Overlay::Prompt(Box::new(prompt)));
    true
}

/// A sync is done: its summary in the status line, the plan list read again.
pub fn synced(app: &mut App, result: store::Result<store::SyncSummary>) {
    app.sync_done = result.is_ok();
    match result {
        Ok(s) => {
            let mut msg = app.labels.fmt(
                L::Synced,
                &[
                    &s.remote,
                    &s.fetched,
                    &s.merged.len(),
                    &s.conflict_count(),
                    &s.pushed,
                ],
            );
            if !s.refused.is_empty() {
                msg.push_str(
                    &app.labels
                        .fmt(L::SyncRefused, &[&s.refused.len(), &s.refused.join("; ")]),
                );
            }
            if s.conflict_count() > 0 || !s.refused.is_empty() {
                app.warn(msg);
            } else {
                app.info(msg);
            }
        }
        Err(e) => app.error(e.to_string()),
    }
    reload(app);
}

/// Read the plan list again (summaries, from the cache where the files did
/// not change), on a job; [`apply`] takes it when it comes.
pub fn reload(app: &mut App) {
    app.jobs.request(Job::Plans);
}

/// The first screen of the plan list: one year's plans, read on a job with
/// both cores to itself, so the list shows before the thousands of plans
/// of other years are read; the whole list is read when it has come.
pub fn first_screen(app: &mut App) {
    app.jobs.request(Job::FirstYear {
        year: app.today.year(),
    });
}

/// One year's plans for the first screen; too late once the full list
/// came, and not wanted once the day changed to another year (a test's).
pub fn first_year(
    app: &mut App,
    asked: i32,
    first: store::Result<store::FirstYear>,
    settings: store::Result<Settings>,
) {
    // Then every plan (whose listing also says what went wrong here).
    reload(app);
    let Ok(first) = first else {
        return;
    };
    if !app.plans.years.is_empty() || app.plans.error.is_some() || asked != app.today.year() {
        return;
    }
    let year = first.summaries.plans.first().map(|e| e.id.year());
    app.plans.listing = first.summaries;
    app.plans.years = first.years;
    app.plans.first_year_only = true;
    app.plans.workspace = settings.ok().and_then(|s| s.name);
    app.plans.year = year
        .and_then(|y| app.plans.years.iter().position(|x| *x == y))
        .unwrap_or(0);
    app.plans.cursor = 0;
}

/// The plan list a job read: keep the selected year and plan where they still are.
pub fn apply(app: &mut App, listing: store::Result<Summaries>, settings: store::Result<Settings>) {
    if !app.history_indexed {
        // A long history's index takes seconds to build the first time:
        // build it now, in the background, not when the history is opened;
        // after the first list, which has both cores to itself.
        app.history_indexed = true;
        app.jobs.request(Job::IndexHistory);
    }
    // The first list opens on today's year when it has plans, else the newest.
    let year = app.plans.selected_year().or_else(|| Some(app.today.year()));
    let selected = app.plans.selected().map(|e| e.id.clone());
    match listing {
        Ok(listing) => {
            let mut years: Vec<i32> = listing.plans.iter().map(|e| e.id.year()).collect();
            years.sort_unstable_by(|a, b| b.cmp(a));
            years.dedup();
            app.plans.listing = listing;
            app.plans.years = years;
            app.plans.first_year_only = false;
            app.plans.error = None;
        }
        Err(e) => app.plans.error = Some(e.to_string()),
    }
    app.plans.workspace = match settings {
        Ok(settings) => settings.name,
        Err(e) => {
            // A broken plandesk.toml does not stop the plans; it is said, with
            // its line, unless the status line tells what was just done.
            if app.status.is_none() {
                app.warn(e.to_string());
            }
            None
        }
    };
    app.plans.year = year
        .and_then(|y| app.plans.years.iter().position(|x| *x == y))
        .unwrap_or(0);
    app.plans.cursor = selected
        .and_then(|id| app.plans.entries().iter().position(|e| e.id == id))
        .unwrap_or(0)
        .min(app.plans.entries().len().saturating_sub(1));
    listed(app);
}

/// The plan list could not be read at all.
pub fn failed(app: &mut App, why: String) {
    app.plans.error = Some(why);
    listed(app);
}

/// What waited for the list; the agenda follows it.
fn listed(app: &mut App) {
    let wanted = std::mem::take(&mut app.on_listing);
    if let Some(id) = wanted.select {
        select(app, &id);
    }
    super::agenda::refresh(app);
    if wanted.say_reloaded && app.status.is_none() {
        app.info(app.t(L::Reloaded));
    }
}

/// Show the year typed: all its digits (`2019`), or its last ones (`19`:
/// the newest year ending so).
pub fn jump_to_year(app: &mut App, digits: &str) -> Result<(), String> {
    let digits = digits.trim();
    let found = (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| {
            app.plans
                .years
                .iter()
                .position(|y| y.to_string() == digits)
                .or_else(|| {
                    app.plans
                        .years
                        .iter()
                        .position(|y| y.to_string().ends_with(digits))
                })
        })
        .flatten();
    match found {
        Some(i) => {
            app.plans.year = i;
            app.plans.cursor = 0;
            Ok(())
        }
        None => Err(app.labels.fmt(L::ErrNoSuchYear, &[&digits])),
    }
}

/// Select `id` in the list (its year, then the plan); one not listed yet
/// is selected when the list comes.
pub fn select(app: &mut App, id: &PlanId) {
    if let Some(y) = app.plans.years.iter().position(|y| *y == id.year()) {
        app.plans.year = y;
    }
    match app.plans.entries().iter().position(|e| &e.id == id) {
        Some(c) => app.plans.cursor = c,
        None => app.on_listing.select = Some(id.clone()),
    }
}

fn open_selected(app: &mut App) {
    let Some(entry) = app.plans.selected() else {
        app.warn(app.t(L::NoPlan));
        return;
    };
    match &entry.summary {
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
    let mut p = PlanState::new(id.clone(), plan, state);
    p.head = app.ws.head();
    app.view = View::Plan(Box::new(p));
    if app.recovery.exists(id) {
        recover::offer(app, id, false);
    }
    true
}

/// How the plan's file stands against HEAD now.
pub fn file_state(app: &App, id: &PlanId) -> FileState {
    match app.ws.plan_file(id) {
        Ok(Some(f)) => f.state,
        // Gone from the working tree: deleted if HEAD has it.
        Ok(None) => app
            .ws
            .changed_plans()
            .ok()
            .and_then(|v| v.into_iter().find(|(i, _)| i == id))
            .map_or(FileState::Clean, |(_, s)| s),
        Err(_) => FileState::Clean,
    }
}

fn ask_delete(app: &mut App) {
    let Some(entry) = app.plans.selected() else {
        app.warn(app.t(L::NoPlan));
        return;
    };
    let title = entry
        .summary
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
            // Gone from the list at once, so it cannot be opened; the rest
            // comes with the list a job reads.
            app.plans.listing.plans.retain(|e| &e.id != id);
            app.plans.cursor = app
                .plans
                .cursor
                .min(app.plans.entries().len().saturating_sub(1));
            reload(app);
            app.info(app.labels.fmt(L::Deleted, &[&id]));
        }
        Err(e) => {
            let id = id.clone();
            super::identity::failed(app, &e, move |app| delete(app, &id));
        }
    }
}

/// A year as typed: 2025, ２０２５, 2025年, 二〇二五.
pub fn typed_year(app: &App, text: &str) -> Result<i32, String> {
    crate::import::typed_year(text).ok_or_else(|| app.t(L::ErrYear).to_string())
}

/// The file name proposed for a new plan of `year` titled `title`: the
/// pinyin initials of the title, as an import proposes, made free.
pub fn proposed_slug(app: &App, year: i32, title: &str) -> String {
    let slug = crate::import::suggest_slug(title, Kind::Plan);
    app.ws
        .free_id(year, &slug)
        .map(|id| id.slug().to_string())
        .unwrap_or(slug)
}

/// The file name typed: Chinese (or any text that is not a file name yet)
/// becomes its pinyin initials; otherwise it must be a-z, 0-9 and -.
pub fn typed_slug(app: &App, text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(app.t(L::ErrEmpty).to_string());
    }
    let slug = if text.is_ascii() {
        text.to_ascii_lowercase().replace([' ', '_'], "-")
    } else {
        crate::import::suggest_slug(text, Kind::Plan)
    };
    match PlanId::new(2000, &slug) {
        Ok(_) => Ok(slug),
        Err(_) => Err(app.t(L::ErrSlug).to_string()),
    }
}

/// The last answer of the new-plan prompts: make the plan as a commit and open it.
pub fn create(app: &mut App, slug: &str, title: &str, year: i32) -> Result<(), String> {
    let slug = typed_slug(app, slug)?;
    let id = PlanId::new(year, &slug).map_err(|_| app.t(L::ErrSlug).to_string())?;
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
        Err(e) if e.is_no_identity() => {
            let (slug, title) = (slug.to_string(), title.to_string());
            super::identity::failed(app, &e, move |app| {
                if let Err(why) = create(app, &slug, &title, year) {
                    show_error(app, &why);
                }
            });
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The year a new plan gets by default: the selected one, else this one.
pub fn default_year(app: &App) -> i32 {
    app.plans.selected_year().unwrap_or(app.today.year())
}

pub fn show_error(app: &mut App, msg: &str) {
    app.error(msg.lines().next().unwrap_or_default().to_string());
    app.overlays.push(Overlay::message(
        app.t(L::TitleError),
        msg.lines().map(String::from).collect(),
    ));
}

/// Carry `from` over to next year (asks the id and title), or make its
/// year-end summary draft. Both start from the plan as saved in its file.
pub fn new_from(app: &mut App, from: &PlanId, carry: bool) {
    if carry {
        let next = PlanId::new(from.year() + 1, from.slug())
            .map(|i| i.to_string())
            .unwrap_or_default();
        let p = Prompt::new(
            app.t(L::TitleCarryOver),
            app.t(L::PromptCarryId),
            &next,
            Ask::CarryId { from: from.clone() },
        );
        app.overlays.push(Overlay::Prompt(Box::new(p)));
    } else {
        summary_draft(app, from);
    }
}

/// Open `id` in place of the plan on screen, unless that has unsaved changes.
pub fn open_instead(app: &mut App, id: &PlanId) {
    if app.dirty() {
        return super::save::say_save_first(app);
    }
    if open(app, id) {
        select(app, id);
    }
}

/// The carried-over plan's title: the source's, with its year moved along.
pub fn carry_title(app: &App, from: &PlanId, year: i32) -> String {
    app.ws
        .load(from)
        .map(|p| p.title.replace(&p.year.to_string(), &year.to_string()))
        .unwrap_or_default()
}

/// Make `id` from `from` with [`Plan::carry_over`], one commit naming the source.
pub fn carry_over(app: &mut App, from: &PlanId, id: &PlanId, title: &str) -> Result<(), String> {
    let src = app.ws.load(from).map_err(|e| e.to_string())?;
    let mut plan = src.carry_over(id.year(), title);
    let summary = format!("{title} (from {from})");
    made(app, id, &mut plan, &summary, L::CarriedOver)
}

fn summary_draft(app: &mut App, from: &PlanId) {
    let result = (|| {
        let src = app.ws.load(from).map_err(|e| e.to_string())?;
        let base = from.slug().trim_end_matches("-plan");
        let id = PlanId::new(from.year(), &format!("{base}-summary")).map_err(|e| e.to_string())?;
        if app.ws.exists(&id) {
            // Made already: offer to open it instead.
            let c = Confirm::new(
                app.t(L::TitleConfirm),
                vec![app.labels.fmt(L::AskOpenSummary, &[&id])],
                vec![Choice::Yes, Choice::No],
                Purpose::OpenExisting(id),
            );
            app.overlays.push(Overlay::Confirm(c));
            return Ok(());
        }
        let title = crate::model::schedule::summary_title(&src.title);
        let mut draft = src.summary_draft(&title);
        let summary = format!("{title} (summary of {from})");
        made(app, &id, &mut draft, &summary, L::SummaryCreated)
    })();
    if let Err(e) = result {
        show_error(app, &e);
    }
}

fn made(app: &mut App, id: &PlanId, plan: &mut Plan, summary: &str, done: L) -> Result<(), String> {
    if app.ws.exists(id) {
        return Err(app.labels.fmt(L::ErrExists, &[&id]));
    }
    let mut made_plan = plan.clone();
    match app.ws.save(
        id,
        &mut made_plan,
        &Change::new(Commit::New, summary.to_string()),
    ) {
        Ok(_) => *plan = made_plan,
        Err(e) if e.is_no_identity() => {
            let (id, mut plan, summary) = (id.clone(), plan.clone(), summary.to_string());
            super::identity::failed(app, &e, move |app| {
                if let Err(why) = made(app, &id, &mut plan, &summary, done) {
                    show_error(app, &why);
                }
            });
            return Ok(());
        }
        Err(e) => return Err(e.to_string()),
    }
    if app.plan().is_none() {
        reload(app);
        select(app, id);
    }
    app.info(app.labels.fmt(done, &[&id]));
    Ok(())
}

/// Each year's (done, total) over its plans that can be read.
pub fn year_progress(app: &App, year: i32) -> (usize, usize) {
    app.plans
        .listing
        .plans
        .iter()
        .filter(|e| e.id.year() == year)
        .filter_map(|e| e.summary.as_ref().ok())
        .map(PlanSummary::progress)
        .fold((0, 0), |(d, t), (d2, t2)| (d + d2, t + t2))
}
