//! R4: the optional comment, with a live count against `core`'s limit.

use leptos::prelude::*;
use resq_core::validation::COMMENT_MAX_CHARS;

use super::reactive;
use crate::controller::{Ctx, error_tr};
use crate::i18n::{Key, fill, tr};

#[component]
pub fn CommentField() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let error = move || ctx.errors.with(|e| e.comment);
    let count = move || {
        let lang = ctx.lang.get();
        let length = ctx.draft.with(|d| d.comment_length()).to_string();
        let text = fill(lang.text(Key::CommentCount), "count", &length);
        fill(&text, "max", &COMMENT_MAX_CHARS.to_string())
    };
    let described_by = move || {
        if error().is_some() {
            "resq-comment-count resq-comment-error"
        } else {
            "resq-comment-count"
        }
    };
    let initial = ctx.draft.with_untracked(|d| d.comment.clone());
    view! {
        <div class="resq-field">
            <label for="resq-comment" class="resq-label">
                {tr(ctx.lang, Key::CommentLabel)}
            </label>
            <textarea
                id="resq-comment"
                name="comment"
                rows="4"
                prop:value=initial
                readonly=reactive(move || ctx.locked())
                aria-invalid=reactive(move || if error().is_some() { "true" } else { "false" })
                aria-describedby=reactive(described_by)
                on:input=move |ev| ctx.set_comment(event_target_value(&ev))
            ></textarea>
            <p
                id="resq-comment-count"
                class="resq-count"
                class:resq-over=move || ctx.draft.with(|d| d.comment_too_long())
            >
                {reactive(count)}
            </p>
            {move || {
                error()
                    .map(|key| {
                        view! {
                            <p id="resq-comment-error" class="resq-error">
                                {error_tr(ctx.lang, key)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
