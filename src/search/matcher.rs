//! Matching a query against the index: filters first, then every word against
//! the item's path (scattered or contiguous, Chinese or pinyin), then section
//! bodies for phrases. A query that extends the previous one searches only
//! the previous matches.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::model::{Kind, PlanId, Status};

use super::index::{Index, Node, NodeKind, Span};
use super::openings::Openings;
use super::query::{Filters, Query};
use super::record::ItemKind;
use super::symbols::{Sym, key};
use super::term::Term;

/// Words this short are not looked for in bodies: one character is in nearly
/// every body, and a phrase is what a user remembers from one.
pub const BODY_MIN: usize = 2;

const UNSET: u64 = u64::MAX;

/// One match, before its path and highlights are worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub(crate) node: u32,
    pub score: i64,
    /// Matched by a phrase in the section's body, not by its path.
    pub body: bool,
}

/// The matches of one query: how many, and the best `limit` of them, best first.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// How many items were looked at (fewer than the index when narrowed).
    pub searched: usize,
}

/// A match as shown: where it is, its path with the matched characters,
/// and for a body match a line of the body around the phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub plan: PlanId,
    pub year: i32,
    pub plan_kind: Kind,
    pub kind: ItemKind,
    /// The section's, target's or task's id; `None` for the plan itself.
    pub item: Option<String>,
    pub path: String,
    /// Character indices into `path` of the matched characters.
    pub positions: Vec<usize>,
    pub snippet: Option<Snippet>,
    pub score: i64,
}

/// One line of a body around a phrase.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    /// Character indices into `text` of the phrase.
    pub positions: Vec<usize>,
}

/// The matcher over one index, remembering the last query's matches.
#[derive(Debug, Default)]
pub struct Finder {
    index: Index,
    /// The items with a body, for finding whose body a phrase found in one
    /// pass over all bodies is in.
    bodied: Bodies,
    /// Per node: what the scan reads of it, packed.
    hot: Vec<Hot>,
    /// Per plan: its nodes, and what bounds its items' scores.
    blocks: Vec<Block>,
    /// The symbols each plan's items' labels may lead with ([`Block::firsts`]).
    firsts: Vec<First>,
    last: Option<(Query, Vec<u32>)>,
    /// The last query's words, compiled, for showing its matches.
    last_terms: Vec<Term>,
    /// Phrases lately looked for in every body, with the items whose bodies
    /// hold them (in index order) and where: a longer phrase is only looked
    /// for in those, from there on.
    phrases: Vec<(String, Holding)>,
    /// Candidates this many or more are scanned in two halves on two cores.
    parallel_from: usize,
    /// Whether there are two cores (asked once: the answer reads files).
    two: bool,
}

/// One plan's nodes: the plan's own node first, its sections, targets,
/// months and tasks after it, up to `end`.
#[derive(Debug, Clone, Copy)]
struct Block {
    start: u32,
    end: u32,
    /// The symbols its items' labels may lead with (the first after a
    /// section's number, or the number's), in `Finder::firsts`: an item can
    /// only score a leading or exact match for a word that one of them starts.
    firsts: Span,
    /// The shortest label among its items, in characters (at most 999).
    short: i64,
}

/// A symbol some labels of a plan's items may lead with, and how short
/// those labels are: what bounds the score of a word leading them.
#[derive(Debug, Clone, Copy)]
struct First {
    sym: Sym,
    /// The fewest characters from it to the end of such a label: a word
    /// matches one exactly only when it is at least this long.
    rest: u16,
    /// The fewest characters of such a label (at most 999).
    len: u16,
}

/// Phrases kept from earlier searches.
const KEPT_PHRASES: usize = 8;

/// Pending items this many or more are settled in two halves on two cores.
const SETTLE_SPLIT: usize = 4096;

/// The items whose bodies hold a phrase, in index order, with where in each
/// (folded) body it first occurs: a longer phrase holding it can only
/// occur from there on.
#[derive(Debug, Clone, Default)]
struct Holding {
    nodes: Vec<u32>,
    /// Per item, the byte of its folded body where the phrase first starts.
    at: Vec<u32>,
    /// Per item, the [`TAIL`] bytes of its body after that occurrence
    /// (0xFF past the end, which UTF-8 never has): whether a phrase one
    /// character longer occurs there is known without reading the body.
    tail: Vec<[u8; TAIL]>,
    /// Per item, whether its body holds the phrase again after that.
    again: Vec<bool>,
}

/// Bytes kept after a phrase's first occurrence in each body: one more
/// character of Chinese (three bytes) or a few letters.
const TAIL: usize = 4;

impl Holding {
    fn has(&self, node: u32) -> bool {
        self.nodes.binary_search(&node).is_ok()
    }

    /// Whether it has `node`, walked to from `*at` (nodes asked for in
    /// index order).
    fn has_from(&self, at: &mut usize, node: u32) -> bool {
        while self.nodes.get(*at).is_some_and(|&n| n < node) {
            *at += 1;
        }
        self.nodes.get(*at) == Some(&node)
    }

    /// Body `i` of `bodies` holds the phrase `finder` looks for first at `at`.
    fn push(
        &mut self,
        ix: &Index,
        bodies: &Bodies,
        i: usize,
        at: u32,
        finder: &memchr::memmem::Finder<'_>,
    ) {
        let from = (bodies.starts[i] + at) as usize;
        let body = &ix.bodies.as_bytes()[..bodies.ends[i] as usize];
        let after = body.get(from + finder.needle().len()..).unwrap_or_default();
        let mut tail = [0xFF; TAIL];
        for (t, &b) in tail.iter_mut().zip(after) {
            *t = b;
        }
        self.nodes.push(bodies.nodes[i]);
        self.at.push(at);
        self.tail.push(tail);
        self.again.push(
            finder
                .find(body.get(from + 1..).unwrap_or_default())
                .is_some(),
        );
    }

    fn extend(&mut self, other: Holding) {
        self.nodes.extend(other.nodes);
        self.at.extend(other.at);
        self.tail.extend(other.tail);
        self.again.extend(other.again);
    }
}

/// A kept phrase inside a phrase looked for.
struct Kept<'a> {
    holding: &'a Holding,
    /// It is the phrase itself.
    exact: bool,
    /// The bytes the phrase adds after it, when the phrase begins with it
    /// and adds at most [`TAIL`]: the phrase is where the kept one first
    /// is exactly when these follow it there.
    adds: Option<&'a [u8]>,
    /// Bytes of the phrase before where the kept one first occurs in it: an
    /// occurrence of the phrase starts at most this far before the first
    /// occurrence of the kept one.
    shift: u32,
}

impl Kept<'_> {
    /// Where the phrase first occurs in the body of the kept phrase's item
    /// `k`, with `read` looking for it in the body from a byte on.
    fn first_at(&self, k: usize, read: impl FnOnce(u32) -> Option<u32>) -> Option<u32> {
        let at = self.holding.at[k];
        match self.adds {
            Some(adds) if self.holding.tail[k].starts_with(adds) => Some(at),
            // Not where the kept one first is: only further on, where it is again.
            Some(_) if self.holding.again[k] => read(at + 1),
            Some(_) => None,
            None => read(at.saturating_sub(self.shift)),
        }
    }
}

