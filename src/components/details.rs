//! Step 2: the rating-dependent follow-up question (R3) with the five
//! aspects as toggle buttons, the comment, and Send.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use resq_core::{Aspect, Rating};

use super::comment::CommentField;
use super::{heading_for_focus, reactive};
use crate::controller::{Ctx, Focus, error_tr};
use crate::i18n::{Key, aspect_key, fill, follow_up_key, rating_key, tr};
use crate::state::Sending;

#[component]
pub fn DetailsStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let heading = heading_for_focus(ctx.focus, Focus::Details);

    let rating = move || ctx.draft.with(|d| d.rating).unwrap_or(Rating::Good);
    let your_rating = move || {
        let lang = ctx.lang.get();
        fill(
            lang.text(Key::YourRating),
            "rating",
            lang.text(rating_key(rating())),
        )
    };
    let aspects_error = move || ctx.errors.with(|e| e.aspects);
    let aspects = Aspect::ALL
        .into_iter()
        .map(|aspect| {
            view! {
                <button
                    type="button"
                    class="resq-aspect"
                    data-aspect=aspect.as_str()
                    aria-pressed=reactive(move || if ctx.draft.with(|d| d.has(aspect)) { "true" } else { "false" })
                    on:click=move |_| ctx.toggle(aspect)
                >
                    <span class="resq-check" aria-hidden="true"></span>
                    {tr(ctx.lang, aspect_key(aspect))}
                </button>
            }
        })
        .collect_view();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        ctx.submit();
    };

    view! {
        <form class="resq-step resq-step-details" on:submit=on_submit>
            <p class="resq-chosen">
                <span>{reactive(your_rating)}</span>
                <button type="button" class="resq-link" on:click=move |_| ctx.change_rating()>
                    {tr(ctx.lang, Key::ChangeRating)}
                </button>
            </p>
            <h2 id="resq-followup-q" class="resq-question" tabindex="-1" node_ref=heading>
                {move || ctx.lang.get().text(follow_up_key(rating()))}
            </h2>
            <p id="resq-aspects-hint" class="resq-hint">
                {tr(ctx.lang, Key::AspectsHint)}
            </p>
            <div
                role="group"
                class="resq-aspects"
                aria-labelledby="resq-followup-q"
                aria-describedby=reactive(move || {
                    if aspects_error().is_some() {
                        "resq-aspects-hint resq-aspects-error"
                    } else {
                        "resq-aspects-hint"
                    }
                })
            >
                {aspects}
            </div>
            {move || {
                aspects_error()
                    .map(|key| {
                        view! {
                            <p id="resq-aspects-error" class="resq-error">
                                {error_tr(ctx.lang, key)}
                            </p>
                        }
                    })
            }}
            <CommentField />
            {move || {
                ctx.errors
                    .with(|e| e.form)
                    .map(|key| {
                        view! {
                            <p id="resq-form-error" class="resq-error">
                                {error_tr(ctx.lang, key)}
                            </p>
                        }
                    })
            }}
            <SendButton />
        </form>
    }
}

/// Send, showing progress; while a submission is on its way or waiting it
/// stays put (focusable, `aria-disabled`) and a second press does nothing.
#[component]
fn SendButton() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let sending = move || ctx.sending.get();
    let label = move || {
        let key = match sending() {
            Sending::Idle => Key::Send,
            Sending::InFlight | Sending::RetryIn(..) => Key::Sending,
            Sending::SavedOffline => Key::WaitingConnection,
        };
        ctx.lang.get().text(key)
    };
    let status = move || {
        let lang = ctx.lang.get();
        match sending() {
            Sending::SavedOffline => Some(String::from(lang.text(Key::SavedOffline))),
            Sending::RetryIn(s, notice) => Some(fill(lang.text(notice), "seconds", &s.to_string())),
            _ => None,
        }
    };
    let described_by = move || {
        if ctx.errors.with(|e| e.form.is_some()) {
            Some("resq-form-error")
        } else {
            status().map(|_| "resq-send-status")
        }
    };
    view! {
        <div class="resq-actions">
            <button
                type="submit"
                class="resq-send"
                aria-disabled=reactive(move || (sending() != Sending::Idle).then_some("true"))
                aria-describedby=reactive(described_by)
                data-sending=reactive(move || (sending() == Sending::InFlight).then_some("true"))
            >
                <span class="resq-spinner" aria-hidden="true"></span>
                {reactive(label)}
            </button>
            {move || {
                status().map(|text| view! { <p id="resq-send-status" class="resq-status">{text}</p> })
            }}
        </div>
    }
}
