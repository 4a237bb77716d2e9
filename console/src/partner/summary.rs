//! The summary above the list: counts and shares, the public-rating status
//! (R12) and the next expiry (R13), aspects per rating, the weekly trend.

use leptos::prelude::*;
use resq_core::summary::{VenueSummary, rating_shares};
use resq_core::{Aspect, Rating};

use super::chart::TrendChart;
use super::text::{PartnerText, aspect_text, format_date, rating_text};
use crate::i18n::fill;
use crate::shell::Ctx;

fn rating_class(rating: Rating) -> &'static str {
    match rating {
        Rating::Good => "rating-good",
        Rating::Ok => "rating-ok",
        Rating::Bad => "rating-bad",
    }
}

/// How often `aspect` was picked with `rating`.
fn aspect_count(summary: &VenueSummary, rating: Rating, aspect: Aspect) -> u32 {
    summary
        .aspects
        .iter()
        .find(|r| r.rating == rating)
        .and_then(|r| r.aspects.iter().find(|a| a.aspect == aspect))
        .map_or(0, |a| a.count)
}

/// The most picked aspect with `rating`, if any was picked.
fn top_aspect(summary: &VenueSummary, rating: Rating) -> Option<Aspect> {
    summary
        .aspects
        .iter()
        .find(|r| r.rating == rating)
        .and_then(|r| r.aspects.first())
        .filter(|a| a.count > 0)
        .map(|a| a.aspect)
}

#[component]
pub fn Summary(summary: VenueSummary) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let t = move |key: PartnerText| key.get(lang.get());
    let counts = summary.counts;
    let shares = rating_shares(counts);
    let window = {
        let start = summary.window_start;
        let total = counts.total();
        move || {
            fill(
                t(PartnerText::RatingsInWindow),
                &[
                    ("n", &total.to_string()),
                    ("date", &format_date(lang.get(), start)),
                ],
            )
        }
    };
    let public = {
        let (is_public, left) = (summary.public, summary.ratings_until_public);
        move || match (is_public, left) {
            (true, _) => t(PartnerText::PublicYes).to_owned(),
            (false, 1) => t(PartnerText::PublicNoOne).to_owned(),
            (false, n) => fill(t(PartnerText::PublicNo), &[("n", &n.to_string())]),
        }
    };
    let expiry = summary.next_expiry.map(|e| {
        move || {
            fill(
                t(PartnerText::NextExpiry),
                &[
                    ("date", &format_date(lang.get(), e.on)),
                    ("n", &e.ratings.to_string()),
                ],
            )
        }
    });
    let count_items = Rating::ALL
        .into_iter()
        .map(|rating| {
            let (n, share) = (counts.of(rating), shares.of(rating));
            view! {
                <li class=rating_class(rating) data-rating=rating.as_str()>
                    <span class="n">{n}</span>
                    <span>{move || t(rating_text(rating))}</span>
                    " · "
                    <span class="share">
                        {move || fill(t(PartnerText::Share), &[("share", &share.to_string())])}
                    </span>
                </li>
            }
        })
        .collect_view();
    let praise = top_aspect(&summary, Rating::Good).map(|a| {
        move || {
            fill(
                t(PartnerText::PraisedMost),
                &[("aspect", t(aspect_text(a)))],
            )
        }
    });
    let critique = top_aspect(&summary, Rating::Bad).map(|a| {
        move || {
            fill(
                t(PartnerText::CriticisedMost),
                &[("aspect", t(aspect_text(a)))],
            )
        }
    });
    let aspect_rows = Aspect::ALL
        .into_iter()
        .map(|aspect| {
            let cells = Rating::ALL
                .into_iter()
                .map(|rating| view! { <td>{aspect_count(&summary, rating, aspect)}</td> })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || t(aspect_text(aspect))}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let weeks = summary.weekly.clone();

    view! {
        <section class="card summary" aria-labelledby="summary-title" data-testid="summary">
            <h2 id="summary-title">{move || t(PartnerText::SummaryTitle)}</h2>
            <div class="summary-grid">
                <div>
                    <p class="muted">{window}</p>
                    <ul class="counts">{count_items}</ul>
                    <p class="public" data-public=summary.public.to_string()>{public}</p>
                    {expiry.map(|e| view! { <p class="expiry">{e}</p> })}
                </div>
                <div>
                    <h3>{move || t(PartnerText::AspectsTitle)}</h3>
                    {praise.map(|p| view! { <p>{p}</p> })}
                    {critique.map(|c| view! { <p>{c}</p> })}
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{move || t(PartnerText::Aspect)}</th>
                                <th scope="col">{move || t(PartnerText::RatingGood)}</th>
                                <th scope="col">{move || t(PartnerText::RatingOk)}</th>
                                <th scope="col">{move || t(PartnerText::RatingBad)}</th>
                            </tr>
                        </thead>
                        <tbody>{aspect_rows}</tbody>
                    </table>
                </div>
            </div>
            <div class="trend">
                <h3>{move || t(PartnerText::TrendTitle)}</h3>
                <TrendChart weeks />
            </div>
        </section>
    }
}
