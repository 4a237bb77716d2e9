//! Live events (R5, R10): a venue sees new feedback and problem reports in
//! real time; customer service sees every problem report as it changes.
//!
//! # Recording an event (for every change that venues or staff watch)
//!
//! 1. Inside the change's write transaction, record the event in the outbox
//!    table `live_events` — so the event exists exactly when the change does:
//!
//!    ```ignore
//!    let event = LiveEvent::new(&venue_id, LiveEventKind::ReportChanged,
//!                               /* for_venue */ true, /* for_staff */ true, &anonymous_view)?;
//!    live::record(&mut tx, &event, now).await?;   // `&mut *tx` on a `Transaction`
//!    tx.commit().await?;
//!    ```
//!
//! 2. After the commit (in the handler, once the store method returned):
//!
//!    ```ignore
//!    state.live.after_commit(&state.store).await;
//!    ```
//!
//!    This reads the outbox rows after the last one published, in id order,
//!    and broadcasts them in memory to the connected streams. It never fails
//!    the request: the change is committed, and a failed read is retried by
//!    the next call (and replayed by reconnecting streams).
//!
//! The payload must be anonymous (R7): the partner API's shapes, never a
//! customer id, an order id or an exact submission time.
//!
//! # Streams
//!
//! [`EventTail`] is one connected stream. It subscribes to the broadcast
//! *first*, then replays the outbox after the client's `Last-Event-ID` (or
//! from the newest event, without one), then follows the broadcast, skipping
//! ids it has already sent. Writes are serialized through the store's single
//! writer connection, so ids are committed — and broadcast — in increasing
//! order: replay plus broadcast leaves no gap and sends nothing twice. A
//! stream that falls behind the broadcast buffer (`Lagged`) goes back to
//! reading the outbox.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::{Mutex, broadcast};

use crate::http::error::AppError;
use crate::store::Store;

pub use crate::store::live::{Audience, LiveEvent, StoredLiveEvent, record};

/// How many events the in-memory broadcast holds for a slow stream before
/// that stream falls back to reading the outbox.
const BROADCAST_CAPACITY: usize = 1024;
/// Outbox rows read at a time (replay and fan-out).
const BATCH: u32 = 200;
/// How long events stay replayable: a reader away longer reloads its page.
pub const RETENTION_DAYS: i64 = 7;

/// Deletes events older than [`RETENTION_DAYS`] now and every hour after.
pub async fn prune_forever(store: Store, clock: crate::clock::Clock) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        let before = clock.now() - chrono::Duration::days(RETENTION_DAYS);
        match store.prune_live_events(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "pruned old live events"),
            Err(e) => tracing::warn!(error = ?e, "pruning live events failed"),
        }
    }
}

/// The in-memory fan-out of committed events to connected streams.
#[derive(Debug)]
pub struct LiveHub {
    sender: broadcast::Sender<Arc<StoredLiveEvent>>,
    /// The newest event id broadcast so far; `None` until the first stream
    /// connects (with no stream there is nobody to broadcast to).
    published: Mutex<Option<i64>>,
}

impl Default for LiveHub {
    fn default() -> LiveHub {
        LiveHub::new()
    }
}

impl LiveHub {
    pub fn new() -> LiveHub {
        let (sender, _) = broadcast::channel(BROADCAST_CAPACITY);
        LiveHub {
            sender,
            published: Mutex::new(None),
        }
    }

    /// Broadcasts every event committed since the last call, in id order.
    /// Call after committing a transaction that recorded events.
    pub async fn after_commit(&self, store: &Store) {
        let mut published = self.published.lock().await;
        let Some(mut last) = *published else {
            return;
        };
        loop {
            let events = match store.live_events_after(last, BATCH).await {
                Ok(events) => events,
                Err(e) => {
                    tracing::warn!(error = ?e, "reading the live-event outbox failed");
                    break;
                }
            };
            let full = events.len() == BATCH as usize;
            for event in events {
                last = event.id;
                // No receiver is fine: nobody is watching right now.
                let _ = self.sender.send(Arc::new(event));
            }
            if !full {
                break;
            }
        }
        *published = Some(last);
    }

    /// Connects a stream for `audience` that starts after `last_event_id`
    /// (the client's `Last-Event-ID`), or after the newest event without one.
    /// An id from the future (e.g. a database started afresh) counts as the
    /// newest event.
    pub async fn tail(
        &self,
        store: &Store,
        audience: Audience,
        last_event_id: Option<i64>,
    ) -> Result<EventTail, AppError> {
        let receiver = {
            let mut published = self.published.lock().await;
            if published.is_none() {
                *published = Some(store.last_live_event_id().await?);
            }
            self.sender.subscribe()
        };
        // Read after subscribing: anything committed from here on is either
        // in the outbox replay or in the broadcast (or both, deduplicated).
        let newest = store.last_live_event_id().await?;
        let after = last_event_id.map_or(newest, |id| id.clamp(0, newest));
        Ok(EventTail {
            store: store.clone(),
            audience,
            last_sent: after,
            receiver,
            backlog: VecDeque::new(),
            replaying: last_event_id.is_some(),
        })
    }
}

/// One connected stream: the outbox after its position, then the broadcast.
pub struct EventTail {
    store: Store,
    audience: Audience,
    /// The id of the last event sent (or the position started after).
    last_sent: i64,
    receiver: broadcast::Receiver<Arc<StoredLiveEvent>>,
    backlog: VecDeque<StoredLiveEvent>,
    /// Reading the outbox instead of the broadcast (at start with a
    /// `Last-Event-ID`, and after falling behind).
    replaying: bool,
}

impl EventTail {
    /// The next event for this audience; `Ok(None)` when the server shuts
    /// the broadcast down.
    pub async fn next(&mut self) -> Result<Option<StoredLiveEvent>, AppError> {
        loop {
            if let Some(event) = self.backlog.pop_front() {
                self.last_sent = event.id;
                return Ok(Some(event));
            }
            if self.replaying {
                let events = self
                    .store
                    .live_events_for(&self.audience, self.last_sent, BATCH)
                    .await?;
                if events.is_empty() {
                    self.replaying = false;
                } else {
                    self.backlog.extend(events);
                }
                continue;
            }
            match self.receiver.recv().await {
                Ok(event) => {
                    if event.id > self.last_sent && self.audience.admits(&event) {
                        self.last_sent = event.id;
                        return Ok(Some(event.as_ref().clone()));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(_)) => self.replaying = true,
                Err(broadcast::error::RecvError::Closed) => return Ok(None),
            }
        }
    }
}
