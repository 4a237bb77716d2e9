//! "Ask ResQ to contact this customer" (R7): a venue writes to customer
//! service about one of its reviews or problem reports; staff see who the
//! customer is, the venue never does. Staff mark each request handled.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::VenueRef;
use crate::report::ReportStatus;
use crate::validation::FieldError;
use crate::{Aspect, ProblemKind, Product, Rating};

/// Partner: the message for customer service about a review or a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestContact {
    /// 1–2000 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(schema_with = crate::schema::required_report_text)
    )]
    pub message: String,
}

/// What a contact request names: one of the venue's reviews or problem
/// reports — never the customer (R7).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ContactSubject {
    /// A review on the venue's Feedback page.
    Review { review_id: String },
    /// A problem report on the venue's Feedback page.
    Report { report_id: String },
}

/// Partner: the request as stored. It names the review or report, never
/// the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestReceipt {
    pub request_id: String,
    pub about: ContactSubject,
    pub message: String,
}

/// Where a contact request stands for customer service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactRequestStatus {
    /// Nobody has dealt with it yet.
    Open,
    /// A member of staff marked it handled.
    Handled,
}

impl ContactRequestStatus {
    pub const ALL: [ContactRequestStatus; 2] =
        [ContactRequestStatus::Open, ContactRequestStatus::Handled];

    /// The wire name (`open`, `handled`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContactRequestStatus::Open => "open",
            ContactRequestStatus::Handled => "handled",
        }
    }

    pub fn parse(s: &str) -> Option<ContactRequestStatus> {
        ContactRequestStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
    }
}

/// Staff: the review or report a request names, with what identifies it
/// on the venue's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StaffContactSubject {
    Review {
        review_id: String,
        rating: Rating,
        aspects: Vec<Aspect>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    Report {
        report_id: String,
        /// What went wrong (R9).
        problem: ProblemKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// The report's status now (R10).
        status: ReportStatus,
    },
}

/// Staff: a venue's request with everything needed to reach the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffContactRequest {
    pub request_id: String,
    pub venue: VenueRef,
    /// The review or report the venue wrote about.
    pub about: StaffContactSubject,
    pub order_id: String,
    /// The customer to contact (staff only, R7).
    pub customer_id: String,
    pub purchase_date: NaiveDate,
    pub products: Vec<Product>,
    /// The venue's message.
    pub message: String,
    pub requested_at: DateTime<Utc>,
    pub status: ContactRequestStatus,
    /// When it was marked handled (while handled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled_at: Option<DateTime<Utc>>,
    /// Who marked it handled: the staff token's subject (while handled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handled_by: Option<String>,
}

/// The staff live event `contact_request_changed`: a request arrived or was
/// marked handled. Anonymous like every live payload (no customer, no
/// order); the console reloads the list for the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestChange {
    pub request_id: String,
    pub venue_id: String,
    pub about: ContactSubject,
    pub status: ContactRequestStatus,
}

/// Staff: contact requests, open ones first, each group newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffContactRequestList {
    pub items: Vec<StaffContactRequest>,
}

/// The venue's message: the same text rules as a problem report's thread
/// (1–2000 characters, no control characters, trimmed).
pub fn validate_contact_message(raw: &str) -> Result<String, FieldError> {
    crate::report::validate_message(raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_message_is_required_and_bounded() {
        assert_eq!(
            validate_contact_message("  Kiitos palautteesta  ").unwrap(),
            "Kiitos palautteesta"
        );
        assert_eq!(
            validate_contact_message("   ").unwrap_err().code,
            ErrorCode::MessageRequired
        );
        let long = "x".repeat(2001);
        assert_eq!(
            validate_contact_message(&long).unwrap_err().code,
            ErrorCode::MessageTooLong
        );
        assert_eq!(
            validate_contact_message("a\u{7}b").unwrap_err().field,
            "message"
        );
    }

    #[test]
    fn a_request_names_a_review_or_a_report_by_kind() {
        let review = ContactSubject::Review {
            review_id: "r1".to_owned(),
        };
        let report = ContactSubject::Report {
            report_id: "p1".to_owned(),
        };
        assert_eq!(
            serde_json::to_value(&review).unwrap(),
            serde_json::json!({"kind": "review", "review_id": "r1"})
        );
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            serde_json::json!({"kind": "report", "report_id": "p1"})
        );
        for status in ContactRequestStatus::ALL {
            assert_eq!(ContactRequestStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::json!(status.as_str())
            );
        }
        assert_eq!(ContactRequestStatus::parse("all"), None);
    }
}
