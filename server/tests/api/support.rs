//! A real server on 127.0.0.1:0 over a temporary SQLite file, with a fixed
//! clock, and helpers to talk to it in the domain's words.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use reqwest::header::HeaderMap;
use resq_server::auth::{Role, TokenKeys};
use resq_server::clock::Clock;
use resq_server::store::Store;
use resq_server::{AppState, app};
use serde_json::{Value, json};
use tempfile::TempDir;

pub const SECRET: &[u8] = b"test-secret";

/// Tuesday 10 March 2026, 12:00 in Helsinki (UTC+2), 11:00 in Stockholm (UTC+1).
pub const T0: &str = "2026-03-10T10:00:00Z";

pub const HELSINKI: &str = "venue-helsinki";
pub const STOCKHOLM: &str = "venue-stockholm";

pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("an RFC 3339 time")
        .with_timezone(&Utc)
}

pub struct TestServer {
    pub base: String,
    pub clock: Clock,
    pub keys: TokenKeys,
    /// The server's store (tests may close it to see the server degrade).
    pub store: Store,
    client: reqwest::Client,
    _dir: TempDir,
}

/// One HTTP answer: status, headers, and the raw body text.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    /// The `code` of an `ApiError` body.
    pub fn code(&self) -> String {
        self.json()["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.text))
            .to_owned()
    }

    /// Asserts the status and the error code of a refusal.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            (self.status, self.code().as_str()),
            (status, code),
            "body: {}",
            self.text
        );
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    /// Starts a server whose state `configure` may adjust first.
    pub async fn start_with(configure: impl FnOnce(&mut AppState)) -> TestServer {
        let (dir, mut state) = fresh_state().await;
        configure(&mut state);
        TestServer::serve(dir, state).await
    }

    /// Starts a demo server seeded at T0.
    pub async fn start_demo() -> TestServer {
        let (dir, mut state) = fresh_state().await;
        let directory =
            resq_server::demo::seed(&state.store, &state.keys, state.clock.now(), &state.policy)
                .await
                .expect("the demo seeds");
        state.demo = Some(std::sync::Arc::new(directory));
        TestServer::serve(dir, state).await
    }

    async fn serve(dir: TempDir, state: AppState) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let router = app(state.clone());
        // With the peer's address, as `resq-server` serves (rate limits per address).
        let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, service).await });
        TestServer {
            base,
            clock: state.clock.clone(),
            keys: TokenKeys::new(SECRET),
            store: state.store.clone(),
            client: reqwest::Client::new(),
            _dir: dir,
        }
    }

    /// The server's database file (to reach under the API in a test).
    pub fn database(&self) -> std::path::PathBuf {
        self._dir.path().join("feedback.sqlite")
    }

    pub fn token(&self, sub: &str, role: Role, venues: &[&str]) -> String {
        self.keys
            .issue(sub, role, venues, self.clock.now(), Duration::days(365))
            .expect("a token")
    }

    pub fn customer(&self, id: &str) -> String {
        self.token(id, Role::Customer, &[])
    }

    pub fn partner(&self, venues: &[&str]) -> String {
        self.token("partner-account", Role::Partner, venues)
    }

    pub fn service(&self) -> String {
        self.token("marketplace", Role::Service, &[])
    }

    pub fn staff(&self) -> String {
        self.token("staff-member", Role::Staff, &[])
    }

    /// Sends a request; `body` is sent as JSON when given.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("the server answers");
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text: response.text().await.expect("a body"),
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, None, &[]).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(Method::POST, path, token, Some(body), &[]).await
    }

    pub async fn register(&self, order: &Value) -> Reply {
        self.post("/api/v1/orders", Some(&self.service()), order)
            .await
    }

    /// Registers an order and asserts it was created.
    pub async fn registered(&self, order: Value) -> Value {
        let reply = self.register(&order).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        order
    }

    pub async fn mark_picked_up(&self, order_id: &str, token: &str) -> Reply {
        self.send(
            Method::POST,
            &format!("/api/v1/orders/{order_id}/pickup"),
            Some(token),
            None,
            &[],
        )
        .await
    }

    pub async fn submit(&self, order_id: &str, customer: &str, key: &str, body: &Value) -> Reply {
        let token = self.customer(customer);
        self.send(
            Method::POST,
            &format!("/api/v1/orders/{order_id}/feedback"),
            Some(&token),
            Some(body),
            &[("idempotency-key", key)],
        )
        .await
    }

    pub async fn order_of(&self, order_id: &str, customer: &str) -> Reply {
        self.get(
            &format!("/api/v1/orders/{order_id}"),
            Some(&self.customer(customer)),
        )
        .await
    }

    pub async fn reviews(&self, venue_id: &str, query: &str) -> Reply {
        self.get(
            &format!("/api/v1/venues/{venue_id}/feedback{query}"),
            Some(&self.partner(&[venue_id])),
        )
        .await
    }

    pub async fn rating(&self, venue_id: &str) -> Reply {
        self.get(&format!("/api/v1/venues/{venue_id}/rating"), None)
            .await
    }

    /// Registers an order picked up now and gives it feedback; returns its id.
    pub async fn rated_order(&self, order_id: &str, venue: &str, customer: &str, rating: &str) {
        self.registered(order(
            order_id,
            venue,
            customer,
            &self.clock.now().to_rfc3339(),
        ))
        .await;
        let marked = self.mark_picked_up(order_id, &self.service()).await;
        assert_eq!(marked.status, 200, "{}", marked.text);
        let reply = self
            .submit(
                order_id,
                customer,
                &format!("key-{order_id}"),
                &json!({"rating": rating}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
}

async fn fresh_state() -> (TempDir, AppState) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("feedback.sqlite"))
        .await
        .expect("the store opens");
    let state = AppState::new(store, Clock::fixed(utc(T0)), SECRET);
    (dir, state)
}

/// A registration body: one-hour pickup window starting at `pickup_start`.
pub fn order(order_id: &str, venue_id: &str, customer_id: &str, pickup_start: &str) -> Value {
    let start = utc(pickup_start);
    let (name, zone) = match venue_id {
        STOCKHOLM => ("Café Söder", "Europe/Stockholm"),
        _ => ("Kahvila Aalto", "Europe/Helsinki"),
    };
    json!({
        "order_id": order_id,
        "venue": {"id": venue_id, "name": name, "time_zone": zone},
        "customer_id": customer_id,
        "products": [{"name": "Korvapuusti", "quantity": 2}, {"name": "Yllätyskassi", "quantity": 1}],
        "purchased_at": (start - Duration::hours(3)).to_rfc3339(),
        "pickup_window": {"start": start.to_rfc3339(), "end": (start + Duration::hours(1)).to_rfc3339()},
    })
}
