//! The finder on a generated workspace of 3,000 plans over 40 years (40
//! sections and 24 tasks each, about 200,000 items): building the index cold
//! (every plan parsed) and warm (from `.git/plandesk/finder`), and the time of
//! each keystroke of Chinese, ASCII and pinyin queries, each searched after
//! the query one character shorter (as typed), and a phrase from the bodies.
//!
//! `FIND_BENCH_DIR=/some/dir` keeps the generated workspace there, with
//! `items.txt` (every item's path, one a line) for comparing with fzf.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use plandesk::model::{Kind, Plan, PlanId, Section, Status, Target, Task, write_plan};
use plandesk::search::{self, Finder, Openings, PlanSource};
use plandesk::store::Workspace;

const YEARS: i32 = 40;
const PLANS: usize = 3000;
const SECTIONS: usize = 40;
const TASKS: usize = 24;

const WORDS: &[&str] = &[
    "加强",
    "理论",
    "学习",
    "民主",
    "监督",
    "专题",
    "调研",
    "视察",
    "活动",
    "组织",
    "委员",
    "政协",
    "提案",
    "社情民意",
    "经济",
    "发展",
    "教育",
    "卫生",
    "财政",
    "农业",
    "工业",
    "乡村",
    "振兴",
    "安全",
    "生产",
    "环境",
    "整治",
    "项目",
    "建设",
    "服务",
    "群众",
    "矛盾",
    "化解",
    "协商",
    "培训",
    "会议",
    "检查",
    "评议",
    "规划",
    "改革",
    "银行",
    "长江",
    "重点",
    "调整",
    "行动",
    "干部",
    "作风",
    "党建",
    "文化",
    "旅游",
    "交通",
    "水利",
    "防汛",
    "医疗",
    "养老",
    "就业",
    "社区",
    "网格",
    "治理",
    "GDP",
    "5G基站",
    "PPP项目",
    "数字化",
    "营商",
    "环境",
    "招商",
    "引资",
    "企业",
    "帮扶",
];

/// A small deterministic generator (an LCG): the same workspace every run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    /// `n` to `n + 2` words.
    fn some_words(&mut self, n: usize) -> String {
        let extra = self.next() % 3;
        self.words(n + extra)
    }
    fn words(&mut self, n: usize) -> String {
        (0..n).map(|_| WORDS[self.next() % WORDS.len()]).collect()
    }
}

fn plan(g: &mut Gen, year: i32, n: usize) -> Plan {
    let kind = if n % 5 == 4 {
        Kind::Summary
    } else {
        Kind::Plan
    };
    let mut p = Plan::new(format!("{}{year}年第{n}号工作计划", g.words(2)), year, kind);
    for i in 0..SECTIONS {
        p.sections.push(Section {
            id: format!("s{i}"),
            depth: [1, 2, 3, 3, 2][i % 5],
            heading: g.some_words(3),
            body: format!(
                "{}，{}。{}，{}。",
                g.words(4),
                g.words(5),
                g.words(3),
                g.words(4)
            ),
        });
    }
    for i in 0..3 {
        p.targets.push(Target {
            id: format!("g{i}"),
            name: g.words(2),
            target: format!("增长{}%", g.next() % 20),
            actual: None,
        });
    }
    for i in 0..TASKS {
        p.tasks.push(Task {
            id: format!("t{i}"),
            month: (i % 12) as u8 + 1,
            period: None,
            text: format!("组织{}", g.some_words(3)),
            status: if i % 3 == 0 {
                Status::Done
            } else {
                Status::Todo
            },
            done_on: (i % 3 == 0)
                .then(|| chrono::NaiveDate::from_ymd_opt(year, (i % 12) as u32 + 1, 10))
                .flatten(),
            owner: None,
        });
    }
    p
}

fn plans() -> Vec<(PlanId, Plan)> {
    let mut g = Gen(7);
    (0..PLANS)
        .map(|n| {
            let year = 1986 + (n as i32 % YEARS);
            let id = PlanId::new(year, &format!("plan-{n}")).expect("id");
            (id, plan(&mut g, year, n))
        })
        .collect()
}

/// The plans written to a git repository at `dir`, committed once.
fn workspace(dir: &Path, plans: &[(PlanId, Plan)]) -> Workspace {
    let repo = git2::Repository::init(dir).expect("init");
    let mut cfg = repo.config().expect("config");
    cfg.set_str("user.name", "bench").expect("name");
    cfg.set_str("user.email", "bench@example.org")
        .expect("email");
    std::fs::write(dir.join("plandesk.toml"), "name = \"bench\"\n").expect("settings");
    for (id, p) in plans {
        let path = dir.join(id.rel_path());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, write_plan(p)).expect("write");
    }
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = repo.signature().expect("sig");
    repo.commit(Some("HEAD"), &sig, &sig, "generated", &tree, &[])
        .expect("commit");
    Workspace::open(dir).expect("open")
}

