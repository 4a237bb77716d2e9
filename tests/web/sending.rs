//! Sending: once, with an idempotency key; offline → outbox → online; the
//! server's refusals at their field; 409 and 429.

use js_sys::{JSON, Reflect};
use resq_feedback::i18n::Lang;
use resq_feedback::offline;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::support::*;

const GOOD_TASTE: &str = r#"{"rating":"good","aspects":["taste"],"comment":"Herkullista!"}"#;

async fn fill_in(w: &Mounted) {
    w.get("[data-rating=good]").click();
    leptos::task::tick().await;
    w.get("[data-aspect=taste]").click();
    w.type_comment("  Herkullista!  ");
    leptos::task::tick().await;
}

fn body_of(call: &JsValue) -> JsValue {
    JSON::parse(&get_str(call, "body").unwrap()).unwrap()
}

fn stored() -> Option<String> {
    window_storage()
        .get_item(&offline::storage_key(ORDER_ID))
        .unwrap()
}

fn window_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn send_posts_once_with_an_idempotency_key_then_thanks() {
    clear_storage();
    serve(&format!("[{}, {}]", get_order(OPEN), post_ok(GOOD_TASTE)));
    let recorder = event_recorder();
    let w = mount(Lang::En, Some(recorder));
    w.until_state("open").await;
    fill_in(&w).await;

    // A double click sends once; the button shows progress meanwhile.
    let send = w.get("button[type=submit]");
    send.click();
    send.click();
    leptos::task::tick().await;
    assert_eq!(send.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(send.text_content().unwrap().contains("Sending…"));
    send.click();
    w.until_state("thanks").await;
    let posts = calls("POST");
    assert_eq!(posts.len(), 1, "exactly one request");
    let post = &posts[0];
    assert_eq!(
        get_str(post, "url").unwrap(),
        "https://api.example/api/v1/orders/o-1/feedback"
    );
    assert_eq!(get_str(post, "auth").unwrap(), format!("Bearer {TOKEN}"));
    assert!(get_str(post, "key").is_some_and(|k| k.len() >= 32));
    assert_eq!(
        JSON::stringify(&body_of(post)).unwrap(),
        r#"{"rating":"good","aspects":["taste"],"comment":"Herkullista!"}"#
    );

    assert!(w.text().contains("Thank you!"));
    assert_eq!(
        w.get(".resq-given-aspects").text_content().unwrap(),
        "Taste"
    );
    assert!(stored().is_none(), "nothing left in the outbox");
    let events = events();
    assert_eq!(events.len(), 1);
    assert_eq!(
        get_str(&events[0], "name").as_deref(),
        Some("resq-feedback:submitted")
    );
    assert_eq!(
        Reflect::get(&events[0], &"composed".into()).unwrap(),
        JsValue::TRUE
    );
    let detail = Reflect::get(&events[0], &"detail".into()).unwrap();
    assert_eq!(get_str(&detail, "orderId").as_deref(), Some(ORDER_ID));
    assert_eq!(get_str(&detail, "rating").as_deref(), Some("good"));
}

#[wasm_bindgen_test]
async fn offline_the_submission_waits_and_is_sent_once_when_online() {
    clear_storage();
    serve(&format!("[{}, {}]", get_order(OPEN), post_ok(GOOD_TASTE)));
    let w = mount(Lang::Fi, None);
    w.until_state("open").await;
    fill_in(&w).await;

    js("window.__offline = true");
    w.get("button[type=submit]").click();
    until("the saved message", || {
        w.text()
            .contains("Tallennettu – lähetämme palautteen, kun olet taas verkossa.")
    })
    .await;
    assert_eq!(w.state(), "open");
    let entry = stored().expect("the submission is kept in localStorage");
    assert!(!entry.contains(TOKEN), "the token is never stored");
    let entry = JSON::parse(&entry).unwrap();
    let key = get_str(&entry, "key").unwrap();
    assert_eq!(get_str(&calls("POST")[0], "key").unwrap(), key);
    let body = Reflect::get(&entry, &"body".into()).unwrap();
    assert_eq!(get_str(&body, "rating").as_deref(), Some("good"));
    // Frozen while it waits: the key keeps meaning this body.
    w.get("[data-aspect=size]").click();
    leptos::task::tick().await;
    assert_eq!(
        w.attr("[data-aspect=size]", "aria-pressed").as_deref(),
        Some("false")
    );

    js("window.__offline = false; window.dispatchEvent(new Event('online'))");
    w.until_state("thanks").await;
    js("window.dispatchEvent(new Event('online'))");
    sleep(30).await;
    let posts = calls("POST");
    assert_eq!(posts.len(), 2, "one failed attempt, one sent");
    assert_eq!(
        get_str(&posts[1], "key").unwrap(),
        key,
        "the same idempotency key"
    );
    assert!(stored().is_none());
}

#[wasm_bindgen_test]
async fn a_waiting_submission_is_sent_by_itself_on_the_next_mount() {
    clear_storage();
    window_storage()
        .set_item(
            &offline::storage_key(ORDER_ID),
            r#"{"key":"k-123","body":{"rating":"ok","aspects":["price"]}}"#,
        )
        .unwrap();
    serve(&format!(
        "[{}, {}]",
        get_order(OPEN),
        post_ok(r#"{"rating":"ok","aspects":["price"]}"#)
    ));
    let w = mount(Lang::En, None);
    w.until_state("thanks").await;
    let posts = calls("POST");
    assert_eq!(posts.len(), 1);
    assert_eq!(get_str(&posts[0], "key").as_deref(), Some("k-123"));
    assert!(stored().is_none());
}

#[wasm_bindgen_test]
async fn a_refused_field_is_shown_next_to_it_in_the_users_language() {
    clear_storage();
    serve(&format!(
        r#"[{}, {{"method":"POST","path":"/feedback","status":422,"once":true,
        "body":{{"code":"comment_control_character","message":"x","field":"comment"}}}},
        {{"method":"POST","path":"/feedback","status":422,"once":true,
        "body":{{"code":"aspects_duplicate","message":"x","field":"aspects"}}}}]"#,
        get_order(OPEN)
    ));
    let recorder = event_recorder();
    let w = mount(Lang::Sv, Some(recorder));
    w.until_state("open").await;
    fill_in(&w).await;
    w.get("button[type=submit]").click();
    until("the comment error", || {
        w.find("#resq-comment-error").is_some()
    })
    .await;
    let error = w.get("#resq-comment-error").text_content().unwrap();
    assert!(
        error.contains("Kommentaren innehåller tecken som inte kan skickas"),
        "{error}"
    );
    let described = w.attr("textarea", "aria-describedby").unwrap();
    assert!(described.split(' ').any(|id| id == "resq-comment-error"));
    assert_eq!(
        w.attr("button[type=submit]", "aria-disabled"),
        None,
        "can send again"
    );
    assert!(stored().is_none(), "a refused submission is not kept");
    let detail = Reflect::get(&events()[0], &"detail".into()).unwrap();
    assert_eq!(
        get_str(&detail, "code").as_deref(),
        Some("comment_control_character")
    );
    let first_key = get_str(&calls("POST")[0], "key").unwrap();

    w.get("button[type=submit]").click();
    until("the aspects error", || {
        w.find("#resq-aspects-error").is_some()
    })
    .await;
    assert!(w.find("#resq-comment-error").is_none());
    assert!(
        w.get("#resq-aspects-error")
            .text_content()
            .unwrap()
            .contains("Välj varje alternativ bara en gång.")
    );
    let described = w.attr("[role=group]", "aria-describedby").unwrap();
    assert!(described.split(' ').any(|id| id == "resq-aspects-error"));
    let second_key = get_str(&calls("POST")[1], "key").unwrap();
    assert_ne!(
        first_key, second_key,
        "a refused request changed nothing: new key"
    );
}

