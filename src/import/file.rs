//! Reading the file to import: a regular file, not too large.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{ImportError, ImportOptions, Imported, import_file};

/// The largest file read, 50 MB: a long plan is tens of kilobytes of text
/// and a .docx with photos a few megabytes, so 50 MB takes any real
/// document while `/dev/zero` or a huge file cannot fill the memory.
pub const MAX_FILE: u64 = 50 << 20;

/// Read a regular file of at most [`MAX_FILE`] bytes and import it (a .docx
/// by its content, anything else as text).
pub fn read_file(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let read = |why: String| ImportError::Read {
        path: path.display().to_string(),
        why,
    };
    // Opened without blocking, so a FIFO cannot hang the import; what it
    // is and how large is then asked of the open handle, not the name.
    let file = open_nonblocking(path).map_err(|e| read(e.to_string()))?;
    let meta = file.metadata().map_err(|e| read(e.to_string()))?;
    if !meta.is_file() {
        return Err(read(
            "it is not a regular file (a folder, FIFO or device)".into(),
        ));
    }
    if meta.len() > MAX_FILE {
        return Err(read(format!(
            "it has {} MB, more than the {} MB a plan may have",
            meta.len() >> 20,
            MAX_FILE >> 20
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(read(format!(
            "it grew past the {} MB a plan may have while being read",
            MAX_FILE >> 20
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_file(&bytes, &name, opts)
}

fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// The .txt and .docx files under `dir` in name order, and the .doc and
/// .wps ones so that the summary says what to do with them. Links are not
/// followed; hidden folders (.git) and Word's lock files are skipped.
pub fn files_under(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    refused: &mut Vec<(PathBuf, String)>,
) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(std::result::Result::ok)
        .collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let wanted = matches!(ext.as_str(), "txt" | "docx" | "doc" | "wps");
        if kind.is_symlink() {
            if wanted || path.is_dir() {
                refused.push((path, "a symbolic link, not followed".into()));
            }
        } else if kind.is_dir() {
            if !name.starts_with('.') {
                files_under(&path, files, refused)?;
            }
        } else if name.starts_with("~$") {
            // Word's lock file beside an open document.
        } else if wanted {
            files.push(path);
        }
    }
    Ok(())
}
