//! Helpers for the problem-report tests, in the domain's words.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

/// Pickup at T0 − 30 min (Helsinki 11:30–12:30 on Tue 10 Mar 2026), bought
/// three hours before: reportable now, until the end of 24 Mar (Helsinki).
pub const PICKUP: &str = "2026-03-10T09:30:00Z";

/// Registers an order of `customer` at `venue` with the usual pickup.
pub async fn bought(server: &TestServer, order_id: &str, venue: &str, customer: &str) {
    server
        .registered(order(order_id, venue, customer, PICKUP))
        .await;
}

pub fn report_path(order_id: &str) -> String {
    format!("/api/v1/orders/{order_id}/problem-report")
}

/// Files a report as `customer` with the idempotency key `key`.
pub async fn file(
    server: &TestServer,
    order_id: &str,
    customer: &str,
    key: &str,
    body: &Value,
) -> Reply {
    server
        .send(
            Method::POST,
            &report_path(order_id),
            Some(&server.customer(customer)),
            Some(body),
            &[("idempotency-key", key)],
        )
        .await
}

/// Files a `wrong_product` report and answers its report id.
pub async fn filed(server: &TestServer, order_id: &str, customer: &str) -> String {
    let reply = file(
        server,
        order_id,
        customer,
        &format!("k-{order_id}"),
        &json!({"kind": "wrong_product", "description": "Väärä tuote"}),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()["report"]["report_id"]
        .as_str()
        .expect("a report id")
        .to_owned()
}

/// The customer's view of the order's report.
pub async fn thread(server: &TestServer, order_id: &str, customer: &str) -> Reply {
    server
        .get(&report_path(order_id), Some(&server.customer(customer)))
        .await
}

pub async fn reply_as(
    server: &TestServer,
    order_id: &str,
    customer: &str,
    key: &str,
    message: &str,
) -> Reply {
    server
        .send(
            Method::POST,
            &format!("{}/messages", report_path(order_id)),
            Some(&server.customer(customer)),
            Some(&json!({"message": message})),
            &[("idempotency-key", key)],
        )
        .await
}

/// A staff action (`ask`, `resolve`, `reopen`) on a report.
pub async fn staff_act(server: &TestServer, report_id: &str, action: &str, body: &Value) -> Reply {
    server
        .post(
            &format!("/api/v1/staff/reports/{report_id}/{action}"),
            Some(&server.staff()),
            body,
        )
        .await
}

/// Resolves with 5 € of credits and asserts it worked.
pub async fn resolve_with_credits(server: &TestServer, report_id: &str) {
    let reply = staff_act(
        server,
        report_id,
        "resolve",
        &json!({"kind": "credits", "amount_cents": 500, "note": "Pahoittelut!"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

/// Sends raw bytes (a photo) with an optional declared type.
pub async fn upload(
    server: &TestServer,
    order_id: &str,
    token: &str,
    key: &str,
    content_type: Option<&str>,
    bytes: Vec<u8>,
) -> Reply {
    let client = reqwest::Client::new();
    let mut request = client
        .post(format!("{}{}/photos", server.base, report_path(order_id)))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .body(bytes);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("the server answers");
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.expect("a body"),
    }
}

/// GETs a photo; answers the status, headers and bytes.
pub async fn photo(
    server: &TestServer,
    report_id: &str,
    photo_id: &str,
    token: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/problem-reports/{report_id}/photos/{photo_id}",
            server.base
        ))
        .bearer_auth(token)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        headers,
        response.bytes().await.expect("a body").to_vec(),
    )
}

/// A small JPEG header followed by `len` filler bytes.
pub fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
    ];
    bytes.resize(len.max(bytes.len()), 0x55);
    bytes
}

pub fn png() -> Vec<u8> {
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec()
}
