-- The aspects picked with each rating, kept per venue, day and rating next
-- to the rating count, in the same statement of the same transaction: the
-- venue summary (R8) then sums at most ~62 days × 3 rows instead of
-- scanning every feedback of the window (which made it slower with every
-- review: 7.5 -> 29.9 ms p50 over a 3-minute soak).
ALTER TABLE venue_daily_ratings ADD COLUMN size        INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0);
ALTER TABLE venue_daily_ratings ADD COLUMN price       INTEGER NOT NULL DEFAULT 0 CHECK (price >= 0);
ALTER TABLE venue_daily_ratings ADD COLUMN service     INTEGER NOT NULL DEFAULT 0 CHECK (service >= 0);
ALTER TABLE venue_daily_ratings ADD COLUMN description INTEGER NOT NULL DEFAULT 0 CHECK (description >= 0);
ALTER TABLE venue_daily_ratings ADD COLUMN taste       INTEGER NOT NULL DEFAULT 0 CHECK (taste >= 0);

-- The feedback stored so far.
UPDATE venue_daily_ratings AS d SET
    size        = (SELECT COUNT(*) FROM feedback f, json_each(f.aspects) a
                   WHERE f.venue_id = d.venue_id AND f.rated_on = d.rated_on AND f.rating = d.rating AND a.value = 'size'),
    price       = (SELECT COUNT(*) FROM feedback f, json_each(f.aspects) a
                   WHERE f.venue_id = d.venue_id AND f.rated_on = d.rated_on AND f.rating = d.rating AND a.value = 'price'),
    service     = (SELECT COUNT(*) FROM feedback f, json_each(f.aspects) a
                   WHERE f.venue_id = d.venue_id AND f.rated_on = d.rated_on AND f.rating = d.rating AND a.value = 'service'),
    description = (SELECT COUNT(*) FROM feedback f, json_each(f.aspects) a
                   WHERE f.venue_id = d.venue_id AND f.rated_on = d.rated_on AND f.rating = d.rating AND a.value = 'description'),
    taste       = (SELECT COUNT(*) FROM feedback f, json_each(f.aspects) a
                   WHERE f.venue_id = d.venue_id AND f.rated_on = d.rated_on AND f.rating = d.rating AND a.value = 'taste');
