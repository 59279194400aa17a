//! A plan out to a .docx, and .txt or .docx files in as plans, from the UI:
//! the same library calls as `plandesk export --format docx` and
//! `plandesk import`. Each asks for a path; the export asks again before it
//! writes over a file. One file is read and imported on the UI thread, like
//! other single writes: a plan of a few hundred kilobytes takes milliseconds.

use std::path::{Path, PathBuf};

use crate::export::{DocxOptions, ExportError};
use crate::import::{ImportError, ImportOptions};
use crate::model::PlanId;
use crate::model::text::visible_line;
use crate::store::Action as Commit;

use super::super::app::App;
use super::super::labels::L;
use super::super::overlay::{Ask, Choice, Confirm, Overlay, Prompt, Purpose};
use super::plans;

/// The questions of an export or an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Where to write the .docx of `plan`.
    ExportPath { plan: PlanId },
    /// The file exists: write over it?
    Overwrite { plan: PlanId, path: PathBuf },
    /// Which file to import.
    ImportPath,
}

/// Ask where to export `plan`: `<title>.docx` in the folder plandesk was
/// started from is proposed.
pub fn ask_export(app: &mut App, plan: &PlanId) {
    let title = app
        .ws
        .load(plan)
        .map(|p| p.title)
        .unwrap_or_else(|_| plan.slug().to_string());
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = format!("{}.docx", name.trim());
    let here = std::env::current_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|_| ".".into());
    let p = Prompt::new(
        app.t(L::TitleExport),
        &app.labels.fmt(L::PromptExportPath, &[&visible_line(&here)]),
        &name,
        Ask::Transfer(Step::ExportPath { plan: plan.clone() }),
    );
    app.overlays.push(Overlay::Prompt(Box::new(p)));
}

/// Ask which file to import.
pub fn ask_import(app: &mut App) {
    let p = Prompt::new(
        app.t(L::TitleImport),
        app.t(L::PromptImportPath),
        "",
        Ask::Transfer(Step::ImportPath),
    );
    app.overlays.push(Overlay::Prompt(Box::new(p)));
}

/// A path typed; an `Err` keeps the prompt open with the reason.
pub fn answer(app: &mut App, step: Step, text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err(app.t(L::ErrEmpty).to_string());
    }
    let path = PathBuf::from(text);
    match step {
        Step::ExportPath { plan } => {
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                let c = Confirm::new(
                    app.t(L::TitleExport),
                    vec![app.labels.fmt(L::AskOverwrite, &[&visible_line(text)])],
                    vec![Choice::Yes, Choice::No],
                    Purpose::Transfer(Step::Overwrite { plan, path }),
                )
                .selecting(Choice::No);
                app.overlays.push(Overlay::Confirm(c));
                Ok(())
            } else {
                export(app, &plan, &path)
            }
        }
        Step::Overwrite { plan, path } => export(app, &plan, &path),
        Step::ImportPath => import(app, &path),
    }
}

/// The overwrite question answered.
pub fn resolve(app: &mut App, step: Step, choice: Choice) {
    if let (Step::Overwrite { plan, path }, Choice::Yes) = (step, choice)
        && let Err(why) = export(app, &plan, &path)
    {
        plans::show_error(app, &why);
    }
}

/// Write the saved plan `id` as a .docx to `path`.
fn export(app: &mut App, id: &PlanId, path: &Path) -> Result<(), String> {
    let plan = app.ws.load(id).map_err(|e| e.to_string())?;
    let shown = visible_line(&path.display().to_string()).into_owned();
    let failed = |app: &App, e: ExportError| {
        app.labels
            .fmt(L::ExportFailed, &[&visible_line(&e.to_string())])
    };
    let bytes = crate::export::docx(&plan, &DocxOptions::default()).map_err(|e| failed(app, e))?;
    crate::export::write_file(&app.ws, path, &bytes).map_err(|e| failed(app, e))?;
    let unsaved = app.plan().is_some_and(|p| &p.id == id && p.dirty());
    let label = if unsaved {
        L::ExportedSavedOnly
    } else {
        L::Exported
    };
    app.info(app.labels.fmt(label, &[id, &shown]));
    Ok(())
}

/// Import the file at `path`: one commit per plan found, then the list
/// read again with the first new plan selected.
fn import(app: &mut App, path: &Path) -> Result<(), String> {
    let shown = visible_line(&path.display().to_string()).into_owned();
    if path.is_dir() {
        return Err(app.labels.fmt(L::ErrImportFolder, &[&shown]));
    }
    let imported = crate::import::read_file(path, &ImportOptions::default())
        .map_err(|e| import_error(app, path, &e))?;
    let result = imported.result;
    if result.plans.is_empty() {
        return Err(app.labels.fmt(L::ErrNotAPlan, &[&shown]));
    }
    let unplaced =
        result.unplaced.len() + result.plans.iter().map(|p| p.unplaced.len()).sum::<usize>();
    let mut created = Vec::new();
    for p in result.plans {
        let mut plan = p.plan;
        let made = app.ws.free_id(plan.year, &p.slug).and_then(|id| {
            app.ws
                .create(&id, &mut plan, Commit::Import, None)
                .map(|_| id)
        });
        match made {
            Ok(id) => created.push(id),
            Err(e) if created.is_empty() => {
                // Nothing committed yet: without an identity, ask and import again.
                let path = path.to_path_buf();
                super::identity::failed(app, &e, move |app| {
                    if let Err(why) = import(app, &path) {
                        plans::show_error(app, &why);
                    }
                });
                return Ok(());
            }
            Err(e) => {
                plans::reload(app);
                plans::show_error(app, &e.to_string());
                return Ok(());
            }
        }
    }
    plans::reload(app);
    if let Some(first) = created.first() {
        plans::select(app, first);
    }
    let mut msg = app.labels.fmt(
        L::Imported,
        &[
            &created.len(),
            &shown,
            &created
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ],
    );
    if unplaced > 0 {
        msg.push_str(&app.labels.fmt(L::ImportedUnplaced, &[&unplaced]));
        app.warn(msg);
    } else {
        app.info(msg);
    }
    Ok(())
}

/// Why a file cannot be imported, in the UI's language where plandesk
/// knows the case; the importer's own words (with lines) otherwise.
fn import_error(app: &App, path: &Path, e: &ImportError) -> String {
    let shown = visible_line(&path.display().to_string()).into_owned();
    match e {
        ImportError::OldWord { .. } => app.labels.fmt(L::ErrOldWord, &[&shown]),
        ImportError::Read { .. } if !path.exists() => app.labels.fmt(L::ErrNoFile, &[&shown]),
        e => app
            .labels
            .fmt(L::ErrImport, &[&shown, &visible_line(&e.to_string())]),
    }
}
