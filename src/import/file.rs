//! Reading the file to import: a regular file, not too large.

use std::io::Read;
use std::path::Path;

use super::{ImportError, ImportOptions, Imported, import_file};

/// The largest file read: a plan with pictures is a few megabytes.
pub const MAX_FILE: u64 = 50 << 20;

/// Read a regular file of at most [`MAX_FILE`] bytes and import it (a .docx
/// by its content, anything else as text).
pub fn read_file(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let read = |why: String| ImportError::Read {
        path: path.display().to_string(),
        why,
    };
    let meta = std::fs::metadata(path).map_err(|e| read(e.to_string()))?;
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
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| read(e.to_string()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    import_file(&bytes, &name, opts)
}
