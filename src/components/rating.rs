//! Step 1: "How was your purchase?" — an accessible radio group with a
//! roving tabindex. Arrow keys (and Home/End) move and select; a click,
//! Enter or Space confirms the choice and opens step 2.

use leptos::ev::KeyboardEvent;
use leptos::html;
use leptos::prelude::*;
use resq_core::Rating;

use super::icons::rating_icon;
use super::reactive;
use crate::controller::{Ctx, Focus};
use crate::i18n::{Key, rating_key, tr};

/// The index of the rating the arrow key `key` moves to from `from`.
fn moved(from: usize, key: &str) -> Option<usize> {
    let last = Rating::ALL.len() - 1;
    Some(match key {
        "ArrowRight" | "ArrowDown" => (from + 1) % (last + 1),
        "ArrowLeft" | "ArrowUp" => (from + last) % (last + 1),
        "Home" => 0,
        "End" => last,
        _ => return None,
    })
}

#[component]
pub fn RatingStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let buttons: [NodeRef<html::Button>; 3] = Default::default();
    let chosen = move || ctx.draft.with(|d| d.rating);
    // The one radio in the tab order: the chosen one, else the first.
    let tabbable = move |i: usize| {
        let at = chosen().and_then(|r| Rating::ALL.iter().position(|x| *x == r));
        at.unwrap_or(0) == i
    };

    Effect::new(move |_| {
        let Some(first) = buttons[0].get() else {
            return;
        };
        if ctx.focus.get_value() == Some(Focus::Rating) {
            ctx.focus.set_value(None);
            let i = untrack(|| (0..3).find(|i| tabbable(*i)).unwrap_or(0));
            let _ = buttons[i].get_untracked().unwrap_or(first).focus();
        }
        if !ctx.marked_interactive.get_value() {
            ctx.marked_interactive.set_value(true);
            if let Some(performance) = window().performance() {
                let _ = performance.mark("resq-feedback:interactive");
            }
        }
    });

    let on_key = move |from: usize, ev: KeyboardEvent| {
        let Some(to) = moved(from, &ev.key()) else {
            return;
        };
        ev.prevent_default();
        ctx.choose(Rating::ALL[to], false);
        if let Some(button) = buttons[to].get_untracked() {
            let _ = button.focus();
        }
    };

    let radios = Rating::ALL
        .into_iter()
        .enumerate()
        .map(|(i, rating)| {
            view! {
                <button
                    type="button"
                    role="radio"
                    class="resq-rating"
                    data-rating=rating.as_str()
                    aria-checked=reactive(move || if chosen() == Some(rating) { "true" } else { "false" })
                    tabindex=reactive(move || if tabbable(i) { "0" } else { "-1" })
                    node_ref=buttons[i]
                    on:click=move |_| ctx.choose(rating, true)
                    on:keydown=move |ev| on_key(i, ev)
                >
                    {rating_icon(rating)}
                    <span>{tr(ctx.lang, rating_key(rating))}</span>
                </button>
            }
        })
        .collect_view();

    view! {
        <div class="resq-step resq-step-rating">
            <h2 id="resq-rating-q" class="resq-question">
                {tr(ctx.lang, Key::RatingQuestion)}
            </h2>
            <p id="resq-rating-hint" class="resq-visually-hidden">
                {tr(ctx.lang, Key::RatingHint)}
            </p>
            <div
                role="radiogroup"
                class="resq-ratings"
                aria-labelledby="resq-rating-q"
                aria-describedby="resq-rating-hint"
            >
                {radios}
            </div>
        </div>
    }
}