/// The most words of a query matched; more are left out (a bit of a mask
/// stands for each word while an item is checked).
const MAX_WORDS: usize = 64;

impl Finder {
    pub fn new(index: Index) -> Finder {
        let bodied = Bodies::new(&index);
        let hot = index
            .nodes
            .iter()
            .map(|n| Hot {
                sig: index.symbols.signature(index.label_syms(n)),
                parent: n.parent,
                label: n.label.start,
                len: n.label.len,
                lead: n.lead,
                body: n.body_fold.len > 0,
            })
            .collect();
        let (blocks, firsts) = blocks(&index);
        Finder {
            index,
            bodied,
            hot,
            blocks,
            firsts,
            parallel_from: PARALLEL_FROM,
            two: std::thread::available_parallelism().is_ok_and(|n| n.get() > 1),
            ..Finder::default()
        }
    }

    /// Scan in two halves from `n` candidates on (tests use it on small
    /// indexes; the default is [`PARALLEL_FROM`]).
    #[doc(hidden)]
    pub fn parallel_from(mut self, n: usize) -> Finder {
        self.parallel_from = n;
        self
    }

    /// As if nothing had been typed before: the phrases found in bodies by
    /// earlier searches forgotten, then `keystrokes` searched in turn from
    /// an empty query, so that the next search is a keystroke typed for the
    /// first time (benchmarks).
    #[doc(hidden)]
    pub fn retype(&mut self, keystrokes: &[&str], limit: usize) {
        self.phrases.clear();
        let none = Openings::default();
        self.search("", 1, &none);
        for typed in keystrokes {
            self.search(typed, limit, &none);
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The best `limit` matches of `text`. An empty query (filters only, or
    /// nothing) lists the items most recently and often opened first.
    pub fn search(&mut self, text: &str, limit: usize, openings: &Openings) -> Matches {
        let mut query = Query::parse(text);
        query.terms.truncate(MAX_WORDS);
        if query.terms.is_empty() {
            self.last = None;
            return self.browse(&query.filters, limit, openings);
        }
        // Narrowed: only the last matches can match by path. When a word has
        // just become long enough for bodies, the other sections' bodies are
        // looked through too.
        let (narrowed, crossed) = match self.last.take() {
            Some((old, hits)) if query.narrows(&old) => {
                // The words that became long enough for bodies only now.
                let crossed: Vec<usize> = (0..old.terms.len())
                    .filter(|&t| old.terms[t].len() < BODY_MIN && query.terms[t].len() >= BODY_MIN)
                    .collect();
                (Some(hits), crossed)
            }
            _ => (None, Vec::new()),
        };
        let candidates: &[u32] = narrowed.as_deref().unwrap_or(&self.index.items);
        let searched = candidates.len();
        let terms: Vec<Term> = query
            .terms
            .iter()
            .map(|t| Term::new(t, &self.index.symbols))
            .collect();
        let two = self.two;
        // Per word, when known: the items whose bodies hold it.
        let mut lists: Vec<Option<Holding>> = vec![None; terms.len()];
        for &t in &crossed {
            lists[t] = Some(self.holding(&terms[t].literal, two));
        }
        // Not narrowed, the one word's path misses nearly every item: its
        // list is needed for nearly every body, and with it known each is
        // settled as the scan comes to it.
        if narrowed.is_none() && terms.len() == 1 && terms[0].len() >= BODY_MIN {
            lists[0] = Some(self.holding(&terms[0].literal, two));
        }
        // Every match is kept (the next keystroke narrows to them), but only
        // the best `limit` are ranked in full: an item that cannot beat the
        // worst of them is not scored further. Many candidates are split
        // over two cores. Items whose path lacks a word that their body may
        // hold are settled by the scan when the word's list is known, else
        // after it, all at once.
        let split = two && searched >= self.parallel_from;
        let pass = self.pass(&terms, &query.filters, limit, &lists);
        let mut parts = in_halves(split, searched, |half| pass.run(&candidates[half]));
        let mut first = parts.remove(0);
        let mut on_path = std::mem::take(&mut first.matched);
        let mut top = first.top;
        let mut pending = std::mem::take(&mut first.pending);
        let mut held = std::mem::take(&mut first.held);
        for part in parts {
            on_path.extend(part.matched);
            top.absorb(part.top);
            pending.extend(part.pending);
            held.extend(part.held);
        }
        // Bodies: the items above whose paths lack a word, and, for a word
        // that just became long enough, every other item whose body holds it.
        let settled = self.settle(&terms, &mut lists, &pending, two);
        let mut in_body = merge(held, settled);
        // (No other item when the last query matched every one.)
        if !crossed.is_empty() && searched < self.index.items.len() {
            let pass = self.pass(&terms, &query.filters, limit, &lists);
            let mut scan = pass.scan();
            let mut extra: Vec<u32> = crossed
                .iter()
                .filter_map(|&t| lists[t].as_ref())
                .flat_map(|h| &h.nodes)
                .copied()
                .collect();
            extra.sort_unstable();
            extra.dedup();
            let mut seen = candidates.iter().peekable();
            // Where each word's list has been walked to (`extra` is in index order).
            let mut walked = vec![0; lists.len()];
            // Found here, in index order, to be merged with those found above.
            let (mut by_path, mut by_body) = (Vec::new(), Vec::new());
            for node in extra {
                while seen.next_if(|&&c| c < node).is_some() {}
                if seen.next_if_eq(&&node).is_some()
                    || !passes(
                        &self.index,
                        &self.index.nodes[node as usize],
                        &query.filters,
                    )
                {
                    continue;
                }
                // Its body holds every word (most often the one word
                // typed): a body match, its path need not be read (it failed
                // the last query by path, so it cannot match this one by path).
                if lists
                    .iter()
                    .zip(&mut walked)
                    .all(|(l, at)| l.as_ref().is_some_and(|l| l.has_from(at, node)))
                {
                    by_body.push(node);
                    continue;
                }
                scan.enter(node);
                let off = match scan.score(node, None) {
                    Scored::Hit(hit) => {
                        // Not narrowed: it failed the last query by path, so
                        // it cannot match this one by path.
                        by_path.push(hit.node);
                        top.offer(hit);
                        continue;
                    }
                    Scored::Body(off) => off,
                    Scored::No | Scored::Below => continue,
                };
                if self.holds_all(&terms, &lists, node, off) {
                    by_body.push(node);
                }
            }
            in_body = merge(in_body, by_body);
            on_path = merge(on_path, by_path);
        }
        // A body match scores at most -1000: none can displace a full set
        // of best rows that all score above that.
        if top.floor().is_none_or(|f| f <= -1000) {
            for &node in &in_body {
                let n = &self.index.nodes[node as usize];
                let short = i64::from(n.label.len.min(999));
                top.offer(Hit {
                    node,
                    score: -1000 - short,
                    body: true,
                });
            }
        }
        let all = merge(on_path, in_body);
        // The lists found, for longer phrases to come.
        let mut kept: Vec<(String, Holding)> = Vec::new();
        for (term, list) in terms.iter().zip(lists) {
            if let Some(list) = list
                && !kept.iter().any(|(p, _)| *p == term.literal)
            {
                kept.push((term.literal.clone(), list));
            }
        }
        for (p, list) in std::mem::take(&mut self.phrases) {
            if kept.len() < KEPT_PHRASES && !kept.iter().any(|(q, _)| *q == p) {
                kept.push((p, list));
            }
        }
        self.phrases = kept;
        self.last_terms = terms;
        let total = all.len();
        self.last = Some((query, all));
        Matches {
            total,
            hits: top.into_best(),
            searched,
        }
    }

    /// One scan of the index for `terms`.
    fn pass<'a>(
        &'a self,
        terms: &'a [Term],
        filters: &'a Filters,
        limit: usize,
        lists: &'a [Option<Holding>],
    ) -> Pass<'a> {
        Pass {
            index: &self.index,
            blocks: &self.blocks,
            firsts: &self.firsts,
            terms,
            hot: &self.hot,
            filters,
            unfiltered: filters.is_empty(),
            limit,
            lists,
        }
    }

    /// Which of the `pending` items (each with the words its path lacks)
    /// hold those words in their bodies, in index order. A word is looked
    /// for in one pass over every body only when the bodies to look at are
    /// many and no earlier phrase inside it narrows them. Many pending items
    /// are looked at in two halves on two cores.
    fn settle(
        &self,
        terms: &[Term],
        lists: &mut [Option<Holding>],
        pending: &[(u32, u64)],
        two: bool,
    ) -> Vec<u32> {
        for (t, term) in terms.iter().enumerate() {
            let bit = 1u64 << t;
            // Counted, not measured: reading each item's node would cost
            // more than the bodies it saves reading.
            let many = pending.iter().filter(|&&(_, off)| off & bit != 0).count();
            if many == 0 || lists[t].is_some() {
                continue;
            }
            match self.kept_inside(&term.literal) {
                Some(kept) if kept.exact => lists[t] = Some(kept.holding.clone()),
                None if many > self.bodied.nodes.len() / 4 => {
                    lists[t] = Some(self.holding(&term.literal, two));
                }
                _ => {}
            }
        }
        let lists = &*lists;
        let holds = in_halves(
            two && pending.len() >= SETTLE_SPLIT,
            pending.len(),
            |half| self.settle_part(terms, lists, &pending[half]),
        )
        .concat();
        pending
            .iter()
            .zip(holds)
            .filter(|&(_, yes)| yes)
            .map(|(&(n, _), _)| n)
            .collect()
    }

    /// Per pending item (in index order), whether its body holds every word
    /// its path lacks: looked up in the word's list when there is one, else
    /// read, from where a kept phrase inside the word first occurs in it.
    fn settle_part(
        &self,
        terms: &[Term],
        lists: &[Option<Holding>],
        pending: &[(u32, u64)],
    ) -> Vec<bool> {
        let ix = &self.index;
        let b = &self.bodied;
        let mut holds = vec![true; pending.len()];
        let Some(&(first, _)) = pending.first() else {
            return holds;
        };
        for (t, term) in terms.iter().enumerate() {
            let bit = 1u64 << t;
            // Walked beside the pending items: the list of every body holding
            // the word, else that of a phrase inside it, else none.
            let among = match &lists[t] {
                Some(holding) => Some(Kept {
                    holding,
                    exact: true,
                    adds: None,
                    shift: 0,
                }),
                None => self.kept_inside(&term.literal),
            };
            let finder = phrase_finder(&term.literal);
            let keys = phrase_keys(&term.literal);
            let mut cursor = among
                .as_ref()
                .map_or(0, |l| l.holding.nodes.partition_point(|&n| n < first));
            let mut at = b.nodes.partition_point(|&n| n < first);
            for (k, &(node, off)) in pending.iter().enumerate() {
                if off & bit == 0 || !holds[k] {
                    continue;
                }
                let mut read = |from| {
                    b.find(&mut at, node)
                        .and_then(|i| b.first_at(ix, i, keys, &finder, from))
                };
                holds[k] = match &among {
                    Some(kept) => {
                        let nodes = &kept.holding.nodes;
                        while nodes.get(cursor).is_some_and(|&n| n < node) {
                            cursor += 1;
                        }
                        nodes.get(cursor) == Some(&node)
                            && (kept.exact || kept.first_at(cursor, read).is_some())
                    }
                    None => read(0).is_some(),
                };
            }
        }
        holds
    }

    /// Whether the body of `node` holds every word of `off`.
    fn holds_all(&self, terms: &[Term], lists: &[Option<Holding>], node: u32, off: u64) -> bool {
        let body = self.index.body_folded(&self.index.nodes[node as usize]);
        terms.iter().enumerate().all(|(t, term)| {
            off & (1 << t) == 0
                || match &lists[t] {
                    Some(list) => list.has(node),
                    None => body.contains(term.literal.as_str()),
                }
        })
    }

    /// The fewest items of a kept phrase inside `phrase`: only their bodies
    /// can hold `phrase`; all of them do when it is `phrase` itself.
    fn kept_inside<'a>(&'a self, phrase: &'a str) -> Option<Kept<'a>> {
        self.phrases
            .iter()
            .filter_map(|(p, holding)| {
                let shift = phrase.find(p.as_str())?;
                let adds = &phrase.as_bytes()[p.len()..];
                Some(Kept {
                    holding,
                    exact: p == phrase,
                    adds: (shift == 0 && adds.len() <= TAIL).then_some(adds),
                    shift: u32::try_from(shift).unwrap_or(u32::MAX),
                })
            })
            .min_by_key(|k| (k.holding.nodes.len(), !k.exact))
    }

    /// The items whose bodies hold `phrase`, in index order: those of a
    /// kept phrase inside it looked at one by one, else every body in one
    /// pass (over two cores when `two`).
    fn holding(&self, phrase: &str, two: bool) -> Holding {
        let ix = &self.index;
        let finder = phrase_finder(phrase);
        let keys = phrase_keys(phrase);
        let b = &self.bodied;
        if let Some(kept) = self.kept_inside(phrase) {
            if kept.exact {
                return kept.holding.clone();
            }
            let mut out = Holding::default();
            let mut at = 0;
            for (k, &node) in kept.holding.nodes.iter().enumerate() {
                let Some(i) = b.find(&mut at, node) else {
                    continue;
                };
                if let Some(first) = kept.first_at(k, |from| b.first_at(ix, i, keys, &finder, from))
                {
                    out.push(ix, b, i, first, &finder);
                }
            }
            return out;
        }
        let mut out = Holding::default();
        for half in in_halves(two, b.nodes.len(), |half| {
            body_nodes(ix, b, half, keys, &finder)
        }) {
            out.extend(half);
        }
        // In index order (the bodies' order already: they are laid out in it).
        if !out.nodes.is_sorted() {
            let mut order: Vec<usize> = (0..out.nodes.len()).collect();
            order.sort_unstable_by_key(|&k| out.nodes[k]);
            out = Holding {
                nodes: order.iter().map(|&k| out.nodes[k]).collect(),
                at: order.iter().map(|&k| out.at[k]).collect(),
                tail: order.iter().map(|&k| out.tail[k]).collect(),
                again: order.iter().map(|&k| out.again[k]).collect(),
            };
        }
        out
    }

    /// The same matches as [`Finder::search`], found the plain way: every
    /// item's whole path and body read for every word, every match scored
    /// in full and sorted, nothing remembered or narrowed. Only for
    /// checking `search`'s shortcuts against (tests).
    #[doc(hidden)]
    pub fn search_plain(&self, text: &str, limit: usize) -> Matches {
        let ix = &self.index;
        let query = Query::parse(text);
        let terms: Vec<Term> = query
            .terms
            .iter()
            .map(|t| Term::new(t, &ix.symbols))
            .collect();
        let mut hits = Vec::new();
        for &node in &ix.items {
            let n = &ix.nodes[node as usize];
            if terms.is_empty() || !passes(ix, n, &query.filters) {
                continue;
            }
            let lineage = ix.lineage(node);
            let path: Vec<_> = lineage
                .iter()
                .flat_map(|&a| ix.label_syms(&ix.nodes[a as usize]).iter().copied())
                .collect();
            let syms = ix.label_syms(n);
            let short = i64::try_from(syms.len().min(999)).unwrap_or(999);
            let on_path = terms
                .iter()
                .all(|t| t.scatter_by_steps(1, &path) & t.done != 0);
            let in_body = !on_path
                && terms.iter().all(|t| {
                    t.scatter_by_steps(1, &path) & t.done != 0
                        || (t.len() >= BODY_MIN && ix.body_folded(n).contains(t.literal.as_str()))
                });
            let score = if on_path {
                let lead = usize::from(n.lead).min(syms.len());
                let words: i64 = terms
                    .iter()
                    .map(|t| {
                        let leads =
                            (0..=lead).find_map(|st| t.anchored_end(&syms[st..]).map(|e| st + e));
                        match leads {
                            Some(end) if end == syms.len() => EXACT,
                            Some(_) => LEADS,
                            None if t.run_end(syms).is_some() => OWN_RUN,
                            None if lineage[..lineage.len() - 1].iter().any(|&a| {
                                t.run_end(ix.label_syms(&ix.nodes[a as usize])).is_some()
                            }) =>
                            {
                                PATH_RUN
                            }
                            None => SCATTERED,
                        }
                    })
                    .sum();
                words * 1000 - short
            } else if in_body {
                -1000 - short
            } else {
                continue;
            };
            hits.push(Hit {
                node,
                score,
                body: !on_path,
            });
        }
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.node.cmp(&b.node)));
        let total = hits.len();
        hits.truncate(limit);
        Matches {
            total,
            hits,
            searched: ix.items.len(),
        }
    }

    fn browse(&self, filters: &Filters, limit: usize, openings: &Openings) -> Matches {
        let ix = &self.index;
        let mut hits: Vec<Hit> = Vec::new();
        let mut total = 0;
        // Room for the opened items, which are taken out of this list below.
        let room = limit.saturating_add(openings.len());
        for &node in &ix.items {
            if passes(ix, &ix.nodes[node as usize], filters) {
                total += 1;
                if hits.len() < room {
                    hits.push(Hit {
                        node,
                        score: 0,
                        body: false,
                    });
                }
            }
        }
        let mut opened: Vec<Hit> = openings
            .ranked()
            .filter_map(|(key, score)| {
                let node = ix.find(&key.plan, key.kind, key.item.as_deref())?;
                passes(ix, &ix.nodes[node as usize], filters).then_some(Hit {
                    node,
                    score,
                    body: false,
                })
            })
            .take(limit)
            .collect();
        hits.retain(|h| !opened.iter().any(|o| o.node == h.node));
        opened.extend(hits);
        opened.truncate(limit);
        Matches {
            total,
            searched: ix.items.len(),
            hits: opened,
        }
    }

    /// The match as shown, for the query it was found with.
    pub fn found(&self, text: &str, hit: &Hit) -> Found {
        let ix = &self.index;
        let query = Query::parse(text);
        let node = &ix.nodes[hit.node as usize];
        let meta = &ix.plans[node.plan as usize];
        let (path, offsets) = ix.path(hit.node);
        let lineage = ix.lineage(hit.node);
        let mut positions = Vec::new();
        let mut snippet = None;
        let same = self.last_terms.len() == query.terms.len()
            && self
                .last_terms
                .iter()
                .zip(&query.terms)
                .all(|(t, w)| t.chars == *w);
        let compiled: Vec<Term>;
        let terms: &[Term] = if same {
            &self.last_terms
        } else {
            compiled = query
                .terms
                .iter()
                .map(|w| Term::new(w, &ix.symbols))
                .collect();
            &compiled
        };
        for term in terms {
            match highlight(ix, term, &lineage, &offsets) {
                Some(marks) => positions.extend(marks),
                None if snippet.is_none() => snippet = body_snippet(ix.body(node), &term.literal),
                None => {}
            }
        }
        positions.sort_unstable();
        positions.dedup();
        Found {
            plan: meta.id.clone(),
            year: meta.year,
            plan_kind: meta.kind,
            kind: match node.kind {
                NodeKind::Item(k) => k,
                _ => ItemKind::Plan,
            },
            item: (node.kind != NodeKind::Item(ItemKind::Plan))
                .then(|| ix.id_text(node).to_string()),
            path,
            positions,
            snippet,
            score: hit.score,
        }
    }
}

