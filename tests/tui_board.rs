//! The month board and the agenda: key scripts through the real keymap and
//! update, screens drawn on a TestBackend, commits read back with git, and
//! the real binary in tmux.

mod common;
mod tui_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use plandesk::model::{Approval, ApprovalState, Plan, PlanId, Status, Task};
use plandesk::tui::App;
use plandesk::tui::app::View;
use plandesk::tui::overlay::Overlay;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use tui_common::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn task(month: u8, text: &str, status: Status) -> Task {
    Task {
        id: String::new(),
        month,
        period: None,
        text: text.into(),
        status,
        done_on: (status == Status::Done).then(|| day(2024, u32::from(month), 10)),
        owner: None,
    }
}

/// The sample plan with a schedule: February has one task overdue and one
/// done (by 王某), March (the current month) one to do, May one, June one
/// dropped; approved.
fn scheduled_plan() -> Plan {
    let mut p = sample_plan();
    let mut done = task(2, "召开委员座谈会", Status::Done);
    done.owner = Some("王某".into());
    p.tasks = vec![
        task(2, "开展一次献爱心活动", Status::Todo),
        done,
        task(3, "组织委员视察🦀", Status::Todo),
        task(5, "每月一次读书会", Status::Todo),
        task(6, "取消的活动", Status::Dropped),
    ];
    p.approval = Some(Approval {
        state: ApprovalState::Approved,
        by: Some("王主席 <wang@example.org>".into()),
        at: None,
        note: None,
    });
    p
}

