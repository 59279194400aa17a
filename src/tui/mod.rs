//! The terminal UI, in the shape of The Elm Architecture: the state
//! ([`app::App`]), one [`Action`] enum (keymap.toml's action names map to
//! it), [`update::update`] that changes the state, and [`views::draw`] that
//! only reads it. The event loop sleeps on one channel ([`events::Inbox`])
//! that terminal events, finished background jobs ([`crate::jobs`]) and
//! signals all arrive on; it drains what is queued, updates, then draws once.

pub mod action;
pub mod app;
pub mod board;
pub mod conflicts;
pub mod editor;
pub mod events;
pub mod finder;
pub mod history;
pub mod input;
pub mod labels;
pub mod outline;
pub mod overlay;
pub mod recovery;
pub mod summary;
pub mod terminal;
pub mod update;
pub mod views;
pub mod width;

mod external;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossterm::event;

pub use action::Action;
pub use app::App;
pub use events::Event;
pub use labels::{Labels, Lang};

use crate::store::Workspace;

/// The keymap of the UI: keymap.toml's names mapped to [`Action`].
pub type Keymap = crate::keymap::Keymap<Action>;

/// How long quitting waits for a restore that is being committed.
const WRITE_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// `--lang`; else from the locale.
    pub lang: Option<Lang>,
    /// `--keymap FILE`; else the user's keymap file, when there is one.
    pub keymap: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(
        "plandesk's terminal UI needs a terminal; run it in one, or use a subcommand (see `plandesk --help`)"
    )]
    NotATerminal,
    #[error("stopped by a signal; unsaved changes are kept and offered back at the next start")]
    Stopped,
    #[error("the terminal: {0}")]
    Io(#[from] std::io::Error),
}

/// The app for `ws` with the keymap and labels that `opts` choose.
pub fn build_app(ws: Workspace, opts: &Options) -> App {
    let lang = opts.lang.unwrap_or_else(Lang::from_env);
    let (path, explicit) = match &opts.keymap {
        Some(p) => (Some(p.clone()), true),
        None => (crate::keymap::user_keymap_path(), false),
    };
    let (keymap, problems) = Keymap::load(path.as_deref(), explicit);
    let shown_path = path
        .filter(|p| explicit || p.exists())
        .map(|p| p.display().to_string());
    App::new(ws, keymap, problems, shown_path, Labels::new(lang))
}

/// Run the UI until the user quits.
pub fn run(ws: Workspace, opts: Options) -> Result<(), TuiError> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(TuiError::NotATerminal);
    }
    let mut app = build_app(ws, &opts);
    let wake = app.inbox.sender();
    let signals = terminal::Signals::register(app.recovery.clone(), move || {
        let _ = wake.send(Event::Signal);
    })?;
    let mut guard = terminal::Guard::enter()?;
    let reader = events::Reader::spawn(app.inbox.sender())?;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut app, &mut guard, &signals, &reader)
    }));
    drop(reader);
    signals.finished();
    match outcome {
        Ok(result) => {
            if !app.quit {
                // A signal or an error: keep what is unsaved for the next start.
                update::recover::keep_unsaved(&app);
            }
            drop(guard);
            // A restore the user confirmed is a commit: let it finish.
            app.jobs.wait_for(crate::jobs::Kind::Restore, WRITE_GRACE);
            result
        }
        Err(panic) => {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                update::recover::keep_unsaved(&app)
            }));
            drop(guard);
            std::panic::resume_unwind(panic)
        }
    }
}

