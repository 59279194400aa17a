//! Who commits: the name and email git records, where git finds them, and
//! keeping them for one workspace (`.git/config`) or for all git use (the
//! user's global git config, the file `git config --global` writes).

use std::path::{Path, PathBuf};

use git2::ConfigLevel;

use super::Workspace;
use super::error::{Result, StoreError};

/// A name and an email that look like what git accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// Why a name or an email cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityProblem {
    #[error("the name is empty")]
    EmptyName,
    #[error("a name cannot hold <, > or line breaks")]
    BadName,
    #[error("an email looks like name@example.org")]
    BadEmail,
}

impl Identity {
    /// Trimmed, and checked: a name without `<`, `>` or control characters
    /// (git cannot record them), an email shaped `local@domain.tld`.
    pub fn new(name: &str, email: &str) -> Result<Identity, IdentityProblem> {
        let name = check_name(name)?;
        let email = check_email(email)?;
        Ok(Identity { name, email })
    }
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} <{}>", self.name, self.email)
    }
}

/// The name, trimmed, or why git cannot record it.
pub fn check_name(name: &str) -> Result<String, IdentityProblem> {
    let name = name.trim();
    if name.is_empty() {
        return Err(IdentityProblem::EmptyName);
    }
    if name.chars().any(|c| c == '<' || c == '>' || c.is_control()) {
        return Err(IdentityProblem::BadName);
    }
    Ok(name.to_string())
}

/// The email, trimmed, when it has the shape `local@domain.tld`.
pub fn check_email(email: &str) -> Result<String, IdentityProblem> {
    let email = email.trim();
    let plausible = email.split_once('@').is_some_and(|(local, domain)| {
        let labels: Vec<&str> = domain.split('.').collect();
        !local.is_empty()
            && labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>@,;:\"()[]\\".contains(c))
    });
    if plausible {
        Ok(email.to_string())
    } else {
        Err(IdentityProblem::BadEmail)
    }
}

/// Where an identity is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// This workspace's repository only (`.git/config`).
    Workspace,
    /// All git use of this user (`git config --global`).
    Everywhere,
}

/// Who makes the commits that set up the first-run workspace when git
/// knows nobody yet: plandesk itself, never written to any config.
pub const SETUP_IDENTITY: (&str, &str) = ("plandesk", "plandesk@localhost");

/// The user's global git config file as `git config --global` picks it:
/// `$GIT_CONFIG_GLOBAL`, else `~/.gitconfig`, else the XDG file
/// (`~/.config/git/config`) when only that one exists, else a new
/// `~/.gitconfig`. `None` when libgit2 knows no home folder.
pub fn global_config_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GIT_CONFIG_GLOBAL").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    existing_global().or_else(home_gitconfig)
}

/// `.gitconfig` in the folder where libgit2 looks for the global config
/// (the home folder, unless a test pointed it elsewhere), so that what is
/// written there is what the next commit reads.
fn home_gitconfig() -> Option<PathBuf> {
    // SAFETY: the search paths are process-wide; plandesk never sets them,
    // and tests set them once, before any repository is opened, so nothing
    // writes them while this reads.
    let paths = unsafe { git2::opts::get_search_path(ConfigLevel::Global) }.ok()?;
    let first = paths.to_str().ok()?.split(':').next()?;
    (!first.is_empty()).then(|| Path::new(first).join(".gitconfig"))
}

/// The global config file that exists now, where git reads it from.
fn existing_global() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GIT_CONFIG_GLOBAL").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    git2::Config::find_global()
        .ok()
        .or_else(|| git2::Config::find_xdg().ok())
        .filter(|p| p.is_file())
}

impl Workspace {
    /// The repository's config as git reads it, with the global file read
    /// afresh (it may have been made or named by `$GIT_CONFIG_GLOBAL` since
    /// the repository was opened).
    fn config(&self) -> Result<git2::Config> {
        let mut config = self.repo.config()?;
        if let Some(path) = existing_global() {
            config.add_file(&path, ConfigLevel::Global, true)?;
        }
        Ok(config)
    }

