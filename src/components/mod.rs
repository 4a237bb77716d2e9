//! The widget's views, one file per part of the form.

mod comment;
mod details;
mod icons;
mod rating;
mod status;
mod summary;
mod widget;

pub use widget::Widget;

use leptos::html;
use leptos::prelude::*;

/// A reactive attribute value or text behind one boxed type per value type.
/// Leptos compiles its reactive attribute and text code once per closure
/// type; boxed, every `Fn() -> T` shares one copy (a `Signal::derive` costs
/// more than it saves: the signal's machinery per `T`).
pub fn reactive<T>(f: impl Fn() -> T + Send + Sync + 'static) -> Box<dyn Fn() -> T + Send + Sync> {
    Box::new(f)
}

/// A heading that takes focus once it is in the page when `focus` holds
/// `here`, giving the claim up (`focus` is the widget's or the problem
/// report's `Focus`).
pub fn heading_for_focus<F>(focus: StoredValue<Option<F>>, here: F) -> NodeRef<html::H2>
where
    F: Copy + PartialEq + Send + Sync + 'static,
{
    let heading = NodeRef::new();
    focus_heading(
        heading,
        Box::new(move || {
            let due = focus.get_value() == Some(here);
            if due {
                focus.set_value(None);
            }
            due
        }),
    );
    heading
}

/// Moves focus to `heading` once it is in the page, if `due()` says focus
/// belongs there (`due` gives the claim up). The feedback widget's and the
/// problem report's headings share this one effect: an effect is compiled
/// once per closure type.
fn focus_heading(heading: NodeRef<html::H2>, due: Box<dyn Fn() -> bool>) {
    Effect::new(move |_| {
        if let Some(heading) = heading.get()
            && due()
        {
            let _ = heading.focus();
        }
    });
}
