//! `plandesk sync` over SSH and HTTP against real servers on 127.0.0.1:
//! OpenSSH's sshd with a throwaway host key and authorized keys, ssh-agent,
//! and `git http-backend` behind a small web server with Basic
//! authentication. Every person is a sandbox (its own HOME, ~/.ssh and git
//! config); results are read back with the git CLI.

mod common;
#[path = "common/servers.rs"]
mod servers;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Run, Sandbox};
use plandesk::model::{Status, parse_plan};
use servers::{Agent, HttpGit, Sshd, free_port, keygen, self_signed};
use tempfile::TempDir;

const PLAN: &str = "2022/wangchang-cppcc-plan";
const PLAN_FILE: &str = "plans/2022/wangchang-cppcc-plan.toml";
const TASK_A: &str = "对国土整治项目建设进行视察";
const TASK_B: &str = "组织市政协委员集中学习一次，参加市政协组织的委员培训";

const HTTP_USER: &str = "wang";
const HTTP_PASSWORD: &str = "s3cret-Pass-7731";

/// One person: a HOME of their own and a clone of the shared repository.
struct Person {
    sandbox: Sandbox,
    clone: PathBuf,
    /// SSH_AUTH_SOCK for their plandesk, when they run an agent.
    agent: Option<PathBuf>,
}

impl Person {
    fn plandesk(&self, args: &[&str]) -> Run {
        self.plandesk_with(args, Stdio::null())
    }

    fn plandesk_with(&self, args: &[&str], stdin: Stdio) -> Run {
        self.plandesk_env(args, stdin, &[])
    }

    fn plandesk_env(&self, args: &[&str], stdin: Stdio, env: &[(&str, &Path)]) -> Run {
        let mut cmd = self.sandbox.plandesk();
        // Only what a test gives: never the machine's own CA settings.
        cmd.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR");
        cmd.envs(env.iter().copied());
        cmd.arg("--repo").arg(&self.clone).args(args);
        for var in [
            "SSH_AUTH_SOCK",
            "SSH_AGENT_PID",
            "GIT_ASKPASS",
            "SSH_ASKPASS",
        ] {
            cmd.env_remove(var);
        }
        if let Some(sock) = &self.agent {
            cmd.env("SSH_AUTH_SOCK", sock);
        }
        Run::from(cmd.stdin(stdin).output().expect("run plandesk"))
    }

    fn sync(&self) -> Run {
        self.plandesk(&["sync"])
    }

    fn git(&self, args: &[&str]) -> String {
        self.sandbox.git(&self.clone, args)
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }

    fn ssh_dir(&self) -> PathBuf {
        let dir = self.sandbox.path(".ssh");
        std::fs::create_dir_all(&dir).expect("~/.ssh");
        dir
    }

    fn known_hosts(&self, text: &str) {
        std::fs::write(self.ssh_dir().join("known_hosts"), text).expect("known_hosts");
    }

    /// A key pair in ~/.ssh/id_ed25519.
    fn own_key(&self, passphrase: &str) -> PathBuf {
        let key = self.ssh_dir().join("id_ed25519");
        keygen(&key, passphrase);
        key
    }
}

/// A shared bare repository (in `dir`, as `remote.git`), its history made
/// by 甲 with the example plans, and two people with clones.
struct Office {
    dir: TempDir,
    remote: PathBuf,
    a: Person,
    b: Person,
}

fn office() -> Office {
    let dir = TempDir::new().expect("temp dir");
    let remote = dir.path().join("remote.git");
    let a = Sandbox::new();
    a.git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    let clone_a = dir.path().join("a");
    let r = a.run(&["init", clone_a.to_str().expect("utf-8"), "--examples"]);
    assert!(r.ok, "init: {}", r.stderr);
    a.git(
        &clone_a,
        &["remote", "add", "origin", remote.to_str().expect("utf-8")],
    );
    a.git(&clone_a, &["push", "-q", "origin", "main"]);
    let b = Sandbox::new();
    b.git(dir.path(), &["clone", "-q", "remote.git", "b"]);
    let clone_b = dir.path().join("b");
    Office {
        remote,
        a: Person {
            sandbox: a,
            clone: clone_a,
            agent: None,
        },
        b: Person {
            sandbox: b,
            clone: clone_b,
            agent: None,
        },
        dir,
    }
}

