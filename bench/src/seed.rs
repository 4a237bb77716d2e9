//! Seeds the bench database directly, in one transaction: registering
//! 100,000 orders through the API would cost 100,000 fsyncs before the
//! benchmark starts. The rows are what `POST /api/v1/orders` and a feedback
//! submission write (see server/migrations); the server's own write path is
//! what the benchmarks then measure.

use std::path::Path;

use chrono::{Duration, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// Venues the submissions and live streams spread over.
pub const VENUES: usize = 100;
/// The venue whose partner list is measured (10,000 ratings in its window).
pub const LIST_VENUE: &str = "bench-list-venue";
pub const LIST_RATINGS: usize = 10_000;

pub fn venue(i: usize) -> String {
    format!("bench-venue-{:03}", i % VENUES)
}

/// Orders `o-{from}` … `o-{to - 1}` of customers `c-{i}`, at venue `i % 100`,
/// picked up two days ago (feedback open), unrated.
pub async fn open_orders(database: &Path, from: usize, to: usize) -> Result<(), sqlx::Error> {
    let pool = connect(database).await?;
    let mut tx = pool.begin().await?;
    for v in 0..VENUES {
        sqlx::query("INSERT OR IGNORE INTO venues (venue_id, name, time_zone) VALUES (?1, ?2, 'Europe/Helsinki')")
            .bind(venue(v))
            .bind(format!("Bench venue {v}"))
            .execute(&mut *tx)
            .await?;
    }
    let pickup = Utc::now() - Duration::days(2);
    for i in from..to {
        sqlx::query(
            "INSERT INTO orders (order_id, venue_id, customer_id, time_zone, products, purchased_at, pickup_start, pickup_end) \
             VALUES (?1, ?2, ?3, 'Europe/Helsinki', '[{\"name\":\"Lounaslaatikko\",\"quantity\":1}]', ?4, ?5, ?6)",
        )
        .bind(format!("o-{i}"))
        .bind(venue(i))
        .bind(format!("c-{i}"))
        .bind((pickup - Duration::hours(3)).timestamp_millis())
        .bind(pickup.timestamp_millis())
        .bind((pickup + Duration::hours(1)).timestamp_millis())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    pool.close().await;
    Ok(())
}

/// One venue with [`LIST_RATINGS`] rated orders spread over the last 60
/// days (all inside the two-month window), with the daily counts the server
/// keeps beside them.
pub async fn rated_venue(database: &Path) -> Result<(), sqlx::Error> {
    let pool = connect(database).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT OR IGNORE INTO venues (venue_id, name, time_zone) VALUES (?1, 'Bench list venue', 'Europe/Helsinki')")
        .bind(LIST_VENUE)
        .execute(&mut *tx)
        .await?;
    let now = Utc::now();
    for i in 0..LIST_RATINGS {
        let days_ago = (i % 60) as i64 + 1;
        let pickup = now - Duration::days(days_ago);
        let rated_on = pickup.date_naive().to_string();
        let rating = ["good", "ok", "bad"][i % 3];
        let order = format!("list-{i}");
        sqlx::query(
            "INSERT INTO orders (order_id, venue_id, customer_id, time_zone, products, purchased_at, pickup_start, pickup_end) \
             VALUES (?1, ?2, ?3, 'Europe/Helsinki', '[{\"name\":\"Lounaslaatikko\",\"quantity\":1}]', ?4, ?5, ?6)",
        )
        .bind(&order)
        .bind(LIST_VENUE)
        .bind(format!("list-customer-{i}"))
        .bind((pickup - Duration::hours(3)).timestamp_millis())
        .bind(pickup.timestamp_millis())
        .bind((pickup + Duration::hours(1)).timestamp_millis())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO feedback (review_id, order_id, venue_id, rating, aspects, comment, rated_on, submitted_at) \
             VALUES (?1, ?2, ?3, ?4, '[]', ?5, ?6, ?7)",
        )
        .bind(format!("review-{i:05}"))
        .bind(&order)
        .bind(LIST_VENUE)
        .bind(rating)
        .bind((i % 2 == 0).then(|| format!("Comment {i}")))
        .bind(&rated_on)
        .bind((pickup + Duration::hours(2)).timestamp_millis())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO venue_daily_ratings (venue_id, rated_on, rating, count) VALUES (?1, ?2, ?3, 1) \
             ON CONFLICT (venue_id, rated_on, rating) DO UPDATE SET count = count + 1",
        )
        .bind(LIST_VENUE)
        .bind(&rated_on)
        .bind(rating)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    pool.close().await;
    Ok(())
}

async fn connect(database: &Path) -> Result<sqlx::SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(database)
        .busy_timeout(std::time::Duration::from_secs(30));
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
}
