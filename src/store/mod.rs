//! The workspace: a git repository with a working tree, `plandesk.toml` and
//! `plans/<year>/<slug>.toml`. The only module that touches git2; everything
//! it returns is an owned model type.
//!
//! One `Workspace` (one `git2::Repository`) per thread: open another for a worker.

pub mod approval;
mod blobs;
mod cache;
mod commit;
pub mod confine;
pub mod error;
pub mod examples;
mod framed;
pub mod history;
mod identity;
mod known_hosts;
mod lock;
mod plans;
pub mod remote;
mod resolve;
pub mod settings;
mod status;
pub mod sync;
mod tls;
pub mod transport;
mod txn;
pub mod verify;

use std::path::{Path, PathBuf};

use git2::{Repository, RepositoryInitOptions};

pub use blobs::{BadBlobId, BlobId, PlanFile, PlanFiles};
pub use cache::{CacheStats, FirstYear, Summaries, SummaryEntry};
pub use commit::{Action, Change};
pub use error::{GitError, LoadError, Located, Result, StoreError};
pub use plans::{FileState, Listing, PlanEntry, SaveOutcome};
pub use remote::RemoteInfo;
pub use resolve::ResolveOutcome;
pub use settings::{SETTINGS_FILE, Settings, SyncSettings};
pub use sync::{Stage, SyncError, SyncProgress, SyncSummary};
pub use tls::start as start_libgit2;
pub use transport::{CredentialRequest, UserPass};

pub use approval::{ApprovalError, ApprovalOutcome, allows};
pub use history::{
    Comparison, HistoryError, HistoryWalker, Restored, Revision, RevisionId, Version,
};
pub use identity::{
    Identity, IdentityProblem, Keep, SETUP_IDENTITY, check_email, check_name, global_config_file,
};
pub use verify::{Finding, Problem, Verification};

use error::io_err;

/// The plans folder of a workspace.
pub const PLANS_DIR: &str = "plans";

pub struct Workspace {
    repo: Repository,
    root: PathBuf,
    /// The first run's setup commits are made by [`SETUP_IDENTITY`].
    setting_up: bool,
    /// What the store did on its own and tells the user (a stale lock
    /// removed, a killed writer's work finished): printed on stderr at
    /// once, unless held for the terminal UI to show ([`Workspace::hold_notices`]).
    notices: std::sync::Mutex<Notices>,
}

#[derive(Debug, Default)]
struct Notices {
    held: bool,
    kept: Vec<String>,
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
        Workspace::open_with(dir, false)
    }

    /// [`Workspace::open`], with what it tells the user held from the start
    /// (for a workspace opened while the terminal UI owns the screen).
    pub fn open_held(dir: &Path) -> Result<Workspace> {
        Workspace::open_with(dir, true)
    }

    fn open_with(dir: &Path, held: bool) -> Result<Workspace> {
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
        if !confine::is_present(&root, SETTINGS_FILE) {
            return Err(StoreError::NotAWorkspace(dir.to_path_buf()));
        }
        let ws = Workspace {
            repo,
            root,
            setting_up: false,
            notices: std::sync::Mutex::new(Notices {
                held,
                kept: Vec::new(),
            }),
        };
        ws.recover_on_open();
        Ok(ws)
    }

    /// Make `dir` a workspace: a new repository (branch `main`) or an existing
    /// one, with `plandesk.toml` in one commit; with `examples`, the example
    /// plans, one commit each.
    pub fn init(dir: &Path, examples: bool) -> Result<Workspace> {
        Workspace::make(dir, examples, false)
    }

    /// The workspace of the first run, with the example plans, so that the
    /// UI shows real content at once. Where git knows no identity yet, these
    /// setup commits are made by [`SETUP_IDENTITY`] (kept in no config):
    /// browsing needs none, and the user's first change asks for theirs.
    pub fn init_first_run(dir: &Path) -> Result<Workspace> {
        Workspace::make(dir, true, true)
    }

    fn make(dir: &Path, examples: bool, stand_in: bool) -> Result<Workspace> {
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
        let mut ws = Workspace {
            repo,
            root,
            setting_up: false,
            notices: std::sync::Mutex::default(),
        };
        // Fail on a missing identity before writing anything.
        match ws.signature() {
            Err(StoreError::NoIdentity { .. }) if stand_in => ws.setting_up = true,
            other => {
                other?;
            }
        }
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
        ws.setting_up = false;
        Ok(ws)
    }

    /// From now on, keep what the store tells the user for
    /// [`Workspace::take_notices`] instead of printing it on stderr, which
    /// the terminal UI owns.
    pub fn hold_notices(&self) {
        self.notices_mut().held = true;
    }

    /// What the store told the user since the last call, when held.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut self.notices_mut().kept)
    }

    pub(crate) fn notice(&self, said: String) {
        let mut n = self.notices_mut();
        if n.held {
            n.kept.push(said);
        } else {
            eprintln!(
                "{}",
                crate::model::text::for_terminal(&format!("plandesk: {said}"))
            );
        }
    }

    fn notices_mut(&self) -> std::sync::MutexGuard<'_, Notices> {
        self.notices
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
        let bytes = confine::read_file(&self.root, SETTINGS_FILE)
            .map_err(|e| e.into_refused(SETTINGS_FILE))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            StoreError::Broken(LoadError::whole_file(
                SETTINGS_FILE,
                format!("is not UTF-8 text: {e}"),
            ))
        })?;
        Settings::parse(&text).map_err(StoreError::Broken)
    }
}
