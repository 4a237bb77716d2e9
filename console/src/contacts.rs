//! Customer service: venues' requests to contact a customer (R7) about a
//! review or a problem report, with the customer and the order to reach
//! them by; open ones first, each marked handled when dealt with. Follows
//! the staff stream, so a new request shows up without a reload. Staff only.

use std::cmp::Reverse;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::contact::{
    ContactRequestStatus, StaffContactRequest, StaffContactRequestList, StaffContactSubject,
};
use resq_core::live::LiveEventKind;
use resq_core::report::ReportStatus;

use crate::api;
use crate::i18n::fill;
use crate::live::{self, LiveStatus};
use crate::partner::text::{PartnerText, format_date, kind_text, rating_text, status_text};
use crate::shell::Ctx;
use crate::texts;

texts! {
    pub enum ContactText {
        Title { en: "Contact requests from venues", fi: "Toimipisteiden yhteydenottopyynnöt" },
        OpenTitle { en: "Open", fi: "Avoimet" },
        HandledTitle { en: "Handled", fi: "Käsitellyt" },
        NoOpen { en: "No open requests.", fi: "Ei avoimia pyyntöjä." },
        NoHandled { en: "None handled yet.", fi: "Ei vielä käsiteltyjä." },
        AboutReview { en: "Review", fi: "Arvio" },
        AboutReport { en: "Problem report", fi: "Ongelmailmoitus" },
        Customer { en: "Customer", fi: "Asiakas" },
        Order { en: "Order", fi: "Tilaus" },
        Message { en: "Venue's message", fi: "Toimipisteen viesti" },
        MarkHandled { en: "Mark handled", fi: "Merkitse käsitellyksi" },
        MarkFailed { en: "Could not mark it handled. Try again.", fi: "Merkintä epäonnistui. Yritä uudelleen." },
        HandledBy { en: "Handled by {who}", fi: "Käsitellyt: {who}" },
        LoadFailed { en: "Could not load the requests.", fi: "Pyyntöjen lataus epäonnistui." },
        Live { en: "Live", fi: "Reaaliajassa" },
        Connecting { en: "Connecting…", fi: "Yhdistetään…" },
        Reconnecting { en: "Reconnecting…", fi: "Yhdistetään uudelleen…" },
        Refused { en: "Live updates are off", fi: "Reaaliaikaiset päivitykset eivät ole käytössä" },
    }
}

/// Keeps the list as the server orders it: open requests first, each group
/// newest first (a stable sort, so equal times keep the server's order).
pub fn sort_requests(list: &mut [StaffContactRequest]) {
    list.sort_by_key(|r| {
        (
            r.status == ContactRequestStatus::Handled,
            Reverse(r.requested_at),
        )
    });
}

/// What identifies a row: it is rebuilt when the request or the report it
/// names changes status.
pub fn row_key(r: &StaffContactRequest) -> (String, ContactRequestStatus, Option<ReportStatus>) {
    let report_status = match &r.about {
        StaffContactSubject::Report { status, .. } => Some(*status),
        StaffContactSubject::Review { .. } => None,
    };
    (r.request_id.clone(), r.status, report_status)
}

/// Puts `updated` in place of the request with its id and re-sorts;
/// answers whether it was in the list.
pub fn replace_request(list: &mut [StaffContactRequest], updated: StaffContactRequest) -> bool {
    let Some(slot) = list.iter_mut().find(|r| r.request_id == updated.request_id) else {
        return false;
    };
    *slot = updated;
    sort_requests(list);
    true
}

