-- Venues as the marketplace describes them when it registers orders.
CREATE TABLE venues (
    venue_id  TEXT PRIMARY KEY NOT NULL,
    name      TEXT NOT NULL,
    time_zone TEXT NOT NULL
) STRICT;

-- Orders registered by the marketplace. Instants are Unix milliseconds (UTC).
CREATE TABLE orders (
    order_id      TEXT PRIMARY KEY NOT NULL,
    venue_id      TEXT NOT NULL REFERENCES venues (venue_id),
    customer_id   TEXT NOT NULL,
    -- The venue's IANA zone when the order was registered: the order's time
    -- rules (R1) keep using it even if the venue's zone is corrected later.
    time_zone     TEXT NOT NULL,
    products      TEXT NOT NULL, -- JSON array of {name, quantity}
    purchased_at  INTEGER NOT NULL,
    pickup_start  INTEGER NOT NULL,
    pickup_end    INTEGER NOT NULL,
    picked_up_at  INTEGER,
    picked_up_by  TEXT CHECK (picked_up_by IN ('venue', 'customer', 'marketplace')),
    CHECK ((picked_up_at IS NULL) = (picked_up_by IS NULL))
) STRICT;

CREATE INDEX orders_by_customer ON orders (customer_id);
CREATE INDEX orders_by_venue ON orders (venue_id);

-- One feedback per order (R2). `review_seq` orders the venue's list; the
-- partner only ever sees `review_id`, a random id unrelated to the order.
CREATE TABLE feedback (
    review_seq   INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id    TEXT NOT NULL UNIQUE,
    order_id     TEXT NOT NULL UNIQUE REFERENCES orders (order_id),
    venue_id     TEXT NOT NULL REFERENCES venues (venue_id),
    rating       TEXT NOT NULL CHECK (rating IN ('good', 'ok', 'bad')),
    aspects      TEXT NOT NULL, -- JSON array of aspect names
    comment      TEXT,
    -- The venue-local day the rating was given: the two-month window (R13)
    -- is counted in these days.
    rated_on     TEXT NOT NULL,
    submitted_at INTEGER NOT NULL
) STRICT;

CREATE INDEX feedback_by_venue_newest ON feedback (venue_id, rated_on, review_seq);

-- Ratings per venue, venue-local day and value, kept up to date in the same
-- transaction as each feedback insert, so a public rating (R12, R13) sums at
-- most ~62 days × 3 rows instead of scanning feedback.
CREATE TABLE venue_daily_ratings (
    venue_id TEXT NOT NULL REFERENCES venues (venue_id),
    rated_on TEXT NOT NULL,
    rating   TEXT NOT NULL CHECK (rating IN ('good', 'ok', 'bad')),
    count    INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (venue_id, rated_on, rating)
) STRICT, WITHOUT ROWID;

-- Accepted feedback submissions by idempotency key, written in the same
-- transaction as the feedback: a replay gets the stored answer.
CREATE TABLE idempotency_keys (
    customer_id   TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (customer_id, idem_key)
) STRICT, WITHOUT ROWID;
