//! Start-up: the loader asks for the order while the wasm downloads and
//! hands its answer over (`options.order`); the widget takes it instead of
//! asking again, but only as its first request.

use resq_feedback::embed::mount_widget;
use resq_feedback::i18n::Lang;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, ShadowRoot};

use crate::support::*;

const URL: &str = "https://api.example/api/v1/orders/o-1";

/// A host element with a shadow root, as the loader makes one.
fn host() -> (HtmlElement, ShadowRoot) {
    let host: HtmlElement = js(r#"
        const h = document.createElement("div");
        document.body.append(h);
        h.attachShadow({ mode: "open" });
        return h;
    "#)
    .unchecked_into();
    let root = host.shadow_root().unwrap();
    (host, root)
}

/// The loader's options for `o-1`, with its answer for `url`: `feedback`
/// read in full, as `resq-feedback.js` hands it over.
fn options_with_answer(url: &str, feedback: &str) -> JsValue {
    js(&format!(
        r#"return {{ orderId: "{ORDER_ID}", apiBase: "https://api.example", token: "{TOKEN}",
            lang: "en", order: {{ url: "{url}",
            response: Promise.resolve({{ status: 200, retryAfter: null, body: {} }}) }} }}"#,
        order(feedback)
    ))
}

fn state(root: &ShadowRoot) -> String {
    root.query_selector("[data-state]")
        .unwrap()
        .and_then(|e| e.get_attribute("data-state"))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_loaders_answer_opens_the_form_without_asking_again() {
    clear_storage();
    serve("[]");
    let (host, root) = host();
    let mut widget = mount_widget(&host, &root, &options_with_answer(URL, OPEN)).unwrap();
    until("open", || state(&root) == "open").await;
    assert!(
        root.query_selector("[role=radiogroup]").unwrap().is_some(),
        "the rating group"
    );
    assert!(calls("GET").is_empty(), "the order was not asked for again");
    widget.unmount();
    host.remove();
}

#[wasm_bindgen_test]
async fn an_answer_for_another_url_is_not_used() {
    clear_storage();
    serve(&format!(
        "[{}]",
        get_order(r#"{"state":"submitted","feedback":{"rating":"ok","aspects":[]}}"#)
    ));
    let (host, root) = host();
    let other = "https://api.example/api/v1/orders/o-2";
    let mut widget = mount_widget(&host, &root, &options_with_answer(other, OPEN)).unwrap();
    until("submitted", || state(&root) == "submitted").await;
    assert_eq!(calls("GET").len(), 1);
    widget.unmount();
    host.remove();
}

#[wasm_bindgen_test]
async fn a_submission_waiting_in_the_outbox_makes_the_loaders_answer_stale() {
    clear_storage();
    // A submission saved offline on an earlier visit.
    serve(&format!("[{}]", get_order(OPEN)));
    let earlier = mount(Lang::En, None);
    earlier.until_state("open").await;
    earlier.get("[data-rating=good]").click();
    leptos::task::tick().await;
    earlier.get("[data-aspect=taste]").click();
    leptos::task::tick().await;
    js("window.__offline = true");
    earlier.get("button[type=submit]").click();
    until("saved offline", || earlier.text().contains("Saved")).await;
    drop(earlier);

    // Back online, the loader's answer (from before the waiting submission
    // is sent) says open; the submission is refused as already given, and
    // the widget must show the state the server has now.
    serve(&format!(
        r#"[{{"method":"POST","path":"/feedback","status":409,
        "body":{{"code":"feedback_already_submitted","message":"x"}}}}, {}]"#,
        get_order(r#"{"state":"submitted","feedback":{"rating":"ok","aspects":[]}}"#)
    ));
    let (host, root) = host();
    let mut widget = mount_widget(&host, &root, &options_with_answer(URL, OPEN)).unwrap();
    until("submitted", || state(&root) == "submitted").await;
    assert_eq!(calls("POST").len(), 1);
    assert_eq!(
        calls("GET").len(),
        1,
        "the order was asked for after the 409"
    );
    widget.unmount();
    host.remove();
}
