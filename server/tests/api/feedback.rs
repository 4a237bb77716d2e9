//! Feedback submission: the rules R1–R4 and exactly-once storage.

use chrono::Duration;
use serde_json::json;

use crate::support::*;

/// An order picked up at T0 in Helsinki: open for feedback.
async fn open_order(server: &TestServer, id: &str, customer: &str) {
    server
        .registered(order(id, HELSINKI, customer, "2026-03-10T09:30:00Z"))
        .await;
    assert_eq!(
        server.mark_picked_up(id, &server.service()).await.status,
        200
    );
}

#[tokio::test]
async fn a_customer_rates_an_open_order_and_gets_a_receipt() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let body = json!({"rating": "good", "aspects": ["taste", "size"], "comment": "  Maukasta!\r\nKiitos  "});
    let reply = server.submit("order-1", "customer-a", "key-1", &body).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(
        reply.json(),
        json!({"order_id": "order-1", "feedback": {"rating": "good", "aspects": ["taste", "size"], "comment": "Maukasta!\nKiitos"}})
    );
    let view = server.order_of("order-1", "customer-a").await.json();
    assert_eq!(view["feedback"]["state"], "submitted");
    assert_eq!(view["feedback"]["feedback"]["rating"], "good");
}

#[tokio::test]
async fn a_replay_with_the_same_key_returns_the_identical_answer() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let body = json!({"rating": "ok", "aspects": ["price"], "comment": "Hieman kallis"});
    let first = server.submit("order-1", "customer-a", "key-1", &body).await;
    assert_eq!(first.status, 201);
    assert_eq!(first.header("idempotent-replayed"), None);

    server.clock.advance(Duration::minutes(3));
    let replay = server.submit("order-1", "customer-a", "key-1", &body).await;
    assert_eq!(replay.status, 201);
    assert_eq!(replay.text, first.text);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    // Still one review.
    let page = server.reviews(HELSINKI, "").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_same_key_with_a_different_body_is_refused() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    open_order(&server, "order-2", "customer-a").await;
    let good = json!({"rating": "good"});
    assert_eq!(
        server
            .submit("order-1", "customer-a", "key-1", &good)
            .await
            .status,
        201
    );
    server
        .submit("order-1", "customer-a", "key-1", &json!({"rating": "bad"}))
        .await
        .assert_error(422, "idempotency_key_reused");
    // The same body for another order is another request too.
    server
        .submit("order-2", "customer-a", "key-1", &good)
        .await
        .assert_error(422, "idempotency_key_reused");
}

#[tokio::test]
async fn a_second_feedback_for_an_order_is_refused() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let body = json!({"rating": "good"});
    assert_eq!(
        server
            .submit("order-1", "customer-a", "key-1", &body)
            .await
            .status,
        201
    );
    server
        .submit("order-1", "customer-a", "key-2", &body)
        .await
        .assert_error(409, "feedback_already_submitted");
}

