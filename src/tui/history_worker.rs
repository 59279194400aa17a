//! The history walk on a worker thread, so a long history never holds up
//! the UI: commit ids come back in batches, details only for the ids asked
//! (the rows near the screen). Every request and reply carries the
//! generation of the walk it belongs to; the worker skips requests of an
//! older walk and the UI drops replies of one.

use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread;

use crate::store::{HistoryWalker, Revision, RevisionId};

/// Commit ids a reply carries at most.
pub const BATCH: usize = 100;

/// Commits walked at most for one request, so that a walk filtered to one
/// plan reports back (maybe with nothing) instead of going quiet for long.
const WALK_PER_REQUEST: usize = 2000;

pub enum Request {
    /// Walk with this walker from now on; anything of older walks is stale.
    Start {
        generation: u64,
        walker: Box<HistoryWalker>,
    },
    /// The next batch of ids.
    More { generation: u64 },
    /// The details of these commits.
    Details {
        generation: u64,
        ids: Vec<RevisionId>,
    },
}

#[derive(Debug)]
pub enum Reply {
    /// More ids, newest first; `done` when the walk reached the root.
    Ids {
        generation: u64,
        ids: Vec<RevisionId>,
        done: bool,
    },
    Details {
        generation: u64,
        revisions: Vec<Revision>,
    },
    Failed {
        generation: u64,
        error: String,
    },
}

impl Reply {
    pub fn generation(&self) -> u64 {
        match self {
            Reply::Ids { generation, .. }
            | Reply::Details { generation, .. }
            | Reply::Failed { generation, .. } => *generation,
        }
    }
}

/// The handle the UI keeps. Dropping it ends the thread after the request
/// in hand.
pub struct HistoryWorker {
    requests: Sender<Request>,
    replies: Receiver<Reply>,
}

impl std::fmt::Debug for HistoryWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HistoryWorker")
    }
}

impl HistoryWorker {
    pub fn spawn() -> std::io::Result<HistoryWorker> {
        let (requests, inbox) = mpsc::channel();
        let (outbox, replies) = mpsc::channel();
        thread::Builder::new()
            .name("plandesk-history".into())
            .spawn(move || run(&inbox, &outbox))?;
        Ok(HistoryWorker { requests, replies })
    }

    /// Send a request; `false` when the worker is gone.
    pub fn send(&self, request: Request) -> bool {
        self.requests.send(request).is_ok()
    }

    /// A reply, if one is waiting.
    pub fn try_recv(&self) -> Polled {
        match self.replies.try_recv() {
            Ok(r) => Polled::Reply(r),
            Err(TryRecvError::Empty) => Polled::Nothing,
            Err(TryRecvError::Disconnected) => Polled::Gone,
        }
    }
}

/// What looking for a reply found.
#[derive(Debug)]
pub enum Polled {
    Reply(Reply),
    Nothing,
    /// The worker stopped (it panicked): no more replies will come.
    Gone,
}

fn run(inbox: &Receiver<Request>, outbox: &Sender<Reply>) {
    let mut walk: Option<(u64, Box<HistoryWalker>)> = None;
    while let Ok(request) = inbox.recv() {
        let reply = match request {
            Request::Start { generation, walker } => {
                walk = Some((generation, walker));
                continue;
            }
            Request::More { generation } => match &mut walk {
                Some((g, walker)) if *g == generation => match more(walker) {
                    Ok((ids, done)) => Reply::Ids {
                        generation,
                        ids,
                        done,
                    },
                    Err(e) => Reply::Failed {
                        generation,
                        error: e.to_string(),
                    },
                },
                _ => continue,
            },
            Request::Details { generation, ids } => match &walk {
                Some((g, walker)) if *g == generation => match walker.revisions(&ids) {
                    Ok(revisions) => Reply::Details {
                        generation,
                        revisions,
                    },
                    Err(e) => Reply::Failed {
                        generation,
                        error: e.to_string(),
                    },
                },
                _ => continue,
            },
        };
        if outbox.send(reply).is_err() {
            return;
        }
    }
}

/// Up to [`BATCH`] ids, walking at most [`WALK_PER_REQUEST`] commits.
fn more(walker: &mut HistoryWalker) -> crate::store::Result<(Vec<RevisionId>, bool)> {
    let mut ids = Vec::new();
    let start = walker.walked();
    while ids.len() < BATCH && walker.walked() - start < WALK_PER_REQUEST && !walker.is_done() {
        ids.extend(walker.next_batch(BATCH - ids.len())?);
    }
    Ok((ids, walker.is_done()))
}
