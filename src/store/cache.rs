//! Plan summaries kept by git blob id in `.git/plandesk/summaries`, so that a
//! listing parses only the plans whose files changed since the last one. The
//! plans' tasks, which only the agenda needs and which make up most of the
//! bytes, are kept apart in `.git/plandesk/tasks`, so a plain listing reads
//! a quarter as much.
//!
//! Each file is a header (magic, format version, body length, CRC-32 of the
//! body) and a postcard body. A file that is short, damaged or of another
//! version is ignored and rewritten, never trusted; it is replaced as a
//! whole (temporary file + rename), so two processes filling it at once
//! leave one complete file; deleting it is always safe.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::blobs::BlobId;
use super::error::{LoadError, Located, Result};
use super::plans::{FileState, in_parallel, year_error};
use super::{Workspace, framed};
use crate::model::{ApprovalState, Kind, PlanId, PlanSummary, Status, Task, parse_plan};

const MAGIC: &[u8; 8] = b"PLDSUMRY";
const TASKS_MAGIC: &[u8; 8] = b"PLDTASKS";
/// Bump when the records change shape or meaning (both files).
const VERSION: u32 = 4;

/// One plan file's summary, or why it cannot be read.
#[derive(Debug, Clone)]
pub struct SummaryEntry {
    pub id: PlanId,
    /// The blob the summary was read from; `None` when the file cannot be read.
    pub blob: Option<BlobId>,
    /// How the file stands against HEAD.
    pub state: FileState,
    pub summary: std::result::Result<PlanSummary, LoadError>,
}

/// The summaries of every plan file of the working tree, newest year first,
/// then by id, and the files under `plans/` that are not plans.
#[derive(Debug, Clone, Default)]
pub struct Summaries {
    pub plans: Vec<SummaryEntry>,
    pub stray: Vec<LoadError>,
    pub stats: CacheStats,
}

/// The first screen of a plan list: one year's summaries, and the years.
#[derive(Debug, Clone, Default)]
pub struct FirstYear {
    /// The plans of the year the list opens on.
    pub summaries: Summaries,
    /// Every year with a folder under `plans/`, newest first.
    pub years: Vec<i32>,
}

/// What the cache saved: plans found in it, and plans read and parsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: usize,
    pub misses: usize,
    /// The cache file was there but damaged or of another version.
    pub discarded: bool,
}

/// A plan file read: the blob it was read from, and what parsing gave (or
/// why it could not be read).
type Read = (Option<BlobId>, std::result::Result<Parsed, LoadError>);

/// What parsing one blob gave; the part of a summary that depends on the
/// file's contents only, so it can be kept by blob id.
enum Parsed {
    Summary(PlanSummary),
    Problems(Vec<Located>),
}

impl Workspace {
    /// The summary of every plan file, without tasks (see
    /// [`Workspace::summaries_with_tasks`]), parsing only those whose blob
    /// is not in the cache (in parallel), then keeping the cache to the
    /// blobs of the working tree.
    pub fn summaries(&self) -> Result<Summaries> {
        Ok(self.summaries_of(|_| false, None)?.0)
    }

    /// What the first screen of a plan list needs, at the cost of one
    /// year's files: the summaries (without tasks) of the plans of `year`,
    /// or of the newest year when `year` has no folder under `plans/`, and
    /// every year that has one, newest first. The caches are read but not
    /// written: the full listing that follows keeps them.
    pub fn first_summaries(&self, year: i32) -> Result<FirstYear> {
        let (summaries, years) = self.summaries_of(|_| false, Some(year))?;
        Ok(FirstYear { summaries, years })
    }

    /// As [`Workspace::summaries`], with the tasks of the plans of `year`
    /// (of every plan when `None`), as the agenda needs them.
    pub fn summaries_with_tasks(&self, year: Option<i32>) -> Result<Summaries> {
        Ok(self
            .summaries_of(|id| year.is_none_or(|y| y == id.year()), None)?
            .0)
    }

