//! Venues: their review list (R6–R8, R13) and their rating counts (R12, R13).
//! Nothing read here identifies a customer (R7): the review list selects no
//! customer id, order id or submission time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use resq_core::api::{PartnerReview, RatingCounts, VenueRef};
use resq_core::{Aspect, ErrorCode, Rating, rules};
use sqlx::Row;

use super::rating_cache::Lookup;
use super::{Store, date, from_json, instant};
use crate::http::error::AppError;

/// Where a page of reviews continues: after this (day, sequence) position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewCursor {
    rated_on: NaiveDate,
    seq: i64,
}

impl ReviewCursor {
    /// The opaque text form given to clients.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("r1|{}|{}", self.rated_on, self.seq))
    }

    /// Reads a cursor given back by a client; anything else → `invalid_cursor`.
    pub fn decode(text: &str) -> Result<ReviewCursor, AppError> {
        let invalid = || AppError::field(ErrorCode::InvalidCursor, "cursor");
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.split('|');
        let (Some("r1"), Some(day), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        Ok(ReviewCursor {
            rated_on: day.parse().map_err(|_| invalid())?,
            seq: seq.parse().map_err(|_| invalid())?,
        })
    }
}

/// Which reviews a page lists (R8 filters): any of `ratings`, with any of
/// `aspects`, with or without a comment; empty or `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewFilter {
    pub ratings: Vec<Rating>,
    pub aspects: Vec<Aspect>,
    pub has_comment: Option<bool>,
}

impl ReviewFilter {
    /// The filter as SQL parameters: JSON arrays (or NULL) and 0/1 (or NULL).
    fn params(&self) -> (Option<String>, Option<String>, Option<bool>) {
        let list = |names: Vec<&str>| {
            (!names.is_empty()).then(|| serde_json::to_string(&names).unwrap_or_default())
        };
        (
            list(self.ratings.iter().map(|r| r.as_str()).collect()),
            list(self.aspects.iter().map(|a| a.as_str()).collect()),
            self.has_comment,
        )
    }
}

/// A page of reviews, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewPage {
    pub items: Vec<PartnerReview>,
    pub next: Option<ReviewCursor>,
}

impl Store {
    /// A venue by id.
    pub async fn venue(&self, venue_id: &str) -> Result<Option<VenueRef>, AppError> {
        let row = sqlx::query("SELECT venue_id, name, time_zone FROM venues WHERE venue_id = ?1")
            .bind(venue_id)
            .fetch_optional(&self.reader)
            .await?;
        row.map(|row| {
            Ok(VenueRef {
                id: row.try_get("venue_id")?,
                name: row.try_get("name")?,
                time_zone: row.try_get("time_zone")?,
            })
        })
        .transpose()
    }

    /// The venue's ratings given on days `from..=to` (venue-local), summed
    /// from the daily counts, or kept from the last read while the venue
    /// has not been rated since (see `rating_cache`).
    pub async fn rating_counts(
        &self,
        venue_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<RatingCounts, AppError> {
        let version = match self.ratings.lookup(venue_id, from, to) {
            Lookup::Hit(counts) => return Ok(counts),
            Lookup::Miss(version) => version,
        };
        let rows = sqlx::query(
            "SELECT rating, SUM(count) AS total FROM venue_daily_ratings \
             WHERE venue_id = ?1 AND rated_on >= ?2 AND rated_on <= ?3 GROUP BY rating",
        )
        .bind(venue_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.reader)
        .await?;
        let mut counts = RatingCounts::default();
        for row in rows {
            let rating: String = row.try_get("rating")?;
            let total: i64 = row.try_get("total")?;
            let rating = Rating::parse(&rating)
                .ok_or_else(|| AppError::internal(format!("stored rating {rating}")))?;
            counts.add(rating, u32::try_from(total).unwrap_or(u32::MAX));
        }
        self.ratings.keep(venue_id, version, from, to, counts);
        Ok(counts)
    }

    /// The venue's reviews given on days `from..=to` (venue-local), newest
    /// first, at most `limit`, continuing after `after`, as `filter` says.
    pub async fn review_page(
        &self,
        venue_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<ReviewCursor>,
        limit: u32,
        filter: &ReviewFilter,
    ) -> Result<ReviewPage, AppError> {
        let (ratings, aspects, has_comment) = filter.params();
        let rows = sqlx::query(
            "SELECT f.review_seq, f.review_id, f.venue_id, f.rating, f.aspects, f.comment, f.rated_on, \
                    o.products, o.purchased_at, o.time_zone \
             FROM feedback f JOIN orders o ON o.order_id = f.order_id \
             WHERE f.venue_id = ?1 AND f.rated_on >= ?2 AND f.rated_on <= ?3 \
               AND (?4 IS NULL OR (f.rated_on, f.review_seq) < (?4, ?5)) \
               AND (?7 IS NULL OR f.rating IN (SELECT value FROM json_each(?7))) \
               AND (?8 IS NULL OR EXISTS (SELECT 1 FROM json_each(f.aspects) a \
                                          WHERE a.value IN (SELECT value FROM json_each(?8)))) \
               AND (?9 IS NULL OR ?9 = (f.comment IS NOT NULL AND f.comment <> '')) \
             ORDER BY f.rated_on DESC, f.review_seq DESC LIMIT ?6",
        )
        .bind(venue_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(after.map(|c| c.rated_on.to_string()))
        .bind(after.map(|c| c.seq))
        .bind(i64::from(limit) + 1)
        .bind(ratings)
        .bind(aspects)
        .bind(has_comment)
        .fetch_all(&self.reader)
        .await?;

        let mut items = Vec::with_capacity(rows.len());
        let mut last = None;
        for row in rows.iter().take(limit as usize) {
            let zone: String = row.try_get("time_zone")?;
            let tz = rules::parse_time_zone(&zone)
                .ok_or_else(|| AppError::internal(format!("stored time zone {zone}")))?;
            let rating: String = row.try_get("rating")?;
            items.push(PartnerReview {
                review_id: row.try_get("review_id")?,
                venue_id: row.try_get("venue_id")?,
                purchase_date: rules::local_date(instant(row.try_get("purchased_at")?)?, tz),
                products: from_json(&row.try_get::<String, _>("products")?)?,
                rating: Rating::parse(&rating)
                    .ok_or_else(|| AppError::internal(format!("stored rating {rating}")))?,
                aspects: from_json(&row.try_get::<String, _>("aspects")?)?,
                comment: row.try_get("comment")?,
            });
            last = Some(ReviewCursor {
                rated_on: date(&row.try_get::<String, _>("rated_on")?)?,
                seq: row.try_get("review_seq")?,
            });
        }
        let next = if rows.len() > limit as usize {
            last
        } else {
            None
        };
        Ok(ReviewPage { items, next })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_its_round_trip() {
        let cursor = ReviewCursor {
            rated_on: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            seq: 42,
        };
        assert_eq!(ReviewCursor::decode(&cursor.encode()).unwrap(), cursor);
    }

    #[test]
    fn anything_else_is_an_invalid_cursor() {
        for bad in ["", "x", "!!!", &URL_SAFE_NO_PAD.encode("r1|2026-13-01|4")] {
            let err = ReviewCursor::decode(bad).unwrap_err();
            assert_eq!(err.error_code(), ErrorCode::InvalidCursor, "{bad}");
        }
    }
}
