//! Text from plans is untrusted: before it reaches a terminal, control
//! characters (and with them every escape sequence) become visible symbols.

/// `s` with every control character replaced by a visible stand-in: C0
/// controls by their Control Pictures (ESC → ␛), DEL by ␡, C1 controls and
/// bidirectional overrides by `�`. Newlines are kept when `keep_newlines`.
pub fn visible(s: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| needs_escape(c, keep_newlines)) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| {
            if needs_escape(c, keep_newlines) {
                placeholder(c)
            } else {
                c
            }
        })
        .collect::<String>()
        .into()
}

/// The one-line form: newlines too become ␤.
pub fn visible_line(s: &str) -> std::borrow::Cow<'_, str> {
    visible(s, false)
}

fn needs_escape(c: char, keep_newlines: bool) -> bool {
    if c == '\n' {
        return !keep_newlines;
    }
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn placeholder(c: char) -> char {
    match c {
        '\n' => '\u{2424}',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let evil = "标题\u{1b}[2J\u{1b}]0;pwned\u{7}尾\u{9b}31m";
        let shown = visible(evil, true);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert_eq!(shown, "标题␛[2J␛]0;pwned␇尾�31m");
    }

    #[test]
    fn plain_text_is_borrowed_and_newlines_are_kept_on_request() {
        assert!(matches!(
            visible("你好🦀", true),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(visible("一\n二", true), "一\n二");
        assert_eq!(visible_line("一\n二\t三"), "一␤二␉三");
    }
}
