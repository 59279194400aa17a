//! A write as a transaction: under the workspace lock, read one file as of
//! the branch's commit, build the new commit beside it, and move the branch
//! only if it still points where it did (compare-and-swap). Only then do the
//! working file and its index entry change. A journal in `.git/plandesk/`
//! lets the next plandesk finish those two steps when a writer is killed
//! between the commit and them.

use std::path::Path;

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, IndexEntry, IndexTime, Oid, Repository, RepositoryState};

use super::Workspace;
use super::error::{Doing as _, Result, StoreError, io_err};
use super::lock::{WorkspaceLock, clear_git_locks};

/// How often an atomic action is applied again on top of another writer's commit.
const ATTEMPTS: usize = 8;

/// The file a write starts from.
#[derive(Debug)]
pub(crate) struct Base {
    /// The branch's commit; `None` on an unborn branch.
    pub head: Option<Oid>,
    /// The file in that commit.
    pub in_head: Option<Vec<u8>>,
    in_head_blob: Option<Oid>,
    /// The file in the working tree.
    pub working: Option<Vec<u8>>,
}

/// What a write does to its file.
#[derive(Debug)]
pub(crate) struct Write {
    /// What the commit holds; `None` removes the file.
    pub commit: Option<Vec<u8>>,
    /// What the working file holds afterwards when that is not what the
    /// commit holds: a hand edit that stays uncommitted.
    pub keep_working: Option<Vec<u8>>,
    pub message: String,
}

/// What a write expects when another writer moved the branch meanwhile.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Basis {
    /// Read the file again and apply the action on top (tick, approve…).
    Reapply,
    /// The file as it stood in this commit (`None`: at the first read); a
    /// commit that changed it since stops the write with
    /// [`StoreError::ChangedMeanwhile`].
    FileAsOf(Option<Oid>),
}

impl Workspace {
    /// Write one file as one commit on the current branch. `make` sees the
    /// file as of the branch's commit and says what to write (`None`:
    /// nothing). Returns the new commit, `None` when there is nothing to commit.
    pub(crate) fn write_file(
        &self,
        rel: &str,
        basis: Basis,
        mut make: impl FnMut(&Base) -> Result<Option<Write>>,
    ) -> Result<Option<Oid>> {
        let lock = WorkspaceLock::acquire(self.git_dir())?;
        let branch = self.branch()?;
        self.clear_leftovers(&lock, &branch)?;
        let (author, committer) = self.signatures()?;
        let repo = &self.repo;
        let mut expected_blob = match basis {
            Basis::FileAsOf(Some(commit)) => Some(blob_in(repo, commit, rel)?),
            _ => None,
        };
        for _ in 0..ATTEMPTS {
            let base = self.base(rel, &branch)?;
            match &expected_blob {
                Some(blob) if *blob != base.in_head_blob => {
                    return Err(StoreError::ChangedMeanwhile {
                        path: rel.to_string(),
                    });
                }
                None if matches!(basis, Basis::FileAsOf(_)) => {
                    expected_blob = Some(base.in_head_blob);
                }
                _ => {}
            }
            let Some(write) = make(&base)? else {
                return Ok(None);
            };
            let blob = write
                .commit
                .as_deref()
                .map(|c| repo.blob(c))
                .transpose()
                .doing(|| format!("storing {rel} in the repository"))?;
            if blob == base.in_head_blob && base.head.is_some() {
                self.settle(&Journal::for_write(rel, blob, &write, &base, repo)?)?;
                return Ok(None);
            }
            let commit =
                self.commit_object(rel, blob, &base, &write.message, &author, &committer)?;
            let journal = Journal::for_write(rel, blob, &write, &base, repo)?;
            let journal = Journal { commit, ..journal };
            journal.save(self.git_dir())?;
            if !self.swap(&branch, base.head, commit, &write.message)? {
                // Another writer (plain git) moved the branch: nothing of
                // ours is visible; try again on top.
                Journal::remove(self.git_dir());
                continue;
            }
            super::history::index::record(repo, commit, committer.when().seconds(), base.head, rel);
            self.settle(&journal)?;
            Journal::remove(self.git_dir());
            return Ok(Some(commit));
        }
        Err(StoreError::Contended {
            path: rel.to_string(),
            attempts: ATTEMPTS,
        })
    }

