//! Editing a heading (one line) or a body (several lines) with
//! ratatui-textarea, which keeps a character cursor and measures columns with
//! unicode-width, so Chinese and emoji move, wrap and delete whole.
//!
//! Cursor moves and deletions go by grapheme (👨‍👩‍👧 and e + U+0301 are one
//! each), and word moves stop at Chinese words ([`words`]); the textarea
//! itself counts characters, so those keys are handled here before it.
//!
//! Control characters in the text are shown as visible symbols while editing
//! (tabs stay tabs). Text that is not changed goes back exactly as it came.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::model::text::visible;

use super::action::Action;

mod words;

pub struct Editor {
    area: TextArea<'static>,
    single_line: bool,
    /// The text as it came in.
    original: String,
    /// The text as first shown (control characters made visible).
    shown: String,
    /// Undo by groups, not by character: the lines and cursor before each.
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The last edit, to tell whether the next one joins its group.
    last_edit: Option<LastEdit>,
}

/// The text and cursor before a group of edits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    lines: Vec<String>,
    cursor: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    Typing,
    DeletingBack,
    DeletingForward,
    /// Paste, cut, a new line, a word or to the end deleted: always a group of its own.
    Other,
}

#[derive(Debug, Clone, Copy)]
struct LastEdit {
    kind: EditKind,
    at: std::time::Instant,
    /// The last character typed ends a word (a space or punctuation).
    ended_word: bool,
}

/// A pause this long between keystrokes starts a new undo group.
const UNDO_PAUSE: std::time::Duration = std::time::Duration::from_millis(1000);

/// Undo keeps this many groups.
const UNDO_GROUPS: usize = 500;

fn ends_word(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || "，。、；：！？“”‘’（）《》【】…—".contains(c)
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("single_line", &self.single_line)
            .field("text", &self.text())
            .finish()
    }
}

/// A textarea set up as plandesk edits: wide cursor, reversed selection,
/// body lines wrapped. Undo is the editor's own (by groups).
fn text_area(lines: Vec<String>, single_line: bool) -> TextArea<'static> {
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::default());
    area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
    area.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
    area.set_wrap_mode(if single_line {
        WrapMode::None
    } else {
        WrapMode::WordOrGlyph
    });
    area.set_max_histories(0);
    area
}

