//! Target figures a plan commits to: "地区生产总值增长10%", "借阅率达到98%",
//! "藏书不少于6000册", planned counts ("编印《工作简报》6期", "全年走访群众80人次"),
//! placeholders ("比xxxx年增长xx%"), and after a line about 目标, bare
//! figures ("12种"). Ages, anniversaries and dates are no targets, nor is
//! what a paragraph looking back reports, nor a summary's achievements.

use crate::model::Target;

use super::kind::opens_with_past;
use super::lines::{clauses, digit, leading_number, simplified};

/// Words by which a text commits to a figure, longest first.
const COMMITMENTS: [&str; 17] = [
    "不少于",
    "不低于",
    "控制在",
    "提高到",
    "保持在",
    "稳定在",
    "达到",
    "超过",
    "突破",
    "增长",
    "下降",
    "新增",
    "完成",
    "实现",
    "确保",
    "提高",
    "达",
];

/// What may stand between a commitment word and its figure ("增长到10%").
const LINKS: [&str; 4] = ["", "到", "至", "了"];

/// Words that open a clause but are no part of what is measured.
const LEADING: [&str; 4] = ["力争", "确保", "并", "使"];

/// Verbs of a planned count: "编印《工作简报》6期", "走访群众80人次".
const PLANNED: [&str; 48] = [
    "编印", "印发", "编发", "出版", "举办", "举行", "开展", "组织", "召开", "走访", "慰问", "新建",
    "建成", "建设", "创建", "打造", "发展", "发放", "筹集", "培训", "培养", "培育", "招聘", "招收",
    "开设", "引进", "发稿", "接待", "放映", "新购", "购置", "订阅", "配备", "改造", "帮扶", "选送",
    "收集", "提交", "形成", "撰写", "征集", "覆盖", "储备", "种植", "修建", "评选", "安装", "设立",
];

/// Words that make a clause of a summary a plan for what comes.
const FUTURE: [&str; 7] = ["力争", "确保", "计划", "拟", "争取", "预计", "将"];

/// Words of a paragraph that says what there is, not what is planned.
const STATE: [&str; 4] = ["现有", "已有", "共有", "拥有"];

const PERCENT: [&str; 5] = ["个百分点", "百分点", "%", "％", "‰"];

const UNITS: [&str; 63] = [
    "个",
    "次",
    "册",
    "种",
    "家",
    "人",
    "户",
    "件",
    "篇",
    "项",
    "所",
    "元",
    "亩",
    "公里",
    "千米",
    "米",
    "平方米",
    "平方公里",
    "公顷",
    "吨",
    "台",
    "场",
    "期",
    "名",
    "位",
    "条",
    "份",
    "支",
    "批",
    "座",
    "处",
    "间",
    "套",
    "辆",
    "棵",
    "株",
    "头",
    "只",
    "本",
    "部",
    "首",
    "幅",
    "块",
    "口",
    "人次",
    "户次",
    "课时",
    "学时",
    "小时",
    "分钟",
    "节",
    "届",
    "栋",
    "千瓦",
    "立方米",
    "公斤",
    "千克",
    "斤",
    "倍",
    "分",
    "张",
    "起",
    "盏",
];

/// Units that measure time or age: never a target.
const NOT_TARGETS: [&str; 6] = ["周岁", "岁", "周年", "年", "月", "日"];

/// What the document around the prose says about its figures.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Reading {
    /// The plan's year: a paragraph opening with an earlier one looks back.
    pub year: Option<i32>,
    /// A summary: only what it plans for counts ("力争…不少于…").
    pub summary: bool,
}

/// Targets a plan states in `paragraphs` (in document order).
pub(crate) fn find_targets<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<Target> {
    find_targets_in(paragraphs, Reading::default())
}

/// Targets stated in `paragraphs`, read as `reading` says.
pub(crate) fn find_targets_in<'a>(
    paragraphs: impl IntoIterator<Item = &'a str>,
    reading: Reading,
) -> Vec<Target> {
    let mut out = Vec::new();
    let mut after_goal_line = false;
    for p in paragraphs {
        let plain = simplified(p);
        let goal_at = plain.find("目标");
        if looks_back(&plain, reading.year) || STATE.iter().any(|w| plain.contains(w)) {
            after_goal_line = goal_at.is_some();
            continue;
        }
        for clause in clauses(&plain) {
            let offset = clause.as_ptr() as usize - plain.as_ptr() as usize;
            if reading.summary && !FUTURE.iter().any(|w| clause.contains(w)) {
                continue;
            }
            let mut bare_ok = after_goal_line || goal_at.is_some_and(|g| g < offset);
            for (start, piece) in figures(clause) {
                let at = offset + start;
                let original = &p[at..at + piece.len()];
                if let Some(t) = clause_target(piece, original, bare_ok) {
                    out.push(t);
                    // "新建职工驿站10个、爱心母婴室5个": the verb counts for both.
                    bare_ok = true;
                }
            }
        }
        after_goal_line = goal_at.is_some();
    }
    out
}