/// The app on the scheduled plan with today pinned to 2024-03-15.
fn board_app() -> (tempfile::TempDir, App) {
    let (dir, ws) = workspace_with(&[(ID, scheduled_plan())]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    app.today = day(2024, 3, 15);
    (dir, app)
}

fn board(app: &App) -> &plandesk::tui::board::BoardState {
    match &app.view {
        View::Board(b) => b,
        _ => panic!("the board is not open"),
    }
}

/// Put the board's cursor on the task whose text is `text`.
fn select(app: &mut App, text: &str) {
    let View::Board(b) = &mut app.view else {
        panic!("the board is not open");
    };
    let i = b
        .plan
        .working
        .tasks
        .iter()
        .position(|t| t.text == text)
        .expect("task");
    b.select(i);
}

fn last_commit(dir: &Path) -> String {
    git(
        dir,
        &[
            "log",
            "-1",
            "--format=%s|%(trailers:key=Action,valueonly,separator=)",
        ],
    )
    .trim()
    .to_string()
}

fn commits(dir: &Path) -> usize {
    git(dir, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count")
}

fn saved(app: &App, id: &str) -> Plan {
    app.ws.load(&PlanId::parse(id).expect("id")).expect("load")
}

#[test]
fn the_board_opens_from_the_plan_view_with_a_letter_and_with_f9() {
    let (_dir, mut app) = board_app();
    press(&mut app, "enter B");
    assert!(matches!(app.view, View::Board(_)));
    press(&mut app, "esc");
    assert!(matches!(app.view, View::Plan(_)));
    press(&mut app, "f9");
    assert!(matches!(app.view, View::Board(_)));
    press(&mut app, "esc ctrl-b");
    assert!(matches!(app.view, View::Board(_)));
    // It starts on the current month's task.
    let b = board(&app);
    let i = b.selected().expect("a task");
    assert_eq!(b.plan.working.tasks[i].month, 3);
}

#[test]
fn the_board_shows_months_progress_overdue_marks_and_the_current_month() {
    let (_dir, mut app) = board_app();
    press(&mut app, "enter f9");
    let rows = screen(&app, 80, 30);
    let text = rows.join("\n");
    // The year: 1 of 4 live tasks done (the dropped one left out), one overdue.
    assert!(text.contains("全年"), "{text}");
    assert!(text.contains("1/4"), "{text}");
    assert!(text.contains("逾期 1"), "{text}");
    // Months without tasks take one line each: 一月 then 二月 directly.
    let jan = rows.iter().position(|r| r.contains("一月")).expect("一月");
    assert!(rows[jan + 1].contains("二月"), "{text}");
    assert!(rows[jan].contains("0/0"), "{}", rows[jan]);
    // February: 1/2 with a half bar, the overdue task marked, the done one with owner and date.
    let feb = &rows[jan + 1];
    assert!(feb.contains("1/2") && feb.contains("██████"), "{feb}");
    let overdue = rows
        .iter()
        .find(|r| r.contains("开展一次献爱心活动"))
        .expect("task");
    assert!(
        overdue.contains("[!]") && overdue.contains("逾期"),
        "{overdue}"
    );
    let done = rows
        .iter()
        .find(|r| r.contains("召开委员座谈会"))
        .expect("task");
    assert!(
        done.contains("[x]") && done.contains("@王某") && done.contains("2024-02-10"),
        "{done}"
    );
    assert!(text.contains("[-] 取消的活动"), "{text}");
    // Wide characters keep the right border in place.
    let crab = rows.iter().find(|r| r.contains("🦀")).expect("crab");
    assert!(crab.ends_with('│'), "{crab}");
    for r in &rows {
        assert_eq!(unicode_width::UnicodeWidthStr::width(r.as_str()), 80, "{r}");
    }
    // The current month is marked and highlighted.
    let (y, mar) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.contains("三月"))
        .expect("三月");
    assert!(mar.contains("▶") && mar.contains("本月"), "{mar}");
    let mut t = Terminal::new(TestBackend::new(80, 30)).expect("terminal");
    t.draw(|f| plandesk::tui::views::draw(&app, f))
        .expect("draw");
    let buf = t.backend().buffer();
    let x = (0..80u16)
        .find(|x| buf[(*x, y as u16)].symbol() == "三")
        .expect("三 on screen");
    let cell = &buf[(x, y as u16)];
    assert_eq!(cell.fg, Color::Yellow);
    assert!(cell.modifier.contains(Modifier::REVERSED));
    // December is there too.
    assert!(text.contains("十二月"), "{text}");
}

#[test]
fn english_labels_on_the_board() {
    let (dir, ws) = workspace_with(&[(ID, scheduled_plan())]);
    let mut app = app_on(ws, plandesk::tui::Lang::En);
    app.today = day(2024, 3, 15);
    press(&mut app, "enter f9");
    let text = screen_text(&app, 80, 30);
    assert!(
        text.contains("Month board") && text.contains("1 overdue"),
        "{text}"
    );
    drop(dir);
}

#[test]
fn a_tick_from_the_board_is_one_commit_and_keeps_the_approval() {
    let (dir, mut app) = board_app();
    let before = commits(dir.path());
    press(&mut app, "enter f9");
    select(&mut app, "开展一次献爱心活动");
    press(&mut app, "ctrl-t");
    assert_eq!(commits(dir.path()), before + 1);
    assert_eq!(
        last_commit(dir.path()),
        "Tick 2024/work-plan: 二月 开展一次献爱心活动|tick"
    );
    let p = saved(&app, ID);
    assert_eq!(p.state(), ApprovalState::Approved);
    let t = &p.tasks[0];
    assert_eq!(
        (t.status, t.done_on),
        (Status::Done, Some(day(2024, 3, 15)))
    );
    assert!(!app.dirty());
    assert!(
        git(dir.path(), &["status", "--porcelain"])
            .trim()
            .is_empty()
    );
    let status = app.status.as_ref().expect("status").text.clone();
    assert!(status.contains("已完成并提交"), "{status}");

    // Untick and drop: one commit each.
    press(&mut app, "alt-u");
    assert_eq!(
        last_commit(dir.path()),
        "Untick 2024/work-plan: 二月 开展一次献爱心活动|untick"
    );
    press(&mut app, "alt-d");
    assert_eq!(
        last_commit(dir.path()),
        "Drop 2024/work-plan: 二月 开展一次献爱心活动|drop"
    );
    assert_eq!(saved(&app, ID).tasks[0].status, Status::Dropped);
    assert_eq!(saved(&app, ID).state(), ApprovalState::Approved);
    assert_eq!(commits(dir.path()), before + 3);
}

#[test]
fn a_stale_git_lock_cleared_by_a_tick_is_said_on_the_status_line() {
    // Said on stderr it would land over the screen; the UI says it itself.
    let (dir, mut app) = board_app();
    let lock = dir.path().join(".git/index.lock");
    std::fs::write(&lock, "").expect("lock");
    let aged = std::process::Command::new("touch")
        .args(["-d", "11 minutes ago"])
        .arg(&lock)
        .status()
        .expect("touch");
    assert!(aged.success());
    let before = commits(dir.path());
    press(&mut app, "enter f9");
    select(&mut app, "开展一次献爱心活动");
    press(&mut app, "ctrl-t");
    assert_eq!(commits(dir.path()), before + 1, "the tick went through");
    assert!(!lock.exists(), "the stale lock is gone");
    let status = app.status.as_ref().expect("status").text.clone();
    assert!(
        status.contains("removed the stale lock file") && status.contains("index.lock"),
        "{status}"
    );
    assert!(
        app.ws.take_notices().is_empty(),
        "said once, and kept no longer"
    );
}

#[test]
fn a_tick_on_another_date_is_asked_and_checked() {
    let (dir, mut app) = board_app();
    press(&mut app, "enter f9");
    select(&mut app, "开展一次献爱心活动");
    press(&mut app, "alt-t");
    assert!(matches!(app.overlays.last(), Some(Overlay::Prompt(_))));
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "2024-02-30");
    press(&mut app, "enter");
    match app.overlays.last() {
        Some(Overlay::Prompt(p)) => assert!(p.error.is_some()),
        _ => panic!("a bad date keeps the prompt open"),
    }
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "2024-02-20");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty());
    assert_eq!(saved(&app, ID).tasks[0].done_on, Some(day(2024, 2, 20)));
    assert_eq!(
        last_commit(dir.path()),
        "Tick 2024/work-plan: 二月 开展一次献爱心活动|tick"
    );
}