#[component]
pub fn ContactRequests() -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: ContactText| key.get(lang.get());
    let list = RwSignal::new(None::<Vec<StaffContactRequest>>);
    let failed = RwSignal::new(false);
    let live_status = RwSignal::new(LiveStatus::Connecting);
    let reloads = RwSignal::new(0u32);

    Effect::new(move || {
        reloads.track();
        let client = ctx.client();
        spawn_local_scoped_with_cancellation(async move {
            let url = api::url(&["staff", "contact-requests"], "");
            match client.get::<StaffContactRequestList>(&url).await {
                Ok(mut answer) => {
                    sort_requests(&mut answer.items);
                    failed.set(false);
                    list.set(Some(answer.items));
                }
                Err(f) => {
                    ctx.check(&f);
                    failed.set(true);
                }
            }
        });
    });

    // The staff stream: a request arrived or was handled (here or by a
    // colleague) — load the list again. Whatever happened while not
    // connected is in the load on (re)connecting.
    live::follow_staff(
        ctx.client(),
        live_status,
        move || reloads.update(|n| *n += 1),
        move |event| {
            if LiveEventKind::parse(&event.kind) == Some(LiveEventKind::ContactRequestChanged) {
                reloads.update(|n| *n += 1);
            }
        },
    );

    let live_label = move || match live_status.get() {
        LiveStatus::Live => (t(ContactText::Live), "live"),
        LiveStatus::Connecting => (t(ContactText::Connecting), "connecting"),
        LiveStatus::Reconnecting => (t(ContactText::Reconnecting), "reconnecting"),
        LiveStatus::Refused(_) => (t(ContactText::Refused), "refused"),
    };
    let with_status = move |status: ContactRequestStatus| {
        move || {
            list.get()
                .unwrap_or_default()
                .into_iter()
                .filter(|r| r.status == status)
                .collect::<Vec<_>>()
        }
    };
    let none_with = move |status: ContactRequestStatus| {
        move || {
            list.with(|l| {
                l.as_ref()
                    .is_some_and(|l| l.iter().all(|r| r.status != status))
            })
        }
    };
    view! {
        <div class="page-head">
            <h1>{move || t(ContactText::Title)}</h1>
            <span class="live" role="status" data-state=move || live_label().1>
                {move || live_label().0}
            </span>
        </div>
        <Show when=move || failed.get()>
            <p class="error" role="alert">{move || t(ContactText::LoadFailed)}</p>
        </Show>
        <section class="card" aria-labelledby="contacts-open" data-testid="contacts-open">
            <h2 id="contacts-open">{move || t(ContactText::OpenTitle)}</h2>
            <Show when=none_with(ContactRequestStatus::Open)>
                <p class="muted">{move || t(ContactText::NoOpen)}</p>
            </Show>
            <ul class="reviews">
                <For
                    each=with_status(ContactRequestStatus::Open)
                    key=row_key
                    children=move |request| view! { <RequestItem request list /> }
                />
            </ul>
        </section>
        <section class="card" aria-labelledby="contacts-handled" data-testid="contacts-handled">
            <h2 id="contacts-handled">{move || t(ContactText::HandledTitle)}</h2>
            <Show when=none_with(ContactRequestStatus::Handled)>
                <p class="muted">{move || t(ContactText::NoHandled)}</p>
            </Show>
            <ul class="reviews">
                <For
                    each=with_status(ContactRequestStatus::Handled)
                    key=row_key
                    children=move |request| view! { <RequestItem request list /> }
                />
            </ul>
        </section>
    }
}

