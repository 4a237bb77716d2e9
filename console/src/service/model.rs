//! The service console's state as plain Rust (R10): which reports the queue
//! shows, how a live change updates it, and money in and out of text.
//! No browser here, so it is tested natively.

use resq_core::api::StaffReportSummary;
use resq_core::report::ReportStatus;

use crate::i18n::Lang;

/// Which reports the queue shows (the `status` filter of the API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Received or needs information (the default).
    #[default]
    Open,
    Only(ReportStatus),
    All,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::Open,
        StatusFilter::Only(ReportStatus::Received),
        StatusFilter::Only(ReportStatus::NeedsInfo),
        StatusFilter::Only(ReportStatus::Resolved),
        StatusFilter::All,
    ];

    /// The API's query value.
    pub fn query(self) -> &'static str {
        match self {
            StatusFilter::Open => "open",
            StatusFilter::Only(status) => status.as_str(),
            StatusFilter::All => "all",
        }
    }

    pub fn parse(value: &str) -> StatusFilter {
        StatusFilter::ALL
            .into_iter()
            .find(|f| f.query() == value)
            .unwrap_or_default()
    }

    pub fn admits(self, status: ReportStatus) -> bool {
        match self {
            StatusFilter::Open => status.is_open(),
            StatusFilter::Only(only) => only == status,
            StatusFilter::All => true,
        }
    }
}

/// Applies a live change to the queue: the report is added, replaced, or
/// removed when it no longer matches the filter; the queue stays oldest
/// first. Answers whether the queue changed.
pub fn apply_change(
    queue: &mut Vec<StaffReportSummary>,
    change: StaffReportSummary,
    filter: StatusFilter,
    venue: Option<&str>,
) -> bool {
    let position = queue.iter().position(|r| r.report_id == change.report_id);
    let belongs = filter.admits(change.status) && venue.is_none_or(|v| v == change.venue.id);
    match (position, belongs) {
        (Some(i), true) => {
            if queue[i] == change {
                return false;
            }
            queue[i] = change;
        }
        (Some(i), false) => {
            queue.remove(i);
        }
        (None, true) => queue.push(change),
        (None, false) => return false,
    }
    queue.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.report_id.cmp(&b.report_id))
    });
    true
}

/// An amount of euro cents as the language writes it: `5,00 €` / `€5.00`.
pub fn euros(cents: u32, lang: Lang) -> String {
    let (whole, rest) = (cents / 100, cents % 100);
    match lang {
        Lang::Fi => format!("{whole},{rest:02} €"),
        Lang::En => format!("€{whole}.{rest:02}"),
    }
}

/// Euros typed by a person (`5`, `5,5`, `5.50`, ` 12,90 €`) in cents;
/// `None` for anything else, for more than two decimals, or for zero.
pub fn parse_euros(text: &str) -> Option<u32> {
    let text = text.trim().trim_end_matches('€').trim();
    let text = text.strip_prefix('€').unwrap_or(text).trim();
    let (whole, fraction) = match text.split_once([',', '.']) {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 2 || whole.len() > 6 {
        return None;
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: u32 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<u32>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    let total = whole.checked_mul(100)?.checked_add(cents)?;
    (total > 0).then_some(total)
}

/// The first `max` characters of a text, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use resq_core::ProblemKind;
    use resq_core::api::VenueRef;

    fn row(id: &str, created: &str, status: ReportStatus, venue: &str) -> StaffReportSummary {
        StaffReportSummary {
            report_id: id.into(),
            order_id: format!("order-{id}"),
            venue: VenueRef {
                id: venue.into(),
                name: venue.into(),
                time_zone: "Europe/Helsinki".into(),
            },
            kind: ProblemKind::WrongProduct,
            description: None,
            status,
            created_at: created.parse::<DateTime<Utc>>().unwrap(),
            updated_at: created.parse::<DateTime<Utc>>().unwrap(),
            message_count: 0,
            photo_count: 0,
        }
    }

    fn ids(queue: &[StaffReportSummary]) -> Vec<&str> {
        queue.iter().map(|r| r.report_id.as_str()).collect()
    }

    #[test]
    fn a_new_report_takes_its_place_oldest_first() {
        let mut q = vec![
            row("a", "2026-03-10T08:00:00Z", ReportStatus::Received, "v1"),
            row("c", "2026-03-10T10:00:00Z", ReportStatus::Received, "v1"),
        ];
        let b = row("b", "2026-03-10T09:00:00Z", ReportStatus::Received, "v2");
        assert!(apply_change(&mut q, b.clone(), StatusFilter::Open, None));
        assert_eq!(ids(&q), ["a", "b", "c"]);
        // The same change again changes nothing.
        assert!(!apply_change(&mut q, b, StatusFilter::Open, None));
    }

    #[test]
    fn a_resolved_report_leaves_the_open_queue_and_a_reopened_one_returns() {
        let mut q = vec![row(
            "a",
            "2026-03-10T08:00:00Z",
            ReportStatus::NeedsInfo,
            "v1",
        )];
        let resolved = row("a", "2026-03-10T08:00:00Z", ReportStatus::Resolved, "v1");
        assert!(apply_change(
            &mut q,
            resolved.clone(),
            StatusFilter::Open,
            None
        ));
        assert!(q.is_empty());
        let mut all = Vec::new();
        assert!(apply_change(&mut all, resolved, StatusFilter::All, None));
        let reopened = row("a", "2026-03-10T08:00:00Z", ReportStatus::Received, "v1");
        assert!(apply_change(&mut q, reopened, StatusFilter::Open, None));
        assert_eq!(ids(&q), ["a"]);
    }

    #[test]
    fn the_venue_filter_keeps_other_venues_out() {
        let mut q = Vec::new();
        let other = row("a", "2026-03-10T08:00:00Z", ReportStatus::Received, "v2");
        assert!(!apply_change(&mut q, other, StatusFilter::Open, Some("v1")));
        assert!(q.is_empty());
    }

    #[test]
    fn filters_round_trip_through_the_query() {
        for f in StatusFilter::ALL {
            assert_eq!(StatusFilter::parse(f.query()), f);
        }
        assert_eq!(StatusFilter::parse("nonsense"), StatusFilter::Open);
        assert!(StatusFilter::Open.admits(ReportStatus::NeedsInfo));
        assert!(!StatusFilter::Open.admits(ReportStatus::Resolved));
    }

    #[test]
    fn money_reads_and_writes_like_people_do() {
        assert_eq!(euros(500, Lang::Fi), "5,00 €");
        assert_eq!(euros(1299, Lang::En), "€12.99");
        assert_eq!(euros(7, Lang::Fi), "0,07 €");
        for (text, cents) in [
            ("5", Some(500)),
            ("5,5", Some(550)),
            ("5.50", Some(550)),
            (" 12,90 € ", Some(1290)),
            ("€3", Some(300)),
            (",75", Some(75)),
            ("0", None),
            ("", None),
            ("5,555", None),
            ("-5", None),
            ("5e2", None),
            ("1,2,3", None),
            ("9999999", None),
        ] {
            assert_eq!(parse_euros(text), cents, "{text:?}");
        }
    }

    #[test]
    fn excerpts_cut_on_characters() {
        assert_eq!(excerpt("lyhyt", 10), "lyhyt");
        assert_eq!(excerpt("ääääää", 3), "äää…");
    }
}
