//! The problem report's behaviour (R9, R10): loading the order's report,
//! the form, filing it and replying with idempotency keys through the
//! outbox (the same guarantees as the feedback), the photo, and following
//! the thread while customer service works on it.

use leptos::prelude::*;
use resq_core::ProblemKind;

use super::photo::{self, PhotoProblem};
use super::state::{Draft, Errors, Phase, Sending};
use super::wire::{self, Availability, ReportView};
use crate::api::Failure;
use crate::controller::{WidgetConfig, spawn_owned};
use crate::i18n::{Key, Lang};
use crate::offline::{self, Outbox, Pending};

mod send;

/// Reports waiting to be filed, by order id.
const REPORTS: Outbox = Outbox::new("resq-feedback:report:");
/// Replies waiting to be sent, by order id.
const REPLIES: Outbox = Outbox::new("resq-feedback:report-reply:");

/// What is waiting to be sent.
#[derive(Clone, Debug)]
enum Waiting {
    Report(Pending),
    Reply(Pending),
}

/// Where focus goes after the next render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Link,
    Form,
    Thread,
}

struct Local {
    config: WidgetConfig,
    owner: Owner,
    waiting: Option<Waiting>,
    /// The idempotency key of the open form, made when it opened.
    report_key: Option<String>,
    /// The key of the photo upload in progress or waiting.
    photo_key: Option<String>,
    photo_waiting: bool,
}

/// The state of one `<resq-problem-report>`; `Copy`, so handlers can take it.
#[derive(Clone, Copy)]
pub struct ReportCtx {
    pub lang: Signal<Lang>,
    pub phase: RwSignal<Phase>,
    pub view: RwSignal<Option<ReportView>>,
    pub draft: RwSignal<Draft>,
    pub reply: RwSignal<String>,
    pub sending: RwSignal<Sending>,
    pub errors: RwSignal<Errors>,
    /// A photo is being read and downscaled, or uploaded.
    pub photo_busy: RwSignal<bool>,
    pub announcement: RwSignal<String>,
    pub focus: StoredValue<Option<Focus>>,
    local: StoredValue<Local, LocalStorage>,
}

impl ReportCtx {
    pub fn new(config: WidgetConfig, lang: Signal<Lang>) -> ReportCtx {
        ReportCtx {
            lang,
            phase: RwSignal::new(Phase::Loading),
            view: RwSignal::new(None),
            draft: RwSignal::new(Draft::default()),
            reply: RwSignal::new(String::new()),
            sending: RwSignal::new(Sending::Idle),
            errors: RwSignal::new(Errors::default()),
            photo_busy: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            focus: StoredValue::new(None),
            local: StoredValue::new_local(Local {
                config,
                owner: Owner::current().unwrap_or_default(),
                waiting: None,
                report_key: None,
                photo_key: None,
                photo_waiting: false,
            }),
        }
    }