/// A paragraph that reports the past: "一年来…", "2023年，…" in a 2024 plan.
fn looks_back(p: &str, year: Option<i32>) -> bool {
    if opens_with_past(p) {
        return true;
    }
    let Some(year) = year else {
        return false;
    };
    leading_number(p, 4).is_some_and(|(y, rest)| {
        rest.starts_with('年') && i32::try_from(y).is_ok_and(|y| (1900..year).contains(&y))
    })
}

/// The pieces of a clause that each end in a figure, split at 、: "新建职工驿站
/// 10个、爱心母婴室5个" → two; "开展家政、电商等技能培训6期" → one. Each
/// with its byte offset in the clause.
fn figures(clause: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in clause.match_indices('、') {
        if figure_start(&clause[start..at]).is_some() {
            out.push((start, &clause[start..at]));
            start = at + '、'.len_utf8();
        }
    }
    out.push((start, &clause[start..]));
    out
}

/// The target a clause states, if it ends in a figure the text commits to.
/// `clause` is read (simplified characters); `original` is what is kept.
fn clause_target(clause: &str, original: &str, bare_ok: bool) -> Option<Target> {
    let start = figure_start(clause)?;
    let (before, _) = clause.split_at(start);
    let figure = &original[start..];
    let committed = COMMITMENTS.iter().find_map(|w| {
        LINKS.iter().find_map(|link| {
            let word = format!("{w}{link}");
            before
                .strip_suffix(word.as_str())
                .map(|name| (name.len(), word.len()))
        })
    });
    let (name, target) = match committed {
        Some((name_len, word_len)) => (
            &original[..name_len],
            format!("{}{figure}", &original[name_len..name_len + word_len]),
        ),
        None if bare_ok
            || COMMITMENTS.iter().any(|w| before.contains(w))
            || PLANNED.iter().any(|w| before.contains(w)) =>
        {
            (&original[..start], figure.to_owned())
        }
        None => return None,
    };
    let name = strip_leading(name.trim());
    (!name.is_empty()).then(|| Target {
        id: String::new(),
        name: name.to_owned(),
        target,
        actual: None,
    })
}

/// The name without the words around it that are no part of what is
/// measured: "力争…", "…力争" (党员参学率力争达95%).
fn strip_leading(mut name: &str) -> &str {
    while let Some(rest) = LEADING.iter().find_map(|w| name.strip_prefix(w)) {
        name = rest.trim_start();
    }
    while let Some(rest) = LEADING.iter().find_map(|w| name.strip_suffix(w)) {
        name = rest.trim_end();
    }
    name
}

/// A digit, or a placeholder for one ("xx%").
fn figure_char(c: char) -> bool {
    digit(c).is_some() || matches!(c, 'x' | 'X' | '×' | 'ｘ' | 'Ｘ')
}

/// Where the figure at the end of `clause` starts: a number in Arabic digits
/// (or a placeholder, xx) with a percent sign or a unit, maybe 多/余, 万/亿,
/// 以上/左右.
fn figure_start(clause: &str) -> Option<usize> {
    let mut s = clause;
    if let Some(rest) = ["以上", "以内", "以下", "左右"]
        .iter()
        .find_map(|w| s.strip_suffix(w))
    {
        s = rest;
    }
    if NOT_TARGETS.iter().any(|u| s.ends_with(u)) {
        return None;
    }
    if let Some(rest) = PERCENT.iter().find_map(|p| s.strip_suffix(p)) {
        s = rest;
    } else {
        let unit = UNITS
            .iter()
            .filter(|u| s.ends_with(**u))
            .max_by_key(|u| u.len())?;
        s = &s[..s.len() - unit.len()];
        while let Some(rest) = ["万", "亿", "千", "百"]
            .iter()
            .find_map(|m| s.strip_suffix(m))
        {
            s = rest;
        }
    }
    s = s
        .strip_suffix('多')
        .or_else(|| s.strip_suffix('余'))
        .unwrap_or(s);
    let number_len: usize = s
        .chars()
        .rev()
        .take_while(|&c| figure_char(c) || c == '.' || c == ',')
        .map(char::len_utf8)
        .sum();
    let number = &s[s.len() - number_len..];
    let well_formed = number.chars().next().is_some_and(figure_char)
        && number.chars().next_back().is_some_and(figure_char)
        && number.matches('.').count() <= 1;
    well_formed.then(|| s.len() - number_len)
}

/// "主要目标：地区生产总值（增长10%）；财政总收入（增长40%）。": the targets
/// line the text export writes for targets the prose does not state.
pub(crate) fn targets_line(line: &str) -> Option<Vec<Target>> {
    let rest = line
        .strip_prefix("主要目标：")
        .or_else(|| line.strip_prefix("主要目标:"))?;
    let rest = rest.strip_suffix('。').unwrap_or(rest);
    let targets: Option<Vec<Target>> = rest.split('；').map(listed_target).collect();
    targets.filter(|t| !t.is_empty())
}

