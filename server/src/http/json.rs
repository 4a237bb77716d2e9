//! A JSON body extractor whose every rejection is an `ApiError`: wrong
//! content type → 415, too large → 413, malformed or of the wrong shape →
//! 400 `invalid_body` with the offending `field` when serde names it.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use resq_core::ErrorCode;
use serde::de::DeserializeOwned;

use super::error::AppError;

/// The largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 16 * 1024;

pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers().get(header::CONTENT_TYPE)) {
            return Err(AppError::code(ErrorCode::UnsupportedMediaType));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::code(ErrorCode::BodyTooLarge)
            } else {
                AppError::code(ErrorCode::InvalidBody)
            }
        })?;
        parse(&bytes).map(ApiJson)
    }
}

fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses a JSON body, naming the field serde complains about.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let message = e.inner().to_string();
        let path = e.path().to_string();
        let field = named_field(&message)
            .map(|name| join_path(&path, name))
            .or_else(|| (path != "." && !path.is_empty()).then_some(path));
        AppError::Refused {
            code: ErrorCode::InvalidBody,
            field,
            detail: Some(message),
        }
    })?;
    de.end().map_err(|e| AppError::Refused {
        code: ErrorCode::InvalidBody,
        field: None,
        detail: Some(e.to_string()),
    })?;
    Ok(value)
}

/// serde names missing and unknown fields only in its message:
/// "missing field `rating`", "unknown field `x`, expected …".
fn named_field(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))?;
    rest.split('`').next()
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() || path == "." {
        name.to_owned()
    } else if path == name || path.ends_with(&format!(".{name}")) {
        path.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resq_core::api::SubmitFeedback;

    fn field_of(body: &str) -> Option<String> {
        match parse::<SubmitFeedback>(body.as_bytes()) {
            Err(AppError::Refused { code, field, .. }) => {
                assert_eq!(code, ErrorCode::InvalidBody);
                field
            }
            other => panic!("expected invalid_body, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_named() {
        assert_eq!(field_of(r#"{"aspects":[]}"#).as_deref(), Some("rating"));
    }

    #[test]
    fn an_unknown_field_is_named() {
        assert_eq!(
            field_of(r#"{"rating":"good","customer_id":"x"}"#).as_deref(),
            Some("customer_id")
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_field() {
        assert_eq!(
            field_of(r#"{"rating":"excellent"}"#).as_deref(),
            Some("rating")
        );
        assert_eq!(
            field_of(r#"{"rating":"good","aspects":["size",3]}"#).as_deref(),
            Some("aspects[1]")
        );
    }

    #[test]
    fn trailing_garbage_and_broken_json_are_invalid_bodies() {
        assert_eq!(field_of(r#"{"rating":"good"} x"#), None);
        assert_eq!(field_of("not json"), None);
        // Cut short inside a value: serde names where it was.
        assert_eq!(field_of(r#"{"rating":"#).as_deref(), Some("rating"));
    }

    #[test]
    fn json_content_types() {
        let v = |s: &'static str| header::HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json"))));
        assert!(is_json(Some(&v("application/json; charset=utf-8"))));
        assert!(is_json(Some(&v("application/merge-patch+json"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(None));
    }
}
