//! The customer-service console (R10): every problem report, oldest first,
//! updating live from the staff stream; a report with its order, thread and
//! photos; asking for information, resolving (refund, credits, other) and
//! reopening; counts of open, waiting and resolved-today reports.
//!
//! [`model`] holds the logic (tested natively), [`texts`] the words;
//! [`sampling`] is the quality sample (R11).

mod actions;
mod browser;
pub mod model;
mod report;
pub mod sampling;
pub mod texts;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::api::{StaffReportCounts, StaffReportQueue, StaffReportSummary};

use self::model::{StatusFilter, apply_change, excerpt};
use self::texts::ServiceText;
use crate::api;
use crate::i18n::{Lang, fill};
use crate::live::{self, LiveStatus};
use crate::shell::Ctx;

/// Where loading the queue stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Load {
    Loading,
    Ready,
    Failed,
}

/// The problem-report queue and the open report.
#[component]
pub fn ServiceConsole() -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ServiceText| key.get(ctx.lang.get());
    let filter = RwSignal::new(StatusFilter::Open);
    let venue = RwSignal::new(None::<String>);
    let venues = RwSignal::new(BTreeMap::<String, String>::new());
    let queue = RwSignal::new(Vec::<StaffReportSummary>::new());
    let load = RwSignal::new(Load::Loading);
    let counts = RwSignal::new(None::<StaffReportCounts>);
    let live_status = RwSignal::new(LiveStatus::Connecting);
    let selected = RwSignal::new(None::<String>);
    // Bumped when the open report changed elsewhere: the panel reloads it.
    let changed = RwSignal::new(0u32);
    let reloads = RwSignal::new(0u32);

    let remember_venues = move |rows: &[StaffReportSummary]| {
        venues.update(|known| {
            for r in rows {
                known.insert(r.venue.id.clone(), r.venue.name.clone());
            }
        });
    };

    // The queue, again whenever a filter changes or a reload is asked for.
    Effect::new(move || {
        let (filter, venue) = (filter.get(), venue.get());
        reloads.track();
        let client = ctx.client();
        let mut query = format!("status={}", filter.query());
        if let Some(v) = &venue {
            query.push_str(&format!("&venue_id={}", api::encode(v)));
        }
        load.set(Load::Loading);
        spawn_local_scoped_with_cancellation(async move {
            let url = api::url(&["staff", "reports"], &query);
            match client.get::<StaffReportQueue>(&url).await {
                Ok(answer) => {
                    remember_venues(&answer.items);
                    queue.set(answer.items);
                    load.set(Load::Ready);
                }
                Err(failure) => {
                    ctx.check(&failure);
                    load.set(Load::Failed);
                }
            }
        });
    });

    let refresh_counts = move || {
        let client = ctx.client();
        spawn_local_scoped_with_cancellation(async move {
            let url = api::url(&["staff", "report-counts"], "");
            if let Ok(c) = client.get::<StaffReportCounts>(&url).await {
                counts.set(Some(c));
            }
        });
    };
    refresh_counts();

    // The staff stream: every report change, as a queue row.
    live::follow_staff(
        ctx.client(),
        live_status,
        // Whatever happened while not connected is in the queue's next load
        // (the stream replays from where it was, too).
        move || {
            reloads.update(|n| *n += 1);
            refresh_counts();
        },
        move |event| {
            if event.kind != "report_changed" {
                return;
            }
            let Ok(row) = serde_json::from_str::<StaffReportSummary>(&event.data) else {
                return;
            };
            remember_venues(std::slice::from_ref(&row));
            if selected.get_untracked().as_deref() == Some(row.report_id.as_str()) {
                changed.update(|n| *n += 1);
            }
            let (f, v) = (filter.get_untracked(), venue.get_untracked());
            queue.update(|q| {
                apply_change(q, row, f, v.as_deref());
            });
            refresh_counts();
        },
    );

    let live_label = move || match live_status.get() {
        LiveStatus::Live => (t(ServiceText::Live), "live"),
        LiveStatus::Connecting => (t(ServiceText::Connecting), "connecting"),
        LiveStatus::Reconnecting => (t(ServiceText::Reconnecting), "reconnecting"),
        LiveStatus::Refused(_) => (t(ServiceText::Refused), "refused"),
    };

    view! {
        <div class="page-head">
            <h1>{move || t(ServiceText::Title)}</h1>
            <span class="live" role="status" data-state=move || live_label().1>
                {move || live_label().0}
            </span>
        </div>
        <Counts counts />
        <Show
            when=move || selected.with(Option::is_some)
            fallback=move || {
                view! { <Queue filter venue venues queue load selected reloads /> }
            }
        >
            {move || {
                selected
                    .get()
                    .map(|report_id| {
                        view! {
                            <report::ReportPanel
                                report_id
                                changed
                                on_close=Callback::new(move |()| selected.set(None))
                                on_saved=Callback::new(move |row: StaffReportSummary| {
                                    let (f, v) = (filter.get_untracked(), venue.get_untracked());
                                    queue.update(|q| {
                                        apply_change(q, row, f, v.as_deref());
                                    });
                                    refresh_counts();
                                })
                            />
                        }
                    })
            }}
        </Show>
    }
}