fn passes(ix: &Index, n: &Node, f: &Filters) -> bool {
    if f.is_empty() {
        return true;
    }
    let meta = &ix.plans[n.plan as usize];
    let item = match n.kind {
        NodeKind::Item(k) => k,
        _ => return false,
    };
    (f.years.is_empty() || f.years.iter().any(|&(a, b)| (a..=b).contains(&meta.year)))
        && (f.kinds.is_empty() || f.kinds.contains(&meta.kind))
        && (f.items.is_empty() || f.items.contains(&item))
        && (f.states.is_empty() || f.states.contains(&meta.state))
        && (f.status.is_empty() || n.status.is_some_and(|s: Status| f.status.contains(&s)))
}

/// The items with a body in the order of their folded bodies in
/// `Index::bodies`, with where each starts and ends, side by side so that a
/// search over the starts reads one array.
#[derive(Debug, Default)]
struct Bodies {
    nodes: Vec<u32>,
    starts: Vec<u32>,
    ends: Vec<u32>,
    /// The keys of each body's characters ([`super::symbols::key`]): a body
    /// lacking a key of a phrase is passed over unread.
    sigs: Vec<u128>,
}

impl Bodies {
    /// Where `node` is among the bodies, looked for from `*at` on (walked
    /// forward over nodes in index order).
    fn find(&self, at: &mut usize, node: u32) -> Option<usize> {
        while self.nodes.get(*at).is_some_and(|&n| n < node) {
            *at += 1;
        }
        (self.nodes.get(*at) == Some(&node)).then_some(*at)
    }

