//! "Ask ResQ to contact this customer" on a problem report (R7), customer
//! service marking requests handled, and the staff stream telling about
//! both. The venue names a report; only staff see the customer.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::partner_page::give;
use crate::report_support::{bought, filed};
use crate::sse::{EventStream, open};
use crate::support::*;

fn report_contact_path(venue: &str, report_id: &str) -> String {
    format!("/api/v1/venues/{venue}/reports/{report_id}/contact-requests")
}

fn handled_path(request_id: &str) -> String {
    format!("/api/v1/staff/contact-requests/{request_id}/handled")
}

/// Asks as Helsinki's partner about `report_id`; answers the request id.
async fn ask_about_report(server: &TestServer, report_id: &str, message: &str) -> String {
    let reply = server
        .post(
            &report_contact_path(HELSINKI, report_id),
            Some(&server.partner(&[HELSINKI])),
            &json!({ "message": message }),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()["request_id"]
        .as_str()
        .expect("a request id")
        .to_owned()
}

async fn staff_list(server: &TestServer, query: &str) -> Value {
    let reply = server
        .get(
            &format!("/api/v1/staff/contact-requests{query}"),
            Some(&server.staff()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}

async fn mark_handled(server: &TestServer, request_id: &str, token: &str) -> Reply {
    server
        .send(
            Method::POST,
            &handled_path(request_id),
            Some(token),
            None,
            &[],
        )
        .await
}

fn ids(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["request_id"].as_str().expect("a request id"))
        .collect()
}

async fn stream(server: &TestServer, path: &str, token: &str) -> EventStream {
    let (status, stream, text) = open(server, path, Some(token), &[]).await;
    assert_eq!(status, 200, "{text}");
    stream.expect("a stream")
}

#[tokio::test]
async fn a_partner_asks_resq_about_a_problem_report_and_only_staff_see_who() {
    let server = TestServer::start().await;
    bought(&server, "order-r1", HELSINKI, "cust-of-order-r1").await;
    let report_id = filed(&server, "order-r1", "cust-of-order-r1").await;

    let reply = server
        .post(
            &report_contact_path(HELSINKI, &report_id),
            Some(&server.partner(&[HELSINKI])),
            &json!({"message": "  Haluamme korvata väärän tuotteen.  "}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let receipt = reply.json();
    assert_eq!(
        receipt["about"],
        json!({"kind": "report", "report_id": report_id})
    );
    assert_eq!(receipt["message"], "Haluamme korvata väärän tuotteen.");
    assert!(
        !reply.text.contains("cust-of-order-r1") && !reply.text.contains("order-r1"),
        "{}",
        reply.text
    );

    let list = staff_list(&server, "").await;
    let item = &list["items"][0];
    assert_eq!(item["request_id"], receipt["request_id"]);
    assert_eq!(
        item["about"],
        json!({
            "kind": "report",
            "report_id": report_id,
            "problem": "wrong_product",
            "description": "Väärä tuote",
            "status": "received",
        })
    );
    assert_eq!(item["customer_id"], "cust-of-order-r1");
    assert_eq!(item["order_id"], "order-r1");
    assert_eq!(item["venue"]["id"], HELSINKI);
    assert_eq!(item["purchase_date"], "2026-03-10");
    assert_eq!(item["message"], "Haluamme korvata väärän tuotteen.");
    assert_eq!(item["status"], "open");
    assert_eq!(item.get("handled_at"), None);
}

#[tokio::test]
async fn a_report_outside_the_partners_page_does_not_exist_for_it() {
    let server = TestServer::start().await;
    bought(&server, "order-h", HELSINKI, "cust-h").await;
    let helsinki_report = filed(&server, "order-h", "cust-h").await;
    bought(&server, "order-s", STOCKHOLM, "cust-s").await;
    let stockholm_report = filed(&server, "order-s", "cust-s").await;
    give(&server, "order-rated", HELSINKI, json!({"rating": "bad"})).await;
    let review_id = server.reviews(HELSINKI, "").await.json()["items"][0]["review_id"]
        .as_str()
        .expect("a review id")
        .to_owned();
    let helsinki = server.partner(&[HELSINKI]);
    let stockholm = server.partner(&[STOCKHOLM]);
    let body = json!({"message": "Soittakaa asiakkaalle"});

    for (path, token) in [
        // Helsinki's report through Helsinki's path, with Stockholm's token.
        (report_contact_path(HELSINKI, &helsinki_report), &stockholm),
        // Helsinki's report through Stockholm's own path.
        (report_contact_path(STOCKHOLM, &helsinki_report), &stockholm),
        // Stockholm's report through Helsinki's path.
        (report_contact_path(HELSINKI, &stockholm_report), &helsinki),
        // A review is not a report, and no such report exists.
        (report_contact_path(HELSINKI, &review_id), &helsinki),
        (report_contact_path(HELSINKI, "no-such-report"), &helsinki),
    ] {
        server
            .post(&path, Some(token), &body)
            .await
            .assert_error(404, "not_found");
    }
    let path = report_contact_path(HELSINKI, &helsinki_report);
    for token in [server.staff(), server.customer("cust-h"), server.service()] {
        server
            .post(&path, Some(&token), &body)
            .await
            .assert_error(403, "forbidden");
    }
    server
        .post(&path, None, &body)
        .await
        .assert_error(401, "unauthorized");
    server
        .post(&path, Some(&helsinki), &json!({"message": " "}))
        .await
        .assert_error(422, "message_required");
    assert_eq!(staff_list(&server, "").await["items"], json!([]));

    // Two months on, the report has left the venue's page (R6): no request.
    server.clock.set(utc("2026-05-11T10:00:00Z"));
    server
        .post(&path, Some(&helsinki), &body)
        .await
        .assert_error(404, "not_found");
    assert_eq!(staff_list(&server, "").await["items"], json!([]));
}

#[tokio::test]
async fn staff_mark_a_request_handled_once_and_see_open_ones_first() {
    let server = TestServer::start().await;
    bought(&server, "order-a", HELSINKI, "cust-a").await;
    let report_a = filed(&server, "order-a", "cust-a").await;
    bought(&server, "order-b", HELSINKI, "cust-b").await;
    let report_b = filed(&server, "order-b", "cust-b").await;
    let first = ask_about_report(&server, &report_a, "Ensimmäinen").await;
    server.clock.set(utc("2026-03-10T10:05:00Z"));
    let second = ask_about_report(&server, &report_b, "Toinen").await;
    assert_eq!(ids(&staff_list(&server, "").await), [&second, &first]);

    // The newer one is handled: the older, open one comes first now.
    server.clock.set(utc("2026-03-10T11:00:00Z"));
    let handled = mark_handled(&server, &second, &server.staff()).await;
    assert_eq!(handled.status, 200, "{}", handled.text);
    let handled = handled.json();
    assert_eq!(handled["request_id"], second.as_str());
    assert_eq!(handled["status"], "handled");
    assert_eq!(handled["handled_at"], "2026-03-10T11:00:00Z");
    assert_eq!(handled["handled_by"], "staff-member");
    assert_eq!(handled["customer_id"], "cust-b");
    assert_eq!(handled["about"]["report_id"], report_b.as_str());

    let all = staff_list(&server, "").await;
    assert_eq!(ids(&all), [&first, &second]);
    assert_eq!(all["items"][0]["status"], "open");
    assert_eq!(all["items"][1], handled);
    assert_eq!(
        ids(&staff_list(&server, "?status=all").await),
        [&first, &second]
    );
    assert_eq!(ids(&staff_list(&server, "?status=open").await), [&first]);
    assert_eq!(
        ids(&staff_list(&server, "?status=handled").await),
        [&second]
    );

    // Marking again changes nothing: the first handling stands.
    server.clock.set(utc("2026-03-10T12:00:00Z"));
    let again = mark_handled(&server, &second, &server.staff()).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.json(), handled);

    for bad in ["?status=closed", "?status=", "?status=open&status=handled"] {
        server
            .get(
                &format!("/api/v1/staff/contact-requests{bad}"),
                Some(&server.staff()),
            )
            .await
            .assert_error(422, "invalid_field");
    }
    mark_handled(&server, "no-such-request", &server.staff())
        .await
        .assert_error(404, "not_found");
    for token in [
        server.partner(&[HELSINKI]),
        server.customer("cust-a"),
        server.service(),
    ] {
        mark_handled(&server, &first, &token)
            .await
            .assert_error(403, "forbidden");
    }
    assert_eq!(ids(&staff_list(&server, "?status=open").await), [&first]);
}

#[tokio::test]
async fn staff_hear_of_each_request_and_its_handling_live_and_venues_do_not() {
    let server = TestServer::start().await;
    bought(&server, "order-live", HELSINKI, "cust-live").await;
    let report_id = filed(&server, "order-live", "cust-live").await;
    give(
        &server,
        "order-live-rated",
        HELSINKI,
        json!({"rating": "bad", "comment": "Kylmä"}),
    )
    .await;
    let review_id = server.reviews(HELSINKI, "").await.json()["items"][0]["review_id"]
        .as_str()
        .expect("a review id")
        .to_owned();
    let mut staff = stream(&server, "/api/v1/staff/events", &server.staff()).await;
    let mut venue = stream(
        &server,
        &format!("/api/v1/venues/{HELSINKI}/events"),
        &server.partner(&[HELSINKI]),
    )
    .await;

    let about_report = ask_about_report(&server, &report_id, "Raportista").await;
    let review_path = format!("/api/v1/venues/{HELSINKI}/reviews/{review_id}/contact-requests");
    let about_review = server
        .post(
            &review_path,
            Some(&server.partner(&[HELSINKI])),
            &json!({"message": "Arvostelusta"}),
        )
        .await;
    assert_eq!(about_review.status, 201, "{}", about_review.text);
    let about_review = about_review.json()["request_id"]
        .as_str()
        .expect("a request id")
        .to_owned();
    let handled = mark_handled(&server, &about_report, &server.staff()).await;
    assert_eq!(handled.status, 200, "{}", handled.text);

    let mut payloads = Vec::new();
    for _ in 0..3 {
        let event = staff.next().await;
        assert_eq!(event.event.as_deref(), Some("contact_request_changed"));
        assert!(
            !event.data.contains("cust-live") && !event.data.contains("order-live"),
            "{}",
            event.data
        );
        payloads.push(event.json());
    }
    assert_eq!(
        payloads,
        [
            json!({"request_id": about_report, "venue_id": HELSINKI, "status": "open",
                   "about": {"kind": "report", "report_id": report_id}}),
            json!({"request_id": about_review, "venue_id": HELSINKI, "status": "open",
                   "about": {"kind": "review", "review_id": review_id}}),
            json!({"request_id": about_report, "venue_id": HELSINKI, "status": "handled",
                   "about": {"kind": "report", "report_id": report_id}}),
        ]
    );
    // Marking again is no change: no event.
    mark_handled(&server, &about_report, &server.staff()).await;
    assert!(
        staff
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "no event for a request already handled"
    );
    assert!(
        venue
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "the venue's stream hears nothing of contact requests"
    );
}