#[component]
fn Counts(counts: RwSignal<Option<StaffReportCounts>>) -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ServiceText| key.get(ctx.lang.get());
    let count = move |pick: fn(&StaffReportCounts) -> u32| {
        move || {
            counts.with(|c| {
                c.as_ref()
                    .map_or_else(|| "–".to_owned(), |c| pick(c).to_string())
            })
        }
    };
    view! {
        <section class="card" aria-labelledby="counts-title">
            <h2 id="counts-title" class="visually-hidden">{move || t(ServiceText::CountsLabel)}</h2>
            <ul class="counts" data-counts="">
                <li data-count="open">
                    <span class="n">{count(|c| c.open)}</span>
                    {move || t(ServiceText::CountOpen)}
                </li>
                <li data-count="waiting">
                    <span class="n">{count(|c| c.waiting)}</span>
                    {move || t(ServiceText::CountWaiting)}
                </li>
                <li data-count="resolved-today">
                    <span class="n">{count(|c| c.resolved_today)}</span>
                    {move || t(ServiceText::CountResolvedToday)}
                </li>
            </ul>
        </section>
    }
}

#[component]
fn Queue(
    filter: RwSignal<StatusFilter>,
    venue: RwSignal<Option<String>>,
    venues: RwSignal<BTreeMap<String, String>>,
    queue: RwSignal<Vec<StaffReportSummary>>,
    load: RwSignal<Load>,
    selected: RwSignal<Option<String>>,
    reloads: RwSignal<u32>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ServiceText| key.get(ctx.lang.get());
    let rows = move || {
        let lang = ctx.lang.get();
        queue
            .get()
            .into_iter()
            .map(|r| queue_row(r, lang, selected))
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="queue-title">
            <h2 id="queue-title">{move || t(ServiceText::QueueTitle)}</h2>
            <form class="filters" aria-label=move || t(ServiceText::Filters) on:submit=|ev| ev.prevent_default()>
                <label>
                    <span>{move || t(ServiceText::Show)}</span>
                    " "
                    <select id="status-filter" on:change=move |ev| filter.set(StatusFilter::parse(&event_target_value(&ev)))>
                        {StatusFilter::ALL
                            .into_iter()
                            .map(|f| {
                                view! {
                                    <option value=f.query() selected=move || filter.get() == f>
                                        {move || t(texts::filter(f))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || t(ServiceText::Venue)}</span>
                    " "
                    <select id="venue-filter" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        venue.set((!v.is_empty()).then_some(v));
                    }>
                        <option value="">{move || t(ServiceText::AllVenues)}</option>
                        {move || {
                            venues
                                .get()
                                .into_iter()
                                .map(|(id, name)| {
                                    let is = id.clone();
                                    view! {
                                        <option value=id selected=move || venue.get().as_deref() == Some(is.as_str())>
                                            {name}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </form>
            {move || match load.get() {
                Load::Loading if queue.with(Vec::is_empty) => {
                    view! { <p class="muted" role="status">{move || t(ServiceText::Loading)}</p> }.into_any()
                }
                Load::Failed => {
                    view! {
                        <p class="error" role="alert">
                            {move || t(ServiceText::LoadFailed)} " "
                            <button type="button" class="quiet" on:click=move |_| reloads.update(|n| *n += 1)>
                                {move || t(ServiceText::Retry)}
                            </button>
                        </p>
                    }
                        .into_any()
                }
                _ if queue.with(Vec::is_empty) => {
                    view! { <p class="muted">{move || t(ServiceText::Empty)}</p> }.into_any()
                }
                _ => {
                    view! {
                        <table class="queue">
                            <thead>
                                <tr>
                                    <th scope="col">{move || t(ServiceText::ColFiled)}</th>
                                    <th scope="col">{move || t(ServiceText::ColVenue)}</th>
                                    <th scope="col">{move || t(ServiceText::ColProblem)}</th>
                                    <th scope="col">{move || t(ServiceText::ColStatus)}</th>
                                    <th scope="col">{move || t(ServiceText::ColThread)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

fn queue_row(
    r: StaffReportSummary,
    lang: Lang,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let filed = browser::date_time(r.created_at, lang, &r.venue.time_zone);
    let open_label = fill(ServiceText::OpenReportOf.get(lang), &[("when", &filed)]);
    let thread = fill(
        ServiceText::MessagesPhotos.get(lang),
        &[
            ("messages", &r.message_count.to_string()),
            ("photos", &r.photo_count.to_string()),
        ],
    );
    let id = r.report_id.clone();
    view! {
        <tr data-report-id=r.report_id.clone() data-status=r.status.as_str()>
            <td>
                <button type="button" class="quiet" aria-label=open_label on:click=move |_| selected.set(Some(id.clone()))>
                    {ServiceText::OpenReport.get(lang)}
                </button>
                " "
                {filed}
            </td>
            <td>{r.venue.name}</td>
            <td>
                <strong>{texts::kind(r.kind).get(lang)}</strong>
                {r.description.map(|d| view! { <span class="excerpt">{excerpt(&d, 80)}</span> })}
            </td>
            <td class="status">{texts::status(r.status).get(lang)}</td>
            <td>{thread}</td>
        </tr>
    }
}
