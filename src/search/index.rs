//! The finder's items in memory: every label's characters as symbols in one
//! arena, display text and bodies in two strings, and a tree of nodes
//! (year › plan › section… / month › task) whose paths are the items' paths.

use crate::model::{ApprovalState, Kind, PlanId, Status};

use super::record::{self, ItemKind, PARENT_PLAN, PlanView};
use super::symbols::{Sym, Symbols, fold, may_fold};

/// Between two segments of a path.
pub const SEPARATOR: &str = " › ";

pub(crate) const NO_PARENT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Year,
    Month,
    Item(ItemKind),
}

/// A span of an arena: start and length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    pub(crate) fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Node {
    pub parent: u32,
    pub plan: u32,
    pub kind: NodeKind,
    pub status: Option<Status>,
    /// Characters of a section's number at the start of its label.
    pub lead: u8,
    /// The label's symbols, one per character of `text`.
    pub label: Span,
    /// The label as shown, bytes of `Index::text`.
    pub text: Span,
    /// The item's id, bytes of `Index::text`.
    pub id: Span,
    /// The section's body as written, bytes of `Index::written` when
    /// folding changed it (`written`), else the same span as `body_fold`.
    pub body: Span,
    /// The body folded for matching, bytes of `Index::bodies`.
    pub body_fold: Span,
    /// Whether the body as written is kept apart from the folded one.
    pub written: bool,
}

/// What the finder knows of a plan besides its items.
#[derive(Debug, Clone)]
pub(crate) struct PlanMeta {
    pub id: PlanId,
    /// The plan's own node; its items follow it.
    pub node: u32,
    pub year: i32,
    pub kind: Kind,
    pub state: ApprovalState,
}

/// Every item of every plan, ready to match.
#[derive(Debug, Clone)]
pub struct Index {
    pub(crate) symbols: Symbols,
    pub(crate) nodes: Vec<Node>,
    pub(crate) syms: Vec<Sym>,
    pub(crate) text: String,
    /// Every body folded, one after another, so that a phrase is looked for
    /// in all of them in one pass over nothing else.
    pub(crate) bodies: String,
    /// The bodies that folding changed, as written (for snippets).
    pub(crate) written: String,
    pub(crate) plans: Vec<PlanMeta>,
    /// The nodes that are items (not years or months), in path order.
    pub(crate) items: Vec<u32>,
}

