//! Security headers: pages and static files carry a strict
//! Content-Security-Policy with the configured `frame-ancestors`; every
//! answer carries `nosniff` and `Referrer-Policy: no-referrer`.

use std::sync::Arc;

use resq_server::WebSettings;
use resq_server::config::CorsOrigins;

use crate::support::*;

/// Trunk's start-up script, as the console's built index.html has it.
const INLINE: &str = "import init from '/console/app.js';\ninit();";

#[track_caller]
fn assert_common(reply: &Reply, what: &str) {
    assert_eq!(
        reply.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        reply.header("referrer-policy"),
        Some("no-referrer"),
        "{what}"
    );
}

#[tokio::test]
async fn pages_and_static_files_carry_a_strict_policy() {
    let pages = tempfile::tempdir().expect("a directory");
    std::fs::write(
        pages.path().join("index.html"),
        "<!doctype html><script type=module src=/app.js></script>",
    )
    .expect("written");
    std::fs::write(pages.path().join("app.js"), "export {};").expect("written");
    let console = tempfile::tempdir().expect("a directory");
    std::fs::write(
        console.path().join("index.html"),
        format!("<!doctype html><script type=module>{INLINE}</script>"),
    )
    .expect("written");
    let (pages_dir, console_dir) = (pages.path().to_owned(), console.path().to_owned());
    let server = TestServer::start_with(move |state| {
        state.web = Arc::new(WebSettings {
            cors: CorsOrigins::Any,
            static_dir: Some(pages_dir),
            console_dir: Some(console_dir),
        });
        state.frame_ancestors = "https://partner.example".to_owned();
    })
    .await;

    for path in [
        "/",
        "/app.js",
        "/receipt/123",
        "/console/",
        "/console/queue",
    ] {
        let reply = server.get(path, None).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_common(&reply, path);
        let policy = reply.header("content-security-policy").expect("a policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
            "style-src 'self';",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors https://partner.example",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} not in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
    }
    // The hash is the console's start-up script's, and nothing else's.
    let policy = server.get("/console/", None).await;
    let policy = policy.header("content-security-policy").expect("a policy");
    assert_eq!(policy.matches("'sha256-").count(), 1, "{policy}");
    let expected = {
        use base64::Engine;
        use sha2::Digest;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(INLINE))
    };
    assert!(policy.contains(&format!("'sha256-{expected}'")), "{policy}");
}

#[tokio::test]
async fn framing_is_forbidden_by_default_and_api_answers_are_not_sniffed() {
    let server = TestServer::start().await;
    // A page-side answer (no front-end served: a JSON 404 outside /api/).
    let reply = server.get("/", None).await;
    assert_common(&reply, "/");
    assert!(
        reply
            .header("content-security-policy")
            .expect("a policy")
            .ends_with("frame-ancestors 'none'")
    );
    for path in [
        "/api/v1/openapi.json",
        "/healthz",
        "/api/v1/nothing",
        "/api/v1/orders/o-1",
    ] {
        let reply = server.get(path, None).await;
        assert_common(&reply, path);
        assert_eq!(
            reply.header("content-security-policy"),
            Some("default-src 'none'; frame-ancestors 'none'"),
            "{path}"
        );
    }
}