impl Office {
    /// Both clones sync with `url` from now on.
    fn point_at(&self, url: &str) {
        for p in [&self.a, &self.b] {
            p.git(&["remote", "set-url", "origin", url]);
        }
    }

    fn remote_head(&self) -> String {
        self.a.sandbox.git(&self.remote, &["rev-parse", "main"])
    }

    fn fsck(&self) {
        for dir in [&self.a.clone, &self.b.clone, &self.remote] {
            self.a
                .sandbox
                .git(dir, &["fsck", "--strict", "--no-progress"]);
        }
    }

    /// 甲 and 乙 each tick a task, then sync in turn: fetch, merge, push.
    fn edit_and_sync_both(&self) {
        for (p, task) in [(&self.a, TASK_A), (&self.b, TASK_B)] {
            let r = p.plandesk(&["tick", PLAN, task]);
            assert!(r.ok, "tick: {}", r.stderr);
        }
        let r = self.a.sync();
        assert!(r.ok, "甲 syncs: {}", r.stderr);
        assert_eq!(
            r.stdout.lines().next(),
            Some("origin: 0 fetched, 0 plans merged, 0 conflicts, 1 pushed")
        );
        let r = self.b.sync();
        assert!(r.ok, "乙 syncs: {}", r.stderr);
        assert_eq!(
            r.stdout.lines().next(),
            Some("origin: 1 fetched, 1 plan merged, 0 conflicts, 2 pushed")
        );
        let r = self.a.sync();
        assert!(r.ok, "甲 syncs again: {}", r.stderr);
        assert_eq!(
            r.stdout.lines().next(),
            Some("origin: 2 fetched (fast-forward), 0 plans merged, 0 conflicts, 0 pushed")
        );
        // One tree everywhere, both ticks in it, a merge with two parents.
        let remote = self.remote_head();
        assert_eq!(self.a.head(), remote);
        assert_eq!(self.b.head(), remote);
        let parents = self.a.git(&["log", "-1", "--format=%P"]);
        assert_eq!(parents.split_whitespace().count(), 2, "{parents}");
        let text = self
            .a
            .sandbox
            .git(&self.remote, &["show", &format!("main:{PLAN_FILE}")]);
        let plan = parse_plan(&text).expect("the merged plan parses");
        for task in [TASK_A, TASK_B] {
            let t = plan.tasks.iter().find(|t| t.text == task).expect("task");
            assert_eq!(t.status, Status::Done, "{task}");
        }
        for p in [&self.a, &self.b] {
            assert_eq!(p.git(&["status", "--porcelain"]), "");
        }
        self.fsck();
    }
}

/// A failed sync: a clear message, no raw libgit2 text, nothing changed
/// here or on the remote.
fn assert_refused(o: &Office, who: &Person, expect: &[&str]) -> String {
    let (head, remote) = (who.head(), o.remote_head());
    let log = who.git(&["log", "--format=%H %s"]);
    let r = who.sync();
    assert!(!r.ok, "sync should fail: {}", r.stdout);
    for e in expect {
        assert!(r.stderr.contains(e), "missing {e:?} in:\n{}", r.stderr);
    }
    for raw in [
        "libgit2",
        "class=",
        "code=",
        "git failed",
        "failed to ",
        "unexpected http status",
        "invalid or unknown remote ssh hostkey",
        "error authenticating",
    ] {
        assert!(
            !r.stderr.contains(raw),
            "raw text {raw:?} in:\n{}",
            r.stderr
        );
    }
    assert_eq!(who.head(), head, "the local commits moved");
    assert_eq!(who.git(&["log", "--format=%H %s"]), log);
    assert_eq!(o.remote_head(), remote, "the remote moved");
    assert_eq!(who.git(&["status", "--porcelain"]), "");
    r.stderr
}

