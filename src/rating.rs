//! The public rating badge (R12, R13): `<resq-rating venue-id=…>` shows a
//! venue's good / OK / bad ratings of the last two months, or "Not enough
//! ratings yet" while it has fewer than five. The server decides both from
//! the counts it keeps; the badge only shows its answer.

use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use resq_core::Rating;
use resq_core::api::RatingCounts;
use resq_core::summary::rating_shares;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::api::{Client, Failure};
use crate::components::reactive;
use crate::embed::{WidgetHandle, mount_component};
use crate::i18n::{Key, Lang, fill, rating_key, tr};

/// What the badge shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadgeState {
    Loading,
    /// R12: five or more ratings in the window (R13).
    Public(RatingCounts),
    NotEnough,
    Unavailable,
}

/// Reads a `PublicRating` answer: the counts when public.
pub fn decode(value: &JsValue) -> Option<BadgeState> {
    let get = |v: &JsValue, name: &str| Reflect::get(v, &JsValue::from_str(name)).ok();
    match get(value, "status")?.as_string()?.as_str() {
        "not_enough_ratings" => Some(BadgeState::NotEnough),
        "public" => {
            let counts = get(value, "counts")?;
            let n = |name: &str| {
                get(&counts, name)?
                    .as_f64()
                    .filter(|x| *x >= 0.0 && x.fract() == 0.0 && *x <= f64::from(u32::MAX))
                    .map(|x| x as u32)
            };
            Some(BadgeState::Public(RatingCounts {
                good: n("good")?,
                ok: n("ok")?,
                bad: n("bad")?,
            }))
        }
        _ => None,
    }
}

/// `GET /venues/{venue_id}/rating` (no token).
async fn fetch(client: &Client, venue_id: &str) -> Result<BadgeState, Failure> {
    let url = client.url(&["venues", venue_id, "rating"]);
    client.request("GET", &url, None, None, decode).await
}

/// The badge of one venue.
#[component]
pub fn RatingBadge(client: Client, venue_id: String, lang: RwSignal<Lang>) -> impl IntoView {
    let state = RwSignal::new(BadgeState::Loading);
    spawn_local(async move {
        let next = fetch(&client, &venue_id)
            .await
            .unwrap_or(BadgeState::Unavailable);
        let _ = state.try_set(next);
    });
    let t = move |key: Key| lang.get().text(key);
    let body = move || match state.get() {
        BadgeState::Loading => view! { <p class="rating-note">{t(Key::Loading)}</p> }.into_any(),
        BadgeState::Unavailable => {
            view! { <p class="rating-note">{t(Key::BadgeUnavailable)}</p> }.into_any()
        }
        BadgeState::NotEnough => view! {
            <p class="rating-note" data-state="not_enough">{t(Key::BadgeNotEnough)}</p>
        }
        .into_any(),
        BadgeState::Public(counts) => {
            let shares = rating_shares(counts);
            let items = Rating::ALL
                .into_iter()
                .map(|rating| {
                    let (n, share) = (counts.of(rating), shares.of(rating));
                    let count = fill(t(Key::BadgeCount), "count", &n.to_string());
                    let count = fill(&count, "share", &share.to_string());
                    view! {
                        <li data-rating=rating.as_str()>
                            <span class="rating-name">{t(rating_key(rating))}</span>
                            <span class="rating-count">{count}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="rating-counts" data-state="public">{items}</ul>
                <p class="rating-note">
                    {fill(t(Key::BadgeTotal), "count", &counts.total().to_string())}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section
            class="resq resq-rating"
            aria-labelledby="resq-rating-title"
            aria-busy=reactive(move || (state.get() == BadgeState::Loading).to_string())
        >
            <h2 id="resq-rating-title" class="rating-title">{tr(lang.into(), Key::BadgeTitle)}</h2>
            <div aria-live="polite">{body}</div>
        </section>
    }
}

/// Mounts the badge into `root` (the shadow root of `host`) with the
/// loader's options `{ venueId, apiBase, lang }`.
#[wasm_bindgen(js_name = mountRating)]
pub fn mount_rating(
    host: &HtmlElement,
    root: &ShadowRoot,
    options: &JsValue,
) -> Result<WidgetHandle, JsValue> {
    let venue_id = Reflect::get(options, &JsValue::from_str("venueId"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    mount_component(host, root, options, move |config, lang| {
        view! { <RatingBadge client=config.client venue_id lang /> }.into_any()
    })
}
