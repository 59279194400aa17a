//! Writes as transactions, against real repositories and the real binary:
//! writers at the same time, writers killed at random moments, lock files
//! left behind, and the repository states in which plandesk makes no commit.
//! Read back with the git CLI and the plan parser.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Run, Sandbox};
use plandesk::model::{Plan, Status, parse_plan};

const PLAN: &str = "2022/wangchang-cppcc-plan";
const FILE: &str = "plans/2022/wangchang-cppcc-plan.toml";

fn cmd(sb: &Sandbox, ws: &Path, args: &[&str]) -> Command {
    let mut c = sb.plandesk();
    c.env("PLANDESK_TODAY", "2022-06-30")
        .env("PLANDESK_LOCK_WAIT", "60")
        .arg("--repo")
        .arg(ws)
        .args(args);
    c
}

fn run(sb: &Sandbox, ws: &Path, args: &[&str]) -> Run {
    Run::from(cmd(sb, ws, args).output().expect("run plandesk"))
}

fn plan_at(sb: &Sandbox, ws: &Path, rev: &str) -> Plan {
    parse_plan(&sb.git(ws, &["show", &format!("{rev}:{FILE}")])).expect("committed plan parses")
}

fn task_ids(sb: &Sandbox, ws: &Path) -> Vec<String> {
    plan_at(sb, ws, "HEAD")
        .tasks
        .iter()
        .map(|t| t.id.clone())
        .collect()
}

/// Tasks whose status or date differ between two versions of the plan, and
/// whether anything else differs.
fn changed_tasks(before: &Plan, after: &Plan) -> (Vec<String>, bool) {
    let mut changed = Vec::new();
    for (a, b) in before.tasks.iter().zip(&after.tasks) {
        if a != b {
            changed.push(b.id.clone());
        }
    }
    let mut rest_a = before.clone();
    let mut rest_b = after.clone();
    rest_a.tasks.clear();
    rest_b.tasks.clear();
    let others = rest_a != rest_b || before.tasks.len() != after.tasks.len();
    (changed, others)
}

