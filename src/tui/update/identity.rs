//! Who commits, asked once. A write that fails because git knows no name or
//! email waits here; the user gives a name and an email and chooses where
//! git keeps them (this workspace, or all git use); then the write runs
//! again and its commit carries them. Esc at any step drops the waiting
//! write and nothing else: unsaved edits stay as they were.

use crate::store::{Identity, IdentityProblem, Keep, StoreError, check_email, check_name};

use super::super::app::App;
use super::super::labels::L;
use super::super::overlay::{Ask, Choice, Confirm, Overlay, Prompt, Purpose};
use super::plans;

/// A write to run again once the identity is kept.
pub type Retry = Box<dyn FnOnce(&mut App)>;

/// The questions, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Name,
    Email { name: String },
}

/// What every write does with its error: without a git identity, ask for
/// one and then run `retry`; any other error is shown.
pub fn failed(app: &mut App, e: &StoreError, retry: impl FnOnce(&mut App) + 'static) {
    if e.is_no_identity() {
        ask(app, Box::new(retry));
    } else {
        plans::show_error(app, &e.to_string());
    }
}

/// Keep `retry` waiting and ask for the name (what git config already
/// holds, half an identity, is proposed).
pub fn ask(app: &mut App, retry: Retry) {
    app.waiting_write = Some(retry);
    let (name, _) = app.ws.configured_identity();
    prompt(
        app,
        L::PromptIdentityName,
        &name.unwrap_or_default(),
        Step::Name,
    );
    app.warn(app.t(L::IdentityNeeded));
}

fn prompt(app: &mut App, label: L, text: &str, step: Step) {
    app.overlays.push(Overlay::Prompt(Box::new(Prompt::new(
        app.t(L::TitleIdentity),
        app.t(label),
        text,
        Ask::Identity(step),
    ))));
}

/// An answer to the name or the email prompt; an `Err` keeps the prompt
/// open with the reason.
pub fn answer(app: &mut App, step: Step, text: &str) -> Result<(), String> {
    let why = |app: &App, p: IdentityProblem| {
        app.t(match p {
            IdentityProblem::EmptyName => L::ErrEmpty,
            IdentityProblem::BadName => L::ErrIdentityName,
            IdentityProblem::BadEmail => L::ErrIdentityEmail,
        })
        .to_string()
    };
    match step {
        Step::Name => {
            let name = check_name(text).map_err(|p| why(app, p))?;
            let (_, email) = app.ws.configured_identity();
            prompt(
                app,
                L::PromptIdentityEmail,
                &email.unwrap_or_default(),
                Step::Email { name },
            );
        }
        Step::Email { name } => {
            let email = check_email(text).map_err(|p| why(app, p))?;
            let who = Identity { name, email };
            let shown = crate::model::text::visible_line(&who.to_string()).into_owned();
            let where_ = crate::store::global_config_file()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "~/.gitconfig".into());
            let c = Confirm::new(
                app.t(L::TitleIdentity),
                vec![
                    shown,
                    app.t(L::AskKeepIdentity).to_string(),
                    app.labels.fmt(L::KeepIdentityWhere, &[&where_]),
                ],
                vec![Choice::ThisWorkspace, Choice::AllGit, Choice::Cancel],
                Purpose::KeepIdentity(who),
            );
            app.overlays.push(Overlay::Confirm(c));
        }
    }
    Ok(())
}

/// Where to keep it was chosen: keep it, then run the waiting write.
pub fn keep(app: &mut App, who: Identity, choice: Choice) {
    let keep = match choice {
        Choice::ThisWorkspace => Keep::Workspace,
        Choice::AllGit => Keep::Everywhere,
        _ => return cancelled(app),
    };
    match app.ws.keep_identity(&who, keep) {
        Ok(_) => {
            app.info(app.labels.fmt(L::IdentityKept, &[&who]));
            if let Some(retry) = app.waiting_write.take() {
                retry(app);
            }
        }
        Err(e) => {
            app.waiting_write = None;
            plans::show_error(app, &e.to_string());
        }
    }
}

/// Esc on any question: the write is not made; nothing else changes.
pub fn cancelled(app: &mut App) {
    app.waiting_write = None;
    app.warn(app.t(L::IdentityCancelled));
}
