//! The HTTP API over real HTTP against a temporary SQLite file, with a fixed
//! clock. One test binary (one link) for all of it.

mod concurrency;
mod demo;
mod feedback;
mod http;
mod live;
mod openapi;
mod orders;
mod sse;
mod support;
mod venues;
