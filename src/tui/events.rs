//! Everything the event loop waits for, on one channel: terminal events
//! (from a reader thread), finished jobs, and a word from the signal
//! watchdog. The loop blocks on it until something comes or the autosave
//! tick is due; nothing polls on the UI thread.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crossterm::event;

use crate::jobs::Ticket;

#[derive(Debug)]
pub enum Event {
    /// A key, a paste or a resize; or why the terminal cannot be read.
    Terminal(std::io::Result<event::Event>),
    /// A job is done: its outcome waits in `App::jobs`.
    Job(Ticket),
    /// SIGTERM, SIGHUP or SIGINT arrived.
    Signal,
}

/// The channel the event loop waits on; senders go to whoever reports.
pub struct Inbox {
    tx: Sender<Event>,
    rx: Receiver<Event>,
}

impl std::fmt::Debug for Inbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Inbox")
    }
}

impl Default for Inbox {
    fn default() -> Inbox {
        let (tx, rx) = mpsc::channel();
        Inbox { tx, rx }
    }
}

impl Inbox {
    pub fn sender(&self) -> Sender<Event> {
        self.tx.clone()
    }

    /// The next event, waiting at most `timeout`; `None` when none came.
    pub fn wait(&self, timeout: Duration) -> Option<Event> {
        // The inbox keeps a sender itself, so it is never disconnected.
        self.rx.recv_timeout(timeout).ok()
    }

    /// An event already queued, without waiting.
    pub fn queued(&self) -> Option<Event> {
        self.rx.try_recv().ok()
    }
}

/// How long the reader waits for input before it looks whether it should
/// pause or stop. Only the reader thread waits this way; the event loop
/// sleeps on the inbox.
const READER_WAKE: Duration = Duration::from_millis(50);

/// How long a pause waits for the reader to let go of the terminal.
const PAUSE_WAIT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReaderState {
    Reading,
    /// The loop asked it to let go of the terminal.
    PauseAsked,
    /// It let go, and waits to read again.
    Paused,
    Stop,
}

#[derive(Default)]
struct Control {
    state: Mutex<Option<ReaderState>>,
    changed: Condvar,
}

impl Control {
    fn lock(&self) -> MutexGuard<'_, Option<ReaderState>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, state: ReaderState) {
        *self.lock() = Some(state);
        self.changed.notify_all();
    }
}

/// The thread that reads the terminal and sends what it reads to the
/// inbox. It can be paused, so that a program the UI hands the terminal to
/// ($EDITOR) gets every key; dropping it stops the thread.
pub struct Reader {
    control: Arc<Control>,
}

impl Reader {
    pub fn spawn(tx: Sender<Event>) -> std::io::Result<Reader> {
        let control = Arc::new(Control::default());
        control.set(ReaderState::Reading);
        let c = Arc::clone(&control);
        std::thread::Builder::new()
            .name("plandesk-terminal".into())
            .spawn(move || read(&c, &tx))?;
        Ok(Reader { control })
    }

    /// Stop reading the terminal; returns once the reader has let go (or
    /// after a moment, when it is stuck in a read that does not end).
    pub fn pause(&self) {
        let mut s = self.control.lock();
        if *s == Some(ReaderState::Reading) {
            *s = Some(ReaderState::PauseAsked);
            self.control.changed.notify_all();
        }
        while *s == Some(ReaderState::PauseAsked) {
            let (next, timeout) = self
                .control
                .changed
                .wait_timeout(s, PAUSE_WAIT)
                .unwrap_or_else(PoisonError::into_inner);
            s = next;
            if timeout.timed_out() {
                return;
            }
        }
    }

    /// Read the terminal again.
    pub fn resume(&self) {
        let mut s = self.control.lock();
        if matches!(*s, Some(ReaderState::PauseAsked | ReaderState::Paused)) {
            *s = Some(ReaderState::Reading);
            self.control.changed.notify_all();
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        self.control.set(ReaderState::Stop);
    }
}

fn read(control: &Control, tx: &Sender<Event>) {
    loop {
        {
            let mut s = control.lock();
            loop {
                match *s {
                    Some(ReaderState::Reading) => break,
                    Some(ReaderState::PauseAsked) => {
                        *s = Some(ReaderState::Paused);
                        control.changed.notify_all();
                    }
                    Some(ReaderState::Paused) => {
                        s = control
                            .changed
                            .wait(s)
                            .unwrap_or_else(PoisonError::into_inner);
                    }
                    Some(ReaderState::Stop) | None => return,
                }
            }
        }
        let read = match event::poll(READER_WAKE) {
            Ok(true) => event::read(),
            Ok(false) => continue,
            Err(e) => Err(e),
        };
        let failed = read.is_err();
        if tx.send(Event::Terminal(read)).is_err() || failed {
            return;
        }
    }
}
