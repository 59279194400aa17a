//! Everyday use (issue 15): the year the plan list opens on, returning a
//! plan, a new plan, narrow terminals, one language, input people type, and
//! the small things. Key scripts through the real keymap and update, screens
//! drawn on a TestBackend, commits read back with git.

mod common;
mod tui_common;

use std::path::Path;

use chrono::NaiveDate;
use plandesk::model::{Approval, ApprovalState, Plan};
use plandesk::tui::app::View;
use plandesk::tui::overlay::{Overlay, Prompt};
use plandesk::tui::{App, Lang};
use tui_common::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn plan_of(year: i32, title: &str) -> Plan {
    let mut p = sample_plan();
    p.year = year;
    p.title = title.into();
    p
}

#[test]
fn the_plan_list_opens_on_todays_year_when_it_has_plans() {
    let (_dir, ws) = workspace_with(&[
        ("2023/old-plan", plan_of(2023, "二〇二三年计划")),
        ("2024/work-plan", plan_of(2024, "二〇二四年计划")),
        ("2025/next-plan", plan_of(2025, "二〇二五年计划")),
    ]);
    let app = app_on_day(ws, Lang::Zh, day(2024, 6, 1));
    assert_eq!(app.plans.selected_year(), Some(2024));
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("二〇二四年计划"), "{text}");
    assert!(!text.contains("二〇二五年计划"), "{text}");
}

#[test]
fn without_plans_in_todays_year_the_plan_list_opens_on_the_newest() {
    let (_dir, ws) = workspace_with(&[
        ("2023/old-plan", plan_of(2023, "二〇二三年计划")),
        ("2025/next-plan", plan_of(2025, "二〇二五年计划")),
    ]);
    let app = app_on_day(ws, Lang::Zh, day(2024, 6, 1));
    assert_eq!(app.plans.selected_year(), Some(2025));
}

fn plan_in(state: ApprovalState) -> Plan {
    let mut p = sample_plan();
    p.approval = Some(Approval {
        state,
        by: Some(format!("{} <{}>", common::NAME, common::EMAIL)),
        at: None,
        note: None,
    });
    p
}

