//! A three-way merge of two sequences against their common ancestor (diff3),
//! and on top of it the merge of a text: line by line, then character
//! (grapheme) by character where both sides changed the same lines but not
//! the same sentence.
//!
//! Written over `similar` rather than taken from a crate: diffy's merge works
//! on lines only and answers a conflict with marker text, while a plan needs
//! the conflicting parts as data and a merge inside a line of Chinese.

use std::collections::HashSet;
use std::hash::Hash;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use unicode_segmentation::UnicodeSegmentation;

/// Past this, a diff settles for a good answer instead of the best one.
const DIFF_TIME: Duration = Duration::from_millis(300);

/// One stretch of a three-way merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk<T> {
    /// The same on all three, or changed on one side only (the change taken).
    Clean(Vec<T>),
    /// Changed differently on both sides.
    Conflict {
        base: Vec<T>,
        ours: Vec<T>,
        theirs: Vec<T>,
    },
}

/// For each element of `old`, where it stands in `new` when it was kept.
pub(super) fn matches<T: Hash + Eq + Ord>(old: &[T], new: &[T]) -> Vec<Option<usize>> {
    let mut out = vec![None; old.len()];
    let ops =
        capture_diff_slices_deadline(Algorithm::Myers, old, new, Some(Instant::now() + DIFF_TIME));
    for op in ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for i in 0..len {
                out[old_index + i] = Some(new_index + i);
            }
        }
    }
    out
}

/// Merge `ours` and `theirs`, both descended from `base`.
pub fn diff3<T: Hash + Eq + Ord + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<Chunk<T>> {
    let in_ours = matches(base, ours);
    let in_theirs = matches(base, theirs);
    let mut out: Vec<Chunk<T>> = Vec::new();
    let clean = |out: &mut Vec<Chunk<T>>, items: &[T]| {
        if items.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(Chunk::Clean(v)) => v.extend_from_slice(items),
            _ => out.push(Chunk::Clean(items.to_vec())),
        }
    };
    let (mut i, mut j, mut k) = (0, 0, 0);
    loop {
        if i < base.len() && in_ours[i] == Some(j) && in_theirs[i] == Some(k) {
            clean(&mut out, &base[i..=i]);
            i += 1;
            j += 1;
            k += 1;
            continue;
        }
        // The next element of base kept on both sides ends the unstable stretch.
        let next = (i..base.len()).find(|&n| in_ours[n].is_some() && in_theirs[n].is_some());
        let (ni, nj, nk) = match next {
            Some(n) => (
                n,
                in_ours[n].unwrap_or(ours.len()),
                in_theirs[n].unwrap_or(theirs.len()),
            ),
            None => (base.len(), ours.len(), theirs.len()),
        };
        let (b, o, t) = (&base[i..ni], &ours[j..nj], &theirs[k..nk]);
        if o == t || b == t {
            clean(&mut out, o);
        } else if b == o {
            clean(&mut out, t);
        } else {
            out.push(Chunk::Conflict {
                base: b.to_vec(),
                ours: o.to_vec(),
                theirs: t.to_vec(),
            });
        }
        (i, j, k) = (ni, nj, nk);
        if next.is_none() {
            return out;
        }
    }
}

/// Merge a text edited on both sides: line by line, then, inside the lines
/// both sides changed, character by character unless both changed the same
/// sentence. `None` when it still conflicts.
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> Option<String> {
    if ours == theirs || base == theirs {
        return Some(ours.to_string());
    }
    if base == ours {
        return Some(theirs.to_string());
    }
    let lines = |s: &str| -> Vec<String> { s.split_inclusive('\n').map(str::to_string).collect() };
    let mut out = String::with_capacity(ours.len().max(theirs.len()));
    for chunk in diff3(&lines(base), &lines(ours), &lines(theirs)) {
        match chunk {
            Chunk::Clean(v) => out.extend(v),
            Chunk::Conflict { base, ours, theirs } => {
                out.push_str(&merge_chars(
                    &base.concat(),
                    &ours.concat(),
                    &theirs.concat(),
                )?);
            }
        }
    }
    Some(out)
}

/// Sentence ends in Chinese and Western text.
fn ends_sentence(g: &str) -> bool {
    matches!(
        g,
        "。" | "！" | "？" | "；" | "!" | "?" | ";" | "\n" | "…" | "."
    )
}

