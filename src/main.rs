//! plandesk's command line: parsing and dispatch only.

mod cli;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// A terminal workbench for annual work plans and summaries, kept as TOML in git.
#[derive(Debug, Parser)]
#[command(name = "plandesk", version, about, long_about = None)]
struct Cli {
    /// The workspace (a git repository with plandesk.toml). Default: $PLANDESK_REPO,
    /// else the user data folder, created with the example plans on first use.
    #[arg(long, global = true, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Language of the terminal UI. Default: from the locale (LC_ALL, LC_MESSAGES or
    /// LANG; one starting with zh is Chinese, anything else English).
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    lang: Option<String>,
    /// A keymap file for the terminal UI, overriding the defaults key by key.
    /// Default: $XDG_CONFIG_HOME/plandesk/keymap.toml when it exists.
    #[arg(long, global = true, value_name = "FILE")]
    keymap: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a workspace: a git repository with plandesk.toml.
    Init {
        /// Where to create it (default: the current folder).
        dir: Option<PathBuf>,
        /// Add the five example plans, one commit each.
        #[arg(long)]
        examples: bool,
    },
    /// List the plans, newest year first.
    List {
        /// Only the plans of this year.
        #[arg(long)]
        year: Option<i32>,
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one plan.
    Show {
        /// The plan: `2022/wangchang-cppcc-plan`, or its name when unique.
        plan: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShowFormat {
    /// As a person reads it: numbered, with its tasks by month.
    Text,
    /// The plan file itself.
    Toml,
    /// The fields of the plan file, as JSON.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        // Without a terminal (a pipe, a script) the UI cannot run: say what to try.
        None if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() => cli::usage(),
        None => cli::open(cli.repo).and_then(|ws| {
            let opts = plandesk::tui::Options {
                lang: cli.lang.as_deref().and_then(plandesk::tui::Lang::parse),
                keymap: cli.keymap,
            };
            plandesk::tui::run(ws, opts)?;
            Ok(ExitCode::SUCCESS)
        }),
        Some(Command::Init { dir, examples }) => cli::init::run(dir, examples),
        Some(Command::List { year, json }) => {
            cli::open(cli.repo).and_then(|ws| cli::list::run(&ws, year, json))
        }
        Some(Command::Show { plan, format }) => cli::open(cli.repo).and_then(|ws| {
            let format = match format {
                ShowFormat::Text => cli::show::Format::Text,
                ShowFormat::Toml => cli::show::Format::Toml,
                ShowFormat::Json => cli::show::Format::Json,
            };
            cli::show::run(&ws, &plan, format)
        }),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("plandesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