    /// The branch HEAD names (`refs/heads/main`); refused on a detached
    /// HEAD and while a merge, rebase… is in progress.
    pub(crate) fn branch(&self) -> Result<String> {
        let repo = &self.repo;
        let in_progress = |what, verb| Err(StoreError::InProgress { what, verb });
        match repo.state() {
            RepositoryState::Clean | RepositoryState::Bisect => {}
            RepositoryState::Merge => return in_progress("merge", "merge"),
            RepositoryState::Revert | RepositoryState::RevertSequence => {
                return in_progress("revert", "revert");
            }
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => {
                return in_progress("cherry-pick", "cherry-pick");
            }
            RepositoryState::ApplyMailbox => return in_progress("`git am`", "am"),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge
            | RepositoryState::ApplyMailboxOrRebase => return in_progress("rebase", "rebase"),
        }
        let head = repo
            .find_reference("HEAD")
            .doing(|| "reading HEAD".to_string())?;
        match head
            .symbolic_target()
            .doing(|| "reading HEAD".to_string())?
        {
            Some(branch) => Ok(branch.to_string()),
            None => Err(StoreError::Detached {
                at: head
                    .target()
                    .map(|o| o.to_string().chars().take(7).collect())
                    .unwrap_or_default(),
            }),
        }
    }

    fn base(&self, rel: &str, branch: &str) -> Result<Base> {
        let repo = &self.repo;
        let head = match repo.refname_to_id(branch) {
            Ok(oid) => Some(oid),
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(e).doing(|| format!("reading {branch}")),
        };
        let (in_head, in_head_blob) = match head {
            Some(commit) => match blob_in(repo, commit, rel)? {
                Some(b) => {
                    let blob = repo
                        .find_blob(b)
                        .doing(|| format!("reading {rel} in commit {commit}"))?;
                    (Some(blob.content().to_vec()), Some(b))
                }
                None => (None, None),
            },
            None => (None, None),
        };
        // Never through a link: a committed `plans/2024 -> /elsewhere` would
        // put the file outside the workspace.
        super::confine::check_write(&self.root, rel)?;
        let working = match super::confine::read_file(&self.root, rel) {
            Ok(b) => Some(b),
            Err(super::confine::ReadError::Missing) => None,
            Err(e) => return Err(e.into_refused(rel).into()),
        };
        Ok(Base {
            head,
            in_head,
            in_head_blob,
            working,
        })
    }

    fn commit_object(
        &self,
        rel: &str,
        blob: Option<Oid>,
        base: &Base,
        message: &str,
        author: &git2::Signature<'_>,
        committer: &git2::Signature<'_>,
    ) -> Result<Oid> {
        let repo = &self.repo;
        let doing = || format!("making the commit of {rel}");
        let head = base
            .head
            .map(|h| repo.find_commit(h))
            .transpose()
            .doing(doing)?;
        let base_tree = match &head {
            Some(c) => c.tree().doing(doing)?,
            None => {
                let empty = repo.treebuilder(None).doing(doing)?.write().doing(doing)?;
                repo.find_tree(empty).doing(doing)?
            }
        };
        let mut update = TreeUpdateBuilder::new();
        match blob {
            Some(b) => update.upsert(rel, b, FileMode::Blob),
            None => update.remove(rel),
        };
        let tree = update.create_updated(repo, &base_tree).doing(doing)?;
        let tree = repo.find_tree(tree).doing(doing)?;
        let parents: Vec<&git2::Commit> = head.iter().collect();
        repo.commit(None, author, committer, message, &tree, &parents)
            .doing(doing)
    }

