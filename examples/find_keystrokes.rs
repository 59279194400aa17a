//! The finder's keystrokes of `benches/find.rs`, one by one, on the
//! workspace that benchmark keeps in `FIND_BENCH_DIR`: a small driver for
//! counting instructions under callgrind (each keystroke is one call of
//! `keystroke`) and for a quick look at the times without criterion.
//!
//! ```sh
//! FIND_BENCH_DIR=/some/dir cargo bench --bench find   # makes the workspace once
//! FIND_BENCH_DIR=/some/dir cargo run --release --example find_keystrokes -- 20
//! FIND_BENCH_DIR=/some/dir cargo run --release --example find_keystrokes -- 200 民主 gd
//! # each keystroke as typed for the first time (no phrase kept from a round before)
//! FIND_FRESH_PHRASES=1 FIND_BENCH_DIR=/some/dir cargo run --release --example find_keystrokes -- 60
//! FIND_BENCH_DIR=/some/dir valgrind --tool=callgrind --toggle-collect='*keystroke*' \
//!     --dump-after='*keystroke*' target/release/examples/find_keystrokes 1
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use plandesk::search::{self, Finder, Openings, PlanSource};
use plandesk::store::Workspace;

const QUERIES: &[&[&str]] = &[
    &["民", "民主", "民主监", "民主监督调研"],
    &["g", "gd", "gdp", "gdp 10"],
    &["m", "mi", "min", "minzhu"],
    &["m", "mz", "mzj", "mzjdzt"],
    &["评议"],
    &["社区网格"],
];

/// One keystroke as the benchmark times it: the search, and the rows shown.
#[inline(never)]
fn keystroke(finder: &mut Finder, q: &str, none: &Openings) -> usize {
    let m = finder.search(q, 50, none);
    let shown: Vec<_> = m.hits.iter().take(30).map(|h| finder.found(q, h)).collect();
    black_box(shown).len() + m.total
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::var_os("FIND_BENCH_DIR").ok_or("set FIND_BENCH_DIR")?;
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10);
    // Only the keystrokes named after the rounds, when any are (each still
    // searched after the one before it).
    let only: Vec<String> = std::env::args().skip(2).collect();
    // FIND_FRESH_PHRASES=1: every round types its keystrokes for the first
    // time, nothing kept from the round before.
    let fresh_phrases = std::env::var_os("FIND_FRESH_PHRASES").is_some();
    let ws = Workspace::open(std::path::Path::new(&dir))?;
    let src: Vec<PlanSource> = ws
        .plan_files()?
        .files
        .into_iter()
        .map(PlanSource::from)
        .collect();
    let t = Instant::now();
    let index = search::refresh(ws.git_dir(), &src, |id| ws.load(id))?.index;
    let loaded = t.elapsed();
    let t = Instant::now();
    let mut finder = Finder::new(index.clone());
    println!(
        "index from the file {:.1} ms, Finder::new {:.1} ms ({} items)",
        loaded.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3,
        index.len()
    );
    let none = Openings::default();
    for steps in QUERIES {
        for (k, q) in steps.iter().enumerate() {
            let before = k.checked_sub(1).map_or("", |p| steps[p]);
            if !only.is_empty() && !only.iter().any(|o| o == q) {
                continue;
            }
            // Typed for the first time: on a new finder, with nothing kept
            // from earlier searches.
            let mut fresh = Finder::new(index.clone());
            fresh.search(before, 50, &none);
            let t = Instant::now();
            keystroke(&mut fresh, q, &none);
            let first = t.elapsed();
            drop(fresh);
            let mut times: Vec<Duration> = Vec::with_capacity(rounds);
            let mut total = 0;
            for _ in 0..rounds {
                if fresh_phrases {
                    // Each keystroke before this one typed in turn.
                    finder.retype(&steps[..k], 50);
                } else {
                    finder.search(before, 50, &none);
                }
                let t = Instant::now();
                total = keystroke(&mut finder, q, &none);
                times.push(t.elapsed());
            }
            times.sort();
            let median = times.get(rounds / 2).copied().unwrap_or_default();
            let least = times.first().copied().unwrap_or_default();
            println!(
                "{q:<14} median {:>7.2} ms  least {:>7.2} ms  first {:>7.2} ms  ({total})",
                median.as_secs_f64() * 1e3,
                least.as_secs_f64() * 1e3,
                first.as_secs_f64() * 1e3
            );
        }
    }
    Ok(())
}
