//! Actions while help, a question or a prompt is on top.

use crate::model::PlanId;

use super::super::Action;
use super::super::app::App;
use super::super::labels::L;
use super::super::overlay::{Ask, Choice, Confirm, Overlay, Prompt, Purpose, SaveFlow};
use super::{agenda, board, identity, plan, plans, recover, save};

pub fn update(app: &mut App, action: Action) {
    let Some(top) = app.overlays.pop() else {
        return;
    };
    match top {
        Overlay::Help(mut h) => {
            match action {
                Action::Back | Action::Help | Action::Cancel => return,
                Action::Up => h.scroll = h.scroll.saturating_sub(1),
                Action::Down => h.scroll += 1,
                Action::PageUp => h.scroll = h.scroll.saturating_sub(10),
                Action::PageDown => h.scroll += 10,
                Action::Top => h.scroll = 0,
                Action::Bottom => h.scroll = usize::MAX / 2,
                _ => {}
            }
            app.overlays.push(Overlay::Help(h));
        }
        Overlay::Confirm(c) => confirm(app, c, action),
        Overlay::Prompt(p) => prompt(app, p, action),
        Overlay::Finder(s) => super::finder::update(app, s, action),
    }
}

fn confirm(app: &mut App, mut c: Confirm, action: Action) {
    let chosen = match action {
        Action::Left => {
            c.selected = c.selected.saturating_sub(1);
            None
        }
        Action::Right => {
            c.selected = (c.selected + 1).min(c.choices.len().saturating_sub(1));
            None
        }
        Action::Accept => Some(c.current()),
        Action::Cancel => Some(c.cancel_choice()),
        Action::Yes => c.offered(&[
            Choice::Yes,
            Choice::Delete,
            Choice::Restore,
            Choice::Save,
            Choice::Ok,
        ]),
        Action::No => c.offered(&[Choice::No, Choice::Cancel, Choice::Later]),
        Action::ChooseSave => c.offered(&[Choice::Save]),
        Action::ChooseDiscard => c.offered(&[Choice::Discard]),
        _ => None,
    };
    match chosen {
        None => app.overlays.push(Overlay::Confirm(c)),
        Some(choice) => resolve(app, c.purpose, choice),
    }
}

fn resolve(app: &mut App, purpose: Purpose, choice: Choice) {
    let yes = matches!(
        choice,
        Choice::Yes | Choice::Delete | Choice::Save | Choice::Restore | Choice::Ok
    );
    match purpose {
        Purpose::Message => {}
        Purpose::DeletePlan(id) if yes => plans::delete(app, &id),
        Purpose::DeleteSection(id) if yes => plan::delete_section(app, &id),
        Purpose::DeleteTarget(id) if yes => plan::delete_target(app, &id),
        Purpose::DeleteTask(id) if yes => board::delete_task(app, &id),
        Purpose::Unsaved(then) => match choice {
            Choice::Save => save::save_flow(app, SaveFlow::new(then)),
            Choice::Discard => save::discard(app, then),
            _ => {}
        },
        Purpose::SaveOutside(flow) if yes => save::save_flow(
            app,
            SaveFlow {
                outside_ok: true,
                ..flow
            },
        ),
        Purpose::SaveApproved(flow) if yes => save::save_flow(
            app,
            SaveFlow {
                approval_ok: true,
                ..flow
            },
        ),
        Purpose::RestoreRevision { plan, rev } if yes => super::history::restore(app, &plan, rev),
        Purpose::KeepIdentity(who) => identity::keep(app, who, choice),
        Purpose::Transfer(step) => super::transfer::resolve(app, step, choice),
        Purpose::OpenExisting(id) if yes => plans::open_instead(app, &id),
        Purpose::Recover(id) => match choice {
            Choice::Restore => recover::restore(app, &id),
            Choice::Discard => recover::discard(app, &id),
            _ => {}
        },
        _ => {}
    }
}

fn prompt(app: &mut App, mut p: Box<Prompt>, action: Action) {
    match action {
        Action::Cancel => {
            if let Ask::SyncUser | Ask::SyncPassword { .. } = p.ask {
                app.sync_credentials.answer(None);
            } else if let Ask::Identity(_) = p.ask {
                identity::cancelled(app);
            } else if let Some(draft) = draft_of(&p) {
                app.prompt_draft = Some(draft);
                app.info(app.t(L::PromptKept));
            }
        }
        Action::Accept => {
            let text = p.editor.text();
            if let Err(why) = answer(app, &p.ask, text) {
                p.error = Some(why);
                app.overlays.push(Overlay::Prompt(p));
            }
        }
        action => {
            p.editor.apply(&action);
            p.error = None;
            app.overlays.push(Overlay::Prompt(p));
        }
    }
}

