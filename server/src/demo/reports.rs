//! Demo problem reports in every status (R9, R10), written through the same
//! store methods and rules as the API, with back-dated clocks.

use chrono::{DateTime, Duration, Utc};
use resq_core::ProblemKind;
use resq_core::api::CreateProblemReport;
use resq_core::report::{Resolution, validate_description};
use resq_core::rules::{self, ReportPolicy};

use super::DEMO_CUSTOMER;
use super::catalogue::DemoVenue;
use super::seeder::{Seeder, at, local_day};
use crate::http::error::AppError;
use crate::http::reports::{customer_answer, request_hash};
use crate::store::{CustomerAddition, IdempotentRequest, NewReport, StaffAction};

/// A step of a demo report's history, hours after it was filed.
enum Step {
    Ask(&'static str),
    Reply(&'static str),
    Resolve(Resolution),
}

struct DemoReport {
    order: &'static str,
    venue: usize,
    customer: &'static str,
    days_ago: u64,
    kind: ProblemKind,
    description: Option<&'static str>,
    steps: Vec<Step>,
}

fn demo_reports() -> Vec<DemoReport> {
    vec![
        DemoReport {
            order: "demo-report-01",
            venue: 0,
            customer: DEMO_CUSTOMER,
            days_ago: 1,
            kind: ProblemKind::WrongProduct,
            description: Some("Sain korvapuustien sijaan kaksi sämpylää."),
            steps: vec![],
        },
        DemoReport {
            order: "demo-report-02",
            venue: 1,
            customer: DEMO_CUSTOMER,
            days_ago: 2,
            kind: ProblemKind::NotAvailable,
            description: Some("Personalen hittade inte min beställning."),
            steps: vec![Step::Ask(
                "Hej! Vilken tid var du på plats, och fick du något alls?",
            )],
        },
        DemoReport {
            order: "demo-report-03",
            venue: 0,
            customer: DEMO_CUSTOMER,
            days_ago: 4,
            kind: ProblemKind::VenueClosed,
            description: Some("Ovella oli lappu: suljettu sairastapauksen vuoksi."),
            steps: vec![
                Step::Ask("Hei! Mihin aikaan olit paikalla?"),
                Step::Reply("Klo 16.45, noutoaikana."),
                Step::Resolve(Resolution::Credits {
                    amount_cents: 500,
                    note: Some("Pahoittelut! Lisäsimme tilillesi 5 € ResQ-krediittejä.".into()),
                }),
            ],
        },
        DemoReport {
            order: "demo-report-04",
            venue: 0,
            customer: "demo-guest-41",
            days_ago: 3,
            kind: ProblemKind::Other,
            description: Some("Keittopakkaus oli rikki ja keitto valunut kassiin."),
            steps: vec![Step::Resolve(Resolution::Refund {
                amount_cents: 690,
                note: Some("Palautimme tilauksen hinnan.".into()),
            })],
        },
        DemoReport {
            order: "demo-report-05",
            venue: 1,
            customer: "demo-guest-42",
            days_ago: 0,
            kind: ProblemKind::VenueClosed,
            description: None,
            steps: vec![],
        },
    ]
}

/// Seeds the demo reports; returns the demo customer's reported orders.
pub(super) async fn seed_reports(
    seeder: &Seeder<'_>,
    venues: &[DemoVenue],
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> Result<Vec<String>, AppError> {
    let mut own = Vec::new();
    for (n, report) in demo_reports().into_iter().enumerate() {
        let venue = venues
            .get(report.venue)
            .ok_or_else(|| AppError::internal("demo venue"))?;
        let day = local_day(now, venue.tz, report.days_ago);
        // Pickup 16:00–17:00 local on that day; today's is earlier in the day.
        let start = if report.days_ago == 0 {
            now - Duration::hours(3)
        } else {
            at(venue.tz, day, 16, 0)
        };
        seeder
            .order(
                report.order,
                venue,
                report.customer,
                n,
                start,
                Duration::hours(1),
            )
            .await?;
        let filed_at = start + Duration::minutes(80);
        file(seeder, &report, filed_at, policy).await?;
        let mut when = filed_at;
        for (i, step) in report.steps.into_iter().enumerate() {
            when += Duration::minutes(45);
            let action = match step {
                Step::Ask(text) => StaffAction::AskForInfo(text.to_owned()),
                Step::Resolve(resolution) => StaffAction::Resolve(resolution),
                Step::Reply(text) => {
                    reply(seeder, report.order, report.customer, i, text, when, policy).await?;
                    continue;
                }
            };
            let Some((record, _)) = seeder.store.latest_report_of_order(report.order).await? else {
                return Err(AppError::internal("demo report missing"));
            };
            seeder
                .store
                .act_on_report(&record.report_id, when, action)
                .await?;
        }
        if report.customer == DEMO_CUSTOMER {
            own.push(report.order.to_owned());
        }
    }
    Ok(own)
}

async fn file(
    seeder: &Seeder<'_>,
    report: &DemoReport,
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> Result<(), AppError> {
    let request = CreateProblemReport {
        kind: report.kind,
        description: report.description.map(str::to_owned),
    };
    let description = validate_description(request.kind, request.description.as_deref())?;
    let hash = request_hash("problem-report", report.order, &request)?;
    let key = format!("demo-seed-report-{}", report.order);
    seeder
        .store
        .create_report(
            report.order,
            IdempotentRequest {
                customer_id: report.customer,
                key: &key,
                request_hash: &hash,
            },
            now,
            |order, open| {
                rules::check_report_creation(
                    order.purchased_at,
                    &order.timing(),
                    open,
                    now,
                    policy,
                )?;
                Ok(NewReport {
                    kind: request.kind,
                    description,
                })
            },
            |order, thread| {
                customer_answer(axum::http::StatusCode::CREATED, order, thread, now, policy)
            },
        )
        .await?;
    Ok(())
}

async fn reply(
    seeder: &Seeder<'_>,
    order_id: &str,
    customer: &str,
    step: usize,
    text: &str,
    now: DateTime<Utc>,
    policy: &ReportPolicy,
) -> Result<(), AppError> {
    let message = resq_core::report::validate_message(text)?;
    let hash = request_hash("report-message", order_id, &text)?;
    let key = format!("demo-seed-reply-{order_id}-{step}");
    seeder
        .store
        .add_to_report(
            order_id,
            IdempotentRequest {
                customer_id: customer,
                key: &key,
                request_hash: &hash,
            },
            now,
            CustomerAddition::Reply(message),
            |order, thread, _| {
                customer_answer(axum::http::StatusCode::CREATED, order, thread, now, policy)
            },
        )
        .await?;
    Ok(())
}
