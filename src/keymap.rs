//! keymap.toml -> (context, key) -> action.
//!
//! The defaults ship as `keymap.toml` at the repository root, compiled in and
//! parsed by the same code as a user's file. A user's file overrides the
//! defaults key by key; `"noop"` unbinds a key. Every bad entry is collected
//! with its file and line, and the defaults stay in force for those keys.
//!
//! This module knows nothing about terminals: keys are its own small type,
//! and the actions are whatever type implements [`Bindable`].

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use toml::de::{DeTable, DeValue};

/// The default keymap, as shipped.
pub const DEFAULT_KEYMAP: &str = include_str!("../keymap.toml");

/// How the default keymap is named in messages.
pub const DEFAULT_NAME: &str = "keymap.toml (built in)";

/// The action name that unbinds a key.
pub const NOOP: &str = "noop";

/// A key a terminal can report, with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    /// The key in the one form terminals report it, so that two spellings of
    /// the same key compare equal: with ctrl a letter's case is lost (terminals
    /// send the same byte), and shift on a character is already in the
    /// character ("shift-a" is "A").
    pub fn new(code: KeyCode, mods: Mods) -> Key {
        let mut mods = mods;
        let code = match code {
            KeyCode::Char(c) if mods.ctrl => {
                mods.shift = false;
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Char(c) if mods.shift => {
                mods.shift = false;
                KeyCode::Char(c.to_ascii_uppercase())
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn plain(code: KeyCode) -> Key {
        Key::new(code, Mods::default())
    }

    /// A character as typed into text: no ctrl, no alt.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.mods.ctrl && !self.mods.alt => Some(c),
            _ => None,
        }
    }

    /// Whether the key still reaches the program while a Chinese input method
    /// is composing: anything but a plain character (which the input method takes).
    pub fn passes_input_method(&self) -> bool {
        self.typed_char().is_none() || self.typed_char().is_some_and(|c| !c.is_ascii())
    }
}

/// Why a key could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParseError(pub String);

impl fmt::Display for KeyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyParseError {}

const KEY_HINT: &str =
    "write keys like \"ctrl-s\", \"alt-up\", \"shift-tab\", \"f5\", \"enter\" or one character";

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(s: &str) -> Result<Key, KeyParseError> {
        let err = |why: String| Err(KeyParseError(format!("{why}; {KEY_HINT}")));
        if s.is_empty() {
            return err("the key is empty".into());
        }
        let mut mods = Mods::default();
        let mut rest = s;
        while let Some((head, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                // "-" itself, or "ctrl--": the last dash is the key.
                if head.is_empty() {
                    break;
                }
            }
            let flag = match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => &mut mods.ctrl,
                "alt" | "meta" => &mut mods.alt,
                "shift" => &mut mods.shift,
                _ if head.chars().count() > 1 => {
                    return err(format!(
                        "unknown modifier \"{head}-\" (the modifiers are ctrl-, alt- and shift-)"
                    ));
                }
                _ => break,
            };
            if *flag {
                return err(format!("\"{head}-\" is given twice"));
            }
            *flag = true;
            if tail.is_empty() {
                return err(format!("nothing follows \"{head}-\""));
            }
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if mods.shift && !mods.ctrl && !c.is_ascii_alphabetic() {
                    return err(format!(
                        "shift- goes with letters and named keys only; write the character shift gives instead of \"{s}\""
                    ));
                }
                KeyCode::Char(c)
            }
            _ => match named_key(rest) {
                Some(code) => code,
                None => return err(format!("unknown key \"{rest}\"")),
            },
        };
        Ok(Key::new(code, mods))
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        _ => {
            let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
    })
}

impl fmt::Display for Key {
    /// The canonical spelling, as a keymap file writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.mods.alt {
            f.write_str("alt-")?;
        }
        if self.mods.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("delete"),
            KeyCode::Insert => f.write_str("insert"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pageup"),
            KeyCode::PageDown => f.write_str("pagedown"),
            KeyCode::F(n) => write!(f, "f{n}"),
        }
    }
}

