//! The one client of the feedback API (`{api_base}/api/v1`).
//!
//! Plain `fetch` through `web-sys`; JSON goes through the engine (see
//! `wire`), so no JSON library is in the bundle. A request is aborted when
//! its future is dropped, e.g. when the widget is unmounted mid-flight.

pub mod wire;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Promise, Reflect};
use resq_core::ErrorCode;
use resq_core::api::FeedbackReceipt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// A request body: JSON text, or bytes with their content type.
#[derive(Clone, Copy, Debug)]
pub enum Body<'a> {
    Json(&'a str),
    Bytes(&'a [u8], &'a str),
}

/// Where the API is and who is asking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    /// Origin (and path prefix) of the server; empty means this page's origin.
    pub api_base: String,
    /// The customer's bearer token.
    pub token: String,
    /// The order's state, already asked for by the loader.
    pub prefetched: Prefetched,
}

/// `GET /orders/{id}` as the loader (`resq-feedback.js`) started it when the
/// element connected, in parallel with the wasm download: the widget's first
/// look at the order takes this answer instead of asking again.
///
/// Only the client's first request may use it: any other request first (a
/// submission waiting in the outbox) discards it, so the widget never shows
/// a state from before something it sent. Clones share it.
#[derive(Clone, Default)]
pub struct Prefetched(Rc<RefCell<Option<(String, Promise)>>>);

impl Prefetched {
    /// `read` is the loader's promise of the GET of `url`, read in full:
    /// `{ status, retryAfter, body }` (see `prefetched_answer`).
    pub fn new(url: String, read: Promise) -> Prefetched {
        Prefetched(Rc::new(RefCell::new(Some((url, read)))))
    }

    /// The answer, if it is for `url` and nothing took or discarded it.
    fn take(&self, url: &str) -> Option<Promise> {
        let (asked, response) = self.0.borrow_mut().take()?;
        (asked == url).then_some(response)
    }

    fn discard(&self) {
        self.0.borrow_mut().take();
    }
}

impl std::fmt::Debug for Prefetched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = self.0.borrow().as_ref().map(|(url, _)| url.clone());
        f.debug_tuple("Prefetched").field(&url).finish()
    }
}

/// Two clients are equal when they ask the same server as the same customer.
impl PartialEq for Prefetched {
    fn eq(&self, _: &Prefetched) -> bool {
        true
    }
}

impl Eq for Prefetched {}

/// Why a request failed.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// No answer: offline, DNS, CORS, connection reset.
    Network,
    /// The server answered with an error status.
    Http {
        status: u16,
        /// The error body, when the server sent one we understand.
        error: Option<wire::ServerError>,
        /// `Retry-After` in seconds (with 429 and 503).
        retry_after: Option<u32>,
    },
    /// A success status with a body we do not understand.
    Decode,
}

impl Failure {
    /// The stable code of this failure, for events and messages.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Failure::Http {
                error: Some(error), ..
            } => Some(error.code),
            Failure::Http { status, .. } => Some(match status {
                401 => ErrorCode::Unauthorized,
                403 => ErrorCode::Forbidden,
                404 => ErrorCode::NotFound,
                429 => ErrorCode::RateLimited,
                400..=499 => ErrorCode::InvalidBody,
                503 => ErrorCode::StorageUnavailable,
                _ => ErrorCode::Internal,
            }),
            Failure::Network | Failure::Decode => None,
        }
    }

    /// The code as the `resq-feedback:error` event carries it.
    pub fn code_str(&self) -> &'static str {
        match (self, self.code()) {
            (_, Some(code)) => code.as_str(),
            (Failure::Decode, None) => "invalid_response",
            _ => "network_error",
        }
    }
}

impl Client {
    pub(crate) fn url(&self, path: &[&str]) -> String {
        let mut url = String::from(self.api_base.trim_end_matches('/'));
        url.push_str("/api/v1");
        for segment in path {
            url.push('/');
            url.push_str(&String::from(js_sys::encode_uri_component(segment)));
        }
        url
    }

    /// `GET /orders/{order_id}`: the order and its feedback state (the
    /// loader's answer, if it already asked; see `Prefetched`).
    pub async fn order(&self, order_id: &str) -> Result<wire::OrderStatus, Failure> {
        let url = self.url(&["orders", order_id]);
        if let Some(read) = self.prefetched.take(&url) {
            let value = prefetched_answer(read).await?;
            return wire::order_status(&value).ok_or(Failure::Decode);
        }
        self.request("GET", &url, None, None, wire::order_status)
            .await
    }

