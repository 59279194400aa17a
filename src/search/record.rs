//! One plan's finder items, flat and encoded: what the on-disk index keeps
//! per plan, so a start with unchanged plans parses no TOML.

use crate::model::{ApprovalState, Kind, Plan, Status, schedule::month_name};

use super::SearchError;

/// What an item of the finder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Plan,
    Section,
    Target,
    Task,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Plan => "plan",
            ItemKind::Section => "section",
            ItemKind::Target => "target",
            ItemKind::Task => "task",
        }
    }

    fn code(self) -> u8 {
        match self {
            ItemKind::Plan => 0,
            ItemKind::Section => 1,
            ItemKind::Target => 2,
            ItemKind::Task => 3,
        }
    }

    fn from_code(c: u8) -> Option<ItemKind> {
        Some(match c {
            0 => ItemKind::Plan,
            1 => ItemKind::Section,
            2 => ItemKind::Target,
            3 => ItemKind::Task,
            _ => return None,
        })
    }
}

/// An item's parent within its plan, as stored.
pub(crate) const PARENT_PLAN: u32 = u32::MAX;

/// One plan as the finder keeps it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlanView<'a> {
    pub year: i32,
    pub kind: Kind,
    pub state: ApprovalState,
    pub title: &'a str,
    pub items: Vec<ItemView<'a>>,
}

/// One section, target or task of a plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemView<'a> {
    pub kind: ItemKind,
    pub id: &'a str,
    /// As shown: a section with its number ("二、围绕中心…").
    pub label: &'a str,
    pub body: &'a str,
    pub status: Option<Status>,
    /// The task's month, 1..=12; 0 for other items.
    pub month: u8,
    /// Index of the enclosing section among the items, or [`PARENT_PLAN`].
    pub parent: u32,
    /// Characters of the section's number at the start of `label` ("二、": 2).
    pub lead: u8,
}

/// The plan's items encoded: a section's number as the UI shows it, its
/// parent section, a target as `name：target`, a task under its month.
pub(crate) fn encode(plan: &Plan) -> Vec<u8> {
    let mut w = Writer::default();
    w.i32(plan.year);
    w.u8(match plan.kind {
        Kind::Plan => 0,
        Kind::Summary => 1,
    });
    w.u8(match plan.state() {
        ApprovalState::Draft => 0,
        ApprovalState::Submitted => 1,
        ApprovalState::Approved => 2,
        ApprovalState::Returned => 3,
    });
    w.str(&plan.title);
    let count = plan.sections.len() + plan.targets.len() + plan.tasks.len();
    w.u32(u32::try_from(count).unwrap_or(u32::MAX));
    let numbers = plan.numbers();
    // Open sections by depth: the parent of a section is the last one shallower.
    let mut open: Vec<(u8, u32)> = Vec::new();
    for (i, (s, number)) in plan.sections.iter().zip(&numbers).enumerate() {
        while open.last().is_some_and(|&(d, _)| d >= s.depth) {
            open.pop();
        }
        let parent = open.last().map_or(PARENT_PLAN, |&(_, p)| p);
        let me = u32::try_from(i).unwrap_or(u32::MAX);
        open.push((s.depth, me));
        let lead = u8::try_from(number.chars().count()).unwrap_or(0);
        item(
            &mut w,
            ItemKind::Section,
            &s.id,
            &format!("{number}{}", s.heading),
            &s.body,
            None,
            (0, lead),
            parent,
        );
    }
    for t in &plan.targets {
        let label = format!("{}：{}", t.name, t.target);
        item(
            &mut w,
            ItemKind::Target,
            &t.id,
            &label,
            "",
            None,
            (0, 0),
            PARENT_PLAN,
        );
    }
    for t in &plan.tasks {
        item(
            &mut w,
            ItemKind::Task,
            &t.id,
            &t.text,
            "",
            Some(t.status),
            (t.month, 0),
            PARENT_PLAN,
        );
    }
    w.0
}

#[allow(clippy::too_many_arguments)]
fn item(
    w: &mut Writer,
    kind: ItemKind,
    id: &str,
    label: &str,
    body: &str,
    status: Option<Status>,
    (month, lead): (u8, u8),
    parent: u32,
) {
    w.u8(kind.code());
    w.u8(match status {
        None => 0,
        Some(Status::Todo) => 1,
        Some(Status::Done) => 2,
        Some(Status::Dropped) => 3,
    });
    w.u8(month);
    w.u8(lead);
    w.u32(parent);
    w.str(id);
    w.str(label);
    w.str(body);
}

/// Read back what [`encode`] wrote; `None` when the bytes are not such a record.
pub(crate) fn decode(bytes: &[u8]) -> Result<PlanView<'_>, SearchError> {
    let mut r = Reader { bytes, at: 0 };
    let year = r.i32()?;
    let kind = match r.u8()? {
        0 => Kind::Plan,
        1 => Kind::Summary,
        _ => return Err(damaged("plan kind")),
    };
    let state = match r.u8()? {
        0 => ApprovalState::Draft,
        1 => ApprovalState::Submitted,
        2 => ApprovalState::Approved,
        3 => ApprovalState::Returned,
        _ => return Err(damaged("approval state")),
    };
    let title = r.str()?;
    let count = r.u32()? as usize;
    let mut items = Vec::with_capacity(count.min(bytes.len() / 8));
    for _ in 0..count {
        let kind = ItemKind::from_code(r.u8()?).ok_or_else(|| damaged("item kind"))?;
        let status = match r.u8()? {
            0 => None,
            1 => Some(Status::Todo),
            2 => Some(Status::Done),
            3 => Some(Status::Dropped),
            _ => return Err(damaged("task status")),
        };
        let month = r.u8()?;
        let lead = r.u8()?;
        let parent = r.u32()?;
        if parent != PARENT_PLAN && parent as usize >= items.len() {
            return Err(damaged("item parent"));
        }
        let id = r.str()?;
        let label = r.str()?;
        let body = r.str()?;
        items.push(ItemView {
            kind,
            id,
            label,
            body,
            status,
            month,
            parent,
            lead,
        });
    }
    if r.at != bytes.len() {
        return Err(damaged("trailing bytes"));
    }
    Ok(PlanView {
        year,
        kind,
        state,
        title,
        items,
    })
}

/// The path segment of a task's month ("三月").
pub(crate) fn month_label(month: u8) -> String {
    month_name(month)
}

fn damaged(what: &str) -> SearchError {
    SearchError::Damaged(format!("bad {what} in a plan record"))
}

#[derive(Default)]
pub(crate) struct Writer(pub Vec<u8>);

impl Writer {
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(b);
    }
}

pub(crate) struct Reader<'a> {
    pub bytes: &'a [u8],
    pub at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| SearchError::Damaged("cut short".into()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], SearchError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, SearchError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32, SearchError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    pub(crate) fn i32(&mut self) -> Result<i32, SearchError> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, SearchError> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], SearchError> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str, SearchError> {
        std::str::from_utf8(self.bytes()?)
            .map_err(|_| SearchError::Damaged("text that is not UTF-8".into()))
    }
}
