//! The weekly trend as a stacked bar chart in plain SVG: good at the
//! bottom, then OK, then bad, one bar per week.

use leptos::prelude::*;
use resq_core::Rating;
use resq_core::summary::WeekCounts;

use super::text::{PartnerText, format_date};
use crate::i18n::fill;
use crate::shell::Ctx;

pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 180.0;
const AXIS: f64 = 28.0; // room for the count labels on the left
const FOOT: f64 = 20.0; // room for the week labels below

/// One coloured part of a bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub rating: Rating,
    pub y: f64,
    pub height: f64,
}

/// One week's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: f64,
    pub width: f64,
    pub segments: Vec<Segment>,
}

/// The largest weekly total (at least 1, so an empty chart has a scale).
pub fn scale_max(weeks: &[WeekCounts]) -> u32 {
    weeks
        .iter()
        .map(|w| w.counts.total())
        .max()
        .unwrap_or(0)
        .max(1)
}

/// The bars of `weeks` in a `WIDTH` × `HEIGHT` box.
pub fn bars(weeks: &[WeekCounts]) -> Vec<Bar> {
    if weeks.is_empty() {
        return Vec::new();
    }
    let plot_height = HEIGHT - FOOT;
    let slot = (WIDTH - AXIS) / weeks.len() as f64;
    let per_rating = plot_height / f64::from(scale_max(weeks));
    weeks
        .iter()
        .enumerate()
        .map(|(i, week)| {
            let mut top = plot_height;
            let segments = Rating::ALL
                .into_iter()
                .filter_map(|rating| {
                    let n = match rating {
                        Rating::Good => week.counts.good,
                        Rating::Ok => week.counts.ok,
                        Rating::Bad => week.counts.bad,
                    };
                    (n > 0).then(|| {
                        let height = f64::from(n) * per_rating;
                        top -= height;
                        Segment {
                            rating,
                            y: top,
                            height,
                        }
                    })
                })
                .collect();
            Bar {
                x: AXIS + i as f64 * slot + slot * 0.15,
                width: slot * 0.7,
                segments,
            }
        })
        .collect()
}

fn class_of(rating: Rating) -> &'static str {
    match rating {
        Rating::Good => "bar-good",
        Rating::Ok => "bar-ok",
        Rating::Bad => "bar-bad",
    }
}

/// The chart, with a text alternative for screen readers.
#[component]
pub fn TrendChart(weeks: Vec<WeekCounts>) -> impl IntoView {
    let ctx = Ctx::get();
    let lang = ctx.lang;
    let max = scale_max(&weeks);
    let plot_height = HEIGHT - FOOT;
    let first = weeks.first().map(|w| w.week_start);
    let last = weeks.last().map(|w| w.week_start);
    let label = move || {
        let l = lang.get();
        match (first, last) {
            (Some(from), Some(to)) => fill(
                PartnerText::TrendLabel.get(l),
                &[("from", &format_date(l, from)), ("to", &format_date(l, to))],
            ),
            _ => String::new(),
        }
    };
    let bar_views = bars(&weeks)
        .into_iter()
        .zip(weeks.iter().copied())
        .map(|(bar, week)| {
            let title = move || {
                let l = lang.get();
                fill(
                    PartnerText::WeekOf.get(l),
                    &[
                        ("date", &format_date(l, week.week_start)),
                        ("good", &week.counts.good.to_string()),
                        ("ok", &week.counts.ok.to_string()),
                        ("bad", &week.counts.bad.to_string()),
                    ],
                )
            };
            let day_label = format!(
                "{}.{}.",
                week.week_start.format("%-d"),
                week.week_start.format("%-m")
            );
            let label_x = bar.x + bar.width / 2.0;
            view! {
                <g>
                    <title>{title}</title>
                    {bar
                        .segments
                        .iter()
                        .map(|s| {
                            view! {
                                <rect
                                    class=class_of(s.rating)
                                    x=bar.x
                                    y=s.y
                                    width=bar.width
                                    height=s.height
                                ></rect>
                            }
                        })
                        .collect_view()}
                    <text x=label_x y=HEIGHT - 4.0 text-anchor="middle">{day_label}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg
            viewBox=format!("0 0 {WIDTH} {HEIGHT}")
            role="img"
            aria-label=label
            data-weeks=weeks.len()
        >
            <line class="axis" x1=AXIS y1=plot_height x2=WIDTH y2=plot_height></line>
            <text x=AXIS - 6.0 y=12.0 text-anchor="end">{max}</text>
            <text x=AXIS - 6.0 y=plot_height text-anchor="end">"0"</text>
            {bar_views}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use resq_core::api::RatingCounts;

    fn week(d: u32, good: u32, ok: u32, bad: u32) -> WeekCounts {
        WeekCounts {
            week_start: NaiveDate::from_ymd_opt(2026, 3, d).unwrap(),
            counts: RatingCounts { good, ok, bad },
        }
    }

    #[test]
    fn the_fullest_week_fills_the_plot_and_segments_stack_upwards() {
        let weeks = [week(2, 2, 1, 1), week(9, 1, 0, 0), week(16, 0, 0, 0)];
        let bars = bars(&weeks);
        assert_eq!(bars.len(), 3);
        let full = &bars[0].segments;
        assert_eq!(
            full.iter().map(|s| s.rating).collect::<Vec<_>>(),
            [Rating::Good, Rating::Ok, Rating::Bad]
        );
        let plot = HEIGHT - FOOT;
        assert!(
            (full[0].y + full[0].height - plot).abs() < 1e-9,
            "good sits on the axis"
        );
        assert!((full[2].y).abs() < 1e-9, "the fullest bar reaches the top");
        assert!(
            (full[1].y + full[1].height - full[0].y).abs() < 1e-9,
            "OK sits on good"
        );
        assert!((bars[1].segments[0].height - plot / 4.0).abs() < 1e-9);
        assert!(bars[2].segments.is_empty());
        assert!(bars[0].x < bars[1].x && bars[1].x + bars[1].width <= WIDTH);
    }

    #[test]
    fn an_empty_window_has_a_scale_of_one() {
        assert_eq!(scale_max(&[]), 1);
        assert!(bars(&[]).is_empty());
    }
}
