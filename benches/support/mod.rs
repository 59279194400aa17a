//! A county's 40 years of plans, generated once and kept under
//! `target/bench-workspaces/`: 3,000 plans (75 a year, 1987–2026), about 40
//! sections and 24 tasks each, and a history of N commits that follows
//! plandesk's conventions (one plan a commit, `Plan:` / `Action:` trailers,
//! ticks, edits, submit / approve / return with `Approved-by:` by an approver
//! of `plandesk.toml`, now and then a plain-git commit without trailers).
//!
//! The history is written as one `git fast-import` stream; then the working
//! tree is checked out and the index written, so plandesk and git open it as
//! any workspace. Everything is deterministic (a seeded splitmix64), and a
//! folder is regenerated only when [`VERSION`] changes.
//!
//! Included by each bench with `#[path = "support/mod.rs"] mod support;`.

#![allow(dead_code)] // each bench uses its own part of it

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::{Datelike, FixedOffset, NaiveDate, TimeZone};
use plandesk::model::schedule::month_name;
use plandesk::model::write_plan;
use plandesk::model::{Approval, ApprovalState, Kind, Plan, PlanId, Section, Status, Target, Task};
use plandesk::store::{Action, Change};

/// Bump when the generated content changes: cached folders of another
/// version are left alone and a new one is made.
pub const VERSION: u32 = 1;

pub const FIRST_YEAR: i32 = 1987;
pub const LAST_YEAR: i32 = 2026;
pub const PLANS_PER_YEAR: usize = 75;
pub const PLANS: usize = PLANS_PER_YEAR * (LAST_YEAR - FIRST_YEAR + 1) as usize;
pub const SECTIONS: usize = 40;
pub const TASKS: usize = 24;

/// The history sizes the benches measure; `PLANDESK_BENCH_SIZES=20000`
/// (comma-separated) chooses others.
pub fn sizes() -> Vec<usize> {
    match std::env::var("PLANDESK_BENCH_SIZES") {
        Ok(s) if !s.trim().is_empty() => {
            s.split(',').filter_map(|n| n.trim().parse().ok()).collect()
        }
        _ => vec![20_000, 100_000],
    }
}

/// A generated workspace and what the benches need to know about it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub root: PathBuf,
    pub commits: usize,
    /// The busiest plan of last year: many commits, approved.
    pub busy: PlanId,
    /// The plan a tick goes to (this year's busiest) and a task of it still to do.
    pub tick_plan: PlanId,
    pub tick_task: String,
    /// The title of the first plan the UI shows (the newest year, smallest id).
    pub first_title: String,
    /// The month whose agenda is measured (this year's last month of work).
    pub agenda_year: i32,
    pub agenda_month: u8,
}

impl Generated {
    /// `plans/<year>/<slug>.toml` of `id`.
    pub fn file(id: &PlanId) -> String {
        id.rel_path()
    }
}

/// The workspace with `commits` commits: reused from `target/bench-workspaces/`
/// when there, else generated (a few minutes for 100,000 commits).
pub fn workspace(commits: usize) -> Generated {
    let dir = cache_dir().join(format!("county-{commits}-v{VERSION}"));
    if let Some(g) = read_info(&dir, commits) {
        return g;
    }
    std::fs::create_dir_all(cache_dir()).expect("bench cache folder");
    let tmp = cache_dir().join(format!("county-{commits}-v{VERSION}.tmp"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).expect("remove a half-made workspace");
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove an unfinished workspace");
    }
    let started = Instant::now();
    eprintln!("generating {} ({commits} commits)…", dir.display());
    generate(&tmp, commits);
    std::fs::rename(&tmp, &dir).expect("move the workspace in place");
    eprintln!("generated in {:.1?}", started.elapsed());
    read_info(&dir, commits).expect("the generated workspace's info")
}

/// Where the generated workspaces are kept: `$PLANDESK_BENCH_DIR`, else
/// `bench-workspaces/` in the target folder that holds this bench binary.
pub fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("PLANDESK_BENCH_DIR") {
        return PathBuf::from(d);
    }
    let exe = std::env::current_exe().expect("bench binary path");
    // <target>/<profile>/deps/<bench>
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-workspaces")
}

