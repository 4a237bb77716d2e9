//! Venues: the partner's review list (R6–R8, R13) and the public rating
//! (R12, R13).

use axum::Json;
use axum::extract::{Path, Query, State};
use resq_core::api::{ApiError, PartnerReviewPage, PublicRating, PublicRatingStatus};
use resq_core::{Aspect, ErrorCode, Rating, rules, schema};
use serde::Deserialize;

use super::error::AppError;
use crate::AppState;
use crate::auth::Caller;
use crate::store::{ReviewCursor, ReviewFilter};

pub const DEFAULT_PAGE_SIZE: u32 = 20;
pub const MAX_PAGE_SIZE: u32 = 100;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewListQuery {
    /// Reviews per page, 1–100 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    limit: Option<String>,
    /// The `next_cursor` of the previous page (keep the same filters).
    cursor: Option<String>,
    /// Only these ratings, comma separated: `good`, `ok`, `bad`.
    #[param(schema_with = rating_list, example = "ok,bad")]
    rating: Option<String>,
    /// Only reviews with any of these aspects, comma separated: `size`,
    /// `price`, `service`, `description`, `taste`.
    #[param(schema_with = aspect_list, example = "taste")]
    aspect: Option<String>,
    /// `true`: only reviews with a comment; `false`: only without.
    #[param(value_type = Option<bool>)]
    has_comment: Option<String>,
}

fn rating_list() -> utoipa::openapi::schema::Schema {
    let names = Rating::ALL.map(Rating::as_str);
    schema::pattern(
        schema::comma_list_pattern(&names),
        "Only these ratings, comma separated: `good`, `ok`, `bad`.",
    )
}

fn aspect_list() -> utoipa::openapi::schema::Schema {
    let names = Aspect::ALL.map(Aspect::as_str);
    schema::pattern(
        schema::comma_list_pattern(&names),
        "Only reviews with any of these aspects, comma separated: `size`, `price`, `service`, `description`, `taste`.",
    )
}

impl ReviewListQuery {
    /// The filters, validated: an unknown value is `invalid_field` naming
    /// the parameter.
    fn filter(&self) -> Result<ReviewFilter, AppError> {
        fn list<T>(
            text: Option<&str>,
            field: &str,
            parse: fn(&str) -> Option<T>,
        ) -> Result<Vec<T>, AppError> {
            let Some(text) = text else {
                return Ok(Vec::new());
            };
            text.split(',')
                .map(|name| {
                    parse(name.trim())
                        .ok_or_else(|| AppError::field(ErrorCode::InvalidField, field))
                })
                .collect()
        }
        Ok(ReviewFilter {
            ratings: list(self.rating.as_deref(), "rating", Rating::parse)?,
            aspects: list(self.aspect.as_deref(), "aspect", Aspect::parse)?,
            has_comment: match self.has_comment.as_deref() {
                None => None,
                Some("true") => Some(true),
                Some("false") => Some(false),
                Some(_) => return Err(AppError::field(ErrorCode::InvalidField, "has_comment")),
            },
        })
    }
}

/// Your venue's feedback of the last two months, newest first (partner).
///
/// Anonymous: purchase date, products, rating, aspects and comment; never a
/// customer, an order id or a submission time (R7).
#[utoipa::path(
    get, path = "/api/v1/venues/{venue_id}/feedback", tag = "venues",
    params(("venue_id" = String, Path, description = "One of the token's venues."), ReviewListQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of reviews given in the counting window.", body = PartnerReviewPage),
        (status = 400, description = "`invalid_cursor`: the cursor was not given by this endpoint.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a partner token.", body = ApiError),
        (status = 404, description = "`not_found`: not one of the token's venues.", body = ApiError),
        (status = 422, description = "`invalid_field`: `field` is `limit` (not 1–100), `rating`, `aspect`, `has_comment` (an unknown value) or `query` (malformed query string).", body = ApiError),
    )
)]
pub async fn list_reviews(
    State(state): State<AppState>,
    caller: Caller,
    Path(venue_id): Path<String>,
    query: Result<Query<ReviewListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PartnerReviewPage>, AppError> {
    let venues = caller.partner_venues()?;
    if !venues.contains(&venue_id) {
        return Err(AppError::not_found());
    }
    let Query(query) = query.map_err(|_| AppError::field(ErrorCode::InvalidField, "query"))?;
    let limit = match query.limit.as_deref() {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
            .ok_or_else(|| AppError::field(ErrorCode::InvalidField, "limit"))?,
    };
    let after = query
        .cursor
        .as_deref()
        .map(ReviewCursor::decode)
        .transpose()?;
    let filter = query.filter()?;
    // A venue the marketplace has not told us about yet has no reviews.
    let Some(venue) = state.store.venue(&venue_id).await? else {
        return Ok(Json(PartnerReviewPage {
            items: Vec::new(),
            next_cursor: None,
        }));
    };
    let tz = rules::parse_time_zone(&venue.time_zone)
        .ok_or_else(|| AppError::internal("stored venue time zone"))?;
    let today = rules::local_date(state.clock.now(), tz);
    let page = state
        .store
        .review_page(
            &venue_id,
            rules::counting_window_start(today),
            today,
            after,
            limit,
            &filter,
        )
        .await?;
    Ok(Json(PartnerReviewPage {
        items: page.items,
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

/// A venue's public rating (no token): counts of good / OK / bad ratings of
/// the last two months, shown only from five ratings on (R12, R13).
#[utoipa::path(
    get, path = "/api/v1/venues/{venue_id}/rating", tag = "venues",
    params(("venue_id" = String, Path, description = "The venue's id.")),
    responses(
        (status = 200, description = "`public` with counts, or `not_enough_ratings` without.", body = PublicRating),
        (status = 404, description = "`not_found`: no such venue.", body = ApiError),
    )
)]
pub async fn public_rating(
    State(state): State<AppState>,
    Path(venue_id): Path<String>,
) -> Result<Json<PublicRating>, AppError> {
    let venue = state
        .store
        .venue(&venue_id)
        .await?
        .ok_or_else(AppError::not_found)?;
    let tz = rules::parse_time_zone(&venue.time_zone)
        .ok_or_else(|| AppError::internal("stored venue time zone"))?;
    let today = rules::local_date(state.clock.now(), tz);
    let counts = state
        .store
        .rating_counts(&venue_id, rules::counting_window_start(today), today)
        .await?;
    let public = rules::rating_is_public(counts.total());
    Ok(Json(PublicRating {
        venue_id: venue.id,
        status: if public {
            PublicRatingStatus::Public
        } else {
            PublicRatingStatus::NotEnoughRatings
        },
        counts: public.then_some(counts),
    }))
}
