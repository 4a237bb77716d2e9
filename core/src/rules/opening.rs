//! R1: when an order's feedback opens and closes, and the state it is in.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::start_of_local_day;
use crate::{Feedback, FeedbackState, PickupWindow};

/// How long feedback stays open. Configurable per deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackPolicy {
    /// Feedback can be given until the end of this many days after the pickup
    /// day (venue time): a stale rating helps nobody. Default 30.
    pub close_after_days: u32,
}

impl Default for FeedbackPolicy {
    fn default() -> Self {
        FeedbackPolicy {
            close_after_days: 30,
        }
    }
}

/// The facts about an order that its feedback timing depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderTiming {
    pub pickup_window: PickupWindow,
    /// When the order was first marked picked up (by the venue, the customer
    /// or the marketplace), if it has been.
    pub picked_up_at: Option<DateTime<Utc>>,
    pub time_zone: Tz,
}

/// The pickup day: the venue-local date of the last instant of the pickup
/// window. A window across midnight (23:30–00:30) belongs to the day it ends
/// on; a window that ends exactly at midnight belongs to the day before.
pub fn pickup_day(window: &PickupWindow, tz: Tz) -> NaiveDate {
    let end = window.end.with_timezone(&tz);
    let day = end.date_naive();
    if end.time() == NaiveTime::MIN && window.end > window.start {
        day.pred_opt().unwrap_or(day)
    } else {
        day
    }
}

/// R1: feedback opens when the order is marked picked up, or at the latest at
/// the venue's local midnight that starts the day after the pickup day —
/// whichever comes first.
pub fn feedback_opens_at(timing: &OrderTiming) -> DateTime<Utc> {
    let next_day = pickup_day(&timing.pickup_window, timing.time_zone)
        .checked_add_days(Days::new(1))
        .expect("pickup day is far from the end of time");
    let at_the_latest = start_of_local_day(next_day, timing.time_zone);
    match timing.picked_up_at {
        Some(mark) if mark < at_the_latest => mark,
        _ => at_the_latest,
    }
}

/// Feedback closes at the end of the `close_after_days`-th day after the
/// pickup day, venue time (default: 30 days).
pub fn feedback_closes_at(timing: &OrderTiming, policy: &FeedbackPolicy) -> DateTime<Utc> {
    let last_open_day = pickup_day(&timing.pickup_window, timing.time_zone)
        .checked_add_days(Days::new(u64::from(policy.close_after_days) + 1))
        .expect("pickup day is far from the end of time");
    start_of_local_day(last_open_day, timing.time_zone)
}

/// The feedback state of an order at `now`. Given feedback is always shown,
/// even after the period closed.
pub fn feedback_state(
    timing: &OrderTiming,
    given: Option<&Feedback>,
    now: DateTime<Utc>,
    policy: &FeedbackPolicy,
) -> FeedbackState {
    if let Some(feedback) = given {
        return FeedbackState::Submitted {
            feedback: feedback.clone(),
        };
    }
    let opens_at = feedback_opens_at(timing);
    if now < opens_at {
        return FeedbackState::NotOpen { opens_at };
    }
    let closes_at = feedback_closes_at(timing, policy);
    if now >= closes_at {
        return FeedbackState::Closed {
            closed_at: closes_at,
        };
    }
    FeedbackState::Open { closes_at }
}

/// Why a feedback submission is refused by the rules (R1, R2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitRefusal {
    NotOpen { opens_at: DateTime<Utc> },
    Closed { closed_at: DateTime<Utc> },
    AlreadySubmitted,
}

