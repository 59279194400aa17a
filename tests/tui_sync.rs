//! The sync bar of the UI: alt-s on the plan list shows where a real sync
//! against a bare remote stands (stage, objects, bytes), then a full bar and
//! the summary; the next key puts the bar away.

mod common;
mod tui_common;

use std::sync::{Arc, mpsc};

use plandesk::jobs::{Job, Kind, Outcome};
use plandesk::store::{Stage, SyncProgress, Workspace};
use plandesk::tui::{App, Lang};
use tempfile::TempDir;
use tui_common::*;

const W: u16 = 100;
const H: u16 = 24;

/// The app on a workspace whose remote `origin` holds `extra` commits it
/// has not fetched yet (each a plan of its own, made by a colleague).
fn behind_the_remote(extra: usize) -> (TempDir, TempDir, App) {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let branch = git(dir.path(), &["branch", "--show-current"]);
    let branch = branch.trim();
    let far = TempDir::new().expect("temp dir");
    git(far.path(), &["init", "-q", "--bare", "remote.git"]);
    let remote = far.path().join("remote.git");
    git(
        dir.path(),
        &["push", "-q", remote.to_str().expect("utf-8"), branch],
    );
    git(far.path(), &["clone", "-q", "remote.git", "other"]);
    let other = far.path().join("other");
    git(&other, &["config", "user.name", "李乙"]);
    git(&other, &["config", "user.email", "yi@example.org"]);
    for n in 0..extra {
        let path = other.join(format!("plans/2024/colleague-{n}.toml"));
        let body = format!("第{n}项工作的说明。").repeat(40);
        std::fs::write(
            &path,
            format!(
                "schema = 1\ntitle = \"同事的计划{n}\"\nyear = 2024\nkind = \"plan\"\n\n[[sections]]\nid = \"s{n:05}\"\ndepth = 1\nheading = \"第{n}项\"\nbody = \"{body}\"\n"
            ),
        )
        .expect("write");
        git(&other, &["add", "."]);
        git(&other, &["commit", "-qm", &format!("plan {n}")]);
    }
    git(&other, &["push", "-q", "origin", branch]);
    ws.add_remote("origin", remote.to_str().expect("utf-8"))
        .expect("remote");
    let app = app_on(ws, Lang::Zh);
    (dir, far, app)
}

/// The row above the status line, where the bar goes.
fn bar_row(app: &App) -> String {
    let rows = screen(app, W, H);
    rows[rows.len() - 2].clone()
}

fn status_row(app: &App) -> String {
    let rows = screen(app, W, H);
    rows[rows.len() - 1].clone()
}

/// How much of the bar is filled (thick line) and how much is not.
fn filled(row: &str) -> (usize, usize) {
    (
        row.chars().filter(|&c| c == '━').count(),
        row.chars().filter(|&c| c == '─').count(),
    )
}

#[test]
fn alt_s_shows_the_sync_bar_until_done_then_the_summary_and_a_key_puts_it_away() {
    let (dir, _far, mut app) = behind_the_remote(3);
    let before = screen(&app, W, H);
    assert!(
        !before.iter().any(|r| r.contains('━')),
        "no bar before a sync:\n{}",
        before.join("\n")
    );
    // Another writer holds the workspace: the sync waits for it, on screen.
    let lock =
        std::fs::File::open(dir.path().join(".git/plandesk/lock")).expect("the workspace lock");
    lock.lock().expect("lock");
    press(&mut app, "alt-s");
    assert!(app.jobs.busy().contains(&Kind::Sync));
    let waiting = bar_row(&app);
    assert!(
        waiting.contains("同步：准备中，正在连接远程仓库…"),
        "{waiting}"
    );
    let (full, empty) = filled(&waiting);
    assert_eq!(full, 0, "nothing done yet: {waiting}");
    assert!(empty > 20, "an empty bar across the row: {waiting}");

    lock.unlock().expect("unlock");
    settle(&mut app);
    let done = bar_row(&app);
    assert!(done.contains("同步完成"), "{done}");
    let (full, empty) = filled(&done);
    assert!(full > 20 && empty == 0, "a full bar: {done}");
    let status = status_row(&app);
    assert!(
        status.contains("已与 origin 同步：取回 3 个提交，合并 0 个计划，冲突 0 处，推送 0 个提交"),
        "{status}"
    );
    // The colleague's plans are in the list now.
    assert!(
        screen_text(&app, W, H).contains("同事的计划0"),
        "{}",
        screen_text(&app, W, H)
    );

    press(&mut app, "j");
    let after = screen(&app, W, H);
    assert!(
        !after
            .iter()
            .any(|r| r.contains("同步完成") || r.contains('━')),
        "the next key puts the bar away:\n{}",
        after.join("\n")
    );
}

#[test]
fn the_bar_shows_the_stage_objects_and_bytes_git_reports_mid_fetch() {
    let (_dir, _far, mut app) = behind_the_remote(30);
    // The UI's own sync, run as the alt-s job runs it, held at git's first
    // report of objects received so the screen can be read mid-fetch.
    let watch = Arc::clone(&app.sync_watch);
    let (seen_tx, seen) = mpsc::channel::<SyncProgress>();
    let (go, gate) = mpsc::channel::<()>();
    app.jobs.request(Job::Injected {
        kind: Kind::Sync,
        work: Box::new(move |ws: &Workspace| {
            let mut held = false;
            let result = ws.sync(None, &mut |p| {
                *watch.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
                if !held && p.stage == Stage::Fetching && p.total_objects > 0 && p.objects > 0 {
                    held = true;
                    let _ = seen_tx.send(p);
                    let _ = gate.recv();
                }
            });
            Outcome::Synced(result)
        }),
    });
    let p = seen
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("git reported objects while fetching");
    let row = bar_row(&app);
    let want = format!(
        "取回 {}/{} 个对象 · {}",
        p.objects,
        p.total_objects,
        human(p.bytes)
    );
    assert!(row.contains(&want), "{row}\nwanted {want}");
    let (full, empty) = filled(&row);
    let ratio = p.objects as f64 / p.total_objects as f64;
    let expect = ratio * (full + empty) as f64;
    assert!(
        (full as f64 - expect).abs() <= 1.0,
        "{full} of {} cells filled for {}/{}: {row}",
        full + empty,
        p.objects,
        p.total_objects
    );
    go.send(()).expect("release");
    settle(&mut app);
    assert!(bar_row(&app).contains("同步完成"));
    assert!(
        status_row(&app).contains("取回 30 个提交"),
        "{}",
        status_row(&app)
    );
}

/// Bytes as the bar writes them, worked out here independently.
fn human(n: usize) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{:.1} MiB", n as f64 / 1048576.0),
    }
}
