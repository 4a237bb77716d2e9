//! R11 quality sampling (staff): the day's reproducible sample of reviews,
//! and marking each read, optionally flagged for follow-up.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use resq_core::ErrorCode;
use resq_core::api::ApiError;
use resq_core::report::validate_note;
use resq_core::sampling::{
    DailySample, MarkSampleRead, SampleCandidate, SampleRead, Stratum, choose_sample,
};
use resq_core::validation::is_valid_identifier;
use serde::Deserialize;

use super::error::AppError;
use super::json::ApiJson;
use crate::AppState;
use crate::auth::Caller;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SampleQuery {
    /// The day the reviews were given (venue-local), `YYYY-MM-DD`.
    #[param(value_type = String, format = Date, example = "2026-03-10")]
    date: Option<String>,
}

/// The quality sample of one day's reviews (staff, R11).
///
/// Reproducible: the same day and reviews give the same sample. Bad ratings
/// with a comment get up to 40% of the places whatever their share of the
/// day. Problem reports are not sampled (staff read every one).
#[utoipa::path(
    get, path = "/api/v1/staff/samples", tag = "quality sampling",
    params(SampleQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The day's sample, bad ratings with a comment first.", body = DailySample),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 422, description = "`invalid_field`: `field` is `date` (missing or not `YYYY-MM-DD`) or `query`.", body = ApiError),
    )
)]
pub async fn daily_sample(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<SampleQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<DailySample>, AppError> {
    caller.staff()?;
    let Query(query) = query.map_err(|_| AppError::field(ErrorCode::InvalidField, "query"))?;
    let day = query
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidField, "date"))?;
    Ok(Json(sample_of(&state, day).await?))
}

async fn sample_of(state: &AppState, day: NaiveDate) -> Result<DailySample, AppError> {
    let reviews = state.store.reviews_of_day(day).await?;
    let candidates: Vec<SampleCandidate<'_>> = reviews
        .iter()
        .map(|r| SampleCandidate {
            review_id: &r.review_id,
            rating: r.rating,
            has_comment: r.comment.is_some(),
        })
        .collect();
    let chosen = choose_sample(day, &candidates, state.sample_size);
    let population_bad_with_comment = reviews
        .iter()
        .filter(|r| r.stratum == Stratum::BadWithComment)
        .count();
    let population = reviews.len();
    let mut slots: Vec<Option<_>> = reviews.into_iter().map(Some).collect();
    let items = chosen
        .iter()
        .filter_map(|i| slots.get_mut(*i)?.take())
        .collect();
    Ok(DailySample {
        date: day,
        population: u32::try_from(population).unwrap_or(u32::MAX),
        population_bad_with_comment: u32::try_from(population_bad_with_comment).unwrap_or(u32::MAX),
        items,
    })
}

/// Mark a sampled review read, optionally flagged for follow-up with a note
/// (staff, R11). Marking again replaces the reading.
#[utoipa::path(
    post, path = "/api/v1/staff/samples/{review_id}/read", tag = "quality sampling",
    params(("review_id" = String, Path, description = "A review in its day's sample.")),
    request_body = MarkSampleRead,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The reading as stored.", body = SampleRead),
        (status = 400, description = "`invalid_body` (with `field` when known).", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = ApiError),
        (status = 404, description = "`not_found`: no such review in its day's sample.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`note_too_long`, `text_control_character` (with `field` `note`).", body = ApiError),
    )
)]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    Path(review_id): Path<String>,
    ApiJson(mark): ApiJson<MarkSampleRead>,
) -> Result<Json<SampleRead>, AppError> {
    caller.staff()?;
    if !is_valid_identifier(&review_id) {
        return Err(AppError::not_found());
    }
    let note = validate_note(mark.note.as_deref())?;
    let day = state
        .store
        .review_day(&review_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let sample = sample_of(&state, day).await?;
    if !sample.items.iter().any(|r| r.review_id == review_id) {
        return Err(AppError::not_found());
    }
    let read = state
        .store
        .mark_sample_read(
            &review_id,
            mark.flag,
            note.as_deref(),
            &caller.0.sub,
            state.clock.now(),
        )
        .await?;
    Ok(Json(read))
}
