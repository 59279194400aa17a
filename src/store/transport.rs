//! How a sync talks to a remote: credentials, SSH host keys, timeouts, and
//! transport failures in words a person can act on.
//!
//! Credentials, each tried once per connection: for SSH, ssh-agent (when
//! `SSH_AUTH_SOCK` is set), then `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`
//! (a key with a passphrase is skipped: it belongs in ssh-agent); for HTTP(S),
//! what was typed earlier in this sync, git's credential helper, then the
//! caller's prompt. A password is never written into a URL, a message or a
//! log.
//!
//! SSH host keys are checked against `~/.ssh/known_hosts`: a server not
//! recorded there is refused with its fingerprint and the `ssh` command that
//! records it; a server whose key changed is refused with a warning.

use std::cell::RefCell;
use std::fmt;
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use git2::{
    CertificateCheckStatus, Config, Cred, CredentialType, ErrorClass, ErrorCode, RemoteCallbacks,
    Repository,
};

use super::known_hosts::{self, Verdict};
use super::sync::SyncError;
use crate::model::text::visible_line;

/// What a remote asks a person for: a user name and password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRequest {
    /// The remote's address, without any password.
    pub url: String,
    /// The user name the address or git's config names, if any.
    pub username: Option<String>,
}

/// A user name and password a person typed.
#[derive(Clone, PartialEq, Eq)]
pub struct UserPass {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for UserPass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPass")
            .field("username", &self.username)
            .field("password", &"…")
            .finish()
    }
}

/// Asks a person for credentials; `None`: there is nobody to ask, or they
/// gave up.
pub type Ask<'a> = dyn FnMut(&CredentialRequest) -> Option<UserPass> + 'a;

/// The key files tried after ssh-agent, in this order.
const KEY_FILES: [&str; 3] = ["id_ed25519", "id_ecdsa", "id_rsa"];

/// How long a connection may take to open.
const CONNECT_TIMEOUT_MS: i32 = 15_000;

/// How long a server may stay silent in the middle of a transfer.
const READ_TIMEOUT_MS: i32 = 120_000;

/// What one sync learnt while connecting, for its messages.
pub(crate) struct Session<'a> {
    ask: &'a mut Ask<'a>,
    /// What the person typed, offered again on the next connection.
    answered: Option<UserPass>,
    /// Credentials offered on the current connection, in words.
    tried: Vec<String>,
    /// Why credentials that exist were not offered.
    skipped: Vec<String>,
    /// Why a host key was refused.
    host_key: Option<HostKeyProblem>,
    /// The transport of the current connection.
    ssh: bool,
}

#[derive(Debug, Clone)]
struct HostKeyProblem {
    /// As known_hosts names it: `host` or `[host]:port`.
    host: String,
    port: u16,
    fingerprint: String,
    verdict: Verdict,
}

