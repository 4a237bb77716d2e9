//! The HTTP API over real HTTP against a temporary SQLite file, with a fixed
//! clock. One test binary (one link) for all of it.

mod concurrency;
mod demo;
mod feedback;
mod http;
mod openapi;
mod orders;
mod support;
mod venues;
