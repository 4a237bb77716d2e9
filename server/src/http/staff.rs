//! Customer service (R10): the queue of every problem report, one report
//! with its order, asking the customer for information, resolving with a
//! refund, credits or other, reopening, and the counts. Staff tokens only.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::Duration;
use resq_core::ErrorCode;
use resq_core::api::{
    ApiError, PostReportMessage, ReopenReport, StaffOrderFacts, StaffReportCounts,
    StaffReportDetail, StaffReportQueue,
};
use resq_core::report::{
    ReportStatus, Resolution, validate_message, validate_note, validate_resolution,
};
use resq_core::rules;
use resq_core::validation::is_valid_identifier;
use serde::Deserialize;

use super::error::AppError;
use super::json::ApiJson;
use crate::AppState;
use crate::auth::Caller;
use crate::store::{OrderScope, QueueFilter, ReportRecord, StaffAction};

/// The time zone "today" is counted in when none is asked for.
pub const DEFAULT_STAFF_TIME_ZONE: &str = "Europe/Helsinki";

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    /// `open` (received or needs_info; the default), `received`,
    /// `needs_info`, `resolved` or `all`.
    #[param(schema_with = queue_status)]
    status: Option<String>,
    /// Only this venue's reports.
    #[param(schema_with = resq_core::schema::identifier)]
    venue_id: Option<String>,
    /// Only reports filed more than this many hours ago (0–8760).
    #[param(value_type = Option<u32>, minimum = 0, maximum = 8760)]
    older_than_hours: Option<String>,
}

fn queue_status() -> utoipa::openapi::schema::Schema {
    let statuses = ReportStatus::ALL.map(ReportStatus::as_str);
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["open"].into_iter().chain(statuses).chain(["all"])))
        .description(Some(
            "`open` (received or needs_info; the default), `received`, `needs_info`, `resolved` or `all`.",
        ))
        .build()
        .into()
}

/// The service queue, oldest first (staff): at most 500 reports.
#[utoipa::path(
    get, path = "/api/v1/staff/reports", tag = "customer service",
    params(QueueQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The reports matching the filters, oldest first.", body = StaffReportQueue),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 422, description = "`invalid_field`: `field` is `status`, `venue_id`, `older_than_hours` or `query`.", body = ApiError),
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Result<Json<StaffReportQueue>, AppError> {
    caller.staff()?;
    let Query(query) = query.map_err(|_| AppError::field(ErrorCode::InvalidField, "query"))?;
    let invalid = |field: &str| AppError::field(ErrorCode::InvalidField, field);
    let statuses = match query.status.as_deref() {
        None | Some("open") => None,
        Some("all") => Some(ReportStatus::ALL.to_vec()),
        Some(name) => Some(vec![
            ReportStatus::parse(name).ok_or_else(|| invalid("status"))?,
        ]),
    };
    if let Some(venue) = &query.venue_id
        && !is_valid_identifier(venue)
    {
        return Err(invalid("venue_id"));
    }
    let created_before = match query.older_than_hours.as_deref() {
        None => None,
        Some(text) => {
            let hours = text
                .parse::<u32>()
                .ok()
                .filter(|h| *h <= 8760)
                .ok_or_else(|| invalid("older_than_hours"))?;
            Some(state.clock.now() - Duration::hours(i64::from(hours)))
        }
    };
    let filter = QueueFilter {
        statuses,
        venue_id: query.venue_id,
        created_before,
    };
    Ok(Json(StaffReportQueue {
        items: state.store.report_queue(&filter).await?,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsQuery {
    /// The IANA time zone of "today" (default `Europe/Helsinki`).
    #[param(schema_with = counts_time_zone)]
    time_zone: Option<String>,
}

fn counts_time_zone() -> utoipa::openapi::schema::Schema {
    let mut schema = resq_core::schema::time_zone();
    if let utoipa::openapi::schema::Schema::Object(object) = &mut schema {
        object.description =
            Some("The IANA time zone of \"today\" (default `Europe/Helsinki`).".to_owned());
    }
    schema
}

/// Open, waiting (needs information) and resolved-today counts (staff).
#[utoipa::path(
    get, path = "/api/v1/staff/report-counts", tag = "customer service",
    params(CountsQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The counts now.", body = StaffReportCounts),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 422, description = "`invalid_time_zone` (`field` is `time_zone`); `invalid_field` (`query`).", body = ApiError),
    )
)]
pub async fn counts(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<CountsQuery>, QueryRejection>,
) -> Result<Json<StaffReportCounts>, AppError> {
    caller.staff()?;
    let Query(query) = query.map_err(|_| AppError::field(ErrorCode::InvalidField, "query"))?;
    let zone = query
        .time_zone
        .as_deref()
        .unwrap_or(DEFAULT_STAFF_TIME_ZONE);
    let tz = rules::parse_time_zone(zone)
        .ok_or_else(|| AppError::field(ErrorCode::InvalidTimeZone, "time_zone"))?;
    let today = rules::local_date(state.clock.now(), tz);
    let start = rules::start_of_local_day(today, tz);
    Ok(Json(state.store.report_counts(start, today).await?))
}

/// One report with its order's facts and its thread (staff).
#[utoipa::path(
    get, path = "/api/v1/staff/reports/{report_id}", tag = "customer service",
    params(("report_id" = String, Path, description = "The report's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report, its order and its thread.", body = StaffReportDetail),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such report.", body = ApiError),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    Path(report_id): Path<String>,
) -> Result<Json<StaffReportDetail>, AppError> {
    caller.staff()?;
    if !is_valid_identifier(&report_id) {
        return Err(AppError::not_found());
    }
    let (record, thread) = state
        .store
        .report(&report_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    detail(&state, &record, thread).await
}

/// Ask the customer for more information (staff): the report waits for
/// the customer's answer (`needs_info`).
#[utoipa::path(
    post, path = "/api/v1/staff/reports/{report_id}/ask", tag = "customer service",
    params(("report_id" = String, Path, description = "The report's id.")),
    request_body = PostReportMessage,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The question was sent; the report now needs information.", body = StaffReportDetail),
        (status = 400, description = "`invalid_body`.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such report.", body = ApiError),
        (status = 409, description = "`problem_report_resolved`: reopen it first.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`message_required`, `message_too_long`, `text_control_character` (with `field`).", body = ApiError),
    )
)]
pub async fn ask(
    State(state): State<AppState>,
    caller: Caller,
    Path(report_id): Path<String>,
    ApiJson(request): ApiJson<PostReportMessage>,
) -> Result<Json<StaffReportDetail>, AppError> {
    caller.staff()?;
    let message = validate_message(&request.message)?;
    act(&state, &report_id, StaffAction::AskForInfo(message)).await
}

/// Resolve a report (staff, R10): a refund or credits (amount in cents,
/// optional note), or other (with a note saying what was done).
#[utoipa::path(
    post, path = "/api/v1/staff/reports/{report_id}/resolve", tag = "customer service",
    params(("report_id" = String, Path, description = "The report's id.")),
    request_body = Resolution,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report is resolved.", body = StaffReportDetail),
        (status = 400, description = "`invalid_body`: e.g. an unknown `kind`.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such report.", body = ApiError),
        (status = 409, description = "`problem_report_resolved`: it is already resolved.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`invalid_amount` (refund 1–50000, credits 1–10000 cents), `note_required`, `note_too_long`, `text_control_character` (with `field`).", body = ApiError),
    )
)]
pub async fn resolve(
    State(state): State<AppState>,
    caller: Caller,
    Path(report_id): Path<String>,
    ApiJson(request): ApiJson<Resolution>,
) -> Result<Json<StaffReportDetail>, AppError> {
    caller.staff()?;
    let resolution = validate_resolution(&request)?;
    act(&state, &report_id, StaffAction::Resolve(resolution)).await
}