impl<'a> Session<'a> {
    pub(crate) fn new(ask: &'a mut Ask<'a>) -> Session<'a> {
        set_timeouts();
        Session {
            ask,
            answered: None,
            tried: Vec::new(),
            skipped: Vec::new(),
            host_key: None,
            ssh: false,
        }
    }

    fn credentials(
        &mut self,
        config: Option<&Config>,
        url: &str,
        username: Option<&str>,
        allowed: CredentialType,
    ) -> Result<Cred, git2::Error> {
        if allowed.contains(CredentialType::USERNAME) {
            return Cred::username(&local_user());
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            self.ssh = true;
            let user = username.map_or_else(local_user, str::to_string);
            let agent = "ssh-agent".to_string();
            if !self.tried.contains(&agent) {
                if std::env::var_os("SSH_AUTH_SOCK").is_some() {
                    self.tried.push(agent);
                    return Cred::ssh_key_from_agent(&user);
                }
                self.note("no ssh-agent is running (SSH_AUTH_SOCK is not set)".into());
            }
            let home = std::env::var_os("HOME").map(PathBuf::from);
            for name in KEY_FILES {
                let Some(key) = home.as_ref().map(|h| h.join(".ssh").join(name)) else {
                    break;
                };
                let shown = format!("~/.ssh/{name}");
                if !key.is_file() || self.tried.contains(&shown) {
                    continue;
                }
                if has_passphrase(&key) {
                    self.note(format!(
                        "{shown} has a passphrase: add it to ssh-agent with `ssh-add {shown}`"
                    ));
                    continue;
                }
                self.tried.push(shown);
                let public = key.with_extension("pub");
                let public = public.is_file().then_some(public);
                return Cred::ssh_key(&user, public.as_deref(), &key, None);
            }
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            let typed = "the user name and password typed".to_string();
            if let Some(up) = self.answered.clone()
                && !self.tried.contains(&typed)
            {
                self.tried.push(typed);
                return Cred::userpass_plaintext(&up.username, &up.password);
            }
            let helper = "git's credential helper".to_string();
            if !self.tried.contains(&helper) {
                self.tried.push(helper);
                if let Some(cred) =
                    config.and_then(|c| Cred::credential_helper(c, url, username).ok())
                {
                    return Ok(cred);
                }
                self.tried.pop();
                self.note("git's credential helper had none for this address".into());
            }
            let prompt = "a prompt".to_string();
            if !self.tried.contains(&prompt) && !self.tried.contains(&typed) {
                self.tried.push(prompt);
                let request = CredentialRequest {
                    url: shown_url(url),
                    username: username.map(str::to_string),
                };
                if let Some(up) = (self.ask)(&request) {
                    self.tried.pop();
                    self.tried.push(typed);
                    let cred = Cred::userpass_plaintext(&up.username, &up.password);
                    self.answered = Some(up);
                    return cred;
                }
                self.tried.pop();
                self.note("there was nobody to ask for a user name and password".into());
            }
        }
        Err(git2::Error::new(
            ErrorCode::Auth,
            ErrorClass::Callback,
            "no credentials left to offer",
        ))
    }

    fn note(&mut self, why: String) {
        if !self.skipped.contains(&why) {
            self.skipped.push(why);
        }
    }

    /// Check an SSH server's key against `~/.ssh/known_hosts`.
    fn host_key(
        &mut self,
        cert: &git2::cert::Cert<'_>,
        host: &str,
        port: u16,
    ) -> Result<CertificateCheckStatus, git2::Error> {
        let Some(hostkey) = cert.as_hostkey() else {
            // A TLS certificate: libgit2 and OpenSSL decide.
            return Ok(CertificateCheckStatus::CertificatePassthrough);
        };
        self.ssh = true;
        let (Some(key), Some(sha256)) = (hostkey.hostkey(), hostkey.hash_sha256()) else {
            return Ok(CertificateCheckStatus::CertificatePassthrough);
        };
        let known = std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".ssh").join("known_hosts"))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let verdict = known_hosts::check(&known, host, port, key);
        if verdict == Verdict::Known {
            return Ok(CertificateCheckStatus::CertificateOk);
        }
        self.host_key = Some(HostKeyProblem {
            host: known_hosts::host_entry(host, port),
            port,
            fingerprint: format!("SHA256:{}", STANDARD_NO_PAD.encode(sha256)),
            verdict,
        });
        Err(git2::Error::new(
            ErrorCode::Certificate,
            ErrorClass::Ssh,
            "host key not accepted",
        ))
    }

    /// A failure of a fetch or push from or to `remote` at `url`, in words.
    pub(crate) fn error(&self, remote: &str, url: &str, e: &git2::Error) -> SyncError {
        let (remote, url) = (remote.to_string(), shown_url(url));
        if let Some(p) = &self.host_key {
            let ssh = ssh_command(&p.host, p.port, &url);
            return match p.verdict {
                Verdict::Unknown | Verdict::Known => SyncError::UnknownHost {
                    remote,
                    url,
                    host: p.host.clone(),
                    fingerprint: p.fingerprint.clone(),
                    ssh,
                },
                Verdict::Changed { line } | Verdict::Revoked { line } => {
                    SyncError::HostKeyChanged {
                        remote,
                        url,
                        host: p.host.clone(),
                        fingerprint: p.fingerprint.clone(),
                        line,
                    }
                }
            };
        }
        let msg = e.message().to_ascii_lowercase();
        if e.code() == ErrorCode::Auth
            || msg.contains("authentication")
            || msg.contains("credentials")
            || msg.contains("status code: 401")
            || msg.contains("status code: 403")
        {
            let mut offered = self.tried.clone();
            offered.dedup();
            let mut tried = if offered.is_empty() {
                "nothing could be offered".to_string()
            } else {
                format!("offered {}", offered.join(", then "))
            };
            for s in &self.skipped {
                tried.push_str("; ");
                tried.push_str(s);
            }
            let ssh = self.ssh || is_ssh(&url);
            return SyncError::Credentials {
                remote,
                url,
                tried,
                advice: if ssh { SSH_ADVICE } else { HTTP_ADVICE },
            };
        }
        let unreachable = |reason: String| SyncError::Unreachable {
            remote: remote.clone(),
            url: url.clone(),
            reason,
        };
        let host = host_of(&url);
        if let Some(path) = local_path(&url) {
            // libgit2 takes a path that is no folder for an unknown protocol.
            if !path.is_dir() {
                return unreachable(
                    "there is no such folder (is the shared drive mounted?)".to_string(),
                );
            }
            if msg.contains("non-bare") {
                return SyncError::PushRefused {
                    remote,
                    reason: "it is a working folder, not a shared (bare) repository; share one made with `git clone --bare`".to_string(),
                };
            }
        }
        if msg.contains("failed to resolve address") {
            return unreachable(format!("the host name {host} could not be found"));
        }
        if msg.contains("timed out") || msg.contains("timeout") {
            return unreachable(format!("{host} did not answer in time"));
        }
        if msg.contains("failed to connect") || msg.contains("connection refused") {
            return unreachable(format!(
                "nothing answered at {host} (the server is down, or the address or port is wrong)"
            ));
        }
        // libgit2 says "the SSL certificate is invalid" (class Ssl) when
        // OpenSSL cannot verify it, not always with the certificate code.
        let bad_certificate = e.code() == ErrorCode::Certificate
            || (e.class() == ErrorClass::Ssl && msg.contains("certificate"));
        if bad_certificate {
            return unreachable(format!(
                "the TLS certificate of {host} could not be verified (is it the right server? A company's own certificate authority is trusted through SSL_CERT_FILE)"
            ));
        }
        // A folder or web page that is not a repository, an SSH path git
        // cannot read as one; for a local path libgit2 says "could not find".
        let not_a_repository = msg.contains("status code: 404")
            || msg.contains("invalid content-type")
            || msg.contains("could not find repository")
            || msg.contains("not a git repository")
            || msg.contains("does not appear to be a git repository")
            || e.class() == ErrorClass::Reference
            || e.class() == ErrorClass::Repository
            || e.class() == ErrorClass::Odb;
        if not_a_repository {
            return SyncError::NotARepository { remote, url };
        }
        match e.class() {
            ErrorClass::Net
            | ErrorClass::Os
            | ErrorClass::Http
            | ErrorClass::Ssl
            | ErrorClass::Ssh => unreachable("the connection failed".to_string()),
            _ => SyncError::NotARepository { remote, url },
        }
    }
}