/// Take a prompt's answer; an `Err` keeps the prompt open with the reason.
fn answer(app: &mut App, ask: &Ask, text: String) -> Result<(), String> {
    let trimmed = text.trim().to_string();
    let non_empty = |app: &App| {
        if trimmed.is_empty() {
            Err(app.t(L::ErrEmpty).to_string())
        } else {
            Ok(trimmed.clone())
        }
    };
    match ask.clone() {
        Ask::NewPlanYear => {
            let year = plans::typed_year(app, &trimmed)?;
            next(app, L::PromptTitle, "", Ask::NewPlanTitle { year });
        }
        Ask::NewPlanTitle { year } => {
            let title = non_empty(app)?;
            let slug = plans::proposed_slug(app, year, &title);
            next(app, L::PromptSlug, &slug, Ask::NewPlanSlug { year, title });
        }
        Ask::NewPlanSlug { year, title } => plans::create(app, &trimmed, &title, year)?,
        Ask::Title => {
            let title = non_empty(app)?;
            edit(app, |w| w.title = title);
        }
        Ask::Org => edit(app, |w| {
            w.org = Some(trimmed.clone()).filter(|o| !o.is_empty())
        }),
        Ask::Date => {
            let date = if trimmed.is_empty() {
                None
            } else {
                Some(
                    crate::import::typed_date(&trimmed)
                        .ok_or_else(|| app.t(L::ErrDate).to_string())?,
                )
            };
            edit(app, |w| w.date = date);
        }
        Ask::TargetName { id } => {
            let name = non_empty(app)?;
            let figure = target_field(app, id.as_deref(), |t| t.target.clone());
            next(
                app,
                L::PromptTargetFigure,
                &figure,
                Ask::TargetFigure { id, name },
            );
        }
        Ask::TargetFigure { id, name } => {
            let figure = non_empty(app)?;
            let actual = target_field(app, id.as_deref(), |t| t.actual.clone().unwrap_or_default());
            next(
                app,
                L::PromptTargetActual,
                &actual,
                Ask::TargetActual { id, name, figure },
            );
        }
        Ask::TargetActual { id, name, figure } => plan::set_target(app, id, name, figure, trimmed),
        Ask::DoneOn { plan, index } => {
            let on =
                crate::import::typed_date(&trimmed).ok_or_else(|| app.t(L::ErrDate).to_string())?;
            // A task is done when it was done: a date to come is a slip of the keys.
            if on > app.today {
                return Err(app.labels.fmt(L::ErrDoneLater, &[&app.today]));
            }
            match plan {
                Some(id) => agenda::mark_on(app, &id, index, board::Mark::Done(on)),
                None => board::mark(app, board::Mark::Done(on)),
            }
        }
        ask @ (Ask::TaskText { .. } | Ask::TaskMonth { .. } | Ask::TaskOwner { .. }) => {
            board::answer(app, ask, trimmed)?
        }
        Ask::CarryId { from } => {
            let id = PlanId::parse(&trimmed).map_err(|e| e.to_string())?;
            if app.ws.exists(&id) {
                return Err(app.labels.fmt(L::ErrExists, &[&id]));
            }
            let title = plans::carry_title(app, &from, id.year());
            next(app, L::PromptTitle, &title, Ask::CarryTitle { from, id });
        }
        Ask::CarryTitle { from, id } => {
            let title = non_empty(app)?;
            plans::carry_over(app, &from, &id, &title)?
        }
        Ask::ApprovalNote(step) => super::approval::answer(app, step, &trimmed)?,
        Ask::Identity(step) => identity::answer(app, step, &trimmed)?,
        Ask::YearJump => plans::jump_to_year(app, &trimmed)?,
        Ask::Transfer(step) => super::transfer::answer(app, step, &trimmed)?,
        Ask::SyncUser => plans::sync_user(app, &trimmed)?,
        Ask::SyncPassword { user } => plans::sync_password(app, user, text),
    }
    Ok(())
}

fn next(app: &mut App, label: L, text: &str, ask: Ask) {
    let title = app
        .plan()
        .map(|p| crate::model::text::visible_line(&p.working.title).into_owned())
        .unwrap_or_else(|| app.t(L::TitleNewPlan).to_string());
    app.overlays.push(Overlay::Prompt(Box::new(Prompt::new(
        &title,
        app.t(label),
        text,
        ask,
    ))));
}

fn edit(app: &mut App, f: impl FnOnce(&mut crate::model::Plan)) {
    if let Some(p) = app.plan_mut() {
        p.edit(f);
    }
}

fn target_field(
    app: &App,
    id: Option<&str>,
    f: impl Fn(&crate::model::Target) -> String,
) -> String {
    id.and_then(|id| {
        app.plan()
            .and_then(|p| p.working.targets.iter().find(|t| t.id == id))
            .map(f)
    })
    .unwrap_or_default()
}

/// What to keep of a prompt left with Esc: the text typed, for the same
/// question; a wizard's later step keeps its first answer instead.
fn draft_of(p: &Prompt) -> Option<(Ask, String)> {
    let typed = p.editor.text();
    match &p.ask {
        Ask::TargetFigure { id, name } | Ask::TargetActual { id, name, .. } => {
            Some((Ask::TargetName { id: id.clone() }, name.clone()))
        }
        Ask::NewPlanSlug { year, .. } | Ask::NewPlanTitle { year } => {
            Some((Ask::NewPlanYear, year.to_string()))
        }
        _ if p.editor.changed() && !typed.trim().is_empty() => Some((p.ask.clone(), typed)),
        _ => None,
    }
}

/// A prompt just opened for the question a draft was kept for: it holds
/// the draft again.
pub fn restore_draft(app: &mut App) {
    let Some(Overlay::Prompt(p)) = app.overlays.last_mut() else {
        return;
    };
    if p.drafted {
        return;
    }
    p.drafted = true;
    if app
        .prompt_draft
        .as_ref()
        .is_some_and(|(ask, _)| *ask == p.ask)
        && let Some((_, text)) = app.prompt_draft.take()
    {
        p.editor = super::super::editor::Editor::single_line(&text);
    }
}