/// A table of the keymap: where in the UI its bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Everywhere a more specific table does not bind the key.
    Global,
    /// The list of plans by year.
    Plans,
    /// The plan view, whichever pane has the focus.
    Plan,
    /// The plan's outline of sections.
    Outline,
    /// The plan's targets table.
    Targets,
    /// Editing a heading or a body.
    Editor,
    /// A one-line question at the bottom (a new plan's name, a date…).
    Prompt,
    /// A question with choices (delete? save?).
    Confirm,
    /// The help overlay.
    Help,
    /// A plan's month board.
    Board,
    /// One month's tasks across the year's plans.
    Agenda,
    /// The history of the workspace or of one plan.
    History,
    /// Two versions of a plan compared.
    Diff,
    /// A plan's conflicts from a sync: base, ours and theirs side by side.
    Conflicts,
    /// The finder overlay (its query is edited as text).
    Finder,
}

impl Context {
    pub const ALL: [Context; 15] = [
        Context::Global,
        Context::Plans,
        Context::Plan,
        Context::Outline,
        Context::Targets,
        Context::Editor,
        Context::Prompt,
        Context::Confirm,
        Context::Help,
        Context::Board,
        Context::Agenda,
        Context::History,
        Context::Diff,
        Context::Conflicts,
        Context::Finder,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Plans => "plans",
            Context::Plan => "plan",
            Context::Outline => "outline",
            Context::Targets => "targets",
            Context::Editor => "editor",
            Context::Prompt => "prompt",
            Context::Confirm => "confirm",
            Context::Help => "help",
            Context::Board => "board",
            Context::Agenda => "agenda",
            Context::History => "history",
            Context::Diff => "diff",
            Context::Conflicts => "conflicts",
            Context::Finder => "finder",
        }
    }

    pub fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.name())
    }
}

/// What a keymap binds keys to: named actions, each meaningful in some contexts.
pub trait Bindable: Sized + Clone + PartialEq {
    fn from_name(name: &str) -> Option<Self>;
    /// Whether binding this action in `ctx` does anything.
    fn fits(&self, ctx: Context) -> bool;
    /// Every bindable name, for suggestions.
    fn names() -> Vec<&'static str>;
    /// The contexts it fits, for the message when it is bound elsewhere.
    fn contexts(&self) -> Vec<Context> {
        Context::ALL.into_iter().filter(|c| self.fits(*c)).collect()
    }
}

/// One bad entry of a keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    /// The file, as the user named it (or [`DEFAULT_NAME`]).
    pub file: String,
    /// 1-based; `None` when the whole file is at fault (it cannot be read).
    pub line: Option<usize>,
    pub message: String,
    /// The same message in Chinese, for a UI in Chinese.
    pub message_zh: String,
}

impl KeymapError {
    /// `file:line: message`, in Chinese when `zh`.
    pub fn in_language(&self, zh: bool) -> String {
        let message = if zh { &self.message_zh } else { &self.message };
        match self.line {
            Some(line) => format!("{}:{}: {}", self.file, line, message),
            None => format!("{}: {}", self.file, message),
        }
    }
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// The largest keymap file read, 1 MiB (the default one is under 8 KiB).
const MAX_KEYMAP: u64 = 1 << 20;

/// A keymap file's text and how to name it in messages.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn builtin() -> Source {
        Source {
            name: DEFAULT_NAME.to_string(),
            text: DEFAULT_KEYMAP.to_string(),
        }
    }

    /// Read a user's keymap file.
    pub fn read(path: &Path) -> Result<Source, KeymapError> {
        let name = path.display().to_string();
        // A keymap is a few kilobytes; a FIFO, a device or a huge file is
        // refused before it is opened, so it can neither block nor fill memory.
        let checked = std::fs::metadata(path).and_then(|m| {
            if !m.is_file() {
                Err(std::io::Error::other("it is not a regular file"))
            } else if m.len() > MAX_KEYMAP {
                Err(std::io::Error::other(format!(
                    "it is larger than {} KiB",
                    MAX_KEYMAP >> 10
                )))
            } else {
                Ok(())
            }
        });
        match checked.and_then(|()| std::fs::read_to_string(path)) {
            Ok(text) => Ok(Source { name, text }),
            Err(e) => Err(KeymapError {
                file: name,
                line: None,
                message: format!(
                    "cannot read the file ({e}); plandesk goes on with the default keys"
                ),
                message_zh: format!("无法读取这个文件（{e}）；plandesk 使用默认键位"),
            }),
        }
    }
}