    /// Move `branch` from `old` to `new`; `false` when it no longer points at `old`.
    fn swap(&self, branch: &str, old: Option<Oid>, new: Oid, message: &str) -> Result<bool> {
        let subject = message.lines().next().unwrap_or_default();
        let moved = match old {
            Some(old) => {
                let log = format!("commit: {subject}");
                self.repo.reference_matching(branch, new, true, old, &log)
            }
            None => {
                let log = format!("commit (initial): {subject}");
                self.repo.reference(branch, new, false, &log)
            }
        };
        match moved {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::Modified | git2::ErrorCode::Exists
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e).doing(|| format!("moving {branch} to the new commit")),
        }
    }

    /// Make the working file and its index entry what `journal` says, unless
    /// the working file was changed by someone else since.
    fn settle(&self, journal: &Journal) -> Result<()> {
        let repo = &self.repo;
        let rel = journal.path.as_str();
        let abs = self.root.join(rel);
        let now = match std::fs::read(&abs) {
            Ok(b) => Some(
                Oid::hash_object(git2::ObjectType::Blob, &b).doing(|| format!("reading {rel}"))?,
            ),
            Err(_) => None,
        };
        if now != journal.work && now == journal.before {
            match journal.work {
                Some(work) => {
                    let blob = repo
                        .find_blob(work)
                        .doing(|| format!("reading what {rel} should hold"))?;
                    super::commit::write_atomically(
                        self.git_dir(),
                        &abs,
                        blob.content(),
                        self.durable_writes(),
                    )?;
                }
                None => match std::fs::remove_file(&abs) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(io_err(&abs)(e));
                    }
                    _ => {}
                },
            }
        }
        let doing = || format!("updating the index entry of {rel} (.git/index)");
        let mut index = repo.index().doing(doing)?;
        // Plain git may have changed the index since this handle last read it.
        index.read(false).doing(doing)?;
        match journal.index {
            Some(blob) if Some(blob) == journal.work => {
                index.add_path(Path::new(rel)).doing(doing)?;
            }
            Some(blob) => {
                // The working file keeps a hand edit: the entry holds the
                // commit's blob with no stat data, so git compares contents.
                let size = repo.find_blob(blob).map_or(0, |b| b.size());
                index.add(&bare_entry(rel, blob, size)).doing(doing)?;
            }
            None => {
                if index.get_path(Path::new(rel), 0).is_some() {
                    index.remove_path(Path::new(rel)).doing(doing)?;
                }
            }
        }
        index.write().doing(doing)
    }

    /// What a killed writer left: git's lock files, temporary files, and
    /// the working file and index of a commit it made.
    fn clear_leftovers(&self, lock: &WorkspaceLock, branch: &str) -> Result<()> {
        let git_locks = ["index".to_string(), branch.to_string(), "HEAD".to_string()];
        for said in clear_git_locks(self.git_dir(), &git_locks, lock.died)? {
            self.notice(said);
        }
        clean_temps(self.git_dir());
        self.finish_interrupted()
    }

    /// A writer killed between its commit and its working file: finish its
    /// work (the commit is on the branch) or forget it (it is not).
    fn finish_interrupted(&self) -> Result<()> {
        let Some(journal) = Journal::load(self.git_dir()) else {
            return Ok(());
        };
        let branch = self.branch()?;
        let tip = self.repo.refname_to_id(&branch).ok();
        let landed = tip.is_some_and(|t| {
            t == journal.commit
                || self
                    .repo
                    .graph_descendant_of(t, journal.commit)
                    .unwrap_or(false)
        });
        if landed {
            self.settle(&journal)?;
            self.notice(format!(
                "finished a write to {} that was interrupted after its commit",
                journal.path
            ));
        }
        Journal::remove(self.git_dir());
        Ok(())
    }

    /// On opening: finish a write a killed writer left, when no writer runs now.
    pub(crate) fn recover_on_open(&self) {
        if !Journal::path(self.git_dir()).exists() {
            return;
        }
        if let Ok(lock) = WorkspaceLock::try_acquire(self.git_dir())
            && let Err(e) = self
                .branch()
                .and_then(|branch| self.clear_leftovers(&lock, &branch))
        {
            self.notice(e.to_string());
        }
    }
}

