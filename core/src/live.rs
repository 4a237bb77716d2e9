//! Live events (R5, R10): what the server pushes to a venue's Feedback page
//! and to the service console over SSE.
//!
//! On the wire every event is `id: <increasing number>`, `event: <kind>` and
//! `data: <JSON payload>`. Payloads are anonymous (R7): the same shapes the
//! partner API answers with, never a customer id, an order id or an exact
//! submission time.

use serde::{Deserialize, Serialize};

/// What happened. The SSE `event:` field is [`LiveEventKind::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LiveEventKind {
    /// A customer gave feedback; the payload is a
    /// [`PartnerReview`](crate::api::PartnerReview).
    ReviewSubmitted,
    /// A problem report was opened or changed (R9, R10); the payload is the
    /// venue's anonymous view of the report.
    ReportChanged,
    /// A venue asked ResQ to contact a customer, or staff marked such a
    /// request handled (R7; staff only); the payload is a
    /// [`ContactRequestChange`](crate::contact::ContactRequestChange).
    ContactRequestChanged,
}

impl LiveEventKind {
    pub const ALL: [LiveEventKind; 3] = [
        LiveEventKind::ReviewSubmitted,
        LiveEventKind::ReportChanged,
        LiveEventKind::ContactRequestChanged,
    ];

    /// The stable wire name (the SSE `event:` field).
    pub fn as_str(self) -> &'static str {
        match self {
            LiveEventKind::ReviewSubmitted => "review_submitted",
            LiveEventKind::ReportChanged => "report_changed",
            LiveEventKind::ContactRequestChanged => "contact_request_changed",
        }
    }

    pub fn parse(s: &str) -> Option<LiveEventKind> {
        LiveEventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_wire_names() {
        for kind in LiveEventKind::ALL {
            assert_eq!(LiveEventKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(LiveEventKind::parse("review"), None);
    }
}