fn assert_clean(sb: &Sandbox, ws: &Path) {
    let fsck = Command::new("git")
        .current_dir(ws)
        .args(["fsck", "--strict", "--no-dangling"])
        .env("HOME", sb.home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git fsck");
    assert!(
        fsck.status.success(),
        "git fsck --strict: {}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    let status = sb.git(ws, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(status, "", "the working tree is clean");
    let temps: Vec<_> = walk(&ws.join("plans"))
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "toml"))
        .collect();
    assert!(temps.is_empty(), "no temporary files in plans/: {temps:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn three_writers_on_different_tasks_never_revert_each_other() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    let start = sb.git(&ws, &["rev-parse", "HEAD"]).trim().to_string();
    const ROUNDS: usize = 6;
    let done: Vec<(String, usize)> = std::thread::scope(|scope| {
        let writers: Vec<_> = ids
            .iter()
            .take(3)
            .map(|task| {
                let (sb, ws) = (&sb, &ws);
                scope.spawn(move || {
                    let mut acknowledged = 0;
                    for round in 0..ROUNDS {
                        let mut args = vec!["tick", PLAN, task.as_str()];
                        if round % 2 == 1 {
                            args.push("--undo");
                        }
                        let r = run(sb, ws, &args);
                        // Every command commits or says why.
                        assert!(r.ok, "{args:?} failed: {}", r.stderr);
                        assert!(
                            r.stdout.starts_with("Ticked") || r.stdout.starts_with("Unticked"),
                            "{}",
                            r.stdout
                        );
                        acknowledged += 1;
                    }
                    (task.clone(), acknowledged)
                })
            })
            .collect();
        writers
            .into_iter()
            .map(|w| w.join().expect("writer"))
            .collect()
    });
    let commits = sb.git(&ws, &["rev-list", "--reverse", &format!("{start}..HEAD")]);
    let commits: Vec<&str> = commits.lines().collect();
    assert_eq!(
        commits.len(),
        done.iter().map(|d| d.1).sum::<usize>(),
        "one commit for every acknowledged command"
    );
    let mut per_task: BTreeMap<String, Vec<Status>> = BTreeMap::new();
    for c in &commits {
        let before = plan_at(&sb, &ws, &format!("{c}^"));
        let after = plan_at(&sb, &ws, c);
        let (changed, others) = changed_tasks(&before, &after);
        assert_eq!(changed.len(), 1, "commit {c} changes exactly one task");
        assert!(!others, "commit {c} changes nothing but that task");
        let t = after
            .tasks
            .iter()
            .find(|t| t.id == changed[0])
            .expect("task");
        let action = sb.git(
            &ws,
            &["log", "-1", "--format=%(trailers:key=Action,valueonly)", c],
        );
        let want = if t.status == Status::Done {
            "tick"
        } else {
            "untick"
        };
        assert_eq!(action.trim(), want, "commit {c}'s action says what it did");
        per_task.entry(t.id.clone()).or_default().push(t.status);
    }
    for (task, n) in &done {
        let seen = &per_task[task];
        assert_eq!(seen.len(), *n);
        // Each writer alternates tick and untick: nothing was reverted by another.
        for (i, s) in seen.iter().enumerate() {
            let want = if i % 2 == 0 {
                Status::Done
            } else {
                Status::Todo
            };
            assert_eq!(*s, want, "task {task}, commit {i}");
        }
    }
    assert_clean(&sb, &ws);
}

#[test]
fn two_imports_at_once_take_different_ids() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let docs: Vec<_> = ["一", "二"]
        .iter()
        .map(|n| {
            let path = sb.path(&format!("doc-{n}.txt"));
            let text = format!(
                "某某镇2024年工作计划\n\n一、加强学习{n}\n认真学习{n}。\n\n二月：开展活动{n}\n"
            );
            std::fs::write(&path, text).expect("write doc");
            path
        })
        .collect();
    let children: Vec<_> = docs
        .iter()
        .map(|d| {
            cmd(&sb, &ws, &["import", d.to_str().expect("utf-8")])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn import")
        })
        .collect();
    let mut ids = Vec::new();
    for c in children {
        let r = Run::from(c.wait_with_output().expect("import"));
        assert!(r.ok, "{}", r.stderr);
        let id = r
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix("Imported "))
            .and_then(|l| l.split(':').next())
            .expect("an imported id")
            .to_string();
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1], "two imports, two ids");
    for id in &ids {
        let text = std::fs::read_to_string(ws.join(format!("plans/{id}.toml"))).expect("file");
        let committed = sb.git(&ws, &["show", &format!("HEAD:plans/{id}.toml")]);
        assert_eq!(text, committed, "{id}: working file as committed");
    }
    let both: String = ids
        .iter()
        .map(|id| sb.git(&ws, &["show", &format!("HEAD:plans/{id}.toml")]))
        .collect();
    assert!(both.contains("加强学习一") && both.contains("加强学习二"));
    assert_clean(&sb, &ws);
}

/// A tiny deterministic generator for kill delays.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