#[tokio::test]
async fn before_opening_the_answer_says_when_feedback_opens() {
    let server = TestServer::start().await;
    // Pickup 10 March 18:00–19:00 Helsinki (UTC+2), not marked picked up.
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T16:00:00Z",
        ))
        .await;
    let body = json!({"rating": "good"});
    let early = server.submit("order-1", "customer-a", "key-1", &body).await;
    early.assert_error(409, "feedback_not_open");
    assert_eq!(early.json()["opens_at"], "2026-03-10T22:00:00Z");

    // R1: at the latest at local midnight starting the next day — to the millisecond.
    server.clock.set(utc("2026-03-10T21:59:59.999Z"));
    server
        .submit("order-1", "customer-a", "key-1", &body)
        .await
        .assert_error(409, "feedback_not_open");
    server.clock.set(utc("2026-03-10T22:00:00Z"));
    assert_eq!(
        server
            .submit("order-1", "customer-a", "key-1", &body)
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn after_the_feedback_period_feedback_is_closed() {
    let server = TestServer::start().await;
    // Pickup day 10 March (Helsinki); open through 9 April, closed from
    // Helsinki midnight starting 10 April (UTC+3 by then).
    open_order(&server, "order-1", "customer-a").await;
    let body = json!({"rating": "bad", "aspects": ["service"]});
    server.clock.set(utc("2026-04-09T21:00:00Z"));
    server
        .submit("order-1", "customer-a", "key-1", &body)
        .await
        .assert_error(409, "feedback_closed");
    let view = server.order_of("order-1", "customer-a").await.json();
    assert_eq!(
        view["feedback"],
        json!({"state": "closed", "closed_at": "2026-04-09T21:00:00Z"})
    );
    server.clock.set(utc("2026-04-09T20:59:59.999Z"));
    assert_eq!(
        server
            .submit("order-1", "customer-a", "key-1", &body)
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn the_idempotency_key_is_required_and_must_be_visible_ascii() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let token = server.customer("customer-a");
    let body = json!({"rating": "good"});
    let path = "/api/v1/orders/order-1/feedback";
    server
        .post(path, Some(&token), &body)
        .await
        .assert_error(400, "missing_idempotency_key");
    let long = "k".repeat(129);
    for key in ["has space", long.as_str()] {
        server
            .send(
                reqwest::Method::POST,
                path,
                Some(&token),
                Some(&body),
                &[("idempotency-key", key)],
            )
            .await
            .assert_error(400, "invalid_idempotency_key");
    }
}

#[tokio::test]
async fn invalid_feedback_is_refused_field_by_field() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let cases = [
        (
            json!({"rating": "good", "comment": "x".repeat(1001)}),
            "comment_too_long",
            "comment",
        ),
        (
            json!({"rating": "good", "comment": "tab\there"}),
            "comment_control_character",
            "comment",
        ),
        (
            json!({"rating": "good", "aspects": ["taste", "taste"]}),
            "aspects_duplicate",
            "aspects",
        ),
    ];
    for (i, (body, code, field)) in cases.into_iter().enumerate() {
        let reply = server
            .submit("order-1", "customer-a", &format!("key-{i}"), &body)
            .await;
        reply.assert_error(422, code);
        assert_eq!(reply.json()["field"], field);
    }
    // Nothing was stored: the order is still open.
    let view = server.order_of("order-1", "customer-a").await.json();
    assert_eq!(view["feedback"]["state"], "open");
}

#[tokio::test]
async fn malformed_bodies_are_invalid_and_name_the_field() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let cases = [
        (json!({"rating": "excellent"}), Some("rating")),
        (json!({"aspects": ["taste"]}), Some("rating")),
        (
            json!({"rating": "good", "customer_id": "someone"}),
            Some("customer_id"),
        ),
        (
            json!({"rating": "good", "aspects": "taste"}),
            Some("aspects"),
        ),
        (json!("good"), None),
    ];
    for (i, (body, field)) in cases.into_iter().enumerate() {
        let reply = server
            .submit("order-1", "customer-a", &format!("key-{i}"), &body)
            .await;
        reply.assert_error(400, "invalid_body");
        assert_eq!(reply.json()["field"].as_str(), field, "{body}");
    }
}

#[tokio::test]
async fn the_body_must_be_small_json() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let token = format!("Bearer {}", server.customer("customer-a"));
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/orders/order-1/feedback", server.base);
    let send = |content_type: &'static str, body: String| {
        client
            .post(&url)
            .header("authorization", &token)
            .header("idempotency-key", "key-1")
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let status_and_code = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let body: serde_json::Value = r.json().await.expect("a JSON error");
        (status, body["code"].as_str().unwrap_or_default().to_owned())
    };

    let not_json = send("text/plain", r#"{"rating":"good"}"#.into())
        .await
        .expect("sent");
    assert_eq!(
        status_and_code(not_json).await,
        (415, "unsupported_media_type".into())
    );

    let broken = send("application/json", r#"{"rating":"#.into())
        .await
        .expect("sent");
    assert_eq!(status_and_code(broken).await, (400, "invalid_body".into()));

    let padding = " ".repeat(16 * 1024);
    let too_large = send(
        "application/json",
        format!(r#"{{"rating":"good"}}{padding}"#),
    )
    .await
    .expect("sent");
    assert_eq!(
        status_and_code(too_large).await,
        (413, "body_too_large".into())
    );

    let just_fits = format!(r#"{{"rating":"good"}}{}"#, " ".repeat(16 * 1024 - 17));
    let ok = send("application/json; charset=utf-8", just_fits)
        .await
        .expect("sent");
    assert_eq!(ok.status().as_u16(), 201);
}

#[tokio::test]
async fn only_the_customer_who_ordered_gives_feedback() {
    let server = TestServer::start().await;
    open_order(&server, "order-1", "customer-a").await;
    let body = json!({"rating": "good"});
    server
        .submit("order-1", "customer-b", "key-1", &body)
        .await
        .assert_error(404, "not_found");
    server
        .submit("no-such-order", "customer-a", "key-2", &body)
        .await
        .assert_error(404, "not_found");
    for token in [
        server.partner(&[HELSINKI]),
        server.service(),
        server.staff(),
    ] {
        server
            .send(
                reqwest::Method::POST,
                "/api/v1/orders/order-1/feedback",
                Some(&token),
                Some(&body),
                &[("idempotency-key", "key-3")],
            )
            .await
            .assert_error(403, "forbidden");
    }
    server
        .send(
            reqwest::Method::POST,
            "/api/v1/orders/order-1/feedback",
            None,
            Some(&body),
            &[("idempotency-key", "key-4")],
        )
        .await
        .assert_error(401, "unauthorized");
}
