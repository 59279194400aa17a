//! The workspace: a git repository with a working tree, `plandesk.toml` and
//! `plans/<year>/<slug>.toml`. The only module that touches git2; everything
//! it returns is an owned model type.
//!
//! One `Workspace` (one `git2::Repository`) per thread: open another for a worker.

pub mod approval;
mod blobs;
mod cache;
mod commit;
pub mod error;
pub mod examples;
pub mod history;
mod plans;
pub mod settings;
pub mod verify;

use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryInitOptions};

pub use blobs::{BadBlobId, BlobId, PlanFile, PlanFiles};
pub use cache::{CacheStats, Summaries, SummaryEntry};
pub use commit::{Action, Change};
pub use error::{LoadError, Located, Result, StoreError};
pub use plans::{FileState, Listing, PlanEntry, SaveOutcome};
pub use settings::{SETTINGS_FILE, Settings};

pub use approval::{ApprovalError, ApprovalOutcome};
pub use history::{
    Comparison, HistoryError, HistoryWalker, Restored, Revision, RevisionId, Version,
};
pub use verify::{Finding, Problem, Verification};

use error::io_err;

/// The plans folder of a workspace.
pub const PLANS_DIR: &str = "plans";

pub struct Workspace {
    repo: Repository,
    root: PathBuf,
}

impl std::fmt::Debug for Workspace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workspace")
            .field("root", &self.root)
            .finish()
    }
}

impl Workspace {
    /// Open the workspace at `dir` (its root: the folder with `plandesk.toml`).
    pub fn open(dir: &Path) -> Result<Workspace> {
        let repo = match Repository::open(dir) {
            Ok(r) => r,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Err(StoreError::NotARepository(dir.to_path_buf()));
            }
            Err(e) => return Err(e.into()),
        };
        let Some(root) = repo.workdir().map(Path::to_path_buf) else {
            return Err(StoreError::Bare(dir.to_path_buf()));
        };
        if !root.join(SETTINGS_FILE).is_file() {
            return Err(StoreError::NotAWorkspace(dir.to_path_buf()));
        }
        Ok(Workspace { repo, root })
    }

    /// Make `dir` a workspace: a new repository (branch `main`) or an existing
    /// one, with `plandesk.toml` in one commit; with `examples`, the example
    /// plans, one commit each.
    pub fn init(dir: &Path, examples: bool) -> Result<Workspace> {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let repo = match Repository::open(dir) {
            Ok(r) => r,
            Err(_) => {
                let mut opts = RepositoryInitOptions::new();
                opts.initial_head("main");
                Repository::init_opts(dir, &opts)?
            }
        };
        let Some(root) = repo.workdir().map(Path::to_path_buf) else {
            return Err(StoreError::Bare(dir.to_path_buf()));
        };
        if root.join(SETTINGS_FILE).exists() {
            return Err(StoreError::AlreadyAWorkspace(root));
        }
        let ws = Workspace { repo, root };
        // Fail on a missing identity before writing anything.
        ws.signature()?;
        let name = ws
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let settings = Settings {
            name,
            ..Settings::default()
        };
        ws.commit_file(
            SETTINGS_FILE,
            Some(settings.to_toml().as_bytes()),
            "Create plandesk workspace",
        )?;
        if examples {
            for (id, _) in examples::EXAMPLES {
                let id = crate::model::PlanId::parse(id)?;
                let mut plan = examples::example(&id).map_err(StoreError::Broken)?;
                ws.create(&id, &mut plan, Action::Import, None)?;
            }
        }
        Ok(ws)
    }

    /// The workspace root (the working tree).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The `.git` directory, where plandesk keeps recovery files.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    pub fn settings(&self) -> Result<Settings> {
        let path = self.root.join(SETTINGS_FILE);
        let text = std::fs::read_to_string(&path).map_err(io_err(&path))?;
        Settings::parse(&text).map_err(StoreError::Broken)
    }

    /// Author and committer, as git finds them: `GIT_AUTHOR_NAME` /
    /// `GIT_AUTHOR_EMAIL` (and `GIT_COMMITTER_*`) from the environment, else
    /// `user.name` / `user.email` from git config; or a message saying how to set them.
    pub(crate) fn signatures(
        &self,
    ) -> Result<(git2::Signature<'static>, git2::Signature<'static>)> {
        let config = self.repo.config()?;
        let from_config = |key: &str| config.get_string(key).ok().filter(|v| !v.trim().is_empty());
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
        let name = from_config("user.name");
        let email = from_config("user.email");
        let pick = |role: &str| -> Result<git2::Signature<'static>> {
            let n = env(&format!("GIT_{role}_NAME")).or_else(|| name.clone());
            let e = env(&format!("GIT_{role}_EMAIL")).or_else(|| email.clone());
            match (n, e) {
                (Some(n), Some(e)) => Ok(git2::Signature::now(&n, &e)?),
                (n, e) => Err(StoreError::NoIdentity {
                    missing: [("user.name", n.is_none()), ("user.email", e.is_none())]
                        .into_iter()
                        .filter(|(_, m)| *m)
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>()
                        .join(" and "),
                }),
            }
        };
        Ok((pick("AUTHOR")?, pick("COMMITTER")?))
    }

    /// The author of the next commit.
    pub(crate) fn signature(&self) -> Result<git2::Signature<'static>> {
        Ok(self.signatures()?.0)
    }

    /// The current user's `Name <email>`, as commits record it.
    pub fn identity(&self) -> Result<(String, String)> {
        let sig = self.signature()?;
        Ok((
            sig.name().unwrap_or_default().to_string(),
            sig.email().unwrap_or_default().to_string(),
        ))
    }
}
