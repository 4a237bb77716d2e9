//! The service console's texts (English and Finnish) and the labels of the
//! domain's values.

use resq_core::ProblemKind;
use resq_core::order::PickupMarkedBy;
use resq_core::report::ReportStatus;

use super::model::StatusFilter;
use crate::texts;

texts! {
    pub enum ServiceText {
        Title { en: "Problem reports", fi: "Ongelmailmoitukset" },
        CountsLabel { en: "The queue at a glance", fi: "Jono yhdellä silmäyksellä" },
        CountOpen { en: "Open", fi: "Avoimia" },
        CountWaiting { en: "Waiting for the customer", fi: "Odottaa asiakasta" },
        CountResolvedToday { en: "Resolved today", fi: "Ratkaistu tänään" },
        Live { en: "Live", fi: "Ajantasainen" },
        Connecting { en: "Connecting…", fi: "Yhdistetään…" },
        Reconnecting { en: "Reconnecting…", fi: "Yhdistetään uudelleen…" },
        Refused { en: "Live updates stopped", fi: "Reaaliaikapäivitykset pysähtyivät" },
        Filters { en: "Filters", fi: "Suodattimet" },
        Show { en: "Show", fi: "Näytä" },
        FilterOpen { en: "Open", fi: "Avoimet" },
        FilterReceived { en: "Received", fi: "Vastaanotetut" },
        FilterNeedsInfo { en: "Needs information", fi: "Tarvitsee lisätietoja" },
        FilterResolved { en: "Resolved", fi: "Ratkaistut" },
        FilterAll { en: "All", fi: "Kaikki" },
        Venue { en: "Venue", fi: "Toimipiste" },
        AllVenues { en: "All venues", fi: "Kaikki toimipisteet" },
        QueueTitle { en: "Queue, oldest first", fi: "Jono, vanhin ensin" },
        Empty { en: "No reports.", fi: "Ei ilmoituksia." },
        Loading { en: "Loading…", fi: "Ladataan…" },
        LoadFailed { en: "Loading failed.", fi: "Lataus epäonnistui." },
        Retry { en: "Try again", fi: "Yritä uudelleen" },
        ColFiled { en: "Filed", fi: "Jätetty" },
        ColVenue { en: "Venue", fi: "Toimipiste" },
        ColProblem { en: "Problem", fi: "Ongelma" },
        ColStatus { en: "Status", fi: "Tila" },
        ColThread { en: "Thread", fi: "Keskustelu" },
        OpenReport { en: "Open", fi: "Avaa" },
        OpenReportOf { en: "Open the report filed {when}", fi: "Avaa {when} jätetty ilmoitus" },
        MessagesPhotos { en: "{messages} messages, {photos} photos", fi: "{messages} viestiä, {photos} kuvaa" },
        KindWrongProduct { en: "Wrong product", fi: "Väärä tuote" },
        KindNotAvailable { en: "Order not available", fi: "Tilaus ei ollut saatavilla" },
        KindVenueClosed { en: "Venue closed on arrival", fi: "Myyjä oli kiinni saapuessa" },
        KindOther { en: "Other", fi: "Muu" },
        StatusReceived { en: "Received", fi: "Vastaanotettu" },
        StatusNeedsInfo { en: "Needs information", fi: "Tarvitsee lisätietoja" },
        StatusResolved { en: "Resolved", fi: "Ratkaistu" },
        BackToQueue { en: "Back to the queue", fi: "Takaisin jonoon" },
        ReportTitle { en: "Report: {kind}", fi: "Ilmoitus: {kind}" },
        OrderFacts { en: "Order", fi: "Tilaus" },
        OrderId { en: "Order id", fi: "Tilausnumero" },
        Customer { en: "Customer", fi: "Asiakas" },
        Products { en: "Products", fi: "Tuotteet" },
        Purchased { en: "Purchased", fi: "Ostettu" },
        PickupWindow { en: "Pickup window", fi: "Noutoaika" },
        PickupMark { en: "Pickup mark", fi: "Noutomerkintä" },
        NotPickedUp { en: "Not marked picked up", fi: "Ei merkitty noudetuksi" },
        MarkedByVenue { en: "{when}, by the venue", fi: "{when}, myyjä merkitsi" },
        MarkedByCustomer { en: "{when}, by the customer", fi: "{when}, asiakas merkitsi" },
        MarkedByMarketplace { en: "{when}, by the marketplace", fi: "{when}, markkinapaikka merkitsi" },
        Filed { en: "Filed", fi: "Jätetty" },
        Status { en: "Status", fi: "Tila" },
        Description { en: "Description", fi: "Kuvaus" },
        NoDescription { en: "No description.", fi: "Ei kuvausta." },
        Photos { en: "Photos", fi: "Kuvat" },
        PhotoAlt { en: "Photo {n} from the customer", fi: "Asiakkaan kuva {n}" },
        PhotoFailed { en: "The photo could not be loaded.", fi: "Kuvaa ei voitu ladata." },
        Thread { en: "Messages", fi: "Viestit" },
        NoMessages { en: "No messages yet.", fi: "Ei vielä viestejä." },
        FromCustomer { en: "Customer", fi: "Asiakas" },
        FromStaff { en: "Customer service", fi: "Asiakaspalvelu" },
        Resolution { en: "Resolution", fi: "Ratkaisu" },
        ResolvedRefund { en: "Refund of {amount}", fi: "Hyvitys {amount}" },
        ResolvedCredits { en: "{amount} in ResQ credits", fi: "{amount} ResQ-krediitteinä" },
        ResolvedOther { en: "Other", fi: "Muu" },
        Actions { en: "Actions", fi: "Toimenpiteet" },
        AskTitle { en: "Ask the customer for more information", fi: "Pyydä asiakkaalta lisätietoja" },
        Question { en: "Question to the customer", fi: "Kysymys asiakkaalle" },
        SendQuestion { en: "Send question", fi: "Lähetä kysymys" },
        ResolveTitle { en: "Resolve", fi: "Ratkaise" },
        ResolveHow { en: "Resolution", fi: "Ratkaisu" },
        Refund { en: "Refund", fi: "Hyvitys" },
        Credits { en: "ResQ credits", fi: "ResQ-krediitit" },
        Other { en: "Other", fi: "Muu" },
        Amount { en: "Amount in euros", fi: "Summa euroina" },
        AmountHint { en: "Refund up to 500 €, credits up to 100 €.", fi: "Hyvitys enintään 500 €, krediitit enintään 100 €." },
        Note { en: "Note to the customer", fi: "Viesti asiakkaalle" },
        NoteHint { en: "Required for “Other”: say what was done.", fi: "Pakollinen, kun ratkaisu on ”Muu”: kerro, mitä tehtiin." },
        Resolve { en: "Resolve report", fi: "Ratkaise ilmoitus" },
        ReopenTitle { en: "Reopen", fi: "Avaa uudelleen" },
        ReopenNote { en: "Note to the customer (optional)", fi: "Viesti asiakkaalle (valinnainen)" },
        Reopen { en: "Reopen report", fi: "Avaa ilmoitus uudelleen" },
        Sending { en: "Sending…", fi: "Lähetetään…" },
        Saved { en: "Saved.", fi: "Tallennettu." },
        ErrAmount { en: "Enter an amount in euros, e.g. 5,00.", fi: "Anna summa euroina, esim. 5,00." },
        ErrAmountRange { en: "The amount is over the limit.", fi: "Summa ylittää rajan." },
        ErrMessage { en: "Write a message first.", fi: "Kirjoita ensin viesti." },
        ErrNote { en: "Write a note saying what was done.", fi: "Kirjoita viesti siitä, mitä tehtiin." },
        ErrTooLong { en: "The text is too long (2000 characters at most).", fi: "Teksti on liian pitkä (enintään 2000 merkkiä)." },
        ErrText { en: "The text contains a character that is not allowed.", fi: "Tekstissä on merkki, joka ei ole sallittu." },
        ErrConflict { en: "The report changed meanwhile; it was reloaded.", fi: "Ilmoitus muuttui välillä; se ladattiin uudelleen." },
        ErrFailed { en: "Saving failed. Try again.", fi: "Tallennus epäonnistui. Yritä uudelleen." },
        ErrNotFound { en: "No such report.", fi: "Ilmoitusta ei löydy." },
    }
}

