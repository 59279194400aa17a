//! Shared test helpers: a sandboxed HOME so the machine's git config never
//! leaks in, the real binary, and the real `git` CLI to read results back.
#![allow(dead_code)]

pub mod office;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub const NAME: &str = "测试用户";
pub const EMAIL: &str = "tester@example.org";

pub struct Sandbox {
    pub home: TempDir,
}

impl Sandbox {
    /// A HOME whose git config has an identity.
    pub fn new() -> Sandbox {
        Sandbox::with_identity(Some((NAME, EMAIL)))
    }

    /// A HOME with no git identity at all.
    pub fn without_identity() -> Sandbox {
        Sandbox::with_identity(None)
    }

    fn with_identity(who: Option<(&str, &str)>) -> Sandbox {
        let home = TempDir::new().expect("temp home");
        let mut config = String::from("[init]\n\tdefaultBranch = main\n");
        if let Some((n, e)) = who {
            config.push_str(&format!("[user]\n\tname = {n}\n\temail = {e}\n"));
        }
        std::fs::write(home.path().join(".gitconfig"), config).expect("write gitconfig");
        Sandbox { home }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.home.path().join(rel)
    }

    fn env(&self, cmd: &mut Command) {
        for var in [
            "GIT_AUTHOR_NAME",
            "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME",
            "GIT_COMMITTER_EMAIL",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "PLANDESK_REPO",
            "EDITOR",
            "VISUAL",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join(".config"))
            .env("XDG_DATA_HOME", self.home.path().join(".local/share"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.path().join(".gitconfig"))
            .env("LANG", "C.UTF-8")
            .env("TZ", "Asia/Shanghai");
    }

    /// The plandesk binary, sandboxed.
    pub fn plandesk(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plandesk"));
        self.env(&mut cmd);
        cmd
    }

    /// Run plandesk with `args`; the output, whatever the exit code.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.plandesk().args(args).output().expect("run plandesk");
        Run::from(out)
    }

    /// Run the git CLI in `dir`; panics unless it succeeds.
    pub fn git(&self, dir: &Path, args: &[&str]) -> String {
        let mut cmd = Command::new("git");
        self.env(&mut cmd);
        let out = cmd.current_dir(dir).args(args).output().expect("run git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A workspace with the example plans, made by `plandesk init --examples`.
    pub fn examples(&self) -> PathBuf {
        let dir = self.path("ws");
        let r = self.run(&["init", dir.to_str().expect("utf-8 path"), "--examples"]);
        assert!(r.ok, "init failed: {}", r.stderr);
        dir
    }
}

pub struct Run {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            ok: o.status.success(),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// git's own answer in `dir` for in-process tests, with the machine's config
/// kept out (HOME is the repository, which has its identity in .git/config).
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// In-process store tests: keep the machine's global and system git config
/// out of libgit2 for this test binary, once.
pub fn sandbox_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let empty =
            std::env::temp_dir().join(format!("plandesk-empty-gitconfig-{}", std::process::id()));
        std::fs::create_dir_all(&empty).expect("empty config dir");
        for level in [
            git2::ConfigLevel::System,
            git2::ConfigLevel::XDG,
            git2::ConfigLevel::Global,
            git2::ConfigLevel::ProgramData,
        ] {
            // SAFETY: called once, before any repository is opened in this process.
            unsafe {
                git2::opts::set_search_path(level, &empty).expect("set search path");
            }
        }
    });
}

/// A fresh repository with a local identity, made a workspace (no examples).
pub fn workspace() -> (TempDir, plandesk::store::Workspace) {
    workspace_with(false)
}

/// A fresh repository with a local identity, made a workspace.
pub fn workspace_with(examples: bool) -> (TempDir, plandesk::store::Workspace) {
    sandbox_libgit2();
    let dir = TempDir::new().expect("temp dir");
    let repo = git2::Repository::init(dir.path()).expect("git init");
    let mut cfg = repo.config().expect("config");
    cfg.set_str("user.name", NAME).expect("name");
    cfg.set_str("user.email", EMAIL).expect("email");
    let ws = plandesk::store::Workspace::init(dir.path(), examples).expect("workspace init");
    (dir, ws)
}
