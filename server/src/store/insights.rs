//! What the venue summary reads (R8, R12, R13): the kept per-day rating
//! counts and the aspects picked per rating (kept per day too). Nothing here identifies a
//! customer (R7).

use chrono::NaiveDate;
use resq_core::{Aspect, Rating};
use sqlx::Row;

use super::{Store, date};
use crate::http::error::AppError;

/// The window's aspect counts per rating, columns in `Aspect::ALL` order.
const ASPECT_COUNTS: &str = "SELECT rating, SUM(size), SUM(price), SUM(service), SUM(description), SUM(taste) \
     FROM venue_daily_ratings \
     WHERE venue_id = ?1 AND rated_on >= ?2 AND rated_on <= ?3 GROUP BY rating";

fn rating(text: &str) -> Result<Rating, AppError> {
    Rating::parse(text).ok_or_else(|| AppError::internal(format!("stored rating {text}")))
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Store {
    /// The venue's ratings per venue-local day and value on days `from..=to`.
    pub async fn daily_ratings(
        &self,
        venue_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, Rating, u32)>, AppError> {
        let rows = sqlx::query(
            "SELECT rated_on, rating, count FROM venue_daily_ratings \
             WHERE venue_id = ?1 AND rated_on >= ?2 AND rated_on <= ?3 AND count > 0",
        )
        .bind(venue_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    date(&row.try_get::<String, _>("rated_on")?)?,
                    rating(&row.try_get::<String, _>("rating")?)?,
                    count(row.try_get("count")?),
                ))
            })
            .collect()
    }

    /// How often each aspect was picked with each rating on days `from..=to`
    /// (the kept per-day counts; aspects never picked are left out).
    pub async fn aspect_counts(
        &self,
        venue_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(Rating, Aspect, u32)>, AppError> {
        let rows = sqlx::query(ASPECT_COUNTS)
            .bind(venue_id)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.reader)
            .await?;
        let mut counts = Vec::new();
        for row in &rows {
            let rated = rating(&row.try_get::<String, _>(0)?)?;
            for (column, aspect) in (1..).zip(Aspect::ALL) {
                let n: i64 = row.try_get(column)?;
                if n > 0 {
                    counts.push((rated, aspect, count(n)));
                }
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqliteConnectOptions;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The summary's aspect counts come from the kept per-day rows: a
    /// venue's summary costs the same with 60 or 60,000 reviews.
    #[tokio::test]
    async fn aspect_counts_read_the_kept_counts_not_the_feedback() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("plan.sqlite")).await.unwrap();
        let plan: Vec<String> = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {ASPECT_COUNTS}"
        )))
        .bind("v")
        .bind("2026-01-01")
        .bind("2026-02-01")
        .fetch_all(&store.reader)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get::<String, _>("detail"))
        .collect();
        let plan = plan.join("; ");
        assert!(!plan.contains("feedback"), "{plan}");
        assert!(
            plan.contains("SEARCH venue_daily_ratings USING PRIMARY KEY"),
            "{plan}"
        );
    }

    /// Upgrading a database with feedback stored before the aspects were
    /// kept per day (migration 0006) keeps every venue's aspect counts.
    #[tokio::test]
    async fn the_upgrade_counts_the_aspects_already_stored() {
        let dir = tempfile::tempdir().unwrap();
        // The migrations before 0006, as a database of that time had them.
        let old = dir.path().join("migrations");
        std::fs::create_dir(&old).unwrap();
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap()
        {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.as_str() < "0006" {
                std::fs::copy(&path, old.join(name)).unwrap();
            }
        }
        let database = dir.path().join("old.sqlite");
        let pool = sqlx::SqlitePool::connect_with(
            SqliteConnectOptions::new()
                .filename(&database)
                .create_if_missing(true),
        )
        .await
        .unwrap();
        sqlx::migrate::Migrator::new(old.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO venues VALUES ('v', 'Kahvila', 'Europe/Helsinki'), ('w', 'Baari', 'Europe/Helsinki')",
        )
        .execute(&pool)
        .await
        .unwrap();
        let stored = [
            ("v", "good", r#"["taste","price"]"#, "2026-01-10"),
            ("v", "good", r#"["taste"]"#, "2026-01-11"),
            ("v", "bad", r#"["size"]"#, "2026-01-11"),
            ("v", "ok", "[]", "2026-01-11"),
            ("w", "good", r#"["service"]"#, "2026-01-11"),
        ];
        for (i, (venue, rating, aspects, day)) in stored.into_iter().enumerate() {
            sqlx::query(
                "INSERT INTO orders VALUES (?1, ?2, 'c', 'Europe/Helsinki', '[]', 0, 0, 1, NULL, NULL)",
            )
            .bind(format!("o{i}"))
            .bind(venue)
            .execute(&pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO feedback (review_id, order_id, venue_id, rating, aspects, comment, rated_on, submitted_at) \
                 VALUES (?1, ?1, ?2, ?3, ?4, NULL, ?5, 0)",
            )
            .bind(format!("o{i}"))
            .bind(venue)
            .bind(rating)
            .bind(aspects)
            .bind(day)
            .execute(&pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO venue_daily_ratings VALUES (?1, ?2, ?3, 1) \
                 ON CONFLICT (venue_id, rated_on, rating) DO UPDATE SET count = count + 1",
            )
            .bind(venue)
            .bind(day)
            .bind(rating)
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;

        let store = Store::open(&database).await.unwrap();
        let mut counts = store
            .aspect_counts("v", day("2026-01-01"), day("2026-01-31"))
            .await
            .unwrap();
        counts.sort_by_key(|(r, a, _)| (r.as_str(), a.as_str()));
        assert_eq!(
            counts,
            vec![
                (Rating::Bad, Aspect::Size, 1),
                (Rating::Good, Aspect::Price, 1),
                (Rating::Good, Aspect::Taste, 2),
            ]
        );
        let window = store
            .aspect_counts("v", day("2026-01-11"), day("2026-01-11"))
            .await
            .unwrap();
        assert_eq!(window.len(), 2, "{window:?}");
    }
}
