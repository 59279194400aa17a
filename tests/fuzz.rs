//! Fuzzing the readers of untrusted input: the plan loader (and the save
//! path that carries comments over), the importer (text and .docx) and the
//! keymap parser. Each gets random input and random mutations of real
//! files and of the small corpus in tests/fixtures/fuzz/: an answer or an
//! error every time, never a panic. Case counts stay modest so the suite
//! stays fast; `PROPTEST_CASES=20000 cargo test --test fuzz` digs deeper.

use std::path::Path;

use plandesk::import::{ImportOptions, import_file};
use plandesk::keymap::{Keymap, Source};
use plandesk::model::handwritten::carry_over;
use plandesk::model::{parse_plan, write_plan};
use plandesk::tui::Action;
use proptest::prelude::*;

/// `n` cases, or `PROPTEST_CASES` when set (to dig deeper by hand).
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

fn corpus(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(kind);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| {
            let p = e.expect("entry").path();
            (p.display().to_string(), std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

fn example_plans() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut out = Vec::new();
    for year in std::fs::read_dir(dir).expect("plans") {
        for f in std::fs::read_dir(year.expect("year").path()).expect("year dir") {
            out.push(std::fs::read(f.expect("file").path()).expect("read"));
        }
    }
    out
}

/// One edit of `bytes`: a byte replaced, inserted or removed, a range
/// duplicated or cut, chosen by `(at, what, byte)`.
fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
    for &(at, what, byte) in edits {
        let len = bytes.len();
        let i = if len == 0 { 0 } else { at % len };
        match what % 5 {
            0 if len > 0 => bytes[i] = byte,
            1 => bytes.insert(i.min(len), byte),
            2 if len > 0 => {
                bytes.remove(i);
            }
            3 if len > 0 => {
                let end = (i + usize::from(byte)).min(len);
                let piece = bytes[i..end].to_vec();
                bytes.splice(i..i, piece);
            }
            _ if len > 0 => {
                let end = (i + usize::from(byte)).min(len);
                bytes.drain(i..end);
            }
            _ => bytes.push(byte),
        }
    }
    bytes
}

/// Load, and when it loads, save and load again: the same plan, and the
/// comment-keeping save path agrees with the canonical one on the data.
fn load_and_save(text: &str) {
    if let Ok(plan) = parse_plan(text) {
        let canonical = write_plan(&plan);
        let again = parse_plan(&canonical).expect("a written plan reads back");
        assert_eq!(again, plan);
        let kept = carry_over(text, &canonical);
        assert_eq!(parse_plan(&kept).expect("kept comments read back"), plan);
    }
}

fn import_any(bytes: &[u8], name: &str) {
    let _ = import_file(bytes, name, &ImportOptions { year: Some(2022) });
}

fn keymap_of(text: &str) {
    let user = Source {
        name: "fuzz.toml".into(),
        text: text.to_string(),
    };
    let (_, errors) = Keymap::<Action>::build(&Source::builtin(), Some(&user));
    for e in errors {
        assert!(e.to_string().starts_with("fuzz.toml"), "{e}");
    }
}

#[test]
fn the_corpus_reads_without_panic() {
    for (name, bytes) in corpus("plan") {
        load_and_save(&String::from_utf8_lossy(&bytes));
        assert!(!name.is_empty());
    }
    for (name, bytes) in corpus("import") {
        import_any(&bytes, &name);
    }
    for (_, bytes) in corpus("keymap") {
        keymap_of(&String::from_utf8_lossy(&bytes));
    }
}

fn docx_seed() -> Vec<u8> {
    static SEED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    SEED.get_or_init(docx_of_example).clone()
}

fn docx_of_example() -> Vec<u8> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/2022/wangchang-cppcc-plan.toml"),
    )
    .expect("example plan");
    let plan = parse_plan(&text).expect("parse");
    plandesk::export::docx(&plan, &plandesk::export::DocxOptions::default()).expect("docx")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), ..ProptestConfig::default() })]

    #[test]
    fn plan_loader_takes_any_text(text in "\\PC{0,300}") {
        load_and_save(&text);
    }

    #[test]
    fn plan_loader_takes_mutated_plans(
        seed in 0usize..64,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        let mut seeds = example_plans();
        seeds.extend(corpus("plan").into_iter().map(|(_, b)| b));
        let bytes = mutate(seeds[seed % seeds.len()].clone(), &edits);
        load_and_save(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn text_importer_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        import_any(&bytes, "fuzz.txt");
    }

    #[test]
    fn text_importer_takes_mutated_documents(
        seed in 0usize..64,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..8),
    ) {
        let mut seeds: Vec<Vec<u8>> = corpus("import").into_iter().map(|(_, b)| b).collect();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        for name in ["traps.txt", "month_forms.txt", "targets.txt", "collection_pian1.txt"] {
            seeds.push(std::fs::read(fixtures.join(name)).expect("fixture"));
        }
        let bytes = mutate(seeds[seed % seeds.len()].clone(), &edits);
        import_any(&bytes, "fuzz.txt");
    }

    #[test]
    fn keymap_parser_takes_any_text(text in "(\\[[a-z.]{0,8}\\]\n|\"[a-z-]{0,12}\" = \"[a-z.]{0,14}\"\n|\\PC{0,20}\n){0,12}") {
        keymap_of(&text);
    }
}

proptest! {
    // A .docx is a zip of XML: mutations mostly break the zip, so these
    // cases are fewer but each is a real package bent a little.
    #![proptest_config(ProptestConfig { cases: cases(60), ..ProptestConfig::default() })]

    #[test]
    fn docx_importer_takes_mutated_packages(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..4),
    ) {
        let bytes = mutate(docx_seed(), &edits);
        import_any(&bytes, "fuzz.docx");
    }
}