fn commit_count(dir: &Path) -> usize {
    git(dir, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count")
}

fn top_prompt(app: &App) -> Option<&Prompt> {
    match app.overlays.last() {
        Some(Overlay::Prompt(p)) => Some(p),
        _ => None,
    }
}

fn top_message(app: &App) -> String {
    match app.overlays.last() {
        Some(Overlay::Confirm(c)) => c.lines.join("\n"),
        other => panic!("no message on top: {}", other.is_some()),
    }
}

/// plandesk.toml listing `approvers`, committed with plain git.
fn set_approvers(dir: &Path, approvers: &[&str]) {
    let list: Vec<String> = approvers.iter().map(|a| format!("\"{a}\"")).collect();
    std::fs::write(
        dir.join("plandesk.toml"),
        format!("approvers = [{}]\n", list.join(", ")),
    )
    .expect("write");
    git(dir, &["add", "plandesk.toml"]);
    git(dir, &["commit", "-qm", "Set the approvers"]);
}

#[test]
fn returning_a_draft_is_refused_before_the_reason_is_asked_in_the_uis_language() {
    for (lang, words) in [
        (Lang::Zh, "无法退回 2024/work-plan：它还是草稿，从未报送"),
        (
            Lang::En,
            "Cannot return 2024/work-plan: it is a draft that was never submitted",
        ),
    ] {
        let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
        let mut app = app_on(ws, lang);
        let before = commit_count(dir.path());
        press(&mut app, "enter alt-r");
        assert!(top_prompt(&app).is_none(), "no reason is asked");
        let msg = top_message(&app);
        assert!(msg.contains(words), "{msg}");
        assert_eq!(commit_count(dir.path()), before);
    }
}

#[test]
fn someone_not_among_the_approvers_is_told_before_typing_a_reason() {
    let (dir, ws) = workspace_with(&[(ID, plan_in(ApprovalState::Submitted))]);
    set_approvers(dir.path(), &["wang@example.org"]);
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter alt-r");
    assert!(top_prompt(&app).is_none());
    let msg = top_message(&app);
    assert!(msg.contains("不在审批人名单中，不能退回"), "{msg}");
    assert!(msg.contains("wang@example.org"), "{msg}");
}

#[test]
fn a_refusal_at_commit_time_keeps_the_reason_typed_and_the_header_shows_a_return() {
    let (dir, ws) = workspace_with(&[(ID, plan_in(ApprovalState::Submitted))]);
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter alt-r");
    type_text(&mut app, "目标不明确，请补充");
    // While the reason is typed, someone else narrows the approvers.
    set_approvers(dir.path(), &["wang@example.org"]);
    let before = commit_count(dir.path());
    press(&mut app, "enter");
    let p = top_prompt(&app).expect("the prompt stays open");
    assert_eq!(p.editor.text(), "目标不明确，请补充");
    let why = p.error.clone().unwrap_or_default();
    assert!(why.contains("不在审批人名单中"), "{why}");
    assert_eq!(commit_count(dir.path()), before);

    // With the approvers as they were, the same reason goes through.
    set_approvers(dir.path(), &[common::EMAIL]);
    press(&mut app, "enter");
    assert!(top_prompt(&app).is_none());
    let log = git(
        dir.path(),
        &[
            "log",
            "-1",
            "--format=%s|%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(
        log.trim(),
        "Return 2024/work-plan: 目标不明确，请补充|return"
    );
    for (w, h) in [(120, 40), (80, 24)] {
        let text = screen_text(&app, w, h);
        assert!(text.contains("已退回"), "{text}");
        assert!(
            text.contains("退回理由：目标不明确，请补充（测试用户）"),
            "{w}×{h}\n{text}"
        );
    }
}

/// The sample plan with tasks in February (one done) and March, approved.
fn scheduled_plan() -> Plan {
    let mut p = sample_plan();
    let mut done = task(2, "召开委员座谈会");
    done.status = plandesk::model::Status::Done;
    done.done_on = Some(day(2024, 2, 10));
    p.tasks = vec![
        task(2, "开展一次献爱心活动"),
        done,
        task(3, "组织委员视察"),
        task(5, "每月一次读书会"),
    ];
    p
}

fn board_app(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, ws) = workspace_with(&[(ID, scheduled_plan())]);
    let app = app_on_day(ws, lang, day(2024, 3, 15));
    (dir, app)
}

fn board(app: &App) -> &plandesk::tui::board::BoardState {
    match &app.view {
        View::Board(b) => b,
        _ => panic!("the board is not open"),
    }
}

fn saved(app: &App) -> Plan {
    app.ws.load(&id()).expect("load")
}

#[test]
fn month_names_follow_the_language() {
    let (_dir, mut app) = board_app(Lang::En);
    press(&mut app, "enter f9");
    let text = screen_text(&app, 80, 24);
    assert!(
        text.contains("February") && text.contains("September"),
        "{text}"
    );
    assert!(!text.contains("二月"), "{text}");
    press_settled(&mut app, "esc esc f9");
    let text = screen_text(&app, 100, 24);
    assert!(text.contains("March 2024"), "{text}");
    assert!(!text.contains("三月"), "{text}");
}

#[test]
fn a_drop_is_committed_as_its_own_action() {
    let (dir, mut app) = board_app(Lang::Zh);
    press(&mut app, "enter f9 alt-d");
    let log = git(
        dir.path(),
        &[
            "log",
            "-1",
            "--format=%s|%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(log.trim(), "Drop 2024/work-plan: 三月 组织委员视察|drop");
    // plandesk verify reads the action back.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_plandesk"))
        .arg("verify")
        .current_dir(dir.path())
        .output()
        .expect("verify");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    press(&mut app, "esc alt-h");
    settle(&mut app);
    let text = screen_text(&app, 120, 20);
    assert!(text.contains("取消任务"), "{text}");
    assert!(!text.contains(" drop "), "{text}");
}

#[test]
fn month_and_date_prompts_take_what_people_type() {
    let (_dir, mut app) = board_app(Lang::Zh);
    press(&mut app, "enter f9 alt-m ctrl-a");
    type_text(&mut app, "十一月");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty(), "十一月 is taken");
    let b = board(&app);
    let i = b.selected().expect("task");
    assert_eq!(b.plan.working.tasks[i].month, 11);
    press(&mut app, "alt-m ctrl-a");
    type_text(&mut app, "１１");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty(), "１１ is taken");
    press(&mut app, "ctrl-s");
    assert!(
        saved(&app)
            .tasks
            .iter()
            .any(|t| t.text == "组织委员视察" && t.month == 11)
    );

    // The plan's date in Chinese.
    press(&mut app, "esc f8 ctrl-a");
    type_text(&mut app, "2022年3月28日");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty());
    assert_eq!(
        app.plan().expect("plan").working.date,
        Some(day(2022, 3, 28))
    );
}