/// A throwaway copy of `g` for benches that commit (the cached one stays as made).
pub fn copy_of(g: &Generated) -> (tempfile::TempDir, Generated) {
    let tmp = tempfile::Builder::new()
        .prefix("plandesk-bench-")
        .tempdir_in(cache_dir())
        .expect("temp dir");
    let to = tmp.path().join("ws");
    let ok = Command::new("cp")
        .arg("-a")
        .arg(&g.root)
        .arg(&to)
        .status()
        .expect("cp")
        .success();
    assert!(ok, "copying {} failed", g.root.display());
    let mut copy = g.clone();
    copy.root = to;
    (tmp, copy)
}

/// The info file is written last, inside `.git/` (out of the working tree),
/// as `KEY=value` lines a shell can source.
fn info_path(dir: &Path) -> PathBuf {
    dir.join(".git").join("bench.env")
}

fn read_info(dir: &Path, commits: usize) -> Option<Generated> {
    let text = std::fs::read_to_string(info_path(dir)).ok()?;
    let kv: BTreeMap<&str, &str> = text
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k, v.trim_matches('\'')))
        .collect();
    Some(Generated {
        root: dir.to_path_buf(),
        commits,
        busy: PlanId::parse(kv.get("BUSY_PLAN")?).ok()?,
        tick_plan: PlanId::parse(kv.get("TICK_PLAN")?).ok()?,
        tick_task: kv.get("TICK_TASK")?.to_string(),
        first_title: kv.get("FIRST_TITLE")?.to_string(),
        agenda_year: kv.get("AGENDA_YEAR")?.parse().ok()?,
        agenda_month: kv.get("AGENDA_MONTH")?.parse().ok()?,
    })
}

// ---------------------------------------------------------------- text

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const PLACES: [(&str, &str); 25] = [
    ("汪场镇", "wangchang"),
    ("城关镇", "chengguan"),
    ("张沟镇", "zhanggou"),
    ("杨林尾镇", "yanglinwei"),
    ("彭场镇", "pengchang"),
    ("沙湖镇", "shahu"),
    ("郑场镇", "zhengchang"),
    ("毛嘴镇", "maozui"),
    ("剅河镇", "douhe"),
    ("三伏潭镇", "sanfutan"),
    ("胡场镇", "huchang"),
    ("长埫口镇", "changtangkou"),
    ("西流河镇", "xiliuhe"),
    ("通海口镇", "tonghaikou"),
    ("陈场镇", "chenchang"),
    ("工业园区", "gongyeyuan"),
    ("干河街道", "ganhe"),
    ("龙华山街道", "longhuashan"),
    ("沔城回族镇", "miancheng"),
    ("排湖风景区", "paihu"),
    ("五湖渔场", "wuhu"),
    ("九合垸原种场", "jiuheyuan"),
    ("杜湖街道", "duhu"),
    ("郭河镇", "guohe"),
    ("沙嘴街道", "shazui"),
];

const BODIES: [(&str, &str); 3] = [
    ("政协联络处", "cppcc"),
    ("人民政府", "gov"),
    ("卫生院", "hospital"),
];

const HEADINGS: &[&str] = &[
    "强化学习，提高履职能力和水平",
    "围绕中心，服务大局，认真履行职能",
    "深入开展调查研究，积极建言献策",
    "加强委员队伍建设，发挥主体作用",
    "扎实推进民生实事，办好群众身边事",
    "抓好招商引资，壮大镇域经济",
    "加快农业产业结构调整",
    "推进美丽乡村建设，改善人居环境",
    "落实安全生产责任，守住安全底线",
    "加强基层党组织建设",
    "做好社会救助和优抚安置工作",
    "提升基本医疗和公共卫生服务水平",
    "推进教育均衡发展",
    "加强社会治安综合治理",
    "抓好防汛抗旱和水利建设",
    "深化农村集体产权制度改革",
    "加强作风建设，提高办事效率",
    "强化财政管理，严格控制支出",
    "做好征兵和民兵整组工作",
    "推进精神文明建设",
    "加强生态环境保护",
    "落实计划生育和人口服务",
    "抓好重点项目建设",
    "做好信访维稳工作",
];

