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
//!
//! SQLite's own checkpoints are passive: under constant reads they copy the
//! WAL into the database but can never start it over, so it grows without
//! end and every read walks it. [`keep_wal_short`] restarts it whenever it
//! passes [`WAL_LIMIT_BYTES`].

mod contact;
mod feedback;
mod idempotency;
mod insights;
pub mod live;
mod orders;
mod rating_cache;
mod report_changes;
mod reports;
mod sampling;
mod venues;

use std::path::{Path, PathBuf};
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
    /// The public rating's window totals (see `rating_cache`).
    ratings: std::sync::Arc<rating_cache::RatingCache>,
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
        // A SQLite connection does not go stale: no ping before each use.
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations").run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        let ratings = std::sync::Arc::new(rating_cache::RatingCache::default());
        let feedback_queue = feedback::start_writer(writer.clone(), max_batch, ratings.clone())?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        tokio::spawn(keep_wal_short(writer.clone(), PathBuf::from(wal)));
        Ok(Store {
            reader,
            writer,
            feedback_queue,
            ratings,
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

/// The WAL size that triggers a full checkpoint.
pub const WAL_LIMIT_BYTES: u64 = 4 << 20;
/// How often the WAL's size is looked at.
const WAL_CHECK_EVERY: Duration = Duration::from_millis(250);

/// Checks the WAL's size every [`WAL_CHECK_EVERY`] and, once it is over
/// [`WAL_LIMIT_BYTES`], checkpoints it with `TRUNCATE` on the writer
/// connection: every frame is copied into the database, the readers still
/// on old frames are waited for (the busy timeout; new readers read the
/// database file), and the WAL starts over at zero bytes. Writes wait
/// meanwhile, as for any write. Ends when the writer pool is closed.
async fn keep_wal_short(writer: SqlitePool, wal: PathBuf) {
    let mut every = tokio::time::interval(WAL_CHECK_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !writer.is_closed() {
        every.tick().await;
        let Ok(size) = tokio::fs::metadata(&wal).await.map(|m| m.len()) else {
            continue;
        };
        if size < WAL_LIMIT_BYTES {
            continue;
        }
        match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&writer)
            .await
        {
            Ok((0, _, _)) => tracing::debug!(wal_bytes = size, "WAL checkpointed and truncated"),
            Ok((_, frames, copied)) => {
                tracing::info!(frames, copied, "WAL checkpoint still waiting for readers")
            }
            Err(e) if writer.is_closed() => tracing::debug!(error = ?e, "store closed"),
            Err(e) => tracing::warn!(error = ?e, "WAL checkpoint failed"),
        }
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

    /// Readers that never all pause at once (as under load) keep SQLite's
    /// passive checkpoints from starting the WAL over; the store's own
    /// checkpoint does, so the WAL stays near its limit rather than growing
    /// with everything written.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_wal_starts_over_under_constant_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wal.sqlite");
        let store = Store::open(&path).await.unwrap();
        sqlx::query("CREATE TABLE filler (data BLOB NOT NULL)")
            .execute(&store.writer)
            .await
            .unwrap();
        let reading = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let mut readers = Vec::new();
        for offset in 0..4u64 {
            let (pool, reading) = (store.reader.clone(), reading.clone());
            readers.push(tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(offset * 3)).await;
                while reading.load(std::sync::atomic::Ordering::Relaxed) {
                    let mut tx = pool.begin().await.unwrap();
                    sqlx::query("SELECT count(*) FROM filler")
                        .fetch_one(&mut *tx)
                        .await
                        .unwrap();
                    tokio::time::sleep(Duration::from_millis(12)).await;
                    tx.commit().await.unwrap();
                }
            }));
        }
        let wal = dir.path().join("wal.sqlite-wal");
        let chunk = vec![7u8; 256 << 10];
        let mut largest = 0;
        for _ in 0..(3 * WAL_LIMIT_BYTES / chunk.len() as u64) {
            sqlx::query("INSERT INTO filler (data) VALUES (?1)")
                .bind(&chunk)
                .execute(&store.writer)
                .await
                .unwrap();
            largest = largest.max(std::fs::metadata(&wal).unwrap().len());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // A check or two more while the readers go on.
        tokio::time::sleep(WAL_CHECK_EVERY * 3).await;
        let after = std::fs::metadata(&wal).unwrap().len();
        reading.store(false, std::sync::atomic::Ordering::Relaxed);
        for reader in readers {
            reader.await.unwrap();
        }
        assert!(
            after < WAL_LIMIT_BYTES,
            "the WAL is {after} bytes after {largest} at most; limit {WAL_LIMIT_BYTES}"
        );
        assert!(
            largest < 2 * WAL_LIMIT_BYTES,
            "the WAL reached {largest} bytes"
        );
        let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM filler")
            .fetch_one(&store.reader)
            .await
            .unwrap();
        assert_eq!(rows as u64, 3 * WAL_LIMIT_BYTES / chunk.len() as u64);
    }

    /// Every scoped query spells out the same ownership condition.
    #[test]
    fn scoped_queries_use_the_ownership_condition() {
        for sql in [orders::SELECT_ORDER, orders::MARK_PICKED_UP] {
            assert!(sql.contains(SCOPE_SQL), "{sql}");
        }
    }
}
