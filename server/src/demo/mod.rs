//! Demo mode: a fresh database seeded relative to now with two venues, a
//! demo customer with orders in every feedback state, earlier ratings from
//! other (made-up) customers, and tokens for every role.
//!
//! Everything is written through the same store methods and rules as the
//! API uses, with back-dated clocks for the earlier ratings.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;

use chrono::{DateTime, Days, Duration, Utc};
use resq_core::api::{SubmitFeedback, VenueRef};
use resq_core::order::PickupMarkedBy;
use resq_core::rules::{FeedbackPolicy, ReportPolicy};
use resq_core::{Aspect, Rating};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Role, TokenKeys};
use crate::http::error::AppError;
use crate::store::Store;

mod catalogue;
mod reports;
mod seeder;

use catalogue::*;
use seeder::*;

/// The customer the demo tokens belong to.
pub const DEMO_CUSTOMER: &str = "demo-customer";
/// How long demo tokens are valid.
pub const DEMO_TOKEN_DAYS: i64 = 30;
/// How many open orders the demo customer gets (browser tests use one each).
pub const DEMO_OPEN_ORDERS: usize = 36;

/// What `GET /api/v1/demo` answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DemoDirectory {
    pub tokens: DemoTokens,
    pub venues: Vec<VenueRef>,
    pub orders: DemoOrders,
    /// The demo customer's orders with a problem report (received, needs
    /// information, resolved), besides the orders above.
    #[serde(default)]
    pub problem_reports: Vec<String>,
}

/// Bearer tokens for the demo roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DemoTokens {
    /// The demo customer (`demo-customer`).
    pub customer: String,
    /// A partner token per venue id.
    pub partners: BTreeMap<String, String>,
    pub staff: String,
    pub service: String,
}

/// The demo customer's orders by feedback state at start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DemoOrders {
    pub not_open: Vec<String>,
    pub open: Vec<String>,
    pub submitted: Vec<String>,
    pub closed: Vec<String>,
}

