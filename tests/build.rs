//! How the binary is built: it must run on a machine that has no OpenSSL
//! installed, so git2's TLS and SSH link a vendored OpenSSL statically.

use std::process::Command;

#[test]
fn the_binary_links_no_system_openssl() {
    let bin = env!("CARGO_BIN_EXE_plandesk");
    let out = Command::new("ldd")
        .arg(bin)
        .output()
        .expect("ldd runs (it comes with libc)");
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && libs.contains("libc.so"),
        "ldd should list the binary's shared libraries:\n{libs}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for lib in ["libssl", "libcrypto"] {
        assert!(
            !libs.contains(lib),
            "the binary links the system's {lib}; build git2 with vendored-openssl:\n{libs}"
        );
    }
}

#[test]
fn the_vendored_openssl_is_inside_the_binary() {
    // The TLS code is there (https remotes work), just not as a shared library.
    let bin = std::fs::read(env!("CARGO_BIN_EXE_plandesk")).expect("read the binary");
    let needle = b"OpenSSL 3.";
    assert!(
        bin.windows(needle.len()).any(|w| w == needle),
        "no OpenSSL version string in the binary: git2's https feature is missing"
    );
}
