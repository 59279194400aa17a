//! Which plan files a commit changed, read straight from the object database.
//! Raw commits and trees are parsed here, and libgit2's object cache is off
//! while history is indexed: it would keep every tree of a 100,000-commit
//! walk (hundreds of megabytes) when each is needed twice, as a commit's and
//! then as its child's parent's; [`Trees`] keeps those.

use std::collections::HashMap;
use std::rc::Rc;

use git2::{Odb, Oid};

use crate::store::PLANS_DIR;

/// What the index needs of a commit.
pub(super) struct Commit {
    pub tree: Oid,
    pub parents: Vec<Oid>,
    /// Committer time, seconds.
    pub time: i64,
}

fn broken(what: &str, oid: Oid) -> git2::Error {
    git2::Error::from_str(&format!("the git object {oid} is not a well-formed {what}"))
}

fn hex_oid(bytes: &[u8]) -> Option<Oid> {
    Oid::from_str(std::str::from_utf8(bytes.get(..40)?).ok()?).ok()
}

impl Commit {
    pub(super) fn read(odb: &Odb<'_>, oid: Oid) -> Result<Commit, git2::Error> {
        let object = odb.read(oid)?;
        let mut tree = None;
        let mut parents = Vec::new();
        let mut time = 0;
        for line in object.data().split(|b| *b == b'\n') {
            if line.is_empty() {
                break;
            }
            if let Some(rest) = line.strip_prefix(b"tree ") {
                tree = hex_oid(rest);
            } else if let Some(rest) = line.strip_prefix(b"parent ") {
                parents.push(hex_oid(rest).ok_or_else(|| broken("commit", oid))?);
            } else if let Some(rest) = line.strip_prefix(b"committer ") {
                // `Name <email> 1700000000 +0800`
                let mut fields = rest.rsplit(|b| *b == b' ');
                time = fields
                    .nth(1)
                    .and_then(|t| std::str::from_utf8(t).ok())
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(0);
            }
        }
        Ok(Commit {
            tree: tree.ok_or_else(|| broken("commit", oid))?,
            parents,
            time,
        })
    }
}

/// One entry of a tree: a folder, or anything else with an id (a file).
pub(super) struct Item {
    name: Vec<u8>,
    id: Oid,
    folder: bool,
}

/// Trees read lately, parsed: a commit's trees are read again as its child's
/// parent's.
pub(super) struct Trees<'o> {
    odb: &'o Odb<'o>,
    recent: HashMap<Oid, Rc<Vec<Item>>>,
}

/// Enough for a commit's and its parents' folders along a plan path.
const RECENT: usize = 64;

impl<'o> Trees<'o> {
    pub(super) fn new(odb: &'o Odb<'o>) -> Trees<'o> {
        Trees {
            odb,
            recent: HashMap::new(),
        }
    }

    fn items(&mut self, tree: Option<Oid>) -> Result<Rc<Vec<Item>>, git2::Error> {
        let Some(oid) = tree else {
            return Ok(Rc::new(Vec::new()));
        };
        if let Some(hit) = self.recent.get(&oid) {
            return Ok(hit.clone());
        }
        let parsed = Rc::new(items(self.odb, oid)?);
        if self.recent.len() >= RECENT {
            self.recent.clear();
        }
        self.recent.insert(oid, parsed.clone());
        Ok(parsed)
    }
}

/// Turns libgit2's object cache off while a walk reads objects once or
/// twice each, and back on after. (Process-wide: another thread's reads
/// meanwhile are only not cached.)
pub(super) struct NoObjectCache;

impl NoObjectCache {
    pub(super) fn new() -> NoObjectCache {
        git2::opts::enable_caching(false);
        NoObjectCache
    }
}

impl Drop for NoObjectCache {
    fn drop(&mut self) {
        git2::opts::enable_caching(true);
    }
}

