//! `plandesk sync`: fetch, fast-forward or merge, push.
//!
//! A merge is a commit with both parents whose tree is ours with their
//! changes applied, and every plan changed on both sides merged
//! semantically ([`crate::model::merge`]); `plandesk.toml` is merged too.
//! The commit is built in memory, the branch moved by compare-and-swap, and
//! only then is the working tree written (regular files only, never through
//! a symlink), so the repository is never half-merged. A push the remote
//! refuses because it moved meanwhile fetches and merges again.
//!
//! What arrives from a remote is untrusted: a symlink, a submodule or an
//! oversized file in the incoming tree is refused (our version stays) and
//! named in the summary.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::Path;

use git2::build::TreeUpdateBuilder;
use git2::{Commit, Delta, ErrorCode, FetchOptions, FileMode, Oid, PushOptions, Repository, Tree};

use super::commit::Action;
use super::error::{Result, StoreError};
use super::settings::{SETTINGS_FILE, Settings};
use super::transport::{Ask, Session, callbacks, shown_url};
use super::{PLANS_DIR, Workspace};
use crate::model::text::visible_line;
use crate::model::{PlanId, merge, parse_plan, write_plan};

/// How often a push refused because the remote moved is retried.
const PUSH_ATTEMPTS: usize = 3;

/// A plan or settings file larger than this is not read from a remote.
const MAX_FILE: usize = 8 << 20;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "there is no remote to sync with. Add one:\n  plandesk remote add origin URL\n(a path to a shared bare repository, file://…, ssh://… or https://…)"
    )]
    NoRemote,
    #[error("there is no remote `{name}`.{}", known_remotes(.known))]
    NoSuchRemote { name: String, known: Vec<String> },
    #[error(
        "there are several remotes and none is the default: name one (`plandesk sync NAME`), or set it in plandesk.toml:\n  [sync]\n  remote = \"NAME\"\nThe remotes are: {}.",
        .0.join(", ")
    )]
    ChooseRemote(Vec<String>),
    #[error("a remote `{0}` exists already; remove it first with `plandesk remote remove {0}`")]
    RemoteExists(String),
    #[error(
        "`{}` cannot be a remote name: use letters a-z, digits, `-`, `_` or `.`, like `origin`",
        visible_line(.0)
    )]
    BadRemoteName(String),
    #[error("`{}` is not a remote address: give a path, file://…, ssh://… or https://…", visible_line(.0))]
    BadUrl(String),
    #[error(
        "plans changed and not committed: {}.\nSave them in plandesk (or commit them with git) first, then sync again.",
        .0.join(", ")
    )]
    Uncommitted(Vec<String>),
    #[error("HEAD is not on a branch; check out a branch (`git switch main`) and sync again")]
    Detached,
    #[error(
        "{remote} ({url}) holds a history that has nothing in common with this workspace; plandesk will not merge them. Check the address with `plandesk remote list`."
    )]
    Unrelated { remote: String, url: String },
    #[error(
        "cannot reach {remote} ({url}): {reason}. Check the address and the network, then sync again; nothing here changed."
    )]
    Unreachable {
        remote: String,
        url: String,
        reason: String,
    },
    #[error(
        "`{0}` holds a password. plandesk never keeps one in an address: add the address without it (https://USER@HOST/…), and plandesk asks for the password or takes it from git's credential helper."
    )]
    /// The address, its password left out.
    PasswordInUrl(String),
    #[error("{remote} ({url}) refused the credentials ({tried}). {advice} Nothing here changed.")]
    Credentials {
        remote: String,
        url: String,
        /// What was offered, and what could not be.
        tried: String,
        advice: &'static str,
    },
    #[error(
        "{remote} ({url}): the SSH server {host} is not in ~/.ssh/known_hosts, so plandesk cannot tell it is the right server and did not connect. Its key's fingerprint is {fingerprint}. Check that with the server's administrator, then record the key by connecting once with\n  {ssh}\nanswering `yes`, and sync again. Nothing here changed."
    )]
    UnknownHost {
        remote: String,
        url: String,
        /// As known_hosts names it: `host` or `[host]:port`.
        host: String,
        fingerprint: String,
        /// The command that records the key.
        ssh: String,
    },
    #[error(
        "WARNING: the SSH server {host} of {remote} ({url}) shows a different key than the one recorded in ~/.ssh/known_hosts (line {line}); someone may be intercepting the connection, or the server was reinstalled. plandesk did not connect. Ask the server's administrator whether its key's fingerprint is {fingerprint}; only if it is, remove the old key with\n  ssh-keygen -R '{host}'\nthen record the new one by connecting once with ssh, and sync again. Nothing here changed."
    )]
    HostKeyChanged {
        remote: String,
        url: String,
        host: String,
        fingerprint: String,
        /// The line of known_hosts that holds the old key.
        line: usize,
    },
    #[error(
        "{remote} ({url}) is not a git repository, or this workspace's branch cannot be read from it. Check the address with `plandesk remote list`."
    )]
    NotARepository { remote: String, url: String },
    #[error(
        "{remote} kept moving while plandesk pushed ({PUSH_ATTEMPTS} attempts); your commits are safe here, sync again"
    )]
    PushRejected { remote: String },
    #[error("{remote} refused the push: {reason}. Your commits are safe here.")]
    PushRefused { remote: String, reason: String },
    #[error(
        "the branch moved while syncing (another plandesk saved a change?); nothing was lost, sync again"
    )]
    Moved,
    /// A local git failure: what plandesk was doing, what went wrong in
    /// words, and what to do (as every store error says it).
    #[error("{said}")]
    Git { doing: &'static str, said: String },
}

