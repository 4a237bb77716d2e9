//! Sending: the report and replies, checked by `core`, kept in the outbox,
//! sent once with their idempotency keys; the answers; the photo upload;
//! the event for the host page.

use leptos::prelude::*;
use resq_core::ErrorCode;
use resq_core::report::validate_message;

use super::{Focus, REPLIES, REPORTS, ReportCtx, Waiting};
use crate::api::Failure;
use crate::controller::dispatch;
use crate::i18n::Key;
use crate::offline::{self, Pending};
use crate::report::state::{self, Draft, Errors, Sending};
use crate::report::wire::{self, ReportView};

impl ReportCtx {
    /// Send the report: checked by `core`, kept in the outbox, sent once.
    pub fn submit(&self) {
        if self.sending.get_untracked() != Sending::Idle || self.photo_busy.get_untracked() {
            return;
        }
        let (kind, description) = match self.draft.with_untracked(Draft::check) {
            Ok(checked) => checked,
            Err(errors) => {
                self.errors.set(errors);
                if let Some(key) = errors.first() {
                    self.announce(key);
                }
                return;
            }
        };
        let Some(body) = wire::create_json(kind, description.as_deref()) else {
            return;
        };
        let key = self.local.with_value(|l| l.report_key.clone());
        let pending = Pending {
            idempotency_key: key.unwrap_or_else(offline::new_idempotency_key),
            body,
        };
        REPORTS.save(&self.order_id(), &pending);
        self.send(Waiting::Report(pending));
    }

    /// Send a reply in the thread, kept in the outbox like the report.
    pub fn send_reply(&self) {
        if self.sending.get_untracked() != Sending::Idle {
            return;
        }
        let message = match validate_message(&self.reply.get_untracked()) {
            Ok(message) => message,
            Err(e) => {
                self.errors
                    .update(|errors| errors.set(Some(e.field), e.code));
                return self.announce(state::error_key(e.code));
            }
        };
        let Some(body) = wire::message_json(&message) else {
            return;
        };
        let pending = Pending {
            idempotency_key: offline::new_idempotency_key(),
            body,
        };
        REPLIES.save(&self.order_id(), &pending);
        self.send(Waiting::Reply(pending));
    }

    pub(super) fn send(&self, waiting: Waiting) {
        let ctx = *self;
        let (client, order_id) = (self.client(), self.order_id());
        self.local
            .update_value(|l| l.waiting = Some(waiting.clone()));
        self.errors.set(Errors::default());
        self.sending.set(Sending::InFlight);
        self.announce(Key::Sending);
        self.spawn(async move {
            let result = match &waiting {
                Waiting::Report(p) => {
                    client
                        .file_report(&order_id, &p.idempotency_key, &p.body)
                        .await
                }
                Waiting::Reply(p) => {
                    client
                        .reply_to_report(&order_id, &p.idempotency_key, &p.body)
                        .await
                }
            };
            ctx.answered(waiting, result);
        });
    }

    /// The browser is back online: send what waits, once.
    pub fn online(&self) {
        if self.sending.try_get_untracked() == Some(Sending::Offline) {
            if let Some(waiting) = self.local.with_value(|l| l.waiting.clone()) {
                self.send(waiting);
            }
        } else if self.local.with_value(|l| l.photo_waiting) {
            self.upload_photo();
        }
    }

    /// Sends what waits again after `seconds`, unless it was sent or
    /// replaced meanwhile (the customer pressed Send again).
    fn retry_later(&self, waiting: Waiting, seconds: u32) {
        let ctx = *self;
        let timer = set_timeout_with_handle(
            move || {
                let still_waiting = ctx
                    .local
                    .try_with_value(|l| l.waiting.is_some())
                    .unwrap_or(false);
                if still_waiting && ctx.sending.try_get_untracked() == Some(Sending::Idle) {
                    ctx.send(waiting);
                }
            },
            std::time::Duration::from_secs(seconds.into()),
        );
        if let Ok(timer) = timer {
            self.local
                .with_value(|l| l.owner.with(|| on_cleanup(move || timer.clear())));
        }
    }