/// R1 + R2: may feedback be submitted for this order now?
pub fn check_feedback_submission(
    timing: &OrderTiming,
    already_given: bool,
    now: DateTime<Utc>,
    policy: &FeedbackPolicy,
) -> Result<(), SubmitRefusal> {
    if already_given {
        return Err(SubmitRefusal::AlreadySubmitted);
    }
    match feedback_state(timing, None, now, policy) {
        FeedbackState::NotOpen { opens_at } => Err(SubmitRefusal::NotOpen { opens_at }),
        FeedbackState::Closed { closed_at } => Err(SubmitRefusal::Closed { closed_at }),
        FeedbackState::Open { .. } | FeedbackState::Submitted { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Aspect, Rating};
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn timing(zone: &str, start: &str, end: &str, picked_up_at: Option<&str>) -> OrderTiming {
        OrderTiming {
            pickup_window: PickupWindow {
                start: utc(start),
                end: utc(end),
            },
            picked_up_at: picked_up_at.map(utc),
            time_zone: zone.parse().unwrap(),
        }
    }

    #[test]
    fn opens_at_next_local_midnight_when_nobody_marks_the_pickup() {
        // Helsinki winter (UTC+2): pickup 15 Jan 16:00–18:00 local.
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-01-15T22:00:00Z"));
    }

    #[test]
    fn opens_at_the_pickup_mark_when_it_comes_first() {
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            Some("2026-01-15T14:37:00Z"),
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-01-15T14:37:00Z"));
    }

    #[test]
    fn a_late_pickup_mark_does_not_delay_opening() {
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            Some("2026-01-17T09:00:00Z"),
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-01-15T22:00:00Z"));
    }

    #[test]
    fn helsinki_spring_forward_night_opens_at_midnight_eet() {
        // Clocks go 03:00 -> 04:00 on 29 Mar 2026; midnight starting the 29th is still +02:00.
        let t = timing(
            "Europe/Helsinki",
            "2026-03-28T15:00:00Z",
            "2026-03-28T16:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-03-28T22:00:00Z"));
        // The day after the change, midnight is +03:00.
        let t = timing(
            "Europe/Helsinki",
            "2026-03-29T14:00:00Z",
            "2026-03-29T15:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-03-29T21:00:00Z"));
    }

    #[test]
    fn helsinki_fall_back_night_opens_at_midnight_eest_then_eet() {
        // Clocks go 04:00 -> 03:00 on 25 Oct 2026.
        let t = timing(
            "Europe/Helsinki",
            "2026-10-24T14:00:00Z",
            "2026-10-24T15:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-10-24T21:00:00Z"));
        let t = timing(
            "Europe/Helsinki",
            "2026-10-25T14:00:00Z",
            "2026-10-25T15:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-10-25T22:00:00Z"));
    }

    #[test]
    fn stockholm_dst_changes() {
        // Clocks go 02:00 -> 03:00 on 29 Mar 2026 and 03:00 -> 02:00 on 25 Oct 2026.
        let t = timing(
            "Europe/Stockholm",
            "2026-03-28T15:00:00Z",
            "2026-03-28T16:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-03-28T23:00:00Z"));
        let t = timing(
            "Europe/Stockholm",
            "2026-03-29T15:00:00Z",
            "2026-03-29T16:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-03-29T22:00:00Z"));
        let t = timing(
            "Europe/Stockholm",
            "2026-10-24T15:00:00Z",
            "2026-10-24T16:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-10-24T22:00:00Z"));
        let t = timing(
            "Europe/Stockholm",
            "2026-10-25T15:00:00Z",
            "2026-10-25T16:00:00Z",
            None,
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-10-25T23:00:00Z"));
    }

    #[test]
    fn a_window_across_midnight_belongs_to_the_day_it_ends() {
        // Helsinki 10 Mar 23:30 – 11 Mar 00:30 local: pickup day is 11 Mar, opens 12 Mar 00:00.
        let t = timing(
            "Europe/Helsinki",
            "2026-03-10T21:30:00Z",
            "2026-03-10T22:30:00Z",
            None,
        );
        assert_eq!(
            pickup_day(&t.pickup_window, t.time_zone),
            NaiveDate::from_ymd_opt(2026, 3, 11).unwrap()
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-03-11T22:00:00Z"));
    }

    #[test]
    fn a_window_ending_exactly_at_midnight_belongs_to_the_day_before() {
        // Helsinki 10 Mar 22:00 – 11 Mar 00:00 local: pickup day is 10 Mar, opens at 11 Mar 00:00.
        let t = timing(
            "Europe/Helsinki",
            "2026-03-10T20:00:00Z",
            "2026-03-10T22:00:00Z",
            None,
        );
        assert_eq!(
            pickup_day(&t.pickup_window, t.time_zone),
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
        );
        assert_eq!(feedback_opens_at(&t), utc("2026-03-10T22:00:00Z"));
    }

    #[test]
    fn closes_at_the_end_of_the_thirtieth_day_after_pickup() {
        // Pickup 15 Jan (Helsinki): open through 14 Feb, closed from 15 Feb 00:00 local.
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            None,
        );
        assert_eq!(
            feedback_closes_at(&t, &FeedbackPolicy::default()),
            utc("2026-02-14T22:00:00Z")
        );
        let short = FeedbackPolicy {
            close_after_days: 7,
        };
        assert_eq!(feedback_closes_at(&t, &short), utc("2026-01-22T22:00:00Z"));
    }

    #[test]
    fn closing_across_a_dst_change_uses_the_local_midnight_of_that_day() {
        // Pickup 10 Mar (UTC+2); 30 days later is 9 Apr, after DST began: closes 10 Apr 00:00 +03:00.
        let t = timing(
            "Europe/Helsinki",
            "2026-03-10T14:00:00Z",
            "2026-03-10T15:00:00Z",
            None,
        );
        assert_eq!(
            feedback_closes_at(&t, &FeedbackPolicy::default()),
            utc("2026-04-09T21:00:00Z")
        );
    }

    #[test]
    fn state_moves_from_not_open_to_open_to_closed() {
        let policy = FeedbackPolicy::default();
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            None,
        );
        let opens = utc("2026-01-15T22:00:00Z");
        let closes = utc("2026-02-14T22:00:00Z");
        assert_eq!(
            feedback_state(&t, None, opens - Duration::seconds(1), &policy),
            FeedbackState::NotOpen { opens_at: opens }
        );
        assert_eq!(
            feedback_state(&t, None, opens, &policy),
            FeedbackState::Open { closes_at: closes }
        );
        assert_eq!(
            feedback_state(&t, None, closes - Duration::seconds(1), &policy),
            FeedbackState::Open { closes_at: closes }
        );
        assert_eq!(
            feedback_state(&t, None, closes, &policy),
            FeedbackState::Closed { closed_at: closes }
        );
    }

    #[test]
    fn given_feedback_is_shown_even_after_closing() {
        let policy = FeedbackPolicy::default();
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            None,
        );
        let given = Feedback {
            rating: Rating::Good,
            aspects: vec![Aspect::Taste],
            comment: None,
        };
        let state = feedback_state(&t, Some(&given), utc("2027-01-01T00:00:00Z"), &policy);
        assert_eq!(state, FeedbackState::Submitted { feedback: given });
    }

    #[test]
    fn submission_refusals_name_the_reason() {
        let policy = FeedbackPolicy::default();
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
            None,
        );
        assert_eq!(
            check_feedback_submission(&t, false, utc("2026-01-15T12:00:00Z"), &policy),
            Err(SubmitRefusal::NotOpen {
                opens_at: utc("2026-01-15T22:00:00Z")
            })
        );
        assert_eq!(
            check_feedback_submission(&t, false, utc("2026-01-16T12:00:00Z"), &policy),
            Ok(())
        );
        assert_eq!(
            check_feedback_submission(&t, true, utc("2026-01-16T12:00:00Z"), &policy),
            Err(SubmitRefusal::AlreadySubmitted)
        );
        assert_eq!(
            check_feedback_submission(&t, false, utc("2026-03-01T12:00:00Z"), &policy),
            Err(SubmitRefusal::Closed {
                closed_at: utc("2026-02-14T22:00:00Z")
            })
        );
    }

    const ZONES: [&str; 6] = [
        "Europe/Helsinki",
        "Europe/Stockholm",
        "America/Sao_Paulo",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "UTC",
    ];

    prop_compose! {
        fn any_timing()(
            zone in 0..ZONES.len(),
            start in 1_500_000_000i64..2_100_000_000i64,
            length in 0i64..(6 * 3600),
            mark in proptest::option::of(-3600i64..(4 * 86_400)),
        ) -> OrderTiming {
            let start = Utc.timestamp_opt(start, 0).unwrap();
            OrderTiming {
                pickup_window: PickupWindow { start, end: start + Duration::seconds(length) },
                picked_up_at: mark.map(|m| start + Duration::seconds(m)),
                time_zone: ZONES[zone].parse().unwrap(),
            }
        }
    }

    proptest! {
        /// R1: opening is never later than the first instant of the day after the pickup day.
        #[test]
        fn opens_at_is_never_after_next_day_midnight(t in any_timing()) {
            let next_day = pickup_day(&t.pickup_window, t.time_zone).succ_opt().unwrap();
            let midnight = start_of_local_day(next_day, t.time_zone);
            let opens = feedback_opens_at(&t);
            prop_assert!(opens <= midnight);
            // ... and it is exactly the earlier of the mark and that midnight.
            prop_assert_eq!(opens, t.picked_up_at.map_or(midnight, |m| m.min(midnight)));
        }

        /// Without a pickup mark, feedback never opens before the pickup window has ended.
        #[test]
        fn without_a_mark_feedback_opens_after_the_window(mut t in any_timing()) {
            t.picked_up_at = None;
            prop_assert!(feedback_opens_at(&t) >= t.pickup_window.end);
            let opens_local = feedback_opens_at(&t).with_timezone(&t.time_zone).date_naive();
            prop_assert!(opens_local > pickup_day(&t.pickup_window, t.time_zone));
        }

        /// Feedback always closes after it opens.
        #[test]
        fn closes_after_it_opens(t in any_timing(), days in 1u32..90) {
            let policy = FeedbackPolicy { close_after_days: days };
            prop_assert!(feedback_closes_at(&t, &policy) > feedback_opens_at(&t));
        }
    }
}
