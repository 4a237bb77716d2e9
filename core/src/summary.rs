//! What a venue owner reads at the top of the Feedback page (R8, R12, R13):
//! counts and shares of good / OK / bad in the counting window, what
//! customers praise and criticise (aspect counts per rating), a weekly
//! trend, whether the rating is public yet, and when the oldest counting
//! ratings drop out.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::api::RatingCounts;
use crate::{Aspect, Rating};

/// How often an aspect was picked with one rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AspectCount {
    pub aspect: Aspect,
    pub count: u32,
}

/// The aspects picked with one rating, most picked first (ties in the
/// seed's order): for "good" what customers praise, for "bad" what they
/// criticise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingAspects {
    pub rating: Rating,
    pub aspects: Vec<AspectCount>,
}

/// The ratings given in one week (Monday to Sunday, venue-local days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekCounts {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    pub counts: RatingCounts,
}

/// R13: the next day on which counting ratings drop out, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextExpiry {
    /// The first venue-local day on which they no longer count.
    pub on: NaiveDate,
    pub ratings: u32,
}

/// The summary of a venue's feedback (partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueSummary {
    pub venue_id: String,
    pub venue_name: String,
    /// Today, venue-local.
    pub today: NaiveDate,
    /// The first day whose ratings still count (R13).
    pub window_start: NaiveDate,
    /// Ratings in the counting window.
    pub counts: RatingCounts,
    /// R12: customers see the rating.
    pub public: bool,
    /// R12: how many more counting ratings until they do (0 when public).
    pub ratings_until_public: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_expiry: Option<NextExpiry>,
    /// Good, OK, bad — in that order.
    pub aspects: Vec<RatingAspects>,
    /// Every week touching the window, oldest first (weeks without ratings
    /// included, with zeros).
    pub weekly: Vec<WeekCounts>,
}

/// Shares of good / OK / bad in whole percent that add up to 100 (largest
/// remainder); all 0 without ratings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingShares {
    pub good: u32,
    pub ok: u32,
    pub bad: u32,
}

impl RatingShares {
    /// The share of `rating`, in whole percent.
    pub fn of(&self, rating: Rating) -> u32 {
        match rating {
            Rating::Good => self.good,
            Rating::Ok => self.ok,
            Rating::Bad => self.bad,
        }
    }
}

/// The counts as whole percentages adding up to exactly 100.
pub fn rating_shares(counts: RatingCounts) -> RatingShares {
    let total = counts.total();
    if total == 0 {
        return RatingShares::default();
    }
    let raw = [counts.good, counts.ok, counts.bad].map(|n| u64::from(n) * 100);
    let total = u64::from(total);
    let mut shares = raw.map(|r| r / total);
    let mut left = 100 - shares.iter().sum::<u64>();
    // Hand the remaining points to the largest remainders (earlier first on ties).
    let mut order = [0usize, 1, 2];
    order.sort_by_key(|&i| std::cmp::Reverse(raw[i] % total));
    for i in order {
        if left == 0 {
            break;
        }
        if raw[i] % total > 0 {
            shares[i] += 1;
            left -= 1;
        }
    }
    RatingShares {
        good: shares[0] as u32,
        ok: shares[1] as u32,
        bad: shares[2] as u32,
    }
}

/// The Monday of `day`'s week.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    let back = u64::from(day.weekday().num_days_from_monday());
    day.checked_sub_days(Days::new(back)).unwrap_or(day)
}