fn known_remotes(known: &[String]) -> String {
    if known.is_empty() {
        " Add one with `plandesk remote add NAME URL`.".to_string()
    } else {
        format!(" The remotes are: {}.", known.join(", "))
    }
}

impl SyncError {
    pub(crate) fn git(doing: &'static str, e: git2::Error) -> SyncError {
        let said = super::error::GitError {
            doing: doing.to_string(),
            error: e,
        }
        .to_string();
        SyncError::Git { doing, said }
    }
}

impl From<SyncError> for StoreError {
    fn from(e: SyncError) -> StoreError {
        StoreError::Sync(Box::new(e))
    }
}

/// Where a sync stands, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncProgress {
    pub stage: Stage,
    /// Objects done and in all (both 0 when git does not say).
    pub objects: usize,
    pub total_objects: usize,
    pub bytes: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The remote counts and compresses what it will send (`objects` of
    /// `total_objects`, as its progress messages say).
    Packing,
    Fetching,
    Merging,
    Pushing,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub remote: String,
    pub branch: String,
    /// Commits that came from the remote.
    pub fetched: usize,
    /// The branch moved forward to the remote's without a merge.
    pub fast_forward: bool,
    /// The merge commit, when one was made.
    pub merge_commit: Option<String>,
    /// Plans changed on both sides and merged.
    pub merged: Vec<PlanId>,
    /// Conflicts the merges recorded, by plan.
    pub conflicts: Vec<(PlanId, usize)>,
    /// Approved plans a merge changed, set back to draft.
    pub approvals_reset: Vec<PlanId>,
    /// Commits the remote did not have.
    pub pushed: usize,
    /// What came from the remote and was not taken, and why.
    pub refused: Vec<String>,
    /// Other things a person should know (settings kept, files kept).
    pub notes: Vec<String>,
}

impl SyncSummary {
    pub fn conflict_count(&self) -> usize {
        self.conflicts.iter().map(|(_, n)| n).sum()
    }

    /// One line: commits fetched, plans merged, conflicts, commits pushed.
    pub fn line(&self) -> String {
        format!(
            "{}: {} fetched{}, {} plan{} merged, {} conflict{}, {} pushed",
            self.remote,
            self.fetched,
            if self.fast_forward {
                " (fast-forward)"
            } else {
                ""
            },
            self.merged.len(),
            if self.merged.len() == 1 { "" } else { "s" },
            self.conflict_count(),
            if self.conflict_count() == 1 { "" } else { "s" },
            self.pushed,
        )
    }
}

impl Workspace {
    /// The remote a sync uses: `name`, else `[sync] remote`, else `origin`,
    /// else the only remote there is.
    pub fn sync_remote(&self, name: Option<&str>) -> Result<String> {
        if let Some(name) = name {
            if self.repo.find_remote(name).is_err() {
                return Err(self.no_such_remote(name).into());
            }
            return Ok(name.to_string());
        }
        if let Some(name) = self
            .settings()
            .ok()
            .and_then(|s| s.default_remote().map(str::to_string))
        {
            return self.sync_remote(Some(&name));
        }
        let remotes = self.remotes()?;
        if let Some(r) = remotes.iter().find(|r| r.name == "origin") {
            return Ok(r.name.clone());
        }
        match remotes.as_slice() {
            [one] => Ok(one.name.clone()),
            [] => Err(SyncError::NoRemote.into()),
            _ => Err(SyncError::ChooseRemote(remotes.into_iter().map(|r| r.name).collect()).into()),
        }
    }

