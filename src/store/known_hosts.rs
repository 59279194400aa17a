//! Reading `~/.ssh/known_hosts` as OpenSSH writes it, to tell a server
//! never seen from one whose key changed.
//!
//! libgit2 checks the same file itself but only answers yes or no; this
//! says which, so the message can tell the person what to do. It never
//! accepts a key libgit2 would refuse: a key is known only when the exact
//! key is recorded for the host.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;

/// What `known_hosts` says about the key a server showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// This very key is recorded for the host.
    Known,
    /// Nothing is recorded for the host.
    Unknown,
    /// Another key is recorded for the host, at this line (1-based).
    Changed { line: usize },
    /// The key is marked `@revoked`, at this line.
    Revoked { line: usize },
}

/// The host as `known_hosts` names it: `host`, or `[host]:port` off port 22.
pub(crate) fn host_entry(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_string()
    } else {
        format!("[{host}]:{port}")
    }
}

/// Check `key` (the server's public key blob, as SSH sends it) for `host`
/// and `port` against the text of a `known_hosts` file.
pub(crate) fn check(text: &str, host: &str, port: u16, key: &[u8]) -> Verdict {
    let name = host_entry(&host.to_ascii_lowercase(), port);
    let mut changed = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split_whitespace();
        let mut first = fields.next().unwrap_or_default();
        let marker = first.strip_prefix('@');
        if marker.is_some() {
            first = fields.next().unwrap_or_default();
        }
        let (Some(_kind), Some(blob)) = (fields.next(), fields.next()) else {
            continue;
        };
        if marker == Some("cert-authority") || !patterns_match(first, &name) {
            continue;
        }
        let same = STANDARD.decode(blob).is_ok_and(|b| b == key);
        match (marker, same) {
            (Some("revoked"), true) => return Verdict::Revoked { line: n + 1 },
            (Some(_), _) => {}
            (None, true) => return Verdict::Known,
            (None, false) => {
                changed.get_or_insert(n + 1);
            }
        }
    }
    match changed {
        Some(line) => Verdict::Changed { line },
        None => Verdict::Unknown,
    }
}

/// A comma-separated list of host patterns, `!` negating, `*` and `?`
/// wildcards, or one hashed name (`|1|salt|hash`).
fn patterns_match(patterns: &str, name: &str) -> bool {
    if let Some(hashed) = patterns.strip_prefix("|1|") {
        return hashed_match(hashed, name);
    }
    let mut any = false;
    for pattern in patterns.split(',') {
        let (negated, pattern) = match pattern.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, pattern),
        };
        if glob(pattern.to_ascii_lowercase().as_bytes(), name.as_bytes()) {
            if negated {
                return false;
            }
            any = true;
        }
    }
    any
}

fn hashed_match(hashed: &str, name: &str) -> bool {
    let Some((salt, hash)) = hashed.split_once('|') else {
        return false;
    };
    let (Ok(salt), Ok(hash)) = (STANDARD.decode(salt), STANDARD.decode(hash)) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(&salt) else {
        return false;
    };
    mac.update(name.as_bytes());
    mac.verify_slice(&hash).is_ok()
}

fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..])),
        Some((&p, rest)) => match text.split_first() {
            Some((&t, tail)) if p == b'?' || p == t => glob(rest, tail),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    const OTHER: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIKsQ7L3j2z3nC2dXVbq7k5pN0pN6bq3w0mQ4q2x1r9vT";

    fn key() -> Vec<u8> {
        STANDARD.decode(KEY).expect("base64")
    }

    #[test]
    fn a_recorded_key_is_known_and_another_key_for_the_host_is_a_change() {
        let text = format!(
            "# comment\nexample.org ssh-ed25519 {OTHER}\n[127.0.0.1]:2222 ssh-ed25519 {KEY}\n"
        );
        assert_eq!(check(&text, "127.0.0.1", 2222, &key()), Verdict::Known);
        // The same host on port 22 is another entry: never seen.
        assert_eq!(check(&text, "127.0.0.1", 22, &key()), Verdict::Unknown);
        let text = format!("[127.0.0.1]:2222 ssh-ed25519 {OTHER}\n");
        assert_eq!(
            check(&text, "127.0.0.1", 2222, &key()),
            Verdict::Changed { line: 1 }
        );
        assert_eq!(check("", "127.0.0.1", 2222, &key()), Verdict::Unknown);
    }

    #[test]
    fn patterns_negations_and_revoked_keys() {
        let text = format!("*.example.org,!evil.example.org ssh-ed25519 {KEY}\n");
        assert_eq!(check(&text, "git.example.org", 22, &key()), Verdict::Known);
        assert_eq!(
            check(&text, "evil.example.org", 22, &key()),
            Verdict::Unknown
        );
        let text = format!("@revoked * ssh-ed25519 {KEY}\ngit.example.org ssh-ed25519 {KEY}\n");
        assert_eq!(
            check(&text, "git.example.org", 22, &key()),
            Verdict::Revoked { line: 1 }
        );
    }

    #[test]
    fn hashed_names_are_matched() {
        // `ssh-keygen -H` of "[127.0.0.1]:2222": HMAC-SHA1 of the name, keyed by the salt.
        let salt = [7u8; 20];
        let mut mac = Hmac::<Sha1>::new_from_slice(&salt).expect("hmac");
        mac.update(b"[127.0.0.1]:2222");
        let hash = mac.finalize().into_bytes();
        let entry = format!("|1|{}|{}", STANDARD.encode(salt), STANDARD.encode(hash));
        let text = format!("{entry} ssh-ed25519 {OTHER}\n");
        assert_eq!(
            check(&text, "127.0.0.1", 2222, &key()),
            Verdict::Changed { line: 1 }
        );
        assert_eq!(check(&text, "127.0.0.2", 2222, &key()), Verdict::Unknown);
    }
}
