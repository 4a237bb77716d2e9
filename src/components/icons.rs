//! The rating faces (decorative: the text beside them names the rating).

use leptos::prelude::*;
use resq_core::Rating;

/// The face of a rating, drawn with `currentColor`.
pub fn rating_icon(rating: Rating) -> impl IntoView {
    let mouth = match rating {
        Rating::Good => "M7.5 13.5c1 2 2.6 3 4.5 3s3.5-1 4.5-3",
        Rating::Ok => "M8 15h8",
        Rating::Bad => "M7.5 16.5c1-2 2.6-3 4.5-3s3.5 1 4.5 3",
    };
    view! {
        <svg class="resq-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" />
            <circle class="resq-eye" cx="9" cy="9.5" r="1.2" />
            <circle class="resq-eye" cx="15" cy="9.5" r="1.2" />
            <path d=mouth />
        </svg>
    }
}
