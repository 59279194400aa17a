//! plandesk's command line: parsing and dispatch only.

mod cli;

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
    /// The history, newest first: of one plan, or of the whole workspace.
    Log {
        /// Only the commits that change this plan.
        plan: Option<String>,
        /// Print a JSON array instead of one line a commit.
        #[arg(long)]
        json: bool,
        /// At most this many commits.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
    },
    /// What changed in a plan between two revisions: sections, targets,
    /// tasks, approval, with changed characters marked.
    Diff {
        /// The plan.
        plan: String,
        /// From this revision: a commit id, a short id, HEAD~N, or `approved`
        /// (the plan's last approved revision). Default: the parent of the
        /// last commit that changed the plan.
        from: Option<String>,
        /// To this revision. Default: the working tree when FROM is given,
        /// else the last commit that changed the plan.
        to: Option<String>,
        /// The line diff of the TOML file instead.
        #[arg(long)]
        raw: bool,
    },
    /// Submit a plan for approval (draft or returned → submitted).
    Submit {
        plan: String,
        /// A note for the approver.
        #[arg(short = 'm', long = "note", value_name = "NOTE")]
        note: Option<String>,
    },
    /// Approve a plan (submitted or draft → approved), as your git user.email.
    Approve {
        plan: String,
        /// A note kept with the approval ("同意").
        #[arg(short = 'm', long = "note", value_name = "NOTE")]
        note: Option<String>,
    },
    /// Return a plan to its authors (submitted or approved → returned), saying why.
    Return {
        plan: String,
        /// Why it goes back (required).
        #[arg(short = 'm', long = "note", value_name = "NOTE")]
        note: Option<String>,
    },
    /// Check every approval in history; exit 1 and name the plans whose
    /// approved state is not backed by a real approval commit.
    Verify,
    /// Bring a plan back to a past revision, as a new commit.
    Restore {
        plan: String,
        /// The revision: a commit id, a short id, HEAD~N, or `approved`.
        rev: String,
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
        None => cli::usage(),
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
        Some(Command::Log { plan, json, limit }) => {
            cli::open(cli.repo).and_then(|ws| cli::log::run(&ws, plan.as_deref(), json, limit))
        }
        Some(Command::Diff {
            plan,
            from,
            to,
            raw,
        }) => cli::open(cli.repo)
            .and_then(|ws| cli::diff::run(&ws, &plan, from.as_deref(), to.as_deref(), raw)),
        Some(Command::Submit { plan, note }) => cli::open(cli.repo).and_then(|ws| {
            cli::approval::run(&ws, &plan, cli::approval::Step::Submit, note.as_deref())
        }),
        Some(Command::Approve { plan, note }) => cli::open(cli.repo).and_then(|ws| {
            cli::approval::run(&ws, &plan, cli::approval::Step::Approve, note.as_deref())
        }),
        Some(Command::Return { plan, note }) => cli::open(cli.repo).and_then(|ws| {
            cli::approval::run(&ws, &plan, cli::approval::Step::Return, note.as_deref())
        }),
        Some(Command::Verify) => cli::open(cli.repo).and_then(|ws| cli::verify::run(&ws)),
        Some(Command::Restore { plan, rev }) => {
            cli::open(cli.repo).and_then(|ws| cli::restore::run(&ws, &plan, &rev))
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("plandesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
