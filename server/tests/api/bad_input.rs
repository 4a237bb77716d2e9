//! The bad input corpus: oversized bodies and headers, wrong content types,
//! malformed JSON, invalid UTF-8, unknown fields, huge numbers, unknown enum
//! values — each refused with its own 4xx and `code`, and nothing stored
//! (checked after every batch). Text that is merely unusual (RTL overrides,
//! zero-width and combining characters, emoji, HTML and script) is stored
//! verbatim and answered as JSON text, never as markup.

use reqwest::Method;
use serde_json::{Value, json};

use crate::report_support::{PICKUP, bought, report_path, staff_act};
use crate::support::*;

/// A raw request: any bytes, any content type, any headers.
async fn raw(
    server: &TestServer,
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: Option<&str>,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", server.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.body(body).send().await.expect("the server answers");
    Reply {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.expect("a body"),
    }
}

/// One refused body: what it is, the bytes, the content type, and the
/// expected status, code and (when the server names one) field.
struct Refusal {
    what: &'static str,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
}

fn refusal(
    what: &'static str,
    body: impl Into<Vec<u8>>,
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
) -> Refusal {
    Refusal {
        what,
        content_type: Some("application/json"),
        body: body.into(),
        status,
        code,
        field,
    }
}

/// Body-shape refusals every JSON endpoint shares, whatever its fields.
fn envelope_refusals() -> Vec<Refusal> {
    let json_ct = |what, ct: Option<&'static str>| Refusal {
        what,
        content_type: ct,
        body: br#"{"rating":"good"}"#.to_vec(),
        status: 415,
        code: "unsupported_media_type",
        field: None,
    };
    let mut deep = "[".repeat(5_000);
    deep.push_str(&"]".repeat(5_000));
    vec![
        json_ct("no content type", None),
        json_ct("text/plain", Some("text/plain")),
        json_ct("form encoded", Some("application/x-www-form-urlencoded")),
        json_ct("multipart", Some("multipart/form-data; boundary=x")),
        json_ct("xml", Some("application/xml")),
        json_ct("json look-alike", Some("application/jsonp")),
        refusal(
            "over 16 KiB",
            format!(r#"{{"x":"{}"}}"#, "a".repeat(17 * 1024)),
            413,
            "body_too_large",
            None,
        ),
        refusal("empty body", "", 400, "invalid_body", None),
        refusal("not JSON", "rating=good", 400, "invalid_body", None),
        refusal("cut short", r#"{"rating":"go"#, 400, "invalid_body", None),
        refusal("trailing garbage", r#"{} {}"#, 400, "invalid_body", None),
        refusal("an array", "[]", 400, "invalid_body", None),
        refusal("null", "null", 400, "invalid_body", None),
        refusal("a string", r#""good""#, 400, "invalid_body", None),
        refusal("nested 5 000 deep", deep, 400, "invalid_body", None),
        refusal(
            "invalid UTF-8",
            b"{\"x\":\"\xff\xfe\xc3\x28\"}".to_vec(),
            400,
            "invalid_body",
            None,
        ),
        refusal(
            "a lone surrogate escape",
            r#"{"x":"\ud800"}"#,
            400,
            "invalid_body",
            None,
        ),
        refusal(
            "UTF-16 with a byte order mark",
            [0xFF, 0xFE, b'{', 0, b'}', 0],
            400,
            "invalid_body",
            None,
        ),
    ]
}

fn feedback_refusals() -> Vec<Refusal> {
    let mut all = envelope_refusals();
    let long = "ä".repeat(1001);
    all.extend([
        refusal(
            "missing rating",
            r#"{}"#,
            400,
            "invalid_body",
            Some("rating"),
        ),
        refusal(
            "unknown field",
            r#"{"rating":"good","customer_id":"someone-else"}"#,
            400,
            "invalid_body",
            Some("customer_id"),
        ),
        refusal(
            "duplicate field",
            r#"{"rating":"good","rating":"bad"}"#,
            400,
            "invalid_body",
            None,
        ),
        refusal(
            "unknown rating",
            r#"{"rating":"excellent"}"#,
            400,
            "invalid_body",
            Some("rating"),
        ),
        refusal(
            "rating in another case",
            r#"{"rating":"GOOD"}"#,
            400,
            "invalid_body",
            Some("rating"),
        ),
        refusal(
            "rating as a number",
            r#"{"rating":1e400}"#,
            400,
            "invalid_body",
            Some("rating"),
        ),
        refusal(
            "unknown aspect",
            r#"{"rating":"bad","aspects":["smell"]}"#,
            400,
            "invalid_body",
            Some("aspects[0]"),
        ),
        refusal(
            "duplicate aspect",
            r#"{"rating":"bad","aspects":["taste","taste"]}"#,
            422,
            "aspects_duplicate",
            Some("aspects"),
        ),
        refusal(
            "comment as an object",
            r#"{"rating":"ok","comment":{"html":"<b>"}}"#,
            400,
            "invalid_body",
            Some("comment"),
        ),
        refusal(
            "comment with NUL",
            r#"{"rating":"ok","comment":"a\u0000b"}"#,
            422,
            "comment_control_character",
            Some("comment"),
        ),
        refusal(
            "comment with an escape sequence",
            r#"{"rating":"ok","comment":"\u001b[31mred"}"#,
            422,
            "comment_control_character",
            Some("comment"),
        ),
        refusal(
            "comment with NEL",
            "{\"rating\":\"ok\",\"comment\":\"a\u{85}b\"}",
            422,
            "comment_control_character",
            Some("comment"),
        ),
        refusal(
            "comment of 1001 characters",
            format!(r#"{{"rating":"ok","comment":"{long}"}}"#),
            422,
            "comment_too_long",
            Some("comment"),
        ),
        refusal(
            "1001 combining marks",
            format!(
                r#"{{"rating":"ok","comment":"e{}"}}"#,
                "\u{301}".repeat(1000)
            ),
            422,
            "comment_too_long",
            Some("comment"),
        ),
    ]);
    all
}

#[track_caller]
fn assert_refused(reply: &Reply, case: &Refusal) {
    let body: Value = serde_json::from_str(&reply.text)
        .unwrap_or_else(|_| panic!("{}: not an ApiError: {:?}", case.what, reply.text));
    assert_eq!(
        (reply.status, body["code"].as_str()),
        (case.status, Some(case.code)),
        "{}: {}",
        case.what,
        reply.text
    );
    if let Some(field) = case.field {
        assert_eq!(body["field"], field, "{}: {}", case.what, reply.text);
    }
    assert_eq!(
        reply.header("content-type"),
        Some("application/json"),
        "{}",
        case.what
    );
}

async fn open_order(server: &TestServer, order_id: &str, customer: &str) {
    server
        .registered(order(
            order_id,
            HELSINKI,
            customer,
            &server.clock.now().to_rfc3339(),
        ))
        .await;
    let marked = server.mark_picked_up(order_id, &server.service()).await;
    assert_eq!(marked.status, 200, "{}", marked.text);
}

#[tokio::test]
async fn refused_feedback_is_never_stored() {
    let server = TestServer::start().await;
    open_order(&server, "o-1", "c-1").await;
    let token = server.customer("c-1");
    let cases = feedback_refusals();
    for (i, case) in cases.iter().enumerate() {
        let key = format!("bad-{i}");
        let reply = raw(
            &server,
            Method::POST,
            "/api/v1/orders/o-1/feedback",
            Some(&token),
            case.content_type,
            case.body.clone(),
            &[("idempotency-key", &key)],
        )
        .await;
        assert_refused(&reply, case);
    }
    println!("feedback: {} bad bodies refused", cases.len());
    // Nothing stored: the order is still open, the venue has no review, and
    // the first good submission is the one that counts.
    assert_eq!(
        server.order_of("o-1", "c-1").await.json()["feedback"]["state"],
        "open"
    );
    assert_eq!(
        server.reviews(HELSINKI, "").await.json()["items"],
        json!([])
    );
    let good = server
        .submit("o-1", "c-1", "good-key", &json!({"rating": "good"}))
        .await;
    assert_eq!(good.status, 201, "{}", good.text);
}

#[tokio::test]
async fn refused_orders_are_never_registered() {
    let server = TestServer::start().await;
    let token = server.service();
    let valid = order("o-new", "venue-new", "c-1", PICKUP);
    let with = |path: &[&str], value: Value| {
        let mut body = valid.clone();
        let mut at = &mut body;
        for key in &path[..path.len() - 1] {
            at = &mut at[*key];
        }
        at[path[path.len() - 1]] = value;
        serde_json::to_vec(&body).expect("JSON")
    };
    let mut cases = envelope_refusals();
    cases.extend([
        refusal(
            "unknown nested field",
            with(&["venue", "rating"], json!(5)),
            400,
            "invalid_body",
            Some("venue.rating"),
        ),
        refusal(
            "quantity over u32",
            with(
                &["products"],
                json!([{"name": "Leipä", "quantity": 4_294_967_296_u64}]),
            ),
            400,
            "invalid_body",
            Some("products[0].quantity"),
        ),
        refusal(
            "quantity of 400 digits",
            {
                let body = String::from_utf8(with(
                    &["products"],
                    json!([{"name": "Leipä", "quantity": 7}]),
                ))
                .expect("UTF-8");
                body.replace(
                    "\"quantity\":7",
                    &format!("\"quantity\":{}", "9".repeat(400)),
                )
            },
            400,
            "invalid_body",
            Some("products[0].quantity"),
        ),
        refusal(
            "negative quantity",
            with(&["products"], json!([{"name": "Leipä", "quantity": -1}])),
            400,
            "invalid_body",
            Some("products[0].quantity"),
        ),
        refusal(
            "fractional quantity",
            with(&["products"], json!([{"name": "Leipä", "quantity": 1.5}])),
            400,
            "invalid_body",
            Some("products[0].quantity"),
        ),
        refusal(
            "year 275760",
            with(&["purchased_at"], json!("+275760-09-13T00:00:00Z")),
            400,
            "invalid_body",
            Some("purchased_at"),
        ),
        refusal(
            "not a time",
            with(&["purchased_at"], json!("yesterday")),
            400,
            "invalid_body",
            Some("purchased_at"),
        ),
        refusal(
            "an id with a zero-width space",
            with(&["order_id"], json!("o-\u{200b}new")),
            422,
            "invalid_identifier",
            Some("order_id"),
        ),
        refusal(
            "an id of 65 characters",
            with(&["customer_id"], json!("c".repeat(65))),
            422,
            "invalid_identifier",
            Some("customer_id"),
        ),
        refusal(
            "an unknown time zone",
            with(&["venue", "time_zone"], json!("Europe/Atlantis")),
            422,
            "invalid_time_zone",
            Some("venue.time_zone"),
        ),
        refusal(
            "a venue name with NUL",
            with(&["venue", "name"], json!("Kahvila\u{0}")),
            422,
            "invalid_field",
            Some("venue.name"),
        ),
        refusal(
            "a product name with an escape sequence",
            with(
                &["products"],
                json!([{"name": "\u{1b}[2JLeipä", "quantity": 1}]),
            ),
            422,
            "invalid_products",
            Some("products[0]"),
        ),
    ]);
    for case in &cases {
        let reply = raw(
            &server,
            Method::POST,
            "/api/v1/orders",
            Some(&token),
            case.content_type,
            case.body.clone(),
            &[],
        )
        .await;
        assert_refused(&reply, case);
    }
    println!("orders: {} bad bodies refused", cases.len());
    // Nothing registered: the venue is unknown and the order does not exist.
    server
        .rating("venue-new")
        .await
        .assert_error(404, "not_found");
    server
        .order_of("o-new", "c-1")
        .await
        .assert_error(404, "not_found");
    assert_eq!(server.register(&valid).await.status, 201);
}

#[tokio::test]
async fn refused_problem_reports_and_staff_actions_change_nothing() {
    let server = TestServer::start().await;
    bought(&server, "o-1", HELSINKI, "c-1").await;
    let token = server.customer("c-1");
    let mut cases = envelope_refusals();
    cases.extend([
        refusal(
            "unknown kind",
            r#"{"kind":"food_poisoning"}"#,
            400,
            "invalid_body",
            Some("kind"),
        ),
        refusal(
            "other without a description",
            r#"{"kind":"other","description":"\u200b"}"#,
            // A zero-width space is not white space: it is a description.
            201,
            "",
            None,
        ),
    ]);
    // The last case is accepted on purpose; check it separately below.
    let accepted = cases.pop().expect("a case");
    for (i, case) in cases.iter().enumerate() {
        let key = format!("bad-{i}");
        let reply = raw(
            &server,
            Method::POST,
            &report_path("o-1"),
            Some(&token),
            case.content_type,
            case.body.clone(),
            &[("idempotency-key", &key)],
        )
        .await;
        assert_refused(&reply, case);
    }
    let view = server.get(&report_path("o-1"), Some(&token)).await.json();
    assert_eq!(view["report"], Value::Null, "{view}");
    let queue = server
        .get("/api/v1/staff/reports?status=all", Some(&server.staff()))
        .await;
    assert_eq!(queue.json()["items"], json!([]));

    let reply = raw(
        &server,
        Method::POST,
        &report_path("o-1"),
        Some(&token),
        accepted.content_type,
        accepted.body.clone(),
        &[("idempotency-key", "zw")],
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.json()["report"]["description"], "\u{200b}");
    let report_id = reply.json()["report"]["report_id"]
        .as_str()
        .expect("an id")
        .to_owned();

    // Staff: huge and negative amounts, unknown kinds, a field too many.
    let resolutions = [
        (
            json!({"kind": "refund", "amount_cents": 4_294_967_296_u64}),
            400,
            "invalid_body",
        ),
        (
            json!({"kind": "refund", "amount_cents": -1}),
            400,
            "invalid_body",
        ),
        (
            json!({"kind": "refund", "amount_cents": 1e300}),
            400,
            "invalid_body",
        ),
        (
            json!({"kind": "refund", "amount_cents": 50_001}),
            422,
            "invalid_amount",
        ),
        (
            json!({"kind": "credits", "amount_cents": 0}),
            422,
            "invalid_amount",
        ),
        (
            json!({"kind": "cash", "amount_cents": 100}),
            400,
            "invalid_body",
        ),
        (
            json!({"kind": "refund", "amount_cents": 100, "currency": "EUR"}),
            400,
            "invalid_body",
        ),
        (
            json!({"kind": "other", "note": " \n "}),
            422,
            "note_required",
        ),
        (
            json!({"kind": "other", "note": "x\u{7}"}),
            422,
            "text_control_character",
        ),
    ];
    for (body, status, code) in &resolutions {
        staff_act(&server, &report_id, "resolve", body)
            .await
            .assert_error(*status, code);
    }
    let detail = server
        .get(
            &format!("/api/v1/staff/reports/{report_id}"),
            Some(&server.staff()),
        )
        .await
        .json();
    assert_eq!(detail["report"]["status"], "received", "{detail}");
    assert_eq!(detail["report"]["resolution"], Value::Null, "{detail}");
    println!(
        "problem reports: {} bad bodies, {} bad resolutions refused",
        cases.len(),
        resolutions.len()
    );
}

#[tokio::test]
async fn refused_contact_requests_are_never_stored() {
    let server = TestServer::start().await;
    server.rated_order("o-1", HELSINKI, "c-1", "bad").await;
    let review = server.reviews(HELSINKI, "").await.json()["items"][0]["review_id"]
        .as_str()
        .expect("a review")
        .to_owned();
    bought(&server, "o-2", HELSINKI, "c-2").await;
    let report = crate::report_support::filed(&server, "o-2", "c-2").await;
    let paths = [
        format!("/api/v1/venues/{HELSINKI}/reviews/{review}/contact-requests"),
        format!("/api/v1/venues/{HELSINKI}/reports/{report}/contact-requests"),
    ];
    let token = server.partner(&[HELSINKI]);
    let mut cases = envelope_refusals();
    cases.extend([
        refusal("no message", "{}", 400, "invalid_body", Some("message")),
        refusal(
            "blank message",
            r#"{"message":"  "}"#,
            422,
            "message_required",
            Some("message"),
        ),
        refusal(
            "message with a control character",
            r#"{"message":"hei\u0008"}"#,
            422,
            "text_control_character",
            Some("message"),
        ),
        refusal(
            "message of 2001 emoji",
            format!(r#"{{"message":"{}"}}"#, "🍞".repeat(2001)),
            // 8 KB of UTF-8, under the body limit: refused by length.
            422,
            "message_too_long",
            Some("message"),
        ),
    ]);
    for path in &paths {
        for case in &cases {
            let reply = raw(
                &server,
                Method::POST,
                path,
                Some(&token),
                case.content_type,
                case.body.clone(),
                &[],
            )
            .await;
            assert_refused(&reply, case);
        }
    }
    let listed = server
        .get("/api/v1/staff/contact-requests", Some(&server.staff()))
        .await;
    assert_eq!(listed.json()["items"], json!([]));
    println!(
        "contact requests: {} bad bodies refused on {} paths",
        cases.len(),
        paths.len()
    );
}

/// Unusual but valid text: stored exactly as sent, answered as JSON.
const TEXTS: &[(&str, &str)] = &[
    (
        "right-to-left override",
        "Hyvä \u{202e}ätipaK\u{202c} loppu",
    ),
    (
        "bidi isolates and marks",
        "\u{2067}שלום\u{2069} \u{200f}ok\u{200e}",
    ),
    (
        "zero-width characters",
        "zero\u{200b}width\u{200c}non\u{200d}joiner\u{2060}\u{feff}",
    ),
    (
        "combining characters",
        "Z\u{361}\u{36b}\u{30a}a\u{333}\u{325}l\u{34e}g\u{35a}o\u{301}\u{308}",
    ),
    ("emoji with modifiers and a family", "👍🏽 🥐🥖 👨‍👩‍👧‍👦 🇫🇮"),
    (
        "HTML and script",
        "<script>alert(1)</script><img src=x onerror=alert(2)>",
    ),
    ("attribute breakout", "\"'><svg/onload=alert(3)>&amp;&lt;"),
    ("javascript URL", "javascript:alert(4)//"),
    (
        "template syntax",
        "{{constructor.constructor('alert(5)')()}} ${alert(6)}",
    ),
    ("SQL", "'); DROP TABLE feedback; --"),
];

#[tokio::test]
async fn unusual_text_is_stored_verbatim_and_answered_as_json() {
    let server = TestServer::start().await;
    for (i, (what, text)) in TEXTS.iter().enumerate() {
        let order_id = format!("o-{i}");
        let customer = format!("c-{i}");
        open_order(&server, &order_id, &customer).await;
        let reply = server
            .submit(
                &order_id,
                &customer,
                "k",
                &json!({"rating": "bad", "comment": text}),
            )
            .await;
        assert_eq!(reply.status, 201, "{what}: {}", reply.text);
        assert_eq!(reply.json()["feedback"]["comment"], *text, "{what}");

        // The problem report of another order: description and a reply.
        let reported = format!("r-{i}");
        bought(&server, &reported, HELSINKI, &customer).await;
        let filed = crate::report_support::file(
            &server,
            &reported,
            &customer,
            "k-report",
            &json!({"kind": "other", "description": text}),
        )
        .await;
        assert_eq!(filed.status, 201, "{what}: {}", filed.text);
        let replied =
            crate::report_support::reply_as(&server, &reported, &customer, "k2", text).await;
        assert_eq!(replied.status, 201, "{what}: {}", replied.text);
        let thread = replied.json();
        assert_eq!(thread["report"]["description"], *text, "{what}");
        let messages = thread["report"]["messages"].as_array().expect("messages");
        assert_eq!(
            messages.last().expect("a reply")["body"],
            *text,
            "{what}: {thread}"
        );
    }
    // The venue reads every comment as sent, in a JSON answer that no
    // browser will sniff into HTML.
    let listed = server.reviews(HELSINKI, "?limit=100").await;
    assert_eq!(listed.header("content-type"), Some("application/json"));
    let listed = listed.json();
    let comments: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|r| r["comment"].as_str().expect("a comment"))
        .collect();
    for (what, text) in TEXTS {
        assert!(comments.contains(text), "{what} not listed verbatim");
    }
    let reports = server
        .get(
            &format!("/api/v1/venues/{HELSINKI}/reports"),
            Some(&server.partner(&[HELSINKI])),
        )
        .await
        .json();
    for (what, text) in TEXTS {
        assert!(
            reports["items"]
                .as_array()
                .expect("items")
                .iter()
                .any(|r| r["description"] == *text),
            "{what}: report description not verbatim"
        );
    }
    println!("{} unusual texts stored verbatim", TEXTS.len());
}

#[tokio::test]
async fn oversized_and_malformed_headers_are_refused() {
    let server = TestServer::start().await;
    open_order(&server, "o-1", "c-1").await;
    let token = server.customer("c-1");
    let body = br#"{"rating":"good"}"#.to_vec();
    let post = |headers: Vec<(&'static str, String)>, token: Option<String>| {
        let server = &server;
        let body = body.clone();
        async move {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            raw(
                server,
                Method::POST,
                "/api/v1/orders/o-1/feedback",
                token.as_deref(),
                Some("application/json"),
                body,
                &headers,
            )
            .await
        }
    };
    let key = |k: String| vec![("idempotency-key", k)];

    // Idempotency keys: too long, not visible ASCII, empty.
    post(key("k".repeat(129)), Some(token.clone()))
        .await
        .assert_error(400, "invalid_idempotency_key");
    post(key("a key".into()), Some(token.clone()))
        .await
        .assert_error(400, "invalid_idempotency_key");
    post(key(String::new()), Some(token.clone()))
        .await
        .assert_error(400, "invalid_idempotency_key");
    post(vec![], Some(token.clone()))
        .await
        .assert_error(400, "missing_idempotency_key");

    // Tokens: 8 KiB of garbage, a wrong scheme, a bare token, an `alg: none` token.
    let mut headers = key("k1".into());
    headers.push(("authorization", format!("Bearer {}", "a".repeat(8 * 1024))));
    post(headers, None).await.assert_error(401, "unauthorized");
    let mut headers = key("k1".into());
    headers.push(("authorization", format!("Basic {token}")));
    post(headers, None).await.assert_error(401, "unauthorized");
    let mut headers = key("k1".into());
    headers.push(("authorization", token.clone()));
    post(headers, None).await.assert_error(401, "unauthorized");
    let unsigned = {
        let mut parts = token.split('.');
        let _header = parts.next();
        let claims = parts.next().expect("claims");
        // {"alg":"none","typ":"JWT"}
        format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{claims}.")
    };
    post(key("k1".into()), Some(unsigned))
        .await
        .assert_error(401, "unauthorized");

    // A 64 KiB header: refused before any handler with 431.
    let mut headers = key("k1".into());
    headers.push(("x-padding", "p".repeat(64 * 1024)));
    post(headers, Some(token.clone()))
        .await
        .assert_error(431, "headers_too_large");
    // 150 headers: hyper refuses them itself (431, no body).
    let many: Vec<(&'static str, String)> = (0..150)
        .map(|i| (&*format!("x-h{i}").leak(), "v".to_owned()))
        .chain(key("k1".into()))
        .collect();
    let reply = post(many, Some(token.clone())).await;
    assert_eq!(reply.status, 431, "{}", reply.text);

    // Nothing of it was stored.
    assert_eq!(
        server.order_of("o-1", "c-1").await.json()["feedback"]["state"],
        "open"
    );
}

#[tokio::test]
async fn malformed_paths_and_queries_are_json_refusals() {
    let server = TestServer::start().await;
    let customer = server.customer("c-1");
    let partner = server.partner(&[HELSINKI]);
    let staff = server.staff();
    let cases: [(&str, &str, u16, &str); 10] = [
        // Invalid UTF-8 and a NUL in a path segment.
        ("/api/v1/orders/%FF%FE", &customer, 404, "not_found"),
        ("/api/v1/orders/o%00x", &customer, 404, "not_found"),
        (
            "/api/v1/orders/%C3%28/problem-report",
            &customer,
            404,
            "not_found",
        ),
        (
            "/api/v1/venues/venue-helsinki/feedback?limit=99999999999999999999999",
            &partner,
            422,
            "invalid_field",
        ),
        (
            "/api/v1/venues/venue-helsinki/feedback?limit=-1",
            &partner,
            422,
            "invalid_field",
        ),
        (
            "/api/v1/venues/venue-helsinki/feedback?rating=%FF",
            &partner,
            422,
            "invalid_field",
        ),
        (
            "/api/v1/venues/venue-helsinki/feedback?cursor=%00%00",
            &partner,
            400,
            "invalid_cursor",
        ),
        (
            "/api/v1/staff/reports?older_than_hours=1e10",
            &staff,
            422,
            "invalid_field",
        ),
        (
            "/api/v1/staff/samples?date=99999-01-01",
            &staff,
            422,
            "invalid_field",
        ),
        (
            "/api/v1/staff/report-counts?time_zone=%2E%2E%2Fetc",
            &staff,
            422,
            "invalid_time_zone",
        ),
    ];
    for (path, token, status, code) in cases {
        let reply = server.get(path, Some(token)).await;
        assert_eq!(
            (reply.status, reply.header("content-type")),
            (status, Some("application/json")),
            "{path}: {}",
            reply.text
        );
        assert_eq!(reply.code(), code, "{path}");
    }
    let long = format!("/api/v1/orders/{}", "o".repeat(10_000));
    server
        .get(&long, Some(&customer))
        .await
        .assert_error(404, "not_found");
}
