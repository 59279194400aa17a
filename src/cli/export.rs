use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use plandesk::export::DocxOptions;
use plandesk::model::text::visible;
use plandesk::store::Workspace;

#[derive(Debug, Clone, Copy)]
pub enum Format {
    Markdown,
    Text,
    Docx(DocxOptions),
}

/// `plandesk export PLAN --format md|text|docx [-o FILE]`.
pub fn run(ws: &Workspace, plan: &str, format: Format, out: Option<&Path>) -> Result<ExitCode> {
    let id = ws.resolve(plan)?;
    let plan = ws.load(&id)?;
    let bytes = match format {
        Format::Markdown => plandesk::export::markdown(&plan).into_bytes(),
        Format::Text => plandesk::export::text(&plan).into_bytes(),
        Format::Docx(opts) => plandesk::export::docx(&plan, &opts)
            .with_context(|| format!("cannot export {id} as .docx"))?,
    };
    match out {
        Some(path) => {
            plandesk::export::write_file(ws, path, &bytes)?;
            eprintln!("Wrote {id} to {}", path.display());
        }
        None if matches!(format, Format::Docx(_)) && std::io::stdout().is_terminal() => {
            bail!("a .docx is not for the terminal: pass -o FILE (for example -o 计划.docx)")
        }
        // A terminal gets control characters made visible; a pipe gets the text as it is.
        None if std::io::stdout().is_terminal() => {
            print!("{}", visible(&String::from_utf8_lossy(&bytes), true))
        }
        None => std::io::stdout()
            .write_all(&bytes)
            .context("cannot write to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}
