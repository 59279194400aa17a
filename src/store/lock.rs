//! One writer at a time: the workspace lock (`.git/plandesk/lock`), and
//! git's own lock files left behind by a writer that died.
//!
//! The workspace lock is an OS file lock (released by the kernel when its
//! holder dies, so it can never be stale), and the file holds the holder's
//! pid and start time for the message a waiting writer shows. A holder that
//! ends normally empties the file; one that finds it filled, with the lock
//! free, knows the last writer died in the middle of a write.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use super::error::{Result, StoreError, io_err};

/// How long a writer waits for another one by default.
const WAIT: Duration = Duration::from_secs(10);

/// A git lock file nobody holds open is left alone until it is this old,
/// unless it was left by a plandesk writer that died.
const GIT_LOCK_STALE: Duration = Duration::from_secs(600);

/// Holding this lets one plandesk process write to the workspace.
#[derive(Debug)]
pub(crate) struct WorkspaceLock {
    file: File,
    /// The writer before this one died while writing: its pid.
    pub(crate) died: Option<u32>,
}

impl WorkspaceLock {
    /// The lock of the workspace whose git folder is `git_dir`; waits for
    /// another writer up to `PLANDESK_LOCK_WAIT` seconds (default 10).
    pub(crate) fn acquire(git_dir: &Path) -> Result<WorkspaceLock> {
        WorkspaceLock::within(git_dir, wait_limit())
    }

    /// The lock when it is free now.
    pub(crate) fn try_acquire(git_dir: &Path) -> Result<WorkspaceLock> {
        WorkspaceLock::within(git_dir, Duration::ZERO)
    }

    fn within(git_dir: &Path, wait: Duration) -> Result<WorkspaceLock> {
        let dir = git_dir.join("plandesk");
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let path = dir.join("lock");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_err(&path))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(StoreError::Busy {
                            holder: read_holder(&mut file),
                            waited: wait.as_secs(),
                            lock: path,
                        });
                    }
                    std::thread::sleep(Duration::from_millis(15));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_err(&path)(e)),
            }
        }
        let died = Holder::parse(&read_holder(&mut file)).map(|h| h.pid);
        let me = format!(
            "pid {}\nsince {}\n",
            std::process::id(),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
        );
        file.set_len(0).map_err(io_err(&path))?;
        file.seek(SeekFrom::Start(0)).map_err(io_err(&path))?;
        file.write_all(me.as_bytes()).map_err(io_err(&path))?;
        Ok(WorkspaceLock { file, died })
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        // Emptied: the next writer knows this one finished. The OS lock goes
        // with the file handle.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

fn wait_limit() -> Duration {
    std::env::var("PLANDESK_LOCK_WAIT")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(WAIT, Duration::from_secs_f64)
}

fn read_holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file.seek(SeekFrom::Start(0));
    let _ = file.read_to_string(&mut text);
    text
}

/// Who holds (or held) the workspace lock, as its file says.
struct Holder {
    pid: u32,
}

impl Holder {
    fn parse(text: &str) -> Option<Holder> {
        let pid = text
            .lines()
            .find_map(|l| l.strip_prefix("pid "))?
            .trim()
            .parse()
            .ok()?;
        Some(Holder { pid })
    }
}

/// The words for a lock holder in a message: "pid 1234, since 07:01:02".
pub(crate) fn describe_holder(text: &str) -> String {
    let pid = text.lines().find_map(|l| l.strip_prefix("pid "));
    let since = text.lines().find_map(|l| l.strip_prefix("since "));
    match (pid, since) {
        (Some(p), Some(s)) => format!("pid {}, since {}", p.trim(), s.trim()),
        (Some(p), None) => format!("pid {}", p.trim()),
        _ => "a process that has not said who it is yet".to_string(),
    }
}

/// Make sure none of git's lock files for `files` (paths under the git
/// folder, e.g. `index`, `refs/heads/main`) is in the way. One that no
/// process holds open is removed when a plandesk writer died with it, or
/// when it is older than ten minutes; what was removed is said in the
/// notices returned. One
/// that may still be in use is an error that says what to do.
pub(crate) fn clear_git_locks(
    git_dir: &Path,
    files: &[String],
    died: Option<u32>,
) -> Result<Vec<String>> {
    let mut said = Vec::new();
    for file in files {
        let path = git_dir.join(format!("{file}.lock"));
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|m| SystemTime::now().duration_since(m).ok())
            .unwrap_or_default();
        let held = held_open(&path);
        let stale = held == Some(false) && (died.is_some() || age >= GIT_LOCK_STALE);
        if !stale {
            return Err(StoreError::GitLocked {
                path,
                age: age.as_secs(),
            });
        }
        std::fs::remove_file(&path).map_err(io_err(&path))?;
        let why = match died {
            Some(pid) => format!("left by plandesk (pid {pid}), which stopped during a write"),
            None => format!(
                "{} minutes old, and no process has it open",
                age.as_secs() / 60
            ),
        };
        said.push(format!(
            "removed the stale lock file {} ({why})",
            path.display()
        ));
    }
    Ok(said)
}

/// Whether any process has `path` open, from /proc; `None` where that
/// cannot be told (not Linux, or /proc unreadable).
fn held_open(path: &Path) -> Option<bool> {
    let procs = std::fs::read_dir("/proc").ok()?;
    let target = path.canonicalize().ok()?;
    let mut seen_any = false;
    for p in procs.flatten() {
        let name = p.file_name();
        if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else {
            continue;
        };
        seen_any = true;
        for fd in fds.flatten() {
            if std::fs::read_link(fd.path()).is_ok_and(|l| l == target) {
                return Some(true);
            }
        }
    }
    seen_any.then_some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_and_says_who_holds_it() {
        let dir = tempfile::TempDir::new().expect("temp");
        let first = WorkspaceLock::acquire(dir.path()).expect("first");
        assert_eq!(first.died, None);
        // SAFETY: this test binary's other tests do not read PLANDESK_LOCK_WAIT.
        unsafe { std::env::set_var("PLANDESK_LOCK_WAIT", "0.1") };
        let second = WorkspaceLock::acquire(dir.path()).expect_err("held");
        let text = second.to_string();
        assert!(
            text.contains(&format!("pid {}", std::process::id())),
            "{text}"
        );
        drop(first);
        let again = WorkspaceLock::acquire(dir.path()).expect("free again");
        assert_eq!(again.died, None, "a writer that finished is not dead");
    }

    #[test]
    fn a_lock_file_left_filled_means_its_writer_died() {
        let dir = tempfile::TempDir::new().expect("temp");
        std::fs::create_dir_all(dir.path().join("plandesk")).expect("dir");
        std::fs::write(
            dir.path().join("plandesk/lock"),
            "pid 999999\nsince 2026-01-01 00:00:00\n",
        )
        .expect("write");
        let lock = WorkspaceLock::acquire(dir.path()).expect("free");
        assert_eq!(lock.died, Some(999_999));
    }

    #[test]
    fn a_fresh_git_lock_is_respected_and_an_old_free_one_removed() {
        let dir = tempfile::TempDir::new().expect("temp");
        let lock = dir.path().join("index.lock");
        std::fs::write(&lock, "").expect("touch");
        let err = clear_git_locks(dir.path(), &["index".into()], None).expect_err("fresh");
        assert!(err.to_string().contains("index.lock"), "{err}");
        assert!(lock.exists());
        clear_git_locks(dir.path(), &["index".into()], Some(42)).expect("left by a dead writer");
        assert!(!lock.exists());
    }
}
