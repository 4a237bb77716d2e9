//! `<resq-problem-report>`'s views: the link, the form, and the thread.
//! Everything the customer or customer service wrote is rendered as text.

use leptos::html;
use leptos::prelude::*;
use resq_core::ProblemKind;
use resq_core::report::{MessageAuthor, REPORT_TEXT_MAX_CHARS, ReportStatus, Resolution};
use resq_core::validation::comment_length;
use wasm_bindgen::JsCast;

use super::controller::{Focus, ReportCtx};
use super::photo::ACCEPT;
use super::state::{Phase, Sending, euros};
use super::wire::{Availability, Thread};
use crate::components::{heading_for_focus, reactive};
use crate::controller::WidgetConfig;
use crate::i18n::{Key, Lang, fill, format_date, tr};

/// How often an open thread asks for news from customer service.
const FOLLOW_MS: u64 = 5_000;

pub fn kind_key(kind: ProblemKind) -> Key {
    match kind {
        ProblemKind::WrongProduct => Key::ReportKindWrongProduct,
        ProblemKind::NotAvailable => Key::ReportKindNotAvailable,
        ProblemKind::VenueClosed => Key::ReportKindVenueClosed,
        ProblemKind::Other => Key::ReportKindOther,
    }
}

pub fn status_key(status: ReportStatus) -> Key {
    match status {
        ReportStatus::Received => Key::ReportStatusReceived,
        ReportStatus::NeedsInfo => Key::ReportStatusNeedsInfo,
        ReportStatus::Resolved => Key::ReportStatusResolved,
    }
}

/// A date and time in the customer's language and zone.
fn date_time(lang: Lang, millis: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string(lang.tag(), &options))
}

/// The problem report of `config.order_id`, speaking `lang`. The root
/// carries `data-state` (`loading`, `link`, `form`, `thread`, `closed`,
/// `not_open`, `unreachable`, `error`), `data-status` (the report's) and
/// `data-sending` (`idle`, `sending`, `offline`).
#[component]
pub fn ProblemReport(config: WidgetConfig, #[prop(into)] lang: Signal<Lang>) -> impl IntoView {
    let ctx = ReportCtx::new(config, lang);
    provide_context(ctx);
    ctx.start();
    let online = window_event_listener(leptos::ev::online, move |_| ctx.online());
    let follow = set_interval_with_handle(
        move || {
            let hidden = document().hidden();
            if !hidden && ctx.following() {
                ctx.refresh();
            }
        },
        std::time::Duration::from_millis(FOLLOW_MS),
    );
    on_cleanup(move || {
        online.remove();
        if let Ok(follow) = follow {
            follow.clear();
        }
    });
    let status = move || {
        ctx.view.with(|v| {
            v.as_ref()
                .and_then(|v| v.report.as_ref())
                .map(|r| r.status.as_str())
        })
    };
    view! {
        <section
            class="resq resq-report"
            data-state=reactive(move || ctx.phase.with(Phase::name))
            data-status=reactive(status)
            data-sending=reactive(move || ctx.sending.get().name())
            hidden=reactive(move || ctx.phase.with(|p| *p == Phase::NotOpen))
            lang=reactive(move || lang.get().tag())
            aria-label=tr(lang, Key::ReportLabel)
        >
            {move || phase_view(ctx)}
            <p class="resq-live resq-visually-hidden" role="status" aria-live="polite">
                {reactive(move || ctx.announcement.get())}
            </p>
        </section>
    }
}

