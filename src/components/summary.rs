//! What the customer gave: shown once feedback exists (submitted earlier, or
//! just sent from this form).

use leptos::prelude::*;
use resq_core::Feedback;

use super::icons::rating_icon;
use super::{heading_for_focus, reactive};
use crate::controller::{Ctx, Focus};
use crate::i18n::{Key, aspect_key, rating_key, tr};

#[component]
pub fn Summary(title: Key, intro: Key, feedback: Feedback) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let heading = heading_for_focus(ctx.focus, Focus::Result);
    let text = move |key: Key| tr(ctx.lang, key);
    let rating = feedback.rating;
    let aspects = feedback.aspects.clone();
    let aspect_names = move || {
        let lang = ctx.lang.get();
        let names: Vec<&str> = aspects.iter().map(|a| lang.text(aspect_key(*a))).collect();
        names.join(", ")
    };
    let has_aspects = !feedback.aspects.is_empty();
    view! {
        <div class="resq-result">
            <h2 class="resq-question" tabindex="-1" node_ref=heading>{text(title)}</h2>
            <p>{text(intro)}</p>
            <dl class="resq-summary">
                <div>
                    <dt>{text(Key::SummaryRating)}</dt>
                    <dd class="resq-given-rating" data-rating=rating.as_str()>
                        {rating_icon(rating)}
                        <span>{text(rating_key(rating))}</span>
                    </dd>
                </div>
                {has_aspects
                    .then(|| {
                        view! {
                            <div>
                                <dt>{text(Key::SummaryAspects)}</dt>
                                <dd class="resq-given-aspects">{reactive(aspect_names)}</dd>
                            </div>
                        }
                    })}
                {feedback
                    .comment
                    .map(|comment| {
                        view! {
                            <div>
                                <dt>{text(Key::SummaryComment)}</dt>
                                <dd class="resq-given-comment">{comment}</dd>
                            </div>
                        }
                    })}
            </dl>
        </div>
    }
}
