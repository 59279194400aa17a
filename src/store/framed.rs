//! The files plandesk keeps under `.git/plandesk/` as caches (the plan
//! summaries, their tasks, the index and HEAD snapshot): a header (magic,
//! format version, body length, CRC-32 of the body) and a postcard body,
//! replaced whole (a temporary file beside it, renamed over it), so a
//! reader sees an old file or a new one, never half of one.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

const HEADER: usize = 8 + 4 + 8 + 4;

/// `value`'s bytes with the header; `None` when it cannot be encoded.
pub(super) fn frame<T: Serialize + ?Sized>(
    magic: &[u8; 8],
    version: u32,
    value: &T,
) -> Option<Vec<u8>> {
    let body = postcard::to_stdvec(value).ok()?;
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
}

/// The body of `bytes`, when its header is whole and names `magic` and
/// `version`, and the body has its length and checksum.
pub(super) fn body<'a>(bytes: &'a [u8], magic: &[u8; 8], version: u32) -> Option<&'a [u8]> {
    let (header, body) = bytes.split_at_checked(HEADER)?;
    let (found, rest) = header.split_at(8);
    let (found_version, rest) = rest.split_at(4);
    let (len, crc) = rest.split_at(8);
    (found == magic
        && u32::from_le_bytes(found_version.try_into().ok()?) == version
        && u64::from_le_bytes(len.try_into().ok()?) == body.len() as u64
        && u32::from_le_bytes(crc.try_into().ok()?) == crc32fast::hash(body))
    .then_some(body)
}

/// Replace the file at `path` with `bytes` whole, making its folder.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