    /// Fetch from the remote, fast-forward or merge, and push.
    pub fn sync(
        &self,
        remote: Option<&str>,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncSummary> {
        self.sync_asking(remote, progress, &mut |_| None)
    }

    /// [`Workspace::sync`], asking `ask` for a user name and password when
    /// git's credential helper has none the remote accepts.
    pub fn sync_asking(
        &self,
        remote: Option<&str>,
        progress: &mut dyn FnMut(SyncProgress),
        ask: &mut Ask<'_>,
    ) -> Result<SyncSummary> {
        let session = RefCell::new(Session::new(ask));
        let remote_name = self.sync_remote(remote)?;
        // One writer at a time: a save or tick waits for the sync, and the
        // sync for them; never on a detached HEAD or mid-merge or rebase.
        let _lock = super::lock::WorkspaceLock::acquire(self.git_dir())?;
        self.branch()?;
        self.refuse_uncommitted()?;
        super::tls::enable_https();
        let branch = self.sync_branch()?;
        let local_ref = format!("refs/heads/{branch}");
        let tracking = format!("refs/remotes/{remote_name}/{branch}");
        let mut summary = SyncSummary {
            remote: remote_name.clone(),
            branch: branch.clone(),
            ..SyncSummary::default()
        };
        for _ in 0..PUSH_ATTEMPTS {
            let before = self.repo.refname_to_id(&tracking).ok();
            self.fetch(&remote_name, &session, progress)?;
            let theirs = self.repo.refname_to_id(&tracking).ok();
            let ours = self.repo.refname_to_id(&local_ref).ok();
            if let Some(t) = theirs
                && before != Some(t)
            {
                summary.fetched += count_between(&self.repo, t, before.into_iter().chain(ours))?;
            }
            let tip = match (ours, theirs) {
                (_, None) => ours,
                (None, Some(t)) => {
                    self.move_branch(&local_ref, None, t, None)?;
                    summary.fast_forward = true;
                    Some(t)
                }
                (Some(o), Some(t)) => Some(self.integrate(
                    o,
                    t,
                    &local_ref,
                    &remote_name,
                    &branch,
                    &mut summary,
                    progress,
                )?),
            };
            let Some(tip) = tip else {
                return Ok(summary);
            };
            if theirs == Some(tip) {
                return Ok(summary);
            }
            let ahead = count_between(&self.repo, tip, theirs)?;
            match self.push(&remote_name, &branch, &session, progress)? {
                Pushed::Done => {
                    summary.pushed += ahead;
                    // A retry merges the plans of the first attempt again.
                    summary.merged.sort();
                    summary.merged.dedup();
                    summary.approvals_reset.sort();
                    summary.approvals_reset.dedup();
                    return Ok(summary);
                }
                Pushed::Moved => continue,
            }
        }
        Err(SyncError::PushRejected {
            remote: remote_name,
        }
        .into())
    }

    /// The merge half of a sync alone: the branch brought together with
    /// what was last fetched from `remote` (a fast-forward or a merge commit,
    /// the working tree written), without fetching or pushing. For the
    /// benchmark, which times the merge apart from the network.
    #[doc(hidden)]
    pub fn merge_fetched(&self, remote: Option<&str>) -> Result<SyncSummary> {
        let remote_name = self.sync_remote(remote)?;
        let _lock = super::lock::WorkspaceLock::acquire(self.git_dir())?;
        self.branch()?;
        self.refuse_uncommitted()?;
        let branch = self.sync_branch()?;
        let local_ref = format!("refs/heads/{branch}");
        let tip = |name: &str| {
            self.repo
                .refname_to_id(name)
                .map_err(|e| SyncError::git("reading a branch", e))
        };
        let (ours, theirs) = (
            tip(&local_ref)?,
            tip(&format!("refs/remotes/{remote_name}/{branch}"))?,
        );
        let mut summary = SyncSummary {
            remote: remote_name.clone(),
            branch: branch.clone(),
            ..SyncSummary::default()
        };
        self.integrate(
            ours,
            theirs,
            &local_ref,
            &remote_name,
            &branch,
            &mut summary,
            &mut |_| {},
        )?;
        Ok(summary)
    }

    fn sync_branch(&self) -> Result<String> {
        let head = self
            .repo
            .find_reference("HEAD")
            .map_err(|e| SyncError::git("reading HEAD", e))?;
        head.symbolic_target()
            .ok()
            .flatten()
            .and_then(|t| t.strip_prefix("refs/heads/"))
            .map(str::to_string)
            .ok_or_else(|| SyncError::Detached.into())
    }

    /// Plans and settings must be committed: a sync writes over them.
    fn refuse_uncommitted(&self) -> Result<()> {
        let mut dirty: Vec<String> = self
            .changed_plans()?
            .into_iter()
            .map(|(id, _)| id.to_string())
            .collect();
        if let Ok(status) = self.repo.status_file(Path::new(SETTINGS_FILE))
            && !status.is_empty()
            && !status.is_ignored()
        {
            dirty.push(SETTINGS_FILE.to_string());
        }
        if dirty.is_empty() {
            Ok(())
        } else {
            Err(SyncError::Uncommitted(dirty).into())
        }
    }

    fn fetch(
        &self,
        remote_name: &str,
        session: &RefCell<Session<'_>>,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<()> {
        let mut remote = self
            .repo
            .find_remote(remote_name)
            .map_err(|_| self.no_such_remote(remote_name))?;
        let url = remote.url().unwrap_or_default().to_string();
        let mut callbacks = callbacks(&self.repo, &url, session);
        // Two callbacks report: git's own count while the remote packs, and
        // the objects and bytes received.
        let progress = std::cell::RefCell::new(progress);
        callbacks.sideband_progress(|text| {
            if let Some((objects, total_objects)) = packing_progress(text) {
                (progress.borrow_mut())(SyncProgress {
                    stage: Stage::Packing,
                    objects,
                    total_objects,
                    bytes: 0,
                });
            }
            true
        });
        callbacks.transfer_progress(|p| {
            (progress.borrow_mut())(SyncProgress {
                stage: Stage::Fetching,
                objects: p.received_objects(),
                total_objects: p.total_objects(),
                bytes: p.received_bytes(),
            });
            true
        });
        let mut opts = FetchOptions::new();
        opts.remote_callbacks(callbacks);
        // The remote's own refspecs (refs/heads/* to refs/remotes/NAME/*):
        // a branch the remote does not have yet is no error.
        match remote.fetch::<&str>(&[], Some(&mut opts), None) {
            Ok(()) => Ok(()),
            Err(e) => Err(session.borrow().error(remote_name, &url, &e).into()),
        }
    }

    /// Bring `theirs` into the branch at `ours`: nothing, a fast-forward or
    /// a merge commit. Returns the new tip.
    #[allow(clippy::too_many_arguments)]
    fn integrate(
        &self,
        ours: Oid,
        theirs: Oid,
        local_ref: &str,
        remote_name: &str,
        branch: &str,
        summary: &mut SyncSummary,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<Oid> {
        let repo = &self.repo;
        let git = |doing: &'static str| move |e: git2::Error| SyncError::git(doing, e);
        if ours == theirs
            || repo
                .graph_descendant_of(ours, theirs)
                .map_err(git("comparing histories"))?
        {
            return Ok(ours);
        }
        let base = match repo.merge_base(ours, theirs) {
            Ok(b) => b,
            Err(e) if e.code() == ErrorCode::NotFound => {
                let url = repo
                    .find_remote(remote_name)
                    .ok()
                    .and_then(|r| r.url().ok().map(shown_url))
                    .unwrap_or_default();
                return Err(SyncError::Unrelated {
                    remote: remote_name.to_string(),
                    url,
                }
                .into());
            }
            Err(e) => return Err(SyncError::git("finding the common ancestor", e).into()),
        };
        progress(SyncProgress {
            stage: Stage::Merging,
            objects: 0,
            total_objects: 0,
            bytes: 0,
        });
        let tree_of = |oid: Oid| -> Result<Tree<'_>> {
            Ok(repo
                .find_commit(oid)
                .and_then(|c| c.tree())
                .map_err(git("reading a commit"))?)
        };
        let (base_tree, our_tree, their_tree) = (tree_of(base)?, tree_of(ours)?, tree_of(theirs)?);
        let plan = plan_merge(repo, &base_tree, &our_tree, &their_tree, summary)?;
        if base == ours && plan.refused_any == 0 {
            // Nothing of ours to merge and nothing refused: a fast-forward.
            self.move_branch(local_ref, Some(ours), theirs, Some(&our_tree))?;
            summary.fast_forward = true;
            return Ok(theirs);
        }
        let mut update = TreeUpdateBuilder::new();
        for (path, entry) in &plan.writes {
            match entry {
                Some((oid, mode)) => update.upsert(path, *oid, *mode),
                None => update.remove(path),
            };
        }
        let tree_id = update
            .create_updated(repo, &our_tree)
            .map_err(git("building the merged tree"))?;
        let tree = repo
            .find_tree(tree_id)
            .map_err(git("building the merged tree"))?;
        let (author, committer) = self.signatures()?;
        let message = merge_message(remote_name, branch, summary);
        let parents: Vec<Commit<'_>> = [ours, theirs]
            .iter()
            .map(|o| repo.find_commit(*o))
            .collect::<std::result::Result<_, _>>()
            .map_err(git("reading a commit"))?;
        let parent_refs: Vec<&Commit<'_>> = parents.iter().collect();
        // No ref is updated here: the commit exists only as an object until
        // the branch moves to it below.
        let commit = repo
            .commit(None, &author, &committer, &message, &tree, &parent_refs)
            .map_err(git("making the merge commit"))?;
        self.move_branch(local_ref, Some(ours), commit, Some(&our_tree))?;
        summary.merge_commit = Some(commit.to_string());
        Ok(commit)
    }

    /// Move the branch from `from` to `to` (compare-and-swap), then write
    /// the files that differ between `old_tree` and the new tip's tree into
    /// the working tree and the index.
    fn move_branch(
        &self,
        local_ref: &str,
        from: Option<Oid>,
        to: Oid,
        old_tree: Option<&Tree<'_>>,
    ) -> Result<()> {
        let repo = &self.repo;
        let git = |doing: &'static str| move |e: git2::Error| SyncError::git(doing, e);
        let new_tree = repo
            .find_commit(to)
            .and_then(|c| c.tree())
            .map_err(git("reading the new tip"))?;
        let changes = tree_changes(repo, old_tree, &new_tree)?;
        // Whatever plain git left modified in a path about to be written is
        // not overwritten.
        let mut in_the_way = Vec::new();
        for path in changes.keys() {
            if let Ok(st) = repo.status_file(Path::new(path))
                && !st.is_empty()
                && !st.is_ignored()
            {
                in_the_way.push(visible_line(path).into_owned());
            }
        }
        if !in_the_way.is_empty() {
            return Err(SyncError::Uncommitted(in_the_way).into());
        }
        let msg = format!("plandesk sync: {to}");
        let moved = match from {
            Some(from) => repo.reference_matching(local_ref, to, true, from, &msg),
            None => repo.reference(local_ref, to, false, &msg),
        };
        if let Err(e) = moved {
            return Err(
                if matches!(e.code(), ErrorCode::Modified | ErrorCode::Exists) {
                    SyncError::Moved
                } else {
                    SyncError::git("moving the branch", e)
                }
                .into(),
            );
        }
        self.write_working_tree(&changes)
    }

    /// Write `changes` (path: new blob and mode, or `None` to delete) into
    /// the working tree and the index. Only regular files are written; a
    /// folder on the way that is a symlink is never followed.
    fn write_working_tree(&self, changes: &BTreeMap<String, Option<(Oid, i32)>>) -> Result<()> {
        let repo = &self.repo;
        let mut index = repo
            .index()
            .map_err(|e| SyncError::git("reading the index", e))?;
        index
            .read(false)
            .map_err(|e| SyncError::git("reading the index", e))?;
        let durable = self.durable_writes();
        for (path, entry) in changes {
            let abs = self.root.join(path);
            // Never through a linked folder (a file that is a link is
            // replaced by the rename below, never followed).
            super::confine::check_folders(&self.root, path, true)?;
            match entry {
                Some((oid, _)) => {
                    let blob = repo
                        .find_blob(*oid)
                        .map_err(|e| SyncError::git("reading a file", e))?;
                    super::commit::write_atomically(self.git_dir(), &abs, blob.content(), durable)?;
                    index
                        .add_path(Path::new(path))
                        .map_err(|e| SyncError::git("updating the index", e))?;
                }
                None => {
                    match std::fs::remove_file(&abs) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            return Err(super::error::io_err(&abs)(e));
                        }
                        _ => {}
                    }
                    if index.get_path(Path::new(path), 0).is_some() {
                        index
                            .remove_path(Path::new(path))
                            .map_err(|e| SyncError::git("updating the index", e))?;
                    }
                }
            }
        }
        index
            .write()
            .map_err(|e| SyncError::git("writing the index", e))?;
        Ok(())
    }

    fn push(
        &self,
        remote_name: &str,
        branch: &str,
        session: &RefCell<Session<'_>>,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<Pushed> {
        let mut remote = self
            .repo
            .find_remote(remote_name)
            .map_err(|_| self.no_such_remote(remote_name))?;
        let url = remote.url().unwrap_or_default().to_string();
        progress(SyncProgress {
            stage: Stage::Pushing,
            objects: 0,
            total_objects: 0,
            bytes: 0,
        });
        let mut refused: Option<String> = None;
        let result = {
            let mut callbacks = callbacks(&self.repo, &url, session);
            callbacks.push_transfer_progress(|current, total, bytes| {
                progress(SyncProgress {
                    stage: Stage::Pushing,
                    objects: current,
                    total_objects: total,
                    bytes,
                });
            });
            callbacks.push_update_reference(|_, status| {
                if let Some(s) = status {
                    refused = Some(s.to_string());
                }
                Ok(())
            });
            let mut opts = PushOptions::new();
            opts.remote_callbacks(callbacks);
            let spec = format!("refs/heads/{branch}:refs/heads/{branch}");
            remote.push(&[spec.as_str()], Some(&mut opts))
        };
        match result {
            Err(e) if e.code() == ErrorCode::NotFastForward => return Ok(Pushed::Moved),
            Err(e) => return Err(session.borrow().error(remote_name, &url, &e).into()),
            Ok(()) => {}
        }
        match refused {
            None => {
                // The remote has it now: so does its tracking branch.
                if let Ok(tip) = self.repo.refname_to_id(&format!("refs/heads/{branch}")) {
                    let _ = self.repo.reference(
                        &format!("refs/remotes/{remote_name}/{branch}"),
                        tip,
                        true,
                        "plandesk sync: pushed",
                    );
                }
                Ok(Pushed::Done)
            }
            Some(reason)
                if [
                    "non-fast-forward",
                    "fetch first",
                    "failed to lock",
                    "failed to update ref",
                ]
                .iter()
                .any(|moved| reason.contains(moved)) =>
            {
                Ok(Pushed::Moved)
            }
            Some(reason) => Err(SyncError::PushRefused {
                remote: remote_name.to_string(),
                reason: visible_line(&reason).into_owned(),
            }
            .into()),
        }
    }
}

