//! The venue's Feedback page (R5–R8, R12, R13).

use leptos::prelude::*;

use crate::shell::Ctx;
use crate::texts;

texts! {
    pub enum PartnerText {
        Title { en: "Feedback", fi: "Palaute" },
    }
}

/// One venue's Feedback page.
#[component]
pub fn FeedbackPage(venue_id: String) -> impl IntoView {
    let ctx = Ctx::get();
    view! {
        <h1>{move || PartnerText::Title.get(ctx.lang.get())}</h1>
        <p class="venue-id">{venue_id}</p>
    }
}
