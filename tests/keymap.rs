//! The keymap: the built-in one parses and covers every action; each kind of
//! bad entry in a user's file is reported with its file and line, and the
//! defaults hold for those keys.

use std::path::PathBuf;

use plandesk::keymap::{Bindable, Context, Key, Keymap, KeymapError};
use plandesk::tui::Action;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keymap")
        .join(name)
}

fn load(name: &str) -> (Keymap<Action>, Vec<KeymapError>, String) {
    let path = fixture(name);
    let (km, errors) = Keymap::load(Some(&path), true);
    (km, errors, path.display().to_string())
}

fn key(s: &str) -> Key {
    s.parse().expect("key")
}

/// The one message of a fixture, as shown to the user.
fn only_message(name: &str) -> (Keymap<Action>, String, String) {
    let (km, errors, file) = load(name);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    (km, errors[0].to_string(), file)
}

#[test]
fn the_built_in_keymap_parses_without_a_problem() {
    let (km, errors) = Keymap::<Action>::defaults();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(km.get(Context::Global, &key("ctrl-s")), Some(&Action::Save));
    assert_eq!(km.get(Context::Global, &key("f1")), Some(&Action::Help));
    assert_eq!(
        km.get(Context::Outline, &key("alt-up")),
        Some(&Action::MoveUp)
    );
}

#[test]
fn every_action_has_a_default_key_that_works_with_an_input_method_on() {
    let (km, _) = Keymap::<Action>::defaults();
    for action in Action::BINDABLE {
        let safe: Vec<String> = Context::ALL
            .iter()
            .filter(|c| action.fits(**c))
            .flat_map(|c| km.keys_for(*c, action))
            .filter(|k| k.passes_input_method())
            .map(|k| k.to_string())
            .collect();
        assert!(
            !safe.is_empty(),
            "{} has no arrow, function key or ctrl/alt chord",
            action.name().unwrap_or("?")
        );
    }
}

#[test]
fn unknown_action() {
    let (km, msg, file) = only_message("unknown_action.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:3: unknown action \"sav\" for \"ctrl-s\" in [global]; did you mean \"save\"? (\"noop\" unbinds a key; `?` in plandesk lists the actions)"
        )
    );
    assert_eq!(
        km.get(Context::Global, &key("ctrl-s")),
        Some(&Action::Save),
        "default kept"
    );
}

#[test]
fn unparsable_key() {
    let (km, msg, file) = only_message("bad_key.toml");
    assert!(
        msg.starts_with(&format!(
            "{file}:2: cannot read the key \"ctlr-d\" in [outline]: unknown modifier \"ctlr-\" (the modifiers are ctrl-, alt- and shift-)"
        )),
        "{msg}"
    );
    assert_eq!(
        km.get(Context::Outline, &key("d")),
        Some(&Action::DeleteSection)
    );
}

#[test]
fn unknown_table() {
    let (_, msg, file) = only_message("unknown_context.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:2: unknown table [outlin]; did you mean [outline]? the tables are [global] [plans] [plan] [outline] [targets] [editor] [prompt] [confirm] [help] [board] [agenda] [history] [diff] [conflicts] [finder]"
        )
    );
}

#[test]
fn one_key_bound_twice_in_two_spellings() {
    let (km, msg, file) = only_message("duplicate_spelling.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:3: \"Ctrl-S\" is bound twice in [global]: it is the same key as \"ctrl-s\" on line 2; keep one (until then the default for ctrl-s holds)"
        )
    );
    assert_eq!(km.get(Context::Global, &key("ctrl-s")), Some(&Action::Save));
}

#[test]
fn shift_a_and_capital_a_are_one_key() {
    let (km, msg, file) = only_message("duplicate_shift.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:3: \"A\" is bound twice in [outline]: it is the same key as \"shift-a\" on line 2; keep one (until then the default for A holds)"
        )
    );
    assert_eq!(km.get(Context::Outline, &key("A")), Some(&Action::AddChild));
}

#[test]
fn one_key_written_twice_verbatim() {
    let (km, msg, file) = only_message("duplicate_verbatim.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:3: \"f9\" is bound twice in [global]; keep one (until then the default for it holds)"
        )
    );
    assert_eq!(
        km.get(Context::Global, &key("f9")),
        None,
        "no default for f9"
    );
}

#[test]
fn action_in_a_table_where_it_does_nothing() {
    let (_, msg, file) = only_message("wrong_context.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:2: action \"section.delete\" does nothing in [plans]; bind it in [outline]"
        )
    );
}

#[test]
fn action_that_is_not_a_string() {
    let (_, msg, file) = only_message("not_a_string.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:2: the action for \"f2\" in [global] must be a string, like \"save\" (or \"noop\" to unbind the key)"
        )
    );
}

#[test]
fn toml_syntax_error() {
    let (_, errors, file) = load("syntax_error.toml");
    assert!(!errors.is_empty());
    let msg = errors[0].to_string();
    assert!(
        msg.starts_with(&format!("{file}:2: this is not valid TOML: ")),
        "{msg}"
    );
}

#[test]
fn binding_outside_a_table() {
    let (km, msg, file) = only_message("outside_table.toml");
    assert_eq!(
        msg,
        format!(
            "{file}:1: \"ctrl-s\" is outside any table; put bindings under a table such as [global] or [outline]"
        )
    );
    assert_eq!(
        km.get(Context::Global, &key("f9")),
        Some(&Action::Save),
        "the rest applies"
    );
}

#[test]
fn a_missing_file_given_on_the_command_line() {
    let path = fixture("no-such-file.toml");
    let (km, errors) = Keymap::<Action>::load(Some(&path), true);
    assert_eq!(errors.len(), 1);
    let msg = errors[0].to_string();
    assert!(
        msg.starts_with(&format!("{}: cannot read the file (", path.display())),
        "{msg}"
    );
    assert_eq!(km.get(Context::Global, &key("ctrl-s")), Some(&Action::Save));
    // The default location may simply not exist: no message.
    let (_, errors) = Keymap::<Action>::load(Some(&path), false);
    assert!(errors.is_empty());
}

#[test]
fn every_bad_entry_at_once_the_good_ones_apply_and_noop_unbinds() {
    let (km, errors, file) = load("all_at_once.toml");
    let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
    assert_eq!(
        lines,
        [Some(5), Some(8), Some(11), Some(13), Some(17)],
        "{errors:#?}"
    );
    assert!(errors.iter().all(|e| e.file == file));
    assert_eq!(km.get(Context::Global, &key("f9")), Some(&Action::Save));
    assert_eq!(km.get(Context::Global, &key("q")), None, "noop unbinds");
    assert_eq!(km.get(Context::Global, &key("ctrl-s")), Some(&Action::Save));
    assert_eq!(
        km.get(Context::Outline, &key("x")),
        Some(&Action::DeleteSection)
    );
    assert_eq!(
        km.get(Context::Outline, &key("X")),
        None,
        "both spellings dropped"
    );
    // Help reads the live keymap backwards.
    let save_keys: Vec<String> = km
        .keys_for(Context::Global, &Action::Save)
        .iter()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(save_keys, ["ctrl-s", "f9"]);
}