/// The entries of a tree (submodules left out), sorted by name.
fn items(odb: &Odb<'_>, oid: Oid) -> Result<Vec<Item>, git2::Error> {
    let object = odb.read(oid)?;
    let mut data = object.data();
    let mut out = Vec::new();
    // `<octal mode> <name>\0<20-byte id>`, repeated.
    while !data.is_empty() {
        let space = data
            .iter()
            .position(|b| *b == b' ')
            .ok_or_else(|| broken("tree", oid))?;
        let nul = data
            .iter()
            .position(|b| *b == 0)
            .filter(|n| *n > space)
            .ok_or_else(|| broken("tree", oid))?;
        let id = data
            .get(nul + 1..nul + 21)
            .and_then(|b| Oid::from_bytes(b).ok())
            .ok_or_else(|| broken("tree", oid))?;
        let mode = &data[..space];
        if mode != b"160000" {
            out.push(Item {
                name: data[space + 1..nul].to_vec(),
                id,
                folder: mode == b"40000" || mode == b"040000",
            });
        }
        data = &data[nul + 21..];
    }
    // Git orders a folder as if its name ended in '/': sort by name alone.
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// The id of the `plans` folder in a root tree.
fn plans_folder(trees: &mut Trees<'_>, root: Oid) -> Result<Option<Oid>, git2::Error> {
    Ok(trees
        .items(Some(root))?
        .iter()
        .find(|i| i.folder && i.name == PLANS_DIR.as_bytes())
        .map(|i| i.id))
}

/// The plan files (`.toml` under `plans/`) that `commit` changed: against its
/// parent; all it has, for a root commit; for a merge, those that differ
/// from every parent.
pub(super) fn changed_plan_files(
    trees: &mut Trees<'_>,
    commit: &Commit,
    parent_trees: &[Oid],
) -> Result<Vec<String>, git2::Error> {
    let here = plans_folder(trees, commit.tree)?;
    let mut out = Vec::new();
    let Some((first, others)) = parent_trees.split_first() else {
        diff(trees, None, here, PLANS_DIR, &mut out)?;
        return Ok(out);
    };
    let there = plans_folder(trees, *first)?;
    diff(trees, there, here, PLANS_DIR, &mut out)?;
    for parent in others {
        if out.is_empty() {
            break;
        }
        let mut other = Vec::new();
        let there = plans_folder(trees, *parent)?;
        diff(trees, there, here, PLANS_DIR, &mut other)?;
        out.retain(|p| other.contains(p));
    }
    Ok(out)
}

/// The `.toml` files that differ between two folders, reading only the
/// subfolders whose ids differ.
fn diff(
    trees: &mut Trees<'_>,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut Vec<String>,
) -> Result<(), git2::Error> {
    if old == new {
        return Ok(());
    }
    let old = trees.items(old)?;
    let new = trees.items(new)?;
    let path = |item: &Item| format!("{prefix}/{}", String::from_utf8_lossy(&item.name));
    // One side only: a folder is read whole, a file counts.
    let one_side = |trees: &mut Trees<'_>, item: &Item, is_new: bool, out: &mut Vec<String>| {
        if item.folder {
            let (o, n) = if is_new {
                (None, Some(item.id))
            } else {
                (Some(item.id), None)
            };
            diff(trees, o, n, &path(item), out)
        } else {
            if item.name.ends_with(b".toml") {
                out.push(path(item));
            }
            Ok(())
        }
    };
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        let order = match (old.get(i), new.get(j)) {
            (Some(o), Some(n)) => o.name.cmp(&n.name),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                one_side(trees, &old[i], false, out)?;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                one_side(trees, &new[j], true, out)?;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (o, n) = (&old[i], &new[j]);
                if o.folder && n.folder {
                    diff(trees, Some(o.id), Some(n.id), &path(n), out)?;
                } else if o.folder != n.folder {
                    one_side(trees, o, false, out)?;
                    one_side(trees, n, true, out)?;
                } else if o.id != n.id && n.name.ends_with(b".toml") {
                    out.push(path(n));
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}
