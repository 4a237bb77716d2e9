//! What every route shares: JSON errors for unknown routes and methods,
//! health, CORS for the embedded widget, and the served front-end.

use std::sync::Arc;

use reqwest::Method;
use resq_server::WebSettings;
use resq_server::config::CorsOrigins;

use crate::support::*;

#[tokio::test]
async fn an_unknown_route_is_a_json_not_found() {
    let server = TestServer::start().await;
    server
        .get("/api/v1/nothing-here", None)
        .await
        .assert_error(404, "not_found");
    server.get("/", None).await.assert_error(404, "not_found");
}

#[tokio::test]
async fn a_wrong_method_is_a_json_method_not_allowed() {
    let server = TestServer::start().await;
    server
        .send(Method::DELETE, "/api/v1/orders/order-1", None, None, &[])
        .await
        .assert_error(405, "method_not_allowed");
    server
        .send(Method::GET, "/api/v1/orders", None, None, &[])
        .await
        .assert_error(405, "method_not_allowed");
}

#[tokio::test]
async fn health_answers_ok() {
    let server = TestServer::start().await;
    let reply = server.get("/healthz", None).await;
    assert_eq!(
        (reply.status, reply.json()["status"].as_str()),
        (200, Some("ok"))
    );
}

#[tokio::test]
async fn the_widget_may_call_from_a_configured_origin() {
    let server = TestServer::start_with(|state| {
        state.web = Arc::new(WebSettings {
            cors: CorsOrigins::List(vec!["https://shop.example".parse().expect("an origin")]),
            static_dir: None,
            console_dir: None,
        });
    })
    .await;
    let preflight = server
        .send(
            Method::OPTIONS,
            "/api/v1/orders/order-1/feedback",
            None,
            None,
            &[
                ("origin", "https://shop.example"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "authorization,content-type,idempotency-key",
                ),
            ],
        )
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.text);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://shop.example")
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for header in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(header), "{allowed}");
    }
    let elsewhere = server
        .send(
            Method::GET,
            "/healthz",
            None,
            None,
            &[("origin", "https://evil.example")],
        )
        .await;
    assert_eq!(elsewhere.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_built_front_end_is_served_outside_the_api() {
    let dist = tempfile::tempdir().expect("a directory");
    std::fs::write(dist.path().join("index.html"), "<h1>ResQ</h1>").expect("written");
    std::fs::write(dist.path().join("app.js"), "console.log(1)").expect("written");
    let dir = dist.path().to_path_buf();
    let server = TestServer::start_with(move |state| {
        state.web = Arc::new(WebSettings {
            cors: CorsOrigins::Any,
            static_dir: Some(dir),
            console_dir: None,
        });
    })
    .await;
    assert_eq!(server.get("/", None).await.text, "<h1>ResQ</h1>");
    assert_eq!(server.get("/app.js", None).await.text, "console.log(1)");
    assert_eq!(server.get("/receipt/123", None).await.text, "<h1>ResQ</h1>");
    server
        .get("/api/v1/nothing-here", None)
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn an_unavailable_database_is_reported_and_changes_nothing() {
    let server = TestServer::start().await;
    server.store.close().await;
    server
        .get("/healthz", None)
        .await
        .assert_error(503, "storage_unavailable");
    let body = order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");
    server
        .register(&body)
        .await
        .assert_error(503, "storage_unavailable");
    server
        .rating(HELSINKI)
        .await
        .assert_error(503, "storage_unavailable");
}