/// The user's keymap file: `$XDG_CONFIG_HOME/plandesk/keymap.toml` on Linux
/// (the `directories` crate's config folder elsewhere).
pub fn user_keymap_path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("org", "plandesk", "plandesk")
        .map(|d| d.config_dir().join("keymap.toml"))
}

/// The bindings in force: per context, key -> action.
#[derive(Debug, Clone)]
pub struct Keymap<A> {
    tables: BTreeMap<Context, BTreeMap<Key, A>>,
}

/// One entry of a file, read but not yet merged.
enum Entry<A> {
    Bind(A),
    Unbind,
}

impl<A: Bindable> Keymap<A> {
    /// The built-in keymap alone.
    pub fn defaults() -> (Keymap<A>, Vec<KeymapError>) {
        Keymap::build(&Source::builtin(), None)
    }

    /// The built-in keymap, overridden key by key by `user`.
    pub fn build(default: &Source, user: Option<&Source>) -> (Keymap<A>, Vec<KeymapError>) {
        let mut errors = Vec::new();
        let mut tables: BTreeMap<Context, BTreeMap<Key, A>> = BTreeMap::new();
        for source in std::iter::once(default).chain(user) {
            for (ctx, key, entry) in read_entries::<A>(source, &mut errors) {
                let table = tables.entry(ctx).or_default();
                match entry {
                    Entry::Bind(a) => {
                        table.insert(key, a);
                    }
                    Entry::Unbind => {
                        table.remove(&key);
                    }
                }
            }
        }
        (Keymap { tables }, errors)
    }

    /// The built-in keymap and the user's file at `path`, when it exists.
    /// An explicit path that cannot be read is reported; a missing default one is not.
    pub fn load(path: Option<&Path>, explicit: bool) -> (Keymap<A>, Vec<KeymapError>) {
        let user = match path {
            Some(p) if explicit || p.exists() => Some(Source::read(p)),
            _ => None,
        };
        match user {
            Some(Ok(src)) => Keymap::build(&Source::builtin(), Some(&src)),
            Some(Err(e)) => {
                let (km, mut errors) = Keymap::defaults();
                errors.push(e);
                (km, errors)
            }
            None => Keymap::defaults(),
        }
    }

    /// The action bound to `key` in `ctx`.
    pub fn get(&self, ctx: Context, key: &Key) -> Option<&A> {
        self.tables.get(&ctx).and_then(|t| t.get(key))
    }

