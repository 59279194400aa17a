//! No raw control character, escape sequence or bidi control from a plan,
//! a file name or an argument reaches a terminal, through any command's
//! output or any error; output to a full disk or a closed pipe ends with a
//! message (or, for a closed pipe, quietly) and never a panic.
//!
//! The terminal path is taken with `PLANDESK_ASSUME_TERMINAL=1` (standard
//! output counts as a terminal), and once for real under a pty (`script`).
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Run, Sandbox};

/// OSC 52 (write the clipboard), CSI 2J (clear), BEL, an 8-bit CSI, RLO,
/// an isolate and a carriage return.
const EVIL: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}\u{2066}\r";
/// The bytes that must never reach a terminal raw.
const RAW: [&str; 7] = [
    "\u{1b}", "\u{7}", "\u{9b}", "\u{202e}", "\u{2066}", "\r", "\u{202c}",
];

/// The colours `diff` itself puts around changed text on a terminal.
const DIFF_COLOURS: [&str; 4] = ["\u{1b}[31;9m", "\u{1b}[32m", "\u{1b}[31m", "\u{1b}[0m"];

fn assert_clean(what: &str, r: &Run) {
    // plandesk's own colour codes aside (EVIL holds none of them), not one
    // escape may be left.
    let stdout = DIFF_COLOURS
        .iter()
        .fold(r.stdout.clone(), |s, code| s.replace(code, ""));
    for bad in RAW {
        assert!(
            !stdout.contains(bad),
            "{what}: {bad:?} raw on stdout: {:?}",
            r.stdout
        );
        assert!(
            !r.stderr.contains(bad),
            "{what}: {bad:?} raw on stderr: {:?}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
}

/// A workspace whose plan is full of escapes: title, org, sections, a
/// target, a task, and a commit summary, committed with the git CLI.
fn hostile() -> (Sandbox, PathBuf) {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let e = EVIL
        .chars()
        .map(|c| match c {
            c if c.is_control() => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect::<String>();
    let text = format!(
        "schema = 1\ntitle = \"恶意{e}计划\"\nyear = 2022\nkind = \"plan\"\norg = \"单位{e}\"\n\n\
         [[targets]]\nid = \"tg1\"\nname = \"指标{e}\"\ntarget = \"增长{e}10%\"\n\n\
         [[sections]]\nid = \"se1\"\ndepth = 1\nheading = \"一{e}\"\nbody = \"正文{e}\"\n\n\
         [[tasks]]\nid = \"ta1\"\nmonth = 3\ntext = \"任务{e}\"\nstatus = \"todo\"\nowner = \"人{e}\"\n"
    );
    std::fs::write(ws.join("plans/2022/evil.toml"), &text).expect("write");
    sb.git(&ws, &["add", "plans/2022/evil.toml"]);
    sb.git(
        &ws,
        &["commit", "-q", "-m", &format!("Edit 2022/evil: {EVIL}")],
    );
    // A file name with an escape, which list reports on stderr.
    std::fs::write(ws.join(format!("plans/2022/bad{EVIL}.toml")), "x").expect("write");
    (sb, ws)
}

fn as_terminal(sb: &Sandbox, ws: &Path, args: &[&str]) -> Run {
    let out = sb
        .plandesk()
        .env("PLANDESK_ASSUME_TERMINAL", "1")
        .env("PLANDESK_TODAY", "2022-03-10")
        .arg("--repo")
        .arg(ws)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    Run::from(out)
}

#[test]
fn no_escape_reaches_the_terminal_through_any_command() {
    let (sb, ws) = hostile();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["show", "2022/evil"],
        vec!["show", "2022/evil", "--format", "toml"],
        vec!["show", "2022/evil", "--format", "json"],
        vec!["show", "2022/evil", "--format", "md"],
        vec!["agenda", "--year", "2022", "--month", "3"],
        vec!["agenda", "--year", "2022", "--month", "3", "--json"],
        vec!["log"],
        vec!["log", "--json"],
        vec!["log", "2022/evil"],
        vec!["diff", "2022/evil"],
        vec!["diff", "2022/evil", "--raw"],
        vec!["export", "2022/evil", "--format", "md"],
        vec!["export", "2022/evil", "--format", "text"],
        vec!["find", "任务"],
        vec!["find", "任务", "--json"],
        vec!["verify"],
        vec!["tick", "2022/evil", "ta1"],
        vec!["summary", "2022/evil"],
        vec!["submit", "2022/evil", "-m", EVIL],
        vec!["restore", "2022/evil", "HEAD~2"],
        // Errors that echo what was typed.
        vec!["show", EVIL],
        vec!["show", "2022/x\u{1b}[2J"],
        vec!["restore", "2022/evil", EVIL],
        vec!["diff", "2022/evil", EVIL],
        vec!["tick", "2022/evil", EVIL],
        vec!["new", EVIL, "--title", EVIL],
        vec!["import", EVIL],
        vec!["find", EVIL],
    ];
    for args in &commands {
        let r = as_terminal(&sb, &ws, args);
        assert_clean(&format!("{args:?}"), &r);
    }
    // The same under a name typed for --repo.
    let r = sb
        .plandesk()
        .env("PLANDESK_ASSUME_TERMINAL", "1")
        .args(["--repo", &format!("/tmp/no{EVIL}where"), "list"])
        .output()
        .expect("run");
    let r = Run::from(r);
    assert!(!r.ok);
    assert!(r.stderr.contains("no␛]52"), "{}", r.stderr);
    assert_clean("--repo", &r);
}

#[test]
fn escapes_are_shown_not_dropped_and_kept_raw_for_pipes_and_raw_output() {
    let (sb, ws) = hostile();
    let r = as_terminal(&sb, &ws, &["export", "2022/evil", "--format", "text"]);
    assert!(
        r.stdout.contains("恶意␛]52;c;ZXZpbA==␇␛[2J�31m��␍计划"),
        "{}",
        r.stdout
    );
    // A pipe gets the plan's text exactly.
    let r = Run::from(
        sb.plandesk()
            .args([
                "--repo",
                ws.to_str().expect("utf-8"),
                "export",
                "2022/evil",
                "--format",
                "text",
            ])
            .output()
            .expect("run"),
    );
    assert!(
        r.stdout.contains(&format!("恶意{EVIL}计划")),
        "{:?}",
        r.stdout
    );
    // And a terminal too, when asked for with --raw-output.
    let r = as_terminal(
        &sb,
        &ws,
        &["--raw-output", "export", "2022/evil", "--format", "text"],
    );
    assert!(
        r.stdout.contains(&format!("恶意{EVIL}计划")),
        "{:?}",
        r.stdout
    );
}

#[test]
fn a_real_pty_gets_no_raw_escape() {
    let (sb, ws) = hostile();
    let log = sb.path("typescript");
    let cmd = format!(
        "{} --repo {} export 2022/evil --format text; {} --repo {} show '{}'",
        env!("CARGO_BIN_EXE_plandesk"),
        ws.display(),
        env!("CARGO_BIN_EXE_plandesk"),
        ws.display(),
        "2022/\u{1b}[2Jx"
    );
    let status = Command::new("script")
        .args(["-q", "-e", "-c", &cmd])
        .arg(&log)
        .env("HOME", sb.home.path())
        .env("GIT_CONFIG_GLOBAL", sb.home.path().join(".gitconfig"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .expect("script (util-linux) runs");
    assert!(status.success() || status.code() == Some(1), "{status:?}");
    let typescript = std::fs::read(&log).expect("typescript");
    let text = String::from_utf8_lossy(&typescript);
    // The pty saw the plan, with the escapes made visible…
    assert!(text.contains("恶意␛]52;c;ZXZpbA==␇"), "{text:?}");
    assert!(text.contains("2022/␛[2Jx"), "{text:?}");
    // …and not one of them raw (script's own header lines aside).
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("Script started") && !l.starts_with("Script done"))
        .collect::<Vec<_>>()
        .join("\n");
    for bad in ["\u{1b}]52", "\u{1b}[2J", "\u{9b}", "\u{202e}", "\u{7}"] {
        assert!(!body.contains(bad), "{bad:?} raw in {body:?}");
    }
}

/// Every printing command, pointed at a full disk: a message and exit 1.
#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let sb = Sandbox::new();
    let ws = sb.examples();
    let plan = "2022/wangchang-cppcc-plan";
    for args in [
        &["log"][..],
        &["list"],
        &["list", "--json"],
        &["show", plan],
        &["diff", plan],
        &["agenda", "--year", "2022", "--month", "3"],
        &["summary", plan, "--id", "2022/full-summary"],
        &["verify"],
        &["export", plan, "--format", "md"],
        &["export", plan, "--format", "docx"],
        &["find", "活动"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = sb
            .plandesk()
            .arg("--repo")
            .arg(&ws)
            .args(args)
            .stdout(full)
            .output()
            .expect("run");
        let r = Run::from(out);
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("cannot write to standard output"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    for args in [
        &["log"][..],
        &["list"],
        &["show", "2022/wangchang-cppcc-plan"],
    ] {
        let mut child = sb
            .plandesk()
            .arg("--repo")
            .arg(&ws)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // The reader goes away before plandesk writes (`| head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let r = Run::from(out);
        assert_ne!(r.code, Some(101), "{args:?} panicked: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{args:?}: {}", r.stderr);
    }
}

/// `export -o` over an existing file asks on a terminal: "n" keeps the
/// file, "y" writes it. Run under a pty (`script`), answers typed in.
#[test]
fn export_asks_on_a_terminal_before_writing_over_a_file() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let target = sb.path("notes.md");
    for (answer, written) in [("n", false), ("y", true)] {
        std::fs::write(&target, "mine").expect("write");
        let cmd = format!(
            "{} --repo {} export 2022/wangchang-cppcc-plan --format md -o {}",
            env!("CARGO_BIN_EXE_plandesk"),
            ws.display(),
            target.display()
        );
        let mut child = Command::new("script")
            .args(["-q", "-e", "-c", &cmd, "/dev/null"])
            .env("HOME", sb.home.path())
            .env("GIT_CONFIG_GLOBAL", sb.home.path().join(".gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("script (util-linux) runs");
        {
            use std::io::Write as _;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin
                .write_all(format!("{answer}\n").as_bytes())
                .expect("answer");
        }
        let out = child.wait_with_output().expect("wait");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("exists. Write over it? [y/N]"), "{said}");
        let now = std::fs::read_to_string(&target).expect("read");
        assert_eq!(now != "mine", written, "answer {answer}: {said}");
    }
}
