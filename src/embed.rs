//! Embedding: the entry point the JS loader (`resq-feedback.js`) calls for
//! the `<resq-feedback>` element and for `mount(element, options)`.
//!
//! The widget renders into a `<div>` inside the host's shadow root, styled by
//! one constructed stylesheet shared by every instance (`adoptedStyleSheets`:
//! no `<style>` element, so a strict CSP without 'unsafe-inline' holds).

use std::cell::{Cell, OnceCell};
use std::rc::Rc;

use js_sys::Reflect;
use leptos::mount::{UnmountHandle, mount_to};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRoot};

use crate::api::{Client, Prefetched};
use crate::components::Widget;
use crate::controller::WidgetConfig;
use crate::i18n::Lang;

/// The widget's styles (`style/`), compiled in without comments and spare
/// whitespace (`build.rs`).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

thread_local! {
    static SHEET: OnceCell<Option<CssStyleSheet>> = const { OnceCell::new() };
}

/// Applies the widget's styles to `root` (once per root).
pub fn adopt_styles(root: &ShadowRoot) {
    let sheet = SHEET.with(|cell| {
        cell.get_or_init(|| {
            let sheet = CssStyleSheet::new().ok()?;
            sheet.replace_sync(CSS).ok()?;
            Some(sheet)
        })
        .clone()
    });
    match sheet {
        Some(sheet) => {
            let sheets = root.adopted_style_sheets();
            if !sheets.includes(&sheet, 0) {
                sheets.push(&sheet);
                root.set_adopted_style_sheets(&sheets);
            }
        }
        // Engines without constructable stylesheets (before Safari 16.4).
        None => {
            let Some(document) = window().document() else {
                return;
            };
            if let Ok(style) = document.create_element("style") {
                style.set_text_content(Some(CSS));
                let _ = root.append_child(&style);
            }
        }
    }
}

/// The loader's `order: { url, response }`: its request for the order,
/// started while the wasm was downloading (see `Prefetched`).
fn prefetched(options: &JsValue) -> Prefetched {
    let Ok(order) = Reflect::get(options, &JsValue::from_str("order")) else {
        return Prefetched::default();
    };
    let response = Reflect::get(&order, &JsValue::from_str("response")).ok();
    match (
        option(&order, "url"),
        response.and_then(|r| r.dyn_into().ok()),
    ) {
        (Some(url), Some(response)) => Prefetched::new(url, response),
        _ => Prefetched::default(),
    }
}

fn option(options: &JsValue, name: &str) -> Option<String> {
    Reflect::get(options, &JsValue::from_str(name))
        .ok()?
        .as_string()
        .filter(|s| !s.is_empty())
}

/// A mounted widget, for the loader: `unmount()` and `setLang(tag)`.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<UnmountHandle<AnyViewState>>,
    container: Option<Element>,
    lang: Option<RwSignal<Lang>>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget and cleans up its listeners, timers and requests.
    pub fn unmount(&mut self) {
        self.mounted.take();
        if let Some(container) = self.container.take() {
            container.remove();
        }
    }

    /// Switches the language without losing what was entered (`None`: the
    /// browser's language).
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&self, tag: Option<String>) {
        if let Some(lang) = self.lang {
            let _ = lang.try_set(Lang::choose(tag.as_deref()));
        }
    }
}

/// Mounts the widget into `root` (the shadow root of `host`) with options
/// `{ orderId, apiBase, token, lang }`; events are dispatched on `host`.
#[wasm_bindgen(js_name = mountWidget)]
pub fn mount_widget(
    host: &HtmlElement,
    root: &ShadowRoot,
    options: &JsValue,
) -> Result<WidgetHandle, JsValue> {
    mount_component(host, root, options, |config, lang| {
        view! { <Widget config=config lang=lang /> }.into_any()
    })
}

/// Mounts a component of the widget (`render`) into `root`, the shadow root
/// of `host`, with the loader's options `{ orderId, apiBase, token, lang }`.
pub fn mount_component(
    host: &HtmlElement,
    root: &ShadowRoot,
    options: &JsValue,
    render: impl FnOnce(WidgetConfig, RwSignal<Lang>) -> AnyView + 'static,
) -> Result<WidgetHandle, JsValue> {
    mount_boxed(host, root, options, Box::new(render))
}

/// `mount_component` behind one boxed type: the mounting code (Leptos'
/// `mount_to` is generic over it) is compiled once, not once per component.
fn mount_boxed(
    host: &HtmlElement,
    root: &ShadowRoot,
    options: &JsValue,
    render: Box<dyn FnOnce(WidgetConfig, RwSignal<Lang>) -> AnyView>,
) -> Result<WidgetHandle, JsValue> {
    adopt_styles(root);
    let document = window()
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_class_name("resq-host");
    root.append_child(&container)?;

    let config = WidgetConfig {
        order_id: option(options, "orderId").unwrap_or_default(),
        client: Client {
            api_base: option(options, "apiBase").unwrap_or_default(),
            token: option(options, "token").unwrap_or_default(),
            prefetched: prefetched(options),
        },
        events: Some(host.clone().into()),
    };
    let asked = option(options, "lang");
    let lang_cell = Rc::new(Cell::new(None));
    let lang_out = Rc::clone(&lang_cell);
    let mounted = mount_to(container.clone(), move || {
        let lang = RwSignal::new(Lang::choose(asked.as_deref()));
        lang_out.set(Some(lang));
        render(config, lang)
    });
    Ok(WidgetHandle {
        mounted: Some(mounted),
        container: Some(container.into()),
        lang: lang_cell.get(),
    })
}
