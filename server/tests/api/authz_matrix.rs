//! The authorization matrix: every operation of the OpenAPI document the
//! server serves × every role (none, customer, partner, staff, service) ×
//! own/other scope → the status the table below expects.
//!
//! An operation in the document without a row fails the test, so a new
//! endpoint needs a row here; a row without an operation fails too.
//!
//! Scope: the customer token is customer A's, the partner token is for
//! Helsinki. "own" resources are A's order, report, photo and review at
//! Helsinki (and the venue's contact request about that report); "other"
//! ones are customer B's at Stockholm. Roles without a scope (none, staff,
//! service) are tried on both.
//!
//! Each write gets a fresh fixture, so a cell never depends on another
//! cell's write; reads share one.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

use crate::report_support::{PICKUP, bought, filed, png, upload};
use crate::support::*;

/// method, path, then per role: `"s"` (the same for own and other) or
/// `"own/other"`. Roles in order: none, customer, partner, staff, service.
#[rustfmt::skip]
const TABLE: &[(&str, &str, [&str; 5])] = &[
    //                                                                  none   customer   partner    staff  service
    ("GET",  "/healthz",                                               ["200", "200",     "200",     "200", "200"]),
    ("GET",  "/api/v1/openapi.json",                                   ["200", "200",     "200",     "200", "200"]),
    // Not a demo server: there is no directory for anyone.
    ("GET",  "/api/v1/demo",                                           ["404", "404",     "404",     "404", "404"]),
    ("POST", "/api/v1/orders",                                         ["401", "403",     "403",     "403", "201"]),
    ("GET",  "/api/v1/orders/{order_id}",                              ["401", "200/404", "403",     "403", "403"]),
    ("POST", "/api/v1/orders/{order_id}/pickup",                       ["401", "200/404", "200/404", "403", "200"]),
    ("POST", "/api/v1/orders/{order_id}/feedback",                     ["401", "201/404", "403",     "403", "403"]),
    ("GET",  "/api/v1/venues/{venue_id}/feedback",                     ["401", "403",     "200/404", "403", "403"]),
    ("GET",  "/api/v1/venues/{venue_id}/rating",                       ["200", "200",     "200",     "200", "200"]),
    ("GET",  "/api/v1/venues/{venue_id}/events",                       ["401", "403",     "200/404", "403", "403"]),
    ("GET",  "/api/v1/staff/events",                                   ["401", "403",     "403",     "200", "403"]),
    ("GET",  "/api/v1/venues/{venue_id}/summary",                      ["401", "403",     "200/404", "403", "403"]),
    ("POST", "/api/v1/venues/{venue_id}/reviews/{review_id}/contact-requests",
                                                                       ["401", "403",     "201/404", "403", "403"]),
    ("POST", "/api/v1/venues/{venue_id}/reports/{report_id}/contact-requests",
                                                                       ["401", "403",     "201/404", "403", "403"]),
    ("GET",  "/api/v1/staff/contact-requests",                         ["401", "403",     "403",     "200", "403"]),
    ("POST", "/api/v1/staff/contact-requests/{request_id}/handled",    ["401", "403",     "403",     "200", "403"]),
    ("GET",  "/api/v1/staff/samples",                                  ["401", "403",     "403",     "200", "403"]),
    ("POST", "/api/v1/staff/samples/{review_id}/read",                 ["401", "403",     "403",     "200", "403"]),
    ("POST", "/api/v1/orders/{order_id}/problem-report",               ["401", "201/404", "403",     "403", "403"]),
    ("GET",  "/api/v1/orders/{order_id}/problem-report",               ["401", "200/404", "403",     "403", "403"]),
    ("POST", "/api/v1/orders/{order_id}/problem-report/messages",      ["401", "201/404", "403",     "403", "403"]),
    ("POST", "/api/v1/orders/{order_id}/problem-report/photos",        ["401", "201/404", "403",     "403", "403"]),
    ("GET",  "/api/v1/problem-reports/{report_id}/photos/{photo_id}",  ["401", "200/404", "200/404", "200", "403"]),
    ("GET",  "/api/v1/venues/{venue_id}/reports",                      ["401", "403",     "200/404", "403", "403"]),
    ("GET",  "/api/v1/staff/reports",                                  ["401", "403",     "403",     "200", "403"]),
    ("GET",  "/api/v1/staff/report-counts",                            ["401", "403",     "403",     "200", "403"]),
    ("GET",  "/api/v1/staff/reports/{report_id}",                      ["401", "403",     "403",     "200", "403"]),
    ("POST", "/api/v1/staff/reports/{report_id}/ask",                  ["401", "403",     "403",     "200", "403"]),
    ("POST", "/api/v1/staff/reports/{report_id}/resolve",              ["401", "403",     "403",     "200", "403"]),
    // The fixture's reports are open: staff get past authorization to the
    // status rule (only a resolved report can be reopened).
    ("POST", "/api/v1/staff/reports/{report_id}/reopen",               ["401", "403",     "403",     "409", "403"]),
];

