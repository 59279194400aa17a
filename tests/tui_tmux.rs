//! The real binary in a real terminal (tmux): open a plan, type Chinese into
//! a body, save, quit, and read the commit back with git. Each test has its
//! own tmux server (a unique socket) and a sandboxed HOME, and kills the
//! server when it ends. Screens are polled until the text appears.

mod common;
mod tui_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::Sandbox;

const WAIT: Duration = Duration::from_secs(15);

/// A tmux server of our own, killed on drop.
struct Tmux {
    socket: String,
    home: PathBuf,
}

impl Tmux {
    fn new(sb: &Sandbox, name: &str) -> Tmux {
        Tmux {
            socket: format!("plandesk-{name}-{}", std::process::id()),
            home: sb.home.path().to_path_buf(),
        }
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new("tmux");
        c.env_remove("TMUX")
            .env("HOME", &self.home)
            .env("LANG", "C.UTF-8")
            .args(["-u", "-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(args)
            .output()
            .expect("tmux runs (is it installed?)");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Start plandesk in window `win`, sandboxed; the shell reports its exit code.
    fn start(&self, win: &str, repo: &Path, extra: &str) {
        self.start_with(win, repo, "", extra);
    }

    /// As [`Tmux::start`], with `VAR=value` settings in `env`.
    fn start_with(&self, win: &str, repo: &Path, env: &str, extra: &str) {
        self.launch(
            win,
            env,
            &format!("--repo {} --lang zh {extra}", repo.display()),
        );
    }

    /// Start plandesk without `--repo`: its own workspace in the sandbox's
    /// data folder, made on the first run.
    fn start_first_run(&self, win: &str) {
        self.launch(win, "", "--lang zh");
    }

    fn launch(&self, win: &str, env: &str, args: &str) {
        self.launch_in(win, None, env, args);
    }

    /// As [`Tmux::launch`], started from the folder `cwd`.
    fn launch_in(&self, win: &str, cwd: Option<&Path>, env: &str, args: &str) {
        let bin = env!("CARGO_BIN_EXE_plandesk");
        let cd = cwd.map_or(String::new(), |d| format!("cd '{}' && ", d.display()));
        let home = self.home.display();
        let line = format!(
            "{cd}env -u VISUAL -u EDITOR -u PLANDESK_REPO -u GIT_DIR -u LC_ALL -u LC_MESSAGES \
             -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
             HOME={home} XDG_CONFIG_HOME={home}/.config XDG_DATA_HOME={home}/.local/share \
             GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL={home}/.gitconfig LANG=C.UTF-8 {env} \
             {bin} {args}; echo EXIT=$?; sleep 600"
        );
        let has_session = self
            .cmd()
            .args(["has-session", "-t", "t"])
            .output()
            .is_ok_and(|o| o.status.success());
        if has_session {
            self.run(&["new-window", "-t", "t", "-n", win, &line]);
        } else {
            self.run(&[
                "new-session",
                "-d",
                "-s",
                "t",
                "-n",
                win,
                "-x",
                "100",
                "-y",
                "30",
                &line,
            ]);
        }
    }

    fn screen(&self, win: &str) -> String {
        self.run(&["capture-pane", "-p", "-t", &format!("t:{win}")])
    }

    /// Poll the screen until `want` holds; panics with the screen after [`WAIT`].
    fn wait(&self, win: &str, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(win);
            if want(&s) {
                return s;
            }
            if start.elapsed() > WAIT {
                panic!("waited {WAIT:?} for {what}; the screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, win: &str, text: &str) -> String {
        self.wait(win, text, |s| s.contains(text))
    }

    fn wait_gone(&self, win: &str, text: &str) -> String {
        self.wait(win, &format!("{text} to go"), |s| !s.contains(text))
    }

    fn keys(&self, win: &str, keys: &[&str]) {
        let target = format!("t:{win}");
        let mut args = vec!["send-keys", "-t", &target];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn text(&self, win: &str, text: &str) {
        self.run(&["send-keys", "-t", &format!("t:{win}"), "-l", text]);
    }

    /// The id of the plandesk process under the window's shell.
    fn plandesk_pid(&self, win: &str) -> u32 {
        let shell = self.run(&[
            "display-message",
            "-p",
            "-t",
            &format!("t:{win}"),
            "#{pane_pid}",
        ]);
        let shell = shell.trim();
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children"))
            .expect("children of the shell");
        children
            .split_whitespace()
            .next()
            .and_then(|p| p.parse().ok())
            .expect("plandesk runs under the shell")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let socket = self
            .cmd()
            .args(["display-message", "-p", "#{socket_path}"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        let _ = self.cmd().arg("kill-server").output();
        if let Ok(path) = socket
            && path.ends_with(&self.socket)
        {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A workspace with the sample plan committed by plain git.
fn workspace(sb: &Sandbox) -> PathBuf {
    let dir = sb.path("ws");
    let r = sb.run(&["init", dir.to_str().expect("utf-8 path")]);
    assert!(r.ok, "{}", r.stderr);
    let file = dir.join("plans/2024/work-plan.toml");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &file,
        plandesk::model::write_plan(&tui_common::sample_plan()),
    )
    .expect("write");
    sb.git(&dir, &["add", "."]);
    sb.git(&dir, &["commit", "-qm", "Add the 2024 plan"]);
    dir
}

#[test]
fn type_chinese_into_a_body_save_quit_and_git_has_the_commit() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "edit");
    tmux.start("w", &ws, "");
    tmux.wait_for("w", "汪场镇政协联络处2024年工作计划");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "大纲");
    tmux.keys("w", &["j"]);
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "编辑中");
    tmux.keys("w", &["C-End"]);
    tmux.text("w", "加强学习");
    tmux.wait_for("w", "每季度一次。加强学习");
    tmux.wait_for("w", "● 未保存");
    tmux.keys("w", &["C-s"]);
    tmux.wait_for("w", "已保存");
    tmux.keys("w", &["Escape"]);
    tmux.wait_gone("w", "编辑中");
    tmux.keys("w", &["q"]);
    let screen = tmux.wait_for("w", "EXIT=0");
    assert!(!screen.contains("大纲"), "the UI is gone:\n{screen}");

    let subject = sb.git(&ws, &["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), "Edit 2024/work-plan: （一）开展专题学习");
    let trailers = sb.git(&ws, &["log", "-1", "--format=%b"]);
    assert!(trailers.contains("Action: edit"), "{trailers}");
    let file = sb.git(&ws, &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("每季度一次。加强学习"), "{file}");
    assert!(sb.git(&ws, &["status", "--porcelain"]).trim().is_empty());
}

#[test]
fn first_run_without_a_git_identity_opens_and_the_first_save_asks_who() {
    let sb = Sandbox::without_identity();
    let tmux = Tmux::new(&sb, "ident");
    tmux.start_first_run("w");
    // The examples are there to browse at once; nothing is asked.
    tmux.wait_for("w", "乡镇政协工作总结及计划");
    let screen = tmux.screen("w");
    assert!(!screen.contains("姓名"), "{screen}");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "大纲");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "编辑中");
    tmux.keys("w", &["C-End"]);
    tmux.text("w", "第一次修改");
    tmux.wait_for("w", "● 未保存");
    tmux.keys("w", &["C-s"]);
    tmux.wait_for("w", "你的姓名和邮箱");
    tmux.text("w", "王小明");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "邮箱");
    tmux.text("w", "wang@example.org");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "用于所有 git");
    // For all git use.
    tmux.keys("w", &["Right"]);
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "已保存");
    tmux.keys("w", &["Escape"]);
    tmux.wait_gone("w", "编辑中");
    tmux.keys("w", &["q"]);
    tmux.wait_for("w", "EXIT=0");

    let ws = sb.path(".local/share/plandesk/workspace");
    let last = sb.git(&ws, &["log", "-1", "--format=%an <%ae>|%cn <%ce>|%s"]);
    assert!(
        last.starts_with("王小明 <wang@example.org>|王小明 <wang@example.org>|Edit "),
        "{last}"
    );
    let before = sb.git(&ws, &["log", "--format=%an", "HEAD~1"]);
    assert!(
        before.lines().all(|a| a == "plandesk"),
        "the examples came in as plandesk: {before}"
    );
    let global = sb.git(&ws, &["config", "--global", "--get", "user.name"]);
    assert_eq!(global.trim(), "王小明");
    let diff = sb.git(&ws, &["show", "HEAD"]);
    assert!(diff.contains("第一次修改"), "{diff}");
}

#[test]
fn sigterm_restores_the_terminal_and_the_unsaved_text_comes_back() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "term");
    tmux.start("a", &ws, "");
    tmux.wait_for("a", "汪场镇政协联络处2024年工作计划");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "大纲");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "编辑中");
    tmux.text("a", "未保存的字");
    tmux.wait_for("a", "未保存的字");
    let pid = tmux.plandesk_pid("a");
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let screen = tmux.wait_for("a", "EXIT=1");
    assert!(screen.contains("stopped by a signal"), "{screen}");
    assert!(!screen.contains("大纲"), "the UI is gone:\n{screen}");
    assert!(
        ws.join(".git/plandesk-recovery/2024-work-plan.toml")
            .is_file()
    );

    // The next start offers the text back; restore it and save.
    tmux.start("b", &ws, "");
    tmux.wait_for("b", "找回未保存的修改");
    tmux.keys("b", &["Enter"]);
    tmux.wait_for("b", "● 未保存");
    tmux.keys("b", &["C-s"]);
    tmux.wait_for("b", "已保存");
    tmux.keys("b", &["q"]);
    tmux.wait_for("b", "EXIT=0");
    let file = sb.git(&ws, &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(
        file.contains("加强理论学习和形势教育。未保存的字"),
        "{file}"
    );
    assert!(
        !ws.join(".git/plandesk-recovery/2024-work-plan.toml")
            .exists()
    );
}

