//! Writes on a full and on a read-only file system: a small tmpfs, where the
//! machine lets the tests mount one (root in a container that allows it).
//! The write fails with a clear message, once, and leaves the plan file, the
//! index and HEAD as they were; when there is room again, the next write
//! goes through and git finds nothing wrong.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Run, Sandbox};
use plandesk::model::parse_plan;

const PLAN: &str = "2022/wangchang-cppcc-plan";
const FILE: &str = "plans/2022/wangchang-cppcc-plan.toml";

/// A tmpfs mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    /// `None` where this process may not mount one.
    fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(dir).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .ok()?
            .success();
        mounted.then(|| Mount(dir.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .expect("mount")
            .success();
        assert!(ok, "remount {options}");
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn run(sb: &Sandbox, ws: &Path, args: &[&str]) -> Run {
    let out = sb
        .plandesk()
        .env("PLANDESK_TODAY", "2022-06-30")
        .arg("--repo")
        .arg(ws)
        .args(args)
        .output()
        .expect("run plandesk");
    Run::from(out)
}

/// What a failed write must leave as it was.
struct Before {
    head: String,
    file: Vec<u8>,
}

impl Before {
    fn take(sb: &Sandbox, ws: &Path) -> Before {
        Before {
            head: sb.git(ws, &["rev-parse", "HEAD"]),
            file: std::fs::read(ws.join(FILE)).expect("plan file"),
        }
    }

    fn unchanged(&self, sb: &Sandbox, ws: &Path, why: &str) {
        assert_eq!(
            sb.git(ws, &["rev-parse", "HEAD"]),
            self.head,
            "{why}: no commit"
        );
        assert_eq!(
            std::fs::read(ws.join(FILE)).expect("plan file"),
            self.file,
            "{why}: the plan file is as it was"
        );
        assert_eq!(
            sb.git(ws, &["status", "--porcelain", "--untracked-files=all"]),
            "",
            "{why}: nothing staged, changed or left in the working tree"
        );
    }
}

fn first_todo(sb: &Sandbox, ws: &Path) -> String {
    let plan = parse_plan(&sb.git(ws, &["show", &format!("HEAD:{FILE}")])).expect("plan");
    plan.tasks
        .iter()
        .find(|t| t.done_on.is_none())
        .map(|t| t.id.clone())
        .expect("a task to tick")
}

/// The example workspace on a tmpfs of its own, and a task to tick; `None`
/// where this process may not mount one.
fn on_tmpfs() -> Option<(Sandbox, Mount, PathBuf, String)> {
    let sb = Sandbox::new();
    let mnt = Mount::tmpfs(&sb.path("mnt"), "16m")?;
    let ws = mnt.0.join("ws");
    let r = sb.run(&["init", ws.to_str().expect("utf-8"), "--examples"]);
    assert!(r.ok, "{}", r.stderr);
    let task = first_todo(&sb, &ws);
    Some((sb, mnt, ws, task))
}

/// Fill the file system at `dir` until it has no room left.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).expect("filler");
    let chunk = vec![0u8; 64 * 1024];
    while f.write_all(&chunk).is_ok() {}
    let small = [0u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
    path
}

#[test]
fn a_write_on_a_full_file_system_changes_nothing_and_the_next_one_goes_through() {
    let Some((sb, mnt, ws, task)) = on_tmpfs() else {
        eprintln!("skipped: this machine does not let the tests mount a tmpfs");
        return;
    };
    // Once, so that the lock and temp folders exist as after any use.
    let r = run(&sb, &ws, &["tick", PLAN, &task]);
    assert!(r.ok, "{}", r.stderr);
    let r = run(&sb, &ws, &["tick", PLAN, &task, "--undo"]);
    assert!(r.ok, "{}", r.stderr);

    let before = Before::take(&sb, &ws);
    let filler = fill(&mnt.0);
    let r = run(&sb, &ws, &["tick", PLAN, &task]);
    assert!(!r.ok, "a tick with no room left fails: {}", r.stdout);
    assert!(r.stderr.contains("No space left"), "says why: {}", r.stderr);
    assert_eq!(
        r.stderr.matches("No space left").count(),
        1,
        "said once: {}",
        r.stderr
    );
    std::fs::remove_file(&filler).expect("make room");
    before.unchanged(&sb, &ws, "after a full disk");

    let r = run(&sb, &ws, &["tick", PLAN, &task]);
    assert!(r.ok, "with room again the tick goes through: {}", r.stderr);
    assert_eq!(
        sb.git(&ws, &["rev-parse", "HEAD^"]),
        before.head,
        "one commit on top"
    );
    sb.git(&ws, &["fsck", "--strict", "--no-dangling"]);
    assert_eq!(
        sb.git(&ws, &["status", "--porcelain", "--untracked-files=all"]),
        ""
    );
}

#[test]
fn a_write_on_a_read_only_file_system_says_so_and_changes_nothing() {
    let Some((sb, mnt, ws, task)) = on_tmpfs() else {
        eprintln!("skipped: this machine does not let the tests mount a tmpfs");
        return;
    };
    let before = Before::take(&sb, &ws);

    mnt.remount("ro");
    for args in [vec!["tick", PLAN, task.as_str()], vec!["submit", PLAN]] {
        let r = run(&sb, &ws, &args);
        assert!(!r.ok, "{args:?} on a read-only file system fails");
        assert!(
            r.stderr.contains("Read-only file system"),
            "{args:?} says why: {}",
            r.stderr
        );
        // Reading still works.
        let shown = run(&sb, &ws, &["show", PLAN]);
        assert!(shown.ok, "{}", shown.stderr);
    }
    mnt.remount("rw");
    before.unchanged(&sb, &ws, "after a read-only file system");
    let r = run(&sb, &ws, &["tick", PLAN, &task]);
    assert!(r.ok, "{}", r.stderr);
    sb.git(&ws, &["fsck", "--strict", "--no-dangling"]);
}
