//! Stable, machine-readable error codes shared by the server (which sends
//! them) and the widget (which shows a localized message for each).

use serde::{Deserialize, Serialize};

macro_rules! error_codes {
    ($($variant:ident => $code:literal, $message:literal;)*) => {
        /// Every error code the API can answer with. The wire form is the
        /// snake_case string; it never changes once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// A human message in English for developers and logs. The
            /// widget shows its own localized text keyed by the code.
            pub fn message(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $message,)*
                }
            }

            pub fn parse(code: &str) -> Option<ErrorCode> {
                ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
            }
        }
    };
}

error_codes! {
    InvalidBody => "invalid_body", "The request body is not valid JSON of the expected shape.";
    UnsupportedMediaType => "unsupported_media_type", "The request body must be application/json.";
    BodyTooLarge => "body_too_large", "The request body is too large.";
    InvalidField => "invalid_field", "A field has an invalid value.";
    CommentTooLong => "comment_too_long", "The comment is longer than 1000 characters.";
    CommentControlCharacter => "comment_control_character", "The comment contains a control character.";
    AspectsDuplicate => "aspects_duplicate", "An aspect was given more than once.";
    InvalidTimeZone => "invalid_time_zone", "The time zone is not a known IANA time zone name.";
    InvalidPickupWindow => "invalid_pickup_window", "The pickup window must end after it starts, within a day.";
    InvalidProducts => "invalid_products", "An order needs at least one product with a name and a positive quantity.";
    InvalidIdentifier => "invalid_identifier", "An identifier must be 1–64 characters of letters, digits, '-', '_' or '.'.";
    InvalidCursor => "invalid_cursor", "The pagination cursor is not valid.";
    MissingIdempotencyKey => "missing_idempotency_key", "An Idempotency-Key header is required.";
    InvalidIdempotencyKey => "invalid_idempotency_key", "The Idempotency-Key must be 1–128 visible ASCII characters.";
    IdempotencyKeyReused => "idempotency_key_reused", "This Idempotency-Key was used with a different request.";
    Unauthorized => "unauthorized", "A valid bearer token is required.";
    Forbidden => "forbidden", "This token's role may not use this endpoint.";
    NotFound => "not_found", "No such resource.";
    MethodNotAllowed => "method_not_allowed", "This method is not allowed here.";
    OrderConflict => "order_conflict", "An order with this id is already registered with different details.";
    FeedbackNotOpen => "feedback_not_open", "Feedback for this order is not open yet.";
    FeedbackClosed => "feedback_closed", "Feedback for this order has closed.";
    FeedbackAlreadySubmitted => "feedback_already_submitted", "Feedback for this order was already given.";
    ProblemReportNotOpen => "problem_report_not_open", "A problem report can be sent only after the purchase.";
    ProblemReportClosed => "problem_report_closed", "The time for reporting a problem with this order has passed.";
    ProblemReportAlreadyOpen => "problem_report_already_open", "This order already has an open problem report (see `report_id`).";
    ProblemReportResolved => "problem_report_resolved", "This problem report is resolved; staff can reopen it.";
    ProblemReportNotResolved => "problem_report_not_resolved", "Only a resolved problem report can be reopened.";
    DescriptionRequired => "description_required", "A description is required for the problem kind `other`.";
    DescriptionTooLong => "description_too_long", "The description is longer than 2000 characters.";
    MessageRequired => "message_required", "The message is empty.";
    MessageTooLong => "message_too_long", "The message is longer than 2000 characters.";
    NoteRequired => "note_required", "A note is required for the resolution `other`.";
    NoteTooLong => "note_too_long", "The note is longer than 2000 characters.";
    TextControlCharacter => "text_control_character", "The text contains a control character.";
    InvalidAmount => "invalid_amount", "The amount must be a whole number of cents within the allowed range.";
    PhotoTooLarge => "photo_too_large", "The photo is larger than 5 MiB.";
    PhotoUnsupportedType => "photo_unsupported_type", "The photo must be a JPEG, PNG or WebP image.";
    PhotoTypeMismatch => "photo_type_mismatch", "The photo's bytes are not of the declared Content-Type.";
    PhotoLimitReached => "photo_limit_reached", "This problem report already has the most photos allowed.";
    RateLimited => "rate_limited", "Too many requests; try again later.";
    HeadersTooLarge => "headers_too_large", "The request headers are too large.";
    StorageUnavailable => "storage_unavailable", "Storage is unavailable; nothing was changed. Try again later.";
    Internal => "internal", "Something went wrong on our side; nothing was changed.";
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