#[wasm_bindgen_test]
async fn already_submitted_shows_the_feedback_the_server_has() {
    clear_storage();
    serve(&format!(
        r#"[{{"method":"GET","path":"/orders/o-1","status":200,"once":true,"body":{}}},
        {{"method":"POST","path":"/feedback","status":409,
        "body":{{"code":"feedback_already_submitted","message":"x"}}}}, {}]"#,
        order(OPEN),
        get_order(r#"{"state":"submitted","feedback":{"rating":"ok","aspects":[]}}"#)
    ));
    let w = mount(Lang::En, None);
    w.until_state("open").await;
    fill_in(&w).await;
    w.get("button[type=submit]").click();
    w.until_state("submitted").await;
    assert_eq!(
        w.attr(".resq-given-rating", "data-rating").as_deref(),
        Some("ok")
    );
    assert!(stored().is_none());
}

#[wasm_bindgen_test]
async fn rate_limited_waits_for_retry_after_then_sends() {
    waits_for_retry_after_then_sends_once(
        429,
        "rate_limited",
        "Too many attempts. Trying again in 1 s.",
    )
    .await;
}

/// The server's disk is full or read-only: the submission stays saved in
/// the browser and goes again by itself after `Retry-After`, with its key.
#[wasm_bindgen_test]
async fn storage_unavailable_keeps_the_submission_and_sends_it_after_retry_after() {
    waits_for_retry_after_then_sends_once(
        503,
        "storage_unavailable",
        "Saved — the service is unavailable right now. Trying again in 1 s.",
    )
    .await;
}

async fn waits_for_retry_after_then_sends_once(status: u16, code: &str, notice: &str) {
    clear_storage();
    serve(&format!(
        r#"[{}, {{"method":"POST","path":"/feedback","status":{status},"once":true,
        "headers":{{"Retry-After":"1"}},"body":{{"code":"{code}","message":"x"}}}}, {}]"#,
        get_order(OPEN),
        post_ok(GOOD_TASTE)
    ));
    let w = mount(Lang::En, None);
    w.until_state("open").await;
    fill_in(&w).await;
    w.get("button[type=submit]").click();
    until("the retry notice", || w.text().contains(notice)).await;
    assert_eq!(calls("POST").len(), 1);
    assert!(stored().is_some(), "kept in the browser while it waits");
    sleep(500).await;
    assert_eq!(calls("POST").len(), 1, "not before Retry-After");
    w.until_state("thanks").await;
    let posts = calls("POST");
    assert_eq!(posts.len(), 2);
    assert_eq!(get_str(&posts[0], "key"), get_str(&posts[1], "key"));
    assert!(stored().is_none(), "the outbox is empty once stored");
}
