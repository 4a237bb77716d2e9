//! Customer service and the venue (R10, R5, R7): the queue, one report with
//! its order, asking, resolving, reopening, counts; the venue's anonymous
//! list; live events to the venue and to staff.

use std::collections::BTreeSet;

use chrono::Duration;
use serde_json::{Value, json};

use crate::report_support::*;
use crate::sse::open;
use crate::support::*;

async fn queue(server: &TestServer, query: &str) -> Reply {
    server
        .get(
            &format!("/api/v1/staff/reports{query}"),
            Some(&server.staff()),
        )
        .await
}

fn order_ids(reply: &Reply) -> Vec<String> {
    reply.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["order_id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn the_queue_is_oldest_first_and_filters_by_status_venue_and_age() {
    let server = TestServer::start().await;
    for (order_id, venue, customer) in [
        ("order-1", HELSINKI, "c1"),
        ("order-2", STOCKHOLM, "c2"),
        ("order-3", HELSINKI, "c3"),
    ] {
        bought(&server, order_id, venue, customer).await;
    }
    let r1 = filed(&server, "order-1", "c1").await;
    server.clock.advance(Duration::hours(3));
    filed(&server, "order-2", "c2").await;
    server.clock.advance(Duration::hours(3));
    let r3 = filed(&server, "order-3", "c3").await;
    staff_act(&server, &r3, "ask", &json!({"message": "Kuva?"})).await;

    let all_open = queue(&server, "").await;
    assert_eq!(order_ids(&all_open), ["order-1", "order-2", "order-3"]);
    assert_eq!(
        order_ids(&queue(&server, "?status=needs_info").await),
        ["order-3"]
    );
    assert_eq!(
        order_ids(&queue(&server, &format!("?venue_id={HELSINKI}")).await),
        ["order-1", "order-3"]
    );
    assert_eq!(
        order_ids(&queue(&server, "?older_than_hours=2").await),
        ["order-1", "order-2"]
    );
    resolve_with_credits(&server, &r1).await;
    assert_eq!(order_ids(&queue(&server, "").await), ["order-2", "order-3"]);
    assert_eq!(
        order_ids(&queue(&server, "?status=resolved").await),
        ["order-1"]
    );
    assert_eq!(order_ids(&queue(&server, "?status=all").await).len(), 3);

    for (query, field) in [
        ("?status=closed", "status"),
        ("?older_than_hours=-1", "older_than_hours"),
        ("?older_than_hours=9999", "older_than_hours"),
        ("?venue_id=a%20b", "venue_id"),
    ] {
        let reply = queue(&server, query).await;
        reply.assert_error(422, "invalid_field");
        assert_eq!(reply.json()["field"], field, "{query}");
    }
}

#[tokio::test]
async fn staff_see_the_order_facts_and_the_thread() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    server.mark_picked_up("order-1", &server.service()).await;
    let report = filed(&server, "order-1", "customer-a").await;
    let reply = server
        .get(
            &format!("/api/v1/staff/reports/{report}"),
            Some(&server.staff()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let detail = reply.json();
    assert_eq!(detail["order"]["order_id"], "order-1");
    assert_eq!(detail["order"]["customer_id"], "customer-a");
    assert_eq!(detail["order"]["venue"]["name"], "Kahvila Aalto");
    assert_eq!(detail["order"]["products"][0]["name"], "Korvapuusti");
    assert_eq!(detail["order"]["purchased_at"], "2026-03-10T06:30:00Z");
    assert_eq!(
        detail["order"]["pickup_window"],
        json!({"start": "2026-03-10T09:30:00Z", "end": "2026-03-10T10:30:00Z"})
    );
    assert_eq!(detail["order"]["picked_up"]["by"], "marketplace");
    assert_eq!(detail["report"]["report_id"], report.as_str());

    for token in [
        server.customer("customer-a"),
        server.partner(&[HELSINKI]),
        server.service(),
    ] {
        server
            .get(&format!("/api/v1/staff/reports/{report}"), Some(&token))
            .await
            .assert_error(403, "forbidden");
        server
            .get("/api/v1/staff/reports", Some(&token))
            .await
            .assert_error(403, "forbidden");
    }
    server
        .get("/api/v1/staff/reports/nope", Some(&server.staff()))
        .await
        .assert_error(404, "not_found");
    staff_act(&server, "nope", "ask", &json!({"message": "?"}))
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn the_status_machine_is_enforced_over_http() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    let report = filed(&server, "order-1", "customer-a").await;
    staff_act(&server, &report, "reopen", &json!({}))
        .await
        .assert_error(409, "problem_report_not_resolved");
    resolve_with_credits(&server, &report).await;
    for (action, body) in [
        ("ask", json!({"message": "Vielä yksi asia"})),
        ("resolve", json!({"kind": "refund", "amount_cents": 100})),
    ] {
        staff_act(&server, &report, action, &body)
            .await
            .assert_error(409, "problem_report_resolved");
    }
    let reopened = staff_act(
        &server,
        &report,
        "reopen",
        &json!({"note": "Tarkistamme asian uudelleen."}),
    )
    .await;
    assert_eq!(reopened.status, 200, "{}", reopened.text);
    let thread = &reopened.json()["report"];
    assert_eq!(thread["status"], "received");
    assert!(thread.get("resolution").is_none(), "{thread}");
    assert_eq!(
        thread["messages"][0]["body"],
        "Tarkistamme asian uudelleen."
    );
}

#[tokio::test]
async fn resolutions_are_validated() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    let report = filed(&server, "order-1", "customer-a").await;
    for (body, status, code) in [
        (
            json!({"kind": "refund", "amount_cents": 0}),
            422,
            "invalid_amount",
        ),
        (
            json!({"kind": "refund", "amount_cents": 50_001}),
            422,
            "invalid_amount",
        ),
        (
            json!({"kind": "credits", "amount_cents": 10_001}),
            422,
            "invalid_amount",
        ),
        (json!({"kind": "other", "note": " "}), 422, "note_required"),
        (
            json!({"kind": "other", "note": "x".repeat(2001)}),
            422,
            "note_too_long",
        ),
        (
            json!({"kind": "refund", "amount_cents": -5}),
            400,
            "invalid_body",
        ),
        (json!({"kind": "voucher"}), 400, "invalid_body"),
    ] {
        staff_act(&server, &report, "resolve", &body)
            .await
            .assert_error(status, code);
    }
    staff_act(&server, &report, "ask", &json!({"message": ""}))
        .await
        .assert_error(422, "message_required");
    let ok = staff_act(
        &server,
        &report,
        "resolve",
        &json!({"kind": "refund", "amount_cents": 690}),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(
        ok.json()["report"]["resolution"],
        json!({"kind": "refund", "amount_cents": 690})
    );
    assert_eq!(ok.json()["report"]["resolved_at"], "2026-03-10T10:00:00Z");
}

async fn counts(server: &TestServer, query: &str) -> Reply {
    server
        .get(
            &format!("/api/v1/staff/report-counts{query}"),
            Some(&server.staff()),
        )
        .await
}

#[tokio::test]
async fn the_counts_say_open_waiting_and_resolved_today() {
    let server = TestServer::start().await;
    for (i, customer) in ["c1", "c2", "c3"].into_iter().enumerate() {
        bought(&server, &format!("order-{i}"), HELSINKI, customer).await;
    }
    let r0 = filed(&server, "order-0", "c1").await;
    let r1 = filed(&server, "order-1", "c2").await;
    filed(&server, "order-2", "c3").await;
    staff_act(&server, &r1, "ask", &json!({"message": "?"})).await;
    resolve_with_credits(&server, &r0).await;
    assert_eq!(
        counts(&server, "").await.json(),
        json!({"open": 2, "waiting": 1, "resolved_today": 1, "day": "2026-03-10"})
    );
    // Helsinki's next day starts at 22:00Z: resolved "today" no longer.
    server.clock.set(utc("2026-03-10T22:00:00Z"));
    assert_eq!(counts(&server, "").await.json()["resolved_today"], 0);
    // In UTC it is still 10 March.
    assert_eq!(
        counts(&server, "?time_zone=UTC").await.json()["resolved_today"],
        1
    );
    counts(&server, "?time_zone=Mars/Olympus")
        .await
        .assert_error(422, "invalid_time_zone");
    server
        .get("/api/v1/staff/report-counts", Some(&server.customer("c1")))
        .await
        .assert_error(403, "forbidden");
}

#[tokio::test]
async fn a_venue_sees_its_reports_anonymously_for_two_months() {
    let server = TestServer::start().await;
    bought(&server, "order-secret-1", HELSINKI, "cust-secret-1").await;
    bought(&server, "order-sthlm", STOCKHOLM, "c2").await;
    let report = filed(&server, "order-secret-1", "cust-secret-1").await;
    filed(&server, "order-sthlm", "c2").await;
    resolve_with_credits(&server, &report).await;

    let path = format!("/api/v1/venues/{HELSINKI}/reports");
    let reply = server.get(&path, Some(&server.partner(&[HELSINKI]))).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let items = reply.json()["items"].clone();
    assert_eq!(items.as_array().map(Vec::len), Some(1));
    let item = &items[0];
    assert_eq!(item["purchase_date"], "2026-03-10");
    assert_eq!(item["status"], "resolved");
    assert_eq!(item["resolution"]["amount_cents"], 500);
    let keys: BTreeSet<&str> = item
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let allowed: BTreeSet<&str> = [
        "report_id",
        "venue_id",
        "purchase_date",
        "products",
        "kind",
        "description",
        "status",
        "resolution",
        "photos",
    ]
    .into();
    assert!(keys.is_subset(&allowed), "{keys:?}");
    assert!(!reply.text.contains("cust-secret-1"), "{}", reply.text);
    assert!(!reply.text.contains("order-secret-1"), "{}", reply.text);
    assert!(
        !reply.text.contains("T10:00"),
        "no time of day: {}",
        reply.text
    );

    // Another venue's partner: not found; other roles: forbidden.
    server
        .get(&path, Some(&server.partner(&[STOCKHOLM])))
        .await
        .assert_error(404, "not_found");
    for token in [server.customer("cust-secret-1"), server.staff()] {
        server
            .get(&path, Some(&token))
            .await
            .assert_error(403, "forbidden");
    }
    // Two months later the report has left the list.
    server.clock.set(utc("2026-05-11T10:00:00Z"));
    let later = server.get(&path, Some(&server.partner(&[HELSINKI]))).await;
    assert_eq!(later.json()["items"], json!([]));
}

async fn stream(server: &TestServer, path: &str, token: &str) -> crate::sse::EventStream {
    let (status, stream, text) = open(server, path, Some(token), &[]).await;
    assert_eq!(status, 200, "{text}");
    stream.expect("a stream")
}

#[tokio::test]
async fn every_change_reaches_the_venue_anonymously_and_staff_with_the_queue_row() {
    let server = TestServer::start().await;
    let mut venue = stream(
        &server,
        &format!("/api/v1/venues/{HELSINKI}/events"),
        &server.partner(&[HELSINKI]),
    )
    .await;
    let mut other_venue = stream(
        &server,
        &format!("/api/v1/venues/{STOCKHOLM}/events"),
        &server.partner(&[STOCKHOLM]),
    )
    .await;
    let mut staff = stream(&server, "/api/v1/staff/events", &server.staff()).await;
    bought(&server, "order-secret-7", HELSINKI, "cust-secret-7").await;

    let report = filed(&server, "order-secret-7", "cust-secret-7").await;
    let ask = json!({"message": "Mitä sait?"});
    staff_act(&server, &report, "ask", &ask).await;
    reply_as(&server, "order-secret-7", "cust-secret-7", "r", "Pullia").await;
    resolve_with_credits(&server, &report).await;

    let mut statuses = Vec::new();
    let mut last = Value::Null;
    for _ in 0..4 {
        let event = venue.next().await;
        assert_eq!(event.event.as_deref(), Some("report_changed"));
        assert!(!event.data.contains("cust-secret-7"), "{}", event.data);
        assert!(!event.data.contains("order-secret-7"), "{}", event.data);
        let payload: Value = event.json();
        assert_eq!(payload["report_id"], report.as_str());
        statuses.push(payload["status"].as_str().unwrap_or_default().to_owned());
        last = payload;
    }
    assert_eq!(statuses, ["received", "needs_info", "received", "resolved"]);
    let listed = server
        .get(
            &format!("/api/v1/venues/{HELSINKI}/reports"),
            Some(&server.partner(&[HELSINKI])),
        )
        .await
        .json();

    let mut staff_statuses = Vec::new();
    for _ in 0..4 {
        let event = staff.next().await;
        assert_eq!(event.event.as_deref(), Some("report_changed"));
        let payload = event.json();
        assert_eq!(payload["order_id"], "order-secret-7");
        staff_statuses.push(payload["status"].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(staff_statuses, statuses);
    assert_eq!(
        listed["items"][0], last,
        "the venue's event is the listed report"
    );
    assert!(
        other_venue
            .next_within(std::time::Duration::from_millis(300))
            .await
            .is_none(),
        "another venue hears nothing"
    );
}
