//! Demo mode: the seeded orders are in the states the directory says, and
//! the directory exists only in demo mode.

use resq_server::demo::{DEMO_CUSTOMER, DemoDirectory};

use crate::support::*;

#[tokio::test]
async fn the_demo_directory_is_absent_outside_demo_mode() {
    let server = TestServer::start().await;
    server
        .get("/api/v1/demo", None)
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn the_demo_seeds_orders_in_every_state_with_working_tokens() {
    let server = TestServer::start_demo().await;
    let reply = server.get("/api/v1/demo", None).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let demo: DemoDirectory = serde_json::from_str(&reply.text).expect("a demo directory");
    let customer = &demo.tokens.customer;
    assert!(demo.orders.open.len() >= 30);
    for (state, ids) in [
        ("not_open", &demo.orders.not_open),
        ("open", &demo.orders.open),
        ("submitted", &demo.orders.submitted),
        ("closed", &demo.orders.closed),
    ] {
        assert!(!ids.is_empty(), "no {state} orders");
        for id in ids {
            let view = server
                .get(&format!("/api/v1/orders/{id}"), Some(customer))
                .await;
            assert_eq!(view.status, 200, "{id}: {}", view.text);
            assert_eq!(view.json()["feedback"]["state"], state, "{id}");
        }
    }
    // Open orders include ones opened by a pickup mark and by the next-day rule.
    let marked = server
        .get(
            &format!("/api/v1/orders/{}", demo.orders.open[0]),
            Some(customer),
        )
        .await
        .json();
    assert!(marked.get("picked_up").is_some());
    let next_day = server
        .get(
            &format!(
                "/api/v1/orders/{}",
                demo.orders.open.last().expect("an order")
            ),
            Some(customer),
        )
        .await
        .json();
    assert!(next_day.get("picked_up").is_none());

    // Helsinki has enough ratings to be public, Stockholm not yet.
    assert_eq!(server.rating(HELSINKI).await.json()["status"], "public");
    assert_eq!(
        server.rating(STOCKHOLM).await.json()["status"],
        "not_enough_ratings"
    );

    // The partner tokens see their venue's reviews, without the customer.
    for venue in [HELSINKI, STOCKHOLM] {
        let token = &demo.tokens.partners[venue];
        let page = server
            .get(&format!("/api/v1/venues/{venue}/feedback"), Some(token))
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        let items = page.json()["items"].as_array().expect("items").clone();
        assert!(!items.is_empty());
        let dates: Vec<&str> = items
            .iter()
            .filter_map(|i| i["purchase_date"].as_str())
            .collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "newest first: {dates:?}"
        );
        assert!(!page.text.contains(DEMO_CUSTOMER) && !page.text.contains("demo-guest"));
    }

    // The customer can submit on an open order.
    let id = &demo.orders.open[1];
    let reply = server
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/orders/{id}/feedback"),
            Some(customer),
            Some(&serde_json::json!({"rating": "good"})),
            &[("idempotency-key", "demo-test")],
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}
