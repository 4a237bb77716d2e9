//! R11 quality sampling: staff read a sample of each day's reviews (problem
//! reports are not sampled: staff read every one of them).
//!
//! The sample of a day is reproducible: every review of the day gets a
//! priority from a ChaCha PRNG seeded with the day and the review's id, and
//! the sample takes the lowest priorities of each stratum. The same day and
//! reviews always give the same sample, and a review that arrives later in
//! the day can only take a place, never reshuffle the rest.
//!
//! Stratified so the reviews most worth reading — bad ratings with a
//! comment — are over-represented: they get up to [`PRIORITY_SHARE_PERCENT`]
//! of the places whatever their share of the day; the rest go to the other
//! reviews, and places one stratum cannot fill go to the other.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{Aspect, Product, Rating};

/// The default number of reviews in a day's sample.
pub const DEFAULT_SAMPLE_SIZE: u32 = 50;
/// The share of places (percent) reserved for bad ratings with a comment.
pub const PRIORITY_SHARE_PERCENT: u32 = 40;

/// Which stratum a review was drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stratum {
    /// A bad rating with a comment: over-represented.
    BadWithComment,
    /// Every other review.
    Other,
}

impl Stratum {
    pub fn of(rating: Rating, has_comment: bool) -> Stratum {
        if rating == Rating::Bad && has_comment {
            Stratum::BadWithComment
        } else {
            Stratum::Other
        }
    }
}

/// A review that could be sampled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleCandidate<'a> {
    pub review_id: &'a str,
    pub rating: Rating,
    pub has_comment: bool,
}

/// A staff member's reading of a sampled review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampleRead {
    /// Flagged for follow-up.
    pub flagged: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub read_at: DateTime<Utc>,
}

/// Staff: mark a sampled review read, optionally flagged with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkSampleRead {
    pub flag: bool,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::optional_report_text))]
    pub note: Option<String>,
}

/// One review of a day's sample, as staff read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SampledReview {
    pub review_id: String,
    pub venue_id: String,
    pub venue_name: String,
    pub purchase_date: NaiveDate,
    pub products: Vec<Product>,
    pub rating: Rating,
    pub aspects: Vec<Aspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub stratum: Stratum,
    /// Absent until someone read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<SampleRead>,
}

/// Staff: the sample of one day's reviews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DailySample {
    /// The day the reviews were given (venue-local).
    pub date: NaiveDate,
    /// How many reviews were given that day.
    pub population: u32,
    /// Of them, bad ratings with a comment.
    pub population_bad_with_comment: u32,
    /// Bad ratings with a comment first, then the others, each in draw order.
    pub items: Vec<SampledReview>,
}

/// A review's draw priority on `day` (lower is drawn first).
#[cfg(feature = "rules")]
pub fn draw_priority(day: NaiveDate, review_id: &str) -> u64 {
    use chrono::Datelike;
    use rand_chacha::ChaCha8Rng;
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    // FNV-1a folds the id into the seed; ChaCha does the mixing.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in review_id.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let day = u64::from(day.num_days_from_ce().unsigned_abs());
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&day.to_le_bytes());
    seed[8..16].copy_from_slice(&hash.to_le_bytes());
    seed[16..24].copy_from_slice(b"resq-r11");
    ChaCha8Rng::from_seed(seed).next_u64()
}

