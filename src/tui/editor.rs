//! Editing a heading (one line) or a body (several lines) with
//! ratatui-textarea, which keeps a character cursor and measures columns with
//! unicode-width, so Chinese and emoji move, wrap and delete whole.
//!
//! Control characters in the text are shown as visible symbols while editing
//! (tabs stay tabs). Text that is not changed goes back exactly as it came.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::model::text::visible;

use super::action::Action;

pub struct Editor {
    area: TextArea<'static>,
    single_line: bool,
    /// The text as it came in.
    original: String,
    /// The text as first shown (control characters made visible).
    shown: String,
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("single_line", &self.single_line)
            .field("text", &self.text())
            .finish()
    }
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
        let mut area = TextArea::new(lines);
        area.set_cursor_line_style(Style::default());
        area.set_cursor_style(Style::default().add_modifier(Modifier::REVERSED));
        area.set_selection_style(Style::default().add_modifier(Modifier::REVERSED));
        area.set_wrap_mode(if single_line {
            WrapMode::None
        } else {
            WrapMode::WordOrGlyph
        });
        area.set_max_histories(500);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Editor {
            area,
            single_line,
            original: text.to_string(),
            shown,
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

    /// Apply an editing action; `false` when it is not one.
    pub fn apply(&mut self, action: &Action) -> bool {
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
            Action::Left => mv(a, CursorMove::Back),
            Action::Right => mv(a, CursorMove::Forward),
            Action::Up => mv(a, CursorMove::Up),
            Action::Down => mv(a, CursorMove::Down),
            Action::LineStart => mv(a, CursorMove::Head),
            Action::LineEnd => mv(a, CursorMove::End),
            Action::Top => mv(a, CursorMove::Top),
            Action::Bottom => mv(a, CursorMove::Bottom),
            Action::WordLeft => mv(a, CursorMove::WordBack),
            Action::WordRight => mv(a, CursorMove::WordForward),
            Action::PageUp => {
                a.cancel_selection();
                a.scroll(ratatui_textarea::Scrolling::PageUp);
            }
            Action::PageDown => {
                a.cancel_selection();
                a.scroll(ratatui_textarea::Scrolling::PageDown);
            }
            Action::SelectLeft => select(a, CursorMove::Back),
            Action::SelectRight => select(a, CursorMove::Forward),
            Action::SelectUp => select(a, CursorMove::Up),
            Action::SelectDown => select(a, CursorMove::Down),
            Action::SelectHome => select(a, CursorMove::Head),
            Action::SelectEnd => select(a, CursorMove::End),
            Action::SelectAll => a.select_all(),
            Action::DeleteBack => {
                a.delete_char();
            }
            Action::DeleteForward => {
                a.delete_next_char();
            }
            Action::DeleteWord => {
                a.delete_word();
            }
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
            Action::Undo => {
                a.undo();
            }
            Action::Redo => {
                a.redo();
            }
            Action::Newline => self.type_char('\n'),
            Action::Type(c) => self.type_char(*c),
            Action::Paste(s) => self.paste(s),
            _ => return false,
        }
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
        e.type_char('您');
        assert_eq!(e.text(), "您🦀", "typing replaces the selection");
        // Undo takes back the typing, then the deleted selection.
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "🦀");
        e.apply(&Action::Undo);
        assert_eq!(e.text(), "你🦀");
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
}
