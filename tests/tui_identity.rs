//! Without a git identity: the UI opens and browses; the first write asks
//! for a name and an email (checked), and where to keep them, then makes
//! the write that waited, whatever it was (a save, a tick, a new plan);
//! Esc at any step makes nothing and loses nothing.

mod common;
mod tui_common;

use std::path::Path;

use plandesk::model::{Status, Task};
use plandesk::store::Workspace;
use plandesk::tui::app::View;
use plandesk::tui::overlay::{Choice, Overlay};
use plandesk::tui::{App, Lang};
use tui_common::*;

/// The sample plan (with tasks) in a workspace whose repository knows no
/// name or email (the machine's config is kept out by the test sandbox).
fn app_without_identity(lang: Lang) -> (tempfile::TempDir, App) {
    let mut plan = sample_plan();
    plan.tasks = vec![Task {
        id: String::new(),
        month: 2,
        period: None,
        text: "开展一次献爱心活动".into(),
        status: Status::Todo,
        done_on: None,
        owner: None,
    }];
    let (dir, ws) = workspace_with(&[(ID, plan)]);
    drop(ws);
    git(dir.path(), &["config", "--unset", "user.name"]);
    git(dir.path(), &["config", "--unset", "user.email"]);
    let ws = Workspace::open(dir.path()).expect("open");
    assert!(ws.identity().is_err(), "the sandbox has no identity");
    // "All git use" would write the sandbox's global file, never the machine's.
    let global = plandesk::store::global_config_file().expect("a global file");
    assert!(
        global.starts_with(std::env::temp_dir()),
        "{}",
        global.display()
    );
    (dir, app_on(ws, lang))
}

fn commits(dir: &Path) -> usize {
    git(dir, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count")
}

fn author(dir: &Path) -> String {
    git(dir, &["log", "-1", "--format=%an <%ae>|%cn <%ce>|%s"])
        .trim()
        .to_string()
}

fn top_choices(app: &App) -> Vec<Choice> {
    match app.overlays.last() {
        Some(Overlay::Confirm(c)) => c.choices.clone(),
        _ => panic!("no question on top"),
    }
}

/// Give the name and the email at the prompts now open.
fn answer_identity(app: &mut App, name: &str, email: &str) {
    press(app, "ctrl-a");
    type_text(app, name);
    press(app, "enter");
    press(app, "ctrl-a");
    type_text(app, email);
    press(app, "enter");
}

#[test]
fn browsing_needs_no_identity_and_a_save_asks_once_then_commits_as_the_user() {
    let (dir, mut app) = app_without_identity(Lang::Zh);
    let screen = screen_text(&app, 100, 30);
    assert!(
        screen.contains("汪场镇政协联络处2024年工作计划"),
        "{screen}"
    );
    assert!(app.overlays.is_empty(), "nothing is asked on opening");
    press(&mut app, "enter j enter ctrl-end");
    type_text(&mut app, "加强学习");
    let before = commits(dir.path());

    press(&mut app, "ctrl-s");
    assert_eq!(commits(dir.path()), before, "no commit without a name");
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("你的姓名和邮箱"), "{screen}");
    assert!(screen.contains("姓名"), "{screen}");
    type_text(&mut app, "王小明");
    press(&mut app, "enter");
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("邮箱"), "{screen}");

    // An email of the wrong shape is refused with the reason, in place.
    type_text(&mut app, "wang at example");
    press(&mut app, "enter");
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("name@example.org"), "{screen}");
    press(&mut app, "ctrl-a");
    type_text(&mut app, "wang@example.org");
    press(&mut app, "enter");

    assert_eq!(
        top_choices(&app),
        vec![Choice::ThisWorkspace, Choice::AllGit, Choice::Cancel]
    );
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("王小明 <wang@example.org>"), "{screen}");
    assert!(screen.contains("只用于这个工作区"), "{screen}");
    press(&mut app, "enter");

    assert!(app.overlays.is_empty());
    assert!(!app.dirty(), "{:?}", app.status);
    assert_eq!(commits(dir.path()), before + 1);
    assert_eq!(
        author(dir.path()),
        "王小明 <wang@example.org>|王小明 <wang@example.org>|Edit 2024/work-plan: （一）开展专题学习"
    );
    assert_eq!(
        git(dir.path(), &["config", "--local", "--get", "user.email"]).trim(),
        "wang@example.org"
    );
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("每季度一次。加强学习"), "{file}");

    // Asked once: the next save just commits.
    press(&mut app, "enter");
    type_text(&mut app, "！");
    press(&mut app, "ctrl-s");
    assert!(app.overlays.is_empty());
    assert_eq!(commits(dir.path()), before + 2);
}

