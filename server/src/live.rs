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
//! Each audience has its own broadcast channel: one per venue with a
//! connected stream, one for staff. An event wakes only the streams that
//! show it, not every stream of every venue.
//!
//! [`EventTail`] is one connected stream. It subscribes to its audience's
//! broadcast *first*, then replays the outbox after the client's `Last-Event-ID` (or
//! from the newest event, without one), then follows the broadcast, skipping
//! ids it has already sent. Writes are serialized through the store's single
//! writer connection, so ids are committed — and broadcast — in increasing
//! order: replay plus broadcast leaves no gap and sends nothing twice. A
//! stream that falls behind the broadcast buffer (`Lagged`) goes back to
//! reading the outbox.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Mutex, broadcast};

use crate::http::error::AppError;
use crate::store::Store;

pub use crate::store::live::{Audience, LiveEvent, StoredLiveEvent, record};

/// How many events the staff broadcast holds for a slow stream before that
/// stream falls back to reading the outbox.
const STAFF_CAPACITY: usize = 1024;
/// The same for one venue's broadcast (a venue's events come far slower).
const VENUE_CAPACITY: usize = 64;
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

type Channel = broadcast::Sender<Arc<StoredLiveEvent>>;

/// The in-memory fan-out of committed events to connected streams.
#[derive(Debug)]
pub struct LiveHub {
    staff: Channel,
    /// Venue id → its broadcast, while a stream of it is connected.
    venues: std::sync::Mutex<HashMap<String, Channel>>,
    /// How many times [`LiveHub::after_commit`] has been called.
    asked: AtomicU64,
    /// How far the broadcast has got; `None` until the first stream connects
    /// (with no stream there is nobody to broadcast to).
    published: Mutex<Option<Published>>,
}

#[derive(Debug, Clone, Copy)]
struct Published {
    /// The newest event id broadcast.
    last: i64,
    /// Every [`LiveHub::after_commit`] call numbered up to this one is
    /// published.
    covered: u64,
}

impl Default for LiveHub {
    fn default() -> LiveHub {
        LiveHub::new()
    }
}

impl LiveHub {
    pub fn new() -> LiveHub {
        LiveHub {
            staff: broadcast::channel(STAFF_CAPACITY).0,
            venues: std::sync::Mutex::new(HashMap::new()),
            asked: AtomicU64::new(0),
            published: Mutex::new(None),
        }
    }

    /// Sends `event` to the streams whose audience admits it.
    fn broadcast(&self, event: StoredLiveEvent) {
        let event = Arc::new(event);
        if event.for_venue {
            let venues = self.venues.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(venue) = venues.get(&event.venue_id) {
                // No receiver is fine: its streams have just gone.
                let _ = venue.send(event.clone());
            }
        }
        if event.for_staff {
            let _ = self.staff.send(event);
        }
    }

    /// A receiver of `audience`'s broadcast.
    fn subscribe(&self, audience: &Audience) -> broadcast::Receiver<Arc<StoredLiveEvent>> {
        match audience {
            Audience::Staff => self.staff.subscribe(),
            Audience::Venue(venue_id) => {
                let mut venues = self.venues.lock().unwrap_or_else(|e| e.into_inner());
                // Forget the venues nobody follows any more.
                venues.retain(|_, channel| channel.receiver_count() > 0);
                venues
                    .entry(venue_id.clone())
                    .or_insert_with(|| broadcast::channel(VENUE_CAPACITY).0)
                    .subscribe()
            }
        }
    }

    /// How many venues have a broadcast channel now.
    #[cfg(test)]
    fn venue_channels(&self) -> usize {
        self.venues.lock().unwrap().len()
    }

    /// Broadcasts every event committed since the last call, in id order.
    /// Call after committing a transaction that recorded events.
    ///
    /// Calls that come together (a group-committed batch answers many
    /// submissions at once) share one read of the outbox: a call returns at
    /// once if a read that began after it was made has already published.
    pub async fn after_commit(&self, store: &Store) {
        // Every call numbered up to `asked` committed before it was numbered.
        let asked = self.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let mut published = self.published.lock().await;
        let Some(position) = published.as_mut() else {
            return;
        };
        if position.covered >= asked {
            return;
        }
        let covers = self.asked.load(Ordering::SeqCst);
        loop {
            let events = match store.live_events_after(position.last, BATCH).await {
                Ok(events) => events,
                Err(e) => {
                    tracing::warn!(error = ?e, "reading the live-event outbox failed");
                    return;
                }
            };
            let full = events.len() == BATCH as usize;
            for event in events {
                position.last = event.id;
                self.broadcast(event);
            }
            if !full {
                break;
            }
        }
        position.covered = covers;
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
                *published = Some(Published {
                    last: store.last_live_event_id().await?,
                    covered: 0,
                });
            }
            self.subscribe(&audience)
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

#[cfg(test)]
mod tests {
    use super::*;
    use resq_core::live::LiveEventKind;

    fn event(id: i64, venue_id: &str, for_venue: bool, for_staff: bool) -> StoredLiveEvent {
        StoredLiveEvent {
            id,
            venue_id: venue_id.to_owned(),
            kind: LiveEventKind::ReportChanged,
            for_venue,
            for_staff,
            payload: "{}".to_owned(),
        }
    }

    /// An event reaches its venue's streams and staff's, and does not even
    /// wake another venue's streams; a venue nobody follows any more loses
    /// its channel.
    #[test]
    fn each_event_wakes_only_its_audiences() {
        use broadcast::error::TryRecvError::Empty;
        let hub = LiveHub::new();
        let mut a = hub.subscribe(&Audience::Venue("a".into()));
        let mut b = hub.subscribe(&Audience::Venue("b".into()));
        let mut staff = hub.subscribe(&Audience::Staff);

        hub.broadcast(event(1, "a", true, true));
        hub.broadcast(event(2, "a", false, true));
        hub.broadcast(event(3, "b", true, false));

        assert_eq!(a.try_recv().unwrap().id, 1);
        assert_eq!(a.try_recv().unwrap_err(), Empty);
        assert_eq!(b.try_recv().unwrap().id, 3);
        assert_eq!(b.try_recv().unwrap_err(), Empty);
        assert_eq!(staff.try_recv().unwrap().id, 1);
        assert_eq!(staff.try_recv().unwrap().id, 2);
        assert_eq!(staff.try_recv().unwrap_err(), Empty);

        drop(b);
        let _c = hub.subscribe(&Audience::Venue("c".into()));
        assert_eq!(hub.venue_channels(), 2, "a and c; b's stream is gone");
    }
}
