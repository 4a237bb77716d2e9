//! The form: rating → details → back, the keyboard, aspects, the comment limit.

use resq_feedback::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{KeyboardEvent, KeyboardEventInit};

use crate::support::*;

async fn open_form(lang: Lang) -> Mounted {
    clear_storage();
    serve(&format!("[{}]", get_order(OPEN)));
    let w = mount(lang, None);
    w.until_state("open").await;
    w
}

fn press(target: &web_sys::HtmlElement, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn choosing_a_rating_opens_its_follow_up_and_back_changes_it() {
    let w = open_form(Lang::En).await;
    w.get("[data-rating=good]").click();
    leptos::task::tick().await;
    assert_eq!(w.step().as_deref(), Some("details"));
    let heading = w.get("#resq-followup-q");
    assert_eq!(heading.text_content().unwrap(), "What was especially good?");
    until("focus on the follow-up question", || {
        active_element().is_some_and(|e| e.id() == "resq-followup-q")
    })
    .await;
    assert!(w.text().contains("Your rating: Good"));
    assert_eq!(w.all("[role=group] button[aria-pressed]").len(), 5);
    let live = w.get("[aria-live=polite]").text_content().unwrap();
    assert_eq!(live, "Step 2 of 2: What was especially good?");

    w.click_text("Change rating");
    leptos::task::tick().await;
    assert_eq!(w.step().as_deref(), Some("rating"));
    assert_eq!(
        w.attr("[data-rating=good]", "aria-checked").as_deref(),
        Some("true")
    );
    assert_eq!(
        w.attr("[data-rating=good]", "tabindex").as_deref(),
        Some("0")
    );
    until("focus back on the chosen rating", || {
        active_element().is_some_and(|e| e.get_attribute("data-rating").as_deref() == Some("good"))
    })
    .await;

    w.get("[data-rating=ok]").click();
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-followup-q").text_content().unwrap(),
        "What could have been better?"
    );
    w.click_text("Change rating");
    leptos::task::tick().await;
    w.get("[data-rating=bad]").click();
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-followup-q").text_content().unwrap(),
        "What went wrong?"
    );
}

#[wasm_bindgen_test]
async fn arrow_keys_move_and_select_within_the_rating_group() {
    let w = open_form(Lang::En).await;
    let good = w.get("[data-rating=good]");
    good.focus().unwrap();
    press(&good, "ArrowRight");
    leptos::task::tick().await;
    assert_eq!(
        w.attr("[data-rating=ok]", "aria-checked").as_deref(),
        Some("true")
    );
    assert_eq!(w.attr("[data-rating=ok]", "tabindex").as_deref(), Some("0"));
    assert_eq!(
        w.attr("[data-rating=good]", "tabindex").as_deref(),
        Some("-1")
    );
    assert_eq!(
        active_element()
            .and_then(|e| e.get_attribute("data-rating"))
            .as_deref(),
        Some("ok")
    );
    // Still on step 1: arrows choose, Enter/Space/click confirms.
    assert_eq!(w.step().as_deref(), Some("rating"));
    press(&w.get("[data-rating=ok]"), "ArrowLeft");
    press(&w.get("[data-rating=good]"), "ArrowLeft");
    leptos::task::tick().await;
    assert_eq!(
        w.attr("[data-rating=bad]", "aria-checked").as_deref(),
        Some("true")
    );
    assert_eq!(
        w.attr("[data-rating=good]", "aria-checked").as_deref(),
        Some("false")
    );
    press(&w.get("[data-rating=bad]"), "Home");
    leptos::task::tick().await;
    assert_eq!(
        w.attr("[data-rating=good]", "aria-checked").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn aspects_toggle_on_and_off() {
    let w = open_form(Lang::Fi).await;
    w.get("[data-rating=good]").click();
    leptos::task::tick().await;
    let names: Vec<String> = w
        .all("[role=group] button")
        .iter()
        .map(|b| b.text_content().unwrap())
        .collect();
    assert_eq!(names, ["Koko", "Hinta", "Palvelu", "Kuvaus", "Maku"]);
    w.get("[data-aspect=size]").click();
    w.get("[data-aspect=taste]").click();
    leptos::task::tick().await;
    let pressed = |a: &str| {
        w.attr(&format!("[data-aspect={a}]"), "aria-pressed")
            .unwrap()
    };
    assert_eq!(pressed("size"), "true");
    assert_eq!(pressed("taste"), "true");
    assert_eq!(pressed("price"), "false");
    w.get("[data-aspect=size]").click();
    leptos::task::tick().await;
    assert_eq!(pressed("size"), "false");
    assert_eq!(pressed("taste"), "true");
    // Changing the rating changes the question, so its answers are dropped.
    w.click_text("Muuta arviota");
    leptos::task::tick().await;
    w.get("[data-rating=bad]").click();
    leptos::task::tick().await;
    assert_eq!(pressed("taste"), "false");
}

#[wasm_bindgen_test]
async fn the_comment_counts_to_the_limit_and_refuses_one_more() {
    let w = open_form(Lang::En).await;
    w.get("[data-rating=ok]").click();
    leptos::task::tick().await;
    let area = w.get("textarea");
    assert_eq!(area.id(), "resq-comment");
    assert!(w.text().contains("0 / 1000 characters"));
    assert_eq!(
        w.attr("label[for=resq-comment]", "for").as_deref(),
        Some("resq-comment")
    );

    w.type_comment(&"ä".repeat(1000));
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-comment-count").text_content().unwrap(),
        "1000 / 1000 characters"
    );
    assert!(w.find("#resq-comment-error").is_none());
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("false"));

    w.type_comment(&"ä".repeat(1001));
    leptos::task::tick().await;
    assert_eq!(
        w.get("#resq-comment-count").text_content().unwrap(),
        "1001 / 1000 characters"
    );
    let error = w.get("#resq-comment-error");
    assert!(
        error
            .text_content()
            .unwrap()
            .contains("at most 1000 characters")
    );
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = area.get_attribute("aria-describedby").unwrap();
    assert!(described.split(' ').any(|id| id == "resq-comment-error"));

    w.get("button[type=submit]").click();
    sleep(20).await;
    assert!(calls("POST").is_empty(), "an over-long comment is not sent");
    assert_eq!(w.state(), "open");

    // Surrounding white space does not count (core's rule).
    w.type_comment(&format!("  {}  \n", "ä".repeat(1000)));
    leptos::task::tick().await;
    assert!(w.find("#resq-comment-error").is_none());
    let area: web_sys::HtmlTextAreaElement = area.unchecked_into();
    assert!(area.value().starts_with("  "));
}
