//! "Ask ResQ to contact this customer" (R7): the venue writes about a
//! review; customer service sees who to contact. The venue never does.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use resq_core::api::ApiError;
use resq_core::contact::{
    ContactRequestReceipt, RequestContact, StaffContactRequestList, validate_contact_message,
};
use resq_core::rules;
use resq_core::validation::is_valid_identifier;

use super::error::AppError;
use super::json::ApiJson;
use crate::AppState;
use crate::auth::Caller;

/// How many requests the staff list shows.
pub const STAFF_LIST_LIMIT: u32 = 200;

/// Ask ResQ to contact the customer behind one of your reviews (partner).
///
/// Customer service receives the message with the review and reaches the
/// customer; the answer names the review only (R7).
#[utoipa::path(
    post, path = "/api/v1/venues/{venue_id}/reviews/{review_id}/contact-requests", tag = "venues",
    params(
        ("venue_id" = String, Path, description = "One of the token's venues."),
        ("review_id" = String, Path, description = "A review on the venue's Feedback page."),
    ),
    request_body = RequestContact,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Customer service has the request.", body = ContactRequestReceipt),
        (status = 400, description = "`invalid_body` (with `field` when known).", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a partner token.", body = ApiError),
        (status = 404, description = "`not_found`: not one of the token's venues, or no such review on its Feedback page.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`message_required`, `message_too_long`, `text_control_character` (with `field` `message`).", body = ApiError),
    )
)]
pub async fn request_contact(
    State(state): State<AppState>,
    caller: Caller,
    Path((venue_id, review_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<RequestContact>,
) -> Result<(StatusCode, Json<ContactRequestReceipt>), AppError> {
    caller.partner_of(&venue_id)?;
    if !is_valid_identifier(&review_id) {
        return Err(AppError::not_found());
    }
    let message = validate_contact_message(&request.message)?;
    let venue = state
        .store
        .venue(&venue_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let tz = rules::parse_time_zone(&venue.time_zone)
        .ok_or_else(|| AppError::internal("stored venue time zone"))?;
    let now = state.clock.now();
    let from = rules::counting_window_start(rules::local_date(now, tz));
    let receipt = state
        .store
        .request_contact(&venue_id, &review_id, from, &message, now)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok((StatusCode::CREATED, Json(receipt)))
}

/// Venues' requests to contact a customer, newest first (staff), with the
/// order and the customer to reach.
#[utoipa::path(
    get, path = "/api/v1/staff/contact-requests", tag = "customer service",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The newest 200 requests.", body = StaffContactRequestList),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
    )
)]
pub async fn staff_contact_requests(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<StaffContactRequestList>, AppError> {
    caller.staff()?;
    let items = state.store.contact_requests(STAFF_LIST_LIMIT).await?;
    Ok(Json(StaffContactRequestList { items }))
}
