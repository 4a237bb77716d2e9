//! What every request passes before and after its handler: a limit on the
//! size of its headers, and error answers that are always an `ApiError`
//! (axum's own extractor rejections are plain text).

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use resq_core::ErrorCode;

use super::error::{api_error, status_of};

/// The most header bytes (names and values) a request may carry. A token is
/// well under 1 KiB; this leaves room for a browser's usual headers. Above
/// hyper's own limit (about 400 KiB, or more than 100 headers) hyper
/// answers 431 itself, without a body.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Refuses a request whose headers are over [`MAX_HEADER_BYTES`] with 431
/// `headers_too_large`, before any extractor reads them.
pub async fn limit_headers(request: Request, next: Next) -> Response {
    let size: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if size > MAX_HEADER_BYTES {
        return refusal(ErrorCode::HeadersTooLarge);
    }
    next.run(request).await
}

/// Every refusal of the API is JSON. Our handlers and extractors answer
/// with `AppError`; the only plain-text refusals left come from axum's
/// `Path` extractor (a path segment that is not UTF-8), which cannot name
/// a resource: that is a 404 `not_found`, like any other malformed id.
pub async fn json_refusals(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) || is_json(&response) {
        return response;
    }
    let code = match status {
        StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => ErrorCode::HeadersTooLarge,
        _ if status.is_server_error() => ErrorCode::Internal,
        _ => return response,
    };
    tracing::debug!(%status, %code, "plain-text refusal answered as an ApiError");
    let mut answer = refusal(code);
    // Keep what the refusal said besides its body (e.g. `Retry-After`).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

fn refusal(code: ErrorCode) -> Response {
    (status_of(code), Json(api_error(code))).into_response()
}
