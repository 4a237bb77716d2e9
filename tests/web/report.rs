//! The problem report's plain logic in the browser: what the form lets
//! through (core's rules), the server's JSON as the component reads it,
//! photo sizing and money.

use resq_core::ProblemKind;
use resq_core::report::{MessageAuthor, ReportStatus, Resolution};
use resq_feedback::i18n::{Key, Lang};
use resq_feedback::report::state::{Draft, euros, fit};
use resq_feedback::report::wire::{self, Availability};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn the_form_needs_a_kind_and_for_other_a_description() {
    let empty = Draft::default();
    assert_eq!(empty.check().unwrap_err().kind, Some(Key::ReportErrKind));
    let other = Draft {
        kind: Some(ProblemKind::Other),
        description: "   ".into(),
        photo: None,
    };
    assert_eq!(
        other.check().unwrap_err().description,
        Some(Key::ReportErrDescription)
    );
    let closed = Draft {
        kind: Some(ProblemKind::VenueClosed),
        description: String::new(),
        photo: None,
    };
    assert_eq!(closed.check(), Ok((ProblemKind::VenueClosed, None)));
    let long = Draft {
        kind: Some(ProblemKind::WrongProduct),
        description: "x".repeat(2001),
        photo: None,
    };
    assert_eq!(
        long.check().unwrap_err().description,
        Some(Key::ReportErrTooLong)
    );
}

#[wasm_bindgen_test]
fn a_thread_is_read_with_its_messages_and_resolution() {
    let view = wire::report_view(&json(
        r#"{"order_id":"o1","availability":{"state":"open","closes_at":"2026-03-24T22:00:00Z"},
            "report":{"report_id":"r1","kind":"other","description":"<b>x</b>","status":"resolved",
              "created_at":"2026-03-10T10:00:00Z","updated_at":"2026-03-10T11:00:00Z",
              "messages":[{"author":"staff","body":"Mitä?","sent_at":"2026-03-10T10:30:00Z"}],
              "photos":[{"photo_id":"p","content_type":"image/jpeg","size_bytes":10}],
              "resolution":{"kind":"credits","amount_cents":500,"note":"Anteeksi"},
              "resolved_at":"2026-03-10T11:00:00Z"}}"#,
    ))
    .expect("a view");
    assert_eq!(view.availability, Availability::Open);
    let thread = view.report.expect("a report");
    assert_eq!(thread.kind, ProblemKind::Other);
    assert_eq!(thread.description.as_deref(), Some("<b>x</b>"));
    assert_eq!(thread.status, ReportStatus::Resolved);
    assert_eq!(thread.messages[0].author, MessageAuthor::Staff);
    assert_eq!(thread.photos, 1);
    assert_eq!(
        thread.resolution,
        Some(Resolution::Credits {
            amount_cents: 500,
            note: Some("Anteeksi".into())
        })
    );
}

#[wasm_bindgen_test]
fn an_unknown_shape_is_refused_as_a_whole() {
    for bad in [
        r#"{"availability":{"state":"maybe"}}"#,
        r#"{"availability":{"state":"open"},"report":{"report_id":"r","kind":"stolen","status":"received","messages":[],"photos":[]}}"#,
        r#"{"availability":{"state":"closed"}}"#,
    ] {
        assert_eq!(wire::report_view(&json(bad)), None, "{bad}");
    }
    let none = wire::report_view(&json(
        r#"{"order_id":"o","availability":{"state":"closed","closed_at":"2026-03-24T22:00:00Z"}}"#,
    ))
    .expect("a view");
    assert!(none.report.is_none());
}

#[wasm_bindgen_test]
fn request_bodies_round_trip_through_the_outbox_format() {
    let body = wire::create_json(ProblemKind::Other, Some("Pussi oli tyhjä")).unwrap();
    assert_eq!(
        wire::parse_create(&body),
        Some((ProblemKind::Other, Some("Pussi oli tyhjä".into())))
    );
    let bare = wire::create_json(ProblemKind::VenueClosed, None).unwrap();
    assert_eq!(bare, r#"{"kind":"venue_closed"}"#);
    assert_eq!(
        wire::message_json("a \"quote\"").unwrap(),
        r#"{"message":"a \"quote\""}"#
    );
}

#[wasm_bindgen_test]
fn photos_shrink_to_fit_and_money_reads_per_language() {
    assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
    assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
    assert_eq!(fit(800, 600, 1600), (800, 600));
    assert_eq!(fit(10_000, 1, 1600), (1600, 1));
    assert_eq!(euros(500, Lang::En), "€5.00");
    assert_eq!(euros(1299, Lang::Fi), "12,99\u{a0}€");
}