/// Deletes the demo database (and its WAL files) so every demo starts fresh.
pub fn remove_database(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Seeds the demo relative to `now` and returns its directory.
pub async fn seed(
    store: &Store,
    keys: &TokenKeys,
    now: DateTime<Utc>,
    policy: &FeedbackPolicy,
) -> Result<DemoDirectory, AppError> {
    let venues = [
        demo_venue(
            "venue-helsinki",
            "Kahvila Aalto",
            "Europe/Helsinki",
            HELSINKI_MENU,
        )?,
        demo_venue(
            "venue-stockholm",
            "Café Söder",
            "Europe/Stockholm",
            STOCKHOLM_MENU,
        )?,
    ];
    let seeder = Seeder { store, policy };
    let mut orders = DemoOrders::default();

    // Ratings given before now, seeded oldest first so the venues' lists
    // are newest first: other customers' (Helsinki ends up public,
    // Stockholm not) and the demo customer's own.
    let mut rated = Vec::new();
    for (v, past) in [(0, HELSINKI_PAST), (1, STOCKHOLM_PAST)] {
        for (i, (days_ago, rating, aspects, comment)) in past.iter().enumerate() {
            rated.push(PastOrder {
                id: format!("demo-{}-past-{:02}", short(&venues[v]), i + 1),
                venue: v,
                customer: format!("demo-guest-{:02}", i + 1),
                days_ago: *days_ago,
                hour: 15,
                menu_item: i,
                feedback: SubmitFeedback {
                    rating: *rating,
                    aspects: aspects.to_vec(),
                    comment: comment.map(str::to_owned),
                },
            });
        }
    }
    for (n, (days_ago, rating, comment)) in [
        (1, Rating::Good, Some("Kiitos, tosi hyvää!")),
        (2, Rating::Ok, None),
        (3, Rating::Good, Some("Tack, mycket gott!")),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("demo-submitted-{:02}", n + 1);
        orders.submitted.push(id.clone());
        rated.push(PastOrder {
            id,
            venue: usize::from(n == 2),
            customer: DEMO_CUSTOMER.to_owned(),
            days_ago,
            hour: 12,
            menu_item: n,
            feedback: SubmitFeedback {
                rating,
                aspects: vec![Aspect::Taste],
                comment: comment.map(str::to_owned),
            },
        });
    }
    rated.sort_by_key(|r| (std::cmp::Reverse(r.days_ago), r.hour));
    for r in rated {
        let venue = &venues[r.venue];
        let day = local_day(now, venue.tz, r.days_ago);
        seeder
            .order(
                &r.id,
                venue,
                &r.customer,
                r.menu_item,
                at(venue.tz, day, r.hour, 0),
                Duration::hours(1),
            )
            .await?;
        let by = if r.customer == DEMO_CUSTOMER {
            PickupMarkedBy::Customer
        } else {
            PickupMarkedBy::Venue
        };
        seeder
            .mark(&r.id, at(venue.tz, day, r.hour, 20), by)
            .await?;
        seeder
            .rate(
                &r.id,
                &r.customer,
                at(venue.tz, day, r.hour + 1, 0),
                r.feedback,
            )
            .await?;
    }

    // The demo customer: not open yet (later today, tomorrow).
    for (i, venue) in venues.iter().enumerate() {
        let id = format!("demo-not-open-{:02}", 2 * i + 1);
        seeder
            .order(
                &id,
                venue,
                DEMO_CUSTOMER,
                i,
                now + Duration::hours(2),
                Duration::hours(1),
            )
            .await?;
        orders.not_open.push(id);
        let tomorrow = local_day(now, venue.tz, 0) + Days::new(1);
        let id = format!("demo-not-open-{:02}", 2 * i + 2);
        seeder
            .order(
                &id,
                venue,
                DEMO_CUSTOMER,
                i + 2,
                at(venue.tz, tomorrow, 16, 0),
                Duration::minutes(90),
            )
            .await?;
        orders.not_open.push(id);
    }

    // Open: half marked picked up (by the venue or the customer) during
    // today's pickup window, half open by the next-day rule (pickup yesterday).
    for n in 0..DEMO_OPEN_ORDERS {
        let venue = &venues[n % 2];
        let id = format!("demo-open-{:02}", n + 1);
        if n < DEMO_OPEN_ORDERS / 2 {
            seeder
                .order(
                    &id,
                    venue,
                    DEMO_CUSTOMER,
                    n,
                    now - Duration::hours(1),
                    Duration::hours(2),
                )
                .await?;
            let by = if n % 4 < 2 {
                PickupMarkedBy::Venue
            } else {
                PickupMarkedBy::Customer
            };
            seeder.mark(&id, now - Duration::minutes(30), by).await?;
        } else {
            let yesterday = local_day(now, venue.tz, 1);
            seeder
                .order(
                    &id,
                    venue,
                    DEMO_CUSTOMER,
                    n,
                    at(venue.tz, yesterday, 16, 0),
                    Duration::minutes(90),
                )
                .await?;
        }
        orders.open.push(id);
    }

    // Closed: picked up more than the feedback period ago, never rated.
    for n in 0..3u64 {
        let venue = &venues[(n % 2) as usize];
        let days_ago = u64::from(policy.close_after_days) + 5 + 4 * n;
        let day = local_day(now, venue.tz, days_ago);
        let id = format!("demo-closed-{:02}", n + 1);
        seeder
            .order(
                &id,
                venue,
                DEMO_CUSTOMER,
                n as usize,
                at(venue.tz, day, 17, 0),
                Duration::hours(1),
            )
            .await?;
        orders.closed.push(id);
    }

    // Problem reports in every status (R9, R10), for the receipt, the
    // venues' pages and the service console.
    let problem_reports =
        reports::seed_reports(&seeder, &venues, now, &ReportPolicy::default()).await?;

    let token = |sub: &str, role: Role, venues: &[&str]| {
        keys.issue(sub, role, venues, now, Duration::days(DEMO_TOKEN_DAYS))
            .map_err(|e| AppError::internal(format!("demo token: {e}")))
    };
    let mut partners = BTreeMap::new();
    for venue in &venues {
        let sub = format!("demo-partner-{}", short(venue));
        partners.insert(
            venue.venue.id.clone(),
            token(&sub, Role::Partner, &[&venue.venue.id])?,
        );
    }
    Ok(DemoDirectory {
        tokens: DemoTokens {
            customer: token(DEMO_CUSTOMER, Role::Customer, &[])?,
            partners,
            staff: token("demo-staff", Role::Staff, &[])?,
            service: token("demo-marketplace", Role::Service, &[])?,
        },
        venues: venues.iter().map(|v| v.venue.clone()).collect(),
        orders,
        problem_reports,
    })
}

/// What the demo prints at start.
pub fn summary(directory: &DemoDirectory, address: SocketAddr) -> String {
    let mut out = format!(
        "\nResQ feedback demo on http://{address}/\n\
         API: http://{address}/api/v1  (directory: http://{address}/api/v1/demo, \
         OpenAPI: http://{address}/api/v1/openapi.json)\n\n\
         Tokens (valid {DEMO_TOKEN_DAYS} days):\n  customer ({DEMO_CUSTOMER}): {}\n",
        directory.tokens.customer
    );
    for (venue, token) in &directory.tokens.partners {
        out.push_str(&format!("  partner ({venue}): {token}\n"));
    }
    out.push_str(&format!(
        "  staff: {}\n  service: {}\n\nOrders of {DEMO_CUSTOMER}:\n",
        directory.tokens.staff, directory.tokens.service
    ));
    let o = &directory.orders;
    for (state, ids) in [
        ("not_open", &o.not_open),
        ("open", &o.open),
        ("submitted", &o.submitted),
        ("closed", &o.closed),
    ] {
        out.push_str(&format!(
            "  {state:<9} ({:>2}): {}\n",
            ids.len(),
            ids.join(" ")
        ));
    }
    out.push_str(&format!(
        "  with a problem report: {}\n",
        directory.problem_reports.join(" ")
    ));
    out
}
