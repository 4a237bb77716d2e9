//! R10: the status machine of a problem report, as one pure function.
//!
//! ```text
//!   received ──ask──▶ needs_info ──customer replies──▶ received
//!      │                  │ (ask again: stays needs_info)
//!      └──resolve──▶ resolved ◀──resolve──┘
//!                       │
//!                       └──reopen──▶ received
//! ```
//!
//! A customer may add to a received report (it stays received); nobody may
//! write to a resolved one until staff reopen it.

use super::ReportStatus;

/// Something that happens to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportEvent {
    /// The customer wrote a message (or added a photo).
    CustomerReplied,
    /// Staff asked the customer for more information.
    StaffAskedForInfo,
    /// Staff resolved the report.
    StaffResolved,
    /// Staff reopened a resolved report.
    StaffReopened,
}

impl ReportEvent {
    pub const ALL: [ReportEvent; 4] = [
        ReportEvent::CustomerReplied,
        ReportEvent::StaffAskedForInfo,
        ReportEvent::StaffResolved,
        ReportEvent::StaffReopened,
    ];
}

/// Why an event cannot happen to a report in its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionRefusal {
    /// The report is resolved: reopen it first.
    AlreadyResolved,
    /// Only a resolved report can be reopened.
    NotResolved,
}

/// R10: the status after `event`, or why `event` cannot happen now.
pub fn next_status(
    current: ReportStatus,
    event: ReportEvent,
) -> Result<ReportStatus, TransitionRefusal> {
    use ReportEvent::*;
    use ReportStatus::*;
    match (current, event) {
        (Resolved, CustomerReplied | StaffAskedForInfo | StaffResolved) => {
            Err(TransitionRefusal::AlreadyResolved)
        }
        (Received | NeedsInfo, StaffReopened) => Err(TransitionRefusal::NotResolved),
        (Received | NeedsInfo, CustomerReplied) => Ok(Received),
        (Received | NeedsInfo, StaffAskedForInfo) => Ok(NeedsInfo),
        (Received | NeedsInfo, StaffResolved) => Ok(Resolved),
        (Resolved, StaffReopened) => Ok(Received),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportEvent::*;
    use ReportStatus::*;
    use proptest::prelude::*;

    #[test]
    fn the_usual_path_asks_hears_back_and_resolves() {
        let mut s = Received;
        for (event, expected) in [
            (StaffAskedForInfo, NeedsInfo),
            (CustomerReplied, Received),
            (StaffResolved, Resolved),
            (StaffReopened, Received),
            (StaffResolved, Resolved),
        ] {
            s = next_status(s, event).unwrap();
            assert_eq!(s, expected, "after {event:?}");
        }
    }

    #[test]
    fn a_customer_may_add_to_a_received_report_and_staff_may_ask_again() {
        assert_eq!(next_status(Received, CustomerReplied), Ok(Received));
        assert_eq!(next_status(NeedsInfo, StaffAskedForInfo), Ok(NeedsInfo));
        assert_eq!(next_status(NeedsInfo, StaffResolved), Ok(Resolved));
    }

    #[test]
    fn nothing_but_reopening_happens_to_a_resolved_report() {
        for event in [CustomerReplied, StaffAskedForInfo, StaffResolved] {
            assert_eq!(
                next_status(Resolved, event),
                Err(TransitionRefusal::AlreadyResolved)
            );
        }
        assert_eq!(next_status(Resolved, StaffReopened), Ok(Received));
    }

    #[test]
    fn an_open_report_cannot_be_reopened() {
        for s in [Received, NeedsInfo] {
            assert_eq!(
                next_status(s, StaffReopened),
                Err(TransitionRefusal::NotResolved)
            );
        }
    }

    fn any_event() -> impl Strategy<Value = ReportEvent> {
        (0..ReportEvent::ALL.len()).prop_map(|i| ReportEvent::ALL[i])
    }

    proptest! {
        /// Whatever happens, the report is in a known status; it is resolved
        /// exactly when the last accepted event was a resolution; and a
        /// refused event leaves it as it was (the caller keeps the old status).
        #[test]
        fn any_sequence_of_events_keeps_the_machine_consistent(
            events in proptest::collection::vec(any_event(), 0..40)
        ) {
            let mut s = Received;
            let mut last_accepted = None;
            for e in events {
                match next_status(s, e) {
                    Ok(next) => {
                        prop_assert!(ReportStatus::ALL.contains(&next));
                        s = next;
                        last_accepted = Some(e);
                    }
                    Err(TransitionRefusal::AlreadyResolved) => prop_assert_eq!(s, Resolved),
                    Err(TransitionRefusal::NotResolved) => prop_assert!(s.is_open()),
                }
            }
            prop_assert_eq!(s == Resolved, last_accepted == Some(StaffResolved));
            prop_assert_eq!(s == NeedsInfo, last_accepted == Some(StaffAskedForInfo));
        }
    }
}
