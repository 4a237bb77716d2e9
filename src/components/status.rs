//! The views around the form: loading, not open yet, closed, and a server
//! that cannot be reached or refuses.

use leptos::prelude::*;

use super::reactive;
use crate::controller::Ctx;
use crate::i18n::{Key, fill, format_date, tr};

#[component]
pub fn Loading() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="resq-loading" aria-busy="true">
            <span class="resq-spinner" aria-hidden="true"></span>
            <p>{tr(ctx.lang, Key::Loading)}</p>
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
            <h2 class="resq-question">{tr(ctx.lang, title)}</h2>
            <p>{reactive(sentence)}</p>
        </div>
    }
}

/// The server cannot be reached (or refused): say so and offer a retry.
#[component]
pub fn Trouble(title: Key, text: Key) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <div class="resq-info resq-trouble">
            <h2 class="resq-question">{tr(ctx.lang, title)}</h2>
            <p>{tr(ctx.lang, text)}</p>
            <button type="button" class="resq-send resq-retry" on:click=move |_| ctx.start()>
                {tr(ctx.lang, Key::Retry)}
            </button>
        </div>
    }
}
