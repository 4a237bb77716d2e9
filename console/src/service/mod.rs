//! The customer-service console (R10): every problem report, live.
//!
//! Placeholder until the problem-report console lands (issue 4 replaces
//! this module's `ServiceConsole`); [`sampling`] is the quality sample (R11).

pub mod sampling;

use leptos::prelude::*;

use crate::shell::Ctx;
use crate::texts;

texts! {
    enum ServiceText {
        Title { en: "Service console", fi: "Asiakaspalvelukonsoli" },
    }
}

/// The problem-report queue and report views.
#[component]
pub fn ServiceConsole() -> impl IntoView {
    let ctx = Ctx::get();
    view! { <h1>{move || ServiceText::Title.get(ctx.lang.get())}</h1> }
}
