//! The seed's time rules, as pure functions with the clock passed in.
//!
//! - [`opening`]: R1 (when feedback opens, when it closes, the state of an order).
//! - [`report`]: R9 (when a problem report can be filed, one open report per order).
//! - [`window`]: R12 and R13 (the two-month counting window, the five-rating threshold).

pub mod opening;
pub mod report;
pub mod window;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

pub use opening::{
    FeedbackPolicy, OrderTiming, SubmitRefusal, check_feedback_submission, feedback_closes_at,
    feedback_opens_at, feedback_state, pickup_day,
};
pub use report::{
    ReportPolicy, ReportRefusal, check_report_creation, report_availability, report_closes_at,
};
pub use window::{
    COUNTING_MONTHS, MIN_PUBLIC_RATINGS, counting_window_start, rating_counts, rating_expires_on,
    rating_is_public, ratings_until_public,
};

/// The calendar date of `at` in the venue's time zone.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The first instant of `date` in `tz`.
///
/// Usually local midnight. Where midnight repeats (clocks turned back at
/// 01:00 to 00:00) it is the earlier one; where midnight does not exist
/// (clocks turned forward at 00:00, as in São Paulo until 2019) it is the
/// first local time that does exist, e.g. 01:00.
pub fn start_of_local_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    // A gap is at most a few hours; scan minute by minute to its end.
    for minute in 0..(24 * 60) {
        let local = midnight + Duration::minutes(minute);
        if let Some(first) = tz.from_local_datetime(&local).earliest() {
            return first.with_timezone(&Utc);
        }
    }
    // No zone skips a whole day at midnight except by moving the date line
    // (Samoa 2011, whose skipped day is simply absent): take the next day.
    start_of_local_day(date.succ_opt().unwrap_or(date), tz)
}

/// Parses an IANA time-zone name ("Europe/Helsinki").
pub fn parse_time_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn start_of_day_is_local_midnight_in_helsinki_winter_and_summer() {
        let tz: Tz = "Europe/Helsinki".parse().unwrap();
        assert_eq!(
            start_of_local_day(date(2026, 1, 15), tz).to_rfc3339(),
            "2026-01-14T22:00:00+00:00"
        );
        assert_eq!(
            start_of_local_day(date(2026, 7, 15), tz).to_rfc3339(),
            "2026-07-14T21:00:00+00:00"
        );
    }

    #[test]
    fn start_of_day_skips_a_midnight_that_does_not_exist() {
        // Brazil's DST began at 00:00 on 4 Nov 2018: the day began at 01:00 (-02:00).
        let tz: Tz = "America/Sao_Paulo".parse().unwrap();
        assert_eq!(
            start_of_local_day(date(2018, 11, 4), tz).to_rfc3339(),
            "2018-11-04T03:00:00+00:00"
        );
    }

    #[test]
    fn start_of_day_takes_the_first_of_a_repeated_midnight() {
        // Brazil's DST ended at 00:00 on 17 Feb 2018: 23:00–24:00 on the 17th ran twice,
        // and 18 Feb began once, at 00:00 -03:00.
        let tz: Tz = "America/Sao_Paulo".parse().unwrap();
        assert_eq!(
            start_of_local_day(date(2018, 2, 18), tz).to_rfc3339(),
            "2018-02-18T03:00:00+00:00"
        );
    }

    #[test]
    fn unknown_time_zone_names_are_refused() {
        assert!(parse_time_zone("Europe/Helsinki").is_some());
        assert!(parse_time_zone("Europe/Atlantis").is_none());
        assert!(parse_time_zone("").is_none());
    }
}
