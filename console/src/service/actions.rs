//! What customer service does to a report (R10): ask the customer for more
//! information, resolve it with a refund, credits or other, or reopen it.
//! Inputs are checked with the same rules as the server before sending.

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::ErrorCode;
use resq_core::api::{PostReportMessage, ReopenReport, StaffReportDetail};
use resq_core::report::{Resolution, validate_message, validate_note, validate_resolution};
use serde::Serialize;

use super::model::parse_euros;
use super::texts::ServiceText;
use crate::api::{self, Failure};
use crate::shell::Ctx;

/// The kind of resolution being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Refund,
    Credits,
    Other,
}

impl Way {
    const ALL: [Way; 3] = [Way::Refund, Way::Credits, Way::Other];

    fn value(self) -> &'static str {
        match self {
            Way::Refund => "refund",
            Way::Credits => "credits",
            Way::Other => "other",
        }
    }

    fn label(self) -> ServiceText {
        match self {
            Way::Refund => ServiceText::Refund,
            Way::Credits => ServiceText::Credits,
            Way::Other => ServiceText::Other,
        }
    }
}

fn json(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// The message for an error code of the API (or of the same rule run here).
fn error_text(code: Option<ErrorCode>) -> ServiceText {
    use ErrorCode::*;
    match code {
        Some(MessageRequired) => ServiceText::ErrMessage,
        Some(MessageTooLong | NoteTooLong) => ServiceText::ErrTooLong,
        Some(TextControlCharacter) => ServiceText::ErrText,
        Some(NoteRequired) => ServiceText::ErrNote,
        Some(InvalidAmount) => ServiceText::ErrAmountRange,
        Some(NotFound) => ServiceText::ErrNotFound,
        Some(ProblemReportResolved | ProblemReportNotResolved | ProblemReportAlreadyOpen) => {
            ServiceText::ErrConflict
        }
        _ => ServiceText::ErrFailed,
    }
}

#[component]
pub fn Actions(
    detail: StaffReportDetail,
    apply: Callback<StaffReportDetail>,
    reload: Callback<()>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ServiceText| key.get(ctx.lang.get());
    let report_id = detail.report.report_id.clone();
    let resolved = !detail.report.status.is_open();
    let busy = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Result<(), ServiceText>>);
    let question = RwSignal::new(String::new());
    let way = RwSignal::new(Way::Credits);
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());

    // Sends `body` to `/staff/reports/{id}/{action}`.
    let send = {
        let report_id = report_id.clone();
        move |action: &'static str, body: serde_json::Value| {
            let client = ctx.client();
            let url = api::url(&["staff", "reports", &report_id, action], "");
            busy.set(true);
            outcome.set(None);
            spawn_local_scoped_with_cancellation(async move {
                let answer = client.post::<_, StaffReportDetail>(&url, &body).await;
                busy.set(false);
                match answer {
                    Ok(detail) => {
                        question.set(String::new());
                        amount.set(String::new());
                        note.set(String::new());
                        outcome.set(Some(Ok(())));
                        apply.run(detail);
                    }
                    Err(failure) => {
                        ctx.check(&failure);
                        let code = match failure {
                            Failure::Http { code, .. } => code,
                            _ => None,
                        };
                        if matches!(code, Some(c) if error_text(Some(c)) == ServiceText::ErrConflict)
                        {
                            reload.run(());
                        }
                        outcome.set(Some(Err(error_text(code))));
                    }
                }
            });
        }
    };

    let ask = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match validate_message(&question.get_untracked()) {
                Ok(message) => send("ask", json(&PostReportMessage { message })),
                Err(e) => outcome.set(Some(Err(error_text(Some(e.code))))),
            }
        }
    };
    let resolve = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let note_text = note.get_untracked();
            let note_opt = (!note_text.trim().is_empty()).then_some(note_text.clone());
            let resolution = match way.get_untracked() {
                Way::Other => Resolution::Other { note: note_text },
                w => {
                    let Some(amount_cents) = parse_euros(&amount.get_untracked()) else {
                        outcome.set(Some(Err(ServiceText::ErrAmount)));
                        return;
                    };
                    if w == Way::Refund {
                        Resolution::Refund {
                            amount_cents,
                            note: note_opt,
                        }
                    } else {
                        Resolution::Credits {
                            amount_cents,
                            note: note_opt,
                        }
                    }
                }
            };
            match validate_resolution(&resolution) {
                Ok(r) => send("resolve", json(&r)),
                Err(e) => outcome.set(Some(Err(error_text(Some(e.code))))),
            }
        }
    };
    let reopen = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match validate_note(Some(&note.get_untracked())) {
            Ok(note) => send("reopen", json(&ReopenReport { note })),
            Err(e) => outcome.set(Some(Err(error_text(Some(e.code))))),
        }
    };

    let feedback = move || match outcome.get() {
        Some(Ok(())) => {
            view! { <p class="saved" role="status">{move || t(ServiceText::Saved)}</p> }.into_any()
        }
        Some(Err(text)) => view! { <p class="error" role="alert">{move || t(text)}</p> }.into_any(),
        None => view! { <p class="error" role="alert"></p> }.into_any(),
    };
    let submit_label = move |label: ServiceText| {
        move || {
            t(if busy.get() {
                ServiceText::Sending
            } else {
                label
            })
        }
    };

    let open_forms = move || {
        view! {
            <form class="action" data-action="ask" on:submit=ask.clone()>
                <h4>{move || t(ServiceText::AskTitle)}</h4>
                <label for="ask-text">{move || t(ServiceText::Question)}</label>
                <textarea id="ask-text" rows="3" maxlength="2000"
                    prop:value=move || question.get()
                    on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                <button type="submit" disabled=move || busy.get()>{submit_label(ServiceText::SendQuestion)}</button>
            </form>
            <form class="action" data-action="resolve" on:submit=resolve.clone()>
                <h4>{move || t(ServiceText::ResolveTitle)}</h4>
                <fieldset>
                    <legend>{move || t(ServiceText::ResolveHow)}</legend>
                    {Way::ALL
                        .into_iter()
                        .map(|w| {
                            let id = format!("way-{}", w.value());
                            view! {
                                <span class="choice">
                                    <input type="radio" name="way" id=id.clone() value=w.value()
                                        prop:checked=move || way.get() == w
                                        on:change=move |_| way.set(w) />
                                    <label for=id>{move || t(w.label())}</label>
                                </span>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <Show when=move || way.get() != Way::Other>
                    <label for="amount">{move || t(ServiceText::Amount)}</label>
                    <p class="hint" id="amount-hint">{move || t(ServiceText::AmountHint)}</p>
                    <input id="amount" inputmode="decimal" autocomplete="off" aria-describedby="amount-hint"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev)) />
                </Show>
                <label for="resolve-note">{move || t(ServiceText::Note)}</label>
                <p class="hint" id="note-hint">{move || t(ServiceText::NoteHint)}</p>
                <textarea id="resolve-note" rows="3" maxlength="2000" aria-describedby="note-hint"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <button type="submit" disabled=move || busy.get()>{submit_label(ServiceText::Resolve)}</button>
            </form>
        }
    };
    let reopen_form = move || {
        view! {
            <form class="action" data-action="reopen" on:submit=reopen.clone()>
                <h4>{move || t(ServiceText::ReopenTitle)}</h4>
                <label for="reopen-note">{move || t(ServiceText::ReopenNote)}</label>
                <textarea id="reopen-note" rows="2" maxlength="2000"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <button type="submit" disabled=move || busy.get()>{submit_label(ServiceText::Reopen)}</button>
            </form>
        }
    };

    view! {
        <section class="actions" aria-labelledby="actions-title">
            <h3 id="actions-title">{move || t(ServiceText::Actions)}</h3>
            {if resolved { reopen_form().into_any() } else { open_forms().into_any() }}
            {feedback}
        </section>
    }
}
