//! A venue's review list (R6–R8, R13) and its public rating (R12, R13).

use chrono::Duration;
use serde_json::{Value, json};

use crate::support::*;

/// Registers an order picked up now and rates it with a comment.
async fn review(server: &TestServer, order_id: &str, venue: &str, customer: &str, comment: &str) {
    server
        .registered(order(
            order_id,
            venue,
            customer,
            &server.clock.now().to_rfc3339(),
        ))
        .await;
    assert_eq!(
        server
            .mark_picked_up(order_id, &server.service())
            .await
            .status,
        200
    );
    let body = json!({"rating": "good", "aspects": ["taste"], "comment": comment});
    let reply = server
        .submit(order_id, customer, &format!("key-{order_id}"), &body)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}

fn comments(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["comment"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn a_venue_sees_its_own_reviews_newest_first_and_anonymous() {
    let server = TestServer::start().await;
    review(
        &server,
        "order-secret-1",
        HELSINKI,
        "cust-secret-a",
        "Ensimmäinen",
    )
    .await;
    server.clock.advance(Duration::hours(1));
    review(
        &server,
        "order-secret-2",
        HELSINKI,
        "cust-secret-b",
        "Toinen",
    )
    .await;
    review(
        &server,
        "order-secret-3",
        STOCKHOLM,
        "cust-secret-a",
        "Annan venue",
    )
    .await;

    let reply = server.reviews(HELSINKI, "").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let page = reply.json();
    assert_eq!(comments(&page), ["Toinen", "Ensimmäinen"]);
    assert!(page.get("next_cursor").is_none());
    let item = &page["items"][0];
    let mut keys: Vec<&str> = item
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "aspects",
            "comment",
            "products",
            "purchase_date",
            "rating",
            "review_id",
            "venue_id"
        ]
    );
    assert_eq!(item["purchase_date"], "2026-03-10");
    assert_eq!(
        item["products"][0],
        json!({"name": "Korvapuusti", "quantity": 2})
    );

    // R7: nothing identifies the customer — not their id, not the order, not the time.
    for secret in [
        "cust-secret",
        "order-secret",
        "T10:",
        "T11:",
        "10:00",
        "11:00",
    ] {
        assert!(!reply.text.contains(secret), "{secret} in {}", reply.text);
    }
}

#[tokio::test]
async fn a_venue_cannot_see_another_venues_reviews() {
    let server = TestServer::start().await;
    review(&server, "order-1", STOCKHOLM, "customer-a", "Hej").await;
    let path = format!("/api/v1/venues/{STOCKHOLM}/feedback");
    let other_venue = server.get(&path, Some(&server.partner(&[HELSINKI]))).await;
    other_venue.assert_error(404, "not_found");
    let unknown = server
        .get(
            "/api/v1/venues/venue-nowhere/feedback",
            Some(&server.partner(&[HELSINKI])),
        )
        .await;
    assert_eq!(other_venue.text, unknown.text, "existence is not revealed");
    // A partner of both venues sees each.
    let both = server.partner(&[HELSINKI, STOCKHOLM]);
    assert_eq!(
        comments(&server.get(&path, Some(&both)).await.json()),
        ["Hej"]
    );

    for token in [
        server.customer("customer-a"),
        server.service(),
        server.staff(),
    ] {
        server
            .get(&path, Some(&token))
            .await
            .assert_error(403, "forbidden");
    }
    server
        .get(&path, None)
        .await
        .assert_error(401, "unauthorized");
}

#[tokio::test]
async fn a_venue_without_orders_yet_has_an_empty_list() {
    let server = TestServer::start().await;
    let page = server.reviews("venue-new", "").await;
    assert_eq!(page.status, 200);
    assert_eq!(page.json(), json!({"items": []}));
}

#[tokio::test]
async fn the_list_pages_with_a_cursor() {
    let server = TestServer::start().await;
    for n in 1..=4 {
        review(
            &server,
            &format!("order-{n}"),
            HELSINKI,
            "customer-a",
            &format!("r{n}"),
        )
        .await;
    }
    server.clock.advance(Duration::days(1));
    for n in 5..=7 {
        review(
            &server,
            &format!("order-{n}"),
            HELSINKI,
            "customer-a",
            &format!("r{n}"),
        )
        .await;
    }

    let mut seen = Vec::new();
    let mut query = "?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let page = server.reviews(HELSINKI, &query).await;
        assert_eq!(page.status, 200, "{}", page.text);
        let page = page.json();
        seen.extend(comments(&page));
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ["r7", "r6", "r5", "r4", "r3", "r2", "r1"]);
    // The default page holds all seven.
    assert_eq!(
        comments(&server.reviews(HELSINKI, "").await.json()).len(),
        7
    );
}