impl Default for Index {
    fn default() -> Self {
        Index {
            symbols: Symbols::new(),
            nodes: Vec::new(),
            syms: Vec::new(),
            text: String::new(),
            bodies: String::new(),
            written: String::new(),
            plans: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl Index {
    /// How many plans, sections, targets and tasks the index holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn label_syms(&self, n: &Node) -> &[Sym] {
        &self.syms[n.label.range()]
    }

    pub(crate) fn label_text(&self, n: &Node) -> &str {
        &self.text[n.text.range()]
    }

    pub(crate) fn id_text(&self, n: &Node) -> &str {
        &self.text[n.id.range()]
    }

    pub(crate) fn body(&self, n: &Node) -> &str {
        if n.written {
            &self.written[n.body.range()]
        } else {
            &self.bodies[n.body.range()]
        }
    }

    pub(crate) fn body_folded(&self, n: &Node) -> &str {
        &self.bodies[n.body_fold.range()]
    }

    /// The node of an item, by plan, kind and item id (`None` for the plan itself).
    pub(crate) fn find(&self, plan: &PlanId, kind: ItemKind, item: Option<&str>) -> Option<u32> {
        let (no, meta) = self.plans.iter().enumerate().find(|(_, m)| m.id == *plan)?;
        let no = u32::try_from(no).ok()?;
        (meta.node as usize..self.nodes.len())
            .take_while(|&n| self.nodes[n].plan == no)
            .find(|&n| {
                let node = &self.nodes[n];
                node.kind == NodeKind::Item(kind)
                    && (kind == ItemKind::Plan || Some(self.id_text(node)) == item)
            })
            .and_then(|n| u32::try_from(n).ok())
    }

    /// The node and its ancestors, root first.
    pub(crate) fn lineage(&self, node: u32) -> Vec<u32> {
        let mut chain = Vec::with_capacity(6);
        let mut at = node;
        while at != NO_PARENT {
            chain.push(at);
            at = self.nodes[at as usize].parent;
        }
        chain.reverse();
        chain
    }

    /// The item's path as shown, and the character offset of each segment.
    pub(crate) fn path(&self, node: u32) -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut offsets = Vec::new();
        let mut chars = 0;
        for (i, n) in self.lineage(node).into_iter().enumerate() {
            if i > 0 {
                out.push_str(SEPARATOR);
                chars += SEPARATOR.chars().count();
            }
            offsets.push(chars);
            let label = self.label_text(&self.nodes[n as usize]);
            out.push_str(label);
            chars += label.chars().count();
        }
        (out, offsets)
    }
}

/// Builds an [`Index`] plan by plan, in the order given.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    index: Index,
    year: Option<(i32, u32)>,
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder::default()
    }

    pub(crate) fn add(&mut self, id: &PlanId, view: &PlanView<'_>) {
        let plan_no = u32::try_from(self.index.plans.len()).unwrap_or(u32::MAX);
        self.index.plans.push(PlanMeta {
            id: id.clone(),
            node: 0,
            year: view.year,
            kind: view.kind,
            state: view.state,
        });
        let year_node = match self.year {
            Some((y, n)) if y == view.year => n,
            _ => {
                let n = self.node(
                    NO_PARENT,
                    plan_no,
                    NodeKind::Year,
                    &view.year.to_string(),
                    "",
                    "",
                    None,
                );
                self.year = Some((view.year, n));
                n
            }
        };
        let plan_node = self.node(
            year_node,
            plan_no,
            NodeKind::Item(ItemKind::Plan),
            view.title,
            id.slug(),
            "",
            None,
        );
        self.index.items.push(plan_node);
        if let Some(meta) = self.index.plans.last_mut() {
            meta.node = plan_node;
        }
        let mut months = [NO_PARENT; 13];
        let mut nodes: Vec<u32> = Vec::with_capacity(view.items.len());
        for item in &view.items {
            let parent = match item.kind {
                ItemKind::Task => {
                    let m = usize::from(item.month.min(12));
                    if months[m] == NO_PARENT {
                        months[m] = self.node(
                            plan_node,
                            plan_no,
                            NodeKind::Month,
                            &record::month_label(item.month),
                            "",
                            "",
                            None,
                        );
                    }
                    months[m]
                }
                _ if item.parent == PARENT_PLAN => plan_node,
                _ => nodes
                    .get(item.parent as usize)
                    .copied()
                    .unwrap_or(plan_node),
            };
            let n = self.node(
                parent,
                plan_no,
                NodeKind::Item(item.kind),
                item.label,
                item.id,
                item.body,
                item.status,
            );
            // A section's number, which a word may lead the label after.
            self.index.nodes[n as usize].lead = item.lead;
            nodes.push(n);
            self.index.items.push(n);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn node(
        &mut self,
        parent: u32,
        plan: u32,
        kind: NodeKind,
        label: &str,
        id: &str,
        body: &str,
        status: Option<Status>,
    ) -> u32 {
        let ix = &mut self.index;
        let sym_start = ix.syms.len();
        ix.syms.extend(label.chars().map(|c| ix.symbols.intern(c)));
        let label_span = span(sym_start, ix.syms.len() - sym_start);
        let text = push(&mut ix.text, label);
        let id = push(&mut ix.text, id);
        let written = may_fold(body) && body.chars().any(|c| fold(c) != c);
        let (body_span, body_fold) = if written {
            let folded: String = body.chars().map(fold).collect();
            (push(&mut ix.written, body), push(&mut ix.bodies, &folded))
        } else {
            let span = push(&mut ix.bodies, body);
            (span, span)
        };
        let n = u32::try_from(ix.nodes.len()).unwrap_or(u32::MAX);
        ix.nodes.push(Node {
            parent,
            plan,
            kind,
            status,
            lead: 0,
            label: label_span,
            text,
            id,
            body: body_span,
            body_fold,
            written,
        });
        n
    }

    pub(crate) fn finish(self) -> Index {
        self.index
    }
}

fn span(start: usize, len: usize) -> Span {
    Span {
        start: u32::try_from(start).unwrap_or(u32::MAX),
        len: u32::try_from(len).unwrap_or(0),
    }
}

fn push(arena: &mut String, s: &str) -> Span {
    let start = arena.len();
    arena.push_str(s);
    span(start, s.len())
}
