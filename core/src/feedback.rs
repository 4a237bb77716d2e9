//! Ratings, follow-up aspects and the feedback state of an order (R2–R4).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// R2: one of three ratings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Good,
    Ok,
    Bad,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Good, Rating::Ok, Rating::Bad];

    /// The stable wire name (`good`, `ok`, `bad`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Good => "good",
            Rating::Ok => "ok",
            Rating::Bad => "bad",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// R3: the follow-up question asked after this rating.
    pub fn follow_up(self) -> FollowUp {
        match self {
            Rating::Good => FollowUp::EspeciallyGood,
            Rating::Ok => FollowUp::CouldBeBetter,
            Rating::Bad => FollowUp::WentWrong,
        }
    }
}

/// R3: the rating-dependent follow-up question. Its wording lives in the
/// locale files; this names which question it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUp {
    /// Good: "What was especially good?" ("Mikä oli erityisen hyvää?")
    EspeciallyGood,
    /// OK: "What could have been better?"
    CouldBeBetter,
    /// Bad: "What went wrong?"
    WentWrong,
}

/// R3: the aspects a follow-up answer can pick (the seed's five).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Size,
    Price,
    Service,
    Description,
    Taste,
}

impl Aspect {
    /// In the seed's order: Koko, Hinta, Palvelu, Kuvaus, Maku.
    pub const ALL: [Aspect; 5] = [
        Aspect::Size,
        Aspect::Price,
        Aspect::Service,
        Aspect::Description,
        Aspect::Taste,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Size => "size",
            Aspect::Price => "price",
            Aspect::Service => "service",
            Aspect::Description => "description",
            Aspect::Taste => "taste",
        }
    }

    pub fn parse(s: &str) -> Option<Aspect> {
        Aspect::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What a customer gave: the rating, the aspects picked in the follow-up, and
/// the optional comment (R2–R4). Already validated when it is this type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub rating: Rating,
    pub aspects: Vec<Aspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The feedback state of one order, as the widget renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FeedbackState {
    /// R1: not open yet; it opens at `opens_at` at the latest (earlier if the
    /// order is marked picked up first).
    NotOpen { opens_at: DateTime<Utc> },
    /// Open for feedback until `closes_at`.
    Open { closes_at: DateTime<Utc> },
    /// R2: feedback was given; one per order.
    Submitted { feedback: Feedback },
    /// The feedback period ended without feedback.
    Closed { closed_at: DateTime<Utc> },
}

impl FeedbackState {
    /// The wire name of the state (`not_open`, `open`, `submitted`, `closed`).
    pub fn name(&self) -> &'static str {
        match self {
            FeedbackState::NotOpen { .. } => "not_open",
            FeedbackState::Open { .. } => "open",
            FeedbackState::Submitted { .. } => "submitted",
            FeedbackState::Closed { .. } => "closed",
        }
    }
}