    /// Where body `i` first holds the phrase with `keys` that `finder` looks
    /// for, at or after byte `from` of it.
    fn first_at(
        &self,
        ix: &Index,
        i: usize,
        keys: u128,
        finder: &memchr::memmem::Finder<'_>,
        from: u32,
    ) -> Option<u32> {
        if self.sigs[i] & keys != keys {
            return None;
        }
        let start = (self.starts[i] + from).min(self.ends[i]) as usize;
        let found = finder.find(&ix.bodies.as_bytes()[start..self.ends[i] as usize])?;
        u32::try_from(found).ok().map(|f| f + from)
    }

    fn new(ix: &Index) -> Bodies {
        let mut nodes: Vec<u32> = ix
            .items
            .iter()
            .copied()
            .filter(|&n| ix.nodes[n as usize].body_fold.len > 0)
            .collect();
        nodes.sort_by_key(|&n| ix.nodes[n as usize].body_fold.start);
        let span = |n: &u32| ix.nodes[*n as usize].body_fold;
        let starts: Vec<u32> = nodes.iter().map(|n| span(n).start).collect();
        let ends: Vec<u32> = nodes.iter().map(|n| span(n).start + span(n).len).collect();
        let sig = |i: usize| {
            ix.bodies[starts[i] as usize..ends[i] as usize]
                .chars()
                .fold(0, |sig, c| sig | key(c))
        };
        // Over two cores when there are two: every character of every body is read.
        let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let sigs = in_halves(two, nodes.len(), |half| {
            half.map(sig).collect::<Vec<u128>>()
        })
        .concat();
        Bodies {
            starts,
            ends,
            sigs,
            nodes,
        }
    }
}

