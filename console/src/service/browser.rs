//! What the service console asks of the browser: dates in a venue's time
//! zone (through `Intl`, so no time-zone database ships in the bundle) and
//! report photos fetched with the token (an `<img>` cannot send one).

use chrono::{DateTime, Utc};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::api::{self, AbortOnDrop, Client};
use crate::i18n::Lang;

/// `at` as date and time in `time_zone` (`15.1.2026 klo 16.30`).
pub fn date_time(at: DateTime<Utc>, lang: Lang, time_zone: &str) -> String {
    format(
        at,
        lang,
        time_zone,
        &[("dateStyle", "medium"), ("timeStyle", "short")],
    )
}

/// Only the time of day of `at` in `time_zone`.
pub fn time(at: DateTime<Utc>, lang: Lang, time_zone: &str) -> String {
    format(at, lang, time_zone, &[("timeStyle", "short")])
}

fn format(at: DateTime<Utc>, lang: Lang, time_zone: &str, style: &[(&str, &str)]) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let options = Object::new();
    for (key, value) in style.iter().chain([("timeZone", time_zone)].iter()) {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let locale = match lang {
        Lang::Fi => "fi-FI",
        Lang::En => "en-GB",
    };
    String::from(date.to_locale_string(locale, &options))
}

/// The photo's bytes as an object URL for an `<img>`; the caller revokes it.
pub async fn photo_url(client: &Client, report_id: &str, photo_id: &str) -> Option<String> {
    let window = web_sys::window()?;
    let url = api::url(&["problem-reports", report_id, "photos", photo_id], "");
    let init = RequestInit::new();
    init.set_method("GET");
    let headers = client.headers().ok()?;
    init.set_headers(&headers);
    let abort = AbortOnDrop::new();
    if let Some(controller) = &abort.0 {
        init.set_signal(Some(&controller.signal()));
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .ok()?;
    let response: Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let blob = JsFuture::from(response.blob().ok()?).await.ok()?;
    let url_api = Reflect::get(&js_sys::global(), &JsValue::from_str("URL")).ok()?;
    let create: Function = Reflect::get(&url_api, &JsValue::from_str("createObjectURL"))
        .ok()?
        .dyn_into()
        .ok()?;
    create.call1(&url_api, &blob).ok()?.as_string()
}

/// Frees an object URL made by [`photo_url`].
pub fn revoke(url: &str) {
    let Ok(url_api) = Reflect::get(&js_sys::global(), &JsValue::from_str("URL")) else {
        return;
    };
    if let Ok(revoke) = Reflect::get(&url_api, &JsValue::from_str("revokeObjectURL"))
        .and_then(|f| f.dyn_into::<Function>())
    {
        let _ = revoke.call1(&url_api, &JsValue::from_str(url));
    }
}
