//! Everyday use (issue 15): the year the plan list opens on, returning a
//! plan, a new plan, narrow terminals, one language, input people type, and
//! the small things. Key scripts through the real keymap and update, screens
//! drawn on a TestBackend, commits read back with git.

mod common;
mod tui_common;

use chrono::NaiveDate;
use plandesk::model::Plan;
use plandesk::tui::Lang;
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
