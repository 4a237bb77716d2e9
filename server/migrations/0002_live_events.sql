-- Live events (R5, R10): an outbox written in the same transaction as the
-- change it announces, so an event exists exactly when its change does.
-- After the commit the server fans new rows out to connected streams; a
-- stream that reconnects with Last-Event-ID replays the rows after that id.
-- `event_id` only grows (AUTOINCREMENT never reuses an id), and writes are
-- serialized through one writer connection, so ids are committed in order.
CREATE TABLE live_events (
    event_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    venue_id   TEXT NOT NULL REFERENCES venues (venue_id),
    -- Who may see it: the venue's partner stream, the staff stream, or both.
    for_venue  INTEGER NOT NULL CHECK (for_venue IN (0, 1)),
    for_staff  INTEGER NOT NULL CHECK (for_staff IN (0, 1)),
    kind       TEXT NOT NULL,
    -- Anonymous JSON (R7): the partner API's shapes, never a customer id,
    -- an order id or an exact submission time.
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX live_events_by_venue ON live_events (venue_id, event_id);
