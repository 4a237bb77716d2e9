//! Input validation (R3, R4): what a customer may send, with one clear error
//! per field. The widget runs the same checks before sending.

use crate::api::SubmitFeedback;
use crate::{Aspect, ErrorCode, Feedback};

/// R4: the longest comment, in Unicode scalar values (Rust `char`s), after trimming.
pub const COMMENT_MAX_CHARS: usize = 1000;

/// A refused field: which one, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub code: ErrorCode,
}

/// R4: normalizes a comment: line breaks become `\n`, surrounding white space
/// is trimmed, and an empty comment is no comment. Refuses one over
/// [`COMMENT_MAX_CHARS`] or with a control character other than a newline.
pub fn normalize_comment(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = unified.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError {
            field: "comment",
            code: ErrorCode::CommentControlCharacter,
        });
    }
    if comment_length(trimmed) > COMMENT_MAX_CHARS {
        return Err(FieldError {
            field: "comment",
            code: ErrorCode::CommentTooLong,
        });
    }
    Ok(Some(trimmed.to_owned()))
}

/// The length of a comment as counted against [`COMMENT_MAX_CHARS`] (what the
/// widget's live counter shows): scalar values after normalizing line breaks
/// and trimming.
pub fn comment_length(comment: &str) -> usize {
    let unified = comment.replace("\r\n", "\n");
    unified.trim().chars().count()
}

/// R3: each aspect at most once.
pub fn check_aspects(aspects: &[Aspect]) -> Result<(), FieldError> {
    for (i, a) in aspects.iter().enumerate() {
        if aspects[..i].contains(a) {
            return Err(FieldError {
                field: "aspects",
                code: ErrorCode::AspectsDuplicate,
            });
        }
    }
    Ok(())
}

/// Validates a submission into the feedback that is stored.
pub fn validate_feedback(submission: &SubmitFeedback) -> Result<Feedback, FieldError> {
    check_aspects(&submission.aspects)?;
    let comment = normalize_comment(submission.comment.as_deref())?;
    Ok(Feedback {
        rating: submission.rating,
        aspects: submission.aspects.clone(),
        comment,
    })
}

/// Identifiers from the marketplace (order, venue, customer ids): 1–64 of
/// ASCII letters, digits, `-`, `_`, `.`.
pub fn is_valid_identifier(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rating;

    #[test]
    fn an_empty_or_blank_comment_is_no_comment() {
        assert_eq!(normalize_comment(None), Ok(None));
        assert_eq!(normalize_comment(Some("")), Ok(None));
        assert_eq!(normalize_comment(Some("  \n\t ")), Ok(None));
    }

    #[test]
    fn a_comment_is_trimmed_and_keeps_inner_newlines() {
        assert_eq!(
            normalize_comment(Some("  Hyvää!\r\nKiitos  ")),
            Ok(Some("Hyvää!\nKiitos".to_owned()))
        );
    }

    #[test]
    fn the_limit_counts_unicode_scalar_values_not_bytes() {
        let at_limit = "ä".repeat(COMMENT_MAX_CHARS);
        assert_eq!(
            normalize_comment(Some(&at_limit)),
            Ok(Some(at_limit.clone()))
        );
        let over = "ä".repeat(COMMENT_MAX_CHARS + 1);
        assert_eq!(
            normalize_comment(Some(&over)),
            Err(FieldError {
                field: "comment",
                code: ErrorCode::CommentTooLong
            })
        );
        // Surrounding white space does not count.
        let padded = format!("   {at_limit}\n\n");
        assert!(normalize_comment(Some(&padded)).is_ok());
        assert_eq!(comment_length(&padded), COMMENT_MAX_CHARS);
    }

    #[test]
    fn control_characters_other_than_newline_are_refused() {
        for bad in [
            "a\u{0}b",
            "tab\there",
            "bell\u{7}",
            "esc\u{1b}[0m",
            "del\u{7f}",
        ] {
            assert_eq!(
                normalize_comment(Some(bad)),
                Err(FieldError {
                    field: "comment",
                    code: ErrorCode::CommentControlCharacter
                }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn emoji_html_and_bidi_text_are_kept_as_text() {
        for ok in [
            "🍕👍",
            "<script>alert(1)</script>",
            "\u{202e}txet",
            "e\u{301}",
        ] {
            assert_eq!(normalize_comment(Some(ok)), Ok(Some(ok.to_owned())));
        }
    }

    #[test]
    fn aspects_must_be_unique() {
        assert!(check_aspects(&[]).is_ok());
        assert!(check_aspects(&Aspect::ALL).is_ok());
        assert_eq!(
            check_aspects(&[Aspect::Taste, Aspect::Price, Aspect::Taste]),
            Err(FieldError {
                field: "aspects",
                code: ErrorCode::AspectsDuplicate
            })
        );
    }

    #[test]
    fn a_submission_validates_into_feedback() {
        let s = SubmitFeedback {
            rating: Rating::Good,
            aspects: vec![Aspect::Size, Aspect::Taste],
            comment: Some(" Maukasta ".into()),
        };
        assert_eq!(
            validate_feedback(&s),
            Ok(Feedback {
                rating: Rating::Good,
                aspects: vec![Aspect::Size, Aspect::Taste],
                comment: Some("Maukasta".into())
            })
        );
    }

    #[test]
    fn identifiers() {
        assert!(is_valid_identifier("order-1.A_b"));
        assert!(!is_valid_identifier(""));
        assert!(!is_valid_identifier(&"a".repeat(65)));
        assert!(!is_valid_identifier("a b"));
        assert!(!is_valid_identifier("ä"));
    }
}
