//! Writing an exported document where the user asked, but never where it
//! would harm the workspace.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::ExportError;
use crate::store::Workspace;

/// Write `bytes` to `path` all at once (a temporary file beside it, then a
/// rename), never into the repository's `.git` folder, over a plan file or
/// the workspace settings, or over anything but a regular file.
pub fn write_file(ws: &Workspace, path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let target = check_destination(ws, path)?;
    let io = |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io)?;
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}

/// Whether an export may be written at `path`, with its folder resolved:
/// never inside the repository's `.git` folder, over a plan file or the
/// workspace settings, or over anything but a regular file. (Whether to
/// write over a regular file that is there is the caller's question.)
pub fn check_destination(ws: &Workspace, path: &Path) -> Result<PathBuf, ExportError> {
    let shown = path.display().to_string();
    let refused = |why: &str| ExportError::Refused {
        path: shown.clone(),
        why: why.to_string(),
    };
    let target = destination(path)?;
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let git = canon(ws.git_dir());
    let root = canon(ws.root());
    // `.git` at the root is the git folder, or in a linked worktree a file
    // naming it: either way git's, never an export's.
    let in_dot_git = target
        .strip_prefix(&root)
        .ok()
        .and_then(|rel| rel.components().next())
        .is_some_and(|c| c.as_os_str() == ".git");
    if target.starts_with(&git) || in_dot_git {
        return Err(refused(
            "it is inside the repository's .git folder; choose a file outside it",
        ));
    }
    let is_plan =
        target.starts_with(root.join("plans")) && target.extension().is_some_and(|e| e == "toml");
    if is_plan || target == root.join("plandesk.toml") {
        return Err(refused(
            "it is a file of the workspace; choose another name",
        ));
    }
    if let Ok(meta) = std::fs::symlink_metadata(&target)
        && !meta.is_file()
    {
        return Err(refused(
            "it is not a regular file (a folder, link or device); choose another name",
        ));
    }
    Ok(target)
}

/// The file `path` names, with its folder resolved (links and `..` followed),
/// so it can be compared with the workspace's folders.
fn destination(path: &Path) -> Result<PathBuf, ExportError> {
    let refused = |why: String| ExportError::Refused {
        path: path.display().to_string(),
        why,
    };
    let Some(name) = path.file_name() else {
        return Err(refused("it names no file; give a file name".into()));
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = parent.canonicalize().map_err(|_| {
        refused(format!(
            "the folder {} does not exist; choose an existing folder",
            parent.display()
        ))
    })?;
    Ok(dir.join(name))
}
