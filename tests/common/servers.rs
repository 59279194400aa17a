//! Real servers on 127.0.0.1 for the transport tests: OpenSSH's `sshd`,
//! `ssh-agent`, and `git http-backend` behind a small Python web server.
//! Each is killed when its guard drops; none reads the machine's ~/.ssh or
//! git config.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// OpenSSH's server; `.ci/run` installs it (openssh-server).
pub const SSHD: &str = "/usr/sbin/sshd";

/// A child process killed (and reaped) on drop.
pub struct Guard {
    child: Child,
    what: &'static str,
    log: Option<PathBuf>,
}

impl Guard {
    fn new(child: Child, what: &'static str, log: Option<PathBuf>) -> Guard {
        Guard { child, what, log }
    }

    /// What the server wrote to its log so far.
    pub fn log(&self) -> String {
        self.log
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    }

    /// Wait until `port` accepts connections; the log if the server exits
    /// first; panic after 20 s.
    fn wait_listening(&mut self, port: u16) -> Result<(), String> {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "{} exited ({status}) before listening:\n{}",
                    self.what,
                    self.log()
                ));
            }
            if TcpStream::connect_timeout(
                &([127, 0, 0, 1], port).into(),
                Duration::from_millis(200),
            )
            .is_ok()
            {
                return Ok(());
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{} did not listen on port {port} within 20 s:\n{}",
                self.what,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on (just closed).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// The user the tests run as (the one sshd lets in).
pub fn user() -> String {
    let out = Command::new("id").arg("-un").output().expect("run id -un");
    String::from_utf8(out.stdout)
        .expect("utf-8 user")
        .trim()
        .to_string()
}

/// A fresh ed25519 key pair at `path` (and `path.pub`), no passphrase
/// unless one is given.
pub fn keygen(path: &Path, passphrase: &str) {
    let out = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-C",
            "plandesk-test",
            "-N",
            passphrase,
            "-f",
        ])
        .arg(path)
        .env("HOME", path.parent().expect("key folder"))
        .stdin(Stdio::null())
        .output()
        .expect("run ssh-keygen");
    assert!(
        out.status.success(),
        "ssh-keygen: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The public half of a key pair, `type base64`, without its comment.
pub fn public_key(private: &Path) -> String {
    let text = std::fs::read_to_string(private.with_extension("pub")).expect("read .pub");
    text.split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `sshd` on 127.0.0.1 with a throwaway host key, letting in this user with
/// the authorized keys given.
pub struct Sshd {
    pub port: u16,
    pub user: String,
    /// The server's host key (private; `.pub` beside it).
    pub host_key: PathBuf,
    guard: Guard,
    _dir: TempDir,
}

impl Sshd {
    pub fn start(authorized: &[&Path]) -> Sshd {
        assert!(
            Path::new(SSHD).exists(),
            "{SSHD} is missing: install openssh-server (.ci/run does)"
        );
        // OpenSSH running as root needs its privilege separation folder.
        let _ = std::fs::create_dir_all("/run/sshd");
        let dir = TempDir::new().expect("sshd dir");
        let host_key = dir.path().join("host_ed25519");
        keygen(&host_key, "");
        let keys: String = authorized.iter().map(|k| public_key(k) + "\n").collect();
        let authorized_keys = dir.path().join("authorized_keys");
        std::fs::write(&authorized_keys, keys).expect("authorized_keys");
        let user = user();
        // The port was free a moment ago; another test may take it first.
        let mut attempts = 0;
        let (port, guard) = loop {
            attempts += 1;
            let port = free_port();
            let mut guard = start_sshd(dir.path(), port, &user, &host_key, &authorized_keys);
            match guard.wait_listening(port) {
                Ok(()) => break (port, guard),
                Err(log) if attempts < 3 && log.contains("Address already in use") => continue,
                Err(log) => panic!("{log}"),
            }
        };
        Sshd {
            port,
            user,
            host_key,
            guard,
            _dir: dir,
        }
    }

    /// An ssh:// address of a repository on this server (its absolute path).
    pub fn url(&self, repo: &Path) -> String {
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            repo.display()
        )
    }

    /// The known_hosts line that records this server's key.
    pub fn known_hosts_line(&self) -> String {
        format!("[127.0.0.1]:{} {}\n", self.port, public_key(&self.host_key))
    }

    pub fn log(&self) -> String {
        self.guard.log()
    }
}

fn start_sshd(dir: &Path, port: u16, user: &str, host_key: &Path, authorized_keys: &Path) -> Guard {
    let config = dir.join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "ListenAddress 127.0.0.1\nPort {port}\nHostKey {}\nAuthorizedKeysFile {}\n\
             StrictModes no\nPermitRootLogin prohibit-password\nPubkeyAuthentication yes\n\
             PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n\
             AllowUsers {user}\nPidFile none\nLogLevel VERBOSE\nMaxStartups 50\n\
             SetEnv GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null\n",
            host_key.display(),
            authorized_keys.display(),
        ),
    )
    .expect("sshd_config");
    let log = dir.join("sshd.log");
    let child = Command::new(SSHD)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("sshd log"))
        .spawn()
        .expect("start sshd");
    Guard::new(child, "sshd", Some(log))
}

