//! Problem reports (R9, R10): what a customer reports about an order, the
//! conversation with customer service, and how it was resolved.
//!
//! - [`status`]: the report's status machine (received → needs_info →
//!   received on the customer's reply → resolved; reopen → received).
//! - [`input`]: what a customer or staff member may send (description,
//!   messages, resolution, photos), with one clear error per field.
//! - [`wire`]: the request and response bodies of the report endpoints
//!   (re-exported from [`crate::api`]).
//!
//! The time limit (from purchase until the end of the 14th day after the
//! pickup day) needs the time-zone database and lives in
//! `rules::report`.

pub mod input;
pub mod status;
pub mod wire;

use serde::{Deserialize, Serialize};

pub use input::{
    CREDITS_MAX_CENTS, PHOTO_MAX_BYTES, PHOTOS_PER_REPORT, PhotoType, REFUND_MAX_CENTS,
    REPORT_TEXT_MAX_CHARS, sniff_photo, validate_description, validate_message, validate_note,
    validate_resolution,
};
pub use status::{ReportEvent, TransitionRefusal, next_status};

/// Where a problem report stands (R10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Waiting for customer service.
    Received,
    /// Customer service asked the customer for more information.
    NeedsInfo,
    /// Customer service resolved it (refund, credits or other).
    Resolved,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 3] = [
        ReportStatus::Received,
        ReportStatus::NeedsInfo,
        ReportStatus::Resolved,
    ];

    /// The stable wire name (`received`, `needs_info`, `resolved`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Received => "received",
            ReportStatus::NeedsInfo => "needs_info",
            ReportStatus::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Open reports count against "one open report per order".
    pub fn is_open(self) -> bool {
        self != ReportStatus::Resolved
    }
}

/// Who wrote a message in a report's thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageAuthor {
    Customer,
    Staff,
}

impl MessageAuthor {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageAuthor::Customer => "customer",
            MessageAuthor::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<MessageAuthor> {
        [MessageAuthor::Customer, MessageAuthor::Staff]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// R10: how customer service resolved a report. Amounts are in euro cents.
/// Already validated when it is this type (see [`validate_resolution`]).
/// Its schema is written out in [`crate::schema`] (bounds per kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Resolution {
    /// Money back to the customer's payment method.
    Refund {
        #[serde(deserialize_with = "crate::api::whole_u32")]
        amount_cents: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Free ResQ credits for the next purchases.
    Credits {
        #[serde(deserialize_with = "crate::api::whole_u32")]
        amount_cents: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Anything else it took; the note says what.
    Other { note: String },
}

impl Resolution {
    /// The wire name of the kind (`refund`, `credits`, `other`).
    pub fn kind(&self) -> &'static str {
        match self {
            Resolution::Refund { .. } => "refund",
            Resolution::Credits { .. } => "credits",
            Resolution::Other { .. } => "other",
        }
    }

    pub fn amount_cents(&self) -> Option<u32> {
        match self {
            Resolution::Refund { amount_cents, .. } | Resolution::Credits { amount_cents, .. } => {
                Some(*amount_cents)
            }
            Resolution::Other { .. } => None,
        }
    }

    pub fn note(&self) -> Option<&str> {
        match self {
            Resolution::Refund { note, .. } | Resolution::Credits { note, .. } => note.as_deref(),
            Resolution::Other { note } => Some(note),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_only_resolved_is_closed() {
        for s in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert!(ReportStatus::Received.is_open());
        assert!(ReportStatus::NeedsInfo.is_open());
        assert!(!ReportStatus::Resolved.is_open());
    }

    #[test]
    fn a_resolution_is_tagged_by_kind() {
        let r: Resolution =
            serde_json::from_str(r#"{"kind":"credits","amount_cents":500}"#).unwrap();
        assert_eq!(
            r,
            Resolution::Credits {
                amount_cents: 500,
                note: None
            }
        );
        assert_eq!(r.kind(), "credits");
        assert_eq!(r.amount_cents(), Some(500));
        let other: Resolution = serde_json::from_str(r#"{"kind":"other","note":"x"}"#).unwrap();
        assert_eq!(other.amount_cents(), None);
        assert_eq!(other.note(), Some("x"));
        assert!(
            serde_json::from_str::<Resolution>(r#"{"kind":"other","note":"x","extra":1}"#).is_err()
        );
        assert!(serde_json::from_str::<Resolution>(r#"{"kind":"gift"}"#).is_err());
    }
}
