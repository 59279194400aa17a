//! The git remotes a workspace syncs with: add, list, remove.

use super::Workspace;
use super::error::Result;
use super::sync::SyncError;
use super::transport::{has_password, shown_url};

/// One remote: its name and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteInfo {
    pub name: String,
    /// The address, any password in it left out.
    pub url: String,
}

/// A remote name git accepts and a person can type: letters, digits, `-`, `_`, `.`.
fn check_name(name: &str) -> std::result::Result<(), SyncError> {
    let ok = !name.is_empty()
        && !name.starts_with(['.', '-'])
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.contains("..");
    if ok {
        Ok(())
    } else {
        Err(SyncError::BadRemoteName(name.to_string()))
    }
}

impl Workspace {
    /// Every remote, by name.
    pub fn remotes(&self) -> Result<Vec<RemoteInfo>> {
        let names = self
            .repo
            .remotes()
            .map_err(|e| SyncError::git("listing the remotes", e))?;
        let mut out = Vec::new();
        for name in names.iter().flatten().flatten() {
            let remote = self
                .repo
                .find_remote(name)
                .map_err(|e| SyncError::git("reading a remote", e))?;
            out.push(RemoteInfo {
                name: name.to_string(),
                url: shown_url(remote.url().unwrap_or_default()),
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Add a remote, as `git remote add NAME URL` does.
    pub fn add_remote(&self, name: &str, url: &str) -> Result<RemoteInfo> {
        check_name(name)?;
        if url.trim().is_empty() || url.chars().any(char::is_control) {
            return Err(SyncError::BadUrl(url.to_string()).into());
        }
        if has_password(url) {
            return Err(SyncError::PasswordInUrl(shown_url(url)).into());
        }
        if self.repo.find_remote(name).is_ok() {
            return Err(SyncError::RemoteExists(name.to_string()).into());
        }
        self.repo
            .remote(name, url.trim())
            .map_err(|e| SyncError::git("adding the remote", e))?;
        Ok(RemoteInfo {
            name: name.to_string(),
            url: shown_url(url.trim()),
        })
    }

    /// Remove a remote and its remote-tracking branches.
    pub fn remove_remote(&self, name: &str) -> Result<()> {
        if self.repo.find_remote(name).is_err() {
            return Err(self.no_such_remote(name).into());
        }
        self.repo
            .remote_delete(name)
            .map_err(|e| SyncError::git("removing the remote", e))?;
        Ok(())
    }

    pub(crate) fn no_such_remote(&self, name: &str) -> SyncError {
        SyncError::NoSuchRemote {
            name: name.to_string(),
            known: self
                .remotes()
                .map(|r| r.into_iter().map(|r| r.name).collect())
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_names_that_git_or_a_shell_would_trip_on_are_refused() {
        for good in ["origin", "share", "backup-2", "a.b_c"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "-x", ".hidden", "a b", "a/b", "a..b", "中文", "x\u{1b}"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }
}
