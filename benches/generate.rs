//! Makes (or finds) the generated county workspaces and prints where they
//! are, one `<commits> <folder>` line each: `benches/compare.sh` runs it
//! first. As a bench it measures nothing; it only makes sure the workspaces
//! the other benches use exist.

#[path = "support/mod.rs"]
mod support;

fn main() {
    for commits in support::sizes() {
        let g = support::workspace(commits);
        println!("{commits} {}", g.root.display());
    }
}
