//! The store without a git identity: the first-run workspace is made by
//! plandesk's own setup identity and writes none; an identity is kept in
//! the repository's `.git/config` or in the user's global git config, read
//! back with the git CLI, and the next commit carries it.
//!
//! This test binary points libgit2's global config at a HOME of its own
//! (never the machine's), so it is one test: the global file is shared.

mod common;

use std::path::Path;
use std::process::Command;

use plandesk::model::{Kind, Plan, PlanId};
use plandesk::store::{Action, Identity, IdentityProblem, Keep, SETUP_IDENTITY, Workspace};
use tempfile::TempDir;

/// git's own answer, with HOME the sandbox home and no other config.
fn git(home: &Path, dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .current_dir(dir)
        .env_remove("GIT_CONFIG_GLOBAL")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .args(args)
        .output()
        .expect("git");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// libgit2's global config is `home/.gitconfig` (made, without a user),
/// its system and XDG configs an empty folder.
fn sandbox(home: &Path) {
    assert!(
        std::env::var_os("GIT_CONFIG_GLOBAL").is_none(),
        "run without GIT_CONFIG_GLOBAL: this test sets the global file itself"
    );
    std::fs::write(home.join(".gitconfig"), "[init]\n\tdefaultBranch = main\n").expect("write");
    let empty = home.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    for (level, path) in [
        (git2::ConfigLevel::System, &empty),
        (git2::ConfigLevel::XDG, &empty),
        (git2::ConfigLevel::ProgramData, &empty),
        (git2::ConfigLevel::Global, &home.to_path_buf()),
    ] {
        // SAFETY: the only test of this binary, before any repository is opened.
        unsafe {
            git2::opts::set_search_path(level, path).expect("search path");
        }
    }
}

fn new_plan(ws: &Workspace, id: &str) {
    let id = PlanId::parse(id).expect("id");
    let mut plan = Plan::new("实验小学2025年工作计划", id.year(), Kind::Plan);
    ws.create(&id, &mut plan, Action::New, None)
        .expect("create");
}

#[test]
fn without_an_identity_then_kept_for_the_workspace_then_for_all_git_use() {
    let home = TempDir::new().expect("home");
    let home = home.path();
    sandbox(home);

    // `init` refuses, naming both ways to set it, and leaves no workspace.
    let plain = home.join("plain ws");
    let err = Workspace::init(&plain, true).expect_err("no identity");
    assert!(err.is_no_identity());
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("git -C '{}' config user.name", plain.display())),
        "{msg}"
    );
    assert!(msg.contains("git config --global user.email"), "{msg}");
    assert!(!plain.join("plandesk.toml").exists());

    // The first run's workspace: made, with the examples, by plandesk itself.
    let dir = home.join("first");
    let ws = Workspace::init_first_run(&dir).expect("first run");
    assert_eq!(ws.list_plans().expect("list").plans.len(), 5);
    let authors = git(home, &dir, &["log", "--format=%an <%ae>|%cn <%ce>"]).expect("log");
    let setup = format!("{} <{}>", SETUP_IDENTITY.0, SETUP_IDENTITY.1);
    assert_eq!(authors.lines().count(), 6, "{authors}");
    assert!(
        authors.lines().all(|l| l == format!("{setup}|{setup}")),
        "{authors}"
    );
    assert_eq!(git(home, &dir, &["config", "--get", "user.name"]), None);
    // The user's own commits still need the user.
    let err = ws.identity().expect_err("still nobody");
    assert!(err.is_no_identity(), "{err}");
    let id = PlanId::parse("2025/school-plan").expect("id");
    let mut plan = Plan::new("实验小学2025年工作计划", 2025, Kind::Plan);
    assert!(
        ws.create(&id, &mut plan, Action::New, None)
            .expect_err("no identity")
            .is_no_identity()
    );
    assert!(!ws.exists(&id), "nothing half-made");

    // Checked before it is kept.
    assert_eq!(
        Identity::new("王小明", "wang-at-example.org"),
        Err(IdentityProblem::BadEmail)
    );

    // For this workspace: its .git/config, not the global file.
    let li = Identity::new(" 李明 ", "li@example.org").expect("plausible");
    let written = ws.keep_identity(&li, Keep::Workspace).expect("keep");
    assert_eq!(written, dir.join(".git/config"));
    assert_eq!(
        git(home, &dir, &["config", "--local", "--get", "user.name"]).as_deref(),
        Some("李明")
    );
    assert_eq!(
        git(home, &dir, &["config", "--global", "--get", "user.name"]),
        None
    );
    new_plan(&ws, "2025/school-plan");
    assert_eq!(
        git(home, &dir, &["log", "-1", "--format=%an <%ae>|%cn <%ce>"]).as_deref(),
        Some("李明 <li@example.org>|李明 <li@example.org>")
    );

    // For all git use: the global file (as `git config --global` reads it),
    // seen by another repository at once, also one opened before.
    let other = home.join("other");
    let ws2 = Workspace::init_first_run(&other).expect("first run");
    let wang = Identity::new("王小明", "wang@example.org").expect("plausible");
    let written = ws2.keep_identity(&wang, Keep::Everywhere).expect("keep");
    assert_eq!(written, home.join(".gitconfig"));
    assert_eq!(
        git(home, &other, &["config", "--global", "--get", "user.email"]).as_deref(),
        Some("wang@example.org")
    );
    assert_eq!(
        git(home, &other, &["config", "--local", "--get", "user.email"]),
        None
    );
    let global = std::fs::read_to_string(home.join(".gitconfig")).expect("read");
    assert!(global.contains("defaultBranch = main"), "kept: {global}");
    new_plan(&ws2, "2025/school-plan");
    assert_eq!(
        git(home, &other, &["log", "-1", "--format=%an <%ae>"]).as_deref(),
        Some("王小明 <wang@example.org>")
    );
    // The workspace's own identity still wins there.
    new_plan(&ws, "2025/other-plan");
    assert_eq!(
        git(home, &dir, &["log", "-1", "--format=%an"]).as_deref(),
        Some("李明")
    );
}