fn blob_in(repo: &Repository, commit: Oid, rel: &str) -> Result<Option<Oid>> {
    let doing = || format!("reading {rel} in commit {commit}");
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .doing(doing)?;
    match tree.get_path(Path::new(rel)) {
        Ok(e) => Ok(Some(e.id())),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e).doing(doing),
    }
}

fn bare_entry(rel: &str, id: Oid, size: usize) -> IndexEntry {
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: u16::try_from(rel.len()).unwrap_or(0xfff).min(0xfff),
        flags_extended: 0,
        path: rel.as_bytes().to_vec(),
    }
}

/// Temporary files of writers that were killed.
fn clean_temps(git_dir: &Path) {
    if let Ok(rd) = std::fs::read_dir(super::commit::temp_dir(git_dir)) {
        for e in rd.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What a write will leave in the working tree and the index once its
/// commit is on the branch.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Journal {
    path: String,
    commit: Oid,
    /// The working file before the write (`None`: absent).
    before: Option<Oid>,
    /// The working file after it.
    work: Option<Oid>,
    /// The index entry after it.
    index: Option<Oid>,
}

impl Journal {
    fn for_write(
        rel: &str,
        blob: Option<Oid>,
        write: &Write,
        base: &Base,
        repo: &Repository,
    ) -> Result<Journal> {
        let doing = || format!("storing {rel} in the repository");
        let work = match &write.keep_working {
            Some(bytes) => Some(repo.blob(bytes).doing(doing)?),
            None => blob,
        };
        let before = base
            .working
            .as_deref()
            .map(|b| Oid::hash_object(git2::ObjectType::Blob, b))
            .transpose()
            .doing(doing)?;
        Ok(Journal {
            path: rel.to_string(),
            commit: Oid::ZERO_SHA1,
            before,
            work,
            index: blob,
        })
    }

    fn path(git_dir: &Path) -> std::path::PathBuf {
        git_dir.join("plandesk").join("journal")
    }

    fn save(&self, git_dir: &Path) -> Result<()> {
        let id = |o: Option<Oid>| o.map_or_else(|| "-".to_string(), |o| o.to_string());
        let text = format!(
            "path {}\ncommit {}\nbefore {}\nwork {}\nindex {}\n",
            self.path,
            self.commit,
            id(self.before),
            id(self.work),
            id(self.index)
        );
        // Renamed into place but not flushed: it guards against a writer
        // killed mid-write, whose files the OS still writes out, not against
        // a power cut (git does not flush its refs either), and a flush
        // would cost every write a few milliseconds.
        let path = Journal::path(git_dir);
        let tmp = path.with_extension("new");
        std::fs::write(&tmp, text).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_err(&path))
    }

    fn load(git_dir: &Path) -> Option<Journal> {
        let text = std::fs::read_to_string(Journal::path(git_dir)).ok()?;
        let field = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(k)?.strip_prefix(' '))
        };
        let id = |k: &str| -> Option<Option<Oid>> {
            match field(k)? {
                "-" => Some(None),
                s => Oid::from_str(s).ok().map(Some),
            }
        };
        // Only a file of the workspace, named as plandesk names them.
        let path = field("path")?;
        let plain = |p: &str| {
            !p.is_empty()
                && !p.starts_with('/')
                && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
        };
        if !plain(path) {
            return None;
        }
        Some(Journal {
            path: path.to_string(),
            commit: id("commit")??,
            before: id("before")?,
            work: id("work")?,
            index: id("index")?,
        })
    }

    fn remove(git_dir: &Path) {
        let _ = std::fs::remove_file(Journal::path(git_dir));
    }
}
