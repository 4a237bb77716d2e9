//! Writes demo orders through the store, with the same rules as the API.

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use resq_core::api::{RegisterOrder, SubmitFeedback};
use resq_core::order::PickupMarkedBy;
use resq_core::rules::{self, FeedbackPolicy};
use resq_core::{PickupWindow, Product};

use super::catalogue::DemoVenue;
use crate::http::error::AppError;
use crate::http::feedback::{accept, request_hash};
use crate::store::{FeedbackSubmission, OrderScope, Store};

/// An order rated in the past.
pub(super) struct PastOrder {
    pub(super) id: String,
    pub(super) venue: usize,
    pub(super) customer: String,
    pub(super) days_ago: u64,
    pub(super) hour: u32,
    pub(super) menu_item: usize,
    pub(super) feedback: SubmitFeedback,
}

pub(super) struct Seeder<'a> {
    pub(super) store: &'a Store,
    pub(super) policy: &'a FeedbackPolicy,
}

impl Seeder<'_> {
    pub(super) async fn order(
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

    pub(super) async fn mark(
        &self,
        id: &str,
        at: DateTime<Utc>,
        by: PickupMarkedBy,
    ) -> Result<(), AppError> {
        self.store
            .mark_picked_up(id, OrderScope::Any, at, by)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo order {id} missing")))?;
        Ok(())
    }

    pub(super) async fn rate(
        &self,
        id: &str,
        customer: &str,
        now: DateTime<Utc>,
        submission: SubmitFeedback,
    ) -> Result<(), AppError> {
        let feedback = resq_core::validation::validate_feedback(&submission)?;
        let hash = request_hash(id, &submission)?;
        let key = format!("demo-seed-{id}");
        let policy = *self.policy;
        self.store
            .submit_feedback(
                FeedbackSubmission {
                    customer_id: customer,
                    order_id: id,
                    idempotency_key: &key,
                    request_hash: &hash,
                },
                move |order| accept(now, &policy, order, feedback),
            )
            .await?;
        Ok(())
    }
}

/// The venue-local date `days_ago` days before today.
pub(super) fn local_day(now: DateTime<Utc>, tz: Tz, days_ago: u64) -> NaiveDate {
    let today = rules::local_date(now, tz);
    today.checked_sub_days(Days::new(days_ago)).unwrap_or(today)
}

/// A venue-local wall-clock time on `day` (the earlier one if it repeats).
pub(super) fn at(tz: Tz, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = day.and_hms_opt(hour, minute, 0).unwrap_or_default();
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| rules::start_of_local_day(day, tz) + Duration::hours(i64::from(hour)))
}
