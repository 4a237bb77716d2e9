//! The review list: filters, rows (purchase date, products, rating, aspects,
//! comment — all rendered as text), and "Ask ResQ to contact this customer".

use leptos::prelude::*;
use resq_core::api::PartnerReview;
use resq_core::contact::ContactSubject;
use resq_core::{Aspect, Rating};

use super::contact::ContactForm;
use super::filter::Filter;
use super::text::{PartnerText, aspect_text, format_date, rating_text};
use crate::i18n::fill;
use crate::shell::Ctx;

/// The filter controls; every change goes to `filter`.
#[component]
pub fn FilterBar(filter: RwSignal<Filter>) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    let rating_buttons = Rating::ALL
        .into_iter()
        .map(|rating| {
            view! {
                <button
                    type="button"
                    data-filter-rating=rating.as_str()
                    aria-pressed=move || filter.with(|f| f.ratings.contains(&rating)).to_string()
                    on:click=move |_| filter.update(|f| f.toggle_rating(rating))
                >
                    {move || t(rating_text(rating))}
                </button>
            }
        })
        .collect_view();
    let aspect_buttons = Aspect::ALL
        .into_iter()
        .map(|aspect| {
            view! {
                <button
                    type="button"
                    data-filter-aspect=aspect.as_str()
                    aria-pressed=move || filter.with(|f| f.aspects.contains(&aspect)).to_string()
                    on:click=move |_| filter.update(|f| f.toggle_aspect(aspect))
                >
                    {move || t(aspect_text(aspect))}
                </button>
            }
        })
        .collect_view();
    let comment_value = move || match filter.with(|f| f.has_comment) {
        None => "any",
        Some(true) => "with",
        Some(false) => "without",
    };
    view! {
        <div class="filters" role="group" aria-label=move || t(PartnerText::Filters)>
            <fieldset>
                <legend>{move || t(PartnerText::FilterRating)}</legend>
                {rating_buttons}
            </fieldset>
            <fieldset>
                <legend>{move || t(PartnerText::FilterAspect)}</legend>
                {aspect_buttons}
            </fieldset>
            <label>
                <span class="legend">{move || t(PartnerText::FilterComment)}</span>
                " "
                <select
                    data-filter-comment=""
                    prop:value=comment_value
                    on:change=move |ev| {
                        let has = match event_target_value(&ev).as_str() {
                            "with" => Some(true),
                            "without" => Some(false),
                            _ => None,
                        };
                        filter.update(|f| f.has_comment = has);
                    }
                >
                    <option value="any">{move || t(PartnerText::AnyComment)}</option>
                    <option value="with">{move || t(PartnerText::WithComment)}</option>
                    <option value="without">{move || t(PartnerText::WithoutComment)}</option>
                </select>
            </label>
        </div>
    }
}

fn rating_class(rating: Rating) -> &'static str {
    match rating {
        Rating::Good => "rating rating-good",
        Rating::Ok => "rating rating-ok",
        Rating::Bad => "rating rating-bad",
    }
}

/// One review.
#[component]
pub fn ReviewItem(venue_id: String, review: PartnerReview, fresh: bool) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    let rating = review.rating;
    let date = review.purchase_date;
    let products = review
        .products
        .iter()
        .map(|p| format!("{} × {}", p.quantity, p.name))
        .collect::<Vec<_>>()
        .join(", ");
    let aspects = review.aspects.clone();
    let aspect_names = move || {
        aspects
            .iter()
            .map(|a| t(aspect_text(*a)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let comment = review.comment.clone().filter(|c| !c.is_empty());
    let about = ContactSubject::Review {
        review_id: review.review_id.clone(),
    };
    view! {
        <li class="review" class:fresh=fresh data-review-id=review.review_id.clone()>
            <header>
                <span class=rating_class(rating)>{move || t(rating_text(rating))}</span>
                <span class="muted">
                    {move || fill(t(PartnerText::Purchased), &[("date", &format_date(lang.get(), date))])}
                </span>
                <span class="products">{products}</span>
            </header>
            <p class="aspects">{aspect_names}</p>
            {match comment {
                Some(c) => view! { <p class="comment">{c}</p> }.into_any(),
                None => view! { <p class="comment muted">{move || t(PartnerText::NoComment)}</p> }.into_any(),
            }}
            <ContactForm venue_id about />
        </li>
    }
}