#[test]
fn a_done_date_later_than_today_is_refused_and_kept_to_correct() {
    let (dir, mut app) = board_app(Lang::Zh);
    let before = commit_count(dir.path());
    press(&mut app, "enter f9 alt-t ctrl-a");
    type_text(&mut app, "2042-03-01");
    press(&mut app, "enter");
    let p = top_prompt(&app).expect("the prompt stays");
    assert_eq!(p.editor.text(), "2042-03-01");
    let why = p.error.clone().unwrap_or_default();
    assert!(why.contains("不能晚于今天"), "{why}");
    assert_eq!(commit_count(dir.path()), before);
    press(&mut app, "ctrl-a");
    type_text(&mut app, "２０２４年３月１４日");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty());
    let t = saved(&app)
        .tasks
        .into_iter()
        .find(|t| t.text == "组织委员视察")
        .expect("task");
    assert_eq!(t.done_on, Some(day(2024, 3, 14)));
}

#[test]
fn the_board_cursor_reaches_an_empty_month_to_add_a_task_there() {
    let (_dir, mut app) = board_app(Lang::Zh);
    // From March, right goes to April, which has no task.
    press(&mut app, "enter f9 right");
    assert_eq!(board(&app).month(), Some(4));
    assert_eq!(board(&app).selected(), None);
    let rows = screen(&app, 80, 24);
    let april = rows
        .iter()
        .find(|r| r.contains("四月"))
        .expect("April's row");
    assert!(april.contains("0/0"), "{april}");
    press(&mut app, "insert");
    type_text(&mut app, "四月的新任务");
    press(&mut app, "enter");
    let b = board(&app);
    let i = b.selected().expect("the new task is selected");
    assert_eq!(b.plan.working.tasks[i].month, 4);
    // Left from April's task: March; down from an empty month: the next task.
    press(&mut app, "right right right");
    assert_eq!(board(&app).month(), Some(7));
    press(&mut app, "up");
    assert_eq!(board(&app).month(), Some(5));
}

#[test]
fn esc_on_a_board_opened_from_the_agenda_goes_back_to_the_agenda() {
    let (_dir, mut app) = board_app(Lang::Zh);
    press_settled(&mut app, "f9");
    assert!(matches!(app.view, View::Agenda(_)));
    press(&mut app, "f9");
    assert!(matches!(app.view, View::Board(_)));
    press_settled(&mut app, "esc");
    assert!(matches!(app.view, View::Agenda(_)), "back on the agenda");
    let text = screen_text(&app, 100, 24);
    assert!(text.contains("2024年三月"), "{text}");

    // With an unsaved edit, it asks first; Cancel stays on the board.
    press(&mut app, "f9 insert");
    type_text(&mut app, "未保存的任务");
    press(&mut app, "enter esc");
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut app, "esc");
    assert!(matches!(app.view, View::Board(_)));
}

#[test]
fn undo_goes_back_over_a_save() {
    let (_dir, mut app) = board_app(Lang::Zh);
    press(&mut app, "enter f9 insert");
    type_text(&mut app, "保存前的任务");
    press(&mut app, "enter ctrl-s");
    assert!(!app.dirty());
    assert!(saved(&app).tasks.iter().any(|t| t.text == "保存前的任务"));
    press(&mut app, "ctrl-z");
    assert!(app.dirty(), "the undo after a save is a change to save");
    assert!(
        !board(&app)
            .plan
            .working
            .tasks
            .iter()
            .any(|t| t.text == "保存前的任务")
    );
    press(&mut app, "ctrl-y");
    assert!(!app.dirty());
}

