//! plandesk reads and writes only regular files inside the workspace.
//!
//! A repository can carry symbolic links (`git clone` makes them), so a
//! committed `plans/2024 -> /etc` or `plans/2022/x.toml -> /dev/zero` must
//! neither be read nor written through. Every folder between the workspace
//! root and a file is checked without following links, the file itself is
//! opened with `O_NOFOLLOW | O_NONBLOCK` (a FIFO never blocks) and checked
//! on the open handle, and no more than [`MAX_PLAN_FILE`] bytes are read.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::Read as _;
use std::path::{Component, Path};

/// The largest plan file read, 8 MiB. A year's plan written by hand is a
/// few to tens of kilobytes (the example plans are 1–30 KB) and the
/// largest the importer makes from a long document a few hundred; 8 MiB
/// leaves room for any real plan while a hostile file (or `/dev/zero`
/// behind a link) costs at most that much memory per file read.
pub const MAX_PLAN_FILE: u64 = 8 << 20;

/// Why a path in the workspace is not read or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The path, relative to the workspace root (`plans/2024`, `plans/2022/x.toml`).
    pub path: String,
    pub why: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.why)
    }
}

impl std::error::Error for Refused {}

/// What is at a path, when it is not a regular file or a folder.
fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.file_type().is_symlink() {
        "a symbolic link"
    } else if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn link_refused(rel: &str) -> Refused {
    Refused {
        path: rel.to_string(),
        why: "is a symbolic link; plandesk reads and writes only files inside the workspace, \
              so it is not followed. Replace it with the folder or file itself (`git rm` the link)"
            .to_string(),
    }
}

fn special_refused(rel: &str, meta: &Metadata) -> Refused {
    Refused {
        path: rel.to_string(),
        why: format!(
            "is {}, not a regular file; plandesk leaves it alone. Remove it or replace it with a plan file",
            kind_of(meta)
        ),
    }
}

/// Every folder between `root` and `rel` (not `rel` itself) must be a real
/// folder, not a link; a missing one is fine when `missing_ok`.
pub(crate) fn check_folders(root: &Path, rel: &str, missing_ok: bool) -> Result<(), Refused> {
    let rel_path = Path::new(rel);
    let mut at = root.to_path_buf();
    let mut shown = String::new();
    let parts: Vec<Component> = rel_path.components().collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        let Component::Normal(name) = part else {
            return Err(Refused {
                path: rel.to_string(),
                why: "is not a plain path inside the workspace".to_string(),
            });
        };
        at.push(name);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(&name.to_string_lossy());
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(link_refused(&shown)),
            Ok(m) if m.is_dir() => {}
            Ok(m) => return Err(special_refused(&shown, &m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && missing_ok => return Ok(()),
            Err(e) => {
                return Err(Refused {
                    path: shown,
                    why: format!("cannot be read: {e}"),
                });
            }
        }
    }
    Ok(())
}

/// Open a file for reading without following a link at its last component
/// and without blocking on a FIFO.
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// What reading a file of the workspace found.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing there.
    Missing,
    /// Something there that plandesk does not read.
    Refused(Refused),
}

impl ReadError {
    /// The refusal, with a missing file said as such.
    pub fn into_refused(self, rel: &str) -> Refused {
        match self {
            ReadError::Missing => Refused {
                path: rel.to_string(),
                why: "does not exist".to_string(),
            },
            ReadError::Refused(r) => r,
        }
    }
}

/// The bytes of the file `rel` under `root`, when it is a regular file
/// inside the workspace (no link on the way) of at most [`MAX_PLAN_FILE`] bytes.
pub fn read_file(root: &Path, rel: &str) -> Result<Vec<u8>, ReadError> {
    check_folders(root, rel, true).map_err(ReadError::Refused)?;
    let path = root.join(rel);
    // Before opening: a link is named as one, and a device is never opened.
    match std::fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => {
            return Err(ReadError::Refused(Refused {
                path: rel.to_string(),
                why: format!("cannot be read: {e}"),
            }));
        }
        Ok(m) if m.file_type().is_symlink() => return Err(ReadError::Refused(link_refused(rel))),
        Ok(m) if !m.is_file() => return Err(ReadError::Refused(special_refused(rel, &m))),
        Ok(_) => {}
    }
    let cannot = |e: std::io::Error| {
        ReadError::Refused(Refused {
            path: rel.to_string(),
            why: format!("cannot be read: {e}"),
        })
    };
    let file = open_no_follow(&path).map_err(cannot)?;
    // Checked again on the handle: the path may have changed since.
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(ReadError::Refused(special_refused(rel, &meta)));
    }
    if meta.len() > MAX_PLAN_FILE {
        return Err(ReadError::Refused(too_large(rel, meta.len())));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_PLAN_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_PLAN_FILE {
        return Err(ReadError::Refused(too_large(rel, bytes.len() as u64)));
    }
    Ok(bytes)
}

fn too_large(rel: &str, len: u64) -> Refused {
    Refused {
        path: rel.to_string(),
        why: format!(
            "has {} bytes, more than the {} MiB a plan file may have; it is not read",
            len,
            MAX_PLAN_FILE >> 20
        ),
    }
}

/// Whether anything (a file, link, FIFO…) is at `rel`, without following links.
pub fn is_present(root: &Path, rel: &str) -> bool {
    std::fs::symlink_metadata(root.join(rel)).is_ok()
}

/// Check that `rel` under `root` may be written or removed: every folder on
/// the way a real folder (or not there yet), and the file a regular file
/// (or not there yet). Nothing is ever written through a link.
pub fn check_write(root: &Path, rel: &str) -> Result<(), Refused> {
    check_folders(root, rel, true)?;
    match std::fs::symlink_metadata(root.join(rel)) {
        Ok(m) if m.file_type().is_symlink() => Err(link_refused(rel)),
        Ok(m) if !m.is_file() => Err(special_refused(rel, &m)),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_folders_and_sizes_are_refused_by_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("plans/2022")).expect("mkdir");
        std::fs::write(root.join("plans/2022/a.toml"), "x").expect("write");
        assert_eq!(
            read_file(root, "plans/2022/a.toml").expect("read"),
            b"x".to_vec()
        );
        assert!(matches!(
            read_file(root, "plans/2022/none.toml"),
            Err(ReadError::Missing)
        ));

        std::os::unix::fs::symlink("/dev/zero", root.join("plans/2022/zero.toml")).expect("ln");
        let err = read_file(root, "plans/2022/zero.toml")
            .expect_err("a link")
            .into_refused("plans/2022/zero.toml");
        assert!(
            err.to_string()
                .starts_with("plans/2022/zero.toml: is a symbolic link")
        );
        assert!(check_write(root, "plans/2022/zero.toml").is_err());

        let outside = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink(outside.path(), root.join("plans/2024")).expect("ln");
        let err = check_write(root, "plans/2024/new.toml").expect_err("linked folder");
        assert_eq!(err.path, "plans/2024");
        assert!(matches!(
            read_file(root, "plans/2024/new.toml"),
            Err(ReadError::Refused(_))
        ));
        assert!(check_write(root, "plans/2030/new.toml").is_ok());

        let big = std::fs::File::create(root.join("plans/2022/big.toml")).expect("create");
        big.set_len(MAX_PLAN_FILE + 1).expect("set_len");
        let err = read_file(root, "plans/2022/big.toml")
            .expect_err("too large")
            .into_refused("plans/2022/big.toml");
        assert!(err.why.contains("8 MiB"), "{err}");
    }
}
