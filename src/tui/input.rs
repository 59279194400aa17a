//! Terminal events to actions, through the live keymap: the tables that
//! apply now, most specific first; while text is edited, characters no
//! table takes are typed.

use crossterm::event::{Event, KeyCode as Ct, KeyEvent, KeyEventKind, KeyModifiers};

use crate::keymap::{Context, Key, KeyCode, Mods};

use super::Action;
use super::app::App;

pub fn action_for(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => key_action(app, to_key(&k)?),
        Event::Paste(text) => app.contexts().1.then_some(Action::Paste(text)),
        Event::Resize(..) => Some(Action::Resize),
        _ => None,
    }
}

pub fn key_action(app: &App, key: Key) -> Option<Action> {
    let (chain, text) = app.contexts();
    for ctx in chain {
        // Letters bound in [global] ("q") are typed while text is edited.
        if text && *ctx == Context::Global && key.typed_char().is_some() {
            continue;
        }
        if let Some(a) = app.keymap.get(*ctx, &key) {
            return Some(a.clone());
        }
    }
    if text {
        return key.typed_char().map(Action::Type);
    }
    None
}

/// A crossterm key as the keymap writes it.
pub fn to_key(k: &KeyEvent) -> Option<Key> {
    let mut mods = Mods {
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
        shift: k.modifiers.contains(KeyModifiers::SHIFT),
    };
    let code = match k.code {
        Ct::Char(c) => KeyCode::Char(c),
        Ct::Enter => KeyCode::Enter,
        Ct::Esc => KeyCode::Esc,
        Ct::Tab => KeyCode::Tab,
        Ct::BackTab => {
            mods.shift = true;
            KeyCode::Tab
        }
        Ct::Backspace => KeyCode::Backspace,
        Ct::Delete => KeyCode::Delete,
        Ct::Insert => KeyCode::Insert,
        Ct::Up => KeyCode::Up,
        Ct::Down => KeyCode::Down,
        Ct::Left => KeyCode::Left,
        Ct::Right => KeyCode::Right,
        Ct::Home => KeyCode::Home,
        Ct::End => KeyCode::End,
        Ct::PageUp => KeyCode::PageUp,
        Ct::PageDown => KeyCode::PageDown,
        Ct::F(n) if (1..=12).contains(&n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key::new(code, mods))
}

/// The crossterm event a keymap key stands for (for scripted tests).
pub fn to_event(key: &Key) -> Event {
    let mut m = KeyModifiers::empty();
    if key.mods.ctrl {
        m |= KeyModifiers::CONTROL;
    }
    if key.mods.alt {
        m |= KeyModifiers::ALT;
    }
    let code = match key.code {
        KeyCode::Char(c) => Ct::Char(c),
        KeyCode::Enter => Ct::Enter,
        KeyCode::Esc => Ct::Esc,
        KeyCode::Tab if key.mods.shift => {
            m |= KeyModifiers::SHIFT;
            Ct::BackTab
        }
        KeyCode::Tab => Ct::Tab,
        KeyCode::Backspace => Ct::Backspace,
        KeyCode::Delete => Ct::Delete,
        KeyCode::Insert => Ct::Insert,
        KeyCode::Up => Ct::Up,
        KeyCode::Down => Ct::Down,
        KeyCode::Left => Ct::Left,
        KeyCode::Right => Ct::Right,
        KeyCode::Home => Ct::Home,
        KeyCode::End => Ct::End,
        KeyCode::PageUp => Ct::PageUp,
        KeyCode::PageDown => Ct::PageDown,
        KeyCode::F(n) => Ct::F(n),
    };
    if key.mods.shift && !matches!(key.code, KeyCode::Tab) {
        m |= KeyModifiers::SHIFT;
    }
    Event::Key(KeyEvent::new(code, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_keys_meet_the_keymap_spelling() {
        let k = |code, m| to_key(&KeyEvent::new(code, m)).expect("key");
        assert_eq!(
            k(Ct::Char('S'), KeyModifiers::SHIFT),
            "A".replace('A', "S").parse().expect("S")
        );
        assert_eq!(
            k(Ct::Char('s'), KeyModifiers::CONTROL),
            "ctrl-s".parse().expect("k")
        );
        assert_eq!(
            k(Ct::BackTab, KeyModifiers::SHIFT),
            "shift-tab".parse().expect("k")
        );
        assert_eq!(k(Ct::Up, KeyModifiers::ALT), "alt-up".parse().expect("k"));
        assert_eq!(
            k(Ct::Char('加'), KeyModifiers::NONE),
            "加".parse().expect("k")
        );
        for s in [
            "ctrl-s",
            "shift-tab",
            "alt-up",
            "A",
            "f5",
            "shift-left",
            "加",
        ] {
            let key: Key = s.parse().expect("k");
            let Event::Key(ev) = to_event(&key) else {
                panic!("not a key event");
            };
            assert_eq!(to_key(&ev), Some(key), "{s}");
        }
    }
}
