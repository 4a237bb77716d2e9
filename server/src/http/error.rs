//! One error type for every failure, answered as the JSON `ApiError`
//! `{code, message, field?, opens_at?}` with the status of its code.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use resq_core::ErrorCode;
use resq_core::api::ApiError;
use resq_core::validation::FieldError;

/// Why a bearer token was refused; said in `WWW-Authenticate` (RFC 6750).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Missing,
    Invalid,
    Expired,
}

#[derive(Debug)]
pub enum AppError {
    /// A refusal with a stable code, optionally about one field.
    Refused {
        code: ErrorCode,
        field: Option<String>,
        detail: Option<String>,
    },
    /// R1: feedback is not open yet; says when it opens at the latest.
    FeedbackNotOpen { opens_at: DateTime<Utc> },
    /// R9: the order already has an open problem report; names it.
    ReportAlreadyOpen { report_id: String },
    /// No usable bearer token.
    Unauthorized(TokenProblem),
    /// The database failed; nothing was changed.
    Storage(sqlx::Error),
    /// A bug or an impossible state; logged, answered without details.
    Internal(String),
}

impl AppError {
    pub fn code(code: ErrorCode) -> AppError {
        AppError::Refused {
            code,
            field: None,
            detail: None,
        }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>) -> AppError {
        AppError::Refused {
            code,
            field: Some(field.into()),
            detail: None,
        }
    }

    pub fn not_found() -> AppError {
        AppError::code(ErrorCode::NotFound)
    }

    pub fn forbidden() -> AppError {
        AppError::code(ErrorCode::Forbidden)
    }

    pub fn internal(what: impl Into<String>) -> AppError {
        AppError::Internal(what.into())
    }

    /// The stable code this error is answered with.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            AppError::Refused { code, .. } => *code,
            AppError::FeedbackNotOpen { .. } => ErrorCode::FeedbackNotOpen,
            AppError::ReportAlreadyOpen { .. } => ErrorCode::ProblemReportAlreadyOpen,
            AppError::Unauthorized(_) => ErrorCode::Unauthorized,
            AppError::Storage(e) if storage_is_busy(e) => ErrorCode::StorageUnavailable,
            AppError::Storage(_) | AppError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> AppError {
        AppError::field(e.code, e.field)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> AppError {
        AppError::Storage(e)
    }
}

/// A database that is locked, busy, out of connections, read-only, full or
/// failing to read or write its files is "unavailable, try again": nothing
/// was changed, and the same request may succeed once the fault is gone.
/// Anything else is a bug.
fn storage_is_busy(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Database(db) => db
            .code()
            .as_deref()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|code| UNAVAILABLE_SQLITE_CODES.contains(&(code & 0xff))),
        _ => false,
    }
}

/// SQLite's primary result codes (the low byte of the extended ones) that
/// mean the storage, not the request, failed: SQLITE_BUSY, SQLITE_LOCKED,
/// SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
const UNAVAILABLE_SQLITE_CODES: [i32; 6] = [5, 6, 8, 10, 13, 14];

/// Seconds a client waits before trying again after a 503.
const STORAGE_RETRY_AFTER: &str = "5";

/// The HTTP status of every error code. Every code has exactly one status.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode::*;
    match code {
        InvalidBody | InvalidCursor | MissingIdempotencyKey | InvalidIdempotencyKey => {
            StatusCode::BAD_REQUEST
        }
        UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        InvalidField
        | CommentTooLong
        | CommentControlCharacter
        | AspectsDuplicate
        | InvalidTimeZone
        | InvalidPickupWindow
        | InvalidProducts
        | InvalidIdentifier
        | IdempotencyKeyReused
        | DescriptionRequired
        | DescriptionTooLong
        | MessageRequired
        | MessageTooLong
        | NoteRequired
        | NoteTooLong
        | TextControlCharacter
        | InvalidAmount
        | PhotoTypeMismatch => StatusCode::UNPROCESSABLE_ENTITY,
        PhotoTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        PhotoUnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ProblemReportNotOpen
        | ProblemReportClosed
        | ProblemReportAlreadyOpen
        | ProblemReportResolved
        | ProblemReportNotResolved
        | PhotoLimitReached => StatusCode::CONFLICT,
        Unauthorized => StatusCode::UNAUTHORIZED,
        Forbidden => StatusCode::FORBIDDEN,
        NotFound => StatusCode::NOT_FOUND,
        MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        OrderConflict | FeedbackNotOpen | FeedbackClosed | FeedbackAlreadySubmitted => {
            StatusCode::CONFLICT
        }
        RateLimited => StatusCode::TOO_MANY_REQUESTS,
        HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        StorageUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The JSON body of an error with this code (and no field).
pub fn api_error(code: ErrorCode) -> ApiError {
    ApiError {
        code,
        message: code.message().to_owned(),
        field: None,
        opens_at: None,
        report_id: None,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let code = self.error_code();
        let mut body = api_error(code);
        match &self {
            AppError::Refused { field, detail, .. } => {
                body.field = field.clone();
                if let Some(detail) = detail {
                    body.message = format!("{} {detail}", code.message());
                }
            }
            AppError::FeedbackNotOpen { opens_at } => body.opens_at = Some(*opens_at),
            AppError::ReportAlreadyOpen { report_id } => body.report_id = Some(report_id.clone()),
            AppError::Storage(e) => tracing::error!(error = %e, "storage failed"),
            AppError::Internal(what) => tracing::error!(what = %what, "internal error"),
            AppError::Unauthorized(_) => {}
        }
        let mut response = (status_of(code), axum::Json(body)).into_response();
        if code == ErrorCode::StorageUnavailable {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(STORAGE_RETRY_AFTER),
            );
        }
        if let AppError::Unauthorized(problem) = self {
            let challenge = match problem {
                TokenProblem::Missing => r#"Bearer realm="resq-feedback""#,
                TokenProblem::Invalid => {
                    r#"Bearer realm="resq-feedback", error="invalid_token", error_description="The token is not valid.""#
                }
                TokenProblem::Expired => {
                    r#"Bearer realm="resq-feedback", error="invalid_token", error_description="The token has expired.""#
                }
            };
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_a_client_or_server_error() {
        for code in ErrorCode::ALL {
            let status = status_of(*code);
            assert!(
                status.is_client_error() || status.is_server_error(),
                "{code} → {status}"
            );
        }
    }

    #[test]
    fn conflicts_of_the_feedback_rules_are_409() {
        for code in [
            ErrorCode::FeedbackNotOpen,
            ErrorCode::FeedbackClosed,
            ErrorCode::FeedbackAlreadySubmitted,
            ErrorCode::OrderConflict,
        ] {
            assert_eq!(status_of(code), StatusCode::CONFLICT);
        }
    }
}