#[test]
fn killed_writers_leave_no_half_done_write() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    let first = sb.git(&ws, &["rev-list", "--max-parents=0", "HEAD"]);
    let doc = sb.path("kill-doc.txt");
    std::fs::write(&doc, "某某镇2024年工作计划\n\n一、加强学习\n认真学习。\n").expect("doc");
    let mut rng = Lcg(11);
    let mut killed = 0;
    for round in 0..24 {
        let task = &ids[round % ids.len()];
        let args: Vec<String> = match round % 6 {
            0 => vec!["tick".into(), PLAN.into(), task.clone()],
            1 => vec!["tick".into(), PLAN.into(), task.clone(), "--undo".into()],
            2 => vec!["approve".into(), PLAN.into(), "-m".into(), "同意".into()],
            3 => vec!["restore".into(), PLAN.into(), first.trim().to_string()],
            4 => vec!["import".into(), doc.display().to_string()],
            _ => vec![
                "new".into(),
                format!("2030/saved-{round}"),
                "--title".into(),
                "新计划".into(),
            ],
        };
        let head_before = sb.git(&ws, &["rev-parse", "HEAD"]);
        let mut child = cmd(
            &sb,
            &ws,
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.next(60)));
        let _ = child.kill();
        let out = Run::from(child.wait_with_output().expect("wait"));
        if out.code.is_none() {
            killed += 1;
        }
        // The next command is not blocked, and finishes what was left.
        let next = run(&sb, &ws, &["list"]);
        assert!(next.ok, "round {round}: list after a kill: {}", next.stderr);
        assert_clean(&sb, &ws);
        let head_after = sb.git(&ws, &["rev-parse", "HEAD"]);
        if out.ok && !out.stdout.contains("Unchanged") {
            assert_ne!(
                head_before, head_after,
                "round {round}: acknowledged, committed"
            );
        }
        let text = std::fs::read_to_string(ws.join(FILE)).expect("plan");
        assert_eq!(text, sb.git(&ws, &["show", &format!("HEAD:{FILE}")]));
        // Whatever the kill left, the next writer commits.
        let r = run(&sb, &ws, &["tick", PLAN, &ids[0]]);
        assert!(r.ok, "round {round}: tick after a kill: {}", r.stderr);
        assert_clean(&sb, &ws);
    }
    assert!(killed > 0, "some writers were killed");
}

#[test]
fn a_failed_approve_leaves_nothing_for_a_later_tick_to_commit() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    std::fs::write(ws.join(".git/index.lock"), "").expect("touch index.lock");
    let r = run(&sb, &ws, &["approve", PLAN]);
    assert!(!r.ok);
    assert!(r.stderr.contains(".git/index.lock exists"), "{}", r.stderr);
    assert!(r.stderr.contains("rm "), "says what to do: {}", r.stderr);
    assert_eq!(
        r.stderr.matches("index.lock exists").count(),
        1,
        "said once"
    );
    assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head, "no commit");
    let shown = run(&sb, &ws, &["show", PLAN]);
    assert!(shown.stdout.contains("draft"), "{}", shown.stdout);
    std::fs::remove_file(ws.join(".git/index.lock")).expect("rm");
    assert_clean(&sb, &ws);
    let r = run(&sb, &ws, &["tick", PLAN, &ids[0]]);
    assert!(r.ok, "{}", r.stderr);
    let (changed, others) = changed_tasks(&plan_at(&sb, &ws, "HEAD^"), &plan_at(&sb, &ws, "HEAD"));
    assert_eq!(changed, vec![ids[0].clone()]);
    assert!(!others, "the tick commit holds no approval");
    let v = run(&sb, &ws, &["verify"]);
    assert!(v.ok, "{}{}", v.stdout, v.stderr);
}

fn age(sb: &Sandbox, path: &Path, ago: &str) {
    let st = Command::new("touch")
        .args(["-d", ago])
        .arg(path)
        .env("HOME", sb.home.path())
        .status()
        .expect("touch");
    assert!(st.success());
}