enum Pushed {
    Done,
    /// The remote moved since the fetch: fetch and merge again.
    Moved,
}

/// "Compressing objects:  45% (18/40)": the last `(done/total)` in a
/// remote's progress message, as git and libgit2 both write it.
fn packing_progress(text: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(text).ok()?;
    let last = text
        .split(['\r', '\n'])
        .rfind(|l| l.contains("objects") && l.contains('('))?;
    let inner = last.rsplit_once('(')?.1.split_once(')')?.0;
    let (done, total) = inner.split_once('/')?;
    Some((done.trim().parse().ok()?, total.trim().parse().ok()?))
}

/// How many commits reachable from `tip` are not reachable from `hide`.
fn count_between(
    repo: &Repository,
    tip: Oid,
    hide: impl IntoIterator<Item = Oid>,
) -> Result<usize> {
    let git = |e| SyncError::git("counting commits", e);
    let mut walk = repo.revwalk().map_err(git)?;
    walk.push(tip).map_err(git)?;
    for h in hide {
        walk.hide(h).map_err(git)?;
    }
    Ok(walk.count())
}

/// Path → its new blob and mode (`None`: deleted), between two trees.
fn tree_changes(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: &Tree<'_>,
) -> Result<BTreeMap<String, Option<(Oid, i32)>>> {
    let diff = repo
        .diff_tree_to_tree(old, Some(new), None)
        .map_err(|e| SyncError::git("comparing trees", e))?;
    let mut out = BTreeMap::new();
    for delta in diff.deltas() {
        let file = if delta.status() == Delta::Deleted {
            delta.old_file()
        } else {
            delta.new_file()
        };
        let Some(path) = file.path().and_then(Path::to_str) else {
            continue;
        };
        let entry = (delta.status() != Delta::Deleted).then(|| (file.id(), i32::from(file.mode())));
        out.insert(path.to_string(), entry);
    }
    Ok(out)
}

