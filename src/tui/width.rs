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
    let mut out = Vec::new();
    if cols == 0 {
        return out;
    }
    for para in s.split('\n') {
        let mut line: Vec<&str> = Vec::new();
        let mut used = 0;
        for g in para.graphemes(true) {
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
                    while keep > 1 && no_line_start(line[keep]) {
                        keep -= 1;
                    }
                }
                while keep > 1 && no_line_end(line[keep - 1]) {
                    keep -= 1;
                }
                let carried: Vec<&str> = line.split_off(keep);
                out.push(line.concat());
                used = carried.iter().map(|c| width(c)).sum();
                line = carried;
                if used + w > cols {
                    out.push(line.concat());
                    line.clear();
                    used = 0;
                }
            }
            line.push(g);
            used += w;
        }
        out.push(line.concat());
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
