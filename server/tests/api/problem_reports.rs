//! "Is there a problem with this order?" — the customer's side (R9):
//! filing a report, its time limits, one open report per order, replies,
//! exactly-once writes, and who may touch which report.

use chrono::Duration;
use serde_json::json;

use crate::report_support::*;
use crate::support::*;

#[tokio::test]
async fn a_customer_files_a_report_and_reads_it_back() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    let before = thread(&server, "order-1", "customer-a").await;
    assert_eq!(before.status, 200, "{}", before.text);
    assert_eq!(
        before.json(),
        json!({"order_id": "order-1", "availability": {"state": "open", "closes_at": "2026-03-24T22:00:00Z"}})
    );

    let body = json!({"kind": "venue_closed", "description": "  Ovi kiinni klo 12.\r\n  "});
    let reply = file(&server, "order-1", "customer-a", "key-1", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let view = reply.json();
    let report = &view["report"];
    assert_eq!(report["kind"], "venue_closed");
    assert_eq!(report["description"], "Ovi kiinni klo 12.");
    assert_eq!(report["status"], "received");
    assert_eq!(report["created_at"], "2026-03-10T10:00:00Z");
    assert_eq!(report["messages"], json!([]));
    assert_eq!(
        view["availability"],
        json!({"state": "report_open", "report_id": report["report_id"]})
    );
    assert_eq!(thread(&server, "order-1", "customer-a").await.json(), view);
}

