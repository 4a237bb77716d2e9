//! Feedback submission (R1–R4), exactly once per idempotency key.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use resq_core::api::{ApiError, FeedbackReceipt, SubmitFeedback};
use resq_core::rules::{self, FeedbackPolicy, SubmitRefusal};
use resq_core::validation::{is_valid_identifier, validate_feedback};
use resq_core::{ErrorCode, Feedback};
use sha2::{Digest, Sha256};

use super::error::AppError;
use super::json::ApiJson;
use crate::AppState;
use crate::auth::Caller;
use crate::store::{AcceptedFeedback, FeedbackSubmission, OrderRecord, StoredResponse};

/// The header that makes a submission safe to retry.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Set on a response that replays a stored answer.
pub const IDEMPOTENT_REPLAYED: &str = "idempotent-replayed";

/// Give feedback on your order (customer): a rating, follow-up aspects and
/// an optional comment.
///
/// Send an `Idempotency-Key`; retrying with the same key and body answers
/// with the stored response (and `Idempotent-Replayed: true`).
#[utoipa::path(
    post, path = "/api/v1/orders/{order_id}/feedback", tag = "feedback",
    params(
        ("order_id" = String, Path, description = "The order's id."),
        ("Idempotency-Key" = String, Header, pattern = "^[!-~]{1,128}$", description = "1–128 visible ASCII characters, unique per submission attempt."),
    ),
    request_body = SubmitFeedback,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The feedback was stored (or this is a replay of the stored answer).", body = FeedbackReceipt),
        (status = 400, description = "`missing_idempotency_key`, `invalid_idempotency_key`, `invalid_body` (with `field` when known).", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a customer token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order of this customer.", body = ApiError),
        (status = 409, description = "`feedback_not_open` (with `opens_at`), `feedback_closed`, `feedback_already_submitted`.", body = ApiError),
        (status = 413, description = "`body_too_large`: the body is over 16 KiB.", body = ApiError),
        (status = 415, description = "`unsupported_media_type`: the body is not `application/json`.", body = ApiError),
        (status = 422, description = "`comment_too_long`, `comment_control_character`, `aspects_duplicate` (with `field`); `idempotency_key_reused`: the key was used with a different request.", body = ApiError),
    )
)]
pub async fn submit_feedback(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
    headers: HeaderMap,
    ApiJson(submission): ApiJson<SubmitFeedback>,
) -> Result<Response, AppError> {
    let customer_id = caller.customer()?;
    let key = idempotency_key(&headers)?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let feedback = validate_feedback(&submission)?;
    let request_hash = request_hash(&order_id, &submission)?;

    // The rules run in the writer's batch, after this request has queued.
    let (clock, policy) = (state.clock.clone(), state.policy);
    let stored = state
        .store
        .submit_feedback(
            FeedbackSubmission {
                customer_id,
                order_id: &order_id,
                idempotency_key: key,
                request_hash: &request_hash,
            },
            move |order| accept(clock.now(), &policy, order, feedback),
        )
        .await?;
    after_write(&state, stored).await
}

/// After a customer write: publish its live events (unless replayed) and
/// answer with the stored response.
pub async fn after_write(state: &AppState, stored: StoredResponse) -> Result<Response, AppError> {
    if !stored.replayed {
        state.live.after_commit(&state.store).await;
    }
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() =
        StatusCode::from_u16(stored.status).map_err(|_| AppError::internal("stored status"))?;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if stored.replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// R1 + R2 on the order as stored (inside the write transaction): accepts
/// the feedback at `now` with the answer to send, or refuses it.
pub fn accept(
    now: DateTime<Utc>,
    policy: &FeedbackPolicy,
    order: &OrderRecord,
    feedback: Feedback,
) -> Result<AcceptedFeedback, AppError> {
    rules::check_feedback_submission(&order.timing(), order.feedback.is_some(), now, policy)
        .map_err(|refusal| match refusal {
            SubmitRefusal::NotOpen { opens_at } => AppError::FeedbackNotOpen { opens_at },
            SubmitRefusal::Closed { .. } => AppError::code(ErrorCode::FeedbackClosed),
            SubmitRefusal::AlreadySubmitted => AppError::code(ErrorCode::FeedbackAlreadySubmitted),
        })?;
    let receipt = FeedbackReceipt {
        order_id: order.order_id.clone(),
        feedback: feedback.clone(),
    };
    Ok(AcceptedFeedback {
        feedback,
        rated_on: rules::local_date(now, order.time_zone),
        submitted_at: now,
        status: StatusCode::CREATED.as_u16(),
        response_body: serde_json::to_string(&receipt)
            .map_err(|e| AppError::internal(format!("receipt JSON: {e}")))?,
    })
}

/// The `Idempotency-Key`: required, 1–128 visible ASCII characters.
pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<&str, AppError> {
    let value = headers
        .get(IDEMPOTENCY_KEY)
        .ok_or_else(|| AppError::code(ErrorCode::MissingIdempotencyKey))?;
    let invalid = || AppError::code(ErrorCode::InvalidIdempotencyKey);
    let key = value.to_str().map_err(|_| invalid())?;
    if (1..=128).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) {
        Ok(key)
    } else {
        Err(invalid())
    }
}

/// What makes two submissions "the same request": the order and the body as
/// parsed (so key order and white space between JSON tokens do not matter).
pub fn request_hash(order_id: &str, submission: &SubmitFeedback) -> Result<String, AppError> {
    let body = serde_json::to_string(submission)
        .map_err(|e| AppError::internal(format!("request JSON: {e}")))?;
    let digest = Sha256::digest(format!("{order_id}\n{body}").as_bytes());
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use resq_core::{Aspect, Rating};

    fn headers(key: Option<&'static str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(k) = key {
            h.insert(IDEMPOTENCY_KEY, HeaderValue::from_static(k));
        }
        h
    }

    #[test]
    fn the_idempotency_key_is_required_and_visible_ascii() {
        assert_eq!(
            idempotency_key(&headers(Some("abc-123"))).unwrap(),
            "abc-123"
        );
        let code = |h| idempotency_key(&h).unwrap_err().error_code();
        assert_eq!(code(headers(None)), ErrorCode::MissingIdempotencyKey);
        assert_eq!(code(headers(Some("a b"))), ErrorCode::InvalidIdempotencyKey);
        assert_eq!(code(headers(Some(""))), ErrorCode::InvalidIdempotencyKey);
        let long: &'static str = "k".repeat(129).leak();
        assert_eq!(code(headers(Some(long))), ErrorCode::InvalidIdempotencyKey);
    }

    #[test]
    fn the_same_submission_for_another_order_is_another_request() {
        let s = SubmitFeedback {
            rating: Rating::Good,
            aspects: vec![Aspect::Taste],
            comment: None,
        };
        assert_eq!(
            request_hash("o1", &s).unwrap(),
            request_hash("o1", &s).unwrap()
        );
        assert_ne!(
            request_hash("o1", &s).unwrap(),
            request_hash("o2", &s).unwrap()
        );
    }
}
