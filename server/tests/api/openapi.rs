//! The OpenAPI document lists exactly the routes the router serves, with
//! their errors and the bearer scheme.

use std::collections::BTreeSet;

use resq_core::ErrorCode;
use serde_json::Value;

use crate::support::*;

async fn document() -> Value {
    let server = TestServer::start().await;
    let reply = server.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, 200);
    reply.json()
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(operation) = item.get(method) {
                found.push((method.to_uppercase(), path.clone(), operation));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_route_of_the_router_is_documented_and_nothing_else() {
    let doc = document().await;
    let documented: BTreeSet<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    let registered: BTreeSet<(String, String)> =
        resq_server::http::registered_routes().into_iter().collect();
    assert_eq!(documented, registered);
}

#[tokio::test]
async fn every_error_response_is_an_api_error_naming_its_codes() {
    let doc = document().await;
    for (method, path, operation) in operations(&doc) {
        for (status, response) in operation["responses"].as_object().expect("responses") {
            if !status.starts_with('4') && !status.starts_with('5') {
                continue;
            }
            let schema = &response["content"]["application/json"]["schema"]["$ref"];
            assert_eq!(
                schema, "#/components/schemas/ApiError",
                "{method} {path} {status}"
            );
            let description = response["description"].as_str().unwrap_or_default();
            assert!(
                ErrorCode::ALL
                    .iter()
                    .any(|c| description.contains(&format!("`{c}`"))),
                "{method} {path} {status}: {description}"
            );
        }
    }
}

#[tokio::test]
async fn authenticated_operations_declare_the_bearer_scheme_and_401() {
    let doc = document().await;
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Everything but these needs a token.
    let public = [
        "/healthz",
        "/api/v1/openapi.json",
        "/api/v1/demo",
        "/api/v1/venues/{venue_id}/rating",
    ];
    for (method, path, operation) in operations(&doc) {
        let secured = operation.get("security").is_some();
        assert_eq!(
            secured,
            !public.contains(&path.as_str()),
            "{method} {path}: secured {secured}"
        );
        if secured {
            assert!(
                operation["responses"].get("401").is_some(),
                "{method} {path} has no 401"
            );
        }
    }
}

#[tokio::test]
async fn every_error_code_the_server_sends_is_documented() {
    let text = document().await.to_string();
    for code in ErrorCode::ALL {
        assert!(
            text.contains(&format!("`{code}`")),
            "{code} is not documented"
        );
    }
}
