//! Helpers for the terminal UI tests: a workspace with a sample plan, the
//! app built on it, keys driven through the real keymap and update, and the
//! screen drawn on a TestBackend read back row by row.
#![allow(dead_code)]

use plandesk::keymap::Key;
use plandesk::model::{Kind, Plan, PlanId, Section, Target};
use plandesk::store::{Action as Commit, Workspace};
use plandesk::tui::{Action, App, Event, Keymap, Labels, Lang, input, update::update, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

pub const ID: &str = "2024/work-plan";

pub fn id() -> PlanId {
    PlanId::parse(ID).expect("id")
}

fn section(depth: u8, heading: &str, body: &str) -> Section {
    Section {
        id: String::new(),
        depth,
        heading: heading.into(),
        body: body.into(),
    }
}

/// 一、强化学习… （一）开展专题学习 1、每月一次 二、围绕中心…
pub fn sample_plan() -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2024年工作计划", 2024, Kind::Plan);
    p.org = Some("汪场镇政协联络处".into());
    p.date = chrono::NaiveDate::from_ymd_opt(2024, 3, 25);
    p.sections = vec![
        section(
            1,
            "强化学习，提高履职能力和水平",
            "加强理论学习和形势教育。",
        ),
        section(2, "开展专题学习", "每季度一次。"),
        section(3, "每月一次读书会", ""),
        section(
            1,
            "围绕中心，服务大局，积极建言献策",
            "围绕镇党委、政府中心工作开展调研。",
        ),
    ];
    p.targets = vec![Target {
        id: String::new(),
        name: "地区生产总值".into(),
        target: "增长10%".into(),
        actual: None,
    }];
    p
}

/// A workspace (temp repository) holding `plans`, each committed.
pub fn workspace_with(plans: &[(&str, Plan)]) -> (TempDir, Workspace) {
    let (dir, ws) = crate::common::workspace();
    for (id, plan) in plans {
        let id = PlanId::parse(id).expect("id");
        let mut plan = plan.clone();
        ws.create(&id, &mut plan, Commit::New, None)
            .expect("create");
    }
    (dir, ws)
}

/// The app on a workspace with the sample plan, default keys, Chinese labels.
pub fn sample_app() -> (TempDir, App) {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    (dir, app_on(ws, Lang::Zh))
}

/// The app with its plan list read (the first job it starts).
pub fn app_on(ws: Workspace, lang: Lang) -> App {
    let (keymap, problems) = Keymap::defaults();
    assert!(problems.is_empty());
    let mut app = App::new(ws, keymap, problems, None, Labels::new(lang));
    settle(&mut app);
    app
}

/// The app with today pinned before its first plan list is read (that list
/// picks the year to show).
pub fn app_on_day(ws: Workspace, lang: Lang, today: chrono::NaiveDate) -> App {
    let (keymap, problems) = Keymap::defaults();
    assert!(problems.is_empty());
    let mut app = App::new(ws, keymap, problems, None, Labels::new(lang));
    app.today = today;
    settle(&mut app);
    app
}

/// Hand `update` the outcomes of the jobs that are done, as the event loop
/// would, without waiting for the others; whether there was any.
pub fn pump(app: &mut App) -> bool {
    let mut any = false;
    while let Some(ev) = app.inbox.queued() {
        if let Event::Job(ticket) = ev {
            update(app, Action::JobDone(ticket));
            any = true;
        }
    }
    any
}

/// Run the background jobs to completion, each outcome through `update`
/// (including the jobs those outcomes start).
pub fn settle(app: &mut App) {
    let start = Instant::now();
    loop {
        pump(app);
        if app.jobs.idle() {
            // A job counts as done once announced: none can be on its way.
            if !pump(app) {
                return;
            }
            continue;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "jobs still running after 30 s: {:?}",
            app.jobs.busy()
        );
        if let Some(Event::Job(ticket)) = app.inbox.wait(Duration::from_millis(20)) {
            update(app, Action::JobDone(ticket));
        }
    }
}

/// Press keys, then run the jobs they started to completion.
pub fn press_settled(app: &mut App, keys: &str) {
    press(app, keys);
    settle(app);
}

/// Press keys, written as keymap.toml writes them, separated by spaces.
pub fn press(app: &mut App, keys: &str) {
    for k in keys.split_whitespace() {
        let key: Key = k.parse().unwrap_or_else(|e| panic!("{k}: {e}"));
        // A key bound to nothing here is a mistake in the script, not a no-op.
        let a = input::action_for(app, input::to_event(&key)).unwrap_or_else(|| {
            panic!("`{k}` does nothing here: a key script must press bound keys")
        });
        update(app, a);
    }
}

/// Type text, one key per character, as an input method delivers it.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = Key::plain(plandesk::keymap::KeyCode::Char(c));
        if let Some(a) = input::action_for(app, input::to_event(&key)) {
            update(app, a);
        }
    }
}

/// The screen, drawn at `w`×`h`, one string a row (a wide character once).
pub fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| views::draw(app, f)).expect("draw");
    buffer_rows(t.backend().buffer())
}

/// A drawn buffer, one string a row (a wide character once).
pub fn buffer_rows(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..buf.area.height)
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                row.push_str(sym);
                skip = UnicodeWidthStr::width(sym).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// A task to do in `month`, without an id (the save gives it one).
pub fn task(month: u8, text: &str) -> plandesk::model::Task {
    plandesk::model::Task {
        id: String::new(),
        month,
        period: None,
        text: text.into(),
        status: plandesk::model::Status::Todo,
        done_on: None,
        owner: None,
    }
}

pub fn screen_text(app: &App, w: u16, h: u16) -> String {
    screen(app, w, h).join("\n")
}

#[allow(unused_imports)] // not every test file that shares this module asks git
pub use crate::common::git;

/// Where the terminal's cursor is after drawing (for an input method's window).
pub fn cursor_after_draw(app: &App, w: u16, h: u16) -> (u16, u16) {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| views::draw(app, f)).expect("draw");
    let p = t.get_cursor_position().expect("cursor");
    (p.x, p.y)
}
