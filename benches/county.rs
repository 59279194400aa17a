//! The everyday paths on a county's 40 years of plans: 3,000 plans, about 40
//! sections and 24 tasks each, with 20,000 and with 100,000 commits (see
//! support/mod.rs; `PLANDESK_BENCH_SIZES=20000` measures one size only).
//!
//! Each measurement opens the workspace as a command would, so a cache kept
//! in memory by one `Workspace` does not flatter it; "cold" runs start with no
//! `.git/plandesk/` (deleted before each iteration, outside the timing),
//! "warm" ones with whatever the previous run left there. Writes go to a copy.

#[path = "support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use plandesk::model::schedule::{TaskMatch, agenda, find_task};
use plandesk::model::{Plan, PlanId, PlanSummary, Status};
use plandesk::store::{Action, Change, Workspace};
use plandesk::tui::events::Event;
use plandesk::tui::update::update;
use plandesk::tui::{Lang, Options, build_app, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

use support::Generated;

fn open(root: &Path) -> Workspace {
    Workspace::open(root).expect("open the generated workspace")
}

/// Delete plandesk's caches and indexes, as a first run after a clone has none.
fn forget_caches(root: &Path) {
    let dir = root.join(".git").join("plandesk");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove .git/plandesk");
    }
}

/// What `plandesk list` reads: every plan's summary, from the cache where
/// the file did not change.
fn list_all(root: &Path) -> usize {
    let ws = open(root);
    let listing = ws.summaries().expect("list");
    assert_eq!(listing.plans.len(), support::PLANS);
    assert!(listing.plans.iter().all(|e| e.summary.is_ok()));
    black_box(listing).plans.len()
}

/// Build the UI on the workspace and draw its first frame; true when the
/// first plan's title is on it.
fn first_frame(root: &Path, title: &str) -> bool {
    let opts = Options {
        lang: Some(Lang::Zh),
        keymap: None,
    };
    let mut app = build_app(open(root), &opts);
    let mut t = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    // The plan list is read on a background job, as in the real event loop:
    // draw, and on each finished job update and draw again, until the title shows.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        t.draw(|f| views::draw(&app, f)).expect("draw");
        if screen_text(t.backend()).contains(title) {
            return true;
        }
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match app.inbox.wait(left) {
            Some(Event::Job(ticket)) => update(&mut app, plandesk::tui::Action::JobDone(ticket)),
            Some(_) => {}
            None => return false,
        }
    }
}

