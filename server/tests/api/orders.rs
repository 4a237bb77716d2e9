//! Orders: registration by the marketplace, the customer's view, the pickup mark.

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn the_marketplace_registers_an_order_and_a_repeat_changes_nothing() {
    let server = TestServer::start().await;
    let body = order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");

    let created = server.register(&body).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let view = created.json();
    assert_eq!(view["order_id"], "order-1");
    assert_eq!(view["venue"]["name"], "Kahvila Aalto");
    assert_eq!(view["purchase_date"], "2026-03-10");
    assert_eq!(view["feedback"]["state"], "not_open");

    let again = server.register(&body).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json(), view);
}

#[tokio::test]
async fn different_details_under_a_known_order_id_are_an_order_conflict() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T14:00:00Z",
        ))
        .await;
    let other_customer = order("order-1", HELSINKI, "customer-b", "2026-03-10T14:00:00Z");
    server
        .register(&other_customer)
        .await
        .assert_error(409, "order_conflict");
    let other_time = order("order-1", HELSINKI, "customer-a", "2026-03-10T15:00:00Z");
    server
        .register(&other_time)
        .await
        .assert_error(409, "order_conflict");
}

#[tokio::test]
async fn registration_refuses_each_invalid_field_with_its_code() {
    let server = TestServer::start().await;
    let valid = || order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");
    let cases: Vec<(&str, serde_json::Value, &str, &str)> = vec![
        (
            "order_id",
            json!("has space"),
            "invalid_identifier",
            "order_id",
        ),
        (
            "customer_id",
            json!(""),
            "invalid_identifier",
            "customer_id",
        ),
        ("products", json!([]), "invalid_products", "products"),
        (
            "products",
            json!([{"name": "Pulla", "quantity": 0}]),
            "invalid_products",
            "products[0]",
        ),
        (
            "products",
            json!([{"name": "Pulla", "quantity": 1}, {"name": "  ", "quantity": 1}]),
            "invalid_products",
            "products[1]",
        ),
        (
            "products",
            json!([{"name": "x".repeat(201), "quantity": 1}]),
            "invalid_products",
            "products[0]",
        ),
    ];
    for (field, value, code, reported) in cases {
        let mut body = valid();
        body[field] = value;
        let reply = server.register(&body).await;
        reply.assert_error(422, code);
        assert_eq!(reply.json()["field"], reported);
    }

    let mut body = valid();
    body["venue"]["time_zone"] = json!("Europe/Atlantis");
    let reply = server.register(&body).await;
    reply.assert_error(422, "invalid_time_zone");
    assert_eq!(reply.json()["field"], "venue.time_zone");

    let mut body = valid();
    body["venue"]["id"] = json!("venue/../x");
    server
        .register(&body)
        .await
        .assert_error(422, "invalid_identifier");

    let mut body = valid();
    body["venue"]["name"] = json!(" ");
    let reply = server.register(&body).await;
    reply.assert_error(422, "invalid_field");
    assert_eq!(reply.json()["field"], "venue.name");

    for (start, end) in [
        ("2026-03-10T14:00:00Z", "2026-03-10T14:00:00Z"),
        ("2026-03-10T14:00:00Z", "2026-03-10T13:00:00Z"),
        ("2026-03-10T14:00:00Z", "2026-03-11T14:00:01Z"),
    ] {
        let mut body = valid();
        body["pickup_window"] = json!({"start": start, "end": end});
        server
            .register(&body)
            .await
            .assert_error(422, "invalid_pickup_window");
    }
    // Exactly 24 hours and a product name of 200 characters are fine.
    let mut body = valid();
    body["pickup_window"] = json!({"start": "2026-03-10T14:00:00Z", "end": "2026-03-11T14:00:00Z"});
    body["products"] = json!([{"name": "ä".repeat(200), "quantity": 1}]);
    assert_eq!(server.register(&body).await.status, 201);
}

#[tokio::test]
async fn only_the_marketplace_registers_orders() {
    let server = TestServer::start().await;
    let body = order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");
    for token in [
        server.customer("customer-a"),
        server.partner(&[HELSINKI]),
        server.staff(),
    ] {
        server
            .post("/api/v1/orders", Some(&token), &body)
            .await
            .assert_error(403, "forbidden");
    }
    let anonymous = server.post("/api/v1/orders", None, &body).await;
    anonymous.assert_error(401, "unauthorized");
    assert!(
        anonymous
            .header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer")),
        "{:?}",
        anonymous.headers
    );
}

#[tokio::test]
async fn a_customer_reads_their_order_with_its_feedback_state() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T14:00:00Z",
        ))
        .await;
    let reply = server.order_of("order-1", "customer-a").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let view = reply.json();
    // R1: opens at the latest at Helsinki midnight starting the next day.
    assert_eq!(
        view["feedback"],
        json!({"state": "not_open", "opens_at": "2026-03-10T22:00:00Z"})
    );
    assert_eq!(
        view["products"][0],
        json!({"name": "Korvapuusti", "quantity": 2})
    );
    assert!(!reply.text.contains("customer-a"), "{}", reply.text);
}

#[tokio::test]
async fn a_customer_cannot_see_another_customers_order() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-of-a",
            HELSINKI,
            "customer-a",
            "2026-03-10T14:00:00Z",
        ))
        .await;
    let someone_elses = server.order_of("order-of-a", "customer-b").await;
    someone_elses.assert_error(404, "not_found");
    let missing = server.order_of("no-such-order", "customer-b").await;
    assert_eq!(
        someone_elses.text, missing.text,
        "existence is not revealed"
    );
}

