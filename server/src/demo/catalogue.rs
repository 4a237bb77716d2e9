//! The demo's venues, their menus, and earlier ratings by made-up customers.

use chrono_tz::Tz;
use resq_core::api::VenueRef;
use resq_core::rules;
use resq_core::{Aspect, Rating};

use crate::http::error::AppError;

pub(super) struct DemoVenue {
    pub(super) venue: VenueRef,
    pub(super) tz: Tz,
    pub(super) menu: &'static [&'static [(&'static str, u32)]],
}

pub(super) const HELSINKI_MENU: &[&[(&str, u32)]] = &[
    &[("Korvapuusti", 2)],
    &[("Lounaslaatikko: lohikeitto", 1)],
    &[("Karjalanpiirakka", 4), ("Munavoi", 1)],
    &[("Yllätyskassi", 1)],
    &[("Mustikkapiirakka", 1), ("Suodatinkahvi", 1)],
];

pub(super) const STOCKHOLM_MENU: &[&[(&str, u32)]] = &[
    &[("Kanelbulle", 2)],
    &[("Räksmörgås", 1)],
    &[("Överraskningspåse", 1)],
    &[("Kardemummabulle", 3)],
    &[("Lunchlåda: köttbullar", 1), ("Lingondricka", 1)],
];

/// Earlier ratings by other customers: (days ago, rating, aspects, comment).
pub(super) type PastRating = (u64, Rating, &'static [Aspect], Option<&'static str>);

pub(super) const HELSINKI_PAST: &[PastRating] = &[
    (
        1,
        Rating::Good,
        &[Aspect::Taste, Aspect::Size],
        Some("Korvapuustit olivat vielä lämpimiä!"),
    ),
    (3, Rating::Good, &[Aspect::Price], None),
    (
        5,
        Rating::Ok,
        &[Aspect::Description],
        Some("Laatikossa oli eri keitto kuin kuvauksessa."),
    ),
    (
        8,
        Rating::Good,
        &[Aspect::Service, Aspect::Taste],
        Some("Ystävällinen palvelu."),
    ),
    (
        12,
        Rating::Bad,
        &[Aspect::Size],
        Some("Todella pieni annos hintaan nähden."),
    ),
    (17, Rating::Good, &[], None),
    (
        24,
        Rating::Good,
        &[Aspect::Taste],
        Some("Paras karjalanpiirakka Helsingissä."),
    ),
    (33, Rating::Ok, &[Aspect::Price], None),
    (46, Rating::Good, &[Aspect::Size, Aspect::Price], None),
    (
        57,
        Rating::Good,
        &[Aspect::Service],
        Some("Great staff, quick pickup."),
    ),
    // Older than two months: no longer counted nor listed (R13).
    (
        66,
        Rating::Bad,
        &[Aspect::Service],
        Some("Kahvila oli kiinni kun tulin."),
    ),
    (80, Rating::Bad, &[Aspect::Taste], None),
];

pub(super) const STOCKHOLM_PAST: &[PastRating] = &[
    (
        4,
        Rating::Good,
        &[Aspect::Taste],
        Some("Fantastisk kanelbulle."),
    ),
    (19, Rating::Ok, &[Aspect::Size], None),
];

pub(super) fn demo_venue(
    id: &str,
    name: &str,
    zone: &str,
    menu: &'static [&'static [(&'static str, u32)]],
) -> Result<DemoVenue, AppError> {
    Ok(DemoVenue {
        venue: VenueRef {
            id: id.to_owned(),
            name: name.to_owned(),
            time_zone: zone.to_owned(),
        },
        tz: rules::parse_time_zone(zone).ok_or_else(|| AppError::internal("demo zone"))?,
        menu,
    })
}

pub(super) fn short(venue: &DemoVenue) -> &str {
    venue.venue.id.trim_start_matches("venue-")
}
