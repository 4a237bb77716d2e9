//! Problem reports (R9, R10) as stored, and the reads: a customer's report
//! of an order, a venue's reports, the service queue, one report, the
//! counts, and photos within their audience.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use resq_core::api::{
    PartnerReport, ReportMessage, ReportPhoto, ReportThread, StaffReportCounts, StaffReportSummary,
    VenueRef,
};
use resq_core::report::{MessageAuthor, ReportStatus, Resolution};
use resq_core::{ProblemKind, Product, rules};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{Store, from_json, instant, millis};
use crate::http::error::AppError;

/// A report as stored, with what its views need from the order and venue.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRecord {
    pub report_id: String,
    pub order_id: String,
    pub venue: VenueRef,
    pub customer_id: String,
    pub time_zone: Tz,
    pub products: Vec<Product>,
    pub purchased_at: DateTime<Utc>,
    pub kind: ProblemKind,
    pub description: Option<String>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolution: Option<Resolution>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub message_count: u32,
    pub photo_count: u32,
}

impl ReportRecord {
    /// The venue's anonymous view (R7): no customer, no order id, no time.
    pub fn partner_view(&self, photos: Vec<ReportPhoto>) -> PartnerReport {
        PartnerReport {
            report_id: self.report_id.clone(),
            venue_id: self.venue.id.clone(),
            purchase_date: rules::local_date(self.purchased_at, self.time_zone),
            products: self.products.clone(),
            kind: self.kind,
            description: self.description.clone(),
            status: self.status,
            resolution: self.resolution.clone(),
            photos,
        }
    }

    /// A row of the service queue.
    pub fn staff_summary(&self) -> StaffReportSummary {
        StaffReportSummary {
            report_id: self.report_id.clone(),
            order_id: self.order_id.clone(),
            venue: self.venue.clone(),
            kind: self.kind,
            description: self.description.clone(),
            status: self.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            message_count: self.message_count,
            photo_count: self.photo_count,
        }
    }

    /// The thread as its customer and staff see it.
    pub fn thread(&self, messages: Vec<ReportMessage>, photos: Vec<ReportPhoto>) -> ReportThread {
        ReportThread {
            report_id: self.report_id.clone(),
            kind: self.kind,
            description: self.description.clone(),
            status: self.status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            messages,
            photos,
            resolution: self.resolution.clone(),
            resolved_at: self.resolved_at,
        }
    }
}

/// Which reports' photos a caller may see.
#[derive(Debug, Clone, Copy)]
pub enum PhotoAudience<'a> {
    /// The report's customer.
    Customer(&'a str),
    /// The partner of the report's venue.
    Venues(&'a [String]),
    /// Customer service: every report.
    Staff,
}

/// Filters of the service queue.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// `None`: every open report (received or needs_info).
    pub statuses: Option<Vec<ReportStatus>>,
    pub venue_id: Option<String>,
    /// Only reports created before this instant.
    pub created_before: Option<DateTime<Utc>>,
}

/// The most rows the queue answers with.
pub const QUEUE_LIMIT: u32 = 500;

/// A report query: the common `SELECT … FROM` joined to orders and venues,
/// then the given `WHERE …` tail (kept a literal: every query is static).
macro_rules! select_report {
    ($tail:literal) => {
        concat!(
            "SELECT r.report_id, r.order_id, r.venue_id, v.name AS venue_name, ",
            "o.time_zone, o.products, o.purchased_at, r.customer_id, r.kind, r.description, r.status, ",
            "r.created_at, r.updated_at, r.resolution_kind, r.resolution_cents, r.resolution_note, r.resolved_at, ",
            "(SELECT COUNT(*) FROM report_messages m WHERE m.report_id = r.report_id) AS message_count, ",
            "(SELECT COUNT(*) FROM report_photos p WHERE p.report_id = r.report_id) AS photo_count ",
            "FROM problem_reports r JOIN orders o ON o.order_id = r.order_id ",
            "JOIN venues v ON v.venue_id = r.venue_id ",
            $tail
        )
    };
}

impl Store {
    /// The customer's latest report on the order, if any.
    pub async fn latest_report_of_order(
        &self,
        order_id: &str,
    ) -> Result<Option<(ReportRecord, ReportThread)>, AppError> {
        let mut conn = self.reader.acquire().await?;
        let Some(record) = latest_report(&mut conn, order_id).await? else {
            return Ok(None);
        };
        let thread = load_thread(&mut conn, &record).await?;
        Ok(Some((record, thread)))
    }

