//! plandesk's command line: parsing and dispatch only.

#[macro_use]
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
    /// Print plan text exactly as stored, control characters and escape
    /// sequences included, even to a terminal. (Output to a file or a pipe
    /// is always exact; a terminal otherwise gets them made visible.)
    #[arg(long, global = true)]
    raw_output: bool,
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
    /// Tick a task off (done today, or --on DATE); --undo makes it to do again.
    Tick {
        /// The plan.
        plan: String,
        /// The task: its id, or text that matches exactly one task.
        task: String,
        /// Mark it to do again.
        #[arg(long, conflicts_with_all = ["drop", "on"])]
        undo: bool,
        /// Mark it dropped: no longer planned, left out of progress.
        #[arg(long, conflicts_with = "on")]
        drop: bool,
        /// The day it was done (YYYY-MM-DD); default today.
        #[arg(long, value_name = "DATE")]
        on: Option<chrono::NaiveDate>,
    },
    /// One month's tasks across every plan of the year, overdue ones first.
    Agenda {
        /// Default: this year.
        #[arg(long)]
        year: Option<i32>,
        /// 1 to 12; default: this month.
        #[arg(long)]
        month: Option<u8>,
        #[arg(long)]
        json: bool,
    },
    /// Make a new plan; --from carries an existing plan over (e.g. to next year).
    New {
        /// The new plan's id: `YEAR/name`, the name in a-z, 0-9 and `-`.
        plan: String,
        #[arg(long)]
        title: String,
        /// Copy sections, targets and tasks (as to do) from this plan.
        #[arg(long, value_name = "PLAN")]
        from: Option<String>,
        #[arg(long, value_enum, default_value_t = KindArg::Plan)]
        kind: KindArg,
    },
    /// Import plans and summaries from a text file (UTF-8 or GB18030), a
    /// Word .docx, or every .txt and .docx of a folder: one commit per plan.
    Import {
        /// The file or folder; several documents in a file (篇一, 篇二…) become several plans.
        file: PathBuf,
        /// The year of documents that give none (or only 20xx).
        #[arg(long)]
        year: Option<i32>,
        /// Print what was recognised and every line that could not be placed; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a plan out as Markdown, as text in the document's own style, or
    /// as a .docx in the official document layout (GB/T 9704).
    Export {
        plan: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// In a .docx, the month schedule as a table (with owners) or as 一月：… paragraphs.
        #[arg(long, value_enum, default_value_t = ScheduleArg::Table)]
        schedule: ScheduleArg,
        /// Write to this file instead of standard output. Never inside .git or
        /// over a plan file; asks before writing over another file.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write over an existing FILE without asking (for scripts).
        #[arg(long, requires = "output")]
        force: bool,
    },
    /// Draft the year-end summary of a plan: done tasks by month, what is
    /// left undone, the targets with room for the figures reached.
    Summary {
        /// The plan to sum up.
        plan: String,
        /// The summary's id; default: the plan's name with `-summary`.
        #[arg(long)]
        id: Option<String>,
        /// Default: the plan's title with 计划 turned into 总结.
        #[arg(long)]
        title: Option<String>,
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
    /// Find plans, sections, targets and tasks of every year: Chinese, pinyin
    /// (full or initials, `mzjd`), phrases of section bodies, and filters:
    /// a year `2022` or `2019..2022`, plan/summary, task/section/target,
    /// todo/done, draft/submitted/approved/returned (or 计划 总结 任务 章节
    /// 目标 未完成 已完成 草稿 已报送 已批准 已退回). Exit 0 also when nothing matches.
    Find {
        /// The words to find, all of which must match.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// At most this many results.
        #[arg(long, value_name = "N", default_value_t = 20)]
        limit: usize,
        /// Print a JSON array instead of one line a result.
        #[arg(long)]
        json: bool,
    },
    /// The git remotes to sync with: add, list, remove.
    Remote {
        #[command(subcommand)]
        command: RemoteCommand,
    },
    /// Fetch from a remote, merge (plan by plan, item by item; what collides
    /// is kept as [[conflicts]] in the plan), and push.
    Sync {
        /// The remote; default: `[sync] remote` in plandesk.toml, else origin.
        remote: Option<String>,
    },
    /// The conflicts a sync left in plans (what both sides and their common
    /// ancestor hold), to resolve one by one.
    Conflicts {
        /// Only this plan's; default: every plan's.
        plan: Option<String>,
        /// Print a JSON array (the whole texts) instead of short lines.
        #[arg(long)]
        json: bool,
    },
    /// Resolve one conflict as one commit: our side, their side, or a text of
    /// your own goes into the plan, and the conflict goes.
    #[command(group = clap::ArgGroup::new("choice").required(true).args(["ours", "theirs", "text"]))]
    Resolve {
        plan: String,
        /// The conflict's id, as `plandesk conflicts` lists it.
        conflict: String,
        /// Keep this side's value (the one the plan holds after the sync).
        #[arg(long)]
        ours: bool,
        /// Take the remote side's value.
        #[arg(long)]
        theirs: bool,
        /// Put this text in (for a date, month or status: as the conflict shows it).
        #[arg(long, value_name = "T")]
        text: Option<String>,
    },
    /// Bring a plan back to a past revision, as a new commit.
    Restore {
        plan: String,
        /// The revision: a commit id, a short id, HEAD~N, or `approved`.
        rev: String,
    },
}

#[derive(Debug, Subcommand)]
enum RemoteCommand {
    /// Add a remote: a path to a bare repository, file://…, ssh://… or https://….
    Add { name: String, url: String },
    /// List the remotes.
    List,
    /// Remove a remote.
    Remove { name: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// Markdown: numbered headings, a targets table, tasks as [x] / [ ].
    Md,
    /// Plain text in the document's own style, to paste into an official document.
    Text,
    /// Word, in the layout of GB/T 9704-2012, ready to print (needs -o FILE on a terminal).
    Docx,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ScheduleArg {
    /// 月份 | 工作任务 | 责任人.
    Table,
    /// 一月：…。 one paragraph a month (owners left out).
    Paragraphs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Plan,
    Summary,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ShowFormat {
    /// As a person reads it: numbered, with its tasks by month.
    Text,
    /// The plan file itself.
    Toml,
    /// The fields of the plan file, as JSON.
    Json,
    /// Markdown, as `export --format md` writes it.
    Md,
}

fn main() -> ExitCode {
    plandesk::store::start_libgit2();
    let cli = Cli::parse();
    cli::out::init(cli.raw_output);
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
                ShowFormat::Md => cli::show::Format::Markdown,
            };
            cli::show::run(&ws, &plan, format)
        }),
        Some(Command::Tick {
            plan,
            task,
            undo,
            drop,
            on,
        }) => cli::open(cli.repo).and_then(|ws| {
            let mark = match (undo, drop) {
                (true, _) => cli::tick::Mark::Undo,
                (_, true) => cli::tick::Mark::Drop,
                _ => cli::tick::Mark::Done,
            };
            cli::tick::run(&ws, &plan, &task, mark, on)
        }),
        Some(Command::Agenda { year, month, json }) => {
            cli::open(cli.repo).and_then(|ws| cli::agenda::run(&ws, year, month, json))
        }
        Some(Command::New {
            plan,
            title,
            from,
            kind,
        }) => cli::open(cli.repo).and_then(|ws| {
            let kind = match kind {
                KindArg::Plan => plandesk::model::Kind::Plan,
                KindArg::Summary => plandesk::model::Kind::Summary,
            };
            cli::new::run(&ws, &plan, &title, from.as_deref(), kind)
        }),
        Some(Command::Import {
            file,
            year,
            dry_run,
        }) => {
            if dry_run {
                cli::import::run(None, &file, year, true)
            } else {
                cli::open(cli.repo).and_then(|ws| cli::import::run(Some(&ws), &file, year, false))
            }
        }
        Some(Command::Export {
            plan,
            format,
            schedule,
            output,
            force,
        }) => cli::open(cli.repo).and_then(|ws| {
            let format = match format {
                ExportFormat::Md => cli::export::Format::Markdown,
                ExportFormat::Text => cli::export::Format::Text,
                ExportFormat::Docx => cli::export::Format::Docx(plandesk::export::DocxOptions {
                    schedule: match schedule {
                        ScheduleArg::Table => plandesk::export::ScheduleLayout::Table,
                        ScheduleArg::Paragraphs => plandesk::export::ScheduleLayout::Paragraphs,
                    },
                }),
            };
            cli::export::run(&ws, &plan, format, output.as_deref(), force)
        }),
        Some(Command::Summary { plan, id, title }) => cli::open(cli.repo)
            .and_then(|ws| cli::new::summary(&ws, &plan, id.as_deref(), title.as_deref())),
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
        Some(Command::Find { query, limit, json }) => {
            cli::open(cli.repo).and_then(|ws| cli::find::run(&ws, &query.join(" "), limit, json))
        }
        Some(Command::Conflicts { plan, json }) => {
            cli::open(cli.repo).and_then(|ws| cli::conflicts::list(&ws, plan.as_deref(), json))
        }
        Some(Command::Resolve {
            plan,
            conflict,
            ours,
            theirs: _,
            text,
        }) => cli::open(cli.repo).and_then(|ws| {
            use plandesk::model::resolve::Choice;
            let choice = match (ours, text) {
                (true, _) => Choice::Ours,
                (_, Some(t)) => Choice::Text(t),
                _ => Choice::Theirs,
            };
            cli::conflicts::resolve(&ws, &plan, &conflict, choice)
        }),
        Some(Command::Restore { plan, rev }) => {
            cli::open(cli.repo).and_then(|ws| cli::restore::run(&ws, &plan, &rev))
        }
        Some(Command::Remote { command }) => cli::open(cli.repo).and_then(|ws| match command {
            RemoteCommand::Add { name, url } => cli::sync::remote_add(&ws, &name, &url),
            RemoteCommand::List => cli::sync::remote_list(&ws),
            RemoteCommand::Remove { name } => cli::sync::remote_remove(&ws, &name),
        }),
        Some(Command::Sync { remote }) => {
            cli::open(cli.repo).and_then(|ws| cli::sync::run(&ws, remote.as_deref()))
        }
    };
    let result = result.and_then(|code| {
        cli::out::flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        Err(e) => match e.downcast_ref::<cli::out::WriteFailed>() {
            // `plandesk list | head -1`: the reader has what it wanted; like
            // git, stop without a word (128 + SIGPIPE, as a shell reports it).
            Some(w) if w.is_closed_pipe() => ExitCode::from(141),
            _ => {
                errln!("plandesk: {}", describe(&e));
                ExitCode::FAILURE
            }
        },
    }
}

/// An error and its causes, each said once: a cause whose words the error
/// already gives is left out.
fn describe(e: &anyhow::Error) -> String {
    let mut out = e.to_string();
    for cause in e.chain().skip(1) {
        let words = cause.to_string();
        if !out.contains(&words) {
            out.push_str(": ");
            out.push_str(&words);
        }
    }
    out
}
