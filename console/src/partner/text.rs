//! The Feedback page's texts (en, fi), and how it names ratings, aspects,
//! report kinds and dates.

use chrono::{Datelike, NaiveDate};
use resq_core::report::ReportStatus;
use resq_core::{Aspect, ProblemKind, Rating};

use crate::i18n::Lang;
use crate::texts;

texts! {
    pub enum PartnerText {
        Title { en: "Feedback", fi: "Palaute" },
        Intro { en: "Every rating and problem report of the last two months. Reviews are anonymous.", fi: "Kaikki viimeisen kahden kuukauden arviot ja ongelmailmoitukset. Arviot ovat nimettömiä." },
        Live { en: "Live", fi: "Reaaliajassa" },
        Connecting { en: "Connecting…", fi: "Yhdistetään…" },
        Reconnecting { en: "Reconnecting…", fi: "Yhdistetään uudelleen…" },
        LiveRefused { en: "Live updates are off", fi: "Reaaliaikaiset päivitykset eivät ole käytössä" },
        SummaryTitle { en: "Last two months", fi: "Kaksi viime kuukautta" },
        RatingsInWindow { en: "{n} ratings since {date}", fi: "{n} arviota {date} alkaen" },
        Share { en: "{share} %", fi: "{share} %" },
        PublicYes { en: "Customers see your rating.", fi: "Asiakkaat näkevät arviosi." },
        PublicNo { en: "{n} more ratings until customers see your rating.", fi: "Vielä {n} arviota, kunnes asiakkaat näkevät arviosi." },
        PublicNoOne { en: "1 more rating until customers see your rating.", fi: "Vielä 1 arvio, kunnes asiakkaat näkevät arviosi." },
        NextExpiry { en: "On {date}, {n} of the oldest ratings stop counting.", fi: "{date} alkaen {n} vanhinta arviota ei enää lasketa." },
        AspectsTitle { en: "What customers mention", fi: "Mitä asiakkaat mainitsevat" },
        Aspect { en: "Aspect", fi: "Osa-alue" },
        PraisedMost { en: "Praised most: {aspect}", fi: "Eniten kehuttu: {aspect}" },
        CriticisedMost { en: "Criticised most: {aspect}", fi: "Eniten moitittu: {aspect}" },
        TrendTitle { en: "Ratings per week", fi: "Arviot viikoittain" },
        TrendLabel { en: "Ratings per week, from the week of {from} to the week of {to}.", fi: "Arviot viikoittain, viikosta {from} viikkoon {to}." },
        WeekOf { en: "Week of {date}: {good} good, {ok} OK, {bad} bad", fi: "Viikko {date}: {good} hyvää, {ok} OK, {bad} huonoa" },
        ReportsTitle { en: "Problem reports", fi: "Ongelmailmoitukset" },
        NoReports { en: "No problem reports in the last two months.", fi: "Ei ongelmailmoituksia kahden viime kuukauden ajalta." },
        ReviewsTitle { en: "Reviews", fi: "Arviot" },
        Filters { en: "Filter reviews", fi: "Suodata arvioita" },
        FilterRating { en: "Rating", fi: "Arvio" },
        FilterAspect { en: "Aspect", fi: "Osa-alue" },
        FilterComment { en: "Comment", fi: "Kommentti" },
        AnyComment { en: "With or without", fi: "Kaikki" },
        WithComment { en: "With a comment", fi: "Kommentin kanssa" },
        WithoutComment { en: "Without a comment", fi: "Ilman kommenttia" },
        NoReviews { en: "No reviews match.", fi: "Ei sopivia arvioita." },
        LoadMore { en: "Show more", fi: "Näytä lisää" },
        Loading { en: "Loading…", fi: "Ladataan…" },
        LoadFailed { en: "Could not load. Try again.", fi: "Lataus epäonnistui. Yritä uudelleen." },
        Retry { en: "Try again", fi: "Yritä uudelleen" },
        Purchased { en: "Purchased {date}", fi: "Ostettu {date}" },
        NoComment { en: "No comment", fi: "Ei kommenttia" },
        AskContact { en: "Ask ResQ to contact this customer", fi: "Pyydä ResQ:ta ottamaan yhteyttä asiakkaaseen" },
        ContactHint { en: "ResQ customer service will pass your message on. You will not see who the customer is.", fi: "ResQ:n asiakaspalvelu välittää viestisi. Et näe, kuka asiakas on." },
        ContactMessage { en: "Message to ResQ", fi: "Viesti ResQ:lle" },
        Send { en: "Send", fi: "Lähetä" },
        Cancel { en: "Cancel", fi: "Peruuta" },
        ContactSent { en: "Sent. ResQ customer service will take it from here.", fi: "Lähetetty. ResQ:n asiakaspalvelu hoitaa asian." },
        ContactFailed { en: "Could not send. Check the message and try again.", fi: "Lähetys epäonnistui. Tarkista viesti ja yritä uudelleen." },
        RatingGood { en: "Good", fi: "Hyvä" },
        RatingOk { en: "OK", fi: "OK" },
        RatingBad { en: "Bad", fi: "Huono" },
        AspectSize { en: "Size", fi: "Koko" },
        AspectPrice { en: "Price", fi: "Hinta" },
        AspectService { en: "Service", fi: "Palvelu" },
        AspectDescription { en: "Description", fi: "Kuvaus" },
        AspectTaste { en: "Taste", fi: "Maku" },
        KindWrongProduct { en: "Wrong product", fi: "Väärä tuote" },
        KindNotAvailable { en: "Order not available", fi: "Tilaus ei ollut saatavilla" },
        KindVenueClosed { en: "Venue closed on arrival", fi: "Paikka oli kiinni" },
        KindOther { en: "Other problem", fi: "Muu ongelma" },
        StatusReceived { en: "Received", fi: "Vastaanotettu" },
        StatusNeedsInfo { en: "Customer service asked for more information", fi: "Asiakaspalvelu pyysi lisätietoja" },
        StatusResolved { en: "Resolved", fi: "Ratkaistu" },
        ResolvedRefund { en: "Refund {amount}", fi: "Hyvitys {amount}" },
        ResolvedCredits { en: "ResQ credits {amount}", fi: "ResQ-krediittejä {amount}" },
        ResolvedOther { en: "Resolved otherwise", fi: "Ratkaistu muuten" },
    }
}

