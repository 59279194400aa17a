//! The index on disk, `.git/plandesk/finder`: every plan's encoded items
//! keyed by the git blob id of its file, so that a start re-reads only the
//! plans whose files changed. A file of another version, or one whose
//! checksum does not match, is rebuilt from the plans.
//!
//! Layout: magic, version (u32), payload length (u64), CRC-32 of the
//! payload (u32), payload = count (u32), then per plan its id, blob id and
//! record (each length-prefixed).

use std::path::Path;

use crate::model::{Plan, PlanId};

use super::SearchError;
use super::index::{Builder, Index};
use super::record::{self, Reader, Writer};

/// The file, under the git directory.
pub const INDEX_FILE: &str = "plandesk/finder";

const MAGIC: &[u8; 16] = b"plandesk-finder\n";
/// Raised whenever the record layout changes: an older file is rebuilt.
const VERSION: u32 = 2;

/// A plan file of the working tree and the git blob id of its content
/// (empty when unknown: the plan is then always read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSource {
    pub id: PlanId,
    pub blob: String,
}

impl From<crate::store::PlanFile> for PlanSource {
    /// A plan file as the store finds it (`Workspace::plan_files`).
    fn from(f: crate::store::PlanFile) -> PlanSource {
        PlanSource {
            id: f.id,
            blob: f.blob.map(|b| b.to_string()).unwrap_or_default(),
        }
    }
}

/// What a refresh did.
#[derive(Debug)]
pub struct Refresh {
    pub index: Index,
    /// Plans read and parsed because their files changed (or were new).
    pub parsed: usize,
    /// Plans taken from the file on disk as they were.
    pub reused: usize,
    /// Why the file on disk could not be used, when it could not.
    pub rebuilt: Option<String>,
    /// Plans that could not be read, with why; they are not in the index.
    pub broken: Vec<(PlanId, String)>,
    /// Whether the file on disk was written anew.
    pub written: bool,
}

/// The index of `plans`, from `.git/plandesk/finder` where a plan's blob id is
/// unchanged and from `load` where it is not; the file is then brought up to
/// date (written whole to a temporary file, then renamed over it).
pub fn refresh<E: std::fmt::Display>(
    git_dir: &Path,
    plans: &[PlanSource],
    mut load: impl FnMut(&PlanId) -> Result<Plan, E>,
) -> Result<Refresh, SearchError> {
    let file = git_dir.join(INDEX_FILE);
    let (stored_bytes, mut rebuilt) = match std::fs::read(&file) {
        Ok(b) => (b, None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Vec::new(), None),
        Err(e) => (
            Vec::new(),
            Some(format!("cannot read {}: {e}", file.display())),
        ),
    };
    let stored = if stored_bytes.is_empty() {
        Vec::new()
    } else {
        match read_table(&stored_bytes) {
            Ok(t) => t,
            Err(e) => {
                rebuilt = Some(e.to_string());
                Vec::new()
            }
        }
    };
    let mut sorted: Vec<&PlanSource> = plans.iter().collect();
    sorted.sort_by(|a, b| b.id.year().cmp(&a.id.year()).then(a.id.cmp(&b.id)));
    sorted.dedup_by(|a, b| a.id == b.id);
    let lookup: std::collections::HashMap<&str, (&str, &[u8])> = stored
        .iter()
        .map(|(id, blob, rec)| (*id, (*blob, *rec)))
        .collect();
    let mut kept: Vec<Option<&[u8]>> = Vec::with_capacity(sorted.len());
    let mut missing = Vec::new();
    for (i, src) in sorted.iter().enumerate() {
        let id = src.id.to_string();
        let found = lookup
            .get(id.as_str())
            .filter(|(blob, _)| !src.blob.is_empty() && *blob == src.blob)
            .map(|(_, rec)| *rec);
        if found.is_none() {
            missing.push(i);
        }
        kept.push(found);
    }
    let fresh: Vec<Result<Vec<u8>, String>> = missing
        .iter()
        .map(|&i| {
            load(&sorted[i].id)
                .map(|p| record::encode(&p))
                .map_err(|e| e.to_string())
        })
        .collect();
    let mut records: Vec<Option<Vec<u8>>> = vec![None; sorted.len()];
    let mut broken = Vec::new();
    for (i, result) in missing.iter().zip(fresh) {
        match result {
            Ok(bytes) => records[*i] = Some(bytes),
            Err(why) => broken.push((sorted[*i].id.clone(), why)),
        }
    }
    let parsed = missing.len() - broken.len();
    let reused = sorted.len() - missing.len();
    let mut builder = Builder::new();
    let mut out = Writer::default();
    let mut count = 0u32;
    for (i, src) in sorted.iter().enumerate() {
        let Some(bytes) = kept[i].or(records[i].as_deref()) else {
            continue;
        };
        let view = match record::decode(bytes) {
            Ok(v) => v,
            Err(e) => {
                broken.push((src.id.clone(), e.to_string()));
                continue;
            }
        };
        builder.add(&src.id, &view);
        out.str(&src.id.to_string());
        out.str(&src.blob);
        out.bytes(bytes);
        count += 1;
    }
    let written = parsed > 0 || rebuilt.is_some() || stored.len() != count as usize;
    if written {
        let mut payload = Writer::default();
        payload.u32(count);
        payload.0.extend_from_slice(&out.0);
        let mut file_bytes = Writer::default();
        file_bytes.0.extend_from_slice(MAGIC);
        file_bytes.u32(VERSION);
        file_bytes.u64(payload.0.len() as u64);
        file_bytes.u32(crc32fast::hash(&payload.0));
        file_bytes.0.extend_from_slice(&payload.0);
        write_atomic(&file, &file_bytes.0)?;
    }
    Ok(Refresh {
        index: builder.finish(),
        parsed,
        reused,
        rebuilt,
        broken,
        written,
    })
}