/// A local commit not yet on the remote, to show it survives.
fn local_commit(p: &Person) {
    let r = p.plandesk(&["tick", PLAN, TASK_A]);
    assert!(r.ok, "tick: {}", r.stderr);
}

/// A bare repository `stranger.git` beside the remote, with a history of
/// its own.
fn stranger(o: &Office) -> PathBuf {
    let sandbox = &o.a.sandbox;
    let stranger = o.dir.path().join("stranger.git");
    sandbox.git(
        o.dir.path(),
        &["init", "-q", "--bare", "-b", "main", "stranger.git"],
    );
    let work = o.dir.path().join("stranger");
    sandbox.git(o.dir.path(), &["init", "-q", "-b", "main", "stranger"]);
    std::fs::write(work.join("readme.txt"), "别的项目").expect("write");
    sandbox.git(&work, &["add", "."]);
    sandbox.git(&work, &["commit", "-qm", "other project"]);
    sandbox.git(
        &work,
        &["push", "-q", stranger.to_str().expect("utf-8"), "main"],
    );
    stranger
}

fn fingerprint(public: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(public)
        .output()
        .expect("ssh-keygen -lf");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .expect("fingerprint")
        .to_string()
}

// ---- SSH ----

#[test]
fn the_whole_sync_runs_over_ssh_with_one_key_in_ssh_agent_and_one_in_dot_ssh() {
    let mut o = office();
    // 甲's key is only in ssh-agent; 乙's only in ~/.ssh.
    let keys = TempDir::new().expect("keys");
    let agent_key = keys.path().join("jia");
    keygen(&agent_key, "");
    let file_key = o.b.own_key("");
    let sshd = Sshd::start(&[&agent_key, &file_key]);
    o.point_at(&sshd.url(&o.remote));
    for p in [&o.a, &o.b] {
        p.known_hosts(&sshd.known_hosts_line());
    }
    // Without the agent, 甲 has nothing to offer.
    local_commit(&o.a);
    let err = assert_refused(
        &o,
        &o.a,
        &["refused the credentials", "no ssh-agent is running"],
    );
    assert!(err.contains("ssh-add"), "{err}");
    o.a.git(&["reset", "-q", "--hard", "HEAD~1"]);

    let agent = Agent::start(&[&agent_key]);
    o.a.agent = Some(agent.socket.clone());
    o.edit_and_sync_both();
    let log = sshd.log();
    assert!(
        log.matches("Accepted publickey").count() >= 4,
        "sshd saw no key logins:\n{log}"
    );
}

