use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use plandesk::import::{ImportOptions, Imported, Source, dry_run_report};
use plandesk::model::PlanId;
use plandesk::model::text::{visible, visible_line};
use plandesk::store::{Action, Workspace};

/// `plandesk import FILE|DIR [--year Y] [--dry-run]`.
pub fn run(
    ws: Option<&Workspace>,
    path: &Path,
    year: Option<i32>,
    dry_run: bool,
) -> Result<ExitCode> {
    let opts = ImportOptions { year };
    if path.is_dir() {
        return run_dir(ws, path, &opts, dry_run);
    }
    let imported = read_and_import(path, &opts)?;
    if dry_run {
        out!("{}", visible(&dry_run_report(&imported.result), true))?;
        out!("{}", docx_legend(&imported))?;
        ignored_note(path, &imported);
        return Ok(ExitCode::SUCCESS);
    }
    let Some(ws) = ws else {
        bail!("no workspace to import into");
    };
    commit_plans(ws, path, imported)?;
    Ok(ExitCode::SUCCESS)
}

/// Read a regular file and import it (see [`plandesk::import::read_file`]).
fn read_and_import(path: &Path, opts: &ImportOptions) -> Result<Imported> {
    plandesk::import::read_file(path, opts)
        .with_context(|| format!("cannot import {}", path.display()))
}

/// Commit each plan of an imported file (one commit each); say what was not
/// placed. Returns the ids created and the count of lines not placed.
fn commit_plans(ws: &Workspace, file: &Path, imported: Imported) -> Result<(Vec<PlanId>, usize)> {
    let mut unplaced = 0;
    for u in &imported.result.unplaced {
        unplaced += 1;
        errln!(
            "plandesk: {}:{}: not part of any plan: {}",
            file.display(),
            where_(&imported, u.line),
            visible_line(&u.text)
        );
    }
    let mut created = Vec::new();
    for p in &imported.result.plans {
        for u in &p.unplaced {
            unplaced += 1;
            errln!(
                "plandesk: {}:{}: not placed ({}): {}",
                file.display(),
                where_(&imported, u.line),
                u.why,
                visible_line(&u.text)
            );
        }
    }
    ignored_note(file, &imported);
    for p in imported.result.plans {
        let mut plan = p.plan;
        let (id, _) = ws.create_free(&p.slug, &mut plan, Action::Import)?;
        outln!("Imported {id}: {}", visible_line(&plan.title))?;
        created.push(id);
    }
    Ok((created, unplaced))
}

/// "12" for a text file's line; " paragraph 12" / " table 2, row 3" in a .docx.
fn where_(imported: &Imported, line: usize) -> String {
    match imported.source {
        Source::Text => line.to_string(),
        Source::Docx { .. } => format!(" {}", imported.locate(line)),
    }
}

/// The report counts the lines the importer saw; in a .docx, say which
/// paragraph or table row each line it names is.
fn docx_legend(imported: &Imported) -> String {
    if matches!(imported.source, Source::Text) {
        return String::new();
    }
    let r = &imported.result;
    let mut lines: Vec<usize> = r
        .unplaced
        .iter()
        .map(|u| u.line)
        .chain(r.plans.iter().map(|p| p.source_title_line))
        .chain(
            r.plans
                .iter()
                .flat_map(|p| p.unplaced.iter().map(|u| u.line)),
        )
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut out = String::from("\nin the .docx:\n");
    for line in lines {
        out.push_str(&format!("  line {line}: {}\n", imported.locate(line)));
    }
    out
}

/// What a .docx had that is no part of a plan, said once.
fn ignored_note(file: &Path, imported: &Imported) {
    if let Source::Docx { page_numbers, .. } = imported.source
        && page_numbers > 0
    {
        errln!(
            "plandesk: {}: {page_numbers} page number{} in the text left out",
            file.display(),
            if page_numbers == 1 { "" } else { "s" }
        );
    }
}

/// What `import DIR` did, file by file.
#[derive(Default)]
struct Tally {
    files: usize,
    plans: usize,
    unplaced: usize,
    refused: Vec<(PathBuf, String)>,
}

/// `plandesk import DIR`: every .txt and .docx under it, one commit per plan,
/// a progress line per file and a closing summary.
fn run_dir(
    ws: Option<&Workspace>,
    dir: &Path,
    opts: &ImportOptions,
    dry_run: bool,
) -> Result<ExitCode> {
    let mut tally = Tally::default();
    let mut files = Vec::new();
    plandesk::import::files_under(dir, &mut files, &mut tally.refused)
        .with_context(|| format!("cannot read the folder {}", dir.display()))?;
    let total = files.len();
    for (i, file) in files.iter().enumerate() {
        let shown = file.strip_prefix(dir).unwrap_or(file);
        let imported = match read_and_import(file, opts) {
            Ok(i) => i,
            Err(e) => {
                errln!("[{}/{total}] {}: refused", i + 1, shown.display());
                tally.refused.push((file.clone(), reason(&e)));
                continue;
            }
        };
        tally.files += 1;
        if dry_run {
            outln!("== {}", shown.display())?;
            out!("{}", visible(&dry_run_report(&imported.result), true))?;
            out!("{}", docx_legend(&imported))?;
            tally.plans += imported.result.plans.len();
            continue;
        }
        let Some(ws) = ws else {
            bail!("no workspace to import into");
        };
        match commit_plans(ws, file, imported) {
            Ok((created, unplaced)) => {
                errln!(
                    "[{}/{total}] {}: {} plan{}{}",
                    i + 1,
                    shown.display(),
                    created.len(),
                    if created.len() == 1 { "" } else { "s" },
                    if unplaced > 0 {
                        format!(
                            ", {unplaced} line{} not placed",
                            if unplaced == 1 { "" } else { "s" }
                        )
                    } else {
                        String::new()
                    }
                );
                tally.plans += created.len();
                tally.unplaced += unplaced;
            }
            Err(e) => {
                errln!("[{}/{total}] {}: not committed", i + 1, shown.display());
                tally.refused.push((file.clone(), format!("{e:#}")));
            }
        }
    }
    let verb = if dry_run { "recognised" } else { "created" };
    outln!(
        "{} file{} read, {} plan{} {verb}, {} line{} not placed, {} file{} refused",
        tally.files,
        if tally.files == 1 { "" } else { "s" },
        tally.plans,
        if tally.plans == 1 { "" } else { "s" },
        tally.unplaced,
        if tally.unplaced == 1 { "" } else { "s" },
        tally.refused.len(),
        if tally.refused.len() == 1 { "" } else { "s" },
    )?;
    for (file, why) in &tally.refused {
        outln!("  refused {}: {}", file.display(), visible_line(why))?;
    }
    Ok(if tally.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Why a file was refused, without the file name the summary gives anyway.
fn reason(e: &anyhow::Error) -> String {
    let causes: Vec<String> = e.chain().skip(1).map(ToString::to_string).collect();
    if causes.is_empty() {
        e.to_string()
    } else {
        causes.join(": ")
    }
}
