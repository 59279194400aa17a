//! Everyday use (issue 15): the year the plan list opens on, returning a
//! plan, a new plan, narrow terminals, one language, input people type, and
//! the small things. Key scripts through the real keymap and update, screens
//! drawn on a TestBackend, commits read back with git.

mod common;
mod tui_common;

use std::path::Path;

use chrono::NaiveDate;
use plandesk::model::{Approval, ApprovalState, Plan};
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
        (Lang::En, "Cannot return 2024/work-plan: it is a draft that was never submitted"),
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
    let log = git(dir.path(), &["log", "-1", "--format=%s|%(trailers:key=Action,valueonly,separator=)"]);
    assert_eq!(log.trim(), "Return 2024/work-plan: 目标不明确，请补充|return");
    for (w, h) in [(120, 40), (80, 24)] {
        let text = screen_text(&app, w, h);
        assert!(text.contains("已退回"), "{text}");
        assert!(text.contains("退回理由：目标不明确，请补充（测试用户）"), "{w}×{h}\n{text}");
    }
}
