use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use plandesk::model::text::visible;
use plandesk::store::Workspace;

#[derive(Debug, Clone, Copy)]
pub enum Format {
    Markdown,
    Text,
}

/// `plandesk export PLAN --format md|text [-o FILE]`.
pub fn run(ws: &Workspace, plan: &str, format: Format, out: Option<&Path>) -> Result<ExitCode> {
    let id = ws.resolve(plan)?;
    let plan = ws.load(&id)?;
    let text = match format {
        Format::Markdown => plandesk::export::markdown(&plan),
        Format::Text => plandesk::export::text(&plan),
    };
    match out {
        Some(path) => {
            std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Wrote {id} to {}", path.display());
        }
        // A terminal gets control characters made visible; a pipe gets the text as it is.
        None if std::io::stdout().is_terminal() => print!("{}", visible(&text, true)),
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
