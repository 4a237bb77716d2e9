//! The partner's Feedback page beyond the list itself: filters (R8), the
//! summary (R12, R13 at their exact edges), contact requests (R7), and
//! isolation between venues (R6) on each of them.

use chrono::Duration;
use serde_json::{Value, json};

use crate::support::*;

/// Registers an order picked up now and gives it `feedback`.
pub async fn give(server: &TestServer, order_id: &str, venue: &str, feedback: Value) {
    let customer = format!("cust-of-{order_id}");
    server
        .registered(order(
            order_id,
            venue,
            &customer,
            &server.clock.now().to_rfc3339(),
        ))
        .await;
    let marked = server.mark_picked_up(order_id, &server.service()).await;
    assert_eq!(marked.status, 200, "{}", marked.text);
    let reply = server
        .submit(order_id, &customer, &format!("key-{order_id}"), &feedback)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}

fn comments(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["comment"].as_str().unwrap_or("-").to_owned())
        .collect()
}

async fn four_reviews(server: &TestServer) {
    give(
        server,
        "o1",
        HELSINKI,
        json!({"rating": "good", "aspects": ["taste", "price"], "comment": "hyvä"}),
    )
    .await;
    give(
        server,
        "o2",
        HELSINKI,
        json!({"rating": "ok", "aspects": ["size"]}),
    )
    .await;
    give(
        server,
        "o3",
        HELSINKI,
        json!({"rating": "bad", "aspects": ["size", "service"], "comment": "huono"}),
    )
    .await;
    give(
        server,
        "o4",
        HELSINKI,
        json!({"rating": "bad", "aspects": ["taste"]}),
    )
    .await;
}

#[tokio::test]
async fn the_list_filters_by_rating_aspect_and_comment() {
    let server = TestServer::start().await;
    four_reviews(&server).await;
    let list = |q: &'static str| {
        let server = &server;
        async move {
            let reply = server.reviews(HELSINKI, q).await;
            assert_eq!(reply.status, 200, "{q}: {}", reply.text);
            comments(&reply.json())
        }
    };
    assert_eq!(list("").await, ["-", "huono", "-", "hyvä"]);
    assert_eq!(list("?rating=bad").await, ["-", "huono"]);
    assert_eq!(list("?rating=ok,good").await, ["-", "hyvä"]);
    assert_eq!(list("?aspect=size").await, ["huono", "-"]);
    assert_eq!(list("?aspect=taste,service").await, ["-", "huono", "hyvä"]);
    assert_eq!(list("?has_comment=true").await, ["huono", "hyvä"]);
    assert_eq!(list("?has_comment=false").await, ["-", "-"]);
    assert_eq!(
        list("?rating=bad&has_comment=true&aspect=service").await,
        ["huono"]
    );
    assert_eq!(list("?rating=good&aspect=size").await, Vec::<String>::new());
    // Filters and pages together.
    let first = server.reviews(HELSINKI, "?rating=bad&limit=1").await.json();
    assert_eq!(comments(&first), ["-"]);
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = server
        .reviews(HELSINKI, &format!("?rating=bad&limit=1&cursor={cursor}"))
        .await
        .json();
    assert_eq!(comments(&second), ["huono"]);
    assert!(second.get("next_cursor").is_none());
}

#[tokio::test]
async fn unknown_filter_values_are_refused_by_name() {
    let server = TestServer::start().await;
    for (query, field) in [
        ("?rating=great", "rating"),
        ("?rating=good,", "rating"),
        ("?aspect=smell", "aspect"),
        ("?has_comment=yes", "has_comment"),
    ] {
        let reply = server.reviews(HELSINKI, query).await;
        reply.assert_error(422, "invalid_field");
        assert_eq!(reply.json()["field"], field, "{query}");
    }
}

