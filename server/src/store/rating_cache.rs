//! The public rating's window totals, kept in memory (issue 6: rating reads
//! at least half as fast as `/healthz`). The feedback writer is the only
//! writer of `venue_daily_ratings`; after each commit it bumps the version of
//! every venue the batch rated, which drops that venue's cached totals.
//!
//! A read that misses notes the venue's version before querying and caches
//! its answer only if the version is still the same afterwards: a commit
//! that lands while the query runs (whose rating the query may or may not
//! have seen) leaves nothing stale behind.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;
use resq_core::api::RatingCounts;

#[derive(Debug, Default)]
pub(super) struct RatingCache {
    venues: Mutex<HashMap<String, Venue>>,
}

#[derive(Debug, Default)]
struct Venue {
    /// Bumped after every commit that rated the venue.
    version: u64,
    /// The totals of one window (`from..=to`), read at `version`.
    totals: Option<(NaiveDate, NaiveDate, RatingCounts)>,
}

/// What a read found: the totals, or the version to cache its answer at.
pub(super) enum Lookup {
    Hit(RatingCounts),
    Miss(u64),
}

impl RatingCache {
    fn venues(&self) -> std::sync::MutexGuard<'_, HashMap<String, Venue>> {
        self.venues.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn lookup(&self, venue_id: &str, from: NaiveDate, to: NaiveDate) -> Lookup {
        match self.venues().get(venue_id) {
            Some(Venue {
                totals: Some((f, t, counts)),
                ..
            }) if (*f, *t) == (from, to) => Lookup::Hit(*counts),
            Some(venue) => Lookup::Miss(venue.version),
            None => Lookup::Miss(0),
        }
    }

    /// Keeps totals read at `version`, unless the venue was rated since.
    pub(super) fn keep(
        &self,
        venue_id: &str,
        version: u64,
        from: NaiveDate,
        to: NaiveDate,
        counts: RatingCounts,
    ) {
        let mut venues = self.venues();
        let venue = venues.entry(venue_id.to_owned()).or_default();
        if venue.version == version {
            venue.totals = Some((from, to, counts));
        }
    }

    /// After a commit that rated `venue_id`.
    pub(super) fn rated(&self, venue_id: &str) {
        let mut venues = self.venues();
        let venue = venues.entry(venue_id.to_owned()).or_default();
        venue.version += 1;
        venue.totals = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn counts(good: u32) -> RatingCounts {
        RatingCounts {
            good,
            ..RatingCounts::default()
        }
    }

    #[test]
    fn totals_are_kept_until_the_venue_is_rated_or_the_window_moves() {
        let cache = RatingCache::default();
        let Lookup::Miss(v) = cache.lookup("a", day(1), day(10)) else {
            panic!("an empty cache hits");
        };
        cache.keep("a", v, day(1), day(10), counts(5));
        assert!(matches!(cache.lookup("a", day(1), day(10)), Lookup::Hit(c) if c == counts(5)));
        assert!(
            matches!(cache.lookup("a", day(2), day(11)), Lookup::Miss(_)),
            "a new day"
        );
        assert!(matches!(
            cache.lookup("b", day(1), day(10)),
            Lookup::Miss(_)
        ));
        cache.rated("b");
        assert!(
            matches!(cache.lookup("a", day(1), day(10)), Lookup::Hit(_)),
            "another venue"
        );
        cache.rated("a");
        assert!(matches!(
            cache.lookup("a", day(1), day(10)),
            Lookup::Miss(_)
        ));
    }

    /// A read that raced a commit does not leave its (maybe older) totals.
    #[test]
    fn a_read_that_raced_a_commit_is_not_kept() {
        let cache = RatingCache::default();
        let Lookup::Miss(v) = cache.lookup("a", day(1), day(10)) else {
            panic!("an empty cache hits");
        };
        cache.rated("a"); // committed while the read ran
        cache.keep("a", v, day(1), day(10), counts(5));
        assert!(matches!(
            cache.lookup("a", day(1), day(10)),
            Lookup::Miss(_)
        ));
    }
}
