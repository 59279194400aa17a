use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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
            write_safely(ws, path, &bytes)?;
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

/// Write `bytes` to `path` all at once (a temporary file beside it, then a
/// rename), never into the repository's `.git` folder, over a plan file or
/// the workspace settings, or over anything but a regular file.
fn write_safely(ws: &Workspace, path: &Path, bytes: &[u8]) -> Result<()> {
    let target = destination(path)?;
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let git = canon(ws.git_dir());
    let root = canon(ws.root());
    if target.starts_with(&git) {
        bail!(
            "will not write {} inside the repository's .git folder; choose a file outside it",
            path.display()
        );
    }
    let is_plan =
        target.starts_with(root.join("plans")) && target.extension().is_some_and(|e| e == "toml");
    if is_plan || target == root.join("plandesk.toml") {
        bail!(
            "will not write over {}: it is a file of the workspace; choose another name",
            path.display()
        );
    }
    if let Ok(meta) = std::fs::symlink_metadata(&target)
        && !meta.is_file()
    {
        bail!(
            "will not write over {}: it is not a regular file (a folder, link or device)",
            path.display()
        );
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(&target)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The file `path` names, with its folder resolved (links and `..` followed),
/// so it can be compared with the workspace's folders.
fn destination(path: &Path) -> Result<PathBuf> {
    let Some(name) = path.file_name() else {
        bail!("{} names no file; give a file name", path.display());
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = parent
        .canonicalize()
        .with_context(|| format!("the folder {} does not exist", parent.display()))?;
    Ok(dir.join(name))
}
