//! What every request passes before and after its handler: a limit on the
//! size of its headers, error answers that are always an `ApiError` (axum's
//! own extractor rejections are plain text), and the security headers
//! (Content-Security-Policy, `nosniff`, `Referrer-Policy`).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use resq_core::ErrorCode;
use sha2::{Digest, Sha256};

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

/// The security headers of every answer: pages and static files get a
/// strict Content-Security-Policy; everything gets `nosniff` and sends no
/// referrer.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    page_policy: HeaderValue,
}

/// Where the server's pages may be framed when nothing is configured.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'none'";

/// The page policy with no inline script and no framing.
const STRICTEST_PAGE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// API answers are data: nothing in them may load or frame anything.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

impl SecurityHeaders {
    /// `frame_ancestors`: the sources of the `frame-ancestors` directive
    /// (`'none'`, `'self'`, origins), checked by [`frame_ancestors_sources`]
    /// (the configuration refuses an invalid list before we get here).
    /// `inline_scripts`: the text of inline scripts the served pages need
    /// (Trunk's start-up script of the console), allowed by their hash.
    pub fn new(frame_ancestors: &str, inline_scripts: &[String]) -> SecurityHeaders {
        let hashes: String = inline_scripts
            .iter()
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(" 'sha256-{}'", BASE64.encode(digest))
            })
            .collect();
        let ancestors = frame_ancestors_sources(frame_ancestors).unwrap_or_else(|e| {
            tracing::error!(error = %e, "frame-ancestors ignored");
            DEFAULT_FRAME_ANCESTORS.to_owned()
        });
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
             form-action 'self'; frame-ancestors {ancestors}"
        );
        let page_policy = HeaderValue::from_str(&policy).unwrap_or_else(|_| {
            tracing::error!(%policy, "not a header value; serving the policy without hashes");
            HeaderValue::from_static(STRICTEST_PAGE_POLICY)
        });
        SecurityHeaders { page_policy }
    }

    /// The policy of pages and static files.
    pub fn page_policy(&self) -> &str {
        self.page_policy.to_str().unwrap_or_default()
    }
}

/// Checks a `frame-ancestors` source list: space-separated `'none'`,
/// `'self'`, schemes or origins (with an optional `*.` host wildcard), so a
/// setting cannot smuggle in another directive.
pub fn frame_ancestors_sources(value: &str) -> Result<String, String> {
    let sources: Vec<&str> = value.split_whitespace().collect();
    if sources.is_empty() {
        return Err("--frame-ancestors is empty (use 'none' to forbid framing)".into());
    }
    for source in &sources {
        let keyword = matches!(*source, "'none'" | "'self'");
        let plain = source
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:/*".contains(c));
        if !keyword && (!plain || source.starts_with('\'')) {
            return Err(format!("invalid frame-ancestors source {source:?}"));
        }
    }
    if sources.len() > 1 && sources.contains(&"'none'") {
        return Err("'none' cannot be combined with other frame-ancestors sources".into());
    }
    Ok(sources.join(" "))
}

/// The text of every inline `<script>` (one without `src`) in an HTML page.
pub fn inline_scripts(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") && !body[..close].is_empty() {
            found.push(body[..close].to_owned());
        }
        rest = &body[close..];
    }
    found
}

/// Adds the security headers to an answer (keeping any the handler set).
pub async fn security_headers(
    State(headers): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let is_api = path.starts_with("/api/") || path == "/healthz";
    let mut response = next.run(request).await;
    let set = response.headers_mut();
    let policy = if is_api {
        HeaderValue::from_static(API_POLICY)
    } else {
        headers.page_policy.clone()
    };
    set.entry(header::CONTENT_SECURITY_POLICY).or_insert(policy);
    set.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestors_are_sources_and_nothing_else() {
        assert_eq!(frame_ancestors_sources("'none'").unwrap(), "'none'");
        assert_eq!(
            frame_ancestors_sources(" 'self'  https://partner.resq-club.com https://*.example ")
                .unwrap(),
            "'self' https://partner.resq-club.com https://*.example"
        );
        for bad in [
            "",
            "'self'; script-src *",
            "https://a.example,https://b.example",
            "'unsafe-inline'",
            "'none' 'self'",
            "https://a.example\"",
        ] {
            assert!(frame_ancestors_sources(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<head><script type=module>import init from '/a.js';
init();</script><script src=/b.js type=module></script><script>x()</script></head>"#;
        assert_eq!(
            inline_scripts(html),
            vec![
                "import init from '/a.js';\ninit();".to_owned(),
                "x()".to_owned()
            ]
        );
    }

    #[test]
    fn the_page_policy_allows_hashed_inline_scripts_only() {
        let headers = SecurityHeaders::new("'none'", &["x()".to_owned()]);
        let policy = headers.page_policy();
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.ends_with("frame-ancestors 'none'"));
    }
}