#[test]
fn an_unknown_ssh_host_is_refused_with_its_fingerprint_until_ssh_records_it() {
    let o = office();
    let key = o.a.own_key("");
    let sshd = Sshd::start(&[&key]);
    o.point_at(&sshd.url(&o.remote));
    local_commit(&o.a);
    let host = format!("[127.0.0.1]:{}", sshd.port);
    let err = assert_refused(
        &o,
        &o.a,
        &[
            "is not in ~/.ssh/known_hosts",
            &fingerprint(&sshd.host_key.with_extension("pub")),
            &format!("ssh -p {} {}@127.0.0.1", sshd.port, sshd.user),
            &host,
        ],
    );
    assert!(!err.contains("WARNING"), "{err}");
    assert!(
        !sshd.log().contains("Accepted publickey"),
        "logged in to an unknown host"
    );

    // Doing what the message says: ssh once, accepting the key (hashed, as
    // Debian's ssh_config writes it).
    let out = Command::new("ssh")
        .args(["-F", "/dev/null", "-o", "BatchMode=yes"])
        .args([
            "-o",
            "StrictHostKeyChecking=accept-new",
            "-o",
            "HashKnownHosts=yes",
        ])
        .arg("-o")
        .arg(format!(
            "UserKnownHostsFile={}",
            o.a.ssh_dir().join("known_hosts").display()
        ))
        .arg("-i")
        .arg(&key)
        .args(["-p", &sshd.port.to_string()])
        .arg(format!("{}@127.0.0.1", sshd.user))
        .arg("true")
        .env("HOME", o.a.sandbox.home.path())
        .stdin(Stdio::null())
        .output()
        .expect("run ssh");
    assert!(
        out.status.success(),
        "ssh: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let known = std::fs::read_to_string(o.a.ssh_dir().join("known_hosts")).expect("read");
    assert!(known.starts_with("|1|"), "not hashed: {known}");
    let r = o.a.sync();
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(o.remote_head(), o.a.head());
}

#[test]
fn a_changed_ssh_host_key_is_refused_with_a_warning_and_no_login() {
    let o = office();
    let key = o.a.own_key("");
    let sshd = Sshd::start(&[&key]);
    o.point_at(&sshd.url(&o.remote));
    // known_hosts records another key for this host and port, hashed.
    let other = TempDir::new().expect("other");
    let old_key = other.path().join("old_host");
    keygen(&old_key, "");
    let host = format!("[127.0.0.1]:{}", sshd.port);
    o.a.known_hosts(&format!(
        "example.org {}\n{host} {}\n",
        servers::public_key(&key),
        servers::public_key(&old_key)
    ));
    let hashed = Command::new("ssh-keygen")
        .arg("-H")
        .arg("-f")
        .arg(o.a.ssh_dir().join("known_hosts"))
        .output()
        .expect("ssh-keygen -H");
    assert!(hashed.status.success());
    local_commit(&o.a);
    assert_refused(
        &o,
        &o.a,
        &[
            "WARNING",
            "shows a different key",
            "known_hosts (line 2)",
            &fingerprint(&sshd.host_key.with_extension("pub")),
            &format!("ssh-keygen -R '{host}'"),
        ],
    );
    assert!(
        !sshd.log().contains("Accepted publickey"),
        "logged in despite a changed host key"
    );
}

#[test]
fn ssh_refused_keys_a_path_that_is_no_repository_unrelated_history_and_a_closed_port() {
    let o = office();
    let authorized = TempDir::new().expect("keys");
    let server_knows = authorized.path().join("someone");
    keygen(&server_knows, "");
    let sshd = Sshd::start(&[&server_knows]);
    o.point_at(&sshd.url(&o.remote));
    o.a.known_hosts(&sshd.known_hosts_line());
    local_commit(&o.a);

    // A key the server does not know.
    o.a.own_key("");
    let err = assert_refused(&o, &o.a, &["refused the credentials", "~/.ssh/id_ed25519"]);
    assert!(err.contains("authorized_keys"), "{err}");
    // A key with a passphrase is not tried: it belongs in ssh-agent.
    for f in ["id_ed25519", "id_ed25519.pub"] {
        std::fs::remove_file(o.a.ssh_dir().join(f)).expect("remove key");
    }
    o.a.own_key("a passphrase");
    assert_refused(
        &o,
        &o.a,
        &[
            "~/.ssh/id_ed25519 has a passphrase",
            "ssh-add ~/.ssh/id_ed25519",
        ],
    );

    // With the right key: a path that is not a repository, then a
    // repository with a history of its own.
    for f in ["id_ed25519", "id_ed25519.pub"] {
        std::fs::remove_file(o.a.ssh_dir().join(f)).expect("remove key");
    }
    std::fs::copy(&server_knows, o.a.ssh_dir().join("id_ed25519")).expect("copy key");
    let plain = o.dir.path().join("just-a-folder");
    std::fs::create_dir(&plain).expect("folder");
    o.a.git(&["remote", "set-url", "origin", &sshd.url(&plain)]);
    assert_refused(&o, &o.a, &["is not a git repository"]);

    let stranger = stranger(&o);
    o.a.git(&["remote", "set-url", "origin", &sshd.url(&stranger)]);
    assert_refused(&o, &o.a, &["nothing in common"]);

    // Nobody listening.
    let closed = format!(
        "ssh://{}@127.0.0.1:{}{}",
        sshd.user,
        free_port(),
        o.remote.display()
    );
    o.a.git(&["remote", "set-url", "origin", &closed]);
    assert_refused(
        &o,
        &o.a,
        &["cannot reach origin", "nothing answered at 127.0.0.1:"],
    );
}

// ---- HTTP ----

/// git's credential helper `store`, with its own file, for this person.
fn store_credentials(p: &Person, port: u16, user: &str, password: &str) {
    let file = p.sandbox.path("git-credentials");
    std::fs::write(
        &file,
        format!("http://{user}:{password}@127.0.0.1:{port}\n"),
    )
    .expect("credentials");
    p.git(&[
        "config",
        "--global",
        "credential.helper",
        &format!("store --file={}", file.display()),
    ]);
}

fn assert_no_password(r: &Run) {
    for text in [&r.stdout, &r.stderr] {
        assert!(!text.contains(HTTP_PASSWORD), "the password shows:\n{text}");
    }
}

#[test]
fn the_whole_sync_runs_over_http_with_git_s_credential_helper() {
    let o = office();
    let http = HttpGit::start(o.dir.path(), HTTP_USER, HTTP_PASSWORD);
    o.point_at(&http.url("remote.git"));
    for p in [&o.a, &o.b] {
        store_credentials(p, http.port, HTTP_USER, HTTP_PASSWORD);
    }
    o.edit_and_sync_both();
    // The password lives in the helper's file only.
    for p in [&o.a, &o.b] {
        let config = std::fs::read_to_string(p.clone.join(".git/config")).expect("config");
        assert!(!config.contains(HTTP_PASSWORD), "{config}");
    }
    let log = http.log();
    assert!(
        log.contains("git-receive-pack") && log.contains(" 401 "),
        "{log}"
    );

    // An address holding a password is refused, without showing it.
    let with_password = format!(
        "http://{HTTP_USER}:{HTTP_PASSWORD}@127.0.0.1:{}/git/remote.git",
        http.port
    );
    let r = o.a.plandesk(&["remote", "add", "second", &with_password]);
    assert!(!r.ok);
    assert!(r.stderr.contains("holds a password"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("http://{HTTP_USER}@127.0.0.1")),
        "{}",
        r.stderr
    );
    assert_no_password(&r);
    let r = o.a.plandesk(&["remote", "list"]);
    assert!(!r.stdout.contains("second"), "{}", r.stdout);
}

#[test]
fn http_refused_credentials_no_repository_unrelated_history_a_web_page_and_a_closed_port_say_so() {
    let o = office();
    let http = HttpGit::start(o.dir.path(), HTTP_USER, HTTP_PASSWORD);
    o.point_at(&http.url("remote.git"));
    local_commit(&o.a);

    // No helper and no terminal: nobody to ask.
    let err = assert_refused(
        &o,
        &o.a,
        &[
            "refused the credentials",
            "nobody to ask",
            "credential.helper",
        ],
    );
    assert!(!err.contains(HTTP_PASSWORD));
    // A wrong password in the helper.
    store_credentials(&o.a, http.port, HTTP_USER, "not-the-password");
    let err = assert_refused(
        &o,
        &o.a,
        &["refused the credentials", "git's credential helper"],
    );
    assert!(!err.contains("not-the-password"), "{err}");

    store_credentials(&o.a, http.port, HTTP_USER, HTTP_PASSWORD);
    o.a.git(&["remote", "set-url", "origin", &http.url("missing.git")]);
    assert_refused(&o, &o.a, &["is not a git repository"]);
    stranger(&o);
    o.a.git(&["remote", "set-url", "origin", &http.url("stranger.git")]);
    assert_refused(&o, &o.a, &["nothing in common"]);
    let page = format!("http://127.0.0.1:{}/www/plans", http.port);
    o.a.git(&["remote", "set-url", "origin", &page]);
    assert_refused(&o, &o.a, &["is not a git repository"]);
    // The same for a shared folder: one that is no repository, one that
    // does not exist.
    let folder = o.dir.path().join("just-a-folder");
    std::fs::create_dir(&folder).expect("folder");
    o.a.git(&[
        "remote",
        "set-url",
        "origin",
        folder.to_str().expect("utf-8"),
    ]);
    assert_refused(&o, &o.a, &["is not a git repository"]);
    let working = o.b.clone.to_str().expect("utf-8");
    o.a.git(&["remote", "set-url", "origin", working]);
    assert_refused(
        &o,
        &o.a,
        &["not a shared (bare) repository", "git clone --bare"],
    );
    let gone = o.dir.path().join("unmounted/plans.git");
    o.a.git(&["remote", "set-url", "origin", gone.to_str().expect("utf-8")]);
    assert_refused(&o, &o.a, &["cannot reach origin", "no such folder"]);
    let closed = format!("http://127.0.0.1:{}/git/remote.git", free_port());
    o.a.git(&["remote", "set-url", "origin", &closed]);
    assert_refused(
        &o,
        &o.a,
        &["cannot reach origin", "nothing answered at 127.0.0.1:"],
    );

    // And with everything right, the commit kept through all that arrives.
    o.a.git(&["remote", "set-url", "origin", &http.url("remote.git")]);
    let r = o.a.sync();
    assert!(r.ok, "{}", r.stderr);
    assert_no_password(&r);
    assert_eq!(o.remote_head(), o.a.head());
}

/// A tmux server of its own (killed on drop), for a real terminal.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .env_remove("TMUX")
            .args(["-u", "-L", &self.socket, "-f", "/dev/null"])
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

    fn wait_for(&self, text: &str) -> String {
        let start = std::time::Instant::now();
        loop {
            let screen = self.run(&["capture-pane", "-p", "-t", "t"]);
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "waited for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

impl Office {
    /// `plandesk ARGS` for 甲 in a terminal of its own, sandboxed; the shell
    /// prints its exit code.
    fn in_tmux(&self, args: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("plandesk-transports-{}-{}", std::process::id(), free_port()),
        };
        let home = self.a.sandbox.home.path().display();
        let line = format!(
            "env -u SSH_AUTH_SOCK -u GIT_ASKPASS -u PLANDESK_REPO -u GIT_DIR -u LC_ALL \
             -u LC_MESSAGES HOME={home} XDG_CONFIG_HOME={home}/.config \
             XDG_DATA_HOME={home}/.local/share GIT_CONFIG_NOSYSTEM=1 \
             GIT_CONFIG_GLOBAL={home}/.gitconfig LANG=C.UTF-8 {} --repo {} {args}; \
             echo EXIT=$?; sleep 600",
            env!("CARGO_BIN_EXE_plandesk"),
            self.a.clone.display()
        );
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "160",
            "-y",
            "30",
            &line,
        ]);
        tmux
    }
}