/// Grapheme-level merge of one stretch, refused when both sides touch the same sentence.
fn merge_chars(base: &str, ours: &str, theirs: &str) -> Option<String> {
    let b: Vec<&str> = base.graphemes(true).collect();
    let o: Vec<&str> = ours.graphemes(true).collect();
    let t: Vec<&str> = theirs.graphemes(true).collect();
    let mut sentence = Vec::with_capacity(b.len());
    let mut n = 0;
    for g in &b {
        sentence.push(n);
        if ends_sentence(g) {
            n += 1;
        }
    }
    let touched_o = touched(&b, &o, &sentence);
    let touched_t = touched(&b, &t, &sentence);
    if !touched_o.is_disjoint(&touched_t) {
        return None;
    }
    let mut out = String::new();
    for chunk in diff3(&b, &o, &t) {
        match chunk {
            Chunk::Clean(v) => out.extend(v),
            Chunk::Conflict { .. } => return None,
        }
    }
    Some(out)
}

/// The sentences of `base` (by index into `sentence`) that `side` changed.
fn touched(base: &[&str], side: &[&str], sentence: &[usize]) -> HashSet<usize> {
    let last = sentence.last().map_or(0, |s| s + 1);
    let at = |i: usize| sentence.get(i).copied().unwrap_or(last);
    let mut out = HashSet::new();
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        base,
        side,
        Some(Instant::now() + DIFF_TIME),
    );
    for op in ops {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Insert { old_index, .. } => {
                // Text added right after a sentence end starts the next sentence.
                let before = old_index
                    .checked_sub(1)
                    .filter(|&p| !ends_sentence(base[p]));
                out.insert(before.map_or_else(|| at(old_index), at));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            }
            | DiffOp::Replace {
                old_index, old_len, ..
            } => {
                out.extend((old_index..old_index + old_len).map(at));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff3_takes_each_sides_change_and_names_a_collision() {
        let base = ["a", "b", "c", "d"];
        let ours = ["a", "B", "c", "d"];
        let theirs = ["a", "b", "c", "D", "e"];
        assert_eq!(
            diff3(&base, &ours, &theirs),
            [Chunk::Clean(vec!["a", "B", "c", "D", "e"])]
        );
        let theirs = ["a", "β", "c", "d"];
        assert_eq!(
            diff3(&base, &ours, &theirs),
            [
                Chunk::Clean(vec!["a"]),
                Chunk::Conflict {
                    base: vec!["b"],
                    ours: vec!["B"],
                    theirs: vec!["β"]
                },
                Chunk::Clean(vec!["c", "d"]),
            ]
        );
    }

    #[test]
    fn different_lines_of_one_body_merge() {
        let base = "第一段，学习。\n第二段，调研。\n第三段，视察。";
        let ours = "第一段，认真学习。\n第二段，调研。\n第三段，视察。";
        let theirs = "第一段，学习。\n第二段，调研。\n第三段，集中视察。";
        assert_eq!(
            merge_text(base, ours, theirs).as_deref(),
            Some("第一段，认真学习。\n第二段，调研。\n第三段，集中视察。")
        );
    }

    #[test]
    fn different_sentences_of_one_line_merge_by_character() {
        let base = "加强理论学习。深入基层调研。开展民主监督。";
        let ours = "加强政治理论学习。深入基层调研。开展民主监督。";
        let theirs = "加强理论学习。深入基层调研。开展专项民主监督。";
        assert_eq!(
            merge_text(base, ours, theirs).as_deref(),
            Some("加强政治理论学习。深入基层调研。开展专项民主监督。")
        );
    }

    #[test]
    fn the_same_sentence_edited_on_both_sides_conflicts() {
        let base = "加强理论学习，提高履职能力。深入基层调研。";
        let ours = "加强政治理论学习，提高履职能力。深入基层调研。";
        let theirs = "加强理论学习，提高履职水平。深入基层调研。";
        assert_eq!(merge_text(base, ours, theirs), None);
    }

    #[test]
    fn additions_at_both_ends_of_a_line_merge() {
        assert_eq!(
            merge_text("学习。", "一、学习。", "学习。调研。").as_deref(),
            Some("一、学习。调研。")
        );
        // Both added different text at the same place: a collision.
        assert_eq!(merge_text("", "甲", "乙"), None);
    }

    #[test]
    fn emoji_and_combining_marks_are_never_split() {
        let base = "a👨‍👩‍👧b。e\u{301}c。";
        let ours = "a👨‍👩‍👧b！。e\u{301}c。";
        let theirs = "a👨‍👩‍👧b。e\u{301}cd。";
        assert_eq!(
            merge_text(base, ours, theirs).as_deref(),
            Some("a👨‍👩‍👧b！。e\u{301}cd。")
        );
    }
}
