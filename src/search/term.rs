//! One word of a query compiled against the index's symbols: for each symbol,
//! from which positions of the word it can go on and how far. A Chinese
//! character takes the word's letters when they begin one of its readings,
//! so `minzhu`, `mzjd` and `minzh` all walk through 民主.
//!
//! Matching keeps a set of positions in the word (one bit each) reached so
//! far: scattered, any later symbol may go on; contiguous, each symbol must.
//! A scattered set always holds every position below its highest (a symbol
//! takes the word from a position to each of the next few, as a reading's
//! letters may stop anywhere), so scattering walks a table of how far each
//! symbol takes the word from each highest position.

use super::symbols::{Sym, Symbols, key};

#[derive(Debug)]
pub(crate) struct Term {
    /// The word, folded.
    pub chars: Vec<char>,
    /// The word as a string, for body phrases.
    pub literal: String,
    /// The bit of the last position: the whole word matched.
    pub done: u64,
    /// What each symbol does to the word, by symbol.
    rows: Vec<SymRow>,
    /// Rows of reachable positions, one per position of the word.
    multi: Vec<u64>,
    /// The keys a label must all have to hold the whole word in a run: the
    /// first character's, and every character's that only itself can take
    /// (anything but a letter, which a reading may take inside a syllable).
    pub need: u128,
    /// Per highest position reached: the keys ([`super::symbols::key`]) of
    /// the word's characters from which a symbol takes it further than that.
    beyond: Vec<u128>,
    /// Per highest position reached `h` (below the word's length), per
    /// symbol: the highest position reached after the symbol (a row per
    /// position, so that a label is searched for the next symbol that
    /// takes the word on with one row, not walked symbol by symbol).
    jump: Vec<u8>,
}

/// One symbol against one word, kept together so a step reads one place.
#[derive(Debug, Clone, Copy, Default)]
struct SymRow {
    /// Positions `i` where the symbol is the word's character `i`.
    one: u64,
    /// Positions from which its readings take one or more letters.
    mask: u64,
    /// Where its rows start in `multi`.
    at: u32,
}

impl Term {
    pub(crate) fn new(chars: &[char], symbols: &Symbols) -> Term {
        let m = chars.len();
        let n = symbols.len();
        let mut t = Term {
            chars: chars.to_vec(),
            literal: chars.iter().collect(),
            done: 1u64 << m,
            rows: vec![SymRow::default(); n],
            multi: Vec::new(),
            beyond: vec![0; m],
            jump: Vec::new(),
            need: chars
                .iter()
                .enumerate()
                .filter(|&(i, c)| i == 0 || !c.is_ascii_lowercase())
                .fold(0, |k, (_, &c)| k | key(c)),
        };
        let letters: Vec<bool> = chars.iter().map(|c| c.is_ascii_lowercase()).collect();
        let has_letters = letters.iter().any(|&l| l);
        for s in 0..n {
            let sym = s as Sym;
            let c = symbols.folded(sym);
            for (i, &q) in chars.iter().enumerate() {
                if q == c {
                    t.rows[s].one |= 1 << i;
                }
            }
            if !has_letters {
                continue;
            }
            let readings = symbols.readings(sym);
            if readings.is_empty() {
                continue;
            }
            let mut rows = vec![0u64; m];
            let mut mask = 0u64;
            for (i, row) in rows.iter_mut().enumerate() {
                for r in readings {
                    let k = r
                        .bytes()
                        .zip(&chars[i..])
                        .take_while(|&(b, &q)| q.is_ascii_lowercase() && char::from(b) == q)
                        .count();
                    if k > 0 {
                        // Ends i+1 ..= i+k.
                        *row |= ((1u64 << k) - 1) << (i + 1);
                    }
                }
                if *row != 0 {
                    mask |= 1 << i;
                }
            }
            if mask != 0 {
                t.rows[s].mask = mask;
                t.rows[s].at = u32::try_from(t.multi.len()).unwrap_or(u32::MAX);
                t.multi.extend_from_slice(&rows);
            }
        }
        t.jump = vec![0; n * m];
        for s in 0..n {
            let row = t.rows[s];
            if (row.one | row.mask) == 0 {
                // Takes the word nowhere.
                for h in 0..m {
                    t.jump[h * n + s] = u8::try_from(h).unwrap_or(u8::MAX);
                }
                continue;
            }
            let mut far = 0;
            for (h, &c) in chars.iter().enumerate() {
                // The farthest the symbol takes the word from position h:
                // past every position from h to there, by the word's
                // character h, whose key the symbol then has.
                let to = 64 - t.reach(h, s as Sym).leading_zeros() as usize;
                let top = to.saturating_sub(1);
                for past in &mut t.beyond[h..top.max(h)] {
                    *past |= key(c);
                }
                far = far.max(top).max(h);
                t.jump[h * n + s] = u8::try_from(far).unwrap_or(u8::MAX);
            }
        }
        t
    }

    /// The keys of which a label must have one to take the word further
    /// than `set` (a scattered set): one with none leaves it as it is.
    #[inline]
    pub(crate) fn advances(&self, set: u64) -> u128 {
        self.beyond.get(highest(set)).copied().unwrap_or(0)
    }

