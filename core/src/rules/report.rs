//! R9: when a customer may report a problem with an order, and "one open
//! report per order".

use chrono::{DateTime, Days, Utc};

use super::opening::{OrderTiming, pickup_day};
use super::start_of_local_day;
use crate::api::ReportAvailability;

/// How long problem reports can be filed. Configurable per deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPolicy {
    /// Reports can be filed until the end of this many days after the pickup
    /// day (venue time). Default 14.
    pub close_after_days: u32,
}

impl Default for ReportPolicy {
    fn default() -> Self {
        ReportPolicy {
            close_after_days: 14,
        }
    }
}

/// R9: reporting closes at the venue's local midnight that ends the
/// `close_after_days`-th day after the pickup day. Whether the order was
/// picked up does not matter: a closed venue means it never was.
pub fn report_closes_at(timing: &OrderTiming, policy: &ReportPolicy) -> DateTime<Utc> {
    let first_closed_day = pickup_day(&timing.pickup_window, timing.time_zone)
        .checked_add_days(Days::new(u64::from(policy.close_after_days) + 1))
        .expect("pickup day is far from the end of time");
    start_of_local_day(first_closed_day, timing.time_zone)
}

/// Why a new report is refused by the rules (R9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRefusal {
    /// The order's purchase time is still ahead.
    NotOpen { opens_at: DateTime<Utc> },
    /// The reporting period ended.
    Closed { closed_at: DateTime<Utc> },
    /// The order already has an open report: write there instead.
    AlreadyOpen { report_id: String },
}

