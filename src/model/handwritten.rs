//! What a person wrote in a plan file beyond its data: `#` comments and
//! Windows line ends. Saving writes the canonical text (fixed key order,
//! one field a line); these are carried over into it, so that a tick of a
//! hand-edited file is a one-line diff and no note is lost.
//!
//! A comment stays with what it stood beside: the key it was above or
//! after (`title`, `status` of the task with that id…), the table header it
//! was above, or the end of the file. A comment whose item is deleted goes
//! with the item.

use toml_edit::{DocumentMut, Item, Table};

/// `canonical` (as [`super::write_plan`] makes it) with the comments of
/// `old` (the file as it stands) put back beside the same keys and items,
/// and with CRLF line ends when `old` has them.
pub fn carry_over(old: &str, canonical: &str) -> String {
    let crlf = uses_crlf(old);
    let old_lf;
    let old = if crlf {
        old_lf = old.replace("\r\n", "\n");
        old_lf.as_str()
    } else {
        old
    };
    let text = if old.contains('#') {
        with_comments(old, canonical).unwrap_or_else(|| canonical.to_string())
    } else {
        canonical.to_string()
    };
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

/// A file whose first line ends in CRLF keeps CRLF line ends.
pub fn uses_crlf(text: &str) -> bool {
    text.find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
}

/// `None` when either text is not TOML toml_edit reads, or `old` has no
/// comment: the canonical text then stands as it is.
fn with_comments(old: &str, canonical: &str) -> Option<String> {
    let old: DocumentMut = old.parse().ok()?;
    let mut new: DocumentMut = canonical.parse().ok()?;
    let mut carried = false;
    carry_table(old.as_table(), new.as_table_mut(), &mut carried);
    for (name, item) in new.as_table_mut().iter_mut() {
        let name = name.get().to_string();
        match (old.get(&name), item) {
            (Some(Item::Table(o)), Item::Table(n)) => {
                carry_header(o, n, &mut carried);
                carry_table(o, n, &mut carried);
            }
            (Some(Item::ArrayOfTables(o)), Item::ArrayOfTables(n)) => {
                for (i, n) in n.iter_mut().enumerate() {
                    let id = n.get("id").and_then(Item::as_str).map(str::to_string);
                    // The same item by id; an item written without one (its id
                    // is new) by its place.
                    let matched = match id {
                        Some(id) => o
                            .iter()
                            .find(|t| t.get("id").and_then(Item::as_str) == Some(id.as_str()))
                            .or_else(|| o.get(i).filter(|t| t.get("id").is_none())),
                        None => o.get(i),
                    };
                    if let Some(o) = matched {
                        carry_header(o, n, &mut carried);
                        carry_table(o, n, &mut carried);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(trailing) = old.trailing().as_str().filter(|t| t.contains('#')) {
        new.set_trailing(trailing);
        carried = true;
    }
    carried.then(|| new.to_string())
}

/// The comment lines above a `[table]` / `[[table]]` header.
fn carry_header(old: &Table, new: &mut Table, carried: &mut bool) {
    if let Some(prefix) = old.decor().prefix().and_then(|p| p.as_str())
        && prefix.contains('#')
    {
        new.decor_mut().set_prefix(blank_line_first(prefix));
        *carried = true;
    }
}

/// The comments above each key and after each value, key by key.
fn carry_table(old: &Table, new: &mut Table, carried: &mut bool) {
    for (mut key, item) in new.iter_mut() {
        let Some((old_key, old_item)) = old.get_key_value(key.get()) else {
            continue;
        };
        if let Some(prefix) = old_key.leaf_decor().prefix().and_then(|p| p.as_str())
            && prefix.contains('#')
        {
            key.leaf_decor_mut()
                .set_prefix(prefix.trim_start_matches('\n'));
            *carried = true;
        }
        if let (Some(ov), Some(nv)) = (old_item.as_value(), item.as_value_mut())
            && let Some(suffix) = ov.decor().suffix().and_then(|s| s.as_str())
            && suffix.contains('#')
        {
            nv.decor_mut().set_suffix(suffix);
            *carried = true;
        }
    }
}

/// A table header's comments, after the blank line the canonical text
/// keeps between tables.
fn blank_line_first(prefix: &str) -> String {
    format!("\n{}", prefix.trim_start_matches('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_plan, write_plan};

    const HAND: &str = "# 汪场镇 2022 年计划，王主任手改
schema = 1
title = \"计划\" # 正式标题待定
year = 2022
kind = \"plan\"

# 二月的任务
[[tasks]]
id = \"t1\"
month = 2
text = \"开展活动\"
status = \"todo\" # 等经费

[[tasks]]
id = \"t2\"
month = 3
text = \"学习\"
status = \"todo\"
# 文件末尾的说明
";

    #[test]
    fn comments_survive_a_tick_beside_their_keys() {
        let mut plan = parse_plan(HAND).expect("parse");
        plan.tasks[1].status = crate::model::Status::Done;
        plan.tasks[1].done_on = chrono::NaiveDate::from_ymd_opt(2022, 3, 5);
        let out = carry_over(HAND, &write_plan(&plan));
        for comment in [
            "# 汪场镇 2022 年计划，王主任手改\nschema = 1",
            "title = \"计划\" # 正式标题待定",
            "# 二月的任务\n[[tasks]]\nid = \"t1\"",
            "status = \"todo\" # 等经费",
            "# 文件末尾的说明\n",
        ] {
            assert!(out.contains(comment), "{comment:?} missing from:\n{out}");
        }
        assert!(out.contains(
            "id = \"t2\"\nmonth = 3\ntext = \"学习\"\nstatus = \"done\"\ndone_on = 2022-03-05\n# 文件末尾的说明\n"
        ));
        assert_eq!(parse_plan(&out).expect("reparse"), plan);
        // Saved again unchanged: the same bytes.
        assert_eq!(carry_over(&out, &write_plan(&plan)), out);
    }

    #[test]
    fn crlf_stays_crlf_and_plain_files_stay_canonical() {
        let crlf = HAND.replace('\n', "\r\n");
        let plan = parse_plan(&crlf).expect("parse crlf");
        let out = carry_over(&crlf, &write_plan(&plan));
        assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
        assert!(out.contains("status = \"todo\" # 等经费\r\n"));
        let canonical = write_plan(&plan);
        assert_eq!(carry_over(&canonical, &canonical), canonical);
    }
}