    /// Whether symbol `s` can take the word's first character (or letters):
    /// a label can only lead with the word when it starts with such a symbol.
    #[inline]
    pub(crate) fn may_lead(&self, s: Sym) -> bool {
        self.rows
            .get(s as usize)
            .is_some_and(|row| (row.one | row.mask) & 1 != 0)
    }

    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The positions reached by taking symbol `s` from any position in `set`.
    #[inline]
    pub(crate) fn step(&self, set: u64, s: Sym) -> u64 {
        let row = self.rows[s as usize];
        let mut out = (set & row.one) << 1;
        let mut mm = set & row.mask;
        if mm != 0 {
            let base = row.at as usize;
            while mm != 0 {
                let i = mm.trailing_zeros() as usize;
                out |= self.multi[base + i];
                mm &= mm - 1;
            }
        }
        out
    }

    /// The positions reached from position `i` alone.
    fn reach(&self, i: usize, s: Sym) -> u64 {
        self.step(1 << i, s)
    }

    /// Scattered: the positions reached after `syms`, from `set` (every
    /// position below its highest, as scattering leaves them).
    #[inline]
    pub(crate) fn scatter(&self, set: u64, syms: &[Sym]) -> u64 {
        let m = self.len();
        if set == 0 {
            return 0;
        }
        let n = self.rows.len();
        let mut h = highest(set);
        let mut rest = syms;
        // Most symbols leave the word where it is: the next one that does
        // not is searched for with `h` fixed (no load waits on the last).
        while h < m {
            let row = &self.jump[h * n..(h + 1) * n];
            let Some(k) = rest.iter().position(|&s| usize::from(row[s as usize]) != h) else {
                break;
            };
            h = usize::from(row[rest[k] as usize]);
            rest = &rest[k + 1..];
        }
        // Every position up to h.
        u64::MAX >> (63 - h.min(63))
    }

    /// Scattered, a symbol at a time through [`Term::step`]: what
    /// [`Term::scatter`] finds through its table (for checking it).
    pub(crate) fn scatter_by_steps(&self, mut set: u64, syms: &[Sym]) -> u64 {
        for &s in syms {
            set |= self.step(set, s);
            if set & self.done != 0 {
                break;
            }
        }
        set
    }

    /// Contiguous: where the first run of `syms` that takes the whole word ends.
    #[inline]
    pub(crate) fn run_end(&self, syms: &[Sym]) -> Option<usize> {
        let mut set = 0u64;
        for (k, &s) in syms.iter().enumerate() {
            set = self.step(set | 1, s);
            if set & self.done != 0 {
                return Some(k + 1);
            }
        }
        None
    }

    /// Contiguous from the first symbol: where the run that takes the whole word ends.
    #[inline]
    pub(crate) fn anchored_end(&self, syms: &[Sym]) -> Option<usize> {
        let mut set = 1u64;
        for (k, &s) in syms.iter().enumerate() {
            set = self.step(set, s);
            if set & self.done != 0 {
                return Some(k + 1);
            }
            if set == 0 {
                return None;
            }
        }
        None
    }

    /// The symbols of a contiguous run ending at the end of `syms`.
    pub(crate) fn contiguous_marks(&self, syms: &[Sym]) -> Option<Vec<usize>> {
        // Sets before each symbol, walking forward.
        let mut sets = Vec::with_capacity(syms.len() + 1);
        let mut set = 0u64;
        for &s in syms {
            sets.push(set | 1);
            set = self.step(set | 1, s);
        }
        if set & self.done == 0 {
            return None;
        }
        let mut j = self.len();
        let mut marks = Vec::new();
        for k in (0..syms.len()).rev() {
            if j == 0 {
                break;
            }
            let from = sets[k];
            let i = (0..j)
                .rev()
                .find(|&i| from & (1 << i) != 0 && self.reach(i, syms[k]) & (1 << j) != 0)?;
            marks.push(k);
            j = i;
        }
        marks.reverse();
        (j == 0).then_some(marks)
    }

    /// The symbols a scattered match takes, the latest ones preferred.
    pub(crate) fn scattered_marks(&self, syms: &[Sym]) -> Option<Vec<usize>> {
        let mut sets = Vec::with_capacity(syms.len() + 1);
        let mut set = 1u64;
        sets.push(set);
        for &s in syms {
            set |= self.step(set, s);
            sets.push(set);
        }
        if set & self.done == 0 {
            return None;
        }
        let mut j = self.len();
        let mut marks = Vec::new();
        let mut k = syms.len();
        while j > 0 && k > 0 {
            k -= 1;
            if sets[k] & (1 << j) != 0 {
                continue;
            }
            let i = (0..j)
                .rev()
                .find(|&i| sets[k] & (1 << i) != 0 && self.reach(i, syms[k]) & (1 << j) != 0)?;
            marks.push(k);
            j = i;
        }
        marks.reverse();
        (j == 0).then_some(marks)
    }
}

