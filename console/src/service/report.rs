//! One report in the service console: the order's facts, the description,
//! the photos, the thread, the resolution, and the actions.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use resq_core::api::{ReportPhoto, StaffReportDetail, StaffReportSummary};
use resq_core::report::{MessageAuthor, Resolution};

use super::actions::Actions;
use super::browser;
use super::model::euros;
use super::texts::{self, ServiceText};
use crate::api;
use crate::i18n::{Lang, fill};
use crate::shell::Ctx;

/// The queue row of a report, from its detail (after an action).
pub fn summary_of(detail: &StaffReportDetail) -> StaffReportSummary {
    let r = &detail.report;
    StaffReportSummary {
        report_id: r.report_id.clone(),
        order_id: detail.order.order_id.clone(),
        venue: detail.order.venue.clone(),
        kind: r.kind,
        description: r.description.clone(),
        status: r.status,
        created_at: r.created_at,
        updated_at: r.updated_at,
        message_count: u32::try_from(r.messages.len()).unwrap_or(u32::MAX),
        photo_count: u32::try_from(r.photos.len()).unwrap_or(u32::MAX),
    }
}

/// Where loading the report stands.
#[derive(Debug, Clone, PartialEq)]
enum Loaded {
    Loading,
    Failed(bool),
    Ready(Box<StaffReportDetail>),
}

