//! R11: the day's quality sample is reproducible, over-represents bad
//! ratings with a comment, and is for staff only.

use serde_json::{Value, json};

use crate::partner_page::give;
use crate::support::*;

async fn sample(server: &TestServer, date: &str) -> Value {
    let reply = server
        .get(
            &format!("/api/v1/staff/samples?date={date}"),
            Some(&server.staff()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}

fn ids(sample: &Value) -> Vec<String> {
    sample["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["review_id"].as_str().expect("an id").to_owned())
        .collect()
}

/// 40 reviews on 10 March: every tenth a bad rating with a comment.
async fn a_day_of_reviews(server: &TestServer) {
    for i in 0..40 {
        let feedback = match i % 10 {
            0 => json!({"rating": "bad", "comment": format!("huono {i}")}),
            1 | 2 => json!({"rating": "bad"}),
            3 | 4 => json!({"rating": "ok", "comment": format!("ok {i}")}),
            _ => json!({"rating": "good"}),
        };
        let venue = if i % 2 == 0 { HELSINKI } else { STOCKHOLM };
        give(server, &format!("day-{i:02}"), venue, feedback).await;
    }
}

#[tokio::test]
async fn the_sample_of_a_day_is_reproducible_and_over_represents_bad_comments() {
    let server = TestServer::start_with(|state| state.sample_size = 10).await;
    a_day_of_reviews(&server).await;
    let first = sample(&server, "2026-03-10").await;
    assert_eq!(first["population"], 40);
    assert_eq!(first["population_bad_with_comment"], 4);
    let chosen = ids(&first);
    assert_eq!(chosen.len(), 10);
    assert_eq!(
        ids(&sample(&server, "2026-03-10").await),
        chosen,
        "same day, same sample"
    );
    // 10% of the day, 40% of the sample: every bad rating with a comment.
    let bad_with_comment = first["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["stratum"] == "bad_with_comment")
        .count();
    assert_eq!(bad_with_comment, 4);
    assert!(
        first["items"][0]["comment"]
            .as_str()
            .is_some_and(|c| c.starts_with("huono"))
    );
    // Another day has other reviews (none here).
    assert_eq!(sample(&server, "2026-03-11").await["items"], json!([]));
}

#[tokio::test]
async fn staff_mark_sampled_reviews_read_and_flag_them() {
    let server = TestServer::start_with(|state| state.sample_size = 5).await;
    a_day_of_reviews(&server).await;
    let day = sample(&server, "2026-03-10").await;
    let chosen = ids(&day);
    let path = format!("/api/v1/staff/samples/{}/read", chosen[0]);
    let reply = server
        .post(
            &path,
            Some(&server.staff()),
            &json!({"flag": true, "note": "Soita asiakkaalle"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["flagged"], true);
    let again = sample(&server, "2026-03-10").await;
    assert_eq!(again["items"][0]["read"]["flagged"], true);
    assert_eq!(again["items"][0]["read"]["note"], "Soita asiakkaalle");
    assert!(again["items"][1].get("read").is_none());
    let unflag = server
        .post(&path, Some(&server.staff()), &json!({"flag": false}))
        .await;
    assert_eq!(unflag.json()["flagged"], false);

    // A review of the day that is not in the sample cannot be marked.
    let all = server.reviews(HELSINKI, "?limit=100").await.json();
    let outside = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["review_id"].as_str().expect("an id").to_owned())
        .find(|id| !chosen.contains(id))
        .expect("a review outside the sample");
    server
        .post(
            &format!("/api/v1/staff/samples/{outside}/read"),
            Some(&server.staff()),
            &json!({"flag": false}),
        )
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn sampling_is_for_staff_and_needs_a_day() {
    let server = TestServer::start().await;
    let partner = server.partner(&[HELSINKI]);
    server
        .get("/api/v1/staff/samples?date=2026-03-10", Some(&partner))
        .await
        .assert_error(403, "forbidden");
    server
        .post(
            "/api/v1/staff/samples/r1/read",
            Some(&partner),
            &json!({"flag": true}),
        )
        .await
        .assert_error(403, "forbidden");
    for query in ["", "?date=10.3.2026", "?date=2026-02-30"] {
        let reply = server
            .get(
                &format!("/api/v1/staff/samples{query}"),
                Some(&server.staff()),
            )
            .await;
        reply.assert_error(422, "invalid_field");
        assert_eq!(reply.json()["field"], "date");
    }
}
