//! Rate limits on writes: per token and per client address, 429
//! `rate_limited` with `Retry-After`; reads are not limited; another token
//! is unaffected until the address's own (ten times larger) limit.

use resq_server::http::rate_limit::RateLimits;
use serde_json::json;

use crate::support::*;

const LIMITS: RateLimits = RateLimits {
    per_second: 1,
    burst: 3,
};

async fn write(server: &TestServer, token: &str, key: &str) -> Reply {
    server
        .send(
            reqwest::Method::POST,
            "/api/v1/orders/no-such-order/feedback",
            Some(token),
            Some(&json!({"rating": "good"})),
            &[("idempotency-key", key)],
        )
        .await
}

#[track_caller]
fn assert_limited(reply: &Reply) {
    reply.assert_error(429, "rate_limited");
    let wait: u64 = reply
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After in {:?}", reply.headers));
    assert!((1..=2).contains(&wait), "Retry-After: {wait}");
}

#[tokio::test]
async fn a_burst_over_the_limit_is_refused_with_retry_after_and_other_tokens_are_unaffected() {
    let server = TestServer::start_with(|state| state.rate_limits = Some(LIMITS)).await;
    let token = server.customer("c-1");
    for i in 0..LIMITS.burst {
        let reply = write(&server, &token, &format!("k{i}")).await;
        assert_eq!(reply.status, 404, "within the burst: {}", reply.text);
    }
    assert_limited(&write(&server, &token, "over").await);
    // Reads are not limited.
    let read = server
        .get("/api/v1/orders/no-such-order", Some(&token))
        .await;
    read.assert_error(404, "not_found");
    // Another customer's token has its own allowance.
    let other = server.customer("c-2");
    assert_eq!(write(&server, &other, "k").await.status, 404);
    // After the Retry-After wait, the first token may write again.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(write(&server, &token, "later").await.status, 404);
}

#[tokio::test]
async fn one_address_is_limited_whatever_tokens_it_uses() {
    let server = TestServer::start_with(|state| state.rate_limits = Some(LIMITS)).await;
    let allowance = LIMITS.burst * resq_server::http::rate_limit::IP_FACTOR;
    let mut accepted = 0;
    let mut refused = None;
    // Fresh tokens, one write each: only the address's limit applies.
    for i in 0..allowance + 10 {
        let reply = write(&server, &server.customer(&format!("c-{i}")), "k").await;
        if reply.status == 429 {
            refused = Some(reply);
            break;
        }
        accepted += 1;
    }
    let refused = refused.expect("the address's limit was reached");
    assert_limited(&refused);
    // The burst, plus what the rate (10/s) gave back while the loop ran.
    assert!(
        (allowance..allowance + 10).contains(&accepted),
        "{accepted} writes accepted from one address"
    );
}

#[tokio::test]
async fn without_limits_nothing_is_refused() {
    let server = TestServer::start().await;
    let token = server.customer("c-1");
    for i in 0..50 {
        assert_eq!(write(&server, &token, &format!("k{i}")).await.status, 404);
    }
}