    pub fn text(&self, key: Key) -> &'static str {
        self.lang.get_untracked().text(key)
    }

    fn order_id(&self) -> String {
        self.local.with_value(|l| l.config.order_id.clone())
    }

    fn client(&self) -> crate::api::Client {
        self.local.with_value(|l| l.config.client.clone())
    }

    fn announce(&self, key: Key) {
        self.announcement.set(String::from(self.text(key)));
    }

    /// Runs `task` until it finishes or the component is unmounted.
    fn spawn(&self, task: impl Future<Output = ()> + 'static) {
        let owner = self.local.with_value(|l| l.owner.clone());
        spawn_owned(&owner, Box::pin(task));
    }

    /// On mount and on retry: send what waits in the outbox, else load.
    pub fn start(&self) {
        let order_id = self.order_id();
        let report = REPORTS.resume(&order_id, wire::parse_create);
        if let Some(((kind, description), pending)) = report {
            self.draft.set(Draft {
                kind: Some(kind),
                description: description.unwrap_or_default(),
                photo: None,
            });
            self.phase.set(Phase::Form);
            return self.send(Waiting::Report(pending));
        }
        if let Some(pending) = REPLIES.load(&order_id) {
            return self.send(Waiting::Reply(pending));
        }
        self.load();
    }

    /// Fetches the order's report and shows it.
    pub fn load(&self) {
        let ctx = *self;
        let (client, order_id) = (self.client(), self.order_id());
        self.phase.set(Phase::Loading);
        self.spawn(async move {
            match client.problem_report(&order_id).await {
                Ok(view) => ctx.show(view),
                Err(failure) => ctx.trouble(&failure),
            }
        });
    }

    /// Fetches the report again quietly (the thread follows customer service).
    pub fn refresh(&self) {
        if self.phase.get_untracked() != Phase::Thread
            || self.sending.get_untracked() != Sending::Idle
        {
            return;
        }
        let ctx = *self;
        let (client, order_id) = (self.client(), self.order_id());
        self.spawn(async move {
            if let Ok(view) = client.problem_report(&order_id).await
                && ctx.sending.try_get_untracked() == Some(Sending::Idle)
            {
                ctx.show(view);
            }
        });
    }

    /// Whether the thread is open and followed.
    pub fn following(&self) -> bool {
        self.view.with_untracked(|v| {
            v.as_ref()
                .and_then(|v| v.report.as_ref())
                .is_some_and(|r| r.status.is_open())
        })
    }

    fn trouble(&self, failure: &Failure) {
        let phase = match failure {
            Failure::Network => Phase::Unreachable,
            Failure::Http { status, .. } if *status == 429 || *status >= 500 => Phase::Unreachable,
            _ => Phase::Error(
                failure
                    .code()
                    .map_or(Key::ErrGeneric, super::state::error_key),
            ),
        };
        self.phase.set(phase);
    }

    fn show(&self, view: ReportView) {
        let before = self
            .view
            .with_untracked(|v| v.as_ref().and_then(|v| v.report.as_ref()).map(|r| r.status));
        let now = view.report.as_ref().map(|r| r.status);
        if let (Some(_), Some(status)) = (before, now)
            && before != now
        {
            self.announce(super::view::status_key(status));
        }
        let phase = match (&view.report, &view.availability) {
            (Some(_), _) => Phase::Thread,
            (None, Availability::NotOpen) => Phase::NotOpen,
            (None, Availability::Closed { closed_at }) => Phase::Closed {
                closed_at: *closed_at,
            },
            (None, _) if self.phase.get_untracked() == Phase::Form => Phase::Form,
            (None, _) => Phase::Link,
        };
        self.view.set(Some(view));
        self.phase.set(phase);
    }

    /// The link opens the form; its idempotency key is made now, once.
    pub fn open_form(&self) {
        self.local.update_value(|l| {
            l.report_key
                .get_or_insert_with(offline::new_idempotency_key);
        });
        self.errors.set(Errors::default());
        self.focus.set_value(Some(Focus::Form));
        self.phase.set(Phase::Form);
    }

    pub fn cancel(&self) {
        if self.sending.get_untracked() != Sending::Idle {
            return;
        }
        let has_report = self
            .view
            .with_untracked(|v| v.as_ref().is_some_and(|v| v.report.is_some()));
        self.focus.set_value(Some(if has_report {
            Focus::Thread
        } else {
            Focus::Link
        }));
        self.phase.set(if has_report {
            Phase::Thread
        } else {
            Phase::Link
        });
    }

    pub fn choose_kind(&self, kind: ProblemKind) {
        if self.sending.get_untracked() != Sending::Idle {
            return;
        }
        self.draft.update(|d| d.kind = Some(kind));
        self.errors.update(|e| {
            e.kind = None;
            e.description = None;
        });
    }

    pub fn set_description(&self, text: String) {
        if self.sending.get_untracked() != Sending::Idle {
            return;
        }
        self.draft.update(|d| d.description = text);
        self.errors.update(|e| e.description = None);
    }

    /// A file was chosen: downscale it now, so sending is immediate.
    pub fn choose_photo(&self, file: Option<web_sys::File>) {
        let ctx = *self;
        self.draft.update(|d| d.photo = None);
        self.errors.update(|e| e.photo = None);
        let Some(file) = file else { return };
        self.photo_busy.set(true);
        self.spawn(async move {
            let prepared = photo::prepare(file).await;
            ctx.photo_busy.set(false);
            match prepared {
                Ok(photo) => ctx.draft.update(|d| d.photo = Some(photo)),
                Err(problem) => ctx.errors.update(|e| {
                    e.photo = Some(match problem {
                        PhotoProblem::Type => Key::ReportErrPhotoType,
                        PhotoProblem::TooLarge => Key::ReportErrPhotoLarge,
                    })
                }),
            }
        });
    }

    pub fn remove_photo(&self) {
        self.draft.update(|d| d.photo = None);
        self.errors.update(|e| e.photo = None);
    }
}