#[tokio::test]
async fn only_customers_read_orders() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T14:00:00Z",
        ))
        .await;
    for token in [
        server.partner(&[HELSINKI]),
        server.service(),
        server.staff(),
    ] {
        server
            .get("/api/v1/orders/order-1", Some(&token))
            .await
            .assert_error(403, "forbidden");
    }
    server
        .get("/api/v1/orders/order-1", None)
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn the_venue_the_customer_or_the_marketplace_mark_the_pickup_and_the_first_mark_wins() {
    let server = TestServer::start().await;
    for id in ["by-venue", "by-customer", "by-marketplace"] {
        server
            .registered(order(id, HELSINKI, "customer-a", "2026-03-10T09:30:00Z"))
            .await;
    }
    let venue = server.partner(&[HELSINKI]);
    let customer = server.customer("customer-a");
    let service = server.service();
    for (id, token, by) in [
        ("by-venue", &venue, "venue"),
        ("by-customer", &customer, "customer"),
        ("by-marketplace", &service, "marketplace"),
    ] {
        let reply = server.mark_picked_up(id, token).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_eq!(
            reply.json(),
            json!({"picked_up": {"at": "2026-03-10T10:00:00Z", "by": by}, "already_marked": false})
        );
        assert!(!reply.text.contains("customer-a"), "{}", reply.text);
        assert!(!reply.text.contains(id), "{}", reply.text);
    }

    // A later mark by someone else changes nothing.
    server.clock.advance(chrono::Duration::minutes(5));
    let again = server.mark_picked_up("by-venue", &customer).await;
    assert_eq!(again.status, 200);
    assert_eq!(
        again.json(),
        json!({"picked_up": {"at": "2026-03-10T10:00:00Z", "by": "venue"}, "already_marked": true})
    );

    // R1: the mark opens feedback at once.
    let view = server.order_of("by-venue", "customer-a").await.json();
    assert_eq!(view["feedback"]["state"], "open");
    assert_eq!(view["picked_up"]["by"], "venue");
}

#[tokio::test]
async fn nobody_marks_an_order_outside_their_scope() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T09:30:00Z",
        ))
        .await;
    server
        .mark_picked_up("order-1", &server.partner(&[STOCKHOLM]))
        .await
        .assert_error(404, "not_found");
    server
        .mark_picked_up("order-1", &server.customer("customer-b"))
        .await
        .assert_error(404, "not_found");
    server
        .mark_picked_up("no-such-order", &server.service())
        .await
        .assert_error(404, "not_found");
    server
        .mark_picked_up("order-1", &server.staff())
        .await
        .assert_error(403, "forbidden");
    let reply = server
        .send(
            reqwest::Method::POST,
            "/api/v1/orders/order-1/pickup",
            None,
            None,
            &[],
        )
        .await;
    reply.assert_error(401, "unauthorized");
    // Nothing was marked.
    let view = server.order_of("order-1", "customer-a").await.json();
    assert!(view.get("picked_up").is_none(), "{view}");
}

#[tokio::test]
async fn tokens_that_are_expired_forged_or_malformed_are_unauthorized() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T14:00:00Z",
        ))
        .await;
    let token = server.customer("customer-a");
    server.clock.advance(chrono::Duration::days(366));
    let expired = server.get("/api/v1/orders/order-1", Some(&token)).await;
    expired.assert_error(401, "unauthorized");
    assert!(
        expired
            .header("www-authenticate")
            .is_some_and(|h| h.contains("invalid_token"))
    );

    let forged = resq_server::auth::TokenKeys::new(b"another-secret")
        .issue(
            "customer-a",
            resq_server::auth::Role::Customer,
            &[],
            server.clock.now(),
            chrono::Duration::days(1),
        )
        .expect("a token");
    server
        .get("/api/v1/orders/order-1", Some(&forged))
        .await
        .assert_error(401, "unauthorized");
    let malformed = server
        .send(
            reqwest::Method::GET,
            "/api/v1/orders/order-1",
            None,
            None,
            &[("authorization", "Basic Zm9vOmJhcg==")],
        )
        .await;
    malformed.assert_error(401, "unauthorized");
}

#[tokio::test]
async fn a_registration_must_be_small_json_of_the_documented_shape() {
    let server = TestServer::start().await;
    let mut body = order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");
    body["customer_name"] = json!("Matti Meikäläinen");
    let reply = server.register(&body).await;
    reply.assert_error(400, "invalid_body");
    assert_eq!(reply.json()["field"], "customer_name");

    let mut body = order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");
    body["products"][0]["quantity"] = json!("two");
    let reply = server.register(&body).await;
    reply.assert_error(400, "invalid_body");
    assert_eq!(reply.json()["field"], "products[0].quantity");

    let service = server.service();
    let as_text = server
        .send(
            reqwest::Method::POST,
            "/api/v1/orders",
            Some(&service),
            None,
            &[("content-type", "text/plain")],
        )
        .await;
    as_text.assert_error(415, "unsupported_media_type");

    let mut huge = order("order-1", HELSINKI, "customer-a", "2026-03-10T14:00:00Z");
    huge["products"] = json!(vec![json!({"name": "Korvapuusti", "quantity": 1}); 600]);
    server
        .register(&huge)
        .await
        .assert_error(413, "body_too_large");
}