    /// The summaries of every plan, or of one year's (see
    /// [`Workspace::first_summaries`]), and every year with a folder.
    fn summaries_of(
        &self,
        with_tasks: impl Fn(&PlanId) -> bool,
        first: Option<i32>,
    ) -> Result<(Summaries, Vec<i32>)> {
        let (files, years) = self.plan_files_in(first)?;
        // Only a listing of every plan may rewrite the caches: one year's
        // would drop the others' records.
        let keeps_cache = first.is_none();
        let git_dir = self.git_dir();
        let path = cache_path(git_dir);
        let bytes = std::fs::read(&path).ok();
        let (cached, discarded) = match bytes.as_deref().map(decode) {
            Some(Some(records)) => (records, false),
            Some(None) => (HashMap::new(), true),
            None => (HashMap::new(), false),
        };
        let current: HashSet<BlobId> = files.files.iter().filter_map(|f| f.blob).collect();
        let stale = cached.keys().any(|b| !current.contains(b));
        let unknown = files
            .files
            .iter()
            .any(|f| f.blob.is_none_or(|b| !cached.contains_key(&b)));
        let wants_tasks = files.files.iter().any(|f| with_tasks(&f.id));
        // The tasks are read for a listing that shows them, and to carry the
        // unchanged plans' tasks over when the files are written again.
        let tasks_path = tasks_path(git_dir);
        let task_bytes = if wants_tasks || (keeps_cache && (unknown || stale || discarded)) {
            std::fs::read(&tasks_path).ok()
        } else {
            None
        };
        let cached_tasks = task_bytes
            .as_deref()
            .and_then(decode_tasks)
            .unwrap_or_default();

        // Hits from the cache; the rest read, hashed and parsed.
        let mut found: Vec<Option<Read>> = files
            .files
            .iter()
            .map(|f| {
                let blob = f.blob?;
                let rec = cached.get(&blob)?;
                let tasks = match with_tasks(&f.id) {
                    true => Some(cached_tasks.get(&blob)?.as_ref()),
                    false => None,
                };
                Some((f.blob, Ok(rec.to_parsed(tasks)?)))
            })
            .collect();
        let hit: Vec<bool> = found.iter().map(Option::is_some).collect();
        let hits = hit.iter().filter(|h| **h).count();
        let missed: Vec<&super::PlanFile> = files
            .files
            .iter()
            .zip(&found)
            .filter(|(_, f)| f.is_none())
            .map(|(f, _)| f)
            .collect();
        let misses = missed.len();
        let root = self.root.as_path();
        let mut parsed = in_parallel(&missed, |f| parse_file(root, &f.id)).into_iter();
        for slot in found.iter_mut().filter(|f| f.is_none()) {
            *slot = parsed.next();
        }

        if keeps_cache && (misses > 0 || stale || discarded) {
            // Hits are written back as they were read, misses as parsed.
            let fresh: Vec<(&BlobId, &Parsed)> = found
                .iter()
                .zip(&hit)
                .filter(|(_, hit)| !**hit)
                .filter_map(|(f, _)| f.as_ref())
                .filter_map(|(blob, p)| Some((blob.as_ref()?, p.as_ref().ok()?)))
                .collect();
            let fresh_records: Vec<Record> = fresh.iter().map(|(b, p)| Record::of(b, p)).collect();
            let mut seen: HashSet<[u8; 20]> = HashSet::new();
            let records: Vec<&Record> = files
                .files
                .iter()
                .zip(&hit)
                .filter(|(_, hit)| **hit)
                .filter_map(|(f, _)| cached.get(&f.blob?))
                .chain(&fresh_records)
                .filter(|r| seen.insert(r.blob))
                .collect();
            // A cache that cannot be written (a read-only repository) only costs time.
            if let Some(bytes) = framed::frame(MAGIC, VERSION, &records) {
                let _ = framed::replace(&path, &bytes);
            }

            let fresh_tasks: Vec<TasksRecord> = fresh
                .iter()
                .filter_map(|(b, p)| TasksRecord::of(b, p))
                .collect();
            let mut seen: HashSet<[u8; 20]> = HashSet::new();
            let kept = cached_tasks.iter().filter(|(b, _)| current.contains(b));
            let tasks: Vec<TasksRecord> = fresh_tasks
                .into_iter()
                .chain(kept.map(|(b, t)| TasksRecord {
                    blob: *b.as_bytes(),
                    tasks: Cow::Borrowed(t.as_ref()),
                }))
                .filter(|r| seen.insert(r.blob))
                .collect();
            if let Some(bytes) = framed::frame(TASKS_MAGIC, VERSION, &tasks) {
                let _ = framed::replace(&tasks_path, &bytes);
            }
        }
        drop(cached);

        let plans = files
            .files
            .into_iter()
            .zip(found)
            .map(|(f, got)| {
                let (blob, parsed) = got.unwrap_or((None, Err(unreadable(&f.id))));
                let mut summary = parsed.and_then(|p| self.checked(&f.id, p));
                if let Ok(s) = &mut summary
                    && !with_tasks(&f.id)
                {
                    // Asked or not, the same listing whatever the cache held.
                    s.tasks = Vec::new();
                }
                SummaryEntry {
                    summary,
                    id: f.id,
                    blob: blob.or(f.blob),
                    state: f.state,
                }
            })
            .collect();
        let summaries = Summaries {
            plans,
            stray: files.stray,
            stats: CacheStats {
                hits,
                misses,
                discarded,
            },
        };
        Ok((summaries, years))
    }

