//! Nothing outside the workspace is read or written through plan files, and
//! special files are refused by name: symbolic links (also as `git clone`
//! brings them), FIFOs, devices and huge files among the plans and as
//! import inputs, and `export -o` at the repository's own files.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, Sandbox};

const PLAN: &str = "2022/wangchang-cppcc-plan";

/// Run with a deadline: a command that blocks (on a FIFO, reading
/// /dev/zero) is killed and the test fails instead of hanging.
fn run_within(mut cmd: Command, secs: u64) -> Run {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return Run::from(child.wait_with_output().expect("output"));
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!(
                "still running after {secs} s (blocked or unbounded): {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn run(sb: &Sandbox, ws: &Path, args: &[&str]) -> Run {
    let mut cmd = sb.plandesk();
    cmd.arg("--repo").arg(ws).args(args);
    run_within(cmd, 60)
}

/// Some line of `stderr` names `path` and says `why`.
fn names(stderr: &str, path: &str, why: &str) -> bool {
    stderr.lines().any(|l| l.contains(path) && l.contains(why))
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

fn ln_s(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn first_task(sb: &Sandbox, ws: &Path) -> String {
    let r = run(sb, ws, &["show", PLAN, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    plan["tasks"][0]["id"]
        .as_str()
        .expect("task id")
        .to_string()
}

#[test]
fn special_files_among_the_plans_are_named_and_the_others_listed() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let y2022 = ws.join("plans/2022");
    ln_s(Path::new("/dev/zero"), &y2022.join("zero.toml"));
    mkfifo(&y2022.join("pipe.toml"));
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        outside.path().join("secret.toml"),
        "schema = 1\ntitle = \"外面的秘密\"\nyear = 2022\nkind = \"plan\"\n",
    )
    .expect("write");
    ln_s(
        &outside.path().join("secret.toml"),
        &y2022.join("secret.toml"),
    );
    let huge = std::fs::File::create(y2022.join("huge.toml")).expect("create");
    huge.set_len(9 << 20).expect("9 MiB");

    for args in [
        &["list"][..],
        &["list", "--json"],
        &["agenda", "--year", "2022", "--month", "3"],
        &["find", "外面的秘密"],
    ] {
        let r = run(&sb, &ws, args);
        assert!(
            r.stdout.contains(PLAN) || args[0] == "find",
            "{args:?}: {}",
            r.stdout
        );
        assert!(
            !r.stdout.contains("外面的秘密"),
            "{args:?} read outside: {}",
            r.stdout
        );
        if args[0] != "find" {
            assert!(!r.ok, "{args:?} should say files were refused");
            for (name, why) in [
                ("plans/2022/zero.toml", "symbolic link"),
                ("plans/2022/pipe.toml", "FIFO"),
                ("plans/2022/secret.toml", "symbolic link"),
                ("plans/2022/huge.toml", "8 MiB"),
            ] {
                let line = r
                    .stderr
                    .lines()
                    .find(|l| l.contains(name))
                    .unwrap_or_else(|| panic!("{args:?}: {name} not named in {}", r.stderr));
                assert!(line.contains(why), "{args:?}: {line}");
            }
        }
    }
    let r = run(&sb, &ws, &["show", "2022/secret"]);
    assert!(!r.ok);
    assert!(
        names(&r.stderr, "plans/2022/secret.toml", "is a symbolic link"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("外面的秘密"));
}

#[test]
fn a_linked_year_folder_is_neither_read_nor_written_through() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let outside = tempfile::tempdir().expect("tempdir");
    ln_s(outside.path(), &ws.join("plans/2024"));

    let r = run(&sb, &ws, &["new", "2024/escape", "--title", "越界"]);
    assert!(!r.ok, "{}", r.stdout);
    assert!(
        names(&r.stderr, "plans/2024", "is a symbolic link"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_dir(outside.path()).expect("read").count(),
        0,
        "a file was created outside the workspace"
    );

    // A plan moved behind a linked folder: tick refuses instead of writing there.
    let src = ws.join("plans/2023/guide-town-plan.toml");
    let text = std::fs::read_to_string(&src).expect("read");
    std::fs::write(outside.path().join("guide-town-plan.toml"), &text).expect("write");
    let r = run(&sb, &ws, &["list"]);
    assert!(
        names(&r.stderr, "plans/2024", "is a symbolic link"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("2024/guide-town-plan"), "{}", r.stdout);
    let r = run(&sb, &ws, &["tick", "2024/guide-town-plan", "x"]);
    assert!(!r.ok);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("guide-town-plan.toml")).expect("read"),
        text
    );
    assert!(
        sb.git(&ws, &["log", "--format=%s"])
            .lines()
            .all(|l| !l.contains("2024/"))
    );
}

#[test]
fn a_linked_plan_file_is_not_ticked_through() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let task = first_task(&sb, &ws);
    let outside = tempfile::tempdir().expect("tempdir");
    let plan_file = ws.join(format!("plans/{PLAN}.toml"));
    let text = std::fs::read_to_string(&plan_file).expect("read");
    let target = outside.path().join("elsewhere.toml");
    std::fs::write(&target, &text).expect("write");
    std::fs::remove_file(&plan_file).expect("rm");
    ln_s(&target, &plan_file);

    let r = run(&sb, &ws, &["tick", PLAN, &task]);
    assert!(!r.ok, "{}", r.stdout);
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(&plan_file)
            .expect("still there")
            .file_type()
            .is_symlink(),
        "the link was replaced"
    );
    assert_eq!(std::fs::read_to_string(&target).expect("read"), text);
}

#[test]
fn a_committed_link_arriving_by_clone_is_refused() {
    let sb = Sandbox::new();
    let origin = sb.path("origin");
    let r = sb.run(&["init", origin.to_str().expect("utf-8"), "--examples"]);
    assert!(r.ok, "{}", r.stderr);
    ln_s(Path::new("/dev/zero"), &origin.join("plans/2022/zero.toml"));
    ln_s(Path::new("/etc"), &origin.join("plans/2019"));
    sb.git(&origin, &["add", "plans"]);
    sb.git(&origin, &["commit", "-q", "-m", "hostile links"]);

    let clone = sb.path("clone");
    sb.git(
        sb.home.path(),
        &["clone", "-q", origin.to_str().expect("utf-8"), "clone"],
    );
    assert!(
        std::fs::symlink_metadata(clone.join("plans/2022/zero.toml"))
            .expect("cloned")
            .file_type()
            .is_symlink()
    );
    for args in [&["list"][..], &["agenda", "--year", "2022"]] {
        let r = run(&sb, &clone, args);
        assert!(
            r.stdout.contains(PLAN) || args[0] == "agenda",
            "{}",
            r.stdout
        );
        assert!(
            names(&r.stderr, "plans/2022/zero.toml", "is a symbolic link"),
            "{}",
            r.stderr
        );
        if args[0] == "list" {
            assert!(
                names(&r.stderr, "plans/2019", "is a symbolic link"),
                "{}",
                r.stderr
            );
        }
    }
    let task = first_task(&sb, &clone);
    let r = run(&sb, &clone, &["tick", PLAN, &task]);
    assert!(r.ok, "the other plans still work: {}", r.stderr);
}

#[test]
fn imports_refuse_fifos_devices_and_huge_files_without_blocking() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("plan.txt");
    mkfifo(&fifo);
    let huge = dir.path().join("huge.txt");
    std::fs::File::create(&huge)
        .expect("create")
        .set_len(51 << 20)
        .expect("51 MB");
    let zero_link = dir.path().join("zero.txt");
    ln_s(Path::new("/dev/zero"), &zero_link);

    for (file, why) in [
        (fifo.as_path(), "not a regular file"),
        (Path::new("/dev/zero"), "not a regular file"),
        (zero_link.as_path(), "not a regular file"),
        (huge.as_path(), "more than the 50 MB"),
    ] {
        let r = run(&sb, &ws, &["import", file.to_str().expect("utf-8")]);
        assert!(!r.ok, "{file:?}");
        assert!(r.stderr.contains(why), "{file:?}: {}", r.stderr);
    }
    // The folder: each one refused by name, none blocks.
    let r = run(&sb, &ws, &["import", dir.path().to_str().expect("utf-8")]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert!(
        said.contains("plan.txt") && said.contains("zero.txt"),
        "{said}"
    );
    assert!(sb.git(&ws, &["status", "--porcelain"]).is_empty());
}

#[test]
fn export_never_writes_into_git_or_over_a_plan_and_asks_before_overwriting() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let head = std::fs::read(ws.join(".git/HEAD")).expect("HEAD");
    let plan_file = ws.join("plans/2023/guide-town-plan.toml");
    let plan_text = std::fs::read(&plan_file).expect("plan");
    for (target, why) in [
        (ws.join(".git/HEAD"), ".git folder"),
        (plan_file.clone(), "file of the workspace"),
    ] {
        for force in [false, true] {
            let mut args = vec!["export", PLAN, "--format", "md", "-o"];
            args.push(target.to_str().expect("utf-8"));
            if force {
                args.push("--force");
            }
            let r = run(&sb, &ws, &args);
            assert!(!r.ok, "{args:?}");
            assert!(r.stderr.contains(why), "{}", r.stderr);
        }
    }
    assert_eq!(std::fs::read(ws.join(".git/HEAD")).expect("HEAD"), head);
    assert_eq!(std::fs::read(&plan_file).expect("plan"), plan_text);
    sb.git(&ws, &["fsck", "--strict"]);

    // Another file: refused without a terminal to ask on, unless --force.
    let other = sb.path("notes.md");
    std::fs::write(&other, "mine").expect("write");
    let o = other.to_str().expect("utf-8");
    let r = run(&sb, &ws, &["export", PLAN, "--format", "md", "-o", o]);
    assert!(!r.ok);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&other).expect("read"), "mine");
    let r = run(
        &sb,
        &ws,
        &["export", PLAN, "--format", "md", "-o", o, "--force"],
    );
    assert!(r.ok, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&other)
            .expect("read")
            .contains("# ")
    );
    // A new file needs no question.
    let fresh = sb.path("fresh.md");
    let r = run(
        &sb,
        &ws,
        &[
            "export",
            PLAN,
            "--format",
            "md",
            "-o",
            fresh.to_str().expect("utf-8"),
        ],
    );
    assert!(r.ok, "{}", r.stderr);
}