/// `ssh-agent` holding the keys given, at its own socket.
pub struct Agent {
    pub socket: PathBuf,
    _guard: Guard,
    _dir: TempDir,
}

impl Agent {
    pub fn start(keys: &[&Path]) -> Agent {
        let dir = TempDir::new().expect("agent dir");
        let socket = dir.path().join("agent.sock");
        let child = Command::new("ssh-agent")
            .arg("-D")
            .arg("-a")
            .arg(&socket)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ssh-agent");
        let guard = Guard::new(child, "ssh-agent", None);
        let start = Instant::now();
        while !socket.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "ssh-agent made no socket"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        for key in keys {
            let out = Command::new("ssh-add")
                .arg(key)
                .env("SSH_AUTH_SOCK", &socket)
                .env("HOME", dir.path())
                .stdin(Stdio::null())
                .output()
                .expect("run ssh-add");
            assert!(
                out.status.success(),
                "ssh-add: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Agent {
            socket,
            _guard: guard,
            _dir: dir,
        }
    }
}

/// `git http-backend` behind tests/git_http_server.py with Basic
/// authentication, serving the repositories under `root` at /git/.
pub struct HttpGit {
    pub port: u16,
    scheme: &'static str,
    guard: Guard,
}

impl HttpGit {
    pub fn start(root: &Path, user: &str, password: &str) -> HttpGit {
        HttpGit::serve(root, user, password, None)
    }

    /// The same server over HTTPS, with the certificate and key in PEM
    /// files (see [`self_signed`]).
    pub fn start_tls(root: &Path, user: &str, password: &str, tls: &(PathBuf, PathBuf)) -> HttpGit {
        HttpGit::serve(root, user, password, Some(tls))
    }

    fn serve(root: &Path, user: &str, password: &str, tls: Option<&(PathBuf, PathBuf)>) -> HttpGit {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/git_http_server.py");
        let log = root.join("http.log");
        let mut command = Command::new("python3");
        if let Some((cert, key)) = tls {
            command
                .env("GIT_HTTP_TLS_CERT", cert)
                .env("GIT_HTTP_TLS_KEY", key);
        }
        let mut child = command
            .arg(&script)
            .arg(root)
            .args([user, password])
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("http log"))
            .spawn()
            .expect("start python3 git_http_server.py");
        let stdout = child.stdout.take().expect("server stdout");
        let mut guard = Guard::new(child, "git_http_server.py", Some(log));
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the server's port");
        let port: u16 = line
            .trim()
            .strip_prefix("PORT ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port from the web server: {line:?}\n{}", guard.log()));
        if let Err(log) = guard.wait_listening(port) {
            panic!("{log}");
        }
        HttpGit {
            port,
            scheme: if tls.is_some() { "https" } else { "http" },
            guard,
        }
    }

    /// The address of a repository under the root, without credentials.
    pub fn url(&self, name: &str) -> String {
        format!("{}://127.0.0.1:{}/git/{name}", self.scheme, self.port)
    }

    pub fn log(&self) -> String {
        self.guard.log()
    }
}

/// A throwaway self-signed certificate for 127.0.0.1 and its key, made by
/// the openssl command in `dir`: (cert.pem, key.pem).
pub fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .args([
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        .output()
        .expect("run openssl (apt-get install openssl)");
    assert!(
        out.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}
