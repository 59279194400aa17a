//! HTTPS for libgit2, set up only when a sync connects.
//!
//! libgit2 built with its own OpenSSL stream creates a TLS context when it
//! starts: OpenSSL 3 loads its providers, fetches every cipher and digest,
//! and parses the system's CA bundle, in every process, although only a
//! sync ever makes a TLS connection. That was 2 to 3 ms of each command's
//! CPU (a quarter of `plandesk --version`). So libgit2 is built without TLS
//! here, and [`enable_https`] registers this module's stream with it before
//! a sync's first connection: libgit2 keeps its HTTP client (credentials,
//! redirects, the certificate callback); only the TLS layer is this one,
//! over the `openssl` crate, and its context is made on first use. (A sync
//! sets no proxy, so the stream is never asked to wrap a proxy's tunnel.)
//!
//! Verification works as libgit2's own OpenSSL stream did: the handshake
//! always completes, the chain and host name are checked against the CA
//! certificates (the user's `SSL_CERT_FILE` / `SSL_CERT_DIR`, else the
//! system's, found by `openssl-probe`), and a failure is reported as
//! `GIT_ECERTIFICATE` with the peer's certificate, so the remote callbacks'
//! `certificate_check` still has the last word.

use std::ffi::{CStr, CString, c_char, c_int, c_uint, c_void};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Once, OnceLock};
use std::time::Duration;

use libgit2_sys as raw;
use openssl::ssl::{HandshakeError, SslConnector, SslMethod, SslStream, SslVerifyMode};
use openssl::x509::X509VerifyResult;

/// Starts libgit2 for this process: call it first thing in `main`.
pub fn start() {
    // Objects read back are not hashed again to check their ids, as git
    // does not (git fsck does): that was a tenth of a tick's CPU.
    git2::opts::strict_hash_verification(false);
}

/// Registers the TLS stream with libgit2, once per process; called by a
/// sync before it connects.
pub(crate) fn enable_https() {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // libgit2 must be started before a stream is registered with it.
        libgit2_sys::init();
        let mut registration = Registration {
            version: STREAM_VERSION,
            init: Some(init),
            // Only for a proxy's tunnel, and a sync sets no proxy.
            wrap: None,
        };
        // SAFETY: libgit2 copies the registration; both functions follow
        // `git_stream_registration`'s contract (see `init`).
        // Failure leaves libgit2 without TLS: an https remote then fails
        // with libgit2's own "there is no TLS stream available".
        let _ = unsafe { git_stream_register(STREAM_TLS, &mut registration) };
    });
}

// `git2/sys/stream.h`, which libgit2-sys does not bind.
const STREAM_VERSION: c_int = 1;
const STREAM_TLS: c_int = 2;
/// The `encrypted` bit of `git_stream`'s bit field (its first bit).
const ENCRYPTED: c_uint = 1;

/// `git_stream`: every stream starts with it.
#[repr(C)]
struct GitStream {
    version: c_int,
    /// `unsigned int encrypted : 1, proxy_support : 1`.
    flags: c_uint,
    /// Milliseconds for each read and write; 0 blocks.
    timeout: c_int,
    /// Milliseconds to connect; 0 leaves it to the system.
    connect_timeout: c_int,
    connect: Option<unsafe extern "C" fn(*mut GitStream) -> c_int>,
    certificate: Option<unsafe extern "C" fn(*mut *mut raw::git_cert, *mut GitStream) -> c_int>,
    set_proxy: Option<unsafe extern "C" fn(*mut GitStream, *const c_void) -> c_int>,
    read: Option<unsafe extern "C" fn(*mut GitStream, *mut c_void, usize) -> isize>,
    write: Option<unsafe extern "C" fn(*mut GitStream, *const c_char, usize, c_int) -> isize>,
    close: Option<unsafe extern "C" fn(*mut GitStream) -> c_int>,
    free: Option<unsafe extern "C" fn(*mut GitStream)>,
}

/// `git_stream_registration`.
#[repr(C)]
struct Registration {
    version: c_int,
    init: Option<unsafe extern "C" fn(*mut *mut GitStream, *const c_char, *const c_char) -> c_int>,
    wrap: Option<unsafe extern "C" fn(*mut *mut GitStream, *mut GitStream, *const c_char) -> c_int>,
}

unsafe extern "C" {
    fn git_stream_register(kind: c_int, registration: *mut Registration) -> c_int;
}

/// One TLS connection as libgit2 sees it; `parent` first, so a pointer to
/// it is a pointer to the `git_stream`.
#[repr(C)]
struct Tls {
    parent: GitStream,
    host: String,
    port: String,
    ssl: Option<SslStream<TcpStream>>,
    /// The peer's certificate as DER, pointed at by `cert`.
    der: Vec<u8>,
    cert: raw::git_cert_x509,
}

/// An error for libgit2: its code, class and message.
struct Failure {
    code: c_int,
    class: raw::git_error_t,
    message: String,
}

