//! The views around the form: loading, not open yet, closed, and a server
//! that cannot be reached or refuses.

use leptos::prelude::*;

use crate::controller::Ctx;
use crate::i18n::{Key, fill, format_date};

#[component]
pub fn Loading() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="resq-loading" aria-busy="true">
            <span class="resq-spinner" aria-hidden="true"></span>
            <p>{move || ctx.lang.get().text(Key::Loading)}</p>
        </div>
    }
}

/// A state with a date: "not open yet" (R1, `opens_at`) or "closed".
#[component]
pub fn Dated(title: Key, text: Key, millis: f64) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let time_zone = ctx.time_zone();
    let sentence = move || {
        let lang = ctx.lang.get();
        let date = format_date(lang, millis, time_zone.as_deref());
        fill(lang.text(text), "date", &date)
    };
    view! {
        <div class="resq-info">
            <h2 class="resq-question">{move || ctx.lang.get().text(title)}</h2>
            <p>{sentence}</p>
        </div>
    }
}

/// The server cannot be reached (or refused): say so and offer a retry.
#[component]
pub fn Trouble(title: Key, text: Key) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="resq-info resq-trouble">
            <h2 class="resq-question">{move || ctx.lang.get().text(title)}</h2>
            <p>{move || ctx.lang.get().text(text)}</p>
            <button type="button" class="resq-send resq-retry" on:click=move |_| ctx.start()>
                {move || ctx.lang.get().text(Key::Retry)}
            </button>
        </div>
    }
}
