//! The widget's root: one order's feedback, in the state the server says.

use leptos::prelude::*;

use super::details::DetailsStep;
use super::rating::RatingStep;
use super::reactive;
use super::status::{Dated, Loading, Trouble};
use super::summary::Summary;
use crate::controller::{Ctx, WidgetConfig};
use crate::i18n::{Key, Lang, tr};
use crate::state::{Phase, Step};

/// The feedback widget for `config.order_id`, speaking `lang`.
///
/// The root carries `data-state` (`loading`, `not_open`, `open`,
/// `submitted`, `closed`, `unreachable`, `error`, `thanks`) and, while
/// open, `data-step` (`rating`, `details`).
#[component]
pub fn Widget(config: WidgetConfig, #[prop(into)] lang: Signal<Lang>) -> impl IntoView {
    let ctx = Ctx::new(config, lang);
    provide_context(ctx);
    ctx.start();
    let online = window_event_listener(leptos::ev::online, move |_| ctx.online());
    on_cleanup(move || online.remove());

    let state = move || ctx.phase.with(Phase::name);
    let step = move || {
        ctx.phase
            .with(|p| *p == Phase::Open)
            .then(|| ctx.step.get().name())
    };
    view! {
        <section
            class="resq"
            data-state=reactive(state)
            data-step=reactive(step)
            lang=reactive(move || lang.get().tag())
            aria-label=tr(lang, Key::WidgetLabel)
        >
            {move || phase_view(ctx)}
            <p class="resq-live resq-visually-hidden" role="status" aria-live="polite">
                {reactive(move || ctx.announcement.get())}
            </p>
        </section>
    }
}

fn phase_view(ctx: Ctx) -> AnyView {
    match ctx.phase.get() {
        Phase::Loading => view! { <Loading /> }.into_any(),
        Phase::Unreachable(text) => {
            view! { <Trouble title=Key::UnreachableTitle text=text /> }.into_any()
        }
        Phase::Error(text) => view! { <Trouble title=Key::ErrorTitle text=text /> }.into_any(),
        Phase::NotOpen { opens_at } => {
            view! { <Dated title=Key::NotOpenTitle text=Key::NotOpen millis=opens_at /> }.into_any()
        }
        Phase::Closed { closed_at } => {
            view! { <Dated title=Key::ClosedTitle text=Key::Closed millis=closed_at /> }.into_any()
        }
        Phase::Open => (move || match ctx.step.get() {
            Step::Rating => view! { <RatingStep /> }.into_any(),
            Step::Details => view! { <DetailsStep /> }.into_any(),
        })
        .into_any(),
        Phase::Submitted(feedback) => view! {
            <Summary title=Key::SubmittedTitle intro=Key::SubmittedIntro feedback=feedback />
        }
        .into_any(),
        Phase::Thanks(feedback) => {
            view! { <Summary title=Key::ThanksTitle intro=Key::ThanksText feedback=feedback /> }
                .into_any()
        }
    }
}
