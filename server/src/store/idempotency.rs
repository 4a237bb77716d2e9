//! The idempotency record of customer writes (feedback, problem reports,
//! their messages and photos): one table, keyed by customer and key, with
//! the hash of the request and the answer sent, written in the same
//! transaction as the change.

use chrono::{DateTime, Utc};
use resq_core::ErrorCode;
use sqlx::{Row, SqliteConnection};

use super::{StoredResponse, millis};
use crate::http::error::AppError;

/// Who sent which request under which key.
#[derive(Debug, Clone, Copy)]
pub struct IdempotentRequest<'a> {
    pub customer_id: &'a str,
    pub key: &'a str,
    /// A hash of everything that makes two requests "the same".
    pub request_hash: &'a str,
}

/// The stored answer for a known key (replayed), `None` for a new key, or
/// `idempotency_key_reused` if the key was used for a different request.
pub(super) async fn replay(
    conn: &mut SqliteConnection,
    request: IdempotentRequest<'_>,
) -> Result<Option<StoredResponse>, AppError> {
    let earlier = sqlx::query(
        "SELECT request_hash, status, response_body FROM idempotency_keys \
         WHERE customer_id = ?1 AND idem_key = ?2",
    )
    .bind(request.customer_id)
    .bind(request.key)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(earlier) = earlier else {
        return Ok(None);
    };
    let hash: String = earlier.try_get("request_hash")?;
    if hash != request.request_hash {
        return Err(AppError::code(ErrorCode::IdempotencyKeyReused));
    }
    let status: i64 = earlier.try_get("status")?;
    Ok(Some(StoredResponse {
        status: u16::try_from(status)
            .map_err(|_| AppError::internal("stored status out of range"))?,
        body: earlier.try_get("response_body")?,
        replayed: true,
    }))
}

/// Remembers the answer to a new key (in the change's transaction).
pub(super) async fn remember(
    conn: &mut SqliteConnection,
    request: IdempotentRequest<'_>,
    status: u16,
    body: &str,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO idempotency_keys (customer_id, idem_key, request_hash, status, response_body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(request.customer_id)
    .bind(request.key)
    .bind(request.request_hash)
    .bind(i64::from(status))
    .bind(body)
    .bind(millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}