const SENTENCES: &[&str] = &[
    "结合形势发展需要，采取集中与分散相结合的方式，集中组织政协委员全年学习四次。",
    "坚持以人民为中心的发展思想，把群众满意作为衡量工作的根本标准。",
    "围绕镇党委、政府的中心工作，组织委员深入村组、企业开展专题调研，形成有分量的调研报告。",
    "加强与市政协的沟通联系，及时传达上级精神，确保各项工作部署落到实处。",
    "建立健全委员联系群众制度，每名委员每年至少联系五户困难群众。",
    "全年计划完成固定资产投资一点二亿元，新引进项目三个以上。",
    "进一步完善村级公益事业一事一议财政奖补制度，改善农村生产生活条件。",
    "认真组织开展安全生产大检查，对排查出的隐患建立台账，限期整改到位。",
    "加大对重点企业的服务力度，帮助企业解决用工、用地和融资方面的困难。",
    "完成农村公路硬化十二公里，新建桥梁两座，改造危桥一座。",
    "深入开展“四城同创”活动，集中整治集镇环境卫生，做到垃圾日产日清。",
    "做好新型农村合作医疗参合工作，参合率稳定在百分之九十八以上。",
    "认真落实防汛责任制，汛前完成沟渠清淤和泵站检修，确保安全度汛。",
    "加强对委员提案办理情况的跟踪督办，提高提案办理质量和办复满意率。",
    "以创建文明村镇为载体，开展道德讲堂、好媳妇好婆婆评选等活动。",
    "严格执行中央八项规定精神，厉行勤俭节约，坚决反对铺张浪费。",
    "组织委员开展视察活动，对全镇重点项目建设进度进行督查。",
    "加快推进高标准农田建设，新增有效灌溉面积三千亩。",
    "开展一次献爱心活动，组织委员继续捐助家庭困难学生完成学业。",
    "落实村级财务公开制度，每季度公开一次，接受群众监督。",
    "抓好春季植树造林，完成通道绿化二十公里，新增林地面积五百亩。",
    "健全矛盾纠纷排查调处机制，做到小事不出村、大事不出镇。",
    "做好城乡居民养老保险扩面征缴工作，确保应保尽保。",
    "加强卫生院基础设施建设，完成门诊楼改造，添置必要的诊疗设备。",
    "坚持每月召开一次工作例会，听取各口工作汇报，研究解决存在的问题。",
    "推进农业机械化，全镇农机总动力达到八万千瓦。",
    "认真开展“三下乡”活动，把科技、文化、卫生送到农民家门口。",
    "加强对留守儿童和空巢老人的关爱帮扶，落实结对帮扶责任人。",
    "抓好秸秆禁烧和综合利用，确保全年不发生大面积焚烧现象。",
    "规范集镇建设管理，严格控制违法违章建筑。",
    "完善政务公开和便民服务中心建设，实行一站式服务。",
    "组织开展民兵应急分队训练，提高处置突发事件的能力。",
];

const TASK_VERBS: &[&str] = &[
    "组织政协委员开展",
    "召开",
    "完成",
    "开展一次",
    "督办",
    "组织全体干部参加",
    "配合市政协做好",
    "集中开展",
];

const TASK_OBJECTS: &[&str] = &[
    "农村公路建设专题调研",
    "委员学习培训",
    "献爱心捐助活动",
    "安全生产大检查",
    "防汛抗旱准备工作",
    "提案办理情况督查",
    "重点项目建设视察",
    "春季植树造林",
    "农田水利冬修",
    "民主评议政风行风",
    "计划生育集中服务",
    "征兵体检和政审",
    "秸秆禁烧巡查",
    "年度工作总结和考核",
    "困难群众走访慰问",
    "环境卫生集中整治",
];

const STAFF: [(&str, &str); 6] = [
    ("张敏", "zhangmin@example.org"),
    ("刘建国", "liujianguo@example.org"),
    ("陈晓燕", "chenxiaoyan@example.org"),
    ("赵伟", "zhaowei@example.org"),
    ("周丽华", "zhoulihua@example.org"),
    ("黄志强", "huangzhiqiang@example.org"),
];

const APPROVERS: [(&str, &str); 2] = [("王主席", "wang@example.org"), ("李书记", "li@example.org")];

fn settings_text() -> String {
    let emails: Vec<String> = APPROVERS.iter().map(|(_, e)| format!("\"{e}\"")).collect();
    format!(
        "name = \"沔阳县各乡镇工作计划（基准测试）\"\napprovers = [{}]\n",
        emails.join(", ")
    )
}