/// R9: may the customer file a report on this order at `now`? Available
/// from the purchase on until [`report_closes_at`], one open report per
/// order (`open_report` is the id of the order's open report, if any).
pub fn report_availability(
    purchased_at: DateTime<Utc>,
    timing: &OrderTiming,
    open_report: Option<&str>,
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> ReportAvailability {
    if let Some(report_id) = open_report {
        return ReportAvailability::ReportOpen {
            report_id: report_id.to_owned(),
        };
    }
    if now < purchased_at {
        return ReportAvailability::NotOpen {
            opens_at: purchased_at,
        };
    }
    let closes_at = report_closes_at(timing, policy);
    if now >= closes_at {
        return ReportAvailability::Closed {
            closed_at: closes_at,
        };
    }
    ReportAvailability::Open { closes_at }
}

/// R9: the refusal, if a new report may not be filed now.
pub fn check_report_creation(
    purchased_at: DateTime<Utc>,
    timing: &OrderTiming,
    open_report: Option<&str>,
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> Result<(), ReportRefusal> {
    match report_availability(purchased_at, timing, open_report, now, policy) {
        ReportAvailability::Open { .. } => Ok(()),
        ReportAvailability::NotOpen { opens_at } => Err(ReportRefusal::NotOpen { opens_at }),
        ReportAvailability::Closed { closed_at } => Err(ReportRefusal::Closed { closed_at }),
        ReportAvailability::ReportOpen { report_id } => {
            Err(ReportRefusal::AlreadyOpen { report_id })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PickupWindow;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn timing(zone: &str, start: &str, end: &str) -> OrderTiming {
        OrderTiming {
            pickup_window: PickupWindow {
                start: utc(start),
                end: utc(end),
            },
            picked_up_at: None,
            time_zone: zone.parse().unwrap(),
        }
    }

    fn check(t: &OrderTiming, purchased: &str, now: &str) -> Result<(), ReportRefusal> {
        check_report_creation(utc(purchased), t, None, utc(now), &ReportPolicy::default())
    }

    #[test]
    fn open_from_the_purchase_even_before_the_pickup() {
        // Helsinki winter: bought 12:00, pickup 16:00–18:00 local on 15 Jan.
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
        );
        assert_eq!(
            check(&t, "2026-01-15T10:00:00Z", "2026-01-15T09:59:59Z"),
            Err(ReportRefusal::NotOpen {
                opens_at: utc("2026-01-15T10:00:00Z")
            })
        );
        assert_eq!(
            check(&t, "2026-01-15T10:00:00Z", "2026-01-15T10:00:00Z"),
            Ok(())
        );
        // The venue was closed: never picked up, still reportable that evening.
        assert_eq!(
            check(&t, "2026-01-15T10:00:00Z", "2026-01-15T16:30:00Z"),
            Ok(())
        );
    }

    #[test]
    fn closes_at_the_end_of_the_fourteenth_day_after_pickup() {
        // Pickup 15 Jan: open through 29 Jan, closed from 30 Jan 00:00 Helsinki (22:00Z on 29 Jan).
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
        );
        let closes = utc("2026-01-29T22:00:00Z");
        assert_eq!(report_closes_at(&t, &ReportPolicy::default()), closes);
        let bought = "2026-01-15T10:00:00Z";
        assert_eq!(check(&t, bought, "2026-01-29T21:59:59Z"), Ok(()));
        assert_eq!(
            check(&t, bought, "2026-01-29T22:00:00Z"),
            Err(ReportRefusal::Closed { closed_at: closes })
        );
    }

    #[test]
    fn the_period_is_configurable() {
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
        );
        let policy = ReportPolicy {
            close_after_days: 0,
        };
        // Only the pickup day itself.
        assert_eq!(report_closes_at(&t, &policy), utc("2026-01-15T22:00:00Z"));
    }

    #[test]
    fn the_month_end_and_the_year_end_are_ordinary_days() {
        // Pickup 31 Jan → closes at the start of 15 Feb.
        let t = timing(
            "Europe/Helsinki",
            "2026-01-31T14:00:00Z",
            "2026-01-31T15:00:00Z",
        );
        assert_eq!(
            report_closes_at(&t, &ReportPolicy::default()),
            utc("2026-02-14T22:00:00Z")
        );
        // Pickup 20 Feb 2028 (leap year) → closes at the start of 6 Mar (29 Feb counts).
        let t = timing(
            "Europe/Helsinki",
            "2028-02-20T14:00:00Z",
            "2028-02-20T15:00:00Z",
        );
        assert_eq!(
            report_closes_at(&t, &ReportPolicy::default()),
            utc("2028-03-05T22:00:00Z")
        );
        // Pickup 25 Dec → closes at the start of 9 Jan next year.
        let t = timing(
            "Europe/Stockholm",
            "2026-12-25T10:00:00Z",
            "2026-12-25T11:00:00Z",
        );
        assert_eq!(
            report_closes_at(&t, &ReportPolicy::default()),
            utc("2027-01-08T23:00:00Z")
        );
    }

    #[test]
    fn closing_across_a_dst_change_uses_that_days_local_midnight() {
        // Pickup 20 Mar (UTC+2) → closes 4 Apr 00:00, after DST began (+03:00).
        let t = timing(
            "Europe/Helsinki",
            "2026-03-20T14:00:00Z",
            "2026-03-20T15:00:00Z",
        );
        assert_eq!(
            report_closes_at(&t, &ReportPolicy::default()),
            utc("2026-04-03T21:00:00Z")
        );
        // Pickup 15 Oct Stockholm (+02:00) → closes 30 Oct 00:00 after DST ended (+01:00).
        let t = timing(
            "Europe/Stockholm",
            "2026-10-15T14:00:00Z",
            "2026-10-15T15:00:00Z",
        );
        assert_eq!(
            report_closes_at(&t, &ReportPolicy::default()),
            utc("2026-10-29T23:00:00Z")
        );
    }

    #[test]
    fn a_window_across_midnight_counts_from_the_day_it_ends() {
        // Helsinki 10 Mar 23:30 – 11 Mar 00:30: pickup day 11 Mar → closes 26 Mar 00:00.
        let t = timing(
            "Europe/Helsinki",
            "2026-03-10T21:30:00Z",
            "2026-03-10T22:30:00Z",
        );
        assert_eq!(
            report_closes_at(&t, &ReportPolicy::default()),
            utc("2026-03-25T22:00:00Z")
        );
    }

    #[test]
    fn one_open_report_per_order() {
        let t = timing(
            "Europe/Helsinki",
            "2026-01-15T14:00:00Z",
            "2026-01-15T16:00:00Z",
        );
        let policy = ReportPolicy::default();
        let (bought, now) = (utc("2026-01-15T10:00:00Z"), utc("2026-01-16T10:00:00Z"));
        assert_eq!(
            check_report_creation(bought, &t, Some("r-1"), now, &policy),
            Err(ReportRefusal::AlreadyOpen {
                report_id: "r-1".into()
            })
        );
        // The open report is named even after the period ends: it is where to write.
        assert_eq!(
            report_availability(
                bought,
                &t,
                Some("r-1"),
                utc("2027-01-01T00:00:00Z"),
                &policy
            ),
            ReportAvailability::ReportOpen {
                report_id: "r-1".into()
            }
        );
        assert_eq!(
            report_availability(bought, &t, None, now, &policy),
            ReportAvailability::Open {
                closes_at: utc("2026-01-29T22:00:00Z")
            }
        );
    }

    const ZONES: [&str; 5] = [
        "Europe/Helsinki",
        "Europe/Stockholm",
        "America/Sao_Paulo",
        "Australia/Lord_Howe",
        "UTC",
    ];

    proptest! {
        /// Reporting closes at a local midnight, `days + 1` calendar days
        /// after the pickup day, and always after the pickup window ends.
        #[test]
        fn closes_at_local_midnight_after_the_window(
            zone in 0..ZONES.len(),
            start in 1_500_000_000i64..2_100_000_000i64,
            length in 1i64..(6 * 3600),
            days in 0u32..60,
        ) {
            let start = Utc.timestamp_opt(start, 0).unwrap();
            let t = OrderTiming {
                pickup_window: PickupWindow { start, end: start + Duration::seconds(length) },
                picked_up_at: None,
                time_zone: ZONES[zone].parse().unwrap(),
            };
            let policy = ReportPolicy { close_after_days: days };
            let closes = report_closes_at(&t, &policy);
            prop_assert!(closes >= t.pickup_window.end);
            let local_day = closes.with_timezone(&t.time_zone).date_naive();
            let pickup = pickup_day(&t.pickup_window, t.time_zone);
            prop_assert_eq!((local_day - pickup).num_days(), i64::from(days) + 1);
            prop_assert_eq!(closes, start_of_local_day(local_day, t.time_zone));
            // One more day of policy is never an earlier close.
            let longer = ReportPolicy { close_after_days: days + 1 };
            prop_assert!(report_closes_at(&t, &longer) > closes);
        }

        /// Open exactly in [purchase, close) when no report is open.
        #[test]
        fn open_exactly_between_purchase_and_close(offset in -86_400i64..(30 * 86_400)) {
            let t = OrderTiming {
                pickup_window: PickupWindow {
                    start: utc("2026-03-28T14:00:00Z"),
                    end: utc("2026-03-28T16:00:00Z"),
                },
                picked_up_at: None,
                time_zone: "Europe/Helsinki".parse().unwrap(),
            };
            let bought = utc("2026-03-28T09:00:00Z");
            let policy = ReportPolicy::default();
            let now = bought + Duration::seconds(offset);
            let closes = report_closes_at(&t, &policy);
            let ok = check_report_creation(bought, &t, None, now, &policy).is_ok();
            prop_assert_eq!(ok, now >= bought && now < closes);
        }
    }
}