/// What goes into the merged tree, on top of ours.
struct MergePlan {
    writes: BTreeMap<String, Option<(Oid, FileMode)>>,
    refused_any: usize,
}

/// Every path changed on their side is taken, merged, or refused.
fn plan_merge(
    repo: &Repository,
    base: &Tree<'_>,
    ours: &Tree<'_>,
    theirs: &Tree<'_>,
    summary: &mut SyncSummary,
) -> Result<MergePlan> {
    let mine = tree_changes(repo, Some(base), ours)?;
    let incoming = tree_changes(repo, Some(base), theirs)?;
    let mut out = MergePlan {
        writes: BTreeMap::new(),
        refused_any: 0,
    };
    for (path, their_entry) in &incoming {
        let shown = visible_line(path).into_owned();
        if let Some((oid, mode)) = their_entry {
            let regular =
                *mode == i32::from(FileMode::Blob) || *mode == i32::from(FileMode::BlobExecutable);
            // The size from the object's header: an oversized blob is never
            // read whole.
            let size = repo
                .odb()
                .and_then(|odb| odb.read_header(*oid))
                .map_or(usize::MAX, |(size, _)| size);
            let why = if !regular {
                Some("not a regular file (a symlink or a submodule)")
            } else if size > MAX_FILE {
                Some("larger than 8 MiB")
            } else {
                None
            };
            if let Some(why) = why {
                let kept = if ours.get_path(Path::new(path)).is_ok() {
                    "kept this workspace's version"
                } else {
                    "not taken"
                };
                summary.refused.push(format!("{shown}: {why}; {kept}"));
                out.refused_any += 1;
                continue;
            }
        }
        let our_entry = mine.get(path);
        match our_entry {
            // Changed on their side only: theirs.
            None => {
                out.writes
                    .insert(path.clone(), their_entry.map(|(o, m)| (o, file_mode(m))));
            }
            // Changed alike on both sides.
            Some(o) if o == their_entry => {}
            Some(our_entry) => {
                let blob = |tree: &Tree<'_>| -> Option<Vec<u8>> {
                    let entry = tree.get_path(Path::new(path)).ok()?;
                    let blob = repo.find_blob(entry.id()).ok()?;
                    (blob.size() <= MAX_FILE).then(|| blob.content().to_vec())
                };
                let (b, o, t) = (
                    blob(base),
                    our_entry.and_then(|_| blob(ours)),
                    their_entry.and_then(|_| blob(theirs)),
                );
                if path == SETTINGS_FILE {
                    merge_settings(repo, path, b, o, t, &mut out, summary)?;
                } else if let Some(id) = plan_id(path) {
                    merge_plan_file(repo, path, id, b, o, t, &mut out, summary)?;
                } else {
                    summary.notes.push(format!(
                        "{shown} was changed on both sides; kept this workspace's version (theirs stays in the history)"
                    ));
                }
            }
        }
    }
    Ok(out)
}

