//! Languages: the catalogue's texts in fi, sv and en, switched live; the
//! choice of language.

use resq_feedback::i18n::{Key, Lang};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;
use leptos::prelude::Set;

#[wasm_bindgen_test]
async fn switching_language_rerenders_every_text_and_keeps_the_form() {
    clear_storage();
    serve(&format!("[{}]", get_order(OPEN)));
    let w = mount(Lang::Fi, None);
    w.until_state("open").await;
    assert_eq!(
        w.get("#resq-rating-q").text_content().unwrap(),
        "Millainen ostoksesi oli?"
    );
    let labels = |w: &Mounted| -> Vec<String> {
        w.all("[role=radio]")
            .iter()
            .map(|r| r.text_content().unwrap())
            .collect()
    };
    assert_eq!(labels(&w), ["Hyvä", "OK", "Huono"]);
    assert_eq!(w.attr("[data-state]", "lang").as_deref(), Some("fi"));

    w.get("[data-rating=good]").click();
    leptos::task::tick().await;
    w.get("[data-aspect=service]").click();
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-followup-q").text_content().unwrap(),
        "Mikä oli erityisen hyvää?"
    );
    assert!(w.text().contains("Lähetä"));

    w.lang.set(Lang::Sv);
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-followup-q").text_content().unwrap(),
        "Vad var särskilt bra?"
    );
    assert_eq!(
        w.get("[data-aspect=service]").text_content().unwrap(),
        "Service"
    );
    assert_eq!(
        w.attr("[data-aspect=service]", "aria-pressed").as_deref(),
        Some("true")
    );
    assert!(w.text().contains("Skicka"));
    assert_eq!(w.attr("[data-state]", "lang").as_deref(), Some("sv"));

    w.lang.set(Lang::En);
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-followup-q").text_content().unwrap(),
        "What was especially good?"
    );
    assert!(w.text().contains("Additional comments (optional)"));
    w.click_text("Change rating");
    leptos::task::tick().await;
    assert_eq!(labels(&w), ["Good", "OK", "Bad"]);
}

#[wasm_bindgen_test]
fn the_language_is_the_asked_one_else_the_browsers_else_english() {
    assert_eq!(Lang::choose(Some("fi")), Lang::Fi);
    assert_eq!(Lang::choose(Some("sv-FI")), Lang::Sv);
    assert_eq!(Lang::choose(Some("EN_gb")), Lang::En);
    let browser = web_sys::window().unwrap().navigator().language().unwrap();
    let expected = Lang::parse(&browser).unwrap_or(Lang::En);
    assert_eq!(Lang::choose(Some("de")), expected);
    assert_eq!(Lang::choose(None), expected);
}

#[wasm_bindgen_test]
fn the_catalogue_has_the_seeds_wording_and_questions_per_rating() {
    assert_eq!(
        Lang::Fi.text(Key::FollowUpGood),
        "Mikä oli erityisen hyvää?"
    );
    assert_eq!(
        Lang::En.text(Key::FollowUpOk),
        "What could have been better?"
    );
    assert_eq!(Lang::En.text(Key::FollowUpBad), "What went wrong?");
    for lang in Lang::ALL {
        assert_ne!(lang.text(Key::FollowUpGood), lang.text(Key::FollowUpOk));
        assert_ne!(lang.text(Key::FollowUpOk), lang.text(Key::FollowUpBad));
    }
}
