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
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    #[error(transparent)]
    History(#[from] super::history::HistoryError),
    #[error(transparent)]
    Approval(#[from] super::approval::ApprovalError),
    #[error(transparent)]
    Sync(Box<super::sync::SyncError>),
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

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub(crate) fn io_err(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.into();
    move |source| StoreError::Io { path, source }
}