const ROLES: [&str; 5] = ["none", "customer", "partner", "staff", "service"];

/// The live streams: their status is checked, their body never read.
const STREAMS: [&str; 2] = ["/api/v1/venues/{venue_id}/events", "/api/v1/staff/events"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Scope {
    Own,
    Other,
}

/// One side's resources (A at Helsinki, or B at Stockholm).
struct Side {
    customer: &'static str,
    venue: &'static str,
    /// Picked up, no feedback, no report.
    order: String,
    /// Has an open report with one photo.
    reported_order: String,
    report_id: String,
    photo_id: String,
    /// A bad rating with a comment (so it is in the day's sample).
    review_id: String,
    /// The venue's request to contact the customer behind the report.
    request_id: String,
}

struct Fixture {
    server: TestServer,
    own: Side,
    other: Side,
}

async fn side(server: &TestServer, customer: &'static str, venue: &'static str) -> Side {
    let order = format!("{customer}-order");
    server
        .registered(crate::support::order(&order, venue, customer, PICKUP))
        .await;
    let marked = server.mark_picked_up(&order, &server.service()).await;
    assert_eq!(marked.status, 200, "{}", marked.text);

    let reported_order = format!("{customer}-reported");
    bought(server, &reported_order, venue, customer).await;
    let report_id = filed(server, &reported_order, customer).await;
    let uploaded = upload(
        server,
        &reported_order,
        &server.customer(customer),
        "photo-key",
        Some("image/png"),
        png(),
    )
    .await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.text);
    let photo_id = uploaded.json()["photo_id"]
        .as_str()
        .expect("a photo id")
        .to_owned();

    let rated = format!("{customer}-rated");
    server.rated_order(&rated, venue, customer, "good").await;
    let review_id = server.reviews(venue, "").await.json()["items"][0]["review_id"]
        .as_str()
        .expect("a review id")
        .to_owned();
    let asked = server
        .post(
            &format!("/api/v1/venues/{venue}/reports/{report_id}/contact-requests"),
            Some(&server.partner(&[venue])),
            &json!({"message": "Soittakaa asiakkaalle"}),
        )
        .await;
    assert_eq!(asked.status, 201, "{}", asked.text);
    let request_id = asked.json()["request_id"]
        .as_str()
        .expect("a request id")
        .to_owned();
    Side {
        customer,
        venue,
        order,
        reported_order,
        report_id,
        photo_id,
        review_id,
        request_id,
    }
}

async fn fixture() -> Fixture {
    let server = TestServer::start().await;
    let own = side(&server, "customer-a", HELSINKI).await;
    let other = side(&server, "customer-b", STOCKHOLM).await;
    Fixture { server, own, other }
}

impl Fixture {
    fn token(&self, role: &str) -> Option<String> {
        let s = &self.server;
        match role {
            "none" => None,
            "customer" => Some(s.customer(self.own.customer)),
            "partner" => Some(s.partner(&[self.own.venue])),
            "staff" => Some(s.staff()),
            "service" => Some(s.service()),
            other => panic!("unknown role {other}"),
        }
    }

    /// The concrete path (with its query) of an operation on one side's
    /// resources.
    fn path(&self, template: &str, scope: Scope) -> String {
        let side = match scope {
            Scope::Own => &self.own,
            Scope::Other => &self.other,
        };
        // Replies and photos need an order with an open report; filing one
        // needs an order without.
        let order = if template.ends_with("/messages") || template.ends_with("/photos") {
            &side.reported_order
        } else {
            &side.order
        };
        let mut path = template
            .replace("{order_id}", order)
            .replace("{venue_id}", side.venue)
            .replace("{review_id}", &side.review_id)
            .replace("{report_id}", &side.report_id)
            .replace("{photo_id}", &side.photo_id)
            .replace("{request_id}", &side.request_id);
        if template == "/api/v1/staff/samples" {
            path.push_str("?date=2026-03-10");
        }
        path
    }

    /// A valid body for a write, so an allowed caller gets a 2xx.
    fn body(&self, method: &str, template: &str) -> Option<Value> {
        if method != "POST" {
            return None;
        }
        Some(match template {
            "/api/v1/orders" => crate::support::order("new-order", HELSINKI, "customer-c", PICKUP),
            t if t.ends_with("/feedback") => json!({"rating": "ok", "aspects": ["taste"]}),
            t if t.ends_with("/contact-requests") => json!({"message": "Voitteko soittaa?"}),
            t if t.ends_with("/read") => json!({"flag": false}),
            t if t.ends_with("/problem-report") => {
                json!({"kind": "venue_closed"})
            }
            t if t.ends_with("/messages") || t.ends_with("/ask") => {
                json!({"message": "Lisätietoa"})
            }
            t if t.ends_with("/resolve") => json!({"kind": "credits", "amount_cents": 500}),
            t if t.ends_with("/reopen") => json!({}),
            _ => return None,
        })
    }