#[test]
fn a_tick_with_unsaved_edits_commits_only_the_tick_and_the_edits_stay_unsaved() {
    let (dir, mut app) = board_app();
    // An unsaved edit of the first section's body.
    press(&mut app, "enter enter ctrl-end");
    type_text(&mut app, "未保存的修改");
    press(&mut app, "esc");
    assert!(app.dirty());
    press(&mut app, "f9");
    select(&mut app, "开展一次献爱心活动");
    press(&mut app, "ctrl-t");
    assert_eq!(
        last_commit(dir.path()),
        "Tick 2024/work-plan: 二月 开展一次献爱心活动|tick"
    );
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(!file.contains("未保存的修改"), "{file}");
    assert!(file.contains("status = \"done\""), "{file}");
    // Still unsaved, with the tick in both copies, and the approval kept.
    assert!(app.dirty());
    let p = app.plan().expect("plan");
    assert_eq!(p.working.tasks[0].status, Status::Done);
    assert_eq!(p.base.tasks[0].status, Status::Done);
    assert!(p.working.sections[0].body.contains("未保存的修改"));
    assert_eq!(saved(&app, ID).state(), ApprovalState::Approved);
    // Undoing the edit does not undo the tick.
    press(&mut app, "u");
    assert!(!app.dirty(), "the tick is saved; only the edit was undone");
    assert_eq!(
        app.plan().expect("plan").working.tasks[0].status,
        Status::Done
    );
}

#[test]
fn a_task_not_yet_saved_cannot_be_ticked() {
    let (dir, mut app) = board_app();
    let before = commits(dir.path());
    press(&mut app, "enter f9 insert");
    type_text(&mut app, "新加的任务");
    press(&mut app, "enter");
    assert!(app.dirty());
    assert_eq!(
        board(&app)
            .selected()
            .map(|i| board(&app).plan.working.tasks[i].text.clone()),
        Some("新加的任务".to_string())
    );
    press(&mut app, "ctrl-t");
    assert_eq!(commits(dir.path()), before);
    let status = app.status.as_ref().expect("status").text.clone();
    assert!(status.contains("还没有保存"), "{status}");
}