#[test]
fn a_bad_keymap_is_reported_in_the_ui_and_a_small_window_gets_a_message() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "keys");
    let keymap =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/keymap/unknown_action.toml");
    tmux.start("k", &ws, &format!("--keymap {}", keymap.display()));
    // Waited for whole: a screen caught while the first frame is being written
    // may hold the title row and not yet the rows under it.
    tmux.wait("k", "the keymap's problems with file and line", |s| {
        s.contains("键位表有问题") && s.contains("unknown_action.toml:3")
    });
    tmux.keys("k", &["Enter"]);
    tmux.wait_gone("k", "键位表有问题");
    tmux.run(&["resize-window", "-t", "t:k", "-x", "30", "-y", "8"]);
    tmux.wait_for("k", "终端太小");
    tmux.run(&["resize-window", "-t", "t:k", "-x", "100", "-y", "30"]);
    tmux.wait_for("k", "汪场镇政协联络处2024年工作计划");
    // ctrl-s still saves (the default holds for the bad entry).
    tmux.keys("k", &["Enter"]);
    tmux.wait_for("k", "大纲");
    tmux.keys("k", &["F2"]);
    tmux.wait_for("k", "编辑中");
    tmux.text("k", "之一");
    tmux.wait_for("k", "● 未保存");
    tmux.keys("k", &["C-s"]);
    tmux.wait_for("k", "已保存");
    let subject = sb.git(&ws, &["log", "-1", "--format=%s"]);
    assert!(
        subject.starts_with("Edit 2024/work-plan: 一、强化学习"),
        "{subject}"
    );
    let file = sb.git(&ws, &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("之一"), "{file}");
    tmux.keys("k", &["Escape"]);
    tmux.wait_gone("k", "编辑中");
    tmux.keys("k", &["q"]);
    tmux.wait_for("k", "EXIT=0");
}

