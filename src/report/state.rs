//! What the problem-report component shows and what the customer has
//! entered: plain types with methods; the component holds them in signals.

use resq_core::report::validate_description;
use resq_core::{ErrorCode, ProblemKind};

use crate::i18n::{Key, Lang};

/// The component's view of the order (its `data-state`).
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    /// No answer from the server (or a 5xx): a message and a retry.
    Unreachable,
    /// The server refused to show the order.
    Error(Key),
    /// Not purchased yet: nothing to report.
    NotOpen,
    /// Reporting ended (ms since the epoch) and no report was filed.
    Closed {
        closed_at: f64,
    },
    /// The link "Is there a problem with this order?".
    Link,
    /// The form.
    Form,
    /// The report and its thread.
    Thread,
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Loading => "loading",
            Phase::Unreachable => "unreachable",
            Phase::Error(_) => "error",
            Phase::NotOpen => "not_open",
            Phase::Closed { .. } => "closed",
            Phase::Link => "link",
            Phase::Form => "form",
            Phase::Thread => "thread",
        }
    }
}

/// Where sending the report or a reply is (the `data-sending` hook).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sending {
    Idle,
    InFlight,
    /// The network failed; the request waits in the outbox.
    Offline,
}

impl Sending {
    pub fn name(self) -> &'static str {
        match self {
            Sending::Idle => "idle",
            Sending::InFlight => "sending",
            Sending::Offline => "offline",
        }
    }
}

/// A photo ready to send: downscaled in the browser, as JPEG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The form as the customer has filled it in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub kind: Option<ProblemKind>,
    pub description: String,
    pub photo: Option<Photo>,
}

/// Errors shown next to their field (or for the form, or the reply).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Errors {
    pub kind: Option<Key>,
    pub description: Option<Key>,
    pub photo: Option<Key>,
    pub form: Option<Key>,
    pub reply: Option<Key>,
}

impl Errors {
    /// Puts an error at the field it is about.
    pub fn set(&mut self, field: Option<&str>, code: ErrorCode) {
        let key = Some(error_key(code));
        match field {
            Some("kind") => self.kind = key,
            Some("description") => self.description = key,
            Some("message") => self.reply = key,
            _ => self.form = key,
        }
    }

    /// The first error of the form, in its order.
    pub fn first(&self) -> Option<Key> {
        self.kind.or(self.description).or(self.photo).or(self.form)
    }
}

impl Draft {
    /// R9: what can be sent, checked by `core` (a kind, and a description
    /// for "other"), or the errors to show.
    pub fn check(&self) -> Result<(ProblemKind, Option<String>), Errors> {
        let Some(kind) = self.kind else {
            return Err(Errors {
                kind: Some(Key::ReportErrKind),
                ..Errors::default()
            });
        };
        validate_description(kind, Some(&self.description))
            .map(|d| (kind, d))
            .map_err(|e| {
                let mut errors = Errors::default();
                errors.set(Some(e.field), e.code);
                errors
            })
    }
}

/// The message for an error code of the report endpoints.
pub fn error_key(code: ErrorCode) -> Key {
    match code {
        ErrorCode::DescriptionRequired => Key::ReportErrDescription,
        ErrorCode::MessageRequired => Key::ReportErrMessage,
        ErrorCode::DescriptionTooLong | ErrorCode::MessageTooLong => Key::ReportErrTooLong,
        ErrorCode::TextControlCharacter => Key::ReportErrControl,
        ErrorCode::PhotoTooLarge => Key::ReportErrPhotoLarge,
        ErrorCode::PhotoUnsupportedType | ErrorCode::PhotoTypeMismatch => Key::ReportErrPhotoType,
        ErrorCode::ProblemReportClosed => Key::ReportErrClosed,
        ErrorCode::ProblemReportResolved => Key::ReportErrResolved,
        ErrorCode::Unauthorized | ErrorCode::Forbidden => Key::ErrNotAllowed,
        ErrorCode::NotFound => Key::ErrNotFound,
        ErrorCode::StorageUnavailable | ErrorCode::Internal | ErrorCode::RateLimited => {
            Key::ErrUnavailable
        }
        _ => Key::ReportErrGeneric,
    }
}

/// An amount of euro cents as the language writes it.
pub fn euros(cents: u32, lang: Lang) -> String {
    let (whole, rest) = (cents / 100, cents % 100);
    match lang {
        Lang::En => format!("€{whole}.{rest:02}"),
        _ => format!("{whole},{rest:02}\u{a0}€"),
    }
}

/// The size of an image scaled to fit `max` pixels on its longer side
/// (never enlarged; at least one pixel).
pub fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longer = width.max(height);
    if longer <= max || longer == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = |side: u32| {
        ((u64::from(side) * u64::from(max) + u64::from(longer) / 2) / u64::from(longer)).max(1)
            as u32
    };
    (scale(width), scale(height))
}
