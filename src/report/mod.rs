//! `<resq-problem-report>` (R9, R10): on the receipt, the link "Is there a
//! problem with this order?" opens a form — what went wrong, a description
//! (required for "other"), an optional photo downscaled in the browser — and
//! after sending, the report's thread: its status, customer service's
//! messages, a reply box, and the resolution. Filing and replying go
//! through the same outbox and idempotency keys as the feedback
//! ([`crate::offline`]); one open report per order, so a second attempt
//! shows the open one.
//!
//! The rules (time limit, description, message limits) are `resq_core`'s.

mod client;
mod controller;
mod photo;
pub mod state;
mod view;
pub mod wire;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::embed::{WidgetHandle, mount_component};
pub use view::ProblemReport;

/// Mounts `<resq-problem-report>` into `root` (the shadow root of `host`)
/// with options `{ orderId, apiBase, token, lang }`; events are dispatched
/// on `host`.
#[wasm_bindgen(js_name = mountProblemReport)]
pub fn mount_problem_report(
    host: &HtmlElement,
    root: &ShadowRoot,
    options: &JsValue,
) -> Result<WidgetHandle, JsValue> {
    mount_component(host, root, options, |config, lang| {
        view! { <ProblemReport config=config lang=lang /> }.into_any()
    })
}
