//! Photos of problem reports (R9): the customer uploads JPEG, PNG or WebP up
//! to 5 MiB (this route alone accepts bodies that large); the type is taken
//! from the bytes, never from the sender. A photo is served only to the
//! report's customer, its venue's partner and staff, with the sniffed
//! `Content-Type`, `Content-Disposition: inline` and `nosniff`.

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use resq_core::ErrorCode;
use resq_core::api::{ApiError, ReportPhoto};
use resq_core::report::{PHOTO_MAX_BYTES, PhotoType, sniff_photo};
use resq_core::validation::is_valid_identifier;

use super::error::AppError;
use super::feedback::after_write;
use super::feedback::idempotency_key;
use super::reports::hash_hex;
use crate::AppState;
use crate::auth::{Caller, Role};
use crate::store::{CustomerAddition, IdempotentRequest, PhotoAudience};

/// Attach a photo to your order's open problem report (customer).
///
/// The body is the image itself (`Content-Type: image/jpeg`, `image/png` or
/// `image/webp`; `application/octet-stream` or none lets the bytes decide).
/// Up to five photos per report. Send an `Idempotency-Key`.
#[utoipa::path(
    post, path = "/api/v1/orders/{order_id}/problem-report/photos", tag = "problem reports",
    params(
        ("order_id" = String, Path, description = "The order's id."),
        ("Idempotency-Key" = String, Header, pattern = "^[!-~]{1,128}$", description = "1–128 visible ASCII characters, unique per attempt."),
    ),
    request_body(content = Vec<u8>, description = "The image bytes, at most 5 MiB.", content_type = "image/jpeg"),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The photo was attached (or this replays the stored answer).", body = ReportPhoto),
        (status = 400, description = "`missing_idempotency_key`, `invalid_idempotency_key`, `invalid_body`: the body could not be read.", body = ApiError),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: not a customer token.", body = ApiError),
        (status = 404, description = "`not_found`: no such order of this customer, or it has no report.", body = ApiError),
        (status = 409, description = "`problem_report_resolved`: the report is resolved; `photo_limit_reached`: it has five photos.", body = ApiError),
        (status = 413, description = "`photo_too_large`: over 5 MiB.", body = ApiError),
        (status = 415, description = "`photo_unsupported_type`: the bytes (or the declared type) are not JPEG, PNG or WebP.", body = ApiError),
        (status = 422, description = "`photo_type_mismatch`: the bytes are another image type than the declared `Content-Type`; `idempotency_key_reused`.", body = ApiError),
    )
)]
pub async fn upload_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(order_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let customer_id = caller.customer()?;
    let key = idempotency_key(&headers)?;
    if !is_valid_identifier(&order_id) {
        return Err(AppError::not_found());
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::code(ErrorCode::PhotoTooLarge)
        } else {
            AppError::code(ErrorCode::InvalidBody)
        }
    })?;
    let kind = photo_type(headers.get(header::CONTENT_TYPE), &bytes)?;
    let hash = hash_hex(
        format!(
            "report-photo\n{order_id}\n{}\n{}",
            kind.mime(),
            hash_hex(&bytes)
        )
        .as_bytes(),
    );
    let stored = state
        .store
        .add_to_report(
            &order_id,
            IdempotentRequest {
                customer_id,
                key,
                request_hash: &hash,
            },
            state.clock.now(),
            CustomerAddition::Photo {
                kind,
                bytes: bytes.to_vec(),
            },
            |_, _, photo| {
                let photo =
                    photo.ok_or_else(|| AppError::internal("photo missing after upload"))?;
                let body = serde_json::to_string(photo)
                    .map_err(|e| AppError::internal(format!("photo JSON: {e}")))?;
                Ok((StatusCode::CREATED.as_u16(), body))
            },
        )
        .await?;
    after_write(&state, stored).await
}

/// The accepted type of an upload: the sniffed one, which must agree with
/// the declared one when the sender declared an image type.
pub fn photo_type(declared: Option<&HeaderValue>, bytes: &[u8]) -> Result<PhotoType, AppError> {
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(AppError::code(ErrorCode::PhotoTooLarge));
    }
    let sniffed =
        sniff_photo(bytes).ok_or_else(|| AppError::code(ErrorCode::PhotoUnsupportedType))?;
    let declared = declared
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|v| !v.is_empty() && v != "application/octet-stream");
    match declared {
        None => Ok(sniffed),
        Some(mime) => match PhotoType::from_mime(&mime) {
            Some(t) if t == sniffed => Ok(sniffed),
            Some(_) => Err(AppError::code(ErrorCode::PhotoTypeMismatch)),
            None => Err(AppError::code(ErrorCode::PhotoUnsupportedType)),
        },
    }
}

/// A report's photo: to the report's customer, its venue's partner, and staff.
#[utoipa::path(
    get, path = "/api/v1/problem-reports/{report_id}/photos/{photo_id}", tag = "problem reports",
    params(
        ("report_id" = String, Path, description = "The report's id."),
        ("photo_id" = String, Path, description = "The photo's id."),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The image, with the sniffed `Content-Type`, `Content-Disposition: inline` and `X-Content-Type-Options: nosniff`.", content_type = "image/*", body = Vec<u8>),
        (status = 401, description = "`unauthorized`: missing, invalid or expired token.", body = ApiError),
        (status = 403, description = "`forbidden`: a service token.", body = ApiError),
        (status = 404, description = "`not_found`: no such photo, or not one this caller may see.", body = ApiError),
    )
)]
pub async fn read_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path((report_id, photo_id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let audience = match caller.0.role {
        Role::Customer => PhotoAudience::Customer(&caller.0.sub),
        Role::Partner => PhotoAudience::Venues(&caller.0.venues),
        Role::Staff => PhotoAudience::Staff,
        Role::Service => return Err(AppError::forbidden()),
    };
    if !is_valid_identifier(&report_id) || !is_valid_identifier(&photo_id) {
        return Err(AppError::not_found());
    }
    let (content_type, bytes) = state
        .store
        .report_photo(&report_id, &photo_id, audience)
        .await?
        .ok_or_else(AppError::not_found)?;
    let kind = PhotoType::from_mime(&content_type)
        .ok_or_else(|| AppError::internal("stored photo type"))?;
    let disposition = format!("inline; filename=\"photo-{photo_id}.{}\"", kind.extension());
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind.mime()));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition)
            .map_err(|_| AppError::internal("content disposition"))?,
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F'];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    fn code(declared: Option<&'static str>, bytes: &[u8]) -> Result<PhotoType, ErrorCode> {
        let value = declared.map(HeaderValue::from_static);
        photo_type(value.as_ref(), bytes).map_err(|e| e.error_code())
    }

    #[test]
    fn the_bytes_decide_and_must_agree_with_a_declared_image_type() {
        assert_eq!(code(Some("image/jpeg"), JPEG), Ok(PhotoType::Jpeg));
        assert_eq!(code(None, PNG), Ok(PhotoType::Png));
        assert_eq!(
            code(Some("application/octet-stream"), PNG),
            Ok(PhotoType::Png)
        );
        assert_eq!(
            code(Some("image/png"), JPEG),
            Err(ErrorCode::PhotoTypeMismatch)
        );
        assert_eq!(
            code(Some("image/gif"), JPEG),
            Err(ErrorCode::PhotoUnsupportedType)
        );
        assert_eq!(
            code(Some("image/png"), b"GIF89a.."),
            Err(ErrorCode::PhotoUnsupportedType)
        );
        assert_eq!(code(None, b""), Err(ErrorCode::PhotoUnsupportedType));
    }
}