#[test]
fn a_new_plan_at_40_columns_asks_the_year_first_and_proposes_a_pinyin_name() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "newplan");
    tmux.start("n", &ws, "");
    tmux.wait_for("n", "汪场镇政协联络处2024年工作计划");
    tmux.run(&["resize-window", "-t", "t:n", "-x", "40", "-y", "12"]);
    tmux.keys("n", &["C-n"]);
    tmux.wait_for("n", "年度");
    tmux.keys("n", &["Enter"]);
    tmux.wait_for("n", "标题");
    tmux.text("n", "读书活动安排");
    tmux.keys("n", &["Enter"]);
    // The label wraps inside the 40 columns; the name is proposed from the pinyin.
    let screen = tmux.wait_for("n", "dshdap");
    assert!(screen.contains("拼音首字母"), "{screen}");
    tmux.keys("n", &["Enter"]);
    tmux.wait_for("n", "大纲");
    let subject = sb.git(&ws, &["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), "New 2024/dshdap: 读书活动安排");
    tmux.keys("n", &["q"]);
    tmux.wait_for("n", "EXIT=0");
}

#[test]
fn a_body_goes_to_the_editor_and_comes_back() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    // An "editor" that shows itself on the normal screen and appends a line typed into it.
    let editor = sb.path("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'EDITOR-RUNNING\\n'\nread line\nprintf '%s' \"$line\" >> \"$1\"\n",
    )
    .expect("write editor");
    let tmux = Tmux::new(&sb, "editor");
    tmux.start_with("e", &ws, &format!("EDITOR='sh {}'", editor.display()), "");
    tmux.wait_for("e", "汪场镇政协联络处2024年工作计划");
    tmux.keys("e", &["Enter"]);
    tmux.wait_for("e", "大纲");
    tmux.keys("e", &["C-e"]);
    let screen = tmux.wait_for("e", "EDITOR-RUNNING");
    assert!(
        !screen.contains("大纲"),
        "the UI made way for the editor:\n{screen}"
    );
    tmux.text("e", "外部编辑的长文");
    tmux.keys("e", &["Enter"]);
    tmux.wait_for("e", "加强理论学习和形势教育。外部编辑的长文");
    tmux.keys("e", &["C-s"]);
    tmux.wait_for("e", "已保存");
    tmux.keys("e", &["q"]);
    tmux.wait_for("e", "EXIT=0");
    let file = sb.git(&ws, &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(
        file.contains("加强理论学习和形势教育。外部编辑的长文"),
        "{file}"
    );
}

#[test]
fn open_the_history_enter_on_a_commit_see_the_diff_and_quit() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let file = ws.join("plans/2024/work-plan.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("每季度一次。", "每季度两次。")).expect("write");
    sb.git(&ws, &["commit", "-qam", "Twice a quarter"]);
    let tmux = Tmux::new(&sb, "history");
    tmux.start("h", &ws, "");
    tmux.wait_for("h", "汪场镇政协联络处2024年工作计划");
    tmux.keys("h", &["M-h"]);
    tmux.wait_for("h", "历史：全部计划");
    tmux.wait_for("h", "Twice a quarter");
    tmux.keys("h", &["Enter"]);
    let screen = tmux.wait_for("h", "每季度一两次。");
    assert!(screen.contains("（一）开展专题学习"), "{screen}");
    tmux.keys("h", &["Escape"]);
    tmux.wait_for("h", "历史：全部计划");
    tmux.keys("h", &["q"]);
    tmux.wait_for("h", "EXIT=0");
}

#[test]
fn a_conflict_from_a_real_sync_is_shown_side_by_side_and_theirs_taken() {
    use common::office::{BODY_A, BODY_B, Office, PLAN};
    let o = Office::new();
    o.collide();
    let before = o.sb.git(&o.b, &["rev-parse", "HEAD"]);
    let tmux = Tmux::new(&o.sb, "conflicts");
    // The plan list opens on 2022, the collided plan's year.
    tmux.start_with("c", &o.b, "PLANDESK_TODAY=2022-06-01", "");
    tmux.wait_for("c", "冲突2 乡镇政协工作总结及计划");
    tmux.keys("c", &["Enter"]);
    tmux.wait_for("c", "2 处同步冲突待解决（alt-x）");
    tmux.keys("c", &["M-x"]);
    let screen = tmux.wait_for("c", "对方（theirs）");
    // Ours and theirs each hold the base's 1 (crossed out) and their own figure.
    for side in [
        "共同的原版",
        "集中组织1次专",
        "本机（ours）",
        "集中组织13次",
        "集中组织12次",
    ] {
        assert!(screen.contains(side), "{side} not on\n{screen}");
    }
    tmux.keys("c", &["M-t"]);
    tmux.wait_for("c", "还剩 1 处");
    // One commit on top, made by plandesk, holding their text in the plan file.
    assert_eq!(o.sb.git(&o.b, &["rev-parse", "HEAD~1"]), before);
    let msg = o.sb.git(&o.b, &["log", "-1", "--format=%B"]);
    assert!(
        msg.contains(&format!("Plan: {PLAN}\nAction: resolve\n")),
        "{msg}"
    );
    let files = o.sb.git(
        &o.b,
        &["diff-tree", "--no-commit-id", "--name-only", "-r", "HEAD"],
    );
    assert_eq!(files.trim(), format!("plans/{PLAN}.toml"));
    let text = o.committed(&o.b);
    assert!(text.contains(BODY_A) && !text.contains(BODY_B), "{text}");
    assert_eq!(text.matches("[[conflicts]]").count(), 1, "{text}");
    assert!(o.sb.git(&o.b, &["status", "--porcelain"]).trim().is_empty());
    o.sb.git(&o.b, &["fsck", "--strict"]);
    tmux.keys("c", &["Escape"]);
    tmux.wait_for("c", "1 处同步冲突待解决");
    tmux.keys("c", &["q"]);
    tmux.wait_for("c", "EXIT=0");
}

#[test]
fn closing_the_terminal_ends_plandesk_and_keeps_the_unsaved_text() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "hup");
    tmux.start("a", &ws, "");
    tmux.wait_for("a", "汪场镇政协联络处2024年工作计划");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "大纲");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "编辑中");
    tmux.text("a", "窗口关掉前的字");
    tmux.wait_for("a", "窗口关掉前的字");
    let pid = tmux.plandesk_pid("a");
    // The window goes away: the terminal hangs up under plandesk.
    tmux.run(&["kill-window", "-t", "t:a"]);
    let gone = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        !std::path::Path::new(&format!("/proc/{pid}")).exists()
            || std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| s.contains(") Z "))
    });
    assert!(gone, "plandesk {pid} still runs after its terminal closed");
    let kept = std::fs::read_to_string(ws.join(".git/plandesk-recovery/2024-work-plan.toml"))
        .expect("the unsaved text is kept for the next start");
    assert!(kept.contains("窗口关掉前的字"), "{kept}");
}

