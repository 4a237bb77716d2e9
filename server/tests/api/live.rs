//! Live streams (R5, R7): a review reaches its venue's stream after the
//! commit, anonymous; a reconnecting stream replays from `Last-Event-ID`;
//! a partner streams only its own venue.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::json;

use crate::sse::{EventStream, open};
use crate::support::*;

/// Registers an order picked up now and rates it with a comment.
async fn rate(server: &TestServer, order_id: &str, venue: &str, customer: &str, comment: &str) {
    server
        .registered(order(
            order_id,
            venue,
            customer,
            &server.clock.now().to_rfc3339(),
        ))
        .await;
    let marked = server.mark_picked_up(order_id, &server.service()).await;
    assert_eq!(marked.status, 200, "{}", marked.text);
    let body = json!({"rating": "bad", "aspects": ["size", "taste"], "comment": comment});
    let reply = server
        .submit(order_id, customer, &format!("key-{order_id}"), &body)
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
}

async fn venue_stream(server: &TestServer, venue: &str, headers: &[(&str, &str)]) -> EventStream {
    let path = format!("/api/v1/venues/{venue}/events");
    let (status, stream, content_type) =
        open(server, &path, Some(&server.partner(&[venue])), headers).await;
    assert_eq!(status, 200, "{content_type}");
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    stream.expect("a stream")
}

#[tokio::test]
async fn a_review_reaches_its_venue_stream_after_the_commit_as_the_list_shows_it() {
    let server = TestServer::start().await;
    let mut stream = venue_stream(&server, HELSINKI, &[]).await;
    rate(
        &server,
        "order-live-1",
        HELSINKI,
        "cust-live-1",
        "Liian pieni",
    )
    .await;

    let event = stream.next().await;
    assert_eq!(event.event.as_deref(), Some("review_submitted"));
    let listed = server.reviews(HELSINKI, "").await.json();
    assert_eq!(
        event.json(),
        listed["items"][0],
        "the event is the listed review"
    );
    assert_eq!(event.json()["comment"], "Liian pieni");
}