#[test]
fn each_lock_file_left_behind() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    for lock in [
        ".git/index.lock",
        ".git/refs/heads/main.lock",
        ".git/HEAD.lock",
    ] {
        let path = ws.join(lock);
        std::fs::write(&path, "").expect("lock");
        let head = sb.git(&ws, &["rev-parse", "HEAD"]);
        // Fresh, it may belong to a git command at work: refused, with what to do.
        let r = run(&sb, &ws, &["tick", PLAN, &ids[1]]);
        assert!(!r.ok, "{lock}: a fresh lock is respected");
        assert!(r.stderr.contains(lock), "{lock}: {}", r.stderr);
        assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
        assert_clean(&sb, &ws);
        // Old and held by nobody: removed, with a message, and the write goes on.
        age(&sb, &path, "20 minutes ago");
        let r = run(&sb, &ws, &["tick", PLAN, &ids[1]]);
        assert!(r.ok, "{lock}: {}", r.stderr);
        assert!(
            r.stderr.contains("removed the stale lock file") && r.stderr.contains(lock),
            "{lock}: {}",
            r.stderr
        );
        assert!(!path.exists());
        assert_ne!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
        assert_clean(&sb, &ws);
        run(&sb, &ws, &["tick", PLAN, &ids[1], "--undo"]);
    }
    // plandesk's own lock, left by a writer that died: no obstacle.
    let own = ws.join(".git/plandesk/lock");
    std::fs::write(&own, "pid 999999\nsince 2024-01-01 00:00:00\n").expect("own lock");
    let r = run(&sb, &ws, &["tick", PLAN, &ids[2]]);
    assert!(r.ok, "{}", r.stderr);
    // Held by a live writer: the next one waits, then says who holds it.
    let held = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&own)
        .expect("open lock");
    held.lock().expect("hold the lock");
    std::fs::write(&own, "pid 4242\nsince 2024-01-01 09:00:00\n").expect("say who");
    let r = Run::from(
        cmd(&sb, &ws, &["tick", PLAN, &ids[3]])
            .env("PLANDESK_LOCK_WAIT", "0.5")
            .output()
            .expect("run"),
    );
    assert!(!r.ok);
    assert!(
        r.stderr
            .contains("another plandesk (pid 4242, since 2024-01-01 09:00:00)"),
        "{}",
        r.stderr
    );
    held.unlock().expect("unlock");
    let r = run(&sb, &ws, &["tick", PLAN, &ids[3]]);
    assert!(r.ok, "{}", r.stderr);
    assert_clean(&sb, &ws);
}

#[test]
fn a_tick_keeps_a_hand_edit_out_of_its_commit() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    let path = ws.join(FILE);
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = text.replacen("强化学习", "强化学习（手改）", 1);
    assert_ne!(text, edited);
    std::fs::write(&path, &edited).expect("hand edit");
    let r = run(&sb, &ws, &["tick", PLAN, &ids[0]]);
    assert!(r.ok, "{}", r.stderr);
    let (changed, others) = changed_tasks(&plan_at(&sb, &ws, "HEAD^"), &plan_at(&sb, &ws, "HEAD"));
    assert_eq!(changed, vec![ids[0].clone()]);
    assert!(!others, "the hand edit is not in the tick's commit");
    // The hand edit stays, uncommitted, with the tick made to it too.
    assert_eq!(
        sb.git(&ws, &["status", "--porcelain"]),
        format!(" M {FILE}\n")
    );
    let working = parse_plan(&std::fs::read_to_string(&path).expect("read")).expect("parses");
    assert!(
        working
            .sections
            .iter()
            .any(|s| s.heading.contains("（手改）"))
    );
    assert_eq!(working.tasks[0].status, Status::Done);
    let diff = sb.git(&ws, &["diff", "--", FILE]);
    assert!(diff.contains("+heading = \"强化学习（手改）"), "{diff}");
    assert!(
        !diff.contains("status"),
        "only the hand edit differs: {diff}"
    );
}