fn file_mode(mode: i32) -> FileMode {
    if mode == i32::from(FileMode::BlobExecutable) {
        FileMode::BlobExecutable
    } else {
        FileMode::Blob
    }
}

/// The plan a path holds, when it is `plans/<year>/<slug>.toml`.
fn plan_id(path: &str) -> Option<PlanId> {
    let rest = path.strip_prefix(PLANS_DIR)?.strip_prefix('/')?;
    let id = PlanId::parse(rest.strip_suffix(".toml")?).ok()?;
    (id.rel_path() == path).then_some(id)
}

fn text_of(bytes: &Option<Vec<u8>>) -> Option<Option<&str>> {
    match bytes {
        None => Some(None),
        Some(b) => std::str::from_utf8(b).ok().map(Some),
    }
}

#[allow(clippy::too_many_arguments)]
fn merge_plan_file(
    repo: &Repository,
    path: &str,
    id: PlanId,
    b: Option<Vec<u8>>,
    o: Option<Vec<u8>>,
    t: Option<Vec<u8>>,
    out: &mut MergePlan,
    summary: &mut SyncSummary,
) -> Result<()> {
    let parse = |bytes: &Option<Vec<u8>>| -> Option<Option<crate::model::Plan>> {
        match text_of(bytes)? {
            None => Some(None),
            Some(text) => parse_plan(text).ok().map(Some),
        }
    };
    let (Some(pb), Some(po), Some(pt)) = (parse(&b), parse(&o), parse(&t)) else {
        summary.notes.push(format!(
            "{}: a version cannot be read as a plan, so it was not merged; kept this workspace's version (theirs stays in the history)",
            visible_line(path)
        ));
        return Ok(());
    };
    let merged = merge(pb.as_ref(), po.as_ref(), pt.as_ref());
    if !merged.conflicts.is_empty() {
        summary.conflicts.push((id.clone(), merged.conflicts.len()));
    }
    if merged.approval_reset {
        summary.approvals_reset.push(id.clone());
    }
    let entry = match &merged.plan {
        Some(plan) => {
            let text = write_plan(plan);
            let oid = repo
                .blob(text.as_bytes())
                .map_err(|e| SyncError::git("writing a merged plan", e))?;
            Some((oid, FileMode::Blob))
        }
        None => None,
    };
    out.writes.insert(path.to_string(), entry);
    summary.merged.push(id);
    Ok(())
}