/// The best `limit` hits so far: a heap with the worst of them on top.
struct Top {
    limit: usize,
    heap: BinaryHeap<Worse>,
}

/// A hit ordered so that the greater is the worse: lower score, then later
/// in the index (ties keep the index's order).
#[derive(PartialEq, Eq)]
struct Worse(Hit);

impl Ord for Worse {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .0
            .score
            .cmp(&self.0.score)
            .then(self.0.node.cmp(&other.0.node))
    }
}

impl PartialOrd for Worse {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Top {
    fn new(limit: usize) -> Top {
        Top {
            limit,
            heap: BinaryHeap::new(),
        }
    }

    /// The score an item later in the index must beat to be among the best.
    fn floor(&self) -> Option<i64> {
        if self.limit == 0 {
            return Some(i64::MAX);
        }
        (self.heap.len() >= self.limit).then(|| self.heap.peek().map_or(i64::MIN, |w| w.0.score))
    }

    fn offer(&mut self, hit: Hit) {
        if self.limit == 0 {
            return;
        }
        if self.heap.len() < self.limit {
            self.heap.push(Worse(hit));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && Worse(hit) < *worst
        {
            *worst = Worse(hit);
        }
    }

    /// Another half's best rows joined in.
    fn absorb(&mut self, other: Top) {
        for w in other.heap {
            self.offer(w.0);
        }
    }

    /// Best first.
    fn into_best(self) -> Vec<Hit> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|w| w.0)
            .collect()
    }
}

/// What scoring an item found.
enum Scored {
    /// It does not match.
    No,
    /// It matches, but cannot score above the floor it was given.
    Below,
    Hit(Hit),
    /// Its path lacks the words of this mask (bit `t` for word `t`), which
    /// are long enough to be looked for in its body.
    Body(u64),
}

/// Each plan's nodes, and the symbols its items' labels may lead with.
fn blocks(ix: &Index) -> (Vec<Block>, Vec<First>) {
    let mut blocks = Vec::with_capacity(ix.plans.len());
    let mut firsts: Vec<First> = Vec::new();
    for (p, meta) in ix.plans.iter().enumerate() {
        let start = meta.node as usize;
        let end = ix.nodes[start + 1..]
            .iter()
            .position(|n| {
                usize::try_from(n.plan).ok() != Some(p)
                    || matches!(n.kind, NodeKind::Year | NodeKind::Item(ItemKind::Plan))
            })
            .map_or(ix.nodes.len(), |k| start + 1 + k);
        let from = firsts.len();
        let mut short = 999i64;
        for n in &ix.nodes[start..end] {
            if !matches!(n.kind, NodeKind::Item(_)) {
                continue;
            }
            let syms = ix.label_syms(n);
            short = short.min(i64::try_from(syms.len()).unwrap_or(999));
            let lead = usize::from(n.lead).min(syms.len());
            let len = u16::try_from(syms.len().min(999)).unwrap_or(999);
            firsts.extend(
                syms.iter()
                    .take(lead + 1)
                    .enumerate()
                    .map(|(st, &sym)| First {
                        sym,
                        rest: u16::try_from(syms.len() - st).unwrap_or(u16::MAX),
                        len,
                    }),
            );
        }
        firsts[from..].sort_unstable_by_key(|f| f.sym);
        let mut kept = from;
        for k in from..firsts.len() {
            if k > from && firsts[k].sym == firsts[kept - 1].sym {
                let (f, into) = (firsts[k], &mut firsts[kept - 1]);
                into.rest = into.rest.min(f.rest);
                into.len = into.len.min(f.len);
            } else {
                firsts[kept] = firsts[k];
                kept += 1;
            }
        }
        firsts.truncate(kept);
        blocks.push(Block {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            firsts: Span {
                start: u32::try_from(from).unwrap_or(u32::MAX),
                len: u32::try_from(kept - from).unwrap_or(0),
            },
            short,
        });
    }
    (blocks, firsts)
}

/// Candidates this many or more are scanned in two halves on two threads:
/// fewer take less time than starting a thread.
const PARALLEL_FROM: usize = 20_000;

/// What one scan shares with each half of it.
struct Pass<'a> {
    index: &'a Index,
    blocks: &'a [Block],
    firsts: &'a [First],
    terms: &'a [Term],
    hot: &'a [Hot],
    filters: &'a Filters,
    unfiltered: bool,
    limit: usize,
    /// Per word, when known before the scan: the items whose bodies hold it.
    lists: &'a [Option<Holding>],
}

/// What the scan reads of a node, packed together (two to a cache line)
/// so that a scan over many items reads little memory besides the labels.
#[derive(Debug, Clone, Copy)]
struct Hot {
    /// Which keys its label has ([`super::symbols::Symbols::signature`]).
    sig: u128,
    parent: u32,
    /// Its label's symbols, in `Index::syms`.
    label: u32,
    len: u32,
    /// Characters of a section's number at the start of its label.
    lead: u8,
    /// Whether it has a body.
    body: bool,
}