    /// Every key bound to `action` in `ctx`, in a stable order.
    pub fn keys_for(&self, ctx: Context, action: &A) -> Vec<Key> {
        self.tables
            .get(&ctx)
            .map(|t| {
                t.iter()
                    .filter(|(_, a)| *a == action)
                    .map(|(k, _)| *k)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The bindings of one context.
    pub fn bindings(&self, ctx: Context) -> impl Iterator<Item = (&Key, &A)> {
        self.tables.get(&ctx).into_iter().flat_map(|t| t.iter())
    }
}

/// The good entries of one file, in file order; the bad ones go to `errors`.
fn read_entries<A: Bindable>(
    source: &Source,
    all_errors: &mut Vec<KeymapError>,
) -> Vec<(Context, Key, Entry<A>)> {
    let mut errors = Vec::new();
    let entries = read_entries_into(source, &mut errors);
    errors.sort_by_key(|e| e.line);
    all_errors.extend(errors);
    entries
}

fn read_entries_into<A: Bindable>(
    source: &Source,
    errors: &mut Vec<KeymapError>,
) -> Vec<(Context, Key, Entry<A>)> {
    let text = source.text.as_str();
    let line_of = |offset: usize| Some(text[..offset.min(text.len())].matches('\n').count() + 1);
    let mut bad = |offset: usize, message: String, message_zh: String| {
        errors.push(KeymapError {
            file: source.name.clone(),
            line: line_of(offset),
            message,
            message_zh,
        })
    };

    let (doc, syntax) = DeTable::parse_recoverable(text);
    // A key written twice verbatim is a TOML error; the defaults hold for it.
    let mut poisoned: Vec<(String, String)> = Vec::new();
    for e in &syntax {
        let start = e.span().map_or(0, |s| s.start);
        let message = e.message().trim().to_string();
        if message.contains("duplicate key")
            && let Some(span) = e.span()
        {
            let key = text[span.clone()]
                .trim()
                .trim_matches('"')
                .trim_matches('\'');
            let table = table_header_before(text, span.start);
            bad(
                start,
                format!(
                    "\"{key}\" is bound twice in [{table}]; keep one (until then the default for it holds)"
                ),
                format!("\"{key}\" 在 [{table}] 中绑定了两次；请只留一个（在此之前它用默认设置）"),
            );
            poisoned.push((table, key.to_string()));
        } else {
            bad(
                start,
                format!("this is not valid TOML: {message}"),
                format!("这不是有效的 TOML：{message}"),
            );
        }
    }

    let mut out = Vec::new();
    let mut entries: Vec<_> = doc.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (table_name, value) in entries {
        let name = table_name.get_ref().as_ref();
        let DeValue::Table(table) = value.get_ref() else {
            bad(
                table_name.span().start,
                format!(
                    "\"{name}\" is outside any table; put bindings under a table such as [global] or [outline]"
                ),
                format!("\"{name}\" 不在任何表中；请把按键写在 [global] 或 [outline] 这样的表下"),
            );
            continue;
        };
        let Some(ctx) = Context::parse(name) else {
            let names: Vec<String> = Context::ALL.iter().map(|c| c.to_string()).collect();
            let guessed = closest(name, Context::ALL.iter().map(|c| c.name()));
            let guess = guessed
                .map(|g| format!("did you mean [{g}]? "))
                .unwrap_or_default();
            let guess_zh = guessed
                .map(|g| format!("是不是 [{g}]？"))
                .unwrap_or_default();
            bad(
                table_name.span().start,
                format!(
                    "unknown table [{name}]; {guess}the tables are {}",
                    names.join(" ")
                ),
                format!(
                    "没有 [{name}] 这个表；{guess_zh}可用的表：{}",
                    names.join(" ")
                ),
            );
            continue;
        };
        // Normalised key -> (spelling, line) of its first binding in this table.
        let mut seen: BTreeMap<Key, (String, usize)> = BTreeMap::new();
        let mut table_entries: Vec<(Key, Entry<A>)> = Vec::new();
        let mut twice: Vec<Key> = Vec::new();
        let mut rows: Vec<_> = table.iter().collect();
        rows.sort_by_key(|(k, _)| k.span().start);
        for (key_text, action) in rows {
            let spelled = key_text.get_ref().as_ref();
            let at = key_text.span().start;
            if poisoned.iter().any(|(t, k)| t == name && k == spelled) {
                continue;
            }
            let key = match spelled.parse::<Key>() {
                Ok(k) => k,
                Err(e) => {
                    bad(
                        at,
                        format!("cannot read the key \"{spelled}\" in {ctx}: {e}"),
                        format!("{ctx} 中的按键 \"{spelled}\" 无法识别：{e}"),
                    );
                    continue;
                }
            };
            let line = line_of(at).unwrap_or(1);
            if let Some((first, first_line)) = seen.get(&key) {
                bad(
                    at,
                    format!(
                        "\"{spelled}\" is bound twice in {ctx}: it is the same key as \"{first}\" on line {first_line}; keep one (until then the default for {key} holds)"
                    ),
                    format!(
                        "\"{spelled}\" 在 {ctx} 中绑定了两次：它和第 {first_line} 行的 \"{first}\" 是同一个键；请只留一个（在此之前 {key} 用默认设置）"
                    ),
                );
                twice.push(key);
                continue;
            }
            seen.insert(key, (spelled.to_string(), line));
            let Some(action_name) = action.get_ref().as_str() else {
                bad(
                    action.span().start,
                    format!(
                        "the action for \"{spelled}\" in {ctx} must be a string, like \"save\" (or \"noop\" to unbind the key)"
                    ),
                    format!(
                        "{ctx} 中 \"{spelled}\" 的动作要写成字符串，如 \"save\"（\"noop\" 表示解除绑定）"
                    ),
                );
                continue;
            };
            if action_name == NOOP {
                table_entries.push((key, Entry::Unbind));
                continue;
            }
            let Some(a) = A::from_name(action_name) else {
                let guessed = closest(action_name, A::names().into_iter());
                let guess = guessed
                    .map(|g| format!("did you mean \"{g}\"? "))
                    .unwrap_or_default();
                let guess_zh = guessed
                    .map(|g| format!("是不是 \"{g}\"？"))
                    .unwrap_or_default();
                bad(
                    action.span().start,
                    format!(
                        "unknown action \"{action_name}\" for \"{spelled}\" in {ctx}; {guess}(\"noop\" unbinds a key; `?` in plandesk lists the actions)"
                    ),
                    format!(
                        "{ctx} 中 \"{spelled}\" 的动作 \"{action_name}\" 不存在；{guess_zh}（\"noop\" 解除绑定；在 plandesk 中按 ? 可看到全部动作）"
                    ),
                );
                continue;
            };
            if !a.fits(ctx) {
                let fits: Vec<String> = a.contexts().iter().map(|c| c.to_string()).collect();
                bad(
                    action.span().start,
                    format!(
                        "action \"{action_name}\" does nothing in {ctx}; bind it in {}",
                        fits.join(" or ")
                    ),
                    format!(
                        "动作 \"{action_name}\" 在 {ctx} 中不起作用；请绑定在 {} 中",
                        fits.join(" 或 ")
                    ),
                );
                continue;
            }
            table_entries.push((key, Entry::Bind(a)));
        }
        out.extend(
            table_entries
                .into_iter()
                .filter(|(k, _)| !twice.contains(k))
                .map(|(k, e)| (ctx, k, e)),
        );
    }
    out
}

/// The name of the `[table]` whose body holds byte `offset`.
fn table_header_before(text: &str, offset: usize) -> String {
    text[..offset.min(text.len())]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| {
            l.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .to_string()
        })
        .unwrap_or_default()
}

/// The candidate nearest to `word` by edit distance, when near enough to be a typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (crate::model::text::edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn spellings_of_one_key_are_one_key() {
        assert_eq!(key("ctrl-s"), key("Ctrl-S"));
        assert_eq!(key("ctrl-s"), key("CTRL-shift-s"));
        assert_eq!(key("shift-a"), key("A"));
        assert_eq!(key("shift-tab").to_string(), "shift-tab");
        assert_eq!(key("alt-Up"), key("alt-up"));
        assert_eq!(key("space"), key(" "));
        assert_eq!(key("-"), Key::plain(KeyCode::Char('-')));
        assert_eq!(
            key("ctrl--"),
            Key::new(
                KeyCode::Char('-'),
                Mods {
                    ctrl: true,
                    ..Mods::default()
                }
            )
        );
        assert_eq!(key("F12"), Key::plain(KeyCode::F(12)));
        assert_ne!(key("a"), key("A"));
        assert_eq!(key("？"), Key::plain(KeyCode::Char('？')));
    }

    #[test]
    fn canonical_spelling_reads_back() {
        for s in [
            "ctrl-s",
            "alt-up",
            "shift-tab",
            "f5",
            "enter",
            "A",
            "?",
            "space",
            "ctrl-alt-x",
            "pagedown",
            "你",
        ] {
            assert_eq!(key(s).to_string(), s);
            assert_eq!(key(&key(s).to_string()), key(s));
        }
    }

    #[test]
    fn bad_keys_say_why() {
        for (bad, why) in [
            ("ctlr-s", "unknown modifier \"ctlr-\""),
            ("f13", "unknown key \"f13\""),
            ("ctrl-", "nothing follows \"ctrl-\""),
            ("ctrl-ctrl-s", "given twice"),
            ("shift-1", "shift- goes with letters"),
            ("enterr", "unknown key \"enterr\""),
            ("", "empty"),
        ] {
            let e = bad.parse::<Key>().expect_err(bad);
            assert!(e.0.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn typo_suggestions() {
        assert_eq!(closest("sav", ["save", "quit"].into_iter()), Some("save"));
        assert_eq!(closest("zzzzzz", ["save", "quit"].into_iter()), None);
    }
}
