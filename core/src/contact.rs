//! "Ask ResQ to contact this customer" (R7): a venue writes to customer
//! service about one of its reviews; staff see who the customer is, the
//! venue never does.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::api::VenueRef;
use crate::validation::FieldError;
use crate::{Aspect, Product, Rating};

/// Partner: the message for customer service about a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestContact {
    /// 1–2000 characters.
    pub message: String,
}

/// Partner: the request as stored. It names the review, never the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRequestReceipt {
    pub request_id: String,
    pub review_id: String,
    pub message: String,
}

/// Staff: a venue's request with everything needed to reach the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffContactRequest {
    pub request_id: String,
    pub venue: VenueRef,
    pub review_id: String,
    pub order_id: String,
    /// The customer to contact (staff only, R7).
    pub customer_id: String,
    pub purchase_date: NaiveDate,
    pub products: Vec<Product>,
    pub rating: Rating,
    pub aspects: Vec<Aspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The venue's message.
    pub message: String,
    pub requested_at: DateTime<Utc>,
}

/// Staff: contact requests, newest first.
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
}
