//! Request and response bodies of the problem-report endpoints (R9, R10).
//! Requests refuse unknown fields. The partner's shape carries no customer
//! id, no order id and no time of day (R7): only dates the venue already sees.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{MessageAuthor, ReportStatus, Resolution};
use crate::api::VenueRef;
use crate::{PickupMark, PickupWindow, ProblemKind, Product};

/// Customer: report a problem with an order.
///
/// Its schema is written out in [`crate::schema`] (`other` needs a description).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateProblemReport {
    pub kind: ProblemKind,
    /// Required (1–2000 characters) for `other`; optional otherwise.
    #[serde(default)]
    pub description: Option<String>,
}

/// A message in a report's thread: a customer's reply or a staff question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostReportMessage {
    /// 1–2000 characters.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::required_report_text))]
    pub message: String,
}

/// Staff: reopen a resolved report, optionally saying why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReopenReport {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::optional_report_text))]
    pub note: Option<String>,
}

/// One message of a thread. Staff messages do not name the staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportMessage {
    pub author: MessageAuthor,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

/// A photo attached to a report (its bytes at the photo URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPhoto {
    /// A random id; the photo is `GET /api/v1/problem-reports/{report_id}/photos/{photo_id}`.
    pub photo_id: String,
    /// From the bytes, not from what the uploader declared.
    pub content_type: String,
    pub size_bytes: u32,
}

/// A report with its thread, as its customer and staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportThread {
    /// A random id, unrelated to the order and the customer.
    pub report_id: String,
    pub kind: ProblemKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Oldest first.
    pub messages: Vec<ReportMessage>,
    pub photos: Vec<ReportPhoto>,
    /// Present while the report is resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Whether the customer may file a report on the order now (R9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReportAvailability {
    /// Not purchased yet (the order's purchase time is in the future).
    NotOpen { opens_at: DateTime<Utc> },
    /// A report can be filed until `closes_at`.
    Open { closes_at: DateTime<Utc> },
    /// The order already has an open report: that one is the place to write.
    ReportOpen { report_id: String },
    /// The reporting period ended (14 days after the pickup day by default).
    Closed { closed_at: DateTime<Utc> },
}

/// Customer: the order's problem report (the latest one), if any, and
/// whether a new one can be filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerProblemReport {
    pub order_id: String,
    pub availability: ReportAvailability,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportThread>,
}

/// A report on the venue's Feedback page (R10): anonymous by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerReport {
    pub report_id: String,
    pub venue_id: String,
    /// The purchase date in the venue's time zone — a date, never a time.
    pub purchase_date: NaiveDate,
    pub products: Vec<Product>,
    pub kind: ProblemKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: ReportStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    pub photos: Vec<ReportPhoto>,
}

/// A venue's reports of the last two months, newest purchase first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerReportList {
    pub items: Vec<PartnerReport>,
}

/// A row of the service queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReportSummary {
    pub report_id: String,
    pub order_id: String,
    pub venue: VenueRef,
    pub kind: ProblemKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub message_count: u32,
    pub photo_count: u32,
}

/// Staff: reports matching the filters, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReportQueue {
    pub items: Vec<StaffReportSummary>,
}

/// The facts of the reported order that staff need to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffOrderFacts {
    pub order_id: String,
    pub customer_id: String,
    pub venue: VenueRef,
    pub products: Vec<Product>,
    pub purchased_at: DateTime<Utc>,
    pub pickup_window: PickupWindow,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picked_up: Option<PickupMark>,
}

/// Staff: one report with its order and thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReportDetail {
    pub order: StaffOrderFacts,
    pub report: ReportThread,
}

/// Staff: the queue at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReportCounts {
    /// Every report not resolved (received or needs_info).
    pub open: u32,
    /// Of those, waiting for the customer's answer (needs_info).
    pub waiting: u32,
    /// Resolved since the start of `day` (in the time zone asked for).
    pub resolved_today: u32,
    pub day: NaiveDate,
}
