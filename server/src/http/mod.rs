//! The HTTP API: one module per resource, one error type, one JSON extractor.
//!
//! Every route is registered through [`RouteTable`], which remembers what it
//! registered, so a test can hold the router's routes against the OpenAPI
//! document and an undocumented endpoint fails the build's tests.

pub mod contact;
pub mod edge;
pub mod error;
pub mod events;
pub mod feedback;
pub mod insights;
pub mod json;
pub mod orders;
pub mod photos;
pub mod rate_limit;
pub mod reports;
pub mod sampling;
pub mod staff;
pub mod system;
pub mod venues;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{get, post};

use crate::AppState;

/// A router that remembers its routes.
pub struct RouteTable {
    router: Router<AppState>,
    routes: Vec<(Method, &'static str)>,
}

impl RouteTable {
    fn new() -> RouteTable {
        RouteTable {
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    fn get<H, T>(mut self, path: &'static str, handler: H) -> RouteTable
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, get(handler));
        self.routes.push((Method::GET, path));
        self
    }

    fn post<H, T>(mut self, path: &'static str, handler: H) -> RouteTable
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, post(handler));
        self.routes.push((Method::POST, path));
        self
    }

    /// A POST route that accepts bodies up to `limit` bytes (instead of the
    /// JSON limit every other route has).
    fn post_large<H, T>(mut self, path: &'static str, handler: H, limit: usize) -> RouteTable
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let route = post(handler).layer(DefaultBodyLimit::max(limit));
        self.router = self.router.route(path, route);
        self.routes.push((Method::POST, path));
        self
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }

    /// The registered (method, path) pairs, in OpenAPI path syntax.
    pub fn routes(&self) -> &[(Method, &'static str)] {
        &self.routes
    }
}

/// Every endpoint of the server.
pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/healthz", system::health)
        .get("/api/v1/openapi.json", system::openapi_document)
        .get("/api/v1/demo", system::demo_directory)
        .post("/api/v1/orders", orders::register_order)
        .get("/api/v1/orders/{order_id}", orders::read_order)
        .post("/api/v1/orders/{order_id}/pickup", orders::mark_picked_up)
        .post(
            "/api/v1/orders/{order_id}/feedback",
            feedback::submit_feedback,
        )
        .get("/api/v1/venues/{venue_id}/feedback", venues::list_reviews)
        .get("/api/v1/venues/{venue_id}/rating", venues::public_rating)
        .get("/api/v1/venues/{venue_id}/events", events::venue_events)
        .get("/api/v1/staff/events", events::staff_events)
        .get("/api/v1/venues/{venue_id}/summary", insights::venue_summary)
        .post(
            "/api/v1/venues/{venue_id}/reviews/{review_id}/contact-requests",
            contact::request_contact,
        )
        .post(
            "/api/v1/venues/{venue_id}/reports/{report_id}/contact-requests",
            contact::request_contact_about_report,
        )
        .get(
            "/api/v1/staff/contact-requests",
            contact::staff_contact_requests,
        )
        .post(
            "/api/v1/staff/contact-requests/{request_id}/handled",
            contact::mark_handled,
        )
        .get("/api/v1/staff/samples", sampling::daily_sample)
        .post(
            "/api/v1/staff/samples/{review_id}/read",
            sampling::mark_read,
        )
        .post(
            "/api/v1/orders/{order_id}/problem-report",
            reports::create_report,
        )
        .get(
            "/api/v1/orders/{order_id}/problem-report",
            reports::read_report,
        )
        .post(
            "/api/v1/orders/{order_id}/problem-report/messages",
            reports::reply,
        )
        .post_large(
            "/api/v1/orders/{order_id}/problem-report/photos",
            photos::upload_photo,
            resq_core::report::PHOTO_MAX_BYTES,
        )
        .get(
            "/api/v1/problem-reports/{report_id}/photos/{photo_id}",
            photos::read_photo,
        )
        .get("/api/v1/venues/{venue_id}/reports", reports::venue_reports)
        .get("/api/v1/staff/reports", staff::queue)
        .get("/api/v1/staff/report-counts", staff::counts)
        .get("/api/v1/staff/reports/{report_id}", staff::report)
        .post("/api/v1/staff/reports/{report_id}/ask", staff::ask)
        .post("/api/v1/staff/reports/{report_id}/resolve", staff::resolve)
        .post("/api/v1/staff/reports/{report_id}/reopen", staff::reopen)
}

/// The (method, path) pairs the router serves, e.g. `("POST", "/api/v1/orders")`.
pub fn registered_routes() -> Vec<(String, String)> {
    routes()
        .routes()
        .iter()
        .map(|(method, path)| (method.to_string(), (*path).to_owned()))
        .collect()
}