const SSH_ADVICE: &str = "Load the key the server knows into ssh-agent (`ssh-add`), or keep it in ~/.ssh as id_ed25519, id_ecdsa or id_rsa, and check that the server lists its public key (authorized_keys).";
const HTTP_ADVICE: &str = "Check the user name and password. Sync from a terminal to be asked for them, or let git's credential helper keep them (`git config --global credential.helper store`, then `git fetch` once and type them).";

/// Callbacks for one connection: credentials and host keys through
/// `session`; transfer progress is the caller's to add.
pub(crate) fn callbacks<'s>(
    repo: &Repository,
    url: &str,
    session: &'s RefCell<Session<'_>>,
) -> RemoteCallbacks<'s> {
    let config = repo.config().ok();
    let port = ssh_port(url);
    {
        let mut s = session.borrow_mut();
        s.tried.clear();
        s.skipped.clear();
        s.host_key = None;
        s.ssh = is_ssh(url);
    }
    let mut callbacks = RemoteCallbacks::new();
    callbacks.credentials(move |url, username, allowed| {
        session
            .borrow_mut()
            .credentials(config.as_ref(), url, username, allowed)
    });
    callbacks.certificate_check(move |cert, host| session.borrow_mut().host_key(cert, host, port));
    callbacks
}

/// libgit2's network timeouts, once per process: a server that accepts the
/// connection and never answers fails the sync instead of hanging it.
fn set_timeouts() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: libgit2's global options, set once before any connection
        // this process makes; nothing else sets them.
        unsafe {
            let _ = git2::opts::set_server_connect_timeout_in_milliseconds(CONNECT_TIMEOUT_MS);
            // libgit2 leaves the socket non-blocking after a timed connect
            // and then waits for reads only with this set.
            let _ = git2::opts::set_server_timeout_in_milliseconds(READ_TIMEOUT_MS);
        }
    });
}

/// The name SSH logs in with when the address names none, as `ssh` does.
fn local_user() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "git".to_string())
}

/// A private key file encrypted with a passphrase (OpenSSH or PEM format).
fn has_passphrase(key: &std::path::Path) -> bool {
    let Ok(text) = std::fs::read_to_string(key) else {
        return false;
    };
    if text.contains("ENCRYPTED") {
        return true;
    }
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .concat();
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(body.trim()) else {
        return false;
    };
    // "openssh-key-v1\0", then the cipher's name as a length-prefixed string.
    let Some(rest) = bytes.strip_prefix(b"openssh-key-v1\0") else {
        return false;
    };
    let Some((len, rest)) = rest.split_first_chunk::<4>() else {
        return false;
    };
    let len = u32::from_be_bytes(*len) as usize;
    rest.get(..len).is_some_and(|cipher| cipher != b"none")
}