fn event_loop(
    app: &mut App,
    guard: &mut terminal::Guard,
    signals: &terminal::Signals,
    reader: &events::Reader,
) -> Result<(), TuiError> {
    let tick = Duration::from_secs(recovery::AUTOSAVE_SECONDS);
    let mut last_tick = Instant::now();
    // Later sizes come with resize events.
    if let Ok(size) = guard.terminal.size() {
        app.screen_rows = size.height;
        app.screen_cols = size.width;
    }
    draw(app, &mut guard.terminal)?;
    loop {
        if app.quit {
            return Ok(());
        }
        if signals.arrived() {
            return Err(TuiError::Stopped);
        }
        // Asleep until a key, a finished job, a signal or the autosave tick;
        // while a sync runs, awake a few times a second to show its progress.
        let syncing = app.jobs.busy().contains(&crate::jobs::Kind::Sync);
        let mut wait = tick.saturating_sub(last_tick.elapsed());
        if syncing {
            wait = wait.min(Duration::from_millis(250));
        }
        let turned = turn(app, &mut guard.terminal, wait, &|| signals.arrived())?;
        // A prompt the sync asks for is drawn at once, as its progress is.
        let asked = syncing && update::plans::credentials_asked(app);
        if asked || (syncing && !turned.drawn) {
            draw(app, &mut guard.terminal)?;
        }
        if turned.keys {
            // Edits come from keys: after each batch, what a stuck loop would lose.
            keep_for_watchdog(app, signals);
        }
        if let Some(text) = app.external.take() {
            // The editor gets every key: the reader lets go of the terminal first.
            reader.pause();
            let result = external::edit(guard, &text);
            reader.resume();
            update::update(app, Action::ExternalDone(result));
            keep_for_watchdog(app, signals);
            draw(app, &mut guard.terminal)?;
        }
        if last_tick.elapsed() >= tick {
            last_tick = Instant::now();
            update::update(app, Action::Tick);
            draw(app, &mut guard.terminal)?;
        }
    }
}

/// What one [`turn`] of the event loop did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Turn {
    /// Something came and went through `update`, and the screen was drawn.
    pub drawn: bool,
    /// Keys were among it.
    pub keys: bool,
}

/// One turn of the event loop: wait at most `wait` for something to come
/// to the inbox, hand it and everything queued behind it to `update`, then
/// draw once. It stops taking events early when the app quits, asks for
/// $EDITOR, or `stopping` says so (a signal).
pub fn turn<B: ratatui::backend::Backend>(
    app: &mut App,
    terminal: &mut ratatui::Terminal<B>,
    wait: Duration,
    stopping: &dyn Fn() -> bool,
) -> Result<Turn, TuiError>
where
    B::Error: Send + Sync + 'static,
{
    let mut turned = Turn::default();
    let mut next = app.inbox.wait(wait);
    while let Some(ev) = next {
        match ev {
            Event::Terminal(ev) => {
                let ev = ev?;
                if let event::Event::Resize(cols, rows) = ev {
                    app.screen_cols = cols;
                    app.screen_rows = rows;
                }
                if let Some(action) = input::action_for(app, ev) {
                    panic_for_tests(&action);
                    update::update(app, action);
                    turned.keys = true;
                }
            }
            Event::Job(ticket) => update::update(app, Action::JobDone(ticket)),
            Event::Signal => {}
        }
        turned.drawn = true;
        if app.quit || app.external.is_some() || stopping() {
            break;
        }
        next = app.inbox.queued();
    }
    if turned.drawn {
        draw(app, terminal)?;
    }
    Ok(turned)
}

fn draw<B: ratatui::backend::Backend>(
    app: &App,
    terminal: &mut ratatui::Terminal<B>,
) -> Result<(), TuiError>
where
    B::Error: Send + Sync + 'static,
{
    terminal
        .draw(|f| views::draw(app, f))
        .map_err(std::io::Error::other)?;
    Ok(())
}

/// Hand the signal watchdog the plan's unsaved state (nothing when saved).
fn keep_for_watchdog(app: &App, signals: &terminal::Signals) {
    signals.keep(
        app.plan()
            .filter(|p| p.dirty())
            .map(|p| (p.id.clone(), p.effective().into_owned(), p.head.clone())),
    );
}

/// Debug builds only: with `PLANDESK_TEST_PANIC` set, asking for help panics,
/// so the end-to-end tests can prove that a panic restores the terminal and
/// keeps unsaved text. Release builds have no such path.
fn panic_for_tests(action: &Action) {
    #[cfg(debug_assertions)]
    if *action == Action::Help && std::env::var_os("PLANDESK_TEST_PANIC").is_some() {
        panic!("a test asked for a panic");
    }
    #[cfg(not(debug_assertions))]
    let _ = action;
}
