//! Embedding: the loader's entry point in a shadow root, isolated from a
//! hostile host stylesheet, events on the host, language switch, unmount.

use resq_feedback::embed::mount_widget;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, ShadowRoot};

use crate::support::*;

fn computed(element: &web_sys::Element, property: &str) -> String {
    web_sys::window()
        .unwrap()
        .get_computed_style(element)
        .unwrap()
        .unwrap()
        .get_property_value(property)
        .unwrap()
}

#[wasm_bindgen_test]
async fn in_a_shadow_root_a_hostile_page_stylesheet_cannot_break_it() {
    clear_storage();
    serve(&format!("[{}]", get_order(OPEN)));
    let hostile = js(r#"
        const s = document.createElement("style");
        s.textContent = "* { all: revert !important; font-size: 40px !important; color: #ff0 !important }"
            + " button { display: none !important } textarea { display: none !important }"
            + " div { visibility: hidden !important }";
        document.head.append(s);
        return s;
    "#);
    let host: HtmlElement = js(r#"
        const h = document.createElement("section");
        h.setAttribute("lang", "de");
        document.body.append(h);
        h.attachShadow({ mode: "open" });
        return h;
    "#)
    .unchecked_into();
    let root: ShadowRoot = host.shadow_root().unwrap();
    let options = js(r#"return { orderId: "o-1", apiBase: "", token: "t", lang: "fi" }"#);
    let mut widget = mount_widget(&host, &root, &options).unwrap();
    let state = || {
        root.query_selector("[data-state]")
            .unwrap()
            .and_then(|e| e.get_attribute("data-state"))
            .unwrap_or_default()
    };
    until("open", || state() == "open").await;
    leptos::task::tick().await;

    assert_eq!(
        root.adopted_style_sheets().length(),
        1,
        "one constructed sheet"
    );
    assert!(
        root.query_selector("style").unwrap().is_none(),
        "no <style> element (CSP)"
    );
    let radio = root.query_selector("[role=radio]").unwrap().unwrap();
    assert_ne!(computed(&radio, "display"), "none");
    assert_eq!(computed(&radio, "visibility"), "visible");
    let widget_root = root.query_selector(".resq").unwrap().unwrap();
    assert_eq!(computed(&widget_root, "font-size"), "16px");
    assert_ne!(computed(&widget_root, "color"), "rgb(255, 255, 0)");
    let rect = radio.get_bounding_client_rect();
    assert!(
        rect.height() >= 44.0 && rect.width() >= 44.0,
        "touch target {rect:?}"
    );
    assert!(radio.text_content().unwrap().contains("Hyvä"));

    widget.set_lang(Some("sv".into()));
    leptos::task::tick().await;
    assert!(radio.is_connected());
    assert!(
        root.query_selector("[role=radio]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
            .contains("Bra")
    );

    widget.unmount();
    assert!(root.query_selector(".resq").unwrap().is_none(), "unmounted");
    hostile.unchecked_into::<web_sys::Element>().remove();
    host.remove();
}

#[wasm_bindgen_test]
async fn errors_are_dispatched_on_the_host_and_bubble_out_of_the_shadow_root() {
    clear_storage();
    serve("[]");
    js("window.__offline = true");
    let host: HtmlElement = js(r#"
        const h = document.createElement("div");
        document.body.append(h);
        h.attachShadow({ mode: "open" });
        window.__seen = [];
        document.addEventListener("resq-feedback:error", e => (window.__seen ||= []).push(e.detail.code));
        return h;
    "#)
    .unchecked_into();
    let root = host.shadow_root().unwrap();
    let options = js(r#"return { orderId: "o-1", lang: "en" }"#);
    let mut widget = mount_widget(&host, &root, &options).unwrap();
    until("an error event at the document", || {
        js("return window.__seen.length").as_f64() == Some(1.0)
    })
    .await;
    assert_eq!(
        js("return window.__seen[0]").as_string().as_deref(),
        Some("network_error")
    );
    assert!(root.text_content().unwrap().contains("Try again"));
    widget.unmount();
    host.remove();
}