/// What one half found: its matches by path in index order, its best rows,
/// the items whose bodies hold the words their paths lack, and those whose
/// bodies may hold them, to be settled after the scan.
struct Part {
    matched: Vec<u32>,
    top: Top,
    held: Vec<u32>,
    pending: Vec<(u32, u64)>,
}

impl<'a> Pass<'a> {
    /// The label's symbols of a node.
    #[inline]
    fn label(&self, h: &Hot) -> &'a [Sym] {
        &self.index.syms[h.label as usize..(h.label + h.len) as usize]
    }

    fn scan(&self) -> Scan<'a, '_> {
        Scan {
            pass: self,
            block: None,
            len: 0,
            states: Vec::new(),
            contig: Vec::new(),
            year: None,
            year_states: Vec::new(),
            cap: 0,
            words: Vec::new(),
        }
    }

    /// Plan by plan: the words are walked through each plan's own path once,
    /// and through each item's label from its parent's state. A plan whose
    /// items cannot beat the best rows found so far is only checked for
    /// matches, and not even that when its own path holds every word.
    fn run(&self, candidates: &[u32]) -> Part {
        let mut scan = self.scan();
        let mut matched = Vec::with_capacity(candidates.len());
        let mut pending = Vec::new();
        let mut held = Vec::new();
        let mut top = Top::new(self.limit);
        let mut rest = candidates;
        let one = self.terms.len() == 1;
        // Where each known list has been walked to (the candidates are in
        // index order).
        let mut walked: Vec<usize> = self
            .lists
            .iter()
            .map(|l| {
                l.as_ref().map_or(0, |l| {
                    l.nodes
                        .partition_point(|&n| candidates.first().is_some_and(|&c| n < c))
                })
            })
            .collect();
        // Whether the body of `node` holds every word of `off`, when each
        // of them has a list known (else it is settled later).
        let mut holds = |node: u32, off: u64| -> Option<bool> {
            let mut all = true;
            for (t, list) in self.lists.iter().enumerate() {
                if off & (1 << t) != 0 {
                    all &= list.as_ref()?.has_from(&mut walked[t], node);
                }
            }
            Some(all)
        };
        while let Some(&first) = rest.first() {
            scan.enter(first);
            let end = scan.end();
            let k = within(rest, end).max(1);
            let (mine, after) = rest.split_at(k);
            rest = after;
            let capped = top.floor().is_some_and(|f| scan.cap <= f);
            if capped && self.unfiltered && scan.plan_holds_all() {
                matched.extend_from_slice(mine);
                continue;
            }
            let filled = k * 4 >= scan.len * 3;
            if filled {
                scan.fill();
            }
            for &node in mine {
                if !self.unfiltered
                    && !passes(self.index, &self.index.nodes[node as usize], self.filters)
                {
                    continue;
                }
                // Filled, most items are settled by the first word's state
                // alone: it is not on the path and cannot be in the body, or
                // (the only word) it is in neither or cannot rank.
                if filled && let Some(state) = scan.first_state(node) {
                    let term = &self.terms[0];
                    if state & term.done == 0 {
                        let body = term.len() >= BODY_MIN && self.hot[node as usize].body;
                        if !body {
                            continue;
                        }
                        if one {
                            match holds(node, 1) {
                                Some(true) => held.push(node),
                                Some(false) => {}
                                None => pending.push((node, 1)),
                            }
                            continue;
                        }
                    } else if one && capped {
                        matched.push(node);
                        continue;
                    }
                }
                let floor = if capped { Some(i64::MAX) } else { top.floor() };
                match scan.score(node, floor) {
                    Scored::No => {}
                    Scored::Below => matched.push(node),
                    Scored::Hit(hit) => {
                        matched.push(node);
                        top.offer(hit);
                    }
                    Scored::Body(off) => match holds(node, off) {
                        Some(true) => held.push(node),
                        Some(false) => {}
                        None => pending.push((node, off)),
                    },
                }
            }
        }
        Part {
            matched,
            top,
            held,
            pending,
        }
    }
}

// Score of one word, by where and how it matched.
const EXACT: i64 = 100;
const LEADS: i64 = 80;
const OWN_RUN: i64 = 60;
const PATH_RUN: i64 = 30;
const SCATTERED: i64 = 10;

/// One half's walk through the plans, with the states of the plan it is in:
/// per word and node, the positions of the word reached after the node's
/// path, and whether the word is contiguous in a label on it.
struct Scan<'a, 'p> {
    pass: &'p Pass<'a>,
    /// The plan block entered.
    block: Option<Block>,
    /// Its nodes.
    len: usize,
    /// Per word, per node of the block: positions reached ([`UNSET`]: not yet).
    states: Vec<u64>,
    /// Per word, per node of the block: 0 unknown, 1 no, 2 yes: a word
    /// contiguous in the label of the node or an ancestor.
    contig: Vec<u8>,
    /// The year node above the block, and per word its positions reached.
    year: Option<u32>,
    year_states: Vec<u64>,
    /// The most an item of the block can score.
    cap: i64,
    /// Per word, while one item is scored: its word score when known early.
    words: Vec<i64>,
}

impl Scan<'_, '_> {
    /// Into the plan block of `node` (nothing to do when already there).
    fn enter(&mut self, node: u32) {
        let pass = self.pass;
        let terms = pass.terms;
        if self.block.is_some_and(|b| (b.start..b.end).contains(&node)) {
            return;
        }
        let Some(&block) = pass
            .blocks
            .get(pass.blocks.partition_point(|b| b.end <= node))
        else {
            return;
        };
        self.block = Some(block);
        self.len = (block.end - block.start) as usize;
        let slots = self.len * terms.len();
        self.states.clear();
        self.states.resize(slots, UNSET);
        self.contig.clear();
        self.contig.resize(slots, 0);
        let top = pass.hot[block.start as usize];
        if self.year != Some(top.parent) {
            self.year = Some(top.parent);
            self.year_states.clear();
            for term in terms {
                let state = if (top.parent as usize) < pass.hot.len() {
                    self.walk(term, 1, top.parent)
                } else {
                    1
                };
                self.year_states.push(state);
            }
        }
        for (t, term) in terms.iter().enumerate() {
            let state = self.walk(term, self.year_states[t], block.start);
            self.states[t * self.len] = state;
        }
        let firsts = &pass.firsts[block.firsts.range()];
        // A word leads only labels starting with a symbol it may lead with,
        // matches only those no longer than itself exactly, and a label
        // scores less the longer it is.
        self.cap = match terms {
            [term] => leading(firsts, term)
                .map(|(word, len)| word * 1000 - len)
                .fold(OWN_RUN * 1000 - block.short, i64::max),
            _ => {
                terms
                    .iter()
                    .map(|term| {
                        leading(firsts, term)
                            .map(|(word, _)| word)
                            .fold(OWN_RUN, i64::max)
                    })
                    .sum::<i64>()
                    * 1000
                    - block.short
            }
        };
    }

