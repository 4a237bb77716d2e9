//! What customers and staff may send about a problem report (R9, R10): the
//! same text rules as comments (R4), the resolution's amounts, and which
//! photos are accepted (by their bytes, not by what the sender says).

use super::Resolution;
use crate::ErrorCode;
use crate::ProblemKind;
use crate::validation::{FieldError, TextRules, normalize_text};

/// The longest description, message or note, in Unicode scalar values after
/// trimming.
pub const REPORT_TEXT_MAX_CHARS: usize = 2000;
/// The largest refund, in euro cents. Orders carry no price here, so this is
/// a sane upper bound (well above any surplus-food order), not the order's.
pub const REFUND_MAX_CENTS: u32 = 50_000;
/// The most ResQ credits one resolution gives, in euro cents.
pub const CREDITS_MAX_CENTS: u32 = 10_000;
/// The largest photo accepted, in bytes (5 MiB).
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most photos one report may carry.
pub const PHOTOS_PER_REPORT: usize = 5;

fn text_rules(field: &'static str, too_long: ErrorCode) -> TextRules {
    TextRules {
        field,
        max_chars: REPORT_TEXT_MAX_CHARS,
        too_long,
        control_character: ErrorCode::TextControlCharacter,
    }
}

/// R9: the description of a report: required (1–2000 characters) for
/// [`ProblemKind::Other`], optional for the other kinds.
pub fn validate_description(
    kind: ProblemKind,
    raw: Option<&str>,
) -> Result<Option<String>, FieldError> {
    let description = normalize_text(
        raw,
        text_rules("description", ErrorCode::DescriptionTooLong),
    )?;
    if kind == ProblemKind::Other && description.is_none() {
        return Err(FieldError {
            field: "description",
            code: ErrorCode::DescriptionRequired,
        });
    }
    Ok(description)
}

/// A message in a report's thread (a customer's reply, a staff question):
/// 1–2000 characters.
pub fn validate_message(raw: &str) -> Result<String, FieldError> {
    normalize_text(Some(raw), text_rules("message", ErrorCode::MessageTooLong))?.ok_or(FieldError {
        field: "message",
        code: ErrorCode::MessageRequired,
    })
}

/// An optional staff note (on reopening): up to 2000 characters.
pub fn validate_note(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    normalize_text(raw, text_rules("note", ErrorCode::NoteTooLong))
}

/// R10: a resolution as staff sent it, normalized: a refund of 1 cent to
/// [`REFUND_MAX_CENTS`], credits of 1 cent to [`CREDITS_MAX_CENTS`] (each
/// with an optional note), or `other` with a note saying what was done.
pub fn validate_resolution(raw: &Resolution) -> Result<Resolution, FieldError> {
    let amount = |cents: u32, max: u32| {
        if (1..=max).contains(&cents) {
            Ok(cents)
        } else {
            Err(FieldError {
                field: "amount_cents",
                code: ErrorCode::InvalidAmount,
            })
        }
    };
    Ok(match raw {
        Resolution::Refund { amount_cents, note } => Resolution::Refund {
            amount_cents: amount(*amount_cents, REFUND_MAX_CENTS)?,
            note: validate_note(note.as_deref())?,
        },
        Resolution::Credits { amount_cents, note } => Resolution::Credits {
            amount_cents: amount(*amount_cents, CREDITS_MAX_CENTS)?,
            note: validate_note(note.as_deref())?,
        },
        Resolution::Other { note } => Resolution::Other {
            note: validate_note(Some(note))?.ok_or(FieldError {
                field: "note",
                code: ErrorCode::NoteRequired,
            })?,
        },
    })
}

/// The photo formats accepted (R9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoType {
    Jpeg,
    Png,
    Webp,
}

impl PhotoType {
    pub const ALL: [PhotoType; 3] = [PhotoType::Jpeg, PhotoType::Png, PhotoType::Webp];

    pub fn mime(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "image/jpeg",
            PhotoType::Png => "image/png",
            PhotoType::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "jpg",
            PhotoType::Png => "png",
            PhotoType::Webp => "webp",
        }
    }

    /// The type a `Content-Type` value names (parameters and case ignored;
    /// `image/jpg` is taken for JPEG).
    pub fn from_mime(value: &str) -> Option<PhotoType> {
        let essence = value.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(PhotoType::Jpeg),
            "image/png" => Some(PhotoType::Png),
            "image/webp" => Some(PhotoType::Webp),
            _ => None,
        }
    }
}