/// Build the index of plans in memory, without the disk (tests, benchmarks).
pub fn index_of(plans: &[(PlanId, Plan)]) -> Index {
    let mut sorted: Vec<&(PlanId, Plan)> = plans.iter().collect();
    sorted.sort_by(|a, b| b.0.year().cmp(&a.0.year()).then(a.0.cmp(&b.0)));
    let mut builder = Builder::new();
    for (id, plan) in sorted {
        let bytes = record::encode(plan);
        if let Ok(view) = record::decode(&bytes) {
            builder.add(id, &view);
        }
    }
    builder.finish()
}

/// A plan in the finder file: its id, blob id and record.
type Stored<'a> = (&'a str, &'a str, &'a [u8]);

/// Every plan in a finder file.
fn read_table(bytes: &[u8]) -> Result<Vec<Stored<'_>>, SearchError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(SearchError::Damaged("not a finder index".into()));
    }
    let version = r.u32()?;
    if version != VERSION {
        return Err(SearchError::Damaged(format!(
            "version {version}, this plandesk writes {VERSION}"
        )));
    }
    let len = usize::try_from(r.u64()?).map_err(|_| SearchError::Damaged("length".into()))?;
    let crc = r.u32()?;
    let payload = r.take(len)?;
    if crc32fast::hash(payload) != crc {
        return Err(SearchError::Damaged("checksum mismatch".into()));
    }
    let mut p = Reader {
        bytes: payload,
        at: 0,
    };
    let count = p.u32()? as usize;
    let mut out = Vec::with_capacity(count.min(payload.len() / 12));
    for _ in 0..count {
        let id = p.str()?;
        let blob = p.str()?;
        let rec = p.bytes()?;
        out.push((id, blob, rec));
    }
    Ok(out)
}

/// Write `bytes` to `path` whole or not at all: a temporary file in the same
/// folder, synced, then renamed over `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SearchError> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |e: std::io::Error| SearchError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
