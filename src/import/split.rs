//! One file, several documents: "…篇一" / "…篇1" / "第一篇 …" / "篇一：…"
//! title lines, "篇2" or "(一)" alone above a title, or the same title
//! pattern repeated. What stands before the first document (a collection
//! title and its preface) belongs to no plan.

use super::lines::{Line, has_sentence_punct, is_zh_digit, leading_number, leading_zh_number};

#[derive(Debug)]
pub(crate) struct Document<'a> {
    /// The title, without a "篇一：" in front of it.
    pub title: Line,
    /// The document's number in the collection (篇三 → 3).
    pub number: Option<u32>,
    /// How messages name the document: "篇三", "第三篇", or «title».
    pub label: String,
    /// The lines after the title.
    pub lines: &'a [Line],
}

#[derive(Debug)]
pub(crate) struct Collection<'a> {
    /// The line before the first document, when the file is a collection.
    pub title: Option<&'a Line>,
    pub preface: &'a [Line],
    pub documents: Vec<Document<'a>>,
}

/// Where a document starts: the line of its number, its number and label,
/// its title, and the index of its first line after the title.
struct Start {
    index: usize,
    number: u32,
    label: String,
    title: Line,
    body: usize,
}

pub(crate) fn documents(lines: &[Line]) -> Collection<'_> {
    let mut starts: Vec<Start> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some((number, label)) = numbered_title(&l.text) {
            let alone = l.text.trim() == label;
            let next = lines.get(i + 1).filter(|n| alone && is_title_like(&n.text));
            starts.push(match next {
                Some(title) => Start {
                    index: i,
                    number,
                    label,
                    title: title.clone(),
                    body: i + 2,
                },
                None => Start {
                    index: i,
                    number,
                    label,
                    title: l.clone(),
                    body: i + 1,
                },
            });
        } else if let Some((number, label, title)) = pian_prefix(&l.text) {
            match title {
                Some(title) => starts.push(Start {
                    index: i,
                    number,
                    label,
                    title: Line {
                        no: l.no,
                        text: title,
                    },
                    body: i + 1,
                }),
                None => {
                    if let Some(title) = lines.get(i + 1).filter(|n| is_title_like(&n.text)) {
                        starts.push(Start {
                            index: i,
                            number,
                            label,
                            title: title.clone(),
                            body: i + 2,
                        });
                    }
                }
            }
        }
    }
    if !starts.is_empty() {
        // "(一)" alone above a title, in a file that numbers its documents.
        for (i, l) in lines.iter().enumerate() {
            if let Some(number) = bare_paren_number(&l.text)
                && let Some(title) = lines.get(i + 1).filter(|n| is_title_like(&n.text))
                && i > 0
            {
                starts.push(Start {
                    index: i,
                    number,
                    label: l.text.trim().to_owned(),
                    title: title.clone(),
                    body: i + 2,
                });
            }
        }
        starts.sort_by_key(|s| s.index);
    }
    if starts.is_empty() {
        starts = repeated_titles(lines)
            .into_iter()
            .enumerate()
            .map(|(k, i)| Start {
                index: i,
                number: k as u32 + 1,
                label: quoted(&lines[i].text),
                title: lines[i].clone(),
                body: i + 1,
            })
            .collect();
    }
    if starts.is_empty() {
        return Collection {
            title: None,
            preface: &[],
            documents: lines
                .split_first()
                .map(|(first, rest)| {
                    untitled(first, lines).unwrap_or_else(|| Document {
                        title: first.clone(),
                        number: None,
                        label: quoted(&first.text),
                        lines: rest,
                    })
                })
                .into_iter()
                .collect(),
        };
    }
    let first = starts[0].index;
    let (title, preface) = match lines[..first].split_first() {
        Some((t, rest)) => (Some(t), rest),
        None => (None, &[][..]),
    };
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|s| s.index)
        .chain([lines.len()])
        .collect();
    let only = starts.len() == 1 && first == 0;
    let documents = starts
        .into_iter()
        .zip(ends)
        .map(|(s, end)| Document {
            title: s.title,
            number: (!only).then_some(s.number),
            label: s.label,
            lines: &lines[s.body.min(end)..end],
        })
        .collect();
    Collection {
        title,
        preface,
        documents,
    }
}