#[tokio::test]
async fn the_summary_counts_ranks_aspects_and_trends_by_week() {
    let server = TestServer::start().await;
    four_reviews(&server).await;
    give(
        &server,
        "s1",
        STOCKHOLM,
        json!({"rating": "bad", "aspects": ["price"]}),
    )
    .await;
    let reply = server
        .get(
            &format!("/api/v1/venues/{HELSINKI}/summary"),
            Some(&server.partner(&[HELSINKI])),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let s = reply.json();
    assert_eq!(s["venue_name"], "Kahvila Aalto");
    assert_eq!(s["today"], "2026-03-10");
    assert_eq!(s["window_start"], "2026-01-11");
    assert_eq!(
        s["counts"],
        json!({"good": 1, "ok": 1, "bad": 2}),
        "Stockholm's rating is not Helsinki's"
    );
    assert_eq!(s["public"], false);
    assert_eq!(s["ratings_until_public"], 1);
    assert_eq!(s["next_expiry"], json!({"on": "2026-05-10", "ratings": 4}));
    let bad = &s["aspects"][2];
    assert_eq!(bad["rating"], "bad");
    assert_eq!(bad["aspects"][0], json!({"aspect": "size", "count": 1}));
    assert_eq!(
        s["aspects"][0]["aspects"][0]["aspect"], "price",
        "ties in the seed's order"
    );
    let weeks = s["weekly"].as_array().expect("weeks");
    assert_eq!(weeks.first().expect("a week")["week_start"], "2026-01-05");
    let last = weeks.last().expect("a week");
    assert_eq!(last["week_start"], "2026-03-09");
    assert_eq!(last["counts"], json!({"good": 1, "ok": 1, "bad": 2}));
}

#[tokio::test]
async fn the_fifth_rating_makes_the_summary_public_and_two_months_end_it() {
    let server = TestServer::start().await;
    four_reviews(&server).await;
    let summary = || async {
        server
            .get(
                &format!("/api/v1/venues/{HELSINKI}/summary"),
                Some(&server.partner(&[HELSINKI])),
            )
            .await
            .json()
    };
    assert_eq!(
        (
            summary().await["public"].clone(),
            summary().await["ratings_until_public"].clone()
        ),
        (json!(false), json!(1))
    );
    give(&server, "o5", HELSINKI, json!({"rating": "good"})).await;
    let s = summary().await;
    assert_eq!(
        (s["public"].clone(), s["ratings_until_public"].clone()),
        (json!(true), json!(0))
    );

    // R13 edge: given on 10 March (Helsinki), they count through 9 May.
    server.clock.set(utc("2026-05-09T20:59:59Z")); // 23:59:59 in Helsinki (UTC+3)
    let s = summary().await;
    assert_eq!(s["counts"]["good"], 2);
    assert_eq!(s["next_expiry"], json!({"on": "2026-05-10", "ratings": 5}));
    assert_eq!(
        server.reviews(HELSINKI, "").await.json()["items"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    server.clock.advance(Duration::seconds(1));
    let s = summary().await;
    assert_eq!(s["counts"], json!({"good": 0, "ok": 0, "bad": 0}));
    assert_eq!(
        (s["public"].clone(), s["ratings_until_public"].clone()),
        (json!(false), json!(5))
    );
    assert!(s.get("next_expiry").is_none());
    assert_eq!(
        server.reviews(HELSINKI, "").await.json()["items"],
        json!([])
    );
}

#[tokio::test]
async fn a_partner_asks_resq_to_contact_a_customer_and_only_staff_see_who() {
    let server = TestServer::start().await;
    give(
        &server,
        "order-x1",
        HELSINKI,
        json!({"rating": "bad", "comment": "Kylmää"}),
    )
    .await;
    let review_id = server.reviews(HELSINKI, "").await.json()["items"][0]["review_id"]
        .as_str()
        .expect("a review id")
        .to_owned();
    let path = format!("/api/v1/venues/{HELSINKI}/reviews/{review_id}/contact-requests");
    let partner = server.partner(&[HELSINKI]);
    let reply = server
        .post(
            &path,
            Some(&partner),
            &json!({"message": "Haluaisimme hyvittää tilauksen."}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let receipt = reply.json();
    assert_eq!(
        receipt["about"],
        json!({"kind": "review", "review_id": review_id})
    );
    assert!(!reply.text.contains("cust-of-order-x1") && !reply.text.contains("order-x1"));

    let list = server
        .get("/api/v1/staff/contact-requests", Some(&server.staff()))
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    let item = &list.json()["items"][0];
    assert_eq!(item["customer_id"], "cust-of-order-x1");
    assert_eq!(item["order_id"], "order-x1");
    assert_eq!(item["message"], "Haluaisimme hyvittää tilauksen.");
    assert_eq!(item["about"]["kind"], "review");
    assert_eq!(item["about"]["review_id"], review_id.as_str());
    assert_eq!(item["about"]["rating"], "bad");
    assert_eq!(item["about"]["comment"], "Kylmää");
    assert_eq!(item["status"], "open");
    assert_eq!(item["venue"]["id"], HELSINKI);
    assert_eq!(
        server
            .get("/api/v1/staff/contact-requests", Some(&partner))
            .await
            .status,
        403
    );

    let empty = server
        .post(&path, Some(&partner), &json!({"message": "  "}))
        .await;
    empty.assert_error(422, "message_required");
    let unknown = format!("/api/v1/venues/{HELSINKI}/reviews/no-such-review/contact-requests");
    server
        .post(&unknown, Some(&partner), &json!({"message": "x"}))
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn another_venue_cannot_see_count_or_contact_through_these_endpoints() {
    let server = TestServer::start().await;
    give(
        &server,
        "order-h",
        HELSINKI,
        json!({"rating": "good", "comment": "salainen"}),
    )
    .await;
    give(&server, "order-s", STOCKHOLM, json!({"rating": "ok"})).await;
    let helsinki_review = server.reviews(HELSINKI, "").await.json()["items"][0]["review_id"]
        .as_str()
        .expect("a review id")
        .to_owned();
    let stockholm = server.partner(&[STOCKHOLM]);
    // Helsinki's paths with Stockholm's token: not found.
    for path in [
        format!("/api/v1/venues/{HELSINKI}/summary"),
        format!("/api/v1/venues/{HELSINKI}/feedback?rating=good"),
    ] {
        server
            .get(&path, Some(&stockholm))
            .await
            .assert_error(404, "not_found");
    }
    let foreign = format!("/api/v1/venues/{HELSINKI}/reviews/{helsinki_review}/contact-requests");
    server
        .post(&foreign, Some(&stockholm), &json!({"message": "x"}))
        .await
        .assert_error(404, "not_found");
    // Its own path with Helsinki's review: not found either.
    let smuggled = format!("/api/v1/venues/{STOCKHOLM}/reviews/{helsinki_review}/contact-requests");
    server
        .post(&smuggled, Some(&stockholm), &json!({"message": "x"}))
        .await
        .assert_error(404, "not_found");
    // Its own summary counts only its own rating.
    let own = server
        .get(
            &format!("/api/v1/venues/{STOCKHOLM}/summary"),
            Some(&stockholm),
        )
        .await
        .json();
    assert_eq!(own["counts"], json!({"good": 0, "ok": 1, "bad": 0}));
    // Other roles.
    let path = format!("/api/v1/venues/{HELSINKI}/summary");
    server
        .get(&path, Some(&server.staff()))
        .await
        .assert_error(403, "forbidden");
    server
        .get(&path, Some(&server.customer("c")))
        .await
        .assert_error(403, "forbidden");
    server
        .get(&path, None)
        .await
        .assert_error(401, "unauthorized");
}
