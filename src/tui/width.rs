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
}
