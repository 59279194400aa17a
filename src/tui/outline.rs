//! Outline edits on a plan's flat list of sections. A section owns the
//! sections after it that are deeper (its subtree); moving, indenting or
//! deleting a section takes its subtree along, so the outline never jumps
//! more than one level deeper from one section to the next.

use crate::model::{MAX_DEPTH, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineError {
    /// Nothing to move past in that direction.
    CannotMove,
    /// Indenting needs a section before it at the same level.
    NoParent,
    /// The subtree would go deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Already at depth 1.
    AtTop,
    /// No such section.
    NoSection,
}

/// One past the last section of `i`'s subtree.
pub fn subtree_end(sections: &[Section], i: usize) -> usize {
    let Some(s) = sections.get(i) else {
        return i;
    };
    let mut j = i + 1;
    while j < sections.len() && sections[j].depth > s.depth {
        j += 1;
    }
    j
}

pub fn empty_section(depth: u8) -> Section {
    Section {
        id: String::new(),
        depth,
        heading: String::new(),
        body: String::new(),
    }
}

/// Add a section at the same level after `i` and its subtree (at the end
/// when there is no section). Returns its index.
pub fn add_after(sections: &mut Vec<Section>, i: Option<usize>) -> usize {
    match i.filter(|i| *i < sections.len()) {
        None => {
            sections.push(empty_section(1));
            sections.len() - 1
        }
        Some(i) => {
            let at = subtree_end(sections, i);
            sections.insert(at, empty_section(sections[i].depth));
            at
        }
    }
}

/// Add a section one level deeper, as the last one under `i`. Returns its index.
pub fn add_child(sections: &mut Vec<Section>, i: usize) -> Result<usize, OutlineError> {
    let depth = sections.get(i).ok_or(OutlineError::NoSection)?.depth;
    if depth >= MAX_DEPTH {
        return Err(OutlineError::TooDeep);
    }
    let at = subtree_end(sections, i);
    sections.insert(at, empty_section(depth + 1));
    Ok(at)
}

/// Remove `i` and its subtree; returns how many sections went.
pub fn delete(sections: &mut Vec<Section>, i: usize) -> usize {
    if i >= sections.len() {
        return 0;
    }
    let end = subtree_end(sections, i);
    sections.drain(i..end);
    end - i
}

/// Swap `i` (with its subtree) with the sibling before it. Returns its new index.
pub fn move_up(sections: &mut [Section], i: usize) -> Result<usize, OutlineError> {
    let depth = sections.get(i).ok_or(OutlineError::NoSection)?.depth;
    let mut k = i;
    loop {
        if k == 0 {
            return Err(OutlineError::CannotMove);
        }
        k -= 1;
        match sections[k].depth {
            d if d == depth => break,
            d if d < depth => return Err(OutlineError::CannotMove),
            _ => {}
        }
    }
    let end = subtree_end(sections, i);
    // [k, i) is the sibling's subtree, [i, end) ours: rotate ours in front.
    sections[k..end].rotate_left(i - k);
    Ok(k)
}

/// Swap `i` (with its subtree) with the sibling after it. Returns its new index.
pub fn move_down(sections: &mut [Section], i: usize) -> Result<usize, OutlineError> {
    let depth = sections.get(i).ok_or(OutlineError::NoSection)?.depth;
    let end = subtree_end(sections, i);
    if end >= sections.len() || sections[end].depth != depth {
        return Err(OutlineError::CannotMove);
    }
    let next_end = subtree_end(sections, end);
    sections[i..next_end].rotate_left(end - i);
    Ok(i + (next_end - end))
}

/// One level deeper, under the sibling before it.
pub fn indent(sections: &mut [Section], i: usize) -> Result<(), OutlineError> {
    let depth = sections.get(i).ok_or(OutlineError::NoSection)?.depth;
    if i == 0 || sections[i - 1].depth < depth {
        return Err(OutlineError::NoParent);
    }
    let end = subtree_end(sections, i);
    if sections[i..end].iter().any(|s| s.depth >= MAX_DEPTH) {
        return Err(OutlineError::TooDeep);
    }
    for s in &mut sections[i..end] {
        s.depth += 1;
    }
    Ok(())
}

/// One level up; the siblings after it at its old level become its children.
pub fn outdent(sections: &mut [Section], i: usize) -> Result<(), OutlineError> {
    let depth = sections.get(i).ok_or(OutlineError::NoSection)?.depth;
    if depth <= 1 {
        return Err(OutlineError::AtTop);
    }
    let end = subtree_end(sections, i);
    for s in &mut sections[i..end] {
        s.depth -= 1;
    }
    Ok(())
}

/// Whether the outline is valid: depths from 1, never more than one deeper
/// than the section before.
pub fn depths_ok(sections: &[Section]) -> bool {
    let mut prev = 0u8;
    sections.iter().all(|s| {
        let ok = s.depth >= 1 && s.depth <= MAX_DEPTH && s.depth <= prev + 1;
        prev = s.depth;
        ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(spec: &[(u8, &str)]) -> Vec<Section> {
        spec.iter()
            .map(|(d, h)| Section {
                id: h.to_string(),
                depth: *d,
                heading: h.to_string(),
                body: String::new(),
            })
            .collect()
    }

    fn shape(s: &[Section]) -> Vec<(u8, String)> {
        s.iter().map(|s| (s.depth, s.heading.clone())).collect()
    }

    fn sample() -> Vec<Section> {
        outline(&[
            (1, "A"),
            (2, "A1"),
            (2, "A2"),
            (3, "A2a"),
            (1, "B"),
            (2, "B1"),
        ])
    }

    #[test]
    fn moving_takes_the_subtree_along() {
        let mut s = sample();
        assert_eq!(move_up(&mut s, 4), Ok(0));
        assert_eq!(
            shape(&s),
            outline(&[
                (1, "B"),
                (2, "B1"),
                (1, "A"),
                (2, "A1"),
                (2, "A2"),
                (3, "A2a")
            ])
            .iter()
            .map(|s| (s.depth, s.heading.clone()))
            .collect::<Vec<_>>()
        );
        assert_eq!(move_down(&mut s, 0), Ok(4));
        assert_eq!(shape(&s), shape(&sample()));
        // A2 with its child above A1.
        assert_eq!(move_up(&mut s, 2), Ok(1));
        assert_eq!(s[1].heading, "A2");
        assert_eq!(s[2].heading, "A2a");
        assert_eq!(s[3].heading, "A1");
        assert!(depths_ok(&s));
    }

    #[test]
    fn moving_stops_at_the_parent_and_at_the_ends() {
        let mut s = sample();
        assert_eq!(move_up(&mut s, 0), Err(OutlineError::CannotMove));
        assert_eq!(move_up(&mut s, 1), Err(OutlineError::CannotMove));
        assert_eq!(move_down(&mut s, 2), Err(OutlineError::CannotMove));
        assert_eq!(move_down(&mut s, 4), Err(OutlineError::CannotMove));
        assert_eq!(shape(&s), shape(&sample()));
    }

    #[test]
    fn indent_and_outdent_never_jump_a_level() {
        let mut s = sample();
        assert_eq!(indent(&mut s, 0), Err(OutlineError::NoParent));
        assert_eq!(indent(&mut s, 1), Err(OutlineError::NoParent));
        indent(&mut s, 2).expect("A2 under A1");
        assert_eq!(s[2].depth, 3);
        assert_eq!(s[3].depth, 4, "its child follows");
        assert!(depths_ok(&s));
        outdent(&mut s, 2).expect("back");
        outdent(&mut s, 1).expect("A1 to the top");
        assert_eq!(s[1].depth, 1);
        assert!(depths_ok(&s));
        assert_eq!(outdent(&mut s, 0), Err(OutlineError::AtTop));
        // Everything through every position stays valid.
        for i in 0..s.len() {
            for op in 0..4 {
                let mut t = s.clone();
                let _ = match op {
                    0 => indent(&mut t, i),
                    1 => outdent(&mut t, i),
                    2 => move_up(&mut t, i).map(|_| ()),
                    _ => move_down(&mut t, i).map(|_| ()),
                };
                assert!(depths_ok(&t), "op {op} at {i}: {:?}", shape(&t));
            }
        }
    }

    #[test]
    fn indent_stops_at_the_deepest_level() {
        let mut s = outline(&[(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e"), (5, "f")]);
        assert_eq!(indent(&mut s, 5), Err(OutlineError::TooDeep));
        assert_eq!(add_child(&mut s, 4), Err(OutlineError::TooDeep));
    }

    #[test]
    fn adding_goes_after_the_subtree() {
        let mut s = sample();
        assert_eq!(add_after(&mut s, Some(0)), 4);
        assert_eq!(s[4].depth, 1);
        assert_eq!(add_child(&mut s, 0), Ok(4));
        assert_eq!(s[4].depth, 2);
        assert!(depths_ok(&s));
        let mut empty = Vec::new();
        assert_eq!(add_after(&mut empty, None), 0);
        assert_eq!(empty[0].depth, 1);
    }

    #[test]
    fn deleting_takes_the_subtree() {
        let mut s = sample();
        assert_eq!(delete(&mut s, 0), 4);
        assert_eq!(shape(&s), vec![(1, "B".to_string()), (2, "B1".to_string())]);
        assert!(depths_ok(&s));
    }
}