impl Failure {
    fn net(message: String) -> Failure {
        Failure {
            code: -1,
            class: raw::GIT_ERROR_NET,
            message,
        }
    }

    fn ssl(message: String) -> Failure {
        Failure {
            code: -1,
            class: raw::GIT_ERROR_SSL,
            message,
        }
    }

    /// Sets libgit2's last error and gives the code to return.
    fn report(self) -> c_int {
        let message = CString::new(self.message.replace('\0', " ")).unwrap_or_default();
        // SAFETY: libgit2 copies the message.
        unsafe { raw::git_error_set_str(self.class as c_int, message.as_ptr()) };
        self.code
    }
}

impl Tls {
    fn new(host: &str, port: &str) -> Box<Tls> {
        Box::new(Tls {
            parent: GitStream {
                version: STREAM_VERSION,
                flags: ENCRYPTED,
                timeout: 0,
                connect_timeout: 0,
                connect: Some(connect),
                certificate: Some(certificate),
                set_proxy: None,
                read: Some(read),
                write: Some(write),
                close: Some(close),
                free: Some(free),
            },
            host: host.to_owned(),
            port: port.to_owned(),
            ssl: None,
            der: Vec::new(),
            cert: raw::git_cert_x509 {
                parent: raw::git_cert {
                    cert_type: raw::GIT_CERT_X509,
                },
                data: std::ptr::null_mut(),
                len: 0,
            },
        })
    }

    fn connect(&mut self) -> Result<(), Failure> {
        let io = self.tcp()?;
        let connector = connector().map_err(|e| Failure::ssl(e.clone()))?;
        let mut config = connector
            .configure()
            .map_err(|e| Failure::ssl(format!("could not set up TLS: {e}")))?;
        // Finish the handshake whatever the verdict, as libgit2 does, so the
        // certificate callback sees the certificate; the verdict is below.
        config.set_verify(SslVerifyMode::NONE);
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let ssl = match config.connect(host, io) {
            Ok(ssl) => ssl,
            Err(HandshakeError::SetupFailure(e)) => {
                return Err(Failure::ssl(format!("could not set up TLS: {e}")));
            }
            Err(HandshakeError::Failure(mid)) => {
                return Err(Failure::ssl(format!(
                    "TLS handshake with {host} failed: {}",
                    mid.error()
                )));
            }
            Err(HandshakeError::WouldBlock(_)) => {
                return Err(Failure::net(format!("TLS handshake with {host} timed out")));
            }
        };
        if let Some(peer) = ssl.ssl().peer_certificate() {
            self.der = peer.to_der().unwrap_or_default();
        }
        self.cert.data = self.der.as_mut_ptr().cast();
        self.cert.len = self.der.len();
        let verdict = ssl.ssl().verify_result();
        self.ssl = Some(ssl);
        if verdict != X509VerifyResult::OK {
            return Err(Failure {
                code: raw::GIT_ECERTIFICATE,
                class: raw::GIT_ERROR_SSL,
                message: format!("the SSL certificate is invalid: {}", verdict.error_string()),
            });
        }
        if self.der.is_empty() {
            return Err(Failure {
                code: raw::GIT_ECERTIFICATE,
                class: raw::GIT_ERROR_SSL,
                message: "the server did not send a certificate".into(),
            });
        }
        Ok(())
    }

