//! "Ask ResQ to contact this customer" (R7) on a review or a problem
//! report: a disclosure with a message box. The request names the review or
//! report only; the venue never learns who the customer is.

use leptos::prelude::*;
use leptos::task::spawn_local;
use resq_core::contact::{ContactRequestReceipt, ContactSubject, RequestContact};

use super::text::PartnerText;
use crate::api;
use crate::shell::Ctx;

/// The path segments (under `/api/v1`) of the request about `about`.
pub fn request_segments<'a>(venue_id: &'a str, about: &'a ContactSubject) -> [&'a str; 5] {
    let (collection, id) = match about {
        ContactSubject::Review { review_id } => ("reviews", review_id.as_str()),
        ContactSubject::Report { report_id } => ("reports", report_id.as_str()),
    };
    ["venues", venue_id, collection, id, "contact-requests"]
}

/// The ids of the form's field and hint, unique on the page (a review and a
/// report never share one).
pub fn field_ids(about: &ContactSubject) -> (String, String) {
    let key = match about {
        ContactSubject::Review { review_id } => format!("review-{review_id}"),
        ContactSubject::Report { report_id } => format!("report-{report_id}"),
    };
    (format!("contact-{key}"), format!("contact-hint-{key}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContactState {
    Closed,
    Open,
    Sending,
    Sent,
    Failed,
}

/// "Ask ResQ to contact this customer": a disclosure with a message box.
#[component]
pub fn ContactForm(venue_id: String, about: ContactSubject) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    let state = RwSignal::new(ContactState::Closed);
    let message = RwSignal::new(String::new());
    let (field_id, hint_id) = field_ids(&about);
    let url = api::url(&request_segments(&venue_id, &about), "");
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if state.get_untracked() == ContactState::Sending {
            return;
        }
        state.set(ContactState::Sending);
        let url = url.clone();
        let body = RequestContact {
            message: message.get_untracked(),
        };
        let client = ctx.client();
        spawn_local(async move {
            match client.post::<_, ContactRequestReceipt>(&url, &body).await {
                Ok(_) => {
                    message.set(String::new());
                    state.set(ContactState::Sent);
                }
                Err(failure) => {
                    ctx.check(&failure);
                    state.set(ContactState::Failed);
                }
            }
        });
    };
    let (field_for, hint_for) = (field_id.clone(), hint_id.clone());
    view! {
        <div class="contact-area">
            <Show when=move || matches!(state.get(), ContactState::Closed | ContactState::Sent)>
                <button
                    type="button"
                    class="quiet"
                    data-action="contact"
                    on:click=move |_| state.set(ContactState::Open)
                >
                    {move || t(PartnerText::AskContact)}
                </button>
            </Show>
            <Show when=move || state.get() == ContactState::Sent>
                <p role="status" class="sent">{move || t(PartnerText::ContactSent)}</p>
            </Show>
            <Show when=move || !matches!(state.get(), ContactState::Closed | ContactState::Sent)>
                <form class="contact" on:submit=send.clone()>
                    <label for=field_for.clone()>{move || t(PartnerText::ContactMessage)}</label>
                    <p class="hint" id=hint_for.clone()>{move || t(PartnerText::ContactHint)}</p>
                    <textarea
                        id=field_for.clone()
                        rows="3"
                        maxlength="2000"
                        required
                        aria-describedby=hint_for.clone()
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))
                    ></textarea>
                    <Show when=move || state.get() == ContactState::Failed>
                        <p class="error" role="alert">{move || t(PartnerText::ContactFailed)}</p>
                    </Show>
                    <div>
                        <button type="submit" disabled=move || state.get() == ContactState::Sending>
                            {move || t(PartnerText::Send)}
                        </button>
                        " "
                        <button type="button" class="quiet" on:click=move |_| state.set(ContactState::Closed)>
                            {move || t(PartnerText::Cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_goes_to_the_review_or_the_report_it_names() {
        let review = ContactSubject::Review {
            review_id: "r1".to_owned(),
        };
        let report = ContactSubject::Report {
            report_id: "p1".to_owned(),
        };
        assert_eq!(
            request_segments("venue-a", &review),
            ["venues", "venue-a", "reviews", "r1", "contact-requests"]
        );
        assert_eq!(
            request_segments("venue-a", &report),
            ["venues", "venue-a", "reports", "p1", "contact-requests"]
        );
    }

    #[test]
    fn a_review_and_a_report_with_the_same_id_get_different_fields() {
        let review = ContactSubject::Review {
            review_id: "x".to_owned(),
        };
        let report = ContactSubject::Report {
            report_id: "x".to_owned(),
        };
        assert_eq!(
            field_ids(&review),
            (
                "contact-review-x".to_owned(),
                "contact-hint-review-x".to_owned()
            )
        );
        assert_ne!(field_ids(&review).0, field_ids(&report).0);
        assert_ne!(field_ids(&review).1, field_ids(&report).1);
    }
}
