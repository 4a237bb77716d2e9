//! Changes to problem reports (R9, R10), each in one write transaction with
//! its live events (venue and staff) and, for customer writes, its
//! idempotency record.

use chrono::{DateTime, Utc};
use resq_core::api::{ReportPhoto, ReportThread};
use resq_core::live::LiveEventKind;
use resq_core::report::{
    PHOTOS_PER_REPORT, PhotoType, ReportEvent, ReportStatus, Resolution, next_status,
};
use resq_core::{ErrorCode, ProblemKind};
use sqlx::SqliteConnection;

use super::idempotency::{IdempotentRequest, remember, replay};
use super::live::{LiveEvent, record};
use super::orders::{OrderRecord, select_order};
use super::reports::{ReportRecord, latest_report, load_thread, photos_of, report_by_id};
use super::{OrderScope, Store, StoredResponse, millis};
use crate::http::error::AppError;

/// A report the rules accepted.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub kind: ProblemKind,
    pub description: Option<String>,
}

/// What a customer adds to their open report.
#[derive(Debug, Clone)]
pub enum CustomerAddition {
    Reply(String),
    Photo { kind: PhotoType, bytes: Vec<u8> },
}

/// What customer service does to a report.
#[derive(Debug, Clone)]
pub enum StaffAction {
    AskForInfo(String),
    Resolve(Resolution),
    Reopen(Option<String>),
}

/// The answer to a customer write: status and JSON body.
pub type Answer = (u16, String);

impl Store {
    /// Files a report on the customer's own order, exactly once per key.
    /// `decide` applies the rules to the order and its open report's id.
    pub async fn create_report<D, R>(
        &self,
        order_id: &str,
        request: IdempotentRequest<'_>,
        now: DateTime<Utc>,
        decide: D,
        respond: R,
    ) -> Result<StoredResponse, AppError>
    where
        D: FnOnce(&OrderRecord, Option<&str>) -> Result<NewReport, AppError>,
        R: FnOnce(&OrderRecord, &ReportThread) -> Result<Answer, AppError>,
    {
        let mut tx = self.write().await?;
        if let Some(stored) = replay(&mut tx, request).await? {
            return Ok(stored);
        }
        let order = customer_order(&mut tx, order_id, request.customer_id).await?;
        let open = latest_report(&mut tx, order_id)
            .await?
            .filter(|r| r.status.is_open());
        let report = decide(&order, open.as_ref().map(|r| r.report_id.as_str()))?;
        let report_id = uuid::Uuid::new_v4().simple().to_string();
        sqlx::query(
            "INSERT INTO problem_reports (report_id, order_id, venue_id, customer_id, kind, description, status, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'received', ?7, ?7)",
        )
        .bind(&report_id)
        .bind(&order.order_id)
        .bind(&order.venue.id)
        .bind(&order.customer_id)
        .bind(report.kind.as_str())
        .bind(&report.description)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        let record = reload(&mut tx, &report_id).await?;
        let thread = load_thread(&mut tx, &record).await?;
        record_events(&mut tx, &record, now).await?;
        let (status, body) = respond(&order, &thread)?;
        remember(&mut tx, request, status, &body, now).await?;
        tx.commit().await?;
        Ok(StoredResponse {
            status,
            body,
            replayed: false,
        })
    }

