-- "Ask ResQ to contact this customer" (R7) on a problem report as well as on
-- a review, and customer service marking a request handled. SQLite cannot
-- relax `review_id NOT NULL` in place, so the table is rebuilt; every
-- existing request names a review and is open.
CREATE TABLE contact_requests_next (
    request_id   TEXT PRIMARY KEY NOT NULL,
    -- Exactly one of the two: what the venue wrote about.
    review_id    TEXT REFERENCES feedback (review_id),
    report_id    TEXT REFERENCES problem_reports (report_id),
    venue_id     TEXT NOT NULL REFERENCES venues (venue_id),
    message      TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    -- Set together when a member of staff marks the request handled.
    handled_at   INTEGER,
    handled_by   TEXT,
    CHECK ((review_id IS NULL) <> (report_id IS NULL)),
    CHECK ((handled_at IS NULL) = (handled_by IS NULL))
) STRICT;

INSERT INTO contact_requests_next (request_id, review_id, venue_id, message, requested_at)
    SELECT request_id, review_id, venue_id, message, requested_at FROM contact_requests;

DROP TABLE contact_requests;
ALTER TABLE contact_requests_next RENAME TO contact_requests;

CREATE INDEX contact_requests_newest ON contact_requests (requested_at);
CREATE INDEX contact_requests_open ON contact_requests (requested_at) WHERE handled_at IS NULL;
