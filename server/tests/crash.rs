//! Crash safety: the real `resq-server` on a temporary database, concurrent
//! customers submitting feedback with idempotency keys, and `kill -9` at
//! random moments five times. Clients retry with the same key until they
//! get an answer. Every acknowledged submission is stored, and every order
//! ends with exactly one feedback.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use resq_server::auth::{Role, TokenKeys};
use serde_json::{Value, json};

const SECRET: &str = "crash-test-secret";
const ORDERS: usize = 400;
const CLIENTS: usize = 32;
const CRASHES: usize = 5;

struct Server {
    child: Child,
}

fn start(port: u16, database: &std::path::Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_resq-server"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--database")
        .arg(database)
        .args(["--jwt-secret", SECRET])
        .args([
            "--rate-limit-per-second",
            "100000",
            "--rate-limit-burst",
            "100000",
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    Server { child }
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the server did not come up");
}

/// A small xorshift: random enough for crash moments, no dependency.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_feedback_survives_kill_9_and_retries_store_it_once() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a directory");
    let database = dir.path().join("crash.sqlite");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a client");
    let mut server = start(port, &database);
    wait_healthy(&client, &base).await;

    let keys = TokenKeys::new(SECRET.as_bytes());
    let now = Utc::now();
    let token = |sub: &str, role| {
        keys.issue(sub, role, &[], now, chrono::Duration::hours(1))
            .expect("a token")
    };
    let service = token("marketplace", Role::Service);
    for i in 0..ORDERS {
        let start = now - chrono::Duration::hours(2);
        let order = json!({
            "order_id": format!("o-{i}"),
            "venue": {"id": "venue-1", "name": "Kahvila", "time_zone": "Europe/Helsinki"},
            "customer_id": format!("c-{i}"),
            "products": [{"name": "Leipä", "quantity": 1}],
            "purchased_at": (start - chrono::Duration::hours(1)).to_rfc3339(),
            "pickup_window": {"start": start.to_rfc3339(), "end": (start + chrono::Duration::hours(1)).to_rfc3339()},
        });
        let r = client
            .post(format!("{base}/api/v1/orders"))
            .bearer_auth(&service)
            .json(&order)
            .send()
            .await
            .expect("registered");
        assert_eq!(r.status(), 201);
        let r = client
            .post(format!("{base}/api/v1/orders/o-{i}/pickup"))
            .bearer_auth(&service)
            .send()
            .await
            .expect("marked");
        assert_eq!(r.status(), 200);
    }

    // Customers: each submits its order's feedback, retrying with the same
    // key on any failure (connection refused, reset, 5xx) until answered.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let attempts = Arc::new(AtomicUsize::new(0));
    let replayed = Arc::new(AtomicUsize::new(0));
    let next_order = Arc::new(AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        let (client, base, keys) = (client.clone(), base.clone(), keys.clone());
        let (acknowledged, attempts, next_order, replayed) = (
            acknowledged.clone(),
            attempts.clone(),
            next_order.clone(),
            replayed.clone(),
        );
        clients.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            loop {
                let i = next_order.fetch_add(1, Ordering::SeqCst);
                if i >= ORDERS {
                    return answers;
                }
                let token = keys
                    .issue(
                        &format!("c-{i}"),
                        Role::Customer,
                        &[],
                        now,
                        chrono::Duration::hours(1),
                    )
                    .expect("a token");
                let rating = ["good", "ok", "bad"][i % 3];
                let body = json!({"rating": rating, "comment": format!("order {i}")});
                loop {
                    attempts.fetch_add(1, Ordering::SeqCst);
                    let sent = client
                        .post(format!("{base}/api/v1/orders/o-{i}/feedback"))
                        .bearer_auth(&token)
                        .header("idempotency-key", format!("key-{i}"))
                        .json(&body)
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status().is_success() => {
                            // Committed before a crash, answered after it.
                            if r.headers().contains_key("idempotent-replayed") {
                                replayed.fetch_add(1, Ordering::SeqCst);
                            }
                            acknowledged.fetch_add(1, Ordering::SeqCst);
                            answers.push(i);
                            break;
                        }
                        Ok(r) if r.status().is_client_error() => {
                            panic!("order {i}: {} {:?}", r.status(), r.text().await)
                        }
                        _ => tokio::time::sleep(Duration::from_millis(15)).await,
                    }
                }
            }
        }));
    }

    // Five kill -9s at random moments while the customers are sending.
    let mut seed = (now.timestamp_nanos_opt().unwrap_or(1) as u64) | 1;
    for crash in 0..CRASHES {
        let wait = 30 + next(&mut seed) % 150;
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.child.kill().expect("SIGKILL"); // kill(2) with SIGKILL on Unix
        server.child.wait().expect("reaped");
        println!(
            "crash {}: kill -9 after {wait} ms, {} acknowledged so far",
            crash + 1,
            acknowledged.load(Ordering::SeqCst)
        );
        server = start(port, &database);
        wait_healthy(&client, &base).await;
    }

    let mut answered = Vec::new();
    for c in clients {
        answered.extend(c.await.expect("a client finished"));
    }
    answered.sort_unstable();
    assert_eq!(answered, (0..ORDERS).collect::<Vec<_>>());

    // Every order has exactly one feedback, the one its customer sent.
    let mut stored = 0;
    for i in 0..ORDERS {
        let token = token(&format!("c-{i}"), Role::Customer);
        let order: Value = client
            .get(format!("{base}/api/v1/orders/o-{i}"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("read")
            .json()
            .await
            .expect("JSON");
        assert_eq!(order["feedback"]["state"], "submitted", "o-{i}: {order}");
        assert_eq!(
            order["feedback"]["feedback"]["comment"],
            format!("order {i}"),
            "o-{i}: {order}"
        );
        stored += 1;
    }
    let partner = keys
        .issue(
            "p",
            Role::Partner,
            &["venue-1"],
            now,
            chrono::Duration::hours(1),
        )
        .expect("a token");
    let mut reviews = 0;
    let mut cursor: Option<String> = None;
    loop {
        let query = cursor
            .as_ref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let page: Value = client
            .get(format!(
                "{base}/api/v1/venues/venue-1/feedback?limit=100{query}"
            ))
            .bearer_auth(&partner)
            .send()
            .await
            .expect("listed")
            .json()
            .await
            .expect("JSON");
        reviews += page["items"].as_array().map_or(0, Vec::len);
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(reviews, ORDERS, "one review per order");
    server.child.kill().ok();
    server.child.wait().ok();
    println!(
        "crash safety: {CRASHES} crashes survived, {} attempts, {} replayed after a crash, {} acknowledged, {stored} stored, {reviews} reviews, 0 lost, in {:.1} s",
        attempts.load(Ordering::SeqCst),
        replayed.load(Ordering::SeqCst),
        acknowledged.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}
