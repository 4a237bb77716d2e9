//! Orders: the marketplace registers them, the customer reads theirs, and
//! the marketplace, the customer or the venue marks them picked up (R1).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use resq_core::api::{ApiError, OrderView, PickupMarked, RegisterOrder};
use resq_core::order::PickupMarkedBy;
use resq_core::rules::{self, FeedbackPolicy};
use resq_core::validation::{is_valid_identifier, validate_order};

use super::error::AppError;
use super::json::ApiJson;
use crate::AppState;
use crate::auth::Caller;
use crate::store::{OrderRecord, OrderScope, Registration};

/// Register an order (marketplace backend only).
///
/// Registering the same order again answers 200 and changes nothing.
#[utoipa::path(
    post, path = "/api/v1/orders", tag = "orders",
    request_body = RegisterOrder,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The order was registered.", body = OrderView),
        (status = 200, description = "The same order was already registered; nothing changed.", body = OrderView),
        (status = 400, description = "`invalid_body`: malformed JSON, unknown field or wrong type.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a service token.", body = ApiError),
        (status = 409, description = "`order_conflict`: this order id is registered with different details.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`invalid_identifier`, `invalid_time_zone`, `invalid_products`, `invalid_pickup_window`, `invalid_field` (with `field`).", body = ApiError),
    )
)]
pub async fn register_order(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<RegisterOrder>,
) -> Result<(StatusCode, Json<OrderView>), AppError> {
    caller.service()?;
    let time_zone = validate_order(&request).map_err(|e| AppError::field(e.code, e.field))?;
    let (status, record) = match state.store.register_order(&request, time_zone).await? {
        Registration::Created(record) => (StatusCode::CREATED, record),
        Registration::AlreadyRegistered(record) => (StatusCode::OK, record),
    };
    Ok((
        status,
        Json(order_view(record, state.clock.now(), &state.policy)),
    ))
}

/// Read one of your orders with its feedback state (customer).
#[utoipa::path(
    get, path = "/api/v1/orders/{order_id}", tag = "orders",
    params(("order_id" = String, Path, description = "The order's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The order and its feedback state, computed now.", body = OrderView),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a customer token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order of this customer.", body = ApiError),
    )
)]
pub async fn read_order(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
) -> Result<Json<OrderView>, AppError> {
    let customer = caller.customer()?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let record = state
        .store
        .order(&order_id, OrderScope::Customer(customer))
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(order_view(record, state.clock.now(), &state.policy)))
}

/// Mark an order picked up (R1): the marketplace (any order), the customer
/// (own order) or the venue (its orders). The first mark wins; repeating it
/// changes nothing.
#[utoipa::path(
    post, path = "/api/v1/orders/{order_id}/pickup", tag = "orders",
    params(("order_id" = String, Path, description = "The order's id.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The order is marked picked up (now or before).", body = PickupMarked),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order within the token's scope.", body = ApiError),
    )
)]
pub async fn mark_picked_up(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
) -> Result<Json<PickupMarked>, AppError> {
    let by = caller.pickup_marker()?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let scope = match by {
        PickupMarkedBy::Marketplace => OrderScope::Any,
        PickupMarkedBy::Customer => OrderScope::Customer(caller.customer()?),
        PickupMarkedBy::Venue => OrderScope::Venues(caller.partner_venues()?),
    };
    let outcome = state
        .store
        .mark_picked_up(&order_id, scope, state.clock.now(), by)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(Json(PickupMarked {
        picked_up: outcome.mark,
        already_marked: outcome.already_marked,
    }))
}

/// The customer's view of an order, with its feedback state at `now` (R1).
pub fn order_view(record: OrderRecord, now: DateTime<Utc>, policy: &FeedbackPolicy) -> OrderView {
    let feedback = rules::feedback_state(&record.timing(), record.feedback.as_ref(), now, policy);
    OrderView {
        purchase_date: rules::local_date(record.purchased_at, record.time_zone),
        order_id: record.order_id,
        venue: record.venue,
        products: record.products,
        purchased_at: record.purchased_at,
        pickup_window: record.pickup_window,
        picked_up: record.picked_up,
        feedback,
    }
}