/// The id and title of org `n` (0..75) in `year`. Org 0 is always
/// `wangchang-cppcc-plan`, the busiest plan of its year.
fn org(n: usize, year: i32) -> (PlanId, String, Kind) {
    let (place, p) = PLACES[n % PLACES.len()];
    let (body, b) = BODIES[n / PLACES.len()];
    let kind = if n % 5 == 4 {
        Kind::Summary
    } else {
        Kind::Plan
    };
    let (suffix, word) = match kind {
        Kind::Plan => ("plan", "工作计划"),
        Kind::Summary => ("summary", "工作总结"),
    };
    let id = PlanId::new(year, &format!("{p}-{b}-{suffix}")).expect("generated id");
    (id, format!("{place}{body}{year}年{word}"), kind)
}

fn item_id(rng: &mut Rng, taken: &mut std::collections::HashSet<String>) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    loop {
        let mut n = rng.next();
        let mut id = String::with_capacity(6);
        id.push(char::from(ALPHABET[(n % 26) as usize]));
        n /= 26;
        for _ in 0..5 {
            id.push(char::from(ALPHABET[(n % 36) as usize]));
            n /= 36;
        }
        if taken.insert(id.clone()) {
            return id;
        }
    }
}

fn body(rng: &mut Rng) -> String {
    let n = 2 + rng.below(4);
    (0..n).map(|_| rng.pick(SENTENCES)).collect()
}

fn new_plan(rng: &mut Rng, n: usize, year: i32) -> (PlanId, Plan) {
    let (id, title, kind) = org(n, year);
    let (place, _) = PLACES[n % PLACES.len()];
    let (orgname, _) = BODIES[n / PLACES.len()];
    let mut p = Plan::new(title, year, kind);
    p.org = Some(format!("{place}{orgname}"));
    p.date = NaiveDate::from_ymd_opt(year, 1, 10 + (n % 15) as u32);
    p.intro = format!(
        "{year}年，我{}在上级的正确领导下，{}",
        orgname,
        rng.pick(SENTENCES)
    );
    p.schedule = format!("{year}年{place}{orgname}分月工作计划");
    let mut taken = std::collections::HashSet::new();
    for (name, target) in [
        ("地区生产总值", format!("增长{}%", 6 + rng.below(8))),
        ("财政收入", format!("{}万元", 800 + rng.below(3000))),
        ("招商引资", format!("{}个项目", 2 + rng.below(6))),
        ("农民人均纯收入", format!("增长{}%", 5 + rng.below(6))),
    ] {
        p.targets.push(Target {
            id: item_id(rng, &mut taken),
            name: name.to_string(),
            target,
            actual: None,
        });
    }
    let depths = [1u8, 2, 3, 3, 2, 3, 1, 2, 3, 3];
    for i in 0..SECTIONS {
        p.sections.push(Section {
            id: item_id(rng, &mut taken),
            depth: depths[i % depths.len()],
            heading: rng.pick(HEADINGS).to_string(),
            body: body(rng),
        });
    }
    for i in 0..TASKS {
        p.tasks.push(Task {
            id: item_id(rng, &mut taken),
            month: (i / 2) as u8 + 1,
            period: None,
            text: format!("{}{}", rng.pick(TASK_VERBS), rng.pick(TASK_OBJECTS)),
            status: Status::Todo,
            done_on: None,
            owner: (i % 4 == 0).then(|| STAFF[i % STAFF.len()].0.to_string()),
        });
    }
    (id, p)
}

// ---------------------------------------------------------------- history

struct Person {
    name: &'static str,
    email: &'static str,
}

impl Person {
    fn line(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }
}

/// One commit of the stream: who, when, the message, one plan file's new text.
struct Stream<W: std::io::Write> {
    out: W,
    mark: usize,
}

