//! Matching a query against the index: filters first, then every word against
//! the item's path (scattered or contiguous, Chinese or pinyin), then section
//! bodies for phrases. A query that extends the previous one searches only
//! the previous matches.

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
    last: Option<(Query, Vec<u32>)>,
    /// The last query's words, compiled, for showing its matches.
    last_terms: Vec<Term>,
    scatter_memo: Vec<u64>,
    contig_memo: Vec<u8>,
}

impl Finder {
    pub fn new(index: Index) -> Finder {
        Finder {
            index,
            ..Finder::default()
        }
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
        let mut hits = Vec::new();
        let mut scan = Scan {
            index: &self.index,
            terms: &terms,
            scatter: std::mem::take(&mut self.scatter_memo),
            contig: std::mem::take(&mut self.contig_memo),
        };
        scan.reset();
        for &node in candidates {
            let n = &self.index.nodes[node as usize];
            if !passes(&self.index, n, &query.filters) {
                continue;
            }
            if let Some(hit) = scan.score(node) {
                hits.push(hit);
            }
        }
        if bodies_too {
            let mut body_hits = Vec::new();
            let mut seen = candidates.iter().peekable();
            for &node in &self.index.items {
                while seen.next_if(|&&c| c < node).is_some() {}
                if seen.next_if_eq(&&node).is_some() {
                    continue;
                }
                let n = &self.index.nodes[node as usize];
                let body = self.index.body_folded(n);
                if n.body.len == 0
                    || !terms
                        .iter()
                        .any(|t| t.len() >= BODY_MIN && body.contains(t.literal.as_str()))
                    || !passes(&self.index, n, &query.filters)
                {
                    continue;
                }
                if let Some(hit) = scan.score(node) {
                    body_hits.push(hit);
                }
            }
            hits.extend(body_hits);
            hits.sort_unstable_by_key(|h| h.node);
        }
        self.scatter_memo = scan.scatter;
        self.contig_memo = scan.contig;
        self.last_terms = terms;
        let all: Vec<u32> = hits.iter().map(|h| h.node).collect();
        self.last = Some((query, all));
        Matches {
            total: hits.len(),
            hits: best(hits, limit),
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

/// The best `limit` hits, best first; ties keep the index's order.
fn best(mut hits: Vec<Hit>, limit: usize) -> Vec<Hit> {
    let order = |a: &Hit, b: &Hit| b.score.cmp(&a.score).then(a.node.cmp(&b.node));
    if hits.len() > limit && limit > 0 {
        hits.select_nth_unstable_by(limit - 1, order);
        hits.truncate(limit);
    }
    hits.truncate(limit);
    hits.sort_unstable_by(order);
    hits
}

/// One pass over candidates, with per-node memos of the path so far.
struct Scan<'a> {
    index: &'a Index,
    terms: &'a [Term],
    /// Per term and node: positions reached after the node's whole path.
    scatter: Vec<u64>,
    /// Per term and node: 0 unknown, 1 no, 2 yes: a word contiguous in the path.
    contig: Vec<u8>,
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
        self.scatter.clear();
        self.scatter.resize(n, UNSET);
        self.contig.clear();
        self.contig.resize(n, 0);
    }

    fn slot(&self, t: usize, node: u32) -> usize {
        t * self.index.nodes.len() + node as usize
    }

    fn score(&mut self, node: u32) -> Option<Hit> {
        let (index, terms) = (self.index, self.terms);
        let n = index.nodes[node as usize];
        let syms = index.label_syms(&n);
        let lead = usize::from(n.lead).min(syms.len());
        let mut total = 0i64;
        let mut in_body = false;
        for (t, term) in terms.iter().enumerate() {
            let leads = (0..=lead).find_map(|st| term.anchored_end(&syms[st..]).map(|e| st + e));
            let word = match leads {
                Some(end) if end == syms.len() => EXACT,
                Some(_) => LEADS,
                None if term.run_end(syms).is_some() => OWN_RUN,
                None if self.scattered(t, node) & term.done != 0 => {
                    if self.contiguous_above(t, n.parent) {
                        PATH_RUN
                    } else {
                        SCATTERED
                    }
                }
                None if term.len() >= BODY_MIN
                    && index.body_folded(&n).contains(term.literal.as_str()) =>
                {
                    in_body = true;
                    0
                }
                None => return None,
            };
            total += word;
        }
        let short = i64::try_from(syms.len().min(999)).unwrap_or(999);
        let score = if in_body {
            -1000 - short
        } else {
            total * 1000 - short
        };
        Some(Hit {
            node,
            score,
            body: in_body,
        })
    }

    /// Positions of word `t` reached after the whole path of `node`.
    fn scattered(&mut self, t: usize, node: u32) -> u64 {
        if node == super::index::NO_PARENT {
            return 1;
        }
        let slot = self.slot(t, node);
        if self.scatter[slot] != UNSET {
            return self.scatter[slot];
        }
        let (index, terms) = (self.index, self.terms);
        let n = index.nodes[node as usize];
        let before = self.scattered(t, n.parent);
        let term = &terms[t];
        let after = if before & term.done != 0 {
            before
        } else {
            term.scatter(before, index.label_syms(&n))
        };
        self.scatter[slot] = after;
        after
    }

    /// Whether word `t` is contiguous in the label of `node` or an ancestor.
    fn contiguous_above(&mut self, t: usize, node: u32) -> bool {
        if node == super::index::NO_PARENT {
            return false;
        }
        let slot = self.slot(t, node);
        match self.contig[slot] {
            1 => return false,
            2 => return true,
            _ => {}
        }
        let (index, terms) = (self.index, self.terms);
        let n = index.nodes[node as usize];
        let yes =
            terms[t].run_end(index.label_syms(&n)).is_some() || self.contiguous_above(t, n.parent);
        self.contig[slot] = if yes { 2 } else { 1 };
        yes
    }
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
