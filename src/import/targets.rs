//! Target figures a plan commits to: "地区生产总值增长10%", "借阅率达到98%",
//! "藏书不少于6000册", and, after a line about 目标, bare figures ("12种").
//! Ages, anniversaries and dates are no targets, nor are a summary's
//! achievements (the caller only asks for plans).

use crate::model::Target;

use super::lines::{clauses, digit};

/// Words by which a text commits to a figure, longest first.
const COMMITMENTS: [&str; 12] = [
    "不少于",
    "不低于",
    "控制在",
    "提高到",
    "达到",
    "超过",
    "增长",
    "新增",
    "完成",
    "实现",
    "确保",
    "达",
];

/// What may stand between a commitment word and its figure ("增长到10%").
const LINKS: [&str; 4] = ["", "到", "至", "了"];

/// Words that open a clause but are no part of what is measured.
const LEADING: [&str; 4] = ["力争", "确保", "并", "使"];

const PERCENT: [&str; 5] = ["个百分点", "百分点", "%", "％", "‰"];

const UNITS: [&str; 60] = [
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
];

/// Units that measure time or age: never a target.
const NOT_TARGETS: [&str; 6] = ["周岁", "岁", "周年", "年", "月", "日"];

/// Targets stated in `paragraphs` (in document order).
pub(crate) fn find_targets<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> Vec<Target> {
    let mut out = Vec::new();
    let mut after_goal_line = false;
    for p in paragraphs {
        let goal_at = p.find("目标");
        for clause in clauses(p) {
            let offset = clause.as_ptr() as usize - p.as_ptr() as usize;
            let bare_ok = after_goal_line || goal_at.is_some_and(|g| g < offset);
            if let Some(t) = clause_target(clause, bare_ok) {
                out.push(t);
            }
        }
        after_goal_line = goal_at.is_some();
    }
    out
}

/// The target a clause states, if it ends in a figure the text commits to.
fn clause_target(clause: &str, bare_ok: bool) -> Option<Target> {
    let start = figure_start(clause)?;
    let (before, figure) = clause.split_at(start);
    let committed = COMMITMENTS.iter().find_map(|w| {
        LINKS.iter().find_map(|link| {
            let word = format!("{w}{link}");
            before.strip_suffix(word.as_str()).map(|name| (name, word))
        })
    });
    let (name, target) = match committed {
        Some((name, word)) => (name, format!("{word}{figure}")),
        None if bare_ok || COMMITMENTS.iter().any(|w| before.contains(w)) => {
            (before, figure.to_owned())
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

fn strip_leading(mut name: &str) -> &str {
    while let Some(rest) = LEADING.iter().find_map(|w| name.strip_prefix(w)) {
        name = rest.trim_start();
    }
    name
}

/// Where the figure at the end of `clause` starts: a number in Arabic digits
/// with a percent sign or a unit, maybe 多/余, 万/亿, 以上/左右.
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
        .take_while(|&c| digit(c).is_some() || c == '.' || c == ',')
        .map(char::len_utf8)
        .sum();
    let number = &s[s.len() - number_len..];
    let well_formed = number.chars().next().and_then(digit).is_some()
        && number.chars().next_back().and_then(digit).is_some()
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
    fn bare_figures_only_after_a_goal_line() {
        assert_eq!(found("引进新品种12种。"), vec![]);
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
            "地区生产总值增长xx%。",
            "力争今年5月实质启动。",
            "完成官斗山、凤凰等5个村村道公路建设。",
            "经我从事20余年的卫生工作。",
            "组织参加报告会6次。",
            "增长10%。",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
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
