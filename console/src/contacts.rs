//! Customer service: venues' requests to contact a customer (R7), with the
//! customer and the order to reach them by. Staff only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use resq_core::contact::StaffContactRequestList;

use crate::api;
use crate::partner::text::{PartnerText, format_date, rating_text};
use crate::shell::Ctx;
use crate::texts;

texts! {
    pub enum ContactText {
        Title { en: "Contact requests from venues", fi: "Toimipisteiden yhteydenottopyynnöt" },
        Empty { en: "No requests.", fi: "Ei pyyntöjä." },
        Customer { en: "Customer", fi: "Asiakas" },
        Order { en: "Order", fi: "Tilaus" },
        Message { en: "Venue's message", fi: "Toimipisteen viesti" },
        LoadFailed { en: "Could not load the requests.", fi: "Pyyntöjen lataus epäonnistui." },
    }
}

#[component]
pub fn ContactRequests() -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: ContactText| key.get(lang.get());
    let p = move |key: PartnerText| key.get(lang.get());
    let list = RwSignal::new(None::<StaffContactRequestList>);
    let failed = RwSignal::new(false);
    let client = ctx.client();
    spawn_local(async move {
        match client
            .get::<StaffContactRequestList>(&api::url(&["staff", "contact-requests"], ""))
            .await
        {
            Ok(l) => list.set(Some(l)),
            Err(f) => {
                ctx.check(&f);
                failed.set(true);
            }
        }
    });
    view! {
        <h1>{move || t(ContactText::Title)}</h1>
        <Show when=move || failed.get()>
            <p class="error" role="alert">{move || t(ContactText::LoadFailed)}</p>
        </Show>
        {move || {
            list.get()
                .map(|l| {
                    if l.items.is_empty() {
                        return view! { <p class="muted">{move || t(ContactText::Empty)}</p> }.into_any();
                    }
                    let rows = l
                        .items
                        .into_iter()
                        .map(|r| {
                            let rating = r.rating;
                            let date = r.purchase_date;
                            view! {
                                <li class="review" data-request-id=r.request_id.clone()>
                                    <header>
                                        <strong>{r.venue.name.clone()}</strong> " · "
                                        <span class="rating">{move || p(rating_text(rating))}</span> " · "
                                        <span class="muted">{move || format_date(lang.get(), date)}</span>
                                    </header>
                                    {r.comment.clone().map(|c| view! { <p class="comment">{c}</p> })}
                                    <p><strong>{move || t(ContactText::Message)}</strong> ": " <span class="comment">{r.message.clone()}</span></p>
                                    <p class="muted">
                                        {move || t(ContactText::Customer)} ": " {r.customer_id.clone()} " · "
                                        {move || t(ContactText::Order)} ": " {r.order_id.clone()}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="reviews">{rows}</ul> }.into_any()
                })
        }}
    }
}