    /// The first word's states at every node of the block, in one walk
    /// forward (a parent comes before its children): cheaper than one by
    /// one when nearly all its items are looked at. (The other words are
    /// only looked for in items the first one matches.)
    fn fill(&mut self) {
        let pass = self.pass;
        let Some(block) = self.block else {
            return;
        };
        let (start, len) = (block.start as usize, self.len);
        for (t, term) in pass.terms.iter().enumerate().take(1) {
            let row = t * len;
            for i in 1..len {
                if self.states[row + i] != UNSET {
                    continue;
                }
                let p = (pass.hot[start + i].parent as usize).wrapping_sub(start);
                if p >= i {
                    continue;
                }
                let before = self.states[row + p];
                let node = u32::try_from(start + i).unwrap_or(u32::MAX);
                self.states[row + i] = self.walk(term, before, node);
            }
        }
    }

    /// The first word's positions reached after the whole path of `node`,
    /// a node of the block entered, when already known.
    #[inline]
    fn first_state(&self, node: u32) -> Option<u64> {
        let state = self.states[self.at(node)];
        (state != UNSET).then_some(state)
    }

    fn end(&self) -> u32 {
        self.block.map_or(0, |b| b.end)
    }

    /// Whether the plan's own path (its year and title) holds every word.
    fn plan_holds_all(&self) -> bool {
        self.pass
            .terms
            .iter()
            .enumerate()
            .all(|(t, term)| self.states[t * self.len] & term.done != 0)
    }

    /// `state` walked on through the label of `node`.
    fn walk(&self, term: &Term, state: u64, node: u32) -> u64 {
        let h = &self.pass.hot[node as usize];
        if state & term.done != 0 || h.sig & term.advances(state) == 0 {
            state
        } else {
            term.scatter(state, self.pass.label(h))
        }
    }

    /// Whether `node` matches every word, and how well, unless it cannot
    /// score above `floor`.
    fn score(&mut self, node: u32, floor: Option<i64>) -> Scored {
        let pass = self.pass;
        let terms = pass.terms;
        let n = &pass.hot[node as usize];
        let syms = pass.label(n);
        let short = i64::try_from(syms.len().min(999)).unwrap_or(999);
        // First whether it matches at all: anywhere on the path, scattered
        // (most items fail here, and every closer match is also a scattered
        // one), else perhaps in the body, settled later for all items at once.
        let mut off = 0u64;
        for (t, term) in terms.iter().enumerate() {
            if self.scattered(t, node) & term.done != 0 {
                continue;
            }
            if term.len() >= BODY_MIN && n.body {
                off |= 1 << t;
            } else {
                return Scored::No;
            }
        }
        if off != 0 {
            return Scored::Body(off);
        }
        if floor == Some(i64::MAX) {
            return Scored::Below;
        }
        let lead = usize::from(n.lead).min(syms.len());
        // Then how well, the cheapest part first, from what is known without
        // reading the label: a word holds its first character's key and
        // more in a run, and an exact match is no longer than the word (each
        // character of the label takes at least one of the word's).
        if let Some(f) = floor {
            let most: i64 = terms
                .iter()
                .map(|term| word_most(term, n.sig, syms.len(), lead))
                .sum();
            if most * 1000 - short <= f {
                return Scored::Below;
            }
        }
        // Then a run from the label's start (after a section's number) is an
        // exact or leading match; anything else scores at most a run inside
        // the label.
        self.words.clear();
        let mut bound = 0i64;
        for term in terms {
            let leads = (0..=lead).find_map(|st| term.anchored_end(&syms[st..]).map(|e| st + e));
            let word = match leads {
                Some(end) if end == syms.len() => EXACT,
                Some(_) => LEADS,
                None => 0,
            };
            self.words.push(word);
            // A run in its own label needs every key the word must have.
            bound += match word {
                0 if n.sig & term.need == term.need => OWN_RUN,
                0 => PATH_RUN,
                _ => word,
            };
        }
        if floor.is_some_and(|f| bound * 1000 - short <= f) {
            return Scored::Below;
        }
        let mut total = 0i64;
        for (t, term) in terms.iter().enumerate() {
            let known = self.words.get(t).copied().unwrap_or(0);
            total += if known != 0 {
                known
            } else if n.sig & term.need == term.need && term.run_end(syms).is_some() {
                OWN_RUN
            } else if self.contiguous_above(t, n.parent) {
                PATH_RUN
            } else {
                SCATTERED
            };
        }
        let score = total * 1000 - short;
        if floor.is_some_and(|f| score <= f) {
            return Scored::Below;
        }
        Scored::Hit(Hit {
            node,
            score,
            body: false,
        })
    }

    /// Where `node` (of the block entered) is among its nodes.
    fn at(&self, node: u32) -> usize {
        (node - self.block.map_or(0, |b| b.start)) as usize
    }

    /// Positions of word `t` reached after the whole path of `node`, a node
    /// of the block entered.
    fn scattered(&mut self, t: usize, node: u32) -> u64 {
        let slot = t * self.len + self.at(node);
        if self.states[slot] != UNSET {
            return self.states[slot];
        }
        let pass = self.pass;
        // Not the plan's own node (its state is set on entering): the parent
        // is in the block.
        let before = self.scattered(t, pass.hot[node as usize].parent);
        let after = self.walk(&pass.terms[t], before, node);
        self.states[slot] = after;
        after
    }

    /// Whether word `t` is contiguous in the label of `node` or an ancestor.
    fn contiguous_above(&mut self, t: usize, node: u32) -> bool {
        let pass = self.pass;
        let term = &pass.terms[t];
        let Some(block) = self.block else {
            return false;
        };
        if node < block.start || node >= block.end {
            // The year (or nothing) above the plan.
            return pass
                .hot
                .get(node as usize)
                .is_some_and(|y| term.run_end(pass.label(y)).is_some());
        }
        let slot = t * self.len + self.at(node);
        match self.contig[slot] {
            1 => return false,
            2 => return true,
            _ => {}
        }
        let n = &pass.hot[node as usize];
        let yes = term.run_end(pass.label(n)).is_some() || self.contiguous_above(t, n.parent);
        self.contig[slot] = if yes { 2 } else { 1 };
        yes
    }
}

/// Per symbol of `firsts` that `term` may lead with: the most the word
/// scores leading a label from it, and the fewest characters of such a label.
fn leading<'a>(firsts: &'a [First], term: &'a Term) -> impl Iterator<Item = (i64, i64)> + 'a {
    firsts.iter().filter(|f| term.may_lead(f.sym)).map(|f| {
        let word = if usize::from(f.rest) <= term.len() {
            EXACT
        } else {
            LEADS
        };
        (word, i64::from(f.len))
    })
}

/// The most a word can score in an item whose label has the keys `sig`,
/// `len` characters, and a number `lead` characters long, known without
/// reading the label: a run needs the keys the word must have, and an exact
/// match is at most as long as the word after the number (each character of
/// the label takes at least one of the word's).
fn word_most(term: &Term, sig: u128, len: usize, lead: usize) -> i64 {
    if sig & term.need != term.need {
        PATH_RUN
    } else if len <= lead + term.len() {
        EXACT
    } else {
        LEADS
    }
}