fn is_ssh(url: &str) -> bool {
    match url.split_once("://") {
        Some((scheme, _)) => matches!(scheme, "ssh" | "ssh+git" | "git+ssh"),
        // scp-like `host:path` (a colon before any slash).
        None => url
            .find(':')
            .is_some_and(|c| !url[..c].contains('/') && c > 1),
    }
}

/// The folder of a path or `file://` address.
fn local_path(url: &str) -> Option<PathBuf> {
    if let Some(path) = url.strip_prefix("file://") {
        return Some(PathBuf::from(path));
    }
    (!url.contains("://") && !is_ssh(url)).then(|| PathBuf::from(url))
}

/// The port of an SSH address; 22 when it names none.
fn ssh_port(url: &str) -> u16 {
    let Some((_, rest)) = url.split_once("://") else {
        return 22;
    };
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let port = match host.rsplit_once(']') {
        Some((_, after)) => after.strip_prefix(':'),
        None => host.rsplit_once(':').map(|(_, p)| p),
    };
    port.and_then(|p| p.parse().ok()).unwrap_or(22)
}

/// `host` or `host:port` of an address, for a message.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .to_string()
}

/// The `ssh` command that records a server's key in known_hosts.
fn ssh_command(host_entry: &str, port: u16, url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let user = rest
        .split_once('@')
        .filter(|(u, _)| !u.contains('/'))
        .map(|(u, _)| format!("{u}@"))
        .unwrap_or_default();
    let host = host_entry
        .strip_prefix('[')
        .and_then(|h| h.split_once("]:"))
        .map_or(host_entry, |(h, _)| h);
    if port == 22 {
        format!("ssh {user}{host}")
    } else {
        format!("ssh -p {port} {user}{host}")
    }
}

/// Does the address hold a password (`scheme://user:password@host/…`)?
pub fn has_password(url: &str) -> bool {
    split_userinfo(url).is_some_and(|(_, userinfo, _)| userinfo.contains(':'))
}

/// The address as it may be shown: any password left out, no control
/// characters.
pub fn shown_url(url: &str) -> String {
    let hidden = match split_userinfo(url) {
        Some((scheme, userinfo, host_and_path)) if userinfo.contains(':') => {
            match userinfo.split(':').next().unwrap_or_default() {
                "" => format!("{scheme}://{host_and_path}"),
                user => format!("{scheme}://{user}@{host_and_path}"),
            }
        }
        _ => url.to_string(),
    };
    visible_line(&hidden).into_owned()
}

/// `(scheme, userinfo, the rest)` of `scheme://userinfo@rest`.
fn split_userinfo(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (userinfo, _) = rest[..end].rsplit_once('@')?;
    Some((scheme, userinfo, &rest[userinfo.len() + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_show_in_an_address() {
        assert_eq!(
            shown_url("https://wang:s3cret@git.example.org/plans.git"),
            "https://wang@git.example.org/plans.git"
        );
        assert_eq!(
            shown_url("http://:s3cret@127.0.0.1:8080/x"),
            "http://127.0.0.1:8080/x"
        );
        assert_eq!(
            shown_url("ssh://git@example.org:2222/srv/plans.git"),
            "ssh://git@example.org:2222/srv/plans.git"
        );
        assert_eq!(shown_url("/srv/a@b:c/plans.git"), "/srv/a@b:c/plans.git");
        assert!(has_password(
            "https://wang:s3cret@git.example.org/plans.git"
        ));
        assert!(!has_password("https://wang@git.example.org/p:x@y"));
    }

    #[test]
    fn ports_hosts_and_the_ssh_command_come_from_the_address() {
        assert_eq!(ssh_port("ssh://root@127.0.0.1:2222/srv/r.git"), 2222);
        assert_eq!(ssh_port("ssh://[::1]:2200/srv/r.git"), 2200);
        assert_eq!(ssh_port("git@example.org:plans.git"), 22);
        assert!(is_ssh("git@example.org:plans.git") && is_ssh("ssh://h/x"));
        assert!(!is_ssh("/srv/plans.git") && !is_ssh("https://h/x") && !is_ssh("C:x"));
        assert_eq!(host_of("https://u@h.example:8443/x"), "h.example:8443");
        assert_eq!(
            ssh_command("[127.0.0.1]:2222", 2222, "ssh://root@127.0.0.1:2222/srv"),
            "ssh -p 2222 root@127.0.0.1"
        );
        assert_eq!(
            ssh_command("example.org", 22, "ssh://example.org/srv"),
            "ssh example.org"
        );
    }
}
