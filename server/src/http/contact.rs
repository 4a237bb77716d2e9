//! "Ask ResQ to contact this customer" (R7): the venue writes about a
//! review or a problem report; customer service sees who to contact and
//! marks the request handled. The venue never sees the customer.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use resq_core::ErrorCode;
use resq_core::api::ApiError;
use resq_core::contact::{
    ContactRequestReceipt, ContactRequestStatus, ContactSubject, RequestContact,
    StaffContactRequest, StaffContactRequestList, validate_contact_message,
};
use resq_core::rules;
use resq_core::validation::is_valid_identifier;
use serde::Deserialize;

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
    let about = ContactSubject::Review { review_id };
    ask_resq(&state, &caller, &venue_id, about, &request).await
}

/// Ask ResQ to contact the customer behind one of your problem reports
/// (partner).
///
/// Customer service receives the message with the report and reaches the
/// customer; the answer names the report only (R7).
#[utoipa::path(
    post, path = "/api/v1/venues/{venue_id}/reports/{report_id}/contact-requests", tag = "venues",
    params(
        ("venue_id" = String, Path, description = "One of the token's venues."),
        ("report_id" = String, Path, description = "A problem report on the venue's Feedback page."),
    ),
    request_body = RequestContact,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Customer service has the request.", body = ContactRequestReceipt),
        (status = 400, description = "`invalid_body` (with `field` when known).", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a partner token.", body = ApiError),
        (status = 404, description = "`not_found`: not one of the token's venues, or no such report on its Feedback page.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`message_required`, `message_too_long`, `text_control_character` (with `field` `message`).", body = ApiError),
    )
)]
pub async fn request_contact_about_report(
    State(state): State<AppState>,
    caller: Caller,
    Path((venue_id, report_id)): Path<(String, String)>,
    ApiJson(request): ApiJson<RequestContact>,
) -> Result<(StatusCode, Json<ContactRequestReceipt>), AppError> {
    let about = ContactSubject::Report { report_id };
    ask_resq(&state, &caller, &venue_id, about, &request).await
}

/// Stores the partner's request about a review or report its Feedback page
/// shows (the counting window); anything else does not exist for it (R6).
async fn ask_resq(
    state: &AppState,
    caller: &Caller,
    venue_id: &str,
    about: ContactSubject,
    request: &RequestContact,
) -> Result<(StatusCode, Json<ContactRequestReceipt>), AppError> {
    caller.partner_of(venue_id)?;
    let (ContactSubject::Review { review_id: id } | ContactSubject::Report { report_id: id }) =
        &about;
    if !is_valid_identifier(id) {
        return Err(AppError::not_found());
    }
    let message = validate_contact_message(&request.message)?;
    let venue = state
        .store
        .venue(venue_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let tz = rules::parse_time_zone(&venue.time_zone)
        .ok_or_else(|| AppError::internal("stored venue time zone"))?;
    let now = state.clock.now();
    let from = rules::counting_window_start(rules::local_date(now, tz));
    let since = rules::start_of_local_day(from, tz);
    let receipt = state
        .store
        .request_contact(venue_id, &about, (from, since), &message, now)
        .await?
        .ok_or_else(AppError::not_found)?;
    state.live.after_commit(&state.store).await;
    Ok((StatusCode::CREATED, Json(receipt)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactListQuery {
    /// `all` (the default), `open` or `handled`.
    #[param(schema_with = contact_status)]
    status: Option<String>,
}

fn contact_status() -> utoipa::openapi::schema::Schema {
    let statuses = ContactRequestStatus::ALL.map(ContactRequestStatus::as_str);
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(["all"].into_iter().chain(statuses)))
        .description(Some("`all` (the default), `open` or `handled`."))
        .build()
        .into()
}

/// Venues' requests to contact a customer (staff), with the review or
/// report each names, the order and the customer to reach: open ones
/// first, each group newest first.
#[utoipa::path(
    get, path = "/api/v1/staff/contact-requests", tag = "customer service",
    params(ContactListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "At most 200 requests matching the filter.", body = StaffContactRequestList),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 422, description = "`invalid_field`: `field` is `status` or `query`.", body = ApiError),
    )
)]
pub async fn staff_contact_requests(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ContactListQuery>, QueryRejection>,
) -> Result<Json<StaffContactRequestList>, AppError> {
    caller.staff()?;
    let Query(query) = query.map_err(|_| AppError::field(ErrorCode::InvalidField, "query"))?;
    let status = match query.status.as_deref() {
        None | Some("all") => None,
        Some(name) => Some(
            ContactRequestStatus::parse(name)
                .ok_or_else(|| AppError::field(ErrorCode::InvalidField, "status"))?,
        ),
    };
    let items = state
        .store
        .contact_requests(status, STAFF_LIST_LIMIT)
        .await?;
    Ok(Json(StaffContactRequestList { items }))
}

/// Mark a contact request handled (staff): the customer was reached, or
/// nothing more will be done. Marking it again changes nothing.
#[utoipa::path(
    post, path = "/api/v1/staff/contact-requests/{request_id}/handled", tag = "customer service",
    params(("request_id" = String, Path, description = "The request's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The request, handled (when and by whom it was first marked).", body = StaffContactRequest),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such request.", body = ApiError),
    )
)]
pub async fn mark_handled(
    State(state): State<AppState>,
    caller: Caller,
    Path(request_id): Path<String>,
) -> Result<Json<StaffContactRequest>, AppError> {
    caller.staff()?;
    if !is_valid_identifier(&request_id) {
        return Err(AppError::not_found());
    }
    let request = state
        .store
        .mark_contact_handled(&request_id, &caller.0.sub, state.clock.now())
        .await?
        .ok_or_else(AppError::not_found)?;
    state.live.after_commit(&state.store).await;
    Ok(Json(request))
}