#[test]
fn a_panic_restores_the_terminal_and_the_unsaved_text_comes_back() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "panic");
    tmux.start_with("a", &ws, "PLANDESK_TEST_PANIC=1 RUST_BACKTRACE=0", "");
    tmux.wait_for("a", "汪场镇政协联络处2024年工作计划");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "大纲");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "编辑中");
    tmux.text("a", "崩溃前的字");
    tmux.wait_for("a", "崩溃前的字");
    tmux.keys("a", &["F1"]);
    let screen = tmux.wait_for("a", "EXIT=101");
    // The panic report is on a usable screen: the UI's frame is gone.
    assert!(screen.contains("a test asked for a panic"), "{screen}");
    assert!(!screen.contains("大纲"), "the UI is gone:\n{screen}");
    let kept = std::fs::read_to_string(ws.join(".git/plandesk-recovery/2024-work-plan.toml"))
        .expect("the unsaved text is kept");
    assert!(kept.contains("崩溃前的字"), "{kept}");
}

#[test]
fn lookups_and_the_plan_list_come_back_from_background_jobs() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "jobs");
    tmux.start("j", &ws, "");
    tmux.wait_for("j", "汪场镇政协联络处2024年工作计划");
    // Changes since approval walk the plan's history on a job; its answer is shown.
    tmux.keys("j", &["Enter"]);
    tmux.wait_for("j", "大纲");
    tmux.keys("j", &["M-v"]);
    tmux.wait_for("j", "还没有被批准过");
    // Deleting commits at once; the plan list is read again on a job.
    tmux.keys("j", &["Escape"]);
    tmux.wait_gone("j", "大纲");
    tmux.keys("j", &["d"]);
    tmux.wait_for("j", "删除");
    tmux.keys("j", &["Left", "Enter"]);
    tmux.wait_for("j", "还没有计划");
    tmux.keys("j", &["q"]);
    tmux.wait_for("j", "EXIT=0");
    let subject = sb.git(&ws, &["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("Delete 2024/work-plan"), "{subject}");
}

#[test]
fn ctrl_w_in_a_chinese_body_deletes_one_word_and_the_save_has_the_rest() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let tmux = Tmux::new(&sb, "ctrlw");
    tmux.start("w", &ws, "");
    tmux.wait_for("w", "汪场镇政协联络处2024年工作计划");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "大纲");
    tmux.keys("w", &["Enter"]);
    tmux.wait_for("w", "编辑中");
    tmux.keys("w", &["C-End"]);
    tmux.text("w", "提高履职能力和水平");
    tmux.wait_for("w", "形势教育。提高履职能力和水平");
    tmux.keys("w", &["C-w"]);
    let screen = tmux.wait_gone("w", "形势教育。提高履职能力和水平");
    assert!(
        screen.contains("加强理论学习和形势教育。提高履职能力和"),
        "one word went, not the paragraph:\n{screen}"
    );
    tmux.keys("w", &["C-s"]);
    tmux.wait_for("w", "已保存");
    let file = sb.git(&ws, &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(
        file.contains("加强理论学习和形势教育。提高履职能力和\""),
        "{file}"
    );
    tmux.keys("w", &["Escape"]);
    tmux.wait_gone("w", "编辑中");
    tmux.keys("w", &["q"]);
    tmux.wait_for("w", "EXIT=0");
}