fn phase_view(ctx: ReportCtx) -> AnyView {
    match ctx.phase.get() {
        Phase::Loading | Phase::NotOpen => {
            view! { <p class="resq-hint">{tr(ctx.lang, Key::Loading)}</p> }.into_any()
        }
        Phase::Unreachable | Phase::Error(_) => {
            let text = match ctx.phase.get_untracked() {
                Phase::Error(key) => key,
                _ => Key::Unreachable,
            };
            view! {
                <div class="resq-info resq-trouble">
                    <p>{tr(ctx.lang, text)}</p>
                    <button type="button" class="resq-send resq-retry" on:click=move |_| ctx.start()>
                        {tr(ctx.lang, Key::Retry)}
                    </button>
                </div>
            }
            .into_any()
        }
        Phase::Closed { closed_at } => {
            // The last day reports could be filed: the day before closing.
            let text = move || {
                let lang = ctx.lang.get();
                fill(
                    lang.text(Key::ReportClosed),
                    "date",
                    &format_date(lang, closed_at - 1.0, None),
                )
            };
            view! { <p class="resq-hint">{reactive(text)}</p> }.into_any()
        }
        Phase::Link => view! { <LinkView /> }.into_any(),
        Phase::Form => view! { <FormView /> }.into_any(),
        Phase::Thread => view! { <ThreadView /> }.into_any(),
    }
}

#[component]
fn LinkView() -> impl IntoView {
    let ctx = expect_context::<ReportCtx>();
    let button = NodeRef::<html::Button>::new();
    Effect::new(move || {
        if let Some(b) = button.get()
            && ctx.focus.get_value() == Some(Focus::Link)
        {
            ctx.focus.set_value(None);
            let _ = b.focus();
        }
    });
    view! {
        <button type="button" class="resq-link resq-report-link" aria-haspopup="true" node_ref=button on:click=move |_| ctx.open_form()>
            {tr(ctx.lang, Key::ReportLink)}
        </button>
    }
}

/// An error line under a field; `key` is boxed, so every line is the same
/// type and its view is compiled once.
fn error_line(
    id: &'static str,
    key: Box<dyn Fn() -> Option<Key> + Send + Sync>,
    lang: Signal<Lang>,
) -> impl IntoView {
    move || {
        key().map(|k| {
            let text = move || {
                fill(
                    lang.get().text(k),
                    "max",
                    &REPORT_TEXT_MAX_CHARS.to_string(),
                )
            };
            view! { <p id=id class="resq-error">{text}</p> }
        })
    }
}

