//! The background-job layer: work that reads many files or walks history
//! runs here, never on the UI thread.
//!
//! Each [`Kind`] of job has one worker thread, one job running and at most
//! one pending: a new request replaces the pending one (newest wins). Every
//! request gets a [`Ticket`]; when its job is done the outcome is kept and
//! the ticket is announced through the callback given to [`Jobs::new`] (the
//! UI turns it into an action). The UI takes the outcome with
//! [`Jobs::take`] and drops it when [`Jobs::is_latest`] says a newer request
//! of that kind was made since.
//!
//! Each job opens its own [`Workspace`](crate::store::Workspace) (one git2 repository per thread).
//!
//! Writes of the one plan on screen (save, a tick, an approval step) are
//! not jobs: a commit of one file takes milliseconds, the user waits for
//! its result (the commit id in the status line, an undo after it), and a
//! write must never be replaced by a newer request. Only the reading that
//! follows them (the plan list, the agenda) is. A restore is a job, since it
//! looks up the revision in history first; it is never dropped as stale.
//!
//! Adding a kind: a [`Job`] variant, a [`Kind`], an [`Outcome`] and one
//! arm in `work::run` that calls the store.

mod work;

pub use work::{BATCH, WALK_PER_REQUEST};

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::model::PlanId;
use crate::store::{
    Comparison, FirstYear, HistoryWalker, Restored, Revision, RevisionId, Settings, StoreError,
    Summaries, SyncProgress, SyncSummary, Version,
};
use crate::store::{CredentialRequest, UserPass};

/// The kinds of job; each keeps only its newest request pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The plan list.
    Plans,
    /// The plans of the year a new plan list opens on, ahead of the list.
    FirstYear,
    /// The tasks of one year's plans, for the agenda.
    Agenda,
    /// Two versions of a plan compared; changes since approval.
    Compare,
    /// The next commit ids of a history walk.
    HistoryWalk,
    /// The details of commits on screen.
    HistoryDetails,
    /// A plan brought back to a past revision (a commit).
    Restore,
    /// The finder: its index refreshed, a query matched.
    Find,
    /// A sync with a remote: fetch, merge, push.
    Sync,
    /// The history index brought up to HEAD, so the first history view
    /// of a long history does not wait for it.
    HistoryIndex,
}

impl Kind {
    /// Work done ahead of need, which nobody waits for: it must not take a
    /// core from the screen, or from a job whose answer is awaited.
    fn is_ahead_of_need(self) -> bool {
        matches!(self, Kind::HistoryIndex)
    }
}

/// Lowers the calling thread's scheduling priority as far as it goes, as
/// `nice -n 19` would: it runs on what the other threads leave.
fn yield_to_others() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with PRIO_PROCESS and a thread id changes only
    // that thread's nice value on Linux; it reads no memory of ours.
    unsafe {
        let thread = libc::gettid();
        libc::setpriority(libc::PRIO_PROCESS, thread as libc::id_t, 19);
    }
}

/// One request: its kind and its place among all requests (later ones are
/// greater). Small and `Copy`, so it can travel in an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket {
    seq: u64,
    pub kind: Kind,
}

/// Work to do.
pub enum Job {
    /// The summary of every plan of the working tree, and the workspace settings.
    Plans,
    /// The summaries of the plans of `year` (or of the newest year when it
    /// has none) and the years with plans: the first screen, at the cost of
    /// one year's files, before [`Job::Plans`] reads them all.
    FirstYear {
        year: i32,
    },
    /// The summaries of one year's plans with their tasks.
    Agenda {
        year: i32,
    },
    /// `plan` in version `from` against version `to`. Without a plan, the
    /// first of `among` whose file differs between the two.
    Compare {
        plan: Option<PlanId>,
        among: Vec<PlanId>,
        from: Version,
        to: Version,
    },
    /// `plan`'s last approved revision against its file now.
    SinceApproval {
        plan: PlanId,
    },
    /// The next batch of a walk; without a walker, a new walk from HEAD.
    HistoryWalk {
        plan: Option<PlanId>,
        walker: Option<Box<HistoryWalker>>,
    },
    HistoryDetails {
        ids: Vec<RevisionId>,
    },
    Restore {
        plan: PlanId,
        rev: RevisionId,
    },
    /// The finder's rows for `query` (at most `limit`), its index first
    /// refreshed from the plans' blob ids when `finder` is older than `fresh`.
    Find {
        finder: crate::search::SharedFinder,
        fresh: u64,
        query: String,
        limit: usize,
    },
    /// The history index brought up to HEAD (on opening the workspace).
    IndexHistory,
    /// Sync with `remote` (default: the workspace's); where it stands is
    /// kept in `progress` as it goes, for the status line.
    Sync {
        remote: Option<String>,
        progress: SyncWatch,
        /// Where the sync asks the person for a user name and password.
        credentials: CredentialDesk,
    },
    /// Work given by a test (debug builds only), run as a job of `kind`.
    #[cfg(debug_assertions)]
    Injected {
        kind: Kind,
        work: Box<dyn FnOnce(&crate::store::Workspace) -> Outcome + Send>,
    },
}