#[test]
fn the_finder_opens_with_ctrl_p_finds_pinyin_and_enter_lands_on_the_board() {
    let sb = Sandbox::new();
    let dir = sb.path("ws");
    let r = sb.run(&["init", dir.to_str().expect("utf-8 path")]);
    assert!(r.ok, "{}", r.stderr);
    let mut plan = tui_common::sample_plan();
    plan.tasks = vec![plandesk::model::Task {
        id: String::new(),
        month: 11,
        period: None,
        text: "组织市政协委员集中学习一次".into(),
        status: plandesk::model::Status::Todo,
        done_on: None,
        owner: None,
    }];
    let file = dir.join("plans/2024/work-plan.toml");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, plandesk::model::write_plan(&plan)).expect("write");
    sb.git(&dir, &["add", "."]);
    sb.git(&dir, &["commit", "-qm", "Add the 2024 plan"]);

    let tmux = Tmux::new(&sb, "finder");
    tmux.start("w", &dir, "");
    tmux.wait_for("w", "汪场镇政协联络处2024年工作计划");
    tmux.keys("w", &["C-p"]);
    // The overlay's title (the plan list's hints say 查找 too): typing
    // before it is open would go to the plan list.
    tmux.wait_for("w", "┌ 查找");
    tmux.text("w", "jzxx");
    tmux.wait_for("w", "› 十一月 › 组织市政协委员集中学习一次");
    tmux.keys("w", &["Enter"]);
    // The whole frame, not its first rows: the board with the task in its
    // month, and the finder closed.
    tmux.wait("w", "the task on its month board, the finder closed", |s| {
        s.contains("月度任务")
            && s.contains("十一月")
            && s.contains("组织市政协委员集中学习一次")
            && !s.contains("› 十一月 ›")
            && !s.contains("┌ 查找")
    });
    tmux.keys("w", &["C-q"]);
    tmux.wait_for("w", "EXIT=0");
}