    /// One report with its thread (staff).
    pub async fn report(
        &self,
        report_id: &str,
    ) -> Result<Option<(ReportRecord, ReportThread)>, AppError> {
        let mut conn = self.reader.acquire().await?;
        let Some(record) = report_by_id(&mut conn, report_id).await? else {
            return Ok(None);
        };
        let thread = load_thread(&mut conn, &record).await?;
        Ok(Some((record, thread)))
    }

    /// A venue's reports created at or after `since`, newest first (R10).
    pub async fn venue_reports(
        &self,
        venue_id: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<PartnerReport>, AppError> {
        let mut conn = self.reader.acquire().await?;
        let rows = sqlx::query(select_report!(
            "WHERE r.venue_id = ?1 AND r.created_at >= ?2 ORDER BY r.created_at DESC, r.report_seq DESC"
        ))
            .bind(venue_id)
            .bind(millis(since))
            .fetch_all(&mut *conn)
            .await?;
        let mut reports = Vec::with_capacity(rows.len());
        for row in &rows {
            let record = report_from_row(row)?;
            let photos = photos_of(&mut conn, &record.report_id).await?;
            reports.push(record.partner_view(photos));
        }
        Ok(reports)
    }

    /// The service queue: reports matching `filter`, oldest first.
    pub async fn report_queue(
        &self,
        filter: &QueueFilter,
    ) -> Result<Vec<StaffReportSummary>, AppError> {
        let statuses: Vec<&str> = match &filter.statuses {
            Some(list) => list.iter().map(|s| s.as_str()).collect(),
            None => vec!["received", "needs_info"],
        };
        let rows = sqlx::query(select_report!(
            "WHERE r.status IN (SELECT value FROM json_each(?1)) \
             AND (?2 IS NULL OR r.venue_id = ?2) AND (?3 IS NULL OR r.created_at < ?3) \
             ORDER BY r.created_at, r.report_seq LIMIT ?4"
        ))
        .bind(super::to_json(&statuses)?)
        .bind(filter.venue_id.as_deref())
        .bind(filter.created_before.map(millis))
        .bind(i64::from(QUEUE_LIMIT))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|row| report_from_row(row).map(|r| r.staff_summary()))
            .collect()
    }

    /// Open, waiting and resolved-since-`day_start` counts.
    pub async fn report_counts(
        &self,
        day_start: DateTime<Utc>,
        day: chrono::NaiveDate,
    ) -> Result<StaffReportCounts, AppError> {
        let row = sqlx::query(
            "SELECT \
               (SELECT COUNT(*) FROM problem_reports WHERE status <> 'resolved') AS open, \
               (SELECT COUNT(*) FROM problem_reports WHERE status = 'needs_info') AS waiting, \
               (SELECT COUNT(*) FROM problem_reports WHERE status = 'resolved' AND resolved_at >= ?1) AS resolved",
        )
        .bind(millis(day_start))
        .fetch_one(&self.reader)
        .await?;
        let count = |name: &str| -> Result<u32, AppError> {
            let n: i64 = row.try_get(name)?;
            u32::try_from(n).map_err(|_| AppError::internal("count out of range"))
        };
        Ok(StaffReportCounts {
            open: count("open")?,
            waiting: count("waiting")?,
            resolved_today: count("resolved")?,
            day,
        })
    }

    /// A photo's content type and bytes, if it exists and `audience` may see it.
    pub async fn report_photo(
        &self,
        report_id: &str,
        photo_id: &str,
        audience: PhotoAudience<'_>,
    ) -> Result<Option<(String, Vec<u8>)>, AppError> {
        let (kind, value) = match audience {
            PhotoAudience::Customer(id) => ("customer", id.to_owned()),
            PhotoAudience::Venues(venues) => ("venues", super::to_json(&venues)?),
            PhotoAudience::Staff => ("staff", String::new()),
        };
        let row = sqlx::query(
            "SELECT p.content_type, p.bytes FROM report_photos p \
             JOIN problem_reports r ON r.report_id = p.report_id \
             WHERE p.photo_id = ?1 AND p.report_id = ?2 AND (?3 = 'staff' \
               OR (?3 = 'customer' AND r.customer_id = ?4) \
               OR (?3 = 'venues' AND r.venue_id IN (SELECT value FROM json_each(?4))))",
        )
        .bind(photo_id)
        .bind(report_id)
        .bind(kind)
        .bind(&value)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|row| Ok((row.try_get("content_type")?, row.try_get("bytes")?)))
            .transpose()
    }
}

/// The order's latest report (open or not).
pub(super) async fn latest_report(
    conn: &mut SqliteConnection,
    order_id: &str,
) -> Result<Option<ReportRecord>, AppError> {
    let row = sqlx::query(select_report!(
        "WHERE r.order_id = ?1 ORDER BY r.report_seq DESC LIMIT 1"
    ))
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|row| report_from_row(&row)).transpose()
}

