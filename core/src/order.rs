//! Orders as the feedback system knows them: venue, products, purchase and
//! pickup times, and who marked the order picked up.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One purchased product line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::product_name))]
    pub name: String,
    #[serde(deserialize_with = "crate::api::whole_u32")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::quantity))]
    pub quantity: u32,
}

/// The time window in which the customer is to pick the order up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PickupWindow {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Who marked an order picked up (R1: the venue or the customer; the
/// marketplace backend may also report it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PickupMarkedBy {
    Venue,
    Customer,
    Marketplace,
}

impl PickupMarkedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            PickupMarkedBy::Venue => "venue",
            PickupMarkedBy::Customer => "customer",
            PickupMarkedBy::Marketplace => "marketplace",
        }
    }

    pub fn parse(s: &str) -> Option<PickupMarkedBy> {
        [Self::Venue, Self::Customer, Self::Marketplace]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// The pickup mark: when, and by whom. The first mark wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickupMark {
    pub at: DateTime<Utc>,
    pub by: PickupMarkedBy,
}

/// R9: what went wrong with an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    WrongProduct,
    NotAvailable,
    VenueClosed,
    Other,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 4] = [
        ProblemKind::WrongProduct,
        ProblemKind::NotAvailable,
        ProblemKind::VenueClosed,
        ProblemKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::WrongProduct => "wrong_product",
            ProblemKind::NotAvailable => "not_available",
            ProblemKind::VenueClosed => "venue_closed",
            ProblemKind::Other => "other",
        }
    }
}
