//! Every distinct character of the index once, with its folded form and its
//! pinyin readings, so matching compares small integers instead of looking
//! characters up again on every keystroke.

use std::collections::HashMap;

use pinyin::ToPinyinMulti;

/// A character of the index, by its number in [`Symbols`].
pub(crate) type Sym = u32;

/// The characters of the index: their folded form and pinyin readings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Symbols {
    /// Symbol of each character below U+10000 (`u32::MAX`: none yet).
    bmp: Vec<u32>,
    /// Symbols of characters beyond the basic plane.
    astral: HashMap<char, u32>,
    /// Folded character of each symbol.
    folded: Vec<char>,
    /// Readings of each symbol: a range into `readings`.
    reading_spans: Vec<(u32, u32)>,
    /// Toneless readings, ü written `v`, as typed on a keyboard.
    readings: Vec<Box<str>>,
    /// The keys ([`key`]) of each symbol: its folded character's and the
    /// first letter of each of its readings.
    keys: Vec<u128>,
}

impl Symbols {
    pub(crate) fn new() -> Symbols {
        Symbols {
            bmp: vec![u32::MAX; 0x1_0000],
            ..Symbols::default()
        }
    }

    /// The symbol of `c`, added when new.
    pub(crate) fn intern(&mut self, c: char) -> Sym {
        let code = c as usize;
        if let Some(&s) = self.bmp.get(code) {
            if s != u32::MAX {
                return s;
            }
        } else if let Some(&s) = self.astral.get(&c) {
            return s;
        }
        let s = self.add(c);
        if let Some(slot) = self.bmp.get_mut(code) {
            *slot = s;
        } else {
            self.astral.insert(c, s);
        }
        s
    }

    fn add(&mut self, c: char) -> Sym {
        let s = u32::try_from(self.folded.len()).unwrap_or(u32::MAX);
        self.folded.push(fold(c));
        let start = u32::try_from(self.readings.len()).unwrap_or(u32::MAX);
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                let typed: String = p
                    .plain()
                    .chars()
                    .map(|ch| if ch == 'ü' { 'v' } else { ch })
                    .collect();
                let known = &self.readings[start as usize..];
                if !typed.is_empty() && !known.iter().any(|r| **r == *typed) {
                    self.readings.push(typed.into_boxed_str());
                }
            }
        }
        let end = u32::try_from(self.readings.len()).unwrap_or(u32::MAX);
        self.reading_spans.push((start, end));
        let keys = self.readings[start as usize..end as usize]
            .iter()
            .filter_map(|r| r.chars().next())
            .fold(key(fold(c)), |k, first| k | key(first));
        self.keys.push(keys);
        s
    }

    /// Which keys ([`key`]) the label `syms` has: a word can only be taken
    /// from its position `i` on by a label with the key of its character `i`.
    pub(crate) fn signature(&self, syms: &[Sym]) -> u128 {
        syms.iter().fold(0, |sig, &s| {
            sig | self.keys.get(s as usize).copied().unwrap_or(u128::MAX)
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.folded.len()
    }

    pub(crate) fn folded(&self, s: Sym) -> char {
        self.folded.get(s as usize).copied().unwrap_or('\0')
    }

    /// The pinyin readings of a symbol (none for anything but Chinese).
    pub(crate) fn readings(&self, s: Sym) -> &[Box<str>] {
        let (a, b) = self
            .reading_spans
            .get(s as usize)
            .copied()
            .unwrap_or((0, 0));
        &self.readings[a as usize..b as usize]
    }
}

/// One bit standing for a folded character of a word: its own for each
/// letter and digit, else one of the rest by a hash of the character. A
/// symbol takes a word's character `q` on (as itself, or by a reading
/// starting with it) only when it has `key(q)`.
pub(crate) fn key(c: char) -> u128 {
    const OTHERS: u32 = 128 - 36;
    let bit = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        // The hash scaled onto the rest by a multiplication, not a division.
        _ => {
            36 + ((u64::from((c as u32).wrapping_mul(0x9E37_79B1)) * u64::from(OTHERS)) >> 32)
                as u32
        }
    };
    1 << bit
}

/// Characters without case, from CJK punctuation to the end of the unified
/// ideographs (a test checks every one of them).
const CASELESS: std::ops::RangeInclusive<char> = '\u{3000}'..='\u{9FFF}';

/// Whether folding may change `s`: a quick look at its bytes, so that the
/// bulk of Chinese text is never folded character by character.
pub(crate) fn may_fold(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c.is_ascii_uppercase()
            || (0xC0..0xE0).contains(&c)
            || c >= 0xF0
            // Full-width letters and digits: EF BC 90..BA, EF BD 81..9A.
            || (c == 0xEF && matches!((b.get(i + 1), b.get(i + 2)), (Some(0xBC), Some(0x90..=0xBA)) | (Some(0xBD), Some(0x81..=0x9A))))
    })
}

/// The form a character is compared in: lower case, full-width letters and
/// digits as ASCII (full-width punctuation stays: it is what Chinese text uses).
/// Always one character, so positions in folded text are positions in the text.
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // CJK punctuation, kana and ideographs have no case: the bulk of a
    // Chinese body is kept as it is without a lookup in Unicode's tables.
    if CASELESS.contains(&c) {
        return c;
    }
    if ('\u{FF10}'..='\u{FF19}').contains(&c)
        || ('\u{FF21}'..='\u{FF3A}').contains(&c)
        || ('\u{FF41}'..='\u{FF5A}').contains(&c)
    {
        let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
        return ascii.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polyphones_keep_every_reading() {
        let mut s = Symbols::new();
        for (c, want) in [
            ('行', ["xing", "hang"]),
            ('长', ["chang", "zhang"]),
            ('重', ["zhong", "chong"]),
            ('调', ["diao", "tiao"]),
        ] {
            let sym = s.intern(c);
            let got: Vec<&str> = s.readings(sym).iter().map(|r| &**r).collect();
            for w in want {
                assert!(got.contains(&w), "{c}: {got:?} lacks {w}");
            }
        }
        let lv = s.intern('绿');
        assert!(s.readings(lv).iter().any(|r| &**r == "lv"));
    }

    #[test]
    fn characters_taken_as_caseless_have_no_lower_case() {
        for c in CASELESS {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn the_same_character_is_one_symbol_and_folding_keeps_one_char() {
        let mut s = Symbols::new();
        assert_eq!(s.intern('民'), s.intern('民'));
        assert_ne!(s.intern('A'), s.intern('a'));
        let big_a = s.intern('A');
        assert_eq!(s.folded(big_a), 'a');
        assert_eq!(fold('Ｇ'), 'g');
        assert_eq!(fold('，'), '，');
        assert_eq!(fold('１'), '1');
        for text in ["ABC", "Ｇ", "ｇ", "９", "Ä", "🦀", "Σ"] {
            assert!(may_fold(text), "{text}");
        }
        assert!(!may_fold("加强民主监督，gdp增长10%。"));
        assert_eq!(fold('🦀'), '🦀');
        let crab = s.intern('🦀');
        assert_eq!(s.folded(crab), '🦀');
        let a = s.intern('a');
        assert!(s.readings(a).is_empty());
    }
}