impl Job {
    pub fn kind(&self) -> Kind {
        match self {
            Job::Plans => Kind::Plans,
            Job::FirstYear { .. } => Kind::FirstYear,
            Job::Agenda { .. } => Kind::Agenda,
            Job::Compare { .. } | Job::SinceApproval { .. } => Kind::Compare,
            Job::HistoryWalk { .. } => Kind::HistoryWalk,
            Job::HistoryDetails { .. } => Kind::HistoryDetails,
            Job::Restore { .. } => Kind::Restore,
            Job::Find { .. } => Kind::Find,
            Job::Sync { .. } => Kind::Sync,
            Job::IndexHistory => Kind::HistoryIndex,
            #[cfg(debug_assertions)]
            Job::Injected { kind, .. } => *kind,
        }
    }
}

/// What a job found or did.
pub enum Outcome {
    Plans {
        listing: Result<Summaries, StoreError>,
        settings: Result<Settings, StoreError>,
    },
    FirstYear {
        /// The year asked for.
        year: i32,
        first: Result<FirstYear, StoreError>,
        settings: Result<Settings, StoreError>,
    },
    Agenda {
        year: i32,
        listing: Result<Summaries, StoreError>,
    },
    /// The comparison, with the details of the revisions on its two sides.
    Compared(Result<(Comparison, Vec<Revision>), StoreError>),
    /// No plan of those asked differs between the two versions (`to` is
    /// the commit asked about).
    NoPlanChanged {
        to: Version,
    },
    Walked {
        walker: Box<HistoryWalker>,
        /// Newest first.
        ids: Vec<RevisionId>,
        /// The walk reached the first commit.
        done: bool,
    },
    Details(Result<Vec<Revision>, StoreError>),
    Restored {
        plan: PlanId,
        /// The revision asked for (to ask again after a failure).
        rev: RevisionId,
        result: Result<Restored, StoreError>,
    },
    /// The finder's rows for `query`, best first, of `total` matches;
    /// `notes` say what the index left out or rebuilt.
    Found {
        query: String,
        rows: Vec<crate::search::Found>,
        total: usize,
        notes: Vec<String>,
    },
    /// A sync is done.
    Synced(Result<SyncSummary, StoreError>),
    /// The history index is up to date (or could not be: the history
    /// views then build it, and say why if they cannot).
    Indexed(Result<(), StoreError>),
    /// The job could not run, or it stopped half-way.
    Failed(JobError),
}

/// Where a running sync stands, written by its job and read by the UI.
pub type SyncWatch = Arc<Mutex<Option<SyncProgress>>>;

/// How long a sync waits for a person to answer a credentials prompt.
const ASK_WAIT: Duration = Duration::from_secs(300);

/// Where a running sync asks for credentials: its job posts a request and
/// waits; the UI shows it (a prompt, the password masked) and answers.
#[derive(Clone, Default)]
pub struct CredentialDesk(Arc<(Mutex<Desk>, Condvar)>);

#[derive(Default)]
struct Desk {
    request: Option<CredentialRequest>,
    /// Requests made, and the last one the UI took.
    asked: u64,
    taken: u64,
    answer: Option<Option<UserPass>>,
}

