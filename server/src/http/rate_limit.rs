//! Rate limits on writes (POST), per bearer token and per client IP, with
//! `tower_governor` (GCRA). Over the limit: 429 `rate_limited` with
//! `Retry-After` in seconds (the widget waits that long before retrying).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Method, Request, Response, header};
use axum::response::IntoResponse;
use resq_core::ErrorCode;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};

use super::error::AppError;

/// How many writes one token may make: `per_second` on average, up to
/// `burst` at once. One IP address (many customers behind one NAT) gets
/// [`IP_FACTOR`] times both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_second: u32,
    pub burst: u32,
}

/// One address may be many customers (a shop's Wi-Fi, a mobile carrier's NAT).
pub const IP_FACTOR: u32 = 10;

impl RateLimits {
    /// Outside demo mode: a customer writes a few times a minute at most.
    pub const DEFAULT: RateLimits = RateLimits {
        per_second: 2,
        burst: 20,
    };
    /// Demo mode: the browser suites send hundreds of writes from one
    /// token and one address within minutes.
    pub const DEMO: RateLimits = RateLimits {
        per_second: 100,
        burst: 1000,
    };
}

/// The bearer token of a request (the whole header value): one bucket per
/// token; requests without one share a bucket (they are refused anyway).
#[derive(Debug, Clone, Copy)]
pub struct TokenKey;

impl KeyExtractor for TokenKey {
    type Key = Option<Arc<str>>;

    fn extract<T>(&self, request: &Request<T>) -> Result<Self::Key, GovernorError> {
        Ok(request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(Arc::from))
    }
}

/// The peer's address as the listener saw it (never a forwarded header,
/// which any client can write). A server started without connection info
/// (tests) counts every request as one address.
#[derive(Debug, Clone, Copy)]
pub struct PeerKey;

impl KeyExtractor for PeerKey {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<Self::Key, GovernorError> {
        Ok(request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
    }
}

/// Adds both limits to `router`'s POST routes.
pub fn limit_writes<S>(router: Router<S>, limits: RateLimits) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let per_ip = RateLimits {
        per_second: limits.per_second.saturating_mul(IP_FACTOR),
        burst: limits.burst.saturating_mul(IP_FACTOR),
    };
    let router = limit(router, TokenKey, limits);
    limit(router, PeerKey, per_ip)
}

fn limit<S, K>(router: Router<S>, key: K, limits: RateLimits) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    K: KeyExtractor + Send + Sync + 'static,
    K::Key: Send + Sync + 'static,
{
    let period = Duration::from_nanos(1_000_000_000 / u64::from(limits.per_second.max(1)));
    let Some(config) = GovernorConfigBuilder::default()
        .key_extractor(key)
        .period(period)
        .burst_size(limits.burst.max(1))
        .methods(vec![Method::POST])
        .finish()
    else {
        tracing::error!(?limits, "invalid rate limits; writes are not limited");
        return router;
    };
    let config = Arc::new(config);
    // Forget idle keys now and then, so the maps do not grow without end.
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        let limiter = config.limiter().clone();
        runtime.spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limiter.retain_recent();
            }
        });
    }
    router.layer(GovernorLayer::new(config).error_handler(refusal))
}

/// The JSON `rate_limited` answer with `Retry-After` (whole seconds, never
/// earlier than the next write is allowed).
fn refusal(error: GovernorError) -> Response<Body> {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            let mut response = AppError::code(ErrorCode::RateLimited).into_response();
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(wait_time.saturating_add(1)),
            );
            response
        }
        other => AppError::internal(format!("rate limiter: {other}")).into_response(),
    }
}
