//! Which items were opened from the finder, how often and how lately: an
//! empty query lists them first. Kept in `.git/plandesk/finder-opened`, one
//! line an item; a line that cannot be read is left out.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::PlanId;

use super::SearchError;
use super::disk::write_atomic;
use super::record::ItemKind;

/// The file, under the git directory.
pub const OPENINGS_FILE: &str = "plandesk/finder-opened";

/// Items remembered at most; the least recent and least often go first.
const KEEP: usize = 200;

/// An item of a plan, as the UI jumps to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub plan: PlanId,
    pub kind: ItemKind,
    /// The section's, target's or task's id; `None` for the plan.
    pub item: Option<String>,
}

#[derive(Debug, Clone)]
struct Opening {
    item: ItemRef,
    count: u32,
    last: u64,
}

/// The record of openings.
#[derive(Debug, Clone, Default)]
pub struct Openings {
    entries: Vec<Opening>,
    now: u64,
}

impl Openings {
    /// The record in `git_dir`; empty when there is none yet.
    pub fn load(git_dir: &Path) -> Openings {
        let text = std::fs::read_to_string(path(git_dir)).unwrap_or_default();
        Openings {
            entries: text.lines().filter_map(parse_line).collect(),
            now: now(),
        }
    }

    /// Remember that `item` was opened now.
    pub fn record(git_dir: &Path, item: &ItemRef) -> Result<(), SearchError> {
        let mut o = Openings::load(git_dir);
        let now = o.now;
        match o.entries.iter_mut().find(|e| e.item == *item) {
            Some(e) => {
                e.count = e.count.saturating_add(1);
                e.last = now;
            }
            None => o.entries.push(Opening {
                item: item.clone(),
                count: 1,
                last: now,
            }),
        }
        let mut ranked: Vec<(i64, Opening)> =
            o.entries.iter().map(|e| (o.rank(e), e.clone())).collect();
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        ranked.truncate(KEEP);
        let text: String = ranked
            .iter()
            .map(|(_, e)| {
                format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    e.count,
                    e.last,
                    e.item.plan,
                    e.item.kind.as_str(),
                    e.item.item.as_deref().unwrap_or("-")
                )
            })
            .collect();
        write_atomic(&path(git_dir), text.as_bytes())
    }

    /// How many items are remembered.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Opened items, most recent and frequent first, with their rank.
    pub(crate) fn ranked(&self) -> impl Iterator<Item = (&ItemRef, i64)> {
        let mut all: Vec<(&ItemRef, i64)> = self
            .entries
            .iter()
            .map(|e| (&e.item, self.rank(e)))
            .collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.1));
        all.into_iter()
    }

    /// Openings count, and count less the older they are: one a week.
    fn rank(&self, e: &Opening) -> i64 {
        let weeks = self.now.saturating_sub(e.last) / (7 * 24 * 3600);
        let count = i64::from(e.count) * 1000;
        // Recent first among equals: seconds since the epoch break ties.
        (count / (1 + i64::try_from(weeks).unwrap_or(i64::MAX / 2)))
            .saturating_mul(1_000_000_000_000)
            .saturating_add(i64::try_from(e.last % 1_000_000_000_000).unwrap_or(0))
    }
}

fn path(git_dir: &Path) -> PathBuf {
    git_dir.join(OPENINGS_FILE)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn parse_line(line: &str) -> Option<Opening> {
    let mut f = line.split('\t');
    let count = f.next()?.parse().ok()?;
    let last = f.next()?.parse().ok()?;
    let plan = PlanId::parse(f.next()?).ok()?;
    let kind = match f.next()? {
        "plan" => ItemKind::Plan,
        "section" => ItemKind::Section,
        "target" => ItemKind::Target,
        "task" => ItemKind::Task,
        _ => return None,
    };
    let item = match f.next()? {
        "-" => None,
        id => Some(id.to_string()),
    };
    Some(Opening {
        item: ItemRef { plan, kind, item },
        count,
        last,
    })
}
