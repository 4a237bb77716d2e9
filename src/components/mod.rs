//! The widget's views, one file per part of the form.

mod comment;
mod details;
mod icons;
mod rating;
mod status;
mod summary;
mod widget;

pub use widget::Widget;