#[tokio::test]
async fn other_needs_a_description_and_texts_follow_the_comment_rules() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    let cases = [
        (json!({"kind": "other"}), "description_required"),
        (
            json!({"kind": "other", "description": "   "}),
            "description_required",
        ),
        (
            json!({"kind": "wrong_product", "description": "x".repeat(2001)}),
            "description_too_long",
        ),
        (
            json!({"kind": "other", "description": "a\u{1b}[0m"}),
            "text_control_character",
        ),
    ];
    for (i, (body, code)) in cases.iter().enumerate() {
        let reply = file(&server, "order-1", "customer-a", &format!("k{i}"), body).await;
        reply.assert_error(422, code);
        assert_eq!(reply.json()["field"], "description");
    }
    file(
        &server,
        "order-1",
        "customer-a",
        "k-bad",
        &json!({"kind": "stolen"}),
    )
    .await
    .assert_error(400, "invalid_body");
    file(
        &server,
        "order-1",
        "customer-a",
        "k-extra",
        &json!({"kind": "other", "description": "x", "customer_id": "b"}),
    )
    .await
    .assert_error(400, "invalid_body");
    // Nothing was filed.
    assert!(
        thread(&server, "order-1", "customer-a")
            .await
            .json()
            .get("report")
            .is_none()
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_answer_and_files_once() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    let body = json!({"kind": "not_available"});
    let first = file(&server, "order-1", "customer-a", "key-1", &body).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(first.header("idempotent-replayed"), None);
    server.clock.advance(Duration::minutes(5));
    let again = file(&server, "order-1", "customer-a", "key-1", &body).await;
    assert_eq!(
        (again.status, again.text.as_str()),
        (201, first.text.as_str())
    );
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    // The same key for another request is refused; no key is refused.
    file(
        &server,
        "order-1",
        "customer-a",
        "key-1",
        &json!({"kind": "other", "description": "x"}),
    )
    .await
    .assert_error(422, "idempotency_key_reused");
    server
        .post(
            &report_path("order-1"),
            Some(&server.customer("customer-a")),
            &body,
        )
        .await
        .assert_error(400, "missing_idempotency_key");
    let queue = server
        .get("/api/v1/staff/reports", Some(&server.staff()))
        .await;
    assert_eq!(queue.json()["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_second_report_while_one_is_open_names_the_open_one() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    let first = filed(&server, "order-1", "customer-a").await;
    let second = file(
        &server,
        "order-1",
        "customer-a",
        "another-key",
        &json!({"kind": "venue_closed"}),
    )
    .await;
    second.assert_error(409, "problem_report_already_open");
    assert_eq!(second.json()["report_id"], first.as_str());

    // Once resolved, a new problem can be reported; the receipt shows the newest.
    resolve_with_credits(&server, &first).await;
    let third = file(
        &server,
        "order-1",
        "customer-a",
        "third-key",
        &json!({"kind": "venue_closed"}),
    )
    .await;
    assert_eq!(third.status, 201, "{}", third.text);
    let view = thread(&server, "order-1", "customer-a").await.json();
    assert_eq!(view["report"]["kind"], "venue_closed");
    assert_ne!(view["report"]["report_id"], first.as_str());
}

#[tokio::test]
async fn reporting_is_open_from_the_purchase_until_the_end_of_the_fourteenth_day() {
    let server = TestServer::start().await;
    // Bought at T0 + 1 h (pickup T0 + 4 h): not purchased yet at T0.
    let mut future = order(
        "order-later",
        HELSINKI,
        "customer-a",
        "2026-03-10T14:00:00Z",
    );
    future["purchased_at"] = json!("2026-03-10T11:00:00Z");
    server.registered(future).await;
    let early = file(
        &server,
        "order-later",
        "customer-a",
        "k0",
        &json!({"kind": "venue_closed"}),
    )
    .await;
    early.assert_error(409, "problem_report_not_open");

    bought(&server, "order-1", HELSINKI, "customer-a").await;
    // Pickup day 10 Mar (Helsinki): open until 25 Mar 00:00 +02:00.
    server.clock.set(utc("2026-03-24T21:59:59Z"));
    assert_eq!(
        file(
            &server,
            "order-1",
            "customer-a",
            "k1",
            &json!({"kind": "wrong_product"})
        )
        .await
        .status,
        201
    );
    bought(&server, "order-2", HELSINKI, "customer-a").await;
    server.clock.set(utc("2026-03-24T22:00:00Z"));
    file(
        &server,
        "order-2",
        "customer-a",
        "k2",
        &json!({"kind": "wrong_product"}),
    )
    .await
    .assert_error(409, "problem_report_closed");
    assert_eq!(
        thread(&server, "order-2", "customer-a").await.json()["availability"],
        json!({"state": "closed", "closed_at": "2026-03-24T22:00:00Z"})
    );
}

#[tokio::test]
async fn the_period_is_configurable() {
    let server = TestServer::start_with(|state| {
        state.report_policy = resq_core::rules::ReportPolicy {
            close_after_days: 1,
        };
    })
    .await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    server.clock.set(utc("2026-03-11T22:00:00Z"));
    file(
        &server,
        "order-1",
        "customer-a",
        "k",
        &json!({"kind": "venue_closed"}),
    )
    .await
    .assert_error(409, "problem_report_closed");
}

#[tokio::test]
async fn a_reply_answers_a_question_and_a_resolved_report_takes_no_more() {
    let server = TestServer::start().await;
    bought(&server, "order-1", HELSINKI, "customer-a").await;
    reply_as(&server, "order-1", "customer-a", "r0", "Hei?")
        .await
        .assert_error(404, "not_found");
    let report = filed(&server, "order-1", "customer-a").await;
    let asked = staff_act(&server, &report, "ask", &json!({"message": "Mitä sait?"})).await;
    assert_eq!(asked.json()["report"]["status"], "needs_info");
    let view = thread(&server, "order-1", "customer-a").await.json();
    assert_eq!(view["report"]["status"], "needs_info");
    assert_eq!(
        view["report"]["messages"],
        json!([{"author": "staff", "body": "Mitä sait?", "sent_at": "2026-03-10T10:00:00Z"}])
    );

    server.clock.advance(Duration::minutes(10));
    let replied = reply_as(&server, "order-1", "customer-a", "r1", " Pullia. ").await;
    assert_eq!(replied.status, 201, "{}", replied.text);
    let report_view = &replied.json()["report"];
    assert_eq!(report_view["status"], "received");
    assert_eq!(report_view["messages"][1]["author"], "customer");
    assert_eq!(report_view["messages"][1]["body"], "Pullia.");
    // The same reply again is a replay, not a second message.
    let again = reply_as(&server, "order-1", "customer-a", "r1", " Pullia. ").await;
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    reply_as(&server, "order-1", "customer-a", "r2", "  ")
        .await
        .assert_error(422, "message_required");

    resolve_with_credits(&server, &report).await;
    reply_as(&server, "order-1", "customer-a", "r3", "Kiitos!")
        .await
        .assert_error(409, "problem_report_resolved");
    let view = thread(&server, "order-1", "customer-a").await.json();
    assert_eq!(view["report"]["messages"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        view["report"]["resolution"],
        json!({"kind": "credits", "amount_cents": 500, "note": "Pahoittelut!"})
    );
}

#[tokio::test]
async fn a_customer_reaches_only_their_own_orders_reports() {
    let server = TestServer::start().await;
    bought(&server, "order-a", HELSINKI, "customer-a").await;
    filed(&server, "order-a", "customer-a").await;
    let body = json!({"kind": "wrong_product"});
    // Customer B: the order does not exist for them.
    thread(&server, "order-a", "customer-b")
        .await
        .assert_error(404, "not_found");
    file(&server, "order-a", "customer-b", "kb", &body)
        .await
        .assert_error(404, "not_found");
    reply_as(&server, "order-a", "customer-b", "kb2", "hei")
        .await
        .assert_error(404, "not_found");
    // Other roles may not use the customer's endpoints.
    for token in [
        server.partner(&[HELSINKI]),
        server.staff(),
        server.service(),
    ] {
        server
            .get(&report_path("order-a"), Some(&token))
            .await
            .assert_error(403, "forbidden");
    }
    server
        .get(&report_path("order-a"), None)
        .await
        .assert_error(401, "unauthorized");
    thread(&server, "no-such-order", "customer-a")
        .await
        .assert_error(404, "not_found");
}