pub(super) async fn report_by_id(
    conn: &mut SqliteConnection,
    report_id: &str,
) -> Result<Option<ReportRecord>, AppError> {
    let row = sqlx::query(select_report!("WHERE r.report_id = ?1"))
        .bind(report_id)
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|row| report_from_row(&row)).transpose()
}

/// The report's messages and photos as its thread.
pub(super) async fn load_thread(
    conn: &mut SqliteConnection,
    record: &ReportRecord,
) -> Result<ReportThread, AppError> {
    let rows = sqlx::query(
        "SELECT author, body, sent_at FROM report_messages WHERE report_id = ?1 ORDER BY message_seq",
    )
    .bind(&record.report_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut messages = Vec::with_capacity(rows.len());
    for row in &rows {
        let author: String = row.try_get("author")?;
        messages.push(ReportMessage {
            author: MessageAuthor::parse(&author)
                .ok_or_else(|| AppError::internal(format!("stored author {author}")))?,
            body: row.try_get("body")?,
            sent_at: instant(row.try_get("sent_at")?)?,
        });
    }
    let photos = photos_of(conn, &record.report_id).await?;
    Ok(record.thread(messages, photos))
}

pub(super) async fn photos_of(
    conn: &mut SqliteConnection,
    report_id: &str,
) -> Result<Vec<ReportPhoto>, AppError> {
    let rows = sqlx::query(
        "SELECT photo_id, content_type, size_bytes FROM report_photos WHERE report_id = ?1 ORDER BY photo_seq",
    )
    .bind(report_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let size: i64 = row.try_get("size_bytes")?;
            Ok(ReportPhoto {
                photo_id: row.try_get("photo_id")?,
                content_type: row.try_get("content_type")?,
                size_bytes: u32::try_from(size)
                    .map_err(|_| AppError::internal("stored photo size"))?,
            })
        })
        .collect()
}

fn report_from_row(row: &SqliteRow) -> Result<ReportRecord, AppError> {
    let zone: String = row.try_get("time_zone")?;
    let time_zone = rules::parse_time_zone(&zone)
        .ok_or_else(|| AppError::internal(format!("stored time zone {zone}")))?;
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let resolution = match row.try_get::<Option<String>, _>("resolution_kind")? {
        None => None,
        Some(kind) => Some(resolution_from(
            &kind,
            row.try_get("resolution_cents")?,
            row.try_get("resolution_note")?,
        )?),
    };
    let count = |name: &str| -> Result<u32, AppError> {
        let n: i64 = row.try_get(name)?;
        u32::try_from(n).map_err(|_| AppError::internal("count out of range"))
    };
    Ok(ReportRecord {
        report_id: row.try_get("report_id")?,
        order_id: row.try_get("order_id")?,
        venue: VenueRef {
            id: row.try_get("venue_id")?,
            name: row.try_get("venue_name")?,
            time_zone: zone,
        },
        customer_id: row.try_get("customer_id")?,
        time_zone,
        products: from_json(&row.try_get::<String, _>("products")?)?,
        purchased_at: instant(row.try_get("purchased_at")?)?,
        kind: ProblemKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .ok_or_else(|| AppError::internal(format!("stored problem kind {kind}")))?,
        description: row.try_get("description")?,
        status: ReportStatus::parse(&status)
            .ok_or_else(|| AppError::internal(format!("stored report status {status}")))?,
        created_at: instant(row.try_get("created_at")?)?,
        updated_at: instant(row.try_get("updated_at")?)?,
        resolution,
        resolved_at: row
            .try_get::<Option<i64>, _>("resolved_at")?
            .map(instant)
            .transpose()?,
        message_count: count("message_count")?,
        photo_count: count("photo_count")?,
    })
}

fn resolution_from(
    kind: &str,
    cents: Option<i64>,
    note: Option<String>,
) -> Result<Resolution, AppError> {
    let amount = || {
        cents
            .and_then(|c| u32::try_from(c).ok())
            .ok_or_else(|| AppError::internal("stored resolution amount"))
    };
    match kind {
        "refund" => Ok(Resolution::Refund {
            amount_cents: amount()?,
            note,
        }),
        "credits" => Ok(Resolution::Credits {
            amount_cents: amount()?,
            note,
        }),
        "other" => Ok(Resolution::Other {
            note: note.ok_or_else(|| AppError::internal("stored resolution note"))?,
        }),
        other => Err(AppError::internal(format!(
            "stored resolution kind {other}"
        ))),
    }
}