impl CredentialDesk {
    fn desk(&self) -> MutexGuard<'_, Desk> {
        self.0.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The job's side: ask, and wait for the answer (`None` after
    /// [`ASK_WAIT`], or when the person gave up).
    pub fn ask(&self, request: &CredentialRequest) -> Option<UserPass> {
        let mut desk = self.desk();
        desk.asked += 1;
        desk.request = Some(request.clone());
        desk.answer = None;
        let deadline = Instant::now() + ASK_WAIT;
        while desk.answer.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            desk = match self.0.1.wait_timeout(desk, left) {
                Ok((d, _)) => d,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        desk.request = None;
        desk.answer.take().flatten()
    }

    /// The UI's side: a request it has not taken yet.
    pub fn take_request(&self) -> Option<CredentialRequest> {
        let mut desk = self.desk();
        if desk.taken == desk.asked {
            return None;
        }
        desk.taken = desk.asked;
        desk.request.clone()
    }

    /// The UI's answer; `None`: the person gave up.
    pub fn answer(&self, answer: Option<UserPass>) {
        let mut desk = self.desk();
        if desk.request.is_some() {
            desk.answer = Some(answer);
            self.0.1.notify_all();
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Search(#[from] crate::search::SearchError),
    #[error("could not start a background job: {0}")]
    Spawn(std::io::Error),
    #[error("a background job ({0:?}) stopped unexpectedly; try again")]
    Panicked(Kind),
}

/// How the workers' thread names begin.
const THREAD_PREFIX: &str = "plandesk-job-";

/// Whether this thread is a job's worker (its panics are caught and
/// reported as [`JobError::Panicked`]).
pub fn is_job_thread() -> bool {
    std::thread::current()
        .name()
        .is_some_and(|n| n.starts_with(THREAD_PREFIX))
}

/// Calls the UI back when a job is done.
type Announce = Arc<dyn Fn(Ticket) + Send + Sync>;

/// The jobs of one workspace. Dropping it lets the workers end after the
/// job in hand.
pub struct Jobs {
    root: PathBuf,
    announce: Announce,
    slots: HashMap<Kind, Arc<Slot>>,
    finished: Arc<Mutex<HashMap<Ticket, Outcome>>>,
    /// The newest request of each kind.
    latest: HashMap<Kind, Ticket>,
    next: u64,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jobs")
            .field("root", &self.root)
            .field("latest", &self.latest)
            .finish()
    }
}

/// One kind's worker: the job running and the one pending.
#[derive(Default)]
struct Slot {
    state: Mutex<SlotState>,
    changed: Condvar,
}

#[derive(Default)]
struct SlotState {
    pending: Option<(Ticket, Job)>,
    running: Option<Ticket>,
    closed: bool,
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        // A job runs outside the lock, so a poisoned lock still holds a sound state.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Jobs {
    /// Jobs on the workspace at `root`; `announce` hears each finished ticket
    /// (on a worker thread).
    pub fn new(root: PathBuf, announce: impl Fn(Ticket) + Send + Sync + 'static) -> Jobs {
        Jobs {
            root,
            announce: Arc::new(announce),
            slots: HashMap::new(),
            finished: Arc::new(Mutex::new(HashMap::new())),
            latest: HashMap::new(),
            next: 0,
        }
    }

    /// Ask for `job`. It replaces a pending job of its kind, which then never
    /// runs (its ticket is never announced).
    pub fn request(&mut self, job: Job) -> Ticket {
        let kind = job.kind();
        self.next += 1;
        let ticket = Ticket {
            seq: self.next,
            kind,
        };
        self.latest.insert(kind, ticket);
        let slot = match self.slots.get(&kind) {
            Some(s) => Arc::clone(s),
            None => match self.spawn(kind) {
                Ok(s) => s,
                Err(e) => {
                    self.finish(ticket, Outcome::Failed(JobError::Spawn(e)));
                    return ticket;
                }
            },
        };
        slot.lock().pending = Some((ticket, job));
        slot.changed.notify_all();
        ticket
    }

    fn spawn(&mut self, kind: Kind) -> std::io::Result<Arc<Slot>> {
        let slot = Arc::new(Slot::default());
        let worker = Worker {
            slot: Arc::clone(&slot),
            root: self.root.clone(),
            finished: Arc::clone(&self.finished),
            announce: Arc::clone(&self.announce),
        };
        std::thread::Builder::new()
            .name(format!("{THREAD_PREFIX}{kind:?}").to_lowercase())
            .spawn(move || {
                if kind.is_ahead_of_need() {
                    yield_to_others();
                }
                worker.run()
            })?;
        self.slots.insert(kind, Arc::clone(&slot));
        Ok(slot)
    }

    fn finish(&self, ticket: Ticket, outcome: Outcome) {
        lock(&self.finished).insert(ticket, outcome);
        (self.announce)(ticket);
    }

    /// The outcome of an announced ticket (once).
    pub fn take(&mut self, ticket: Ticket) -> Option<Outcome> {
        lock(&self.finished).remove(&ticket)
    }

    /// Whether `ticket` is the newest request of its kind: an outcome of an
    /// older one is stale.
    pub fn is_latest(&self, ticket: Ticket) -> bool {
        self.latest.get(&ticket.kind) == Some(&ticket)
    }

    /// Whether `ticket` waits behind a running job (a new request of its
    /// kind would replace it).
    pub fn is_pending(&self, ticket: Ticket) -> bool {
        self.slots
            .get(&ticket.kind)
            .is_some_and(|s| s.lock().pending.as_ref().is_some_and(|(t, _)| *t == ticket))
    }

    /// The kinds with a job running or pending, in [`Kind`] order.
    pub fn busy(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = self
            .slots
            .iter()
            .filter(|(_, s)| {
                let s = s.lock();
                s.running.is_some() || s.pending.is_some()
            })
            .map(|(k, _)| *k)
            .collect();
        kinds.sort_unstable();
        kinds
    }

    /// No job runs or waits: every ticket was announced.
    pub fn idle(&self) -> bool {
        self.busy().is_empty()
    }

    /// Wait until no job of `kind` runs or waits, at most `timeout`; whether it is so.
    pub fn wait_for(&self, kind: Kind, timeout: Duration) -> bool {
        let Some(slot) = self.slots.get(&kind) else {
            return true;
        };
        let end = Instant::now() + timeout;
        let mut s = slot.lock();
        while s.running.is_some() || s.pending.is_some() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            s = match slot.changed.wait_timeout(s, left) {
                Ok((s, _)) => s,
                Err(p) => p.into_inner().0,
            };
        }
        true
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        for slot in self.slots.values() {
            slot.lock().closed = true;
            slot.changed.notify_all();
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Worker {
    slot: Arc<Slot>,
    root: PathBuf,
    finished: Arc<Mutex<HashMap<Ticket, Outcome>>>,
    announce: Announce,
}

impl Worker {
    fn run(self) {
        while let Some((ticket, job)) = self.next() {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                work::run(&self.root, job)
            }))
            .unwrap_or(Outcome::Failed(JobError::Panicked(ticket.kind)));
            lock(&self.finished).insert(ticket, outcome);
            {
                // Free and announced at once (under the lock): whoever sees no
                // job running finds its announcement already made, and whoever
                // takes the announcement no longer sees the job running.
                let mut s = self.slot.lock();
                s.running = None;
                (self.announce)(ticket);
            }
            self.slot.changed.notify_all();
        }
    }

    /// The pending job, once there is one; `None` when the jobs are dropped.
    fn next(&self) -> Option<(Ticket, Job)> {
        let mut s = self.slot.lock();
        loop {
            if s.closed {
                return None;
            }
            if let Some((ticket, job)) = s.pending.take() {
                s.running = Some(ticket);
                return Some((ticket, job));
            }
            s = self
                .slot
                .changed
                .wait(s)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn jobs() -> (Jobs, mpsc::Receiver<Ticket>) {
        let (tx, rx) = mpsc::channel();
        let jobs = Jobs::new(PathBuf::from("/nonexistent/plandesk-jobs-test"), move |t| {
            let _ = tx.send(t);
        });
        (jobs, rx)
    }

    #[test]
    fn a_sync_waits_for_the_credentials_the_ui_gives_and_each_request_is_taken_once() {
        let desk = CredentialDesk::default();
        assert!(desk.take_request().is_none());
        let job = desk.clone();
        let asking = std::thread::spawn(move || {
            let request = CredentialRequest {
                url: "https://example.org/plans.git".into(),
                username: None,
            };
            (job.ask(&request), job.ask(&request))
        });
        for answer in [
            Some(UserPass {
                username: "wang".into(),
                password: "pw".into(),
            }),
            None,
        ] {
            let request = loop {
                if let Some(r) = desk.take_request() {
                    break r;
                }
                std::thread::sleep(Duration::from_millis(5));
            };
            assert_eq!(request.url, "https://example.org/plans.git");
            assert!(desk.take_request().is_none(), "taken twice");
            desk.answer(answer);
        }
        let (first, second) = asking.join().expect("the job");
        assert_eq!(first.map(|u| u.username), Some("wang".to_string()));
        assert_eq!(second, None);
    }

    #[test]
    fn a_workspace_that_cannot_be_opened_is_reported_as_the_outcome() {
        let (mut jobs, rx) = jobs();
        let t = jobs.request(Job::Plans);
        let got = rx.recv_timeout(Duration::from_secs(10)).expect("announced");
        assert_eq!(got, t);
        assert!(jobs.is_latest(t));
        match jobs.take(t) {
            Some(Outcome::Failed(JobError::Store(e))) => {
                assert!(e.to_string().contains("plandesk-jobs-test"), "{e}")
            }
            _ => panic!("expected a failure naming the folder"),
        }
        assert!(jobs.take(t).is_none(), "an outcome is taken once");
        assert!(jobs.wait_for(Kind::Plans, Duration::from_secs(10)));
        assert!(jobs.idle());
    }
}
