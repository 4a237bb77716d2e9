//! Storage: every SQL statement of the server lives under this module, behind
//! domain-level methods (register an order, mark it picked up, submit
//! feedback, list a venue's reviews, count its ratings). Handlers never see
//! SQL, so another database (PostgreSQL) can be added here alone.
//!
//! SQLite runs in WAL mode with `synchronous=FULL`. Reads use a small pool;
//! every write goes through a single-connection writer pool inside
//! `BEGIN IMMEDIATE`, so writes are serialized in one place and a
//! check-then-insert cannot race. Feedback submissions, the busiest write,
//! are group-committed: concurrent ones share one transaction and one fsync
//! (see `feedback`).

mod contact;
mod feedback;
mod idempotency;
mod insights;
pub mod live;
mod orders;
mod report_changes;
mod reports;
mod sampling;
mod venues;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

pub use feedback::{AcceptedFeedback, DEFAULT_FEEDBACK_BATCH, FeedbackSubmission, StoredResponse};
pub use idempotency::IdempotentRequest;
pub use orders::{OrderRecord, PickupOutcome, Registration};
pub use report_changes::{Answer, CustomerAddition, NewReport, StaffAction};
pub use reports::{PhotoAudience, QUEUE_LIMIT, QueueFilter, ReportRecord};
pub use venues::{ReviewCursor, ReviewFilter, ReviewPage};

use crate::http::error::AppError;

/// Whose orders a query may touch. Ownership is part of every query's
/// `WHERE`, so another customer's or venue's order is simply not found.
#[derive(Debug, Clone, Copy)]
pub enum OrderScope<'a> {
    /// The marketplace backend: any order.
    Any,
    /// A customer: only orders with this customer id.
    Customer(&'a str),
    /// A partner: only orders of these venues.
    Venues(&'a [String]),
}

impl OrderScope<'_> {
    /// The scope as two SQL parameters: its kind, and the customer id or the
    /// venue ids as a JSON array (see [`SCOPE_SQL`]).
    fn params(&self) -> (&'static str, String) {
        match self {
            OrderScope::Any => ("any", String::new()),
            OrderScope::Customer(id) => ("customer", (*id).to_owned()),
            OrderScope::Venues(venues) => (
                "venues",
                serde_json::to_string(venues).unwrap_or_else(|_| "[]".to_owned()),
            ),
        }
    }
}

/// The ownership condition on `orders o`, with the scope kind as `?2` and its
/// value as `?3` (the order id is `?1`). Kept textually in each query so
/// every query is a `&'static str`.
#[cfg(test)]
const SCOPE_SQL: &str = "(?2 = 'any' OR (?2 = 'customer' AND o.customer_id = ?3) OR (?2 = 'venues' AND o.venue_id IN (SELECT value FROM json_each(?3))))";

#[derive(Clone)]
pub struct Store {
    reader: SqlitePool,
    writer: SqlitePool,
    /// Feedback submissions waiting for the group-commit writer.
    feedback_queue: feedback::FeedbackQueue,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("reader", &self.reader)
            .field("writer", &self.writer)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if missing) the database file and applies the
    /// embedded migrations.
    pub async fn open(path: &Path) -> Result<Store, sqlx::Error> {
        Store::open_with_feedback_batch(path, DEFAULT_FEEDBACK_BATCH).await
    }

    /// [`Store::open`], group-committing at most `max_batch` feedback
    /// submissions per transaction (1: one transaction per submission).
    pub async fn open_with_feedback_batch(
        path: &Path,
        max_batch: usize,
    ) -> Result<Store, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let feedback_queue = feedback::start_writer(writer.clone(), max_batch);
        Ok(Store {
            reader,
            writer,
            feedback_queue,
        })
    }

    /// Starts a write transaction on the single writer connection.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, AppError> {
        Ok(self.writer.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Is the database answering?
    pub async fn ping(&self) -> Result<(), AppError> {
        sqlx::query("SELECT 1").execute(&self.reader).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn instant(ms: i64) -> Result<DateTime<Utc>, AppError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| AppError::internal("stored instant out of range"))
}

fn date(text: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::from_str(text).map_err(|_| AppError::internal("stored date is not YYYY-MM-DD"))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::internal(format!("stored JSON: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::internal(format!("JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scoped query spells out the same ownership condition.
    #[test]
    fn scoped_queries_use_the_ownership_condition() {
        for sql in [orders::SELECT_ORDER, orders::MARK_PICKED_UP] {
            assert!(sql.contains(SCOPE_SQL), "{sql}");
        }
    }
}