fn listed_target(item: &str) -> Option<Target> {
    let inner_end = item.strip_suffix('）')?.len();
    // The matching （ of the final ）.
    let mut depth = 0;
    let mut open = None;
    for (i, c) in item[..inner_end].char_indices().rev() {
        match c {
            '）' => depth += 1,
            '（' if depth == 0 => {
                open = Some(i);
                break;
            }
            '（' => depth -= 1,
            _ => {}
        }
    }
    let open = open?;
    let name = &item[..open];
    let target = &item[open + '（'.len_utf8()..inner_end];
    (!name.is_empty() && !target.is_empty()).then(|| Target {
        id: String::new(),
        name: name.to_owned(),
        target: target.to_owned(),
        actual: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        find_targets(text.split('\n'))
            .into_iter()
            .map(|t| (t.name, t.target))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn committed_figures() {
        assert_eq!(
            found(
                "地区生产总值增长10%，财政总收入增长40%；固定资产投资增长16%；社会消费品零售总额增长，城乡居民人均可支配收入稳步增长。"
            ),
            pairs(&[
                ("地区生产总值", "增长10%"),
                ("财政总收入", "增长40%"),
                ("固定资产投资", "增长16%")
            ])
        );
        assert_eq!(
            found("力争学生借阅率达到98%以上，确保馆藏图书不少于6,000册，新增就业岗位300个。"),
            pairs(&[
                ("学生借阅率", "达到98%以上"),
                ("馆藏图书", "不少于6,000册"),
                ("新增就业岗位", "300个")
            ])
        );
        assert_eq!(
            found("投资800多万元的工程得到落实，完成投资800多万元。"),
            pairs(&[("完成投资", "800多万元")])
        );
    }

    #[test]
    fn bare_figures_after_a_goal_line_or_a_planning_verb() {
        assert_eq!(found("品种12种。"), vec![]);
        assert_eq!(
            found("编印《工作简报》6期，全年走访群众80人次。"),
            pairs(&[("编印《工作简报》", "6期"), ("全年走访群众", "80人次")])
        );
        assert_eq!(
            found("工作目标：\n引进新品种12种，开展培训6期。"),
            pairs(&[("引进新品种", "12种"), ("开展培训", "6期")])
        );
        assert_eq!(
            found("全年目标：举办讲座8场。"),
            pairs(&[("举办讲座", "8场")])
        );
    }

    #[test]
    fn what_is_no_target() {
        for text in [
            "为年满60岁的老人体检。",
            "隆重纪念建党100周年。",
            "力争今年5月实质启动。",
            "完成官斗山、凤凰等5个村村道公路建设。",
            "经我从事20余年的卫生工作。",
            "中心现有活动室6间，各类文体队伍12支。",
            "增长10%。",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn several_figures_placeholders_and_traditional_script() {
        assert_eq!(
            found("新建职工驿站10个、爱心母婴室5个，开展家政、电商等技能培训6期。"),
            pairs(&[
                ("新建职工驿站", "10个"),
                ("爱心母婴室", "5个"),
                ("开展家政、电商等技能培训", "6期")
            ])
        );
        assert_eq!(
            found("会员入会率比xxxx年增长xx%，全年组织技能培训不少于300人次，帮助职工就业。"),
            pairs(&[
                ("会员入会率比xxxx年", "增长xx%"),
                ("全年组织技能培训", "不少于300人次")
            ])
        );
        assert_eq!(
            found("全年舉辦宣講活動不少於20場。"),
            pairs(&[("全年舉辦宣講活動", "不少於20場")])
        );
    }

    #[test]
    fn a_look_back_and_a_summary() {
        let read = |text: &str, year, summary| -> Vec<(String, String)> {
            find_targets_in(text.split('\n'), Reading { year, summary })
                .into_iter()
                .map(|t| (t.name, t.target))
                .collect()
        };
        let text = "2023年，全年举办培训班12期。\n2024年，力争举办培训班不少于15期。";
        assert_eq!(
            read(text, Some(2024), false),
            pairs(&[("举办培训班", "不少于15期")])
        );
        assert_eq!(read(text, None, false).len(), 2);
        assert_eq!(
            read("城镇新增就业1350人。明年力争新增就业1500人。", None, true),
            pairs(&[("明年力争新增就业", "1500人")])
        );
    }

    #[test]
    fn the_targets_line() {
        let t = targets_line("主要目标：地区生产总值（增长10%）；文明村（社区）（达到5个）。")
            .expect("valid test input");
        let got: Vec<(&str, &str)> = t
            .iter()
            .map(|t| (t.name.as_str(), t.target.as_str()))
            .collect();
        assert_eq!(
            got,
            [("地区生产总值", "增长10%"), ("文明村（社区）", "达到5个")]
        );
        assert_eq!(targets_line("主要目标：地区生产总值增长10%。"), None);
        assert_eq!(targets_line("经济社会发展主要预期目标是："), None);
    }
}
