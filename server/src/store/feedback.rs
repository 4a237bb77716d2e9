//! Feedback submission: one feedback per order (R2), stored exactly once per
//! idempotency key, with the venue's daily rating counts updated in the same
//! transaction, and the review's live event (R5) recorded with it.
//!
//! Submissions are written by group commit: concurrent submissions queue up
//! for one writer (a thread of its own), which stores everything queued so
//! far in one `BEGIN IMMEDIATE` transaction — a refused submission writes
//! nothing, and an accepted one's writes go in its own savepoint, so one
//! refused or failing submission leaves the others in the batch alone — and
//! answers each only after that transaction is committed (and,
//! with `synchronous=FULL`, on disk). One fsync then carries a whole batch
//! instead of one submission. Inside the transaction the submissions are
//! applied one after another, exactly as if they had come one by one: a
//! repeated key later in the same batch replays the earlier answer, and a
//! second submission for the same order is refused.

use chrono::{DateTime, NaiveDate, Utc};
use resq_core::api::PartnerReview;
use resq_core::live::LiveEventKind;
use resq_core::{Aspect, Feedback, rules};
use sqlx::SqliteConnection;
use sqlx::sqlite::SqlitePool;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use super::idempotency::{IdempotentRequest, replay};
use super::live::LiveEvent;
use super::orders::{OrderRecord, select_order};
use super::rating_cache::RatingCache;
use super::{OrderScope, Store, millis, to_json};
use crate::http::error::AppError;

/// At most this many submissions share one transaction (by default).
pub const DEFAULT_FEEDBACK_BATCH: usize = 256;
/// Submissions waiting for the writer before senders wait too.
const QUEUE_CAPACITY: usize = 4096;

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

/// The rules applied to the order as stored, inside the write transaction.
type Decide = Box<dyn FnOnce(&OrderRecord) -> Result<AcceptedFeedback, AppError> + Send>;

/// A submission waiting for its batch.
pub(super) struct PendingFeedback {
    customer_id: String,
    order_id: String,
    idempotency_key: String,
    request_hash: String,
    decide: Decide,
    answer: oneshot::Sender<Result<StoredResponse, AppError>>,
}

/// The queue of submissions to the writer task.
pub(super) type FeedbackQueue = mpsc::Sender<PendingFeedback>;

/// Starts the writer task that stores queued submissions in batches of at
/// most `max_batch` on `writer` (the single writer connection). It ends when
/// every [`Store`] (every sender) is gone. After each commit it tells
/// `ratings` which venues were rated.
pub(super) fn start_writer(
    writer: SqlitePool,
    max_batch: usize,
    ratings: Arc<RatingCache>,
) -> std::io::Result<FeedbackQueue> {
    let (queue, mut pending) = mpsc::channel(QUEUE_CAPACITY);
    let max_batch = max_batch.max(1);
    let write = async move {
        let mut batch = Vec::with_capacity(max_batch);
        // Waits for one submission, then takes every one queued meanwhile:
        // while a batch is being made durable, the next one fills up.
        while pending.recv_many(&mut batch, max_batch).await > 0 {
            commit_batch(&writer, &ratings, &mut batch).await;
        }
    };
    // The writer has a thread of its own: a batch is ~8 statements per
    // submission, each a round trip to SQLite's worker thread, and on the
    // shared runtime every one of them waited its turn behind the HTTP
    // connections' tasks.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("feedback-writer".into())
        .spawn(move || runtime.block_on(write))?;
    Ok(queue)
}

impl Store {
    /// Stores feedback for the customer's own order, exactly once, and
    /// answers once it is durable.
    ///
    /// In the batch's write transaction: a known idempotency key replays its
    /// stored answer (or is refused if the request differs); otherwise the
    /// order is read within the customer's scope, `decide` applies the rules
    /// to it (R1, R2), and the feedback, the day's rating count, the live
    /// event and the idempotency record are written together.
    pub async fn submit_feedback<F>(
        &self,
        submission: FeedbackSubmission<'_>,
        decide: F,
    ) -> Result<StoredResponse, AppError>
    where
        F: FnOnce(&OrderRecord) -> Result<AcceptedFeedback, AppError> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel();
        let pending = PendingFeedback {
            customer_id: submission.customer_id.to_owned(),
            order_id: submission.order_id.to_owned(),
            idempotency_key: submission.idempotency_key.to_owned(),
            request_hash: submission.request_hash.to_owned(),
            decide: Box::new(decide),
            answer,
        };
        self.feedback_queue
            .send(pending)
            .await
            .map_err(|_| AppError::Storage(sqlx::Error::PoolClosed))?;
        answered
            .await
            .map_err(|_| AppError::internal("the feedback writer stopped"))?
    }
}

