//! Request and response bodies of the HTTP API (`/api/v1`), shared by the
//! server and the widget. Requests refuse unknown fields.
//!
//! Partner-facing types carry no field that could hold a customer identifier
//! or an exact submission time (R7): anonymity is in the shape, not in care.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};

pub use crate::report::wire::{
    CreateProblemReport, CustomerProblemReport, PartnerReport, PartnerReportList,
    PostReportMessage, ReopenReport, ReportAvailability, ReportMessage, ReportPhoto, ReportThread,
    StaffOrderFacts, StaffReportCounts, StaffReportDetail, StaffReportQueue, StaffReportSummary,
};

use crate::{
    Aspect, ErrorCode, Feedback, FeedbackState, PickupMark, PickupWindow, Product, Rating,
};

/// The error body of every failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// With `feedback_not_open`: when feedback opens at the latest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<DateTime<Utc>>,
    /// With `problem_report_already_open`: the open report of the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
}

/// A venue as the marketplace describes it when registering an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VenueRef {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::identifier))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::venue_name))]
    pub name: String,
    /// IANA time zone name, e.g. `Europe/Helsinki`.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::time_zone))]
    pub time_zone: String,
}

/// Service to service: register an order (`POST /api/v1/orders`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterOrder {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::identifier))]
    pub order_id: String,
    pub venue: VenueRef,
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::identifier))]
    pub customer_id: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub products: Vec<Product>,
    pub purchased_at: DateTime<Utc>,
    pub pickup_window: PickupWindow,
}

/// A customer's view of one order: the summary and its feedback state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderView {
    pub order_id: String,
    pub venue: VenueRef,
    pub products: Vec<Product>,
    pub purchased_at: DateTime<Utc>,
    /// The purchase date in the venue's time zone.
    pub purchase_date: NaiveDate,
    pub pickup_window: PickupWindow,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picked_up: Option<PickupMark>,
    pub feedback: FeedbackState,
}

/// Customer: give feedback on an order (R2–R4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitFeedback {
    pub rating: Rating,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::aspects))]
    pub aspects: Vec<Aspect>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::comment))]
    pub comment: Option<String>,
}

/// The answer to an accepted feedback submission (and to its replays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackReceipt {
    pub order_id: String,
    pub feedback: Feedback,
}

/// One review on a venue's Feedback page (R8). Anonymous by construction (R7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerReview {
    /// An opaque id of the review (not the order's, not the customer's).
    pub review_id: String,
    pub venue_id: String,
    /// The purchase date in the venue's time zone — a date, never a time.
    pub purchase_date: NaiveDate,
    pub products: Vec<Product>,
    pub rating: Rating,
    pub aspects: Vec<Aspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A page of a venue's reviews, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerReviewPage {
    pub items: Vec<PartnerReview>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Counts of ratings by value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingCounts {
    pub good: u32,
    pub ok: u32,
    pub bad: u32,
}

impl RatingCounts {
    pub fn total(&self) -> u32 {
        self.good + self.ok + self.bad
    }

    pub fn add(&mut self, rating: Rating, n: u32) {
        match rating {
            Rating::Good => self.good += n,
            Rating::Ok => self.ok += n,
            Rating::Bad => self.bad += n,
        }
    }

    /// How many ratings are `rating`.
    pub fn of(&self, rating: Rating) -> u32 {
        match rating {
            Rating::Good => self.good,
            Rating::Ok => self.ok,
            Rating::Bad => self.bad,
        }
    }
}

/// Whether a venue's rating is shown (R12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PublicRatingStatus {
    Public,
    NotEnoughRatings,
}

/// Public: a venue's rating over the last two months (R12, R13). Counts are
/// present only when the status is `public`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicRating {
    pub venue_id: String,
    pub status: PublicRatingStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<RatingCounts>,
}

/// The answer to marking an order picked up (R1). It names no customer, so it
/// is safe to send to the venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupMarked {
    /// The mark in force: the first one made (later marks change nothing).
    pub picked_up: PickupMark,
    /// True when the order had been marked before this request.
    pub already_marked: bool,
}

/// JSON has one kind of number, and JSON Schema's `integer` is any number
/// with no fraction: `2`, `2.0` and `2e0` are the same whole number. Reads a
/// `u32` written any of those ways (serde alone refuses `2.0`).
pub(crate) fn whole_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    struct WholeU32;

    impl serde::de::Visitor<'_> for WholeU32 {
        type Value = u32;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number from 0 to 4294967295")
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                // Whole and in range, so the cast is exact.
                Ok(v as u32)
            } else {
                Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
            }
        }
    }

    deserializer.deserialize_any(WholeU32)
}

#[cfg(test)]
mod tests {
    use crate::Product;

    fn quantity(json: &str) -> Result<u32, String> {
        serde_json::from_str::<Product>(&format!(r#"{{"name":"Lounas","quantity":{json}}}"#))
            .map(|p| p.quantity)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_whole_number_may_be_written_with_a_fraction_or_an_exponent() {
        assert_eq!(quantity("2"), Ok(2));
        assert_eq!(quantity("2.0"), Ok(2));
        assert_eq!(quantity("2e0"), Ok(2));
        assert_eq!(quantity("4294967295.0"), Ok(u32::MAX));
    }

    #[test]
    fn fractions_negatives_and_overflow_are_refused() {
        for refused in [
            "2.5",
            "-1",
            "-1.0",
            "4294967296",
            "4294967296.0",
            "1e10",
            "\"2\"",
        ] {
            assert!(quantity(refused).is_err(), "{refused}");
        }
    }
}
