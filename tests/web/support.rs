//! Test support: a scripted `fetch`, mounting, waiting, and DOM helpers.

use js_sys::{Function, Promise, Reflect};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use resq_feedback::api::Client;
use resq_feedback::i18n::Lang;
use resq_feedback::{Widget, WidgetConfig};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, EventTarget, HtmlElement};

pub const ORDER_ID: &str = "o-1";
pub const TOKEN: &str = "customer-token-123";

/// Runs a snippet of JavaScript (a function body) and returns its result.
pub fn js(body: &str) -> JsValue {
    Function::new_no_args(body)
        .call0(&JsValue::NULL)
        .expect("test snippet throws")
}

/// Replaces `window.fetch` with a scripted server: `routes` is a JS array of
/// `{method, path, status, body, headers}` matched by method and URL suffix
/// (first match wins; `once: true` routes are used up). `window.__offline`
/// makes every request fail like a lost connection. Every request is
/// recorded in `window.__calls` as `{url, method, key, auth, body}`.
pub fn serve(routes: &str) {
    js(&format!(
        r#"
        window.__routes = {routes};
        window.__calls = [];
        window.__offline = false;
        window.fetch = async (url, init = {{}}) => {{
            const method = init.method || "GET";
            const headers = new Headers(init.headers);
            window.__calls.push({{
                url: String(url), method,
                key: headers.get("Idempotency-Key"),
                auth: headers.get("Authorization"),
                body: init.body ?? null,
            }});
            if (window.__offline) throw new TypeError("Failed to fetch");
            const i = window.__routes.findIndex(r => r.method === method && String(url).endsWith(r.path));
            if (i < 0) return new Response('{{"code":"not_found","message":"no route"}}', {{ status: 404 }});
            const r = window.__routes[i];
            if (r.once) window.__routes.splice(i, 1);
            return new Response(JSON.stringify(r.body), {{
                status: r.status,
                headers: {{ "Content-Type": "application/json", ...(r.headers || {{}}) }},
            }});
        }};
        "#
    ));
}

/// An order whose feedback state is the JSON `feedback`.
pub fn order(feedback: &str) -> String {
    format!(
        r#"{{"order_id":"{ORDER_ID}","venue":{{"id":"v-1","name":"Café Aalto","time_zone":"Europe/Helsinki"}},
        "products":[{{"name":"Pastry bag","quantity":1}}],"purchased_at":"2025-12-01T10:00:00Z",
        "purchase_date":"2025-12-01","pickup_window":{{"start":"2025-12-01T14:00:00Z","end":"2025-12-01T15:00:00Z"}},
        "feedback":{feedback}}}"#
    )
}

pub const OPEN: &str = r#"{"state":"open","closes_at":"2026-01-31T22:00:00Z"}"#;

/// The route answering `GET /orders/o-1` with `feedback`.
pub fn get_order(feedback: &str) -> String {
    format!(
        r#"{{"method":"GET","path":"/api/v1/orders/{ORDER_ID}","status":200,"body":{}}}"#,
        order(feedback)
    )
}

/// The route accepting the feedback with a receipt for `feedback`.
pub fn post_ok(feedback: &str) -> String {
    format!(
        r#"{{"method":"POST","path":"/api/v1/orders/{ORDER_ID}/feedback","status":201,
        "body":{{"order_id":"{ORDER_ID}","feedback":{feedback}}}}}"#
    )
}

pub fn calls(method: &str) -> Vec<JsValue> {
    let calls: js_sys::Array = js("return window.__calls").unchecked_into();
    calls
        .iter()
        .filter(|c| get_str(c, "method").as_deref() == Some(method))
        .collect()
}

pub fn get_str(value: &JsValue, name: &str) -> Option<String> {
    Reflect::get(value, &name.into()).ok()?.as_string()
}

/// A mounted widget; dropping it unmounts and removes it.
pub struct Mounted {
    pub root: HtmlElement,
    pub lang: RwSignal<Lang>,
    _handle: UnmountHandle<AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

impl Mounted {
    pub fn find(&self, selector: &str) -> Option<HtmlElement> {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .map(|e| e.unchecked_into())
    }

    pub fn get(&self, selector: &str) -> HtmlElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("no `{selector}` in {}", self.root.inner_html()))
    }

    pub fn all(&self, selector: &str) -> Vec<HtmlElement> {
        let list = self
            .root
            .query_selector_all(selector)
            .expect("valid selector");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into())
            .collect()
    }

    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.get(selector).get_attribute(name)
    }

    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub fn state(&self) -> String {
        self.attr("[data-state]", "data-state").unwrap_or_default()
    }

    pub fn step(&self) -> Option<String> {
        self.attr("[data-state]", "data-step")
    }

    pub async fn until_state(&self, state: &str) {
        until(&format!("data-state={state}"), || self.state() == state).await;
        leptos::task::tick().await;
    }

    /// Types `text` into the comment as a user would (an `input` event).
    pub fn type_comment(&self, text: &str) {
        let area: web_sys::HtmlTextAreaElement = self.get("textarea").unchecked_into();
        area.set_value(text);
        let event = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        area.dispatch_event(&event).unwrap();
    }

    /// Clicks the button whose text contains `text`.
    pub fn click_text(&self, text: &str) {
        self.all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().contains(text))
            .unwrap_or_else(|| panic!("no button `{text}` in {}", self.root.inner_html()))
            .click();
    }
}

/// Mounts the widget for `o-1` in `lang`; events go to `events`.
pub fn mount(lang: Lang, events: Option<EventTarget>) -> Mounted {
    let document = window().document().unwrap();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let lang = RwSignal::new(lang);
    let config = WidgetConfig {
        order_id: ORDER_ID.into(),
        client: Client {
            api_base: "https://api.example".into(),
            token: TOKEN.into(),
            ..Client::default()
        },
        events,
    };
    let handle = mount_to(root.clone(), move || {
        view! { <Widget config=config lang=lang /> }.into_any()
    });
    Mounted {
        root,
        lang,
        _handle: handle,
    }
}

pub fn clear_storage() {
    window().local_storage().unwrap().unwrap().clear().unwrap();
}

pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits (up to ~3 s) until `condition` holds.
pub async fn until(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..300 {
        if condition() {
            return;
        }
        sleep(10).await;
    }
    panic!("timed out waiting for {what}");
}

/// Records the `resq-feedback:*` events dispatched on a fresh target.
pub fn event_recorder() -> EventTarget {
    let target: EventTarget = js(r#"
        const t = new EventTarget();
        window.__events = [];
        for (const name of ["resq-feedback:submitted", "resq-feedback:error"])
            t.addEventListener(name, e => window.__events.push({
                name, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
        return t;
    "#)
    .unchecked_into();
    target
}

pub fn events() -> Vec<JsValue> {
    let events: js_sys::Array = js("return window.__events").unchecked_into();
    events.iter().collect()
}

pub fn active_element() -> Option<Element> {
    window().document()?.active_element()
}