    fn answered(&self, waiting: Waiting, result: Result<ReportView, Failure>) {
        let order_id = self.order_id();
        let outbox = match waiting {
            Waiting::Report(_) => REPORTS,
            Waiting::Reply(_) => REPLIES,
        };
        let failure = match result {
            Ok(view) => {
                outbox.clear(&order_id);
                self.local.update_value(|l| l.waiting = None);
                self.sending.set(Sending::Idle);
                self.focus.set_value(Some(Focus::Thread));
                if matches!(waiting, Waiting::Report(_)) {
                    self.local.update_value(|l| l.report_key = None);
                    self.announce(Key::ReportSent);
                    self.emit_submitted(&view);
                    self.show(view);
                    if self.draft.with_untracked(|d| d.photo.is_some()) {
                        self.upload_photo();
                    }
                } else {
                    self.reply.set(String::new());
                    self.announce(Key::ReportReplySent);
                    self.show(view);
                }
                return;
            }
            Err(failure) => failure,
        };
        if failure == Failure::Network {
            self.sending.set(Sending::Offline);
            return self.announce(Key::SavedOffline);
        }
        self.sending.set(Sending::Idle);
        match failure.code() {
            // Nothing was stored: kept, the customer may send it again; when
            // the server says when (429, 503), it goes again by itself then.
            Some(ErrorCode::StorageUnavailable | ErrorCode::Internal | ErrorCode::RateLimited) => {
                self.errors.update(|e| e.form = Some(Key::ErrUnavailable));
                if let Failure::Http {
                    status: 429 | 503,
                    retry_after,
                    ..
                } = failure
                {
                    self.retry_later(waiting, retry_after.unwrap_or(5).max(1));
                }
            }
            // The report moved on (one is open, reporting closed, resolved):
            // show it as the server has it now.
            Some(
                ErrorCode::ProblemReportAlreadyOpen
                | ErrorCode::ProblemReportClosed
                | ErrorCode::ProblemReportNotOpen
                | ErrorCode::ProblemReportResolved,
            )
            | None => {
                outbox.clear(&order_id);
                self.local.update_value(|l| l.waiting = None);
                self.focus.set_value(Some(Focus::Thread));
                self.load();
            }
            // Refused as it was: the next try is a new request.
            Some(code) => {
                outbox.clear(&order_id);
                self.local.update_value(|l| {
                    l.waiting = None;
                    l.report_key = Some(offline::new_idempotency_key());
                });
                let field = match &failure {
                    Failure::Http { error: Some(e), .. } => e.field.clone(),
                    _ => None,
                };
                self.errors.update(|e| e.set(field.as_deref(), code));
            }
        }
        if let Some(key) = self.errors.with_untracked(|e| e.first().or(e.reply)) {
            self.announce(key);
        }
    }

    /// Uploads the form's photo to the filed report, once per key.
    fn upload_photo(&self) {
        let Some(photo) = self.draft.with_untracked(|d| d.photo.clone()) else {
            return;
        };
        let ctx = *self;
        let (client, order_id) = (self.client(), self.order_id());
        let key = self.local.try_update_value(|l| {
            l.photo_waiting = false;
            l.photo_key
                .get_or_insert_with(offline::new_idempotency_key)
                .clone()
        });
        let Some(key) = key else { return };
        self.photo_busy.set(true);
        self.spawn(async move {
            let result = client.add_report_photo(&order_id, &key, &photo.bytes).await;
            ctx.photo_busy.set(false);
            match result {
                Ok(()) => {
                    ctx.local.update_value(|l| l.photo_key = None);
                    ctx.draft.update(|d| d.photo = None);
                    ctx.refresh();
                }
                Err(Failure::Network) => ctx.local.update_value(|l| l.photo_waiting = true),
                Err(failure) => {
                    ctx.local.update_value(|l| l.photo_key = None);
                    ctx.draft.update(|d| d.photo = None);
                    let key = failure
                        .code()
                        .map_or(Key::ReportErrPhotoFailed, state::error_key);
                    ctx.errors.update(|e| e.photo = Some(key));
                    ctx.announce(key);
                }
            }
        });
    }

    fn emit_submitted(&self, view: &ReportView) {
        let Some(target) = self.local.with_value(|l| l.config.events.clone()) else {
            return;
        };
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"orderId".into(), &self.order_id().into());
        if let Some(report) = &view.report {
            let _ = js_sys::Reflect::set(
                &detail,
                &"reportId".into(),
                &report.report_id.as_str().into(),
            );
            let _ = js_sys::Reflect::set(&detail, &"kind".into(), &report.kind.as_str().into());
        }
        dispatch(&target, "resq-problem-report:submitted", &detail);
    }
}
