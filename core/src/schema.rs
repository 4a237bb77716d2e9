//! The validation rules as JSON Schema, for the OpenAPI document: what the
//! server accepts, said exactly, so that a client (or a fuzzer) that follows
//! the document is never refused for a shape the document allows, and a
//! value the document forbids is refused.
//!
//! The text rules (R4, [`crate::validation::normalize_text`]) are patterns:
//! the server trims white space (Unicode `White_Space`, as `str::trim`) and
//! counts what is left, so a text matches when it is *white space, then at
//! most `max` characters without a refused control character, then white
//! space*. Control characters inside the surrounding white space are trimmed
//! away, hence allowed; `\r\n` counts as one character. The patterns use only
//! what ECMA-262 and Python's `re` read alike (`\uXXXX`, classes, `{m,n}`).

use std::borrow::Cow;

use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, KnownFormat, ObjectBuilder, OneOfBuilder, Schema,
    SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::ProblemKind;
use crate::api::CreateProblemReport;
use crate::report::{CREDITS_MAX_CENTS, REFUND_MAX_CENTS, REPORT_TEXT_MAX_CHARS, Resolution};
use crate::validation::{COMMENT_MAX_CHARS, PRODUCT_NAME_MAX_CHARS, VENUE_NAME_MAX_CHARS};

/// What `str::trim` removes: the Unicode `White_Space` characters.
const WHITE_SPACE: &str =
    r"\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// Every control character (general category `Cc`).
const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";
/// The control characters free text refuses: all but `\n` and `\r` (which
/// becomes `\n`).
const TEXT_CONTROL: &str = r"\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F";

/// Free text of at most `max` characters after trimming; blank text is
/// accepted (it is no text).
pub fn optional_text_pattern(max: usize) -> String {
    format!(r"^[{WHITE_SPACE}]*(?:\r\n|[^{TEXT_CONTROL}]){{0,{max}}}[{WHITE_SPACE}]*$")
}

/// Free text of 1 to `max` characters after trimming.
pub fn required_text_pattern(max: usize) -> String {
    format!(
        r"^[{WHITE_SPACE}]*[^{TEXT_CONTROL}{WHITE_SPACE}](?:\r\n|[^{TEXT_CONTROL}]){{0,{}}}[{WHITE_SPACE}]*$",
        max - 1
    )
}

/// A name shown on one line: 1 to `max` characters after trimming, none of
/// them a control character.
pub fn plain_name_pattern(max: usize) -> String {
    format!(
        r"^[{WHITE_SPACE}]*[^{CONTROL}{WHITE_SPACE}][^{CONTROL}]{{0,{}}}[{WHITE_SPACE}]*$",
        max - 1
    )
}

/// A comma-separated list of `names`, each trimmed (a query filter such as
/// `rating=ok,bad`).
pub fn comma_list_pattern(names: &[&str]) -> String {
    let one = format!("[{WHITE_SPACE}]*(?:{})[{WHITE_SPACE}]*", names.join("|"));
    format!("^{one}(?:,{one})*$")
}

/// A string matching `pattern`, described.
pub fn pattern(pattern: String, description: &str) -> Schema {
    string(pattern, description).build().into()
}

/// [`crate::validation::is_valid_identifier`].
pub const IDENTIFIER_PATTERN: &str = "^[A-Za-z0-9._-]{1,64}$";

fn string(pattern: String, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .description(Some(description))
}

fn nullable(object: ObjectBuilder) -> Schema {
    object
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .build()
        .into()
}

/// An order, venue or customer id from the marketplace.
pub fn identifier() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(IDENTIFIER_PATTERN))
        .description(Some(
            "1–64 characters of ASCII letters, digits, `-`, `_` and `.`.",
        ))
        .build()
        .into()
}

/// An IANA time zone name the server knows (its time-zone database).
pub fn time_zone() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name())))
        .description(Some("An IANA time zone name, e.g. `Europe/Helsinki`."))
        .build()
        .into()
}

