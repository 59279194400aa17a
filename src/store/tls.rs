//! The system's CA certificates, loaded only when a sync needs them.
//!
//! When git2 starts libgit2 it points OpenSSL at the system's certificate
//! bundle (`openssl-probe` sets `SSL_CERT_FILE`), and libgit2's start-up
//! parses all of it into its TLS context at once. That was 12 of the 28 ms
//! of CPU a `plandesk tick` took, paid by every command although only a sync
//! over HTTPS verifies a certificate. [`defer_certificates`] starts libgit2
//! with an empty bundle instead; [`load_certificates`] hands it the real one
//! just before the first fetch or push.

#[cfg(all(unix, not(target_os = "macos")))]
mod imp {
    use std::ffi::OsString;
    use std::sync::{Once, OnceLock};

    const CERT_FILE: &str = "SSL_CERT_FILE";

    /// The bundle to load at sync time when start-up was deferred: the
    /// user's own `SSL_CERT_FILE`, if they set one.
    static DEFERRED: OnceLock<Option<OsString>> = OnceLock::new();
    static LOADED: Once = Once::new();

    /// Starts libgit2 without reading the system's CA bundle, and without
    /// hashing every object it reads again. Call it first thing in `main`,
    /// while the process has one thread.
    pub fn defer_certificates() {
        if DEFERRED.get().is_some() {
            return;
        }
        let users = std::env::var_os(CERT_FILE);
        // SAFETY: called at the start of `main`, before any other thread
        // exists, so nothing reads the environment meanwhile. `/dev/null`
        // exists, so git2's probe leaves it alone: libgit2 starts with no
        // certificates, and the variable is put back right after, so child
        // processes see the user's environment.
        unsafe { std::env::set_var(CERT_FILE, "/dev/null") };
        // Starts libgit2. Objects read back are not hashed again to check
        // their ids, as git does not (git fsck does): that was a tenth of a
        // tick's CPU.
        git2::opts::strict_hash_verification(false);
        match &users {
            // SAFETY: as above.
            Some(value) => unsafe { std::env::set_var(CERT_FILE, value) },
            // SAFETY: as above.
            None => unsafe { std::env::remove_var(CERT_FILE) },
        }
        let _ = DEFERRED.set(users);
    }

    /// Loads the CA bundle into libgit2 if start-up deferred it; once.
    pub fn load_certificates() {
        let Some(users) = DEFERRED.get() else {
            return; // libgit2 started normally and has the bundle already
        };
        LOADED.call_once(|| {
            let file = users
                .clone()
                .map(std::path::PathBuf::from)
                .or_else(|| openssl_probe::probe().cert_file);
            if let Some(file) = file {
                // SAFETY: libgit2's options must not change while it makes a
                // connection; a sync is the only thing that connects, it
                // holds the workspace lock, and this runs before its first
                // connection, once. A bundle that cannot be read leaves the
                // certificate folder (found by libgit2's start-up) to verify.
                let _ = unsafe { git2::opts::set_ssl_cert_file(file) };
            }
        });
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
mod imp {
    /// libgit2 uses the platform's own TLS here: nothing to defer.
    pub fn defer_certificates() {}
    pub fn load_certificates() {}
}

pub use imp::defer_certificates;
pub(crate) use imp::load_certificates;
