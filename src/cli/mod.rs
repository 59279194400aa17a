//! The subcommands. Each prints to stdout, reports to stderr, and returns
//! the exit code; errors carry what to do next.

#[macro_use]
pub mod out;

pub mod agenda;
pub mod conflicts;
pub mod export;
pub mod find;
pub mod import;
pub mod init;
pub mod list;
pub mod new;
pub mod show;
pub mod sync;
pub mod tick;

pub mod approval;
pub mod diff;
pub mod log;
pub mod restore;
pub mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use plandesk::store::Workspace;

/// The workspace from `--repo`, else `$PLANDESK_REPO`, else the user data
/// folder, which is created with the example plans on first use.
pub fn open(repo: Option<PathBuf>) -> Result<Workspace> {
    if let Some(dir) = repo.or_else(|| std::env::var_os("PLANDESK_REPO").map(PathBuf::from)) {
        return Ok(Workspace::open(&dir)?);
    }
    let dir = default_dir()?;
    if dir.join(plandesk::store::SETTINGS_FILE).is_file() {
        return Ok(Workspace::open(&dir)?);
    }
    // Without a git identity the examples come in under plandesk's own
    // name, so that browsing works at once; the first change asks for one.
    let ws = Workspace::init_first_run(&dir)?;
    errln!(
        "plandesk: created a workspace with the example plans in {}",
        dir.display()
    );
    if let Err(e) = ws.identity()
        && e.is_no_identity()
    {
        errln!(
            "plandesk: git does not know your name and email yet; the terminal UI asks for them at your first change"
        );
    }
    Ok(ws)
}

fn default_dir() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("org", "plandesk", "plandesk").ok_or_else(|| {
        anyhow::anyhow!("cannot find your home folder; pass --repo DIR or set PLANDESK_REPO")
    })?;
    Ok(dirs.data_dir().join("workspace"))
}

pub fn usage() -> Result<ExitCode> {
    outln!(
        "plandesk: annual work plans and summaries, kept as TOML in git.\n\n\
         Try:\n  plandesk list\n  plandesk show 2022/wangchang-cppcc-plan\n  plandesk --help"
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Today's local date; `PLANDESK_TODAY=YYYY-MM-DD` pins it (for scripts and
/// tests), and a value that is not a date is refused.
pub fn today() -> Result<chrono::NaiveDate> {
    plandesk::model::today::today().map_err(anyhow::Error::msg)
}