/// Reopen a resolved report (staff); an optional note goes to the customer.
#[utoipa::path(
    post, path = "/api/v1/staff/reports/{report_id}/reopen", tag = "customer service",
    params(("report_id" = String, Path, description = "The report's id.")),
    request_body = ReopenReport,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The report is received again; its resolution is withdrawn.", body = StaffReportDetail),
        (status = 400, description = "`invalid_body`.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such report.", body = ApiError),
        (status = 409, description = "`problem_report_not_resolved`: it is open; `problem_report_already_open`: the customer filed a newer open report on the order.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`note_too_long`, `text_control_character` (with `field`).", body = ApiError),
    )
)]
pub async fn reopen(
    State(state): State<AppState>,
    caller: Caller,
    Path(report_id): Path<String>,
    ApiJson(request): ApiJson<ReopenReport>,
) -> Result<Json<StaffReportDetail>, AppError> {
    caller.staff()?;
    let note = validate_note(request.note.as_deref())?;
    act(&state, &report_id, StaffAction::Reopen(note)).await
}

async fn act(
    state: &AppState,
    report_id: &str,
    action: StaffAction,
) -> Result<Json<StaffReportDetail>, AppError> {
    if !is_valid_identifier(report_id) {
        return Err(AppError::not_found());
    }
    let (record, thread) = state
        .store
        .act_on_report(report_id, state.clock.now(), action)
        .await?
        .ok_or_else(AppError::not_found)?;
    state.live.after_commit(&state.store).await;
    detail(state, &record, thread).await
}

async fn detail(
    state: &AppState,
    record: &ReportRecord,
    thread: resq_core::api::ReportThread,
) -> Result<Json<StaffReportDetail>, AppError> {
    let order = state
        .store
        .order(&record.order_id, OrderScope::Any)
        .await?
        .ok_or_else(|| AppError::internal("reported order missing"))?;
    Ok(Json(StaffReportDetail {
        order: StaffOrderFacts {
            order_id: order.order_id,
            customer_id: order.customer_id,
            venue: order.venue,
            products: order.products,
            purchased_at: order.purchased_at,
            pickup_window: order.pickup_window,
            picked_up: order.picked_up,
        },
        report: thread,
    }))
}
