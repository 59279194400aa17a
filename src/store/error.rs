//! Errors of the store, each one saying what went wrong, where, and what to do.

use std::fmt;
use std::path::PathBuf;

use crate::model::{PlanId, PlanIdError};

/// A plan or settings file that cannot be read, with every problem located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Path relative to the workspace root, e.g. `plans/2022/x.toml`.
    pub path: String,
    pub problems: Vec<Located>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl LoadError {
    pub(crate) fn from_plan_error(path: &str, src: &str, err: &crate::model::PlanError) -> Self {
        LoadError {
            path: path.to_string(),
            problems: err
                .problems
                .iter()
                .map(|p| {
                    let (line, column) = p.line_col(src);
                    Located {
                        line,
                        column,
                        message: p.message.clone(),
                    }
                })
                .collect(),
        }
    }

    pub(crate) fn whole_file(path: &str, message: impl Into<String>) -> Self {
        LoadError {
            path: path.to_string(),
            problems: vec![Located {
                line: 1,
                column: 1,
                message: message.into(),
            }],
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.path, p.line, p.column, p.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{} is not a git repository.\nCreate a plandesk workspace there with `plandesk init {}`.",
        .0.display(),
        .0.display()
    )]
    NotARepository(PathBuf),
    #[error(
        "{} is a git repository but not a plandesk workspace (it has no plandesk.toml).\nMake it one with `plandesk init {}`.",
        .0.display(),
        .0.display()
    )]
    NotAWorkspace(PathBuf),
    #[error("{} is a bare git repository; plandesk needs one with a working tree. Clone it: `git clone {} DIR`.", .0.display(), .0.display())]
    Bare(PathBuf),
    #[error("{} is already a plandesk workspace.", .0.display())]
    AlreadyAWorkspace(PathBuf),
    #[error(
        "git does not know who you are, so plandesk cannot record this change (missing {missing}).\nSet your name and email once, for this workspace only:\n  git -C {repo} config user.name \"Your Name\"\n  git -C {repo} config user.email \"you@example.org\"\nor for all your git use:\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.org\"\n(The terminal UI asks for them at the first change.)",
        repo = shell_word(&.repo.display().to_string())
    )]
    NoIdentity { missing: String, repo: PathBuf },
    #[error(
        "cannot find your home folder, where git keeps your settings; keep your name for this workspace only"
    )]
    NoHome,
    #[error("{0}\nFix the file by hand, or bring back its last committed version with `git checkout -- {file}`.", file = .0.path)]
    Broken(LoadError),
    #[error("{0}")]
    BadId(#[from] PlanIdError),
    #[error("there is no plan `{id}`.{}", suggest(.suggestions))]
    NoSuchPlan {
        id: String,
        suggestions: Vec<PlanId>,
    },
    #[error("a plan `{0}` exists already; choose another name")]
    PlanExists(PlanId),
    #[error("plan `{id}` did not exist at revision {rev}")]
    NotAtRevision { id: PlanId, rev: String },
    #[error(
        "`{0}` is not a revision of this repository (try a commit id, HEAD~1, or `plandesk log`)"
    )]
    NoSuchRevision(String),
    #[error("the plan cannot be saved: {0}")]
    Invalid(String),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Refused(#[from] super::confine::Refused),
    #[error(transparent)]
    Git(#[from] GitError),
    #[error(
        "another plandesk ({}) is writing to this workspace; waited {waited} s for it.\nTry again when it is done (the lock is {}).",
        super::lock::describe_holder(.holder),
        .lock.display()
    )]
    Busy {
        holder: String,
        waited: u64,
        lock: PathBuf,
    },
    #[error(
        "{} exists: another git command is working in this repository ({}s ago), or one stopped without cleaning up.\nWait for it to finish; if no git command is running, remove the file: rm {}",
        .path.display(),
        .age,
        shell_word(&.path.display().to_string())
    )]
    GitLocked { path: PathBuf, age: u64 },
    #[error(
        "{path} changed in another commit since plandesk read it; nothing was saved.\nReload it (F5 in the plan view, or `plandesk show`) and make the change again."
    )]
    ChangedMeanwhile { path: String },
    #[error(
        "other writers kept changing {path} while plandesk tried {attempts} times to save it on top; nothing was saved. Try again."
    )]
    Contended { path: String, attempts: usize },
    #[error(
        "the repository is on a detached HEAD (at {at}), not on a branch, so plandesk makes no commit there.\nGo back to a branch first: `git switch main` (or `git switch -c NEW-BRANCH` to keep commits made here)."
    )]
    Detached { at: String },
    #[error(
        "a {what} is in progress in this repository, so plandesk makes no commit now.\nFinish it with `git {verb} --continue`, or give it up with `git {verb} --abort`; see `git status`."
    )]
    InProgress {
        what: &'static str,
        verb: &'static str,
    },
    #[error(transparent)]
    History(#[from] super::history::HistoryError),
    #[error(transparent)]
    Approval(#[from] super::approval::ApprovalError),
    #[error(transparent)]
    Sync(Box<super::sync::SyncError>),
    #[error(transparent)]
    Resolve(#[from] crate::model::resolve::ResolveError),
}

/// A path as a shell reads it back: bare when it is plain, else in single quotes.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "/._-+:@%,~".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

impl StoreError {
    /// git knows no name or email to make a commit with.
    pub fn is_no_identity(&self) -> bool {
        matches!(self, StoreError::NoIdentity { .. })
    }
}

fn suggest(ids: &[PlanId]) -> String {
    if ids.is_empty() {
        "\nSee the plans with `plandesk list`.".to_string()
    } else {
        let list: Vec<String> = ids.iter().map(|i| format!("  {i}")).collect();
        format!(" Did you mean:\n{}", list.join("\n"))
    }
}

/// A libgit2 failure, with what plandesk was doing, in words a user can act on.
#[derive(Debug)]
pub struct GitError {
    /// "committing plans/2022/x.toml on refs/heads/main".
    pub doing: String,
    pub error: git2::Error,
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use git2::{ErrorClass as C, ErrorCode as K};
        let msg = self.error.message().trim_end_matches('.');
        let (what, hint) = match (self.error.class(), self.error.code()) {
            (C::Zlib | C::Odb | C::Object, _) | (_, K::NotFound)
                if self.error.class() != C::Reference =>
            {
                (
                    format!("the repository has a damaged or missing object ({msg})"),
                    "Check the repository with `git fsck --full`; a clone of it from another machine or a remote can bring the object back.",
                )
            }
            (_, K::Locked) => (
                format!("a lock file is in the way ({msg})"),
                "Wait for the other git command to finish; if none is running, remove the .lock file named.",
            ),
            (_, K::Modified) | (C::Reference, _) => (
                format!("another program changed the branch at the same time ({msg})"),
                "Try again.",
            ),
            (C::Os | C::Filesystem, _) => (
                format!("the file system refused ({msg})"),
                "Check that the disk is not full or read-only and that you may write to the workspace.",
            ),
            (C::Index, _) => (
                format!("the index (.git/index) cannot be used ({msg})"),
                "Check it with `git status`; `git reset` rebuilds it from the last commit.",
            ),
            _ => (
                msg.to_string(),
                "See `git status`; `git fsck` checks the repository.",
            ),
        };
        write!(f, "git failed while {}: {what}.\n{hint}", self.doing)
    }
}

impl std::error::Error for GitError {}

impl From<git2::Error> for StoreError {
    fn from(error: git2::Error) -> StoreError {
        StoreError::Git(GitError {
            doing: "reading the repository".to_string(),
            error,
        })
    }
}

/// Say what plandesk was doing when git failed.
pub(crate) trait Doing<T> {
    fn doing(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Doing<T> for std::result::Result<T, git2::Error> {
    fn doing(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|error| {
            StoreError::Git(GitError {
                doing: what(),
                error,
            })
        })
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.into();
    move |source| StoreError::Io { path, source }
}
