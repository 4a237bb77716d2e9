//! What the widget shows and what the customer has entered so far: plain
//! types with methods; the components hold them in signals.

use resq_core::api::SubmitFeedback;
use resq_core::validation::{self, COMMENT_MAX_CHARS, FieldError};
use resq_core::{Aspect, ErrorCode, Feedback, Rating};

use crate::i18n::{Key, error_key};

/// The widget's view of the order (its `data-state`).
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    /// No answer from the server (or a 5xx): a message and a retry.
    Unreachable(Key),
    /// The server refused to show the order (401/403/404, bad answer).
    Error(Key),
    /// R1: opens at `opens_at` (ms since the epoch) at the latest.
    NotOpen {
        opens_at: f64,
    },
    /// The form: rating, then details.
    Open,
    /// Feedback was given earlier (R2: one per order).
    Submitted(Feedback),
    /// The feedback period ended at `closed_at` (ms since the epoch).
    Closed {
        closed_at: f64,
    },
    /// Feedback was just sent from this form.
    Thanks(Feedback),
}

impl Phase {
    /// The `data-state` attribute value (a stable hook for tests).
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Loading => "loading",
            Phase::Unreachable(_) => "unreachable",
            Phase::Error(_) => "error",
            Phase::NotOpen { .. } => "not_open",
            Phase::Open => "open",
            Phase::Submitted(_) => "submitted",
            Phase::Closed { .. } => "closed",
            Phase::Thanks(_) => "thanks",
        }
    }
}

/// The step of the open form (its `data-step`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Rating,
    Details,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::Rating => "rating",
            Step::Details => "details",
        }
    }
}

/// Where the sending of the form is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sending {
    Idle,
    /// A request is in flight.
    InFlight,
    /// The network failed; the submission waits in the outbox.
    SavedOffline,
    /// The server asked us to wait (429, or 503 while its storage is
    /// down); sent again after the seconds. The key says why.
    RetryIn(u32, Key),
}

/// The form as the customer has filled it in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub rating: Option<Rating>,
    /// The picked aspects, once each, in the seed's order.
    pub aspects: Vec<Aspect>,
    pub comment: String,
}

impl Draft {
    /// Chooses a rating. The follow-up question depends on it (R3), so the
    /// aspects picked for another rating's question are dropped.
    pub fn choose(&mut self, rating: Rating) {
        if self.rating != Some(rating) {
            self.aspects.clear();
        }
        self.rating = Some(rating);
    }

    pub fn toggle(&mut self, aspect: Aspect) {
        let on = !self.has(aspect);
        self.aspects = in_seed_order(|a| if a == aspect { on } else { self.has(a) });
    }

    pub fn has(&self, aspect: Aspect) -> bool {
        self.aspects.contains(&aspect)
    }

    /// R4: the length the live counter shows, as `core` counts it.
    pub fn comment_length(&self) -> usize {
        validation::comment_length(&self.comment)
    }

    pub fn comment_too_long(&self) -> bool {
        self.comment_length() > COMMENT_MAX_CHARS
    }

    /// The request body, checked by `core`'s rules; `None` rating means the
    /// form is not ready (the rating step guards that).
    pub fn submission(&self) -> Option<Result<SubmitFeedback, FieldError>> {
        let rating = self.rating?;
        let checked = validation::check_aspects(&self.aspects)
            .and_then(|()| validation::normalize_comment(Some(&self.comment)));
        Some(checked.map(|comment| SubmitFeedback {
            rating,
            aspects: self.aspects.clone(),
            comment,
        }))
    }

    /// The form as a stored submission had it (resuming from the outbox).
    pub fn from_submission(submission: SubmitFeedback) -> Draft {
        Draft {
            rating: Some(submission.rating),
            aspects: in_seed_order(|a| submission.aspects.contains(&a)),
            comment: submission.comment.unwrap_or_default(),
        }
    }
}

/// The aspects for which `picked` holds, once each, in the seed's order.
fn in_seed_order(picked: impl Fn(Aspect) -> bool) -> Vec<Aspect> {
    Aspect::ALL.into_iter().filter(|a| picked(*a)).collect()
}

/// Errors shown next to their field, or for the whole form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors {
    pub comment: Option<Key>,
    pub aspects: Option<Key>,
    pub form: Option<Key>,
}

impl FieldErrors {
    /// Puts an error at the field it is about.
    pub fn set(&mut self, field: Option<&str>, code: ErrorCode) {
        let key = Some(error_key(code));
        match field {
            Some("comment") => self.comment = key,
            Some("aspects") => self.aspects = key,
            _ => self.form = key,
        }
    }

    /// The first error, in the order of the form.
    pub fn first(&self) -> Option<Key> {
        self.aspects.or(self.comment).or(self.form)
    }
}