#[test]
fn esc_at_each_step_cancels_the_save_and_keeps_the_unsaved_edit() {
    let (dir, mut app) = app_without_identity(Lang::En);
    press(&mut app, "enter j enter ctrl-end");
    type_text(&mut app, "more");
    let before = commits(dir.path());
    // Esc at the name, at the email, and at where to keep it.
    for step in 0..3 {
        press(&mut app, "ctrl-s");
        let screen = screen_text(&app, 100, 30);
        assert!(screen.contains("Your name and email"), "{screen}");
        if step >= 1 {
            type_text(&mut app, "Li Ming");
            press(&mut app, "enter");
        }
        if step >= 2 {
            type_text(&mut app, "li@example.org");
            press(&mut app, "enter");
            assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
        }
        press(&mut app, "esc");
        assert!(app.overlays.is_empty(), "step {step}");
        assert!(app.dirty(), "step {step}: the edit is kept");
        assert_eq!(commits(dir.path()), before, "step {step}");
        let status = app.status.as_ref().expect("status").text.clone();
        assert!(status.contains("not recorded"), "{status}");
        assert!(
            app.plan()
                .is_some_and(|p| p.effective().sections[1].body.ends_with("more")),
            "step {step}"
        );
    }
    assert_eq!(app.ws.configured_identity(), (None, None), "nothing kept");
}

#[test]
fn a_tick_waits_for_the_identity_the_same_way() {
    let (dir, mut app) = app_without_identity(Lang::Zh);
    app.today = chrono::NaiveDate::from_ymd_opt(2024, 3, 15).expect("date");
    press(&mut app, "enter f9");
    assert!(matches!(app.view, View::Board(_)));
    let before = commits(dir.path());
    press(&mut app, "ctrl-t");
    assert_eq!(commits(dir.path()), before);
    answer_identity(&mut app, "王小明", "wang@example.org");
    press(&mut app, "enter");
    assert_eq!(commits(dir.path()), before + 1);
    assert_eq!(
        author(dir.path()),
        "王小明 <wang@example.org>|王小明 <wang@example.org>|Tick 2024/work-plan: 二月 开展一次献爱心活动"
    );
}

#[test]
fn a_new_plan_waits_for_the_identity_and_opens_once_made() {
    let (dir, mut app) = app_without_identity(Lang::Zh);
    let before = commits(dir.path());
    press(&mut app, "ctrl-n ctrl-a");
    type_text(&mut app, "2025");
    press(&mut app, "enter");
    type_text(&mut app, "实验小学2025年工作计划");
    press(&mut app, "enter ctrl-a");
    type_text(&mut app, "school-plan");
    press(&mut app, "enter");
    assert_eq!(commits(dir.path()), before, "asked first");
    answer_identity(&mut app, "王小明", "wang@example.org");
    press(&mut app, "enter");
    assert_eq!(commits(dir.path()), before + 1);
    assert_eq!(
        author(dir.path()),
        "王小明 <wang@example.org>|王小明 <wang@example.org>|New 2025/school-plan: 实验小学2025年工作计划"
    );
    assert_eq!(
        app.plan().map(|p| p.id.to_string()).as_deref(),
        Some("2025/school-plan")
    );
}

#[test]
fn a_restore_made_on_a_job_waits_for_the_identity_and_is_asked_for_again() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut plan = ws.load(&id()).expect("load");
    plan.sections[0].body = "改过的正文".into();
    ws.save(
        &id(),
        &mut plan,
        &plandesk::store::Change::new(plandesk::store::Action::Edit, "改正文"),
    )
    .expect("save");
    drop(ws);
    git(dir.path(), &["config", "--unset", "user.name"]);
    git(dir.path(), &["config", "--unset", "user.email"]);
    let ws = Workspace::open(dir.path()).expect("open");
    let mut app = app_on(ws, Lang::Zh);
    press_settled(&mut app, "enter alt-h");
    assert!(matches!(app.view, View::History(_)));
    let before = commits(dir.path());
    // The second row is the plan's first commit: restore it.
    press(&mut app, "down alt-r");
    press_settled(&mut app, "y");
    assert_eq!(commits(dir.path()), before, "no commit without a name");
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("你的姓名和邮箱"), "{screen}");
    answer_identity(&mut app, "王小明", "wang@example.org");
    press_settled(&mut app, "enter");
    assert_eq!(commits(dir.path()), before + 1);
    let last = git(
        dir.path(),
        &[
            "log",
            "-1",
            "--format=%an <%ae>|%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(last.trim(), "王小明 <wang@example.org>|restore");
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("加强理论学习和形势教育。"), "{file}");
}

#[test]
fn a_deletion_and_an_approval_wait_for_the_identity_the_same_way() {
    for (keys, subject) in [
        ("delete y", "Delete 2024/work-plan"),
        ("enter alt-a enter", "Approve 2024/work-plan"),
        ("enter alt-s enter", "Submit 2024/work-plan"),
    ] {
        let (dir, mut app) = app_without_identity(Lang::En);
        let before = commits(dir.path());
        press(&mut app, keys);
        assert_eq!(commits(dir.path()), before, "{keys}: asked first");
        answer_identity(&mut app, "Li Ming", "li@example.org");
        // This workspace (never the test machine's global file).
        press_settled(&mut app, "enter");
        assert_eq!(commits(dir.path()), before + 1, "{keys}: {:?}", app.status);
        let last = git(dir.path(), &["log", "-1", "--format=%an <%ae>|%s"]);
        assert!(
            last.trim()
                .starts_with(&format!("Li Ming <li@example.org>|{subject}")),
            "{keys}: {last}"
        );
    }
}
