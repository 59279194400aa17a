use std::io::{BufRead as _, IsTerminal as _};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use plandesk::export::DocxOptions;
use plandesk::store::Workspace;

#[derive(Debug, Clone, Copy)]
pub enum Format {
    Markdown,
    Text,
    Docx(DocxOptions),
}

/// `plandesk export PLAN --format md|text|docx [-o FILE [--force]]`.
pub fn run(
    ws: &Workspace,
    plan: &str,
    format: Format,
    out: Option<&Path>,
    force: bool,
) -> Result<ExitCode> {
    let id = ws.resolve(plan)?;
    let plan = ws.load(&id)?;
    if let Some(path) = out {
        // Refused places first, before any question is asked.
        let target = plandesk::export::check_destination(ws, path)?;
        if target.exists() && !force && !may_overwrite(path)? {
            errln!("plandesk: {} is left as it was.", path.display());
            return Ok(ExitCode::FAILURE);
        }
    }
    let bytes = match format {
        Format::Markdown => plandesk::export::markdown(&plan).into_bytes(),
        Format::Text => plandesk::export::text(&plan).into_bytes(),
        Format::Docx(opts) => plandesk::export::docx(&plan, &opts)
            .with_context(|| format!("cannot export {id} as .docx"))?,
    };
    match out {
        Some(path) => {
            plandesk::export::write_file(ws, path, &bytes)?;
            errln!("Wrote {id} to {}", path.display());
        }
        None if matches!(format, Format::Docx(_)) && super::out::stdout_is_terminal() => {
            bail!("a .docx is not for the terminal: pass -o FILE (for example -o 计划.docx)")
        }
        None if matches!(format, Format::Docx(_)) => super::out::print_bytes(&bytes)?,
        // A terminal gets control characters made visible (unless
        // --raw-output); a file or a pipe gets the text as it is.
        None => super::out::print(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Ask on the terminal whether to write over `path`; without a terminal to
/// ask on, refuse and name `--force`.
fn may_overwrite(path: &Path) -> Result<bool> {
    if !std::io::stdin().is_terminal() {
        bail!(
            "{} exists; pass --force to write over it (nothing was written)",
            path.display()
        );
    }
    super::out::eprint(&format!(
        "plandesk: {} exists. Write over it? [y/N] ",
        path.display()
    ));
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "是" | "好"
    ))
}
