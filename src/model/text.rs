//! Text from plans is untrusted: before it reaches a terminal, control
//! characters (and with them every escape sequence) become visible symbols.
//! This is the one sanitising rule of plandesk: the terminal UI shows every
//! piece of user text through [`visible`] / [`visible_line`], and the
//! command line passes everything it prints through [`for_terminal`].

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

/// Text on its way to a terminal as lines: [`visible`], keeping newlines
/// and tabs (which move the cursor only forward) as they are.
pub fn for_terminal(s: &str) -> std::borrow::Cow<'_, str> {
    let escape = |c: char| c != '\n' && c != '\t' && needs_escape(c, true);
    if !s.chars().any(escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| if escape(c) { placeholder(c) } else { c })
        .collect::<String>()
        .into()
}

fn needs_escape(c: char, keep_newlines: bool) -> bool {
    if c == '\n' {
        return !keep_newlines;
    }
    c.is_control() || is_bidi_control(c)
}

/// The controls that reorder what a terminal shows (Trojan Source): the
/// embeddings and overrides, the isolates, and the implicit marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
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
    fn terminal_text_keeps_lines_and_tabs_but_no_control() {
        let evil = "a\tb\r\n\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J\u{202e}\u{2066}\u{200f}\u{85}";
        let shown = for_terminal(evil);
        assert_eq!(shown, "a\tb␍\n␛]52;c;ZXZpbA==␇�2J����");
        assert!(matches!(
            for_terminal("一\n\t二"),
            std::borrow::Cow::Borrowed(_)
        ));
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