/// The first numbered line is never the title: a document that starts with
/// one has lost its title, and all its lines are its body.
fn untitled<'a>(first: &Line, lines: &'a [Line]) -> Option<Document<'a>> {
    super::classify::heading_marker(&first.text)?;
    if super::months::month_line(&first.text).is_some() {
        return None;
    }
    Some(Document {
        title: Line {
            no: first.no,
            text: UNTITLED.to_owned(),
        },
        number: None,
        label: quoted(UNTITLED),
        lines,
    })
}

/// The title of a document that has none.
const UNTITLED: &str = "未命名计划";

/// "篇一：阳光中学2024年教学工作计划", "篇2" alone: the number, the label and
/// the title after it, if any.
fn pian_prefix(line: &str) -> Option<(u32, String, Option<String>)> {
    let rest = line.trim().strip_prefix('篇')?;
    let (n, after) = leading_zh_number(rest).or_else(|| leading_number(rest, 2))?;
    let label = line.trim()[..line.trim().len() - after.len()].to_owned();
    if after.trim().is_empty() {
        return Some((n, label, None));
    }
    let title = after
        .strip_prefix(['：', ':', '、', ' ', '\u{3000}'])?
        .trim();
    (!title.is_empty() && title.chars().count() <= 50).then(|| (n, label, Some(title.to_owned())))
}

/// "(一)" or "（一）" alone on its line.
fn bare_paren_number(line: &str) -> Option<u32> {
    let inner = line
        .trim()
        .strip_prefix(['（', '('])?
        .strip_suffix(['）', ')'])?;
    let (n, rest) = leading_zh_number(inner).or_else(|| leading_number(inner, 2))?;
    rest.is_empty().then_some(n)
}

fn quoted(title: &str) -> String {
    format!("«{title}»")
}

/// A title line numbered as a document of a collection: "乡镇政协工作总结及计划篇三"
/// (→ 3, "篇三") or "第三篇 2022年工作计划" (→ 3, "第三篇").
fn numbered_title(line: &str) -> Option<(u32, String)> {
    if line.chars().count() > 50 || line.contains('。') {
        return None;
    }
    if let Some(rest) = line.strip_prefix('第')
        && let Some((n, after)) = leading_zh_number(rest).or_else(|| leading_number(rest, 2))
        && let Some(after) = after.strip_prefix('篇')
        && (after.is_empty() || after.starts_with([' ', '\u{3000}', '：', ':', '、']))
    {
        let label = &line[..line.len() - after.len()];
        return Some((n, label.to_owned()));
    }
    if has_sentence_punct(line) {
        return None;
    }
    let at = line.rfind('篇')?;
    let after = &line[at + '篇'.len_utf8()..];
    let (n, rest) = leading_zh_number(after).or_else(|| leading_number(after, 2))?;
    (rest.is_empty() && line[..at].chars().count() >= 2).then(|| (n, line[at..].to_owned()))
}

/// Indices of title-like lines that share one pattern (digits and numerals
/// aside), when two or more do: "2021年学校工作计划" … "2022年学校工作计划".
fn repeated_titles(lines: &[Line]) -> Vec<usize> {
    let candidates: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| is_title_like(&l.text))
        .map(|(i, l)| (i, pattern(&l.text)))
        .collect();
    for (k, (first, pat)) in candidates.iter().enumerate() {
        let group: Vec<usize> = candidates[k..]
            .iter()
            .filter(|(_, p)| p == pat)
            .map(|(i, _)| *i)
            .collect();
        // The first document starts the file, or follows a collection title.
        let starts_file = *first == 0 || (*first == 1 && is_collection_title(&lines[0].text));
        if group.len() >= 2 && starts_file {
            return group;
        }
        if *first > 1 {
            break;
        }
    }
    Vec::new()
}

fn is_title_like(line: &str) -> bool {
    line.chars().count() <= 40
        && !has_sentence_punct(line)
        && super::kind::names_a_document(line)
        && super::classify::heading_marker(line).is_none()
        && super::months::month_line(line).is_none()
        && super::dates::date_line(line).is_none()
}

