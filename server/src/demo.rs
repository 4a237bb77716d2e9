//! Demo mode: a fresh database seeded relative to now with two venues, a
//! demo customer with orders in every feedback state, earlier ratings from
//! other (made-up) customers, and tokens for every role.
//!
//! Everything is written through the same store methods and rules as the
//! API uses, with back-dated clocks for the earlier ratings.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use resq_core::api::{RegisterOrder, SubmitFeedback, VenueRef};
use resq_core::order::PickupMarkedBy;
use resq_core::rules::{self, FeedbackPolicy};
use resq_core::{Aspect, PickupWindow, Product, Rating};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Role, TokenKeys};
use crate::http::error::AppError;
use crate::http::feedback::{accept, request_hash};
use crate::store::{FeedbackSubmission, OrderScope, Store};

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

struct DemoVenue {
    venue: VenueRef,
    tz: Tz,
    menu: &'static [&'static [(&'static str, u32)]],
}

const HELSINKI_MENU: &[&[(&str, u32)]] = &[
    &[("Korvapuusti", 2)],
    &[("Lounaslaatikko: lohikeitto", 1)],
    &[("Karjalanpiirakka", 4), ("Munavoi", 1)],
    &[("Yllätyskassi", 1)],
    &[("Mustikkapiirakka", 1), ("Suodatinkahvi", 1)],
];

const STOCKHOLM_MENU: &[&[(&str, u32)]] = &[
    &[("Kanelbulle", 2)],
    &[("Räksmörgås", 1)],
    &[("Överraskningspåse", 1)],
    &[("Kardemummabulle", 3)],
    &[("Lunchlåda: köttbullar", 1), ("Lingondricka", 1)],
];

/// Earlier ratings by other customers: (days ago, rating, aspects, comment).
type PastRating = (u64, Rating, &'static [Aspect], Option<&'static str>);

const HELSINKI_PAST: &[PastRating] = &[
    (
        1,
        Rating::Good,
        &[Aspect::Taste, Aspect::Size],
        Some("Korvapuustit olivat vielä lämpimiä!"),
    ),
    (3, Rating::Good, &[Aspect::Price], None),
    (
        5,
        Rating::Ok,
        &[Aspect::Description],
        Some("Laatikossa oli eri keitto kuin kuvauksessa."),
    ),
    (
        8,
        Rating::Good,
        &[Aspect::Service, Aspect::Taste],
        Some("Ystävällinen palvelu."),
    ),
    (
        12,
        Rating::Bad,
        &[Aspect::Size],
        Some("Todella pieni annos hintaan nähden."),
    ),
    (17, Rating::Good, &[], None),
    (
        24,
        Rating::Good,
        &[Aspect::Taste],
        Some("Paras karjalanpiirakka Helsingissä."),
    ),
    (33, Rating::Ok, &[Aspect::Price], None),
    (46, Rating::Good, &[Aspect::Size, Aspect::Price], None),
    (
        57,
        Rating::Good,
        &[Aspect::Service],
        Some("Great staff, quick pickup."),
    ),
    // Older than two months: no longer counted nor listed (R13).
    (
        66,
        Rating::Bad,
        &[Aspect::Service],
        Some("Kahvila oli kiinni kun tulin."),
    ),
    (80, Rating::Bad, &[Aspect::Taste], None),
];

const STOCKHOLM_PAST: &[PastRating] = &[
    (
        4,
        Rating::Good,
        &[Aspect::Taste],
        Some("Fantastisk kanelbulle."),
    ),
    (19, Rating::Ok, &[Aspect::Size], None),
];

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

    // Other customers' earlier ratings (Helsinki ends up public, Stockholm not).
    for (venue, past) in [(&venues[0], HELSINKI_PAST), (&venues[1], STOCKHOLM_PAST)] {
        for (i, (days_ago, rating, aspects, comment)) in past.iter().enumerate() {
            let day = local_day(now, venue.tz, *days_ago);
            let id = format!("demo-{}-past-{:02}", short(venue), i + 1);
            let customer = format!("demo-guest-{:02}", i + 1);
            seeder
                .order(
                    &id,
                    venue,
                    &customer,
                    i,
                    at(venue.tz, day, 15, 0),
                    Duration::hours(1),
                )
                .await?;
            seeder
                .mark(&id, at(venue.tz, day, 15, 20), PickupMarkedBy::Venue)
                .await?;
            let feedback = SubmitFeedback {
                rating: *rating,
                aspects: aspects.to_vec(),
                comment: comment.map(str::to_owned),
            };
            seeder
                .rate(&id, &customer, at(venue.tz, day, 19, 0), feedback)
                .await?;
        }
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

    // Already rated by the demo customer (counts towards the venues' ratings).
    for (n, (days_ago, rating, comment)) in [
        (1, Rating::Good, Some("Kiitos, tosi hyvää!")),
        (2, Rating::Ok, None),
        (3, Rating::Good, Some("Tack, mycket gott!")),
    ]
    .into_iter()
    .enumerate()
    {
        let venue = &venues[usize::from(n == 2)];
        let day = local_day(now, venue.tz, days_ago);
        let id = format!("demo-submitted-{:02}", n + 1);
        seeder
            .order(
                &id,
                venue,
                DEMO_CUSTOMER,
                n,
                at(venue.tz, day, 12, 0),
                Duration::hours(1),
            )
            .await?;
        seeder
            .mark(&id, at(venue.tz, day, 12, 10), PickupMarkedBy::Customer)
            .await?;
        let feedback = SubmitFeedback {
            rating,
            aspects: vec![Aspect::Taste],
            comment: comment.map(str::to_owned),
        };
        seeder
            .rate(&id, DEMO_CUSTOMER, at(venue.tz, day, 13, 0), feedback)
            .await?;
        orders.submitted.push(id);
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
    out
}

struct Seeder<'a> {
    store: &'a Store,
    policy: &'a FeedbackPolicy,
}

impl Seeder<'_> {
    async fn order(
        &self,
        id: &str,
        venue: &DemoVenue,
        customer: &str,
        menu_item: usize,
        pickup_start: DateTime<Utc>,
        pickup_length: Duration,
    ) -> Result<(), AppError> {
        let products = venue.menu[menu_item % venue.menu.len()]
            .iter()
            .map(|(name, quantity)| Product {
                name: (*name).to_owned(),
                quantity: *quantity,
            })
            .collect();
        let request = RegisterOrder {
            order_id: id.to_owned(),
            venue: venue.venue.clone(),
            customer_id: customer.to_owned(),
            products,
            purchased_at: pickup_start - Duration::hours(3),
            pickup_window: PickupWindow {
                start: pickup_start,
                end: pickup_start + pickup_length,
            },
        };
        self.store.register_order(&request, venue.tz).await?;
        Ok(())
    }

    async fn mark(&self, id: &str, at: DateTime<Utc>, by: PickupMarkedBy) -> Result<(), AppError> {
        self.store
            .mark_picked_up(id, OrderScope::Any, at, by)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo order {id} missing")))?;
        Ok(())
    }

    async fn rate(
        &self,
        id: &str,
        customer: &str,
        now: DateTime<Utc>,
        submission: SubmitFeedback,
    ) -> Result<(), AppError> {
        let feedback = resq_core::validation::validate_feedback(&submission)?;
        let hash = request_hash(id, &submission)?;
        let key = format!("demo-seed-{id}");
        self.store
            .submit_feedback(
                FeedbackSubmission {
                    customer_id: customer,
                    order_id: id,
                    idempotency_key: &key,
                    request_hash: &hash,
                },
                |order| accept(now, self.policy, order, feedback),
            )
            .await?;
        Ok(())
    }
}

fn demo_venue(
    id: &str,
    name: &str,
    zone: &str,
    menu: &'static [&'static [(&'static str, u32)]],
) -> Result<DemoVenue, AppError> {
    Ok(DemoVenue {
        venue: VenueRef {
            id: id.to_owned(),
            name: name.to_owned(),
            time_zone: zone.to_owned(),
        },
        tz: rules::parse_time_zone(zone).ok_or_else(|| AppError::internal("demo zone"))?,
        menu,
    })
}

fn short(venue: &DemoVenue) -> &str {
    venue.venue.id.trim_start_matches("venue-")
}

/// The venue-local date `days_ago` days before today.
fn local_day(now: DateTime<Utc>, tz: Tz, days_ago: u64) -> NaiveDate {
    let today = rules::local_date(now, tz);
    today.checked_sub_days(Days::new(days_ago)).unwrap_or(today)
}

/// A venue-local wall-clock time on `day` (the earlier one if it repeats).
fn at(tz: Tz, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| rules::start_of_local_day(day, tz) + Duration::hours(i64::from(hour)))
}
