//! Matching a query against the index: filters first, then every word against
//! the item's path (scattered or contiguous, Chinese or pinyin), then section
//! bodies for phrases. A query that extends the previous one searches only
//! the previous matches.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::model::{Kind, PlanId, Status};

use super::index::{Index, Node, NodeKind};
use super::openings::Openings;
use super::query::{Filters, Query};
use super::record::ItemKind;
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
    /// Per node: which symbols its label has ([`signature`]).
    sigs: Vec<u64>,
    last: Option<(Query, Vec<u32>)>,
    /// The last query's words, compiled, for showing its matches.
    last_terms: Vec<Term>,
    /// Per half of a scan: its memos, kept to be reused.
    memos: Vec<Memo>,
    /// Candidates this many or more are scanned in two halves on two cores.
    parallel_from: usize,
}

impl Finder {
    pub fn new(index: Index) -> Finder {
        let bodied = Bodies::new(&index);
        let sigs = index
            .nodes
            .iter()
            .map(|n| signature(index.label_syms(n)))
            .collect();
        Finder {
            index,
            bodied,
            sigs,
            parallel_from: PARALLEL_FROM,
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

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The best `limit` matches of `text`. An empty query (filters only, or
    /// nothing) lists the items most recently and often opened first.
    pub fn search(&mut self, text: &str, limit: usize, openings: &Openings) -> Matches {
        let query = Query::parse(text);
        if query.terms.is_empty() {
            self.last = None;
            return self.browse(&query.filters, limit, openings);
        }
        // Narrowed: only the last matches can match by path. When a word has
        // just become long enough for bodies, the other sections' bodies are
        // looked through too.
        let (narrowed, bodies_too) = match self.last.take() {
            Some((old, hits)) if query.narrows(&old) => {
                let bodies_too = !narrows(&query, &old);
                (Some(hits), bodies_too)
            }
            _ => (None, false),
        };
        let candidates: &[u32] = narrowed.as_deref().unwrap_or(&self.index.items);
        let searched = candidates.len();
        let terms: Vec<Term> = query
            .terms
            .iter()
            .map(|t| Term::new(t, &self.index.symbols))
            .collect();
        // The bodies that hold each word long enough to be looked for in
        // them: one pass over all bodies when many items are looked at, else
        // each candidate's own body when it is scored.
        let many = bodies_too || searched > self.index.items.len() / 16;
        let phrases: Vec<Option<Vec<u32>>> = terms
            .iter()
            .map(|t| {
                (many && t.len() >= BODY_MIN)
                    .then(|| body_nodes(&self.index, &self.bodied, &t.literal))
            })
            .collect();
        // Every match is kept (the next keystroke narrows to them), but only
        // the best `limit` are ranked in full: an item that cannot beat the
        // worst of them is not scored further. Many candidates are split
        // over two cores, each half with memos of its own.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let halves = if searched >= self.parallel_from && cores > 1 {
            2
        } else {
            1
        };
        let mut memos = std::mem::take(&mut self.memos);
        memos.resize_with(halves, Memo::default);
        let pass = Pass {
            index: &self.index,
            terms: &terms,
            phrases: &phrases,
            sigs: &self.sigs,
            filters: &query.filters,
            limit,
        };
        let mut parts: Vec<Part> = if halves == 1 {
            memos
                .drain(..)
                .map(|memo| pass.run(candidates, memo))
                .collect()
        } else {
            let size = searched.div_ceil(halves);
            std::thread::scope(|s| {
                let running: Vec<_> = candidates
                    .chunks(size)
                    .zip(memos.drain(..))
                    .map(|(half, memo)| {
                        let pass = &pass;
                        s.spawn(move || pass.run(half, memo))
                    })
                    .collect();
                running
                    .into_iter()
                    .map(|h| match h.join() {
                        Ok(part) => part,
                        Err(panic) => std::panic::resume_unwind(panic),
                    })
                    .collect()
            })
        };
        let mut first = parts.remove(0);
        let mut all = std::mem::take(&mut first.matched);
        let mut top = first.top;
        for part in parts {
            all.extend(part.matched);
            top.absorb(part.top);
            memos.push(part.memo);
        }
        // The first half's memos, still good for these words, for the bodies.
        let mut scan = pass.scan(first.memo);
        if bodies_too {
            let mut bodied: Vec<u32> = phrases.iter().flatten().flatten().copied().collect();
            bodied.sort_unstable();
            bodied.dedup();
            let mut seen = candidates.iter().peekable();
            let before = all.len();
            for node in bodied {
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
                // Not against the floor: these come out of index order, and
                // a tie with a path match must be settled by index order.
                if let Scored::Hit(hit) = scan.score(node, None) {
                    all.push(node);
                    top.offer(hit);
                }
            }
            if all.len() > before {
                all.sort_unstable();
            }
        }
        memos.insert(0, scan.memo);
        self.memos = memos;
        self.last_terms = terms;
        let total = all.len();
        self.last = Some((query, all));
        Matches {
            total,
            hits: top.into_best(),
            searched,
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

/// Whether `new`'s matches are all among `old`'s: `new` narrows `old`, and no
/// word became long enough to be looked for in bodies only now.
fn narrows(new: &Query, old: &Query) -> bool {
    new.narrows(old)
        && old
            .terms
            .iter()
            .zip(&new.terms)
            .all(|(o, n)| o.len() >= BODY_MIN || n.len() < BODY_MIN)
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
}

impl Bodies {
    fn new(ix: &Index) -> Bodies {
        let mut nodes: Vec<u32> = ix
            .items
            .iter()
            .copied()
            .filter(|&n| ix.nodes[n as usize].body_fold.len > 0)
            .collect();
        nodes.sort_by_key(|&n| ix.nodes[n as usize].body_fold.start);
        let span = |n: &u32| ix.nodes[*n as usize].body_fold;
        Bodies {
            starts: nodes.iter().map(|n| span(n).start).collect(),
            ends: nodes.iter().map(|n| span(n).start + span(n).len).collect(),
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
}

/// Which symbols `syms` has: bit `s % 64` for each symbol `s`, so that a label
/// without any symbol that could take a word further is passed over unread.
pub(crate) fn signature(syms: &[super::symbols::Sym]) -> u64 {
    syms.iter().fold(0, |sig, &s| sig | 1 << (s % 64))
}

/// One pass over candidates, with per-node memos of the path so far.
struct Scan<'a> {
    index: &'a Index,
    terms: &'a [Term],
    /// Per term: the items whose bodies hold it, when looked for in one pass.
    phrases: &'a [Option<Vec<u32>>],
    /// Per node: which symbols its label has, one bit per symbol modulo 64.
    sigs: &'a [u64],
    /// Per term, while one item is scored: its word score when known early.
    words: Vec<i64>,
    memo: Memo,
}

/// Per term and node, what the path up to the node gives.
#[derive(Debug, Default)]
struct Memo {
    /// Positions reached after the node's whole path.
    scatter: Vec<u64>,
    /// 0 unknown, 1 no, 2 yes: a word contiguous in the path.
    contig: Vec<u8>,
}

/// Candidates this many or more are scanned in two halves on two threads:
/// fewer take less time than starting a thread.
const PARALLEL_FROM: usize = 20_000;

/// What one scan shares with each half of it.
struct Pass<'a> {
    index: &'a Index,
    terms: &'a [Term],
    phrases: &'a [Option<Vec<u32>>],
    sigs: &'a [u64],
    filters: &'a Filters,
    limit: usize,
}

/// What one half found: its matches in index order, its best rows, and its
/// memos.
struct Part {
    matched: Vec<u32>,
    top: Top,
    memo: Memo,
}

impl<'a> Pass<'a> {
    /// A scan with `memo` as it is: its entries hold for these words.
    fn scan(&self, memo: Memo) -> Scan<'a> {
        Scan {
            index: self.index,
            terms: self.terms,
            phrases: self.phrases,
            sigs: self.sigs,
            words: Vec::new(),
            memo,
        }
    }

    fn run(&self, candidates: &[u32], memo: Memo) -> Part {
        let mut scan = self.scan(memo);
        // Left from another query's words: nothing in it holds now.
        scan.reset();
        let mut matched = Vec::new();
        let mut top = Top::new(self.limit);
        for &node in candidates {
            let n = &self.index.nodes[node as usize];
            if !passes(self.index, n, self.filters) {
                continue;
            }
            match scan.score(node, top.floor()) {
                Scored::No => {}
                Scored::Below => matched.push(node),
                Scored::Hit(hit) => {
                    matched.push(node);
                    top.offer(hit);
                }
            }
        }
        Part {
            matched,
            top,
            memo: scan.memo,
        }
    }
}

// Score of one word, by where and how it matched.
const EXACT: i64 = 100;
const LEADS: i64 = 80;
const OWN_RUN: i64 = 60;
const PATH_RUN: i64 = 30;
const SCATTERED: i64 = 10;

impl Scan<'_> {
    fn reset(&mut self) {
        let n = self.index.nodes.len() * self.terms.len();
        self.memo.scatter.clear();
        self.memo.scatter.resize(n, UNSET);
        self.memo.contig.clear();
        self.memo.contig.resize(n, 0);
    }

    fn slot(&self, t: usize, node: u32) -> usize {
        t * self.index.nodes.len() + node as usize
    }

    /// Whether `node` matches every word, and how well, unless it cannot
    /// score above `floor`.
    fn score(&mut self, node: u32, floor: Option<i64>) -> Scored {
        let (index, terms) = (self.index, self.terms);
        let n = index.nodes[node as usize];
        let syms = index.label_syms(&n);
        let short = i64::try_from(syms.len().min(999)).unwrap_or(999);
        // First whether it matches at all: anywhere on the path, scattered
        // (most items fail here, and every closer match is also a scattered
        // one), else in the body.
        let mut in_body = false;
        for (t, term) in terms.iter().enumerate() {
            if self.scattered(t, node) & term.done != 0 {
                continue;
            }
            if term.len() >= BODY_MIN && self.in_body(t, node, &n) {
                in_body = true;
            } else {
                return Scored::No;
            }
        }
        if in_body {
            let score = -1000 - short;
            if floor.is_some_and(|f| score <= f) {
                return Scored::Below;
            }
            return Scored::Hit(Hit {
                node,
                score,
                body: true,
            });
        }
        // Then how well, the cheap part first: a run from the label's start
        // (after a section's number) is an exact or leading match; anything
        // else scores at most a run inside the label.
        let lead = usize::from(n.lead).min(syms.len());
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
            bound += if word == 0 { OWN_RUN } else { word };
        }
        if floor.is_some_and(|f| bound * 1000 - short <= f) {
            return Scored::Below;
        }
        let mut total = 0i64;
        for (t, term) in terms.iter().enumerate() {
            let known = self.words.get(t).copied().unwrap_or(0);
            total += if known != 0 {
                known
            } else if term.run_end(syms).is_some() {
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

    /// Whether word `t` is in the body of `node`.
    fn in_body(&self, t: usize, node: u32, n: &Node) -> bool {
        match &self.phrases[t] {
            Some(nodes) => nodes.binary_search(&node).is_ok(),
            None => self
                .index
                .body_folded(n)
                .contains(self.terms[t].literal.as_str()),
        }
    }

    /// Positions of word `t` reached after the whole path of `node`.
    fn scattered(&mut self, t: usize, node: u32) -> u64 {
        if node == super::index::NO_PARENT {
            return 1;
        }
        let slot = self.slot(t, node);
        if self.memo.scatter[slot] != UNSET {
            return self.memo.scatter[slot];
        }
        let (index, terms) = (self.index, self.terms);
        let n = index.nodes[node as usize];
        let before = self.scattered(t, n.parent);
        let term = &terms[t];
        let after = if before & term.done != 0
            || (term.selective && self.sigs[node as usize] & term.advances(before) == 0)
        {
            before
        } else {
            term.scatter(before, index.label_syms(&n))
        };
        self.memo.scatter[slot] = after;
        after
    }

    /// Whether word `t` is contiguous in the label of `node` or an ancestor.
    fn contiguous_above(&mut self, t: usize, node: u32) -> bool {
        if node == super::index::NO_PARENT {
            return false;
        }
        let slot = self.slot(t, node);
        match self.memo.contig[slot] {
            1 => return false,
            2 => return true,
            _ => {}
        }
        let (index, terms) = (self.index, self.terms);
        let n = index.nodes[node as usize];
        let yes =
            terms[t].run_end(index.label_syms(&n)).is_some() || self.contiguous_above(t, n.parent);
        self.memo.contig[slot] = if yes { 2 } else { 1 };
        yes
    }
}

/// The items whose folded body holds `phrase`, in index order: one pass of
/// a vectorised substring search over every body at once, each place found
/// placed in its body by a galloping search forward from the last one.
fn body_nodes(ix: &Index, bodies: &Bodies, phrase: &str) -> Vec<u32> {
    let hay = ix.bodies.as_bytes();
    let finder = memchr::memmem::Finder::new(phrase.as_bytes());
    let starts = &bodies.starts;
    let mut out = Vec::new();
    let mut from = 0;
    let mut k = 0;
    while let Some(at) = hay.get(from..).and_then(|rest| finder.find(rest)) {
        let at = from + at;
        from = at + 1;
        // The last body starting at or before `at`, from `k` on: places
        // found come in order, most often in a body just after the last.
        let mut step = 1;
        while k + step < starts.len() && starts[k + step] as usize <= at {
            k += step;
            step *= 2;
        }
        k += starts[k..(k + step).min(starts.len())].partition_point(|&s| s as usize <= at);
        k = k.saturating_sub(1);
        if starts.get(k).is_some_and(|&s| s as usize <= at) {
            let end = bodies.ends[k] as usize;
            if at + phrase.len() <= end {
                out.push(bodies.nodes[k]);
                // The next body: one place per body is enough.
                from = end;
            }
        }
    }
    // In index order (the bodies' order already, unless built otherwise).
    out.sort_unstable();
    out
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
