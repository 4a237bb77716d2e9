//! Contact requests (R7): a venue asks ResQ to reach the customer behind one
//! of its reviews or problem reports. The venue names only the review or
//! report; staff read the customer, and mark the request handled.

use chrono::{DateTime, NaiveDate, Utc};
use resq_core::api::VenueRef;
use resq_core::contact::{
    ContactRequestChange, ContactRequestReceipt, ContactRequestStatus, ContactSubject,
    StaffContactRequest, StaffContactSubject,
};
use resq_core::live::LiveEventKind;
use resq_core::report::ReportStatus;
use resq_core::{ProblemKind, Rating, rules};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::live::{LiveEvent, record};
use super::{Store, from_json, instant, millis};
use crate::http::error::AppError;

/// A staff row: the request with its review or report, order and venue,
/// then the given `WHERE …` tail (kept a literal: every query is static).
macro_rules! select_request {
    ($tail:literal) => {
        concat!(
            "SELECT c.request_id, c.message, c.requested_at, c.handled_at, c.handled_by, ",
            "v.venue_id, v.name, v.time_zone AS venue_zone, ",
            "c.review_id, f.rating, f.aspects, f.comment, ",
            "c.report_id, r.kind AS problem, r.description, r.status AS report_status, ",
            "o.order_id, o.customer_id, o.products, o.purchased_at, o.time_zone ",
            "FROM contact_requests c ",
            "LEFT JOIN feedback f ON f.review_id = c.review_id ",
            "LEFT JOIN problem_reports r ON r.report_id = c.report_id ",
            "JOIN orders o ON o.order_id = COALESCE(f.order_id, r.order_id) ",
            "JOIN venues v ON v.venue_id = c.venue_id ",
            $tail
        )
    };
}