#[test]
fn a_linked_plans_folder_and_settings_file_are_refused() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::rename(ws.join("plans"), outside.path().join("plans")).expect("move");
    ln_s(&outside.path().join("plans"), &ws.join("plans"));

    let r = run(&sb, &ws, &["list"]);
    assert!(!r.ok);
    assert!(
        !r.stdout.contains(PLAN),
        "read through the link: {}",
        r.stdout
    );
    assert!(
        names(&r.stderr, "plans", "is a symbolic link"),
        "{}",
        r.stderr
    );
    let r = run(&sb, &ws, &["new", "2030/through-link", "--title", "越界"]);
    assert!(!r.ok);
    assert!(!outside.path().join("plans/2030").exists());

    // plandesk.toml linked to a device: named, never opened.
    std::fs::remove_file(ws.join("plans")).expect("rm link");
    std::fs::rename(outside.path().join("plans"), ws.join("plans")).expect("move back");
    std::fs::remove_file(ws.join("plandesk.toml")).expect("rm");
    ln_s(Path::new("/dev/zero"), &ws.join("plandesk.toml"));
    let r = run(&sb, &ws, &["list"]);
    assert!(r.stdout.contains(PLAN), "{}", r.stdout);
    assert!(
        names(&r.stderr, "plandesk.toml", "is a symbolic link"),
        "{}",
        r.stderr
    );
}