    /// The summary for the plan at `id`, or its problems located in its file.
    fn checked(&self, id: &PlanId, parsed: Parsed) -> std::result::Result<PlanSummary, LoadError> {
        let rel = id.rel_path();
        match parsed {
            Parsed::Summary(s) if s.year == id.year() => Ok(s),
            Parsed::Summary(s) => {
                let text = super::confine::read_file(&self.root, &rel)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default();
                Err(year_error(&rel, &text, s.year, id.year()))
            }
            Parsed::Problems(problems) => Err(LoadError {
                path: rel,
                problems,
            }),
        }
    }
}

fn unreadable(id: &PlanId) -> LoadError {
    LoadError::whole_file(&id.rel_path(), "cannot read the file")
}

/// Read one plan file: its blob id (of the bytes read, so the summary is
/// kept under the contents it came from) and what parsing gave.
fn parse_file(root: &Path, id: &PlanId) -> Read {
    let rel = id.rel_path();
    let bytes = match super::confine::read_file(root, &rel) {
        Ok(b) => b,
        Err(e) => return (None, Err(super::plans::refused_load(e.into_refused(&rel)))),
    };
    let blob = BlobId::of(&bytes);
    let parsed = match String::from_utf8(bytes) {
        Err(e) => Parsed::Problems(
            LoadError::whole_file(&rel, format!("cannot read the file: {e}")).problems,
        ),
        Ok(text) => match parse_plan(&text) {
            Ok(plan) => Parsed::Summary(PlanSummary::of(&plan)),
            Err(e) => Parsed::Problems(LoadError::from_plan_error(&rel, &text, &e).problems),
        },
    };
    (Some(blob), Ok(parsed))
}

fn cache_path(git_dir: &Path) -> PathBuf {
    git_dir.join("plandesk").join("summaries")
}

fn tasks_path(git_dir: &Path) -> PathBuf {
    git_dir.join("plandesk").join("tasks")
}

// ---- the file -------------------------------------------------------------

#[derive(Serialize, Deserialize)]
struct Record<'a> {
    blob: [u8; 20],
    #[serde(borrow)]
    parsed: ParsedRecord<'a>,
}

#[derive(Serialize, Deserialize)]
enum ParsedRecord<'a> {
    #[serde(borrow)]
    Summary(SummaryRecord<'a>),
    Problems(Vec<ProblemRecord<'a>>),
}

#[derive(Serialize, Deserialize)]
struct SummaryRecord<'a> {
    title: &'a str,
    year: i32,
    kind: Kind,
    state: ApprovalState,
    org: Option<&'a str>,
    date: Option<i32>,
    done: u64,
    total: u64,
    conflicts: u64,
}

/// One plan's tasks, in the tasks file.
#[derive(Serialize, Deserialize)]
struct TasksRecord<'a> {
    blob: [u8; 20],
    /// Postcard bytes of `Vec<TaskRecord>`, decoded only for the plans
    /// whose tasks a listing shows.
    #[serde(borrow)]
    tasks: Cow<'a, [u8]>,
}

impl TasksRecord<'_> {
    fn of(blob: &BlobId, parsed: &Parsed) -> Option<TasksRecord<'static>> {
        let Parsed::Summary(s) = parsed else {
            return None;
        };
        let tasks: Vec<TaskRecord> = s
            .tasks
            .iter()
            .map(|t| TaskRecord {
                id: &t.id,
                month: t.month,
                period: t.period.as_deref(),
                text: &t.text,
                status: t.status,
                done_on: t.done_on.map(day),
                owner: t.owner.as_deref(),
            })
            .collect();
        Some(TasksRecord {
            blob: *blob.as_bytes(),
            tasks: Cow::Owned(postcard::to_stdvec(&tasks).ok()?),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct TaskRecord<'a> {
    id: &'a str,
    month: u8,
    period: Option<&'a str>,
    text: &'a str,
    status: Status,
    done_on: Option<i32>,
    owner: Option<&'a str>,
}

#[derive(Serialize, Deserialize)]
struct ProblemRecord<'a> {
    line: u64,
    column: u64,
    message: &'a str,
}

fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

fn date(days: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(days)
}