/// The photo type of `bytes` by their signature, or `None` for anything else
/// (including an empty or truncated header).
pub fn sniff_photo(bytes: &[u8]) -> Option<PhotoType> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() >= 4 && bytes[..3] == [0xFF, 0xD8, 0xFF] {
        Some(PhotoType::Jpeg)
    } else if bytes.starts_with(PNG) && bytes.len() > PNG.len() {
        Some(PhotoType::Png)
    } else if bytes.len() >= 16 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(PhotoType::Webp)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn refused(field: &'static str, code: ErrorCode) -> FieldError {
        FieldError { field, code }
    }

    #[test]
    fn other_needs_a_description_the_named_kinds_do_not() {
        assert_eq!(
            validate_description(ProblemKind::Other, None),
            Err(refused("description", ErrorCode::DescriptionRequired))
        );
        assert_eq!(
            validate_description(ProblemKind::Other, Some(" \n ")),
            Err(refused("description", ErrorCode::DescriptionRequired))
        );
        assert_eq!(
            validate_description(ProblemKind::Other, Some(" Ovi oli lukossa. ")),
            Ok(Some("Ovi oli lukossa.".into()))
        );
        for kind in [
            ProblemKind::WrongProduct,
            ProblemKind::NotAvailable,
            ProblemKind::VenueClosed,
        ] {
            assert_eq!(validate_description(kind, None), Ok(None));
            assert_eq!(validate_description(kind, Some("  ")), Ok(None));
        }
    }

    #[test]
    fn report_texts_follow_the_comment_rules_with_their_own_limit() {
        let at_limit = "ö".repeat(REPORT_TEXT_MAX_CHARS);
        assert!(validate_description(ProblemKind::Other, Some(&at_limit)).is_ok());
        let over = "ö".repeat(REPORT_TEXT_MAX_CHARS + 1);
        assert_eq!(
            validate_description(ProblemKind::WrongProduct, Some(&over)),
            Err(refused("description", ErrorCode::DescriptionTooLong))
        );
        assert_eq!(
            validate_message(&over),
            Err(refused("message", ErrorCode::MessageTooLong))
        );
        assert_eq!(
            validate_note(Some(&over)),
            Err(refused("note", ErrorCode::NoteTooLong))
        );
        assert_eq!(
            validate_message("a\u{7}b"),
            Err(refused("message", ErrorCode::TextControlCharacter))
        );
        assert_eq!(
            validate_message(" \r\n "),
            Err(refused("message", ErrorCode::MessageRequired))
        );
        assert_eq!(
            validate_message("<b>Hei</b>\r\nkiitos"),
            Ok("<b>Hei</b>\nkiitos".into())
        );
    }

    #[test]
    fn refunds_and_credits_need_an_amount_within_bounds() {
        let refund = |amount_cents| Resolution::Refund {
            amount_cents,
            note: None,
        };
        let credits = |amount_cents| Resolution::Credits {
            amount_cents,
            note: Some("  Pahoittelut!  ".into()),
        };
        let bad_amount = Err(refused("amount_cents", ErrorCode::InvalidAmount));
        assert_eq!(validate_resolution(&refund(0)), bad_amount);
        assert_eq!(validate_resolution(&refund(1)), Ok(refund(1)));
        assert_eq!(
            validate_resolution(&refund(REFUND_MAX_CENTS)),
            Ok(refund(REFUND_MAX_CENTS))
        );
        assert_eq!(
            validate_resolution(&refund(REFUND_MAX_CENTS + 1)),
            bad_amount
        );
        assert_eq!(validate_resolution(&credits(0)), bad_amount);
        assert_eq!(
            validate_resolution(&credits(CREDITS_MAX_CENTS + 1)),
            bad_amount
        );
        assert_eq!(
            validate_resolution(&credits(500)),
            Ok(Resolution::Credits {
                amount_cents: 500,
                note: Some("Pahoittelut!".into())
            })
        );
    }

    #[test]
    fn other_needs_a_note() {
        assert_eq!(
            validate_resolution(&Resolution::Other { note: "  ".into() }),
            Err(refused("note", ErrorCode::NoteRequired))
        );
        assert_eq!(
            validate_resolution(&Resolution::Other {
                note: " Uusi tilaus toimitettu. ".into()
            }),
            Ok(Resolution::Other {
                note: "Uusi tilaus toimitettu.".into()
            })
        );
    }

    #[test]
    fn photos_are_recognized_by_their_bytes() {
        assert_eq!(
            sniff_photo(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(PhotoType::Jpeg)
        );
        assert_eq!(
            sniff_photo(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(PhotoType::Png)
        );
        assert_eq!(
            sniff_photo(b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0"),
            Some(PhotoType::Webp)
        );
        for not_a_photo in [
            &b""[..],
            b"\xFF\xD8",
            b"GIF89a\x01\0\x01\0",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0",
            b"%PDF-1.7",
        ] {
            assert_eq!(sniff_photo(not_a_photo), None, "{not_a_photo:?}");
        }
    }

    #[test]
    fn declared_types_are_read_leniently() {
        assert_eq!(
            PhotoType::from_mime("image/JPEG; q=1"),
            Some(PhotoType::Jpeg)
        );
        assert_eq!(PhotoType::from_mime("image/jpg"), Some(PhotoType::Jpeg));
        assert_eq!(PhotoType::from_mime("image/gif"), None);
        for t in PhotoType::ALL {
            assert_eq!(PhotoType::from_mime(t.mime()), Some(t));
        }
    }

    proptest! {
        /// An amount is accepted exactly when it is within 1..=max.
        #[test]
        fn amounts_are_accepted_exactly_within_bounds(cents in any::<u32>()) {
            let refund = validate_resolution(&Resolution::Refund { amount_cents: cents, note: None });
            prop_assert_eq!(refund.is_ok(), (1..=REFUND_MAX_CENTS).contains(&cents));
            let credits = validate_resolution(&Resolution::Credits { amount_cents: cents, note: None });
            prop_assert_eq!(credits.is_ok(), (1..=CREDITS_MAX_CENTS).contains(&cents));
        }

        /// Sniffing never panics and never accepts text that is not an image.
        #[test]
        fn sniffing_arbitrary_bytes_is_safe(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Some(t) = sniff_photo(&bytes) {
                let ok = match t {
                    PhotoType::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
                    PhotoType::Png => bytes.starts_with(b"\x89PNG"),
                    PhotoType::Webp => bytes.starts_with(b"RIFF"),
                };
                prop_assert!(ok);
            }
        }
    }
}
