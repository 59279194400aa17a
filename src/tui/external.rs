//! $VISUAL or $EDITOR on a body: leave the UI, edit a temporary file, take
//! its text back.

use std::io::Write as _;
use std::process::Command;

use super::terminal::Guard;

/// The editor the user chose: `$VISUAL`, else `$EDITOR`, else `vi` (as git does).
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Run the editor on `text`; the edited text, or why not.
pub fn edit(guard: &mut Guard, text: &str) -> Result<String, String> {
    let mut file = tempfile::Builder::new()
        .prefix("plandesk-")
        .suffix(".md")
        .tempfile()
        .map_err(|e| e.to_string())?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| e.to_string())?;
    let path = file.path().to_path_buf();
    guard.suspend().map_err(|e| e.to_string())?;
    // Through the shell, so that "code -w" or "emacs -nw" work as in git.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{} \"$1\"", editor_command()))
        .arg("plandesk")
        .arg(&path)
        .status();
    let resumed = guard.resume();
    let status = status.map_err(|e| e.to_string())?;
    resumed.map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("{} exited with {status}", editor_command()));
    }
    let edited = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    Ok(take_back(text, edited))
}

/// Editors end a file with a newline; a body that had none gets none back.
fn take_back(original: &str, edited: String) -> String {
    if !original.ends_with('\n')
        && let Some(s) = edited
            .strip_suffix("\r\n")
            .or_else(|| edited.strip_suffix('\n'))
    {
        return s.to_string();
    }
    edited
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newline_an_editor_adds_is_dropped() {
        assert_eq!(take_back("正文", "正文改\n".into()), "正文改");
        assert_eq!(take_back("正文\n", "正文改\n".into()), "正文改\n");
        assert_eq!(take_back("", "".into()), "");
    }
}