/// `s` as the editor shows it: control characters as symbols, except tabs
/// (and newlines, for a body).
fn editable(s: &str, single_line: bool) -> String {
    s.split('\t')
        .map(|part| visible(part, !single_line).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}

impl Editor {
    /// A one-line editor (a heading, a prompt's answer).
    pub fn single_line(text: &str) -> Editor {
        Editor::new(text, true)
    }

    /// A several-line editor that wraps long lines (a body).
    pub fn multi_line(text: &str) -> Editor {
        Editor::new(text, false)
    }

    fn new(text: &str, single_line: bool) -> Editor {
        let shown = editable(text, single_line);
        let lines: Vec<String> = shown.split('\n').map(str::to_string).collect();
        let mut area = text_area(lines, single_line);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Editor {
            area,
            single_line,
            original: text.to_string(),
            shown,
            undo: Vec::new(),
            redo: Vec::new(),
            last_edit: None,
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            lines: self.area.lines().to_vec(),
            cursor: self.cursor(),
        }
    }

    /// Put the text and cursor back as `s` had them (the clipboard stays).
    fn restore(&mut self, s: Snapshot) {
        let yank = self.area.yank_text();
        self.area = text_area(s.lines, self.single_line);
        self.area.set_yank_text(yank);
        self.jump(s.cursor.0, s.cursor.1);
    }

    /// Before an edit of `kind`: start a new undo group unless it continues
    /// the last one (the same kind, no pause, within a word).
    fn begin_edit(&mut self, kind: EditKind, typed: Option<char>) -> bool {
        let now = std::time::Instant::now();
        let joins = self.last_edit.is_some_and(|l| {
            l.kind == kind
                && kind != EditKind::Other
                && now.duration_since(l.at) < UNDO_PAUSE
                && !(kind == EditKind::Typing && l.ended_word && !typed.is_some_and(ends_word))
        });
        self.last_edit = Some(LastEdit {
            kind,
            at: now,
            ended_word: typed.is_some_and(ends_word),
        });
        if joins {
            return false;
        }
        self.undo.push(self.snapshot());
        if self.undo.len() > UNDO_GROUPS {
            self.undo.remove(0);
        }
        true
    }

    fn undo_group(&mut self) {
        self.last_edit = None;
        if let Some(s) = self.undo.pop() {
            self.redo.push(self.snapshot());
            self.restore(s);
        }
    }

    fn redo_group(&mut self) {
        self.last_edit = None;
        if let Some(s) = self.redo.pop() {
            self.undo.push(self.snapshot());
            self.restore(s);
        }
    }

    pub fn is_single_line(&self) -> bool {
        self.single_line
    }

    /// The text now: the original when nothing was changed.
    pub fn text(&self) -> String {
        let now = self.area.lines().join("\n");
        if now == self.shown {
            self.original.clone()
        } else {
            now
        }
    }

    /// Whether the text differs from what the editor was opened with.
    pub fn changed(&self) -> bool {
        self.area.lines().join("\n") != self.shown
    }

    /// The text was saved: it is the new starting point.
    pub fn mark_saved(&mut self) {
        self.original = self.text();
        self.shown = self.area.lines().join("\n");
    }

    /// (line, character) of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    pub fn type_char(&mut self, c: char) {
        if c == '\n' || c == '\r' {
            if !self.single_line {
                self.area.insert_newline();
            }
            return;
        }
        self.area.insert_char(c);
    }

    pub fn paste(&mut self, s: &str) {
        let s = s.replace("\r\n", "\n").replace('\r', "\n");
        let s = if self.single_line {
            s.replace('\n', " ")
        } else {
            s
        };
        self.area.insert_str(editable(&s, self.single_line));
    }

    /// The line the cursor is on.
    fn line(&self) -> &str {
        let (row, _) = self.cursor();
        self.area.lines().get(row).map_or("", String::as_str)
    }

    /// Put the cursor at (`row`, `col`) in characters, keeping a selection.
    fn jump(&mut self, row: usize, col: usize) {
        match (u16::try_from(row), u16::try_from(col)) {
            (Ok(r), Ok(c)) => self.area.move_cursor(CursorMove::Jump(r, c)),
            // A line longer than the textarea's jump: step there.
            _ => {
                let (_, now) = self.cursor();
                let step = if col < now {
                    CursorMove::Back
                } else {
                    CursorMove::Forward
                };
                for _ in 0..now.abs_diff(col) {
                    self.area.move_cursor(step);
                }
            }
        }
    }

    /// Where the cursor goes one grapheme or one word to the left or right,
    /// on its own line; `None` at the line's edge (the move goes to the
    /// line before or after).
    fn target(&self, by_word: bool, forward: bool) -> Option<usize> {
        let (_, col) = self.cursor();
        let line = self.line();
        let len = line.chars().count();
        if (forward && col >= len) || (!forward && col == 0) {
            return None;
        }
        Some(match (by_word, forward) {
            (true, true) => words::right(line, col),
            (true, false) => words::left(line, col),
            (false, true) => words::stops(line)
                .into_iter()
                .find(|&s| s > col)
                .unwrap_or(len),
            (false, false) => words::stops(line)
                .into_iter()
                .rev()
                .find(|&s| s < col)
                .unwrap_or(0),
        })
    }

    /// Move one grapheme or word; across a line break at a line's edge.
    fn step(&mut self, by_word: bool, forward: bool) {
        match self.target(by_word, forward) {
            Some(col) => self.jump(self.cursor().0, col),
            None => self.area.move_cursor(if forward {
                CursorMove::Forward
            } else {
                CursorMove::Back
            }),
        }
    }

    /// Delete one grapheme or word (the selection, when there is one); at a
    /// line's edge, the line break.
    fn delete(&mut self, by_word: bool, forward: bool) {
        if self.area.is_selecting() {
            self.area.delete_char();
            return;
        }
        let (row, col) = self.cursor();
        match self.target(by_word, forward) {
            Some(to) => {
                let from = col.min(to);
                self.jump(row, from);
                self.area.delete_str(col.max(to) - from);
            }
            None if forward => {
                self.area.delete_next_char();
            }
            None => {
                self.area.delete_char();
            }
        }
    }

    /// After a move up or down (or undo) the cursor may land inside a
    /// grapheme: back to its start.
    fn snap(&mut self) {
        let (row, col) = self.cursor();
        let stops = words::stops(self.line());
        if !stops.contains(&col)
            && let Some(&s) = stops.iter().rev().find(|&&s| s < col)
        {
            self.jump(row, s);
        }
    }

    /// Apply an editing action; `false` when it is not one.
    pub fn apply(&mut self, action: &Action) -> bool {
        let kind = match action {
            Action::Type(c) if *c != '\n' && *c != '\r' => Some(EditKind::Typing),
            Action::DeleteBack => Some(EditKind::DeletingBack),
            Action::DeleteForward => Some(EditKind::DeletingForward),
            // A word deleted is a step of its own.
            Action::DeleteWord
            | Action::DeleteWordForward
            | Action::Type(_)
            | Action::Newline
            | Action::Paste(_)
            | Action::PasteClip
            | Action::Cut
            | Action::DeleteToEnd => Some(EditKind::Other),
            _ => None,
        };
        let Some(kind) = kind else {
            return match action {
                Action::Undo => {
                    self.undo_group();
                    true
                }
                Action::Redo => {
                    self.redo_group();
                    true
                }
                _ => {
                    // A move ends the group being typed.
                    let handled = self.apply_edit(action);
                    if handled {
                        self.last_edit = None;
                    }
                    handled
                }
            };
        };
        let before = self.area.lines().to_vec();
        let typed = match action {
            Action::Type(c) => Some(*c),
            _ => None,
        };
        let started = self.begin_edit(kind, typed);
        let handled = self.apply_edit(action);
        if self.area.lines() == before.as_slice() {
            // Nothing changed (a delete at the start): no undo step.
            if started {
                self.undo.pop();
            }
        } else {
            self.redo.clear();
        }
        handled
    }

    fn apply_edit(&mut self, action: &Action) -> bool {
        let by_word = matches!(
            action,
            Action::WordLeft | Action::WordRight | Action::DeleteWord | Action::DeleteWordForward
        );
        match action {
            Action::Left | Action::Right | Action::WordLeft | Action::WordRight => {
                self.area.cancel_selection();
                self.step(by_word, matches!(action, Action::Right | Action::WordRight));
                return true;
            }
            Action::SelectLeft | Action::SelectRight => {
                if !self.area.is_selecting() {
                    self.area.start_selection();
                }
                self.step(false, *action == Action::SelectRight);
                return true;
            }
            Action::DeleteBack | Action::DeleteWord => {
                self.delete(by_word, false);
                return true;
            }
            Action::DeleteForward | Action::DeleteWordForward => {
                self.delete(by_word, true);
                return true;
            }
            Action::Top => {
                self.area.cancel_selection();
                self.jump(0, 0);
                return true;
            }
            Action::Bottom => {
                self.area.cancel_selection();
                let last = self.area.lines().len().saturating_sub(1);
                self.jump(
                    last,
                    self.area.lines().get(last).map_or(0, |l| l.chars().count()),
                );
                return true;
            }
            _ => {}
        }
        let a = &mut self.area;
        let mv = |a: &mut TextArea<'static>, m: CursorMove| {
            a.cancel_selection();
            a.move_cursor(m);
        };
        let select = |a: &mut TextArea<'static>, m: CursorMove| {
            if !a.is_selecting() {
                a.start_selection();
            }
            a.move_cursor(m);
        };
        match action {
            Action::Up => mv(a, CursorMove::Up),
            Action::Down => mv(a, CursorMove::Down),
            Action::LineStart => mv(a, CursorMove::Head),
            Action::LineEnd => mv(a, CursorMove::End),
            Action::PageUp => {
                a.cancel_selection();
                a.scroll(ratatui_textarea::Scrolling::PageUp);
            }
            Action::PageDown => {
                a.cancel_selection();
                a.scroll(ratatui_textarea::Scrolling::PageDown);
            }
            Action::SelectUp => select(a, CursorMove::Up),
            Action::SelectDown => select(a, CursorMove::Down),
            Action::SelectHome => select(a, CursorMove::Head),
            Action::SelectEnd => select(a, CursorMove::End),
            Action::SelectAll => a.select_all(),
            Action::DeleteToEnd => {
                a.delete_line_by_end();
            }
            Action::Copy => a.copy(),
            Action::Cut => {
                a.cut();
            }
            Action::PasteClip => {
                a.paste();
            }
            Action::Newline => self.type_char('\n'),
            Action::Type(c) => self.type_char(*c),
            Action::Paste(s) => self.paste(s),
            _ => return false,
        }
        self.snap();
        true
    }

    pub fn widget(&self) -> impl Widget + '_ {
        &self.area
    }

    /// Where the terminal's cursor goes when the editor is drawn in `area`,
    /// so that an input method opens its window at the text cursor.
    pub fn screen_cursor(&self, area: Rect) -> Option<Position> {
        let c = self.area.screen_cursor();
        let (top, left) = self.area.scroll_offset();
        let row = c.row.checked_sub(usize::from(top))?;
        let col = c.col.checked_sub(usize::from(left))?;
        let (row, col) = (u16::try_from(row).ok()?, u16::try_from(col).ok()?);
        (row < area.height && col < area.width).then(|| Position::new(area.x + col, area.y + row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_are_typed_moved_over_and_deleted_whole() {
        let mut e = Editor::multi_line("你好");
        assert_eq!(e.cursor(), (0, 2));
        e.type_char('🦀');
        assert_eq!(e.text(), "你好🦀");
        e.apply(&Action::Left);
        e.apply(&Action::DeleteBack);
        assert_eq!(e.text(), "你🦀");
        e.apply(&Action::LineStart);
        e.apply(&Action::SelectRight);
        e.apply(&Action::Type('您'));
        assert_eq!(e.text(), "您🦀", "typing replaces the selection");
        // Undo takes back the typing with the selection it replaced, then the delete.
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "你🦀");
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "你好🦀");
        e.apply(&Action::Redo);
        assert_eq!(e.text(), "你🦀");
    }

    #[test]
    fn undo_takes_back_a_word_or_a_phrase_at_a_time() {
        let mut e = Editor::multi_line("");
        for c in "plan for 2024, 强化学习。开展调研".chars() {
            e.apply(&Action::Type(c));
        }
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "plan for 2024, 强化学习。");
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "plan for 2024, ");
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "plan for ");
        // Deleting back is a group of its own, and a move ends a group.
        e.apply(&Action::DeleteBack);
        e.apply(&Action::DeleteBack);
        e.apply(&Action::Left);
        e.apply(&Action::DeleteBack);
        assert_eq!(e.text(), "plan o");
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "plan fo");
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "plan for ");
        e.apply(&Action::Undo);
        e.apply(&Action::Undo);
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "");
        e.apply(&Action::Redo);
        assert_eq!(e.text(), "plan ");
    }

    #[test]
    fn a_heading_stays_one_line() {
        let mut e = Editor::single_line("标题");
        e.apply(&Action::Newline);
        e.paste("一\n二");
        assert_eq!(e.text(), "标题一 二");
    }

    #[test]
    fn untouched_text_comes_back_exactly_even_with_control_characters() {
        let raw = "正文\u{1b}[2J\t尾";
        let e = Editor::multi_line(raw);
        assert!(!e.changed());
        assert_eq!(e.text(), raw);
        let mut e = Editor::multi_line(raw);
        e.type_char('。');
        assert_eq!(
            e.text(),
            "正文␛[2J\t尾。",
            "an edited text keeps the visible form"
        );
    }

    /// 160 characters of Chinese, as a body paragraph is written.
    fn paragraph() -> String {
        let sentence =
            "围绕镇党委、政府中心工作开展调研，加强理论学习和形势教育，提高履职能力和水平。";
        format!("2024{}", sentence.repeat(4))
    }

    #[test]
    fn deleting_a_word_in_a_chinese_paragraph_takes_one_word() {
        let text = paragraph();
        assert_eq!(text.chars().count(), 160);
        let mut e = Editor::multi_line(&text);
        e.apply(&Action::DeleteWord);
        assert_eq!(e.text(), text.strip_suffix("水平。").unwrap_or_default());
        assert!(e.text().ends_with("提高履职能力和"), "{}", e.text());
        assert_eq!(e.text().chars().count(), 157, "水平。 went");
        e.apply(&Action::DeleteWord);
        assert!(e.text().ends_with("提高履职能力"), "{}", e.text());
        e.apply(&Action::Undo);
        assert!(
            e.text().ends_with("提高履职能力和"),
            "one undo brings one word back"
        );
    }

    #[test]
    fn word_moves_stop_at_chinese_words_and_ctrl_home_end_go_to_the_ends() {
        let mut e = Editor::multi_line("开展调研，加强学习。\n第二行");
        e.apply(&Action::Top);
        assert_eq!(e.cursor(), (0, 0));
        e.apply(&Action::WordRight);
        assert_eq!(e.cursor(), (0, 4), "after 开展调研");
        e.apply(&Action::WordRight);
        assert_eq!(e.cursor(), (0, 9), "after 加强学习, over ，");
        e.apply(&Action::WordLeft);
        assert_eq!(e.cursor(), (0, 5), "at 加");
        e.apply(&Action::DeleteWordForward);
        assert_eq!(e.text(), "开展调研，。\n第二行");
        e.apply(&Action::Bottom);
        assert_eq!(e.cursor(), (1, 3));
        e.apply(&Action::LineStart);
        e.apply(&Action::WordLeft);
        assert_eq!(
            e.cursor(),
            (0, 6),
            "from a line's start to the end of the line before"
        );
    }

    #[test]
    fn the_cursor_moves_and_deletes_by_grapheme() {
        let mut e = Editor::single_line("a👨‍👩‍👧");
        e.apply(&Action::DeleteBack);
        assert_eq!(e.text(), "a");
        let mut e = Editor::single_line("xe\u{301}y");
        e.apply(&Action::Left);
        assert_eq!(e.cursor(), (0, 3));
        e.apply(&Action::Left);
        assert_eq!(
            e.cursor(),
            (0, 1),
            "over é whole, never between e and its accent"
        );
        e.apply(&Action::Right);
        assert_eq!(e.cursor(), (0, 3));
        e.apply(&Action::DeleteBack);
        assert_eq!(e.text(), "xy");
        let mut e = Editor::single_line("e\u{301}👨‍👩‍👧");
        e.apply(&Action::LineStart);
        e.apply(&Action::DeleteForward);
        assert_eq!(e.text(), "👨‍👩‍👧");
        e.apply(&Action::SelectRight);
        e.type_char('z');
        assert_eq!(e.text(), "z", "a selection of one grapheme takes it whole");
        // Up and down land on a grapheme's start, never inside it.
        let mut e = Editor::multi_line("abc\ne\u{301}e\u{301}");
        e.apply(&Action::Top);
        e.apply(&Action::Right);
        e.apply(&Action::Down);
        let (row, col) = e.cursor();
        assert_eq!(row, 1);
        assert!(col == 0 || col == 2 || col == 4, "{col}");
    }
}