fn sources(ws: &Workspace) -> Vec<PlanSource> {
    ws.plan_files()
        .expect("plan files")
        .files
        .into_iter()
        .map(|f| PlanSource {
            id: f.id,
            blob: f.blob.map(|b| b.to_string()).unwrap_or_default(),
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let plans = plans();
    let keep = std::env::var_os("FIND_BENCH_DIR").map(std::path::PathBuf::from);
    let temp = tempfile::TempDir::new().expect("temp dir");
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    let ws = workspace(&dir, &plans);
    let src = sources(&ws);
    let index_file = ws.git_dir().join(search::INDEX_FILE);

    let mut g = c.benchmark_group("finder index (3,000 plans)");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("cold: every plan parsed", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&index_file);
            let r = search::refresh(ws.git_dir(), &src, |id| ws.load(id)).expect("refresh");
            assert_eq!(r.parsed, PLANS);
            black_box(r.index)
        })
    });
    g.bench_function("warm: from the index file", |b| {
        b.iter(|| {
            let r = search::refresh(ws.git_dir(), &src, |id| ws.load(id)).expect("refresh");
            assert_eq!(r.parsed, 0);
            black_box(r.index)
        })
    });
    g.bench_function("warm, with the blob ids from the store", |b| {
        b.iter(|| {
            let src = sources(&ws);
            let r = search::refresh(ws.git_dir(), &src, |id| ws.load(id)).expect("refresh");
            black_box(r.index)
        })
    });
    g.finish();

    let index = search::refresh(ws.git_dir(), &src, |id| ws.load(id))
        .expect("refresh")
        .index;
    if let Some(dir) = &keep {
        let mut finder = Finder::new(index.clone());
        let all = finder.search("", usize::MAX, &Openings::default());
        let lines: String = all
            .hits
            .iter()
            .map(|h| finder.found("", h).path + "\n")
            .collect();
        std::fs::write(dir.join("items.txt"), lines).expect("items.txt");
    }
    let items = index.len();
    let mut finder = Finder::new(index);
    let none = Openings::default();

    let mut g = c.benchmark_group(format!("keystroke ({items} items)"));
    g.sample_size(30);
    let queries: &[(&str, &[&str])] = &[
        ("chinese", &["民", "民主", "民主监", "民主监督调研"]),
        ("ascii", &["g", "gd", "gdp", "gdp 10"]),
        ("pinyin", &["m", "mi", "min", "minzhu"]),
        ("initials", &["m", "mz", "mzj", "mzjdzt"]),
        ("body phrase", &["评议", "社区网格"]),
    ];
    for (name, steps) in queries {
        for (k, q) in steps.iter().enumerate() {
            let before = k.checked_sub(1).map(|p| steps[p]);
            g.bench_function(format!("{name} {q:?}"), |b| {
                b.iter_custom(|iters| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iters {
                        // The keystroke before, untimed: this one narrows it.
                        finder.search(before.unwrap_or(""), 50, &none);
                        let t = Instant::now();
                        let m = finder.search(q, 50, &none);
                        let shown: Vec<_> =
                            m.hits.iter().take(30).map(|h| finder.found(q, h)).collect();
                        spent += t.elapsed();
                        black_box(shown);
                    }
                    spent
                })
            });
        }
    }
    g.finish();

    // The libraries considered, on the same paths (Chinese only: neither knows
    // pinyin), one full scan each, against the finder's own full scan.
    let paths: Vec<String> = {
        let all = finder.search("", usize::MAX, &none);
        all.hits.iter().map(|h| finder.found("", h).path).collect()
    };
    let mut g = c.benchmark_group(format!("full scan, libraries ({} paths)", paths.len()));
    g.sample_size(10);
    for q in ["民", "民主监督"] {
        let skim = fuzzy_matcher::skim::SkimMatcherV2::default();
        g.bench_function(format!("fuzzy-matcher skim v2 {q:?}"), |b| {
            b.iter(|| {
                use fuzzy_matcher::FuzzyMatcher as _;
                paths
                    .iter()
                    .filter(|p| skim.fuzzy_match(p, q).is_some())
                    .count()
            })
        });
        let mut config = nucleo_matcher::Config::DEFAULT;
        config.normalize = false;
        config.ignore_case = false;
        let mut matcher = nucleo_matcher::Matcher::new(config);
        let haystacks: Vec<nucleo_matcher::Utf32String> = paths
            .iter()
            .map(|p| p.to_lowercase().as_str().into())
            .collect();
        let pattern = nucleo_matcher::pattern::Pattern::new(
            q,
            nucleo_matcher::pattern::CaseMatching::Respect,
            nucleo_matcher::pattern::Normalization::Never,
            nucleo_matcher::pattern::AtomKind::Fuzzy,
        );
        g.bench_function(
            format!("nucleo-matcher, no case folding or normalisation {q:?}"),
            |b| {
                b.iter(|| {
                    haystacks
                        .iter()
                        .filter(|h| pattern.score(h.slice(..), &mut matcher).is_some())
                        .count()
                })
            },
        );
        g.bench_function(format!("this finder, not narrowed {q:?}"), |b| {
            b.iter(|| {
                finder.search("", 1, &none);
                black_box(finder.search(q, 50, &none).total)
            })
        });
    }
    g.finish();
}

criterion_group!(find, benches);
criterion_main!(find);
