//! The OpenAPI document (`GET /api/v1/openapi.json`): every endpoint, its
//! request and response schemas, every error response with its codes, and
//! the bearer security scheme.

use std::sync::LazyLock;

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, OpenApi as OpenApiDocument, Ref, RefOr, Response, ResponseBuilder,
};
use utoipa::{Modify, OpenApi};

use crate::http::{
    contact, events, feedback, insights, orders, photos, reports, sampling, staff, system, venues,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ResQ feedback API",
        description = "Customer feedback on ResQ Club orders: ratings, follow-up aspects and comments; the venue's anonymous review list; the public rating. Every error is an `ApiError` with a stable `code`.",
    ),
    paths(
        system::health,
        system::openapi_document,
        system::demo_directory,
        orders::register_order,
        orders::read_order,
        orders::mark_picked_up,
        feedback::submit_feedback,
        venues::list_reviews,
        venues::public_rating,
        events::venue_events,
        events::staff_events,
        insights::venue_summary,
        contact::request_contact,
        contact::request_contact_about_report,
        contact::staff_contact_requests,
        contact::mark_handled,
        sampling::daily_sample,
        sampling::mark_read,
        reports::create_report,
        reports::read_report,
        reports::reply,
        photos::upload_photo,
        photos::read_photo,
        reports::venue_reports,
        staff::queue,
        staff::counts,
        staff::report,
        staff::ask,
        staff::resolve,
        staff::reopen,
    ),
    components(schemas(
        resq_core::api::ApiError,
        resq_core::ErrorCode,
        // The staff stream's `contact_request_changed` payload.
        resq_core::contact::ContactRequestChange,
    )),
    modifiers(&BearerAuth, &CommonErrors),
    tags(
        (name = "orders", description = "Orders and their pickup mark (R1)."),
        (name = "feedback", description = "Customer feedback (R1–R4)."),
        (name = "venues", description = "A venue's reviews (R6–R8) and public rating (R12, R13)."),
        (name = "live", description = "Live event streams (R5, R10): Server-Sent Events with replay from `Last-Event-ID`."),
        (name = "problem reports", description = "\"Is there a problem with this order?\" (R9): the customer's report, its thread and photos; the venue's anonymous list."),
        (name = "customer service", description = "The service queue (R10): every problem report, asking for information, resolving with a refund, credits or other, reopening; venues' requests to contact a customer (R7), marked handled."),
        (name = "quality sampling", description = "R11: a reproducible daily sample of reviews for staff to read and flag."),
        (name = "system", description = "Health, this document, demo."),
    )
)]
pub struct ApiDoc;

/// The document, built once.
pub fn document() -> &'static OpenApiDocument {
    static DOCUMENT: LazyLock<OpenApiDocument> = LazyLock::new(ApiDoc::openapi);
    &DOCUMENT
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut OpenApiDocument) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "HS256 JWT with claims `sub`, `role` (`customer`, `partner`, `staff`, `service`), `venues` (partner), `iat`, `exp`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Errors any operation can answer with, added to every operation: the
/// server's own failures, and (for authenticated operations) 401 as written
/// per handler.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut OpenApiDocument) {
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let responses = &mut operation.responses.responses;
                for (status, text) in [
                    (
                        "405",
                        "`method_not_allowed`: this path does not serve that method.",
                    ),
                    (
                        "431",
                        "`headers_too_large`: the request headers are over 16 KiB together.",
                    ),
                    (
                        "500",
                        "`internal`: a failure on the server; nothing was changed.",
                    ),
                    (
                        "503",
                        "`storage_unavailable`: the database is busy, read-only, full or failing; nothing was changed. Retry after `Retry-After` seconds with the same idempotency key.",
                    ),
                ] {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error_response(text));
                }
            }
            // Writes are rate limited per token and per address.
            if let Some(operation) = &mut item.post {
                operation
                    .responses
                    .responses
                    .entry("429".to_owned())
                    .or_insert_with(|| {
                        error_response(
                            "`rate_limited`: too many writes from this token or address; retry after `Retry-After` seconds.",
                        )
                    });
            }
        }
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build(),
    )
}
