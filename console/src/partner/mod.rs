//! The venue's Feedback page (R5–R8, R12, R13): the summary, problem
//! reports with their status, and every review of the last two months,
//! newest first, filtered and paged — all updating live from the venue's
//! stream, which reconnects by itself with `Last-Event-ID`.

pub mod chart;
pub mod contact;
pub mod filter;
mod reports;
mod reviews;
mod summary;
pub mod text;

use std::cell::Cell;
use std::collections::HashSet;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::{spawn_local, spawn_local_scoped_with_cancellation};
use resq_core::api::{PartnerReview, PartnerReviewPage};
use resq_core::live::LiveEventKind;
use resq_core::report::wire::{PartnerReport, PartnerReportList};
use resq_core::summary::VenueSummary;

use self::filter::{Filter, add_live};
use self::reports::Reports;
use self::reviews::{FilterBar, ReviewItem};
use self::summary::Summary;
use self::text::PartnerText;
use crate::api;
use crate::live::{self, LiveStatus, StreamEvent};
use crate::shell::Ctx;

/// Reviews per page.
const PAGE: u32 = 20;

/// One venue's Feedback page.
#[component]
pub fn FeedbackPage(venue_id: String) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    let venue = StoredValue::new(venue_id);
    let summary = RwSignal::new(None::<VenueSummary>);
    let reports = RwSignal::new(None::<Vec<PartnerReport>>);
    let reviews = RwSignal::new(Vec::<PartnerReview>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let failed = RwSignal::new(false);
    let filter = RwSignal::new(Filter::default());
    let fresh = RwSignal::new(HashSet::<String>::new());
    let status = RwSignal::new(LiveStatus::Connecting);
    // Answers to an older filter are dropped.
    let generation = StoredValue::new(0u32);

    let load_summary = move || {
        let client = ctx.client();
        let url = api::url(&["venues", &venue.get_value(), "summary"], "");
        spawn_local(async move {
            match client.get::<VenueSummary>(&url).await {
                Ok(s) => summary.set(Some(s)),
                Err(f) => ctx.check(&f),
            }
        });
    };
    let load_reports = move || {
        let client = ctx.client();
        let url = api::url(&["venues", &venue.get_value(), "reports"], "");
        spawn_local(async move {
            match client.get::<PartnerReportList>(&url).await {
                Ok(list) => reports.set(Some(list.items)),
                Err(f) => ctx.check(&f),
            }
        });
    };
    let load_page = move |reset: bool| {
        let client = ctx.client();
        let mut query = format!("limit={PAGE}");
        let f = filter.get_untracked().query();
        if !f.is_empty() {
            query.push('&');
            query.push_str(&f);
        }
        if !reset {
            match next.get_untracked() {
                Some(cursor) => query.push_str(&format!("&cursor={}", api::encode(&cursor))),
                None => return,
            }
        }
        let url = api::url(&["venues", &venue.get_value(), "feedback"], &query);
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loading.set(true);
        failed.set(false);
        spawn_local(async move {
            let page = client.get::<PartnerReviewPage>(&url).await;
            if generation.get_value() != mine {
                return;
            }
            loading.set(false);
            match page {
                Ok(page) => {
                    if reset {
                        reviews.set(page.items);
                        fresh.update(HashSet::clear);
                    } else {
                        reviews.update(|list| {
                            for item in page.items {
                                if !list.iter().any(|r| r.review_id == item.review_id) {
                                    list.push(item);
                                }
                            }
                        });
                    }
                    next.set(page.next_cursor);
                }
                Err(f) => {
                    ctx.check(&f);
                    failed.set(true);
                }
            }
        });
    };

    // The list follows the filter (and loads once at start).
    Effect::new(move || {
        filter.track();
        load_page(true);
    });
    load_summary();
    load_reports();

    // Live: new reviews on top, reports and the summary refreshed.
    let last_id = Rc::new(Cell::new(None::<i64>));
    let stream_url = api::url(&["venues", &venue.get_value(), "events"], "");
    let client = ctx.client();
    let seen = last_id.clone();
    let on_status = move |s: LiveStatus| {
        // The first connection may start after the first loads: load again
        // so nothing given in between is missing. Later reconnections
        // replay from Last-Event-ID instead.
        if s == LiveStatus::Live
            && seen.get().is_none()
            && status.get_untracked() != LiveStatus::Live
        {
            load_page(true);
            load_summary();
            load_reports();
        }
        status.set(s);
    };
    let on_event = move |event: StreamEvent| match LiveEventKind::parse(&event.kind) {
        Some(LiveEventKind::ReviewSubmitted) => {
            if let Ok(review) = serde_json::from_str::<PartnerReview>(&event.data) {
                let id = review.review_id.clone();
                let mut added = false;
                reviews.update(|list| added = add_live(list, review, &filter.get_untracked()));
                if added {
                    fresh.update(|f| {
                        f.insert(id);
                    });
                }
            }
            load_summary();
        }
        Some(LiveEventKind::ReportChanged) => load_reports(),
        // Staff-only events never reach a venue's stream.
        Some(LiveEventKind::ContactRequestChanged) | None => {}
    };
    spawn_local_scoped_with_cancellation(live::follow(
        client, stream_url, last_id, on_status, on_event,
    ));

    let live_text = move || match status.get() {
        LiveStatus::Live => t(PartnerText::Live),
        LiveStatus::Connecting => t(PartnerText::Connecting),
        LiveStatus::Reconnecting => t(PartnerText::Reconnecting),
        LiveStatus::Refused(_) => t(PartnerText::LiveRefused),
    };
    let live_state = move || match status.get() {
        LiveStatus::Live => "live",
        LiveStatus::Connecting => "connecting",
        LiveStatus::Reconnecting => "reconnecting",
        LiveStatus::Refused(_) => "refused",
    };

    view! {
        <div class="page-head">
            <h1>
                {move || t(PartnerText::Title)}
                {move || summary.with(|s| s.as_ref().map(|s| format!(" · {}", s.venue_name)))}
            </h1>
            <span class="live" data-state=live_state role="status" data-testid="live">
                {live_text}
            </span>
        </div>
        <p class="muted">{move || t(PartnerText::Intro)}</p>
        {move || summary.get().map(|s| view! { <Summary summary=s /> })}
        <section class="card" aria-labelledby="reports-title" data-testid="reports">
            <h2 id="reports-title">{move || t(PartnerText::ReportsTitle)}</h2>
            <Reports reports />
        </section>
        <section class="card" aria-labelledby="reviews-title" data-testid="reviews">
            <h2 id="reviews-title">{move || t(PartnerText::ReviewsTitle)}</h2>
            <FilterBar filter />
            <ul class="reviews" aria-live="polite" aria-busy=move || loading.get().to_string()>
                <For
                    each=move || reviews.get()
                    key=|r| r.review_id.clone()
                    children=move |review| {
                        let is_fresh = fresh.with_untracked(|f| f.contains(&review.review_id));
                        view! { <ReviewItem venue_id=venue.get_value() review fresh=is_fresh /> }
                    }
                />
            </ul>
            <Show when=move || !loading.get() && !failed.get() && reviews.with(Vec::is_empty)>
                <p class="muted">{move || t(PartnerText::NoReviews)}</p>
            </Show>
            <Show when=move || loading.get()>
                <p class="muted">{move || t(PartnerText::Loading)}</p>
            </Show>
            <Show when=move || failed.get()>
                <p class="error" role="alert">
                    {move || t(PartnerText::LoadFailed)} " "
                    <button type="button" class="quiet" on:click=move |_| load_page(true)>
                        {move || t(PartnerText::Retry)}
                    </button>
                </p>
            </Show>
            <Show when=move || next.with(Option::is_some) && !loading.get()>
                <button type="button" class="quiet" data-action="more" on:click=move |_| load_page(false)>
                    {move || t(PartnerText::LoadMore)}
                </button>
            </Show>
        </section>
    }
}