fn is_collection_title(line: &str) -> bool {
    ["篇", "范文", "精选", "汇编", "合集", "大全"]
        .iter()
        .any(|w| line.contains(w))
}

fn pattern(line: &str) -> String {
    let mut out = String::new();
    for c in line.chars() {
        let numeric = c.is_ascii_digit() || is_zh_digit(c);
        if !(numeric && out.ends_with('#')) {
            out.push(if numeric { '#' } else { c });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split_lines;

    type Found = (Option<String>, usize, Vec<(String, Option<u32>, String)>);

    fn titles(text: &str) -> Found {
        let lines = split_lines(text);
        let c = documents(&lines);
        (
            c.title.map(|t| t.text.clone()),
            c.preface.len(),
            c.documents
                .iter()
                .map(|d| (d.title.text.clone(), d.number, d.label.clone()))
                .collect(),
        )
    }

    #[test]
    fn numbered_titles() {
        assert_eq!(
            numbered_title("乡镇政协工作总结及计划篇三"),
            Some((3, "篇三".into()))
        );
        assert_eq!(
            numbered_title("学校工作计划篇12"),
            Some((12, "篇12".into()))
        );
        assert_eq!(
            numbered_title("第二篇 2022年学校工作计划"),
            Some((2, "第二篇".into()))
        );
        assert_eq!(
            numbered_title("2023年乡镇政协工作总结及计划(精选5篇)"),
            None
        );
        assert_eq!(numbered_title("发表论文68篇"), None);
        assert_eq!(numbered_title("共收到论文68篇，评出一等奖3篇。"), None);
    }

    #[test]
    fn a_collection_with_a_preface() {
        let (title, preface, docs) = titles(
            "2023年工作计划(精选2篇)\n\n前言一句。\n\n工作计划篇一\n正文。\n工作计划篇二\n正文。",
        );
        assert_eq!(title.as_deref(), Some("2023年工作计划(精选2篇)"));
        assert_eq!(preface, 1);
        assert_eq!(
            docs,
            vec![
                ("工作计划篇一".into(), Some(1), "篇一".into()),
                ("工作计划篇二".into(), Some(2), "篇二".into())
            ]
        );
    }

    #[test]
    fn pian_with_a_colon_pian_alone_and_a_bare_paren_number() {
        let (title, preface, docs) = titles(
            "学校工作计划(精选3篇)\n前言。\n篇一：甲校2024年工作计划\n一、学习\n篇2\n乙校2024年工作计划\n一、学习\n(一)\n丙校2024年工作计划\n一、学习",
        );
        assert_eq!(title.as_deref(), Some("学校工作计划(精选3篇)"));
        assert_eq!(preface, 1);
        assert_eq!(
            docs,
            vec![
                ("甲校2024年工作计划".into(), Some(1), "篇一".into()),
                ("乙校2024年工作计划".into(), Some(2), "篇2".into()),
                ("丙校2024年工作计划".into(), Some(1), "(一)".into()),
            ]
        );
        // Without numbered documents, "(一)" is a heading.
        let (_, _, docs) = titles("某校2024年工作计划\n(一)\n某校2024年工作计划要点");
        assert_eq!(docs.len(), 1);
    }

    #[test]
    fn a_numbered_first_line_is_never_the_title() {
        let (_, _, docs) = titles("一、指导思想\n正文。");
        assert_eq!(docs[0].0, UNTITLED);
        let lines = split_lines("一、指导思想\n正文。");
        assert_eq!(documents(&lines).documents[0].lines.len(), 2);
    }

    #[test]
    fn a_single_document_and_repeated_titles() {
        let (title, _, docs) = titles("某某镇2022年工作计划\n一、学习\n二月：学习。");
        assert_eq!(title, None);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].1, None);
        let (_, _, docs) =
            titles("某某小学2021年工作计划\n一、学习。\n某某小学2022年工作计划\n一、学习。");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].1, Some(2));
        // A schedule heading and the title differ in more than their numbers.
        let (_, _, docs) =
            titles("某某镇2022年工作计划\n一、学习。\n2022年分月工作安排\n二月：学习。");
        assert_eq!(docs.len(), 1);
    }
}
