//! Contact requests (R7): a venue asks ResQ to reach the customer behind one
//! of its reviews. The venue names only the review; staff read the customer.

use chrono::{DateTime, NaiveDate, Utc};
use resq_core::api::VenueRef;
use resq_core::contact::{ContactRequestReceipt, StaffContactRequest};
use resq_core::{Rating, rules};
use sqlx::Row;

use super::{Store, from_json, instant, millis};
use crate::http::error::AppError;

impl Store {
    /// Stores a venue's request about its review `review_id`, given on or
    /// after `from` (the reviews the venue can see). `None` when the venue
    /// has no such review.
    pub async fn request_contact(
        &self,
        venue_id: &str,
        review_id: &str,
        from: NaiveDate,
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ContactRequestReceipt>, AppError> {
        let mut tx = self.write().await?;
        let found: Option<String> = sqlx::query_scalar(
            "SELECT review_id FROM feedback WHERE review_id = ?1 AND venue_id = ?2 AND rated_on >= ?3",
        )
        .bind(review_id)
        .bind(venue_id)
        .bind(from.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Ok(None);
        }
        let request_id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO contact_requests (request_id, review_id, venue_id, message, requested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&request_id)
        .bind(review_id)
        .bind(venue_id)
        .bind(message)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(ContactRequestReceipt {
            request_id,
            review_id: review_id.to_owned(),
            message: message.to_owned(),
        }))
    }

    /// Staff: the newest `limit` contact requests with the customer to reach.
    pub async fn contact_requests(&self, limit: u32) -> Result<Vec<StaffContactRequest>, AppError> {
        let rows = sqlx::query(
            "SELECT c.request_id, c.message, c.requested_at, v.venue_id, v.name, v.time_zone AS venue_zone, \
                    f.review_id, f.rating, f.aspects, f.comment, \
                    o.order_id, o.customer_id, o.products, o.purchased_at, o.time_zone \
             FROM contact_requests c \
             JOIN feedback f ON f.review_id = c.review_id \
             JOIN orders o ON o.order_id = f.order_id \
             JOIN venues v ON v.venue_id = c.venue_id \
             ORDER BY c.requested_at DESC, c.rowid DESC LIMIT ?1",
        )
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                let zone: String = row.try_get("time_zone")?;
                let tz = rules::parse_time_zone(&zone)
                    .ok_or_else(|| AppError::internal(format!("stored time zone {zone}")))?;
                let rating: String = row.try_get("rating")?;
                Ok(StaffContactRequest {
                    request_id: row.try_get("request_id")?,
                    venue: VenueRef {
                        id: row.try_get("venue_id")?,
                        name: row.try_get("name")?,
                        time_zone: row.try_get("venue_zone")?,
                    },
                    review_id: row.try_get("review_id")?,
                    order_id: row.try_get("order_id")?,
                    customer_id: row.try_get("customer_id")?,
                    purchase_date: rules::local_date(instant(row.try_get("purchased_at")?)?, tz),
                    products: from_json(&row.try_get::<String, _>("products")?)?,
                    rating: Rating::parse(&rating)
                        .ok_or_else(|| AppError::internal(format!("stored rating {rating}")))?,
                    aspects: from_json(&row.try_get::<String, _>("aspects")?)?,
                    comment: row.try_get("comment")?,
                    message: row.try_get("message")?,
                    requested_at: instant(row.try_get("requested_at")?)?,
                })
            })
            .collect()
    }
}