    /// `POST /orders/{order_id}/feedback` with an idempotency key; `body` is
    /// the JSON text of a `SubmitFeedback`. A replay answers the same receipt.
    pub async fn submit(
        &self,
        order_id: &str,
        idempotency_key: &str,
        body: &str,
    ) -> Result<FeedbackReceipt, Failure> {
        let url = self.url(&["orders", order_id, "feedback"]);
        self.request(
            "POST",
            &url,
            Some(idempotency_key),
            Some(Body::Json(body)),
            wire::receipt,
        )
        .await
    }

    /// One request, its answer decoded.
    pub(crate) async fn request<T>(
        &self,
        method: &str,
        url: &str,
        idempotency_key: Option<&str>,
        body: Option<Body<'_>>,
        decode: fn(&JsValue) -> Option<T>,
    ) -> Result<T, Failure> {
        // Not generic itself: one copy of the fetch for every answer type.
        let value = self.fetch_json(method, url, idempotency_key, body).await?;
        decode(&value).ok_or(Failure::Decode)
    }

    /// One request and its JSON answer. The abort guard lives until the body
    /// is read: aborting earlier would fail the body stream.
    async fn fetch_json(
        &self,
        method: &str,
        url: &str,
        idempotency_key: Option<&str>,
        body: Option<Body<'_>>,
    ) -> Result<JsValue, Failure> {
        self.prefetched.discard();
        let window = web_sys::window().ok_or(Failure::Network)?;
        let headers = Headers::new().map_err(|_| Failure::Network)?;
        let _ = headers.set("Accept", "application/json");
        if !self.token.is_empty() {
            let _ = headers.set("Authorization", &(String::from("Bearer ") + &self.token));
        }
        if let Some(key) = idempotency_key {
            let _ = headers.set("Idempotency-Key", key);
        }
        let init = RequestInit::new();
        init.set_method(method);
        match body {
            Some(Body::Json(text)) => {
                let _ = headers.set("Content-Type", "application/json");
                init.set_body(&JsValue::from_str(text));
            }
            Some(Body::Bytes(bytes, content_type)) => {
                let _ = headers.set("Content-Type", content_type);
                init.set_body(&js_sys::Uint8Array::from(bytes).into());
            }
            None => {}
        }
        init.set_headers(&headers);
        let abort = AbortOnDrop(AbortController::new().ok());
        if let Some(controller) = &abort.0 {
            init.set_signal(Some(&controller.signal()));
        }
        let promise = window.fetch_with_str_and_init(url, &init);
        answer(promise).await
    }
}

/// The JSON answer of a `fetch` promise, or why there is none.
async fn answer(promise: Promise) -> Result<JsValue, Failure> {
    let response = JsFuture::from(promise)
        .await
        .map_err(|_| Failure::Network)?;
    let response: Response = response.dyn_into().map_err(|_| Failure::Network)?;
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let body = json(&response).await.ok();
    outcome(response.status(), retry_after, body)
}

/// The loader's answer: a promise of `{ status, retryAfter, body }`, the
/// body already parsed (`null`: none, or not JSON), so the widget can show
/// the order in the same task that mounts it.
async fn prefetched_answer(promise: Promise) -> Result<JsValue, Failure> {
    let read = JsFuture::from(promise)
        .await
        .map_err(|_| Failure::Network)?;
    let field = |name: &str| Reflect::get(&read, &JsValue::from_str(name)).ok();
    let status = field("status")
        .and_then(|s| s.as_f64())
        .ok_or(Failure::Network)?;
    let retry_after = field("retryAfter").and_then(|s| s.as_string());
    let body = field("body").filter(|b| !b.is_null() && !b.is_undefined());
    outcome(status as u16, retry_after, body)
}

/// What an answer with `status`, its `Retry-After` and its JSON `body` (if
/// it had one) means.
fn outcome(
    status: u16,
    retry_after: Option<String>,
    body: Option<JsValue>,
) -> Result<JsValue, Failure> {
    if (200..300).contains(&status) {
        return body.ok_or(Failure::Decode);
    }
    Err(Failure::Http {
        status,
        error: body.and_then(|v| wire::server_error(&v)),
        retry_after: retry_after.and_then(|s| s.trim().parse().ok()),
    })
}

async fn json(response: &Response) -> Result<JsValue, JsValue> {
    let promise: Promise = response.json()?;
    JsFuture::from(promise).await
}

/// Aborts the request when its future is dropped before it finished.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Aborting a finished fetch is a no-op.
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}
