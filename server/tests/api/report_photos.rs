//! Photos of problem reports (R9): JPEG, PNG or WebP up to 5 MiB, typed by
//! their bytes, served only to the report's customer, its venue and staff.

use serde_json::json;

use crate::report_support::*;
use crate::support::*;

const MIB: usize = 1024 * 1024;

async fn reported(server: &TestServer) -> String {
    bought(server, "order-1", HELSINKI, "customer-a").await;
    filed(server, "order-1", "customer-a").await
}

#[tokio::test]
async fn a_photo_is_stored_and_served_with_its_sniffed_type() {
    let server = TestServer::start().await;
    let report = reported(&server).await;
    let token = server.customer("customer-a");
    // Declared as nothing in particular: the bytes say PNG.
    let reply = upload(
        &server,
        "order-1",
        &token,
        "p1",
        Some("application/octet-stream"),
        png(),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let photo_id = reply.json()["photo_id"]
        .as_str()
        .expect("a photo id")
        .to_owned();
    assert_eq!(reply.json()["content_type"], "image/png");
    assert_eq!(reply.json()["size_bytes"], png().len());

    let (status, headers, bytes) = photo(&server, &report, &photo_id, &token).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, png());
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("content-type"), Some("image/png"));
    assert_eq!(header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        header("content-disposition"),
        Some(format!("inline; filename=\"photo-{photo_id}.png\"").as_str())
    );
    // The thread lists it; the venue's list too.
    let view = thread(&server, "order-1", "customer-a").await.json();
    assert_eq!(view["report"]["photos"][0]["photo_id"], photo_id.as_str());
    let listed = server
        .get(
            &format!("/api/v1/venues/{HELSINKI}/reports"),
            Some(&server.partner(&[HELSINKI])),
        )
        .await
        .json();
    assert_eq!(
        listed["items"][0]["photos"][0]["photo_id"],
        photo_id.as_str()
    );
}

#[tokio::test]
async fn only_the_customer_the_venue_and_staff_see_a_photo() {
    let server = TestServer::start().await;
    let report = reported(&server).await;
    let reply = upload(
        &server,
        "order-1",
        &server.customer("customer-a"),
        "p1",
        Some("image/jpeg"),
        jpeg(2048),
    )
    .await;
    let photo_id = reply.json()["photo_id"].as_str().expect("id").to_owned();
    for (token, expected) in [
        (server.customer("customer-a"), 200),
        (server.partner(&[HELSINKI]), 200),
        (server.staff(), 200),
        (server.customer("customer-b"), 404),
        (server.partner(&[STOCKHOLM]), 404),
        (server.service(), 403),
    ] {
        let (status, _, _) = photo(&server, &report, &photo_id, &token).await;
        assert_eq!(status, expected, "{token}");
    }
    // The right photo under the wrong report is not found.
    bought(&server, "order-2", HELSINKI, "customer-a").await;
    let other = filed(&server, "order-2", "customer-a").await;
    let (status, _, _) = photo(&server, &other, &photo_id, &server.staff()).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn wrong_types_and_sizes_are_refused_with_their_own_codes() {
    let server = TestServer::start().await;
    reported(&server).await;
    let token = server.customer("customer-a");
    let cases: [(Option<&str>, Vec<u8>, u16, &str); 5] = [
        (Some("image/jpeg"), png(), 422, "photo_type_mismatch"),
        (
            Some("image/gif"),
            b"GIF89a\x01\0\x01\0".to_vec(),
            415,
            "photo_unsupported_type",
        ),
        (
            Some("image/png"),
            b"<svg onload=alert(1)>".to_vec(),
            415,
            "photo_unsupported_type",
        ),
        (None, Vec::new(), 415, "photo_unsupported_type"),
        (
            Some("image/jpeg"),
            jpeg(5 * MIB + 1),
            413,
            "photo_too_large",
        ),
    ];
    for (i, (declared, bytes, status, code)) in cases.into_iter().enumerate() {
        upload(
            &server,
            "order-1",
            &token,
            &format!("bad-{i}"),
            declared,
            bytes,
        )
        .await
        .assert_error(status, code);
    }
    // Exactly 5 MiB is accepted.
    let ok = upload(
        &server,
        "order-1",
        &token,
        "max",
        Some("image/jpeg"),
        jpeg(5 * MIB),
    )
    .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.json()["size_bytes"], 5 * MIB);
    // Other routes keep the small JSON limit.
    let big = json!({"message": "x".repeat(20 * 1024)});
    server
        .send(
            reqwest::Method::POST,
            &format!("{}/messages", report_path("order-1")),
            Some(&token),
            Some(&big),
            &[("idempotency-key", "big")],
        )
        .await
        .assert_error(413, "body_too_large");
}

#[tokio::test]
async fn five_photos_at_most_exactly_once_each_and_never_on_a_resolved_report() {
    let server = TestServer::start().await;
    let token = server.customer("customer-a");
    bought(&server, "order-0", HELSINKI, "customer-a").await;
    upload(&server, "order-0", &token, "none", None, png())
        .await
        .assert_error(404, "not_found");
    let report = reported(&server).await;
    let first = upload(&server, "order-1", &token, "p0", None, jpeg(100)).await;
    let replay = upload(&server, "order-1", &token, "p0", None, jpeg(100)).await;
    assert_eq!(replay.text, first.text);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    upload(&server, "order-1", &token, "p0", None, jpeg(101))
        .await
        .assert_error(422, "idempotency_key_reused");
    for i in 1..5 {
        let reply = upload(
            &server,
            "order-1",
            &token,
            &format!("p{i}"),
            None,
            jpeg(100 + i),
        )
        .await;
        assert_eq!(reply.status, 201, "{}", reply.text);
    }
    upload(&server, "order-1", &token, "p5", None, jpeg(200))
        .await
        .assert_error(409, "photo_limit_reached");
    let view = thread(&server, "order-1", "customer-a").await.json();
    assert_eq!(view["report"]["photos"].as_array().map(Vec::len), Some(5));

    bought(&server, "order-9", HELSINKI, "customer-a").await;
    let resolved = filed(&server, "order-9", "customer-a").await;
    resolve_with_credits(&server, &resolved).await;
    upload(&server, "order-9", &token, "late", None, png())
        .await
        .assert_error(409, "problem_report_resolved");
    // Another customer cannot add to this report; staff cannot upload.
    upload(
        &server,
        "order-1",
        &server.customer("customer-b"),
        "x",
        None,
        png(),
    )
    .await
    .assert_error(404, "not_found");
    upload(&server, "order-1", &server.staff(), "x", None, png())
        .await
        .assert_error(403, "forbidden");
    let _ = report;
}