#[component]
fn FormView() -> impl IntoView {
    let ctx = expect_context::<ReportCtx>();
    let lang = ctx.lang;
    let t = move |key: Key| lang.get().text(key);
    let heading = heading_for_focus(ctx.focus, Focus::Form);
    let locked = move || ctx.sending.get() != Sending::Idle;
    let other = move || ctx.draft.with(|d| d.kind == Some(ProblemKind::Other));
    let err = ctx.errors;
    let kinds = ProblemKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <label class="resq-kind">
                    <input
                        type="radio"
                        name="resq-report-kind"
                        value=kind.as_str()
                        prop:checked=move || ctx.draft.with(|d| d.kind == Some(kind))
                        disabled=reactive(locked)
                        on:change=move |_| ctx.choose_kind(kind)
                    />
                    <span>{tr(lang, super::view::kind_key(kind))}</span>
                </label>
            }
        })
        .collect_view();
    let count = move || {
        let length = ctx
            .draft
            .with(|d| comment_length(&d.description))
            .to_string();
        let text = fill(t(Key::CommentCount), "count", &length);
        fill(&text, "max", &REPORT_TEXT_MAX_CHARS.to_string())
    };
    let described = move || {
        let mut ids = String::from("resq-report-hint resq-report-count");
        if err.with(|e| e.description.is_some()) {
            ids.push_str(" resq-report-description-error");
        }
        ids
    };
    let initial = ctx.draft.with_untracked(|d| d.description.clone());
    let on_file = move |ev: leptos::ev::Event| {
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        ctx.choose_photo(file);
    };
    let sending_text = move || match ctx.sending.get() {
        Sending::InFlight => Some(t(Key::Sending)),
        Sending::Offline => Some(t(Key::SavedOffline)),
        Sending::Idle => None,
    };
    view! {
        <form class="resq-step resq-report-form" novalidate on:submit=move |ev| { ev.prevent_default(); ctx.submit(); }>
            <h2 class="resq-question" tabindex="-1" node_ref=heading>{tr(lang, Key::ReportLink)}</h2>
            <fieldset class="resq-kinds" aria-describedby=reactive(move || err.with(|e| e.kind.is_some()).then_some("resq-report-kind-error"))>
                <legend class="resq-label">{tr(lang, Key::ReportKindQuestion)}</legend>
                {kinds}
            </fieldset>
            {error_line("resq-report-kind-error", reactive(move || err.with(|e| e.kind)), lang)}
            <div class="resq-field">
                <label for="resq-report-description" class="resq-label">{tr(lang, Key::ReportDescriptionLabel)}</label>
                <p id="resq-report-hint" class="resq-hint">{tr(lang, Key::ReportDescriptionHint)}</p>
                <textarea
                    id="resq-report-description"
                    rows="4"
                    prop:value=initial
                    readonly=reactive(locked)
                    aria-required=reactive(move || other().to_string())
                    aria-invalid=reactive(move || err.with(|e| e.description.is_some()).to_string())
                    aria-describedby=reactive(described)
                    on:input=move |ev| ctx.set_description(event_target_value(&ev))
                ></textarea>
                <p id="resq-report-count" class="resq-count">{reactive(count)}</p>
                {error_line("resq-report-description-error", reactive(move || err.with(|e| e.description)), lang)}
            </div>
            <div class="resq-field">
                <label for="resq-report-photo" class="resq-label">{tr(lang, Key::ReportPhotoLabel)}</label>
                <p id="resq-report-photo-hint" class="resq-hint">{tr(lang, Key::ReportPhotoHint)}</p>
                <input id="resq-report-photo" type="file" accept=ACCEPT aria-describedby="resq-report-photo-hint" disabled=reactive(locked) on:change=on_file />
                {move || ctx.draft.with(|d| d.photo.as_ref().map(|p| p.name.clone())).map(|name| view! {
                    <p class="resq-hint resq-photo-chosen">
                        {name} " "
                        <button type="button" class="resq-link" disabled=reactive(locked) on:click=move |_| ctx.remove_photo()>
                            {tr(lang, Key::ReportPhotoRemove)}
                        </button>
                    </p>
                })}
                {error_line("resq-report-photo-error", reactive(move || err.with(|e| e.photo)), lang)}
            </div>
            {error_line("resq-report-form-error", reactive(move || err.with(|e| e.form)), lang)}
            <div class="resq-actions">
                <button type="submit" class="resq-send" aria-disabled=reactive(move || (locked() || ctx.photo_busy.get()).to_string())>
                    {tr(lang, Key::ReportSend)}
                </button>
                <button type="button" class="resq-link" on:click=move |_| ctx.cancel()>{tr(lang, Key::ReportCancel)}</button>
            </div>
            {move || sending_text().map(|text| view! { <p class="resq-status">{text}</p> })}
        </form>
    }
}

fn resolution_view(res: Resolution, lang: Lang) -> impl IntoView {
    let what = match &res {
        Resolution::Refund { amount_cents, .. } => fill(
            lang.text(Key::ReportResolutionRefund),
            "amount",
            &euros(*amount_cents, lang),
        ),
        Resolution::Credits { amount_cents, .. } => fill(
            lang.text(Key::ReportResolutionCredits),
            "amount",
            &euros(*amount_cents, lang),
        ),
        Resolution::Other { .. } => String::from(lang.text(Key::ReportResolutionOther)),
    };
    view! {
        <div class="resq-resolution" data-resolution=res.kind()>
            <h3 class="resq-label">{lang.text(Key::ReportResolutionTitle)}</h3>
            <p><strong>{what}</strong></p>
            {res.note().map(|n| view! { <p class="resq-text">{n.to_owned()}</p> })}
        </div>
    }
}