pub fn kind(kind: ProblemKind) -> ServiceText {
    match kind {
        ProblemKind::WrongProduct => ServiceText::KindWrongProduct,
        ProblemKind::NotAvailable => ServiceText::KindNotAvailable,
        ProblemKind::VenueClosed => ServiceText::KindVenueClosed,
        ProblemKind::Other => ServiceText::KindOther,
    }
}

pub fn status(status: ReportStatus) -> ServiceText {
    match status {
        ReportStatus::Received => ServiceText::StatusReceived,
        ReportStatus::NeedsInfo => ServiceText::StatusNeedsInfo,
        ReportStatus::Resolved => ServiceText::StatusResolved,
    }
}

pub fn filter(filter: StatusFilter) -> ServiceText {
    match filter {
        StatusFilter::Open => ServiceText::FilterOpen,
        StatusFilter::Only(ReportStatus::Received) => ServiceText::FilterReceived,
        StatusFilter::Only(ReportStatus::NeedsInfo) => ServiceText::FilterNeedsInfo,
        StatusFilter::Only(ReportStatus::Resolved) => ServiceText::FilterResolved,
        StatusFilter::All => ServiceText::FilterAll,
    }
}

pub fn marked_by(by: PickupMarkedBy) -> ServiceText {
    match by {
        PickupMarkedBy::Venue => ServiceText::MarkedByVenue,
        PickupMarkedBy::Customer => ServiceText::MarkedByCustomer,
        PickupMarkedBy::Marketplace => ServiceText::MarkedByMarketplace,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, placeholders};

    #[test]
    fn every_text_has_the_same_placeholders_in_both_languages() {
        for key in ServiceText::ALL {
            assert_eq!(
                placeholders(key.get(Lang::En)),
                placeholders(key.get(Lang::Fi)),
                "{key:?}"
            );
            assert!(!key.get(Lang::Fi).is_empty(), "{key:?}");
        }
    }

    #[test]
    fn every_status_kind_and_filter_has_a_label() {
        for k in ProblemKind::ALL {
            assert!(!kind(k).get(Lang::Fi).is_empty());
        }
        for s in ReportStatus::ALL {
            assert!(!status(s).get(Lang::En).is_empty());
        }
        for f in StatusFilter::ALL {
            assert!(!filter(f).get(Lang::En).is_empty());
        }
    }
}
