//! Every state renders: loading, open, not open, submitted, closed,
//! unreachable (with a retry that works), and a refused order.

use resq_feedback::i18n::Lang;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;
use leptos::prelude::Set;

#[wasm_bindgen_test]
async fn loading_then_open_shows_the_rating_radio_group() {
    clear_storage();
    serve(&format!("[{}]", get_order(OPEN)));
    let w = mount(Lang::En, None);
    assert_eq!(w.state(), "loading");
    assert!(w.text().contains("Loading…"));

    w.until_state("open").await;
    assert_eq!(w.step().as_deref(), Some("rating"));
    let group = w.get("[role=radiogroup]");
    assert_eq!(
        group.get_attribute("aria-labelledby").as_deref(),
        Some("resq-rating-q")
    );
    assert_eq!(
        w.get("#resq-rating-q").text_content().unwrap(),
        "How was your purchase?"
    );
    let radios = w.all("[role=radiogroup] [role=radio]");
    let labels: Vec<String> = radios.iter().map(|r| r.text_content().unwrap()).collect();
    assert_eq!(labels, ["Good", "OK", "Bad"]);
    assert!(
        radios
            .iter()
            .all(|r| r.get_attribute("aria-checked").as_deref() == Some("false"))
    );
    let tabbable: Vec<_> = radios
        .iter()
        .map(|r| r.get_attribute("tabindex").unwrap())
        .collect();
    assert_eq!(tabbable, ["0", "-1", "-1"]);

    let get = &calls("GET")[0];
    assert_eq!(
        get_str(get, "url").unwrap(),
        "https://api.example/api/v1/orders/o-1"
    );
    assert_eq!(get_str(get, "auth").unwrap(), format!("Bearer {TOKEN}"));
    let marks = js("return performance.getEntriesByName('resq-feedback:interactive').length");
    assert!(marks.as_f64().unwrap() >= 1.0, "performance mark set");
}

#[wasm_bindgen_test]
async fn not_open_says_when_it_opens_in_the_venues_calendar_and_the_users_language() {
    clear_storage();
    // 22:00 UTC on 6 December is midnight of the 7th in Helsinki.
    serve(&format!(
        "[{}]",
        get_order(r#"{"state":"not_open","opens_at":"2025-12-06T22:00:00Z"}"#)
    ));
    let w = mount(Lang::Fi, None);
    w.until_state("not_open").await;
    assert!(
        w.text().contains("Palaute ei ole vielä auki"),
        "{}",
        w.text()
    );
    assert!(
        w.text().contains("viimeistään 7. joulukuuta 2025"),
        "{}",
        w.text()
    );
    w.lang.set(Lang::En);
    leptos::task::tick().await;
    assert!(
        w.text().contains(
            "Feedback opens when your order has been picked up — at the latest on December 7, 2025."
        ),
        "{}",
        w.text()
    );
    assert!(w.find("[role=radiogroup]").is_none());
}

#[wasm_bindgen_test]
async fn closed_says_when_the_period_ended() {
    clear_storage();
    serve(&format!(
        "[{}]",
        get_order(r#"{"state":"closed","closed_at":"2026-01-31T22:00:00Z"}"#)
    ));
    let w = mount(Lang::Sv, None);
    w.until_state("closed").await;
    assert!(w.text().contains("Feedbacken är stängd"), "{}", w.text());
    assert!(w.text().contains("1 februari 2026"), "{}", w.text());
}

#[wasm_bindgen_test]
async fn submitted_shows_what_was_given_and_thanks() {
    clear_storage();
    serve(&format!(
        "[{}]",
        get_order(
            r#"{"state":"submitted","feedback":{"rating":"bad","aspects":["size","taste"],"comment":"Kylmää <b>"}}"#
        )
    ));
    let w = mount(Lang::Fi, None);
    w.until_state("submitted").await;
    assert!(w.text().contains("Kiitos palautteestasi!"));
    assert_eq!(
        w.attr(".resq-given-rating", "data-rating").as_deref(),
        Some("bad")
    );
    assert!(
        w.get(".resq-given-rating")
            .text_content()
            .unwrap()
            .contains("Huono")
    );
    assert_eq!(
        w.get(".resq-given-aspects").text_content().unwrap(),
        "Koko, Maku"
    );
    // The comment is text, never markup.
    assert_eq!(
        w.get(".resq-given-comment").text_content().unwrap(),
        "Kylmää <b>"
    );
    assert!(w.find(".resq-given-comment b").is_none());
}

#[wasm_bindgen_test]
async fn an_unreachable_server_gets_a_message_and_a_retry_that_works() {
    clear_storage();
    serve(&format!("[{}]", get_order(OPEN)));
    js("window.__offline = true");
    let recorder = event_recorder();
    let w = mount(Lang::En, Some(recorder));
    w.until_state("unreachable").await;
    assert!(w.text().contains("Can't reach ResQ Club"));
    assert!(
        w.text()
            .contains("Check your internet connection and try again.")
    );
    let recorded = events();
    let detail = js_sys::Reflect::get(&recorded[0], &"detail".into()).unwrap();
    assert_eq!(get_str(&detail, "code").as_deref(), Some("network_error"));

    js("window.__offline = false");
    w.click_text("Try again");
    w.until_state("open").await;
    assert_eq!(w.all("[role=radio]").len(), 3);
}

#[wasm_bindgen_test]
async fn a_refused_order_is_an_error_not_a_blank_box() {
    clear_storage();
    serve(
        r#"[{"method":"GET","path":"/api/v1/orders/o-1","status":404,"body":{"code":"not_found","message":"No such resource."}}]"#,
    );
    let w = mount(Lang::En, None);
    w.until_state("error").await;
    assert!(
        w.text().contains("We couldn't find this order."),
        "{}",
        w.text()
    );
    assert!(w.text().contains("Try again"));
}