    async fn call(&self, method: &str, template: &str, role: &str, scope: Scope) -> Reply {
        let path = self.path(template, scope);
        let token = self.token(role);
        let idempotency = [("idempotency-key", "matrix-key")];
        if template.ends_with("/photos") && method == "POST" {
            let token = token.unwrap_or_default();
            if token.is_empty() {
                // No token at all: send the photo without Authorization.
                let response = reqwest::Client::new()
                    .post(format!("{}{path}", self.server.base))
                    .header("idempotency-key", "matrix-key")
                    .header("content-type", "image/png")
                    .body(png())
                    .send()
                    .await
                    .expect("the server answers");
                return Reply {
                    status: response.status().as_u16(),
                    headers: response.headers().clone(),
                    text: response.text().await.expect("a body"),
                };
            }
            let order = path
                .trim_start_matches("/api/v1/orders/")
                .split('/')
                .next()
                .expect("an order id")
                .to_owned();
            return upload(
                &self.server,
                &order,
                &token,
                "matrix-key",
                Some("image/png"),
                png(),
            )
            .await;
        }
        if STREAMS.contains(&template) {
            // Only the head: a stream's body never ends.
            let mut request = reqwest::Client::new().get(format!("{}{path}", self.server.base));
            if let Some(token) = &token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.expect("the server answers");
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let text = if status == 200 {
                assert_eq!(
                    headers.get("content-type").and_then(|v| v.to_str().ok()),
                    Some("text/event-stream"),
                    "{template}"
                );
                String::new()
            } else {
                response.text().await.expect("a body")
            };
            return Reply {
                status,
                headers,
                text,
            };
        }
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let body = self.body(method.as_str(), template);
        self.server
            .send(method, &path, token.as_deref(), body.as_ref(), &idempotency)
            .await
    }
}

/// `"200"` → (200, 200); `"200/404"` → (200, 404).
fn expected(cell: &str) -> (u16, u16) {
    let parse = |s: &str| s.parse::<u16>().unwrap_or_else(|_| panic!("status {s:?}"));
    match cell.split_once('/') {
        Some((own, other)) => (parse(own), parse(other)),
        None => (parse(cell), parse(cell)),
    }
}

/// The code an authorization refusal must carry.
fn code_of(status: u16) -> Option<&'static str> {
    match status {
        401 => Some("unauthorized"),
        403 => Some("forbidden"),
        404 => Some("not_found"),
        _ => None,
    }
}

async fn served_operations(server: &TestServer) -> BTreeSet<(String, String)> {
    let doc = server.get("/api/v1/openapi.json", None).await.json();
    let mut found = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            if matches!(
                method.as_str(),
                "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
            ) {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

#[tokio::test]
async fn every_operation_answers_every_role_and_scope_as_the_table_says() {
    let shared = fixture().await;
    let documented = served_operations(&shared.server).await;
    let table: BTreeMap<(String, String), [&str; 5]> = TABLE
        .iter()
        .map(|(m, p, cells)| (((*m).to_owned(), (*p).to_owned()), *cells))
        .collect();
    assert_eq!(table.len(), TABLE.len(), "a duplicate row in the table");
    let rows: BTreeSet<(String, String)> = table.keys().cloned().collect();
    let missing: Vec<_> = documented.difference(&rows).collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the authorization table: {missing:?}"
    );
    let stale: Vec<_> = table.keys().filter(|k| !documented.contains(*k)).collect();
    assert!(
        stale.is_empty(),
        "rows for operations not in the document: {stale:?}"
    );

    // One operation at a time, its ten cells at once.
    let mut failures = Vec::new();
    let mut checked = 0;
    for ((method, template), cells) in &table {
        let mut cases = Vec::new();
        for (role, cell) in ROLES.iter().zip(cells) {
            let (own, other) = expected(cell);
            cases.push((*role, Scope::Own, own));
            cases.push((*role, Scope::Other, other));
        }
        let shared = &shared;
        let replies = join_all(cases.iter().map(|(role, scope, _)| async move {
            if method == "GET" {
                shared.call(method, template, role, *scope).await
            } else {
                fixture().await.call(method, template, role, *scope).await
            }
        }))
        .await;
        for ((role, scope, want), reply) in cases.iter().zip(replies) {
            checked += 1;
            let code_ok = match code_of(*want) {
                Some(code) if reply.status == *want => serde_json::from_str::<Value>(&reply.text)
                    .ok()
                    .and_then(|v| v["code"].as_str().map(|c| c == code))
                    .unwrap_or(false),
                _ => true,
            };
            if reply.status != *want || !code_ok {
                failures.push(format!(
                    "{method} {template} as {role} ({scope:?}): expected {want}, got {} {}",
                    reply.status, reply.text
                ));
            }
        }
    }
    println!("authorization matrix: {checked} cells checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
