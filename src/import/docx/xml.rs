//! A namespace-aware pull reader over one part of the package, with what
//! every part needs: WordprocessingML elements told apart from DrawingML
//! ones, and the fallback branch of `mc:AlternateContent` skipped (it
//! repeats the chosen branch for old readers).

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

const W_NS: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT_NS: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC_NS: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

pub(crate) struct Reader<'a> {
    inner: NsReader<&'a [u8]>,
    empty: bool,
}

impl<'a> Reader<'a> {
    pub fn new(xml: &'a [u8]) -> Reader<'a> {
        let mut inner = NsReader::from_reader(xml);
        inner.config_mut().trim_text(false);
        Reader {
            inner,
            empty: false,
        }
    }

    /// The next event, `None` at the end. An empty element (`<w:tab/>`)
    /// comes as `Event::Empty`; [`Reader::was_empty`] says so after the fact.
    pub fn next(&mut self) -> Result<Option<Event<'a>>, String> {
        loop {
            let ev = self
                .inner
                .read_event()
                .map_err(|e| format!("{e} (at byte {})", self.inner.buffer_position()))?;
            self.empty = matches!(ev, Event::Empty(_));
            match ev {
                Event::Eof => return Ok(None),
                Event::Start(ref e)
                    if self.in_ns(e, &[MC_NS]) && e.local_name().as_ref() == b"Fallback" =>
                {
                    let end = e.to_end().into_owned();
                    self.inner
                        .read_to_end(end.name())
                        .map_err(|e| e.to_string())?;
                }
                ev => return Ok(Some(ev)),
            }
        }
    }

    pub fn was_empty(&self) -> bool {
        self.empty
    }

    fn in_ns(&self, e: &BytesStart<'_>, namespaces: &[&[u8]]) -> bool {
        match self.inner.resolver().resolve_element(e.name()).0 {
            ResolveResult::Bound(Namespace(ns)) => namespaces.contains(&ns),
            _ => false,
        }
    }
}

/// Whether `e` is a WordprocessingML element (transitional or strict).
pub(crate) fn is_w(r: &Reader<'_>, name: quick_xml::name::QName<'_>) -> bool {
    match r.inner.resolver().resolve_element(name).0 {
        ResolveResult::Bound(Namespace(ns)) => ns == W_NS || ns == W_STRICT_NS,
        _ => false,
    }
}

/// The value of the attribute whose local name is `name` (`w:val` → `val`).
pub(crate) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, e.decoder())
                .ok()
                .map(|v| v.into_owned())
        })
}
