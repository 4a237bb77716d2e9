//! Sending: validated by `core`, kept in the outbox, sent once with the
//! form's idempotency key; the answers (thanks, offline, 429, refusals) and
//! the events for the host page.

use std::time::Duration;

use leptos::prelude::*;
use resq_core::ErrorCode;
use resq_core::api::FeedbackReceipt;
use wasm_bindgen::JsValue;

use super::{Ctx, Focus, dispatch, error_text};
use crate::api::Failure;
use crate::api::wire;
use crate::i18n::{Key, fill};
use crate::offline::{self, Pending};
use crate::state::{Draft, FieldErrors, Phase, Sending, Step};

impl Ctx {
    /// Send: validated by `core`, kept in the outbox, sent once.
    pub fn submit(&self) {
        if self.locked_untracked() {
            return; // a double click, or a submission already waiting
        }
        let Some(checked) = self.draft.with_untracked(Draft::submission) else {
            return;
        };
        let submission = match checked {
            Ok(submission) => submission,
            Err(error) => {
                self.errors.update(|e| e.set(Some(error.field), error.code));
                self.announce_error();
                return;
            }
        };
        let Some(body) = wire::submission_json(&submission) else {
            return;
        };
        // The form's key, unless this body differs from one already sent with
        // it (edited after a 5xx): the same key must mean the same request.
        let idempotency_key = self.local.with_value(|l| match &l.pending {
            Some(sent) if sent.body != body => None,
            _ => l.idempotency_key.clone(),
        });
        let pending = Pending {
            idempotency_key: idempotency_key.unwrap_or_else(offline::new_idempotency_key),
            body,
        };
        offline::save(&self.order_id(), &pending);
        self.send(pending);
    }

    pub(super) fn send(&self, pending: Pending) {
        let ctx = *self;
        let (client, order_id) = self
            .local
            .with_value(|l| (l.config.client.clone(), l.config.order_id.clone()));
        self.local.update_value(|l| {
            l.idempotency_key = Some(pending.idempotency_key.clone());
            l.pending = Some(pending.clone());
        });
        self.errors.set(FieldErrors::default());
        self.sending.set(Sending::InFlight);
        self.announce(String::from(self.text(Key::Sending)));
        self.spawn(async move {
            let result = client
                .submit(&order_id, &pending.idempotency_key, &pending.body)
                .await;
            ctx.answered(pending, result);
        });
    }

    /// The browser is back online: send what waits, once.
    pub fn online(&self) {
        if self.sending.try_get_untracked() != Some(Sending::SavedOffline) {
            return;
        }
        if let Some(pending) = self.local.with_value(|l| l.pending.clone()) {
            self.send(pending);
        }
    }

    fn answered(&self, pending: Pending, result: Result<FeedbackReceipt, Failure>) {
        let order_id = self.order_id();
        let failure = match result {
            Ok(receipt) => return self.thanks(receipt),
            Err(failure) => failure,
        };
        match &failure {
            Failure::Network => {
                self.sending.set(Sending::SavedOffline);
                self.announce(String::from(self.text(Key::SavedOffline)));
                return;
            }
            // Too many writes, or the server's storage is down (full,
            // read-only): nothing was stored; the submission stays in the
            // outbox and goes again, with its key, after `Retry-After`.
            Failure::Http {
                status: status @ (429 | 503),
                retry_after,
                ..
            } => {
                let notice = if *status == 429 {
                    Key::RetryIn
                } else {
                    Key::UnavailableRetryIn
                };
                return self.retry_later(pending, retry_after.unwrap_or(5).max(1), notice);
            }
            _ => {}
        }
        self.sending.set(Sending::Idle);
        match failure.code() {
            // Kept: nothing was stored, the customer may send it again.
            Some(ErrorCode::Internal) => {}
            // The order moved on (already given, closed, not open yet):
            // show its state as the server has it now.
            Some(
                ErrorCode::FeedbackAlreadySubmitted
                | ErrorCode::FeedbackClosed
                | ErrorCode::FeedbackNotOpen,
            )
            | None => {
                offline::clear(&order_id);
                self.local.update_value(|l| l.pending = None);
                self.focus.set_value(Some(Focus::Result));
                self.load();
            }
            // Refused: it changed nothing, so the next try is a new request.
            Some(_) => {
                offline::clear(&order_id);
                self.local.update_value(|l| {
                    l.pending = None;
                    l.idempotency_key = Some(offline::new_idempotency_key());
                });
            }
        }
        if let (Failure::Http { error, .. }, Some(code)) = (&failure, failure.code()) {
            let field = error.as_ref().and_then(|e| e.field.as_deref());
            self.errors.update(|e| e.set(field, code));
            if self.step.get_untracked() == Step::Rating && field.is_some() {
                self.step.set(Step::Details);
            }
        }
        let message = self.announce_error();
        self.emit_error(failure.code_str(), &message);
    }

    fn retry_later(&self, pending: Pending, seconds: u32, notice: Key) {
        self.sending.set(Sending::RetryIn(seconds, notice));
        let lang = self.lang.get_untracked();
        self.announce(fill(lang.text(notice), "seconds", &seconds.to_string()));
        let ctx = *self;
        let timer = set_timeout_with_handle(
            move || {
                if ctx.sending.try_get_untracked() == Some(Sending::RetryIn(seconds, notice)) {
                    ctx.send(pending);
                }
            },
            Duration::from_secs(seconds.into()),
        );
        if let Ok(timer) = timer {
            self.local
                .with_value(|l| l.owner.with(|| on_cleanup(move || timer.clear())));
        }
    }

    fn thanks(&self, receipt: FeedbackReceipt) {
        offline::clear(&self.order_id());
        self.local.update_value(|l| {
            l.pending = None;
            l.idempotency_key = None;
        });
        self.sending.set(Sending::Idle);
        let rating = receipt.feedback.rating;
        let lang = self.lang.get_untracked();
        let mut message = String::from(lang.text(Key::ThanksTitle));
        message.push(' ');
        message.push_str(lang.text(Key::ThanksText));
        self.announce(message);
        self.focus.set_value(Some(Focus::Result));
        self.phase.set(Phase::Thanks(receipt.feedback));
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"orderId".into(), &receipt.order_id.into());
        let _ = js_sys::Reflect::set(&detail, &"rating".into(), &rating.as_str().into());
        self.emit("resq-feedback:submitted", &detail);
    }

    /// Announces the first error and returns its text.
    fn announce_error(&self) -> String {
        let errors = self.errors.get_untracked();
        let text = errors
            .first()
            .map(|key| error_text(self.lang.get_untracked(), key))
            .unwrap_or_default();
        self.announce(text.clone());
        text
    }

    pub(super) fn emit_error(&self, code: &str, message: &str) {
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"code".into(), &code.into());
        let _ = js_sys::Reflect::set(&detail, &"message".into(), &message.into());
        self.emit("resq-feedback:error", &detail);
    }

    fn emit(&self, name: &str, detail: &JsValue) {
        if let Some(target) = self.local.with_value(|l| l.config.events.clone()) {
            dispatch(&target, name, detail);
        }
    }
}