pub fn rating_text(rating: Rating) -> PartnerText {
    match rating {
        Rating::Good => PartnerText::RatingGood,
        Rating::Ok => PartnerText::RatingOk,
        Rating::Bad => PartnerText::RatingBad,
    }
}

pub fn aspect_text(aspect: Aspect) -> PartnerText {
    match aspect {
        Aspect::Size => PartnerText::AspectSize,
        Aspect::Price => PartnerText::AspectPrice,
        Aspect::Service => PartnerText::AspectService,
        Aspect::Description => PartnerText::AspectDescription,
        Aspect::Taste => PartnerText::AspectTaste,
    }
}

pub fn kind_text(kind: ProblemKind) -> PartnerText {
    match kind {
        ProblemKind::WrongProduct => PartnerText::KindWrongProduct,
        ProblemKind::NotAvailable => PartnerText::KindNotAvailable,
        ProblemKind::VenueClosed => PartnerText::KindVenueClosed,
        ProblemKind::Other => PartnerText::KindOther,
    }
}

pub fn status_text(status: ReportStatus) -> PartnerText {
    match status {
        ReportStatus::Received => PartnerText::StatusReceived,
        ReportStatus::NeedsInfo => PartnerText::StatusNeedsInfo,
        ReportStatus::Resolved => PartnerText::StatusResolved,
    }
}

/// A date as people write it: `10.3.2026` in Finnish, `10 Mar 2026` in English.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    match lang {
        Lang::Fi => format!("{}.{}.{}", date.day(), date.month(), date.year()),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let month = MONTHS[date.month0() as usize % 12];
            format!("{} {month} {}", date.day(), date.year())
        }
    }
}

/// Euro cents as money: `12,50 €` in Finnish, `€12.50` in English.
pub fn format_euros(lang: Lang, cents: u32) -> String {
    let (euros, cents) = (cents / 100, cents % 100);
    match lang {
        Lang::Fi => format!("{euros},{cents:02} €"),
        Lang::En => format!("€{euros}.{cents:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::placeholders;

    #[test]
    fn every_text_has_the_same_placeholders_in_every_language() {
        for key in PartnerText::ALL {
            assert_eq!(
                placeholders(key.get(Lang::En)),
                placeholders(key.get(Lang::Fi)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn the_seed_names_ratings_and_aspects_in_finnish() {
        let fi = |t: PartnerText| t.get(Lang::Fi);
        assert_eq!(fi(rating_text(Rating::Good)), "Hyvä");
        assert_eq!(fi(rating_text(Rating::Bad)), "Huono");
        let aspects: Vec<&str> = Aspect::ALL
            .into_iter()
            .map(|a| fi(aspect_text(a)))
            .collect();
        assert_eq!(aspects, ["Koko", "Hinta", "Palvelu", "Kuvaus", "Maku"]);
    }

    #[test]
    fn dates_and_money_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        assert_eq!(format_date(Lang::Fi, d), "10.3.2026");
        assert_eq!(format_date(Lang::En, d), "10 Mar 2026");
        assert_eq!(format_euros(Lang::Fi, 1250), "12,50 €");
        assert_eq!(format_euros(Lang::En, 5), "€0.05");
    }
}