impl<W: std::io::Write> Stream<W> {
    fn commit(&mut self, who: &Person, at: i64, message: &str, path: &str, contents: &[u8]) {
        self.mark += 1;
        let o = &mut self.out;
        let line = format!("{} {at} +0800", who.line());
        writeln!(o, "commit refs/heads/main\nmark :{}", self.mark).expect("stream");
        writeln!(o, "author {line}\ncommitter {line}").expect("stream");
        writeln!(o, "data {}\n{message}", message.len()).expect("stream");
        if self.mark > 1 {
            writeln!(o, "from :{}", self.mark - 1).expect("stream");
        }
        writeln!(o, "M 100644 inline {path}\ndata {}", contents.len()).expect("stream");
        o.write_all(contents).expect("stream");
        writeln!(o).expect("stream");
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn generate(dir: &Path, commits: usize) {
    let years = (LAST_YEAR - FIRST_YEAR + 1) as usize;
    assert!(
        commits >= 1 + PLANS + years,
        "at least {} commits",
        1 + PLANS + years
    );
    std::fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "基准"]);
    git(dir, &["config", "user.email", "bench@example.org"]);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["fast-import", "--quiet", "--done"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let stdin = child.stdin.take().expect("fast-import stdin");
    let mut s = Stream {
        out: std::io::BufWriter::with_capacity(1 << 20, stdin),
        mark: 0,
    };
    let mut rng = Rng(0x706c_616e_6465_736b ^ commits as u64);
    let tz = FixedOffset::east_opt(8 * 3600).expect("+08:00");
    let start = tz
        .with_ymd_and_hms(FIRST_YEAR, 1, 2, 9, 0, 0)
        .single()
        .expect("start");
    s.commit(
        &Person {
            name: STAFF[0].0,
            email: STAFF[0].1,
        },
        start.timestamp(),
        "Workspace settings: who may approve\n",
        "plandesk.toml",
        settings_text().as_bytes(),
    );

    // Commits per year after its 75 new plans: the rest shared evenly.
    let rest = commits - 1 - PLANS;
    let mut info = BTreeMap::new();
    for (y, year) in (FIRST_YEAR..=LAST_YEAR).enumerate() {
        let budget = rest / years + usize::from(y < rest % years);
        let total = PLANS_PER_YEAR + budget;
        // This year's work runs to 20 November; earlier years to mid-December.
        let first = tz
            .with_ymd_and_hms(year, 1, 4, 8, 30, 0)
            .single()
            .expect("date");
        let last = if year == LAST_YEAR {
            tz.with_ymd_and_hms(year, 11, 20, 17, 30, 0)
        } else {
            tz.with_ymd_and_hms(year, 12, 15, 17, 30, 0)
        }
        .single()
        .expect("date");
        let step = (last.timestamp() - first.timestamp()) / total as i64;
        let mut k = 0usize;
        let mut when = || {
            let t = first.timestamp() + step * k as i64;
            k += 1;
            t
        };
        let mut plans: Vec<(PlanId, Plan)> = (0..PLANS_PER_YEAR)
            .map(|n| new_plan(&mut rng, n, year))
            .collect();
        for (n, (id, p)) in plans.iter().enumerate() {
            let who = staff(n);
            let msg = Change::new(Action::New, p.title.clone()).message(id);
            s.commit(&who, when(), &msg, &id.rel_path(), write_plan(p).as_bytes());
        }
        let mut left = budget;
        while left > 0 {
            // Sessions on one plan: the office's own plan (org 0) gets 15%.
            let n = if rng.chance(15) {
                0
            } else {
                rng.below(PLANS_PER_YEAR)
            };
            let run = (1 + rng.below(6)).min(left);
            for _ in 0..run {
                let t = when();
                let date = tz.timestamp_opt(t, 0).single().expect("time");
                let (id, plan) = &mut plans[n];
                let (who, msg) = step_plan(&mut rng, plan, id, n, date);
                s.commit(&who, t, &msg, &id.rel_path(), write_plan(plan).as_bytes());
            }
            left -= run;
        }
        if year == LAST_YEAR {
            let mut ids: Vec<&(PlanId, Plan)> = plans.iter().collect();
            ids.sort_by(|a, b| a.0.cmp(&b.0));
            info.insert("FIRST_TITLE", ids[0].1.title.clone());
            let (id, plan) = &plans[0];
            let todo = plan
                .tasks
                .iter()
                .find(|t| t.month == 12 && t.status == Status::Todo)
                .expect("a December task to do");
            info.insert("TICK_PLAN", id.to_string());
            info.insert("TICK_TASK", todo.id.clone());
            info.insert("AGENDA_YEAR", year.to_string());
            info.insert("AGENDA_MONTH", "11".to_string());
        }
        if year == LAST_YEAR - 1 {
            info.insert("BUSY_PLAN", plans[0].0.to_string());
        }
    }
    writeln!(s.out, "done").expect("stream");
    drop(s);
    let status = child.wait().expect("fast-import");
    assert!(status.success(), "git fast-import failed");
    git(dir, &["reset", "-q", "--hard", "main"]);
    git(
        dir,
        &["commit-graph", "write", "--reachable", "--changed-paths"],
    );
    let busy = info.get("BUSY_PLAN").expect("busy plan").clone();
    info.insert("BUSY_FILE", PlanId::parse(&busy).expect("id").rel_path());
    info.insert("COMMITS", commits.to_string());
    let text: String = info.iter().map(|(k, v)| format!("{k}='{v}'\n")).collect();
    std::fs::write(info_path(dir), text).expect("bench.env");
}

fn staff(n: usize) -> Person {
    let (name, email) = STAFF[n % STAFF.len()];
    Person { name, email }
}

/// One change to `plan`, as a person would make it on `date`: a tick, an
/// edit, an approval step, or now and then a plain-git edit. Returns the
/// author and the commit message.
fn step_plan(
    rng: &mut Rng,
    plan: &mut Plan,
    id: &PlanId,
    n: usize,
    date: chrono::DateTime<FixedOffset>,
) -> (Person, String) {
    let month = date.month() as u8;
    let state = plan.state();
    let who = staff(n + rng.below(2));
    let approver = || {
        let (name, email) = APPROVERS[n % APPROVERS.len()];
        Person { name, email }
    };
    // Approval steps, most of them from March on.
    if month >= 3 {
        match state {
            ApprovalState::Draft | ApprovalState::Returned if rng.chance(6) => {
                plan.approval = Some(Approval {
                    state: ApprovalState::Submitted,
                    by: Some(who.line()),
                    at: Some(date),
                    note: None,
                });
                let msg = Change::new(Action::Submit, plan.title.clone()).message(id);
                return (who, msg);
            }
            ApprovalState::Submitted if rng.chance(50) => {
                let a = approver();
                if rng.chance(15) {
                    let note = "请补充具体措施和完成时限";
                    plan.approval = Some(Approval {
                        state: ApprovalState::Returned,
                        by: Some(a.line()),
                        at: Some(date),
                        note: Some(note.to_string()),
                    });
                    return (a, Change::new(Action::Return, note).message(id));
                }
                plan.approval = Some(Approval {
                    state: ApprovalState::Approved,
                    by: Some(a.line()),
                    at: Some(date),
                    note: Some("同意".to_string()),
                });
                let mut change = Change::new(Action::Approve, "同意");
                change.trailers.push(("Approved-by".to_string(), a.line()));
                return (a, change.message(id));
            }
            _ => {}
        }
    }
    // Ticks: a task of this month or earlier still to do; now and then one undone.
    let due: Vec<usize> = (0..plan.tasks.len())
        .filter(|&i| plan.tasks[i].month <= month && plan.tasks[i].status == Status::Todo)
        .collect();
    if !due.is_empty() && rng.chance(55) {
        let i = due[rng.below(due.len())];
        plan.tick(i, date.date_naive());
        let t = &plan.tasks[i];
        let label = format!("{} {}", month_name(t.month), t.text);
        return (who, Change::new(Action::Tick, label).message(id));
    }
    let done: Vec<usize> = (0..plan.tasks.len())
        .filter(|&i| plan.tasks[i].status == Status::Done)
        .collect();
    if !done.is_empty() && rng.chance(4) {
        let i = done[rng.below(done.len())];
        plan.untick(i);
        let t = &plan.tasks[i];
        let label = format!("{} {}", month_name(t.month), t.text);
        return (who, Change::new(Action::Untick, label).message(id));
    }
    // An edit of one section's text: a sentence replaced or added.
    let s = rng.below(plan.sections.len());
    let before = plan.sections[s].body.clone();
    while plan.sections[s].body == before {
        let mut sentences: Vec<&str> = before.split_inclusive('。').collect();
        let at = rng.below(sentences.len());
        if rng.chance(30) {
            sentences.insert(at, rng.pick(SENTENCES));
        } else {
            sentences[at] = rng.pick(SENTENCES);
        }
        plan.sections[s].body = sentences.concat();
    }
    let heading = plan.sections[s].heading.clone();
    // A plain-git edit (no trailers) only of a plan not approved, as verify
    // would rightly flag one that changes an approved plan.
    if state != ApprovalState::Approved && rng.chance(1) {
        return (who, format!("修改{}的错别字\n", id.slug()));
    }
    // A content edit takes an approved plan back to draft (as `save` does).
    if state == ApprovalState::Approved {
        plan.approval = None;
    }
    (who, Change::new(Action::Edit, heading).message(id))
}
