//! The built console is served at `/console/`, beside the API.

use std::sync::Arc;

use crate::support::*;

#[tokio::test]
async fn the_console_is_served_under_its_own_path_with_its_index_for_app_paths() {
    let dir = tempfile::tempdir().expect("a directory");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>console</title>",
    )
    .expect("index");
    std::fs::write(dir.path().join("resq-console.js"), "export {}").expect("script");
    let console_dir = dir.path().to_path_buf();
    let server = TestServer::start_with(move |state| {
        state.web = Arc::new(resq_server::WebSettings {
            cors: state.web.cors.clone(),
            static_dir: None,
            console_dir: Some(console_dir),
        });
    })
    .await;

    let index = server.get("/console/", None).await;
    assert_eq!(index.status, 200);
    assert!(index.text.contains("<title>console</title>"));
    let script = server.get("/console/resq-console.js", None).await;
    assert_eq!(script.status, 200);
    assert_eq!(script.text, "export {}");
    let deep = server.get("/console/partner/feedback", None).await;
    assert_eq!(deep.status, 200);
    assert!(deep.text.contains("<title>console</title>"));
    // The API is untouched.
    assert_eq!(
        server.get("/api/v1/nothing", None).await.code(),
        "not_found"
    );
}

#[tokio::test]
async fn without_a_console_dir_there_is_no_console() {
    let server = TestServer::start().await;
    assert_eq!(server.get("/console/", None).await.status, 404);
}