#[test]
fn no_commit_on_a_detached_head_in_a_merge_or_on_a_damaged_object() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    sb.git(&ws, &["checkout", "-q", "--detach"]);
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    let r = run(&sb, &ws, &["tick", PLAN, &ids[0]]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("detached HEAD") && r.stderr.contains("git switch"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
    sb.git(&ws, &["checkout", "-q", "main"]);

    // A merge that stopped on a conflict.
    sb.git(&ws, &["checkout", "-q", "-b", "other"]);
    std::fs::write(ws.join("plandesk.toml"), "name = \"甲\"\n").expect("write");
    sb.git(&ws, &["commit", "-qam", "other"]);
    sb.git(&ws, &["checkout", "-q", "main"]);
    std::fs::write(ws.join("plandesk.toml"), "name = \"乙\"\n").expect("write");
    sb.git(&ws, &["commit", "-qam", "main"]);
    let merge = Command::new("git")
        .current_dir(&ws)
        .args(["merge", "-q", "other"])
        .env("HOME", sb.home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", sb.home.path().join(".gitconfig"))
        .output()
        .expect("git merge");
    assert!(!merge.status.success(), "the merge stops on a conflict");
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    let r = run(&sb, &ws, &["tick", PLAN, &ids[0]]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("merge is in progress") && r.stderr.contains("git merge --abort"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
    sb.git(&ws, &["merge", "--abort"]);

    // The plan's blob in HEAD, damaged on disk.
    let blob = sb.git(&ws, &["rev-parse", &format!("HEAD:{FILE}")]);
    let blob = blob.trim();
    let object = ws.join(format!(".git/objects/{}/{}", &blob[..2], &blob[2..]));
    let mut perms = std::fs::metadata(&object)
        .expect("loose object")
        .permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).expect("chmod");
    std::fs::write(&object, b"x\x9c\x01garbage").expect("damage");
    let r = run(&sb, &ws, &["tick", PLAN, &ids[0]]);
    assert!(!r.ok);
    assert!(r.stderr.contains("git fsck"), "{}", r.stderr);
    assert!(r.stderr.contains(FILE), "names the file: {}", r.stderr);
    assert_eq!(
        r.stderr.matches("git failed").count(),
        1,
        "said once: {}",
        r.stderr
    );
}

#[test]
fn far_future_days_and_a_garbage_today_are_refused() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let ids = task_ids(&sb, &ws);
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    let r = run(&sb, &ws, &["tick", PLAN, &ids[0], "--on", "9999-12-31"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("in the future"), "{}", r.stderr);
    let r = Run::from(
        cmd(&sb, &ws, &["tick", PLAN, &ids[0]])
            .env("PLANDESK_TODAY", "garbage")
            .output()
            .expect("run"),
    );
    assert!(!r.ok);
    assert!(
        r.stderr.contains("PLANDESK_TODAY=garbage is not a date"),
        "{}",
        r.stderr
    );
    assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
}

#[test]
fn a_save_based_on_an_older_commit_stops_when_the_file_changed_since() {
    use plandesk::model::PlanId;
    use plandesk::store::{Action, Change, StoreError, Workspace};
    let (dir, ws) = common::workspace_with(true);
    let id = PlanId::parse(PLAN).expect("id");
    let read_at = ws.head();
    let mut edited = ws.load(&id).expect("load");
    edited.title.push_str("（修订）");
    // Another writer, in its own process as far as the store knows.
    let other = Workspace::open(dir.path()).expect("open");
    let task = other.load(&id).expect("load").tasks[0].clone();
    other
        .update_plan(&id, |p| {
            p.tick(
                0,
                chrono::NaiveDate::from_ymd_opt(2022, 2, 1).expect("date"),
            );
            Ok(Change::new(Action::Tick, task.text.clone()))
        })
        .expect("tick");
    let head = ws.head();
    let file = std::fs::read(dir.path().join(FILE)).expect("read");
    let err = ws
        .save_based_on(
            &id,
            &mut edited.clone(),
            &Change::new(Action::Edit, "标题"),
            read_at.as_deref(),
        )
        .expect_err("the file changed since");
    assert!(matches!(err, StoreError::ChangedMeanwhile { .. }), "{err}");
    assert_eq!(ws.head(), head, "no commit");
    assert_eq!(std::fs::read(dir.path().join(FILE)).expect("read"), file);
    // A commit of another file since is no reason to stop.
    let mut other_plan = other
        .load(&PlanId::parse("2023/guide-town-plan").expect("id"))
        .expect("load");
    other_plan.title.push('！');
    other
        .save(
            &PlanId::parse("2023/guide-town-plan").expect("id"),
            &mut other_plan,
            &Change::new(Action::Edit, "标题"),
        )
        .expect("save");
    let mut edited = ws.load(&id).expect("load");
    edited.title.push_str("（修订）");
    let out = ws
        .save_based_on(
            &id,
            &mut edited,
            &Change::new(Action::Edit, "标题"),
            head.as_deref(),
        )
        .expect("saved on top");
    assert!(out.commit.is_some());
    let log = common::git(dir.path(), &["log", "-3", "--format=%s"]);
    assert!(log.starts_with("Edit 2022/wangchang-cppcc-plan"), "{log}");
    assert!(log.contains("Edit 2023/guide-town-plan"), "{log}");
}
