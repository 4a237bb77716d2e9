//! The ResQ Club customer feedback widget (Leptos, client-side rendered).
//!
//! A customer rates an order good / OK / bad, answers the rating's follow-up
//! question, may comment, and sends it once (R2–R4). The rules live in
//! `resq_core`; this crate renders them, talks to the API, keeps unsent
//! feedback in an outbox, and embeds itself in any page (see `embed`).

pub mod api;
pub mod components;
pub mod controller;
pub mod embed;
pub mod i18n;
pub mod offline;
pub mod rating;
pub mod report;
pub mod state;

pub use components::Widget;
pub use controller::WidgetConfig;