    /// Author and committer, as git finds them: `GIT_AUTHOR_NAME` /
    /// `GIT_AUTHOR_EMAIL` (and `GIT_COMMITTER_*`) from the environment, else
    /// `user.name` / `user.email` from git config; or a message saying how to set them.
    pub(crate) fn signatures(
        &self,
    ) -> Result<(git2::Signature<'static>, git2::Signature<'static>)> {
        if self.setting_up {
            let sig = git2::Signature::now(SETUP_IDENTITY.0, SETUP_IDENTITY.1)?;
            return Ok((sig.clone(), sig));
        }
        let config = self.config()?;
        let from_config = |key: &str| config.get_string(key).ok().filter(|v| !v.trim().is_empty());
        let env = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
        let name = from_config("user.name");
        let email = from_config("user.email");
        let pick = |role: &str| -> Result<git2::Signature<'static>> {
            let n = env(&format!("GIT_{role}_NAME")).or_else(|| name.clone());
            let e = env(&format!("GIT_{role}_EMAIL")).or_else(|| email.clone());
            match (n, e) {
                (Some(n), Some(e)) => Ok(git2::Signature::now(&n, &e)?),
                (n, e) => Err(StoreError::NoIdentity {
                    missing: [("user.name", n.is_none()), ("user.email", e.is_none())]
                        .into_iter()
                        .filter(|(_, m)| *m)
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>()
                        .join(" and "),
                    // Without the trailing `/` git's workdir has.
                    repo: self.root.components().collect(),
                }),
            }
        };
        Ok((pick("AUTHOR")?, pick("COMMITTER")?))
    }

    /// The author of the next commit.
    pub(crate) fn signature(&self) -> Result<git2::Signature<'static>> {
        Ok(self.signatures()?.0)
    }

    /// The current user's `Name <email>`, as commits record it.
    pub fn identity(&self) -> Result<(String, String)> {
        let sig = self.signature()?;
        Ok((
            sig.name().unwrap_or_default().to_string(),
            sig.email().unwrap_or_default().to_string(),
        ))
    }

    /// What git config says of the user now, even half of it (a name
    /// without an email), to propose when asking for the rest.
    pub fn configured_identity(&self) -> (Option<String>, Option<String>) {
        let Ok(config) = self.config() else {
            return (None, None);
        };
        let get = |key: &str| config.get_string(key).ok().filter(|v| !v.trim().is_empty());
        (get("user.name"), get("user.email"))
    }

    /// Keep `who` as `user.name` / `user.email` for this workspace or for
    /// all git use; the file written comes back.
    pub fn keep_identity(&self, who: &Identity, keep: Keep) -> Result<PathBuf> {
        let (mut config, path) = match keep {
            Keep::Workspace => {
                let path = self.repo.path().join("config");
                (self.repo.config()?.open_level(ConfigLevel::Local)?, path)
            }
            Keep::Everywhere => {
                let path = global_config_file().ok_or(StoreError::NoHome)?;
                (open_config_file(&path)?, path)
            }
        };
        config.set_str("user.name", &who.name)?;
        config.set_str("user.email", &who.email)?;
        Ok(path)
    }
}

/// One config file, made (with its folder) when it does not exist yet.
fn open_config_file(path: &Path) -> Result<git2::Config> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(super::error::io_err(dir))?;
    }
    Ok(git2::Config::open(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_emails_pass_and_others_say_why() {
        for ok in ["wang@example.org", "li.ming+plan@mail.gov.cn", " a@b.cn "] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "wang",
            "wang@",
            "@example.org",
            "wang@example",
            "wang@@example.org",
            "wang @example.org",
            "wang@example..org",
            "<wang@example.org>",
            "王@例子.中国 x",
        ] {
            assert_eq!(check_email(bad), Err(IdentityProblem::BadEmail), "{bad}");
        }
        assert_eq!(check_email(" a@b.cn "), Ok("a@b.cn".to_string()));
    }

    #[test]
    fn names_git_cannot_record_are_refused() {
        assert_eq!(check_name("  "), Err(IdentityProblem::EmptyName));
        assert_eq!(check_name("王 <x>"), Err(IdentityProblem::BadName));
        assert_eq!(check_name("a\nb"), Err(IdentityProblem::BadName));
        assert_eq!(check_name(" 王小明 "), Ok("王小明".to_string()));
    }
}