/// Stores `batch` (emptying it) in one transaction and answers every
/// submission after the commit; if the commit fails, nothing of the batch is
/// stored and every submission is answered "unavailable, try again".
async fn commit_batch(
    writer: &SqlitePool,
    ratings: &RatingCache,
    batch: &mut Vec<PendingFeedback>,
) {
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(e) => {
            let message = e.to_string();
            for pending in batch.drain(..) {
                let _ = pending.answer.send(Err(unavailable(&message)));
            }
            return;
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    let mut rated = Vec::new();
    let mut undone = Ok(());
    for pending in batch.drain(..) {
        let PendingFeedback {
            customer_id,
            order_id,
            idempotency_key,
            request_hash,
            decide,
            answer,
        } = pending;
        let request = IdempotentRequest {
            customer_id: &customer_id,
            key: &idempotency_key,
            request_hash: &request_hash,
        };
        let outcome = match store_one(&mut tx, request, &order_id, decide).await {
            Ok((stored, venue)) => {
                rated.extend(venue);
                Ok(stored)
            }
            Err(Failed::Refused(refused)) => Err(refused),
            Err(Failed::NotUndone(e)) => {
                // Its writes may be half in the transaction: none of the
                // batch may be committed.
                undone = Err(e);
                Err(AppError::internal("a feedback write could not be undone"))
            }
        };
        answers.push((answer, outcome));
    }
    if let Err(e) = undone {
        tracing::warn!(error = ?e, size = answers.len(), "a feedback write could not be undone; the batch is rolled back");
        drop(tx);
        let message = e.to_string();
        for (answer, _) in answers {
            let _ = answer.send(Err(unavailable(&message)));
        }
        return;
    }
    match tx.commit().await {
        Ok(()) => {
            for venue in &rated {
                ratings.rated(venue);
            }
            for (answer, outcome) in answers {
                let _ = answer.send(outcome);
            }
        }
        Err(e) => {
            tracing::warn!(error = ?e, size = answers.len(), "committing a feedback batch failed");
            let message = e.to_string();
            for (answer, _) in answers {
                let _ = answer.send(Err(unavailable(&message)));
            }
        }
    }
}

/// Nothing was stored; the client retries with the same key.
fn unavailable(message: &str) -> AppError {
    AppError::Storage(sqlx::Error::Io(std::io::Error::other(format!(
        "feedback batch: {message}"
    ))))
}

/// Why a submission was not stored.
enum Failed {
    /// Refused (or its writes failed and were undone): nothing of it is in
    /// the transaction; the others of the batch go on.
    Refused(AppError),
    /// Its writes failed and undoing them failed too.
    NotUndone(sqlx::Error),
}

impl From<AppError> for Failed {
    fn from(e: AppError) -> Failed {
        Failed::Refused(e)
    }
}

impl From<sqlx::Error> for Failed {
    fn from(e: sqlx::Error) -> Failed {
        Failed::Refused(e.into())
    }
}

/// Everything an accepted submission writes, in one round trip to SQLite:
/// the feedback, the day's count of its rating and of each aspect picked
/// with it, its live event (R5, as `live::record` writes it) and its
/// idempotency record (as `idempotency::remember` writes it), inside a
/// savepoint so that a failing statement leaves none of them behind.
///
/// The values come as one JSON object, `?1` (see [`Accepted`]): each
/// statement of the string has parameters of its own, and sqlx binds
/// numbered ones that a statement skips wrongly.
const STORE_ACCEPTED: &str = "SAVEPOINT feedback_item; \
    INSERT INTO feedback (review_id, order_id, venue_id, rating, aspects, comment, rated_on, submitted_at) \
    VALUES (?1 ->> 'review_id', ?1 ->> 'order_id', ?1 ->> 'venue_id', ?1 ->> 'rating', \
    ?1 -> 'aspects', ?1 ->> 'comment', ?1 ->> 'rated_on', ?1 ->> 'at'); \
    INSERT INTO venue_daily_ratings \
    (venue_id, rated_on, rating, count, size, price, service, description, taste) \
    VALUES (?1 ->> 'venue_id', ?1 ->> 'rated_on', ?1 ->> 'rating', 1, \
    ?1 ->> '$.picked[0]', ?1 ->> '$.picked[1]', ?1 ->> '$.picked[2]', ?1 ->> '$.picked[3]', ?1 ->> '$.picked[4]') \
    ON CONFLICT (venue_id, rated_on, rating) DO UPDATE SET count = count + 1, \
    size = size + excluded.size, price = price + excluded.price, \
    service = service + excluded.service, description = description + excluded.description, \
    taste = taste + excluded.taste; \
    INSERT INTO live_events (venue_id, for_venue, for_staff, kind, payload, created_at) \
    VALUES (?1 ->> 'venue_id', ?1 ->> 'for_venue', ?1 ->> 'for_staff', ?1 ->> 'kind', \
    ?1 ->> 'payload', ?1 ->> 'at'); \
    INSERT INTO idempotency_keys (customer_id, idem_key, request_hash, status, response_body, created_at) \
    VALUES (?1 ->> 'customer_id', ?1 ->> 'key', ?1 ->> 'request_hash', ?1 ->> 'status', \
    ?1 ->> 'response_body', ?1 ->> 'at'); \
    RELEASE feedback_item";

/// The values of [`STORE_ACCEPTED`].
#[derive(serde::Serialize)]
struct Accepted<'a> {
    review_id: &'a str,
    order_id: &'a str,
    venue_id: &'a str,
    rating: &'a str,
    aspects: &'a [Aspect],
    comment: Option<&'a str>,
    rated_on: String,
    at: i64,
    /// Whether each of `Aspect::ALL` was picked (1) or not (0).
    picked: [u8; 5],
    for_venue: u8,
    for_staff: u8,
    kind: &'a str,
    payload: &'a str,
    customer_id: &'a str,
    key: &'a str,
    request_hash: &'a str,
    status: u16,
    response_body: &'a str,
}