#[test]
fn task_edits_are_unsaved_content_changes_with_undo_and_the_approval_warning() {
    let (dir, mut app) = board_app();
    let before = commits(dir.path());
    press(&mut app, "enter f9");
    select(&mut app, "每月一次读书会");
    // Move to July, set the owner, edit the text.
    press(&mut app, "alt-m ctrl-a backspace");
    type_text(&mut app, "7");
    press(&mut app, "enter alt-o");
    type_text(&mut app, "李某");
    press(&mut app, "enter f2 ctrl-a backspace");
    type_text(&mut app, "每月一次读书分享会");
    press(&mut app, "enter");
    assert_eq!(commits(dir.path()), before);
    let t = app
        .plan()
        .expect("plan")
        .working
        .tasks
        .iter()
        .find(|t| t.text == "每月一次读书分享会")
        .cloned()
        .expect("edited");
    assert_eq!((t.month, t.owner.as_deref()), (7, Some("李某")));
    // A bad month is refused.
    press(&mut app, "alt-m ctrl-a backspace");
    type_text(&mut app, "13");
    press(&mut app, "enter");
    assert!(matches!(app.overlays.last(), Some(Overlay::Prompt(p)) if p.error.is_some()));
    press(&mut app, "esc");
    // Delete asks first; undo brings it back.
    press(&mut app, "delete y");
    assert!(
        !app.plan()
            .expect("plan")
            .working
            .tasks
            .iter()
            .any(|t| t.text == "每月一次读书分享会")
    );
    press(&mut app, "ctrl-z");
    assert!(
        app.plan()
            .expect("plan")
            .working
            .tasks
            .iter()
            .any(|t| t.text == "每月一次读书分享会")
    );
    // Saving an approved plan's content asks first, then goes back to draft.
    press(&mut app, "ctrl-s");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut app, "enter");
    assert_eq!(commits(dir.path()), before + 1);
    assert!(last_commit(dir.path()).ends_with("|edit"));
    let p = saved(&app, ID);
    assert_eq!(p.state(), ApprovalState::Draft);
    assert!(
        p.tasks
            .iter()
            .any(|t| t.text == "每月一次读书分享会" && t.month == 7)
    );
}