    /// A TCP connection to the first of the host's addresses that answers,
    /// with libgit2's timeouts.
    fn tcp(&self) -> Result<TcpStream, Failure> {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = self
            .port
            .parse()
            .map_err(|_| Failure::net(format!("invalid port '{}'", self.port)))?;
        let millis = |ms: c_int| {
            u64::try_from(ms)
                .ok()
                .filter(|&ms| ms > 0)
                .map(Duration::from_millis)
        };
        let addresses = (host, port)
            .to_socket_addrs()
            .map_err(|e| Failure::net(format!("failed to resolve address for {host}: {e}")))?;
        let mut last = None;
        for address in addresses {
            let attempt = match millis(self.parent.connect_timeout) {
                Some(limit) => TcpStream::connect_timeout(&address, limit),
                None => TcpStream::connect(address),
            };
            match attempt {
                Ok(tcp) => {
                    let timeout = millis(self.parent.timeout);
                    let _ = tcp.set_read_timeout(timeout);
                    let _ = tcp.set_write_timeout(timeout);
                    return Ok(tcp);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(Failure::net(match last {
            Some(e) => format!("failed to connect to {host}: {e}"),
            None => format!("failed to resolve address for {host}: no address"),
        }))
    }

    fn connected(&mut self) -> Result<&mut SslStream<TcpStream>, Failure> {
        self.ssl
            .as_mut()
            .ok_or_else(|| Failure::ssl("the TLS stream is not connected".into()))
    }
}

/// The TLS context, made on the first connection of the process: the
/// user's `SSL_CERT_FILE` and `SSL_CERT_DIR` if set (OpenSSL's default
/// paths), else the system's CA certificates, which a vendored OpenSSL
/// does not know where to find by itself.
fn connector() -> Result<&'static SslConnector, &'static String> {
    static CONNECTOR: OnceLock<Result<SslConnector, String>> = OnceLock::new();
    CONNECTOR
        .get_or_init(|| {
            let mut builder = SslConnector::builder(SslMethod::tls_client())
                .map_err(|e| format!("could not set up TLS: {e}"))?;
            let system = openssl_probe::probe();
            if let (None, Some(file)) = (std::env::var_os("SSL_CERT_FILE"), &system.cert_file) {
                // An unreadable bundle leaves the folder below to verify.
                let _ = builder.set_ca_file(file);
            }
            if let (None, Some(dir)) = (std::env::var_os("SSL_CERT_DIR"), &system.cert_dir) {
                let _ = builder.load_verify_locations(None, Some(dir));
            }
            Ok(builder.build())
        })
        .as_ref()
}

/// Runs a callback's body; a panic must not cross into C.
fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// # Safety
/// `stream` is a stream made by `init` and not yet freed.
unsafe fn tls<'a>(stream: *mut GitStream) -> &'a mut Tls {
    // SAFETY: `Tls` starts with its `GitStream` (repr(C)), and libgit2
    // passes back the pointer `init` gave it.
    unsafe { &mut *stream.cast::<Tls>() }
}

/// # Safety
/// libgit2's `init` contract: `out` is writable, `host` and `port` are C
/// strings.
unsafe extern "C" fn init(
    out: *mut *mut GitStream,
    host: *const c_char,
    port: *const c_char,
) -> c_int {
    guard(-1, || {
        // SAFETY: libgit2 passes C strings.
        let (host, port) = unsafe { (CStr::from_ptr(host), CStr::from_ptr(port)) };
        let stream = Tls::new(&host.to_string_lossy(), &port.to_string_lossy());
        // SAFETY: `out` is writable; libgit2 frees the stream with `free`.
        unsafe { *out = Box::into_raw(stream).cast() };
        0
    })
}

unsafe extern "C" fn connect(stream: *mut GitStream) -> c_int {
    guard(-1, || {
        // SAFETY: libgit2 passes a live stream of ours.
        let tls = unsafe { tls(stream) };
        match tls.connect() {
            Ok(()) => 0,
            Err(failure) => failure.report(),
        }
    })
}

unsafe extern "C" fn certificate(out: *mut *mut raw::git_cert, stream: *mut GitStream) -> c_int {
    guard(-1, || {
        // SAFETY: libgit2 passes a live stream of ours.
        let tls = unsafe { tls(stream) };
        if tls.der.is_empty() {
            return Failure::ssl("the server did not send a certificate".into()).report();
        }
        // SAFETY: `out` is writable; the certificate lives as long as the
        // stream, which is what libgit2 expects.
        unsafe { *out = (&raw mut tls.cert).cast() };
        0
    })
}

unsafe extern "C" fn read(stream: *mut GitStream, data: *mut c_void, len: usize) -> isize {
    // SAFETY: libgit2 passes a live stream of ours and a buffer of `len`.
    unsafe {
        transfer(stream, "read", |ssl| {
            ssl.read(std::slice::from_raw_parts_mut(data.cast::<u8>(), len))
        })
    }
}

unsafe extern "C" fn write(
    stream: *mut GitStream,
    data: *const c_char,
    len: usize,
    _flags: c_int,
) -> isize {
    // SAFETY: libgit2 passes a live stream of ours and `len` bytes.
    unsafe {
        transfer(stream, "write", |ssl| {
            ssl.write(std::slice::from_raw_parts(data.cast::<u8>(), len))
        })
    }
}

/// A read or write on the connection: the bytes moved, or -1 with the
/// error set for libgit2.
///
/// # Safety
/// As [`tls`].
unsafe fn transfer(
    stream: *mut GitStream,
    what: &str,
    op: impl FnOnce(&mut SslStream<TcpStream>) -> std::io::Result<usize>,
) -> isize {
    guard(-1, || {
        // SAFETY: the caller's.
        let tls = unsafe { tls(stream) };
        let moved = tls
            .connected()
            .and_then(|ssl| op(ssl).map_err(|e| Failure::ssl(format!("TLS {what} failed: {e}"))));
        match moved {
            Ok(n) => isize::try_from(n).unwrap_or(isize::MAX),
            Err(failure) => failure.report() as isize,
        }
    })
}

unsafe extern "C" fn close(stream: *mut GitStream) -> c_int {
    guard(-1, || {
        // SAFETY: libgit2 passes a live stream of ours.
        let tls = unsafe { tls(stream) };
        if let Some(mut ssl) = tls.ssl.take() {
            // A peer that hung up first is no error worth reporting.
            let _ = ssl.shutdown();
        }
        0
    })
}

unsafe extern "C" fn free(stream: *mut GitStream) {
    guard((), || {
        // SAFETY: made by `Box::into_raw` in `init`; libgit2
        // frees each stream once.
        drop(unsafe { Box::from_raw(stream.cast::<Tls>()) });
    });
}