impl<'a> Record<'a> {
    fn of(blob: &BlobId, parsed: &'a Parsed) -> Record<'a> {
        let parsed = match parsed {
            Parsed::Summary(s) => ParsedRecord::Summary(SummaryRecord {
                title: &s.title,
                year: s.year,
                kind: s.kind,
                state: s.state,
                org: s.org.as_deref(),
                date: s.date.map(day),
                done: s.progress.0 as u64,
                total: s.progress.1 as u64,
                conflicts: s.conflicts as u64,
            }),
            Parsed::Problems(p) => ParsedRecord::Problems(
                p.iter()
                    .map(|l| ProblemRecord {
                        line: l.line as u64,
                        column: l.column as u64,
                        message: &l.message,
                    })
                    .collect(),
            ),
        };
        Record {
            blob: *blob.as_bytes(),
            parsed,
        }
    }

    /// The summary, with `tasks` (the bytes of its tasks record) when
    /// given; `None` when they cannot be decoded (the plan is then parsed
    /// again).
    fn to_parsed(&self, tasks: Option<&[u8]>) -> Option<Parsed> {
        Some(match &self.parsed {
            ParsedRecord::Summary(s) => Parsed::Summary(PlanSummary {
                title: s.title.to_string(),
                year: s.year,
                kind: s.kind,
                state: s.state,
                org: s.org.map(str::to_string),
                date: s.date.and_then(date),
                progress: (
                    usize::try_from(s.done).ok()?,
                    usize::try_from(s.total).ok()?,
                ),
                conflicts: usize::try_from(s.conflicts).ok()?,
                tasks: if let Some(tasks) = tasks {
                    postcard::from_bytes::<Vec<TaskRecord>>(tasks)
                        .ok()?
                        .into_iter()
                        .map(|t| Task {
                            id: t.id.to_string(),
                            month: t.month,
                            period: t.period.map(str::to_string),
                            text: t.text.to_string(),
                            status: t.status,
                            done_on: t.done_on.and_then(date),
                            owner: t.owner.map(str::to_string),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            }),
            ParsedRecord::Problems(p) => Parsed::Problems(
                p.iter()
                    .map(|l| Located {
                        line: usize::try_from(l.line).unwrap_or(1),
                        column: usize::try_from(l.column).unwrap_or(1),
                        message: l.message.to_string(),
                    })
                    .collect(),
            ),
        })
    }
}

/// The records of a summaries file, or `None` when it is short, damaged or
/// of another version.
fn decode(bytes: &[u8]) -> Option<HashMap<BlobId, Record<'_>>> {
    let records: Vec<Record> = postcard::from_bytes(framed::body(bytes, MAGIC, VERSION)?).ok()?;
    Some(
        records
            .into_iter()
            .map(|r| (BlobId::from_bytes(r.blob), r))
            .collect(),
    )
}

/// The tasks records of a tasks file, by blob; `None` as for [`decode`].
fn decode_tasks(bytes: &[u8]) -> Option<HashMap<BlobId, Cow<'_, [u8]>>> {
    let records: Vec<TasksRecord> =
        postcard::from_bytes(framed::body(bytes, TASKS_MAGIC, VERSION)?).ok()?;
    Some(
        records
            .into_iter()
            .map(|r| (BlobId::from_bytes(r.blob), r.tasks))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary() -> PlanSummary {
        let mut plan = crate::model::Plan::new("汪场镇2022年工作计划", 2022, Kind::Plan);
        plan.org = Some("汪场镇政协联络处".into());
        plan.date = NaiveDate::from_ymd_opt(2022, 3, 25);
        plan.tasks.push(Task {
            id: "t1".into(),
            month: 2,
            period: Some("一至三月".into()),
            text: "开展一次献爱心活动".into(),
            status: Status::Done,
            done_on: NaiveDate::from_ymd_opt(2022, 2, 18),
            owner: Some("王某".into()),
        });
        PlanSummary::of(&plan)
    }

    #[test]
    fn records_round_trip_and_damage_is_detected() {
        let blob = BlobId::of(b"x");
        let parsed = Parsed::Summary(summary());
        let bytes =
            framed::frame(MAGIC, VERSION, &[&Record::of(&blob, &parsed)][..]).expect("encode");
        let tasks = TasksRecord::of(&blob, &parsed).expect("tasks");
        let task_bytes = framed::frame(TASKS_MAGIC, VERSION, &[tasks][..]).expect("encode");
        let back = decode(&bytes).expect("decode");
        let back_tasks = decode_tasks(&task_bytes).expect("decode tasks");
        let tasks = back_tasks.get(&blob).map(|t| t.as_ref());
        let Some(Some(Parsed::Summary(s))) = back.get(&blob).map(|r| r.to_parsed(tasks)) else {
            panic!("no summary for the blob");
        };
        assert_eq!(s, summary());
        assert!(
            decode(&task_bytes).is_none(),
            "a tasks file is not a summaries file"
        );

        assert!(decode(&bytes[..bytes.len() - 1]).is_none(), "truncated");
        let mut flipped = bytes.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x40;
        assert!(decode(&flipped).is_none(), "a changed byte");
        let mut older = bytes.clone();
        older[8..12].copy_from_slice(&(VERSION - 1).to_le_bytes());
        assert!(decode(&older).is_none(), "another version");
        assert!(decode(b"garbage").is_none());
    }
}
