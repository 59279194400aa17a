//! Plan ids (`2022/wangchang-cppcc-plan`) and item ids (`k3f9qa`).

use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// A plan's id: its path under `plans/` without `.toml`, `<year>/<slug>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanId {
    year: i32,
    slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "plan id `{id}` is not valid: {why}. A plan id looks like `2024/work-plan`: a four-digit year, a slash, then lowercase letters a-z, digits and `-`"
)]
pub struct PlanIdError {
    pub id: String,
    pub why: &'static str,
}

impl PlanId {
    pub fn new(year: i32, slug: &str) -> Result<PlanId, PlanIdError> {
        PlanId::parse(&format!("{year}/{slug}"))
    }

    pub fn parse(s: &str) -> Result<PlanId, PlanIdError> {
        let err = |why| PlanIdError {
            id: s.to_string(),
            why,
        };
        let s_trim = s.strip_suffix(".toml").unwrap_or(s);
        let s_trim = s_trim.strip_prefix("plans/").unwrap_or(s_trim);
        if s_trim.contains("..") {
            return Err(err("`..` would lead outside plans/"));
        }
        if s_trim.starts_with('/') || s_trim.contains('\\') {
            return Err(err("it must be a path inside plans/"));
        }
        let Some((year, slug)) = s_trim.split_once('/') else {
            return Err(err("it has no year folder"));
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("the year must be four digits"));
        }
        if slug.is_empty() {
            return Err(err("the name after the year is empty"));
        }
        if slug.len() > 64 {
            return Err(err("the name is longer than 64 characters"));
        }
        if !slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(err("the name may hold only a-z, 0-9 and `-`"));
        }
        if slug.starts_with('-') || slug.ends_with('-') {
            return Err(err("the name may not start or end with `-`"));
        }
        let year = year
            .parse()
            .map_err(|_| err("the year must be four digits"))?;
        Ok(PlanId {
            year,
            slug: slug.to_string(),
        })
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The file's path relative to the workspace root, with `/` separators.
    pub fn rel_path(&self) -> String {
        format!("plans/{}/{}.toml", self.year, self.slug)
    }
}

impl fmt::Display for PlanId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.year, self.slug)
    }
}

impl std::str::FromStr for PlanId {
    type Err = PlanIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlanId::parse(s)
    }
}

/// A fresh six-character item id from `[a-z0-9]`, starting with a letter.
/// Within a process no two calls repeat: a counter goes through an affine
/// map that is a bijection of the id space, with a multiplier and offset
/// drawn at random per process (std's hasher keys and the clock), so ids
/// of different runs look unrelated.
pub fn new_item_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    /// Ids: a letter, then five letters or digits.
    const SPACE: u64 = 26 * 36 * 36 * 36 * 36 * 36;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static MAP: std::sync::OnceLock<(u64, u64)> = std::sync::OnceLock::new();
    let (mul, add) = *MAP.get_or_init(|| {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(d.as_nanos());
        }
        let r = h.finish();
        // SPACE = 2^11 · 3^10 · 13: a multiplier prime to it keeps the map one-to-one.
        let mut mul = (r % SPACE) | 1;
        while mul.is_multiple_of(3) || mul.is_multiple_of(13) {
            mul += 2;
        }
        (mul % SPACE, (r >> 32) % SPACE)
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed) % SPACE;
    let mut x = ((u128::from(mul) * u128::from(n) + u128::from(add)) % u128::from(SPACE)) as u64;
    let mut id = String::with_capacity(6);
    // An id starts with a letter so it never reads as a number.
    id.push(char::from(ALPHABET[(x % 26) as usize]));
    x /= 26;
    for _ in 0..5 {
        id.push(char::from(ALPHABET[(x % 36) as usize]));
        x /= 36;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_year_slash_slug_and_file_paths() {
        let id = PlanId::parse("2022/wangchang-cppcc-plan").expect("valid");
        assert_eq!(id.year(), 2022);
        assert_eq!(id.rel_path(), "plans/2022/wangchang-cppcc-plan.toml");
        assert_eq!(
            PlanId::parse("plans/2022/wangchang-cppcc-plan.toml").expect("valid"),
            id
        );
    }

    #[test]
    fn refuses_what_could_escape_or_is_not_a_slug() {
        for bad in [
            "2022/../../etc/passwd",
            "../2022/x",
            "/2022/x",
            "2022/工作计划",
            "2022/Plan",
            "2022/a b",
            "2022/a/b",
            "22/x",
            "2022/",
            "x",
            "2022/-x",
        ] {
            assert!(PlanId::parse(bad).is_err(), "{bad} should be refused");
        }
        let e = PlanId::parse("2022/../x").expect_err("refused");
        assert!(e.to_string().contains(".."), "{e}");
    }

    #[test]
    fn item_ids_are_short_lowercase_and_distinct() {
        // Distinct by construction, not by luck: enough calls that random
        // ids of this length would collide in most runs.
        let ids: std::collections::HashSet<String> = (0..200_000).map(|_| new_item_id()).collect();
        assert_eq!(ids.len(), 200_000);
        for id in &ids {
            assert_eq!(id.len(), 6);
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            );
            assert!(id.as_bytes()[0].is_ascii_lowercase());
        }
    }
}
