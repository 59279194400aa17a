//! Text measured in terminal columns: a Chinese character or 🦀 takes two,
//! and text is cut between graphemes, never inside one.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns `s` takes on a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` cut to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w + 1 > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

/// `s` cut or padded with spaces to exactly `cols` columns.
pub fn fit(s: &str, cols: usize) -> String {
    let cut = truncate(s, cols);
    let pad = cols.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// Punctuation a line must not start with (。，、；：？！ and closing brackets
/// and quotes), by the Chinese line-breaking rules.
fn no_line_start(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| "。，、；：？！）》」』】〉”’…·,.;:?!)]}%".contains(c))
}

/// Punctuation a line must not end with: opening brackets and quotes.
fn no_line_end(g: &str) -> bool {
    g.chars()
        .next()
        .is_some_and(|c| "（《「『【〈“‘([{".contains(c))
}

/// `s` broken into lines of at most `cols` columns, between graphemes, by
/// the Chinese line-breaking rules: a closing mark that would start a line
/// pulls the character before it down with it, and an opening mark that
/// would end a line goes down to the next. Existing line breaks are kept; a
/// grapheme wider than `cols` is left out rather than overflow the edge.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    wrap_graphemes(s, cols)
        .into_iter()
        .map(|line| line.into_iter().map(|(_, g)| g).collect())
        .collect()
}

/// Styled text (pieces of text, each with its style) wrapped as [`wrap`]
/// wraps its plain text: each line a list of pieces, the styles kept.
pub fn wrap_styled<S: Clone + PartialEq>(
    pieces: &[(&str, S)],
    cols: usize,
) -> Vec<Vec<(String, S)>> {
    let plain: String = pieces.iter().map(|(t, _)| *t).collect();
    // The style of each byte offset's piece: the piece ending after it.
    let mut ends = Vec::with_capacity(pieces.len());
    let mut at = 0;
    for (t, style) in pieces {
        at += t.len();
        ends.push((at, style));
    }
    let style_at = |offset: usize| {
        ends.iter()
            .find(|(end, _)| offset < *end)
            .map(|(_, s)| (*s).clone())
    };
    wrap_graphemes(&plain, cols)
        .into_iter()
        .map(|line| {
            let mut out: Vec<(String, S)> = Vec::new();
            for (offset, g) in line {
                let Some(style) = style_at(offset) else {
                    continue;
                };
                match out.last_mut() {
                    Some((text, s)) if *s == style => text.push_str(g),
                    _ => out.push((g.to_string(), style)),
                }
            }
            out
        })
        .collect()
}

/// [`wrap`]'s lines as graphemes with their byte offsets in `s`.
fn wrap_graphemes(s: &str, cols: usize) -> Vec<Vec<(usize, &str)>> {
    let mut out = Vec::new();
    if cols == 0 {
        return out;
    }
    let mut para_start = 0;
    for para in s.split('\n') {
        let mut line: Vec<(usize, &str)> = Vec::new();
        let mut used = 0;
        for (i, g) in para.grapheme_indices(true) {
            let w = width(g);
            if w > cols {
                continue;
            }
            if used + w > cols && !line.is_empty() {
                // What moves down to the next line with `g`: a closing mark
                // brings the characters before it down (a run of marks too),
                // an opening mark at the end of the line goes down.
                let mut keep = line.len();
                if no_line_start(g) && keep > 1 {
                    keep -= 1;
                    while keep > 1 && no_line_start(line[keep].1) {
                        keep -= 1;
                    }
                }
                while keep > 1 && no_line_end(line[keep - 1].1) {
                    keep -= 1;
                }
                let carried = line.split_off(keep);
                out.push(line);
                used = carried.iter().map(|(_, c)| width(c)).sum();
                line = carried;
                if used + w > cols {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
            }
            line.push((para_start + i, g));
            used += w;
        }
        out.push(line);
        para_start += para.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(width("你好"), 4);
        assert_eq!(width("🦀"), 2);
        assert_eq!(width("a你🦀"), 5);
    }

    #[test]
    fn truncation_is_by_columns_and_never_splits_a_character() {
        assert_eq!(truncate("你好世界", 8), "你好世界");
        assert_eq!(truncate("你好世界", 7), "你好世…");
        assert_eq!(truncate("你好世界", 6), "你好…");
        assert_eq!(truncate("🦀🦀🦀", 4), "🦀…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("你", 1), "…");
        for max in 0..10 {
            assert!(width(&truncate("你好🦀世界abc", max)) <= max, "{max}");
        }
    }

    #[test]
    fn fit_pads_to_the_column() {
        assert_eq!(fit("你好", 6), "你好  ");
        assert_eq!(width(&fit("你好世界", 5)), 5);
    }

    #[test]
    fn styled_wrapping_keeps_each_piece_its_style() {
        let pieces = [("你好", 1), ("世界。", 2), ("再见", 3)];
        assert_eq!(
            wrap_styled(&pieces, 8),
            [
                vec![("你好".to_string(), 1), ("世".to_string(), 2)],
                vec![("界。".to_string(), 2), ("再见".to_string(), 3)],
            ]
        );
        assert_eq!(
            wrap_styled(&[("a\nb", 1)], 4),
            [vec![("a".to_string(), 1)], vec![("b".to_string(), 1)]]
        );
    }

    #[test]
    fn wrapping_keeps_punctuation_where_chinese_text_allows_it() {
        // 。 would start the second line: 界 comes down with it.
        assert_eq!(wrap("你好世界。再见", 8), ["你好世", "界。再见"]);
        // （ would end the first line: it goes down.
        assert_eq!(wrap("你好世（界）", 8), ["你好世", "（界）"]);
        assert_eq!(wrap("ab\n你好", 10), ["ab", "你好"]);
        // Every line fits, whatever the width; nothing is lost but what cannot fit.
        let text = "终端太小：39×12，至少需要40×12。请放大窗口（或缩小字体）。";
        for cols in 1..30 {
            let lines = wrap(text, cols);
            assert!(lines.iter().all(|l| width(l) <= cols), "{cols}: {lines:?}");
            if cols >= 2 {
                assert_eq!(lines.concat(), text, "{cols}");
            }
            if cols >= 6 {
                assert!(
                    lines.iter().skip(1).all(|l| !no_line_start(l)),
                    "{cols}: {lines:?}"
                );
            }
        }
    }
}