    /// Adds a reply or a photo to the order's open report, exactly once per
    /// key (R10: a reply puts a report that needs information back to
    /// received). `respond` gets the photo added, if it was one.
    pub async fn add_to_report<R>(
        &self,
        order_id: &str,
        request: IdempotentRequest<'_>,
        now: DateTime<Utc>,
        addition: CustomerAddition,
        respond: R,
    ) -> Result<StoredResponse, AppError>
    where
        R: FnOnce(&OrderRecord, &ReportThread, Option<&ReportPhoto>) -> Result<Answer, AppError>,
    {
        let mut tx = self.write().await?;
        if let Some(stored) = replay(&mut tx, request).await? {
            return Ok(stored);
        }
        let order = customer_order(&mut tx, order_id, request.customer_id).await?;
        let report = latest_report(&mut tx, order_id)
            .await?
            .ok_or_else(AppError::not_found)?;
        let status = next_status(report.status, ReportEvent::CustomerReplied)?;
        let mut photo_id = None;
        match addition {
            CustomerAddition::Reply(body) => {
                insert_message(&mut tx, &report.report_id, "customer", &body, now).await?;
            }
            CustomerAddition::Photo { kind, bytes } => {
                if report.photo_count as usize >= PHOTOS_PER_REPORT {
                    return Err(AppError::code(ErrorCode::PhotoLimitReached));
                }
                let id = uuid::Uuid::new_v4().simple().to_string();
                sqlx::query(
                    "INSERT INTO report_photos (photo_id, report_id, content_type, size_bytes, bytes, uploaded_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .bind(&id)
                .bind(&report.report_id)
                .bind(kind.mime())
                .bind(i64::try_from(bytes.len()).map_err(|_| AppError::internal("photo size"))?)
                .bind(bytes)
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
                photo_id = Some(id);
            }
        }
        set_status(&mut tx, &report.report_id, status, now).await?;
        let record = reload(&mut tx, &report.report_id).await?;
        let thread = load_thread(&mut tx, &record).await?;
        record_events(&mut tx, &record, now).await?;
        let photo = photo_id.and_then(|id| thread.photos.iter().find(|p| p.photo_id == id));
        let (status, body) = respond(&order, &thread, photo)?;
        remember(&mut tx, request, status, &body, now).await?;
        tx.commit().await?;
        Ok(StoredResponse {
            status,
            body,
            replayed: false,
        })
    }

    /// Customer service acts on a report (R10). `None` if there is no such
    /// report; a refused transition is a conflict.
    pub async fn act_on_report(
        &self,
        report_id: &str,
        now: DateTime<Utc>,
        action: StaffAction,
    ) -> Result<Option<(ReportRecord, ReportThread)>, AppError> {
        let mut tx = self.write().await?;
        let Some(report) = report_by_id(&mut tx, report_id).await? else {
            return Ok(None);
        };
        let event = match &action {
            StaffAction::AskForInfo(_) => ReportEvent::StaffAskedForInfo,
            StaffAction::Resolve(_) => ReportEvent::StaffResolved,
            StaffAction::Reopen(_) => ReportEvent::StaffReopened,
        };
        let status = next_status(report.status, event)?;
        match action {
            StaffAction::AskForInfo(message) => {
                insert_message(&mut tx, report_id, "staff", &message, now).await?;
                set_status(&mut tx, report_id, status, now).await?;
            }
            StaffAction::Resolve(resolution) => {
                sqlx::query(
                    "UPDATE problem_reports SET status = ?2, updated_at = ?3, resolution_kind = ?4, \
                     resolution_cents = ?5, resolution_note = ?6, resolved_at = ?3 WHERE report_id = ?1",
                )
                .bind(report_id)
                .bind(status.as_str())
                .bind(millis(now))
                .bind(resolution.kind())
                .bind(resolution.amount_cents().map(i64::from))
                .bind(resolution.note())
                .execute(&mut *tx)
                .await?;
            }
            StaffAction::Reopen(note) => {
                if let Some(note) = note {
                    insert_message(&mut tx, report_id, "staff", &note, now).await?;
                }
                sqlx::query(
                    "UPDATE problem_reports SET status = ?2, updated_at = ?3, resolution_kind = NULL, \
                     resolution_cents = NULL, resolution_note = NULL, resolved_at = NULL WHERE report_id = ?1",
                )
                .bind(report_id)
                .bind(status.as_str())
                .bind(millis(now))
                .execute(&mut *tx)
                .await
                .map_err(reopen_conflict)?;
            }
        }
        let record = reload(&mut tx, report_id).await?;
        let thread = load_thread(&mut tx, &record).await?;
        record_events(&mut tx, &record, now).await?;
        tx.commit().await?;
        Ok(Some((record, thread)))
    }
}

/// Reopening while the customer has filed a newer open report on the same
/// order would make two open reports: the unique index refuses it.
fn reopen_conflict(e: sqlx::Error) -> AppError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::code(ErrorCode::ProblemReportAlreadyOpen)
        }
        _ => AppError::Storage(e),
    }
}

async fn customer_order(
    conn: &mut SqliteConnection,
    order_id: &str,
    customer_id: &str,
) -> Result<OrderRecord, AppError> {
    select_order(conn, order_id, OrderScope::Customer(customer_id))
        .await?
        .ok_or_else(AppError::not_found)
}

async fn reload(conn: &mut SqliteConnection, report_id: &str) -> Result<ReportRecord, AppError> {
    report_by_id(conn, report_id)
        .await?
        .ok_or_else(|| AppError::internal("report missing after writing it"))
}

async fn insert_message(
    conn: &mut SqliteConnection,
    report_id: &str,
    author: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO report_messages (report_id, author, body, sent_at) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(report_id)
    .bind(author)
    .bind(body)
    .bind(millis(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn set_status(
    conn: &mut SqliteConnection,
    report_id: &str,
    status: ReportStatus,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE problem_reports SET status = ?2, updated_at = ?3 WHERE report_id = ?1")
        .bind(report_id)
        .bind(status.as_str())
        .bind(millis(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// R5, R10: the venue gets the anonymous view, staff the queue row — two
/// events of the same change, each for one audience only.
async fn record_events(
    conn: &mut SqliteConnection,
    report: &ReportRecord,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let photos = photos_of(conn, &report.report_id).await?;
    let venue = &report.venue.id;
    let kind = LiveEventKind::ReportChanged;
    let for_venue = LiveEvent::new(venue, kind, true, false, &report.partner_view(photos))?;
    record(conn, &for_venue, now).await?;
    let for_staff = LiveEvent::new(venue, kind, false, true, &report.staff_summary())?;
    record(conn, &for_staff, now).await?;
    Ok(())
}
