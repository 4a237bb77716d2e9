//! The server's clock. Every time rule gets `now` from here, so tests can fix
//! and move time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone)]
pub enum Clock {
    /// The machine's clock.
    System,
    /// A clock that stands still until it is set (tests).
    Fixed(Arc<AtomicI64>),
}

impl Clock {
    /// A fixed clock showing `at` (to the millisecond).
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock::Fixed(Arc::new(AtomicI64::new(at.timestamp_millis())))
    }

    /// Now, to the millisecond (the precision instants are stored with).
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => {
                let now = Utc::now();
                DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
            }
            Clock::Fixed(ms) => DateTime::from_timestamp_millis(ms.load(Ordering::SeqCst))
                .unwrap_or(DateTime::UNIX_EPOCH),
        }
    }

    /// Sets a fixed clock; the system clock cannot be set and ignores this.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Clock::Fixed(ms) = self {
            ms.store(at.timestamp_millis(), Ordering::SeqCst);
        }
    }

    /// Moves a fixed clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        if let Clock::Fixed(ms) = self {
            ms.fetch_add(by.num_milliseconds(), Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_until_moved() {
        let at = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        clock.advance(Duration::hours(2));
        assert_eq!(clock.now(), at + Duration::hours(2));
        clock.set(at);
        assert_eq!(clock.now(), at);
    }
}
