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

/// Group commit: simultaneous submissions share a transaction, and the
/// refused ones in it (not open yet, no such order) leave the accepted ones
/// stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn refused_submissions_in_a_batch_do_not_undo_the_accepted_ones() {
    let server = TestServer::start().await;
    for n in 0..20 {
        picked_up(&server, n).await;
        // Tomorrow's pickup: not open yet.
        let (later, customer) = (format!("later-{n}"), format!("customer-{n}"));
        server
            .registered(order(&later, HELSINKI, &customer, "2026-03-11T09:30:00Z"))
            .await;
    }
    let server = std::sync::Arc::new(server);
    let mut tasks = Vec::new();
    for n in 0..60 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let customer = format!("customer-{}", n % 20);
            let id = match n / 20 {
                0 => format!("open-{n}"),
                1 => format!("later-{}", n % 20),
                _ => format!("missing-{n}"),
            };
            let body = json!({"rating": "good", "comment": format!("{id}")});
            let reply = server
                .submit(&id, &customer, &format!("key-{n}"), &body)
                .await;
            (n, reply)
        }));
    }
    for task in tasks {
        let (n, reply) = task.await.expect("the task finishes");
        match n / 20 {
            0 => assert_eq!(reply.status, 201, "{}", reply.text),
            1 => reply.assert_error(409, "feedback_not_open"),
            _ => reply.assert_error(404, "not_found"),
        }
    }
    let page = server.reviews(HELSINKI, "?limit=100").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(20), "{page}");
    assert_eq!(
        server.rating(HELSINKI).await.json()["counts"]["good"],
        20,
        "the daily counts moved with the stored feedback only"
    );
}

/// A submission whose writes fail part-way (a trigger refuses its live
/// event, the third of its four writes) leaves none of them stored, the
/// other submissions around it are stored, and once the fault is gone the
/// same key stores it once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_submission_failing_part_way_leaves_nothing_behind() {
    let server = TestServer::start().await;
    for n in 0..10 {
        picked_up(&server, n).await;
    }
    let db = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(server.database()),
    )
    .await
    .expect("the database opens");
    sqlx::query(
        "CREATE TRIGGER poison BEFORE INSERT ON live_events WHEN NEW.payload LIKE '%poison%' \
         BEGIN SELECT RAISE(ABORT, 'poisoned'); END",
    )
    .execute(&db)
    .await
    .expect("the trigger");

    let body =
        |n: usize| json!({"rating": "good", "comment": if n == 3 { "poison" } else { "Hyvä" }});
    let server = std::sync::Arc::new(server);
    let mut tasks = Vec::new();
    for n in 0..10 {
        let server = server.clone();
        tasks.push(tokio::spawn(async move {
            let reply = server
                .submit(
                    &format!("open-{n}"),
                    &format!("customer-{n}"),
                    &format!("key-{n}"),
                    &body(n),
                )
                .await;
            (n, reply)
        }));
    }
    for task in tasks {
        let (n, reply) = task.await.expect("the task finishes");
        if n == 3 {
            reply.assert_error(500, "internal");
        } else {
            assert_eq!(reply.status, 201, "{}", reply.text);
        }
    }
    let page = server.reviews(HELSINKI, "?limit=100").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(9), "{page}");
    assert_eq!(server.rating(HELSINKI).await.json()["counts"]["good"], 9);
    let view = server.order_of("open-3", "customer-3").await.json();
    assert_ne!(view["feedback"]["state"], "submitted", "{view}");

    sqlx::query("DROP TRIGGER poison")
        .execute(&db)
        .await
        .expect("dropped");
    let retry = server
        .submit("open-3", "customer-3", "key-3", &body(3))
        .await;
    assert_eq!(retry.status, 201, "{}", retry.text);
    let again = server
        .submit("open-3", "customer-3", "key-3", &body(3))
        .await;
    assert_eq!(again.status, 201, "{}", again.text);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    let page = server.reviews(HELSINKI, "?limit=100").await.json();
    assert_eq!(page["items"].as_array().map(Vec::len), Some(10), "{page}");
    assert_eq!(server.rating(HELSINKI).await.json()["counts"]["good"], 10);
}

/// Registers order `open-{n}` of `customer-{n}`, picked up: open for feedback.
async fn picked_up(server: &TestServer, n: usize) {
    let (id, customer) = (format!("open-{n}"), format!("customer-{n}"));
    server
        .registered(order(&id, HELSINKI, &customer, "2026-03-10T09:30:00Z"))
        .await;
    assert_eq!(
        server.mark_picked_up(&id, &server.service()).await.status,
        200
    );
}