/// The screen as text, a wide character once.
fn screen_text(backend: &TestBackend) -> String {
    let buf = backend.buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// What `plandesk tick PLAN TASK` (or `--undo`) does: find the plan and the
/// task, mark it, commit.
fn tick(ws: &Workspace, plan: &str, task: &str, done: bool, on: NaiveDate) {
    let id = ws.resolve(plan).expect("resolve");
    let mut p: Plan = ws.load(&id).expect("load");
    let TaskMatch::One(i) = find_task(&p, task) else {
        panic!("task {task} of {plan} not found");
    };
    let action = if done {
        p.tick(i, on);
        Action::Tick
    } else {
        p.untick(i);
        Action::Untick
    };
    let change = Change::new(action, p.tasks[i].text.clone());
    let out = ws.save(&id, &mut p, &change).expect("save");
    assert!(out.commit.is_some(), "the tick made no commit");
}

fn bench_size(c: &mut Criterion, g: &Generated) {
    let n = g.commits;
    let root = g.root.as_path();
    let mut group = c.benchmark_group(format!("{n} commits"));
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));

    group.bench_function("list (cold: no .git/plandesk)", |b| {
        b.iter_batched(
            || forget_caches(root),
            |()| list_all(root),
            BatchSize::PerIteration,
        )
    });
    list_all(root);
    group.bench_function("list (warm)", |b| b.iter(|| list_all(root)));

    assert!(
        first_frame(root, &g.first_title),
        "the first frame does not show {}",
        g.first_title
    );
    group.bench_function("first frame (cold)", |b| {
        b.iter_batched(
            || forget_caches(root),
            |()| assert!(first_frame(root, &g.first_title)),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("first frame (warm)", |b| {
        b.iter(|| assert!(first_frame(root, &g.first_title)))
    });

    let busy = g.busy.to_string();
    let all = open(root).log(Some(&g.busy), None).expect("log").len();
    assert!(all > 50, "{busy} has only {all} commits");
    group.bench_function(format!("log {busy}: first 50 of {all}"), |b| {
        b.iter(|| {
            let ws = open(root);
            let id = ws.resolve(&busy).expect("resolve");
            let page = ws.log(Some(&id), Some(50)).expect("log");
            assert_eq!(page.len(), 50);
            black_box(page)
        })
    });
    group.bench_function(format!("log {busy}: all {all}"), |b| {
        b.iter(|| {
            let ws = open(root);
            let id = ws.resolve(&busy).expect("resolve");
            black_box(ws.log(Some(&id), None).expect("log"))
        })
    });

    let today = NaiveDate::from_ymd_opt(g.agenda_year, u32::from(g.agenda_month), 20).expect("day");
    group.bench_function(
        format!("agenda of {}-{:02}", g.agenda_year, g.agenda_month),
        |b| {
            // As `plandesk agenda` does: the year's summaries with their tasks.
            b.iter(|| {
                let listing = open(root)
                    .summaries_with_tasks(Some(g.agenda_year))
                    .expect("list");
                let plans: Vec<(PlanId, PlanSummary)> = listing
                    .plans
                    .into_iter()
                    .filter_map(|e| Some((e.id, e.summary.ok()?)))
                    .collect();
                let a = agenda(
                    plans.iter().map(|(i, p)| (i, p)),
                    g.agenda_year,
                    g.agenda_month,
                    today,
                );
                assert!(!a.tasks.is_empty());
                black_box(a)
            })
        },
    );

    // Writes, on a copy of the workspace.
    let (_tmp, copy) = support::copy_of(g);
    let ws = open(&copy.root);
    let id = copy.tick_plan.clone();
    let mut plan = ws.load(&id).expect("load");
    let mut k = 0u32;
    group.bench_function("save one edit (a commit)", |b| {
        b.iter(|| {
            k += 1;
            plan.sections[3].body = format!("第{k}次修改：加强理论学习和形势教育。");
            let out = ws
                .save(&id, &mut plan, &Change::new(Action::Edit, "基准"))
                .expect("save");
            assert!(out.commit.is_some());
        })
    });
    let plan_name = id.to_string();
    let task = copy.tick_task.clone();
    assert_eq!(
        ws.load(&id)
            .expect("load")
            .tasks
            .iter()
            .find(|t| t.id == task)
            .map(|t| t.status),
        Some(Status::Todo)
    );
    group.bench_function("tick + untick (two commits)", |b| {
        b.iter(|| {
            let ws = open(&copy.root);
            tick(&ws, &plan_name, &task, true, today);
            tick(&ws, &plan_name, &task, false, today);
        })
    });

    if verify_wanted(n) {
        group.bench_function("verify", |b| {
            b.iter(|| {
                let v = open(root).verify().expect("verify");
                assert!(v.is_clean(), "verify found problems in generated history");
                black_box(v)
            })
        });
    }
    group.finish();
}

/// verify walks every commit: one run took 45 s on 20,000 commits (release,
/// 2 loaded cores), so its 10 samples are most of this bench's time, and on
/// 100,000 commits it is measured only with `PLANDESK_BENCH_VERIFY=all`.
fn verify_wanted(commits: usize) -> bool {
    commits <= 20_000 || std::env::var("PLANDESK_BENCH_VERIFY").is_ok_and(|v| v == "all")
}

fn county(c: &mut Criterion) {
    for commits in support::sizes() {
        let g = support::workspace(commits);
        bench_size(c, &g);
    }
}

criterion_group!(benches, county);
criterion_main!(benches);
