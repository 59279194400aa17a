//! Everything the command line prints goes through here: one sanitising
//! step for every line on its way to a terminal, and write errors (a full
//! disk, a closed pipe) returned instead of panicking.
//!
//! Standard output is sanitised when it is a terminal, and left as it is
//! for a file or a pipe, or with `--raw-output`. Standard error is always
//! sanitised: it carries messages for a person, and echoes of arguments and
//! file names are where escape sequences hide.
//! `PLANDESK_ASSUME_TERMINAL=1` makes standard output count as a terminal,
//! so tests can check what a terminal would receive.

use std::fmt;
use std::io::{IsTerminal as _, Write as _};
use std::sync::OnceLock;

use plandesk::model::text::for_terminal;

/// How standard output is written, set once from the command line.
struct Mode {
    terminal: bool,
    raw: bool,
}

static MODE: OnceLock<Mode> = OnceLock::new();

/// Decide once how standard output is written: `raw` is `--raw-output`.
pub fn init(raw: bool) {
    let terminal = std::io::stdout().is_terminal()
        || std::env::var_os("PLANDESK_ASSUME_TERMINAL").is_some_and(|v| v == "1");
    let _ = MODE.set(Mode { terminal, raw });
}

fn mode() -> &'static Mode {
    MODE.get_or_init(|| Mode {
        terminal: std::io::stdout().is_terminal(),
        raw: false,
    })
}

/// Standard output is a terminal (or is taken for one).
pub fn stdout_is_terminal() -> bool {
    mode().terminal
}

/// Writing to standard output failed: the disk is full, the pipe closed…
#[derive(Debug)]
pub struct WriteFailed(pub std::io::Error);

impl fmt::Display for WriteFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write to standard output: {}", self.0)
    }
}

impl std::error::Error for WriteFailed {}

impl WriteFailed {
    /// The reader went away (`plandesk log | head -1`): as git does, stop quietly.
    pub fn is_closed_pipe(&self) -> bool {
        self.0.kind() == std::io::ErrorKind::BrokenPipe
    }
}

/// Write text to standard output, made safe when it goes to a terminal.
pub fn print(text: &str) -> Result<(), WriteFailed> {
    let m = mode();
    if m.terminal && !m.raw {
        write_stdout(for_terminal(text).as_bytes())
    } else {
        write_stdout(text.as_bytes())
    }
}

/// Write text that holds plandesk's own colour codes and whose user text
/// was made visible piece by piece (the diff's marks): written as it is.
pub fn print_styled(text: &str) -> Result<(), WriteFailed> {
    write_stdout(text.as_bytes())
}

/// Write bytes exactly as they are (a .docx, or text the user asked raw).
pub fn print_bytes(bytes: &[u8]) -> Result<(), WriteFailed> {
    write_stdout(bytes)
}

fn write_stdout(bytes: &[u8]) -> Result<(), WriteFailed> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).map_err(WriteFailed)
}

/// Flush standard output before exit, so that a full disk is noticed.
pub fn flush() -> Result<(), WriteFailed> {
    std::io::stdout().flush().map_err(WriteFailed)
}

/// Write a message to standard error, always made safe; a failure to write
/// it has nowhere to be reported and is ignored.
pub fn eprint(text: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(for_terminal(text).as_bytes());
}

/// `print!` through [`print`]; returns its `Result`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::out::print(&format!($($arg)*))
    };
}

/// `println!` through [`print`]; returns its `Result`.
macro_rules! outln {
    () => {
        $crate::cli::out::print("\n")
    };
    ($($arg:tt)*) => {
        $crate::cli::out::print(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` through [`eprint`].
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::out::eprint(&format!("{}\n", format_args!($($arg)*)))
    };
}
