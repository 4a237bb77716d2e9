//! Feedback submission: one feedback per order (R2), stored exactly once per
//! idempotency key, with the venue's daily rating counts updated in the same
//! transaction, and the review's live event (R5) recorded with it.

use chrono::{DateTime, NaiveDate, Utc};
use resq_core::api::PartnerReview;
use resq_core::live::LiveEventKind;
use resq_core::{ErrorCode, Feedback, rules};
use sqlx::Row;

use super::live::LiveEvent;
use super::orders::{OrderRecord, select_order};
use super::{OrderScope, Store, millis, to_json};
use crate::http::error::AppError;

/// A customer's submission as the store needs it.
#[derive(Debug, Clone)]
pub struct FeedbackSubmission<'a> {
    pub customer_id: &'a str,
    pub order_id: &'a str,
    pub idempotency_key: &'a str,
    /// A hash of everything that makes two requests "the same" (the order
    /// id and the normalized body).
    pub request_hash: &'a str,
}

/// What the rules accepted, ready to store, with the answer to send (and to
/// replay for the same key).
#[derive(Debug, Clone)]
pub struct AcceptedFeedback {
    pub feedback: Feedback,
    /// The venue-local day of the submission (R13 counts these days).
    pub rated_on: NaiveDate,
    pub submitted_at: DateTime<Utc>,
    pub status: u16,
    pub response_body: String,
}

/// The answer to a submission: fresh, or replayed for a repeated key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub status: u16,
    pub body: String,
    pub replayed: bool,
}

impl Store {
    /// Stores feedback for the customer's own order, exactly once.
    ///
    /// In one write transaction: a known idempotency key replays its stored
    /// answer (or is refused if the request differs); otherwise the order is
    /// read within the customer's scope, `decide` applies the rules to it
    /// (R1, R2), and the feedback, the day's rating count and the
    /// idempotency record are written together.
    pub async fn submit_feedback<F>(
        &self,
        submission: FeedbackSubmission<'_>,
        decide: F,
    ) -> Result<StoredResponse, AppError>
    where
        F: FnOnce(&OrderRecord) -> Result<AcceptedFeedback, AppError>,
    {
        let mut tx = self.write().await?;
        let earlier = sqlx::query(
            "SELECT request_hash, status, response_body FROM idempotency_keys \
             WHERE customer_id = ?1 AND idem_key = ?2",
        )
        .bind(submission.customer_id)
        .bind(submission.idempotency_key)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(earlier) = earlier {
            let hash: String = earlier.try_get("request_hash")?;
            if hash != submission.request_hash {
                return Err(AppError::code(ErrorCode::IdempotencyKeyReused));
            }
            let status: i64 = earlier.try_get("status")?;
            return Ok(StoredResponse {
                status: u16::try_from(status)
                    .map_err(|_| AppError::internal("stored status out of range"))?,
                body: earlier.try_get("response_body")?,
                replayed: true,
            });
        }

        let order = select_order(
            &mut tx,
            submission.order_id,
            OrderScope::Customer(submission.customer_id),
        )
        .await?
        .ok_or_else(AppError::not_found)?;
        let accepted = decide(&order)?;
        let rated_on = accepted.rated_on.to_string();
        let rating = accepted.feedback.rating.as_str();
        let review_id = uuid::Uuid::new_v4().simple().to_string();

        sqlx::query(
            "INSERT INTO feedback (review_id, order_id, venue_id, rating, aspects, comment, rated_on, submitted_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(&review_id)
        .bind(&order.order_id)
        .bind(&order.venue.id)
        .bind(rating)
        .bind(to_json(&accepted.feedback.aspects)?)
        .bind(&accepted.feedback.comment)
        .bind(&rated_on)
        .bind(millis(accepted.submitted_at))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO venue_daily_ratings (venue_id, rated_on, rating, count) VALUES (?1, ?2, ?3, 1) \
             ON CONFLICT (venue_id, rated_on, rating) DO UPDATE SET count = count + 1",
        )
        .bind(&order.venue.id)
        .bind(&rated_on)
        .bind(rating)
        .execute(&mut *tx)
        .await?;
        // R5: the venue's live stream gets the review as the partner list
        // shows it — anonymous (R7), in this transaction.
        let review = PartnerReview {
            review_id,
            venue_id: order.venue.id.clone(),
            purchase_date: rules::local_date(order.purchased_at, order.time_zone),
            products: order.products.clone(),
            rating: accepted.feedback.rating,
            aspects: accepted.feedback.aspects.clone(),
            comment: accepted.feedback.comment.clone(),
        };
        let event = LiveEvent::new(
            &order.venue.id,
            LiveEventKind::ReviewSubmitted,
            true,
            false,
            &review,
        )?;
        super::live::record(&mut tx, &event, accepted.submitted_at).await?;
        sqlx::query(
            "INSERT INTO idempotency_keys (customer_id, idem_key, request_hash, status, response_body, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(submission.customer_id)
        .bind(submission.idempotency_key)
        .bind(submission.request_hash)
        .bind(i64::from(accepted.status))
        .bind(&accepted.response_body)
        .bind(millis(accepted.submitted_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(StoredResponse {
            status: accepted.status,
            body: accepted.response_body,
            replayed: false,
        })
    }
}