/// R11: the indexes of `candidates` (the reviews of `day`) in the day's
/// sample of at most `size`: bad ratings with a comment first, each stratum
/// in draw order.
#[cfg(feature = "rules")]
pub fn choose_sample(day: NaiveDate, candidates: &[SampleCandidate<'_>], size: u32) -> Vec<usize> {
    let size = size as usize;
    let mut strata: [Vec<(u64, &str, usize)>; 2] = [Vec::new(), Vec::new()];
    for (i, c) in candidates.iter().enumerate() {
        let s = match Stratum::of(c.rating, c.has_comment) {
            Stratum::BadWithComment => 0,
            Stratum::Other => 1,
        };
        strata[s].push((draw_priority(day, c.review_id), c.review_id, i));
    }
    for stratum in &mut strata {
        stratum.sort_unstable();
    }
    let reserved = (size * PRIORITY_SHARE_PERCENT as usize).div_ceil(100);
    let priority = strata[0]
        .len()
        .min(reserved.max(size.saturating_sub(strata[1].len())));
    let other = strata[1].len().min(size - priority.min(size));
    strata[0]
        .iter()
        .take(priority.min(size))
        .chain(strata[1].iter().take(other))
        .map(|(_, _, i)| *i)
        .collect()
}

#[cfg(all(test, feature = "rules"))]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
    }

    fn population(ids: &[String], bad_with_comment_every: usize) -> Vec<SampleCandidate<'_>> {
        ids.iter()
            .enumerate()
            .map(|(i, id)| SampleCandidate {
                review_id: id,
                rating: if i % bad_with_comment_every == 0 {
                    Rating::Bad
                } else {
                    Rating::Good
                },
                has_comment: i % bad_with_comment_every == 0 || i % 3 == 0,
            })
            .collect()
    }

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("review-{i:04}")).collect()
    }

    #[test]
    fn the_same_day_gives_the_same_sample_and_another_day_another() {
        let ids = ids(400);
        let reviews = population(&ids, 20);
        let a = choose_sample(day(), &reviews, 50);
        assert_eq!(a, choose_sample(day(), &reviews, 50));
        let mut reversed = reviews.clone();
        reversed.reverse();
        let b: Vec<&str> = choose_sample(day(), &reversed, 50)
            .iter()
            .map(|i| reversed[*i].review_id)
            .collect();
        let a_ids: Vec<&str> = a.iter().map(|i| reviews[*i].review_id).collect();
        assert_eq!(a_ids, b, "the order reviews come in does not matter");
        let next_day = day().succ_opt().unwrap();
        assert_ne!(a, choose_sample(next_day, &reviews, 50));
    }

    #[test]
    fn bad_ratings_with_comments_are_over_represented() {
        let ids = ids(1000);
        let reviews = population(&ids, 20); // 5% bad with a comment
        let sample = choose_sample(day(), &reviews, 50);
        assert_eq!(sample.len(), 50);
        let bad = sample
            .iter()
            .filter(|i| {
                Stratum::of(reviews[**i].rating, reviews[**i].has_comment)
                    == Stratum::BadWithComment
            })
            .count();
        assert_eq!(bad, 20, "40% of the places against 5% of the day");
        // No review twice.
        let mut unique = sample.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 50);
    }

    #[test]
    fn a_small_day_is_read_whole_and_short_strata_leave_places_to_the_other() {
        let ids = ids(30);
        let reviews = population(&ids, 10);
        assert_eq!(choose_sample(day(), &reviews, 50).len(), 30);
        // Only bad-with-comment reviews: they fill every place.
        let only_bad: Vec<SampleCandidate<'_>> = ids
            .iter()
            .map(|id| SampleCandidate {
                review_id: id,
                rating: Rating::Bad,
                has_comment: true,
            })
            .collect();
        assert_eq!(choose_sample(day(), &only_bad, 10).len(), 10);
        assert!(choose_sample(day(), &only_bad, 0).is_empty());
    }

    #[test]
    fn a_late_review_takes_at_most_one_place() {
        let ids = ids(300);
        let reviews = population(&ids, 15);
        let before: Vec<&str> = choose_sample(day(), &reviews, 20)
            .iter()
            .map(|i| reviews[*i].review_id)
            .collect();
        let late = String::from("review-late");
        let mut more = reviews.clone();
        more.push(SampleCandidate {
            review_id: &late,
            rating: Rating::Good,
            has_comment: false,
        });
        let after: Vec<&str> = choose_sample(day(), &more, 20)
            .iter()
            .map(|i| more[*i].review_id)
            .collect();
        let kept = before.iter().filter(|id| after.contains(id)).count();
        assert!(kept >= 19, "kept {kept} of 20");
    }
}