#[test]
fn the_empty_targets_pane_names_its_key_while_the_outline_has_the_focus() {
    let mut plan = sample_plan();
    plan.targets.clear();
    let (_dir, ws) = workspace_with(&[(ID, plan)]);
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter");
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("没有目标。按 ctrl-n 添加"), "{text}");
    // And that key adds one there.
    press(&mut app, "tab ctrl-n");
    assert!(top_prompt(&app).is_some());
}

#[test]
fn tab_from_the_outline_goes_to_the_targets_without_editing_a_body() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter tab");
    let p = app.plan().expect("plan");
    assert!(p.editing.is_none(), "no body is being edited");
    assert_eq!(p.focus, plandesk::tui::app::Focus::Targets);
    press(&mut app, "tab");
    assert_eq!(
        app.plan().expect("plan").focus,
        plandesk::tui::app::Focus::Outline
    );
    assert!(app.plan().expect("plan").editing.is_none());
}

#[test]
fn ctrl_c_quits_outside_text_and_copies_inside_it() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter enter ctrl-a ctrl-c");
    assert!(!app.quit, "ctrl-c in a body copies");
    press(&mut app, "esc ctrl-c");
    assert!(app.quit, "outside text ctrl-c quits, as the README says");
}

#[test]
fn editing_a_submitted_plan_asks_and_sends_it_back_to_draft() {
    let (dir, ws) = workspace_with(&[(ID, plan_in(ApprovalState::Submitted))]);
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter f2");
    type_text(&mut app, "（修改）");
    press(&mut app, "enter");
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("保存内容修改后将退回草稿"), "{text}");
    press(&mut app, "ctrl-s");
    let msg = top_message(&app);
    assert!(
        msg.contains("已报送审批") && msg.contains("重新报送"),
        "{msg}"
    );
    press(&mut app, "enter");
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(!file.contains("state = \"submitted\""), "{file}");
    assert!(file.contains("（修改）"), "{file}");
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("草稿") && !text.contains("已报送"), "{text}");
}

#[test]
fn a_summary_draft_asked_for_again_is_offered_to_open() {
    let (dir, mut app) = board_app(Lang::Zh);
    press(&mut app, "alt-y");
    let before = commit_count(dir.path());
    press(&mut app, "alt-y");
    let msg = top_message(&app);
    assert!(
        msg.contains("2024/work-summary") && msg.contains("打开它吗"),
        "{msg}"
    );
    press(&mut app, "enter");
    assert_eq!(
        app.plan().expect("the summary is open").id.to_string(),
        "2024/work-summary"
    );
    assert_eq!(commit_count(dir.path()), before);
}

#[test]
fn esc_in_a_prompt_keeps_what_was_typed_for_next_time() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter f7 ctrl-a");
    type_text(&mut app, "汪场镇人大");
    press(&mut app, "esc");
    let status = app.status.clone().expect("status").text;
    assert!(status.contains("下次打开时还在"), "{status}");
    press(&mut app, "f7");
    assert_eq!(
        top_prompt(&app).expect("prompt").editor.text(),
        "汪场镇人大"
    );
    press(&mut app, "enter");
    assert_eq!(
        app.plan().expect("plan").working.org.as_deref(),
        Some("汪场镇人大")
    );

    // The target wizard keeps its first step when left at the second.
    press(&mut app, "tab ctrl-n");
    type_text(&mut app, "财政收入");
    press(&mut app, "enter");
    type_text(&mut app, "增长5%");
    press(&mut app, "esc ctrl-n");
    assert_eq!(top_prompt(&app).expect("prompt").editor.text(), "财政收入");
    // Kept once: asked again after that, the prompt starts empty.
    press(&mut app, "esc ctrl-n");
    assert_eq!(top_prompt(&app).expect("prompt").editor.text(), "");
}

