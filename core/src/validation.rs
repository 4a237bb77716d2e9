//! Input validation (R3, R4): what a customer may send, with one clear error
//! per field. The widget runs the same checks before sending.

#[cfg(feature = "rules")]
use crate::api::RegisterOrder;
use crate::api::SubmitFeedback;
use crate::{Aspect, ErrorCode, Feedback};

/// The longest product name accepted from the marketplace, in characters.
pub const PRODUCT_NAME_MAX_CHARS: usize = 200;
/// The longest venue name accepted from the marketplace, in characters.
pub const VENUE_NAME_MAX_CHARS: usize = 200;
/// The longest pickup window accepted, in hours.
pub const PICKUP_WINDOW_MAX_HOURS: i64 = 24;

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
    normalize_text(
        raw,
        TextRules {
            field: "comment",
            max_chars: COMMENT_MAX_CHARS,
            too_long: ErrorCode::CommentTooLong,
            control_character: ErrorCode::CommentControlCharacter,
        },
    )
}

/// How one free-text field is checked: its name, its limit, and the codes of
/// its two refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRules {
    pub field: &'static str,
    pub max_chars: usize,
    pub too_long: ErrorCode,
    pub control_character: ErrorCode,
}

/// The comment rules (R4) for any free text: line breaks become `\n`,
/// surrounding white space is trimmed, empty text is no text; a control
/// character other than a newline, or more than `max_chars` scalar values,
/// is refused.
pub fn normalize_text(raw: Option<&str>, rules: TextRules) -> Result<Option<String>, FieldError> {
    let Some(raw) = raw else { return Ok(None) };
    let unified = raw.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = unified.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError {
            field: rules.field,
            code: rules.control_character,
        });
    }
    if comment_length(trimmed) > rules.max_chars {
        return Err(FieldError {
            field: rules.field,
            code: rules.too_long,
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

/// A refused order registration: the code and the path of the field
/// (`products[1]`), which may be indexed and so is owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidOrder {
    pub code: ErrorCode,
    pub field: String,
}

#[cfg(feature = "rules")]
impl InvalidOrder {
    fn at(code: ErrorCode, field: impl Into<String>) -> InvalidOrder {
        InvalidOrder {
            code,
            field: field.into(),
        }
    }
}

/// Validates an order from the marketplace: identifiers, venue name, IANA
/// time zone, at least one named product with a positive quantity, and a
/// pickup window that ends after it starts and lasts at most a day. Returns
/// the venue's time zone.
#[cfg(feature = "rules")]
pub fn validate_order(order: &RegisterOrder) -> Result<chrono_tz::Tz, InvalidOrder> {
    for (field, id) in [
        ("order_id", &order.order_id),
        ("venue.id", &order.venue.id),
        ("customer_id", &order.customer_id),
    ] {
        if !is_valid_identifier(id) {
            return Err(InvalidOrder::at(ErrorCode::InvalidIdentifier, field));
        }
    }
    let name = order.venue.name.trim();
    if !is_plain_name(name, VENUE_NAME_MAX_CHARS) {
        return Err(InvalidOrder::at(ErrorCode::InvalidField, "venue.name"));
    }
    let time_zone = crate::rules::parse_time_zone(&order.venue.time_zone)
        .ok_or_else(|| InvalidOrder::at(ErrorCode::InvalidTimeZone, "venue.time_zone"))?;
    if order.products.is_empty() {
        return Err(InvalidOrder::at(ErrorCode::InvalidProducts, "products"));
    }
    for (i, product) in order.products.iter().enumerate() {
        if product.quantity < 1 || !is_plain_name(product.name.trim(), PRODUCT_NAME_MAX_CHARS) {
            return Err(InvalidOrder::at(
                ErrorCode::InvalidProducts,
                format!("products[{i}]"),
            ));
        }
    }
    let window = order.pickup_window;
    if window.end <= window.start
        || window.end - window.start > chrono::Duration::hours(PICKUP_WINDOW_MAX_HOURS)
    {
        return Err(InvalidOrder::at(
            ErrorCode::InvalidPickupWindow,
            "pickup_window",
        ));
    }
    Ok(time_zone)
}

/// A venue or product name: 1 to `max_chars` characters, none of them a
/// control character (names are shown on one line, in every UI).
#[cfg(feature = "rules")]
fn is_plain_name(name: &str, max_chars: usize) -> bool {
    !name.is_empty() && name.chars().count() <= max_chars && !name.chars().any(char::is_control)
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

    #[cfg(feature = "rules")]
    fn an_order() -> RegisterOrder {
        serde_json::from_value(serde_json::json!({
            "order_id": "o-1",
            "venue": { "id": "venue-1", "name": "Kahvila", "time_zone": "Europe/Helsinki" },
            "customer_id": "c-1",
            "products": [{ "name": "Lounas", "quantity": 1 }],
            "purchased_at": "2026-03-10T09:00:00Z",
            "pickup_window": { "start": "2026-03-10T14:00:00Z", "end": "2026-03-10T16:00:00Z" }
        }))
        .unwrap()
    }

    #[cfg(feature = "rules")]
    #[test]
    fn an_order_names_the_field_it_is_refused_for() {
        assert_eq!(
            validate_order(&an_order()).map(|tz| tz.name()),
            Ok("Europe/Helsinki")
        );
        let refused = |change: &dyn Fn(&mut RegisterOrder)| {
            let mut o = an_order();
            change(&mut o);
            validate_order(&o).map(|_| ()).unwrap_err()
        };
        assert_eq!(
            refused(&|o| o.customer_id = "a b".into()).field,
            "customer_id"
        );
        assert_eq!(refused(&|o| o.venue.name = "  ".into()).field, "venue.name");
        assert_eq!(
            refused(&|o| o.venue.name = "Kahvila\u{0}".into()).field,
            "venue.name"
        );
        assert_eq!(
            refused(&|o| o.products[0].name = "\u{1b}[2JLounas".into()),
            InvalidOrder::at(ErrorCode::InvalidProducts, "products[0]")
        );
        assert_eq!(
            refused(&|o| o.venue.time_zone = "Mars/Olympus".into()).code,
            ErrorCode::InvalidTimeZone
        );
        assert_eq!(refused(&|o| o.products.clear()).field, "products");
        assert_eq!(
            refused(&|o| o.products.push(crate::Product {
                name: "X".into(),
                quantity: 0
            })),
            InvalidOrder::at(ErrorCode::InvalidProducts, "products[1]")
        );
        let day_and_a_second = |o: &mut RegisterOrder| {
            o.pickup_window.end = o.pickup_window.start + chrono::Duration::seconds(24 * 3600 + 1)
        };
        assert_eq!(
            refused(&day_and_a_second).code,
            ErrorCode::InvalidPickupWindow
        );
        assert_eq!(
            refused(&|o| o.pickup_window.end = o.pickup_window.start).code,
            ErrorCode::InvalidPickupWindow
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
