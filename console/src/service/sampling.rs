//! Quality sampling (R11): the day's reproducible sample of reviews, each
//! marked read and optionally flagged for follow-up with a note.

use leptos::prelude::*;
use leptos::task::spawn_local;
use resq_core::sampling::{DailySample, MarkSampleRead, SampleRead, SampledReview, Stratum};

use crate::api;
use crate::i18n::fill;
use crate::partner::text::{PartnerText, aspect_text, format_date, rating_text};
use crate::shell::Ctx;
use crate::texts;

texts! {
    pub enum SamplingText {
        Title { en: "Quality sampling", fi: "Laadun pistokokeet" },
        Intro { en: "A reproducible sample of the day's reviews. Bad ratings with a comment are over-represented. Problem reports are not sampled: every one is in the report queue.", fi: "Toistettava otos päivän arvioista. Huonoja arvioita kommentin kanssa on otoksessa enemmän. Ongelmailmoituksia ei otanta koske: jokainen on jonossa." },
        Day { en: "Day", fi: "Päivä" },
        Population { en: "{n} of {total} reviews that day ({bad} bad with a comment).", fi: "{n} / {total} päivän arviosta ({bad} huonoa kommentin kanssa)." },
        Empty { en: "No reviews that day.", fi: "Ei arvioita sinä päivänä." },
        BadWithComment { en: "Bad with a comment", fi: "Huono ja kommentti" },
        MarkRead { en: "Mark read", fi: "Merkitse luetuksi" },
        Flag { en: "Flag for follow-up", fi: "Merkitse jatkotoimia varten" },
        Unflag { en: "Remove flag", fi: "Poista merkintä" },
        Note { en: "Note (optional)", fi: "Muistiinpano (valinnainen)" },
        Read { en: "Read", fi: "Luettu" },
        Flagged { en: "Flagged", fi: "Merkitty jatkotoimia varten" },
        Failed { en: "Could not save. Try again.", fi: "Tallennus epäonnistui. Yritä uudelleen." },
        LoadFailed { en: "Could not load the sample.", fi: "Otoksen lataus epäonnistui." },
    }
}

fn yesterday() -> String {
    let now = js_sys::Date::new_0();
    now.set_date(now.get_date() - 1);
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// The day's sample.
#[component]
pub fn Sampling() -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: SamplingText| key.get(lang.get());
    let day = RwSignal::new(yesterday());
    let sample = RwSignal::new(None::<DailySample>);
    let failed = RwSignal::new(false);
    Effect::new(move || {
        let date = day.get();
        let client = ctx.client();
        let url = api::url(
            &["staff", "samples"],
            &format!("date={}", api::encode(&date)),
        );
        failed.set(false);
        spawn_local(async move {
            match client.get::<DailySample>(&url).await {
                Ok(s) => sample.set(Some(s)),
                Err(f) => {
                    ctx.check(&f);
                    failed.set(true);
                }
            }
        });
    });
    let summary = move || {
        sample.with(|s| {
            s.as_ref().map(|s| {
                fill(
                    t(SamplingText::Population),
                    &[
                        ("n", &s.items.len().to_string()),
                        ("total", &s.population.to_string()),
                        ("bad", &s.population_bad_with_comment.to_string()),
                    ],
                )
            })
        })
    };
    view! {
        <h1>{move || t(SamplingText::Title)}</h1>
        <p class="muted">{move || t(SamplingText::Intro)}</p>
        <label>
            {move || t(SamplingText::Day)} " "
            <input
                type="date"
                data-sample-day=""
                prop:value=move || day.get()
                on:change=move |ev| day.set(event_target_value(&ev))
            />
        </label>
        <p role="status">{summary}</p>
        <Show when=move || failed.get()>
            <p class="error" role="alert">{move || t(SamplingText::LoadFailed)}</p>
        </Show>
        <section class="sample">
            <ul>
                {move || {
                    sample
                        .get()
                        .map(|s| {
                            if s.items.is_empty() {
                                view! { <li class="muted">{move || t(SamplingText::Empty)}</li> }.into_any()
                            } else {
                                s.items
                                    .into_iter()
                                    .map(|r| view! { <SampleItem review=r /> })
                                    .collect_view()
                                    .into_any()
                            }
                        })
                }}
            </ul>
        </section>
    }
}

#[component]
fn SampleItem(review: SampledReview) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: SamplingText| key.get(lang.get());
    let p = move |key: PartnerText| key.get(lang.get());
    let read = RwSignal::new(review.read.clone());
    let note = RwSignal::new(
        review
            .read
            .as_ref()
            .and_then(|r| r.note.clone())
            .unwrap_or_default(),
    );
    let failed = RwSignal::new(false);
    let review_id = review.review_id.clone();
    let mark = move |flag: bool| {
        let client = ctx.client();
        let url = api::url(&["staff", "samples", &review_id, "read"], "");
        let text = note.get_untracked();
        let body = MarkSampleRead {
            flag,
            note: (!text.trim().is_empty()).then_some(text),
        };
        failed.set(false);
        spawn_local(async move {
            match client.post::<_, SampleRead>(&url, &body).await {
                Ok(r) => read.set(Some(r)),
                Err(f) => {
                    ctx.check(&f);
                    failed.set(true);
                }
            }
        });
    };
    let mark_flag = mark.clone();
    let rating = review.rating;
    let date = review.purchase_date;
    let aspects = review.aspects.clone();
    let products = review
        .products
        .iter()
        .map(|p| format!("{} × {}", p.quantity, p.name))
        .collect::<Vec<_>>()
        .join(", ");
    let note_id = format!("note-{}", review.review_id);
    let is_flagged = move || read.with(|r| r.as_ref().is_some_and(|r| r.flagged));
    view! {
        <li data-sample-review=review.review_id.clone() data-read=move || read.with(Option::is_some).to_string()>
            <header>
                <strong>{review.venue_name.clone()}</strong> " · "
                <span class="rating">{move || p(rating_text(rating))}</span> " · "
                <span class="muted">{move || fill(p(PartnerText::Purchased), &[("date", &format_date(lang.get(), date))])}</span>
                {(review.stratum == Stratum::BadWithComment)
                    .then(|| view! { " " <span class="tag">{move || t(SamplingText::BadWithComment)}</span> })}
            </header>
            <p class="products">{products}</p>
            <p class="aspects">{move || aspects.iter().map(|a| p(aspect_text(*a))).collect::<Vec<_>>().join(", ")}</p>
            {review.comment.clone().map(|c| view! { <p class="comment">{c}</p> })}
            <label for=note_id.clone()>{move || t(SamplingText::Note)}</label>
            <input
                id=note_id.clone()
                type="text"
                maxlength="2000"
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev))
            />
            <p>
                <button type="button" data-action="read" on:click=move |_| mark(is_flagged())>
                    {move || t(SamplingText::MarkRead)}
                </button>
                " "
                <button type="button" class="quiet" data-action="flag" on:click=move |_| mark_flag(!is_flagged())>
                    {move || if is_flagged() { t(SamplingText::Unflag) } else { t(SamplingText::Flag) }}
                </button>
                " "
                <span role="status">
                    {move || read.get().map(|r| if r.flagged { t(SamplingText::Flagged) } else { t(SamplingText::Read) })}
                </span>
            </p>
            <Show when=move || failed.get()>
                <p class="error" role="alert">{move || t(SamplingText::Failed)}</p>
            </Show>
        </li>
    }
}