/// The text of a screen with its box borders and spaces taken out, so that
/// wrapped text reads as one run.
fn joined(rows: &[String]) -> String {
    rows.iter()
        .flat_map(|r| r.chars())
        .filter(|c| !c.is_whitespace() && !"│┌┐└┘─".contains(*c))
        .collect()
}

#[test]
fn plan_titles_stay_visible_at_every_width_and_an_empty_file_column_takes_no_room() {
    let (_dir, app) = sample_app();
    for (w, h) in [(40, 12), (60, 20), (80, 24), (120, 40)] {
        let text = screen_text(&app, w, h);
        assert!(text.contains("汪场镇政协"), "{w}×{h}\n{text}");
        // Every file is as committed: no file column.
        assert!(!text.contains("文件"), "{w}×{h}\n{text}");
    }
    // At 60 columns the title gets what the empty file column would take.
    let text = screen_text(&app, 60, 20);
    assert!(text.contains("汪场镇政协联络处2024年工作"), "{text}");
    // At 120 the kind, the state and the tasks are there too.
    let text = screen_text(&app, 120, 40);
    for col in ["类型", "状态", "任务", "草稿"] {
        assert!(text.contains(col), "{col}\n{text}");
    }
}

#[test]
fn a_file_changed_outside_brings_its_column_back() {
    let (dir, mut app) = sample_app();
    let file = dir.path().join("plans/2024/work-plan.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("加强理论学习", "手改的学习")).expect("write");
    press_settled(&mut app, "f5");
    let text = screen_text(&app, 120, 40);
    assert!(text.contains("外部修改未提交"), "{text}");
}

#[test]
fn the_footer_keeps_esc_and_f1_at_40_columns() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter");
    for (w, h) in [(40, 12), (80, 24), (120, 40)] {
        let rows = screen(&app, w, h);
        let footer = rows.last().expect("footer");
        assert!(
            footer.contains("f1") && footer.contains("esc"),
            "{w}×{h}: {footer}"
        );
    }
    // Wide enough, the words come too.
    let rows = screen(&app, 120, 40);
    let footer = rows.last().expect("footer");
    assert!(
        footer.contains("f1 帮助") && footer.contains("esc 返回"),
        "{footer}"
    );
}

#[test]
fn dialogs_wrap_their_text_instead_of_cutting_it() {
    let (_dir, mut app) = sample_app();
    // A prompt's long label and error, at 40×12.
    press(&mut app, "n enter");
    type_text(&mut app, "工作计划");
    press(&mut app, "enter ctrl-a");
    type_text(&mut app, "-x-");
    press(&mut app, "enter");
    let rows = screen(&app, 40, 12);
    let all = joined(&rows);
    for text in [
        "文件名（按标题拼音首字母提出；可改，中文会转为拼音首字母）",
        "文件名只能用小写字母、数字和-，且不以-开头或结尾",
    ] {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(all.contains(&text), "{text}\n{}", rows.join("\n"));
    }
    // A question's text, at 40×12: the delete dialog names the plan in full.
    press(&mut app, "esc esc esc delete");
    let rows = screen(&app, 40, 12);
    let all = joined(&rows);
    assert!(
        all.contains(
            "删除计划「汪场镇政协联络处2024年工作计划」（2024/work-plan）？这会生成一个提交。"
        ),
        "{}",
        rows.join("\n")
    );
}

#[test]
fn keymap_problems_are_said_in_the_uis_language() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keymap/all_at_once.toml");
    for (lang, words, not) in [
        (Lang::Zh, "不存在", "unknown action"),
        (Lang::En, "unknown action", "不存在"),
    ] {
        let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
        let opts = plandesk::tui::Options {
            lang: Some(lang),
            keymap: Some(path.clone()),
        };
        let mut app = plandesk::tui::build_app(ws, &opts);
        settle(&mut app);
        let msg = top_message(&app);
        assert!(msg.contains(&format!("{}:5:", path.display())), "{msg}");
        assert!(msg.contains(words) && !msg.contains(not), "{msg}");
        press(&mut app, "enter f1");
        let help: String = plandesk::tui::views::help_lines(&app)
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect();
        assert!(help.contains(words) && !help.contains(not), "{help}");
    }
}
