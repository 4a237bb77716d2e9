//! The venue's problem reports (R9, R10) on its Feedback page, with their
//! status and resolution, and "Ask ResQ to contact this customer" (R7).
//! Anonymous like the reviews.

use leptos::prelude::*;
use resq_core::contact::ContactSubject;
use resq_core::report::wire::PartnerReport;
use resq_core::report::{ReportStatus, Resolution};

use super::contact::ContactForm;
use super::text::{PartnerText, format_date, format_euros, kind_text, status_text};
use crate::i18n::fill;
use crate::shell::Ctx;

/// What identifies a report's row: a row is rebuilt only when its report
/// changes status (and with it the resolution), so a reload keeps a
/// half-written contact message in every other row.
pub fn row_key(report: &PartnerReport) -> (String, ReportStatus) {
    (report.report_id.clone(), report.status)
}

/// The reports, once loaded; a reload updates only the rows that changed.
#[component]
pub fn Reports(reports: RwSignal<Option<Vec<PartnerReport>>>) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    let loaded = move || reports.with(Option::is_some);
    let empty = move || reports.with(|r| r.as_ref().is_some_and(Vec::is_empty));
    view! {
        <Show when=empty>
            <p class="muted">{move || t(PartnerText::NoReports)}</p>
        </Show>
        <Show when=move || loaded() && !empty()>
            <ul class="reviews reports">
                <For
                    each=move || reports.get().unwrap_or_default()
                    key=row_key
                    children=move |report| view! { <ReportItem report /> }
                />
            </ul>
        </Show>
    }
}

#[component]
fn ReportItem(report: PartnerReport) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
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
                Resolution::Refund { amount_cents, .. } => fill(
                    PartnerText::ResolvedRefund.get(l),
                    &[("amount", &format_euros(l, *amount_cents))],
                ),
                Resolution::Credits { amount_cents, .. } => fill(
                    PartnerText::ResolvedCredits.get(l),
                    &[("amount", &format_euros(l, *amount_cents))],
                ),
                Resolution::Other { .. } => PartnerText::ResolvedOther.get(l).to_owned(),
            }
        }
    });
    let venue_id = report.venue_id.clone();
    let about = ContactSubject::Report {
        report_id: report.report_id.clone(),
    };
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
            <ContactForm venue_id about />
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use resq_core::ProblemKind;

    fn report(id: &str, status: ReportStatus) -> PartnerReport {
        PartnerReport {
            report_id: id.to_owned(),
            venue_id: "venue-a".to_owned(),
            purchase_date: NaiveDate::from_ymd_opt(2026, 3, 10).expect("a date"),
            products: Vec::new(),
            kind: ProblemKind::WrongProduct,
            description: None,
            status,
            resolution: None,
            photos: Vec::new(),
        }
    }

    #[test]
    fn a_row_is_rebuilt_when_its_report_changes_status_only() {
        let received = report("p1", ReportStatus::Received);
        let mut described = received.clone();
        described.description = Some("same status".to_owned());
        assert_eq!(row_key(&received), row_key(&described));
        assert_ne!(
            row_key(&received),
            row_key(&report("p1", ReportStatus::Resolved))
        );
        assert_ne!(
            row_key(&received),
            row_key(&report("p2", ReportStatus::Received))
        );
    }
}
