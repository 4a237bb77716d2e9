//! The venue's problem reports (R9, R10) on its Feedback page, with their
//! status and resolution. Anonymous like the reviews.

use leptos::prelude::*;
use resq_core::report::Resolution;
use resq_core::report::wire::PartnerReport;

use super::text::{PartnerText, format_date, format_euros, kind_text, status_text};
use crate::i18n::fill;
use crate::shell::Ctx;

#[component]
pub fn Reports(reports: Vec<PartnerReport>) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    if reports.is_empty() {
        return view! { <p class="muted">{move || t(PartnerText::NoReports)}</p> }.into_any();
    }
    let items = reports
        .into_iter()
        .map(|report| {
            let date = report.purchase_date;
            let kind = report.kind;
            let status = report.status;
            let products = report
                .products
                .iter()
                .map(|p| format!("{} × {}", p.quantity, p.name))
                .collect::<Vec<_>>()
                .join(", ");
            let resolution = report.resolution.clone().map(|r| {
                move || {
                    let l = lang.get();
                    match &r {
                        Resolution::Refund { amount_cents, .. } => {
                            fill(PartnerText::ResolvedRefund.get(l), &[("amount", &format_euros(l, *amount_cents))])
                        }
                        Resolution::Credits { amount_cents, .. } => {
                            fill(PartnerText::ResolvedCredits.get(l), &[("amount", &format_euros(l, *amount_cents))])
                        }
                        Resolution::Other { .. } => PartnerText::ResolvedOther.get(l).to_owned(),
                    }
                }
            });
            view! {
                <li class="review report" data-report-id=report.report_id.clone() data-status=status.as_str()>
                    <header>
                        <span class="rating">{move || t(kind_text(kind))}</span>
                        <span class="status">{move || t(status_text(status))}</span>
                        <span class="muted">
                            {move || fill(t(PartnerText::Purchased), &[("date", &format_date(lang.get(), date))])}
                        </span>
                    </header>
                    <p class="products">{products}</p>
                    {report.description.clone().map(|d| view! { <p class="comment">{d}</p> })}
                    {resolution.map(|r| view! { <p class="resolution">{r}</p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="reviews reports">{items}</ul> }.into_any()
}
