//! The live-event outbox: rows written inside a change's transaction, read
//! back in id order by the fan-out and by replaying streams.

use chrono::{DateTime, Utc};
use resq_core::live::LiveEventKind;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{Store, millis};
use crate::http::error::AppError;

/// An event to record: what happened at which venue, for whom, with its
/// anonymous payload (already JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub venue_id: String,
    pub kind: LiveEventKind,
    /// The venue's partner stream shows it.
    pub for_venue: bool,
    /// The staff stream shows it.
    pub for_staff: bool,
    /// Anonymous JSON (R7).
    pub payload: String,
}

impl LiveEvent {
    /// An event with `payload` serialized to JSON.
    pub fn new<T: serde::Serialize>(
        venue_id: &str,
        kind: LiveEventKind,
        for_venue: bool,
        for_staff: bool,
        payload: &T,
    ) -> Result<LiveEvent, AppError> {
        Ok(LiveEvent {
            venue_id: venue_id.to_owned(),
            kind,
            for_venue,
            for_staff,
            payload: super::to_json(payload)?,
        })
    }
}

/// A recorded event, as streams send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLiveEvent {
    pub id: i64,
    pub venue_id: String,
    pub kind: LiveEventKind,
    pub for_venue: bool,
    pub for_staff: bool,
    pub payload: String,
}

/// Which events a stream may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// A venue's partner: that venue's events meant for venues.
    Venue(String),
    /// Customer service: every event meant for staff.
    Staff,
}

impl Audience {
    pub fn admits(&self, event: &StoredLiveEvent) -> bool {
        match self {
            Audience::Venue(venue_id) => event.for_venue && &event.venue_id == venue_id,
            Audience::Staff => event.for_staff,
        }
    }
}

/// Records `event` inside the caller's write transaction. Call this in the
/// same transaction as the change it announces, then, after the commit,
/// [`LiveHub::after_commit`](crate::live::LiveHub::after_commit).
pub async fn record(
    conn: &mut SqliteConnection,
    event: &LiveEvent,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO live_events (venue_id, for_venue, for_staff, kind, payload, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING event_id",
    )
    .bind(&event.venue_id)
    .bind(event.for_venue)
    .bind(event.for_staff)
    .bind(event.kind.as_str())
    .bind(&event.payload)
    .bind(millis(now))
    .fetch_one(conn)
    .await?;
    Ok(id)
}

fn stored(row: &SqliteRow) -> Result<StoredLiveEvent, AppError> {
    let kind: String = row.try_get("kind")?;
    Ok(StoredLiveEvent {
        id: row.try_get("event_id")?,
        venue_id: row.try_get("venue_id")?,
        kind: LiveEventKind::parse(&kind)
            .ok_or_else(|| AppError::internal(format!("stored live event kind {kind}")))?,
        for_venue: row.try_get("for_venue")?,
        for_staff: row.try_get("for_staff")?,
        payload: row.try_get("payload")?,
    })
}

impl Store {
    /// Deletes events recorded before `before` (they are past replaying);
    /// answers how many. The newest event is always kept, so ids keep growing.
    pub async fn prune_live_events(&self, before: DateTime<Utc>) -> Result<u64, AppError> {
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "DELETE FROM live_events WHERE created_at < ?1 \
             AND event_id < (SELECT MAX(event_id) FROM live_events)",
        )
        .bind(millis(before))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// The id of the newest recorded event (0 when there is none).
    pub async fn last_live_event_id(&self) -> Result<i64, AppError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(event_id) FROM live_events")
            .fetch_one(&self.reader)
            .await?;
        Ok(id.unwrap_or(0))
    }

    /// Every event after `after`, oldest first, at most `limit`.
    pub async fn live_events_after(
        &self,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredLiveEvent>, AppError> {
        let rows = sqlx::query(
            "SELECT event_id, venue_id, for_venue, for_staff, kind, payload FROM live_events \
             WHERE event_id > ?1 ORDER BY event_id LIMIT ?2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(stored).collect()
    }

    /// The audience's events after `after`, oldest first, at most `limit`.
    pub async fn live_events_for(
        &self,
        audience: &Audience,
        after: i64,
        limit: u32,
    ) -> Result<Vec<StoredLiveEvent>, AppError> {
        // Two queries so each uses its index: (venue_id, event_id) for a
        // venue, the primary key's range for staff.
        let limit = i64::from(limit);
        let rows = match audience {
            Audience::Venue(venue_id) => {
                sqlx::query(
                    "SELECT event_id, venue_id, for_venue, for_staff, kind, payload FROM live_events \
                     WHERE venue_id = ?1 AND event_id > ?2 AND for_venue = 1 ORDER BY event_id LIMIT ?3",
                )
                .bind(venue_id.as_str())
                .bind(after)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?
            }
            Audience::Staff => {
                sqlx::query(
                    "SELECT event_id, venue_id, for_venue, for_staff, kind, payload FROM live_events \
                     WHERE event_id > ?1 AND for_staff = 1 ORDER BY event_id LIMIT ?2",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?
            }
        };
        rows.iter().map(stored).collect()
    }
}
