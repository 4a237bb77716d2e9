//! What the venue summary reads (R8, R12, R13): the kept per-day rating
//! counts and the aspects picked per rating. Nothing here identifies a
//! customer (R7).

use chrono::NaiveDate;
use resq_core::{Aspect, Rating};
use sqlx::Row;

use super::{Store, date};
use crate::http::error::AppError;

fn rating(text: &str) -> Result<Rating, AppError> {
    Rating::parse(text).ok_or_else(|| AppError::internal(format!("stored rating {text}")))
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Store {
    /// The venue's ratings per venue-local day and value on days `from..=to`.
    pub async fn daily_ratings(
        &self,
        venue_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Rating, u32)>, AppError> {
        let rows = sqlx::query(
            "SELECT rated_on, rating, count FROM venue_daily_ratings \
             WHERE venue_id = ?1 AND rated_on >= ?2 AND rated_on <= ?3 AND count > 0",
        )
        .bind(venue_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    date(&row.try_get::<String, _>("rated_on")?)?,
                    rating(&row.try_get::<String, _>("rating")?)?,
                    count(row.try_get("count")?),
                ))
            })
            .collect()
    }

    /// How often each aspect was picked with each rating on days `from..=to`.
    pub async fn aspect_counts(
        &self,
        venue_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(Rating, Aspect, u32)>, AppError> {
        let rows = sqlx::query(
            "SELECT f.rating, a.value AS aspect, COUNT(*) AS n \
             FROM feedback f, json_each(f.aspects) a \
             WHERE f.venue_id = ?1 AND f.rated_on >= ?2 AND f.rated_on <= ?3 \
             GROUP BY f.rating, a.value",
        )
        .bind(venue_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                let aspect: String = row.try_get("aspect")?;
                Ok((
                    rating(&row.try_get::<String, _>("rating")?)?,
                    Aspect::parse(&aspect)
                        .ok_or_else(|| AppError::internal(format!("stored aspect {aspect}")))?,
                    count(row.try_get("n")?),
                ))
            })
            .collect()
    }
}