#[test]
fn in_a_terminal_sync_asks_for_the_user_and_a_password_it_never_echoes() {
    let o = office();
    let http = HttpGit::start(o.dir.path(), HTTP_USER, HTTP_PASSWORD);
    o.point_at(&http.url("remote.git"));
    local_commit(&o.a);
    let tmux = o.in_tmux("sync");
    tmux.wait_for(&format!(
        "User name for http://127.0.0.1:{}/git/remote.git",
        http.port
    ));
    tmux.run(&["send-keys", "-t", "t", "-l", HTTP_USER]);
    tmux.run(&["send-keys", "-t", "t", "Enter"]);
    tmux.wait_for(&format!("Password for {HTTP_USER} at http://127.0.0.1:"));
    tmux.run(&["send-keys", "-t", "t", "-l", HTTP_PASSWORD]);
    tmux.run(&["send-keys", "-t", "t", "Enter"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(screen.contains("1 pushed"), "{screen}");
    assert!(
        !screen.contains(HTTP_PASSWORD),
        "the password was echoed:\n{screen}"
    );
    // Asked once: the push reused what the fetch was given.
    assert_eq!(screen.matches("Password for").count(), 1, "{screen}");
    assert_eq!(o.remote_head(), o.a.head());
}

#[test]
fn the_ui_s_sync_asks_for_the_user_and_a_masked_password() {
    let o = office();
    let http = HttpGit::start(o.dir.path(), HTTP_USER, HTTP_PASSWORD);
    o.point_at(&http.url("remote.git"));
    local_commit(&o.a);
    let tmux = o.in_tmux("--lang en");
    tmux.wait_for("Plans · a");
    tmux.run(&["send-keys", "-t", "t", "M-s"]);
    let screen = tmux.wait_for("User name");
    assert!(
        screen.contains(&format!(
            "Log in to http://127.0.0.1:{}/git/remote.git",
            http.port
        )),
        "{screen}"
    );
    tmux.run(&["send-keys", "-t", "t", "-l", HTTP_USER]);
    tmux.run(&["send-keys", "-t", "t", "Enter"]);
    tmux.wait_for(&format!("Password of {HTTP_USER} (not shown)"));
    tmux.run(&["send-keys", "-t", "t", "-l", HTTP_PASSWORD]);
    let dots = "•".repeat(HTTP_PASSWORD.chars().count());
    let screen = tmux.wait_for(&dots);
    assert!(
        !screen.contains(HTTP_PASSWORD),
        "the password shows:\n{screen}"
    );
    tmux.run(&["send-keys", "-t", "t", "Enter"]);
    let screen = tmux.wait_for("Synced with origin");
    assert!(screen.contains("1 pushed"), "{screen}");
    assert!(!screen.contains(HTTP_PASSWORD), "{screen}");
    assert_eq!(o.remote_head(), o.a.head());

    // Esc at the prompt gives up: the sync says the credentials were refused.
    local_commit_b(&o);
    tmux.run(&["send-keys", "-t", "t", "M-s"]);
    tmux.wait_for("User name");
    tmux.run(&["send-keys", "-t", "t", "Escape"]);
    tmux.wait_for("refused the credentials");
}

/// Another commit by 甲 (the task ticked back to do).
fn local_commit_b(o: &Office) {
    let r = o.a.plandesk(&["tick", PLAN, TASK_A, "--undo"]);
    assert!(r.ok, "tick --undo: {}", r.stderr);
}

#[test]
fn over_https_an_untrusted_certificate_is_refused_and_the_users_ca_file_is_trusted() {
    let o = office();
    let tls = self_signed(o.dir.path());
    let https = HttpGit::start_tls(o.dir.path(), HTTP_USER, HTTP_PASSWORD, &tls);
    o.point_at(&https.url("remote.git"));
    let file = o.a.sandbox.path("git-credentials");
    std::fs::write(
        &file,
        format!(
            "https://{HTTP_USER}:{HTTP_PASSWORD}@127.0.0.1:{}\n",
            https.port
        ),
    )
    .expect("credentials");
    o.a.git(&[
        "config",
        "--global",
        "credential.helper",
        &format!("store --file={}", file.display()),
    ]);
    local_commit(&o.a);
    let (head, remote) = (o.a.head(), o.remote_head());

    // A certificate nobody vouches for: refused in words, nothing sent.
    let r = o.a.plandesk(&["sync"]);
    assert!(!r.ok, "an untrusted certificate must be refused");
    assert!(
        r.stderr.contains("TLS certificate of 127.0.0.1")
            && r.stderr.contains("could not be verified")
            && r.stderr.contains("SSL_CERT_FILE"),
        "{}",
        r.stderr
    );
    assert_eq!((o.a.head(), o.remote_head()), (head.clone(), remote));

    // The user's own CA file (SSL_CERT_FILE, as for every OpenSSL program)
    // is loaded when the sync connects, though plandesk starts without it.
    let (cert, _) = &tls;
    let r =
        o.a.plandesk_env(&["sync"], Stdio::null(), &[("SSL_CERT_FILE", cert)]);
    assert!(r.ok, "sync over https: {}", r.stderr);
    assert_eq!(
        r.stdout.lines().next(),
        Some("origin: 0 fetched, 0 plans merged, 0 conflicts, 1 pushed")
    );
    assert_eq!(o.remote_head(), head, "the commit reached the remote");
    assert_no_password(&r);
    o.fsck();
}
