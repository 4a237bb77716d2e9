//! The venue summary (R8, R12, R13): what the Feedback page shows above the
//! list. Answered from the kept per-day counts and the window's aspects.

use axum::Json;
use axum::extract::{Path, State};
use resq_core::api::{ApiError, RatingCounts};
use resq_core::rules;
use resq_core::summary::{VenueSummary, aspects_by_rating, next_expiry, weekly_counts};

use super::error::AppError;
use crate::AppState;
use crate::auth::Caller;

/// Your venue's feedback at a glance (partner): counts of good / OK / bad in
/// the last two months, aspects per rating, a weekly trend, whether
/// customers see the rating (R12) and when the oldest counting ratings
/// drop out (R13).
#[utoipa::path(
    get, path = "/api/v1/venues/{venue_id}/summary", tag = "venues",
    params(("venue_id" = String, Path, description = "One of the token's venues.")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The summary of the counting window.", body = VenueSummary),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a partner token.", body = ApiError),
        (status = 404, description = "`not_found`: not one of the token's venues, or a venue without orders yet.", body = ApiError),
    )
)]
pub async fn venue_summary(
    State(state): State<AppState>,
    caller: Caller,
    Path(venue_id): Path<String>,
) -> Result<Json<VenueSummary>, AppError> {
    caller.partner_of(&venue_id)?;
    let venue = state
        .store
        .venue(&venue_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let tz = rules::parse_time_zone(&venue.time_zone)
        .ok_or_else(|| AppError::internal("stored venue time zone"))?;
    let today = rules::local_date(state.clock.now(), tz);
    let from = rules::counting_window_start(today);
    let daily = state.store.daily_ratings(&venue_id, from, today).await?;
    let aspects = state.store.aspect_counts(&venue_id, from, today).await?;
    let mut counts = RatingCounts::default();
    for (_, rating, n) in &daily {
        counts.add(*rating, *n);
    }
    Ok(Json(VenueSummary {
        venue_id: venue.id,
        venue_name: venue.name,
        today,
        window_start: from,
        counts,
        public: rules::rating_is_public(counts.total()),
        ratings_until_public: rules::ratings_until_public(counts.total()),
        next_expiry: next_expiry(&daily, today),
        aspects: aspects_by_rating(&aspects),
        weekly: weekly_counts(&daily, from, today),
    }))
}
