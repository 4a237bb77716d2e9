//! The one client of the API (`/api/v1` on this origin) for the console.
//!
//! Plain `fetch` through `web-sys`, JSON through serde. A request is aborted
//! when its future is dropped (e.g. the page it was for was left).

use resq_core::ErrorCode;
use resq_core::api::ApiError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// Why a request failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// No answer: offline, connection reset.
    Network,
    /// An error status, with the server's code when it sent one.
    Http {
        status: u16,
        code: Option<ErrorCode>,
    },
    /// A success status with a body we do not understand.
    Decode,
}

impl Failure {
    /// The token is missing, invalid or expired: sign in again.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Failure::Http { status: 401, .. })
    }
}

/// Who is asking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Client {
    /// The bearer token (empty for public endpoints).
    pub token: String,
}

/// `/api/v1` followed by `segments`, each percent-encoded, and `query`
/// (already encoded, without `?`).
pub fn url(segments: &[&str], query: &str) -> String {
    let mut url = String::from("/api/v1");
    for segment in segments {
        url.push('/');
        url.push_str(&String::from(js_sys::encode_uri_component(segment)));
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// Percent-encodes one query value.
pub fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

impl Client {
    pub fn new(token: &str) -> Client {
        Client {
            token: token.to_owned(),
        }
    }

    /// `GET` a JSON resource.
    pub async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, Failure> {
        self.request("GET", url, None).await
    }

    /// `POST` a JSON body, answer decoded.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
    ) -> Result<T, Failure> {
        let body = serde_json::to_string(body).map_err(|_| Failure::Decode)?;
        self.request("POST", url, Some(body)).await
    }

    /// `POST` without a body (an action the path names), answer decoded.
    pub async fn post_empty<T: DeserializeOwned>(&self, url: &str) -> Result<T, Failure> {
        self.request("POST", url, None).await
    }

    /// The headers every request sends (also used by the live stream).
    pub fn headers(&self) -> Result<Headers, Failure> {
        let headers = Headers::new().map_err(|_| Failure::Network)?;
        if !self.token.is_empty() {
            let _ = headers.set("Authorization", &format!("Bearer {}", self.token));
        }
        Ok(headers)
    }

    async fn request<T: DeserializeOwned>(
        &self,
        method: &str,
        url: &str,
        body: Option<String>,
    ) -> Result<T, Failure> {
        let window = web_sys::window().ok_or(Failure::Network)?;
        let headers = self.headers()?;
        let _ = headers.set("Accept", "application/json");
        let init = RequestInit::new();
        init.set_method(method);
        if let Some(body) = body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(&body));
        }
        init.set_headers(&headers);
        let abort = AbortOnDrop::new();
        if let Some(controller) = &abort.0 {
            init.set_signal(Some(&controller.signal()));
        }
        let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(|_| Failure::Network)?;
        let response: Response = response.dyn_into().map_err(|_| Failure::Network)?;
        let text = text(&response).await;
        if response.ok() {
            let text = text.map_err(|_| Failure::Decode)?;
            return serde_json::from_str(&text).map_err(|_| Failure::Decode);
        }
        let code = text
            .ok()
            .and_then(|t| serde_json::from_str::<ApiError>(&t).ok())
            .map(|e| e.code);
        Err(Failure::Http {
            status: response.status(),
            code,
        })
    }
}

async fn text(response: &Response) -> Result<String, Failure> {
    let promise = response.text().map_err(|_| Failure::Network)?;
    let value = JsFuture::from(promise)
        .await
        .map_err(|_| Failure::Network)?;
    value.as_string().ok_or(Failure::Decode)
}

/// Aborts its fetch when dropped.
pub struct AbortOnDrop(pub Option<AbortController>);

impl AbortOnDrop {
    pub fn new() -> AbortOnDrop {
        AbortOnDrop(AbortController::new().ok())
    }
}

impl Default for AbortOnDrop {
    fn default() -> AbortOnDrop {
        AbortOnDrop::new()
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}