impl Store {
    /// Stores a venue's request about `about`, which the venue must see on
    /// its Feedback page: a review given on or after `from`, or a report
    /// filed at or after `since`. Records the staff live event in the same
    /// transaction. `None` when the venue has no such review or report.
    pub async fn request_contact(
        &self,
        venue_id: &str,
        about: &ContactSubject,
        (from, since): (NaiveDate, DateTime<Utc>),
        message: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ContactRequestReceipt>, AppError> {
        let mut tx = self.write().await?;
        let (review_id, report_id) = match about {
            ContactSubject::Review { review_id } => (Some(review_id.as_str()), None),
            ContactSubject::Report { report_id } => (None, Some(report_id.as_str())),
        };
        let found: Option<i64> = match about {
            ContactSubject::Review { review_id } => {
                sqlx::query_scalar(
                    "SELECT 1 FROM feedback WHERE review_id = ?1 AND venue_id = ?2 AND rated_on >= ?3",
                )
                .bind(review_id)
                .bind(venue_id)
                .bind(from.to_string())
                .fetch_optional(&mut *tx)
                .await?
            }
            ContactSubject::Report { report_id } => {
                sqlx::query_scalar(
                    "SELECT 1 FROM problem_reports WHERE report_id = ?1 AND venue_id = ?2 AND created_at >= ?3",
                )
                .bind(report_id)
                .bind(venue_id)
                .bind(millis(since))
                .fetch_optional(&mut *tx)
                .await?
            }
        };
        if found.is_none() {
            return Ok(None);
        }
        let request_id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO contact_requests (request_id, review_id, report_id, venue_id, message, requested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&request_id)
        .bind(review_id)
        .bind(report_id)
        .bind(venue_id)
        .bind(message)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let change = ContactRequestChange {
            request_id: request_id.clone(),
            venue_id: venue_id.to_owned(),
            about: about.clone(),
            status: ContactRequestStatus::Open,
        };
        record_change(&mut tx, &change, now).await?;
        tx.commit().await?;
        Ok(Some(ContactRequestReceipt {
            request_id,
            about: about.clone(),
            message: message.to_owned(),
        }))
    }

    /// Staff: marks a request handled by `staff_id` at `now`; a request
    /// already handled keeps its first handling. Records the staff live
    /// event when it changed. `None` when there is no such request.
    pub async fn mark_contact_handled(
        &self,
        request_id: &str,
        staff_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<StaffContactRequest>, AppError> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "UPDATE contact_requests SET handled_at = ?2, handled_by = ?3 \
             WHERE request_id = ?1 AND handled_at IS NULL \
             RETURNING venue_id, review_id, report_id",
        )
        .bind(request_id)
        .bind(millis(now))
        .bind(staff_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = row {
            let change = ContactRequestChange {
                request_id: request_id.to_owned(),
                venue_id: row.try_get("venue_id")?,
                about: subject(row.try_get("review_id")?, row.try_get("report_id")?)?,
                status: ContactRequestStatus::Handled,
            };
            record_change(&mut tx, &change, now).await?;
        }
        let handled = sqlx::query(select_request!("WHERE c.request_id = ?1"))
            .bind(request_id)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        handled.as_ref().map(staff_request).transpose()
    }

    /// Staff: at most `limit` contact requests with the customer to reach,
    /// only those with `status` if given; open ones first, each group
    /// newest first.
    pub async fn contact_requests(
        &self,
        status: Option<ContactRequestStatus>,
        limit: u32,
    ) -> Result<Vec<StaffContactRequest>, AppError> {
        let rows = sqlx::query(select_request!(
            "WHERE (?2 IS NULL OR (?2 = 'open') = (c.handled_at IS NULL)) \
             ORDER BY c.handled_at IS NOT NULL, c.requested_at DESC, c.rowid DESC LIMIT ?1"
        ))
        .bind(i64::from(limit))
        .bind(status.map(ContactRequestStatus::as_str))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(staff_request).collect()
    }
}

async fn record_change(
    conn: &mut SqliteConnection,
    change: &ContactRequestChange,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let event = LiveEvent::new(
        &change.venue_id,
        LiveEventKind::ContactRequestChanged,
        false,
        true,
        change,
    )?;
    record(conn, &event, now).await?;
    Ok(())
}

/// What a stored request names (the table holds exactly one of the two).
fn subject(
    review_id: Option<String>,
    report_id: Option<String>,
) -> Result<ContactSubject, AppError> {
    match (review_id, report_id) {
        (Some(review_id), None) => Ok(ContactSubject::Review { review_id }),
        (None, Some(report_id)) => Ok(ContactSubject::Report { report_id }),
        _ => Err(AppError::internal(
            "stored contact request names no review or report",
        )),
    }
}

fn staff_request(row: &SqliteRow) -> Result<StaffContactRequest, AppError> {
    let zone: String = row.try_get("time_zone")?;
    let tz = rules::parse_time_zone(&zone)
        .ok_or_else(|| AppError::internal(format!("stored time zone {zone}")))?;
    let about = match subject(row.try_get("review_id")?, row.try_get("report_id")?)? {
        ContactSubject::Review { review_id } => {
            let rating: String = row.try_get("rating")?;
            StaffContactSubject::Review {
                review_id,
                rating: Rating::parse(&rating)
                    .ok_or_else(|| AppError::internal(format!("stored rating {rating}")))?,
                aspects: from_json(&row.try_get::<String, _>("aspects")?)?,
                comment: row.try_get("comment")?,
            }
        }
        ContactSubject::Report { report_id } => {
            let problem: String = row.try_get("problem")?;
            let status: String = row.try_get("report_status")?;
            StaffContactSubject::Report {
                report_id,
                problem: ProblemKind::ALL
                    .into_iter()
                    .find(|k| k.as_str() == problem)
                    .ok_or_else(|| AppError::internal(format!("stored problem kind {problem}")))?,
                description: row.try_get("description")?,
                status: ReportStatus::parse(&status)
                    .ok_or_else(|| AppError::internal(format!("stored report status {status}")))?,
            }
        }
    };
    let handled_at: Option<i64> = row.try_get("handled_at")?;
    Ok(StaffContactRequest {
        request_id: row.try_get("request_id")?,
        venue: VenueRef {
            id: row.try_get("venue_id")?,
            name: row.try_get("name")?,
            time_zone: row.try_get("venue_zone")?,
        },
        about,
        order_id: row.try_get("order_id")?,
        customer_id: row.try_get("customer_id")?,
        purchase_date: rules::local_date(instant(row.try_get("purchased_at")?)?, tz),
        products: from_json(&row.try_get::<String, _>("products")?)?,
        message: row.try_get("message")?,
        requested_at: instant(row.try_get("requested_at")?)?,
        status: if handled_at.is_some() {
            ContactRequestStatus::Handled
        } else {
            ContactRequestStatus::Open
        },
        handled_at: handled_at.map(instant).transpose()?,
        handled_by: row.try_get("handled_by")?,
    })
}
