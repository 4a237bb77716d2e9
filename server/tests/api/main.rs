//! The HTTP API over real HTTP against a temporary SQLite file, with a fixed
//! clock. One test binary (one link) for all of it.

mod authz_matrix;
mod bad_input;
mod concurrency;
mod console;
mod contact_requests;
mod demo;
mod feedback;
mod http;
mod live;
mod openapi;
mod orders;
mod partner_page;
mod problem_reports;
mod rate_limits;
mod report_photos;
mod report_service;
mod report_support;
mod sampling;
mod security_headers;
mod sse;
mod support;
mod venues;
