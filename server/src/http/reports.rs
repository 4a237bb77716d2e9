//! Problem reports, the customer's side (R9, R10): file a report on an
//! order, read its thread, reply — each write exactly once per
//! `Idempotency-Key` — and the venue's anonymous list of its reports.
//!
//! A second report while one is open is refused with 409
//! `problem_report_already_open` naming the open report's `report_id` (the
//! widget then shows that report); after a report is resolved, the customer
//! may file a new one while the reporting period lasts.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use resq_core::ErrorCode;
use resq_core::api::{
    ApiError, CreateProblemReport, CustomerProblemReport, PartnerReportList, PostReportMessage,
    ReportThread,
};
use resq_core::report::{TransitionRefusal, validate_description, validate_message};
use resq_core::rules::{self, ReportPolicy, ReportRefusal};
use resq_core::validation::is_valid_identifier;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::AppError;
use super::feedback::{after_write, idempotency_key};
use super::json::ApiJson;
use crate::AppState;
use crate::auth::Caller;
use crate::store::{Answer, CustomerAddition, IdempotentRequest, NewReport, OrderRecord};

impl From<TransitionRefusal> for AppError {
    fn from(refusal: TransitionRefusal) -> AppError {
        AppError::code(match refusal {
            TransitionRefusal::AlreadyResolved => ErrorCode::ProblemReportResolved,
            TransitionRefusal::NotResolved => ErrorCode::ProblemReportNotResolved,
        })
    }
}

impl From<ReportRefusal> for AppError {
    fn from(refusal: ReportRefusal) -> AppError {
        match refusal {
            ReportRefusal::NotOpen { .. } => AppError::code(ErrorCode::ProblemReportNotOpen),
            ReportRefusal::Closed { .. } => AppError::code(ErrorCode::ProblemReportClosed),
            ReportRefusal::AlreadyOpen { report_id } => AppError::ReportAlreadyOpen { report_id },
        }
    }
}

/// Report a problem with your order (customer, R9): wrong product, not
/// available, venue closed on arrival, or other (with a description).
///
/// Send an `Idempotency-Key`; a retry with the same key and body answers
/// with the stored response (and `Idempotent-Replayed: true`).
#[utoipa::path(
    post, path = "/api/v1/orders/{order_id}/problem-report", tag = "problem reports",
    params(
        ("order_id" = String, Path, description = "The order's id."),
        ("Idempotency-Key" = String, Header, pattern = "^[!-~]{1,128}$", description = "1–128 visible ASCII characters, unique per attempt."),
    ),
    request_body = CreateProblemReport,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The report was filed (or this replays the stored answer).", body = CustomerProblemReport),
        (status = 400, description = "`missing_idempotency_key`, `invalid_idempotency_key`, `invalid_body` (with `field` when known).", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a customer token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order of this customer.", body = ApiError),
        (status = 409, description = "`problem_report_already_open` (with `report_id` of the open report), `problem_report_closed`, `problem_report_not_open`.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`description_required`, `description_too_long`, `text_control_character` (with `field`); `idempotency_key_reused`.", body = ApiError),
    )
)]
pub async fn create_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<CreateProblemReport>,
) -> Result<Response, AppError> {
    let customer_id = caller.customer()?;
    let key = idempotency_key(&headers)?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let description = validate_description(request.kind, request.description.as_deref())?;
    let hash = request_hash("problem-report", &order_id, &request)?;
    let now = state.clock.now();
    let policy = state.report_policy;
    let stored = state
        .store
        .create_report(
            &order_id,
            IdempotentRequest {
                customer_id,
                key,
                request_hash: &hash,
            },
            now,
            |order, open| {
                rules::check_report_creation(
                    order.purchased_at,
                    &order.timing(),
                    open,
                    now,
                    &policy,
                )?;
                Ok(NewReport {
                    kind: request.kind,
                    description,
                })
            },
            |order, thread| customer_answer(StatusCode::CREATED, order, thread, now, &policy),
        )
        .await?;
    after_write(&state, stored).await
}

/// Read your order's problem report and whether one can be filed (customer).
#[utoipa::path(
    get, path = "/api/v1/orders/{order_id}/problem-report", tag = "problem reports",
    params(("order_id" = String, Path, description = "The order's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The latest report with its thread (absent if none), and the availability of a new one.", body = CustomerProblemReport),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a customer token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order of this customer.", body = ApiError),
    )
)]
pub async fn read_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
) -> Result<Json<CustomerProblemReport>, AppError> {
    let customer_id = caller.customer()?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let order = state
        .store
        .order(&order_id, crate::store::OrderScope::Customer(customer_id))
        .await?
        .ok_or_else(AppError::not_found)?;
    let report = state.store.latest_report_of_order(&order_id).await?;
    let thread = report.map(|(_, thread)| thread);
    Ok(Json(customer_view(
        &order,
        thread,
        state.clock.now(),
        &state.report_policy,
    )))
}