#[test]
fn alt_e_on_the_plan_list_writes_the_docx_in_the_folder_plandesk_started_from() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let out = sb.path("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let tmux = Tmux::new(&sb, "export");
    tmux.launch_in(
        "e",
        Some(&out),
        "",
        &format!("--repo {} --lang zh", ws.display()),
    );
    tmux.wait_for("e", "汪场镇政协联络处2024年工作计划");
    tmux.keys("e", &["M-e"]);
    tmux.wait_for("e", "汪场镇政协联络处2024年工作计划.docx");
    tmux.keys("e", &["Enter"]);
    let file = out.join("汪场镇政协联络处2024年工作计划.docx");
    let screen = tmux.wait_for("e", "已将 2024/work-plan 导出到");
    assert!(
        screen.contains(&*out.to_string_lossy()),
        "the full path is said:\n{screen}"
    );
    let back = plandesk::import::read_file(&file, &plandesk::import::ImportOptions::default())
        .expect("the .docx reads back");
    assert_eq!(
        back.result.plans[0].plan.title,
        "汪场镇政协联络处2024年工作计划"
    );
    tmux.keys("e", &["q"]);
    tmux.wait_for("e", "EXIT=0");
}

/// Poll until `path` exists (or, with `exists` false, is gone).
fn wait_file(path: &Path, exists: bool) {
    let start = Instant::now();
    while path.exists() != exists {
        assert!(
            start.elapsed() < WAIT,
            "waited {WAIT:?} for {} to {}",
            path.display(),
            if exists { "appear" } else { "go" }
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_undone_edit_is_not_offered_back_after_a_reload() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let recovery = ws.join(".git/plandesk-recovery/2024-work-plan.toml");
    let tmux = Tmux::new(&sb, "undo-rec");
    tmux.start("u", &ws, "");
    tmux.wait_for("u", "汪场镇政协联络处2024年工作计划");
    tmux.keys("u", &["Enter"]);
    tmux.wait_for("u", "大纲");
    tmux.keys("u", &["Enter"]);
    tmux.wait_for("u", "编辑中");
    tmux.text("u", "撤销前的字");
    tmux.keys("u", &["Escape"]);
    tmux.wait_gone("u", "编辑中");
    wait_file(&recovery, true);
    tmux.keys("u", &["u"]);
    tmux.wait_for("u", "已撤销");
    assert!(!recovery.exists(), "the snapshot goes with the undo");
    tmux.keys("u", &["F5"]);
    let screen = tmux.wait_for("u", "已重新读取");
    assert!(!screen.contains("找回未保存的修改"), "{screen}");
}

#[test]
fn recovered_edits_older_than_a_commit_say_so_and_ask_before_saving() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let recovery = ws.join(".git/plandesk-recovery/2024-work-plan.toml");
    let tmux = Tmux::new(&sb, "old-rec");
    tmux.start("a", &ws, "");
    tmux.wait_for("a", "汪场镇政协联络处2024年工作计划");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "大纲");
    tmux.keys("a", &["Enter"]);
    tmux.wait_for("a", "编辑中");
    tmux.text("a", "崩溃前的字");
    tmux.keys("a", &["Escape"]);
    tmux.wait_gone("a", "编辑中");
    wait_file(&recovery, true);
    let pid = tmux.plandesk_pid("a");
    let killed = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    tmux.wait_for("a", "EXIT=");
    // Meanwhile, another commit of the plan.
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "submit",
        "2024/work-plan",
    ]);
    assert!(r.ok, "{}", r.stderr);
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);

    tmux.start("b", &ws, "");
    let offer = tmux.wait_for("b", "找回未保存的修改");
    assert!(
        offer.contains("这些修改之后"),
        "says newer commits came:\n{offer}"
    );
    tmux.keys("b", &["Enter"]);
    tmux.wait_for("b", "崩溃前的字");
    tmux.keys("b", &["C-s"]);
    tmux.wait_for("b", "在 plandesk 外被修改过");
    tmux.keys("b", &["Escape"]);
    tmux.wait_gone("b", "在 plandesk 外被修改过");
    assert_eq!(
        sb.git(&ws, &["rev-parse", "HEAD"]),
        head,
        "nothing saved over it"
    );
}

