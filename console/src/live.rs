//! Following a live stream (`text/event-stream`) with `fetch`, so the bearer
//! token goes in a header (`EventSource` cannot send one).
//!
//! [`follow`] connects, hands every event to its callback, and when the
//! connection drops — or stays silent longer than the server's keep-alive
//! allows — reconnects by itself with `Last-Event-ID`, backing off up to
//! 15 s. The server replays what was missed, so nothing is lost. Run it with
//! `leptos::task::spawn_local_scoped_with_cancellation`: leaving the page
//! drops the future, which aborts the request. [`follow_staff`] does that
//! for the staff stream.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Promise, Reflect, Uint8Array};
use leptos::prelude::{RwSignal, Set};
use leptos::task::spawn_local_scoped_with_cancellation;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, RequestInit, Response};

use crate::api::{AbortOnDrop, Client};

/// One event of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    pub id: Option<i64>,
    /// The `event:` field (`message` when absent).
    pub kind: String,
    pub data: String,
}

/// The state of the connection, for the "live" indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStatus {
    Connecting,
    Live,
    /// Dropped; trying again.
    Reconnecting,
    /// The server refused the stream (e.g. the token expired); not retried.
    Refused(u16),
}

/// Incremental `text/event-stream` parser over bytes (events end at a blank
/// line; a chunk may end anywhere, even inside a UTF-8 character).
#[derive(Debug, Default)]
pub struct SseParser {
    buffer: Vec<u8>,
}

impl SseParser {
    /// Adds received bytes; answers the events they complete. Comment-only
    /// blocks (keep-alives) are skipped.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<StreamEvent> {
        self.buffer
            .extend(bytes.iter().copied().filter(|b| *b != b'\r'));
        let mut events = Vec::new();
        while let Some(end) = self.buffer.windows(2).position(|w| w == b"\n\n") {
            let block: Vec<u8> = self.buffer.drain(..end + 2).collect();
            if let Some(event) = parse_block(&String::from_utf8_lossy(&block)) {
                events.push(event);
            }
        }
        events
    }
}

fn parse_block(block: &str) -> Option<StreamEvent> {
    let mut event = StreamEvent {
        id: None,
        kind: String::from("message"),
        data: String::new(),
    };
    let mut has_data = false;
    for line in block.lines() {
        if line.is_empty() || line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => event.id = value.parse().ok(),
            "event" => event.kind = value.to_owned(),
            "data" => {
                if has_data {
                    event.data.push('\n');
                }
                event.data.push_str(value);
                has_data = true;
            }
            _ => {}
        }
    }
    has_data.then_some(event)
}

/// How long to wait before reconnect attempt `attempt` (0-based), in ms.
pub fn backoff_ms(attempt: u32) -> i32 {
    (1000i32 << attempt.min(4)).min(15_000)
}

/// A connection with no bytes for this long (the server sends a keep-alive
/// every 15 s) is taken as dead.
const SILENCE_MS: i32 = 40_000;

/// Follows the stream at `url` forever (until the future is dropped),
/// resuming after `last_id` and keeping it up to date.
pub async fn follow(
    client: Client,
    url: String,
    last_id: Rc<Cell<Option<i64>>>,
    on_status: impl Fn(LiveStatus),
    on_event: impl Fn(StreamEvent),
) {
    let mut attempt = 0;
    loop {
        on_status(if attempt == 0 {
            LiveStatus::Connecting
        } else {
            LiveStatus::Reconnecting
        });
        match connect(&client, &url, &last_id, &on_status, &on_event).await {
            Ok(()) => attempt = 0,
            Err(Some(status)) if matches!(status, 401 | 403 | 404) => {
                on_status(LiveStatus::Refused(status));
                return;
            }
            Err(_) => {}
        }
        on_status(LiveStatus::Reconnecting);
        sleep(backoff_ms(attempt)).await;
        attempt += 1;
    }
}

