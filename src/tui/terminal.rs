//! The terminal: raw mode and the alternate screen on the way in, restored on
//! the way out whatever happens — a `Drop` guard for quits and errors, a
//! panic hook that restores first and then lets the previous hook report,
//! and SIGTERM/SIGHUP/SIGINT turned into a flag the event loop checks (and
//! a wake-up for it).

use std::io::{self, Stdout, Write as _};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::recovery::Recovery;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// The terminal in UI mode; dropping it restores the terminal.
pub struct Guard {
    pub terminal: Term,
}

impl Guard {
    pub fn enter() -> io::Result<Guard> {
        install_panic_hook();
        enter_ui_mode()?;
        match Terminal::new(CrosstermBackend::new(io::stdout())) {
            Ok(mut terminal) => {
                terminal.clear()?;
                Ok(Guard { terminal })
            }
            Err(e) => {
                let _ = restore();
                Err(e)
            }
        }
    }

    /// Hand the terminal to another program ($EDITOR) until [`Guard::resume`].
    pub fn suspend(&mut self) -> io::Result<()> {
        restore()
    }

    pub fn resume(&mut self) -> io::Result<()> {
        enter_ui_mode()?;
        self.terminal.clear()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = restore();
    }
}

fn enter_ui_mode() -> io::Result<()> {
    enable_raw_mode()?;
    if let Err(e) = execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste) {
        let _ = restore();
        return Err(e);
    }
    Ok(())
}

/// Put the terminal back as the shell had it. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let raw = disable_raw_mode();
    let mut out = io::stdout();
    let screen = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = out.flush();
    raw.and(screen)
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first, so the report lands on a usable terminal; but a
            // background job's panic is caught and reported in the UI, which goes on.
            if !crate::jobs::is_job_thread() {
                let _ = restore();
            }
            previous(info);
        }));
    });
}

/// The plan's unsaved state, kept where a signal watchdog can write it.
/// The plan's id, its unsaved state, and the commit the edits were made on.
pub type Unsaved = Option<(crate::model::PlanId, crate::model::Plan, Option<String>)>;

/// Set when SIGTERM, SIGHUP or SIGINT arrives; a second one ends the
/// process at once (for a UI that no longer responds).
///
/// A watchdog thread also hears the signal and wakes the event loop, which
/// normally stops by itself, restores the terminal and keeps what is
/// unsaved. But when the terminal is gone (its window closed: SIGHUP), the
/// loop can be stuck writing to it, and crossterm's reader can spin on
/// end-of-file. Then, after a moment, the watchdog writes the last unsaved
/// state it was given and ends the process.
pub struct Signals {
    flag: Arc<AtomicBool>,
    done: Arc<AtomicBool>,
    unsaved: Arc<Mutex<Unsaved>>,
}

/// How long the watchdog waits for the event loop to stop by itself.
const GRACE: Duration = Duration::from_millis(1500);

impl Signals {
    /// `wake` is called when a signal arrives, so the event loop, asleep
    /// until something happens, looks at the flag.
    pub fn register(recovery: Recovery, wake: impl Fn() + Send + 'static) -> io::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use signal_hook::flag;
        let f = Arc::new(AtomicBool::new(false));
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            flag::register_conditional_shutdown(sig, 1, Arc::clone(&f))?;
            flag::register(sig, Arc::clone(&f))?;
        }
        let done = Arc::new(AtomicBool::new(false));
        let unsaved: Arc<Mutex<Unsaved>> = Arc::new(Mutex::new(None));
        let mut heard = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
        let (done_w, unsaved_w) = (Arc::clone(&done), Arc::clone(&unsaved));
        std::thread::Builder::new()
            .name("plandesk-signals".into())
            .spawn(move || {
                if heard.forever().next().is_none() {
                    return;
                }
                wake();
                let start = Instant::now();
                while start.elapsed() < GRACE {
                    if done_w.load(Ordering::SeqCst) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(25));
                }
                if let Ok(mut u) = unsaved_w.lock()
                    && let Some((id, plan, base)) = u.take()
                {
                    let _ = recovery.write(&id, &plan, base.as_deref());
                }
                let _ = restore();
                std::process::exit(1);
            })?;
        Ok(Signals {
            flag: f,
            done,
            unsaved,
        })
    }

    pub fn arrived(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// What the watchdog would keep if the loop got stuck.
    pub fn keep(&self, unsaved: Unsaved) {
        if let Ok(mut u) = self.unsaved.lock() {
            *u = unsaved;
        }
    }

    /// The event loop has stopped: from here on the main thread restores the
    /// terminal and keeps what is unsaved.
    pub fn finished(&self) {
        self.done.store(true, Ordering::SeqCst);
    }
}
