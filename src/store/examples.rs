//! The example plans (the seed's five documents), compiled in so that
//! `plandesk init --examples` and the first run work without the source tree.

use super::error::LoadError;
use crate::model::{Plan, PlanId, parse_plan};

/// `(id, canonical TOML)` of every example plan, as in `plans/` of the source tree.
pub const EXAMPLES: [(&str, &str); 5] = [
    (
        "2011/township-hospital-plan",
        include_str!("../../plans/2011/township-hospital-plan.toml"),
    ),
    (
        "2023/jinzhou-government-plan",
        include_str!("../../plans/2023/jinzhou-government-plan.toml"),
    ),
    (
        "2022/wangchang-cppcc-plan",
        include_str!("../../plans/2022/wangchang-cppcc-plan.toml"),
    ),
    (
        "2023/guide-town-plan",
        include_str!("../../plans/2023/guide-town-plan.toml"),
    ),
    (
        "2023/district-cppcc-summary",
        include_str!("../../plans/2023/district-cppcc-summary.toml"),
    ),
];

/// The example plan with this id, parsed.
pub fn example(id: &PlanId) -> Result<Plan, LoadError> {
    let key = id.to_string();
    let Some((_, text)) = EXAMPLES.iter().find(|(k, _)| *k == key) else {
        return Err(LoadError::whole_file(&id.rel_path(), "not an example plan"));
    };
    parse_plan(text).map_err(|e| LoadError::from_plan_error(&id.rel_path(), text, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_parses_and_is_canonical() {
        for (id, text) in EXAMPLES {
            let id = PlanId::parse(id).expect("valid id");
            let plan = example(&id).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(plan.year, id.year(), "{id}");
            assert_eq!(
                crate::model::write_plan(&plan),
                text,
                "{id} is not canonical"
            );
        }
    }
}