#[test]
fn alt_s_on_the_plan_list_syncs_with_the_remote_and_says_what_it_did() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let remote = bare_remote(&sb);
    add_origin(&sb, &ws, &remote);
    let tmux = Tmux::new(&sb, "sync");
    tmux.start("s", &ws, "");
    tmux.wait_for("s", "汪场镇政协联络处2024年工作计划");
    tmux.keys("s", &["M-s"]);
    tmux.wait_for(
        "s",
        "已与 origin 同步：取回 0 个提交，合并 0 个计划，冲突 0 处，推送 2 个提交",
    );
    assert_eq!(
        sb.git(&remote, &["rev-parse", "main"]),
        sb.git(&ws, &["rev-parse", "HEAD"])
    );
    tmux.keys("s", &["q"]);
    tmux.wait_for("s", "EXIT=0");
}

#[test]
fn the_sync_bar_moves_while_a_large_remote_is_fetched_then_says_done() {
    let sb = Sandbox::new();
    let ws = workspace(&sb);
    let remote = bare_remote(&sb);
    sb.git(
        &ws,
        &["push", "-q", remote.to_str().expect("utf-8"), "main"],
    );
    // A colleague pushes scanned attachments: 6 MiB that does not compress,
    // so the remote's packing and the fetch take long enough to be watched.
    sb.git(sb.home.path(), &["clone", "-q", "remote.git", "big"]);
    let big = sb.path("big");
    std::fs::create_dir_all(big.join("archive")).expect("mkdir");
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for n in 0..12 {
        let mut text = String::with_capacity(1 << 19);
        while text.len() < 1 << 19 {
            // xorshift: noise a compressor cannot shrink much.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(&format!("{seed:016x}"));
        }
        std::fs::write(big.join(format!("archive/scan-{n:02}.txt")), text).expect("write");
    }
    sb.git(&big, &["add", "."]);
    sb.git(&big, &["commit", "-qm", "Scans of 2024"]);
    sb.git(&big, &["push", "-q", "origin", "main"]);
    add_origin(&sb, &ws, &remote);

    let tmux = Tmux::new(&sb, "syncbar");
    tmux.start("s", &ws, "");
    tmux.wait_for("s", "汪场镇政协联络处2024年工作计划");
    tmux.keys("s", &["M-s"]);
    // A frame mid-fetch: the stage, objects of all and bytes, a bar partly drawn.
    let mid = tmux.wait("s", "the bar while fetching", |s| {
        s.lines().any(|l| {
            l.contains("取回 ") && l.contains(" 个对象 · ") && l.contains('━') && l.contains('─')
        })
    });
    let row = mid
        .lines()
        .find(|l| l.contains("取回 "))
        .unwrap_or_default();
    assert!(row.contains("B"), "bytes shown: {row}");
    let done = tmux.wait_for("s", "同步完成");
    assert!(
        done.contains("已与 origin 同步：取回 1 个提交，合并 0 个计划，冲突 0 处，推送 0 个提交"),
        "{done}"
    );
    assert!(
        ws.join("archive/scan-11.txt").is_file(),
        "the colleague's files arrived"
    );
    tmux.keys("s", &["j"]);
    tmux.wait_gone("s", "同步完成");
    tmux.keys("s", &["q"]);
    tmux.wait_for("s", "EXIT=0");
}

/// An empty bare repository `remote.git` in the sandbox's home.
fn bare_remote(sb: &Sandbox) -> std::path::PathBuf {
    sb.git(
        sb.home.path(),
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    sb.path("remote.git")
}

/// `remote` as the workspace's `origin`, added through plandesk.
fn add_origin(sb: &Sandbox, ws: &std::path::Path, remote: &std::path::Path) {
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "remote",
        "add",
        "origin",
        remote.to_str().expect("utf-8"),
    ]);
    assert!(r.ok, "{}", r.stderr);
}
