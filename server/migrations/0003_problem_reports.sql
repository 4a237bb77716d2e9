-- Problem reports (R9, R10). Instants are Unix milliseconds (UTC).
-- `report_id` is random: the venue sees it, and it says nothing about the
-- order or the customer (R7).
CREATE TABLE problem_reports (
    report_seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   TEXT NOT NULL UNIQUE,
    order_id    TEXT NOT NULL REFERENCES orders (order_id),
    venue_id    TEXT NOT NULL REFERENCES venues (venue_id),
    customer_id TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('wrong_product', 'not_available', 'venue_closed', 'other')),
    description TEXT,
    status      TEXT NOT NULL CHECK (status IN ('received', 'needs_info', 'resolved')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- The resolution while resolved (R10): kind, amount in cents, note.
    resolution_kind   TEXT CHECK (resolution_kind IN ('refund', 'credits', 'other')),
    resolution_cents  INTEGER CHECK (resolution_cents IS NULL OR resolution_cents > 0),
    resolution_note   TEXT,
    resolved_at       INTEGER,
    CHECK ((status = 'resolved') = (resolution_kind IS NOT NULL)),
    CHECK ((resolution_kind IS NOT NULL) = (resolved_at IS NOT NULL))
) STRICT;

-- One open report per order (R9), enforced by the database as well.
CREATE UNIQUE INDEX problem_reports_one_open_per_order
    ON problem_reports (order_id) WHERE status <> 'resolved';
CREATE INDEX problem_reports_by_order ON problem_reports (order_id, report_seq);
CREATE INDEX problem_reports_queue ON problem_reports (status, created_at);
CREATE INDEX problem_reports_by_venue ON problem_reports (venue_id, created_at);
CREATE INDEX problem_reports_resolved ON problem_reports (resolved_at) WHERE resolved_at IS NOT NULL;

-- The thread: the customer's replies and customer service's messages.
CREATE TABLE report_messages (
    message_seq INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id   TEXT NOT NULL REFERENCES problem_reports (report_id),
    author      TEXT NOT NULL CHECK (author IN ('customer', 'staff')),
    body        TEXT NOT NULL,
    sent_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX report_messages_by_report ON report_messages (report_id, message_seq);

-- Photos, in the database (so a photo exists exactly when its row does),
-- under a random id; the content type is the sniffed one.
CREATE TABLE report_photos (
    photo_seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    photo_id     TEXT NOT NULL UNIQUE,
    report_id    TEXT NOT NULL REFERENCES problem_reports (report_id),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes > 0),
    bytes        BLOB NOT NULL,
    uploaded_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX report_photos_by_report ON report_photos (report_id, photo_seq);
