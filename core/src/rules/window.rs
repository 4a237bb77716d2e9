//! R12 and R13: the two-month counting window and the five-rating threshold.
//!
//! A rating is dated by the venue-local day on which it was given. It counts
//! from that day until the same day two calendar months later (exclusive).
//! Calendar months are chrono's [`Months`]: when the target month is shorter,
//! the date is clamped to its last day. So a rating given on **31 December
//! expires on 28 February** (29 February in a leap year) and counts through
//! 27 February; ratings from 29, 30 and 31 December all expire on 28 February
//! of a common year. A rating from 31 July expires on 30 September.

use chrono::{Days, Months, NaiveDate};

/// R13: ratings count for this many calendar months.
pub const COUNTING_MONTHS: u32 = 2;

/// R12: a venue's rating is shown to customers only from this many counting ratings.
pub const MIN_PUBLIC_RATINGS: u32 = 5;

/// R13: the first venue-local day on which a rating given on `rated_on` no
/// longer counts (and leaves the venue's Feedback page).
pub fn rating_expires_on(rated_on: NaiveDate) -> NaiveDate {
    rated_on
        .checked_add_months(Months::new(COUNTING_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// R13: does a rating given on `rated_on` count on `today` (both venue-local)?
pub fn rating_counts(rated_on: NaiveDate, today: NaiveDate) -> bool {
    rated_on <= today && today < rating_expires_on(rated_on)
}

/// R13: the earliest rating day that still counts on `today`: a rating counts
/// exactly when `counting_window_start(today) <= rated_on <= today`. Storage
/// queries filter with this date instead of evaluating the rule per row.
pub fn counting_window_start(today: NaiveDate) -> NaiveDate {
    // `rating_expires_on` is monotone, so the counting days are an interval.
    // Start from the naive answer and step over the clamped month ends
    // (at most three days either way).
    let mut start = today
        .checked_sub_months(Months::new(COUNTING_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    while let Some(before) = start.checked_sub_days(Days::new(1)) {
        if rating_expires_on(before) > today {
            start = before;
        } else {
            break;
        }
    }
    while rating_expires_on(start) <= today {
        start = start
            .checked_add_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX);
    }
    start
}

/// R12: is a venue's rating public with this many counting ratings?
pub fn rating_is_public(counting_ratings: u32) -> bool {
    counting_ratings >= MIN_PUBLIC_RATINGS
}

/// R12: how many more counting ratings a venue needs before customers see its
/// rating (0 when it is already public).
pub fn ratings_until_public(counting_ratings: u32) -> u32 {
    MIN_PUBLIC_RATINGS.saturating_sub(counting_ratings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_rating_counts_for_two_calendar_months() {
        let rated = date(2026, 3, 10);
        assert!(rating_counts(rated, date(2026, 3, 10)));
        assert!(rating_counts(rated, date(2026, 5, 9)));
        assert!(!rating_counts(rated, date(2026, 5, 10)));
    }

    #[test]
    fn a_rating_does_not_count_before_it_was_given() {
        assert!(!rating_counts(date(2026, 3, 10), date(2026, 3, 9)));
    }

    #[test]
    fn thirty_first_of_december_expires_on_the_last_day_of_february() {
        assert_eq!(rating_expires_on(date(2026, 12, 31)), date(2027, 2, 28));
        assert_eq!(rating_expires_on(date(2026, 12, 29)), date(2027, 2, 28));
        // Leap year: 2028.
        assert_eq!(rating_expires_on(date(2027, 12, 31)), date(2028, 2, 29));
        assert!(rating_counts(date(2027, 12, 31), date(2028, 2, 28)));
        assert!(!rating_counts(date(2027, 12, 31), date(2028, 2, 29)));
    }

    #[test]
    fn month_ends_clamp_to_the_shorter_month() {
        assert_eq!(rating_expires_on(date(2026, 7, 31)), date(2026, 9, 30));
        assert_eq!(rating_expires_on(date(2026, 8, 31)), date(2026, 10, 31));
        assert_eq!(rating_expires_on(date(2028, 2, 29)), date(2028, 4, 29));
    }

    #[test]
    fn window_start_at_month_ends() {
        // On 28 Feb 2027 only ratings from 1 Jan count: 29–31 Dec expired that day.
        assert_eq!(counting_window_start(date(2027, 2, 28)), date(2027, 1, 1));
        // On 27 Feb 2027 ratings from 27 Dec still count.
        assert_eq!(counting_window_start(date(2027, 2, 27)), date(2026, 12, 28));
        // In a leap year 29 Dec expires 29 Feb.
        assert_eq!(counting_window_start(date(2028, 2, 28)), date(2027, 12, 29));
        assert_eq!(counting_window_start(date(2028, 2, 29)), date(2028, 1, 1));
        // 1 March: ratings from 2 January on.
        assert_eq!(counting_window_start(date(2027, 3, 1)), date(2027, 1, 2));
        // An ordinary day.
        assert_eq!(counting_window_start(date(2026, 6, 15)), date(2026, 4, 16));
    }

    #[test]
    fn the_threshold_is_five_counting_ratings() {
        assert!(!rating_is_public(0));
        assert!(!rating_is_public(4));
        assert!(rating_is_public(5));
        assert!(rating_is_public(500));
        assert_eq!(ratings_until_public(2), 3);
        assert_eq!(ratings_until_public(5), 0);
        assert_eq!(ratings_until_public(9), 0);
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0i64..(365 * 40)).prop_map(|d| date(2000, 1, 1) + chrono::Duration::days(d))
    }

    proptest! {
        /// A rating counts exactly inside its window.
        #[test]
        fn a_rating_counts_exactly_inside_the_window(rated in any_date(), offset in -10i64..80) {
            let today = rated + chrono::Duration::days(offset);
            let inside = counting_window_start(today) <= rated && rated <= today;
            prop_assert_eq!(rating_counts(rated, today), inside);
        }

        /// The window is never longer than two months plus the clamped days, nor shorter than 59 days.
        #[test]
        fn the_window_spans_two_months(today in any_date()) {
            let days = (today - counting_window_start(today)).num_days() + 1;
            prop_assert!((59..=62).contains(&days), "{} days", days);
        }
    }
}