/// How many of `sorted` lie below `end`, found by galloping from the start:
/// those sought are most often few and at the front (a plan's candidates, a
/// run between two body matches), and a binary search over all the rest
/// would read far apart places of it every time.
fn within(sorted: &[u32], end: u32) -> usize {
    let mut step = 1;
    while step < sorted.len() && sorted[step] < end {
        step *= 2;
    }
    let from = step / 2;
    let to = step.min(sorted.len());
    from + sorted[from..to].partition_point(|&c| c < end)
}

/// `work` over `0..len`: when `two`, over its two halves at once, the first
/// on a thread of its own (a panic there is raised here); the results in order.
fn in_halves<T: Send>(
    two: bool,
    len: usize,
    work: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    let mid = len / 2;
    if !two || mid == 0 {
        return vec![work(0..len)];
    }
    std::thread::scope(|s| {
        let first = s.spawn(|| work(0..mid));
        let second = work(mid..len);
        match first.join() {
            Ok(first) => vec![first, second],
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Two lists in index order joined, in index order.
fn merge(a: Vec<u32>, b: Vec<u32>) -> Vec<u32> {
    // The longer copied in runs, between the places of the shorter's
    // items (most often a few body matches among many by path).
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return long;
    }
    let mut out = Vec::with_capacity(long.len() + short.len());
    let mut from = 0;
    for &node in &short {
        let to = from + within(&long[from..], node);
        out.extend_from_slice(&long[from..to]);
        out.push(node);
        from = to;
    }
    out.extend_from_slice(&long[from..]);
    out
}

/// A substring search for `phrase`, made once and run over many bodies.
fn phrase_finder(phrase: &str) -> memchr::memmem::Finder<'_> {
    memchr::memmem::FinderBuilder::new().build_forward_with_ranker(Utf8Rank, phrase.as_bytes())
}

/// How common each byte is in Chinese text in UTF-8, for the substring
/// search's choice of which two bytes of a phrase to look for first: the
/// lead bytes of Chinese characters are in nearly every third place, each
/// continuation byte in about one in a hundred, ASCII is rare.
struct Utf8Rank;

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for Utf8Rank {
    fn rank(&self, byte: u8) -> u8 {
        match byte {
            0xE0..=0xEF => 255,
            0x80..=0xBF => 160,
            b'0'..=b'9' | b'a'..=b'z' => 60,
            0x00..=0x7F => 40,
            _ => 120,
        }
    }
}

/// The items whose folded body holds the phrase with `keys` that `finder`
/// looks for, among the bodies `range` of `bodies`, in index order.
fn body_nodes(
    ix: &Index,
    bodies: &Bodies,
    range: std::ops::Range<usize>,
    keys: u128,
    finder: &memchr::memmem::Finder<'_>,
) -> Holding {
    let mut out = Holding::default();
    for i in range {
        if let Some(at) = bodies.first_at(ix, i, keys, finder, 0) {
            out.push(ix, bodies, i, at, finder);
        }
    }
    out
}

/// The keys of a phrase's characters: a body holding it has all of them.
fn phrase_keys(phrase: &str) -> u128 {
    phrase.chars().fold(0, |k, c| k | key(c))
}

/// Path characters of one word: a contiguous run in the item's own label,
/// else in the nearest ancestor's, else scattered over the path.
fn highlight(ix: &Index, term: &Term, lineage: &[u32], offsets: &[usize]) -> Option<Vec<usize>> {
    for (seg, &node) in lineage.iter().enumerate().rev() {
        let syms = ix.label_syms(&ix.nodes[node as usize]);
        if let Some(end) = term.run_end(syms)
            && let Some(marks) = term.contiguous_marks(&syms[..end])
        {
            return Some(marks.into_iter().map(|k| offsets[seg] + k).collect());
        }
    }
    let mut all = Vec::new();
    let mut seg_of = Vec::new();
    for (seg, &node) in lineage.iter().enumerate() {
        let syms = ix.label_syms(&ix.nodes[node as usize]);
        for k in 0..syms.len() {
            seg_of.push(offsets[seg] + k);
        }
        all.extend_from_slice(syms);
    }
    let marks = term.scattered_marks(&all)?;
    Some(marks.into_iter().map(|k| seg_of[k]).collect())
}

/// Characters of context kept before a phrase in a snippet, and in all.
const BEFORE: usize = 12;
const WIDTH: usize = 40;

/// One line of `body` around the first place `phrase` (folded) occurs.
fn body_snippet(body: &str, phrase: &str) -> Option<Snippet> {
    let folded: Vec<char> = body.chars().map(super::symbols::fold).collect();
    let chars: Vec<char> = body.chars().collect();
    let want: Vec<char> = phrase.chars().collect();
    let at = folded
        .windows(want.len())
        .position(|w| w == want.as_slice())?;
    let from = at.saturating_sub(BEFORE);
    let to = (from + WIDTH.max(BEFORE + want.len())).min(chars.len());
    let mut text: String = chars[from..to]
        .iter()
        .map(|&c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut shift = 0;
    if from > 0 {
        text.insert(0, '…');
        shift = 1;
    }
    if to < chars.len() {
        text.push('…');
    }
    Some(Snippet {
        text,
        positions: (at - from + shift..at - from + shift + want.len()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::symbols::Symbols;

    #[test]
    fn no_word_scores_more_in_a_label_than_its_bound_says() {
        let text = "一、GDP增长10% 二、民主监督 民主 gdp 组织银行长江调研 第10批 1、政协委员 mz";
        let mut symbols = Symbols::new();
        let syms: Vec<Sym> = text.chars().map(|c| symbols.intern(c)).collect();
        let (mut exact, mut below) = (0, 0);
        for word in [
            "g", "gd", "gdp", "民主", "mz", "minzhu", "mzjd", "10", "政协wy", "yh", "一", "二民",
        ] {
            let chars: Vec<char> = word.chars().collect();
            let term = Term::new(&chars, &symbols);
            for from in 0..syms.len() {
                for to in from + 1..=syms.len() {
                    let label = &syms[from..to];
                    let sig = symbols.signature(label);
                    for lead in 0..3.min(label.len()) {
                        // As `Scan::score` scores the word in its own label.
                        let leads = (0..=lead)
                            .find_map(|st| term.anchored_end(&label[st..]).map(|e| st + e));
                        let score = match leads {
                            Some(end) if end == label.len() => EXACT,
                            Some(_) => LEADS,
                            None if term.run_end(label).is_some() => OWN_RUN,
                            None => PATH_RUN,
                        };
                        let most = word_most(&term, sig, label.len(), lead);
                        assert!(score <= most, "{word} in {from}..{to} lead {lead}");
                        exact += usize::from(score == EXACT && label.len() == lead + term.len());
                        below += usize::from(most < EXACT);
                    }
                }
            }
        }
        assert!(
            exact > 0 && below > 1000,
            "exact at the bound {exact}, bounded {below}"
        );
    }
}
