//! Storage faults: the real `resq-server` whose disk stops taking writes.
//!
//! The fault is the kernel's, not a mock: the test lowers the running
//! server's file-size limit (`prlimit(RLIMIT_FSIZE)`) so every write to its
//! database files fails with `EFBIG`, exactly as a full disk fails them
//! (SQLite answers `SQLITE_IOERR`/`SQLITE_FULL`). The server is started with
//! `SIGXFSZ` ignored, as the signal would otherwise end it.
//!
//! While the fault lasts, writes answer 503 `storage_unavailable` with
//! `Retry-After`, change nothing, and are logged; reads keep serving. Once
//! the limit is lifted, the same request with the same idempotency key is
//! stored, once.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use resq_server::auth::{Role, TokenKeys};
use serde_json::{Value, json};

const SECRET: &str = "storage-fault-secret";
const VENUE: &str = "venue-1";

struct Server {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(port: u16, database: &std::path::Path) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_resq-server"));
        command
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .arg("--database")
            .arg(database)
            .args(["--jwt-secret", SECRET])
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            // A pipe, as under a service manager: a log file on the full
            // disk could not be written either.
            .stderr(Stdio::piped());
        // SAFETY: between fork and exec only async-signal-safe calls; a
        // process that exceeds RLIMIT_FSIZE gets SIGXFSZ, which by default
        // ends it — a full disk must not.
        unsafe {
            command.pre_exec(|| {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
        let mut child = command.spawn().expect("the server starts");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("the server's stderr");
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = lines.lock().unwrap_or_else(|e| e.into_inner());
                log.push_str(&line);
                log.push('\n');
            }
        });
        Server { child, log }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sets the largest file offset the server may write (None: no limit).
    fn limit_file_size(&self, bytes: Option<u64>) {
        let limit = bytes.unwrap_or(libc::RLIM_INFINITY);
        let new = libc::rlimit {
            rlim_cur: limit,
            rlim_max: libc::RLIM_INFINITY,
        };
        // SAFETY: a valid pid of our child and a valid rlimit.
        let done = unsafe {
            libc::prlimit(
                self.child.id() as libc::pid_t,
                libc::RLIMIT_FSIZE,
                &new,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(done, 0, "prlimit: {}", std::io::Error::last_os_error());
    }
}

struct Api {
    client: reqwest::Client,
    base: String,
}

impl Api {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Option<String>, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let r = request.send().await.expect("an answer");
        let status = r.status().as_u16();
        let retry_after = r
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = r.text().await.expect("a body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        (status, retry_after, body)
    }

    async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        let (status, _, body) = self
            .send(reqwest::Method::GET, path, token, None, None)
            .await;
        (status, body)
    }

    async fn feedback(&self, order: &str, token: &str, key: &str) -> (u16, Option<String>, Value) {
        let body = json!({"rating": "good", "aspects": ["taste"], "comment": "Hyvää"});
        self.send(
            reqwest::Method::POST,
            &format!("/api/v1/orders/{order}/feedback"),
            token,
            Some(key),
            Some(body),
        )
        .await
    }

    async fn wait_healthy(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(r) = self
                .client
                .get(format!("{}/healthz", self.base))
                .send()
                .await
                && r.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the server did not come up");
    }
}

fn reviews(list: &Value) -> usize {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a review list: {list}"))
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_refuses_writes_with_503_keeps_reads_and_stores_the_retry_once() {
    let dir = tempfile::tempdir().expect("a directory");
    let database = dir.path().join("faults.sqlite");
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let server = Server::start(port, &database);
    let api = Api {
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("a client"),
        base: format!("http://127.0.0.1:{port}"),
    };
    api.wait_healthy().await;

    let keys = TokenKeys::new(SECRET.as_bytes());
    let now = Utc::now();
    let token = |sub: &str, role, venues: &[&str]| {
        keys.issue(sub, role, venues, now, chrono::Duration::hours(1))
            .expect("a token")
    };
    let service = token("marketplace", Role::Service, &[]);
    let partner = token("owner", Role::Partner, &[VENUE]);
    for i in 0..2 {
        let start = now - chrono::Duration::hours(2);
        let order = json!({
            "order_id": format!("o-{i}"),
            "venue": {"id": VENUE, "name": "Kahvila", "time_zone": "Europe/Helsinki"},
            "customer_id": format!("c-{i}"),
            "products": [{"name": "Leipä", "quantity": 1}],
            "purchased_at": (start - chrono::Duration::hours(1)).to_rfc3339(),
            "pickup_window": {"start": start.to_rfc3339(), "end": (start + chrono::Duration::hours(1)).to_rfc3339()},
        });
        let (status, _, body) = api
            .send(
                reqwest::Method::POST,
                "/api/v1/orders",
                &service,
                None,
                Some(order),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let (status, _, body) = api
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/orders/o-{i}/pickup"),
                &service,
                None,
                None,
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let first = token("c-0", Role::Customer, &[]);
    let second = token("c-1", Role::Customer, &[]);
    let (status, _, body) = api.feedback("o-0", &first, "key-0").await;
    assert_eq!(status, 201, "{body}");

    // The disk is full: no write past the first byte of any file.
    server.limit_file_size(Some(0));
    for attempt in 0..3 {
        let (status, retry_after, body) = api.feedback("o-1", &second, "key-1").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (503, Some("storage_unavailable")),
            "attempt {attempt}: {body}"
        );
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "a human message: {body}"
        );
        let seconds: u32 = retry_after
            .expect("Retry-After on 503")
            .parse()
            .expect("Retry-After in seconds");
        assert!((1..=60).contains(&seconds), "Retry-After {seconds}");
    }
    // Reads keep serving, and show that nothing was stored.
    let (status, state) = api.get("/api/v1/orders/o-1", &second).await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["feedback"]["state"], "open", "{state}");
    let (status, list) = api
        .get(&format!("/api/v1/venues/{VENUE}/feedback"), &partner)
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(reviews(&list), 1, "only the feedback from before the fault");
    let (status, rating) = api
        .get(&format!("/api/v1/venues/{VENUE}/rating"), &partner)
        .await;
    assert_eq!(status, 200, "{rating}");
    let log = server.log();
    assert!(
        log.contains("storage failed") && log.contains("disk I/O error"),
        "logged: {log}"
    );

    // The disk has room again: the customer's retry is stored, once.
    server.limit_file_size(None);
    let (status, _, body) = api.feedback("o-1", &second, "key-1").await;
    assert_eq!(status, 201, "{body}");
    let (status, _, replay) = api.feedback("o-1", &second, "key-1").await;
    assert!(
        (200..300).contains(&status),
        "a retry is answered: {replay}"
    );
    assert_eq!(replay["feedback"], body["feedback"], "the same feedback");
    let (_, list) = api
        .get(&format!("/api/v1/venues/{VENUE}/feedback"), &partner)
        .await;
    assert_eq!(reviews(&list), 2, "{list}");
    let (_, state) = api.get("/api/v1/orders/o-1", &second).await;
    assert_eq!(state["feedback"]["state"], "submitted", "{state}");
}