#[test]
fn the_agenda_lists_overdue_then_this_month_across_plans_and_ticks_commit() {
    let mut other = Plan::new("学校2024年工作要点", 2024, plandesk::model::Kind::Plan);
    other.tasks = vec![
        task(3, "开学典礼", Status::Todo),
        task(4, "春季运动会", Status::Todo),
    ];
    let mut old = Plan::new("2023年计划", 2023, plandesk::model::Kind::Plan);
    old.tasks = vec![task(3, "去年的任务", Status::Todo)];
    let (dir, ws) = workspace_with(&[
        (ID, scheduled_plan()),
        ("2024/school", other),
        ("2023/old", old),
    ]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    app.today = day(2024, 3, 15);
    press_settled(&mut app, "f9");
    assert!(matches!(app.view, View::Agenda(_)));
    let rows = screen(&app, 90, 24);
    let text = rows.join("\n");
    assert!(text.contains("2024年三月"), "{text}");
    let overdue = rows
        .iter()
        .position(|r| r.contains("逾期（之前的月份）"))
        .expect("overdue heading");
    let this = rows
        .iter()
        .position(|r| r.contains("本月"))
        .expect("this month");
    let gift = rows
        .iter()
        .position(|r| r.contains("开展一次献爱心活动"))
        .expect("overdue task");
    assert!(overdue < gift && gift < this, "{text}");
    assert!(
        rows[gift].contains("[!]") && rows[gift].contains("二月"),
        "{text}"
    );
    assert!(
        text.contains("组织委员视察🦀") && text.contains("开学典礼"),
        "{text}"
    );
    assert!(
        !text.contains("去年的任务") && !text.contains("春季运动会"),
        "{text}"
    );

    // The cursor starts on the overdue task; tick it: a commit to that plan.
    press(&mut app, "ctrl-t");
    assert_eq!(
        last_commit(dir.path()),
        "Tick 2024/work-plan: 二月 开展一次献爱心活动|tick"
    );
    assert_eq!(saved(&app, ID).tasks[0].status, Status::Done);
    assert!(!screen_text(&app, 90, 24).contains("逾期（之前的月份）"));
    // Next month shows April.
    press(&mut app, "right");
    let text = screen_text(&app, 90, 24);
    assert!(
        text.contains("2024年四月") && text.contains("春季运动会"),
        "{text}"
    );
    // Enter opens the plan's board on that task.
    press(&mut app, "enter");
    let b = board(&app);
    assert_eq!(b.plan.id.to_string(), "2024/school");
    let i = b.selected().expect("task");
    assert_eq!(b.plan.working.tasks[i].text, "春季运动会");
}

#[test]
fn the_plan_list_shows_each_years_progress() {
    let (_dir, app) = board_app();
    let text = screen_text(&app, 80, 20);
    assert!(text.contains("2024 1/4"), "{text}");
}

#[test]
fn carry_over_and_summary_draft_from_the_plan_list() {
    let (dir, mut app) = board_app();
    press(&mut app, "alt-c");
    match app.overlays.last() {
        Some(Overlay::Prompt(p)) => assert_eq!(p.editor.text(), "2025/work-plan"),
        _ => panic!("the id is asked"),
    }
    press(&mut app, "enter");
    match app.overlays.last() {
        Some(Overlay::Prompt(p)) => {
            assert_eq!(p.editor.text(), "汪场镇政协联络处2025年工作计划")
        }
        _ => panic!("the title is asked"),
    }
    press(&mut app, "enter");
    assert!(app.overlays.is_empty());
    assert_eq!(
        last_commit(dir.path()),
        "New 2025/work-plan: 汪场镇政协联络处2025年工作计划 (from 2024/work-plan)|new"
    );
    let p = saved(&app, "2025/work-plan");
    assert!(p.tasks.iter().all(|t| t.status == Status::Todo));
    assert_eq!(p.state(), ApprovalState::Draft);
    // Back on 2024, the summary draft.
    plandesk::tui::update::plans::select(&mut app, &PlanId::parse(ID).expect("id"));
    press(&mut app, "alt-y");
    assert_eq!(
        last_commit(dir.path()),
        "New 2024/work-summary: 汪场镇政协联络处2024年工作总结 (summary of 2024/work-plan)|new"
    );
    assert_eq!(
        saved(&app, "2024/work-summary").kind,
        plandesk::model::Kind::Summary
    );
    // Again: it exists, so it is refused with a message.
    plandesk::tui::update::plans::select(&mut app, &PlanId::parse(ID).expect("id"));
    let before = commits(dir.path());
    press(&mut app, "alt-y");
    assert_eq!(commits(dir.path()), before);
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
}

// The real binary in tmux.

const WAIT: Duration = Duration::from_secs(15);

struct Tmux {
    socket: String,
    home: PathBuf,
}

impl Tmux {
    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.env_remove("TMUX")
            .env("HOME", &self.home)
            .env("LANG", "C.UTF-8")
            .args(["-u", "-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.run(&["capture-pane", "-p", "-t", "b"]);
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for {text}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "b"];
        args.extend_from_slice(keys);
        self.run(&args);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

#[test]
fn the_real_binary_opens_the_board_ticks_a_task_and_git_has_the_commit() {
    let sb = common::Sandbox::new();
    let ws = sb.path("ws");
    let r = sb.run(&["init", ws.to_str().expect("utf-8 path")]);
    assert!(r.ok, "{}", r.stderr);
    let file = ws.join("plans/2024/work-plan.toml");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, plandesk::model::write_plan(&scheduled_plan())).expect("write");
    sb.git(&ws, &["add", "."]);
    sb.git(&ws, &["commit", "-qm", "Add the 2024 plan"]);

    let tmux = Tmux {
        socket: format!("plandesk-board-{}", std::process::id()),
        home: sb.home.path().to_path_buf(),
    };
    let home = sb.home.path().display();
    let line = format!(
        "env -u VISUAL -u EDITOR -u PLANDESK_REPO -u GIT_DIR -u LC_ALL -u LC_MESSAGES \
         HOME={home} XDG_CONFIG_HOME={home}/.config XDG_DATA_HOME={home}/.local/share \
         GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL={home}/.gitconfig LANG=C.UTF-8 \
         PLANDESK_TODAY=2024-03-15 {} --repo {} --lang zh; echo EXIT=$?; sleep 600",
        env!("CARGO_BIN_EXE_plandesk"),
        ws.display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "100",
        "-y",
        "34",
        &line,
    ]);
    tmux.wait_for("汪场镇政协联络处2024年工作计划");
    tmux.keys(&["Enter"]);
    tmux.wait_for("大纲");
    tmux.keys(&["F9"]);
    tmux.wait_for("月度任务");
    tmux.wait_for("逾期 1");
    // The cursor starts on March's task; tick it.
    tmux.keys(&["C-t"]);
    tmux.wait_for("已完成并提交");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
    let log = sb.git(
        &ws,
        &[
            "log",
            "-1",
            "--format=%s|%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(log.trim(), "Tick 2024/work-plan: 三月 组织委员视察🦀|tick");
    let file = sb.git(&ws, &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("done_on = 2024-03-15"), "{file}");
    assert!(file.contains("state = \"approved\""), "{file}");
    assert!(sb.git(&ws, &["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn reload_on_the_board_reads_the_file_again_unless_something_is_unsaved() {
    let (dir, mut app) = board_app();
    press(&mut app, "enter f9");
    select(&mut app, "每月一次读书会");
    // Edited outside plandesk (by the CLI, say): the board reads it again.
    let mut p = saved(&app, ID);
    p.tasks[3].owner = Some("外部".into());
    app.ws
        .save(
            &PlanId::parse(ID).expect("id"),
            &mut p,
            &plandesk::store::Change::new(plandesk::store::Action::Edit, "外部"),
        )
        .expect("save");
    press(&mut app, "f5");
    let b = board(&app);
    let i = b.selected().expect("task");
    assert_eq!(b.plan.working.tasks[i].owner.as_deref(), Some("外部"));
    assert!(screen_text(&app, 80, 30).contains("十一月 0/0"));
    let status = app.status.clone().expect("status");
    assert_eq!(status.kind, plandesk::tui::app::StatusKind::Info);
    assert_eq!(status.text, "已重新读取");
    // With an unsaved edit it refuses, and says why (not an error).
    press(&mut app, "insert");
    type_text(&mut app, "新任务");
    press(&mut app, "enter f5");
    assert!(app.dirty());
    assert!(matches!(app.view, View::Board(_)));
    let status = app.status.clone().expect("status");
    assert_eq!(status.kind, plandesk::tui::app::StatusKind::Warning);
    assert!(status.text.contains("未保存的修改"), "{}", status.text);
    drop(dir);
}

#[test]
fn a_tick_is_refused_when_the_file_was_changed_outside() {
    let (dir, mut app) = board_app();
    press(&mut app, "enter f9");
    let before = commits(dir.path());
    let file = dir.path().join("plans/2024/work-plan.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("召开委员座谈会", "手改的座谈会")).expect("write");
    press(&mut app, "ctrl-t");
    assert_eq!(commits(dir.path()), before);
    let status = app.status.as_ref().expect("status").text.clone();
    assert!(status.contains("之外改过"), "{status}");
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("手改的座谈会")
    );
}

#[test]
fn help_on_the_board_lists_its_keys_from_the_keymap() {
    let (_dir, mut app) = board_app();
    press(&mut app, "enter f9 f1");
    let text: String = plandesk::tui::views::help_lines(&app)
        .iter()
        .map(|l| l.to_string() + "\n")
        .collect();
    let board = text.find("月度任务").expect("the board's table");
    let agenda = text.find("本月任务（各计划）").expect("the agenda's table");
    assert!(board < agenda, "the board's keys come first");
    for key in ["ctrl-t", "alt-t", "alt-u", "alt-d", "f7", "f8"] {
        assert!(text[board..agenda].contains(key), "{key}:\n{text}");
    }
}

#[test]
fn the_agenda_of_a_past_year_opens_on_december_with_what_was_left_undone_overdue() {
    let (_dir, ws) = workspace_with(&[(ID, scheduled_plan())]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    app.today = day(2025, 3, 15);
    press_settled(&mut app, "f9");
    let text = screen_text(&app, 90, 24);
    assert!(text.contains("2024年十二月"), "{text}");
    assert!(text.contains("逾期（之前的月份）"), "{text}");
    // A coming year opens on January.
    app.today = day(2023, 6, 1);
    press_settled(&mut app, "esc f9");
    let text = screen_text(&app, 90, 24);
    assert!(text.contains("2024年一月"), "{text}");
}
