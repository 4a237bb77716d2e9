//! The problem-report endpoints, on the widget's one API client.

use super::wire::{self, ReportView};
use crate::api::{Body, Client, Failure};

impl Client {
    /// `GET /orders/{order_id}/problem-report`: the report and availability.
    pub async fn problem_report(&self, order_id: &str) -> Result<ReportView, Failure> {
        let url = self.url(&["orders", order_id, "problem-report"]);
        self.request("GET", &url, None, None, wire::report_view)
            .await
    }

    /// `POST /orders/{order_id}/problem-report`; `body` is the JSON text of a
    /// `CreateProblemReport`. A replay answers the same view.
    pub fn file_report<'a>(
        &'a self,
        order_id: &str,
        idempotency_key: &'a str,
        body: &'a str,
    ) -> impl Future<Output = Result<ReportView, Failure>> + use<'a> {
        let url = self.url(&["orders", order_id, "problem-report"]);
        self.post_to_report(url, idempotency_key, body)
    }

    /// `POST /orders/{order_id}/problem-report/messages`.
    pub fn reply_to_report<'a>(
        &'a self,
        order_id: &str,
        idempotency_key: &'a str,
        body: &'a str,
    ) -> impl Future<Output = Result<ReportView, Failure>> + use<'a> {
        let url = self.url(&["orders", order_id, "problem-report", "messages"]);
        self.post_to_report(url, idempotency_key, body)
    }

    /// A `POST` of JSON text with its idempotency key, answered by the
    /// report's view: filing and replying share this one future (the
    /// wrappers above are not `async`, so it is compiled once).
    async fn post_to_report(
        &self,
        url: String,
        idempotency_key: &str,
        body: &str,
    ) -> Result<ReportView, Failure> {
        self.request(
            "POST",
            &url,
            Some(idempotency_key),
            Some(Body::Json(body)),
            wire::report_view,
        )
        .await
    }

    /// `POST /orders/{order_id}/problem-report/photos` with JPEG bytes.
    pub async fn add_report_photo(
        &self,
        order_id: &str,
        idempotency_key: &str,
        jpeg: &[u8],
    ) -> Result<(), Failure> {
        let url = self.url(&["orders", order_id, "problem-report", "photos"]);
        self.request(
            "POST",
            &url,
            Some(idempotency_key),
            Some(Body::Bytes(jpeg, "image/jpeg")),
            wire::photo,
        )
        .await
    }
}