/// Reply in your order's open problem report (customer). A report that
/// needs information goes back to customer service.
#[utoipa::path(
    post, path = "/api/v1/orders/{order_id}/problem-report/messages", tag = "problem reports",
    params(
        ("order_id" = String, Path, description = "The order's id."),
        ("Idempotency-Key" = String, Header, pattern = "^[!-~]{1,128}$", description = "1–128 visible ASCII characters, unique per attempt."),
    ),
    request_body = PostReportMessage,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The reply was added (or this replays the stored answer).", body = CustomerProblemReport),
        (status = 400, description = "`missing_idempotency_key`, `invalid_idempotency_key`, `invalid_body`.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a customer token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order of this customer, or it has no report.", body = ApiError),
        (status = 409, description = "`problem_report_resolved`: the report is resolved.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`message_required`, `message_too_long`, `text_control_character` (with `field`); `idempotency_key_reused`.", body = ApiError),
    )
)]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PostReportMessage>,
) -> Result<Response, AppError> {
    let customer_id = caller.customer()?;
    let key = idempotency_key(&headers)?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let message = validate_message(&request.message)?;
    let hash = request_hash("report-message", &order_id, &request)?;
    let now = state.clock.now();
    let policy = state.report_policy;
    let stored = state
        .store
        .add_to_report(
            &order_id,
            IdempotentRequest {
                customer_id,
                key,
                request_hash: &hash,
            },
            now,
            CustomerAddition::Reply(message),
            |order, thread, _| customer_answer(StatusCode::CREATED, order, thread, now, &policy),
        )
        .await?;
    after_write(&state, stored).await
}

/// Your venue's problem reports of the last two months, newest first
/// (partner, R10). Anonymous (R7): purchase date, products, kind,
/// description, status, resolution and photos; never a customer, an order
/// id or a time.
#[utoipa::path(
    get, path = "/api/v1/venues/{venue_id}/reports", tag = "problem reports",
    params(("venue_id" = String, Path, description = "One of the token's venues.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The venue's reports filed in the counting window.", body = PartnerReportList),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a partner token.", body = ApiError),
        (status = 404, description = "`not_found`: not one of the token's venues.", body = ApiError),
    )
)]
pub async fn venue_reports(
    State(state): State<AppState>,
    caller: Caller,
    Path(venue_id): Path<String>,
) -> Result<Json<PartnerReportList>, AppError> {
    let venues = caller.partner_venues()?;
    if !venues.contains(&venue_id) {
        return Err(AppError::not_found());
    }
    let Some(venue) = state.store.venue(&venue_id).await? else {
        return Ok(Json(PartnerReportList { items: Vec::new() }));
    };
    let tz = rules::parse_time_zone(&venue.time_zone)
        .ok_or_else(|| AppError::internal("stored venue time zone"))?;
    let today = rules::local_date(state.clock.now(), tz);
    let since = rules::start_of_local_day(rules::counting_window_start(today), tz);
    let items = state.store.venue_reports(&venue_id, since).await?;
    Ok(Json(PartnerReportList { items }))
}

/// The customer's view of the order's report at `now`.
pub fn customer_view(
    order: &OrderRecord,
    thread: Option<ReportThread>,
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> CustomerProblemReport {
    let open = thread
        .as_ref()
        .filter(|t| t.status.is_open())
        .map(|t| t.report_id.as_str());
    let availability =
        rules::report_availability(order.purchased_at, &order.timing(), open, now, policy);
    CustomerProblemReport {
        order_id: order.order_id.clone(),
        availability,
        report: thread,
    }
}

/// The stored answer of a customer write: the customer's view as JSON.
pub fn customer_answer(
    status: StatusCode,
    order: &OrderRecord,
    thread: &ReportThread,
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> Result<Answer, AppError> {
    let view = customer_view(order, Some(thread.clone()), now, policy);
    Ok((status.as_u16(), to_json(&view)?))
}

/// What makes two customer writes "the same request": what they are, the
/// order, and the body as parsed.
pub fn request_hash<T: Serialize>(
    what: &str,
    order_id: &str,
    body: &T,
) -> Result<String, AppError> {
    Ok(hash_hex(
        format!("{what}\n{order_id}\n{}", to_json(body)?).as_bytes(),
    ))
}

pub fn hash_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::internal(format!("JSON: {e}")))
}
