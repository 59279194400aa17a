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
    let path = expand_home(text);
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
    // Where it went, in full: a name typed alone is in the folder plandesk started from.
    let written = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = visible_line(&written.display().to_string()).into_owned();
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
/// read again with the first new plan selected. A folder: every .txt and
/// .docx under it, as `plandesk import DIR` does.
fn import(app: &mut App, path: &Path) -> Result<(), String> {
    let shown = visible_line(&path.display().to_string()).into_owned();
    if path.is_dir() {
        return import_folder(app, path);
    }
    let imported = crate::import::read_file(path, &ImportOptions::default())
        .map_err(|e| import_error(app, path, &e))?;
    if imported.result.plans.is_empty() {
        return Err(app.labels.fmt(L::ErrNotAPlan, &[&shown]));
    }
    let mut created = Vec::new();
    let unplaced = match commit(app, imported.result, &mut created) {
        Ok(n) => n,
        Err(e) => {
            commit_failed(app, path, &created, &e);
            return Ok(());
        }
    };
    let ids = created.iter().map(ToString::to_string).collect::<Vec<_>>();
    let msg = app
        .labels
        .fmt(L::Imported, &[&created.len(), &shown, &ids.join(", ")]);
    imported_all(app, &created, msg, unplaced);
    Ok(())
}

/// Every .txt and .docx under `dir`; the files refused are listed at the end.
fn import_folder(app: &mut App, dir: &Path) -> Result<(), String> {
    let shown = visible_line(&dir.display().to_string()).into_owned();
    let (mut files, mut refused) = (Vec::new(), Vec::new());
    crate::import::files_under(dir, &mut files, &mut refused)
        .map_err(|e| app.labels.fmt(L::ErrImport, &[&shown, &e]))?;
    let mut refused: Vec<String> = refused
        .into_iter()
        .map(|(f, why)| format!("{}: {why}", f.display()))
        .collect();
    if files.is_empty() && refused.is_empty() {
        return Err(app.labels.fmt(L::ErrEmptyFolder, &[&shown]));
    }
    let (mut created, mut unplaced) = (Vec::new(), 0);
    for file in &files {
        let name = file.strip_prefix(dir).unwrap_or(file).display().to_string();
        let result = match crate::import::read_file(file, &ImportOptions::default()) {
            Ok(i) if i.result.plans.is_empty() => {
                refused.push(app.labels.fmt(L::ErrNotAPlan, &[&name]));
                continue;
            }
            Ok(i) => i.result,
            Err(e) => {
                refused.push(import_error(app, file, &e));
                continue;
            }
        };
        match commit(app, result, &mut created) {
            Ok(n) => unplaced += n,
            Err(e) if created.is_empty() && e.is_no_identity() => {
                commit_failed(app, dir, &created, &e);
                return Ok(());
            }
            Err(e) => refused.push(format!("{name}: {e}")),
        }
    }
    let msg = app.labels.fmt(
        L::ImportedFolder,
        &[&created.len(), &shown, &(files.len() + refused.len())],
    );
    imported_all(app, &created, msg, unplaced);
    if !refused.is_empty() {
        let mut lines = vec![app.labels.fmt(L::FilesRefused, &[&refused.len()])];
        lines.extend(refused.iter().map(|r| visible_line(r).into_owned()));
        app.overlays
            .push(Overlay::message(app.t(L::TitleImport), lines));
    }
    Ok(())
}

/// Commit each plan of one file, adding the ids to `created`; the count of
/// lines not placed.
fn commit(
    app: &mut App,
    result: crate::import::ImportResult,
    created: &mut Vec<PlanId>,
) -> Result<usize, crate::store::StoreError> {
    let unplaced =
        result.unplaced.len() + result.plans.iter().map(|p| p.unplaced.len()).sum::<usize>();
    for p in result.plans {
        let mut plan = p.plan;
        let (id, _) = app.ws.create_free(&p.slug, &mut plan, Commit::Import)?;
        created.push(id);
    }
    Ok(unplaced)
}

/// A commit failed: without an identity before anything was made, ask and
/// import `path` again; otherwise say why (what was made stays).
fn commit_failed(app: &mut App, path: &Path, created: &[PlanId], e: &crate::store::StoreError) {
    if created.is_empty() {
        let path = path.to_path_buf();
        super::identity::failed(app, e, move |app| {
            if let Err(why) = import(app, &path) {
                plans::show_error(app, &why);
            }
        });
    } else {
        plans::reload(app);
        plans::show_error(app, &e.to_string());
    }
}

/// The list read again, the first new plan selected, and what was done said.
fn imported_all(app: &mut App, created: &[PlanId], mut msg: String, unplaced: usize) {
    plans::reload(app);
    if let Some(first) = created.first() {
        plans::select(app, first);
    }
    if unplaced > 0 {
        msg.push_str(&app.labels.fmt(L::ImportedUnplaced, &[&unplaced]));
        app.warn(msg);
    } else {
        app.info(msg);
    }
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

/// `~/…` is the home folder, as a shell would read it.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(text),
    }
}
