//! The terminal: raw mode and the alternate screen on the way in, restored on
//! the way out whatever happens — a `Drop` guard for quits and errors, a
//! panic hook that restores first and then lets the previous hook report,
//! and SIGTERM/SIGHUP/SIGINT turned into a flag the event loop checks.

use std::io::{self, Stdout, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

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
            // Restore first, so the report lands on a usable terminal.
            let _ = restore();
            previous(info);
        }));
    });
}

/// Set when SIGTERM, SIGHUP or SIGINT arrives; a second one ends the
/// process at once (for a UI that no longer responds).
pub struct Signals {
    flag: Arc<AtomicBool>,
}

impl Signals {
    pub fn register() -> io::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        use signal_hook::flag;
        let f = Arc::new(AtomicBool::new(false));
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            flag::register_conditional_shutdown(sig, 1, Arc::clone(&f))?;
            flag::register(sig, Arc::clone(&f))?;
        }
        Ok(Signals { flag: f })
    }

    pub fn arrived(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }
}
