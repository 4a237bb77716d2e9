//! Live streams (R5, R10) as Server-Sent Events: a venue's events for its
//! partner, every staff event for customer service. See [`crate::live`].
//!
//! Browsers read these with `fetch` and a `ReadableStream` (so the bearer
//! token goes in the `Authorization` header, which `EventSource` cannot
//! send); a reconnecting reader passes the last id it saw as the
//! `Last-Event-ID` header or the `last_event_id` query parameter.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use resq_core::ErrorCode;
use serde::Deserialize;

use super::error::AppError;
use crate::AppState;
use crate::auth::Caller;
use crate::live::{Audience, EventTail};

/// How often an idle stream sends a comment, so proxies keep it open and a
/// reader notices a dead connection.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamQuery {
    /// Resume after this event id (instead of the `Last-Event-ID` header).
    #[param(value_type = Option<i64>, minimum = 0)]
    last_event_id: Option<String>,
}

/// Your venue's live events (partner): new reviews and problem-report
/// changes, anonymous (R5, R7).
///
/// `text/event-stream`: each event has `id` (increasing), `event`
/// (`review_submitted` with a `PartnerReview` as `data`, `report_changed`)
/// and `data` (JSON). With `Last-Event-ID` (header or query) every stored
/// event after that id is sent first, then live ones, without gaps or
/// duplicates. Idle streams get a comment every 15 s.
#[utoipa::path(
    get, path = "/api/v1/venues/{venue_id}/events", tag = "live",
    params(
        ("venue_id" = String, Path, description = "One of the token's venues."),
        ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event id."),
        StreamQuery,
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The event stream.", content_type = "text/event-stream", body = String),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = resq_core::api::ApiError),
        (status = 403, description = "`forbidden`: not a partner token.", body = resq_core::api::ApiError),
        (status = 404, description = "`not_found`: not one of the token's venues.", body = resq_core::api::ApiError),
        (status = 422, description = "`invalid_field`: `field` is `last_event_id` (not a non-negative integer) or `query`.", body = resq_core::api::ApiError),
    )
)]
pub async fn venue_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(venue_id): Path<String>,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    caller.partner_of(&venue_id)?;
    let last = last_event_id(&headers, query)?;
    stream(&state, &caller, Audience::Venue(venue_id), last).await
}

/// Every staff event (customer service): problem reports as they are opened
/// and change (R10, `report_changed` with a `StaffReportSummary`), and
/// venues' contact requests as they arrive and are handled (R7,
/// `contact_request_changed` with a `ContactRequestChange`). Same stream
/// format and resumption as the venue stream.
#[utoipa::path(
    get, path = "/api/v1/staff/events", tag = "live",
    params(
        ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event id."),
        StreamQuery,
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The event stream.", content_type = "text/event-stream", body = String),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = resq_core::api::ApiError),
        (status = 403, description = "`forbidden`: not a staff token.", body = resq_core::api::ApiError),
        (status = 422, description = "`invalid_field`: `field` is `last_event_id` (not a non-negative integer) or `query`.", body = resq_core::api::ApiError),
    )
)]
pub async fn staff_events(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    query: Result<Query<StreamQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    caller.staff()?;
    let last = last_event_id(&headers, query)?;
    stream(&state, &caller, Audience::Staff, last).await
}

async fn stream(
    state: &AppState,
    caller: &Caller,
    audience: Audience,
    last: Option<i64>,
) -> Result<Response, AppError> {
    let tail = state.live.tail(&state.store, audience, last).await?;
    // The stream ends when the token expires: the reader reconnects and is
    // refused (401) instead of listening on with a dead token.
    let valid_for = (caller.0.exp - state.clock.now().timestamp()).max(0);
    let expires = tokio::time::Instant::now() + Duration::from_secs(valid_for.unsigned_abs());
    let mut response = Sse::new(events(tail, expires))
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive"))
        .into_response();
    // Tell buffering proxies (nginx) to pass events through at once.
    response.headers_mut().insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    Ok(response)
}

/// The tail as SSE events, until `expires`. A storage failure mid-stream
/// ends the stream; the reader reconnects with its last id and misses nothing.
fn events(
    tail: EventTail,
    expires: tokio::time::Instant,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(Some(tail), move |tail| async move {
        let mut tail = tail?;
        let next = tokio::select! {
            next = tail.next() => next,
            () = tokio::time::sleep_until(expires) => return None,
        };
        match next {
            Ok(Some(event)) => {
                let sse = Event::default()
                    .id(event.id.to_string())
                    .event(event.kind.as_str())
                    .data(event.payload);
                Some((Ok(sse), Some(tail)))
            }
            Ok(None) => None,
            Err(e) => {
                tracing::warn!(error = ?e, "live stream ended on a storage failure");
                None
            }
        }
    })
}

/// The resume position: `Last-Event-ID` header, else `last_event_id` query.
fn last_event_id(
    headers: &HeaderMap,
    query: Result<Query<StreamQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Option<i64>, AppError> {
    let Query(query) = query.map_err(|_| AppError::field(ErrorCode::InvalidField, "query"))?;
    let header = headers
        .get("last-event-id")
        .map(|v| v.to_str().unwrap_or("!"));
    let Some(text) = header.or(query.last_event_id.as_deref()) else {
        return Ok(None);
    };
    let text = text.trim();
    // An empty Last-Event-ID is what EventSource sends before any id: start fresh.
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .ok()
        .filter(|id| *id >= 0)
        .map(Some)
        .ok_or_else(|| AppError::field(ErrorCode::InvalidField, "last_event_id"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn resume(header: Option<&'static str>, query: Option<&str>) -> Result<Option<i64>, AppError> {
        let mut headers = HeaderMap::new();
        if let Some(h) = header {
            headers.insert("last-event-id", HeaderValue::from_static(h));
        }
        let query = StreamQuery {
            last_event_id: query.map(str::to_owned),
        };
        last_event_id(&headers, Ok(Query(query)))
    }

    #[test]
    fn the_header_wins_over_the_query_and_both_are_optional() {
        assert_eq!(resume(None, None).unwrap(), None);
        assert_eq!(resume(Some("7"), None).unwrap(), Some(7));
        assert_eq!(resume(None, Some("9")).unwrap(), Some(9));
        assert_eq!(resume(Some("7"), Some("9")).unwrap(), Some(7));
        assert_eq!(resume(Some(""), None).unwrap(), None);
    }

    #[test]
    fn a_resume_position_is_a_non_negative_integer() {
        for bad in [Some("x"), Some("-1"), Some("1.5")] {
            let e = resume(bad, None).unwrap_err();
            assert_eq!(e.error_code(), ErrorCode::InvalidField);
        }
        assert!(resume(None, Some("abc")).is_err());
    }
}