/// The highest position in `set` (0 for none).
#[inline]
fn highest(set: u64) -> usize {
    63usize.saturating_sub(set.leading_zeros() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(text: &str, word: &str) -> (Term, Vec<Sym>) {
        let (t, syms, _) = setup_with_symbols(text, word);
        (t, syms)
    }

    fn setup_with_symbols(text: &str, word: &str) -> (Term, Vec<Sym>, Symbols) {
        let mut s = Symbols::new();
        let syms: Vec<Sym> = text.chars().map(|c| s.intern(c)).collect();
        let chars: Vec<char> = word.chars().collect();
        (Term::new(&chars, &s), syms, s)
    }

    #[test]
    fn a_label_passed_over_by_its_keys_could_not_take_the_word_further() {
        let text = "2022年汪场镇政协工作计划 二、民主监督 组织银行长江调研 GDP增长10%";
        let mut passed_over = 0;
        for word in [
            "g", "gd", "gdp", "minzhu", "mzjd", "hang", "zhang", "政协dy", "10", "xyz",
        ] {
            let (t, syms, symbols) = setup_with_symbols(text, word);
            for from in 0..syms.len() {
                for to in from..=syms.len() {
                    let label = &syms[from..to];
                    for start in [1u64, 0b11, 0b111] {
                        let start = start & (t.done | (t.done - 1));
                        if symbols.signature(label) & t.advances(start) == 0 {
                            passed_over += 1;
                            assert_eq!(t.scatter(start, label), start, "{word} over {from}..{to}");
                        }
                    }
                }
            }
        }
        assert!(passed_over > 1000, "labels passed over: {passed_over}");
    }

    #[test]
    fn a_label_holding_a_word_in_a_run_has_every_key_the_word_needs() {
        let text = "2022年汪场镇政协工作计划 二、民主监督 组织银行长江调研 GDP增长10% 第10批";
        let mut runs = 0;
        let mut lacking = 0;
        for word in [
            "g", "gd", "gdp", "minzhu", "mzjd", "minzh", "hang", "zhang", "yh", "政协dy", "10",
            "gdp10", "增长10", "第10批", "xyz", "民主jd",
        ] {
            let (t, syms, symbols) = setup_with_symbols(text, word);
            for from in 0..syms.len() {
                for to in from..=syms.len() {
                    let label = &syms[from..to];
                    let has = symbols.signature(label) & t.need == t.need;
                    if t.run_end(label).is_some() {
                        runs += 1;
                        assert!(has, "{word} runs in {from}..{to} without the keys it needs");
                    } else if !has {
                        lacking += 1;
                    }
                }
            }
        }
        assert!(
            runs > 100 && lacking > 1000,
            "runs {runs}, passed over {lacking}"
        );
    }

    #[test]
    fn full_pinyin_initials_and_partial_readings_walk_through_chinese() {
        for (word, end) in [
            ("minzhu", 4),
            ("minzh", 4),
            ("mzjd", 6),
            ("minzhujiandu", 6),
            ("mzjiand", 6),
            ("民主jd", 6),
        ] {
            let (t, syms) = setup("加强民主监督", word);
            assert_eq!(t.run_end(&syms), Some(end), "{word}");
            assert_eq!(t.anchored_end(&syms[2..]), Some(end - 2), "{word}");
            assert_eq!(t.anchored_end(&syms[1..]), None, "{word}");
        }
        let (t, syms) = setup("加强民主监督", "mzx");
        assert_eq!(t.scatter(1, &syms) & t.done, 0);
    }

    #[test]
    fn scattering_by_the_table_reaches_what_stepping_reaches() {
        let text = "2022年汪场镇政协工作计划 二、民主监督 组织银行长江调研 GDP增长10%";
        for word in [
            "g",
            "gd",
            "gdp",
            "minzhu",
            "mzjd",
            "xian",
            "hang",
            "yh",
            "zhang",
            "政协dy",
            "10",
            "2022",
            "jh",
            "gzjh",
            "zzzz",
            "民主监督调研",
            "%",
        ] {
            let (t, syms) = setup(text, word);
            for from in 0..syms.len() {
                for start in [1u64, 0b11, 0b111] {
                    let start = start & (t.done | (t.done - 1));
                    assert_eq!(
                        t.scatter(start, &syms[from..]),
                        t.scatter_by_steps(start, &syms[from..]),
                        "{word} from {from}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_polyphone_takes_any_reading() {
        for word in ["hang", "xing", "yinhang", "yx", "yh"] {
            let (t, syms) = setup("银行", word);
            assert!(t.run_end(&syms).is_some(), "{word}");
        }
    }

    #[test]
    fn marks_fall_on_the_characters_that_matched() {
        let (t, syms) = setup("深入开展专题调研", "ztdy");
        assert_eq!(t.contiguous_marks(&syms[..8]), Some(vec![4, 5, 6, 7]));
        let (t, syms) = setup("政协委员调研", "政dy");
        assert_eq!(t.scattered_marks(&syms), Some(vec![0, 4, 5]));
        assert_eq!(t.run_end(&syms), None);
    }
}
