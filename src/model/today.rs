//! Today's date, and which days a task can be marked done on.

use chrono::{Days, NaiveDate};

/// `PLANDESK_TODAY` pins today for scripts and tests (YYYY-MM-DD).
pub const TODAY_VAR: &str = "PLANDESK_TODAY";

/// Today's local date, or the date `PLANDESK_TODAY` gives; a value that is
/// not a date is refused with what to write instead.
pub fn today() -> Result<NaiveDate, String> {
    match std::env::var(TODAY_VAR) {
        Ok(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| sane(*d))
            .ok_or_else(|| {
                format!(
                    "{TODAY_VAR}={} is not a date; set it as YYYY-MM-DD (e.g. 2024-03-15), or unset it to use today's date",
                    crate::model::text::visible_line(&s)
                )
            }),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

/// Years plandesk takes a date in.
fn sane(d: NaiveDate) -> bool {
    (1900..=2999).contains(&chrono::Datelike::year(&d))
}

/// Whether a task can be recorded as done on `on`: not in the future (one
/// day's grace for time zones) and not before 1900.
pub fn check_done_on(on: NaiveDate, today: NaiveDate) -> Result<(), String> {
    let latest = today.checked_add_days(Days::new(1)).unwrap_or(today);
    if on > latest {
        return Err(format!(
            "{on} is in the future (today is {today}); a task is ticked on the day it was done. Give that day with --on YYYY-MM-DD"
        ));
    }
    if !sane(on) {
        return Err(format!("{on} is not a plausible day for a task to be done"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn future_and_ancient_days_are_refused() {
        let today = d("2024-03-15");
        assert!(check_done_on(d("2024-03-15"), today).is_ok());
        assert!(check_done_on(d("2024-03-16"), today).is_ok());
        assert!(check_done_on(d("2022-02-18"), today).is_ok());
        let far = check_done_on(d("9999-12-31"), today).expect_err("future");
        assert!(far.contains("future"), "{far}");
        assert!(check_done_on(d("1800-01-01"), today).is_err());
    }
}