/// One request: what it names, the venue's message, who to contact, and
/// "Mark handled" while it is open.
#[component]
fn RequestItem(
    request: StaffContactRequest,
    list: RwSignal<Option<Vec<StaffContactRequest>>>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: ContactText| key.get(lang.get());
    let p = move |key: PartnerText| key.get(lang.get());
    let date = request.purchase_date;
    let sending = RwSignal::new(false);
    let mark_failed = RwSignal::new(false);
    let (about_kind, about_id, subject, text) = match request.about.clone() {
        StaffContactSubject::Review {
            review_id,
            rating,
            comment,
            ..
        } => (
            "review",
            review_id,
            view! {
                {move || t(ContactText::AboutReview)} ": "
                <span class="rating">{move || p(rating_text(rating))}</span>
            }
            .into_any(),
            comment,
        ),
        StaffContactSubject::Report {
            report_id,
            problem,
            status,
            description,
        } => (
            "report",
            report_id,
            view! {
                {move || t(ContactText::AboutReport)} ": "
                <span class="rating">{move || p(kind_text(problem))}</span> " · "
                <span class="status">{move || p(status_text(status))}</span>
            }
            .into_any(),
            description,
        ),
    };
    let handled_by = request.handled_by.clone();
    let subject_id = about_id.clone();
    let request_id = request.request_id.clone();
    let mark = move |_| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        mark_failed.set(false);
        let url = api::url(&["staff", "contact-requests", &request_id, "handled"], "");
        let client = ctx.client();
        spawn_local_scoped_with_cancellation(async move {
            match client.post_empty::<StaffContactRequest>(&url).await {
                Ok(updated) => list.update(|l| {
                    if let Some(l) = l {
                        replace_request(l, updated);
                    }
                }),
                Err(f) => {
                    ctx.check(&f);
                    mark_failed.set(true);
                }
            }
            sending.set(false);
        });
    };
    view! {
        <li
            class="review contact-request"
            data-request-id=request.request_id.clone()
            data-status=request.status.as_str()
            data-about=about_kind
            data-subject-id=subject_id
        >
            <header>
                <strong>{request.venue.name.clone()}</strong>
                <span>{subject}</span>
                <span class="muted">{move || format_date(lang.get(), date)}</span>
            </header>
            {text.map(|c| view! { <p class="comment">{c}</p> })}
            <p><strong>{move || t(ContactText::Message)}</strong> ": " <span class="comment">{request.message.clone()}</span></p>
            <p class="muted">
                {move || t(ContactText::Customer)} ": " {request.customer_id.clone()} " · "
                {move || t(ContactText::Order)} ": " {request.order_id.clone()} " · "
                {about_id}
            </p>
            {match handled_by {
                Some(who) => view! {
                    <p class="muted">{move || fill(t(ContactText::HandledBy), &[("who", &who)])}</p>
                }
                .into_any(),
                None => view! {
                    <button type="button" data-action="handled" disabled=move || sending.get() on:click=mark>
                        {move || t(ContactText::MarkHandled)}
                    </button>
                    <Show when=move || mark_failed.get()>
                        <p class="error" role="alert">{move || t(ContactText::MarkFailed)}</p>
                    </Show>
                }
                .into_any(),
            }}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};
    use resq_core::Rating;
    use resq_core::api::VenueRef;

    use super::*;
    use crate::i18n::{Lang, placeholders};

    fn request(id: &str, minute: u32, status: ContactRequestStatus) -> StaffContactRequest {
        let at = |m: u32| -> DateTime<Utc> {
            format!("2026-03-10T10:{m:02}:00Z")
                .parse()
                .expect("an instant")
        };
        StaffContactRequest {
            request_id: id.to_owned(),
            venue: VenueRef {
                id: "venue-a".to_owned(),
                name: "Venue A".to_owned(),
                time_zone: "Europe/Helsinki".to_owned(),
            },
            about: StaffContactSubject::Review {
                review_id: format!("review-{id}"),
                rating: Rating::Bad,
                aspects: Vec::new(),
                comment: None,
            },
            order_id: format!("order-{id}"),
            customer_id: format!("customer-{id}"),
            purchase_date: NaiveDate::from_ymd_opt(2026, 3, 10).expect("a date"),
            products: Vec::new(),
            message: "Soittakaa".to_owned(),
            requested_at: at(minute),
            status,
            handled_at: (status == ContactRequestStatus::Handled).then(|| at(59)),
            handled_by: (status == ContactRequestStatus::Handled).then(|| "staff".to_owned()),
        }
    }

    fn ids(list: &[StaffContactRequest]) -> Vec<&str> {
        list.iter().map(|r| r.request_id.as_str()).collect()
    }

    #[test]
    fn open_requests_come_first_each_group_newest_first() {
        let mut list = vec![
            request("old-handled", 1, ContactRequestStatus::Handled),
            request("old-open", 2, ContactRequestStatus::Open),
            request("new-handled", 3, ContactRequestStatus::Handled),
            request("new-open", 4, ContactRequestStatus::Open),
        ];
        sort_requests(&mut list);
        assert_eq!(
            ids(&list),
            ["new-open", "old-open", "new-handled", "old-handled"]
        );
    }

    #[test]
    fn a_request_marked_handled_moves_among_the_handled_ones() {
        let mut list = vec![
            request("b", 4, ContactRequestStatus::Open),
            request("a", 2, ContactRequestStatus::Open),
            request("c", 3, ContactRequestStatus::Handled),
        ];
        assert!(replace_request(
            &mut list,
            request("b", 4, ContactRequestStatus::Handled)
        ));
        assert_eq!(ids(&list), ["a", "b", "c"]);
        assert_eq!(list[1].status, ContactRequestStatus::Handled);
        assert!(!replace_request(
            &mut list,
            request("unknown", 5, ContactRequestStatus::Handled)
        ));
        assert_eq!(ids(&list), ["a", "b", "c"]);
    }

    #[test]
    fn every_text_has_the_same_placeholders_in_every_language() {
        for key in ContactText::ALL {
            assert_eq!(
                placeholders(key.get(Lang::En)),
                placeholders(key.get(Lang::Fi)),
                "{key:?}"
            );
        }
    }
}
