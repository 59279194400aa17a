//! Background jobs seen from the UI: keys are handled and drawn while a job
//! runs (the real event-loop turn on a TestBackend), the newest request of a
//! kind wins and stale outcomes are dropped, and the plan list read after a
//! tick comes back through `update`.

mod common;
mod tui_common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use plandesk::jobs::{Job, Kind, Outcome};
use plandesk::keymap::Key;
use plandesk::model::{Plan, PlanId};
use plandesk::store::{Action as Commit, Summaries, Workspace};
use plandesk::tui::app::View;
use plandesk::tui::overlay::Overlay;
use plandesk::tui::{Action, App, Event, Lang, input, turn, update::update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use tui_common::*;

const SECOND: &str = "2024/second-plan";

fn two_plans() -> (tempfile::TempDir, App) {
    let second = Plan::new("第二个计划", 2024, plandesk::model::Kind::Plan);
    let (dir, ws) = workspace_with(&[(ID, sample_plan()), (SECOND, second)]);
    (dir, app_on(ws, Lang::Zh))
}

/// A key, as the terminal reader would hand it to the event loop.
fn send_key(app: &App, key: &str) {
    let key: Key = key.parse().expect("key");
    app.inbox
        .sender()
        .send(Event::Terminal(Ok(input::to_event(&key))))
        .expect("inbox");
}

/// The screen the turn drew, one line a row (a wide character once).
fn rows(t: &Terminal<TestBackend>) -> String {
    buffer_rows(t.backend().buffer()).join("\n")
}

/// The plan list of the workspace, read by a job of kind Plans whose work
/// waits for `gate` first (and says it started).
fn gated_listing(started: mpsc::Sender<()>, gate: mpsc::Receiver<()>) -> Job {
    Job::Injected {
        kind: Kind::Plans,
        work: Box::new(move |ws: &Workspace| {
            let _ = started.send(());
            let _ = gate.recv();
            Outcome::Plans {
                listing: ws.summaries(),
                settings: ws.settings(),
            }
        }),
    }
}

#[test]
fn keys_are_handled_and_drawn_while_a_job_runs() {
    let (_dir, mut app) = two_plans();
    let (started_tx, started) = mpsc::channel();
    let (release, gate) = mpsc::channel();
    app.jobs.request(gated_listing(started_tx, gate));
    started
        .recv_timeout(Duration::from_secs(10))
        .expect("the job started");
    let mut t = Terminal::new(TestBackend::new(100, 20)).expect("terminal");

    // The job holds on; a key goes through the event loop's turn and is drawn.
    send_key(&app, "down");
    let turned = turn(&mut app, &mut t, Duration::from_secs(5), &|| false).expect("turn");
    assert!(turned.keys && turned.drawn);
    assert_eq!(app.plans.cursor, 1);
    let screen = rows(&t);
    assert!(screen.contains("正在读取计划…"), "{screen}");
    // The list is sorted by id: the second row is the sample plan.
    let y = screen
        .lines()
        .position(|l| l.contains("汪场镇政协联络处2024年工作计划"))
        .expect("the plan is listed");
    let row_style = t.backend().buffer()[(1, u16::try_from(y).expect("row"))].style();
    assert!(
        row_style.add_modifier.contains(Modifier::REVERSED),
        "the second row is drawn selected:\n{screen}"
    );

    // Help opens and is drawn while the job still runs.
    send_key(&app, "?");
    turn(&mut app, &mut t, Duration::from_secs(5), &|| false).expect("turn");
    assert!(matches!(app.overlays.last(), Some(Overlay::Help(_))));
    let screen = rows(&t);
    assert!(screen.contains("帮助：当前键位"), "{screen}");
    assert!(!app.jobs.idle());

    // Released, the job's outcome comes through the same turn, and the
    // screen drawn with it no longer says a job runs.
    release.send(()).expect("release");
    let turned = turn(&mut app, &mut t, Duration::from_secs(20), &|| false).expect("turn");
    assert!(turned.drawn && !turned.keys);
    assert!(app.jobs.idle());
    let screen = rows(&t);
    assert!(!screen.contains("正在读取计划"), "{screen}");
    send_key(&app, "esc");
    turn(&mut app, &mut t, Duration::from_secs(5), &|| false).expect("turn");
    assert_eq!(app.plans.cursor, 1, "the selection stays on its plan");
    let screen = rows(&t);
    assert!(screen.contains("第二个计划"), "{screen}");
}

#[test]
fn of_requests_made_while_one_runs_only_the_newest_runs_and_a_stale_outcome_is_dropped() {
    let (dir, mut app) = two_plans();
    let ran: Arc<Mutex<Vec<&'static str>>> = Arc::default();

    // A runs and waits; it would empty the list.
    let (a_started, a_running) = mpsc::channel();
    let (release_a, a_gate) = mpsc::channel::<()>();
    let log = Arc::clone(&ran);
    let a = app.jobs.request(Job::Injected {
        kind: Kind::Plans,
        work: Box::new(move |_ws: &Workspace| {
            log.lock().expect("log").push("A");
            let _ = a_started.send(());
            let _ = a_gate.recv();
            Outcome::Plans {
                listing: Ok(Summaries::default()),
                settings: Ok(Default::default()),
            }
        }),
    });
    a_running
        .recv_timeout(Duration::from_secs(10))
        .expect("A started");

    // B and C are asked while A runs; D, the newest, replaces them.
    for name in ["B", "C"] {
        let log = Arc::clone(&ran);
        app.jobs.request(Job::Injected {
            kind: Kind::Plans,
            work: Box::new(move |ws: &Workspace| {
                log.lock().expect("log").push(name);
                Outcome::Plans {
                    listing: ws.summaries(),
                    settings: ws.settings(),
                }
            }),
        });
    }
    let (d_started, d_running) = mpsc::channel();
    let (release_d, d_gate) = mpsc::channel();
    let log = Arc::clone(&ran);
    let gated = gated_listing(d_started, d_gate);
    let Job::Injected { work, .. } = gated else {
        unreachable!()
    };
    let d = app.jobs.request(Job::Injected {
        kind: Kind::Plans,
        work: Box::new(move |ws: &Workspace| {
            log.lock().expect("log").push("D");
            work(ws)
        }),
    });
    assert!(!app.jobs.is_latest(a));
    assert!(app.jobs.is_latest(d));

    // A ends: its outcome comes through update and is dropped as stale.
    release_a.send(()).expect("release A");
    match app.inbox.wait(Duration::from_secs(10)) {
        Some(Event::Job(t)) => {
            assert_eq!(t, a);
            update(&mut app, Action::JobDone(t));
        }
        other => panic!("expected A's outcome, got {other:?}"),
    }
    let text = screen_text(&app, 100, 20);
    assert!(
        text.contains("第二个计划") && text.contains("汪场镇政协联络处2024年工作计划"),
        "A's empty list must not replace the list on screen:\n{text}"
    );

    // D runs next, never B or C; a plan made meanwhile shows when D's list comes.
    d_running
        .recv_timeout(Duration::from_secs(10))
        .expect("D started");
    let ws = Workspace::open(dir.path()).expect("open");
    let mut third = Plan::new("第三个计划", 2024, plandesk::model::Kind::Plan);
    ws.create(
        &PlanId::parse("2024/third-plan").expect("id"),
        &mut third,
        Commit::New,
        None,
    )
    .expect("create");
    release_d.send(()).expect("release D");
    settle(&mut app);
    assert_eq!(*ran.lock().expect("log"), ["A", "D"]);
    let text = screen_text(&app, 100, 20);
    assert!(text.contains("第三个计划"), "{text}");
}

#[test]
fn the_plan_list_read_after_a_tick_on_the_agenda_arrives_through_update() {
    let mut plan = sample_plan();
    plan.tasks = vec![task(2, "开展一次献爱心活动"), task(3, "组织委员视察")];
    let mut other = Plan::new("学校2024年工作要点", 2024, plandesk::model::Kind::Plan);
    other.tasks = vec![task(3, "开学典礼")];
    let (_dir, ws) = workspace_with(&[(ID, plan), ("2024/school", other)]);
    let mut app = app_on(ws, Lang::Zh);
    app.today = NaiveDate::from_ymd_opt(2024, 3, 15).expect("date");
    assert!(screen_text(&app, 80, 20).contains("2024 0/3"));

    // The agenda's tasks are read on a job too.
    press_settled(&mut app, "f9");
    assert!(matches!(app.view, View::Agenda(_)));
    // The cursor starts on the overdue task: tick it.
    press(&mut app, "ctrl-t");
    // The agenda shows the tick at once (no overdue task is left) ...
    let agenda = screen_text(&app, 90, 24);
    assert!(!agenda.contains("逾期（之前的月份）"), "{agenda}");
    // ... while the plan list in memory is still as read before the tick.
    let done = |app: &App| {
        app.plans
            .listing
            .plans
            .iter()
            .find(|e| e.id.to_string() == ID)
            .and_then(|e| e.summary.as_ref().ok())
            .map(|s| s.progress.0)
    };
    assert_eq!(done(&app), Some(0));

    // The new list is announced as a finished Plans job, and update takes it.
    let ticket = match app.inbox.wait(Duration::from_secs(10)) {
        Some(Event::Job(t)) => t,
        other => panic!("expected the plan list's job, got {other:?}"),
    };
    assert_eq!(ticket.kind, Kind::Plans);
    assert_eq!(done(&app), Some(0));
    update(&mut app, Action::JobDone(ticket));
    assert_eq!(done(&app), Some(1));
    settle(&mut app);
    // The agenda still shows no overdue task, and the list its year's progress.
    assert!(!screen_text(&app, 90, 24).contains("逾期（之前的月份）"));
    press(&mut app, "esc");
    let list = screen_text(&app, 80, 20);
    assert!(list.contains("2024 1/3"), "{list}");
}

#[test]
fn a_comparison_whose_view_was_left_while_it_ran_is_not_shown() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    ws.approve(&id(), None).expect("approve");
    let mut app = app_on(ws, Lang::En);
    // Asked and waited for: the diff opens over the plan.
    press(&mut app, "enter alt-v");
    assert!(
        matches!(app.view, View::Plan(_)),
        "nothing waits on the lookup"
    );
    settle(&mut app);
    assert!(matches!(app.view, View::Diff(_)));
    // Asked, then back to the list before it came: the list stays.
    press(&mut app, "esc alt-v");
    assert!(matches!(app.view, View::Plan(_)));
    press(&mut app, "esc");
    assert!(matches!(app.view, View::Plans));
    settle(&mut app);
    assert!(
        matches!(app.view, View::Plans),
        "the late diff is not shown"
    );
}

