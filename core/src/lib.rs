//! The ResQ feedback domain, once.
//!
//! The rules of the seed text (R1–R13) live here as pure functions with the
//! clock passed in; the server enforces them and the widget uses them to show
//! the right state. No I/O: this crate builds for `wasm32` and native.

pub mod api;
pub mod contact;
pub mod error;
pub mod feedback;
pub mod live;
pub mod order;
pub mod report;
#[cfg(feature = "rules")]
pub mod rules;
pub mod sampling;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod summary;
pub mod validation;

pub use error::ErrorCode;
pub use feedback::{Aspect, Feedback, FeedbackState, Rating};
pub use order::{PickupMark, PickupWindow, ProblemKind, Product};
