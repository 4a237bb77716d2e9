//! R11: the reviews of a day for the quality sample, and staff's readings.

use chrono::{DateTime, NaiveDate, Utc};
use resq_core::sampling::{SampleRead, SampledReview, Stratum};
use resq_core::{Rating, rules};
use sqlx::Row;

use super::{Store, date, from_json, instant, millis};
use crate::http::error::AppError;

impl Store {
    /// Every review given on venue-local day `day`, with its reading if any
    /// (in no particular order: the sample orders them).
    pub async fn reviews_of_day(&self, day: NaiveDate) -> Result<Vec<SampledReview>, AppError> {
        let rows = sqlx::query(
            "SELECT f.review_id, f.venue_id, v.name, f.rating, f.aspects, f.comment, \
                    o.products, o.purchased_at, o.time_zone, \
                    r.flagged, r.note, r.read_at \
             FROM feedback f \
             JOIN orders o ON o.order_id = f.order_id \
             JOIN venues v ON v.venue_id = f.venue_id \
             LEFT JOIN sample_reads r ON r.review_id = f.review_id \
             WHERE f.rated_on = ?1",
        )
        .bind(day.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                let zone: String = row.try_get("time_zone")?;
                let tz = rules::parse_time_zone(&zone)
                    .ok_or_else(|| AppError::internal(format!("stored time zone {zone}")))?;
                let rating: String = row.try_get("rating")?;
                let rating = Rating::parse(&rating)
                    .ok_or_else(|| AppError::internal(format!("stored rating {rating}")))?;
                let comment: Option<String> = row.try_get("comment")?;
                let read_at: Option<i64> = row.try_get("read_at")?;
                let read = match read_at {
                    Some(at) => Some(SampleRead {
                        flagged: row.try_get("flagged")?,
                        note: row.try_get("note")?,
                        read_at: instant(at)?,
                    }),
                    None => None,
                };
                Ok(SampledReview {
                    review_id: row.try_get("review_id")?,
                    venue_id: row.try_get("venue_id")?,
                    venue_name: row.try_get("name")?,
                    purchase_date: rules::local_date(instant(row.try_get("purchased_at")?)?, tz),
                    products: from_json(&row.try_get::<String, _>("products")?)?,
                    rating,
                    aspects: from_json(&row.try_get::<String, _>("aspects")?)?,
                    stratum: Stratum::of(rating, comment.is_some()),
                    comment,
                    read,
                })
            })
            .collect()
    }

    /// The venue-local day a review was given on, if it exists.
    pub async fn review_day(&self, review_id: &str) -> Result<Option<NaiveDate>, AppError> {
        let day: Option<String> =
            sqlx::query_scalar("SELECT rated_on FROM feedback WHERE review_id = ?1")
                .bind(review_id)
                .fetch_optional(&self.reader)
                .await?;
        day.as_deref().map(date).transpose()
    }

    /// Records (or replaces) staff's reading of a sampled review.
    pub async fn mark_sample_read(
        &self,
        review_id: &str,
        flagged: bool,
        note: Option<&str>,
        read_by: &str,
        now: DateTime<Utc>,
    ) -> Result<SampleRead, AppError> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO sample_reads (review_id, flagged, note, read_by, read_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (review_id) DO UPDATE SET flagged = ?2, note = ?3, read_by = ?4, read_at = ?5",
        )
        .bind(review_id)
        .bind(flagged)
        .bind(note)
        .bind(read_by)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SampleRead {
            flagged,
            note: note.map(str::to_owned),
            read_at: now,
        })
    }
}