fn merge_settings(
    repo: &Repository,
    path: &str,
    b: Option<Vec<u8>>,
    o: Option<Vec<u8>>,
    t: Option<Vec<u8>>,
    out: &mut MergePlan,
    summary: &mut SyncSummary,
) -> Result<()> {
    let parse = |bytes: &Option<Vec<u8>>| -> Option<Settings> {
        match text_of(bytes)? {
            None => Some(Settings::default()),
            Some(text) => Settings::parse(text).ok(),
        }
    };
    let (Some(sb), Some(so), Some(st)) = (parse(&b), parse(&o), parse(&t)) else {
        summary.notes.push(format!(
            "{path}: a version cannot be read, so it was not merged; kept this workspace's version"
        ));
        return Ok(());
    };
    let (merged, notes) = Settings::merge(&sb, &so, &st);
    summary.notes.extend(notes);
    let oid = repo
        .blob(merged.to_toml().as_bytes())
        .map_err(|e| SyncError::git("writing the merged settings", e))?;
    out.writes
        .insert(path.to_string(), Some((oid, FileMode::Blob)));
    Ok(())
}

fn merge_message(remote: &str, branch: &str, summary: &SyncSummary) -> String {
    let mut msg = format!("Merge {remote}/{branch}");
    if !summary.merged.is_empty() {
        msg.push_str(&format!(
            ": {} plan{} merged",
            summary.merged.len(),
            if summary.merged.len() == 1 { "" } else { "s" }
        ));
    }
    let n = summary.conflict_count();
    if n > 0 {
        msg.push_str(&format!(", {n} conflict{}", if n == 1 { "" } else { "s" }));
    }
    msg.push_str("\n\n");
    for id in &summary.merged {
        let conflicts = summary
            .conflicts
            .iter()
            .find(|(c, _)| c == id)
            .map_or(0, |(_, n)| *n);
        if conflicts > 0 {
            msg.push_str(&format!("{id}: {conflicts} to resolve\n"));
        } else {
            msg.push_str(&format!("{id}: merged\n"));
        }
    }
    for r in &summary.refused {
        msg.push_str(&format!("Refused {r}\n"));
    }
    msg.push_str(&format!("\nAction: {}\n", Action::Merge.as_str()));
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remotes_packing_messages_give_objects_done_and_in_all() {
        assert_eq!(
            packing_progress(
                b"Counting objects: 100% (45/45), done.\nCompressing objects:  45% (18/40)\r"
            ),
            Some((18, 40))
        );
        assert_eq!(packing_progress(b"Counting objects 12\r"), None);
        assert_eq!(packing_progress(b"remote: hello (there)"), None);
    }

    #[test]
    fn only_plan_paths_are_plans() {
        assert!(plan_id("plans/2022/wangchang.toml").is_some());
        assert!(plan_id("plans/2022/../x.toml").is_none());
        assert!(plan_id("plans/2022/x.txt").is_none());
        assert!(plan_id("other/2022/x.toml").is_none());
    }
}
