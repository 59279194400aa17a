//! One user action, one commit: the tree is HEAD's with one file changed, the
//! index entry of that file is refreshed, and whatever else the user staged
//! with plain git stays staged and out of the commit. How the commit is made
//! safely is in `txn.rs`; the lock in `lock.rs`.

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use std::path::PathBuf;

use git2::Oid;

use super::Workspace;
use super::error::{Result, io_err};
use super::txn::{Basis, Write};
use crate::model::PlanId;

/// The `Action:` trailer of a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    New,
    Edit,
    Delete,
    Tick,
    Untick,
    /// A task dropped (取消): neither done nor to do any more.
    Drop,
    Import,
    Submit,
    Approve,
    Return,
    Restore,
    Merge,
    Resolve,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Tick => "tick",
            Action::Untick => "untick",
            Action::Drop => "drop",
            Action::Import => "import",
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Return => "return",
            Action::Restore => "restore",
            Action::Merge => "merge",
            Action::Resolve => "resolve",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        use Action::*;
        [
            New, Edit, Delete, Tick, Untick, Drop, Import, Submit, Approve, Return, Restore, Merge,
            Resolve,
        ]
        .into_iter()
        .find(|a| a.as_str() == s.trim())
    }

    /// The verb that starts a commit subject: "Edit", "Tick"…
    pub fn verb(self) -> &'static str {
        match self {
            Action::New => "New",
            Action::Edit => "Edit",
            Action::Delete => "Delete",
            Action::Tick => "Tick",
            Action::Untick => "Untick",
            Action::Drop => "Drop",
            Action::Import => "Import",
            Action::Submit => "Submit",
            Action::Approve => "Approve",
            Action::Return => "Return",
            Action::Restore => "Restore",
            Action::Merge => "Merge",
            Action::Resolve => "Resolve",
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a commit says about itself: `<Verb> <plan>: <summary>` and trailers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub action: Action,
    /// What changed, in the user's words ("二、围绕中心…"); may be empty.
    pub summary: String,
    /// Trailers beyond `Plan:` and `Action:`, e.g. `("Approved-by", "王主席 <wang@example.org>")`.
    pub trailers: Vec<(String, String)>,
}

impl Change {
    pub fn new(action: Action, summary: impl Into<String>) -> Change {
        Change {
            action,
            summary: summary.into(),
            trailers: Vec::new(),
        }
    }

    pub fn message(&self, id: &PlanId) -> String {
        let summary: String = self.summary.chars().filter(|c| !c.is_control()).collect();
        let mut msg = format!("{} {id}", self.action.verb());
        if !summary.trim().is_empty() {
            msg.push_str(": ");
            msg.push_str(summary.trim());
        }
        msg.push_str(&format!(
            "\n\nPlan: {id}\nAction: {}\n",
            self.action.as_str()
        ));
        for (k, v) in &self.trailers {
            msg.push_str(&format!("{k}: {v}\n"));
        }
        msg
    }
}

impl Workspace {
    /// Write (or with `None` remove) one file and commit exactly that change
    /// on the current branch, on top of whatever the branch holds. Returns
    /// the new commit, or `None` when HEAD already has these contents.
    pub(crate) fn commit_file(
        &self,
        rel: &str,
        contents: Option<&[u8]>,
        message: &str,
    ) -> Result<Option<Oid>> {
        self.write_file(rel, Basis::Reapply, |_| {
            Ok(Some(Write {
                commit: contents.map(<[u8]>::to_vec),
                keep_working: None,
                message: message.to_string(),
            }))
        })
    }
}

/// Where writers keep their temporary files: inside `.git`, so that a
/// writer killed mid-write leaves nothing in the working tree.
pub(crate) fn temp_dir(git_dir: &Path) -> PathBuf {
    git_dir.join("plandesk").join("tmp")
}

/// The one way a file is written: to a temporary file, flushed to disk, then
/// renamed over `path`, so a crash leaves the old file or the new one, never
/// half of one. The temporary file is made in [`temp_dir`]; where that is on
/// another file system than `path`, beside `path`.
///
/// The file is flushed to disk before it replaces the old one only when the
/// repository asks git for that (`durable`, see
/// [`Workspace::durable_writes`](super::Workspace::durable_writes)): what it
/// holds is in a commit already, and git itself never flushes working-tree
/// files. The flush was most of a tick's time on a busy disk.
pub(crate) fn write_atomically(
    git_dir: &Path,
    path: &Path,
    bytes: &[u8],
    durable: bool,
) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let temps = temp_dir(git_dir);
    std::fs::create_dir_all(&temps).map_err(io_err(&temps))?;
    let tmp = temp_with(&temps, bytes, path, durable)?;
    match tmp.persist(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.raw_os_error() == Some(CROSS_DEVICE) => {
            let tmp = temp_with(dir, bytes, path, durable)?;
            tmp.persist(path).map_err(|e| io_err(path)(e.error))?;
            Ok(())
        }
        Err(e) => Err(io_err(path)(e.error)),
    }
}

/// EXDEV: a rename across file systems.
const CROSS_DEVICE: i32 = 18;

fn temp_with(
    dir: &Path,
    bytes: &[u8],
    path: &Path,
    durable: bool,
) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err(dir))?;
    tmp.write_all(bytes).map_err(io_err(path))?;
    if durable {
        tmp.as_file().sync_all().map_err(io_err(path))?;
    }
    Ok(tmp)
}

impl super::Workspace {
    /// Whether the repository asks git to flush what it writes to disk
    /// (`core.fsync` set to anything but `none`, or
    /// `core.fsyncObjectFiles`, which libgit2 honours for objects too).
    /// Unset, as by default, git flushes nothing a commit writes, and
    /// neither does plandesk.
    pub(crate) fn durable_writes(&self) -> bool {
        let Ok(config) = self.repo.config() else {
            return false;
        };
        config.get_bool("core.fsyncObjectFiles").unwrap_or(false)
            || config
                .get_string("core.fsync")
                .is_ok_and(|v| !matches!(v.trim(), "" | "none"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_has_subject_and_trailers() {
        let id = PlanId::parse("2022/wangchang-cppcc-plan").expect("id");
        let mut change = Change::new(Action::Tick, "二月 开展一次献爱心活动");
        change
            .trailers
            .push(("Approved-by".into(), "王主席 <wang@example.org>".into()));
        assert_eq!(
            change.message(&id),
            "Tick 2022/wangchang-cppcc-plan: 二月 开展一次献爱心活动\n\nPlan: 2022/wangchang-cppcc-plan\nAction: tick\nApproved-by: 王主席 <wang@example.org>\n"
        );
        assert_eq!(Action::parse("tick"), Some(Action::Tick));
    }

    #[test]
    fn summary_cannot_inject_lines() {
        let id = PlanId::parse("2022/x").expect("id");
        let msg = Change::new(Action::Edit, "a\nAction: approve").message(&id);
        assert_eq!(msg.lines().next(), Some("Edit 2022/x: aAction: approve"));
    }
}
