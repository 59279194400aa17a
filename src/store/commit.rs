//! One user action, one commit: the tree is HEAD's with one file changed, the
//! index entry of that file is refreshed, and whatever else the user staged
//! with plain git stays staged and out of the commit.

use std::fmt;
use std::io::Write as _;
use std::path::Path;

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, Oid};

use super::Workspace;
use super::error::{Result, io_err};
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
    /// Write (or with `None` remove) one file of the working tree and commit
    /// exactly that change on the current branch. Returns the new commit, or
    /// `None` when HEAD already has these contents.
    pub(crate) fn commit_file(
        &self,
        rel: &str,
        contents: Option<&[u8]>,
        message: &str,
    ) -> Result<Option<Oid>> {
        let (author, committer) = self.signatures()?;
        let repo = &self.repo;
        let head = match repo.head() {
            Ok(h) => Some(h.peel_to_commit()?),
            Err(e)
                if e.code() == git2::ErrorCode::UnbornBranch
                    || e.code() == git2::ErrorCode::NotFound =>
            {
                None
            }
            Err(e) => return Err(e.into()),
        };
        let head_tree = head.as_ref().map(|c| c.tree()).transpose()?;
        let in_head = head_tree
            .as_ref()
            .and_then(|t| t.get_path(Path::new(rel)).ok())
            .map(|e| e.id());
        let blob = contents.map(|c| repo.blob(c)).transpose()?;

        // Never through a link: a committed `plans/2024 -> /elsewhere` would
        // put the file outside the workspace.
        super::confine::check_write(&self.root, rel)?;
        let abs = self.root.join(rel);
        match contents {
            Some(bytes) => write_atomically(&abs, bytes)?,
            None => match std::fs::remove_file(&abs) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(io_err(&abs)(e));
                }
                _ => {}
            },
        }
        let mut index = repo.index()?;
        // Plain git may have changed the index since this handle last read
        // it; an unchanged file is not read again.
        index.read(false)?;
        match contents {
            Some(_) => index.add_path(Path::new(rel))?,
            None => {
                if index.get_path(Path::new(rel), 0).is_some() {
                    index.remove_path(Path::new(rel))?;
                }
            }
        }
        index.write()?;

        if in_head == blob && head.is_some() {
            return Ok(None);
        }
        let empty;
        let base = match &head_tree {
            Some(t) => t,
            None => {
                empty = repo.find_tree(repo.treebuilder(None)?.write()?)?;
                &empty
            }
        };
        let mut update = TreeUpdateBuilder::new();
        match blob {
            Some(b) => update.upsert(rel, b, FileMode::Blob),
            None => update.remove(rel),
        };
        let tree = repo.find_tree(update.create_updated(repo, base)?)?;
        let parents: Vec<&git2::Commit> = head.iter().collect();
        let oid = repo.commit(Some("HEAD"), &author, &committer, message, &tree, &parents)?;
        super::history::index::record(
            repo,
            oid,
            committer.when().seconds(),
            head.as_ref().map(git2::Commit::id),
            rel,
        );
        Ok(Some(oid))
    }
}

/// Write to a temporary file beside `path`, flush it to disk, then rename it
/// over `path`: a crash leaves the old file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io_err(dir))?;
    tmp.write_all(bytes).map_err(io_err(tmp.path()))?;
    tmp.as_file().sync_all().map_err(io_err(path))?;
    tmp.persist(path).map_err(|e| io_err(path)(e.error))?;
    Ok(())
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
