//! word/document.xml -> the body's paragraphs and tables, in order, each
//! paragraph with the text it shows: its automatic number resolved, deleted
//! revisions and field codes left out. Headers and footers live in other
//! parts and are never read.

use quick_xml::events::Event;

use super::numbering::{NumPr, Numbering};
use super::xml::{Reader, attr, is_w};

/// A paragraph as it reads on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Para {
    /// The text; a line break inside the paragraph is a `\n`.
    pub text: String,
    /// `w:jc`: left, center, right, both…
    pub align: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Para(Para),
    /// Rows of cells, each cell its paragraphs (a nested table's cells
    /// read as paragraphs of the cell that holds it).
    Table(Vec<Vec<Vec<Para>>>),
}

#[derive(Default)]
struct OpenPara {
    text: String,
    align: Option<String>,
    style: Option<String>,
    num: NumPr,
    /// Inside `w:pPr` (but not a revision's old `w:pPr`).
    in_ppr: bool,
}

type Table = Vec<Vec<Vec<Para>>>;

/// The body of a document.
pub(crate) fn read(xml: &[u8], numbering: &mut Numbering) -> Result<Vec<Item>, String> {
    let mut r = Reader::new(xml);
    let mut items = Vec::new();
    let mut paras: Vec<OpenPara> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    // Depth inside elements whose text is not shown: deleted text,
    // instructions of a field, a revision's old paragraph properties.
    let mut hidden = 0usize;
    let mut in_body = false;
    while let Some(ev) = r.next()? {
        match ev {
            Event::Start(e) | Event::Empty(e) if is_w(&r, e.name()) => {
                let empty = r.was_empty();
                let name = e.local_name();
                match name.as_ref() {
                    b"body" => in_body = true,
                    b"del" | b"moveFrom" | b"instrText" | b"delInstrText" | b"pPrChange"
                    | b"rPrChange"
                        if !empty =>
                    {
                        hidden += 1;
                    }
                    _ if hidden > 0 || !in_body => {}
                    b"p" => {
                        paras.push(OpenPara::default());
                        if empty {
                            let p = paras.pop().unwrap_or_default();
                            deliver(finish(p, numbering), &mut paras, &mut tables, &mut items);
                        }
                    }
                    b"pPr" if !empty => {
                        if let Some(p) = paras.last_mut() {
                            p.in_ppr = true;
                        }
                    }
                    b"tbl" => tables.push(Vec::new()),
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.push(Vec::new());
                        }
                    }
                    b"tc" => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                            row.push(Vec::new());
                        }
                    }
                    b"t" if !empty => {
                        let text = read_text(&mut r)?;
                        if let Some(p) = paras.last_mut() {
                            p.text.push_str(&text);
                        }
                    }
                    b"tab" | b"ptab" => {
                        if let Some(p) = paras.last_mut().filter(|p| !p.in_ppr) {
                            p.text.push('\t');
                        }
                    }
                    b"br" | b"cr" => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push('\n');
                        }
                    }
                    b"noBreakHyphen" => {
                        if let Some(p) = paras.last_mut() {
                            p.text.push('-');
                        }
                    }
                    _ => {
                        if let Some(p) = paras.last_mut().filter(|p| p.in_ppr) {
                            property(p, name.as_ref(), &e);
                        }
                    }
                }
            }
            Event::End(e) if is_w(&r, e.name()) => match e.local_name().as_ref() {
                b"del" | b"moveFrom" | b"instrText" | b"delInstrText" | b"pPrChange"
                | b"rPrChange" => hidden = hidden.saturating_sub(1),
                _ if hidden > 0 || !in_body => {}
                b"body" => in_body = false,
                b"pPr" => {
                    if let Some(p) = paras.last_mut() {
                        p.in_ppr = false;
                    }
                }
                b"p" => {
                    if let Some(p) = paras.pop() {
                        deliver(finish(p, numbering), &mut paras, &mut tables, &mut items);
                    }
                }
                b"tbl" => {
                    if let Some(t) = tables.pop() {
                        match tables
                            .last_mut()
                            .and_then(|t| t.last_mut())
                            .and_then(|r| r.last_mut())
                        {
                            // A table in a cell: its cells become paragraphs of that cell.
                            Some(cell) => cell.extend(t.into_iter().flatten().flatten()),
                            None => items.push(Item::Table(t)),
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(items)
}

fn property(p: &mut OpenPara, name: &[u8], e: &quick_xml::events::BytesStart<'_>) {
    let val = || attr(e, b"val");
    match name {
        b"pStyle" => p.style = val(),
        b"jc" => p.align = val(),
        b"numId" => p.num.num_id = val().and_then(|v| v.trim().parse().ok()),
        b"ilvl" => p.num.ilvl = val().and_then(|v| v.trim().parse().ok()),
        _ => {}
    }
}

/// The text of a `w:t` element, up to its end.
fn read_text(r: &mut Reader<'_>) -> Result<String, String> {
    let mut out = String::new();
    while let Some(ev) = r.next()? {
        match ev {
            Event::Text(t) => out.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(g) => {
                let name = g.decode().map_err(|e| e.to_string())?;
                out.push_str(&entity(&name));
            }
            Event::CData(c) => out.push_str(&String::from_utf8_lossy(&c)),
            Event::End(_) => break,
            _ => {}
        }
    }
    Ok(out)
}

/// An entity or character reference's text.
fn entity(name: &str) -> String {
    let c = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => name
            .strip_prefix("#x")
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    };
    c.map_or_else(|| format!("&{name};"), String::from)
}

fn finish(p: OpenPara, numbering: &mut Numbering) -> Para {
    let label = numbering.label(p.style.as_deref(), p.num);
    let text = match label {
        Some(l) if !p.text.trim().is_empty() => format!("{l}{}", p.text.trim_start()),
        _ => p.text,
    };
    Para {
        text,
        align: p.align,
    }
}

/// A finished paragraph goes to the paragraph it is nested in (a text box),
/// the open table cell, or the body.
fn deliver(p: Para, paras: &mut [OpenPara], tables: &mut [Table], items: &mut Vec<Item>) {
    if let Some(outer) = paras.last_mut() {
        // A text box inside a paragraph: its text reads on a line of its own.
        if !p.text.trim().is_empty() {
            outer.text.push('\n');
            outer.text.push_str(&p.text);
            outer.text.push('\n');
        }
        return;
    }
    if let Some(cell) = tables
        .last_mut()
        .and_then(|t| t.last_mut())
        .and_then(|r| r.last_mut())
    {
        cell.push(p);
        return;
    }
    items.push(Item::Para(p));
}
