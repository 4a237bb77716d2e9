//! Feedback submission: one feedback per order (R2), stored exactly once per
//! idempotency key, with the venue's daily rating counts updated in the same
//! transaction, and the review's live event (R5) recorded with it.
//!
//! Submissions are written by group commit: concurrent submissions queue up
//! for one writer task, which stores everything queued so far in one
//! `BEGIN IMMEDIATE` transaction — each submission inside its own savepoint,
//! so one refused or failing submission leaves the others in the batch
//! alone — and answers each only after that transaction is committed (and,
//! with `synchronous=FULL`, on disk). One fsync then carries a whole batch
//! instead of one submission. Inside the transaction the submissions are
//! applied one after another, exactly as if they had come one by one: a
//! repeated key later in the same batch replays the earlier answer, and a
//! second submission for the same order is refused.

use chrono::{DateTime, NaiveDate, Utc};
use resq_core::api::PartnerReview;
use resq_core::live::LiveEventKind;
use resq_core::{Aspect, Feedback, rules};
use sqlx::sqlite::SqlitePool;
use sqlx::{Acquire, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

use super::idempotency::{IdempotentRequest, remember, replay};
use super::live::LiveEvent;
use super::orders::{OrderRecord, select_order};
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
/// every [`Store`] (every sender) is gone.
pub(super) fn start_writer(writer: SqlitePool, max_batch: usize) -> std::io::Result<FeedbackQueue> {
    let (queue, mut pending) = mpsc::channel(QUEUE_CAPACITY);
    let max_batch = max_batch.max(1);
    let write = async move {
        let mut batch = Vec::with_capacity(max_batch);
        // Waits for one submission, then takes every one queued meanwhile:
        // while a batch is being made durable, the next one fills up.
        while pending.recv_many(&mut batch, max_batch).await > 0 {
            commit_batch(&writer, &mut batch).await;
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
async fn commit_batch(writer: &SqlitePool, batch: &mut Vec<PendingFeedback>) {
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
        // Each submission in its own savepoint: a refusal or a failure
        // undoes only its own writes.
        let outcome = match (&mut *tx).begin().await {
            Ok(mut item) => match store_one(&mut item, request, &order_id, decide).await {
                Ok(stored) => item.commit().await.map(|()| stored).map_err(AppError::from),
                Err(refused) => match item.rollback().await {
                    Ok(()) => Err(refused),
                    Err(e) => Err(e.into()),
                },
            },
            Err(e) => Err(e.into()),
        };
        answers.push((answer, outcome));
    }
    match tx.commit().await {
        Ok(()) => {
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

/// One submission, inside its savepoint of the batch's transaction.
async fn store_one(
    conn: &mut SqliteConnection,
    request: IdempotentRequest<'_>,
    order_id: &str,
    decide: Decide,
) -> Result<StoredResponse, AppError> {
    if let Some(stored) = replay(conn, request).await? {
        return Ok(stored);
    }
    let order = select_order(conn, order_id, OrderScope::Customer(request.customer_id))
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
    .execute(&mut *conn)
    .await?;
    // The day's count of this rating and of each aspect picked with it
    // (columns in `Aspect::ALL` order).
    let picked = Aspect::ALL.map(|a| i64::from(accepted.feedback.aspects.contains(&a)));
    sqlx::query(
        "INSERT INTO venue_daily_ratings \
         (venue_id, rated_on, rating, count, size, price, service, description, taste) \
         VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8) \
         ON CONFLICT (venue_id, rated_on, rating) DO UPDATE SET count = count + 1, \
         size = size + excluded.size, price = price + excluded.price, \
         service = service + excluded.service, description = description + excluded.description, \
         taste = taste + excluded.taste",
    )
    .bind(&order.venue.id)
    .bind(&rated_on)
    .bind(rating)
    .bind(picked[0])
    .bind(picked[1])
    .bind(picked[2])
    .bind(picked[3])
    .bind(picked[4])
    .execute(&mut *conn)
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
    super::live::record(conn, &event, accepted.submitted_at).await?;
    remember(
        conn,
        request,
        accepted.status,
        &accepted.response_body,
        accepted.submitted_at,
    )
    .await?;
    Ok(StoredResponse {
        status: accepted.status,
        body: accepted.response_body,
        replayed: false,
    })
}