/// Follows the staff stream (`/staff/events`) for as long as the calling
/// component lives: `status` shows the connection, `on_live` runs each time
/// it goes live (first and after a drop, so a load picks up whatever
/// happened while not connected), `on_event` gets every event.
pub fn follow_staff(
    client: Client,
    status: RwSignal<LiveStatus>,
    on_live: impl Fn() + 'static,
    on_event: impl Fn(StreamEvent) + 'static,
) {
    let was_live = Cell::new(false);
    spawn_local_scoped_with_cancellation(async move {
        follow(
            client,
            crate::api::url(&["staff", "events"], ""),
            Rc::new(Cell::new(None)),
            move |now| {
                let live_now = now == LiveStatus::Live;
                if live_now && !was_live.get() {
                    on_live();
                }
                was_live.set(live_now);
                status.set(now);
            },
            on_event,
        )
        .await;
    });
}

/// One connection: `Ok` when it ended after having been live, `Err(status)`
/// when it could not start (`None`: no answer).
async fn connect(
    client: &Client,
    url: &str,
    last_id: &Rc<Cell<Option<i64>>>,
    on_status: &impl Fn(LiveStatus),
    on_event: &impl Fn(StreamEvent),
) -> Result<(), Option<u16>> {
    let window = web_sys::window().ok_or(None)?;
    let headers = client.headers().map_err(|_| None)?;
    let _ = headers.set("Accept", "text/event-stream");
    if let Some(id) = last_id.get() {
        let _ = headers.set("Last-Event-ID", &id.to_string());
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_headers(&headers);
    init.set_cache(web_sys::RequestCache::NoStore);
    let abort = AbortOnDrop::new();
    if let Some(controller) = &abort.0 {
        init.set_signal(Some(&controller.signal()));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| None)?;
    let response: Response = response.dyn_into().map_err(|_| None)?;
    if !response.ok() {
        return Err(Some(response.status()));
    }
    let body = response.body().ok_or(None)?;
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    on_status(LiveStatus::Live);
    let mut parser = SseParser::default();
    loop {
        let read = Promise::race(&js_sys::Array::of2(&reader.read(), &timeout(SILENCE_MS)));
        let Ok(chunk) = JsFuture::from(read).await else {
            return Ok(());
        };
        // The timeout resolves to `undefined`: silence, take it as dead.
        if chunk.is_undefined() {
            return Ok(());
        }
        let done = Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(());
        }
        let Ok(value) = Reflect::get(&chunk, &JsValue::from_str("value")) else {
            return Ok(());
        };
        let bytes = Uint8Array::new(&value).to_vec();
        for event in parser.push(&bytes) {
            if event.id.is_some() {
                last_id.set(event.id);
            }
            on_event(event);
        }
    }
}

/// A promise resolved with `undefined` after `ms`.
fn timeout(ms: i32) -> Promise {
    Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    })
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let _ = JsFuture::from(timeout(ms)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_split_at_blank_lines_across_chunks() {
        let mut p = SseParser::default();
        assert!(p.push(b"id: 7\nevent: review_submitted\nda").is_empty());
        let events =
            p.push(b"ta: {\"a\":1}\n\n: keep-alive\n\nid: 8\r\ndata: x\r\ndata: y\r\n\r\n");
        assert_eq!(
            events,
            vec![
                StreamEvent {
                    id: Some(7),
                    kind: "review_submitted".into(),
                    data: "{\"a\":1}".into()
                },
                StreamEvent {
                    id: Some(8),
                    kind: "message".into(),
                    data: "x\ny".into()
                },
            ]
        );
    }

    #[test]
    fn a_character_split_between_chunks_survives() {
        let mut p = SseParser::default();
        let text = "data: hyvää\n\n".as_bytes();
        let (a, b) = text.split_at(10); // inside "ä"
        assert!(p.push(a).is_empty());
        assert_eq!(p.push(b)[0].data, "hyvää");
    }

    #[test]
    fn reconnecting_backs_off_to_fifteen_seconds() {
        assert_eq!(backoff_ms(0), 1000);
        assert_eq!(backoff_ms(1), 2000);
        assert_eq!(backoff_ms(3), 8000);
        assert_eq!(backoff_ms(4), 15_000);
        assert_eq!(backoff_ms(40), 15_000);
    }
}
