//! Quality sampling (R11): the day's reproducible sample of reviews, each
//! marked read and optionally flagged for follow-up.

use leptos::prelude::*;

use crate::shell::Ctx;
use crate::texts;

texts! {
    pub enum SamplingText {
        Title { en: "Quality sampling", fi: "Laadun pistokokeet" },
    }
}

/// The day's sample.
#[component]
pub fn Sampling() -> impl IntoView {
    let ctx = Ctx::get();
    view! { <h1>{move || SamplingText::Title.get(ctx.lang.get())}</h1> }
}
