//! The ResQ Club console: the partner's Feedback page (R5–R8, R12, R13) and
//! the customer-service console (R10, R11), one Leptos CSR bundle separate
//! from the customer widget.
//!
//! - [`shell`]: sign-in (a pasted token, or the demo's tokens), language,
//!   and the area the token's role may use.
//! - [`partner`]: the venue's Feedback page.
//! - [`service`]: the customer-service console (problem reports, sampling).
//! - [`api`] and [`live`]: the API client and the live stream.

pub mod api;
pub mod contacts;
pub mod i18n;
pub mod live;
pub mod partner;
pub mod service;
pub mod session;
pub mod shell;
mod storage;

pub use shell::App;