#[tokio::test]
async fn no_event_payload_carries_the_customer_the_order_or_a_time() {
    let server = TestServer::start().await;
    let mut stream = venue_stream(&server, HELSINKI, &[]).await;
    rate(&server, "order-secret-77", HELSINKI, "cust-secret-99", "ok").await;

    let event = stream.next().await;
    assert!(!event.data.contains("cust-secret-99"), "{}", event.data);
    assert!(!event.data.contains("order-secret-77"), "{}", event.data);
    let keys: BTreeSet<String> = event
        .json()
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    let expected: BTreeSet<String> = [
        "review_id",
        "venue_id",
        "purchase_date",
        "products",
        "rating",
        "aspects",
        "comment",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(keys, expected);
}

#[tokio::test]
async fn a_reconnecting_stream_replays_what_it_missed_then_goes_live() {
    let server = TestServer::start().await;
    let mut first = venue_stream(&server, HELSINKI, &[]).await;
    rate(&server, "order-r1", HELSINKI, "cust-1", "yksi").await;
    let seen = first.next().await;
    drop(first);

    // Missed while disconnected (another venue's review in between).
    rate(&server, "order-r2", HELSINKI, "cust-2", "kaksi").await;
    rate(&server, "order-s1", STOCKHOLM, "cust-3", "annan").await;
    rate(&server, "order-r3", HELSINKI, "cust-4", "kolme").await;

    let last = seen.id().to_string();
    let mut again = venue_stream(&server, HELSINKI, &[("last-event-id", &last)]).await;
    let r2 = again.next().await;
    let r3 = again.next().await;
    assert_eq!(
        (r2.json()["comment"].clone(), r3.json()["comment"].clone()),
        (json!("kaksi"), json!("kolme"))
    );
    assert!(seen.id() < r2.id() && r2.id() < r3.id());
    rate(&server, "order-r4", HELSINKI, "cust-5", "neljä").await;
    let r4 = again.next().await;
    assert_eq!(
        r4.json()["comment"],
        "neljä",
        "live after the replay, nothing twice"
    );
    assert!(
        again
            .next_within(Duration::from_millis(300))
            .await
            .is_none()
    );

    // The same through the query parameter (fetch readers).
    let path = format!("/api/v1/venues/{HELSINKI}/events?last_event_id={}", r2.id());
    let (status, stream, _) = open(&server, &path, Some(&server.partner(&[HELSINKI])), &[]).await;
    assert_eq!(status, 200);
    let mut by_query = stream.expect("a stream");
    assert_eq!(by_query.next().await.id(), r3.id());
    assert_eq!(by_query.next().await.id(), r4.id());
}

#[tokio::test]
async fn a_stream_without_a_position_starts_with_the_next_event() {
    let server = TestServer::start().await;
    rate(&server, "order-old", HELSINKI, "cust-1", "vanha").await;
    let mut stream = venue_stream(&server, HELSINKI, &[]).await;
    rate(&server, "order-new", HELSINKI, "cust-2", "uusi").await;
    assert_eq!(stream.next().await.json()["comment"], "uusi");
}

#[tokio::test]
async fn a_position_from_the_future_counts_as_now() {
    // E.g. the demo's database was started afresh while a page kept its id.
    let server = TestServer::start().await;
    let mut stream = venue_stream(&server, HELSINKI, &[("last-event-id", "999999")]).await;
    rate(&server, "order-after", HELSINKI, "cust-1", "tuore").await;
    assert_eq!(stream.next().await.json()["comment"], "tuore");
}

#[tokio::test]
async fn a_venue_stream_carries_only_that_venue() {
    let server = TestServer::start().await;
    let mut helsinki = venue_stream(&server, HELSINKI, &[]).await;
    rate(&server, "order-sto", STOCKHOLM, "cust-1", "Stockholm").await;
    rate(&server, "order-hel", HELSINKI, "cust-2", "Helsinki").await;
    assert_eq!(helsinki.next().await.json()["comment"], "Helsinki");
    assert!(
        helsinki
            .next_within(Duration::from_millis(300))
            .await
            .is_none()
    );
}

#[tokio::test]
async fn only_the_venues_partner_may_stream_it() {
    let server = TestServer::start().await;
    let path = format!("/api/v1/venues/{HELSINKI}/events");
    let stockholm = server.partner(&[STOCKHOLM]);
    let (status, _, body) = open(&server, &path, Some(&stockholm), &[]).await;
    assert_eq!(status, 404, "{body}");
    let (status, _, _) = open(&server, &path, Some(&server.customer("c")), &[]).await;
    assert_eq!(status, 403);
    let (status, _, _) = open(&server, &path, Some(&server.staff()), &[]).await;
    assert_eq!(status, 403);
    let (status, _, _) = open(&server, &path, None, &[]).await;
    assert_eq!(status, 401);
    let (status, _, body) = open(
        &server,
        &path,
        Some(&server.partner(&[HELSINKI])),
        &[("last-event-id", "soon")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("last_event_id"), "{body}");
}

#[tokio::test]
async fn the_staff_stream_is_for_staff_and_reviews_are_not_on_it() {
    let server = TestServer::start().await;
    let path = "/api/v1/staff/events";
    let (status, _, _) = open(&server, path, Some(&server.partner(&[HELSINKI])), &[]).await;
    assert_eq!(status, 403);
    let (status, stream, content_type) = open(&server, path, Some(&server.staff()), &[]).await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/event-stream"));
    let mut stream = stream.expect("a stream");
    // Staff read a sample of reviews (R11), not every review as it comes.
    rate(&server, "order-x", HELSINKI, "cust-1", "ei henkilökunnalle").await;
    assert!(
        stream
            .next_within(Duration::from_millis(300))
            .await
            .is_none()
    );
}

#[tokio::test]
async fn a_stream_ends_when_its_token_expires() {
    let server = TestServer::start().await;
    let token = server
        .keys
        .issue(
            "partner-account",
            resq_server::auth::Role::Partner,
            &[HELSINKI],
            server.clock.now(),
            chrono::Duration::seconds(1),
        )
        .expect("a token");
    let path = format!("/api/v1/venues/{HELSINKI}/events");
    let (status, stream, _) = open(&server, &path, Some(&token), &[]).await;
    assert_eq!(status, 200);
    let mut stream = stream.expect("a stream");
    // Nothing arrives and the server closes the stream after about a second.
    let started = std::time::Instant::now();
    assert!(stream.next_within(Duration::from_secs(5)).await.is_none());
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "closed at expiry, not at the test's timeout"
    );
}

#[tokio::test]
async fn old_events_are_pruned_but_ids_keep_growing() {
    let server = TestServer::start().await;
    rate(&server, "order-p1", HELSINKI, "cust-1", "vanha").await;
    rate(&server, "order-p2", HELSINKI, "cust-2", "uudempi").await;
    let newest = server.store.last_live_event_id().await.expect("an id");
    let after_both = server.clock.now() + chrono::Duration::seconds(1);
    // Everything is older than `after_both`, yet the newest stays.
    assert_eq!(
        server
            .store
            .prune_live_events(after_both)
            .await
            .expect("pruned"),
        1
    );
    assert_eq!(
        server.store.last_live_event_id().await.expect("an id"),
        newest
    );
    let mut stream = venue_stream(&server, HELSINKI, &[("last-event-id", "0")]).await;
    assert_eq!(stream.next().await.json()["comment"], "uudempi");
    rate(&server, "order-p3", HELSINKI, "cust-3", "uusin").await;
    let event = stream.next().await;
    assert_eq!(event.json()["comment"], "uusin");
    assert!(event.id() > newest);
}