/// Weekly counts of ratings given on days `from..=to` from per-day counts
/// `(day, rating, count)`: every week touching the range, oldest first.
pub fn weekly_counts(
    daily: &[(NaiveDate, Rating, u32)],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<WeekCounts> {
    let mut weeks = Vec::new();
    let mut monday = week_start(from);
    while monday <= to {
        weeks.push(WeekCounts {
            week_start: monday,
            counts: RatingCounts::default(),
        });
        monday = monday
            .checked_add_days(Days::new(7))
            .unwrap_or(NaiveDate::MAX);
    }
    for &(day, rating, count) in daily {
        if day < from || day > to {
            continue;
        }
        let monday = week_start(day);
        if let Some(week) = weeks.iter_mut().find(|w| w.week_start == monday) {
            week.counts.add(rating, count);
        }
    }
    weeks
}

/// Aspect counts per rating from `(rating, aspect, count)` rows: good, OK,
/// bad, each with every aspect, most picked first.
pub fn aspects_by_rating(rows: &[(Rating, Aspect, u32)]) -> Vec<RatingAspects> {
    Rating::ALL
        .into_iter()
        .map(|rating| {
            let mut aspects: Vec<AspectCount> = Aspect::ALL
                .into_iter()
                .map(|aspect| AspectCount {
                    aspect,
                    count: rows
                        .iter()
                        .filter(|(r, a, _)| *r == rating && *a == aspect)
                        .map(|(_, _, n)| *n)
                        .sum(),
                })
                .collect();
            // Stable: ties keep the seed's order.
            aspects.sort_by_key(|a| std::cmp::Reverse(a.count));
            RatingAspects { rating, aspects }
        })
        .collect()
}

/// R13: among ratings given on `daily` days that count on `today`, the
/// first day some drop out and how many do (days whose expiry clamps to the
/// same month end drop out together).
#[cfg(feature = "rules")]
pub fn next_expiry(daily: &[(NaiveDate, Rating, u32)], today: NaiveDate) -> Option<NextExpiry> {
    use crate::rules::{rating_counts, rating_expires_on};
    let on = daily
        .iter()
        .filter(|(day, _, n)| *n > 0 && rating_counts(*day, today))
        .map(|(day, _, _)| rating_expires_on(*day))
        .min()?;
    let ratings = daily
        .iter()
        .filter(|(day, _, _)| rating_counts(*day, today) && rating_expires_on(*day) == on)
        .map(|(_, _, n)| *n)
        .sum();
    Some(NextExpiry { on, ratings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn counts(good: u32, ok: u32, bad: u32) -> RatingCounts {
        RatingCounts { good, ok, bad }
    }

    #[test]
    fn shares_add_up_to_a_hundred() {
        assert_eq!(
            rating_shares(counts(1, 1, 1)),
            RatingShares {
                good: 34,
                ok: 33,
                bad: 33
            }
        );
        assert_eq!(
            rating_shares(counts(2, 1, 0)),
            RatingShares {
                good: 67,
                ok: 33,
                bad: 0
            }
        );
        assert_eq!(rating_shares(counts(0, 0, 0)), RatingShares::default());
        assert_eq!(
            rating_shares(counts(7, 0, 0)),
            RatingShares {
                good: 100,
                ok: 0,
                bad: 0
            }
        );
        for (g, o, b) in [(3, 5, 9), (1, 2, 97), (10, 10, 1), (1, 0, 6)] {
            let s = rating_shares(counts(g, o, b));
            assert_eq!(s.good + s.ok + s.bad, 100, "{g} {o} {b}");
        }
    }

    #[test]
    fn each_rating_has_its_own_count_and_share() {
        let c = counts(5, 3, 2);
        let s = rating_shares(c);
        let by_rating = Rating::ALL.map(|r| (r, c.of(r), s.of(r)));
        assert_eq!(
            by_rating,
            [
                (Rating::Good, 5, 50),
                (Rating::Ok, 3, 30),
                (Rating::Bad, 2, 20)
            ]
        );
    }

    #[test]
    fn weeks_start_on_monday_and_cover_the_range() {
        // 10 March 2026 is a Tuesday.
        assert_eq!(week_start(date(2026, 3, 10)), date(2026, 3, 9));
        assert_eq!(week_start(date(2026, 3, 9)), date(2026, 3, 9));
        assert_eq!(week_start(date(2026, 3, 15)), date(2026, 3, 9));
        let daily = [
            (date(2026, 3, 2), Rating::Bad, 1), // before the range
            (date(2026, 3, 10), Rating::Good, 2),
            (date(2026, 3, 15), Rating::Ok, 1),
            (date(2026, 3, 23), Rating::Good, 4),
        ];
        let weeks = weekly_counts(&daily, date(2026, 3, 4), date(2026, 3, 24));
        let starts: Vec<NaiveDate> = weeks.iter().map(|w| w.week_start).collect();
        assert_eq!(
            starts,
            [
                date(2026, 3, 2),
                date(2026, 3, 9),
                date(2026, 3, 16),
                date(2026, 3, 23)
            ]
        );
        assert_eq!(weeks[0].counts, counts(0, 0, 0));
        assert_eq!(weeks[1].counts, counts(2, 1, 0));
        assert_eq!(weeks[2].counts, counts(0, 0, 0));
        assert_eq!(weeks[3].counts, counts(4, 0, 0));
    }

    #[test]
    fn aspects_are_ranked_per_rating() {
        let rows = [
            (Rating::Good, Aspect::Taste, 5),
            (Rating::Good, Aspect::Price, 2),
            (Rating::Bad, Aspect::Size, 3),
        ];
        let ranked = aspects_by_rating(&rows);
        assert_eq!(ranked.len(), 3);
        assert_eq!(ranked[0].rating, Rating::Good);
        assert_eq!(
            ranked[0].aspects[0],
            AspectCount {
                aspect: Aspect::Taste,
                count: 5
            }
        );
        assert_eq!(
            ranked[0].aspects[1],
            AspectCount {
                aspect: Aspect::Price,
                count: 2
            }
        );
        // Ties keep the seed's order: Size, Service, Description.
        assert_eq!(ranked[0].aspects[2].aspect, Aspect::Size);
        assert_eq!(
            ranked[2].aspects[0],
            AspectCount {
                aspect: Aspect::Size,
                count: 3
            }
        );
        assert!(ranked[1].aspects.iter().all(|a| a.count == 0));
    }

    #[cfg(feature = "rules")]
    #[test]
    fn the_oldest_counting_ratings_drop_out_two_months_after_their_day() {
        let today = date(2026, 3, 10);
        let daily = [
            (date(2026, 1, 9), Rating::Bad, 3),  // expired on 9 March
            (date(2026, 1, 10), Rating::Bad, 5), // expires today: no longer counts
            (date(2026, 1, 11), Rating::Good, 2),
            (date(2026, 1, 11), Rating::Ok, 1),
            (date(2026, 2, 1), Rating::Good, 4),
        ];
        assert_eq!(
            next_expiry(&daily, today),
            Some(NextExpiry {
                on: date(2026, 3, 11),
                ratings: 3
            })
        );
        // Month ends clamp: 29–31 Dec 2026 all expire on 28 Feb 2027.
        let daily = [
            (date(2026, 12, 29), Rating::Good, 1),
            (date(2026, 12, 31), Rating::Bad, 2),
        ];
        assert_eq!(
            next_expiry(&daily, date(2027, 1, 5)),
            Some(NextExpiry {
                on: date(2027, 2, 28),
                ratings: 3
            })
        );
        assert_eq!(next_expiry(&[], today), None);
    }
}
