-- "Ask ResQ to contact this customer" (R7): a venue's message about one of
-- its reviews, for customer service. The venue only ever names the review;
-- staff look the customer up through the review's order.
CREATE TABLE contact_requests (
    request_id   TEXT PRIMARY KEY NOT NULL,
    review_id    TEXT NOT NULL REFERENCES feedback (review_id),
    venue_id     TEXT NOT NULL REFERENCES venues (venue_id),
    message      TEXT NOT NULL,
    requested_at INTEGER NOT NULL
) STRICT;

CREATE INDEX contact_requests_newest ON contact_requests (requested_at);

-- R11: staff's reading of sampled reviews (the sample itself is recomputed
-- from the day and its reviews; see resq_core::sampling).
CREATE TABLE sample_reads (
    review_id TEXT PRIMARY KEY NOT NULL REFERENCES feedback (review_id),
    flagged   INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    note      TEXT,
    read_by   TEXT NOT NULL,
    read_at   INTEGER NOT NULL
) STRICT;

-- The sample of a day reads that day's reviews.
CREATE INDEX feedback_by_day ON feedback (rated_on);