#[tokio::test]
async fn a_bad_cursor_or_limit_is_refused() {
    let server = TestServer::start().await;
    server
        .reviews(HELSINKI, "?cursor=not-a-cursor")
        .await
        .assert_error(400, "invalid_cursor");
    for limit in ["0", "101", "abc", "-1"] {
        let reply = server.reviews(HELSINKI, &format!("?limit={limit}")).await;
        reply.assert_error(422, "invalid_field");
        assert_eq!(reply.json()["field"], "limit");
    }
    let twice = server.reviews(HELSINKI, "?limit=1&limit=2").await;
    twice.assert_error(422, "invalid_field");
    assert_eq!(twice.json()["field"], "query");
    assert_eq!(server.reviews(HELSINKI, "?limit=100").await.status, 200);
    assert_eq!(server.reviews(HELSINKI, "?limit=1").await.status, 200);
}

#[tokio::test]
async fn a_review_leaves_the_list_two_calendar_months_after_it_was_given() {
    let server = TestServer::start().await;
    review(&server, "order-1", HELSINKI, "customer-a", "Maaliskuussa").await;
    // Given on 10 March (Helsinki); gone from 10 May, Helsinki midnight (UTC+3).
    server.clock.set(utc("2026-05-09T20:59:59.999Z"));
    assert_eq!(
        comments(&server.reviews(HELSINKI, "").await.json()),
        ["Maaliskuussa"]
    );
    server.clock.set(utc("2026-05-09T21:00:00Z"));
    assert!(comments(&server.reviews(HELSINKI, "").await.json()).is_empty());
}

#[tokio::test]
async fn the_public_rating_shows_from_the_fifth_rating_in_the_window() {
    let server = TestServer::start().await;
    server
        .rated_order("order-1", HELSINKI, "customer-a", "good")
        .await;
    server.clock.advance(Duration::days(1));
    for (id, rating) in [("order-2", "good"), ("order-3", "ok"), ("order-4", "bad")] {
        server.rated_order(id, HELSINKI, "customer-b", rating).await;
    }
    let reply = server.rating(HELSINKI).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.json(),
        json!({"venue_id": HELSINKI, "status": "not_enough_ratings"})
    );

    server
        .rated_order("order-5", HELSINKI, "customer-c", "good")
        .await;
    assert_eq!(
        server.rating(HELSINKI).await.json(),
        json!({"venue_id": HELSINKI, "status": "public", "counts": {"good": 3, "ok": 1, "bad": 1}})
    );

    // R13: the 10 March rating counts through 9 May (Helsinki) and then expires,
    // leaving four: not enough.
    server.clock.set(utc("2026-05-09T20:59:59.999Z"));
    assert_eq!(server.rating(HELSINKI).await.json()["status"], "public");
    server.clock.set(utc("2026-05-09T21:00:00Z"));
    assert_eq!(
        server.rating(HELSINKI).await.json(),
        json!({"venue_id": HELSINKI, "status": "not_enough_ratings"})
    );
    // Another venue's ratings are its own.
    server
        .rated_order("order-6", STOCKHOLM, "customer-a", "good")
        .await;
    assert_eq!(
        server.rating(STOCKHOLM).await.json()["status"],
        "not_enough_ratings"
    );
}

#[tokio::test]
async fn an_unknown_venue_has_no_rating() {
    let server = TestServer::start().await;
    server
        .rating("venue-nowhere")
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn no_partner_response_names_the_customer_or_the_order() {
    let server = TestServer::start().await;
    let customer = "cust-7f3a9c";
    let order_id = "ord-51d2e8";
    server
        .registered(order(order_id, HELSINKI, customer, "2026-03-10T09:30:00Z"))
        .await;
    let partner = server.partner(&[HELSINKI]);
    let first_mark = server.mark_picked_up(order_id, &partner).await;
    let second_mark = server.mark_picked_up(order_id, &partner).await;
    let body = json!({"rating": "ok", "aspects": ["price"], "comment": "Vähän kallis"});
    assert_eq!(
        server
            .submit(order_id, customer, "key-1", &body)
            .await
            .status,
        201
    );
    let list = server.reviews(HELSINKI, "").await;
    let other_venue = server
        .get(
            &format!("/api/v1/venues/{STOCKHOLM}/feedback"),
            Some(&partner),
        )
        .await;
    let order_read = server
        .get(&format!("/api/v1/orders/{order_id}"), Some(&partner))
        .await;
    let rating = server.rating(HELSINKI).await;
    for reply in [
        first_mark,
        second_mark,
        list,
        other_venue,
        order_read,
        rating,
    ] {
        assert!(reply.status < 500, "{}", reply.text);
        assert!(!reply.text.contains(customer), "{}", reply.text);
        assert!(!reply.text.contains(order_id), "{}", reply.text);
    }
}