#[test]
fn opening_the_ui_builds_the_history_index_in_the_background() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let id = PlanId::parse(ID).expect("id");
    for n in 0..3 {
        let mut plan = ws.load(&id).expect("load");
        plan.title = format!("第{n}版");
        ws.save(
            &id,
            &mut plan,
            &plandesk::store::Change::new(Commit::Edit, "标题"),
        )
        .expect("save");
    }
    let index = dir.path().join(".git/plandesk/history/index");
    assert!(
        !index.exists(),
        "no index before the UI opens: nothing has read a history yet"
    );

    let app = app_on(ws, Lang::Zh);
    assert!(index.exists(), "the start-up job built the history index");
    // What it holds is the plan's history as git tells it.
    let ours: Vec<String> = app
        .ws
        .log(Some(&id), None)
        .expect("log")
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    let git = common::git(
        dir.path(),
        &["log", "--format=%H", "--", &format!("plans/{ID}.toml")],
    );
    assert_eq!(ours, git.lines().collect::<Vec<_>>());
}

#[test]
fn the_first_screen_shows_the_years_plans_before_the_whole_list_is_read() {
    let mut older = Plan::new("二〇二三年的计划", 2023, plandesk::model::Kind::Plan);
    older.tasks.push(task(3, "组织学习"));
    older.ensure_ids();
    let (_dir, ws) = workspace_with(&[
        (ID, sample_plan()),
        (
            SECOND,
            Plan::new("第二个计划", 2024, plandesk::model::Kind::Plan),
        ),
        ("2023/older-plan", older),
    ]);
    let (keymap, problems) = plandesk::keymap::Keymap::defaults();
    // The first year is asked for as the app is made, the whole list when
    // it comes; the whole list's outcome is held back below, as if it took long.
    let mut app = App::new(
        ws,
        keymap,
        problems,
        None,
        plandesk::tui::labels::Labels::new(Lang::Zh),
    );
    app.today = NaiveDate::from_ymd_opt(2024, 5, 1).expect("day");
    plandesk::tui::update::plans::first_screen(&mut app);
    let mut held = Vec::new();
    while !app.plans.first_year_only {
        match app.inbox.wait(Duration::from_secs(10)) {
            // The one asked as the app was made (another year: dropped) or
            // the one for the pinned day.
            Some(Event::Job(t)) if t.kind == Kind::FirstYear => {
                update(&mut app, Action::JobDone(t))
            }
            Some(other) => held.push(other),
            None => panic!("the first year never came"),
        }
    }
    // The whole list was asked for: its outcome comes, and is held back too
    // (it may still be running, or have ended since the first year came).
    while !held
        .iter()
        .any(|e| matches!(e, Event::Job(t) if t.kind == Kind::Plans))
    {
        match app.inbox.wait(Duration::from_secs(10)) {
            Some(other) => held.push(other),
            None => panic!("the whole list is asked for"),
        }
    }
    let first = screen_text(&app, 100, 16);
    assert!(
        first.contains("汪场镇政协联络处2024年工作计划") && first.contains("第二个计划"),
        "{first}"
    );
    assert!(!first.contains("二〇二三年的计划"), "{first}");
    // Every year has its tab; only the year read has its tasks counted.
    assert!(first.contains("2024 ") && first.contains("2023"), "{first}");
    assert!(!first.contains("2023 0/"), "{first}");
    assert!(app.plans.first_year_only);

    // The whole list replaces it, on the same year and plan.
    send_key(&app, "down");
    let mut t = Terminal::new(TestBackend::new(100, 16)).expect("terminal");
    turn(&mut app, &mut t, Duration::from_secs(5), &|| false).expect("turn");
    let selected = app.plans.selected().map(|e| e.id.clone());
    for ev in held {
        if let Event::Job(t) = ev {
            update(&mut app, Action::JobDone(t));
        }
    }
    settle(&mut app);
    assert!(!app.plans.first_year_only);
    assert_eq!(app.plans.selected().map(|e| e.id.clone()), selected);
    let full = screen_text(&app, 100, 16);
    assert!(full.contains("2023 0/1"), "{full}");
    // A first year that comes after the whole list changes nothing.
    plandesk::tui::update::plans::first_screen(&mut app);
    settle(&mut app);
    assert!(!app.plans.first_year_only);
    assert_eq!(app.plans.listing.plans.len(), 3);
}
