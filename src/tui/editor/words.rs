//! Where word motions stop in a line of text, Chinese included.
//!
//! A run of Chinese has no spaces, so a word is found by rule rather than by
//! a dictionary: a word ends at whitespace, at punctuation, where the script
//! changes (汉字, kana, hangul, letters and digits), and around the
//! single-character function words of official prose (的、和、与、在、对…),
//! so that `ctrl-w` at the end of a long paragraph takes back a phrase, never
//! the paragraph. (jieba-rs was measured: 0.6–0.7 s to load its dictionary
//! and 3.5 MB more binary, for a few keys of the editor.)

use unicode_segmentation::UnicodeSegmentation;

/// Characters that stand as a word of their own inside a run of Chinese.
const FUNCTION_CHARS: &str = "的了和与及并或等在对把被将是为向从于";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Space,
    Punct,
    Han,
    Kana,
    Hangul,
    Alnum,
    /// Emoji and other symbols: each one a word.
    Symbol,
}

fn class(g: &str) -> Class {
    let Some(c) = g.chars().next() else {
        return Class::Space;
    };
    let u = u32::from(c);
    if c.is_whitespace() {
        Class::Space
    } else if matches!(u, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
        || c == '〇'
    {
        Class::Han
    } else if matches!(u, 0x3040..=0x30FF) {
        Class::Kana
    } else if matches!(u, 0xAC00..=0xD7AF | 0x1100..=0x11FF) {
        Class::Hangul
    } else if c.is_alphanumeric() || c == '_' {
        Class::Alnum
    } else if c.is_ascii_punctuation()
        || matches!(u, 0x2000..=0x206F | 0x3000..=0x303F | 0xFE10..=0xFE6F | 0xFF00..=0xFF0F
            | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
    {
        Class::Punct
    } else {
        Class::Symbol
    }
}

/// The words of `line` as ranges of character offsets, in order; whitespace
/// and punctuation between them belong to no word.
pub fn words(line: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    let mut prev: Option<(Class, bool)> = None;
    for g in line.graphemes(true) {
        let n = g.chars().count();
        let c = class(g);
        let function = c == Class::Han && FUNCTION_CHARS.contains(g);
        let word = !matches!(c, Class::Space | Class::Punct);
        let joins =
            word && c != Class::Symbol && !function && prev.is_some_and(|(p, f)| p == c && !f);
        match out.last_mut() {
            Some(last) if joins && last.1 == at => last.1 = at + n,
            _ if word => out.push((at, at + n)),
            _ => {}
        }
        prev = Some((c, function));
        at += n;
    }
    out
}

/// Where a move one word left of `col` lands: the start of the word before
/// it (skipping whitespace and punctuation), or 0.
pub fn left(line: &str, col: usize) -> usize {
    words(line)
        .into_iter()
        .rev()
        .find(|w| w.0 < col)
        .map_or(0, |w| w.0)
}

/// Where a move one word right of `col` lands: the end of the word under or
/// after it, or the end of the line.
pub fn right(line: &str, col: usize) -> usize {
    words(line)
        .into_iter()
        .find(|w| w.1 > col)
        .map_or(line.chars().count(), |w| w.1)
}

/// Character offsets where graphemes start, and the line's end: the places
/// a cursor may stop (never between `e` and its accent, nor inside 👨‍👩‍👧).
pub fn stops(line: &str) -> Vec<usize> {
    let mut out = vec![0];
    let mut at = 0;
    for g in line.graphemes(true) {
        at += g.chars().count();
        out.push(at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        let chars: Vec<char> = line.chars().collect();
        words(line)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn chinese_words_end_at_punctuation_scripts_and_function_characters() {
        assert_eq!(
            split("围绕镇党委、政府中心工作开展调研，加强理论学习和形势教育。"),
            [
                "围绕镇党委",
                "政府中心工作开展调研",
                "加强理论学习",
                "和",
                "形势教育"
            ]
        );
        assert_eq!(
            split("2024年GDP增长10%"),
            ["2024", "年", "GDP", "增长", "10"]
        );
        assert_eq!(split("hello, world 🦀🦀"), ["hello", "world", "🦀", "🦀"]);
        assert_eq!(split("café naïve"), ["café", "naïve"]);
    }

    #[test]
    fn moves_skip_punctuation_and_stop_at_word_edges() {
        let line = "开展调研，加强学习。";
        assert_eq!(left(line, 10), 5, "from the end: back over 。 to 加");
        assert_eq!(left(line, 5), 0);
        assert_eq!(left(line, 0), 0);
        assert_eq!(right(line, 0), 4);
        assert_eq!(right(line, 4), 9, "over ， to the end of 学习");
        assert_eq!(right(line, 9), 10);
    }

    #[test]
    fn stops_are_between_graphemes() {
        assert_eq!(stops("a👨‍👩‍👧"), [0, 1, 6]);
        assert_eq!(stops("e\u{301}x"), [0, 2, 3]);
    }
}