/// One submission, in the batch's transaction: three round trips to SQLite
/// when it is accepted (the idempotency record, the order, the writes).
async fn store_one(
    conn: &mut SqliteConnection,
    request: IdempotentRequest<'_>,
    order_id: &str,
    decide: Decide,
) -> Result<(StoredResponse, Option<String>), Failed> {
    if let Some(stored) = replay(conn, request).await? {
        return Ok((stored, None));
    }
    let order = select_order(conn, order_id, OrderScope::Customer(request.customer_id))
        .await?
        .ok_or_else(AppError::not_found)?;
    let accepted = decide(&order)?;
    let review_id = uuid::Uuid::new_v4().simple().to_string();
    // R5: the venue's live stream gets the review as the partner list
    // shows it — anonymous (R7), in this transaction.
    let review = PartnerReview {
        review_id: review_id.clone(),
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
    let values = Accepted {
        review_id: &review_id,
        order_id: &order.order_id,
        venue_id: &order.venue.id,
        rating: accepted.feedback.rating.as_str(),
        aspects: &accepted.feedback.aspects,
        comment: accepted.feedback.comment.as_deref(),
        rated_on: accepted.rated_on.to_string(),
        at: millis(accepted.submitted_at),
        picked: Aspect::ALL.map(|a| u8::from(accepted.feedback.aspects.contains(&a))),
        for_venue: u8::from(event.for_venue),
        for_staff: u8::from(event.for_staff),
        kind: event.kind.as_str(),
        payload: &event.payload,
        customer_id: request.customer_id,
        key: request.key,
        request_hash: request.request_hash,
        status: accepted.status,
        response_body: &accepted.response_body,
    };
    let written = sqlx::query(STORE_ACCEPTED)
        .bind(to_json(&values)?)
        .execute(&mut *conn)
        .await;
    if let Err(e) = written {
        return match sqlx::query("ROLLBACK TO feedback_item; RELEASE feedback_item")
            .execute(&mut *conn)
            .await
        {
            Ok(_) => Err(Failed::Refused(e.into())),
            Err(undo) => Err(Failed::NotUndone(undo)),
        };
    }
    let stored = StoredResponse {
        status: accepted.status,
        body: accepted.response_body,
        replayed: false,
    };
    Ok((stored, Some(order.venue.id)))
}
