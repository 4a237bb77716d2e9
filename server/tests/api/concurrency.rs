//! Exactly once under concurrency: many simultaneous submissions for one
//! order store one feedback.

use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_simultaneous_submissions_for_one_order_store_exactly_one_feedback() {
    let server = TestServer::start().await;
    server
        .registered(order(
            "order-1",
            HELSINKI,
            "customer-a",
            "2026-03-10T09:30:00Z",
        ))
        .await;
    assert_eq!(
        server
            .mark_picked_up("order-1", &server.service())
            .await
            .status,
        200
    );
    let server = std::sync::Arc::new(server);

    // Half retry one key with one body (a flaky network); half are distinct
    // attempts with their own keys and ratings.
    let mut tasks = Vec::new();
    for n in 0..50 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let (key, body) = if n % 2 == 0 {
                (
                    "shared-key".to_owned(),
                    json!({"rating": "good", "comment": "Hyvä"}),
                )
            } else {
                (format!("key-{n}"), json!({"rating": "bad"}))
            };
            let reply = server.submit("order-1", "customer-a", &key, &body).await;
            (key, reply)
        }));
    }
    let mut created = Vec::new();
    for task in tasks {
        let (key, reply) = task.await.expect("the task finishes");
        match reply.status {
            201 => created.push((key, reply.text)),
            409 => assert_eq!(reply.code(), "feedback_already_submitted"),
            other => panic!("unexpected {other}: {}", reply.text),
        }
    }

    // Every 201 answers for the same key with the same body: the one stored.
    let (winner, body) = created.first().cloned().expect("one submission wins");
    assert!(
        created.iter().all(|(k, b)| k == &winner && b == &body),
        "{created:?}"
    );
    let expected_201s = if winner == "shared-key" { 25 } else { 1 };
    assert_eq!(created.len(), expected_201s);

    // One feedback stored, seen by the venue.
    let page = server.reviews(HELSINKI, "").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "{page}");
    let view = server.order_of("order-1", "customer-a").await.json();
    assert_eq!(view["feedback"]["state"], "submitted");
}