fn thread_body(thread: Thread, lang: Lang) -> impl IntoView {
    let messages = thread
        .messages
        .into_iter()
        .map(|m| {
            let who = match m.author {
                MessageAuthor::Customer => lang.text(Key::ReportYou),
                MessageAuthor::Staff => lang.text(Key::ReportStaff),
            };
            view! {
                <li class="resq-message" data-author=m.author.as_str()>
                    <p class="resq-hint"><strong>{who}</strong>" · "{date_time(lang, m.sent_at)}</p>
                    <p class="resq-text">{m.body}</p>
                </li>
            }
        })
        .collect_view();
    let photos = thread.photos;
    view! {
        <p class="resq-report-status" data-report-status=thread.status.as_str()>
            <strong>{lang.text(status_key(thread.status))}</strong>
        </p>
        <dl class="resq-summary">
            <dt>{lang.text(Key::ReportKindQuestion)}</dt>
            <dd>{lang.text(kind_key(thread.kind))}</dd>
            {thread.description.map(|d| view! {
                <dt>{lang.text(Key::ReportDescriptionLabel)}</dt>
                <dd class="resq-text">{d}</dd>
            })}
        </dl>
        {(photos > 0).then(|| view! {
            <p class="resq-hint" data-photos=photos.to_string()>
                {fill(lang.text(Key::ReportPhotos), "count", &photos.to_string())}
            </p>
        })}
        <ol class="resq-messages">{messages}</ol>
        {thread.resolution.map(|r| resolution_view(r, lang))}
    }
}

#[component]
fn ThreadView() -> impl IntoView {
    let ctx = expect_context::<ReportCtx>();
    let lang = ctx.lang;
    let t = move |key: Key| lang.get().text(key);
    let heading = heading_for_focus(ctx.focus, Focus::Thread);
    let thread = move || ctx.view.with(|v| v.as_ref().and_then(|v| v.report.clone()));
    let open = move || thread().is_some_and(|r| r.status.is_open());
    let another = move || {
        !open()
            && ctx.view.with(|v| {
                v.as_ref()
                    .is_some_and(|v| v.availability == Availability::Open)
            })
    };
    let locked = move || ctx.sending.get() != Sending::Idle;
    let err = ctx.errors;
    let sending_text = move || match ctx.sending.get() {
        Sending::InFlight => Some(t(Key::Sending)),
        Sending::Offline => Some(t(Key::SavedOffline)),
        Sending::Idle => None,
    };
    view! {
        <div class="resq-step resq-thread">
            <h2 class="resq-question" tabindex="-1" node_ref=heading>{tr(lang, Key::ReportThreadTitle)}</h2>
            {move || thread().map(|th| thread_body(th, lang.get()))}
            {move || ctx.photo_busy.get().then(|| view! { <p class="resq-status">{tr(lang, Key::Sending)}</p> })}
            {error_line("resq-report-photo-error", reactive(move || err.with(|e| e.photo)), lang)}
            <Show when=open>
                <form class="resq-field resq-reply" novalidate on:submit=move |ev| { ev.prevent_default(); ctx.send_reply(); }>
                    <label for="resq-report-reply" class="resq-label">{tr(lang, Key::ReportReplyLabel)}</label>
                    <textarea
                        id="resq-report-reply"
                        rows="3"
                        readonly=reactive(locked)
                        prop:value=move || ctx.reply.get()
                        aria-invalid=reactive(move || err.with(|e| e.reply.is_some()).to_string())
                        aria-describedby="resq-report-reply-error"
                        on:input=move |ev| { ctx.reply.set(event_target_value(&ev)); ctx.errors.update(|e| e.reply = None); }
                    ></textarea>
                    {error_line("resq-report-reply-error", reactive(move || err.with(|e| e.reply)), lang)}
                    <div class="resq-actions">
                        <button type="submit" class="resq-send" aria-disabled=reactive(move || locked().to_string())>
                            {tr(lang, Key::ReportReplySend)}
                        </button>
                    </div>
                    {move || sending_text().map(|text| view! { <p class="resq-status">{text}</p> })}
                </form>
            </Show>
            <Show when=another>
                <button type="button" class="resq-link" on:click=move |_| ctx.open_form()>{tr(lang, Key::ReportAnother)}</button>
            </Show>
        </div>
    }
}