#[component]
pub fn ReportPanel(
    report_id: String,
    changed: RwSignal<u32>,
    on_close: Callback<()>,
    on_saved: Callback<StaffReportSummary>,
) -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ServiceText| key.get(ctx.lang.get());
    let loaded = RwSignal::new(Loaded::Loading);
    let heading = NodeRef::<html::H2>::new();
    let id = report_id.clone();
    Effect::new(move || {
        changed.track();
        let client = ctx.client();
        let url = api::url(&["staff", "reports", &id], "");
        spawn_local_scoped_with_cancellation(async move {
            match client.get::<StaffReportDetail>(&url).await {
                Ok(detail) => loaded.set(Loaded::Ready(Box::new(detail))),
                Err(failure) => {
                    ctx.check(&failure);
                    let missing = matches!(failure, api::Failure::Http { status: 404, .. });
                    loaded.set(Loaded::Failed(missing));
                }
            }
        });
    });
    // Move focus to the report once it is shown (keyboard and screen readers).
    Effect::new(move || {
        if matches!(loaded.get(), Loaded::Ready(_))
            && let Some(h) = heading.get()
            && web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_none_or(|e| e.tag_name() == "BUTTON" || e.tag_name() == "BODY")
        {
            let _ = h.focus();
        }
    });
    let apply = Callback::new(move |detail: StaffReportDetail| {
        on_saved.run(summary_of(&detail));
        loaded.set(Loaded::Ready(Box::new(detail)));
    });

    view! {
        <section class="card report" aria-labelledby="report-title">
            <button type="button" class="quiet" on:click=move |_| on_close.run(())>
                {move || t(ServiceText::BackToQueue)}
            </button>
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="muted" role="status">{move || t(ServiceText::Loading)}</p> }.into_any(),
                Loaded::Failed(missing) => {
                    let text = if missing { ServiceText::ErrNotFound } else { ServiceText::LoadFailed };
                    view! { <p class="error" role="alert">{move || t(text)}</p> }.into_any()
                }
                Loaded::Ready(detail) => {
                    let lang = ctx.lang.get();
                    view! {
                        <h2 id="report-title" tabindex="-1" node_ref=heading>
                            {fill(ServiceText::ReportTitle.get(lang), &[("kind", texts::kind(detail.report.kind).get(lang))])}
                        </h2>
                        {facts(&detail, lang)}
                        <Photos report_id=detail.report.report_id.clone() photos=detail.report.photos.clone() />
                        {thread(&detail, lang)}
                        <Actions detail=(*detail).clone() apply reload=Callback::new(move |()| changed.update(|n| *n += 1)) />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

fn facts(detail: &StaffReportDetail, lang: Lang) -> impl IntoView + use<> {
    let t = |key: ServiceText| key.get(lang);
    let o = &detail.order;
    let r = &detail.report;
    let zone = o.venue.time_zone.as_str();
    let pickup = format!(
        "{} – {}",
        browser::date_time(o.pickup_window.start, lang, zone),
        browser::time(o.pickup_window.end, lang, zone)
    );
    let mark = match o.picked_up {
        Some(m) => fill(
            texts::marked_by(m.by).get(lang),
            &[("when", &browser::date_time(m.at, lang, zone))],
        ),
        None => t(ServiceText::NotPickedUp).to_owned(),
    };
    let products = o
        .products
        .iter()
        .map(|p| view! { <li>{format!("{} × {}", p.quantity, p.name)}</li> })
        .collect_view();
    view! {
        <dl class="facts" data-facts="">
            <dt>{t(ServiceText::Status)}</dt>
            <dd data-status=r.status.as_str()>{texts::status(r.status).get(lang)}</dd>
            <dt>{t(ServiceText::Filed)}</dt>
            <dd>{browser::date_time(r.created_at, lang, zone)}</dd>
            <dt>{t(ServiceText::Venue)}</dt>
            <dd>{o.venue.name.clone()}</dd>
            <dt>{t(ServiceText::OrderId)}</dt>
            <dd>{o.order_id.clone()}</dd>
            <dt>{t(ServiceText::Customer)}</dt>
            <dd>{o.customer_id.clone()}</dd>
            <dt>{t(ServiceText::Products)}</dt>
            <dd><ul class="plain">{products}</ul></dd>
            <dt>{t(ServiceText::Purchased)}</dt>
            <dd>{browser::date_time(o.purchased_at, lang, zone)}</dd>
            <dt>{t(ServiceText::PickupWindow)}</dt>
            <dd>{pickup}</dd>
            <dt>{t(ServiceText::PickupMark)}</dt>
            <dd>{mark}</dd>
            <dt>{t(ServiceText::Description)}</dt>
            <dd class="text">{r.description.clone().unwrap_or_else(|| t(ServiceText::NoDescription).to_owned())}</dd>
        </dl>
    }
}

fn thread(detail: &StaffReportDetail, lang: Lang) -> impl IntoView + use<> {
    let t = |key: ServiceText| key.get(lang);
    let zone = detail.order.venue.time_zone.clone();
    let messages = detail
        .report
        .messages
        .iter()
        .map(|m| {
            let who = match m.author {
                MessageAuthor::Customer => t(ServiceText::FromCustomer),
                MessageAuthor::Staff => t(ServiceText::FromStaff),
            };
            view! {
                <li class="message" data-author=m.author.as_str()>
                    <p class="meta"><strong>{who}</strong>", "{browser::date_time(m.sent_at, lang, &zone)}</p>
                    <p class="text">{m.body.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let resolution = detail.report.resolution.clone().map(|res| {
        let what = match &res {
            Resolution::Refund { amount_cents, .. } => fill(
                t(ServiceText::ResolvedRefund),
                &[("amount", &euros(*amount_cents, lang))],
            ),
            Resolution::Credits { amount_cents, .. } => fill(
                t(ServiceText::ResolvedCredits),
                &[("amount", &euros(*amount_cents, lang))],
            ),
            Resolution::Other { .. } => t(ServiceText::ResolvedOther).to_owned(),
        };
        view! {
            <div class="resolution" data-resolution=res.kind()>
                <h3>{t(ServiceText::Resolution)}</h3>
                <p><strong>{what}</strong></p>
                {res.note().map(|n| view! { <p class="text">{n.to_owned()}</p> })}
            </div>
        }
    });
    let empty = detail.report.messages.is_empty();
    view! {
        <h3>{t(ServiceText::Thread)}</h3>
        {empty.then(|| view! { <p class="muted">{t(ServiceText::NoMessages)}</p> })}
        <ol class="thread">{messages}</ol>
        {resolution}
    }
}

/// The report's photos, fetched with the token and shown as object URLs.
#[component]
fn Photos(report_id: String, photos: Vec<ReportPhoto>) -> impl IntoView {
    let ctx = Ctx::get();
    let t = move |key: ServiceText| key.get(ctx.lang.get());
    if photos.is_empty() {
        return ().into_any();
    }
    let items = photos
        .into_iter()
        .enumerate()
        .map(|(i, photo)| {
            let src = RwSignal::new(None::<Result<String, ()>>);
            let client = ctx.client();
            let report_id = report_id.clone();
            spawn_local_scoped_with_cancellation(async move {
                let url = browser::photo_url(&client, &report_id, &photo.photo_id).await;
                src.set(Some(url.ok_or(())));
            });
            on_cleanup(move || {
                if let Some(Some(Ok(url))) = src.try_get_untracked() {
                    browser::revoke(&url);
                }
            });
            let alt = move || fill(t(ServiceText::PhotoAlt), &[("n", &(i + 1).to_string())]);
            view! {
                <li>
                    {move || match src.get() {
                        None => view! { <span class="muted">{move || t(ServiceText::Loading)}</span> }.into_any(),
                        Some(Ok(url)) => view! { <img src=url alt=alt loading="lazy" /> }.into_any(),
                        Some(Err(())) => view! { <span class="error">{move || t(ServiceText::PhotoFailed)}</span> }.into_any(),
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{move || t(ServiceText::Photos)}</h3>
        <ul class="photos">{items}</ul>
    }
    .into_any()
}