pub fn venue_name() -> Schema {
    string(
        plain_name_pattern(VENUE_NAME_MAX_CHARS),
        "1–200 characters after trimming, no control characters.",
    )
    .build()
    .into()
}

pub fn product_name() -> Schema {
    string(
        plain_name_pattern(PRODUCT_NAME_MAX_CHARS),
        "1–200 characters after trimming, no control characters.",
    )
    .build()
    .into()
}

/// A whole number of at least one (JSON has one number type: `2.0` is 2).
pub fn quantity() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(1))
        .maximum(Some(u32::MAX))
        .build()
        .into()
}

/// R4: an optional comment.
pub fn comment() -> Schema {
    nullable(string(
        optional_text_pattern(COMMENT_MAX_CHARS),
        "Up to 1000 characters after trimming; no control characters but line breaks. Blank is no comment.",
    ))
}

/// An optional report text (a description of a named kind, a note).
pub fn optional_report_text() -> Schema {
    nullable(string(
        optional_report_text_pattern(),
        "Up to 2000 characters after trimming; no control characters but line breaks. Blank is none.",
    ))
}

fn optional_report_text_pattern() -> String {
    optional_text_pattern(REPORT_TEXT_MAX_CHARS)
}

/// A required report text (a message, a note on `other`, a description
/// of `other`).
pub fn required_report_text() -> Schema {
    string(
        required_text_pattern(REPORT_TEXT_MAX_CHARS),
        "1–2000 characters after trimming; no control characters but line breaks.",
    )
    .build()
    .into()
}

/// An object that refuses unknown fields, with `kind` fixed to `kinds`.
fn variant(kinds: &[&str], description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .property(
            "kind",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(kinds.iter().copied())),
        )
        .required("kind")
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
}

fn amount(max: u32) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .minimum(Some(1))
        .maximum(Some(max))
        .description(Some("Euro cents."))
}

impl PartialSchema for Resolution {
    /// One object per kind; each refuses unknown fields, and says the
    /// amount's bounds and the note's rules (R10).
    fn schema() -> RefOr<Schema> {
        let money = |kind: &str, max: u32, description: &str| {
            variant(&[kind], description)
                .property("amount_cents", amount(max))
                .required("amount_cents")
                .property("note", optional_report_text())
        };
        OneOfBuilder::new()
            .description(Some(
                "R10: how customer service resolved a report. Amounts are in euro cents.",
            ))
            .item(money(
                "refund",
                REFUND_MAX_CENTS,
                "Money back to the customer's payment method.",
            ))
            .item(money(
                "credits",
                CREDITS_MAX_CENTS,
                "Free ResQ credits for the next purchases.",
            ))
            .item(
                variant(&["other"], "Anything else it took; the note says what.")
                    .property("note", required_report_text())
                    .required("note"),
            )
            .into()
    }
}

impl ToSchema for Resolution {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Resolution")
    }
}

impl PartialSchema for CreateProblemReport {
    /// R9: `other` needs a description; the named kinds may have one.
    fn schema() -> RefOr<Schema> {
        let named: Vec<&str> = ProblemKind::ALL
            .iter()
            .filter(|k| **k != ProblemKind::Other)
            .map(|k| k.as_str())
            .collect();
        OneOfBuilder::new()
            .description(Some("Customer: report a problem with an order."))
            .item(
                variant(&named, "A named problem; the description is optional.")
                    .property("description", optional_report_text()),
            )
            .item(
                variant(&["other"], "Something else: the description says what.")
                    .property("description", required_report_text())
                    .required("description"),
            )
            .into()
    }
}

impl ToSchema for CreateProblemReport {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("CreateProblemReport")
    }
}

/// R3: each aspect at most once.
pub fn aspects() -> Schema {
    ArrayBuilder::new()
        .items(RefOr::Ref(Ref::from_schema_name("Aspect")))
        .unique_items(true)
        .build()
        .into()
}
