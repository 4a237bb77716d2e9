//! The outbox: a submission waiting in `localStorage` until the server has
//! answered it.
//!
//! One entry per order id holds the idempotency key and the request body,
//! never the token. It is written before the request goes out and removed
//! once the server has answered for good, so a submission survives a lost
//! connection, a closed tab or a reload, and its replays are harmless: the
//! server stores one feedback per idempotency key.
//!
//! [`Outbox`] is the same mechanism under another prefix, for other
//! requests that must go out exactly once (the problem report and its
//! replies); the free functions are the feedback's outbox.

use js_sys::{JSON, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::Storage;

const PREFIX: &str = "resq-feedback:pending:";

/// A submission not yet answered by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub idempotency_key: String,
    /// The JSON text of the `SubmitFeedback` body.
    pub body: String,
}

/// The storage key of an order's pending submission.
pub fn storage_key(order_id: &str) -> String {
    String::from(PREFIX) + order_id
}

/// An outbox of pending requests, one per id, under its own storage prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outbox {
    prefix: &'static str,
}

/// The feedback's outbox.
pub const FEEDBACK: Outbox = Outbox::new(PREFIX);

impl Outbox {
    pub const fn new(prefix: &'static str) -> Outbox {
        Outbox { prefix }
    }

    fn key(&self, id: &str) -> String {
        String::from(self.prefix) + id
    }

    /// Keeps a request; false if the browser refuses to store it.
    pub fn save(&self, id: &str, pending: &Pending) -> bool {
        save_at(&self.key(id), pending)
    }

    /// The pending request of `id`, if there is a readable one.
    pub fn load(&self, id: &str) -> Option<Pending> {
        load_at(&self.key(id))
    }

    /// Forgets the pending request of `id`.
    pub fn clear(&self, id: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&self.key(id));
        }
    }

    /// The pending request of `id` to send again on mount, with what `read`
    /// makes of its body; one that cannot be read or made sense of is
    /// forgotten, so it cannot stand in the way of a new one.
    // Inlined into each caller: a copy of its own per `T` made the widget's
    // wasm ~300 B larger than the two callers' open-coded versions.
    #[inline(always)]
    pub fn resume<T>(&self, id: &str, read: fn(&str) -> Option<T>) -> Option<(T, Pending)> {
        let resumed = self.load(id).and_then(|p| Some((read(&p.body)?, p)));
        if resumed.is_none() {
            self.clear(id);
        }
        resumed
    }
}

fn storage() -> Option<Storage> {
    // Absent or throwing in some sandboxed frames and private modes.
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps a submission; false if the browser refuses to store it.
pub fn save(order_id: &str, pending: &Pending) -> bool {
    FEEDBACK.save(order_id, pending)
}

fn save_at(key: &str, pending: &Pending) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let Ok(body) = JSON::parse(&pending.body) else {
        return false;
    };
    let entry = Object::new();
    let _ = Reflect::set(
        &entry,
        &"key".into(),
        &pending.idempotency_key.as_str().into(),
    );
    let _ = Reflect::set(&entry, &"body".into(), &body);
    let Some(text) = JSON::stringify(&entry).ok().and_then(|s| s.as_string()) else {
        return false;
    };
    storage.set_item(key, &text).is_ok()
}

fn load_at(key: &str) -> Option<Pending> {
    let text = storage()?.get_item(key).ok()??;
    let entry = JSON::parse(&text).ok()?;
    let idempotency_key = Reflect::get(&entry, &"key".into()).ok()?.as_string()?;
    let body: JsValue = Reflect::get(&entry, &"body".into()).ok()?;
    if !body.is_object() || idempotency_key.is_empty() {
        return None;
    }
    let body = JSON::stringify(&body).ok()?.as_string()?;
    Some(Pending {
        idempotency_key,
        body,
    })
}

/// Forgets the order's pending submission.
pub fn clear(order_id: &str) {
    FEEDBACK.clear(order_id);
}

/// A fresh idempotency key: `crypto.randomUUID()`, or a version-4 UUID from
/// `crypto.getRandomValues` where `randomUUID` is missing (insecure contexts).
pub fn new_idempotency_key() -> String {
    let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) else {
        return fallback_key();
    };
    let has_random_uuid = Reflect::has(&crypto, &"randomUUID".into()).unwrap_or(false);
    if has_random_uuid {
        return crypto.random_uuid();
    }
    let mut bytes = [0u8; 16];
    if crypto.get_random_values_with_u8_array(&mut bytes).is_err() {
        return fallback_key();
    }
    uuid_v4(bytes)
}

fn fallback_key() -> String {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(4) {
        let n = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        chunk.copy_from_slice(&n.to_le_bytes());
    }
    uuid_v4(bytes)
}

fn uuid_v4(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 0x0f) as usize] as char);
    }
    out
}
